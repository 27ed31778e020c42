/*
 * plan_report.h - the follow-up report of an action plan ("Uppföljning
 * Handlingsplan <organisation> <year>"), built as a document model
 * (io/doc.h) in the shape of the municipal follow-ups it replaces: the
 * title, "Handlingsplan <year>" with the quarter grid of every area's
 * activities, then each area with each activity's purpose and its
 * "Status: <status>. <comment>" paragraph, with the live statuses.
 *
 * One model, every format: the plan page, the API and `tillit report
 * action-plan` all go through plan_report_render().
 */
#ifndef TILLIT_DOMAIN_PLAN_REPORT_H
#define TILLIT_DOMAIN_PLAN_REPORT_H

#include <stddef.h>

#include "core/i18n.h"
#include "db/q_plan.h"

struct arena;
struct db;
struct doc;
struct err;

/** The report formats, by the name a user gives them. */
enum plan_report_format { PLAN_REPORT_HTML, PLAN_REPORT_MD, PLAN_REPORT_DOCX, PLAN_REPORT_FORMATS };

/** "html", "md" or "docx" as a format; -1 when it is none of them. */
int plan_report_format_parse(const char *s);

/**
 * The follow-up report of @plan in @lang: read its areas and activities
 * and build the model. The document lives in @a.
 */
int plan_report_build(struct db *db, struct arena *a, enum lang lang, const struct plan *plan, struct doc **out,
		      struct err *e);

/**
 * Only the quarter grid of @plan (for the plan page), its words in @lang.
 * The document lives in @a.
 */
int plan_report_grid(struct db *db, struct arena *a, enum lang lang, const struct plan *plan, struct doc **out,
		     struct err *e);

/**
 * @d as a file in @format: a standalone HTML file with its print styles,
 * Markdown, or DOCX. *data and *len in @a; *mime its Content-Type.
 */
int plan_report_render(struct arena *a, const struct doc *d, enum plan_report_format format, const char **data,
		       size_t *len, const char **mime, struct err *e);

/** The file name of @plan's report in @format: "uppfoljning-handlingsplan-2022-12.docx". In @a. */
const char *plan_report_filename(struct arena *a, const struct plan *plan, enum plan_report_format format);

#endif
