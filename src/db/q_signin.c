/*
 * q_signin.c - SQL of identity providers, sign-ins under way, second
 * factors, directory links and the sign-in settings, and the typed
 * functions that run it.
 */
#include "db/q_signin.h"

#include "core/arena.h"
#include "core/err.h"
#include "db/db.h"
#include "db/q_scope.h"

enum provider_col {
	PC_ID,
	PC_SLUG,
	PC_NAME,
	PC_ISSUER,
	PC_CLIENT,
	PC_SECRET,
	PC_SCOPES,
	PC_CLAIM_ID,
	PC_CLAIM_NAME,
	PC_CLAIM_EMAIL,
	PC_CREATE,
	PC_ENABLED,
	PC_VERSION,
	PC_CREATED,
	PC_UPDATED,
	PC_CLAIM_GROUPS
};

#define PROVIDER_COLS                                                                                               \
	"id, slug, name, issuer, client_id, secret_ref, scopes, claim_id, claim_name, claim_email, create_unknown," \
	" enabled, version, created_at, updated_at, claim_groups"

static DB_QUERY(Q_PROVIDER_INSERT,
		"INSERT INTO oidc_providers (slug, name, issuer, client_id, secret_ref, scopes, claim_id, claim_name,"
		" claim_email, create_unknown, enabled, created_at, updated_at, claim_groups)"
		" VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12, $13) RETURNING id");
static DB_QUERY(Q_PROVIDER_LIST, "SELECT " PROVIDER_COLS " FROM oidc_providers ORDER BY name, id");
static DB_QUERY(Q_PROVIDER_LIST_ON, "SELECT " PROVIDER_COLS " FROM oidc_providers WHERE enabled = 1 ORDER BY name, id");
static DB_QUERY(Q_PROVIDER_BY_SLUG, "SELECT " PROVIDER_COLS " FROM oidc_providers WHERE slug = $1");
static DB_QUERY(Q_PROVIDER_GET, "SELECT " PROVIDER_COLS " FROM oidc_providers WHERE id = $1");
static DB_QUERY(Q_PROVIDER_ENABLE, "UPDATE oidc_providers SET enabled = $2, updated_at = $3, version = version + 1"
				   " WHERE id = $1");
static DB_QUERY(Q_PROVIDER_GROUPS_CLAIM, "UPDATE oidc_providers SET claim_groups = $2, updated_at = $3,"
					 " version = version + 1 WHERE id = $1");
static DB_QUERY(Q_PROVIDER_DISABLE_ALL, "UPDATE oidc_providers SET enabled = 0, updated_at = $1,"
					" version = version + 1 WHERE enabled = 1 RETURNING id");

static DB_QUERY(Q_FLOW_INSERT, "INSERT INTO oidc_flows (state_hash, provider_id, nonce, verifier, next, created_at,"
			       " expires_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id");
static DB_QUERY(Q_FLOW_TAKE, "DELETE FROM oidc_flows WHERE state_hash = $1"
			     " RETURNING id, provider_id, nonce, verifier, next, expires_at");
static DB_QUERY(Q_FLOW_PURGE, "DELETE FROM oidc_flows WHERE expires_at < $1");
static DB_QUERY(Q_OSESSION_PURGE, "DELETE FROM oidc_sessions WHERE NOT EXISTS"
				  " (SELECT 1 FROM sessions s WHERE s.id = oidc_sessions.session_id)");

static DB_QUERY(Q_OSESSION_INSERT, "INSERT INTO oidc_sessions (session_id, provider_id) VALUES ($1, $2)");
static DB_QUERY(Q_OSESSION_GET, "SELECT provider_id FROM oidc_sessions WHERE session_id = $1");
static DB_QUERY(Q_OSESSION_DELETE, "DELETE FROM oidc_sessions WHERE session_id = $1");

#define LINK_COLS                                                                                       \
	"d.user_id, d.external_id, d.unit_id, u.username, u.display_name, u.email, u.active, u.version" \
	" FROM user_directory d JOIN users u ON u.id = d.user_id"
