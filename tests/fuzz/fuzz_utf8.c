/*
 * fuzz_utf8.c - libFuzzer target for str_valid_utf8() and the JSON string
 * escaper, checked against an independent decoder built on mbrtowc().
 *
 * Not built by CMake. Build and run from the repository root with:
 *
 *   clang -std=c17 -D_GNU_SOURCE -g -O1 -fsanitize=fuzzer,address,undefined \
 *     -Isrc tests/fuzz/fuzz_utf8.c src/core/{arena,buf,json,str,log,timeutil}.c -o fuzz_utf8
 *   ./fuzz_utf8 -max_total_time=60
 *
 * Checks: str_valid_utf8() agrees with glibc's UTF-8 decoder in the C.UTF-8
 * locale (plus the rule against NUL and C0 controls); a valid string has as
 * many code points as str_utf8_len() counts; json_quote() always produces
 * valid UTF-8 without raw control characters, and leaves a valid string
 * without specials unchanged between its quotes.
 */
#include <locale.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/json.h"
#include "core/str.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(int ok)
{
	if (!ok)
		abort();
}

/* Reference: -1 when invalid, else the number of code points. */
static long reference(const char *s, size_t len)
{
	mbstate_t st;
	long n = 0;
	size_t i = 0;

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
		i += r;
		n++;
	}
	return n;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int locale_set;
	const char *s = (const char *)data;
	struct arena *a;
	struct buf b;
	bool valid;
	long ref;

	if (!locale_set) {
		check(setlocale(LC_CTYPE, "C.UTF-8") != NULL);
		locale_set = 1;
	}
	valid = str_valid_utf8(s, size);
	ref = reference(s, size);
	check(valid == (ref >= 0));

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
	return 0;
}
