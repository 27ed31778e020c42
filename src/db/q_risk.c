/*
 * q_risk.c - SQL of risk analyses, risks, their concerns and measures, the
 * threat catalogue and the risk scales, and the typed functions that run it.
 *
 * A risk carries its analysis's unit, so the register is filtered by the
 * viewer's scope and a unit subtree with one join to units, and sorted from
 * an index on (value, residual_value). The matrix is one GROUP BY over the
 * same filter. A scale's remapping moves levels through their negated value
 * so that a mapping such as 1->2, 2->3 never merges two levels; every risk
 * it changes gets a new version.
 */
#include "db/q_risk.h"

#include <string.h>

#include "core/arena.h"
#include "core/err.h"
#include "core/str.h"
#include "db/db.h"
#include "db/q_scope.h"

/* --- scales --------------------------------------------------------------- */

#define IN_ORG " unit_id IN (SELECT id FROM units WHERE substr(path, 1, length(CAST($1 AS TEXT))) = CAST($1 AS TEXT))"

static DB_QUERY_PLAN_ONCE(Q_SCALE_GET,
			  "SELECT org_id, likelihood_levels, consequence_levels, medium_from, high_from,"
			  " very_high_from, colour_low, colour_medium, colour_high, colour_very_high, version,"
			  " updated_at FROM risk_scales WHERE org_id = $1");
static DB_QUERY_PLAN_ONCE(Q_SCALE_NAMES, "SELECT axis, level, name FROM risk_scale_names WHERE org_id = $1");
static DB_QUERY(Q_SCALE_INSERT,
		"INSERT INTO risk_scales (org_id, likelihood_levels, consequence_levels, medium_from, high_from,"
		" very_high_from, colour_low, colour_medium, colour_high, colour_very_high, version, updated_at)"
		" VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 1, $11) RETURNING id");
static DB_QUERY(Q_SCALE_UPDATE,
		"UPDATE risk_scales SET likelihood_levels = $3, consequence_levels = $4, medium_from = $5,"
		" high_from = $6, very_high_from = $7, colour_low = $8, colour_medium = $9, colour_high = $10,"
		" colour_very_high = $11, updated_at = $12, version = version + 1 WHERE org_id = $1 AND version = $2");
static DB_QUERY(Q_SCALE_NAMES_CLEAR, "DELETE FROM risk_scale_names WHERE org_id = $1");
static DB_QUERY(Q_SCALE_NAME_INSERT,
		"INSERT INTO risk_scale_names (org_id, axis, level, name) VALUES ($1, $2, $3, $4) RETURNING id");
static DB_QUERY(Q_SCALE_OUT_OF_RANGE, "SELECT count(*) FROM risks WHERE" IN_ORG
				      " AND (likelihood > $2 OR COALESCE(residual_likelihood, 0) > $2"
				      " OR consequence > $3 OR COALESCE(residual_consequence, 0) > $3)");
static DB_QUERY(Q_SCALE_IN_USE, "SELECT 1 FROM risks WHERE" IN_ORG " LIMIT 1");
static DB_QUERY(Q_SCALE_REMAP_L, "UPDATE risks SET"
				 " likelihood = CASE WHEN likelihood = $2 THEN -CAST($3 AS BIGINT) ELSE likelihood END,"
				 " residual_likelihood = CASE WHEN residual_likelihood = $2 THEN -CAST($3 AS BIGINT)"
				 " ELSE residual_likelihood END"
				 " WHERE" IN_ORG " AND (likelihood = $2 OR residual_likelihood = $2)");
static DB_QUERY(Q_SCALE_REMAP_C,
		"UPDATE risks SET"
		" consequence = CASE WHEN consequence = $2 THEN -CAST($3 AS BIGINT) ELSE consequence END,"
		" residual_consequence = CASE WHEN residual_consequence = $2 THEN -CAST($3 AS BIGINT)"
		" ELSE residual_consequence END"
		" WHERE" IN_ORG " AND (consequence = $2 OR residual_consequence = $2)");
static DB_QUERY(Q_SCALE_REMAP_FINISH,
		"UPDATE risks SET likelihood = abs(likelihood), consequence = abs(consequence),"
		" residual_likelihood = abs(residual_likelihood), residual_consequence = abs(residual_consequence),"
		" value = abs(likelihood) * abs(consequence),"
		" residual_value = COALESCE(abs(residual_likelihood), abs(likelihood))"
		" * COALESCE(abs(residual_consequence), abs(consequence)),"
		" version = version + 1, updated_at = $2"
		" WHERE" IN_ORG " AND (likelihood < 0 OR consequence < 0 OR residual_likelihood < 0"
		" OR residual_consequence < 0)");

int q_risk_scale_get(struct db *db, struct arena *a, int64_t org_id, struct risk_scale *out, struct err *e)
{
	struct db_rows rows, names;
	int rc;

	if ((rc = db_run(db, a, &Q_SCALE_GET, DB_ARGS(DB_INT(org_id)), &rows, e)))
		return rc;
	if (rows.n_rows == 0)
		return ERR_NOTFOUND;
	if ((rc = db_run(db, a, &Q_SCALE_NAMES, DB_ARGS(DB_INT(org_id)), &names, e)))
		return rc;
	memset(out, 0, sizeof(*out));
	out->org_id = rows_int(&rows, 0, 0);
	out->stored = true;
	out->likelihood_levels = rows_int(&rows, 0, 1);
	out->consequence_levels = rows_int(&rows, 0, 2);
	out->medium_from = rows_int(&rows, 0, 3);
	out->high_from = rows_int(&rows, 0, 4);
	out->very_high_from = rows_int(&rows, 0, 5);
	for (size_t k = 0; k < 4; k++)
		out->colour[k] = rows_text(&rows, 0, 6 + k);
	out->version = rows_int(&rows, 0, 10);
	out->updated_at = rows_text(&rows, 0, 11);
	for (size_t i = 0; i < names.n_rows; i++) {
		int64_t k = rows_int(&names, i, 1);
		const char *axis = rows_text(&names, i, 0);
		if (k < 1 || k > RISK_SCALE_MAX || !axis)
			continue;
		if (!strcmp(axis, "likelihood"))
			out->likelihood_names[k] = rows_text(&names, i, 2);
		else
			out->consequence_names[k] = rows_text(&names, i, 2);
	}
	return 0;
}

int q_risk_scale_insert(struct db *db, struct arena *a, const struct risk_scale *s, const char *now, struct err *e)
{
	int64_t id;
	return db_run_insert(db, a, &Q_SCALE_INSERT,
			     DB_ARGS(DB_INT(s->org_id), DB_INT(s->likelihood_levels), DB_INT(s->consequence_levels),
				     DB_INT(s->medium_from), DB_INT(s->high_from), DB_INT(s->very_high_from),
				     DB_TEXT(s->colour[0]), DB_TEXT(s->colour[1]), DB_TEXT(s->colour[2]),
				     DB_TEXT(s->colour[3]), DB_TEXT(now)),
			     &id, e);
}

int q_risk_scale_update(struct db *db, struct arena *a, const struct risk_scale *s, int64_t version, const char *now,
			struct err *e)
{
	int rc = db_run_change(db, a, &Q_SCALE_UPDATE,
			       DB_ARGS(DB_INT(s->org_id), DB_INT(version), DB_INT(s->likelihood_levels),
				       DB_INT(s->consequence_levels), DB_INT(s->medium_from), DB_INT(s->high_from),
				       DB_INT(s->very_high_from), DB_TEXT(s->colour[0]), DB_TEXT(s->colour[1]),
				       DB_TEXT(s->colour[2]), DB_TEXT(s->colour[3]), DB_TEXT(now)),
			       e);
	return rc == ERR_NOTFOUND ? ERR_CONFLICT : rc;
}

