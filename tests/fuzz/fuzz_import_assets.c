/*
 * fuzz_import_assets.c - libFuzzer harness for the asset register's CSV
 * import (asset_import(), dry run) on a small register (fuzz_db.c).
 *
 * Properties: a dry run always reads the file (returns 0) and saves
 * nothing; every problem names a field and a message and a line within the
 * file; a file without problems yields rows whose text is all text by
 * str_valid_text() (so an export of them is valid XML) and whose number is
 * within the import's limit. Time at most linear, also with the lines after
 * the header repeated to FUZZ_AMPLIFY bytes.
 */
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/err.h"
#include "core/str.h"
#include "domain/asset_io.h"
#include "fuzz.h"
#include "fuzz_db.h"

static bool text_or_null(const char *s)
{
	return !s || str_valid_text(s, strlen(s));
}

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
	struct asset_import res;
	struct err e = { 0 };
	size_t lines = 1;
	int rc;

	for (size_t i = 0; i < j->len; i++)
		if (j->data[i] == '\n' || j->data[i] == '\r')
			lines++;
	rc = asset_import(db, a, admin, j->data, j->len, true, &res, &e);
	if (rc)
		fuzz_fail("asset_import", "a dry run failed: %s (%s)", e.msgid ? e.msgid : "?", e.detail);
	FUZZ_CHECK("asset_import", !res.imported && res.n_rows <= ASSET_IMPORT_MAX_ROWS);
	for (size_t i = 0; i < res.n_problems; i++) {
		FUZZ_CHECK("problem", res.problems[i].field && res.problems[i].err.msgid);
		FUZZ_CHECK("problem", res.problems[i].line <= lines);
	}
	if (res.n_problems == 0)
		for (size_t i = 0; i < res.n_rows; i++) {
			const struct asset_input *in = &res.rows[i];

			FUZZ_CHECK("row", text_or_null(in->name) && text_or_null(in->description));
			FUZZ_CHECK("row", text_or_null(in->supplier) && text_or_null(in->kind));
			FUZZ_CHECK("row", in->unit_id > 0);
		}
	arena_free(a);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct job j = { (const char *)data, size };
	const uint8_t *nl = memchr(data, '\n', size);

	fuzz_budget_factor(3); /* a database query or two for every row */
	fuzz_linear("asset import", size, run, &j);
	if (nl && fuzz_amplify_now(data, size)) {
		size_t head = (size_t)(nl - data) + 1, big_len;
		char *prefix = malloc(head + 1);
		char *big;

		memcpy(prefix, data, head);
		prefix[head] = '\0';
		big = fuzz_repeat(prefix, data + head, size - head, "\n", "", fuzz_amplify_bytes(), &big_len);
		j.data = big;
		j.len = big_len;
		fuzz_linear("asset import, amplified", big_len, run, &j);
		free(big);
		free(prefix);
	}
	return 0;
}
