/*
 * cmd_gdpr.c - tillit export register: the register of processing
 * activities (GDPR Art. 30) for a controller, or the whole installation, in
 * the formats of the web page's exports.
 *
 *   tillit export register --format json|csv|xlsx|docx|html|md [--output FILE] [--unit ID] [--db URL]
 *
 * With --unit, the activities of that unit (the controller) and the units
 * below it. Text formats go to standard output unless --output names a
 * file; xlsx and docx need --output. Headers and words follow the command
 * line's language (TILLIT_LANG or LANG).
 */
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "core/arena.h"
#include "core/buf.h"
#include "core/err.h"
#include "core/html.h"
#include "db/db.h"
#include "domain/gdpr.h"
#include "io/doc.h"

static int write_all(const char *path, const char *data, size_t len)
{
	FILE *f = path ? fopen(path, "wb") : stdout;
	bool ok;
	if (!f) {
		fprintf(stderr, "tillit: cannot write %s\n", path);
		return CLI_FAIL;
	}
	ok = fwrite(data, 1, len, f) == len;
	ok = (path ? fclose(f) == 0 : fflush(f) == 0) && ok;
	if (!ok) {
		fprintf(stderr, "tillit: writing %s failed\n", path ? path : "standard output");
		return CLI_FAIL;
	}
	return CLI_OK;
}

static int render(struct arena *a, const struct gdpr_register *reg, const char *format, const char **data, size_t *len,
		  struct err *e)
{
	enum lang lang = cli_lang();
	struct buf b;
	int rc = 0;

	buf_init(&b, a);
	if (!strcmp(format, "json")) {
		gdpr_register_json(&b, reg);
	} else if (!strcmp(format, "csv")) {
		gdpr_register_csv(&b, reg, lang);
	} else if (!strcmp(format, "xlsx")) {
		return gdpr_register_xlsx(a, reg, lang, data, len, e);
	} else {
		struct doc *d = gdpr_register_doc(a, lang, reg);
		if (!strcmp(format, "docx"))
			return doc_docx(a, d, data, len, e);
		if (!strcmp(format, "md")) {
			doc_markdown(&b, d);
		} else {
			struct html h;
			html_init(&h, a, lang);
			doc_html_standalone(&h, d);
			b = h.b;
		}
	}
	*data = b.data ? b.data : "";
	*len = b.len;
	return rc;
}

int cmd_export_register(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "db", required_argument, 0, 'd' },
		{ "format", required_argument, 0, 'f' },
		{ "output", required_argument, 0, 'o' },
		{ "unit", required_argument, 0, 'u' },
		{ 0, 0, 0, 0 },
	};
	static const char *const formats[] = { "json", "csv", "xlsx", "docx", "html", "md" };
	const char *url = NULL, *format = NULL, *output = NULL, *data;
	struct gdpr_register reg;
	struct gdpr_filter f;
	struct err e = { 0 };
	struct arena *a;
	struct db *db;
	size_t len;
	bool known = false;
	int c, rc;

	gdpr_filter_init(&f);
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
				return cli_usage("export register", "--unit takes a unit id");
			break;
		default:
			return cli_usage("export register", "unknown option");
		}
	}
	if (optind != argc)
		return cli_usage("export register", "takes no arguments besides the options");
	for (size_t i = 0; format && i < sizeof(formats) / sizeof(formats[0]); i++)
		known |= !strcmp(format, formats[i]);
	if (!known)
		return cli_usage("export register", "--format is json, csv, xlsx, docx, html or md");
	if ((!strcmp(format, "xlsx") || !strcmp(format, "docx")) && !output)
		return cli_usage("export register", "--format xlsx and docx need --output FILE");
	db = cli_open_db(cli_db_url(url));
	if (!db)
		return CLI_FAIL;
	a = arena_new();
	if ((rc = gdpr_register_read(db, a, cli_lang(), &f, &reg, &e)) ||
	    (rc = render(a, &reg, format, &data, &len, &e)))
		rc = cli_fail(&e);
	else
		rc = write_all(output, data, len);
	if (!rc && reg.n_items == GDPR_EXPORT_MAX)
		fprintf(stderr, "tillit: only the first %d processing activities were exported\n", GDPR_EXPORT_MAX);
	arena_free(a);
	db_close(db);
	return rc;
}
