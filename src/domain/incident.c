/*
 * incident.c - rules of incidents: reports and triage, the incident
 * record, notification duties and their clocks, filings, the decision
 * log, affected assets, follow-up actions, the category taxonomy and the
 * organisations' settings.
 *
 * Every write reads what it needs, checks it, writes, appends to the
 * decision log where a decision was made, recomputes the incident's
 * earliest running deadline (the "clock missed" filter reads it) and adds
 * its audit entry, all in one transaction. Affected assets and follow-up
 * actions are read through their own modules' public functions; a
 * follow-up action is an activity of the unit's action plan, made and
 * linked to the incident through the activity module.
 */
#include "domain/incident.h"

#include <inttypes.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/err.h"
#include "core/json.h"
#include "core/str.h"
#include "core/timeutil.h"
#include "core/zone.h"
#include "db/db.h"
#include "db/q_incident.h"
#include "domain/activity.h"
#include "domain/asset.h"
#include "domain/audit.h"
#include "domain/listexport.h"
#include "domain/unit.h"
#include "domain/validate.h"

/* --- words ------------------------------------------------------------------ */

const char *const incident_kinds[INCIDENT_KIND_COUNT] = { "security", "breach", "it", "significant" };
const char *const incident_kind_labels[INCIDENT_KIND_COUNT] = {
	N_("Information-security incident"),
	N_("Personal-data breach"),
	N_("IT incident"),
	N_("Significant incident (cybersecurity act)"),
};
const char *const incident_statuses[INCIDENT_STATUS_COUNT] = { "reported", "investigating", "resolved", "closed" };
const char *const incident_status_labels[INCIDENT_STATUS_COUNT] = {
	N_("Reported"),
	N_("Under investigation"),
	N_("Remedied"),
	N_("Closed"),
};
const char *const incident_states[INCIDENT_STATE_COUNT] = { "triage", "incident", "dismissed" };
const char *const incident_state_labels[INCIDENT_STATE_COUNT] = {
	N_("In triage"),
	N_("Incident"),
	N_("Closed in triage"),
};
const char *const incident_severities[INCIDENT_SEVERITY_COUNT] = { "", "low", "medium", "high", "critical" };
const char *const incident_severity_labels[INCIDENT_SEVERITY_COUNT] = {
	N_("Not assessed"), N_("Low"), N_("Medium"), N_("High"), N_("Critical"),
};
const char *const incident_regimes[INCIDENT_REGIME_COUNT] = { "gdpr33", "gdpr34", "csirt", "other" };
const char *const incident_regime_labels[INCIDENT_REGIME_COUNT] = {
	N_("IMY (GDPR Art. 33)"),
	N_("The data subjects (GDPR Art. 34)"),
	N_("The CSIRT (cybersecurity act)"),
	N_("Other recipient"),
};
const char *const incident_stages[INCIDENT_STAGE_COUNT] = {
	"initial", "supplement", "final", "early_warning", "notification", "intermediate", "progress", "communication",
};
const char *const incident_stage_labels[INCIDENT_STAGE_COUNT] = {
	N_("First report"),          N_("Supplement"),          N_("Final report"),    N_("Early warning"),
	N_("Incident notification"), N_("Intermediate report"), N_("Progress report"), N_("Information given"),
};

/* The default taxonomy (migration 0050) keeps these message ids as names until renamed. */
static const char *const builtin_categories[] = {
	N_("Information loss or leak"),
	N_("Corrupted information"),
	N_("Attack"),
	N_("Malicious code"),
	N_("Unauthorised access"),
	N_("User error"),
	N_("Product vulnerability"),
	N_("System or hardware failure"),
	N_("Failure at a supplier"),
	N_("Natural event, fire or accident"),
};

static const char *const stages_gdpr33[] = { "initial", "supplement", "final", NULL };
static const char *const stages_gdpr34[] = { "communication", NULL };
static const char *const stages_csirt[] = {
	"early_warning", "notification", "intermediate", "progress", "final", NULL
};
static const char *const stages_other[] = { "initial", "supplement", "final", NULL };

int incident_enum(const char *const *table, size_t n, const char *s)
{
	return str_index(table, n, s);
}

const char *incident_label(const char *const *table, const char *const *labels, size_t n, const char *s)
{
	return str_label(table, labels, n, s);
}

void incident_kind_flags(const struct incident *inc, bool out[INCIDENT_KIND_COUNT])
{
	out[0] = inc->kind_security;
	out[1] = inc->kind_breach;
	out[2] = inc->kind_it;
	out[3] = inc->kind_significant;
}

const char *incident_category_name(enum lang lang, const char *name, bool builtin)
{
	if (!name)
		return "";
	if (builtin)
		for (size_t i = 0; i < sizeof(builtin_categories) / sizeof(builtin_categories[0]); i++)
			if (!strcmp(builtin_categories[i], name))
				return tr(lang, builtin_categories[i]);
	return name;
}

const char *const *incident_regime_stages(const char *regime)
{
	if (regime && !strcmp(regime, "gdpr33"))
		return stages_gdpr33;
	if (regime && !strcmp(regime, "gdpr34"))
		return stages_gdpr34;
	if (regime && !strcmp(regime, "csirt"))
		return stages_csirt;
	return stages_other;
}

static const char *regime_label(const char *regime)
{
	return incident_label(incident_regimes, incident_regime_labels, INCIDENT_REGIME_COUNT, regime);
}

const char *incident_ref(struct arena *a, int64_t id)
{
	return arena_printf(a, "INC-%" PRId64, id);
}

/* The words of a comma-separated list of @table's words, translated and joined. */
static const char *words_label(struct arena *a, enum lang lang, const char *list, const char *const *table,
			       const char *const *labels, size_t n)
{
	struct buf b;
	const char *p = list;

	buf_init(&b, a);
	while (p && *p) {
		const char *end = strchr(p, ',');
		size_t len = end ? (size_t)(end - p) : strlen(p);
		const char *word = arena_strndup(a, p, len);
		if (b.len)
			buf_adds(&b, ", ");
		buf_adds(&b, tr(lang, incident_label(table, labels, n, word)));
		p = end ? end + 1 : NULL;
	}
	return buf_cstr(&b);
}

const char *incident_decision_label(struct arena *a, enum lang lang, const struct incident_decision *d,
				    const struct incident_notification *duties, size_t n_duties)
{
	const char *w = d->what ? d->what : "";

	if (!strcmp(w, "reported"))
		return tr(lang, "Reported");
	if (!strcmp(w, "promoted"))
		return tr(lang, "Made an incident");
	if (!strcmp(w, "dismissed"))
		return tr(lang, "Closed in triage");
	if (!strcmp(w, "note"))
		return tr(lang, "Decision");
	if (str_starts(w, "status:"))
		return arena_printf(a, "%s: %s", tr(lang, "Status changed"),
				    tr(lang, incident_label(incident_statuses, incident_status_labels,
							    INCIDENT_STATUS_COUNT, w + 7)));
	if (str_starts(w, "kinds:"))
		return arena_printf(
			a, "%s: %s", tr(lang, "Kinds changed"),
			words_label(a, lang, w + 6, incident_kinds, incident_kind_labels, INCIDENT_KIND_COUNT));
	if (str_starts(w, "decision:")) {
		const char *duty = "";
		const char *what = !strcmp(w + 9, "yes")  ? N_("applies")
				   : !strcmp(w + 9, "no") ? N_("does not apply")
							  : N_("not decided");
		for (size_t i = 0; i < n_duties; i++)
			if (duties[i].id == d->notification_id)
				duty = !strcmp(duties[i].regime, "other") && duties[i].recipient && *duties[i].recipient
					       ? duties[i].recipient
					       : tr(lang, regime_label(duties[i].regime));
		return arena_printf(a, "%s %s: %s", tr(lang, "Notification duty"), duty, tr(lang, what));
	}
	return w;
}

/* --- times -------------------------------------------------------------------- */

static const char *iso_of(struct arena *a, time_t t)
{
	char buf[TIME_ISO_LEN];
	time_iso(t, buf);
	return arena_strdup(a, buf);
}

/* The instant of a stored UTC time, 0 when NULL or malformed. */
static time_t instant(const char *iso)
{
	time_t t;
	return iso && time_parse_iso(iso, &t) && strlen(iso) == 20 ? t : 0;
}

int incident_time_local(struct arena *a, const char *field, const char *local, const char *fold, const char **iso,
			struct err *e)
{
	enum zone_fold f = ZONE_FOLD_ASK;
	time_t t;

	*iso = NULL;
	if (!local || str_blank(local))
		return 0;
	if (fold && (!strcmp(fold, "+02:00") || !strcmp(fold, "summer")))
		f = ZONE_FOLD_SUMMER;
	else if (fold && (!strcmp(fold, "+01:00") || !strcmp(fold, "winter")))
		f = ZONE_FOLD_WINTER;
	else if (fold && *fold)
		return err_set(e, ERR_INVALID, field, N_("Choose summer time (+02:00) or winter time (+01:00)."));
	switch (zone_parse_local(str_trim(arena_strdup(a, local)), f, &t)) {
	case ZONE_OK:
		*iso = iso_of(a, t);
		return 0;
	case ZONE_GAP:
		return err_set(
			e, ERR_INVALID, field,
			N_("This time does not exist in Swedish time: the clocks moved forward from 02:00 to 03:00 that night."));
	case ZONE_AMBIGUOUS:
		return err_set(
			e, ERR_INVALID, field,
			N_("This time occurred twice that night, when the clocks moved back from 03:00 to 02:00: say whether it was summer time (+02:00) or winter time (+01:00)."));
	case ZONE_BAD:
		break;
	}
	return err_set(e, ERR_INVALID, field, N_("Enter a date and time as YYYY-MM-DD HH:MM."));
}

