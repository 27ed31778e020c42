/*
 * user.c - accounts, passwords and role assignments.
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
#include "db/q_scope.h"
#include "db/q_user.h"
#include "domain/audit.h"
#include "domain/auth.h"
#include "domain/unit.h"
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

static void user_from_row(const struct db_rows *r, size_t i, struct user *u)
{
	u->id = rows_int(r, i, USC_ID);
	u->username = rows_text(r, i, USC_USERNAME);
	u->display_name = rows_text(r, i, USC_DISPLAY);
	u->email = rows_text(r, i, USC_EMAIL);
	u->lang = rows_text(r, i, USC_LANG);
	u->active = rows_bool(r, i, USC_ACTIVE);
	u->version = rows_int(r, i, USC_VERSION);
	u->created_at = rows_text(r, i, USC_CREATED);
	u->updated_at = rows_text(r, i, USC_UPDATED);
	u->password_changed_at = rows_text(r, i, USC_PW_CHANGED);
}

static int user_one(struct db *db, struct arena *a, const struct db_query *q, struct db_arg arg, struct user *out,
		    struct err *e)
{
	struct db_rows rows;
	int rc = db_run(db, a, q, &arg, 1, &rows, e);
	if (rc)
		return rc;
	if (rows.n_rows == 0)
		return err_set(e, ERR_NOTFOUND, "id", N_("No such user."));
	user_from_row(&rows, 0, out);
	return 0;
}

int user_get(struct db *db, struct arena *a, int64_t id, struct user *out, struct err *e)
{
	return user_one(db, a, &Q_USER_GET, DB_INT(id), out, e);
}

int user_get_by_username(struct db *db, struct arena *a, const char *username, struct user *out, struct err *e)
{
	return user_one(db, a, &Q_USER_BY_NAME, DB_TEXT(username), out, e);
}

int user_list(struct db *db, struct arena *a, const struct user_filter *f, struct user **out, size_t *n, int64_t *total,
	      struct err *e)
{
	struct db_rows rows, cnt;
	const char *like = db_like_contains(a, f->q);
	const char *exact = f->viewer_id && f->q && *f->q ? f->q : NULL;
	int64_t limit = f->limit > 0 && f->limit <= 1000 ? f->limit : 100;
	int rc;

	rc = db_run(db, a, &Q_USER_COUNT,
		    DB_ARGS(DB_TEXT(like), DB_INT(f->active), DB_INT(f->viewer_id), DB_TEXT(exact)), &cnt, e);
	if (rc)
		return rc;
	if (total)
		*total = rows_int(&cnt, 0, 0);
	rc = db_run(db, a, &Q_USER_LIST,
		    DB_ARGS(DB_TEXT(like), DB_INT(f->active), DB_INT(limit), DB_INT(f->offset > 0 ? f->offset : 0),
			    DB_INT(f->viewer_id), DB_TEXT(exact)),
		    &rows, e);
	if (rc)
		return rc;
	*out = arena_calloc(a, rows.n_rows ? rows.n_rows : 1, sizeof(**out));
	for (size_t i = 0; i < rows.n_rows; i++)
		user_from_row(&rows, i, &(*out)[i]);
	*n = rows.n_rows;
	return 0;
}

int user_in_scope(struct db *db, struct arena *a, int64_t viewer_id, int64_t user_id, bool *out, struct err *e)
{
	struct db_rows rows;
	int rc;

	*out = viewer_id == 0;
	if (viewer_id == 0)
		return 0;
	rc = db_run(db, a, &Q_USER_VISIBLE, DB_ARGS(DB_INT(viewer_id), DB_INT(user_id)), &rows, e);
	if (!rc)
		*out = rows_int(&rows, 0, 0) > 0;
	return rc;
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

const char *user_json_text(struct arena *a, const struct user *u)
{
	struct buf b;
	struct json j;
	buf_init(&b, a);
	json_init(&j, &b);
	user_json(&j, u);
	return b.data;
}

void grant_json(struct json *j, const struct role_grant *g)
{
	json_obj_open(j);
	json_kv_int(j, "id", g->id);
	json_kv_int(j, "user_id", g->user_id);
	json_kv_str(j, "username", g->username);
	json_kv_id(j, "unit_id", g->unit_id);
	json_kv_str(j, "unit_name", g->unit_name);
	json_kv_str(j, "role", role_name(g->role));
	json_kv_str(j, "created_at", g->created_at);
	json_obj_close(j);
}

static const char *grant_json_text(struct arena *a, const struct role_grant *g)
{
	struct buf b;
	struct json j;
	buf_init(&b, a);
	json_init(&j, &b);
	grant_json(&j, g);
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

static int check_user_input(const struct user_input *in, struct err *e)
{
	int rc;
	if ((rc = check_text(e, "display_name", in->display_name, 200, true)) ||
	    (rc = check_text(e, "email", in->email, 254, false)))
		return rc;
	if (in->email && *in->email && !strchr(in->email, '@'))
		return err_set(e, ERR_INVALID, "email", N_("Enter an e-mail address such as name@example.se."));
	if (!in->lang || lang_parse(in->lang) < 0 || strlen(in->lang) != 2)
		return err_set(e, ERR_INVALID, "lang", N_("Choose Swedish (sv) or English (en)."));
	return 0;
}

int user_create(struct db *db, struct arena *a, const struct auth *auth, const struct user_input *raw,
		const char *password, int64_t *id_out, struct err *e)
{
	struct actor actor = actor_of(auth);
	struct user_input in = *raw;
	struct user created;
	struct db_rows rows;
	char now[TIME_ISO_LEN];
	const char *hash;
	int rc;

	in.username = str_trim(arena_strdup(a, raw->username ? raw->username : ""));
	in.display_name = str_trim(arena_strdup(a, raw->display_name ? raw->display_name : ""));
	in.email = str_trim(arena_strdup(a, raw->email ? raw->email : ""));
	if (!in.lang || !*in.lang)
		in.lang = "sv";
	if ((rc = check_username(in.username, e)) || (rc = check_user_input(&in, e)) ||
	    (rc = user_check_password_policy(password, e)))
		return rc;
	hash = user_hash_password(a, password);
	if (!hash)
		return err_set(e, ERR_INTERNAL, NULL, N_("The password could not be hashed."));
	time_now_iso(now);
	rc = db_begin(db, e);
	if (rc)
		return rc;
	rc = db_run(db, a, &Q_USER_INSERT,
		    DB_ARGS(DB_TEXT(in.username), DB_TEXT(in.display_name), DB_TEXT(in.email), DB_TEXT(hash),
			    DB_TEXT(in.lang), DB_TEXT(now)),
		    &rows, e);
	if (rc == ERR_EXISTS)
		rc = err_set(e, ERR_EXISTS, "username", N_("That user name is already taken."));
	if (rc)
		goto out;
	rc = user_get(db, a, rows_int(&rows, 0, 0), &created, e);
	if (rc)
		goto out;
	rc = audit_append(db, a, actor, "user", created.id, 0, "create", NULL, user_json_text(a, &created), e);
	if (rc)
		goto out;
	rc = db_commit(db, e);
	if (!rc && id_out)
		*id_out = created.id;
out:
	if (rc)
		db_rollback(db);
	return rc;
}

static int global_admins(struct db *db, struct arena *a, int64_t *n, struct err *e)
{
	struct db_rows rows;
	int rc = db_run(db, a, &Q_GLOBAL_ADMINS, NULL, 0, &rows, e);
	if (!rc)
		*n = rows_int(&rows, 0, 0);
	return rc;
}

static bool is_global_admin(const struct role_grant *g, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (g[i].unit_id == 0 && g[i].role == ROLE_ADMIN)
			return true;
	return false;
}

int user_update(struct db *db, struct arena *a, const struct auth *auth, int64_t id, int64_t version,
		const struct user_input *raw, struct user *current, struct err *e)
{
	struct actor actor = actor_of(auth);
	struct user_input in = *raw;
	struct user before, after;
	struct db_rows rows;
	char now[TIME_ISO_LEN];
	int rc;

	in.display_name = str_trim(arena_strdup(a, raw->display_name ? raw->display_name : ""));
	in.email = str_trim(arena_strdup(a, raw->email ? raw->email : ""));
	rc = check_user_input(&in, e);
	if (rc)
		return rc;
	time_now_iso(now);
	rc = db_begin(db, e);
	if (rc)
		return rc;
	rc = user_get(db, a, id, &before, e);
	if (rc)
		goto out;
	if (before.version != version) {
		if (current)
			*current = before;
		rc = err_set(
			e, ERR_CONFLICT, "version",
			N_("Someone else has changed this user since you opened it. Their version is shown; your changes are kept in the form."));
		goto out;
	}
	if (before.active && !in.active) {
		struct role_grant *g;
		size_t n;
		int64_t admins;
		if ((rc = user_grants(db, a, id, &g, &n, e)) || (rc = global_admins(db, a, &admins, e)))
			goto out;
		if (is_global_admin(g, n) && admins <= 1) {
			rc = err_set(
				e, ERR_INVALID, "active",
				N_("This is the last administrator of the installation and cannot be deactivated."));
			goto out;
		}
	}
	rc = db_run(db, a, &Q_USER_UPDATE,
		    DB_ARGS(DB_INT(id), DB_INT(version), DB_TEXT(in.display_name), DB_TEXT(in.email), DB_TEXT(in.lang),
			    DB_INT(in.active ? 1 : 0), DB_TEXT(now)),
		    &rows, e);
	if (rc)
		goto out;
	if (rows.changes == 0) {
		if (current)
			user_get(db, a, id, current, NULL);
		rc = err_set(
			e, ERR_CONFLICT, "version",
			N_("Someone else has changed this user since you opened it. Their version is shown; your changes are kept in the form."));
		goto out;
	}
	if (!in.active) {
		rc = db_run(db, a, &Q_SESSION_DELETE_USER, DB_ARGS(DB_INT(id), DB_INT(0)), NULL, e);
		if (rc)
			goto out;
	}
	rc = user_get(db, a, id, &after, e);
	if (rc)
		goto out;
	rc = audit_append(db, a, actor, "user", id, 0, "update", user_json_text(a, &before), user_json_text(a, &after),
			  e);
	if (rc)
		goto out;
	rc = db_commit(db, e);
out:
	if (rc)
		db_rollback(db);
	return rc;
}

int user_set_lang(struct db *db, struct arena *a, const struct auth *auth, int64_t id, const char *lang, struct err *e)
{
	struct actor actor = actor_of(auth);
	char now[TIME_ISO_LEN];
	struct db_rows rows;
	int rc;

	if (!lang || strlen(lang) != 2 || lang_parse(lang) < 0)
		return err_set(e, ERR_INVALID, "lang", N_("Choose Swedish (sv) or English (en)."));
	time_now_iso(now);
	rc = db_begin(db, e);
	if (rc)
		return rc;
	rc = db_run(db, a, &Q_USER_SET_LANG, DB_ARGS(DB_INT(id), DB_TEXT(lang), DB_TEXT(now)), &rows, e);
	if (!rc && rows.changes == 0)
		rc = err_set(e, ERR_NOTFOUND, "id", N_("No such user."));
	if (!rc)
		rc = audit_append(db, a, actor, "user", id, 0, "set_language", NULL,
				  arena_printf(a, "{\"lang\":\"%s\"}", lang_code((enum lang)lang_parse(lang))), e);
	if (!rc)
		rc = db_commit(db, e);
	if (rc)
		db_rollback(db);
	return rc;
}

int user_set_password(struct db *db, struct arena *a, const struct auth *auth, int64_t id, const char *new_password,
		      int64_t keep_session, int *n_revoked, struct err *e)
{
	struct actor actor = actor_of(auth);
	struct user before, after;
	struct db_rows rows;
	char now[TIME_ISO_LEN];
	const char *hash;
	int rc;

	if (n_revoked)
		*n_revoked = 0;
	rc = user_check_password_policy(new_password, e);
	if (rc)
		return rc;
	hash = user_hash_password(a, new_password);
	if (!hash)
		return err_set(e, ERR_INTERNAL, NULL, N_("The password could not be hashed."));
	time_now_iso(now);
	rc = db_begin(db, e);
	if (rc)
		return rc;
	rc = user_get(db, a, id, &before, e);
	if (!rc)
		rc = db_run(db, a, &Q_USER_SET_HASH, DB_ARGS(DB_INT(id), DB_TEXT(hash), DB_TEXT(now)), &rows, e);
	if (!rc && rows.changes == 0)
		rc = err_set(e, ERR_NOTFOUND, "id", N_("No such user."));
	if (!rc)
		rc = db_run(db, a, &Q_SESSION_DELETE_USER, DB_ARGS(DB_INT(id), DB_INT(keep_session)), NULL, e);
	if (!rc)
		rc = user_get(db, a, id, &after, e);
	if (!rc)
		rc = audit_append(db, a, actor, "user", id, 0, "set_password", user_json_text(a, &before),
				  user_json_text(a, &after), e);
	/* A token made with the old password must not outlive it. */
	if (!rc)
		rc = token_revoke_all(db, a, auth, id, n_revoked, e);
	if (!rc)
		rc = db_commit(db, e);
	if (rc) {
		db_rollback(db);
		if (n_revoked)
			*n_revoked = 0;
	}
	return rc;
}

