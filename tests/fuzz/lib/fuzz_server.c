/*
 * fuzz_server.c - the in-process server of fuzz_server.h.
 */
#include "fuzz_server.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include "core/i18n.h"
#include "core/log.h"
#include "core/str.h"
#include "db/db.h"
#include "domain/user.h"
#include "fixtures.h"
#include "fuzz.h"
#include "http/req.h"
#include "http/router.h"
#include "http/server.h"

static struct app app;
static struct server *srv;
static struct db *db;
static char url[512];
static int port;

static void check_kvs(const char *what, const struct kv *kv, size_t n, bool routed)
{
	for (size_t i = 0; i < n; i++) {
		FUZZ_CHECK(what, kv[i].key && kv[i].val);
		if (kv[i].is_file)
			continue;
		/* Only file bytes may hold a NUL; the length is the string's. */
		FUZZ_CHECK(what, strlen(kv[i].val) == kv[i].len);
		if (routed && !str_valid_text(kv[i].val, kv[i].len))
			fuzz_fail(what, "field %s reached a handler without being text", kv[i].key);
	}
}

static void fuzz_dispatch(struct req *r)
{
	FUZZ_CHECK("request", r->n_form <= REQ_MAX_FIELDS && r->n_query <= REQ_MAX_FIELDS);
	check_kvs("form", r->form, r->n_form, false);
	check_kvs("query", r->query, r->n_query, false);
	for (size_t i = 0; i < r->n_cookies; i++)
		FUZZ_CHECK("cookie", r->cookies[i].key && strlen(r->cookies[i].val) == r->cookies[i].len);
	router_dispatch(r);
	FUZZ_CHECK("language", r->lang == LANG_SV || r->lang == LANG_EN);
	/* A route was chosen only after every check of the request passed, and never for a path that is not
	 * one (empty: a request target such as "%00.css" without its "/", or cut short by a raw NUL). */
	if (r->route) {
		FUZZ_CHECK("routed", r->path[0] == '/');
		FUZZ_CHECK("routed", !r->body_too_large && !r->too_many_fields && !r->body_malformed);
		FUZZ_CHECK("routed", !r->path_has_nul && !r->framing_ambiguous);
		FUZZ_CHECK("routed", str_valid_text(r->path, strlen(r->path)));
		check_kvs("form", r->form, r->n_form, true);
		check_kvs("query", r->query, r->n_query, true);
	}
	FUZZ_CHECK("response", r->resp.status >= 200 && r->resp.status <= 599);
}

void fuzz_server_start(void)
{
	struct err e = { 0 };

	if (srv)
		return;
	signal(SIGPIPE, SIG_IGN);
	log_set_quiet(getenv("FUZZ_VERBOSE") == NULL);
	unsetenv("TEST_DB_URL"); /* always SQLite: the harness needs no server of its own */
	user_set_fast_hash(true);
	i18n_init();
	if (fixture_db_open_file(&db, url, sizeof(url)))
		fuzz_fail("server", "no test database");
	app.cfg.db_url = url;
	app.cfg.listen = "127.0.0.1:0";
	app.cfg.threads = 1;
	app.cfg.max_body = (size_t)1024 * 1024;
	app.cfg.header_timeout = 2;
	app.routes = routes;
	if (db_pool_new(url, 2, &app.pool, &e))
		fuzz_fail("server", "db_pool_new: %s", e.detail);
	if (server_start(&app, fuzz_dispatch, &srv, &e))
		fuzz_fail("server", "server_start: %s", e.detail);
	port = server_port(srv);
}

int fuzz_server_send(const char *raw, size_t len, bool half_close)
{
	int fd = socket(AF_INET, SOCK_STREAM, 0), status = 0;
	struct sockaddr_in sa;
	struct timeval tv = { 10, 0 };
	char buf[16384];
	size_t got = 0;
	char first[16] = "";

	FUZZ_CHECK("client", fd >= 0);
	memset(&sa, 0, sizeof(sa));
	sa.sin_family = AF_INET;
	sa.sin_port = htons((uint16_t)port);
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
	if (connect(fd, (struct sockaddr *)&sa, sizeof(sa)) != 0)
		fuzz_fail("client", "cannot connect to the server: %s", strerror(errno));
	/* The server may answer and close before it has read everything: that is fine. */
	while (len > 0) {
		ssize_t w = send(fd, raw, len, MSG_NOSIGNAL);

		if (w <= 0)
			break;
		raw += w;
		len -= (size_t)w;
	}
	if (half_close)
		shutdown(fd, SHUT_WR);
	for (;;) {
		ssize_t n = recv(fd, buf, sizeof(buf), 0);

		if (n <= 0)
			break;
		if (got < sizeof(first) - 1) {
			size_t take = (size_t)n < sizeof(first) - 1 - got ? (size_t)n : sizeof(first) - 1 - got;

			memcpy(first + got, buf, take);
			first[got + take] = '\0';
		}
		got += (size_t)n;
	}
	close(fd);
	if (!strncmp(first, "HTTP/1.", 7) && strlen(first) >= 12)
		status = atoi(first + 9);
	return status;
}
