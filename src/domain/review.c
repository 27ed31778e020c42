/*
 * review.c - management reviews: drafts, their texts and priorities,
 * approval that freezes a version, new versions; and the DPO's
 * recommendations.
 */
#include "domain/review.h"

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
#include "domain/authz.h"
#include "domain/figures.h"
#include "domain/inspection.h"
#include "domain/intcontrol.h"
#include "domain/unit.h"
#include "domain/validate.h"

#define TEXT_MAX 20000

const struct review_section review_sections[REVIEW_SECTIONS] = {
	{ "background", "", N_("Background"), N_("Why the review is made and what it is for.") },
	{ "status", "1", N_("Status of actions from earlier management reviews"),
	  N_("What has been done since the last review. The status of each action decided then is added from the action plans.") },
	{ "isms", "2", N_("Information security management system (ISMS)"),
	  N_("How the management system is built and governed in the organisation and in this unit.") },
	{ "factors", "3", N_("Factors that affect the work"), N_("A short introduction to the factors below.") },
	{ "factor_law", "3.1", N_("New law and regulation"), N_("For example the cybersecurity act (NIS2).") },
	{ "factor_transfer", "3.2", N_("Transfers to third countries"),
	  N_("Cloud services, suppliers and decisions on adequacy.") },
	{ "factor_budget", "3.3", N_("Budget"), N_("What the budget says of information security.") },
	{ "factor_control", "3.4", N_("Internal control"),
	  N_("How information security is part of the internal control.") },
	{ "factor_rsa", "3.5", N_("Risk and vulnerability analysis (RSA)"),
	  N_("Where the unit is in the cycle of the RSA.") },
	{ "results", "4", N_("Results of own follow-up"), N_("A short introduction to the results below.") },
	{ "control_plan", "4.1", N_("Internal control plan"),
	  N_("Results and deviations of the internal control plan.") },
	{ "audit", "4.2", N_("Audit results"), N_("Recommendations of audits and the state of their measures.") },
	{ "dpo", "4.3", N_("Risks identified in the data protection officer's annual report"),
	  N_("What the annual report says; the recommendations are listed below with their follow-up.") },
	{ "improvement", "5", N_("Opportunities to improve the ISMS"),
	  N_("What could be done better, and from where the ideas come.") },
};

const struct review_section *review_section_find(const char *key)
{
	for (size_t i = 0; key && i < REVIEW_SECTIONS; i++)
		if (!strcmp(review_sections[i].key, key))
			return &review_sections[i];
	return NULL;
}

const char *review_status_label(const char *s)
{
	if (!s)
		return "";
	if (!strcmp(s, "draft"))
		return N_("Draft");
	if (!strcmp(s, "approved"))
		return N_("Adopted");
	if (!strcmp(s, "open"))
		return N_("Open");
	if (!strcmp(s, "done"))
		return N_("Done");
	return s;
}

int review_get(struct db *db, struct arena *a, int64_t id, struct review *out, struct err *e)
{
	int rc = q_review_get(db, a, id, out, e);
	return rc == ERR_NOTFOUND ? err_set(e, ERR_NOTFOUND, NULL, N_("No such management review.")) : rc;
}

int review_scope(struct db *db, struct arena *a, int64_t id, struct scope *s, struct err *e)
{
	struct review *r = arena_calloc(a, 1, sizeof(*r));
	int rc = review_get(db, a, id, r, e);
	if (rc)
		return rc;
	*s = (struct scope){ "review", r, r->unit_id, r->unit_path, 0 };
	return 0;
}

int dpo_get(struct db *db, struct arena *a, int64_t id, struct dpo_recommendation *out, struct err *e)
{
	int rc = q_dpo_get(db, a, id, out, e);
	return rc == ERR_NOTFOUND ? err_set(e, ERR_NOTFOUND, NULL, N_("No such recommendation.")) : rc;
}