enum link_col { LC_USER, LC_EXT, LC_UNIT, LC_USERNAME, LC_NAME, LC_EMAIL, LC_ACTIVE, LC_VERSION };
static DB_QUERY(Q_DIR_FIND, "SELECT " LINK_COLS " WHERE d.external_id = $1");
static DB_QUERY(Q_DIR_LIST, "SELECT " LINK_COLS " ORDER BY d.external_id");
static DB_QUERY(Q_DIR_SET, "INSERT INTO user_directory (user_id, external_id, unit_id, updated_at)"
			   " VALUES ($1, $2, $3, $4) ON CONFLICT (user_id) DO UPDATE SET"
			   " external_id = $2, unit_id = $3, updated_at = $4");
static DB_QUERY(Q_DIR_UNIT_CODES, "SELECT id, code FROM units WHERE code <> '' ORDER BY id");

static DB_QUERY(Q_TOTP_GET, "SELECT user_id, secret_sealed, confirmed_at, last_step FROM user_totp WHERE user_id = $1");
static DB_QUERY(Q_TOTP_BEGIN, "INSERT INTO user_totp (user_id, secret_sealed, confirmed_at, last_step, created_at)"
			      " VALUES ($1, $2, NULL, 0, $3) ON CONFLICT (user_id) DO UPDATE SET"
			      " secret_sealed = $2, confirmed_at = NULL, last_step = 0, created_at = $3");
static DB_QUERY(Q_TOTP_CONFIRM, "UPDATE user_totp SET confirmed_at = $2 WHERE user_id = $1");
static DB_QUERY(Q_TOTP_USE_STEP, "UPDATE user_totp SET last_step = $2 WHERE user_id = $1 AND last_step < $2");
static DB_QUERY(Q_TOTP_DELETE, "DELETE FROM user_totp WHERE user_id = $1");
static DB_QUERY(Q_RECOVERY_INSERT, "INSERT INTO user_recovery_codes (user_id, code_hash) VALUES ($1, $2)");
static DB_QUERY(Q_RECOVERY_UNUSED, "SELECT id, code_hash FROM user_recovery_codes"
				   " WHERE user_id = $1 AND used_at IS NULL ORDER BY id");
static DB_QUERY(Q_RECOVERY_USE, "UPDATE user_recovery_codes SET used_at = $2 WHERE id = $1 AND used_at IS NULL");
static DB_QUERY(Q_RECOVERY_DELETE, "DELETE FROM user_recovery_codes WHERE user_id = $1");
static DB_QUERY(Q_TOTP_ROLES, "SELECT role FROM totp_required_roles ORDER BY role");
static DB_QUERY(Q_TOTP_ROLES_CLEAR, "DELETE FROM totp_required_roles");
static DB_QUERY(Q_TOTP_ROLES_ADD, "INSERT INTO totp_required_roles (role) VALUES ($1)");
static DB_QUERY(Q_TOTP_REQUIRED_FOR, "SELECT 1 FROM role_assignments r JOIN totp_required_roles t ON t.role = r.role"
				     " WHERE r.user_id = $1 LIMIT 1");

static DB_QUERY(Q_CHALLENGE_INSERT, "INSERT INTO login_challenges (token_hash, user_id, kind, next, created_at,"
				    " expires_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id");
static DB_QUERY(Q_CHALLENGE_FIND, "SELECT id, user_id, kind, next, expires_at FROM login_challenges"
				  " WHERE token_hash = $1");
static DB_QUERY(Q_CHALLENGE_DELETE, "DELETE FROM login_challenges WHERE id = $1");
static DB_QUERY(Q_CHALLENGE_PURGE, "DELETE FROM login_challenges WHERE expires_at < $1");

static DB_QUERY(Q_LOCAL_LOGIN, "SELECT local_login FROM signin_settings WHERE id = 1");
static DB_QUERY(Q_SET_LOCAL_LOGIN, "UPDATE signin_settings SET local_login = $1 WHERE id = 1");

