/*
 * main.c - the tillit binary: `tillit serve` and the command line.
 *
 * main owns the long-lived state (struct app: configuration and the
 * database pool), wires the router into the HTTP server, and waits for
 * SIGTERM or SIGINT to shut down gracefully: the server stops accepting,
 * requests in flight finish, then the database closes. Once the server
 * listens, a thread of its own brings the planner's statistics up to date
 * (db_optimize()), so that starting stays fast.
 *
 * Memory goes back to the system after a burst of large answers: blocks of
 * SERVE_MMAP_THRESHOLD bytes or more (a request arena's larger chunks, a
 * streamed answer's buffer) are mapped and unmapped one by one instead of
 * coming from the heap. Setting the threshold also stops glibc from
 * raising it on its own after the first large free, which is what
 * otherwise keeps hundreds of megabytes resident after concurrent exports
 * (docs/performance.md).
 */
#include <getopt.h>
#include <malloc.h>
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
#include "core/str.h"
#include "db/db.h"
#include "domain/asset.h"
#include "domain/auth.h"
#include "domain/user.h"
#include "http/router.h"
#include "http/server.h"
#include "http/session.h"
#include "web/widgets.h"

#define VERSION "0.1.0"

#define SERVE_MMAP_THRESHOLD (128 * 1024)

