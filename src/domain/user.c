/*
 * user.c - accounts, passwords and role assignments.
 *
 * Every write runs in one transaction with its audit entry: db_begin(), the
 * work in a *_in_tx() function, db_end(). The snapshots in the trail are
 * written with the JSON writer and built from what was stored (the record
 * before and the input), not read back.
 */
#include "domain/user.h"

#include <ctype.h>
#include <sodium.h>
#include <string.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/err.h"
#include "core/json.h"
#include "core/str.h"
#include "core/timeutil.h"
#include "db/db.h"
#include "db/q_auth.h"
#include "db/q_unit.h"
#include "db/q_user.h"
#include "domain/audit.h"
#include "domain/auth.h"
#include "domain/validate.h"

static bool fast_hash;

void user_set_fast_hash(bool fast)
{
	fast_hash = fast;
}

const char *user_hash_password(struct arena *a, const char *password)
{
	char *out = arena_alloc(a, crypto_pwhash_STRBYTES);
	unsigned long long ops = fast_hash ? crypto_pwhash_OPSLIMIT_MIN : crypto_pwhash_OPSLIMIT_INTERACTIVE;
	size_t mem = fast_hash ? crypto_pwhash_MEMLIMIT_MIN : crypto_pwhash_MEMLIMIT_INTERACTIVE;

	if (crypto_pwhash_str_alg(out, password, strlen(password), ops, mem, crypto_pwhash_ALG_ARGON2ID13) != 0)
		return NULL;
	return out;
}

bool user_check_password(const char *hash, const char *password)
{
	if (!hash || !password)
		return false;
	return crypto_pwhash_str_verify(hash, password, strlen(password)) == 0;
}

int user_check_password_policy(const char *password, struct err *e)
{
	size_t len = password ? strlen(password) : 0;
	if (!password || !str_valid_utf8(password, len))
		return err_set(e, ERR_INVALID, "password", N_("Enter a password."));
	if (str_utf8_len(password) < PASSWORD_MIN)
		return err_set(e, ERR_INVALID, "password", N_("The password must be at least 10 characters long."));
	if (len > PASSWORD_MAX)
		return err_set(e, ERR_INVALID, "password", N_("The password is too long (at most 256 bytes)."));
	return 0;
}

static int no_such_user(int rc, struct err *e)
{
	return rc == ERR_NOTFOUND ? err_set(e, ERR_NOTFOUND, "id", N_("No such user.")) : rc;
}

int user_get(struct db *db, struct arena *a, int64_t id, struct user *out, struct err *e)
{
	return no_such_user(q_user_get(db, a, id, out, e), e);
}

int user_get_by_username(struct db *db, struct arena *a, const char *username, struct user *out, struct err *e)
{
	return no_such_user(q_user_by_name(db, a, username, out, e), e);
}

int64_t user_viewer(const struct auth *auth)
{
	return !auth || authz_global(auth, ACCESS_ADMIN) ? 0 : auth->user_id;
}

int user_seen_by(struct db *db, struct arena *a, const struct auth *auth, struct user *u, struct err *e)
{
	int64_t viewer = user_viewer(auth);
	bool in_scope = true;
	int rc = viewer ? q_user_in_scope(db, a, viewer, u->id, &in_scope, e) : 0;

	if (!rc && !in_scope)
		u->email = "";
	return rc;
}

int user_get_as(struct db *db, struct arena *a, const struct auth *auth, int64_t id, struct user *out, struct err *e)
{
	int rc = user_get(db, a, id, out, e);
	return rc ? rc : user_seen_by(db, a, auth, out, e);
}

void user_filter_init(struct user_filter *f)
{
	*f = (struct user_filter){ 0 };
	f->active = -1;
}

const char *const user_filter_args[] = { "q", "active", "state", NULL };

int user_filter_parse(struct user_filter *f, const char *(*get)(void *ctx, const char *name), void *ctx, struct err *e)
{
	const char *v;
	int rc;

	f->q = filter_arg(get, ctx, "q");
	if ((rc = filter_bool(get, ctx, "active", &f->active, e)))
		return rc;
	if ((v = filter_arg(get, ctx, "state"))) {
		if (!strcmp(v, "active"))
			f->active = 1;
		else if (!strcmp(v, "inactive"))
			f->active = 0;
	}
	return 0;
}

