/*
 * audit.c - appending to and verifying the keyed, hash-chained audit trail.
 *
 * An entry's hash is computed over the previous entry's hash and each field
 * written as "<length>:<bytes>;", so no two different entries can produce
 * the same input: SHA-256 of it for entries before audit_head.keyed_from,
 * HMAC-SHA-256 under the audit key from there on. The head's MAC is the
 * HMAC of "tillit-audit-head;" and the head's fields in the same form, so it
 * can never equal an entry's. Ids are assigned here, one after another, so
 * a removed entry leaves a gap that audit_verify() names.
 *
 * The key is process-wide, set once at start (audit_set_key()) before any
 * thread appends, and never written anywhere by this file.
 */
#include "domain/audit.h"

#include <inttypes.h>
#include <jansson.h>
#include <sodium.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/err.h"
#include "core/str.h"
#include "core/timeutil.h"
#include "db/db.h"
#include "db/q_audit.h"
#include "db/q_user.h"
#include "domain/unit.h"
#include "domain/validate.h"

#define ZERO_HASH "0000000000000000000000000000000000000000000000000000000000000000"

static unsigned char audit_key[AUDIT_KEY_BYTES];
static bool have_key;

void audit_set_key(const unsigned char *key)
{
	if (key)
		memcpy(audit_key, key, sizeof(audit_key));
	else
		sodium_memzero(audit_key, sizeof(audit_key));
	have_key = key != NULL;
}

bool audit_has_key(void)
{
	return have_key;
}

bool audit_derive_key(uint64_t id, const char context[8], unsigned char out[AUDIT_KEY_BYTES])
{
	if (!have_key)
		return false;
	return crypto_kdf_derive_from_key(out, AUDIT_KEY_BYTES, id, context, audit_key) == 0;
}

/* @v in decimal at the end of @buf (at least 21 bytes); returns where it starts. */
static char *decimal(char *buf, size_t size, uint64_t v, bool negative)
{
	char *p = buf + size;
	do
		*--p = (char)('0' + v % 10);
	while (v /= 10);
	if (negative)
		*--p = '-';
	return p;
}

/* "<length>:<bytes>;", or "-;" for NULL (written without printf: an import hashes a hundred thousand entries). */
static void field_n(struct buf *b, const char *s, size_t len)
{
	char tmp[24], *n;

	if (!s) {
		buf_add(b, "-;", 2);
		return;
	}
	n = decimal(tmp, sizeof(tmp), len, false);
	buf_add(b, n, (size_t)(tmp + sizeof(tmp) - n));
	buf_addch(b, ':');
	buf_add(b, s, len);
	buf_addch(b, ';');
}

static void field(struct buf *b, const char *s)
{
	field_n(b, s, s ? strlen(s) : 0);
}

static void field_int(struct buf *b, int64_t v)
{
	char tmp[24], *n = decimal(tmp, sizeof(tmp), v < 0 ? 0 - (uint64_t)v : (uint64_t)v, v < 0);
	field_n(b, n, (size_t)(tmp + sizeof(tmp) - n));
}

/* SHA-256, or the HMAC under the key when @keyed, of @b as hex in @a. */
static const char *digest(struct arena *a, const struct buf *b, bool keyed)
{
	unsigned char h[crypto_hash_sha256_BYTES];
	char *hex = arena_alloc(a, sizeof(h) * 2 + 1);

	if (keyed)
		crypto_auth_hmacsha256(h, (const unsigned char *)b->data, b->len, audit_key);
	else
		crypto_hash_sha256(h, (const unsigned char *)b->data, b->len);
	sodium_bin2hex(hex, sizeof(h) * 2 + 1, h, sizeof(h));
	return hex;
}

const char *audit_hash(struct arena *a, const struct audit_entry *en, bool keyed)
{
	struct buf b;

	buf_init(&b, a);
	field(&b, en->prev_hash);
	field_int(&b, en->id);
	field(&b, en->at);
	field_int(&b, en->actor_id);
	field(&b, en->actor_name);
	field(&b, en->entity);
	field_int(&b, en->entity_id);
	field_int(&b, en->unit_id);
	field(&b, en->action);
	field(&b, en->before);
	field(&b, en->after);
	return digest(a, &b, keyed);
}

/* The head's MAC over what it says. */
static const char *head_mac(struct arena *a, int64_t last_id, const char *last_hash, int64_t keyed_from)
{
	struct buf b;

	buf_init(&b, a);
	buf_adds(&b, "tillit-audit-head;");
	field_int(&b, last_id);
	field(&b, last_hash);
	field_int(&b, keyed_from);
	return digest(a, &b, true);
}

