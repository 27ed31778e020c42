/*
 * activity.c - rules of action-plan activities and what they address.
 *
 * Every write runs in one transaction with its audit entries: a carried
 * activity is inserted together with the change of its predecessor's next
 * step and the copy of its links, so a chain is never half made, and the
 * unique carried_from_id refuses a second carry even when two people press
 * the button at once. The snapshots for the audit trail are built from
 * what the write knows (the record as the route's scope read it and the
 * input), not read back.
 */
#include "domain/activity.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/err.h"
#include "core/json.h"
#include "core/str.h"
#include "core/timeutil.h"
#include "db/db.h"
#include "db/q_activity.h"
#include "db/q_plan.h"
#include "db/q_unit.h"
#include "db/q_user.h"
#include "domain/asset.h"
#include "domain/audit.h"
#include "domain/continuity.h"
#include "domain/gdpr.h"
#include "domain/incident.h"
#include "domain/intcontrol.h"
#include "domain/maturity.h"
#include "domain/plan.h"
#include "domain/requirement.h"
#include "domain/response.h"
#include "domain/review.h"
#include "domain/risk.h"
#include "domain/tasks.h"
#include "domain/unit.h"
#include "domain/validate.h"

const char *const activity_statuses[ACTIVITY_STATUS_COUNT] = { "not_started", "started", "partly_started", "ongoing",
							       "done" };
const char *const activity_status_labels[ACTIVITY_STATUS_COUNT] = {
	N_("Not started"), N_("Started"), N_("Partly started"), N_("In progress"), N_("Done"),
};
const char *const activity_next_steps[ACTIVITY_NEXT_STEP_COUNT] = { "", "continue", "wheel", "close" };
const char *const activity_next_step_labels[ACTIVITY_NEXT_STEP_COUNT] = {
	N_("Not decided"),
	N_("Continue next year"),
	N_("Move to the annual wheel"),
	N_("Close"),
};

int activity_status_index(const char *s)
{
	for (int i = 0; s && i < ACTIVITY_STATUS_COUNT; i++)
		if (!strcmp(activity_statuses[i], s))
			return i;
	return -1;
}

const char *activity_status_label(const char *s)
{
	int i = activity_status_index(s);
	return i >= 0 ? activity_status_labels[i] : s;
}

static int next_step_index(const char *s)
{
	for (int i = 0; i < ACTIVITY_NEXT_STEP_COUNT; i++)
		if (!strcmp(activity_next_steps[i], s ? s : ""))
			return i;
	return -1;
}

const char *activity_quarters_text(struct arena *a, enum lang lang, unsigned mask)
{
	struct buf b;
	buf_init(&b, a);
	buf_adds(&b, "");
	for (unsigned q = 0; q < 4; q++) {
		if (!(mask & (1u << q)))
			continue;
		if (b.len)
			buf_adds(&b, ", ");
		buf_adds(&b, quarter_short(a, lang, (int)q + 1));
	}
	return b.data;
}

const char *activity_deadline(struct arena *a, int64_t year, unsigned mask, const char *due_date)
{
	static const char *const ends[4] = { "03-31", "06-30", "09-30", "12-31" };
	if (due_date && *due_date)
		return arena_strdup(a, due_date);
	for (int q = 3; q >= 0; q--)
		if (mask & (1u << q))
			return arena_printf(a, "%04" PRId64 "-%s", year, ends[q]);
	return NULL;
}

bool activity_overdue(const struct activity *ac, const char *today)
{
	return strcmp(ac->status, "done") && (!ac->next_step || !*ac->next_step) && ac->deadline &&
	       strcmp(ac->deadline, today) < 0;
}

int activity_get(struct db *db, struct arena *a, int64_t id, struct activity *out, struct err *e)
{
	int rc = q_activity_get(db, a, id, out, e);
	return rc == ERR_NOTFOUND ? err_set(e, ERR_NOTFOUND, "id", N_("No such activity.")) : rc;
}

SCOPE_READER_OWNED(activity_scope, struct activity, activity_get, "activity", responsible_id)

int activity_link_scope(struct db *db, struct arena *a, int64_t id, struct scope *s, struct err *e)
{
	struct activity_link *l = arena_calloc(a, 1, sizeof(*l));
	struct activity ac;
	int rc = q_activity_link_get(db, a, id, l, e);

	if (rc == ERR_NOTFOUND)
		return err_set(e, ERR_NOTFOUND, "id", N_("No such link."));
	if (rc || (rc = activity_get(db, a, l->activity_id, &ac, e)))
		return rc;
	*s = (struct scope){ "activity_link", l, ac.unit_id, ac.unit_path, ac.responsible_id };
	return 0;
}

/* --- lists --- */

void activity_filter_init(struct activity_filter *f)
{
	*f = (struct activity_filter){ 0 };
	f->sort = ACTIVITY_SORT_PLAN;
}

const char *const activity_filter_args[] = {
	"unit_id", "plan_id", "year",  "area_id",        "status",   "overdue",        "open",
	"q",       "sort",    "order", "responsible_id", "asset_id", "requirement_id", NULL,
};

static const char *const sort_names[] = { "plan", "deadline", "title", "status", "updated" };

int activity_filter_parse(struct activity_filter *f, const char *(*get)(void *ctx, const char *name), void *ctx,
			  struct err *e)
{
	const char *v;
	int overdue = 0, open = 0, rc;
	int64_t asset = 0, requirement = 0;

