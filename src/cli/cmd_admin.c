/*
 * cmd_admin.c - tillit migrate, tillit audit verify, tillit backup.
 */
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "core/arena.h"
#include "core/err.h"
#include "db/db.h"
#include "domain/audit.h"

/* Parse a lone --db option; returns the number of positional arguments or -1. */
static int db_only(int argc, char **argv, const char **url)
{
	static const struct option opts[] = { { "db", required_argument, 0, 'd' }, { 0, 0, 0, 0 } };
	int c;
	optind = 0;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c != 'd')
			return -1;
		*url = optarg;
	}
	return argc - optind;
}

int cmd_migrate(int argc, char **argv)
{
	const char *url = NULL;
	struct err e = { 0 };
	struct db *db;
	int n;

	if (db_only(argc, argv, &url) != 0)
		return cli_usage("migrate", "takes only --db");
	db = cli_open_db(cli_db_url(url));
	if (!db)
		return CLI_FAIL;
	n = db_schema_version(db, &e);
	db_close(db);
	if (n < 0)
		return cli_fail(&e);
	printf("schema version %d\n", n);
	return CLI_OK;
}

int cmd_audit(int argc, char **argv)
{
	const char *url = NULL;
	struct err e = { 0 };
	int64_t n = 0, bad = 0;
	struct arena *a;
	struct db *db;
	int rc;

	if (argc < 2 || strcmp(argv[1], "verify") != 0)
		return cli_usage("audit", "expected verify");
	if (db_only(argc - 1, argv + 1, &url) != 0)
		return cli_usage("audit verify", "takes only --db");
	db = cli_open_db(cli_db_url(url));
	if (!db)
		return CLI_FAIL;
	a = arena_new();
	rc = audit_verify(db, a, &n, &bad, &e);
	if (rc == ERR_INVALID) {
		fprintf(stderr, "tillit: audit trail damaged: %s\n", err_message(&e, cli_lang(), a));
		fprintf(stderr, "first bad entry: %" PRId64 "\n", bad);
		rc = CLI_BAD_AUDIT;
	} else if (rc) {
		rc = cli_fail(&e);
	} else {
		printf("audit trail intact: %" PRId64 " entries\n", n);
	}
	arena_free(a);
	db_close(db);
	return rc;
}

int cmd_backup(int argc, char **argv)
{
	const char *url = NULL;
	struct err e = { 0 };
	struct db *db;
	int rc;

	if (db_only(argc, argv, &url) != 1)
		return cli_usage("backup", "give the backup file name: tillit backup FILE");
	db = cli_open_db(cli_db_url(url));
	if (!db)
		return CLI_FAIL;
	rc = db_backup(db, argv[optind], &e);
	db_close(db);
	if (rc)
		return cli_fail(&e);
	printf("backup written to %s\n", argv[optind]);
	return CLI_OK;
}
