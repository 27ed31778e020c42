/*
 * q_wheel.c - SQL of the annual wheel and of the calendar feeds' secrets.
 *
 * An occurrence's row carries its item's title, time, unit and responsible
 * person, so a month view, a list, an export or a calendar feed is one
 * query. Each query is private to this file, behind one typed function
 * (q_wheel.h).
 */
#include "db/q_wheel.h"

#include "core/arena.h"
#include "core/err.h"
#include "db/db.h"
#include "db/q_scope.h"

enum item_col {
	IC_ID,
	IC_UNIT,
	IC_UNIT_NAME,
	IC_UNIT_PATH,
	IC_TITLE,
	IC_DESCRIPTION,
	IC_FREQ,
	IC_MONTH,
	IC_DAY,
	IC_NTH,
	IC_WEEKDAY,
	IC_TIME,
	IC_RESPONSIBLE,
	IC_RESPONSIBLE_NAME,
	IC_ACTIVE,
	IC_FROM,
	IC_VERSION,
	IC_CREATED_BY,
	IC_CREATED,
	IC_UPDATED
};

enum occ_col {
	OC_ID,
	OC_ITEM,
	OC_TITLE,
	OC_DESCRIPTION,
	OC_TIME,
	OC_UNIT,
	OC_UNIT_NAME,
	OC_UNIT_PATH,
	OC_RESPONSIBLE,
	OC_RESPONSIBLE_NAME,
	OC_DATE,
	OC_STATUS,
	OC_COMMENT,
	OC_VERSION,
	OC_UPDATED
};

#define ITEM_COLS                                                                                          \
	"wi.id, wi.unit_id, u.name, u.path, wi.title, wi.description, wi.freq, wi.month, wi.day, wi.nth,"  \
	" wi.weekday, wi.time_of_day, wi.responsible_id, rp.display_name, wi.active, wi.from_activity_id," \
	" wi.version, wi.created_by, wi.created_at, wi.updated_at"
#define ITEM_FROM \
	" FROM wheel_items wi JOIN units u ON u.id = wi.unit_id LEFT JOIN users rp ON rp.id = wi.responsible_id"
#define ITEM_FILTER                                                             \
	" WHERE " SQL_UNIT_VISIBLE("u.path", "$1") " AND " SQL_PATH_IN_SUBTREE( \
		"u.path", "$2") " AND (CAST($3 AS BIGINT) = 0 OR wi.active = 1)"
#define OCC_COLS                                                                                   \
	"wo.id, wo.item_id, wi.title, wi.description, wi.time_of_day, wi.unit_id, u.name, u.path," \
	" wi.responsible_id, rp.display_name, wo.on_date, wo.status, wo.comment, wo.version, wo.updated_at"
#define OCC_FROM                                                               \
	" FROM wheel_occurrences wo JOIN wheel_items wi ON wi.id = wo.item_id" \
	" JOIN units u ON u.id = wi.unit_id LEFT JOIN users rp ON rp.id = wi.responsible_id"
#define OCC_FILTER                                                                              \
	" WHERE " SQL_UNIT_VISIBLE("u.path", "$1") " AND " SQL_PATH_IN_SUBTREE(                 \
		"u.path",                                                                       \
		"$2") " AND (CAST($3 AS BIGINT) = 0 OR wo.item_id = CAST($3 AS BIGINT))"        \
		      " AND (CAST($4 AS TEXT) IS NULL OR wo.on_date >= CAST($4 AS TEXT))"       \
		      " AND (CAST($5 AS TEXT) IS NULL OR wo.on_date <= CAST($5 AS TEXT))"       \
		      " AND (CAST($6 AS TEXT) IS NULL OR wo.status = CAST($6 AS TEXT))"         \
		      " AND (CAST($7 AS BIGINT) = 0 OR wi.responsible_id = CAST($7 AS BIGINT))" \
		      " AND (CAST($8 AS BIGINT) = 0 OR wo.status <> 'done')"                    \
		      " AND (CAST($9 AS BIGINT) = 0 OR (wo.status <> 'done' AND wo.on_date < CAST($10 AS TEXT)))"

static DB_QUERY(Q_ITEM_GET, "SELECT " ITEM_COLS ITEM_FROM " WHERE wi.id = $1");
static DB_QUERY(Q_ITEM_LIST,
		"SELECT " ITEM_COLS ITEM_FROM ITEM_FILTER " ORDER BY lower(wi.title), wi.id LIMIT $4 OFFSET $5");