	if ((rc = filter_id(get, ctx, "unit_id", &f->unit_id, e)) ||
	    (rc = filter_id(get, ctx, "plan_id", &f->plan_id, e)) ||
	    (rc = filter_id(get, ctx, "area_id", &f->area_id, e)) ||
	    (rc = filter_id(get, ctx, "responsible_id", &f->responsible_id, e)) ||
	    (rc = filter_id(get, ctx, "asset_id", &asset, e)) ||
	    (rc = filter_id(get, ctx, "requirement_id", &requirement, e)) ||
	    (rc = filter_bool(get, ctx, "overdue", &overdue, e)) || (rc = filter_bool(get, ctx, "open", &open, e)))
		return rc;
	if ((v = filter_arg(get, ctx, "year")) &&
	    (!str_to_i64(v, &f->year) || f->year < PLAN_YEAR_MIN || f->year > PLAN_YEAR_MAX))
		return err_set(e, ERR_INVALID, "year", N_("Give a year from 2000 to 2100."));
	f->status = filter_arg(get, ctx, "status");
	if (f->status && activity_status_index(f->status) < 0)
		return err_set(e, ERR_INVALID, "status",
			       N_("Unknown status: use not_started, started, partly_started, ongoing or done."));
	f->overdue = overdue == 1;
	f->open = open == 1;
	if (asset) {
		f->link_kind = "asset";
		f->link_target = asset;
	} else if (requirement) {
		f->link_kind = "requirement";
		f->link_target = requirement;
	}
	f->q = filter_arg(get, ctx, "q");
	if ((v = filter_arg(get, ctx, "sort"))) {
		int k = -1;
		for (size_t i = 0; i < sizeof(sort_names) / sizeof(sort_names[0]); i++)
			if (!strcmp(sort_names[i], v))
				k = (int)i;
		if (k < 0)
			return err_set(e, ERR_INVALID, "sort", N_("Sort by plan, deadline, title, status or updated."));
		f->sort = (enum activity_sort)k;
	}
	if ((v = filter_arg(get, ctx, "order"))) {
		if (strcmp(v, "asc") && strcmp(v, "desc"))
			return err_set(e, ERR_INVALID, "order", N_("Must be asc or desc."));
		f->desc = !strcmp(v, "desc");
	}
	return 0;
}

int activity_list(struct db *db, struct arena *a, const struct activity_filter *f, struct activity **out, size_t *n,
		  int64_t *total, struct err *e)
{
	const char *subtree;
	char today[11];
	int rc = unit_subtree(db, a, f->unit_id, &subtree, e);

	if (rc)
		return rc;
	if (f->today)
		snprintf(today, sizeof(today), "%s", f->today);
	else
		plan_today(today);
	return q_activity_list(db, a, f, subtree, today, out, n, total, e);
}

int activity_people(struct db *db, struct arena *a, const char *unit_path, struct activity_person **out, size_t *n,
		    struct err *e)
{
	return q_activity_people(db, a, unit_path, out, n, e);
}

/* --- JSON --- */

void activity_json(struct json *j, const struct activity *ac, const char *today)
{
	json_obj_open(j);
	json_kv_int(j, "id", ac->id);
	json_kv_int(j, "plan_id", ac->plan_id);
	json_kv_int(j, "year", ac->plan_year);
	json_kv_int(j, "unit_id", ac->unit_id);
	json_kv_str(j, "unit_name", ac->unit_name);
	json_kv_id(j, "area_id", ac->area_id);
	json_kv_str(j, "area_name", ac->area_name);
	json_kv_int(j, "position", ac->position);
	json_kv_str(j, "title", ac->title);
	json_kv_str(j, "purpose", ac->purpose);
	json_key(j, "quarters");
	json_arr_open(j);
	for (unsigned q = 0; q < 4; q++) {
		if (ac->quarters & (1u << q)) {
			char name[4] = { 'Q', (char)('1' + q), 0, 0 };
			json_str(j, name);
		}
	}
	json_arr_close(j);
	json_kv_id(j, "responsible_unit_id", ac->responsible_unit_id);
	json_kv_str(j, "responsible_unit_name", ac->responsible_unit_name);
	json_kv_id(j, "responsible_id", ac->responsible_id);
	json_kv_str(j, "responsible_name", ac->responsible_name);
	json_kv_str(j, "status", ac->status);
	json_kv_str(j, "status_comment", ac->status_comment);
	json_kv_str(j, "next_step", ac->next_step);
	json_kv_str(j, "due_date", ac->due_date);
	json_kv_str(j, "deadline", ac->deadline);
	if (today)
		json_kv_bool(j, "overdue", activity_overdue(ac, today));
	json_kv_id(j, "carried_from_id", ac->carried_from_id);
	json_kv_id(j, "carried_to_id", ac->carried_to_id);
	json_kv_int(j, "version", ac->version);
	json_kv_str(j, "created_at", ac->created_at);
	json_kv_str(j, "updated_at", ac->updated_at);
	json_obj_close(j);
}

const char *activity_json_text(struct arena *a, const struct activity *ac)
{
	struct buf b;
	struct json j;
	buf_init(&b, a);
	json_init(&j, &b);
	activity_json(&j, ac, NULL);
	return b.data;
}

/* --- checking and writing --- */

struct activity_input activity_input_of(const struct activity *ac)
{
	struct activity_input in = { 0 };
	in.area_id = ac->area_id;
	in.title = ac->title;
	in.purpose = ac->purpose;
	in.quarters = ac->quarters;
	in.responsible_unit_id = ac->responsible_unit_id;
	in.responsible_id = ac->responsible_id;
	in.status = ac->status;
	in.status_comment = ac->status_comment;
	in.next_step = ac->next_step;
	in.due_date = ac->due_date;
	return in;
}

static struct activity_input clean_input(struct arena *a, const struct activity_input *raw)
{
	struct activity_input in = *raw;
	in.title = text_trimmed(a, raw->title);
	in.purpose = text_trimmed(a, raw->purpose);
	in.status_comment = text_trimmed(a, raw->status_comment);
	in.next_step = raw->next_step ? text_trimmed(a, raw->next_step) : "";
	in.status = raw->status && *raw->status ? raw->status : "not_started";
	in.due_date = raw->due_date && *raw->due_date ? text_trimmed(a, raw->due_date) : NULL;
	if (in.due_date && !*in.due_date)
		in.due_date = NULL;
	return in;
}

