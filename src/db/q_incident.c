/*
 * q_incident.c - SQL of incidents and everything hanging off them.
 *
 * One list query serves the incident list, a reporter's own reports, the
 * exports and the statistics: its filter takes the viewer's scope (or the
 * reporter), the unit subtree, kind, status, state, the "clock missed"
 * test against the stored earliest running deadline, the period and a
 * search, and one prepared statement serves every sort order through
 * CASE expressions. Affected assets are stored as ids; their rows are
 * read through their own modules. The decision log
 * and the filings have insert and select queries only: nothing here can
 * change or remove an entry once written.
 */
#include "db/q_incident.h"

#include "core/arena.h"
#include "core/err.h"
#include "db/db.h"
#include "db/q_scope.h"

enum incident_col {
	IC_ID,
	IC_UNIT,
	IC_UNIT_NAME,
	IC_UNIT_PATH,
	IC_STATE,
	IC_STATUS,
	IC_K_SECURITY,
	IC_K_BREACH,
	IC_K_IT,
	IC_K_SIGNIFICANT,
	IC_CATEGORY,
	IC_CATEGORY_NAME,
	IC_CATEGORY_BUILTIN,
	IC_TITLE,
	IC_DESCRIPTION,
	IC_OCCURRED,
	IC_DISCOVERED,
	IC_AWARE,
	IC_ENDED,
	IC_SEVERITY,
	IC_A_C,
	IC_A_I,
	IC_A_A,
	IC_A_T,
	IC_SUBJECT_CATEGORIES,
	IC_SUBJECTS,
	IC_RECORDS,
	IC_DATA_KINDS,
	IC_CONSEQUENCES,
	IC_MEASURES,
	IC_CAUSE,
	IC_MALICIOUS,
	IC_CROSS_BORDER,
	IC_INDICATORS,
	IC_SECRECY,
	IC_LESSONS,
	IC_SOURCE,
	IC_REPORTER,
	IC_REPORTER_NAME,
	IC_REPORTER_CONTACT,
	IC_RECEIPT,
	IC_NEXT_DUE,
	IC_VERSION,
	IC_CREATED,
	IC_UPDATED
};

#define INCIDENT_COLS                                                                                           \
	"i.id, i.unit_id, u.name, u.path, i.state, i.status, i.kind_security, i.kind_breach, i.kind_it,"        \
	" i.kind_significant, i.category_id, c.name, c.builtin, i.title, i.description, i.occurred_at,"         \
	" i.discovered_at, i.aware_at, i.ended_at, i.severity, i.aspect_c, i.aspect_i, i.aspect_a, i.aspect_t," \
	" i.subject_categories, i.subjects_approx, i.records_approx, i.data_kinds, i.consequences, i.measures," \
	" i.cause, i.malicious, i.cross_border, i.indicators, i.secrecy, i.lessons, i.source, i.reporter_id,"   \
	" i.reporter_name, i.reporter_contact, i.receipt, i.next_due, i.version, i.created_at, i.updated_at"
#define INCIDENT_FROM \
	" FROM incidents i LEFT JOIN units u ON u.id = i.unit_id LEFT JOIN incident_categories c ON c.id = i.category_id"
/*
 * $1 viewer (0: any), $2 subtree path, $3 kind, $4 status, $5 state, $6
 * clock missed (0/1), $7 now, $8 period from, $9 period to, $10 LIKE
 * pattern, $11 reporter (0: any), $12 asset (0: any).
 */
#define INCIDENT_FILTER                                                                                             \
	" WHERE " SQL_UNIT_VISIBLE("u.path", "$1") " AND " SQL_PATH_IN_SUBTREE(                                     \
		"u.path",                                                                                           \
		"$2") " AND (CAST($3 AS TEXT) IS NULL"                                                              \
		      "      OR (CAST($3 AS TEXT) = 'security' AND i.kind_security = 1)"                            \
		      "      OR (CAST($3 AS TEXT) = 'breach' AND i.kind_breach = 1)"                                \
		      "      OR (CAST($3 AS TEXT) = 'it' AND i.kind_it = 1)"                                        \
		      "      OR (CAST($3 AS TEXT) = 'significant' AND i.kind_significant = 1))"                     \
		      " AND (CAST($4 AS TEXT) IS NULL OR i.status = CAST($4 AS TEXT))"                              \
		      " AND (CAST($5 AS TEXT) IS NULL OR i.state = CAST($5 AS TEXT))"                               \
		      " AND (CAST($6 AS BIGINT) = 0 OR (i.next_due IS NOT NULL AND i.next_due < CAST($7 AS TEXT)))" \
		      " AND (CAST($8 AS TEXT) IS NULL OR COALESCE(i.aware_at, i.created_at) >= CAST($8 AS TEXT))"   \
		      " AND (CAST($9 AS TEXT) IS NULL OR COALESCE(i.aware_at, i.created_at) < CAST($9 AS TEXT))"    \
		      " AND (CAST($10 AS TEXT) IS NULL OR lower(i.title) LIKE lower(CAST($10 AS TEXT)) ESCAPE '\\'" \
		      "      OR lower(i.description) LIKE lower(CAST($10 AS TEXT)) ESCAPE '\\')"                    \
		      " AND (CAST($11 AS BIGINT) = 0 OR i.reporter_id = CAST($11 AS BIGINT))"                       \
		      " AND (CAST($12 AS BIGINT) = 0 OR EXISTS (SELECT 1 FROM incident_assets ia_"                  \
		      "      WHERE ia_.incident_id = i.id AND ia_.asset_id = CAST($12 AS BIGINT)))"
