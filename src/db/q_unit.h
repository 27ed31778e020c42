/*
 * q_unit.h - SQL of organisation units (text in q_unit.c).
 */
#ifndef TILLIT_DB_Q_UNIT_H
#define TILLIT_DB_Q_UNIT_H

#include "db/db.h"

/* Column order of every unit row. */
enum unit_col {
	UC_ID,
	UC_PARENT,
	UC_PATH,
	UC_KIND,
	UC_NAME,
	UC_CODE,
	UC_CASE_PREFIX,
	UC_CONTACT,
	UC_VERSION,
	UC_CREATED,
	UC_UPDATED,
	UC_PARENT_NAME
};

extern const struct db_query Q_UNIT_GET; /* $1 id */
extern const struct db_query
	Q_UNIT_LIST; /* $1 viewer, $2 kind, $3 parent (0 any, -1 roots), $4 like, $5 limit, $6 offset */
extern const struct db_query Q_UNIT_COUNT;        /* $1..$4 as Q_UNIT_LIST */
extern const struct db_query Q_UNIT_SIBLING_NAME; /* $1 parent (0 = root), $2 name, $3 except id -> id */
extern const struct db_query
	Q_UNIT_INSERT; /* $1 parent, $2 kind, $3 name, $4 code, $5 prefix, $6 contact, $7 now -> id */
extern const struct db_query Q_UNIT_SET_PATH; /* $1 id, $2 path */
extern const struct db_query
	Q_UNIT_UPDATE; /* $1 id, $2 version, $3 kind, $4 name, $5 code, $6 prefix, $7 contact, $8 now */
extern const struct db_query Q_UNIT_MOVE;      /* $1 id, $2 version, $3 new parent, $4 now */
extern const struct db_query Q_UNIT_REPATH;    /* $1 old path prefix, $2 new path prefix */
extern const struct db_query Q_UNIT_MOVE_LOG;  /* $1 unit, $2 from, $3 to, $4 reason, $5 by, $6 at */
extern const struct db_query Q_UNIT_MOVES;     /* $1 unit: id, from, from name, to, to name, reason, by name, at */
extern const struct db_query Q_UNIT_COUNT_ALL; /* count(*) */

#endif
