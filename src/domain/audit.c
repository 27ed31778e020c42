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
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/err.h"
#include "core/timeutil.h"
#include "db/db.h"
#include "db/q_audit.h"
#include "domain/unit.h"

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

static void field(struct buf *b, const char *s)
{
	if (!s) {
		buf_adds(b, "-;");
		return;
	}
	buf_addf(b, "%zu:", strlen(s));
	buf_adds(b, s);
	buf_addch(b, ';');
}

static void field_int(struct buf *b, int64_t v)
{
	char tmp[32];
	snprintf(tmp, sizeof(tmp), "%" PRId64, v);
	field(b, tmp);
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

static void state_from_row(const struct db_rows *r, struct audit_state *st)
{
	st->last_id = rows_int(r, 0, AHC_LAST_ID);
	st->last_hash = rows_text(r, 0, AHC_LAST_HASH);
	st->keyed_from = rows_int(r, 0, AHC_KEYED_FROM);
	st->head_mac = rows_text(r, 0, AHC_MAC);
}

int audit_state(struct db *db, struct arena *a, struct audit_state *out, struct err *e)
{
	struct db_rows head;
	int rc = db_run(db, a, &Q_AUDIT_HEAD_GET, NULL, 0, &head, e);
	if (rc)
		return rc;
	if (head.n_rows != 1)
		return err_set(e, ERR_INVALID, NULL, N_("The audit trail head is missing."));
	state_from_row(&head, out);
	return 0;
}

/* Does the head's MAC match what it says, under the key? */
static bool head_ok(struct arena *a, const struct audit_state *st)
{
	return st->keyed_from > 0 && same_hex(st->head_mac, head_mac(a, st->last_id, st->last_hash, st->keyed_from));
}

int audit_key_start(struct db *db, struct arena *a, bool fresh_key, struct err *e)
{
	struct db_rows head;
	struct audit_state st;
	int rc;

	if (!have_key)
		return err_set(e, ERR_INTERNAL, "audit-key", N_("The audit key is not loaded."));
	if ((rc = db_begin(db, e)))
		return rc;
	rc = db_run(db, a, &Q_AUDIT_HEAD_LOCK, NULL, 0, &head, e);
	if (!rc && head.n_rows != 1)
		rc = err_set(e, ERR_INVALID, NULL, N_("The audit trail head is missing."));
	if (rc)
		goto out;
	state_from_row(&head, &st);
	if (st.keyed_from > 0) {
		if (!head_ok(a, &st))
			rc = err_set(
				e, ERR_INVALID, "audit-key",
				N_("The audit key does not match the head of the audit trail: either it is not this installation's key, or the trail was changed. Run tillit audit verify."));
		goto out;
	}
	if (!fresh_key) {
		rc = err_set(
			e, ERR_INVALID, "audit-key",
			N_("The audit trail is not keyed although its key file exists: it may have been rewritten without the key. Run tillit audit verify."));
		goto out;
	}
	st.keyed_from = st.last_id + 1;
	rc = db_run(db, a, &Q_AUDIT_HEAD_KEY,
		    DB_ARGS(DB_INT(st.keyed_from), DB_TEXT(head_mac(a, st.last_id, st.last_hash, st.keyed_from))), NULL,
		    e);
	if (!rc)
		rc = db_commit(db, e);
out:
	db_rollback(db);
	return rc;
}

int audit_append(struct db *db, struct arena *a, struct actor actor, const char *entity, int64_t entity_id,
		 int64_t unit_id, const char *action, const char *before, const char *after, struct err *e)
{
	struct db_rows head;
	struct audit_state st;
	struct audit_entry en = { 0 };
	char now[TIME_ISO_LEN];
	int rc;

	if (!have_key)
		return err_set(e, ERR_INTERNAL, "audit-key", N_("The audit key is not loaded."));
	rc = db_run(db, a, &Q_AUDIT_HEAD_LOCK, NULL, 0, &head, e);
	if (rc)
		return rc;
	if (head.n_rows != 1)
		return err_set(e, ERR_DB, NULL, N_("The audit trail is not initialised."));
	state_from_row(&head, &st);
	/* Appending to a head that does not verify would make a cut tail look whole. */
	if (!head_ok(a, &st))
		return err_set(
			e, ERR_INTERNAL, NULL,
			N_("The head of the audit trail does not verify, so nothing is written until it has been checked (tillit audit verify)."));

	time_now_iso(now);
	en.id = st.last_id + 1;
	en.prev_hash = st.last_hash;
	en.at = arena_strdup(a, now);
	en.actor_id = actor.id;
	en.actor_name = actor.name ? actor.name : "system";
	en.entity = entity;
	en.entity_id = entity_id;
	en.unit_id = unit_id;
	en.action = action;
	en.before = before;
	en.after = after;
	en.hash = audit_hash(a, &en, true);

	rc = db_run(db, a, &Q_AUDIT_INSERT,
		    DB_ARGS(DB_INT(en.id), DB_TEXT(en.at), DB_ID(en.actor_id), DB_TEXT(en.actor_name),
			    DB_TEXT(en.entity), DB_ID(en.entity_id), DB_ID(en.unit_id), DB_TEXT(en.action),
			    DB_TEXT(en.before), DB_TEXT(en.after), DB_TEXT(en.prev_hash), DB_TEXT(en.hash)),
		    NULL, e);
	if (rc)
		return rc;
	return db_run(db, a, &Q_AUDIT_HEAD_SET,
		      DB_ARGS(DB_INT(en.id), DB_TEXT(en.hash), DB_TEXT(head_mac(a, en.id, en.hash, st.keyed_from))),
		      NULL, e);
}

static void entry_from_row(const struct db_rows *r, size_t i, struct audit_entry *en)
{
	en->id = rows_int(r, i, AC_ID);
	en->at = rows_text(r, i, AC_AT);
	en->actor_id = rows_int(r, i, AC_ACTOR_ID);
	en->actor_name = rows_text(r, i, AC_ACTOR_NAME);
	en->entity = rows_text(r, i, AC_ENTITY);
	en->entity_id = rows_int(r, i, AC_ENTITY_ID);
	en->unit_id = rows_int(r, i, AC_UNIT_ID);
	en->action = rows_text(r, i, AC_ACTION);
	en->before = rows_text(r, i, AC_BEFORE);
	en->after = rows_text(r, i, AC_AFTER);
	en->prev_hash = rows_text(r, i, AC_PREV);
	en->hash = rows_text(r, i, AC_HASH);
}

int audit_verify(struct db *db, struct arena *a, int64_t *n_checked, int64_t *bad_id, struct err *e)
{
	struct audit_state st;
	struct db_rows rows;
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
		rc = db_run(db, batch, &Q_AUDIT_BATCH, DB_ARGS(DB_INT(last_id), DB_INT(1000)), &rows, e);
		if (rc) {
			arena_free(batch);
			return rc;
		}
		for (size_t i = 0; i < rows.n_rows; i++) {
			struct audit_entry en;
			bool keyed;

			entry_from_row(&rows, i, &en);
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
		if (rows.n_rows < 1000)
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

int audit_list(struct db *db, struct arena *a, const struct audit_filter *f, struct audit_entry **out, size_t *n,
	       int64_t *total, struct err *e)
{
	struct db_rows rows, cnt;
	const char *to = f->to ? arena_printf(a, "%sT99", f->to) : NULL;
	int64_t limit = f->limit > 0 && f->limit <= 500 ? f->limit : 50;
	int rc;

	rc = db_run(db, a, &Q_AUDIT_COUNT,
		    DB_ARGS(DB_INT(f->viewer_id), DB_TEXT(f->entity), DB_INT(f->entity_id), DB_INT(f->actor_id),
			    DB_TEXT(f->action), DB_TEXT(f->from), DB_TEXT(to)),
		    &cnt, e);
	if (rc)
		return rc;
	*total = rows_int(&cnt, 0, 0);
	rc = db_run(db, a, &Q_AUDIT_LIST,
		    DB_ARGS(DB_INT(f->viewer_id), DB_TEXT(f->entity), DB_INT(f->entity_id), DB_INT(f->actor_id),
			    DB_TEXT(f->action), DB_TEXT(f->from), DB_TEXT(to), DB_INT(limit),
			    DB_INT(f->offset > 0 ? f->offset : 0)),
		    &rows, e);
	if (rc)
		return rc;
	*out = arena_calloc(a, rows.n_rows ? rows.n_rows : 1, sizeof(**out));
	for (size_t i = 0; i < rows.n_rows; i++)
		entry_from_row(&rows, i, &(*out)[i]);
	*n = rows.n_rows;
	return 0;
}

int audit_get(struct db *db, struct arena *a, int64_t id, struct audit_entry *out, struct err *e)
{
	struct db_rows rows;
	int rc = db_run(db, a, &Q_AUDIT_GET, DB_ARGS(DB_INT(id)), &rows, e);
	if (rc)
		return rc;
	if (rows.n_rows == 0)
		return err_set(e, ERR_NOTFOUND, "id", N_("No such audit entry."));
	entry_from_row(&rows, 0, out);
	return 0;
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
