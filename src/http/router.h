/*
 * router.h - the route table and the dispatcher.
 *
 * Every route declares its method, its path pattern (":id" segments match a
 * positive integer), its handler, its access rule and, when the target
 * belongs to a unit, a scope function that names that unit. The dispatcher
 * authenticates the request (session cookie or API token), checks the access
 * rule against the user's role grants in scope, checks the CSRF token on
 * state-changing browser requests, validates that every input is UTF-8, calls
 * the handler, and turns an error into an HTML page or a JSON error object
 * (errmap.c). A route with ACCESS_UNSET is refused at start-up and fails the
 * route-table test.
 */
#ifndef TILLIT_HTTP_ROUTER_H
#define TILLIT_HTTP_ROUTER_H

#include <stdint.h>

#include "domain/authz.h"
#include "http/req.h"

enum route_flags {
	ROUTE_API = 1 << 0,     /* JSON in and out; documented in openapi.json */
	ROUTE_NO_CSRF = 1 << 1, /* state-changing but exempt (the login form has no session yet) */
};

typedef int (*route_handler)(struct req *r);

/**
 * Names the unit that owns the target of the request in *unit_id. Returns 0,
 * ERR_NOTFOUND when the target does not exist, or another error. A scope
 * function for an owned record (ACCESS_OWN routes) also sets r->scope_owner.
 */
typedef int (*route_scope)(struct req *r, int64_t *unit_id);

struct route {
	const char *method;
	const char *pattern; /* "/units/:id/edit" */
	route_handler handler;
	enum access access;
	route_scope scope; /* NULL: the role anywhere suffices; the handler filters by scope */
	unsigned flags;
	const char *summary; /* one line for the OpenAPI document and docs */
};

/** Scope function for installation-wide actions: names no unit, so only installation-wide grants qualify. */
int router_scope_global(struct req *r, int64_t *unit_id);

/** The application's route table (src/routes.c), terminated by a zeroed entry. */
extern const struct route routes[];

/** Number of entries in routes[]. */
size_t routes_count(void);

/**
 * Handle one request completely: fills r->resp. Never fails; errors become
 * responses. Also writes the access-log line.
 */
void router_dispatch(struct req *r);

/**
 * Match @method and @path against @table. On a match returns the route and
 * fills r->args; when the path matches another method only, sets *path_known.
 */
const struct route *router_match(const struct route *table, struct req *r, const char *method, const char *path,
				 int *path_known);

/** Check the table at start-up: every route has an access rule. Returns 0 or -1 (logged). */
int router_check_table(const struct route *table);

#endif
