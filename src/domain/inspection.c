/*
 * inspection.c - rules of audits, recommendations, follow-up findings and
 * the report file (see inspection.h).
 */
#include "domain/inspection.h"

#include <inttypes.h>
#include <sodium.h>
#include <string.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/err.h"
#include "core/json.h"
#include "core/str.h"
#include "core/timeutil.h"
#include "db/db.h"
#include "domain/audit.h"
#include "domain/unit.h"
#include "domain/validate.h"

const char *const inspection_kinds[INSPECTION_KIND_COUNT] = { "municipal", "external", "imy", "mcf", "other" };
const char *const inspection_kind_labels[INSPECTION_KIND_COUNT] = {
	N_("The municipal auditors"), N_("An external audit firm"),
	N_("IMY (Swedish Authority for Privacy Protection)"), N_("MCF (Swedish Civil Defence and Resilience Agency)"),
	N_("Another auditor")
};
const char *const recommendation_statuses[2] = { "open", "closed" };
const char *const recommendation_status_labels[2] = { N_("Open"), N_("Closed") };

const char *inspection_kind_label(const char *s)
{
	int k = table_index(inspection_kinds, INSPECTION_KIND_COUNT, s);
	return k < 0 ? s : inspection_kind_labels[k];
}

const char *recommendation_status_label(const char *s)
{
	int k = table_index(recommendation_statuses, 2, s);
	return k < 0 ? s : recommendation_status_labels[k];
}

/* --- audits ---------------------------------------------------------------------------- */

int inspection_get(struct db *db, struct arena *a, int64_t id, struct inspection *out, struct err *e)
{
	int rc = q_inspection_get(db, a, id, out, e);
	return rc == ERR_NOTFOUND ? err_set(e, ERR_NOTFOUND, "id", N_("No such audit.")) : rc;
}

int inspection_scope(struct db *db, struct arena *a, int64_t id, struct scope *s, struct err *e)
{
	struct inspection *x = arena_calloc(a, 1, sizeof(*x));
	int rc = inspection_get(db, a, id, x, e);
	if (rc)
		return rc;
	*s = (struct scope){ "inspection", x, x->unit_id, x->unit_path, 0 };
	return 0;
}

const char *const inspection_filter_args[] = { "unit_id", "year", "kind", "q", "sort", "order", NULL };

static int filter_year(const char *(*get)(void *ctx, const char *name), void *ctx, int64_t *out, struct err *e)
{
	const char *s = filter_arg(get, ctx, "year");
	if (s && (!str_to_i64(s, out) || *out < 1900 || *out > 2200))
		return err_set(e, ERR_INVALID, "year", N_("Give the year as four digits."));
	return 0;
}

int inspection_filter_parse(struct inspection_filter *f, const char *(*get)(void *ctx, const char *name), void *ctx,
			    struct err *e)
{
	static const char *const sorts[] = { "date", "title", "auditor" };
	const char *sort = filter_arg(get, ctx, "sort"), *order = filter_arg(get, ctx, "order");
	int rc;

	if ((rc = filter_id(get, ctx, "unit_id", &f->unit_id, e)) || (rc = filter_year(get, ctx, &f->year, e)))
		return rc;
	f->kind = filter_arg(get, ctx, "kind");
	if (f->kind && table_index(inspection_kinds, INSPECTION_KIND_COUNT, f->kind) < 0)
		return err_set(e, ERR_INVALID, "kind", N_("Choose one of the kinds of auditor."));
	f->q = filter_arg(get, ctx, "q");
	if (sort && table_index(sorts, 3, sort) < 0)
		return err_set(e, ERR_INVALID, "sort", N_("Sort by date, title or auditor."));
	f->sort = sort ? (enum inspection_sort)table_index(sorts, 3, sort) : INSPECTION_SORT_DATE;
	if (order && strcmp(order, "asc") && strcmp(order, "desc"))
		return err_set(e, ERR_INVALID, "order", N_("The order is asc or desc."));
	f->desc = order ? !strcmp(order, "desc") : f->sort == INSPECTION_SORT_DATE;
	return 0;
}

int inspection_list(struct db *db, struct arena *a, const struct inspection_filter *f, struct inspection **out,
		    size_t *n, int64_t *total, struct err *e)
{
	const char *subtree;
	int rc = unit_subtree(db, a, f->unit_id, &subtree, e);
	return rc ? rc : q_inspection_list(db, a, f, subtree, out, n, total, e);
}

