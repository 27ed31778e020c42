/*
 * api_incidents.c - incidents as JSON under /api/v1.
 *
 * The list, the exports and the statistics take the list page's filters
 * (incident_filter_parse()). Times go in as RFC 3339 with their offset
 * ("2026-10-25T02:30:00+01:00": the offset says which of the two 02:30s of
 * that night is meant) and come out in UTC. A change (PATCH) sends only
 * the members it changes; kinds and aspects are arrays of words. Every
 * change carries the version the client read; a stale one gets 409 with
 * the stored record. Any signed-in user may report (POST /incidents) and
 * read their own reports (/incidents/mine), nothing else; the rest needs a
 * role in the incident's unit, and changes need the right to handle
 * incidents there (administrator, coordinator, data protection officer).
 * Rights over a second record (a unit moved to, an asset, a duty of
 * another incident) are the domain's.
 */
#include <jansson.h>

#include "api/api_activities.h"
#include "api/api_common.h"
#include "api/api_incidents.h"
#include "api/api_resource.h"

#include <inttypes.h>
#include <string.h>

#include "core/arena.h"
#include "core/err.h"
#include "core/timeutil.h"
#include "domain/activity.h"
#include "domain/asset.h"
#include "domain/incident.h"
#include "domain/plan.h"
#include "domain/unit.h"

static const struct incident *scoped(struct req *r)
{
	return scope_record(&r->scope, "incident");
}

static void write_incident(struct json *j, const void *rec)
{
	incident_json(j, rec);
}

/* --- lists ---------------------------------------------------------------------- */

API_FILTER_READER_INIT(read_filter, incident_filter_init, incident_filter_parse)
API_PAGE_LISTER(list_page, struct incident, incident_list)
API_ITEM_WRITER(write_item, struct incident, incident_json)

static int render(struct req *r, struct db *db, const void *f, const char *format, struct api_file *out)
{
	struct incident *items;
	size_t n;
	int64_t total;
	int rc;

	if ((rc = incident_export_list(db, r->arena, f, &items, &n, &total, &r->err)))
		return rc;
	if (!strcmp(format, "xlsx")) {
		out->mime = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
		return incident_export_xlsx(r->arena, items, n, r->lang, &out->data, &out->len, &r->err);
	} else if (!strcmp(format, "csv")) {
		incident_export_csv(&r->resp.body, items, n, r->lang);
		out->mime = "text/csv; charset=utf-8";
	} else {
		incident_export_json(&r->resp.body, items, n, total);
		out->mime = "application/json; charset=utf-8";
	}
	return 0;
}

static const struct api_collection incidents = {
	API_FILTER(struct incident_filter),
	.filter = read_filter,
	.list = list_page,
	.item = write_item,
	.formats_msg = N_("Choose json, csv or xlsx."),
	.render = render,
	.filename = incident_export_filename,
};

int api_incidents_list(struct req *r)
{
	return api_list(r, &incidents);
}

/* What a reporter sees of their own report: when, what, and where it stands. */
static void mine_json(struct json *j, const struct incident *inc)
{
	json_obj_open(j);
	json_kv_int(j, "id", inc->id);
	json_kv_str(j, "receipt", inc->receipt);
	json_kv_str(j, "title", inc->title);
	json_kv_str(j, "state", inc->state);
	json_kv_str(j, "status", inc->status);
	json_kv_str(j, "created_at", inc->created_at);
	json_obj_close(j);
}

static int mine_filter(struct req *r, void *f)
{
	(void)r;
	incident_filter_init(f);
	return 0;
}

API_ITEM_WRITER(mine_item, struct incident, mine_json)

/* The viewer is the reporter: anyone reads their own reports, whatever roles they hold. */
static const struct api_collection mine = {
	.filter_size = sizeof(struct incident_filter),
	.at_limit = offsetof(struct incident_filter, limit),
	.at_offset = offsetof(struct incident_filter, offset),
	.at_viewer = offsetof(struct incident_filter, reporter_id),
	.filter = mine_filter,
	.list = list_page,
	.item = mine_item,
};

