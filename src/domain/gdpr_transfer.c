/*
 * gdpr_transfer.c - third-country transfers of a processing activity or
 * of a processor, and their transfer impact assessments (TIA).
 *
 * A transfer is checked by gdpr_transfer_check() (gdpr_rules.c) for the
 * kind of controller it belongs to: a unit with no company on its path is
 * a public authority, which cannot rely on Art. 49(1)(a)-(c). A new
 * transfer of a validated activity is a material change. Each TIA is a new
 * version; earlier ones stay readable.
 */
#include "domain/gdpr.h"

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
#include "domain/validate.h"

int gdpr_transfer_get(struct db *db, struct arena *a, int64_t id, struct gdpr_transfer *out, struct err *e)
{
	int rc = q_transfer_get(db, a, id, out, e);
	return rc == ERR_NOTFOUND ? err_set(e, ERR_NOTFOUND, "id", N_("No such transfer.")) : rc;
}

int gdpr_transfers_of(struct db *db, struct arena *a, int64_t activity_id, int64_t processor_id,
		      struct gdpr_transfer **out, size_t *n, struct err *e)
{
	return q_transfers(db, a, activity_id, processor_id, out, n, e);
}

/* The unit (and owner) a transfer belongs to: its activity's, or its processor's. */
static int transfer_home(struct db *db, struct arena *a, const struct gdpr_transfer *t, int64_t *unit_id,
			 const char **unit_path, int64_t *owner_id, struct gdpr_activity *act, struct err *e)
{
	int rc;
	if (t->activity_id) {
		if ((rc = gdpr_activity_get(db, a, t->activity_id, act, e)))
			return rc;
		*unit_id = act->unit_id;
		*unit_path = act->unit_path;
		*owner_id = act->owner_id;
	} else {
		struct gdpr_processor p;
		if ((rc = processor_get(db, a, t->processor_id, &p, e)))
			return rc;
		*unit_id = p.unit_id;
		*unit_path = p.unit_path;
		*owner_id = 0;
	}
	return 0;
}

int gdpr_transfer_scope(struct db *db, struct arena *a, int64_t id, struct scope *s, struct err *e)
{
	struct gdpr_transfer *t = arena_calloc(a, 1, sizeof(*t));
	struct gdpr_activity act;
	int64_t unit_id, owner_id;
	const char *path;
	int rc;

	if ((rc = gdpr_transfer_get(db, a, id, t, e)) ||
	    (rc = transfer_home(db, a, t, &unit_id, &path, &owner_id, &act, e)))
		return rc;
	*s = (struct scope){ "gdpr_transfer", t, unit_id, path, owner_id };
	return 0;
}

/* @in cleaned: trimmed texts, the country in capitals, the fields its basis does not use emptied. */
static struct gdpr_transfer clean(struct arena *a, const struct gdpr_transfer *in)
{
	struct gdpr_transfer c = *in;
	char *country = str_trim(arena_strdup(a, in->country ? in->country : ""));
	for (char *p = country; *p; p++)
		if (*p >= 'a' && *p <= 'z')
			*p = (char)(*p - 'a' + 'A');
	c.country = country;
	c.recipient = str_trim(arena_strdup(a, in->recipient ? in->recipient : ""));
	c.safeguards = str_trim(arena_strdup(a, in->safeguards ? in->safeguards : ""));
	c.basis = in->basis ? in->basis : "";
	if (strcmp(c.basis, "dpf")) {
		c.dpf_certified = false;
		c.dpf_checked_on = NULL;
	} else if (c.dpf_checked_on && !*c.dpf_checked_on) {
		c.dpf_checked_on = NULL;
	}
	c.scc_module = strcmp(c.basis, "scc") ? "" : (in->scc_module ? in->scc_module : "");
	c.art49_point = strcmp(c.basis, "derogation") ? "" : (in->art49_point ? in->art49_point : "");
	return c;
}

static void write_gdpr_transfer_json(struct json *j, const void *rec)
{
	gdpr_transfer_json(j, rec);
}

static const char *transfer_snapshot(struct arena *a, const struct gdpr_transfer *t)
{
	return json_text(a, write_gdpr_transfer_json, t);
}

