/*
 * gdpr.c - rules of the register of processing activities: the
 * organisation's vocabularies, the activities with everything they refer
 * to, their states, the filter every list and export shares, and the
 * reverse view from the assets.
 *
 * A write checks its input (check_clean()), including the rights over
 * every second record it refers to (the controller unit, the systems and
 * processors), writes the row and replaces the children, and appends its
 * audit entry, in one transaction. The audit snapshot is the row and the
 * input as stored, built from what was checked, not read back.
 */
#include "domain/gdpr.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/err.h"
#include "core/i18n.h"
#include "core/json.h"
#include "core/str.h"
#include "core/timeutil.h"
#include "db/db.h"
#include "db/q_user.h"
#include "domain/asset.h"
#include "domain/audit.h"
#include "domain/auth.h"
#include "domain/tasks.h"
#include "domain/unit.h"
#include "domain/validate.h"

const char *const gdpr_states[GDPR_STATE_COUNT] = { "draft", "submitted", "validated" };
const char *const gdpr_state_labels[GDPR_STATE_COUNT] = {
	N_("Draft"),
	N_("Submitted"),
	N_("Reviewed by the data protection officer"),
};

const char *gdpr_state_label(const char *s)
{
	int k = str_index(gdpr_states, GDPR_STATE_COUNT, s);
	return k < 0 ? "" : gdpr_state_labels[k];
}

/* --- vocabularies ---------------------------------------------------------------------- */

static const char *const category_kinds[] = { "subject", "data" };
static const char *const specials[] = { "", "art9", "art10" };

int gdpr_category_get(struct db *db, struct arena *a, int64_t id, struct gdpr_category *out, struct err *e)
{
	int rc = q_gdpr_category_get(db, a, id, out, e);
	return rc == ERR_NOTFOUND ? err_set(e, ERR_NOTFOUND, "id", N_("No such category.")) : rc;
}

int gdpr_category_scope(struct db *db, struct arena *a, int64_t id, struct scope *s, struct err *e)
{
	struct gdpr_category *c = arena_calloc(a, 1, sizeof(*c));
	int rc = gdpr_category_get(db, a, id, c, e);
	if (rc)
		return rc;
	*s = (struct scope){ "gdpr_category", c, c->org_id, c->org_path, 0 };
	return 0;
}

int gdpr_categories(struct db *db, struct arena *a, int64_t org_id, const char *kind, bool all,
		    struct gdpr_category **out, size_t *n, struct err *e)
{
	return q_gdpr_categories(db, a, org_id, kind, all, out, n, e);
}

static int category_check(struct db *db, struct arena *a, int64_t org_id, const char *kind, const char *name,
			  const char *special, int64_t except, struct err *e)
{
	bool taken;
	int rc;

	if (str_index(category_kinds, 2, kind) < 0)
		return err_set(e, ERR_INVALID, "kind", N_("Choose categories of data subjects or of personal data."));
	if ((rc = check_text(e, "name", name, 200, true)))
		return rc;
	if (str_index(specials, 3, special) < 0 || (strcmp(kind, "data") && *special))
		return err_set(e, ERR_INVALID, "special",
			       N_("Only a category of personal data can be a special category (Art. 9) or data on "
				  "criminal offences (Art. 10)."));
	if ((rc = q_gdpr_category_taken(db, a, org_id, kind, name, except, &taken, e)))
		return rc;
	if (taken)
		return err_set(e, ERR_INVALID, "name", N_("The organisation already has a category with this name."));
	return 0;
}

static void write_gdpr_category_json(struct json *j, const void *rec)
{
	gdpr_category_json(j, rec);
}

static const char *category_snapshot(struct arena *a, const struct gdpr_category *c)
{
	return json_text(a, write_gdpr_category_json, c);
}

int gdpr_category_create(struct db *db, struct arena *a, const struct auth *auth, int64_t org_id, const char *kind,
			 const char *name, const char *special, int64_t *id_out, struct err *e)
{
	struct gdpr_category c = { 0 };
	struct unit org;
	char now[TIME_ISO_LEN];
	int rc;

	time_now_iso(now);
	c.org_id = org_id;
	c.kind = kind;
	c.name = text_trimmed(a, name);
	c.special = special ? special : "";
	c.active = true;
	c.version = 1;
	c.created_at = c.updated_at = now;
	if ((rc = db_begin(db, e)))
		return rc;
	rc = unit_get(db, a, org_id, &org, e);
	if (!rc && org.parent_id)
		rc = err_set(e, ERR_INVALID, "org_id", N_("Vocabularies belong to an organisation (a top unit)."));
	if (!rc && !authz_may_reference(auth, ACCESS_GDPR, org.path, 0))
		rc = err_set(e, ERR_FORBIDDEN, "org_id",
			     N_("Your roles do not let you change this organisation's vocabularies."));
	if (!rc)
		rc = category_check(db, a, org_id, kind, c.name, c.special, 0, e);
	if (!rc)
		rc = q_gdpr_category_insert(db, a, org_id, kind, c.name, c.special, now, &c.id, e);
	if (!rc)
		rc = audit_append(db, a, actor_of(auth), "gdpr_category", c.id, org_id, "create", NULL,
				  category_snapshot(a, &c), e);
	if (!rc && id_out)
		*id_out = c.id;
	return db_end(db, rc, e);
}

int gdpr_category_update(struct db *db, struct arena *a, const struct auth *auth, const struct gdpr_category *before,
			 int64_t version, const char *name, const char *special, bool active,
			 struct gdpr_category *current, struct err *e)
{
	static const char *const conflict = N_("Someone else has changed this category since you opened it.");
	struct gdpr_category after = *before;
	char now[TIME_ISO_LEN];
	int rc;

	time_now_iso(now);
	after.name = text_trimmed(a, name);
	after.special = special ? special : "";
	after.active = active;
	if (before->version != version)
		return version_conflict(current, before, sizeof(*before), e, conflict);
	if ((rc = db_begin(db, e)))
		return rc;
	rc = category_check(db, a, before->org_id, before->kind, after.name, after.special, before->id, e);
	if (!rc) {
		rc = q_gdpr_category_update(db, a, before->id, version, after.name, after.special, active, now, e);
		if (rc == ERR_CONFLICT) {
			if (current)
				q_gdpr_category_get(db, a, before->id, current, NULL);
			rc = err_set(e, ERR_CONFLICT, "version", conflict);
		}
	}
	after.version = version + 1;
	after.updated_at = now;
	if (!rc)
		rc = audit_append(db, a, actor_of(auth), "gdpr_category", before->id, before->org_id, "update",
				  category_snapshot(a, before), category_snapshot(a, &after), e);
	return db_end(db, rc, e);
}

void gdpr_category_json(struct json *j, const struct gdpr_category *c)
{
	json_obj_open(j);
	json_kv_int(j, "id", c->id);
	json_kv_int(j, "org_id", c->org_id);
	json_kv_str(j, "kind", c->kind);
	json_kv_str(j, "name", c->name);
	json_kv_str(j, "special", c->special);
	json_kv_bool(j, "active", c->active);
	json_kv_int(j, "version", c->version);
	json_obj_close(j);
}

/* --- reading activities ----------------------------------------------------------------- */

int gdpr_activity_get(struct db *db, struct arena *a, int64_t id, struct gdpr_activity *out, struct err *e)
{
	int rc = q_gdpr_activity_get(db, a, id, out, e);
	return rc == ERR_NOTFOUND ? err_set(e, ERR_NOTFOUND, "id", N_("No such processing activity.")) : rc;
}

SCOPE_READER_OWNED(gdpr_activity_scope, struct gdpr_activity, gdpr_activity_get, "processing_activity", owner_id)

