/*
 * server_mhd.c - the HTTP transport: libmicrohttpd in, struct req out.
 *
 * This is the only file that includes <microhttpd.h>. It binds the listen
 * socket itself (so the error for a bad or busy address is precise), runs
 * MHD's thread pool with poll() (see below), and turns each request into a
 * struct req that lives in a fresh arena: method, path, client address,
 * headers, query arguments and cookies on the first call of the access
 * handler; form fields (through MHD's post processor, never parsed by hand)
 * or the raw body on the calls that carry upload data; the dispatch
 * function and the response on the last call. The arena, and the struct
 * req inside it, is freed in the request-completed callback, which also
 * gives back the database connection.
 *
 * Two rules from measuring libmicrohttpd 0.9.75 shape the access handler:
 * the first call only announces the request and must not queue a response
 * (a response queued then makes MHD answer "Connection: close", which costs
 * keep-alive), and a response can only be queued once the upload is fully
 * received, so a body over the limit is drained and discarded rather than
 * answered early. The exception is a declared Content-Length so far beyond
 * the limit that reading it would be pointless: that request is answered at
 * once and MHD closes the connection after the answer.
 *
 * What one request may cost is bounded before any handler runs: the body by
 * max_body, the form by REQ_MAX_FIELDS fields (a file part is marked as such
 * when the post processor creates it, so no check ever searches the fields
 * for it), and every loop here is linear in the bytes received. A request
 * whose length is ambiguous (Transfer-Encoding beside Content-Length, or a
 * transfer coding other than chunked) is refused at once and the connection
 * closed, as is a path that decodes to a NUL byte. MHD's own timeout only
 * ends connections that go quiet; a client that trickles its request head a
 * byte at a time would keep one open for ever. So every connection is also
 * on a list with the time it opened or finished its last answer, and a
 * watchdog thread shuts down the socket of any connection that has not sent
 * a complete request head within the header timeout.
 *
 * The same watchdog ends requests nobody waits for any more. While a
 * request is being answered (the dispatch function runs, or one piece of a
 * streamed answer is made) its connection records it; the watchdog stops
 * it when it has run longer than the request time limit, or when it has
 * run REQ_GONE_GRACE_MS and its client has closed the connection (or shut
 * down its sending side, as nginx also reads it; a request whose client
 * has gone before it starts is stopped at once), and goes on stopping it
 * on every tick until it ends: it marks the request cancelled and
 * interrupts the query on the database connection the request holds
 * (db_interrupt()). The request borrows and gives back that connection
 * under the watchdog's lock (req->db_lock), so the watchdog never touches
 * a connection another request holds. The handler's queries then fail,
 * and the router answers 503 in the user's language.
 *
 * After work, once no request has run for TRIM_AFTER_IDLE_MS, the watchdog
 * hands memory freed meanwhile back to the system (malloc_trim()).
 *
 * A streamed answer (resp_stream()) goes out through
 * MHD_create_response_from_callback(): its first piece is made before the
 * answer is queued, so a failure there is still an ordinary error answer;
 * every further piece is made when MHD has room for it, in an arena kept
 * for pieces (piece_arena_take()), emptied as soon as the piece's bytes
 * are copied out, and the bytes wait in one buffer per request. A piece
 * that fails makes MHD close the connection without the chunked
 * terminator.
 *
 * The workers wait with poll(), not epoll: MHD 0.9.75's edge-triggered
 * epoll loses the end of a stream that arrives with the last bytes of a
 * request (the client sends and shuts down its side at once), so about one
 * such connection in eight stayed open, its request never complete, until
 * the 30 s idle timeout. poll() reports the end until it is read. At 32
 * and at 512 connections the two answered as many requests a second
 * (wrk on /healthz, within this machine's noise).
 *
 * server_stop() refuses new connections (the accept policy closes them as
 * they come), waits for the requests in flight, counted with an atomic
 * counter, then stops the daemon. It does not call MHD_quiesce_daemon():
 * with epoll, the quiesce raced the worker threads' own removal of the
 * listen socket from their epoll sets, and the loser aborted the process
 * ("Failed to remove listen FD from epoll set", an open libmicrohttpd
 * defect).
 */
#include "http/server.h"

#include <stddef.h> /* core/log.h uses size_t */

#include <arpa/inet.h>
#include <errno.h>
#include <malloc.h>
#include <microhttpd.h>
#include <netdb.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/err.h"
#include "core/log.h"
#include "core/str.h"
#include "core/timeutil.h"
#include "db/db.h"
#include "http/errmap.h"

#define POST_BUFFER_SIZE         (16 * 1024)
#define CONN_MEMORY_LIMIT        ((size_t)64 * 1024) /* request line + headers per connection */
#define CONN_TIMEOUT_S           30u
#define DEFAULT_MAX_BODY         ((size_t)1024 * 1024) /* when cfg.max_body is 0 */
#define DEFAULT_HEADER_TIMEOUT_S 20                    /* when cfg.header_timeout is 0 */
/*
 * How long a request runs before the watchdog looks whether its client is
 * still there: a quick answer to a client that closed its sending side
 * early (as some scripts do) is not worth stopping.
 */
#define REQ_GONE_GRACE_MS  250.0
#define WATCHDOG_TICK_MS   100.0
#define STREAM_BLOCK       ((size_t)64 * 1024)       /* what MHD asks a stream for at most, per call */
#define PIECE_SPARE_MAX    8                         /* emptied arenas kept for pieces of streamed answers */
#define PIECE_KEEP_MAX     ((size_t)4 * 1024 * 1024) /* ... none that grew past this */
#define TRIM_AFTER_IDLE_MS 1000.0                    /* quiet time after which freed memory goes back */
/*
 * How many bytes past max_body are read and thrown away so that the client
 * still gets its 413 on a healthy connection. Beyond that the connection is
 * closed: nobody should make us read gigabytes just to refuse them.
 */
#define DRAIN_SLACK ((uint64_t)16 * 1024 * 1024)

/*
 * One open connection (MHD's socket context). The watchdog reads and MHD's
 * threads write since_ms, in_request and cut under server.conn_lock.
 */
