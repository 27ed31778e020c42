/*
 * asset.c - rules of the asset register.
 *
 * Names are unique within a unit (case-insensitively), so an import can
 * refuse duplicates. Links form a directed graph that must stay acyclic:
 * before adding from -> to, a depth-first walk from @to looks for @from;
 * the path found is named in the error.
 */
#include "domain/asset.h"

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
#include "db/q_asset.h"
#include "db/q_scope.h"
#include "domain/audit.h"
#include "domain/unit.h"
#include "domain/validate.h"

const char *const asset_kinds[ASSET_KIND_COUNT] = {
	"information_set", "system", "digital_service", "manual", "process", "supplier",
};
const char *const asset_kind_labels[ASSET_KIND_COUNT] = {
	N_("Information set"), N_("Information system"), N_("Digital service"), N_("Manual asset"),
	N_("Process"),         N_("Supplier"),
};
const char *const asset_hostings[ASSET_HOSTING_COUNT] = {
	"", "own", "municipal_it", "supplier", "cloud", "third_country",
};
const char *const asset_hosting_labels[ASSET_HOSTING_COUNT] = {
	N_("Not stated"),      N_("Own operation"), N_("Municipal IT"),
	N_("At the supplier"), N_("Cloud service"), N_("In a third country"),
};
const char *const asset_lifecycles[ASSET_LIFECYCLE_COUNT] = { "planned", "in_use", "phasing_out", "retired" };
const char *const asset_lifecycle_labels[ASSET_LIFECYCLE_COUNT] = {
	N_("Planned"),
	N_("In use"),
	N_("Being phased out"),
	N_("Retired"),
};

int asset_enum_parse(const char *const *table, size_t n, const char *s)
{
	if (!s)
		return -1;
	for (size_t i = 0; i < n; i++)
		if (!strcmp(table[i], s))
			return (int)i;
	return -1;
}

bool asset_kind_is_system(const char *kind)
{
	return kind && (!strcmp(kind, "system") || !strcmp(kind, "digital_service"));
}

static int64_t level_or_none(const struct db_rows *r, size_t i, size_t col)
{
	return rows_text(r, i, col) ? rows_int(r, i, col) : -1;
}

static void asset_from_row(const struct db_rows *r, size_t i, struct asset *as)
{
	as->id = rows_int(r, i, ASC_ID);
	as->unit_id = rows_int(r, i, ASC_UNIT);
	as->unit_name = rows_text(r, i, ASC_UNIT_NAME);
	as->unit_path = rows_text(r, i, ASC_UNIT_PATH);
	as->kind = rows_text(r, i, ASC_KIND);
	as->name = rows_text(r, i, ASC_NAME);
	as->description = rows_text(r, i, ASC_DESCRIPTION);
	as->owner_id = rows_int(r, i, ASC_OWNER);
	as->owner_name = rows_text(r, i, ASC_OWNER_NAME);
	as->administrator_id = rows_int(r, i, ASC_ADMIN);
	as->administrator_name = rows_text(r, i, ASC_ADMIN_NAME);
	as->supplier = rows_text(r, i, ASC_SUPPLIER);
	as->hosting = rows_text(r, i, ASC_HOSTING);
	as->personal_data = rows_bool(r, i, ASC_PERSONAL);
	as->business_critical = rows_bool(r, i, ASC_CRITICAL);
	as->nis2 = rows_bool(r, i, ASC_NIS2);
	as->lifecycle = rows_text(r, i, ASC_LIFECYCLE);
	as->retired_at = rows_text(r, i, ASC_RETIRED);
	as->classification_id = rows_int(r, i, ASC_CLASS);
	as->review_due = rows_text(r, i, ASC_REVIEW_DUE);
	as->needs_review = rows_bool(r, i, ASC_NEEDS_REVIEW);
	as->c_level = level_or_none(r, i, ASC_C);
	as->i_level = level_or_none(r, i, ASC_I);
	as->a_level = level_or_none(r, i, ASC_A);
	as->t_level = level_or_none(r, i, ASC_T);
	as->version = rows_int(r, i, ASC_VERSION);
	as->created_at = rows_text(r, i, ASC_CREATED);
	as->updated_at = rows_text(r, i, ASC_UPDATED);
}