int api_incidents_mine(struct req *r)
{
	return api_list(r, &mine);
}

int api_incidents_export(struct req *r)
{
	return api_export(r, &incidents);
}

static void lag_json(struct json *j, const char *key, const int64_t lag[INCIDENT_LAG_BUCKETS])
{
	json_key(j, key);
	json_obj_open(j);
	json_kv_int(j, "within_24h", lag[0]);
	json_kv_int(j, "within_72h", lag[1]);
	json_kv_int(j, "later", lag[2]);
	json_obj_close(j);
}

int api_incidents_stats(struct req *r)
{
	struct incident_filter f;
	struct incident_stats s;
	struct json j;
	struct db *db;
	int rc;

	incident_filter_init(&f);
	if ((rc = incident_filter_parse(&f, req_query_get, r, &r->err)))
		return rc;
	f.viewer_id = r->auth->user_id;
	if ((rc = api_db(r, &db)) || (rc = incident_stats(db, r->arena, &f, &s, &r->err)))
		return rc;
	api_begin(r, &j, 200);
	json_obj_open(&j);
	json_kv_int(&j, "total", s.total);
	json_key(&j, "quarters");
	json_arr_open(&j);
	for (size_t i = 0; i < s.n_quarters; i++) {
		json_obj_open(&j);
		json_kv_str(&j, "quarter", s.quarters[i].label);
		json_kv_int(&j, "count", s.quarters[i].n);
		json_obj_close(&j);
	}
	json_arr_close(&j);
	json_key(&j, "kinds");
	json_obj_open(&j);
	for (size_t k = 0; k < INCIDENT_KIND_COUNT; k++)
		json_kv_int(&j, incident_kinds[k], s.kinds[k]);
	json_obj_close(&j);
	json_key(&j, "units");
	json_arr_open(&j);
	for (size_t i = 0; i < s.n_units; i++) {
		json_obj_open(&j);
		json_kv_id(&j, "unit_id", s.units[i].id);
		json_kv_str(&j, "unit_name", s.units[i].key);
		json_kv_int(&j, "count", s.units[i].n);
		json_obj_close(&j);
	}
	json_arr_close(&j);
	lag_json(&j, "imy_first_report", s.lag_imy);
	lag_json(&j, "csirt_early_warning", s.lag_csirt);
	json_obj_close(&j);
	return 0;
}

/* --- reading and writing members ------------------------------------------------------ */

/* A time member of a body: absent keeps *field, null empties it, RFC 3339 with an offset replaces it. */
static int patch_time(struct req *r, json_t *body, const char *key, const char **field)
{
	json_t *v = json_object_get(body, key);
	if (!v)
		return 0;
	if (json_is_null(v)) {
		*field = NULL;
		return 0;
	}
	if (!json_is_string(v))
		return err_set(&r->err, ERR_INVALID, key, N_("Must be a text string."));
	return incident_time_rfc3339(r->arena, key, json_string_value(v), field, &r->err);
}

/* An approximate number: absent keeps it, null makes it unknown (-1), a whole number 0 or more replaces it. */
static int patch_approx(struct req *r, json_t *body, const char *key, int64_t *field)
{
	json_t *v = json_object_get(body, key);
	if (!v)
		return 0;
	if (json_is_null(v)) {
		*field = -1;
		return 0;
	}
	if (!json_is_integer(v) || json_integer_value(v) < 0)
		return err_set(&r->err, ERR_INVALID, key, N_("Must be a whole number, zero or more."));
	*field = json_integer_value(v);
	return 0;
}

