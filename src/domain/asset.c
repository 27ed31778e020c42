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
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/err.h"
#include "core/json.h"
#include "core/log.h"
#include "core/str.h"
#include "core/strmap.h"
#include "core/timeutil.h"
#include "core/worker.h"
#include "db/db.h"
#include "db/q_asset.h"
#include "db/q_scope.h"
#include "db/q_user.h"
#include "domain/audit.h"
#include "domain/figures.h"
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
	return str_index(table, n, s);
}

bool asset_kind_is_system(const char *kind)
{
	return kind && (!strcmp(kind, "system") || !strcmp(kind, "digital_service"));
}

int asset_get(struct db *db, struct arena *a, int64_t id, struct asset *out, struct err *e)
{
	int rc = q_asset_get(db, a, id, out, e);
	return rc == ERR_NOTFOUND ? err_set(e, ERR_NOTFOUND, "id", N_("No such asset.")) : rc;
}

const char *asset_choice_label(struct arena *a, const struct asset *as)
{
	return arena_printf(a, "%s (%s)", as->name, as->unit_name ? as->unit_name : "");
}

/* The assets called @name (as typed) that @viewer_id sees, in *n_match, and in *id the one when only one is in
 * unit @unit (NULL: any). */
static int find_named(struct db *db, struct arena *a, int64_t viewer_id, const char *name, const char *unit,
		      int64_t *id, size_t *n_match, struct err *e)
{
	const char *want = unit ? str_fold(a, unit) : NULL;
	struct asset *list;
	size_t n;
	int rc;

	*id = 0;
	*n_match = 0;
	if (!*name || (rc = q_asset_named(db, a, viewer_id, str_fold(a, name), ASSET_CHOICE_MAX, &list, &n, e)))
		return *name ? rc : 0;
	for (size_t i = 0; i < n; i++) {
		if (want && strcmp(str_fold(a, list[i].unit_name), want))
			continue;
		(*n_match)++;
		*id = list[i].id;
	}
	if (*n_match != 1)
		*id = 0;
	return 0;
}

int asset_find_choice(struct db *db, struct arena *a, int64_t viewer_id, const char *text, int64_t *id_out,
		      size_t *n_match, struct err *e)
{
	char *t = str_trim(arena_strdup(a, text ? text : "")), *unit;
	const char *name;
	int rc;

	/* "Name (Unit)", or a name alone. */
	str_split_label(a, t, &name, &unit);
	if (unit && ((rc = find_named(db, a, viewer_id, name, unit, id_out, n_match, e)) || *n_match))
		return rc;
	return find_named(db, a, viewer_id, t, NULL, id_out, n_match, e);
}

SCOPE_READER_OWNED(asset_scope, struct asset, asset_get, "asset", owner_id)

int asset_link_scope(struct db *db, struct arena *a, int64_t id, struct scope *s, struct err *e)
{
	struct asset_link *l = arena_calloc(a, 1, sizeof(*l));
	struct asset from;
	int rc;

	if ((rc = asset_link_get(db, a, id, l, e)) || (rc = asset_get(db, a, l->from_id, &from, e)))
		return rc;
	*s = (struct scope){ "asset_link", l, from.unit_id, from.unit_path, from.owner_id };
	return 0;
}