static const char usage_text[] =
	"Usage: tillit COMMAND [OPTIONS]\n"
	"\n"
	"Tillit - management system for information security and data protection.\n"
	"\n"
	"Commands:\n"
	"  serve [--db URL] [--listen ADDR]   run the web server (default sqlite:tillit.db, 127.0.0.1:8080)\n"
	"        [--threads N] [--max-body BYTES] [--secure-cookies] [--trusted-proxy ADDR[,ADDR]]\n"
	"        [--session-idle SECONDS] [--session-max SECONDS] [--header-timeout SECONDS]\n"
	"        [--request-timeout SECONDS] [--audit-key FILE]\n"
	"  migrate [--db URL]                 create or upgrade the database schema\n"
	"  demo [--db URL] [--if-empty]       load the demo municipality and print its accounts once\n"
	"  user add NAME --password-stdin [--name TEXT] [--email ADDR] [--lang sv|en]\n"
	"           [--role ROLE [--unit ID]] [--db URL]\n"
	"                                     create an account (password read from standard input)\n"
	"  user passwd NAME --password-stdin [--db URL]\n"
	"                                     set a new password (revokes the account's API tokens)\n"
	"  user list [--json] [--db URL]      list accounts\n"
	"  user import FILE [--dry-run] [--db URL]\n"
	"                                     accounts follow a CSV export of the staff directory\n"
	"                                     (identifier, name, email, unit, active): new people get\n"
	"                                     an account without roles, leavers are deactivated\n"
	"  user second-factor-off NAME [--db URL]\n"
	"                                     turn off an account's second factor (a lost phone)\n"
	"  signin list | reset [--db URL]     the sign-in settings; reset switches every identity\n"
	"                                     provider off and lets every account use its password\n"
	"  signin provider add --slug S --name N --issuer URL --client-id ID [--secret file:PATH|env:VAR]\n"
	"                [--scopes \"openid profile email\"] [--claim-id C] [--claim-name C] [--claim-email C]\n"
	"                [--groups-claim C] [--create-unknown]\n"
	"                                     add an OpenID Connect identity provider\n"
	"  signin enable|disable SLUG         switch a provider on or off\n"
	"  signin group claim SLUG CLAIM|none the claim that lists a person's groups\n"
	"  signin group add|remove SLUG GROUP ROLE [--unit CODE]\n"
	"                                     a group that suggests a role (granted by an administrator)\n"
	"  signin password all|admins         who may sign in with a password (installation-wide\n"
	"                                     administrators always may)\n"
	"  signin second-factor ROLE[,ROLE]|none\n"
	"                                     the roles that must use a TOTP app with their password\n"
	"  token create --user NAME [--name TEXT] [--days N] [--db URL]\n"
	"                                     create an API token and print it (shown once); it expires\n"
	"                                     after N days (default 90, at most 365)\n"
	"  audit verify [--records] [--anchor SEQ:MAC] [--db URL]\n"
	"                                     check the audit trail's keyed hash chain; --records also\n"
	"                                     compares the tables with the trail's latest snapshots,\n"
	"                                     --anchor proves the trail still holds that entry\n"
	"  audit anchor [--db URL]            print the newest entry as SEQ:MAC, to keep elsewhere\n"
	"  backup FILE [--db URL]             write an online, consistent copy of an SQLite database\n"
	"  export assets --format xlsx|csv|json [--output FILE] [--unit ID] [--lang sv|en] [--db URL]\n"
	"                                     export the asset register (a unit's subtree with --unit);\n"
	"                                     csv and json to standard output unless --output\n"
	"  report action-plan --unit ID --year YEAR --format html|md|docx --output FILE [--lang sv|en]\n"
	"         [--db URL]                  the follow-up report of a unit's action plan for a year\n"
	"  report audit-response --response ID --format html|md|docx [--output FILE] [--lang sv|en]\n"
	"         [--db URL]                  a board's response to an audit\n"
	"  report internal-control --unit ID --year YEAR --format html|md|docx|xlsx [--document plan|report]\n"
	"         --output FILE [--lang sv|en] [--db URL]\n"
	"                                     a unit's internal control plan, or its yearly report\n"
	"  report management-review --unit ID --year YEAR --format html|md|docx --output FILE [--lang sv|en]\n"
	"         [--db URL]\n"
	"                                     the newest version of a unit's management review of a year\n"
	"  export risks|continuity --format xlsx|csv|json|docx|md [--output FILE] [--unit ID]\n"
	"                [--analysis ID] [--lang sv|en] [--db URL]\n"
	"                                     export the risk register (one analysis with --analysis)\n"
	"                                     or the continuity plans; xlsx and docx need --output\n"
	"  export incidents --format xlsx|csv|json [--output FILE] [--unit ID] [--kind KIND]\n"
	"           [--status S] [--state S] [--from DATE] [--to DATE] [--clock-missed] [--lang sv|en]\n"
	"           [--db URL]\n"
	"                                     export incidents as the list filters them; --clock-missed:\n"
	"                                     only those with a statutory deadline missed\n"
	"  export register --format json|csv|xlsx|docx|html|md [--output FILE] [--unit ID] [--lang sv|en]\n"
	"                  [--db URL]\n"
	"                                     export the register of processing activities (GDPR\n"
	"                                     Art. 30) of a controller and the units below it\n"
	"  classification import FILE [--dry-run] [--db URL]\n"
	"                                     import classifications signed before Tillit, with their\n"
	"                                     signing dates, for assets not yet classified in Tillit\n"
	"  training import FILE [--dry-run] [--db URL]\n"
	"                                     import completions of courses from a learning platform's\n"
	"                                     CSV file: every bad row listed, nothing saved unless all are\n"
	"                                     right\n"
	"  --help, --version\n"
	"\n"
	"Commands that write (serve, demo, user add|passwd, token create) and audit take\n"
	"--audit-key FILE: the key of the audit chain, made with mode 0600 on first use.\n"
	"Default: beside an SQLite database (PATH.auditkey); PostgreSQL needs it given.\n"
	"Database URLs: sqlite:PATH (WAL mode) or postgresql://USER@HOST:PORT/DB.\n"
	"Environment: TILLIT_DB, TILLIT_LISTEN, TILLIT_THREADS, TILLIT_MAX_BODY,\n"
	"  TILLIT_SECURE_COOKIES=1, TILLIT_PUBLIC_URL (the address people reach Tillit at, such as\n"
	"  https://tillit.example.se: needed for sign-in through an identity provider), TILLIT_TRUSTED_PROXIES, TILLIT_SESSION_IDLE, TILLIT_SESSION_MAX,\n"
	"  TILLIT_HEADER_TIMEOUT (seconds a connection may take to send a request head, 1 to 3600,\n"
	"  default 20), TILLIT_REQUEST_TIMEOUT (seconds a request may run before it is stopped with 503,\n"
	"  1 to 3600, default 10), TILLIT_AUDIT_KEY_FILE,\n"
	"  TILLIT_LANG (sv or en: the language of command-line messages, and of exports and reports\n"
	"  unless --lang; these are Swedish when neither is given).\n"
	"Roles: administrator, coordinator, dpo, owner, reader, auditor.\n"
	"Exit codes: 0 success, 1 failure, 2 usage error, 3 audit trail damaged (or, with --records,\n"
	"  a table differs from it; with --anchor, the anchor is gone).\n";

/* The numbers serve takes, each as an option and as an environment variable. */
struct num_setting {
	const char *option, *env;
	int64_t min, max;
};

/* Worker threads when none are given: one per core, at least this many. */
#define MIN_THREADS 8
static const struct num_setting set_threads = { "--threads", "TILLIT_THREADS", 0, 1024 };
static const struct num_setting set_max_body = { "--max-body", "TILLIT_MAX_BODY", 1024, 1024L * 1024 * 1024 };
static const struct num_setting set_session_idle = { "--session-idle", "TILLIT_SESSION_IDLE", 0, 366L * 86400 };
static const struct num_setting set_session_max = { "--session-max", "TILLIT_SESSION_MAX", 0, 366L * 86400 };
static const struct num_setting set_header_timeout = { "--header-timeout", "TILLIT_HEADER_TIMEOUT", 1, 3600 };
static const struct num_setting set_request_timeout = { "--request-timeout", "TILLIT_REQUEST_TIMEOUT", 1, 3600 };