/* An array of words from @table into @flags: absent keeps them, an unknown word is refused naming @key. */
static int patch_words(struct req *r, json_t *body, const char *key, const char *const *table, size_t n, bool *flags[],
		       const char *msgid)
{
	json_t *v = json_object_get(body, key), *w;
	size_t i;
	if (!v)
		return 0;
	if (!json_is_array(v))
		return err_set(&r->err, ERR_INVALID, key, msgid);
	for (size_t k = 0; k < n; k++)
		*flags[k] = false;
	json_array_foreach(v, i, w)
	{
		int k = json_is_string(w) ? incident_enum(table, n, json_string_value(w)) : -1;
		if (k < 0)
			return err_set(&r->err, ERR_INVALID, key, msgid);
		*flags[k] = true;
	}
	return 0;
}

static const char *const aspect_words[] = { "confidentiality", "integrity", "availability", "traceability" };
static const char *const kinds_msg = N_("A list of kinds: security, breach, it, significant.");

static int read_input(struct req *r, json_t *body, struct incident_input *in)
{
	bool *kinds[] = { &in->kind_security, &in->kind_breach, &in->kind_it, &in->kind_significant };
	bool *aspects[] = { &in->aspect_c, &in->aspect_i, &in->aspect_a, &in->aspect_t };
	int rc;

	if ((rc = api_patch_id(r, body, "unit_id", &in->unit_id)) ||
	    (rc = patch_words(r, body, "kinds", incident_kinds, INCIDENT_KIND_COUNT, kinds, kinds_msg)) ||
	    (rc = patch_words(r, body, "aspects", aspect_words, 4, aspects,
			      N_("A list of aspects: confidentiality, integrity, availability, traceability."))) ||
	    (rc = api_patch_id(r, body, "category_id", &in->category_id)) ||
	    (rc = api_patch_str(r, body, "title", &in->title)) ||
	    (rc = api_patch_str(r, body, "description", &in->description)) ||
	    (rc = patch_time(r, body, "occurred_at", &in->occurred_at)) ||
	    (rc = patch_time(r, body, "discovered_at", &in->discovered_at)) ||
	    (rc = patch_time(r, body, "aware_at", &in->aware_at)) ||
	    (rc = patch_time(r, body, "ended_at", &in->ended_at)) ||
	    (rc = api_patch_str(r, body, "severity", &in->severity)) ||
	    (rc = api_patch_str(r, body, "subject_categories", &in->subject_categories)) ||
	    (rc = patch_approx(r, body, "subjects_approx", &in->subjects_approx)) ||
	    (rc = patch_approx(r, body, "records_approx", &in->records_approx)) ||
	    (rc = api_patch_str(r, body, "data_kinds", &in->data_kinds)) ||
	    (rc = api_patch_str(r, body, "consequences", &in->consequences)) ||
	    (rc = api_patch_str(r, body, "measures", &in->measures)) ||
	    (rc = api_patch_str(r, body, "cause", &in->cause)) ||
	    (rc = api_patch_bool(r, body, "malicious", &in->malicious)) ||
	    (rc = api_patch_bool(r, body, "cross_border", &in->cross_border)) ||
	    (rc = api_patch_str(r, body, "indicators", &in->indicators)) ||
	    (rc = api_patch_str(r, body, "secrecy", &in->secrecy)) ||
	    (rc = api_patch_str(r, body, "lessons", &in->lessons)) ||
	    (rc = api_patch_str(r, body, "status", &in->status)))
		return rc;
	if (!in->severity)
		in->severity = "";
	return 0;
}

/* --- one incident ------------------------------------------------------------------------- */

