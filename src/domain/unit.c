/*
 * unit.c - rules of the organisation tree.
 *
 * Every change runs in one transaction together with its audit entry. The
 * tree rules: an organisation is a root and only an organisation is; names
 * are unique among siblings (case-insensitively); a unit cannot be moved
 * into its own subtree.
 */
#include "domain/unit.h"

#include <inttypes.h>
#include <string.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/err.h"
#include "core/json.h"
#include "core/str.h"
#include "core/timeutil.h"
#include "db/db.h"
#include "db/q_scope.h"
#include "db/q_unit.h"
#include "domain/audit.h"
#include "domain/validate.h"

const char *const unit_kinds[UNIT_KIND_COUNT] = {
	"organisation", "board", "administration", "company", "federation", "unit",
};

const char *const unit_kind_labels[UNIT_KIND_COUNT] = {
	N_("Organisation"), N_("Board"), N_("Administration"), N_("Company"), N_("Federation"), N_("Unit"),
};

int unit_kind_parse(const char *kind)
{
	if (!kind)
		return -1;
	for (int i = 0; i < UNIT_KIND_COUNT; i++)
		if (!strcmp(kind, unit_kinds[i]))
			return i;
	return -1;
}

const char *unit_kind_label(const char *kind)
{
	int k = unit_kind_parse(kind);
	return k < 0 ? "" : unit_kind_labels[k];
}

static void unit_from_row(const struct db_rows *r, size_t i, struct unit *u)
{
	u->id = rows_int(r, i, UC_ID);
	u->parent_id = rows_int(r, i, UC_PARENT);
	u->path = rows_text(r, i, UC_PATH);
	u->kind = rows_text(r, i, UC_KIND);
	u->name = rows_text(r, i, UC_NAME);
	u->code = rows_text(r, i, UC_CODE);
	u->case_prefix = rows_text(r, i, UC_CASE_PREFIX);
	u->contact = rows_text(r, i, UC_CONTACT);
	u->version = rows_int(r, i, UC_VERSION);
	u->created_at = rows_text(r, i, UC_CREATED);
	u->updated_at = rows_text(r, i, UC_UPDATED);
	u->parent_name = rows_text(r, i, UC_PARENT_NAME);
}

int unit_get(struct db *db, struct arena *a, int64_t id, struct unit *out, struct err *e)
{
	struct db_rows rows;
	int rc = db_run(db, a, &Q_UNIT_GET, DB_ARGS(DB_INT(id)), &rows, e);
	if (rc)
		return rc;
	if (rows.n_rows == 0)
		return err_set(e, ERR_NOTFOUND, "id", N_("No such unit."));
	unit_from_row(&rows, 0, out);
	return 0;
}

int unit_list(struct db *db, struct arena *a, const struct unit_filter *f, struct unit **out, size_t *n, int64_t *total,
	      struct err *e)
{
	struct db_rows rows, cnt;
	const char *like = db_like_contains(a, f->q);
	int64_t limit = f->limit > 0 && f->limit <= 1000 ? f->limit : 100;
	int rc;

	rc = db_run(db, a, &Q_UNIT_COUNT,
		    DB_ARGS(DB_INT(f->viewer_id), DB_TEXT(f->kind), DB_INT(f->parent_id), DB_TEXT(like)), &cnt, e);
	if (rc)
		return rc;
	if (total)
		*total = rows_int(&cnt, 0, 0);
	rc = db_run(db, a, &Q_UNIT_LIST,
		    DB_ARGS(DB_INT(f->viewer_id), DB_TEXT(f->kind), DB_INT(f->parent_id), DB_TEXT(like), DB_INT(limit),
			    DB_INT(f->offset > 0 ? f->offset : 0)),
		    &rows, e);
	if (rc)
		return rc;
	*out = arena_calloc(a, rows.n_rows ? rows.n_rows : 1, sizeof(**out));
	for (size_t i = 0; i < rows.n_rows; i++)
		unit_from_row(&rows, i, &(*out)[i]);
	*n = rows.n_rows;
	return 0;
}

