/*
 * fuzz_import_requirements.c - libFuzzer harness for the requirements
 * library's CSV import (requirement_import(), dry run) against the default
 * library (fuzz_db.c).
 *
 * Properties: 0 (valid, counted, nothing saved) or ERR_INVALID with at
 * least one problem, each naming a field and a message at a line within
 * the file; a valid file's rows add up (new + changed + same = rows). Time
 * at most linear, also with the lines after the header repeated to
 * FUZZ_AMPLIFY bytes.
 */
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/err.h"
#include "domain/requirement.h"
#include "fuzz.h"
#include "fuzz_db.h"

struct job {
	const char *data;
	size_t len;
};

static void run(void *p)
{
	struct job *j = p;
	const struct auth *admin;
	struct db *db = fuzz_db(&admin);
	struct arena *a = arena_new();
	struct reqimport_result res;
	struct err e = { 0 };
	size_t lines = 1;
	int rc;

	for (size_t i = 0; i < j->len; i++)
		if (j->data[i] == '\n' || j->data[i] == '\r')
			lines++;
	rc = requirement_import(db, a, admin, j->data, j->len, true, &res, &e);
	if (rc == 0) {
		FUZZ_CHECK("requirement_import", res.n_problems == 0 && res.n_rows > 0);
		FUZZ_CHECK("requirement_import", res.n_new + res.n_changed + res.n_same == res.n_rows);
	} else {
		if (rc != ERR_INVALID)
			fuzz_fail("requirement_import", "a dry run failed: %s (%s)", e.msgid ? e.msgid : "?", e.detail);
		FUZZ_CHECK("requirement_import", res.n_problems > 0);
	}
	for (size_t i = 0; i < res.n_problems; i++) {
		FUZZ_CHECK("problem", res.problems[i].field && res.problems[i].err.msgid);
		FUZZ_CHECK("problem", res.problems[i].line <= lines);
	}
	arena_free(a);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct job j = { (const char *)data, size };
	const uint8_t *nl = memchr(data, '\n', size);

	fuzz_budget_factor(3); /* a database query or two for every row */
	fuzz_linear("requirements import", size, run, &j);
	if (nl && fuzz_amplify_now(data, size)) {
		size_t head = (size_t)(nl - data) + 1, big_len;
		char *prefix = malloc(head + 1);
		char *big;

		memcpy(prefix, data, head);
		prefix[head] = '\0';
		big = fuzz_repeat(prefix, data + head, size - head, "\n", "", fuzz_amplify_bytes(), &big_len);
		j.data = big;
		j.len = big_len;
		fuzz_linear("requirements import, amplified", big_len, run, &j);
		free(big);
		free(prefix);
	}
	return 0;
}
