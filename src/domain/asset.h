/*
 * asset.h - the register of information assets (informationstillgångar).
 *
 * Kinds: information sets, systems, digital services, manual (paper)
 * assets, processes and suppliers. Each belongs to a unit, has an owner
 * and a system administrator (users), and carries the flags the register
 * is filtered by. Assets depend on each other: a system *holds* an
 * information set (and inherits its classification), or *depends on*
 * another asset; a link that would close a cycle is refused. Every change
 * is versioned and audited like units.
 */
#ifndef TILLIT_DOMAIN_ASSET_H
#define TILLIT_DOMAIN_ASSET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "db/q_asset.h"
#include "db/q_user.h"
#include "domain/authz.h"

struct arena;
struct db;
struct err;
struct json;

enum asset_kind {
	ASSET_INFORMATION_SET,
	ASSET_SYSTEM,
	ASSET_DIGITAL_SERVICE,
	ASSET_MANUAL,
	ASSET_PROCESS,
	ASSET_SUPPLIER,
	ASSET_KIND_COUNT
};

/* Stored names and label message ids, in enum order. */
extern const char *const asset_kinds[ASSET_KIND_COUNT];
extern const char *const asset_kind_labels[ASSET_KIND_COUNT];
#define ASSET_HOSTING_COUNT 6
extern const char *const
	asset_hostings[ASSET_HOSTING_COUNT]; /* "", "own", "municipal_it", "supplier", "cloud", "third_country" */
extern const char *const asset_hosting_labels[ASSET_HOSTING_COUNT];
#define ASSET_LIFECYCLE_COUNT 4
extern const char *const asset_lifecycles[ASSET_LIFECYCLE_COUNT]; /* "planned", "in_use", "phasing_out", "retired" */
extern const char *const asset_lifecycle_labels[ASSET_LIFECYCLE_COUNT];

/** Index of @s in @table of @n names, or -1. */
int asset_enum_parse(const char *const *table, size_t n, const char *s);

/** True for kinds that count as "systems" in the classification figures (system, digital service). */
bool asset_kind_is_system(const char *kind);

/**
 * The label of the owner of an asset of @kind, as a message id: the
 * informationsägare of an information set ("Information owner"), the
 * systemägare of a system or digital service ("System owner"), otherwise
 * "Owner". The owner is the one who signs the asset's classification.
 */
const char *asset_owner_label(const char *kind);

/** How an asset is named where it is chosen by typing: "Name (Unit)". Lives in @a. */
const char *asset_choice_label(struct arena *a, const struct asset *as);

/* At most this many assets of one name are read to find the one a typed text names. */
#define ASSET_CHOICE_MAX 1000

/**
 * The asset that @text names among those @viewer_id sees (0: all): a label
 * of asset_choice_label(), or a name alone, compared without regard to
 * case or surrounding space (a name holding " (…)" itself is tried whole
 * when no unit of that name has it). *id_out is its id when exactly one
 * asset matches, else 0; *n_match says how many did (0: none, 2 or more:
 * say which).
 */
int asset_find_choice(struct db *db, struct arena *a, int64_t viewer_id, const char *text, int64_t *id_out,
		      size_t *n_match, struct err *e);

/** True for the kinds that have a systemförvaltare beside their systemägare (system, digital service). */
bool asset_kind_has_administrator(const char *kind);

/**
 * Could someone holding the grants @g (@n of them) sign the classification
 * of an asset in the unit at @unit_path as its owner: an owner,
 * coordinator or administrator role on that unit, on a unit above it or on
 * the whole installation? Pure.
 */
bool asset_owner_can_sign(const struct role_grant *g, size_t n, const char *unit_path);

/**
 * Check that user @user_id may be the owner of an asset in the unit at
 * @unit_path (asset_owner_can_sign() over their grants). ERR_INVALID naming
 * "owner_id" with the person's name when not: a draft they could not sign
 * is never left behind.
 */
int asset_owner_check(struct db *db, struct arena *a, int64_t user_id, const char *unit_path, struct err *e);

/** The display name of user @id (NULL when there is no such user). */
int asset_user_name(struct db *db, struct arena *a, int64_t id, const char **name, struct err *e);

/**
 * The people who may own an asset in the unit at @unit_path (NULL: in any
 * unit), by name, at most @limit; with @q not NULL or empty, only those
 * whose user name or name contains it. Results live in @a.
 */
int asset_owner_candidates(struct db *db, struct arena *a, const char *unit_path, const char *q, int64_t limit,
			   struct asset_owner_candidate **out, size_t *n, struct err *e);

/** A filter that matches everything: tri-states -1, sorted by name ascending. Other members zero. */
void asset_filter_init(struct asset_filter *f);

/** The longest search (q) in characters. */
#define ASSET_SEARCH_MAX 400

