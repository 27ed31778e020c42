/*
 * cmd_user.c - tillit user add|passwd|list, and tillit token create.
 *
 * Passwords are read from standard input (--password-stdin), one line, so
 * they never appear in the process list or shell history. Setting a
 * password revokes the account's API tokens. The operator makes a token
 * without the account's password; it expires as any other (--days).
 */
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "core/arena.h"
#include "core/buf.h"
#include "core/err.h"
#include "core/json.h"
#include "core/str.h"
#include "db/db.h"
#include "domain/auth.h"
#include "domain/user.h"

static const struct auth cli_auth = AUTH_SYSTEM("system (command line)");

static int user_add(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "db", required_argument, 0, 'd' },
		{ "name", required_argument, 0, 'n' },
		{ "email", required_argument, 0, 'e' },
		{ "lang", required_argument, 0, 'l' },
		{ "role", required_argument, 0, 'r' },
		{ "unit", required_argument, 0, 'u' },
		{ "password-stdin", no_argument, 0, 'p' },
		{ "audit-key", required_argument, 0, 'k' },
		{ 0, 0, 0, 0 },
	};
	const char *url = NULL, *role = NULL, *key = NULL;
	struct user_input in = { 0 };
	int64_t unit = 0, id;
	char pw[PASSWORD_MAX + 2];
	bool from_stdin = false;
	struct err e = { 0 };
	struct arena *a;
	struct db *db;
	int c, rc;

	in.lang = "sv";
	in.active = true;
	optind = 0;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'd':
			url = optarg;
			break;
		case 'n':
			in.display_name = optarg;
			break;
		case 'e':
			in.email = optarg;
			break;
		case 'l':
			in.lang = optarg;
			break;
		case 'r':
			role = optarg;
			break;
		case 'u':
			if (!str_to_i64(optarg, &unit) || unit < 0)
				return cli_usage("user add", "--unit takes a unit id");
			break;
		case 'p':
			from_stdin = true;
			break;
		case 'k':
			key = optarg;
			break;
		default:
			return cli_usage("user add", "unknown option");
		}
	}
	if (optind != argc - 1)
		return cli_usage("user add", "give exactly one user name");
	if (!from_stdin)
		return cli_usage("user add", "give the password on standard input with --password-stdin");
	in.username = argv[optind];
	if (!in.display_name)
		in.display_name = in.username;
	if (role && role_parse(role) == ROLE_NONE)
		return cli_usage("user add",
				 "--role is one of administrator, coordinator, dpo, owner, reader, auditor");
	if (!cli_read_line(pw, sizeof(pw)))
		return cli_usage("user add", "no password on standard input");
	db = cli_open_db_keyed(cli_db_url(url), key);
	if (!db)
		return CLI_FAIL;
	a = arena_new();
	rc = user_create(db, a, &cli_auth, &in, pw, &id, &e);
	if (!rc && role)
		rc = grant_add(db, a, &cli_auth, id, unit, role, NULL, &e);
	if (rc)
		rc = cli_fail(&e);
	else
		printf("%" PRId64 "\n", id);
	arena_free(a);
	db_close(db);
	return rc;
}

static int user_passwd(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "db", required_argument, 0, 'd' },
		{ "password-stdin", no_argument, 0, 'p' },
		{ "audit-key", required_argument, 0, 'k' },
		{ 0, 0, 0, 0 },
	};
	const char *url = NULL, *key = NULL;
	char pw[PASSWORD_MAX + 2];
	bool from_stdin = false;
	int n_revoked = 0;
	struct err e = { 0 };
	struct user u;
	struct arena *a;
	struct db *db;
	int c, rc;

	optind = 0;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c == 'd')
			url = optarg;
		else if (c == 'p')
			from_stdin = true;
		else if (c == 'k')
			key = optarg;
		else
			return cli_usage("user passwd", "unknown option");
	}
	if (optind != argc - 1)
		return cli_usage("user passwd", "give exactly one user name");
	if (!from_stdin)
		return cli_usage("user passwd", "give the password on standard input with --password-stdin");
	if (!cli_read_line(pw, sizeof(pw)))
		return cli_usage("user passwd", "no password on standard input");
	db = cli_open_db_keyed(cli_db_url(url), key);
	if (!db)
		return CLI_FAIL;
	a = arena_new();
	rc = user_get_by_username(db, a, argv[optind], &u, &e);
	if (!rc)
		rc = user_set_password(db, a, &cli_auth, u.id, pw, 0, &n_revoked, &e);
	if (rc)
		rc = cli_fail(&e);
	else if (n_revoked)
		printf("%d API token(s) of %s revoked\n", n_revoked, u.username);
	arena_free(a);
	db_close(db);
	return rc;
}