int incident_time_rfc3339(struct arena *a, const char *field, const char *s, const char **iso, struct err *e)
{
	time_t t;

	*iso = NULL;
	if (!s || !*s)
		return 0;
	if (!zone_parse_rfc3339(s, &t))
		return err_set(e, ERR_INVALID, field,
			       N_("Give the time in RFC 3339 with its offset, e.g. 2026-10-25T02:30:00+02:00."));
	*iso = iso_of(a, t);
	return 0;
}

/* --- reading ------------------------------------------------------------------- */

int incident_get(struct db *db, struct arena *a, int64_t id, struct incident *out, struct err *e)
{
	int rc = q_incident_get(db, a, id, out, e);
	return rc == ERR_NOTFOUND ? err_set(e, ERR_NOTFOUND, "id", N_("No such incident.")) : rc;
}

SCOPE_READER(incident_scope, struct incident, incident_get, "incident")

void incident_filter_init(struct incident_filter *f)
{
	*f = (struct incident_filter){ 0 };
	f->sort = INCIDENT_SORT_CREATED;
	f->desc = true;
}

const char *const incident_filter_args[] = {
	"unit_id", "asset_id", "kind", "status", "state", "clock_missed", "from", "to", "q", "sort", "order", NULL,
};

static const char *const sort_names[] = { "created", "aware", "due", "title" };

int incident_filter_parse(struct incident_filter *f, const char *(*get)(void *ctx, const char *name), void *ctx,
			  struct err *e)
{
	const char *v;
	int missed = 0, rc;

	if ((rc = filter_id(get, ctx, "unit_id", &f->unit_id, e)) ||
	    (rc = filter_id(get, ctx, "asset_id", &f->asset_id, e)))
		return rc;
	if ((v = filter_arg(get, ctx, "kind"))) {
		if (incident_enum(incident_kinds, INCIDENT_KIND_COUNT, v) < 0)
			return err_set(e, ERR_INVALID, "kind",
				       N_("Unknown kind: use security, breach, it or significant."));
		f->kind = v;
	}
	if ((v = filter_arg(get, ctx, "status"))) {
		if (incident_enum(incident_statuses, INCIDENT_STATUS_COUNT, v) < 0)
			return err_set(e, ERR_INVALID, "status",
				       N_("Unknown status: use reported, investigating, resolved or closed."));
		f->status = v;
	}
	if ((v = filter_arg(get, ctx, "state"))) {
		if (incident_enum(incident_states, INCIDENT_STATE_COUNT, v) < 0)
			return err_set(e, ERR_INVALID, "state",
				       N_("Unknown state: use triage, incident or dismissed."));
		f->state = v;
	}
	if ((rc = filter_bool(get, ctx, "clock_missed", &missed, e)) ||
	    (rc = filter_date(get, ctx, "from", &f->from, e)) || (rc = filter_date(get, ctx, "to", &f->to, e)))
		return rc;
	f->clock_missed = missed == 1;
	if (f->from && f->to && strcmp(f->from, f->to) > 0)
		return err_set(e, ERR_INVALID, "to", N_("The end of the period is before its start."));
	f->q = filter_arg(get, ctx, "q");
	if ((v = filter_arg(get, ctx, "sort"))) {
		int k = incident_enum(sort_names, sizeof(sort_names) / sizeof(sort_names[0]), v);
		if (k < 0)
			return err_set(e, ERR_INVALID, "sort", N_("Sort by created, aware, due or title."));
		f->sort = (enum incident_sort)k;
		f->desc = f->sort == INCIDENT_SORT_CREATED || f->sort == INCIDENT_SORT_AWARE;
	}
	if ((v = filter_arg(get, ctx, "order"))) {
		if (strcmp(v, "asc") && strcmp(v, "desc"))
			return err_set(e, ERR_INVALID, "order", N_("Must be asc or desc."));
		f->desc = !strcmp(v, "desc");
	}
	return 0;
}

/* The UTC instant at which Swedish date @day (YYYY-MM-DD) begins, plus @plus_days days; NULL for none. */
static const char *local_midnight(struct arena *a, const char *day, int plus_days)
{
	time_t t;
	return day && zone_day_start(day, plus_days, &t) ? iso_of(a, t) : NULL;
}

static int list_query(struct db *db, struct arena *a, const struct incident_filter *f, struct incident **out, size_t *n,
		      int64_t *total, struct err *e)
{
	const char *subtree;
	int rc = unit_subtree(db, a, f->unit_id, &subtree, e);
	if (rc)
		return rc;
	return q_incident_list(db, a, f, subtree, local_midnight(a, f->from, 0), local_midnight(a, f->to, 1),
			       iso_of(a, time_now()), out, n, total, e);
}

int incident_list(struct db *db, struct arena *a, const struct incident_filter *f, struct incident **out, size_t *n,
		  int64_t *total, struct err *e)
{
	return list_query(db, a, f, out, n, total, e);
}

int incident_export_list(struct db *db, struct arena *a, const struct incident_filter *f, struct incident **out,
			 size_t *n, int64_t *total, struct err *e)
{
	struct incident_filter all = *f;
	int rc;

	all.limit = INCIDENT_EXPORT_MAX;
	all.offset = 0;
	if ((rc = list_query(db, a, &all, out, n, total, e)))
		return rc;
	return export_whole(*n, *total, INCIDENT_EXPORT_MAX, e);
}

struct incident_input incident_input_of(const struct incident *inc)
{
	struct incident_input in = { 0 };
	in.unit_id = inc->unit_id;
	in.kind_security = inc->kind_security;
	in.kind_breach = inc->kind_breach;
	in.kind_it = inc->kind_it;
	in.kind_significant = inc->kind_significant;
	in.category_id = inc->category_id;
	in.title = inc->title;
	in.description = inc->description;
	in.occurred_at = inc->occurred_at;
	in.discovered_at = inc->discovered_at;
	in.aware_at = inc->aware_at;
	in.ended_at = inc->ended_at;
	in.severity = inc->severity;
	in.aspect_c = inc->aspect_c;
	in.aspect_i = inc->aspect_i;
	in.aspect_a = inc->aspect_a;
	in.aspect_t = inc->aspect_t;
	in.subject_categories = inc->subject_categories;
	in.subjects_approx = inc->subjects_approx;
	in.records_approx = inc->records_approx;
	in.data_kinds = inc->data_kinds;
	in.consequences = inc->consequences;
	in.measures = inc->measures;
	in.cause = inc->cause;
	in.malicious = inc->malicious;
	in.cross_border = inc->cross_border;
	in.indicators = inc->indicators;
	in.secrecy = inc->secrecy;
	in.lessons = inc->lessons;
	in.status = inc->status;
	return in;
}

/* --- JSON ----------------------------------------------------------------------- */

static void json_time(struct json *j, const char *key, time_t t)
{
	char buf[TIME_ISO_LEN];
	if (!t) {
		json_kv_null(j, key);
		return;
	}
	time_iso(t, buf);
	json_kv_str(j, key, buf);
}

static void json_approx(struct json *j, const char *key, int64_t v)
{
	if (v >= 0)
		json_kv_int(j, key, v);
	else
		json_kv_null(j, key);
}

void incident_json(struct json *j, const struct incident *inc)
{
	json_obj_open(j);
	incident_json_fields(j, inc);
	json_obj_close(j);
}

void incident_json_fields(struct json *j, const struct incident *inc)
{
	bool kinds[INCIDENT_KIND_COUNT];
	static const char *const aspects[] = { "confidentiality", "integrity", "availability", "traceability" };
	const bool asp[] = { inc->aspect_c, inc->aspect_i, inc->aspect_a, inc->aspect_t };

	incident_kind_flags(inc, kinds);
	json_kv_int(j, "id", inc->id);
	json_kv_str(j, "receipt", inc->receipt);
	json_kv_id(j, "unit_id", inc->unit_id);
	json_kv_str(j, "unit_name", inc->unit_name);
	json_kv_str(j, "state", inc->state);
	json_kv_str(j, "status", inc->status);
	json_key(j, "kinds");
	json_arr_open(j);
	for (size_t k = 0; k < INCIDENT_KIND_COUNT; k++)
		if (kinds[k])
			json_str(j, incident_kinds[k]);
	json_arr_close(j);
	json_kv_id(j, "category_id", inc->category_id);
	json_kv_str(j, "category_name", inc->category_name);
	json_kv_str(j, "title", inc->title);
	json_kv_str(j, "description", inc->description);
	json_kv_str(j, "occurred_at", inc->occurred_at);
	json_kv_str(j, "discovered_at", inc->discovered_at);
	json_kv_str(j, "aware_at", inc->aware_at);
	json_kv_str(j, "ended_at", inc->ended_at);
	json_kv_str(j, "severity", inc->severity);
	json_key(j, "aspects");
	json_arr_open(j);
	for (size_t k = 0; k < 4; k++)
		if (asp[k])
			json_str(j, aspects[k]);
	json_arr_close(j);
	json_kv_str(j, "subject_categories", inc->subject_categories);
	json_approx(j, "subjects_approx", inc->subjects_approx);
	json_approx(j, "records_approx", inc->records_approx);
	json_kv_str(j, "data_kinds", inc->data_kinds);
	json_kv_str(j, "consequences", inc->consequences);
	json_kv_str(j, "measures", inc->measures);
	json_kv_str(j, "cause", inc->cause);
	json_kv_bool(j, "malicious", inc->malicious);
	json_kv_bool(j, "cross_border", inc->cross_border);
	json_kv_str(j, "indicators", inc->indicators);
	json_kv_str(j, "secrecy", inc->secrecy);
	json_kv_str(j, "lessons", inc->lessons);
	json_kv_str(j, "source", inc->source);
	json_kv_id(j, "reporter_id", inc->reporter_id);
	json_kv_str(j, "reporter_name", inc->reporter_name);
	json_kv_str(j, "reporter_contact", inc->reporter_contact);
	json_kv_str(j, "next_due", inc->next_due);
	json_kv_int(j, "version", inc->version);
	json_kv_str(j, "created_at", inc->created_at);
	json_kv_str(j, "updated_at", inc->updated_at);
}