#define INCIDENT_ORDER                                                                                                     \
	" ORDER BY"                                                                                                        \
	" CASE WHEN CAST($13 AS BIGINT) = 1 AND CAST($14 AS BIGINT) = 0 THEN COALESCE(i.aware_at, i.created_at) END ASC,"  \
	" CASE WHEN CAST($13 AS BIGINT) = 1 AND CAST($14 AS BIGINT) = 1 THEN COALESCE(i.aware_at, i.created_at) END DESC," \
	" CASE WHEN CAST($13 AS BIGINT) = 2 AND CAST($14 AS BIGINT) = 0 THEN COALESCE(i.next_due, '9999') END ASC,"        \
	" CASE WHEN CAST($13 AS BIGINT) = 2 AND CAST($14 AS BIGINT) = 1 THEN COALESCE(i.next_due, '0000') END DESC,"       \
	" CASE WHEN CAST($13 AS BIGINT) = 3 AND CAST($14 AS BIGINT) = 0 THEN lower(i.title) END ASC,"                      \
	" CASE WHEN CAST($13 AS BIGINT) = 3 AND CAST($14 AS BIGINT) = 1 THEN lower(i.title) END DESC,"                     \
	" CASE WHEN CAST($13 AS BIGINT) = 0 AND CAST($14 AS BIGINT) = 0 THEN i.created_at END ASC,"                        \
	" i.created_at DESC, i.id DESC"

static DB_QUERY_PLAN_ONCE(Q_INCIDENT_GET, "SELECT " INCIDENT_COLS INCIDENT_FROM " WHERE i.id = $1");
/*
 * A page: the ids first, sorted with nothing but what the filter and the order read, then the page's rows.
 * Sorting the whole rows (forty-five columns, long texts) cost the time before (13 ms for 2,000 incidents).
 * In the first order, newest first, SQLite walks incidents_created backwards and stops after the page when
 * the order is written plainly (RECENT_ORDER; PostgreSQL plans each run and keeps the one statement).
 */
#define INCIDENT_PAGE_OF(filter, order)                                                   \
	"SELECT " INCIDENT_COLS " FROM (SELECT i.id AS pid FROM incidents i"              \
	" LEFT JOIN units u ON u.id = i.unit_id" filter order " LIMIT $15 OFFSET $16) pg" \
	" JOIN incidents i ON i.id = pg.pid LEFT JOIN units u ON u.id = i.unit_id"        \
	" LEFT JOIN incident_categories c ON c.id = i.category_id" order
#define INCIDENT_PAGE(order) INCIDENT_PAGE_OF(INCIDENT_FILTER, order)
#define RECENT_ORDER         " ORDER BY i.created_at DESC, i.id DESC"
static DB_QUERY(Q_INCIDENT_LIST, INCIDENT_PAGE(INCIDENT_ORDER));
static DB_QUERY2(Q_INCIDENT_LIST_RECENT, INCIDENT_PAGE(RECENT_ORDER), INCIDENT_PAGE(INCIDENT_ORDER));
static DB_QUERY(Q_INCIDENT_COUNT, "SELECT count(*)" INCIDENT_FROM INCIDENT_FILTER);
/*
 * SQLite, with a subtree ($2): the incidents of its units, one look-up in
 * incidents_unit_created each, instead of every incident of the
 * installation sifted by its unit's path (a management review of one
 * administration at national size: 15 ms of 47). PostgreSQL plans the
 * general statement with its values.
 */
#define INCIDENT_IN_SUBTREE INCIDENT_FILTER " AND i.unit_id IN (" SQL_UNITS_OF_SUBTREE("$2") ")"
static DB_QUERY2(Q_INCIDENT_LIST_IN, INCIDENT_PAGE_OF(INCIDENT_IN_SUBTREE, INCIDENT_ORDER),
		 INCIDENT_PAGE(INCIDENT_ORDER));
static DB_QUERY2(Q_INCIDENT_LIST_RECENT_IN, INCIDENT_PAGE_OF(INCIDENT_IN_SUBTREE, RECENT_ORDER),
		 INCIDENT_PAGE(INCIDENT_ORDER));
static DB_QUERY2(Q_INCIDENT_COUNT_IN, "SELECT count(*)" INCIDENT_FROM INCIDENT_IN_SUBTREE,
		 "SELECT count(*)" INCIDENT_FROM INCIDENT_FILTER);
static DB_QUERY(
	Q_INCIDENT_INSERT,
	"INSERT INTO incidents (unit_id, title, description, occurred_at, discovered_at, aware_at, source,"
	" reporter_id, reporter_name, reporter_contact, receipt, state, status, version, created_at, updated_at)"
	" VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, 'triage', 'reported', 1, $12, $12) RETURNING id");
static DB_QUERY(
	Q_INCIDENT_UPDATE,
	"UPDATE incidents SET unit_id = $3, kind_security = $4, kind_breach = $5, kind_it = $6,"
	" kind_significant = $7, category_id = $8, title = $9, description = $10, occurred_at = $11,"
	" discovered_at = $12, aware_at = $13, ended_at = $14, severity = $15, aspect_c = $16, aspect_i = $17,"
	" aspect_a = $18, aspect_t = $19, subject_categories = $20, subjects_approx = $21, records_approx = $22,"
	" data_kinds = $23, consequences = $24, measures = $25, cause = $26, malicious = $27, cross_border = $28,"
	" indicators = $29, secrecy = $30, lessons = $31, status = $32, updated_at = $33, version = version + 1"
	" WHERE id = $1 AND version = $2");
