/*
 * governing_document.h - governing documents (styrdokument): policies,
 * guidelines, directives (anvisningar), routines and instructions.
 *
 * A document applies to a unit and the units below it, has an owner
 * (dokumentägare), the board or officer that decided it, the decision
 * date and case reference (diarienummer), a version, a review interval in
 * months and a status (draft, in force, under review, repealed). Its next
 * review is the decision date plus the interval, the day clamped to the
 * end of a shorter month (31 January + 1 month is 28 or 29 February),
 * unless a date is given, which may not be before the decision date.
 * A document is due for review when it is in force or under review and
 * its next review has come; overdue when it has passed.
 *
 * It may name a link or carry a file: PDF, Word, Excel, PowerPoint,
 * OpenDocument or plain text, at most GOVERNING_DOCUMENT_FILE_MAX bytes,
 * recognised by its name and its first bytes, stored with its SHA-256,
 * which is checked again on every download. A new file keeps the old
 * ones. Each version (created, or its version text changed) is kept in
 * the history with its decision. It may replace another document and
 * meet requirements of the requirements library.
 */
#ifndef TILLIT_DOMAIN_GOVERNING_DOCUMENT_H
#define TILLIT_DOMAIN_GOVERNING_DOCUMENT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/i18n.h"
#include "db/q_governing_document.h"
#include "domain/authz.h"
#include "domain/listexport.h"

struct arena;
struct db;
struct err;
struct json;
struct task;

#define GOVERNING_DOCUMENT_FILE_MAX (10L * 1024 * 1024)

#define GD_KIND_COUNT 5
/** "policy", "guideline", "directive", "routine", "instruction" and their label message ids. */
extern const char *const governing_document_kinds[GD_KIND_COUNT];
extern const char *const governing_document_kind_labels[GD_KIND_COUNT];
#define GD_STATUS_COUNT 4
/** "draft", "in_force", "under_review", "repealed" and their labels. */
extern const char *const governing_document_statuses[GD_STATUS_COUNT];
extern const char *const governing_document_status_labels[GD_STATUS_COUNT];
/** "title", "next_review", "decision_date": the sort orders of the list, and their labels. */
extern const char *const governing_document_sorts[GD_SORT_COUNT];
extern const char *const governing_document_sort_labels[GD_SORT_COUNT];
/** "overdue", "soon" (within GD_SOON_DAYS, overdue included) and their labels. */
extern const char *const governing_document_dues[2];
extern const char *const governing_document_due_labels[2];
#define GD_SOON_DAYS 60

/** The label message id of @kind / @status (the code itself when unknown). */
const char *governing_document_kind_label(const char *kind);
const char *governing_document_status_label(const char *status);

/**
 * @date ("YYYY-MM-DD") plus @months into @out: the same day of the month,
 * or the month's last day when it has fewer. ERR_INVALID on a bad date or
 * a negative or absurd interval.
 */
int governing_document_next_review(const char *date, int64_t months, char out[11]);

/** Overdue: in force or under review, with a next review before @today. */
bool governing_document_overdue(const struct governing_document *d, const char *today);

int governing_document_get(struct db *db, struct arena *a, int64_t id, struct governing_document *out, struct err *e);

/**
 * How a document is named where it is chosen by typing: "Title (version,
 * Unit)", or "Title (Unit)" without a version. Lives in @a.
 */
const char *governing_document_choice_label(struct arena *a, const struct governing_document *d);

/* At most this many documents of one title are read to find the one a typed text names. */
#define GD_CHOICE_MAX 1000

/**
 * The document that @text names among those @viewer_id sees (0: all): a
 * label of governing_document_choice_label(), "Title (version)" or
 * "Title (Unit)", or a title alone, compared without regard to case or
 * surrounding space (a title holding " (…)" itself is tried whole when
 * nothing matches so). *id_out is its id when exactly one document
 * matches, else 0; *n_match says how many did (0: none, 2 or more: say
 * which).
 */
int governing_document_find_choice(struct db *db, struct arena *a, int64_t viewer_id, const char *text, int64_t *id_out,
				   size_t *n_match, struct err *e);

