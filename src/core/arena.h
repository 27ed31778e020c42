/*
 * arena.h - a per-request memory pool.
 *
 * Everything a request handler produces (parsed input, rows read from the
 * database, escaped strings, the response body) is allocated from one arena
 * that is destroyed when the request completes, so handlers, pages and domain
 * code never call free(). Allocation aborts the process when memory runs out
 * (as git, Redis and h2o do); callers never check for NULL.
 *
 * An arena is not thread-safe: it belongs to one request on one thread.
 */
#ifndef TILLIT_CORE_ARENA_H
#define TILLIT_CORE_ARENA_H

#include <stdarg.h>
#include <stddef.h>

struct arena;

/** Create an empty arena. Caller frees with arena_free(). Never returns NULL. */
struct arena *arena_new(void);

/** Free the arena and everything allocated from it. Accepts NULL. */
void arena_free(struct arena *a);

/**
 * Empty @a for reuse: run its deferred callbacks and forget everything
 * allocated from it, but keep its memory for the allocations that follow
 * (no fresh pages from the system). For a loop that builds and drops the
 * same amount of work again and again.
 */
void arena_reset(struct arena *a);

/** Allocate @n zeroed bytes aligned for any type. Result lives in @a. */
void *arena_alloc(struct arena *a, size_t n);

/**
 * As arena_alloc(), but the bytes are not zeroed: for memory about to be
 * written over whole (a growing buffer's copy, a string's), where zeroing
 * it first cost 3-5 % of a large import's CPU.
 */
void *arena_alloc_raw(struct arena *a, size_t n);

/** Allocate an array of @n elements of @size bytes, zeroed, overflow-checked. Result lives in @a. */
void *arena_calloc(struct arena *a, size_t n, size_t size);

/**
 * Room for @more items after the @n of @size bytes at @items, which has
 * room for *@cap: @items itself when there is, else a copy of its @n items
 * in a new array of twice the room (at least @first, at least @n + @more),
 * whose room goes into *@cap. The old array stays in @a. Use ARENA_ROOM().
 */
void *arena_room(struct arena *a, void *items, size_t n, size_t more, size_t *cap, size_t size, size_t first);

/** Make room in the array @items of @n items (room for @cap, an lvalue of type size_t) for @more more. */
#define ARENA_ROOM(a, items, n, more, cap, first) \
	((items) = arena_room((a), (items), (n), (more), &(cap), sizeof(*(items)), (first)))

/** Copy @n bytes of @p. Result lives in @a. */
void *arena_memdup(struct arena *a, const void *p, size_t n);

/** Copy a NUL-terminated string; NULL gives NULL. Result lives in @a. */
char *arena_strdup(struct arena *a, const char *s);

/** Copy @len bytes of @s and NUL-terminate. Result lives in @a. */
char *arena_strndup(struct arena *a, const char *s, size_t len);

/** printf into a new string. Result lives in @a. */
char *arena_printf(struct arena *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/** vprintf into a new string. Result lives in @a. */
char *arena_vprintf(struct arena *a, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));

/**
 * Run @fn(@p) when the arena is freed (in reverse order of registration).
 * Used to tie library objects (a jansson value) to a request's lifetime.
 */
void arena_defer(struct arena *a, void (*fn)(void *), void *p);

/** Bytes handed out so far (for tests and the memory benchmark). */
size_t arena_used(const struct arena *a);

#endif
