/*
 * cmd_signin.c - tillit signin (identity providers, the groups that suggest
 * roles, who may sign in with a password, the roles that need a second
 * factor, reset), tillit user
 * import (the staff directory) and tillit user second-factor-off.
 *
 * The client secret of a provider is never given on the command line: the
 * provider names a file or an environment variable it is read from.
 */
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "core/arena.h"
#include "core/buf.h"
#include "core/err.h"
#include "core/i18n.h"
#include "db/db.h"
#include "domain/directory.h"
#include "domain/oidc.h"
#include "domain/role_suggestion.h"
#include "domain/totp.h"
#include "domain/user.h"

static const struct auth cli_auth = AUTH_SYSTEM("system (command line)");

/* --- tillit signin provider add|list|enable|disable --------------------- */

static int add_work(struct db *db, struct arena *a, const void *ctx, struct err *e)
{
	int64_t id;
	int rc = oidc_provider_add(db, a, &cli_auth, ctx, &id, e);
	if (!rc)
		printf("%" PRId64 "\n", id);
	return rc;
}

static int provider_add(int argc, char **argv, const char **url, const char **key)
{
	static const struct option opts[] = {
		{ "db", required_argument, 0, 'd' },          { "audit-key", required_argument, 0, 'k' },
		{ "slug", required_argument, 0, 's' },        { "name", required_argument, 0, 'n' },
		{ "issuer", required_argument, 0, 'i' },      { "client-id", required_argument, 0, 'c' },
		{ "secret", required_argument, 0, 'S' },      { "scopes", required_argument, 0, 'o' },
		{ "claim-id", required_argument, 0, 'I' },    { "claim-name", required_argument, 0, 'N' },
		{ "claim-email", required_argument, 0, 'E' }, { "groups-claim", required_argument, 0, 'G' },
		{ "create-unknown", no_argument, 0, 'u' },    { 0, 0, 0, 0 },
	};
	struct oidc_provider p = { 0 };
	int c;

	optind = 0;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'd':
			*url = optarg;
			break;
		case 'k':
			*key = optarg;
			break;
		case 's':
			p.slug = optarg;
			break;
		case 'n':
			p.name = optarg;
			break;
		case 'i':
			p.issuer = optarg;
			break;
		case 'c':
			p.client_id = optarg;
			break;
		case 'S':
			p.secret_ref = optarg;
			break;
		case 'o':
			p.scopes = optarg;
			break;
		case 'I':
			p.claim_id = optarg;
			break;
		case 'N':
			p.claim_name = optarg;
			break;
		case 'E':
			p.claim_email = optarg;
			break;
		case 'G':
			p.claim_groups = optarg;
			break;
		case 'u':
			p.create_unknown = true;
			break;
		default:
			return cli_usage("signin provider add", "unknown option");
		}
	}
	if (optind != argc)
		return cli_usage("signin provider add", "takes options only");
	return cli_run(*url, true, *key, add_work, &p);
}

static int list_work(struct db *db, struct arena *a, const void *ctx, struct err *e)
{
	struct oidc_provider *p;
	struct group_role *m;
	const char *local;
	const char **roles;
	size_t n, n_roles, n_maps;
	int rc;

	if ((rc = oidc_provider_list(db, a, false, &p, &n, e)) || (rc = signin_local_login(db, a, &local, e)) ||
	    (rc = totp_roles(db, a, &roles, &n_roles, e)) || (rc = group_role_list(db, a, 0, &m, &n_maps, e)))
		return rc;
	for (size_t i = 0; i < n; i++)
		printf("%s\t%s\t%s\t%s\tclaim=%s\t%s%s%s%s\n", p[i].slug, p[i].enabled ? "on" : "off", p[i].name,
		       p[i].issuer, p[i].claim_id, p[i].secret_ref[0] ? p[i].secret_ref : "(public client)",
		       p[i].claim_groups[0] ? "\tgroups=" : "", p[i].claim_groups,
		       p[i].create_unknown ? "\tcreate-unknown" : "");
	for (size_t i = 0; i < n_maps; i++)
		printf("group\t%s\t%s\tsuggests %s\t%s\n", m[i].provider_slug, m[i].group_value, m[i].role,
		       m[i].unit_id ? (m[i].unit_code[0] ? m[i].unit_code : m[i].unit_name) : "(installation)");
	printf("password sign-in: %s\n", local);
	printf("second factor required for:");
	for (size_t i = 0; i < n_roles; i++)
		printf(" %s", roles[i]);
	printf("%s\n", n_roles ? "" : " (no role)");
	return 0;
}

struct enable_job {
	const char *slug;
	bool on;
};