int asset_get(struct db *db, struct arena *a, int64_t id, struct asset *out, struct err *e)
{
	struct db_rows rows;
	int rc = db_run(db, a, &Q_ASSET_GET, DB_ARGS(DB_INT(id)), &rows, e);
	if (rc)
		return rc;
	if (rows.n_rows == 0)
		return err_set(e, ERR_NOTFOUND, "id", N_("No such asset."));
	asset_from_row(&rows, 0, out);
	return 0;
}

int asset_list(struct db *db, struct arena *a, const struct asset_filter *f, struct asset **out, size_t *n,
	       int64_t *total, struct err *e)
{
	struct db_rows rows, cnt;
	const char *like = db_like_contains(a, f->q);
	const char *subtree = NULL;
	char today[TIME_ISO_LEN];
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
	if (f->today) {
		snprintf(today, sizeof(today), "%s", f->today);
	} else {
		time_now_iso(today);
		today[10] = 0;
	}
#define ASSET_FILTER_ARGS                                                                                              \
	DB_INT(f->viewer_id), DB_TEXT(subtree), DB_TEXT(f->kind), DB_INT(f->classified), DB_INT(f->business_critical), \
		DB_INT(f->nis2), DB_INT(f->personal_data), DB_INT(f->review_overdue ? 1 : 0), DB_TEXT(today),          \
		DB_TEXT(like)
	rc = db_run(db, a, &Q_ASSET_COUNT, DB_ARGS(ASSET_FILTER_ARGS), &cnt, e);
	if (rc)
		return rc;
	if (total)
		*total = rows_int(&cnt, 0, 0);
	rc = db_run(db, a, &Q_ASSET_LIST,
		    DB_ARGS(ASSET_FILTER_ARGS, DB_INT(f->sort), DB_INT(f->desc ? 1 : 0), DB_INT(limit),
			    DB_INT(f->offset > 0 ? f->offset : 0)),
		    &rows, e);
#undef ASSET_FILTER_ARGS
	if (rc)
		return rc;
	*out = arena_calloc(a, rows.n_rows ? rows.n_rows : 1, sizeof(**out));
	for (size_t i = 0; i < rows.n_rows; i++)
		asset_from_row(&rows, i, &(*out)[i]);
	*n = rows.n_rows;
	return 0;
}

void asset_filter_init(struct asset_filter *f)
{
	*f = (struct asset_filter){ 0 };
	f->classified = f->business_critical = f->nis2 = f->personal_data = -1;
	f->sort = ASSET_SORT_NAME;
}

const char *const asset_filter_args[] = {
	"unit_id", "kind",  "classified", "business_critical", "nis2", "personal_data", "review_overdue", "q",
	"sort",    "order", NULL,
};

static const char *const sort_names[] = { "name", "kind", "unit", "updated", "review" };

static const char *filter_arg(const char *(*get)(void *, const char *), void *ctx, const char *name)
{
	const char *v = get(ctx, name);
	return v && *v ? v : NULL;
}

static int filter_bool(const char *(*get)(void *, const char *), void *ctx, const char *name, int *out, struct err *e)
{
	const char *v = filter_arg(get, ctx, name);
	if (!v)
		return 0;
	if (!strcmp(v, "true"))
		*out = 1;
	else if (!strcmp(v, "false"))
		*out = 0;
	else
		return err_set(e, ERR_INVALID, name, N_("Must be true or false."));
	return 0;
}

int asset_filter_parse(struct asset_filter *f, const char *(*get)(void *ctx, const char *name), void *ctx,
		       struct err *e)
{
	const char *v;
	int overdue = 0, rc;

