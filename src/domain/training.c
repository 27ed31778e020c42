/*
 * training.c - rules of training (see training.h).
 *
 * Coverage and the gaps are computed here from three bounded reads
 * (q_training_people(), q_training_done(), the course-group pairs): for
 * each person and mandatory course the completions are in date order, so
 * whether one is valid at a moment is a walk over a short run.
 */
#include "domain/training.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/err.h"
#include "core/json.h"
#include "core/str.h"
#include "core/timeutil.h"
#include "db/db.h"
#include "domain/audit.h"
#include "domain/classify.h"
#include "domain/listexport.h"
#include "domain/tasks.h"
#include "domain/unit.h"
#include "domain/user.h"
#include "domain/validate.h"

/* --- target groups --- */

int training_groups(struct db *db, struct arena *a, struct training_group **out, size_t *n, struct err *e)
{
	return q_training_groups(db, a, out, n, e);
}

int training_group_get(struct db *db, struct arena *a, int64_t id, struct training_group *out, struct err *e)
{
	int rc = q_training_group_get(db, a, id, out, e);
	return rc == ERR_NOTFOUND ? err_set(e, ERR_NOTFOUND, "id", N_("No such target group.")) : rc;
}

static void group_json(struct json *j, const void *rec)
{
	const struct training_group *g = rec;
	json_obj_open(j);
	json_kv_int(j, "id", g->id);
	json_kv_str(j, "name", g->name);
	json_kv_str(j, "description", g->description);
	json_obj_close(j);
}

static int group_create_in_tx(struct db *db, struct arena *a, const struct auth *auth, const char *name,
			      const char *description, int64_t *id_out, struct err *e)
{
	struct training_group g = { 0 };
	char now[TIME_ISO_LEN];
	int rc;

	if ((rc = check_text(e, "name", name, 200, true)) ||
	    (rc = check_text(e, "description", description, 2000, false)))
		return rc;
	time_now_iso(now);
	rc = q_training_group_insert(db, a, name, description, now, &g.id, e);
	if (rc == ERR_EXISTS)
		return err_set(e, ERR_EXISTS, "name", N_("There is already a target group with that name."));
	if (rc)
		return rc;
	g.name = name;
	g.description = description;
	if (id_out)
		*id_out = g.id;
	return audit_append(db, a, actor_of(auth), "training_group", g.id, 0, "create", NULL,
			    json_text(a, group_json, &g), e);
}

int training_group_create(struct db *db, struct arena *a, const struct auth *auth, const char *name,
			  const char *description, int64_t *id_out, struct err *e)
{
	int rc = db_begin(db, e);
	if (rc)
		return rc;
	return db_end(
		db, group_create_in_tx(db, a, auth, text_trimmed(a, name), text_trimmed(a, description), id_out, e), e);
}

int training_members(struct db *db, struct arena *a, int64_t group_id, struct training_member **out, size_t *n,
		     struct err *e)
{
	return q_training_members(db, a, group_id, out, n, e);
}

static const char *member_snapshot(struct arena *a, int64_t group_id, int64_t user_id)
{
	return arena_printf(a, "{\"group_id\":%" PRId64 ",\"user_id\":%" PRId64 "}", group_id, user_id);
}

static int member_in_tx(struct db *db, struct arena *a, const struct auth *auth, const struct training_group *g,
			int64_t user_id, bool add, struct err *e)
{
	struct training_member *m;
	struct user u;
	char now[TIME_ISO_LEN];
	bool have = false;
	size_t n;
	int rc;

	if (user_id <= 0 || user_get(db, a, user_id, &u, e))
		return err_set(e, ERR_INVALID, "user_id", N_("No such user."));
	if ((rc = q_training_members(db, a, g->id, &m, &n, e)))
		return rc;
	for (size_t i = 0; i < n; i++)
		have = have || m[i].user_id == user_id;
	if (add && have)
		return err_set(e, ERR_EXISTS, "user_id", N_("The person is already in the target group."));
	if (!add && !have)
		return err_set(e, ERR_INVALID, "user_id", N_("The person is not in the target group."));
	time_now_iso(now);
	rc = add ? q_training_member_add(db, a, g->id, user_id, now, e)
		 : q_training_member_remove(db, a, g->id, user_id, e);
	if (rc)
		return rc;
	return audit_append(db, a, actor_of(auth), "training_group", g->id, 0, add ? "member_add" : "member_remove",
			    add ? NULL : member_snapshot(a, g->id, user_id),
			    add ? member_snapshot(a, g->id, user_id) : NULL, e);
}