static DB_QUERY(Q_INCIDENT_TRIAGE,
		"UPDATE incidents SET state = $3, status = $4, kind_security = $5, kind_breach = $6, kind_it = $7,"
		" kind_significant = $8, updated_at = $9, version = version + 1 WHERE id = $1 AND version = $2");
static DB_QUERY(Q_INCIDENT_SET_DUE, "UPDATE incidents SET next_due = $2 WHERE id = $1");
static DB_QUERY(Q_INCIDENT_RECEIPT, "SELECT id FROM incidents WHERE receipt = $1");

static DB_QUERY_PLAN_ONCE(Q_INCIDENT_ASSET_IDS,
			  "SELECT asset_id FROM incident_assets WHERE incident_id = $1 ORDER BY id");
static DB_QUERY(Q_INCIDENT_ASSET_HAS, "SELECT id FROM incident_assets WHERE incident_id = $1 AND asset_id = $2");
static DB_QUERY(Q_INCIDENT_ASSET_INSERT, "INSERT INTO incident_assets (incident_id, asset_id, created_by, created_at)"
					 " VALUES ($1, $2, $3, $4)");
static DB_QUERY(Q_INCIDENT_ASSET_DELETE, "DELETE FROM incident_assets WHERE incident_id = $1 AND asset_id = $2");

#define NOTIFICATION_COLS                                                                                   \
	"SELECT n.id, n.incident_id, n.regime, n.recipient, n.due_at, n.decision, n.reason, n.decided_by,"  \
	" du.display_name, n.decided_at, n.case_ref, n.delay_reason, n.version, n.created_at, n.updated_at" \
	" FROM incident_notifications n LEFT JOIN users du ON du.id = n.decided_by"
static DB_QUERY_PLAN_ONCE(Q_INCIDENT_NOTIFICATIONS,
			  NOTIFICATION_COLS " WHERE n.incident_id = $1 ORDER BY CASE n.regime WHEN 'gdpr33' THEN 1"
					    " WHEN 'gdpr34' THEN 2 WHEN 'csirt' THEN 3 ELSE 4 END, n.id");
static DB_QUERY(Q_INCIDENT_NOTIFICATION_INSERT,
		"INSERT INTO incident_notifications (incident_id, regime, recipient, due_at, version, created_at,"
		" updated_at) VALUES ($1, $2, $3, $4, 1, $5, $5) RETURNING id");
static DB_QUERY(Q_INCIDENT_NOTIFICATION_UPDATE,
		"UPDATE incident_notifications SET decision = $3, reason = $4, case_ref = $5, delay_reason = $6,"
		" recipient = $7, due_at = $8, decided_by = $9, decided_at = $10, updated_at = $11,"
		" version = version + 1 WHERE id = $1 AND version = $2");
static DB_QUERY_PLAN_ONCE(Q_INCIDENT_FILINGS,
			  "SELECT f.id, f.notification_id, f.stage, f.filed_at, f.reference, f.note, f.recorded_by,"
			  " f.recorded_by_name, f.recorded_at FROM incident_filings f"
			  " JOIN incident_notifications n ON n.id = f.notification_id WHERE n.incident_id = $1"
			  " ORDER BY f.notification_id, f.filed_at, f.id");
static DB_QUERY(Q_INCIDENT_FILING_INSERT,
		"INSERT INTO incident_filings (notification_id, stage, filed_at, reference, note, recorded_by,"
		" recorded_by_name, recorded_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id");

static DB_QUERY_PLAN_ONCE(
	Q_INCIDENT_DECISIONS,
	"SELECT id, incident_id, notification_id, what, reason, decided_by, decided_by_name, decided_at"
	" FROM incident_decisions WHERE incident_id = $1 ORDER BY id");
static DB_QUERY(Q_INCIDENT_DECISION_INSERT,
		"INSERT INTO incident_decisions (incident_id, notification_id, what, reason, decided_by,"
		" decided_by_name, decided_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id");

#define CATEGORY_COLS "SELECT id, position, name, builtin, active, version, updated_at FROM incident_categories"
static DB_QUERY(Q_INCIDENT_CATEGORIES,
		CATEGORY_COLS " WHERE CAST($1 AS BIGINT) = 1 OR active = 1 ORDER BY position, id");
static DB_QUERY(Q_INCIDENT_CATEGORY_GET, CATEGORY_COLS " WHERE id = $1");
static DB_QUERY(Q_INCIDENT_CATEGORY_INSERT,
		"INSERT INTO incident_categories (position, name, builtin, active, version, updated_at)"
		" SELECT COALESCE(MAX(position), 0) + 1, CAST($1 AS TEXT), 0, 1, 1, CAST($2 AS TEXT)"
		" FROM incident_categories RETURNING id");
static DB_QUERY(
	Q_INCIDENT_CATEGORY_UPDATE,
	"UPDATE incident_categories SET name = $3, builtin = CASE WHEN CAST($4 AS BIGINT) = 1 THEN 0"
	" ELSE builtin END, active = $5, updated_at = $6, version = version + 1 WHERE id = $1 AND version = $2");

static DB_QUERY(Q_INCIDENT_SETTINGS_GET,
		"SELECT u.id, u.name, s.org_id, s.public_intake, s.controller, s.org_number, s.contact, s.version,"
		" s.updated_at FROM units u LEFT JOIN incident_settings s ON s.org_id = u.id WHERE u.id = $1");
