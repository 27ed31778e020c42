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
	.run = classify_import_run,
};

int page_classify_import_form(struct req *r)
{
	return page_import_form(r, &import_def);
}

int page_classify_import(struct req *r)
{
	return page_import_post(r, &import_def);
}
