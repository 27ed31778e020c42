/*
 * q_asset.c - SQL of information assets and their links, and the typed
 * functions that run it.
 *
 * Lists join the unit (for scope and its name), the owner and administrator
 * (names) and the current classification (levels) in one query, and sort
 * with CASE expressions so that one prepared statement serves every sort
 * order the list offers.
 */
#include "db/q_asset.h"

#include "core/arena.h"
#include "core/err.h"
#include "db/db.h"
#include "db/q_scope.h"

enum asset_col {
	ASC_ID,
	ASC_UNIT,
	ASC_UNIT_NAME,
	ASC_UNIT_PATH,
	ASC_KIND,
	ASC_NAME,
	ASC_DESCRIPTION,
	ASC_OWNER,
	ASC_OWNER_NAME,
	ASC_ADMIN,
	ASC_ADMIN_NAME,
	ASC_SUPPLIER,
	ASC_HOSTING,
	ASC_PERSONAL,
	ASC_CRITICAL,
	ASC_NIS2,
	ASC_LIFECYCLE,
	ASC_RETIRED,
	ASC_CLASS,
	ASC_REVIEW_DUE,
	ASC_NEEDS_REVIEW,
	ASC_C,
	ASC_I,
	ASC_A,
	ASC_T,
	ASC_VERSION,
	ASC_CREATED,
	ASC_UPDATED
};

enum asset_link_col {
	ALC_ID,
	ALC_FROM,
	ALC_TO,
	ALC_KIND,
	ALC_OTHER_NAME,
	ALC_OTHER_KIND,
	ALC_OTHER_UNIT,
	ALC_OTHER_PATH
};
#define ASSET_COLS                                                                                                   \
	"a.id, a.unit_id, u.name, u.path, a.kind, a.name, a.description, a.owner_id, ow.display_name,"               \
	" a.administrator_id, ad.display_name, a.supplier, a.hosting, a.personal_data, a.business_critical, a.nis2," \
	" a.lifecycle, a.retired_at, a.classification_id, a.review_due, a.needs_review,"                             \
	" c.c_level, c.i_level, c.a_level, c.t_level, a.version, a.created_at, a.updated_at"
#define ASSET_FROM                                                                                   \
	" FROM assets a JOIN units u ON u.id = a.unit_id"                                            \
	" LEFT JOIN users ow ON ow.id = a.owner_id LEFT JOIN users ad ON ad.id = a.administrator_id" \
	" LEFT JOIN classifications c ON c.id = a.classification_id"
#define ASSET_FILTER                                                                                                                          \
	" WHERE " SQL_UNIT_VISIBLE(                                                                                                           \
		"u.path",                                                                                                                     \
		"$1") " AND (CAST($2 AS TEXT) IS NULL OR substr(u.path, 1, length(CAST($2 AS TEXT))) = CAST($2 AS TEXT))"                     \
		      " AND (CAST($3 AS TEXT) IS NULL OR a.kind = CAST($3 AS TEXT))"                                                          \
		      " AND (CAST($4 AS BIGINT) = -1 OR (CAST($4 AS BIGINT) = 1) = (a.classification_id IS NOT NULL))"                        \
		      " AND (CAST($5 AS BIGINT) = -1 OR a.business_critical = CAST($5 AS BIGINT))"                                            \
		      " AND (CAST($6 AS BIGINT) = -1 OR a.nis2 = CAST($6 AS BIGINT))"                                                         \
		      " AND (CAST($7 AS BIGINT) = -1 OR a.personal_data = CAST($7 AS BIGINT))"                                                \
		      " AND (CAST($8 AS BIGINT) = 0 OR a.needs_review = 1 OR (a.review_due IS NOT NULL AND a.review_due < CAST($9 AS TEXT)))" \
		      " AND (CAST($10 AS TEXT) IS NULL OR lower(a.name) LIKE lower(CAST($10 AS TEXT)) ESCAPE '\\'"                            \
		      "      OR lower(a.description) LIKE lower(CAST($10 AS TEXT)) ESCAPE '\\'"                                               \
		      "      OR lower(a.supplier) LIKE lower(CAST($10 AS TEXT)) ESCAPE '\\')"