static int enable_work(struct db *db, struct arena *a, const void *ctx, struct err *e)
{
	const struct enable_job *j = ctx;
	return oidc_provider_enable(db, a, &cli_auth, j->slug, j->on, e);
}

static int reset_work(struct db *db, struct arena *a, const void *ctx, struct err *e)
{
	int64_t n = 0;
	int rc = oidc_reset(db, a, &cli_auth, &n, e);
	if (!rc)
		printf("%" PRId64 " provider(s) switched off; every account may sign in with its password\n", n);
	return rc;
}

static int local_work(struct db *db, struct arena *a, const void *ctx, struct err *e)
{
	return signin_set_local_login(db, a, &cli_auth, ctx, e);
}

static int roles_work(struct db *db, struct arena *a, const void *ctx, struct err *e)
{
	const char *list = ctx;
	const char *roles[16];
	size_t n = 0;
	char *copy = arena_strdup(a, list), *save = NULL;

	for (char *t = strtok_r(copy, ", ", &save); t && n < 16; t = strtok_r(NULL, ", ", &save))
		if (strcmp(t, "none") != 0)
			roles[n++] = t;
	return totp_roles_set(db, a, &cli_auth, roles, n, e);
}

/* --- tillit signin group claim|add|remove ------------------------------ */

struct group_job {
	const char *what; /* "claim", "add" or "remove" */
	const char *slug, *value, *role, *unit;
};

static int group_work(struct db *db, struct arena *a, const void *ctx, struct err *e)
{
	const struct group_job *j = ctx;
	if (!strcmp(j->what, "claim"))
		return oidc_provider_set_groups_claim(db, a, &cli_auth, j->slug,
						      strcmp(j->value, "none") != 0 ? j->value : "", e);
	if (!strcmp(j->what, "add"))
		return group_role_add(db, a, &cli_auth, j->slug, j->value, j->role, j->unit, e);
	return group_role_remove(db, a, &cli_auth, j->slug, j->value, j->role, j->unit, e);
}

static int group_cmd(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "db", required_argument, 0, 'd' },
		{ "audit-key", required_argument, 0, 'k' },
		{ "unit", required_argument, 0, 'U' },
		{ 0, 0, 0, 0 },
	};
	static const char usage[] = "expected group claim SLUG CLAIM|none, group add SLUG GROUP ROLE [--unit CODE] or "
				    "group remove SLUG GROUP ROLE [--unit CODE]";
	const char *url = NULL, *key = NULL;
	struct group_job j = { argc > 1 ? argv[1] : "", NULL, NULL, NULL, NULL };
	bool claim = !strcmp(j.what, "claim");
	int c;

	if (!claim && strcmp(j.what, "add") != 0 && strcmp(j.what, "remove") != 0)
		return cli_usage("signin group", usage);
	optind = 0;
	while ((c = getopt_long(argc - 1, argv + 1, "", opts, NULL)) != -1) {
		if (c == 'd')
			url = optarg;
		else if (c == 'k')
			key = optarg;
		else if (c == 'U' && !claim)
			j.unit = optarg;
		else
			return cli_usage("signin group", "unknown option");
	}
	/* The words after the subcommand: SLUG CLAIM, or SLUG GROUP ROLE. */
	if (argc - 1 - optind != (claim ? 2 : 3))
		return cli_usage("signin group", usage);
	j.slug = argv[1 + optind];
	j.value = argv[2 + optind];
	j.role = claim ? NULL : argv[3 + optind];
	return cli_run(url, true, key, group_work, &j);
}

/* The options every sign-in command takes after its words: --db and --audit-key. */
static int common_opts(int argc, char **argv, const char *cmd, const char **url, const char **key)
{
	static const struct option opts[] = {
		{ "db", required_argument, 0, 'd' },
		{ "audit-key", required_argument, 0, 'k' },
		{ 0, 0, 0, 0 },
	};
	int c;

	optind = 0;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c == 'd')
			*url = optarg;
		else if (c == 'k')
			*key = optarg;
		else
			return cli_usage(cmd, "unknown option");
	}
	return 0;
}