static void write_incident_json(struct json *j, const void *rec)
{
	incident_json(j, rec);
}

const char *incident_json_text(struct arena *a, const struct incident *inc)
{
	return json_text(a, write_incident_json, inc);
}

static void notification_json(struct json *j, const struct incident_notification *n)
{
	json_kv_int(j, "id", n->id);
	json_kv_int(j, "incident_id", n->incident_id);
	json_kv_str(j, "regime", n->regime);
	json_kv_str(j, "recipient", n->recipient);
	json_kv_str(j, "due_at", n->due_at);
	json_kv_str(j, "decision", n->decision);
	json_kv_str(j, "reason", n->reason);
	json_kv_id(j, "decided_by", n->decided_by);
	json_kv_str(j, "decided_by_name", n->decided_by_name);
	json_kv_str(j, "decided_at", n->decided_at);
	json_kv_str(j, "case_ref", n->case_ref);
	json_kv_str(j, "delay_reason", n->delay_reason);
	json_kv_int(j, "version", n->version);
}

static const char *notification_json_text(struct arena *a, const struct incident_notification *n)
{
	struct buf b;
	struct json j;
	buf_init(&b, a);
	json_init(&j, &b);
	json_obj_open(&j);
	notification_json(&j, n);
	json_obj_close(&j);
	return b.data;
}

static void filing_json(struct json *j, const struct incident_filing *f)
{
	json_obj_open(j);
	json_kv_int(j, "id", f->id);
	json_kv_int(j, "notification_id", f->notification_id);
	json_kv_str(j, "stage", f->stage);
	json_kv_str(j, "filed_at", f->filed_at);
	json_kv_str(j, "reference", f->reference);
	json_kv_str(j, "note", f->note);
	json_kv_str(j, "recorded_by_name", f->recorded_by_name);
	json_kv_str(j, "recorded_at", f->recorded_at);
	json_obj_close(j);
}

void incident_duty_json(struct json *j, const struct incident_duty *d)
{
	json_obj_open(j);
	notification_json(j, &d->n);
	json_key(j, "clocks");
	json_arr_open(j);
	for (size_t i = 0; i < d->n_clocks; i++) {
		const struct incident_clock *c = &d->clocks[i];
		json_obj_open(j);
		json_kv_str(j, "stage", c->stage);
		json_time(j, "due", c->due);
		json_time(j, "done", c->done);
		json_kv_str(j, "state", clock_state_name(c->state));
		json_obj_close(j);
	}
	json_arr_close(j);
	json_time(j, "supplements_until", d->supplements_until);
	json_key(j, "filings");
	json_arr_open(j);
	for (size_t i = 0; i < d->n_filings; i++)
		filing_json(j, &d->filings[i]);
	json_arr_close(j);
	json_obj_close(j);
}

void incident_decision_json(struct json *j, const struct incident_decision *d)
{
	json_obj_open(j);
	json_kv_int(j, "id", d->id);
	json_kv_id(j, "notification_id", d->notification_id);
	json_kv_str(j, "what", d->what);
	json_kv_str(j, "reason", d->reason);
	json_kv_id(j, "decided_by", d->decided_by);
	json_kv_str(j, "decided_by_name", d->decided_by_name);
	json_kv_str(j, "decided_at", d->decided_at);
	json_obj_close(j);
}

void incident_category_json(struct json *j, const struct incident_category *c)
{
	json_obj_open(j);
	json_kv_int(j, "id", c->id);
	json_kv_int(j, "position", c->position);
	json_kv_str(j, "name", c->name);
	json_kv_bool(j, "builtin", c->builtin);
	json_kv_bool(j, "active", c->active);
	json_kv_int(j, "version", c->version);
	json_obj_close(j);
}

void incident_settings_json(struct json *j, const struct incident_settings *s)
{
	json_obj_open(j);
	json_kv_int(j, "org_id", s->org_id);
	json_kv_str(j, "org_name", s->org_name);
	json_kv_bool(j, "public_intake", s->public_intake);
	json_kv_str(j, "controller", s->controller);
	json_kv_str(j, "org_number", s->org_number);
	json_kv_str(j, "contact", s->contact);
	json_kv_int(j, "version", s->version);
	json_obj_close(j);
}

static const char *pair_snapshot(struct arena *a, const char *k1, int64_t v1, const char *k2, int64_t v2)
{
	struct buf b;
	struct json j;
	buf_init(&b, a);
	json_init(&j, &b);
	json_obj_open(&j);
	json_kv_int(&j, k1, v1);
	json_kv_int(&j, k2, v2);
	json_obj_close(&j);
	return b.data;
}

/* --- pieces every write uses ---------------------------------------------------- */

/* The name the log and the filings record for @auth. */
static const char *actor_name(const struct auth *auth)
{
	if (!auth)
		return "system";
	return auth->display_name && *auth->display_name ? auth->display_name : actor_of(auth).name;
}

static int log_decision(struct db *db, struct arena *a, const struct auth *auth, int64_t incident_id,
			int64_t notification_id, const char *what, const char *reason, const char *now, struct err *e)
{
	struct incident_decision d = { 0 };
	int64_t id;
	d.incident_id = incident_id;
	d.notification_id = notification_id;
	d.what = what;
	d.reason = reason;
	d.decided_by = actor_of(auth).id;
	d.decided_by_name = actor_name(auth);
	d.decided_at = now;
	return q_incident_decision_insert(db, a, &d, &id, e);
}

static int receipt_new(struct db *db, struct arena *a, const char **out, struct err *e)
{
	static const char alphabet[] = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
	char r[10];
	bool taken = true;
	int rc;

	if (sodium_init() < 0) {
		err_detail(e, "libsodium could not be initialised");
		return err_set(e, ERR_INTERNAL, NULL, N_("Something went wrong"));
	}
	for (int attempt = 0; taken && attempt < 8; attempt++) {
		for (int i = 0; i < 9; i++)
			r[i] = i == 4 ? '-' : alphabet[randombytes_uniform(32)];
		r[9] = 0;
		if ((rc = q_incident_receipt_taken(db, a, r, &taken, e)))
			return rc;
	}
	if (taken)
		return err_set(e, ERR_INTERNAL, NULL, N_("Something went wrong"));
	*out = arena_strdup(a, r);
	return 0;
}

/* No time later than five minutes from now: a report of what has happened. */
static int not_future(struct err *e, const char *field, const char *iso, time_t now)
{
	if (iso && instant(iso) > now + 300)
		return err_set(e, ERR_INVALID, field, N_("The time is in the future."));
	return 0;
}

static int check_iso(struct err *e, const char *field, const char *iso)
{
	if (iso && !instant(iso))
		return err_set(e, ERR_INVALID, field, N_("Enter a date and time as YYYY-MM-DD HH:MM."));
	return 0;
}

/* --- reporting ------------------------------------------------------------------- */

static int report_in_tx(struct db *db, struct arena *a, const struct auth *auth, const struct incident_input *in,
			const char *source, int64_t reporter_id, const char *name, const char *contact, int64_t *id_out,
			const char **receipt, struct err *e)
{
	struct incident created;
	char now[TIME_ISO_LEN];
	int64_t id;
	int rc;

	time_now_iso(now);
	if ((rc = receipt_new(db, a, receipt, e)) ||
	    (rc = q_incident_insert(db, a, in, source, reporter_id, name, contact, *receipt, now, &id, e)) ||
	    (rc = log_decision(db, a, auth, id, 0, "reported", "", now, e)) ||
	    (rc = incident_get(db, a, id, &created, e)) ||
	    (rc = audit_append(db, a, actor_of(auth), "incident", id, created.unit_id, "create", NULL,
			       incident_json_text(a, &created), e)))
		return rc;
	if (id_out)
		*id_out = id;
	return 0;
}

int incident_report(struct db *db, struct arena *a, const struct auth *auth, const struct incident_report *raw,
		    int64_t *id_out, const char **receipt, struct err *e)
{
	struct incident_input in = { 0 };
	const char *contact = text_trimmed(a, raw->contact);
	time_t now = time_now();
	int rc;

	in.unit_id = raw->unit_id;
	in.title = text_trimmed(a, raw->title);
	in.description = text_trimmed(a, raw->description);
	in.occurred_at = raw->occurred_at;
	in.discovered_at = raw->discovered_at;
	if (in.unit_id) {
		struct unit u;
		rc = unit_get(db, a, in.unit_id, &u, e);
		/* A unit the reporter has no role on is treated as one that does not exist. */
		if (rc == ERR_NOTFOUND || (!rc && !authz_may_reference(auth, ACCESS_READ, u.path, 0)))
			return err_set(e, ERR_INVALID, "unit_id", N_("Choose the unit from the list."));
		if (rc)
			return rc;
	} else if (auth && !auth->system && auth->n_grants > 0) {
		return err_set(e, ERR_INVALID, "unit_id", N_("Choose the unit where it happened."));
	}
	if ((rc = check_text(e, "title", in.title, 200, true)) ||
	    (rc = check_text(e, "description", in.description, 10000, false)) ||
	    (rc = check_text(e, "contact", contact, 200, false)) ||
	    (rc = check_iso(e, "occurred_at", in.occurred_at)) ||
	    (rc = check_iso(e, "discovered_at", in.discovered_at)) ||
	    (rc = not_future(e, "occurred_at", in.occurred_at, now)) ||
	    (rc = not_future(e, "discovered_at", in.discovered_at, now)))
		return rc;
	if (in.occurred_at && in.discovered_at && strcmp(in.discovered_at, in.occurred_at) < 0)
		return err_set(e, ERR_INVALID, "discovered_at",
			       N_("It cannot have been discovered before it happened."));
	if ((rc = db_begin(db, e)))
		return rc;
	return db_end(db,
		      report_in_tx(db, a, auth, &in, "user", actor_of(auth).id, actor_name(auth), contact, id_out,
				   receipt, e),
		      e);
}

