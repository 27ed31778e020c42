/*
 * inspection_io.h - the list of audits and the list of recommendations as
 * XLSX, CSV or JSON (domain/listexport.h writes the files).
 */
#ifndef TILLIT_DOMAIN_INSPECTION_IO_H
#define TILLIT_DOMAIN_INSPECTION_IO_H

#include <stddef.h>

#include "core/i18n.h"
#include "db/q_inspection.h"
#include "domain/listexport.h"

struct arena;
struct db;
struct err;

#define INSPECTION_EXPORT_MAX 10000

/** Every audit matching @f (at most INSPECTION_EXPORT_MAX) as a file in @format, words in @lang. */
int inspection_export(struct db *db, struct arena *a, const struct inspection_filter *f, enum lang lang,
		      enum export_format format, const char **data, size_t *len, const char **mime, struct err *e);

/** Every recommendation matching @f with the state of its measures, as a file in @format. */
int recommendation_export(struct db *db, struct arena *a, const struct recommendation_filter *f, enum lang lang,
			  enum export_format format, const char **data, size_t *len, const char **mime, struct err *e);

/** A list as a file: its bytes, Content-Type and file name, in the arena given. */
struct export_file {
	const char *data;
	size_t len;
	const char *mime;
	const char *name;
};

/**
 * The list of audits (inspection_filter_parse()'s arguments from @get) or
 * of recommendations (recommendation_filter_parse()'s) that @viewer_id sees,
 * as a file in @format: what the page and the API both send.
 */
int inspection_export_args(struct db *db, struct arena *a, int64_t viewer_id, enum lang lang, enum export_format format,
			   const char *(*get)(void *ctx, const char *name), void *ctx, struct export_file *out,
			   struct err *e);
int recommendation_export_args(struct db *db, struct arena *a, int64_t viewer_id, enum lang lang,
			       enum export_format format, const char *(*get)(void *ctx, const char *name), void *ctx,
			       struct export_file *out, struct err *e);

/** "granskningar-YYYY-MM-DD.@ext" (@what "granskningar" or "rekommendationer") for today. In @a. */
const char *inspection_export_filename(struct arena *a, const char *what, enum export_format format);

#endif