static void provider_from_row(const struct db_rows *r, size_t i, void *out)
{
	struct oidc_provider *p = out;
	p->id = rows_int(r, i, PC_ID);
	p->slug = rows_text(r, i, PC_SLUG);
	p->name = rows_text(r, i, PC_NAME);
	p->issuer = rows_text(r, i, PC_ISSUER);
	p->client_id = rows_text(r, i, PC_CLIENT);
	p->secret_ref = rows_text(r, i, PC_SECRET);
	p->scopes = rows_text(r, i, PC_SCOPES);
	p->claim_id = rows_text(r, i, PC_CLAIM_ID);
	p->claim_name = rows_text(r, i, PC_CLAIM_NAME);
	p->claim_email = rows_text(r, i, PC_CLAIM_EMAIL);
	p->create_unknown = rows_bool(r, i, PC_CREATE);
	p->enabled = rows_bool(r, i, PC_ENABLED);
	p->version = rows_int(r, i, PC_VERSION);
	p->created_at = rows_text(r, i, PC_CREATED);
	p->updated_at = rows_text(r, i, PC_UPDATED);
	p->claim_groups = rows_text(r, i, PC_CLAIM_GROUPS);
}

/* The one row @q finds with @args mapped by @map into @out; ERR_NOTFOUND when none. */
static int one_row(struct db *db, struct arena *a, const struct db_query *q, const struct db_arg *args, size_t n_args,
		   void (*map)(const struct db_rows *, size_t, void *), void *out, struct err *e)
{
	struct db_rows rows;
	int rc = db_run(db, a, q, args, n_args, &rows, e);
	if (rc)
		return rc;
	if (rows.n_rows == 0)
		return ERR_NOTFOUND;
	map(&rows, 0, out);
	return 0;
}

int q_oidc_provider_insert(struct db *db, struct arena *a, const struct oidc_provider *p, const char *now,
			   int64_t *id_out, struct err *e)
{
	return db_run_insert(db, a, &Q_PROVIDER_INSERT,
			     DB_ARGS(DB_TEXT(p->slug), DB_TEXT(p->name), DB_TEXT(p->issuer), DB_TEXT(p->client_id),
				     DB_TEXT(p->secret_ref), DB_TEXT(p->scopes), DB_TEXT(p->claim_id),
				     DB_TEXT(p->claim_name), DB_TEXT(p->claim_email), DB_INT(p->create_unknown),
				     DB_INT(p->enabled), DB_TEXT(now), DB_TEXT(p->claim_groups ? p->claim_groups : "")),
			     id_out, e);
}

int q_oidc_provider_list(struct db *db, struct arena *a, bool enabled_only, struct oidc_provider **out, size_t *n,
			 struct err *e)
{
	struct db_rows rows;
	int rc = db_run(db, a, enabled_only ? &Q_PROVIDER_LIST_ON : &Q_PROVIDER_LIST, NULL, 0, &rows, e);
	if (!rc)
		*out = rows_map(a, &rows, sizeof(**out), provider_from_row, n);
	return rc;
}

int q_oidc_provider_by_slug(struct db *db, struct arena *a, const char *slug, struct oidc_provider *out, struct err *e)
{
	return one_row(db, a, &Q_PROVIDER_BY_SLUG, DB_ARGS(DB_TEXT(slug)), provider_from_row, out, e);
}

int q_oidc_provider_get(struct db *db, struct arena *a, int64_t id, struct oidc_provider *out, struct err *e)
{
	return one_row(db, a, &Q_PROVIDER_GET, DB_ARGS(DB_INT(id)), provider_from_row, out, e);
}

int q_oidc_provider_set_enabled(struct db *db, struct arena *a, int64_t id, bool enabled, const char *now,
				struct err *e)
{
	return db_run_change(db, a, &Q_PROVIDER_ENABLE, DB_ARGS(DB_INT(id), DB_INT(enabled), DB_TEXT(now)), e);
}

int q_oidc_provider_set_groups_claim(struct db *db, struct arena *a, int64_t id, const char *claim, const char *now,
				     struct err *e)
{
	return db_run_change(db, a, &Q_PROVIDER_GROUPS_CLAIM, DB_ARGS(DB_INT(id), DB_TEXT(claim), DB_TEXT(now)), e);
}

