/*
 * activity_io.c - the activity list as XLSX, CSV or JSON.
 *
 * Which column holds what is decided here; the file is written by
 * domain/listexport.c. Words (status, next step, yes/no) are in the
 * reader's language; dates stay YYYY-MM-DD.
 */
#include "domain/activity_io.h"

#include <inttypes.h>
#include <string.h>

#include "core/arena.h"
#include "core/err.h"
#include "core/json.h"
#include "domain/activity.h"
#include "domain/listexport.h"
#include "domain/plan.h"

enum {
	C_ID,
	C_YEAR,
	C_UNIT,
	C_AREA,
	C_TITLE,
	C_PURPOSE,
	C_QUARTERS,
	C_RUNIT,
	C_RESPONSIBLE,
	C_STATUS,
	C_COMMENT,
	C_NEXT,
	C_DUE,
	C_DEADLINE,
	C_OVERDUE,
	C_FROM,
	C_UPDATED,
	N_COLS
};

static const char *next_step_label(const char *s)
{
	for (int i = 0; i < ACTIVITY_NEXT_STEP_COUNT; i++)
		if (!strcmp(activity_next_steps[i], s ? s : ""))
			return activity_next_step_labels[i];
	return "";
}

static void write_json(struct json *j, const void *items, size_t i, const void *ctx)
{
	activity_json(j, &((const struct activity *)items)[i], ctx);
}

int activity_export(struct db *db, struct arena *a, const struct activity_filter *f, enum lang lang,
		    enum export_format format, const char **data, size_t *len, const char **mime, struct err *e)
{
	const struct xlsx_column cols[N_COLS] = {
		[C_ID] = { "ID", 8, XLSX_NUMBER },
		[C_YEAR] = { tr(lang, "Year"), 8, XLSX_NUMBER },
		[C_UNIT] = { tr(lang, "Unit"), 24, 0 },
		[C_AREA] = { tr(lang, "Area"), 22, 0 },
		[C_TITLE] = { tr(lang, "Activity"), 36, XLSX_WRAP },
		[C_PURPOSE] = { tr(lang, "Purpose"), 50, XLSX_WRAP },
		[C_QUARTERS] = { tr(lang, "Quarters"), 14, 0 },
		[C_RUNIT] = { tr(lang, "Responsible unit"), 24, 0 },
		[C_RESPONSIBLE] = { tr(lang, "Responsible"), 22, 0 },
		[C_STATUS] = { tr(lang, "Status"), 16, 0 },
		[C_COMMENT] = { tr(lang, "Status comment"), 50, XLSX_WRAP },
		[C_NEXT] = { tr(lang, "Next step"), 22, 0 },
		[C_DUE] = { tr(lang, "Due date"), 12, 0 },
		[C_DEADLINE] = { tr(lang, "Deadline"), 12, 0 },
		[C_OVERDUE] = { tr(lang, "Overdue"), 10, 0 },
		[C_FROM] = { tr(lang, "Continues activity"), 10, XLSX_NUMBER },
		[C_UPDATED] = { tr(lang, "Last changed"), 12, 0 },
	};
	struct activity_filter all = *f;
	struct activity *list;
	struct export_table t = { 0 };
	const char **cells;
	char today[11];
	size_t n;
	int64_t total = 0;
	int rc;

	all.limit = ACTIVITY_EXPORT_MAX;
	all.offset = 0;
	if ((rc = activity_list(db, a, &all, &list, &n, &total, e)) ||
	    (rc = export_whole(n, total, ACTIVITY_EXPORT_MAX, e)))
		return rc;
	plan_today(today);
	cells = arena_calloc(a, n ? n * N_COLS : 1, sizeof(*cells));
	for (size_t i = 0; i < n; i++) {
		const struct activity *ac = &list[i];
		const char **row = cells + i * N_COLS;
		row[C_ID] = arena_printf(a, "%" PRId64, ac->id);
		row[C_YEAR] = arena_printf(a, "%" PRId64, ac->plan_year);
		row[C_UNIT] = ac->unit_name;
		row[C_AREA] = ac->area_name;
		row[C_TITLE] = ac->title;
		row[C_PURPOSE] = ac->purpose;
		row[C_QUARTERS] = activity_quarters_text(a, lang, ac->quarters);
		row[C_RUNIT] = ac->responsible_unit_name;
		row[C_RESPONSIBLE] = ac->responsible_name;
		row[C_STATUS] = tr(lang, activity_status_label(ac->status));
		row[C_COMMENT] = ac->status_comment;
		row[C_NEXT] = *ac->next_step ? tr(lang, next_step_label(ac->next_step)) : "";
		row[C_DUE] = ac->due_date;
		row[C_DEADLINE] = ac->deadline;
		row[C_OVERDUE] = tr(lang, activity_overdue(ac, today) ? N_("Yes") : N_("No"));
		row[C_FROM] = ac->carried_from_id ? arena_printf(a, "%" PRId64, ac->carried_from_id) : NULL;
		row[C_UPDATED] = ac->updated_at ? arena_strndup(a, ac->updated_at, 10) : NULL;
	}
	t.sheet = lang == LANG_EN ? "Activities" : "Aktiviteter";
	t.cols = cols;
	t.n_cols = N_COLS;
	t.cells = cells;
	t.n_rows = n;
	t.json = write_json;
	t.items = list;
	t.ctx = arena_strdup(a, today);
	t.total = total;
	return export_render(a, format, &t, data, len, mime, e);
}

const char *activity_export_filename(struct arena *a, enum export_format format)
{
	char today[11];
	plan_today(today);
	return arena_printf(a, "aktiviteter-%s.%s", today, export_format_ext(format));
}