int inspection_boards(struct db *db, struct arena *a, int64_t id, struct insp_board **out, size_t *n, struct err *e)
{
	return q_inspection_boards(db, a, id, out, n, e);
}

int inspection_followups(struct db *db, struct arena *a, int64_t id, struct inspection **out, size_t *n, struct err *e)
{
	return q_inspection_followups(db, a, id, out, n, e);
}

struct inspection_input inspection_input_of(const struct inspection *x)
{
	struct inspection_input in = { 0 };
	in.unit_id = x->unit_id;
	in.auditor_kind = x->auditor_kind;
	in.auditor = x->auditor;
	in.title = x->title;
	in.report_date = x->report_date;
	in.case_ref = x->case_ref;
	in.scope = x->scope;
	in.assessment = x->assessment;
	in.observations = x->observations;
	in.follows_id = x->follows_id;
	return in;
}

static struct inspection_input insp_clean(struct arena *a, const struct inspection_input *raw)
{
	struct inspection_input in = *raw;
	in.auditor = text_trimmed(a, raw->auditor);
	in.title = text_trimmed(a, raw->title);
	in.report_date = text_trimmed(a, raw->report_date);
	in.case_ref = text_trimmed(a, raw->case_ref);
	in.scope = text_trimmed(a, raw->scope);
	in.assessment = text_trimmed(a, raw->assessment);
	in.observations = text_trimmed(a, raw->observations);
	return in;
}

/* Check the units of @ids: each seen by @auth, none twice. */
static int check_boards(struct db *db, struct arena *a, const struct auth *auth, const int64_t *ids, size_t n,
			struct insp_board *out, struct err *e)
{
	if (!n)
		return err_set(e, ERR_INVALID, "board_ids", N_("Choose the boards the audit is addressed to."));
	for (size_t i = 0; i < n; i++) {
		int rc = q_inspection_unit(db, a, ids[i], &out[i], e);
		if (rc == ERR_NOTFOUND || (!rc && !authz_may_reference(auth, ACCESS_READ, out[i].path, 0)))
			return err_set(e, ERR_INVALID, "board_ids", N_("No such unit."));
		if (rc)
			return rc;
		for (size_t k = 0; k < i; k++)
			if (ids[k] == ids[i])
				return err_set(e, ERR_INVALID, "board_ids", N_("A board is named twice."));
	}
	return 0;
}

static int insp_check(struct db *db, struct arena *a, const struct auth *auth, const struct inspection_input *in,
		      const struct inspection *before, struct inspection *after, struct err *e)
{
	int rc;
	const struct unit_target t = {
		.unit_id = in->unit_id,
		.current_id = before ? before->unit_id : 0,
		.current_name = before ? before->unit_name : NULL,
		.current_path = before ? before->unit_path : NULL,
		.access = ACCESS_EDIT,
		.missing = N_("Choose the unit the audit is registered in."),
		.refused = N_("Your roles do not let you register audits in this unit."),
	};
	if ((rc = unit_target_check(db, a, auth, &t, &after->unit_name, &after->unit_path, e)))
		return rc;
	if (table_index(inspection_kinds, INSPECTION_KIND_COUNT, in->auditor_kind) < 0)
		return err_set(e, ERR_INVALID, "auditor_kind", N_("Choose one of the kinds of auditor."));
	if ((rc = check_text(e, "auditor", in->auditor, 300, false)) ||
	    (rc = check_text(e, "title", in->title, 500, true)) ||
	    (rc = check_date(e, "report_date", in->report_date, true)) ||
	    (rc = check_text(e, "case_ref", in->case_ref, 100, false)) ||
	    (rc = check_text(e, "scope", in->scope, 100000, false)) ||
	    (rc = check_text(e, "assessment", in->assessment, 100000, false)) ||
	    (rc = check_text(e, "observations", in->observations, 200000, false)))
		return rc;
	after->follows_title = after->follows_date = NULL;
	if (in->follows_id) {
		struct inspection f;
		rc = q_inspection_get(db, a, in->follows_id, &f, e);
		if (rc == ERR_NOTFOUND || (!rc && !authz_may_reference(auth, ACCESS_READ, f.unit_path, 0)))
			return err_set(e, ERR_INVALID, "follows_id", N_("No such audit."));
		if (rc)
			return rc;
		if (before && f.id == before->id)
			return err_set(e, ERR_INVALID, "follows_id", N_("An audit cannot follow up itself."));
		if (strcmp(f.report_date, in->report_date) > 0)
			return err_set(e, ERR_INVALID, "follows_id",
				       N_("A follow-up cannot be dated before the audit it follows up."));
		after->follows_title = f.title;
		after->follows_date = f.report_date;
	}
	if (!before || in->set_boards) {
		struct insp_board *b = arena_calloc(a, in->n_board_ids + 1, sizeof(*b));
		if ((rc = check_boards(db, a, auth, in->board_ids, in->n_board_ids, b, e)))
			return rc;
	}
	return 0;
}

