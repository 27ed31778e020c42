/*
 * strmap.c - a map from text keys to pointers in an arena (see strmap.h).
 * The hash is 64-bit FNV-1a; the table's size is a power of two.
 */
#include "core/strmap.h"

#include <stdint.h>
#include <string.h>

#include "core/arena.h"

static uint64_t hash(const char *s)
{
	uint64_t h = 14695981039346656037ULL;
	for (; *s; s++) {
		h ^= (unsigned char)*s;
		h *= 1099511628211ULL;
	}
	return h;
}

void strmap_init(struct strmap *m, struct arena *a)
{
	memset(m, 0, sizeof(*m));
	m->a = a;
}

/* The slot of @key: where it is, or the empty slot where it would go. */
static size_t slot_of(const struct strmap *m, const char *key)
{
	size_t i = (size_t)hash(key) & (m->cap - 1);
	while (m->keys[i] && strcmp(m->keys[i], key))
		i = (i + 1) & (m->cap - 1);
	return i;
}

void *strmap_get(const struct strmap *m, const char *key)
{
	size_t i;
	if (!m->cap)
		return NULL;
	i = slot_of(m, key);
	return m->keys[i] ? m->vals[i] : NULL;
}

bool strmap_has(const struct strmap *m, const char *key)
{
	return m->cap && m->keys[slot_of(m, key)];
}

static void grow(struct strmap *m)
{
	struct strmap bigger = *m;
	bigger.cap = m->cap ? m->cap * 2 : 16;
	bigger.keys = arena_calloc(m->a, bigger.cap, sizeof(*bigger.keys));
	bigger.vals = arena_calloc(m->a, bigger.cap, sizeof(*bigger.vals));
	for (size_t i = 0; i < m->cap; i++) {
		if (m->keys[i]) {
			size_t j = slot_of(&bigger, m->keys[i]);
			bigger.keys[j] = m->keys[i];
			bigger.vals[j] = m->vals[i];
		}
	}
	*m = bigger;
}

void strmap_put(struct strmap *m, const char *key, void *val)
{
	size_t i;
	if ((m->n + 1) * 2 > m->cap)
		grow(m);
	i = slot_of(m, key);
	if (!m->keys[i]) {
		m->keys[i] = arena_strdup(m->a, key);
		m->n++;
	}
	m->vals[i] = val;
}
