/*
 * q_activity.c - SQL of action-plan activities and their links.
 *
 * One row of a list carries everything a page or a report needs: the plan
 * and its year, the unit, the area and its position, the responsible unit
 * and person, and the activity that continues it the year after (found
 * through the unique carried_from_id). Lists sort with CASE expressions so
 * that one prepared statement serves every order; "overdue" is judged
 * against a day passed in, never against the database's clock.
 */
#include "db/q_activity.h"

#include <inttypes.h>
#include <stdio.h>

#include "core/arena.h"
#include "core/err.h"
#include "db/db.h"
#include "db/q_audit.h"
#include "db/q_scope.h"

enum activity_col {
	XC_ID,
	XC_PLAN,
	XC_YEAR,
	XC_PLAN_TITLE,
	XC_UNIT,
	XC_UNIT_NAME,
	XC_UNIT_PATH,
	XC_AREA,
	XC_AREA_NAME,
	XC_AREA_POSITION,
	XC_POSITION,
	XC_TITLE,
	XC_PURPOSE,
	XC_QUARTERS,
	XC_RUNIT,
	XC_RUNIT_NAME,
	XC_RUNIT_PATH,
	XC_RESPONSIBLE,
	XC_RESPONSIBLE_NAME,
	XC_STATUS,
	XC_STATUS_COMMENT,
	XC_NEXT_STEP,
	XC_DUE,
	XC_DEADLINE,
	XC_FROM,
	XC_TO,
	XC_VERSION,
	XC_CREATED_BY,
	XC_CREATED,
	XC_UPDATED
};

#define ACTIVITY_COLS                                                                                       \
	"ac.id, ac.plan_id, p.year, p.title, ac.unit_id, u.name, u.path, ac.area_id, ar.name, ar.position," \
	" ac.position, ac.title, ac.purpose, ac.quarters, ac.responsible_unit_id, ru.name, ru.path,"        \
	" ac.responsible_id, rp.display_name, ac.status, ac.status_comment, ac.next_step, ac.due_date,"     \
	" ac.deadline, ac.carried_from_id, nx.id, ac.version, ac.created_by, ac.created_at, ac.updated_at"
#define ACTIVITY_JOINS                                                                                        \
	" JOIN action_plans p ON p.id = ac.plan_id JOIN units u ON u.id = ac.unit_id"                         \
	" LEFT JOIN plan_areas ar ON ar.id = ac.area_id LEFT JOIN units ru ON ru.id = ac.responsible_unit_id" \
	" LEFT JOIN users rp ON rp.id = ac.responsible_id LEFT JOIN activities nx ON nx.carried_from_id = ac.id"
#define ACTIVITY_FROM " FROM activities ac" ACTIVITY_JOINS
#define OVERDUE_IF(today)                                                                                      \
	"(ac.status <> 'done' AND ac.next_step = '' AND ac.deadline IS NOT NULL AND ac.deadline < CAST(" today \
	" AS TEXT))"
/*
 * The filter, with the clauses for the plan ($3), the responsible person ($9),
 * "overdue" ($7, judged at $8) and a linked record ($10, $11) given: as
 * written below for every case, one statement whatever is asked; or on
 * SQLite, where the planner cannot see that an "$k = 0 OR ..." clause is
 * off, plainly (LINKED, PLAN, MINE, LATE) so that an index answers them
 * (activity_links_target, activities_plan, activities_responsible,
 * activities_deadline). PostgreSQL plans the general statement for each
 * run's values (db_pg.c); the plain ones it may plan once (planning the
 * general one costs 4-8 ms there, running it under 1).
 */
#define RESPONSIBLE_ANY " AND (CAST($9 AS BIGINT) = 0 OR ac.responsible_id = CAST($9 AS BIGINT))"
#define RESPONSIBLE_IS  " AND ac.responsible_id = CAST($9 AS BIGINT)"
#define OVERDUE_ANY     " AND (CAST($7 AS BIGINT) = 0 OR " OVERDUE_IF("$8") ")"
/* ($7 is 1 here; named so that PostgreSQL, which prepares the statement, knows its type.) */
#define OVERDUE_IS                                                                               \
	" AND CAST($7 AS BIGINT) = 1 AND ac.deadline < CAST($8 AS TEXT) AND ac.status <> 'done'" \
	" AND ac.next_step = ''"
