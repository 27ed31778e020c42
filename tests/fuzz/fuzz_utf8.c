/*
 * fuzz_utf8.c - libFuzzer harness for the UTF-8 checks (str_valid_utf8(),
 * str_valid_text()) and the JSON string escaper, checked against an
 * independent decoder built on mbrtowc().
 *
 * Checks: str_valid_utf8() agrees with glibc's UTF-8 decoder in the C.UTF-8
 * locale (plus the rule against NUL and C0 controls); str_valid_text()
 * agrees with the same decoder plus the rule against DEL, C1 controls and
 * noncharacters; a valid string has as many code points as str_utf8_len()
 * counts; json_quote() always produces valid UTF-8 without raw control
 * characters, and leaves a valid string without specials unchanged between
 * its quotes. Time at most linear, also for the input repeated to
 * FUZZ_AMPLIFY bytes. Built by CMake with -DTILLIT_FUZZ=ON (make fuzz).
 */
#include <locale.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/json.h"
#include "core/str.h"
#include "fuzz.h"

static void check(int ok)
{
	if (!ok)
		fuzz_fail("utf8", "a check failed");
}

/* Reference: -1 when invalid, else the number of code points; *text false when one is unfit for text. */
static long reference(const char *s, size_t len, bool *text)
{
	mbstate_t st;
	long n = 0;
	size_t i = 0;

	*text = true;
	memset(&st, 0, sizeof(st));
	while (i < len) {
		wchar_t wc;
		size_t r = mbrtowc(&wc, s + i, len - i, &st);

		if (r == 0 || r == (size_t)-1 || r == (size_t)-2)
			return -1;
		if (wc < 0x20 && wc != '\t' && wc != '\n' && wc != '\r')
			return -1;
		if ((wc >= 0xd800 && wc <= 0xdfff) || wc > 0x10ffff)
			return -1;
		if (wc == 0x7f || (wc >= 0x80 && wc <= 0x9f) || (wc >= 0xfdd0 && wc <= 0xfdef) ||
		    (wc & 0xfffe) == 0xfffe)
			*text = false;
		i += r;
		n++;
	}
	return n;
}

struct job {
	const char *s;
	size_t size;
};

static void run(void *p)
{
	struct job *j = p;
	const char *s = j->s;
	size_t size = j->size;
	struct arena *a;
	struct buf b;
	bool valid, text;
	long ref;

	valid = str_valid_utf8(s, size);
	ref = reference(s, size, &text);
	check(valid == (ref >= 0));
	check(str_valid_text(s, size) == (valid && text));

	a = arena_new();
	if (valid)
		check(str_utf8_len(arena_strndup(a, s, size)) == (size_t)ref);

	/* json_quote works on C strings: stop at the first NUL. */
	buf_init(&b, a);
	json_quote(&b, arena_strndup(a, s, size));
	check(b.len >= 2 && b.data[0] == '"' && b.data[b.len - 1] == '"');
	check(str_valid_utf8(b.data, b.len));
	for (size_t i = 0; i < b.len; i++)
		check((unsigned char)b.data[i] >= 0x20);
	if (valid && !memchr(s, '"', size) && !memchr(s, '\\', size) && !memchr(s, '\n', size) &&
	    !memchr(s, '\r', size) && !memchr(s, '\t', size) && !strstr(arena_strndup(a, s, size), "\xe2\x80\xa8") &&
	    !strstr(arena_strndup(a, s, size), "\xe2\x80\xa9"))
		check(b.len == size + 2 && memcmp(b.data + 1, s, size) == 0);
	arena_free(a);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int locale_set;
	struct job j = { (const char *)data, size };

	if (!locale_set) {
		check(setlocale(LC_CTYPE, "C.UTF-8") != NULL);
		locale_set = 1;
	}
	fuzz_linear("utf8", size, run, &j);
	if (fuzz_amplify_now(data, size)) {
		size_t big_len;
		char *big = fuzz_repeat("", data, size, "", "", fuzz_amplify_bytes(), &big_len);

		j.s = big;
		j.size = big_len;
		fuzz_linear("utf8, amplified", big_len, run, &j);
		free(big);
	}
	return 0;
}
