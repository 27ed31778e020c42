/*
 * cmd_risk.c - tillit export risks | continuity: the risk register and the
 * continuity plans as files, for scripts, archives and the board.
 *
 *   tillit export risks --format xlsx|csv|json|docx|md [--output FILE] [--unit ID] [--analysis ID]
 *                       [--lang sv|en] [--db URL]
 *   tillit export continuity --format xlsx|csv|json|docx|md [--output FILE] [--unit ID] [--lang sv|en] [--db URL]
 *
 * Everything in the installation, or one unit's subtree (or one analysis's
 * risks); the same files as the pages' exports. csv, json and md go to
 * standard output unless --output names a file; xlsx and docx need
 * --output. Headers and labels are Swedish, the installation's language,
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
#include "core/json.h"
#include "db/db.h"
#include "domain/continuity.h"
#include "domain/risk.h"
#include "domain/risk_report.h"
#include "domain/unit.h"
#include "io/doc.h"

static const struct auth cli_auth = AUTH_SYSTEM("system (command line)");

struct opts {
	const char *url, *format, *output;
	int64_t unit, analysis;
	enum lang lang;
};

static int parse(const char *cmd, bool analysis, int argc, char **argv, struct opts *o)
{
	static const struct option long_opts[] = {
		{ "db", required_argument, 0, 'd' },
		{ "format", required_argument, 0, 'f' },
		{ "output", required_argument, 0, 'o' },
		{ "unit", required_argument, 0, 'u' },
		{ "analysis", required_argument, 0, 'a' },
		CLI_LANG_OPTION,
		{ 0, 0, 0, 0 },
	};
	const char *lang = NULL;
	int c;

	memset(o, 0, sizeof(*o));
	optind = 0;
	while ((c = getopt_long(argc, argv, "", long_opts, NULL)) != -1) {
		switch (c) {
		case 'd':
			o->url = optarg;
			break;
		case 'f':
			o->format = optarg;
			break;
		case 'o':
			o->output = optarg;
			break;
		case 'u':
			if (sscanf(optarg, "%" SCNd64, &o->unit) != 1 || o->unit <= 0)
				return cli_usage(cmd, "--unit takes a unit id");
			break;
		case CLI_LANG_OPT:
			lang = optarg;
			break;
		case 'a':
			if (!analysis || sscanf(optarg, "%" SCNd64, &o->analysis) != 1 || o->analysis <= 0)
				return cli_usage(cmd, analysis ? "--analysis takes an analysis id" : "unknown option");
			break;
		default:
			return cli_usage(cmd, "unknown option");
		}
	}
	if (optind != argc)
		return cli_usage(cmd, "takes no arguments besides the options");
	if (!o->format || (strcmp(o->format, "xlsx") && strcmp(o->format, "csv") && strcmp(o->format, "json") &&
			   strcmp(o->format, "docx") && strcmp(o->format, "md")))
		return cli_usage(cmd, "--format is xlsx, csv, json, docx or md");
	if ((!strcmp(o->format, "xlsx") || !strcmp(o->format, "docx")) && !o->output)
		return cli_usage(cmd, "--format xlsx and docx need --output FILE");
	return cli_doc_lang_of(cmd, lang, &o->lang);
}

/* Write document @d, or @b, in the chosen format. */
static int emit(struct arena *a, const struct opts *o, struct doc *d, struct buf *b, struct err *e)
{
	const char *data;
	size_t len;
	if (d && !strcmp(o->format, "docx")) {
		if (doc_docx(a, d, &data, &len, e))
			return cli_fail(e);
		return cli_write_file(o->output, data, len);
	}
	if (d)
		doc_markdown(b, d);
	return cli_write_file(o->output, b->data, b->len);
}

