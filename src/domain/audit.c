/*
 * audit.c - appending to and verifying the hash-chained audit trail.
 *
 * An entry's hash is SHA-256 over the previous entry's hash and each field
 * written as "<length>:<bytes>;", so no two different entries can produce
 * the same input. Ids are assigned here, one after another, so a removed
 * entry leaves a gap that audit_verify() names.
 */
#include "domain/audit.h"

#include <inttypes.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/err.h"
#include "core/timeutil.h"
#include "db/db.h"
#include "db/q_audit.h"
#include "domain/unit.h"

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

const char *audit_hash(struct arena *a, const struct audit_entry *en)
{
	struct buf b;
	unsigned char h[crypto_hash_sha256_BYTES];
	char *hex = arena_alloc(a, sizeof(h) * 2 + 1);

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
	crypto_hash_sha256(h, (const unsigned char *)b.data, b.len);
	sodium_bin2hex(hex, sizeof(h) * 2 + 1, h, sizeof(h));
	return hex;
}

int audit_append(struct db *db, struct arena *a, struct actor actor, const char *entity, int64_t entity_id,
		 int64_t unit_id, const char *action, const char *before, const char *after, struct err *e)
{
	struct db_rows head;
	struct audit_entry en = { 0 };
	char now[TIME_ISO_LEN];
	int rc;

	rc = db_run(db, a, &Q_AUDIT_HEAD_LOCK, NULL, 0, &head, e);
	if (rc)
		return rc;
	if (head.n_rows != 1)
		return err_set(e, ERR_DB, NULL, N_("The audit trail is not initialised."));

	time_now_iso(now);
	en.id = rows_int(&head, 0, 0) + 1;
	en.prev_hash = rows_text(&head, 0, 1);
	en.at = arena_strdup(a, now);
	en.actor_id = actor.id;
	en.actor_name = actor.name ? actor.name : "system";
	en.entity = entity;
	en.entity_id = entity_id;
	en.unit_id = unit_id;
	en.action = action;
	en.before = before;
	en.after = after;
	en.hash = audit_hash(a, &en);

	rc = db_run(db, a, &Q_AUDIT_INSERT,
		    DB_ARGS(DB_INT(en.id), DB_TEXT(en.at), DB_ID(en.actor_id), DB_TEXT(en.actor_name),
			    DB_TEXT(en.entity), DB_ID(en.entity_id), DB_ID(en.unit_id), DB_TEXT(en.action),
			    DB_TEXT(en.before), DB_TEXT(en.after), DB_TEXT(en.prev_hash), DB_TEXT(en.hash)),
		    NULL, e);
	if (rc)
		return rc;
	return db_run(db, a, &Q_AUDIT_HEAD_SET, DB_ARGS(DB_INT(en.id), DB_TEXT(en.hash)), NULL, e);
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
	struct db_rows head, rows;
	int64_t last_id = 0, expect_id = 1, n = 0;
	const char *prev = "0000000000000000000000000000000000000000000000000000000000000000";
	char prev_buf[65];
	int rc;

	*n_checked = 0;
	*bad_id = 0;
	rc = db_run(db, a, &Q_AUDIT_HEAD_GET, NULL, 0, &head, e);
	if (rc)
		return rc;
	if (head.n_rows != 1)
		return err_set(e, ERR_INVALID, NULL, N_("The audit trail head is missing."));

	for (;;) {
		struct arena *batch = arena_new();
		rc = db_run(db, batch, &Q_AUDIT_BATCH, DB_ARGS(DB_INT(last_id), DB_INT(1000)), &rows, e);
		if (rc) {
			arena_free(batch);
			return rc;
		}
		for (size_t i = 0; i < rows.n_rows; i++) {
			struct audit_entry en;
			entry_from_row(&rows, i, &en);
			if (en.id != expect_id) {
				*bad_id = expect_id;
				arena_free(batch);
				return err_set1(e, ERR_INVALID, NULL, N_("Audit entry %s is missing."),
						arena_printf(a, "%" PRId64, expect_id));
			}
			if (!en.prev_hash || strcmp(en.prev_hash, prev) != 0 ||
			    strcmp(audit_hash(batch, &en), en.hash ? en.hash : "") != 0) {
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
	if (rows_int(&head, 0, 0) != last_id || strcmp(rows_text(&head, 0, 1), prev) != 0) {
		*bad_id = last_id + 1;
		return err_set1(e, ERR_INVALID, NULL, N_("The audit trail ends early: entries after %s are missing."),
				arena_printf(a, "%" PRId64, last_id));
	}
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
	rc = out->unit_id ? unit_get(db, a, out->unit_id, &u, e) : ERR_NOTFOUND;
	if (rc && rc != ERR_NOTFOUND)
		return rc;
	err_clear(e);
	if (rc == 0)
		out->unit_name = u.name;
	allowed = rc == 0 ? authz_in_scope(auth, ACCESS_AUDIT, u.path) : authz_global(auth, ACCESS_AUDIT);
	return allowed ? 0 : err_set(e, ERR_NOTFOUND, "id", N_("No such audit entry."));
}