int training_member_add(struct db *db, struct arena *a, const struct auth *auth, const struct training_group *g,
			int64_t user_id, struct err *e)
{
	int rc = db_begin(db, e);
	if (rc)
		return rc;
	return db_end(db, member_in_tx(db, a, auth, g, user_id, true, e), e);
}

int training_member_remove(struct db *db, struct arena *a, const struct auth *auth, const struct training_group *g,
			   int64_t user_id, struct err *e)
{
	int rc = db_begin(db, e);
	if (rc)
		return rc;
	return db_end(db, member_in_tx(db, a, auth, g, user_id, false, e), e);
}

/* --- courses --- */

int course_get(struct db *db, struct arena *a, int64_t id, struct course *out, struct err *e)
{
	int rc = q_course_get(db, a, id, out, e);
	return rc == ERR_NOTFOUND ? err_set(e, ERR_NOTFOUND, "id", N_("No such course.")) : rc;
}

int course_list(struct db *db, struct arena *a, struct course **out, size_t *n, struct err *e)
{
	return q_course_list(db, a, out, n, e);
}

int course_groups(struct db *db, struct arena *a, struct course_group **out, size_t *n, struct err *e)
{
	return q_course_groups(db, a, out, n, e);
}

struct course_input course_input_of(const struct course *c, const struct course_group *groups, size_t n_groups)
{
	struct course_input in = { 0 };
	in.title = c->title;
	in.provider = c->provider;
	in.length_minutes = c->length_minutes;
	in.validity_months = c->validity_months;
	in.link = c->link;
	(void)groups;
	(void)n_groups;
	return in;
}

void course_json(struct json *j, const struct course *c, const struct course_group *groups, size_t n_groups)
{
	json_obj_open(j);
	json_kv_int(j, "id", c->id);
	json_kv_str(j, "title", c->title);
	json_kv_str(j, "provider", c->provider);
	json_kv_int(j, "length_minutes", c->length_minutes);
	json_kv_int(j, "validity_months", c->validity_months);
	json_kv_str(j, "link", c->link);
	json_key(j, "group_ids");
	json_arr_open(j);
	for (size_t i = 0; i < n_groups; i++)
		if (groups[i].course_id == c->id)
			json_int(j, groups[i].group_id);
	json_arr_close(j);
	json_kv_int(j, "version", c->version);
	json_obj_close(j);
}

static int course_check(struct db *db, struct arena *a, const struct course_input *in, struct err *e)
{
	int rc;
	if ((rc = check_text(e, "title", in->title, 300, true)) ||
	    (rc = check_text(e, "provider", in->provider, 300, false)) ||
	    (rc = check_text(e, "link", in->link, 2000, false)))
		return rc;
	if (in->length_minutes < 0 || in->length_minutes > 10000)
		return err_set(e, ERR_INVALID, "length_minutes",
			       N_("Give the length in whole minutes, from 0 to 10000."));
	if (in->validity_months < 0 || in->validity_months > 240)
		return err_set(e, ERR_INVALID, "validity_months",
			       N_("Give how many months a completion stays valid, from 0 (for ever) to 240."));
	if (*in->link && !str_starts(in->link, "https://") && !str_starts(in->link, "http://"))
		return err_set(e, ERR_INVALID, "link", N_("A link begins with https:// or http://."));
	for (size_t i = 0; i < in->n_group_ids; i++) {
		struct training_group g;
		rc = q_training_group_get(db, a, in->group_ids[i], &g, e);
		if (rc == ERR_NOTFOUND)
			return err_set(e, ERR_INVALID, "group_ids", N_("No such target group."));
		if (rc)
			return rc;
		for (size_t k = 0; k < i; k++)
			if (in->group_ids[k] == in->group_ids[i])
				return err_set(e, ERR_INVALID, "group_ids", N_("A target group is named twice."));
	}
	return 0;
}

static struct course_input course_clean(struct arena *a, const struct course_input *raw)
{
	struct course_input in = *raw;
	in.title = text_trimmed(a, raw->title);
	in.provider = text_trimmed(a, raw->provider);
	in.link = text_trimmed(a, raw->link);
	return in;
}

struct course_snap {
	const struct course *c;
	const struct course_input *in;
};

static void course_snap_json(struct json *j, const void *rec)
{
	const struct course_snap *s = rec;
	json_obj_open(j);
	json_kv_str(j, "title", s->in->title);
	json_kv_str(j, "provider", s->in->provider);
	json_kv_int(j, "length_minutes", s->in->length_minutes);
	json_kv_int(j, "validity_months", s->in->validity_months);
	json_kv_str(j, "link", s->in->link);
	if (s->in->set_groups) {
		json_key(j, "group_ids");
		json_arr_open(j);
		for (size_t i = 0; i < s->in->n_group_ids; i++)
			json_int(j, s->in->group_ids[i]);
		json_arr_close(j);
	}
	json_obj_close(j);
}

