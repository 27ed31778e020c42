/*
 * requirement.c - rules of the requirements library and of requirement
 * fulfilment per asset.
 *
 * The library is read through requirement_ensure_default(), which seeds an
 * empty table with the default library (reqlib_default.c) in one
 * transaction. Which requirements apply to an asset is decided here, in C,
 * by requirement_applies() over the active library, so the rule has one
 * implementation that the unit tests exercise directly. The CSV import
 * checks every row before it changes anything and then applies the whole
 * file in one transaction, updating existing codes and creating new ones.
 */
#include "domain/requirement.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/err.h"
#include "core/json.h"
#include "core/str.h"
#include "core/timeutil.h"
#include "db/db.h"
#include "db/q_requirement.h"
#include "db/q_scope.h"
#include "domain/asset.h"
#include "domain/audit.h"
#include "domain/validate.h"
#include "io/csvread.h"
#include "io/csvwrite.h"

const char *const req_categories[REQ_CATEGORY_COUNT] = {
	"governance", "access_control", "logging",       "backup",     "encryption", "continuity",
	"suppliers",  "physical",       "personal_data", "operations", "incidents",
};
const char *const req_category_labels[REQ_CATEGORY_COUNT] = {
	N_("Governance and follow-up"),
	N_("Access control"),
	N_("Logging and traceability"),
	N_("Backup"),
	N_("Encryption"),
	N_("Continuity"),
	N_("Suppliers and agreements"),
	N_("Physical security"),
	N_("Personal data"),
	N_("Operations and vulnerability management"),
	N_("Incident management"),
};
/* The Swedish names, accepted in an import file as people write them. */
static const char *const category_sv[REQ_CATEGORY_COUNT] = {
	"Styrning och uppföljning",
	"Behörighetsstyrning",
	"Loggning och spårbarhet",
	"Säkerhetskopiering",
	"Kryptering",
	"Kontinuitet",
	"Leverantörer och avtal",
	"Fysisk säkerhet",
	"Personuppgifter",
	"Drift och sårbarhetshantering",
	"Incidenthantering",
};

const char *const req_nis2_points[REQ_NIS2_COUNT] = { "a", "b", "c", "d", "e", "f", "g", "h", "i", "j" };
const char *const req_nis2_labels[REQ_NIS2_COUNT] = {
	N_("(a) Risk analysis and information system security policies"),
	N_("(b) Incident handling"),
	N_("(c) Business continuity, backup, disaster recovery and crisis management"),
	N_("(d) Supply chain security"),
	N_("(e) Security in acquisition, development and maintenance, including vulnerability handling"),
	N_("(f) Assessing the effectiveness of the measures"),
	N_("(g) Basic cyber hygiene and training"),
	N_("(h) Cryptography and encryption"),
	N_("(i) Human resources security, access control and asset management"),
	N_("(j) Multi-factor authentication and secured communications"),
};

const char *const req_statuses[REQ_STATUS_COUNT] = { "", "fulfilled", "partial", "not_fulfilled", "not_applicable" };
const char *const req_status_labels[REQ_STATUS_COUNT] = {
	N_("Not assessed"), N_("Fulfilled"), N_("Partly fulfilled"), N_("Not fulfilled"), N_("Not applicable"),
};

const char *const reqimport_columns[REQIMPORT_N_COLUMNS] = {
	"code", "title", "text", "category", "min_c", "min_i", "min_a", "min_t", "nis2",
};

static int table_index(const char *const *t, size_t n, const char *s)
{
	if (!s)
		return -1;
	for (size_t i = 0; i < n; i++)
		if (!strcmp(t[i], s))
			return (int)i;
	return -1;
}

const char *req_category_label(const char *key)
{
	int i = table_index(req_categories, REQ_CATEGORY_COUNT, key);
	return i >= 0 ? req_category_labels[i] : key ? key : "";
}

const char *req_nis2_label(const char *p)
{
	int i = table_index(req_nis2_points, REQ_NIS2_COUNT, p);
	return i >= 0 ? req_nis2_labels[i] : "";
}

const char *req_status_label(const char *s)
{
	int i = table_index(req_statuses, REQ_STATUS_COUNT, s ? s : "");
	return i >= 0 ? req_status_labels[i] : s;
}

const char *req_category_parse(const char *s)
{
	if (!s)
		return NULL;
	for (size_t i = 0; i < REQ_CATEGORY_COUNT; i++)
		if (str_ieq(s, req_categories[i]) || str_ieq(s, req_category_labels[i]) || str_ieq(s, category_sv[i]))
			return req_categories[i];
	return NULL;
}

/* --- the rule ------------------------------------------------------------- */

struct req_levels req_levels_of(const struct asset *as)
{
	struct req_levels lv = { -1, -1, -1, -1 };
	if (as && as->classification_id) {
		lv.c = as->c_level;
		lv.i = as->i_level;
		lv.a = as->a_level;
		lv.t = as->t_level;
	}
	return lv;
}

bool req_levels_classified(const struct req_levels *lv)
{
	return lv && lv->c >= 0 && lv->i >= 0 && lv->a >= 0;
}

