/*
 * q_training.c - SQL of training, and the typed functions that run it.
 *
 * Coverage is computed by the domain from three reads: the members of the
 * target groups with the units of their roles, the completions of
 * mandatory courses by those members, and the counts per unit and year.
 * Each read is bounded by the unit subtree asked about, through the
 * units_path index (SQL_PATH_IN_SUBTREE).
 */
#include "db/q_training.h"

#include "core/arena.h"
#include "core/err.h"
#include "db/db.h"
#include "db/q_scope.h"

static DB_QUERY(Q_GROUPS, "SELECT g.id, g.name, g.description,"
			  " (SELECT count(*) FROM training_group_members m WHERE m.group_id = g.id), g.version"
			  " FROM training_groups g ORDER BY g.name, g.id");
static DB_QUERY(Q_GROUP_GET, "SELECT g.id, g.name, g.description,"
			     " (SELECT count(*) FROM training_group_members m WHERE m.group_id = g.id), g.version"
			     " FROM training_groups g WHERE g.id = $1");
static DB_QUERY(Q_GROUP_INSERT, "INSERT INTO training_groups (name, description, created_at, updated_at)"
				" VALUES ($1, $2, $3, $3) RETURNING id");
static DB_QUERY(Q_MEMBERS, "SELECT m.group_id, m.user_id, u.display_name, u.username FROM training_group_members m"
			   " JOIN users u ON u.id = m.user_id WHERE m.group_id = $1 ORDER BY u.display_name, u.id");
static DB_QUERY(Q_MEMBER_ADD, "INSERT INTO training_group_members (group_id, user_id, created_at) VALUES ($1, $2, $3)"
			      " RETURNING id");
static DB_QUERY(Q_MEMBER_REMOVE, "DELETE FROM training_group_members WHERE group_id = $1 AND user_id = $2");

#define COURSE_COLS                                                                                          \
	"SELECT id, title, provider, length_minutes, validity_months, link, version, created_at, updated_at" \
	" FROM courses"
static DB_QUERY(Q_COURSE_GET, COURSE_COLS " WHERE id = $1");
static DB_QUERY(Q_COURSE_BY_TITLE, COURSE_COLS " WHERE title = $1");
static DB_QUERY(Q_COURSE_LIST, COURSE_COLS " ORDER BY title, id");
static DB_QUERY(Q_COURSE_INSERT,
		"INSERT INTO courses (title, provider, length_minutes, validity_months, link, version, created_by,"
		" created_at, updated_at) VALUES ($1, $2, $3, $4, $5, 1, $6, $7, $7) RETURNING id");
static DB_QUERY(Q_COURSE_UPDATE,
		"UPDATE courses SET title = $3, provider = $4, length_minutes = $5, validity_months = $6, link = $7,"
		" updated_at = $8, version = version + 1 WHERE id = $1 AND version = $2");
static DB_QUERY(Q_COURSE_GROUPS_CLEAR, "DELETE FROM course_groups WHERE course_id = $1");
static DB_QUERY(Q_COURSE_GROUP_ADD, "INSERT INTO course_groups (course_id, group_id) VALUES ($1, $2) RETURNING id");
static DB_QUERY(Q_COURSE_GROUPS, "SELECT cg.course_id, cg.group_id, g.name FROM course_groups cg"
				 " JOIN training_groups g ON g.id = cg.group_id ORDER BY cg.course_id, g.name");

#define DONE_COLS                                                                                                    \
	"SELECT c.id, c.course_id, co.title, c.user_id, us.display_name, c.unit_id, u.name, u.path, c.completed_on," \
	" c.source, c.created_at"
#define DONE_FROM                                                             \
	" FROM training_completions c JOIN courses co ON co.id = c.course_id" \
	" JOIN users us ON us.id = c.user_id JOIN units u ON u.id = c.unit_id"
/* $1 viewer, $2 subtree, $3 course (0: any), $4 person (0: any), $5 from, $6 to */
#define DONE_FILTER " WHERE " DONE_CONDS
#define DONE_CONDS                                                                                                \
	SQL_UNIT_VISIBLE("u.path", "$1")                                                                          \
	" AND " SQL_PATH_IN_SUBTREE("u.path",                                                                     \
				    "$2") " AND (CAST($3 AS BIGINT) = 0 OR c.course_id = CAST($3 AS BIGINT))"     \
					  " AND (CAST($4 AS BIGINT) = 0 OR c.user_id = CAST($4 AS BIGINT))"       \
					  " AND (CAST($5 AS TEXT) IS NULL OR c.completed_on >= CAST($5 AS TEXT))" \
					  " AND (CAST($6 AS TEXT) IS NULL OR c.completed_on <= CAST($6 AS TEXT))"