static int course_create_in_tx(struct db *db, struct arena *a, const struct auth *auth, const struct course_input *in,
			       int64_t *id_out, struct err *e)
{
	struct course_snap s = { NULL, in };
	char now[TIME_ISO_LEN];
	int64_t id;
	int rc;

	if ((rc = course_check(db, a, in, e)))
		return rc;
	time_now_iso(now);
	rc = q_course_insert(db, a, in, actor_of(auth).id, now, &id, e);
	if (rc == ERR_EXISTS)
		return err_set(e, ERR_EXISTS, "title", N_("There is already a course with that title."));
	if (rc || (rc = q_course_set_groups(db, a, id, in->group_ids, in->n_group_ids, e)))
		return rc;
	if (id_out)
		*id_out = id;
	return audit_append(db, a, actor_of(auth), "course", id, 0, "create", NULL, json_text(a, course_snap_json, &s),
			    e);
}

int course_create(struct db *db, struct arena *a, const struct auth *auth, const struct course_input *raw,
		  int64_t *id_out, struct err *e)
{
	struct course_input in = course_clean(a, raw);
	int rc = db_begin(db, e);
	in.set_groups = true;
	if (rc)
		return rc;
	return db_end(db, course_create_in_tx(db, a, auth, &in, id_out, e), e);
}

static const char *const course_conflict_msg = N_(
	"Someone else has changed this course since you opened it. Their version is shown; your changes are kept in the form.");

static int course_update_in_tx(struct db *db, struct arena *a, const struct auth *auth, const struct course *before,
			       int64_t version, const struct course_input *in, struct course *current, struct err *e)
{
	struct course_input old = course_input_of(before, NULL, 0);
	struct course_snap s0 = { before, &old }, s1 = { before, in };
	char now[TIME_ISO_LEN];
	int rc;

	if (before->version != version)
		return version_conflict(current, before, sizeof(*before), e, course_conflict_msg);
	if ((rc = course_check(db, a, in, e)))
		return rc;
	time_now_iso(now);
	rc = q_course_update(db, a, before->id, version, in, now, e);
	if (rc == ERR_EXISTS)
		return err_set(e, ERR_EXISTS, "title", N_("There is already a course with that title."));
	if (rc == ERR_CONFLICT)
		return version_lost(current ? course_get(db, a, before->id, current, e) : 0, e, course_conflict_msg);
	if (rc || (in->set_groups && (rc = q_course_set_groups(db, a, before->id, in->group_ids, in->n_group_ids, e))))
		return rc;
	return audit_append(db, a, actor_of(auth), "course", before->id, 0, "update",
			    json_text(a, course_snap_json, &s0), json_text(a, course_snap_json, &s1), e);
}

int course_update(struct db *db, struct arena *a, const struct auth *auth, const struct course *before, int64_t version,
		  const struct course_input *raw, struct course *current, struct err *e)
{
	struct course_input in = course_clean(a, raw);
	int rc = db_begin(db, e);
	if (rc)
		return rc;
	return db_end(db, course_update_in_tx(db, a, auth, before, version, &in, current, e), e);
}

/* --- completions --- */

void training_completion_json(struct json *j, const struct training_completion *c)
{
	json_obj_open(j);
	json_kv_int(j, "id", c->id);
	json_kv_int(j, "course_id", c->course_id);
	json_kv_str(j, "course_title", c->course_title);
	json_kv_int(j, "user_id", c->user_id);
	json_kv_str(j, "user_name", c->user_name);
	json_kv_int(j, "unit_id", c->unit_id);
	json_kv_str(j, "unit_name", c->unit_name);
	json_kv_str(j, "completed_on", c->completed_on);
	json_kv_str(j, "source", c->source);
	json_obj_close(j);
}

static void completion_snap(struct json *j, const void *rec)
{
	const struct training_completion_input *in = rec;
	json_obj_open(j);
	json_kv_int(j, "course_id", in->course_id);
	json_kv_int(j, "user_id", in->user_id);
	json_kv_int(j, "unit_id", in->unit_id);
	json_kv_str(j, "completed_on", in->completed_on);
	json_kv_str(j, "source", in->source);
	json_obj_close(j);
}