static DB_QUERY(Q_INCIDENT_SETTINGS_INSERT,
		"INSERT INTO incident_settings (org_id, public_intake, controller, org_number, contact, version,"
		" updated_at) VALUES ($1, $2, $3, $4, $5, 1, $6)");
static DB_QUERY(Q_INCIDENT_SETTINGS_UPDATE,
		"UPDATE incident_settings SET public_intake = $3, controller = $4, org_number = $5, contact = $6,"
		" updated_at = $7, version = version + 1 WHERE org_id = $1 AND version = $2");

static DB_QUERY(
	Q_INCIDENT_INTAKE_COUNT,
	"INSERT INTO incident_intake_throttle (addr, window_start, n) VALUES ($1, $2, 1)"
	" ON CONFLICT (addr) DO UPDATE SET"
	" n = CASE WHEN incident_intake_throttle.window_start < CAST($3 AS TEXT) THEN 1"
	" ELSE incident_intake_throttle.n + 1 END,"
	" window_start = CASE WHEN incident_intake_throttle.window_start < CAST($3 AS TEXT) THEN CAST($2 AS TEXT)"
	" ELSE incident_intake_throttle.window_start END RETURNING n");

#define STATS_FILTER INCIDENT_FILTER " AND i.state = 'incident'"
static DB_QUERY(Q_INCIDENT_STATS_MONTHS,
		"SELECT substr(COALESCE(i.aware_at, i.created_at), 1, 7), count(*)" INCIDENT_FROM STATS_FILTER
		" GROUP BY substr(COALESCE(i.aware_at, i.created_at), 1, 7) ORDER BY 1");
static DB_QUERY(Q_INCIDENT_STATS_KINDS,
		"SELECT COALESCE(SUM(i.kind_security), 0), COALESCE(SUM(i.kind_breach), 0),"
		" COALESCE(SUM(i.kind_it), 0), COALESCE(SUM(i.kind_significant), 0)" INCIDENT_FROM STATS_FILTER);
static DB_QUERY(Q_INCIDENT_STATS_UNITS, "SELECT i.unit_id, u.name, count(*)" INCIDENT_FROM STATS_FILTER
					" GROUP BY i.unit_id, u.name ORDER BY count(*) DESC, u.name LIMIT $13");
static DB_QUERY(
	Q_INCIDENT_STATS_LAGS,
	"SELECT n.regime, i.aware_at, MIN(f.filed_at)" INCIDENT_FROM
	" JOIN incident_notifications n ON n.incident_id = i.id"
	" JOIN incident_filings f ON f.notification_id = n.id AND f.stage IN ('initial', 'early_warning')" STATS_FILTER
	" AND n.regime IN ('gdpr33', 'csirt') AND i.aware_at IS NOT NULL GROUP BY n.id, n.regime, i.aware_at"
	" ORDER BY n.id");

static const char *empty_if_null(const char *s)
{
	return s ? s : "";
}

static int64_t int_or_unknown(const struct db_rows *r, size_t i, size_t col)
{
	return rows_text(r, i, col) ? rows_int(r, i, col) : -1;
}

static void incident_from_row(const struct db_rows *r, size_t i, void *out)
{
	struct incident *in = out;
	in->id = rows_int(r, i, IC_ID);
	in->unit_id = rows_int(r, i, IC_UNIT);
	in->unit_name = rows_text(r, i, IC_UNIT_NAME);
	in->unit_path = rows_text(r, i, IC_UNIT_PATH);
	in->state = rows_text(r, i, IC_STATE);
	in->status = rows_text(r, i, IC_STATUS);
	in->kind_security = rows_bool(r, i, IC_K_SECURITY);
	in->kind_breach = rows_bool(r, i, IC_K_BREACH);
	in->kind_it = rows_bool(r, i, IC_K_IT);
	in->kind_significant = rows_bool(r, i, IC_K_SIGNIFICANT);
	in->category_id = rows_int(r, i, IC_CATEGORY);
	in->category_name = rows_text(r, i, IC_CATEGORY_NAME);
	in->category_builtin = rows_bool(r, i, IC_CATEGORY_BUILTIN);
	in->title = rows_text(r, i, IC_TITLE);
	in->description = rows_text(r, i, IC_DESCRIPTION);
	in->occurred_at = rows_text(r, i, IC_OCCURRED);
	in->discovered_at = rows_text(r, i, IC_DISCOVERED);
	in->aware_at = rows_text(r, i, IC_AWARE);
	in->ended_at = rows_text(r, i, IC_ENDED);
	in->severity = rows_text(r, i, IC_SEVERITY);
	in->aspect_c = rows_bool(r, i, IC_A_C);
	in->aspect_i = rows_bool(r, i, IC_A_I);
	in->aspect_a = rows_bool(r, i, IC_A_A);
	in->aspect_t = rows_bool(r, i, IC_A_T);
	in->subject_categories = rows_text(r, i, IC_SUBJECT_CATEGORIES);
	in->subjects_approx = int_or_unknown(r, i, IC_SUBJECTS);
	in->records_approx = int_or_unknown(r, i, IC_RECORDS);
	in->data_kinds = rows_text(r, i, IC_DATA_KINDS);
	in->consequences = rows_text(r, i, IC_CONSEQUENCES);
	in->measures = rows_text(r, i, IC_MEASURES);
	in->cause = rows_text(r, i, IC_CAUSE);
	in->malicious = rows_bool(r, i, IC_MALICIOUS);
	in->cross_border = rows_bool(r, i, IC_CROSS_BORDER);
	in->indicators = rows_text(r, i, IC_INDICATORS);
	in->secrecy = rows_text(r, i, IC_SECRECY);
	in->lessons = rows_text(r, i, IC_LESSONS);
	in->source = rows_text(r, i, IC_SOURCE);
	in->reporter_id = rows_int(r, i, IC_REPORTER);
	in->reporter_name = rows_text(r, i, IC_REPORTER_NAME);
	in->reporter_contact = rows_text(r, i, IC_REPORTER_CONTACT);
	in->receipt = rows_text(r, i, IC_RECEIPT);
	in->next_due = rows_text(r, i, IC_NEXT_DUE);
	in->version = rows_int(r, i, IC_VERSION);
	in->created_at = rows_text(r, i, IC_CREATED);
	in->updated_at = rows_text(r, i, IC_UPDATED);
}

