/*
 * intcontrol_report.c - the internal control plan and its yearly report as
 * a document model, and the one place that turns them into files.
 *
 * The year is read once (intcontrol_year_read()); the model gets finished
 * text, translated here. The XLSX file holds the same rows as the model's
 * main table: a row per control point for the plan, a row per reported
 * period for the report.
 */
#include "domain/intcontrol_report.h"

#include <inttypes.h>
#include <string.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/err.h"
#include "core/html.h"
#include "io/doc.h"
#include "io/xlsxwrite.h"

static const char *const document_names[IC_DOCUMENTS] = { "plan", "report" };
static const char *const format_names[IC_FORMATS] = { "html", "md", "docx", "xlsx" };

int intcontrol_document_parse(const char *s)
{
	for (int i = 0; s && i < IC_DOCUMENTS; i++)
		if (!strcmp(s, document_names[i]))
			return i;
	return -1;
}

int intcontrol_format_parse(const char *s)
{
	for (int i = 0; s && i < IC_FORMATS; i++)
		if (!strcmp(s, format_names[i]))
			return i;
	return -1;
}

static const char *num(struct arena *a, int64_t v)
{
	return arena_printf(a, "%" PRId64, v);
}

static const char *assessed(struct arena *a, enum lang lang, int64_t v)
{
	return v ? num(a, v) : tr(lang, "Not assessed");
}

/* "Sample check: 25 of 1 200" or the method's name. */
static const char *method_text(struct arena *a, enum lang lang, const struct ic_point *k)
{
	const char *m = tr(lang, ic_label(ic_methods, ic_method_labels, 4, k->method));
	if (strcmp(k->method, "sample"))
		return m;
	return arena_printf(a, "%s: %" PRId64 " %s %" PRId64, m, k->sample_size, tr(lang, "of"), k->population);
}

static const char *responsible_text(struct arena *a, const struct ic_point *k)
{
	if (k->responsible_name && k->responsible_unit_name)
		return arena_printf(a, "%s (%s)", k->responsible_name, k->responsible_unit_name);
	return k->responsible_name ? k->responsible_name : k->responsible_unit_name ? k->responsible_unit_name : "–";
}

static const char *doc_title(struct arena *a, enum lang lang, const struct ic_plan *p, enum ic_document which)
{
	if (which == IC_DOC_PLAN)
		return intcontrol_plan_title(a, lang, p);
	return arena_printf(a, "%s %" PRId64 " – %s", tr(lang, "Follow-up of internal control"), p->year, p->unit_name);
}

static void analysis(struct doc *d, enum lang lang, const struct intcontrol_year *y)
{
	static const unsigned w[] = { 4, 2, 2, 2, 3, 5 };
	struct doc_table *t;

	doc_heading(d, 1, tr(lang, "Materiality and risk analysis"));
	if (!y->n_processes) {
		doc_text(d, tr(lang, "No process is weighed yet."));
		return;
	}
	t = doc_table(d, 6, w, tr(lang, "Processes weighed in the analysis"));
	doc_cell_text(t, &t->head, 0, tr(lang, "Process"));
	doc_cell_text(t, &t->head, 1, tr(lang, "Likelihood"));
	doc_cell_text(t, &t->head, 2, tr(lang, "Consequence"));
	doc_cell_text(t, &t->head, 3, tr(lang, "Risk value"));
	doc_cell_text(t, &t->head, 4, tr(lang, "Decision"));
	doc_cell_text(t, &t->head, 5, tr(lang, "Motivation"));
	t->n_row_heads = 1;
	for (size_t i = 0; i < y->n_processes; i++) {
		const struct ic_process *c = &y->processes[i];
		struct doc_row *row = doc_row(d, t);
		int64_t v = intcontrol_risk_value(c);
		doc_cell_text(t, row, 0, c->name);
		doc_cell_text(t, row, 1, assessed(d->arena, lang, c->probability));
		doc_cell_text(t, row, 2, assessed(d->arena, lang, c->consequence));
		doc_cell_text(t, row, 3, v ? num(d->arena, v) : "–");
		doc_cell_text(t, row, 4, tr(lang, ic_label(ic_decisions, ic_decision_labels, 3, c->decision)));
		doc_cell_text(t, row, 5, c->rationale);
	}
}