bool req_levels_need_separate_analysis(const struct req_levels *lv)
{
	return req_levels_classified(lv) && (lv->c >= REQ_LEVEL_SEPARATE || lv->i >= REQ_LEVEL_SEPARATE ||
					     lv->a >= REQ_LEVEL_SEPARATE || lv->t >= REQ_LEVEL_SEPARATE);
}

static bool reaches(int64_t level, int64_t min)
{
	return min >= 0 && level >= 0 && level >= min;
}

bool requirement_applies(const struct requirement *req, const struct req_levels *lv)
{
	if (!req || !req->active || !req_levels_classified(lv))
		return false;
	if (req->min_c < 0 && req->min_i < 0 && req->min_a < 0 && req->min_t < 0)
		return true;
	return reaches(lv->c, req->min_c) || reaches(lv->i, req->min_i) || reaches(lv->a, req->min_a) ||
	       reaches(lv->t, req->min_t);
}

/* --- reading --------------------------------------------------------------- */

static int64_t min_or_none(const struct db_rows *r, size_t i, size_t col)
{
	return rows_text(r, i, col) ? rows_int(r, i, col) : -1;
}

static void req_from_row(const struct db_rows *r, size_t i, struct requirement *q)
{
	q->id = rows_int(r, i, RQC_ID);
	q->code = rows_text(r, i, RQC_CODE);
	q->title = rows_text(r, i, RQC_TITLE);
	q->text = rows_text(r, i, RQC_TEXT);
	q->category = rows_text(r, i, RQC_CATEGORY);
	q->min_c = min_or_none(r, i, RQC_MIN_C);
	q->min_i = min_or_none(r, i, RQC_MIN_I);
	q->min_a = min_or_none(r, i, RQC_MIN_A);
	q->min_t = min_or_none(r, i, RQC_MIN_T);
	q->nis2 = rows_text(r, i, RQC_NIS2);
	q->active = rows_bool(r, i, RQC_ACTIVE);
	q->version = rows_int(r, i, RQC_VERSION);
	q->created_at = rows_text(r, i, RQC_CREATED);
	q->updated_at = rows_text(r, i, RQC_UPDATED);
}

static struct db_arg min_arg(int64_t m)
{
	return m >= 0 ? DB_INT(m) : DB_NULL;
}

static const struct actor system_actor = { 0, "system" };

int requirement_ensure_default(struct db *db, struct arena *a, struct err *e)
{
	struct db_rows rows;
	char now[TIME_ISO_LEN];
	int rc = db_run(db, a, &Q_REQ_COUNT_ALL, NULL, 0, &rows, e);

	if (rc || rows_int(&rows, 0, 0) > 0)
		return rc;
	time_now_iso(now);
	if ((rc = db_begin(db, e)))
		return rc;
	for (size_t i = 0; i < reqlib_default_count && !rc; i++) {
		const struct reqlib_entry *d = &reqlib_default[i];
		struct requirement q;
		rc = db_run(db, a, &Q_REQ_INSERT_IF_NEW,
			    DB_ARGS(DB_TEXT(d->code), DB_TEXT(d->title), DB_TEXT(d->text), DB_TEXT(d->category),
				    min_arg(d->min_c), min_arg(d->min_i), min_arg(d->min_a), min_arg(d->min_t),
				    DB_TEXT(d->nis2), DB_INT(1), DB_TEXT(now)),
			    &rows, e);
		if (rc || rows.n_rows == 0)
			continue; /* someone else seeded this code first */
		if (!(rc = requirement_get(db, a, rows_int(&rows, 0, 0), &q, e)))
			rc = audit_append(db, a, system_actor, "requirement", q.id, 0, "create", NULL,
					  requirement_json_text(a, &q), e);
	}
	if (!rc)
		rc = db_commit(db, e);
	if (rc) {
		db_rollback(db);
		/* A concurrent seeding won the race: the library is there now. */
		if (rc == ERR_EXISTS || rc == ERR_CONFLICT) {
			err_clear(e);
			rc = 0;
		}
	}
	return rc;
}

int requirement_get(struct db *db, struct arena *a, int64_t id, struct requirement *out, struct err *e)
{
	struct db_rows rows;
	int rc = db_run(db, a, &Q_REQ_GET, DB_ARGS(DB_INT(id)), &rows, e);
	if (rc)
		return rc;
	if (rows.n_rows == 0)
		return err_set(e, ERR_NOTFOUND, "id", N_("No such requirement."));
	req_from_row(&rows, 0, out);
	return 0;
}

int requirement_get_by_code(struct db *db, struct arena *a, const char *code, struct requirement *out, struct err *e)
{
	struct db_rows rows;
	int rc = db_run(db, a, &Q_REQ_GET_CODE, DB_ARGS(DB_TEXT(code ? code : "")), &rows, e);
	if (rc)
		return rc;
	if (rows.n_rows == 0)
		return err_set(e, ERR_NOTFOUND, "code", N_("No such requirement."));
	req_from_row(&rows, 0, out);
	return 0;
}

