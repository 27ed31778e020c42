/*
 * q_unit.c - SQL of organisation units, and the typed functions that run it.
 *
 * A unit's path lists the ids from its root down ("/1/4/9/"), so a subtree
 * is every unit whose path begins with the subtree root's path. A move
 * rewrites the paths of the moved subtree in one statement.
 *
 * Lists show the units a viewer sees: a walk down by parent_id from the
 * units of their grants (UNIT_WITH), done once per query and compared by
 * id, whatever collation the database uses; a viewer with a grant for the
 * whole installation (or given as 0) sees all. Whether the list is the
 * whole tree, the organisations or one unit's children decides the query
 * (parent_variant()), so each reads its own index: the path for the tree,
 * the parent for the others.
 */
#include "db/q_unit.h"

#include <inttypes.h>

#include "core/arena.h"
#include "core/err.h"
#include "db/db.h"
#include "db/q_scope.h"

/* Column order of every unit row. */
enum unit_col {
	UC_ID,
	UC_PARENT,
	UC_PATH,
	UC_KIND,
	UC_NAME,
	UC_CODE,
	UC_CASE_PREFIX,
	UC_CONTACT,
	UC_VERSION,
	UC_CREATED,
	UC_UPDATED,
	UC_PARENT_NAME
};

#define UNIT_COLS                                                                      \
	"u.id, u.parent_id, u.path, u.kind, u.name, u.code, u.case_prefix, u.contact," \
	" u.version, u.created_at, u.updated_at, p.name"
#define UNIT_FROM " FROM units u LEFT JOIN units p ON p.id = u.parent_id"
/* The units viewer $1 holds a role on, and every unit below them, as vis(id) (a unit below two of their
 * grants comes twice, which a test of membership does not mind). */
#define UNIT_WITH                                                                                            \
	"WITH RECURSIVE vis(id) AS (SELECT unit_id FROM role_assignments WHERE user_id = CAST($1 AS BIGINT)" \
	" AND unit_id IS NOT NULL UNION ALL SELECT c.id FROM units c JOIN vis ON c.parent_id = vis.id) "
/* $2 kind, $4 name or code contains; seen by viewer $1. */
#define UNIT_FILTER                                                                                                 \
	" AND (CAST($1 AS BIGINT) = 0 OR EXISTS (SELECT 1 FROM role_assignments WHERE user_id = CAST($1 AS BIGINT)" \
	" AND unit_id IS NULL) OR u.id IN (SELECT id FROM vis))"                                                    \
	" AND (CAST($2 AS TEXT) IS NULL OR u.kind = CAST($2 AS TEXT))"                                              \
	" AND (CAST($4 AS TEXT) IS NULL OR lower(u.name) LIKE lower(CAST($4 AS TEXT)) ESCAPE '\\'"                  \
	"      OR lower(u.code) LIKE lower(CAST($4 AS TEXT)) ESCAPE '\\')"
/* $3: 0 the whole tree, -1 the organisations, else the children of that unit. */
#define UNIT_ALL      " WHERE CAST($3 AS BIGINT) = 0"
#define UNIT_ROOTS    " WHERE CAST($3 AS BIGINT) = -1 AND u.parent_id IS NULL"
#define UNIT_CHILDREN " WHERE u.parent_id = CAST($3 AS BIGINT)"
#define UNIT_LIST(which)                                                          \
	{                                                                         \
		"Q_UNIT_LIST",                                                    \
			UNIT_WITH "SELECT " UNIT_COLS UNIT_FROM which UNIT_FILTER \
				  " ORDER BY u.path LIMIT $5 OFFSET $6",          \
			NULL, true                                                \
	}
#define UNIT_COUNT(which)                                                                            \
	{                                                                                            \
		"Q_UNIT_COUNT", UNIT_WITH "SELECT count(*)" UNIT_FROM which UNIT_FILTER, NULL, false \
	}

enum unit_parent_variant { UPV_ALL, UPV_ROOTS, UPV_CHILDREN, UPV_COUNT };

static const struct db_query unit_lists[UPV_COUNT] = { UNIT_LIST(UNIT_ALL), UNIT_LIST(UNIT_ROOTS),
						       UNIT_LIST(UNIT_CHILDREN) };
static const struct db_query unit_counts[UPV_COUNT] = { UNIT_COUNT(UNIT_ALL), UNIT_COUNT(UNIT_ROOTS),
							UNIT_COUNT(UNIT_CHILDREN) };