static int check_in(struct db *db, struct arena *a, const char *unit_path, const struct gdpr_transfer *t, struct err *e)
{
	bool public_authority;
	int rc = gdpr_unit_is_public(db, a, unit_path, &public_authority, e);
	return rc ? rc : gdpr_transfer_check(t, public_authority, e);
}

static int add_in_tx(struct db *db, struct arena *a, const struct auth *auth, const struct gdpr_activity *act,
		     const struct gdpr_processor *proc, const struct gdpr_transfer *in, int64_t *id_out, struct err *e)
{
	struct gdpr_transfer t = clean(a, in);
	char now[TIME_ISO_LEN];
	int rc;

	time_now_iso(now);
	t.activity_id = act ? act->id : 0;
	t.processor_id = act ? 0 : proc->id;
	t.version = 1;
	t.created_at = t.updated_at = now;
	if ((rc = check_in(db, a, act ? act->unit_path : proc->unit_path, &t, e)) ||
	    (rc = q_transfer_insert(db, a, &t, now, &t.id, e)) ||
	    (act && (rc = gdpr_activity_changed_in_tx(db, a, act, true, e))) ||
	    (rc = audit_append(db, a, actor_of(auth), "gdpr_transfer", t.id, act ? act->unit_id : proc->unit_id,
			       "create", NULL, transfer_snapshot(a, &t), e)))
		return rc;
	if (id_out)
		*id_out = t.id;
	return 0;
}

int gdpr_transfer_add(struct db *db, struct arena *a, const struct auth *auth, const struct gdpr_activity *act,
		      const struct gdpr_processor *proc, const struct gdpr_transfer *in, int64_t *id_out, struct err *e)
{
	int rc = db_begin(db, e);
	if (rc)
		return rc;
	return db_end(db, add_in_tx(db, a, auth, act, proc, in, id_out, e), e);
}

static const char *const conflict_msg =
	N_("Someone else has changed this transfer since you opened it. Their version is shown; your changes are kept "
	   "in the form.");

static int update_in_tx(struct db *db, struct arena *a, const struct auth *auth, const struct gdpr_transfer *before,
			int64_t version, const struct gdpr_transfer *in, struct gdpr_transfer *current, struct err *e)
{
	struct gdpr_transfer t = clean(a, in);
	struct gdpr_activity act;
	int64_t unit_id, owner_id;
	const char *path;
	char now[TIME_ISO_LEN];
	int rc;

	time_now_iso(now);
	if (before->version != version)
		return version_conflict(current, before, sizeof(*before), e, conflict_msg);
	t.id = before->id;
	t.activity_id = before->activity_id;
	t.processor_id = before->processor_id;
	t.created_at = before->created_at;
	t.updated_at = now;
	t.version = version + 1;
	t.tia_version = before->tia_version;
	if ((rc = transfer_home(db, a, before, &unit_id, &path, &owner_id, &act, e)) ||
	    (rc = check_in(db, a, path, &t, e)))
		return rc;
	rc = q_transfer_update(db, a, before->id, version, &t, now, e);
	if (rc == ERR_CONFLICT) {
		if (current)
			q_transfer_get(db, a, before->id, current, NULL);
		return err_set(e, ERR_CONFLICT, "version", conflict_msg);
	}
	/* Another country is a new transfer: a material change of the activity. */
	if (!rc && before->activity_id)
		rc = gdpr_activity_changed_in_tx(db, a, &act, strcmp(before->country, t.country) != 0, e);
	if (rc)
		return rc;
	return audit_append(db, a, actor_of(auth), "gdpr_transfer", before->id, unit_id, "update",
			    transfer_snapshot(a, before), transfer_snapshot(a, &t), e);
}

int gdpr_transfer_update(struct db *db, struct arena *a, const struct auth *auth, const struct gdpr_transfer *before,
			 int64_t version, const struct gdpr_transfer *in, struct gdpr_transfer *current, struct err *e)
{
	int rc = db_begin(db, e);
	if (rc)
		return rc;
	return db_end(db, update_in_tx(db, a, auth, before, version, in, current, e), e);
}

static int remove_in_tx(struct db *db, struct arena *a, const struct auth *auth, const struct gdpr_transfer *t,
			struct err *e)
{
	struct gdpr_activity act;
	int64_t unit_id, owner_id;
	const char *path;
	int rc;

