/*
 * xlsxwrite.c - a table written with libxlsxwriter (see xlsxwrite.h).
 *
 * Every call that can fail is checked; on the first failure the workbook
 * is closed and the half-written file removed. Into memory goes through
 * xlsx_in_memory() (xlsxmem.h), since libxlsxwriter writes only to files.
 */
#include "io/xlsxwrite.h"

#include <stdlib.h>
#include <unistd.h>

#include <xlsxwriter.h>

#include "core/err.h"
#include "io/xlsxmem.h"

static int failed(struct err *e, const char *path, const char *what)
{
	err_set(e, ERR_INTERNAL, NULL, N_("The spreadsheet could not be written."));
	return err_detail(e, "libxlsxwriter, %s: %s", path, what);
}

struct formats {
	lxw_format *heading, *header, *wrap;
};

static struct formats add_formats(lxw_workbook *wb)
{
	struct formats f;
	f.heading = workbook_add_format(wb);
	format_set_bold(f.heading);
	format_set_font_size(f.heading, 14);
	f.header = workbook_add_format(wb);
	format_set_bold(f.header);
	format_set_text_wrap(f.header);
	format_set_align(f.header, LXW_ALIGN_VERTICAL_TOP);
	format_set_bottom(f.header, LXW_BORDER_THIN);
	f.wrap = workbook_add_format(wb);
	format_set_text_wrap(f.wrap);
	format_set_align(f.wrap, LXW_ALIGN_VERTICAL_TOP);
	return f;
}

static lxw_error write_table(lxw_worksheet *ws, const struct formats *f, const struct xlsx_sheet *s)
{
	lxw_row_t row = 0, head;
	lxw_error le = LXW_NO_ERROR;

	for (size_t c = 0; c < s->n_cols && !le; c++)
		le = worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)c, s->cols[c].width,
					  s->cols[c].flags & XLSX_WRAP ? f->wrap : NULL);
	for (size_t i = 0; i < s->n_title && !le; i++, row++)
		le = worksheet_write_string(ws, row, 0, s->title[i], i ? NULL : f->heading);
	if (s->n_title)
		row++; /* a blank row between the lines above and the table */
	head = row;
	for (size_t c = 0; c < s->n_cols && !le; c++)
		le = worksheet_write_string(ws, head, (lxw_col_t)c, s->cols[c].header, f->header);
	for (size_t r = 0; r < s->n_rows && !le; r++) {
		row = head + 1 + (lxw_row_t)r;
		for (size_t c = 0; c < s->n_cols && !le; c++) {
			const char *v = s->cells[r * s->n_cols + c];
			unsigned flags = s->cols[c].flags;
			if (!v || !*v)
				continue;
			if (flags & XLSX_NUMBER)
				le = worksheet_write_number(ws, row, (lxw_col_t)c, strtod(v, NULL), NULL);
			else
				le = worksheet_write_string(ws, row, (lxw_col_t)c, v,
							    flags & XLSX_WRAP ? f->wrap : NULL);
		}
	}
	worksheet_freeze_panes(ws, head + 1, 0);
	if (!le && s->n_cols)
		le = worksheet_autofilter(ws, head, 0, head + (lxw_row_t)s->n_rows, (lxw_col_t)(s->n_cols - 1));
	return le;
}

int xlsx_write_file(const struct xlsx_sheet *s, const char *path, struct err *e)
{
	lxw_workbook *wb = workbook_new(path);
	lxw_worksheet *ws;
	struct formats f;
	lxw_error le;

	if (!wb)
		return failed(e, path, "workbook_new failed");
	ws = workbook_add_worksheet(wb, s->name);
	if (!ws) {
		workbook_close(wb);
		unlink(path);
		return failed(e, path, "workbook_add_worksheet failed");
	}
	f = add_formats(wb);
	if ((le = write_table(ws, &f, s))) {
		workbook_close(wb);
		unlink(path);
		return failed(e, path, lxw_strerror(le));
	}
	if ((le = workbook_close(wb)))
		return failed(e, path, lxw_strerror(le));
	return 0;
}

static int write_to(const char *path, void *ctx, struct err *e)
{
	return xlsx_write_file(ctx, path, e);
}

int xlsx_write(struct arena *a, const struct xlsx_sheet *s, const char **data, size_t *len, struct err *e)
{
	return xlsx_in_memory(a, write_to, (void *)s, data, len, e);
}