int dpo_scope(struct db *db, struct arena *a, int64_t id, struct scope *s, struct err *e)
{
	struct dpo_recommendation *d = arena_calloc(a, 1, sizeof(*d));
	int rc = dpo_get(db, a, id, d, e);
	if (rc)
		return rc;
	*s = (struct scope){ "dpo_recommendation", d, d->unit_id, d->unit_path, 0 };
	return 0;
}

int review_find(struct db *db, struct arena *a, int64_t unit_id, int64_t year, struct review *out, struct err *e)
{
	int rc = q_review_latest(db, a, unit_id, year, out, e);
	return rc == ERR_NOTFOUND
		       ? err_set(e, ERR_NOTFOUND, "year", N_("The unit has no management review of that year."))
		       : rc;
}

int review_list(struct db *db, struct arena *a, const struct auth *auth, int64_t limit, int64_t offset,
		struct review **out, size_t *n, struct err *e)
{
	return q_review_list(db, a, figures_viewer(auth), limit > 0 && limit <= 1000 ? limit : 100,
			     offset > 0 ? offset : 0, out, n, e);
}

int review_versions(struct db *db, struct arena *a, int64_t unit_id, struct review **out, size_t *n, struct err *e)
{
	return q_review_of_unit(db, a, unit_id, 200, out, n, e);
}

const char *review_text(const struct review_text *t, size_t n, const char *key)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(t[i].section, key))
			return t[i].body;
	return "";
}

struct review_input review_input_of(const struct review *r)
{
	struct review_input in = { 0 };
	in.contact = r->contact;
	in.case_ref = r->case_ref;
	return in;
}

void review_json(struct json *j, const struct review *r, const struct review_text *t, size_t nt,
		 const struct review_priority *p, size_t np)
{
	json_obj_open(j);
	json_kv_int(j, "id", r->id);
	json_kv_int(j, "unit_id", r->unit_id);
	json_kv_str(j, "unit_name", r->unit_name);
	json_kv_int(j, "year", r->year);
	json_kv_int(j, "version_no", r->version_no);
	json_kv_id(j, "based_on_id", r->based_on_id);
	json_kv_str(j, "status", r->status);
	json_kv_str(j, "contact", r->contact);
	json_kv_str(j, "case_ref", r->case_ref);
	json_kv_str(j, "approved_by", r->approved_by);
	json_kv_str(j, "approved_on", r->approved_on);
	json_kv_int(j, "version", r->version);
	if (t) {
		json_key(j, "texts");
		json_obj_open(j);
		for (size_t i = 0; i < REVIEW_SECTIONS; i++)
			json_kv_str(j, review_sections[i].key, review_text(t, nt, review_sections[i].key));
		json_obj_close(j);
	}
	if (p) {
		json_key(j, "priorities");
		json_arr_open(j);
		for (size_t i = 0; i < np; i++) {
			json_obj_open(j);
			json_kv_int(j, "id", p[i].id);
			json_kv_int(j, "year", p[i].year);
			json_kv_str(j, "text", p[i].text);
			json_kv_id(j, "activity_id", p[i].activity_id);
			json_kv_str(j, "activity_status", p[i].activity_status);
			json_obj_close(j);
		}
		json_arr_close(j);
	}
	json_kv_str(j, "created_at", r->created_at);
	json_kv_str(j, "updated_at", r->updated_at);
	json_obj_close(j);
}

void dpo_json(struct json *j, const struct dpo_recommendation *d)
{
	json_obj_open(j);
	json_kv_int(j, "id", d->id);
	json_kv_int(j, "unit_id", d->unit_id);
	json_kv_int(j, "report_year", d->report_year);
	json_kv_str(j, "text", d->text);
	json_kv_str(j, "followup", d->followup);
	json_kv_str(j, "status", d->status);
	json_kv_id(j, "activity_id", d->activity_id);
	json_kv_str(j, "activity_status", d->activity_status);
	json_kv_int(j, "version", d->version);
	json_obj_close(j);
}

static const struct review_text no_texts[1];
static const struct review_priority no_priorities[1];