static DB_QUERY(Q_DONE_LIST,
		DONE_COLS DONE_FROM DONE_FILTER " ORDER BY c.completed_on DESC, c.id DESC LIMIT $7 OFFSET $8");
static DB_QUERY(Q_DONE_LIST_OLDEST,
		DONE_COLS DONE_FROM DONE_FILTER " ORDER BY c.completed_on, c.id LIMIT $7 OFFSET $8");
/*
 * By person: on SQLite the people are read in name order (users_by_display_name) and each one's completions
 * after (training_completions_user) until the page is full; left to itself its planner read every completion of
 * the installation through the few courses and sorted them by name for a page of 50.
 */
#define DONE_ORDER_PERSON " ORDER BY us.display_name, us.id, c.completed_on DESC, c.id DESC LIMIT $7 OFFSET $8"
static DB_QUERY2(Q_DONE_LIST_PERSON,
		 DONE_COLS
		 " FROM users us CROSS JOIN training_completions c JOIN courses co ON co.id = c.course_id"
		 " JOIN units u ON u.id = c.unit_id WHERE us.id = c.user_id AND " DONE_CONDS DONE_ORDER_PERSON,
		 DONE_COLS DONE_FROM DONE_FILTER DONE_ORDER_PERSON);
static DB_QUERY(Q_DONE_LIST_COURSE, DONE_COLS DONE_FROM DONE_FILTER
		" ORDER BY co.title, co.id, c.completed_on DESC, c.id DESC LIMIT $7 OFFSET $8");
static DB_QUERY(Q_DONE_LIST_UNIT, DONE_COLS DONE_FROM DONE_FILTER
		" ORDER BY u.name, u.id, c.completed_on DESC, c.id DESC LIMIT $7 OFFSET $8");
static DB_QUERY(Q_DONE_COUNT,
		"SELECT count(*) FROM training_completions c JOIN units u ON u.id = c.unit_id" DONE_FILTER);
static DB_QUERY(Q_DONE_INSERT, "INSERT INTO training_completions (course_id, user_id, unit_id, completed_on, source,"
			       " created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id");
static DB_QUERY(Q_DONE_EXISTS, "SELECT count(*) FROM training_completions WHERE course_id = $1 AND user_id = $2"
			       " AND completed_on = $3");

#define COUNT_COLS                                                                                          \
	"SELECT t.id, t.unit_id, u.name, u.path, t.course_id, co.title, t.period, t.completed, t.employed," \
	" t.version FROM training_counts t JOIN units u ON u.id = t.unit_id JOIN courses co ON co.id = t.course_id"
static DB_QUERY(Q_COUNT_GET, COUNT_COLS " WHERE t.unit_id = $1 AND t.course_id = $2 AND t.period = $3");
static DB_QUERY(Q_COUNT_INSERT, "INSERT INTO training_counts (unit_id, course_id, period, completed, employed, version,"
				" created_by, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, 1, $6, $7, $7)"
				" RETURNING id");
static DB_QUERY(Q_COUNT_UPDATE, "UPDATE training_counts SET completed = $2, employed = $3, updated_at = $4,"
				" version = version + 1 WHERE id = $1");
static DB_QUERY(Q_COUNT_LIST, COUNT_COLS " WHERE " SQL_UNIT_VISIBLE("u.path", "$1") " AND " SQL_PATH_IN_SUBTREE(
				      "u.path", "$2") " AND t.period >= $3 AND t.period <= $4"
						      " ORDER BY t.period, u.path, co.title");

/* $1 viewer, $2 subtree, $3 course (0: any), $4 first year, $5 last year */
#define COUNT_FILTER                                                                                \
	" WHERE " SQL_UNIT_VISIBLE("u.path", "$1") " AND " SQL_PATH_IN_SUBTREE(                     \
		"u.path", "$2") " AND (CAST($3 AS BIGINT) = 0 OR t.course_id = CAST($3 AS BIGINT))" \
				" AND (CAST($4 AS TEXT) IS NULL OR t.period >= CAST($4 AS TEXT))"   \
				" AND (CAST($5 AS TEXT) IS NULL OR t.period <= CAST($5 AS TEXT))"
#define COUNT_ORDER_PERIOD " ORDER BY t.period DESC, u.name, co.title, t.id LIMIT $6 OFFSET $7"
#define COUNT_ORDER_UNIT   " ORDER BY u.name, u.id, t.period DESC, co.title, t.id LIMIT $6 OFFSET $7"
#define COUNT_ORDER_COURSE " ORDER BY co.title, co.id, t.period DESC, u.name, t.id LIMIT $6 OFFSET $7"
/*
 * On SQLite, below a unit ($2), the counts are looked up unit by unit from the subtree's units
 * (training_counts_key), where "its unit's path is in the subtree" read every count of the installation; and
 * by unit for someone who sees every unit, along units_name, each unit's counts after it, until the page is
 * full (_NAMES), when there are more than COUNT_SORT_FEW: sorted whole, 2,600 counts at national size were read for a page of 50. PostgreSQL plans the
 * general statement with its values.
 */