int user_list(struct db *db, struct arena *a, const struct user_filter *f, struct user **out, size_t *n, int64_t *total,
	      struct err *e)
{
	return q_user_list(db, a, f, out, n, total, e);
}

const char *user_choice_label(struct arena *a, const char *display_name, const char *username)
{
	return arena_printf(a, "%s (%s)", display_name, username);
}

int user_find_text(struct db *db, struct arena *a, const char *text, int64_t *id, size_t *n_match, struct err *e)
{
	char *t = str_trim(arena_strdup(a, text ? text : ""));
	size_t len = strlen(t);
	struct user_filter f = { .active = 1, .limit = 1000, .q_whole = true };
	struct user u, *list;
	const char *folded;
	struct err ignored = { 0 }; /* "No such user": not an error here */
	size_t n;
	int rc;

	*id = 0;
	*n_match = 0;
	if (!*t)
		return 0;
	folded = str_fold(a, t);
	/* "Name (username)", as a suggestion reads and as a field shows the one chosen now, active or not. */
	if (t[len - 1] == ')' && strrchr(t, '(')) {
		char *open = strrchr(t, '(');
		const char *name = str_fold(a, arena_strndup(a, open + 1, (size_t)(t + len - 1 - (open + 1))));
		rc = user_get_by_username(db, a, name, &u, &ignored);
		if (rc == 0 && !strcmp(str_fold(a, user_choice_label(a, u.display_name, u.username)), folded)) {
			*id = u.id;
			*n_match = 1;
			return 0;
		}
		if (rc && rc != ERR_NOTFOUND) {
			*e = ignored;
			return rc;
		}
	}
	rc = user_get_by_username(db, a, folded, &u, &ignored);
	if (rc == 0 && u.active) {
		*id = u.id;
		*n_match = 1;
		return 0;
	}
	if (rc && rc != ERR_NOTFOUND) {
		*e = ignored;
		return rc;
	}
	/* A name: the active people called so, whole and without regard to case. */
	f.q = t;
	if ((rc = user_list(db, a, &f, &list, &n, NULL, e)))
		return rc;
	for (size_t i = 0; i < n; i++) {
		if (strcmp(str_fold(a, list[i].display_name), folded))
			continue;
		*id = list[i].id;
		(*n_match)++;
	}
	if (*n_match != 1)
		*id = 0;
	return 0;
}

struct user_input user_input_of(const struct user *u)
{
	struct user_input in = { 0 };
	in.username = u->username;
	in.display_name = u->display_name;
	in.email = u->email;
	in.lang = u->lang;
	in.active = u->active;
	return in;
}

void user_json(struct json *j, const struct user *u)
{
	json_obj_open(j);
	json_kv_int(j, "id", u->id);
	json_kv_str(j, "username", u->username);
	json_kv_str(j, "display_name", u->display_name);
	json_kv_str(j, "email", u->email);
	json_kv_str(j, "lang", u->lang);
	json_kv_bool(j, "active", u->active);
	json_kv_int(j, "version", u->version);
	json_kv_str(j, "created_at", u->created_at);
	json_kv_str(j, "updated_at", u->updated_at);
	json_obj_close(j);
}

static void write_user_json(struct json *j, const void *rec)
{
	user_json(j, rec);
}

const char *user_json_text(struct arena *a, const struct user *u)
{
	return json_text(a, write_user_json, u);
}

void grant_json(struct json *j, const struct role_grant *g)
{
	json_obj_open(j);
	json_kv_int(j, "id", g->id);
	json_kv_int(j, "user_id", g->user_id);
	json_kv_str(j, "username", g->username);
	json_kv_id(j, "unit_id", g->unit_id);
	json_kv_str(j, "unit_name", g->unit_name);
	json_kv_str(j, "role", role_name(role_parse(g->role)));
	json_kv_str(j, "created_at", g->created_at);
	json_obj_close(j);
}

static void write_grant_json(struct json *j, const void *rec)
{
	grant_json(j, rec);
}

