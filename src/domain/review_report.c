/*
 * review_report.c - the management review as a document model.
 *
 * The report reads the review's texts, its priorities, the earlier
 * reviews' priorities (or what approval froze of them), the DPO's
 * recommendations and the key figures, and writes finished text into the
 * model: words are translated here, the texts people wrote go in through
 * markdown_doc(), so raw HTML in them is only ever text.
 */
#include "domain/review_report.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "core/arena.h"
#include "core/err.h"
#include "core/str.h"
#include "domain/activity.h"
#include "domain/figures.h"
#include "domain/incident.h"
#include "domain/maturity.h"
#include "domain/review.h"
#include "domain/unit.h"
#include "io/doc.h"
#include "io/markdown.h"

/* The date a year before @d ("YYYY-MM-DD"); 29 February becomes the 28th. */
static const char *year_before(struct arena *a, const char *d)
{
	int y = 0, m = 0, day = 0;
	if (sscanf(d, "%4d-%2d-%2d", &y, &m, &day) != 3)
		return d;
	if (m == 2 && day == 29)
		day = 28;
	return arena_printf(a, "%04d-%02d-%02d", y - 1, m, day);
}

static void section(struct doc *d, enum lang lang, int level, const struct review_text *t, size_t nt, const char *key)
{
	const struct review_section *s = review_section_find(key);
	const char *body = review_text(t, nt, key);

	doc_heading(d, level,
		    *s->number ? arena_printf(d->arena, "%s %s", s->number, tr(lang, s->heading))
			       : tr(lang, s->heading));
	if (body && *body)
		markdown_doc(d, body);
}

/* The earlier reviews' actions: as frozen for an approved review, else live from their activities. */
static int earlier_actions(struct db *db, struct arena *a, enum lang lang, struct doc *d, const struct review *r,
			   const struct review_frozen_row *frozen, size_t nf, struct err *e)
{
	static const unsigned widths[] = { 1, 5, 2, 3 };
	struct doc_table *t = doc_table(d, 4, widths, tr(lang, "Actions decided in earlier management reviews"));
	struct review_priority *p = NULL;
	size_t np = 0;
	bool approved = !strcmp(r->status, "approved");
	int rc;

	doc_cell_text(t, &t->head, 0, tr(lang, "Year"));
	doc_cell_text(t, &t->head, 1, tr(lang, "Prioritised action"));
	doc_cell_text(t, &t->head, 2, tr(lang, "Status"));
	doc_cell_text(t, &t->head, 3, tr(lang, "Comment"));
	if (approved) {
		for (size_t i = 0; i < nf; i++) {
			struct doc_row *row;
			if (strcmp(frozen[i].kind, "action"))
				continue;
			row = doc_row(d, t);
			doc_cell_text(t, row, 0, arena_printf(a, "%" PRId64, frozen[i].year));
			doc_cell_text(t, row, 1, frozen[i].text);
			doc_cell_text(t, row, 2, frozen[i].status);
			doc_cell_text(t, row, 3, frozen[i].comment);
		}
		return 0;
	}
	if ((rc = q_review_earlier_priorities(db, a, r->unit_id, r->year, &p, &np, e)))
		return rc;
	for (size_t i = 0; i < np; i++) {
		struct doc_row *row = doc_row(d, t);
		doc_cell_text(t, row, 0, arena_printf(a, "%" PRId64, p[i].year));
		doc_cell_text(t, row, 1, p[i].text);
		doc_cell_text(t, row, 2,
			      p[i].activity_status ? tr(lang, activity_status_label(p[i].activity_status))
						   : tr(lang, "No activity"));
		doc_cell_text(t, row, 3, p[i].activity_comment);
	}
	return 0;
}

/* The key figures at the review's date and a year before it. */
static int key_figures_table(struct db *db, struct arena *a, enum lang lang, struct doc *d, const struct review *r,
			     struct err *e)
{
	static const unsigned widths[] = { 5, 2, 2 };
	char today[FIGURES_DATE_LEN];
	const char *now;
	struct key_figure_set then_set, now_set, sets[2];
	const char *dates[2];
	struct doc_table *t;
	struct unit u;
	int rc;