#define COUNT_SORT_FEW   200 /* fewer counts than this are sorted whatever the viewer sees */
#define COUNT_IN_SUBTREE " AND t.unit_id IN (" SQL_UNITS_OF_SUBTREE("$2") ")"
static DB_QUERY(Q_COUNT_PAGE_PERIOD, COUNT_COLS COUNT_FILTER COUNT_ORDER_PERIOD);
static DB_QUERY(Q_COUNT_PAGE_UNIT, COUNT_COLS COUNT_FILTER COUNT_ORDER_UNIT);
static DB_QUERY(Q_COUNT_PAGE_COURSE, COUNT_COLS COUNT_FILTER COUNT_ORDER_COURSE);
static DB_QUERY2(Q_COUNT_PAGE_PERIOD_IN, COUNT_COLS COUNT_FILTER COUNT_IN_SUBTREE COUNT_ORDER_PERIOD,
		 COUNT_COLS COUNT_FILTER COUNT_ORDER_PERIOD);
static DB_QUERY2(Q_COUNT_PAGE_UNIT_IN, COUNT_COLS COUNT_FILTER COUNT_IN_SUBTREE COUNT_ORDER_UNIT,
		 COUNT_COLS COUNT_FILTER COUNT_ORDER_UNIT);
static DB_QUERY2(Q_COUNT_PAGE_COURSE_IN, COUNT_COLS COUNT_FILTER COUNT_IN_SUBTREE COUNT_ORDER_COURSE,
		 COUNT_COLS COUNT_FILTER COUNT_ORDER_COURSE);
static DB_QUERY2(Q_COUNT_PAGE_UNIT_NAMES,
		 "SELECT t.id, t.unit_id, u.name, u.path, t.course_id, co.title, t.period, t.completed, t.employed,"
		 " t.version FROM units u CROSS JOIN training_counts t ON t.unit_id = u.id"
		 " JOIN courses co ON co.id = t.course_id" COUNT_FILTER COUNT_ORDER_UNIT,
		 COUNT_COLS COUNT_FILTER COUNT_ORDER_UNIT);
/* How many, and whether the viewer sees every unit (SQL_SEES_ALL): kept per data version. */
#define COUNT_TOTAL                            \
	"SELECT count(*), " SQL_SEES_ALL("$1", \
					 "$2") " FROM training_counts t JOIN units u ON u.id = t.unit_id" COUNT_FILTER
static DB_QUERY(Q_COUNT_PAGE_TOTAL, COUNT_TOTAL);
static DB_QUERY2(Q_COUNT_PAGE_TOTAL_IN, COUNT_TOTAL COUNT_IN_SUBTREE, COUNT_TOTAL);

/* $1 LIKE pattern of the search (NULL: any), $2 target group (0: any) */
#define COURSE_FILTER                                                                                            \
	" WHERE (CAST($1 AS TEXT) IS NULL OR lower(title) LIKE lower(CAST($1 AS TEXT)) ESCAPE '\\'"              \
	" OR lower(provider) LIKE lower(CAST($1 AS TEXT)) ESCAPE '\\')"                                          \
	" AND (CAST($2 AS BIGINT) = 0 OR EXISTS (SELECT 1 FROM course_groups cg WHERE cg.course_id = courses.id" \
	" AND cg.group_id = CAST($2 AS BIGINT)))"
static DB_QUERY(Q_COURSE_PAGE_TITLE, COURSE_COLS COURSE_FILTER " ORDER BY title, id LIMIT $3 OFFSET $4");
static DB_QUERY(Q_COURSE_PAGE_PROVIDER, COURSE_COLS COURSE_FILTER " ORDER BY provider, title, id LIMIT $3 OFFSET $4");
static DB_QUERY(Q_COURSE_PAGE_LENGTH,
		COURSE_COLS COURSE_FILTER " ORDER BY length_minutes, title, id LIMIT $3 OFFSET $4");
static DB_QUERY(Q_COURSE_PAGE_VALIDITY,
		COURSE_COLS COURSE_FILTER " ORDER BY validity_months, title, id LIMIT $3 OFFSET $4");
static DB_QUERY(Q_COURSE_PAGE_TOTAL, "SELECT count(*) FROM courses" COURSE_FILTER);

