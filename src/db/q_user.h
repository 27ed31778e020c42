/*
 * q_user.h - SQL of users and role assignments (text in q_user.c).
 */
#ifndef TILLIT_DB_Q_USER_H
#define TILLIT_DB_Q_USER_H

#include "db/db.h"

enum user_col {
	USC_ID,
	USC_USERNAME,
	USC_DISPLAY,
	USC_EMAIL,
	USC_LANG,
	USC_ACTIVE,
	USC_VERSION,
	USC_CREATED,
	USC_UPDATED,
	USC_PW_CHANGED
};

enum grant_col { GC_ID, GC_USER, GC_USERNAME, GC_UNIT, GC_UNIT_NAME, GC_UNIT_PATH, GC_ROLE, GC_CREATED };

extern const struct db_query Q_USER_GET;     /* $1 id */
extern const struct db_query Q_USER_BY_NAME; /* $1 username */
extern const struct db_query Q_USER_HASH;    /* $1 username -> id, password_hash, active */
/* $1 like, $2 active (-1 any), $3 limit, $4 offset, $5 viewer (0: all), $6 user name shown even out of scope */
extern const struct db_query Q_USER_LIST;
extern const struct db_query Q_USER_COUNT;    /* $1 like, $2 active, $3 viewer, $4 user name */
extern const struct db_query Q_USER_VISIBLE;  /* $1 viewer, $2 user -> 1 when in the viewer's scope */
extern const struct db_query Q_USER_INSERT;   /* $1 username, $2 display, $3 email, $4 hash, $5 lang, $6 now -> id */
extern const struct db_query Q_USER_UPDATE;   /* $1 id, $2 version, $3 display, $4 email, $5 lang, $6 active, $7 now */
extern const struct db_query Q_USER_SET_LANG; /* $1 id, $2 lang, $3 now */
extern const struct db_query Q_USER_SET_HASH; /* $1 id, $2 hash, $3 now */

extern const struct db_query Q_GRANTS_OF_USER; /* $1 user */
extern const struct db_query Q_GRANTS_ON_UNIT; /* $1 unit */
extern const struct db_query Q_GRANT_GET;      /* $1 id */
extern const struct db_query Q_GRANT_INSERT;   /* $1 user, $2 unit, $3 role, $4 now, $5 by -> id */
extern const struct db_query Q_GRANT_DELETE;   /* $1 id */
extern const struct db_query
	Q_GLOBAL_ADMINS; /* count of active users holding an installation-wide administrator grant */

#endif
