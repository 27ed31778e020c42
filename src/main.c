/*
 * main.c - the tillit binary: `tillit serve` and the command line.
 *
 * main owns the long-lived state (struct app: configuration and the
 * database pool), wires the router into the HTTP server, and waits for
 * SIGTERM or SIGINT to shut down gracefully: the server stops accepting,
 * requests in flight finish, then the database closes.
 */
#include <getopt.h>
#include <pthread.h>
#include <signal.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "core/arena.h"
#include "core/err.h"
#include "core/i18n.h"
#include "core/log.h"
#include "db/db.h"
#include "domain/auth.h"
#include "domain/user.h"
#include "http/router.h"
#include "http/server.h"
#include "http/session.h"

#define VERSION "0.1.0"

static const char usage_text[] =
	"Usage: tillit COMMAND [OPTIONS]\n"
	"\n"
	"Tillit - management system for information security and data protection.\n"
	"\n"
	"Commands:\n"
	"  serve [--db URL] [--listen ADDR]   run the web server (default sqlite:tillit.db, 127.0.0.1:8080)\n"
	"        [--threads N] [--max-body BYTES] [--secure-cookies] [--trust-proxy]\n"
	"        [--session-idle SECONDS] [--session-max SECONDS] [--header-timeout SECONDS]\n"
	"  migrate [--db URL]                 create or upgrade the database schema\n"
	"  demo [--db URL] [--if-empty]       load the demo municipality and print its accounts once\n"
	"  user add NAME --password-stdin [--name TEXT] [--email ADDR] [--lang sv|en]\n"
	"           [--role ROLE [--unit ID]] [--db URL]\n"
	"                                     create an account (password read from standard input)\n"
	"  user passwd NAME --password-stdin [--db URL]\n"
	"                                     set a new password\n"
	"  user list [--json] [--db URL]      list accounts\n"
	"  token create --user NAME [--name TEXT] [--db URL]\n"
	"                                     create an API token and print it (shown once)\n"
	"  audit verify [--db URL]            check the audit trail's hash chain\n"
	"  backup FILE [--db URL]             write an online, consistent copy of an SQLite database\n"
	"  export assets --format xlsx|csv|json [--output FILE] [--unit ID] [--db URL]\n"
	"                                     export the asset register (a unit's subtree with --unit);\n"
	"                                     csv and json to standard output unless --output\n"
	"  --help, --version\n"
	"\n"
	"Database URLs: sqlite:PATH (WAL mode) or postgresql://USER@HOST:PORT/DB.\n"
	"Environment: TILLIT_DB, TILLIT_LISTEN, TILLIT_THREADS, TILLIT_MAX_BODY,\n"
	"  TILLIT_SECURE_COOKIES=1, TILLIT_TRUST_PROXY=1, TILLIT_SESSION_IDLE, TILLIT_SESSION_MAX,\n"
	"  TILLIT_HEADER_TIMEOUT (seconds a connection may take to send a request head, default 20),\n"
	"  TILLIT_LANG (language of command-line messages: sv or en).\n"
	"Roles: administrator, coordinator, dpo, owner, reader, auditor.\n"
	"Exit codes: 0 success, 1 failure, 2 usage error, 3 audit trail damaged.\n";

static int env_int(const char *name, int def)
{
	const char *s = getenv(name);
	return s && *s ? atoi(s) : def;
}

static bool env_flag(const char *name)
{
	const char *s = getenv(name);
	return s && (!strcmp(s, "1") || !strcmp(s, "true") || !strcmp(s, "yes"));
}

