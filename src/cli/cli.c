/*
 * cli.c - what every command shares: the database URL, messages, input.
 */
#include "cli/cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/err.h"
#include "db/db.h"

const char *cli_db_url(const char *flag)
{
	const char *env = getenv("TILLIT_DB");
	if (flag && *flag)
		return flag;
	if (env && *env)
		return env;
	return "sqlite:tillit.db";
}

enum lang cli_lang(void)
{
	const char *l = getenv("TILLIT_LANG");
	if (!l || !*l)
		l = getenv("LANG");
	return l && !strncmp(l, "sv", 2) ? LANG_SV : LANG_EN;
}

int cli_fail(const struct err *e)
{
	struct arena *a = arena_new();
	const char *msg = err_message(e, cli_lang(), a);
	if (e->field)
		fprintf(stderr, "tillit: %s: %s\n", e->field, msg);
	else
		fprintf(stderr, "tillit: %s\n", msg);
	if (e->detail[0])
		fprintf(stderr, "tillit: (%s)\n", e->detail);
	arena_free(a);
	return CLI_FAIL;
}

int cli_usage(const char *cmd, const char *problem)
{
	fprintf(stderr, "tillit %s: %s\nTry 'tillit --help'.\n", cmd, problem);
	return CLI_USAGE;
}

struct db *cli_open_db(const char *url)
{
	struct err e = { 0 };
	struct db *db = NULL;
	if (db_open(url, &db, &e) || db_migrate(db, &e)) {
		cli_fail(&e);
		db_close(db);
		return NULL;
	}
	return db;
}

bool cli_read_line(char *out, size_t size)
{
	size_t len;
	if (!fgets(out, (int)size, stdin))
		return false;
	len = strlen(out);
	if (len && out[len - 1] == '\n')
		out[--len] = 0;
	else if (len == size - 1)
		return false;
	if (len && out[len - 1] == '\r')
		out[--len] = 0;
	return true;
}
