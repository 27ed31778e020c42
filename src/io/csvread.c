/*
 * csvread.c - reading a spreadsheet's CSV export with libcsv.
 *
 * The bytes are first made UTF-8: a UTF-8 byte-order mark is dropped, text
 * that is valid UTF-8 is taken as it is, text whose every byte Windows-1252
 * defines (what Excel's plain "CSV" writes on a Swedish Windows) is
 * converted with iconv(3), and anything else is refused with a message that
 * tells the person how to save the file. NUL bytes mean UTF-16 (Excel's
 * "Unicode text"), which is refused by name.
 *
 * The separator is chosen from the header line: a semicolon when it holds
 * more semicolons than commas outside quotes (Swedish Excel), else a comma.
 *
 * libcsv parses in strict mode and reports every line break it sees outside
 * quotes (CSV_REPALL_NL), so the row callback can count physical lines;
 * line breaks inside quoted values are counted from the field data. A CR
 * directly followed by LF counts once. Each row records the line it starts
 * on; a row whose cells are all blank (Excel writes ";;;" for empty rows)
 * is skipped.
 *
 * A cell that starts with an apostrophe followed by = + - @, a tab or a CR
 * is one a CSV writer guarded against formulas (csvwrite.h); it is read as
 * the value it guards, so an export imports again unchanged.
 */
#include "io/csvread.h"

#include <csv.h>
#include <errno.h>
#include <iconv.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "core/arena.h"
#include "core/err.h"
#include "core/str.h"

static const char save_as_utf8[] =
	N_("The file is not in a character encoding Tillit can read. In Excel, choose Save as and the file type "
	   "\"CSV UTF-8 (comma delimited)\", then upload the new file.");

/* Is every byte of @s defined in Windows-1252? (0x81, 0x8D, 0x8F, 0x90, 0x9D are not.) */
static bool cp1252_defined(const unsigned char *s, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if (s[i] == 0x81 || s[i] == 0x8d || s[i] == 0x8f || s[i] == 0x90 || s[i] == 0x9d)
			return false;
	return true;
}

/*
 * Valid UTF-8, ignoring C0 control characters (which str_valid_utf8()
 * refuses but which say nothing about the encoding; the cells that hold
 * them are refused later by the field checks).
 */
static bool utf8_encoded(struct arena *a, const char *s, size_t len)
{
	char *copy = arena_memdup(a, s, len);
	for (size_t i = 0; i < len; i++)
		if ((unsigned char)copy[i] < 0x20)
			copy[i] = ' ';
	return str_valid_utf8(copy, len);
}

static int from_cp1252(struct arena *a, const char *in, size_t len, char **out, size_t *out_len, struct err *e)
{
	iconv_t cd = iconv_open("UTF-8", "WINDOWS-1252");
	size_t cap = len * 3 + 1, left_in = len, left_out = cap;
	char *buf, *src = (char *)in, *dst;

	if (cd == (iconv_t)-1) {
		err_set(e, ERR_INTERNAL, "file", N_("The file could not be converted to UTF-8."));
		return err_detail(e, "iconv_open(WINDOWS-1252): %s", strerror(errno));
	}
	buf = arena_alloc(a, cap);
	dst = buf;
	if (iconv(cd, &src, &left_in, &dst, &left_out) == (size_t)-1) {
		iconv_close(cd);
		return err_set(e, ERR_INVALID, "file", save_as_utf8);
	}
	iconv_close(cd);
	*dst = 0;
	*out = buf;
	*out_len = (size_t)(dst - buf);
	return 0;
}

/* The separator of the first line that holds something: ';' when it has more semicolons than commas outside quotes. */
static char pick_separator(const char *s, size_t len)
{
	size_t semis = 0, commas = 0, i = 0;
	bool quoted = false, seen = false;

	for (; i < len; i++) {
		char c = s[i];
		if (c == '"') {
			quoted = !quoted;
			seen = true;
		} else if (!quoted && (c == '\n' || c == '\r')) {
			if (seen)
				break;
		} else if (!quoted && c == ';') {
			semis++;
			seen = true;
		} else if (!quoted && c == ',') {
			commas++;
			seen = true;
		} else if (c != ' ' && c != '\t') {
			seen = true;
		}
	}
	return semis > commas ? ';' : ',';
}