int gdpr_activity_load(struct db *db, struct arena *a, const struct gdpr_activity *act, struct gdpr_activity_full *out,
		       struct err *e)
{
	struct gdpr_transfer *own, *theirs;
	size_t n_own, n_theirs;
	int rc;

	*out = (struct gdpr_activity_full){ 0 };
	out->act = *act;
	if ((rc = q_gdpr_purposes(db, a, act->id, &out->purposes, &out->n_purposes, e)) ||
	    (rc = q_gdpr_pcats(db, a, act->id, &out->cats, &out->n_cats, e)) ||
	    (rc = q_gdpr_passets(db, a, act->id, &out->assets, &out->n_assets, e)) ||
	    (rc = q_gdpr_measures(db, a, act->id, &out->measures, &out->n_measures, e)) ||
	    (rc = q_transfers(db, a, act->id, 0, &own, &n_own, e)))
		return rc;
	{
		int64_t *ids;
		size_t n_ids;
		if ((rc = q_gdpr_pprocessors(db, a, act->id, &ids, &n_ids, e)))
			return rc;
		out->processors = arena_calloc(a, n_ids ? n_ids : 1, sizeof(*out->processors));
		out->transfers = own;
		out->n_transfers = n_own;
		for (size_t i = 0; i < n_ids; i++) {
			struct gdpr_processor p;
			if ((rc = q_processor_get(db, a, ids[i], &p, e)) ||
			    (rc = q_transfers(db, a, 0, p.id, &theirs, &n_theirs, e)))
				return rc;
			out->processors[out->n_processors++] =
				(struct gdpr_pprocessor){ act->id, p.id, p.name, p.country };
			if (n_theirs) {
				struct gdpr_transfer *all = arena_calloc(a, out->n_transfers + n_theirs, sizeof(*all));
				memcpy(all, out->transfers, out->n_transfers * sizeof(*all));
				memcpy(all + out->n_transfers, theirs, n_theirs * sizeof(*all));
				out->transfers = all;
				out->n_transfers += n_theirs;
			}
		}
	}
	return 0;
}

struct gdpr_activity_input gdpr_activity_input_of(struct arena *a, const struct gdpr_activity_full *f)
{
	struct gdpr_activity_input in = { 0 };
	const struct gdpr_activity *p = &f->act;
	struct gdpr_purpose_input *pu = arena_calloc(a, f->n_purposes + 1, sizeof(*pu));
	struct gdpr_data_input *d = arena_calloc(a, f->n_cats + 1, sizeof(*d));
	int64_t *subj = arena_calloc(a, f->n_cats + 1, sizeof(*subj));
	int64_t *as = arena_calloc(a, f->n_assets + 1, sizeof(*as));
	int64_t *pr = arena_calloc(a, f->n_processors + 1, sizeof(*pr));

	in.unit_id = p->unit_id;
	in.role = p->role;
	in.name = p->name;
	in.description = p->description;
	in.controller_contact = p->controller_contact;
	in.joint_controller = p->joint_controller;
	in.on_behalf_of = p->on_behalf_of;
	in.dpo_id = p->dpo_id;
	in.owner_id = p->owner_id;
	in.art9_point = p->art9_point;
	in.art10 = p->art10;
	in.art10_basis = p->art10_basis;
	in.recipients = p->recipients;
	in.other_measures = p->other_measures;
	in.dpia_criteria = p->dpia_criteria;
	in.dpia_decision = p->dpia_decision;
	in.dpia_reason = p->dpia_reason;
	for (size_t i = 0; i < f->n_purposes; i++)
		pu[i] = (struct gdpr_purpose_input){ f->purposes[i].purpose, f->purposes[i].legal_basis,
						     f->purposes[i].statute };
	in.purposes = pu;
	in.n_purposes = f->n_purposes;
	for (size_t i = 0; i < f->n_cats; i++) {
		if (!strcmp(f->cats[i].kind, "subject"))
			subj[in.n_subjects++] = f->cats[i].category_id;
		else
			d[in.n_data++] = (struct gdpr_data_input){ f->cats[i].category_id, f->cats[i].retention,
								   f->cats[i].retention_rule };
	}
	in.subject_ids = subj;
	in.data = d;
	for (size_t i = 0; i < f->n_assets; i++)
		as[i] = f->assets[i].asset_id;
	in.asset_ids = as;
	in.n_assets = f->n_assets;
	for (size_t i = 0; i < f->n_processors; i++)
		pr[i] = f->processors[i].processor_id;
	in.processor_ids = pr;
	in.n_processors = f->n_processors;
	return in;
}

/* --- the list --------------------------------------------------------------------------- */

void gdpr_filter_init(struct gdpr_filter *f)
{
	*f = (struct gdpr_filter){ 0 };
	f->special = f->third_country = f->dpia_required = -1;
	f->sort = GDPR_SORT_NAME;
}

const char *const gdpr_filter_args[] = {
	"unit_id",
	"owner_id",
	"role",
	"state",
	"legal_basis",
	"special",
	"third_country",
	"dpia_required",
	"review_overdue",
	"review_requested",
	"q",
	"sort",
	"order",
	NULL,
};

static const char *const sort_names[] = { "name", "unit", "state", "reviewed", "updated" };
static const char *const roles[] = { "controller", "processor" };

int gdpr_filter_parse(struct gdpr_filter *f, const char *(*get)(void *ctx, const char *name), void *ctx, struct err *e)
{
	const char *v;
	int overdue = 0, requested = 0, rc;

	if ((rc = filter_id(get, ctx, "unit_id", &f->unit_id, e)) ||
	    (rc = filter_id(get, ctx, "owner_id", &f->owner_id, e)))
		return rc;
	if ((v = filter_arg(get, ctx, "role"))) {
		if (str_index(roles, 2, v) < 0)
			return err_set(e, ERR_INVALID, "role", N_("Must be controller or processor."));
		f->role = v;
	}
	if ((v = filter_arg(get, ctx, "state"))) {
		if (str_index(gdpr_states, GDPR_STATE_COUNT, v) < 0)
			return err_set(e, ERR_INVALID, "state", N_("Must be draft, submitted or validated."));
		f->state = v;
	}
	if ((v = filter_arg(get, ctx, "legal_basis"))) {
		if (!gdpr_art6_label(v))
			return err_set(e, ERR_INVALID, "legal_basis", N_("Choose the point of Art. 6(1), (a) to (f)."));
		f->legal_basis = v;
	}
	if ((rc = filter_bool(get, ctx, "special", &f->special, e)) ||
	    (rc = filter_bool(get, ctx, "third_country", &f->third_country, e)) ||
	    (rc = filter_bool(get, ctx, "dpia_required", &f->dpia_required, e)) ||
	    (rc = filter_bool(get, ctx, "review_overdue", &overdue, e)) ||
	    (rc = filter_bool(get, ctx, "review_requested", &requested, e)))
		return rc;
	f->review_overdue = overdue == 1;
	f->review_requested = requested == 1;
	f->q = filter_arg(get, ctx, "q");
	if ((v = filter_arg(get, ctx, "sort"))) {
		int k = str_index(sort_names, sizeof(sort_names) / sizeof(sort_names[0]), v);
		if (k < 0)
			return err_set(e, ERR_INVALID, "sort", N_("Sort by name, unit, state, reviewed or updated."));
		f->sort = (enum gdpr_sort)k;
	}
	if ((v = filter_arg(get, ctx, "order"))) {
		if (strcmp(v, "asc") && strcmp(v, "desc"))
			return err_set(e, ERR_INVALID, "order", N_("Must be asc or desc."));
		f->desc = !strcmp(v, "desc");
	}
	return 0;
}