#define PLAN_ANY " AND (CAST($3 AS BIGINT) = 0 OR ac.plan_id = CAST($3 AS BIGINT))"
#define PLAN_IS  " AND ac.plan_id = CAST($3 AS BIGINT)"
#define LINK_ANY                                                                     \
	" AND (CAST($10 AS TEXT) IS NULL OR EXISTS (SELECT 1 FROM activity_links lk" \
	"      WHERE lk.activity_id = ac.id AND lk.kind = CAST($10 AS TEXT)"         \
	"      AND lk.target_id = CAST($11 AS BIGINT)))"
#define LINK_IS                                                                                         \
	" AND ac.id IN (SELECT lk.activity_id FROM activity_links lk WHERE lk.kind = CAST($10 AS TEXT)" \
	" AND lk.target_id = CAST($11 AS BIGINT))"
#define ACTIVITY_FILTER_OF(plan, responsible, overdue) ACTIVITY_FILTER_LINKED(plan, responsible, overdue, LINK_ANY)
#define ACTIVITY_FILTER_LINKED(plan, responsible, overdue, link)                                           \
	" WHERE " SQL_UNIT_VISIBLE("u.path", "$1") " AND " SQL_PATH_IN_SUBTREE("u.path", "$2") plan        \
		" AND (CAST($4 AS BIGINT) = 0 OR p.year = CAST($4 AS BIGINT))"                             \
		" AND (CAST($5 AS BIGINT) = 0 OR ac.area_id = CAST($5 AS BIGINT))"                         \
		" AND (CAST($6 AS TEXT) IS NULL OR ac.status = CAST($6 AS TEXT))" overdue responsible link \
		" AND (CAST($12 AS TEXT) IS NULL OR lower(ac.title) LIKE lower(CAST($12 AS TEXT))"         \
		" ESCAPE '\\' OR lower(ac.purpose) LIKE lower(CAST($12 AS TEXT)) ESCAPE '\\'"              \
		"      OR lower(ac.status_comment) LIKE lower(CAST($12 AS TEXT)) ESCAPE '\\')"             \
		" AND (CAST($13 AS BIGINT) = 0 OR (ac.status <> 'done' AND ac.next_step = ''))"
#define ACTIVITY_FILTER ACTIVITY_FILTER_OF(PLAN_ANY, RESPONSIBLE_ANY, OVERDUE_ANY)
#define STATUS_RANK                                                                                   \
	"CASE ac.status WHEN 'not_started' THEN 0 WHEN 'started' THEN 1 WHEN 'partly_started' THEN 2" \
	" WHEN 'ongoing' THEN 3 ELSE 4 END"
#define ACTIVITY_ORDER                                                                                                \
	" ORDER BY"                                                                                                   \
	" CASE WHEN CAST($14 AS BIGINT) = 1 AND CAST($15 AS BIGINT) = 0 THEN COALESCE(ac.deadline, '9999') END ASC,"  \
	" CASE WHEN CAST($14 AS BIGINT) = 1 AND CAST($15 AS BIGINT) = 1 THEN COALESCE(ac.deadline, '0000') END DESC," \
	" CASE WHEN CAST($14 AS BIGINT) = 2 AND CAST($15 AS BIGINT) = 0 THEN lower(ac.title) END ASC,"                \
	" CASE WHEN CAST($14 AS BIGINT) = 2 AND CAST($15 AS BIGINT) = 1 THEN lower(ac.title) END DESC,"               \
	" CASE WHEN CAST($14 AS BIGINT) = 3 AND CAST($15 AS BIGINT) = 0 THEN " STATUS_RANK " END ASC,"                \
	" CASE WHEN CAST($14 AS BIGINT) = 3 AND CAST($15 AS BIGINT) = 1 THEN " STATUS_RANK " END DESC,"               \
	" CASE WHEN CAST($14 AS BIGINT) = 4 AND CAST($15 AS BIGINT) = 0 THEN ac.updated_at END ASC,"                  \
	" CASE WHEN CAST($14 AS BIGINT) = 4 AND CAST($15 AS BIGINT) = 1 THEN ac.updated_at END DESC,"                 \
	" CASE WHEN CAST($14 AS BIGINT) = 0 AND CAST($15 AS BIGINT) = 1 THEN p.year END ASC,"                         \
	" p.year DESC, u.path, ar.position, ac.position, ac.id"