int requirement_list(struct db *db, struct arena *a, const struct requirement_filter *f, struct requirement **out,
		     size_t *n, int64_t *total, struct err *e)
{
	struct db_rows rows, cnt;
	const char *like = db_like_contains(a, f->q);
	int64_t limit = f->limit > 0 && f->limit <= 10000 ? f->limit : 500;
	int rc = requirement_ensure_default(db, a, e);

	if (rc)
		return rc;
#define REQ_FILTER_ARGS DB_TEXT(f->category), DB_TEXT(f->nis2), DB_TEXT(like), DB_INT(f->active)
	if ((rc = db_run(db, a, &Q_REQ_LIST_COUNT, DB_ARGS(REQ_FILTER_ARGS), &cnt, e)))
		return rc;
	if (total)
		*total = rows_int(&cnt, 0, 0);
	rc = db_run(db, a, &Q_REQ_LIST, DB_ARGS(REQ_FILTER_ARGS, DB_INT(limit), DB_INT(f->offset > 0 ? f->offset : 0)),
		    &rows, e);
#undef REQ_FILTER_ARGS
	if (rc)
		return rc;
	*out = arena_calloc(a, rows.n_rows ? rows.n_rows : 1, sizeof(**out));
	for (size_t i = 0; i < rows.n_rows; i++)
		req_from_row(&rows, i, &(*out)[i]);
	*n = rows.n_rows;
	return 0;
}

/* --- checks ---------------------------------------------------------------- */

static char *trimmed(struct arena *a, const char *s)
{
	return str_trim(arena_strdup(a, s ? s : ""));
}

static struct requirement_input clean_input(struct arena *a, const struct requirement_input *in)
{
	struct requirement_input c = *in;
	const char *cat;
	c.code = trimmed(a, in->code);
	c.title = trimmed(a, in->title);
	c.text = trimmed(a, in->text);
	c.category = trimmed(a, in->category);
	cat = req_category_parse(c.category);
	if (cat)
		c.category = cat;
	c.nis2 = trimmed(a, in->nis2);
	if (c.nis2[0] >= 'A' && c.nis2[0] <= 'J' && !c.nis2[1]) {
		char *lower = arena_strdup(a, c.nis2);
		lower[0] = (char)(lower[0] - 'A' + 'a');
		c.nis2 = lower;
	}
	return c;
}

enum req_field { RF_CODE, RF_TITLE, RF_TEXT, RF_CATEGORY, RF_MIN_C, RF_MIN_I, RF_MIN_A, RF_MIN_T, RF_NIS2, RF_COUNT };

static int check_level(struct err *e, const char *field, int64_t m)
{
	char n[8];
	if (m >= -1 && m <= REQ_LEVEL_MAX)
		return 0;
	snprintf(n, sizeof(n), "%d", REQ_LEVEL_MAX);
	return err_set1(e, ERR_INVALID, field, N_("Give a level from 0 to %s, or leave it empty."), n);
}

/* Check one field of a cleaned input; the field names are the import's column names. */
static int check_field(const struct requirement_input *in, enum req_field f, struct err *e)
{
	int rc;
	switch (f) {
	case RF_CODE:
		if ((rc = check_text(e, "code", in->code, 32, true)))
			return rc;
		for (const char *p = in->code; *p; p++)
			if ((unsigned char)*p <= ' ')
				return err_set(e, ERR_INVALID, "code", N_("A code has no spaces, for example BEH-01."));
		return 0;
	case RF_TITLE:
		return check_text(e, "title", in->title, 300, true);
	case RF_TEXT:
		return check_text(e, "text", in->text, 10000, false);
	case RF_CATEGORY:
		if (table_index(req_categories, REQ_CATEGORY_COUNT, in->category) < 0)
			return err_set(e, ERR_INVALID, "category", N_("Choose one of the categories of the library."));
		return 0;
	case RF_MIN_C:
		return check_level(e, "min_c", in->min_c);
	case RF_MIN_I:
		return check_level(e, "min_i", in->min_i);
	case RF_MIN_A:
		return check_level(e, "min_a", in->min_a);
	case RF_MIN_T:
		return check_level(e, "min_t", in->min_t);
	case RF_NIS2:
		if (in->nis2 && *in->nis2 && table_index(req_nis2_points, REQ_NIS2_COUNT, in->nis2) < 0)
			return err_set(
				e, ERR_INVALID, "nis2",
				N_("Give the NIS2 Art. 21(2) point as a letter from a to j, or leave it empty."));
		return 0;
	case RF_COUNT:
		break;
	}
	return 0;
}

static int check_clean(const struct requirement_input *in, struct err *e)
{
	int rc;
	for (int f = 0; f < RF_COUNT; f++)
		if ((rc = check_field(in, (enum req_field)f, e)))
			return rc;
	return 0;
}

int requirement_check(const struct requirement_input *raw, struct err *e)
{
	struct arena *a = arena_new();
	struct requirement_input in = clean_input(a, raw);
	int rc = check_clean(&in, e);
	arena_free(a);
	return rc;
}

/* --- changes --------------------------------------------------------------- */

static int insert_one(struct db *db, struct arena *a, struct actor actor, const struct requirement_input *in,
		      const char *now, int64_t *id_out, struct err *e)
{
	struct requirement created;
	struct db_rows rows;
	int rc = db_run(db, a, &Q_REQ_INSERT,
			DB_ARGS(DB_TEXT(in->code), DB_TEXT(in->title), DB_TEXT(in->text), DB_TEXT(in->category),
				min_arg(in->min_c), min_arg(in->min_i), min_arg(in->min_a), min_arg(in->min_t),
				DB_TEXT(in->nis2), DB_INT(in->active ? 1 : 0), DB_TEXT(now)),
			&rows, e);
	if (rc == ERR_EXISTS)
		return err_set(e, ERR_EXISTS, "code", N_("The library already has a requirement with this code."));
	if (rc)
		return rc;
	if ((rc = requirement_get(db, a, rows_int(&rows, 0, 0), &created, e)))
		return rc;
	if (id_out)
		*id_out = created.id;
	return audit_append(db, a, actor, "requirement", created.id, 0, "create", NULL,
			    requirement_json_text(a, &created), e);
}