static void insp_apply(struct inspection *x, const struct inspection_input *in)
{
	x->unit_id = in->unit_id;
	x->auditor_kind = in->auditor_kind;
	x->auditor = in->auditor;
	x->title = in->title;
	x->report_date = in->report_date;
	x->case_ref = in->case_ref;
	x->scope = in->scope;
	x->assessment = in->assessment;
	x->observations = in->observations;
	x->follows_id = in->follows_id;
}

static void insp_write(struct json *j, const void *rec)
{
	inspection_json(j, rec, NULL, 0);
}

static int insp_create_in_tx(struct db *db, struct arena *a, const struct auth *auth, const struct inspection_input *in,
			     int64_t *id_out, struct err *e)
{
	struct inspection x = { 0 };
	char now[TIME_ISO_LEN];
	int rc;

	time_now_iso(now);
	if ((rc = insp_check(db, a, auth, in, NULL, &x, e)) ||
	    (rc = q_inspection_insert(db, a, in, actor_of(auth).id, now, &x.id, e)) ||
	    (rc = q_inspection_set_boards(db, a, x.id, in->board_ids, in->n_board_ids, e)))
		return rc;
	insp_apply(&x, in);
	x.version = 1;
	x.created_by = actor_of(auth).id;
	x.created_at = x.updated_at = now;
	if (id_out)
		*id_out = x.id;
	return audit_append(db, a, actor_of(auth), "inspection", x.id, x.unit_id, "create", NULL,
			    json_text(a, insp_write, &x), e);
}

int inspection_create(struct db *db, struct arena *a, const struct auth *auth, const struct inspection_input *raw,
		      int64_t *id_out, struct err *e)
{
	struct inspection_input in = insp_clean(a, raw);
	int rc = db_begin(db, e);
	if (rc)
		return rc;
	return db_end(db, insp_create_in_tx(db, a, auth, &in, id_out, e), e);
}

static const char *const insp_conflict_msg = N_(
	"Someone else has changed this audit since you opened it. Their version is shown; your changes are kept in the form.");

static int insp_update_in_tx(struct db *db, struct arena *a, const struct auth *auth, const struct inspection *before,
			     int64_t version, const struct inspection_input *in, struct inspection *current,
			     struct err *e)
{
	struct inspection after = *before;
	char now[TIME_ISO_LEN];
	int rc;

	time_now_iso(now);
	if (before->version != version)
		return version_conflict(current, before, sizeof(*before), e, insp_conflict_msg);
	if ((rc = insp_check(db, a, auth, in, before, &after, e)))
		return rc;
	rc = q_inspection_update(db, a, before->id, version, in, now, e);
	if (rc == ERR_CONFLICT)
		return version_lost(current ? inspection_get(db, a, before->id, current, e) : 0, e, insp_conflict_msg);
	if (rc ||
	    (in->set_boards && (rc = q_inspection_set_boards(db, a, before->id, in->board_ids, in->n_board_ids, e))))
		return rc;
	insp_apply(&after, in);
	after.version = version + 1;
	after.updated_at = now;
	return audit_append(db, a, actor_of(auth), "inspection", before->id, after.unit_id, "update",
			    json_text(a, insp_write, before), json_text(a, insp_write, &after), e);
}

int inspection_update(struct db *db, struct arena *a, const struct auth *auth, const struct inspection *before,
		      int64_t version, const struct inspection_input *raw, struct inspection *current, struct err *e)
{
	struct inspection_input in = insp_clean(a, raw);
	int rc = db_begin(db, e);
	if (rc)
		return rc;
	return db_end(db, insp_update_in_tx(db, a, auth, before, version, &in, current, e), e);
}