#define ASSET_ORDER                                                                                                    \
	" ORDER BY"                                                                                                    \
	" CASE WHEN CAST($11 AS BIGINT) = 1 AND CAST($12 AS BIGINT) = 0 THEN a.kind END ASC,"                          \
	" CASE WHEN CAST($11 AS BIGINT) = 1 AND CAST($12 AS BIGINT) = 1 THEN a.kind END DESC,"                         \
	" CASE WHEN CAST($11 AS BIGINT) = 2 AND CAST($12 AS BIGINT) = 0 THEN u.name END ASC,"                          \
	" CASE WHEN CAST($11 AS BIGINT) = 2 AND CAST($12 AS BIGINT) = 1 THEN u.name END DESC,"                         \
	" CASE WHEN CAST($11 AS BIGINT) = 3 AND CAST($12 AS BIGINT) = 0 THEN a.updated_at END ASC,"                    \
	" CASE WHEN CAST($11 AS BIGINT) = 3 AND CAST($12 AS BIGINT) = 1 THEN a.updated_at END DESC,"                   \
	" CASE WHEN CAST($11 AS BIGINT) = 4 AND CAST($12 AS BIGINT) = 0 THEN COALESCE(a.review_due, '9999') END ASC,"  \
	" CASE WHEN CAST($11 AS BIGINT) = 4 AND CAST($12 AS BIGINT) = 1 THEN COALESCE(a.review_due, '0000') END DESC," \
	" CASE WHEN CAST($12 AS BIGINT) = 1 AND CAST($11 AS BIGINT) = 0 THEN lower(a.name) END DESC,"                  \
	" lower(a.name) ASC, a.id ASC"

#define LINK_COLS "SELECT l.id, l.from_id, l.to_id, l.kind, o.name, o.kind, o.unit_id, ou.path FROM asset_links l"

static DB_QUERY(Q_ASSET_GET, "SELECT " ASSET_COLS ASSET_FROM " WHERE a.id = $1");
static DB_QUERY(Q_ASSET_LIST, "SELECT " ASSET_COLS ASSET_FROM ASSET_FILTER ASSET_ORDER " LIMIT $13 OFFSET $14");
static DB_QUERY(Q_ASSET_COUNT, "SELECT count(*)" ASSET_FROM ASSET_FILTER);
/* The export's pages: by id after the last one sent (keyset), so each page costs the same. */
static DB_QUERY(Q_ASSET_PAGE_AFTER,
		"SELECT " ASSET_COLS ASSET_FROM ASSET_FILTER " AND a.id > $11 ORDER BY a.id LIMIT $12");
static DB_QUERY(Q_ASSET_SAME_NAME,
		"SELECT id FROM assets WHERE unit_id = $1 AND lower(name) = lower(CAST($2 AS TEXT)) AND id <> $3");
static DB_QUERY(Q_ASSET_INSERT,
		"INSERT INTO assets (unit_id, kind, name, description, owner_id, administrator_id, supplier, hosting,"
		" personal_data, business_critical, nis2, lifecycle, retired_at, version, created_at, updated_at)"
		" VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, 1, $14, $14) RETURNING id");
static DB_QUERY(Q_ASSET_UPDATE,
		"UPDATE assets SET unit_id = $3, kind = $4, name = $5, description = $6, owner_id = $7,"
		" administrator_id = $8, supplier = $9, hosting = $10, personal_data = $11, business_critical = $12,"
		" nis2 = $13, lifecycle = $14, retired_at = $15, updated_at = $16, version = version + 1"
		" WHERE id = $1 AND version = $2");
static DB_QUERY(Q_ASSET_USER_NAME, "SELECT display_name FROM users WHERE id = $1");
static DB_QUERY(Q_ASSET_DEPS, LINK_COLS " JOIN assets o ON o.id = l.to_id JOIN units ou ON ou.id = o.unit_id"
					" WHERE l.from_id = $1 ORDER BY lower(o.name)");
static DB_QUERY(Q_ASSET_DEPENDANTS, LINK_COLS " JOIN assets o ON o.id = l.from_id JOIN units ou ON ou.id = o.unit_id"
					      " WHERE l.to_id = $1 ORDER BY lower(o.name)");
