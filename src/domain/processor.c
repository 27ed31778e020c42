/*
 * processor.c - processors (personuppgiftsbiträden), their sub-processors
 * and their agreements (PUB-avtal).
 *
 * A processor belongs to a unit; activities refer to it, and one still
 * referred to cannot be deleted (the refusal names the activities). The
 * agreement in force is the newest signed one: a processor that an
 * activity uses and that has none, or whose agreement has expired or
 * expires within 90 days, is flagged. An agreement's file is kept in the
 * database with its SHA-256 and size; only a few document and image types
 * are accepted, recognised by their contents as well as their name, and
 * the file is always served as an attachment with a type from that list.
 */
#include "domain/gdpr.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

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

int processor_get(struct db *db, struct arena *a, int64_t id, struct gdpr_processor *out, struct err *e)
{
	int rc = q_processor_get(db, a, id, out, e);
	return rc == ERR_NOTFOUND ? err_set(e, ERR_NOTFOUND, "id", N_("No such processor.")) : rc;
}

SCOPE_READER(processor_scope, struct gdpr_processor, processor_get, "processor")

int agreement_scope(struct db *db, struct arena *a, int64_t id, struct scope *s, struct err *e)
{
	struct gdpr_agreement *g = arena_calloc(a, 1, sizeof(*g));
	struct gdpr_processor p;
	int rc = q_agreement_get(db, a, id, g, e);
	if (rc == ERR_NOTFOUND)
		return err_set(e, ERR_NOTFOUND, "id", N_("No such agreement."));
	if (rc || (rc = processor_get(db, a, g->processor_id, &p, e)))
		return rc;
	*s = (struct scope){ "processor_agreement", g, p.unit_id, p.unit_path, 0 };
	return 0;
}

/* "YYYY-MM-DD" of today and 90 days on. */
static void today_and_soon(char today[11], char soon[11])
{
	char iso[TIME_ISO_LEN];
	time_t t = time_now();
	time_iso(t, iso);
	snprintf(today, 11, "%.10s", iso);
	time_iso(t + 90 * 86400, iso);
	snprintf(soon, 11, "%.10s", iso);
}

int processor_filter_parse(struct gdpr_processor_filter *f, const char *(*get)(void *ctx, const char *name), void *ctx,
			   struct err *e)
{
	static const char *const states[] = { "missing", "expiring", "expired" };
	const char *v;
	int rc;

	f->agreement = -1;
	if ((rc = filter_id(get, ctx, "unit_id", &f->unit_id, e)))
		return rc;
	f->q = filter_arg(get, ctx, "q");
	if ((v = filter_arg(get, ctx, "agreement"))) {
		f->agreement = -1;
		for (int k = 0; k < 3; k++)
			if (!strcmp(v, states[k]))
				f->agreement = k;
		if (f->agreement < 0)
			return err_set(e, ERR_INVALID, "agreement", N_("Must be missing, expiring or expired."));
	}
	return 0;
}

int processor_list(struct db *db, struct arena *a, struct gdpr_processor_filter *f, struct gdpr_processor **out,
		   size_t *n, int64_t *total, struct err *e)
{
	const char *subtree;
	char *today = arena_calloc(a, 1, 11), *soon = arena_calloc(a, 1, 11);
	int rc = unit_subtree(db, a, f->unit_id, &subtree, e);
	if (rc)
		return rc;
	today_and_soon(today, soon);
	f->today = today;
	f->soon = soon;
	return q_processor_list(db, a, f, subtree, out, n, total, e);
}

const char *processor_agreement_flag(const struct gdpr_processor *p, const char *today)
{
	char soon[11], t[11];
	if (!p->agreement_id)
		return p->n_activities ? N_("No processor agreement") : NULL;
	if (!p->expires_on || !*p->expires_on)
		return NULL;
	if (strcmp(p->expires_on, today) < 0)
		return N_("The agreement has expired");
	today_and_soon(t, soon);
	if (strcmp(p->expires_on, soon) <= 0)
		return N_("The agreement expires within 90 days");
	return NULL;
}

int processor_subs(struct db *db, struct arena *a, int64_t id, struct gdpr_subprocessor **out, size_t *n, struct err *e)
{
	return q_processor_subs(db, a, id, out, n, e);
}

