/*
 * cli.c - what every command shares: the database URL, the audit key file,
 * messages, input.
 *
 * The audit key file holds the 32-byte key of the audit chain as 64 hex
 * digits and a newline. It is made, mode 0600, by the first command that
 * writes to a database whose chain is not keyed yet; it is written to a
 * temporary file and linked into place, so two processes starting together
 * never see half a key and never both make one. A file that others may read
 * or write is refused.
 */
#include "cli/cli.h"

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <inttypes.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/err.h"
#include "db/db.h"
#include "domain/audit.h"
#include "domain/authz.h"

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

int cli_doc_lang(const char *flag, enum lang *out)
{
	const char *l = flag && *flag ? flag : getenv("TILLIT_LANG");
	if (!l || !*l) {
		*out = LANG_SV;
		return 0;
	}
	if (!strncmp(l, "sv", 2) || !strncmp(l, "en", 2)) {
		*out = l[0] == 's' ? LANG_SV : LANG_EN;
		return 0;
	}
	return -1;
}

int cli_doc_lang_of(const char *cmd, const char *flag, enum lang *out)
{
	return cli_doc_lang(flag, out) ? cli_usage(cmd, "--lang is sv or en") : CLI_OK;
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

int cli_write_file(const char *path, const char *data, size_t len)
{
	FILE *f = path ? fopen(path, "wb") : stdout;
	bool ok;
	if (!f) {
		fprintf(stderr, "tillit: cannot write %s\n", path);
		return CLI_FAIL;
	}
	ok = fwrite(data, 1, len, f) == len;
	ok = (path ? fclose(f) == 0 : fflush(f) == 0) && ok;
	if (!ok) {
		fprintf(stderr, "tillit: writing %s failed\n", path ? path : "standard output");
		return CLI_FAIL;
	}
	return CLI_OK;
}

static bool listed(const char *const *list, const char *s)
{
	for (size_t i = 0; s && list[i]; i++)
		if (!strcmp(list[i], s))
			return true;
	return false;
}

int cli_export_options(const struct cli_export_spec *s, int argc, char **argv, struct cli_export *o)
{
	static const struct option opts[] = {
		{ "db", required_argument, 0, 'd' },
		{ "format", required_argument, 0, 'f' },
		{ "output", required_argument, 0, 'o' },
		{ "unit", required_argument, 0, 'u' },
		CLI_LANG_OPTION,
		{ 0, 0, 0, 0 },
	};
	const char *lang_flag = NULL;
	int c;

	*o = (struct cli_export){ 0 };
	optind = 0;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'd':
			o->url = optarg;
			break;
		case 'f':
			o->format = optarg;
			break;
		case 'o':
			o->output = optarg;
			break;
		case 'u':
			if (sscanf(optarg, "%" SCNd64, &o->unit_id) != 1 || o->unit_id <= 0)
				return cli_usage(s->cmd, "--unit takes a unit id");
			break;
		case CLI_LANG_OPT:
			lang_flag = optarg;
			break;
		default:
			return cli_usage(s->cmd, "unknown option");
		}
	}
	if (optind != argc)
		return cli_usage(s->cmd, "takes no arguments besides the options");
	if (!listed(s->formats, o->format))
		return cli_usage(s->cmd, s->formats_msg);
	if (listed(s->to_file, o->format) && !o->output)
		return cli_usage(s->cmd, s->to_file_msg);
	return cli_doc_lang_of(s->cmd, lang_flag, &o->lang);
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

const char *cli_audit_key_path(const char *flag, const char *db_url)
{
	static char path[4096];
	const char *env = getenv("TILLIT_AUDIT_KEY_FILE");
	const char *file = db_url;

	if (flag && *flag)
		return flag;
	if (env && *env)
		return env;
	if (!strncmp(db_url, "postgres", 8)) {
		fprintf(stderr, "tillit: on PostgreSQL, give the audit key file with --audit-key FILE or "
				"TILLIT_AUDIT_KEY_FILE (the same file for every process)\n");
		return NULL;
	}
	if (!strncmp(file, "sqlite:", 7))
		file += 7;
	if (!*file || !strcmp(file, ":memory:") ||
	    snprintf(path, sizeof(path), "%s.auditkey", file) >= (int)sizeof(path)) {
		fprintf(stderr, "tillit: give the audit key file with --audit-key FILE or TILLIT_AUDIT_KEY_FILE\n");
		return NULL;
	}
	return path;
}