/* The first id of a unit path "/1/4/9/": its organisation. */
static const char *org_prefix(struct arena *a, const char *path)
{
	const char *end = path && path[0] == '/' ? strchr(path + 1, '/') : NULL;
	return end ? arena_strndup(a, path, (size_t)(end - path + 1)) : "";
}

/*
 * Check @in (cleaned) for an activity of @plan that is @before (NULL: a
 * new one), as @auth, and fill in @after what will be stored: the area, the
 * responsible unit's and person's names, the deadline.
 */
static int check_clean(struct db *db, struct arena *a, const struct auth *auth, const struct plan *plan,
		       const struct activity_input *in, const struct activity *before, struct activity *after,
		       struct err *e)
{
	const char *scope_path = plan->unit_path;
	int rc;

	if (!in->area_id)
		return err_set(e, ERR_INVALID, "area_id", N_("Choose an area of this plan."));
	if (before && in->area_id == before->area_id) {
		after->area_name = before->area_name;
		after->area_position = before->area_position;
	} else {
		struct plan_area ar;
		rc = q_plan_area_get(db, a, in->area_id, &ar, e);
		if (rc == ERR_NOTFOUND || (!rc && ar.plan_id != plan->id))
			return err_set(e, ERR_INVALID, "area_id", N_("Choose an area of this plan."));
		if (rc)
			return rc;
		after->area_name = ar.name;
		after->area_position = ar.position;
	}
	if ((rc = check_text(e, "title", in->title, 300, true)) ||
	    (rc = check_text(e, "purpose", in->purpose, 20000, false)) ||
	    (rc = check_text(e, "status_comment", in->status_comment, 5000, false)))
		return rc;
	if (in->quarters > 15)
		return err_set(e, ERR_INVALID, "quarters", N_("Planned quarters are Q1, Q2, Q3 and Q4."));
	if (activity_status_index(in->status) < 0)
		return err_set(e, ERR_INVALID, "status",
			       N_("Unknown status: use not_started, started, partly_started, ongoing or done."));
	if (next_step_index(in->next_step) < 0)
		return err_set(e, ERR_INVALID, "next_step", N_("The next step is continue, wheel, close or none."));
	if ((rc = check_date(e, "due_date", in->due_date, false)))
		return rc;
	after->responsible_unit_name = after->responsible_unit_path = NULL;
	if (in->responsible_unit_id) {
		if (before && in->responsible_unit_id == before->responsible_unit_id) {
			after->responsible_unit_name = before->responsible_unit_name;
			after->responsible_unit_path = before->responsible_unit_path;
		} else {
			struct unit u;
			rc = q_unit_get(db, a, in->responsible_unit_id, &u, e);
			if (rc && rc != ERR_NOTFOUND)
				return rc;
			/* A unit of the plan's organisation that the user sees; any other is as if it did not exist. */
			if (rc == ERR_NOTFOUND || !str_starts(u.path, org_prefix(a, plan->unit_path)) ||
			    !authz_may_reference(auth, ACCESS_READ, u.path, 0))
				return err_set(e, ERR_INVALID, "responsible_unit_id",
					       N_("Choose a unit of the plan's organisation."));
			after->responsible_unit_name = u.name;
			after->responsible_unit_path = u.path;
		}
		scope_path = after->responsible_unit_path;
	}
	after->responsible_name = NULL;
	if (in->responsible_id) {
		bool yes = false;
		if ((rc = q_activity_person_in_scope(db, a, in->responsible_id, scope_path, &yes, e)))
			return rc;
		if (!yes)
			return err_set(e, ERR_INVALID, "responsible_id",
				       N_("The person holds no role in the responsible unit or above it."));
		if (before && in->responsible_id == before->responsible_id)
			after->responsible_name = before->responsible_name;
		else if ((rc = q_user_display_name(db, a, in->responsible_id, &after->responsible_name, e)))
			return rc == ERR_NOTFOUND ? err_set(e, ERR_INVALID, "responsible_id", N_("No such user.")) : rc;
	}
	return 0;
}

/* The row written for @after. */
static struct activity_row row_of(const struct activity *ac)
{
	struct activity_row row = { 0 };
	row.plan_id = ac->plan_id;
	row.unit_id = ac->unit_id;
	row.area_id = ac->area_id;
	row.position = ac->position;
	row.title = ac->title;
	row.purpose = ac->purpose;
	row.quarters = ac->quarters;
	row.responsible_unit_id = ac->responsible_unit_id;
	row.responsible_id = ac->responsible_id;
	row.status = ac->status;
	row.status_comment = ac->status_comment;
	row.next_step = ac->next_step;
	row.due_date = ac->due_date;
	row.deadline = ac->deadline;
	row.carried_from_id = ac->carried_from_id;
	return row;
}

static void apply_input(struct arena *a, struct activity *ac, const struct activity_input *in)
{
	ac->area_id = in->area_id;
	ac->title = in->title;
	ac->purpose = in->purpose;
	ac->quarters = in->quarters;
	ac->responsible_unit_id = in->responsible_unit_id;
	ac->responsible_id = in->responsible_id;
	ac->status = in->status;
	ac->status_comment = in->status_comment;
	ac->next_step = in->next_step;
	ac->due_date = in->due_date;
	ac->deadline = activity_deadline(a, ac->plan_year, in->quarters, in->due_date);
}

/* Insert @ac (filled but for its id and position) and its audit entry. */
static int insert_in_tx(struct db *db, struct arena *a, const struct auth *auth, struct activity *ac, const char *now,
			struct err *e)
{
	struct activity_row row;
	int rc;