static void points_table(struct doc *d, enum lang lang, const struct intcontrol_year *y)
{
	static const unsigned w[] = { 3, 5, 3, 3, 3, 2 };
	struct doc_table *t;

	doc_heading(d, 1, tr(lang, "Control points"));
	if (!y->n_points) {
		doc_text(d, tr(lang, "No control point is planned yet."));
		return;
	}
	t = doc_table(d, 6, w, tr(lang, "The internal control plan's control points"));
	doc_cell_text(t, &t->head, 0, tr(lang, "Process"));
	doc_cell_text(t, &t->head, 1, tr(lang, "What is checked"));
	doc_cell_text(t, &t->head, 2, tr(lang, "Method"));
	doc_cell_text(t, &t->head, 3, tr(lang, "Frequency"));
	doc_cell_text(t, &t->head, 4, tr(lang, "Responsible"));
	doc_cell_text(t, &t->head, 5, tr(lang, "Reported"));
	for (size_t i = 0; i < y->n_points; i++) {
		const struct ic_point *k = &y->points[i];
		struct doc_row *row = doc_row(d, t);
		doc_cell_text(t, row, 0, k->process_name);
		doc_cell_text(t, row, 1, k->title);
		doc_cell_text(t, row, 2, method_text(d->arena, lang, k));
		doc_cell_text(t, row, 3, tr(lang, ic_label(ic_frequencies, ic_frequency_labels, 3, k->frequency)));
		doc_cell_text(t, row, 4, responsible_text(d->arena, k));
		doc_cell_text(t, row, 5, tr(lang, ic_label(ic_period_kinds, ic_period_kind_labels, 2, k->period_kind)));
	}
}

static void results(struct doc *d, enum lang lang, const struct intcontrol_year *y)
{
	static const unsigned w[] = { 3, 2, 2, 2, 6 };

	doc_heading(d, 1, tr(lang, "Results per period"));
	for (size_t i = 0; i < y->n_points; i++) {
		const struct ic_point *k = &y->points[i];
		struct doc_table *t = NULL;
		struct doc_para *p;

		doc_heading(d, 2, k->title);
		p = doc_paragraph(d);
		doc_run(p, DOC_STRONG, tr(lang, "Process:"));
		doc_run(p, DOC_PLAIN, " ");
		doc_run(p, DOC_PLAIN, k->process_name);
		doc_run(p, DOC_PLAIN, ". ");
		doc_run(p, DOC_STRONG, tr(lang, "Method:"));
		doc_run(p, DOC_PLAIN, " ");
		doc_run(p, DOC_PLAIN, method_text(d->arena, lang, k));
		doc_run(p, DOC_PLAIN, ".");
		for (size_t r = 0; r < y->n_results; r++) {
			const struct ic_result *x = &y->results[r];
			struct doc_row *row;
			if (x->point_id != k->id)
				continue;
			if (!t) {
				t = doc_table(d, 5, w, NULL);
				doc_cell_text(t, &t->head, 0, tr(lang, "Period"));
				doc_cell_text(t, &t->head, 1, tr(lang, "Checked on"));
				doc_cell_text(t, &t->head, 2, tr(lang, "Records checked"));
				doc_cell_text(t, &t->head, 3, tr(lang, "Not in order"));
				doc_cell_text(t, &t->head, 4, tr(lang, "Conclusion"));
				t->n_row_heads = 1;
			}
			row = doc_row(d, t);
			doc_cell_text(t, row, 0,
				      ic_period_label(d->arena, lang, x->period_kind, x->plan_year, x->period_no));
			doc_cell_text(t, row, 1, x->checked_on);
			doc_cell_text(t, row, 2, num(d->arena, x->n_samples));
			doc_cell_text(t, row, 3, num(d->arena, x->n_failed));
			doc_cell_text(t, row, 4, x->conclusion);
		}
		if (!t)
			doc_text(d, tr(lang, "No result reported yet."));
	}
}

