/*
 * routes.c - every address Tillit answers, with its access rule.
 *
 * One table for pages and the API (Netdata's acl column). The router
 * checks the access rule before the handler runs; a route without one is
 * refused at start-up and fails the route-table test. API routes are also
 * listed in the OpenAPI document (src/api/openapi/<module>.json pieces,
 * merged at build time), which a test compares with this table.
 */
#include "api/api_actions.h"
#include "api/api_asset_io.h"
#include "api/api_assets.h"
#include "api/api_audit.h"
#include "api/api_classify.h"
#include "api/api_figures.h"
#include "api/api_gdpr.h"
#include "api/api_meta.h"
#include "api/api_requirements.h"
#include "api/api_tokens.h"
#include "api/api_units.h"
#include "api/api_users.h"
#include "domain/action.h"
#include "domain/asset.h"
#include "domain/classify.h"
#include "domain/gdpr.h"
#include "domain/unit.h"
#include "domain/user.h"
#include "http/router.h"
#include "web/page_account.h"
#include "web/page_actions.h"
#include "web/page_asset_io.h"
#include "web/page_assets.h"
#include "web/page_audit.h"
#include "web/page_classify.h"
#include "web/page_figures.h"
#include "web/page_home.h"
#include "web/page_login.h"
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
	/* requirements and actions (pages) */
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
	PAGE("GET", "/assets/:id/requirements/:rid", page_asset_requirement, ACCESS_READ, BY_ID(asset_scope),
	     "One requirement's fulfilment for an asset"),
	PAGE("POST", "/assets/:id/requirements/:rid", page_asset_requirement_save, ACCESS_OWN, BY_ID(asset_scope),
	     "Save a requirement's fulfilment"),
	PAGE("POST", "/assets/:id/requirements/:rid/action", page_asset_requirement_action, ACCESS_OWN,
	     BY_ID(asset_scope), "Make an unfulfilled requirement an action"),
	PAGE("GET", "/actions", page_actions, ACCESS_READ, SCOPE_NONE, "Actions"),
	PAGE("GET", "/actions/:id", page_action, ACCESS_READ, BY_ID(action_scope), "An action"),
	PAGE("GET", "/actions/:id/edit", page_action_edit, ACCESS_EDIT, BY_ID(action_scope), "Edit action form"),
	PAGE("POST", "/actions/:id/edit", page_action_update, ACCESS_EDIT, BY_ID(action_scope), "Save an action"),
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
	/* requirements and actions (API) */
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
	API("POST", "/api/v1/assets/:id/requirements/:rid/action", api_asset_requirement_action, ACCESS_OWN,
	    BY_ID(asset_scope), "Make an unfulfilled requirement an action"),
	API("GET", "/api/v1/actions", api_actions_list, ACCESS_READ, SCOPE_NONE, "List actions"),
	API("GET", "/api/v1/actions/:id", api_actions_get, ACCESS_READ, BY_ID(action_scope), "Get an action"),
	API("PATCH", "/api/v1/actions/:id", api_actions_update, ACCESS_EDIT, BY_ID(action_scope), "Change an action"),
	/* register of processing activities, processors (API) */
	API("GET", "/api/v1/processing-activities", api_gdpr_list, ACCESS_READ, SCOPE_NONE,
	    "List processing activities"),
	API("POST", "/api/v1/processing-activities", api_gdpr_create, ACCESS_GDPR, BY_FIELD("unit_id", unit_scope),
	    "Create a processing activity"),
	API("GET", "/api/v1/processing-activities/:id", api_gdpr_get, ACCESS_READ, BY_ID(gdpr_activity_scope),
	    "Get a processing activity"),
	API("PATCH", "/api/v1/processing-activities/:id", api_gdpr_update, ACCESS_GDPR, BY_ID(gdpr_activity_scope),
	    "Change a processing activity"),
	API("POST", "/api/v1/processing-activities/:id/submit", api_gdpr_submit, ACCESS_GDPR,
	    BY_ID(gdpr_activity_scope), "Submit a processing activity for review"),
	API("POST", "/api/v1/processing-activities/:id/validate", api_gdpr_validate, ACCESS_DPO,
	    BY_ID(gdpr_activity_scope), "Validate a processing activity (the data protection officer)"),
	API("POST", "/api/v1/processing-activities/:id/send-back", api_gdpr_send_back, ACCESS_DPO,
	    BY_ID(gdpr_activity_scope), "Send a processing activity back with a comment"),
	API("POST", "/api/v1/processing-activities/:id/request-review", api_gdpr_request_review, ACCESS_DPO,
	    BY_ID(gdpr_activity_scope), "Ask the owner to review a processing activity"),
	API("GET", "/api/v1/processing-activities/:id/transfers", api_gdpr_transfers, ACCESS_READ,
	    BY_ID(gdpr_activity_scope), "A processing activity's third-country transfers"),
	API("POST", "/api/v1/processing-activities/:id/transfers", api_gdpr_transfer_create, ACCESS_GDPR,
	    BY_ID(gdpr_activity_scope), "Add a third-country transfer"),
	API("GET", "/api/v1/processing-activities/:id/dpias", api_gdpr_dpias, ACCESS_READ, BY_ID(gdpr_activity_scope),
	    "The versions of a processing activity's impact assessment"),
	API("POST", "/api/v1/processing-activities/:id/dpias", api_gdpr_dpia_create, ACCESS_GDPR,
	    BY_ID(gdpr_activity_scope), "Record a new version of the impact assessment"),
	API("PATCH", "/api/v1/transfers/:id", api_transfer_update, ACCESS_GDPR, BY_ID(gdpr_transfer_scope),
	    "Change a third-country transfer"),
	API("DELETE", "/api/v1/transfers/:id", api_transfer_delete, ACCESS_GDPR, BY_ID(gdpr_transfer_scope),
	    "Remove a third-country transfer"),
	API("GET", "/api/v1/transfers/:id/tias", api_transfer_tias, ACCESS_READ, BY_ID(gdpr_transfer_scope),
	    "The versions of a transfer impact assessment"),
	API("POST", "/api/v1/transfers/:id/tias", api_transfer_tia_create, ACCESS_GDPR, BY_ID(gdpr_transfer_scope),
	    "Record a new version of the transfer impact assessment"),
	API("POST", "/api/v1/dpias/:id/opinion", api_dpia_opinion, ACCESS_DPO, BY_ID(dpia_scope),
	    "Record the data protection officer's opinion on an impact assessment"),
	API("POST", "/api/v1/dpias/:id/actions", api_dpia_actions, ACCESS_GDPR, BY_ID(dpia_scope),
	    "Make actions of an impact assessment's measures"),
	API("GET", "/api/v1/organisations/:id/gdpr-categories", api_gdpr_categories, ACCESS_READ, SCOPE_NONE,
	    "An organisation's categories of data subjects and of personal data"),
	API("POST", "/api/v1/organisations/:id/gdpr-categories", api_gdpr_category_create, ACCESS_GDPR,
	    BY_ID(unit_scope), "Add a category of data subjects or of personal data"),
	API("PATCH", "/api/v1/gdpr-categories/:id", api_gdpr_category_update, ACCESS_GDPR, BY_ID(gdpr_category_scope),
	    "Change a category"),
	API("GET", "/api/v1/processing-register", api_gdpr_register, ACCESS_READ, SCOPE_NONE,
	    "The register of processing activities (json, csv, xlsx, docx, html, md)"),
	API("GET", "/api/v1/personal-data-assets", api_gdpr_personal_assets, ACCESS_READ, SCOPE_NONE,
	    "Assets holding personal data and the processing activities that use them"),
	API("GET", "/api/v1/processors", api_processors_list, ACCESS_READ, SCOPE_NONE, "List processors"),
	API("POST", "/api/v1/processors", api_processors_create, ACCESS_GDPR, BY_FIELD("unit_id", unit_scope),
	    "Create a processor"),
	API("GET", "/api/v1/processors/:id", api_processors_get, ACCESS_READ, BY_ID(processor_scope),
	    "Get a processor with its sub-processors and agreements"),
	API("PATCH", "/api/v1/processors/:id", api_processors_update, ACCESS_GDPR, BY_ID(processor_scope),
	    "Change a processor"),
	API("DELETE", "/api/v1/processors/:id", api_processors_delete, ACCESS_GDPR, BY_ID(processor_scope),
	    "Delete a processor that no activity uses"),
	API("GET", "/api/v1/processors/:id/agreements", api_processor_agreements, ACCESS_READ, BY_ID(processor_scope),
	    "A processor's agreements"),
	API("POST", "/api/v1/processors/:id/agreements", api_processor_agreement_create, ACCESS_GDPR,
	    BY_ID(processor_scope), "Add a processor agreement"),
	API("GET", "/api/v1/agreements/:id/file", api_agreement_file, ACCESS_READ, BY_ID(agreement_scope),
	    "The file of a processor agreement"),
	API("POST", "/api/v1/processors/:id/transfers", api_processor_transfer_create, ACCESS_GDPR,
	    BY_ID(processor_scope), "Add a processor's third-country transfer"),
	/* figures (API) */
	API("GET", "/api/v1/figures/classified", api_figures_classified, ACCESS_READ, BY_FN(api_scope_figures_unit),
	    "Share of systems classified at a date"),
	API("GET", "/api/v1/figures/classified/series", api_figures_series, ACCESS_READ, BY_FN(api_scope_figures_unit),
	    "Share of systems classified at the end of each quarter"),
	API("GET", "/api/v1/figures/overdue", api_figures_overdue, ACCESS_READ, BY_FN(api_scope_figures_unit_or_own),
	    "Classifications due for review"),
	{ 0 },
};
