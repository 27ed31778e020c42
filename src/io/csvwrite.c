/*
 * csvwrite.c - writing CSV cells: quoting and the formula guard (see
 * csvwrite.h).
 */
#include "io/csvwrite.h"

#include <string.h>

#include "core/buf.h"

void csv_writer_init(struct csv_writer *w, struct buf *b, char sep, bool bom)
{
	w->b = b;
	w->sep = sep;
	w->n_cells = 0;
	if (bom)
		buf_adds(b, "\xef\xbb\xbf");
}

void csv_writer_cell(struct csv_writer *w, const char *s)
{
	struct buf *b = w->b;
	bool quote, guard;

	if (!s)
		s = "";
	if (w->n_cells++)
		buf_addch(b, w->sep);
	/* One pass over the text: w->sep is ';' or ',' (a tab, too, when it is one). */
	quote = s[strcspn(s, w->sep == '\t' ? ";,\"\n\r\t" : ";,\"\n\r")] != '\0';
	guard = s[0] && strchr("=+-@\t\r", s[0]); /* a spreadsheet would run it as a formula */
	if (quote)
		buf_addch(b, '"');
	if (guard)
		buf_addch(b, '\'');
	/* The text in runs up to and including each quotation mark, which is doubled. */
	if (!quote) {
		buf_adds(b, s);
		return;
	}
	for (const char *p = s; *p;) {
		const char *q = strchr(p, '"');
		size_t n = q ? (size_t)(q - p) + 1 : strlen(p);
		buf_add(b, p, n);
		if (q)
			buf_addch(b, '"');
		p += n;
	}
	if (quote)
		buf_addch(b, '"');
}

void csv_writer_end_row(struct csv_writer *w)
{
	buf_adds(w->b, "\r\n");
	w->n_cells = 0;
}

void csv_writer_row(struct csv_writer *w, const char *const *cells, size_t n)
{
	for (size_t i = 0; i < n; i++)
		csv_writer_cell(w, cells[i]);
	csv_writer_end_row(w);
}
