/*
 * audit.h - the audit trail: who changed what, when, before and after.
 *
 * Every write in Tillit appends one entry inside the same transaction as the
 * change itself, so a change and its record commit or fail together. Entries
 * are chained: each entry's hash covers its own fields and the previous
 * entry's hash, and audit_head holds the newest id and hash, so any entry
 * altered, removed or inserted afterwards is found by audit_verify().
 *
 * The chain is keyed. From entry keyed_from on, the "hash" is an
 * HMAC-SHA-256 under the audit key, 32 random bytes kept in a file outside
 * the database (the command line and the server load it with
 * audit_set_key()); entries written before the key existed keep plain
 * SHA-256 and are covered by every keyed entry after them. The head row
 * carries an HMAC of its own over (last_id, last_hash, keyed_from), so
 * without the key nobody can recompute the chain after an edit, move the
 * head back after cutting the tail, or declare the chain unkeyed. What the
 * key cannot show, an anchor can: audit_anchor() gives the newest sequence
 * number and MAC for a record kept elsewhere, and audit_verify_anchor()
 * proves the chain still holds it. audit_verify_records() compares the
 * business tables with the latest snapshot of each record in the trail.
 */
#ifndef TILLIT_DOMAIN_AUDIT_H
#define TILLIT_DOMAIN_AUDIT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/timeutil.h"
#include "db/q_audit.h"
#include "domain/authz.h"

struct arena;
struct db;
struct err;

#define AUDIT_KEY_BYTES 32

/**
 * Key the chain with @key (AUDIT_KEY_BYTES bytes, copied) from now on, for
 * the whole process. Call before any thread appends. NULL forgets the key.
 */
void audit_set_key(const unsigned char *key);

/** True when a key has been set. */
bool audit_has_key(void);

/**
 * A key for another purpose derived from the audit key (libsodium's KDF:
 * subkey @id under the 8-character @context), so that secrets Tillit must
 * keep in the database (a second factor's seed) are sealed with a key that
 * is not there. False when no audit key is set.
 */
bool audit_derive_key(uint64_t id, const char context[8], unsigned char out[AUDIT_KEY_BYTES]);

/** What audit_head says now. ERR_INVALID when the head row is missing. */
int audit_state(struct db *db, struct arena *a, struct audit_state *out, struct err *e);

/**
 * Start keying the chain with the key set by audit_set_key(), once: when
 * audit_head has no keyed_from yet, the next entry becomes the first keyed
 * one and the head gets its MAC. When the chain is keyed already, checks
 * that the head's MAC matches this key (ERR_INVALID when not: the wrong key
 * file, or a head moved behind Tillit's back). @fresh_key says the key was
 * just created: an existing key on a chain that is not keyed means the
 * chain was rewritten without it, and is refused (ERR_INVALID).
 */
int audit_key_start(struct db *db, struct arena *a, bool fresh_key, struct err *e);

/**
 * Append an entry. Must run inside the caller's open transaction (it locks
 * audit_head). @before/@after are JSON texts or NULL. Needs the key and a
 * keyed chain (audit_key_start()), and refuses to write (ERR_INTERNAL) on a
 * head whose MAC does not verify, so a cut tail is never papered over.
 * Returns 0 or an error.
 */
int audit_append(struct db *db, struct arena *a, struct actor actor, const char *entity, int64_t entity_id,
		 int64_t unit_id, const char *action, const char *before, const char *after, struct err *e);

/*
 * Many entries in one go (an import): audit_batch_begin() locks and checks
 * the head as audit_append() does, audit_batch_add() appends each entry,
 * chained to the one before, and audit_batch_end() moves the head once,
 * all in the caller's transaction. Until the end the head is not written,
 * so the caller must not append otherwise in between. Entries carry the
 * same hashes as one audit_append() each would give them. @a of
 * audit_batch_add() may be a scratch arena freed after each call.
 * audit_batch_add_many() appends many entries in one statement.
 */
struct audit_batch {
	struct audit_state st;
	const char *last_hash;
	char hash_buf[65];
	char at_buf[TIME_ISO_LEN]; /* the newest entry's time ("" before the first) */
	size_t n;
};

int audit_batch_begin(struct db *db, struct arena *a, struct audit_batch *b, struct err *e);
int audit_batch_add(struct db *db, struct arena *a, struct audit_batch *b, struct actor actor, const char *entity,
		    int64_t entity_id, int64_t unit_id, const char *action, const char *before, const char *after,
		    struct err *e);
/**
 * Append @n entries at once: each @en[i] gives actor_id, actor_name,
 * entity, entity_id, unit_id, action, before and after; this fills in its
 * id, time, prev_hash and hash (in @a, which may be a scratch arena) and
 * inserts them all in one statement.
 */
int audit_batch_add_many(struct db *db, struct arena *a, struct audit_batch *b, struct audit_entry *en, size_t n,
			 struct err *e);
/**
 * audit_batch_add_many() in two steps, the first without the database (so
 * that it may run on another thread while the caller writes): chain gives
 * @n entries their numbers, time and hashes after those of @b (the texts in
 * @a), write inserts them. Every chained entry must then be written, in
 * order, or the transaction given up.
 */
void audit_batch_chain(struct arena *a, struct audit_batch *b, struct audit_entry *en, size_t n);
int audit_batch_write(struct db *db, struct arena *a, const struct audit_entry *en, size_t n, struct err *e);
int audit_batch_end(struct db *db, struct arena *a, struct audit_batch *b, struct err *e);