/* An e-mail address as far as a form can tell: one @, something on either side, a dot after it, no spaces. */
static bool email_ok(const char *s)
{
	const char *at = strchr(s, '@');
	return at && at != s && !strchr(at + 1, '@') && strchr(at + 1, '.') && at[1] != '.' &&
	       s[strlen(s) - 1] != '.' && !strpbrk(s, " \t\r\n<>\"'");
}

/* The first line of @text, at most 80 characters, as the title of a public report. */
static const char *first_line(struct arena *a, const char *text)
{
	const char *end = strpbrk(text, "\r\n");
	size_t len = end ? (size_t)(end - text) : strlen(text);
	char *s = arena_strndup(a, text, len);
	size_t chars = 0, i = 0;
	for (; s[i]; i++) {
		if (((unsigned char)s[i] & 0xC0) != 0x80 && ++chars > 80)
			break;
	}
	if (s[i]) {
		s[i] = 0;
		return arena_printf(a, "%s…", s);
	}
	return s;
}

static const struct auth public_form = AUTH_SYSTEM("public form");

int incident_report_public(struct db *db, struct arena *a, int64_t org_id, const char *addr,
			   const struct incident_public_report *raw, const char **receipt, struct err *e)
{
	struct incident_settings s;
	struct incident_input in = { 0 };
	const char *name = text_trimmed(a, raw->name), *email = text_trimmed(a, raw->email),
		   *phone = text_trimmed(a, raw->phone);
	const char *description = text_trimmed(a, raw->description);
	unsigned char h[crypto_hash_sha256_BYTES];
	char key[crypto_hash_sha256_BYTES * 2 + 1], now[TIME_ISO_LEN];
	struct buf contact;
	int64_t count = 0;
	int rc;

	rc = q_incident_settings_get(db, a, org_id, &s, e);
	if (rc == ERR_NOTFOUND || (!rc && !s.public_intake))
		return err_set(e, ERR_NOTFOUND, NULL, N_("There is no page at this address."));
	if (rc)
		return rc;
	if ((rc = check_text(e, "description", description, 5000, true)) ||
	    (rc = check_text(e, "name", name, 200, false)) || (rc = check_text(e, "email", email, 200, false)) ||
	    (rc = check_text(e, "phone", phone, 50, false)))
		return rc;
	if (*email && !email_ok(email))
		return err_set(e, ERR_INVALID, "email", N_("This does not look like an e-mail address."));
	buf_init(&contact, a);
	buf_adds(&contact, email);
	if (*email && *phone)
		buf_adds(&contact, ", ");
	buf_adds(&contact, phone);
	in.unit_id = s.org_id;
	in.title = first_line(a, description);
	in.description = description;
	/* The throttle keeps a hash of the address, not the address. */
	crypto_hash_sha256(h, (const unsigned char *)(addr ? addr : ""), addr ? strlen(addr) : 0);
	sodium_bin2hex(key, sizeof(key), h, sizeof(h));
	time_now_iso(now);
	if ((rc = db_begin(db, e)))
		return rc;
	rc = q_incident_intake_count(db, a, key, now, iso_of(a, time_now() - 3600), &count, e);
	if (!rc && count > INCIDENT_PUBLIC_PER_HOUR)
		rc = err_set1(e, ERR_THROTTLED, NULL,
			      N_("Too many reports from this address. Try again in %s seconds, or call us."), "3600");
	if (!rc)
		rc = report_in_tx(db, a, &public_form, &in, "public", 0, name, buf_cstr(&contact), NULL, receipt, e);
	return db_end(db, rc, e);
}

/* --- duties and clocks ----------------------------------------------------------- */

/* The first filing of @stage among @d's filings (any stage when @stage is NULL), 0 when none. */
static time_t first_filed(const struct incident_duty *d, const char *stage)
{
	time_t best = 0;
	for (size_t i = 0; i < d->n_filings; i++) {
		time_t t = instant(d->filings[i].filed_at);
		if ((!stage || !strcmp(d->filings[i].stage, stage)) && t && (!best || t < best))
			best = t;
	}
	return best;
}

static void add_clock(struct incident_duty *d, const char *stage, const char *label, const char *rule, time_t due,
		      time_t done, enum clock_state state)
{
	struct incident_clock *c = &d->clocks[d->n_clocks++];
	c->stage = stage;
	c->label = label;
	c->rule = rule;
	c->due = due;
	c->done = done;
	c->state = state;
}

/* A clock that counts from @start (0: it has not started) to @due. */
static enum clock_state counting(time_t start, time_t due, time_t done, bool no, time_t now)
{
	if (!no && !done && !start)
		return CLOCK_WAITING;
	return clock_state_at(due, done, no, now);
}

void incident_duty_clocks(const struct incident *inc, struct incident_duty *d, time_t now)
{
	const char *regime = d->n.regime;
	bool no = d->n.decision && !strcmp(d->n.decision, "no");
	time_t aware = instant(inc->aware_at);
	time_t done;

	d->n_clocks = 0;
	d->supplements_until = 0;
	if (!strcmp(regime, "gdpr33")) {
		/* REQ: GDPR-33.1 72h, stopped by the first report or a decision that there is no risk */
		time_t due = aware ? deadline_gdpr33(aware) : 0;
		done = first_filed(d, "initial");
		add_clock(d, "initial", N_("Notification to IMY"),
			  N_("GDPR Art. 33(1): no later than 72 hours after becoming aware"), due, done,
			  counting(aware, due, done, no, now));
		if (done)
			d->supplements_until = deadline_imy_supplements(done);
	} else if (!strcmp(regime, "gdpr34")) {
		/* REQ: GDPR-34.1 without undue delay, when the risk is high (decided "yes") */
		done = first_filed(d, "communication");
		add_clock(d, "communication", N_("Information to the data subjects"),
			  N_("GDPR Art. 34(1): without undue delay when the breach is likely to result in a high risk"),
			  0, done,
			  !no && !done && strcmp(d->n.decision, "yes") ? CLOCK_WAITING
								       : clock_state_at(0, done, no, now));
	} else if (!strcmp(regime, "csirt")) {
		time_t early = aware ? deadline_csirt_early_warning(aware) : 0;
		time_t notif = aware ? deadline_csirt_notification(aware) : 0;
		time_t notified = first_filed(d, "notification");
		time_t final_due = notified ? deadline_csirt_final(notified) : 0;
		done = first_filed(d, "early_warning");
		/* REQ: NIS2-23.4.a 24h */
		add_clock(d, "early_warning", N_("Early warning"),
			  N_("NIS2 Art. 23(4)(a): within 24 hours of becoming aware"), early, done,
			  counting(aware, early, done, no, now));
		/* REQ: NIS2-23.4.b 72h */
		add_clock(d, "notification", N_("Incident notification"),
			  N_("NIS2 Art. 23(4)(b): within 72 hours of becoming aware"), notif, notified,
			  counting(aware, notif, notified, no, now));
		/* REQ: NIS2-23.4.d one month after the notification */
		done = first_filed(d, "final");
		add_clock(d, "final", N_("Final report"),
			  N_("NIS2 Art. 23(4)(d): no later than one month after the incident notification"), final_due,
			  done, counting(notified, final_due, done, no, now));
	} else {
		time_t due = instant(d->n.due_at);
		done = first_filed(d, NULL);
		add_clock(d, "initial", N_("Notification"), N_("The time set for this recipient"), due, done,
			  clock_state_at(due, done, no, now));
	}
	/* A report still in triage, or closed there, has no running clock. */
	if (strcmp(inc->state, "incident"))
		for (size_t i = 0; i < d->n_clocks; i++)
			if (clock_is_open(d->clocks[i].state))
				d->clocks[i].state = CLOCK_WAITING;
}

int incident_duties(struct db *db, struct arena *a, const struct incident *inc, time_t now, struct incident_duty **out,
		    size_t *n, struct err *e)
{
	struct incident_notification *ns;
	struct incident_filing *fs;
	size_t n_ns, n_fs;
	int rc;

	if ((rc = q_incident_notifications(db, a, inc->id, &ns, &n_ns, e)) ||
	    (rc = q_incident_filings(db, a, inc->id, &fs, &n_fs, e)))
		return rc;
	*out = arena_calloc(a, n_ns ? n_ns : 1, sizeof(**out));
	for (size_t i = 0; i < n_ns; i++) {
		struct incident_duty *d = &(*out)[i];
		size_t k = 0;
		d->n = ns[i];
		/* Filings come ordered by duty: take the run of this one's. */
		while (k < n_fs && fs[k].notification_id != ns[i].id)
			k++;
		d->filings = &fs[k];
		d->n_filings = 0;
		while (k + d->n_filings < n_fs && fs[k + d->n_filings].notification_id == ns[i].id)
			d->n_filings++;
		incident_duty_clocks(inc, d, now);
	}
	*n = n_ns;
	return 0;
}

time_t incident_next_due(const struct incident_duty *duties, size_t n)
{
	time_t best = 0;
	for (size_t i = 0; i < n; i++)
		for (size_t c = 0; c < duties[i].n_clocks; c++) {
			const struct incident_clock *cl = &duties[i].clocks[c];
			if ((cl->state == CLOCK_RUNNING || cl->state == CLOCK_MISSED) && cl->due &&
			    (!best || cl->due < best))
				best = cl->due;
		}
	return best;
}

/* Store the earliest running deadline of @inc (as it is after the write). */
static int refresh_due(struct db *db, struct arena *a, const struct incident *inc, struct err *e)
{
	struct incident_duty *duties;
	size_t n;
	time_t next;
	int rc = incident_duties(db, a, inc, time_now(), &duties, &n, e);
	if (rc)
		return rc;
	next = incident_next_due(duties, n);
	return q_incident_set_due(db, a, inc->id, next ? iso_of(a, next) : NULL, e);
}

