/*
 * q_processor.c - SQL of processors (personuppgiftsbiträden), their
 * agreements and sub-processors, third-country transfers with their
 * impact assessments, and the versions of impact assessments (DPIA).
 *
 * A processor row is read with its agreement in force (the newest signed)
 * and how many activities use it, so the list can flag a missing or
 * expiring agreement without a query per row. An agreement's file is read
 * only by q_agreement_file(), never with the list.
 */
#include "db/q_gdpr.h"

#include "core/arena.h"
#include "core/err.h"
#include "db/db.h"
#include "db/q_scope.h"

void q_gdpr_transfer_fill(const struct db_rows *r, size_t i, struct gdpr_transfer *t);

/* --- processors ------------------------------------------------------------------ */

#define PROC_COLS                                                                                               \
	"SELECT pr.id, pr.unit_id, u.name, u.path, pr.name, pr.org_number, pr.contact, pr.country, pr.version," \
	" pr.created_at, pr.updated_at, ag.id, ag.signed_on, ag.expires_on,"                                    \
	" (SELECT count(*) FROM processing_processors x WHERE x.processor_id = pr.id)"                          \
	" FROM processors pr JOIN units u ON u.id = pr.unit_id"                                                 \
	" LEFT JOIN processor_agreements ag ON ag.id = (SELECT g.id FROM processor_agreements g"                \
	" WHERE g.processor_id = pr.id ORDER BY g.signed_on DESC, g.id DESC LIMIT 1)"
/* $1 viewer, $2 subtree, $3 search, $4 agreement state, $5 today, $6 today + 90 days */
#define PROC_WHERE                                                                                                                \
	" WHERE " SQL_UNIT_VISIBLE("u.path", "$1") " AND " SQL_PATH_IN_SUBTREE(                                                   \
		"u.path",                                                                                                         \
		"$2") " AND (CAST($3 AS TEXT) IS NULL OR lower(pr.name) LIKE lower(CAST($3 AS TEXT)) ESCAPE '\\')"                \
		      " AND (CAST($4 AS BIGINT) = -1"                                                                             \
		      "  OR (CAST($4 AS BIGINT) = 0 AND ag.id IS NULL"                                                            \
		      "      AND EXISTS (SELECT 1 FROM processing_processors x WHERE x.processor_id = pr.id))"                    \
		      "  OR (CAST($4 AS BIGINT) = 1 AND ag.expires_on >= CAST($5 AS TEXT) AND ag.expires_on <= CAST($6 AS TEXT))" \
		      "  OR (CAST($4 AS BIGINT) = 2 AND ag.expires_on < CAST($5 AS TEXT)))"

static DB_QUERY(Q_PROC_GET, PROC_COLS " WHERE pr.id = $1");
static DB_QUERY(Q_PROC_LIST, PROC_COLS PROC_WHERE " ORDER BY lower(pr.name), pr.id LIMIT $7 OFFSET $8");
static DB_QUERY(Q_PROC_COUNT, "SELECT count(*) FROM processors pr JOIN units u ON u.id = pr.unit_id"
			      " LEFT JOIN processor_agreements ag ON ag.id = (SELECT g.id FROM processor_agreements g"
			      " WHERE g.processor_id = pr.id ORDER BY g.signed_on DESC, g.id DESC LIMIT 1)" PROC_WHERE);
static DB_QUERY(Q_PROC_TAKEN, "SELECT id FROM processors WHERE unit_id = $1 AND lower(name) = lower(CAST($2 AS TEXT))"
			      " AND id <> $3");
static DB_QUERY(Q_PROC_INSERT, "INSERT INTO processors (unit_id, name, org_number, contact, country, version,"
			       " created_at, updated_at) VALUES ($1, $2, $3, $4, $5, 1, $6, $6) RETURNING id");
static DB_QUERY(Q_PROC_UPDATE, "UPDATE processors SET unit_id = $3, name = $4, org_number = $5, contact = $6,"
			       " country = $7, updated_at = $8, version = version + 1 WHERE id = $1 AND version = $2");