	if ((rc = q_activity_next_position(db, a, ac->area_id, &ac->position, e)))
		return rc;
	ac->version = 1;
	ac->created_by = actor_of(auth).id;
	ac->created_at = ac->updated_at = arena_strdup(a, now);
	row = row_of(ac);
	if ((rc = q_activity_insert(db, a, &row, actor_of(auth).id, now, &ac->id, e)))
		return rc;
	return audit_append(db, a, actor_of(auth), "activity", ac->id, ac->unit_id, "create", NULL,
			    activity_json_text(a, ac), e);
}

static int create_in_tx(struct db *db, struct arena *a, const struct auth *auth, const struct plan *plan,
			const struct activity_input *in, int64_t *id_out, struct err *e)
{
	struct activity ac = { 0 };
	char now[TIME_ISO_LEN];
	int rc;

	time_now_iso(now);
	ac.plan_id = plan->id;
	ac.plan_year = plan->year;
	ac.plan_title = plan->title;
	ac.unit_id = plan->unit_id;
	ac.unit_name = plan->unit_name;
	ac.unit_path = plan->unit_path;
	if ((rc = check_clean(db, a, auth, plan, in, NULL, &ac, e)))
		return rc;
	apply_input(a, &ac, in);
	if ((rc = insert_in_tx(db, a, auth, &ac, now, e)))
		return rc;
	if (id_out)
		*id_out = ac.id;
	return 0;
}

int activity_create(struct db *db, struct arena *a, const struct auth *auth, const struct plan *plan,
		    const struct activity_input *raw, int64_t *id_out, struct err *e)
{
	struct activity_input in = clean_input(a, raw);
	int rc;

	if (!authz_may_reference(auth, ACCESS_EDIT, plan->unit_path, 0))
		return err_set(e, ERR_FORBIDDEN, "plan_id", N_("Your roles do not let you change this plan."));
	if ((rc = db_begin(db, e)))
		return rc;
	return db_end(db, create_in_tx(db, a, auth, plan, &in, id_out, e), e);
}

static const char *const conflict_msg = N_(
	"Someone else has changed this activity since you opened it. Their version is shown; your changes are kept in the form.");

/* The plan @ac belongs to, as far as the checks need it (no query). */
static struct plan plan_of(const struct activity *ac)
{
	struct plan p = { 0 };
	p.id = ac->plan_id;
	p.year = ac->plan_year;
	p.title = ac->plan_title;
	p.unit_id = ac->unit_id;
	p.unit_name = ac->unit_name;
	p.unit_path = ac->unit_path;
	return p;
}

static int update_in_tx(struct db *db, struct arena *a, const struct auth *auth, const struct activity *before,
			int64_t version, const struct activity_input *in, struct activity *current, struct err *e)
{
	struct activity after = *before;
	struct plan plan = plan_of(before);
	struct activity_row row;
	char now[TIME_ISO_LEN];
	int rc;

	time_now_iso(now);
	if (before->version != version)
		return version_conflict(current, before, sizeof(*before), e, conflict_msg);
	if ((rc = check_clean(db, a, auth, &plan, in, before, &after, e)))
		return rc;
	apply_input(a, &after, in);
	if (after.area_id != before->area_id &&
	    (rc = q_activity_next_position(db, a, after.area_id, &after.position, e)))
		return rc;
	row = row_of(&after);
	rc = q_activity_update(db, a, before->id, version, &row, now, e);
	if (rc == ERR_CONFLICT) /* changed since @before was read: show the stored one */
		return version_lost(current ? activity_get(db, a, before->id, current, e) : 0, e, conflict_msg);
	if (rc)
		return rc;
	after.version = before->version + 1;
	after.updated_at = now;
	return audit_append(db, a, actor_of(auth), "activity", before->id, after.unit_id, "update",
			    activity_json_text(a, before), activity_json_text(a, &after), e);
}

int activity_update(struct db *db, struct arena *a, const struct auth *auth, const struct activity *before,
		    int64_t version, const struct activity_input *raw, struct activity *current, struct err *e)
{
	struct activity_input in = clean_input(a, raw);
	int rc = db_begin(db, e);
	if (rc)
		return rc;
	return db_end(db, update_in_tx(db, a, auth, before, version, &in, current, e), e);
}

int activity_set_next_step_in_tx(struct db *db, struct arena *a, const struct auth *auth, const struct activity *before,
				 const char *next_step, struct err *e)
{
	struct activity after = *before;
	char now[TIME_ISO_LEN];
	int rc;

	time_now_iso(now);
	rc = q_activity_set_next_step(db, a, before->id, before->version, next_step, now, e);
	if (rc == ERR_CONFLICT)
		return err_set(e, ERR_CONFLICT, "version", conflict_msg);
	if (rc)
		return rc;
	after.next_step = next_step;
	after.version = before->version + 1;
	after.updated_at = now;
	return audit_append(db, a, actor_of(auth), "activity", before->id, before->unit_id, "update",
			    activity_json_text(a, before), activity_json_text(a, &after), e);
}

/* --- carrying over --- */