static const char *grant_json_text(struct arena *a, const struct role_grant *g)
{
	return json_text(a, write_grant_json, g);
}

/* The snapshot of a language change: {"lang":"sv"}. */
static const char *lang_json_text(struct arena *a, const char *lang)
{
	struct buf b;
	struct json j;
	buf_init(&b, a);
	json_init(&j, &b);
	json_obj_open(&j);
	json_kv_str(&j, "lang", lang);
	json_obj_close(&j);
	return b.data;
}

static int check_username(const char *s, struct err *e)
{
	size_t len = s ? strlen(s) : 0;
	if (len < 2 || len > 64)
		return err_set(e, ERR_INVALID, "username", N_("The user name must be 2 to 64 characters long."));
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		if (!(islower(c) || isdigit(c) || c == '.' || c == '_' || c == '-' || c == '@'))
			return err_set(e, ERR_INVALID, "username",
				       N_("The user name may contain only lower-case letters a-z, digits and . _ - @"));
	}
	return 0;
}

const char *user_name_from(struct arena *a, const char *text)
{
	size_t n = strlen(text) > 64 ? 64 : strlen(text);
	char *u = arena_alloc(a, n + 1);

	for (size_t i = 0; i < n; i++) {
		char c = text[i];
		if (c >= 'A' && c <= 'Z')
			c = (char)(c - 'A' + 'a');
		u[i] = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-' || c == '@'
			       ? c
			       : '-';
	}
	u[n] = '\0';
	return u;
}

static bool lang_ok(const char *lang)
{
	return lang && strlen(lang) == 2 && lang_parse(lang) >= 0;
}

static int check_user_input(const struct user_input *in, struct err *e)
{
	int rc;
	if ((rc = check_text(e, "display_name", in->display_name, 200, true)) ||
	    (rc = check_text(e, "email", in->email, 254, false)))
		return rc;
	if (in->email && *in->email && !strchr(in->email, '@'))
		return err_set(e, ERR_INVALID, "email", N_("Enter an e-mail address such as name@example.se."));
	if (!lang_ok(in->lang))
		return err_set(e, ERR_INVALID, "lang", N_("Choose Swedish (sv) or English (en)."));
	return 0;
}

static int create_in_tx(struct db *db, struct arena *a, const struct auth *auth, const struct user_input *in,
			const char *hash, int64_t *id_out, struct err *e)
{
	struct user created = { 0 };
	char now[TIME_ISO_LEN];
	int rc;

	time_now_iso(now);
	rc = q_user_insert(db, a, in, hash, now, &created.id, e);
	if (rc == ERR_EXISTS)
		return err_set(e, ERR_EXISTS, "username", N_("That user name is already taken."));
	if (rc)
		return rc;
	/* What was stored: the input, active, at version 1. */
	created.username = in->username;
	created.display_name = in->display_name;
	created.email = in->email;
	created.lang = in->lang;
	created.active = true;
	created.version = 1;
	created.created_at = created.updated_at = created.password_changed_at = now;
	if ((rc = audit_append(db, a, actor_of(auth), "user", created.id, 0, "create", NULL,
			       user_json_text(a, &created), e)))
		return rc;
	if (id_out)
		*id_out = created.id;
	return 0;
}

/* The checked, trimmed input and the password's hash: what user_create() and user_create_in_tx() store. */
static int create_prepare(struct arena *a, const struct user_input *raw, const char *password, struct user_input *out,
			  const char **hash, struct err *e)
{
	struct user_input in = *raw;
	int rc;

	in.username = text_trimmed(a, raw->username);
	in.display_name = text_trimmed(a, raw->display_name);
	in.email = text_trimmed(a, raw->email);
	if (!in.lang || !*in.lang)
		in.lang = "sv";
	if ((rc = check_username(in.username, e)) || (rc = check_user_input(&in, e)) ||
	    (rc = user_check_password_policy(password, e)))
		return rc;
	if (!(*hash = user_hash_password(a, password)))
		return err_set(e, ERR_INTERNAL, NULL, N_("The password could not be hashed."));
	*out = in;
	return 0;
}

