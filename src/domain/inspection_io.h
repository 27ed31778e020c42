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

/** "granskningar-YYYY-MM-DD.@ext" for today, in @a: the file name of the list of audits. */
const char *inspection_export_filename(struct arena *a, enum export_format format);

/** "rekommendationer-YYYY-MM-DD.@ext" for today, in @a. */
const char *recommendation_export_filename(struct arena *a, enum export_format format);

#endif
