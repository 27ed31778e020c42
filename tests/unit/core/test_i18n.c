/*
 * test_i18n.c - translation with the real embedded catalogs (po/sv.po,
 * po/en.po), language negotiation and user-facing error messages.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/arena.h"
#include "core/embed.h"
#include "core/err.h"
#include "core/i18n.h"

static int setup(void **state)
{
	return i18n_init();
}

static int teardown(void **state)
{
	i18n_release();
	return 0;
}

static void test_catalogs_embedded(void **state)
{
	assert_non_null(embed_find(embedded_catalogs, "sv.mo"));
	assert_non_null(embed_find(embedded_catalogs, "en.mo"));
	assert_null(embed_find(embedded_catalogs, "de.mo"));
}

static void test_get(void **state)
{
	const char *unknown = "No such message id";

	assert_string_equal(i18n_get(LANG_SV, "Sign in"), "Logga in");
	assert_string_equal(tr(LANG_SV, "Sign in"), "Logga in");
	assert_string_equal(i18n_get(LANG_EN, "Sign in"), "Sign in");
	assert_ptr_equal(i18n_get(LANG_SV, unknown), unknown);
	assert_ptr_equal(i18n_get(LANG_EN, unknown), unknown);
	/* The header entry (empty msgid) is not a translation. */
	assert_string_equal(i18n_get(LANG_SV, ""), "");
	assert_null(i18n_get(LANG_SV, NULL));
	assert_string_equal(i18n_get((enum lang)7, "Sign in"), "Sign in");
}

static void test_release_and_reinit(void **state)
{
	i18n_release();
	assert_string_equal(i18n_get(LANG_SV, "Sign in"), "Sign in");
	assert_int_equal(i18n_init(), 0);
	assert_int_equal(i18n_init(), 0); /* twice is harmless */
	assert_string_equal(i18n_get(LANG_SV, "Sign in"), "Logga in");
}

static void test_lang_code_parse(void **state)
{
	assert_string_equal(lang_code(LANG_SV), "sv");
	assert_string_equal(lang_code(LANG_EN), "en");
	assert_int_equal(lang_parse("sv"), LANG_SV);
	assert_int_equal(lang_parse("SV"), LANG_SV);
	assert_int_equal(lang_parse("sv-SE"), LANG_SV);
	assert_int_equal(lang_parse("sv_FI"), LANG_SV);
	assert_int_equal(lang_parse("en"), LANG_EN);
	assert_int_equal(lang_parse("en-GB"), LANG_EN);
	assert_int_equal(lang_parse("En-us"), LANG_EN);
	assert_int_equal(lang_parse("de"), -1);
	assert_int_equal(lang_parse("s"), -1);
	assert_int_equal(lang_parse("svenska"), -1);
	assert_int_equal(lang_parse("english"), -1);
	assert_int_equal(lang_parse(""), -1);
	assert_int_equal(lang_parse(NULL), -1);
}

static void test_accept_language(void **state)
{
	assert_int_equal(lang_from_accept(NULL), LANG_SV);
	assert_int_equal(lang_from_accept(""), LANG_SV);
	assert_int_equal(lang_from_accept("de-DE,fr;q=0.9"), LANG_SV);
	assert_int_equal(lang_from_accept("en-US,en;q=0.9"), LANG_EN);
	assert_int_equal(lang_from_accept("sv-SE,sv;q=0.9,en-US;q=0.8,en;q=0.7"), LANG_SV);
	assert_int_equal(lang_from_accept("de-DE, en;q=0.5, sv;q=0.4"), LANG_EN);
	assert_int_equal(lang_from_accept("en;q=0.3, sv;q=0.8"), LANG_SV);
	assert_int_equal(lang_from_accept("sv;q=0.3, en;q=0.8"), LANG_EN);
	assert_int_equal(lang_from_accept("en ; q=0.500 , sv ; q=0.499"), LANG_EN);
	assert_int_equal(lang_from_accept("en;q=0, de"), LANG_SV); /* q=0: not acceptable */
	assert_int_equal(lang_from_accept("*;q=0.5"), LANG_SV);
	assert_int_equal(lang_from_accept("en;q=bogus,sv;q=0.1"), LANG_SV);
	assert_int_equal(lang_from_accept(",,;q=1,en"), LANG_EN);
	assert_int_equal(lang_from_accept("english, en-GB"), LANG_EN);
}

static void test_err_message(void **state)
{
	struct arena *a = arena_new();
	struct err e;

	err_set1(&e, ERR_NOTFOUND, NULL, N_("Unit %s was not found."), "<Skola & Barn>");
	assert_string_equal(err_message(&e, LANG_EN, a), "Unit <Skola & Barn> was not found.");
	err_set1(&e, ERR_INVALID, "pct", N_("%s must be 0-100%%."), "Share");
	assert_string_equal(err_message(&e, LANG_EN, a), "Share must be 0-100%.");
	/* The argument is never read as a format. */
	err_set1(&e, ERR_INVALID, NULL, N_("Bad value %s."), "%s%n%x");
	assert_string_equal(err_message(&e, LANG_SV, a), "Bad value %s%n%x.");
	err_set(&e, ERR_INVALID, NULL, "Sign in");
	assert_string_equal(err_message(&e, LANG_SV, a), "Logga in");
	assert_string_equal(err_message(&e, LANG_EN, a), "Sign in");
	err_set(&e, ERR_INTERNAL, NULL, NULL);
	assert_string_equal(err_message(&e, LANG_EN, a), "Something went wrong.");
	err_set(&e, ERR_DB, NULL, NULL);
	assert_string_equal(err_message(&e, LANG_EN, a), "Something went wrong.");
	for (int code = ERR_INVALID; code >= ERR_PRECONDITION; code--) {
		err_set(&e, code, NULL, NULL);
		assert_true(strlen(err_message(&e, LANG_SV, a)) > 0);
	}
	arena_free(a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_catalogs_embedded),  cmocka_unit_test(test_get),
		cmocka_unit_test(test_release_and_reinit), cmocka_unit_test(test_lang_code_parse),
		cmocka_unit_test(test_accept_language),    cmocka_unit_test(test_err_message),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