/* $1 group, $2 LIKE pattern of the search (NULL: any) */
#define MEMBER_FILTER                                                                                      \
	" FROM training_group_members m JOIN users u ON u.id = m.user_id WHERE m.group_id = $1"            \
	" AND (CAST($2 AS TEXT) IS NULL OR lower(u.display_name) LIKE lower(CAST($2 AS TEXT)) ESCAPE '\\'" \
	" OR lower(u.username) LIKE lower(CAST($2 AS TEXT)) ESCAPE '\\')"
static DB_QUERY(Q_MEMBER_PAGE, "SELECT m.group_id, m.user_id, u.display_name, u.username" MEMBER_FILTER
			       " ORDER BY u.display_name, u.id LIMIT $3 OFFSET $4");
static DB_QUERY(Q_MEMBER_PAGE_TOTAL, "SELECT count(*)" MEMBER_FILTER);

/*
 * The members of the target groups with the units of their roles, by person, group and unit. Every one, or (_IN)
 * those with a role in the subtree $1, found from the subtree's units (units_path, then role_assignments_unit):
 * testing every member's roles against the path read the whole installation for one organisation. Every one
 * comes in its order from training_group_members_person and role_assignments_unique, with no sort (migration
 * 0182); a person with several roles on one unit then comes once a role, and q_training_people() keeps one.
 */
#define PEOPLE_COLS  "SELECT DISTINCT m.group_id, m.user_id, us.display_name, g.id, g.name, g.path"
#define PEOPLE_ORDER " ORDER BY m.user_id, m.group_id, g.id"
static DB_QUERY(Q_PEOPLE, "SELECT m.group_id, m.user_id, us.display_name, g.id, g.name, g.path"
			  " FROM training_group_members m JOIN users us ON us.id = m.user_id AND us.active = 1"
			  " JOIN role_assignments ra ON ra.user_id = m.user_id JOIN units g ON g.id = ra.unit_id"
			  " ORDER BY m.user_id, m.group_id, ra.unit_id");
static DB_QUERY(Q_PEOPLE_IN,
		PEOPLE_COLS " FROM units g JOIN role_assignments ra ON ra.unit_id = g.id"
			    " JOIN training_group_members m ON m.user_id = ra.user_id"
			    " JOIN users us ON us.id = m.user_id AND us.active = 1"
			    " WHERE g.path >= CAST($1 AS TEXT) AND g.path < (CAST($1 AS TEXT) || '~')" PEOPLE_ORDER);
/*
 * The completions of the people above, by person, course and date (each once: training_completions_once): every
 * one from the covering index training_completions_user, or (_IN) those of the people with a role in the subtree $1,
 * looked up person by person. Only mandatory courses are asked about later, so others need not be sifted here.
 *
 * Both are kept per data version (db_run_rows_kept()): the people missing a course of the whole installation are
 * computed from every member's roles, which no index gives in the list's order (people sorted by name in C, the
 * unit their first role in the subtree), so the reading is done once between writes rather than for every page.
 */
#define DONE_MANDATORY_ORDER " ORDER BY c.user_id, c.course_id, c.completed_on"
static DB_QUERY(Q_DONE_MANDATORY,
		"SELECT c.user_id, c.course_id, c.completed_on FROM training_completions c" DONE_MANDATORY_ORDER);
static DB_QUERY(Q_DONE_MANDATORY_IN, "SELECT c.user_id, c.course_id, c.completed_on FROM training_completions c"
				     " WHERE c.user_id IN (SELECT ra.user_id FROM role_assignments ra"
				     " WHERE ra.unit_id IN (" SQL_UNITS_OF_SUBTREE("$1") "))" DONE_MANDATORY_ORDER);

static void group_from_row(const struct db_rows *r, size_t i, void *out)
{
	struct training_group *g = out;
	g->id = rows_int(r, i, 0);
	g->name = rows_text(r, i, 1);
	g->description = rows_text(r, i, 2);
	g->n_members = rows_int(r, i, 3);
	g->version = rows_int(r, i, 4);
}

int q_training_groups(struct db *db, struct arena *a, struct training_group **out, size_t *n, struct err *e)
{
	struct db_rows r;
	int rc = db_run(db, a, &Q_GROUPS, NULL, 0, &r, e);
	if (!rc)
		*out = rows_map(a, &r, sizeof(**out), group_from_row, n);
	return rc;
}

int q_training_group_get(struct db *db, struct arena *a, int64_t id, struct training_group *out, struct err *e)
{
	struct db_rows r;
	int rc = db_run(db, a, &Q_GROUP_GET, DB_ARGS(DB_INT(id)), &r, e);
	if (rc)
		return rc;
	if (!r.n_rows)
		return ERR_NOTFOUND;
	group_from_row(&r, 0, out);
	return 0;
}