/* The duties the kinds of @inc bring, created when missing (never removed: their history stays). */
static int ensure_duties(struct db *db, struct arena *a, const struct incident *inc, const char *now, struct err *e)
{
	struct incident_notification *ns;
	size_t n;
	bool has[INCIDENT_REGIME_COUNT] = { false };
	int64_t id;
	int rc;

	if (strcmp(inc->state, "incident"))
		return 0;
	if ((rc = q_incident_notifications(db, a, inc->id, &ns, &n, e)))
		return rc;
	for (size_t i = 0; i < n; i++) {
		int k = incident_enum(incident_regimes, INCIDENT_REGIME_COUNT, ns[i].regime);
		if (k >= 0)
			has[k] = true;
	}
	if (inc->kind_breach && !has[0] &&
	    (rc = q_incident_notification_insert(db, a, inc->id, "gdpr33", "", NULL, now, &id, e)))
		return rc;
	if (inc->kind_breach && !has[1] &&
	    (rc = q_incident_notification_insert(db, a, inc->id, "gdpr34", "", NULL, now, &id, e)))
		return rc;
	if (inc->kind_significant && !has[2] &&
	    (rc = q_incident_notification_insert(db, a, inc->id, "csirt", "", NULL, now, &id, e)))
		return rc;
	return 0;
}

/* "breach,significant": the kinds of @k joined. */
static const char *kinds_text(struct arena *a, const bool k[INCIDENT_KIND_COUNT])
{
	struct buf b;
	buf_init(&b, a);
	for (size_t i = 0; i < INCIDENT_KIND_COUNT; i++)
		if (k[i]) {
			if (b.len)
				buf_addch(&b, ',');
			buf_adds(&b, incident_kinds[i]);
		}
	return buf_cstr(&b);
}

/* --- triage -------------------------------------------------------------------------- */

static const char *const conflict_msg = N_(
	"Someone else has changed this incident since you opened it. Their version is shown; your changes are kept in the form.");

static int stale(struct db *db, struct arena *a, const struct incident *before, int64_t version,
		 struct incident *current, struct err *e)
{
	if (current) {
		if (before->version != version)
			*current = *before;
		else if (incident_get(db, a, before->id, current, e))
			current->id = 0;
	}
	return err_set(e, ERR_CONFLICT, "version", conflict_msg);
}

static int triage_in_tx(struct db *db, struct arena *a, const struct auth *auth, const struct incident *before,
			int64_t version, bool promote, const bool kinds[INCIDENT_KIND_COUNT], const char *reason,
			struct incident *current, struct err *e)
{
	struct incident after = *before;
	char now[TIME_ISO_LEN];
	bool none[INCIDENT_KIND_COUNT] = { false };
	const bool *k = promote ? kinds : none;
	int rc;

	time_now_iso(now);
	if (before->version != version)
		return stale(db, a, before, version, current, e);
	after.state = promote ? "incident" : "dismissed";
	after.status = promote ? "investigating" : "closed";
	after.kind_security = k[0];
	after.kind_breach = k[1];
	after.kind_it = k[2];
	after.kind_significant = k[3];
	rc = q_incident_triage(db, a, before->id, version, after.state, after.status, k, now, e);
	if (rc == ERR_CONFLICT)
		return stale(db, a, before, version, current, e);
	after.version = before->version + 1;
	after.updated_at = now;
	if (rc || (rc = log_decision(db, a, auth, before->id, 0, promote ? "promoted" : "dismissed", reason, now, e)) ||
	    (promote && (rc = log_decision(db, a, auth, before->id, 0, arena_printf(a, "kinds:%s", kinds_text(a, k)),
					   "", now, e))) ||
	    (rc = ensure_duties(db, a, &after, now, e)) || (rc = refresh_due(db, a, &after, e)))
		return rc;
	return audit_append(db, a, actor_of(auth), "incident", before->id, before->unit_id, "update",
			    incident_json_text(a, before), incident_json_text(a, &after), e);
}

int incident_triage(struct db *db, struct arena *a, const struct auth *auth, const struct incident *before,
		    int64_t version, const char *decision, const bool kinds[INCIDENT_KIND_COUNT], const char *reason,
		    struct incident *current, struct err *e)
{
	bool promote, any = false;
	const char *why = text_trimmed(a, reason);
	int rc;

	if (!decision || (strcmp(decision, "incident") && strcmp(decision, "dismiss")))
		return err_set(e, ERR_INVALID, "decision", N_("Choose whether it is an incident or is closed."));
	if (strcmp(before->state, "triage"))
		return err_set(e, ERR_INVALID, "decision", N_("This report has already been decided."));
	promote = !strcmp(decision, "incident");
	for (size_t i = 0; i < INCIDENT_KIND_COUNT; i++)
		any = any || kinds[i];
	if (promote && !any)
		return err_set(e, ERR_INVALID, "kinds", N_("Choose at least one kind of incident."));
	if ((rc = check_text(e, "reason", why, 5000, !promote)))
		return rc;
	if ((rc = db_begin(db, e)))
		return rc;
	return db_end(db, triage_in_tx(db, a, auth, before, version, promote, kinds, why, current, e), e);
}

/* --- changes to the record ---------------------------------------------------------------- */

static struct incident_input clean_input(struct arena *a, const struct incident_input *raw)
{
	struct incident_input c = *raw;
	c.title = text_trimmed(a, raw->title);
	c.description = text_trimmed(a, raw->description);
	c.severity = raw->severity ? raw->severity : "";
	c.subject_categories = text_trimmed(a, raw->subject_categories);
	c.data_kinds = text_trimmed(a, raw->data_kinds);
	c.consequences = text_trimmed(a, raw->consequences);
	c.measures = text_trimmed(a, raw->measures);
	c.cause = text_trimmed(a, raw->cause);
	c.indicators = text_trimmed(a, raw->indicators);
	c.secrecy = text_trimmed(a, raw->secrecy);
	c.lessons = text_trimmed(a, raw->lessons);
	return c;
}

static int check_times(struct err *e, const struct incident_input *in, time_t now)
{
	int rc;
	if ((rc = check_iso(e, "occurred_at", in->occurred_at)) ||
	    (rc = check_iso(e, "discovered_at", in->discovered_at)) || (rc = check_iso(e, "aware_at", in->aware_at)) ||
	    (rc = check_iso(e, "ended_at", in->ended_at)) ||
	    (rc = not_future(e, "occurred_at", in->occurred_at, now)) ||
	    (rc = not_future(e, "discovered_at", in->discovered_at, now)) ||
	    (rc = not_future(e, "aware_at", in->aware_at, now)))
		return rc;
	if (in->occurred_at) {
		if (in->aware_at && strcmp(in->aware_at, in->occurred_at) < 0)
			return err_set(e, ERR_INVALID, "aware_at",
				       N_("The time you became aware of it cannot be before the time it happened."));
		if (in->discovered_at && strcmp(in->discovered_at, in->occurred_at) < 0)
			return err_set(e, ERR_INVALID, "discovered_at",
				       N_("It cannot have been discovered before it happened."));
		if (in->ended_at && strcmp(in->ended_at, in->occurred_at) < 0)
			return err_set(e, ERR_INVALID, "ended_at", N_("It cannot have ended before it happened."));
	}
	return 0;
}

/* Check @in for @before as @auth; fill in @after's looked-up names (unit, category). */
static int check_input(struct db *db, struct arena *a, const struct auth *auth, const struct incident_input *in,
		       const struct incident *before, const char *status_reason, struct incident *after, struct err *e)
{
	int rc, from, to;

	if ((rc = check_text(e, "title", in->title, 300, true)) ||
	    (rc = check_text(e, "description", in->description, 20000, false)) ||
	    (rc = check_text(e, "subject_categories", in->subject_categories, 2000, false)) ||
	    (rc = check_text(e, "data_kinds", in->data_kinds, 2000, false)) ||
	    (rc = check_text(e, "consequences", in->consequences, 10000, false)) ||
	    (rc = check_text(e, "measures", in->measures, 10000, false)) ||
	    (rc = check_text(e, "cause", in->cause, 10000, false)) ||
	    (rc = check_text(e, "indicators", in->indicators, 10000, false)) ||
	    (rc = check_text(e, "secrecy", in->secrecy, 5000, false)) ||
	    (rc = check_text(e, "lessons", in->lessons, 20000, false)))
		return rc;
	if (in->unit_id != before->unit_id) {
		struct unit u;
		if (!in->unit_id)
			return err_set(e, ERR_INVALID, "unit_id", N_("Choose the unit the incident belongs to."));
		rc = unit_get(db, a, in->unit_id, &u, e);
		if (rc == ERR_NOTFOUND)
			return err_set(e, ERR_INVALID, "unit_id", N_("No such unit."));
		if (rc)
			return rc;
		if (!authz_may_reference(auth, ACCESS_HANDLE, u.path, 0))
			return err_set(e, ERR_FORBIDDEN, "unit_id",
				       N_("Your roles do not give access to the destination unit."));
		after->unit_name = u.name;
		after->unit_path = u.path;
	}
	if (in->category_id != before->category_id) {
		after->category_name = NULL;
		after->category_builtin = false;
		if (in->category_id) {
			struct incident_category c;
			rc = q_incident_category_get(db, a, in->category_id, &c, e);
			if (rc == ERR_NOTFOUND || (!rc && !c.active))
				return err_set(e, ERR_INVALID, "category_id", N_("Choose a category from the list."));
			if (rc)
				return rc;
			after->category_name = c.name;
			after->category_builtin = c.builtin;
		}
	}
	if (incident_enum(incident_severities, INCIDENT_SEVERITY_COUNT, in->severity) < 0)
		return err_set(e, ERR_INVALID, "severity", N_("Unknown severity: use low, medium, high or critical."));
	if ((to = incident_enum(incident_statuses, INCIDENT_STATUS_COUNT, in->status)) < 0)
		return err_set(e, ERR_INVALID, "status",
			       N_("Unknown status: use reported, investigating, resolved or closed."));
	from = incident_enum(incident_statuses, INCIDENT_STATUS_COUNT, before->status);
	if (to < from && str_blank(status_reason))
		return err_set(e, ERR_INVALID, "status_reason",
			       N_("Moving the status back needs a reason, for the log of decisions."));
	if ((rc = check_text(e, "status_reason", status_reason, 5000, false)))
		return rc;
	if (in->subjects_approx < -1)
		return err_set(e, ERR_INVALID, "subjects_approx", N_("Must be a whole number, zero or more."));
	if (in->records_approx < -1)
		return err_set(e, ERR_INVALID, "records_approx", N_("Must be a whole number, zero or more."));
	return check_times(e, in, time_now());
}

