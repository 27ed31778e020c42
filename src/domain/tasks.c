/*
 * tasks.c - the registry of task sources and the merged, ordered list
 * (see tasks.h).
 */
#include "domain/tasks.h"

#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "domain/activity.h"
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

int tasks_of(struct db *db, struct arena *a, const struct auth *auth, const char *today, size_t max, struct task **out,
	     size_t *n, struct err *e)
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