struct conn {
	struct conn *prev, *next;
	int fd;
	double since_ms;     /* accepted, or its previous request completed */
	bool in_request;     /* a request head arrived and its answer is not yet complete */
	bool cut;            /* the watchdog shut the socket down */
	const char *nul_url; /* a URL that MHD decoded to bytes with a NUL in them */
	char addr[INET6_ADDRSTRLEN];
	struct mhd_req *running; /* a request being answered now (dispatch, or a piece of its stream) */
	double running_since_ms;
	bool stop_logged; /* the watchdog said why it stopped @running */
};

struct server {
	struct MHD_Daemon *daemon;
	struct app *app;
	server_dispatch dispatch;
	int port;
	size_t max_body;
	atomic_int active;    /* requests between first call and completion */
	atomic_bool refusing; /* stopping: new connections are closed as they come */

	pthread_mutex_t conn_lock;
	pthread_cond_t conn_wake; /* stop the watchdog */
	struct conn *conns;       /* every open connection */
	double header_timeout_ms;
	double request_timeout_ms;
	double last_done_ms;  /* when a request last completed */
	bool used_since_trim; /* requests completed since the heap was last trimmed */
	pthread_mutex_t spare_lock;
	struct arena *spare[PIECE_SPARE_MAX]; /* emptied arenas for the next pieces of streamed answers */
	int n_spare;
	bool stopping;
	bool watchdog_running;
	pthread_t watchdog;
};

/* A form field being received, possibly in several chunks. */
struct field {
	const char *key;
	struct buf val;
	bool is_file;
};

/*
 * The per-request state. It lives in the request's arena; req comes first
 * so that MHD's *req_cls, the struct req and this struct share one address.
 */
struct mhd_req {
	struct req req;
	struct server *srv;
	struct MHD_PostProcessor *pp; /* form bodies; NULL otherwise */
	bool raw;                     /* keep the body as bytes (JSON, anything else) */
	bool answered;                /* a response has been queued */
	uint64_t received;            /* body bytes seen, stored or not */
	uint64_t declared;            /* Content-Length, 0 when absent */
	struct buf body;              /* the raw body, once data arrived */
	bool have_body;
	struct field *fields;
	size_t n_fields, cap_fields;
	uint64_t field_bytes; /* names and values of the fields so far */
	struct conn *conn;    /* the connection it came on (NULL only if MHD gave none) */
	/* A streamed answer's bytes waiting for MHD, malloc'ed; freed at completion. */
	char *out;
	size_t out_len, out_off, out_cap;
	bool stream_done;
};

/* --- listen address -------------------------------------------------- */

static int listen_invalid(struct err *e, const char *spec, const char *why)
{
	err_set1(e, ERR_INVALID, "listen", N_("The listen address %s is not valid."), spec);
	return err_detail(e, "listen address \"%s\": %s", spec, why);
}

/*
 * Split "host:port", "[v6]:port" or ":port" into @host (empty for all
 * addresses), @port (digits only, 0..65535) and the same port as a number
 * in *port_num.
 */
static int listen_split(const char *spec, char *host, size_t host_size, char *port, size_t port_size,
			uint16_t *port_num, struct err *e)
{
	const char *h, *hend, *p;
	int64_t n;

	if (!spec || !*spec)
		return listen_invalid(e, "", "empty");
	if (spec[0] == '[') {
		h = spec + 1;
		hend = strchr(h, ']');
		if (!hend || hend[1] != ':')
			return listen_invalid(e, spec, "expected [address]:port");
		p = hend + 2;
	} else {
		hend = strrchr(spec, ':');
		if (!hend)
			return listen_invalid(e, spec, "expected host:port");
		h = spec;
		p = hend + 1;
		if (memchr(h, ':', (size_t)(hend - h)))
			return listen_invalid(e, spec, "an IPv6 address must be written [address]:port");
	}
	if ((size_t)(hend - h) >= host_size)
		return listen_invalid(e, spec, "host name too long");
	if (!str_to_i64(p, &n) || p[0] == '-' || n > 65535 || strlen(p) >= port_size)
		return listen_invalid(e, spec, "port must be a number from 0 to 65535");
	memcpy(host, h, (size_t)(hend - h));
	host[hend - h] = '\0';
	snprintf(port, port_size, "%d", (int)n);
	*port_num = (uint16_t)n;
	return 0;
}

/* Create, bind and listen on one address; -1 with errno set on failure. */
static int listen_one(const struct sockaddr *sa, socklen_t len, bool dual_stack)
{
	int fd, one = 1, v6only = dual_stack ? 0 : 1, saved;

	fd = socket(sa->sa_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -1;
	if (setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) != 0)
		goto fail;
	if (sa->sa_family == AF_INET6 && setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &v6only, sizeof(v6only)) != 0)
		goto fail;
	if (bind(fd, sa, len) != 0 || listen(fd, SOMAXCONN) != 0)
		goto fail;
	return fd;
fail:
	saved = errno;
	close(fd);
	errno = saved;
	return -1;
}

/*
 * Open the listen socket for @spec. An empty host means every address: one
 * dual-stack IPv6 socket, or IPv4 only where IPv6 is unavailable. A host name
 * binds the first address it resolves to.
 */
static int listen_open(const char *spec, int *fd_out, bool *is_v6, struct err *e)
{
	char host[256], port[8], ebuf[128];
	struct addrinfo hints, *res = NULL, *ai;
	int fd = -1, rc, last_errno = 0;
	uint16_t port_num;

	rc = listen_split(spec, host, sizeof(host), port, sizeof(port), &port_num, e);
	if (rc < 0)
		return rc;
	memset(&hints, 0, sizeof(hints));
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
	if (!host[0]) {
		struct sockaddr_in6 any6;
		struct sockaddr_in any4;

		memset(&any6, 0, sizeof(any6));
		any6.sin6_family = AF_INET6;
		any6.sin6_addr = in6addr_any;
		any6.sin6_port = htons(port_num);
		fd = listen_one((const struct sockaddr *)&any6, sizeof(any6), true);
		*is_v6 = true;
		if (fd < 0 && (errno == EAFNOSUPPORT || errno == EADDRNOTAVAIL)) {
			memset(&any4, 0, sizeof(any4));
			any4.sin_family = AF_INET;
			any4.sin_addr.s_addr = htonl(INADDR_ANY);
			any4.sin_port = any6.sin6_port;
			fd = listen_one((const struct sockaddr *)&any4, sizeof(any4), false);
			*is_v6 = false;
		}
		last_errno = errno;
	} else {
		rc = getaddrinfo(host, port, &hints, &res);
		if (rc != 0)
			return listen_invalid(e, spec, gai_strerror(rc));
		for (ai = res; ai && fd < 0; ai = ai->ai_next) {
			if (ai->ai_family != AF_INET && ai->ai_family != AF_INET6)
				continue;
			fd = listen_one(ai->ai_addr, ai->ai_addrlen, false);
			if (fd < 0)
				last_errno = errno;
			else
				*is_v6 = ai->ai_family == AF_INET6;
		}
		freeaddrinfo(res);
	}
	if (fd < 0) {
		err_set1(e, ERR_INTERNAL, "listen", N_("Cannot listen on %s."), spec);
		return err_detail(e, "listen on %s: %s", spec,
				  strerror_r(last_errno ? last_errno : EINVAL, ebuf, sizeof(ebuf)));
	}
	*fd_out = fd;
	return 0;
}