int requirement_create(struct db *db, struct arena *a, const struct auth *auth, const struct requirement_input *raw,
		       int64_t *id_out, struct err *e)
{
	struct actor actor = actor_of(auth);
	struct requirement_input in = clean_input(a, raw);
	struct requirement other;
	char now[TIME_ISO_LEN];
	int rc;

	if ((rc = check_clean(&in, e)) || (rc = requirement_ensure_default(db, a, e)))
		return rc;
	time_now_iso(now);
	if ((rc = db_begin(db, e)))
		return rc;
	rc = requirement_get_by_code(db, a, in.code, &other, NULL);
	if (rc == 0)
		rc = err_set(e, ERR_EXISTS, "code", N_("The library already has a requirement with this code."));
	else if (rc == ERR_NOTFOUND)
		rc = insert_one(db, a, actor, &in, now, id_out, e);
	if (!rc)
		rc = db_commit(db, e);
	if (rc)
		db_rollback(db);
	return rc;
}

static const char *const conflict_msg = N_(
	"Someone else has changed this requirement since you opened it. Their version is shown; your changes are kept in the form.");

/* Update @before (read in this transaction) to @in. */
static int update_one(struct db *db, struct arena *a, struct actor actor, const struct requirement *before,
		      int64_t version, const struct requirement_input *in, const char *now, struct requirement *current,
		      struct err *e)
{
	struct requirement after, other;
	struct db_rows rows;
	int rc;

	if (before->version != version) {
		if (current)
			*current = *before;
		return err_set(e, ERR_CONFLICT, "version", conflict_msg);
	}
	if (strcmp(before->code, in->code) && requirement_get_by_code(db, a, in->code, &other, NULL) == 0)
		return err_set(e, ERR_EXISTS, "code", N_("The library already has a requirement with this code."));
	rc = db_run(db, a, &Q_REQ_UPDATE,
		    DB_ARGS(DB_INT(before->id), DB_INT(version), DB_TEXT(in->code), DB_TEXT(in->title),
			    DB_TEXT(in->text), DB_TEXT(in->category), min_arg(in->min_c), min_arg(in->min_i),
			    min_arg(in->min_a), min_arg(in->min_t), DB_TEXT(in->nis2), DB_INT(in->active ? 1 : 0),
			    DB_TEXT(now)),
		    &rows, e);
	if (rc)
		return rc;
	if (rows.changes == 0) {
		if (current)
			requirement_get(db, a, before->id, current, NULL);
		return err_set(e, ERR_CONFLICT, "version", conflict_msg);
	}
	if ((rc = requirement_get(db, a, before->id, &after, e)))
		return rc;
	return audit_append(db, a, actor, "requirement", before->id, 0, "update", requirement_json_text(a, before),
			    requirement_json_text(a, &after), e);
}

int requirement_update(struct db *db, struct arena *a, const struct auth *auth, int64_t id, int64_t version,
		       const struct requirement_input *raw, struct requirement *current, struct err *e)
{
	struct actor actor = actor_of(auth);
	struct requirement_input in = clean_input(a, raw);
	struct requirement before;
	char now[TIME_ISO_LEN];
	int rc;

	time_now_iso(now);
	if ((rc = db_begin(db, e)))
		return rc;
	if ((rc = requirement_get(db, a, id, &before, e)))
		goto out;
	if (before.version == version && (rc = check_clean(&in, e)))
		goto out;
	rc = update_one(db, a, actor, &before, version, &in, now, current, e);
	if (!rc)
		rc = db_commit(db, e);
out:
	if (rc)
		db_rollback(db);
	return rc;
}

int requirement_set_active(struct db *db, struct arena *a, const struct auth *auth, int64_t id, int64_t version,
			   bool active, struct requirement *current, struct err *e)
{
	struct actor actor = actor_of(auth);
	struct requirement before, after;
	struct db_rows rows;
	char now[TIME_ISO_LEN];
	int rc;

	time_now_iso(now);
	if ((rc = db_begin(db, e)))
		return rc;
	if ((rc = requirement_get(db, a, id, &before, e)))
		goto out;
	if (before.version != version) {
		if (current)
			*current = before;
		rc = err_set(e, ERR_CONFLICT, "version", conflict_msg);
		goto out;
	}
	rc = db_run(db, a, &Q_REQ_SET_ACTIVE,
		    DB_ARGS(DB_INT(id), DB_INT(version), DB_INT(active ? 1 : 0), DB_TEXT(now)), &rows, e);
	if (rc)
		goto out;
	if (rows.changes == 0) {
		if (current)
			requirement_get(db, a, id, current, NULL);
		rc = err_set(e, ERR_CONFLICT, "version", conflict_msg);
		goto out;
	}
	if (!(rc = requirement_get(db, a, id, &after, e)))
		rc = audit_append(db, a, actor, "requirement", id, 0, active ? "activate" : "deactivate",
				  requirement_json_text(a, &before), requirement_json_text(a, &after), e);
	if (!rc)
		rc = db_commit(db, e);
out:
	if (rc)
		db_rollback(db);
	return rc;
}