static int write_full(struct req *r, struct db *db, int status, const struct incident *inc)
{
	struct incident_duty *duties;
	struct asset *assets;
	struct activity *activities;
	size_t n_duties, n_assets, n_activities;
	struct json j;
	int rc;

	if ((rc = incident_duties(db, r->arena, inc, time_now(), &duties, &n_duties, &r->err)) ||
	    (rc = incident_assets(db, r->arena, inc->id, &assets, &n_assets, &r->err)) ||
	    (rc = incident_activities(db, r->arena, r->auth, inc->id, &activities, &n_activities, &r->err)))
		return rc;
	api_etag(r, inc->version);
	api_begin(r, &j, status);
	json_obj_open(&j);
	incident_json_fields(&j, inc);
	json_key(&j, "notifications");
	json_arr_open(&j);
	for (size_t i = 0; i < n_duties; i++)
		incident_duty_json(&j, &duties[i]);
	json_arr_close(&j);
	json_key(&j, "assets");
	json_arr_open(&j);
	for (size_t i = 0; i < n_assets; i++) {
		bool visible = authz_may_reference(r->auth, ACCESS_READ, assets[i].unit_path, 0);
		json_obj_open(&j);
		json_kv_int(&j, "asset_id", assets[i].id);
		json_kv_str(&j, "name", visible ? assets[i].name : tr(r->lang, "An asset in another unit"));
		json_kv_bool(&j, "visible", visible);
		json_obj_close(&j);
	}
	json_arr_close(&j);
	json_kv_bool(&j, "enhanced_protection", incident_enhanced_protection(r->auth, assets, n_assets));
	json_key(&j, "activities");
	json_arr_open(&j);
	for (size_t i = 0; i < n_activities; i++) {
		json_obj_open(&j);
		json_kv_int(&j, "activity_id", activities[i].id);
		json_kv_int(&j, "plan_id", activities[i].plan_id);
		json_kv_int(&j, "plan_year", activities[i].plan_year);
		json_kv_str(&j, "title", activities[i].title);
		json_kv_str(&j, "status", activities[i].status);
		json_kv_str(&j, "due_date", activities[i].due_date);
		json_kv_str(&j, "deadline", activities[i].deadline);
		json_obj_close(&j);
	}
	json_arr_close(&j);
	json_obj_close(&j);
	return 0;
}

int api_incidents_report(struct req *r)
{
	struct incident_report in = { 0 };
	struct incident inc;
	json_t *body = api_body(r);
	const char *receipt, *occurred = NULL, *discovered = NULL;
	int64_t id = 0;
	struct json j;
	struct db *db;
	int rc;

	if (!body)
		return r->err.code;
	if ((rc = api_patch_id(r, body, "unit_id", &in.unit_id)) || (rc = api_str(r, body, "title", &in.title)) ||
	    (rc = api_str(r, body, "description", &in.description)) ||
	    (rc = patch_time(r, body, "occurred_at", &occurred)) ||
	    (rc = patch_time(r, body, "discovered_at", &discovered)) || (rc = api_str(r, body, "contact", &in.contact)))
		return rc;
	in.occurred_at = occurred;
	in.discovered_at = discovered;
	if ((rc = api_db(r, &db)) || (rc = incident_report(db, r->arena, r->auth, &in, &id, &receipt, &r->err)) ||
	    (rc = incident_get(db, r->arena, id, &inc, &r->err)))
		return rc;
	resp_header(r, "Location", "/api/v1/incidents/mine");
	api_begin(r, &j, 201);
	mine_json(&j, &inc);
	return 0;
}

/* A change of an incident: its members and the reason given for a change of status. */
struct incident_change {
	struct incident_input in;
	const char *status_reason;
};

static void incident_change_of(const void *rec, void *in)
{
	((struct incident_change *)in)->in = incident_input_of(rec);
}

static int incident_change_members(struct req *r, json_t *body, void *in)
{
	struct incident_change *c = in;
	int rc = read_input(r, body, &c->in);
	return rc ? rc : api_str(r, body, "status_reason", &c->status_reason);
}

static int incident_change_apply(struct req *r, struct db *db, const void *before, int64_t version, const void *in,
				 void *cur)
{
	const struct incident_change *c = in;
	return incident_update(db, r->arena, r->auth, before, version, &c->in, c->status_reason, cur, &r->err);
}

static int incident_answer(struct req *r, struct db *db, int status, const void *rec)
{
	return write_full(r, db, status, rec);
}

API_GETTER(incident_read, incident_get)

