/*
 * intcontrol.c - the rules of internal control: plans per unit and year,
 * the processes of their materiality and risk analysis, control points,
 * results per period with their sample records, and deviations.
 *
 * Every write runs in one transaction with its audit entry; the second
 * records a write names (the unit of a new plan, a responsible unit or
 * person, the process of a control point) are checked here, inside it.
 * A result's period is written as people say it ("2026-T2"), checked
 * against the control point's period kind and the plan's year, and stored
 * as its number.
 */
#include "domain/intcontrol.h"

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
#include "domain/audit.h"
#include "domain/tasks.h"
#include "domain/unit.h"
#include "domain/validate.h"

const char *const ic_decisions[3] = { "undecided", "selected", "rejected" };
const char *const ic_decision_labels[3] = { N_("Not decided"), N_("Selected for control"), N_("Not selected") };
const char *const ic_methods[4] = { "sample", "full", "review", "other" };
const char *const ic_method_labels[4] = { N_("Sample check"), N_("Full check"), N_("Document review"),
					  N_("Other method") };
const char *const ic_frequencies[3] = { "yearly", "period", "monthly" };
const char *const ic_frequency_labels[3] = { N_("Once a year"), N_("Every reporting period"), N_("Every month") };
const char *const ic_period_kinds[2] = { "tertial", "quarter" };
const char *const ic_period_kind_labels[2] = { N_("Per four-month period (tertial)"), N_("Per quarter") };
const char *const ic_deviation_statuses[2] = { "open", "closed" };
const char *const ic_deviation_status_labels[2] = { N_("Open"), N_("Remedied") };

const char *ic_label(const char *const *values, const char *const *labels, size_t n, const char *value)
{
	int i = table_index(values, n, value);
	return i < 0 ? (value ? value : "") : labels[i];
}

static const char *trimmed_or_null(struct arena *a, const char *s)
{
	return s && *s ? text_trimmed(a, s) : NULL;
}

static int64_t this_year(void)
{
	char now[TIME_ISO_LEN];
	int64_t y = 0;
	time_now_iso(now);
	now[4] = 0;
	str_to_i64(now, &y);
	return y;
}

/* --- periods --- */

int ic_periods_in_year(const char *period_kind)
{
	return period_kind && !strcmp(period_kind, "quarter") ? 4 : 3;
}

static char period_letter(const char *period_kind)
{
	return ic_periods_in_year(period_kind) == 4 ? 'Q' : 'T';
}

const char *ic_period_code(struct arena *a, const char *period_kind, int64_t year, int64_t no)
{
	return arena_printf(a, "%" PRId64 "-%c%" PRId64, year, period_letter(period_kind), no);
}

const char *ic_period_label(struct arena *a, enum lang lang, const char *period_kind, int64_t year, int64_t no)
{
	return arena_printf(a, "%s %" PRId64 " %" PRId64,
			    tr(lang, ic_periods_in_year(period_kind) == 4 ? N_("Quarter") : N_("Four-month period")),
			    no, year);
}