/**
 * Fill @f (after asset_filter_init()) from named arguments, so the list
 * page, the API and the exports share one vocabulary: unit_id, kind,
 * classified, business_critical, nis2, personal_data (each "true" or
 * "false"), review_overdue ("true"), q, sort (name, kind, unit, updated,
 * review) and order (asc, desc). @get returns the value of an argument or
 * NULL; an empty value counts as absent. viewer_id, limit and offset are
 * not read. Strings are borrowed from @get. ERR_INVALID naming the
 * argument when a value is not one of those allowed, or q is longer than
 * ASSET_SEARCH_MAX characters.
 */
int asset_filter_parse(struct asset_filter *f, const char *(*get)(void *ctx, const char *name), void *ctx,
		       struct err *e);

/** The argument names asset_filter_parse() reads, NULL-terminated (for building links). */
extern const char *const asset_filter_args[];

int asset_get(struct db *db, struct arena *a, int64_t id, struct asset *out, struct err *e);

/** Scope function: the asset @id (kind "asset", record struct asset), its unit and owner. */
int asset_scope(struct db *db, struct arena *a, int64_t id, struct scope *s, struct err *e);

/**
 * Scope function: the dependency @id (kind "asset_link", record struct
 * asset_link) in the unit of the asset it goes from, owned by that asset's
 * owner: who may edit that asset may remove it.
 */
int asset_link_scope(struct db *db, struct arena *a, int64_t id, struct scope *s, struct err *e);

/**
 * A page of assets and the total matching: exact up to ASSET_COUNT_BOUND,
 * ASSET_COUNT_BOUND + 1 when there are more (shown as "more than 10 000").
 * Pages go no further than offset ASSET_COUNT_BOUND: past it (or past the
 * end) the page is empty. Results live in @a.
 */
int asset_list(struct db *db, struct arena *a, const struct asset_filter *f, struct asset **out, size_t *n,
	       int64_t *total, struct err *e);

/**
 * Caches for checking many new assets against the register, as @auth
 * (an import's rows): each unit and person is read once, and a unit's
 * names once enough rows name it. Lives in @a.
 */
struct asset_bulk;
struct asset_bulk *asset_bulk_new(struct db *db, struct arena *a, const struct auth *auth);

/**
 * Check @in as asset_create() would, without saving: every rule, the right
 * to add to its unit, the name free in its unit. Per-row work in @scratch
 * (it may be freed after the call). ERR_INVALID or ERR_FORBIDDEN naming
 * the field. Takes no lock: a check writes nothing.
 */
int asset_bulk_check(struct asset_bulk *b, struct arena *scratch, const struct asset_input *in, struct err *e);

/**
 * Save @n new assets that each passed asset_bulk_check() with @b: all or
 * nothing, each with its audit entry, the kept figures and the search
 * index brought up to date. Under the write lock the rows are checked
 * again, with everything read afresh, only when the register may have
 * changed since the checks began (the audit trail has moved on); then a
 * name now taken, or repeated among the rows, is refused as
 * asset_create_many() refuses it, *bad the index of the row. The rows are
 * saved, and get their ids, in order of unit and name rather than in the
 * order of @in, a thousand to a statement (in statements of many rows on
 * PostgreSQL, db_insert_many()).
 *
 * Fewer than a thousand rows are saved in one transaction. A thousand or
 * more are saved under an import journal (migration 0150): their ids are
 * reserved first, then they are saved in several transactions, checked
 * again once anything was written by others; on SQLite a transaction ends
 * as soon as another writer of this process waits for the lock (up to a
 * second while none does), and that writer goes first; on PostgreSQL each
 * is 20 ms. So no other write waits long behind the import. Each
 * transaction moves the journal with it; when all are in, the import is
 * marked done. When a transaction fails (a name taken meanwhile, an owner
 * who lost the right to sign) what was saved is removed again (the undo,
 * see asset_import_recover()) and the error returned; the rows are visible
 * to others while the import runs. They are indexed for search once it is
 * done: by the pool's background thread once this has returned
 * (db_background()), or else by this before it returns; a search finds
 * them meanwhile.
 */
int asset_bulk_save(struct asset_bulk *b, const struct asset_input *in, size_t n, size_t *bad, struct err *e);

/**
 * Undo the imports (asset_bulk_save() under its journal) that stopped
 * before their end: every one that runs when @all (a server starting on
 * SQLite, which one process serves), else those not heard of for a minute
 * (their process stopped; on PostgreSQL others may run elsewhere). Their
 * rows are removed, each with an audit entry of the system's, except those
 * someone has changed or referred to since, which are kept.
 */
int asset_import_recover(struct db *db, struct arena *a, bool all, struct err *e);

/**
 * Tests: the journaled save of @b saves @tx_rows rows a transaction (0: by
 * time), and after @abandon_after transactions (0: never) stops as if its
 * process had died, leaving the journal running for asset_import_recover().
 */
