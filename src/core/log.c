/*
 * log.c - structured log lines on standard error.
 *
 * Each line is one JSON object built with the json writer in a short-lived
 * arena and handed to the kernel with a single write(2), so lines from
 * concurrent threads never interleave. The level and the quiet flag are
 * atomics, set at start-up (or by tests) and read by every thread.
 * bug_at() deliberately avoids the arena and the writer: it must work even
 * when the state that led to the bug is damaged.
 */
#include <stddef.h> /* log.h uses size_t without including it */

#include "core/log.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/json.h"
#include "core/timeutil.h"

static atomic_int log_level = LOG_INFO;
static atomic_int log_quiet = 0;

void log_set_level(enum log_level level)
{
	atomic_store(&log_level, (int)level);
}

void log_set_quiet(int quiet)
{
	atomic_store(&log_quiet, quiet ? 1 : 0);
}

static const char *level_name(enum log_level level)
{
	switch (level) {
	case LOG_DEBUG:
		return "debug";
	case LOG_INFO:
		return "info";
	case LOG_WARN:
		return "warn";
	default:
		return "error";
	}
}

static void write_all(const char *p, size_t len)
{
	while (len > 0) {
		ssize_t n = write(STDERR_FILENO, p, len);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			return;
		}
		p += n;
		len -= (size_t)n;
	}
}

/* Open a line: {"ts":"…","level":"…" */
static void line_start(struct json *j, enum log_level level)
{
	char ts[TIME_ISO_LEN];

	time_iso(time(NULL), ts);
	json_obj_open(j);
	json_kv_str(j, "ts", ts);
	json_kv_str(j, "level", level_name(level));
}

static void line_end(struct json *j, struct buf *b)
{
	json_obj_close(j);
	buf_addch(b, '\n');
	write_all(b->data, b->len);
}

void log_msg(enum log_level level, const char *fmt, ...)
{
	struct arena *a;
	struct buf b;
	struct json j;
	va_list ap;
	char *msg;

	if (atomic_load(&log_quiet) || (int)level < atomic_load(&log_level))
		return;
	a = arena_new();
	buf_init(&b, a);
	json_init(&j, &b);
	va_start(ap, fmt);
	msg = arena_vprintf(a, fmt, ap);
	va_end(ap);
	line_start(&j, level);
	json_kv_str(&j, "msg", msg);
	line_end(&j, &b);
	arena_free(a);
}

void log_access(const char *method, const char *path, int status, double ms, int64_t user_id, const char *remote,
		size_t bytes)
{
	struct arena *a;
	struct buf b;
	struct json j;
	const char *q;

	if (atomic_load(&log_quiet) || LOG_INFO < atomic_load(&log_level))
		return;
	a = arena_new();
	/* Query strings may hold tokens: the path alone is logged, whatever the caller passes. */
	if (path && (q = strchr(path, '?')))
		path = arena_strndup(a, path, (size_t)(q - path));
	buf_init(&b, a);
	json_init(&j, &b);
	line_start(&j, LOG_INFO);
	json_kv_str(&j, "type", "access");
	json_kv_str(&j, "method", method);
	json_kv_str(&j, "path", path);
	json_kv_int(&j, "status", status);
	json_kv_raw(&j, "ms", arena_printf(a, "%.3f", isfinite(ms) && ms >= 0 ? ms : 0.0));
	if (user_id)
		json_kv_int(&j, "user", user_id);
	else
		json_kv_null(&j, "user");
	json_kv_str(&j, "remote", remote);
	json_kv_int(&j, "bytes", (int64_t)bytes);
	line_end(&j, &b);
	arena_free(a);
}

_Noreturn void bug_at(const char *file, int line, const char *msg)
{
	fprintf(stderr, "BUG: %s:%d: %s\n", file, line, msg ? msg : "(no message)");
	fflush(stderr);
	abort();
}