static int month_days(int64_t year, int month)
{
	static const int days[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
	return month == 2 && leap ? 29 : days[month - 1];
}

void ic_period_end(char out[11], const char *period_kind, int64_t year, int64_t no)
{
	int months = 12 / ic_periods_in_year(period_kind), m = (int)no * months;
	if (m < 1 || m > 12)
		m = 12;
	char buf[32];
	snprintf(buf, sizeof(buf), "%04d-%02d-%02d", (int)(year % 10000), m % 100, month_days(year, m) % 100);
	memcpy(out, buf, 10);
	out[10] = 0;
}

static void period_start(char out[11], const char *period_kind, int64_t year, int64_t no)
{
	int months = 12 / ic_periods_in_year(period_kind), m = (int)(no - 1) * months + 1;
	if (m < 1 || m > 12)
		m = 1;
	char buf[32];
	snprintf(buf, sizeof(buf), "%04d-%02d-01", (int)(year % 10000), m % 100);
	memcpy(out, buf, 10);
	out[10] = 0;
}

/* "2026-T2" as year and number; false when it is not written so for @period_kind. */
static bool period_parse(const char *s, const char *period_kind, int64_t *year, int64_t *no)
{
	char y[5];
	if (!s || strlen(s) != 7 || s[4] != '-' || (s[5] != period_letter(period_kind)) || s[6] < '1' ||
	    s[6] > '0' + ic_periods_in_year(period_kind))
		return false;
	memcpy(y, s, 4);
	y[4] = 0;
	if (strspn(y, "0123456789") != 4 || !str_to_i64(y, year))
		return false;
	*no = s[6] - '0';
	return true;
}

/* --- snapshots for the audit trail --- */

#define SNAPSHOT(name, type, writer)                              \
	static const char *name(struct arena *a, const type *rec) \
	{                                                         \
		struct buf b;                                     \
		struct json j;                                    \
		buf_init(&b, a);                                  \
		json_init(&j, &b);                                \
		writer(&j, rec);                                  \
		return b.data;                                    \
	}

static void result_json_bare(struct json *j, const struct ic_result *x)
{
	intcontrol_result_json(j, x, NULL, 0);
}

SNAPSHOT(plan_snapshot, struct ic_plan, intcontrol_plan_json)
SNAPSHOT(process_snapshot, struct ic_process, intcontrol_process_json)
SNAPSHOT(point_snapshot, struct ic_point, intcontrol_point_json)
SNAPSHOT(result_snapshot, struct ic_result, result_json_bare)
SNAPSHOT(deviation_snapshot, struct ic_deviation, intcontrol_deviation_json)

/* A stale version: the record as it is now in *current (read when @reread), and the message. */
static const char *const conflict_msg = N_(
	"Someone else has changed this since you opened it. Their version is shown; your changes are kept in the form.");

/* --- plans --- */

int intcontrol_plan_get(struct db *db, struct arena *a, int64_t id, struct ic_plan *out, struct err *e)
{
	int rc = q_ic_plan_get(db, a, id, out, e);
	return rc == ERR_NOTFOUND ? err_set(e, ERR_NOTFOUND, "id", N_("No such internal control plan.")) : rc;
}

SCOPE_READER(intcontrol_plan_scope, struct ic_plan, intcontrol_plan_get, "intcontrol_plan")

int intcontrol_plan_find(struct db *db, struct arena *a, int64_t unit_id, int64_t year, struct ic_plan *out,
			 struct err *e)
{
	int rc = q_ic_plan_find(db, a, unit_id, year, out, e);
	return rc == ERR_NOTFOUND
		       ? err_set(e, ERR_NOTFOUND, "unit_id", N_("The unit has no internal control plan for that year."))
		       : rc;
}

const char *intcontrol_plan_title(struct arena *a, enum lang lang, const struct ic_plan *p)
{
	if (p->title && *p->title)
		return p->title;
	return arena_printf(a, "%s %" PRId64 " – %s", tr(lang, "Internal control plan"), p->year, p->unit_name);
}

const char *const intcontrol_plan_filter_args[] = { "unit_id", "year", "sort", NULL };

static int year_arg(const char *(*get)(void *ctx, const char *name), void *ctx, int64_t *out, struct err *e)
{
	const char *v = filter_arg(get, ctx, "year");
	if (!v)
		return 0;
	if (!str_to_i64(v, out) || *out < IC_YEAR_MIN || *out > IC_YEAR_MAX)
		return err_set(e, ERR_INVALID, "year", N_("Give a year from 2000 to 2100."));
	return 0;
}

int intcontrol_plan_filter_parse(struct ic_plan_filter *f, const char *(*get)(void *ctx, const char *name), void *ctx,
				 struct err *e)
{
	const char *sort;
	int rc;
	if ((rc = filter_id(get, ctx, "unit_id", &f->unit_id, e)) || (rc = year_arg(get, ctx, &f->year, e)))
		return rc;
	if ((sort = filter_arg(get, ctx, "sort"))) {
		if (!strcmp(sort, "year"))
			f->sort = IC_PLAN_SORT_YEAR;
		else if (!strcmp(sort, "unit"))
			f->sort = IC_PLAN_SORT_UNIT;
		else
			return err_set(e, ERR_INVALID, "sort", N_("Sort by year or unit."));
	}
	return 0;
}

int intcontrol_plan_list(struct db *db, struct arena *a, const struct ic_plan_filter *f, struct ic_plan **out,
			 size_t *n, int64_t *total, struct err *e)
{
	const char *subtree;
	int rc = unit_subtree(db, a, f->unit_id, &subtree, e);
	if (rc)
		return rc;
	return q_ic_plan_list(db, a, f, subtree, out, n, total, e);
}

struct ic_plan_input intcontrol_plan_input_of(const struct ic_plan *p)
{
	struct ic_plan_input in = { 0 };
	in.unit_id = p->unit_id;
	in.year = p->year;
	in.title = p->title;
	in.adopted_on = p->adopted_on;
	return in;
}

static struct ic_plan_input plan_clean(struct arena *a, const struct ic_plan_input *raw)
{
	struct ic_plan_input in = *raw;
	in.title = text_trimmed(a, raw->title);
	in.adopted_on = trimmed_or_null(a, raw->adopted_on);
	return in;
}

static int plan_fields_check(const struct ic_plan_input *in, struct err *e)
{
	int rc;
	if ((rc = check_text(e, "title", in->title, 300, false)) ||
	    (rc = check_date(e, "adopted_on", in->adopted_on, false)))
		return rc;
	return 0;
}

static int plan_create_in_tx(struct db *db, struct arena *a, const struct auth *auth, enum lang lang,
			     const struct ic_plan_input *in, int64_t *id_out, struct err *e)
{
	const struct unit_target t = {
		.unit_id = in->unit_id,
		.access = ACCESS_EDIT,
		.missing = N_("Choose the unit (board) whose internal control it is."),
		.refused = N_("Your roles do not let you add internal control plans to this unit."),
	};
	struct ic_process_input sis = { 0 };
	struct ic_plan p = { 0 };
	char now[TIME_ISO_LEN];
	int64_t process_id;
	int rc;

	time_now_iso(now);
	if ((rc = unit_target_check(db, a, auth, &t, &p.unit_name, &p.unit_path, e)))
		return rc;
	if (in->year < IC_YEAR_MIN || in->year > IC_YEAR_MAX)
		return err_set(e, ERR_INVALID, "year", N_("Give a year from 2000 to 2100."));
	if ((rc = plan_fields_check(in, e)))
		return rc;
	rc = q_ic_plan_insert(db, a, in, actor_of(auth).id, now, &p.id, e);
	if (rc == ERR_EXISTS)
		return err_set(e, ERR_EXISTS, "year",
			       N_("The unit already has an internal control plan for that year."));
	if (rc)
		return rc;
	p.unit_id = in->unit_id;
	p.year = in->year;
	p.title = in->title;
	p.adopted_on = in->adopted_on;
	p.version = 1;
	p.created_by = actor_of(auth).id;
	p.created_at = p.updated_at = now;
	if ((rc = audit_append(db, a, actor_of(auth), "intcontrol_plan", p.id, p.unit_id, "create", NULL,
			       plan_snapshot(a, &p), e)))
		return rc;
	/* The city-wide process is always in the analysis. */
	sis.name = tr(lang, "Systematic information security work");
	sis.description = tr(lang, "The process every board in the municipality controls: the information security "
				   "work is planned, carried out, followed up and improved.");
	sis.decision = "selected";
	sis.rationale = tr(lang, "Mandatory for every board.");
	if ((rc = q_ic_process_insert(db, a, p.id, &sis, true, now, &process_id, e)))
		return rc;
	if (id_out)
		*id_out = p.id;
	return 0;
}

int intcontrol_plan_create(struct db *db, struct arena *a, const struct auth *auth, enum lang lang,
			   const struct ic_plan_input *raw, int64_t *id_out, struct err *e)
{
	struct ic_plan_input in = plan_clean(a, raw);
	int rc = db_begin(db, e);
	if (rc)
		return rc;
	return db_end(db, plan_create_in_tx(db, a, auth, lang, &in, id_out, e), e);
}

static int plan_update_in_tx(struct db *db, struct arena *a, const struct auth *auth, const struct ic_plan *before,
			     int64_t version, const struct ic_plan_input *in, struct ic_plan *current, struct err *e)
{
	struct ic_plan after = *before;
	char now[TIME_ISO_LEN];
	int rc;

	time_now_iso(now);
	if (before->version != version)
		return version_conflict(current, before, sizeof(*before), e, conflict_msg);
	if ((rc = plan_fields_check(in, e)))
		return rc;
	rc = q_ic_plan_update(db, a, before->id, version, in, now, e);
	if (rc == ERR_CONFLICT)
		return version_lost(current ? intcontrol_plan_get(db, a, before->id, current, e) : 0, e, conflict_msg);
	if (rc)
		return rc;
	after.title = in->title;
	after.adopted_on = in->adopted_on;
	after.version = version + 1;
	after.updated_at = now;
	return audit_append(db, a, actor_of(auth), "intcontrol_plan", before->id, before->unit_id, "update",
			    plan_snapshot(a, before), plan_snapshot(a, &after), e);
}

int intcontrol_plan_update(struct db *db, struct arena *a, const struct auth *auth, const struct ic_plan *before,
			   int64_t version, const struct ic_plan_input *raw, struct ic_plan *current, struct err *e)
{
	struct ic_plan_input in = plan_clean(a, raw);
	int rc;
	in.unit_id = before->unit_id;
	in.year = before->year;
	if ((rc = db_begin(db, e)))
		return rc;
	return db_end(db, plan_update_in_tx(db, a, auth, before, version, &in, current, e), e);
}

void intcontrol_plan_json(struct json *j, const struct ic_plan *p)
{
	json_obj_open(j);
	json_kv_int(j, "id", p->id);
	json_kv_int(j, "unit_id", p->unit_id);
	json_kv_str(j, "unit_name", p->unit_name);
	json_kv_int(j, "year", p->year);
	json_kv_str(j, "title", p->title);
	json_kv_str(j, "adopted_on", p->adopted_on);
	json_kv_int(j, "control_points", p->n_points);
	json_kv_int(j, "open_deviations", p->n_open);
	json_kv_int(j, "version", p->version);
	json_kv_str(j, "created_at", p->created_at);
	json_kv_str(j, "updated_at", p->updated_at);
	json_obj_close(j);
}

/* --- processes --- */

int intcontrol_process_get(struct db *db, struct arena *a, int64_t id, struct ic_process *out, struct err *e)
{
	int rc = q_ic_process_get(db, a, id, out, e);
	return rc == ERR_NOTFOUND ? err_set(e, ERR_NOTFOUND, "id", N_("No such process.")) : rc;
}

SCOPE_READER(intcontrol_process_scope, struct ic_process, intcontrol_process_get, "intcontrol_process")

int intcontrol_process_list(struct db *db, struct arena *a, int64_t plan_id, struct ic_process **out, size_t *n,
			    struct err *e)
{
	return q_ic_process_list(db, a, plan_id, out, n, e);
}

struct ic_process_input intcontrol_process_input_of(const struct ic_process *c)
{
	struct ic_process_input in = { 0 };
	in.name = c->name;
	in.description = c->description;
	in.probability = c->probability;
	in.consequence = c->consequence;
	in.decision = c->decision;
	in.rationale = c->rationale;
	return in;
}

int64_t intcontrol_risk_value(const struct ic_process *c)
{
	return c->probability * c->consequence;
}

static struct ic_process_input process_clean(struct arena *a, const struct ic_process_input *raw)
{
	struct ic_process_input in = *raw;
	in.name = text_trimmed(a, raw->name);
	in.description = text_trimmed(a, raw->description);
	in.rationale = text_trimmed(a, raw->rationale);
	in.decision = raw->decision && *raw->decision ? raw->decision : "undecided";
	return in;
}

static int process_check(const struct ic_process_input *in, struct err *e)
{
	int rc;
	if ((rc = check_text(e, "name", in->name, 300, true)) ||
	    (rc = check_text(e, "description", in->description, 10000, false)) ||
	    (rc = check_text(e, "rationale", in->rationale, 10000, false)))
		return rc;
	if (in->probability < 0 || in->probability > 4)
		return err_set(e, ERR_INVALID, "probability",
			       N_("Give the probability from 1 to 4, or 0 if not assessed."));
	if (in->consequence < 0 || in->consequence > 4)
		return err_set(e, ERR_INVALID, "consequence",
			       N_("Give the consequence from 1 to 4, or 0 if not assessed."));
	if (table_index(ic_decisions, 3, in->decision) < 0)
		return err_set(e, ERR_INVALID, "decision", N_("Choose whether the process is selected for control."));
	return 0;
}

static void process_apply(struct ic_process *c, const struct ic_process_input *in)
{
	c->name = in->name;
	c->description = in->description;
	c->probability = in->probability;
	c->consequence = in->consequence;
	c->decision = in->decision;
	c->rationale = in->rationale;
}

static int process_create_in_tx(struct db *db, struct arena *a, const struct auth *auth, const struct ic_plan *plan,
				const struct ic_process_input *in, int64_t *id_out, struct err *e)
{
	struct ic_process c = { 0 };
	char now[TIME_ISO_LEN];
	int rc;

	time_now_iso(now);
	if (!authz_may_reference(auth, ACCESS_EDIT, plan->unit_path, 0))
		return err_set(e, ERR_FORBIDDEN, "plan_id", N_("Your roles do not let you change this plan."));
	if ((rc = process_check(in, e)) || (rc = q_ic_process_insert(db, a, plan->id, in, false, now, &c.id, e)))
		return rc;
	c.plan_id = plan->id;
	c.unit_id = plan->unit_id;
	c.unit_path = plan->unit_path;
	c.plan_year = plan->year;
	process_apply(&c, in);
	c.version = 1;
	c.created_at = c.updated_at = now;
	if (id_out)
		*id_out = c.id;
	return audit_append(db, a, actor_of(auth), "intcontrol_process", c.id, c.unit_id, "create", NULL,
			    process_snapshot(a, &c), e);
}

int intcontrol_process_create(struct db *db, struct arena *a, const struct auth *auth, const struct ic_plan *plan,
			      const struct ic_process_input *raw, int64_t *id_out, struct err *e)
{
	struct ic_process_input in = process_clean(a, raw);
	int rc = db_begin(db, e);
	if (rc)
		return rc;
	return db_end(db, process_create_in_tx(db, a, auth, plan, &in, id_out, e), e);
}

/* Does the plan of @c have a control point of process @c? */
static int process_has_points(struct db *db, struct arena *a, const struct ic_process *c, bool *out, struct err *e)
{
	struct ic_point *points;
	size_t n;
	int rc = q_ic_point_list(db, a, c->plan_id, &points, &n, e);
	*out = false;
	for (size_t i = 0; !rc && i < n; i++)
		if (points[i].process_id == c->id)
			*out = true;
	return rc;
}

static int process_update_in_tx(struct db *db, struct arena *a, const struct auth *auth,
				const struct ic_process *before, int64_t version, const struct ic_process_input *in,
				struct ic_process *current, struct err *e)
{
	struct ic_process after = *before;
	char now[TIME_ISO_LEN];
	int rc;

	time_now_iso(now);
	if (before->version != version)
		return version_conflict(current, before, sizeof(*before), e, conflict_msg);
	if ((rc = process_check(in, e)))
		return rc;
	if (before->mandatory && strcmp(before->name, in->name))
		return err_set(e, ERR_INVALID, "name", N_("The process is the same for every board; its name stays."));
	if (strcmp(in->decision, "selected") && !strcmp(before->decision, "selected")) {
		bool has;
		if ((rc = process_has_points(db, a, before, &has, e)))
			return rc;
		if (has)
			return err_set(e, ERR_INVALID, "decision",
				       N_("The process has control points, so it stays selected for control."));
	}
	rc = q_ic_process_update(db, a, before->id, version, in, now, e);
	if (rc == ERR_CONFLICT)
		return version_lost(current ? intcontrol_process_get(db, a, before->id, current, e) : 0, e,
				    conflict_msg);
	if (rc)
		return rc;
	process_apply(&after, in);
	after.version = version + 1;
	after.updated_at = now;
	return audit_append(db, a, actor_of(auth), "intcontrol_process", before->id, before->unit_id, "update",
			    process_snapshot(a, before), process_snapshot(a, &after), e);
}

int intcontrol_process_update(struct db *db, struct arena *a, const struct auth *auth, const struct ic_process *before,
			      int64_t version, const struct ic_process_input *raw, struct ic_process *current,
			      struct err *e)
{
	struct ic_process_input in = process_clean(a, raw);
	int rc = db_begin(db, e);
	if (rc)
		return rc;
	return db_end(db, process_update_in_tx(db, a, auth, before, version, &in, current, e), e);
}

void intcontrol_process_json(struct json *j, const struct ic_process *c)
{
	json_obj_open(j);
	json_kv_int(j, "id", c->id);
	json_kv_int(j, "plan_id", c->plan_id);
	json_kv_str(j, "name", c->name);
	json_kv_str(j, "description", c->description);
	json_kv_int(j, "probability", c->probability);
	json_kv_int(j, "consequence", c->consequence);
	json_kv_int(j, "risk_value", intcontrol_risk_value(c));
	json_kv_str(j, "decision", c->decision);
	json_kv_str(j, "rationale", c->rationale);
	json_kv_bool(j, "mandatory", c->mandatory);
	json_kv_int(j, "version", c->version);
	json_kv_str(j, "created_at", c->created_at);
	json_kv_str(j, "updated_at", c->updated_at);
	json_obj_close(j);
}

/* --- control points --- */

int intcontrol_point_get(struct db *db, struct arena *a, int64_t id, struct ic_point *out, struct err *e)
{
	int rc = q_ic_point_get(db, a, id, out, e);
	return rc == ERR_NOTFOUND ? err_set(e, ERR_NOTFOUND, "id", N_("No such control point.")) : rc;
}

SCOPE_READER_OWNED(intcontrol_point_scope, struct ic_point, intcontrol_point_get, "intcontrol_point", responsible_id)

int intcontrol_point_list(struct db *db, struct arena *a, int64_t plan_id, struct ic_point **out, size_t *n,
			  struct err *e)
{
	return q_ic_point_list(db, a, plan_id, out, n, e);
}

struct ic_point_input intcontrol_point_input_of(const struct ic_point *k)
{
	struct ic_point_input in = { 0 };
	in.process_id = k->process_id;
	in.title = k->title;
	in.method = k->method;
	in.sample_size = k->sample_size;
	in.population = k->population;
	in.frequency = k->frequency;
	in.period_kind = k->period_kind;
	in.responsible_id = k->responsible_id;
	in.responsible_unit_id = k->responsible_unit_id;
	return in;
}

bool intcontrol_point_can_report(const struct auth *auth, const struct ic_point *k)
{
	return authz_may_edit_owned(auth, k->unit_path, k->responsible_id);
}

static struct ic_point_input point_clean(struct arena *a, const struct ic_point_input *raw)
{
	struct ic_point_input in = *raw;
	in.title = text_trimmed(a, raw->title);
	in.frequency = raw->frequency && *raw->frequency ? raw->frequency : "period";
	in.period_kind = raw->period_kind && *raw->period_kind ? raw->period_kind : "tertial";
	if (in.method && strcmp(in.method, "sample"))
		in.sample_size = in.population = 0;
	return in;
}

/* Check @in for a control point of plan (@plan_id, @unit_path) as @auth; fill @after's looked-up names. */
static int point_check(struct db *db, struct arena *a, const struct auth *auth, int64_t plan_id,
		       const struct ic_point_input *in, const struct ic_point *before, struct ic_point *after,
		       struct err *e)
{
	struct ic_process c;
	int rc;

	if (!in->process_id)
		return err_set(e, ERR_INVALID, "process_id", N_("Choose the process the control point checks."));
	rc = q_ic_process_get(db, a, in->process_id, &c, e);
	if (rc == ERR_NOTFOUND || (!rc && c.plan_id != plan_id))
		return err_set(e, ERR_INVALID, "process_id", N_("Choose a process of this plan's analysis."));
	if (rc)
		return rc;
	if (strcmp(c.decision, "selected"))
		return err_set(e, ERR_INVALID, "process_id",
			       N_("Only a process selected for control in the analysis gets control points."));
	after->process_name = c.name;
	if ((rc = check_text(e, "title", in->title, 1000, true)))
		return rc;
	if (table_index(ic_methods, 4, in->method) < 0)
		return err_set(e, ERR_INVALID, "check_method", N_("Choose the method of the check."));
	if (!strcmp(in->method, "sample")) {
		if (in->sample_size < 1 || in->sample_size > 1000000)
			return err_set(e, ERR_INVALID, "sample_size",
				       N_("Give how many records the sample check looks at."));
		if (in->population < 1 || in->population > 1000000000)
			return err_set(e, ERR_INVALID, "population",
				       N_("Give how many records the sample is drawn from."));
		if (in->sample_size > in->population)
			return err_set(e, ERR_INVALID, "sample_size",
				       N_("The sample cannot be larger than the population it is drawn from."));
	}
	if (table_index(ic_frequencies, 3, in->frequency) < 0)
		return err_set(e, ERR_INVALID, "frequency", N_("Choose how often the check is made."));
	if (table_index(ic_period_kinds, 2, in->period_kind) < 0)
		return err_set(e, ERR_INVALID, "period_kind",
			       N_("Choose whether it is reported per tertial or per quarter."));
	if (before && strcmp(before->period_kind, in->period_kind)) {
		int64_t n;
		if ((rc = q_ic_point_n_results(db, a, before->id, &n, e)))
			return rc;
		if (n)
			return err_set(e, ERR_INVALID, "period_kind",
				       N_("Results are reported already, so the reporting period stays."));
	}
	after->responsible_name =
		before && before->responsible_id == in->responsible_id ? before->responsible_name : NULL;
	if (in->responsible_id && !after->responsible_name) {
		rc = q_ic_user_name(db, a, in->responsible_id, &after->responsible_name, e);
		if (rc == ERR_NOTFOUND)
			return err_set(e, ERR_INVALID, "responsible_id", N_("No such user."));
		if (rc)
			return rc;
	}
	after->responsible_unit_name =
		before && before->responsible_unit_id == in->responsible_unit_id ? before->responsible_unit_name : NULL;
	if (in->responsible_unit_id && !after->responsible_unit_name) {
		const char *path;
		rc = q_ic_unit_brief(db, a, in->responsible_unit_id, &after->responsible_unit_name, &path, e);
		if (rc == ERR_NOTFOUND || (!rc && !authz_may_reference(auth, ACCESS_READ, path, 0)))
			return err_set(e, ERR_INVALID, "responsible_unit_id", N_("No such unit."));
		if (rc)
			return rc;
	}
	return 0;
}

static void point_apply(struct ic_point *k, const struct ic_point_input *in)
{
	k->process_id = in->process_id;
	k->title = in->title;
	k->method = in->method;
	k->sample_size = in->sample_size;
	k->population = in->population;
	k->frequency = in->frequency;
	k->period_kind = in->period_kind;
	k->responsible_id = in->responsible_id;
	k->responsible_unit_id = in->responsible_unit_id;
}

static int point_create_in_tx(struct db *db, struct arena *a, const struct auth *auth, const struct ic_plan *plan,
			      const struct ic_point_input *in, int64_t *id_out, struct err *e)
{
	struct ic_point k = { 0 };
	char now[TIME_ISO_LEN];
	int rc;

	time_now_iso(now);
	if (!authz_may_reference(auth, ACCESS_EDIT, plan->unit_path, 0))
		return err_set(e, ERR_FORBIDDEN, "plan_id", N_("Your roles do not let you change this plan."));
	if ((rc = point_check(db, a, auth, plan->id, in, NULL, &k, e)) ||
	    (rc = q_ic_point_insert(db, a, plan->id, in, now, &k.id, e)))
		return rc;
	k.plan_id = plan->id;
	k.unit_id = plan->unit_id;
	k.unit_name = plan->unit_name;
	k.unit_path = plan->unit_path;
	k.plan_year = plan->year;
	point_apply(&k, in);
	k.version = 1;
	k.created_at = k.updated_at = now;
	if (id_out)
		*id_out = k.id;
	return audit_append(db, a, actor_of(auth), "intcontrol_point", k.id, k.unit_id, "create", NULL,
			    point_snapshot(a, &k), e);
}

int intcontrol_point_create(struct db *db, struct arena *a, const struct auth *auth, const struct ic_plan *plan,
			    const struct ic_point_input *raw, int64_t *id_out, struct err *e)
{
	struct ic_point_input in = point_clean(a, raw);
	int rc = db_begin(db, e);
	if (rc)
		return rc;
	return db_end(db, point_create_in_tx(db, a, auth, plan, &in, id_out, e), e);
}

static int point_update_in_tx(struct db *db, struct arena *a, const struct auth *auth, const struct ic_point *before,
			      int64_t version, const struct ic_point_input *in, struct ic_point *current, struct err *e)
{
	struct ic_point after = *before;
	char now[TIME_ISO_LEN];
	int rc;

	time_now_iso(now);
	if (before->version != version)
		return version_conflict(current, before, sizeof(*before), e, conflict_msg);
	if ((rc = point_check(db, a, auth, before->plan_id, in, before, &after, e)))
		return rc;
	rc = q_ic_point_update(db, a, before->id, version, in, now, e);
	if (rc == ERR_CONFLICT)
		return version_lost(current ? intcontrol_point_get(db, a, before->id, current, e) : 0, e, conflict_msg);
	if (rc)
		return rc;
	point_apply(&after, in);
	after.version = version + 1;
	after.updated_at = now;
	return audit_append(db, a, actor_of(auth), "intcontrol_point", before->id, before->unit_id, "update",
			    point_snapshot(a, before), point_snapshot(a, &after), e);
}

int intcontrol_point_update(struct db *db, struct arena *a, const struct auth *auth, const struct ic_point *before,
			    int64_t version, const struct ic_point_input *raw, struct ic_point *current, struct err *e)
{
	struct ic_point_input in = point_clean(a, raw);
	int rc = db_begin(db, e);
	if (rc)
		return rc;
	return db_end(db, point_update_in_tx(db, a, auth, before, version, &in, current, e), e);
}

void intcontrol_point_json(struct json *j, const struct ic_point *k)
{
	json_obj_open(j);
	json_kv_int(j, "id", k->id);
	json_kv_int(j, "plan_id", k->plan_id);
	json_kv_int(j, "unit_id", k->unit_id);
	json_kv_int(j, "year", k->plan_year);
	json_kv_int(j, "process_id", k->process_id);
	json_kv_str(j, "process_name", k->process_name);
	json_kv_str(j, "title", k->title);
	json_kv_str(j, "check_method", k->method);
	if (k->sample_size)
		json_kv_int(j, "sample_size", k->sample_size);
	else
		json_kv_str(j, "sample_size", NULL);
	if (k->population)
		json_kv_int(j, "population", k->population);
	else
		json_kv_str(j, "population", NULL);
	json_kv_str(j, "frequency", k->frequency);
	json_kv_str(j, "period_kind", k->period_kind);
	json_kv_id(j, "responsible_id", k->responsible_id);
	json_kv_str(j, "responsible_name", k->responsible_name);
	json_kv_id(j, "responsible_unit_id", k->responsible_unit_id);
	json_kv_str(j, "responsible_unit_name", k->responsible_unit_name);
	json_kv_int(j, "version", k->version);
	json_kv_str(j, "created_at", k->created_at);
	json_kv_str(j, "updated_at", k->updated_at);
	json_obj_close(j);
}

/* --- results --- */

int intcontrol_result_get(struct db *db, struct arena *a, int64_t id, struct ic_result *out, struct err *e)
{
	int rc = q_ic_result_get(db, a, id, out, e);
	return rc == ERR_NOTFOUND ? err_set(e, ERR_NOTFOUND, "id", N_("No such control result.")) : rc;
}

SCOPE_READER_OWNED(intcontrol_result_scope, struct ic_result, intcontrol_result_get, "intcontrol_result",
		   responsible_id)

int intcontrol_result_list(struct db *db, struct arena *a, int64_t plan_id, struct ic_result **out, size_t *n,
			   struct err *e)
{
	return q_ic_result_of_plan(db, a, plan_id, out, n, e);
}

int intcontrol_result_samples(struct db *db, struct arena *a, int64_t result_id, struct ic_sample **out, size_t *n,
			      struct err *e)
{
	return q_ic_samples(db, a, result_id, out, n, e);
}

struct ic_result_input intcontrol_result_input_of(struct arena *a, const struct ic_result *x)
{
	struct ic_result_input in = { 0 };
	in.period = ic_period_code(a, x->period_kind, x->plan_year, x->period_no);
	in.checked_on = x->checked_on;
	in.checked_by = x->checked_by;
	in.conclusion = x->conclusion;
	return in;
}

static struct ic_result_input result_clean(struct arena *a, const struct auth *auth, const struct ic_result_input *raw)
{
	struct ic_result_input in = *raw;
	in.period = text_trimmed(a, raw->period);
	in.checked_on = text_trimmed(a, raw->checked_on);
	in.conclusion = text_trimmed(a, raw->conclusion);
	if (!in.checked_by)
		in.checked_by = actor_of(auth).id;
	if (raw->n_samples) {
		struct ic_sample *s = arena_calloc(a, raw->n_samples, sizeof(*s));
		for (size_t i = 0; i < raw->n_samples; i++) {
			s[i].reference = text_trimmed(a, raw->samples[i].reference);
			s[i].ok = raw->samples[i].ok;
			s[i].note = text_trimmed(a, raw->samples[i].note);
		}
		in.samples = s;
	}
	return in;
}

/* Check @in for a result of @k; fills in->period_no and @after's names. */
static int result_check(struct db *db, struct arena *a, const struct ic_point *k, struct ic_result_input *in,
			const struct ic_result *before, struct ic_result *after, struct err *e)
{
	int64_t year, no;
	int rc;

	if (!in->period || !*in->period)
		return err_set(e, ERR_INVALID, "period", N_("Give the period the result is for, such as 2026-T2."));
	if (!period_parse(in->period, k->period_kind, &year, &no))
		return err_set(
			e, ERR_INVALID, "period",
			ic_periods_in_year(k->period_kind) == 4
				? N_("The control point is reported per quarter: write the period as 2026-Q1 to 2026-Q4.")
				: N_("The control point is reported per tertial: write the period as 2026-T1 to 2026-T3."));
	if (year != k->plan_year)
		return err_set(e, ERR_INVALID, "period", N_("The period lies outside the plan's year."));
	in->period_no = no;
	if ((rc = check_date(e, "checked_on", in->checked_on, true)) ||
	    (rc = check_text(e, "conclusion", in->conclusion, 20000, false)))
		return rc;
	after->checked_by_name = before && before->checked_by == in->checked_by ? before->checked_by_name : NULL;
	if (in->checked_by && !after->checked_by_name) {
		rc = q_ic_user_name(db, a, in->checked_by, &after->checked_by_name, e);
		if (rc == ERR_NOTFOUND)
			return err_set(e, ERR_INVALID, "checked_by", N_("No such user."));
		if (rc)
			return rc;
	}
	if (before && !in->set_samples)
		return 0;
	if (in->n_samples > IC_MAX_SAMPLES)
		return err_set(e, ERR_INVALID, "samples", N_("At most 500 records can be listed for one result."));
	if (!strcmp(k->method, "sample") && (int64_t)in->n_samples > k->population)
		return err_set(e, ERR_INVALID, "samples",
			       N_("More records are listed than the population the sample is drawn from."));
	for (size_t i = 0; i < in->n_samples; i++) {
		if ((rc = check_text(e, "samples", in->samples[i].reference, 300, true)) ||
		    (rc = check_text(e, "samples", in->samples[i].note, 2000, false)))
			return rc;
	}
	return 0;
}

static void result_apply(struct ic_result *x, const struct ic_result_input *in)
{
	x->period_no = in->period_no;
	x->checked_on = in->checked_on;
	x->checked_by = in->checked_by;
	x->conclusion = in->conclusion;
	if (in->set_samples) {
		x->n_samples = (int64_t)in->n_samples;
		x->n_failed = 0;
		for (size_t i = 0; i < in->n_samples; i++)
			x->n_failed += !in->samples[i].ok;
	}
}

static const char *const result_exists_msg = N_("A result is reported for this period already.");

static int result_create_in_tx(struct db *db, struct arena *a, const struct auth *auth, const struct ic_point *k,
			       struct ic_result_input *in, int64_t *id_out, struct err *e)
{
	struct ic_result x = { 0 };
	char now[TIME_ISO_LEN];
	int rc;

	time_now_iso(now);
	in->set_samples = true;
	if (!authz_may_reference(auth, ACCESS_OWN, k->unit_path, k->responsible_id))
		return err_set(e, ERR_FORBIDDEN, "point_id",
			       N_("Your roles do not let you report this control point."));
	if ((rc = result_check(db, a, k, in, NULL, &x, e)))
		return rc;
	rc = q_ic_result_insert(db, a, k->id, in, now, &x.id, e);
	if (rc == ERR_EXISTS)
		return err_set(e, ERR_EXISTS, "period", result_exists_msg);
	if (rc || (rc = q_ic_result_set_samples(db, a, x.id, in, e)))
		return rc;
	x.point_id = k->id;
	x.point_title = k->title;
	x.plan_id = k->plan_id;
	x.plan_year = k->plan_year;
	x.unit_id = k->unit_id;
	x.unit_path = k->unit_path;
	x.period_kind = k->period_kind;
	x.responsible_id = k->responsible_id;
	result_apply(&x, in);
	x.version = 1;
	x.created_at = x.updated_at = now;
	if (id_out)
		*id_out = x.id;
	return audit_append(db, a, actor_of(auth), "intcontrol_result", x.id, x.unit_id, "create", NULL,
			    result_snapshot(a, &x), e);
}

int intcontrol_result_create(struct db *db, struct arena *a, const struct auth *auth, const struct ic_point *k,
			     const struct ic_result_input *raw, int64_t *id_out, struct err *e)
{
	struct ic_result_input in = result_clean(a, auth, raw);
	int rc = db_begin(db, e);
	if (rc)
		return rc;
	return db_end(db, result_create_in_tx(db, a, auth, k, &in, id_out, e), e);
}

static int result_update_in_tx(struct db *db, struct arena *a, const struct auth *auth, const struct ic_result *before,
			       int64_t version, struct ic_result_input *in, struct ic_result *current, struct err *e)
{
	struct ic_result after = *before;
	struct ic_point k;
	char now[TIME_ISO_LEN];
	int rc;

	time_now_iso(now);
	if (before->version != version)
		return version_conflict(current, before, sizeof(*before), e, conflict_msg);
	if ((rc = intcontrol_point_get(db, a, before->point_id, &k, e)) ||
	    (rc = result_check(db, a, &k, in, before, &after, e)))
		return rc;
	rc = q_ic_result_update(db, a, before->id, version, in, now, e);
	if (rc == ERR_EXISTS)
		return err_set(e, ERR_EXISTS, "period", result_exists_msg);
	if (rc == ERR_CONFLICT)
		return version_lost(current ? intcontrol_result_get(db, a, before->id, current, e) : 0, e,
				    conflict_msg);
	if (rc || (in->set_samples && (rc = q_ic_result_set_samples(db, a, before->id, in, e))))
		return rc;
	result_apply(&after, in);
	after.version = version + 1;
	after.updated_at = now;
	return audit_append(db, a, actor_of(auth), "intcontrol_result", before->id, before->unit_id, "update",
			    result_snapshot(a, before), result_snapshot(a, &after), e);
}

int intcontrol_result_update(struct db *db, struct arena *a, const struct auth *auth, const struct ic_result *before,
			     int64_t version, const struct ic_result_input *raw, struct ic_result *current,
			     struct err *e)
{
	struct ic_result_input in = result_clean(a, auth, raw);
	int rc = db_begin(db, e);
	if (rc)
		return rc;
	return db_end(db, result_update_in_tx(db, a, auth, before, version, &in, current, e), e);
}

void intcontrol_result_json(struct json *j, const struct ic_result *x, const struct ic_sample *samples,
			    size_t n_samples)
{
	char period[32];
	snprintf(period, sizeof(period), "%04d-%c%d", (int)(x->plan_year % 10000), period_letter(x->period_kind),
		 (int)x->period_no);
	json_obj_open(j);
	json_kv_int(j, "id", x->id);
	json_kv_int(j, "point_id", x->point_id);
	json_kv_str(j, "point_title", x->point_title);
	json_kv_int(j, "plan_id", x->plan_id);
	json_kv_str(j, "period", period);
	json_kv_str(j, "checked_on", x->checked_on);
	json_kv_id(j, "checked_by", x->checked_by);
	json_kv_str(j, "checked_by_name", x->checked_by_name);
	json_kv_str(j, "conclusion", x->conclusion);
	json_kv_int(j, "samples_checked", x->n_samples);
	json_kv_int(j, "samples_failed", x->n_failed);
	json_kv_int(j, "deviations", x->n_deviations);
	if (samples) {
		json_key(j, "samples");
		json_arr_open(j);
		for (size_t i = 0; i < n_samples; i++) {
			json_obj_open(j);
			json_kv_str(j, "reference", samples[i].reference);
			json_kv_bool(j, "ok", samples[i].ok);
			json_kv_str(j, "note", samples[i].note);
			json_obj_close(j);
		}
		json_arr_close(j);
	}
	json_kv_int(j, "version", x->version);
	json_kv_str(j, "created_at", x->created_at);
	json_kv_str(j, "updated_at", x->updated_at);
	json_obj_close(j);
}

/* --- deviations --- */

int intcontrol_deviation_get(struct db *db, struct arena *a, int64_t id, struct ic_deviation *out, struct err *e)
{
	int rc = q_ic_deviation_get(db, a, id, out, e);
	return rc == ERR_NOTFOUND ? err_set(e, ERR_NOTFOUND, "id", N_("No such deviation.")) : rc;
}

SCOPE_READER_OWNED(intcontrol_deviation_scope, struct ic_deviation, intcontrol_deviation_get, "intcontrol_deviation",
		   responsible_id)

const char *const intcontrol_deviation_filter_args[] = { "unit_id", "year", "status", "plan_id", "sort", NULL };

int intcontrol_deviation_filter_parse(struct ic_deviation_filter *f, const char *(*get)(void *ctx, const char *name),
				      void *ctx, struct err *e)
{
	const char *v;
	int rc;
	if ((rc = filter_id(get, ctx, "unit_id", &f->unit_id, e)) || (rc = year_arg(get, ctx, &f->year, e)) ||
	    (rc = filter_id(get, ctx, "plan_id", &f->plan_id, e)))
		return rc;
	if ((v = filter_arg(get, ctx, "status"))) {
		if (table_index(ic_deviation_statuses, 2, v) < 0)
			return err_set(e, ERR_INVALID, "status", N_("Use open or closed."));
		f->status = v;
	}
	if ((v = filter_arg(get, ctx, "sort"))) {
		if (!strcmp(v, "newest"))
			f->sort = IC_DEV_SORT_NEWEST;
		else if (!strcmp(v, "due"))
			f->sort = IC_DEV_SORT_DUE;
		else
			return err_set(e, ERR_INVALID, "sort", N_("Sort by newest or due."));
	}
	return 0;
}

int intcontrol_deviation_of_plan(struct db *db, struct arena *a, const struct ic_plan *p, struct ic_deviation **out,
				 size_t *n, struct err *e)
{
	return q_ic_deviation_of_plan(db, a, p->unit_id, p->year, out, n, e);
}

int intcontrol_deviation_list(struct db *db, struct arena *a, const struct ic_deviation_filter *f,
			      struct ic_deviation **out, size_t *n, int64_t *total, struct err *e)
{
	const char *subtree;
	int rc = unit_subtree(db, a, f->unit_id, &subtree, e);
	if (rc)
		return rc;
	return q_ic_deviation_list(db, a, f, subtree, out, n, total, e);
}

struct ic_deviation_input intcontrol_deviation_input_of(const struct ic_deviation *d)
{
	struct ic_deviation_input in = { 0 };
	in.description = d->description;
	in.cause = d->cause;
	in.remedy = d->remedy;
	in.due = d->due;
	in.status = d->status;
	return in;
}

static struct ic_deviation_input deviation_clean(struct arena *a, const struct ic_deviation_input *raw)
{
	struct ic_deviation_input in = *raw;
	in.description = text_trimmed(a, raw->description);
	in.cause = text_trimmed(a, raw->cause);
	in.remedy = text_trimmed(a, raw->remedy);
	in.due = trimmed_or_null(a, raw->due);
	in.status = raw->status && *raw->status ? raw->status : "open";
	return in;
}

static int deviation_check(const struct ic_deviation_input *in, struct err *e)
{
	int rc;
	if ((rc = check_text(e, "description", in->description, 5000, true)) ||
	    (rc = check_text(e, "cause", in->cause, 5000, false)) ||
	    (rc = check_text(e, "remedy", in->remedy, 5000, false)) || (rc = check_date(e, "due", in->due, false)))
		return rc;
	if (table_index(ic_deviation_statuses, 2, in->status) < 0)
		return err_set(e, ERR_INVALID, "status", N_("Choose whether the deviation is open or remedied."));
	return 0;
}

static void deviation_apply(struct ic_deviation *d, const struct ic_deviation_input *in)
{
	d->description = in->description;
	d->cause = in->cause;
	d->remedy = in->remedy;
	d->due = in->due;
	d->status = in->status;
}

static int deviation_create_in_tx(struct db *db, struct arena *a, const struct auth *auth, const struct ic_result *x,
				  const struct ic_deviation_input *in, int64_t *id_out, struct err *e)
{
	struct ic_deviation d = { 0 };
	char now[TIME_ISO_LEN];
	int rc;

	time_now_iso(now);
	if (!authz_may_reference(auth, ACCESS_OWN, x->unit_path, x->responsible_id))
		return err_set(e, ERR_FORBIDDEN, "result_id",
			       N_("Your roles do not let you report this control point."));
	if ((rc = deviation_check(in, e)) || (rc = q_ic_deviation_insert(db, a, x, in, now, &d.id, e)))
		return rc;
	d.result_id = x->id;
	d.point_id = x->point_id;
	d.point_title = x->point_title;
	d.plan_id = x->plan_id;
	d.unit_id = x->unit_id;
	d.unit_path = x->unit_path;
	d.plan_year = x->plan_year;
	d.period_kind = x->period_kind;
	d.period_no = x->period_no;
	d.responsible_id = x->responsible_id;
	deviation_apply(&d, in);
	d.version = 1;
	d.created_at = d.updated_at = now;
	if (id_out)
		*id_out = d.id;
	return audit_append(db, a, actor_of(auth), "intcontrol_deviation", d.id, d.unit_id, "create", NULL,
			    deviation_snapshot(a, &d), e);
}

int intcontrol_deviation_create(struct db *db, struct arena *a, const struct auth *auth, const struct ic_result *x,
				const struct ic_deviation_input *raw, int64_t *id_out, struct err *e)
{
	struct ic_deviation_input in = deviation_clean(a, raw);
	int rc = db_begin(db, e);
	if (rc)
		return rc;
	return db_end(db, deviation_create_in_tx(db, a, auth, x, &in, id_out, e), e);
}

static int deviation_update_in_tx(struct db *db, struct arena *a, const struct auth *auth,
				  const struct ic_deviation *before, int64_t version,
				  const struct ic_deviation_input *in, struct ic_deviation *current, struct err *e)
{
	struct ic_deviation after = *before;
	char now[TIME_ISO_LEN];
	int rc;

	time_now_iso(now);
	if (before->version != version)
		return version_conflict(current, before, sizeof(*before), e, conflict_msg);
	if ((rc = deviation_check(in, e)))
		return rc;
	rc = q_ic_deviation_update(db, a, before->id, version, in, now, e);
	if (rc == ERR_CONFLICT)
		return version_lost(current ? intcontrol_deviation_get(db, a, before->id, current, e) : 0, e,
				    conflict_msg);
	if (rc)
		return rc;
	deviation_apply(&after, in);
	after.version = version + 1;
	after.updated_at = now;
	return audit_append(db, a, actor_of(auth), "intcontrol_deviation", before->id, before->unit_id, "update",
			    deviation_snapshot(a, before), deviation_snapshot(a, &after), e);
}

int intcontrol_deviation_update(struct db *db, struct arena *a, const struct auth *auth,
				const struct ic_deviation *before, int64_t version,
				const struct ic_deviation_input *raw, struct ic_deviation *current, struct err *e)
{
	struct ic_deviation_input in = deviation_clean(a, raw);
	int rc = db_begin(db, e);
	if (rc)
		return rc;
	return db_end(db, deviation_update_in_tx(db, a, auth, before, version, &in, current, e), e);
}

const char *intcontrol_deviation_json_text(struct arena *a, const struct ic_deviation *d)
{
	return deviation_snapshot(a, d);
}

void intcontrol_deviation_json(struct json *j, const struct ic_deviation *d)
{
	char period[32];
	snprintf(period, sizeof(period), "%04d-%c%d", (int)(d->plan_year % 10000), period_letter(d->period_kind),
		 (int)d->period_no);
	json_obj_open(j);
	json_kv_int(j, "id", d->id);
	json_kv_int(j, "result_id", d->result_id);
	json_kv_int(j, "point_id", d->point_id);
	json_kv_str(j, "point_title", d->point_title);
	json_kv_int(j, "plan_id", d->plan_id);
	json_kv_int(j, "unit_id", d->unit_id);
	json_kv_str(j, "unit_name", d->unit_name);
	json_kv_int(j, "year", d->plan_year);
	json_kv_str(j, "period", period);
	json_kv_id(j, "responsible_id", d->responsible_id);
	json_kv_str(j, "responsible_name", d->responsible_name);
	json_kv_str(j, "description", d->description);
	json_kv_str(j, "cause", d->cause);
	json_kv_str(j, "remedy", d->remedy);
	json_kv_str(j, "due", d->due);
	json_kv_str(j, "status", d->status);
	json_kv_id(j, "activity_id", d->activity_id);
	json_kv_int(j, "version", d->version);
	json_kv_str(j, "created_at", d->created_at);
	json_kv_str(j, "updated_at", d->updated_at);
	json_obj_close(j);
}

/* --- due for reporting --- */

void intcontrol_due(struct arena *a, const struct ic_point *points, size_t n_points, const struct ic_result *results,
		    size_t n_results, const char *today, struct ic_due **out, size_t *n)
{
	size_t cap = n_points * 4 + 1, m = 0;
	struct ic_due *due = arena_calloc(a, cap, sizeof(*due));

	for (size_t i = 0; i < n_points; i++) {
		const struct ic_point *k = &points[i];
		int periods = ic_periods_in_year(k->period_kind);
		bool any = false;
		for (size_t r = 0; r < n_results; r++)
			any = any || results[r].point_id == k->id;
		for (int no = 1; no <= periods; no++) {
			char start[11];
			bool done = false;
			/* A yearly check is due once, in the year's last period, unless reported already. */
			if (!strcmp(k->frequency, "yearly") && (no < periods || any))
				continue;
			period_start(start, k->period_kind, k->plan_year, no);
			if (strcmp(start, today) > 0)
				break;
			for (size_t r = 0; r < n_results && !done; r++)
				done = results[r].point_id == k->id && results[r].period_no == no;
			if (done)
				continue;
			due[m].point = k;
			due[m].period_no = no;
			ic_period_end(due[m].due, k->period_kind, k->plan_year, no);
			due[m].overdue = strcmp(due[m].due, today) < 0;
			m++;
		}
	}
	*out = due;
	*n = m;
}

int intcontrol_tasks(struct db *db, struct arena *a, const struct auth *auth, const char *today, size_t max,
		     struct task **out, size_t *n, struct err *e)
{
	struct ic_point *points;
	struct ic_reported *rep;
	struct ic_result *results;
	struct ic_deviation *devs;
	struct ic_deviation_filter f = { 0 };
	struct ic_due *due;
	size_t n_points, n_rep, n_due, n_devs, m = 0;
	int64_t year = this_year();
	int rc;

	*n = 0;
	*out = arena_calloc(a, 1, sizeof(**out));
	if (!auth || !auth->user_id)
		return 0;
	if ((rc = q_ic_point_of_responsible(db, a, auth->user_id, year - 1, year, 200, &points, &n_points, e)) ||
	    (rc = q_ic_result_of_responsible(db, a, auth->user_id, year - 1, year, &rep, &n_rep, e)))
		return rc;
	results = arena_calloc(a, n_rep ? n_rep : 1, sizeof(*results));
	for (size_t i = 0; i < n_rep; i++) {
		results[i].point_id = rep[i].point_id;
		results[i].period_no = rep[i].period_no;
	}
	intcontrol_due(a, points, n_points, results, n_rep, today, &due, &n_due);
	f.viewer_id = auth->user_id;
	f.responsible_id = auth->user_id;
	f.status = "open";
	f.sort = IC_DEV_SORT_DUE;
	f.limit = (int64_t)(max ? max : 1);
	if ((rc = intcontrol_deviation_list(db, a, &f, &devs, &n_devs, NULL, e)))
		return rc;
	*out = arena_calloc(a, n_due + n_devs + 1, sizeof(**out));
	for (size_t i = 0; i < n_due && m < max; i++) {
		struct task *t = &(*out)[m++];
		const struct ic_point *k = due[i].point;
		t->kind = "intcontrol_point";
		t->id = k->id;
		t->title = k->title;
		t->context =
			arena_printf(a, "%s – %s", tr(auth->lang, "Internal control"),
				     ic_period_label(a, auth->lang, k->period_kind, k->plan_year, due[i].period_no));
		t->status = N_("Due for reporting");
		t->due = arena_strdup(a, due[i].due);
		t->overdue = due[i].overdue;
	}
	for (size_t i = 0; i < n_devs && m < max; i++) {
		struct task *t = &(*out)[m++];
		t->kind = "intcontrol_deviation";
		t->id = devs[i].id;
		t->title = devs[i].description;
		t->context = arena_printf(a, "%s %" PRId64 " – %s", tr(auth->lang, "Deviation in internal control"),
					  devs[i].plan_year, devs[i].point_title);
		t->status = N_("Open");
		t->due = devs[i].due;
		t->overdue = devs[i].due && strcmp(devs[i].due, today) < 0;
	}
	*n = m;
	return 0;
}

/* --- the year in one read --- */

int intcontrol_year_read(struct db *db, struct arena *a, const struct ic_plan *p, struct intcontrol_year *out,
			 struct err *e)
{
	int rc;

	memset(out, 0, sizeof(*out));
	out->plan = *p;
	if ((rc = q_ic_process_list(db, a, p->id, &out->processes, &out->n_processes, e)) ||
	    (rc = q_ic_point_list(db, a, p->id, &out->points, &out->n_points, e)) ||
	    (rc = q_ic_result_of_plan(db, a, p->id, &out->results, &out->n_results, e)) ||
	    (rc = q_ic_deviation_of_plan(db, a, p->unit_id, p->year, &out->deviations, &out->n_deviations, e)))
		return rc;
	for (size_t i = 0; i < out->n_deviations; i++)
		out->n_open += !strcmp(out->deviations[i].status, "open");
	return 0;
}

int intcontrol_year_by_unit(struct db *db, struct arena *a, int64_t viewer_id, int64_t unit_id, int64_t year,
			    struct intcontrol_year **out, size_t *n, struct err *e)
{
	struct ic_plan_filter f = { 0 };
	struct ic_plan *plans;
	size_t n_plans;
	int rc;

	f.viewer_id = viewer_id;
	f.unit_id = unit_id;
	f.year = year;
	f.sort = IC_PLAN_SORT_UNIT;
	f.limit = 200;
	if ((rc = intcontrol_plan_list(db, a, &f, &plans, &n_plans, NULL, e)))
		return rc;
	*out = arena_calloc(a, n_plans ? n_plans : 1, sizeof(**out));
	for (size_t i = 0; i < n_plans; i++)
		if ((rc = intcontrol_year_read(db, a, &plans[i], &(*out)[i], e)))
			return rc;
	*n = n_plans;
	return 0;
}
