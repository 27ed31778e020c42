/*
 * lb_expect.c - cmocka checks over the loopback client's answers
 * (lb_expect.h).
 */
#include "lb_expect.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

void lb_signed_in(struct lb_client *c, struct lb_env *env, const char *user)
{
	lb_client_init(c, env);
	assert_int_equal(lb_login(c, user, LB_PASSWORD), 303);
}

void lb_expect_at(const struct lb_resp *r, const char *needle, bool want, int line)
{
	if (lb_has(r, needle) == want)
		return;
	if (want) {
		const char *at = strstr(r->body, "error-summary");
		fail_msg("line %d: expected to find %s in the page: %.600s", line, needle, at ? at : r->body);
	}
	fail_msg("line %d: did not expect %s in the page", line, needle);
}

int64_t lb_created_id(const struct lb_resp *r)
{
	const char *slash = r->location ? strrchr(r->location, '/') : NULL;

	if (!slash)
		fail_msg("no redirect: %d", r->status);
	return strtoll(slash + 1, NULL, 10);
}