/* The bound port, read back from the socket (port 0 asks for any free one). */
static int socket_port(int fd)
{
	struct sockaddr_storage ss;
	socklen_t len = sizeof(ss);

	if (getsockname(fd, (struct sockaddr *)&ss, &len) != 0)
		return 0;
	if (ss.ss_family == AF_INET)
		return ntohs(((struct sockaddr_in *)&ss)->sin_port);
	if (ss.ss_family == AF_INET6)
		return ntohs(((struct sockaddr_in6 *)&ss)->sin6_port);
	return 0;
}

/* --- building struct req --------------------------------------------- */

/* The client's address as text in @out; IPv4 clients of a dual-stack socket print as IPv4. */
static void client_addr_text(struct MHD_Connection *c, char *out, size_t size)
{
	const union MHD_ConnectionInfo *ci = MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	struct sockaddr_in v4;
	struct sockaddr_in6 v6;

	snprintf(out, size, "unknown");
	if (!ci || !ci->client_addr)
		return;
	if (ci->client_addr->sa_family == AF_INET) {
		memcpy(&v4, ci->client_addr, sizeof(v4));
		if (!inet_ntop(AF_INET, &v4.sin_addr, out, (socklen_t)size))
			snprintf(out, size, "unknown");
	} else if (ci->client_addr->sa_family == AF_INET6) {
		memcpy(&v6, ci->client_addr, sizeof(v6));
		if (IN6_IS_ADDR_V4MAPPED(&v6.sin6_addr)
			    ? !inet_ntop(AF_INET, &v6.sin6_addr.s6_addr[12], out, (socklen_t)size)
			    : !inet_ntop(AF_INET6, &v6.sin6_addr, out, (socklen_t)size))
			snprintf(out, size, "unknown");
	}
}

static const char *client_addr(struct arena *a, struct MHD_Connection *c)
{
	char text[INET6_ADDRSTRLEN];

	client_addr_text(c, text, sizeof(text));
	return arena_strdup(a, text);
}

/*
 * The last element of X-Forwarded-For (the address our own proxy saw), or
 * NULL when it is not an IP address.
 */
static const char *forwarded_addr(struct arena *a, const char *xff)
{
	const char *last = strrchr(xff, ',');
	char *addr = str_trim(arena_strdup(a, last ? last + 1 : xff));
	unsigned char bin[sizeof(struct in6_addr)];

	if (inet_pton(AF_INET, addr, bin) == 1 || inet_pton(AF_INET6, addr, bin) == 1)
		return addr;
	return NULL;
}

/* Is @addr (text) one of the comma-separated addresses in @list? Compared as binary addresses. */
static bool is_trusted_proxy(const char *list, const char *addr)
{
	unsigned char want[sizeof(struct in6_addr)], have[sizeof(struct in6_addr)];
	int family = strchr(addr, ':') ? AF_INET6 : AF_INET;
	char item[INET6_ADDRSTRLEN + 1];

	if (!list || inet_pton(family, addr, want) != 1)
		return false;
	for (const char *p = list; *p;) {
		size_t n = strcspn(p, ",");
		if (n < sizeof(item)) {
			memcpy(item, p, n);
			item[n] = '\0';
			if (inet_pton(family, str_trim(item), have) == 1 &&
			    !memcmp(want, have, family == AF_INET6 ? sizeof(struct in6_addr) : sizeof(struct in_addr)))
				return true;
		}
		p += n;
		if (*p == ',')
			p++;
	}
	return false;
}

bool server_proxy_list_valid(const char *list)
{
	unsigned char bin[sizeof(struct in6_addr)];
	char item[INET6_ADDRSTRLEN + 1];

	if (!list || !*list)
		return false;
	for (const char *p = list; *p;) {
		size_t n = strcspn(p, ",");
		const char *t;
		if (n == 0 || n >= sizeof(item))
			return false;
		memcpy(item, p, n);
		item[n] = '\0';
		t = str_trim(item);
		if (inet_pton(AF_INET, t, bin) != 1 && inet_pton(AF_INET6, t, bin) != 1)
			return false;
		p += n;
		if (*p == ',' && !*++p)
			return false;
	}
	return true;
}

struct kv_fill {
	struct req *r;
	struct kv *items;
	size_t n, cap;
	bool reject_nul; /* query arguments: a NUL marks the request malformed */
};

static enum MHD_Result kv_collect(void *cls, enum MHD_ValueKind kind, const char *key, size_t key_size,
				  const char *value, size_t value_size)
{
	struct kv_fill *f = cls;
	struct kv *kv;

	(void)kind;
	if (f->n >= f->cap || !key)
		return MHD_YES;
	if (!value) {
		value = "";
		value_size = 0;
	}
	if (f->reject_nul && (strlen(key) != key_size || memchr(value, '\0', value_size))) {
		f->r->body_malformed = true;
		return MHD_YES; /* leave it out */
	}
	kv = &f->items[f->n++];
	kv->key = arena_strndup(f->r->arena, key, key_size);
	kv->val = arena_strndup(f->r->arena, value, value_size);
	kv->len = strlen(kv->val); /* a header or cookie is cut at a NUL */
	return MHD_YES;
}

/* Copy all values of @kind into an arena array; returns the count in *n. */
static struct kv *kv_gather(struct req *r, struct MHD_Connection *c, enum MHD_ValueKind kind, bool reject_nul,
			    size_t *n)
{
	struct kv_fill f = { r, NULL, 0, 0, reject_nul };
	int count = MHD_get_connection_values_n(c, kind, NULL, NULL);

	*n = 0;
	if (count <= 0)
		return NULL;
	f.cap = (size_t)count;
	f.items = arena_calloc(r->arena, f.cap, sizeof(*f.items));
	MHD_get_connection_values_n(c, kind, kv_collect, &f);
	*n = f.n;
	return f.items;
}

