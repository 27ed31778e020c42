/*
 * cmd_report.c - tillit report action-plan, audit-response,
 * internal-control and management-review: the follow-up report of a unit's
 * action plan for a year, an audit response, a unit's internal control
 * plan or yearly internal control report, and a unit's management review
 * of a year, written to a file.
 *
 *   tillit report action-plan --unit ID --year YEAR --format html|md|docx --output FILE [--lang sv|en] [--db URL]
 *   tillit report internal-control --unit ID --year YEAR --format html|md|docx|xlsx
 *          [--document plan|report] --output FILE [--lang sv|en] [--db URL]
 *
 * The same file as the plan page and the API give (domain/plan_report.c),
 * in Swedish, the installation's language, unless --lang (or TILLIT_LANG)
 * says en. Exit 1 when the unit has no plan for that year, 2 on a usage
 * error.
 */
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "core/arena.h"
#include "core/err.h"
#include "core/str.h"
#include "db/db.h"
#include "domain/intcontrol.h"
#include "domain/intcontrol_report.h"
#include "domain/plan.h"
#include "domain/plan_report.h"
#include "domain/response.h"
#include "domain/response_report.h"
#include "domain/review.h"
#include "domain/review_report.h"
#include "io/doc.h"

static int write_file(const char *path, const char *data, size_t len)
{
	FILE *f = fopen(path, "wb");
	bool ok;
	if (!f) {
		fprintf(stderr, "tillit: cannot write %s\n", path);
		return CLI_FAIL;
	}
	ok = fwrite(data, 1, len, f) == len;
	ok = fclose(f) == 0 && ok;
	if (!ok) {
		fprintf(stderr, "tillit: writing %s failed\n", path);
		return CLI_FAIL;
	}
	return CLI_OK;
}

/* The options both reports take. */
struct report_opts {
	const char *url, *output;
	int64_t unit, year;
	int format;
	enum lang lang;
};

static int parse_opts(const char *name, int argc, char **argv, struct report_opts *o)
{
	static const struct option opts[] = {
		{ "db", required_argument, 0, 'd' },
		{ "unit", required_argument, 0, 'u' },
		{ "year", required_argument, 0, 'y' },
		{ "format", required_argument, 0, 'f' },
		{ "output", required_argument, 0, 'o' },
		CLI_LANG_OPTION,
		{ 0, 0, 0, 0 },
	};
	const char *lang = NULL;
	int c;

	*o = (struct report_opts){ .format = -1 };
	optind = 0;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'd':
			o->url = optarg;
			break;
		case 'u':
			if (!str_to_i64(optarg, &o->unit) || o->unit <= 0)
				return cli_usage(name, "--unit takes a unit id");
			break;
		case 'y':
			if (!str_to_i64(optarg, &o->year) || o->year < PLAN_YEAR_MIN || o->year > PLAN_YEAR_MAX)
				return cli_usage(name, "--year takes a year from 2000 to 2100");
			break;
		case 'f':
			if ((o->format = plan_report_format_parse(optarg)) < 0)
				return cli_usage(name, "--format is html, md or docx");
			break;
		case 'o':
			o->output = optarg;
			break;
		case CLI_LANG_OPT:
			lang = optarg;
			break;
		default:
			return cli_usage(name, "unknown option");
		}
	}
	if (optind != argc)
		return cli_usage(name, "takes no arguments besides the options");
	if (!o->unit || !o->year || o->format < 0 || !o->output)
		return cli_usage(name, "give --unit ID --year YEAR --format html|md|docx --output FILE");
	return cli_doc_lang_of(name, lang, &o->lang);
}

/* Render @d in @o's format and write it to @o's file; the failure of @rc (set by building) first. */
static int finish(struct arena *a, int rc, const struct doc *d, const struct report_opts *o, struct err *e)
{
	const char *data, *mime;
	size_t len;

	if (rc || (rc = plan_report_render(a, d, (enum plan_report_format)o->format, &data, &len, &mime, e)))
		return cli_fail(e);
	return write_file(o->output, data, len);
}

static int action_plan(int argc, char **argv)
{
	struct report_opts o;
	struct plan p;
	struct doc *d = NULL;
	struct err e = { 0 };
	struct arena *a;
	struct db *db;
	int rc;

	if ((rc = parse_opts("report action-plan", argc, argv, &o)) != CLI_OK)
		return rc;
	if (!(db = cli_open_db(cli_db_url(o.url))))
		return CLI_FAIL;
	a = arena_new();
	if (!(rc = plan_find(db, a, o.unit, o.year, &p, &e)))
		rc = plan_report_build(db, a, o.lang, &p, &d, &e);
	rc = finish(a, rc, d, &o, &e);
	arena_free(a);
	db_close(db);
	return rc;
}

static int management_review(int argc, char **argv)
{
	struct report_opts o;
	struct review r;
	struct doc *d = NULL;
	struct err e = { 0 };
	struct arena *a;
	struct db *db;
	int rc;

	if ((rc = parse_opts("report management-review", argc, argv, &o)) != CLI_OK)
		return rc;
	if (!(db = cli_open_db(cli_db_url(o.url))))
		return CLI_FAIL;
	a = arena_new();
	if (!(rc = review_find(db, a, o.unit, o.year, &r, &e)))
		rc = review_report_build(db, a, o.lang, &r, &d, &e);
	rc = finish(a, rc, d, &o, &e);
	arena_free(a);
	db_close(db);
	return rc;
}