int q_risk_scale_set_names(struct db *db, struct arena *a, const struct risk_scale *s, struct err *e)
{
	int rc = db_run(db, a, &Q_SCALE_NAMES_CLEAR, DB_ARGS(DB_INT(s->org_id)), NULL, e);
	int64_t id;

	for (int64_t k = 1; !rc && k <= RISK_SCALE_MAX; k++) {
		if (k <= s->likelihood_levels && s->likelihood_names[k] && *s->likelihood_names[k])
			rc = db_run_insert(db, a, &Q_SCALE_NAME_INSERT,
					   DB_ARGS(DB_INT(s->org_id), DB_TEXT("likelihood"), DB_INT(k),
						   DB_TEXT(s->likelihood_names[k])),
					   &id, e);
		if (!rc && k <= s->consequence_levels && s->consequence_names[k] && *s->consequence_names[k])
			rc = db_run_insert(db, a, &Q_SCALE_NAME_INSERT,
					   DB_ARGS(DB_INT(s->org_id), DB_TEXT("consequence"), DB_INT(k),
						   DB_TEXT(s->consequence_names[k])),
					   &id, e);
	}
	return rc;
}

int q_risk_scale_out_of_range(struct db *db, struct arena *a, const char *org_path, int64_t likelihood_max,
			      int64_t consequence_max, int64_t *n, struct err *e)
{
	struct db_rows rows;
	int rc = db_run(db, a, &Q_SCALE_OUT_OF_RANGE,
			DB_ARGS(DB_TEXT(org_path), DB_INT(likelihood_max), DB_INT(consequence_max)), &rows, e);
	if (!rc)
		*n = rows_int(&rows, 0, 0);
	return rc;
}

int q_risk_scale_in_use(struct db *db, struct arena *a, const char *org_path, bool *used, struct err *e)
{
	struct db_rows rows;
	int rc = db_run(db, a, &Q_SCALE_IN_USE, DB_ARGS(DB_TEXT(org_path)), &rows, e);
	if (!rc)
		*used = rows.n_rows > 0;
	return rc;
}

int q_risk_scale_remap(struct db *db, struct arena *a, const char *org_path, int axis, int64_t from, int64_t to,
		       struct err *e)
{
	return db_run(db, a, axis ? &Q_SCALE_REMAP_C : &Q_SCALE_REMAP_L,
		      DB_ARGS(DB_TEXT(org_path), DB_INT(from), DB_INT(to)), NULL, e);
}

int q_risk_scale_remap_finish(struct db *db, struct arena *a, const char *org_path, const char *now, int64_t *n,
			      struct err *e)
{
	struct db_rows rows;
	int rc = db_run(db, a, &Q_SCALE_REMAP_FINISH, DB_ARGS(DB_TEXT(org_path), DB_TEXT(now)), &rows, e);
	if (!rc)
		*n = rows.changes;
	return rc;
}

/* --- threats ---------------------------------------------------------------- */

#define THREAT_COLS \
	"SELECT id, code, category, name, description, active, version, created_at, updated_at FROM risk_threats"

static DB_QUERY(Q_THREAT_GET, THREAT_COLS " WHERE id = $1");
static DB_QUERY(Q_THREAT_LIST, THREAT_COLS " WHERE (CAST($1 AS BIGINT) = 1 OR active = 1)"
					   " AND (CAST($2 AS TEXT) IS NULL OR category = CAST($2 AS TEXT))"
					   " ORDER BY CASE category WHEN 'human' THEN 1 WHEN 'technical' THEN 2"
					   " WHEN 'supplier' THEN 3 WHEN 'nature' THEN 4 WHEN 'antagonistic' THEN 5"
					   " ELSE 6 END, code");
static DB_QUERY(Q_THREAT_INSERT, "INSERT INTO risk_threats (code, category, name, description, active, version,"
				 " created_at, updated_at) VALUES ($1, $2, $3, $4, $5, 1, $6, $6) RETURNING id");
static DB_QUERY(Q_THREAT_UPDATE, "UPDATE risk_threats SET code = $3, category = $4, name = $5, description = $6,"
				 " active = $7, updated_at = $8, version = version + 1 WHERE id = $1 AND version = $2");

static void threat_from_row(const struct db_rows *r, size_t i, void *out)
{
	struct risk_threat *t = out;
	t->id = rows_int(r, i, 0);
	t->code = rows_text(r, i, 1);
	t->category = rows_text(r, i, 2);
	t->name = rows_text(r, i, 3);
	t->description = rows_text(r, i, 4);
	t->active = rows_bool(r, i, 5);
	t->version = rows_int(r, i, 6);
	t->created_at = rows_text(r, i, 7);
	t->updated_at = rows_text(r, i, 8);
}

int q_risk_threat_get(struct db *db, struct arena *a, int64_t id, struct risk_threat *out, struct err *e)
{
	struct db_rows rows;
	int rc = db_run(db, a, &Q_THREAT_GET, DB_ARGS(DB_INT(id)), &rows, e);
	if (rc)
		return rc;
	if (rows.n_rows == 0)
		return ERR_NOTFOUND;
	threat_from_row(&rows, 0, out);
	return 0;
}

int q_risk_threat_list(struct db *db, struct arena *a, bool all, const char *category, struct risk_threat **out,
		       size_t *n, struct err *e)
{
	struct db_rows rows;
	int rc = db_run(db, a, &Q_THREAT_LIST, DB_ARGS(DB_INT(all ? 1 : 0), DB_TEXT(category)), &rows, e);
	if (!rc)
		*out = rows_map(a, &rows, sizeof(**out), threat_from_row, n);
	return rc;
}

int q_risk_threat_insert(struct db *db, struct arena *a, const struct risk_threat_input *in, const char *now,
			 int64_t *id_out, struct err *e)
{
	return db_run_insert(db, a, &Q_THREAT_INSERT,
			     DB_ARGS(DB_TEXT(in->code), DB_TEXT(in->category), DB_TEXT(in->name),
				     DB_TEXT(in->description), DB_INT(in->active ? 1 : 0), DB_TEXT(now)),
			     id_out, e);
}

int q_risk_threat_update(struct db *db, struct arena *a, int64_t id, int64_t version,
			 const struct risk_threat_input *in, const char *now, struct err *e)
{
	int rc = db_run_change(db, a, &Q_THREAT_UPDATE,
			       DB_ARGS(DB_INT(id), DB_INT(version), DB_TEXT(in->code), DB_TEXT(in->category),
				       DB_TEXT(in->name), DB_TEXT(in->description), DB_INT(in->active ? 1 : 0),
				       DB_TEXT(now)),
			       e);
	return rc == ERR_NOTFOUND ? ERR_CONFLICT : rc;
}

/* --- analyses ----------------------------------------------------------------- */

#define ANALYSIS_COLS                                                                                            \
	"SELECT an.id, an.unit_id, u.name, u.path, an.org_id, an.kind, an.title, an.scope_kind,"                 \
	" an.analysis_date, an.method, an.participants, an.status, an.election_year,"                            \
	" (SELECT count(*) FROM risks r WHERE r.analysis_id = an.id), an.version, an.created_by, an.created_at," \
	" an.updated_at FROM risk_analyses an JOIN units u ON u.id = an.unit_id"
#define ANALYSIS_FILTER                                                                                                   \
	" WHERE " SQL_UNIT_VISIBLE(                                                                                       \
		"u.path",                                                                                                 \
		"$1") " AND (CAST($2 AS TEXT) IS NULL OR substr(u.path, 1, length(CAST($2 AS TEXT))) = CAST($2 AS TEXT))" \
		      " AND (CAST($3 AS TEXT) IS NULL OR an.kind = CAST($3 AS TEXT))"                                     \
		      " AND (CAST($4 AS TEXT) IS NULL OR an.status = CAST($4 AS TEXT))"