static int carry_in_tx(struct db *db, struct arena *a, const struct auth *auth, const struct activity *before,
		       int64_t *id_out, struct err *e)
{
	struct plan next;
	struct plan_area area;
	struct activity ac = *before;
	char now[TIME_ISO_LEN];
	int rc;

	time_now_iso(now);
	if (before->carried_to_id)
		return err_set(e, ERR_EXISTS, "id",
			       N_("This activity has been carried into next year's plan already."));
	if (!strcmp(before->status, "done"))
		return err_set(e, ERR_INVALID, "status", N_("A finished activity is not carried over."));
	if (before->next_step && *before->next_step && strcmp(before->next_step, "continue"))
		return err_set(e, ERR_INVALID, "next_step",
			       N_("The activity moves to the annual wheel or is closed: it is not carried over."));
	if (before->plan_year >= PLAN_YEAR_MAX)
		return err_set(e, ERR_INVALID, "year", N_("Give a year from 2000 to 2100."));
	if ((rc = plan_ensure_in_tx(db, a, auth, before->unit_id, before->plan_year + 1, &next, e)) ||
	    (rc = plan_area_ensure_in_tx(db, a, auth, &next, before->area_name ? before->area_name : "", &area, e)))
		return rc;
	ac.plan_id = next.id;
	ac.plan_year = next.year;
	ac.plan_title = next.title;
	ac.area_id = area.id;
	ac.area_name = area.name;
	ac.area_position = area.position;
	ac.status_comment = "";
	ac.next_step = "";
	ac.due_date = NULL;
	ac.deadline = activity_deadline(a, ac.plan_year, ac.quarters, NULL);
	ac.carried_from_id = before->id;
	ac.carried_to_id = 0;
	rc = insert_in_tx(db, a, auth, &ac, now, e);
	if (rc == ERR_EXISTS)
		return err_set(e, ERR_EXISTS, "id",
			       N_("This activity has been carried into next year's plan already."));
	if (rc || (rc = q_activity_links_copy(db, a, before->id, ac.id, actor_of(auth).id, now, e)) ||
	    (rc = activity_set_next_step_in_tx(db, a, auth, before, "continue", e)))
		return rc;
	if (id_out)
		*id_out = ac.id;
	return 0;
}

int activity_carry(struct db *db, struct arena *a, const struct auth *auth, const struct activity *before,
		   int64_t *id_out, struct err *e)
{
	int rc;

	if (!authz_may_reference(auth, ACCESS_EDIT, before->unit_path, 0))
		return err_set(e, ERR_FORBIDDEN, "id", N_("Your roles do not let you change this plan."));
	if ((rc = db_begin(db, e)))
		return rc;
	return db_end(db, carry_in_tx(db, a, auth, before, id_out, e), e);
}

static int carry_all_in_tx(struct db *db, struct arena *a, const struct auth *auth, const struct plan *plan,
			   size_t *n_carried, struct err *e)
{
	struct activity_filter f;
	struct activity *list;
	size_t n;
	int rc;

	activity_filter_init(&f);
	f.plan_id = plan->id;
	f.open = true;
	f.limit = 10000;
	if ((rc = activity_list(db, a, &f, &list, &n, NULL, e)))
		return rc;
	*n_carried = 0;
	for (size_t i = 0; i < n; i++) {
		if (list[i].carried_to_id)
			continue;
		if ((rc = carry_in_tx(db, a, auth, &list[i], NULL, e)))
			return rc;
		(*n_carried)++;
	}
	return 0;
}

int activity_carry_all(struct db *db, struct arena *a, const struct auth *auth, const struct plan *plan,
		       size_t *n_carried, struct err *e)
{
	int rc;

	if (!authz_may_reference(auth, ACCESS_EDIT, plan->unit_path, 0))
		return err_set(e, ERR_FORBIDDEN, "id", N_("Your roles do not let you change this plan."));
	if ((rc = db_begin(db, e)))
		return rc;
	return db_end(db, carry_all_in_tx(db, a, auth, plan, n_carried, e), e);
}

#define HISTORY_MAX 101 /* the years 2000..2100 */

int activity_history(struct db *db, struct arena *a, const struct activity *ac, struct activity **out, size_t *n,
		     struct err *e)
{
	struct activity *back = arena_calloc(a, HISTORY_MAX, sizeof(*back));
	struct activity *chain = arena_calloc(a, 2 * HISTORY_MAX + 1, sizeof(*chain));
	size_t n_back = 0, k = 0;
	int64_t id;
	int rc;

	for (id = ac->carried_from_id; id && n_back < HISTORY_MAX; id = back[n_back++].carried_from_id)
		if ((rc = q_activity_get(db, a, id, &back[n_back], e)))
			return rc == ERR_NOTFOUND ? 0 : rc;
	for (size_t i = n_back; i-- > 0;)
		chain[k++] = back[i];
	chain[k++] = *ac;
	for (id = ac->carried_to_id; id && k < 2 * HISTORY_MAX + 1; id = chain[k++].carried_to_id)
		if ((rc = q_activity_get(db, a, id, &chain[k], e)))
			return rc == ERR_NOTFOUND ? 0 : rc;
	*out = chain;
	*n = k;
	return 0;
}

/* --- made from a requirement --- */

/* The purpose of an activity made from a requirement, in @lang: Markdown, the user's texts escaped. */
static const char *describe(struct arena *a, enum lang lang, const struct asset *as, const struct asset_requirement *ar)
{
	struct buf b;
	buf_init(&b, a);
	buf_adds(&b, tr(lang, "Requirement"));
	buf_adds(&b, ": ");
	buf_adds(&b, ar->req.code);
	buf_adds(&b, " ");
	buf_adds(&b, ar->req.title);
	buf_adds(&b, "\n");
	buf_adds(&b, tr(lang, "Asset"));
	buf_adds(&b, ": ");
	buf_adds(&b, as->name);
	buf_adds(&b, "\n");
	buf_adds(&b, tr(lang, "Fulfilment"));
	buf_adds(&b, ": ");
	buf_adds(&b, tr(lang, req_status_label(ar->status)));
	if (ar->comment && *ar->comment) {
		buf_adds(&b, "\n");
		buf_adds(&b, tr(lang, "Comment"));
		buf_adds(&b, ": ");
		buf_adds(&b, ar->comment);
	}
	if (ar->req.text && *ar->req.text) {
		buf_adds(&b, "\n\n");
		buf_adds(&b, ar->req.text);
	}
	return b.data;
}

