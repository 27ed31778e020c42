/*
 * response.c - rules of responses to audits, their action areas and
 * measures (see response.h).
 */
#include "domain/response.h"

#include <inttypes.h>
#include <string.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/err.h"
#include "core/json.h"
#include "core/str.h"
#include "core/timeutil.h"
#include "db/db.h"
#include "db/q_user.h"
#include "domain/activity.h"
#include "domain/audit.h"
#include "domain/inspection.h"
#include "domain/tasks.h"
#include "domain/unit.h"
#include "domain/validate.h"

const char *const measure_statuses[MEASURE_STATUS_COUNT] = { "planned", "ongoing", "done" };
const char *const measure_status_labels[MEASURE_STATUS_COUNT] = { N_("Planned"), N_("Ongoing"), N_("Completed") };
const char *const response_statuses[2] = { "draft", "approved" };
const char *const response_status_labels[2] = { N_("Draft"), N_("Approved and sent") };

const char *measure_status_label(const char *s)
{
	int k = table_index(measure_statuses, MEASURE_STATUS_COUNT, s);
	return k < 0 ? s : measure_status_labels[k];
}

const char *response_status_label(const char *s)
{
	int k = table_index(response_statuses, 2, s);
	return k < 0 ? s : response_status_labels[k];
}

static const char *const frozen_msg =
	N_("This response has been approved and sent, and is not changed any more: write a supplementary response.");

static int refuse_frozen(const char *status, struct err *e)
{
	return strcmp(status ? status : "", "draft") ? err_set(e, ERR_CONFLICT, "status", frozen_msg) : 0;
}

/* --- responses ------------------------------------------------------------------------ */

int response_get(struct db *db, struct arena *a, int64_t id, struct audit_response *out, struct err *e)
{
	int rc = q_response_get(db, a, id, out, e);
	return rc == ERR_NOTFOUND ? err_set(e, ERR_NOTFOUND, "id", N_("No such response.")) : rc;
}

int response_scope(struct db *db, struct arena *a, int64_t id, struct scope *s, struct err *e)
{
	struct audit_response *x = arena_calloc(a, 1, sizeof(*x));
	int rc = response_get(db, a, id, x, e);
	if (rc)
		return rc;
	*s = (struct scope){ "response", x, x->unit_id, x->unit_path, 0 };
	return 0;
}

int response_of_inspection(struct db *db, struct arena *a, int64_t inspection_id, struct audit_response **out,
			   size_t *n, struct err *e)
{
	return q_response_of_inspection(db, a, inspection_id, out, n, e);
}

struct response_input response_input_of(const struct audit_response *s)
{
	struct response_input in = { 0 };
	in.unit_id = s->unit_id;
	in.response_date = s->response_date;
	in.case_ref = s->case_ref;
	in.address = s->address;
	in.addressee = s->addressee;
	in.title = s->title;
	in.summary = s->summary;
	return in;
}

static struct response_input resp_clean(struct arena *a, const struct response_input *raw)
{
	struct response_input in = *raw;
	in.response_date = text_trimmed(a, raw->response_date);
	in.case_ref = text_trimmed(a, raw->case_ref);
	in.address = text_trimmed(a, raw->address);
	in.addressee = text_trimmed(a, raw->addressee);
	in.title = text_trimmed(a, raw->title);
	in.summary = text_trimmed(a, raw->summary);
	return in;
}

static int resp_check_text(const struct response_input *in, struct err *e)
{
	int rc;
	if ((rc = check_date(e, "response_date", in->response_date, true)) ||
	    (rc = check_text(e, "case_ref", in->case_ref, 100, false)) ||
	    (rc = check_text(e, "address", in->address, 500, false)) ||
	    (rc = check_text(e, "addressee", in->addressee, 300, false)) ||
	    (rc = check_text(e, "title", in->title, 500, true)) ||
	    (rc = check_text(e, "summary", in->summary, 200000, false)))
		return rc;
	return 0;
}

static void resp_write(struct json *j, const void *rec)
{
	response_json(j, rec);
}

static int resp_create_in_tx(struct db *db, struct arena *a, const struct auth *auth, const struct inspection *x,
			     const struct response_input *in, int64_t *id_out, struct err *e)
{
	struct audit_response s = { 0 }, *all;
	size_t n;
	bool addressed = false;
	char now[TIME_ISO_LEN];
	int rc;
	const struct unit_target t = {
		.unit_id = in->unit_id,
		.access = ACCESS_EDIT,
		.missing = N_("Choose the board that responds."),
		.refused = N_("Your roles do not let you write responses for this board."),
	};

	time_now_iso(now);
	if (!in->unit_id)
		return err_set(e, ERR_INVALID, "unit_id", N_("Choose the board that responds."));
	if ((rc = q_inspection_addressed(db, a, x->id, in->unit_id, &addressed, e)))
		return rc;
	if (!addressed)
		return err_set(e, ERR_INVALID, "unit_id", N_("The audit is not addressed to this board."));
	if ((rc = unit_target_check(db, a, auth, &t, &s.unit_name, &s.unit_path, e)) || (rc = resp_check_text(in, e)) ||
	    (rc = q_response_of_inspection(db, a, x->id, &all, &n, e)))
		return rc;
	for (size_t i = 0; i < n; i++)
		if (all[i].unit_id == in->unit_id && !all[i].superseded)
			return err_set(
				e, ERR_EXISTS, "unit_id",
				N_("The board has answered this audit already: write a supplementary response."));
	if ((rc = q_response_insert(db, a, x->id, 0, in, actor_of(auth).id, now, &s.id, e)))
		return rc;
	s.inspection_id = x->id;
	s.unit_id = in->unit_id;
	s.response_date = in->response_date;
	s.case_ref = in->case_ref;
	s.address = in->address;
	s.addressee = in->addressee;
	s.title = in->title;
	s.summary = in->summary;
	s.status = "draft";
	s.version = 1;
	s.created_at = s.updated_at = now;
	if (id_out)
		*id_out = s.id;
	return audit_append(db, a, actor_of(auth), "response", s.id, s.unit_id, "create", NULL,
			    json_text(a, resp_write, &s), e);
}

