/*
 * q_signin.h - the stored shape of identity providers, sign-ins under way,
 * second factors and directory links, and the typed queries that read and
 * write them (SQL text in q_signin.c; tables in 0120_sign_in.sql).
 *
 * Results live in the arena given. Functions return 0 or a negative
 * err_code; a missing row is ERR_NOTFOUND without a message (the domain
 * words it), other failures ERR_DB with @e filled.
 */
#ifndef TILLIT_DB_Q_SIGNIN_H
#define TILLIT_DB_Q_SIGNIN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct arena;
struct db;
struct err;

struct oidc_provider {
	int64_t id;
	const char *slug;
	const char *name;
	const char *issuer;
	const char *client_id;
	const char *secret_ref; /* "file:PATH" or "env:NAME"; never the secret */
	const char *scopes;
	const char *claim_id;
	const char *claim_name;
	const char *claim_email;
	const char *claim_groups; /* the claim listing the person's groups; "" for none */
	bool create_unknown;
	bool enabled;
	int64_t version;
	const char *created_at;
	const char *updated_at;
};

/** A sign-in under way at a provider. */
struct oidc_flow {
	int64_t id;
	int64_t provider_id;
	const char *nonce;
	const char *verifier;
	const char *next;
	const char *expires_at;
};

/** An account found by its directory identifier. */
struct directory_link {
	int64_t user_id;
	const char *external_id;
	int64_t unit_id; /* 0: none */
	const char *username;
	const char *display_name;
	const char *email;
	bool active;
	int64_t version; /* the account's */
};

struct user_totp {
	int64_t user_id;
	const char *secret_sealed;
	const char *confirmed_at; /* NULL while being set up */
	int64_t last_step;
};

struct recovery_code {
	int64_t id;
	const char *code_hash;
};

struct login_challenge {
	int64_t id;
	int64_t user_id;
	const char *kind; /* "code" or "enrol" */
	const char *next;
	const char *expires_at;
};

/* --- providers --- */
int q_oidc_provider_insert(struct db *db, struct arena *a, const struct oidc_provider *p, const char *now,
			   int64_t *id_out, struct err *e);
/** Every provider (@enabled_only: those switched on), by name. */
int q_oidc_provider_list(struct db *db, struct arena *a, bool enabled_only, struct oidc_provider **out, size_t *n,
			 struct err *e);
int q_oidc_provider_by_slug(struct db *db, struct arena *a, const char *slug, struct oidc_provider *out, struct err *e);
int q_oidc_provider_get(struct db *db, struct arena *a, int64_t id, struct oidc_provider *out, struct err *e);
/** Switch provider @id on or off. ERR_NOTFOUND when there is none. */
int q_oidc_provider_set_enabled(struct db *db, struct arena *a, int64_t id, bool enabled, const char *now,
				struct err *e);
/** Set the groups claim of provider @id ("" for none). ERR_NOTFOUND when there is none. */
int q_oidc_provider_set_groups_claim(struct db *db, struct arena *a, int64_t id, const char *claim, const char *now,
				     struct err *e);
/** Switch every provider off; *n gets how many were on. */
int q_oidc_provider_disable_all(struct db *db, struct arena *a, const char *now, int64_t *n, struct err *e);

/* --- sign-ins under way --- */
int q_oidc_flow_insert(struct db *db, struct arena *a, const char *state_hash, const struct oidc_flow *f,
		       const char *now, struct err *e);
/** Remove and return the flow whose state hashes to @state_hash: each is used once. ERR_NOTFOUND when none. */
int q_oidc_flow_take(struct db *db, struct arena *a, const char *state_hash, struct oidc_flow *out, struct err *e);
/** Remove flows that ended before @now, and the provider notes of sessions that are gone. */
int q_oidc_flow_purge(struct db *db, struct arena *a, const char *now, struct err *e);

/* --- which provider opened a session --- */
int q_oidc_session_insert(struct db *db, struct arena *a, int64_t session_id, int64_t provider_id, struct err *e);
/** The provider of session @session_id. ERR_NOTFOUND for a session opened with a password. */
int q_oidc_session_provider(struct db *db, struct arena *a, int64_t session_id, int64_t *provider_id, struct err *e);
int q_oidc_session_delete(struct db *db, struct arena *a, int64_t session_id, struct err *e);

/* --- directory links --- */
int q_directory_find(struct db *db, struct arena *a, const char *external_id, struct directory_link *out,
		     struct err *e);
/** Every linked account, by identifier. */
int q_directory_list(struct db *db, struct arena *a, struct directory_link **out, size_t *n, struct err *e);
/** Link @user_id to @external_id in @unit_id (0: none), or move the link. */
int q_directory_set(struct db *db, struct arena *a, int64_t user_id, const char *external_id, int64_t unit_id,
		    const char *now, struct err *e);
/** Unit ids by code, for units that have one: codes[i] names ids[i]. */
int q_directory_unit_codes(struct db *db, struct arena *a, const char ***codes, int64_t **ids, size_t *n,
			   struct err *e);

/* --- second factor --- */
int q_totp_get(struct db *db, struct arena *a, int64_t user_id, struct user_totp *out, struct err *e);
/** Start (or restart) setting up a second factor for @user_id: not confirmed, no step used. */
int q_totp_begin(struct db *db, struct arena *a, int64_t user_id, const char *sealed, const char *now, struct err *e);
int q_totp_confirm(struct db *db, struct arena *a, int64_t user_id, const char *now, struct err *e);
/** Note @step as used when it is newer than the last one; ERR_NOTFOUND when it is not (a replay). */
int q_totp_use_step(struct db *db, struct arena *a, int64_t user_id, int64_t step, struct err *e);
/** Remove @user_id's second factor and recovery codes. */
int q_totp_delete(struct db *db, struct arena *a, int64_t user_id, struct err *e);
int q_recovery_insert(struct db *db, struct arena *a, int64_t user_id, const char *hash, struct err *e);
/** @user_id's unused recovery codes. */
int q_recovery_unused(struct db *db, struct arena *a, int64_t user_id, struct recovery_code **out, size_t *n,
		      struct err *e);
/** Use code @id once; ERR_NOTFOUND when it was used already. */
int q_recovery_use(struct db *db, struct arena *a, int64_t id, const char *now, struct err *e);
int q_recovery_delete(struct db *db, struct arena *a, int64_t user_id, struct err *e);

/** The roles that must use a second factor. Results live in @a. */
int q_totp_roles(struct db *db, struct arena *a, const char ***out, size_t *n, struct err *e);
int q_totp_roles_clear(struct db *db, struct arena *a, struct err *e);
int q_totp_roles_add(struct db *db, struct arena *a, const char *role, struct err *e);
/** Whether @user_id holds a role (anywhere) that must use a second factor. */
int q_totp_required_for(struct db *db, struct arena *a, int64_t user_id, bool *out, struct err *e);

/* --- the step between the password and the second factor --- */
int q_challenge_insert(struct db *db, struct arena *a, const char *hash, const struct login_challenge *c,
		       const char *now, struct err *e);
int q_challenge_find(struct db *db, struct arena *a, const char *hash, struct login_challenge *out, struct err *e);
int q_challenge_delete(struct db *db, struct arena *a, int64_t id, struct err *e);
int q_challenge_purge(struct db *db, struct arena *a, const char *now, struct err *e);

/* --- settings --- */
/** "all" or "admins". */
int q_signin_local_login(struct db *db, struct arena *a, const char **out, struct err *e);
int q_signin_set_local_login(struct db *db, struct arena *a, const char *value, struct err *e);

#endif