/* The whole review as its audit snapshot. */
static const char *snapshot(struct db *db, struct arena *a, const struct review *r)
{
	struct review_text *t = NULL;
	struct review_priority *p = NULL;
	size_t nt = 0, np = 0;
	struct err ignored = { 0 };
	struct buf b;
	struct json j;

	if (r->id) {
		q_review_texts(db, a, r->id, &t, &nt, &ignored);
		q_review_priorities(db, a, r->id, &p, &np, &ignored);
	}
	buf_init(&b, a);
	json_init(&j, &b);
	review_json(&j, r, t ? t : no_texts, nt, p ? p : no_priorities, np);
	return b.data;
}

static int check_input(struct err *e, const struct review_input *in)
{
	int rc;
	if ((rc = check_text(e, "contact", in->contact, 200, false)) ||
	    (rc = check_text(e, "case_ref", in->case_ref, 100, false)))
		return rc;
	for (size_t i = 0; i < REVIEW_SECTIONS; i++)
		if ((rc = check_text(e, review_sections[i].key, in->texts[i], TEXT_MAX, false)))
			return rc;
	return 0;
}

static int write_texts(struct db *db, struct arena *a, int64_t id, const struct review_input *in, struct err *e)
{
	int rc = 0;
	for (size_t i = 0; !rc && i < REVIEW_SECTIONS; i++)
		if (in->texts[i])
			rc = q_review_text_set(db, a, id, review_sections[i].key, in->texts[i], e);
	return rc;
}

static int create_in_tx(struct db *db, struct arena *a, const struct auth *auth, const struct unit *u, int64_t year,
			const struct review_input *in, int64_t *id_out, struct err *e)
{
	struct review r = {
		.unit_id = u->id, .year = year, .version_no = 1, .contact = in->contact, .case_ref = in->case_ref
	};
	char now[TIME_ISO_LEN];
	int rc;

	time_now_iso(now);
	if (q_review_latest(db, a, u->id, year, &(struct review){ 0 }, e) == 0)
		return err_set(
			e, ERR_EXISTS, "year",
			N_("The unit has a management review of this year already: open it, or start a new version from it."));
	if ((rc = q_review_insert(db, a, &r, actor_of(auth).id, now, &r.id, e)) ||
	    (rc = write_texts(db, a, r.id, in, e)) || (rc = q_review_get(db, a, r.id, &r, e)))
		return rc;
	if (id_out)
		*id_out = r.id;
	return audit_append(db, a, actor_of(auth), "review", r.id, u->id, "create", NULL, snapshot(db, a, &r), e);
}

int review_create(struct db *db, struct arena *a, const struct auth *auth, const struct unit *u, int64_t year,
		  const struct review_input *in, int64_t *id_out, struct err *e)
{
	int rc;

	if (year < REVIEW_YEAR_MIN || year > REVIEW_YEAR_MAX)
		return err_set(e, ERR_INVALID, "year", N_("Give a year from 2000 to 2098."));
	if ((rc = check_input(e, in)))
		return rc;
	if (!authz_may_reference(auth, ACCESS_EDIT, u->path, 0))
		return err_set(e, ERR_FORBIDDEN, "unit_id",
			       N_("Your roles do not let you write this unit's management review."));
	if ((rc = db_begin(db, e)))
		return rc;
	return db_end(db, create_in_tx(db, a, auth, u, year, in, id_out, e), e);
}

static const char *const approved_msg =
	N_("This management review is approved and can no longer change. Start a new version from it.");
static const char *const stale_msg =
	N_("Someone else has changed this management review since you opened it. Their version is shown.");

/* A draft at @version, or the error that says why not. */
static int draft_check(const struct review *r, int64_t version, struct err *e)
{
	if (strcmp(r->status, "draft"))
		return err_set(e, ERR_CONFLICT, "status", approved_msg);
	if (r->version != version)
		return err_set(e, ERR_CONFLICT, "version", stale_msg);
	return 0;
}

