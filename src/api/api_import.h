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

/**
 * The import of the CSV file in the request's body (?dry_run=true only
 * checks it) by @run: 400 naming the field for a bad request or every
 * problem of the file, 200 for a check without problems, 201 when imported.
 */
int api_import(struct req *r, import_fn run);

#endif
