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
#include <stdlib.h>
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
#include "domain/auth.h"
#include "domain/figures.h"
#include "domain/risk.h"
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

int unit_get(struct db *db, struct arena *a, int64_t id, struct unit *out, struct err *e)
{
	int rc = q_unit_get(db, a, id, out, e);
	return rc == ERR_NOTFOUND ? err_set(e, ERR_NOTFOUND, "id", N_("No such unit.")) : rc;
}

int unit_subtree(struct db *db, struct arena *a, int64_t id, const char **path, struct err *e)
{
	struct unit u;
	int rc;

	*path = NULL;
	if (!id)
		return 0;
	rc = unit_get(db, a, id, &u, e);
	if (rc == ERR_NOTFOUND)
		return err_set(e, ERR_INVALID, "unit_id", N_("No such unit."));
	if (!rc)
		*path = u.path;
	return rc;
}

int unit_scope(struct db *db, struct arena *a, int64_t id, struct scope *s, struct err *e)
{
	struct unit *u = arena_calloc(a, 1, sizeof(*u));
	int rc = unit_get(db, a, id, u, e);
	if (rc)
		return rc;
	*s = (struct scope){ "unit", u, u->id, u->path, 0 };
	return 0;
}

int unit_target_check(struct db *db, struct arena *a, const struct auth *auth, const struct unit_target *t,
		      const char **name, const char **path, struct err *e)
{
	struct unit u;
	int rc;

	if (!t->unit_id)
		return err_set(e, ERR_INVALID, "unit_id", t->missing);
	if (t->current_id && t->unit_id == t->current_id) {
		*name = t->current_name;
		*path = t->current_path;
		return 0;
	}
	rc = q_unit_get(db, a, t->unit_id, &u, e);
	if (rc == ERR_NOTFOUND)
		return err_set(e, ERR_INVALID, "unit_id", N_("No such unit."));
	if (rc)
		return rc;
	if (!authz_may_reference(auth, t->access, u.path, t->owner_id))
		return err_set(e, ERR_FORBIDDEN, "unit_id",
			       !t->current_id    ? t->refused
			       : t->refused_move ? t->refused_move
						 : N_("Your roles do not give access to the destination unit."));
	*name = u.name;
	*path = u.path;
	return 0;
}

int unit_list(struct db *db, struct arena *a, const struct unit_filter *f, struct unit **out, size_t *n, int64_t *total,
	      struct err *e)
{
	return q_unit_list(db, a, f, out, n, total, e);
}

/* Is grant @i of @auth a top: on a unit, the first on it, and not below another of the grants? */
static bool grant_is_top(const struct auth *auth, size_t i)
{
	const struct grant *g = &auth->grants[i];

	if (!g->unit_id || !g->unit_path)
		return false;
	for (size_t k = 0; k < auth->n_grants; k++) {
		const struct grant *o = &auth->grants[k];
		if (k == i || !o->unit_id || !o->unit_path)
			continue;
		if (o->unit_id == g->unit_id ? k < i : str_starts(g->unit_path, o->unit_path))
			return false;
	}
	return true;
}

int unit_tops(struct db *db, struct arena *a, const struct auth *auth, int64_t limit, int64_t offset,
	      struct unit_branch **out, size_t *n, int64_t *total, struct err *e)
{
	int64_t *ids = arena_calloc(a, auth->n_grants ? auth->n_grants : 1, sizeof(*ids));
	size_t n_ids = 0;

	if (auth->system)
		return q_unit_branches(db, a, 0, NULL, 0, limit, offset, out, n, total, e);
	for (size_t i = 0; i < auth->n_grants; i++) {
		if (!auth->grants[i].unit_id)
			return q_unit_branches(db, a, 0, NULL, 0, limit, offset, out, n, total, e);
		if (grant_is_top(auth, i))
			ids[n_ids++] = auth->grants[i].unit_id;
	}
	if (!n_ids) {
		*out = NULL;
		*n = 0;
		*total = 0;
		return 0;
	}
	return q_unit_branches(db, a, 0, ids, n_ids, limit, offset, out, n, total, e);
}

int unit_children(struct db *db, struct arena *a, int64_t parent_id, int64_t limit, int64_t offset,
		  struct unit_branch **out, size_t *n, int64_t *total, struct err *e)
{
	return q_unit_branches(db, a, parent_id, NULL, 0, limit, offset, out, n, total, e);
}

int unit_subtree_list(struct db *db, struct arena *a, const struct unit *u, int64_t limit, struct unit **out, size_t *n,
		      struct err *e)
{
	return q_unit_subtree(db, a, u->path, limit, out, n, e);
}

/* The members of @u's JSON object. */
static void unit_members(struct json *j, const struct unit *u)
{
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
}