static int from_requirement_in_tx(struct db *db, struct arena *a, const struct auth *auth, enum lang lang,
				  const struct asset *as, int64_t requirement_id, int64_t *id_out, struct err *e)
{
	struct asset_requirement ar;
	struct plan plan;
	struct plan_area area;
	struct activity ac = { 0 };
	char now[TIME_ISO_LEN], year[5];
	int64_t y = 0, link;
	int rc;

	time_now_iso(now);
	memcpy(year, now, 4);
	year[4] = 0;
	str_to_i64(year, &y);
	if ((rc = asset_requirement_read(db, a, as, requirement_id, &ar, e)))
		return rc;
	if (ar.action_id)
		return err_set(e, ERR_EXISTS, "action_id",
			       N_("An activity has already been made from this requirement."));
	if (strcmp(ar.status, "not_fulfilled") && strcmp(ar.status, "partial"))
		return err_set(
			e, ERR_INVALID, "status",
			N_("Only a requirement assessed as not fulfilled or partly fulfilled becomes an activity."));
	if ((rc = plan_ensure_in_tx(db, a, auth, as->unit_id, y, &plan, e)) ||
	    (rc = plan_area_ensure_in_tx(db, a, auth, &plan, tr(lang, "Actions"), &area, e)))
		return rc;
	ac.plan_id = plan.id;
	ac.plan_year = plan.year;
	ac.plan_title = plan.title;
	ac.unit_id = as->unit_id;
	ac.unit_name = as->unit_name;
	ac.unit_path = as->unit_path;
	ac.area_id = area.id;
	ac.area_name = area.name;
	ac.area_position = area.position;
	ac.title = arena_printf(a, "%s %s", ar.req.code, ar.req.title);
	if (str_utf8_len(ac.title) > 300)
		ac.title = ar.req.title;
	ac.purpose = describe(a, lang, as, &ar);
	ac.status = "not_started";
	ac.status_comment = "";
	ac.next_step = "";
	ac.responsible_id = as->owner_id;
	ac.responsible_name = as->owner_name;
	if ((rc = insert_in_tx(db, a, auth, &ac, now, e)) ||
	    (rc = q_activity_link_insert(db, a, ac.id, "asset", as->id, actor_of(auth).id, now, &link, e)) ||
	    (rc = q_activity_link_insert(db, a, ac.id, "requirement", ar.req.id, actor_of(auth).id, now, &link, e)) ||
	    (rc = asset_requirement_link_action(db, a, auth, as, &ar, ac.id, now, e)))
		return rc;
	if (id_out)
		*id_out = ac.id;
	return 0;
}

/* An activity made from a requirement goes in the asset's unit: who may change the asset there may add it. */
static int may_act_on(const struct auth *auth, const struct asset *as, struct err *e)
{
	if (!authz_may_reference(auth, ACCESS_OWN, as->unit_path, as->owner_id))
		return err_set(e, ERR_FORBIDDEN, "unit_id",
			       N_("Your roles do not let you add activities to this unit."));
	return 0;
}

int activity_create_from_requirement(struct db *db, struct arena *a, const struct auth *auth, enum lang lang,
				     const struct asset *as, int64_t requirement_id, int64_t *id_out, struct err *e)
{
	int rc;

	if ((rc = may_act_on(auth, as, e)) || (rc = db_begin(db, e)))
		return rc;
	return db_end(db, from_requirement_in_tx(db, a, auth, lang, as, requirement_id, id_out, e), e);
}

static int assess_and_act_in_tx(struct db *db, struct arena *a, const struct auth *auth, enum lang lang,
				const struct asset *as, const struct asset_requirement_change *ch, size_t n_ch,
				const int64_t *act, size_t n_act, size_t *bad, struct err *e)
{
	int rc = n_ch ? asset_requirement_set_many_in_tx(db, a, auth, as, ch, n_ch, bad, e) : 0;

	for (size_t i = 0; !rc && i < n_act; i++)
		if ((rc = from_requirement_in_tx(db, a, auth, lang, as, act[i], NULL, e)))
			*bad = ACTIVITY_ASSESS_ACT_FAILED;
	return rc;
}

int activity_assess_and_act(struct db *db, struct arena *a, const struct auth *auth, enum lang lang,
			    const struct asset *as, const struct asset_requirement_change *ch, size_t n_ch,
			    const int64_t *act, size_t n_act, size_t *bad, struct asset_requirement *current,
			    struct err *e)
{
	int rc;

	*bad = 0;
	if (n_act && (rc = may_act_on(auth, as, e))) {
		*bad = ACTIVITY_ASSESS_ACT_FAILED;
		return rc;
	}
	if ((rc = db_begin(db, e)))
		return rc;
	rc = db_end(db, assess_and_act_in_tx(db, a, auth, lang, as, ch, n_ch, act, n_act, bad, e), e);
	/* Read after the rollback: a refused insert leaves a PostgreSQL transaction unusable. */
	if (rc == ERR_CONFLICT && current && *bad != ACTIVITY_ASSESS_ACT_FAILED)
		asset_requirement_read(db, a, as, ch[*bad].requirement_id, current, NULL);
	return rc;
}

/* --- made for another module's record --- */

static const char *link_snapshot(struct arena *a, int64_t activity_id, const char *kind, int64_t target_id);

