/*
 * continuity.c - rules of continuity plans and exercises.
 *
 * The dependency check reads every link reachable from the plans' assets
 * in one query (q_continuity_reach()) and walks them breadth first per
 * plan, so each dependency gets the shortest chain that reaches it. The
 * asset register refuses a link that would close a circle, and the walk
 * keeps a visited set as well, so it ends on any graph.
 */
#include "domain/continuity.h"

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
#include "db/q_risk.h"
#include "db/q_unit.h"
#include "domain/activity.h"
#include "domain/audit.h"
#include "domain/unit.h"
#include "domain/validate.h"

const char *const exercise_kinds[EXERCISE_KIND_COUNT] = { "tabletop", "technical", "full" };
const char *const exercise_kind_labels[EXERCISE_KIND_COUNT] = { N_("Table-top exercise"), N_("Technical exercise"),
								N_("Full-scale exercise") };
const char *const exercise_statuses[2] = { "planned", "done" };
const char *const exercise_status_labels[2] = { N_("Planned"), N_("Done") };

/* --- plans ----------------------------------------------------------------------- */

int continuity_get(struct db *db, struct arena *a, int64_t id, struct continuity_plan *out, struct err *e)
{
	int rc = q_continuity_get(db, a, id, out, e);
	return rc == ERR_NOTFOUND ? err_set(e, ERR_NOTFOUND, "id", N_("No such continuity plan.")) : rc;
}

SCOPE_READER_OWNED(continuity_scope, struct continuity_plan, continuity_get, "continuity_plan", owner_id)

int continuity_of_asset(struct db *db, struct arena *a, int64_t asset_id, struct continuity_plan *out, struct err *e)
{
	return q_continuity_of_asset(db, a, asset_id, out, e);
}

const char *const continuity_filter_args[] = { "unit_id", "review_overdue", "never_exercised", "q", NULL };

int continuity_filter_parse(struct continuity_filter *f, const char *(*get)(void *ctx, const char *name), void *ctx,
			    struct err *e)
{
	int overdue = 0, never = 0, rc;
	if ((rc = filter_id(get, ctx, "unit_id", &f->unit_id, e)) ||
	    (rc = filter_bool(get, ctx, "review_overdue", &overdue, e)) ||
	    (rc = filter_bool(get, ctx, "never_exercised", &never, e)))
		return rc;
	f->review_overdue = overdue == 1;
	f->never_exercised = never == 1;
	f->q = filter_arg(get, ctx, "q");
	return 0;
}

int continuity_list(struct db *db, struct arena *a, const struct continuity_filter *f, struct continuity_plan **out,
		    size_t *n, int64_t *total, struct err *e)
{
	struct continuity_filter g = *f;
	char today[TIME_ISO_LEN];
	const char *subtree;
	int rc = unit_subtree(db, a, f->unit_id, &subtree, e);
	if (rc)
		return rc;
	if (!g.today) {
		time_today_iso(today);
		g.today = today;
	}
	return q_continuity_list(db, a, &g, subtree, out, n, total, e);
}

int continuity_missing(struct db *db, struct arena *a, int64_t viewer_id, int64_t unit_id, int64_t limit,
		       int64_t offset, struct continuity_gap **out, size_t *n, int64_t *total, struct err *e)
{
	const char *subtree;
	int rc = unit_subtree(db, a, unit_id, &subtree, e);
	if (rc)
		return rc;
	return q_continuity_missing(db, a, viewer_id, subtree, limit > 0 && limit <= 10000 ? limit : 50,
				    offset > 0 ? offset : 0, out, n, total, e);
}

struct continuity_plan_input continuity_input_of(const struct continuity_plan *p)
{
	struct continuity_plan_input in = { 0 };
	in.unit_id = p->unit_id;
	in.asset_id = p->asset_id;
	in.title = p->title;
	in.owner_id = p->owner_id;
	in.mto_hours = p->mto_hours;
	in.rto_hours = p->rto_hours;
	in.rpo_hours = p->rpo_hours;
	in.fallback = p->fallback;
	in.contacts = p->contacts;
	in.review_due = p->review_due;
	return in;
}

