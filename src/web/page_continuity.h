/*
 * page_continuity.h - continuity plans and exercises in the browser
 * (page_continuity.c).
 *
 * Pages about one plan are scoped by continuity_scope (its unit and its
 * owner, so the owner may edit it: ACCESS_OWN), about one exercise by
 * exercise_scope (its unit).
 */
#ifndef TILLIT_WEB_PAGE_CONTINUITY_H
#define TILLIT_WEB_PAGE_CONTINUITY_H

#include "http/req.h"

/** GET /continuity: plans with their flags, filters, exports, and business-critical assets without a plan. */
int page_continuity(struct req *r);
/** GET /continuity/export.xlsx, .csv, .docx and /continuity/report (printable): the list's filters. */
int page_continuity_export_xlsx(struct req *r);
int page_continuity_export_csv(struct req *r);
int page_continuity_export_docx(struct req *r);
int page_continuity_report(struct req *r);
/** GET /continuity/new (?asset_id preselects the asset); POST /continuity */
int page_continuity_new(struct req *r);
int page_continuity_create(struct req *r);
/** GET /continuity/:id: the plan, its fallback routines, its dependencies from the asset graph, its exercises. */
int page_continuity_plan(struct req *r);
/** GET, POST /continuity/:id/edit */
int page_continuity_edit(struct req *r);
int page_continuity_update(struct req *r);

/** GET /exercises; GET /exercises/new, POST /exercises; GET /exercises/:id; GET, POST /exercises/:id/edit */
int page_exercises(struct req *r);
int page_exercise_new(struct req *r);
int page_exercise_create(struct req *r);
int page_exercise(struct req *r);
int page_exercise_activity_add(struct req *r);
int page_exercise_edit(struct req *r);
int page_exercise_update(struct req *r);

#endif
