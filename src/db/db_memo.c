/*
 * db_memo.c - results kept between requests, under the data version they
 * were read at (db.h: db_memo_get(), db_memo_put()).
 *
 * A memo is a small table of byte strings, each under a key and a
 * version, behind one mutex: shared by the connections of a pool (they all
 * see one database), or a connection's own when it has no pool, or when
 * each connection of the pool is a database of its own (":memory:"). A key
 * holds one entry: keeping a newer version replaces the older one. The
 * table is bounded in entries and in bytes; the least recently used entry
 * makes room. Nothing is read or kept while the connection is inside a
 * transaction, whose writes may yet be undone.
 */
#include "db/db_internal.h"

#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/buf.h"

struct memo_entry {
	char *key; /* NULL: a free slot */
	int64_t version;
	void *data;
	size_t len;
	uint64_t used; /* the memo's tick when last read or kept */
};

struct db_memo {
	pthread_mutex_t mu;
	struct memo_entry slot[DB_MEMO_SLOTS];
	size_t bytes; /* the data held, keys included */
	uint64_t tick;
};

struct db_memo *db_memo_new(void)
{
	struct db_memo *m = calloc(1, sizeof(*m));

	if (!m)
		abort();
	pthread_mutex_init(&m->mu, NULL);
	return m;
}

static void entry_drop(struct db_memo *m, struct memo_entry *s)
{
	if (!s->key)
		return;
	m->bytes -= s->len + strlen(s->key) + 1;
	free(s->key);
	free(s->data);
	memset(s, 0, sizeof(*s));
}

void db_memo_free(struct db_memo *m)
{
	if (!m)
		return;
	for (size_t i = 0; i < DB_MEMO_SLOTS; i++)
		entry_drop(m, &m->slot[i]);
	pthread_mutex_destroy(&m->mu);
	free(m);
}

/* The memo @db uses, made when a connection without a pool first needs one. */
static struct db_memo *memo_of(struct db *db)
{
	if (!db->memo) {
		db->memo = db_memo_new();
		db->memo_owned = true;
	}
	return db->memo;
}

static struct memo_entry *find(struct db_memo *m, const char *key)
{
	for (size_t i = 0; i < DB_MEMO_SLOTS; i++)
		if (m->slot[i].key && !strcmp(m->slot[i].key, key))
			return &m->slot[i];
	return NULL;
}

bool db_memo_get(struct db *db, struct arena *a, const char *key, int64_t version, void **data, size_t *len)
{
	struct db_memo *m;
	struct memo_entry *s;
	bool found = false;

	*data = NULL;
	*len = 0;
	if (version < 0 || db_in_transaction(db))
		return false;
	m = memo_of(db);
	pthread_mutex_lock(&m->mu);
	if ((s = find(m, key)) && s->version == version) {
		s->used = ++m->tick;
		*data = arena_alloc(a, s->len ? s->len : 1);
		memcpy(*data, s->data, s->len);
		*len = s->len;
		found = true;
	}
	pthread_mutex_unlock(&m->mu);
	return found;
}

void db_memo_put(struct db *db, const char *key, int64_t version, const void *data, size_t len)
{
	size_t need = len + strlen(key) + 1;
	struct db_memo *m;
	struct memo_entry *s, *victim;
	char *k;
	void *copy;

	if (version < 0 || need > DB_MEMO_BYTES / 4 || db_in_transaction(db))
		return;
	m = memo_of(db);
	k = strdup(key);
	copy = malloc(len ? len : 1);
	if (!k || !copy)
		abort();
	memcpy(copy, data, len);
	pthread_mutex_lock(&m->mu);
	if ((s = find(m, key))) {
		if (s->version > version) {
			/* Another request has kept a newer one meanwhile. */
			pthread_mutex_unlock(&m->mu);
			free(k);
			free(copy);
			return;
		}
		entry_drop(m, s);
	}
	for (;;) {
		victim = NULL;
		s = NULL;
		for (size_t i = 0; i < DB_MEMO_SLOTS; i++) {
			if (!m->slot[i].key) {
				s = s ? s : &m->slot[i];
				continue;
			}
			if (!victim || m->slot[i].used < victim->used)
				victim = &m->slot[i];
		}
		if (s && m->bytes + need <= DB_MEMO_BYTES)
			break;
		entry_drop(m, victim);
	}
	*s = (struct memo_entry){ k, version, copy, len, ++m->tick };
	m->bytes += need;
	pthread_mutex_unlock(&m->mu);
}

void db_memo_add_text(struct buf *b, const char *s)
{
	buf_addch(b, s ? 1 : 0);
	if (s)
		buf_add(b, s, strlen(s) + 1);
}

bool db_memo_take(const char *data, size_t len, size_t *at, void *out, size_t n)
{
	if (*at > len || len - *at < n)
		return false;
	memcpy(out, data + *at, n);
	*at += n;
	return true;
}

bool db_memo_take_text(const char *data, size_t len, size_t *at, const char **out)
{
	const char *end;

	if (*at >= len)
		return false;
	if (!data[(*at)++]) {
		*out = NULL;
		return true;
	}
	if (!(end = memchr(data + *at, 0, len - *at)))
		return false;
	*out = data + *at;
	*at = (size_t)(end - data) + 1;
	return true;
}