/* The line breaks in the @len bytes at @s (a quoted value, or the text up to a place): CRLF, LF and a lone CR
 * each count once. */
static size_t breaks_in(const char *s, size_t len)
{
	size_t n = 0;
	for (size_t i = 0; i < len; i++)
		if (s[i] == '\n' || (s[i] == '\r' && (i + 1 >= len || s[i + 1] != '\n')))
			n++;
	return n;
}

struct reader {
	struct arena *a;
	size_t line;        /* the physical line the parser has reached (1-based) */
	size_t row_line;    /* where the current row started; 0 before its first field */
	bool after_cr;      /* the last event was a CR row end with nothing after it */
	const char **cells; /* the row being built */
	size_t n_cells, cap_cells;
	struct csv_row *rows;
	size_t n_rows, cap_rows;
	size_t max_rows; /* data rows allowed (the header is extra) */
	bool too_many;
};

/* A cell the writer guarded against formulas ("'=x") as the value it guards ("=x"). */
static const char *unguard(const char *s)
{
	return s[0] == '\'' && s[1] && strchr("=+-@\t\r", s[1]) ? s + 1 : s;
}

static void on_field(void *data, size_t len, void *ctx)
{
	struct reader *rd = ctx;
	char *cell;

	rd->after_cr = false;
	if (rd->too_many)
		return;
	if (!rd->row_line)
		rd->row_line = rd->line;
	rd->line += breaks_in(data, len);
	ARENA_ROOM(rd->a, rd->cells, rd->n_cells, 1, rd->cap_cells, 16);
	cell = arena_strndup(rd->a, data ? data : "", data ? len : 0);
	rd->cells[rd->n_cells++] = unguard(str_trim(cell));
}

static void on_row(int c, void *ctx)
{
	struct reader *rd = ctx;
	bool blank = true;

	if (c == '\n' && rd->after_cr && rd->n_cells == 0) {
		rd->after_cr = false; /* the LF of a CRLF already counted */
		return;
	}
	for (size_t i = 0; i < rd->n_cells; i++)
		if (*rd->cells[i])
			blank = false;
	if (!blank && !rd->too_many) {
		if (rd->n_rows > rd->max_rows) { /* the header plus max_rows rows are already in */
			rd->too_many = true;
		} else {
			ARENA_ROOM(rd->a, rd->rows, rd->n_rows, 1, rd->cap_rows, 64);
			rd->rows[rd->n_rows].line = rd->row_line ? rd->row_line : rd->line;
			rd->rows[rd->n_rows].cells = rd->cells;
			rd->rows[rd->n_rows].n_cells = rd->n_cells;
			rd->n_rows++;
		}
	}
	rd->cells = NULL;
	rd->n_cells = rd->cap_cells = 0;
	rd->row_line = 0;
	if (c == '\r' || c == '\n')
		rd->line++;
	rd->after_cr = c == '\r';
}

static int parse_error(struct err *e, size_t line)
{
	char n[24];
	snprintf(n, sizeof(n), "%zu", line);
	return err_set1(e, ERR_INVALID, "file",
			N_("Line %s: the quotation marks do not match. A value in quotation marks must end with a "
			   "quotation mark, and a quotation mark inside it must be written twice (\"\")."),
			n);
}

