/*
 * q_action.c - SQL of tracked actions.
 *
 * Lists join the unit (scope and name), the responsible person, and the
 * asset and requirement an action was made from, so one row is all a page
 * needs. Actions with a due date come first, earliest first. Each query is
 * private to this file, behind one typed function (q_action.h).
 */
#include "db/q_action.h"

#include "core/err.h"
#include "db/db.h"
#include "db/q_scope.h"

enum action_col {
	ACC_ID,
	ACC_UNIT,
	ACC_UNIT_NAME,
	ACC_UNIT_PATH,
	ACC_TITLE,
	ACC_DESCRIPTION,
	ACC_STATUS,
	ACC_RESPONSIBLE,
	ACC_RESPONSIBLE_NAME,
	ACC_DUE,
	ACC_ASSET,
	ACC_ASSET_NAME,
	ACC_REQUIREMENT,
	ACC_REQ_CODE,
	ACC_REQ_TITLE,
	ACC_VERSION,
	ACC_CREATED_BY,
	ACC_CREATED,
	ACC_UPDATED
};

#define ACTION_COLS                                                                                                   \
	"ac.id, ac.unit_id, u.name, u.path, ac.title, ac.description, ac.status, ac.responsible_id, rp.display_name," \
	" ac.due_date, ac.asset_id, ast.name, ac.requirement_id, rq.code, rq.title, ac.version, ac.created_by,"       \
	" ac.created_at, ac.updated_at"
#define ACTION_FROM                                                                                          \
	" FROM actions ac JOIN units u ON u.id = ac.unit_id LEFT JOIN users rp ON rp.id = ac.responsible_id" \
	" LEFT JOIN assets ast ON ast.id = ac.asset_id LEFT JOIN requirements rq ON rq.id = ac.requirement_id"
#define ACTION_FILTER                                                                                                     \
	" WHERE " SQL_UNIT_VISIBLE(                                                                                       \
		"u.path",                                                                                                 \
		"$1") " AND (CAST($2 AS TEXT) IS NULL OR substr(u.path, 1, length(CAST($2 AS TEXT))) = CAST($2 AS TEXT))" \
		      " AND (CAST($3 AS TEXT) IS NULL OR ac.status = CAST($3 AS TEXT))"                                   \
		      " AND (CAST($4 AS BIGINT) = 0 OR ac.asset_id = CAST($4 AS BIGINT))"

static DB_QUERY(Q_ACTION_GET, "SELECT " ACTION_COLS ACTION_FROM " WHERE ac.id = $1");
static DB_QUERY(Q_ACTION_LIST,
		"SELECT " ACTION_COLS ACTION_FROM ACTION_FILTER
		" ORDER BY CASE WHEN ac.due_date IS NULL THEN 1 ELSE 0 END, ac.due_date, ac.id LIMIT $5 OFFSET $6");
static DB_QUERY(Q_ACTION_COUNT, "SELECT count(*)" ACTION_FROM ACTION_FILTER);
static DB_QUERY(
	Q_ACTION_INSERT,
	"INSERT INTO actions (unit_id, title, description, status, responsible_id, due_date, asset_id, requirement_id,"
	" version, created_by, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 1, $9, $10, $10)"
	" RETURNING id");
static DB_QUERY(Q_ACTION_UPDATE,
		"UPDATE actions SET title = $3, description = $4, status = $5, responsible_id = $6, due_date = $7,"
		" updated_at = $8, version = version + 1 WHERE id = $1 AND version = $2");
static DB_QUERY(Q_ACTION_PEOPLE,
		"SELECT DISTINCT us.id, us.display_name FROM users us JOIN role_assignments ra ON ra.user_id = us.id"
		" LEFT JOIN units su ON su.id = ra.unit_id WHERE us.active = 1"
		" AND (ra.unit_id IS NULL OR substr(CAST($1 AS TEXT), 1, length(su.path)) = su.path)"
		" ORDER BY us.display_name, us.id");
static DB_QUERY(Q_ACTION_USER_NAME, "SELECT display_name FROM users WHERE id = $1");