int cmd_signin(int argc, char **argv)
{
	const char *url = NULL, *key = NULL;
	const char *what = argc > 1 ? argv[1] : "";
	const char *arg = argc > 2 ? argv[2] : NULL;
	int rc;

	if (!strcmp(what, "provider") && arg && !strcmp(arg, "add"))
		return provider_add(argc - 2, argv + 2, &url, &key);
	if (!strcmp(what, "group"))
		return group_cmd(argc - 1, argv + 1);
	if (!strcmp(what, "list")) {
		if ((rc = common_opts(argc - 1, argv + 1, "signin list", &url, &key)))
			return rc;
		return cli_run(url, false, NULL, list_work, NULL);
	}
	if (!strcmp(what, "reset")) {
		if ((rc = common_opts(argc - 1, argv + 1, "signin reset", &url, &key)))
			return rc;
		return cli_run(url, true, key, reset_work, NULL);
	}
	if (!arg || arg[0] == '-')
		return cli_usage("signin",
				 "expected list, reset, provider add, enable SLUG, disable SLUG, "
				 "password all|admins, second-factor ROLE[,ROLE]|none or group claim|add|remove");
	if ((rc = common_opts(argc - 2, argv + 2, "signin", &url, &key)))
		return rc;
	if (!strcmp(what, "enable") || !strcmp(what, "disable"))
		return cli_run(url, true, key, enable_work, &(struct enable_job){ arg, !strcmp(what, "enable") });
	if (!strcmp(what, "password"))
		return cli_run(url, true, key, local_work, arg);
	if (!strcmp(what, "second-factor"))
		return cli_run(url, true, key, roles_work, arg);
	return cli_usage("signin",
			 "expected list, reset, provider add, enable SLUG, disable SLUG, password all|admins, "
			 "second-factor ROLE[,ROLE]|none or group claim|add|remove");
}

/* --- tillit user second-factor-off NAME --------------------------------- */

static int tfa_off_work(struct db *db, struct arena *a, const void *ctx, struct err *e)
{
	struct user u;
	int rc = user_get_by_username(db, a, ctx, &u, e);
	return rc ? rc : totp_disable(db, a, &cli_auth, u.id, e);
}

int cmd_user_second_factor_off(int argc, char **argv)
{
	const char *url = NULL, *key = NULL, *name = argc > 1 ? argv[1] : NULL;
	int rc;

	if (!name || name[0] == '-')
		return cli_usage("user second-factor-off", "give the user name");
	if ((rc = common_opts(argc - 1, argv + 1, "user second-factor-off", &url, &key)))
		return rc;
	return cli_run(url, true, key, tfa_off_work, name);
}

/* --- tillit user import FILE [--dry-run] --------------------------------- */

struct import_job {
	const char *data;
	size_t len;
	bool dry_run;
};

static int import_work(struct db *db, struct arena *a, const void *ctx, struct err *e)
{
	const struct import_job *j = ctx;
	struct directory_import out;
	enum lang l = cli_lang();
	int rc = directory_import(db, a, &cli_auth, j->data, j->len, j->dry_run, &out, e);

	if (rc)
		return rc;
	for (size_t i = 0; i < out.n_problems; i++) {
		const struct directory_problem *p = &out.problems[i];
		const char *msg = err_message(&p->err, l, a);
		if (p->line)
			fprintf(stderr, "%s %zu, %s: %s\n", tr(l, "line"), p->line, p->column ? p->column : p->field,
				msg);
		else
			fprintf(stderr, "%s\n", msg);
	}
	if (out.n_problems) {
		fprintf(stderr, "%s\n", tr(l, "Nothing was imported: correct the file and import it again."));
		return err_set(e, ERR_INVALID, "file", N_("The file has problems; nothing was imported."));
	}
	for (size_t i = 0; i < out.n_changes; i++) {
		const struct directory_change *c = &out.changes[i];
		printf("%s\t%s\t%s\n", c->identifier, c->name, tr(l, directory_change_label(c->kind)));
	}
	printf("%s: %zu, %s: %zu\n", j->dry_run ? tr(l, "Changes that would be made") : tr(l, "Changes made"),
	       out.n_changes, tr(l, "unchanged"), out.n_unchanged);
	return 0;
}

int cmd_user_import(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "db", required_argument, 0, 'd' },
		{ "audit-key", required_argument, 0, 'k' },
		{ "dry-run", no_argument, 0, 'n' },
		{ 0, 0, 0, 0 },
	};
	const char *url = NULL, *key = NULL;
	struct import_job job = { 0 };
	struct buf b;
	struct arena *a;
	char chunk[65536];
	size_t n;
	FILE *f;
	int c, rc;

	optind = 0;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'd':
			url = optarg;
			break;
		case 'k':
			key = optarg;
			break;
		case 'n':
			job.dry_run = true;
			break;
		default:
			return cli_usage("user import", "unknown option");
		}
	}
	if (optind != argc - 1)
		return cli_usage("user import", "give the CSV file of the staff directory");
	if (!(f = fopen(argv[optind], "rb"))) {
		fprintf(stderr, "tillit: %s: cannot be read\n", argv[optind]);
		return CLI_FAIL;
	}
	a = arena_new();
	buf_init(&b, a);
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		buf_add(&b, chunk, n);
	fclose(f);
	job.data = b.data;
	job.len = b.len;
	rc = cli_run(url, true, key, import_work, &job);
	arena_free(a);
	return rc;
}