static void apply_input(struct incident *after, const struct incident_input *in)
{
	after->unit_id = in->unit_id;
	after->kind_security = in->kind_security;
	after->kind_breach = in->kind_breach;
	after->kind_it = in->kind_it;
	after->kind_significant = in->kind_significant;
	after->category_id = in->category_id;
	after->title = in->title;
	after->description = in->description;
	after->occurred_at = in->occurred_at;
	after->discovered_at = in->discovered_at;
	after->aware_at = in->aware_at;
	after->ended_at = in->ended_at;
	after->severity = in->severity;
	after->aspect_c = in->aspect_c;
	after->aspect_i = in->aspect_i;
	after->aspect_a = in->aspect_a;
	after->aspect_t = in->aspect_t;
	after->subject_categories = in->subject_categories;
	after->subjects_approx = in->subjects_approx;
	after->records_approx = in->records_approx;
	after->data_kinds = in->data_kinds;
	after->consequences = in->consequences;
	after->measures = in->measures;
	after->cause = in->cause;
	after->malicious = in->malicious;
	after->cross_border = in->cross_border;
	after->indicators = in->indicators;
	after->secrecy = in->secrecy;
	after->lessons = in->lessons;
	after->status = in->status;
}

static int update_in_tx(struct db *db, struct arena *a, const struct auth *auth, const struct incident *before,
			int64_t version, const struct incident_input *in, const char *status_reason,
			struct incident *current, struct err *e)
{
	struct incident after = *before;
	bool kb[INCIDENT_KIND_COUNT], ka[INCIDENT_KIND_COUNT];
	char now[TIME_ISO_LEN];
	int rc;

	time_now_iso(now);
	if (before->version != version)
		return stale(db, a, before, version, current, e);
	if ((rc = check_input(db, a, auth, in, before, status_reason, &after, e)))
		return rc;
	rc = q_incident_update(db, a, before->id, version, in, now, e);
	if (rc == ERR_CONFLICT)
		return stale(db, a, before, version, current, e);
	if (rc)
		return rc;
	apply_input(&after, in);
	after.version = before->version + 1;
	after.updated_at = now;
	incident_kind_flags(before, kb);
	incident_kind_flags(&after, ka);
	if (strcmp(before->status, after.status) &&
	    (rc = log_decision(db, a, auth, before->id, 0, arena_printf(a, "status:%s", after.status), status_reason,
			       now, e)))
		return rc;
	if (memcmp(kb, ka, sizeof(kb)) &&
	    (rc = log_decision(db, a, auth, before->id, 0, arena_printf(a, "kinds:%s", kinds_text(a, ka)), "", now, e)))
		return rc;
	if ((rc = ensure_duties(db, a, &after, now, e)) || (rc = refresh_due(db, a, &after, e)))
		return rc;
	return audit_append(db, a, actor_of(auth), "incident", before->id, after.unit_id, "update",
			    incident_json_text(a, before), incident_json_text(a, &after), e);
}

int incident_update(struct db *db, struct arena *a, const struct auth *auth, const struct incident *before,
		    int64_t version, const struct incident_input *raw, const char *status_reason,
		    struct incident *current, struct err *e)
{
	struct incident_input in = clean_input(a, raw);
	const char *why = text_trimmed(a, status_reason);
	int rc = db_begin(db, e);
	if (rc)
		return rc;
	return db_end(db, update_in_tx(db, a, auth, before, version, &in, why, current, e), e);
}

/* --- the decision log ------------------------------------------------------------------ */

int incident_decision_add(struct db *db, struct arena *a, const struct auth *auth, const struct incident *inc,
			  const char *reason, struct err *e)
{
	const char *why = text_trimmed(a, reason);
	char now[TIME_ISO_LEN];
	int rc;

	if ((rc = check_text(e, "reason", why, 5000, true)))
		return rc;
	time_now_iso(now);
	if ((rc = db_begin(db, e)))
		return rc;
	rc = log_decision(db, a, auth, inc->id, 0, "note", why, now, e);
	if (!rc) {
		struct buf b;
		struct json j;
		buf_init(&b, a);
		json_init(&j, &b);
		json_obj_open(&j);
		json_kv_int(&j, "incident_id", inc->id);
		json_kv_str(&j, "reason", why);
		json_obj_close(&j);
		rc = audit_append(db, a, actor_of(auth), "incident_decision", inc->id, inc->unit_id, "create", NULL,
				  b.data, e);
	}
	return db_end(db, rc, e);
}

int incident_decisions(struct db *db, struct arena *a, int64_t id, struct incident_decision **out, size_t *n,
		       struct err *e)
{
	return q_incident_decisions(db, a, id, out, n, e);
}

/* --- affected assets ------------------------------------------------------------------ */

int incident_asset_add(struct db *db, struct arena *a, const struct auth *auth, const struct incident *inc,
		       int64_t asset_id, struct err *e)
{
	struct asset as;
	char now[TIME_ISO_LEN];
	int rc;

	if (asset_id <= 0)
		return err_set(e, ERR_INVALID, "asset_id", N_("Choose the asset."));
	if ((rc = db_begin(db, e)))
		return rc;
	time_now_iso(now);
	rc = asset_get(db, a, asset_id, &as, e);
	/* An asset the user does not see is treated as one that does not exist. */
	if (rc == ERR_NOTFOUND || (!rc && !authz_may_reference(auth, ACCESS_READ, as.unit_path, 0)))
		rc = err_set(e, ERR_INVALID, "asset_id", N_("No such asset."));
	if (!rc) {
		rc = q_incident_asset_insert(db, a, inc->id, asset_id, actor_of(auth).id, now, e);
		if (rc == ERR_EXISTS)
			rc = err_set(e, ERR_EXISTS, "asset_id", N_("This asset is already recorded."));
	}
	if (!rc)
		rc = audit_append(db, a, actor_of(auth), "incident_asset", inc->id, inc->unit_id, "create", NULL,
				  pair_snapshot(a, "incident_id", inc->id, "asset_id", asset_id), e);
	return db_end(db, rc, e);
}

int incident_asset_remove(struct db *db, struct arena *a, const struct auth *auth, const struct incident *inc,
			  int64_t asset_id, struct err *e)
{
	int rc = db_begin(db, e);
	if (rc)
		return rc;
	rc = q_incident_asset_delete(db, a, inc->id, asset_id, e);
	if (rc == ERR_NOTFOUND)
		rc = err_set(e, ERR_NOTFOUND, "asset_id", N_("The asset is not recorded for this incident."));
	if (!rc)
		rc = audit_append(db, a, actor_of(auth), "incident_asset", inc->id, inc->unit_id, "delete",
				  pair_snapshot(a, "incident_id", inc->id, "asset_id", asset_id), NULL, e);
	return db_end(db, rc, e);
}

int incident_assets(struct db *db, struct arena *a, int64_t id, struct asset **out, size_t *n, struct err *e)
{
	int64_t *ids;
	size_t n_ids;
	int rc = q_incident_asset_ids(db, a, id, &ids, &n_ids, e);
	if (rc)
		return rc;
	*out = arena_calloc(a, n_ids ? n_ids : 1, sizeof(**out));
	*n = 0;
	for (size_t i = 0; i < n_ids; i++) {
		rc = asset_get(db, a, ids[i], &(*out)[*n], e);
		if (rc == ERR_NOTFOUND) {
			err_clear(e);
			continue;
		}
		if (rc)
			return rc;
		(*n)++;
	}
	return 0;
}

bool incident_enhanced_protection(const struct auth *auth, const struct asset *assets, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		const struct asset *as = &assets[i];
		if (!as->classification_id || (auth && !authz_may_reference(auth, ACCESS_READ, as->unit_path, 0)))
			continue;
		if (as->c_level >= 2 || as->i_level >= 2 || as->a_level >= 2 || as->t_level >= 2)
			return true;
	}
	return false;
}

/* --- notification duties ---------------------------------------------------------------- */

/* The duty @id of @inc with its filings and clocks, in *out. ERR_NOTFOUND when it is not one of them. */
static int duty_of(struct db *db, struct arena *a, const struct incident *inc, int64_t id, struct incident_duty *out,
		   struct err *e)
{
	struct incident_duty *ds;
	size_t n;
	int rc = incident_duties(db, a, inc, time_now(), &ds, &n, e);
	if (rc)
		return rc;
	for (size_t i = 0; i < n; i++)
		if (ds[i].n.id == id) {
			*out = ds[i];
			return 0;
		}
	return err_set(e, ERR_NOTFOUND, "notification_id", N_("No such notification duty."));
}