void gdpr_review_cutoff(char out[11])
{
	char now[TIME_ISO_LEN];
	int y = 0;

	time_now_iso(now);
	sscanf(now, "%4d", &y);
	y = y > 1 && y < 9999 ? y - 1 : 1970;
	memcpy(out, now, 10);
	out[10] = 0;
	out[0] = (char)('0' + y / 1000);
	out[1] = (char)('0' + y / 100 % 10);
	out[2] = (char)('0' + y / 10 % 10);
	out[3] = (char)('0' + y % 10);
}

bool gdpr_review_overdue(const struct gdpr_activity *act, const char *cutoff)
{
	return !act->reviewed_at || strncmp(act->reviewed_at, cutoff, 10) < 0;
}

int gdpr_activity_list(struct db *db, struct arena *a, const struct gdpr_filter *f, struct gdpr_activity **out,
		       size_t *n, int64_t *total, struct err *e)
{
	const char *subtree;
	char cutoff[11];
	int rc;

	if ((rc = unit_subtree(db, a, f->unit_id, &subtree, e)))
		return rc;
	gdpr_review_cutoff(cutoff);
	return q_gdpr_activity_list(db, a, f, subtree, cutoff, out, n, total, e);
}

/* --- checking and writing ------------------------------------------------------------------ */

/* An activity's input after checking: its row and its children as they will be stored. */
struct clean {
	struct gdpr_activity_row row;
	struct gdpr_purpose *purposes;
	size_t n_purposes;
	struct gdpr_pcat *cats;
	size_t n_cats;
	int64_t *assets;
	size_t n_assets;
	int64_t *processors;
	size_t n_processors;
	/* for the snapshot */
	const char *unit_name, *unit_path;
};

static struct gdpr_activity_row row_of(const struct gdpr_activity *p)
{
	struct gdpr_activity_row r = { 0 };
	r.unit_id = p->unit_id;
	r.role = p->role;
	r.name = p->name;
	r.description = p->description;
	r.controller_contact = p->controller_contact;
	r.joint_controller = p->joint_controller;
	r.on_behalf_of = p->on_behalf_of;
	r.dpo_id = p->dpo_id;
	r.owner_id = p->owner_id;
	r.art9_point = p->art9_point;
	r.art10 = p->art10;
	r.art10_basis = p->art10_basis;
	r.recipients = p->recipients;
	r.other_measures = p->other_measures;
	r.legal_bases = p->legal_bases;
	r.has_transfer = p->has_transfer;
	r.state = p->state;
	r.state_comment = p->state_comment;
	r.review_requested = p->review_requested;
	r.reviewed_at = p->reviewed_at;
	r.reviewed_by = p->reviewed_by;
	r.dpia_criteria = p->dpia_criteria;
	r.dpia_decision = p->dpia_decision;
	r.dpia_reason = p->dpia_reason;
	r.dpia_suggested = p->dpia_suggested;
	r.dpia_needs_review = p->dpia_needs_review;
	return r;
}

static bool has_id(const int64_t *ids, size_t n, int64_t id)
{
	for (size_t i = 0; i < n; i++)
		if (ids[i] == id)
			return true;
	return false;
}

/* A category @id of @kind in organisation @org for the field @field; *c gets it. */
static int category_of(struct db *db, struct arena *a, int64_t id, const char *kind, int64_t org, const char *field,
		       struct gdpr_category *c, struct err *e)
{
	int rc = q_gdpr_category_get(db, a, id, c, e);
	if (rc == ERR_NOTFOUND || (!rc && (c->org_id != org || strcmp(c->kind, kind))))
		return err_set(e, ERR_INVALID, field,
			       !strcmp(kind, "subject") ? N_("No such category of data subjects in the organisation.")
							: N_("No such category of personal data in the organisation."));
	return rc;
}

static const char *item_field(struct arena *a, const char *name, size_t i)
{
	return arena_printf(a, "%s_%zu", name, i + 1);
}

static int check_purposes(struct arena *a, const struct gdpr_activity_input *in, struct clean *c, struct err *e)
{
	char bases[8] = { 0 };
	size_t nb = 0;
	int rc;

	if (in->n_purposes > GDPR_MAX_ITEMS)
		return err_set(e, ERR_INVALID, "purpose_1", N_("Too many purposes."));
	c->purposes = arena_calloc(a, in->n_purposes + 1, sizeof(*c->purposes));
	for (size_t i = 0; i < in->n_purposes; i++) {
		const struct gdpr_purpose_input *p = &in->purposes[i];
		const char *purpose = text_trimmed(a, p->purpose), *statute = text_trimmed(a, p->statute);
		const char *basis = p->legal_basis ? p->legal_basis : "";
		if (!*purpose && !*basis && !*statute)
			continue; /* an empty row of the form */
		if ((rc = check_text(e, item_field(a, "purpose", i), purpose, 1000, true)))
			return rc;
		/* REQ: GDPR-6.1 the points (a) to (f) */
		if (!gdpr_art6_label(basis))
			return err_set(e, ERR_INVALID, item_field(a, "legal_basis", i),
				       N_("Choose the legal basis: a point of Art. 6(1), (a) to (f)."));
		if ((rc = check_text(e, item_field(a, "statute", i), statute, 500, false)))
			return rc;
		/* REQ: GDPR-6.3 a basis in (c) or (e) is laid down by law: name the statute */
		if ((!strcmp(basis, "c") || !strcmp(basis, "e")) && !*statute)
			return err_set(e, ERR_INVALID, item_field(a, "statute", i),
				       N_("Name the Swedish statute behind a legal obligation or a task in the public "
					  "interest (Art. 6(3))."));
		c->purposes[c->n_purposes++] =
			(struct gdpr_purpose){ 0, 0, (int64_t)c->n_purposes + 1, purpose, basis, statute };
		if (!strchr(bases, basis[0]) && nb < 6)
			bases[nb++] = basis[0];
	}
	/* The points in order, for the filter. */
	for (size_t i = 0; i < nb; i++)
		for (size_t k = i + 1; k < nb; k++)
			if (bases[k] < bases[i]) {
				char t = bases[i];
				bases[i] = bases[k];
				bases[k] = t;
			}
	c->row.legal_bases = arena_strdup(a, bases);
	return 0;
}

static int check_categories(struct db *db, struct arena *a, const struct gdpr_activity_input *in, int64_t org,
			    struct clean *c, bool *art9, bool *art10, struct err *e)
{
	int rc;