int q_incident_get(struct db *db, struct arena *a, int64_t id, struct incident *out, struct err *e)
{
	return db_run_get(db, a, &Q_INCIDENT_GET, DB_ARGS(DB_INT(id)), incident_from_row, out, e);
}

#define FILTER_ARGS(f, subtree, from, to, now, like)                                                             \
	DB_INT((f)->viewer_id), DB_TEXT(subtree), DB_TEXT((f)->kind), DB_TEXT((f)->status), DB_TEXT((f)->state), \
		DB_INT((f)->clock_missed ? 1 : 0), DB_TEXT(now), DB_TEXT(from), DB_TEXT(to), DB_TEXT(like),      \
		DB_INT((f)->reporter_id), DB_INT((f)->asset_id)

int q_incident_list(struct db *db, struct arena *a, const struct incident_filter *f, const char *subtree,
		    const char *from, const char *to, const char *now, struct incident **out, size_t *n, int64_t *total,
		    struct err *e)
{
	const char *like = db_like_contains(a, f->q);
	int64_t limit = f->limit > 0 && f->limit <= 10000 ? f->limit : 50;
	int rc;

	/* "Now" only where a clock is judged by it, so that the count is kept between writes. */
	if (!f->clock_missed)
		now = NULL;
	bool recent = f->sort == INCIDENT_SORT_CREATED && f->desc;
	if ((rc = db_run_count_kept(db, a, subtree ? &Q_INCIDENT_COUNT_IN : &Q_INCIDENT_COUNT,
				    DB_ARGS(FILTER_ARGS(f, subtree, from, to, now, like)), total, e)))
		return rc;
	return db_run_list(db, a,
			   subtree ? (recent ? &Q_INCIDENT_LIST_RECENT_IN : &Q_INCIDENT_LIST_IN)
				   : (recent ? &Q_INCIDENT_LIST_RECENT : &Q_INCIDENT_LIST),
			   DB_ARGS(FILTER_ARGS(f, subtree, from, to, now, like), DB_INT(f->sort),
				   DB_INT(f->desc ? 1 : 0), DB_INT(limit), DB_INT(f->offset > 0 ? f->offset : 0)),
			   sizeof(**out), incident_from_row, (void **)out, n, e);
}

int q_incident_insert(struct db *db, struct arena *a, const struct incident_input *in, const char *source,
		      int64_t reporter_id, const char *reporter_name, const char *contact, const char *receipt,
		      const char *now, int64_t *id_out, struct err *e)
{
	return db_run_insert(db, a, &Q_INCIDENT_INSERT,
			     DB_ARGS(DB_ID(in->unit_id), DB_TEXT(in->title), DB_TEXT(empty_if_null(in->description)),
				     DB_TEXT(in->occurred_at), DB_TEXT(in->discovered_at), DB_TEXT(in->aware_at),
				     DB_TEXT(source), DB_ID(reporter_id), DB_TEXT(empty_if_null(reporter_name)),
				     DB_TEXT(empty_if_null(contact)), DB_TEXT(receipt), DB_TEXT(now)),
			     id_out, e);
}

static struct db_arg approx_arg(int64_t v)
{
	return v >= 0 ? DB_INT(v) : DB_NULL;
}

int q_incident_update(struct db *db, struct arena *a, int64_t id, int64_t version, const struct incident_input *in,
		      const char *now, struct err *e)
{
	int rc = db_run_change(
		db, a, &Q_INCIDENT_UPDATE,
		DB_ARGS(DB_INT(id), DB_INT(version), DB_ID(in->unit_id), DB_INT(in->kind_security),
			DB_INT(in->kind_breach), DB_INT(in->kind_it), DB_INT(in->kind_significant),
			DB_ID(in->category_id), DB_TEXT(in->title), DB_TEXT(empty_if_null(in->description)),
			DB_TEXT(in->occurred_at), DB_TEXT(in->discovered_at), DB_TEXT(in->aware_at),
			DB_TEXT(in->ended_at), DB_TEXT(empty_if_null(in->severity)), DB_INT(in->aspect_c),
			DB_INT(in->aspect_i), DB_INT(in->aspect_a), DB_INT(in->aspect_t),
			DB_TEXT(empty_if_null(in->subject_categories)), approx_arg(in->subjects_approx),
			approx_arg(in->records_approx), DB_TEXT(empty_if_null(in->data_kinds)),
			DB_TEXT(empty_if_null(in->consequences)), DB_TEXT(empty_if_null(in->measures)),
			DB_TEXT(empty_if_null(in->cause)), DB_INT(in->malicious), DB_INT(in->cross_border),
			DB_TEXT(empty_if_null(in->indicators)), DB_TEXT(empty_if_null(in->secrecy)),
			DB_TEXT(empty_if_null(in->lessons)), DB_TEXT(in->status), DB_TEXT(now)),
		e);
	return rc == ERR_NOTFOUND ? ERR_CONFLICT : rc;
}

