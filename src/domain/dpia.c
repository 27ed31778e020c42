/*
 * dpia.c - impact assessments (konsekvensbedömningar, DPIA, Art. 35) of a
 * processing activity, as versions.
 *
 * Each save records a new version: the systematic description, necessity
 * and proportionality, the risks to the data subjects (each with its
 * likelihood and severity, 1-4), the measures, the residual risk and
 * whether prior consultation of IMY is needed (Art. 36). Earlier versions
 * stay readable. The data protection officer's opinion (Art. 35(2)) is
 * recorded on a version. Its measures become activities of the action
 * plans in one step: in this year's plan of the activity's unit, its owner
 * responsible, each addressing the version (link kind "dpia").
 */
#include "domain/gdpr.h"

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
#include "domain/activity.h"
#include "domain/audit.h"
#include "domain/validate.h"

const char *const dpia_residual_risks[4] = { "", "low", "medium", "high" };
const char *const dpia_residual_labels[4] = { N_("Not assessed"), N_("Low"), N_("Medium"), N_("High") };

int dpia_scope(struct db *db, struct arena *a, int64_t id, struct scope *s, struct err *e)
{
	struct gdpr_dpia *d = arena_calloc(a, 1, sizeof(*d));
	struct gdpr_activity act;
	int rc = q_dpia_get(db, a, id, d, e);
	if (rc == ERR_NOTFOUND)
		return err_set(e, ERR_NOTFOUND, "id", N_("No such impact assessment."));
	if (rc || (rc = gdpr_activity_get(db, a, d->activity_id, &act, e)))
		return rc;
	*s = (struct scope){ "dpia", d, act.unit_id, act.unit_path, act.owner_id };
	return 0;
}

int dpia_versions(struct db *db, struct arena *a, int64_t activity_id, struct gdpr_dpia **out, size_t *n, struct err *e)
{
	return q_dpias(db, a, activity_id, out, n, e);
}

int dpia_items(struct db *db, struct arena *a, int64_t dpia_id, struct gdpr_dpia_item **out, size_t *n, struct err *e)
{
	return q_dpia_items(db, a, dpia_id, out, n, e);
}

static const char *snapshot(struct arena *a, const struct gdpr_dpia *d, const struct gdpr_dpia_item *items, size_t n)
{
	struct buf b;
	struct json j;
	buf_init(&b, a);
	json_init(&j, &b);
	dpia_json(&j, d, items, n);
	return b.data;
}

/*
 * A measure the newest version already had, word for word, keeps the
 * activity made of it: a new version of the assessment makes no second
 * activity for the same measure.
 */
static int carry_activities(struct db *db, struct arena *a, int64_t activity_id, struct gdpr_dpia_item *items, size_t n,
			    struct err *e)
{
	struct gdpr_dpia *v;
	struct gdpr_dpia_item *old;
	size_t n_v, n_old;
	int rc;

	if ((rc = dpia_versions(db, a, activity_id, &v, &n_v, e)) || !n_v ||
	    (rc = q_dpia_items(db, a, v[0].id, &old, &n_old, e)))
		return rc;
	for (size_t i = 0; i < n; i++) {
		if (strcmp(items[i].kind, "measure"))
			continue;
		for (size_t k = 0; k < n_old; k++) {
			if (!old[k].action_id || strcmp(old[k].kind, "measure") || strcmp(old[k].text, items[i].text))
				continue;
			items[i].action_id = old[k].action_id;
			old[k].action_id = 0; /* one activity for one measure */
			break;
		}
	}
	return 0;
}