static struct field *field_add(struct mhd_req *w, const char *key, bool is_file)
{
	struct field *f;

	ARENA_ROOM(w->req.arena, w->fields, w->n_fields, 1, w->cap_fields, 8);
	f = &w->fields[w->n_fields++];
	f->key = arena_strdup(w->req.arena, key);
	f->is_file = is_file;
	buf_init(&f->val, w->req.arena);
	w->field_bytes += strlen(key);
	return f;
}

/*
 * MHD's post processor hands over each field value in chunks (@off is the
 * position in the value); a continuation always belongs to the field added
 * last. A file part of a multipart body also records its file name and
 * content type as "<field>.filename" and "<field>.content_type", and its
 * value is marked as file bytes there and then. Past REQ_MAX_FIELDS fields,
 * or field bytes beyond max_body, the rest of the body is not parsed.
 */
static enum MHD_Result on_post_field(void *cls, enum MHD_ValueKind kind, const char *key, const char *filename,
				     const char *content_type, const char *transfer_encoding, const char *data,
				     uint64_t off, size_t size)
{
	struct mhd_req *w = cls;
	struct field *f = NULL;
	const char *k = key ? key : "";

	(void)kind;
	(void)transfer_encoding;
	if (w->req.body_too_large || w->req.too_many_fields)
		return MHD_NO;
	/* NUL bytes are refused in ordinary fields; an uploaded file (it has a
	 * file name) keeps its bytes as sent, for the handler to judge. */
	if (!filename && size && memchr(data, '\0', size)) {
		w->req.body_malformed = true;
		return MHD_NO;
	}
	if (off > 0 && w->n_fields && strcmp(w->fields[w->n_fields - 1].key, k) == 0)
		f = &w->fields[w->n_fields - 1];
	if (!f) {
		if (w->n_fields + (filename ? 3 : 1) > REQ_MAX_FIELDS) {
			w->req.too_many_fields = true;
			return MHD_NO;
		}
		if (filename) {
			f = field_add(w, arena_printf(w->req.arena, "%s.filename", k), false);
			buf_adds(&f->val, filename);
			w->field_bytes += f->val.len;
			if (content_type) {
				f = field_add(w, arena_printf(w->req.arena, "%s.content_type", k), false);
				buf_adds(&f->val, content_type);
				w->field_bytes += f->val.len;
			}
		}
		f = field_add(w, k, filename != NULL);
	}
	w->field_bytes += size;
	if (w->field_bytes > w->srv->max_body) {
		w->req.body_too_large = true;
		return MHD_NO;
	}
	buf_add(&f->val, data, size);
	return MHD_YES;
}

/* The connection's context, set when MHD accepted it (NULL only if that failed). */
static struct conn *conn_of(struct MHD_Connection *c)
{
	const union MHD_ConnectionInfo *ci = MHD_get_connection_info(c, MHD_CONNECTION_INFO_SOCKET_CONTEXT);

	return ci ? ci->socket_context : NULL;
}

/*
 * Content-Length and Transfer-Encoding must not disagree about where the body
 * ends: a request with both, or with a transfer coding other than chunked, is
 * one that a proxy in front of us may have read differently.
 */
static bool framing_ambiguous(const struct req *r)
{
	const char *te = NULL;
	bool has_cl = false;
	int n_te = 0;

	for (size_t i = 0; i < r->n_headers; i++) {
		if (str_ieq(r->headers[i].key, "Content-Length"))
			has_cl = true;
		if (str_ieq(r->headers[i].key, "Transfer-Encoding")) {
			te = r->headers[i].val;
			n_te++;
		}
	}
	if (!te)
		return false;
	return has_cl || n_te > 1 || !str_ieq(te, "chunked");
}

/*
 * First call for a request: build the struct req from what MHD has parsed
 * (request line, headers, query string, cookies) and prepare for the body.
 */
static struct mhd_req *req_begin(struct server *s, struct MHD_Connection *c, const char *url, const char *method)
{
	struct arena *a = arena_new();
	struct mhd_req *w = arena_alloc(a, sizeof(*w));
	struct req *r = &w->req;
	struct conn *cn = conn_of(c);
	const char *ct, *cl, *xff;
	char *end;
	unsigned long long declared;

	w->srv = s;
	r->arena = a;
	r->app = s->app;
	r->started_ms = time_mono_ms();
	r->method = arena_strdup(a, method ? method : "");
	r->path = arena_strdup(a, url ? url : "/");
	buf_init(&r->resp.body, a);
	r->db_lock = &s->conn_lock;
	atomic_init(&r->cancelled, false);
	w->conn = cn;
	if (cn) {
		r->path_has_nul = url && cn->nul_url == url;
		cn->nul_url = NULL;
	}

	r->headers = kv_gather(r, c, MHD_HEADER_KIND, false, &r->n_headers);
	r->query = kv_gather(r, c, MHD_GET_ARGUMENT_KIND, true, &r->n_query);
	r->cookies = kv_gather(r, c, MHD_COOKIE_KIND, false, &r->n_cookies);
	if (r->n_query > REQ_MAX_FIELDS) {
		r->too_many_fields = true;
		r->n_query = 0;
	}
	r->framing_ambiguous = framing_ambiguous(r);

	r->remote_addr = client_addr(a, c);
	/* Our proxy appends to the last X-Forwarded-For header, so read that one. */
	xff = NULL;
	for (size_t i = 0; i < r->n_headers; i++)
		if (str_ieq(r->headers[i].key, "X-Forwarded-For"))
			xff = r->headers[i].val;
	/* Only a configured proxy may name the client; anyone else could pick an address per attempt. */
	if (xff && is_trusted_proxy(s->app->cfg.trusted_proxies, r->remote_addr)) {
		const char *fwd = forwarded_addr(a, xff);

		if (fwd)
			r->remote_addr = fwd;
	}

	cl = req_header(r, "Content-Length");
	if (cl && cl[0] >= '0' && cl[0] <= '9') {
		errno = 0;
		declared = strtoull(cl, &end, 10);
		if (errno == 0 && *end == '\0') {
			w->declared = declared;
			if (declared > s->max_body)
				r->body_too_large = true;
		}
	}