/* After a change to @before's texts or priorities: step its version and write the audit entry. */
static int changed(struct db *db, struct arena *a, const struct auth *auth, const struct review *before,
		   const char *old, int touch, struct err *e)
{
	struct review after;
	char now[TIME_ISO_LEN];
	int rc = 0;

	time_now_iso(now);
	if (touch)
		rc = q_review_touch(db, a, before->id, before->version, now, e);
	if (rc == ERR_CONFLICT)
		return err_set(e, ERR_CONFLICT, "version", stale_msg);
	if (rc || (rc = q_review_get(db, a, before->id, &after, e)))
		return rc;
	return audit_append(db, a, actor_of(auth), "review", before->id, before->unit_id, "update", old,
			    snapshot(db, a, &after), e);
}

static int update_in_tx(struct db *db, struct arena *a, const struct auth *auth, const struct review *before,
			int64_t version, const struct review_input *in, struct err *e)
{
	const char *old = snapshot(db, a, before);
	char now[TIME_ISO_LEN];
	int rc;

	time_now_iso(now);
	rc = q_review_update(db, a, before->id, version, in->contact, in->case_ref, now, e);
	if (rc == ERR_CONFLICT)
		return err_set(e, ERR_CONFLICT, "version", stale_msg);
	if (rc || (rc = write_texts(db, a, before->id, in, e)))
		return rc;
	return changed(db, a, auth, before, old, 0, e);
}

int review_update(struct db *db, struct arena *a, const struct auth *auth, const struct review *before, int64_t version,
		  const struct review_input *in, struct err *e)
{
	int rc;

	if ((rc = draft_check(before, version, e)) || (rc = check_input(e, in)) || (rc = db_begin(db, e)))
		return rc;
	return db_end(db, update_in_tx(db, a, auth, before, version, in, e), e);
}

int review_priority_add(struct db *db, struct arena *a, const struct auth *auth, const struct review *before,
			int64_t version, int64_t year, const char *text, int64_t *id_out, struct err *e)
{
	const char *old;
	int64_t id;
	int rc;

	if ((rc = draft_check(before, version, e)))
		return rc;
	if (year < before->year || year >= before->year + REVIEW_PRIORITY_YEARS)
		return err_set(e, ERR_INVALID, "year",
			       N_("A priority is for the review's year or one of the two years after it."));
	if ((rc = check_text(e, "text", text, 300, true)) || (rc = db_begin(db, e)))
		return rc;
	old = snapshot(db, a, before);
	if (!(rc = q_review_priority_insert(db, a, before->id, year, str_trim(arena_strdup(a, text)), &id, e)))
		rc = changed(db, a, auth, before, old, 1, e);
	if (!rc && id_out)
		*id_out = id;
	return db_end(db, rc, e);
}

int review_priority_remove(struct db *db, struct arena *a, const struct auth *auth, const struct review *before,
			   int64_t version, int64_t priority_id, struct err *e)
{
	const char *old;
	int rc;

	if ((rc = draft_check(before, version, e)) || (rc = db_begin(db, e)))
		return rc;
	old = snapshot(db, a, before);
	rc = q_review_priority_delete(db, a, before->id, priority_id, e);
	if (rc == ERR_NOTFOUND)
		rc = err_set(e, ERR_INVALID, "priority_id", N_("The priority is not one of this review's."));
	if (!rc)
		rc = changed(db, a, auth, before, old, 1, e);
	return db_end(db, rc, e);
}