static int cmd_serve(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "db", required_argument, 0, 'd' },
		{ "listen", required_argument, 0, 'l' },
		{ "threads", required_argument, 0, 't' },
		{ "max-body", required_argument, 0, 'b' },
		{ "secure-cookies", no_argument, 0, 's' },
		{ "trust-proxy", no_argument, 0, 'p' },
		{ "session-idle", required_argument, 0, 'i' },
		{ "session-max", required_argument, 0, 'm' },
		{ "header-timeout", required_argument, 0, 'H' },
		{ 0, 0, 0, 0 },
	};
	struct app app = { 0 };
	struct server *srv = NULL;
	struct err e = { 0 };
	struct db *db = NULL;
	sigset_t sigs;
	int c, sig = 0;
	const char *env_listen = getenv("TILLIT_LISTEN");

	app.cfg.db_url = cli_db_url(NULL);
	app.cfg.listen = env_listen && *env_listen ? env_listen : "127.0.0.1:8080";
	app.cfg.threads = env_int("TILLIT_THREADS", 0);
	app.cfg.max_body = (size_t)env_int("TILLIT_MAX_BODY", 1024 * 1024);
	app.cfg.secure_cookies = env_flag("TILLIT_SECURE_COOKIES");
	app.cfg.trust_proxy = env_flag("TILLIT_TRUST_PROXY");
	app.cfg.session_idle = env_int("TILLIT_SESSION_IDLE", 0);
	app.cfg.session_max = env_int("TILLIT_SESSION_MAX", 0);
	app.cfg.header_timeout = env_int("TILLIT_HEADER_TIMEOUT", 20);
	optind = 0;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'd':
			app.cfg.db_url = optarg;
			break;
		case 'l':
			app.cfg.listen = optarg;
			break;
		case 't':
			app.cfg.threads = atoi(optarg);
			break;
		case 'b':
			app.cfg.max_body = (size_t)strtoul(optarg, NULL, 10);
			break;
		case 's':
			app.cfg.secure_cookies = true;
			break;
		case 'p':
			app.cfg.trust_proxy = true;
			break;
		case 'i':
			app.cfg.session_idle = atoi(optarg);
			break;
		case 'm':
			app.cfg.session_max = atoi(optarg);
			break;
		case 'H':
			app.cfg.header_timeout = atoi(optarg);
			break;
		default:
			return cli_usage("serve", "unknown option");
		}
	}
	if (optind != argc)
		return cli_usage("serve", "takes no arguments");
	if (app.cfg.max_body < 1024)
		return cli_usage("serve", "--max-body must be at least 1024 bytes");
	if (app.cfg.header_timeout < 1 || app.cfg.header_timeout > 3600)
		return cli_usage("serve", "--header-timeout must be from 1 to 3600 seconds");
	if (app.cfg.threads <= 0) {
		long n = sysconf(_SC_NPROCESSORS_ONLN);
		app.cfg.threads = n > 0 ? (int)n : 2;
	}
	if (router_check_table(routes))
		return CLI_FAIL;

	/* Migrate once, then serve from a pool of one connection per worker. */
	db = cli_open_db(app.cfg.db_url);
	if (!db)
		return CLI_FAIL;
	{
		struct arena *a = arena_new();
		struct auth_policy p = session_policy(&app);
		auth_purge(db, a, &p, &e);
		arena_free(a);
	}
	db_close(db);
	if (db_pool_new(app.cfg.db_url, app.cfg.threads + 1, &app.pool, &e))
		return cli_fail(&e);

	sigemptyset(&sigs);
	sigaddset(&sigs, SIGTERM);
	sigaddset(&sigs, SIGINT);
	sigaddset(&sigs, SIGHUP);
	pthread_sigmask(SIG_BLOCK, &sigs, NULL);
	signal(SIGPIPE, SIG_IGN);
	if (server_start(&app, router_dispatch, &srv, &e)) {
		db_pool_free(app.pool);
		return cli_fail(&e);
	}
	log_info("tillit %s listening on %s (port %d, %d threads, database %s)", VERSION, app.cfg.listen,
		 server_port(srv), app.cfg.threads, strncmp(app.cfg.db_url, "postgres", 8) ? "sqlite" : "postgresql");
	while (sig != SIGTERM && sig != SIGINT) {
		if (sigwait(&sigs, &sig) != 0)
			break;
	}
	log_info("shutting down (signal %d): finishing requests in flight", sig);
	server_stop(srv, 10000);
	db_pool_free(app.pool);
	log_info("stopped");
	return CLI_OK;
}

int main(int argc, char **argv)
{
	const char *cmd;
	int rc;

	if (sodium_init() < 0) {
		fprintf(stderr, "tillit: libsodium could not be initialised\n");
		return CLI_FAIL;
	}
	if (i18n_init() != 0) {
		fprintf(stderr, "tillit: the message catalogs are damaged\n");
		return CLI_FAIL;
	}
	if (env_flag("TILLIT_TEST_FAST_HASH"))
		user_set_fast_hash(true);
	if (argc < 2) {
		fputs(usage_text, stderr);
		return CLI_USAGE;
	}
	cmd = argv[1];
	if (!strcmp(cmd, "--help") || !strcmp(cmd, "-h") || !strcmp(cmd, "help")) {
		fputs(usage_text, stdout);
		return CLI_OK;
	}
	if (!strcmp(cmd, "--version")) {
		printf("tillit %s\n", VERSION);
		return CLI_OK;
	}
	if (!strcmp(cmd, "serve"))
		rc = cmd_serve(argc - 1, argv + 1);
	else if (!strcmp(cmd, "migrate"))
		rc = cmd_migrate(argc - 1, argv + 1);
	else if (!strcmp(cmd, "user"))
		rc = cmd_user(argc - 1, argv + 1);
	else if (!strcmp(cmd, "token"))
		rc = cmd_token(argc - 1, argv + 1);
	else if (!strcmp(cmd, "audit"))
		rc = cmd_audit(argc - 1, argv + 1);
	else if (!strcmp(cmd, "backup"))
		rc = cmd_backup(argc - 1, argv + 1);
	else if (!strcmp(cmd, "demo"))
		rc = cmd_demo(argc - 1, argv + 1);
	else if (!strcmp(cmd, "export"))
		rc = cmd_export(argc - 1, argv + 1);
	else
		rc = cli_usage(cmd, "unknown command");
	i18n_release();
	return rc;
}