int q_oidc_provider_disable_all(struct db *db, struct arena *a, const char *now, int64_t *n, struct err *e)
{
	struct db_rows rows;
	int rc = db_run(db, a, &Q_PROVIDER_DISABLE_ALL, DB_ARGS(DB_TEXT(now)), &rows, e);
	if (!rc)
		*n = (int64_t)rows.n_rows;
	return rc;
}

int q_oidc_flow_insert(struct db *db, struct arena *a, const char *state_hash, const struct oidc_flow *f,
		       const char *now, struct err *e)
{
	int64_t id;
	return db_run_insert(db, a, &Q_FLOW_INSERT,
			     DB_ARGS(DB_TEXT(state_hash), DB_INT(f->provider_id), DB_TEXT(f->nonce),
				     DB_TEXT(f->verifier), DB_TEXT(f->next), DB_TEXT(now), DB_TEXT(f->expires_at)),
			     &id, e);
}

static void flow_from_row(const struct db_rows *r, size_t i, void *out)
{
	struct oidc_flow *f = out;
	f->id = rows_int(r, i, 0);
	f->provider_id = rows_int(r, i, 1);
	f->nonce = rows_text(r, i, 2);
	f->verifier = rows_text(r, i, 3);
	f->next = rows_text(r, i, 4);
	f->expires_at = rows_text(r, i, 5);
}

int q_oidc_flow_take(struct db *db, struct arena *a, const char *state_hash, struct oidc_flow *out, struct err *e)
{
	return one_row(db, a, &Q_FLOW_TAKE, DB_ARGS(DB_TEXT(state_hash)), flow_from_row, out, e);
}

int q_oidc_flow_purge(struct db *db, struct arena *a, const char *now, struct err *e)
{
	int rc = db_run(db, a, &Q_FLOW_PURGE, DB_ARGS(DB_TEXT(now)), NULL, e);
	return rc ? rc : db_run(db, a, &Q_OSESSION_PURGE, NULL, 0, NULL, e);
}

int q_oidc_session_insert(struct db *db, struct arena *a, int64_t session_id, int64_t provider_id, struct err *e)
{
	return db_run(db, a, &Q_OSESSION_INSERT, DB_ARGS(DB_INT(session_id), DB_INT(provider_id)), NULL, e);
}

static void int_from_row(const struct db_rows *r, size_t i, void *out)
{
	*(int64_t *)out = rows_int(r, i, 0);
}

int q_oidc_session_provider(struct db *db, struct arena *a, int64_t session_id, int64_t *provider_id, struct err *e)
{
	return one_row(db, a, &Q_OSESSION_GET, DB_ARGS(DB_INT(session_id)), int_from_row, provider_id, e);
}

int q_oidc_session_delete(struct db *db, struct arena *a, int64_t session_id, struct err *e)
{
	return db_run(db, a, &Q_OSESSION_DELETE, DB_ARGS(DB_INT(session_id)), NULL, e);
}

static void link_from_row(const struct db_rows *r, size_t i, void *out)
{
	struct directory_link *l = out;
	l->user_id = rows_int(r, i, LC_USER);
	l->external_id = rows_text(r, i, LC_EXT);
	l->unit_id = rows_text(r, i, LC_UNIT) ? rows_int(r, i, LC_UNIT) : 0;
	l->username = rows_text(r, i, LC_USERNAME);
	l->display_name = rows_text(r, i, LC_NAME);
	l->email = rows_text(r, i, LC_EMAIL);
	l->active = rows_bool(r, i, LC_ACTIVE);
	l->version = rows_int(r, i, LC_VERSION);
}

int q_directory_find(struct db *db, struct arena *a, const char *external_id, struct directory_link *out, struct err *e)
{
	return one_row(db, a, &Q_DIR_FIND, DB_ARGS(DB_TEXT(external_id)), link_from_row, out, e);
}

int q_directory_list(struct db *db, struct arena *a, struct directory_link **out, size_t *n, struct err *e)
{
	struct db_rows rows;
	int rc = db_run(db, a, &Q_DIR_LIST, NULL, 0, &rows, e);
	if (!rc)
		*out = rows_map(a, &rows, sizeof(**out), link_from_row, n);
	return rc;
}

