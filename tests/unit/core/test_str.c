/*
 * test_str.c - UTF-8 validation edge cases (RFC 3629 table 3 boundaries),
 * trimming, blank checks, strict integer parsing and comparisons.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/arena.h"
#include "core/str.h"

#define V(lit) str_valid_utf8((lit), sizeof(lit) - 1)

static void test_utf8_valid(void **state)
{
	assert_true(str_valid_utf8("", 0));
	assert_true(V("plain ASCII"));
	assert_true(V("tab\tlf\ncr\r"));
	assert_true(V("DEL \x7f is allowed"));
	assert_true(V("Västerås kommun"));
	assert_true(V("\xc2\x80"));         /* U+0080, smallest 2-byte */
	assert_true(V("\xdf\xbf"));         /* U+07FF */
	assert_true(V("\xe0\xa0\x80"));     /* U+0800, smallest 3-byte */
	assert_true(V("\xed\x9f\xbf"));     /* U+D7FF, just below surrogates */
	assert_true(V("\xee\x80\x80"));     /* U+E000, just above surrogates */
	assert_true(V("\xef\xbf\xbf"));     /* U+FFFF */
	assert_true(V("\xf0\x90\x80\x80")); /* U+10000, smallest 4-byte */
	assert_true(V("\xf4\x8f\xbf\xbf")); /* U+10FFFF, the largest */
	assert_true(V("€ 𝄞 ✓"));
}

static void test_utf8_invalid(void **state)
{
	assert_false(V("nul\0inside"));
	assert_false(V("bell\x07"));
	assert_false(V("esc\x1b[31m"));
	assert_false(V("\x1f"));
	assert_false(V("\x80")); /* lone continuation */
	assert_false(V("\xbf"));
	assert_false(V("\xc0\xaf"));         /* overlong "/" */
	assert_false(V("\xc1\xbf"));         /* overlong U+007F */
	assert_false(V("\xe0\x80\xaf"));     /* overlong 3-byte */
	assert_false(V("\xe0\x9f\xbf"));     /* overlong U+07FF */
	assert_false(V("\xf0\x80\x80\xaf")); /* overlong 4-byte */
	assert_false(V("\xf0\x8f\xbf\xbf")); /* overlong U+FFFF */
	assert_false(V("\xed\xa0\x80"));     /* U+D800 surrogate */
	assert_false(V("\xed\xbf\xbf"));     /* U+DFFF surrogate */
	assert_false(V("\xf4\x90\x80\x80")); /* U+110000 */
	assert_false(V("\xf5\x80\x80\x80"));
	assert_false(V("\xff"));
	assert_false(V("\xfe"));
	assert_false(V("\xc3"));         /* truncated 2-byte */
	assert_false(V("\xe2\x82"));     /* truncated 3-byte */
	assert_false(V("\xf0\x9d\x84")); /* truncated 4-byte */
	assert_false(V("\xe2\x82x"));    /* continuation expected */
	assert_false(V("ok\xc3"));
	/* The length is honoured: the NUL-free prefix is valid, the whole is not. */
	assert_true(str_valid_utf8("ab\xc3\xa5", 4));
	assert_false(str_valid_utf8("ab\xc3\xa5", 3));
}

#define T(lit) str_valid_text((lit), sizeof(lit) - 1)

/* Text is valid UTF-8 that XML can carry: no DEL, C1 controls or noncharacters. */
static void test_text(void **state)
{
	assert_true(str_valid_text("", 0));
	assert_true(T("Västerås kommun\ttab\nlf\rcr"));
	assert_true(T("\xc2\xa0"));         /* U+00A0, just above C1 */
	assert_true(T("\xef\xb7\x8f"));     /* U+FDCF */
	assert_true(T("\xef\xb7\xb0"));     /* U+FDF0 */
	assert_true(T("\xef\xbf\xbd"));     /* U+FFFD, the replacement character */
	assert_true(T("\xf0\x9f\x98\x80")); /* U+1F600 */
	assert_true(T("\xf4\x8f\xbf\xbd")); /* U+10FFFD */
	assert_false(T("DEL \x7f"));
	assert_false(T("\xc2\x80"));         /* U+0080 */
	assert_false(T("\xc2\x9f"));         /* U+009F */
	assert_false(T("\xef\xb7\x90"));     /* U+FDD0 */
	assert_false(T("\xef\xb7\xaf"));     /* U+FDEF */
	assert_false(T("\xef\xbf\xbe"));     /* U+FFFE */
	assert_false(T("x\xef\xbf\xbfy"));   /* U+FFFF */
	assert_false(T("\xf0\x9f\xbf\xbe")); /* U+1FFFE */
	assert_false(T("\xf4\x8f\xbf\xbf")); /* U+10FFFF */
	/* and everything str_valid_utf8() refuses */
	assert_false(T("nul\0inside"));
	assert_false(T("\x1b"));
	assert_false(T("\xc3"));
	assert_false(T("\xed\xa0\x80"));
}

static void test_trim(void **state)
{
	char a[] = "  \t hello world \r\n";
	char b[] = "   ";
	char c[] = "x";

	assert_string_equal(str_trim(a), "hello world");
	assert_string_equal(str_trim(b), "");
	assert_string_equal(str_trim(c), "x");
	assert_null(str_trim(NULL));
}

static void test_blank(void **state)
{
	assert_true(str_blank(NULL));
	assert_true(str_blank(""));
	assert_true(str_blank(" \t\r\n"));
	assert_false(str_blank("  a "));
}