static DB_QUERY(Q_PROC_USERS, "SELECT p.name FROM processing_processors x JOIN processing_activities p"
			      " ON p.id = x.activity_id WHERE x.processor_id = $1 ORDER BY lower(p.name)");
static DB_QUERY(Q_PROC_DEL_SUBS, "DELETE FROM processor_subprocessors WHERE processor_id = $1");
static DB_QUERY(Q_PROC_DEL_TIAS, "DELETE FROM gdpr_tias WHERE transfer_id IN"
				 " (SELECT id FROM gdpr_transfers WHERE processor_id = $1)");
static DB_QUERY(Q_PROC_DEL_TRANSFERS, "DELETE FROM gdpr_transfers WHERE processor_id = $1");
static DB_QUERY(Q_PROC_DEL_AGREEMENTS, "DELETE FROM processor_agreements WHERE processor_id = $1");
static DB_QUERY(Q_PROC_DELETE, "DELETE FROM processors WHERE id = $1");
static DB_QUERY(Q_SUBS, "SELECT id, processor_id, position, name, country FROM processor_subprocessors"
			" WHERE processor_id = $1 ORDER BY position");
static DB_QUERY(Q_SUB_INSERT, "INSERT INTO processor_subprocessors (processor_id, position, name, country)"
			      " VALUES ($1, $2, $3, $4) RETURNING id");

static void proc_from_row(const struct db_rows *r, size_t i, void *out)
{
	struct gdpr_processor *p = out;
	p->id = rows_int(r, i, 0);
	p->unit_id = rows_int(r, i, 1);
	p->unit_name = rows_text(r, i, 2);
	p->unit_path = rows_text(r, i, 3);
	p->name = rows_text(r, i, 4);
	p->org_number = rows_text(r, i, 5);
	p->contact = rows_text(r, i, 6);
	p->country = rows_text(r, i, 7);
	p->version = rows_int(r, i, 8);
	p->created_at = rows_text(r, i, 9);
	p->updated_at = rows_text(r, i, 10);
	p->agreement_id = rows_int(r, i, 11);
	p->signed_on = rows_text(r, i, 12);
	p->expires_on = rows_text(r, i, 13);
	p->n_activities = rows_int(r, i, 14);
}

int q_processor_get(struct db *db, struct arena *a, int64_t id, struct gdpr_processor *out, struct err *e)
{
	return db_run_get(db, a, &Q_PROC_GET, DB_ARGS(DB_INT(id)), proc_from_row, out, e);
}

int q_processor_list(struct db *db, struct arena *a, const struct gdpr_processor_filter *f, const char *subtree,
		     struct gdpr_processor **out, size_t *n, int64_t *total, struct err *e)
{
	struct db_rows rows;
	const char *like = db_like_contains(a, f->q);
	int rc;

#define PROC_ARGS \
	DB_INT(f->viewer_id), DB_TEXT(subtree), DB_TEXT(like), DB_INT(f->agreement), DB_TEXT(f->today), DB_TEXT(f->soon)
	if ((rc = db_run_count(db, a, &Q_PROC_COUNT, DB_ARGS(PROC_ARGS), total, e)))
		return rc;
	rc = db_run(db, a, &Q_PROC_LIST,
		    DB_ARGS(PROC_ARGS, DB_INT(f->limit > 0 ? f->limit : 50), DB_INT(f->offset > 0 ? f->offset : 0)),
		    &rows, e);
#undef PROC_ARGS
	if (!rc)
		*out = rows_map(a, &rows, sizeof(**out), proc_from_row, n);
	return rc;
}

int q_processor_name_taken(struct db *db, struct arena *a, int64_t unit_id, const char *name, int64_t except,
			   bool *taken, struct err *e)
{
	struct db_rows rows;
	int rc = db_run(db, a, &Q_PROC_TAKEN, DB_ARGS(DB_INT(unit_id), DB_TEXT(name), DB_INT(except)), &rows, e);
	if (!rc)
		*taken = rows.n_rows > 0;
	return rc;
}