void unit_json(struct json *j, const struct unit *u)
{
	json_obj_open(j);
	json_kv_int(j, "id", u->id);
	json_kv_id(j, "parent_id", u->parent_id);
	json_kv_str(j, "kind", u->kind);
	json_kv_str(j, "name", u->name);
	json_kv_str(j, "code", u->code);
	json_kv_str(j, "case_prefix", u->case_prefix);
	json_kv_str(j, "contact", u->contact);
	json_kv_str(j, "path", u->path);
	json_kv_int(j, "version", u->version);
	json_kv_str(j, "created_at", u->created_at);
	json_kv_str(j, "updated_at", u->updated_at);
	json_obj_close(j);
}

const char *unit_json_text(struct arena *a, const struct unit *u)
{
	struct buf b;
	struct json j;
	buf_init(&b, a);
	json_init(&j, &b);
	unit_json(&j, u);
	return b.data;
}

static int check_input(struct db *db, struct arena *a, const struct unit_input *in, int64_t self_id, int64_t parent_id,
		       struct err *e)
{
	struct db_rows rows;
	int kind = unit_kind_parse(in->kind);
	int rc;

	if (kind < 0)
		return err_set(e, ERR_INVALID, "kind", N_("Choose the kind of unit."));
	if ((rc = check_text(e, "name", in->name, 200, true)) || (rc = check_text(e, "code", in->code, 32, false)) ||
	    (rc = check_text(e, "case_prefix", in->case_prefix, 32, false)) ||
	    (rc = check_text(e, "contact", in->contact, 2000, false)))
		return rc;
	if (kind == UNIT_ORGANISATION && parent_id)
		return err_set(e, ERR_INVALID, "kind", N_("An organisation is always at the top of the tree."));
	if (kind != UNIT_ORGANISATION && !parent_id)
		return err_set(e, ERR_INVALID, "parent_id", N_("Choose the unit this one belongs to."));
	rc = db_run(db, a, &Q_UNIT_SIBLING_NAME, DB_ARGS(DB_INT(parent_id), DB_TEXT(in->name), DB_INT(self_id)), &rows,
		    e);
	if (rc)
		return rc;
	if (rows.n_rows)
		return err_set(e, ERR_INVALID, "name", N_("Another unit with this name already belongs here."));
	return 0;
}

static char *trimmed(struct arena *a, const char *s)
{
	return str_trim(arena_strdup(a, s ? s : ""));
}

static struct unit_input clean_input(struct arena *a, const struct unit_input *in)
{
	struct unit_input c = *in;
	c.name = trimmed(a, in->name);
	c.code = trimmed(a, in->code);
	c.case_prefix = trimmed(a, in->case_prefix);
	c.contact = trimmed(a, in->contact);
	return c;
}

int unit_create(struct db *db, struct arena *a, struct actor actor, const struct unit_input *raw, int64_t *id_out,
		struct err *e)
{
	struct unit_input in = clean_input(a, raw);
	struct unit parent = { 0 }, created;
	struct db_rows rows;
	char now[TIME_ISO_LEN];
	int64_t id;
	int rc;