	figures_today(today);
	now = r->approved_on && *r->approved_on ? r->approved_on : today;
	dates[0] = year_before(a, now);
	dates[1] = now;
	if ((rc = unit_get(db, a, r->unit_id, &u, e)) || (rc = figures_key_grid(db, a, &u, &u, 1, dates, 2, sets, e)))
		return rc;
	then_set = sets[0];
	now_set = sets[1];
	t = doc_table(d, 3, widths, tr(lang, "Key figures"));
	doc_cell_text(t, &t->head, 0, tr(lang, "Figures"));
	doc_cell_text(t, &t->head, 1,
		      then_set.before_data ? arena_printf(a, "%s (%s)", then_set.date, tr(lang, "before any data"))
					   : then_set.date);
	doc_cell_text(t, &t->head, 2, now_set.date);
	for (size_t i = 0; i < KEY_FIGURES; i++) {
		struct doc_row *row = doc_row(d, t);
		doc_cell_text(t, row, 0, tr(lang, key_figures[i].label));
		doc_cell_text(t, row, 1, key_figure_text(a, lang, &then_set.v[i]));
		doc_cell_text(t, row, 2, key_figure_text(a, lang, &now_set.v[i]));
	}
	return 0;
}

/* The incidents of the year the review looks back on (the year before its own), in the unit's subtree. */
static int incidents_table(struct db *db, struct arena *a, enum lang lang, struct doc *d, const struct review *r,
			   struct err *e)
{
	static const unsigned widths[] = { 2, 6, 2 };
	struct incident_filter f;
	struct incident *list;
	struct doc_table *t;
	int64_t total = 0;
	size_t n;
	int rc;

	incident_filter_init(&f);
	f.unit_id = r->unit_id;
	f.state = "incident";
	f.from = arena_printf(a, "%" PRId64 "-01-01", r->year - 1);
	f.to = arena_printf(a, "%" PRId64 "-12-31", r->year - 1);
	f.limit = 500;
	if ((rc = incident_list(db, a, &f, &list, &n, &total, e)))
		return rc;
	doc_text(d, arena_printf(a, "%s %" PRId64 ": %" PRId64, tr(lang, "Incidents"), r->year - 1, total));
	if (!n)
		return 0;
	t = doc_table(d, 3, widths, tr(lang, "Incidents of the year"));
	doc_cell_text(t, &t->head, 0, tr(lang, "Reference"));
	doc_cell_text(t, &t->head, 1, tr(lang, "Title"));
	doc_cell_text(t, &t->head, 2, tr(lang, "Status"));
	for (size_t i = 0; i < n; i++) {
		struct doc_row *row = doc_row(d, t);
		doc_cell_text(t, row, 0, incident_ref(a, list[i].id));
		doc_cell_text(t, row, 1, list[i].title);
		doc_cell_text(t, row, 2,
			      tr(lang, incident_label(incident_statuses, incident_status_labels, INCIDENT_STATUS_COUNT,
						      list[i].status)));
	}
	return 0;
}

/* The rows of section @kind ("ic" or "audit"): as frozen for an approved review, else live. */
static int section_rows(struct db *db, struct arena *a, enum lang lang, const struct review *r, const char *kind,
			const struct review_frozen_row *frozen, size_t nf, struct review_frozen_row **out, size_t *n,
			struct err *e)
{
	if (strcmp(r->status, "approved"))
		return review_section_rows(db, a, lang, r, kind, out, n, e);
	*out = arena_calloc(a, nf ? nf : 1, sizeof(**out));
	*n = 0;
	for (size_t i = 0; i < nf; i++)
		if (!strcmp(frozen[i].kind, kind))
			(*out)[(*n)++] = frozen[i];
	return 0;
}