int q_processor_insert(struct db *db, struct arena *a, const struct gdpr_processor_row *in, const char *now,
		       int64_t *id_out, struct err *e)
{
	return db_run_insert(db, a, &Q_PROC_INSERT,
			     DB_ARGS(DB_INT(in->unit_id), DB_TEXT(in->name), DB_TEXT(in->org_number),
				     DB_TEXT(in->contact), DB_TEXT(in->country), DB_TEXT(now)),
			     id_out, e);
}

int q_processor_update(struct db *db, struct arena *a, int64_t id, int64_t version, const struct gdpr_processor_row *in,
		       const char *now, struct err *e)
{
	struct db_rows rows;
	int rc = db_run(db, a, &Q_PROC_UPDATE,
			DB_ARGS(DB_INT(id), DB_INT(version), DB_INT(in->unit_id), DB_TEXT(in->name),
				DB_TEXT(in->org_number), DB_TEXT(in->contact), DB_TEXT(in->country), DB_TEXT(now)),
			&rows, e);
	if (rc)
		return rc;
	return rows.changes ? 0 : ERR_CONFLICT;
}

int q_processor_delete(struct db *db, struct arena *a, int64_t id, struct err *e)
{
	int rc;
	if ((rc = db_run(db, a, &Q_PROC_DEL_SUBS, DB_ARGS(DB_INT(id)), NULL, e)) ||
	    (rc = db_run(db, a, &Q_PROC_DEL_TIAS, DB_ARGS(DB_INT(id)), NULL, e)) ||
	    (rc = db_run(db, a, &Q_PROC_DEL_TRANSFERS, DB_ARGS(DB_INT(id)), NULL, e)) ||
	    (rc = db_run(db, a, &Q_PROC_DEL_AGREEMENTS, DB_ARGS(DB_INT(id)), NULL, e)))
		return rc;
	return db_run_change(db, a, &Q_PROC_DELETE, DB_ARGS(DB_INT(id)), e);
}

int q_processor_users(struct db *db, struct arena *a, int64_t id, const char ***names, size_t *n, struct err *e)
{
	struct db_rows rows;
	int rc = db_run(db, a, &Q_PROC_USERS, DB_ARGS(DB_INT(id)), &rows, e);
	if (rc)
		return rc;
	*names = arena_calloc(a, rows.n_rows ? rows.n_rows : 1, sizeof(**names));
	for (size_t i = 0; i < rows.n_rows; i++)
		(*names)[i] = rows_text(&rows, i, 0);
	*n = rows.n_rows;
	return 0;
}

static void sub_from_row(const struct db_rows *r, size_t i, void *out)
{
	struct gdpr_subprocessor *s = out;
	s->id = rows_int(r, i, 0);
	s->processor_id = rows_int(r, i, 1);
	s->position = rows_int(r, i, 2);
	s->name = rows_text(r, i, 3);
	s->country = rows_text(r, i, 4);
}

int q_processor_subs(struct db *db, struct arena *a, int64_t id, struct gdpr_subprocessor **out, size_t *n,
		     struct err *e)
{
	return db_run_list(db, a, &Q_SUBS, DB_ARGS(DB_INT(id)), sizeof(**out), sub_from_row, (void **)out, n, e);
}

int q_processor_subs_set(struct db *db, struct arena *a, int64_t id, const struct gdpr_subprocessor *s, size_t n,
			 struct err *e)
{
	int64_t rid;
	int rc = db_run(db, a, &Q_PROC_DEL_SUBS, DB_ARGS(DB_INT(id)), NULL, e);
	for (size_t i = 0; i < n && !rc; i++)
		rc = db_run_insert(
			db, a, &Q_SUB_INSERT,
			DB_ARGS(DB_INT(id), DB_INT((int64_t)i + 1), DB_TEXT(s[i].name), DB_TEXT(s[i].country)), &rid,
			e);
	return rc;
}

/* --- agreements ----------------------------------------------------------------------- */

#define AGR_COLS                                                                                     \
	"SELECT id, processor_id, signed_on, expires_on, case_ref, file_name, file_type, file_size," \
	" file_sha256, created_at FROM processor_agreements"

