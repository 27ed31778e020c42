/*
 * buf.c - a growable, always NUL-terminated byte buffer in an arena.
 *
 * Growth follows git's strbuf: the capacity at least doubles, so appending n
 * bytes one at a time costs O(n) copying in total. The old block cannot be
 * returned to the arena; since each block is at least twice its predecessor,
 * the abandoned blocks together are smaller than the final one.
 */
#include "core/buf.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"

#define BUF_MIN_CAP 64

void buf_init(struct buf *b, struct arena *a)
{
	b->arena = a;
	b->len = 0;
	b->cap = 0;
	b->data = arena_alloc(a, 1); /* zeroed: an empty string */
}

void buf_grow(struct buf *b, size_t extra)
{
	size_t want, cap;
	char *data;

	if (extra > SIZE_MAX - b->len - 1) {
		fprintf(stderr, "tillit: buffer size overflow\n");
		abort();
	}
	want = b->len + extra + 1; /* room for the NUL */
	if (want <= b->cap)
		return;
	cap = b->cap < BUF_MIN_CAP ? BUF_MIN_CAP : b->cap;
	while (cap < want)
		cap = cap > SIZE_MAX / 2 ? want : cap * 2;
	data = arena_alloc_raw(b->arena, cap); /* what is not copied here is written before it is read */
	memcpy(data, b->data, b->len + 1);
	b->data = data;
	b->cap = cap;
}

void buf_add(struct buf *b, const void *p, size_t len)
{
	if (len == 0)
		return;
	buf_grow(b, len);
	memcpy(b->data + b->len, p, len);
	b->len += len;
	b->data[b->len] = '\0';
}

void buf_adds(struct buf *b, const char *s)
{
	if (s)
		buf_add(b, s, strlen(s));
}

void buf_addch(struct buf *b, char c)
{
	buf_grow(b, 1);
	b->data[b->len++] = c;
	b->data[b->len] = '\0';
}

void buf_vaddf(struct buf *b, const char *fmt, va_list ap)
{
	va_list ap2;
	size_t avail;
	int n;

	if (b->cap == 0)
		buf_grow(b, BUF_MIN_CAP - 1);
	avail = b->cap - b->len;
	va_copy(ap2, ap);
	n = vsnprintf(b->data + b->len, avail, fmt, ap2);
	va_end(ap2);
	if (n < 0) {
		fprintf(stderr, "tillit: bad format string \"%s\"\n", fmt);
		abort();
	}
	if ((size_t)n >= avail) {
		buf_grow(b, (size_t)n);
		vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
	}
	b->len += (size_t)n;
	b->data[b->len] = '\0';
}

void buf_addf(struct buf *b, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	buf_vaddf(b, fmt, ap);
	va_end(ap);
}

void buf_reset(struct buf *b)
{
	b->len = 0;
	b->data[0] = '\0';
}