int user_create_in_tx(struct db *db, struct arena *a, const struct auth *auth, const struct user_input *raw,
		      const char *password, int64_t *id_out, struct err *e)
{
	struct user_input in;
	const char *hash;
	int rc = create_prepare(a, raw, password, &in, &hash, e);
	return rc ? rc : create_in_tx(db, a, auth, &in, hash, id_out, e);
}

int user_create(struct db *db, struct arena *a, const struct auth *auth, const struct user_input *raw,
		const char *password, int64_t *id_out, struct err *e)
{
	struct user_input in;
	const char *hash;
	int rc;

	if ((rc = create_prepare(a, raw, password, &in, &hash, e)))
		return rc;
	if ((rc = db_begin(db, e)))
		return rc;
	return db_end(db, create_in_tx(db, a, auth, &in, hash, id_out, e), e);
}

/* Is user @id the last active installation-wide administrator? */
static int last_global_admin(struct db *db, struct arena *a, int64_t id, bool *last, struct err *e)
{
	struct role_grant *g;
	size_t n;
	int64_t admins;
	int rc;

	*last = false;
	if ((rc = q_user_grants(db, a, id, &g, &n, e)) || (rc = q_user_global_admins(db, a, &admins, e)))
		return rc;
	for (size_t i = 0; i < n; i++)
		if (g[i].unit_id == 0 && role_parse(g[i].role) == ROLE_ADMIN)
			*last = admins <= 1;
	return 0;
}

static const char *const conflict_msg = N_(
	"Someone else has changed this user since you opened it. Their version is shown; your changes are kept in the form.");

static int update_in_tx(struct db *db, struct arena *a, const struct auth *auth, const struct user *before,
			int64_t version, const struct user_input *in, struct user *current, struct err *e)
{
	struct user after = *before;
	char now[TIME_ISO_LEN];
	bool last;
	int rc;

	time_now_iso(now);
	if (before->version != version)
		return version_conflict(current, before, sizeof(*before), e, conflict_msg);
	if (before->active && !in->active) {
		if ((rc = last_global_admin(db, a, before->id, &last, e)))
			return rc;
		if (last)
			return err_set(
				e, ERR_INVALID, "active",
				N_("This is the last administrator of the installation and cannot be deactivated."));
	}
	rc = q_user_update(db, a, before->id, version, in, now, e);
	if (rc == ERR_CONFLICT) /* changed since @before was read: show the stored one */
		return version_lost(current ? user_get(db, a, before->id, current, e) : 0, e, conflict_msg);
	if (rc)
		return rc;
	if (!in->active && (rc = q_auth_session_delete_user(db, a, before->id, 0, e)))
		return rc;
	/* What was stored is @before changed by @in: no need to read it back. */
	after.display_name = in->display_name;
	after.email = in->email;
	after.lang = in->lang;
	after.active = in->active;
	after.version = before->version + 1;
	after.updated_at = now;
	if ((rc = audit_append(db, a, actor_of(auth), "user", before->id, 0, "update", user_json_text(a, before),
			       user_json_text(a, &after), e)))
		return rc;
	return auth_changed_in_tx(db, a, e); /* name, language, active: what signed-in requests show */
}

int user_update_in_tx(struct db *db, struct arena *a, const struct auth *auth, const struct user *before,
		      const struct user_input *raw, struct err *e)
{
	struct user_input in = *raw;
	int rc;

	in.display_name = text_trimmed(a, raw->display_name);
	in.email = text_trimmed(a, raw->email);
	if ((rc = check_user_input(&in, e)))
		return rc;
	return update_in_tx(db, a, auth, before, before->version, &in, NULL, e);
}

int user_update(struct db *db, struct arena *a, const struct auth *auth, const struct user *before, int64_t version,
		const struct user_input *raw, struct user *current, struct err *e)
{
	struct user_input in = *raw;
	int rc;

	in.display_name = text_trimmed(a, raw->display_name);
	in.email = text_trimmed(a, raw->email);
	if ((rc = check_user_input(&in, e)) || (rc = db_begin(db, e)))
		return rc;
	return db_end(db, update_in_tx(db, a, auth, before, version, &in, current, e), e);
}