int response_create(struct db *db, struct arena *a, const struct auth *auth, const struct inspection *x,
		    const struct response_input *raw, int64_t *id_out, struct err *e)
{
	struct response_input in = resp_clean(a, raw);
	int rc = db_begin(db, e);
	if (rc)
		return rc;
	return db_end(db, resp_create_in_tx(db, a, auth, x, &in, id_out, e), e);
}

static const char *const resp_conflict_msg = N_(
	"Someone else has changed this response since you opened it. Their version is shown; your changes are kept in the form.");

static int resp_update_in_tx(struct db *db, struct arena *a, const struct auth *auth,
			     const struct audit_response *before, int64_t version, const struct response_input *in,
			     struct audit_response *current, struct err *e)
{
	struct audit_response after = *before;
	char now[TIME_ISO_LEN];
	int rc;

	time_now_iso(now);
	if ((rc = refuse_frozen(before->status, e)))
		return rc;
	if (before->version != version)
		return version_conflict(current, before, sizeof(*before), e, resp_conflict_msg);
	if (in->unit_id != before->unit_id)
		return err_set(e, ERR_INVALID, "unit_id", N_("A response stays with the board that wrote it."));
	if ((rc = resp_check_text(in, e)))
		return rc;
	rc = q_response_update(db, a, before->id, version, in, now, e);
	if (rc == ERR_CONFLICT)
		return version_lost(current ? response_get(db, a, before->id, current, e) : 0, e, resp_conflict_msg);
	if (rc)
		return rc;
	after.response_date = in->response_date;
	after.case_ref = in->case_ref;
	after.address = in->address;
	after.addressee = in->addressee;
	after.title = in->title;
	after.summary = in->summary;
	after.version = version + 1;
	after.updated_at = now;
	return audit_append(db, a, actor_of(auth), "response", before->id, before->unit_id, "update",
			    json_text(a, resp_write, before), json_text(a, resp_write, &after), e);
}

int response_update(struct db *db, struct arena *a, const struct auth *auth, const struct audit_response *before,
		    int64_t version, const struct response_input *raw, struct audit_response *current, struct err *e)
{
	struct response_input in = resp_clean(a, raw);
	int rc = db_begin(db, e);
	if (rc)
		return rc;
	return db_end(db, resp_update_in_tx(db, a, auth, before, version, &in, current, e), e);
}

static int approve_in_tx(struct db *db, struct arena *a, const struct auth *auth, const struct audit_response *before,
			 int64_t version, const char *by, const char *on, struct err *e)
{
	struct audit_response after = *before;
	char now[TIME_ISO_LEN], today[TIME_ISO_LEN];
	int rc;

	time_now_iso(now);
	time_today_iso(today);
	if ((rc = refuse_frozen(before->status, e)))
		return rc;
	if (before->version != version)
		return err_set(e, ERR_CONFLICT, "version", resp_conflict_msg);
	if ((rc = check_text(e, "approved_by", by, 200, true)) || (rc = check_date(e, "approved_on", on, true)))
		return rc;
	if (strcmp(on, today) > 0)
		return err_set(e, ERR_INVALID, "approved_on", N_("A response cannot be approved on a future date."));
	rc = q_response_approve(db, a, before->id, version, by, on, now, e);
	if (rc == ERR_CONFLICT)
		return err_set(e, ERR_CONFLICT, "version", resp_conflict_msg);
	if (rc)
		return rc;
	after.status = "approved";
	after.approved_by = by;
	after.approved_on = on;
	after.version = version + 1;
	after.updated_at = now;
	return audit_append(db, a, actor_of(auth), "response", before->id, before->unit_id, "approve",
			    json_text(a, resp_write, before), json_text(a, resp_write, &after), e);
}

int response_approve(struct db *db, struct arena *a, const struct auth *auth, const struct audit_response *before,
		     int64_t version, const char *approved_by, const char *approved_on, struct err *e)
{
	const char *by = text_trimmed(a, approved_by), *on = text_trimmed(a, approved_on);
	int rc = db_begin(db, e);
	if (rc)
		return rc;
	return db_end(db, approve_in_tx(db, a, auth, before, version, by, on, e), e);
}

static void area_write(struct json *j, const void *rec);
static void measure_write(struct json *j, const void *rec);