void unit_json(struct json *j, const struct unit *u)
{
	json_obj_open(j);
	unit_members(j, u);
	json_obj_close(j);
}

void unit_branch_json(struct json *j, const struct unit_branch *b)
{
	json_obj_open(j);
	unit_members(j, &b->u);
	json_kv_int(j, "units_below", b->n_below);
	json_obj_close(j);
}

static void write_unit_json(struct json *j, const void *rec)
{
	unit_json(j, rec);
}

const char *unit_json_text(struct arena *a, const struct unit *u)
{
	return json_text(a, write_unit_json, u);
}

struct unit_input unit_input_of(const struct unit *u)
{
	return (struct unit_input){ u->parent_id, u->kind, u->name, u->code, u->case_prefix, u->contact };
}

static const char *const conflict_msg = N_(
	"Someone else has changed this unit since you opened it. Their version is shown; your changes are kept in the form.");

static int check_input(struct db *db, struct arena *a, const struct unit_input *in, int64_t self_id, int64_t parent_id,
		       struct err *e)
{
	int kind = unit_kind_parse(in->kind);
	bool taken;
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
	if ((rc = q_unit_name_taken(db, a, parent_id, in->name, self_id, &taken, e)))
		return rc;
	if (taken)
		return err_set(e, ERR_INVALID, "name", N_("Another unit with this name already belongs here."));
	return 0;
}

static struct unit_input clean_input(struct arena *a, const struct unit_input *in)
{
	struct unit_input c = *in;
	c.name = text_trimmed(a, in->name);
	c.code = text_trimmed(a, in->code);
	c.case_prefix = text_trimmed(a, in->case_prefix);
	c.contact = text_trimmed(a, in->contact);
	return c;
}

/* The parent a new or moved unit goes under: it must exist, and @auth must administer it. */
static int destination(struct db *db, struct arena *a, const struct auth *auth, int64_t id, struct unit *out,
		       struct err *e)
{
	int rc = q_unit_get(db, a, id, out, e);
	if (rc == ERR_NOTFOUND)
		return err_set(e, ERR_INVALID, "parent_id", N_("The chosen parent unit does not exist."));
	if (rc)
		return rc;
	if (!authz_may_reference(auth, ACCESS_ADMIN, out->path, 0))
		return err_set(e, ERR_FORBIDDEN, "parent_id",
			       N_("Your roles do not give access to the destination unit."));
	return 0;
}

static int create_in_tx(struct db *db, struct arena *a, const struct auth *auth, const struct unit_input *in,
			int64_t *id_out, struct err *e)
{
	struct unit parent = { 0 }, created;
	char now[TIME_ISO_LEN];
	int64_t id;
	int rc;

	time_now_iso(now);
	if (in->parent_id && (rc = destination(db, a, auth, in->parent_id, &parent, e)))
		return rc;
	if (!in->parent_id && auth && !authz_global(auth, ACCESS_ADMIN))
		return err_set(e, ERR_FORBIDDEN, "parent_id",
			       N_("Only an administrator for the whole installation may create an organisation."));
	if ((rc = check_input(db, a, in, 0, in->parent_id, e)) ||
	    (rc = q_unit_insert(db, a, in, in->parent_id ? parent.path : NULL, now, &id, e)) ||
	    (rc = unit_get(db, a, id, &created, e)) ||
	    (rc = audit_append(db, a, actor_of(auth), "unit", id, id, "create", NULL, unit_json_text(a, &created), e)))
		return rc;
	if (id_out)
		*id_out = id;
	return 0;
}

int unit_create(struct db *db, struct arena *a, const struct auth *auth, const struct unit_input *raw, int64_t *id_out,
		struct err *e)
{
	struct unit_input in = clean_input(a, raw);
	int rc = db_begin(db, e);
	if (rc)
		return rc;
	return db_end(db, create_in_tx(db, a, auth, &in, id_out, e), e);
}

/* After a write at @version changed nothing: tell a missing unit from a stale version. */
static int stale(struct db *db, struct arena *a, int64_t id, struct unit *current, struct err *e)
{
	struct unit u;
	int rc = unit_get(db, a, id, &u, e);
	if (rc)
		return rc;
	if (current)
		*current = u;
	return err_set(e, ERR_CONFLICT, "version", conflict_msg);
}

/* @before as it is after the change of @in at @now: the new version, without reading it back. */
static struct unit changed(const struct unit *before, const struct unit_input *in, const char *now)
{
	struct unit after = *before;
	after.kind = in->kind;
	after.name = in->name;
	after.code = in->code;
	after.case_prefix = in->case_prefix;
	after.contact = in->contact;
	after.version = before->version + 1;
	after.updated_at = now;
	return after;
}