void inspection_json_open(struct json *j, const struct inspection *x, const struct insp_board *boards, size_t n_boards)
{
	json_obj_open(j);
	json_kv_int(j, "id", x->id);
	json_kv_int(j, "unit_id", x->unit_id);
	json_kv_str(j, "unit_name", x->unit_name);
	json_kv_str(j, "auditor_kind", x->auditor_kind);
	json_kv_str(j, "auditor", x->auditor);
	json_kv_str(j, "title", x->title);
	json_kv_str(j, "report_date", x->report_date);
	json_kv_str(j, "case_ref", x->case_ref);
	json_kv_str(j, "scope", x->scope);
	json_kv_str(j, "assessment", x->assessment);
	json_kv_str(j, "observations", x->observations);
	json_kv_id(j, "follows_id", x->follows_id);
	json_kv_str(j, "follows_title", x->follows_title);
	json_kv_int(j, "recommendations", x->n_recommendations);
	json_kv_int(j, "open_recommendations", x->n_open);
	if (boards) {
		json_key(j, "boards");
		json_arr_open(j);
		for (size_t i = 0; i < n_boards; i++) {
			json_obj_open(j);
			json_kv_int(j, "id", boards[i].id);
			json_kv_str(j, "name", boards[i].name);
			json_obj_close(j);
		}
		json_arr_close(j);
	}
	json_key(j, "file");
	if (x->file_name) {
		json_obj_open(j);
		json_kv_str(j, "name", x->file_name);
		json_kv_int(j, "size", x->file_size);
		json_kv_str(j, "sha256", x->file_sha256);
		json_obj_close(j);
	} else {
		json_null_value(j);
	}
	json_kv_int(j, "version", x->version);
	json_kv_str(j, "created_at", x->created_at);
	json_kv_str(j, "updated_at", x->updated_at);
}

void inspection_json(struct json *j, const struct inspection *x, const struct insp_board *boards, size_t n_boards)
{
	inspection_json_open(j, x, boards, n_boards);
	json_obj_close(j);
}

/* --- the report file ------------------------------------------------------------------------ */