/* The checks of one completion; @unit_path gets its unit's path. */
static int completion_check(struct db *db, struct arena *a, const struct auth *auth,
			    const struct training_completion_input *in, const char *today, struct err *e)
{
	const char *unit_name, *unit_path;
	struct course c;
	struct user u;
	int rc;
	const struct unit_target t = {
		.unit_id = in->unit_id,
		.access = ACCESS_EDIT,
		.missing = N_("Choose the unit the person belonged to."),
		.refused = N_("Your roles do not let you record training in this unit."),
	};

	if (!in->course_id || q_course_get(db, a, in->course_id, &c, e))
		return err_set(e, ERR_INVALID, "course_id", N_("No such course."));
	if (!in->user_id || user_get(db, a, in->user_id, &u, e))
		return err_set(e, ERR_INVALID, "user_id", N_("No such user."));
	if ((rc = unit_target_check(db, a, auth, &t, &unit_name, &unit_path, e)) ||
	    (rc = check_date(e, "completed_on", in->completed_on, true)))
		return rc;
	if (strcmp(in->completed_on, today) > 0)
		return err_set(e, ERR_INVALID, "completed_on", N_("A completion cannot be dated in the future."));
	if (!in->source || (strcmp(in->source, "manual") && strcmp(in->source, "import") && strcmp(in->source, "api")))
		return err_set(e, ERR_INVALID, "source", N_("The source is manual, import or api."));
	return 0;
}

int training_completion_record_in_tx(struct db *db, struct arena *a, const struct auth *auth,
				     const struct training_completion_input *in, const char *today, int64_t *id_out,
				     struct err *e)
{
	char now[TIME_ISO_LEN];
	bool exists;
	int64_t id;
	int rc;

	if ((rc = completion_check(db, a, auth, in, today, e)) ||
	    (rc = q_training_completion_exists(db, a, in->course_id, in->user_id, in->completed_on, &exists, e)))
		return rc;
	if (exists)
		return err_set(e, ERR_EXISTS, "completed_on", N_("This completion is already recorded."));
	time_now_iso(now);
	if ((rc = q_training_completion_insert(db, a, in, actor_of(auth).id, now, &id, e)))
		return rc;
	if (id_out)
		*id_out = id;
	return audit_append(db, a, actor_of(auth), "training_completion", id, in->unit_id, "create", NULL,
			    json_text(a, completion_snap, in), e);
}

int training_completion_record(struct db *db, struct arena *a, const struct auth *auth,
			       const struct training_completion_input *raw, const char *today, int64_t *id_out,
			       struct err *e)
{
	struct training_completion_input in = *raw;
	char day[TIME_ISO_LEN];
	int rc;

	if (!today) {
		time_today_iso(day);
		today = day;
	}
	in.completed_on = text_trimmed(a, raw->completed_on);
	if (!in.source)
		in.source = "manual";
	if ((rc = db_begin(db, e)))
		return rc;
	return db_end(db, training_completion_record_in_tx(db, a, auth, &in, today, id_out, e), e);
}

const char *const training_completion_filter_args[] = { "unit_id", "course_id", "user_id", "from", "to", "sort", NULL };
const char *const training_completion_sorts[TC_SORT_COUNT] = { "completed_on", "oldest", "person", "course", "unit" };
const char *const training_completion_sort_labels[TC_SORT_COUNT] = { N_("Newest first"), N_("Oldest first"),
								     N_("Person"), N_("Course"), N_("Unit") };

int training_completion_filter_parse(struct training_completion_filter *f,
				     const char *(*get)(void *ctx, const char *name), void *ctx, struct err *e)
{
	int sort = TC_SORT_NEWEST, rc;
	if ((rc = filter_id(get, ctx, "unit_id", &f->unit_id, e)) ||
	    (rc = filter_id(get, ctx, "course_id", &f->course_id, e)) ||
	    (rc = filter_id(get, ctx, "user_id", &f->user_id, e)) ||
	    (rc = filter_date(get, ctx, "from", &f->from, e)) || (rc = filter_date(get, ctx, "to", &f->to, e)) ||
	    (rc = filter_enum(get, ctx, "sort", training_completion_sorts, TC_SORT_COUNT, &sort, e)))
		return rc;
	f->sort = (enum training_completion_sort)sort;
	return 0;
}

int training_completion_list(struct db *db, struct arena *a, const struct training_completion_filter *f,
			     struct training_completion **out, size_t *n, int64_t *total, struct err *e)
{
	const char *subtree;
	int rc = unit_subtree(db, a, f->unit_id, &subtree, e);
	if (rc)
		return rc;
	return q_training_completion_list(db, a, f, subtree, out, n, total, e);
}

enum { C_ID, C_DATE, C_COURSE, C_PERSON, C_UNIT, C_SOURCE, N_CCOLS };

static void completion_json_at(struct json *j, const void *items, size_t i, const void *ctx)
{
	(void)ctx;
	training_completion_json(j, &((const struct training_completion *)items)[i]);
}

static const char *source_label(const char *s)
{
	return !strcmp(s, "import") ? N_("Imported") : !strcmp(s, "api") ? N_("Through the API") : N_("By hand");
}

