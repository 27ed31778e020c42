/*
 * routes.c - every address Tillit answers, with its access rule.
 *
 * One table for pages and the API (Netdata's acl column). The router
 * checks the access rule before the handler runs; a route without one is
 * refused at start-up and fails the route-table test. API routes are also
 * listed in src/api/openapi.json, which a test compares with this table.
 */
#include "api/api.h"
#include "http/router.h"
#include "web/pages.h"

#define PAGE(m, p, h, acc, sc, sum) { m, p, h, acc, sc, 0, sum }
#define PAGE_NOCSRF(m, p, h, acc, sc, sum) { m, p, h, acc, sc, ROUTE_NO_CSRF, sum }
#define API(m, p, h, acc, sc, sum) { m, p, h, acc, sc, ROUTE_API, sum }

const struct route routes[] = {
	/* public */
	PAGE("GET", "/healthz", page_healthz, ACCESS_PUBLIC, NULL, "Health check"),
	PAGE("GET", "/static/*", page_static, ACCESS_PUBLIC, NULL, "Style sheet and script"),
	PAGE("GET", "/login", page_login, ACCESS_PUBLIC, NULL, "Sign-in form"),
	PAGE_NOCSRF("POST", "/login", page_login_post, ACCESS_PUBLIC, NULL, "Sign in"),
	PAGE_NOCSRF("POST", "/language", page_language, ACCESS_PUBLIC, NULL, "Choose language before sign-in"),

	/* signed in */
	PAGE("GET", "/", page_home, ACCESS_LOGIN, NULL, "Overview"),
	PAGE("POST", "/logout", page_logout, ACCESS_LOGIN, NULL, "Sign out"),
	PAGE("GET", "/account", page_account, ACCESS_LOGIN, NULL, "My account"),
	PAGE("POST", "/account/password", page_account_password, ACCESS_LOGIN, NULL, "Change own password"),
	PAGE("POST", "/account/language", page_account_language, ACCESS_LOGIN, NULL, "Change own language"),
	PAGE("POST", "/account/tokens", page_account_token_create, ACCESS_LOGIN, NULL, "Create an API token"),
	PAGE("POST", "/account/tokens/:id/revoke", page_account_token_revoke, ACCESS_LOGIN, NULL, "Revoke an API token"),

	/* organisation */
	PAGE("GET", "/units", page_units, ACCESS_READ, NULL, "Organisation tree"),
	PAGE("GET", "/units/new", page_unit_new, ACCESS_ADMIN, scope_unit_parent, "New unit form"),
	PAGE("POST", "/units", page_unit_create, ACCESS_ADMIN, scope_unit_parent, "Create a unit"),
	PAGE("GET", "/units/:id", page_unit, ACCESS_READ, scope_unit_arg, "A unit"),
	PAGE("GET", "/units/:id/edit", page_unit_edit, ACCESS_ADMIN, scope_unit_arg, "Edit unit form"),
	PAGE("POST", "/units/:id/edit", page_unit_update, ACCESS_ADMIN, scope_unit_arg, "Save a unit"),
	PAGE("GET", "/units/:id/move", page_unit_move, ACCESS_ADMIN, scope_unit_arg, "Move unit form"),
	PAGE("POST", "/units/:id/move", page_unit_move_post, ACCESS_ADMIN, scope_unit_arg, "Move a unit"),

	/* users and roles */
	PAGE("GET", "/users", page_users, ACCESS_ADMIN, NULL, "Users"),
	PAGE("GET", "/users/new", page_user_new, ACCESS_ADMIN, router_scope_global, "New user form"),
	PAGE("POST", "/users", page_user_create, ACCESS_ADMIN, router_scope_global, "Create a user"),
	PAGE("GET", "/users/:id", page_user, ACCESS_ADMIN, NULL, "A user and their roles"),
	PAGE("POST", "/users/:id/edit", page_user_update, ACCESS_ADMIN, router_scope_global, "Save a user"),
	PAGE("POST", "/users/:id/password", page_user_password, ACCESS_ADMIN, router_scope_global, "Set a user's password"),
	PAGE("POST", "/users/:id/roles", page_user_grant, ACCESS_ADMIN, scope_unit_field, "Grant a role"),
	PAGE("POST", "/roles/:id/delete", page_grant_delete, ACCESS_ADMIN, scope_grant_arg, "Remove a role"),

	/* audit trail */
	PAGE("GET", "/audit", page_audit, ACCESS_AUDIT, NULL, "Audit trail"),
	PAGE("GET", "/audit/:id", page_audit_entry, ACCESS_AUDIT, NULL, "One audit entry"),

	/* JSON API */
	API("GET", "/api/v1/openapi.json", api_openapi, ACCESS_PUBLIC, NULL, "This document"),
	API("GET", "/api/v1/me", api_me, ACCESS_LOGIN, NULL, "The signed-in user and their roles"),
	API("GET", "/api/v1/units", api_units_list, ACCESS_READ, NULL, "List units"),
	API("POST", "/api/v1/units", api_units_create, ACCESS_ADMIN, api_scope_unit_parent, "Create a unit"),
	API("GET", "/api/v1/units/:id", api_units_get, ACCESS_READ, api_scope_unit_arg, "Get a unit"),
	API("PATCH", "/api/v1/units/:id", api_units_update, ACCESS_ADMIN, api_scope_unit_arg, "Change a unit"),
	API("POST", "/api/v1/units/:id/move", api_units_move, ACCESS_ADMIN, api_scope_unit_arg, "Move a unit"),
	API("GET", "/api/v1/units/:id/moves", api_units_moves, ACCESS_READ, api_scope_unit_arg, "A unit's moves"),
	API("GET", "/api/v1/users", api_users_list, ACCESS_ADMIN, NULL, "List users"),
	API("POST", "/api/v1/users", api_users_create, ACCESS_ADMIN, router_scope_global, "Create a user"),
	API("GET", "/api/v1/users/:id", api_users_get, ACCESS_ADMIN, NULL, "Get a user"),
	API("PATCH", "/api/v1/users/:id", api_users_update, ACCESS_ADMIN, router_scope_global, "Change a user"),
	API("GET", "/api/v1/users/:id/roles", api_roles_list, ACCESS_ADMIN, NULL, "A user's role assignments"),
	API("POST", "/api/v1/users/:id/roles", api_roles_create, ACCESS_ADMIN, api_scope_unit_field, "Grant a role"),
	API("DELETE", "/api/v1/roles/:id", api_roles_delete, ACCESS_ADMIN, api_scope_grant_arg, "Remove a role"),
	API("GET", "/api/v1/audit", api_audit_list, ACCESS_AUDIT, NULL, "Audit trail entries"),
	API("GET", "/api/v1/audit/:id", api_audit_get, ACCESS_AUDIT, NULL, "One audit entry"),
	API("GET", "/api/v1/tokens", api_tokens_list, ACCESS_LOGIN, NULL, "My API tokens"),
	API("POST", "/api/v1/tokens", api_tokens_create, ACCESS_LOGIN, NULL, "Create an API token"),
	API("DELETE", "/api/v1/tokens/:id", api_tokens_delete, ACCESS_LOGIN, NULL, "Revoke an API token"),
	API("POST", "/api/v1/me/password", api_me_password, ACCESS_LOGIN, NULL, "Change own password"),
	{ 0 },
};