static DB_QUERY(Q_ANALYSIS_GET, ANALYSIS_COLS " WHERE an.id = $1");
static DB_QUERY(Q_ANALYSIS_LIST,
		ANALYSIS_COLS ANALYSIS_FILTER " ORDER BY an.analysis_date DESC, an.id DESC LIMIT $5 OFFSET $6");
static DB_QUERY(Q_ANALYSIS_COUNT,
		"SELECT count(*) FROM risk_analyses an JOIN units u ON u.id = an.unit_id" ANALYSIS_FILTER);
static DB_QUERY(Q_ANALYSIS_INSERT,
		"INSERT INTO risk_analyses (unit_id, org_id, kind, title, scope_kind, analysis_date, method,"
		" participants, status, election_year, version, created_by, created_at, updated_at)"
		" VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 1, $11, $12, $12) RETURNING id");
static DB_QUERY(Q_ANALYSIS_UPDATE,
		"UPDATE risk_analyses SET unit_id = $3, org_id = $4, kind = $5, title = $6, scope_kind = $7,"
		" analysis_date = $8, method = $9, participants = $10, status = $11, election_year = $12,"
		" updated_at = $13, version = version + 1 WHERE id = $1 AND version = $2");
static DB_QUERY(Q_ANALYSIS_MOVE_RISKS,
		"UPDATE risks SET unit_id = $2, analysis_date = $3, org_id = $4 WHERE analysis_id = $1");
/* The analyses and risks of the units below $1 (a unit's path after a move) belong to organisation $2. */
static DB_QUERY(Q_ANALYSES_REORG,
		"UPDATE risk_analyses SET org_id = $2 WHERE org_id <> $2 AND unit_id IN (" SQL_UNITS_SEEN("0",
													  "$1") ")");
static DB_QUERY(Q_RISKS_REORG,
		"UPDATE risks SET org_id = $2 WHERE org_id <> $2 AND unit_id IN (" SQL_UNITS_SEEN("0", "$1") ")");
static DB_QUERY(Q_ANALYSIS_ASSETS, "SELECT a.id, a.name, a.kind, a.unit_id, u.path FROM risk_analysis_assets x"
				   " JOIN assets a ON a.id = x.asset_id JOIN units u ON u.id = a.unit_id"
				   " WHERE x.analysis_id = $1 ORDER BY lower(a.name), a.id");
static DB_QUERY(Q_ANALYSIS_ASSETS_CLEAR, "DELETE FROM risk_analysis_assets WHERE analysis_id = $1");
static DB_QUERY(Q_ANALYSIS_ASSET_ADD,
		"INSERT INTO risk_analysis_assets (analysis_id, asset_id) VALUES ($1, $2) RETURNING id");
static DB_QUERY(Q_RSA_SECTIONS, "SELECT part, body FROM risk_rsa_sections WHERE analysis_id = $1");
static DB_QUERY(Q_RSA_SECTION_UPDATE, "UPDATE risk_rsa_sections SET body = $3 WHERE analysis_id = $1 AND part = $2");
static DB_QUERY(Q_RSA_SECTION_INSERT,
		"INSERT INTO risk_rsa_sections (analysis_id, part, body) VALUES ($1, $2, $3) RETURNING id");
static DB_QUERY(Q_ASSET_BRIEF, "SELECT a.id, a.name, a.kind, a.unit_id, u.path FROM assets a"
			       " JOIN units u ON u.id = a.unit_id WHERE a.id = $1");

static void analysis_from_row(const struct db_rows *r, size_t i, void *out)
{
	struct risk_analysis *an = out;
	an->id = rows_int(r, i, 0);
	an->unit_id = rows_int(r, i, 1);
	an->unit_name = rows_text(r, i, 2);
	an->unit_path = rows_text(r, i, 3);
	an->org_id = rows_int(r, i, 4);
	an->kind = rows_text(r, i, 5);
	an->title = rows_text(r, i, 6);
	an->scope_kind = rows_text(r, i, 7);
	an->analysis_date = rows_text(r, i, 8);
	an->method = rows_text(r, i, 9);
	an->participants = rows_text(r, i, 10);
	an->status = rows_text(r, i, 11);
	an->election_year = rows_int(r, i, 12);
	an->n_risks = rows_int(r, i, 13);
	an->version = rows_int(r, i, 14);
	an->created_by = rows_int(r, i, 15);
	an->created_at = rows_text(r, i, 16);
	an->updated_at = rows_text(r, i, 17);
}

int q_risk_analysis_get(struct db *db, struct arena *a, int64_t id, struct risk_analysis *out, struct err *e)
{
	struct db_rows rows;
	int rc = db_run(db, a, &Q_ANALYSIS_GET, DB_ARGS(DB_INT(id)), &rows, e);
	if (rc)
		return rc;
	if (rows.n_rows == 0)
		return ERR_NOTFOUND;
	analysis_from_row(&rows, 0, out);
	return 0;
}

int q_risk_analysis_list(struct db *db, struct arena *a, const struct risk_analysis_filter *f, const char *subtree,
			 struct risk_analysis **out, size_t *n, int64_t *total, struct err *e)
{
	struct db_rows rows, cnt;
	int64_t limit = f->limit > 0 && f->limit <= 10000 ? f->limit : 50;
	int rc;

#define ANALYSIS_ARGS DB_INT(f->viewer_id), DB_TEXT(subtree), DB_TEXT(f->kind), DB_TEXT(f->status)
	if (total) {
		if ((rc = db_run(db, a, &Q_ANALYSIS_COUNT, DB_ARGS(ANALYSIS_ARGS), &cnt, e)))
			return rc;
		*total = rows_int(&cnt, 0, 0);
	}
	rc = db_run(db, a, &Q_ANALYSIS_LIST,
		    DB_ARGS(ANALYSIS_ARGS, DB_INT(limit), DB_INT(f->offset > 0 ? f->offset : 0)), &rows, e);
#undef ANALYSIS_ARGS
	if (!rc)
		*out = rows_map(a, &rows, sizeof(**out), analysis_from_row, n);
	return rc;
}

int q_risk_analysis_insert(struct db *db, struct arena *a, const struct risk_analysis_input *in, int64_t org_id,
			   int64_t by, const char *now, int64_t *id_out, struct err *e)
{
	return db_run_insert(db, a, &Q_ANALYSIS_INSERT,
			     DB_ARGS(DB_INT(in->unit_id), DB_INT(org_id), DB_TEXT(in->kind), DB_TEXT(in->title),
				     DB_TEXT(in->scope_kind), DB_TEXT(in->analysis_date), DB_TEXT(in->method),
				     DB_TEXT(in->participants), DB_TEXT(in->status), DB_ID(in->election_year),
				     DB_ID(by), DB_TEXT(now)),
			     id_out, e);
}

int q_risk_analysis_update(struct db *db, struct arena *a, int64_t id, int64_t version,
			   const struct risk_analysis_input *in, int64_t org_id, const char *now, struct err *e)
{
	int rc = db_run_change(db, a, &Q_ANALYSIS_UPDATE,
			       DB_ARGS(DB_INT(id), DB_INT(version), DB_INT(in->unit_id), DB_INT(org_id),
				       DB_TEXT(in->kind), DB_TEXT(in->title), DB_TEXT(in->scope_kind),
				       DB_TEXT(in->analysis_date), DB_TEXT(in->method), DB_TEXT(in->participants),
				       DB_TEXT(in->status), DB_ID(in->election_year), DB_TEXT(now)),
			       e);
	return rc == ERR_NOTFOUND ? ERR_CONFLICT : rc;
}

