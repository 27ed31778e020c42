/*
 * action.c - rules of tracked actions.
 *
 * An action made from a requirement is created in the same transaction as
 * the link from the asset's requirement row (whose version goes up), so an
 * action never exists half-linked, and a second attempt finds the link and
 * is refused instead of making a duplicate. The new action's snapshot for
 * the audit trail is built from what the write knows (the asset, the
 * requirement, the input), not read back.
 */
#include "domain/action.h"

#include <inttypes.h>
#include <string.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/err.h"
#include "core/json.h"
#include "core/str.h"
#include "core/timeutil.h"
#include "db/db.h"
#include "db/q_action.h"
#include "domain/asset.h"
#include "domain/audit.h"
#include "domain/requirement.h"
#include "domain/unit.h"
#include "domain/validate.h"

const char *const action_statuses[ACTION_STATUS_COUNT] = { "not_started", "started", "partly_started", "ongoing",
							   "done" };
const char *const action_status_labels[ACTION_STATUS_COUNT] = {
	N_("Not started"), N_("Started"), N_("Partly started"), N_("In progress"), N_("Done"),
};

static int status_index(const char *s)
{
	if (!s)
		return -1;
	for (int i = 0; i < ACTION_STATUS_COUNT; i++)
		if (!strcmp(action_statuses[i], s))
			return i;
	return -1;
}

const char *action_status_label(const char *s)
{
	int i = status_index(s);
	return i >= 0 ? action_status_labels[i] : s;
}

int action_get(struct db *db, struct arena *a, int64_t id, struct action *out, struct err *e)
{
	int rc = q_action_get(db, a, id, out, e);
	return rc == ERR_NOTFOUND ? err_set(e, ERR_NOTFOUND, "id", N_("No such action.")) : rc;
}

int action_scope(struct db *db, struct arena *a, int64_t id, struct scope *s, struct err *e)
{
	struct action *ac = arena_calloc(a, 1, sizeof(*ac));
	int rc = action_get(db, a, id, ac, e);
	if (rc)
		return rc;
	*s = (struct scope){ "action", ac, ac->unit_id, ac->unit_path, ac->responsible_id };
	return 0;
}

int action_filter_parse(struct action_filter *f, const char *(*get)(void *ctx, const char *name), void *ctx,
			struct err *e)
{
	int rc;

	if ((rc = filter_id(get, ctx, "unit_id", &f->unit_id, e)) ||
	    (rc = filter_id(get, ctx, "asset_id", &f->asset_id, e)))
		return rc;
	f->status = filter_arg(get, ctx, "status");
	if (f->status && status_index(f->status) < 0)
		return err_set(e, ERR_INVALID, "status",
			       N_("Unknown status: use not_started, started, partly_started, ongoing or done."));
	return 0;
}

int action_list(struct db *db, struct arena *a, const struct action_filter *f, struct action **out, size_t *n,
		int64_t *total, struct err *e)
{
	const char *subtree;
	int rc = unit_subtree(db, a, f->unit_id, &subtree, e);
	return rc ? rc : q_action_list(db, a, f, subtree, out, n, total, e);
}

struct action_input action_input_of(const struct action *ac)
{
	struct action_input in = { ac->title, ac->description, ac->status, ac->responsible_id, ac->due_date };
	return in;
}

void action_json(struct json *j, const struct action *ac)
{
	json_obj_open(j);
	json_kv_int(j, "id", ac->id);
	json_kv_int(j, "unit_id", ac->unit_id);
	json_kv_str(j, "unit_name", ac->unit_name);
	json_kv_str(j, "title", ac->title);
	json_kv_str(j, "description", ac->description);
	json_kv_str(j, "status", ac->status);
	json_kv_id(j, "responsible_id", ac->responsible_id);
	json_kv_str(j, "responsible_name", ac->responsible_name);
	json_kv_str(j, "due_date", ac->due_date);
	json_kv_id(j, "asset_id", ac->asset_id);
	json_kv_str(j, "asset_name", ac->asset_name);
	json_kv_id(j, "requirement_id", ac->requirement_id);
	json_kv_str(j, "requirement_code", ac->requirement_code);
	json_kv_int(j, "version", ac->version);
	json_kv_str(j, "created_at", ac->created_at);
	json_kv_str(j, "updated_at", ac->updated_at);
	json_obj_close(j);
}

const char *action_json_text(struct arena *a, const struct action *ac)
{
	struct buf b;
	struct json j;
	buf_init(&b, a);
	json_init(&j, &b);
	action_json(&j, ac);
	return b.data;
}

static char *trimmed(struct arena *a, const char *s)
{
	return str_trim(arena_strdup(a, s ? s : ""));
}

static struct action_input clean_input(struct arena *a, const struct action_input *raw)
{
	struct action_input in = *raw;
	in.title = trimmed(a, raw->title);
	in.description = trimmed(a, raw->description);
	in.due_date = raw->due_date && *raw->due_date ? trimmed(a, raw->due_date) : NULL;
	if (in.due_date && !*in.due_date)
		in.due_date = NULL;
	return in;
}

