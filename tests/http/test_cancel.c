/*
 * test_cancel.c - requests nobody waits for are stopped, and every request
 * has a time limit; a streamed answer arrives whole over a real socket.
 *
 * The real server (server_mhd.c) with the real router and one worker
 * thread, on a test database, with the product's routes and two more that
 * exist only in this test: /test/slow runs a query that never ends on its
 * own (a recursive count without a bound), /test/stream answers with a
 * stream of numbered pieces. With one worker, a request stuck in a query
 * would keep /healthz from ever being answered; the socket timeouts below
 * are only the failure bounds of that, never measured.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <cmocka.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdatomic.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/i18n.h"
#include "core/log.h"
#include "db/db.h"
#include "domain/user.h"
#include "fixtures.h"
#include "http/req.h"
#include "http/router.h"
#include "http/server.h"

/* Counts for ever: only an interrupt ends it. */
static DB_QUERY(Q_T_ENDLESS, "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) FROM c");

static atomic_int slow_started, slow_rc;

static int test_slow(struct req *r)
{
	struct db *db = req_db(r);
	struct db_rows rows;
	int rc;

	if (!db)
		return r->err.code;
	atomic_store(&slow_started, 1);
	rc = db_run(db, r->arena, &Q_T_ENDLESS, NULL, 0, &rows, &r->err);
	atomic_store(&slow_rc, rc);
	return rc;
}

/* Pieces "piece 1\n" .. "piece N\n", N from ?n=, each made with the database at hand. */
struct pieces {
	int n, next;
};

static int next_piece(void *ctx, struct db *db, struct arena *a, struct buf *out, struct err *e)
{
	struct pieces *p = ctx;

	(void)a;
	(void)e;
	if (!db)
		return ERR_DB;
	for (int k = 0; k < 1000; k++)
		buf_addf(out, "piece %d line %d\n", p->next, k);
	return ++p->next < p->n ? 1 : 0;
}

static int test_stream(struct req *r)
{
	struct pieces *p = arena_calloc(r->arena, 1, sizeof(*p));
	const char *n = req_query(r, "n");

	p->n = n ? atoi(n) : 3;
	r->resp.content_type = "text/plain; charset=utf-8";
	resp_stream(r, next_piece, p);
	return 0;
}

static struct route *table;
static struct app app;
static struct server *srv;
static struct db *db;
static char url[512];

static void start(int timeout_ms)
{
	struct err e = { 0 };
	size_t n = routes_count(routes);

	table = calloc(n + 3, sizeof(*table));
	memcpy(table, routes, n * sizeof(*table));
	table[n] = (struct route){ "GET", "/test/slow", test_slow, ACCESS_PUBLIC, SCOPE_NONE, 0, "test only" };
	table[n + 1] = (struct route){ "GET", "/test/stream", test_stream, ACCESS_PUBLIC, SCOPE_NONE, 0, "test only" };
	memset(&app, 0, sizeof(app));
	app.cfg.db_url = url;
	app.cfg.listen = "127.0.0.1:0";
	app.cfg.threads = 1;
	app.cfg.max_body = 64 * 1024;
	app.cfg.request_timeout_ms = timeout_ms;
	app.routes = table;
	if (db_pool_new(url, 2, &app.pool, &e) || server_start(&app, router_dispatch, &srv, &e))
		fail_msg("server: %s", e.detail);
	atomic_store(&slow_started, 0);
	atomic_store(&slow_rc, 1);
}

static void stop(void)
{
	server_stop(srv, 5000);
	db_pool_free(app.pool);
	free(table);
	srv = NULL;
}

static int setup(void **state)
{
	log_set_quiet(getenv("TEST_VERBOSE") == NULL);
	i18n_init();
	if (fixture_db_open_file(&db, url, sizeof(url)))
		return -1;
	*state = NULL;
	return 0;
}

static int teardown(void **state)
{
	fixture_db_close(db);
	return 0;
}

/* --- a small client: one request per connection, read until the server closes -------- */

static int dial(void)
{
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	struct sockaddr_in sa = { 0 };
	struct timeval tv = { 20, 0 }; /* the failure bound of a test, never a measurement */

	assert_true(fd >= 0);
	sa.sin_family = AF_INET;
	sa.sin_port = htons((uint16_t)server_port(srv));
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
	assert_int_equal(connect(fd, (struct sockaddr *)&sa, sizeof(sa)), 0);
	return fd;
}

static void send_request(int fd, const char *path, const char *extra)
{
	char req[1024];
	int n = snprintf(req, sizeof(req), "GET %s HTTP/1.1\r\nHost: t\r\nConnection: close\r\n%s\r\n", path,
			 extra ? extra : "");

	assert_int_equal(send(fd, req, (size_t)n, MSG_NOSIGNAL), n);
}

