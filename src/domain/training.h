/*
 * training.h - training and awareness (utbildning).
 *
 * Target groups (new employees, managers, boards, the data protection
 * organisation, system owners, and any others an administrator adds) hold
 * people of Tillit. A course (title, provider, length, how many months a
 * completion stays valid, 0 for ever) is mandatory for some target groups.
 * Completions are recorded per person (course, date, the unit the person
 * belonged to, source: by hand, imported, or through the API), or counted
 * per unit and year where names are not kept (number completed of number
 * employed).
 *
 * Coverage of a target group in a unit in a year is the share of its
 * members holding a role in the unit (or below it) who, at the end of
 * that year (today for the current year), hold a valid completion of
 * every course mandatory for the group; counted completions give their
 * own share. People with a role whose mandatory course is missing or
 * older than its validity are listed for those who may edit in their
 * unit (coordinators, administrators), and are a task on their own start
 * page.
 */
#ifndef TILLIT_DOMAIN_TRAINING_H
#define TILLIT_DOMAIN_TRAINING_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/i18n.h"
#include "db/q_training.h"
#include "domain/authz.h"
#include "domain/listexport.h"

struct arena;
struct db;
struct err;
struct json;
struct task;

/* --- target groups --- */

int training_groups(struct db *db, struct arena *a, struct training_group **out, size_t *n, struct err *e);
int training_group_get(struct db *db, struct arena *a, int64_t id, struct training_group *out, struct err *e);
/** Add a target group: name given, at most 200 characters, unique (ERR_EXISTS naming "name"). */
int training_group_create(struct db *db, struct arena *a, const struct auth *auth, const char *name,
			  const char *description, int64_t *id_out, struct err *e);
int training_members(struct db *db, struct arena *a, int64_t group_id, struct training_member **out, size_t *n,
		     struct err *e);
/** Put person @user_id in group @g (ERR_INVALID naming user_id when there is no such person; ERR_EXISTS when already). */
int training_member_add(struct db *db, struct arena *a, const struct auth *auth, const struct training_group *g,
			int64_t user_id, struct err *e);
int training_member_remove(struct db *db, struct arena *a, const struct auth *auth, const struct training_group *g,
			   int64_t user_id, struct err *e);
/** Fill @f's search (q) from named arguments; the group is the route's. */
int training_member_filter_parse(struct training_member_filter *f, const char *(*get)(void *ctx, const char *name),
				 void *ctx, struct err *e);
extern const char *const training_member_filter_args[];
/** A page of the members of group f->group_id, by name. */
int training_member_list(struct db *db, struct arena *a, const struct training_member_filter *f,
			 struct training_member **out, size_t *n, int64_t *total, struct err *e);

/* --- courses --- */

int course_get(struct db *db, struct arena *a, int64_t id, struct course *out, struct err *e);
int course_list(struct db *db, struct arena *a, struct course **out, size_t *n, struct err *e);
/** Every (course, mandatory target group) pair. */
int course_groups(struct db *db, struct arena *a, struct course_group **out, size_t *n, struct err *e);
struct course_input course_input_of(const struct course *c, const struct course_group *groups, size_t n_groups);
/**
 * Create a course: title given (at most 300 characters, unique: ERR_EXISTS
 * naming "title"), length 0..10000 minutes, validity 0..240 months, the link
 * http(s), the target groups existing (ERR_INVALID naming group_ids).
 */
int course_create(struct db *db, struct arena *a, const struct auth *auth, const struct course_input *in,
		  int64_t *id_out, struct err *e);
int course_update(struct db *db, struct arena *a, const struct auth *auth, const struct course *before, int64_t version,
		  const struct course_input *in, struct course *current, struct err *e);
void course_json(struct json *j, const struct course *c, const struct course_group *groups, size_t n_groups);

/** "title", "provider", "length", "validity": the orders of the catalogue, and their labels. */
extern const char *const course_sorts[COURSE_SORT_COUNT];
extern const char *const course_sort_labels[COURSE_SORT_COUNT];
/** Fill @f (zeroed) from q, group_id, sort: shared by the page, the API and the exports. ERR_INVALID naming the argument. */
int course_filter_parse(struct course_filter *f, const char *(*get)(void *ctx, const char *name), void *ctx,
			struct err *e);
extern const char *const course_filter_args[];
/** A page of the courses @f matches, in its order. */
int course_list_page(struct db *db, struct arena *a, const struct course_filter *f, struct course **out, size_t *n,
		     int64_t *total, struct err *e);
/** Every course @f matches (at most 10000) as a file in @format, with the target groups it is mandatory for. */
int course_export(struct db *db, struct arena *a, const struct course_filter *f, enum lang lang,
		  enum export_format format, const char **data, size_t *len, const char **mime, struct err *e);
