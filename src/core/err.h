/*
 * err.h - error codes and the error detail a failing function leaves behind.
 *
 * Functions return int: 0 on success or a negative enum err_code. Details go
 * into a caller-supplied struct err: the code, the name of the offending field
 * (as the API and the forms name it) and a message id. The message id is the
 * English source text of a gettext message; it is translated only when the
 * error is shown (http/errmap.c, cli), so domain code never needs to know the
 * user's language. A message may carry one %s argument, given in @arg.
 *
 * err_set() returns the code so that `return err_set(e, ERR_INVALID, "name",
 * N_("Name is empty."));` reads like git's `return error(...)`.
 */
#ifndef TILLIT_CORE_ERR_H
#define TILLIT_CORE_ERR_H

enum err_code {
	ERR_OK = 0,
	ERR_INVALID = -1,       /* bad input: 400 or 422 */
	ERR_NOTFOUND = -2,      /* 404 */
	ERR_FORBIDDEN = -3,     /* 403 */
	ERR_CONFLICT = -4,      /* stale version: 409 */
	ERR_DB = -5,            /* database failure: 500 */
	ERR_UNAUTHORIZED = -6,  /* not logged in: 401 */
	ERR_TOOLARGE = -7,      /* body over the limit: 413 */
	ERR_THROTTLED = -8,     /* too many attempts: 429 */
	ERR_INTERNAL = -9,      /* a bug or a failed system call: 500 */
	ERR_EXISTS = -10,       /* unique value already taken: 409 */
	ERR_METHOD = -11,       /* wrong method for the path: 405 */
	ERR_PRECONDITION = -12, /* If-Match / version missing: 428 */
	ERR_CANCELLED = -13     /* the request ran out of time, or its client left: 503 */
};

/** Marks a string literal as a message id for xgettext without translating it. */
#define N_(s) s

struct err {
	int code;
	const char *field; /* API/form field name, or NULL */
	const char *msgid; /* English message id (gettext), may contain one %s */
	char arg[256];     /* the %s argument, copied */
	char detail[256];  /* untranslated technical detail for the log only */
};

/** Reset to no error. */
void err_clear(struct err *e);

/**
 * Record an error and return @code. @field and @msgid must be string
 * constants (they are not copied). @e may be NULL, then only the code is
 * returned.
 */
int err_set(struct err *e, int code, const char *field, const char *msgid);

/** As err_set(), with one argument for a %s in @msgid (copied, truncated to 255 bytes). */
int err_set1(struct err *e, int code, const char *field, const char *msgid, const char *arg);

/** Add a technical detail for the log (printf-style); returns e->code. */
int err_detail(struct err *e, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/** The stable English code word for the API: "invalid", "not_found", ... */
const char *err_code_name(int code);

#endif