static void deviations(struct doc *d, enum lang lang, const struct intcontrol_year *y)
{
	static const unsigned w[] = { 3, 2, 4, 3, 4, 2 };
	struct doc_table *t;

	doc_heading(d, 1, tr(lang, "Deviations"));
	if (!y->n_deviations) {
		doc_text(d, tr(lang, "No deviation was found."));
		return;
	}
	t = doc_table(d, 6, w, tr(lang, "Deviations found and their remedy"));
	doc_cell_text(t, &t->head, 0, tr(lang, "Control point"));
	doc_cell_text(t, &t->head, 1, tr(lang, "Period"));
	doc_cell_text(t, &t->head, 2, tr(lang, "Deviation"));
	doc_cell_text(t, &t->head, 3, tr(lang, "Cause"));
	doc_cell_text(t, &t->head, 4, tr(lang, "Remedy"));
	doc_cell_text(t, &t->head, 5, tr(lang, "Status"));
	/* Oldest first, as they were found. */
	for (size_t i = y->n_deviations; i-- > 0;) {
		const struct ic_deviation *x = &y->deviations[i];
		struct doc_row *row = doc_row(d, t);
		const char *status =
			tr(lang, ic_label(ic_deviation_statuses, ic_deviation_status_labels, 2, x->status));
		doc_cell_text(t, row, 0, x->point_title);
		doc_cell_text(t, row, 1, ic_period_label(d->arena, lang, x->period_kind, x->plan_year, x->period_no));
		doc_cell_text(t, row, 2, x->description);
		doc_cell_text(t, row, 3, x->cause);
		doc_cell_text(t, row, 4, x->remedy);
		doc_cell_text(t, row, 5,
			      x->activity_id ? arena_printf(d->arena, "%s; %s", status, tr(lang, "in the action plan"))
					     : status);
	}
}

struct doc *intcontrol_report_build(struct arena *a, enum lang lang, const struct intcontrol_year *y,
				    enum ic_document which)
{
	const struct ic_plan *p = &y->plan;
	struct doc *d = doc_new(a, lang, doc_title(a, lang, p, which));
	struct doc_para *para = doc_paragraph(d);

	doc_run(para, DOC_STRONG, tr(lang, "Unit:"));
	doc_run(para, DOC_PLAIN, " ");
	doc_run(para, DOC_PLAIN, p->unit_name);
	doc_run(para, DOC_PLAIN, ". ");
	doc_run(para, DOC_STRONG, tr(lang, "Adopted:"));
	doc_run(para, DOC_PLAIN, " ");
	doc_run(para, DOC_PLAIN, p->adopted_on ? p->adopted_on : tr(lang, "not yet"));
	doc_run(para, DOC_PLAIN, ".");
	if (which == IC_DOC_REPORT) {
		doc_text(d, arena_printf(a, "%s %zu. %s %zu. %s %zu, %s %zu.", tr(lang, "Control points:"), y->n_points,
					 tr(lang, "Results reported:"), y->n_results, tr(lang, "Deviations:"),
					 y->n_deviations, tr(lang, "of them open:"), y->n_open));
	}
	analysis(d, lang, y);
	points_table(d, lang, y);
	if (which == IC_DOC_REPORT) {
		results(d, lang, y);
		deviations(d, lang, y);
	}
	return d;
}