int training_completion_export(struct db *db, struct arena *a, const struct training_completion_filter *f,
			       enum lang lang, enum export_format format, const char **data, size_t *len,
			       const char **mime, struct err *e)
{
	const struct xlsx_column cols[N_CCOLS] = {
		[C_ID] = { "ID", 8, XLSX_NUMBER },          [C_DATE] = { tr(lang, "Completed on"), 12, 0 },
		[C_COURSE] = { tr(lang, "Course"), 36, 0 }, [C_PERSON] = { tr(lang, "Person"), 24, 0 },
		[C_UNIT] = { tr(lang, "Unit"), 24, 0 },     [C_SOURCE] = { tr(lang, "Source"), 14, 0 },
	};
	struct training_completion_filter all = *f;
	struct training_completion *list;
	struct export_table t = { 0 };
	const char **cells;
	size_t n;
	int64_t total = 0;
	int rc;

	all.limit = 10000;
	all.offset = 0;
	if ((rc = training_completion_list(db, a, &all, &list, &n, &total, e)) ||
	    (rc = export_whole(n, total, all.limit, e)))
		return rc;
	cells = arena_calloc(a, n ? n * N_CCOLS : 1, sizeof(*cells));
	for (size_t i = 0; i < n; i++) {
		const char **row = cells + i * N_CCOLS;
		row[C_ID] = arena_printf(a, "%" PRId64, list[i].id);
		row[C_DATE] = list[i].completed_on;
		row[C_COURSE] = list[i].course_title;
		row[C_PERSON] = list[i].user_name;
		row[C_UNIT] = list[i].unit_name;
		row[C_SOURCE] = tr(lang, source_label(list[i].source));
	}
	t.sheet = lang == LANG_EN ? "Training" : "Utbildning";
	t.cols = cols;
	t.n_cols = N_CCOLS;
	t.cells = cells;
	t.n_rows = n;
	t.json = completion_json_at;
	t.items = list;
	t.total = total;
	return export_render(a, format, &t, data, len, mime, e);
}

const char *training_completion_export_filename(struct arena *a, enum export_format format)
{
	char today[TIME_ISO_LEN];
	time_today_iso(today);
	return arena_printf(a, "utbildning-%s.%s", today, export_format_ext(format));
}

/* --- counts --- */

void training_count_json(struct json *j, const struct training_count *c)
{
	json_obj_open(j);
	json_kv_int(j, "unit_id", c->unit_id);
	json_kv_str(j, "unit_name", c->unit_name);
	json_kv_int(j, "course_id", c->course_id);
	json_kv_str(j, "course_title", c->course_title);
	json_kv_str(j, "period", c->period);
	json_kv_int(j, "completed", c->completed);
	json_kv_int(j, "employed", c->employed);
	json_obj_close(j);
}

static void count_snap(struct json *j, const void *rec)
{
	const struct training_count_input *in = rec;
	json_obj_open(j);
	json_kv_int(j, "unit_id", in->unit_id);
	json_kv_int(j, "course_id", in->course_id);
	json_kv_str(j, "period", in->period);
	json_kv_int(j, "completed", in->completed);
	json_kv_int(j, "employed", in->employed);
	json_obj_close(j);
}

static int count_in_tx(struct db *db, struct arena *a, const struct auth *auth, const struct training_count_input *in,
		       struct err *e)
{
	const char *unit_name, *unit_path;
	char now[TIME_ISO_LEN];
	struct training_count old;
	struct course c;
	int64_t id;
	int rc;
	const struct unit_target t = {
		.unit_id = in->unit_id,
		.access = ACCESS_EDIT,
		.missing = N_("Choose the unit."),
		.refused = N_("Your roles do not let you record training in this unit."),
	};

	if ((rc = unit_target_check(db, a, auth, &t, &unit_name, &unit_path, e)))
		return rc;
	if (!in->course_id || q_course_get(db, a, in->course_id, &c, e))
		return err_set(e, ERR_INVALID, "course_id", N_("No such course."));
	time_now_iso(now);
	if (!in->period || strlen(in->period) != 4 || strspn(in->period, "0123456789") != 4 ||
	    strcmp(in->period, "2000") < 0 || strncmp(in->period, now, 4) > 0)
		return err_set(e, ERR_INVALID, "period", N_("Give the year as four digits, not after this year."));
	if (in->employed < 0)
		return err_set(e, ERR_INVALID, "employed", N_("Give the number employed as a whole number."));
	if (in->completed < 0)
		return err_set(e, ERR_INVALID, "completed", N_("Give the number completed as a whole number."));
	if (in->completed > in->employed)
		return err_set(e, ERR_INVALID, "completed",
			       N_("The number completed cannot be above the number employed."));
	rc = q_training_count_get(db, a, in->unit_id, in->course_id, in->period, &old, e);
	if (rc == ERR_NOTFOUND) {
		if ((rc = q_training_count_insert(db, a, in, actor_of(auth).id, now, &id, e)))
			return rc;
		return audit_append(db, a, actor_of(auth), "training_count", id, in->unit_id, "create", NULL,
				    json_text(a, count_snap, in), e);
	}
	if (rc || (rc = q_training_count_update(db, a, old.id, in, now, e)))
		return rc;
	struct training_count_input before = { old.unit_id, old.course_id, old.period, old.completed, old.employed };
	return audit_append(db, a, actor_of(auth), "training_count", old.id, in->unit_id, "update",
			    json_text(a, count_snap, &before), json_text(a, count_snap, in), e);
}