static const struct api_record_def incident_def = {
	API_RECORD(struct incident, struct incident_change),
	.kind = "incident",
	.input_of = incident_change_of,
	.members = incident_change_members,
	.update = incident_change_apply,
	.get = incident_read,
	.answer = incident_answer,
	.current = write_incident,
};

int api_incidents_get(struct req *r)
{
	return api_get(r, &incident_def);
}

int api_incidents_update(struct req *r)
{
	return api_update(r, &incident_def);
}

int api_incidents_triage(struct req *r)
{
	const struct incident *before = scoped(r);
	struct incident inc, cur = { 0 };
	bool kinds[INCIDENT_KIND_COUNT] = { false };
	bool *flags[] = { &kinds[0], &kinds[1], &kinds[2], &kinds[3] };
	const char *decision = NULL, *reason = NULL;
	json_t *body = api_body(r);
	int64_t version = 0;
	struct db *db;
	int rc;

	if (!body)
		return r->err.code;
	if ((rc = api_str(r, body, "decision", &decision)) || (rc = api_str(r, body, "reason", &reason)) ||
	    (rc = patch_words(r, body, "kinds", incident_kinds, INCIDENT_KIND_COUNT, flags, kinds_msg)) ||
	    (rc = api_version(r, body, &version)) || (rc = api_db(r, &db)))
		return rc;
	rc = incident_triage(db, r->arena, r->auth, before, version, decision, kinds, reason, &cur, &r->err);
	if (rc == ERR_CONFLICT && cur.id) {
		api_etag(r, cur.version);
		return api_conflict(r, &r->err, write_incident, &cur);
	}
	if (rc || (rc = incident_get(db, r->arena, before->id, &inc, &r->err)))
		return rc;
	return write_full(r, db, 200, &inc);
}

/* --- the log of decisions ---------------------------------------------------------------- */

API_ITEM_WRITER(decision_item, struct incident_decision, incident_decision_json)

int api_incident_decisions_list(struct req *r)
{
	struct incident_decision *log;
	size_t n;
	struct db *db;
	int rc;

	if ((rc = api_db(r, &db)) || (rc = incident_decisions(db, r->arena, scoped(r)->id, &log, &n, &r->err)))
		return rc;
	return api_list_all(r, log, n, decision_item, NULL);
}

int api_incident_decisions_create(struct req *r)
{
	const struct incident *inc = scoped(r);
	const char *reason = NULL;
	json_t *body = api_body(r);
	struct incident_decision *log;
	size_t n;
	struct json j;
	struct db *db;
	int rc;

	if (!body)
		return r->err.code;
	if ((rc = api_str(r, body, "reason", &reason)) || (rc = api_db(r, &db)) ||
	    (rc = incident_decision_add(db, r->arena, r->auth, inc, reason, &r->err)) ||
	    (rc = incident_decisions(db, r->arena, inc->id, &log, &n, &r->err)))
		return rc;
	resp_header(r, "Location", arena_printf(r->arena, "/api/v1/incidents/%" PRId64 "/decisions", inc->id));
	api_begin(r, &j, 201);
	incident_decision_json(&j, &log[n - 1]);
	return 0;
}

/* --- notification duties ------------------------------------------------------------------ */

static int write_duty(struct req *r, struct db *db, int status, const struct incident *inc, int64_t duty_id)
{
	struct incident_duty *ds;
	size_t n;
	struct json j;
	int rc = incident_duties(db, r->arena, inc, time_now(), &ds, &n, &r->err);
	if (rc)
		return rc;
	for (size_t i = 0; i < n; i++)
		if (ds[i].n.id == duty_id) {
			api_etag(r, ds[i].n.version);
			api_begin(r, &j, status);
			incident_duty_json(&j, &ds[i]);
			return 0;
		}
	return err_set(&r->err, ERR_NOTFOUND, "notification_id", N_("No such notification duty."));
}

API_ITEM_WRITER(duty_item, struct incident_duty, incident_duty_json)

