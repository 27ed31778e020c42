/*
 * q_governing_document.h - the stored shape of governing documents, their
 * files, versions and the requirements they meet, and the typed queries
 * that read and write them (SQL text in q_governing_document.c).
 *
 * Each function owns its query's parameter order and row mapping. Results
 * live in the arena given. Functions return 0 or a negative err_code; a
 * missing row is ERR_NOTFOUND, a stale version ERR_CONFLICT and a second
 * link to one requirement ERR_EXISTS, all without a message (the domain
 * words them), other failures ERR_DB with @e filled.
 */
#ifndef TILLIT_DB_Q_GOVERNING_DOCUMENT_H
#define TILLIT_DB_Q_GOVERNING_DOCUMENT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct arena;
struct db;
struct err;

struct governing_document {
	int64_t id;
	int64_t unit_id;
	const char *unit_name;
	const char *unit_path;
	const char *kind; /* "policy", "guideline", "directive", "routine", "instruction" */
	const char *title;
	int64_t owner_id;
	const char *owner_name;
	const char *decided_by;
	const char *decision_date; /* YYYY-MM-DD or NULL */
	const char *case_ref;
	const char *doc_version;
	int64_t review_months;
	const char *next_review; /* YYYY-MM-DD or NULL */
	const char *status;      /* "draft", "in_force", "under_review", "repealed" */
	const char *link;
	int64_t file_id; /* 0: no file */
	const char *file_name;
	const char *file_type;
	int64_t file_size;
	const char *file_sha256;
	int64_t replaces_id;
	const char *replaces_title;
	const char *replaces_unit_path;
	int64_t version;
	int64_t created_by;
	const char *created_at;
	const char *updated_at;
};

/** What a person sets on a document. Strings may be NULL (empty). */
struct governing_document_input {
	int64_t unit_id;
	const char *kind;
	const char *title;
	int64_t owner_id;
	const char *decided_by;
	const char *decision_date;
	const char *case_ref;
	const char *doc_version;
	int64_t review_months;   /* -1: not given */
	const char *next_review; /* NULL or empty: computed */
	const char *status;
	const char *link;
	int64_t replaces_id;
	const char *title_folded; /* set by the domain from the title (str_fold()) */
};

enum governing_document_sort { GD_SORT_TITLE, GD_SORT_REVIEW, GD_SORT_DECIDED, GD_SORT_COUNT };

struct governing_document_filter {
	int64_t viewer_id;
	int64_t unit_id; /* subtree; 0 = all */
	int64_t owner_id;
	const char *kind;
	const char *status;
	const char *due; /* "overdue", "soon" or NULL: documents in force or under review whose next review has come */
	const char *today; /* YYYY-MM-DD the due filter is judged on; NULL: today */
	const char *q;
	enum governing_document_sort sort;
	int64_t limit;
	int64_t offset;
};

int q_governing_document_get(struct db *db, struct arena *a, int64_t id, struct governing_document *out, struct err *e);

/**
 * At most @limit documents whose folded title (str_fold()) is
 * @title_folded in the units @viewer_id sees (0: all), by unit name: the
 * documents a typed document field names. Results live in @a.
 */
int q_governing_document_titled(struct db *db, struct arena *a, int64_t viewer_id, const char *title_folded,
				int64_t limit, struct governing_document **out, size_t *n, struct err *e);

/**
 * A page of documents in @f->sort's order, and (when @total is not NULL)
 * how many match. @subtree: path of f->unit_id; @due_by: YYYY-MM-DD, only
 * documents in force or under review whose next review is on or before it
 * (NULL: any).
 */
int q_governing_document_list(struct db *db, struct arena *a, const struct governing_document_filter *f,
			      const char *subtree, const char *due_by, struct governing_document **out, size_t *n,
			      int64_t *total, struct err *e);

/** Insert with @next_review (computed by the caller). */
int q_governing_document_insert(struct db *db, struct arena *a, const struct governing_document_input *in,
				const char *next_review, int64_t by, const char *now, int64_t *id_out, struct err *e);

int q_governing_document_update(struct db *db, struct arena *a, int64_t id, int64_t version,
				const struct governing_document_input *in, const char *next_review, const char *now,
				struct err *e);

/** Make @file_id the current file of document @id (version bumped); ERR_CONFLICT when @version is stale. */
int q_governing_document_set_file(struct db *db, struct arena *a, int64_t id, int64_t version, int64_t file_id,
				  const char *now, struct err *e);

/* --- files --- */

struct governing_document_file {
	int64_t id;
	int64_t document_id;
	const char *file_name;
	const char *content_type;
	int64_t size;
	const char *sha256; /* lower-case hex */
	const char *data;   /* base64; NULL when read without it */
	const char *created_at;
};