static void grant_from_row(const struct db_rows *r, size_t i, struct role_grant *g)
{
	g->id = rows_int(r, i, GC_ID);
	g->user_id = rows_int(r, i, GC_USER);
	g->username = rows_text(r, i, GC_USERNAME);
	g->unit_id = rows_int(r, i, GC_UNIT);
	g->unit_name = rows_text(r, i, GC_UNIT_NAME);
	g->unit_path = rows_text(r, i, GC_UNIT_PATH);
	g->role = role_parse(rows_text(r, i, GC_ROLE));
	g->created_at = rows_text(r, i, GC_CREATED);
}

static int grants_query(struct db *db, struct arena *a, const struct db_query *q, int64_t id, struct role_grant **out,
			size_t *n, struct err *e)
{
	struct db_rows rows;
	int rc = db_run(db, a, q, DB_ARGS(DB_INT(id)), &rows, e);
	if (rc)
		return rc;
	*out = arena_calloc(a, rows.n_rows ? rows.n_rows : 1, sizeof(**out));
	for (size_t i = 0; i < rows.n_rows; i++)
		grant_from_row(&rows, i, &(*out)[i]);
	*n = rows.n_rows;
	return 0;
}

int user_grants(struct db *db, struct arena *a, int64_t user_id, struct role_grant **out, size_t *n, struct err *e)
{
	return grants_query(db, a, &Q_GRANTS_OF_USER, user_id, out, n, e);
}