static int update_in_tx(struct db *db, struct arena *a, const struct auth *auth, const struct unit *before,
			int64_t version, const struct unit_input *in, struct unit *current, struct err *e)
{
	char now[TIME_ISO_LEN];
	struct unit after;
	int rc;

	time_now_iso(now);
	if (before->version != version)
		return version_conflict(current, before, sizeof(*before), e, conflict_msg);
	if ((rc = check_input(db, a, in, before->id, before->parent_id, e)))
		return rc;
	rc = q_unit_update(db, a, before->id, version, in, now, e);
	if (rc == ERR_CONFLICT)
		return stale(db, a, before->id, current, e);
	if (rc)
		return rc;
	after = changed(before, in, now);
	if ((rc = audit_append(db, a, actor_of(auth), "unit", before->id, before->id, "update",
			       unit_json_text(a, before), unit_json_text(a, &after), e)))
		return rc;
	/* Roles name the unit and hold for its subtree: signed-in requests must see the change. */
	return auth_changed_in_tx(db, a, e);
}

int unit_update(struct db *db, struct arena *a, const struct auth *auth, const struct unit *before, int64_t version,
		const struct unit_input *raw, struct unit *current, struct err *e)
{
	struct unit_input in = clean_input(a, raw);
	int rc = db_begin(db, e);
	if (rc)
		return rc;
	return db_end(db, update_in_tx(db, a, auth, before, version, &in, current, e), e);
}

static int move_in_tx(struct db *db, struct arena *a, const struct auth *auth, const struct unit *seen, int64_t version,
		      int64_t new_parent, const char *why, struct unit *current, struct err *e)
{
	struct unit parent, after, stored;
	const struct unit *before = &stored;
	struct unit_input same;
	char now[TIME_ISO_LEN];
	int rc;

	time_now_iso(now);
	/* A move rewrites the paths below the unit: read it again under the write lock, so the path is the stored one. */
	if ((rc = unit_get(db, a, seen->id, &stored, e)))
		return rc;
	same = unit_input_of(before);
	if (before->version != version)
		return version_conflict(current, before, sizeof(*before), e, conflict_msg);
	if (!before->parent_id)
		return err_set(e, ERR_INVALID, "parent_id", N_("An organisation cannot be moved."));
	if ((rc = destination(db, a, auth, new_parent, &parent, e)))
		return rc;
	if (str_starts(parent.path, before->path))
		return err_set(e, ERR_INVALID, "parent_id",
			       N_("A unit cannot be moved into itself or a unit below it."));
	if (new_parent == before->parent_id)
		return err_set(e, ERR_INVALID, "parent_id", N_("The unit already belongs there."));
	same.parent_id = new_parent;
	if ((rc = check_input(db, a, &same, before->id, new_parent, e)))
		return rc;
	rc = q_unit_move(db, a, before, version, new_parent, parent.path, why, actor_of(auth).id, now, e);
	if (rc == ERR_CONFLICT)
		return stale(db, a, before->id, current, e);
	if (rc)
		return rc;
	after = *before;
	after.parent_id = new_parent;
	after.parent_name = parent.name;
	after.path = arena_printf(a, "%s%" PRId64 "/", parent.path, before->id);
	after.version = before->version + 1;
	after.updated_at = now;
	if ((rc = audit_append(db, a, actor_of(auth), "unit", before->id, before->id, "move", unit_json_text(a, before),
			       unit_json_text(a, &after), e)) ||
	    (rc = figures_note_unit_moved(db, a, before, new_parent, e)) ||
	    (rc = risk_note_unit_moved(db, a, after.path, e)))
		return rc;
	/* Roles name the unit and hold for its subtree: signed-in requests must see the change. */
	return auth_changed_in_tx(db, a, e);
}

int unit_move(struct db *db, struct arena *a, const struct auth *auth, const struct unit *before, int64_t version,
	      int64_t new_parent, const char *reason, struct unit *current, struct err *e)
{
	const char *why = text_trimmed(a, reason);
	int rc = check_text(e, "reason", why, 2000, false);
	if (rc)
		return rc;
	if ((rc = db_begin(db, e)))
		return rc;
	return db_end(db, move_in_tx(db, a, auth, before, version, new_parent, why, current, e), e);
}

int unit_moves(struct db *db, struct arena *a, int64_t id, struct unit_move **out, size_t *n, struct err *e)
{
	return q_unit_moves(db, a, id, out, n, e);
}

int unit_count_all(struct db *db, struct arena *a, int64_t *n, struct err *e)
{
	return q_unit_count_all(db, a, n, e);
}

int unit_count_seen(struct db *db, struct arena *a, int64_t viewer_id, int64_t at_most, int64_t *n, struct err *e)
{
	return q_unit_count_seen(db, a, viewer_id, at_most, n, e);
}

