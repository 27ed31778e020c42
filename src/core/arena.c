/*
 * arena.c - a chunked bump allocator, one per request.
 *
 * Memory comes from a list of malloc'ed chunks. The first chunk holds 8 KiB,
 * and each new chunk doubles the size of the previous one up to 1 MiB, so a
 * request that builds a large page needs only a few malloc calls. A request
 * bigger than a quarter of the next chunk gets a chunk of its own, which is
 * linked behind the current one so the remaining space of the current chunk
 * is not wasted. Every allocation is 16-byte aligned and zeroed. Deferred
 * callbacks (arena_defer) are kept in a list allocated from the arena itself
 * and run newest first when the arena is freed. Running out of memory aborts.
 *
 * arena_reset() empties an arena but keeps its chunks for what comes next:
 * memory freed and taken again would otherwise come back from the system
 * as fresh pages that the kernel zeroes, which cost a 100,000-row import a
 * tenth of its time when each of its transactions had an arena of its own.
 */
#include "core/arena.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ARENA_ALIGN       16
#define ARENA_FIRST_CHUNK ((size_t)8 * 1024)
#define ARENA_MAX_CHUNK   ((size_t)1024 * 1024)

struct chunk {
	struct chunk *next;
	size_t size; /* usable bytes after the header */
	size_t used;
	_Alignas(ARENA_ALIGN) unsigned char data[];
};

struct deferred {
	struct deferred *next;
	void (*fn)(void *);
	void *p;
};

struct arena {
	struct chunk *head;  /* current chunk; allocations bump here */
	struct chunk *spare; /* chunks kept by arena_reset(), taken again before any new one */
	size_t next_size;    /* size of the next regular chunk */
	size_t used;         /* bytes handed out */
	struct deferred *deferred;
};

static _Noreturn void arena_oom(size_t n)
{
	fprintf(stderr, "tillit: out of memory allocating %zu bytes\n", n);
	abort();
}

/*
 * The smallest kept chunk of @a with room for @need bytes and at most
 * @most, taken off the spare list; NULL if none. So a reset arena given
 * the same work again takes the same chunks for it.
 */
static struct chunk *chunk_spare(struct arena *a, size_t need, size_t most)
{
	struct chunk **best = NULL, *c;

	for (struct chunk **p = &a->spare; *p; p = &(*p)->next)
		if ((*p)->size >= need && (*p)->size <= most && (!best || (*p)->size < (*best)->size))
			best = p;
	if (!best)
		return NULL;
	c = *best;
	*best = c->next;
	c->next = NULL;
	c->used = 0;
	return c;
}

static struct chunk *chunk_new(size_t size)
{
	struct chunk *c;

	if (size > SIZE_MAX - sizeof(*c))
		arena_oom(size);
	c = malloc(sizeof(*c) + size);
	if (!c)
		arena_oom(size);
	c->next = NULL;
	c->size = size;
	c->used = 0;
	return c;
}

struct arena *arena_new(void)
{
	struct arena *a = calloc(1, sizeof(*a));

	if (!a)
		arena_oom(sizeof(*a));
	a->next_size = ARENA_FIRST_CHUNK;
	return a;
}

static void run_deferred(struct arena *a)
{
	for (struct deferred *d = a->deferred; d; d = d->next)
		d->fn(d->p);
	a->deferred = NULL;
}

static void chunks_free(struct chunk *c)
{
	while (c) {
		struct chunk *next = c->next;

		free(c);
		c = next;
	}
}

void arena_free(struct arena *a)
{
	if (!a)
		return;
	/* Callbacks first: they may still read memory of the arena. */
	run_deferred(a);
	chunks_free(a->head);
	chunks_free(a->spare);
	free(a);
}

void arena_reset(struct arena *a)
{
	struct chunk *c = a->head;

	run_deferred(a);
	while (c) {
		struct chunk *next = c->next;

		c->next = a->spare;
		a->spare = c;
		c = next;
	}
	a->head = NULL;
	a->used = 0;
	a->next_size = ARENA_FIRST_CHUNK; /* the same work takes the same chunks again */
}