static int create_in_tx(struct db *db, struct arena *a, const struct auth *auth, const struct gdpr_activity *act,
			const struct gdpr_dpia_input *in, int64_t *id_out, struct err *e)
{
	struct gdpr_dpia d = { 0 };
	struct gdpr_dpia_item *items;
	size_t n = 0;
	char now[TIME_ISO_LEN];
	int rc;

	time_now_iso(now);
	d.activity_id = act->id;
	d.description = text_trimmed(a, in->description);
	d.necessity = text_trimmed(a, in->necessity);
	d.residual_risk = in->residual_risk ? in->residual_risk : "";
	d.prior_consultation = in->prior_consultation;
	d.dpo_opinion = "";
	d.created_at = now;
	/* REQ: GDPR-35.7 (a) a systematic description, (b) necessity and proportionality, (c) risks, (d) measures */
	if ((rc = check_text(e, "description", d.description, 50000, true)) ||
	    (rc = check_text(e, "necessity", d.necessity, 50000, false)))
		return rc;
	{
		bool known = false;
		for (size_t k = 0; k < 4; k++)
			known |= !strcmp(dpia_residual_risks[k], d.residual_risk);
		if (!known)
			return err_set(e, ERR_INVALID, "residual_risk", N_("Choose low, medium or high."));
	}
	if (in->n_risks > GDPR_MAX_DPIA_ITEMS || in->n_measures > GDPR_MAX_DPIA_ITEMS)
		return err_set(e, ERR_INVALID, "risk_1", N_("Too many risks or measures."));
	items = arena_calloc(a, in->n_risks + in->n_measures + 1, sizeof(*items));
	for (size_t i = 0; i < in->n_risks; i++) {
		const struct gdpr_dpia_item *r = &in->risks[i];
		const char *text = text_trimmed(a, r->text);
		if (!*text && !r->likelihood && !r->severity)
			continue;
		if ((rc = check_text(e, arena_printf(a, "risk_%zu", i + 1), text, 2000, true)))
			return rc;
		if (r->likelihood < 1 || r->likelihood > 4)
			return err_set(e, ERR_INVALID, arena_printf(a, "likelihood_%zu", i + 1),
				       N_("Choose the likelihood, 1 to 4."));
		if (r->severity < 1 || r->severity > 4)
			return err_set(e, ERR_INVALID, arena_printf(a, "severity_%zu", i + 1),
				       N_("Choose the severity, 1 to 4."));
		items[n] = (struct gdpr_dpia_item){ 0,           0, "risk", (int64_t)n + 1, text, r->likelihood,
						    r->severity, 0, NULL };
		n++;
	}
	for (size_t i = 0, pos = 1; i < in->n_measures; i++) {
		const char *text = text_trimmed(a, in->measures[i].text);
		if (!*text)
			continue;
		if ((rc = check_text(e, arena_printf(a, "measure_%zu", i + 1), text, 2000, true)))
			return rc;
		items[n++] = (struct gdpr_dpia_item){ 0, 0, "measure", (int64_t)pos++, text, 0, 0, 0, NULL };
	}
	if ((rc = carry_activities(db, a, act->id, items, n, e)) ||
	    (rc = q_dpia_insert(db, a, &d, actor_of(auth).id, now, &d.id, &d.version_no, e)))
		return rc;
	for (size_t i = 0; i < n; i++) {
		items[i].dpia_id = d.id;
		if ((rc = q_dpia_item_insert(db, a, &items[i], e)))
			return rc;
	}
	/* The assessment is current again. */
	if (act->dpia_needs_review && (rc = q_gdpr_activity_dpia_reviewed(db, a, act->id, e)))
		return rc;
	if ((rc = audit_append(db, a, actor_of(auth), "dpia", d.id, act->unit_id, "create", NULL,
			       snapshot(a, &d, items, n), e)))
		return rc;
	if (id_out)
		*id_out = d.id;
	return 0;
}

int dpia_create(struct db *db, struct arena *a, const struct auth *auth, const struct gdpr_activity *act,
		const struct gdpr_dpia_input *in, int64_t *id_out, struct err *e)
{
	int rc = db_begin(db, e);
	if (rc)
		return rc;
	return db_end(db, create_in_tx(db, a, auth, act, in, id_out, e), e);
}

int dpia_opinion(struct db *db, struct arena *a, const struct auth *auth, const struct gdpr_dpia *d,
		 const char *opinion, struct err *e)
{
	struct gdpr_dpia after = *d;
	struct gdpr_activity act;
	char now[TIME_ISO_LEN];
	int rc;

	time_now_iso(now);
	after.dpo_opinion = text_trimmed(a, opinion);
	after.dpo_opinion_by = actor_of(auth).id;
	after.dpo_opinion_at = now;
	/* REQ: GDPR-35.2 the advice of the data protection officer */
	if ((rc = check_text(e, "dpo_opinion", after.dpo_opinion, 20000, true)))
		return rc;
	if ((rc = db_begin(db, e)))
		return rc;
	rc = gdpr_activity_get(db, a, d->activity_id, &act, e);
	if (!rc)
		rc = q_dpia_opinion(db, a, d->id, after.dpo_opinion, after.dpo_opinion_by, now, e);
	if (!rc)
		rc = audit_append(db, a, actor_of(auth), "dpia", d->id, act.unit_id, "opinion", snapshot(a, d, NULL, 0),
				  snapshot(a, &after, NULL, 0), e);
	return db_end(db, rc, e);
}