static DB_QUERY_PLAN_ONCE(Q_UNIT_GET, "SELECT " UNIT_COLS UNIT_FROM " WHERE u.id = $1");
static DB_QUERY(Q_UNIT_SIBLING_NAME,
		"SELECT id FROM units WHERE COALESCE(parent_id, 0) = $1 AND lower(name) = lower(CAST($2 AS TEXT))"
		" AND id <> $3");
static DB_QUERY(Q_UNIT_INSERT,
		"INSERT INTO units (parent_id, path, kind, name, code, case_prefix, contact, version, created_at,"
		" updated_at) VALUES ($1, '', $2, $3, $4, $5, $6, 1, $7, $7) RETURNING id");
static DB_QUERY(Q_UNIT_SET_PATH, "UPDATE units SET path = $2 WHERE id = $1");
static DB_QUERY(Q_UNIT_UPDATE,
		"UPDATE units SET kind = $3, name = $4, code = $5, case_prefix = $6, contact = $7, updated_at = $8,"
		" version = version + 1 WHERE id = $1 AND version = $2");
static DB_QUERY(Q_UNIT_MOVE, "UPDATE units SET parent_id = $3, updated_at = $4, version = version + 1"
			     " WHERE id = $1 AND version = $2");
/* A path is where a unit is, not what it says: the units below a moved one keep their versions. */
static DB_QUERY(Q_UNIT_REPATH, "UPDATE units SET path = CAST($2 AS TEXT) || substr(path, length(CAST($1 AS TEXT)) + 1)"
			       " WHERE substr(path, 1, length(CAST($1 AS TEXT))) = CAST($1 AS TEXT)");
static DB_QUERY(Q_UNIT_MOVE_LOG,
		"INSERT INTO unit_moves (unit_id, from_parent_id, to_parent_id, reason, moved_by, moved_at)"
		" VALUES ($1, $2, $3, $4, $5, $6)");
static DB_QUERY_PLAN_ONCE(
	Q_UNIT_MOVES, "SELECT m.id, m.from_parent_id, f.name, m.to_parent_id, t.name, m.reason, us.username, m.moved_at"
		      " FROM unit_moves m LEFT JOIN units f ON f.id = m.from_parent_id"
		      " LEFT JOIN units t ON t.id = m.to_parent_id"
		      " LEFT JOIN users us ON us.id = m.moved_by WHERE m.unit_id = $1 ORDER BY m.id DESC");
static DB_QUERY(Q_UNIT_COUNT_ALL, "SELECT count(*) FROM units");
/* How many units viewer $1 sees, counted up to $2: each grant's subtree a range of units_path, each unit once. */
static DB_QUERY(Q_UNIT_SEEN_AT_MOST,
		"SELECT count(*) FROM (SELECT DISTINCT s_.id FROM (" SQL_UNITS_SEEN("$1", "NULL") ") s_ LIMIT $2) x");

/*
 * Units with the count of those below each: a range of units_path per unit, grouped by the unit, so the
 * organisations of a national installation are counted from the index without reading their units' rows.
 * $1 the parent (or the ids as a JSON array), $2 limit, $3 offset.
 */
#define BRANCH_LIST(where)                                                                          \
	"SELECT " UNIT_COLS ", count(d.id)" UNIT_FROM " LEFT JOIN units d ON d.path > u.path"       \
	" AND d.path < (u.path || '~')" where " GROUP BY u.id, p.id ORDER BY u.name, u.id LIMIT $2" \
	" OFFSET $3"
static DB_QUERY(Q_UNIT_BRANCH_ROOTS, BRANCH_LIST(" WHERE u.parent_id IS NULL AND CAST($1 AS BIGINT) = 0"));
static DB_QUERY(Q_UNIT_BRANCH_CHILDREN, BRANCH_LIST(" WHERE u.parent_id = CAST($1 AS BIGINT)"));
static DB_QUERY2(Q_UNIT_BRANCH_IDS, BRANCH_LIST(" WHERE u.id IN " SQL_IDS_SQLITE("$1")),
		 BRANCH_LIST(" WHERE u.id IN " SQL_IDS_PG("$1")));
static DB_QUERY(Q_UNIT_ROOT_COUNT, "SELECT count(*) FROM units WHERE parent_id IS NULL");
static DB_QUERY(Q_UNIT_CHILD_COUNT, "SELECT count(*) FROM units WHERE parent_id = $1");
/* The subtree below the unit at path $1, in path order: one range of units_path. */
static DB_QUERY(Q_UNIT_SUBTREE, "SELECT " UNIT_COLS UNIT_FROM " WHERE u.path > CAST($1 AS TEXT)"
				" AND u.path < (CAST($1 AS TEXT) || '~') ORDER BY u.path LIMIT $2");