static int internal_control(int argc, char **argv)
{
	static const char *const cmd = "report internal-control";
	static const struct option opts[] = {
		{ "db", required_argument, 0, 'd' },
		{ "unit", required_argument, 0, 'u' },
		{ "year", required_argument, 0, 'y' },
		{ "format", required_argument, 0, 'f' },
		{ "document", required_argument, 0, 'D' },
		{ "output", required_argument, 0, 'o' },
		CLI_LANG_OPTION,
		{ 0, 0, 0, 0 },
	};
	const char *url = NULL, *output = NULL, *data, *mime, *lang_flag = NULL;
	enum lang lang;
	int64_t unit = 0, year = 0;
	int format = -1, which = IC_DOC_REPORT, c, rc;
	struct ic_plan p;
	size_t len;
	struct err e = { 0 };
	struct arena *a;
	struct db *db;

	optind = 0;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'd':
			url = optarg;
			break;
		case 'u':
			if (!str_to_i64(optarg, &unit) || unit <= 0)
				return cli_usage(cmd, "--unit takes a unit id");
			break;
		case 'y':
			if (!str_to_i64(optarg, &year) || year < IC_YEAR_MIN || year > IC_YEAR_MAX)
				return cli_usage(cmd, "--year takes a year from 2000 to 2100");
			break;
		case 'f':
			if ((format = intcontrol_format_parse(optarg)) < 0)
				return cli_usage(cmd, "--format is html, md, docx or xlsx");
			break;
		case 'D':
			if ((which = intcontrol_document_parse(optarg)) < 0)
				return cli_usage(cmd, "--document is plan or report");
			break;
		case 'o':
			output = optarg;
			break;
		case CLI_LANG_OPT:
			lang_flag = optarg;
			break;
		default:
			return cli_usage(cmd, "unknown option");
		}
	}
	if (optind != argc)
		return cli_usage(cmd, "takes no arguments besides the options");
	if (!unit || !year || format < 0 || !output)
		return cli_usage(cmd, "give --unit ID --year YEAR --format html|md|docx|xlsx --output FILE");
	if ((rc = cli_doc_lang_of(cmd, lang_flag, &lang)))
		return rc;
	if (!(db = cli_open_db(cli_db_url(url))))
		return CLI_FAIL;
	a = arena_new();
	if ((rc = intcontrol_plan_find(db, a, unit, year, &p, &e)) ||
	    (rc = intcontrol_report_file(db, a, lang, &p, (enum ic_document)which, (enum ic_format)format, &data, &len,
					 &mime, &e)))
		rc = cli_fail(&e);
	else
		rc = write_file(output, data, len);
	arena_free(a);
	db_close(db);
	return rc;
}

static int audit_response(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "db", required_argument, 0, 'd' },
		{ "response", required_argument, 0, 'r' },
		{ "format", required_argument, 0, 'f' },
		{ "output", required_argument, 0, 'o' },
		CLI_LANG_OPTION,
		{ 0, 0, 0, 0 },
	};
	const char *url = NULL, *output = NULL, *data, *mime, *lang_flag = NULL;
	enum lang lang;
	int64_t id = 0;
	int format = -1, c, rc;
	struct audit_response s;
	struct doc *d;
	size_t len;
	struct err e = { 0 };
	struct arena *a;
	struct db *db;

	optind = 0;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'd':
			url = optarg;
			break;
		case 'r':
			if (!str_to_i64(optarg, &id) || id <= 0)
				return cli_usage("report audit-response", "--response takes a response id");
			break;
		case 'f':
			if ((format = plan_report_format_parse(optarg)) < 0)
				return cli_usage("report audit-response", "--format is html, md or docx");
			break;
		case 'o':
			output = optarg;
			break;
		case CLI_LANG_OPT:
			lang_flag = optarg;
			break;
		default:
			return cli_usage("report audit-response", "unknown option");
		}
	}
	if (optind != argc)
		return cli_usage("report audit-response", "takes no arguments besides the options");
	if (!id || format < 0)
		return cli_usage("report audit-response", "give --response ID --format html|md|docx [--output FILE]");
	if ((rc = cli_doc_lang_of("report audit-response", lang_flag, &lang)))
		return rc;
	if (!(db = cli_open_db(cli_db_url(url))))
		return CLI_FAIL;
	a = arena_new();
	if ((rc = response_get(db, a, id, &s, &e)) || (rc = response_report_build(db, a, lang, &s, &d, &e)) ||
	    (rc = plan_report_render(a, d, (enum plan_report_format)format, &data, &len, &mime, &e)))
		rc = cli_fail(&e);
	else if (output)
		rc = write_file(output, data, len);
	else
		rc = fwrite(data, 1, len, stdout) == len && fflush(stdout) == 0 ? CLI_OK : CLI_FAIL;
	arena_free(a);
	db_close(db);
	return rc;
}

int cmd_report(int argc, char **argv)
{
	if (argc < 2)
		return cli_usage("report", "say which report: tillit report action-plan --unit ID --year YEAR ...");
	if (!strcmp(argv[1], "action-plan"))
		return action_plan(argc - 1, argv + 1);
	if (!strcmp(argv[1], "audit-response"))
		return audit_response(argc - 1, argv + 1);
	if (!strcmp(argv[1], "internal-control"))
		return internal_control(argc - 1, argv + 1);
	if (!strcmp(argv[1], "management-review"))
		return management_review(argc - 1, argv + 1);
	return cli_usage("report",
			 "unknown report (try: action-plan, audit-response, internal-control, management-review)");
}