int q_incident_triage(struct db *db, struct arena *a, int64_t id, int64_t version, const char *state,
		      const char *status, const bool kinds[4], const char *now, struct err *e)
{
	int rc = db_run_change(db, a, &Q_INCIDENT_TRIAGE,
			       DB_ARGS(DB_INT(id), DB_INT(version), DB_TEXT(state), DB_TEXT(status), DB_INT(kinds[0]),
				       DB_INT(kinds[1]), DB_INT(kinds[2]), DB_INT(kinds[3]), DB_TEXT(now)),
			       e);
	return rc == ERR_NOTFOUND ? ERR_CONFLICT : rc;
}

int q_incident_set_due(struct db *db, struct arena *a, int64_t id, const char *next_due, struct err *e)
{
	return db_run(db, a, &Q_INCIDENT_SET_DUE, DB_ARGS(DB_INT(id), DB_TEXT(next_due)), NULL, e);
}

int q_incident_receipt_taken(struct db *db, struct arena *a, const char *receipt, bool *taken, struct err *e)
{
	struct db_rows rows;
	int rc = db_run(db, a, &Q_INCIDENT_RECEIPT, DB_ARGS(DB_TEXT(receipt)), &rows, e);
	if (!rc)
		*taken = rows.n_rows > 0;
	return rc;
}

/* The first column of every row of @q run with @id, as ids. */
static int ids_of(struct db *db, struct arena *a, const struct db_query *q, int64_t id, int64_t **ids, size_t *n,
		  struct err *e)
{
	struct db_rows rows;
	int rc = db_run(db, a, q, DB_ARGS(DB_INT(id)), &rows, e);
	if (rc)
		return rc;
	*ids = arena_calloc(a, rows.n_rows ? rows.n_rows : 1, sizeof(**ids));
	for (size_t i = 0; i < rows.n_rows; i++)
		(*ids)[i] = rows_int(&rows, i, 0);
	*n = rows.n_rows;
	return 0;
}

int q_incident_asset_ids(struct db *db, struct arena *a, int64_t id, int64_t **ids, size_t *n, struct err *e)
{
	return ids_of(db, a, &Q_INCIDENT_ASSET_IDS, id, ids, n, e);
}

int q_incident_asset_insert(struct db *db, struct arena *a, int64_t id, int64_t asset_id, int64_t by, const char *now,
			    struct err *e)
{
	struct db_rows rows;
	int rc = db_run(db, a, &Q_INCIDENT_ASSET_HAS, DB_ARGS(DB_INT(id), DB_INT(asset_id)), &rows, e);
	if (rc)
		return rc;
	if (rows.n_rows)
		return ERR_EXISTS;
	return db_run(db, a, &Q_INCIDENT_ASSET_INSERT, DB_ARGS(DB_INT(id), DB_INT(asset_id), DB_ID(by), DB_TEXT(now)),
		      NULL, e);
}

int q_incident_asset_delete(struct db *db, struct arena *a, int64_t id, int64_t asset_id, struct err *e)
{
	return db_run_change(db, a, &Q_INCIDENT_ASSET_DELETE, DB_ARGS(DB_INT(id), DB_INT(asset_id)), e);
}

static void notification_from_row(const struct db_rows *r, size_t i, void *out)
{
	struct incident_notification *n = out;
	n->id = rows_int(r, i, 0);
	n->incident_id = rows_int(r, i, 1);
	n->regime = rows_text(r, i, 2);
	n->recipient = rows_text(r, i, 3);
	n->due_at = rows_text(r, i, 4);
	n->decision = rows_text(r, i, 5);
	n->reason = rows_text(r, i, 6);
	n->decided_by = rows_int(r, i, 7);
	n->decided_by_name = rows_text(r, i, 8);
	n->decided_at = rows_text(r, i, 9);
	n->case_ref = rows_text(r, i, 10);
	n->delay_reason = rows_text(r, i, 11);
	n->version = rows_int(r, i, 12);
	n->created_at = rows_text(r, i, 13);
	n->updated_at = rows_text(r, i, 14);
}

int q_incident_notifications(struct db *db, struct arena *a, int64_t id, struct incident_notification **out, size_t *n,
			     struct err *e)
{
	return db_run_list(db, a, &Q_INCIDENT_NOTIFICATIONS, DB_ARGS(DB_INT(id)), sizeof(**out), notification_from_row,
			   (void **)out, n, e);
}

int q_incident_notification_insert(struct db *db, struct arena *a, int64_t id, const char *regime,
				   const char *recipient, const char *due_at, const char *now, int64_t *id_out,
				   struct err *e)
{
	return db_run_insert(
		db, a, &Q_INCIDENT_NOTIFICATION_INSERT,
		DB_ARGS(DB_INT(id), DB_TEXT(regime), DB_TEXT(empty_if_null(recipient)), DB_TEXT(due_at), DB_TEXT(now)),
		id_out, e);
}

int q_incident_notification_update(struct db *db, struct arena *a, int64_t id, int64_t version,
				   const struct incident_notification_input *in, int64_t by, const char *decided_at,
				   const char *now, struct err *e)
{
	int rc = db_run_change(db, a, &Q_INCIDENT_NOTIFICATION_UPDATE,
			       DB_ARGS(DB_INT(id), DB_INT(version), DB_TEXT(in->decision),
				       DB_TEXT(empty_if_null(in->reason)), DB_TEXT(empty_if_null(in->case_ref)),
				       DB_TEXT(empty_if_null(in->delay_reason)), DB_TEXT(empty_if_null(in->recipient)),
				       DB_TEXT(in->due_at), DB_ID(by), DB_TEXT(decided_at), DB_TEXT(now)),
			       e);
	return rc == ERR_NOTFOUND ? ERR_CONFLICT : rc;
}