/*
 * @text as a whole number within @set's range into *out; a usage error
 * naming @name (the option or the variable) when it is not one.
 */
static int num_value(const struct num_setting *set, const char *name, const char *text, int64_t *out)
{
	char problem[160];

	if (str_to_i64(text, out) && *out >= set->min && *out <= set->max)
		return 0;
	snprintf(problem, sizeof(problem), "%s takes a whole number from %lld to %lld, not \"%.40s\"", name,
		 (long long)set->min, (long long)set->max, text);
	return cli_usage("serve", problem);
}

/* @set's environment variable into *out when it is set (and not empty); *out stays otherwise. */
static int num_env(const struct num_setting *set, int64_t *out)
{
	const char *s = getenv(set->env);
	return s && *s ? num_value(set, set->env, s, out) : 0;
}

static bool env_flag(const char *name)
{
	const char *s = getenv(name);
	return s && (!strcmp(s, "1") || !strcmp(s, "true") || !strcmp(s, "yes"));
}

/* The planner's statistics refreshed beside the running server, on a connection of its own. */
static void *optimize_main(void *arg)
{
	const char *url = arg;
	struct db *db = NULL;
	struct err e = { 0 };

	if (db_open(url, &db, &e) || db_optimize(db, &e))
		log_warn("the planner statistics were not refreshed: %s", e.detail);
	db_close(db);
	return NULL;
}

