/*
 * inspection_io.c - the lists of audits and of recommendations as XLSX,
 * CSV or JSON. Which column holds what is decided here; the file is
 * written by domain/listexport.c. Words are in the reader's language;
 * dates stay YYYY-MM-DD.
 */
#include "domain/inspection_io.h"

#include <inttypes.h>
#include <string.h>

#include "core/arena.h"
#include "core/err.h"
#include "core/json.h"
#include "core/timeutil.h"
#include "domain/inspection.h"
#include "domain/listexport.h"

static const char *num(struct arena *a, int64_t v)
{
	return arena_printf(a, "%" PRId64, v);
}

static const char *export_filename(struct arena *a, const char *what, enum export_format format)
{
	char today[TIME_ISO_LEN];
	time_today_iso(today);
	return arena_printf(a, "%s-%s.%s", what, today, export_format_ext(format));
}

const char *inspection_export_filename(struct arena *a, enum export_format format)
{
	return export_filename(a, "granskningar", format);
}

const char *recommendation_export_filename(struct arena *a, enum export_format format)
{
	return export_filename(a, "rekommendationer", format);
}

/* --- audits -------------------------------------------------------------------------- */

enum { I_ID, I_DATE, I_KIND, I_AUDITOR, I_TITLE, I_CASE, I_UNIT, I_FOLLOWS, I_RECS, I_OPEN, I_FILE, I_COLS };

static void insp_json(struct json *j, const void *items, size_t i, const void *ctx)
{
	(void)ctx;
	inspection_json(j, &((const struct inspection *)items)[i], NULL, 0);
}

int inspection_export(struct db *db, struct arena *a, const struct inspection_filter *f, enum lang lang,
		      enum export_format format, const char **data, size_t *len, const char **mime, struct err *e)
{
	const struct xlsx_column cols[I_COLS] = {
		[I_ID] = { "ID", 8, XLSX_NUMBER },
		[I_DATE] = { tr(lang, "Report date"), 12, 0 },
		[I_KIND] = { tr(lang, "Kind of auditor"), 24, 0 },
		[I_AUDITOR] = { tr(lang, "Auditor"), 24, 0 },
		[I_TITLE] = { tr(lang, "Title"), 40, XLSX_WRAP },
		[I_CASE] = { tr(lang, "Case reference"), 16, 0 },
		[I_UNIT] = { tr(lang, "Unit"), 24, 0 },
		[I_FOLLOWS] = { tr(lang, "Follows up"), 30, XLSX_WRAP },
		[I_RECS] = { tr(lang, "Recommendations"), 10, XLSX_NUMBER },
		[I_OPEN] = { tr(lang, "Open recommendations"), 10, XLSX_NUMBER },
		[I_FILE] = { tr(lang, "Report file"), 24, 0 },
	};
	struct inspection_filter all = *f;
	struct inspection *list;
	struct export_table t = { 0 };
	const char **cells;
	size_t n;
	int64_t total = 0;
	int rc;

	all.limit = INSPECTION_EXPORT_MAX;
	all.offset = 0;
	if ((rc = inspection_list(db, a, &all, &list, &n, &total, e)) ||
	    (rc = export_whole(n, total, INSPECTION_EXPORT_MAX, e)))
		return rc;
	cells = arena_calloc(a, n ? n * I_COLS : 1, sizeof(*cells));
	for (size_t i = 0; i < n; i++) {
		const struct inspection *x = &list[i];
		const char **row = cells + i * I_COLS;
		row[I_ID] = num(a, x->id);
		row[I_DATE] = x->report_date;
		row[I_KIND] = tr(lang, inspection_kind_label(x->auditor_kind));
		row[I_AUDITOR] = x->auditor;
		row[I_TITLE] = x->title;
		row[I_CASE] = x->case_ref;
		row[I_UNIT] = x->unit_name;
		row[I_FOLLOWS] = x->follows_title;
		row[I_RECS] = num(a, x->n_recommendations);
		row[I_OPEN] = num(a, x->n_open);
		row[I_FILE] = x->file_name;
	}
	t.sheet = lang == LANG_EN ? "Audits" : "Granskningar";
	t.cols = cols;
	t.n_cols = I_COLS;
	t.cells = cells;
	t.n_rows = n;
	t.json = insp_json;
	t.items = list;
	t.total = total;
	return export_render(a, format, &t, data, len, mime, e);
}