int training_count_record(struct db *db, struct arena *a, const struct auth *auth,
			  const struct training_count_input *raw, struct err *e)
{
	struct training_count_input in = *raw;
	int rc;
	in.period = text_trimmed(a, raw->period);
	if ((rc = db_begin(db, e)))
		return rc;
	return db_end(db, count_in_tx(db, a, auth, &in, e), e);
}

int training_count_list(struct db *db, struct arena *a, int64_t viewer_id, int64_t unit_id, const char *from,
			const char *to, struct training_count **out, size_t *n, struct err *e)
{
	const char *subtree;
	int rc = unit_subtree(db, a, unit_id, &subtree, e);
	if (rc)
		return rc;
	return q_training_count_list(db, a, viewer_id, subtree, from ? from : "0000", to ? to : "9999", out, n, e);
}

/* --- coverage --- */

/*
 * Whether @user holds a completion of course @c valid on @day, and in
 * *@last the latest on or before it: the completions are sorted by person,
 * course and date, so the person's run is found by halving and walked to
 * its end. A later completion is valid at least as long as an earlier one
 * (classify_add_months() keeps the order of dates), so only the latest
 * needs its end of validity computed.
 */
static bool valid_on(const struct training_done *done, size_t n_done, int64_t user, const struct course *c,
		     const char *day, const char **last)
{
	size_t lo = 0, hi = n_done;
	char until[11];

	*last = NULL;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (done[mid].user_id < user)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (size_t i = lo; i < n_done && done[i].user_id == user; i++)
		if (done[i].course_id == c->id && strcmp(done[i].completed_on, day) <= 0)
			*last = done[i].completed_on;
	if (!*last)
		return false;
	return !c->validity_months ||
	       (!classify_add_months(*last, c->validity_months, until) && strcmp(until, day) > 0);
}

/* Data shared by coverage and the gaps. */
struct cov_data {
	struct training_person *people;
	size_t n_people;
	struct training_done *done;
	size_t n_done;
	struct course *courses;
	size_t n_courses;
	struct course_group *pairs;
	size_t n_pairs;
};

static int cov_load(struct db *db, struct arena *a, const char *subtree, struct cov_data *d, struct err *e)
{
	int rc;
	if ((rc = q_training_people(db, a, subtree, &d->people, &d->n_people, e)) ||
	    (rc = q_training_done(db, a, subtree, &d->done, &d->n_done, e)) ||
	    (rc = q_course_list(db, a, &d->courses, &d->n_courses, e)) ||
	    (rc = q_course_groups(db, a, &d->pairs, &d->n_pairs, e)))
		return rc;
	return 0;
}

static const struct course *course_of(const struct cov_data *d, int64_t id)
{
	for (size_t i = 0; i < d->n_courses; i++)
		if (d->courses[i].id == id)
			return &d->courses[i];
	return NULL;
}

/* Whether member @user of group @group holds every course mandatory for it on @day. */
static bool covered(const struct cov_data *d, int64_t group, int64_t user, const char *day)
{
	for (size_t k = 0; k < d->n_pairs; k++) {
		const struct course *c;
		const char *last;
		if (d->pairs[k].group_id != group || !(c = course_of(d, d->pairs[k].course_id)))
			continue;
		if (!valid_on(d->done, d->n_done, user, c, day, &last))
			return false;
	}
	return true;
}

static bool has_mandatory(const struct cov_data *d, int64_t group)
{
	for (size_t k = 0; k < d->n_pairs; k++)
		if (d->pairs[k].group_id == group)
			return true;
	return false;
}

static bool in_subtree(const char *path, const char *sub)
{
	return !sub || !strncmp(path, sub, strlen(sub));
}