/* The control points of the plans of the year @r looks back on, in @r's subtree: results and deviations. */
static int intcontrol_rows(struct db *db, struct arena *a, const struct review *r, struct review_frozen_row **out,
			   size_t *n, struct err *e)
{
	struct intcontrol_year *years;
	size_t ny, cap = 0;
	int rc;

	*n = 0;
	if ((rc = intcontrol_year_by_unit(db, a, 0, r->unit_id, r->year - 1, &years, &ny, e)))
		return rc;
	for (size_t i = 0; i < ny; i++)
		cap += years[i].n_points;
	*out = arena_calloc(a, cap ? cap : 1, sizeof(**out));
	for (size_t i = 0; i < ny; i++) {
		const struct intcontrol_year *y = &years[i];
		for (size_t k = 0; k < y->n_points; k++) {
			const struct ic_point *pt = &y->points[k];
			int64_t results = 0, dev = 0, open = 0;
			struct review_frozen_row *f = &(*out)[*n];

			for (size_t x = 0; x < y->n_results; x++)
				results += y->results[x].point_id == pt->id;
			for (size_t x = 0; x < y->n_deviations; x++)
				if (y->deviations[x].point_id == pt->id) {
					dev++;
					open += !strcmp(y->deviations[x].status, "open");
				}
			*f = (struct review_frozen_row){ .kind = "ic",
							 .position = (int64_t)*n + 1,
							 .year = y->plan.year,
							 .label = y->plan.unit_name,
							 .text = pt->title,
							 .status = arena_printf(a, "%" PRId64, results),
							 .comment = arena_printf(a, "%" PRId64 " (%" PRId64 ")", dev,
										 open) };
			(*n)++;
		}
	}
	return 0;
}

/* The audits' open recommendations to @r's subtree, with their measures as they stand today. */
static int audit_rows(struct db *db, struct arena *a, enum lang lang, const struct review *r,
		      struct review_frozen_row **out, size_t *n, struct err *e)
{
	struct recommendation *list;
	int rc;

	if ((rc = recommendation_open_state(db, a, 0, r->unit_id, 0, NULL, &list, n, e)))
		return rc;
	*out = arena_calloc(a, *n ? *n : 1, sizeof(**out));
	for (size_t i = 0; i < *n; i++) {
		const struct recommendation *c = &list[i];
		const char *ref = c->inspection_case_ref && *c->inspection_case_ref ? c->inspection_case_ref : "–";
		int64_t year = 0;
		if (c->report_date && sscanf(c->report_date, "%4" SCNd64, &year) != 1)
			year = 0;
		(*out)[i] = (struct review_frozen_row){
			.kind = "audit",
			.position = (int64_t)i + 1,
			.year = year,
			.label = arena_printf(a, "%s (%s, %s)", c->inspection_title, ref, c->report_date),
			.text = arena_printf(a, "%" PRId64 ". %s", c->number, c->text),
			.status = arena_printf(a, "%s %" PRId64 ", %s %" PRId64 ", %s %" PRId64 ", %s %" PRId64,
					       tr(lang, "Planned"), c->n_planned, tr(lang, "Ongoing"), c->n_ongoing,
					       tr(lang, "Done"), c->n_done, tr(lang, "Overdue"), c->n_overdue),
			.comment = ""
		};
	}
	return 0;
}

int review_section_rows(struct db *db, struct arena *a, enum lang lang, const struct review *r, const char *kind,
			struct review_frozen_row **out, size_t *n, struct err *e)
{
	if (!strcmp(kind, "ic"))
		return intcontrol_rows(db, a, r, out, n, e);
	return audit_rows(db, a, lang, r, out, n, e);
}

/* Keep the statuses @r shows of the earlier actions, the DPO's recommendations, the year's
 * internal control and the audits' open recommendations. */
static int freeze_in_tx(struct db *db, struct arena *a, enum lang lang, const struct review *r, struct err *e)
{
	struct review_priority *p;
	struct dpo_recommendation *d;
	size_t np, nd;
	int rc;

	if ((rc = q_review_earlier_priorities(db, a, r->unit_id, r->year, &p, &np, e)) ||
	    (rc = dpo_for_review(db, a, r->unit_id, r->year, &d, &nd, e)))
		return rc;
	for (size_t i = 0; i < np; i++) {
		struct review_frozen_row f = { "action",
					       (int64_t)i + 1,
					       p[i].year,
					       p[i].text,
					       p[i].activity_status
						       ? tr(lang, activity_status_label(p[i].activity_status))
						       : tr(lang, "No activity"),
					       p[i].activity_comment,
					       "" };
		if ((rc = q_review_frozen_insert(db, a, r->id, &f, e)))
			return rc;
	}
	for (size_t i = 0; i < nd; i++) {
		struct review_frozen_row f = { "dpo",
					       (int64_t)i + 1,
					       d[i].report_year,
					       d[i].text,
					       tr(lang, review_status_label(d[i].status)),
					       d[i].followup,
					       "" };
		if ((rc = q_review_frozen_insert(db, a, r->id, &f, e)))
			return rc;
	}
	for (size_t k = 0; k < 2; k++) {
		struct review_frozen_row *rows;
		size_t n;
		if ((rc = review_section_rows(db, a, lang, r, k ? "audit" : "ic", &rows, &n, e)))
			return rc;
		for (size_t i = 0; i < n; i++)
			if ((rc = q_review_frozen_insert(db, a, r->id, &rows[i], e)))
				return rc;
	}
	return 0;
}

