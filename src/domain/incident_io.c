/*
 * incident_io.c - incidents in figures and files: the statistics (per
 * quarter, kind and unit, and the time from awareness to the first
 * notification) and the exports of a filtered list as CSV, XLSX and JSON.
 *
 * Both read the list's filter (incident_filter_parse()), so a page, the
 * API and an export of the same address agree. Times in files are shown
 * in Swedish local time, as on the pages; JSON keeps UTC.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/err.h"
#include "core/json.h"
#include "core/timeutil.h"
#include "core/zone.h"
#include "db/q_incident.h"
#include "domain/incident.h"
#include "domain/unit.h"
#include "io/csvwrite.h"
#include "io/xlsxwrite.h"

/* --- statistics ------------------------------------------------------------------ */

static const char *local_day_start(struct arena *a, const char *day, int plus)
{
	time_t t;
	char buf[TIME_ISO_LEN];
	if (!day || !zone_day_start(day, plus, &t))
		return NULL;
	time_iso(t, buf);
	return arena_strdup(a, buf);
}

static int lag_bucket(const char *aware, const char *filed)
{
	time_t ta, tf;
	if (!time_parse_iso(aware, &ta) || !time_parse_iso(filed, &tf))
		return -1;
	if (tf - ta <= 24 * 3600)
		return 0;
	return tf - ta <= 72 * 3600 ? 1 : 2;
}

int incident_stats(struct db *db, struct arena *a, const struct incident_filter *fin, struct incident_stats *out,
		   struct err *e)
{
	struct incident_filter f = *fin;
	struct incident_count *months;
	struct incident_lag *lags;
	size_t n_months, n_lags;
	const char *subtree, *from, *to;
	int rc;

	*out = (struct incident_stats){ 0 };
	f.state = "incident";
	if ((rc = unit_subtree(db, a, f.unit_id, &subtree, e)))
		return rc;
	from = local_day_start(a, f.from, 0);
	to = local_day_start(a, f.to, 1);
	if ((rc = q_incident_stats_months(db, a, &f, subtree, from, to, &months, &n_months, e)) ||
	    (rc = q_incident_stats_kinds(db, a, &f, subtree, from, to, out->kinds, e)) ||
	    (rc = q_incident_stats_units(db, a, &f, subtree, from, to, 15, &out->units, &out->n_units, e)) ||
	    (rc = q_incident_stats_lags(db, a, &f, subtree, from, to, &lags, &n_lags, e)))
		return rc;
	/* Every quarter from the first to the last month with an incident, empty ones too. */
	if (n_months) {
		int y0, m0, y1, m1;
		size_t nq;
		if (sscanf(months[0].key, "%4d-%2d", &y0, &m0) != 2 ||
		    sscanf(months[n_months - 1].key, "%4d-%2d", &y1, &m1) != 2)
			return err_set(e, ERR_INTERNAL, NULL, N_("Something went wrong"));
		nq = (size_t)((y1 - y0) * 4 + (m1 - 1) / 3 - (m0 - 1) / 3 + 1);
		out->quarters = arena_calloc(a, nq, sizeof(*out->quarters));
		out->n_quarters = nq;
		for (size_t q = 0; q < nq; q++) {
			int idx = (m0 - 1) / 3 + (int)q;
			out->quarters[q].year = y0 + idx / 4;
			out->quarters[q].quarter = idx % 4 + 1;
			out->quarters[q].label = arena_printf(a, "%d Q%d", y0 + idx / 4, idx % 4 + 1);
		}
		for (size_t i = 0; i < n_months; i++) {
			int y, m;
			if (sscanf(months[i].key, "%4d-%2d", &y, &m) != 2)
				continue;
			size_t q = (size_t)((y - y0) * 4 + (m - 1) / 3 - (m0 - 1) / 3);
			if (q < nq)
				out->quarters[q].n += months[i].n;
			out->total += months[i].n;
		}
	}
	for (size_t i = 0; i < n_lags; i++) {
		int b = lag_bucket(lags[i].aware_at, lags[i].filed_at);
		if (b < 0)
			continue;
		if (!strcmp(lags[i].regime, "gdpr33"))
			out->lag_imy[b]++;
		else
			out->lag_csirt[b]++;
	}
	return 0;
}

/* --- exports ---------------------------------------------------------------------- */

#define N_COLS 17

static const char *const header_ids[N_COLS] = {
	N_("Reference"),
	N_("Receipt"),
	N_("Title"),
	N_("Unit"),
	N_("State"),
	N_("Status"),
	N_("Kinds"),
	N_("Category"),
	N_("Severity"),
	N_("Occurred"),
	N_("Discovered"),
	N_("Became aware"),
	N_("Ended"),
	N_("Data subjects (approx.)"),
	N_("Records (approx.)"),
	N_("Next deadline"),
	N_("Reported"),
};

