/*
 * embed.c - looking up a file in one of the tables that cmake/embed.cmake
 * generates at build time (static assets, migrations, catalogs, OpenAPI).
 * The tables are small, so a linear scan is enough.
 */
#include "core/embed.h"

#include <string.h>

const struct embedded_file *embed_find(const struct embedded_file *table, const char *name)
{
	if (!table || !name)
		return NULL;
	for (; table->name; table++)
		if (strcmp(table->name, name) == 0)
			return table;
	return NULL;
}