	if (in->n_subjects > GDPR_MAX_ITEMS || in->n_data > GDPR_MAX_ITEMS)
		return err_set(e, ERR_INVALID, "data_ids", N_("Too many categories."));
	c->cats = arena_calloc(a, in->n_subjects + in->n_data + 1, sizeof(*c->cats));
	for (size_t i = 0; i < in->n_subjects; i++) {
		struct gdpr_category cat;
		bool dup = false;
		if ((rc = category_of(db, a, in->subject_ids[i], "subject", org, "subject_ids", &cat, e)))
			return rc;
		for (size_t k = 0; k < c->n_cats; k++)
			dup |= c->cats[k].category_id == cat.id;
		if (!dup)
			c->cats[c->n_cats++] =
				(struct gdpr_pcat){ 0, cat.id, cat.kind, cat.name, cat.special, "", 0, "" };
	}
	for (size_t i = 0; i < in->n_data; i++) {
		const struct gdpr_data_input *d = &in->data[i];
		struct gdpr_category cat;
		const char *retention = text_trimmed(a, d->retention), *rule = text_trimmed(a, d->retention_rule);
		const char *field = arena_printf(a, "retention_%" PRId64, d->category_id);
		int64_t months = 0;
		bool dup = false;
		if ((rc = category_of(db, a, d->category_id, "data", org, "data_ids", &cat, e)))
			return rc;
		/* REQ: GDPR-30.1.f the time limit for erasure of each category */
		if (*retention && !gdpr_retention_parse(retention, &months))
			return err_set(e, ERR_INVALID, field,
				       N_("Write the retention period as a number and a unit (\"5 år\", \"3 months "
					  "after the case is closed\"), \"bevaras\" or \"vid inaktualitet\"."));
		if ((rc = check_text(e, field, retention, 200, false)) ||
		    (rc = check_text(e, arena_printf(a, "retention_rule_%" PRId64, d->category_id), rule, 500, false)))
			return rc;
		for (size_t k = 0; k < c->n_cats; k++)
			dup |= c->cats[k].category_id == cat.id;
		if (dup)
			continue;
		*art9 |= !strcmp(cat.special, "art9");
		*art10 |= !strcmp(cat.special, "art10");
		c->cats[c->n_cats++] =
			(struct gdpr_pcat){ 0, cat.id, cat.kind, cat.name, cat.special, retention, months, rule };
	}
	return 0;
}

/* Systems and processors: each must exist and be one @auth sees; otherwise it is as if it did not exist. */
static int check_references(struct db *db, struct arena *a, const struct auth *auth,
			    const struct gdpr_activity_input *in, struct clean *c, struct err *e)
{
	int rc;

	if (in->n_assets > GDPR_MAX_ITEMS || in->n_processors > GDPR_MAX_ITEMS)
		return err_set(e, ERR_INVALID, "asset_ids", N_("Too many systems."));
	c->assets = arena_calloc(a, in->n_assets + 1, sizeof(int64_t));
	for (size_t i = 0; i < in->n_assets; i++) {
		struct asset as;
		if (has_id(c->assets, c->n_assets, in->asset_ids[i]))
			continue;
		rc = asset_get(db, a, in->asset_ids[i], &as, e);
		if (rc == ERR_NOTFOUND || (!rc && !authz_may_reference(auth, ACCESS_READ, as.unit_path, 0)))
			return err_set(e, ERR_INVALID, "asset_ids", N_("No such asset."));
		if (rc)
			return rc;
		c->assets[c->n_assets++] = as.id;
	}
	c->processors = arena_calloc(a, in->n_processors + 1, sizeof(int64_t));
	for (size_t i = 0; i < in->n_processors; i++) {
		struct gdpr_processor p;
		if (has_id(c->processors, c->n_processors, in->processor_ids[i]))
			continue;
		rc = q_processor_get(db, a, in->processor_ids[i], &p, e);
		if (rc == ERR_NOTFOUND || (!rc && !authz_may_reference(auth, ACCESS_READ, p.unit_path, 0)))
			return err_set(e, ERR_INVALID, "processor_ids", N_("No such processor."));
		if (rc)
			return rc;
		c->processors[c->n_processors++] = p.id;
	}
	return 0;
}

static int user_named(struct db *db, struct arena *a, int64_t id, const char *field, struct err *e)
{
	const char *name;
	int rc = q_user_display_name(db, a, id, &name, e);
	return rc == ERR_NOTFOUND ? err_set(e, ERR_INVALID, field, N_("No such user.")) : rc;
}

/*
 * Check @in for an activity that is @before (NULL: a new one) as @auth,
 * and fill @c with what will be stored. The row's state fields start as
 * @before's (or a new draft's).
 */
static int check_clean(struct db *db, struct arena *a, const struct auth *auth, const struct gdpr_activity_input *in,
		       const struct gdpr_activity *before, struct clean *c, struct err *e)
{
	struct gdpr_activity_row *r = &c->row;
	struct gdpr_dpia_suggestion sug;
	bool art9 = false, art10 = false, has;
	int rc;

	*c = (struct clean){ 0 };
	if (before)
		*r = row_of(before);
	else
		r->state = "draft", r->state_comment = "";
	r->unit_id = in->unit_id;
	if (!in->unit_id)
		return err_set(e, ERR_INVALID, "unit_id", N_("Choose the controller: the board or unit responsible."));
	if (before && in->unit_id == before->unit_id) {
		c->unit_name = before->unit_name;
		c->unit_path = before->unit_path;
	} else {
		struct unit u;
		rc = unit_get(db, a, in->unit_id, &u, e);
		if (rc == ERR_NOTFOUND)
			return err_set(e, ERR_INVALID, "unit_id", N_("No such unit."));
		if (rc)
			return rc;
		if (!authz_may_reference(auth, ACCESS_GDPR, u.path, before ? before->owner_id : 0))
			return err_set(
				e, ERR_FORBIDDEN, "unit_id",
				before ? N_("Your roles do not give access to the destination unit.")
				       : N_("Your roles do not let you add processing activities to this unit."));
		if (before && unit_org_of(u.path) != unit_org_of(before->unit_path))
			return err_set(e, ERR_INVALID, "unit_id",
				       N_("A processing activity stays in its organisation: its categories are the "
					  "organisation's."));
		c->unit_name = u.name;
		c->unit_path = u.path;
	}
	r->role = in->role && *in->role ? in->role : "controller";
	if (str_index(roles, 2, r->role) < 0)
		return err_set(e, ERR_INVALID, "role", N_("Must be controller or processor."));
	r->name = text_trimmed(a, in->name);
	r->description = text_trimmed(a, in->description);
	r->controller_contact = text_trimmed(a, in->controller_contact);
	r->joint_controller = text_trimmed(a, in->joint_controller);
	r->on_behalf_of = text_trimmed(a, in->on_behalf_of);
	r->art10_basis = text_trimmed(a, in->art10_basis);
	r->recipients = text_trimmed(a, in->recipients);
	r->other_measures = text_trimmed(a, in->other_measures);
	r->dpia_reason = text_trimmed(a, in->dpia_reason);
	if ((rc = check_text(e, "name", r->name, 200, true)) ||
	    (rc = check_text(e, "description", r->description, 10000, false)) ||
	    (rc = check_text(e, "controller_contact", r->controller_contact, 1000, false)) ||
	    (rc = check_text(e, "joint_controller", r->joint_controller, 1000, false)) ||
	    (rc = check_text(e, "on_behalf_of", r->on_behalf_of, 1000, false)) ||
	    (rc = check_text(e, "art10_basis", r->art10_basis, 1000, false)) ||
	    (rc = check_text(e, "recipients", r->recipients, 10000, false)) ||
	    (rc = check_text(e, "other_measures", r->other_measures, 10000, false)) ||
	    (rc = check_text(e, "dpia_reason", r->dpia_reason, 10000, false)))
		return rc;
	/* REQ: GDPR-30.2.a the controller a processor acts for */
	if (!strcmp(r->role, "processor") && !*r->on_behalf_of)
		return err_set(
			e, ERR_INVALID, "on_behalf_of",
			N_("Name the controller on whose behalf the processing is carried out (Art. 30(2)(a))."));
	if ((rc = q_gdpr_activity_name_taken(db, a, in->unit_id, r->name, before ? before->id : 0, &has, e)))
		return rc;
	if (has)
		return err_set(e, ERR_INVALID, "name",
			       N_("The unit already has a processing activity with this name."));
	/* REQ: GDPR-30.1.a the data protection officer: a person holding the role for the controller */
	r->dpo_id = in->dpo_id;
	if (in->dpo_id && !(before && before->dpo_id == in->dpo_id && before->unit_id == in->unit_id)) {
		if ((rc = user_named(db, a, in->dpo_id, "dpo_id", e)) ||
		    (rc = q_gdpr_user_has_role(db, a, in->dpo_id, "dpo", c->unit_path, &has, e)))
			return rc;
		if (!has)
			return err_set(e, ERR_INVALID, "dpo_id",
				       N_("Choose a person who holds the data protection officer role for this unit."));
	}
	r->owner_id = in->owner_id;
	if (in->owner_id && !(before && before->owner_id == in->owner_id) &&
	    (rc = user_named(db, a, in->owner_id, "owner_id", e)))
		return rc;
	r->art9_point = in->art9_point ? in->art9_point : "";
	/* REQ: GDPR-9.2 the points (a) to (j) */
	if (*r->art9_point && !gdpr_art9_label(r->art9_point))
		return err_set(e, ERR_INVALID, "art9_point",
			       N_("Choose the exception of Art. 9(2) that permits the processing, (a) to (j)."));
	r->art10 = in->art10;
	if ((rc = check_purposes(a, in, c, e)) ||
	    (rc = check_categories(db, a, in, unit_org_of(c->unit_path), c, &art9, &art10, e)) ||
	    (rc = check_references(db, a, auth, in, c, e)))
		return rc;
	if (art9 && !*r->art9_point)
		return err_set(
			e, ERR_INVALID, "art9_point",
			N_("Special categories of personal data are processed: choose the exception of Art. 9(2) "
			   "that permits it."));
	if (art10)
		r->art10 = true;
	/* REQ: GDPR-10 under official authority or as authorised by law */
	if (r->art10 && !*r->art10_basis)
		return err_set(e, ERR_INVALID, "art10_basis",
			       N_("Data on criminal convictions and offences are processed: name the law or the "
				  "official authority that permits it (Art. 10)."));
	r->dpia_criteria = in->dpia_criteria & ((1 << DPIA_CRITERION_COUNT) - 1);
	r->dpia_decision = in->dpia_decision ? in->dpia_decision : "";
	if (*r->dpia_decision && strcmp(r->dpia_decision, "required") && strcmp(r->dpia_decision, "not_required"))
		return err_set(e, ERR_INVALID, "dpia_decision", N_("Choose whether an impact assessment is required."));
	if (*r->dpia_decision && !*r->dpia_reason)
		return err_set(e, ERR_INVALID, "dpia_reason", N_("Give the reason for the decision."));
	gdpr_dpia_suggest(a, LANG_EN, r->dpia_criteria, *r->art9_point || r->art10, &sug);
	r->dpia_suggested = sug.required;
	return 0;
}

