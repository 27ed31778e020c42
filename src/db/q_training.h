/*
 * q_training.h - the stored shape of training: target groups and their
 * members, courses and the groups they are mandatory for, completions per
 * person and completions counted per unit and year; the typed queries that
 * read and write them (SQL text in q_training.c).
 *
 * Each function owns its query's parameter order and row mapping. Results
 * live in the arena given. Functions return 0 or a negative err_code; a
 * missing row is ERR_NOTFOUND, a stale version ERR_CONFLICT and a taken
 * unique value ERR_EXISTS, all without a message (the domain words them),
 * other failures ERR_DB with @e filled.
 */
#ifndef TILLIT_DB_Q_TRAINING_H
#define TILLIT_DB_Q_TRAINING_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct arena;
struct db;
struct err;

struct training_group {
	int64_t id;
	const char *name;
	const char *description;
	int64_t n_members;
	int64_t version;
};

struct training_member {
	int64_t group_id;
	int64_t user_id;
	const char *display_name;
	const char *username;
};

struct course {
	int64_t id;
	const char *title;
	const char *provider;
	int64_t length_minutes;
	int64_t validity_months; /* 0: never expires */
	const char *link;
	int64_t version;
	const char *created_at;
	const char *updated_at;
};

struct course_input {
	const char *title;
	const char *provider;
	int64_t length_minutes;
	int64_t validity_months;
	const char *link;
	const int64_t *group_ids; /* the target groups it is mandatory for */
	size_t n_group_ids;
	bool set_groups; /* false: an update keeps the groups as stored */
};

/** A course and a target group it is mandatory for. */
struct course_group {
	int64_t course_id;
	int64_t group_id;
	const char *group_name;
};

struct training_completion {
	int64_t id;
	int64_t course_id;
	const char *course_title;
	int64_t user_id;
	const char *user_name;
	int64_t unit_id;
	const char *unit_name;
	const char *unit_path;
	const char *completed_on;
	const char *source; /* "manual", "import", "api" */
	const char *created_at;
};

struct training_completion_input {
	int64_t course_id;
	int64_t user_id;
	int64_t unit_id;
	const char *completed_on;
	const char *source;
};

/* The orders of the list of completions: newest first (the zero value), oldest first, by person, course, unit. */
enum training_completion_sort {
	TC_SORT_NEWEST,
	TC_SORT_OLDEST,
	TC_SORT_PERSON,
	TC_SORT_COURSE,
	TC_SORT_UNIT,
	TC_SORT_COUNT
};

struct training_completion_filter {
	int64_t viewer_id;
	int64_t unit_id; /* subtree; 0 = all */
	int64_t course_id;
	int64_t user_id;
	const char *from, *to; /* YYYY-MM-DD or NULL */
	enum training_completion_sort sort;
	int64_t limit;
	int64_t offset;
};

struct training_count {
	int64_t id;
	int64_t unit_id;
	const char *unit_name;
	const char *unit_path;
	int64_t course_id;
	const char *course_title;
	const char *period; /* YYYY */
	int64_t completed, employed;
	int64_t version;
};

/* The orders of the list of counts: newest year first (the zero value), by unit, by course. */
enum training_count_sort { TCOUNT_SORT_PERIOD, TCOUNT_SORT_UNIT, TCOUNT_SORT_COURSE, TCOUNT_SORT_COUNT };

struct training_count_filter {
	int64_t viewer_id;
	int64_t unit_id; /* subtree; 0 = all */
	int64_t course_id;
	const char *from, *to; /* YYYY or NULL */
	enum training_count_sort sort;
	int64_t limit;
	int64_t offset;
};

/* The orders of the catalogue of courses: by title (the zero value), provider, length, validity. */
enum course_sort {
	COURSE_SORT_TITLE,
	COURSE_SORT_PROVIDER,
	COURSE_SORT_LENGTH,
	COURSE_SORT_VALIDITY,
	COURSE_SORT_COUNT
};

struct course_filter {
	int64_t viewer_id; /* unused: the catalogue is the same for everyone */
	const char *q;     /* words in the title or the provider */
	int64_t group_id;  /* only courses mandatory for this target group; 0 = any */
	enum course_sort sort;
	int64_t limit;
	int64_t offset;
};

/* The members of one target group, by name. */
struct training_member_filter {
	int64_t viewer_id; /* unused: the groups are the same for everyone */
	int64_t group_id;
	const char *q; /* words in the name or the user name */
	int64_t limit;
	int64_t offset;
};

struct training_count_input {
	int64_t unit_id;
	int64_t course_id;
	const char *period;
	int64_t completed, employed; /* -1: not given */
};

/* --- groups --- */