int q_training_group_insert(struct db *db, struct arena *a, const char *name, const char *description, const char *now,
			    int64_t *id_out, struct err *e)
{
	return db_run_insert(db, a, &Q_GROUP_INSERT, DB_ARGS(DB_TEXT(name), DB_TEXT(description), DB_TEXT(now)), id_out,
			     e);
}

static void member_from_row(const struct db_rows *r, size_t i, void *out)
{
	struct training_member *m = out;
	m->group_id = rows_int(r, i, 0);
	m->user_id = rows_int(r, i, 1);
	m->display_name = rows_text(r, i, 2);
	m->username = rows_text(r, i, 3);
}

int q_training_members(struct db *db, struct arena *a, int64_t group_id, struct training_member **out, size_t *n,
		       struct err *e)
{
	struct db_rows r;
	int rc = db_run(db, a, &Q_MEMBERS, DB_ARGS(DB_INT(group_id)), &r, e);
	if (!rc)
		*out = rows_map(a, &r, sizeof(**out), member_from_row, n);
	return rc;
}

int q_training_member_add(struct db *db, struct arena *a, int64_t group_id, int64_t user_id, const char *now,
			  struct err *e)
{
	int64_t id;
	return db_run_insert(db, a, &Q_MEMBER_ADD, DB_ARGS(DB_INT(group_id), DB_INT(user_id), DB_TEXT(now)), &id, e);
}

int q_training_member_remove(struct db *db, struct arena *a, int64_t group_id, int64_t user_id, struct err *e)
{
	return db_run_change(db, a, &Q_MEMBER_REMOVE, DB_ARGS(DB_INT(group_id), DB_INT(user_id)), e);
}

int q_training_member_page(struct db *db, struct arena *a, const struct training_member_filter *f,
			   struct training_member **out, size_t *n, int64_t *total, struct err *e)
{
	const char *like = db_like_contains(a, f->q);
	int64_t limit = f->limit > 0 && f->limit <= 10000 ? f->limit : 50;
	struct db_rows r;
	int rc;

	if (total &&
	    (rc = db_run_count(db, a, &Q_MEMBER_PAGE_TOTAL, DB_ARGS(DB_INT(f->group_id), DB_TEXT(like)), total, e)))
		return rc;
	rc = db_run(db, a, &Q_MEMBER_PAGE,
		    DB_ARGS(DB_INT(f->group_id), DB_TEXT(like), DB_INT(limit), DB_INT(f->offset > 0 ? f->offset : 0)),
		    &r, e);
	if (!rc)
		*out = rows_map(a, &r, sizeof(**out), member_from_row, n);
	return rc;
}

static void course_from_row(const struct db_rows *r, size_t i, void *out)
{
	struct course *c = out;
	c->id = rows_int(r, i, 0);
	c->title = rows_text(r, i, 1);
	c->provider = rows_text(r, i, 2);
	c->length_minutes = rows_int(r, i, 3);
	c->validity_months = rows_int(r, i, 4);
	c->link = rows_text(r, i, 5);
	c->version = rows_int(r, i, 6);
	c->created_at = rows_text(r, i, 7);
	c->updated_at = rows_text(r, i, 8);
}

static int course_one(struct db *db, struct arena *a, const struct db_query *q, struct db_arg arg, struct course *out,
		      struct err *e)
{
	struct db_rows r;
	int rc = db_run(db, a, q, DB_ARGS(arg), &r, e);
	if (rc)
		return rc;
	if (!r.n_rows)
		return ERR_NOTFOUND;
	course_from_row(&r, 0, out);
	return 0;
}

int q_course_get(struct db *db, struct arena *a, int64_t id, struct course *out, struct err *e)
{
	return course_one(db, a, &Q_COURSE_GET, DB_INT(id), out, e);
}

int q_course_by_title(struct db *db, struct arena *a, const char *title, struct course *out, struct err *e)
{
	return course_one(db, a, &Q_COURSE_BY_TITLE, DB_TEXT(title), out, e);
}

int q_course_list(struct db *db, struct arena *a, struct course **out, size_t *n, struct err *e)
{
	struct db_rows r;
	int rc = db_run(db, a, &Q_COURSE_LIST, NULL, 0, &r, e);
	if (!rc)
		*out = rows_map(a, &r, sizeof(**out), course_from_row, n);
	return rc;
}

