/*
 * response_report.c - the document of a response to an audit (see
 * response_report.h). Words are translated here; texts people wrote in
 * Markdown (the summary, the actions taken) go in through markdown_doc(),
 * so raw HTML in them is only ever text.
 */
#include "domain/response_report.h"

#include <inttypes.h>
#include <string.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/err.h"
#include "core/str.h"
#include "domain/response.h"
#include "io/doc.h"
#include "io/markdown.h"

/* A label in bold, then its value, as the heading block of the seed. */
static void labelled(struct doc *d, enum lang lang, const char *label, const char *value)
{
	struct doc_para *p;
	if (!value || !*value)
		return;
	p = doc_paragraph(d);
	doc_run(p, DOC_STRONG, tr(lang, label));
	doc_run(p, DOC_PLAIN, " ");
	doc_run(p, DOC_PLAIN, value);
}

/* Has @m gone to a unit outside the responding board? */
static bool handed_away(const struct measure *m, const struct audit_response *s)
{
	return m->handed_to && !str_starts(m->unit_path, s->unit_path);
}

static const char *comment_of(struct arena *a, enum lang lang, const struct measure *m, const struct audit_response *s)
{
	struct buf b;
	buf_init(&b, a);
	if (handed_away(m, s))
		buf_addf(&b, "%s %s.", tr(lang, "The assignment has passed to"), m->unit_name);
	if (m->comment && *m->comment)
		buf_addf(&b, "%s%s", b.len ? " " : "", m->comment);
	if (m->case_ref && *m->case_ref)
		buf_addf(&b, "%s%s %s", b.len ? " " : "", tr(lang, "Case"), m->case_ref);
	return b.len ? b.data : "";
}

static void measures_table(struct doc *d, enum lang lang, const struct audit_response *s, const struct measure *ms,
			   size_t n)
{
	static const unsigned widths[5] = { 10, 3, 3, 3, 7 };
	struct doc_table *t = doc_table(d, 5, widths, tr(lang, "Summary of the measures described in the response"));

	doc_cell_text(t, &t->head, 0, tr(lang, "Measure"));
	for (size_t k = 0; k < MEASURE_STATUS_COUNT; k++)
		doc_cell_text(t, &t->head, k + 1, tr(lang, measure_status_labels[k]));
	doc_cell_text(t, &t->head, 4, tr(lang, "Comment"));
	t->n_row_heads = 1;
	for (size_t i = 0; i < n; i++) {
		struct doc_row *row = doc_row(d, t);
		doc_cell_text(t, row, 0, ms[i].title);
		for (size_t k = 0; k < MEASURE_STATUS_COUNT; k++) {
			bool mark = !handed_away(&ms[i], s) && !strcmp(ms[i].status, measure_statuses[k]);
			doc_cell_text(t, row, k + 1, mark ? "X" : "");
		}
		doc_cell_text(t, row, 4, comment_of(d->arena, lang, &ms[i], s));
	}
}

static void area_section(struct doc *d, enum lang lang, const struct audit_response *s, const struct action_area *x)
{
	doc_heading(d, 2, arena_printf(d->arena, "%s %" PRId64, tr(lang, "Action area"), x->number));
	doc_text(d, x->heading);
	if (x->rec_numbers && *x->rec_numbers) {
		struct doc_para *p = doc_paragraph(d);
		doc_run(p, DOC_EM, arena_printf(d->arena, "%s %s", tr(lang, "Answers recommendation"), x->rec_numbers));
	}
	if (x->decided_action && *x->decided_action) {
		doc_heading(d, 3, tr(lang, s->supplements_id ? "Previously decided action" : "Decided action"));
		markdown_doc(d, x->decided_action);
	}
	if (x->expected_effect && *x->expected_effect) {
		doc_heading(d, 3, tr(lang, "Expected effect"));
		markdown_doc(d, x->expected_effect);
	}
	if (x->actions_taken && *x->actions_taken) {
		doc_heading(d, 3, tr(lang, "Actions taken so far"));
		markdown_doc(d, x->actions_taken);
	}
}

int response_report_build(struct db *db, struct arena *a, enum lang lang, const struct audit_response *s,
			  struct doc **out, struct err *e)
{
	struct action_area *areas;
	struct measure *ms;
	size_t n_areas, n_ms;
	struct doc *d;
	int rc;

	if ((rc = area_list(db, a, s->id, &areas, &n_areas, e)) ||
	    (rc = measure_of_response(db, a, s->id, &ms, &n_ms, e)))
		return rc;
	d = doc_new(a, lang, s->title);
	labelled(d, lang, N_("Date"), s->response_date);
	labelled(d, lang, N_("Address"), s->address);
	labelled(d, lang, N_("Case reference"), s->case_ref);
	doc_heading(d, 1, tr(lang, "Audit response"));
	labelled(d, lang, N_("To"), s->addressee);
	doc_heading(d, 1, s->title);
	if (s->summary && *s->summary) {
		doc_heading(d, 2, tr(lang, "Summary"));
		markdown_doc(d, s->summary);
	}
	if (n_ms)
		measures_table(d, lang, s, ms, n_ms);
	if (n_areas) {
		doc_page_break(d);
		doc_heading(d, 1, tr(lang, "Audit response"));
		for (size_t i = 0; i < n_areas; i++)
			area_section(d, lang, s, &areas[i]);
	}
	if (!strcmp(s->status, "approved")) {
		struct doc_para *p = doc_paragraph(d);
		doc_run(p, DOC_STRONG, tr(lang, "Approved by"));
		doc_run(p, DOC_PLAIN, arena_printf(a, " %s, %s", s->approved_by, s->approved_on));
	} else {
		struct doc_para *p = doc_paragraph(d);
		doc_run(p, DOC_EM, tr(lang, "Draft: not yet approved."));
	}
	*out = d;
	return 0;
}

const char *response_report_filename(struct arena *a, const struct audit_response *s, const char *ext)
{
	return arena_printf(a, "yttrande-%s-%" PRId64 ".%s", s->response_date, s->id, ext);
}