/* --- recommendations ------------------------------------------------------------------------ */

enum {
	R_ID,
	R_DATE,
	R_AUDIT,
	R_CASE,
	R_NUMBER,
	R_TEXT,
	R_BOARDS,
	R_STATUS,
	R_PLANNED,
	R_ONGOING,
	R_DONE,
	R_OVERDUE,
	R_EXAMINED,
	R_COLS
};

static void rec_json(struct json *j, const void *items, size_t i, const void *ctx)
{
	(void)ctx;
	recommendation_json(j, &((const struct recommendation *)items)[i]);
}

int recommendation_export(struct db *db, struct arena *a, const struct recommendation_filter *f, enum lang lang,
			  enum export_format format, const char **data, size_t *len, const char **mime, struct err *e)
{
	const struct xlsx_column cols[R_COLS] = {
		[R_ID] = { "ID", 8, XLSX_NUMBER },
		[R_DATE] = { tr(lang, "Report date"), 12, 0 },
		[R_AUDIT] = { tr(lang, "Audit"), 36, XLSX_WRAP },
		[R_CASE] = { tr(lang, "Case reference"), 16, 0 },
		[R_NUMBER] = { tr(lang, "Number"), 8, XLSX_NUMBER },
		[R_TEXT] = { tr(lang, "Recommendation"), 60, XLSX_WRAP },
		[R_BOARDS] = { tr(lang, "Addressed to"), 30, XLSX_WRAP },
		[R_STATUS] = { tr(lang, "Status"), 10, 0 },
		[R_PLANNED] = { tr(lang, "Planned"), 10, XLSX_NUMBER },
		[R_ONGOING] = { tr(lang, "Ongoing"), 10, XLSX_NUMBER },
		[R_DONE] = { tr(lang, "Completed"), 10, XLSX_NUMBER },
		[R_OVERDUE] = { tr(lang, "Overdue"), 10, XLSX_NUMBER },
		[R_EXAMINED] = { tr(lang, "Times examined"), 10, XLSX_NUMBER },
	};
	struct recommendation_filter all = *f;
	struct recommendation *list;
	struct export_table t = { 0 };
	const char **cells;
	size_t n;
	int64_t total = 0;
	int rc;

	all.limit = INSPECTION_EXPORT_MAX;
	all.offset = 0;
	if ((rc = recommendation_list(db, a, &all, &list, &n, &total, e)) ||
	    (rc = export_whole(n, total, INSPECTION_EXPORT_MAX, e)))
		return rc;
	cells = arena_calloc(a, n ? n * R_COLS : 1, sizeof(*cells));
	for (size_t i = 0; i < n; i++) {
		const struct recommendation *x = &list[i];
		const char **row = cells + i * R_COLS;
		row[R_ID] = num(a, x->id);
		row[R_DATE] = x->report_date;
		row[R_AUDIT] = x->inspection_title;
		row[R_CASE] = x->inspection_case_ref;
		row[R_NUMBER] = num(a, x->number);
		row[R_TEXT] = x->text;
		row[R_BOARDS] = x->boards;
		row[R_STATUS] = tr(lang, recommendation_status_label(x->status));
		row[R_PLANNED] = num(a, x->n_planned);
		row[R_ONGOING] = num(a, x->n_ongoing);
		row[R_DONE] = num(a, x->n_done);
		row[R_OVERDUE] = num(a, x->n_overdue);
		row[R_EXAMINED] = num(a, x->n_findings);
	}
	t.sheet = lang == LANG_EN ? "Recommendations" : "Rekommendationer";
	t.cols = cols;
	t.n_cols = R_COLS;
	t.cells = cells;
	t.n_rows = n;
	t.json = rec_json;
	t.items = list;
	t.total = total;
	return export_render(a, format, &t, data, len, mime, e);
}