static int supplement_in_tx(struct db *db, struct arena *a, const struct auth *auth,
			    const struct audit_response *before, const char *date, int64_t *id_out, struct err *e)
{
	struct response_input in = response_input_of(before);
	struct audit_response after = *before, s = *before;
	struct action_area *areas;
	struct measure *ms;
	size_t n_areas, n_ms;
	int64_t *new_area;
	char now[TIME_ISO_LEN];
	int rc;

	time_now_iso(now);
	if (strcmp(before->status, "approved") || before->superseded)
		return err_set(e, ERR_CONFLICT, "status",
			       before->superseded ? N_("This response has been supplemented already.")
						  : N_("Approve this response before you supplement it."));
	in.response_date = date;
	in.summary = "";
	if ((rc = check_date(e, "response_date", date, true)))
		return rc;
	rc = q_response_insert(db, a, before->inspection_id, before->id, &in, actor_of(auth).id, now, &s.id, e);
	if (rc == ERR_EXISTS)
		return err_set(e, ERR_CONFLICT, "status", N_("This response has been supplemented already."));
	if (rc || (rc = q_area_list(db, a, before->id, &areas, &n_areas, e)) ||
	    (rc = q_measure_of_response(db, a, before->id, &ms, &n_ms, e)))
		return rc;
	new_area = arena_calloc(a, n_areas + 1, sizeof(*new_area));
	for (size_t i = 0; i < n_areas; i++) {
		struct action_area_input ai = area_input_of(&areas[i]);
		int64_t *ids = arena_calloc(a, 64, sizeof(*ids));
		size_t k = 0;
		for (const char *p = areas[i].rec_ids; p && *p && k < 64;) {
			int64_t v = 0;
			while (*p >= '0' && *p <= '9')
				v = v * 10 + (*p++ - '0');
			ids[k++] = v;
			if (*p == ',')
				p++;
		}
		struct action_area copy = areas[i];
		if ((rc = q_area_insert(db, a, s.id, &ai, actor_of(auth).id, now, &new_area[i], e)) ||
		    (rc = q_area_set_recommendations(db, a, new_area[i], ids, k, e)))
			return rc;
		copy.id = new_area[i];
		copy.response_id = s.id;
		copy.version = 1;
		if ((rc = audit_append(db, a, actor_of(auth), "action_area", copy.id, before->unit_id, "create", NULL,
				       json_text(a, area_write, &copy), e)))
			return rc;
	}
	for (size_t i = 0; i < n_ms; i++) {
		struct measure_input mi = measure_input_of(&ms[i]);
		int64_t id;
		for (size_t k = 0; mi.area_id && k < n_areas; k++)
			if (areas[k].id == ms[i].area_id) {
				mi.area_id = new_area[k];
				break;
			}
		struct measure copy = ms[i];
		if ((rc = q_measure_insert(db, a, s.id, &mi, ms[i].id, actor_of(auth).id, now, &id, e)))
			return rc;
		copy.id = id;
		copy.response_id = s.id;
		copy.area_id = mi.area_id;
		copy.previous_id = ms[i].id;
		copy.version = 1;
		copy.created_at = copy.updated_at = now;
		if ((rc = audit_append(db, a, actor_of(auth), "measure", id, before->unit_id, "create", NULL,
				       json_text(a, measure_write, &copy), e)))
			return rc;
	}
	if ((rc = q_response_supersede(db, a, before->id, now, e)))
		return rc;
	after.superseded = true;
	after.version = before->version + 1;
	after.updated_at = now;
	s.supplements_id = before->id;
	s.superseded = false;
	s.response_date = date;
	s.summary = "";
	s.status = "draft";
	s.approved_by = s.approved_on = NULL;
	s.version = 1;
	s.created_at = s.updated_at = now;
	if ((rc = audit_append(db, a, actor_of(auth), "response", before->id, before->unit_id, "supersede",
			       json_text(a, resp_write, before), json_text(a, resp_write, &after), e)) ||
	    (rc = audit_append(db, a, actor_of(auth), "response", s.id, s.unit_id, "create", NULL,
			       json_text(a, resp_write, &s), e)))
		return rc;
	if (id_out)
		*id_out = s.id;
	return 0;
}

int response_supplement(struct db *db, struct arena *a, const struct auth *auth, const struct audit_response *before,
			const char *date, int64_t *id_out, struct err *e)
{
	char today[TIME_ISO_LEN];
	int rc;
	time_today_iso(today);
	date = date && *date ? text_trimmed(a, date) : arena_strdup(a, today);
	if ((rc = db_begin(db, e)))
		return rc;
	return db_end(db, supplement_in_tx(db, a, auth, before, date, id_out, e), e);
}

