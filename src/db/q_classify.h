/*
 * q_classify.h - SQL of the classification model, the question bank and
 * classifications (text in q_classify.c).
 */
#ifndef TILLIT_DB_Q_CLASSIFY_H
#define TILLIT_DB_Q_CLASSIFY_H

#include "db/db.h"

enum class_model_col { CMC_ID, CMC_ORG, CMC_USE_T, CMC_MAX, CMC_MONTHS, CMC_VERSION, CMC_UPDATED };
enum class_level_col { CLV_LEVEL, CLV_NAME, CLV_DESCRIPTION };
enum class_question_col {
	CQC_ID,
	CQC_ORG,
	CQC_ASPECT,
	CQC_POSITION,
	CQC_TEXT,
	CQC_HELP,
	CQC_ACTIVE,
	CQC_VERSION,
	CQC_UPDATED
};
enum class_option_col { COC_ID, COC_QUESTION, COC_POSITION, COC_TEXT, COC_LEVEL };
/* Levels, computed, inherited and motivations are four consecutive columns each (c, i, a, t). */
enum classification_col {
	CLC_ID,
	CLC_ASSET,
	CLC_VERSION_NO,
	CLC_LEVEL,
	CLC_COMPUTED = CLC_LEVEL + 4,
	CLC_INHERITED = CLC_COMPUTED + 4,
	CLC_MOTIVATION = CLC_INHERITED + 4,
	CLC_INHERITED_FROM = CLC_MOTIVATION + 4,
	CLC_ANSWERS,
	CLC_STATUS,
	CLC_REVIEW_DUE,
	CLC_SIGNED_BY,
	CLC_SIGNED_BY_NAME,
	CLC_SIGNED_AT,
	CLC_CREATED_BY,
	CLC_CREATED_BY_NAME,
	CLC_CREATED_AT
};
/* An asset linked by "holds", with its current classification's levels (NULL when unclassified). */
enum class_link_col {
	CKC_ID,
	CKC_NAME,
	CKC_UNIT,
	CKC_KIND,
	CKC_CLASS,
	CKC_VERSION_NO,
	CKC_LEVEL,
	CKC_SIGNED_AT = CKC_LEVEL + 4,
	CKC_NEEDS_REVIEW
};

extern const struct db_query Q_CM_GET;          /* $1 org */
extern const struct db_query Q_CM_INSERT;       /* $1 org, $2 now -> id */
extern const struct db_query Q_CM_UPDATE;       /* $1 org, $2 version, $3 use_t, $4 max, $5 months, $6 now */
extern const struct db_query Q_CL_LEVELS;       /* $1 org: level, name, description */
extern const struct db_query Q_CL_LEVEL_UPDATE; /* $1 org, $2 level, $3 name, $4 description */
extern const struct db_query Q_CL_LEVEL_INSERT; /* $1 org, $2 level, $3 name, $4 description */

extern const struct db_query Q_CQ_LIST;    /* $1 org, $2 active only (0/1) */
extern const struct db_query Q_CQ_GET;     /* $1 id */
extern const struct db_query Q_CQ_COUNT;   /* $1 org -> count */
extern const struct db_query Q_CQ_MAX_POS; /* $1 org, $2 aspect -> max position */
extern const struct db_query
	Q_CQ_INSERT; /* $1 org, $2 aspect, $3 position, $4 text, $5 help, $6 active, $7 now -> id */
extern const struct db_query Q_CQ_UPDATE;    /* $1 id, $2 version, $3 aspect, $4 text, $5 help, $6 active, $7 now */
extern const struct db_query Q_CQ_SET_POS;   /* $1 id, $2 position */
extern const struct db_query Q_CQ_BUMP;      /* $1 id, $2 version, $3 now: version + 1 */
extern const struct db_query Q_CO_LIST_ORG;  /* $1 org: every option of the organisation's questions */
extern const struct db_query Q_CO_LIST_Q;    /* $1 question */
extern const struct db_query Q_CO_INSERT;    /* $1 question, $2 position, $3 text, $4 level */
extern const struct db_query Q_CO_UPDATE;    /* $1 id, $2 question, $3 position, $4 text, $5 level */
extern const struct db_query Q_CO_DELETE;    /* $1 id, $2 question */
extern const struct db_query Q_CO_MAX_LEVEL; /* $1 org -> highest level an option implies */

extern const struct db_query Q_CLS_GET;       /* $1 id */
extern const struct db_query Q_CLS_LIST;      /* $1 asset: newest first */
extern const struct db_query Q_CLS_NEXT_NO;   /* $1 asset -> next version number */
extern const struct db_query Q_CLS_INSERT;    /* $1 asset, $2 no, $3..$6 levels, $7..$10 computed, $11..$14 inherited,
						   $15..$18 motivations, $19 inherited_from, $20 answers, $21 by, $22 now -> id */
extern const struct db_query Q_CLS_SIGN;      /* $1 id, $2 by, $3 at, $4 review_due (drafts only) */
extern const struct db_query Q_CLS_ASSET_SET; /* $1 asset, $2 classification, $3 review_due */
extern const struct db_query Q_CLS_HELD;      /* $1 asset: the information sets it holds */
extern const struct db_query Q_CLS_HOLDERS;   /* $1 information set: the assets holding it */
extern const struct db_query Q_CLS_FLAG;      /* $1 asset: needs_review = 1 */

#endif