/* Does @c add a purpose, a data category or a system that @before (with its children) did not have? */
static bool material_change(const struct gdpr_activity_full *before, const struct clean *c)
{
	for (size_t i = 0; i < c->n_purposes; i++) {
		bool known = false;
		for (size_t k = 0; k < before->n_purposes && !known; k++)
			known = !strcmp(c->purposes[i].purpose, before->purposes[k].purpose) &&
				!strcmp(c->purposes[i].legal_basis, before->purposes[k].legal_basis);
		if (!known)
			return true;
	}
	for (size_t i = 0; i < c->n_cats; i++) {
		bool known = false;
		if (strcmp(c->cats[i].kind, "data"))
			continue;
		for (size_t k = 0; k < before->n_cats && !known; k++)
			known = before->cats[k].category_id == c->cats[i].category_id;
		if (!known)
			return true;
	}
	for (size_t i = 0; i < c->n_assets; i++) {
		bool known = false;
		for (size_t k = 0; k < before->n_assets && !known; k++)
			known = before->assets[k].asset_id == c->assets[i];
		if (!known)
			return true;
	}
	return false;
}

/* The row and children as stored, for the audit trail. */
static const char *snapshot(struct arena *a, int64_t id, int64_t version, const struct gdpr_activity_row *r,
			    const struct gdpr_purpose *pu, size_t n_pu, const struct gdpr_pcat *cats, size_t n_cats,
			    const int64_t *assets, size_t n_assets, const int64_t *procs, size_t n_procs)
{
	struct buf b;
	struct json j;

	buf_init(&b, a);
	json_init(&j, &b);
	json_obj_open(&j);
	json_kv_int(&j, "id", id);
	json_kv_int(&j, "unit_id", r->unit_id);
	json_kv_str(&j, "role", r->role);
	json_kv_str(&j, "name", r->name);
	json_kv_str(&j, "description", r->description);
	json_kv_str(&j, "controller_contact", r->controller_contact);
	json_kv_str(&j, "joint_controller", r->joint_controller);
	json_kv_str(&j, "on_behalf_of", r->on_behalf_of);
	json_kv_id(&j, "dpo_id", r->dpo_id);
	json_kv_id(&j, "owner_id", r->owner_id);
	json_kv_str(&j, "art9_point", r->art9_point);
	json_kv_bool(&j, "art10", r->art10);
	json_kv_str(&j, "art10_basis", r->art10_basis);
	json_kv_str(&j, "recipients", r->recipients);
	json_kv_str(&j, "other_measures", r->other_measures);
	json_kv_str(&j, "state", r->state);
	json_kv_str(&j, "state_comment", r->state_comment);
	json_kv_bool(&j, "review_requested", r->review_requested);
	json_kv_str(&j, "reviewed_at", r->reviewed_at);
	json_kv_id(&j, "reviewed_by", r->reviewed_by);
	json_kv_int(&j, "dpia_criteria", r->dpia_criteria);
	json_kv_str(&j, "dpia_decision", r->dpia_decision);
	json_kv_str(&j, "dpia_reason", r->dpia_reason);
	json_kv_bool(&j, "dpia_needs_review", r->dpia_needs_review);
	json_key(&j, "purposes");
	json_arr_open(&j);
	for (size_t i = 0; i < n_pu; i++) {
		json_obj_open(&j);
		json_kv_str(&j, "purpose", pu[i].purpose);
		json_kv_str(&j, "legal_basis", pu[i].legal_basis);
		json_kv_str(&j, "statute", pu[i].statute);
		json_obj_close(&j);
	}
	json_arr_close(&j);
	json_key(&j, "categories");
	json_arr_open(&j);
	for (size_t i = 0; i < n_cats; i++) {
		json_obj_open(&j);
		json_kv_int(&j, "category_id", cats[i].category_id);
		json_kv_str(&j, "name", cats[i].name);
		if (!strcmp(cats[i].kind, "data")) {
			json_kv_str(&j, "retention", cats[i].retention);
			json_kv_str(&j, "retention_rule", cats[i].retention_rule);
		}
		json_obj_close(&j);
	}
	json_arr_close(&j);
	json_key(&j, "asset_ids");
	json_arr_open(&j);
	for (size_t i = 0; i < n_assets; i++)
		json_int(&j, assets[i]);
	json_arr_close(&j);
	json_key(&j, "processor_ids");
	json_arr_open(&j);
	for (size_t i = 0; i < n_procs; i++)
		json_int(&j, procs[i]);
	json_arr_close(&j);
	json_kv_int(&j, "version", version);
	json_obj_close(&j);
	return b.data;
}

static const char *full_snapshot(struct arena *a, const struct gdpr_activity_full *f)
{
	struct gdpr_activity_row r = row_of(&f->act);
	int64_t *as = arena_calloc(a, f->n_assets + 1, sizeof(*as)),
		*pr = arena_calloc(a, f->n_processors + 1, sizeof(*pr));
	for (size_t i = 0; i < f->n_assets; i++)
		as[i] = f->assets[i].asset_id;
	for (size_t i = 0; i < f->n_processors; i++)
		pr[i] = f->processors[i].processor_id;
	return snapshot(a, f->act.id, f->act.version, &r, f->purposes, f->n_purposes, f->cats, f->n_cats, as,
			f->n_assets, pr, f->n_processors);
}

