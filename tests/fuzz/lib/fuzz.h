/*
 * fuzz.h - what every libFuzzer harness in tests/fuzz shares.
 *
 * Each harness checks properties of one parser or writer (no crash, no
 * sanitizer report, its own invariants) and also that the work grows at
 * most linearly with the input: fuzz_linear() times one run with a
 * monotonic clock and fails when it took longer than a fixed budget plus a
 * budget per input byte. Small inputs say little about growth, so harnesses
 * also run an amplified input (the fuzzer's bytes repeated to about
 * fuzz_amplify_bytes()); one request of 46,000 form fields that cost 13 s
 * is the kind of thing this catches. A run over budget is repeated up to
 * five times, each time divided by how much slower a fixed reference
 * computation runs just then than on an idle moment, and only the best
 * counts, so a busy machine does not fail it.
 *
 * An amplified run costs about as much as a thousand small ones, so it is
 * made for every input of the first FUZZ_AMPLIFY_ALL calls (the seed corpus
 * and whatever a crash report is reproduced from) and afterwards for one
 * input in FUZZ_AMPLIFY_EVERY, chosen by a hash of the input so that the
 * choice is the same when the input is run again.
 *
 * Settings (environment): FUZZ_AMPLIFY bytes of the amplified input
 * (default 65536, 0 turns amplification off); FUZZ_AMPLIFY_ALL (default
 * 100) and FUZZ_AMPLIFY_EVERY (default 8); FUZZ_BUDGET_MS the fixed budget
 * per run (default 100); FUZZ_BUDGET_US_PER_KB the budget per kilobyte
 * (default 3000, i.e. 3 ms per kB: the instrumented build is an order of
 * magnitude slower than a release build), times the harness's own factor
 * (fuzz_budget_factor(): the imports run database queries for every row).
 */
#ifndef TILLIT_FUZZ_H
#define TILLIT_FUZZ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

/** Print "fuzz: <what>: <message>" and abort, which libFuzzer reports as a crash with the input saved. */
__attribute__((format(printf, 2, 3), noreturn)) void fuzz_fail(const char *what, const char *fmt, ...);

/** fuzz_fail() unless @ok. */
#define FUZZ_CHECK(what, ok)                                                      \
	do {                                                                      \
		if (!(ok))                                                        \
			fuzz_fail((what), "%s (%s:%d)", #ok, __FILE__, __LINE__); \
	} while (0)

/**
 * Run @run(@ctx) once and check its time against the budget for @bytes of
 * input; over budget, run it up to four more times, allowing for the
 * machine's load, and fail (naming @what) when every run was over. Returns
 * the fastest time in milliseconds.
 */
double fuzz_linear(const char *what, size_t bytes, void (*run)(void *ctx), void *ctx);

/** Multiply the per-kilobyte budget by @factor for this harness (call before the first run). */
void fuzz_budget_factor(double factor);

/** Size of the amplified input (FUZZ_AMPLIFY, default 65536). */
size_t fuzz_amplify_bytes(void);

/**
 * Whether to run an amplified input for @data this time (see above); false
 * for an empty input or when FUZZ_AMPLIFY is 0. Call once per input.
 */
bool fuzz_amplify_now(const uint8_t *data, size_t size);

/**
 * @prefix, then @data repeated with @sep between copies until the result
 * holds at least @target bytes, then @suffix. Caller frees. *len gets the
 * length (the result is also NUL-terminated). @size 0 gives only prefix
 * and suffix.
 */
char *fuzz_repeat(const char *prefix, const uint8_t *data, size_t size, const char *sep, const char *suffix,
		  size_t target, size_t *len);

/** A copy of @data as a C string, NUL bytes replaced by @nul_as. Caller frees. */
char *fuzz_cstr(const uint8_t *data, size_t size, char nul_as);

#endif