static int approve_in_tx(struct db *db, struct arena *a, const struct auth *auth, enum lang lang,
			 const struct review *before, int64_t version, const struct review_approval *in, struct err *e)
{
	const char *old = snapshot(db, a, before);
	struct review_priority *p;
	char now[TIME_ISO_LEN];
	size_t np;
	int rc;

	time_now_iso(now);
	if ((rc = freeze_in_tx(db, a, lang, before, e)) || (rc = q_review_priorities(db, a, before->id, &p, &np, e)))
		return rc;
	for (size_t i = 0; i < np; i++) {
		int64_t id;
		if (p[i].activity_id)
			continue;
		struct activity_input ai = { 0 };
		ai.title = str_cut_utf8(a, p[i].text, 300);
		ai.purpose = arena_printf(a, "%s %" PRId64 ", %s %s (%s).", tr(lang, "Management review"), before->year,
					  tr(lang, "approved"), in->approved_on, in->case_ref);
		if ((rc = activity_create_linked_for_year_in_tx(db, a, auth, before->unit_id, p[i].year,
								tr(lang, "Management review"), &ai, "review_priority",
								p[i].id, &id, e)) ||
		    (rc = q_review_priority_activity(db, a, p[i].id, id, e)))
			return rc;
	}
	rc = q_review_approve(db, a, before->id, version, str_trim(arena_strdup(a, in->approved_by)), in->approved_on,
			      str_trim(arena_strdup(a, in->case_ref)), now, e);
	if (rc == ERR_CONFLICT)
		return err_set(e, ERR_CONFLICT, "version", stale_msg);
	if (rc)
		return rc;
	return changed(db, a, auth, before, old, 0, e);
}

int review_approve(struct db *db, struct arena *a, const struct auth *auth, enum lang lang, const struct review *before,
		   int64_t version, const struct review_approval *in, struct err *e)
{
	char today[FIGURES_DATE_LEN];
	int rc;

	if ((rc = draft_check(before, version, e)))
		return rc;
	if (str_blank(in->approved_by))
		return err_set(e, ERR_INVALID, "approved_by", N_("Name the person who approves the review."));
	if ((rc = check_text(e, "approved_by", in->approved_by, 200, true)))
		return rc;
	if (str_blank(in->approved_on) || !time_valid_date(in->approved_on))
		return err_set(e, ERR_INVALID, "approved_on", N_("Give the date of the approval as YYYY-MM-DD."));
	figures_today(today);
	if (strcmp(in->approved_on, today) > 0)
		return err_set(e, ERR_INVALID, "approved_on", N_("The date of the approval cannot be in the future."));
	if (str_blank(in->case_ref))
		return err_set(e, ERR_INVALID, "case_ref", N_("Give the case reference (Dnr) of the decision."));
	if ((rc = check_text(e, "case_ref", in->case_ref, 100, true)) || (rc = db_begin(db, e)))
		return rc;
	return db_end(db, approve_in_tx(db, a, auth, lang, before, version, in, e), e);
}