static DB_QUERY(Q_ITEM_COUNT, "SELECT count(*)" ITEM_FROM ITEM_FILTER);
static DB_QUERY(Q_ITEM_INSERT,
		"INSERT INTO wheel_items (unit_id, title, description, freq, month, day, nth, weekday, time_of_day,"
		" responsible_id, active, from_activity_id, version, created_by, created_at, updated_at)"
		" VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, 1, $13, $14, $14) RETURNING id");
static DB_QUERY(Q_ITEM_UPDATE,
		"UPDATE wheel_items SET unit_id = $3, title = $4, description = $5, freq = $6, month = $7, day = $8,"
		" nth = $9, weekday = $10, time_of_day = $11, responsible_id = $12, active = $13, updated_at = $14,"
		" version = version + 1 WHERE id = $1 AND version = $2");
static DB_QUERY(Q_OCC_GET, "SELECT " OCC_COLS OCC_FROM " WHERE wo.id = $1");
static DB_QUERY(Q_OCC_LIST, "SELECT " OCC_COLS OCC_FROM OCC_FILTER
			    " ORDER BY wo.on_date, wi.time_of_day, lower(wi.title), wo.id LIMIT $11 OFFSET $12");
static DB_QUERY(Q_OCC_COUNT, "SELECT count(*)" OCC_FROM OCC_FILTER);
static DB_QUERY(Q_OCC_DATES, "SELECT on_date FROM wheel_occurrences WHERE item_id = $1 AND on_date >= $2"
			     " AND on_date <= $3 ORDER BY on_date");
static DB_QUERY(Q_OCC_INSERT,
		"INSERT INTO wheel_occurrences (item_id, on_date, status, comment, version, updated_by,"
		" created_at, updated_at) VALUES ($1, $2, 'not_started', '', 1, $3, $4, $4) RETURNING id");
static DB_QUERY(Q_OCC_UPDATE, "UPDATE wheel_occurrences SET status = $3, comment = $4, updated_by = $5,"
			      " updated_at = $6, version = version + 1 WHERE id = $1 AND version = $2");
static DB_QUERY(Q_KEY_USER, "SELECT user_id FROM calendar_keys WHERE key_hash = $1");
static DB_QUERY(Q_KEY_OF, "SELECT prefix, created_at FROM calendar_keys WHERE user_id = $1");
static DB_QUERY(Q_KEY_DELETE, "DELETE FROM calendar_keys WHERE user_id = $1");
static DB_QUERY(Q_KEY_INSERT, "INSERT INTO calendar_keys (user_id, key_hash, prefix, created_at)"
			      " VALUES ($1, $2, $3, $4) RETURNING id");

static void item_from_row(const struct db_rows *r, size_t i, void *out)
{
	struct wheel_item *w = out;
	w->id = rows_int(r, i, IC_ID);
	w->unit_id = rows_int(r, i, IC_UNIT);
	w->unit_name = rows_text(r, i, IC_UNIT_NAME);
	w->unit_path = rows_text(r, i, IC_UNIT_PATH);
	w->title = rows_text(r, i, IC_TITLE);
	w->description = rows_text(r, i, IC_DESCRIPTION);
	w->freq = rows_text(r, i, IC_FREQ);
	w->month = rows_int(r, i, IC_MONTH);
	w->day = rows_int(r, i, IC_DAY);
	w->nth = rows_int(r, i, IC_NTH);
	w->weekday = rows_int(r, i, IC_WEEKDAY);
	w->time_of_day = rows_text(r, i, IC_TIME);
	w->responsible_id = rows_int(r, i, IC_RESPONSIBLE);
	w->responsible_name = rows_text(r, i, IC_RESPONSIBLE_NAME);
	w->active = rows_bool(r, i, IC_ACTIVE);
	w->from_activity_id = rows_int(r, i, IC_FROM);
	w->version = rows_int(r, i, IC_VERSION);
	w->created_by = rows_int(r, i, IC_CREATED_BY);
	w->created_at = rows_text(r, i, IC_CREATED);
	w->updated_at = rows_text(r, i, IC_UPDATED);
}

