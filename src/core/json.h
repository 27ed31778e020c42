/*
 * json.h - a streaming JSON writer with a nesting stack (Netdata's BUFFER).
 *
 * The writer inserts commas and colons itself and escapes every string, so a
 * caller cannot produce invalid JSON by forgetting one. Reading JSON is done
 * by jansson, never here.
 */
#ifndef TILLIT_CORE_JSON_H
#define TILLIT_CORE_JSON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "buf.h"

#define JSON_MAX_DEPTH 32

struct json {
	struct buf *b;
	int depth;
	bool need_comma[JSON_MAX_DEPTH];
	bool after_key;
};

/** Start writing into @b (which keeps its existing content). */
void json_init(struct json *j, struct buf *b);

/**
 * The JSON text @write makes of @rec, in @a: how a module turns a record
 * into an audit snapshot with its *_json() writer.
 */
const char *json_text(struct arena *a, void (*write)(struct json *j, const void *rec), const void *rec);

void json_obj_open(struct json *j);
void json_obj_close(struct json *j);
void json_arr_open(struct json *j);
void json_arr_close(struct json *j);

/** An object key; the next value written belongs to it. */
void json_key(struct json *j, const char *key);

/** A string value, escaped; NULL writes null. Invalid UTF-8 bytes become U+FFFD. */
void json_str(struct json *j, const char *s);
void json_int(struct json *j, int64_t v);
void json_bool(struct json *j, bool v);
void json_null_value(struct json *j);

/** A value that is already valid JSON text (for stored audit snapshots). NULL writes null. */
void json_raw(struct json *j, const char *json);

/* key + value shorthands */
void json_kv_str(struct json *j, const char *key, const char *s);
void json_kv_int(struct json *j, const char *key, int64_t v);
void json_kv_bool(struct json *j, const char *key, bool v);
void json_kv_null(struct json *j, const char *key);
void json_kv_raw(struct json *j, const char *key, const char *json);
/** An id: null when @v is 0 (no reference), else the number. */
void json_kv_id(struct json *j, const char *key, int64_t v);

/** Append @s escaped as a JSON string (with quotes) to @b. */
void json_quote(struct buf *b, const char *s);

#endif
