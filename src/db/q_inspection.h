/*
 * q_inspection.h - the stored shape of audits (granskningar): the report,
 * the boards it is addressed to, its report file, its numbered
 * recommendations and the findings of a follow-up, and the typed queries
 * that read and write them (SQL text in q_inspection.c).
 *
 * Each function owns its query's parameter order and row mapping. Results
 * live in the arena given. Functions return 0 or a negative err_code; a
 * missing row is ERR_NOTFOUND, a stale version ERR_CONFLICT and a taken
 * number ERR_EXISTS, all without a message (the domain words them), other
 * failures ERR_DB with @e filled.
 */
#ifndef TILLIT_DB_Q_INSPECTION_H
#define TILLIT_DB_Q_INSPECTION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct arena;
struct db;
struct err;

struct inspection {
	int64_t id;
	int64_t unit_id;
	const char *unit_name;
	const char *unit_path;
	const char *auditor_kind; /* "municipal", "external", "imy", "mcf", "other" */
	const char *auditor;
	const char *title;
	const char *report_date; /* YYYY-MM-DD */
	const char *case_ref;
	const char *scope;
	const char *assessment;
	const char *observations;
	int64_t follows_id; /* the audit it follows up, 0 when none */
	const char *follows_title;
	const char *follows_date;
	int64_t n_recommendations;
	int64_t n_open;
	const char *file_name; /* the report file, NULL when none */
	int64_t file_size;
	const char *file_sha256;
	int64_t version;
	int64_t created_by;
	const char *created_at;
	const char *updated_at;
};

/** What a person sets on an audit. Strings may be NULL (empty). */
struct inspection_input {
	int64_t unit_id;
	const char *auditor_kind;
	const char *auditor;
	const char *title;
	const char *report_date;
	const char *case_ref;
	const char *scope;
	const char *assessment;
	const char *observations;
	int64_t follows_id;
	const int64_t *board_ids; /* the boards it is addressed to */
	size_t n_board_ids;
	bool set_boards; /* false: an update keeps the boards as stored */
};

enum inspection_sort { INSPECTION_SORT_DATE, INSPECTION_SORT_TITLE, INSPECTION_SORT_AUDITOR };

struct inspection_filter {
	int64_t viewer_id;
	int64_t unit_id;  /* the audit's unit or one of its boards in this subtree; 0 = all */
	int64_t year;     /* report year; 0 = all */
	const char *kind; /* auditor kind, NULL = all */
	const char *q;    /* in title, auditor and case reference */
	enum inspection_sort sort;
	bool desc;
	int64_t limit;
	int64_t offset;
};

/** A unit an audit or recommendation is addressed to. */
struct insp_board {
	int64_t owner_id; /* the audit or recommendation */
	int64_t id;
	const char *name;
	const char *path;
};

int q_inspection_get(struct db *db, struct arena *a, int64_t id, struct inspection *out, struct err *e);

/**
 * A page of the audits @f->viewer_id sees (in the audit's unit or one of
 * its boards), and (when @total is not NULL) how many match. @subtree: the
 * path of f->unit_id or NULL.
 */
int q_inspection_list(struct db *db, struct arena *a, const struct inspection_filter *f, const char *subtree,
		      struct inspection **out, size_t *n, int64_t *total, struct err *e);

int q_inspection_insert(struct db *db, struct arena *a, const struct inspection_input *in, int64_t by, const char *now,
			int64_t *id_out, struct err *e);

/** Change the audit; its recommendations take its unit and date. */
int q_inspection_update(struct db *db, struct arena *a, int64_t id, int64_t version, const struct inspection_input *in,
			const char *now, struct err *e);

/** Replace the boards of audit @id. */
int q_inspection_set_boards(struct db *db, struct arena *a, int64_t id, const int64_t *ids, size_t n, struct err *e);

/** The boards of audit @id, by name. */
int q_inspection_boards(struct db *db, struct arena *a, int64_t id, struct insp_board **out, size_t *n, struct err *e);

/** Is unit @unit_id one of the boards audit @id is addressed to? */
int q_inspection_addressed(struct db *db, struct arena *a, int64_t id, int64_t unit_id, bool *out, struct err *e);

/** A unit by id with its name and path (ERR_NOTFOUND when absent). */
int q_inspection_unit(struct db *db, struct arena *a, int64_t id, struct insp_board *out, struct err *e);

/** The audits following up audit @id, by date. */
int q_inspection_followups(struct db *db, struct arena *a, int64_t id, struct inspection **out, size_t *n,
			   struct err *e);

/* --- the report file ----------------------------------------------------------------- */