int q_course_page(struct db *db, struct arena *a, const struct course_filter *f, struct course **out, size_t *n,
		  int64_t *total, struct err *e)
{
	static const struct db_query *const by_sort[COURSE_SORT_COUNT] = {
		[COURSE_SORT_TITLE] = &Q_COURSE_PAGE_TITLE,
		[COURSE_SORT_PROVIDER] = &Q_COURSE_PAGE_PROVIDER,
		[COURSE_SORT_LENGTH] = &Q_COURSE_PAGE_LENGTH,
		[COURSE_SORT_VALIDITY] = &Q_COURSE_PAGE_VALIDITY,
	};
	const char *like = db_like_contains(a, f->q);
	int64_t limit = f->limit > 0 && f->limit <= 10000 ? f->limit : 50;
	struct db_rows r;
	int rc;

	if (total &&
	    (rc = db_run_count(db, a, &Q_COURSE_PAGE_TOTAL, DB_ARGS(DB_TEXT(like), DB_INT(f->group_id)), total, e)))
		return rc;
	rc = db_run(db, a, by_sort[f->sort >= 0 && f->sort < COURSE_SORT_COUNT ? f->sort : COURSE_SORT_TITLE],
		    DB_ARGS(DB_TEXT(like), DB_INT(f->group_id), DB_INT(limit), DB_INT(f->offset > 0 ? f->offset : 0)),
		    &r, e);
	if (!rc)
		*out = rows_map(a, &r, sizeof(**out), course_from_row, n);
	return rc;
}

int q_course_insert(struct db *db, struct arena *a, const struct course_input *in, int64_t by, const char *now,
		    int64_t *id_out, struct err *e)
{
	return db_run_insert(db, a, &Q_COURSE_INSERT,
			     DB_ARGS(DB_TEXT(in->title), DB_TEXT(in->provider), DB_INT(in->length_minutes),
				     DB_INT(in->validity_months), DB_TEXT(in->link), DB_ID(by), DB_TEXT(now)),
			     id_out, e);
}

int q_course_update(struct db *db, struct arena *a, int64_t id, int64_t version, const struct course_input *in,
		    const char *now, struct err *e)
{
	int rc = db_run_change(db, a, &Q_COURSE_UPDATE,
			       DB_ARGS(DB_INT(id), DB_INT(version), DB_TEXT(in->title), DB_TEXT(in->provider),
				       DB_INT(in->length_minutes), DB_INT(in->validity_months), DB_TEXT(in->link),
				       DB_TEXT(now)),
			       e);
	return rc == ERR_NOTFOUND ? ERR_CONFLICT : rc;
}

int q_course_set_groups(struct db *db, struct arena *a, int64_t id, const int64_t *group_ids, size_t n, struct err *e)
{
	int64_t x;
	int rc = db_run(db, a, &Q_COURSE_GROUPS_CLEAR, DB_ARGS(DB_INT(id)), NULL, e);
	for (size_t i = 0; !rc && i < n; i++)
		rc = db_run_insert(db, a, &Q_COURSE_GROUP_ADD, DB_ARGS(DB_INT(id), DB_INT(group_ids[i])), &x, e);
	return rc;
}

static void cg_from_row(const struct db_rows *r, size_t i, void *out)
{
	struct course_group *g = out;
	g->course_id = rows_int(r, i, 0);
	g->group_id = rows_int(r, i, 1);
	g->group_name = rows_text(r, i, 2);
}

int q_course_groups(struct db *db, struct arena *a, struct course_group **out, size_t *n, struct err *e)
{
	struct db_rows r;
	int rc = db_run(db, a, &Q_COURSE_GROUPS, NULL, 0, &r, e);
	if (!rc)
		*out = rows_map(a, &r, sizeof(**out), cg_from_row, n);
	return rc;
}

int q_training_completion_insert(struct db *db, struct arena *a, const struct training_completion_input *in, int64_t by,
				 const char *now, int64_t *id_out, struct err *e)
{
	return db_run_insert(db, a, &Q_DONE_INSERT,
			     DB_ARGS(DB_INT(in->course_id), DB_INT(in->user_id), DB_INT(in->unit_id),
				     DB_TEXT(in->completed_on), DB_TEXT(in->source), DB_ID(by), DB_TEXT(now)),
			     id_out, e);
}

int q_training_completion_exists(struct db *db, struct arena *a, int64_t course_id, int64_t user_id, const char *date,
				 bool *out, struct err *e)
{
	struct db_rows r;
	int rc = db_run(db, a, &Q_DONE_EXISTS, DB_ARGS(DB_INT(course_id), DB_INT(user_id), DB_TEXT(date)), &r, e);
	if (!rc)
		*out = rows_int(&r, 0, 0) > 0;
	return rc;
}