static void min_json(struct json *j, const char *key, int64_t m)
{
	if (m >= 0)
		json_kv_int(j, key, m);
	else
		json_kv_null(j, key);
}

void requirement_json(struct json *j, const struct requirement *q)
{
	json_obj_open(j);
	json_kv_int(j, "id", q->id);
	json_kv_str(j, "code", q->code);
	json_kv_str(j, "title", q->title);
	json_kv_str(j, "text", q->text);
	json_kv_str(j, "category", q->category);
	min_json(j, "min_c", q->min_c);
	min_json(j, "min_i", q->min_i);
	min_json(j, "min_a", q->min_a);
	min_json(j, "min_t", q->min_t);
	if (q->nis2 && *q->nis2)
		json_kv_str(j, "nis2", q->nis2);
	else
		json_kv_null(j, "nis2");
	json_kv_bool(j, "active", q->active);
	json_kv_int(j, "version", q->version);
	json_kv_str(j, "created_at", q->created_at);
	json_kv_str(j, "updated_at", q->updated_at);
	json_obj_close(j);
}

const char *requirement_json_text(struct arena *a, const struct requirement *q)
{
	struct buf b;
	struct json j;
	buf_init(&b, a);
	json_init(&j, &b);
	requirement_json(&j, q);
	return b.data;
}

/* --- import and export ----------------------------------------------------- */

#define IMPORT_MAX_ROWS 5000

static void add_problem(struct arena *a, struct reqimport_result *res, size_t *cap, size_t line, const char *field,
			const struct err *e)
{
	if (res->n_problems == *cap) {
		size_t ncap = *cap ? *cap * 2 : 16;
		struct reqimport_problem *p = arena_calloc(a, ncap, sizeof(*p));
		if (res->n_problems)
			memcpy(p, res->problems, res->n_problems * sizeof(*p));
		res->problems = p;
		*cap = ncap;
	}
	res->problems[res->n_problems].line = line;
	res->problems[res->n_problems].field = field;
	res->problems[res->n_problems].err = *e;
	res->n_problems++;
}

/* A level cell: empty is no minimum; otherwise a whole number (checked against the scale later). */
static bool parse_level(const char *s, int64_t *out)
{
	if (!s || !*s) {
		*out = -1;
		return true;
	}
	return s[0] >= '0' && s[0] <= '9' && str_to_i64(s, out);
}

static bool parse_active(const char *s, bool *out)
{
	if (!s || !*s || !strcmp(s, "1") || str_ieq(s, "true") || str_ieq(s, "ja") || str_ieq(s, "yes")) {
		*out = true;
		return true;
	}
	if (!strcmp(s, "0") || str_ieq(s, "false") || str_ieq(s, "nej") || str_ieq(s, "no")) {
		*out = false;
		return true;
	}
	return false;
}

static bool same_requirement(const struct requirement *q, const struct requirement_input *in)
{
	return !strcmp(q->title, in->title) && !strcmp(q->text, in->text) && !strcmp(q->category, in->category) &&
	       q->min_c == in->min_c && q->min_i == in->min_i && q->min_a == in->min_a && q->min_t == in->min_t &&
	       !strcmp(q->nis2 ? q->nis2 : "", in->nis2) && q->active == in->active;
}