bool continuity_can_edit(const struct auth *auth, const struct continuity_plan *p)
{
	return authz_may_edit_owned(auth, p->unit_path, p->owner_id);
}

static struct continuity_plan_input plan_clean(struct arena *a, const struct continuity_plan_input *raw)
{
	struct continuity_plan_input in = *raw;
	in.title = text_trimmed(a, raw->title);
	in.fallback = text_trimmed(a, raw->fallback);
	in.contacts = text_trimmed(a, raw->contacts);
	in.review_due = raw->review_due && *raw->review_due ? text_trimmed(a, raw->review_due) : NULL;
	return in;
}

/* Check @in for the plan @before (NULL: new) as @auth; fill @after's looked-up names. */
static int plan_check(struct db *db, struct arena *a, const struct auth *auth, const struct continuity_plan_input *in,
		      const struct continuity_plan *before, struct continuity_plan *after, struct err *e)
{
	int rc;

	const struct unit_target t = {
		UNIT_TARGET_OF(in->unit_id, before),
		.access = before ? ACCESS_OWN : ACCESS_EDIT,
		.owner_id = before ? before->owner_id : 0,
		.missing = N_("Choose the unit responsible for the plan."),
		.refused = N_("Your roles do not let you add continuity plans to this unit."),
	};
	if ((rc = unit_target_check(db, a, auth, &t, &after->unit_name, &after->unit_path, e)))
		return rc;
	if (!in->asset_id)
		return err_set(e, ERR_INVALID, "asset_id", N_("Choose the asset or process the plan covers."));
	if (!(before && before->asset_id == in->asset_id)) {
		struct risk_scope_asset as;
		rc = q_risk_asset_brief(db, a, in->asset_id, &as, e);
		if (rc == ERR_NOTFOUND || (!rc && !authz_may_reference(auth, ACCESS_READ, as.unit_path, 0)))
			return err_set(e, ERR_INVALID, "asset_id", N_("No such asset."));
		if (rc)
			return rc;
		after->asset_name = as.name;
		after->asset_kind = as.kind;
		after->asset_unit_path = as.unit_path;
	}
	if ((rc = check_text(e, "title", in->title, 300, true)) ||
	    (rc = check_text(e, "fallback", in->fallback, 100000, false)) ||
	    (rc = check_text(e, "contacts", in->contacts, 10000, false)) ||
	    (rc = check_date(e, "review_due", in->review_due, false)))
		return rc;
	if (in->mto_hours < 1 || in->mto_hours > 100000)
		return err_set(e, ERR_INVALID, "mto_hours", N_("Give the maximum tolerable outage in whole hours."));
	if (in->rto_hours < 0 || in->rto_hours > 100000)
		return err_set(e, ERR_INVALID, "rto_hours", N_("Give the recovery time objective in whole hours."));
	if (in->rto_hours > in->mto_hours)
		return err_set(e, ERR_INVALID, "rto_hours",
			       N_("The recovery time objective cannot be longer than the maximum tolerable outage."));
	if (in->rpo_hours < 0 || in->rpo_hours > 100000)
		return err_set(e, ERR_INVALID, "rpo_hours", N_("Give the recovery point objective in whole hours."));
	after->owner_name = before && before->owner_id == in->owner_id ? before->owner_name : NULL;
	if (in->owner_id && !after->owner_name) {
		rc = q_risk_user_name(db, a, in->owner_id, &after->owner_name, e);
		if (rc == ERR_NOTFOUND)
			return err_set(e, ERR_INVALID, "owner_id", N_("No such user."));
		if (rc)
			return rc;
	}
	return 0;
}