static void filing_from_row(const struct db_rows *r, size_t i, void *out)
{
	struct incident_filing *f = out;
	f->id = rows_int(r, i, 0);
	f->notification_id = rows_int(r, i, 1);
	f->stage = rows_text(r, i, 2);
	f->filed_at = rows_text(r, i, 3);
	f->reference = rows_text(r, i, 4);
	f->note = rows_text(r, i, 5);
	f->recorded_by = rows_int(r, i, 6);
	f->recorded_by_name = rows_text(r, i, 7);
	f->recorded_at = rows_text(r, i, 8);
}

int q_incident_filings(struct db *db, struct arena *a, int64_t id, struct incident_filing **out, size_t *n,
		       struct err *e)
{
	return db_run_list(db, a, &Q_INCIDENT_FILINGS, DB_ARGS(DB_INT(id)), sizeof(**out), filing_from_row,
			   (void **)out, n, e);
}

int q_incident_filing_insert(struct db *db, struct arena *a, const struct incident_filing *f, int64_t *id_out,
			     struct err *e)
{
	return db_run_insert(db, a, &Q_INCIDENT_FILING_INSERT,
			     DB_ARGS(DB_INT(f->notification_id), DB_TEXT(f->stage), DB_TEXT(f->filed_at),
				     DB_TEXT(empty_if_null(f->reference)), DB_TEXT(empty_if_null(f->note)),
				     DB_ID(f->recorded_by), DB_TEXT(empty_if_null(f->recorded_by_name)),
				     DB_TEXT(f->recorded_at)),
			     id_out, e);
}

static void decision_from_row(const struct db_rows *r, size_t i, void *out)
{
	struct incident_decision *d = out;
	d->id = rows_int(r, i, 0);
	d->incident_id = rows_int(r, i, 1);
	d->notification_id = rows_int(r, i, 2);
	d->what = rows_text(r, i, 3);
	d->reason = rows_text(r, i, 4);
	d->decided_by = rows_int(r, i, 5);
	d->decided_by_name = rows_text(r, i, 6);
	d->decided_at = rows_text(r, i, 7);
}

int q_incident_decisions(struct db *db, struct arena *a, int64_t id, struct incident_decision **out, size_t *n,
			 struct err *e)
{
	return db_run_list(db, a, &Q_INCIDENT_DECISIONS, DB_ARGS(DB_INT(id)), sizeof(**out), decision_from_row,
			   (void **)out, n, e);
}

int q_incident_decision_insert(struct db *db, struct arena *a, const struct incident_decision *d, int64_t *id_out,
			       struct err *e)
{
	return db_run_insert(db, a, &Q_INCIDENT_DECISION_INSERT,
			     DB_ARGS(DB_INT(d->incident_id), DB_ID(d->notification_id), DB_TEXT(d->what),
				     DB_TEXT(empty_if_null(d->reason)), DB_ID(d->decided_by),
				     DB_TEXT(empty_if_null(d->decided_by_name)), DB_TEXT(d->decided_at)),
			     id_out, e);
}

static void category_from_row(const struct db_rows *r, size_t i, void *out)
{
	struct incident_category *c = out;
	c->id = rows_int(r, i, 0);
	c->position = rows_int(r, i, 1);
	c->name = rows_text(r, i, 2);
	c->builtin = rows_bool(r, i, 3);
	c->active = rows_bool(r, i, 4);
	c->version = rows_int(r, i, 5);
	c->updated_at = rows_text(r, i, 6);
}

int q_incident_categories(struct db *db, struct arena *a, bool all, struct incident_category **out, size_t *n,
			  struct err *e)
{
	return db_run_list(db, a, &Q_INCIDENT_CATEGORIES, DB_ARGS(DB_INT(all ? 1 : 0)), sizeof(**out),
			   category_from_row, (void **)out, n, e);
}

int q_incident_category_get(struct db *db, struct arena *a, int64_t id, struct incident_category *out, struct err *e)
{
	return db_run_get(db, a, &Q_INCIDENT_CATEGORY_GET, DB_ARGS(DB_INT(id)), category_from_row, out, e);
}

int q_incident_category_insert(struct db *db, struct arena *a, const char *name, const char *now, int64_t *id_out,
			       struct err *e)
{
	return db_run_insert(db, a, &Q_INCIDENT_CATEGORY_INSERT, DB_ARGS(DB_TEXT(name), DB_TEXT(now)), id_out, e);
}

int q_incident_category_update(struct db *db, struct arena *a, int64_t id, int64_t version, const char *name,
			       bool rename, bool active, const char *now, struct err *e)
{
	int rc = db_run_change(db, a, &Q_INCIDENT_CATEGORY_UPDATE,
			       DB_ARGS(DB_INT(id), DB_INT(version), DB_TEXT(name), DB_INT(rename ? 1 : 0),
				       DB_INT(active ? 1 : 0), DB_TEXT(now)),
			       e);
	return rc == ERR_NOTFOUND ? ERR_CONFLICT : rc;
}

