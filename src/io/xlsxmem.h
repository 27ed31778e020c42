/*
 * xlsxmem.h - a spreadsheet written into memory.
 *
 * libxlsxwriter 1.1 writes workbooks only to files, so a workbook for an
 * HTTP answer is written to a fresh temporary file (mkstemp in $TMPDIR or
 * /tmp), read back into the request's arena and removed.
 */
#ifndef TILLIT_IO_XLSXMEM_H
#define TILLIT_IO_XLSXMEM_H

#include <stddef.h>

struct arena;
struct err;

/** Writes a workbook to @path; returns 0 or an err_code with @e set. */
typedef int (*xlsx_writer)(const char *path, void *ctx, struct err *e);

/**
 * Run @write on a temporary file and hand back its bytes in *data / *len
 * (in @a). The file is removed whatever happens. ERR_INTERNAL when the
 * temporary file cannot be made or read.
 */
int xlsx_in_memory(struct arena *a, xlsx_writer write, void *ctx, const char **data, size_t *len, struct err *e);

#endif