static void plan_apply(struct continuity_plan *p, const struct continuity_plan_input *in)
{
	p->unit_id = in->unit_id;
	p->asset_id = in->asset_id;
	p->title = in->title;
	p->owner_id = in->owner_id;
	p->mto_hours = in->mto_hours;
	p->rto_hours = in->rto_hours;
	p->rpo_hours = in->rpo_hours;
	p->fallback = in->fallback;
	p->contacts = in->contacts;
	p->review_due = in->review_due;
}

static const char *plan_snapshot(struct arena *a, const struct continuity_plan *p)
{
	struct buf b;
	struct json j;
	buf_init(&b, a);
	json_init(&j, &b);
	continuity_plan_json(&j, p, NULL);
	return b.data;
}

static const char *const exists_msg = N_("The asset already has a continuity plan.");

static int plan_create_in_tx(struct db *db, struct arena *a, const struct auth *auth,
			     const struct continuity_plan_input *in, int64_t *id_out, struct err *e)
{
	struct continuity_plan p = { 0 };
	char now[TIME_ISO_LEN];
	int rc;

	time_now_iso(now);
	if ((rc = plan_check(db, a, auth, in, NULL, &p, e)))
		return rc;
	rc = q_continuity_insert(db, a, in, actor_of(auth).id, now, &p.id, e);
	if (rc == ERR_EXISTS)
		return err_set(e, ERR_EXISTS, "asset_id", exists_msg);
	if (rc)
		return rc;
	plan_apply(&p, in);
	p.version = 1;
	p.created_by = actor_of(auth).id;
	p.created_at = p.updated_at = now;
	if (id_out)
		*id_out = p.id;
	return audit_append(db, a, actor_of(auth), "continuity_plan", p.id, p.unit_id, "create", NULL,
			    plan_snapshot(a, &p), e);
}

int continuity_create(struct db *db, struct arena *a, const struct auth *auth, const struct continuity_plan_input *raw,
		      int64_t *id_out, struct err *e)
{
	struct continuity_plan_input in = plan_clean(a, raw);
	int rc = db_begin(db, e);
	if (rc)
		return rc;
	return db_end(db, plan_create_in_tx(db, a, auth, &in, id_out, e), e);
}

static const char *const plan_conflict_msg = N_(
	"Someone else has changed this plan since you opened it. Their version is shown; your changes are kept in the form.");

static int plan_update_in_tx(struct db *db, struct arena *a, const struct auth *auth,
			     const struct continuity_plan *before, int64_t version,
			     const struct continuity_plan_input *in, struct continuity_plan *current, struct err *e)
{
	struct continuity_plan after = *before;
	char now[TIME_ISO_LEN];
	int rc;

	time_now_iso(now);
	if (before->version != version)
		return version_conflict(current, before, sizeof(*before), e, plan_conflict_msg);
	if ((rc = plan_check(db, a, auth, in, before, &after, e)))
		return rc;
	rc = q_continuity_update(db, a, before->id, version, in, now, e);
	if (rc == ERR_EXISTS)
		return err_set(e, ERR_EXISTS, "asset_id", exists_msg);
	if (rc == ERR_CONFLICT)
		return version_lost(current ? continuity_get(db, a, before->id, current, e) : 0, e, plan_conflict_msg);
	if (rc)
		return rc;
	plan_apply(&after, in);
	after.version = version + 1;
	after.updated_at = now;
	return audit_append(db, a, actor_of(auth), "continuity_plan", before->id, after.unit_id, "update",
			    plan_snapshot(a, before), plan_snapshot(a, &after), e);
}

int continuity_update(struct db *db, struct arena *a, const struct auth *auth, const struct continuity_plan *before,
		      int64_t version, const struct continuity_plan_input *raw, struct continuity_plan *current,
		      struct err *e)
{
	struct continuity_plan_input in = plan_clean(a, raw);
	int rc = db_begin(db, e);
	if (rc)
		return rc;
	return db_end(db, plan_update_in_tx(db, a, auth, before, version, &in, current, e), e);
}