int training_coverage(struct db *db, struct arena *a, const struct auth *auth, int64_t unit_id, int from_year,
		      int to_year, const char *today, struct training_coverage **out, size_t *n, struct err *e)
{
	struct unit_filter uf = { 0 };
	struct unit *kids = NULL, top = { 0 };
	size_t n_kids = 0, n_buckets, cap, k = 0;
	struct training_group *groups;
	size_t n_groups;
	struct cov_data d;
	char day[TIME_ISO_LEN];
	const char *subtree;
	int rc;

	if (!today) {
		time_today_iso(day);
		today = day;
	}
	if (to_year < from_year || to_year - from_year > 20)
		return err_set(e, ERR_INVALID, "from", N_("Give at most twenty years, the first before the last."));
	if ((rc = unit_subtree(db, a, unit_id, &subtree, e)))
		return rc;
	if (unit_id && (rc = unit_get(db, a, unit_id, &top, e)))
		return rc;
	uf.viewer_id = auth && !auth->system ? auth->user_id : 0;
	uf.parent_id = unit_id ? unit_id : -1;
	uf.limit = 200;
	if ((rc = unit_list(db, a, &uf, &kids, &n_kids, NULL, e)) || (rc = cov_load(db, a, subtree, &d, e)) ||
	    (rc = q_training_groups(db, a, &groups, &n_groups, e)))
		return rc;
	n_buckets = 1 + n_kids;
	cap = (size_t)(to_year - from_year + 1) * n_buckets * (n_groups + 1);
	*out = arena_calloc(a, cap ? cap : 1, sizeof(**out));
	struct training_count *counts;
	size_t n_counts;
	char from[8], to[8];
	snprintf(from, sizeof(from), "%04d", from_year);
	snprintf(to, sizeof(to), "%04d", to_year);
	if ((rc = q_training_count_list(db, a, uf.viewer_id, subtree, from, to, &counts, &n_counts, e)))
		return rc;
	for (int y = from_year; y <= to_year; y++) {
		char end[16];
		snprintf(end, sizeof(end), "%04d-12-31", y);
		if (strcmp(end, today) > 0)
			snprintf(end, sizeof(end), "%.10s", today);
		for (size_t b = 0; b < n_buckets; b++) {
			const char *bpath = b ? kids[b - 1].path : subtree;
			int64_t bid = b ? kids[b - 1].id : unit_id;
			const char *bname = b ? kids[b - 1].name : (unit_id ? top.name : NULL);
			for (size_t g = 0; g <= n_groups; g++) {
				struct training_coverage *c = &(*out)[k];
				int64_t last_user = 0;
				if (g < n_groups && !has_mandatory(&d, groups[g].id))
					continue;
				c->year = y;
				c->unit_id = bid;
				c->unit_name = bname;
				c->group_id = g < n_groups ? groups[g].id : 0;
				c->group_name = g < n_groups ? groups[g].name : NULL;
				if (g < n_groups) {
					for (size_t p = 0; p < d.n_people; p++) {
						const struct training_person *tp = &d.people[p];
						if (tp->group_id != groups[g].id || tp->user_id == last_user ||
						    !in_subtree(tp->unit_path, bpath))
							continue;
						if (auth && !auth->system &&
						    !authz_in_scope(auth, ACCESS_READ, tp->unit_path))
							continue;
						last_user = tp->user_id;
						c->total++;
						if (covered(&d, groups[g].id, tp->user_id, end))
							c->completed++;
					}
				} else {
					for (size_t i = 0; i < n_counts; i++) {
						if (atoi(counts[i].period) != y ||
						    !in_subtree(counts[i].unit_path, bpath))
							continue;
						c->completed += counts[i].completed;
						c->total += counts[i].employed;
					}
				}
				k++;
			}
		}
	}
	*n = k;
	return 0;
}

int training_missing(struct db *db, struct arena *a, const struct auth *for_auth, int64_t unit_id, const char *today,
		     struct training_gap **out, size_t *n, struct err *e)
{
	struct cov_data d;
	char day[TIME_ISO_LEN];
	const char *subtree;
	size_t k = 0, cap = 16;
	int rc;