void response_json_open(struct json *j, const struct audit_response *s)
{
	json_obj_open(j);
	json_kv_int(j, "id", s->id);
	json_kv_int(j, "inspection_id", s->inspection_id);
	json_kv_str(j, "inspection_title", s->inspection_title);
	json_kv_int(j, "unit_id", s->unit_id);
	json_kv_str(j, "unit_name", s->unit_name);
	json_kv_id(j, "supplements_id", s->supplements_id);
	json_kv_bool(j, "superseded", s->superseded);
	json_kv_str(j, "response_date", s->response_date);
	json_kv_str(j, "case_ref", s->case_ref);
	json_kv_str(j, "address", s->address);
	json_kv_str(j, "addressee", s->addressee);
	json_kv_str(j, "title", s->title);
	json_kv_str(j, "summary", s->summary);
	json_kv_str(j, "status", s->status);
	json_kv_str(j, "approved_by", s->approved_by);
	json_kv_str(j, "approved_on", s->approved_on);
	json_kv_int(j, "version", s->version);
	json_kv_str(j, "created_at", s->created_at);
	json_kv_str(j, "updated_at", s->updated_at);
}

void response_json(struct json *j, const struct audit_response *s)
{
	response_json_open(j, s);
	json_obj_close(j);
}

/* --- action areas ------------------------------------------------------------------------------ */

int area_get(struct db *db, struct arena *a, int64_t id, struct action_area *out, struct err *e)
{
	int rc = q_area_get(db, a, id, out, e);
	return rc == ERR_NOTFOUND ? err_set(e, ERR_NOTFOUND, "id", N_("No such action area.")) : rc;
}

int area_scope(struct db *db, struct arena *a, int64_t id, struct scope *s, struct err *e)
{
	struct action_area *x = arena_calloc(a, 1, sizeof(*x));
	struct audit_response r;
	int rc = area_get(db, a, id, x, e);
	if (rc || (rc = response_get(db, a, x->response_id, &r, e)))
		return rc;
	*s = (struct scope){ "action_area", x, r.unit_id, r.unit_path, 0 };
	return 0;
}

int area_list(struct db *db, struct arena *a, int64_t response_id, struct action_area **out, size_t *n, struct err *e)
{
	return q_area_list(db, a, response_id, out, n, e);
}

struct action_area_input area_input_of(const struct action_area *x)
{
	struct action_area_input in = { 0 };
	in.number = x->number;
	in.heading = x->heading;
	in.decided_action = x->decided_action;
	in.expected_effect = x->expected_effect;
	in.actions_taken = x->actions_taken;
	return in;
}

static struct action_area_input area_clean(struct arena *a, const struct action_area_input *raw)
{
	struct action_area_input in = *raw;
	in.heading = text_trimmed(a, raw->heading);
	in.decided_action = text_trimmed(a, raw->decided_action);
	in.expected_effect = text_trimmed(a, raw->expected_effect);
	in.actions_taken = text_trimmed(a, raw->actions_taken);
	return in;
}

static int area_check(struct db *db, struct arena *a, int64_t inspection_id, const struct action_area_input *in,
		      struct err *e)
{
	int rc;
	if (in->number < 1 || in->number > 1000)
		return err_set(e, ERR_INVALID, "number", N_("Give the action area's number, from 1."));
	if ((rc = check_text(e, "heading", in->heading, 5000, true)) ||
	    (rc = check_text(e, "decided_action", in->decided_action, 100000, false)) ||
	    (rc = check_text(e, "expected_effect", in->expected_effect, 100000, false)) ||
	    (rc = check_text(e, "actions_taken", in->actions_taken, 200000, false)))
		return rc;
	for (size_t i = 0; in->set_recommendations && i < in->n_recommendation_ids; i++) {
		bool ok = false;
		if ((rc = q_area_rec_of(db, a, in->recommendation_ids[i], inspection_id, &ok, e)))
			return rc;
		if (!ok)
			return err_set(e, ERR_INVALID, "recommendation_ids",
				       N_("An action area answers recommendations of the audit the response answers."));
		for (size_t k = 0; k < i; k++)
			if (in->recommendation_ids[k] == in->recommendation_ids[i])
				return err_set(e, ERR_INVALID, "recommendation_ids",
					       N_("A recommendation is named twice."));
	}
	return 0;
}

static void area_write(struct json *j, const void *rec)
{
	area_json(j, rec);
}

static const char *const area_exists_msg = N_("The response has an action area with this number already.");

static int area_create_in_tx(struct db *db, struct arena *a, const struct auth *auth, const struct audit_response *s,
			     const struct action_area_input *in, int64_t *id_out, struct err *e)
{
	struct action_area x = { 0 };
	char now[TIME_ISO_LEN];
	int rc;

	time_now_iso(now);
	if ((rc = refuse_frozen(s->status, e)) || (rc = area_check(db, a, s->inspection_id, in, e)))
		return rc;
	rc = q_area_insert(db, a, s->id, in, actor_of(auth).id, now, &x.id, e);
	if (rc == ERR_EXISTS)
		return err_set(e, ERR_EXISTS, "number", area_exists_msg);
	if (rc || (rc = q_area_set_recommendations(db, a, x.id, in->recommendation_ids, in->n_recommendation_ids, e)))
		return rc;
	x.response_id = s->id;
	x.number = in->number;
	x.heading = in->heading;
	x.decided_action = in->decided_action;
	x.expected_effect = in->expected_effect;
	x.actions_taken = in->actions_taken;
	x.rec_ids = x.rec_numbers = "";
	x.version = 1;
	x.created_at = x.updated_at = now;
	if (id_out)
		*id_out = x.id;
	return audit_append(db, a, actor_of(auth), "action_area", x.id, s->unit_id, "create", NULL,
			    json_text(a, area_write, &x), e);
}