/* --- a unit named in a text field --- */

int64_t unit_org_of(const char *path)
{
	int64_t id = 0;

	if (!path || path[0] != '/')
		return 0;
	for (const char *p = path + 1; *p && *p != '/'; p++) {
		if (*p < '0' || *p > '9')
			return 0;
		id = id * 10 + (*p - '0');
	}
	return id;
}

const char *unit_choice_label(struct db *db, struct arena *a, const struct unit *u)
{
	int64_t org = unit_org_of(u->path);
	struct unit o;

	if (!org || org == u->id || unit_get(db, a, org, &o, NULL))
		return u->name;
	return arena_printf(a, "%s (%s)", u->name, o.name);
}

int unit_find_choice(struct db *db, struct arena *a, int64_t viewer_id, const char *text, int64_t *id_out,
		     size_t *n_match, struct err *e)
{
	struct unit_filter f = { .viewer_id = viewer_id, .limit = 1000 };
	const char *name, *want;
	struct unit *units;
	char *org; /* "Name (Organisation)", or a name alone */
	size_t n;
	int64_t found = 0;
	int rc;

	*id_out = 0;
	*n_match = 0;
	str_split_label(a, str_trim(arena_strdup(a, text)), &name, &org);
	f.q = name;
	f.q_whole = true;
	if (!*name || (rc = unit_list(db, a, &f, &units, &n, NULL, e)))
		return *name ? rc : 0;
	want = str_fold(a, name);
	for (size_t i = 0; i < n; i++) {
		if (strcmp(str_fold(a, units[i].name), want))
			continue;
		if (org) {
			struct unit o;
			int64_t oid = unit_org_of(units[i].path);
			if (oid == units[i].id || !oid || unit_get(db, a, oid, &o, NULL) ||
			    strcmp(str_fold(a, o.name), str_fold(a, org)))
				continue;
		}
		found = units[i].id;
		(*n_match)++;
	}
	if (*n_match == 1)
		*id_out = found;
	return 0;
}

/* --- Swedish order of a tree --- */

struct sibling {
	const struct unit *u;
	bool top; /* its parent is not among the units */
};

/* Tops first, by name; the rest by parent, then name; ties by id. Names in Swedish order. */
static int sibling_cmp(const void *x, const void *y)
{
	const struct sibling *p = x, *q = y;
	const struct unit *a = p->u, *b = q->u;
	int c;

	if (p->top != q->top)
		return p->top ? -1 : 1;
	if (!p->top && a->parent_id != b->parent_id)
		return a->parent_id < b->parent_id ? -1 : 1;
	if ((c = str_sv_cmp(a->name, b->name)))
		return c;
	return a->id < b->id ? -1 : a->id > b->id;
}

static int id_cmp(const void *x, const void *y)
{
	int64_t a = *(const int64_t *)x, b = *(const int64_t *)y;
	return a < b ? -1 : a > b;
}

/* The first of the @n sorted siblings that is not a top and has parent @parent_id; @n when none. */
static size_t first_child(const struct sibling *s, size_t n, int64_t parent_id)
{
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (s[mid].top || s[mid].u->parent_id < parent_id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < n && s[lo].u->parent_id == parent_id ? lo : n;
}

void unit_order_sv(struct arena *a, struct unit *u, size_t n)
{
	struct sibling *s;
	struct unit *out;
	const struct unit **stack;
	int64_t *ids;
	size_t top = 0, k = 0, n_tops = 0;

	if (n < 2)
		return;
	s = arena_calloc(a, n, sizeof(*s));
	out = arena_calloc(a, n, sizeof(*out));
	stack = arena_calloc(a, n, sizeof(*stack));
	ids = arena_calloc(a, n, sizeof(*ids));
	for (size_t i = 0; i < n; i++)
		ids[i] = u[i].id;
	qsort(ids, n, sizeof(*ids), id_cmp);
	for (size_t i = 0; i < n; i++) {
		s[i].u = &u[i];
		s[i].top = !bsearch(&u[i].parent_id, ids, n, sizeof(*ids), id_cmp);
		n_tops += s[i].top;
	}
	qsort(s, n, sizeof(*s), sibling_cmp);
	/* Depth first from the tops, each unit's children in order: pushed last to first. */
	for (size_t i = n_tops; i > 0; i--)
		stack[top++] = s[i - 1].u;
	while (top && k < n) {
		const struct unit *cur = stack[--top];
		size_t first = first_child(s, n, cur->id), last = first;
		out[k++] = *cur;
		while (last < n && s[last].u->parent_id == cur->id)
			last++;
		for (size_t i = last; i > first && top < n; i--)
			stack[top++] = s[i - 1].u;
	}
	memcpy(u, out, k * sizeof(*u));
}