	if ((v = filter_arg(get, ctx, "unit_id"))) {
		if (v[0] < '0' || v[0] > '9' || !str_to_i64(v, &f->unit_id) || f->unit_id < 0)
			return err_set(e, ERR_INVALID, "unit_id", N_("Must be a whole number."));
	}
	if ((v = filter_arg(get, ctx, "kind"))) {
		if (asset_enum_parse(asset_kinds, ASSET_KIND_COUNT, v) < 0)
			return err_set(
				e, ERR_INVALID, "kind",
				N_("Unknown kind: use information_set, system, digital_service, manual, process or supplier."));
		f->kind = v;
	}
	if ((rc = filter_bool(get, ctx, "classified", &f->classified, e)) ||
	    (rc = filter_bool(get, ctx, "business_critical", &f->business_critical, e)) ||
	    (rc = filter_bool(get, ctx, "nis2", &f->nis2, e)) ||
	    (rc = filter_bool(get, ctx, "personal_data", &f->personal_data, e)) ||
	    (rc = filter_bool(get, ctx, "review_overdue", &overdue, e)))
		return rc;
	f->review_overdue = overdue == 1;
	f->q = filter_arg(get, ctx, "q");
	if ((v = filter_arg(get, ctx, "sort"))) {
		int k = asset_enum_parse(sort_names, sizeof(sort_names) / sizeof(sort_names[0]), v);
		if (k < 0)
			return err_set(e, ERR_INVALID, "sort", N_("Sort by name, kind, unit, updated or review."));
		f->sort = (enum asset_sort)k;
	}
	if ((v = filter_arg(get, ctx, "order"))) {
		if (strcmp(v, "asc") && strcmp(v, "desc"))
			return err_set(e, ERR_INVALID, "order", N_("Must be asc or desc."));
		f->desc = !strcmp(v, "desc");
	}
	return 0;
}

static const char *const national_levels[] = {
	N_("No or negligible damage"), N_("Moderate"), N_("Significant"), N_("Serious"), N_("Very serious"),
};

const char *asset_national_level(int64_t level)
{
	return level >= 0 && level < 5 ? national_levels[level] : NULL;
}

int asset_level_names(struct db *db, struct arena *a, const char *unit_path, const char *names[ASSET_MAX_LEVEL + 1],
		      struct err *e)
{
	struct db_rows rows;
	int64_t org = 0;
	int rc;

	for (size_t k = 0; k <= ASSET_MAX_LEVEL; k++)
		names[k] = NULL;
	/* The organisation is the first id of the path "/1/4/9/". */
	if (unit_path && unit_path[0] == '/') {
		const char *end = strchr(unit_path + 1, '/');
		if (end)
			str_to_i64(arena_strndup(a, unit_path + 1, (size_t)(end - unit_path - 1)), &org);
	}
	if (org <= 0)
		return 0;
	rc = db_run(db, a, &Q_ASSET_LEVEL_NAMES, DB_ARGS(DB_INT(org)), &rows, e);
	if (rc)
		return rc;
	for (size_t i = 0; i < rows.n_rows; i++) {
		int64_t k = rows_int(&rows, i, 0);
		const char *name = rows_text(&rows, i, 1);
		if (k >= 0 && k <= ASSET_MAX_LEVEL && name && *name)
			names[k] = name;
	}
	return 0;
}

void asset_json(struct json *j, const struct asset *as)
{
	json_obj_open(j);
	json_kv_int(j, "id", as->id);
	json_kv_int(j, "unit_id", as->unit_id);
	json_kv_str(j, "unit_name", as->unit_name);
	json_kv_str(j, "kind", as->kind);
	json_kv_str(j, "name", as->name);
	json_kv_str(j, "description", as->description);
	json_kv_id(j, "owner_id", as->owner_id);
	json_kv_str(j, "owner_name", as->owner_name);
	json_kv_id(j, "administrator_id", as->administrator_id);
	json_kv_str(j, "administrator_name", as->administrator_name);
	json_kv_str(j, "supplier", as->supplier);
	json_kv_str(j, "hosting", as->hosting);
	json_kv_bool(j, "personal_data", as->personal_data);
	json_kv_bool(j, "business_critical", as->business_critical);
	json_kv_bool(j, "nis2", as->nis2);
	json_kv_str(j, "lifecycle", as->lifecycle);
	json_key(j, "classification");
	if (as->classification_id) {
		json_obj_open(j);
		json_kv_int(j, "id", as->classification_id);
		json_kv_int(j, "confidentiality", as->c_level);
		json_kv_int(j, "integrity", as->i_level);
		json_kv_int(j, "availability", as->a_level);
		if (as->t_level >= 0)
			json_kv_int(j, "traceability", as->t_level);
		json_kv_str(j, "review_due", as->review_due);
		json_obj_close(j);
	} else {
		json_null_value(j);
	}
	json_kv_bool(j, "needs_review", as->needs_review);
	json_kv_int(j, "version", as->version);
	json_kv_str(j, "created_at", as->created_at);
	json_kv_str(j, "updated_at", as->updated_at);
	json_obj_close(j);
}