int area_create(struct db *db, struct arena *a, const struct auth *auth, const struct audit_response *s,
		const struct action_area_input *raw, int64_t *id_out, struct err *e)
{
	struct action_area_input in = area_clean(a, raw);
	int rc;
	in.set_recommendations = true;
	if ((rc = db_begin(db, e)))
		return rc;
	return db_end(db, area_create_in_tx(db, a, auth, s, &in, id_out, e), e);
}

static const char *const area_conflict_msg = N_(
	"Someone else has changed this action area since you opened it. Their version is shown; your changes are kept in the form.");

static int area_update_in_tx(struct db *db, struct arena *a, const struct auth *auth, const struct action_area *before,
			     int64_t version, const struct action_area_input *in, struct action_area *current,
			     struct err *e)
{
	struct action_area after = *before;
	struct audit_response s;
	char now[TIME_ISO_LEN];
	int rc;

	time_now_iso(now);
	if ((rc = response_get(db, a, before->response_id, &s, e)) || (rc = refuse_frozen(s.status, e)))
		return rc;
	if (before->version != version)
		return version_conflict(current, before, sizeof(*before), e, area_conflict_msg);
	if ((rc = area_check(db, a, s.inspection_id, in, e)))
		return rc;
	rc = q_area_update(db, a, before->id, version, in, now, e);
	if (rc == ERR_EXISTS)
		return err_set(e, ERR_EXISTS, "number", area_exists_msg);
	if (rc == ERR_CONFLICT)
		return version_lost(current ? area_get(db, a, before->id, current, e) : 0, e, area_conflict_msg);
	if (rc ||
	    (in->set_recommendations &&
	     (rc = q_area_set_recommendations(db, a, before->id, in->recommendation_ids, in->n_recommendation_ids, e))))
		return rc;
	after.number = in->number;
	after.heading = in->heading;
	after.decided_action = in->decided_action;
	after.expected_effect = in->expected_effect;
	after.actions_taken = in->actions_taken;
	after.version = version + 1;
	after.updated_at = now;
	return audit_append(db, a, actor_of(auth), "action_area", before->id, s.unit_id, "update",
			    json_text(a, area_write, before), json_text(a, area_write, &after), e);
}

int area_update(struct db *db, struct arena *a, const struct auth *auth, const struct action_area *before,
		int64_t version, const struct action_area_input *raw, struct action_area *current, struct err *e)
{
	struct action_area_input in = area_clean(a, raw);
	int rc = db_begin(db, e);
	if (rc)
		return rc;
	return db_end(db, area_update_in_tx(db, a, auth, before, version, &in, current, e), e);
}

void area_json(struct json *j, const struct action_area *x)
{
	json_obj_open(j);
	json_kv_int(j, "id", x->id);
	json_kv_int(j, "response_id", x->response_id);
	json_kv_int(j, "number", x->number);
	json_kv_str(j, "heading", x->heading);
	json_kv_str(j, "decided_action", x->decided_action);
	json_kv_str(j, "expected_effect", x->expected_effect);
	json_kv_str(j, "actions_taken", x->actions_taken);
	json_key(j, "recommendation_ids");
	json_arr_open(j);
	for (const char *p = x->rec_ids; p && *p;) {
		int64_t v = 0;
		while (*p >= '0' && *p <= '9')
			v = v * 10 + (*p++ - '0');
		json_int(j, v);
		if (*p == ',')
			p++;
	}
	json_arr_close(j);
	json_kv_int(j, "version", x->version);
	json_obj_close(j);
}

/* --- measures ---------------------------------------------------------------------------------- */

int measure_get(struct db *db, struct arena *a, int64_t id, struct measure *out, struct err *e)
{
	int rc = q_measure_get(db, a, id, out, e);
	return rc == ERR_NOTFOUND ? err_set(e, ERR_NOTFOUND, "id", N_("No such measure.")) : rc;
}

int measure_scope(struct db *db, struct arena *a, int64_t id, struct scope *s, struct err *e)
{
	struct measure *m = arena_calloc(a, 1, sizeof(*m));
	int rc = measure_get(db, a, id, m, e);
	if (rc)
		return rc;
	*s = (struct scope){ "measure", m, m->response_unit_id, m->response_unit_path, 0 };
	return 0;
}

int measure_of_response(struct db *db, struct arena *a, int64_t response_id, struct measure **out, size_t *n,
			struct err *e)
{
	return q_measure_of_response(db, a, response_id, out, n, e);
}

int measure_of_recommendation(struct db *db, struct arena *a, int64_t rec_id, struct measure **out, size_t *n,
			      struct err *e)
{
	return q_measure_of_recommendation(db, a, rec_id, out, n, e);
}

int measure_list(struct db *db, struct arena *a, const struct measure_filter *f, struct measure **out, size_t *n,
		 int64_t *total, struct err *e)
{
	struct measure_filter g = *f;
	char today[TIME_ISO_LEN];
	const char *subtree;
	int rc = unit_subtree(db, a, f->unit_id, &subtree, e);
	if (rc)
		return rc;
	if (!g.today) {
		time_today_iso(today);
		g.today = today;
	}
	return q_measure_list(db, a, &g, subtree, out, n, total, e);
}