int incident_duty_add(struct db *db, struct arena *a, const struct auth *auth, const struct incident *inc,
		      const char *recipient, const char *due_at, int64_t *id_out, struct err *e)
{
	const char *who = text_trimmed(a, recipient);
	struct incident_notification n = { 0 };
	char now[TIME_ISO_LEN];
	int64_t id;
	int rc;

	if ((rc = check_text(e, "recipient", who, 200, true)) || (rc = check_iso(e, "due_at", due_at)))
		return rc;
	if (strcmp(inc->state, "incident"))
		return err_set(e, ERR_INVALID, "recipient", N_("Decide the report in triage first."));
	time_now_iso(now);
	if ((rc = db_begin(db, e)))
		return rc;
	rc = q_incident_notification_insert(db, a, inc->id, "other", who, due_at, now, &id, e);
	if (!rc) {
		n.id = id;
		n.incident_id = inc->id;
		n.regime = "other";
		n.recipient = who;
		n.due_at = due_at;
		n.decision = "pending";
		n.version = 1;
		rc = refresh_due(db, a, inc, e);
	}
	if (!rc)
		rc = audit_append(db, a, actor_of(auth), "incident_notification", id, inc->unit_id, "create", NULL,
				  notification_json_text(a, &n), e);
	if (!rc && id_out)
		*id_out = id;
	return db_end(db, rc, e);
}

static const char *const duty_conflict_msg =
	N_("Someone else has changed this notification duty since you opened it. Their version is shown.");

static int decide_in_tx(struct db *db, struct arena *a, const struct auth *auth, const struct incident *inc,
			int64_t duty_id, int64_t version, const struct incident_notification_input *in,
			struct incident_notification *current, struct err *e)
{
	struct incident_duty d;
	struct incident_notification after;
	struct incident_notification_input c = *in;
	char now[TIME_ISO_LEN];
	bool changed;
	int rc;

	time_now_iso(now);
	if ((rc = duty_of(db, a, inc, duty_id, &d, e)))
		return rc;
	if (d.n.version != version) {
		if (current)
			*current = d.n;
		return err_set(e, ERR_CONFLICT, "version", duty_conflict_msg);
	}
	if (strcmp(d.n.regime, "other")) {
		c.recipient = d.n.recipient;
		c.due_at = NULL;
	} else if ((rc = check_text(e, "recipient", c.recipient, 200, true)) ||
		   (rc = check_iso(e, "due_at", c.due_at))) {
		return rc;
	}
	changed = strcmp(d.n.decision, c.decision) != 0;
	rc = q_incident_notification_update(db, a, duty_id, version, &c, changed ? actor_of(auth).id : d.n.decided_by,
					    changed ? now : d.n.decided_at, now, e);
	if (rc == ERR_CONFLICT) {
		if (current && !duty_of(db, a, inc, duty_id, &d, e))
			*current = d.n;
		return err_set(e, ERR_CONFLICT, "version", duty_conflict_msg);
	}
	if (rc)
		return rc;
	after = d.n;
	after.decision = c.decision;
	after.reason = c.reason;
	after.case_ref = c.case_ref;
	after.delay_reason = c.delay_reason;
	after.recipient = c.recipient;
	after.due_at = c.due_at;
	after.version = d.n.version + 1;
	if (changed) {
		after.decided_by = actor_of(auth).id;
		after.decided_at = now;
		if ((rc = log_decision(db, a, auth, inc->id, duty_id, arena_printf(a, "decision:%s", c.decision),
				       c.reason, now, e)))
			return rc;
	}
	if ((rc = refresh_due(db, a, inc, e)))
		return rc;
	return audit_append(db, a, actor_of(auth), "incident_notification", duty_id, inc->unit_id, "update",
			    notification_json_text(a, &d.n), notification_json_text(a, &after), e);
}

int incident_duty_decide(struct db *db, struct arena *a, const struct auth *auth, const struct incident *inc,
			 int64_t duty_id, int64_t version, const struct incident_notification_input *raw,
			 struct incident_notification *current, struct err *e)
{
	struct incident_notification_input in = *raw;
	int rc;

	in.decision = raw->decision && *raw->decision ? raw->decision : "pending";
	in.reason = text_trimmed(a, raw->reason);
	in.case_ref = text_trimmed(a, raw->case_ref);
	in.delay_reason = text_trimmed(a, raw->delay_reason);
	in.recipient = text_trimmed(a, raw->recipient);
	if (strcmp(in.decision, "pending") && strcmp(in.decision, "yes") && strcmp(in.decision, "no"))
		return err_set(e, ERR_INVALID, "decision", N_("Choose whether the duty applies: yes, no or pending."));
	/* REQ: GDPR-33.5 a breach that is not notified is documented with the reason */
	if (!strcmp(in.decision, "no") && !*in.reason)
		return err_set(e, ERR_INVALID, "reason",
			       N_("Say why the duty does not apply: the reason is kept in the log of decisions."));
	if ((rc = check_text(e, "reason", in.reason, 5000, false)) ||
	    (rc = check_text(e, "case_ref", in.case_ref, 200, false)) ||
	    (rc = check_text(e, "delay_reason", in.delay_reason, 5000, false)))
		return rc;
	if (strcmp(inc->state, "incident"))
		return err_set(e, ERR_INVALID, "decision", N_("Decide the report in triage first."));
	if ((rc = db_begin(db, e)))
		return rc;
	return db_end(db, decide_in_tx(db, a, auth, inc, duty_id, version, &in, current, e), e);
}

static bool once_only(const char *stage)
{
	return strcmp(stage, "supplement") && strcmp(stage, "intermediate") && strcmp(stage, "progress");
}

static int filing_in_tx(struct db *db, struct arena *a, const struct auth *auth, const struct incident *inc,
			int64_t duty_id, const struct incident_filing_input *in, int64_t *id_out, struct err *e)
{
	struct incident_duty d;
	struct incident_filing f = { 0 };
	const char *const *stages;
	bool ok = false;
	time_t filed, aware = instant(inc->aware_at);
	char now[TIME_ISO_LEN];
	int64_t id;
	int rc;

	time_now_iso(now);
	if ((rc = duty_of(db, a, inc, duty_id, &d, e)))
		return rc;
	stages = incident_regime_stages(d.n.regime);
	for (size_t i = 0; stages[i]; i++)
		ok = ok || !strcmp(stages[i], in->stage);
	if (!ok)
		return err_set(e, ERR_INVALID, "stage", N_("This notification duty has no such step."));
	if (!strcmp(d.n.decision, "no"))
		return err_set(e, ERR_INVALID, "stage",
			       N_("The duty was decided not to apply: change the decision before recording a filing."));
	if (!in->filed_at || !(filed = instant(in->filed_at)))
		return err_set(e, ERR_INVALID, "filed_at", N_("Enter when it was filed, as YYYY-MM-DD HH:MM."));
	if ((rc = not_future(e, "filed_at", in->filed_at, time_now())))
		return rc;
	if (aware && filed < aware)
		return err_set(e, ERR_INVALID, "filed_at",
			       N_("A notification cannot be filed before you became aware of the incident."));
	if (once_only(in->stage) && first_filed(&d, in->stage))
		return err_set(e, ERR_INVALID, "stage", N_("This step has already been recorded."));
	if ((!strcmp(in->stage, "supplement") || (!strcmp(in->stage, "final") && strcmp(d.n.regime, "csirt"))) &&
	    !first_filed(&d, "initial"))
		return err_set(e, ERR_INVALID, "stage",
			       N_("Record the first report before a supplement or final report."));
	/* REQ: NIS2-23.4.d the final report follows the incident notification */
	if (!strcmp(d.n.regime, "csirt") && !strcmp(in->stage, "final") && !first_filed(&d, "notification"))
		return err_set(e, ERR_INVALID, "stage",
			       N_("Record the incident notification before the final report."));
	/* REQ: GDPR-33.1 a notification later than 72 hours is accompanied by the reasons for the delay */
	if (!strcmp(d.n.regime, "gdpr33") && !strcmp(in->stage, "initial") && aware && filed > deadline_gdpr33(aware) &&
	    str_blank(in->delay_reason) && str_blank(d.n.delay_reason))
		return err_set(
			e, ERR_INVALID, "delay_reason",
			N_("The notification is later than 72 hours after you became aware: give the reasons for the delay."));
	if ((rc = check_text(e, "reference", in->reference, 200, false)) ||
	    (rc = check_text(e, "note", in->note, 5000, false)) ||
	    (rc = check_text(e, "delay_reason", in->delay_reason, 5000, false)))
		return rc;
	f.notification_id = duty_id;
	f.stage = in->stage;
	f.filed_at = in->filed_at;
	f.reference = text_trimmed(a, in->reference);
	f.note = text_trimmed(a, in->note);
	f.recorded_by = actor_of(auth).id;
	f.recorded_by_name = actor_name(auth);
	f.recorded_at = now;
	if ((rc = q_incident_filing_insert(db, a, &f, &id, e)))
		return rc;
	f.id = id;
	/* The duty applies once something is filed; the reference and the reasons for a delay go on it. */
	if (!strcmp(d.n.decision, "pending") || (!str_blank(in->delay_reason)) ||
	    (str_blank(d.n.case_ref) && *f.reference)) {
		struct incident_notification_input c = { 0 };
		bool decided = !strcmp(d.n.decision, "pending");
		c.decision = decided ? "yes" : d.n.decision;
		c.reason = d.n.reason;
		c.case_ref = str_blank(d.n.case_ref) ? f.reference : d.n.case_ref;
		c.delay_reason = str_blank(in->delay_reason) ? d.n.delay_reason : text_trimmed(a, in->delay_reason);
		c.recipient = d.n.recipient;
		c.due_at = d.n.due_at;
		if ((rc = q_incident_notification_update(db, a, duty_id, d.n.version, &c,
							 decided ? actor_of(auth).id : d.n.decided_by,
							 decided ? now : d.n.decided_at, now, e)))
			return rc == ERR_CONFLICT ? err_set(e, ERR_CONFLICT, "version", duty_conflict_msg) : rc;
		if (decided && (rc = log_decision(db, a, auth, inc->id, duty_id, "decision:yes", "", now, e)))
			return rc;
	}
	if ((rc = refresh_due(db, a, inc, e)))
		return rc;
	{
		struct buf b;
		struct json j;
		buf_init(&b, a);
		json_init(&j, &b);
		filing_json(&j, &f);
		rc = audit_append(db, a, actor_of(auth), "incident_filing", id, inc->unit_id, "create", NULL, b.data,
				  e);
	}
	if (!rc && id_out)
		*id_out = id;
	return rc;
}

