/*
 * router.h - the route table and the dispatcher.
 *
 * Every route declares its method, its path pattern (":id" segments match a
 * positive integer), its handler, its access rule and, when the target
 * belongs to a unit, where that unit comes from (struct route_scope): the
 * record in the path read by its kind's scope function, a unit named in a
 * field, or the installation. What the scope read stays in r->scope for
 * the handler. The dispatcher
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

/* Where a route's scope comes from: the unit its access rule is checked in. */
enum scope_from {
	SCOPE_ANY = 0,        /* no unit: the role anywhere suffices; the handler filters lists by scope */
	SCOPE_GLOBAL,         /* the whole installation: only installation-wide grants qualify */
	SCOPE_ID,             /* the record named by the path's first ":id", read by @read */
	SCOPE_FIELD,          /* the unit named by @field (form field or query argument on a page, JSON member
			* or query argument in the API); absent or 0 names the installation */
	SCOPE_FIELD_IF_GIVEN, /* the unit named by @field when it is given, as SCOPE_FIELD; absent or 0: the
			       * role anywhere suffices, as SCOPE_ANY (a page that may open one unit) */
	SCOPE_FN,             /* anything else: @fn fills the scope */
};

struct route_scope {
	enum scope_from from;
	scope_reader read; /* SCOPE_ID, SCOPE_FIELD(_IF_GIVEN): the record kind's scope function (asset_scope, ...) */
	const char *field; /* SCOPE_FIELD, SCOPE_FIELD_IF_GIVEN */
	int (*fn)(struct req *r, struct scope *s); /* SCOPE_FN */
};

/* The scope column of the route table (src/routes.c). */
#define SCOPE_NONE                          \
	{                                   \
		SCOPE_ANY, NULL, NULL, NULL \
	}
#define SCOPE_INSTALLATION                     \
	{                                      \
		SCOPE_GLOBAL, NULL, NULL, NULL \
	}
#define BY_ID(reader)                        \
	{                                    \
		SCOPE_ID, reader, NULL, NULL \
	}
#define BY_FIELD(f, reader)                  \
	{                                    \
		SCOPE_FIELD, reader, f, NULL \
	}
#define BY_FIELD_IF_GIVEN(f, reader)                  \
	{                                             \
		SCOPE_FIELD_IF_GIVEN, reader, f, NULL \
	}
#define BY_FN(fn)                        \
	{                                \
		SCOPE_FN, NULL, NULL, fn \
	}

struct route {
	const char *method;
	const char *pattern; /* "/units/:id/edit" */
	route_handler handler;
	enum access access;
	struct route_scope scope; /* what the access rule is checked against; the result is r->scope */
	unsigned flags;
	const char *summary; /* one line for the OpenAPI document and docs */
};

/** The application's route table (src/routes.c), terminated by a zeroed entry; struct app points at it. */
extern const struct route routes[];

/** Number of entries in @table. */
size_t routes_count(const struct route *table);

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
