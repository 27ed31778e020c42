/*
 * cmd_classification.c - tillit classification import: classifications
 * from earlier records with their signing dates, as the import page takes
 * them (domain/classify_import.h).
 *
 *   tillit classification import FILE [--dry-run] [--db URL] [--audit-key FILE]
 *
 * The file is checked first: every bad row is printed with its line and
 * column on standard error and nothing is saved (exit 1). With --dry-run
 * nothing is saved in any case. Without problems every row is saved in
 * one transaction, as the installation itself (any unit).
 */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "core/arena.h"
#include "domain/classify_import.h"

int cmd_classification(int argc, char **argv)
{
	if (argc < 2 || strcmp(argv[1], "import"))
		return cli_usage("classification", "use: tillit classification import FILE [--dry-run]");
	return cli_import(argc - 1, argv + 1, "classification import", classify_import_run);
}
