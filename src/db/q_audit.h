/*
 * q_audit.h - SQL of the audit trail (text in q_audit.c).
 */
#ifndef TILLIT_DB_Q_AUDIT_H
#define TILLIT_DB_Q_AUDIT_H

#include "db/db.h"

/* Lock the head row and read it: last_id, last_hash, keyed_from, head_mac (enum audit_head_col). */
extern const struct db_query Q_AUDIT_HEAD_LOCK;
/* $1 last_id, $2 last_hash, $3 head_mac */
extern const struct db_query Q_AUDIT_HEAD_SET;
/* $1 keyed_from, $2 head_mac: the chain is keyed from here on */
extern const struct db_query Q_AUDIT_HEAD_KEY;
/* $1 id ... $12 hash: id, at, actor_id, actor_name, entity, entity_id, unit_id, action, before, after, prev, hash */
extern const struct db_query Q_AUDIT_INSERT;
/* last_id, last_hash, keyed_from, head_mac */
extern const struct db_query Q_AUDIT_HEAD_GET;

enum audit_head_col { AHC_LAST_ID, AHC_LAST_HASH, AHC_KEYED_FROM, AHC_MAC };
/* all entries from id > $1 in id order, $2 = batch size */
extern const struct db_query Q_AUDIT_BATCH;
/* page of entries: $1 viewer, $2 entity, $3 entity_id, $4 actor_id, $5 action, $6 from, $7 to, $8 limit, $9 offset */
extern const struct db_query Q_AUDIT_LIST;
/* count with the same filters $1..$7 */
extern const struct db_query Q_AUDIT_COUNT;
/* $1 id */
extern const struct db_query Q_AUDIT_GET;

/* Column order of Q_AUDIT_BATCH, Q_AUDIT_LIST and Q_AUDIT_GET rows. */
enum audit_col {
	AC_ID,
	AC_AT,
	AC_ACTOR_ID,
	AC_ACTOR_NAME,
	AC_ENTITY,
	AC_ENTITY_ID,
	AC_UNIT_ID,
	AC_ACTION,
	AC_BEFORE,
	AC_AFTER,
	AC_PREV,
	AC_HASH
};

/* Entries from id > $1 in id order, $2 at most: id, entity, entity_id, action, after_json. */
extern const struct db_query Q_AUDIT_SNAPSHOTS;
/* Every record of a table: id, then the compared columns (see audit_records.c). */
extern const struct db_query Q_REC_UNITS;
extern const struct db_query Q_REC_USERS;
extern const struct db_query Q_REC_GRANTS;
extern const struct db_query Q_REC_TOKENS;
extern const struct db_query Q_REC_ASSETS;
extern const struct db_query Q_REC_LINKS;
extern const struct db_query Q_REC_CLASSIFICATIONS;
extern const struct db_query Q_REC_FULFILMENTS;
extern const struct db_query Q_REC_ACTIONS;
extern const struct db_query Q_REC_REQUIREMENTS;
extern const struct db_query Q_REC_MODELS;
extern const struct db_query Q_REC_QUESTIONS;

#endif