static int set_lang_in_tx(struct db *db, struct arena *a, const struct auth *auth, int64_t id, const char *lang,
			  struct err *e)
{
	char now[TIME_ISO_LEN];
	int rc;

	time_now_iso(now);
	if ((rc = no_such_user(q_user_set_lang(db, a, id, lang, now, e), e)))
		return rc;
	if ((rc = audit_append(db, a, actor_of(auth), "user", id, 0, "set_language", NULL, lang_json_text(a, lang), e)))
		return rc;
	return auth_changed_in_tx(db, a, e);
}

int user_set_lang(struct db *db, struct arena *a, const struct auth *auth, int64_t id, const char *lang, struct err *e)
{
	int rc;

	if (!lang_ok(lang))
		return err_set(e, ERR_INVALID, "lang", N_("Choose Swedish (sv) or English (en)."));
	lang = lang_code((enum lang)lang_parse(lang));
	if ((rc = db_begin(db, e)))
		return rc;
	return db_end(db, set_lang_in_tx(db, a, auth, id, lang, e), e);
}

static int set_password_in_tx(struct db *db, struct arena *a, const struct auth *auth, int64_t id, const char *hash,
			      int64_t keep_session, int *n_revoked, struct err *e)
{
	struct user before, after;
	char now[TIME_ISO_LEN];
	int rc;

	time_now_iso(now);
	if ((rc = user_get(db, a, id, &before, e)) ||
	    (rc = no_such_user(q_user_set_password(db, a, id, hash, now, e), e)) ||
	    (rc = q_auth_session_delete_user(db, a, id, keep_session, e)))
		return rc;
	after = before;
	after.updated_at = after.password_changed_at = now;
	if ((rc = audit_append(db, a, actor_of(auth), "user", id, 0, "set_password", user_json_text(a, &before),
			       user_json_text(a, &after), e)))
		return rc;
	/* A token made with the old password must not outlive it. */
	if ((rc = token_revoke_all_in_tx(db, a, auth, id, n_revoked, e)))
		return rc;
	return auth_changed_in_tx(db, a, e);
}

int user_set_password(struct db *db, struct arena *a, const struct auth *auth, int64_t id, const char *new_password,
		      int64_t keep_session, int *n_revoked, struct err *e)
{
	const char *hash;
	int rc;

	if (n_revoked)
		*n_revoked = 0;
	if ((rc = user_check_password_policy(new_password, e)))
		return rc;
	hash = user_hash_password(a, new_password);
	if (!hash)
		return err_set(e, ERR_INTERNAL, NULL, N_("The password could not be hashed."));
	if ((rc = db_begin(db, e)))
		return rc;
	rc = db_end(db, set_password_in_tx(db, a, auth, id, hash, keep_session, n_revoked, e), e);
	if (rc && n_revoked)
		*n_revoked = 0;
	return rc;
}

int user_grants(struct db *db, struct arena *a, int64_t user_id, struct role_grant **out, size_t *n, struct err *e)
{
	return q_user_grants(db, a, user_id, out, n, e);
}

int unit_grants(struct db *db, struct arena *a, int64_t unit_id, struct role_grant **out, size_t *n, struct err *e)
{
	return q_user_unit_grants(db, a, unit_id, out, n, e);
}

int grant_get(struct db *db, struct arena *a, int64_t id, struct role_grant *out, struct err *e)
{
	int rc = q_user_grant_get(db, a, id, out, e);
	return rc == ERR_NOTFOUND ? err_set(e, ERR_NOTFOUND, "id", N_("No such role assignment.")) : rc;
}

int grant_scope(struct db *db, struct arena *a, int64_t id, struct scope *s, struct err *e)
{
	struct role_grant *g = arena_calloc(a, 1, sizeof(*g));
	int rc = grant_get(db, a, id, g, e);
	if (rc)
		return rc;
	*s = (struct scope){ "role_grant", g, g->unit_id, g->unit_id ? g->unit_path : NULL, 0 };
	return 0;
}

bool grant_visible(const struct auth *auth, const struct role_grant *g)
{
	return g->unit_id == 0 || authz_in_scope(auth, ACCESS_READ, g->unit_path);
}