/* --- the dependency check ----------------------------------------------------------- */

/* Breadth-first walk of the edges [@lo, @hi) of one root; fills @c->deps. */
static void walk(struct arena *a, const struct auth *auth, enum lang lang, const struct continuity_plan *p,
		 const struct continuity_edge *edges, size_t lo, size_t hi, struct continuity_check *c)
{
	size_t cap = hi - lo + 1, n = 0, head = 0;
	int64_t *node = arena_calloc(a, cap, sizeof(*node));
	size_t *parent = arena_calloc(a, cap, sizeof(*parent)); /* index in node[], or SIZE_MAX for the root */
	const struct continuity_edge **via = arena_calloc(a, cap, sizeof(*via));
	int *depth = arena_calloc(a, cap, sizeof(*depth));
	const char *other = tr(lang, "An asset in another unit");

	node[n] = p->asset_id, parent[n] = SIZE_MAX, via[n] = NULL, depth[n++] = 0;
	c->deps = arena_calloc(a, cap, sizeof(*c->deps));
	c->n_deps = c->n_too_slow = 0;
	while (head < n) {
		size_t cur = head++;
		for (size_t k = lo; k < hi; k++) {
			bool seen = false;
			if (edges[k].from_id != node[cur])
				continue;
			for (size_t s = 0; s < n && !seen; s++)
				seen = node[s] == edges[k].to_id;
			if (seen || n == cap)
				continue;
			node[n] = edges[k].to_id, parent[n] = cur, via[n] = &edges[k], depth[n] = depth[cur] + 1;
			n++;
		}
	}
	for (size_t i = 1; i < n; i++) {
		struct continuity_dep *d = &c->deps[c->n_deps++];
		const struct continuity_edge *x = via[i];
		const char *names[64];
		size_t m = 0;
		struct buf chain;

		d->asset_id = x->to_id;
		d->visible = authz_may_reference(auth, ACCESS_READ, x->to_unit_path, 0);
		d->name = d->visible ? x->to_name : other;
		d->depth = depth[i];
		d->plan_id = x->to_plan_id;
		d->rto_hours = x->to_rto;
		d->too_slow = x->to_plan_id && x->to_rto > p->rto_hours;
		if (d->too_slow)
			c->n_too_slow++;
		for (size_t s = i; s != SIZE_MAX && s && m < 63; s = parent[s]) {
			const struct continuity_edge *y = via[s];
			names[m++] = authz_may_reference(auth, ACCESS_READ, y->to_unit_path, 0) ? y->to_name : other;
		}
		buf_init(&chain, a);
		buf_adds(&chain, p->asset_name);
		while (m)
			buf_addf(&chain, " → %s", names[--m]);
		d->chain = chain.data;
	}
}

int continuity_check(struct db *db, struct arena *a, const struct auth *auth, enum lang lang, const char *today,
		     const struct continuity_plan *plans, size_t n, struct continuity_check *out, struct err *e)
{
	struct continuity_edge *edges;
	size_t n_edges = 0;
	char day[TIME_ISO_LEN];
	int64_t *roots;
	int rc;

	if (!n)
		return 0;
	if (!today) {
		time_today_iso(day);
		today = day;
	}
	roots = arena_calloc(a, n, sizeof(*roots));
	for (size_t i = 0; i < n; i++)
		roots[i] = plans[i].asset_id;
	if ((rc = q_continuity_reach(db, a, roots, n, &edges, &n_edges, e)))
		return rc;
	for (size_t i = 0; i < n; i++) {
		size_t lo = 0, hi;
		/* The rows come by root: find this root's run. */
		while (lo < n_edges && edges[lo].root != plans[i].asset_id)
			lo++;
		hi = lo;
		while (hi < n_edges && edges[hi].root == plans[i].asset_id)
			hi++;
		memset(&out[i], 0, sizeof(out[i]));
		walk(a, auth, lang, &plans[i], edges, lo, hi, &out[i]);
		out[i].review_overdue =
			plans[i].review_due && *plans[i].review_due && strcmp(plans[i].review_due, today) < 0;
		out[i].never_exercised = !plans[i].last_exercised;
	}
	return 0;
}

