/*
 * routes.c - every address Tillit answers, with its access rule.
 *
 * One table for pages and the API (Netdata's acl column). The router
 * checks the access rule before the handler runs; a route without one is
 * refused at start-up and fails the route-table test. API routes are also
 * listed in the OpenAPI document (src/api/openapi/<module>.json pieces,
 * merged at build time), which a test compares with this table.
 */
#include "api/api_activities.h"
#include "api/api_asset_io.h"
#include "api/api_assets.h"
#include "api/api_audit.h"
#include "api/api_classify.h"
#include "api/api_figures.h"
#include "api/api_meta.h"
#include "api/api_plans.h"
#include "api/api_requirements.h"
#include "api/api_tokens.h"
#include "api/api_units.h"
#include "api/api_users.h"
#include "domain/activity.h"
#include "domain/asset.h"
#include "domain/classify.h"
#include "domain/plan.h"
#include "domain/unit.h"
#include "domain/user.h"
#include "http/router.h"
#include "web/page_account.h"
#include "web/page_asset_io.h"
#include "web/page_assets.h"
#include "web/page_audit.h"
#include "web/page_classify.h"
#include "web/page_figures.h"
#include "web/page_home.h"
#include "web/page_login.h"
#include "web/page_plans.h"
#include "web/page_requirements.h"
#include "web/page_units.h"
#include "web/page_users.h"

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
	PAGE("GET", "/healthz", page_healthz, ACCESS_PUBLIC, SCOPE_NONE, "Health check"),
	PAGE("GET", "/static/*", page_static, ACCESS_PUBLIC, SCOPE_NONE, "Style sheet and script"),
	PAGE("GET", "/login", page_login, ACCESS_PUBLIC, SCOPE_NONE, "Sign-in form"),
	PAGE_NOCSRF("POST", "/login", page_login_post, ACCESS_PUBLIC, SCOPE_NONE, "Sign in"),
	PAGE_NOCSRF("POST", "/language", page_language, ACCESS_PUBLIC, SCOPE_NONE, "Choose language before sign-in"),

	/* signed in */
	PAGE("GET", "/", page_home, ACCESS_LOGIN, SCOPE_NONE, "Overview"),
	PAGE("POST", "/logout", page_logout, ACCESS_LOGIN, SCOPE_NONE, "Sign out"),
	PAGE("GET", "/account", page_account, ACCESS_LOGIN, SCOPE_NONE, "My account"),
	PAGE("POST", "/account/password", page_account_password, ACCESS_LOGIN, SCOPE_NONE, "Change own password"),
	PAGE("POST", "/account/language", page_account_language, ACCESS_LOGIN, SCOPE_NONE, "Change own language"),
	PAGE("POST", "/account/tokens", page_account_token_create, ACCESS_LOGIN, SCOPE_NONE, "Create an API token"),
	PAGE("POST", "/account/tokens/:id/revoke", page_account_token_revoke, ACCESS_LOGIN, SCOPE_NONE,
	     "Revoke an API token"),
	PAGE("POST", "/account/tokens/:id/renew", page_account_token_renew, ACCESS_LOGIN, SCOPE_NONE,
	     "Renew an API token"),

	/* organisation */
	PAGE("GET", "/units", page_units, ACCESS_READ, SCOPE_NONE, "Organisation tree"),
	PAGE("GET", "/units/new", page_unit_new, ACCESS_ADMIN, BY_FIELD("parent_id", unit_scope), "New unit form"),
	PAGE("POST", "/units", page_unit_create, ACCESS_ADMIN, BY_FIELD("parent_id", unit_scope), "Create a unit"),
	PAGE("GET", "/units/:id", page_unit, ACCESS_READ, BY_ID(unit_scope), "A unit"),
	PAGE("GET", "/units/:id/edit", page_unit_edit, ACCESS_ADMIN, BY_ID(unit_scope), "Edit unit form"),
	PAGE("POST", "/units/:id/edit", page_unit_update, ACCESS_ADMIN, BY_ID(unit_scope), "Save a unit"),
	PAGE("GET", "/units/:id/move", page_unit_move, ACCESS_ADMIN, BY_ID(unit_scope), "Move unit form"),
	PAGE("POST", "/units/:id/move", page_unit_move_post, ACCESS_ADMIN, BY_ID(unit_scope), "Move a unit"),

	/* users and roles */
	PAGE("GET", "/users", page_users, ACCESS_ADMIN, SCOPE_NONE, "Users"),
	PAGE("GET", "/users/new", page_user_new, ACCESS_ADMIN, SCOPE_INSTALLATION, "New user form"),
	PAGE("POST", "/users", page_user_create, ACCESS_ADMIN, SCOPE_INSTALLATION, "Create a user"),
	PAGE("GET", "/users/:id", page_user, ACCESS_ADMIN, SCOPE_NONE, "A user and their roles"),
	PAGE("POST", "/users/:id/edit", page_user_update, ACCESS_ADMIN, SCOPE_INSTALLATION, "Save a user"),
	PAGE("POST", "/users/:id/password", page_user_password, ACCESS_ADMIN, SCOPE_INSTALLATION,
	     "Set a user's password"),
	PAGE("POST", "/users/:id/roles", page_user_grant, ACCESS_ADMIN, BY_FIELD("unit_id", unit_scope),
	     "Grant a role"),
	PAGE("POST", "/roles/:id/delete", page_grant_delete, ACCESS_ADMIN, BY_ID(grant_scope), "Remove a role"),

	/* audit trail */
	PAGE("GET", "/audit", page_audit, ACCESS_AUDIT, SCOPE_NONE, "Audit trail"),
	PAGE("GET", "/audit/:id", page_audit_entry, ACCESS_AUDIT, SCOPE_NONE, "One audit entry"),

	/* assets (pages) */
	PAGE("GET", "/assets/import", page_asset_import_form, ACCESS_EDIT, SCOPE_NONE, "Asset import form"),
	PAGE("POST", "/assets/import", page_asset_import, ACCESS_EDIT, SCOPE_NONE, "Check or import assets from CSV"),
	PAGE("GET", "/assets/import/template.csv", page_asset_import_template, ACCESS_EDIT, SCOPE_NONE,
	     "Asset import template"),
	PAGE("GET", "/assets/export.xlsx", page_asset_export_xlsx, ACCESS_READ, SCOPE_NONE, "Export assets as XLSX"),
	PAGE("GET", "/assets/export.csv", page_asset_export_csv, ACCESS_READ, SCOPE_NONE, "Export assets as CSV"),
	PAGE("GET", "/assets/export.json", page_asset_export_json, ACCESS_READ, SCOPE_NONE, "Export assets as JSON"),
	PAGE("GET", "/assets", page_assets, ACCESS_READ, SCOPE_NONE, "Information assets"),
	PAGE("GET", "/assets/new", page_asset_new, ACCESS_EDIT, SCOPE_NONE, "New asset form"),
	PAGE("POST", "/assets", page_asset_create, ACCESS_EDIT, BY_FIELD("unit_id", unit_scope), "Create an asset"),
	PAGE("GET", "/assets/:id", page_asset, ACCESS_READ, BY_ID(asset_scope), "An asset and its dependencies"),
	PAGE("GET", "/assets/:id/edit", page_asset_edit, ACCESS_OWN, BY_ID(asset_scope), "Edit asset form"),
	PAGE("POST", "/assets/:id/edit", page_asset_update, ACCESS_OWN, BY_ID(asset_scope), "Save an asset"),
	PAGE("POST", "/assets/:id/links", page_asset_link_add, ACCESS_OWN, BY_ID(asset_scope), "Add a dependency"),
	PAGE("POST", "/asset-links/:id/delete", page_asset_link_delete, ACCESS_OWN, BY_ID(asset_link_scope),
	     "Remove a dependency"),
	/* classification (pages) */
	PAGE("GET", "/assets/:id/classification", page_classification, ACCESS_READ, BY_ID(asset_scope),
	     "An asset's classification"),
	PAGE("GET", "/assets/:id/classification/new", page_classification_new, ACCESS_OWN, BY_ID(asset_scope),
	     "Classification protocol form"),
	PAGE("POST", "/assets/:id/classification", page_classification_create, ACCESS_OWN, BY_ID(asset_scope),
	     "Compute or save a classification draft"),
	PAGE("GET", "/assets/:id/classification/compare", page_classification_compare, ACCESS_READ, BY_ID(asset_scope),
	     "Compare two classification versions"),
	PAGE("GET", "/assets/:id/classification/:cid", page_classification_version, ACCESS_READ, BY_ID(asset_scope),
	     "One classification version"),
	PAGE("POST", "/assets/:id/classification/:cid/sign", page_classification_sign, ACCESS_OWN, BY_ID(asset_scope),
	     "Sign a classification (the asset's owner)"),
	PAGE("GET", "/organisations/:id/classification-model", page_class_model, ACCESS_ADMIN, BY_ID(unit_scope),
	     "Classification model and question bank"),
	PAGE("POST", "/organisations/:id/classification-model", page_class_model_update, ACCESS_ADMIN,
	     BY_ID(unit_scope), "Save the classification model"),
	PAGE("GET", "/organisations/:id/questions/new", page_class_question_new, ACCESS_ADMIN, BY_ID(unit_scope),
	     "New classification question form"),
	PAGE("POST", "/organisations/:id/questions", page_class_question_create, ACCESS_ADMIN, BY_ID(unit_scope),
	     "Create a classification question"),
	PAGE("GET", "/questions/:id/edit", page_class_question_edit, ACCESS_ADMIN, BY_ID(class_question_scope),
	     "Edit classification question form"),
	PAGE("POST", "/questions/:id/edit", page_class_question_update, ACCESS_ADMIN, BY_ID(class_question_scope),
	     "Save a classification question"),
	PAGE("POST", "/questions/:id/move", page_class_question_move, ACCESS_ADMIN, BY_ID(class_question_scope),
	     "Reorder a classification question"),
	/* requirements (pages) */
	PAGE("GET", "/requirements", page_requirements, ACCESS_READ, SCOPE_NONE, "Requirements library"),
	PAGE("GET", "/requirements/export.csv", page_requirements_csv, ACCESS_READ, SCOPE_NONE,
	     "Requirements library as CSV"),
	PAGE("GET", "/requirements/new", page_requirement_new, ACCESS_ADMIN, SCOPE_INSTALLATION,
	     "New requirement form"),
	PAGE("POST", "/requirements", page_requirement_create, ACCESS_ADMIN, SCOPE_INSTALLATION,
	     "Create a requirement"),
	PAGE("GET", "/requirements/import", page_requirements_import_form, ACCESS_ADMIN, SCOPE_INSTALLATION,
	     "Requirements import form"),
	PAGE("POST", "/requirements/import", page_requirements_import, ACCESS_ADMIN, SCOPE_INSTALLATION,
	     "Check or import requirements from CSV"),
	PAGE("GET", "/requirements/:id", page_requirement, ACCESS_READ, SCOPE_NONE, "A requirement"),
	PAGE("GET", "/requirements/:id/edit", page_requirement_edit, ACCESS_ADMIN, SCOPE_INSTALLATION,
	     "Edit requirement form"),
	PAGE("POST", "/requirements/:id/edit", page_requirement_update, ACCESS_ADMIN, SCOPE_INSTALLATION,
	     "Save a requirement"),
	PAGE("POST", "/requirements/:id/deactivate", page_requirement_deactivate, ACCESS_ADMIN, SCOPE_INSTALLATION,
	     "Deactivate or reactivate a requirement"),
	PAGE("GET", "/assets/:id/requirements", page_asset_requirements, ACCESS_READ, BY_ID(asset_scope),
	     "An asset's applicable requirements"),
	PAGE("GET", "/assets/:id/requirements/appendix", page_asset_requirements_appendix, ACCESS_READ,
	     BY_ID(asset_scope), "Procurement appendix"),
	PAGE("GET", "/assets/:id/requirements/appendix.xlsx", page_asset_requirements_xlsx, ACCESS_READ,
	     BY_ID(asset_scope), "Procurement appendix as XLSX"),
	PAGE("GET", "/assets/:id/requirements/appendix.docx", page_asset_requirements_docx, ACCESS_READ,
	     BY_ID(asset_scope), "Procurement appendix as DOCX"),
	PAGE("GET", "/assets/:id/requirements/appendix.html", page_asset_requirements_html, ACCESS_READ,
	     BY_ID(asset_scope), "Procurement appendix as an HTML file"),
	PAGE("GET", "/assets/:id/requirements/appendix.md", page_asset_requirements_md, ACCESS_READ, BY_ID(asset_scope),
	     "Procurement appendix as Markdown"),
	PAGE("GET", "/assets/:id/requirements/:rid", page_asset_requirement, ACCESS_READ, BY_ID(asset_scope),
	     "One requirement's fulfilment for an asset"),
	PAGE("POST", "/assets/:id/requirements/:rid", page_asset_requirement_save, ACCESS_OWN, BY_ID(asset_scope),
	     "Save a requirement's fulfilment"),
	PAGE("POST", "/assets/:id/requirements/:rid/action", page_asset_requirement_action, ACCESS_OWN,
	     BY_ID(asset_scope), "Make an unfulfilled requirement an activity of the action plan"),
	/* figures (pages) */
	PAGE("GET", "/figures", page_figures, ACCESS_READ, SCOPE_NONE, "Figures: systems classified, reviews due"),

	/* JSON API */
	API("GET", "/api/v1/openapi.json", api_openapi, ACCESS_PUBLIC, SCOPE_NONE, "This document"),
	API("GET", "/api/v1/me", api_me, ACCESS_LOGIN, SCOPE_NONE, "The signed-in user and their roles"),
	API("GET", "/api/v1/units", api_units_list, ACCESS_READ, SCOPE_NONE, "List units"),
	API("POST", "/api/v1/units", api_units_create, ACCESS_ADMIN, BY_FIELD("parent_id", unit_scope),
	    "Create a unit"),
	API("GET", "/api/v1/units/:id", api_units_get, ACCESS_READ, BY_ID(unit_scope), "Get a unit"),
	API("PATCH", "/api/v1/units/:id", api_units_update, ACCESS_ADMIN, BY_ID(unit_scope), "Change a unit"),
	API("POST", "/api/v1/units/:id/move", api_units_move, ACCESS_ADMIN, BY_ID(unit_scope), "Move a unit"),
	API("GET", "/api/v1/units/:id/moves", api_units_moves, ACCESS_READ, BY_ID(unit_scope), "A unit's moves"),
	API("GET", "/api/v1/users", api_users_list, ACCESS_ADMIN, SCOPE_NONE, "List users"),
	API("POST", "/api/v1/users", api_users_create, ACCESS_ADMIN, SCOPE_INSTALLATION, "Create a user"),
	API("GET", "/api/v1/users/:id", api_users_get, ACCESS_ADMIN, SCOPE_NONE, "Get a user"),
	API("PATCH", "/api/v1/users/:id", api_users_update, ACCESS_ADMIN, SCOPE_INSTALLATION, "Change a user"),
	API("GET", "/api/v1/users/:id/roles", api_roles_list, ACCESS_ADMIN, SCOPE_NONE, "A user's role assignments"),
	API("POST", "/api/v1/users/:id/roles", api_roles_create, ACCESS_ADMIN, BY_FIELD("unit_id", unit_scope),
	    "Grant a role"),
	API("DELETE", "/api/v1/roles/:id", api_roles_delete, ACCESS_ADMIN, BY_ID(grant_scope), "Remove a role"),
	API("GET", "/api/v1/audit", api_audit_list, ACCESS_AUDIT, SCOPE_NONE, "Audit trail entries"),
	API("GET", "/api/v1/audit/:id", api_audit_get, ACCESS_AUDIT, SCOPE_NONE, "One audit entry"),
	API("GET", "/api/v1/tokens", api_tokens_list, ACCESS_LOGIN, SCOPE_NONE, "My API tokens"),
	API("POST", "/api/v1/tokens", api_tokens_create, ACCESS_LOGIN, SCOPE_NONE, "Create an API token"),
	API("DELETE", "/api/v1/tokens/:id", api_tokens_delete, ACCESS_LOGIN, SCOPE_NONE, "Revoke an API token"),
	API("POST", "/api/v1/tokens/:id/renew", api_tokens_renew, ACCESS_LOGIN, SCOPE_NONE, "Renew an API token"),
	API("POST", "/api/v1/me/password", api_me_password, ACCESS_LOGIN, SCOPE_NONE, "Change own password"),
	/* assets (API) */
	API("POST", "/api/v1/assets/import", api_assets_import, ACCESS_EDIT, SCOPE_NONE,
	    "Check or import assets from CSV"),
	API("GET", "/api/v1/assets/export", api_assets_export, ACCESS_READ, SCOPE_NONE,
	    "Export assets (json, csv, xlsx)"),
	API("GET", "/api/v1/assets", api_assets_list, ACCESS_READ, SCOPE_NONE, "List information assets"),
	API("POST", "/api/v1/assets", api_assets_create, ACCESS_EDIT, BY_FIELD("unit_id", unit_scope),
	    "Create an asset"),
	API("GET", "/api/v1/assets/:id", api_assets_get, ACCESS_READ, BY_ID(asset_scope), "Get an asset"),
	API("PATCH", "/api/v1/assets/:id", api_assets_update, ACCESS_OWN, BY_ID(asset_scope), "Change an asset"),
	API("GET", "/api/v1/assets/:id/links", api_asset_links_list, ACCESS_READ, BY_ID(asset_scope),
	    "An asset's dependencies in both directions"),
	API("POST", "/api/v1/assets/:id/links", api_asset_links_create, ACCESS_OWN, BY_ID(asset_scope),
	    "Add a dependency"),
	API("DELETE", "/api/v1/asset-links/:id", api_asset_links_delete, ACCESS_OWN, BY_ID(asset_link_scope),
	    "Remove a dependency"),
	/* classification (API) */
	API("GET", "/api/v1/assets/:id/classifications", api_class_asset_list, ACCESS_READ, BY_ID(asset_scope),
	    "An asset's classification versions"),
	API("POST", "/api/v1/assets/:id/classifications", api_class_asset_create, ACCESS_OWN, BY_ID(asset_scope),
	    "Classify an asset (a draft)"),
	API("GET", "/api/v1/classifications/:id", api_classification_get, ACCESS_READ, BY_ID(classification_scope),
	    "One classification version"),
	API("POST", "/api/v1/classifications/:id/sign", api_classification_sign, ACCESS_OWN,
	    BY_ID(classification_scope), "Sign a classification (the asset's owner)"),
	API("GET", "/api/v1/organisations/:id/classification-model", api_class_model_get, ACCESS_READ, SCOPE_NONE,
	    "An organisation's classification model"),
	API("PATCH", "/api/v1/organisations/:id/classification-model", api_class_model_update, ACCESS_ADMIN,
	    BY_ID(unit_scope), "Change the classification model"),
	API("GET", "/api/v1/organisations/:id/questions", api_class_questions_list, ACCESS_READ, SCOPE_NONE,
	    "The classification question bank"),
	API("POST", "/api/v1/organisations/:id/questions", api_class_questions_create, ACCESS_ADMIN, BY_ID(unit_scope),
	    "Add a classification question"),
	API("PATCH", "/api/v1/questions/:id", api_class_question_update, ACCESS_ADMIN, BY_ID(class_question_scope),
	    "Change or reorder a classification question"),
	/* requirements (API) */
	API("GET", "/api/v1/requirements", api_requirements_list, ACCESS_READ, SCOPE_NONE,
	    "List the requirements library"),
	API("POST", "/api/v1/requirements", api_requirements_create, ACCESS_ADMIN, SCOPE_INSTALLATION,
	    "Create a requirement"),
	API("POST", "/api/v1/requirements/import", api_requirements_import, ACCESS_ADMIN, SCOPE_INSTALLATION,
	    "Check or import the requirements library from CSV"),
	API("GET", "/api/v1/requirements/:id", api_requirements_get, ACCESS_READ, SCOPE_NONE, "Get a requirement"),
	API("PATCH", "/api/v1/requirements/:id", api_requirements_update, ACCESS_ADMIN, SCOPE_INSTALLATION,
	    "Change a requirement"),
	API("GET", "/api/v1/assets/:id/requirements", api_asset_requirements_list, ACCESS_READ, BY_ID(asset_scope),
	    "An asset's applicable requirements and their fulfilment"),
	API("PATCH", "/api/v1/assets/:id/requirements/:rid", api_asset_requirement_update, ACCESS_OWN,
	    BY_ID(asset_scope), "Record a requirement's fulfilment"),
	API("POST", "/api/v1/assets/:id/requirements/:rid/action", api_asset_requirement_activity, ACCESS_OWN,
	    BY_ID(asset_scope), "Make an unfulfilled requirement an activity of the action plan"),
	/* figures (API) */
	API("GET", "/api/v1/figures/classified", api_figures_classified, ACCESS_READ, BY_FN(api_scope_figures_unit),
	    "Share of systems classified at a date"),
	API("GET", "/api/v1/figures/classified/series", api_figures_series, ACCESS_READ, BY_FN(api_scope_figures_unit),
	    "Share of systems classified at the end of each quarter"),
	API("GET", "/api/v1/figures/overdue", api_figures_overdue, ACCESS_READ, BY_FN(api_scope_figures_unit_or_own),
	    "Classifications due for review"),
	/* action plans, their activities and the annual wheel */
	PAGE("GET", "/plans", page_plans, ACCESS_READ, SCOPE_NONE, "Action plans and their roll-up"),
	PAGE("GET", "/plans/new", page_plan_new, ACCESS_EDIT, SCOPE_NONE, "New action plan form"),
	PAGE("POST", "/plans", page_plan_create, ACCESS_EDIT, BY_FIELD("unit_id", unit_scope), "Create an action plan"),
	PAGE("GET", "/plans/:id", page_plan, ACCESS_READ, BY_ID(plan_scope), "An action plan"),
	PAGE("GET", "/plans/:id/edit", page_plan_edit, ACCESS_EDIT, BY_ID(plan_scope), "Edit action plan form"),
	PAGE("POST", "/plans/:id/edit", page_plan_update, ACCESS_EDIT, BY_ID(plan_scope), "Save an action plan"),
	PAGE("POST", "/plans/:id/areas", page_plan_area_add, ACCESS_EDIT, BY_ID(plan_scope), "Add an area"),
	PAGE("POST", "/plan-areas/:id/edit", page_plan_area_update, ACCESS_EDIT, BY_ID(plan_area_scope),
	     "Rename or move an area"),
	PAGE("POST", "/plans/:id/carry", page_plan_carry, ACCESS_EDIT, BY_ID(plan_scope),
	     "Carry the unfinished activities into next year"),
	PAGE("GET", "/plans/:id/report.html", page_plan_report_html, ACCESS_READ, BY_ID(plan_scope),
	     "Follow-up report as HTML"),
	PAGE("GET", "/plans/:id/report.md", page_plan_report_md, ACCESS_READ, BY_ID(plan_scope),
	     "Follow-up report as Markdown"),
	PAGE("GET", "/plans/:id/report.docx", page_plan_report_docx, ACCESS_READ, BY_ID(plan_scope),
	     "Follow-up report as DOCX"),
	PAGE("GET", "/plans/:id/activities/new", page_activity_new, ACCESS_EDIT, BY_ID(plan_scope),
	     "New activity form"),
	PAGE("POST", "/plans/:id/activities", page_activity_create, ACCESS_EDIT, BY_ID(plan_scope),
	     "Create an activity"),
	PAGE("GET", "/activities", page_activities, ACCESS_READ, SCOPE_NONE, "Activities of action plans"),
	PAGE("GET", "/activities/export.xlsx", page_activities_xlsx, ACCESS_READ, SCOPE_NONE,
	     "Export activities as XLSX"),
	PAGE("GET", "/activities/export.csv", page_activities_csv, ACCESS_READ, SCOPE_NONE, "Export activities as CSV"),
	PAGE("GET", "/activities/export.json", page_activities_json, ACCESS_READ, SCOPE_NONE,
	     "Export activities as JSON"),
	PAGE("GET", "/activities/:id", page_activity, ACCESS_READ, BY_ID(activity_scope), "An activity"),
	PAGE("GET", "/activities/:id/edit", page_activity_edit, ACCESS_EDIT, BY_ID(activity_scope),
	     "Edit activity form"),
	PAGE("POST", "/activities/:id/edit", page_activity_update, ACCESS_EDIT, BY_ID(activity_scope),
	     "Save an activity"),
	PAGE("POST", "/activities/:id/links", page_activity_link_add, ACCESS_EDIT, BY_ID(activity_scope),
	     "Record what an activity addresses"),
	PAGE("POST", "/activity-links/:id/delete", page_activity_link_delete, ACCESS_EDIT, BY_ID(activity_link_scope),
	     "Remove what an activity addresses"),
	PAGE("POST", "/activities/:id/carry", page_activity_carry, ACCESS_EDIT, BY_ID(activity_scope),
	     "Carry an activity into next year"),
	PAGE("GET", "/actions", page_actions_moved, ACCESS_LOGIN, SCOPE_NONE, "Moved to /activities"),
	PAGE("GET", "/actions/:id", page_actions_moved, ACCESS_LOGIN, SCOPE_NONE, "Moved to /activities/:id"),
	PAGE("GET", "/actions/:id/edit", page_actions_moved, ACCESS_LOGIN, SCOPE_NONE, "Moved to /activities/:id/edit"),
	PAGE("POST", "/actions/:id/edit", page_actions_moved, ACCESS_LOGIN, SCOPE_NONE,
	     "Moved to /activities/:id/edit"),
	API("GET", "/api/v1/plans", api_plans_list, ACCESS_READ, SCOPE_NONE, "List action plans with their counts"),
	API("POST", "/api/v1/plans", api_plans_create, ACCESS_EDIT, BY_FIELD("unit_id", unit_scope),
	    "Create an action plan"),
	API("GET", "/api/v1/plans/:id", api_plans_get, ACCESS_READ, BY_ID(plan_scope), "Get an action plan"),
	API("PATCH", "/api/v1/plans/:id", api_plans_update, ACCESS_EDIT, BY_ID(plan_scope), "Change an action plan"),
	API("POST", "/api/v1/plans/:id/areas", api_plan_areas_create, ACCESS_EDIT, BY_ID(plan_scope), "Add an area"),
	API("PATCH", "/api/v1/plan-areas/:id", api_plan_areas_update, ACCESS_EDIT, BY_ID(plan_area_scope),
	    "Rename or move an area"),
	API("GET", "/api/v1/plans/:id/report", api_plans_report, ACCESS_READ, BY_ID(plan_scope),
	    "The follow-up report (html, md, docx)"),
	API("POST", "/api/v1/plans/:id/carry", api_plans_carry, ACCESS_EDIT, BY_ID(plan_scope),
	    "Carry the unfinished activities into next year"),
	API("POST", "/api/v1/plans/:id/activities", api_activities_create, ACCESS_EDIT, BY_ID(plan_scope),
	    "Create an activity"),
	API("GET", "/api/v1/activities", api_activities_list, ACCESS_READ, SCOPE_NONE, "List activities"),
	API("GET", "/api/v1/activities/export", api_activities_export, ACCESS_READ, SCOPE_NONE,
	    "Export activities (json, csv, xlsx)"),
	API("GET", "/api/v1/activities/:id", api_activities_get, ACCESS_READ, BY_ID(activity_scope), "Get an activity"),
	API("PATCH", "/api/v1/activities/:id", api_activities_update, ACCESS_EDIT, BY_ID(activity_scope),
	    "Change an activity"),
	API("POST", "/api/v1/activities/:id/carry", api_activities_carry, ACCESS_EDIT, BY_ID(activity_scope),
	    "Carry an activity into next year"),
	API("GET", "/api/v1/activities/:id/history", api_activities_history, ACCESS_READ, BY_ID(activity_scope),
	    "An activity's chain across the years"),
	API("GET", "/api/v1/activities/:id/links", api_activity_links_list, ACCESS_READ, BY_ID(activity_scope),
	    "What an activity addresses"),
	API("POST", "/api/v1/activities/:id/links", api_activity_links_create, ACCESS_EDIT, BY_ID(activity_scope),
	    "Record what an activity addresses"),
	API("DELETE", "/api/v1/activity-links/:id", api_activity_links_delete, ACCESS_EDIT, BY_ID(activity_link_scope),
	    "Remove what an activity addresses"),
	API("GET", "/api/v1/actions", api_actions_moved, ACCESS_LOGIN, SCOPE_NONE, "Moved to /api/v1/activities"),
	API("GET", "/api/v1/actions/:id", api_actions_moved, ACCESS_LOGIN, SCOPE_NONE,
	    "Moved to /api/v1/activities/:id"),
	API("PATCH", "/api/v1/actions/:id", api_actions_moved, ACCESS_LOGIN, SCOPE_NONE,
	    "Moved to /api/v1/activities/:id"),
	{ 0 },
};