	time_now_iso(now);
	rc = db_begin(db, e);
	if (rc)
		return rc;
	if (in.parent_id) {
		rc = unit_get(db, a, in.parent_id, &parent, e);
		if (rc == ERR_NOTFOUND)
			rc = err_set(e, ERR_INVALID, "parent_id", N_("The chosen parent unit does not exist."));
		if (rc)
			goto out;
	}
	rc = check_input(db, a, &in, 0, in.parent_id, e);
	if (rc)
		goto out;
	rc = db_run(db, a, &Q_UNIT_INSERT,
		    DB_ARGS(DB_ID(in.parent_id), DB_TEXT(in.kind), DB_TEXT(in.name), DB_TEXT(in.code),
			    DB_TEXT(in.case_prefix), DB_TEXT(in.contact), DB_TEXT(now)),
		    &rows, e);
	if (rc)
		goto out;
	id = rows_int(&rows, 0, 0);
	rc = db_run(
		db, a, &Q_UNIT_SET_PATH,
		DB_ARGS(DB_INT(id), DB_TEXT(arena_printf(a, "%s%" PRId64 "/", in.parent_id ? parent.path : "/", id))),
		NULL, e);
	if (rc)
		goto out;
	rc = unit_get(db, a, id, &created, e);
	if (rc)
		goto out;
	rc = audit_append(db, a, actor, "unit", id, id, "create", NULL, unit_json_text(a, &created), e);
	if (rc)
		goto out;
	rc = db_commit(db, e);
	if (!rc && id_out)
		*id_out = id;
out:
	if (rc)
		db_rollback(db);
	return rc;
}

/* After an UPDATE ... WHERE version = $2 changed nothing: tell a missing unit from a stale version. */
static int stale(struct db *db, struct arena *a, int64_t id, struct unit *current, struct err *e)
{
	struct unit u;
	int rc = unit_get(db, a, id, &u, e);
	if (rc)
		return rc;
	if (current)
		*current = u;
	return err_set(
		e, ERR_CONFLICT, "version",
		N_("Someone else has changed this unit since you opened it. Their version is shown; your changes are kept in the form."));
}

int unit_update(struct db *db, struct arena *a, struct actor actor, int64_t id, int64_t version,
		const struct unit_input *raw, struct unit *current, struct err *e)
{
	struct unit_input in = clean_input(a, raw);
	struct unit before, after;
	struct db_rows rows;
	char now[TIME_ISO_LEN];
	int rc;

	time_now_iso(now);
	rc = db_begin(db, e);
	if (rc)
		return rc;
	rc = unit_get(db, a, id, &before, e);
	if (rc)
		goto out;
	if (before.version != version) {
		if (current)
			*current = before;
		rc = err_set(
			e, ERR_CONFLICT, "version",
			N_("Someone else has changed this unit since you opened it. Their version is shown; your changes are kept in the form."));
		goto out;
	}
	rc = check_input(db, a, &in, id, before.parent_id, e);
	if (rc)
		goto out;
	rc = db_run(db, a, &Q_UNIT_UPDATE,
		    DB_ARGS(DB_INT(id), DB_INT(version), DB_TEXT(in.kind), DB_TEXT(in.name), DB_TEXT(in.code),
			    DB_TEXT(in.case_prefix), DB_TEXT(in.contact), DB_TEXT(now)),
		    &rows, e);
	if (rc)
		goto out;
	if (rows.changes == 0) {
		rc = stale(db, a, id, current, e);
		goto out;
	}
	rc = unit_get(db, a, id, &after, e);
	if (rc)
		goto out;
	rc = audit_append(db, a, actor, "unit", id, id, "update", unit_json_text(a, &before), unit_json_text(a, &after),
			  e);
	if (rc)
		goto out;
	rc = db_commit(db, e);
out:
	if (rc)
		db_rollback(db);
	return rc;
}