int activity_create_linked_for_year_in_tx(struct db *db, struct arena *a, const struct auth *auth, int64_t unit_id,
					  int64_t y, const char *area_name, const struct activity_input *raw,
					  const char *kind, int64_t target_id, int64_t *id_out, struct err *e)
{
	const struct activity_link_kind *k = activity_link_kind_find(kind);
	struct activity_input in = clean_input(a, raw);
	struct plan plan;
	struct plan_area area;
	struct activity ac = { 0 };
	char now[TIME_ISO_LEN];
	int64_t link;
	int rc;

	if (!k)
		return err_set(e, ERR_INVALID, "kind", N_("Choose what kind of record the activity addresses."));
	time_now_iso(now);
	/* The plan and area are made first; a refusal below rolls them back with the caller's transaction. */
	if ((rc = plan_ensure_in_tx(db, a, auth, unit_id, y, &plan, e)) ||
	    (rc = plan_area_ensure_in_tx(db, a, auth, &plan, area_name, &area, e)))
		return rc;
	in.area_id = area.id;
	ac.plan_id = plan.id;
	ac.plan_year = plan.year;
	ac.plan_title = plan.title;
	ac.unit_id = plan.unit_id;
	ac.unit_name = plan.unit_name;
	ac.unit_path = plan.unit_path;
	if ((rc = check_clean(db, a, auth, &plan, &in, NULL, &ac, e)))
		return rc;
	apply_input(a, &ac, &in);
	if ((rc = insert_in_tx(db, a, auth, &ac, now, e)) ||
	    (rc = q_activity_link_insert(db, a, ac.id, k->kind, target_id, actor_of(auth).id, now, &link, e)) ||
	    (rc = audit_append(db, a, actor_of(auth), "activity_link", link, ac.unit_id, "create", NULL,
			       link_snapshot(a, ac.id, k->kind, target_id), e)))
		return rc;
	if (id_out)
		*id_out = ac.id;
	return 0;
}

int activity_create_linked_in_tx(struct db *db, struct arena *a, const struct auth *auth, int64_t unit_id,
				 const char *area_name, const struct activity_input *in, const char *kind,
				 int64_t target_id, int64_t *id_out, struct err *e)
{
	char now[TIME_ISO_LEN];
	int64_t y = 0;

	time_now_iso(now);
	now[4] = 0;
	str_to_i64(now, &y);
	return activity_create_linked_for_year_in_tx(db, a, auth, unit_id, y, area_name, in, kind, target_id, id_out,
						     e);
}

int activity_create_followup(struct db *db, struct arena *a, const struct auth *auth, int64_t unit_id,
			     const char *area_name, const char *kind, int64_t target_id, const char *title,
			     const char *purpose, int64_t responsible_id, const char *due_date, int64_t *id_out,
			     struct err *e)
{
	struct activity_input in = { 0 };
	int rc;

	in.title = title;
	in.purpose = purpose;
	in.responsible_id = responsible_id;
	in.due_date = due_date;
	in.status = "not_started";
	if ((rc = db_begin(db, e)))
		return rc;
	rc = activity_create_linked_in_tx(db, a, auth, unit_id, area_name, &in, kind, target_id, id_out, e);
	return db_end(db, rc, e);
}

int activity_list_linked(struct db *db, struct arena *a, const struct auth *auth, const char *kind, int64_t target_id,
			 struct activity **out, size_t *n, struct err *e)
{
	struct activity_filter f;

	activity_filter_init(&f);
	f.viewer_id = auth && !auth->system ? auth->user_id : 0;
	f.link_kind = kind;
	f.link_target = target_id;
	f.limit = 1000;
	return activity_list(db, a, &f, out, n, NULL, e);
}

/* --- "Mina uppgifter" --- */

int activity_tasks(struct db *db, struct arena *a, const struct auth *auth, const char *today, size_t max,
		   struct task **out, size_t *n, struct err *e)
{
	struct activity_filter f;
	struct activity *list;
	int rc;

	activity_filter_init(&f);
	f.viewer_id = auth && !auth->system ? auth->user_id : 0;
	f.responsible_id = auth ? auth->user_id : 0;
	f.open = true;
	f.sort = ACTIVITY_SORT_DEADLINE;
	f.today = today;
	f.limit = (int64_t)(max ? max : 1);
	*n = 0;
	if (!f.responsible_id) {
		*out = arena_calloc(a, 1, sizeof(**out));
		return 0;
	}
	if ((rc = activity_list(db, a, &f, &list, n, NULL, e)))
		return rc;
	*out = arena_calloc(a, *n ? *n : 1, sizeof(**out));
	for (size_t i = 0; i < *n; i++) {
		struct task *t = &(*out)[i];
		t->kind = "activity";
		t->id = list[i].id;
		t->title = list[i].title;
		t->context = arena_printf(a, "%s %" PRId64 " – %s", tr(auth->lang, "Action plan"), list[i].plan_year,
					  list[i].plan_title && *list[i].plan_title ? list[i].plan_title
										    : list[i].unit_name);
		t->status = activity_status_label(list[i].status);
		t->due = list[i].deadline;
		t->overdue = activity_overdue(&list[i], today);
	}
	return 0;
}

/* --- what an activity addresses --- */

static int read_asset(struct db *db, struct arena *a, int64_t id, struct activity_target *out, struct err *e)
{
	struct asset as;
	int rc = q_asset_get(db, a, id, &as, e);
	if (rc)
		return rc;
	out->label = as.name;
	out->unit_id = as.unit_id;
	out->unit_path = as.unit_path;
	return 0;
}

static int read_requirement(struct db *db, struct arena *a, int64_t id, struct activity_target *out, struct err *e)
{
	struct requirement q;
	int rc = requirement_get(db, a, id, &q, e);
	if (rc)
		return rc;
	out->label = arena_printf(a, "%s %s", q.code, q.title);
	out->unit_id = 0;
	out->unit_path = NULL;
	return 0;
}

