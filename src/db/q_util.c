/*
 * q_util.c - helpers for building query arguments.
 */
#include "db/q_scope.h"

#include <string.h>

#include "core/arena.h"
#include "core/buf.h"

const char *db_like_contains(struct arena *a, const char *s)
{
	struct buf b;

	if (!s || !*s)
		return NULL;
	buf_init(&b, a);
	buf_addch(&b, '%');
	for (; *s; s++) {
		if (*s == '%' || *s == '_' || *s == '\\')
			buf_addch(&b, '\\');
		buf_addch(&b, *s);
	}
	buf_addch(&b, '%');
	return b.data;
}