void asset_bulk_test_limits(struct asset_bulk *b, size_t tx_rows, int abandon_after);

/** Validate @in without saving (for the import dry run). @self_id: the asset being changed, 0 for a new one. */
int asset_check(struct db *db, struct arena *a, const struct asset_input *in, int64_t self_id, struct err *e);

/** The input that keeps @as as it is: the start of an edit form or of a PATCH. */
struct asset_input asset_input_of(const struct asset *as);

/**
 * Create an asset as @auth (NULL: the system), who must be an administrator
 * or coordinator in its unit (ERR_FORBIDDEN naming unit_id). *id_out gets
 * its id.
 */
int asset_create(struct db *db, struct arena *a, const struct auth *auth, const struct asset_input *in, int64_t *id_out,
		 struct err *e);

/**
 * Create many in one transaction: all or nothing, each as in
 * asset_create(), a name taken by an earlier one included; ids are given
 * in order of unit and name (asset_bulk_save()). On error *bad is the
 * index of a failing row. Each unit and person is read once, a
 * unit's names once it has more than a few new assets, and the audit
 * trail's head once: the cost grows with the number of assets, not with
 * the register. (An import checks first and saves with asset_bulk_save().)
 */
int asset_create_many(struct db *db, struct arena *a, const struct auth *auth, const struct asset_input *in, size_t n,
		      size_t *bad, struct err *e);

/**
 * Change @before (as read by the route's scope) to @in. Moving it to
 * another unit needs the right to edit it there too (ERR_FORBIDDEN naming
 * unit_id). ERR_CONFLICT on a stale @version, with *current (if not NULL)
 * set to the stored asset.
 */
int asset_update(struct db *db, struct arena *a, const struct auth *auth, const struct asset *before, int64_t version,
		 const struct asset_input *in, struct asset *current, struct err *e);

/** Links from @id (what it depends on) and to @id (what depends on it). Results live in @a. */
int asset_links(struct db *db, struct arena *a, int64_t id, struct asset_link **deps, size_t *n_deps,
		struct asset_link **dependants, size_t *n_dependants, struct err *e);

/**
 * A new information set held by @holder (as the request read it), in one
 * transaction: @in is created as asset_create() does, with kind
 * "information_set" and @holder's unit whatever @in says, and @holder is
 * linked to it with "holds". Refused as asset_create() refuses (naming the
 * field); then nothing is stored. *id_out gets the new set's id.
 */
int asset_create_held(struct db *db, struct arena *a, const struct auth *auth, const struct asset *holder,
		      const struct asset_input *in, int64_t *id_out, struct err *e);

/**
 * Make @from depend on @to (@kind "holds" or "depends_on") as @auth. Refused
 * when @to is not an asset @auth sees (ERR_INVALID naming "to_id", as if it
 * did not exist), when it would close a cycle (ERR_INVALID naming "to_id",
 * the message naming the path), when the pair exists, or "holds" with @to
 * not an information set.
 */
int asset_link_add(struct db *db, struct arena *a, const struct auth *auth, const struct asset *from, int64_t to,
		   const char *kind, int64_t *id_out, struct err *e);

/** Remove the dependency @l (as read by the route's scope). */
int asset_link_remove(struct db *db, struct arena *a, const struct auth *auth, const struct asset_link *l,
		      struct err *e);

/**
 * May @auth see the asset at the other end of @l? If not, pages and the
 * API name it "an asset in another unit" instead of by its name.
 */
bool asset_link_visible(const struct auth *auth, const struct asset_link *l);

/**
 * May @auth remove @l, listed on the page of @self (at either end)? Who
 * may edit the asset it goes from may: @self, or the other end as the
 * link carries it (no query).
 */
bool asset_link_can_remove(const struct auth *auth, const struct asset *self, const struct asset_link *l);

/** One link by id. */
int asset_link_get(struct db *db, struct arena *a, int64_t link_id, struct asset_link *out, struct err *e);

#define ASSET_MAX_LEVEL 9

/**
 * The names the organisation of the unit at @unit_path (its root) gives
 * the classification levels: names[k] for level k, NULL where it names
 * none (then the national scale's names apply). Results live in @a.
 */
int asset_level_names(struct db *db, struct arena *a, const char *unit_path, const char *names[ASSET_MAX_LEVEL + 1],
		      struct err *e);

/** Message id of the national consequence scale's name of @level (0..4), or NULL. */
const char *asset_national_level(int64_t level);

/** May @auth edit @as? Administrators and coordinators in scope, or the asset's owner holding the owner role in scope. */
bool asset_can_edit(const struct auth *auth, const struct asset *as);

void asset_json(struct json *j, const struct asset *as);
const char *asset_json_text(struct arena *a, const struct asset *as);

#endif