int q_governing_document_file_insert(struct db *db, struct arena *a, const struct governing_document_file *f,
				     int64_t by, const char *now, int64_t *id_out, struct err *e);

/** File @id with its bytes (base64). */
int q_governing_document_file_get(struct db *db, struct arena *a, int64_t id, struct governing_document_file *out,
				  struct err *e);

/* --- versions --- */

struct governing_document_version {
	int64_t id;
	const char *doc_version;
	const char *status;
	const char *decided_by;
	const char *decision_date;
	const char *case_ref;
	int64_t file_id;
	const char *file_name;
	const char *created_by_name;
	const char *created_at;
};

int q_governing_document_version_add(struct db *db, struct arena *a, int64_t document_id,
				     const struct governing_document *d, int64_t by, const char *now, struct err *e);

/** The versions of document @id, newest first. */
int q_governing_document_versions(struct db *db, struct arena *a, int64_t id, struct governing_document_version **out,
				  size_t *n, struct err *e);

/* --- requirements met --- */

struct governing_document_req {
	int64_t link_id;
	int64_t document_id;
	int64_t requirement_id;
	const char *code;
	const char *title;
	const char *doc_title; /* the document's, when listed by requirement */
	const char *doc_status;
	const char *doc_unit_path;
};

int q_governing_document_req_add(struct db *db, struct arena *a, int64_t document_id, int64_t requirement_id,
				 int64_t by, const char *now, int64_t *id_out, struct err *e);
int q_governing_document_req_remove(struct db *db, struct arena *a, int64_t document_id, int64_t requirement_id,
				    struct err *e);

/** The requirements document @id meets, by code. */
int q_governing_document_reqs(struct db *db, struct arena *a, int64_t id, struct governing_document_req **out,
			      size_t *n, struct err *e);

/** The documents that meet requirement @requirement_id, by title. */
int q_governing_document_reqs_of(struct db *db, struct arena *a, int64_t requirement_id,
				 struct governing_document_req **out, size_t *n, struct err *e);

/** A requirement's code and title; ERR_NOTFOUND when there is none. */
int q_governing_document_req_brief(struct db *db, struct arena *a, int64_t requirement_id, const char **code,
				   const char **title, struct err *e);

/* --- figures --- */

/**
 * How many documents in force or under review, applying to a unit in the
 * subtree @subtree (NULL: all), have a next review before @today.
 */
int q_governing_document_count_overdue(struct db *db, struct arena *a, const char *subtree, const char *today,
				       int64_t *n, struct err *e);

/* --- read-and-acknowledge rounds --- */

struct governing_document_round {
	int64_t id;
	int64_t document_id;
	const char *doc_version;
	int64_t group_id; /* 0: everyone with a role in the unit asked or below it */
	const char *group_name;
	int64_t n_acks;
	const char *created_at;
	/* for the tasks: the document's title and unit */
	const char *title;
	const char *unit_name;
	/* the unit whose people are asked: chosen (target_unit_id), or the document's (target_unit_id 0) */
	int64_t target_unit_id;
	const char *target_unit_name;
	const char *target_unit_path;
};

/** Insert a round of @doc_version asking the people of @group_id (0: all) in @unit_id (0: the document's unit). */
int q_governing_document_round_insert(struct db *db, struct arena *a, int64_t document_id, const char *doc_version,
				      int64_t group_id, int64_t unit_id, int64_t by, const char *now, int64_t *id_out,
				      struct err *e);

/** The rounds of document @id, newest first, with how many confirmed each. */
int q_governing_document_rounds(struct db *db, struct arena *a, int64_t id, struct governing_document_round **out,
				size_t *n, struct err *e);

/** A person asked by a round: one row per person and unit of a role in @unit_path's subtree. */
struct governing_document_target {
	int64_t user_id;
	const char *unit_path;
	bool acknowledged;
};

/**
 * The people round @round_id asks (a role in the subtree of @unit_path,
 * the round's target_unit_path, and in its group when it names one), with
 * whether they confirmed; by person.
 */
int q_governing_document_targets(struct db *db, struct arena *a, int64_t round_id, const char *unit_path,
				 struct governing_document_target **out, size_t *n, struct err *e);

int q_governing_document_ack_insert(struct db *db, struct arena *a, int64_t round_id, int64_t user_id, const char *now,
				    struct err *e);

/**
 * The rounds of the current versions of documents in force or under review
 * that ask @user_id and that the person has not confirmed, at most @limit.
 */
int q_governing_document_rounds_open(struct db *db, struct arena *a, int64_t user_id, int64_t limit,
				     struct governing_document_round **out, size_t *n, struct err *e);

#endif