static DB_QUERY(Q_AGREEMENTS, AGR_COLS " WHERE processor_id = $1 ORDER BY signed_on DESC, id DESC");
static DB_QUERY(Q_AGREEMENT_GET, AGR_COLS " WHERE id = $1");
static DB_QUERY(Q_AGREEMENT_FILE, "SELECT file_data FROM processor_agreements WHERE id = $1 AND file_data IS NOT NULL");
static DB_QUERY(Q_AGREEMENT_INSERT,
		"INSERT INTO processor_agreements (processor_id, signed_on, expires_on, case_ref, file_name, file_type,"
		" file_size, file_sha256, file_data, created_by, created_at)"
		" VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id");

static void agreement_from_row(const struct db_rows *r, size_t i, void *out)
{
	struct gdpr_agreement *g = out;
	g->id = rows_int(r, i, 0);
	g->processor_id = rows_int(r, i, 1);
	g->signed_on = rows_text(r, i, 2);
	g->expires_on = rows_text(r, i, 3);
	g->case_ref = rows_text(r, i, 4);
	g->file_name = rows_text(r, i, 5);
	g->file_type = rows_text(r, i, 6);
	g->file_size = rows_int(r, i, 7);
	g->file_sha256 = rows_text(r, i, 8);
	g->created_at = rows_text(r, i, 9);
}

int q_agreements(struct db *db, struct arena *a, int64_t processor_id, struct gdpr_agreement **out, size_t *n,
		 struct err *e)
{
	return db_run_list(db, a, &Q_AGREEMENTS, DB_ARGS(DB_INT(processor_id)), sizeof(**out), agreement_from_row,
			   (void **)out, n, e);
}

int q_agreement_get(struct db *db, struct arena *a, int64_t id, struct gdpr_agreement *out, struct err *e)
{
	return db_run_get(db, a, &Q_AGREEMENT_GET, DB_ARGS(DB_INT(id)), agreement_from_row, out, e);
}

int q_agreement_file(struct db *db, struct arena *a, int64_t id, const char **base64, struct err *e)
{
	struct db_rows rows;
	int rc = db_run(db, a, &Q_AGREEMENT_FILE, DB_ARGS(DB_INT(id)), &rows, e);
	if (rc)
		return rc;
	if (rows.n_rows == 0)
		return ERR_NOTFOUND;
	*base64 = rows_text(&rows, 0, 0);
	return 0;
}

int q_agreement_insert(struct db *db, struct arena *a, const struct gdpr_agreement *in, const char *base64,
		       int64_t created_by, const char *now, int64_t *id_out, struct err *e)
{
	return db_run_insert(db, a, &Q_AGREEMENT_INSERT,
			     DB_ARGS(DB_INT(in->processor_id), DB_TEXT(in->signed_on), DB_TEXT(in->expires_on),
				     DB_TEXT(in->case_ref ? in->case_ref : ""), DB_TEXT(in->file_name),
				     DB_TEXT(in->file_type), in->file_name ? DB_INT(in->file_size) : DB_NULL,
				     DB_TEXT(in->file_sha256), DB_TEXT(base64), DB_ID(created_by), DB_TEXT(now)),
			     id_out, e);
}

/* --- transfers and their impact assessments ----------------------------------------------- */

#define TRANSFER_SELECT                                                                                        \
	"SELECT t.id, t.activity_id, t.processor_id, t.country, t.recipient, t.basis, t.dpf_certified,"        \
	" t.dpf_checked_on, t.scc_module, t.art49_point, t.safeguards, t.version, t.created_at, t.updated_at," \
	" (SELECT max(v.version_no) FROM gdpr_tias v WHERE v.transfer_id = t.id) FROM gdpr_transfers t"

static DB_QUERY(Q_TRANSFER_GET, TRANSFER_SELECT " WHERE t.id = $1");
static DB_QUERY(Q_TRANSFERS, TRANSFER_SELECT " WHERE (CAST($1 AS BIGINT) <> 0 AND t.activity_id = CAST($1 AS BIGINT))"
					     " OR (CAST($1 AS BIGINT) = 0 AND t.processor_id = CAST($2 AS BIGINT))"
					     " ORDER BY t.country, t.id");