const char *asset_json_text(struct arena *a, const struct asset *as)
{
	struct buf b;
	struct json j;
	buf_init(&b, a);
	json_init(&j, &b);
	asset_json(&j, as);
	return b.data;
}

bool asset_can_edit(const struct auth *auth, const struct asset *as)
{
	return authz_may_edit_owned(auth, as->unit_path, as->owner_id);
}

static char *trimmed(struct arena *a, const char *s)
{
	return str_trim(arena_strdup(a, s ? s : ""));
}

static struct asset_input clean_input(struct arena *a, const struct asset_input *in)
{
	struct asset_input c = *in;
	c.name = trimmed(a, in->name);
	c.description = trimmed(a, in->description);
	c.supplier = trimmed(a, in->supplier);
	c.hosting = in->hosting ? in->hosting : "";
	c.lifecycle = in->lifecycle && *in->lifecycle ? in->lifecycle : "in_use";
	return c;
}

static int user_exists(struct db *db, struct arena *a, int64_t id, const char *field, struct err *e)
{
	struct db_rows rows;
	int rc = db_run(db, a, &Q_ASSET_USER_EXISTS, DB_ARGS(DB_INT(id)), &rows, e);
	if (rc)
		return rc;
	return rows.n_rows ? 0 : err_set(e, ERR_INVALID, field, N_("No such user."));
}

static int check_clean(struct db *db, struct arena *a, const struct asset_input *in, int64_t self_id, struct err *e)
{
	struct db_rows rows;
	struct unit u;
	int rc;

	if (!in->unit_id)
		return err_set(e, ERR_INVALID, "unit_id", N_("Choose the unit the asset belongs to."));
	rc = unit_get(db, a, in->unit_id, &u, e);
	if (rc == ERR_NOTFOUND)
		return err_set(e, ERR_INVALID, "unit_id", N_("No such unit."));
	if (rc)
		return rc;
	if (asset_enum_parse(asset_kinds, ASSET_KIND_COUNT, in->kind) < 0)
		return err_set(e, ERR_INVALID, "kind", N_("Choose the kind of asset."));
	if ((rc = check_text(e, "name", in->name, 200, true)) ||
	    (rc = check_text(e, "description", in->description, 10000, false)) ||
	    (rc = check_text(e, "supplier", in->supplier, 200, false)))
		return rc;
	if (asset_enum_parse(asset_hostings, ASSET_HOSTING_COUNT, in->hosting) < 0)
		return err_set(e, ERR_INVALID, "hosting", N_("Choose where the asset is hosted."));
	if (asset_enum_parse(asset_lifecycles, ASSET_LIFECYCLE_COUNT, in->lifecycle) < 0)
		return err_set(e, ERR_INVALID, "lifecycle", N_("Choose the lifecycle status."));
	if (in->owner_id && (rc = user_exists(db, a, in->owner_id, "owner_id", e)))
		return rc;
	if (in->administrator_id && (rc = user_exists(db, a, in->administrator_id, "administrator_id", e)))
		return rc;
	rc = db_run(db, a, &Q_ASSET_SAME_NAME, DB_ARGS(DB_INT(in->unit_id), DB_TEXT(in->name), DB_INT(self_id)), &rows,
		    e);
	if (rc)
		return rc;
	if (rows.n_rows)
		return err_set(e, ERR_INVALID, "name", N_("The unit already has an asset with this name."));
	return 0;
}

int asset_check(struct db *db, struct arena *a, const struct asset_input *raw, int64_t self_id, struct err *e)
{
	struct asset_input in = clean_input(a, raw);
	return check_clean(db, a, &in, self_id, e);
}

static int insert_one(struct db *db, struct arena *a, struct actor actor, const struct asset_input *raw,
		      int64_t *id_out, struct err *e)
{
	struct asset_input in = clean_input(a, raw);
	struct asset created;
	struct db_rows rows;
	char now[TIME_ISO_LEN];
	int rc;

	time_now_iso(now);
	rc = check_clean(db, a, &in, 0, e);
	if (rc)
		return rc;
	rc = db_run(db, a, &Q_ASSET_INSERT,
		    DB_ARGS(DB_INT(in.unit_id), DB_TEXT(in.kind), DB_TEXT(in.name), DB_TEXT(in.description),
			    DB_ID(in.owner_id), DB_ID(in.administrator_id), DB_TEXT(in.supplier), DB_TEXT(in.hosting),
			    DB_INT(in.personal_data), DB_INT(in.business_critical), DB_INT(in.nis2),
			    DB_TEXT(in.lifecycle), DB_TEXT(strcmp(in.lifecycle, "retired") ? NULL : now), DB_TEXT(now)),
		    &rows, e);
	if (rc)
		return rc;
	rc = asset_get(db, a, rows_int(&rows, 0, 0), &created, e);
	if (rc)
		return rc;
	rc = audit_append(db, a, actor, "asset", created.id, created.unit_id, "create", NULL,
			  asset_json_text(a, &created), e);
	if (!rc && id_out)
		*id_out = created.id;
	return rc;
}