int q_risk_analysis_move_risks(struct db *db, struct arena *a, int64_t id, int64_t unit_id, const char *analysis_date,
			       int64_t org_id, struct err *e)
{
	return db_run(db, a, &Q_ANALYSIS_MOVE_RISKS,
		      DB_ARGS(DB_INT(id), DB_INT(unit_id), DB_TEXT(analysis_date), DB_INT(org_id)), NULL, e);
}

int q_risk_reorganise(struct db *db, struct arena *a, const char *path, int64_t org_id, struct err *e)
{
	int rc = db_run(db, a, &Q_ANALYSES_REORG, DB_ARGS(DB_TEXT(path), DB_INT(org_id)), NULL, e);
	return rc ? rc : db_run(db, a, &Q_RISKS_REORG, DB_ARGS(DB_TEXT(path), DB_INT(org_id)), NULL, e);
}

static void scope_asset_from_row(const struct db_rows *r, size_t i, void *out)
{
	struct risk_scope_asset *s = out;
	s->asset_id = rows_int(r, i, 0);
	s->name = rows_text(r, i, 1);
	s->kind = rows_text(r, i, 2);
	s->unit_id = rows_int(r, i, 3);
	s->unit_path = rows_text(r, i, 4);
}

int q_risk_analysis_assets(struct db *db, struct arena *a, int64_t id, struct risk_scope_asset **out, size_t *n,
			   struct err *e)
{
	struct db_rows rows;
	int rc = db_run(db, a, &Q_ANALYSIS_ASSETS, DB_ARGS(DB_INT(id)), &rows, e);
	if (!rc)
		*out = rows_map(a, &rows, sizeof(**out), scope_asset_from_row, n);
	return rc;
}

int q_risk_analysis_set_assets(struct db *db, struct arena *a, int64_t id, const int64_t *ids, size_t n, struct err *e)
{
	int rc = db_run(db, a, &Q_ANALYSIS_ASSETS_CLEAR, DB_ARGS(DB_INT(id)), NULL, e);
	int64_t row;
	for (size_t i = 0; !rc && i < n; i++)
		rc = db_run_insert(db, a, &Q_ANALYSIS_ASSET_ADD, DB_ARGS(DB_INT(id), DB_INT(ids[i])), &row, e);
	return rc;
}

int q_risk_rsa_sections(struct db *db, struct arena *a, int64_t id, const char *bodies[7], struct err *e)
{
	struct db_rows rows;
	int rc = db_run(db, a, &Q_RSA_SECTIONS, DB_ARGS(DB_INT(id)), &rows, e);
	if (rc)
		return rc;
	for (size_t k = 0; k < 7; k++)
		bodies[k] = "";
	for (size_t i = 0; i < rows.n_rows; i++) {
		int64_t part = rows_int(&rows, i, 0);
		if (part >= 1 && part <= 7 && rows_text(&rows, i, 1))
			bodies[part - 1] = rows_text(&rows, i, 1);
	}
	return 0;
}

int q_risk_rsa_section_set(struct db *db, struct arena *a, int64_t id, int64_t part, const char *body, struct err *e)
{
	struct db_rows rows;
	int64_t row;
	int rc = db_run(db, a, &Q_RSA_SECTION_UPDATE, DB_ARGS(DB_INT(id), DB_INT(part), DB_TEXT(body)), &rows, e);
	if (rc || rows.changes)
		return rc;
	return db_run_insert(db, a, &Q_RSA_SECTION_INSERT, DB_ARGS(DB_INT(id), DB_INT(part), DB_TEXT(body)), &row, e);
}

int q_risk_asset_brief(struct db *db, struct arena *a, int64_t id, struct risk_scope_asset *out, struct err *e)
{
	struct db_rows rows;
	int rc = db_run(db, a, &Q_ASSET_BRIEF, DB_ARGS(DB_INT(id)), &rows, e);
	if (rc)
		return rc;
	if (rows.n_rows == 0)
		return ERR_NOTFOUND;
	scope_asset_from_row(&rows, 0, out);
	return 0;
}

static DB_QUERY(Q_GAPS,
		"SELECT a.id, a.name, u.path, c.c_level, c.i_level, c.a_level, c.t_level, q.id, q.code, q.title,"
		" q.category, q.min_c, q.min_i, q.min_a, q.min_t, ar.status, ar.comment"
		" FROM asset_requirements ar JOIN assets a ON a.id = ar.asset_id JOIN units u ON u.id = a.unit_id"
		" JOIN requirements q ON q.id = ar.requirement_id JOIN classifications c ON c.id = a.classification_id"
		" WHERE ar.status IN ('not_fulfilled', 'partial') AND q.active = 1"
		" AND ((CAST($2 AS TEXT) IS NOT NULL AND a.lifecycle <> 'retired'"
		"       AND substr(u.path, 1, length(CAST($2 AS TEXT))) = CAST($2 AS TEXT))"
		"   OR EXISTS (SELECT 1 FROM risk_analysis_assets x WHERE x.analysis_id = $1 AND x.asset_id = a.id))"
		" ORDER BY q.code, lower(a.name), a.id");

static void gap_from_row(const struct db_rows *r, size_t i, void *out)
{
	struct risk_gap *g = out;
	g->asset_id = rows_int(r, i, 0);
	g->asset_name = rows_text(r, i, 1);
	g->unit_path = rows_text(r, i, 2);
	g->c = rows_level(r, i, 3);
	g->i = rows_level(r, i, 4);
	g->a = rows_level(r, i, 5);
	g->t = rows_level(r, i, 6);
	g->requirement_id = rows_int(r, i, 7);
	g->code = rows_text(r, i, 8);
	g->title = rows_text(r, i, 9);
	g->category = rows_text(r, i, 10);
	g->min_c = rows_level(r, i, 11);
	g->min_i = rows_level(r, i, 12);
	g->min_a = rows_level(r, i, 13);
	g->min_t = rows_level(r, i, 14);
	g->status = rows_text(r, i, 15);
	g->comment = rows_text(r, i, 16);
}

int q_risk_gaps(struct db *db, struct arena *a, int64_t id, const char *subtree, struct risk_gap **out, size_t *n,
		struct err *e)
{
	struct db_rows rows;
	int rc = db_run(db, a, &Q_GAPS, DB_ARGS(DB_INT(id), DB_TEXT(subtree)), &rows, e);
	if (!rc)
		*out = rows_map(a, &rows, sizeof(**out), gap_from_row, n);
	return rc;
}

/* --- risks -------------------------------------------------------------------------- */

#define RISK_COLS                                                                                                  \
	"SELECT r.id, r.analysis_id, an.title, an.kind, r.unit_id, u.name, u.path, r.threat_id, r.threat,"         \
	" r.vulnerability, r.consequence_text, r.likelihood, r.consequence, r.value, r.treatment,"                 \
	" r.treatment_reason, r.accepted_by, ac.display_name, r.owner_id, ow.display_name, r.residual_likelihood," \
	" r.residual_consequence, r.residual_value, r.version, r.created_by, r.created_at, r.updated_at"
#define RISK_FROM                                                                                       \
	" FROM risks r JOIN risk_analyses an ON an.id = r.analysis_id JOIN units u ON u.id = r.unit_id" \
	" LEFT JOIN users ac ON ac.id = r.accepted_by LEFT JOIN users ow ON ow.id = r.owner_id"