	if (!today) {
		time_today_iso(day);
		today = day;
	}
	if ((rc = unit_subtree(db, a, unit_id, &subtree, e)) || (rc = cov_load(db, a, subtree, &d, e)))
		return rc;
	*out = arena_calloc(a, cap, sizeof(**out));
	for (size_t p = 0; p < d.n_people; p++) {
		const struct training_person *tp = &d.people[p];
		bool seen_person = false;
		if (for_auth && !authz_in_scope(for_auth, ACCESS_EDIT, tp->unit_path))
			continue;
		/* One row per person and course: the first unit and group that needs it. The people come by
		 * person and group, so the same person's rows for the group are those just before. */
		for (size_t q = p; q-- > 0 && !seen_person && d.people[q].user_id == tp->user_id &&
				   d.people[q].group_id == tp->group_id;)
			seen_person = !for_auth || authz_in_scope(for_auth, ACCESS_EDIT, d.people[q].unit_path);
		if (seen_person)
			continue;
		for (size_t m = 0; m < d.n_pairs; m++) {
			const struct course *c;
			const char *last;
			bool dup = false;
			if (d.pairs[m].group_id != tp->group_id || !(c = course_of(&d, d.pairs[m].course_id)))
				continue;
			if (valid_on(d.done, d.n_done, tp->user_id, c, today, &last))
				continue;
			/* The gaps come by person too: this person's are the last ones. */
			for (size_t x = k; x-- > 0 && !dup && (*out)[x].user_id == tp->user_id;)
				dup = (*out)[x].course_id == c->id;
			if (dup)
				continue;
			ARENA_ROOM(a, *out, k, 1, cap, 16);
			struct training_gap *g = &(*out)[k++];
			g->user_id = tp->user_id;
			g->display_name = tp->display_name;
			g->unit_id = tp->unit_id;
			g->unit_name = tp->unit_name;
			g->unit_path = tp->unit_path;
			g->course_id = c->id;
			g->course_title = c->title;
			g->last_completed = last;
			if (last && c->validity_months) {
				char *until = arena_alloc(a, 11);
				if (!classify_add_months(last, c->validity_months, until))
					g->valid_until = until;
			}
		}
	}
	*n = k;
	return 0;
}

int training_tasks(struct db *db, struct arena *a, const struct auth *auth, const char *today, size_t max,
		   struct task **out, size_t *n, struct err *e)
{
	struct training_gap *gaps;
	size_t n_gaps, k = 0;
	int rc;

	*n = 0;
	*out = arena_calloc(a, 1, sizeof(**out));
	if (!auth || !auth->user_id || !time_valid_date(today))
		return 0;
	if ((rc = training_missing(db, a, NULL, 0, today, &gaps, &n_gaps, e)))
		return rc;
	*out = arena_calloc(a, n_gaps ? n_gaps : 1, sizeof(**out));
	for (size_t i = 0; i < n_gaps && k < max; i++) {
		struct task *t;
		if (gaps[i].user_id != auth->user_id)
			continue;
		t = &(*out)[k++];
		t->kind = "course";
		t->id = gaps[i].course_id;
		t->title = gaps[i].course_title;
		t->context = tr(auth->lang, "Mandatory training");
		t->status = gaps[i].last_completed ? N_("Expired") : N_("Not completed");
		t->due = gaps[i].valid_until;
		t->overdue = gaps[i].valid_until != NULL;
	}
	*n = k;
	return 0;
}

int training_staff_trained(struct db *db, struct arena *a, int64_t unit_id, int year, const char *today,
			   int64_t *trained, int64_t *of, struct err *e)
{
	struct training_count *counts;
	struct cov_data d;
	const char *subtree;
	char day[TIME_ISO_LEN], end[16], y4[8];
	int64_t last_user = 0;
	size_t n_counts;
	int rc;

	*trained = *of = 0;
	if (!today) {
		time_today_iso(day);
		today = day;
	}
	snprintf(end, sizeof(end), "%04d-12-31", year);
	if (strcmp(end, today) > 0)
		snprintf(end, sizeof(end), "%.10s", today);
	/* People once each, whatever their groups: trained when covered in every group they are in. */
	if ((rc = unit_subtree(db, a, unit_id, &subtree, e)) || (rc = cov_load(db, a, subtree, &d, e)))
		return rc;
	for (size_t p = 0; p < d.n_people; p++) {
		const struct training_person *tp = &d.people[p];
		bool ok = true, any = false;
		if (tp->user_id == last_user)
			continue;
		last_user = tp->user_id;
		for (size_t q = p; q < d.n_people && d.people[q].user_id == tp->user_id; q++) {
			if (!has_mandatory(&d, d.people[q].group_id))
				continue;
			any = true;
			ok = ok && covered(&d, d.people[q].group_id, tp->user_id, end);
		}
		if (!any)
			continue;
		(*of)++;
		if (ok)
			(*trained)++;
	}
	/* And the counted completions of the year in the subtree (the query keeps to both), as coverage sums them. */
	snprintf(y4, sizeof(y4), "%04d", year);
	if ((rc = q_training_count_list(db, a, 0, subtree, y4, y4, &counts, &n_counts, e)))
		return rc;
	for (size_t i = 0; i < n_counts; i++) {
		*trained += counts[i].completed;
		*of += counts[i].employed;
	}
	return 0;
}