struct answer {
	int status;
	bool complete; /* a chunked body ended with its last chunk */
	char *head, *body;
	size_t body_len;
};

/* Read everything until the server closes; undo chunked encoding. */
static void read_answer(int fd, struct answer *out)
{
	size_t cap = 1 << 16, len = 0;
	char *data = malloc(cap), *hend;
	ssize_t got;

	memset(out, 0, sizeof(*out));
	while ((got = recv(fd, data + len, cap - len - 1, 0)) > 0) {
		len += (size_t)got;
		if (cap - len < 4096)
			data = realloc(data, cap *= 2);
	}
	data[len] = '\0';
	close(fd);
	hend = strstr(data, "\r\n\r\n");
	assert_non_null(hend);
	*hend = '\0';
	out->head = data;
	out->status = atoi(data + 9);
	out->body = malloc(len + 1);
	if (!strcasestr(data, "Transfer-Encoding: chunked")) {
		out->body_len = len - (size_t)(hend + 4 - data);
		memcpy(out->body, hend + 4, out->body_len);
		out->complete = true;
	} else {
		for (char *p = hend + 4; p < data + len;) {
			char *end;
			unsigned long n = strtoul(p, &end, 16);

			if (end == p || strncmp(end, "\r\n", 2) != 0)
				break;
			if (n == 0) {
				out->complete = true;
				break;
			}
			p = end + 2;
			if (p + n > data + len)
				break;
			memcpy(out->body + out->body_len, p, n);
			out->body_len += n;
			p += n + 2;
		}
	}
	out->body[out->body_len] = '\0';
}

static void answer_free(struct answer *a)
{
	free(a->head);
	free(a->body);
}

static void get(const char *path, const char *extra, struct answer *out)
{
	int fd = dial();

	send_request(fd, path, extra);
	read_answer(fd, out);
}

static void healthz_answers(void)
{
	struct answer a;

	get("/healthz", NULL, &a);
	assert_int_equal(a.status, 200);
	assert_non_null(strstr(a.body, "\"status\":\"ok\""));
	answer_free(&a);
}

static void wait_started(void)
{
	struct timespec tick = { 0, 10 * 1000 * 1000 };

	for (int i = 0; i < 2000 && !atomic_load(&slow_started); i++)
		nanosleep(&tick, NULL);
	assert_int_equal(atomic_load(&slow_started), 1);
}

/* --- the tests ----------------------------------------------------------------------- */

/* A query over the time limit is stopped: 503 in the user's language, and the worker is free again. */
static void test_time_limit(void **state)
{
	struct answer a;

	start(300);
	get("/test/slow", "Accept: application/json\r\nAccept-Language: sv\r\n", &a);
	assert_int_equal(a.status, 503);
	assert_non_null(strstr(a.body, "\"code\":\"unavailable\""));
	assert_non_null(strstr(a.body, "tog längre än 0.3 sekunder"));
	answer_free(&a);
	assert_int_equal(atomic_load(&slow_rc), ERR_CANCELLED);
	healthz_answers();

	/* The same as a page, in English. */
	get("/test/slow", "Accept-Language: en\r\n", &a);
	assert_int_equal(a.status, 503);
	assert_non_null(strstr(a.head, "text/html"));
	assert_non_null(strstr(a.body, "took longer than 0.3 seconds"));
	answer_free(&a);
	healthz_answers();
	stop();
}

/* A client that leaves takes its query with it: the one worker answers the next client. */
static void test_client_leaves(void **state)
{
	int fd;

	start(600 * 1000); /* the time limit plays no part here */
	fd = dial();
	send_request(fd, "/test/slow", NULL);
	wait_started();
	close(fd);
	healthz_answers();
	assert_int_equal(atomic_load(&slow_rc), ERR_CANCELLED);
	/* And again: the connection the stopped query held is usable, or was replaced. */
	atomic_store(&slow_started, 0);
	fd = dial();
	send_request(fd, "/test/slow", NULL);
	wait_started();
	close(fd);
	healthz_answers();
	stop();
}

/* A streamed answer arrives whole, in chunks, however many pieces it has. */
static void test_stream_whole(void **state)
{
	struct answer a;

	start(0);
	get("/test/stream?n=40", NULL, &a);
	assert_int_equal(a.status, 200);
	assert_true(a.complete);
	assert_non_null(strstr(a.head, "Transfer-Encoding: chunked"));
	assert_non_null(strstr(a.head, "Content-Security-Policy")); /* the router's headers as on any answer */
	assert_non_null(strstr(a.body, "piece 0 line 0\n"));
	assert_non_null(strstr(a.body, "piece 39 line 999\n"));
	assert_null(strstr(a.body, "piece 40 "));
	answer_free(&a);
	healthz_answers();
	stop();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_time_limit),
		cmocka_unit_test(test_client_leaves),
		cmocka_unit_test(test_stream_whole),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
