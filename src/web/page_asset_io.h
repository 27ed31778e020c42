/*
 * pages_asset_io.h - the asset register's CSV import and its exports
 * (page_asset_io.c).
 *
 * The import pages need the coordinator or administrator role somewhere
 * (ACCESS_EDIT, no scope function): each row's unit is checked against the
 * user's roles by the import itself. The exports need any role (ACCESS_READ)
 * and list only the assets the user sees.
 */
#ifndef TILLIT_WEB_PAGE_ASSET_IO_H
#define TILLIT_WEB_PAGE_ASSET_IO_H

#include "http/req.h"

/** GET /assets/import: the upload form, the columns explained, a link to the template. */
int page_asset_import_form(struct req *r);
/**
 * POST /assets/import: form field "file" (the CSV; a multipart upload or a
 * plain value) and "dry_run". A dry run shows every problem with its line
 * or, when there is none, how many rows can be imported and a button that
 * imports them. An import saves every row or none: with a problem the
 * report comes back (400); otherwise 303 to /assets?msg=imported.
 */
int page_asset_import(struct req *r);
/** GET /assets/import/template.csv: an example file with the Swedish column names. */
int page_asset_import_template(struct req *r);
/** GET /assets/export.xlsx, .csv, .json: the list's filters (same query arguments), every matching asset the user sees. */
int page_asset_export_xlsx(struct req *r);
int page_asset_export_csv(struct req *r);
int page_asset_export_json(struct req *r);

#endif