/*
 * The register, its count and the matrix. Parameters, the same in each:
 *   $1 viewer (0: sees every unit)   $2 subtree path or NULL   $3 analysis   $4 asset
 *   $5 owner   $6 treatment   $7 likelihood   $8 consequence (a cell; 0: any)
 *   $9 the cell is after measures   $10 the search as a folded LIKE pattern, or NULL
 * then, in a page, $11 limit, $12 offset, $13 sort and $14 ascending.
 *
 * How the rows are found (q_risk_list() chooses):
 *   UNITS    the risks of the units in view (SQL_UNITS_SEEN), from
 *            risks_unit_cells; a count or matrix without filters on other
 *            columns reads that index alone;
 *   ANALYSIS the risks of one analysis (risks_analysis);
 *   ASSET    the risks concerning one asset (risk_concerns_asset);
 *   ROW      every risk along the index of the order shown, each checked
 *            against the units in view (a set built once per statement),
 *            until the page is full: for many matches.
 * Every filter a query does not use is still named, as a condition on the
 * argument alone, so that each query takes the same arguments.
 */
#define RISK_UNITS   "r.unit_id IN (" SQL_UNITS_SEEN("$1", "$2") ")"
#define RISK_BY_ROW  SQL_SEEN_ROW("r.unit_id", "$1", "$2")
#define RISK_CONCERN "r.id IN (SELECT rc.risk_id FROM risk_concerns rc WHERE rc.asset_id = CAST($4 AS BIGINT))"
#define RISK_LINKS                                                            \
	" AND (CAST($3 AS BIGINT) = 0 OR r.analysis_id = CAST($3 AS BIGINT))" \
	" AND (CAST($4 AS BIGINT) = 0 OR " RISK_CONCERN ")"
#define RISK_NO_LINKS " AND CAST($3 AS BIGINT) = 0 AND CAST($4 AS BIGINT) = 0"
/* Filters on columns of risks_unit_cells, and the search, which reads the rows. */
#define RISK_COVF                                                          \
	" AND (CAST($5 AS BIGINT) = 0 OR r.owner_id = CAST($5 AS BIGINT))" \
	" AND (CAST($6 AS TEXT) IS NULL OR r.treatment = CAST($6 AS TEXT))"
#define RISK_SEARCH    " AND (CAST($10 AS TEXT) IS NULL OR r.search_folded LIKE CAST($10 AS TEXT) ESCAPE '\\')"
#define RISK_NO_SEARCH " AND CAST($10 AS TEXT) IS NULL"
#define CELL_L                                                                                                   \
	"(CASE WHEN CAST($9 AS BIGINT) = 1 THEN COALESCE(r.residual_likelihood, r.likelihood) ELSE r.likelihood" \
	" END)"
#define CELL_C                                                                                                      \
	"(CASE WHEN CAST($9 AS BIGINT) = 1 THEN COALESCE(r.residual_consequence, r.consequence) ELSE r.consequence" \
	" END)"
#define RISK_CELLF                                                         \
	" AND (CAST($7 AS BIGINT) = 0 OR " CELL_L " = CAST($7 AS BIGINT))" \
	" AND (CAST($8 AS BIGINT) = 0 OR " CELL_C " = CAST($8 AS BIGINT))"
#define RISK_ROWF RISK_COVF RISK_SEARCH RISK_CELLF
/* What follows FROM in each way: the tables, and the conditions. */
#define RISKS_OF_UNITS    SQL_UNITS_SEEN_FIRST("$1", "$2") " risks r WHERE r.unit_id = sv_.id"
#define WHERE_UNITS_CELLS RISKS_OF_UNITS RISK_NO_LINKS RISK_COVF RISK_NO_SEARCH RISK_CELLF
#define WHERE_UNITS       RISKS_OF_UNITS RISK_NO_LINKS RISK_ROWF
#define WHERE_ANALYSIS    "risks r WHERE r.analysis_id = CAST($3 AS BIGINT) AND " RISK_BY_ROW RISK_LINKS RISK_ROWF
#define WHERE_ASSET       "risks r WHERE " RISK_CONCERN " AND " RISK_BY_ROW RISK_LINKS RISK_ROWF
#define WHERE_ROW         "risks r WHERE " RISK_BY_ROW RISK_NO_LINKS RISK_ROWF

/* Counts stop at RISK_COUNT_BOUND + 1. */
#define RISK_COUNT_OF(where) \
	"SELECT count(*), " SQL_SEES_ALL("$1", "$2") " FROM (SELECT 1 FROM " where " LIMIT 10001) x"
_Static_assert(RISK_COUNT_BOUND == 10000, "RISK_COUNT_OF's LIMIT is RISK_COUNT_BOUND + 1");
static DB_QUERY(Q_RISK_COUNT_CELLS, RISK_COUNT_OF(WHERE_UNITS_CELLS));
static DB_QUERY(Q_RISK_COUNT_UNITS, RISK_COUNT_OF(WHERE_UNITS));
static DB_QUERY_PLAN_ONCE(Q_RISK_COUNT_ANALYSIS, RISK_COUNT_OF(WHERE_ANALYSIS));
static DB_QUERY_PLAN_ONCE(Q_RISK_COUNT_ASSET, RISK_COUNT_OF(WHERE_ASSET));

/* Both sides of the matrix in one pass: the levels before and after the measures (NULL: none assessed). */
#define MATRIX_OF(where)                                                                                          \
	"SELECT r.likelihood, r.consequence, r.residual_likelihood, r.residual_consequence, count(*) FROM " where \
	" GROUP BY r.likelihood, r.consequence, r.residual_likelihood, r.residual_consequence"
static DB_QUERY(Q_RISK_MATRIX_CELLS, MATRIX_OF(WHERE_UNITS_CELLS));
/* $11 the organisation: its risks along risks_org_cells, already in the order of the cells. */
static DB_QUERY(Q_RISK_MATRIX_ORG,
		MATRIX_OF("risks r WHERE r.org_id = CAST($11 AS BIGINT) AND " RISK_BY_ROW RISK_NO_LINKS RISK_COVF
				  RISK_NO_SEARCH RISK_CELLF));
static DB_QUERY(Q_RISK_MATRIX_UNITS, MATRIX_OF(WHERE_UNITS));
static DB_QUERY_PLAN_ONCE(Q_RISK_MATRIX_ANALYSIS, MATRIX_OF(WHERE_ANALYSIS));
static DB_QUERY_PLAN_ONCE(Q_RISK_MATRIX_ASSET, MATRIX_OF(WHERE_ASSET));

/*
 * The orders, each along its own index of migration 0140 (read backwards
 * for descending): every key in the same direction, the id last.
 */
#define ORD_VALUE(d)    "r.value" d ", r.residual_value" d ", r.id" d
#define ORD_RESIDUAL(d) "r.residual_value" d ", r.value" d ", r.id" d
#define ORD_THREAT(d)   "r.threat_folded" d ", r.id" d
#define ORD_UPDATED(d)  "r.updated_at" d ", r.id" d
#define ORD_ANALYSIS(d) "r.analysis_date" d ", r.analysis_id" d ", r.value" d ", r.residual_value" d ", r.id" d
/* The same orders chosen by $13 and $14, for rows found otherwise and sorted (no index serves a CASE). */
#define BY_KEY(k, col)                                                                               \
	" CASE WHEN CAST($13 AS BIGINT) = " #k " AND CAST($14 AS BIGINT) = 0 THEN " col " END DESC," \
	" CASE WHEN CAST($13 AS BIGINT) = " #k " AND CAST($14 AS BIGINT) = 1 THEN " col " END,"
#define SORTED_VALUE    BY_KEY(0, "r.value") BY_KEY(0, "r.residual_value")
#define SORTED_RESIDUAL BY_KEY(1, "r.residual_value") BY_KEY(1, "r.value")
#define SORTED_TEXTS    BY_KEY(2, "r.threat_folded") BY_KEY(3, "r.updated_at")
#define SORTED_ANALYSIS \
	BY_KEY(4, "r.analysis_date") BY_KEY(4, "r.analysis_id") BY_KEY(4, "r.value") BY_KEY(4, "r.residual_value")