/* The internal control of the year under review: each control point of the subtree's plans with its results and deviations. */
static int intcontrol_table(struct db *db, struct arena *a, enum lang lang, struct doc *d, const struct review *r,
			    const struct review_frozen_row *frozen, size_t nf, struct err *e)
{
	static const unsigned widths[] = { 3, 5, 2, 2 };
	struct review_frozen_row *rows;
	struct doc_table *t;
	size_t n;
	int rc;

	if ((rc = section_rows(db, a, lang, r, "ic", frozen, nf, &rows, &n, e)))
		return rc;
	if (!n) {
		doc_text(d,
			 arena_printf(a, "%s %" PRId64 ".", tr(lang, "No control points in Tillit for"), r->year - 1));
		return 0;
	}
	t = doc_table(d, 4, widths, arena_printf(a, "%s %" PRId64, tr(lang, "Internal control"), r->year - 1));
	doc_cell_text(t, &t->head, 0, tr(lang, "Unit"));
	doc_cell_text(t, &t->head, 1, tr(lang, "Control point"));
	doc_cell_text(t, &t->head, 2, tr(lang, "Results reported"));
	doc_cell_text(t, &t->head, 3, tr(lang, "Deviations (open)"));
	for (size_t i = 0; i < n; i++) {
		struct doc_row *row = doc_row(d, t);
		doc_cell_text(t, row, 0, rows[i].label);
		doc_cell_text(t, row, 1, rows[i].text);
		doc_cell_text(t, row, 2, rows[i].status);
		doc_cell_text(t, row, 3, rows[i].comment);
	}
	return 0;
}

/* The audits' open recommendations to the subtree's boards, with how far their measures have come. */
static int audit_table(struct db *db, struct arena *a, enum lang lang, struct doc *d, const struct review *r,
		       const struct review_frozen_row *frozen, size_t nf, struct err *e)
{
	static const unsigned widths[] = { 3, 5, 3 };
	struct review_frozen_row *rows;
	struct doc_table *t;
	size_t n;
	int rc;

	if ((rc = section_rows(db, a, lang, r, "audit", frozen, nf, &rows, &n, e)))
		return rc;
	if (!n) {
		doc_text(d, tr(lang, "No open audit recommendations in Tillit."));
		return 0;
	}
	t = doc_table(d, 3, widths, tr(lang, "Open audit recommendations"));
	doc_cell_text(t, &t->head, 0, tr(lang, "Audit"));
	doc_cell_text(t, &t->head, 1, tr(lang, "Recommendation"));
	doc_cell_text(t, &t->head, 2, tr(lang, "Actions"));
	for (size_t i = 0; i < n; i++) {
		struct doc_row *row = doc_row(d, t);
		doc_cell_text(t, row, 0, rows[i].label);
		doc_cell_text(t, row, 1, rows[i].text);
		doc_cell_text(t, row, 2, rows[i].status);
	}
	return 0;
}

/* The DPO's recommendations with their follow-up: as frozen, or live. */
static int dpo_list(struct db *db, struct arena *a, enum lang lang, struct doc *d, const struct review *r,
		    const struct review_frozen_row *frozen, size_t nf, struct err *e)
{
	struct dpo_recommendation *rec;
	struct doc_block *list = NULL;
	size_t n;
	int rc;

	if (!strcmp(r->status, "approved")) {
		for (size_t i = 0; i < nf; i++) {
			struct doc_para *p;
			if (strcmp(frozen[i].kind, "dpo"))
				continue;
			if (!list)
				list = doc_list(d, true);
			p = doc_item(d, list);
			doc_run(p, DOC_PLAIN, frozen[i].text);
			doc_run(p, DOC_EM,
				arena_printf(a, "\n%s: %s. %s", tr(lang, "Follow-up"), frozen[i].status,
					     frozen[i].comment ? frozen[i].comment : ""));
		}
		return 0;
	}
	if ((rc = dpo_for_review(db, a, r->unit_id, r->year, &rec, &n, e)))
		return rc;
	if (n)
		list = doc_list(d, true);
	for (size_t i = 0; i < n; i++) {
		struct doc_para *p = doc_item(d, list);
		doc_run(p, DOC_PLAIN, rec[i].text);
		doc_run(p, DOC_EM,
			arena_printf(a, "\n%s: %s. %s", tr(lang, "Follow-up"),
				     tr(lang, review_status_label(rec[i].status)), rec[i].followup));
	}
	return 0;
}

int review_report_build(struct db *db, struct arena *a, enum lang lang, const struct review *r, struct doc **out,
			struct err *e)
{
	struct review_text *t;
	struct review_priority *p;
	struct review_frozen_row *frozen;
	size_t nt, np, nf;
	struct unit org;
	struct doc *d;
	struct doc_para *para;
	bool approved = !strcmp(r->status, "approved");
	int rc;