int q_incident_settings_get(struct db *db, struct arena *a, int64_t org_id, struct incident_settings *out,
			    struct err *e)
{
	struct db_rows rows;
	int rc = db_run(db, a, &Q_INCIDENT_SETTINGS_GET, DB_ARGS(DB_INT(org_id)), &rows, e);
	if (rc)
		return rc;
	if (rows.n_rows == 0)
		return ERR_NOTFOUND;
	*out = (struct incident_settings){ 0 };
	out->org_id = rows_int(&rows, 0, 0);
	out->org_name = rows_text(&rows, 0, 1);
	out->stored = rows_text(&rows, 0, 2) != NULL;
	out->public_intake = rows_bool(&rows, 0, 3);
	out->controller = empty_if_null(rows_text(&rows, 0, 4));
	out->org_number = empty_if_null(rows_text(&rows, 0, 5));
	out->contact = empty_if_null(rows_text(&rows, 0, 6));
	out->version = rows_int(&rows, 0, 7);
	out->updated_at = rows_text(&rows, 0, 8);
	return 0;
}

int q_incident_settings_put(struct db *db, struct arena *a, const struct incident_settings *s, int64_t version,
			    const char *now, struct err *e)
{
	int rc;

	if (version == 0)
		return db_run(db, a, &Q_INCIDENT_SETTINGS_INSERT,
			      DB_ARGS(DB_INT(s->org_id), DB_INT(s->public_intake ? 1 : 0), DB_TEXT(s->controller),
				      DB_TEXT(s->org_number), DB_TEXT(s->contact), DB_TEXT(now)),
			      NULL, e);
	rc = db_run_change(db, a, &Q_INCIDENT_SETTINGS_UPDATE,
			   DB_ARGS(DB_INT(s->org_id), DB_INT(version), DB_INT(s->public_intake ? 1 : 0),
				   DB_TEXT(s->controller), DB_TEXT(s->org_number), DB_TEXT(s->contact), DB_TEXT(now)),
			   e);
	return rc == ERR_NOTFOUND ? ERR_CONFLICT : rc;
}

int q_incident_intake_count(struct db *db, struct arena *a, const char *addr, const char *now, const char *window_start,
			    int64_t *n, struct err *e)
{
	struct db_rows rows;
	int rc = db_run(db, a, &Q_INCIDENT_INTAKE_COUNT, DB_ARGS(DB_TEXT(addr), DB_TEXT(now), DB_TEXT(window_start)),
			&rows, e);
	if (!rc)
		*n = rows.n_rows ? rows_int(&rows, 0, 0) : 1;
	return rc;
}

static void count_from_row(const struct db_rows *r, size_t i, void *out)
{
	struct incident_count *c = out;
	c->id = 0;
	c->key = rows_text(r, i, 0);
	c->n = rows_int(r, i, 1);
}

static void unit_count_from_row(const struct db_rows *r, size_t i, void *out)
{
	struct incident_count *c = out;
	c->id = rows_int(r, i, 0);
	c->key = rows_text(r, i, 1);
	c->n = rows_int(r, i, 2);
}

int q_incident_stats_months(struct db *db, struct arena *a, const struct incident_filter *f, const char *subtree,
			    const char *from, const char *to, struct incident_count **out, size_t *n, struct err *e)
{
	struct db_rows rows;
	int rc = db_run(db, a, &Q_INCIDENT_STATS_MONTHS, DB_ARGS(FILTER_ARGS(f, subtree, from, to, NULL, NULL)), &rows,
			e);
	if (!rc)
		*out = rows_map(a, &rows, sizeof(**out), count_from_row, n);
	return rc;
}

int q_incident_stats_kinds(struct db *db, struct arena *a, const struct incident_filter *f, const char *subtree,
			   const char *from, const char *to, int64_t counts[4], struct err *e)
{
	struct db_rows rows;
	int rc = db_run(db, a, &Q_INCIDENT_STATS_KINDS, DB_ARGS(FILTER_ARGS(f, subtree, from, to, NULL, NULL)), &rows,
			e);
	if (rc)
		return rc;
	for (size_t k = 0; k < 4; k++)
		counts[k] = rows.n_rows ? rows_int(&rows, 0, k) : 0;
	return 0;
}

int q_incident_stats_units(struct db *db, struct arena *a, const struct incident_filter *f, const char *subtree,
			   const char *from, const char *to, int64_t limit, struct incident_count **out, size_t *n,
			   struct err *e)
{
	struct db_rows rows;
	int rc = db_run(db, a, &Q_INCIDENT_STATS_UNITS,
			DB_ARGS(FILTER_ARGS(f, subtree, from, to, NULL, NULL), DB_INT(limit)), &rows, e);
	if (!rc)
		*out = rows_map(a, &rows, sizeof(**out), unit_count_from_row, n);
	return rc;
}

static void lag_from_row(const struct db_rows *r, size_t i, void *out)
{
	struct incident_lag *l = out;
	l->regime = rows_text(r, i, 0);
	l->aware_at = rows_text(r, i, 1);
	l->filed_at = rows_text(r, i, 2);
}

int q_incident_stats_lags(struct db *db, struct arena *a, const struct incident_filter *f, const char *subtree,
			  const char *from, const char *to, struct incident_lag **out, size_t *n, struct err *e)
{
	struct db_rows rows;
	int rc =
		db_run(db, a, &Q_INCIDENT_STATS_LAGS, DB_ARGS(FILTER_ARGS(f, subtree, from, to, NULL, NULL)), &rows, e);
	if (!rc)
		*out = rows_map(a, &rows, sizeof(**out), lag_from_row, n);
	return rc;
}