/** Scope function: document @id (kind "governing_document", record struct governing_document), in its unit, owned by its owner. */
int governing_document_scope(struct db *db, struct arena *a, int64_t id, struct scope *s, struct err *e);

/**
 * Fill @f (zeroed) from named arguments, shared by the list page, the API
 * and the exports: unit_id, owner_id, kind, status, due (overdue, soon),
 * q, sort (next review first when due is given). ERR_INVALID naming the
 * argument.
 */
int governing_document_filter_parse(struct governing_document_filter *f,
				    const char *(*get)(void *ctx, const char *name), void *ctx, struct err *e);
extern const char *const governing_document_filter_args[];

/** A page of the documents f->viewer_id sees (0: all). */
int governing_document_list(struct db *db, struct arena *a, const struct governing_document_filter *f,
			    struct governing_document **out, size_t *n, int64_t *total, struct err *e);

/** @d as input; a next review equal to the computed one is left empty, so that it stays computed. */
struct governing_document_input governing_document_input_of(const struct governing_document *d);

/**
 * Create a document as @auth, who must be able to edit in its unit
 * (ERR_FORBIDDEN naming unit_id). Checks: kind, title, status, version
 * text given; review_months 1..120; dates real; a given next review not
 * before the decision date (ERR_INVALID naming next_review); the owner an
 * existing user; the document replaced one @auth sees; the link http(s).
 * The first version goes into the history.
 */
int governing_document_create(struct db *db, struct arena *a, const struct auth *auth,
			      const struct governing_document_input *in, int64_t *id_out, struct err *e);

/** Change @before to @in, checked as on create. A changed version text adds a version to the history. */
int governing_document_update(struct db *db, struct arena *a, const struct auth *auth,
			      const struct governing_document *before, int64_t version,
			      const struct governing_document_input *in, struct governing_document *current,
			      struct err *e);

/** May @auth change @d? Editors in its unit, or its owner holding the owner role there. */
bool governing_document_can_edit(const struct auth *auth, const struct governing_document *d);

/**
 * Attach @len bytes named @file_name to @before as its current file.
 * ERR_INVALID naming "file": none given, over GOVERNING_DOCUMENT_FILE_MAX,
 * or of a type not allowed (by name, or bytes that do not match it).
 * ERR_CONFLICT on a stale @version.
 */
int governing_document_attach(struct db *db, struct arena *a, const struct auth *auth,
			      const struct governing_document *before, int64_t version, const char *file_name,
			      const char *data, size_t len, struct err *e);

/** A file's bytes, for download. */
struct governing_document_download {
	const char *name;         /* as uploaded */
	const char *ascii_name;   /* the name with anything but letters, digits, '.', '-' and '_' replaced */
	const char *content_type; /* one of the allowed types */
	const char *data;
	size_t len;
};

/**
 * The current file of @d (ERR_NOTFOUND naming "file" when it has none),
 * its checksum checked: ERR_INTERNAL when the bytes no longer match it.
 */
int governing_document_download(struct db *db, struct arena *a, const struct governing_document *d,
				struct governing_document_download *out, struct err *e);

/** The content type for a file named @name, or NULL when such files may not be attached. */
const char *governing_document_file_type(const char *name);

int governing_document_versions(struct db *db, struct arena *a, int64_t id, struct governing_document_version **out,
				size_t *n, struct err *e);

/** Record that @d meets requirement @requirement_id (ERR_INVALID naming requirement_id when there is none; ERR_EXISTS when already). */
int governing_document_req_add(struct db *db, struct arena *a, const struct auth *auth,
			       const struct governing_document *d, int64_t requirement_id, struct err *e);
/** Remove it (ERR_NOTFOUND naming requirement_id when it was not recorded). */
int governing_document_req_remove(struct db *db, struct arena *a, const struct auth *auth,
				  const struct governing_document *d, int64_t requirement_id, struct err *e);
int governing_document_reqs(struct db *db, struct arena *a, int64_t id, struct governing_document_req **out, size_t *n,
			    struct err *e);