void continuity_plan_json(struct json *j, const struct continuity_plan *p, const struct continuity_check *c)
{
	json_obj_open(j);
	json_kv_int(j, "id", p->id);
	json_kv_int(j, "unit_id", p->unit_id);
	json_kv_str(j, "unit_name", p->unit_name);
	json_kv_int(j, "asset_id", p->asset_id);
	json_kv_str(j, "asset_name", p->asset_name);
	json_kv_str(j, "title", p->title);
	json_kv_id(j, "owner_id", p->owner_id);
	json_kv_str(j, "owner_name", p->owner_name);
	json_kv_int(j, "mto_hours", p->mto_hours);
	json_kv_int(j, "rto_hours", p->rto_hours);
	json_kv_int(j, "rpo_hours", p->rpo_hours);
	json_kv_str(j, "fallback", p->fallback);
	json_kv_str(j, "contacts", p->contacts);
	json_kv_str(j, "review_due", p->review_due);
	json_kv_str(j, "last_exercised", p->last_exercised);
	if (c) {
		json_key(j, "flags");
		json_obj_open(j);
		json_kv_bool(j, "review_overdue", c->review_overdue);
		json_kv_bool(j, "never_exercised", c->never_exercised);
		json_kv_bool(j, "dependency_slower", c->n_too_slow > 0);
		json_obj_close(j);
		json_key(j, "dependencies");
		json_arr_open(j);
		for (size_t i = 0; i < c->n_deps; i++) {
			const struct continuity_dep *d = &c->deps[i];
			json_obj_open(j);
			json_kv_int(j, "asset_id", d->visible ? d->asset_id : 0);
			json_kv_str(j, "name", d->name);
			json_kv_int(j, "depth", d->depth);
			json_kv_id(j, "plan_id", d->visible ? d->plan_id : 0);
			if (d->plan_id)
				json_kv_int(j, "rto_hours", d->rto_hours);
			json_kv_bool(j, "slower", d->too_slow);
			json_kv_str(j, "chain", d->chain);
			json_obj_close(j);
		}
		json_arr_close(j);
	}
	json_kv_int(j, "version", p->version);
	json_kv_str(j, "created_at", p->created_at);
	json_kv_str(j, "updated_at", p->updated_at);
	json_obj_close(j);
}

/* --- exercises ----------------------------------------------------------------------------- */

int exercise_get(struct db *db, struct arena *a, int64_t id, struct exercise *out, struct err *e)
{
	int rc = q_exercise_get(db, a, id, out, e);
	return rc == ERR_NOTFOUND ? err_set(e, ERR_NOTFOUND, "id", N_("No such exercise.")) : rc;
}

SCOPE_READER(exercise_scope, struct exercise, exercise_get, "exercise")

const char *const exercise_filter_args[] = { "unit_id", "plan_id", "status", NULL };

int exercise_filter_parse(struct exercise_filter *f, const char *(*get)(void *ctx, const char *name), void *ctx,
			  struct err *e)
{
	const char *v;
	int rc;
	if ((rc = filter_id(get, ctx, "unit_id", &f->unit_id, e)) ||
	    (rc = filter_id(get, ctx, "plan_id", &f->plan_id, e)))
		return rc;
	if ((v = filter_arg(get, ctx, "status"))) {
		if (str_index(exercise_statuses, 2, v) < 0)
			return err_set(e, ERR_INVALID, "status", N_("Use planned or done."));
		f->status = v;
	}
	return 0;
}

