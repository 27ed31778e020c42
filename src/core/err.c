/*
 * err.c - recording an error in a caller-supplied struct err.
 *
 * Nothing here allocates: the field name and message id are string constants,
 * the %s argument and the technical detail are copied into fixed arrays in
 * the struct (truncated when too long). Translation happens later, in
 * err_message() (i18n.c), when the error is shown to a user.
 */
#include "core/err.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

void err_clear(struct err *e)
{
	if (!e)
		return;
	e->code = ERR_OK;
	e->field = NULL;
	e->msgid = NULL;
	e->arg[0] = '\0';
	e->detail[0] = '\0';
}

int err_set(struct err *e, int code, const char *field, const char *msgid)
{
	if (!e)
		return code;
	e->code = code;
	e->field = field;
	e->msgid = msgid;
	e->arg[0] = '\0';
	e->detail[0] = '\0';
	return code;
}

int err_set1(struct err *e, int code, const char *field, const char *msgid, const char *arg)
{
	size_t n;

	if (!e)
		return code;
	err_set(e, code, field, msgid);
	if (arg) {
		n = strnlen(arg, sizeof(e->arg) - 1);
		/* Do not cut a UTF-8 sequence in half when truncating. */
		if (arg[n] != '\0')
			while (n > 0 && ((unsigned char)arg[n] & 0xc0) == 0x80)
				n--;
		memcpy(e->arg, arg, n);
		e->arg[n] = '\0';
	}
	return code;
}

int err_detail(struct err *e, const char *fmt, ...)
{
	va_list ap;

	if (!e)
		return ERR_INTERNAL;
	va_start(ap, fmt);
	vsnprintf(e->detail, sizeof(e->detail), fmt, ap);
	va_end(ap);
	return e->code;
}

const char *err_code_name(int code)
{
	switch (code) {
	case ERR_OK:
		return "ok";
	case ERR_INVALID:
		return "invalid";
	case ERR_NOTFOUND:
		return "not_found";
	case ERR_FORBIDDEN:
		return "forbidden";
	case ERR_CONFLICT:
		return "conflict";
	case ERR_DB:
		return "db_error";
	case ERR_UNAUTHORIZED:
		return "unauthorized";
	case ERR_TOOLARGE:
		return "too_large";
	case ERR_THROTTLED:
		return "throttled";
	case ERR_INTERNAL:
		return "internal";
	case ERR_EXISTS:
		return "exists";
	case ERR_METHOD:
		return "method_not_allowed";
	case ERR_PRECONDITION:
		return "precondition_required";
	case ERR_CANCELLED:
		return "unavailable";
	default:
		return "internal";
	}
}