static void done_from_row(const struct db_rows *r, size_t i, void *out)
{
	struct training_completion *c = out;
	c->id = rows_int(r, i, 0);
	c->course_id = rows_int(r, i, 1);
	c->course_title = rows_text(r, i, 2);
	c->user_id = rows_int(r, i, 3);
	c->user_name = rows_text(r, i, 4);
	c->unit_id = rows_int(r, i, 5);
	c->unit_name = rows_text(r, i, 6);
	c->unit_path = rows_text(r, i, 7);
	c->completed_on = rows_text(r, i, 8);
	c->source = rows_text(r, i, 9);
	c->created_at = rows_text(r, i, 10);
}

int q_training_completion_list(struct db *db, struct arena *a, const struct training_completion_filter *f,
			       const char *subtree, struct training_completion **out, size_t *n, int64_t *total,
			       struct err *e)
{
	static const struct db_query *const by_sort[TC_SORT_COUNT] = {
		[TC_SORT_NEWEST] = &Q_DONE_LIST,        [TC_SORT_OLDEST] = &Q_DONE_LIST_OLDEST,
		[TC_SORT_PERSON] = &Q_DONE_LIST_PERSON, [TC_SORT_COURSE] = &Q_DONE_LIST_COURSE,
		[TC_SORT_UNIT] = &Q_DONE_LIST_UNIT,
	};
	int64_t limit = f->limit > 0 && f->limit <= 10000 ? f->limit : 50;
	struct db_rows r, cnt;
	int rc;
#define DONE_ARGS                                                                         \
	DB_INT(f->viewer_id), DB_TEXT(subtree), DB_INT(f->course_id), DB_INT(f->user_id), \
		DB_TEXT(f->from && * f->from ? f->from : NULL), DB_TEXT(f->to && * f->to ? f->to : NULL)
	if (total) {
		if ((rc = db_run(db, a, &Q_DONE_COUNT, DB_ARGS(DONE_ARGS), &cnt, e)))
			return rc;
		*total = rows_int(&cnt, 0, 0);
	}
	rc = db_run(db, a, by_sort[f->sort >= 0 && f->sort < TC_SORT_COUNT ? f->sort : TC_SORT_NEWEST],
		    DB_ARGS(DONE_ARGS, DB_INT(limit), DB_INT(f->offset > 0 ? f->offset : 0)), &r, e);
#undef DONE_ARGS
	if (!rc)
		*out = rows_map(a, &r, sizeof(**out), done_from_row, n);
	return rc;
}

static void count_from_row(const struct db_rows *r, size_t i, void *out)
{
	struct training_count *c = out;
	c->id = rows_int(r, i, 0);
	c->unit_id = rows_int(r, i, 1);
	c->unit_name = rows_text(r, i, 2);
	c->unit_path = rows_text(r, i, 3);
	c->course_id = rows_int(r, i, 4);
	c->course_title = rows_text(r, i, 5);
	c->period = rows_text(r, i, 6);
	c->completed = rows_int(r, i, 7);
	c->employed = rows_int(r, i, 8);
	c->version = rows_int(r, i, 9);
}

int q_training_count_get(struct db *db, struct arena *a, int64_t unit_id, int64_t course_id, const char *period,
			 struct training_count *out, struct err *e)
{
	struct db_rows r;
	int rc = db_run(db, a, &Q_COUNT_GET, DB_ARGS(DB_INT(unit_id), DB_INT(course_id), DB_TEXT(period)), &r, e);
	if (rc)
		return rc;
	if (!r.n_rows)
		return ERR_NOTFOUND;
	count_from_row(&r, 0, out);
	return 0;
}

int q_training_count_insert(struct db *db, struct arena *a, const struct training_count_input *in, int64_t by,
			    const char *now, int64_t *id_out, struct err *e)
{
	return db_run_insert(db, a, &Q_COUNT_INSERT,
			     DB_ARGS(DB_INT(in->unit_id), DB_INT(in->course_id), DB_TEXT(in->period),
				     DB_INT(in->completed), DB_INT(in->employed), DB_ID(by), DB_TEXT(now)),
			     id_out, e);
}

int q_training_count_update(struct db *db, struct arena *a, int64_t id, const struct training_count_input *in,
			    const char *now, struct err *e)
{
	return db_run_change(db, a, &Q_COUNT_UPDATE,
			     DB_ARGS(DB_INT(id), DB_INT(in->completed), DB_INT(in->employed), DB_TEXT(now)), e);
}

int q_training_count_list(struct db *db, struct arena *a, int64_t viewer_id, const char *subtree, const char *from,
			  const char *to, struct training_count **out, size_t *n, struct err *e)
{
	struct db_rows r;
	int rc = db_run(db, a, &Q_COUNT_LIST, DB_ARGS(DB_INT(viewer_id), DB_TEXT(subtree), DB_TEXT(from), DB_TEXT(to)),
			&r, e);
	if (!rc)
		*out = rows_map(a, &r, sizeof(**out), count_from_row, n);
	return rc;
}

