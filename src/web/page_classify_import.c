/*
 * page_classify_import.c - classifications from earlier records: the
 * import page (see domain/classify_import.h).
 */
#include <stdbool.h>
#include <stddef.h>

#include "core/arena.h"
#include "domain/classify_import.h"
#include "web/layout.h"
#include "web/page_classify.h"
#include "web/page_import.h"

static const struct page_import_def import_def = {
	.title = N_("Import earlier classifications"),
	.action = "/classifications/import",
	.intro = N_("Bring the classifications an organisation signed before it used Tillit, with their signing dates, "
		    "so that the key figures at past dates count them: one row per signed classification (UTF-8 or "
		    "Windows-1252, separated by ; or ,). Each is kept as signed by the name the records give, marked "
		    "as imported, and the last one of an asset becomes its current classification. Only assets not "
		    "yet classified in Tillit take a history."),
	.columns = classify_import_columns,
	.n_columns = CLASS_IMPORT_COLUMNS,
};

int page_classify_import_form(struct req *r)
{
	return page_import_render(r, &import_def, NULL, NULL);
}

int page_classify_import(struct req *r)
{
	struct class_import res;
	struct page_import_result out = { 0 };
	struct err e = { 0 };
	const char *data, *dry = req_form(r, "dry_run");
	size_t len;
	struct db *db;
	int rc;

	if (page_import_file(r, &import_def, &data, &len))
		return 0;
	if (!(db = req_db(r)))
		return r->err.code;
	out.dry_run = dry && *dry;
	rc = classify_import(db, r->arena, r->auth, data, len, out.dry_run, NULL, &res, &e);
	if (rc && rc != ERR_INVALID) {
		r->err = e;
		return rc;
	}
	if (rc || res.problems.n)
		r->resp.status = 400;
	out.problems = &res.problems;
	out.n_rows = res.n_rows;
	out.imported = res.imported;
	if (res.imported) {
		out.done = N_("Assets given a classification history: %s.");
		out.done_arg = arena_printf(r->arena, "%zu", res.n_assets);
	}
	return page_import_render(r, &import_def, &out, NULL);
}