/* Same hex digest? (Case-insensitive, so an anchor copied in capitals still matches.) */
static bool same_hex(const char *x, const char *y)
{
	return x && y && strlen(x) == 64 && strlen(y) == 64 && !strncasecmp(x, y, 64);
}

int audit_state(struct db *db, struct arena *a, struct audit_state *out, struct err *e)
{
	int rc = q_audit_head(db, a, out, e);
	return rc == ERR_NOTFOUND ? err_set(e, ERR_INVALID, NULL, N_("The audit trail head is missing.")) : rc;
}

/* Does the head's MAC match what it says, under the key? */
static bool head_ok(struct arena *a, const struct audit_state *st)
{
	return st->keyed_from > 0 && same_hex(st->head_mac, head_mac(a, st->last_id, st->last_hash, st->keyed_from));
}

static int key_start_in_tx(struct db *db, struct arena *a, bool fresh_key, struct err *e)
{
	struct audit_state st;
	int rc = q_audit_head_lock(db, a, &st, e);

	if (rc == ERR_NOTFOUND)
		return err_set(e, ERR_INVALID, NULL, N_("The audit trail head is missing."));
	if (rc)
		return rc;
	if (st.keyed_from > 0) {
		if (!head_ok(a, &st))
			return err_set(
				e, ERR_INVALID, "audit-key",
				N_("The audit key does not match the head of the audit trail: either it is not this installation's key, or the trail was changed. Run tillit audit verify."));
		return 0;
	}
	if (!fresh_key)
		return err_set(
			e, ERR_INVALID, "audit-key",
			N_("The audit trail is not keyed although its key file exists: it may have been rewritten without the key. Run tillit audit verify."));
	st.keyed_from = st.last_id + 1;
	return q_audit_head_key(db, a, st.keyed_from, head_mac(a, st.last_id, st.last_hash, st.keyed_from), e);
}

int audit_key_start(struct db *db, struct arena *a, bool fresh_key, struct err *e)
{
	int rc;

	if (!have_key)
		return err_set(e, ERR_INTERNAL, "audit-key", N_("The audit key is not loaded."));
	if ((rc = db_begin(db, e)))
		return rc;
	return db_end(db, key_start_in_tx(db, a, fresh_key, e), e);
}

int audit_batch_begin(struct db *db, struct arena *a, struct audit_batch *b, struct err *e)
{
	int rc;

	memset(b, 0, sizeof(*b));
	if (!have_key)
		return err_set(e, ERR_INTERNAL, "audit-key", N_("The audit key is not loaded."));
	rc = q_audit_head_lock(db, a, &b->st, e);
	if (rc == ERR_NOTFOUND)
		return err_set(e, ERR_DB, NULL, N_("The audit trail is not initialised."));
	if (rc)
		return rc;
	/* Appending to a head that does not verify would make a cut tail look whole. */
	if (!head_ok(a, &b->st))
		return err_set(
			e, ERR_INTERNAL, NULL,
			N_("The head of the audit trail does not verify, so nothing is written until it has been checked (tillit audit verify)."));
	b->last_hash = arena_strdup(a, b->st.last_hash);
	if (b->st.last_at)
		snprintf(b->at_buf, sizeof(b->at_buf), "%s", b->st.last_at);
	return 0;
}

void audit_batch_chain(struct arena *a, struct audit_batch *b, struct audit_entry *en, size_t n)
{
	char now[TIME_ISO_LEN];

	if (!n)
		return;
	time_now_iso(now);
	/* Time never goes back along the trail (a clock set back waits for the newest entry's time), so a
	 * stretch of time is a stretch of entries. */
	if (strcmp(b->at_buf, now) < 0)
		snprintf(b->at_buf, sizeof(b->at_buf), "%s", now);
	for (size_t i = 0; i < n; i++) {
		en[i].id = b->st.last_id + 1 + (int64_t)i;
		/* The first one's copied: @b's hash_buf moves on to this chunk's last before it is written. */
		en[i].prev_hash = i ? en[i - 1].hash : arena_strdup(a, b->last_hash);
		en[i].at = b->at_buf;
		if (!en[i].actor_name)
			en[i].actor_name = "system";
		en[i].hash = audit_hash(a, &en[i], true);
	}
	b->st.last_id += (int64_t)n;
	/* The next entry chains to the last one; keep its hash where it outlives @a (a scratch arena). */
	memcpy(b->hash_buf, en[n - 1].hash, sizeof(b->hash_buf) - 1);
	b->hash_buf[sizeof(b->hash_buf) - 1] = 0;
	b->last_hash = b->hash_buf;
	b->n += n;
}