static void unit_from_row(const struct db_rows *r, size_t i, void *out)
{
	struct unit *u = out;
	u->id = rows_int(r, i, UC_ID);
	u->parent_id = rows_int(r, i, UC_PARENT);
	u->path = rows_text(r, i, UC_PATH);
	u->kind = rows_text(r, i, UC_KIND);
	u->name = rows_text(r, i, UC_NAME);
	u->code = rows_text(r, i, UC_CODE);
	u->case_prefix = rows_text(r, i, UC_CASE_PREFIX);
	u->contact = rows_text(r, i, UC_CONTACT);
	u->version = rows_int(r, i, UC_VERSION);
	u->created_at = rows_text(r, i, UC_CREATED);
	u->updated_at = rows_text(r, i, UC_UPDATED);
	u->parent_name = rows_text(r, i, UC_PARENT_NAME);
}

int q_unit_get(struct db *db, struct arena *a, int64_t id, struct unit *out, struct err *e)
{
	return db_run_get(db, a, &Q_UNIT_GET, DB_ARGS(DB_INT(id)), unit_from_row, out, e);
}

static enum unit_parent_variant parent_variant(int64_t parent_id)
{
	return parent_id == 0 ? UPV_ALL : parent_id < 0 ? UPV_ROOTS : UPV_CHILDREN;
}

int q_unit_list(struct db *db, struct arena *a, const struct unit_filter *f, struct unit **out, size_t *n,
		int64_t *total, struct err *e)
{
	struct db_rows rows;
	const char *like = f->q_whole ? db_like_exact(a, f->q) : db_like_contains(a, f->q);
	int64_t limit = f->limit > 0 && f->limit <= 1000 ? f->limit : 100;
	int64_t parent = f->parent_id < 0 ? -1 : f->parent_id;
	enum unit_parent_variant v = parent_variant(parent);
	int rc;

#define UNIT_FILTER_ARGS DB_INT(f->viewer_id), DB_TEXT(f->kind), DB_INT(parent), DB_TEXT(like)
	if ((rc = db_run_count(db, a, &unit_counts[v], DB_ARGS(UNIT_FILTER_ARGS), total, e)))
		return rc;
	rc = db_run(db, a, &unit_lists[v],
		    DB_ARGS(UNIT_FILTER_ARGS, DB_INT(limit), DB_INT(f->offset > 0 ? f->offset : 0)), &rows, e);
#undef UNIT_FILTER_ARGS
	if (rc)
		return rc;
	*out = rows_map(a, &rows, sizeof(**out), unit_from_row, n);
	return 0;
}

int q_unit_branches(struct db *db, struct arena *a, int64_t parent_id, const int64_t *ids, size_t n_ids, int64_t limit,
		    int64_t offset, struct unit_branch **out, size_t *n, int64_t *total, struct err *e)
{
	const struct db_query *q = ids         ? &Q_UNIT_BRANCH_IDS
				   : parent_id ? &Q_UNIT_BRANCH_CHILDREN
					       : &Q_UNIT_BRANCH_ROOTS;
	struct db_arg first = ids ? DB_TEXT(db_ids_json(a, ids, n_ids)) : DB_INT(parent_id);
	struct db_rows rows;
	int rc = 0;

	limit = limit > 0 && limit <= 1000 ? limit : 100;
	if (total && ids)
		*total = (int64_t)n_ids;
	else if (total && parent_id)
		rc = db_run_count_kept(db, a, &Q_UNIT_CHILD_COUNT, DB_ARGS(DB_INT(parent_id)), total, e);
	else if (total)
		rc = db_run_count_kept(db, a, &Q_UNIT_ROOT_COUNT, NULL, 0, total, e);
	if (rc)
		return rc;
	if ((rc = db_run_rows_kept(db, a, q, DB_ARGS(first, DB_INT(limit), DB_INT(offset > 0 ? offset : 0)), &rows, e)))
		return rc;
	*n = rows.n_rows;
	*out = arena_calloc(a, rows.n_rows ? rows.n_rows : 1, sizeof(**out));
	for (size_t i = 0; i < rows.n_rows; i++) {
		unit_from_row(&rows, i, &(*out)[i].u);
		(*out)[i].n_below = rows_int(&rows, i, UC_PARENT_NAME + 1);
	}
	return 0;
}

int q_unit_subtree(struct db *db, struct arena *a, const char *path, int64_t limit, struct unit **out, size_t *n,
		   struct err *e)
{
	limit = limit > 0 && limit <= 1000 ? limit : 100;
	return db_run_list(db, a, &Q_UNIT_SUBTREE, DB_ARGS(DB_TEXT(path), DB_INT(limit)), sizeof(**out), unit_from_row,
			   (void **)out, n, e);
}