static int cmd_serve(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "db", required_argument, 0, 'd' },
		{ "listen", required_argument, 0, 'l' },
		{ "threads", required_argument, 0, 't' },
		{ "max-body", required_argument, 0, 'b' },
		{ "secure-cookies", no_argument, 0, 's' },
		{ "trusted-proxy", required_argument, 0, 'p' },
		{ "trust-proxy", no_argument, 0, 'P' },
		{ "session-idle", required_argument, 0, 'i' },
		{ "session-max", required_argument, 0, 'm' },
		{ "header-timeout", required_argument, 0, 'H' },
		{ "audit-key", required_argument, 0, 'k' },
		{ "request-timeout", required_argument, 0, 'T' },
		{ 0, 0, 0, 0 },
	};
	struct app app = { 0 };
	struct server *srv = NULL;
	struct err e = { 0 };
	struct db *db = NULL;
	const char *audit_key = NULL;
	int64_t threads = 0, max_body = 1024 * 1024, session_idle = 0, session_max = 0, header_timeout = 20;
	int64_t request_timeout = REQ_DEFAULT_TIMEOUT_MS / 1000;
	sigset_t sigs;
	pthread_t optimizer;
	bool optimizing = false;
	int c, rc, sig = 0;
	const char *env_listen = getenv("TILLIT_LISTEN");

	mallopt(M_MMAP_THRESHOLD, SERVE_MMAP_THRESHOLD);
	app.cfg.db_url = cli_db_url(NULL);
	app.cfg.listen = env_listen && *env_listen ? env_listen : "127.0.0.1:8080";
	if ((rc = num_env(&set_threads, &threads)) || (rc = num_env(&set_max_body, &max_body)) ||
	    (rc = num_env(&set_session_idle, &session_idle)) || (rc = num_env(&set_session_max, &session_max)) ||
	    (rc = num_env(&set_header_timeout, &header_timeout)) ||
	    (rc = num_env(&set_request_timeout, &request_timeout)))
		return rc;
	app.cfg.secure_cookies = env_flag("TILLIT_SECURE_COOKIES");
	app.cfg.public_url = getenv("TILLIT_PUBLIC_URL");
	if (app.cfg.public_url &&
	    (!*app.cfg.public_url || app.cfg.public_url[strlen(app.cfg.public_url) - 1] == '/' ||
	     (strncmp(app.cfg.public_url, "https://", 8) && strncmp(app.cfg.public_url, "http://", 7))))
		return cli_usage("serve", "TILLIT_PUBLIC_URL is an address such as https://tillit.example.se "
					  "(http:// or https://, no slash at the end)");
	app.cfg.trusted_proxies = getenv("TILLIT_TRUSTED_PROXIES");
	if (app.cfg.trusted_proxies && !*app.cfg.trusted_proxies)
		app.cfg.trusted_proxies = NULL;
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
			if ((rc = num_value(&set_threads, set_threads.option, optarg, &threads)))
				return rc;
			break;
		case 'b':
			if ((rc = num_value(&set_max_body, set_max_body.option, optarg, &max_body)))
				return rc;
			break;
		case 's':
			app.cfg.secure_cookies = true;
			break;
		case 'p':
			app.cfg.trusted_proxies = optarg;
			break;
		case 'P':
			return cli_usage("serve",
					 "--trust-proxy is replaced by --trusted-proxy ADDR[,ADDR] (the proxy's "
					 "own addresses)");
		case 'i':
			if ((rc = num_value(&set_session_idle, set_session_idle.option, optarg, &session_idle)))
				return rc;
			break;
		case 'm':
			if ((rc = num_value(&set_session_max, set_session_max.option, optarg, &session_max)))
				return rc;
			break;
		case 'k':
			audit_key = optarg;
			break;
		case 'H':
			if ((rc = num_value(&set_header_timeout, set_header_timeout.option, optarg, &header_timeout)))
				return rc;
			break;
		case 'T':
			if ((rc = num_value(&set_request_timeout, set_request_timeout.option, optarg,
					    &request_timeout)))
				return rc;
			break;
		default:
			return cli_usage("serve", "unknown option");
		}
	}
	if (optind != argc)
		return cli_usage("serve", "takes no arguments");
	app.cfg.threads = (int)threads;
	app.cfg.max_body = (size_t)max_body;
	app.cfg.session_idle = (int)session_idle;
	app.cfg.session_max = (int)session_max;
	app.cfg.header_timeout = (int)header_timeout;
	app.cfg.request_timeout_ms = (int)request_timeout * 1000;
	if (app.cfg.trusted_proxies && !server_proxy_list_valid(app.cfg.trusted_proxies))
		return cli_usage("serve",
				 "--trusted-proxy (TILLIT_TRUSTED_PROXIES) takes IP addresses separated by commas");
	if (getenv("TILLIT_TRUST_PROXY"))
		log_info("TILLIT_TRUST_PROXY is no longer read: set TILLIT_TRUSTED_PROXIES to the proxy's addresses");
	if (app.cfg.threads <= 0) {
		/*
		 * One per core, but at least MIN_THREADS: a write that waits for
		 * another's transaction (a large import) holds its thread while it
		 * waits, and the requests on that thread wait with it.
		 */
		long n = sysconf(_SC_NPROCESSORS_ONLN);
		app.cfg.threads = n > MIN_THREADS ? (int)n : MIN_THREADS;
	}
	app.routes = routes;
	app.prepare_page = picker_fields_resolve;
	if (router_check_table(app.routes))
		return CLI_FAIL;

	/* Migrate and key the audit trail once, then serve from a pool of one connection per worker. */
	db = cli_open_db_keyed(app.cfg.db_url, audit_key);
	if (!db)
		return CLI_FAIL;
	{
		struct arena *a = arena_new();
		struct auth_policy p = session_policy(&app);
		auth_purge(db, a, &p, &e);
		/* An import cut short by a stop is undone (on SQLite this is the only process: all of them). */
		if (asset_import_recover(db, a, db_engine_of(db) == DB_SQLITE, &e))
			log_warn("an asset import that stopped could not be undone: %s", e.detail);
		arena_free(a);
	}
	db_close(db);
	if (db_pool_new(app.cfg.db_url, app.cfg.threads + 1, &app.pool, &e))
		return cli_fail(&e);
	app.auth_cache = auth_cache_new();

	sigemptyset(&sigs);
	sigaddset(&sigs, SIGTERM);
	sigaddset(&sigs, SIGINT);
	sigaddset(&sigs, SIGHUP);
	pthread_sigmask(SIG_BLOCK, &sigs, NULL);
	signal(SIGPIPE, SIG_IGN);
	if (server_start(&app, router_dispatch, &srv, &e)) {
		db_pool_free(app.pool);
		auth_cache_free(app.auth_cache);
		return cli_fail(&e);
	}
	log_info("tillit %s listening on %s (port %d, %d threads, database %s)", VERSION, app.cfg.listen,
		 server_port(srv), app.cfg.threads, strncmp(app.cfg.db_url, "postgres", 8) ? "sqlite" : "postgresql");
	optimizing = pthread_create(&optimizer, NULL, optimize_main, (void *)app.cfg.db_url) == 0;
	while (sig != SIGTERM && sig != SIGINT) {
		if (sigwait(&sigs, &sig) != 0)
			break;
	}
	log_info("shutting down (signal %d): finishing requests in flight", sig);
	server_stop(srv, 10000);
	if (optimizing)
		pthread_join(optimizer, NULL);
	db_pool_free(app.pool);
	auth_cache_free(app.auth_cache);
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
	else if (!strcmp(cmd, "signin"))
		rc = cmd_signin(argc - 1, argv + 1);
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
	else if (!strcmp(cmd, "report"))
		rc = cmd_report(argc - 1, argv + 1);
	else if (!strcmp(cmd, "classification"))
		rc = cmd_classification(argc - 1, argv + 1);
	else if (!strcmp(cmd, "training"))
		rc = cmd_training(argc - 1, argv + 1);
	else
		rc = cli_usage(cmd, "unknown command");
	i18n_release();
	return rc;
}