static const struct file_type {
	const char *ext;
	const char *mime;
	const char *magic; /* the first bytes, NULL: UTF-8 text */
	size_t n_magic;
} file_types[] = {
	{ ".pdf", "application/pdf", "%PDF-", 5 },
	{ ".docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "PK\3\4", 4 },
	{ ".xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "PK\3\4", 4 },
	{ ".odt", "application/vnd.oasis.opendocument.text", "PK\3\4", 4 },
	{ ".txt", "text/plain; charset=utf-8", NULL, 0 },
};

static const struct file_type *file_type_of(const char *name)
{
	size_t n = strlen(name);
	for (size_t i = 0; i < sizeof(file_types) / sizeof(file_types[0]); i++) {
		size_t k = strlen(file_types[i].ext);
		if (n > k && str_ieq(name + n - k, file_types[i].ext))
			return &file_types[i];
	}
	return NULL;
}

/* The last part of an uploaded name, without directories or characters a header could not carry. */
static const char *file_base(struct arena *a, const char *name)
{
	const char *s = name;
	char *out;
	size_t k = 0;
	for (const char *p = name; *p; p++)
		if (*p == '/' || *p == '\\')
			s = p + 1;
	out = arena_strdup(a, s);
	for (char *p = out; *p; p++)
		if ((unsigned char)*p >= 0x20 && *p != '"' && *p != ';' && *p != 0x7f)
			out[k++] = *p;
	out[k] = 0;
	return out;
}

static void file_write(struct json *j, const void *rec)
{
	const struct inspection_file *f = rec;
	json_obj_open(j);
	json_kv_int(j, "inspection_id", f->inspection_id);
	json_kv_str(j, "name", f->file_name);
	json_kv_str(j, "mime", f->mime);
	json_kv_int(j, "size", f->size);
	json_kv_str(j, "sha256", f->sha256);
	json_obj_close(j);
}

static int file_put_in_tx(struct db *db, struct arena *a, const struct auth *auth, const struct inspection *x,
			  struct inspection_file *f, struct err *e)
{
	struct inspection_file old = { 0 };
	int rc = q_inspection_file_get(db, a, x->id, &old, e);
	if (rc && rc != ERR_NOTFOUND)
		return rc;
	if ((rc = q_inspection_file_put(db, a, f, e)))
		return rc;
	return audit_append(db, a, actor_of(auth), "inspection_file", x->id, x->unit_id, old.id ? "update" : "create",
			    old.id ? json_text(a, file_write, &old) : NULL, json_text(a, file_write, f), e);
}

int inspection_file_put(struct db *db, struct arena *a, const struct auth *auth, const struct inspection *x,
			const char *file_name, const void *data, size_t len, struct err *e)
{
	const struct file_type *t;
	struct inspection_file f = { 0 };
	unsigned char sum[crypto_hash_sha256_BYTES];
	char now[TIME_ISO_LEN], hex[crypto_hash_sha256_BYTES * 2 + 1];
	size_t b64_len;
	char *b64;
	const char *name = file_name ? file_base(a, file_name) : "";
	int rc;

	if (!data || !len)
		return err_set(e, ERR_INVALID, "file", N_("Choose the report file to upload."));
	if (len > INSPECTION_FILE_MAX)
		return err_set(e, ERR_TOOLARGE, "file", N_("The report file is larger than 20 MB."));
	if (!*name || str_utf8_len(name) > 200 || !str_valid_text(name, strlen(name)))
		return err_set(e, ERR_INVALID, "file", N_("The file needs a name."));
	if (!(t = file_type_of(name)))
		return err_set(e, ERR_INVALID, "file", N_("Upload the report as PDF, DOCX, ODT, XLSX or plain text."));
	if (t->magic ? len < t->n_magic || memcmp(data, t->magic, t->n_magic) : !str_valid_utf8(data, len))
		return err_set(e, ERR_INVALID, "file", N_("The file's contents do not match its name."));
	crypto_hash_sha256(sum, data, len);
	sodium_bin2hex(hex, sizeof(hex), sum, sizeof(sum));
	b64_len = sodium_base64_ENCODED_LEN(len, sodium_base64_VARIANT_ORIGINAL);
	b64 = arena_alloc(a, b64_len);
	sodium_bin2base64(b64, b64_len, data, len, sodium_base64_VARIANT_ORIGINAL);
	time_now_iso(now);
	f.inspection_id = x->id;
	f.file_name = name;
	f.mime = t->mime;
	f.size = (int64_t)len;
	f.sha256 = arena_strdup(a, hex);
	f.data = b64;
	f.created_by = actor_of(auth).id;
	f.created_at = now;
	if ((rc = db_begin(db, e)))
		return rc;
	return db_end(db, file_put_in_tx(db, a, auth, x, &f, e), e);
}

int inspection_file_get(struct db *db, struct arena *a, const struct inspection *x, struct inspection_file *out,
			const unsigned char **bytes, size_t *len, struct err *e)
{
	unsigned char *bin;
	size_t cap, n = 0;
	int rc = q_inspection_file_get(db, a, x->id, out, e);
	if (rc == ERR_NOTFOUND)
		return err_set(e, ERR_NOTFOUND, "file", N_("The audit has no report file."));
	if (rc)
		return rc;
	cap = strlen(out->data) / 4 * 3 + 3;
	bin = arena_alloc(a, cap);
	if (sodium_base642bin(bin, cap, out->data, strlen(out->data), NULL, &n, NULL, sodium_base64_VARIANT_ORIGINAL))
		return err_set(e, ERR_INTERNAL, "file", N_("The report file cannot be read."));
	*bytes = bin;
	*len = n;
	return 0;
}

/* --- recommendations ------------------------------------------------------------------------------ */

int recommendation_get(struct db *db, struct arena *a, int64_t id, const char *today, struct recommendation *out,
		       struct err *e)
{
	char day[TIME_ISO_LEN];
	int rc;
	if (!today) {
		time_today_iso(day);
		today = day;
	}
	rc = q_recommendation_get(db, a, id, today, out, e);
	return rc == ERR_NOTFOUND ? err_set(e, ERR_NOTFOUND, "id", N_("No such recommendation.")) : rc;
}

int recommendation_scope(struct db *db, struct arena *a, int64_t id, struct scope *s, struct err *e)
{
	struct recommendation *r = arena_calloc(a, 1, sizeof(*r));
	int rc = recommendation_get(db, a, id, NULL, r, e);
	if (rc)
		return rc;
	*s = (struct scope){ "recommendation", r, r->unit_id, r->unit_path, 0 };
	return 0;
}

const char *const recommendation_filter_args[] = { "unit_id", "inspection_id", "year", "status",
						   "overdue", "order",         NULL };

int recommendation_filter_parse(struct recommendation_filter *f, const char *(*get)(void *ctx, const char *name),
				void *ctx, struct err *e)
{
	const char *status = filter_arg(get, ctx, "status"), *order = filter_arg(get, ctx, "order");
	int overdue = 0, rc;

	if ((rc = filter_id(get, ctx, "unit_id", &f->unit_id, e)) ||
	    (rc = filter_id(get, ctx, "inspection_id", &f->inspection_id, e)) ||
	    (rc = filter_year(get, ctx, &f->year, e)) || (rc = filter_bool(get, ctx, "overdue", &overdue, e)))
		return rc;
	if (status && strcmp(status, "all") && table_index(recommendation_statuses, 2, status) < 0)
		return err_set(e, ERR_INVALID, "status", N_("The status is open, closed or all."));
	f->status = !status ? "open" : !strcmp(status, "all") ? NULL : status;
	f->overdue = overdue == 1;
	if (order && strcmp(order, "asc") && strcmp(order, "desc"))
		return err_set(e, ERR_INVALID, "order", N_("The order is asc or desc."));
	f->desc = !order || !strcmp(order, "desc");
	return 0;
}

int recommendation_list(struct db *db, struct arena *a, const struct recommendation_filter *f,
			struct recommendation **out, size_t *n, int64_t *total, struct err *e)
{
	struct recommendation_filter g = *f;
	char today[TIME_ISO_LEN];
	const char *subtree;
	int rc = unit_subtree(db, a, f->unit_id, &subtree, e);
	if (rc)
		return rc;
	if (!g.today) {
		time_today_iso(today);
		g.today = today;
	}
	return q_recommendation_list(db, a, &g, subtree, out, n, total, e);
}

int recommendation_open_state(struct db *db, struct arena *a, int64_t viewer_id, int64_t unit_id, int64_t year,
			      const char *today, struct recommendation **out, size_t *n, struct err *e)
{
	struct recommendation_filter f = { 0 };
	f.viewer_id = viewer_id;
	f.unit_id = unit_id;
	f.year = year;
	f.status = "open";
	f.today = today;
	f.limit = 10000;
	return recommendation_list(db, a, &f, out, n, NULL, e);
}

struct recommendation_input recommendation_input_of(const struct recommendation *r)
{
	struct recommendation_input in = { 0 };
	in.number = r->number;
	in.text = r->text;
	in.status = r->status;
	return in;
}

static int rec_check(struct db *db, struct arena *a, const struct auth *auth, int64_t inspection_id,
		     const struct recommendation_input *in, bool boards, struct err *e)
{
	int rc;
	(void)auth;
	if (in->number < 1 || in->number > 10000)
		return err_set(e, ERR_INVALID, "number", N_("Give the recommendation's number, from 1."));
	if ((rc = check_text(e, "text", in->text, 20000, true)))
		return rc;
	if (table_index(recommendation_statuses, 2, in->status) < 0)
		return err_set(e, ERR_INVALID, "status", N_("The status is open or closed."));
	if (!boards)
		return 0;
	if (!in->n_board_ids)
		return err_set(e, ERR_INVALID, "board_ids",
			       N_("Choose the boards the recommendation is addressed to."));
	for (size_t i = 0; i < in->n_board_ids; i++) {
		bool ok = false;
		if ((rc = q_inspection_addressed(db, a, inspection_id, in->board_ids[i], &ok, e)))
			return rc;
		if (!ok)
			return err_set(e, ERR_INVALID, "board_ids",
				       N_("A recommendation is addressed to boards the audit is addressed to."));
		for (size_t k = 0; k < i; k++)
			if (in->board_ids[k] == in->board_ids[i])
				return err_set(e, ERR_INVALID, "board_ids", N_("A board is named twice."));
	}
	return 0;
}

static void rec_write(struct json *j, const void *rec)
{
	recommendation_json(j, rec);
}

static const char *const rec_exists_msg = N_("The audit has a recommendation with this number already.");

static int rec_create_in_tx(struct db *db, struct arena *a, const struct auth *auth, const struct inspection *x,
			    const struct recommendation_input *in, int64_t *id_out, struct err *e)
{
	struct recommendation r = { 0 };
	char now[TIME_ISO_LEN];
	int rc;

	time_now_iso(now);
	if ((rc = rec_check(db, a, auth, x->id, in, true, e)))
		return rc;
	rc = q_recommendation_insert(db, a, x, in, actor_of(auth).id, now, &r.id, e);
	if (rc == ERR_EXISTS)
		return err_set(e, ERR_EXISTS, "number", rec_exists_msg);
	if (rc || (rc = q_recommendation_set_boards(db, a, r.id, in->board_ids, in->n_board_ids, e)))
		return rc;
	r.inspection_id = x->id;
	r.report_date = x->report_date;
	r.unit_id = x->unit_id;
	r.number = in->number;
	r.text = in->text;
	r.status = in->status;
	r.version = 1;
	r.created_at = r.updated_at = now;
	if (id_out)
		*id_out = r.id;
	return audit_append(db, a, actor_of(auth), "recommendation", r.id, x->unit_id, "create", NULL,
			    json_text(a, rec_write, &r), e);
}

static struct recommendation_input rec_clean(struct arena *a, const struct recommendation_input *raw)
{
	struct recommendation_input in = *raw;
	in.text = text_trimmed(a, raw->text);
	in.status = raw->status && *raw->status ? raw->status : "open";
	return in;
}

int recommendation_create(struct db *db, struct arena *a, const struct auth *auth, const struct inspection *x,
			  const struct recommendation_input *raw, int64_t *id_out, struct err *e)
{
	struct recommendation_input in = rec_clean(a, raw);
	int rc = db_begin(db, e);
	if (rc)
		return rc;
	return db_end(db, rec_create_in_tx(db, a, auth, x, &in, id_out, e), e);
}

static const char *const rec_conflict_msg = N_(
	"Someone else has changed this recommendation since you opened it. Their version is shown; your changes are kept in the form.");

static int rec_update_in_tx(struct db *db, struct arena *a, const struct auth *auth,
			    const struct recommendation *before, int64_t version, const struct recommendation_input *in,
			    struct recommendation *current, struct err *e)
{
	struct recommendation after = *before;
	char now[TIME_ISO_LEN];
	int rc;

	time_now_iso(now);
	if (before->version != version)
		return version_conflict(current, before, sizeof(*before), e, rec_conflict_msg);
	if ((rc = rec_check(db, a, auth, before->inspection_id, in, in->set_boards, e)))
		return rc;
	rc = q_recommendation_update(db, a, before->id, version, in, now, e);
	if (rc == ERR_EXISTS)
		return err_set(e, ERR_EXISTS, "number", rec_exists_msg);
	if (rc == ERR_CONFLICT)
		return version_lost(current ? recommendation_get(db, a, before->id, NULL, current, e) : 0, e,
				    rec_conflict_msg);
	if (rc || (in->set_boards &&
		   (rc = q_recommendation_set_boards(db, a, before->id, in->board_ids, in->n_board_ids, e))))
		return rc;
	after.number = in->number;
	after.text = in->text;
	after.status = in->status;
	after.version = version + 1;
	after.updated_at = now;
	return audit_append(db, a, actor_of(auth), "recommendation", before->id, before->unit_id, "update",
			    json_text(a, rec_write, before), json_text(a, rec_write, &after), e);
}

int recommendation_update(struct db *db, struct arena *a, const struct auth *auth, const struct recommendation *before,
			  int64_t version, const struct recommendation_input *raw, struct recommendation *current,
			  struct err *e)
{
	struct recommendation_input in = rec_clean(a, raw);
	int rc = db_begin(db, e);
	if (rc)
		return rc;
	return db_end(db, rec_update_in_tx(db, a, auth, before, version, &in, current, e), e);
}

int recommendation_boards(struct db *db, struct arena *a, int64_t inspection_id, struct insp_board **out, size_t *n,
			  struct err *e)
{
	return q_recommendation_boards(db, a, inspection_id, out, n, e);
}

void recommendation_json_open(struct json *j, const struct recommendation *r)
{
	json_obj_open(j);
	json_kv_int(j, "id", r->id);
	json_kv_int(j, "inspection_id", r->inspection_id);
	json_kv_str(j, "inspection_title", r->inspection_title);
	json_kv_str(j, "report_date", r->report_date);
	json_kv_int(j, "number", r->number);
	json_kv_str(j, "text", r->text);
	json_kv_str(j, "status", r->status);
	json_kv_str(j, "boards", r->boards);
	json_key(j, "measures");
	json_obj_open(j);
	json_kv_int(j, "planned", r->n_planned);
	json_kv_int(j, "ongoing", r->n_ongoing);
	json_kv_int(j, "done", r->n_done);
	json_kv_int(j, "overdue", r->n_overdue);
	json_obj_close(j);
	json_kv_int(j, "times_examined", r->n_findings);
	json_kv_int(j, "version", r->version);
	json_kv_str(j, "updated_at", r->updated_at);
}

void recommendation_json(struct json *j, const struct recommendation *r)
{
	recommendation_json_open(j, r);
	json_obj_close(j);
}

/* --- findings ---------------------------------------------------------------------------------- */

/* Is @rec_id a recommendation of the audit @x follows up, or of one that followed up in turn? */
static int followed_rec(struct db *db, struct arena *a, const struct auth *auth, const struct inspection *x,
			int64_t rec_id, struct err *e)
{
	struct recommendation r;
	int64_t at = x->follows_id;
	int rc = q_recommendation_get(db, a, rec_id, "", &r, e);

	if (rc == ERR_NOTFOUND || (!rc && !authz_may_reference(auth, ACCESS_READ, r.unit_path, 0)))
		return err_set(e, ERR_INVALID, "recommendation_id", N_("No such recommendation."));
	if (rc)
		return rc;
	for (int depth = 0; at && depth < 50; depth++) {
		struct inspection f;
		if (at == r.inspection_id)
			return 0;
		if ((rc = q_inspection_get(db, a, at, &f, e)))
			return rc;
		at = f.follows_id;
	}
	return err_set(e, ERR_INVALID, "recommendation_id",
		       N_("A finding examines a recommendation of the audit this one follows up."));
}

static void finding_write(struct json *j, const void *rec)
{
	finding_json(j, rec);
}

static int finding_create_in_tx(struct db *db, struct arena *a, const struct auth *auth, const struct inspection *x,
				const struct finding_input *in, int64_t *id_out, struct err *e)
{
	struct finding f = { 0 };
	char now[TIME_ISO_LEN];
	int rc;

	time_now_iso(now);
	if ((rc = check_text(e, "area", in->area, 500, true)) ||
	    (rc = check_text(e, "result", in->result, 100000, false)))
		return rc;
	if (in->recommendation_id && (rc = followed_rec(db, a, auth, x, in->recommendation_id, e)))
		return rc;
	if ((rc = q_finding_insert(db, a, x->id, in, actor_of(auth).id, now, &f.id, &f.position, e)))
		return rc;
	f.inspection_id = x->id;
	f.area = in->area;
	f.result = in->result;
	f.recommendation_id = in->recommendation_id;
	f.created_at = now;
	if (id_out)
		*id_out = f.id;
	return audit_append(db, a, actor_of(auth), "finding", f.id, x->unit_id, "create", NULL,
			    json_text(a, finding_write, &f), e);
}

int finding_create(struct db *db, struct arena *a, const struct auth *auth, const struct inspection *x,
		   const struct finding_input *raw, int64_t *id_out, struct err *e)
{
	struct finding_input in = *raw;
	int rc;
	in.area = text_trimmed(a, raw->area);
	in.result = text_trimmed(a, raw->result);
	if ((rc = db_begin(db, e)))
		return rc;
	return db_end(db, finding_create_in_tx(db, a, auth, x, &in, id_out, e), e);
}

int finding_list(struct db *db, struct arena *a, int64_t inspection_id, struct finding **out, size_t *n, struct err *e)
{
	return q_finding_list(db, a, inspection_id, out, n, e);
}

int finding_of_recommendation(struct db *db, struct arena *a, int64_t rec_id, struct finding **out, size_t *n,
			      struct err *e)
{
	return q_finding_of_recommendation(db, a, rec_id, out, n, e);
}

void finding_json_open(struct json *j, const struct finding *f)
{
	json_obj_open(j);
	json_kv_int(j, "id", f->id);
	json_kv_int(j, "inspection_id", f->inspection_id);
	json_kv_int(j, "position", f->position);
	json_kv_str(j, "area", f->area);
	json_kv_str(j, "result", f->result);
	json_kv_id(j, "recommendation_id", f->recommendation_id);
	if (f->recommendation_id) {
		json_kv_int(j, "recommendation_number", f->rec_number);
		json_kv_int(j, "recommendation_inspection_id", f->rec_inspection_id);
		json_kv_str(j, "recommendation_inspection_title", f->rec_inspection_title);
	}
}

void finding_json(struct json *j, const struct finding *f)
{
	finding_json_open(j, f);
	json_obj_close(j);
}
