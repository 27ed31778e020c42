/*
 * listexport.c - writing a list as XLSX, CSV or JSON (see listexport.h).
 */
#include "domain/listexport.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/err.h"
#include "core/json.h"
#include "io/csvwrite.h"

static const char *const ext[EXPORT_FORMATS] = { "xlsx", "csv", "json" };

int export_format_parse(const char *s)
{
	for (int i = 0; s && i < EXPORT_FORMATS; i++)
		if (!strcmp(s, ext[i]))
			return i;
	return -1;
}

const char *export_format_ext(enum export_format f)
{
	return f < EXPORT_FORMATS ? ext[f] : "json";
}

int export_whole(size_t n, int64_t total, int64_t max, struct err *e)
{
	char most[24];

	if ((int64_t)n < max || total <= (int64_t)n)
		return 0;
	snprintf(most, sizeof(most), "%" PRId64, max);
	return err_set1(e, ERR_INVALID, NULL,
			N_("An export takes at most %s records, and the list holds more. "
			   "Narrow the list with its filters and export each part."),
			most);
}

int export_render(struct arena *a, enum export_format f, const struct export_table *t, const char **data, size_t *len,
		  const char **mime, struct err *e)
{
	struct buf b;

	buf_init(&b, a);
	switch (f) {
	case EXPORT_XLSX: {
		struct xlsx_sheet s = { t->sheet, NULL, 0, t->cols, t->n_cols, t->cells, t->n_rows };
		*mime = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
		return xlsx_write(a, &s, data, len, e);
	}
	case EXPORT_CSV: {
		struct csv_writer w;
		csv_writer_init(&w, &b, ';', true);
		for (size_t c = 0; c < t->n_cols; c++)
			csv_writer_cell(&w, t->cols[c].header);
		csv_writer_end_row(&w);
		for (size_t r = 0; r < t->n_rows; r++)
			csv_writer_row(&w, t->cells + r * t->n_cols, t->n_cols);
		*mime = "text/csv; charset=utf-8";
		break;
	}
	default: {
		struct json j;
		json_init(&j, &b);
		json_obj_open(&j);
		json_key(&j, "items");
		json_arr_open(&j);
		for (size_t i = 0; i < t->n_rows; i++)
			t->json(&j, t->items, i, t->ctx);
		json_arr_close(&j);
		json_kv_int(&j, "total", t->total);
		json_obj_close(&j);
		*mime = "application/json";
		break;
	}
	}
	*data = b.data;
	*len = b.len;
	return 0;
}