int cmd_export_risks(int argc, char **argv)
{
	struct opts o;
	struct risk_filter f;
	struct risk *items;
	size_t n;
	int64_t total;
	struct err e = { 0 };
	struct arena *a;
	struct db *db;
	struct buf b;
	struct doc *d = NULL;
	int rc = parse("export risks", true, argc, argv, &o);

	if (rc)
		return rc;
	if (!(db = cli_open_db(cli_db_url(o.url))))
		return CLI_FAIL;
	a = arena_new();
	buf_init(&b, a);
	risk_filter_init(&f);
	f.unit_id = o.unit;
	f.analysis_id = o.analysis;
	if ((rc = risk_export_list(db, a, &f, &items, &n, &total, &e))) {
		rc = cli_fail(&e);
	} else if (!strcmp(o.format, "xlsx")) {
		const char *data;
		size_t len;
		rc = risk_export_xlsx(db, a, items, n, o.lang, &data, &len, &e) ? cli_fail(&e)
										: cli_write_file(o.output, data, len);
	} else if (!strcmp(o.format, "csv")) {
		rc = risk_export_csv(db, &b, items, n, o.lang, &e) ? cli_fail(&e)
								   : cli_write_file(o.output, b.data, b.len);
	} else if (!strcmp(o.format, "json")) {
		struct json j;
		struct risk_scale s = { 0 };
		int64_t org = -1;
		json_init(&j, &b);
		json_obj_open(&j);
		json_key(&j, "items");
		json_arr_open(&j);
		for (size_t i = 0; i < n; i++) {
			if (unit_org_of(items[i].unit_path) != org) {
				org = unit_org_of(items[i].unit_path);
				risk_scale_of(db, a, items[i].unit_path, &s, &e);
			}
			risk_json(&j, &items[i], &s);
		}
		json_arr_close(&j);
		json_kv_int(&j, "total", total);
		json_obj_close(&j);
		rc = cli_write_file(o.output, b.data, b.len);
	} else {
		rc = risk_register_doc(db, a, o.lang, items, n, total, &d, &e) ? cli_fail(&e) : emit(a, &o, d, &b, &e);
	}
	if (!rc && total > (int64_t)n)
		fprintf(stderr, "tillit: only the first %zu of %" PRId64 " risks were exported\n", n, total);
	arena_free(a);
	db_close(db);
	return rc;
}

int cmd_export_continuity(int argc, char **argv)
{
	struct opts o;
	struct continuity_filter f = { 0 };
	struct continuity_plan *items;
	struct continuity_check *checks;
	size_t n;
	int64_t total;
	struct err e = { 0 };
	struct arena *a;
	struct db *db;
	struct buf b;
	int rc = parse("export continuity", false, argc, argv, &o);

	if (rc)
		return rc;
	if (!(db = cli_open_db(cli_db_url(o.url))))
		return CLI_FAIL;
	a = arena_new();
	buf_init(&b, a);
	f.unit_id = o.unit;
	if ((rc = continuity_export_list(db, a, &cli_auth, o.lang, &f, &items, &checks, &n, &total, &e))) {
		rc = cli_fail(&e);
	} else if (!strcmp(o.format, "xlsx")) {
		const char *data;
		size_t len;
		rc = continuity_export_xlsx(a, items, checks, n, o.lang, &data, &len, &e)
			     ? cli_fail(&e)
			     : cli_write_file(o.output, data, len);
	} else if (!strcmp(o.format, "csv")) {
		continuity_export_csv(&b, items, checks, n, o.lang);
		rc = cli_write_file(o.output, b.data, b.len);
	} else if (!strcmp(o.format, "json")) {
		struct json j;
		json_init(&j, &b);
		json_obj_open(&j);
		json_key(&j, "items");
		json_arr_open(&j);
		for (size_t i = 0; i < n; i++)
			continuity_plan_json(&j, &items[i], &checks[i]);
		json_arr_close(&j);
		json_kv_int(&j, "total", total);
		json_obj_close(&j);
		rc = cli_write_file(o.output, b.data, b.len);
	} else {
		rc = emit(a, &o, continuity_doc(a, o.lang, items, checks, n, total), &b, &e);
	}
	arena_free(a);
	db_close(db);
	return rc;
}