	if ((rc = transfer_home(db, a, t, &unit_id, &path, &owner_id, &act, e)) ||
	    (rc = q_transfer_delete(db, a, t->id, e)) ||
	    (t->activity_id && (rc = q_gdpr_activity_sync_transfer(db, a, t->activity_id, e))))
		return rc;
	return audit_append(db, a, actor_of(auth), "gdpr_transfer", t->id, unit_id, "delete", transfer_snapshot(a, t),
			    NULL, e);
}

int gdpr_transfer_remove(struct db *db, struct arena *a, const struct auth *auth, const struct gdpr_transfer *t,
			 struct err *e)
{
	int rc = db_begin(db, e);
	if (rc)
		return rc;
	return db_end(db, remove_in_tx(db, a, auth, t, e), e);
}

int gdpr_tias(struct db *db, struct arena *a, int64_t transfer_id, struct gdpr_tia **out, size_t *n, struct err *e)
{
	return q_tias(db, a, transfer_id, out, n, e);
}

int gdpr_tia_add(struct db *db, struct arena *a, const struct auth *auth, const struct gdpr_transfer *t,
		 const char *assessment, const char *conclusion, int64_t *version_out, struct err *e)
{
	struct gdpr_tia v = { 0 };
	struct gdpr_activity act;
	int64_t unit_id, owner_id, version = 0;
	const char *path;
	char now[TIME_ISO_LEN];
	struct buf b;
	struct json j;
	int rc;

	time_now_iso(now);
	v.assessment = str_trim(arena_strdup(a, assessment ? assessment : ""));
	v.conclusion = str_trim(arena_strdup(a, conclusion ? conclusion : ""));
	if ((rc = check_text(e, "assessment", v.assessment, 50000, true)) ||
	    (rc = check_text(e, "conclusion", v.conclusion, 2000, false)))
		return rc;
	if ((rc = db_begin(db, e)))
		return rc;
	rc = transfer_home(db, a, t, &unit_id, &path, &owner_id, &act, e);
	if (!rc)
		rc = q_tia_insert(db, a, t->id, v.assessment, v.conclusion, actor_of(auth).id, now, &v.id, &version, e);
	if (!rc) {
		v.transfer_id = t->id;
		v.version_no = version;
		v.created_at = now;
		buf_init(&b, a);
		json_init(&j, &b);
		gdpr_tia_json(&j, &v);
		rc = audit_append(db, a, actor_of(auth), "gdpr_tia", v.id, unit_id, "create", NULL, b.data, e);
	}
	if (!rc && version_out)
		*version_out = version;
	return db_end(db, rc, e);
}

void gdpr_transfer_json(struct json *j, const struct gdpr_transfer *t)
{
	json_obj_open(j);
	json_kv_int(j, "id", t->id);
	json_kv_id(j, "activity_id", t->activity_id);
	json_kv_id(j, "processor_id", t->processor_id);
	json_kv_str(j, "country", t->country);
	json_kv_str(j, "country_name", gdpr_country_name(t->country));
	json_kv_str(j, "recipient", t->recipient);
	json_kv_str(j, "basis", t->basis);
	if (!strcmp(t->basis, "dpf")) {
		json_kv_bool(j, "dpf_certified", t->dpf_certified);
		json_kv_str(j, "dpf_checked_on", t->dpf_checked_on);
	}
	if (!strcmp(t->basis, "scc"))
		json_kv_str(j, "scc_module", t->scc_module);
	if (!strcmp(t->basis, "derogation"))
		json_kv_str(j, "art49_point", t->art49_point);
	json_kv_str(j, "safeguards", t->safeguards);
	if (t->tia_version)
		json_kv_int(j, "tia_version", t->tia_version);
	json_kv_int(j, "version", t->version);
	json_obj_close(j);
}

void gdpr_tia_json(struct json *j, const struct gdpr_tia *t)
{
	json_obj_open(j);
	json_kv_int(j, "id", t->id);
	json_kv_int(j, "transfer_id", t->transfer_id);
	json_kv_int(j, "version_no", t->version_no);
	json_kv_str(j, "assessment", t->assessment);
	json_kv_str(j, "conclusion", t->conclusion);
	json_kv_id(j, "created_by", t->created_by);
	json_kv_str(j, "created_by_name", t->created_by_name);
	json_kv_str(j, "created_at", t->created_at);
	json_obj_close(j);
}