static const char *clean_snapshot(struct arena *a, int64_t id, int64_t version, const struct clean *c)
{
	return snapshot(a, id, version, &c->row, c->purposes, c->n_purposes, c->cats, c->n_cats, c->assets, c->n_assets,
			c->processors, c->n_processors);
}

static int write_children(struct db *db, struct arena *a, int64_t id, const struct clean *c, struct err *e)
{
	int rc;
	if ((rc = q_gdpr_purposes_set(db, a, id, c->purposes, c->n_purposes, e)) ||
	    (rc = q_gdpr_pcats_set(db, a, id, c->cats, c->n_cats, e)) ||
	    (rc = q_gdpr_passets_set(db, a, id, c->assets, c->n_assets, e)) ||
	    (rc = q_gdpr_pprocessors_set(db, a, id, c->processors, c->n_processors, e)))
		return rc;
	return 0;
}

static int create_in_tx(struct db *db, struct arena *a, const struct auth *auth, const struct gdpr_activity_input *in,
			int64_t *id_out, struct err *e)
{
	struct clean c;
	char now[TIME_ISO_LEN];
	int64_t id;
	int rc;

	time_now_iso(now);
	if ((rc = check_clean(db, a, auth, in, NULL, &c, e)) ||
	    (rc = q_gdpr_activity_insert(db, a, &c.row, now, &id, e)) || (rc = write_children(db, a, id, &c, e)) ||
	    (rc = audit_append(db, a, actor_of(auth), "processing_activity", id, c.row.unit_id, "create", NULL,
			       clean_snapshot(a, id, 1, &c), e)))
		return rc;
	if (id_out)
		*id_out = id;
	return 0;
}

int gdpr_activity_create(struct db *db, struct arena *a, const struct auth *auth, const struct gdpr_activity_input *in,
			 int64_t *id_out, struct err *e)
{
	int rc = db_begin(db, e);
	if (rc)
		return rc;
	return db_end(db, create_in_tx(db, a, auth, in, id_out, e), e);
}

static const char *const conflict_msg = N_("Someone else has changed this processing activity since you opened it. "
					   "Their version is shown; your changes are kept in the form.");

/* A stale version: @current gets the stored activity. */
static int conflict(struct db *db, struct arena *a, int64_t id, struct gdpr_activity *current, struct err *e)
{
	if (current)
		q_gdpr_activity_get(db, a, id, current, NULL);
	return err_set(e, ERR_CONFLICT, "version", conflict_msg);
}

static int update_in_tx(struct db *db, struct arena *a, const struct auth *auth, const struct gdpr_activity *before,
			int64_t version, const struct gdpr_activity_input *in, struct gdpr_activity *current,
			struct err *e)
{
	struct gdpr_activity_full old;
	struct clean c;
	char now[TIME_ISO_LEN];
	int rc;

	time_now_iso(now);
	if (before->version != version)
		return version_conflict(current, before, sizeof(*before), e, conflict_msg);
	if ((rc = check_clean(db, a, auth, in, before, &c, e)) || (rc = gdpr_activity_load(db, a, before, &old, e)))
		return rc;
	/* A material change of a validated entry needs the data protection officer again, and a new look at its DPIA. */
	if (material_change(&old, &c)) {
		if (!strcmp(before->state, "validated"))
			c.row.state = "submitted";
		if (*before->dpia_decision || !strcmp(before->state, "validated"))
			c.row.dpia_needs_review = true;
	}
	rc = q_gdpr_activity_update(db, a, before->id, version, &c.row, now, e);
	if (rc == ERR_CONFLICT)
		return conflict(db, a, before->id, current, e);
	if (rc || (rc = write_children(db, a, before->id, &c, e)))
		return rc;
	return audit_append(db, a, actor_of(auth), "processing_activity", before->id, c.row.unit_id, "update",
			    full_snapshot(a, &old), clean_snapshot(a, before->id, version + 1, &c), e);
}

int gdpr_activity_update(struct db *db, struct arena *a, const struct auth *auth, const struct gdpr_activity *before,
			 int64_t version, const struct gdpr_activity_input *in, struct gdpr_activity *current,
			 struct err *e)
{
	int rc = db_begin(db, e);
	if (rc)
		return rc;
	return db_end(db, update_in_tx(db, a, auth, before, version, in, current, e), e);
}

/* --- the states of an entry ---------------------------------------------------------------- */

const char *gdpr_activity_missing(const struct gdpr_activity_full *f, const char **msgid)
{
	const struct gdpr_activity *p = &f->act;
	bool processor = !strcmp(p->role, "processor");
	size_t n_subjects = 0, n_data = 0;

	/* REQ: GDPR-30.1.a, GDPR-30.2.a */
	if (!*p->controller_contact) {
		*msgid = N_("Give the controller's contact details (Art. 30(1)(a)).");
		return "controller_contact";
	}
	if (!p->dpo_id) {
		*msgid = N_("Name the data protection officer (Art. 30(1)(a)).");
		return "dpo_id";
	}
	/* REQ: GDPR-30.1.b */
	if (!f->n_purposes) {
		*msgid = processor ? N_("Describe the categories of processing carried out (Art. 30(2)(b)).")
				   : N_("Give at least one purpose with its legal basis (Art. 30(1)(b)).");
		return "purpose_1";
	}
	for (size_t i = 0; i < f->n_cats; i++) {
		if (!strcmp(f->cats[i].kind, "subject"))
			n_subjects++;
		else
			n_data++;
	}
	/* REQ: GDPR-30.1.c */
	if (!processor && !n_subjects) {
		*msgid = N_("Choose at least one category of data subjects (Art. 30(1)(c)).");
		return "subject_ids";
	}
	if (!processor && !n_data) {
		*msgid = N_("Choose at least one category of personal data (Art. 30(1)(c)).");
		return "data_ids";
	}
	/* REQ: GDPR-30.1.d */
	if (!processor && !*p->recipients) {
		*msgid = N_("Name the categories of recipients, or write that there are none (Art. 30(1)(d)).");
		return "recipients";
	}
	/* REQ: GDPR-30.1.f */
	for (size_t i = 0; !processor && i < f->n_cats; i++)
		if (!strcmp(f->cats[i].kind, "data") && !*f->cats[i].retention) {
			*msgid = N_("Give the retention period of every category of personal data (Art. 30(1)(f)).");
			return "data_ids";
		}
	/* REQ: GDPR-30.1.g, GDPR-30.2.d */
	if (!f->n_assets && !*p->other_measures) {
		*msgid = N_("Choose the systems used, or describe the security measures (Art. 30(1)(g)).");
		return "asset_ids";
	}
	return NULL;
}

static const char *act_snapshot(struct arena *a, const struct gdpr_activity *p, const struct gdpr_activity_row *r,
				int64_t version)
{
	struct buf b;
	struct json j;
	buf_init(&b, a);
	json_init(&j, &b);
	json_obj_open(&j);
	json_kv_int(&j, "id", p->id);
	json_kv_str(&j, "name", p->name);
	json_kv_str(&j, "state", r->state);
	json_kv_str(&j, "state_comment", r->state_comment);
	json_kv_bool(&j, "review_requested", r->review_requested);
	json_kv_str(&j, "reviewed_at", r->reviewed_at);
	json_kv_id(&j, "reviewed_by", r->reviewed_by);
	json_kv_int(&j, "version", version);
	json_obj_close(&j);
	return b.data;
}