/* Read the key in @path into @key. 0, 1 when there is no such file, -1 (printed) on any other failure. */
static int read_key(const char *path, unsigned char key[AUDIT_KEY_BYTES])
{
	char text[2 * AUDIT_KEY_BYTES + 8];
	struct stat st;
	size_t bin_len = 0;
	ssize_t got;
	int fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);

	if (fd < 0 && errno == ENOENT)
		return 1;
	if (fd < 0) {
		fprintf(stderr, "tillit: cannot open the audit key file %s: %s\n", path, strerror(errno));
		return -1;
	}
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || (st.st_mode & 077)) {
		fprintf(stderr, "tillit: the audit key file %s must be a file only its owner can read (chmod 600)\n",
			path);
		close(fd);
		return -1;
	}
	got = read(fd, text, sizeof(text) - 1);
	close(fd);
	if (got < 0)
		got = 0;
	text[got] = '\0';
	if (sodium_hex2bin(key, AUDIT_KEY_BYTES, text, (size_t)got, "\r\n ", &bin_len, NULL) != 0 ||
	    bin_len != AUDIT_KEY_BYTES) {
		fprintf(stderr, "tillit: the audit key file %s does not hold a key (64 hex digits)\n", path);
		sodium_memzero(text, sizeof(text));
		return -1;
	}
	sodium_memzero(text, sizeof(text));
	return 0;
}

/* Make a new key file at @path (0), or find that another process just did (1); -1 (printed) on failure. */
static int make_key(const char *path, unsigned char key[AUDIT_KEY_BYTES])
{
	char text[2 * AUDIT_KEY_BYTES + 2], tmp[4096 + 16];
	int fd, rc = -1;

	if (snprintf(tmp, sizeof(tmp), "%s.XXXXXX", path) >= (int)sizeof(tmp))
		return -1;
	randombytes_buf(key, AUDIT_KEY_BYTES);
	sodium_bin2hex(text, sizeof(text), key, AUDIT_KEY_BYTES);
	text[2 * AUDIT_KEY_BYTES] = '\n';
	fd = mkstemp(tmp);
	if (fd < 0) {
		fprintf(stderr, "tillit: cannot create the audit key file %s: %s\n", path, strerror(errno));
		return -1;
	}
	if (fchmod(fd, 0600) == 0 && write(fd, text, sizeof(text) - 1) == (ssize_t)(sizeof(text) - 1) &&
	    fsync(fd) == 0) {
		if (link(tmp, path) == 0)
			rc = 0;
		else if (errno == EEXIST)
			rc = 1;
	}
	if (rc < 0)
		fprintf(stderr, "tillit: cannot create the audit key file %s: %s\n", path, strerror(errno));
	close(fd);
	unlink(tmp);
	sodium_memzero(text, sizeof(text));
	return rc;
}

int cli_load_audit_key(const char *flag, const char *db_url)
{
	unsigned char key[AUDIT_KEY_BYTES];
	const char *path = cli_audit_key_path(flag, db_url);
	int rc;

	if (!path)
		return -1;
	rc = read_key(path, key);
	if (rc == 0)
		audit_set_key(key);
	sodium_memzero(key, sizeof(key));
	return rc;
}

struct db *cli_open_db_keyed(const char *url, const char *key_flag)
{
	unsigned char key[AUDIT_KEY_BYTES];
	struct arena *a;
	struct audit_state st;
	struct err e = { 0 };
	const char *path = cli_audit_key_path(key_flag, url);
	struct db *db;
	bool fresh = false;
	int rc;