static DB_QUERY(Q_TRANSFER_INSERT,
		"INSERT INTO gdpr_transfers (activity_id, processor_id, country, recipient, basis, dpf_certified,"
		" dpf_checked_on, scc_module, art49_point, safeguards, version, created_at, updated_at)"
		" VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 1, $11, $11) RETURNING id");
static DB_QUERY(Q_TRANSFER_UPDATE,
		"UPDATE gdpr_transfers SET country = $3, recipient = $4, basis = $5, dpf_certified = $6,"
		" dpf_checked_on = $7, scc_module = $8, art49_point = $9, safeguards = $10, updated_at = $11,"
		" version = version + 1 WHERE id = $1 AND version = $2");
static DB_QUERY(Q_TRANSFER_DEL_TIAS, "DELETE FROM gdpr_tias WHERE transfer_id = $1");
static DB_QUERY(Q_TRANSFER_DELETE, "DELETE FROM gdpr_transfers WHERE id = $1");
static DB_QUERY(Q_TIAS, "SELECT v.id, v.transfer_id, v.version_no, v.assessment, v.conclusion, v.created_by,"
			" us.display_name, v.created_at FROM gdpr_tias v LEFT JOIN users us ON us.id = v.created_by"
			" WHERE v.transfer_id = $1 ORDER BY v.version_no DESC");
static DB_QUERY(Q_TIA_NEXT, "SELECT COALESCE(max(version_no), 0) + 1 FROM gdpr_tias WHERE transfer_id = $1");
static DB_QUERY(Q_TIA_INSERT, "INSERT INTO gdpr_tias (transfer_id, version_no, assessment, conclusion, created_by,"
			      " created_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id");

static void transfer_from_row(const struct db_rows *r, size_t i, void *out)
{
	q_gdpr_transfer_fill(r, i, out);
}

int q_transfer_get(struct db *db, struct arena *a, int64_t id, struct gdpr_transfer *out, struct err *e)
{
	return db_run_get(db, a, &Q_TRANSFER_GET, DB_ARGS(DB_INT(id)), transfer_from_row, out, e);
}

int q_transfers(struct db *db, struct arena *a, int64_t activity_id, int64_t processor_id, struct gdpr_transfer **out,
		size_t *n, struct err *e)
{
	return db_run_list(db, a, &Q_TRANSFERS, DB_ARGS(DB_INT(activity_id), DB_INT(processor_id)), sizeof(**out),
			   transfer_from_row, (void **)out, n, e);
}

#define TRANSFER_ARGS(in)                                                                              \
	DB_TEXT((in)->country), DB_TEXT((in)->recipient ? (in)->recipient : ""), DB_TEXT((in)->basis), \
		DB_INT((in)->dpf_certified), DB_TEXT((in)->dpf_checked_on), DB_TEXT((in)->scc_module), \
		DB_TEXT((in)->art49_point), DB_TEXT((in)->safeguards ? (in)->safeguards : "")

int q_transfer_insert(struct db *db, struct arena *a, const struct gdpr_transfer *in, const char *now, int64_t *id_out,
		      struct err *e)
{
	return db_run_insert(db, a, &Q_TRANSFER_INSERT,
			     DB_ARGS(DB_ID(in->activity_id), DB_ID(in->processor_id), TRANSFER_ARGS(in), DB_TEXT(now)),
			     id_out, e);
}

int q_transfer_update(struct db *db, struct arena *a, int64_t id, int64_t version, const struct gdpr_transfer *in,
		      const char *now, struct err *e)
{
	struct db_rows rows;
	int rc = db_run(db, a, &Q_TRANSFER_UPDATE,
			DB_ARGS(DB_INT(id), DB_INT(version), TRANSFER_ARGS(in), DB_TEXT(now)), &rows, e);
	if (rc)
		return rc;
	return rows.changes ? 0 : ERR_CONFLICT;
}

int q_transfer_delete(struct db *db, struct arena *a, int64_t id, struct err *e)
{
	int rc = db_run(db, a, &Q_TRANSFER_DEL_TIAS, DB_ARGS(DB_INT(id)), NULL, e);
	return rc ? rc : db_run_change(db, a, &Q_TRANSFER_DELETE, DB_ARGS(DB_INT(id)), e);
}