#define RISK_SORTED                                               \
	SORTED_VALUE SORTED_RESIDUAL SORTED_TEXTS SORTED_ANALYSIS \
		" CASE WHEN CAST($14 AS BIGINT) = 0 THEN r.id END DESC, r.id"
_Static_assert(RISK_SORT_VALUE == 0 && RISK_SORT_RESIDUAL == 1 && RISK_SORT_THREAT == 2 && RISK_SORT_UPDATED == 3 &&
		       RISK_SORT_ANALYSIS == 4,
	       "RISK_SORTED numbers the orders");

/* A page is found as ids first; only its rows are then joined with their analysis, unit and people. */
#define RISK_PAGE(where, order)                                                                       \
	RISK_COLS " FROM (SELECT r.id AS pid FROM " where " ORDER BY " order " LIMIT $11 OFFSET $12)" \
		  " p JOIN risks r ON r.id = p.pid JOIN risk_analyses an ON an.id = r.analysis_id"    \
		  " JOIN units u ON u.id = r.unit_id LEFT JOIN users ac ON ac.id = r.accepted_by"     \
		  " LEFT JOIN users ow ON ow.id = r.owner_id ORDER BY" RISK_SORTED
/* The ROW pages name $13 and $14 in their outer order only. */
#define ROW_PAGE(order) RISK_PAGE(WHERE_ROW, order)

static DB_QUERY_PLAN_ONCE(Q_RISK_GET, RISK_COLS RISK_FROM " WHERE r.id = $1");
static DB_QUERY(Q_RISK_SORTED_UNITS, RISK_PAGE(WHERE_UNITS, RISK_SORTED));
static DB_QUERY_PLAN_ONCE(Q_RISK_SORTED_ANALYSIS, RISK_PAGE(WHERE_ANALYSIS, RISK_SORTED));
static DB_QUERY_PLAN_ONCE(Q_RISK_SORTED_ASSET, RISK_PAGE(WHERE_ASSET, RISK_SORTED));
static DB_QUERY(Q_RISK_ROW_VALUE, ROW_PAGE(ORD_VALUE("")));
static DB_QUERY(Q_RISK_ROW_VALUE_D, ROW_PAGE(ORD_VALUE(" DESC")));
static DB_QUERY(Q_RISK_ROW_RESIDUAL, ROW_PAGE(ORD_RESIDUAL("")));
static DB_QUERY(Q_RISK_ROW_RESIDUAL_D, ROW_PAGE(ORD_RESIDUAL(" DESC")));
static DB_QUERY(Q_RISK_ROW_THREAT, ROW_PAGE(ORD_THREAT("")));
static DB_QUERY(Q_RISK_ROW_THREAT_D, ROW_PAGE(ORD_THREAT(" DESC")));
static DB_QUERY(Q_RISK_ROW_UPDATED, ROW_PAGE(ORD_UPDATED("")));
static DB_QUERY(Q_RISK_ROW_UPDATED_D, ROW_PAGE(ORD_UPDATED(" DESC")));
static DB_QUERY(Q_RISK_ROW_ANALYSIS, ROW_PAGE(ORD_ANALYSIS("")));
static DB_QUERY(Q_RISK_ROW_ANALYSIS_D, ROW_PAGE(ORD_ANALYSIS(" DESC")));
/* Every risk of the units below $1 (an organisation's path), by id after $2: a scale's remapping reads them. */
static DB_QUERY(Q_RISK_OF_ORG_AFTER, RISK_COLS RISK_FROM
		" WHERE r.unit_id IN (" SQL_UNITS_SEEN("0", "$1") ")"
								  " AND r.id > $2 ORDER BY r.id LIMIT 1000");
static DB_QUERY(Q_RISK_INSERT,
		"INSERT INTO risks (analysis_id, unit_id, threat_id, threat, vulnerability, consequence_text,"
		" likelihood, consequence, value, treatment, treatment_reason, accepted_by, owner_id,"
		" residual_likelihood, residual_consequence, residual_value, version, created_by, created_at,"
		" updated_at, threat_folded, search_folded, analysis_date, org_id) VALUES ($1, $2, $3, $4, $5, $6, $7,"
		" $8, $9, $10, $11, $12, $13, $14, $15, $16, 1, $17, $18, $18, $19, $20, $21, $22) RETURNING id");
static DB_QUERY(
	Q_RISK_UPDATE,
	"UPDATE risks SET threat_id = $3, threat = $4, vulnerability = $5, consequence_text = $6,"
	" likelihood = $7, consequence = $8, value = $9, treatment = $10, treatment_reason = $11,"
	" accepted_by = $12, owner_id = $13, residual_likelihood = $14, residual_consequence = $15,"
	" residual_value = $16, updated_at = $17, threat_folded = $18, search_folded = $19, version = version + 1"
	" WHERE id = $1 AND version = $2");
static DB_QUERY(Q_RISK_FOLD_NEXT,
		"SELECT id, threat, vulnerability, consequence_text FROM risks WHERE id > $1 ORDER BY id LIMIT 1000");
static DB_QUERY(Q_RISK_FOLD_SET, "UPDATE risks SET threat_folded = $2, search_folded = $3 WHERE id = $1");

static void risk_from_row(const struct db_rows *r, size_t i, void *out)
{
	struct risk *k = out;
	k->id = rows_int(r, i, 0);
	k->analysis_id = rows_int(r, i, 1);
	k->analysis_title = rows_text(r, i, 2);
	k->analysis_kind = rows_text(r, i, 3);
	k->unit_id = rows_int(r, i, 4);
	k->unit_name = rows_text(r, i, 5);
	k->unit_path = rows_text(r, i, 6);
	k->threat_id = rows_int(r, i, 7);
	k->threat = rows_text(r, i, 8);
	k->vulnerability = rows_text(r, i, 9);
	k->consequence_text = rows_text(r, i, 10);
	k->likelihood = rows_int(r, i, 11);
	k->consequence = rows_int(r, i, 12);
	k->value = rows_int(r, i, 13);
	k->treatment = rows_text(r, i, 14);
	k->treatment_reason = rows_text(r, i, 15);
	k->accepted_by = rows_int(r, i, 16);
	k->accepted_by_name = rows_text(r, i, 17);
	k->owner_id = rows_int(r, i, 18);
	k->owner_name = rows_text(r, i, 19);
	k->residual_likelihood = rows_int(r, i, 20);
	k->residual_consequence = rows_int(r, i, 21);
	k->residual_value = rows_int(r, i, 22);
	k->version = rows_int(r, i, 23);
	k->created_by = rows_int(r, i, 24);
	k->created_at = rows_text(r, i, 25);
	k->updated_at = rows_text(r, i, 26);
}

int q_risk_get(struct db *db, struct arena *a, int64_t id, struct risk *out, struct err *e)
{
	struct db_rows rows;
	int rc = db_run(db, a, &Q_RISK_GET, DB_ARGS(DB_INT(id)), &rows, e);
	if (rc)
		return rc;
	if (rows.n_rows == 0)
		return ERR_NOTFOUND;
	risk_from_row(&rows, 0, out);
	return 0;
}

#define RISK_FILTER_ARGS(f, subtree, like)                                                         \
	DB_INT((f)->viewer_id), DB_TEXT(subtree), DB_INT((f)->analysis_id), DB_INT((f)->asset_id), \
		DB_INT((f)->owner_id),                                                             \
		DB_TEXT((f)->treatment && !strcmp((f)->treatment, "none") ? "" : (f)->treatment),  \
		DB_INT((f)->likelihood), DB_INT((f)->consequence), DB_INT((f)->residual ? 1 : 0), DB_TEXT(like)

/* The search of the register: threat, vulnerability and consequence, folded, one per line. */
static const char *risk_search_text(struct arena *a, const char *threat, const char *vulnerability,
				    const char *consequence)
{
	return db_folded_lines(a, threat, vulnerability, consequence);
}