	ct = req_header(r, "Content-Type");
	if (ct && (strncasecmp(ct, "application/x-www-form-urlencoded", 33) == 0 ||
		   strncasecmp(ct, "multipart/form-data", 19) == 0)) {
		w->pp = MHD_create_post_processor(c, POST_BUFFER_SIZE, on_post_field, w);
		if (!w->pp)
			r->body_malformed = true; /* e.g. multipart without a boundary */
	} else {
		w->raw = true;
	}
	return w;
}

/* Take one piece of the body. Returns false to close the connection. */
static bool req_body_chunk(struct mhd_req *w, const char *data, size_t size)
{
	struct req *r = &w->req;
	size_t max = w->srv->max_body;

	w->received += size;
	if (w->received > max)
		r->body_too_large = true;
	if (r->body_too_large)
		return w->received <= (uint64_t)max + DRAIN_SLACK;
	if (w->pp) {
		/* Once the form is refused, the rest of the body is only counted. A
		 * field over a limit stops the post processor too: that is not malformed. */
		if (!r->body_malformed && !r->too_many_fields && MHD_post_process(w->pp, data, size) != MHD_YES &&
		    !r->too_many_fields && !r->body_too_large)
			r->body_malformed = true;
	} else if (w->raw) {
		if (!w->have_body) {
			buf_init(&w->body, r->arena);
			if (w->declared > size && w->declared <= max)
				buf_grow(&w->body, (size_t)w->declared); /* one block, no doubling */
			w->have_body = true;
		}
		buf_add(&w->body, data, size);
	}
	return true;
}

/* The body is complete: hand the fields or the raw bytes to the struct req. */
static void req_body_finish(struct mhd_req *w)
{
	struct req *r = &w->req;

	if (w->pp) {
		if (MHD_destroy_post_processor(w->pp) != MHD_YES && !r->body_too_large && !r->too_many_fields)
			r->body_malformed = true;
		w->pp = NULL;
	}
	if (r->body_too_large || r->too_many_fields) {
		w->n_fields = 0;
		w->have_body = false;
	}
	if (w->n_fields) {
		r->form = arena_calloc(r->arena, w->n_fields, sizeof(*r->form));
		for (size_t i = 0; i < w->n_fields; i++) {
			r->form[i].key = w->fields[i].key;
			r->form[i].val = w->fields[i].val.data;
			r->form[i].len = w->fields[i].val.len;
			r->form[i].is_file = w->fields[i].is_file;
		}
		r->n_form = w->n_fields;
	}
	if (w->have_body) {
		r->body = w->body.data; /* NUL-terminated by buf */
		r->body_len = w->body.len;
	}
}

/* --- connections and the header deadline ------------------------------ */

static void conn_request_begins(struct server *s, struct conn *cn)
{
	if (!cn)
		return;
	pthread_mutex_lock(&s->conn_lock);
	cn->in_request = true;
	cn->stop_logged = false;
	pthread_mutex_unlock(&s->conn_lock);
}

static void conn_request_ends(struct server *s, struct conn *cn)
{
	if (!cn)
		return;
	pthread_mutex_lock(&s->conn_lock);
	cn->in_request = false;
	cn->running = NULL;
	cn->since_ms = time_mono_ms();
	s->last_done_ms = cn->since_ms;
	s->used_since_trim = true;
	pthread_mutex_unlock(&s->conn_lock);
}

/* @w is being answered from now on: the watchdog holds it to the time limit (and watches its client). */
static void run_begins(struct mhd_req *w)
{
	struct server *s = w->srv;

	if (!w->conn)
		return;
	pthread_mutex_lock(&s->conn_lock);
	w->conn->running = w;
	w->conn->running_since_ms = time_mono_ms();
	pthread_mutex_unlock(&s->conn_lock);
}

static void run_ends(struct mhd_req *w)
{
	struct server *s = w->srv;

	if (!w->conn)
		return;
	pthread_mutex_lock(&s->conn_lock);
	w->conn->running = NULL;
	pthread_mutex_unlock(&s->conn_lock);
}

/*
 * MHD calls this when it accepts a connection and again when it has finished
 * with it, before it closes the socket, so the watchdog never touches a file
 * descriptor that may already belong to someone else.
 */
static void on_connection(void *cls, struct MHD_Connection *c, void **socket_context,
			  enum MHD_ConnectionNotificationCode toe)
{
	struct server *s = cls;
	struct conn *cn = *socket_context;

	if (toe == MHD_CONNECTION_NOTIFY_STARTED) {
		const union MHD_ConnectionInfo *fd = MHD_get_connection_info(c, MHD_CONNECTION_INFO_CONNECTION_FD);

		cn = calloc(1, sizeof(*cn));
		if (!cn)
			BUG("out of memory");
		cn->fd = fd ? (int)fd->connect_fd : -1;
		client_addr_text(c, cn->addr, sizeof(cn->addr));
		pthread_mutex_lock(&s->conn_lock);
		cn->since_ms = time_mono_ms();
		cn->next = s->conns;
		if (s->conns)
			s->conns->prev = cn;
		s->conns = cn;
		pthread_mutex_unlock(&s->conn_lock);
		*socket_context = cn;
	} else if (toe == MHD_CONNECTION_NOTIFY_CLOSED && cn) {
		pthread_mutex_lock(&s->conn_lock);
		if (cn->prev)
			cn->prev->next = cn->next;
		else
			s->conns = cn->next;
		if (cn->next)
			cn->next->prev = cn->prev;
		pthread_mutex_unlock(&s->conn_lock);
		free(cn);
		*socket_context = NULL;
	}
}

/*
 * MHD's own %HH decoding, plus a note of where it produced a NUL: a path
 * that decodes to one is refused (MHD would hand it over cut short at the
 * NUL). Query arguments keep their length, and kv_collect() refuses them.
 */
static size_t on_unescape(void *cls, struct MHD_Connection *c, char *s)
{
	size_t n = MHD_http_unescape(s);
	struct conn *cn;

	(void)cls;
	if (memchr(s, '\0', n) && (cn = conn_of(c)))
		cn->nul_url = s;
	return n;
}

/*
 * Shut down the socket of every connection that has had no complete request
 * head for longer than the header timeout since it opened or since its last
 * answer. MHD then sees the connection end and cleans it up on its own
 * thread. Wakes a few times per timeout; stops when server_stop() says so.
 */