static DB_QUERY(Q_ASSET_LINK_GET, LINK_COLS " JOIN assets o ON o.id = l.to_id JOIN units ou ON ou.id = o.unit_id"
					    " WHERE l.id = $1");
static DB_QUERY(Q_ASSET_LINK_INSERT,
		"INSERT INTO asset_links (from_id, to_id, kind, created_at, created_by) VALUES ($1, $2, $3, $4, $5)"
		" RETURNING id");
static DB_QUERY(Q_ASSET_LINK_DELETE, "DELETE FROM asset_links WHERE id = $1");
static DB_QUERY(Q_ASSET_LINK_ALL_FROM, "SELECT to_id FROM asset_links WHERE from_id = $1");
static DB_QUERY(Q_ASSET_LEVEL_NAMES, "SELECT level, name FROM class_levels WHERE org_id = $1 ORDER BY level");

static int64_t level_or_none(const struct db_rows *r, size_t i, size_t col)
{
	return rows_text(r, i, col) ? rows_int(r, i, col) : -1;
}

static void asset_from_row(const struct db_rows *r, size_t i, void *out)
{
	struct asset *as = out;
	as->id = rows_int(r, i, ASC_ID);
	as->unit_id = rows_int(r, i, ASC_UNIT);
	as->unit_name = rows_text(r, i, ASC_UNIT_NAME);
	as->unit_path = rows_text(r, i, ASC_UNIT_PATH);
	as->kind = rows_text(r, i, ASC_KIND);
	as->name = rows_text(r, i, ASC_NAME);
	as->description = rows_text(r, i, ASC_DESCRIPTION);
	as->owner_id = rows_int(r, i, ASC_OWNER);
	as->owner_name = rows_text(r, i, ASC_OWNER_NAME);
	as->administrator_id = rows_int(r, i, ASC_ADMIN);
	as->administrator_name = rows_text(r, i, ASC_ADMIN_NAME);
	as->supplier = rows_text(r, i, ASC_SUPPLIER);
	as->hosting = rows_text(r, i, ASC_HOSTING);
	as->personal_data = rows_bool(r, i, ASC_PERSONAL);
	as->business_critical = rows_bool(r, i, ASC_CRITICAL);
	as->nis2 = rows_bool(r, i, ASC_NIS2);
	as->lifecycle = rows_text(r, i, ASC_LIFECYCLE);
	as->retired_at = rows_text(r, i, ASC_RETIRED);
	as->classification_id = rows_int(r, i, ASC_CLASS);
	as->review_due = rows_text(r, i, ASC_REVIEW_DUE);
	as->needs_review = rows_bool(r, i, ASC_NEEDS_REVIEW);
	as->c_level = level_or_none(r, i, ASC_C);
	as->i_level = level_or_none(r, i, ASC_I);
	as->a_level = level_or_none(r, i, ASC_A);
	as->t_level = level_or_none(r, i, ASC_T);
	as->version = rows_int(r, i, ASC_VERSION);
	as->created_at = rows_text(r, i, ASC_CREATED);
	as->updated_at = rows_text(r, i, ASC_UPDATED);
}

int q_asset_get(struct db *db, struct arena *a, int64_t id, struct asset *out, struct err *e)
{
	struct db_rows rows;
	int rc = db_run(db, a, &Q_ASSET_GET, DB_ARGS(DB_INT(id)), &rows, e);
	if (rc)
		return rc;
	if (rows.n_rows == 0)
		return ERR_NOTFOUND;
	asset_from_row(&rows, 0, out);
	return 0;
}

