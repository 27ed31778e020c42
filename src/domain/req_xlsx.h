/*
 * req_xlsx.h - the procurement appendix (upphandlingskrav) as a spreadsheet.
 *
 * The requirements on a supplier that apply to one asset: a title, the
 * procurement's case reference, the asset and its levels, then one row per
 * requirement (code, category, title, ska/bör, text, NIS2 points) with an
 * empty column for the supplier's answer; nothing internal (no review
 * dates, no assessments);
 * bold header row, column widths and wrapped text, so it can go straight
 * into a procurement.
 */
#ifndef TILLIT_DOMAIN_REQ_XLSX_H
#define TILLIT_DOMAIN_REQ_XLSX_H

#include <stddef.h>

#include "core/i18n.h"

struct arena;
struct asset;
struct asset_requirement;
struct err;

/**
 * Write the appendix for @as and the procurement @case_ref (NULL or "": not
 * yet given) with those of its applicable requirements @reqs (@n of them,
 * as asset_requirement_list() gives them) a supplier meets, in @lang, into
 * @a (io/xlsxwrite.h); *data and *len describe it (a zip archive).
 * ERR_INTERNAL when it cannot be written.
 */
int req_appendix_xlsx(struct arena *a, enum lang lang, const struct asset *as, const char *case_ref,
		      const struct asset_requirement *reqs, size_t n, const char **data, size_t *len, struct err *e);

#endif