static int user_listing(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "db", required_argument, 0, 'd' },
		{ "json", no_argument, 0, 'j' },
		{ 0, 0, 0, 0 },
	};
	const char *url = NULL;
	bool json = false;
	struct user_filter f = { 0 };
	struct user *users;
	size_t n;
	int64_t total;
	struct err e = { 0 };
	struct arena *a;
	struct db *db;
	int c, rc;

	optind = 0;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c == 'd')
			url = optarg;
		else if (c == 'j')
			json = true;
		else
			return cli_usage("user list", "unknown option");
	}
	if (optind != argc)
		return cli_usage("user list", "takes no arguments");
	db = cli_open_db(cli_db_url(url));
	if (!db)
		return CLI_FAIL;
	a = arena_new();
	user_filter_init(&f);
	f.limit = 1000;
	rc = user_list(db, a, &f, &users, &n, &total, &e);
	if (rc) {
		rc = cli_fail(&e);
	} else if (json) {
		struct buf b;
		struct json j;
		buf_init(&b, a);
		json_init(&j, &b);
		json_arr_open(&j);
		for (size_t i = 0; i < n; i++)
			user_json(&j, &users[i]);
		json_arr_close(&j);
		printf("%s\n", b.data);
	} else {
		for (size_t i = 0; i < n; i++)
			printf("%" PRId64 "\t%s\t%s\t%s\n", users[i].id, users[i].username,
			       users[i].active ? "active" : "inactive", users[i].display_name);
	}
	arena_free(a);
	db_close(db);
	return rc;
}

int cmd_user(int argc, char **argv)
{
	if (argc < 2)
		return cli_usage("user", "expected add, passwd or list");
	if (!strcmp(argv[1], "add"))
		return user_add(argc - 1, argv + 1);
	if (!strcmp(argv[1], "passwd"))
		return user_passwd(argc - 1, argv + 1);
	if (!strcmp(argv[1], "list"))
		return user_listing(argc - 1, argv + 1);
	return cli_usage("user", "expected add, passwd or list");
}

int cmd_token(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "db", required_argument, 0, 'd' },        { "user", required_argument, 0, 'u' },
		{ "name", required_argument, 0, 'n' },      { "days", required_argument, 0, 'y' },
		{ "audit-key", required_argument, 0, 'k' }, { 0, 0, 0, 0 },
	};
	const char *url = NULL, *username = NULL, *name = "command line", *clear, *key = NULL;
	int64_t days = 0;
	struct err e = { 0 };
	struct user u;
	struct arena *a;
	struct db *db;
	int c, rc;

	if (argc < 2 || strcmp(argv[1], "create") != 0)
		return cli_usage("token", "expected create");
	argc--;
	argv++;
	optind = 0;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'd':
			url = optarg;
			break;
		case 'u':
			username = optarg;
			break;
		case 'n':
			name = optarg;
			break;
		case 'y':
			if (!str_to_i64(optarg, &days) || days < 1 || days > TOKEN_DAYS_MAX)
				return cli_usage("token create", "--days takes a number of days from 1 to 365");
			break;
		case 'k':
			key = optarg;
			break;
		default:
			return cli_usage("token create", "unknown option");
		}
	}
	if (!username || optind != argc)
		return cli_usage("token create", "give --user NAME");
	db = cli_open_db_keyed(cli_db_url(url), key);
	if (!db)
		return CLI_FAIL;
	a = arena_new();
	rc = user_get_by_username(db, a, username, &u, &e);
	if (!rc)
		rc = token_create_days(db, a, &cli_auth, u.id, name, (int)days, &clear, NULL, &e);
	if (rc)
		rc = cli_fail(&e);
	else
		printf("%s\n", clear);
	arena_free(a);
	db_close(db);
	return rc;
}