static void test_to_i64(void **state)
{
	int64_t v = 99;

	assert_true(str_to_i64("0", &v));
	assert_int_equal(v, 0);
	assert_true(str_to_i64("-42", &v));
	assert_int_equal(v, -42);
	assert_true(str_to_i64("9223372036854775807", &v));
	assert_int_equal(v, INT64_MAX);
	assert_true(str_to_i64("-9223372036854775808", &v));
	assert_int_equal(v, INT64_MIN);
	v = 99;
	assert_false(str_to_i64("9223372036854775808", &v));
	assert_false(str_to_i64("-9223372036854775809", &v));
	assert_false(str_to_i64("", &v));
	assert_false(str_to_i64(NULL, &v));
	assert_false(str_to_i64("12abc", &v));
	assert_false(str_to_i64(" 12", &v));
	assert_false(str_to_i64("12 ", &v));
	assert_false(str_to_i64("+12", &v));
	assert_false(str_to_i64("-", &v));
	assert_false(str_to_i64("0x10", &v));
	assert_false(str_to_i64("1e3", &v));
	assert_int_equal(v, 99); /* untouched on failure */
}

static void test_ieq_starts(void **state)
{
	assert_true(str_ieq("Hello", "hELLO"));
	assert_false(str_ieq("Hello", "Hell"));
	assert_false(str_ieq("Hell", "Hello"));
	assert_true(str_ieq(NULL, NULL));
	assert_false(str_ieq("a", NULL));
	assert_false(str_ieq(NULL, "a"));
	assert_true(str_starts("/assets/12", "/assets/"));
	assert_true(str_starts("abc", ""));
	assert_false(str_starts("/asset", "/assets/"));
	assert_false(str_starts(NULL, "a"));
}

static void test_utf8_len(void **state)
{
	assert_int_equal(str_utf8_len(""), 0);
	assert_int_equal(str_utf8_len("abc"), 3);
	assert_int_equal(str_utf8_len("åäö"), 3);
	assert_int_equal(str_utf8_len("€𝄞"), 2);
	assert_int_equal(str_utf8_len(NULL), 0);
}

/* Folding: ASCII, Latin-1 and Latin Extended-A capitals to small letters, the length unchanged. */
static void test_fold(void **state)
{
	char out[64];
	const char *in = "ÅTGÄRD Öst ÉÆØ ŠŽŁ Ÿ ß × \xff\xc3";
	size_t len = strlen(in);

	(void)state;
	str_fold_utf8(out, in, len);
	out[len] = 0;
	assert_string_equal(out, "åtgärd öst éæø šžł ÿ ß × \xff\xc3");
	memcpy(out, "ÄBC", 5); /* in place works too */
	str_fold_utf8(out, out, 4);
	assert_memory_equal(out, "äbc", 4);
}

/* Swedish alphabetical order: case aside, å ä ö after z in that order, é with e, ü with y; a total order. */
static void test_sv_cmp(void **state)
{
	static const char *const sorted[] = { "10 Skolor", "Ale", "alingsås",  "Émile",  "Eskilstuna", "Müller", "Myra",
					      "Zeta",      "Åby", "Ängelholm", "ärende", "Örebro",     "Östra" };
	const size_t n = sizeof(sorted) / sizeof(sorted[0]);

	(void)state;
	for (size_t i = 0; i + 1 < n; i++) {
		assert_true(str_sv_cmp(sorted[i], sorted[i + 1]) < 0);
		assert_true(str_sv_cmp(sorted[i + 1], sorted[i]) > 0);
	}
	assert_int_equal(str_sv_cmp("Åby", "Åby"), 0);
	/* The same letters in other case: not equal, and the order does not depend on the side. */
	assert_true(str_sv_cmp("ärende", "Ärende") != 0);
	assert_true((str_sv_cmp("ärende", "Ärende") < 0) == (str_sv_cmp("Ärende", "ärende") > 0));
	assert_true(str_sv_cmp(NULL, "a") < 0);
}

/* A choice's label: split at its last " (", a name's own parentheses kept; anything else is a name alone. */
static void test_split_label(void **state)
{
	struct arena *a = arena_new();
	const char *name;
	char *detail;

	(void)state;
	str_split_label(a, "Lön (HR) (Kommunstyrelsen)", &name, &detail);
	assert_string_equal(name, "Lön (HR)");
	assert_string_equal(detail, "Kommunstyrelsen");
	str_split_label(a, "Policy (2.1, Kommun A)", &name, &detail);
	assert_string_equal(name, "Policy");
	assert_string_equal(detail, "2.1, Kommun A");
	str_split_label(a, "Socialnämnden", &name, &detail);
	assert_string_equal(name, "Socialnämnden");
	assert_null(detail);
	str_split_label(a, "(x)", &name, &detail); /* no name before it */
	assert_string_equal(name, "(x)");
	assert_null(detail);
	str_split_label(a, "Anna (", &name, &detail);
	assert_null(detail);
	arena_free(a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fold),   cmocka_unit_test(test_utf8_valid),  cmocka_unit_test(test_utf8_invalid),
		cmocka_unit_test(test_text),   cmocka_unit_test(test_trim),        cmocka_unit_test(test_blank),
		cmocka_unit_test(test_to_i64), cmocka_unit_test(test_ieq_starts),  cmocka_unit_test(test_utf8_len),
		cmocka_unit_test(test_sv_cmp), cmocka_unit_test(test_split_label),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