/* @n bytes of @a, aligned for any type; zeroed when @zero. */
static void *take(struct arena *a, size_t n, bool zero)
{
	struct chunk *c = a->head;
	size_t need;
	void *p;

	if (n == 0)
		n = 1;
	if (n > SIZE_MAX - ARENA_ALIGN)
		arena_oom(n);
	need = (n + ARENA_ALIGN - 1) & ~(size_t)(ARENA_ALIGN - 1);

	if (!c || c->size - c->used < need) {
		if (need > a->next_size / 4 && c) {
			/* A big request gets its own chunk behind the current one. */
			struct chunk *big = chunk_spare(a, need, need / 2 * 3); /* not much room lost behind it */

			if (!big)
				big = chunk_new(need);
			big->next = c->next;
			c->next = big;
			big->used = need;
			a->used += n;
			if (zero)
				memset(big->data, 0, need);
			return big->data;
		}
		size_t size = a->next_size;

		while (size < need)
			size = size > SIZE_MAX / 2 ? need : size * 2;
		c = chunk_spare(a, size, SIZE_MAX);
		if (!c)
			c = chunk_new(size);
		c->next = a->head;
		a->head = c;
		if (a->next_size < ARENA_MAX_CHUNK)
			a->next_size *= 2;
	}
	p = c->data + c->used;
	c->used += need;
	a->used += n;
	if (zero)
		memset(p, 0, need);
	return p;
}

void *arena_alloc(struct arena *a, size_t n)
{
	return take(a, n, true);
}

void *arena_alloc_raw(struct arena *a, size_t n)
{
	return take(a, n, false);
}

void *arena_calloc(struct arena *a, size_t n, size_t size)
{
	if (size && n > SIZE_MAX / size)
		arena_oom(SIZE_MAX);
	return arena_alloc(a, n * size);
}

void *arena_room(struct arena *a, void *items, size_t n, size_t more, size_t *cap, size_t size, size_t first)
{
	size_t want = n + more, room = *cap ? *cap * 2 : first;
	char *grown;

	if (want < n)
		arena_oom(SIZE_MAX);
	if (want <= *cap)
		return items;
	if (room < want)
		room = want;
	grown = arena_calloc(a, room, size);
	if (n)
		memcpy(grown, items, n * size);
	*cap = room;
	return grown;
}

void *arena_memdup(struct arena *a, const void *p, size_t n)
{
	void *q = arena_alloc(a, n);

	if (n)
		memcpy(q, p, n);
	return q;
}

char *arena_strdup(struct arena *a, const char *s)
{
	if (!s)
		return NULL;
	return arena_strndup(a, s, strlen(s));
}

char *arena_strndup(struct arena *a, const char *s, size_t len)
{
	char *q;

	if (len == SIZE_MAX)
		arena_oom(len);
	q = arena_alloc_raw(a, len + 1);
	if (len)
		memcpy(q, s, len);
	q[len] = '\0';
	return q;
}

char *arena_vprintf(struct arena *a, const char *fmt, va_list ap)
{
	va_list ap2;
	char *s;
	int n;

	va_copy(ap2, ap);
	n = vsnprintf(NULL, 0, fmt, ap2);
	va_end(ap2);
	if (n < 0) {
		fprintf(stderr, "tillit: bad format string \"%s\"\n", fmt);
		abort();
	}
	s = arena_alloc(a, (size_t)n + 1);
	vsnprintf(s, (size_t)n + 1, fmt, ap);
	return s;
}

char *arena_printf(struct arena *a, const char *fmt, ...)
{
	va_list ap;
	char *s;

	va_start(ap, fmt);
	s = arena_vprintf(a, fmt, ap);
	va_end(ap);
	return s;
}

void arena_defer(struct arena *a, void (*fn)(void *), void *p)
{
	struct deferred *d = arena_alloc(a, sizeof(*d));

	d->fn = fn;
	d->p = p;
	d->next = a->deferred;
	a->deferred = d;
}

size_t arena_used(const struct arena *a)
{
	return a->used;
}