struct inspection_file {
	int64_t id;
	int64_t inspection_id;
	const char *file_name;
	const char *mime;
	int64_t size;
	const char *sha256; /* hex */
	const char *data;   /* base64; NULL when read without it */
	int64_t created_by;
	const char *created_at;
};

/** The file of audit @id with its bytes (base64). ERR_NOTFOUND when it has none. */
int q_inspection_file_get(struct db *db, struct arena *a, int64_t inspection_id, struct inspection_file *out,
			  struct err *e);

/** Put @f as the file of its audit, replacing one kept before. */
int q_inspection_file_put(struct db *db, struct arena *a, const struct inspection_file *f, struct err *e);

/* --- recommendations ------------------------------------------------------------------- */

struct recommendation {
	int64_t id;
	int64_t inspection_id;
	const char *inspection_title;
	const char *inspection_case_ref;
	const char *report_date;
	int64_t unit_id; /* the audit's unit */
	const char *unit_path;
	int64_t number;
	const char *text;
	const char *status; /* "open", "closed" */
	const char *boards; /* the names of the boards it is addressed to, ", " between them */
	int64_t n_planned, n_ongoing, n_done, n_overdue; /* its measures in current responses */
	int64_t n_findings;                              /* how many times a follow-up examined it */
	int64_t version;
	int64_t created_by;
	const char *created_at;
	const char *updated_at;
};

struct recommendation_input {
	int64_t number;
	const char *text;
	const char *status;
	const int64_t *board_ids;
	size_t n_board_ids;
	bool set_boards;
};

struct recommendation_filter {
	int64_t viewer_id;
	int64_t unit_id;       /* addressed to a board in this subtree; 0 = all */
	int64_t inspection_id; /* 0 = all */
	int64_t year;          /* the audit's report year; 0 = all */
	const char *status;    /* "open", "closed", NULL = all */
	bool overdue;          /* only those with an overdue measure */
	const char *today;     /* YYYY-MM-DD, for overdue */
	bool desc;             /* newest audit first */
	int64_t limit;
	int64_t offset;
};

int q_recommendation_get(struct db *db, struct arena *a, int64_t id, const char *today, struct recommendation *out,
			 struct err *e);

/** A page of recommendations by the audit's date and number, and the total. @subtree: path of f->unit_id. */
int q_recommendation_list(struct db *db, struct arena *a, const struct recommendation_filter *f, const char *subtree,
			  struct recommendation **out, size_t *n, int64_t *total, struct err *e);

int q_recommendation_insert(struct db *db, struct arena *a, const struct inspection *in_audit,
			    const struct recommendation_input *in, int64_t by, const char *now, int64_t *id_out,
			    struct err *e);

int q_recommendation_update(struct db *db, struct arena *a, int64_t id, int64_t version,
			    const struct recommendation_input *in, const char *now, struct err *e);

int q_recommendation_set_boards(struct db *db, struct arena *a, int64_t id, const int64_t *ids, size_t n,
				struct err *e);

/** The boards of every recommendation of audit @inspection_id, by recommendation and name. */
int q_recommendation_boards(struct db *db, struct arena *a, int64_t inspection_id, struct insp_board **out, size_t *n,
			    struct err *e);

/* --- findings of a follow-up ------------------------------------------------------------ */

struct finding {
	int64_t id;
	int64_t inspection_id;
	const char *inspection_title;
	const char *inspection_date;
	int64_t position;
	const char *area;          /* "Granskning" */
	const char *result;        /* "Resultat" */
	int64_t recommendation_id; /* the earlier recommendation it examined, 0 when none */
	int64_t rec_number;
	const char *rec_text;
	int64_t rec_inspection_id;
	const char *rec_inspection_title;
	int64_t created_by;
	const char *created_at;
};

struct finding_input {
	const char *area;
	const char *result;
	int64_t recommendation_id;
};

/** The findings of audit @inspection_id in order. */
int q_finding_list(struct db *db, struct arena *a, int64_t inspection_id, struct finding **out, size_t *n,
		   struct err *e);

/** The findings that examined recommendation @rec_id, by the follow-up's date. */
int q_finding_of_recommendation(struct db *db, struct arena *a, int64_t rec_id, struct finding **out, size_t *n,
				struct err *e);

/** Add a finding at the end of audit @inspection_id's findings; *position_out gets its place. */
int q_finding_insert(struct db *db, struct arena *a, int64_t inspection_id, const struct finding_input *in, int64_t by,
		     const char *now, int64_t *id_out, int64_t *position_out, struct err *e);

#endif