static const char *local_or_empty(struct arena *a, const char *iso)
{
	time_t t;
	char buf[ZONE_LOCAL_LEN];
	if (!iso || !time_parse_iso(iso, &t))
		return "";
	zone_format_local(t, buf);
	return arena_strdup(a, buf);
}

static const char *approx_text(struct arena *a, int64_t v)
{
	return v >= 0 ? arena_printf(a, "%" PRId64, v) : "";
}

static const char *kinds_cell(struct arena *a, const struct incident *inc, enum lang lang)
{
	bool k[INCIDENT_KIND_COUNT];
	struct buf b;
	incident_kind_flags(inc, k);
	buf_init(&b, a);
	for (size_t i = 0; i < INCIDENT_KIND_COUNT; i++)
		if (k[i]) {
			if (b.len)
				buf_adds(&b, ", ");
			buf_adds(&b, tr(lang, incident_kind_labels[i]));
		}
	return buf_cstr(&b);
}

/* The cells of one incident, in the order of header_ids. */
static void row_cells(struct arena *a, const struct incident *inc, enum lang lang, const char **c)
{
	c[0] = incident_ref(a, inc->id);
	c[1] = inc->receipt;
	c[2] = inc->title;
	c[3] = inc->unit_name ? inc->unit_name : "";
	c[4] = tr(lang, incident_label(incident_states, incident_state_labels, INCIDENT_STATE_COUNT, inc->state));
	c[5] = tr(lang, incident_label(incident_statuses, incident_status_labels, INCIDENT_STATUS_COUNT, inc->status));
	c[6] = kinds_cell(a, inc, lang);
	c[7] = incident_category_name(lang, inc->category_name, inc->category_builtin);
	c[8] = *inc->severity ? tr(lang, incident_label(incident_severities, incident_severity_labels,
							INCIDENT_SEVERITY_COUNT, inc->severity))
			      : "";
	c[9] = local_or_empty(a, inc->occurred_at);
	c[10] = local_or_empty(a, inc->discovered_at);
	c[11] = local_or_empty(a, inc->aware_at);
	c[12] = local_or_empty(a, inc->ended_at);
	c[13] = approx_text(a, inc->subjects_approx);
	c[14] = approx_text(a, inc->records_approx);
	c[15] = local_or_empty(a, inc->next_due);
	c[16] = local_or_empty(a, inc->created_at);
}

void incident_export_csv(struct buf *b, const struct incident *items, size_t n, enum lang lang)
{
	struct csv_writer w;
	const char *cells[N_COLS];

	csv_writer_init(&w, b, ';', true);
	for (size_t k = 0; k < N_COLS; k++)
		cells[k] = tr(lang, header_ids[k]);
	csv_writer_row(&w, cells, N_COLS);
	for (size_t i = 0; i < n; i++) {
		row_cells(b->arena, &items[i], lang, cells);
		csv_writer_row(&w, cells, N_COLS);
	}
}

void incident_export_json(struct buf *b, const struct incident *items, size_t n, int64_t total)
{
	struct json j;
	json_init(&j, b);
	json_obj_open(&j);
	json_key(&j, "items");
	json_arr_open(&j);
	for (size_t i = 0; i < n; i++)
		incident_json(&j, &items[i]);
	json_arr_close(&j);
	json_kv_int(&j, "total", total);
	json_obj_close(&j);
}

int incident_export_xlsx(struct arena *a, const struct incident *items, size_t n, enum lang lang, const char **data,
			 size_t *len, struct err *e)
{
	static const double widths[N_COLS] = { 10, 11, 40, 24, 14, 16, 28, 24, 12, 16, 16, 16, 16, 10, 10, 16, 16 };
	struct xlsx_column cols[N_COLS];
	const char **cells = arena_calloc(a, (n ? n : 1) * N_COLS, sizeof(char *));
	const char *title[1];
	struct xlsx_sheet s = { 0 };

	for (size_t k = 0; k < N_COLS; k++) {
		cols[k].header = tr(lang, header_ids[k]);
		cols[k].width = widths[k];
		cols[k].flags = k == 13 || k == 14 ? XLSX_NUMBER : (k == 2 ? XLSX_WRAP : 0);
	}
	for (size_t i = 0; i < n; i++)
		row_cells(a, &items[i], lang, &cells[i * N_COLS]);
	title[0] = tr(lang, "Incidents");
	s.name = tr(lang, "Incidents");
	s.title = title;
	s.n_title = 1;
	s.cols = cols;
	s.n_cols = N_COLS;
	s.cells = cells;
	s.n_rows = n;
	return xlsx_write(a, &s, data, len, e);
}

const char *incident_export_filename(struct arena *a, const char *ext)
{
	char day[TIME_ISO_LEN];
	time_now_iso(day);
	day[10] = 0;
	return arena_printf(a, "incidenter-%s.%s", day, ext);
}