int exercise_list(struct db *db, struct arena *a, const struct exercise_filter *f, struct exercise **out, size_t *n,
		  int64_t *total, struct err *e)
{
	const char *subtree;
	int rc = unit_subtree(db, a, f->unit_id, &subtree, e);
	if (rc)
		return rc;
	return q_exercise_list(db, a, f, subtree, out, n, total, e);
}

struct exercise_input exercise_input_of(const struct exercise *x)
{
	struct exercise_input in = { 0 };
	in.unit_id = x->unit_id;
	in.title = x->title;
	in.exercise_date = x->exercise_date;
	in.kind = x->kind;
	in.status = x->status;
	in.scenario = x->scenario;
	in.observations = x->observations;
	in.resulting_actions = x->resulting_actions;
	return in;
}

int exercise_units(struct db *db, struct arena *a, int64_t id, struct exercise_link **out, size_t *n, struct err *e)
{
	return q_exercise_units(db, a, id, out, n, e);
}

int exercise_plans(struct db *db, struct arena *a, int64_t id, struct exercise_link **out, size_t *n, struct err *e)
{
	return q_exercise_plans(db, a, id, out, n, e);
}

static struct exercise_input exercise_clean(struct arena *a, const struct exercise_input *raw)
{
	struct exercise_input in = *raw;
	in.title = text_trimmed(a, raw->title);
	in.exercise_date = text_trimmed(a, raw->exercise_date);
	in.scenario = text_trimmed(a, raw->scenario);
	in.observations = text_trimmed(a, raw->observations);
	in.resulting_actions = text_trimmed(a, raw->resulting_actions);
	in.status = raw->status && *raw->status ? raw->status : "planned";
	return in;
}

static bool repeated(const int64_t *ids, size_t i)
{
	for (size_t k = 0; k < i; k++)
		if (ids[k] == ids[i])
			return true;
	return false;
}

static int exercise_check(struct db *db, struct arena *a, const struct auth *auth, const struct exercise_input *in,
			  const struct exercise *before, struct exercise *after, struct err *e)
{
	char today[TIME_ISO_LEN];
	int rc;

	const struct unit_target t = {
		UNIT_TARGET_OF(in->unit_id, before),
		.access = ACCESS_EDIT,
		.missing = N_("Choose the unit holding the exercise."),
		.refused = N_("Your roles do not let you add exercises to this unit."),
	};
	if ((rc = unit_target_check(db, a, auth, &t, &after->unit_name, &after->unit_path, e)))
		return rc;
	if ((rc = check_text(e, "title", in->title, 300, true)) ||
	    (rc = check_date(e, "exercise_date", in->exercise_date, true)) ||
	    (rc = check_text(e, "scenario", in->scenario, 20000, false)) ||
	    (rc = check_text(e, "observations", in->observations, 50000, false)) ||
	    (rc = check_text(e, "resulting_actions", in->resulting_actions, 20000, false)))
		return rc;
	if (str_index(exercise_kinds, EXERCISE_KIND_COUNT, in->kind) < 0)
		return err_set(e, ERR_INVALID, "kind", N_("Choose the kind of exercise."));
	if (str_index(exercise_statuses, 2, in->status) < 0)
		return err_set(e, ERR_INVALID, "status", N_("Choose whether the exercise is planned or done."));
	time_today_iso(today);
	if (!strcmp(in->status, "done") && strcmp(in->exercise_date, today) > 0)
		return err_set(e, ERR_INVALID, "exercise_date",
			       N_("An exercise dated in the future cannot be marked done."));
	if (before && !in->set_links)
		return 0;
	for (size_t i = 0; i < in->n_unit_ids; i++) {
		struct exercise_link u;
		rc = q_exercise_unit_brief(db, a, in->unit_ids[i], &u, e);
		if (rc == ERR_NOTFOUND || (!rc && !authz_may_reference(auth, ACCESS_READ, u.unit_path, 0)))
			return err_set(e, ERR_INVALID, "unit_ids", N_("No such unit."));
		if (rc)
			return rc;
		if (repeated(in->unit_ids, i))
			return err_set(e, ERR_INVALID, "unit_ids", N_("A unit is named twice."));
	}
	for (size_t i = 0; i < in->n_plan_ids; i++) {
		struct continuity_plan p;
		rc = q_continuity_get(db, a, in->plan_ids[i], &p, e);
		if (rc == ERR_NOTFOUND || (!rc && !authz_may_reference(auth, ACCESS_READ, p.unit_path, 0)))
			return err_set(e, ERR_INVALID, "plan_ids", N_("No such continuity plan."));
		if (rc)
			return rc;
		if (repeated(in->plan_ids, i))
			return err_set(e, ERR_INVALID, "plan_ids", N_("A plan is named twice."));
	}
	return 0;
}