int requirement_import(struct db *db, struct arena *a, const struct auth *auth, const char *data, size_t len,
		       bool dry_run, struct reqimport_result *res, struct err *e)
{
	struct actor actor = actor_of(auth);
	static const char *const level_cols[4] = { "min_c", "min_i", "min_a", "min_t" };
	struct csv_table t;
	struct err ce = { 0 };
	struct requirement_input *rows;
	struct requirement *existing;
	int col[REQIMPORT_N_COLUMNS], col_active;
	size_t cap = 0;
	char now[TIME_ISO_LEN];
	int rc;

	memset(res, 0, sizeof(*res));
	if ((rc = requirement_ensure_default(db, a, e)))
		return rc;
	if (csv_read(a, data ? data : "", data ? len : 0, IMPORT_MAX_ROWS, &t, &ce)) {
		add_problem(a, res, &cap, 0, "file", &ce);
		return err_set(e, ERR_INVALID, "file", N_("The file cannot be imported; see the problems listed."));
	}
	for (size_t k = 0; k < REQIMPORT_N_COLUMNS; k++) {
		col[k] = csv_column(&t, reqimport_columns[k]);
		if (col[k] < 0) {
			err_set1(&ce, ERR_INVALID, "file", N_("The file lacks the column %s."), reqimport_columns[k]);
			add_problem(a, res, &cap, t.header.line, reqimport_columns[k], &ce);
		}
	}
	col_active = csv_column(&t, "active");
	for (size_t k = 0; k < t.header.n_cells; k++) {
		const char *name = t.header.cells[k];
		bool known = str_ieq(name, "active") || str_ieq(name, "id");
		for (size_t m = 0; m < REQIMPORT_N_COLUMNS && !known; m++)
			known = str_ieq(name, reqimport_columns[m]);
		if (!known) {
			err_set1(
				&ce, ERR_INVALID, "file",
				N_("Unknown column %s: use code, title, text, category, min_c, min_i, min_a, min_t, nis2 (and active)."),
				name);
			add_problem(a, res, &cap, t.header.line, "file", &ce);
		}
	}
	if (res->n_problems)
		return err_set(e, ERR_INVALID, "file", N_("The file cannot be imported; see the problems listed."));
	if (t.n_rows == 0) {
		err_set(&ce, ERR_INVALID, "file", N_("The file has no requirements below the header line."));
		add_problem(a, res, &cap, 0, "file", &ce);
		return err_set(e, ERR_INVALID, "file", N_("The file cannot be imported; see the problems listed."));
	}

	res->n_rows = t.n_rows;
	rows = arena_calloc(a, t.n_rows, sizeof(*rows));
	existing = arena_calloc(a, t.n_rows, sizeof(*existing));
	for (size_t i = 0; i < t.n_rows; i++) {
		const struct csv_row *row = &t.rows[i];
		struct requirement_input raw = { 0 };
		int64_t *mins[4] = { &raw.min_c, &raw.min_i, &raw.min_a, &raw.min_t };
		bool bad_level[4] = { false };
		raw.code = csv_cell(row, col[0]);
		raw.title = csv_cell(row, col[1]);
		raw.text = csv_cell(row, col[2]);
		raw.category = csv_cell(row, col[3]);
		raw.nis2 = csv_cell(row, col[8]);
		for (int k = 0; k < 4; k++) {
			if (!parse_level(csv_cell(row, col[4 + k]), mins[k])) {
				char n[8];
				snprintf(n, sizeof(n), "%d", REQ_LEVEL_MAX);
				err_set1(&ce, ERR_INVALID, level_cols[k],
					 N_("Give a level from 0 to %s, or leave it empty."), n);
				add_problem(a, res, &cap, row->line, level_cols[k], &ce);
				bad_level[k] = true;
				*mins[k] = -1;
			}
		}
		if (!parse_active(col_active >= 0 ? csv_cell(row, col_active) : NULL, &raw.active)) {
			err_set(&ce, ERR_INVALID, "active",
				N_("Write 1 for an active requirement or 0 for an inactive one."));
			add_problem(a, res, &cap, row->line, "active", &ce);
		}
		rows[i] = clean_input(a, &raw);
		for (int f = 0; f < RF_COUNT; f++) {
			if (f >= RF_MIN_C && f <= RF_MIN_T && bad_level[f - RF_MIN_C])
				continue;
			err_clear(&ce);
			if (check_field(&rows[i], (enum req_field)f, &ce))
				add_problem(a, res, &cap, row->line, ce.field, &ce);
		}
		for (size_t k = 0; k < i; k++) {
			if (*rows[i].code && !strcmp(rows[k].code, rows[i].code)) {
				char line[24];
				snprintf(line, sizeof(line), "%zu", t.rows[k].line);
				err_set1(
					&ce, ERR_INVALID, "code",
					N_("This code is also on line %s of the file; each code may appear only once."),
					line);
				add_problem(a, res, &cap, row->line, "code", &ce);
				break;
			}
		}
	}
	if (res->n_problems)
		return err_set(e, ERR_INVALID, "file", N_("The file cannot be imported; see the problems listed."));

	/* Valid: count what would change, and apply it unless this is a dry run. */
	time_now_iso(now);
	if (!dry_run && (rc = db_begin(db, e)))
		return rc;
	for (size_t i = 0; i < t.n_rows && !rc; i++) {
		rc = requirement_get_by_code(db, a, rows[i].code, &existing[i], NULL);
		if (rc == ERR_NOTFOUND) {
			rc = 0;
			res->n_new++;
			if (!dry_run)
				rc = insert_one(db, a, actor, &rows[i], now, NULL, e);
		} else if (rc == 0) {
			if (same_requirement(&existing[i], &rows[i])) {
				res->n_same++;
			} else {
				res->n_changed++;
				if (!dry_run)
					rc = update_one(db, a, actor, &existing[i], existing[i].version, &rows[i], now,
							NULL, e);
			}
		} else {
			rc = err_set(e, rc, NULL, N_("The library could not be read."));
		}
	}
	if (dry_run)
		return rc;
	if (!rc)
		rc = db_commit(db, e);
	if (rc)
		db_rollback(db);
	return rc;
}

static const char *level_cell(struct arena *a, int64_t m)
{
	return m >= 0 ? arena_printf(a, "%" PRId64, m) : "";
}

const char *requirement_export_csv(struct db *db, struct arena *a, size_t *len, struct err *e)
{
	struct requirement_filter f = { .active = -1, .limit = 10000 };
	struct requirement *q;
	struct csv_writer w;
	struct buf b;
	size_t n;

	if (requirement_list(db, a, &f, &q, &n, NULL, e))
		return NULL;
	buf_init(&b, a);
	csv_writer_init(&w, &b, ',', true);
	for (size_t k = 0; k < REQIMPORT_N_COLUMNS; k++)
		csv_writer_cell(&w, reqimport_columns[k]);
	csv_writer_cell(&w, "active");
	csv_writer_end_row(&w);
	for (size_t i = 0; i < n; i++) {
		const char *row[] = {
			q[i].code,
			q[i].title,
			q[i].text,
			q[i].category,
			level_cell(a, q[i].min_c),
			level_cell(a, q[i].min_i),
			level_cell(a, q[i].min_a),
			level_cell(a, q[i].min_t),
			q[i].nis2,
			q[i].active ? "1" : "0",
		};
		csv_writer_row(&w, row, sizeof(row) / sizeof(row[0]));
	}
	*len = b.len;
	return b.data;
}