static const char *upper(struct arena *a, const char *s)
{
	char *c = str_trim(arena_strdup(a, s ? s : ""));
	for (char *p = c; *p; p++)
		if (*p >= 'a' && *p <= 'z')
			*p = (char)(*p - 'a' + 'A');
	return c;
}

/* Check @in (for @before, NULL when new) and clean it into @row and @subs. */
static int check_clean(struct db *db, struct arena *a, const struct auth *auth, const struct gdpr_processor_input *in,
		       const struct gdpr_processor *before, struct gdpr_processor_row *row,
		       struct gdpr_subprocessor **subs, size_t *n_subs, const char **unit_path, struct err *e)
{
	bool taken;
	int rc;

	row->unit_id = in->unit_id;
	row->name = str_trim(arena_strdup(a, in->name ? in->name : ""));
	row->org_number = str_trim(arena_strdup(a, in->org_number ? in->org_number : ""));
	row->contact = str_trim(arena_strdup(a, in->contact ? in->contact : ""));
	row->country = in->country && *in->country ? upper(a, in->country) : "SE";
	if (!in->unit_id)
		return err_set(e, ERR_INVALID, "unit_id", N_("Choose the unit that keeps the processor."));
	if (before && before->unit_id == in->unit_id) {
		*unit_path = before->unit_path;
	} else {
		struct unit u;
		rc = unit_get(db, a, in->unit_id, &u, e);
		if (rc == ERR_NOTFOUND)
			return err_set(e, ERR_INVALID, "unit_id", N_("No such unit."));
		if (rc)
			return rc;
		if (!authz_may_reference(auth, ACCESS_GDPR, u.path, 0))
			return err_set(e, ERR_FORBIDDEN, "unit_id",
				       N_("Your roles do not let you keep processors in this unit."));
		*unit_path = u.path;
	}
	if ((rc = check_text(e, "name", row->name, 200, true)) ||
	    (rc = check_text(e, "org_number", row->org_number, 50, false)) ||
	    (rc = check_text(e, "contact", row->contact, 1000, false)))
		return rc;
	/* REQ: ISO 3166-1 alpha-2 */
	if (!gdpr_country_name(row->country))
		return err_set1(e, ERR_INVALID, "country",
				N_("%s is not a country code of ISO 3166 (two capital letters, such as US)."),
				row->country);
	if (in->n_subs > GDPR_MAX_SUBS)
		return err_set(e, ERR_INVALID, "sub_name_1", N_("Too many sub-processors."));
	*subs = arena_calloc(a, in->n_subs + 1, sizeof(**subs));
	*n_subs = 0;
	for (size_t i = 0; i < in->n_subs; i++) {
		const char *name = str_trim(arena_strdup(a, in->subs[i].name ? in->subs[i].name : ""));
		const char *country = upper(a, in->subs[i].country);
		const char *nf = arena_printf(a, "sub_name_%zu", i + 1),
			   *cf = arena_printf(a, "sub_country_%zu", i + 1);
		if (!*name && !*country)
			continue;
		if ((rc = check_text(e, nf, name, 200, true)))
			return rc;
		if (!gdpr_country_name(country))
			return err_set1(e, ERR_INVALID, cf,
					N_("%s is not a country code of ISO 3166 (two capital letters, such as US)."),
					*country ? country : "–");
		(*subs)[(*n_subs)++] = (struct gdpr_subprocessor){ 0, 0, (int64_t)*n_subs + 1, name, country };
	}
	if ((rc = q_processor_name_taken(db, a, in->unit_id, row->name, before ? before->id : 0, &taken, e)))
		return rc;
	if (taken)
		return err_set(e, ERR_INVALID, "name", N_("The unit already keeps a processor with this name."));
	return 0;
}

static const char *snapshot(struct arena *a, int64_t id, int64_t version, const struct gdpr_processor_row *r,
			    const struct gdpr_subprocessor *subs, size_t n_subs)
{
	struct buf b;
	struct json j;
	buf_init(&b, a);
	json_init(&j, &b);
	json_obj_open(&j);
	json_kv_int(&j, "id", id);
	json_kv_int(&j, "unit_id", r->unit_id);
	json_kv_str(&j, "name", r->name);
	json_kv_str(&j, "org_number", r->org_number);
	json_kv_str(&j, "contact", r->contact);
	json_kv_str(&j, "country", r->country);
	json_key(&j, "subprocessors");
	json_arr_open(&j);
	for (size_t i = 0; i < n_subs; i++) {
		json_obj_open(&j);
		json_kv_str(&j, "name", subs[i].name);
		json_kv_str(&j, "country", subs[i].country);
		json_obj_close(&j);
	}
	json_arr_close(&j);
	json_kv_int(&j, "version", version);
	json_obj_close(&j);
	return b.data;
}