int q_directory_set(struct db *db, struct arena *a, int64_t user_id, const char *external_id, int64_t unit_id,
		    const char *now, struct err *e)
{
	return db_run(db, a, &Q_DIR_SET, DB_ARGS(DB_INT(user_id), DB_TEXT(external_id), DB_ID(unit_id), DB_TEXT(now)),
		      NULL, e);
}

int q_directory_unit_codes(struct db *db, struct arena *a, const char ***codes, int64_t **ids, size_t *n, struct err *e)
{
	struct db_rows rows;
	int rc = db_run(db, a, &Q_DIR_UNIT_CODES, NULL, 0, &rows, e);
	if (rc)
		return rc;
	*n = rows.n_rows;
	*codes = arena_calloc(a, rows.n_rows ? rows.n_rows : 1, sizeof(**codes));
	*ids = arena_calloc(a, rows.n_rows ? rows.n_rows : 1, sizeof(**ids));
	for (size_t i = 0; i < rows.n_rows; i++) {
		(*ids)[i] = rows_int(&rows, i, 0);
		(*codes)[i] = rows_text(&rows, i, 1);
	}
	return 0;
}

static void totp_from_row(const struct db_rows *r, size_t i, void *out)
{
	struct user_totp *t = out;
	t->user_id = rows_int(r, i, 0);
	t->secret_sealed = rows_text(r, i, 1);
	t->confirmed_at = rows_text(r, i, 2);
	t->last_step = rows_int(r, i, 3);
}

int q_totp_get(struct db *db, struct arena *a, int64_t user_id, struct user_totp *out, struct err *e)
{
	return one_row(db, a, &Q_TOTP_GET, DB_ARGS(DB_INT(user_id)), totp_from_row, out, e);
}

int q_totp_begin(struct db *db, struct arena *a, int64_t user_id, const char *sealed, const char *now, struct err *e)
{
	return db_run(db, a, &Q_TOTP_BEGIN, DB_ARGS(DB_INT(user_id), DB_TEXT(sealed), DB_TEXT(now)), NULL, e);
}

int q_totp_confirm(struct db *db, struct arena *a, int64_t user_id, const char *now, struct err *e)
{
	return db_run_change(db, a, &Q_TOTP_CONFIRM, DB_ARGS(DB_INT(user_id), DB_TEXT(now)), e);
}

int q_totp_use_step(struct db *db, struct arena *a, int64_t user_id, int64_t step, struct err *e)
{
	return db_run_change(db, a, &Q_TOTP_USE_STEP, DB_ARGS(DB_INT(user_id), DB_INT(step)), e);
}

int q_totp_delete(struct db *db, struct arena *a, int64_t user_id, struct err *e)
{
	int rc = db_run(db, a, &Q_TOTP_DELETE, DB_ARGS(DB_INT(user_id)), NULL, e);
	return rc ? rc : q_recovery_delete(db, a, user_id, e);
}

int q_recovery_insert(struct db *db, struct arena *a, int64_t user_id, const char *hash, struct err *e)
{
	return db_run(db, a, &Q_RECOVERY_INSERT, DB_ARGS(DB_INT(user_id), DB_TEXT(hash)), NULL, e);
}

static void recovery_from_row(const struct db_rows *r, size_t i, void *out)
{
	struct recovery_code *c = out;
	c->id = rows_int(r, i, 0);
	c->code_hash = rows_text(r, i, 1);
}

int q_recovery_unused(struct db *db, struct arena *a, int64_t user_id, struct recovery_code **out, size_t *n,
		      struct err *e)
{
	struct db_rows rows;
	int rc = db_run(db, a, &Q_RECOVERY_UNUSED, DB_ARGS(DB_INT(user_id)), &rows, e);
	if (!rc)
		*out = rows_map(a, &rows, sizeof(**out), recovery_from_row, n);
	return rc;
}