int csv_read(struct arena *a, const char *data, size_t len, size_t max_rows, struct csv_table *out, struct err *e)
{
	struct csv_parser p;
	struct reader rd = { 0 };
	const char *text = data;
	size_t text_len = len, done;
	int rc = 0;

	memset(out, 0, sizeof(*out));
	if (!data || len == 0)
		return err_set(e, ERR_INVALID, "file", N_("The file is empty."));
	if ((len >= 2 && (((unsigned char)data[0] == 0xff && (unsigned char)data[1] == 0xfe) ||
			  ((unsigned char)data[0] == 0xfe && (unsigned char)data[1] == 0xff))) ||
	    memchr(data, '\0', len))
		return err_set(e, ERR_INVALID, "file",
			       N_("The file is in UTF-16 (Excel's \"Unicode text\"), which Tillit does not read. In "
				  "Excel, choose Save as and the file type \"CSV UTF-8 (comma delimited)\"."));
	out->encoding = "UTF-8";
	if (len >= 3 && !memcmp(data, "\xef\xbb\xbf", 3)) {
		text += 3;
		text_len -= 3;
		if (!utf8_encoded(a, text, text_len))
			return err_set(e, ERR_INVALID, "file", save_as_utf8);
	} else if (!utf8_encoded(a, text, text_len)) {
		char *conv = NULL;
		if (!cp1252_defined((const unsigned char *)text, text_len))
			return err_set(e, ERR_INVALID, "file", save_as_utf8);
		if ((rc = from_cp1252(a, text, text_len, &conv, &text_len, e)))
			return rc;
		text = conv;
		out->encoding = "Windows-1252";
	}

	out->separator = pick_separator(text, text_len);
	if (csv_init(&p, CSV_STRICT | CSV_REPALL_NL | CSV_STRICT_FINI) != 0)
		return err_set(e, ERR_INTERNAL, "file", N_("The file could not be read."));
	csv_set_delim(&p, (unsigned char)out->separator);
	rd.a = a;
	rd.line = 1;
	rd.max_rows = max_rows;
	done = csv_parse(&p, text, text_len, on_field, on_row, &rd);
	if (done != text_len) {
		rc = csv_error(&p) == CSV_EPARSE ? parse_error(e, 1 + breaks_in(text, done))
						 : err_set(e, ERR_INTERNAL, "file", N_("The file could not be read."));
		goto out;
	}
	if (csv_fini(&p, on_field, on_row, &rd) != 0) {
		rc = csv_error(&p) == CSV_EPARSE ? parse_error(e, rd.line)
						 : err_set(e, ERR_INTERNAL, "file", N_("The file could not be read."));
		goto out;
	}
	if (rd.too_many) {
		char n[24];
		snprintf(n, sizeof(n), "%zu", max_rows);
		rc = err_set1(e, ERR_INVALID, "file",
			      N_("The file has more than %s rows. Split it into smaller files."), n);
		goto out;
	}
	if (rd.n_rows == 0) {
		rc = err_set(e, ERR_INVALID, "file", N_("The file is empty."));
		goto out;
	}
	out->header = rd.rows[0];
	out->rows = rd.rows + 1;
	out->n_rows = rd.n_rows - 1;
out:
	csv_free(&p);
	return rc;
}

/*
 * Case-insensitive comparison for the letters a Swedish header uses: ASCII,
 * and the Latin-1 capitals (UTF-8 C3 80..C3 9E, except the multiplication
 * sign) against their small letters (C3 A0..C3 BE).
 */
static bool same_name(const char *x, const char *y)
{
	const unsigned char *p = (const unsigned char *)x, *q = (const unsigned char *)y;
	while (*p && *q) {
		unsigned char a = *p, b = *q;
		if (a >= 'A' && a <= 'Z')
			a = (unsigned char)(a + 32);
		if (b >= 'A' && b <= 'Z')
			b = (unsigned char)(b + 32);
		if (a != b)
			return false;
		if (a == 0xc3 && p[1] && q[1]) {
			unsigned char c = p[1], d = q[1];
			if (c >= 0x80 && c <= 0x9e && c != 0x97)
				c = (unsigned char)(c + 0x20);
			if (d >= 0x80 && d <= 0x9e && d != 0x97)
				d = (unsigned char)(d + 0x20);
			if (c != d)
				return false;
			p++, q++;
		}
		p++, q++;
	}
	return *p == *q;
}

int csv_column(const struct csv_table *t, const char *name)
{
	for (size_t i = 0; i < t->header.n_cells; i++)
		if (same_name(t->header.cells[i], name))
			return (int)i;
	return -1;
}

const char *csv_cell(const struct csv_row *row, int col)
{
	if (col < 0 || (size_t)col >= row->n_cells)
		return "";
	return row->cells[col];
}
