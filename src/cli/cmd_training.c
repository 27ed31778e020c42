/*
 * cmd_training.c - tillit training import: completions from a learning
 * platform's CSV export, as the import page takes them.
 *
 *   tillit training import FILE [--dry-run] [--db URL] [--audit-key FILE]
 *
 * The file is checked first: every bad row is printed with its line and
 * column on standard error and nothing is saved (exit 1). With --dry-run
 * nothing is saved in any case. Without problems every row is saved in
 * one transaction, as the installation itself (any unit).
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "core/arena.h"
#include "core/buf.h"
#include "core/err.h"
#include "core/i18n.h"
#include "db/db.h"
#include "domain/authz.h"
#include "domain/training_io.h"

static const struct auth cli_auth = AUTH_SYSTEM("system (command line)");

static int read_file(struct arena *a, const char *path, struct buf *out)
{
	FILE *f = fopen(path, "rb");
	char chunk[65536];
	size_t n;
	if (!f) {
		fprintf(stderr, "tillit: cannot read %s\n", path);
		return CLI_FAIL;
	}
	buf_init(out, a);
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		buf_add(out, chunk, n);
	fclose(f);
	return CLI_OK;
}

static int import(int argc, char **argv)
{
	static const struct option long_opts[] = {
		{ "db", required_argument, 0, 'd' },
		{ "audit-key", required_argument, 0, 'k' },
		{ "dry-run", no_argument, 0, 'n' },
		{ 0, 0, 0, 0 },
	};
	const char *url = NULL, *key = NULL;
	struct training_import res;
	struct err e = { 0 };
	bool dry_run = false;
	struct arena *a;
	struct buf data;
	struct db *db;
	int c, rc;

	optind = 0;
	while ((c = getopt_long(argc, argv, "", long_opts, NULL)) != -1) {
		if (c == 'd')
			url = optarg;
		else if (c == 'k')
			key = optarg;
		else if (c == 'n')
			dry_run = true;
		else
			return cli_usage("training import", "unknown option");
	}
	if (optind != argc - 1)
		return cli_usage("training import", "takes one file");
	a = arena_new();
	if (read_file(a, argv[optind], &data)) {
		arena_free(a);
		return CLI_FAIL;
	}
	db = dry_run ? cli_open_db(cli_db_url(url)) : cli_open_db_keyed(cli_db_url(url), key);
	if (!db) {
		arena_free(a);
		return CLI_FAIL;
	}
	rc = training_import(db, a, &cli_auth, data.data ? data.data : "", data.len, dry_run, NULL, &res, &e);
	if (rc && rc != ERR_INVALID) {
		rc = cli_fail(&e);
	} else {
		for (size_t i = 0; i < res.n_problems; i++)
			fprintf(stderr, "%s:%zu: %s%s%s\n", argv[optind], res.problems[i].line,
				res.problems[i].column ? res.problems[i].column : "",
				res.problems[i].column ? ": " : "", err_message(&res.problems[i].err, cli_lang(), a));
		if (res.n_problems) {
			fprintf(stderr, "tillit: %zu of %zu rows have problems; nothing imported\n", res.n_bad_rows,
				res.n_rows);
			rc = CLI_FAIL;
		} else if (dry_run) {
			printf("%zu rows, no problems (%s); nothing imported (--dry-run)\n", res.n_rows, res.encoding);
			rc = CLI_OK;
		} else {
			printf("%zu rows imported, %zu of them already recorded\n", res.n_rows, res.n_already);
			rc = CLI_OK;
		}
	}
	db_close(db);
	arena_free(a);
	return rc;
}

int cmd_training(int argc, char **argv)
{
	if (argc < 2 || strcmp(argv[1], "import"))
		return cli_usage("training", "use: tillit training import FILE [--dry-run]");
	return import(argc - 1, argv + 1);
}