int incident_filing_add(struct db *db, struct arena *a, const struct auth *auth, const struct incident *inc,
			int64_t duty_id, const struct incident_filing_input *in, int64_t *id_out, struct err *e)
{
	int rc;

	if (!in->stage || incident_enum(incident_stages, INCIDENT_STAGE_COUNT, in->stage) < 0)
		return err_set(e, ERR_INVALID, "stage", N_("Choose which step was filed."));
	if (strcmp(inc->state, "incident"))
		return err_set(e, ERR_INVALID, "stage", N_("Decide the report in triage first."));
	if ((rc = db_begin(db, e)))
		return rc;
	return db_end(db, filing_in_tx(db, a, auth, inc, duty_id, in, id_out, e), e);
}

/* --- follow-up actions: activities of the action plans ----------------------------------- */

int incident_activity_create(struct db *db, struct arena *a, const struct auth *auth, enum lang lang,
			     const struct incident *inc, const char *title, const char *purpose, int64_t responsible_id,
			     const char *due_date, int64_t *id_out, struct err *e)
{
	if (!inc->unit_id)
		return err_set(e, ERR_INVALID, "unit_id", N_("Give the incident a unit before adding actions."));
	return activity_create_followup(db, a, auth, inc->unit_id, tr(lang, "Incidents"), "incident", inc->id, title,
					purpose, responsible_id, due_date, id_out, e);
}

int incident_activities(struct db *db, struct arena *a, const struct auth *auth, int64_t id, struct activity **out,
			size_t *n, struct err *e)
{
	return activity_list_linked(db, a, auth, "incident", id, out, n, e);
}

int incident_activity_target(struct db *db, struct arena *a, int64_t id, struct activity_target *out, struct err *e)
{
	struct incident inc;
	int rc = q_incident_get(db, a, id, &inc, e);

	if (rc)
		return rc;
	out->label = arena_printf(a, "%s %s", incident_ref(a, inc.id), inc.title);
	out->unit_id = inc.unit_id;
	/* No unit: not the whole installation's record, but one only installation-wide roles see. */
	out->unit_path = inc.unit_id ? inc.unit_path : "";
	return 0;
}

/* --- categories ------------------------------------------------------------------------ */

int incident_categories(struct db *db, struct arena *a, bool all, struct incident_category **out, size_t *n,
			struct err *e)
{
	return q_incident_categories(db, a, all, out, n, e);
}

/* Is @name used by another category than @except (case-insensitively, as shown in either language)? */
static int name_taken(struct db *db, struct arena *a, const char *name, int64_t except, struct err *e)
{
	struct incident_category *cs;
	size_t n;
	int rc = q_incident_categories(db, a, true, &cs, &n, e);
	if (rc)
		return rc;
	for (size_t i = 0; i < n; i++) {
		if (cs[i].id == except)
			continue;
		if (str_ieq(cs[i].name, name) || (cs[i].builtin && (str_ieq(tr(LANG_SV, cs[i].name), name) ||
								    str_ieq(tr(LANG_EN, cs[i].name), name))))
			return err_set(e, ERR_INVALID, "name", N_("There is already a category with this name."));
	}
	return 0;
}

static void write_incident_category_json(struct json *j, const void *rec)
{
	incident_category_json(j, rec);
}

static const char *category_snapshot(struct arena *a, const struct incident_category *c)
{
	return json_text(a, write_incident_category_json, c);
}

int incident_category_create(struct db *db, struct arena *a, const struct auth *auth, const char *raw, int64_t *id_out,
			     struct err *e)
{
	const char *name = text_trimmed(a, raw);
	struct incident_category c;
	char now[TIME_ISO_LEN];
	int64_t id;
	int rc;

	if ((rc = check_text(e, "name", name, 100, true)))
		return rc;
	time_now_iso(now);
	if ((rc = db_begin(db, e)))
		return rc;
	if (!(rc = name_taken(db, a, name, 0, e)) && !(rc = q_incident_category_insert(db, a, name, now, &id, e)) &&
	    !(rc = q_incident_category_get(db, a, id, &c, e)))
		rc = audit_append(db, a, actor_of(auth), "incident_category", id, 0, "create", NULL,
				  category_snapshot(a, &c), e);
	if (!rc && id_out)
		*id_out = id;
	return db_end(db, rc, e);
}

static int category_update_in_tx(struct db *db, struct arena *a, const struct auth *auth, int64_t id, int64_t version,
				 const char *name, bool active, struct incident_category *current, struct err *e)
{
	struct incident_category before, after;
	char now[TIME_ISO_LEN];
	bool rename;
	int rc;

	time_now_iso(now);
	rc = q_incident_category_get(db, a, id, &before, e);
	if (rc == ERR_NOTFOUND)
		return err_set(e, ERR_NOTFOUND, "id", N_("No such category."));
	if (rc)
		return rc;
	if (before.version != version) {
		if (current)
			*current = before;
		return err_set(e, ERR_CONFLICT, "version",
			       N_("Someone else has changed this category since you opened it."));
	}
	rename = name && strcmp(name, before.name);
	if (rename && (rc = name_taken(db, a, name, id, e)))
		return rc;
	if ((rc = q_incident_category_update(db, a, id, version, rename ? name : before.name, rename, active, now, e)))
		return rc == ERR_CONFLICT ? err_set(e, ERR_CONFLICT, "version",
						    N_("Someone else has changed this category since you opened it."))
					  : rc;
	after = before;
	after.name = rename ? name : before.name;
	after.builtin = rename ? false : before.builtin;
	after.active = active;
	after.version = before.version + 1;
	return audit_append(db, a, actor_of(auth), "incident_category", id, 0, "update", category_snapshot(a, &before),
			    category_snapshot(a, &after), e);
}

int incident_category_update(struct db *db, struct arena *a, const struct auth *auth, int64_t id, int64_t version,
			     const char *raw, bool active, struct incident_category *current, struct err *e)
{
	const char *name = raw ? text_trimmed(a, raw) : NULL;
	int rc;

	if (name && (rc = check_text(e, "name", name, 100, true)))
		return rc;
	if ((rc = db_begin(db, e)))
		return rc;
	return db_end(db, category_update_in_tx(db, a, auth, id, version, name, active, current, e), e);
}

/* --- settings -------------------------------------------------------------------------- */

int incident_settings_get(struct db *db, struct arena *a, int64_t org_id, struct incident_settings *out, struct err *e)
{
	int rc = q_incident_settings_get(db, a, org_id, out, e);
	return rc == ERR_NOTFOUND ? err_set(e, ERR_NOTFOUND, "id", N_("No such organisation.")) : rc;
}

/* An organisation number: ten digits, optionally with a hyphen before the last four ("212000-1234"). */
static bool org_number_ok(const char *s)
{
	size_t digits = 0, len = strlen(s);
	if (!len)
		return true;
	for (size_t i = 0; i < len; i++) {
		if (s[i] >= '0' && s[i] <= '9')
			digits++;
		else if (!(s[i] == '-' && i == 6 && len == 11))
			return false;
	}
	return digits == 10;
}

static int settings_in_tx(struct db *db, struct arena *a, const struct auth *auth, const struct unit *org,
			  int64_t version, const struct incident_settings *in, struct incident_settings *current,
			  struct err *e)
{
	struct incident_settings before, after;
	char now[TIME_ISO_LEN];
	int rc;
	struct buf b1, b2;
	struct json j1, j2;

	time_now_iso(now);
	if ((rc = incident_settings_get(db, a, org->id, &before, e)))
		return rc;
	if (before.version != version) {
		if (current)
			*current = before;
		return err_set(
			e, ERR_CONFLICT, "version",
			N_("Someone else has changed these settings since you opened them. Their version is shown."));
	}
	after = before;
	after.public_intake = in->public_intake;
	after.controller = in->controller;
	after.org_number = in->org_number;
	after.contact = in->contact;
	after.version = before.version + 1;
	after.stored = true;
	rc = q_incident_settings_put(db, a, &after, version, now, e);
	if (rc == ERR_CONFLICT || rc == ERR_EXISTS) {
		if (current && !incident_settings_get(db, a, org->id, current, e))
			err_clear(e);
		return err_set(
			e, ERR_CONFLICT, "version",
			N_("Someone else has changed these settings since you opened them. Their version is shown."));
	}
	if (rc)
		return rc;
	buf_init(&b1, a);
	json_init(&j1, &b1);
	incident_settings_json(&j1, &before);
	buf_init(&b2, a);
	json_init(&j2, &b2);
	incident_settings_json(&j2, &after);
	return audit_append(db, a, actor_of(auth), "incident_settings", org->id, org->id, "update", b1.data, b2.data,
			    e);
}

int incident_settings_save(struct db *db, struct arena *a, const struct auth *auth, const struct unit *org,
			   int64_t version, const struct incident_settings *raw, struct incident_settings *current,
			   struct err *e)
{
	struct incident_settings in = *raw;
	int rc;

	if (org->parent_id)
		return err_set(e, ERR_INVALID, "id", N_("Incident settings belong to an organisation."));
	in.controller = text_trimmed(a, raw->controller);
	in.org_number = text_trimmed(a, raw->org_number);
	in.contact = text_trimmed(a, raw->contact);
	if ((rc = check_text(e, "controller", in.controller, 200, false)) ||
	    (rc = check_text(e, "org_number", in.org_number, 20, false)) ||
	    (rc = check_text(e, "contact", in.contact, 1000, false)))
		return rc;
	if (!org_number_ok(in.org_number))
		return err_set(e, ERR_INVALID, "org_number",
			       N_("An organisation number has ten digits, such as 212000-1234."));
	if ((rc = db_begin(db, e)))
		return rc;
	return db_end(db, settings_in_tx(db, a, auth, org, version, &in, current, e), e);
}