static int fold_row(struct db *db, struct arena *a, const struct db_rows *rows, size_t i, struct err *e)
{
	const char *threat = rows_text(rows, i, 1);
	return db_run(db, a, &Q_RISK_FOLD_SET,
		      DB_ARGS(DB_INT(rows_int(rows, i, 0)), DB_TEXT(str_fold(a, threat)),
			      DB_TEXT(risk_search_text(a, threat, rows_text(rows, i, 2), rows_text(rows, i, 3)))),
		      NULL, e);
}

int q_risk_fill_folded(struct db *db, struct err *e)
{
	return db_fill_by_id(db, &Q_RISK_FOLD_NEXT, fold_row, e);
}

/*
 * At most this many matching risks are found by unit, analysis or asset
 * and sorted; more are read along the order's index (the ROW way), where
 * at least one risk in (register / this) matches, so that a page of 50
 * reads a bounded number of index entries before it is full. When the
 * viewer sees every unit, the ROW way is taken from RISK_SORT_FEW matches:
 * then only the filters leave risks out.
 */
#define RISK_SORT_AT_MOST 2000
#define RISK_SORT_FEW     200

enum risk_way { WAY_UNITS_CELLS, WAY_UNITS, WAY_ANALYSIS, WAY_ASSET, WAY_COUNT };
static const struct db_query *const risk_counts[WAY_COUNT] = { &Q_RISK_COUNT_CELLS, &Q_RISK_COUNT_UNITS,
							       &Q_RISK_COUNT_ANALYSIS, &Q_RISK_COUNT_ASSET };
static const struct db_query *const risk_matrices[WAY_COUNT] = { &Q_RISK_MATRIX_CELLS, &Q_RISK_MATRIX_UNITS,
								 &Q_RISK_MATRIX_ANALYSIS, &Q_RISK_MATRIX_ASSET };
static const struct db_query *const risk_sorted[WAY_COUNT] = { &Q_RISK_SORTED_UNITS, &Q_RISK_SORTED_UNITS,
							       &Q_RISK_SORTED_ANALYSIS, &Q_RISK_SORTED_ASSET };
static const struct db_query *const risk_rows[RISK_SORT_ANALYSIS + 1][2] = {
	[RISK_SORT_VALUE] = { &Q_RISK_ROW_VALUE, &Q_RISK_ROW_VALUE_D },
	[RISK_SORT_RESIDUAL] = { &Q_RISK_ROW_RESIDUAL, &Q_RISK_ROW_RESIDUAL_D },
	[RISK_SORT_THREAT] = { &Q_RISK_ROW_THREAT, &Q_RISK_ROW_THREAT_D },
	[RISK_SORT_UPDATED] = { &Q_RISK_ROW_UPDATED, &Q_RISK_ROW_UPDATED_D },
	[RISK_SORT_ANALYSIS] = { &Q_RISK_ROW_ANALYSIS, &Q_RISK_ROW_ANALYSIS_D },
};

/* How the rows @f matches are found: through its analysis, its asset, or the units in view. */
static enum risk_way risk_way_of(const struct risk_filter *f, const char *like)
{
	if (f->analysis_id)
		return WAY_ANALYSIS;
	if (f->asset_id)
		return WAY_ASSET;
	return like ? WAY_UNITS : WAY_UNITS_CELLS;
}

int q_risk_list(struct db *db, struct arena *a, const struct risk_filter *f, const char *subtree, struct risk **out,
		size_t *n, int64_t *total, struct err *e)
{
	struct db_rows rows;
	const char *like = db_like_contains(a, f->q && *f->q ? str_fold(a, f->q) : NULL);
	enum risk_way way = risk_way_of(f, like);
	int64_t limit = f->limit > 0 && f->limit <= 10000 ? f->limit : 50;
	int64_t offset = f->offset > 0 ? f->offset : 0, count;
	int sort = f->sort >= RISK_SORT_VALUE && f->sort <= RISK_SORT_ANALYSIS ? (int)f->sort : RISK_SORT_VALUE;
	const struct db_query *q;
	int rc;

	/* The register's count (up to 10,001 risks read) once per data version; one analysis's or asset's afresh. */
	rc = way == WAY_UNITS_CELLS
		     ? db_run_count_kept(db, a, risk_counts[way], DB_ARGS(RISK_FILTER_ARGS(f, subtree, like)), &count,
					 e)
		     : db_run_count(db, a, risk_counts[way], DB_ARGS(RISK_FILTER_ARGS(f, subtree, like)), &count, e);
	if (rc)
		return rc;
	if (total)
		*total = count;
	*out = NULL;
	*n = 0;
	if (offset > RISK_COUNT_BOUND || offset >= count)
		return 0;
	q = (way == WAY_UNITS || way == WAY_UNITS_CELLS) && count > RISK_SORT_AT_MOST ? risk_rows[sort][f->asc ? 0 : 1]
										      : risk_sorted[way];
	rc = db_run(db, a, q,
		    DB_ARGS(RISK_FILTER_ARGS(f, subtree, like), DB_INT(limit), DB_INT(offset), DB_INT(sort),
			    DB_INT(f->asc ? 1 : 0)),
		    &rows, e);
	if (!rc)
		*out = rows_map(a, &rows, sizeof(**out), risk_from_row, n);
	return rc;
}

int q_risk_of_org(struct db *db, struct arena *a, const char *org_path, int64_t after, struct risk **out, size_t *n,
		  struct err *e)
{
	struct db_rows rows;
	int rc = db_run(db, a, &Q_RISK_OF_ORG_AFTER, DB_ARGS(DB_TEXT(org_path), DB_INT(after)), &rows, e);
	if (!rc)
		*out = rows_map(a, &rows, sizeof(**out), risk_from_row, n);
	return rc;
}

static void cell_from_row(const struct db_rows *r, size_t i, void *out)
{
	struct risk_cell *c = out;
	c->l = rows_int(r, i, 0);
	c->c = rows_int(r, i, 1);
	c->rl = rows_int(r, i, 2);
	c->rc = rows_int(r, i, 3);
	c->n = rows_int(r, i, 4);
}

int q_risk_matrix(struct db *db, struct arena *a, const struct risk_filter *f, const char *subtree, int64_t org_id,
		  struct risk_cell **out, size_t *n, struct err *e)
{
	struct risk_filter all = *f;
	struct db_rows rows;
	const char *like = db_like_contains(a, f->q && *f->q ? str_fold(a, f->q) : NULL);
	enum risk_way way;
	int rc;

	all.likelihood = all.consequence = 0;
	way = risk_way_of(&all, like);
	if (way == WAY_UNITS_CELLS && org_id)
		rc = db_run(db, a, &Q_RISK_MATRIX_ORG, DB_ARGS(RISK_FILTER_ARGS(&all, subtree, like), DB_INT(org_id)),
			    &rows, e);
	else
		rc = db_run(db, a, risk_matrices[way], DB_ARGS(RISK_FILTER_ARGS(&all, subtree, like)), &rows, e);
	if (!rc)
		*out = rows_map(a, &rows, sizeof(**out), cell_from_row, n);
	return rc;
}