int q_wheel_item_get(struct db *db, struct arena *a, int64_t id, struct wheel_item *out, struct err *e)
{
	return db_run_get(db, a, &Q_ITEM_GET, DB_ARGS(DB_INT(id)), item_from_row, out, e);
}

int q_wheel_item_list(struct db *db, struct arena *a, int64_t viewer_id, const char *subtree, bool active_only,
		      int64_t limit, int64_t offset, struct wheel_item **out, size_t *n, int64_t *total, struct err *e)
{
	int rc;

	if (limit <= 0 || limit > 10000)
		limit = 50;
	if ((rc = db_run_count(db, a, &Q_ITEM_COUNT,
			       DB_ARGS(DB_INT(viewer_id), DB_TEXT(subtree), DB_INT(active_only ? 1 : 0)), total, e)))
		return rc;
	return db_run_list(db, a, &Q_ITEM_LIST,
			   DB_ARGS(DB_INT(viewer_id), DB_TEXT(subtree), DB_INT(active_only ? 1 : 0), DB_INT(limit),
				   DB_INT(offset > 0 ? offset : 0)),
			   sizeof(**out), item_from_row, (void **)out, n, e);
}

int q_wheel_item_insert(struct db *db, struct arena *a, const struct wheel_item_input *in, int64_t from_activity_id,
			int64_t by, const char *now, int64_t *id_out, struct err *e)
{
	return db_run_insert(db, a, &Q_ITEM_INSERT,
			     DB_ARGS(DB_INT(in->unit_id), DB_TEXT(in->title), DB_TEXT(in->description),
				     DB_TEXT(in->freq), DB_INT(in->month), DB_INT(in->day), DB_INT(in->nth),
				     DB_INT(in->weekday), DB_TEXT(in->time_of_day), DB_ID(in->responsible_id),
				     DB_INT(in->active ? 1 : 0), DB_ID(from_activity_id), DB_ID(by), DB_TEXT(now)),
			     id_out, e);
}

int q_wheel_item_update(struct db *db, struct arena *a, int64_t id, int64_t version, const struct wheel_item_input *in,
			const char *now, struct err *e)
{
	int rc = db_run_change(db, a, &Q_ITEM_UPDATE,
			       DB_ARGS(DB_INT(id), DB_INT(version), DB_INT(in->unit_id), DB_TEXT(in->title),
				       DB_TEXT(in->description), DB_TEXT(in->freq), DB_INT(in->month), DB_INT(in->day),
				       DB_INT(in->nth), DB_INT(in->weekday), DB_TEXT(in->time_of_day),
				       DB_ID(in->responsible_id), DB_INT(in->active ? 1 : 0), DB_TEXT(now)),
			       e);
	return rc == ERR_NOTFOUND ? ERR_CONFLICT : rc;
}

static void occ_from_row(const struct db_rows *r, size_t i, void *out)
{
	struct wheel_occurrence *o = out;
	o->id = rows_int(r, i, OC_ID);
	o->item_id = rows_int(r, i, OC_ITEM);
	o->title = rows_text(r, i, OC_TITLE);
	o->description = rows_text(r, i, OC_DESCRIPTION);
	o->time_of_day = rows_text(r, i, OC_TIME);
	o->unit_id = rows_int(r, i, OC_UNIT);
	o->unit_name = rows_text(r, i, OC_UNIT_NAME);
	o->unit_path = rows_text(r, i, OC_UNIT_PATH);
	o->responsible_id = rows_int(r, i, OC_RESPONSIBLE);
	o->responsible_name = rows_text(r, i, OC_RESPONSIBLE_NAME);
	o->on_date = rows_text(r, i, OC_DATE);
	o->status = rows_text(r, i, OC_STATUS);
	o->comment = rows_text(r, i, OC_COMMENT);
	o->version = rows_int(r, i, OC_VERSION);
	o->updated_at = rows_text(r, i, OC_UPDATED);
}

int q_wheel_occ_get(struct db *db, struct arena *a, int64_t id, struct wheel_occurrence *out, struct err *e)
{
	return db_run_get(db, a, &Q_OCC_GET, DB_ARGS(DB_INT(id)), occ_from_row, out, e);
}