bool measure_overdue(const struct measure *m, const char *today)
{
	return m->open && !m->response_superseded && strcmp(m->status, "done") && m->planned_date && *m->planned_date &&
	       today && strcmp(m->planned_date, today) < 0;
}

struct measure_input measure_input_of(const struct measure *m)
{
	struct measure_input in = { 0 };
	in.area_id = m->area_id;
	in.title = m->title;
	in.unit_id = m->unit_id;
	in.owner_id = m->owner_id;
	in.status = m->status;
	in.comment = m->comment;
	in.case_ref = m->case_ref;
	in.planned_date = m->planned_date;
	in.done_date = m->done_date;
	return in;
}

static struct measure_input measure_clean(struct arena *a, const struct measure_input *raw)
{
	struct measure_input in = *raw;
	in.title = text_trimmed(a, raw->title);
	in.status = raw->status && *raw->status ? text_trimmed(a, raw->status) : "planned";
	in.comment = text_trimmed(a, raw->comment);
	in.case_ref = text_trimmed(a, raw->case_ref);
	in.planned_date = raw->planned_date && *raw->planned_date ? text_trimmed(a, raw->planned_date) : NULL;
	in.done_date = raw->done_date && *raw->done_date ? text_trimmed(a, raw->done_date) : NULL;
	return in;
}

/* Check @in for a measure of @s; fill the names of @after that changed. */
static int measure_check(struct db *db, struct arena *a, const struct auth *auth, int64_t response_id,
			 const struct measure_input *in, const struct measure *before, struct measure *after,
			 struct err *e)
{
	int rc;
	if ((rc = check_text(e, "title", in->title, 2000, true)))
		return rc;
	if (!in->unit_id)
		return err_set(e, ERR_INVALID, "unit_id", N_("Choose the unit responsible for the measure."));
	if (!before || before->unit_id != in->unit_id) {
		struct insp_board u;
		rc = q_inspection_unit(db, a, in->unit_id, &u, e);
		if (rc == ERR_NOTFOUND || (!rc && !authz_may_reference(auth, ACCESS_READ, u.path, 0)))
			return err_set(e, ERR_INVALID, "unit_id", N_("No such unit."));
		if (rc)
			return rc;
		after->unit_name = u.name;
		after->unit_path = u.path;
	}
	if (in->owner_id && (!before || before->owner_id != in->owner_id)) {
		struct user u;
		rc = q_user_get(db, a, in->owner_id, &u, e);
		if (rc == ERR_NOTFOUND)
			return err_set(e, ERR_INVALID, "owner_id", N_("No such user."));
		if (rc)
			return rc;
		after->owner_name = u.display_name;
	}
	if (table_index(measure_statuses, MEASURE_STATUS_COUNT, in->status) < 0)
		return err_set(e, ERR_INVALID, "status", N_("The status is planned, ongoing or completed."));
	if (in->area_id && (!before || before->area_id != in->area_id)) {
		struct action_area x;
		rc = q_area_get(db, a, in->area_id, &x, e);
		if (rc == ERR_NOTFOUND || (!rc && x.response_id != response_id))
			return err_set(e, ERR_INVALID, "area_id", N_("Choose an action area of this response."));
		if (rc)
			return rc;
		after->area_number = x.number;
	}
	if ((rc = check_text(e, "comment", in->comment, 20000, false)) ||
	    (rc = check_text(e, "case_ref", in->case_ref, 100, false)) ||
	    (rc = check_date(e, "planned_date", in->planned_date, false)) ||
	    (rc = check_date(e, "done_date", in->done_date, false)))
		return rc;
	if (in->done_date && strcmp(in->status, "done"))
		return err_set(e, ERR_INVALID, "done_date", N_("Only a completed measure has a done date."));
	return 0;
}

static void measure_apply(struct measure *m, const struct measure_input *in)
{
	m->area_id = in->area_id;
	m->title = in->title;
	m->unit_id = in->unit_id;
	m->owner_id = in->owner_id;
	m->status = in->status;
	m->comment = in->comment;
	m->case_ref = in->case_ref;
	m->planned_date = in->planned_date;
	m->done_date = in->done_date;
	m->open = strcmp(in->status, "done") != 0;
}

static void measure_write(struct json *j, const void *rec)
{
	measure_json(j, rec, NULL);
}

static int measure_create_in_tx(struct db *db, struct arena *a, const struct auth *auth, const struct audit_response *s,
				const struct measure_input *in, int64_t *id_out, struct err *e)
{
	struct measure m = { 0 };
	char now[TIME_ISO_LEN];
	int rc;

	time_now_iso(now);
	if ((rc = refuse_frozen(s->status, e)) || (rc = measure_check(db, a, auth, s->id, in, NULL, &m, e)) ||
	    (rc = q_measure_insert(db, a, s->id, in, 0, actor_of(auth).id, now, &m.id, e)))
		return rc;
	measure_apply(&m, in);
	m.response_id = s->id;
	m.response_status = s->status;
	m.inspection_id = s->inspection_id;
	m.version = 1;
	m.created_at = m.updated_at = now;
	if (id_out)
		*id_out = m.id;
	return audit_append(db, a, actor_of(auth), "measure", m.id, s->unit_id, "create", NULL,
			    json_text(a, measure_write, &m), e);
}

