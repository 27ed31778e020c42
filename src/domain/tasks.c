/*
 * tasks.c - the registry of task sources and the merged, ordered list
 * (see tasks.h).
 */
#include "domain/tasks.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/buf.h"
#include "db/db.h"
#include "db/q_audit.h"
#include "domain/activity.h"
#include "domain/auth.h"
#include "domain/classify.h"
#include "domain/gdpr.h"
#include "domain/governing_document.h"
#include "domain/intcontrol.h"
#include "domain/requirement.h"
#include "domain/response.h"
#include "domain/role_suggestion.h"
#include "domain/training.h"
#include "domain/wheel.h"

/* One line per module that gives people things to do. */
const task_source_fn task_sources[] = {
	activity_tasks,
	wheel_tasks,
	gdpr_tasks,
	measure_tasks,                /* audit measures due and overdue */
	governing_document_tasks,     /* reviews due and overdue */
	governing_document_ack_tasks, /* documents to read and confirm */
	training_tasks,               /* mandatory courses missing or expired */
	intcontrol_tasks,             /* control points to report and deviations to remedy */
	role_suggestion_tasks,        /* roles suggested by an identity provider, for administrators */
	classify_tasks,               /* drafts to sign, classifications to make or review */
	requirement_tasks,            /* requirements to assess on one's own assets */
	NULL,
};

static int cmp(const void *x, const void *y)
{
	const struct task *a = x, *b = y;
	int c;

	if (a->overdue != b->overdue)
		return a->overdue ? -1 : 1;
	if (!a->due != !b->due)
		return a->due ? -1 : 1;
	if (a->due && (c = strcmp(a->due, b->due)))
		return c;
	return strcmp(a->title ? a->title : "", b->title ? b->title : "");
}

/*
 * A person's list is kept per data version (db_memo_get()): every source reads only what writes change, and
 * every write appends an audit entry. Packed as its count, then per task its id, overdue flag and group and
 * its six texts.
 */
#define TASK_TEXTS 6

static const char **task_text(struct task *t, size_t i)
{
	const char **texts[TASK_TEXTS] = { &t->kind, &t->title, &t->context, &t->status, &t->due, &t->href };
	return texts[i];
}

static void pack(struct buf *b, struct task *t, size_t n)
{
	buf_add(b, &n, sizeof(n));
	for (size_t i = 0; i < n; i++) {
		char flags[2] = { t[i].overdue ? 1 : 0, (char)t[i].group };
		buf_add(b, &t[i].id, sizeof(t[i].id));
		buf_add(b, flags, sizeof(flags));
		for (size_t k = 0; k < TASK_TEXTS; k++)
			db_memo_add_text(b, *task_text(&t[i], k));
	}
}

/* The tasks in @data (copied into @a by db_memo_get()), or false if it is not a list pack() made. */
static bool unpack(struct arena *a, const char *data, size_t len, struct task **out, size_t *n)
{
	size_t at = 0, count;
	struct task *t;

	if (!db_memo_take(data, len, &at, &count, sizeof(count)) || count > len)
		return false;
	t = arena_calloc(a, count ? count : 1, sizeof(*t));
	for (size_t i = 0; i < count; i++) {
		char flags[2];
		if (!db_memo_take(data, len, &at, &t[i].id, sizeof(t[i].id)) ||
		    !db_memo_take(data, len, &at, flags, sizeof(flags)))
			return false;
		t[i].overdue = flags[0] != 0;
		t[i].group = (enum task_group)flags[1];
		for (size_t k = 0; k < TASK_TEXTS; k++)
			if (!db_memo_take_text(data, len, &at, task_text(&t[i], k)))
				return false;
	}
	*out = t;
	*n = count;
	return at == len;
}

static int tasks_read(struct db *db, struct arena *a, const struct auth *auth, const char *today, size_t max,
		      struct task **out, size_t *n, struct err *e)
{
	size_t total = 0, cap = 0;
	struct task *all = NULL;

	for (const task_source_fn *src = task_sources; *src; src++) {
		struct task *some;
		size_t k;
		int rc = (*src)(db, a, auth, today, max, &some, &k, e);
		if (rc)
			return rc;
		ARENA_ROOM(a, all, total, k, cap, 16);
		if (k)
			memcpy(all + total, some, k * sizeof(*some));
		total += k;
	}
	if (!all)
		all = arena_calloc(a, 1, sizeof(*all));
	qsort(all, total, sizeof(*all), cmp);
	*out = all;
	*n = total < max ? total : max;
	return 0;
}

int tasks_of(struct db *db, struct arena *a, const struct auth *auth, const char *today, size_t max, struct task **out,
	     size_t *n, struct err *e)
{
	const char *key;
	int64_t version, after;
	void *data;
	size_t len;
	int rc;

	if ((rc = q_audit_version(db, a, &version, e)))
		return rc;
	key = arena_printf(a, "tasks %" PRId64 " %d %s %zu", auth->user_id, (int)auth->lang, today, max);
	if (db_memo_get(db, a, key, version, &data, &len) && unpack(a, data, len, out, n))
		return 0;
	if ((rc = tasks_read(db, a, auth, today, max, out, n, e)))
		return rc;
	/* A source may bring what it reads up to date (the requirements of a new classification): keep the list only
	 * if nothing was written meanwhile. */
	if ((rc = q_audit_version(db, a, &after, e)))
		return rc;
	if (after == version) {
		struct buf b;
		buf_init(&b, a);
		pack(&b, *out, *n);
		db_memo_put(db, key, version, b.data, b.len);
	}
	return 0;
}