const struct activity_link_kind activity_link_kinds[] = {
	{ "asset", N_("Asset"), read_asset },
	{ "requirement", N_("Requirement"), read_requirement },
	{ "measure", N_("Measure of an audit response"), measure_link_read },
	{ "maturity_answer", N_("Self-assessment question"), maturity_activity_target },
	{ "review_priority", N_("Management review priority"), review_priority_activity_target },
	{ "dpo_recommendation", N_("Data protection officer's recommendation"), dpo_activity_target },
	{ "incident", N_("Incident"), incident_activity_target },
	{ "dpia", N_("Impact assessment"), dpia_activity_target },
	{ "intcontrol_deviation", N_("Deviation in internal control"), intcontrol_deviation_target },
	{ "risk", N_("Risk"), risk_activity_target },
	{ "exercise", N_("Exercise"), exercise_activity_target },
	{ NULL, NULL, NULL },
};

const struct activity_link_kind *activity_link_kind_find(const char *kind)
{
	for (const struct activity_link_kind *k = activity_link_kinds; kind && k->kind; k++)
		if (!strcmp(k->kind, kind))
			return k;
	return NULL;
}

/* May @auth see @t? A record of the whole installation is seen by anyone with a role. */
static bool target_visible(const struct auth *auth, const struct activity_target *t)
{
	return !t->unit_path || authz_may_reference(auth, ACCESS_READ, t->unit_path, 0);
}

int activity_links(struct db *db, struct arena *a, const struct auth *auth, int64_t activity_id,
		   struct activity_link_view **out, size_t *n, struct err *e)
{
	struct activity_link *links;
	int rc = q_activity_links(db, a, activity_id, &links, n, e);

	if (rc)
		return rc;
	*out = arena_calloc(a, *n ? *n : 1, sizeof(**out));
	for (size_t i = 0; i < *n; i++) {
		const struct activity_link_kind *k = activity_link_kind_find(links[i].kind);
		struct activity_target t = { 0 };
		struct activity_link_view *v = &(*out)[i];
		struct err ignored = { 0 };

		v->link = links[i];
		v->kind_label = k ? k->label : links[i].kind;
		if (k && k->read(db, a, links[i].target_id, &t, &ignored) == 0 && target_visible(auth, &t)) {
			v->label = t.label;
			v->visible = true;
		}
	}
	return 0;
}

static const char *link_snapshot(struct arena *a, int64_t activity_id, const char *kind, int64_t target_id)
{
	struct buf b;
	struct json j;

	buf_init(&b, a);
	json_init(&j, &b);
	json_obj_open(&j);
	json_kv_int(&j, "activity_id", activity_id);
	json_kv_str(&j, "kind", kind);
	json_kv_int(&j, "target_id", target_id);
	json_obj_close(&j);
	return b.data;
}

static int link_add_in_tx(struct db *db, struct arena *a, const struct auth *auth, const struct activity *ac,
			  const struct activity_link_kind *k, int64_t target_id, int64_t *id_out, struct err *e)
{
	struct activity_target t = { 0 };
	char now[TIME_ISO_LEN];
	int64_t id;
	int rc;

	time_now_iso(now);
	rc = k->read(db, a, target_id, &t, e);
	if (rc == ERR_NOTFOUND || (!rc && !target_visible(auth, &t)))
		return err_set(e, ERR_INVALID, "target_id", N_("No such record."));
	if (rc)
		return rc;
	rc = q_activity_link_insert(db, a, ac->id, k->kind, target_id, actor_of(auth).id, now, &id, e);
	if (rc == ERR_EXISTS)
		return err_set(e, ERR_EXISTS, "target_id", N_("The activity addresses this record already."));
	if (rc || (rc = audit_append(db, a, actor_of(auth), "activity_link", id, ac->unit_id, "create", NULL,
				     link_snapshot(a, ac->id, k->kind, target_id), e)))
		return rc;
	if (id_out)
		*id_out = id;
	return 0;
}

int activity_link_add(struct db *db, struct arena *a, const struct auth *auth, const struct activity *ac,
		      const char *kind, int64_t target_id, int64_t *id_out, struct err *e)
{
	const struct activity_link_kind *k = activity_link_kind_find(kind);
	int rc;

	if (!k)
		return err_set(e, ERR_INVALID, "kind", N_("Choose what kind of record the activity addresses."));
	if (target_id <= 0)
		return err_set(e, ERR_INVALID, "target_id", N_("Choose the record the activity addresses."));
	if ((rc = db_begin(db, e)))
		return rc;
	return db_end(db, link_add_in_tx(db, a, auth, ac, k, target_id, id_out, e), e);
}

/* @s cut to at most @max characters, the last of them "…" when cut. */
static int link_remove_in_tx(struct db *db, struct arena *a, const struct auth *auth, const struct activity_link *l,
			     struct err *e)
{
	struct activity ac;
	int rc;

	if ((rc = activity_get(db, a, l->activity_id, &ac, e)) || (rc = q_activity_link_delete(db, a, l->id, e)))
		return rc;
	return audit_append(db, a, actor_of(auth), "activity_link", l->id, ac.unit_id, "delete",
			    link_snapshot(a, l->activity_id, l->kind, l->target_id), NULL, e);
}

int activity_link_remove(struct db *db, struct arena *a, const struct auth *auth, const struct activity_link *l,
			 struct err *e)
{
	int rc = db_begin(db, e);
	if (rc)
		return rc;
	return db_end(db, link_remove_in_tx(db, a, auth, l, e), e);
}

void activity_link_json(struct json *j, const struct activity_link_view *l)
{
	json_obj_open(j);
	json_kv_int(j, "id", l->link.id);
	json_kv_int(j, "activity_id", l->link.activity_id);
	json_kv_str(j, "kind", l->link.kind);
	json_kv_int(j, "target_id", l->link.target_id);
	json_kv_str(j, "label", l->label);
	json_kv_bool(j, "visible", l->visible);
	json_kv_str(j, "created_at", l->link.created_at);
	json_obj_close(j);
}