int q_recovery_use(struct db *db, struct arena *a, int64_t id, const char *now, struct err *e)
{
	return db_run_change(db, a, &Q_RECOVERY_USE, DB_ARGS(DB_INT(id), DB_TEXT(now)), e);
}

int q_recovery_delete(struct db *db, struct arena *a, int64_t user_id, struct err *e)
{
	return db_run(db, a, &Q_RECOVERY_DELETE, DB_ARGS(DB_INT(user_id)), NULL, e);
}

int q_totp_roles(struct db *db, struct arena *a, const char ***out, size_t *n, struct err *e)
{
	struct db_rows rows;
	int rc = db_run(db, a, &Q_TOTP_ROLES, NULL, 0, &rows, e);
	if (rc)
		return rc;
	*n = rows.n_rows;
	*out = arena_calloc(a, rows.n_rows ? rows.n_rows : 1, sizeof(**out));
	for (size_t i = 0; i < rows.n_rows; i++)
		(*out)[i] = rows_text(&rows, i, 0);
	return 0;
}

int q_totp_roles_clear(struct db *db, struct arena *a, struct err *e)
{
	return db_run(db, a, &Q_TOTP_ROLES_CLEAR, NULL, 0, NULL, e);
}

int q_totp_roles_add(struct db *db, struct arena *a, const char *role, struct err *e)
{
	return db_run(db, a, &Q_TOTP_ROLES_ADD, DB_ARGS(DB_TEXT(role)), NULL, e);
}

int q_totp_required_for(struct db *db, struct arena *a, int64_t user_id, bool *out, struct err *e)
{
	struct db_rows rows;
	int rc = db_run(db, a, &Q_TOTP_REQUIRED_FOR, DB_ARGS(DB_INT(user_id)), &rows, e);
	if (!rc)
		*out = rows.n_rows > 0;
	return rc;
}

int q_challenge_insert(struct db *db, struct arena *a, const char *hash, const struct login_challenge *c,
		       const char *now, struct err *e)
{
	int64_t id;
	return db_run_insert(db, a, &Q_CHALLENGE_INSERT,
			     DB_ARGS(DB_TEXT(hash), DB_INT(c->user_id), DB_TEXT(c->kind), DB_TEXT(c->next),
				     DB_TEXT(now), DB_TEXT(c->expires_at)),
			     &id, e);
}

static void challenge_from_row(const struct db_rows *r, size_t i, void *out)
{
	struct login_challenge *c = out;
	c->id = rows_int(r, i, 0);
	c->user_id = rows_int(r, i, 1);
	c->kind = rows_text(r, i, 2);
	c->next = rows_text(r, i, 3);
	c->expires_at = rows_text(r, i, 4);
}

int q_challenge_find(struct db *db, struct arena *a, const char *hash, struct login_challenge *out, struct err *e)
{
	return one_row(db, a, &Q_CHALLENGE_FIND, DB_ARGS(DB_TEXT(hash)), challenge_from_row, out, e);
}

int q_challenge_delete(struct db *db, struct arena *a, int64_t id, struct err *e)
{
	return db_run(db, a, &Q_CHALLENGE_DELETE, DB_ARGS(DB_INT(id)), NULL, e);
}

int q_challenge_purge(struct db *db, struct arena *a, const char *now, struct err *e)
{
	return db_run(db, a, &Q_CHALLENGE_PURGE, DB_ARGS(DB_TEXT(now)), NULL, e);
}

static void text_from_row(const struct db_rows *r, size_t i, void *out)
{
	*(const char **)out = rows_text(r, i, 0);
}

int q_signin_local_login(struct db *db, struct arena *a, const char **out, struct err *e)
{
	int rc = one_row(db, a, &Q_LOCAL_LOGIN, NULL, 0, text_from_row, out, e);
	if (rc == ERR_NOTFOUND) {
		*out = "all";
		rc = 0;
	}
	return rc;
}

int q_signin_set_local_login(struct db *db, struct arena *a, const char *value, struct err *e)
{
	return db_run(db, a, &Q_SET_LOCAL_LOGIN, DB_ARGS(DB_TEXT(value)), NULL, e);
}
