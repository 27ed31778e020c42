/*
 * intcontrol_export.h - the lists of internal control plans and of
 * deviations as XLSX, CSV or JSON (domain/listexport.h writes the file).
 */
#ifndef TILLIT_DOMAIN_INTCONTROL_EXPORT_H
#define TILLIT_DOMAIN_INTCONTROL_EXPORT_H

#include <stddef.h>

#include "core/i18n.h"
#include "domain/intcontrol.h"
#include "domain/listexport.h"

/** At most this many records in one export. */
#define IC_EXPORT_MAX 10000

/** The plans @f selects (its paging ignored), as a file in @format: *data, *len and *mime in @a. */
int intcontrol_plan_export(struct db *db, struct arena *a, const struct ic_plan_filter *f, enum lang lang,
			   enum export_format format, const char **data, size_t *len, const char **mime, struct err *e);

/** The deviations @f selects (its paging ignored), as a file in @format. */
int intcontrol_deviation_export(struct db *db, struct arena *a, const struct ic_deviation_filter *f, enum lang lang,
				enum export_format format, const char **data, size_t *len, const char **mime,
				struct err *e);

#endif
