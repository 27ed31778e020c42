/*
 * routes.c - every address Tillit answers, with its access rule.
 *
 * One table for pages and the API (Netdata's acl column). The router
 * checks the access rule before the handler runs; a route without one is
 * refused at start-up and fails the route-table test. API routes are also
 * listed in src/api/openapi.json, which a test compares with this table.
 */
#include "api/api.h"
#include "api/api_asset_io.h"     /* asset import and export */
#include "api/api_assets.h"       /* assets */
#include "api/api_classify.h"     /* classification */
#include "api/api_figures.h"      /* figures */
#include "api/api_requirements.h" /* requirements and actions */
#include "http/router.h"
#include "web/pages.h"
#include "web/pages_asset_io.h"     /* asset import and export */
#include "web/pages_assets.h"       /* assets */
#include "web/pages_classify.h"     /* classification */
#include "web/pages_figures.h"      /* figures */
#include "web/pages_requirements.h" /* requirements and actions */

#define PAGE(m, p, h, acc, sc, sum)      \
	{                                \
		m, p, h, acc, sc, 0, sum \
	}
#define PAGE_NOCSRF(m, p, h, acc, sc, sum)           \
	{                                            \
		m, p, h, acc, sc, ROUTE_NO_CSRF, sum \
	}
#define API(m, p, h, acc, sc, sum)               \
	{                                        \
		m, p, h, acc, sc, ROUTE_API, sum \
	}

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
	PAGE("POST", "/account/tokens/:id/revoke", page_account_token_revoke, ACCESS_LOGIN, NULL,
	     "Revoke an API token"),
	PAGE("POST", "/account/tokens/:id/renew", page_account_token_renew, ACCESS_LOGIN, NULL, "Renew an API token"),

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
	PAGE("POST", "/users/:id/password", page_user_password, ACCESS_ADMIN, router_scope_global,
	     "Set a user's password"),
	PAGE("POST", "/users/:id/roles", page_user_grant, ACCESS_ADMIN, scope_unit_field, "Grant a role"),
	PAGE("POST", "/roles/:id/delete", page_grant_delete, ACCESS_ADMIN, scope_grant_arg, "Remove a role"),

	/* audit trail */
	PAGE("GET", "/audit", page_audit, ACCESS_AUDIT, NULL, "Audit trail"),
	PAGE("GET", "/audit/:id", page_audit_entry, ACCESS_AUDIT, NULL, "One audit entry"),

	/* assets (pages) */
	PAGE("GET", "/assets/import", page_asset_import_form, ACCESS_EDIT, NULL, "Asset import form"),
	PAGE("POST", "/assets/import", page_asset_import, ACCESS_EDIT, NULL, "Check or import assets from CSV"),
	PAGE("GET", "/assets/import/template.csv", page_asset_import_template, ACCESS_EDIT, NULL,
	     "Asset import template"),
	PAGE("GET", "/assets/export.xlsx", page_asset_export_xlsx, ACCESS_READ, NULL, "Export assets as XLSX"),
	PAGE("GET", "/assets/export.csv", page_asset_export_csv, ACCESS_READ, NULL, "Export assets as CSV"),
	PAGE("GET", "/assets/export.json", page_asset_export_json, ACCESS_READ, NULL, "Export assets as JSON"),
	PAGE("GET", "/assets", page_assets, ACCESS_READ, NULL, "Information assets"),
	PAGE("GET", "/assets/new", page_asset_new, ACCESS_EDIT, NULL, "New asset form"),
	PAGE("POST", "/assets", page_asset_create, ACCESS_EDIT, scope_unit_field, "Create an asset"),
	PAGE("GET", "/assets/:id", page_asset, ACCESS_READ, scope_asset_arg, "An asset and its dependencies"),
	PAGE("GET", "/assets/:id/edit", page_asset_edit, ACCESS_OWN, scope_asset_arg, "Edit asset form"),
	PAGE("POST", "/assets/:id/edit", page_asset_update, ACCESS_OWN, scope_asset_arg, "Save an asset"),
	PAGE("POST", "/assets/:id/links", page_asset_link_add, ACCESS_OWN, scope_asset_arg, "Add a dependency"),
	PAGE("POST", "/asset-links/:id/delete", page_asset_link_delete, ACCESS_OWN, scope_asset_link_arg,
	     "Remove a dependency"),
	/* classification (pages) */
	PAGE("GET", "/assets/:id/classification", page_classification, ACCESS_READ, scope_classify_asset,
	     "An asset's classification"),
	PAGE("GET", "/assets/:id/classification/new", page_classification_new, ACCESS_OWN, scope_classify_asset,
	     "Classification protocol form"),
	PAGE("POST", "/assets/:id/classification", page_classification_create, ACCESS_OWN, scope_classify_asset,
	     "Compute or save a classification draft"),
	PAGE("GET", "/assets/:id/classification/compare", page_classification_compare, ACCESS_READ,
	     scope_classify_asset, "Compare two classification versions"),
	PAGE("GET", "/assets/:id/classification/:cid", page_classification_version, ACCESS_READ, scope_classify_asset,
	     "One classification version"),
	PAGE("POST", "/assets/:id/classification/:cid/sign", page_classification_sign, ACCESS_OWN, scope_classify_asset,
	     "Sign a classification (the asset's owner)"),
	PAGE("GET", "/organisations/:id/classification-model", page_class_model, ACCESS_ADMIN, scope_classify_org,
	     "Classification model and question bank"),
	PAGE("POST", "/organisations/:id/classification-model", page_class_model_update, ACCESS_ADMIN,
	     scope_classify_org, "Save the classification model"),
	PAGE("GET", "/organisations/:id/questions/new", page_class_question_new, ACCESS_ADMIN, scope_classify_org,
	     "New classification question form"),
	PAGE("POST", "/organisations/:id/questions", page_class_question_create, ACCESS_ADMIN, scope_classify_org,
	     "Create a classification question"),
	PAGE("GET", "/questions/:id/edit", page_class_question_edit, ACCESS_ADMIN, scope_classify_question,
	     "Edit classification question form"),
	PAGE("POST", "/questions/:id/edit", page_class_question_update, ACCESS_ADMIN, scope_classify_question,
	     "Save a classification question"),
	PAGE("POST", "/questions/:id/move", page_class_question_move, ACCESS_ADMIN, scope_classify_question,
	     "Reorder a classification question"),
	/* requirements and actions (pages) */
	PAGE("GET", "/requirements", page_requirements, ACCESS_READ, NULL, "Requirements library"),
	PAGE("GET", "/requirements/export.csv", page_requirements_csv, ACCESS_READ, NULL,
	     "Requirements library as CSV"),
	PAGE("GET", "/requirements/new", page_requirement_new, ACCESS_ADMIN, router_scope_global,
	     "New requirement form"),
	PAGE("POST", "/requirements", page_requirement_create, ACCESS_ADMIN, router_scope_global,
	     "Create a requirement"),
	PAGE("GET", "/requirements/import", page_requirements_import_form, ACCESS_ADMIN, router_scope_global,
	     "Requirements import form"),
	PAGE("POST", "/requirements/import", page_requirements_import, ACCESS_ADMIN, router_scope_global,
	     "Check or import requirements from CSV"),
	PAGE("GET", "/requirements/:id", page_requirement, ACCESS_READ, NULL, "A requirement"),
	PAGE("GET", "/requirements/:id/edit", page_requirement_edit, ACCESS_ADMIN, router_scope_global,
	     "Edit requirement form"),
	PAGE("POST", "/requirements/:id/edit", page_requirement_update, ACCESS_ADMIN, router_scope_global,
	     "Save a requirement"),
	PAGE("POST", "/requirements/:id/deactivate", page_requirement_deactivate, ACCESS_ADMIN, router_scope_global,
	     "Deactivate or reactivate a requirement"),
	PAGE("GET", "/assets/:id/requirements", page_asset_requirements, ACCESS_READ, scope_asset_arg,
	     "An asset's applicable requirements"),
	PAGE("GET", "/assets/:id/requirements/appendix", page_asset_requirements_appendix, ACCESS_READ, scope_asset_arg,
	     "Procurement appendix"),
	PAGE("GET", "/assets/:id/requirements/appendix.xlsx", page_asset_requirements_xlsx, ACCESS_READ,
	     scope_asset_arg, "Procurement appendix as XLSX"),
	PAGE("GET", "/assets/:id/requirements/:rid", page_asset_requirement, ACCESS_READ, scope_asset_arg,
	     "One requirement's fulfilment for an asset"),
	PAGE("POST", "/assets/:id/requirements/:rid", page_asset_requirement_save, ACCESS_OWN, scope_asset_arg,
	     "Save a requirement's fulfilment"),
	PAGE("POST", "/assets/:id/requirements/:rid/action", page_asset_requirement_action, ACCESS_OWN, scope_asset_arg,
	     "Make an unfulfilled requirement an action"),
	PAGE("GET", "/actions", page_actions, ACCESS_READ, NULL, "Actions"),
	PAGE("GET", "/actions/:id", page_action, ACCESS_READ, scope_action_arg, "An action"),
	PAGE("GET", "/actions/:id/edit", page_action_edit, ACCESS_EDIT, scope_action_arg, "Edit action form"),
	PAGE("POST", "/actions/:id/edit", page_action_update, ACCESS_EDIT, scope_action_arg, "Save an action"),
	/* figures (pages) */
	PAGE("GET", "/figures", page_figures, ACCESS_READ, NULL, "Figures: systems classified, reviews due"),

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
	API("POST", "/api/v1/tokens/:id/renew", api_tokens_renew, ACCESS_LOGIN, NULL, "Renew an API token"),
	API("POST", "/api/v1/me/password", api_me_password, ACCESS_LOGIN, NULL, "Change own password"),
	/* assets (API) */
	API("POST", "/api/v1/assets/import", api_assets_import, ACCESS_EDIT, NULL, "Check or import assets from CSV"),
	API("GET", "/api/v1/assets/export", api_assets_export, ACCESS_READ, NULL, "Export assets (json, csv, xlsx)"),
	API("GET", "/api/v1/assets", api_assets_list, ACCESS_READ, NULL, "List information assets"),
	API("POST", "/api/v1/assets", api_assets_create, ACCESS_EDIT, api_scope_asset_unit_body, "Create an asset"),
	API("GET", "/api/v1/assets/:id", api_assets_get, ACCESS_READ, api_scope_asset_arg, "Get an asset"),
	API("PATCH", "/api/v1/assets/:id", api_assets_update, ACCESS_OWN, api_scope_asset_arg, "Change an asset"),
	API("GET", "/api/v1/assets/:id/links", api_asset_links_list, ACCESS_READ, api_scope_asset_arg,
	    "An asset's dependencies in both directions"),
	API("POST", "/api/v1/assets/:id/links", api_asset_links_create, ACCESS_OWN, api_scope_asset_arg,
	    "Add a dependency"),
	API("DELETE", "/api/v1/asset-links/:id", api_asset_links_delete, ACCESS_OWN, api_scope_asset_link_arg,
	    "Remove a dependency"),
	/* classification (API) */
	API("GET", "/api/v1/assets/:id/classifications", api_class_asset_list, ACCESS_READ, api_scope_class_asset,
	    "An asset's classification versions"),
	API("POST", "/api/v1/assets/:id/classifications", api_class_asset_create, ACCESS_OWN, api_scope_class_asset,
	    "Classify an asset (a draft)"),
	API("GET", "/api/v1/classifications/:id", api_classification_get, ACCESS_READ, api_scope_classification,
	    "One classification version"),
	API("POST", "/api/v1/classifications/:id/sign", api_classification_sign, ACCESS_OWN, api_scope_classification,
	    "Sign a classification (the asset's owner)"),
	API("GET", "/api/v1/organisations/:id/classification-model", api_class_model_get, ACCESS_READ, NULL,
	    "An organisation's classification model"),
	API("PATCH", "/api/v1/organisations/:id/classification-model", api_class_model_update, ACCESS_ADMIN,
	    api_scope_class_org, "Change the classification model"),
	API("GET", "/api/v1/organisations/:id/questions", api_class_questions_list, ACCESS_READ, NULL,
	    "The classification question bank"),
	API("POST", "/api/v1/organisations/:id/questions", api_class_questions_create, ACCESS_ADMIN,
	    api_scope_class_org, "Add a classification question"),
	API("PATCH", "/api/v1/questions/:id", api_class_question_update, ACCESS_ADMIN, api_scope_class_question,
	    "Change or reorder a classification question"),
	/* requirements and actions (API) */
	API("GET", "/api/v1/requirements", api_requirements_list, ACCESS_READ, NULL, "List the requirements library"),
	API("POST", "/api/v1/requirements", api_requirements_create, ACCESS_ADMIN, router_scope_global,
	    "Create a requirement"),
	API("POST", "/api/v1/requirements/import", api_requirements_import, ACCESS_ADMIN, router_scope_global,
	    "Check or import the requirements library from CSV"),
	API("GET", "/api/v1/requirements/:id", api_requirements_get, ACCESS_READ, NULL, "Get a requirement"),
	API("PATCH", "/api/v1/requirements/:id", api_requirements_update, ACCESS_ADMIN, router_scope_global,
	    "Change a requirement"),
	API("GET", "/api/v1/assets/:id/requirements", api_asset_requirements_list, ACCESS_READ, api_scope_asset_arg,
	    "An asset's applicable requirements and their fulfilment"),
	API("PATCH", "/api/v1/assets/:id/requirements/:rid", api_asset_requirement_update, ACCESS_OWN,
	    api_scope_asset_arg, "Record a requirement's fulfilment"),
	API("POST", "/api/v1/assets/:id/requirements/:rid/action", api_asset_requirement_action, ACCESS_OWN,
	    api_scope_asset_arg, "Make an unfulfilled requirement an action"),
	API("GET", "/api/v1/actions", api_actions_list, ACCESS_READ, NULL, "List actions"),
	API("GET", "/api/v1/actions/:id", api_actions_get, ACCESS_READ, api_scope_action_arg, "Get an action"),
	API("PATCH", "/api/v1/actions/:id", api_actions_update, ACCESS_EDIT, api_scope_action_arg, "Change an action"),
	/* figures (API) */
	API("GET", "/api/v1/figures/classified", api_figures_classified, ACCESS_READ, api_scope_figures_unit,
	    "Share of systems classified at a date"),
	API("GET", "/api/v1/figures/classified/series", api_figures_series, ACCESS_READ, api_scope_figures_unit,
	    "Share of systems classified at the end of each quarter"),
	API("GET", "/api/v1/figures/overdue", api_figures_overdue, ACCESS_READ, api_scope_figures_unit_or_own,
	    "Classifications due for review"),
	{ 0 },
};
