/*
 * page_plans.h - action plans, their activities and the annual wheel in
 * the browser (page_plans.c, page_activities.c, page_wheel.c).
 */
#ifndef TILLIT_WEB_PAGE_PLANS_H
#define TILLIT_WEB_PAGE_PLANS_H

#include <stdbool.h>

#include "core/html.h"
#include "domain/activity.h"
#include "domain/plan.h"
#include "http/req.h"

/* page_plans.c */
int page_plans(struct req *r);
int page_plans_export(struct req *r);
int page_plan_new(struct req *r);
int page_plan_create(struct req *r);
int page_plan(struct req *r);
int page_plan_edit(struct req *r);
int page_plan_update(struct req *r);
int page_plan_area_add(struct req *r);
int page_plan_area_update(struct req *r);
int page_plan_carry(struct req *r);
int page_plan_report_html(struct req *r);
int page_plan_report_md(struct req *r);
int page_plan_report_docx(struct req *r);

/** "Handlingsplan 2022 – Ekdala kommun", in r->arena. */
const char *plan_page_title(struct req *r, const struct plan *p);
/** The header row of a table of activities (with the plan and area columns when @with_plan). */
void plan_activity_head(struct html *h, bool with_plan);
/** One activity as a row of that table; flagged when overdue on @today. */
void plan_activity_row(struct html *h, struct req *r, const struct activity *ac, const char *today, bool with_plan);

/* page_activities.c */
int page_activities(struct req *r);
int page_activities_export(struct req *r);
int page_activity(struct req *r);
int page_activity_new(struct req *r);
int page_activity_create(struct req *r);
int page_activity_edit(struct req *r);
int page_activity_update(struct req *r);
int page_activity_link_add(struct req *r);
int page_activity_link_delete(struct req *r);
int page_activity_carry(struct req *r);
/** /actions, /actions/:id[/edit]: the addresses of earlier versions, moved to /activities. */
int page_actions_moved(struct req *r);

/* page_wheel.c */
int page_wheel(struct req *r);
int page_wheel_generate(struct req *r);
int page_wheel_occurrences(struct req *r);
int page_wheel_export(struct req *r);
int page_wheel_item(struct req *r);
int page_wheel_item_new(struct req *r);
int page_wheel_item_create(struct req *r);
int page_wheel_item_edit(struct req *r);
int page_wheel_item_update(struct req *r);
int page_wheel_item_generate(struct req *r);
int page_wheel_occurrence_update(struct req *r);
int page_account_calendar(struct req *r);
int page_account_calendar_revoke(struct req *r);
/** The calendar feeds: with ?key=, the secret of the user whose view they show (ACCESS_PUBLIC routes). */
int page_calendar_me(struct req *r);
int page_calendar_unit(struct req *r);

struct db;
/** The account page's section on the calendar feeds and their secret; @new_key the one just made, or NULL. */
void wheel_account_section(struct html *h, struct req *r, struct db *db, const char *new_key);

#endif