int q_training_count_page(struct db *db, struct arena *a, const struct training_count_filter *f, const char *subtree,
			  struct training_count **out, size_t *n, int64_t *total, struct err *e)
{
	static const struct db_query *const by_sort[2][TCOUNT_SORT_COUNT] = {
		{
			[TCOUNT_SORT_PERIOD] = &Q_COUNT_PAGE_PERIOD,
			[TCOUNT_SORT_UNIT] = &Q_COUNT_PAGE_UNIT,
			[TCOUNT_SORT_COURSE] = &Q_COUNT_PAGE_COURSE,
		},
		{
			[TCOUNT_SORT_PERIOD] = &Q_COUNT_PAGE_PERIOD_IN,
			[TCOUNT_SORT_UNIT] = &Q_COUNT_PAGE_UNIT_IN,
			[TCOUNT_SORT_COURSE] = &Q_COUNT_PAGE_COURSE_IN,
		},
	};
	int sort = f->sort >= 0 && f->sort < TCOUNT_SORT_COUNT ? f->sort : TCOUNT_SORT_PERIOD;
	int64_t limit = f->limit > 0 && f->limit <= 10000 ? f->limit : 50;
	int64_t count[2]; /* how many, and whether the viewer sees every unit */
	const struct db_query *q = by_sort[subtree != NULL][sort];
	struct db_rows r;
	int rc;
#define COUNT_ARGS                                                                                                    \
	DB_INT(f->viewer_id), DB_TEXT(subtree), DB_INT(f->course_id), DB_TEXT(f->from && * f->from ? f->from : NULL), \
		DB_TEXT(f->to && * f->to ? f->to : NULL)
	if ((rc = db_run_ints_kept(db, a, subtree ? &Q_COUNT_PAGE_TOTAL_IN : &Q_COUNT_PAGE_TOTAL, DB_ARGS(COUNT_ARGS),
				   count, 2, e)))
		return rc;
	if (total)
		*total = count[0];
	if (sort == TCOUNT_SORT_UNIT && count[1] && count[0] > COUNT_SORT_FEW)
		q = &Q_COUNT_PAGE_UNIT_NAMES;
	rc = db_run(db, a, q, DB_ARGS(COUNT_ARGS, DB_INT(limit), DB_INT(f->offset > 0 ? f->offset : 0)), &r, e);
#undef COUNT_ARGS
	if (!rc)
		*out = rows_map(a, &r, sizeof(**out), count_from_row, n);
	return rc;
}

static void person_from_row(const struct db_rows *r, size_t i, void *out)
{
	struct training_person *p = out;
	p->group_id = rows_int(r, i, 0);
	p->user_id = rows_int(r, i, 1);
	p->display_name = rows_text(r, i, 2);
	p->unit_id = rows_int(r, i, 3);
	p->unit_name = rows_text(r, i, 4);
	p->unit_path = rows_text(r, i, 5);
}

int q_training_people(struct db *db, struct arena *a, const char *subtree, struct training_person **out, size_t *n,
		      struct err *e)
{
	struct db_rows r;
	struct training_person *p;
	size_t k = 0;
	int rc = subtree ? db_run_rows_kept(db, a, &Q_PEOPLE_IN, DB_ARGS(DB_TEXT(subtree)), &r, e)
			 : db_run_rows_kept(db, a, &Q_PEOPLE, NULL, 0, &r, e);
	if (rc)
		return rc;
	p = rows_map(a, &r, sizeof(*p), person_from_row, n);
	/* The same person, group and unit side by side (a role each): once. */
	for (size_t i = 0; i < *n; i++)
		if (!k || p[i].user_id != p[k - 1].user_id || p[i].group_id != p[k - 1].group_id ||
		    p[i].unit_id != p[k - 1].unit_id)
			p[k++] = p[i];
	*n = k;
	*out = p;
	return 0;
}

static void mdone_from_row(const struct db_rows *r, size_t i, void *out)
{
	struct training_done *d = out;
	d->user_id = rows_int(r, i, 0);
	d->course_id = rows_int(r, i, 1);
	d->completed_on = rows_text(r, i, 2);
}

int q_training_done(struct db *db, struct arena *a, const char *subtree, struct training_done **out, size_t *n,
		    struct err *e)
{
	struct db_rows r;
	int rc = subtree ? db_run_rows_kept(db, a, &Q_DONE_MANDATORY_IN, DB_ARGS(DB_TEXT(subtree)), &r, e)
			 : db_run_rows_kept(db, a, &Q_DONE_MANDATORY, NULL, 0, &r, e);
	if (!rc)
		*out = rows_map(a, &r, sizeof(**out), mdone_from_row, n);
	return rc;
}