static void exercise_apply(struct exercise *x, const struct exercise_input *in)
{
	x->unit_id = in->unit_id;
	x->title = in->title;
	x->exercise_date = in->exercise_date;
	x->kind = in->kind;
	x->status = in->status;
	x->scenario = in->scenario;
	x->observations = in->observations;
	x->resulting_actions = in->resulting_actions;
}

static const char *exercise_snapshot(struct arena *a, const struct exercise *x, const struct exercise_input *links)
{
	struct exercise_link *units = NULL, *plans = NULL;
	struct buf b;
	struct json j;

	if (links) {
		units = arena_calloc(a, links->n_unit_ids + 1, sizeof(*units));
		plans = arena_calloc(a, links->n_plan_ids + 1, sizeof(*plans));
		for (size_t i = 0; i < links->n_unit_ids; i++)
			units[i].id = links->unit_ids[i];
		for (size_t i = 0; i < links->n_plan_ids; i++)
			plans[i].id = links->plan_ids[i];
	}
	buf_init(&b, a);
	json_init(&j, &b);
	exercise_json(&j, x, units, links ? links->n_unit_ids : 0, plans, links ? links->n_plan_ids : 0);
	return b.data;
}

static int exercise_create_in_tx(struct db *db, struct arena *a, const struct auth *auth,
				 const struct exercise_input *in, int64_t *id_out, struct err *e)
{
	struct exercise x = { 0 };
	char now[TIME_ISO_LEN];
	int rc;

	time_now_iso(now);
	if ((rc = exercise_check(db, a, auth, in, NULL, &x, e)) ||
	    (rc = q_exercise_insert(db, a, in, actor_of(auth).id, now, &x.id, e)) ||
	    (rc = q_exercise_set_links(db, a, x.id, in, e)))
		return rc;
	exercise_apply(&x, in);
	x.version = 1;
	x.created_by = actor_of(auth).id;
	x.created_at = x.updated_at = now;
	if (id_out)
		*id_out = x.id;
	return audit_append(db, a, actor_of(auth), "exercise", x.id, x.unit_id, "create", NULL,
			    exercise_snapshot(a, &x, in), e);
}

int exercise_create(struct db *db, struct arena *a, const struct auth *auth, const struct exercise_input *raw,
		    int64_t *id_out, struct err *e)
{
	struct exercise_input in = exercise_clean(a, raw);
	int rc = db_begin(db, e);
	if (rc)
		return rc;
	return db_end(db, exercise_create_in_tx(db, a, auth, &in, id_out, e), e);
}

static const char *const exercise_conflict_msg = N_(
	"Someone else has changed this exercise since you opened it. Their version is shown; your changes are kept in the form.");

static int exercise_update_in_tx(struct db *db, struct arena *a, const struct auth *auth, const struct exercise *before,
				 int64_t version, const struct exercise_input *in, struct exercise *current,
				 struct err *e)
{
	struct exercise after = *before;
	char now[TIME_ISO_LEN];
	int rc;

