/*
 * log.h - one structured line per event on standard error.
 *
 * Lines are JSON objects ({"ts":…,"level":…,"msg":…}) so they can be read by
 * journald and log shippers. Never pass a secret (password, token, cookie).
 * Thread-safe: each line is written with one write(2).
 */
#ifndef TILLIT_CORE_LOG_H
#define TILLIT_CORE_LOG_H

#include <stddef.h>
#include <stdint.h>

enum log_level { LOG_DEBUG, LOG_INFO, LOG_WARN, LOG_ERROR };

/** Lines below @level are dropped (default LOG_INFO). */
void log_set_level(enum log_level level);

/** Silence all output (tests). */
void log_set_quiet(int quiet);

void log_msg(enum log_level level, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#define log_info(...)  log_msg(LOG_INFO, __VA_ARGS__)
#define log_warn(...)  log_msg(LOG_WARN, __VA_ARGS__)
#define log_error(...) log_msg(LOG_ERROR, __VA_ARGS__)
#define log_debug(...) log_msg(LOG_DEBUG, __VA_ARGS__)

/** The access-log line of one request. @user_id is 0 when anonymous. */
void log_access(const char *method, const char *path, int status, double ms, int64_t user_id, const char *remote,
		size_t bytes);

/** Abort with file:line for an impossible state. Never for user input. */
#define BUG(msg) bug_at(__FILE__, __LINE__, (msg))
_Noreturn void bug_at(const char *file, int line, const char *msg);

#endif