/** The names of the target groups course @course_id is mandatory for, of the pairs @pairs, as "A, B" ("" for none). */
const char *course_groups_text(struct arena *a, const struct course_group *pairs, size_t n, int64_t course_id);
/** "kurser-YYYY-MM-DD.<ext>". */
const char *course_export_filename(struct arena *a, enum export_format format);

/* --- completions per person --- */

/**
 * Record that a person completed a course. The course and the person must
 * exist (ERR_INVALID naming course_id / user_id); the unit is where @auth
 * may edit (ERR_FORBIDDEN naming unit_id); the date real and not in the
 * future (ERR_INVALID naming completed_on); the same completion twice is
 * ERR_EXISTS naming completed_on. @today NULL: today.
 */
int training_completion_record(struct db *db, struct arena *a, const struct auth *auth,
			       const struct training_completion_input *in, const char *today, int64_t *id_out,
			       struct err *e);

/** As training_completion_record(), inside the caller's transaction, @in already trimmed and @today given. */
int training_completion_record_in_tx(struct db *db, struct arena *a, const struct auth *auth,
				     const struct training_completion_input *in, const char *today, int64_t *id_out,
				     struct err *e);

/** "completed_on" (newest first), "oldest", "person", "course", "unit": the orders of completions, and their labels. */
extern const char *const training_completion_sorts[TC_SORT_COUNT];
extern const char *const training_completion_sort_labels[TC_SORT_COUNT];
/** Fill @f (zeroed) from unit_id, course_id, user_id, from, to, sort. ERR_INVALID naming the argument. */
int training_completion_filter_parse(struct training_completion_filter *f,
				     const char *(*get)(void *ctx, const char *name), void *ctx, struct err *e);
extern const char *const training_completion_filter_args[];
int training_completion_list(struct db *db, struct arena *a, const struct training_completion_filter *f,
			     struct training_completion **out, size_t *n, int64_t *total, struct err *e);
void training_completion_json(struct json *j, const struct training_completion *c);
/** Every completion @f matches (at most 10000) as a file in @format. */
int training_completion_export(struct db *db, struct arena *a, const struct training_completion_filter *f,
			       enum lang lang, enum export_format format, const char **data, size_t *len,
			       const char **mime, struct err *e);
const char *training_completion_export_filename(struct arena *a, enum export_format format);

/* --- counted per unit --- */

/**
 * Record (or correct) how many of the people employed in a unit completed
 * a course in a year. The unit where @auth may edit; the course existing;
 * the year YYYY, not after this year (ERR_INVALID naming period); both
 * numbers given and not negative, completed not above employed
 * (ERR_INVALID naming completed).
 */
int training_count_record(struct db *db, struct arena *a, const struct auth *auth,
			  const struct training_count_input *in, struct err *e);
int training_count_list(struct db *db, struct arena *a, int64_t viewer_id, int64_t unit_id, const char *from,
			const char *to, struct training_count **out, size_t *n, struct err *e);
void training_count_json(struct json *j, const struct training_count *c);
/** "period" (newest year first), "unit", "course": the orders of the counts, and their labels. */
extern const char *const training_count_sorts[TCOUNT_SORT_COUNT];
extern const char *const training_count_sort_labels[TCOUNT_SORT_COUNT];
/** Fill @f (zeroed) from unit_id, course_id, from, to (years), sort. ERR_INVALID naming the argument. */
int training_count_filter_parse(struct training_count_filter *f, const char *(*get)(void *ctx, const char *name),
				void *ctx, struct err *e);
extern const char *const training_count_filter_args[];
/** A page of the counts f->viewer_id sees that @f matches, in its order. */
int training_count_list_page(struct db *db, struct arena *a, const struct training_count_filter *f,
			     struct training_count **out, size_t *n, int64_t *total, struct err *e);
/** Every count @f matches (at most 10000) as a file in @format. */
int training_count_export(struct db *db, struct arena *a, const struct training_count_filter *f, enum lang lang,
			  enum export_format format, const char **data, size_t *len, const char **mime, struct err *e);
/** "utbildning-antal-YYYY-MM-DD.<ext>". */
const char *training_count_export_filename(struct arena *a, enum export_format format);

/* --- coverage --- */

/** One cell of coverage: a year, a unit, a target group (0: counted per unit). */
struct training_coverage {
	int year;
	int64_t unit_id;
	const char *unit_name;
	int64_t group_id;
	const char *group_name; /* NULL for the counted completions */
	int64_t completed;
	int64_t total;
};

/**
 * Coverage in unit @unit_id (0: every unit @auth sees) and in each unit
 * directly below it, per target group with a mandatory course and for the
 * counted completions, for each year @from_year..@to_year, judged at the
 * end of each year (@today for the current one; NULL: today). Rows by
 * year, unit (the unit itself first), group. Results live in @a.
 */