/* The overdue by deadline, earliest first, as ACTIVITY_ORDER sorts them (an overdue activity has a deadline). */
#define LATE_ORDER " ORDER BY ac.deadline, p.year DESC, u.path, ar.position, ac.position, ac.id"
#define ACTIVITY_COUNT_FROM                                                           \
	"SELECT count(*) FROM activities ac JOIN action_plans p ON p.id = ac.plan_id" \
	" JOIN units u ON u.id = ac.unit_id"

static DB_QUERY_PLAN_ONCE(Q_ACTIVITY_GET, "SELECT " ACTIVITY_COLS ACTIVITY_FROM " WHERE ac.id = $1");
/*
 * A page: the ids sorted first, with only the plan, the unit and the area the filter and the order read,
 * then the page's rows with everything else (sorting whole rows cost a quarter more).
 */
#define ACTIVITY_PAGE_OF(filter, order)                                                                                \
	"SELECT " ACTIVITY_COLS " FROM (SELECT ac.id AS pid FROM activities ac JOIN action_plans p"                    \
	" ON p.id = ac.plan_id JOIN units u ON u.id = ac.unit_id LEFT JOIN plan_areas ar ON ar.id = ac.area_id" filter \
		order " LIMIT $16 OFFSET $17) pg JOIN activities ac ON ac.id = pg.pid" ACTIVITY_JOINS order
/*
 * PostgreSQL plans the general lists for every run, and the page above, with eight tables outside, cost
 * 4.5 ms of planning (9 ms for a page of the whole list read a plan at a time) for 1-2 ms of running. Its
 * texts look up the responsible unit and person and the continuing activity per row of the page (after
 * the sort), and read the plans a page falls in at one level (their activities are few to sort): planned
 * in 1.4 ms (1.5 for the plans), and no run of them slower.
 */
#define ACTIVITY_COLS_PG                                                                                         \
	"ac.id, ac.plan_id, p.year, p.title, ac.unit_id, u.name, u.path, ac.area_id, ar.name, ar.position,"      \
	" ac.position, ac.title, ac.purpose, ac.quarters, ac.responsible_unit_id,"                               \
	" (SELECT ru.name FROM units ru WHERE ru.id = ac.responsible_unit_id),"                                  \
	" (SELECT ru.path FROM units ru WHERE ru.id = ac.responsible_unit_id), ac.responsible_id,"               \
	" (SELECT rp.display_name FROM users rp WHERE rp.id = ac.responsible_id), ac.status, ac.status_comment," \
	" ac.next_step, ac.due_date, ac.deadline, ac.carried_from_id,"                                           \
	" (SELECT nx.id FROM activities nx WHERE nx.carried_from_id = ac.id), ac.version, ac.created_by,"        \
	" ac.created_at, ac.updated_at"
#define ACTIVITY_JOINS_PG                                                             \
	" JOIN action_plans p ON p.id = ac.plan_id JOIN units u ON u.id = ac.unit_id" \
	" LEFT JOIN plan_areas ar ON ar.id = ac.area_id"
#define ACTIVITY_PAGE_PG(filter, order)                                                                           \
	"SELECT " ACTIVITY_COLS_PG " FROM (SELECT ac.id AS pid FROM activities ac" ACTIVITY_JOINS_PG filter order \
	" LIMIT $16 OFFSET $17) pg JOIN activities ac ON ac.id = pg.pid" ACTIVITY_JOINS_PG order
#define ACTIVITY_ROWS_PG(filter, order) \
	"SELECT " ACTIVITY_COLS_PG " FROM activities ac" ACTIVITY_JOINS_PG filter order " LIMIT $16 OFFSET $17"
static DB_QUERY2(Q_ACTIVITY_LIST, ACTIVITY_PAGE_OF(ACTIVITY_FILTER, ACTIVITY_ORDER),
		 ACTIVITY_PAGE_PG(ACTIVITY_FILTER, ACTIVITY_ORDER));