	if ((rc = q_review_texts(db, a, r->id, &t, &nt, e)) || (rc = q_review_priorities(db, a, r->id, &p, &np, e)) ||
	    (rc = q_review_frozen(db, a, r->id, &frozen, &nf, e)) ||
	    (rc = unit_get(db, a, unit_org_of(r->unit_path), &org, e)))
		return rc;
	d = doc_new(a, lang,
		    arena_printf(a, "%s %s %" PRId64, tr(lang, "Management review"), tr(lang, "year"), r->year));

	/* The title block. */
	doc_text(d, org.name);
	para = doc_paragraph(d);
	doc_run(para, DOC_STRONG, r->unit_name);
	para = doc_paragraph(d);
	if (approved)
		doc_run(para, DOC_PLAIN, arena_printf(a, "%s %s", tr(lang, "Decided"), r->approved_on));
	else
		doc_run(para, DOC_EM,
			arena_printf(a, "%s, %s %" PRId64, tr(lang, "Draft, not approved"), tr(lang, "version"),
				     r->version_no));
	doc_text(d, arena_printf(a, "%s: %s", tr(lang, "Dnr"), r->case_ref && *r->case_ref ? r->case_ref : "–"));
	doc_text(d,
		 arena_printf(a, "%s: %s", tr(lang, "Contact person"), r->contact && *r->contact ? r->contact : "–"));

	section(d, lang, 1, t, nt, "background");
	doc_toc(d, tr(lang, "Table of contents"));

	section(d, lang, 1, t, nt, "status");
	if ((rc = earlier_actions(db, a, lang, d, r, frozen, nf, e)) || (rc = key_figures_table(db, a, lang, d, r, e)))
		return rc;
	section(d, lang, 1, t, nt, "isms");
	section(d, lang, 1, t, nt, "factors");
	section(d, lang, 2, t, nt, "factor_law");
	section(d, lang, 2, t, nt, "factor_transfer");
	section(d, lang, 2, t, nt, "factor_budget");
	section(d, lang, 2, t, nt, "factor_control");
	section(d, lang, 2, t, nt, "factor_rsa");
	section(d, lang, 1, t, nt, "results");
	section(d, lang, 2, t, nt, "control_plan");
	if ((rc = intcontrol_table(db, a, lang, d, r, frozen, nf, e)))
		return rc;
	section(d, lang, 2, t, nt, "audit");
	if ((rc = audit_table(db, a, lang, d, r, frozen, nf, e)))
		return rc;
	section(d, lang, 2, t, nt, "dpo");
	if ((rc = dpo_list(db, a, lang, d, r, frozen, nf, e)))
		return rc;
	doc_heading(d, 2, arena_printf(a, "4.4 %s", tr(lang, "Incidents of the year")));
	if ((rc = incidents_table(db, a, lang, d, r, e)))
		return rc;
	section(d, lang, 1, t, nt, "improvement");

	doc_heading(d, 2, arena_printf(a, "5.1 %s", tr(lang, "Prioritised actions")));
	for (int64_t k = 0; k < REVIEW_PRIORITY_YEARS; k++) {
		int64_t year = r->year + k;
		struct doc_block *list = NULL;

		doc_heading(d, 3, arena_printf(a, "5.1.%" PRId64 " %" PRId64, k + 1, year));
		for (size_t i = 0; i < np; i++) {
			if (p[i].year != year)
				continue;
			if (!list) {
				doc_text(d, tr(lang, "During the year the unit will focus on:"));
				list = doc_list(d, false);
			}
			doc_item_text(d, list, p[i].text);
		}
		if (!list)
			doc_text(d, tr(lang, "No actions prioritised for this year."));
	}

	para = doc_paragraph(d);
	if (approved)
		doc_run(para, DOC_EM,
			arena_printf(a, "%s %s\n%s", tr(lang, "Adopted by"), r->approved_by, r->approved_on));
	else
		doc_run(para, DOC_EM, tr(lang, "Draft, not approved"));
	*out = d;
	return 0;
}

const char *review_report_filename(struct arena *a, const struct review *r, const char *ext)
{
	return arena_printf(a, "ledningens-genomgang-%" PRId64 "-%" PRId64 "-v%" PRId64 ".%s", r->year, r->unit_id,
			    r->version_no, ext);
}
