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

struct add_job {
	struct user_input in;
	const char *password, *role;
	int64_t unit;
};

static int add_work(struct db *db, struct arena *a, const void *ctx, struct err *e)
{
	const struct add_job *job = ctx;
	int64_t id;
	int rc = user_create(db, a, &cli_auth, &job->in, job->password, &id, e);

	if (!rc && job->role)
		rc = grant_add(db, a, &cli_auth, id, job->unit, job->role, NULL, e);
	if (!rc)
		printf("%" PRId64 "\n", id);
	return rc;
}

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
	const char *url = NULL, *key = NULL;
	struct add_job job = { .in = { .lang = "sv", .active = true } };
	struct user_input *in = &job.in;
	char pw[PASSWORD_MAX + 2];
	bool from_stdin = false;
	int c;

	optind = 0;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'd':
			url = optarg;
			break;
		case 'n':
			in->display_name = optarg;
			break;
		case 'e':
			in->email = optarg;
			break;
		case 'l':
			in->lang = optarg;
			break;
		case 'r':
			job.role = optarg;
			break;
		case 'u':
			if (!str_to_i64(optarg, &job.unit) || job.unit < 0)
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
	in->username = argv[optind];
	if (!in->display_name)
		in->display_name = in->username;
	if (job.role && role_parse(job.role) == ROLE_NONE)
		return cli_usage("user add",
				 "--role is one of administrator, coordinator, dpo, owner, reader, auditor");
	if (!cli_read_line(pw, sizeof(pw)))
		return cli_usage("user add", "no password on standard input");
	job.password = pw;
	return cli_run(url, true, key, add_work, &job);
}

struct passwd_job {
	const char *username, *password;
};

static int passwd_work(struct db *db, struct arena *a, const void *ctx, struct err *e)
{
	const struct passwd_job *job = ctx;
	struct user u;
	int n_revoked = 0;
	int rc = user_get_by_username(db, a, job->username, &u, e);

	if (!rc)
		rc = user_set_password(db, a, &cli_auth, u.id, job->password, 0, &n_revoked, e);
	if (!rc && n_revoked)
		printf("%d API token(s) of %s revoked\n", n_revoked, u.username);
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
	int c;

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
	return cli_run(url, true, key, passwd_work, &(struct passwd_job){ argv[optind], pw });
}

static int list_work(struct db *db, struct arena *a, const void *ctx, struct err *e)
{
	const bool *json = ctx;
	struct user_filter f;
	struct user *users;
	size_t n;
	int rc;

	user_filter_init(&f);
	f.limit = 1000;
	if ((rc = user_list(db, a, &f, &users, &n, NULL, e)))
		return rc;
	if (*json) {
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
	return 0;
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
	int c;

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
	return cli_run(url, false, NULL, list_work, &json);
}

int cmd_user(int argc, char **argv)
{
	if (argc < 2)
		return cli_usage("user", "expected add, passwd, list, import or second-factor-off");
	if (!strcmp(argv[1], "import"))
		return cmd_user_import(argc - 1, argv + 1);
	if (!strcmp(argv[1], "second-factor-off"))
		return cmd_user_second_factor_off(argc - 1, argv + 1);
	if (!strcmp(argv[1], "add"))
		return user_add(argc - 1, argv + 1);
	if (!strcmp(argv[1], "passwd"))
		return user_passwd(argc - 1, argv + 1);
	if (!strcmp(argv[1], "list"))
		return user_listing(argc - 1, argv + 1);
	return cli_usage("user", "expected add, passwd, list, import or second-factor-off");
}

struct token_job {
	const char *username, *name;
	int days;
};

static int token_work(struct db *db, struct arena *a, const void *ctx, struct err *e)
{
	const struct token_job *job = ctx;
	const char *clear;
	struct user u;
	int rc = user_get_by_username(db, a, job->username, &u, e);

	if (!rc)
		rc = token_create_days(db, a, &cli_auth, u.id, job->name, job->days, &clear, NULL, e);
	if (!rc)
		printf("%s\n", clear);
	return rc;
}

int cmd_token(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "db", required_argument, 0, 'd' },        { "user", required_argument, 0, 'u' },
		{ "name", required_argument, 0, 'n' },      { "days", required_argument, 0, 'y' },
		{ "audit-key", required_argument, 0, 'k' }, { 0, 0, 0, 0 },
	};
	const char *url = NULL, *username = NULL, *name = "command line", *key = NULL;
	int64_t days = 0;
	int c;

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
	return cli_run(url, true, key, token_work, &(struct token_job){ username, name, (int)days });
}
