/*
 * cmd_export.c - tillit export assets: the asset register as XLSX, CSV or
 * JSON for scripts and backups of the register's content.
 *
 *   tillit export assets --format xlsx|csv|json [--output FILE] [--unit ID] [--lang sv|en] [--db URL]
 *
 * Every asset of the installation, or of one unit's subtree with --unit;
 * the same files as the web page's export. CSV and JSON go to standard
 * output unless --output names a file, written a page of assets at a time
 * (asset_export_next()), so memory stays small whatever the register's
 * size; XLSX needs --output and takes at most ASSET_EXPORT_XLSX_MAX assets.
 * Headers and labels are Swedish, the installation's language, unless
 * --lang (or TILLIT_LANG) says en.
 */
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "core/arena.h"
#include "core/buf.h"
#include "core/err.h"
#include "db/db.h"
#include "domain/asset.h"
#include "domain/asset_io.h"

/* The CSV or JSON export of @f into @path (standard output when NULL), piece by piece. */
static int write_stream(struct db *db, const struct asset_filter *f, enum lang lang, enum asset_export_format format,
			const char *path)
{
	struct arena *keep = arena_new();
	struct asset_export_stream s;
	struct err e = { 0 };
	FILE *out = NULL;
	bool ok = true;
	int rc;

	if ((rc = asset_export_begin(&s, db, keep, f, format, lang, &e))) {
		rc = cli_fail(&e);
		goto done;
	}
	out = path ? fopen(path, "wb") : stdout;
	if (!out) {
		fprintf(stderr, "tillit: cannot write %s\n", path);
		rc = CLI_FAIL;
		goto done;
	}
	do {
		struct arena *a = arena_new();
		struct buf b;

		buf_init(&b, a);
		rc = asset_export_next(&s, db, a, &b, &e);
		if (rc >= 0)
			ok = fwrite(b.data, 1, b.len, out) == b.len && ok;
		arena_free(a);
	} while (rc > 0 && ok);
	if (rc < 0) {
		rc = cli_fail(&e);
		goto done;
	}
	ok = (path ? fclose(out) == 0 : fflush(out) == 0) && ok;
	out = NULL;
	rc = CLI_OK;
	if (!ok) {
		fprintf(stderr, "tillit: writing %s failed\n", path ? path : "standard output");
		rc = CLI_FAIL;
	}
done:
	if (out && path)
		fclose(out);
	arena_free(keep);
	return rc;
}

static int export_assets(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "db", required_argument, 0, 'd' },     { "format", required_argument, 0, 'f' },
		{ "output", required_argument, 0, 'o' }, { "unit", required_argument, 0, 'u' },
		{ "lang", required_argument, 0, 'l' },   { 0, 0, 0, 0 },
	};
	const char *url = NULL, *format = NULL, *output = NULL, *lang_flag = NULL;
	enum lang lang;
	struct asset_filter f;
	struct asset *items;
	size_t n;
	int64_t total;
	struct err e = { 0 };
	struct arena *a;
	struct db *db;
	int c, rc;

	asset_filter_init(&f);
	optind = 0;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'd':
			url = optarg;
			break;
		case 'f':
			format = optarg;
			break;
		case 'o':
			output = optarg;
			break;
		case 'u':
			if (sscanf(optarg, "%" SCNd64, &f.unit_id) != 1 || f.unit_id <= 0)
				return cli_usage("export assets", "--unit takes a unit id");
			break;
		case 'l':
			lang_flag = optarg;
			break;
		default:
			return cli_usage("export assets", "unknown option");
		}
	}
	if (optind != argc)
		return cli_usage("export assets", "takes no arguments besides the options");
	if (!format || (strcmp(format, "xlsx") && strcmp(format, "csv") && strcmp(format, "json")))
		return cli_usage("export assets", "--format is xlsx, csv or json");
	if (!strcmp(format, "xlsx") && !output)
		return cli_usage("export assets", "--format xlsx needs --output FILE");
	if (cli_doc_lang(lang_flag, &lang))
		return cli_usage("export assets", "--lang is sv or en");
	db = cli_open_db(cli_db_url(url));
	if (!db)
		return CLI_FAIL;
	if (strcmp(format, "xlsx")) {
		rc = write_stream(db, &f, lang, strcmp(format, "csv") ? ASSET_EXPORT_JSON : ASSET_EXPORT_CSV, output);
		db_close(db);
		return rc;
	}
	a = arena_new();
	if (asset_export_list(db, a, &f, &items, &n, &total, &e) ||
	    asset_export_xlsx_file(a, items, n, lang, output, &e))
		rc = cli_fail(&e);
	else
		rc = CLI_OK;
	arena_free(a);
	db_close(db);
	return rc;
}

int cmd_export(int argc, char **argv)
{
	if (argc < 2)
		return cli_usage("export", "say what to export: tillit export assets --format xlsx|csv|json");
	if (!strcmp(argv[1], "assets"))
		return export_assets(argc - 1, argv + 1);
	if (!strcmp(argv[1], "risks"))
		return cmd_export_risks(argc - 1, argv + 1);
	if (!strcmp(argv[1], "continuity"))
		return cmd_export_continuity(argc - 1, argv + 1);
	if (!strcmp(argv[1], "register"))
		return cmd_export_register(argc - 1, argv + 1);
	return cli_usage("export", "unknown export (try: assets, risks, continuity, register)");
}
