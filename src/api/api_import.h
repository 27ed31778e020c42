/*
 * api_import.h - the answer of a CSV import through the API: 400 with
 * every problem (line, field, column, message), 200 for a check without
 * problems, 201 when the rows were imported.
 */
#ifndef TILLIT_API_API_IMPORT_H
#define TILLIT_API_API_IMPORT_H

#include <stdbool.h>
#include <stddef.h>

#include "domain/csvimport.h"

struct json;
struct req;

/* What an import reports besides its problems. */
struct api_import_result {
	const struct import_problems *problems;
	size_t n_rows;
	bool imported;
	const char *encoding;
	void (*extra)(struct json *j, const void *ctx); /* more keys of the answer's object, or NULL */
	const void *ctx;
};

/**
 * The CSV file of an import request: the body, and its dry_run query
 * parameter ("true" or "false"). ERR_INVALID naming the field otherwise.
 */
int api_import_request(struct req *r, bool *dry_run);

/** Answer an import whose domain call returned @rc (0 or ERR_INVALID) with @res. */
int api_import_answer(struct req *r, int rc, const struct err *e, const struct api_import_result *res);

#endif
