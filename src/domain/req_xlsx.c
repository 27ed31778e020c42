/*
 * req_xlsx.c - the procurement appendix as an XLSX workbook.
 *
 * What goes in which column is decided here; the workbook itself is
 * written by io/xlsxwrite.c: the appendix's title, the procurement's case
 * reference and the asset's levels above the table, then one wrapped row
 * per requirement on a supplier with an empty column for the supplier's
 * answer.
 */
#include "domain/req_xlsx.h"

#include "core/arena.h"
#include "core/buf.h"
#include "core/err.h"
#include "domain/asset.h"
#include "domain/req_appendix.h"
#include "domain/requirement.h"
#include "io/xlsxwrite.h"

/* "Konfidentialitet 2, riktighet 1, tillgänglighet 3" in @lang. */
static const char *levels_text(struct arena *a, enum lang lang, const struct asset *as)
{
	struct buf b;
	buf_init(&b, a);
	buf_addf(&b, "%s %lld, %s %lld, %s %lld", tr(lang, "Confidentiality"), (long long)as->c_level,
		 tr(lang, "Integrity"), (long long)as->i_level, tr(lang, "Availability"), (long long)as->a_level);
	if (as->t_level >= 0)
		buf_addf(&b, ", %s %lld", tr(lang, "Traceability"), (long long)as->t_level);
	return b.data;
}

enum { COL_CODE, COL_CATEGORY, COL_TITLE, COL_OBLIGATION, COL_TEXT, COL_NIS2, COL_ANSWER, N_COLS };

int req_appendix_xlsx(struct arena *a, enum lang lang, const struct asset *as, const char *case_ref,
		      const struct asset_requirement *all, size_t n_all, const char **data, size_t *len, struct err *e)
{
	const struct asset_requirement *reqs;
	size_t n = req_appendix_pick(a, all, n_all, &reqs);
	const struct xlsx_column cols[N_COLS] = {
		[COL_CODE] = { tr(lang, "Code"), 10, XLSX_WRAP },
		[COL_CATEGORY] = { tr(lang, "Category"), 24, XLSX_WRAP },
		[COL_TITLE] = { tr(lang, "Requirement"), 36, XLSX_WRAP },
		[COL_OBLIGATION] = { tr(lang, "Ska/bör"), 8, XLSX_WRAP },
		[COL_TEXT] = { tr(lang, "Requirement text"), 70, XLSX_WRAP },
		[COL_NIS2] = { "NIS2", 8, XLSX_WRAP },
		[COL_ANSWER] = { tr(lang, "The supplier's answer"), 50, XLSX_WRAP },
	};
	const char *title[3], **cells = arena_calloc(a, n ? n * N_COLS : 1, sizeof(*cells));
	struct xlsx_sheet s = { tr(lang, "Requirements"), title, 2, cols, N_COLS, cells, n };

	title[0] = arena_printf(a, "%s: %s", tr(lang, "Procurement requirements"), as->name);
	title[1] = arena_printf(a, "%s: %s", tr(lang, "Case reference of the procurement"),
				case_ref && *case_ref ? case_ref : "–");
	title[2] = arena_printf(a, "%s: %s", tr(lang, "Classification"), levels_text(a, lang, as));
	s.n_title = 3;
	for (size_t i = 0; i < n; i++) {
		const struct requirement *q = &reqs[i].req;
		const char **row = cells + i * N_COLS;
		row[COL_CODE] = q->code;
		row[COL_CATEGORY] = tr(lang, req_category_label(q->category));
		row[COL_TITLE] = q->title;
		row[COL_OBLIGATION] = tr(lang, req_obligation_word(q->obligation));
		row[COL_TEXT] = q->text;
		row[COL_NIS2] = q->nis2 && *q->nis2 ? arena_printf(a, "21.2 %s", req_nis2_text(a, q->nis2)) : NULL;
	}
	return xlsx_write(a, &s, data, len, e);
}
