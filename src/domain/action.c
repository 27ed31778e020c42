/*
 * action.c - rules of tracked actions.
 *
 * An action made from a requirement is created in the same transaction as
 * the link from the asset's requirement row (whose version goes up), so an
 * action never exists half-linked, and a second attempt finds the link and
 * is refused instead of making a duplicate.
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
#include "db/q_requirement.h"
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

static void action_from_row(const struct db_rows *r, size_t i, struct action *ac)
{
	ac->id = rows_int(r, i, ACC_ID);
	ac->unit_id = rows_int(r, i, ACC_UNIT);
	ac->unit_name = rows_text(r, i, ACC_UNIT_NAME);
	ac->unit_path = rows_text(r, i, ACC_UNIT_PATH);
	ac->title = rows_text(r, i, ACC_TITLE);
	ac->description = rows_text(r, i, ACC_DESCRIPTION);
	ac->status = rows_text(r, i, ACC_STATUS);
	ac->responsible_id = rows_int(r, i, ACC_RESPONSIBLE);
	ac->responsible_name = rows_text(r, i, ACC_RESPONSIBLE_NAME);
	ac->due_date = rows_text(r, i, ACC_DUE);
	ac->asset_id = rows_int(r, i, ACC_ASSET);
	ac->asset_name = rows_text(r, i, ACC_ASSET_NAME);
	ac->requirement_id = rows_int(r, i, ACC_REQUIREMENT);
	ac->requirement_code = rows_text(r, i, ACC_REQ_CODE);
	ac->requirement_title = rows_text(r, i, ACC_REQ_TITLE);
	ac->version = rows_int(r, i, ACC_VERSION);
	ac->created_by = rows_int(r, i, ACC_CREATED_BY);
	ac->created_at = rows_text(r, i, ACC_CREATED);
	ac->updated_at = rows_text(r, i, ACC_UPDATED);
}

int action_get(struct db *db, struct arena *a, int64_t id, struct action *out, struct err *e)
{
	struct db_rows rows;
	int rc = db_run(db, a, &Q_ACTION_GET, DB_ARGS(DB_INT(id)), &rows, e);
	if (rc)
		return rc;
	if (rows.n_rows == 0)
		return err_set(e, ERR_NOTFOUND, "id", N_("No such action."));
	action_from_row(&rows, 0, out);
	return 0;
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

int action_list(struct db *db, struct arena *a, const struct action_filter *f, struct action **out, size_t *n,
		int64_t *total, struct err *e)
{
	struct db_rows rows, cnt;
	const char *subtree = NULL;
	int64_t limit = f->limit > 0 && f->limit <= 10000 ? f->limit : 50;
	int rc;

	if (f->unit_id) {
		struct unit u;
		rc = unit_get(db, a, f->unit_id, &u, e);
		if (rc == ERR_NOTFOUND)
			return err_set(e, ERR_INVALID, "unit_id", N_("No such unit."));
		if (rc)
			return rc;
		subtree = u.path;
	}
	if (f->status && status_index(f->status) < 0)
		return err_set(e, ERR_INVALID, "status",
			       N_("Unknown status: use not_started, started, partly_started, ongoing or done."));
#define ACTION_FILTER_ARGS DB_INT(f->viewer_id), DB_TEXT(subtree), DB_TEXT(f->status), DB_INT(f->asset_id)
	if ((rc = db_run(db, a, &Q_ACTION_COUNT, DB_ARGS(ACTION_FILTER_ARGS), &cnt, e)))
		return rc;
	if (total)
		*total = rows_int(&cnt, 0, 0);
	rc = db_run(db, a, &Q_ACTION_LIST,
		    DB_ARGS(ACTION_FILTER_ARGS, DB_INT(limit), DB_INT(f->offset > 0 ? f->offset : 0)), &rows, e);
#undef ACTION_FILTER_ARGS
	if (rc)
		return rc;
	*out = arena_calloc(a, rows.n_rows ? rows.n_rows : 1, sizeof(**out));
	for (size_t i = 0; i < rows.n_rows; i++)
		action_from_row(&rows, i, &(*out)[i]);
	*n = rows.n_rows;
	return 0;
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

static int check_input(struct db *db, struct arena *a, const struct action_input *in, struct err *e)
{
	int rc;
	if ((rc = check_text(e, "title", in->title, 300, true)) ||
	    (rc = check_text(e, "description", in->description, 20000, false)))
		return rc;
	if (status_index(in->status) < 0)
		return err_set(e, ERR_INVALID, "status", N_("Choose the status of the action."));
	if ((rc = check_date(e, "due_date", in->due_date, false)))
		return rc;
	if (in->responsible_id) {
		struct db_rows rows;
		if ((rc = db_run(db, a, &Q_ACTION_USER_EXISTS, DB_ARGS(DB_INT(in->responsible_id)), &rows, e)))
			return rc;
		if (rows.n_rows == 0)
			return err_set(e, ERR_INVALID, "responsible_id", N_("No such user."));
	}
	return 0;
}

static const char *const conflict_msg = N_(
	"Someone else has changed this action since you opened it. Their version is shown; your changes are kept in the form.");

int action_update(struct db *db, struct arena *a, const struct auth *auth, int64_t id, int64_t version,
		  const struct action_input *raw, struct action *current, struct err *e)
{
	struct actor actor = actor_of(auth);
	struct action_input in = *raw;
	struct action before, after;
	struct db_rows rows;
	char now[TIME_ISO_LEN];
	int rc;

	in.title = trimmed(a, raw->title);
	in.description = trimmed(a, raw->description);
	in.due_date = raw->due_date && *raw->due_date ? trimmed(a, raw->due_date) : NULL;
	if (in.due_date && !*in.due_date)
		in.due_date = NULL;
	time_now_iso(now);
	if ((rc = db_begin(db, e)))
		return rc;
	if ((rc = action_get(db, a, id, &before, e)))
		goto out;
	if (before.version != version) {
		if (current)
			*current = before;
		rc = err_set(e, ERR_CONFLICT, "version", conflict_msg);
		goto out;
	}
	if ((rc = check_input(db, a, &in, e)))
		goto out;
	rc = db_run(db, a, &Q_ACTION_UPDATE,
		    DB_ARGS(DB_INT(id), DB_INT(version), DB_TEXT(in.title), DB_TEXT(in.description), DB_TEXT(in.status),
			    DB_ID(in.responsible_id), DB_TEXT(in.due_date), DB_TEXT(now)),
		    &rows, e);
	if (rc)
		goto out;
	if (rows.changes == 0) {
		if (current)
			action_get(db, a, id, current, NULL);
		rc = err_set(e, ERR_CONFLICT, "version", conflict_msg);
		goto out;
	}
	if (!(rc = action_get(db, a, id, &after, e)))
		rc = audit_append(db, a, actor, "action", id, after.unit_id, "update", action_json_text(a, &before),
				  action_json_text(a, &after), e);
	if (!rc)
		rc = db_commit(db, e);
out:
	if (rc)
		db_rollback(db);
	return rc;
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

int action_create_from_requirement(struct db *db, struct arena *a, const struct auth *auth, enum lang lang,
				   int64_t asset_id, int64_t requirement_id, int64_t *id_out, struct err *e)
{
	struct actor actor = actor_of(auth);
	struct asset as;
	struct requirement q;
	struct asset_requirement ar;
	struct action created;
	struct db_rows rows;
	char now[TIME_ISO_LEN];
	const char *title;
	int64_t id;
	int rc;

	time_now_iso(now);
	if ((rc = db_begin(db, e)))
		return rc;
	if ((rc = asset_get(db, a, asset_id, &as, e)) || (rc = requirement_get(db, a, requirement_id, &q, e)) ||
	    (rc = asset_requirement_get(db, a, asset_id, requirement_id, &ar, e)))
		goto out;
	if (ar.action_id) {
		rc = err_set(e, ERR_EXISTS, "action_id",
			     N_("An action has already been created for this requirement."));
		goto out;
	}
	if (strcmp(ar.status, "not_fulfilled") && strcmp(ar.status, "partial")) {
		rc = err_set(e, ERR_INVALID, "status",
			     N_("Only a requirement assessed as not fulfilled or partly fulfilled becomes an action."));
		goto out;
	}
	title = arena_printf(a, "%s %s", q.code, q.title);
	if (str_utf8_len(title) > 300)
		title = q.title;
	rc = db_run(db, a, &Q_ACTION_INSERT,
		    DB_ARGS(DB_INT(as.unit_id), DB_TEXT(title), DB_TEXT(describe(a, lang, &as, &ar)),
			    DB_TEXT("not_started"), DB_ID(as.owner_id), DB_NULL, DB_INT(as.id), DB_INT(q.id),
			    DB_ID(actor.id), DB_TEXT(now)),
		    &rows, e);
	if (rc)
		goto out;
	id = rows_int(&rows, 0, 0);
	if ((rc = action_get(db, a, id, &created, e)) ||
	    (rc = audit_append(db, a, actor, "action", id, as.unit_id, "create", NULL, action_json_text(a, &created),
			       e)))
		goto out;
	rc = db_run(db, a, &Q_AR_SET_ACTION,
		    DB_ARGS(DB_INT(asset_id), DB_INT(requirement_id), DB_INT(id), DB_ID(actor.id), DB_TEXT(now),
			    DB_INT(ar.version)),
		    &rows, e);
	if (!rc && rows.changes == 0)
		rc = err_set(
			e, ERR_CONFLICT, "version",
			N_("Someone else has assessed this requirement since you opened it. Their assessment is shown; yours is kept in the form."));
	if (!rc)
		rc = audit_append(db, a, actor, "asset_requirement", ar.id, as.unit_id, "link_action", NULL,
				  arena_printf(a,
					       "{\"asset_id\":%" PRId64 ",\"requirement_id\":%" PRId64
					       ",\"action_id\":%" PRId64 "}",
					       asset_id, requirement_id, id),
				  e);
	if (!rc)
		rc = db_commit(db, e);
	if (!rc && id_out)
		*id_out = id;
out:
	if (rc)
		db_rollback(db);
	return rc;
}

int action_people(struct db *db, struct arena *a, int64_t unit_id, struct action_person **out, size_t *n, struct err *e)
{
	struct unit u;
	struct db_rows rows;
	int rc;

	if ((rc = unit_get(db, a, unit_id, &u, e)) ||
	    (rc = db_run(db, a, &Q_ACTION_PEOPLE, DB_ARGS(DB_TEXT(u.path)), &rows, e)))
		return rc;
	*out = arena_calloc(a, rows.n_rows ? rows.n_rows : 1, sizeof(**out));
	for (size_t i = 0; i < rows.n_rows; i++) {
		(*out)[i].id = rows_int(&rows, i, 0);
		(*out)[i].name = rows_text(&rows, i, 1);
	}
	*n = rows.n_rows;
	return 0;
}