int processor_create(struct db *db, struct arena *a, const struct auth *auth, const struct gdpr_processor_input *in,
		     int64_t *id_out, struct err *e)
{
	struct gdpr_processor_row row;
	struct gdpr_subprocessor *subs;
	size_t n_subs;
	const char *path;
	char now[TIME_ISO_LEN];
	int64_t id = 0;
	int rc;

	time_now_iso(now);
	if ((rc = db_begin(db, e)))
		return rc;
	if (!(rc = check_clean(db, a, auth, in, NULL, &row, &subs, &n_subs, &path, e)) &&
	    !(rc = q_processor_insert(db, a, &row, now, &id, e)) &&
	    !(rc = q_processor_subs_set(db, a, id, subs, n_subs, e)))
		rc = audit_append(db, a, actor_of(auth), "processor", id, row.unit_id, "create", NULL,
				  snapshot(a, id, 1, &row, subs, n_subs), e);
	if (!rc && id_out)
		*id_out = id;
	return db_end(db, rc, e);
}

static const char *const conflict_msg =
	N_("Someone else has changed this processor since you opened it. Their version is shown; your changes are "
	   "kept in the form.");

int processor_update(struct db *db, struct arena *a, const struct auth *auth, const struct gdpr_processor *before,
		     int64_t version, const struct gdpr_processor_input *in, struct gdpr_processor *current,
		     struct err *e)
{
	struct gdpr_processor_row row,
		old = { before->unit_id, before->name, before->org_number, before->contact, before->country };
	struct gdpr_subprocessor *subs, *old_subs;
	size_t n_subs, n_old;
	const char *path;
	char now[TIME_ISO_LEN];
	int rc;

	time_now_iso(now);
	if (before->version != version)
		return version_conflict(current, before, sizeof(*before), e, conflict_msg);
	if ((rc = db_begin(db, e)))
		return rc;
	if (!(rc = check_clean(db, a, auth, in, before, &row, &subs, &n_subs, &path, e)) &&
	    !(rc = q_processor_subs(db, a, before->id, &old_subs, &n_old, e))) {
		rc = q_processor_update(db, a, before->id, version, &row, now, e);
		if (rc == ERR_CONFLICT) {
			if (current)
				q_processor_get(db, a, before->id, current, NULL);
			rc = err_set(e, ERR_CONFLICT, "version", conflict_msg);
		}
		if (!rc)
			rc = q_processor_subs_set(db, a, before->id, subs, n_subs, e);
		if (!rc)
			rc = audit_append(db, a, actor_of(auth), "processor", before->id, row.unit_id, "update",
					  snapshot(a, before->id, version, &old, old_subs, n_old),
					  snapshot(a, before->id, version + 1, &row, subs, n_subs), e);
	}
	return db_end(db, rc, e);
}

int processor_delete(struct db *db, struct arena *a, const struct auth *auth, const struct gdpr_processor *p,
		     struct err *e)
{
	struct gdpr_processor_row old = { p->unit_id, p->name, p->org_number, p->contact, p->country };
	const char **names;
	size_t n;
	int rc;

	if ((rc = db_begin(db, e)))
		return rc;
	rc = q_processor_users(db, a, p->id, &names, &n, e);
	if (!rc && n) {
		struct buf b;
		buf_init(&b, a);
		for (size_t i = 0; i < n; i++) {
			if (i)
				buf_adds(&b, ", ");
			buf_adds(&b, names[i]);
		}
		rc = err_set1(e, ERR_CONFLICT, "id",
			      N_("The processor is still used by these processing activities, so it is kept: %s."),
			      b.data);
	}
	if (!rc)
		rc = q_processor_delete(db, a, p->id, e);
	if (!rc)
		rc = audit_append(db, a, actor_of(auth), "processor", p->id, p->unit_id, "delete",
				  snapshot(a, p->id, p->version, &old, NULL, 0), NULL, e);
	return db_end(db, rc, e);
}

/* --- agreements and their files ----------------------------------------------------------- */