int audit_batch_write(struct db *db, struct arena *a, const struct audit_entry *en, size_t n, struct err *e)
{
	return n ? q_audit_insert_many(db, a, en, n, e) : 0;
}

int audit_batch_add_many(struct db *db, struct arena *a, struct audit_batch *b, struct audit_entry *en, size_t n,
			 struct err *e)
{
	audit_batch_chain(a, b, en, n);
	return audit_batch_write(db, a, en, n, e);
}

int audit_batch_add(struct db *db, struct arena *a, struct audit_batch *b, struct actor actor, const char *entity,
		    int64_t entity_id, int64_t unit_id, const char *action, const char *before, const char *after,
		    struct err *e)
{
	struct audit_entry en = { 0 };

	en.actor_id = actor.id;
	en.actor_name = actor.name;
	en.entity = entity;
	en.entity_id = entity_id;
	en.unit_id = unit_id;
	en.action = action;
	en.before = before;
	en.after = after;
	return audit_batch_add_many(db, a, b, &en, 1, e);
}

int audit_batch_end(struct db *db, struct arena *a, struct audit_batch *b, struct err *e)
{
	if (!b->n)
		return 0;
	return q_audit_head_set(db, a, b->st.last_id, b->last_hash, b->at_buf,
				head_mac(a, b->st.last_id, b->last_hash, b->st.keyed_from), e);
}

int audit_append(struct db *db, struct arena *a, struct actor actor, const char *entity, int64_t entity_id,
		 int64_t unit_id, const char *action, const char *before, const char *after, struct err *e)
{
	struct audit_batch b;
	int rc;

	if ((rc = audit_batch_begin(db, a, &b, e)) ||
	    (rc = audit_batch_add(db, a, &b, actor, entity, entity_id, unit_id, action, before, after, e)))
		return rc;
	return audit_batch_end(db, a, &b, e);
}

int audit_verify(struct db *db, struct arena *a, int64_t *n_checked, int64_t *bad_id, struct err *e)
{
	struct audit_state st;
	struct audit_entry *batch_entries;
	size_t n_batch = 0;
	int64_t last_id = 0, expect_id = 1, n = 0;
	const char *prev = ZERO_HASH;
	char prev_buf[65];
	int rc;

	*n_checked = 0;
	*bad_id = 0;
	if ((rc = audit_state(db, a, &st, e)))
		return rc;
	if (st.keyed_from > 0 && !have_key)
		return err_set1(e, ERR_NOTFOUND, "audit-key",
				N_("The audit trail is keyed from entry %s on: its key file is needed to check it."),
				arena_printf(a, "%" PRId64, st.keyed_from));
	if (st.keyed_from == 0 && have_key && st.last_id > 0)
		return err_set(
			e, ERR_INVALID, NULL,
			N_("The audit trail is not keyed although this installation has an audit key: it may have been rewritten without the key."));

	for (;;) {
		struct arena *batch = arena_new();
		rc = q_audit_batch(db, batch, last_id, 1000, &batch_entries, &n_batch, e);
		if (rc) {
			arena_free(batch);
			return rc;
		}
		for (size_t i = 0; i < n_batch; i++) {
			const struct audit_entry en = batch_entries[i];
			bool keyed;

			keyed = st.keyed_from > 0 && en.id >= st.keyed_from;
			if (en.id != expect_id) {
				*bad_id = expect_id;
				arena_free(batch);
				return err_set1(e, ERR_INVALID, NULL, N_("Audit entry %s is missing."),
						arena_printf(a, "%" PRId64, expect_id));
			}
			if (!en.prev_hash || strcmp(en.prev_hash, prev) != 0 ||
			    !same_hex(audit_hash(batch, &en, keyed), en.hash)) {
				*bad_id = en.id;
				arena_free(batch);
				return err_set1(e, ERR_INVALID, NULL, N_("Audit entry %s has been altered."),
						arena_printf(a, "%" PRId64, en.id));
			}
			snprintf(prev_buf, sizeof(prev_buf), "%s", en.hash);
			prev = prev_buf;
			last_id = en.id;
			expect_id++;
			n++;
		}
		arena_free(batch);
		if (n_batch < 1000)
			break;
	}
	*n_checked = n;
	if (st.last_id != last_id || !st.last_hash || strcmp(st.last_hash, prev) != 0) {
		*bad_id = last_id + 1;
		return err_set1(e, ERR_INVALID, NULL, N_("The audit trail ends early: entries after %s are missing."),
				arena_printf(a, "%" PRId64, last_id));
	}
	if (st.keyed_from > 0 && (st.keyed_from > st.last_id + 1 || !head_ok(a, &st))) {
		*bad_id = 0;
		return err_set(
			e, ERR_INVALID, NULL,
			N_("The head of the audit trail does not match its key: entries at the end may have been removed."));
	}
	return 0;
}