int asset_create(struct db *db, struct arena *a, struct actor actor, const struct asset_input *in, int64_t *id_out,
		 struct err *e)
{
	int rc = db_begin(db, e);
	if (rc)
		return rc;
	rc = insert_one(db, a, actor, in, id_out, e);
	if (!rc)
		rc = db_commit(db, e);
	if (rc)
		db_rollback(db);
	return rc;
}

int asset_create_many(struct db *db, struct arena *a, struct actor actor, const struct asset_input *in, size_t n,
		      size_t *bad, struct err *e)
{
	int rc = db_begin(db, e);
	if (rc)
		return rc;
	for (size_t i = 0; i < n && !rc; i++) {
		rc = insert_one(db, a, actor, &in[i], NULL, e);
		if (rc && bad)
			*bad = i;
	}
	if (!rc)
		rc = db_commit(db, e);
	if (rc)
		db_rollback(db);
	return rc;
}

static const char *const conflict_msg = N_(
	"Someone else has changed this asset since you opened it. Their version is shown; your changes are kept in the form.");

int asset_update(struct db *db, struct arena *a, struct actor actor, int64_t id, int64_t version,
		 const struct asset_input *raw, struct asset *current, struct err *e)
{
	struct asset_input in = clean_input(a, raw);
	struct asset before, after;
	struct db_rows rows;
	char now[TIME_ISO_LEN];
	const char *retired_at;
	int rc;

	time_now_iso(now);
	rc = db_begin(db, e);
	if (rc)
		return rc;
	rc = asset_get(db, a, id, &before, e);
	if (rc)
		goto out;
	if (before.version != version) {
		if (current)
			*current = before;
		rc = err_set(e, ERR_CONFLICT, "version", conflict_msg);
		goto out;
	}
	rc = check_clean(db, a, &in, id, e);
	if (rc)
		goto out;
	retired_at = strcmp(in.lifecycle, "retired") ? NULL : (before.retired_at ? before.retired_at : now);
	rc = db_run(db, a, &Q_ASSET_UPDATE,
		    DB_ARGS(DB_INT(id), DB_INT(version), DB_INT(in.unit_id), DB_TEXT(in.kind), DB_TEXT(in.name),
			    DB_TEXT(in.description), DB_ID(in.owner_id), DB_ID(in.administrator_id),
			    DB_TEXT(in.supplier), DB_TEXT(in.hosting), DB_INT(in.personal_data),
			    DB_INT(in.business_critical), DB_INT(in.nis2), DB_TEXT(in.lifecycle), DB_TEXT(retired_at),
			    DB_TEXT(now)),
		    &rows, e);
	if (rc)
		goto out;
	if (rows.changes == 0) {
		if (current)
			asset_get(db, a, id, current, NULL);
		rc = err_set(e, ERR_CONFLICT, "version", conflict_msg);
		goto out;
	}
	rc = asset_get(db, a, id, &after, e);
	if (!rc)
		rc = audit_append(db, a, actor, "asset", id, after.unit_id, "update", asset_json_text(a, &before),
				  asset_json_text(a, &after), e);
	if (!rc)
		rc = db_commit(db, e);
out:
	if (rc)
		db_rollback(db);
	return rc;
}

static void link_from_row(const struct db_rows *r, size_t i, struct asset_link *l)
{
	l->id = rows_int(r, i, ALC_ID);
	l->from_id = rows_int(r, i, ALC_FROM);
	l->to_id = rows_int(r, i, ALC_TO);
	l->kind = rows_text(r, i, ALC_KIND);
	l->other_name = rows_text(r, i, ALC_OTHER_NAME);
	l->other_kind = rows_text(r, i, ALC_OTHER_KIND);
	l->other_unit_id = rows_int(r, i, ALC_OTHER_UNIT);
}

