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
#include <stddef.h>
#include <stdint.h>

#include "core/i18n.h"
#include "domain/csvimport.h"

struct arena;
struct auth;
struct db;
struct err;

enum cli_exit { CLI_OK = 0, CLI_FAIL = 1, CLI_USAGE = 2, CLI_BAD_AUDIT = 3 };

/** The database URL from --db, else TILLIT_DB, else "sqlite:tillit.db". */
const char *cli_db_url(const char *flag);

/** The language of CLI messages. */
enum lang cli_lang(void);

/** Open and migrate the database; prints the error and returns NULL on failure. */
struct db *cli_open_db(const char *url);

/**
 * The audit key file: @flag (--audit-key), else TILLIT_AUDIT_KEY_FILE, else
 * beside an SQLite database file ("PATH.auditkey"). PostgreSQL and an
 * in-memory database need one of the first two: NULL (and a message on
 * standard error) without. Borrowed; valid until the next call.
 */
const char *cli_audit_key_path(const char *flag, const char *db_url);

/**
 * As cli_open_db(), for a command that writes: loads the audit key (making
 * the file, mode 0600, when the chain is not keyed yet and the file does
 * not exist) and keys the chain from here on (audit_key_start()). Refuses a
 * keyed chain without its file, a key that does not match the chain's head,
 * and an unkeyed chain beside an existing key. NULL on failure (printed).
 */
struct db *cli_open_db_keyed(const char *url, const char *key_flag);

/** Load the audit key for reading the trail: 0 loaded, 1 no such file, -1 failure (printed). */
int cli_load_audit_key(const char *flag, const char *db_url);

/**
 * The language of a document or export the command line writes: @flag
 * (--lang sv|en) when given, else TILLIT_LANG, else Swedish, the
 * installation's language; not the shell's LANG, so a report comes out the
 * same on any server. 0, or -1 when @flag or TILLIT_LANG is neither sv nor en.
 */
int cli_doc_lang(const char *flag, enum lang *out);

/** The "--lang" option of an export or report command (its getopt value is CLI_LANG_OPT). */
#define CLI_LANG_OPT 'L'
#define CLI_LANG_OPTION                                    \
	{                                                  \
		"lang", required_argument, 0, CLI_LANG_OPT \
	}

/**
 * cli_doc_lang() for command @cmd: CLI_OK with *out set, or CLI_USAGE
 * (printed, naming --lang) when @flag or TILLIT_LANG is neither sv nor en.
 */
int cli_doc_lang_of(const char *cmd, const char *flag, enum lang *out);

/** Print "tillit: <translated message>" (and the field) on stderr; returns CLI_FAIL. */
int cli_fail(const struct err *e);

/** Print a usage error for @cmd on stderr; returns CLI_USAGE. */
int cli_usage(const char *cmd, const char *problem);

/**
 * `tillit CMD FILE [--dry-run] [--db URL] [--audit-key FILE]` (argv[0] is
 * the subcommand): reads FILE, opens the database (keyed unless
 * --dry-run), runs @fn as the installation, prints every problem as
 * "FILE:LINE: COLUMN: message" on standard error (exit 1, nothing saved) or
 * what was checked or imported.
 */
int cli_import(int argc, char **argv, const char *cmd, import_fn fn);

/** Write @len bytes of @data to @path (standard output when NULL): CLI_OK, or CLI_FAIL with the problem printed. */
int cli_write_file(const char *path, const char *data, size_t len);

/* What a `tillit export` writes: its name for messages, its formats, and those that need --output. */
struct cli_export_spec {
	const char *cmd;            /* "export register" */
	const char *const *formats; /* NULL-terminated */
	const char *formats_msg;    /* the usage error for another --format */
	const char *const *to_file; /* the formats written only to --output FILE, NULL-terminated */
	const char *to_file_msg;    /* the usage error when one of them has no --output */
};

/* The options every export takes. */
struct cli_export {
	const char *url;    /* --db */
	const char *format; /* --format, one of the spec's */
	const char *output; /* --output, NULL for standard output */
	int64_t unit_id;    /* --unit, 0 for the whole installation */
	enum lang lang;     /* --lang (cli_doc_lang()) */
};

/**
 * Read an export's options (--db URL, --format F, --output FILE, --unit ID,
 * --lang sv|en) into @o as @s allows them: CLI_OK, or CLI_USAGE with the
 * problem printed.
 */
int cli_export_options(const struct cli_export_spec *s, int argc, char **argv, struct cli_export *o);

/**
 * Read one line (a password) from standard input into @out; strips the
 * newline. Returns false on EOF or when the line does not fit.
 */
bool cli_read_line(char *out, size_t size);

/* What a command does once the database is open: 0, or an error in @e. It prints its own result. */
typedef int (*cli_work)(struct db *db, struct arena *a, const void *ctx, struct err *e);

/**
 * Open the database at @url (for a command that writes, @keyed, with the
 * audit key @key), do @work and print its error: CLI_OK or CLI_FAIL.
 */
int cli_run(const char *url, bool keyed, const char *key, cli_work work, const void *ctx);

int cmd_migrate(int argc, char **argv);
int cmd_user(int argc, char **argv);
/* tillit user import, tillit user second-factor-off (cmd_signin.c) */
int cmd_user_import(int argc, char **argv);
int cmd_user_second_factor_off(int argc, char **argv);
int cmd_signin(int argc, char **argv);
int cmd_token(int argc, char **argv);
int cmd_audit(int argc, char **argv);
int cmd_backup(int argc, char **argv);
int cmd_demo(int argc, char **argv);
/**
 * tillit export assets|incidents --format xlsx|csv|json [--output FILE] [--unit ID] [--db URL], and
 * for incidents the list's filters (--kind, --status, --state, --from, --to, --clock-missed) (cmd_export.c).
 */
int cmd_export(int argc, char **argv);
/** tillit report action-plan --unit ID --year YEAR --format html|md|docx --output FILE [--db URL] (cmd_report.c). */
int cmd_report(int argc, char **argv);

/** tillit export risks ... (cmd_risk.c): the risk register as xlsx, csv, json, docx or md. */
int cmd_export_risks(int argc, char **argv);
/** tillit export continuity ... (cmd_risk.c): the continuity plans as xlsx, csv, json, docx or md. */
int cmd_export_continuity(int argc, char **argv);
/** tillit export register --format json|csv|xlsx|docx|html|md [--output FILE] [--unit ID] [--lang sv|en] [--db URL] (cmd_gdpr.c). */
int cmd_export_register(int argc, char **argv);
struct arena;
struct auth;
struct err;
/** The demo municipality's register of processing activities, after its units, users and assets (cmd_gdpr.c). */
int cmd_demo_register(struct db *db, struct arena *a, const struct auth *auth, struct err *e);
/** tillit classification import FILE [--dry-run] [--db URL] (cmd_classification.c): earlier classifications. */
int cmd_classification(int argc, char **argv);
/** tillit training import FILE [--dry-run] [--db URL] (cmd_training.c): completions from a CSV file. */
int cmd_training(int argc, char **argv);

#endif