	if (!path)
		return NULL;
	db = cli_open_db(url);
	if (!db)
		return NULL;
	a = arena_new();
	rc = audit_state(db, a, &st, &e) ? -1 : read_key(path, key);
	if (rc == 1 && st.keyed_from > 0) {
		fprintf(stderr,
			"tillit: the audit trail is keyed, but its key file %s is missing: restore it from the "
			"backup (or give its place with --audit-key)\n",
			path);
		rc = -1;
	} else if (rc == 1) {
		rc = make_key(path, key);
		if (rc == 0) {
			fresh = true;
			fprintf(stderr,
				"tillit: created the audit key file %s: keep a copy apart from the database backups\n",
				path);
		} else if (rc == 1) {
			rc = read_key(path, key);
		}
	}
	if (rc == 0) {
		audit_set_key(key);
		if (audit_key_start(db, a, fresh, &e)) {
			cli_fail(&e);
			rc = -1;
		}
	} else if (e.code) {
		cli_fail(&e);
	}
	sodium_memzero(key, sizeof(key));
	arena_free(a);
	if (rc != 0) {
		db_close(db);
		return NULL;
	}
	return db;
}

int cli_run(const char *url, bool keyed, const char *key, cli_work work, const void *ctx)
{
	struct db *db = keyed ? cli_open_db_keyed(cli_db_url(url), key) : cli_open_db(cli_db_url(url));
	struct err e = { 0 };
	struct arena *a;
	int rc;

	if (!db)
		return CLI_FAIL;
	a = arena_new();
	rc = work(db, a, ctx, &e) ? cli_fail(&e) : CLI_OK;
	arena_free(a);
	db_close(db);
	return rc;
}

int cli_import(int argc, char **argv, const char *cmd, import_fn fn)
{
	static const struct option long_opts[] = {
		{ "db", required_argument, 0, 'd' },
		{ "audit-key", required_argument, 0, 'k' },
		{ "dry-run", no_argument, 0, 'n' },
		{ 0, 0, 0, 0 },
	};
	static const struct auth cli_auth = AUTH_SYSTEM("system (command line)");
	const char *url = NULL, *key = NULL, *path;
	struct import_outcome out = { 0 };
	struct err e = { 0 };
	bool dry_run = false;
	char chunk[65536];
	struct arena *a;
	struct buf data;
	struct db *db;
	size_t n;
	FILE *f;
	int c, rc;

	optind = 0;
	while ((c = getopt_long(argc, argv, "", long_opts, NULL)) != -1) {
		if (c == 'd')
			url = optarg;
		else if (c == 'k')
			key = optarg;
		else if (c == 'n')
			dry_run = true;
		else
			return cli_usage(cmd, "unknown option");
	}
	if (optind != argc - 1)
		return cli_usage(cmd, "takes one file");
	path = argv[optind];
	if (!(f = fopen(path, "rb"))) {
		fprintf(stderr, "tillit: cannot read %s\n", path);
		return CLI_FAIL;
	}
	a = arena_new();
	buf_init(&data, a);
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		buf_add(&data, chunk, n);
	fclose(f);
	db = dry_run ? cli_open_db(cli_db_url(url)) : cli_open_db_keyed(cli_db_url(url), key);
	if (!db) {
		arena_free(a);
		return CLI_FAIL;
	}
	rc = fn(db, a, &cli_auth, data.data ? data.data : "", data.len, dry_run, &out, &e);
	if (rc && rc != ERR_INVALID) {
		rc = cli_fail(&e);
	} else if (out.problems && out.problems->n) {
		const struct import_problems *p = out.problems;
		for (size_t i = 0; i < p->n; i++)
			fprintf(stderr, "%s:%zu: %s%s%s\n", path, p->v[i].line, p->v[i].column ? p->v[i].column : "",
				p->v[i].column ? ": " : "", err_message(&p->v[i].err, cli_lang(), a));
		fprintf(stderr, "tillit: %zu of %zu rows have problems; nothing imported\n", p->n_bad_rows, out.n_rows);
		rc = CLI_FAIL;
	} else if (dry_run) {
		printf("%zu rows, no problems (%s); nothing imported (--dry-run)\n", out.n_rows,
		       out.encoding ? out.encoding : "UTF-8");
		rc = CLI_OK;
	} else {
		if (out.more_key)
			printf("%zu rows imported; %s: %zu\n", out.n_rows, out.more_key, out.more);
		else
			printf("%zu rows imported\n", out.n_rows);
		rc = CLI_OK;
	}
	db_close(db);
	arena_free(a);
	return rc;
}
