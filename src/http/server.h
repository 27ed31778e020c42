/*
 * server.h - the HTTP server around libmicrohttpd.
 *
 * server_mhd.c is the only file that includes <microhttpd.h>. It turns each
 * connection's request into a struct req (headers, cookies, query string,
 * form fields parsed by MHD's post processor, raw JSON bodies up to the size
 * limit), calls the dispatch function, and sends req->resp. It runs MHD's
 * thread pool (poll()), one worker per core unless configured otherwise.
 */
#ifndef TILLIT_HTTP_SERVER_H
#define TILLIT_HTTP_SERVER_H

#include "http/req.h"
#include <stdbool.h>

struct server;

/** Called once per complete request on a worker thread; must fill r->resp. */
typedef void (*server_dispatch)(struct req *r);

/**
 * Start listening on app->cfg.listen ("127.0.0.1:8080", "[::1]:8080" or
 * ":8080" for all addresses). Returns 0 and the server in *out, or an error
 * (address in use, bad address) in @e. Caller stops it with server_stop().
 */
int server_start(struct app *app, server_dispatch dispatch, struct server **out, struct err *e);

/** The port actually bound (useful when the configuration asked for port 0). */
int server_port(const struct server *s);

/**
 * True when @list is "ADDR[,ADDR]...", each an IPv4 or IPv6 address: the
 * form of app_config.trusted_proxies. The client address is taken from the
 * last X-Forwarded-For element only when the connection comes from one of
 * these addresses.
 */
bool server_proxy_list_valid(const char *list);

/**
 * Stop accepting connections, let requests in flight finish (bounded by
 * @grace_ms), then free the server. Accepts NULL.
 */
void server_stop(struct server *s, int grace_ms);

#endif