/*
 * Has the client of @fd closed the connection, or shut down its sending
 * side? A look without waiting and without reading: pending bytes stay.
 */
static bool peer_gone(int fd)
{
	struct pollfd p = { fd, POLLIN | POLLRDHUP, 0 };

	if (poll(&p, 1, 0) <= 0)
		return false;
	return (p.revents & (POLLHUP | POLLERR | POLLRDHUP)) != 0;
}

/*
 * Stop the request running on @cn when it is over its time or its client
 * has gone; once stopped, interrupt its query again on every tick (a query
 * that began just as the first interrupt came may not have seen it).
 * Called with conn_lock held, which req_db()/req_release_db() take too.
 */
static void watch_running(struct server *s, struct conn *cn, double now)
{
	struct mhd_req *w = cn->running;
	struct req *r = &w->req;
	double ran = now - cn->running_since_ms;
	const char *why = NULL;

	if (!atomic_load(&r->cancelled)) {
		if (ran > s->request_timeout_ms)
			why = "ran past the time limit";
		else if (ran >= REQ_GONE_GRACE_MS && cn->fd >= 0 && peer_gone(cn->fd))
			why = "lost its client";
		if (!why)
			return;
		atomic_store(&r->cancelled, true);
	}
	if (why && !cn->stop_logged) {
		cn->stop_logged = true;
		log_warn("http: stopped %s %s from %s after %.0f ms: it %s", r->method, r->path, cn->addr, ran, why);
	}
	if (r->db)
		db_interrupt(r->db);
}

/*
 * Arenas to make the pieces of streamed answers in, each emptied after its
 * piece and kept for the next one, of whichever request: memory taken
 * afresh for every piece cost a full export a tenth of its time in page
 * faults, and an arena per request would hold a piece's memory for each of
 * many concurrent exports between their pieces. At most one is in use per
 * worker thread at a time; PIECE_SPARE_MAX are kept, none that grew past
 * PIECE_KEEP_MAX, and the watchdog gives them all back once the server is
 * quiet (free_spare_arenas()).
 */
static struct arena *piece_arena_take(struct server *s)
{
	struct arena *a = NULL;

	pthread_mutex_lock(&s->spare_lock);
	if (s->n_spare)
		a = s->spare[--s->n_spare];
	pthread_mutex_unlock(&s->spare_lock);
	return a ? a : arena_new();
}

static void piece_arena_give(struct server *s, struct arena *a)
{
	if (arena_used(a) <= PIECE_KEEP_MAX) {
		arena_reset(a);
		pthread_mutex_lock(&s->spare_lock);
		if (s->n_spare < PIECE_SPARE_MAX) {
			s->spare[s->n_spare++] = a;
			a = NULL;
		}
		pthread_mutex_unlock(&s->spare_lock);
	}
	arena_free(a);
}

static void free_spare_arenas(struct server *s)
{
	pthread_mutex_lock(&s->spare_lock);
	while (s->n_spare)
		arena_free(s->spare[--s->n_spare]);
	pthread_mutex_unlock(&s->spare_lock);
}

static void *watchdog_main(void *arg)
{
	struct server *s = arg;
	double tick_ms = s->header_timeout_ms / 4;
	struct timespec until;

	if (tick_ms > WATCHDOG_TICK_MS)
		tick_ms = WATCHDOG_TICK_MS;
	if (tick_ms < 50)
		tick_ms = 50;
	pthread_mutex_lock(&s->conn_lock);
	while (!s->stopping) {
		double now;

		clock_gettime(CLOCK_MONOTONIC, &until);
		until.tv_nsec += (long)(tick_ms * 1e6);
		until.tv_sec += until.tv_nsec / 1000000000L;
		until.tv_nsec %= 1000000000L;
		pthread_cond_timedwait(&s->conn_wake, &s->conn_lock, &until);
		now = time_mono_ms();
		for (struct conn *cn = s->conns; cn && !s->stopping; cn = cn->next) {
			if (cn->running)
				watch_running(s, cn, now);
			if (cn->in_request || cn->cut || cn->fd < 0 || now - cn->since_ms <= s->header_timeout_ms)
				continue;
			cn->cut = true;
			shutdown(cn->fd, SHUT_RDWR);
			log_warn("http: closed a connection from %s that sent no complete request within %.0f s",
				 cn->addr, s->header_timeout_ms / 1000);
		}
		/*
		 * Once the server has been quiet for a moment after work, give the
		 * memory the work freed back to the system: a burst of exports or
		 * workbooks leaves many small blocks that glibc otherwise keeps.
		 */
		if (s->used_since_trim && atomic_load(&s->active) == 0 && now - s->last_done_ms >= TRIM_AFTER_IDLE_MS) {
			s->used_since_trim = false;
			pthread_mutex_unlock(&s->conn_lock);
			free_spare_arenas(s);
			malloc_trim(0);
			pthread_mutex_lock(&s->conn_lock);
		}
	}
	pthread_mutex_unlock(&s->conn_lock);
	return NULL;
}

/* --- answering -------------------------------------------------------- */

static ssize_t stream_read(void *cls, uint64_t pos, char *buf, size_t max);

static const char fallback_500[] = "Internal Server Error";

/*
 * The body is handed to MHD with MHD_RESPMEM_PERSISTENT, without a copy,
 * whether it is embedded static data (file_data) or the arena-built body.
 * The arena is freed only in the request-completed callback, and MHD calls
 * that callback after the last byte of the response was written (state
 * "footers sent", after it dropped its reference to the response) or after
 * it gave up on the connection; either way it never reads the buffer again.
 */
static struct MHD_Response *response_build(struct mhd_req *w, unsigned int *status)
{
	struct req *r = &w->req;
	struct resp *rs = &r->resp;
	struct MHD_Response *mr;
	const char *data = rs->file_data ? rs->file_data : rs->body.data;
	size_t len = rs->file_data ? rs->file_len : rs->body.len;
	const char *ct = rs->content_type ? rs->content_type : "text/html; charset=utf-8";
	bool ok;

