/*
 * buf.h - a growable byte buffer allocated from an arena (git's strbuf rules).
 *
 * The data is always NUL-terminated, so buf_cstr() can be handed to any C
 * string function. Growth allocates a larger block from the arena; the old
 * block stays in the arena until it is freed, which is bounded by a factor
 * of two of the final size.
 */
#ifndef TILLIT_CORE_BUF_H
#define TILLIT_CORE_BUF_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

struct arena;

struct buf {
	struct arena *arena;
	char *data; /* NUL-terminated, never NULL after buf_init */
	size_t len;
	size_t cap;
};

/** Prepare an empty buffer whose storage comes from @a. */
void buf_init(struct buf *b, struct arena *a);

/** Make room for @extra more bytes. */
void buf_grow(struct buf *b, size_t extra);

/** Append @len bytes. */
void buf_add(struct buf *b, const void *p, size_t len);

/** Append a NUL-terminated string; NULL appends nothing. */
void buf_adds(struct buf *b, const char *s);

/** Append one byte. */
void buf_addch(struct buf *b, char c);

/** Append formatted text. */
void buf_addf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/** Append formatted text from a va_list. */
void buf_vaddf(struct buf *b, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));

/** Empty the buffer, keeping its storage. */
void buf_reset(struct buf *b);

/** Borrowed; valid until the next change of @b or the arena is freed. */
static inline const char *buf_cstr(const struct buf *b)
{
	return b->data;
}

#endif