static int new_version_in_tx(struct db *db, struct arena *a, const struct auth *auth, const struct review *before,
			     int64_t *id_out, struct err *e)
{
	struct review latest, r;
	char now[TIME_ISO_LEN];
	int rc;

	time_now_iso(now);
	if ((rc = q_review_latest(db, a, before->unit_id, before->year, &latest, e)))
		return rc;
	if (latest.id != before->id)
		return err_set(e, ERR_CONFLICT, "version_no",
			       N_("A newer version of this management review exists: start from that one."));
	r = *before;
	r.version_no = before->version_no + 1;
	r.based_on_id = before->id;
	if ((rc = q_review_insert(db, a, &r, actor_of(auth).id, now, &r.id, e)) ||
	    (rc = q_review_copy(db, a, r.id, before->id, e)) || (rc = q_review_get(db, a, r.id, &r, e)))
		return rc;
	if (id_out)
		*id_out = r.id;
	return audit_append(db, a, actor_of(auth), "review", r.id, r.unit_id, "create", NULL, snapshot(db, a, &r), e);
}

int review_new_version(struct db *db, struct arena *a, const struct auth *auth, const struct review *before,
		       int64_t *id_out, struct err *e)
{
	int rc;

	if (strcmp(before->status, "approved"))
		return err_set(e, ERR_CONFLICT, "status",
			       N_("This version is still a draft: change it rather than starting a new one."));
	if (!authz_may_reference(auth, ACCESS_EDIT, before->unit_path, 0))
		return err_set(e, ERR_FORBIDDEN, "unit_id",
			       N_("Your roles do not let you write this unit's management review."));
	if ((rc = db_begin(db, e)))
		return rc;
	return db_end(db, new_version_in_tx(db, a, auth, before, id_out, e), e);
}

int review_frozen_rows(struct db *db, struct arena *a, const struct review *r, struct review_frozen_row **out,
		       size_t *n, struct err *e)
{
	return q_review_frozen(db, a, r->id, out, n, e);
}

/* --- the DPO's recommendations --- */

int dpo_for_review(struct db *db, struct arena *a, int64_t unit_id, int64_t year, struct dpo_recommendation **out,
		   size_t *n, struct err *e)
{
	return q_dpo_list(db, a, unit_id, year - 2, year - 1, out, n, e);
}

static int dpo_check(struct err *e, const struct dpo_input *in)
{
	int rc;
	if (in->report_year < REVIEW_YEAR_MIN || in->report_year > REVIEW_YEAR_MAX)
		return err_set(e, ERR_INVALID, "report_year",
			       N_("Give the year of the annual report, from 2000 to 2098."));
	if ((rc = check_text(e, "text", in->text, 2000, true)) ||
	    (rc = check_text(e, "followup", in->followup, 4000, false)))
		return rc;
	if (!in->status || (strcmp(in->status, "open") && strcmp(in->status, "done")))
		return err_set(e, ERR_INVALID, "status", N_("The status is open or done."));
	return 0;
}

static void write_dpo_json(struct json *j, const void *rec)
{
	dpo_json(j, rec);
}

static const char *dpo_snapshot(struct arena *a, const struct dpo_recommendation *d)
{
	return json_text(a, write_dpo_json, d);
}

static int dpo_create_in_tx(struct db *db, struct arena *a, const struct auth *auth, const struct unit *u,
			    const struct dpo_input *in, int64_t *id_out, struct err *e)
{
	struct dpo_recommendation d = { .unit_id = u->id,
					.report_year = in->report_year,
					.text = in->text,
					.followup = in->followup,
					.status = in->status };
	char now[TIME_ISO_LEN];
	int rc;

	time_now_iso(now);
	if ((rc = q_dpo_insert(db, a, &d, actor_of(auth).id, now, &d.id, e)) || (rc = q_dpo_get(db, a, d.id, &d, e)))
		return rc;
	if (id_out)
		*id_out = d.id;
	return audit_append(db, a, actor_of(auth), "dpo_recommendation", d.id, u->id, "create", NULL,
			    dpo_snapshot(a, &d), e);
}