int q_asset_list(struct db *db, struct arena *a, const struct asset_filter *f, const char *subtree, const char *today,
		 struct asset **out, size_t *n, int64_t *total, struct err *e)
{
	struct db_rows rows, cnt;
	const char *like = db_like_contains(a, f->q);
	int64_t limit = f->limit > 0 && f->limit <= 10000 ? f->limit : 50;
	int rc;

#define ASSET_FILTER_ARGS                                                                                              \
	DB_INT(f->viewer_id), DB_TEXT(subtree), DB_TEXT(f->kind), DB_INT(f->classified), DB_INT(f->business_critical), \
		DB_INT(f->nis2), DB_INT(f->personal_data), DB_INT(f->review_overdue ? 1 : 0), DB_TEXT(today),          \
		DB_TEXT(like)
	if (total) {
		if ((rc = db_run(db, a, &Q_ASSET_COUNT, DB_ARGS(ASSET_FILTER_ARGS), &cnt, e)))
			return rc;
		*total = rows_int(&cnt, 0, 0);
	}
	rc = db_run(db, a, &Q_ASSET_LIST,
		    DB_ARGS(ASSET_FILTER_ARGS, DB_INT(f->sort), DB_INT(f->desc ? 1 : 0), DB_INT(limit),
			    DB_INT(f->offset > 0 ? f->offset : 0)),
		    &rows, e);
#undef ASSET_FILTER_ARGS
	if (!rc)
		*out = rows_map(a, &rows, sizeof(**out), asset_from_row, n);
	return rc;
}

int q_asset_page_after(struct db *db, struct arena *a, const struct asset_filter *f, const char *subtree,
		       const char *today, int64_t after_id, int64_t limit, struct asset **out, size_t *n, struct err *e)
{
	struct db_rows rows;
	int rc = db_run(db, a, &Q_ASSET_PAGE_AFTER,
			DB_ARGS(DB_INT(f->viewer_id), DB_TEXT(subtree), DB_TEXT(f->kind), DB_INT(f->classified),
				DB_INT(f->business_critical), DB_INT(f->nis2), DB_INT(f->personal_data),
				DB_INT(f->review_overdue ? 1 : 0), DB_TEXT(today), DB_TEXT(db_like_contains(a, f->q)),
				DB_INT(after_id), DB_INT(limit)),
			&rows, e);
	if (!rc)
		*out = rows_map(a, &rows, sizeof(**out), asset_from_row, n);
	return rc;
}

int q_asset_name_taken(struct db *db, struct arena *a, int64_t unit_id, const char *name, int64_t except, bool *taken,
		       struct err *e)
{
	struct db_rows rows;
	int rc = db_run(db, a, &Q_ASSET_SAME_NAME, DB_ARGS(DB_INT(unit_id), DB_TEXT(name), DB_INT(except)), &rows, e);
	if (!rc)
		*taken = rows.n_rows > 0;
	return rc;
}

int q_asset_user_name(struct db *db, struct arena *a, int64_t id, const char **name, struct err *e)
{
	struct db_rows rows;
	int rc = db_run(db, a, &Q_ASSET_USER_NAME, DB_ARGS(DB_INT(id)), &rows, e);
	if (rc)
		return rc;
	if (rows.n_rows == 0)
		return ERR_NOTFOUND;
	*name = rows_text(&rows, 0, 0);
	return 0;
}

int q_asset_insert(struct db *db, struct arena *a, const struct asset_input *in, const char *retired_at,
		   const char *now, int64_t *id_out, struct err *e)
{
	struct db_rows rows;
	int rc = db_run(db, a, &Q_ASSET_INSERT,
			DB_ARGS(DB_INT(in->unit_id), DB_TEXT(in->kind), DB_TEXT(in->name), DB_TEXT(in->description),
				DB_ID(in->owner_id), DB_ID(in->administrator_id), DB_TEXT(in->supplier),
				DB_TEXT(in->hosting), DB_INT(in->personal_data), DB_INT(in->business_critical),
				DB_INT(in->nis2), DB_TEXT(in->lifecycle), DB_TEXT(retired_at), DB_TEXT(now)),
			&rows, e);
	if (!rc)
		*id_out = rows_int(&rows, 0, 0);
	return rc;
}

int q_asset_update(struct db *db, struct arena *a, int64_t id, int64_t version, const struct asset_input *in,
		   const char *retired_at, const char *now, struct err *e)
{
	struct db_rows rows;
	int rc = db_run(db, a, &Q_ASSET_UPDATE,
			DB_ARGS(DB_INT(id), DB_INT(version), DB_INT(in->unit_id), DB_TEXT(in->kind), DB_TEXT(in->name),
				DB_TEXT(in->description), DB_ID(in->owner_id), DB_ID(in->administrator_id),
				DB_TEXT(in->supplier), DB_TEXT(in->hosting), DB_INT(in->personal_data),
				DB_INT(in->business_critical), DB_INT(in->nis2), DB_TEXT(in->lifecycle),
				DB_TEXT(retired_at), DB_TEXT(now)),
			&rows, e);
	if (rc)
		return rc;
	return rows.changes ? 0 : ERR_CONFLICT;
}

