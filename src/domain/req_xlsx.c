/*
 * req_xlsx.c - the procurement appendix as an XLSX workbook (libxlsxwriter).
 *
 * libxlsxwriter writes to a file name, so the workbook goes to a private
 * temporary file (mkstemp in $TMPDIR or /tmp) that is read back into the
 * request's arena and removed before returning, on success and on failure.
 */
#include "domain/req_xlsx.h"
#include "domain/xlsxmem.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <xlsxwriter.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/err.h"
#include "domain/asset.h"
#include "domain/requirement.h"

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

static int write_book(const char *path, enum lang lang, struct arena *a, const struct asset *as,
		      const struct asset_requirement *reqs, size_t n)
{
	lxw_workbook *wb = workbook_new(path);
	lxw_worksheet *ws;
	lxw_format *bold, *wrap, *title;
	lxw_row_t row = 0;

	if (!wb)
		return -1;
	ws = workbook_add_worksheet(wb, tr(lang, "Requirements"));
	bold = workbook_add_format(wb);
	format_set_bold(bold);
	format_set_text_wrap(bold);
	format_set_align(bold, LXW_ALIGN_VERTICAL_TOP);
	format_set_bottom(bold, LXW_BORDER_THIN);
	wrap = workbook_add_format(wb);
	format_set_text_wrap(wrap);
	format_set_align(wrap, LXW_ALIGN_VERTICAL_TOP);
	title = workbook_add_format(wb);
	format_set_bold(title);
	format_set_font_size(title, 14);

	worksheet_set_column(ws, 0, 0, 10, NULL);
	worksheet_set_column(ws, 1, 1, 24, wrap);
	worksheet_set_column(ws, 2, 2, 36, wrap);
	worksheet_set_column(ws, 3, 3, 70, wrap);
	worksheet_set_column(ws, 4, 4, 8, NULL);
	worksheet_set_column(ws, 5, 5, 50, wrap);

	worksheet_write_string(ws, row, 0, arena_printf(a, "%s: %s", tr(lang, "Procurement requirements"), as->name),
			       title);
	row++;
	worksheet_write_string(ws, row, 0,
			       arena_printf(a, "%s: %s", tr(lang, "Classification"), levels_text(a, lang, as)), NULL);
	row++;
	if (as->review_due) {
		worksheet_write_string(ws, row, 0, arena_printf(a, "%s: %s", tr(lang, "Review date"), as->review_due),
				       NULL);
		row++;
	}
	row++;
	worksheet_write_string(ws, row, 0, tr(lang, "Code"), bold);
	worksheet_write_string(ws, row, 1, tr(lang, "Category"), bold);
	worksheet_write_string(ws, row, 2, tr(lang, "Requirement"), bold);
	worksheet_write_string(ws, row, 3, tr(lang, "Requirement text"), bold);
	worksheet_write_string(ws, row, 4, "NIS2", bold);
	worksheet_write_string(ws, row, 5, tr(lang, "The supplier's answer"), bold);
	worksheet_freeze_panes(ws, row + 1, 0);
	worksheet_autofilter(ws, row, 0, row + (lxw_row_t)n, 5);
	row++;
	for (size_t i = 0; i < n; i++, row++) {
		const struct requirement *q = &reqs[i].req;
		worksheet_write_string(ws, row, 0, q->code, wrap);
		worksheet_write_string(ws, row, 1, tr(lang, req_category_label(q->category)), wrap);
		worksheet_write_string(ws, row, 2, q->title, wrap);
		worksheet_write_string(ws, row, 3, q->text ? q->text : "", wrap);
		worksheet_write_string(ws, row, 4, q->nis2 && *q->nis2 ? arena_printf(a, "21.2 %s", q->nis2) : "",
				       wrap);
	}
	return workbook_close(wb) == LXW_NO_ERROR ? 0 : -1;
}

struct appendix_ctx {
	struct arena *a;
	enum lang lang;
	const struct asset *as;
	const struct asset_requirement *reqs;
	size_t n;
};

static int write_appendix(const char *path, void *p, struct err *e)
{
	struct appendix_ctx *c = p;
	if (write_book(path, c->lang, c->a, c->as, c->reqs, c->n) != 0)
		return err_set(e, ERR_INTERNAL, NULL, N_("The spreadsheet could not be written."));
	return 0;
}

int req_appendix_xlsx(struct arena *a, enum lang lang, const struct asset *as, const struct asset_requirement *reqs,
		      size_t n, const char **data, size_t *len, struct err *e)
{
	struct appendix_ctx c = { a, lang, as, reqs, n };
	return xlsx_in_memory(a, write_appendix, &c, data, len, e);
}