int api_incident_notifications_list(struct req *r)
{
	const struct incident *inc = scoped(r);
	struct incident_duty *ds;
	size_t n;
	struct db *db;
	int rc;

	if ((rc = api_db(r, &db)) || (rc = incident_duties(db, r->arena, inc, time_now(), &ds, &n, &r->err)))
		return rc;
	return api_list_all(r, ds, n, duty_item, NULL);
}

int api_incident_notifications_create(struct req *r)
{
	const struct incident *inc = scoped(r);
	const char *recipient = NULL, *due = NULL;
	json_t *body = api_body(r);
	int64_t id = 0;
	struct db *db;
	int rc;

	if (!body)
		return r->err.code;
	if ((rc = api_str(r, body, "recipient", &recipient)) || (rc = patch_time(r, body, "due_at", &due)) ||
	    (rc = api_db(r, &db)) || (rc = incident_duty_add(db, r->arena, r->auth, inc, recipient, due, &id, &r->err)))
		return rc;
	resp_header(r, "Location",
		    arena_printf(r->arena, "/api/v1/incidents/%" PRId64 "/notifications/%" PRId64, inc->id, id));
	return write_duty(r, db, 201, inc, id);
}

static void write_notification(struct json *j, const void *rec)
{
	const struct incident_notification *n = rec;
	struct incident_duty d = { 0 };
	d.n = *n;
	incident_duty_json(j, &d);
}

int api_incident_notification_update(struct req *r)
{
	const struct incident *inc = scoped(r);
	int64_t duty_id = req_arg_id(r, 1), version = 0;
	struct incident_duty *ds;
	struct incident_notification_input in = { 0 };
	struct incident_notification cur = { 0 };
	json_t *body = api_body(r);
	size_t n;
	bool found = false;
	struct db *db;
	int rc;

	if (!body)
		return r->err.code;
	if ((rc = api_db(r, &db)) || (rc = incident_duties(db, r->arena, inc, time_now(), &ds, &n, &r->err)))
		return rc;
	for (size_t i = 0; i < n; i++)
		if (ds[i].n.id == duty_id) {
			in.decision = ds[i].n.decision;
			in.reason = ds[i].n.reason;
			in.case_ref = ds[i].n.case_ref;
			in.delay_reason = ds[i].n.delay_reason;
			in.recipient = ds[i].n.recipient;
			in.due_at = ds[i].n.due_at;
			found = true;
		}
	if (!found)
		return err_set(&r->err, ERR_NOTFOUND, "notification_id", N_("No such notification duty."));
	if ((rc = api_patch_str(r, body, "decision", &in.decision)) ||
	    (rc = api_patch_str(r, body, "reason", &in.reason)) ||
	    (rc = api_patch_str(r, body, "case_ref", &in.case_ref)) ||
	    (rc = api_patch_str(r, body, "delay_reason", &in.delay_reason)) ||
	    (rc = api_patch_str(r, body, "recipient", &in.recipient)) ||
	    (rc = patch_time(r, body, "due_at", &in.due_at)) || (rc = api_version(r, body, &version)))
		return rc;
	rc = incident_duty_decide(db, r->arena, r->auth, inc, duty_id, version, &in, &cur, &r->err);
	if (rc == ERR_CONFLICT && cur.id) {
		api_etag(r, cur.version);
		return api_conflict(r, &r->err, write_notification, &cur);
	}
	return rc ? rc : write_duty(r, db, 200, inc, duty_id);
}

int api_incident_filings_create(struct req *r)
{
	const struct incident *inc = scoped(r);
	int64_t duty_id = req_arg_id(r, 1), id = 0;
	struct incident_filing_input in = { 0 };
	json_t *body = api_body(r);
	struct db *db;
	int rc;

	if (!body)
		return r->err.code;
	if ((rc = api_str(r, body, "stage", &in.stage)) || (rc = patch_time(r, body, "filed_at", &in.filed_at)) ||
	    (rc = api_str(r, body, "reference", &in.reference)) || (rc = api_str(r, body, "note", &in.note)) ||
	    (rc = api_str(r, body, "delay_reason", &in.delay_reason)) || (rc = api_db(r, &db)) ||
	    (rc = incident_filing_add(db, r->arena, r->auth, inc, duty_id, &in, &id, &r->err)))
		return rc;
	resp_header(r, "Location",
		    arena_printf(r->arena, "/api/v1/incidents/%" PRId64 "/notifications/%" PRId64, inc->id, duty_id));
	return write_duty(r, db, 201, inc, duty_id);
}

