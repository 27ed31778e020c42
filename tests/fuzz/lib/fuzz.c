/*
 * fuzz.c - the time budget and input amplification of fuzz.h.
 */
#include "fuzz.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1000.0 + (double)ts.tv_nsec / 1e6;
}

static double env_number(const char *name, double def)
{
	const char *s = getenv(name);
	char *end;
	double v;

	if (!s || !*s)
		return def;
	v = strtod(s, &end);
	return *end == '\0' && v >= 0 ? v : def;
}

static double budget_factor = 1.0;

void fuzz_budget_factor(double factor)
{
	budget_factor = factor;
}

void fuzz_fail(const char *what, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "fuzz: %s: ", what);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	abort();
}

/*
 * A fixed piece of work, to tell a slow machine from slow code: hashing the
 * same buffer over and over. Returns its time in milliseconds.
 */
static volatile uint32_t reference_sink; /* keeps the work from being optimised away */

static double reference_ms(void)
{
	static unsigned char buf[16384];
	uint32_t h = 2166136261u;
	double t0 = now_ms();

	for (int round = 0; round < 32; round++)
		for (size_t i = 0; i < sizeof(buf); i++)
			h = (h ^ (buf[i] + (unsigned)round)) * 16777619u;
	reference_sink = h;
	return now_ms() - t0;
}

/* The reference on an idle moment: the fastest of a few runs, measured once. */
static double reference_base_ms(void)
{
	static double base = -1;

	if (base < 0)
		for (int i = 0; i < 5; i++) {
			double t = reference_ms();

			if (base < 0 || t < base)
				base = t;
		}
	return base > 0 ? base : 1e-3;
}

double fuzz_linear(const char *what, size_t bytes, void (*run)(void *ctx), void *ctx)
{
	double base = env_number("FUZZ_BUDGET_MS", 100);
	double per_kb = env_number("FUZZ_BUDGET_US_PER_KB", 3000) / 1000.0 * budget_factor;
	double budget = base + per_kb * (double)bytes / 1024.0;
	double best = -1, raw_best = -1;

	for (int attempt = 0; attempt < 5; attempt++) {
		double t0 = now_ms(), took, slowdown;

		run(ctx);
		took = now_ms() - t0;
		if (raw_best < 0 || took < raw_best)
			raw_best = took;
		if (took <= budget)
			return took;
		/* Over budget: how much slower is the machine than when idle, just now? */
		slowdown = reference_ms() / reference_base_ms();
		if (slowdown > 1)
			took /= slowdown;
		if (best < 0 || took < best)
			best = took;
		if (best <= budget)
			return raw_best;
	}
	fuzz_fail(what,
		  "%zu bytes took %.1f ms (%.1f ms allowing for the machine's load, the best of 5), over the budget "
		  "of %.1f ms (%.0f ms + %.2f ms per kB): the work grows faster than the input",
		  bytes, raw_best, best, budget, base, per_kb);
}

size_t fuzz_amplify_bytes(void)
{
	return (size_t)env_number("FUZZ_AMPLIFY", 65536);
}

bool fuzz_amplify_now(const uint8_t *data, size_t size)
{
	static unsigned long calls;
	unsigned long all = (unsigned long)env_number("FUZZ_AMPLIFY_ALL", 100);
	unsigned long every = (unsigned long)env_number("FUZZ_AMPLIFY_EVERY", 8);
	uint32_t h = 2166136261u; /* FNV-1a */

	calls++;
	if (size == 0 || fuzz_amplify_bytes() == 0)
		return false;
	if (calls <= all || every <= 1)
		return true;
	for (size_t i = 0; i < size; i++)
		h = (h ^ data[i]) * 16777619u;
	return h % every == 0;
}

char *fuzz_repeat(const char *prefix, const uint8_t *data, size_t size, const char *sep, const char *suffix,
		  size_t target, size_t *len)
{
	size_t lp = strlen(prefix), ls = strlen(sep), lx = strlen(suffix), copies = 1, n = 0;
	char *out;

	if (size == 0)
		copies = 0;
	else if (target > size)
		copies = (target + size + ls - 1) / (size + ls);
	out = malloc(lp + copies * (size + ls) + lx + 1);
	if (!out)
		abort();
	memcpy(out, prefix, lp);
	n = lp;
	for (size_t i = 0; i < copies; i++) {
		if (i) {
			memcpy(out + n, sep, ls);
			n += ls;
		}
		memcpy(out + n, data, size);
		n += size;
	}
	memcpy(out + n, suffix, lx);
	n += lx;
	out[n] = '\0';
	*len = n;
	return out;
}

char *fuzz_cstr(const uint8_t *data, size_t size, char nul_as)
{
	char *s = malloc(size + 1);

	if (!s)
		abort();
	for (size_t i = 0; i < size; i++)
		s[i] = data[i] ? (char)data[i] : nul_as;
	s[size] = '\0';
	return s;
}