int q_risk_insert(struct db *db, struct arena *a, const struct risk_analysis *an, const struct risk_input *in,
		  int64_t value, int64_t residual_value, int64_t by, const char *now, int64_t *id_out, struct err *e)
{
	return db_run_insert(db, a, &Q_RISK_INSERT,
			     DB_ARGS(DB_INT(an->id), DB_INT(an->unit_id), DB_ID(in->threat_id), DB_TEXT(in->threat),
				     DB_TEXT(in->vulnerability), DB_TEXT(in->consequence_text), DB_INT(in->likelihood),
				     DB_INT(in->consequence), DB_INT(value), DB_TEXT(in->treatment),
				     DB_TEXT(in->treatment_reason), DB_ID(in->accepted_by), DB_ID(in->owner_id),
				     DB_ID(in->residual_likelihood), DB_ID(in->residual_consequence),
				     DB_INT(residual_value), DB_ID(by), DB_TEXT(now), DB_TEXT(str_fold(a, in->threat)),
				     DB_TEXT(risk_search_text(a, in->threat, in->vulnerability, in->consequence_text)),
				     DB_TEXT(an->analysis_date), DB_INT(an->org_id)),
			     id_out, e);
}

int q_risk_update(struct db *db, struct arena *a, int64_t id, int64_t version, const struct risk_input *in,
		  int64_t value, int64_t residual_value, const char *now, struct err *e)
{
	int rc = db_run_change(
		db, a, &Q_RISK_UPDATE,
		DB_ARGS(DB_INT(id), DB_INT(version), DB_ID(in->threat_id), DB_TEXT(in->threat),
			DB_TEXT(in->vulnerability), DB_TEXT(in->consequence_text), DB_INT(in->likelihood),
			DB_INT(in->consequence), DB_INT(value), DB_TEXT(in->treatment), DB_TEXT(in->treatment_reason),
			DB_ID(in->accepted_by), DB_ID(in->owner_id), DB_ID(in->residual_likelihood),
			DB_ID(in->residual_consequence), DB_INT(residual_value), DB_TEXT(now),
			DB_TEXT(str_fold(a, in->threat)),
			DB_TEXT(risk_search_text(a, in->threat, in->vulnerability, in->consequence_text))),
		e);
	return rc == ERR_NOTFOUND ? ERR_CONFLICT : rc;
}

/* --- concerns and measures ------------------------------------------------------------------ */

static DB_QUERY(
	Q_CONCERNS,
	"SELECT rc.id, rc.risk_id, a.id, a.name, a.unit_id, u.path, rc.requirement_id, q.code, q.title,"
	" ar.status, ar.action_id FROM risk_concerns rc JOIN assets a ON a.id = rc.asset_id"
	" JOIN units u ON u.id = a.unit_id LEFT JOIN requirements q ON q.id = rc.requirement_id"
	" LEFT JOIN asset_requirements ar ON ar.asset_id = rc.asset_id AND ar.requirement_id = rc.requirement_id"
	" WHERE rc.risk_id = $1 ORDER BY q.code, lower(a.name), rc.id");
static DB_QUERY(Q_CONCERN_INSERT,
		"INSERT INTO risk_concerns (risk_id, asset_id, requirement_id) VALUES ($1, $2, $3) RETURNING id");
static DB_QUERY(Q_RISK_BY_REQUIREMENT, "SELECT r.id FROM risks r JOIN risk_concerns rc ON rc.risk_id = r.id"
				       " WHERE r.analysis_id = $1 AND rc.requirement_id = $2 ORDER BY r.id LIMIT 1");
static DB_QUERY(Q_MEASURES,
		"SELECT m.id, m.risk_id, m.title, m.responsible_id, us.display_name, m.due_date,"
		" m.action_id, ac.status, m.created_at FROM risk_measures m"
		" LEFT JOIN users us ON us.id = m.responsible_id LEFT JOIN activities ac ON ac.id = m.action_id"
		" WHERE m.risk_id = $1 ORDER BY m.id");
static DB_QUERY(
	Q_MEASURE_INSERT,
	"INSERT INTO risk_measures (risk_id, title, responsible_id, due_date, action_id, created_by, created_at)"
	" VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id");
static DB_QUERY(Q_USER_NAME, "SELECT display_name FROM users WHERE id = $1");

static void concern_from_row(const struct db_rows *r, size_t i, void *out)
{
	struct risk_concern *c = out;
	c->id = rows_int(r, i, 0);
	c->risk_id = rows_int(r, i, 1);
	c->asset_id = rows_int(r, i, 2);
	c->asset_name = rows_text(r, i, 3);
	c->asset_unit_id = rows_int(r, i, 4);
	c->asset_unit_path = rows_text(r, i, 5);
	c->requirement_id = rows_int(r, i, 6);
	c->requirement_code = rows_text(r, i, 7);
	c->requirement_title = rows_text(r, i, 8);
	c->status = rows_text(r, i, 9) ? rows_text(r, i, 9) : "";
	c->action_id = rows_int(r, i, 10);
}

int q_risk_concerns(struct db *db, struct arena *a, int64_t risk_id, struct risk_concern **out, size_t *n,
		    struct err *e)
{
	struct db_rows rows;
	int rc = db_run(db, a, &Q_CONCERNS, DB_ARGS(DB_INT(risk_id)), &rows, e);
	if (!rc)
		*out = rows_map(a, &rows, sizeof(**out), concern_from_row, n);
	return rc;
}

int q_risk_concern_insert(struct db *db, struct arena *a, int64_t risk_id, int64_t asset_id, int64_t requirement_id,
			  int64_t *id_out, struct err *e)
{
	return db_run_insert(db, a, &Q_CONCERN_INSERT,
			     DB_ARGS(DB_INT(risk_id), DB_INT(asset_id), DB_ID(requirement_id)), id_out, e);
}

int q_risk_by_requirement(struct db *db, struct arena *a, int64_t analysis_id, int64_t requirement_id, int64_t *risk_id,
			  struct err *e)
{
	struct db_rows rows;
	int rc = db_run(db, a, &Q_RISK_BY_REQUIREMENT, DB_ARGS(DB_INT(analysis_id), DB_INT(requirement_id)), &rows, e);
	if (!rc)
		*risk_id = rows.n_rows ? rows_int(&rows, 0, 0) : 0;
	return rc;
}

static void measure_from_row(const struct db_rows *r, size_t i, void *out)
{
	struct risk_measure *m = out;
	m->id = rows_int(r, i, 0);
	m->risk_id = rows_int(r, i, 1);
	m->title = rows_text(r, i, 2);
	m->responsible_id = rows_int(r, i, 3);
	m->responsible_name = rows_text(r, i, 4);
	m->due_date = rows_text(r, i, 5);
	m->action_id = rows_int(r, i, 6);
	m->action_status = rows_text(r, i, 7);
	m->created_at = rows_text(r, i, 8);
}

int q_risk_measures(struct db *db, struct arena *a, int64_t risk_id, struct risk_measure **out, size_t *n,
		    struct err *e)
{
	struct db_rows rows;
	int rc = db_run(db, a, &Q_MEASURES, DB_ARGS(DB_INT(risk_id)), &rows, e);
	if (!rc)
		*out = rows_map(a, &rows, sizeof(**out), measure_from_row, n);
	return rc;
}

int q_risk_measure_insert(struct db *db, struct arena *a, int64_t risk_id, const char *title, int64_t responsible_id,
			  const char *due_date, int64_t action_id, int64_t by, const char *now, int64_t *id_out,
			  struct err *e)
{
	return db_run_insert(db, a, &Q_MEASURE_INSERT,
			     DB_ARGS(DB_INT(risk_id), DB_TEXT(title), DB_ID(responsible_id),
				     DB_TEXT(due_date && *due_date ? due_date : NULL), DB_ID(action_id), DB_ID(by),
				     DB_TEXT(now)),
			     id_out, e);
}

int q_risk_user_name(struct db *db, struct arena *a, int64_t id, const char **name, struct err *e)
{
	struct db_rows rows;
	int rc = db_run(db, a, &Q_USER_NAME, DB_ARGS(DB_INT(id)), &rows, e);
	if (rc)
		return rc;
	if (rows.n_rows == 0)
		return ERR_NOTFOUND;
	*name = rows_text(&rows, 0, 0);
	return 0;
}