int training_coverage(struct db *db, struct arena *a, const struct auth *auth, int64_t unit_id, int from_year,
		      int to_year, const char *today, struct training_coverage **out, size_t *n, struct err *e);

/** A person with a role whose mandatory course is missing or expired. */
struct training_gap {
	int64_t user_id;
	const char *display_name;
	int64_t unit_id;
	const char *unit_name;
	const char *unit_path;
	int64_t course_id;
	const char *course_title;
	const char *last_completed; /* NULL: never */
	const char *valid_until;    /* when the last completion expired, or NULL */
};

/**
 * The gaps of the people holding a role in unit @unit_id or below it (0:
 * anywhere), one per person and course; with @for_auth, only people in
 * units where @for_auth may edit (a coordinator's or manager's view).
 */
int training_missing(struct db *db, struct arena *a, const struct auth *for_auth, int64_t unit_id, const char *today,
		     struct training_gap **out, size_t *n, struct err *e);

/* The orders of the people missing a course: by person (the zero value), unit, course, last completed. */
enum training_gap_sort { TGAP_SORT_PERSON, TGAP_SORT_UNIT, TGAP_SORT_COURSE, TGAP_SORT_LAST, TGAP_SORT_COUNT };
extern const char *const training_gap_sorts[TGAP_SORT_COUNT];
extern const char *const training_gap_sort_labels[TGAP_SORT_COUNT];

/** Which of the people missing a mandatory course to list, in what order, which page. */
struct training_gap_filter {
	int64_t viewer_id; /* set by the API; the list is judged by the signed-in user's rights */
	int64_t unit_id;   /* subtree; 0 = all */
	int64_t course_id; /* 0 = any */
	const char *state; /* "never" (never completed), "expired", or NULL: both */
	enum training_gap_sort sort;
	int64_t limit;
	int64_t offset;
	const char *today; /* YYYY-MM-DD the validity is judged on; NULL: today */
};

/** Fill @f (zeroed) from unit_id, course_id, state, sort. ERR_INVALID naming the argument. */
int training_gap_filter_parse(struct training_gap_filter *f, const char *(*get)(void *ctx, const char *name), void *ctx,
			      struct err *e);
extern const char *const training_gap_filter_args[];

/** A page of training_missing() for @auth (the units where it may edit), filtered and ordered by @f. */
int training_missing_list(struct db *db, struct arena *a, const struct auth *auth, const struct training_gap_filter *f,
			  struct training_gap **out, size_t *n, int64_t *total, struct err *e);
void training_gap_json(struct json *j, const struct training_gap *g);
/** Every gap @f matches for @auth as a file in @format. */
int training_missing_export(struct db *db, struct arena *a, const struct auth *auth,
			    const struct training_gap_filter *f, enum lang lang, enum export_format format,
			    const char **data, size_t *len, const char **mime, struct err *e);
/** "utbildning-saknas-YYYY-MM-DD.<ext>". */
const char *training_missing_export_filename(struct arena *a, enum export_format format);

/** Which coverage to show: the unit (with the units below it) and the years, shared by the page, the API and the export. */
struct training_coverage_filter {
	int64_t viewer_id; /* set by the API; coverage is judged by the signed-in user's rights */
	int64_t unit_id;
	int from_year, to_year;
	int64_t limit, offset; /* unused: coverage is one table */
};

/** Fill @f from unit_id, from and to (years 2000..2100; to defaults to @this_year, from to four years before it). */
int training_coverage_filter_parse(struct training_coverage_filter *f, int this_year,
				   const char *(*get)(void *ctx, const char *name), void *ctx, struct err *e);
extern const char *const training_coverage_filter_args[];
void training_coverage_json(struct json *j, const struct training_coverage *c);
/** The coverage @f asks for, for @auth, as a file in @format: year, unit, target group, completed, of, per cent. */
int training_coverage_export(struct db *db, struct arena *a, const struct auth *auth,
			     const struct training_coverage_filter *f, enum lang lang, enum export_format format,
			     const char **data, size_t *len, const char **mime, struct err *e);
/** "utbildning-tackning-YYYY-MM-DD.<ext>". */
const char *training_coverage_export_filename(struct arena *a, enum export_format format);

/** Task source (tasks.h): the signed-in user's own missing or expired mandatory courses. */
int training_tasks(struct db *db, struct arena *a, const struct auth *auth, const char *today, size_t max,
		   struct task **out, size_t *n, struct err *e);

/**
 * For the management review and the organisation-wide figures: staff
 * trained in unit @unit_id or below (0: all) in @year, judged as
 * training_coverage() does: the members of target groups covered plus the
 * counted completions (*trained), of the members plus the counted
 * employed (*of).
 */
int training_staff_trained(struct db *db, struct arena *a, int64_t unit_id, int year, const char *today,
			   int64_t *trained, int64_t *of, struct err *e);

#endif
