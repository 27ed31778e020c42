/*
 * q_action.h - SQL of tracked actions (text in q_action.c).
 */
#ifndef TILLIT_DB_Q_ACTION_H
#define TILLIT_DB_Q_ACTION_H

#include "db/db.h"

enum action_col {
	ACC_ID,
	ACC_UNIT,
	ACC_UNIT_NAME,
	ACC_UNIT_PATH,
	ACC_TITLE,
	ACC_DESCRIPTION,
	ACC_STATUS,
	ACC_RESPONSIBLE,
	ACC_RESPONSIBLE_NAME,
	ACC_DUE,
	ACC_ASSET,
	ACC_ASSET_NAME,
	ACC_REQUIREMENT,
	ACC_REQ_CODE,
	ACC_REQ_TITLE,
	ACC_VERSION,
	ACC_CREATED_BY,
	ACC_CREATED,
	ACC_UPDATED
};

extern const struct db_query Q_ACTION_GET; /* $1 id */
/* $1 viewer, $2 subtree path, $3 status, $4 asset id (0 any), $5 limit, $6 offset */
extern const struct db_query Q_ACTION_LIST;
extern const struct db_query Q_ACTION_COUNT; /* $1..$4 as Q_ACTION_LIST */
/* $1 unit, $2 title, $3 description, $4 status, $5 responsible, $6 due, $7 asset, $8 requirement, $9 by, $10 now -> id */
extern const struct db_query Q_ACTION_INSERT;
/* $1 id, $2 version, $3 title, $4 description, $5 status, $6 responsible, $7 due, $8 now */
extern const struct db_query Q_ACTION_UPDATE;
/* $1 unit path: active users holding a role on that unit or above it (or installation-wide) -> id, name */
extern const struct db_query Q_ACTION_PEOPLE;
extern const struct db_query Q_ACTION_USER_EXISTS; /* $1 user id -> id */

#endif
