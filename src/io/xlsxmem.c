/*
 * xlsxmem.c - write a workbook to a temporary file and read it back.
 */
#include "io/xlsxmem.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/err.h"

int xlsx_in_memory(struct arena *a, xlsx_writer write, void *ctx, const char **data, size_t *len, struct err *e)
{
	const char *dir = getenv("TMPDIR");
	char *path = arena_printf(a, "%s/tillit-xlsx-XXXXXX", dir && *dir ? dir : "/tmp");
	char chunk[65536];
	struct buf b;
	size_t got;
	FILE *f;
	int fd = mkstemp(path), rc;

	if (fd < 0) {
		err_set(e, ERR_INTERNAL, NULL, N_("The spreadsheet could not be written."));
		return err_detail(e, "mkstemp(%s): %s", path, strerror(errno));
	}
	close(fd);
	rc = write(path, ctx, e);
	if (rc) {
		unlink(path);
		return rc;
	}
	f = fopen(path, "rb");
	if (!f) {
		unlink(path);
		err_set(e, ERR_INTERNAL, NULL, N_("The spreadsheet could not be written."));
		return err_detail(e, "reading back %s: %s", path, strerror(errno));
	}
	buf_init(&b, a);
	while ((got = fread(chunk, 1, sizeof(chunk), f)) > 0)
		buf_add(&b, chunk, got);
	fclose(f);
	unlink(path);
	*data = b.data;
	*len = b.len;
	return 0;
}