int audit_anchor(struct db *db, struct arena *a, int64_t *seq, const char **mac, struct err *e)
{
	struct audit_state st;
	int64_t n, bad;
	int rc;

	if ((rc = audit_verify(db, a, &n, &bad, e)) || (rc = audit_state(db, a, &st, e)))
		return rc;
	if (st.last_id == 0)
		return err_set(e, ERR_NOTFOUND, NULL, N_("The audit trail is empty: there is nothing to anchor yet."));
	*seq = st.last_id;
	*mac = st.last_hash;
	return 0;
}

int audit_verify_anchor(struct db *db, struct arena *a, int64_t seq, const char *mac, int64_t *n_checked, struct err *e)
{
	struct audit_entry en;
	int64_t bad;
	int rc;

	if ((rc = audit_verify(db, a, n_checked, &bad, e)))
		return rc;
	rc = audit_get(db, a, seq, &en, e);
	if (rc == ERR_NOTFOUND)
		return err_set1(e, ERR_INVALID, "anchor",
				N_("The audit trail no longer holds the anchored entry %s: it has been cut."),
				arena_printf(a, "%" PRId64, seq));
	if (rc)
		return rc;
	if (!same_hex(en.hash, mac))
		return err_set1(e, ERR_INVALID, "anchor",
				N_("Audit entry %s is not the one anchored: the trail has been rewritten."),
				arena_printf(a, "%" PRId64, seq));
	return 0;
}

void audit_filter_init(struct audit_filter *f)
{
	*f = (struct audit_filter){ 0 };
}

const char *const audit_filter_args[] = { "entity", "entity_id", "actor", "actor_id", "action", "from", "to", NULL };

int audit_filter_parse(struct audit_filter *f, const char *(*get)(void *ctx, const char *name), void *ctx,
		       struct err *e)
{
	int rc;

	f->entity = filter_arg(get, ctx, "entity");
	f->action = filter_arg(get, ctx, "action");
	f->actor_name = filter_arg(get, ctx, "actor");
	if ((rc = filter_id(get, ctx, "entity_id", &f->entity_id, e)) ||
	    (rc = filter_id(get, ctx, "actor_id", &f->actor_id, e)) ||
	    (rc = filter_date(get, ctx, "from", &f->from, e)) || (rc = filter_date(get, ctx, "to", &f->to, e)) ||
	    (rc = filter_id(get, ctx, "before", &f->before, e)) || (rc = filter_id(get, ctx, "after", &f->after, e)))
		return rc;
	if (f->from && f->to && strcmp(f->from, f->to) > 0)
		return err_set(e, ERR_INVALID, "to", N_("The end date is before the start date."));
	return 0;
}

int64_t audit_viewer(const struct auth *auth)
{
	return !auth || auth->system || authz_global(auth, ACCESS_AUDIT) ? 0 : auth->user_id;
}

/* Is there an entry @f matches within @ids? */
static int any_within(struct db *db, struct arena *a, const struct audit_filter *f, const char *from, const char *to,
		      const struct audit_ids *ids, bool *found, struct err *e)
{
	struct audit_entry *one;
	size_t n;
	int rc = q_audit_list(db, a, f, from, to, ids, 1, false, &one, &n, e);
	*found = n > 0;
	return rc;
}