/**
 * Check the whole chain: each entry's hash (SHA-256 before keyed_from, the
 * HMAC from there on), the numbering, the head and its MAC. Returns 0 when
 * intact (*n_checked entries), or ERR_INVALID with *bad_id the first entry
 * that does not verify (0 when the head itself is wrong) and a message id
 * in @e saying what is wrong. A keyed chain needs the key (ERR_NOTFOUND
 * naming "audit-key" without it); with the key set, a chain that is not
 * keyed is ERR_INVALID.
 */
int audit_verify(struct db *db, struct arena *a, int64_t *n_checked, int64_t *bad_id, struct err *e);

/**
 * The anchor of an intact chain: the newest entry's sequence number and
 * MAC (hex, in @a), to be kept outside the database. Verifies first (as
 * audit_verify()); ERR_NOTFOUND when the trail is empty.
 */
int audit_anchor(struct db *db, struct arena *a, int64_t *seq, const char **mac, struct err *e);

/**
 * Prove the chain still holds the anchor @seq:@mac: audit_verify(), then
 * entry @seq must exist with that MAC. ERR_INVALID when not (the message
 * says how); *n_checked as for audit_verify().
 */
int audit_verify_anchor(struct db *db, struct arena *a, int64_t seq, const char *mac, int64_t *n_checked,
			struct err *e);

/** How a record differs from its latest audit snapshot. */
enum audit_record_problem {
	ARP_CHANGED,    /* @field differs */
	ARP_UNRECORDED, /* in the table, but in no audit entry */
	ARP_MISSING,    /* in the trail, but not in the table */
	ARP_DELETED,    /* removed in the trail, but still in the table */
};

struct audit_record_finding {
	enum audit_record_problem problem;
	const char *entity; /* "asset", "role_assignment", ... */
	int64_t id;
	const char *field;    /* ARP_CHANGED: the snapshot's key ("name", "levels.integrity") */
	const char *in_table; /* ARP_CHANGED: the value in the table (NULL for null) */
	const char *in_trail; /* ARP_CHANGED: the value in the snapshot (NULL for null) */
};

/**
 * Compare the business tables (units, users, role assignments, API tokens,
 * assets, asset links, classifications, requirement fulfilments, actions,
 * requirements, classification models and questions) with the latest
 * audit snapshot of each record, folded from every entry that names it.
 * Only columns a snapshot holds and that change only through an audited
 * write are compared. *out gets the findings (at most 1000, in @a), *n
 * their number (all of them), *n_records the records checked. Read the
 * chain with audit_verify() first: the snapshots are only as good as it.
 */
int audit_verify_records(struct db *db, struct arena *a, struct audit_record_finding **out, size_t *n,
			 int64_t *n_records, struct err *e);

/** A filter that matches every entry. */
void audit_filter_init(struct audit_filter *f);

/**
 * Fill @f (after audit_filter_init()) from named arguments, so the trail's
 * page and the API share one vocabulary: entity, entity_id, actor (a user
 * name), actor_id, action, from and to (dates YYYY-MM-DD, both inclusive),
 * and the page's place: before and after (entry numbers; see
 * struct audit_filter). @get returns the value of an argument or NULL; an
 * empty value counts as absent. viewer_id and limit are not read. Strings
 * are borrowed from @get. ERR_INVALID naming the argument when an id is
 * not a positive whole number, a date is not a date, or "to" comes before
 * "from".
 */
int audit_filter_parse(struct audit_filter *f, const char *(*get)(void *ctx, const char *name), void *ctx,
		       struct err *e);

/** The argument names of the filters audit_filter_parse() reads, NULL-terminated (for building links). */
extern const char *const audit_filter_args[];

/** The trail is counted this far for a list; past it a list says "more than". */
#define AUDIT_COUNT_CAP 1000

/** The viewer id a list takes for @auth: 0 when it sees every entry (an installation-wide role, the system). */
int64_t audit_viewer(const struct auth *auth);

/** One page of the trail. */
struct audit_page {
	struct audit_entry *entries; /* newest first */
	size_t n;
	int64_t total;    /* entries matching the filters, counted no further than AUDIT_COUNT_CAP */
	bool total_exact; /* false: more than @total match */
	int64_t older;    /* the page after this one is "before=older"; 0 when no older entry matches */
	int64_t newer;    /* the page before this one is "after=newer"; 0 when no newer entry matches */
};

/**
 * One page of entries, newest first: the @f->limit newest older than
 * @f->before, or the @f->limit oldest newer than @f->after, with where the
 * pages beside it start and how many match (up to AUDIT_COUNT_CAP). Read a
 * page at a time from an index, whatever the length of the trail. A user
 * named by f->actor_name must exist (ERR_INVALID naming "actor"). Results
 * live in @a.
 */
int audit_list(struct db *db, struct arena *a, const struct audit_filter *f, struct audit_page *out, struct err *e);

/** One entry. ERR_NOTFOUND when absent. */
int audit_get(struct db *db, struct arena *a, int64_t id, struct audit_entry *out, struct err *e);

/**
 * The entry @id when @auth may read it: an auditor or administrator in the
 * scope of the entry's unit, or installation-wide when the entry names no
 * unit or its unit is gone. ERR_NOTFOUND otherwise, as if it did not exist.
 */
int audit_get_visible(struct db *db, struct arena *a, const struct auth *auth, int64_t id, struct audit_entry *out,
		      struct err *e);

/**
 * The hash an entry should have (hex, 64 chars): the HMAC under the key when
 * @keyed (the key must be set), else SHA-256. Result lives in @a.
 */
const char *audit_hash(struct arena *a, const struct audit_entry *en, bool keyed);

/**
 * The name of the record @en is about, as its snapshot gives it (the one
 * after, else the one before: "name", "title", "display_name", ...), in
 * @a; NULL when the snapshot names none.
 */
const char *audit_entry_name(struct arena *a, const struct audit_entry *en);

#endif
