/*
 * cli.h - the command line: administration, import/export, reports,
 * backup and verification (cmd_*.c), dispatched from main.c.
 *
 * Exit codes a script can rely on:
 *   0  success
 *   1  the operation failed (the reason is on standard error)
 *   2  usage error (unknown command or option, missing argument)
 *   3  verification failed (tillit audit verify found a damaged trail)
 * Messages are in English unless LANG or TILLIT_LANG starts with "sv".
 */
#ifndef TILLIT_CLI_CLI_H
#define TILLIT_CLI_CLI_H

#include <stdbool.h>

#include "core/i18n.h"

struct arena;
struct db;
struct err;

enum cli_exit { CLI_OK = 0, CLI_FAIL = 1, CLI_USAGE = 2, CLI_BAD_AUDIT = 3 };

/** The database URL from --db, else TILLIT_DB, else "sqlite:tillit.db". */
const char *cli_db_url(const char *flag);

/** The language of CLI messages. */
enum lang cli_lang(void);

/** Open and migrate the database; prints the error and returns NULL on failure. */
struct db *cli_open_db(const char *url);

/** Print "tillit: <translated message>" (and the field) on stderr; returns CLI_FAIL. */
int cli_fail(const struct err *e);

/** Print a usage error for @cmd on stderr; returns CLI_USAGE. */
int cli_usage(const char *cmd, const char *problem);

/**
 * Read one line (a password) from standard input into @out; strips the
 * newline. Returns false on EOF or when the line does not fit.
 */
bool cli_read_line(char *out, size_t size);

int cmd_migrate(int argc, char **argv);
int cmd_user(int argc, char **argv);
int cmd_token(int argc, char **argv);
int cmd_audit(int argc, char **argv);
int cmd_backup(int argc, char **argv);
int cmd_demo(int argc, char **argv);
/** tillit export assets --format xlsx|csv|json [--output FILE] [--unit ID] [--db URL] (cmd_export.c). */
int cmd_export(int argc, char **argv);

#endif