int q_training_groups(struct db *db, struct arena *a, struct training_group **out, size_t *n, struct err *e);
int q_training_group_get(struct db *db, struct arena *a, int64_t id, struct training_group *out, struct err *e);
int q_training_group_insert(struct db *db, struct arena *a, const char *name, const char *description, const char *now,
			    int64_t *id_out, struct err *e);
int q_training_members(struct db *db, struct arena *a, int64_t group_id, struct training_member **out, size_t *n,
		       struct err *e);
int q_training_member_add(struct db *db, struct arena *a, int64_t group_id, int64_t user_id, const char *now,
			  struct err *e);
int q_training_member_remove(struct db *db, struct arena *a, int64_t group_id, int64_t user_id, struct err *e);
/** A page of the members of f->group_id by name, and (when @total is not NULL) how many match. */
int q_training_member_page(struct db *db, struct arena *a, const struct training_member_filter *f,
			   struct training_member **out, size_t *n, int64_t *total, struct err *e);

/* --- courses --- */

int q_course_get(struct db *db, struct arena *a, int64_t id, struct course *out, struct err *e);
/** A course by its title (exact); ERR_NOTFOUND when none. */
int q_course_by_title(struct db *db, struct arena *a, const char *title, struct course *out, struct err *e);
int q_course_list(struct db *db, struct arena *a, struct course **out, size_t *n, struct err *e);
/** A page of the courses @f matches in its order, and (when @total is not NULL) how many match. */
int q_course_page(struct db *db, struct arena *a, const struct course_filter *f, struct course **out, size_t *n,
		  int64_t *total, struct err *e);
int q_course_insert(struct db *db, struct arena *a, const struct course_input *in, int64_t by, const char *now,
		    int64_t *id_out, struct err *e);
int q_course_update(struct db *db, struct arena *a, int64_t id, int64_t version, const struct course_input *in,
		    const char *now, struct err *e);
/** Replace the target groups course @id is mandatory for. */
int q_course_set_groups(struct db *db, struct arena *a, int64_t id, const int64_t *group_ids, size_t n, struct err *e);
/** Every (course, mandatory group) pair, by course and group name. */
int q_course_groups(struct db *db, struct arena *a, struct course_group **out, size_t *n, struct err *e);

/* --- completions --- */

int q_training_completion_insert(struct db *db, struct arena *a, const struct training_completion_input *in, int64_t by,
				 const char *now, int64_t *id_out, struct err *e);
/** Whether @user_id's completion of @course_id on @date is already recorded. */
int q_training_completion_exists(struct db *db, struct arena *a, int64_t course_id, int64_t user_id, const char *date,
				 bool *out, struct err *e);
/** A page of completions, newest first, and (when @total is not NULL) how many match. @subtree: path of f->unit_id. */
int q_training_completion_list(struct db *db, struct arena *a, const struct training_completion_filter *f,
			       const char *subtree, struct training_completion **out, size_t *n, int64_t *total,
			       struct err *e);

/* --- counts --- */

int q_training_count_get(struct db *db, struct arena *a, int64_t unit_id, int64_t course_id, const char *period,
			 struct training_count *out, struct err *e);
int q_training_count_insert(struct db *db, struct arena *a, const struct training_count_input *in, int64_t by,
			    const char *now, int64_t *id_out, struct err *e);
int q_training_count_update(struct db *db, struct arena *a, int64_t id, const struct training_count_input *in,
			    const char *now, struct err *e);
/** The counts of the units in @subtree (NULL: all) that @viewer_id sees, for the years @from..@to. */
int q_training_count_list(struct db *db, struct arena *a, int64_t viewer_id, const char *subtree, const char *from,
			  const char *to, struct training_count **out, size_t *n, struct err *e);

/** A page of the counts @f matches in its order, and (when @total is not NULL) how many. @subtree: path of f->unit_id. */
int q_training_count_page(struct db *db, struct arena *a, const struct training_count_filter *f, const char *subtree,
			  struct training_count **out, size_t *n, int64_t *total, struct err *e);

/* --- coverage --- */

/** A member of a target group with a role in a unit (one row per group, person and unit of a grant). */
struct training_person {
	int64_t group_id;
	int64_t user_id;
	const char *display_name;
	int64_t unit_id;
	const char *unit_name;
	const char *unit_path;
};

/** The members of every target group holding a role in a unit of @subtree (NULL: anywhere), by person. */
int q_training_people(struct db *db, struct arena *a, const char *subtree, struct training_person **out, size_t *n,
		      struct err *e);

/** A completion of a course by a person. */
struct training_done {
	int64_t user_id;
	int64_t course_id;
	const char *completed_on;
};

/**
 * The completions of the people holding a role in a unit of @subtree (NULL: every completion), by person, course
 * and date; each read through the subtree's units, not by testing every person of the installation.
 */
int q_training_done(struct db *db, struct arena *a, const char *subtree, struct training_done **out, size_t *n,
		    struct err *e);

#endif