	time_now_iso(now);
	if (before->version != version)
		return version_conflict(current, before, sizeof(*before), e, exercise_conflict_msg);
	if ((rc = exercise_check(db, a, auth, in, before, &after, e)))
		return rc;
	rc = q_exercise_update(db, a, before->id, version, in, now, e);
	if (rc == ERR_CONFLICT)
		return version_lost(current ? exercise_get(db, a, before->id, current, e) : 0, e,
				    exercise_conflict_msg);
	if (rc || (in->set_links && (rc = q_exercise_set_links(db, a, before->id, in, e))))
		return rc;
	exercise_apply(&after, in);
	after.version = version + 1;
	after.updated_at = now;
	return audit_append(db, a, actor_of(auth), "exercise", before->id, after.unit_id, "update",
			    exercise_snapshot(a, before, NULL), exercise_snapshot(a, &after, in->set_links ? in : NULL),
			    e);
}

int exercise_update(struct db *db, struct arena *a, const struct auth *auth, const struct exercise *before,
		    int64_t version, const struct exercise_input *raw, struct exercise *current, struct err *e)
{
	struct exercise_input in = exercise_clean(a, raw);
	int rc = db_begin(db, e);
	if (rc)
		return rc;
	return db_end(db, exercise_update_in_tx(db, a, auth, before, version, &in, current, e), e);
}

void exercise_json(struct json *j, const struct exercise *x, const struct exercise_link *units, size_t n_units,
		   const struct exercise_link *plans, size_t n_plans)
{
	json_obj_open(j);
	json_kv_int(j, "id", x->id);
	json_kv_int(j, "unit_id", x->unit_id);
	json_kv_str(j, "unit_name", x->unit_name);
	json_kv_str(j, "title", x->title);
	json_kv_str(j, "exercise_date", x->exercise_date);
	json_kv_str(j, "kind", x->kind);
	json_kv_str(j, "status", x->status);
	json_kv_str(j, "scenario", x->scenario);
	json_kv_str(j, "observations", x->observations);
	json_kv_str(j, "resulting_actions", x->resulting_actions);
	if (units) {
		json_key(j, "units");
		json_arr_open(j);
		for (size_t i = 0; i < n_units; i++) {
			json_obj_open(j);
			json_kv_int(j, "id", units[i].id);
			json_kv_str(j, "name", units[i].name);
			json_obj_close(j);
		}
		json_arr_close(j);
	}
	if (plans) {
		json_key(j, "plans");
		json_arr_open(j);
		for (size_t i = 0; i < n_plans; i++) {
			json_obj_open(j);
			json_kv_int(j, "id", plans[i].id);
			json_kv_str(j, "title", plans[i].name);
			json_obj_close(j);
		}
		json_arr_close(j);
	}
	json_kv_int(j, "version", x->version);
	json_kv_str(j, "created_at", x->created_at);
	json_kv_str(j, "updated_at", x->updated_at);
	json_obj_close(j);
}

/* --- an exercise's resulting actions: activities of the action plans ------------------------- */

int exercise_activity_create(struct db *db, struct arena *a, const struct auth *auth, enum lang lang,
			     const struct exercise *x, const char *title, const char *purpose, int64_t responsible_id,
			     const char *due_date, int64_t *id_out, struct err *e)
{
	return activity_create_followup(db, a, auth, x->unit_id, tr(lang, "Exercises"), "exercise", x->id, title,
					purpose, responsible_id, due_date, id_out, e);
}

int exercise_activities(struct db *db, struct arena *a, const struct auth *auth, int64_t id, struct activity **out,
			size_t *n, struct err *e)
{
	return activity_list_linked(db, a, auth, "exercise", id, out, n, e);
}

int exercise_activity_target(struct db *db, struct arena *a, int64_t id, struct activity_target *out, struct err *e)
{
	struct exercise x;
	int rc = q_exercise_get(db, a, id, &x, e);

	if (rc)
		return rc;
	out->label = arena_printf(a, "%s %s", x.exercise_date, x.title);
	out->unit_id = x.unit_id;
	out->unit_path = x.unit_path;
	return 0;
}
