/*
 * activity_io.h - the list of action-plan activities as a file (XLSX, CSV
 * or JSON), with the same filters as the list page and the API.
 */
#ifndef TILLIT_DOMAIN_ACTIVITY_IO_H
#define TILLIT_DOMAIN_ACTIVITY_IO_H

#include <stddef.h>

#include "core/i18n.h"
#include "db/q_activity.h"
#include "domain/listexport.h"

struct arena;
struct db;
struct err;

#define ACTIVITY_EXPORT_MAX 10000

/**
 * Every activity @f matches (its limit and offset are ignored; at most
 * ACTIVITY_EXPORT_MAX) as a file in @format, headers and words in @lang:
 * *data and *len in @a, *mime its Content-Type.
 */
int activity_export(struct db *db, struct arena *a, const struct activity_filter *f, enum lang lang,
		    enum export_format format, const char **data, size_t *len, const char **mime, struct err *e);

/** "aktiviteter-YYYY-MM-DD.@ext" for today. In @a. */
const char *activity_export_filename(struct arena *a, enum export_format format);

#endif