	*status = rs->status ? (unsigned int)rs->status : 200u;
	if (*status < 100 || *status > 599) {
		log_error("http: %s %s: invalid status %d", r->method, r->path, rs->status);
		goto fail;
	}
	if (!data)
		len = 0;
	/* A stream's reader is called only while the request lives; nothing to free after (on_completed does). */
	if (rs->stream)
		mr = MHD_create_response_from_callback(MHD_SIZE_UNKNOWN, STREAM_BLOCK, stream_read, w, NULL);
	else
		mr = MHD_create_response_from_buffer(len, (void *)(data ? data : ""), MHD_RESPMEM_PERSISTENT);
	if (!mr)
		return NULL;
	ok = MHD_add_response_header(mr, MHD_HTTP_HEADER_CONTENT_TYPE, ct) == MHD_YES;
	for (size_t i = 0; ok && i < rs->n_headers; i++) {
		ok = MHD_add_response_header(mr, rs->headers[i].name, rs->headers[i].val) == MHD_YES;
		if (!ok)
			log_error("http: %s %s: header %s refused", r->method, r->path, rs->headers[i].name);
	}
	if (ok)
		return mr;
	MHD_destroy_response(mr);
fail:
	*status = 500;
	mr = MHD_create_response_from_buffer(sizeof(fallback_500) - 1, (void *)fallback_500, MHD_RESPMEM_PERSISTENT);
	if (mr)
		MHD_add_response_header(mr, MHD_HTTP_HEADER_CONTENT_TYPE, "text/plain; charset=utf-8");
	return mr;
}

/*
 * Make the next piece of @w's stream into w->out, held to the time limit
 * like a dispatch. 1: more to come, 0: that was the last, < 0: failed.
 */
static int stream_piece(struct mhd_req *w)
{
	struct arena *a = piece_arena_take(w->srv);
	struct buf piece;
	int rc;

	buf_init(&piece, a);
	if (w->out_cap)
		buf_grow(&piece, w->out_cap); /* pieces are alike: room for the last one's bytes, no doubling */
	run_begins(w);
	rc = resp_stream_piece(&w->req, a, &piece);
	run_ends(w);
	if (rc >= 0) {
		if (piece.len > w->out_cap) {
			free(w->out);
			w->out = malloc(piece.len);
			if (!w->out)
				BUG("out of memory");
			w->out_cap = piece.len;
		}
		if (piece.len)
			memcpy(w->out, piece.data, piece.len);
		w->out_len = piece.len;
		w->out_off = 0;
		w->stream_done = rc == 0;
	}
	piece_arena_give(w->srv, a); /* only the piece's bytes wait, in w->out */
	return rc;
}

/* MHD's content reader for a streamed answer: hand over what waits, making pieces as needed. */
static ssize_t stream_read(void *cls, uint64_t pos, char *buf, size_t max)
{
	struct mhd_req *w = cls;
	size_t n;

	(void)pos;
	while (w->out_off == w->out_len) {
		int rc;

		if (w->stream_done)
			return MHD_CONTENT_READER_END_OF_STREAM;
		rc = stream_piece(w);
		if (rc < 0) {
			log_error("http: %s %s: a piece of the answer failed after it had begun: %s (%s)",
				  w->req.method, w->req.path, err_code_name(rc), w->req.err.detail);
			return MHD_CONTENT_READER_END_WITH_ERROR;
		}
	}
	n = w->out_len - w->out_off;
	if (n > max)
		n = max;
	memcpy(buf, w->out + w->out_off, n);
	w->out_off += n;
	return (ssize_t)n;
}

/* The stream's first piece, before anything is sent: a failure there is still an ordinary error answer. */
static void stream_first_piece(struct mhd_req *w)
{
	struct req *r = &w->req;
	int rc = stream_piece(w);

	if (rc >= 0)
		return;
	/* The error is a page or a JSON object to read, not the download the handler announced. */
	for (size_t i = 0; i < r->resp.n_headers;) {
		if (str_ieq(r->resp.headers[i].name, "Content-Disposition"))
			r->resp.headers[i] = r->resp.headers[--r->resp.n_headers];
		else
			i++;
	}
	errmap_respond(r, rc);
}

static enum MHD_Result req_answer(struct MHD_Connection *c, struct mhd_req *w)
{
	struct MHD_Response *mr;
	unsigned int status;
	enum MHD_Result ret;

	req_body_finish(w);
	w->answered = true;
	/*
	 * A request whose client left while it waited for a worker (the rest
	 * of a load run, a page closed at once) is not worth starting: it is
	 * stopped before its first query, without the grace a running one gets.
	 */
	if (w->conn && w->conn->fd >= 0 && peer_gone(w->conn->fd)) {
		atomic_store(&w->req.cancelled, true);
		log_info("http: %s %s from %s: the client left before it was answered", w->req.method, w->req.path,
			 w->conn->addr);
	}
	run_begins(w);
	w->srv->dispatch(&w->req);
	run_ends(w);
	if (w->req.resp.stream)
		stream_first_piece(w);
	mr = response_build(w, &status);
	if (!mr)
		return MHD_NO;
	ret = MHD_queue_response(c, status, mr);
	MHD_destroy_response(mr);
	return ret;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c, const char *url, const char *method,
				  const char *version, const char *upload_data, size_t *upload_data_size,
				  void **req_cls)
{
	struct server *s = cls;
	struct mhd_req *w = *req_cls;
	size_t n;

	(void)version;
	if (!w) {
		conn_request_begins(s, conn_of(c));
		w = req_begin(s, c, url, method);
		*req_cls = w;
		atomic_fetch_add(&s->active, 1);
		/* A declared body far over the limit, or one whose end is ambiguous:
		 * refuse now, MHD closes the connection afterwards. */
		if (w->declared > (uint64_t)s->max_body + DRAIN_SLACK || w->req.framing_ambiguous)
			return req_answer(c, w);
		return MHD_YES; /* no response on the first call: keep-alive holds */
	}
	if (*upload_data_size > 0) {
		n = *upload_data_size;
		*upload_data_size = 0;
		if (w->answered)
			return MHD_YES; /* answered early: MHD discards the rest */
		return req_body_chunk(w, upload_data, n) ? MHD_YES : MHD_NO;
	}
	if (w->answered)
		return MHD_YES;
	return req_answer(c, w);
}

static void on_completed(void *cls, struct MHD_Connection *c, void **req_cls, enum MHD_RequestTerminationCode toe)
{
	struct server *s = cls;
	struct mhd_req *w = *req_cls;

	(void)toe;
	if (!w)
		return;
	conn_request_ends(s, conn_of(c));
	*req_cls = NULL;
	if (w->pp)
		MHD_destroy_post_processor(w->pp); /* the connection broke during the upload */
	req_release_db(&w->req);
	free(w->out);
	arena_free(w->req.arena); /* also frees w */
	atomic_fetch_sub(&s->active, 1);
}

