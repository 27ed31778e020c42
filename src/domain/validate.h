/*
 * validate.h - the input checks every module's domain rules share.
 *
 * Each check names the field and the problem in a message id, so the page
 * can show it beside the field and the API can return it in "field".
 */
#ifndef TILLIT_DOMAIN_VALIDATE_H
#define TILLIT_DOMAIN_VALIDATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct arena;
struct err;

/**
 * Check a text field: when @required it must not be blank; it must be
 * valid UTF-8 and at most @max characters. Returns 0 or ERR_INVALID.
 */
int check_text(struct err *e, const char *field, const char *s, size_t max, bool required);

/** Check that @s is NULL/empty or a valid "YYYY-MM-DD" date. */
int check_date(struct err *e, const char *field, const char *s, bool required);

/*
 * The named arguments a list's filter parser reads (asset_filter_parse(),
 * user_filter_parse(), ...): @get returns the value of an argument (a query
 * argument on a page or in the API, an option of an export) or NULL.
 */

/** The value of argument @name, NULL when it is absent or empty. Borrowed from @get. */
const char *filter_arg(const char *(*get)(void *ctx, const char *name), void *ctx, const char *name);

/** A "true" or "false" argument as 1 or 0 in *out (left as it is when absent); ERR_INVALID naming @name otherwise. */
int filter_bool(const char *(*get)(void *ctx, const char *name), void *ctx, const char *name, int *out, struct err *e);

/** A record id (a whole number above zero) in *out (left as it is when absent); ERR_INVALID naming @name otherwise. */
int filter_id(const char *(*get)(void *ctx, const char *name), void *ctx, const char *name, int64_t *out,
	      struct err *e);

/** A "YYYY-MM-DD" date in *out, borrowed (left as it is when absent); ERR_INVALID naming @name otherwise. */
int filter_date(const char *(*get)(void *ctx, const char *name), void *ctx, const char *name, const char **out,
		struct err *e);

/**
 * One of the @n values of @table (a sort order, a state) as its position
 * in *out (left as it is when absent); ERR_INVALID naming @name otherwise.
 */
int filter_enum(const char *(*get)(void *ctx, const char *name), void *ctx, const char *name, const char *const *table,
		size_t n, int *out, struct err *e);

/** @s (NULL: "") copied into @a without the white space around it: how a form's text is cleaned. */
char *text_trimmed(struct arena *a, const char *s);

/** The position of @s in @table (@n entries), or -1 (also for NULL): a value checked against its vocabulary. */
int table_index(const char *const *table, size_t n, const char *s);

/**
 * A change that found its record at another version than the one the user
 * read: copy @before (@size bytes) into @current when it is given (the
 * other person's version, for the form or the 409), and return
 * ERR_CONFLICT naming "version" with the module's message @msgid.
 */
int version_conflict(void *current, const void *before, size_t size, struct err *e, const char *msgid);

/**
 * A change whose UPDATE … WHERE version = ? found another version stored
 * (the record changed in between): @reread_rc is what reading the record
 * again into the caller's current gave (0 when no current was asked for).
 * Returns that failure, else ERR_CONFLICT naming "version" with @msgid:
 *   return version_lost(current ? x_get(db, a, id, current, e) : 0, e, msg);
 */
int version_lost(int reread_rc, struct err *e, const char *msgid);

#endif
