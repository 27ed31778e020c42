/*
 * q_response.h - the stored shape of a board's responses to an audit
 * (yttranden): the response, its numbered action areas and the
 * recommendations each answers, its measures and their hand-overs, and the
 * typed queries that read and write them (SQL text in q_response.c).
 *
 * Each function owns its query's parameter order and row mapping. Results
 * live in the arena given. Functions return 0 or a negative err_code; a
 * missing row is ERR_NOTFOUND, a stale version ERR_CONFLICT and a taken
 * number ERR_EXISTS, all without a message, other failures ERR_DB.
 */
#ifndef TILLIT_DB_Q_RESPONSE_H
#define TILLIT_DB_Q_RESPONSE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct arena;
struct db;
struct err;

struct audit_response {
	int64_t id;
	int64_t inspection_id;
	const char *inspection_title;
	const char *inspection_case_ref;
	const char *inspection_path; /* the audit's unit path */
	int64_t unit_id;             /* the responding board */
	const char *unit_name;
	const char *unit_path;
	int64_t supplements_id; /* the earlier response it supplements, 0 when first */
	bool superseded;        /* a supplementary response has followed it */
	const char *response_date;
	const char *case_ref;
	const char *address;
	const char *addressee;
	const char *title;
	const char *summary;
	const char *status; /* "draft", "approved" */
	const char *approved_by;
	const char *approved_on;
	int64_t version;
	int64_t created_by;
	const char *created_at;
	const char *updated_at;
};

struct response_input {
	int64_t unit_id;
	const char *response_date;
	const char *case_ref;
	const char *address;
	const char *addressee;
	const char *title;
	const char *summary;
};

int q_response_get(struct db *db, struct arena *a, int64_t id, struct audit_response *out, struct err *e);

/** The responses to audit @inspection_id, by date. */
int q_response_of_inspection(struct db *db, struct arena *a, int64_t inspection_id, struct audit_response **out,
			     size_t *n, struct err *e);

int q_response_insert(struct db *db, struct arena *a, int64_t inspection_id, int64_t supplements_id,
		      const struct response_input *in, int64_t by, const char *now, int64_t *id_out, struct err *e);

int q_response_update(struct db *db, struct arena *a, int64_t id, int64_t version, const struct response_input *in,
		      const char *now, struct err *e);

/** Freeze response @id: approved by @by_name on @on. */
int q_response_approve(struct db *db, struct arena *a, int64_t id, int64_t version, const char *by_name, const char *on,
		       const char *now, struct err *e);

/** Mark response @id superseded and close its measures for the overdue lists. */
int q_response_supersede(struct db *db, struct arena *a, int64_t id, const char *now, struct err *e);

/* --- action areas ------------------------------------------------------------------------ */

struct action_area {
	int64_t id;
	int64_t response_id;
	int64_t number;
	const char *heading;
	const char *decided_action;
	const char *expected_effect;
	const char *actions_taken; /* Markdown */
	const char *rec_ids;       /* the recommendations it answers, "3,5" */
	const char *rec_numbers;   /* their numbers, "1, 2" */
	int64_t version;
	int64_t created_by;
	const char *created_at;
	const char *updated_at;
};

struct action_area_input {
	int64_t number;
	const char *heading;
	const char *decided_action;
	const char *expected_effect;
	const char *actions_taken;
	const int64_t *recommendation_ids;
	size_t n_recommendation_ids;
	bool set_recommendations;
};

int q_area_get(struct db *db, struct arena *a, int64_t id, struct action_area *out, struct err *e);

/** The action areas of response @response_id by number. */
int q_area_list(struct db *db, struct arena *a, int64_t response_id, struct action_area **out, size_t *n,
		struct err *e);

int q_area_insert(struct db *db, struct arena *a, int64_t response_id, const struct action_area_input *in, int64_t by,
		  const char *now, int64_t *id_out, struct err *e);

int q_area_update(struct db *db, struct arena *a, int64_t id, int64_t version, const struct action_area_input *in,
		  const char *now, struct err *e);

int q_area_set_recommendations(struct db *db, struct arena *a, int64_t id, const int64_t *ids, size_t n, struct err *e);

/** Is recommendation @rec_id one of audit @inspection_id's? */
int q_area_rec_of(struct db *db, struct arena *a, int64_t rec_id, int64_t inspection_id, bool *out, struct err *e);

/* --- measures ------------------------------------------------------------------------------ */

struct measure {
	int64_t id;
	int64_t response_id;
	const char *response_status;
	bool response_superseded;
	int64_t response_unit_id;
	const char *response_unit_path;
	const char *response_title;
	int64_t inspection_id;
	int64_t area_id; /* 0 when in no area */
	int64_t area_number;
	int64_t position;
	const char *title;
	int64_t unit_id; /* the responsible unit */
	const char *unit_name;
	const char *unit_path;
	int64_t owner_id; /* the responsible person, 0 when none */
	const char *owner_name;
	const char *status; /* "planned", "ongoing", "done" */
	const char *comment;
	const char *case_ref;
	const char *planned_date;
	const char *done_date;
	int64_t previous_id; /* the same measure in the response this one supplements */
	bool open;
	const char *handed_to; /* the unit of its latest hand-over, NULL when never handed over */
	int64_t version;
	int64_t created_by;
	const char *created_at;
	const char *updated_at;
};

struct measure_input {
	int64_t area_id;
	const char *title;
	int64_t unit_id;
	int64_t owner_id;
	const char *status;
	const char *comment;
	const char *case_ref;
	const char *planned_date;
	const char *done_date;
};

struct measure_filter {
	int64_t viewer_id;
	int64_t unit_id;  /* responsible unit in this subtree; 0 = all */
	int64_t owner_id; /* responsible person; 0 = all */
	bool overdue;     /* only open ones planned before @today */
	const char *today;
	int64_t limit;
	int64_t offset;
};

int q_measure_get(struct db *db, struct arena *a, int64_t id, struct measure *out, struct err *e);

/** The measures of response @response_id in order. */
int q_measure_of_response(struct db *db, struct arena *a, int64_t response_id, struct measure **out, size_t *n,
			  struct err *e);

/** The measures of the current responses answering recommendation @rec_id, in order. */
int q_measure_of_recommendation(struct db *db, struct arena *a, int64_t rec_id, struct measure **out, size_t *n,
				struct err *e);

/** A page of open measures of current responses @f->viewer_id sees, by planned date. @subtree: path of f->unit_id. */
int q_measure_list(struct db *db, struct arena *a, const struct measure_filter *f, const char *subtree,
		   struct measure **out, size_t *n, int64_t *total, struct err *e);

/** Insert a measure at the end of its response; @previous_id links it to its earlier self. */
int q_measure_insert(struct db *db, struct arena *a, int64_t response_id, const struct measure_input *in,
		     int64_t previous_id, int64_t by, const char *now, int64_t *id_out, struct err *e);

int q_measure_update(struct db *db, struct arena *a, int64_t id, int64_t version, const struct measure_input *in,
		     const char *now, struct err *e);

struct measure_handover {
	int64_t id;
	int64_t measure_id;
	int64_t from_unit_id;
	const char *from_name;
	int64_t to_unit_id;
	const char *to_name;
	const char *handed_on;
	const char *note;
	int64_t created_by;
	const char *created_at;
};

int q_handover_insert(struct db *db, struct arena *a, const struct measure_handover *h, struct err *e);

/** The hand-overs of the measures @ids (@n of them), oldest first. */
int q_handover_of(struct db *db, struct arena *a, const int64_t *ids, size_t n, struct measure_handover **out,
		  size_t *n_out, struct err *e);

#endif