enum step { STEP_SUBMIT, STEP_VALIDATE, STEP_SEND_BACK, STEP_REQUEST };

static int step_in_tx(struct db *db, struct arena *a, const struct auth *auth, const struct gdpr_activity *before,
		      int64_t version, enum step step, const char *comment, struct err *e)
{
	static const char *const actions[] = { "submit", "validate", "send_back", "request_review" };
	struct gdpr_activity_row r = row_of(before), old = r;
	struct gdpr_activity_full full;
	char now[TIME_ISO_LEN];
	const char *msgid, *field;
	int rc;

	time_now_iso(now);
	if (before->version != version)
		return err_set(e, ERR_CONFLICT, "version", conflict_msg);
	comment = text_trimmed(a, comment);
	if ((rc = check_text(e, "comment", comment, 2000, step == STEP_SEND_BACK)))
		return rc;
	switch (step) {
	case STEP_SUBMIT:
		if (!strcmp(before->state, "validated"))
			return err_set(e, ERR_INVALID, "state",
				       N_("The entry is already reviewed by the data protection officer."));
		if ((rc = gdpr_activity_load(db, a, before, &full, e)))
			return rc;
		if ((field = gdpr_activity_missing(&full, &msgid)))
			return err_set(e, ERR_INVALID, field, msgid);
		r.state = "submitted";
		r.review_requested = false;
		break;
	case STEP_VALIDATE:
		if (!strcmp(before->state, "draft"))
			return err_set(e, ERR_INVALID, "state",
				       N_("The entry is a draft: its owner submits it before it is reviewed."));
		if ((rc = gdpr_activity_load(db, a, before, &full, e)))
			return rc;
		if ((field = gdpr_activity_missing(&full, &msgid)))
			return err_set(e, ERR_INVALID, field, msgid);
		r.state = "validated";
		r.state_comment = "";
		r.review_requested = false;
		r.reviewed_at = now;
		r.reviewed_by = actor_of(auth).id;
		break;
	case STEP_SEND_BACK:
		r.state = "draft";
		r.state_comment = comment;
		r.review_requested = true;
		break;
	case STEP_REQUEST:
		if (!before->owner_id)
			return err_set(e, ERR_INVALID, "owner_id",
				       N_("The entry has no owner to ask: choose its owner first."));
		r.state_comment = comment;
		r.review_requested = true;
		break;
	}
	rc = q_gdpr_activity_update(db, a, before->id, version, &r, now, e);
	if (rc == ERR_CONFLICT)
		return err_set(e, ERR_CONFLICT, "version", conflict_msg);
	if (rc)
		return rc;
	return audit_append(db, a, actor_of(auth), "processing_activity", before->id, before->unit_id, actions[step],
			    act_snapshot(a, before, &old, version), act_snapshot(a, before, &r, version + 1), e);
}

static int step(struct db *db, struct arena *a, const struct auth *auth, const struct gdpr_activity *before,
		int64_t version, enum step s, const char *comment, struct err *e)
{
	int rc = db_begin(db, e);
	if (rc)
		return rc;
	return db_end(db, step_in_tx(db, a, auth, before, version, s, comment, e), e);
}

int gdpr_activity_submit(struct db *db, struct arena *a, const struct auth *auth, const struct gdpr_activity *before,
			 int64_t version, struct err *e)
{
	return step(db, a, auth, before, version, STEP_SUBMIT, NULL, e);
}

int gdpr_activity_validate(struct db *db, struct arena *a, const struct auth *auth, const struct gdpr_activity *before,
			   int64_t version, struct err *e)
{
	return step(db, a, auth, before, version, STEP_VALIDATE, NULL, e);
}

int gdpr_activity_send_back(struct db *db, struct arena *a, const struct auth *auth, const struct gdpr_activity *before,
			    int64_t version, const char *comment, struct err *e)
{
	return step(db, a, auth, before, version, STEP_SEND_BACK, comment, e);
}

int gdpr_activity_request_review(struct db *db, struct arena *a, const struct auth *auth,
				 const struct gdpr_activity *before, int64_t version, const char *comment,
				 struct err *e)
{
	return step(db, a, auth, before, version, STEP_REQUEST, comment, e);
}

int gdpr_activity_changed_in_tx(struct db *db, struct arena *a, const struct gdpr_activity *act, bool material,
				struct err *e)
{
	struct gdpr_activity_row r = row_of(act);
	char now[TIME_ISO_LEN];
	int rc;

	if ((rc = q_gdpr_activity_sync_transfer(db, a, act->id, e)))
		return rc;
	if (!material || (strcmp(act->state, "validated") && !*act->dpia_decision))
		return 0;
	time_now_iso(now);
	if (!strcmp(act->state, "validated"))
		r.state = "submitted";
	r.dpia_needs_review = true;
	r.has_transfer = true;
	rc = q_gdpr_activity_update(db, a, act->id, act->version, &r, now, e);
	return rc == ERR_CONFLICT ? err_set(e, ERR_CONFLICT, "version", conflict_msg) : rc;
}

bool gdpr_activity_can_edit(const struct auth *auth, const struct gdpr_activity *act)
{
	return authz_may_edit_as(auth, ACCESS_GDPR, act->unit_path, act->owner_id);
}

bool gdpr_activity_can_validate(const struct auth *auth, const struct gdpr_activity *act)
{
	return authz_in_scope(auth, ACCESS_DPO, act->unit_path);
}

int gdpr_unit_is_public(struct db *db, struct arena *a, const char *unit_path, bool *public_authority, struct err *e)
{
	/* Walk the path's ids: a company on it (or the unit itself) is not a public authority. */
	const char *p = unit_path;
	*public_authority = true;
	while (p && *p == '/' && p[1]) {
		char *end;
		long long id = strtoll(p + 1, &end, 10);
		struct unit u;
		int rc;
		if (*end != '/' || id <= 0)
			break;
		if ((rc = unit_get(db, a, id, &u, e)))
			return rc;
		if (!strcmp(u.kind, "company")) {
			*public_authority = false;
			break;
		}
		p = end;
	}
	return 0;
}

/* --- JSON ------------------------------------------------------------------------------------ */

static void activity_members(struct json *j, const struct gdpr_activity *p)
{
	json_kv_int(j, "id", p->id);
	json_kv_int(j, "unit_id", p->unit_id);
	json_kv_str(j, "unit_name", p->unit_name);
	json_kv_str(j, "role", p->role);
	json_kv_str(j, "name", p->name);
	json_kv_str(j, "description", p->description);
	json_kv_str(j, "controller_contact", p->controller_contact);
	json_kv_str(j, "joint_controller", p->joint_controller);
	json_kv_str(j, "on_behalf_of", p->on_behalf_of);
	json_kv_id(j, "dpo_id", p->dpo_id);
	json_kv_str(j, "dpo_name", p->dpo_name);
	json_kv_id(j, "owner_id", p->owner_id);
	json_kv_str(j, "owner_name", p->owner_name);
	json_kv_str(j, "art9_point", p->art9_point);
	json_kv_bool(j, "art10", p->art10);
	json_kv_str(j, "art10_basis", p->art10_basis);
	json_kv_str(j, "recipients", p->recipients);
	json_kv_str(j, "other_measures", p->other_measures);
	json_kv_str(j, "legal_bases", p->legal_bases);
	json_kv_bool(j, "third_country", p->has_transfer);
	json_kv_str(j, "state", p->state);
	json_kv_str(j, "state_comment", p->state_comment);
	json_kv_bool(j, "review_requested", p->review_requested);
	json_kv_str(j, "reviewed_at", p->reviewed_at);
	json_kv_id(j, "reviewed_by", p->reviewed_by);
	json_kv_str(j, "reviewed_by_name", p->reviewed_by_name);
	json_key(j, "dpia");
	json_obj_open(j);
	json_key(j, "criteria");
	json_arr_open(j);
	for (int k = 0; k < DPIA_CRITERION_COUNT; k++)
		if ((p->dpia_criteria >> k) & 1)
			json_str(j, gdpr_dpia_keys[k]);
	json_arr_close(j);
	json_kv_bool(j, "suggested", p->dpia_suggested);
	json_kv_str(j, "decision", p->dpia_decision);
	json_kv_str(j, "reason", p->dpia_reason);
	json_kv_bool(j, "needs_review", p->dpia_needs_review);
	json_obj_close(j);
	json_kv_int(j, "version", p->version);
	json_kv_str(j, "created_at", p->created_at);
	json_kv_str(j, "updated_at", p->updated_at);
}

