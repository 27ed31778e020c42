/*
 * page_import.h - the page of a CSV import: the columns the file takes,
 * the upload form (with "only check"), and the problems found or what was
 * imported. The asset import has its own page (page_asset_io.c): it
 * carries the checked rows in a second form.
 */
#ifndef TILLIT_WEB_PAGE_IMPORT_H
#define TILLIT_WEB_PAGE_IMPORT_H

#include <stdbool.h>
#include <stddef.h>

#include "domain/csvimport.h"

struct err;
struct html;
struct req;

/* What an import page shows around its file. */
struct page_import_def {
	const char *title;  /* message id of the page's title and heading */
	const char *action; /* the path the form posts to */
	const char *intro;  /* message id: what the file is and what happens to it */
	const struct import_column *columns;
	size_t n_columns;
	void (*subnav)(struct html *h, struct req *r); /* the module's navigation above the heading, or NULL */
	import_fn run;                                 /* the module's import */
};

/** The import's form (GET). */
int page_import_form(struct req *r, const struct page_import_def *d);

/** The uploaded file checked (the "dry_run" box) or imported (POST), with what was found or done. */
int page_import_post(struct req *r, const struct page_import_def *d);

#endif