/* --- fulfilment per asset -------------------------------------------------- */

static void ar_from_row(const struct db_rows *r, size_t i, struct asset_requirement *ar)
{
	ar->id = rows_int(r, i, ARC_ID);
	ar->asset_id = rows_int(r, i, ARC_ASSET);
	ar->status = rows_text(r, i, ARC_STATUS);
	ar->comment = rows_text(r, i, ARC_COMMENT);
	ar->evidence_url = rows_text(r, i, ARC_EVIDENCE);
	ar->action_id = rows_int(r, i, ARC_ACTION);
	ar->action_title = rows_text(r, i, ARC_ACTION_TITLE);
	ar->action_status = rows_text(r, i, ARC_ACTION_STATUS);
	ar->version = rows_int(r, i, ARC_VERSION);
	ar->updated_by = rows_int(r, i, ARC_UPDATED_BY);
	ar->updated_by_name = rows_text(r, i, ARC_UPDATED_BY_NAME);
	ar->updated_at = rows_text(r, i, ARC_UPDATED);
}

static void ar_unassessed(struct asset_requirement *ar, int64_t asset_id, const struct requirement *q)
{
	memset(ar, 0, sizeof(*ar));
	ar->req = *q;
	ar->asset_id = asset_id;
	ar->status = "";
	ar->comment = "";
	ar->evidence_url = "";
}

int asset_requirement_list(struct db *db, struct arena *a, int64_t asset_id, struct asset_requirement **out, size_t *n,
			   struct err *e)
{
	struct asset as;
	struct req_levels lv;
	struct db_rows reqs, rows;
	size_t k = 0;
	int rc;

	*n = 0;
	*out = arena_calloc(a, 1, sizeof(**out));
	if ((rc = asset_get(db, a, asset_id, &as, e)) || (rc = requirement_ensure_default(db, a, e)))
		return rc;
	lv = req_levels_of(&as);
	if (!req_levels_classified(&lv))
		return 0;
	if ((rc = db_run(db, a, &Q_REQ_ACTIVE_ALL, NULL, 0, &reqs, e)) ||
	    (rc = db_run(db, a, &Q_AR_FOR_ASSET, DB_ARGS(DB_INT(asset_id)), &rows, e)))
		return rc;
	*out = arena_calloc(a, reqs.n_rows ? reqs.n_rows : 1, sizeof(**out));
	for (size_t i = 0; i < reqs.n_rows; i++) {
		struct requirement q;
		req_from_row(&reqs, i, &q);
		if (!requirement_applies(&q, &lv))
			continue;
		ar_unassessed(&(*out)[k], asset_id, &q);
		for (size_t m = 0; m < rows.n_rows; m++) {
			if (rows_int(&rows, m, ARC_REQUIREMENT) == q.id) {
				ar_from_row(&rows, m, &(*out)[k]);
				break;
			}
		}
		k++;
	}
	*n = k;
	return 0;
}

/* As asset_requirement_get() without seeding the library (safe inside a transaction). */
static int ar_get(struct db *db, struct arena *a, int64_t asset_id, int64_t requirement_id,
		  struct asset_requirement *out, struct err *e)
{
	struct asset as;
	struct requirement q;
	struct db_rows rows;
	int rc;

	if ((rc = asset_get(db, a, asset_id, &as, e)) || (rc = requirement_get(db, a, requirement_id, &q, e)))
		return rc;
	if ((rc = db_run(db, a, &Q_AR_GET, DB_ARGS(DB_INT(asset_id), DB_INT(requirement_id)), &rows, e)))
		return rc;
	ar_unassessed(out, asset_id, &q);
	if (rows.n_rows)
		ar_from_row(&rows, 0, out);
	return 0;
}

int asset_requirement_get(struct db *db, struct arena *a, int64_t asset_id, int64_t requirement_id,
			  struct asset_requirement *out, struct err *e)
{
	int rc = requirement_ensure_default(db, a, e);
	return rc ? rc : ar_get(db, a, asset_id, requirement_id, out, e);
}

bool req_valid_evidence_url(const char *url)
{
	const char *host;
	if (!url || !*url)
		return true;
	if (!strncasecmp(url, "https://", 8))
		host = url + 8;
	else if (!strncasecmp(url, "http://", 7))
		host = url + 7;
	else
		return false;
	if (!*host || *host == '/' || *host == '?' || *host == '#' || *host == ':' || *host == '@')
		return false;
	for (const char *p = url; *p; p++) {
		unsigned char c = (unsigned char)*p;
		if (c <= ' ' || c == 0x7f || c == '"' || c == '<' || c == '>' || c == '\\' || c == '`')
			return false;
	}
	return true;
}

