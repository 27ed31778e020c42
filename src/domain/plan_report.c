/*
 * plan_report.c - the follow-up report of an action plan as a document
 * model, and the one place that turns it into a file.
 *
 * The report reads the plan's areas and activities once (two queries) and
 * writes finished text into the model: words are translated here, an
 * activity's purpose goes in through markdown_doc(), so raw HTML in it is
 * only ever text. The grid rows follow the areas' order and, within an
 * area, the activities' order, as the sections below it do.
 */
#include "domain/plan_report.h"

#include <inttypes.h>
#include <stdbool.h>
#include <string.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/err.h"
#include "core/html.h"
#include "domain/activity.h"
#include "domain/plan.h"
#include "io/doc.h"
#include "io/markdown.h"

static const char *const format_names[PLAN_REPORT_FORMATS] = { "html", "md", "docx" };

int plan_report_format_parse(const char *s)
{
	for (int i = 0; s && i < PLAN_REPORT_FORMATS; i++)
		if (!strcmp(s, format_names[i]))
			return i;
	return -1;
}

/* The plan's activities in report order. */
static int read_activities(struct db *db, struct arena *a, const struct plan *plan, struct activity **out, size_t *n,
			   struct err *e)
{
	struct activity_filter f;
	activity_filter_init(&f);
	f.plan_id = plan->id;
	f.limit = 10000;
	return activity_list(db, a, &f, out, n, NULL, e);
}

/* The quarter grid; @caption names it when no heading above does. */
static void grid(struct doc *d, enum lang lang, const struct plan *plan, const struct activity *list, size_t n,
		 bool caption)
{
	struct doc_grid_row *rows = arena_calloc(d->arena, n ? n : 1, sizeof(*rows));
	struct doc_grid_words w = { 0 };

	w.caption = caption ? arena_printf(d->arena, "%s %" PRId64, tr(lang, "Action plan"), plan->year) : NULL;
	w.group = arena_printf(d->arena, "%" PRId64, plan->year);
	w.label = tr(lang, "Activity");
	w.quarter[0] = tr(lang, "Quarter 1");
	w.quarter[1] = tr(lang, "Quarter 2");
	w.quarter[2] = tr(lang, "Quarter 3");
	w.quarter[3] = tr(lang, "Quarter 4");
	w.mark = tr(lang, "Planned");
	for (size_t i = 0; i < n; i++) {
		rows[i].group = list[i].area_name;
		rows[i].label = list[i].title;
		rows[i].quarters = list[i].quarters;
	}
	doc_quarter_grid(d, &w, rows, n);
}

static const char *report_title(struct arena *a, enum lang lang, const struct plan *plan)
{
	return arena_printf(a, "%s %s %" PRId64, tr(lang, "Follow-up of action plan"), plan_display_title(plan),
			    plan->year);
}

int plan_report_grid(struct db *db, struct arena *a, enum lang lang, const struct plan *plan, struct doc **out,
		     struct err *e)
{
	struct activity *list;
	size_t n;
	int rc = read_activities(db, a, plan, &list, &n, e);

	if (rc)
		return rc;
	*out = doc_new(a, lang, report_title(a, lang, plan));
	grid(*out, lang, plan, list, n, true);
	return 0;
}

int plan_report_build(struct db *db, struct arena *a, enum lang lang, const struct plan *plan, struct doc **out,
		      struct err *e)
{
	struct plan_area *areas;
	struct activity *list;
	size_t n_areas, n;
	struct doc *d;
	int rc;

	if ((rc = plan_areas(db, a, plan, &areas, &n_areas, e)) || (rc = read_activities(db, a, plan, &list, &n, e)))
		return rc;
	d = doc_new(a, lang, report_title(a, lang, plan));
	doc_heading(d, 1, arena_printf(a, "%s %" PRId64, tr(lang, "Action plan"), plan->year));
	grid(d, lang, plan, list, n, false);
	for (size_t k = 0; k < n_areas; k++) {
		doc_heading(d, 1, areas[k].name);
		for (size_t i = 0; i < n; i++) {
			struct doc_para *p;
			if (list[i].area_id != areas[k].id)
				continue;
			doc_heading(d, 2, list[i].title);
			markdown_doc(d, list[i].purpose);
			p = doc_paragraph(d);
			doc_run(p, DOC_STRONG, tr(lang, "Status:"));
			doc_run(p, DOC_PLAIN, " ");
			doc_run(p, DOC_PLAIN, tr(lang, activity_status_label(list[i].status)));
			doc_run(p, DOC_PLAIN, ".");
			if (list[i].status_comment && *list[i].status_comment) {
				doc_run(p, DOC_PLAIN, " ");
				doc_run(p, DOC_PLAIN, list[i].status_comment);
			}
		}
	}
	*out = d;
	return 0;
}

int plan_report_render(struct arena *a, const struct doc *d, enum plan_report_format format, const char **data,
		       size_t *len, const char **mime, struct err *e)
{
	switch (format) {
	case PLAN_REPORT_HTML: {
		struct html h;
		html_init(&h, a, d->lang);
		doc_html_standalone(&h, d);
		*data = h.b.data;
		*len = h.b.len;
		*mime = DOC_MIME_HTML;
		return 0;
	}
	case PLAN_REPORT_MD: {
		struct buf b;
		buf_init(&b, a);
		doc_markdown(&b, d);
		*data = b.data;
		*len = b.len;
		*mime = DOC_MIME_MD;
		return 0;
	}
	case PLAN_REPORT_DOCX:
		*mime = DOC_MIME_DOCX;
		return doc_docx(a, d, data, len, e);
	default:
		return err_set(e, ERR_INVALID, "format", N_("The format is html, md or docx."));
	}
}

const char *plan_report_filename(struct arena *a, const struct plan *plan, enum plan_report_format format)
{
	return arena_printf(a, "uppfoljning-handlingsplan-%" PRId64 "-%" PRId64 ".%s", plan->year, plan->id,
			    format_names[format < PLAN_REPORT_FORMATS ? format : 0]);
}