/* The accepted file types: extension, the type stored and served, and how the contents begin. */
static const struct {
	const char *ext;
	const char *type;
	const char *mime;
	const char *magic;
	size_t magic_len;
} file_types[] = {
	{ "pdf", "pdf", "application/pdf", "%PDF-", 5 },
	{ "docx", "docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "PK\x03\x04", 4 },
	{ "odt", "odt", "application/vnd.oasis.opendocument.text", "PK\x03\x04", 4 },
	{ "doc", "doc", "application/msword", "\xd0\xcf\x11\xe0", 4 },
	{ "png", "png", "image/png", "\x89PNG", 4 },
	{ "jpg", "jpeg", "image/jpeg", "\xff\xd8\xff", 3 },
	{ "jpeg", "jpeg", "image/jpeg", "\xff\xd8\xff", 3 },
	{ "txt", "txt", "text/plain; charset=utf-8", NULL, 0 },
};
#define N_FILE_TYPES (sizeof(file_types) / sizeof(file_types[0]))

const char *agreement_mime(const char *file_type)
{
	for (size_t i = 0; file_type && i < N_FILE_TYPES; i++)
		if (!strcmp(file_types[i].type, file_type))
			return file_types[i].mime;
	return "application/octet-stream";
}

/* The type of file @name with contents @data, or -1 when it is not one accepted (or they disagree). */
static int file_type(const char *name, const char *data, size_t len)
{
	const char *dot = strrchr(name, '.');
	if (!dot)
		return -1;
	for (size_t i = 0; i < N_FILE_TYPES; i++) {
		if (strcasecmp(dot + 1, file_types[i].ext))
			continue;
		if (file_types[i].magic) {
			if (len < file_types[i].magic_len || memcmp(data, file_types[i].magic, file_types[i].magic_len))
				return -1;
		} else if (!str_valid_utf8(data, len) || memchr(data, 0, len)) {
			return -1;
		}
		return (int)i;
	}
	return -1;
}

/* @name without a directory and with only safe characters, for Content-Disposition. */
static const char *safe_name(struct arena *a, const char *name)
{
	const char *base = name;
	char *s;
	for (const char *p = name; *p; p++)
		if (*p == '/' || *p == '\\')
			base = p + 1;
	s = arena_strdup(a, *base ? base : "avtal");
	for (char *p = s; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') || *p == '.' ||
		      *p == '-' || *p == '_'))
			*p = '_';
	return s;
}

int agreement_add(struct db *db, struct arena *a, const struct auth *auth, const struct gdpr_processor *p,
		  const struct gdpr_agreement_input *in, int64_t *id_out, struct err *e)
{
	struct gdpr_agreement g = { 0 };
	const char *base64 = NULL;
	char now[TIME_ISO_LEN];
	struct buf b;
	struct json j;
	int rc;

	time_now_iso(now);
	g.processor_id = p->id;
	g.signed_on = in->signed_on && *in->signed_on ? in->signed_on : NULL;
	g.expires_on = in->expires_on && *in->expires_on ? in->expires_on : NULL;
	g.case_ref = str_trim(arena_strdup(a, in->case_ref ? in->case_ref : ""));
	if ((rc = check_date(e, "signed_on", g.signed_on, true)) ||
	    (rc = check_date(e, "expires_on", g.expires_on, false)) ||
	    (rc = check_text(e, "case_ref", g.case_ref, 100, false)))
		return rc;
	if (g.expires_on && strcmp(g.expires_on, g.signed_on) < 0)
		return err_set(e, ERR_INVALID, "expires_on", N_("The agreement cannot expire before it was signed."));
	if (in->file_name && *in->file_name && in->file_len) {
		unsigned char hash[crypto_hash_sha256_BYTES];
		char hex[crypto_hash_sha256_BYTES * 2 + 1];
		size_t b64_len = sodium_base64_encoded_len(in->file_len, sodium_base64_VARIANT_ORIGINAL);
		char *b64;
		int k;
		if (in->file_len > GDPR_FILE_MAX)
			return err_set(e, ERR_INVALID, "file", N_("The file is too large: at most 900 kB."));
		if ((k = file_type(in->file_name, in->file_data, in->file_len)) < 0)
			return err_set(
				e, ERR_INVALID, "file",
				N_("Only PDF, Word (DOCX, DOC), OpenDocument text, PNG, JPEG and plain text files "
				   "can be attached, and the file must be what its name says."));
		crypto_hash_sha256(hash, (const unsigned char *)in->file_data, in->file_len);
		sodium_bin2hex(hex, sizeof(hex), hash, sizeof(hash));
		b64 = arena_alloc(a, b64_len);
		sodium_bin2base64(b64, b64_len, (const unsigned char *)in->file_data, in->file_len,
				  sodium_base64_VARIANT_ORIGINAL);
		base64 = b64;
		g.file_name = safe_name(a, in->file_name);
		g.file_type = file_types[k].type;
		g.file_size = (int64_t)in->file_len;
		g.file_sha256 = arena_strdup(a, hex);
	}
	g.created_at = now;
	if ((rc = db_begin(db, e)))
		return rc;
	rc = q_agreement_insert(db, a, &g, base64, actor_of(auth).id, now, &g.id, e);
	if (!rc) {
		buf_init(&b, a);
		json_init(&j, &b);
		agreement_json(&j, &g);
		rc = audit_append(db, a, actor_of(auth), "processor_agreement", g.id, p->unit_id, "create", NULL,
				  b.data, e);
	}
	if (!rc && id_out)
		*id_out = g.id;
	return db_end(db, rc, e);
}

