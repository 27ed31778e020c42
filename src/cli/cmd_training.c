/*
 * cmd_training.c - tillit training import: completions from a learning
 * platform's CSV export, as the import page takes them.
 *
 *   tillit training import FILE [--dry-run] [--db URL] [--audit-key FILE]
 *
 * The file is checked first: every bad row is printed with its line and
 * column on standard error and nothing is saved (exit 1). With --dry-run
 * nothing is saved in any case. Without problems every row is saved in
 * one transaction, as the installation itself (any unit).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "core/arena.h"
#include "core/buf.h"
#include "core/err.h"
#include "core/i18n.h"
#include "db/db.h"
#include "domain/authz.h"
#include "domain/training_io.h"

int cmd_training(int argc, char **argv)
{
	if (argc < 2 || strcmp(argv[1], "import"))
		return cli_usage("training", "use: tillit training import FILE [--dry-run]");
	return cli_import(argc - 1, argv + 1, "training import", training_import_run);
}