__attribute__((format(printf, 2, 0))) static void on_mhd_log(void *cls, const char *fmt, va_list ap)
{
	char line[512];
	size_t n;

	(void)cls;
	vsnprintf(line, sizeof(line), fmt, ap);
	n = strlen(line);
	while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
		line[--n] = '\0';
	log_warn("http: %s", line);
}

/* --- public ----------------------------------------------------------- */

static void server_free(struct server *s)
{
	free_spare_arenas(s);
	pthread_cond_destroy(&s->conn_wake);
	pthread_mutex_destroy(&s->conn_lock);
	pthread_mutex_destroy(&s->spare_lock);
	free(s);
}

/* MHD's accept policy: every connection, until server_stop() begins. */
static enum MHD_Result on_accept(void *cls, const struct sockaddr *addr, socklen_t len)
{
	const struct server *s = cls;

	(void)addr;
	(void)len;
	return atomic_load(&s->refusing) ? MHD_NO : MHD_YES;
}

int server_start(struct app *app, server_dispatch dispatch, struct server **out, struct err *e)
{
	struct server *s;
	unsigned int flags = MHD_USE_POLL_INTERNAL_THREAD | MHD_USE_TURBO | MHD_USE_ERROR_LOG | MHD_USE_ITC;
	unsigned int threads;
	bool is_v6 = false;
	int fd = -1, rc;
	const union MHD_DaemonInfo *di;
	struct MHD_OptionItem pool[2] = { { MHD_OPTION_END, 0, NULL }, { MHD_OPTION_END, 0, NULL } };

	*out = NULL;
	rc = listen_open(app->cfg.listen, &fd, &is_v6, e);
	if (rc < 0)
		return rc;
	if (is_v6)
		flags |= MHD_USE_IPv6;
	if (app->cfg.threads > 0) {
		threads = (unsigned int)app->cfg.threads;
	} else {
		long cores = sysconf(_SC_NPROCESSORS_ONLN);

		threads = cores > 0 ? (unsigned int)cores : 1u;
	}

	s = calloc(1, sizeof(*s));
	if (!s)
		BUG("out of memory");
	s->app = app;
	s->dispatch = dispatch;
	s->max_body = app->cfg.max_body ? app->cfg.max_body : DEFAULT_MAX_BODY;
	s->header_timeout_ms =
		1000.0 * (app->cfg.header_timeout > 0 ? app->cfg.header_timeout : DEFAULT_HEADER_TIMEOUT_S);
	s->request_timeout_ms = app->cfg.request_timeout_ms > 0 ? app->cfg.request_timeout_ms : REQ_DEFAULT_TIMEOUT_MS;
	atomic_init(&s->active, 0);
	atomic_init(&s->refusing, false);
	{
		pthread_condattr_t ca;

		pthread_mutex_init(&s->conn_lock, NULL);
		pthread_mutex_init(&s->spare_lock, NULL);
		pthread_condattr_init(&ca);
		pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
		pthread_cond_init(&s->conn_wake, &ca);
		pthread_condattr_destroy(&ca);
	}

	/* MHD warns about a pool size of 0 or 1: name the option only for a real pool. */
	pool[0].option = threads > 1 ? MHD_OPTION_THREAD_POOL_SIZE : MHD_OPTION_END;
	pool[0].value = (intptr_t)threads;
	/* clang-format off */
	s->daemon = MHD_start_daemon(flags, 0, on_accept, s, on_request, s,
				     MHD_OPTION_EXTERNAL_LOGGER, on_mhd_log, s,
				     MHD_OPTION_LISTEN_SOCKET, (MHD_socket)fd,
				     MHD_OPTION_ARRAY, pool,
				     MHD_OPTION_CONNECTION_TIMEOUT, CONN_TIMEOUT_S,
				     MHD_OPTION_CONNECTION_MEMORY_LIMIT, CONN_MEMORY_LIMIT,
				     MHD_OPTION_NOTIFY_COMPLETED, on_completed, s,
				     MHD_OPTION_NOTIFY_CONNECTION, on_connection, s,
				     MHD_OPTION_UNESCAPE_CALLBACK, on_unescape, s,
				     MHD_OPTION_END);
	/* clang-format on */
	if (s->daemon && pthread_create(&s->watchdog, NULL, watchdog_main, s) == 0) {
		s->watchdog_running = true;
	} else if (s->daemon) {
		MHD_stop_daemon(s->daemon);
		s->daemon = NULL;
	}
	if (!s->daemon) {
		close(fd);
		server_free(s);
		err_set1(e, ERR_INTERNAL, "listen", N_("Cannot listen on %s."), app->cfg.listen);
		return err_detail(e, "MHD_start_daemon failed for %s", app->cfg.listen);
	}
	di = MHD_get_daemon_info(s->daemon, MHD_DAEMON_INFO_BIND_PORT);
	s->port = di && di->port ? di->port : socket_port(fd);
	log_info(
		"http: listening on %s (port %d, worker threads: %u, header timeout %.0f s, request time limit %.1f s)",
		app->cfg.listen, s->port, threads, s->header_timeout_ms / 1000, s->request_timeout_ms / 1000);
	*out = s;
	return 0;
}

int server_port(const struct server *s)
{
	return s ? s->port : 0;
}

void server_stop(struct server *s, int grace_ms)
{
	double deadline;
	struct timespec tick = { 0, 10 * 1000 * 1000 };
	int left;

	if (!s)
		return;
	atomic_store(&s->refusing, true);
	deadline = time_mono_ms() + (grace_ms > 0 ? grace_ms : 0);
	while (atomic_load(&s->active) > 0 && time_mono_ms() < deadline)
		nanosleep(&tick, NULL);
	left = atomic_load(&s->active);
	if (left > 0)
		log_warn("http: stopping with %d requests still in flight", left);
	pthread_mutex_lock(&s->conn_lock);
	s->stopping = true;
	pthread_cond_signal(&s->conn_wake);
	pthread_mutex_unlock(&s->conn_lock);
	if (s->watchdog_running)
		pthread_join(s->watchdog, NULL);
	MHD_stop_daemon(s->daemon); /* closes the listen socket too */
	server_free(s);
}