/** The documents meeting requirement @requirement_id that @auth sees. */
int governing_document_reqs_of(struct db *db, struct arena *a, const struct auth *auth, int64_t requirement_id,
			       struct governing_document_req **out, size_t *n, struct err *e);

/** Task source (tasks.h): the documents @auth owns that are overdue or due within GD_SOON_DAYS. */
int governing_document_tasks(struct db *db, struct arena *a, const struct auth *auth, const char *today, size_t max,
			     struct task **out, size_t *n, struct err *e);

/**
 * For the management review and the organisation-wide figures: how many
 * documents applying to unit @unit_id or a unit below it (0: all) are
 * overdue for review on @today (NULL: today).
 */
int governing_document_count_overdue(struct db *db, struct arena *a, int64_t unit_id, const char *today, int64_t *n,
				     struct err *e);

/** The document as JSON (file metadata, never its bytes). */
void governing_document_json(struct json *j, const struct governing_document *d);

/** Every document @f matches (at most 10000) as a file in @format; labels in @lang. */
int governing_document_export(struct db *db, struct arena *a, const struct governing_document_filter *f, enum lang lang,
			      enum export_format format, const char **data, size_t *len, const char **mime,
			      struct err *e);

/** "styrdokument-YYYY-MM-DD.<ext>". */
const char *governing_document_export_filename(struct arena *a, enum export_format format);

/* --- read-and-acknowledge rounds --- */

int governing_document_rounds(struct db *db, struct arena *a, int64_t id, struct governing_document_round **out,
			      size_t *n, struct err *e);

/**
 * Ask the people holding a role in unit @unit_id or below it (0: @d's own
 * unit; else @d's unit or a unit below it), only the members of target
 * group @group_id when it is not 0, to confirm that they have read @d's
 * current version. ERR_FORBIDDEN unless @auth may change @d; ERR_INVALID
 * naming group_id for no such group, naming unit_id for no such unit (or
 * one @auth does not see) or a unit outside the document's; ERR_EXISTS
 * naming group_id when the version already asks the same people. A new
 * version of the document starts a new round for each group and unit of
 * the old version's rounds.
 */
int governing_document_round_start(struct db *db, struct arena *a, const struct auth *auth,
				   const struct governing_document *d, int64_t group_id, int64_t unit_id,
				   struct err *e);

/**
 * @auth confirms having read @d's current version, in every round of it
 * that asks them. ERR_INVALID naming "id" when no round asks them (or they
 * have confirmed already).
 */
int governing_document_acknowledge(struct db *db, struct arena *a, const struct auth *auth,
				   const struct governing_document *d, struct err *e);

/**
 * Document @id for @auth to read and confirm: those who may read in its
 * unit, and those a round of its current version asks (a role below the
 * document's unit does not by itself let a person read it). ERR_NOTFOUND
 * for anyone else, as for no such document.
 */
int governing_document_get_to_read(struct db *db, struct arena *a, const struct auth *auth, int64_t id,
				   struct governing_document *out, struct err *e);

/** Whether a round of @d's current version asks @auth and waits for them. */
bool governing_document_ack_waiting(struct db *db, struct arena *a, const struct auth *auth,
				    const struct governing_document *d);

/** How many of those a round asks in a unit (with the units below it) have confirmed. */
struct governing_document_ack_cover {
	int64_t unit_id;
	const char *unit_name;
	int64_t confirmed;
	int64_t asked;
};

/**
 * Coverage of round @round_id of @d in the unit it asks and in each unit
 * directly below it that @auth sees: out[0] is the unit asked (the
 * document's unless the round chose one). ERR_NOTFOUND for no such round.
 */
int governing_document_ack_coverage(struct db *db, struct arena *a, const struct auth *auth,
				    const struct governing_document *d, int64_t round_id,
				    struct governing_document_ack_cover **out, size_t *n, struct err *e);

/** Task source (tasks.h): the documents whose current version asks @auth to confirm having read it, each once. */
int governing_document_ack_tasks(struct db *db, struct arena *a, const struct auth *auth, const char *today, size_t max,
				 struct task **out, size_t *n, struct err *e);

#endif