/* Check @in (cleaned) for a change of @before; *responsible_name gets the name of the responsible person. */
static int check_input(struct db *db, struct arena *a, const struct action_input *in, const struct action *before,
		       const char **responsible_name, struct err *e)
{
	int rc;

	if ((rc = check_text(e, "title", in->title, 300, true)) ||
	    (rc = check_text(e, "description", in->description, 20000, false)))
		return rc;
	if (status_index(in->status) < 0)
		return err_set(e, ERR_INVALID, "status", N_("Choose the status of the action."));
	if ((rc = check_date(e, "due_date", in->due_date, false)))
		return rc;
	*responsible_name = NULL;
	if (!in->responsible_id)
		return 0;
	if (in->responsible_id == before->responsible_id) {
		*responsible_name = before->responsible_name;
		return 0;
	}
	rc = q_action_user_name(db, a, in->responsible_id, responsible_name, e);
	return rc == ERR_NOTFOUND ? err_set(e, ERR_INVALID, "responsible_id", N_("No such user.")) : rc;
}

static const char *const conflict_msg = N_(
	"Someone else has changed this action since you opened it. Their version is shown; your changes are kept in the form.");

static int update_in_tx(struct db *db, struct arena *a, const struct auth *auth, const struct action *before,
			int64_t version, const struct action_input *in, struct action *current, struct err *e)
{
	struct action after = *before;
	char now[TIME_ISO_LEN];
	int rc;

	time_now_iso(now);
	if (before->version != version) {
		if (current)
			*current = *before;
		return err_set(e, ERR_CONFLICT, "version", conflict_msg);
	}
	if ((rc = check_input(db, a, in, before, &after.responsible_name, e)))
		return rc;
	rc = q_action_update(db, a, before->id, version, in, now, e);
	if (rc == ERR_CONFLICT) {
		/* Changed since @before was read: show the stored one. */
		if (current && (rc = action_get(db, a, before->id, current, e)))
			return rc;
		return err_set(e, ERR_CONFLICT, "version", conflict_msg);
	}
	if (rc)
		return rc;
	/* What was stored is @before changed by @in: no need to read it back. */
	after.title = in->title;
	after.description = in->description;
	after.status = in->status;
	after.responsible_id = in->responsible_id;
	after.due_date = in->due_date;
	after.version = before->version + 1;
	after.updated_at = now;
	return audit_append(db, a, actor_of(auth), "action", before->id, after.unit_id, "update",
			    action_json_text(a, before), action_json_text(a, &after), e);
}

int action_update(struct db *db, struct arena *a, const struct auth *auth, const struct action *before, int64_t version,
		  const struct action_input *raw, struct action *current, struct err *e)
{
	struct action_input in = clean_input(a, raw);
	int rc = db_begin(db, e);
	if (rc)
		return rc;
	return db_end(db, update_in_tx(db, a, auth, before, version, &in, current, e), e);
}

/* The description of an action made from a requirement, in @lang. */
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

static int create_in_tx(struct db *db, struct arena *a, const struct auth *auth, enum lang lang, const struct asset *as,
			int64_t requirement_id, int64_t *id_out, struct err *e)
{
	struct asset_requirement ar;
	struct action ac = { 0 };
	char now[TIME_ISO_LEN];
	int rc;

	time_now_iso(now);
	if ((rc = asset_requirement_read(db, a, as, requirement_id, &ar, e)))
		return rc;
	if (ar.action_id)
		return err_set(e, ERR_EXISTS, "action_id",
			       N_("An action has already been created for this requirement."));
	if (strcmp(ar.status, "not_fulfilled") && strcmp(ar.status, "partial"))
		return err_set(
			e, ERR_INVALID, "status",
			N_("Only a requirement assessed as not fulfilled or partly fulfilled becomes an action."));
	ac.unit_id = as->unit_id;
	ac.unit_name = as->unit_name;
	ac.unit_path = as->unit_path;
	ac.title = arena_printf(a, "%s %s", ar.req.code, ar.req.title);
	if (str_utf8_len(ac.title) > 300)
		ac.title = ar.req.title;
	ac.description = describe(a, lang, as, &ar);
	ac.status = "not_started";
	ac.responsible_id = as->owner_id;
	ac.responsible_name = as->owner_name;
	ac.asset_id = as->id;
	ac.asset_name = as->name;
	ac.requirement_id = ar.req.id;
	ac.requirement_code = ar.req.code;
	ac.requirement_title = ar.req.title;
	ac.version = 1;
	ac.created_by = actor_of(auth).id;
	ac.created_at = ac.updated_at = now;
	if ((rc = q_action_insert(db, a, &ac, now, &ac.id, e)) ||
	    (rc = audit_append(db, a, actor_of(auth), "action", ac.id, as->unit_id, "create", NULL,
			       action_json_text(a, &ac), e)) ||
	    (rc = asset_requirement_link_action(db, a, auth, as, &ar, ac.id, now, e)))
		return rc;
	if (id_out)
		*id_out = ac.id;
	return 0;
}

int action_create_from_requirement(struct db *db, struct arena *a, const struct auth *auth, enum lang lang,
				   const struct asset *as, int64_t requirement_id, int64_t *id_out, struct err *e)
{
	int rc;

	/* The action goes in the asset's unit: who may change the asset there may add it. */
	if (!authz_may_reference(auth, ACCESS_OWN, as->unit_path, as->owner_id))
		return err_set(e, ERR_FORBIDDEN, "unit_id", N_("Your roles do not let you add actions to this unit."));
	if ((rc = db_begin(db, e)))
		return rc;
	return db_end(db, create_in_tx(db, a, auth, lang, as, requirement_id, id_out, e), e);
}

int action_people(struct db *db, struct arena *a, const char *unit_path, struct action_person **out, size_t *n,
		  struct err *e)
{
	return q_action_people(db, a, unit_path, out, n, e);
}