static int links_query(struct db *db, struct arena *a, const struct db_query *q, int64_t id, struct asset_link **out,
		       size_t *n, struct err *e)
{
	struct db_rows rows;
	int rc = db_run(db, a, q, DB_ARGS(DB_INT(id)), &rows, e);
	if (rc)
		return rc;
	*out = arena_calloc(a, rows.n_rows ? rows.n_rows : 1, sizeof(**out));
	for (size_t i = 0; i < rows.n_rows; i++)
		link_from_row(&rows, i, &(*out)[i]);
	*n = rows.n_rows;
	return 0;
}

int asset_links(struct db *db, struct arena *a, int64_t id, struct asset_link **deps, size_t *n_deps,
		struct asset_link **dependants, size_t *n_dependants, struct err *e)
{
	int rc = links_query(db, a, &Q_ASSET_DEPS, id, deps, n_deps, e);
	if (!rc)
		rc = links_query(db, a, &Q_ASSET_DEPENDANTS, id, dependants, n_dependants, e);
	return rc;
}

int asset_link_get(struct db *db, struct arena *a, int64_t link_id, struct asset_link *out, struct err *e)
{
	struct asset_link *l;
	size_t n;
	int rc = links_query(db, a, &Q_ASSET_LINK_GET, link_id, &l, &n, e);
	if (rc)
		return rc;
	if (n == 0)
		return err_set(e, ERR_NOTFOUND, "id", N_("No such dependency."));
	*out = l[0];
	return 0;
}

/*
 * Is @target reachable from @start along links? On success *path holds the
 * ids from @start to @target. Iterative depth-first search with a visited
 * set; the graph is small (one organisation's assets).
 */
struct walk {
	int64_t *stack, *parent_of, *seen;
	size_t n_stack, n_seen, cap;
};

static bool seen_before(struct walk *w, int64_t id)
{
	for (size_t i = 0; i < w->n_seen; i++)
		if (w->seen[i] == id)
			return true;
	return false;
}

static int reachable(struct db *db, struct arena *a, int64_t start, int64_t target, struct buf *path, bool *found,
		     struct err *e)
{
	struct walk w = { 0 };
	int rc = 0;

	*found = false;
	w.cap = 64;
	w.stack = arena_calloc(a, w.cap, sizeof(int64_t));
	w.seen = arena_calloc(a, w.cap, sizeof(int64_t));
	w.parent_of = arena_calloc(a, w.cap, sizeof(int64_t)); /* parallel to seen */
	w.stack[w.n_stack++] = start;
	w.seen[w.n_seen] = start;
	w.parent_of[w.n_seen++] = 0;
	while (w.n_stack && !*found) {
		int64_t cur = w.stack[--w.n_stack];
		struct db_rows rows;
		rc = db_run(db, a, &Q_ASSET_LINK_ALL_FROM, DB_ARGS(DB_INT(cur)), &rows, e);
		if (rc)
			return rc;
		for (size_t i = 0; i < rows.n_rows; i++) {
			int64_t next = rows_int(&rows, i, 0);
			if (seen_before(&w, next))
				continue;
			if (w.n_seen == w.cap || w.n_stack == w.cap) {
				size_t cap = w.cap * 2;
				int64_t *s = arena_calloc(a, cap, sizeof(int64_t)),
					*sn = arena_calloc(a, cap, sizeof(int64_t)),
					*p = arena_calloc(a, cap, sizeof(int64_t));
				memcpy(s, w.stack, w.n_stack * sizeof(int64_t));
				memcpy(sn, w.seen, w.n_seen * sizeof(int64_t));
				memcpy(p, w.parent_of, w.n_seen * sizeof(int64_t));
				w.stack = s, w.seen = sn, w.parent_of = p, w.cap = cap;
			}
			w.seen[w.n_seen] = next;
			w.parent_of[w.n_seen++] = cur;
			if (next == target) {
				*found = true;
				break;
			}
			w.stack[w.n_stack++] = next;
		}
	}
	if (*found) {
		/* Walk back from target to start through parent_of. */
		int64_t chain[64];
		size_t n = 0;
		int64_t cur = target;
		while (cur && n < 64) {
			chain[n++] = cur;
			int64_t par = 0;
			for (size_t i = 0; i < w.n_seen; i++)
				if (w.seen[i] == cur) {
					par = w.parent_of[i];
					break;
				}
			cur = par;
		}
		for (size_t i = n; i-- > 0;) {
			struct asset as;
			if (asset_get(db, a, chain[i], &as, NULL) == 0)
				buf_adds(path, as.name);
			if (i)
				buf_adds(path, " → ");
		}
	}
	return 0;
}