int audit_list(struct db *db, struct arena *a, const struct audit_filter *raw, struct audit_page *out, struct err *e)
{
	struct audit_filter f = *raw;
	struct audit_ids span, ids;
	const char *to = f.to ? arena_printf(a, "%sT99", f.to) : NULL;
	int64_t limit = f.limit >= 1 && f.limit <= 500 ? f.limit : 50, count;
	bool more, found;
	int rc;

	memset(out, 0, sizeof(*out));
	out->total_exact = true;
	if (f.actor_name) {
		struct user u;
		rc = q_user_by_name(db, a, f.actor_name, &u, e);
		if (rc == ERR_NOTFOUND)
			return err_set(e, ERR_INVALID, "actor", N_("No user has that user name."));
		if (rc)
			return rc;
		f.actor_id = u.id;
	}
	if ((rc = q_audit_span(db, a, f.from, to, &span, e)))
		return rc;
	ids = span;
	if (f.after) {
		/* The oldest entries newer than @after, shown newest first. */
		if (f.after >= ids.lo)
			ids.lo = f.after < INT64_MAX ? f.after + 1 : INT64_MAX;
		if ((rc = q_audit_list(db, a, &f, f.from, to, &ids, limit + 1, true, &out->entries, &out->n, e)))
			return rc;
		more = out->n > (size_t)limit;
		if (more)
			out->n = (size_t)limit;
		for (size_t i = 0, j = out->n ? out->n - 1 : 0; i < j; i++, j--) {
			struct audit_entry t = out->entries[i];
			out->entries[i] = out->entries[j];
			out->entries[j] = t;
		}
		if (more)
			out->newer = out->entries[0].id;
	} else {
		if (f.before && f.before - 1 < ids.hi)
			ids.hi = f.before - 1;
		if ((rc = q_audit_list(db, a, &f, f.from, to, &ids, limit + 1, false, &out->entries, &out->n, e)))
			return rc;
		more = out->n > (size_t)limit;
		if (more) {
			out->n = (size_t)limit;
			out->older = out->entries[out->n - 1].id;
		}
	}
	/* Whether the other side holds entries too: one probe of the same index. */
	if (out->n && (f.after ? !out->older : f.before && !out->newer)) {
		ids = span;
		if (f.after) {
			ids.hi = out->entries[out->n - 1].id - 1;
			rc = any_within(db, a, &f, f.from, to, &ids, &found, e);
			out->older = found ? out->entries[out->n - 1].id : 0;
		} else {
			ids.lo = out->entries[0].id + 1;
			rc = any_within(db, a, &f, f.from, to, &ids, &found, e);
			out->newer = found ? out->entries[0].id : 0;
		}
		if (rc)
			return rc;
	}
	if ((rc = q_audit_count(db, a, &f, f.from, to, &span, AUDIT_COUNT_CAP + 1, &count, e)))
		return rc;
	out->total_exact = count <= AUDIT_COUNT_CAP;
	out->total = out->total_exact ? count : AUDIT_COUNT_CAP;
	return 0;
}

int audit_get(struct db *db, struct arena *a, int64_t id, struct audit_entry *out, struct err *e)
{
	int rc = q_audit_get(db, a, id, out, e);
	return rc == ERR_NOTFOUND ? err_set(e, ERR_NOTFOUND, "id", N_("No such audit entry.")) : rc;
}

int audit_get_visible(struct db *db, struct arena *a, const struct auth *auth, int64_t id, struct audit_entry *out,
		      struct err *e)
{
	struct unit u;
	bool allowed;
	int rc = audit_get(db, a, id, out, e);

	if (rc)
		return rc;
	out->unit_name = NULL;
	rc = out->unit_id ? unit_get(db, a, out->unit_id, &u, e) : ERR_NOTFOUND;
	if (rc && rc != ERR_NOTFOUND)
		return rc;
	err_clear(e);
	if (rc == 0)
		out->unit_name = u.name;
	allowed = rc == 0 ? authz_in_scope(auth, ACCESS_AUDIT, u.path) : authz_global(auth, ACCESS_AUDIT);
	return allowed ? 0 : err_set(e, ERR_NOTFOUND, "id", N_("No such audit entry."));
}

const char *audit_entry_name(struct arena *a, const struct audit_entry *en)
{
	static const char *const keys[] = { "name", "title", "display_name", "username", "label", "text" };
	const char *src = en->after && *en->after ? en->after : en->before;
	const char *name = NULL;
	json_t *root;

	if (!src || !*src || !(root = json_loads(src, JSON_REJECT_DUPLICATES, NULL)))
		return NULL;
	for (size_t i = 0; !name && json_is_object(root) && i < sizeof(keys) / sizeof(keys[0]); i++) {
		const char *v = json_string_value(json_object_get(root, keys[i]));
		if (v && *v)
			name = arena_strdup(a, v);
	}
	json_decref(root);
	return name;
}
