/*
 * strmap.h - a map from text keys to pointers, kept in an arena.
 *
 * Open addressing with linear probing, grown to twice the size when half
 * full, so a look-up costs one hash and a probe or two whatever the number
 * of keys. For the caches of a request or a command (an import's units,
 * users and names): nothing is ever removed, and everything is freed with
 * the arena. Keys are copied into the arena; values are the caller's.
 */
#ifndef TILLIT_CORE_STRMAP_H
#define TILLIT_CORE_STRMAP_H

#include <stdbool.h>
#include <stddef.h>

struct arena;

struct strmap {
	struct arena *a;
	const char **keys; /* NULL: an empty slot */
	void **vals;
	size_t n, cap;
};

/** An empty map whose keys and table live in @a. */
void strmap_init(struct strmap *m, struct arena *a);

/** The value stored for @key, or NULL when there is none. */
void *strmap_get(const struct strmap *m, const char *key);

/** Is @key in the map (even with a NULL value)? */
bool strmap_has(const struct strmap *m, const char *key);

/** Store @val for @key, replacing any value it had. */
void strmap_put(struct strmap *m, const char *key, void *val);

#endif