int asset_link_add(struct db *db, struct arena *a, struct actor actor, int64_t from, int64_t to, const char *kind,
		   int64_t *id_out, struct err *e)
{
	struct asset af, at;
	struct asset_link *deps, *dependants;
	size_t n_deps, n_dependants;
	struct db_rows rows;
	struct buf path;
	char now[TIME_ISO_LEN];
	bool cycle;
	int rc;

	if (!kind || (strcmp(kind, "holds") && strcmp(kind, "depends_on")))
		return err_set(e, ERR_INVALID, "kind", N_("Choose the kind of dependency."));
	if (from == to)
		return err_set(e, ERR_INVALID, "to_id", N_("An asset cannot depend on itself."));
	time_now_iso(now);
	buf_init(&path, a);
	rc = db_begin(db, e);
	if (rc)
		return rc;
	if ((rc = asset_get(db, a, from, &af, e)))
		goto out;
	rc = asset_get(db, a, to, &at, e);
	if (rc == ERR_NOTFOUND)
		rc = err_set(e, ERR_INVALID, "to_id", N_("No such asset."));
	if (rc)
		goto out;
	if (!strcmp(kind, "holds") && strcmp(at.kind, "information_set")) {
		rc = err_set(e, ERR_INVALID, "to_id", N_("Only an information set can be held by another asset."));
		goto out;
	}
	if ((rc = asset_links(db, a, from, &deps, &n_deps, &dependants, &n_dependants, e)))
		goto out;
	for (size_t i = 0; i < n_deps; i++)
		if (deps[i].to_id == to) {
			rc = err_set(e, ERR_EXISTS, "to_id", N_("This dependency is already recorded."));
			goto out;
		}
	/* The new link closes a circle when @from can already be reached from @to. */
	buf_adds(&path, af.name);
	buf_adds(&path, " → ");
	if ((rc = reachable(db, a, to, from, &path, &cycle, e)))
		goto out;
	if (cycle) {
		rc = err_set1(e, ERR_INVALID, "to_id", N_("That would make a circle of dependencies: %s."), path.data);
		goto out;
	}
	rc = db_run(db, a, &Q_ASSET_LINK_INSERT,
		    DB_ARGS(DB_INT(from), DB_INT(to), DB_TEXT(kind), DB_TEXT(now), DB_ID(actor.id)), &rows, e);
	if (rc)
		goto out;
	if (id_out)
		*id_out = rows_int(&rows, 0, 0);
	rc = audit_append(db, a, actor, "asset_link", rows_int(&rows, 0, 0), af.unit_id, "create", NULL,
			  arena_printf(a, "{\"from_id\":%" PRId64 ",\"to_id\":%" PRId64 ",\"kind\":\"%s\"}", from, to,
				       !strcmp(kind, "holds") ? "holds" : "depends_on"),
			  e);
	if (!rc)
		rc = db_commit(db, e);
out:
	if (rc)
		db_rollback(db);
	return rc;
}

int asset_link_remove(struct db *db, struct arena *a, struct actor actor, int64_t link_id, struct err *e)
{
	struct asset_link l;
	struct asset af;
	int rc = db_begin(db, e);
	if (rc)
		return rc;
	if ((rc = asset_link_get(db, a, link_id, &l, e)) || (rc = asset_get(db, a, l.from_id, &af, e)))
		goto out;
	rc = db_run(db, a, &Q_ASSET_LINK_DELETE, DB_ARGS(DB_INT(link_id)), NULL, e);
	if (!rc)
		rc = audit_append(db, a, actor, "asset_link", link_id, af.unit_id, "delete",
				  arena_printf(a, "{\"from_id\":%" PRId64 ",\"to_id\":%" PRId64 ",\"kind\":\"%s\"}",
					       l.from_id, l.to_id, !strcmp(l.kind, "holds") ? "holds" : "depends_on"),
				  NULL, e);
	if (!rc)
		rc = db_commit(db, e);
out:
	if (rc)
		db_rollback(db);
	return rc;
}
