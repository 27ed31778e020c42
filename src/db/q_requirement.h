/*
 * q_requirement.h - SQL of the requirements library and of requirement
 * fulfilment per asset (text in q_requirement.c).
 */
#ifndef TILLIT_DB_Q_REQUIREMENT_H
#define TILLIT_DB_Q_REQUIREMENT_H

#include "db/db.h"

enum requirement_col {
	RQC_ID,
	RQC_CODE,
	RQC_TITLE,
	RQC_TEXT,
	RQC_CATEGORY,
	RQC_MIN_C,
	RQC_MIN_I,
	RQC_MIN_A,
	RQC_MIN_T,
	RQC_NIS2,
	RQC_ACTIVE,
	RQC_VERSION,
	RQC_CREATED,
	RQC_UPDATED
};

enum asset_requirement_col {
	ARC_ID,
	ARC_ASSET,
	ARC_REQUIREMENT,
	ARC_STATUS,
	ARC_COMMENT,
	ARC_EVIDENCE,
	ARC_ACTION,
	ARC_ACTION_TITLE,
	ARC_ACTION_STATUS,
	ARC_VERSION,
	ARC_UPDATED_BY,
	ARC_UPDATED_BY_NAME,
	ARC_UPDATED
};

extern const struct db_query Q_REQ_COUNT_ALL; /* -> count */
extern const struct db_query Q_REQ_GET;       /* $1 id */
extern const struct db_query Q_REQ_GET_CODE;  /* $1 code */
/* $1 category, $2 nis2, $3 like, $4 active (-1/0/1), $5 limit, $6 offset; category order, then code */
extern const struct db_query Q_REQ_LIST;
extern const struct db_query Q_REQ_LIST_COUNT; /* $1..$4 as Q_REQ_LIST */
extern const struct db_query Q_REQ_ACTIVE_ALL; /* every active requirement, category order then code */
/* $1 code, $2 title, $3 text, $4 category, $5..$8 min_c..min_t, $9 nis2, $10 active, $11 now -> id */
extern const struct db_query Q_REQ_INSERT;
extern const struct db_query Q_REQ_INSERT_IF_NEW; /* as Q_REQ_INSERT; no row when the code exists */
/* $1 id, $2 version, $3 code, $4 title, $5 text, $6 category, $7..$10 min_c..min_t, $11 nis2, $12 active, $13 now */
extern const struct db_query Q_REQ_UPDATE;
extern const struct db_query Q_REQ_SET_ACTIVE; /* $1 id, $2 version, $3 active, $4 now */

extern const struct db_query Q_AR_FOR_ASSET; /* $1 asset id: every row of the asset */
extern const struct db_query Q_AR_GET;       /* $1 asset id, $2 requirement id */
/* $1 asset, $2 requirement, $3 status, $4 comment, $5 evidence, $6 by, $7 now -> id */
extern const struct db_query Q_AR_INSERT;
/* $1 asset, $2 requirement, $3 status, $4 comment, $5 evidence, $6 by, $7 now, $8 version */
extern const struct db_query Q_AR_UPDATE;
/* $1 asset, $2 requirement, $3 action id, $4 by, $5 now, $6 version */
extern const struct db_query Q_AR_SET_ACTION;

#endif