int q_wheel_occ_list(struct db *db, struct arena *a, const struct wheel_filter *f, const char *subtree,
		     struct wheel_occurrence **out, size_t *n, int64_t *total, struct err *e)
{
	struct db_rows rows;
	int64_t limit = f->limit > 0 && f->limit <= 10000 ? f->limit : 50;
	int rc;

#define OCC_FILTER_ARGS                                                                                             \
	DB_INT(f->viewer_id), DB_TEXT(subtree), DB_INT(f->item_id), DB_TEXT(f->from), DB_TEXT(f->to),               \
		DB_TEXT(f->status), DB_INT(f->responsible_id), DB_INT(f->open ? 1 : 0), DB_INT(f->overdue ? 1 : 0), \
		DB_TEXT(f->today ? f->today : "")
	if ((rc = db_run_count(db, a, &Q_OCC_COUNT, DB_ARGS(OCC_FILTER_ARGS), total, e)))
		return rc;
	rc = db_run(db, a, &Q_OCC_LIST, DB_ARGS(OCC_FILTER_ARGS, DB_INT(limit), DB_INT(f->offset > 0 ? f->offset : 0)),
		    &rows, e);
#undef OCC_FILTER_ARGS
	if (!rc)
		*out = rows_map(a, &rows, sizeof(**out), occ_from_row, n);
	return rc;
}

int q_wheel_occ_dates(struct db *db, struct arena *a, int64_t item_id, const char *from, const char *to,
		      const char ***out, size_t *n, struct err *e)
{
	struct db_rows rows;
	int rc = db_run(db, a, &Q_OCC_DATES, DB_ARGS(DB_INT(item_id), DB_TEXT(from), DB_TEXT(to)), &rows, e);
	if (rc)
		return rc;
	*out = arena_calloc(a, rows.n_rows ? rows.n_rows : 1, sizeof(**out));
	for (size_t i = 0; i < rows.n_rows; i++)
		(*out)[i] = rows_text(&rows, i, 0);
	*n = rows.n_rows;
	return 0;
}

int q_wheel_occ_insert(struct db *db, struct arena *a, int64_t item_id, const char *on_date, int64_t by,
		       const char *now, int64_t *id_out, struct err *e)
{
	return db_run_insert(db, a, &Q_OCC_INSERT, DB_ARGS(DB_INT(item_id), DB_TEXT(on_date), DB_ID(by), DB_TEXT(now)),
			     id_out, e);
}

int q_wheel_occ_update(struct db *db, struct arena *a, int64_t id, int64_t version, const char *status,
		       const char *comment, int64_t by, const char *now, struct err *e)
{
	int rc = db_run_change(
		db, a, &Q_OCC_UPDATE,
		DB_ARGS(DB_INT(id), DB_INT(version), DB_TEXT(status), DB_TEXT(comment), DB_ID(by), DB_TEXT(now)), e);
	return rc == ERR_NOTFOUND ? ERR_CONFLICT : rc;
}

int q_calendar_key_user(struct db *db, struct arena *a, const char *hash, int64_t *user_id, struct err *e)
{
	struct db_rows rows;
	int rc = db_run(db, a, &Q_KEY_USER, DB_ARGS(DB_TEXT(hash)), &rows, e);
	if (rc)
		return rc;
	if (rows.n_rows == 0)
		return ERR_NOTFOUND;
	*user_id = rows_int(&rows, 0, 0);
	return 0;
}

int q_calendar_key_of(struct db *db, struct arena *a, int64_t user_id, const char **prefix, const char **created_at,
		      struct err *e)
{
	struct db_rows rows;
	int rc = db_run(db, a, &Q_KEY_OF, DB_ARGS(DB_INT(user_id)), &rows, e);
	if (rc)
		return rc;
	if (rows.n_rows == 0)
		return ERR_NOTFOUND;
	*prefix = rows_text(&rows, 0, 0);
	*created_at = rows_text(&rows, 0, 1);
	return 0;
}

int q_calendar_key_delete(struct db *db, struct arena *a, int64_t user_id, struct err *e)
{
	return db_run(db, a, &Q_KEY_DELETE, DB_ARGS(DB_INT(user_id)), NULL, e);
}

int q_calendar_key_insert(struct db *db, struct arena *a, int64_t user_id, const char *hash, const char *prefix,
			  const char *now, struct err *e)
{
	int64_t id;
	return db_run_insert(db, a, &Q_KEY_INSERT,
			     DB_ARGS(DB_INT(user_id), DB_TEXT(hash), DB_TEXT(prefix), DB_TEXT(now)), &id, e);
}