int unit_grants(struct db *db, struct arena *a, int64_t unit_id, struct role_grant **out, size_t *n, struct err *e)
{
	return grants_query(db, a, &Q_GRANTS_ON_UNIT, unit_id, out, n, e);
}

int grant_get(struct db *db, struct arena *a, int64_t id, struct role_grant *out, struct err *e)
{
	struct role_grant *g;
	size_t n;
	int rc = grants_query(db, a, &Q_GRANT_GET, id, &g, &n, e);
	if (rc)
		return rc;
	if (n == 0)
		return err_set(e, ERR_NOTFOUND, "id", N_("No such role assignment."));
	*out = g[0];
	return 0;
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

int grant_add(struct db *db, struct arena *a, const struct auth *auth, int64_t user_id, int64_t unit_id,
	      const char *role, int64_t *id_out, struct err *e)
{
	struct actor actor = actor_of(auth);
	enum role r = role_parse(role);
	struct role_grant *have, created;
	struct user u;
	struct unit unit;
	struct db_rows rows;
	char now[TIME_ISO_LEN];
	size_t n;
	int rc;

	if (r == ROLE_NONE)
		return err_set(e, ERR_INVALID, "role", N_("Choose a role."));
	time_now_iso(now);
	rc = db_begin(db, e);
	if (rc)
		return rc;
	rc = user_get(db, a, user_id, &u, e);
	if (rc == ERR_NOTFOUND)
		rc = err_set(e, ERR_INVALID, "user_id", N_("No such user."));
	if (rc)
		goto out;
	if (unit_id) {
		rc = unit_get(db, a, unit_id, &unit, e);
		if (rc == ERR_NOTFOUND)
			rc = err_set(e, ERR_INVALID, "unit_id", N_("No such unit."));
		if (rc)
			goto out;
	}
	rc = user_grants(db, a, user_id, &have, &n, e);
	if (rc)
		goto out;
	for (size_t i = 0; i < n; i++)
		if (have[i].unit_id == unit_id && have[i].role == r) {
			rc = err_set(e, ERR_EXISTS, "role", N_("The user already has this role there."));
			goto out;
		}
	rc = db_run(db, a, &Q_GRANT_INSERT,
		    DB_ARGS(DB_INT(user_id), DB_ID(unit_id), DB_TEXT(role_name(r)), DB_TEXT(now), DB_ID(actor.id)),
		    &rows, e);
	if (rc)
		goto out;
	rc = grant_get(db, a, rows_int(&rows, 0, 0), &created, e);
	if (rc)
		goto out;
	rc = audit_append(db, a, actor, "role_assignment", created.id, unit_id, "create", NULL,
			  grant_json_text(a, &created), e);
	if (rc)
		goto out;
	rc = db_commit(db, e);
	if (!rc && id_out)
		*id_out = created.id;
out:
	if (rc)
		db_rollback(db);
	return rc;
}

int grant_remove(struct db *db, struct arena *a, const struct auth *auth, int64_t grant_id, struct err *e)
{
	struct actor actor = actor_of(auth);
	struct role_grant g;
	int64_t admins;
	int rc;

	rc = db_begin(db, e);
	if (rc)
		return rc;
	rc = grant_get(db, a, grant_id, &g, e);
	if (rc)
		goto out;
	if (g.unit_id == 0 && g.role == ROLE_ADMIN) {
		rc = global_admins(db, a, &admins, e);
		if (rc)
			goto out;
		if (admins <= 1) {
			rc = err_set(
				e, ERR_INVALID, "role",
				N_("This is the last administrator of the installation; grant the role to someone else first."));
			goto out;
		}
	}
	rc = db_run(db, a, &Q_GRANT_DELETE, DB_ARGS(DB_INT(grant_id)), NULL, e);
	if (rc)
		goto out;
	rc = audit_append(db, a, actor, "role_assignment", g.id, g.unit_id, "delete", grant_json_text(a, &g), NULL, e);
	if (rc)
		goto out;
	rc = db_commit(db, e);
out:
	if (rc)
		db_rollback(db);
	return rc;
}
