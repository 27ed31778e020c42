/*
 * lb_expect.h - the checks the HTTP tests of one page make again and again,
 * as cmocka assertions: a client signed in as a fixture user, a text the
 * page must (or must not) hold, naming the test's line and showing the
 * page's error summary when it is missing, and the id a create redirected
 * to.
 */
#ifndef TILLIT_TEST_LB_EXPECT_H
#define TILLIT_TEST_LB_EXPECT_H

#include <stdint.h>

#include "loopback.h"

/** @c, a new client of @env signed in as @user (password LB_PASSWORD); fails the test otherwise. */
void lb_signed_in(struct lb_client *c, struct lb_env *env, const char *user);

/** Fail the test (at @line) unless the body of @r holds @needle, or (@want false) unless it does not. */
void lb_expect_at(const struct lb_resp *r, const char *needle, bool want, int line);

#define LB_HAS(r, needle)     lb_expect_at((r), (needle), true, __LINE__)
#define LB_HAS_NOT(r, needle) lb_expect_at((r), (needle), false, __LINE__)

/** The id at the end of the redirect @r answered with ("/continuity/12"); fails the test when there is none. */
int64_t lb_created_id(const struct lb_resp *r);

#endif
