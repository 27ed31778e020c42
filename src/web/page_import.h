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
};

/* The outcome of a check or an import, to report. */
struct page_import_result {
	const struct import_problems *problems;
	size_t n_rows;
	bool dry_run, imported;
	const char *done, *done_arg; /* message id (with one %s: @done_arg) saying more of what was imported, or NULL */
};

/** The file the form uploaded (field "file"): 0, or 400 with the form again naming the field. */
int page_import_file(struct req *r, const struct page_import_def *d, const char **data, size_t *len);

/** Render the import page; @res NULL for the empty form, @e a problem of the form (may be NULL). */
int page_import_render(struct req *r, const struct page_import_def *d, const struct page_import_result *res,
		       const struct err *e);

#endif