static void action_from_row(const struct db_rows *r, size_t i, void *out)
{
	struct action *ac = out;
	ac->id = rows_int(r, i, ACC_ID);
	ac->unit_id = rows_int(r, i, ACC_UNIT);
	ac->unit_name = rows_text(r, i, ACC_UNIT_NAME);
	ac->unit_path = rows_text(r, i, ACC_UNIT_PATH);
	ac->title = rows_text(r, i, ACC_TITLE);
	ac->description = rows_text(r, i, ACC_DESCRIPTION);
	ac->status = rows_text(r, i, ACC_STATUS);
	ac->responsible_id = rows_int(r, i, ACC_RESPONSIBLE);
	ac->responsible_name = rows_text(r, i, ACC_RESPONSIBLE_NAME);
	ac->due_date = rows_text(r, i, ACC_DUE);
	ac->asset_id = rows_int(r, i, ACC_ASSET);
	ac->asset_name = rows_text(r, i, ACC_ASSET_NAME);
	ac->requirement_id = rows_int(r, i, ACC_REQUIREMENT);
	ac->requirement_code = rows_text(r, i, ACC_REQ_CODE);
	ac->requirement_title = rows_text(r, i, ACC_REQ_TITLE);
	ac->version = rows_int(r, i, ACC_VERSION);
	ac->created_by = rows_int(r, i, ACC_CREATED_BY);
	ac->created_at = rows_text(r, i, ACC_CREATED);
	ac->updated_at = rows_text(r, i, ACC_UPDATED);
}

int q_action_get(struct db *db, struct arena *a, int64_t id, struct action *out, struct err *e)
{
	struct db_rows rows;
	int rc = db_run(db, a, &Q_ACTION_GET, DB_ARGS(DB_INT(id)), &rows, e);
	if (rc)
		return rc;
	if (rows.n_rows == 0)
		return ERR_NOTFOUND;
	action_from_row(&rows, 0, out);
	return 0;
}

int q_action_list(struct db *db, struct arena *a, const struct action_filter *f, const char *subtree,
		  struct action **out, size_t *n, int64_t *total, struct err *e)
{
	struct db_rows rows, cnt;
	int64_t limit = f->limit > 0 && f->limit <= 10000 ? f->limit : 50;
	int rc;

#define ACTION_FILTER_ARGS DB_INT(f->viewer_id), DB_TEXT(subtree), DB_TEXT(f->status), DB_INT(f->asset_id)
	if (total) {
		if ((rc = db_run(db, a, &Q_ACTION_COUNT, DB_ARGS(ACTION_FILTER_ARGS), &cnt, e)))
			return rc;
		*total = rows_int(&cnt, 0, 0);
	}
	rc = db_run(db, a, &Q_ACTION_LIST,
		    DB_ARGS(ACTION_FILTER_ARGS, DB_INT(limit), DB_INT(f->offset > 0 ? f->offset : 0)), &rows, e);
#undef ACTION_FILTER_ARGS
	if (!rc)
		*out = rows_map(a, &rows, sizeof(**out), action_from_row, n);
	return rc;
}

int q_action_insert(struct db *db, struct arena *a, const struct action *ac, const char *now, int64_t *id_out,
		    struct err *e)
{
	struct db_rows rows;
	int rc = db_run(db, a, &Q_ACTION_INSERT,
			DB_ARGS(DB_INT(ac->unit_id), DB_TEXT(ac->title), DB_TEXT(ac->description), DB_TEXT(ac->status),
				DB_ID(ac->responsible_id), DB_TEXT(ac->due_date), DB_ID(ac->asset_id),
				DB_ID(ac->requirement_id), DB_ID(ac->created_by), DB_TEXT(now)),
			&rows, e);
	if (!rc)
		*id_out = rows_int(&rows, 0, 0);
	return rc;
}

int q_action_update(struct db *db, struct arena *a, int64_t id, int64_t version, const struct action_input *in,
		    const char *now, struct err *e)
{
	struct db_rows rows;
	int rc = db_run(db, a, &Q_ACTION_UPDATE,
			DB_ARGS(DB_INT(id), DB_INT(version), DB_TEXT(in->title), DB_TEXT(in->description),
				DB_TEXT(in->status), DB_ID(in->responsible_id), DB_TEXT(in->due_date), DB_TEXT(now)),
			&rows, e);
	if (rc)
		return rc;
	return rows.changes ? 0 : ERR_CONFLICT;
}

static void person_from_row(const struct db_rows *r, size_t i, void *out)
{
	struct action_person *p = out;
	p->id = rows_int(r, i, 0);
	p->name = rows_text(r, i, 1);
}

int q_action_people(struct db *db, struct arena *a, const char *unit_path, struct action_person **out, size_t *n,
		    struct err *e)
{
	struct db_rows rows;
	int rc = db_run(db, a, &Q_ACTION_PEOPLE, DB_ARGS(DB_TEXT(unit_path)), &rows, e);
	if (!rc)
		*out = rows_map(a, &rows, sizeof(**out), person_from_row, n);
	return rc;
}

int q_action_user_name(struct db *db, struct arena *a, int64_t id, const char **name, struct err *e)
{
	struct db_rows rows;
	int rc = db_run(db, a, &Q_ACTION_USER_NAME, DB_ARGS(DB_INT(id)), &rows, e);
	if (rc)
		return rc;
	if (rows.n_rows == 0)
		return ERR_NOTFOUND;
	*name = rows_text(&rows, 0, 0);
	return 0;
}
