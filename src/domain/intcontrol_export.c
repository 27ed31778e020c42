/*
 * intcontrol_export.c - which column of an exported list of internal
 * control plans or deviations holds what. Words are in the reader's
 * language; dates stay YYYY-MM-DD.
 */
#include "domain/intcontrol_export.h"

#include <inttypes.h>

#include "core/arena.h"
#include "core/err.h"
#include "core/json.h"
#include "domain/listexport.h"

static void plan_json(struct json *j, const void *items, size_t i, const void *ctx)
{
	(void)ctx;
	intcontrol_plan_json(j, &((const struct ic_plan *)items)[i]);
}

static void deviation_json(struct json *j, const void *items, size_t i, const void *ctx)
{
	(void)ctx;
	intcontrol_deviation_json(j, &((const struct ic_deviation *)items)[i]);
}

static const char *num(struct arena *a, int64_t v)
{
	return arena_printf(a, "%" PRId64, v);
}

enum { P_ID, P_YEAR, P_UNIT, P_TITLE, P_ADOPTED, P_POINTS, P_OPEN, P_COLS };

int intcontrol_plan_export(struct db *db, struct arena *a, const struct ic_plan_filter *f, enum lang lang,
			   enum export_format format, const char **data, size_t *len, const char **mime, struct err *e)
{
	const struct xlsx_column cols[P_COLS] = {
		[P_ID] = { "ID", 8, XLSX_NUMBER },
		[P_YEAR] = { tr(lang, "Year"), 8, XLSX_NUMBER },
		[P_UNIT] = { tr(lang, "Unit"), 28, 0 },
		[P_TITLE] = { tr(lang, "Title"), 40, XLSX_WRAP },
		[P_ADOPTED] = { tr(lang, "Adopted"), 12, 0 },
		[P_POINTS] = { tr(lang, "Control points"), 10, XLSX_NUMBER },
		[P_OPEN] = { tr(lang, "Open deviations"), 10, XLSX_NUMBER },
	};
	struct ic_plan_filter all = *f;
	struct export_table t = { 0 };
	struct ic_plan *list;
	const char **cells;
	size_t n;
	int64_t total = 0;
	int rc;

	all.limit = IC_EXPORT_MAX;
	all.offset = 0;
	if ((rc = intcontrol_plan_list(db, a, &all, &list, &n, &total, e)) ||
	    (rc = export_whole(n, total, IC_EXPORT_MAX, e)))
		return rc;
	cells = arena_calloc(a, n ? n * P_COLS : 1, sizeof(*cells));
	for (size_t i = 0; i < n; i++) {
		const char **row = cells + i * P_COLS;
		row[P_ID] = num(a, list[i].id);
		row[P_YEAR] = num(a, list[i].year);
		row[P_UNIT] = list[i].unit_name;
		row[P_TITLE] = intcontrol_plan_title(a, lang, &list[i]);
		row[P_ADOPTED] = list[i].adopted_on;
		row[P_POINTS] = num(a, list[i].n_points);
		row[P_OPEN] = num(a, list[i].n_open);
	}
	t.sheet = tr(lang, "Internal control");
	t.cols = cols;
	t.n_cols = P_COLS;
	t.cells = cells;
	t.n_rows = n;
	t.json = plan_json;
	t.items = list;
	t.total = total;
	return export_render(a, format, &t, data, len, mime, e);
}

enum {
	D_ID,
	D_YEAR,
	D_UNIT,
	D_POINT,
	D_PERIOD,
	D_DESCRIPTION,
	D_CAUSE,
	D_REMEDY,
	D_DUE,
	D_RESPONSIBLE,
	D_STATUS,
	D_ACTIVITY,
	D_COLS
};

int intcontrol_deviation_export(struct db *db, struct arena *a, const struct ic_deviation_filter *f, enum lang lang,
				enum export_format format, const char **data, size_t *len, const char **mime,
				struct err *e)
{
	const struct xlsx_column cols[D_COLS] = {
		[D_ID] = { "ID", 8, XLSX_NUMBER },
		[D_YEAR] = { tr(lang, "Year"), 8, XLSX_NUMBER },
		[D_UNIT] = { tr(lang, "Unit"), 24, 0 },
		[D_POINT] = { tr(lang, "Control point"), 36, XLSX_WRAP },
		[D_PERIOD] = { tr(lang, "Period"), 18, 0 },
		[D_DESCRIPTION] = { tr(lang, "Deviation"), 40, XLSX_WRAP },
		[D_CAUSE] = { tr(lang, "Cause"), 36, XLSX_WRAP },
		[D_REMEDY] = { tr(lang, "Remedy"), 36, XLSX_WRAP },
		[D_DUE] = { tr(lang, "Remedy due"), 12, 0 },
		[D_RESPONSIBLE] = { tr(lang, "Responsible"), 22, 0 },
		[D_STATUS] = { tr(lang, "Status"), 12, 0 },
		[D_ACTIVITY] = { tr(lang, "Activity"), 10, XLSX_NUMBER },
	};
	struct ic_deviation_filter all = *f;
	struct export_table t = { 0 };
	struct ic_deviation *list;
	const char **cells;
	size_t n;
	int64_t total = 0;
	int rc;

	all.limit = IC_EXPORT_MAX;
	all.offset = 0;
	if ((rc = intcontrol_deviation_list(db, a, &all, &list, &n, &total, e)) ||
	    (rc = export_whole(n, total, IC_EXPORT_MAX, e)))
		return rc;
	cells = arena_calloc(a, n ? n * D_COLS : 1, sizeof(*cells));
	for (size_t i = 0; i < n; i++) {
		const struct ic_deviation *d = &list[i];
		const char **row = cells + i * D_COLS;
		row[D_ID] = num(a, d->id);
		row[D_YEAR] = num(a, d->plan_year);
		row[D_UNIT] = d->unit_name;
		row[D_POINT] = d->point_title;
		row[D_PERIOD] = ic_period_label(a, lang, d->period_kind, d->plan_year, d->period_no);
		row[D_DESCRIPTION] = d->description;
		row[D_CAUSE] = d->cause;
		row[D_REMEDY] = d->remedy;
		row[D_DUE] = d->due;
		row[D_RESPONSIBLE] = d->responsible_name;
		row[D_STATUS] = tr(lang, ic_label(ic_deviation_statuses, ic_deviation_status_labels, 2, d->status));
		row[D_ACTIVITY] = d->activity_id ? num(a, d->activity_id) : NULL;
	}
	t.sheet = tr(lang, "Deviations");
	t.cols = cols;
	t.n_cols = D_COLS;
	t.cells = cells;
	t.n_rows = n;
	t.json = deviation_json;
	t.items = list;
	t.total = total;
	return export_render(a, format, &t, data, len, mime, e);
}