static void tia_from_row(const struct db_rows *r, size_t i, void *out)
{
	struct gdpr_tia *t = out;
	t->id = rows_int(r, i, 0);
	t->transfer_id = rows_int(r, i, 1);
	t->version_no = rows_int(r, i, 2);
	t->assessment = rows_text(r, i, 3);
	t->conclusion = rows_text(r, i, 4);
	t->created_by = rows_int(r, i, 5);
	t->created_by_name = rows_text(r, i, 6);
	t->created_at = rows_text(r, i, 7);
}

int q_tias(struct db *db, struct arena *a, int64_t transfer_id, struct gdpr_tia **out, size_t *n, struct err *e)
{
	return db_run_list(db, a, &Q_TIAS, DB_ARGS(DB_INT(transfer_id)), sizeof(**out), tia_from_row, (void **)out, n,
			   e);
}

int q_tia_insert(struct db *db, struct arena *a, int64_t transfer_id, const char *assessment, const char *conclusion,
		 int64_t by, const char *now, int64_t *id_out, int64_t *version_out, struct err *e)
{
	struct db_rows rows;
	int rc = db_run(db, a, &Q_TIA_NEXT, DB_ARGS(DB_INT(transfer_id)), &rows, e);
	if (rc)
		return rc;
	*version_out = rows_int(&rows, 0, 0);
	return db_run_insert(db, a, &Q_TIA_INSERT,
			     DB_ARGS(DB_INT(transfer_id), DB_INT(*version_out), DB_TEXT(assessment),
				     DB_TEXT(conclusion ? conclusion : ""), DB_ID(by), DB_TEXT(now)),
			     id_out, e);
}

/* --- impact assessments -------------------------------------------------------------------- */

#define DPIA_COLS                                                                                                  \
	"SELECT d.id, d.activity_id, d.version_no, d.description, d.necessity, d.residual_risk,"                   \
	" d.prior_consultation, d.dpo_opinion, d.dpo_opinion_by, ob.display_name, d.dpo_opinion_at, d.created_by," \
	" cb.display_name, d.created_at FROM dpias d LEFT JOIN users ob ON ob.id = d.dpo_opinion_by"               \
	" LEFT JOIN users cb ON cb.id = d.created_by"

static DB_QUERY(Q_DPIA_GET, DPIA_COLS " WHERE d.id = $1");
static DB_QUERY(Q_DPIAS, DPIA_COLS " WHERE d.activity_id = $1 ORDER BY d.version_no DESC");
static DB_QUERY(Q_DPIA_NEXT, "SELECT COALESCE(max(version_no), 0) + 1 FROM dpias WHERE activity_id = $1");
static DB_QUERY(Q_DPIA_INSERT, "INSERT INTO dpias (activity_id, version_no, description, necessity, residual_risk,"
			       " prior_consultation, created_by, created_at)"
			       " VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id");
static DB_QUERY(Q_DPIA_ITEMS,
		"SELECT i.id, i.dpia_id, i.kind, i.position, i.text, i.likelihood, i.severity, i.action_id, ac.status"
		" FROM dpia_items i LEFT JOIN activities ac ON ac.id = i.action_id WHERE i.dpia_id = $1"
		" ORDER BY i.kind DESC, i.position");
static DB_QUERY(Q_DPIA_ITEM_INSERT, "INSERT INTO dpia_items (dpia_id, kind, position, text, likelihood, severity,"
				    " action_id) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id");
static DB_QUERY(Q_DPIA_OPINION, "UPDATE dpias SET dpo_opinion = $2, dpo_opinion_by = $3, dpo_opinion_at = $4"
				" WHERE id = $1");
static DB_QUERY(Q_DPIA_ITEM_ACTION, "UPDATE dpia_items SET action_id = $2 WHERE id = $1");

