/*
 * api_asset_io.h - /api/v1/assets/import and /api/v1/assets/export
 * (api_asset_io.c): the asset register's CSV import and its exports.
 */
#ifndef TILLIT_API_API_ASSET_IO_H
#define TILLIT_API_API_ASSET_IO_H

#include "http/req.h"

/**
 * POST /api/v1/assets/import: the body is the CSV file (Content-Type
 * text/csv; a multipart field "file" also works). ?dry_run=true only
 * checks. Answers {"valid","rows","encoding","errors":[{"line","field",
 * "column","message"}]}: 200 for a dry run, 201 when every row was
 * imported, 400 (with "error" as well) when any row is bad and nothing was
 * imported.
 */
int api_assets_import(struct req *r);

/**
 * GET /api/v1/assets/export?format=json|csv|xlsx and the list's filters:
 * every matching asset the caller sees, as a download; json and csv are
 * streamed whole, xlsx takes at most ASSET_EXPORT_XLSX_MAX assets.
 */
int api_assets_export(struct req *r);

#endif