int measure_create(struct db *db, struct arena *a, const struct auth *auth, const struct audit_response *s,
		   const struct measure_input *raw, int64_t *id_out, struct err *e)
{
	struct measure_input in = measure_clean(a, raw);
	int rc = db_begin(db, e);
	if (rc)
		return rc;
	return db_end(db, measure_create_in_tx(db, a, auth, s, &in, id_out, e), e);
}

static const char *const measure_conflict_msg = N_(
	"Someone else has changed this measure since you opened it. Their version is shown; your changes are kept in the form.");

static int measure_update_in_tx(struct db *db, struct arena *a, const struct auth *auth, const struct measure *before,
				int64_t version, const struct measure_input *in, struct measure *current,
				const char *action, struct err *e)
{
	struct measure after = *before;
	char now[TIME_ISO_LEN];
	int rc;

	time_now_iso(now);
	if ((rc = refuse_frozen(before->response_status, e)))
		return rc;
	if (before->version != version)
		return version_conflict(current, before, sizeof(*before), e, measure_conflict_msg);
	if ((rc = measure_check(db, a, auth, before->response_id, in, before, &after, e)))
		return rc;
	rc = q_measure_update(db, a, before->id, version, in, now, e);
	if (rc == ERR_CONFLICT)
		return version_lost(current ? measure_get(db, a, before->id, current, e) : 0, e, measure_conflict_msg);
	if (rc)
		return rc;
	measure_apply(&after, in);
	after.version = version + 1;
	after.updated_at = now;
	return audit_append(db, a, actor_of(auth), "measure", before->id, before->response_unit_id, action,
			    json_text(a, measure_write, before), json_text(a, measure_write, &after), e);
}

int measure_update(struct db *db, struct arena *a, const struct auth *auth, const struct measure *before,
		   int64_t version, const struct measure_input *raw, struct measure *current, struct err *e)
{
	struct measure_input in = measure_clean(a, raw);
	int rc = db_begin(db, e);
	if (rc)
		return rc;
	return db_end(db, measure_update_in_tx(db, a, auth, before, version, &in, current, "update", e), e);
}

static int handover_in_tx(struct db *db, struct arena *a, const struct auth *auth, const struct measure *before,
			  int64_t version, int64_t to_unit_id, const char *on, const char *note, struct err *e)
{
	struct measure_input in = measure_input_of(before);
	struct measure_handover h = { 0 };
	char now[TIME_ISO_LEN];
	int rc;

	time_now_iso(now);
	if ((rc = refuse_frozen(before->response_status, e)))
		return rc;
	if (!to_unit_id)
		return err_set(e, ERR_INVALID, "to_unit_id", N_("Choose the unit that takes the measure over."));
	if (to_unit_id == before->unit_id)
		return err_set(e, ERR_INVALID, "to_unit_id", N_("The measure is with this unit already."));
	if ((rc = check_date(e, "handed_on", on, true)) || (rc = check_text(e, "note", note, 2000, false)))
		return rc;
	{
		struct insp_board u;
		rc = q_inspection_unit(db, a, to_unit_id, &u, e);
		if (rc == ERR_NOTFOUND || (!rc && !authz_may_reference(auth, ACCESS_READ, u.path, 0)))
			return err_set(e, ERR_INVALID, "to_unit_id", N_("No such unit."));
		if (rc)
			return rc;
	}
	in.unit_id = to_unit_id;
	if ((rc = measure_update_in_tx(db, a, auth, before, version, &in, NULL, "handover", e)))
		return rc;
	h.measure_id = before->id;
	h.from_unit_id = before->unit_id;
	h.to_unit_id = to_unit_id;
	h.handed_on = on;
	h.note = note;
	h.created_by = actor_of(auth).id;
	h.created_at = now;
	return q_handover_insert(db, a, &h, e);
}

int measure_handover(struct db *db, struct arena *a, const struct auth *auth, const struct measure *before,
		     int64_t version, int64_t to_unit_id, const char *handed_on, const char *note, struct err *e)
{
	char today[TIME_ISO_LEN];
	const char *on;
	int rc;
	time_today_iso(today);
	on = handed_on && *handed_on ? text_trimmed(a, handed_on) : arena_strdup(a, today);
	if ((rc = db_begin(db, e)))
		return rc;
	return db_end(db, handover_in_tx(db, a, auth, before, version, to_unit_id, on, text_trimmed(a, note), e), e);
}

int measure_history(struct db *db, struct arena *a, const struct measure *m, struct measure **chain, size_t *n_chain,
		    struct measure_handover **handovers, size_t *n_handovers, struct err *e)
{
	enum { MAX_CHAIN = 50 };
	struct measure *c = arena_calloc(a, MAX_CHAIN, sizeof(*c));
	int64_t *ids = arena_calloc(a, MAX_CHAIN, sizeof(*ids));
	size_t n = 0;
	int rc;