/* What an activity made of a measure is for: the processing activity named, then the measure in full. */
static const char *measure_purpose(struct arena *a, enum lang lang, const struct gdpr_activity *act,
				   const char *measure)
{
	struct err tmp = { 0 };
	err_set1(&tmp, ERR_INVALID, NULL, N_("A measure of the impact assessment of the processing activity %s."),
		 act->name);
	return arena_printf(a, "%s\n\n%s", err_message(&tmp, lang, a), measure);
}

static int actions_in_tx(struct db *db, struct arena *a, const struct auth *auth, enum lang lang,
			 const struct gdpr_dpia *d, size_t *n_made, struct err *e)
{
	struct gdpr_dpia_item *items;
	struct gdpr_activity act;
	size_t n;
	int rc;

	*n_made = 0;
	if ((rc = gdpr_activity_get(db, a, d->activity_id, &act, e)) ||
	    (rc = q_dpia_items(db, a, d->id, &items, &n, e)))
		return rc;
	for (size_t i = 0; i < n; i++) {
		int64_t id;
		if (strcmp(items[i].kind, "measure") || items[i].action_id)
			continue;
		/* An activity of this year's action plan of the controller, addressing this version. */
		const struct activity_input in = {
			.title = str_cut_utf8(a, items[i].text, 300),
			.purpose = measure_purpose(a, lang, &act, items[i].text),
			.responsible_id = act.owner_id,
		};
		if ((rc = activity_create_linked_in_tx(db, a, auth, act.unit_id, tr(lang, "Actions"), &in, "dpia",
						       d->id, &id, e)) ||
		    (rc = q_dpia_item_set_action(db, a, items[i].id, id, e)))
			return rc;
		(*n_made)++;
	}
	if (!*n_made)
		return err_set(e, ERR_INVALID, "measures", N_("Every measure already has its activity."));
	return 0;
}

int dpia_make_actions(struct db *db, struct arena *a, const struct auth *auth, enum lang lang,
		      const struct gdpr_dpia *d, size_t *n_made, struct err *e)
{
	int rc = db_begin(db, e);
	if (rc)
		return rc;
	return db_end(db, actions_in_tx(db, a, auth, lang, d, n_made, e), e);
}

int dpia_activity_target(struct db *db, struct arena *a, int64_t id, struct activity_target *out, struct err *e)
{
	struct gdpr_dpia d;
	struct gdpr_activity act;
	int rc = q_dpia_get(db, a, id, &d, e);

	if (rc || (rc = q_gdpr_activity_get(db, a, d.activity_id, &act, e)))
		return rc;
	out->label = arena_printf(a, "%s, v. %" PRId64, act.name, d.version_no);
	out->unit_id = act.unit_id;
	out->unit_path = act.unit_path;
	return 0;
}

void dpia_json(struct json *j, const struct gdpr_dpia *d, const struct gdpr_dpia_item *items, size_t n_items)
{
	json_obj_open(j);
	json_kv_int(j, "id", d->id);
	json_kv_int(j, "activity_id", d->activity_id);
	json_kv_int(j, "version_no", d->version_no);
	json_kv_str(j, "description", d->description);
	json_kv_str(j, "necessity", d->necessity);
	json_kv_str(j, "residual_risk", d->residual_risk);
	json_kv_bool(j, "prior_consultation", d->prior_consultation);
	json_kv_str(j, "dpo_opinion", d->dpo_opinion);
	json_kv_id(j, "dpo_opinion_by", d->dpo_opinion_by);
	json_kv_str(j, "dpo_opinion_at", d->dpo_opinion_at);
	json_kv_str(j, "created_at", d->created_at);
	if (items) {
		json_key(j, "risks");
		json_arr_open(j);
		for (size_t i = 0; i < n_items; i++) {
			if (strcmp(items[i].kind, "risk"))
				continue;
			json_obj_open(j);
			json_kv_str(j, "text", items[i].text);
			json_kv_int(j, "likelihood", items[i].likelihood);
			json_kv_int(j, "severity", items[i].severity);
			json_obj_close(j);
		}
		json_arr_close(j);
		json_key(j, "measures");
		json_arr_open(j);
		for (size_t i = 0; i < n_items; i++) {
			if (strcmp(items[i].kind, "measure"))
				continue;
			json_obj_open(j);
			json_kv_str(j, "text", items[i].text);
			json_kv_id(j, "action_id", items[i].action_id);
			json_kv_str(j, "action_status", items[i].action_status);
			json_obj_close(j);
		}
		json_arr_close(j);
	}
	json_obj_close(j);
}
