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
extern const struct db_query Q_TOKEN_INSERT;        /* $1 user, $2 name, $3 hash, $4 prefix, $5 now -> id */
extern const struct db_query Q_TOKEN_LOOKUP;        /* $1 hash (revoked_at in the AUC_SECRET column) */
extern const struct db_query Q_TOKEN_TOUCH;         /* $1 id, $2 now */
extern const struct db_query Q_TOKEN_LIST;          /* $1 user: id, user, name, prefix, created, last used, revoked */
extern const struct db_query Q_TOKEN_GET;           /* $1 id: same columns */
extern const struct db_query Q_TOKEN_REVOKE;        /* $1 id, $2 now */
extern const struct db_query Q_LOGIN_FAIL_ADD;      /* $1 kind, $2 key, $3 at */
extern const struct db_query Q_LOGIN_FAIL_COUNT;    /* $1 kind, $2 key, $3 since */
extern const struct db_query Q_LOGIN_FAIL_CLEAR;    /* $1 kind, $2 key */
extern const struct db_query Q_LOGIN_FAIL_PURGE;    /* $1 before */

#endif
