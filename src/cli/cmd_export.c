/*
 * cmd_export.c - tillit export assets|incidents: the asset register or the
 * incidents as XLSX, CSV or JSON for scripts and backups of the content.
 *
 *   tillit export assets --format xlsx|csv|json [--output FILE] [--unit ID] [--lang sv|en] [--db URL]
 *   tillit export incidents --format xlsx|csv|json [--output FILE] [--unit ID] [--kind K]
 *                           [--status S] [--state S] [--from DATE] [--to DATE] [--clock-missed]
 *                           [--lang sv|en]
 *
 * Every asset of the installation, or of one unit's subtree with --unit;
 * the same files as the web page's export. CSV and JSON go to standard
 * output unless --output names a file, written a page of assets at a time
 * (asset_export_next()), so memory stays small whatever the register's
 * size; XLSX needs --output and takes at most ASSET_EXPORT_XLSX_MAX assets.
 * Headers and labels of both are Swedish, the installation's language,
 * unless --lang (or TILLIT_LANG) says en.
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
#include "domain/incident.h"

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

static const char *const asset_formats[] = { "xlsx", "csv", "json", NULL };
static const char *const asset_file_formats[] = { "xlsx", NULL };

static const struct cli_export_spec asset_spec = {
	"export assets",
	asset_formats,
	"--format is xlsx, csv or json",
	asset_file_formats,
	"--format xlsx needs --output FILE",
};

static int export_assets(int argc, char **argv)
{
	struct cli_export o;
	struct asset_filter f;
	struct asset *items;
	size_t n;
	int64_t total;
	struct err e = { 0 };
	struct arena *a;
	struct db *db;
	int rc;

	if ((rc = cli_export_options(&asset_spec, argc, argv, &o)))
		return rc;
	asset_filter_init(&f);
	f.unit_id = o.unit_id;
	db = cli_open_db(cli_db_url(o.url));
	if (!db)
		return CLI_FAIL;
	if (strcmp(o.format, "xlsx")) {
		rc = write_stream(db, &f, o.lang, strcmp(o.format, "csv") ? ASSET_EXPORT_JSON : ASSET_EXPORT_CSV,
				  o.output);
		db_close(db);
		return rc;
	}
	a = arena_new();
	if (asset_export_list(db, a, &f, &items, &n, &total, &e) ||
	    asset_export_xlsx_file(a, items, n, o.lang, o.output, &e))
		rc = cli_fail(&e);
	else
		rc = CLI_OK;
	arena_free(a);
	db_close(db);
	return rc;
}

/* The incident list's filter arguments as the options gave them, for incident_filter_parse(). */
struct named_args {
	const char *names[8], *values[8];
	size_t n;
};

static const char *named_get(void *ctx, const char *name)
{
	const struct named_args *na = ctx;
	for (size_t i = 0; i < na->n; i++)
		if (!strcmp(na->names[i], name))
			return na->values[i];
	return NULL;
}

static int export_incidents(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "db", required_argument, 0, 'd' },
		{ "format", required_argument, 0, 'f' },
		{ "output", required_argument, 0, 'o' },
		{ "unit", required_argument, 0, 'u' },
		{ "kind", required_argument, 0, 'k' },
		{ "status", required_argument, 0, 's' },
		{ "state", required_argument, 0, 't' },
		{ "from", required_argument, 0, 'F' },
		{ "to", required_argument, 0, 'T' },
		{ "clock-missed", no_argument, 0, 'm' },
		CLI_LANG_OPTION,
		{ 0, 0, 0, 0 },
	};
	const char *url = NULL, *format = NULL, *output = NULL, *lang_flag = NULL;
	enum lang lang;
	struct named_args na = { .n = 0 };
	struct incident_filter f;
	struct incident *items;
	size_t n;
	int64_t total;
	struct err e = { 0 };
	struct arena *a;
	struct db *db;
	int c, rc;

	optind = 0;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		const char *name = NULL, *value = optarg;
		switch (c) {
		case 'd':
			url = optarg;
			continue;
		case 'f':
			format = optarg;
			continue;
		case 'o':
			output = optarg;
			continue;
		case CLI_LANG_OPT:
			lang_flag = optarg;
			continue;
		case 'u':
			name = "unit_id";
			break;
		case 'k':
			name = "kind";
			break;
		case 's':
			name = "status";
			break;
		case 't':
			name = "state";
			break;
		case 'F':
			name = "from";
			break;
		case 'T':
			name = "to";
			break;
		case 'm':
			name = "clock_missed";
			value = "true";
			break;
		default:
			return cli_usage("export incidents", "unknown option");
		}
		na.names[na.n] = name;
		na.values[na.n++] = value;
	}
	if (optind != argc)
		return cli_usage("export incidents", "takes no arguments besides the options");
	if (!format || (strcmp(format, "xlsx") && strcmp(format, "csv") && strcmp(format, "json")))
		return cli_usage("export incidents", "--format is xlsx, csv or json");
	if (!strcmp(format, "xlsx") && !output)
		return cli_usage("export incidents", "--format xlsx needs --output FILE");
	if ((rc = cli_doc_lang_of("export incidents", lang_flag, &lang)))
		return rc;
	incident_filter_init(&f);
	if (incident_filter_parse(&f, named_get, &na, &e)) {
		cli_fail(&e);
		return CLI_USAGE;
	}
	db = cli_open_db(cli_db_url(url));
	if (!db)
		return CLI_FAIL;
	a = arena_new();
	rc = incident_export_list(db, a, &f, &items, &n, &total, &e);
	if (rc) {
		rc = cli_fail(&e);
	} else {
		struct buf b;
		buf_init(&b, a);
		if (!strcmp(format, "xlsx")) {
			const char *data;
			size_t len;
			rc = incident_export_xlsx(a, items, n, lang, &data, &len, &e)
				     ? cli_fail(&e)
				     : cli_write_file(output, data, len);
		} else {
			if (!strcmp(format, "csv"))
				incident_export_csv(&b, items, n, lang);
			else
				incident_export_json(&b, items, n, total);
			rc = cli_write_file(output, b.data, b.len);
		}
	}
	if (!rc && total > (int64_t)n)
		fprintf(stderr, "tillit: only the first %zu of %" PRId64 " incidents were exported\n", n, total);
	arena_free(a);
	db_close(db);
	return rc;
}

int cmd_export(int argc, char **argv)
{
	if (argc < 2)
		return cli_usage("export", "say what to export: tillit export assets|incidents --format xlsx|csv|json");
	if (!strcmp(argv[1], "assets"))
		return export_assets(argc - 1, argv + 1);
	if (!strcmp(argv[1], "incidents"))
		return export_incidents(argc - 1, argv + 1);
	if (!strcmp(argv[1], "risks"))
		return cmd_export_risks(argc - 1, argv + 1);
	if (!strcmp(argv[1], "continuity"))
		return cmd_export_continuity(argc - 1, argv + 1);
	if (!strcmp(argv[1], "register"))
		return cmd_export_register(argc - 1, argv + 1);
	return cli_usage("export", "unknown export (try: assets, incidents, risks, continuity, register)");
}