void gdpr_activity_json(struct json *j, const struct gdpr_activity *p)
{
	json_obj_open(j);
	activity_members(j, p);
	json_obj_close(j);
}

static void levels_json(struct json *j, const struct gdpr_passet *s)
{
	json_key(j, "classification");
	if (!s->classification_id) {
		json_null_value(j);
		return;
	}
	json_obj_open(j);
	json_kv_int(j, "confidentiality", s->c_level);
	json_kv_int(j, "integrity", s->i_level);
	json_kv_int(j, "availability", s->a_level);
	if (s->t_level >= 0)
		json_kv_int(j, "traceability", s->t_level);
	json_obj_close(j);
}

void gdpr_activity_full_json(struct json *j, const struct gdpr_activity_full *f, const char *cutoff)
{
	json_obj_open(j);
	activity_members(j, &f->act);
	json_kv_bool(j, "review_overdue", gdpr_review_overdue(&f->act, cutoff));
	json_key(j, "purposes");
	json_arr_open(j);
	for (size_t i = 0; i < f->n_purposes; i++) {
		json_obj_open(j);
		json_kv_str(j, "purpose", f->purposes[i].purpose);
		json_kv_str(j, "legal_basis", f->purposes[i].legal_basis);
		json_kv_str(j, "statute", f->purposes[i].statute);
		json_obj_close(j);
	}
	json_arr_close(j);
	json_key(j, "data_subjects");
	json_arr_open(j);
	for (size_t i = 0; i < f->n_cats; i++) {
		if (strcmp(f->cats[i].kind, "subject"))
			continue;
		json_obj_open(j);
		json_kv_int(j, "category_id", f->cats[i].category_id);
		json_kv_str(j, "name", f->cats[i].name);
		json_obj_close(j);
	}
	json_arr_close(j);
	json_key(j, "personal_data");
	json_arr_open(j);
	for (size_t i = 0; i < f->n_cats; i++) {
		if (strcmp(f->cats[i].kind, "data"))
			continue;
		json_obj_open(j);
		json_kv_int(j, "category_id", f->cats[i].category_id);
		json_kv_str(j, "name", f->cats[i].name);
		json_kv_str(j, "special", f->cats[i].special);
		json_kv_str(j, "retention", f->cats[i].retention);
		if (f->cats[i].retention_months)
			json_kv_int(j, "retention_months", f->cats[i].retention_months);
		json_kv_str(j, "retention_rule", f->cats[i].retention_rule);
		json_obj_close(j);
	}
	json_arr_close(j);
	json_key(j, "assets");
	json_arr_open(j);
	for (size_t i = 0; i < f->n_assets; i++) {
		const struct gdpr_passet *s = &f->assets[i];
		json_obj_open(j);
		json_kv_int(j, "asset_id", s->asset_id);
		json_kv_str(j, "name", s->name);
		json_kv_str(j, "kind", s->kind);
		levels_json(j, s);
		json_key(j, "fulfilled_requirements");
		json_arr_open(j);
		for (size_t k = 0; k < f->n_measures; k++) {
			if (f->measures[k].asset_id != s->asset_id)
				continue;
			json_obj_open(j);
			json_kv_str(j, "code", f->measures[k].code);
			json_kv_str(j, "title", f->measures[k].title);
			json_obj_close(j);
		}
		json_arr_close(j);
		json_obj_close(j);
	}
	json_arr_close(j);
	json_key(j, "processors");
	json_arr_open(j);
	for (size_t i = 0; i < f->n_processors; i++) {
		json_obj_open(j);
		json_kv_int(j, "processor_id", f->processors[i].processor_id);
		json_kv_str(j, "name", f->processors[i].name);
		json_kv_str(j, "country", f->processors[i].country);
		json_obj_close(j);
	}
	json_arr_close(j);
	json_key(j, "transfers");
	json_arr_open(j);
	for (size_t i = 0; i < f->n_transfers; i++)
		gdpr_transfer_json(j, &f->transfers[i]);
	json_arr_close(j);
	json_obj_close(j);
}

/* --- the reverse view and the counts ------------------------------------------------------------- */

int gdpr_asset_uses(struct db *db, struct arena *a, int64_t asset_id, struct gdpr_asset_use **out, size_t *n,
		    struct err *e)
{
	return q_gdpr_asset_uses(db, a, asset_id, out, n, e);
}

int gdpr_personal_assets(struct db *db, struct arena *a, int64_t viewer, int64_t unit_id, bool unused_only,
			 int64_t limit, int64_t offset, struct gdpr_asset_count **out, size_t *n, int64_t *total,
			 struct err *e)
{
	const char *subtree;
	int rc = unit_subtree(db, a, unit_id, &subtree, e);
	return rc ? rc : q_gdpr_personal_assets(db, a, viewer, subtree, unused_only, limit, offset, out, n, total, e);
}

int gdpr_counts(struct db *db, struct arena *a, int64_t viewer, int64_t unit_id, int64_t *n_all, int64_t *n_overdue,
		int64_t *n_submitted, struct err *e)
{
	const char *subtree;
	char cutoff[11];
	int rc = unit_subtree(db, a, unit_id, &subtree, e);
	if (rc)
		return rc;
	gdpr_review_cutoff(cutoff);
	return q_gdpr_counts(db, a, viewer, subtree, cutoff, n_all, n_overdue, n_submitted, e);
}

/* --- "Mina uppgifter" --- */

int gdpr_tasks(struct db *db, struct arena *a, const struct auth *auth, const char *today, size_t max,
	       struct task **out, size_t *n, struct err *e)
{
	struct gdpr_filter f;
	struct gdpr_activity *list;
	int64_t total;
	int rc;

	(void)today;
	*n = 0;
	if (!auth || !auth->user_id) {
		*out = arena_calloc(a, 1, sizeof(**out));
		return 0;
	}
	gdpr_filter_init(&f);
	f.owner_id = auth->user_id;
	f.review_requested = true;
	f.viewer_id = auth->system ? 0 : auth->user_id;
	f.limit = (int64_t)(max ? max : 1);
	if ((rc = gdpr_activity_list(db, a, &f, &list, n, &total, e)))
		return rc;
	*out = arena_calloc(a, *n ? *n : 1, sizeof(**out));
	for (size_t i = 0; i < *n; i++) {
		struct task *k = &(*out)[i];
		k->kind = "processing_activity";
		k->id = list[i].id;
		k->title = list[i].name;
		k->context = *list[i].state_comment
				     ? arena_printf(a, "%s – %s: %s", tr(auth->lang, "Register of processing"),
						    list[i].unit_name, list[i].state_comment)
				     : arena_printf(a, "%s – %s", tr(auth->lang, "Register of processing"),
						    list[i].unit_name);
		k->status = N_("Review requested");
	}
	return 0;
}