/* The XLSX rows: the control points (plan) or the reported periods (report). */
static int xlsx_file(struct arena *a, enum lang lang, const struct intcontrol_year *y, enum ic_document which,
		     const char *title, const char **data, size_t *len, struct err *e)
{
	struct xlsx_sheet s = { 0 };
	const char **cells;
	const char *const lines[] = { title };

	s.title = lines;
	s.n_title = 1;
	if (which == IC_DOC_PLAN) {
		struct xlsx_column c[9] = {
			{ tr(lang, "Process"), 30, XLSX_WRAP },
			{ tr(lang, "Risk value"), 10, XLSX_NUMBER },
			{ tr(lang, "What is checked"), 45, XLSX_WRAP },
			{ tr(lang, "Method"), 18, 0 },
			{ tr(lang, "Sample size"), 10, XLSX_NUMBER },
			{ tr(lang, "Population"), 10, XLSX_NUMBER },
			{ tr(lang, "Frequency"), 20, 0 },
			{ tr(lang, "Responsible"), 28, XLSX_WRAP },
			{ tr(lang, "Reported"), 22, 0 },
		};
		cells = arena_calloc(a, y->n_points * 9 + 1, sizeof(*cells));
		for (size_t i = 0; i < y->n_points; i++) {
			const struct ic_point *k = &y->points[i];
			const char **row = cells + i * 9;
			int64_t v = 0;
			for (size_t p = 0; p < y->n_processes; p++)
				if (y->processes[p].id == k->process_id)
					v = intcontrol_risk_value(&y->processes[p]);
			row[0] = k->process_name;
			row[1] = v ? num(a, v) : "";
			row[2] = k->title;
			row[3] = tr(lang, ic_label(ic_methods, ic_method_labels, 4, k->method));
			row[4] = k->sample_size ? num(a, k->sample_size) : "";
			row[5] = k->population ? num(a, k->population) : "";
			row[6] = tr(lang, ic_label(ic_frequencies, ic_frequency_labels, 3, k->frequency));
			row[7] = responsible_text(a, k);
			row[8] = tr(lang, ic_label(ic_period_kinds, ic_period_kind_labels, 2, k->period_kind));
		}
		s.name = tr(lang, "Control points");
		s.cols = arena_memdup(a, c, sizeof(c));
		s.n_cols = 9;
		s.cells = cells;
		s.n_rows = y->n_points;
	} else {
		struct xlsx_column c[8] = {
			{ tr(lang, "Control point"), 40, XLSX_WRAP },
			{ tr(lang, "Period"), 18, 0 },
			{ tr(lang, "Checked on"), 12, 0 },
			{ tr(lang, "Checked by"), 22, 0 },
			{ tr(lang, "Records checked"), 10, XLSX_NUMBER },
			{ tr(lang, "Not in order"), 10, XLSX_NUMBER },
			{ tr(lang, "Deviations"), 10, XLSX_NUMBER },
			{ tr(lang, "Conclusion"), 50, XLSX_WRAP },
		};
		cells = arena_calloc(a, y->n_results * 8 + 1, sizeof(*cells));
		for (size_t i = 0; i < y->n_results; i++) {
			const struct ic_result *x = &y->results[i];
			const char **row = cells + i * 8;
			row[0] = x->point_title;
			row[1] = ic_period_label(a, lang, x->period_kind, x->plan_year, x->period_no);
			row[2] = x->checked_on;
			row[3] = x->checked_by_name;
			row[4] = num(a, x->n_samples);
			row[5] = num(a, x->n_failed);
			row[6] = num(a, x->n_deviations);
			row[7] = x->conclusion;
		}
		s.name = tr(lang, "Results");
		s.cols = arena_memdup(a, c, sizeof(c));
		s.n_cols = 8;
		s.cells = cells;
		s.n_rows = y->n_results;
	}
	return xlsx_write(a, &s, data, len, e);
}

int intcontrol_report_file(struct db *db, struct arena *a, enum lang lang, const struct ic_plan *p,
			   enum ic_document which, enum ic_format format, const char **data, size_t *len,
			   const char **mime, struct err *e)
{
	struct intcontrol_year y;
	struct doc *d;
	int rc;

	if ((unsigned)which >= IC_DOCUMENTS)
		return err_set(e, ERR_INVALID, "document", N_("The document is plan or report."));
	if ((unsigned)format >= IC_FORMATS)
		return err_set(e, ERR_INVALID, "format", N_("The format is html, md, docx or xlsx."));
	if ((rc = intcontrol_year_read(db, a, p, &y, e)))
		return rc;
	if (format == IC_FMT_XLSX) {
		*mime = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
		return xlsx_file(a, lang, &y, which, doc_title(a, lang, p, which), data, len, e);
	}
	d = intcontrol_report_build(a, lang, &y, which);
	switch (format) {
	case IC_FMT_HTML: {
		struct html h;
		html_init(&h, a, lang);
		doc_html_standalone(&h, d);
		*data = h.b.data;
		*len = h.b.len;
		*mime = DOC_MIME_HTML;
		return 0;
	}
	case IC_FMT_MD: {
		struct buf b;
		buf_init(&b, a);
		doc_markdown(&b, d);
		*data = b.data;
		*len = b.len;
		*mime = DOC_MIME_MD;
		return 0;
	}
	default:
		*mime = DOC_MIME_DOCX;
		return doc_docx(a, d, data, len, e);
	}
}

const char *intcontrol_report_filename(struct arena *a, const struct ic_plan *p, enum ic_document which,
				       enum ic_format format)
{
	return arena_printf(a, "%s-%" PRId64 "-%" PRId64 ".%s",
			    which == IC_DOC_PLAN ? "internkontrollplan" : "uppfoljning-internkontroll", p->year, p->id,
			    format_names[(unsigned)format < IC_FORMATS ? format : 0]);
}