int unit_move(struct db *db, struct arena *a, struct actor actor, int64_t id, int64_t version, int64_t new_parent,
	      const char *reason, struct unit *current, struct err *e)
{
	struct unit before, after, parent;
	struct db_rows rows;
	char now[TIME_ISO_LEN];
	const char *why = trimmed(a, reason);
	int rc;

	time_now_iso(now);
	rc = check_text(e, "reason", why, 2000, false);
	if (rc)
		return rc;
	rc = db_begin(db, e);
	if (rc)
		return rc;
	rc = unit_get(db, a, id, &before, e);
	if (rc)
		goto out;
	if (before.version != version) {
		if (current)
			*current = before;
		rc = err_set(
			e, ERR_CONFLICT, "version",
			N_("Someone else has changed this unit since you opened it. Their version is shown; your changes are kept in the form."));
		goto out;
	}
	if (!before.parent_id) {
		rc = err_set(e, ERR_INVALID, "parent_id", N_("An organisation cannot be moved."));
		goto out;
	}
	rc = unit_get(db, a, new_parent, &parent, e);
	if (rc == ERR_NOTFOUND)
		rc = err_set(e, ERR_INVALID, "parent_id", N_("The chosen parent unit does not exist."));
	if (rc)
		goto out;
	if (str_starts(parent.path, before.path)) {
		rc = err_set(e, ERR_INVALID, "parent_id", N_("A unit cannot be moved into itself or a unit below it."));
		goto out;
	}
	if (new_parent == before.parent_id) {
		rc = err_set(e, ERR_INVALID, "parent_id", N_("The unit already belongs there."));
		goto out;
	}
	{
		struct unit_input same = { new_parent,  before.kind,        before.name,
					   before.code, before.case_prefix, before.contact };
		rc = check_input(db, a, &same, id, new_parent, e);
		if (rc)
			goto out;
	}
	rc = db_run(db, a, &Q_UNIT_MOVE, DB_ARGS(DB_INT(id), DB_INT(version), DB_INT(new_parent), DB_TEXT(now)), &rows,
		    e);
	if (rc)
		goto out;
	if (rows.changes == 0) {
		rc = stale(db, a, id, current, e);
		goto out;
	}
	rc = db_run(db, a, &Q_UNIT_REPATH,
		    DB_ARGS(DB_TEXT(before.path), DB_TEXT(arena_printf(a, "%s%" PRId64 "/", parent.path, id))), NULL,
		    e);
	if (rc)
		goto out;
	rc = db_run(db, a, &Q_UNIT_MOVE_LOG,
		    DB_ARGS(DB_INT(id), DB_INT(before.parent_id), DB_INT(new_parent), DB_TEXT(why), DB_ID(actor.id),
			    DB_TEXT(now)),
		    NULL, e);
	if (rc)
		goto out;
	rc = unit_get(db, a, id, &after, e);
	if (rc)
		goto out;
	rc = audit_append(db, a, actor, "unit", id, id, "move", unit_json_text(a, &before), unit_json_text(a, &after),
			  e);
	if (rc)
		goto out;
	rc = db_commit(db, e);
out:
	if (rc)
		db_rollback(db);
	return rc;
}

int unit_moves(struct db *db, struct arena *a, int64_t id, struct unit_move **out, size_t *n, struct err *e)
{
	struct db_rows rows;
	int rc = db_run(db, a, &Q_UNIT_MOVES, DB_ARGS(DB_INT(id)), &rows, e);
	if (rc)
		return rc;
	*out = arena_calloc(a, rows.n_rows ? rows.n_rows : 1, sizeof(**out));
	for (size_t i = 0; i < rows.n_rows; i++) {
		struct unit_move *m = &(*out)[i];
		m->id = rows_int(&rows, i, 0);
		m->from_id = rows_int(&rows, i, 1);
		m->from_name = rows_text(&rows, i, 2);
		m->to_id = rows_int(&rows, i, 3);
		m->to_name = rows_text(&rows, i, 4);
		m->reason = rows_text(&rows, i, 5);
		m->by = rows_text(&rows, i, 6);
		m->at = rows_text(&rows, i, 7);
	}
	*n = rows.n_rows;
	return 0;
}

int unit_count_all(struct db *db, struct arena *a, int64_t *n, struct err *e)
{
	struct db_rows rows;
	int rc = db_run(db, a, &Q_UNIT_COUNT_ALL, NULL, 0, &rows, e);
	if (!rc)
		*n = rows_int(&rows, 0, 0);
	return rc;
}
