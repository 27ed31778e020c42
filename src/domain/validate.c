/*
 * validate.c - shared input checks.
 */
#include "domain/validate.h"

#include <stdio.h>
#include <string.h>

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