static void dpia_from_row(const struct db_rows *r, size_t i, void *out)
{
	struct gdpr_dpia *d = out;
	d->id = rows_int(r, i, 0);
	d->activity_id = rows_int(r, i, 1);
	d->version_no = rows_int(r, i, 2);
	d->description = rows_text(r, i, 3);
	d->necessity = rows_text(r, i, 4);
	d->residual_risk = rows_text(r, i, 5);
	d->prior_consultation = rows_bool(r, i, 6);
	d->dpo_opinion = rows_text(r, i, 7);
	d->dpo_opinion_by = rows_int(r, i, 8);
	d->dpo_opinion_by_name = rows_text(r, i, 9);
	d->dpo_opinion_at = rows_text(r, i, 10);
	d->created_by = rows_int(r, i, 11);
	d->created_by_name = rows_text(r, i, 12);
	d->created_at = rows_text(r, i, 13);
}

int q_dpia_get(struct db *db, struct arena *a, int64_t id, struct gdpr_dpia *out, struct err *e)
{
	return db_run_get(db, a, &Q_DPIA_GET, DB_ARGS(DB_INT(id)), dpia_from_row, out, e);
}

int q_dpias(struct db *db, struct arena *a, int64_t activity_id, struct gdpr_dpia **out, size_t *n, struct err *e)
{
	return db_run_list(db, a, &Q_DPIAS, DB_ARGS(DB_INT(activity_id)), sizeof(**out), dpia_from_row, (void **)out, n,
			   e);
}

static void item_from_row(const struct db_rows *r, size_t i, void *out)
{
	struct gdpr_dpia_item *it = out;
	it->id = rows_int(r, i, 0);
	it->dpia_id = rows_int(r, i, 1);
	it->kind = rows_text(r, i, 2);
	it->position = rows_int(r, i, 3);
	it->text = rows_text(r, i, 4);
	it->likelihood = rows_int(r, i, 5);
	it->severity = rows_int(r, i, 6);
	it->action_id = rows_int(r, i, 7);
	it->action_status = rows_text(r, i, 8);
}

int q_dpia_items(struct db *db, struct arena *a, int64_t dpia_id, struct gdpr_dpia_item **out, size_t *n, struct err *e)
{
	return db_run_list(db, a, &Q_DPIA_ITEMS, DB_ARGS(DB_INT(dpia_id)), sizeof(**out), item_from_row, (void **)out,
			   n, e);
}

int q_dpia_insert(struct db *db, struct arena *a, const struct gdpr_dpia *in, int64_t by, const char *now,
		  int64_t *id_out, int64_t *version_out, struct err *e)
{
	struct db_rows rows;
	int rc = db_run(db, a, &Q_DPIA_NEXT, DB_ARGS(DB_INT(in->activity_id)), &rows, e);
	if (rc)
		return rc;
	*version_out = rows_int(&rows, 0, 0);
	return db_run_insert(db, a, &Q_DPIA_INSERT,
			     DB_ARGS(DB_INT(in->activity_id), DB_INT(*version_out), DB_TEXT(in->description),
				     DB_TEXT(in->necessity), DB_TEXT(in->residual_risk),
				     DB_INT(in->prior_consultation ? 1 : 0), DB_ID(by), DB_TEXT(now)),
			     id_out, e);
}

int q_dpia_item_insert(struct db *db, struct arena *a, const struct gdpr_dpia_item *in, struct err *e)
{
	int64_t id;
	return db_run_insert(db, a, &Q_DPIA_ITEM_INSERT,
			     DB_ARGS(DB_INT(in->dpia_id), DB_TEXT(in->kind), DB_INT(in->position), DB_TEXT(in->text),
				     in->likelihood ? DB_INT(in->likelihood) : DB_NULL,
				     in->severity ? DB_INT(in->severity) : DB_NULL, DB_ID(in->action_id)),
			     &id, e);
}

int q_dpia_opinion(struct db *db, struct arena *a, int64_t id, const char *opinion, int64_t by, const char *now,
		   struct err *e)
{
	return db_run_change(db, a, &Q_DPIA_OPINION, DB_ARGS(DB_INT(id), DB_TEXT(opinion), DB_ID(by), DB_TEXT(now)), e);
}

int q_dpia_item_set_action(struct db *db, struct arena *a, int64_t item_id, int64_t action_id, struct err *e)
{
	return db_run_change(db, a, &Q_DPIA_ITEM_ACTION, DB_ARGS(DB_INT(item_id), DB_INT(action_id)), e);
}
