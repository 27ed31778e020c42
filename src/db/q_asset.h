/*
 * q_asset.h - SQL of information assets and their links (text in q_asset.c).
 */
#ifndef TILLIT_DB_Q_ASSET_H
#define TILLIT_DB_Q_ASSET_H

#include "db/db.h"

enum asset_col {
	ASC_ID,
	ASC_UNIT,
	ASC_UNIT_NAME,
	ASC_UNIT_PATH,
	ASC_KIND,
	ASC_NAME,
	ASC_DESCRIPTION,
	ASC_OWNER,
	ASC_OWNER_NAME,
	ASC_ADMIN,
	ASC_ADMIN_NAME,
	ASC_SUPPLIER,
	ASC_HOSTING,
	ASC_PERSONAL,
	ASC_CRITICAL,
	ASC_NIS2,
	ASC_LIFECYCLE,
	ASC_RETIRED,
	ASC_CLASS,
	ASC_REVIEW_DUE,
	ASC_NEEDS_REVIEW,
	ASC_C,
	ASC_I,
	ASC_A,
	ASC_T,
	ASC_VERSION,
	ASC_CREATED,
	ASC_UPDATED
};

enum asset_link_col { ALC_ID, ALC_FROM, ALC_TO, ALC_KIND, ALC_OTHER_NAME, ALC_OTHER_KIND, ALC_OTHER_UNIT };

extern const struct db_query Q_ASSET_GET; /* $1 id */
/* $1 viewer, $2 subtree path, $3 kind, $4 classified, $5 critical, $6 nis2, $7 personal, $8 overdue (0/1),
 * $9 today, $10 like, $11 sort, $12 desc, $13 limit, $14 offset */
extern const struct db_query Q_ASSET_LIST;
extern const struct db_query Q_ASSET_COUNT;     /* $1..$10 as Q_ASSET_LIST */
extern const struct db_query Q_ASSET_SAME_NAME; /* $1 unit, $2 name, $3 except id -> id */
extern const struct db_query Q_ASSET_INSERT;    /* $1 unit .. $12 lifecycle, $13 retired_at, $14 now -> id */
extern const struct db_query Q_ASSET_UPDATE; /* $1 id, $2 version, $3 unit .. $14 lifecycle, $15 retired_at, $16 now */
extern const struct db_query Q_ASSET_USER_EXISTS;   /* $1 user id -> id */
extern const struct db_query Q_ASSET_DEPS;          /* $1 id: links from it, with the other end */
extern const struct db_query Q_ASSET_DEPENDANTS;    /* $1 id: links to it, with the other end */
extern const struct db_query Q_ASSET_LINK_GET;      /* $1 link id */
extern const struct db_query Q_ASSET_LINK_INSERT;   /* $1 from, $2 to, $3 kind, $4 now, $5 by -> id */
extern const struct db_query Q_ASSET_LINK_DELETE;   /* $1 link id */
extern const struct db_query Q_ASSET_LEVEL_NAMES;   /* $1 organisation id -> level, name */
extern const struct db_query Q_ASSET_LINK_ALL_FROM; /* $1 id: to_id of every link from it (graph walk) */

#endif
