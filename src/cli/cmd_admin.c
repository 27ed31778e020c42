/*
 * cmd_admin.c - tillit migrate, tillit audit verify|anchor, tillit backup.
 *
 * audit verify and audit anchor only read: they load the audit key when its
 * file is there and never make one. Exit code 3 means the trail (or, with
 * --records, a table) is not what the audit trail says it should be.
 */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "core/arena.h"
#include "core/err.h"
#include "db/db.h"
#include "domain/audit.h"

/*
 * The database of command @cmd, which takes a lone --db option and
 * @n_args arguments: open and migrated, or NULL with *rc the exit code
 * (CLI_USAGE saying @usage, or CLI_FAIL with the problem printed).
 */
static struct db *db_only(int argc, char **argv, int n_args, const char *cmd, const char *usage, int *rc)
{
	static const struct option opts[] = { { "db", required_argument, 0, 'd' }, { 0, 0, 0, 0 } };
	const char *url = NULL;
	struct db *db;
	int c;

	optind = 0;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c != 'd') {
			*rc = cli_usage(cmd, usage);
			return NULL;
		}
		url = optarg;
	}
	if (argc - optind != n_args) {
		*rc = cli_usage(cmd, usage);
		return NULL;
	}
	if (!(db = cli_open_db(cli_db_url(url))))
		*rc = CLI_FAIL;
	return db;
}

int cmd_migrate(int argc, char **argv)
{
	struct err e = { 0 };
	struct db *db;
	int n, rc;

	if (!(db = db_only(argc, argv, 0, "migrate", "takes only --db", &rc)))
		return rc;
	n = db_schema_version(db, &e);
	db_close(db);
	if (n < 0)
		return cli_fail(&e);
	printf("schema version %d\n", n);
	return CLI_OK;
}

static const char *const problem_text[] = {
	[ARP_CHANGED] = "differs",
	[ARP_UNRECORDED] = "is in the table but in no audit entry (added behind Tillit's back)",
	[ARP_MISSING] = "is in the audit trail but not in the table (removed behind Tillit's back)",
	[ARP_DELETED] = "was removed in the audit trail but is still in the table",
};

/* Print the findings of audit_verify_records(); CLI_OK when there are none. */
static int report_records(struct db *db, struct arena *a)
{
	struct audit_record_finding *f = NULL;
	struct err e = { 0 };
	int64_t n_records = 0;
	size_t n = 0;

	if (audit_verify_records(db, a, &f, &n, &n_records, &e))
		return cli_fail(&e);
	for (size_t i = 0; i < n && i < 1000; i++) {
		if (f[i].problem == ARP_CHANGED)
			fprintf(stderr, "%s %" PRId64 ": %s is \"%s\" in the table but \"%s\" in the audit trail\n",
				f[i].entity, f[i].id, f[i].field, f[i].in_table ? f[i].in_table : "(null)",
				f[i].in_trail ? f[i].in_trail : "(null)");
		else
			fprintf(stderr, "%s %" PRId64 " %s\n", f[i].entity, f[i].id, problem_text[f[i].problem]);
	}
	if (n) {
		fprintf(stderr,
			"tillit: %zu difference(s) between the tables and the audit trail (%" PRId64
			" records checked)\n",
			n, n_records);
		return CLI_BAD_AUDIT;
	}
	printf("records match the audit trail: %" PRId64 " records\n", n_records);
	return CLI_OK;
}

/* "SEQ:MAC" with a positive sequence number and 64 hex digits. */
static bool parse_anchor(const char *s, int64_t *seq, const char **mac)
{
	const char *colon = s ? strchr(s, ':') : NULL;
	char *end;
	long long v;

	if (!colon || colon == s)
		return false;
	errno = 0;
	v = strtoll(s, &end, 10);
	if (errno || end != colon || v < 1 || strlen(colon + 1) != 64 ||
	    strspn(colon + 1, "0123456789abcdefABCDEF") != 64)
		return false;
	*seq = v;
	*mac = colon + 1;
	return true;
}

int cmd_audit(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "db", required_argument, 0, 'd' },
		{ "audit-key", required_argument, 0, 'k' },
		{ "anchor", required_argument, 0, 'a' },
		{ "records", no_argument, 0, 'r' },
		{ 0, 0, 0, 0 },
	};
	const char *url = NULL, *key = NULL, *anchor = NULL, *mac = NULL, *what;
	bool records = false;
	struct err e = { 0 };
	int64_t n = 0, bad = 0, seq = 0;
	struct arena *a;
	struct db *db;
	int c, rc;

	if (argc < 2 || (strcmp(argv[1], "verify") != 0 && strcmp(argv[1], "anchor") != 0))
		return cli_usage("audit", "expected verify or anchor");
	what = argv[1];
	argc--;
	argv++;
	optind = 0;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'd':
			url = optarg;
			break;
		case 'k':
			key = optarg;
			break;
		case 'a':
			anchor = optarg;
			break;
		case 'r':
			records = true;
			break;
		default:
			return cli_usage("audit", "unknown option");
		}
	}
	if (optind != argc)
		return cli_usage("audit", "takes no arguments");
	if (!strcmp(what, "anchor") && (anchor || records))
		return cli_usage("audit anchor", "takes only --db and --audit-key");
	if (anchor && !parse_anchor(anchor, &seq, &mac))
		return cli_usage("audit verify", "--anchor takes SEQ:MAC as tillit audit anchor printed it");
	url = cli_db_url(url);
	db = cli_open_db(url);
	if (!db)
		return CLI_FAIL;
	/* Reading only: the key is loaded when its file is there, never made. */
	if (cli_load_audit_key(key, url) < 0) {
		db_close(db);
		return CLI_FAIL;
	}
	a = arena_new();
	if (!strcmp(what, "anchor")) {
		rc = audit_anchor(db, a, &seq, &mac, &e);
		if (!rc)
			printf("%" PRId64 ":%s\n", seq, mac);
	} else if (anchor) {
		rc = audit_verify_anchor(db, a, seq, mac, &n, &e);
	} else {
		rc = audit_verify(db, a, &n, &bad, &e);
	}
	if (rc == ERR_INVALID) {
		fprintf(stderr, "tillit: audit trail damaged: %s\n", err_message(&e, cli_lang(), a));
		if (!anchor)
			fprintf(stderr, "first bad entry: %" PRId64 "\n", bad);
		rc = CLI_BAD_AUDIT;
	} else if (rc) {
		rc = cli_fail(&e);
	} else if (!strcmp(what, "verify")) {
		printf("audit trail intact: %" PRId64 " entries%s\n", n,
		       anchor            ? ", the anchor included"
		       : audit_has_key() ? ""
					 : " (not keyed yet)");
		if (records)
			rc = report_records(db, a);
	}
	arena_free(a);
	db_close(db);
	return rc;
}

int cmd_backup(int argc, char **argv)
{
	struct err e = { 0 };
	struct db *db;
	int rc;

	if (!(db = db_only(argc, argv, 1, "backup", "give the backup file name: tillit backup FILE", &rc)))
		return rc;
	rc = db_backup(db, argv[optind], &e);
	db_close(db);
	if (rc)
		return cli_fail(&e);
	printf("backup written to %s\n", argv[optind]);
	return CLI_OK;
}