static const char *const ar_conflict_msg = N_(
	"Someone else has assessed this requirement since you opened it. Their assessment is shown; yours is kept in the form.");

static const char *ar_json_text(struct arena *a, const struct asset_requirement *ar)
{
	struct buf b;
	struct json j;
	buf_init(&b, a);
	json_init(&j, &b);
	asset_requirement_json(&j, ar);
	return b.data;
}

int asset_requirement_set(struct db *db, struct arena *a, const struct auth *auth, int64_t asset_id,
			  int64_t requirement_id, int64_t version, const struct asset_requirement_input *raw,
			  struct asset_requirement *current, struct err *e)
{
	struct actor actor = actor_of(auth);
	struct asset_requirement_input in;
	struct asset_requirement before, after;
	struct asset as;
	struct req_levels lv;
	struct db_rows rows;
	char now[TIME_ISO_LEN];
	int rc;

	in.status = raw->status ? raw->status : "";
	in.comment = trimmed(a, raw->comment);
	in.evidence_url = trimmed(a, raw->evidence_url);
	if (table_index(req_statuses, REQ_STATUS_COUNT, in.status) < 0)
		return err_set(e, ERR_INVALID, "status",
			       N_("Choose fulfilled, partly fulfilled, not fulfilled or not applicable."));
	if ((rc = check_text(e, "comment", in.comment, 4000, false)))
		return rc;
	if (!strcmp(in.status, "not_applicable") && !*in.comment)
		return err_set(e, ERR_INVALID, "comment", N_("Say in the comment why the requirement does not apply."));
	if ((rc = check_text(e, "evidence_url", in.evidence_url, 2000, false)))
		return rc;
	if (!req_valid_evidence_url(in.evidence_url))
		return err_set(e, ERR_INVALID, "evidence_url",
			       N_("Give the evidence as a web address starting with https:// or http://."));

	time_now_iso(now);
	if ((rc = db_begin(db, e)))
		return rc;
	if ((rc = asset_get(db, a, asset_id, &as, e)) || (rc = ar_get(db, a, asset_id, requirement_id, &before, e)))
		goto out;
	lv = req_levels_of(&as);
	if (!requirement_applies(&before.req, &lv)) {
		rc = err_set(e, ERR_INVALID, "requirement_id",
			     N_("The requirement does not apply to the asset's current classification."));
		goto out;
	}
	if (before.version != version) {
		rc = err_set(e, ERR_CONFLICT, "version", ar_conflict_msg);
		goto out;
	}
	if (before.id == 0) {
		rc = db_run(db, a, &Q_AR_INSERT,
			    DB_ARGS(DB_INT(asset_id), DB_INT(requirement_id), DB_TEXT(in.status), DB_TEXT(in.comment),
				    DB_TEXT(in.evidence_url), DB_ID(actor.id), DB_TEXT(now)),
			    &rows, e);
		if (rc == ERR_EXISTS)
			rc = err_set(e, ERR_CONFLICT, "version", ar_conflict_msg);
	} else {
		rc = db_run(db, a, &Q_AR_UPDATE,
			    DB_ARGS(DB_INT(asset_id), DB_INT(requirement_id), DB_TEXT(in.status), DB_TEXT(in.comment),
				    DB_TEXT(in.evidence_url), DB_ID(actor.id), DB_TEXT(now), DB_INT(version)),
			    &rows, e);
		if (!rc && rows.changes == 0)
			rc = err_set(e, ERR_CONFLICT, "version", ar_conflict_msg);
	}
	if (rc)
		goto out;
	if (!(rc = ar_get(db, a, asset_id, requirement_id, &after, e)))
		rc = audit_append(db, a, actor, "asset_requirement", after.id, as.unit_id,
				  before.id ? "update" : "create", before.id ? ar_json_text(a, &before) : NULL,
				  ar_json_text(a, &after), e);
	if (!rc)
		rc = db_commit(db, e);
out:
	if (rc) {
		db_rollback(db);
		if (rc == ERR_CONFLICT && current)
			ar_get(db, a, asset_id, requirement_id, current, NULL);
	}
	return rc;
}

void asset_requirement_json(struct json *j, const struct asset_requirement *ar)
{
	json_obj_open(j);
	json_kv_int(j, "asset_id", ar->asset_id);
	json_kv_int(j, "requirement_id", ar->req.id);
	json_kv_str(j, "code", ar->req.code);
	json_kv_str(j, "title", ar->req.title);
	json_kv_str(j, "text", ar->req.text);
	json_kv_str(j, "category", ar->req.category);
	if (ar->req.nis2 && *ar->req.nis2)
		json_kv_str(j, "nis2", ar->req.nis2);
	else
		json_kv_null(j, "nis2");
	if (ar->status && *ar->status)
		json_kv_str(j, "status", ar->status);
	else
		json_kv_null(j, "status");
	json_kv_str(j, "comment", ar->comment);
	json_kv_str(j, "evidence_url", ar->evidence_url);
	if (ar->action_id) {
		json_kv_int(j, "action_id", ar->action_id);
		json_kv_str(j, "action_status", ar->action_status);
	} else {
		json_kv_null(j, "action_id");
		json_kv_null(j, "action_status");
	}
	json_kv_int(j, "version", ar->version);
	json_kv_str(j, "updated_at", ar->updated_at);
	json_obj_close(j);
}