	c[n++] = *m;
	while (n < MAX_CHAIN && c[n - 1].previous_id) {
		if ((rc = q_measure_get(db, a, c[n - 1].previous_id, &c[n], e)))
			return rc;
		n++;
	}
	for (size_t i = 0; i < n / 2; i++) {
		struct measure t = c[i];
		c[i] = c[n - 1 - i];
		c[n - 1 - i] = t;
	}
	for (size_t i = 0; i < n; i++)
		ids[i] = c[i].id;
	*chain = c;
	*n_chain = n;
	return q_handover_of(db, a, ids, n, handovers, n_handovers, e);
}

void measure_json_open(struct json *j, const struct measure *m, const char *today)
{
	json_obj_open(j);
	json_kv_int(j, "id", m->id);
	json_kv_int(j, "response_id", m->response_id);
	json_kv_id(j, "area_id", m->area_id);
	json_kv_int(j, "position", m->position);
	json_kv_str(j, "title", m->title);
	json_kv_int(j, "unit_id", m->unit_id);
	json_kv_str(j, "unit_name", m->unit_name);
	json_kv_id(j, "owner_id", m->owner_id);
	json_kv_str(j, "owner_name", m->owner_name);
	json_kv_str(j, "status", m->status);
	json_kv_str(j, "comment", m->comment);
	json_kv_str(j, "case_ref", m->case_ref);
	json_kv_str(j, "planned_date", m->planned_date);
	json_kv_str(j, "done_date", m->done_date);
	json_kv_id(j, "previous_id", m->previous_id);
	json_kv_str(j, "handed_to", m->handed_to);
	if (today)
		json_kv_bool(j, "overdue", measure_overdue(m, today));
	json_kv_int(j, "version", m->version);
	json_kv_str(j, "updated_at", m->updated_at);
}

void measure_json(struct json *j, const struct measure *m, const char *today)
{
	measure_json_open(j, m, today);
	json_obj_close(j);
}

void handover_json(struct json *j, const struct measure_handover *h)
{
	json_obj_open(j);
	json_kv_int(j, "measure_id", h->measure_id);
	json_kv_int(j, "from_unit_id", h->from_unit_id);
	json_kv_str(j, "from_unit_name", h->from_name);
	json_kv_int(j, "to_unit_id", h->to_unit_id);
	json_kv_str(j, "to_unit_name", h->to_name);
	json_kv_str(j, "handed_on", h->handed_on);
	json_kv_str(j, "note", h->note);
	json_obj_close(j);
}

/* --- "Mina uppgifter" and the activity link kind ------------------------------------------------ */

int measure_tasks(struct db *db, struct arena *a, const struct auth *auth, const char *today, size_t max,
		  struct task **out, size_t *n, struct err *e)
{
	struct measure_filter f = { 0 };
	struct measure *list;
	int rc;

	*n = 0;
	if (!auth || !auth->user_id) {
		*out = arena_calloc(a, 1, sizeof(**out));
		return 0;
	}
	f.viewer_id = auth->user_id;
	f.owner_id = auth->user_id;
	f.today = today;
	f.limit = (int64_t)(max ? max : 1);
	if ((rc = measure_list(db, a, &f, &list, n, NULL, e)))
		return rc;
	*out = arena_calloc(a, *n ? *n : 1, sizeof(**out));
	for (size_t i = 0; i < *n; i++) {
		struct task *t = &(*out)[i];
		t->kind = "measure";
		t->id = list[i].id;
		t->title = list[i].title;
		t->context = arena_printf(a, "%s – %s", tr(auth->lang, "Response to an audit"), list[i].response_title);
		t->status = measure_status_label(list[i].status);
		t->due = list[i].planned_date;
		t->overdue = measure_overdue(&list[i], today);
	}
	return 0;
}

int measure_activity_create(struct db *db, struct arena *a, const struct auth *auth, enum lang lang,
			    const struct measure *m, int64_t *id_out, struct err *e)
{
	struct activity_input in = { 0 };
	int rc;

	if (!authz_may_reference(auth, ACCESS_EDIT, m->unit_path, 0))
		return err_set(e, ERR_FORBIDDEN, "unit_id",
			       N_("Your roles do not let you add activities to the unit responsible for the measure."));
	if (!strcmp(m->status, "done"))
		return err_set(e, ERR_INVALID, "status", N_("The measure is completed already."));
	if (str_utf8_len(m->title) > 300)
		return err_set(e, ERR_INVALID, "title",
			       N_("The measure's title is too long for an activity: shorten it first."));
	in.title = m->title;
	in.purpose = arena_printf(a, "%s: %s", tr(lang, "Measure of the response"), m->response_title);
	in.responsible_unit_id = m->unit_id;
	in.responsible_id = m->owner_id;
	in.due_date = m->planned_date;
	in.status = "not_started";
	if ((rc = db_begin(db, e)))
		return rc;
	rc = activity_create_linked_in_tx(db, a, auth, m->unit_id, tr(lang, "Measures after audits"), &in, "measure",
					  m->id, id_out, e);
	return db_end(db, rc, e);
}

int measure_link_read(struct db *db, struct arena *a, int64_t id, struct activity_target *out, struct err *e)
{
	struct measure m;
	int rc = q_measure_get(db, a, id, &m, e);
	if (rc)
		return rc;
	out->label = m.title;
	out->unit_id = m.response_unit_id;
	out->unit_path = m.response_unit_path;
	return 0;
}