int dpo_create(struct db *db, struct arena *a, const struct auth *auth, const struct unit *u,
	       const struct dpo_input *in, int64_t *id_out, struct err *e)
{
	int rc;

	if ((rc = dpo_check(e, in)))
		return rc;
	if (!authz_may_reference(auth, ACCESS_EDIT, u->path, 0))
		return err_set(e, ERR_FORBIDDEN, "unit_id",
			       N_("Your roles do not let you write this unit's management review."));
	if ((rc = db_begin(db, e)))
		return rc;
	return db_end(db, dpo_create_in_tx(db, a, auth, u, in, id_out, e), e);
}

static int dpo_update_in_tx(struct db *db, struct arena *a, const struct auth *auth,
			    const struct dpo_recommendation *before, int64_t version, const struct dpo_input *in,
			    struct err *e)
{
	struct dpo_recommendation after = *before;
	char now[TIME_ISO_LEN];
	int rc;

	time_now_iso(now);
	after.report_year = in->report_year;
	after.text = in->text;
	after.followup = in->followup ? in->followup : "";
	after.status = in->status;
	after.version = version + 1;
	if (before->version != version || (rc = q_dpo_update(db, a, &after, version, now, e)) == ERR_CONFLICT)
		return err_set(e, ERR_CONFLICT, "version",
			       N_("Someone else has changed this recommendation since you opened it."));
	if (rc)
		return rc;
	return audit_append(db, a, actor_of(auth), "dpo_recommendation", before->id, before->unit_id, "update",
			    dpo_snapshot(a, before), dpo_snapshot(a, &after), e);
}

int dpo_update(struct db *db, struct arena *a, const struct auth *auth, const struct dpo_recommendation *before,
	       int64_t version, const struct dpo_input *in, struct err *e)
{
	int rc;

	if ((rc = dpo_check(e, in)) || (rc = db_begin(db, e)))
		return rc;
	return db_end(db, dpo_update_in_tx(db, a, auth, before, version, in, e), e);
}

static int dpo_activity_in_tx(struct db *db, struct arena *a, const struct auth *auth, enum lang lang,
			      const struct dpo_recommendation *d, int64_t *activity_id, struct err *e)
{
	struct activity_input in = { 0 };
	int64_t id;
	int rc;

	in.title = str_cut_utf8(a, d->text, 300);
	in.purpose =
		arena_printf(a, "%s %" PRId64 ".",
			     tr(lang, "Recommendation in the data protection officer's annual report"), d->report_year);
	if ((rc = activity_create_linked_in_tx(db, a, auth, d->unit_id, tr(lang, "Data protection"), &in,
					       "dpo_recommendation", d->id, &id, e)) ||
	    (rc = q_dpo_activity(db, a, d->id, id, e)))
		return rc;
	if (activity_id)
		*activity_id = id;
	return 0;
}

int dpo_activity(struct db *db, struct arena *a, const struct auth *auth, enum lang lang,
		 const struct dpo_recommendation *before, int64_t *activity_id, struct err *e)
{
	int rc;

	if (before->activity_id)
		return err_set(e, ERR_EXISTS, "id", N_("An activity has already been made from this recommendation."));
	if ((rc = db_begin(db, e)))
		return rc;
	return db_end(db, dpo_activity_in_tx(db, a, auth, lang, before, activity_id, e), e);
}

int review_priority_activity_target(struct db *db, struct arena *a, int64_t id, struct activity_target *out,
				    struct err *e)
{
	struct review_priority p;
	struct review r;
	int rc;

	if ((rc = q_review_priority_get(db, a, id, &p, e)) || (rc = q_review_get(db, a, p.review_id, &r, e)))
		return rc;
	out->label = p.text;
	out->unit_id = r.unit_id;
	out->unit_path = r.unit_path;
	return 0;
}

int dpo_activity_target(struct db *db, struct arena *a, int64_t id, struct activity_target *out, struct err *e)
{
	struct dpo_recommendation d;
	int rc = q_dpo_get(db, a, id, &d, e);
	if (rc)
		return rc;
	out->label = d.text;
	out->unit_id = d.unit_id;
	out->unit_path = d.unit_path;
	return 0;
}
