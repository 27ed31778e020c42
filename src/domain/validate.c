/*
 * validate.c - shared input checks.
 */
#include "domain/validate.h"

#include <stdio.h>
#include <string.h>

#include "core/arena.h"
#include "core/err.h"
#include "core/str.h"
#include "core/timeutil.h"

int check_text(struct err *e, const char *field, const char *s, size_t max, bool required)
{
	if (!s || str_blank(s)) {
		if (required)
			return err_set(e, ERR_INVALID, field, N_("This field is required."));
		return 0;
	}
	if (!str_valid_text(s, strlen(s)))
		return err_set(e, ERR_INVALID, field, N_("The text contains characters that are not allowed."));
	if (str_utf8_len(s) > max) {
		char n[24];
		snprintf(n, sizeof(n), "%zu", max);
		return err_set1(e, ERR_INVALID, field, N_("The text is too long (at most %s characters)."), n);
	}
	return 0;
}

int check_date(struct err *e, const char *field, const char *s, bool required)
{
	if (!s || !*s) {
		if (required)
			return err_set(e, ERR_INVALID, field, N_("This field is required."));
		return 0;
	}
	if (!time_valid_date(s))
		return err_set(e, ERR_INVALID, field, N_("Enter a date as YYYY-MM-DD."));
	return 0;
}

const char *filter_arg(const char *(*get)(void *ctx, const char *name), void *ctx, const char *name)
{
	const char *v = get(ctx, name);
	return v && *v ? v : NULL;
}

int filter_bool(const char *(*get)(void *ctx, const char *name), void *ctx, const char *name, int *out, struct err *e)
{
	const char *v = filter_arg(get, ctx, name);
	if (!v)
		return 0;
	if (!strcmp(v, "true"))
		*out = 1;
	else if (!strcmp(v, "false"))
		*out = 0;
	else
		return err_set(e, ERR_INVALID, name, N_("Must be true or false."));
	return 0;
}

int filter_id(const char *(*get)(void *ctx, const char *name), void *ctx, const char *name, int64_t *out, struct err *e)
{
	const char *v = filter_arg(get, ctx, name);
	if (v && (v[0] < '0' || v[0] > '9' || !str_to_i64(v, out) || *out <= 0))
		return err_set(e, ERR_INVALID, name, N_("Must be a whole number."));
	return 0;
}

int filter_date(const char *(*get)(void *ctx, const char *name), void *ctx, const char *name, const char **out,
		struct err *e)
{
	const char *v = filter_arg(get, ctx, name);
	if (v && !time_valid_date(v))
		return err_set(e, ERR_INVALID, name, N_("Enter a date as YYYY-MM-DD."));
	if (v)
		*out = v;
	return 0;
}

int filter_enum(const char *(*get)(void *ctx, const char *name), void *ctx, const char *name, const char *const *table,
		size_t n, int *out, struct err *e)
{
	const char *v = filter_arg(get, ctx, name);
	int k;
	if (!v)
		return 0;
	if ((k = str_index(table, n, v)) < 0)
		return err_set1(e, ERR_INVALID, name, N_("Not one of the values this list takes: %s"), v);
	*out = k;
	return 0;
}

char *text_trimmed(struct arena *a, const char *s)
{
	return str_trim(arena_strdup(a, s ? s : ""));
}

int table_index(const char *const *table, size_t n, const char *s)
{
	for (size_t i = 0; s && i < n; i++)
		if (!strcmp(table[i], s))
			return (int)i;
	return -1;
}

int version_conflict(void *current, const void *before, size_t size, struct err *e, const char *msgid)
{
	if (current)
		memcpy(current, before, size);
	return err_set(e, ERR_CONFLICT, "version", msgid);
}

int version_lost(int reread_rc, struct err *e, const char *msgid)
{
	return reread_rc ? reread_rc : err_set(e, ERR_CONFLICT, "version", msgid);
}