/* --- assets and follow-up activities ---------------------------------------------------------------------- */

int api_incident_assets_create(struct req *r)
{
	const struct incident *inc = scoped(r);
	int64_t asset_id = 0;
	int present = 0;
	json_t *body = api_body(r);
	struct incident cur;
	struct db *db;
	int rc;

	if (!body)
		return r->err.code;
	if ((rc = api_int(r, body, "asset_id", &asset_id, &present)) || (rc = api_db(r, &db)) ||
	    (rc = incident_asset_add(db, r->arena, r->auth, inc, asset_id, &r->err)) ||
	    (rc = incident_get(db, r->arena, inc->id, &cur, &r->err)))
		return rc;
	resp_header(r, "Location", arena_printf(r->arena, "/api/v1/incidents/%" PRId64, inc->id));
	return write_full(r, db, 201, &cur);
}

int api_incident_assets_delete(struct req *r)
{
	struct db *db;
	int rc;

	if ((rc = api_db(r, &db)) ||
	    (rc = incident_asset_remove(db, r->arena, r->auth, scoped(r), req_arg_id(r, 1), &r->err)))
		return rc;
	r->resp.status = 204;
	r->resp.content_type = "application/json; charset=utf-8";
	return 0;
}

int api_incident_activities_create(struct req *r)
{
	const struct incident *inc = scoped(r);
	struct activity_ask in;
	int64_t id = 0;
	struct db *db;
	int rc;

	if ((rc = api_activity_ask(r, &in)) || (rc = api_db(r, &db)) ||
	    (rc = incident_activity_create(db, r->arena, r->auth, r->lang, inc, in.title, in.purpose, in.responsible_id,
					   in.due_date, &id, &r->err)))
		return rc;
	return api_activity_made(r, db, id);
}

/* --- categories ---------------------------------------------------------------------------- */

static void write_category(struct json *j, const void *rec)
{
	incident_category_json(j, rec);
}

API_ITEM_WRITER(category_item, struct incident_category, incident_category_json)

int api_incident_categories_list(struct req *r)
{
	struct incident_category *cs;
	size_t n;
	struct db *db;
	int rc;
	const char *all = req_query(r, "all");

	if (all && strcmp(all, "true") && strcmp(all, "false"))
		return err_set(&r->err, ERR_INVALID, "all", N_("Must be true or false."));
	if ((rc = api_db(r, &db)) ||
	    (rc = incident_categories(db, r->arena, all && !strcmp(all, "true"), &cs, &n, &r->err)))
		return rc;
	return api_list_all(r, cs, n, category_item, NULL);
}

static int write_category_id(struct req *r, struct db *db, int status, int64_t id)
{
	struct incident_category *cs;
	size_t n;
	int rc = incident_categories(db, r->arena, true, &cs, &n, &r->err);
	if (rc)
		return rc;
	for (size_t i = 0; i < n; i++)
		if (cs[i].id == id)
			return api_record(r, status, cs[i].version, write_category, &cs[i]);
	return err_set(&r->err, ERR_NOTFOUND, "id", N_("No such category."));
}

int api_incident_categories_create(struct req *r)
{
	const char *name = NULL;
	json_t *body = api_body(r);
	int64_t id = 0;
	struct db *db;
	int rc;

	if (!body)
		return r->err.code;
	if ((rc = api_str(r, body, "name", &name)) || (rc = api_db(r, &db)) ||
	    (rc = incident_category_create(db, r->arena, r->auth, name, &id, &r->err)))
		return rc;
	resp_header(r, "Location", "/api/v1/incident-categories");
	return write_category_id(r, db, 201, id);
}