int asset_list(struct db *db, struct arena *a, const struct asset_filter *f, struct asset **out, size_t *n,
	       int64_t *total, struct err *e)
{
	const char *subtree;
	char today[TIME_ISO_LEN];
	int rc;

	if ((rc = unit_subtree(db, a, f->unit_id, &subtree, e)))
		return rc;
	if (f->today) {
		snprintf(today, sizeof(today), "%s", f->today);
	} else {
		time_now_iso(today);
		today[10] = 0;
	}
	return q_asset_list(db, a, f, subtree, today, out, n, total, e);
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
	if (f->q && str_utf8_len(f->q) > ASSET_SEARCH_MAX)
		return err_set1(e, ERR_INVALID, "q", N_("A search is at most %s characters long."), "400");
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
	int64_t org = 0;

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
	return q_asset_level_names(db, a, org, names, ASSET_MAX_LEVEL, e);
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
	json_kv_bool(j, "vital", as->vital);
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

static void write_asset_json(struct json *j, const void *rec)
{
	asset_json(j, rec);
}

const char *asset_json_text(struct arena *a, const struct asset *as)
{
	return json_text(a, write_asset_json, as);
}

bool asset_can_edit(const struct auth *auth, const struct asset *as)
{
	return authz_may_edit_owned(auth, as->unit_path, as->owner_id);
}

bool asset_link_visible(const struct auth *auth, const struct asset_link *l)
{
	return authz_may_reference(auth, ACCESS_READ, l->other_unit_path, 0);
}

bool asset_link_can_remove(const struct auth *auth, const struct asset *self, const struct asset_link *l)
{
	if (l->from_id == self->id)
		return asset_can_edit(auth, self);
	return authz_may_edit_owned(auth, l->other_unit_path, l->other_owner_id);
}

struct asset_input asset_input_of(const struct asset *as)
{
	struct asset_input in = { 0 };
	in.unit_id = as->unit_id;
	in.kind = as->kind;
	in.name = as->name;
	in.description = as->description;
	in.owner_id = as->owner_id;
	in.administrator_id = as->administrator_id;
	in.supplier = as->supplier;
	in.hosting = as->hosting;
	in.lifecycle = as->lifecycle;
	in.personal_data = as->personal_data;
	in.business_critical = as->business_critical;
	in.nis2 = as->nis2;
	in.vital = as->vital;
	return in;
}

static struct asset_input clean_input(struct arena *a, const struct asset_input *in)
{
	struct asset_input c = *in;
	c.name = text_trimmed(a, in->name);
	c.description = text_trimmed(a, in->description);
	c.supplier = text_trimmed(a, in->supplier);
	c.hosting = in->hosting ? in->hosting : "";
	c.lifecycle = in->lifecycle && *in->lifecycle ? in->lifecycle : "in_use";
	return c;
}

const char *asset_owner_label(const char *kind)
{
	if (kind && !strcmp(kind, "information_set"))
		return N_("Information owner");
	if (asset_kind_has_administrator(kind))
		return N_("System owner");
	return N_("Owner");
}

bool asset_kind_has_administrator(const char *kind)
{
	return kind && (!strcmp(kind, "system") || !strcmp(kind, "digital_service"));
}

/* The roles that let their holder sign a classification in their units (ACCESS_OWN's roles). */
static const char *const signing_roles[] = { "administrator", "coordinator", "owner" };

bool asset_owner_can_sign(const struct role_grant *g, size_t n, const char *unit_path)
{
	for (size_t i = 0; i < n; i++) {
		if (!authz_role_allows(role_parse(g[i].role), ACCESS_OWN))
			continue;
		if (!g[i].unit_id)
			return true;
		if (unit_path && g[i].unit_path && !strncmp(unit_path, g[i].unit_path, strlen(g[i].unit_path)))
			return true;
	}
	return false;
}

/* @name may not own an asset there. */
static int owner_refused(const char *name, struct err *e)
{
	return err_set1(e, ERR_INVALID, "owner_id",
			N_("%s holds no role over the asset's unit that lets them sign its classification. Choose "
			   "someone who is owner, coordinator or administrator there, or have an administrator grant "
			   "them the owner role on the unit first."),
			name);
}

int asset_owner_check(struct db *db, struct arena *a, int64_t user_id, const char *unit_path, struct err *e)
{
	struct role_grant *g;
	const char *name;
	size_t n;
	int rc;

	if ((rc = q_user_display_name(db, a, user_id, &name, e)))
		return rc == ERR_NOTFOUND ? err_set(e, ERR_INVALID, "owner_id", N_("No such user.")) : rc;
	if ((rc = q_user_grants(db, a, user_id, &g, &n, e)))
		return rc;
	return asset_owner_can_sign(g, n, unit_path) ? 0 : owner_refused(name, e);
}

int asset_user_name(struct db *db, struct arena *a, int64_t id, const char **name, struct err *e)
{
	int rc = q_user_display_name(db, a, id, name, e);
	if (rc == ERR_NOTFOUND) {
		*name = NULL;
		rc = 0;
	}
	return rc;
}

int asset_owner_candidates(struct db *db, struct arena *a, const char *unit_path, const char *q, int64_t limit,
			   struct asset_owner_candidate **out, size_t *n, struct err *e)
{
	return q_asset_owner_candidates(db, a, unit_path, signing_roles,
					sizeof(signing_roles) / sizeof(signing_roles[0]), q && *q ? q : NULL, limit,
					out, n, e);
}

/* The display name of user @id named in @field (ERR_INVALID naming it when there is no such user). */
static int user_named(struct db *db, struct arena *a, int64_t id, const char *field, const char **name, struct err *e)
{
	int rc = q_user_display_name(db, a, id, name, e);
	return rc == ERR_NOTFOUND ? err_set(e, ERR_INVALID, field, N_("No such user.")) : rc;
}

/* The rules of @in (cleaned) that need no look-up: kind, texts, hosting, lifecycle. */
static int check_fields(const struct asset_input *in, struct err *e)
{
	int rc;

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
	return 0;
}

/*
 * Check @in (cleaned) for an asset that is @before (NULL: a new one), as
 * @auth, and fill in @after what the stored asset will be: the unit's and
 * the people's names. Only what changed is looked up again: the unit when
 * it is another one (and then @auth's right to put the asset there), a
 * person when another one is chosen.
 */
static int check_clean(struct db *db, struct arena *a, const struct auth *auth, const struct asset_input *in,
		       const struct asset *before, struct asset *after, struct err *e)
{
	bool taken;
	int rc;

	/* A new asset needs the right to edit in its unit; a moved one, the right to edit it there too. */
	const struct unit_target t = {
		UNIT_TARGET_OF(in->unit_id, before),
		.access = before ? ACCESS_OWN : ACCESS_EDIT,
		.owner_id = before ? before->owner_id : 0,
		.missing = N_("Choose the unit the asset belongs to."),
		.refused = N_("Your roles do not let you add assets to this unit."),
	};
	if ((rc = unit_target_check(db, a, auth, &t, &after->unit_name, &after->unit_path, e)))
		return rc;
	if ((rc = check_fields(in, e)))
		return rc;
	after->owner_name = before && in->owner_id == before->owner_id ? before->owner_name : NULL;
	if (in->owner_id && !after->owner_name &&
	    (rc = user_named(db, a, in->owner_id, "owner_id", &after->owner_name, e)))
		return rc;
	/* A new owner, or the owner in a new unit, must be able to sign there. */
	if (in->owner_id && (!before || in->owner_id != before->owner_id || in->unit_id != before->unit_id) &&
	    (rc = asset_owner_check(db, a, in->owner_id, after->unit_path, e)))
		return rc;
	after->administrator_name =
		before && in->administrator_id == before->administrator_id ? before->administrator_name : NULL;
	if (in->administrator_id && !after->administrator_name &&
	    (rc = user_named(db, a, in->administrator_id, "administrator_id", &after->administrator_name, e)))
		return rc;
	if ((rc = q_asset_name_taken(db, a, in->unit_id, in->name, before ? before->id : 0, &taken, e)))
		return rc;
	if (taken)
		return err_set(e, ERR_INVALID, "name", N_("The unit already has an asset with this name."));
	return 0;
}

/* @after's stored fields set from @in (the looked-up names are set by check_clean()). */
static void apply_input(struct asset *after, const struct asset_input *in)
{
	after->unit_id = in->unit_id;
	after->kind = in->kind;
	after->name = in->name;
	after->description = in->description;
	after->owner_id = in->owner_id;
	after->administrator_id = in->administrator_id;
	after->supplier = in->supplier;
	after->hosting = in->hosting;
	after->lifecycle = in->lifecycle;
	after->personal_data = in->personal_data;
	after->business_critical = in->business_critical;
	after->nis2 = in->nis2;
	after->vital = in->vital;
}

int asset_check(struct db *db, struct arena *a, const struct asset_input *raw, int64_t self_id, struct err *e)
{
	struct asset_input in = clean_input(a, raw);
	struct asset before, after = { 0 };
	int rc;

	if (!self_id)
		return check_clean(db, a, NULL, &in, NULL, &after, e);
	if ((rc = asset_get(db, a, self_id, &before, e)))
		return rc;
	return check_clean(db, a, NULL, &in, &before, &after, e);
}

/* --- new assets, one or many ------------------------------------------ */

/* A unit as the bulk checks see it: read once. */
struct bulk_unit {
	struct unit u;
	bool missing;
	size_t n_queried; /* names checked with a query each */
	bool names_loaded;
};

/* A person as the bulk checks see them: the name read once, the grants once they own an asset. */
struct bulk_user {
	const char *name; /* display name; NULL: no such user */
	struct role_grant *grants;
	size_t n_grants;
	bool grants_loaded;
};

/* After this many names checked one query at a time, a unit's names are read into memory at once. */
#define NAMES_ONE_BY_ONE 32

/* New assets go to the database this many to a statement (and their audit entries too). */
#define SAVE_CHUNK 1000

/*
 * The search index takes at most this many new assets a transaction: a
 * large import's rows are indexed after its own transaction, by the pool's
 * background thread (db_background(), in transactions of its own) once the
 * import has answered, or where there is none by the import itself, in
 * transactions of this many, so that other writers get their turn in
 * between. A search finds the rows meanwhile (q_asset_index_pending()).
 */
#define INDEX_CHUNK 5000

/* From this many new assets on, the connection's page cache is sized for the write (db_page_cache()). */
#define SAVE_BIG     1000
#define SAVE_KIB_ROW 4 /* KiB of changed pages per new asset, its audit entry and its search terms */
#define SAVE_KIB_MAX ((int64_t)1024 * 1024)

struct asset_bulk {
	struct db *db;
	struct arena *a;
	const struct auth *auth;
	int64_t head;          /* the audit trail's last entry when the checks began; -1: not read */
	bool recheck;          /* a journaled save: the register changed since the checks; check every row again */
	double tx_ms;          /* a journaled save: how long its next transaction may hold the write lock */
	size_t tx_rows;        /* tests: rows a transaction of a journaled save (0: tx_done()) */
	int abandon_after;     /* tests: transactions after which a journaled save stops as a crash would */
	struct strmap units;   /* "id" -> struct bulk_unit */
	struct strmap users;   /* "id" -> struct bulk_user */
	struct strmap names;   /* "unit id/name folded" of the units whose names are loaded */
	struct worker *worker; /* a large save's, for chaining audit entries (save_chunk()); NULL: none */
	struct arena *worker_arena;
};

/* Forget what was read (it may have changed since). */
static void bulk_forget(struct asset_bulk *b)
{
	strmap_init(&b->units, b->a);
	strmap_init(&b->users, b->a);
	strmap_init(&b->names, b->a);
}

struct asset_bulk *asset_bulk_new(struct db *db, struct arena *a, const struct auth *auth)
{
	struct asset_bulk *b = arena_calloc(a, 1, sizeof(*b));
	b->db = db;
	b->a = a;
	b->auth = auth;
	b->head = -1;
	bulk_forget(b);
	return b;
}

static const char *id_key(char buf[24], int64_t id)
{
	snprintf(buf, 24, "%" PRId64, id);
	return buf;
}

static int bulk_unit(struct asset_bulk *b, int64_t id, struct bulk_unit **out, struct err *e)
{
	char key[24];
	struct bulk_unit *bu = strmap_get(&b->units, id_key(key, id));
	int rc;

	if (!bu) {
		bu = arena_calloc(b->a, 1, sizeof(*bu));
		rc = q_unit_get(b->db, b->a, id, &bu->u, e);
		if (rc && rc != ERR_NOTFOUND)
			return rc;
		bu->missing = rc == ERR_NOTFOUND;
		strmap_put(&b->units, key, bu);
	}
	*out = bu;
	return 0;
}

/* User @id into *out; ERR_INVALID naming @field when there is no such user. */
static int bulk_user(struct asset_bulk *b, int64_t id, const char *field, struct bulk_user **out, struct err *e)
{
	char key[24];
	struct bulk_user *bu = strmap_get(&b->users, id_key(key, id));
	int rc;

	if (!bu) {
		bu = arena_calloc(b->a, 1, sizeof(*bu));
		rc = q_user_display_name(b->db, b->a, id, &bu->name, e);
		if (rc && rc != ERR_NOTFOUND)
			return rc;
		if (rc)
			bu->name = NULL;
		strmap_put(&b->users, key, bu);
	}
	*out = bu;
	return bu->name ? 0 : err_set(e, ERR_INVALID, field, N_("No such user."));
}

static const char *name_key(struct arena *a, int64_t unit_id, const char *folded)
{
	return arena_printf(a, "%" PRId64 "/%s", unit_id, folded);
}

static int bulk_name_taken(struct asset_bulk *b, struct arena *a, struct bulk_unit *bu, const char *name, bool *taken,
			   struct err *e)
{
	int rc;

	if (!bu->names_loaded && bu->n_queried < NAMES_ONE_BY_ONE) {
		bu->n_queried++;
		return q_asset_name_taken(b->db, a, bu->u.id, name, 0, taken, e);
	}
	if (!bu->names_loaded) {
		const char **names;
		size_t n;
		if ((rc = q_asset_unit_names(b->db, b->a, bu->u.id, &names, &n, e)))
			return rc;
		for (size_t i = 0; i < n; i++)
			strmap_put(&b->names, name_key(a, bu->u.id, names[i]), bu);
		bu->names_loaded = true;
	}
	*taken = strmap_has(&b->names, name_key(a, bu->u.id, str_fold(a, name)));
	return 0;
}

/* asset_owner_check() with @b's caches: each person's grants read once. */
static int bulk_owner(struct asset_bulk *b, struct bulk_user *owner, int64_t user_id, const char *unit_path,
		      struct err *e)
{
	int rc;

	if (!owner->grants_loaded) {
		if ((rc = q_user_grants(b->db, b->a, user_id, &owner->grants, &owner->n_grants, e)))
			return rc;
		owner->grants_loaded = true;
	}
	return asset_owner_can_sign(owner->grants, owner->n_grants, unit_path) ? 0 : owner_refused(owner->name, e);
}

/*
 * Check @raw as a new asset with @b's caches (per-row work in @a): the
 * rules of check_clean() for a new asset. *in gets the input cleaned,
 * @after the unit and people names of the asset it makes.
 */
static int bulk_check(struct asset_bulk *b, struct arena *a, const struct asset_input *raw, struct asset_input *in,
		      struct asset *after, struct err *e)
{
	struct bulk_unit *bu;
	struct bulk_user *owner = NULL, *admin = NULL;
	bool taken;
	int rc;

	*in = clean_input(a, raw);
	if (!in->unit_id)
		return err_set(e, ERR_INVALID, "unit_id", N_("Choose the unit the asset belongs to."));
	if ((rc = bulk_unit(b, in->unit_id, &bu, e)))
		return rc;
	if (bu->missing)
		return err_set(e, ERR_INVALID, "unit_id", N_("No such unit."));
	if (!authz_may_reference(b->auth, ACCESS_EDIT, bu->u.path, 0))
		return err_set(e, ERR_FORBIDDEN, "unit_id", N_("Your roles do not let you add assets to this unit."));
	after->unit_name = bu->u.name;
	after->unit_path = bu->u.path;
	if ((rc = check_fields(in, e)))
		return rc;
	if ((in->owner_id && (rc = bulk_user(b, in->owner_id, "owner_id", &owner, e))) ||
	    (in->administrator_id && (rc = bulk_user(b, in->administrator_id, "administrator_id", &admin, e))))
		return rc;
	after->owner_name = owner ? owner->name : NULL;
	after->administrator_name = admin ? admin->name : NULL;
	if (owner && (rc = bulk_owner(b, owner, in->owner_id, bu->u.path, e)))
		return rc;
	if ((rc = bulk_name_taken(b, a, bu, in->name, &taken, e)))
		return rc;
	if (taken)
		return err_set(e, ERR_INVALID, "name", N_("The unit already has an asset with this name."));
	return 0;
}

int asset_bulk_check(struct asset_bulk *b, struct arena *a, const struct asset_input *raw, struct err *e)
{
	struct asset_input in;
	struct asset after = { 0 };
	struct audit_state st;
	int rc;

	/* Where the register stood before anything was read: asset_bulk_save() checks whether it moved since. */
	if (b->head < 0) {
		if ((rc = audit_state(b->db, a, &st, e)))
			return rc;
		b->head = st.last_id;
	}
	return bulk_check(b, a, raw, &in, &after, e);
}

/*
 * @raw as stored and as its audit entry shows it, from what asset_bulk_check()
 * read: *in cleaned, @after's unit and people names.
 */
static int bulk_prepare(struct asset_bulk *b, struct arena *a, const struct asset_input *raw, struct asset_input *in,
			struct asset *after, struct err *e)
{
	struct bulk_unit *bu;
	struct bulk_user *u;
	int rc;

	*in = clean_input(a, raw);
	if ((rc = bulk_unit(b, in->unit_id, &bu, e)))
		return rc;
	after->unit_name = bu->u.name;
	after->unit_path = bu->u.path;
	after->owner_name = after->administrator_name = NULL;
	if (in->owner_id && (rc = bulk_user(b, in->owner_id, "owner_id", &u, e)) == 0)
		after->owner_name = u->name;
	if (!rc && in->administrator_id && (rc = bulk_user(b, in->administrator_id, "administrator_id", &u, e)) == 0)
		after->administrator_name = u->name;
	return rc;
}

/* A row of a save and where it goes: its unit and folded name. */
struct save_key {
	int64_t unit_id;
	const char *name;
	size_t row;
};

static int by_save_key(const void *x, const void *y)
{
	const struct save_key *p = x, *q = y;
	int c;

	if (p->unit_id != q->unit_id)
		return p->unit_id < q->unit_id ? -1 : 1;
	if ((c = strcmp(p->name, q->name)))
		return c;
	return p->row < q->row ? -1 : p->row > q->row;
}

/*
 * The order in which @n rows are saved: by unit, then by folded name (in
 * @a). New assets get their ids in this order, so the rows and the
 * indexes that begin with the unit or the name are written in runs of
 * neighbouring pages rather than at random places: a third less work for
 * SQLite with the asset table's indexes than in the order of a file whose
 * units and names are mixed (see docs/performance.md).
 */
static size_t *save_order(struct arena *a, const struct asset_input *raw, size_t n)
{
	struct save_key *k = arena_calloc(a, n ? n : 1, sizeof(*k));
	size_t *rows = arena_calloc(a, n ? n : 1, sizeof(*rows));

	for (size_t i = 0; i < n; i++)
		k[i] = (struct save_key){ .unit_id = raw[i].unit_id, .name = str_fold(a, raw[i].name), .row = i };
	if (n > 1)
		qsort(k, n, sizeof(*k), by_save_key);
	for (size_t i = 0; i < n; i++)
		rows[i] = k[i].row;
	return rows;
}

/* A chunk's audit entries, chained on the save's worker (or in place) while its rows are inserted. */
struct chain_job {
	struct arena *a; /* the entries' texts: the worker's own arena, or the chunk's */
	struct audit_batch *ab;
	struct audit_entry *en;
	const struct asset *created;
	size_t n;
};

static void chain_chunk(void *arg)
{
	struct chain_job *j = arg;

	for (size_t i = 0; i < j->n; i++)
		j->en[i].after = asset_json_text(j->a, &j->created[i]);
	audit_batch_chain(j->a, j->ab, j->en, j->n);
}

/*
 * The @n rows @rows of @raw, of a save: checked (when @check) or prepared,
 * inserted with the ids @ids, audited. *bad gets the row of @raw at fault.
 * Their audit entries are written and chained on @b's worker, if it has one,
 * while the rows are inserted.
 */
static int save_chunk(struct asset_bulk *b, struct arena *scratch, bool check, struct strmap *batch,
		      const struct asset_input *raw, const size_t *rows, size_t n, int64_t *ids, const char *now,
		      struct audit_batch *ab, struct figures_tally *tally, size_t *bad, struct err *e)
{
	struct asset_input *in = arena_calloc(scratch, n, sizeof(*in));
	struct asset *created = arena_calloc(scratch, n, sizeof(*created));
	const char **retired_at = arena_calloc(scratch, n, sizeof(*retired_at));
	struct audit_entry *en = arena_calloc(scratch, n, sizeof(*en));
	struct actor actor = actor_of(b->auth);
	struct chain_job job = {
		.a = b->worker ? b->worker_arena : scratch, .ab = ab, .en = en, .created = created, .n = n
	};
	int rc;

	for (size_t i = 0; i < n; i++) {
		const char *key;

		*bad = rows[i];
		rc = check ? bulk_check(b, scratch, &raw[rows[i]], &in[i], &created[i], e)
			   : bulk_prepare(b, scratch, &raw[rows[i]], &in[i], &created[i], e);
		if (rc)
			return rc;
		/* No two new assets of a unit with one name, whatever the register held. */
		key = name_key(scratch, in[i].unit_id, str_fold(scratch, in[i].name));
		if (strmap_has(batch, key))
			return err_set(e, ERR_INVALID, "name", N_("The unit already has an asset with this name."));
		strmap_put(batch, key, batch);
		retired_at[i] = strcmp(in[i].lifecycle, "retired") ? NULL : now;
		/* What is stored is the input and what the checks looked up: no need to read it back. */
		apply_input(&created[i], &in[i]);
		created[i].retired_at = retired_at[i];
		created[i].c_level = created[i].i_level = created[i].a_level = created[i].t_level = -1;
		created[i].version = 1;
		created[i].created_at = created[i].updated_at = now;
		en[i] = (struct audit_entry){ .actor_id = actor.id,
					      .actor_name = actor.name,
					      .entity = "asset",
					      .unit_id = in[i].unit_id,
					      .action = "create" };
	}
	*bad = rows[0];
	/* One row gets its id from the insert; many have theirs already (q_asset_next_ids()). */
	if (n == 1 && (rc = q_asset_insert(b->db, scratch, &in[0], retired_at[0], now, &ids[0], e)))
		return rc;
	for (size_t i = 0; i < n; i++)
		created[i].id = en[i].entity_id = ids[i];
	if (b->worker)
		arena_reset(b->worker_arena); /* the last chunk's entries are written */
	worker_run(b->worker, chain_chunk, &job);
	if (n > 1)
		rc = q_asset_insert_many(b->db, scratch, in, ids, retired_at, n, now, e);
	for (size_t i = 0; i < n && !rc; i++)
		rc = figures_note_asset_created(b->db, scratch, tally, &created[i], e);
	worker_wait(b->worker);
	return rc ? rc : audit_batch_write(b->db, scratch, en, n, e);
}

/*
 * Save @n new assets in the caller's transaction. The rows are checked
 * again (and every cache read afresh) unless @trust and nothing was
 * written to the register since @b's checks began: every change of an
 * asset, unit, person or role appends to the audit trail, so a trail that
 * has not moved means the checks still hold. Unless @big, the new assets
 * also go into the search index (*index_more: some wait still).
 */
static int save_in_tx(struct asset_bulk *b, const struct asset_input *raw, size_t n, bool trust, bool big,
		      int64_t *id_out, size_t *bad, bool *index_more, struct err *e)
{
	struct audit_batch ab;
	struct figures_tally tally;
	struct strmap batch;
	struct arena *scratch;
	char now[TIME_ISO_LEN];
	int64_t *ids;
	size_t *rows;
	bool check;
	int rc;

	*bad = 0;
	time_now_iso(now);
	figures_tally_init(&tally, b->a);
	strmap_init(&batch, b->a);
	if ((rc = audit_batch_begin(b->db, b->a, &ab, e)))
		return rc;
	check = !trust || b->head != ab.st.last_id;
	if (check)
		bulk_forget(b);
	ids = arena_calloc(b->a, n ? n : 1, sizeof(*ids));
	if (n > 1 && (rc = q_asset_next_ids(b->db, b->a, n, ids, e)))
		return rc;
	rows = save_order(b->a, raw, n);
	/* A scratch arena, emptied after each chunk, keeps a large import's memory flat. */
	scratch = n > SAVE_CHUNK ? arena_new() : b->a;
	for (size_t from = 0; from < n && !rc; from += SAVE_CHUNK) {
		size_t to = from + SAVE_CHUNK < n ? from + SAVE_CHUNK : n;

		rc = save_chunk(b, scratch, check, &batch, raw, rows + from, to - from, ids + from, now, &ab, &tally,
				bad, e);
		if (scratch != b->a)
			arena_reset(scratch);
	}
	if (scratch != b->a)
		arena_free(scratch);
	if (rc)
		return rc;
	if (id_out)
		*id_out = ids[0]; /* one row */
	/* The kept figures after the audit entries, once per unit and day; the new rows into the search index. */
	if ((rc = audit_batch_end(b->db, b->a, &ab, e)) || (rc = figures_tally_apply(b->db, b->a, &tally, e)))
		return rc;
	*index_more = big;
	if (big)
		return 0;
	/* With a background indexer, a small write indexes no more than it added (a backlog is the indexer's). */
	return q_asset_index_pending(b->db, b->a, db_background(b->db, false) ? (int64_t)n : INDEX_CHUNK, index_more,
				     e);
}

/*
 * Index the assets still waiting for the search index, INDEX_CHUNK a
 * transaction. They are saved already and a search finds them meanwhile
 * (reading them one by one), so a failure here is only logged: the next
 * transaction that creates an asset goes on with them.
 */
static void index_rest(struct db *db, struct arena *a)
{
	bool more = true;
	struct err e = { 0 };
	int rc = 0;

	while (more && !rc) {
		if (!(rc = db_begin(db, &e)))
			rc = db_end(db, q_asset_index_pending(db, a, INDEX_CHUNK, &more, &e), &e);
	}
	if (rc)
		log_warn("asset search index: new assets wait to be indexed: %s",
			 e.detail[0] ? e.detail : err_code_name(rc));
}

/* A large save chains its audit entries on a thread of its own beside its inserts (save_chunk()). */
static void bulk_worker_start(struct asset_bulk *b)
{
	if ((b->worker = worker_new()))
		b->worker_arena = arena_new();
}

static void bulk_worker_stop(struct asset_bulk *b)
{
	worker_free(b->worker);
	arena_free(b->worker_arena);
	b->worker = NULL;
	b->worker_arena = NULL;
}

/*
 * save_in_tx() in a transaction of its own, with a page cache sized for a
 * large one; then the search index.
 */
static int save(struct asset_bulk *b, const struct asset_input *in, size_t n, bool trust, int64_t *id_out, size_t *bad,
		struct err *e)
{
	int64_t kib = (int64_t)n * SAVE_KIB_ROW;
	bool big = n >= SAVE_BIG;
	bool more = false;
	int rc;

	if (big && (rc = db_page_cache(b->db, kib < SAVE_KIB_MAX ? kib : SAVE_KIB_MAX, e)))
		return rc;
	if (big)
		bulk_worker_start(b);
	if (!(rc = db_begin(b->db, e)))
		rc = db_end(b->db, save_in_tx(b, in, n, trust, big, id_out, bad, &more, e), e);
	bulk_worker_stop(b);
	/* The pool's background thread indexes what waits, after this answers; without one, this does now. */
	if (!rc && more && !db_background(b->db, true))
		index_rest(b->db, b->a);
	if (big) {
		struct err ignored = { 0 };
		db_page_cache(b->db, 0, &ignored);
	}
	return rc;
}

/*
 * A journaled save (asset_bulk_save() of SAVE_BIG rows or more) holds the
 * write lock for at most TX_MAX_MS a transaction while it writes alone,
 * TX_BUSY_MS once another writer has had to wait, and commits early when
 * one waits (tx_done()), looking every TX_LOOK rows; on PostgreSQL, where
 * the writers of other processes wait unseen (for the audit trail's head),
 * TX_SHARED_MS always. Between two transactions it lets the writers of this
 * process that wait go first, for at most YIELD_MS. An import not heard of
 * for STALE_S has stopped with its process. An undo removes UNDO_CHUNK rows
 * a transaction, and is tried UNDO_TRIES times.
 */
#define TX_MAX_MS       1000.0
#define TX_BUSY_MS      100.0
#define TX_SHARED_MS    20.0
#define TX_LOOK         50
#define JOURNAL_KIB_MAX ((int64_t)256 * 1024) /* page cache of a journaled save, at most */
#define YIELD_MS        50
#define STALE_S         60
#define UNDO_CHUNK      500
#define UNDO_TRIES      3

void asset_bulk_test_limits(struct asset_bulk *b, size_t tx_rows, int abandon_after)
{
	b->tx_rows = tx_rows;
	b->abandon_after = abandon_after;
}

/*
 * Remove what @run wrote, UNDO_CHUNK rows a transaction, each with an audit
 * entry of the system's, and close it as undone. Rows someone has changed
 * or referred to since are kept (and counted in the log). On failure the
 * journal still says it runs, so the next start or import tries again.
 */
static int undo_run(struct db *db, struct arena *a, const struct asset_import_run *run, struct err *e)
{
	struct actor system = actor_of(NULL);
	bool more = true;
	int rc = 0;

	while (more && !rc) {
		struct arena *scratch = arena_new();
		struct figures_tally tally;
		struct audit_batch ab;
		struct audit_entry *en;
		struct asset *rows = NULL;
		char now[TIME_ISO_LEN];
		int64_t kept = 0;
		size_t n = 0;

		time_now_iso(now);
		figures_tally_init(&tally, scratch);
		if ((rc = db_begin(db, e))) {
			arena_free(scratch);
			break;
		}
		rc = q_asset_import_undo_rows(db, scratch, run, UNDO_CHUNK, &rows, &n, e);
		en = arena_calloc(scratch, n ? n : 1, sizeof(*en));
		for (size_t i = 0; i < n && !rc; i++) {
			rc = q_asset_delete_new(db, scratch, rows[i].id, e);
			figures_note_asset_removed(&tally, &rows[i]);
			en[i] = (struct audit_entry){ .actor_id = system.id,
						      .actor_name = system.name,
						      .entity = "asset",
						      .entity_id = rows[i].id,
						      .unit_id = rows[i].unit_id,
						      .action = "delete",
						      .before = asset_json_text(scratch, &rows[i]) };
		}
		if (!rc && n && !(rc = audit_batch_begin(db, scratch, &ab, e)) &&
		    !(rc = audit_batch_add_many(db, scratch, &ab, en, n, e)) &&
		    !(rc = audit_batch_end(db, scratch, &ab, e)))
			rc = figures_tally_apply(db, scratch, &tally, e);
		more = n == UNDO_CHUNK;
		if (!rc && !more && !(rc = q_asset_import_kept(db, scratch, run, &kept, e)))
			rc = q_asset_import_close(db, scratch, run->id, false, now, e);
		if (!(rc = db_end(db, rc, e)) && !more)
			log_info("asset import %" PRId64 " undone%s", run->id,
				 kept ? arena_printf(scratch,
						     ", except %" PRId64 " assets changed or referred to since", kept)
				      : "");
		arena_free(scratch);
	}
	return rc;
}

int asset_import_recover(struct db *db, struct arena *a, bool all, struct err *e)
{
	struct asset_import_run *runs;
	char before[TIME_ISO_LEN];
	size_t n;
	int rc;

	time_iso(time_now() - STALE_S, before);
	if ((rc = q_asset_import_stale(db, a, all ? NULL : before, &runs, &n, e)))
		return rc;
	for (size_t i = 0; i < n && !rc; i++) {
		log_warn("asset import %" PRId64 " stopped before its end: undoing it", runs[i].id);
		rc = undo_run(db, a, &runs[i], e);
	}
	return rc;
}

/*
 * Has a transaction of a journaled save begun at @start run long enough:
 * its time is up (*limit_ms), or another writer of this process waits for
 * the lock? Alone, an import writes in few large transactions (each page
 * of an index is written once per transaction: many small ones would write
 * the same pages again and again); once another writer has waited, in
 * short ones (the commit of a large one is long too), doubling again while
 * nobody waits.
 */
static bool tx_done(struct db *db, double start, double *limit_ms)
{
	/* On PostgreSQL other processes' writers cannot be seen waiting: short transactions throughout. */
	double most = db_engine_of(db) == DB_SQLITE ? TX_MAX_MS : TX_SHARED_MS;

	if (db_writer_waits(db)) {
		*limit_ms = TX_BUSY_MS;
		return true;
	}
	if (time_mono_ms() - start < *limit_ms)
		return false;
	*limit_ms = *limit_ms * 2 < most ? *limit_ms * 2 : most;
	return true;
}

/* Between two transactions of a journaled save: the writers of this process that wait go first. */
static void let_others_write(struct db *db)
{
	const struct timespec ms = { 0, 1000000 };

	for (int i = 0; i < YIELD_MS && db_writer_waits(db); i++)
		nanosleep(&ms, NULL);
}

/*
 * One transaction of a journaled save: the rows of @rows from *from on,
 * until tx_done(), and the journal moved past them. Once anything was
 * written by others since the checks (the audit trail moved on past the
 * last look), these rows and all after them are checked again, with what
 * was read before read afresh whenever the trail moved again. *from moves
 * past what was saved.
 */
static int journal_tx(struct asset_bulk *b, struct arena *scratch, const struct asset_input *raw, const size_t *rows,
		      int64_t *ids, size_t n, size_t *from, const struct asset_import_run *run, const char *now,
		      struct strmap *batch, size_t *bad, struct err *e)
{
	double start = time_mono_ms();
	struct figures_tally tally;
	struct audit_batch ab;
	char beat[TIME_ISO_LEN];
	size_t at = *from;
	int rc;

	figures_tally_init(&tally, scratch);
	if ((rc = db_begin(b->db, e)))
		return rc;
	if (!(rc = audit_batch_begin(b->db, scratch, &ab, e))) {
		/* Once anything was written since the checks, every row is checked again; what was read, if it may have changed. */
		if (b->head != ab.st.last_id) {
			bulk_forget(b);
			b->recheck = true;
		}
		do {
			size_t to = at + TX_LOOK < n ? at + TX_LOOK : n;
			if (b->tx_rows && to > *from + b->tx_rows)
				to = *from + b->tx_rows;
			rc = save_chunk(b, scratch, b->recheck, batch, raw, rows + at, to - at, ids + at, now, &ab,
					&tally, bad, e);
			at = to;
		} while (!rc && at < n && (b->tx_rows ? at - *from < b->tx_rows : !tx_done(b->db, start, &b->tx_ms)));
	}
	time_now_iso(beat);
	if (!rc && !(rc = audit_batch_end(b->db, scratch, &ab, e)) &&
	    !(rc = figures_tally_apply(b->db, scratch, &tally, e)))
		rc = q_asset_import_beat(b->db, scratch, run->id, ids[0] + (int64_t)at, beat, e);
	if (!(rc = db_end(b->db, rc, e))) {
		*from = at;
		b->head = ab.st.last_id;
	}
	return rc;
}

/*
 * Save @n rows under the import journal (migration 0150): reserve their
 * ids, save them in short transactions, then mark the import done; on any
 * failure undo what was saved. Imports that stopped with their process are
 * undone first.
 */
static int save_journaled(struct asset_bulk *b, const struct asset_input *in, size_t n, size_t *bad, struct err *e)
{
	struct asset_import_run run = { 0 };
	struct err ue = { 0 };
	struct arena *scratch;
	struct strmap batch;
	char now[TIME_ISO_LEN];
	int64_t *ids = arena_calloc(b->a, n, sizeof(*ids));
	size_t *rows, from = 0;
	int64_t kib = (int64_t)n * SAVE_KIB_ROW;
	int n_tx = 0, rc;

	*bad = 0;
	if (asset_import_recover(b->db, b->a, false, &ue))
		log_warn("asset import: an import that stopped could not be undone: %s",
			 ue.detail[0] ? ue.detail : err_code_name(ue.code));
	time_now_iso(now);
	rows = save_order(b->a, in, n);
	strmap_init(&batch, b->a);
	if ((rc = db_begin(b->db, e)) ||
	    (rc = db_end(b->db, q_asset_import_open(b->db, b->a, actor_of(b->auth).id, n, now, ids, &run.id, e), e)))
		return rc;
	run.first_id = ids[0];
	b->tx_ms = db_engine_of(b->db) == DB_SQLITE ? TX_MAX_MS : TX_SHARED_MS;
	/* A transaction's changed pages stay in the page cache until its commit: room for the largest. */
	if ((rc = db_page_cache(b->db, kib < JOURNAL_KIB_MAX ? kib : JOURNAL_KIB_MAX, e)))
		return rc;
	/* One scratch arena for every transaction, emptied after each: its memory is taken once. */
	scratch = arena_new();
	bulk_worker_start(b);
	while (from < n && !rc) {
		if (b->abandon_after && n_tx == b->abandon_after) {
			bulk_worker_stop(b);
			arena_free(scratch);
			return err_set(e, ERR_DB, NULL, N_("The database could not complete the request."));
		}
		if (n_tx++)
			let_others_write(b->db);
		rc = journal_tx(b, scratch, in, rows, ids, n, &from, &run, now, &batch, bad, e);
		arena_reset(scratch);
	}
	bulk_worker_stop(b);
	arena_free(scratch);
	db_page_cache(b->db, 0, &ue);
	if (!rc && !(rc = db_begin(b->db, e)))
		rc = db_end(b->db, q_asset_import_close(b->db, b->a, run.id, true, now, e), e);
	if (rc) {
		/* Undone even when the request ran out of time, and tried again once if an interrupt got through. */
		int undone = ERR_DB;
		run.next_id = ids[0] + (int64_t)from;
		db_shield(b->db, true);
		for (int i = 0; i < UNDO_TRIES && undone; i++)
			undone = undo_run(b->db, b->a, &run, &ue);
		db_shield(b->db, false);
		if (undone)
			log_warn("asset import %" PRId64 ": undoing it failed, the next start tries again: %s", run.id,
				 ue.detail[0] ? ue.detail : err_code_name(ue.code));
		return rc;
	}
	/* The pool's background thread indexes the rows for search, after this answers; without one, this does now. */
	if (!db_background(b->db, true))
		index_rest(b->db, b->a);
	return 0;
}

int asset_bulk_save(struct asset_bulk *b, const struct asset_input *in, size_t n, size_t *bad, struct err *e)
{
	if (n >= SAVE_BIG)
		return save_journaled(b, in, n, bad, e);
	return save(b, in, n, true, NULL, bad, e);
}

int asset_create(struct db *db, struct arena *a, const struct auth *auth, const struct asset_input *in, int64_t *id_out,
		 struct err *e)
{
	size_t bad;
	return save(asset_bulk_new(db, a, auth), in, 1, false, id_out, &bad, e);
}

int asset_create_many(struct db *db, struct arena *a, const struct auth *auth, const struct asset_input *in, size_t n,
		      size_t *bad, struct err *e)
{
	size_t ignored;
	return save(asset_bulk_new(db, a, auth), in, n, false, NULL, bad ? bad : &ignored, e);
}

static const char *const conflict_msg = N_(
	"Someone else has changed this asset since you opened it. Their version is shown; your changes are kept in the form.");

static int update_in_tx(struct db *db, struct arena *a, const struct auth *auth, const struct asset *before,
			int64_t version, const struct asset_input *in, struct asset *current, struct err *e)
{
	struct asset after = *before;
	char now[TIME_ISO_LEN];
	const char *retired_at;
	int rc;

	time_now_iso(now);
	if (before->version != version)
		return version_conflict(current, before, sizeof(*before), e, conflict_msg);
	if ((rc = check_clean(db, a, auth, in, before, &after, e)))
		return rc;
	retired_at = strcmp(in->lifecycle, "retired") ? NULL : (before->retired_at ? before->retired_at : now);
	rc = q_asset_update(db, a, before->id, version, in, retired_at, now, e);
	if (rc == ERR_CONFLICT) /* changed since @before was read: show the stored one */
		return version_lost(current ? asset_get(db, a, before->id, current, e) : 0, e, conflict_msg);
	if (rc)
		return rc;
	/* What was stored is @before changed by @in: no need to read it back. */
	apply_input(&after, in);
	after.retired_at = retired_at;
	after.version = before->version + 1;
	after.updated_at = now;
	rc = audit_append(db, a, actor_of(auth), "asset", before->id, after.unit_id, "update",
			  asset_json_text(a, before), asset_json_text(a, &after), e);
	return rc ? rc : figures_note_asset_changed(db, a, before, &after, e);
}

int asset_update(struct db *db, struct arena *a, const struct auth *auth, const struct asset *before, int64_t version,
		 const struct asset_input *raw, struct asset *current, struct err *e)
{
	struct asset_input in = clean_input(a, raw);
	int rc = db_begin(db, e);
	if (rc)
		return rc;
	return db_end(db, update_in_tx(db, a, auth, before, version, &in, current, e), e);
}

int asset_links(struct db *db, struct arena *a, int64_t id, struct asset_link **deps, size_t *n_deps,
		struct asset_link **dependants, size_t *n_dependants, struct err *e)
{
	int rc = q_asset_deps(db, a, id, deps, n_deps, e);
	if (!rc)
		rc = q_asset_dependants(db, a, id, dependants, n_dependants, e);
	return rc;
}

int asset_link_get(struct db *db, struct arena *a, int64_t link_id, struct asset_link *out, struct err *e)
{
	int rc = q_asset_link_get(db, a, link_id, out, e);
	return rc == ERR_NOTFOUND ? err_set(e, ERR_NOTFOUND, "id", N_("No such dependency.")) : rc;
}

/*
 * Is @target reachable from @start along links? On success *path holds the
 * names from @start to @target. Iterative depth-first search with a visited
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

static void walk_grow(struct arena *a, struct walk *w)
{
	size_t cap = w->cap * 2;
	int64_t *s = arena_calloc(a, cap, sizeof(int64_t)), *sn = arena_calloc(a, cap, sizeof(int64_t)),
		*p = arena_calloc(a, cap, sizeof(int64_t));
	memcpy(s, w->stack, w->n_stack * sizeof(int64_t));
	memcpy(sn, w->seen, w->n_seen * sizeof(int64_t));
	memcpy(p, w->parent_of, w->n_seen * sizeof(int64_t));
	w->stack = s, w->seen = sn, w->parent_of = p, w->cap = cap;
}

/* Append the names along the walk from its start to @target, joined by arrows. */
static void walk_path(struct db *db, struct arena *a, const struct walk *w, int64_t target, struct buf *path)
{
	int64_t chain[64];
	size_t n = 0;
	int64_t cur = target;

	while (cur && n < 64) {
		int64_t par = 0;
		chain[n++] = cur;
		for (size_t i = 0; i < w->n_seen; i++)
			if (w->seen[i] == cur) {
				par = w->parent_of[i];
				break;
			}
		cur = par;
	}
	for (size_t i = n; i-- > 0;) {
		struct asset as;
		if (q_asset_get(db, a, chain[i], &as, NULL) == 0)
			buf_adds(path, as.name);
		if (i)
			buf_adds(path, " → ");
	}
}

static int reachable(struct db *db, struct arena *a, int64_t start, int64_t target, struct buf *path, bool *found,
		     struct err *e)
{
	struct walk w = { 0 };

	*found = false;
	w.cap = 64;
	w.stack = arena_calloc(a, w.cap, sizeof(int64_t));
	w.seen = arena_calloc(a, w.cap, sizeof(int64_t));
	w.parent_of = arena_calloc(a, w.cap, sizeof(int64_t)); /* parallel to seen */
	w.stack[w.n_stack++] = start;
	w.seen[w.n_seen] = start;
	w.parent_of[w.n_seen++] = 0;
	while (w.n_stack && !*found) {
		int64_t cur = w.stack[--w.n_stack], *next;
		size_t n_next;
		int rc = q_asset_link_targets(db, a, cur, &next, &n_next, e);
		if (rc)
			return rc;
		for (size_t i = 0; i < n_next; i++) {
			if (seen_before(&w, next[i]))
				continue;
			if (w.n_seen == w.cap || w.n_stack == w.cap)
				walk_grow(a, &w);
			w.seen[w.n_seen] = next[i];
			w.parent_of[w.n_seen++] = cur;
			if (next[i] == target) {
				*found = true;
				break;
			}
			w.stack[w.n_stack++] = next[i];
		}
	}
	if (*found)
		walk_path(db, a, &w, target, path);
	return 0;
}

static const char *link_snapshot(struct arena *a, int64_t from, int64_t to, const char *kind)
{
	struct buf b;
	struct json j;

	buf_init(&b, a);
	json_init(&j, &b);
	json_obj_open(&j);
	json_kv_int(&j, "from_id", from);
	json_kv_int(&j, "to_id", to);
	json_kv_str(&j, "kind", kind);
	json_obj_close(&j);
	return b.data;
}

static int link_add_in_tx(struct db *db, struct arena *a, const struct auth *auth, const struct asset *af, int64_t to,
			  const char *kind, int64_t *id_out, struct err *e)
{
	struct asset at;
	struct asset_link *deps, *dependants;
	size_t n_deps, n_dependants;
	struct buf path;
	char now[TIME_ISO_LEN];
	int64_t id;
	bool cycle;
	int rc;

	time_now_iso(now);
	buf_init(&path, a);
	/* The other end must be an asset @auth sees; otherwise it is as if it did not exist. */
	rc = asset_get(db, a, to, &at, e);
	if (rc == ERR_NOTFOUND || (!rc && !authz_may_reference(auth, ACCESS_READ, at.unit_path, 0)))
		return err_set(e, ERR_INVALID, "to_id", N_("No such asset."));
	if (rc)
		return rc;
	if (!strcmp(kind, "holds") && strcmp(at.kind, "information_set"))
		return err_set(e, ERR_INVALID, "to_id", N_("Only an information set can be held by another asset."));
	if ((rc = asset_links(db, a, af->id, &deps, &n_deps, &dependants, &n_dependants, e)))
		return rc;
	for (size_t i = 0; i < n_deps; i++)
		if (deps[i].to_id == to)
			return err_set(e, ERR_EXISTS, "to_id", N_("This dependency is already recorded."));
	/* The new link closes a circle when @from can already be reached from @to. */
	buf_adds(&path, af->name);
	buf_adds(&path, " → ");
	if ((rc = reachable(db, a, to, af->id, &path, &cycle, e)))
		return rc;
	if (cycle)
		return err_set1(e, ERR_INVALID, "to_id", N_("That would make a circle of dependencies: %s."),
				path.data);
	if ((rc = q_asset_link_insert(db, a, af->id, to, kind, actor_of(auth).id, now, &id, e)) ||
	    (rc = audit_append(db, a, actor_of(auth), "asset_link", id, af->unit_id, "create", NULL,
			       link_snapshot(a, af->id, to, kind), e)))
		return rc;
	if (id_out)
		*id_out = id;
	return 0;
}

int asset_link_add(struct db *db, struct arena *a, const struct auth *auth, const struct asset *from, int64_t to,
		   const char *kind, int64_t *id_out, struct err *e)
{
	int rc;

	if (!kind || (strcmp(kind, "holds") && strcmp(kind, "depends_on")))
		return err_set(e, ERR_INVALID, "kind", N_("Choose the kind of dependency."));
	if (to <= 0)
		return err_set(e, ERR_INVALID, "to_id", N_("Choose the other asset."));
	if (from->id == to)
		return err_set(e, ERR_INVALID, "to_id", N_("An asset cannot depend on itself."));
	if ((rc = db_begin(db, e)))
		return rc;
	return db_end(db, link_add_in_tx(db, a, auth, from, to, kind, id_out, e), e);
}

int asset_create_held(struct db *db, struct arena *a, const struct auth *auth, const struct asset *holder,
		      const struct asset_input *in, int64_t *id_out, struct err *e)
{
	struct asset_input set = *in;
	int64_t id = 0;
	size_t bad;
	bool more = false;
	int rc;

	set.kind = "information_set";
	set.unit_id = holder->unit_id;
	if ((rc = db_begin(db, e)))
		return rc;
	rc = save_in_tx(asset_bulk_new(db, a, auth), &set, 1, false, false, &id, &bad, &more, e);
	if (!rc)
		rc = link_add_in_tx(db, a, auth, holder, id, "holds", NULL, e);
	if (!rc && id_out)
		*id_out = id;
	if (!(rc = db_end(db, rc, e)) && more)
		index_rest(db, a);
	return rc;
}

static int link_remove_in_tx(struct db *db, struct arena *a, const struct auth *auth, const struct asset_link *l,
			     struct err *e)
{
	struct asset af;
	int rc;

	if ((rc = asset_get(db, a, l->from_id, &af, e)) || (rc = q_asset_link_delete(db, a, l->id, e)))
		return rc;
	return audit_append(db, a, actor_of(auth), "asset_link", l->id, af.unit_id, "delete",
			    link_snapshot(a, l->from_id, l->to_id, l->kind), NULL, e);
}

int asset_link_remove(struct db *db, struct arena *a, const struct auth *auth, const struct asset_link *l,
		      struct err *e)
{
	int rc = db_begin(db, e);
	if (rc)
		return rc;
	return db_end(db, link_remove_in_tx(db, a, auth, l, e), e);
}