static void link_from_row(const struct db_rows *r, size_t i, void *out)
{
	struct asset_link *l = out;
	l->id = rows_int(r, i, ALC_ID);
	l->from_id = rows_int(r, i, ALC_FROM);
	l->to_id = rows_int(r, i, ALC_TO);
	l->kind = rows_text(r, i, ALC_KIND);
	l->other_name = rows_text(r, i, ALC_OTHER_NAME);
	l->other_kind = rows_text(r, i, ALC_OTHER_KIND);
	l->other_unit_id = rows_int(r, i, ALC_OTHER_UNIT);
	l->other_unit_path = rows_text(r, i, ALC_OTHER_PATH);
}

static int links(struct db *db, struct arena *a, const struct db_query *q, int64_t id, struct asset_link **out,
		 size_t *n, struct err *e)
{
	struct db_rows rows;
	int rc = db_run(db, a, q, DB_ARGS(DB_INT(id)), &rows, e);
	if (!rc)
		*out = rows_map(a, &rows, sizeof(**out), link_from_row, n);
	return rc;
}

int q_asset_deps(struct db *db, struct arena *a, int64_t id, struct asset_link **out, size_t *n, struct err *e)
{
	return links(db, a, &Q_ASSET_DEPS, id, out, n, e);
}

int q_asset_dependants(struct db *db, struct arena *a, int64_t id, struct asset_link **out, size_t *n, struct err *e)
{
	return links(db, a, &Q_ASSET_DEPENDANTS, id, out, n, e);
}

int q_asset_link_get(struct db *db, struct arena *a, int64_t id, struct asset_link *out, struct err *e)
{
	struct asset_link *l;
	size_t n;
	int rc = links(db, a, &Q_ASSET_LINK_GET, id, &l, &n, e);
	if (rc)
		return rc;
	if (n == 0)
		return ERR_NOTFOUND;
	*out = l[0];
	return 0;
}

int q_asset_link_targets(struct db *db, struct arena *a, int64_t id, int64_t **out, size_t *n, struct err *e)
{
	struct db_rows rows;
	int rc = db_run(db, a, &Q_ASSET_LINK_ALL_FROM, DB_ARGS(DB_INT(id)), &rows, e);
	if (rc)
		return rc;
	*out = arena_calloc(a, rows.n_rows ? rows.n_rows : 1, sizeof(**out));
	for (size_t i = 0; i < rows.n_rows; i++)
		(*out)[i] = rows_int(&rows, i, 0);
	*n = rows.n_rows;
	return 0;
}

int q_asset_link_insert(struct db *db, struct arena *a, int64_t from, int64_t to, const char *kind, int64_t by,
			const char *now, int64_t *id_out, struct err *e)
{
	struct db_rows rows;
	int rc = db_run(db, a, &Q_ASSET_LINK_INSERT,
			DB_ARGS(DB_INT(from), DB_INT(to), DB_TEXT(kind), DB_TEXT(now), DB_ID(by)), &rows, e);
	if (!rc)
		*id_out = rows_int(&rows, 0, 0);
	return rc;
}

int q_asset_link_delete(struct db *db, struct arena *a, int64_t id, struct err *e)
{
	return db_run(db, a, &Q_ASSET_LINK_DELETE, DB_ARGS(DB_INT(id)), NULL, e);
}

int q_asset_level_names(struct db *db, struct arena *a, int64_t org_id, const char **names, size_t max, struct err *e)
{
	struct db_rows rows;
	int rc = db_run(db, a, &Q_ASSET_LEVEL_NAMES, DB_ARGS(DB_INT(org_id)), &rows, e);
	if (rc)
		return rc;
	for (size_t k = 0; k <= max; k++)
		names[k] = NULL;
	for (size_t i = 0; i < rows.n_rows; i++) {
		int64_t k = rows_int(&rows, i, 0);
		const char *name = rows_text(&rows, i, 1);
		if (k >= 0 && (size_t)k <= max && name && *name)
			names[k] = name;
	}
	return 0;
}