int api_incident_categories_update(struct req *r)
{
	int64_t id = req_arg_id(r, 0), version = 0;
	const char *name = NULL;
	int active = 1, present = 0;
	struct incident_category cur = { 0 }, *cs;
	json_t *body = api_body(r);
	size_t n;
	struct db *db;
	int rc;

	if (!body)
		return r->err.code;
	if ((rc = api_str(r, body, "name", &name)) || (rc = api_bool(r, body, "active", &active, &present)) ||
	    (rc = api_version(r, body, &version)) || (rc = api_db(r, &db)))
		return rc;
	if (!present) {
		if ((rc = incident_categories(db, r->arena, true, &cs, &n, &r->err)))
			return rc;
		for (size_t i = 0; i < n; i++)
			if (cs[i].id == id)
				active = cs[i].active;
	}
	rc = incident_category_update(db, r->arena, r->auth, id, version, name, active, &cur, &r->err);
	if (rc == ERR_CONFLICT && cur.id) {
		api_etag(r, cur.version);
		return api_conflict(r, &r->err, write_category, &cur);
	}
	return rc ? rc : write_category_id(r, db, 200, id);
}

/* --- settings and the public intake ------------------------------------------------------------ */

static void write_settings(struct json *j, const void *rec)
{
	incident_settings_json(j, rec);
}

int api_incident_settings_get(struct req *r)
{
	const struct unit *u = scope_record(&r->scope, "unit");
	struct incident_settings s;
	struct db *db;
	int rc;

	if ((rc = api_db(r, &db)) || (rc = incident_settings_get(db, r->arena, u->id, &s, &r->err)))
		return rc;
	return api_record(r, 200, s.version, write_settings, &s);
}

int api_incident_settings_update(struct req *r)
{
	const struct unit *u = scope_record(&r->scope, "unit");
	struct incident_settings s, cur = { 0 };
	json_t *body = api_body(r);
	int64_t version = 0;
	struct db *db;
	int rc;

	if (!body)
		return r->err.code;
	if ((rc = api_db(r, &db)) || (rc = incident_settings_get(db, r->arena, u->id, &s, &r->err)))
		return rc;
	if ((rc = api_patch_bool(r, body, "public_intake", &s.public_intake)) ||
	    (rc = api_patch_str(r, body, "controller", &s.controller)) ||
	    (rc = api_patch_str(r, body, "org_number", &s.org_number)) ||
	    (rc = api_patch_str(r, body, "contact", &s.contact)) || (rc = api_version(r, body, &version)))
		return rc;
	rc = incident_settings_save(db, r->arena, r->auth, u, version, &s, &cur, &r->err);
	if (rc == ERR_CONFLICT && cur.org_id) {
		api_etag(r, cur.version);
		return api_conflict(r, &r->err, write_settings, &cur);
	}
	if (rc || (rc = incident_settings_get(db, r->arena, u->id, &s, &r->err)))
		return rc;
	return api_record(r, 200, s.version, write_settings, &s);
}

int api_incident_public_report(struct req *r)
{
	struct incident_public_report in = { 0 };
	const char *receipt;
	json_t *body = api_body(r);
	struct json j;
	struct db *db;
	int rc;

	if (!body)
		return r->err.code;
	if ((rc = api_str(r, body, "description", &in.description)) || (rc = api_str(r, body, "name", &in.name)) ||
	    (rc = api_str(r, body, "email", &in.email)) || (rc = api_str(r, body, "phone", &in.phone)) ||
	    (rc = api_db(r, &db)) ||
	    (rc = incident_report_public(db, r->arena, req_arg_id(r, 0), r->remote_addr, &in, &receipt, &r->err)))
		return rc;
	api_begin(r, &j, 201);
	json_obj_open(&j);
	json_kv_str(&j, "receipt", receipt);
	json_obj_close(&j);
	return 0;
}
