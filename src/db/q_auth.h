/*
 * q_auth.h - SQL of sessions, API tokens and login throttling (text in q_auth.c).
 */
#ifndef TILLIT_DB_Q_AUTH_H
#define TILLIT_DB_Q_AUTH_H

#include "db/db.h"

/* Q_SESSION_LOOKUP / Q_TOKEN_LOOKUP columns */
enum auth_col {
	AUC_ID,
	AUC_USER,
	AUC_SECRET,
	AUC_CREATED,
	AUC_LAST,
	AUC_EXPIRES,
	AUC_USERNAME,
	AUC_DISPLAY,
	AUC_LANG,
	AUC_ACTIVE
};

extern const struct db_query Q_SESSION_INSERT;      /* $1 hash, $2 user, $3 csrf, $4 now, $5 expires, $6 remote -> id */
extern const struct db_query Q_SESSION_LOOKUP;      /* $1 hash */
extern const struct db_query Q_SESSION_TOUCH;       /* $1 id, $2 now */
extern const struct db_query Q_SESSION_DELETE;      /* $1 hash */
extern const struct db_query Q_SESSION_DELETE_USER; /* $1 user, $2 keep id (0 none) */
extern const struct db_query Q_SESSION_PURGE;       /* $1 now */
extern const struct db_query Q_TOKEN_INSERT;        /* $1 user, $2 name, $3 hash, $4 prefix, $5 now, $6 expires -> id */
extern const struct db_query Q_TOKEN_LOOKUP;        /* $1 hash (revoked_at in the AUC_SECRET column) */
extern const struct db_query Q_TOKEN_TOUCH;         /* $1 id, $2 now */
/* $1 user: id, user, name, prefix, created, last used, revoked, expires (enum token_col) */
extern const struct db_query Q_TOKEN_LIST;
extern const struct db_query Q_TOKEN_GET;          /* $1 id: same columns */
extern const struct db_query Q_TOKEN_REVOKE;       /* $1 id, $2 now, $3 expiry to keep when none is stored */
extern const struct db_query Q_TOKEN_RENEW;        /* $1 id, $2 expires */
extern const struct db_query Q_TOKEN_LIVE_OF_USER; /* $1 user -> ids of tokens not revoked */

enum token_col { TC_ID, TC_USER, TC_NAME, TC_PREFIX, TC_CREATED, TC_LAST_USED, TC_REVOKED, TC_EXPIRES };

extern const struct db_query Q_THROTTLE_RESERVE;   /* $1 kind, $2 key, $3 now, $4 window start -> attempts, or no row */
extern const struct db_query Q_THROTTLE_SET_UNTIL; /* $1 kind, $2 key, $3 until ('' for no wait) */
extern const struct db_query Q_THROTTLE_GET;       /* $1 kind, $2 key -> attempts, until */
extern const struct db_query Q_THROTTLE_CLEAR;     /* $1 kind, $2 key */
extern const struct db_query Q_THROTTLE_GIVE_BACK; /* $1 kind, $2 key, $3 until set by the reservation */
extern const struct db_query Q_THROTTLE_PURGE;     /* $1 before */

#endif