int agreements_of(struct db *db, struct arena *a, int64_t processor_id, struct gdpr_agreement **out, size_t *n,
		  struct err *e)
{
	return q_agreements(db, a, processor_id, out, n, e);
}

int agreement_file(struct db *db, struct arena *a, const struct gdpr_agreement *g, const char **data, size_t *len,
		   struct err *e)
{
	const char *b64;
	unsigned char *bin;
	size_t cap, n = 0;
	int rc = q_agreement_file(db, a, g->id, &b64, e);
	if (rc == ERR_NOTFOUND)
		return err_set(e, ERR_NOTFOUND, "id", N_("The agreement has no file."));
	if (rc)
		return rc;
	cap = strlen(b64) / 4 * 3 + 3;
	bin = arena_alloc(a, cap);
	if (sodium_base642bin(bin, cap, b64, strlen(b64), NULL, &n, NULL, sodium_base64_VARIANT_ORIGINAL))
		return err_set(e, ERR_INTERNAL, NULL, N_("The stored file is damaged."));
	*data = (const char *)bin;
	*len = n;
	return 0;
}

void processor_json(struct json *j, const struct gdpr_processor *p, const char *today)
{
	const char *flag = processor_agreement_flag(p, today);
	json_obj_open(j);
	json_kv_int(j, "id", p->id);
	json_kv_int(j, "unit_id", p->unit_id);
	json_kv_str(j, "unit_name", p->unit_name);
	json_kv_str(j, "name", p->name);
	json_kv_str(j, "org_number", p->org_number);
	json_kv_str(j, "contact", p->contact);
	json_kv_str(j, "country", p->country);
	json_kv_int(j, "used_by", p->n_activities);
	json_key(j, "agreement");
	if (p->agreement_id) {
		json_obj_open(j);
		json_kv_int(j, "id", p->agreement_id);
		json_kv_str(j, "signed_on", p->signed_on);
		json_kv_str(j, "expires_on", p->expires_on);
		json_obj_close(j);
	} else {
		json_null_value(j);
	}
	json_kv_str(j, "agreement_flag",
		    !flag                              ? NULL
		    : !p->agreement_id                 ? "missing"
		    : strcmp(p->expires_on, today) < 0 ? "expired"
						       : "expiring");
	json_kv_int(j, "version", p->version);
	json_obj_close(j);
}

void agreement_json(struct json *j, const struct gdpr_agreement *g)
{
	json_obj_open(j);
	json_kv_int(j, "id", g->id);
	json_kv_int(j, "processor_id", g->processor_id);
	json_kv_str(j, "signed_on", g->signed_on);
	json_kv_str(j, "expires_on", g->expires_on);
	json_kv_str(j, "case_ref", g->case_ref);
	json_key(j, "file");
	if (g->file_name) {
		json_obj_open(j);
		json_kv_str(j, "name", g->file_name);
		json_kv_str(j, "type", g->file_type);
		json_kv_int(j, "size", g->file_size);
		json_kv_str(j, "sha256", g->file_sha256);
		json_obj_close(j);
	} else {
		json_null_value(j);
	}
	json_kv_str(j, "created_at", g->created_at);
	json_obj_close(j);
}