bool grant_may_remove(const struct auth *auth, const struct role_grant *g)
{
	return g->unit_id == 0 ? authz_global(auth, ACCESS_ADMIN) : authz_in_scope(auth, ACCESS_ADMIN, g->unit_path);
}

int grant_add_in_tx(struct db *db, struct arena *a, const struct auth *auth, int64_t user_id, int64_t unit_id,
		    const char *role, int64_t *id_out, struct err *e)
{
	enum role r;
	struct role_grant *have, created = { 0 };
	struct user u;
	struct unit unit = { 0 };
	char now[TIME_ISO_LEN];
	size_t n;
	int rc;

	if ((rc = user_get(db, a, user_id, &u, e)))
		return rc;
	if ((r = role_parse(role)) == ROLE_NONE)
		return err_set(e, ERR_INVALID, "role", N_("Choose a role."));
	if (unit_id) {
		rc = q_unit_get(db, a, unit_id, &unit, e);
		if (rc == ERR_NOTFOUND)
			return err_set(e, ERR_INVALID, "unit_id", N_("No such unit."));
		if (rc)
			return rc;
	}
	/* Only an administrator of the unit (of the installation, for 0) grants a role there. */
	if (!authz_may_reference(auth, ACCESS_ADMIN, unit_id ? unit.path : NULL, 0))
		return err_set(e, ERR_FORBIDDEN, "unit_id", N_("Your roles do not give access to this unit."));
	if ((rc = q_user_grants(db, a, user_id, &have, &n, e)))
		return rc;
	for (size_t i = 0; i < n; i++)
		if (have[i].unit_id == unit_id && role_parse(have[i].role) == r)
			return err_set(e, ERR_EXISTS, "role", N_("The user already has this role there."));
	time_now_iso(now);
	if ((rc = q_user_grant_insert(db, a, user_id, unit_id, role_name(r), now, actor_of(auth).id, &created.id, e)))
		return rc;
	created.user_id = user_id;
	created.username = u.username;
	created.unit_id = unit_id;
	created.unit_name = unit_id ? unit.name : NULL;
	created.unit_path = unit_id ? unit.path : NULL;
	created.role = role_name(r);
	created.created_at = now;
	if ((rc = audit_append(db, a, actor_of(auth), "role_assignment", created.id, unit_id, "create", NULL,
			       grant_json_text(a, &created), e)) ||
	    (rc = auth_changed_in_tx(db, a, e)))
		return rc;
	if (id_out)
		*id_out = created.id;
	return 0;
}

int grant_add(struct db *db, struct arena *a, const struct auth *auth, int64_t user_id, int64_t unit_id,
	      const char *role, int64_t *id_out, struct err *e)
{
	int rc = db_begin(db, e);
	if (rc)
		return rc;
	return db_end(db, grant_add_in_tx(db, a, auth, user_id, unit_id, role, id_out, e), e);
}

static int grant_remove_in_tx(struct db *db, struct arena *a, const struct auth *auth, const struct role_grant *g,
			      struct err *e)
{
	int64_t admins;
	int rc;

	if (g->unit_id == 0 && role_parse(g->role) == ROLE_ADMIN) {
		if ((rc = q_user_global_admins(db, a, &admins, e)))
			return rc;
		if (admins <= 1)
			return err_set(
				e, ERR_INVALID, "role",
				N_("This is the last administrator of the installation; grant the role to someone else first."));
	}
	rc = q_user_grant_delete(db, a, g->id, e);
	if (rc == ERR_NOTFOUND)
		return err_set(e, ERR_NOTFOUND, "id", N_("No such role assignment."));
	if (rc)
		return rc;
	if ((rc = audit_append(db, a, actor_of(auth), "role_assignment", g->id, g->unit_id, "delete",
			       grant_json_text(a, g), NULL, e)))
		return rc;
	return auth_changed_in_tx(db, a, e);
}

int grant_remove(struct db *db, struct arena *a, const struct auth *auth, const struct role_grant *g, struct err *e)
{
	int rc = db_begin(db, e);
	if (rc)
		return rc;
	return db_end(db, grant_remove_in_tx(db, a, auth, g, e), e);
}