int q_unit_name_taken(struct db *db, struct arena *a, int64_t parent_id, const char *name, int64_t except, bool *taken,
		      struct err *e)
{
	struct db_rows rows;
	int rc = db_run(db, a, &Q_UNIT_SIBLING_NAME, DB_ARGS(DB_INT(parent_id), DB_TEXT(name), DB_INT(except)), &rows,
			e);
	if (!rc)
		*taken = rows.n_rows > 0;
	return rc;
}

int q_unit_insert(struct db *db, struct arena *a, const struct unit_input *in, const char *parent_path, const char *now,
		  int64_t *id_out, struct err *e)
{
	struct db_rows rows;
	int64_t id;
	int rc = db_run(db, a, &Q_UNIT_INSERT,
			DB_ARGS(DB_ID(in->parent_id), DB_TEXT(in->kind), DB_TEXT(in->name), DB_TEXT(in->code),
				DB_TEXT(in->case_prefix), DB_TEXT(in->contact), DB_TEXT(now)),
			&rows, e);
	if (rc)
		return rc;
	id = rows_int(&rows, 0, 0);
	rc = db_run(
		db, a, &Q_UNIT_SET_PATH,
		DB_ARGS(DB_INT(id), DB_TEXT(arena_printf(a, "%s%" PRId64 "/", parent_path ? parent_path : "/", id))),
		NULL, e);
	if (!rc)
		*id_out = id;
	return rc;
}

int q_unit_update(struct db *db, struct arena *a, int64_t id, int64_t version, const struct unit_input *in,
		  const char *now, struct err *e)
{
	struct db_rows rows;
	int rc = db_run(db, a, &Q_UNIT_UPDATE,
			DB_ARGS(DB_INT(id), DB_INT(version), DB_TEXT(in->kind), DB_TEXT(in->name), DB_TEXT(in->code),
				DB_TEXT(in->case_prefix), DB_TEXT(in->contact), DB_TEXT(now)),
			&rows, e);
	if (rc)
		return rc;
	return rows.changes ? 0 : ERR_CONFLICT;
}

int q_unit_move(struct db *db, struct arena *a, const struct unit *u, int64_t version, int64_t new_parent,
		const char *new_parent_path, const char *reason, int64_t by, const char *now, struct err *e)
{
	struct db_rows rows;
	int rc = db_run(db, a, &Q_UNIT_MOVE, DB_ARGS(DB_INT(u->id), DB_INT(version), DB_INT(new_parent), DB_TEXT(now)),
			&rows, e);
	if (rc)
		return rc;
	if (rows.changes == 0)
		return ERR_CONFLICT;
	rc = db_run(db, a, &Q_UNIT_REPATH,
		    DB_ARGS(DB_TEXT(u->path), DB_TEXT(arena_printf(a, "%s%" PRId64 "/", new_parent_path, u->id))), NULL,
		    e);
	if (rc)
		return rc;
	return db_run(db, a, &Q_UNIT_MOVE_LOG,
		      DB_ARGS(DB_INT(u->id), DB_INT(u->parent_id), DB_INT(new_parent), DB_TEXT(reason), DB_ID(by),
			      DB_TEXT(now)),
		      NULL, e);
}

static void move_from_row(const struct db_rows *r, size_t i, void *out)
{
	struct unit_move *m = out;
	m->id = rows_int(r, i, 0);
	m->from_id = rows_int(r, i, 1);
	m->from_name = rows_text(r, i, 2);
	m->to_id = rows_int(r, i, 3);
	m->to_name = rows_text(r, i, 4);
	m->reason = rows_text(r, i, 5);
	m->by = rows_text(r, i, 6);
	m->at = rows_text(r, i, 7);
}

int q_unit_moves(struct db *db, struct arena *a, int64_t id, struct unit_move **out, size_t *n, struct err *e)
{
	return db_run_list(db, a, &Q_UNIT_MOVES, DB_ARGS(DB_INT(id)), sizeof(**out), move_from_row, (void **)out, n, e);
}

int q_unit_count_all(struct db *db, struct arena *a, int64_t *n, struct err *e)
{
	struct db_rows rows;
	int rc = db_run(db, a, &Q_UNIT_COUNT_ALL, NULL, 0, &rows, e);
	if (!rc)
		*n = rows_int(&rows, 0, 0);
	return rc;
}

int q_unit_count_seen(struct db *db, struct arena *a, int64_t viewer_id, int64_t at_most, int64_t *n, struct err *e)
{
	return db_run_count_kept(db, a, &Q_UNIT_SEEN_AT_MOST, DB_ARGS(DB_INT(viewer_id), DB_INT(at_most)), n, e);
}