static DB_QUERY(Q_ACTIVITY_COUNT, ACTIVITY_COUNT_FROM ACTIVITY_FILTER);
/* A list and its count with @filter (and the page in @order), planned once. */
#define ACTIVITY_VARIANT(name, filter, order)                                               \
	static DB_QUERY_PLAN_ONCE(Q_ACTIVITY_LIST_##name, ACTIVITY_PAGE_OF(filter, order)); \
	static DB_QUERY_PLAN_ONCE(Q_ACTIVITY_COUNT_##name, ACTIVITY_COUNT_FROM filter)
ACTIVITY_VARIANT(LINKED, ACTIVITY_FILTER_LINKED(PLAN_ANY, RESPONSIBLE_ANY, OVERDUE_ANY, LINK_IS), ACTIVITY_ORDER);
ACTIVITY_VARIANT(PLAN, ACTIVITY_FILTER_OF(PLAN_IS, RESPONSIBLE_ANY, OVERDUE_ANY), ACTIVITY_ORDER);
ACTIVITY_VARIANT(MINE, ACTIVITY_FILTER_OF(PLAN_ANY, RESPONSIBLE_IS, OVERDUE_ANY), ACTIVITY_ORDER);
/*
 * By deadline, earliest first (the sort, $14 and $15, named so that PostgreSQL knows their types). Planned
 * for each run on PostgreSQL: its one plan for every date reads all that is overdue (10 ms, not 2).
 */
#define LATE_FILTER                                               \
	ACTIVITY_FILTER_OF(PLAN_ANY, RESPONSIBLE_ANY, OVERDUE_IS) \
	" AND CAST($14 AS BIGINT) = 1 AND CAST($15 AS BIGINT) = 0"
static DB_QUERY2(Q_ACTIVITY_LIST_LATE, ACTIVITY_PAGE_OF(LATE_FILTER, LATE_ORDER),
		 ACTIVITY_PAGE_PG(LATE_FILTER, LATE_ORDER));
static DB_QUERY(Q_ACTIVITY_COUNT_LATE, ACTIVITY_COUNT_FROM ACTIVITY_FILTER_OF(PLAN_ANY, RESPONSIBLE_ANY, OVERDUE_IS));
/*
 * The whole list in its first order (year, newest first, then the unit's path, the area and the position)
 * is read a plan at a time: the plans in view in that order with how many activities each holds (kept per
 * data version), then only the plans the page falls in, their activities sorted as ACTIVITY_ORDER says. An
 * activity is in its plan's unit (activity.c), so a plan's activities lie together in that order. $18 is
 * the plans, a JSON array of ids.
 */
static DB_QUERY(Q_ACTIVITY_PLAN_SIZES,
		"SELECT p.id, (SELECT count(*) FROM activities ac WHERE ac.plan_id = p.id) FROM action_plans p"
		" JOIN units u ON u.id = p.unit_id WHERE " SQL_UNIT_VISIBLE("u.path", "$1") " AND " SQL_PATH_IN_SUBTREE(
			"u.path", "$2") " ORDER BY p.year DESC, u.path, p.id");
static DB_QUERY2(Q_ACTIVITY_LIST_OF_PLANS,
		 ACTIVITY_PAGE_OF(ACTIVITY_FILTER " AND ac.plan_id IN " SQL_IDS_SQLITE("$18"), ACTIVITY_ORDER),
		 ACTIVITY_ROWS_PG(ACTIVITY_FILTER " AND ac.plan_id IN " SQL_IDS_PG("$18"), ACTIVITY_ORDER));
/* The page read a plan at a time when it is at most this long (a longer one is sorted whole, as the export). */
#define PLAN_AT_A_TIME_PAGE 200

struct plan_size {
	int64_t plan_id, n;
};

/* The plans in view in the list's order with their sizes, as read at the data version or read now. */
static int plan_sizes(struct db *db, struct arena *a, int64_t viewer, const char *subtree, struct plan_size **out,
		      size_t *n, struct err *e)
{
	const char *key = arena_printf(a, "activity plan sizes %" PRId64 " %s", viewer, subtree ? subtree : "-");
	struct db_rows rows;
	int64_t version;
	void *data;
	size_t len;
	int rc = q_audit_version(db, a, &version, e);

	if (rc)
		return rc;
	if (db_memo_get(db, a, key, version, &data, &len) && len % sizeof(**out) == 0) {
		*out = data;
		*n = len / sizeof(**out);
		return 0;
	}
	if ((rc = db_run(db, a, &Q_ACTIVITY_PLAN_SIZES, DB_ARGS(DB_INT(viewer), DB_TEXT(subtree)), &rows, e)))
		return rc;
	*n = rows.n_rows;
	*out = arena_calloc(a, *n ? *n : 1, sizeof(**out));
	for (size_t i = 0; i < *n; i++)
		(*out)[i] = (struct plan_size){ rows_int(&rows, i, 0), rows_int(&rows, i, 1) };
	db_memo_put(db, key, version, *out, *n * sizeof(**out));
	return 0;
}

static DB_QUERY(Q_ACTIVITY_NEXT_POSITION, "SELECT COALESCE(MAX(position), 0) + 1 FROM activities WHERE area_id = $1");
static DB_QUERY(Q_ACTIVITY_INSERT,
		"INSERT INTO activities (plan_id, unit_id, area_id, position, title, purpose, quarters,"
		" responsible_unit_id, responsible_id, status, status_comment, next_step, due_date, deadline,"
		" carried_from_id, version, created_by, created_at, updated_at)"
		" VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, 1, $16, $17, $17)"
		" RETURNING id");
static DB_QUERY(Q_ACTIVITY_UPDATE,
		"UPDATE activities SET area_id = $3, position = $4, title = $5, purpose = $6, quarters = $7,"
		" responsible_unit_id = $8, responsible_id = $9, status = $10, status_comment = $11, next_step = $12,"
		" due_date = $13, deadline = $14, updated_at = $15, version = version + 1"
		" WHERE id = $1 AND version = $2");
static DB_QUERY(Q_ACTIVITY_NEXT_STEP, "UPDATE activities SET next_step = $3, updated_at = $4, version = version + 1"
				      " WHERE id = $1 AND version = $2");
/* Those with a role on the unit at $1 or above it, or on the whole installation. */
static DB_QUERY_PLAN_ONCE(Q_ACTIVITY_PEOPLE,
			  SQL_ANCESTORS_CTE("$1") "SELECT DISTINCT us.id, us.display_name FROM users us"
						  " JOIN role_assignments ra ON ra.user_id = us.id WHERE us.active = 1"
						  " AND (ra.unit_id IS NULL OR ra.unit_id IN (SELECT id FROM anc_))"
						  " ORDER BY us.display_name, us.id");
static DB_QUERY(Q_ACTIVITY_PERSON_IN_SCOPE,
		"SELECT 1 FROM users us JOIN role_assignments ra ON ra.user_id = us.id"
		" LEFT JOIN units su ON su.id = ra.unit_id WHERE us.id = $1 AND us.active = 1"
		" AND (ra.unit_id IS NULL OR substr(CAST($2 AS TEXT), 1, length(su.path)) = su.path)");
#define LINK_COLS "SELECT id, activity_id, kind, target_id, created_by, created_at FROM activity_links"
static DB_QUERY(Q_LINKS, LINK_COLS " WHERE activity_id = $1 ORDER BY kind, id");
static DB_QUERY(Q_LINK_GET, LINK_COLS " WHERE id = $1");
static DB_QUERY(Q_LINK_INSERT, "INSERT INTO activity_links (activity_id, kind, target_id, created_by, created_at)"
			       " VALUES ($1, $2, $3, $4, $5) RETURNING id");
static DB_QUERY(Q_LINKS_COPY, "INSERT INTO activity_links (activity_id, kind, target_id, created_by, created_at)"
			      " SELECT CAST($2 AS BIGINT), kind, target_id, CAST($3 AS BIGINT), CAST($4 AS TEXT)"
			      " FROM activity_links WHERE activity_id = $1");
static DB_QUERY(Q_LINK_DELETE, "DELETE FROM activity_links WHERE id = $1");

static void activity_from_row(const struct db_rows *r, size_t i, void *out)
{
	struct activity *ac = out;
	ac->id = rows_int(r, i, XC_ID);
	ac->plan_id = rows_int(r, i, XC_PLAN);
	ac->plan_year = rows_int(r, i, XC_YEAR);
	ac->plan_title = rows_text(r, i, XC_PLAN_TITLE);
	ac->unit_id = rows_int(r, i, XC_UNIT);
	ac->unit_name = rows_text(r, i, XC_UNIT_NAME);
	ac->unit_path = rows_text(r, i, XC_UNIT_PATH);
	ac->area_id = rows_int(r, i, XC_AREA);
	ac->area_name = rows_text(r, i, XC_AREA_NAME);
	ac->area_position = rows_int(r, i, XC_AREA_POSITION);
	ac->position = rows_int(r, i, XC_POSITION);
	ac->title = rows_text(r, i, XC_TITLE);
	ac->purpose = rows_text(r, i, XC_PURPOSE);
	ac->quarters = (unsigned)rows_int(r, i, XC_QUARTERS);
	ac->responsible_unit_id = rows_int(r, i, XC_RUNIT);
	ac->responsible_unit_name = rows_text(r, i, XC_RUNIT_NAME);
	ac->responsible_unit_path = rows_text(r, i, XC_RUNIT_PATH);
	ac->responsible_id = rows_int(r, i, XC_RESPONSIBLE);
	ac->responsible_name = rows_text(r, i, XC_RESPONSIBLE_NAME);
	ac->status = rows_text(r, i, XC_STATUS);
	ac->status_comment = rows_text(r, i, XC_STATUS_COMMENT);
	ac->next_step = rows_text(r, i, XC_NEXT_STEP);
	ac->due_date = rows_text(r, i, XC_DUE);
	ac->deadline = rows_text(r, i, XC_DEADLINE);
	ac->carried_from_id = rows_int(r, i, XC_FROM);
	ac->carried_to_id = rows_int(r, i, XC_TO);
	ac->version = rows_int(r, i, XC_VERSION);
	ac->created_by = rows_int(r, i, XC_CREATED_BY);
	ac->created_at = rows_text(r, i, XC_CREATED);
	ac->updated_at = rows_text(r, i, XC_UPDATED);
}

int q_activity_get(struct db *db, struct arena *a, int64_t id, struct activity *out, struct err *e)
{
	return db_run_get(db, a, &Q_ACTIVITY_GET, DB_ARGS(DB_INT(id)), activity_from_row, out, e);
}

int q_activity_list(struct db *db, struct arena *a, const struct activity_filter *f, const char *subtree,
		    const char *today, struct activity **out, size_t *n, int64_t *total, struct err *e)
{
	struct db_rows rows;
	const char *like = db_like_contains(a, f->q);
	int64_t limit = f->limit > 0 && f->limit <= 10000 ? f->limit : 50;
	/* A record's, one plan's or one person's, from their index; else the overdue earliest first, along the
	 * deadline index. */
	bool linked = f->link_kind && f->link_target, plan = !linked && f->plan_id != 0,
	     mine = !linked && !plan && f->responsible_id != 0, late = !linked && !plan && !mine && f->overdue;
	const struct db_query *list = linked                                                  ? &Q_ACTIVITY_LIST_LINKED
				      : plan                                                  ? &Q_ACTIVITY_LIST_PLAN
				      : mine                                                  ? &Q_ACTIVITY_LIST_MINE
				      : late && f->sort == ACTIVITY_SORT_DEADLINE && !f->desc ? &Q_ACTIVITY_LIST_LATE
											      : &Q_ACTIVITY_LIST;
	/* The whole list in view (or a subtree's), in its first order, a short page of it. */
	bool whole = !linked && !plan && !mine && !f->overdue && !f->year && !f->area_id && !f->status && !like &&
		     !f->open && f->sort == 0 && !f->desc && limit <= PLAN_AT_A_TIME_PAGE;
	const struct db_query *count = linked ? &Q_ACTIVITY_COUNT_LINKED
				       : plan ? &Q_ACTIVITY_COUNT_PLAN
				       : mine ? &Q_ACTIVITY_COUNT_MINE
				       : late ? &Q_ACTIVITY_COUNT_LATE
					      : &Q_ACTIVITY_COUNT;
	int rc;

#define ACTIVITY_FILTER_ARGS                                                                                          \
	DB_INT(f->viewer_id), DB_TEXT(subtree), DB_INT(f->plan_id), DB_INT(f->year), DB_INT(f->area_id),              \
		DB_TEXT(f->status), DB_INT(f->overdue ? 1 : 0), DB_TEXT(today), DB_INT(f->responsible_id),            \
		DB_TEXT(f->link_kind && f->link_target ? f->link_kind : NULL), DB_INT(f->link_target), DB_TEXT(like), \
		DB_INT(f->open ? 1 : 0)
	if (whole) {
		/* A plan at a time: the plans the page falls in, and where in the first of them it begins. */
		struct plan_size *ps;
		size_t np, first = 0, last;
		int64_t offset = f->offset > 0 ? f->offset : 0, before = 0, sum = 0, held, *ids;

		if ((rc = plan_sizes(db, a, f->viewer_id, subtree, &ps, &np, e)))
			return rc;
		for (size_t i = 0; i < np; i++)
			sum += ps[i].n;
		if (total)
			*total = sum;
		while (first < np && before + ps[first].n <= offset)
			before += ps[first++].n;
		ids = arena_calloc(a, np ? np : 1, sizeof(*ids));
		for (last = first, held = 0; last < np && held < offset - before + limit; last++) {
			ids[last - first] = ps[last].plan_id;
			held += ps[last].n;
		}
		rc = db_run(db, a, &Q_ACTIVITY_LIST_OF_PLANS,
			    DB_ARGS(ACTIVITY_FILTER_ARGS, DB_INT(f->sort), DB_INT(0), DB_INT(limit),
				    DB_INT(offset - before), DB_TEXT(db_ids_json(a, ids, last - first))),
			    &rows, e);
	} else {
		if ((rc = db_run_count_kept(db, a, count, DB_ARGS(ACTIVITY_FILTER_ARGS), total, e)))
			return rc;
#define ACTIVITY_PAGE_ARGS                                                                     \
	DB_ARGS(ACTIVITY_FILTER_ARGS, DB_INT(f->sort), DB_INT(f->desc ? 1 : 0), DB_INT(limit), \
		DB_INT(f->offset > 0 ? f->offset : 0))
		/* The overdue of many units, as the start page shows them, are kept (planned in 4-6 ms on PostgreSQL). */
		if (list == &Q_ACTIVITY_LIST_LATE)
			rc = db_run_rows_kept(db, a, list, ACTIVITY_PAGE_ARGS, &rows, e);
		else
			rc = db_run(db, a, list, ACTIVITY_PAGE_ARGS, &rows, e);
#undef ACTIVITY_PAGE_ARGS
	}
#undef ACTIVITY_FILTER_ARGS
	if (!rc)
		*out = rows_map(a, &rows, sizeof(**out), activity_from_row, n);
	return rc;
}

int q_activity_next_position(struct db *db, struct arena *a, int64_t area_id, int64_t *out, struct err *e)
{
	struct db_rows rows;
	int rc = db_run(db, a, &Q_ACTIVITY_NEXT_POSITION, DB_ARGS(DB_INT(area_id)), &rows, e);
	if (!rc)
		*out = rows_int(&rows, 0, 0);
	return rc;
}

int q_activity_insert(struct db *db, struct arena *a, const struct activity_row *row, int64_t by, const char *now,
		      int64_t *id_out, struct err *e)
{
	return db_run_insert(db, a, &Q_ACTIVITY_INSERT,
			     DB_ARGS(DB_INT(row->plan_id), DB_INT(row->unit_id), DB_INT(row->area_id),
				     DB_INT(row->position), DB_TEXT(row->title), DB_TEXT(row->purpose),
				     DB_INT(row->quarters), DB_ID(row->responsible_unit_id), DB_ID(row->responsible_id),
				     DB_TEXT(row->status), DB_TEXT(row->status_comment), DB_TEXT(row->next_step),
				     DB_TEXT(row->due_date), DB_TEXT(row->deadline), DB_ID(row->carried_from_id),
				     DB_ID(by), DB_TEXT(now)),
			     id_out, e);
}

int q_activity_update(struct db *db, struct arena *a, int64_t id, int64_t version, const struct activity_row *row,
		      const char *now, struct err *e)
{
	int rc = db_run_change(db, a, &Q_ACTIVITY_UPDATE,
			       DB_ARGS(DB_INT(id), DB_INT(version), DB_INT(row->area_id), DB_INT(row->position),
				       DB_TEXT(row->title), DB_TEXT(row->purpose), DB_INT(row->quarters),
				       DB_ID(row->responsible_unit_id), DB_ID(row->responsible_id),
				       DB_TEXT(row->status), DB_TEXT(row->status_comment), DB_TEXT(row->next_step),
				       DB_TEXT(row->due_date), DB_TEXT(row->deadline), DB_TEXT(now)),
			       e);
	return rc == ERR_NOTFOUND ? ERR_CONFLICT : rc;
}

int q_activity_set_next_step(struct db *db, struct arena *a, int64_t id, int64_t version, const char *next_step,
			     const char *now, struct err *e)
{
	int rc = db_run_change(db, a, &Q_ACTIVITY_NEXT_STEP,
			       DB_ARGS(DB_INT(id), DB_INT(version), DB_TEXT(next_step), DB_TEXT(now)), e);
	return rc == ERR_NOTFOUND ? ERR_CONFLICT : rc;
}

static void person_from_row(const struct db_rows *r, size_t i, void *out)
{
	struct activity_person *p = out;
	p->id = rows_int(r, i, 0);
	p->name = rows_text(r, i, 1);
}

int q_activity_people(struct db *db, struct arena *a, const char *unit_path, struct activity_person **out, size_t *n,
		      struct err *e)
{
	return db_run_list(db, a, &Q_ACTIVITY_PEOPLE, DB_ARGS(DB_TEXT(unit_path)), sizeof(**out), person_from_row,
			   (void **)out, n, e);
}

int q_activity_person_in_scope(struct db *db, struct arena *a, int64_t user_id, const char *unit_path, bool *yes,
			       struct err *e)
{
	struct db_rows rows;
	int rc = db_run(db, a, &Q_ACTIVITY_PERSON_IN_SCOPE, DB_ARGS(DB_INT(user_id), DB_TEXT(unit_path)), &rows, e);
	if (!rc)
		*yes = rows.n_rows > 0;
	return rc;
}

static void link_from_row(const struct db_rows *r, size_t i, void *out)
{
	struct activity_link *l = out;
	l->id = rows_int(r, i, 0);
	l->activity_id = rows_int(r, i, 1);
	l->kind = rows_text(r, i, 2);
	l->target_id = rows_int(r, i, 3);
	l->created_by = rows_int(r, i, 4);
	l->created_at = rows_text(r, i, 5);
}

int q_activity_links(struct db *db, struct arena *a, int64_t activity_id, struct activity_link **out, size_t *n,
		     struct err *e)
{
	return db_run_list(db, a, &Q_LINKS, DB_ARGS(DB_INT(activity_id)), sizeof(**out), link_from_row, (void **)out, n,
			   e);
}

int q_activity_link_get(struct db *db, struct arena *a, int64_t id, struct activity_link *out, struct err *e)
{
	return db_run_get(db, a, &Q_LINK_GET, DB_ARGS(DB_INT(id)), link_from_row, out, e);
}

int q_activity_link_insert(struct db *db, struct arena *a, int64_t activity_id, const char *kind, int64_t target_id,
			   int64_t by, const char *now, int64_t *id_out, struct err *e)
{
	return db_run_insert(db, a, &Q_LINK_INSERT,
			     DB_ARGS(DB_INT(activity_id), DB_TEXT(kind), DB_INT(target_id), DB_ID(by), DB_TEXT(now)),
			     id_out, e);
}

int q_activity_links_copy(struct db *db, struct arena *a, int64_t from, int64_t to, int64_t by, const char *now,
			  struct err *e)
{
	return db_run(db, a, &Q_LINKS_COPY, DB_ARGS(DB_INT(from), DB_INT(to), DB_ID(by), DB_TEXT(now)), NULL, e);
}

int q_activity_link_delete(struct db *db, struct arena *a, int64_t id, struct err *e)
{
	return db_run_change(db, a, &Q_LINK_DELETE, DB_ARGS(DB_INT(id)), e);
}
