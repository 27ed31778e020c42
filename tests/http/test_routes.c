/*
 * test_routes.c - every route of the route table, for every role, in scope
 * and out of scope, and anonymously.
 *
 * The fixture: organisation A with board B and unit U below it, and a
 * second organisation Z with unit ZU. Each role is granted on board B, so U
 * is in scope and ZU is not; one more administrator holds the role for the
 * whole installation. The test keeps its own copy of every route's access
 * rule (expected[] below): a route added or loosened without updating this
 * list fails here. What each access rule allows per role is spelt out
 * again in allowed(), from domain.md, not taken from the product.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/str.h"
#include "core/timeutil.h"
#include "db/db.h"
#include "domain/activity.h"
#include "domain/asset.h"
#include "domain/auth.h"
#include "domain/classify.h"
#include "domain/continuity.h"
#include "domain/gdpr.h"
#include "domain/governing_document.h"
#include "domain/incident.h"
#include "domain/inspection.h"
#include "domain/maturity.h"
#include "domain/oidc.h"
#include "domain/plan.h"
#include "domain/requirement.h"
#include "domain/response.h"
#include "domain/review.h"
#include "domain/risk.h"
#include "domain/role_suggestion.h"
#include "domain/training.h"
#include "domain/unit.h"
#include "domain/user.h"
#include "domain/wheel.h"
#include "fixtures.h"
#include "fx_intcontrol.h"
#include "http/router.h"
#include "loopback.h"

enum who { W_ANON, W_ADMIN, W_COORD, W_DPO, W_OWNER, W_READER, W_AUDITOR, W_GLOBAL, W_COUNT };
static const char *const who_role[W_COUNT] = { NULL,    "administrator", "coordinator", "dpo",
					       "owner", "reader",        "auditor",     "administrator" };
static const char *const who_name[W_COUNT] = { "anonymous", "admin-b",  "coord-b",   "dpo-b",
					       "owner-b",   "reader-b", "auditor-b", "admin-global" };

/* The access rule each route must have. G = administrator for the whole installation only. */
enum expect {
	X_PUBLIC,
	X_LOGIN,
	X_READ,
	X_EDIT,
	X_ADMIN,
	X_GLOBAL_ADMIN,
	X_AUDIT,
	X_OWN,
	X_SIGN,
	X_ORG_ADMIN,
	X_HANDLE,
	X_GDPR,       /* the register: administrator, coordinator, DPO, or the record's owner */
	X_GDPR_STAFF, /* the register, for what has no owner: administrator, coordinator, DPO */
	X_ORG_GDPR,   /* an organisation's vocabularies: roles on board B do not reach it */
	X_DPO,        /* administrator or data protection officer */
};
static const struct {
	const char *method, *pattern;
	enum expect x;
	bool scoped; /* the route's target is a unit (in or out of scope) */
} expected[] = {
	{ "GET", "/healthz", X_PUBLIC, false },
	{ "GET", "/static/*", X_PUBLIC, false },
	{ "GET", "/login", X_PUBLIC, false },
	{ "POST", "/login", X_PUBLIC, false },
	{ "POST", "/language", X_PUBLIC, false },
	{ "GET", "/login/oidc/callback", X_PUBLIC, false },
	{ "GET", "/login/oidc/:id", X_PUBLIC, false },
	{ "GET", "/login/code", X_PUBLIC, false },
	{ "POST", "/login/code", X_PUBLIC, false },
	{ "GET", "/login/enrol", X_PUBLIC, false },
	{ "POST", "/login/enrol", X_PUBLIC, false },
	{ "GET", "/account/two-factor", X_LOGIN, false },
	{ "POST", "/account/two-factor/setup", X_LOGIN, false },
	{ "POST", "/account/two-factor/confirm", X_LOGIN, false },
	{ "POST", "/account/two-factor/off", X_LOGIN, false },
	{ "GET", "/admin/sign-in", X_GLOBAL_ADMIN, false },
	{ "POST", "/admin/sign-in", X_GLOBAL_ADMIN, false },
	{ "GET", "/", X_LOGIN, false },
	{ "POST", "/logout", X_LOGIN, false },
	{ "GET", "/account", X_LOGIN, false },
	{ "POST", "/account/password", X_LOGIN, false },
	{ "POST", "/account/language", X_LOGIN, false },
	{ "POST", "/account/tokens", X_LOGIN, false },
	{ "POST", "/account/tokens/:id/revoke", X_LOGIN, false },
	{ "POST", "/account/tokens/:id/renew", X_LOGIN, false },
	{ "GET", "/units", X_READ, true }, /* ?open= a unit, in or out of scope */
	{ "GET", "/units/new", X_ADMIN, true },
	{ "POST", "/units", X_ADMIN, true },
	{ "GET", "/units/:id", X_READ, true },
	{ "GET", "/units/:id/edit", X_ADMIN, true },
	{ "POST", "/units/:id/edit", X_ADMIN, true },
	{ "GET", "/units/:id/move", X_ADMIN, true },
	{ "POST", "/units/:id/move", X_ADMIN, true },
	{ "GET", "/users", X_ADMIN, false },
	{ "GET", "/users/new", X_GLOBAL_ADMIN, false },
	{ "POST", "/users", X_GLOBAL_ADMIN, false },
	{ "GET", "/users/:id", X_ADMIN, false },
	{ "POST", "/users/:id/edit", X_GLOBAL_ADMIN, false },
	{ "POST", "/users/:id/password", X_GLOBAL_ADMIN, false },
	{ "POST", "/users/:id/roles", X_ADMIN, true },
	{ "POST", "/roles/:id/delete", X_ADMIN, true },
	{ "GET", "/role-suggestions", X_ADMIN, false },
	{ "POST", "/role-suggestions/:id/grant", X_ADMIN, true },
	{ "POST", "/role-suggestions/:id/dismiss", X_ADMIN, true },
	{ "GET", "/audit", X_AUDIT, false },
	{ "GET", "/audit/export.csv", X_AUDIT, false },
	{ "GET", "/audit/:id", X_AUDIT, false },
	{ "GET", "/api/v1/openapi.json", X_PUBLIC, false },
	{ "GET", "/api/v1/me", X_LOGIN, false },
	{ "GET", "/api/v1/units", X_READ, false },
	{ "POST", "/api/v1/units", X_ADMIN, true },
	{ "GET", "/api/v1/units/choices", X_READ, false },
	{ "GET", "/api/v1/units/top", X_READ, false },
	{ "GET", "/api/v1/units/:id", X_READ, true },
	{ "PATCH", "/api/v1/units/:id", X_ADMIN, true },
	{ "POST", "/api/v1/units/:id/move", X_ADMIN, true },
	{ "GET", "/api/v1/units/:id/moves", X_READ, true },
	{ "GET", "/api/v1/units/:id/children", X_READ, true },
	{ "GET", "/api/v1/users", X_ADMIN, false },
	{ "POST", "/api/v1/users", X_GLOBAL_ADMIN, false },
	{ "GET", "/api/v1/people", X_OWN, false },
	{ "GET", "/api/v1/me/tasks", X_LOGIN, false },
	{ "GET", "/api/v1/users/:id", X_ADMIN, false },
	{ "PATCH", "/api/v1/users/:id", X_GLOBAL_ADMIN, false },
	{ "GET", "/api/v1/users/:id/roles", X_ADMIN, false },
	{ "POST", "/api/v1/users/:id/roles", X_ADMIN, true },
	{ "DELETE", "/api/v1/roles/:id", X_ADMIN, true },
	{ "GET", "/api/v1/role-suggestions", X_ADMIN, false },
	{ "GET", "/api/v1/role-suggestions/:id", X_ADMIN, true },
	{ "POST", "/api/v1/role-suggestions/:id/grant", X_ADMIN, true },
	{ "POST", "/api/v1/role-suggestions/:id/dismiss", X_ADMIN, true },
	{ "GET", "/api/v1/audit", X_AUDIT, false },
	{ "GET", "/api/v1/audit/:id", X_AUDIT, false },
	{ "GET", "/api/v1/tokens", X_LOGIN, false },
	{ "POST", "/api/v1/tokens", X_LOGIN, false },
	{ "DELETE", "/api/v1/tokens/:id", X_LOGIN, false },
	{ "POST", "/api/v1/tokens/:id/renew", X_LOGIN, false },
	{ "POST", "/api/v1/me/password", X_LOGIN, false },
	/* information assets */
	{ "GET", "/assets/import", X_EDIT, false },
	{ "POST", "/assets/import", X_EDIT, false },
	{ "GET", "/assets/import/template.csv", X_EDIT, false },
	{ "GET", "/assets/export.xlsx", X_READ, false },
	{ "GET", "/assets/export.csv", X_READ, false },
	{ "GET", "/assets/export.json", X_READ, false },
	{ "GET", "/assets", X_READ, false },
	{ "GET", "/assets/new", X_EDIT, true },
	{ "POST", "/assets", X_EDIT, true },
	{ "GET", "/assets/:id", X_READ, true },
	{ "GET", "/assets/:id/edit", X_OWN, true },
	{ "POST", "/assets/:id/edit", X_OWN, true },
	{ "POST", "/assets/:id/links", X_OWN, true },
	{ "POST", "/assets/:id/information-sets", X_EDIT, true },
	{ "POST", "/asset-links/:id/delete", X_OWN, true },
	{ "POST", "/api/v1/assets/import", X_EDIT, false },
	{ "GET", "/api/v1/assets/export", X_READ, false },
	{ "GET", "/api/v1/assets/choices", X_READ, false },
	{ "GET", "/api/v1/assets", X_READ, false },
	{ "POST", "/api/v1/assets", X_EDIT, true },
	{ "GET", "/api/v1/assets/:id", X_READ, true },
	{ "PATCH", "/api/v1/assets/:id", X_OWN, true },
	{ "GET", "/api/v1/assets/:id/links", X_READ, true },
	{ "POST", "/api/v1/assets/:id/links", X_OWN, true },
	{ "DELETE", "/api/v1/asset-links/:id", X_OWN, true },
	/* classification */
	{ "GET", "/assets/:id/classification", X_READ, true },
	{ "GET", "/assets/:id/classification/new", X_OWN, true },
	{ "POST", "/assets/:id/classification", X_OWN, true },
	{ "GET", "/assets/:id/classification/compare", X_READ, true },
	{ "GET", "/assets/:id/classification/:cid", X_READ, true },
	{ "POST", "/assets/:id/classification/:cid/sign", X_SIGN, true },
	{ "GET", "/classifications/import", X_EDIT, false },
	{ "POST", "/classifications/import", X_EDIT, false },
	{ "GET", "/organisations/:id/classification-model", X_ORG_ADMIN, true },
	{ "POST", "/organisations/:id/classification-model", X_ORG_ADMIN, true },
	{ "GET", "/organisations/:id/questions/new", X_ORG_ADMIN, true },
	{ "POST", "/organisations/:id/questions", X_ORG_ADMIN, true },
	{ "GET", "/questions/:id/edit", X_ORG_ADMIN, true },
	{ "POST", "/questions/:id/edit", X_ORG_ADMIN, true },
	{ "POST", "/questions/:id/move", X_ORG_ADMIN, true },
	{ "GET", "/api/v1/assets/:id/classifications", X_READ, true },
	{ "POST", "/api/v1/assets/:id/classifications", X_OWN, true },
	{ "POST", "/api/v1/classifications/import", X_EDIT, false },
	{ "GET", "/api/v1/classifications/:id", X_READ, true },
	{ "POST", "/api/v1/classifications/:id/sign", X_SIGN, true },
	{ "GET", "/api/v1/organisations/:id/classification-model", X_READ, false },
	{ "PATCH", "/api/v1/organisations/:id/classification-model", X_ORG_ADMIN, true },
	{ "GET", "/api/v1/organisations/:id/questions", X_READ, false },
	{ "POST", "/api/v1/organisations/:id/questions", X_ORG_ADMIN, true },
	{ "PATCH", "/api/v1/questions/:id", X_ORG_ADMIN, true },
	/* requirements library, fulfilment, actions */
	{ "GET", "/requirements", X_READ, false },
	{ "GET", "/requirements/export.csv", X_READ, false },
	{ "GET", "/requirements/new", X_GLOBAL_ADMIN, false },
	{ "POST", "/requirements", X_GLOBAL_ADMIN, false },
	{ "GET", "/requirements/import", X_GLOBAL_ADMIN, false },
	{ "POST", "/requirements/import", X_GLOBAL_ADMIN, false },
	{ "GET", "/requirements/:id", X_READ, false },
	{ "GET", "/requirements/:id/edit", X_GLOBAL_ADMIN, false },
	{ "POST", "/requirements/:id/edit", X_GLOBAL_ADMIN, false },
	{ "POST", "/requirements/:id/deactivate", X_GLOBAL_ADMIN, false },
	{ "GET", "/assets/:id/requirements", X_READ, true },
	{ "GET", "/assets/:id/requirements/assess", X_OWN, true },
	{ "POST", "/assets/:id/requirements/assess", X_OWN, true },
	{ "GET", "/assets/:id/requirements/appendix", X_READ, true },
	{ "GET", "/assets/:id/requirements/appendix.xlsx", X_READ, true },
	{ "GET", "/assets/:id/requirements/appendix.docx", X_READ, true },
	{ "GET", "/assets/:id/requirements/appendix.html", X_READ, true },
	{ "GET", "/assets/:id/requirements/appendix.md", X_READ, true },
	{ "GET", "/assets/:id/requirements/:rid", X_READ, true },
	{ "POST", "/assets/:id/requirements/:rid", X_OWN, true },
	{ "POST", "/assets/:id/requirements/:rid/action", X_OWN, true },
	{ "GET", "/api/v1/requirements", X_READ, false },
	{ "POST", "/api/v1/requirements", X_GLOBAL_ADMIN, false },
	{ "POST", "/api/v1/requirements/import", X_GLOBAL_ADMIN, false },
	{ "GET", "/api/v1/requirements/:id", X_READ, false },
	{ "PATCH", "/api/v1/requirements/:id", X_GLOBAL_ADMIN, false },
	{ "GET", "/api/v1/assets/:id/requirements", X_READ, true },
	{ "PATCH", "/api/v1/assets/:id/requirements", X_OWN, true },
	{ "PATCH", "/api/v1/assets/:id/requirements/:rid", X_OWN, true },
	{ "POST", "/api/v1/assets/:id/requirements/:rid/action", X_OWN, true },
	/* figures */
	{ "GET", "/figures", X_READ, false },
	{ "GET", "/api/v1/figures/classified", X_READ, true },
	{ "GET", "/api/v1/figures/classified/series", X_READ, true },
	{ "GET", "/api/v1/figures/overdue", X_READ, true },
	/* follow-up and maturity, management reviews */
	{ "GET", "/situation", X_READ, false },
	{ "GET", "/maturity", X_READ, false },
	{ "POST", "/maturity", X_EDIT, true },
	{ "GET", "/maturity/bank", X_READ, false },
	{ "POST", "/maturity/questions", X_ORG_ADMIN, true },
	{ "POST", "/maturity/questions/:id", X_ORG_ADMIN, true },
	{ "GET", "/maturity/:id", X_READ, true },
	{ "POST", "/maturity/:id", X_EDIT, true },
	{ "POST", "/maturity/:id/activity", X_EDIT, true },
	{ "GET", "/reviews", X_READ, false },
	{ "POST", "/reviews", X_EDIT, true },
	{ "GET", "/reviews/:id", X_READ, true },
	{ "POST", "/reviews/:id", X_EDIT, true },
	{ "POST", "/reviews/:id/priorities", X_EDIT, true },
	{ "POST", "/reviews/:id/priorities/delete", X_EDIT, true },
	{ "POST", "/reviews/:id/approve", X_EDIT, true },
	{ "POST", "/reviews/:id/versions", X_EDIT, true },
	{ "POST", "/reviews/:id/dpo", X_EDIT, true },
	{ "GET", "/reviews/:id/document.html", X_READ, true },
	{ "GET", "/reviews/:id/document.md", X_READ, true },
	{ "GET", "/reviews/:id/document.docx", X_READ, true },
	{ "POST", "/dpo-recommendations/:id", X_EDIT, true },
	{ "POST", "/dpo-recommendations/:id/activity", X_EDIT, true },
	{ "GET", "/api/v1/key-figures", X_READ, true },
	{ "GET", "/api/v1/situation", X_READ, true },
	{ "GET", "/api/v1/maturity", X_READ, true },
	{ "POST", "/api/v1/maturity", X_EDIT, true },
	{ "GET", "/api/v1/maturity/:id", X_READ, true },
	{ "POST", "/api/v1/maturity/:id/answers", X_EDIT, true },
	{ "POST", "/api/v1/maturity/:id/activities", X_EDIT, true },
	{ "GET", "/api/v1/maturity-questions", X_READ, true },
	{ "POST", "/api/v1/maturity-questions", X_ORG_ADMIN, true },
	{ "PATCH", "/api/v1/maturity-questions/:id", X_ORG_ADMIN, true },
	{ "GET", "/api/v1/reviews", X_READ, false },
	{ "POST", "/api/v1/reviews", X_EDIT, true },
	{ "GET", "/api/v1/reviews/:id", X_READ, true },
	{ "PATCH", "/api/v1/reviews/:id", X_EDIT, true },
	{ "POST", "/api/v1/reviews/:id/priorities", X_EDIT, true },
	{ "POST", "/api/v1/reviews/:id/priorities/delete", X_EDIT, true },
	{ "POST", "/api/v1/reviews/:id/approve", X_EDIT, true },
	{ "POST", "/api/v1/reviews/:id/versions", X_EDIT, true },
	{ "GET", "/api/v1/reviews/:id/document", X_READ, true },
	{ "POST", "/api/v1/dpo-recommendations", X_EDIT, true },
	{ "PATCH", "/api/v1/dpo-recommendations/:id", X_EDIT, true },
	{ "POST", "/api/v1/dpo-recommendations/:id/activity", X_EDIT, true },
	/* incidents: reporting is for every signed-in user, handling for administrators, coordinators and DPOs */
	{ "GET", "/incidents", X_READ, false },
	{ "GET", "/incidents/report", X_LOGIN, false },
	{ "POST", "/incidents/report", X_LOGIN, false },
	{ "GET", "/incidents/mine", X_LOGIN, false },
	{ "GET", "/incidents/stats", X_READ, false },
	{ "GET", "/incidents/export.xlsx", X_READ, false },
	{ "GET", "/incidents/export.csv", X_READ, false },
	{ "GET", "/incidents/export.json", X_READ, false },
	{ "GET", "/incidents/:id", X_READ, true },
	{ "GET", "/incidents/:id/edit", X_HANDLE, true },
	{ "POST", "/incidents/:id/edit", X_HANDLE, true },
	{ "POST", "/incidents/:id/triage", X_HANDLE, true },
	{ "POST", "/incidents/:id/decisions", X_HANDLE, true },
	{ "POST", "/incidents/:id/assets", X_HANDLE, true },
	{ "POST", "/incidents/:id/assets/:aid/delete", X_HANDLE, true },
	{ "POST", "/incidents/:id/notifications", X_HANDLE, true },
	{ "GET", "/incidents/:id/notifications/:nid", X_READ, true },
	{ "POST", "/incidents/:id/notifications/:nid/decision", X_HANDLE, true },
	{ "POST", "/incidents/:id/notifications/:nid/filings", X_HANDLE, true },
	{ "POST", "/incidents/:id/activities", X_HANDLE, true },
	{ "GET", "/incidents/:id/texts/imy", X_READ, true },
	{ "GET", "/incidents/:id/texts/data-subjects", X_READ, true },
	{ "GET", "/incidents/:id/texts/csirt", X_READ, true },
	{ "GET", "/incident-categories", X_GLOBAL_ADMIN, false },
	{ "POST", "/incident-categories", X_GLOBAL_ADMIN, false },
	{ "POST", "/incident-categories/:id/edit", X_GLOBAL_ADMIN, false },
	{ "GET", "/organisations/:id/incident-settings", X_ORG_ADMIN, true },
	{ "POST", "/organisations/:id/incident-settings", X_ORG_ADMIN, true },
	{ "GET", "/report/:id", X_PUBLIC, false },
	{ "POST", "/report/:id", X_PUBLIC, false },
	{ "GET", "/api/v1/incidents", X_READ, false },
	{ "POST", "/api/v1/incidents", X_LOGIN, false },
	{ "GET", "/api/v1/incidents/mine", X_LOGIN, false },
	{ "GET", "/api/v1/incidents/export", X_READ, false },
	{ "GET", "/api/v1/incidents/stats", X_READ, false },
	{ "GET", "/api/v1/incidents/:id", X_READ, true },
	{ "PATCH", "/api/v1/incidents/:id", X_HANDLE, true },
	{ "POST", "/api/v1/incidents/:id/triage", X_HANDLE, true },
	{ "GET", "/api/v1/incidents/:id/decisions", X_READ, true },
	{ "POST", "/api/v1/incidents/:id/decisions", X_HANDLE, true },
	{ "GET", "/api/v1/incidents/:id/notifications", X_READ, true },
	{ "POST", "/api/v1/incidents/:id/notifications", X_HANDLE, true },
	{ "PATCH", "/api/v1/incidents/:id/notifications/:nid", X_HANDLE, true },
	{ "POST", "/api/v1/incidents/:id/notifications/:nid/filings", X_HANDLE, true },
	{ "POST", "/api/v1/incidents/:id/assets", X_HANDLE, true },
	{ "DELETE", "/api/v1/incidents/:id/assets/:aid", X_HANDLE, true },
	{ "POST", "/api/v1/incidents/:id/activities", X_HANDLE, true },
	{ "GET", "/api/v1/incident-categories", X_READ, false },
	{ "POST", "/api/v1/incident-categories", X_GLOBAL_ADMIN, false },
	{ "PATCH", "/api/v1/incident-categories/:id", X_GLOBAL_ADMIN, false },
	{ "GET", "/api/v1/organisations/:id/incident-settings", X_ORG_ADMIN, true },
	{ "PATCH", "/api/v1/organisations/:id/incident-settings", X_ORG_ADMIN, true },
	{ "POST", "/api/v1/organisations/:id/reports", X_PUBLIC, false },
	/* action plans, activities, the annual wheel */
	{ "GET", "/plans", X_READ, false },
	{ "GET", "/plans/export.xlsx", X_READ, false },
	{ "GET", "/plans/export.csv", X_READ, false },
	{ "GET", "/plans/export.json", X_READ, false },
	{ "GET", "/plans/new", X_EDIT, false },
	{ "POST", "/plans", X_EDIT, true },
	{ "GET", "/plans/:id", X_READ, true },
	{ "GET", "/plans/:id/edit", X_EDIT, true },
	{ "POST", "/plans/:id/edit", X_EDIT, true },
	{ "POST", "/plans/:id/areas", X_EDIT, true },
	{ "POST", "/plan-areas/:id/edit", X_EDIT, true },
	{ "POST", "/plans/:id/carry", X_EDIT, true },
	{ "GET", "/plans/:id/report.html", X_READ, true },
	{ "GET", "/plans/:id/report.md", X_READ, true },
	{ "GET", "/plans/:id/report.docx", X_READ, true },
	{ "GET", "/plans/:id/activities/new", X_EDIT, true },
	{ "POST", "/plans/:id/activities", X_EDIT, true },
	{ "GET", "/activities", X_READ, false },
	{ "GET", "/activities/export.xlsx", X_READ, false },
	{ "GET", "/activities/export.csv", X_READ, false },
	{ "GET", "/activities/export.json", X_READ, false },
	{ "GET", "/activities/:id", X_READ, true },
	{ "GET", "/activities/:id/edit", X_EDIT, true },
	{ "POST", "/activities/:id/edit", X_EDIT, true },
	{ "POST", "/activities/:id/links", X_EDIT, true },
	{ "POST", "/activity-links/:id/delete", X_EDIT, true },
	{ "POST", "/activities/:id/carry", X_EDIT, true },
	{ "GET", "/wheel", X_READ, false },
	{ "POST", "/wheel/generate", X_EDIT, true },
	{ "GET", "/wheel/occurrences", X_READ, false },
	{ "GET", "/wheel/occurrences/export.xlsx", X_READ, false },
	{ "GET", "/wheel/occurrences/export.csv", X_READ, false },
	{ "GET", "/wheel/occurrences/export.json", X_READ, false },
	{ "POST", "/wheel/occurrences/:id", X_EDIT, true },
	{ "GET", "/wheel/items/new", X_EDIT, false },
	{ "POST", "/wheel/items", X_EDIT, true },
	{ "GET", "/wheel/items/:id", X_READ, true },
	{ "GET", "/wheel/items/:id/edit", X_EDIT, true },
	{ "POST", "/wheel/items/:id/edit", X_EDIT, true },
	{ "POST", "/wheel/items/:id/generate", X_EDIT, true },
	{ "POST", "/account/calendar", X_LOGIN, false },
	{ "POST", "/account/calendar/revoke", X_LOGIN, false },
	{ "GET", "/calendar/me/feed.ics", X_PUBLIC, false },
	{ "GET", "/calendar/units/:id/feed.ics", X_PUBLIC, false },
	{ "GET", "/actions", X_LOGIN, false },
	{ "GET", "/actions/:id", X_LOGIN, false },
	{ "GET", "/actions/:id/edit", X_LOGIN, false },
	{ "POST", "/actions/:id/edit", X_LOGIN, false },
	{ "GET", "/api/v1/plans", X_READ, false },
	{ "GET", "/api/v1/plans/export", X_READ, false },
	{ "POST", "/api/v1/plans", X_EDIT, true },
	{ "GET", "/api/v1/plans/:id", X_READ, true },
	{ "PATCH", "/api/v1/plans/:id", X_EDIT, true },
	{ "POST", "/api/v1/plans/:id/areas", X_EDIT, true },
	{ "PATCH", "/api/v1/plan-areas/:id", X_EDIT, true },
	{ "GET", "/api/v1/plans/:id/report", X_READ, true },
	{ "POST", "/api/v1/plans/:id/carry", X_EDIT, true },
	{ "POST", "/api/v1/plans/:id/activities", X_EDIT, true },
	{ "GET", "/api/v1/activities", X_READ, false },
	{ "GET", "/api/v1/activities/export", X_READ, false },
	{ "GET", "/api/v1/activities/:id", X_READ, true },
	{ "PATCH", "/api/v1/activities/:id", X_EDIT, true },
	{ "POST", "/api/v1/activities/:id/carry", X_EDIT, true },
	{ "GET", "/api/v1/activities/:id/history", X_READ, true },
	{ "GET", "/api/v1/activities/:id/links", X_READ, true },
	{ "POST", "/api/v1/activities/:id/links", X_EDIT, true },
	{ "DELETE", "/api/v1/activity-links/:id", X_EDIT, true },
	{ "GET", "/api/v1/wheel/items", X_READ, false },
	{ "POST", "/api/v1/wheel/items", X_EDIT, true },
	{ "GET", "/api/v1/wheel/items/:id", X_READ, true },
	{ "PATCH", "/api/v1/wheel/items/:id", X_EDIT, true },
	{ "POST", "/api/v1/wheel/items/:id/occurrences", X_EDIT, true },
	{ "GET", "/api/v1/wheel/occurrences", X_READ, false },
	{ "GET", "/api/v1/wheel/occurrences/export", X_READ, false },
	{ "PATCH", "/api/v1/wheel/occurrences/:id", X_EDIT, true },
	{ "POST", "/api/v1/me/calendar-key", X_LOGIN, false },
	{ "DELETE", "/api/v1/me/calendar-key", X_LOGIN, false },
	{ "GET", "/api/v1/actions", X_LOGIN, false },
	{ "GET", "/api/v1/actions/:id", X_LOGIN, false },
	{ "PATCH", "/api/v1/actions/:id", X_LOGIN, false },
	/* risk analysis, continuity and exercises */
	{ "GET", "/risks", X_READ, false },
	{ "GET", "/risks/matrix", X_READ, false },
	{ "GET", "/risks/export.xlsx", X_READ, false },
	{ "GET", "/risks/export.csv", X_READ, false },
	{ "GET", "/risks/export.docx", X_READ, false },
	{ "GET", "/risks/report", X_READ, false },
	{ "GET", "/risks/:id", X_READ, true },
	{ "GET", "/risks/:id/edit", X_OWN, true },
	{ "POST", "/risks/:id/edit", X_OWN, true },
	{ "POST", "/risks/:id/concerns", X_OWN, true },
	{ "POST", "/risks/:id/measures", X_OWN, true },
	{ "POST", "/risks/:id/actions", X_OWN, true },
	{ "GET", "/risk-analyses", X_READ, false },
	{ "GET", "/risk-analyses/new", X_EDIT, false },
	{ "POST", "/risk-analyses", X_EDIT, true },
	{ "GET", "/risk-analyses/:id", X_READ, true },
	{ "GET", "/risk-analyses/:id/edit", X_EDIT, true },
	{ "POST", "/risk-analyses/:id/edit", X_EDIT, true },
	{ "POST", "/risk-analyses/:id/pull", X_EDIT, true },
	{ "GET", "/risk-analyses/:id/risks/new", X_EDIT, true },
	{ "POST", "/risk-analyses/:id/risks", X_EDIT, true },
	{ "GET", "/risk-analyses/:id/report", X_READ, true },
	{ "GET", "/risk-analyses/:id/report.docx", X_READ, true },
	{ "GET", "/risk-threats", X_READ, false },
	{ "GET", "/risk-threats/new", X_GLOBAL_ADMIN, false },
	{ "POST", "/risk-threats", X_GLOBAL_ADMIN, false },
	{ "GET", "/risk-threats/:id/edit", X_GLOBAL_ADMIN, false },
	{ "POST", "/risk-threats/:id/edit", X_GLOBAL_ADMIN, false },
	{ "GET", "/organisations/:id/risk-scale", X_ORG_ADMIN, true },
	{ "POST", "/organisations/:id/risk-scale", X_ORG_ADMIN, true },
	{ "GET", "/continuity", X_READ, false },
	{ "GET", "/continuity/export.xlsx", X_READ, false },
	{ "GET", "/continuity/export.csv", X_READ, false },
	{ "GET", "/continuity/export.docx", X_READ, false },
	{ "GET", "/continuity/report", X_READ, false },
	{ "GET", "/continuity/new", X_EDIT, false },
	{ "POST", "/continuity", X_EDIT, true },
	{ "GET", "/continuity/:id", X_READ, true },
	{ "GET", "/continuity/:id/edit", X_OWN, true },
	{ "POST", "/continuity/:id/edit", X_OWN, true },
	{ "GET", "/exercises", X_READ, false },
	{ "GET", "/exercises/new", X_EDIT, false },
	{ "POST", "/exercises", X_EDIT, true },
	{ "GET", "/exercises/:id", X_READ, true },
	{ "POST", "/exercises/:id/activities", X_EDIT, true },
	{ "GET", "/exercises/:id/edit", X_EDIT, true },
	{ "POST", "/exercises/:id/edit", X_EDIT, true },
	{ "GET", "/api/v1/risk-analyses", X_READ, false },
	{ "POST", "/api/v1/risk-analyses", X_EDIT, true },
	{ "GET", "/api/v1/risk-analyses/:id", X_READ, true },
	{ "PATCH", "/api/v1/risk-analyses/:id", X_EDIT, true },
	{ "POST", "/api/v1/risk-analyses/:id/pull-requirements", X_EDIT, true },
	{ "POST", "/api/v1/risk-analyses/:id/risks", X_EDIT, true },
	{ "GET", "/api/v1/risks", X_READ, false },
	{ "GET", "/api/v1/risks/matrix", X_READ, false },
	{ "GET", "/api/v1/risks/export", X_READ, false },
	{ "GET", "/api/v1/risks/:id", X_READ, true },
	{ "PATCH", "/api/v1/risks/:id", X_OWN, true },
	{ "POST", "/api/v1/risks/:id/concerns", X_OWN, true },
	{ "POST", "/api/v1/risks/:id/measures", X_OWN, true },
	{ "POST", "/api/v1/risks/:id/actions", X_OWN, true },
	{ "GET", "/api/v1/risk-threats", X_READ, false },
	{ "POST", "/api/v1/risk-threats", X_GLOBAL_ADMIN, false },
	{ "PATCH", "/api/v1/risk-threats/:id", X_GLOBAL_ADMIN, false },
	{ "GET", "/api/v1/organisations/:id/risk-scale", X_READ, false },
	{ "PATCH", "/api/v1/organisations/:id/risk-scale", X_ORG_ADMIN, true },
	{ "GET", "/api/v1/continuity-plans", X_READ, false },
	{ "GET", "/api/v1/continuity-plans/missing", X_READ, false },
	{ "GET", "/api/v1/continuity-plans/export", X_READ, false },
	{ "POST", "/api/v1/continuity-plans", X_EDIT, true },
	{ "GET", "/api/v1/continuity-plans/:id", X_READ, true },
	{ "PATCH", "/api/v1/continuity-plans/:id", X_OWN, true },
	{ "GET", "/api/v1/exercises", X_READ, false },
	{ "POST", "/api/v1/exercises", X_EDIT, true },
	{ "GET", "/api/v1/exercises/:id", X_READ, true },
	{ "GET", "/api/v1/exercises/:id/activities", X_READ, true },
	{ "POST", "/api/v1/exercises/:id/activities", X_EDIT, true },
	{ "PATCH", "/api/v1/exercises/:id", X_EDIT, true },
	/* governing documents and training */
	{ "GET", "/governing-documents", X_READ, false },
	{ "GET", "/governing-documents/export.xlsx", X_READ, false },
	{ "GET", "/governing-documents/export.csv", X_READ, false },
	{ "GET", "/governing-documents/export.json", X_READ, false },
	{ "GET", "/governing-documents/new", X_EDIT, false },
	{ "POST", "/governing-documents", X_EDIT, true },
	{ "GET", "/governing-documents/:id", X_READ, true },
	{ "GET", "/governing-documents/:id/edit", X_OWN, true },
	{ "POST", "/governing-documents/:id/edit", X_OWN, true },
	{ "GET", "/governing-documents/:id/file", X_READ, true },
	{ "POST", "/governing-documents/:id/file", X_OWN, true },
	{ "POST", "/governing-documents/:id/requirements", X_OWN, true },
	{ "POST", "/governing-documents/:id/rounds", X_OWN, true },
	{ "POST", "/governing-documents/:id/acknowledge", X_READ, true },
	{ "POST", "/governing-documents/:id/requirements/remove", X_OWN, true },
	{ "GET", "/api/v1/governing-documents/:id/rounds", X_READ, true },
	{ "POST", "/api/v1/governing-documents/:id/rounds", X_OWN, true },
	{ "POST", "/api/v1/governing-documents/:id/acknowledge", X_READ, true },
	{ "GET", "/api/v1/governing-documents", X_READ, false },
	{ "GET", "/api/v1/governing-documents/choices", X_READ, false },
	{ "GET", "/api/v1/governing-documents/export", X_READ, false },
	{ "POST", "/api/v1/governing-documents", X_EDIT, true },
	{ "GET", "/api/v1/governing-documents/:id", X_READ, true },
	{ "PATCH", "/api/v1/governing-documents/:id", X_OWN, true },
	{ "GET", "/api/v1/governing-documents/:id/file", X_READ, true },
	{ "POST", "/api/v1/governing-documents/:id/file", X_OWN, true },
	{ "GET", "/api/v1/governing-documents/:id/versions", X_READ, true },
	{ "GET", "/api/v1/governing-documents/:id/requirements", X_READ, true },
	{ "POST", "/api/v1/governing-documents/:id/requirements", X_OWN, true },
	{ "DELETE", "/api/v1/governing-documents/:id/requirements/:requirement_id", X_OWN, true },
	{ "GET", "/training", X_READ, false },
	{ "GET", "/training/courses", X_READ, false },
	{ "GET", "/training/courses/new", X_GLOBAL_ADMIN, false },
	{ "POST", "/training/courses", X_GLOBAL_ADMIN, false },
	{ "GET", "/training/courses/:id", X_READ, false },
	{ "GET", "/training/courses/:id/edit", X_GLOBAL_ADMIN, false },
	{ "POST", "/training/courses/:id/edit", X_GLOBAL_ADMIN, false },
	{ "GET", "/training/groups", X_READ, false },
	{ "POST", "/training/groups", X_GLOBAL_ADMIN, false },
	{ "POST", "/training/groups/:id/members", X_GLOBAL_ADMIN, false },
	{ "POST", "/training/groups/:id/members/remove", X_GLOBAL_ADMIN, false },
	{ "GET", "/training/completions", X_READ, false },
	{ "GET", "/training/completions/export.xlsx", X_READ, false },
	{ "GET", "/training/completions/export.csv", X_READ, false },
	{ "GET", "/training/completions/export.json", X_READ, false },
	{ "POST", "/training/completions", X_EDIT, true },
	{ "POST", "/training/counts", X_EDIT, true },
	{ "GET", "/training/import", X_EDIT, false },
	{ "POST", "/training/import", X_EDIT, false },
	{ "GET", "/api/v1/courses", X_READ, false },
	{ "POST", "/api/v1/courses", X_GLOBAL_ADMIN, false },
	{ "GET", "/api/v1/courses/:id", X_READ, false },
	{ "PATCH", "/api/v1/courses/:id", X_GLOBAL_ADMIN, false },
	{ "GET", "/api/v1/training-groups", X_READ, false },
	{ "POST", "/api/v1/training-groups", X_GLOBAL_ADMIN, false },
	{ "POST", "/api/v1/training-groups/:id/members", X_GLOBAL_ADMIN, false },
	{ "DELETE", "/api/v1/training-groups/:id/members/:user_id", X_GLOBAL_ADMIN, false },
	{ "GET", "/api/v1/training-completions", X_READ, false },
	{ "POST", "/api/v1/training-completions", X_EDIT, true },
	{ "GET", "/api/v1/training-completions/export", X_READ, false },
	{ "POST", "/api/v1/training-completions/import", X_EDIT, false },
	{ "GET", "/api/v1/training-counts", X_READ, false },
	{ "POST", "/api/v1/training-counts", X_EDIT, true },
	{ "GET", "/api/v1/training/coverage", X_READ, false },
	{ "GET", "/api/v1/training/missing", X_READ, false },
	{ "GET", "/governing-documents/read/:id", X_LOGIN, true },
	{ "GET", "/governing-documents/read/:id/file", X_LOGIN, true },
	{ "POST", "/governing-documents/read/:id", X_LOGIN, true },
	{ "GET", "/training/export", X_READ, false },
	{ "GET", "/training/missing", X_READ, false },
	{ "GET", "/training/missing/export", X_READ, false },
	{ "GET", "/training/courses/export", X_READ, false },
	{ "GET", "/training/groups/:id", X_READ, false },
	{ "GET", "/training/counts", X_READ, false },
	{ "GET", "/training/counts/export", X_READ, false },
	{ "GET", "/api/v1/courses/export", X_READ, false },
	{ "GET", "/api/v1/training-groups/:id/members", X_READ, false },
	{ "GET", "/api/v1/training-counts/export", X_READ, false },
	{ "GET", "/api/v1/training/coverage/export", X_READ, false },
	{ "GET", "/api/v1/training/missing/export", X_READ, false },
	/* audits, recommendations and responses */
	{ "GET", "/inspections", X_READ, false },
	{ "GET", "/inspections/export.xlsx", X_READ, false },
	{ "GET", "/inspections/export.csv", X_READ, false },
	{ "GET", "/inspections/export.json", X_READ, false },
	{ "GET", "/inspections/new", X_EDIT, false },
	{ "POST", "/inspections", X_EDIT, true },
	{ "GET", "/inspections/:id", X_READ, true },
	{ "GET", "/inspections/:id/edit", X_EDIT, true },
	{ "POST", "/inspections/:id/edit", X_EDIT, true },
	{ "POST", "/inspections/:id/file", X_EDIT, true },
	{ "GET", "/inspections/:id/file", X_READ, true },
	{ "POST", "/inspections/:id/recommendations", X_EDIT, true },
	{ "POST", "/inspections/:id/findings", X_EDIT, true },
	{ "POST", "/inspections/:id/responses", X_EDIT, true },
	{ "GET", "/recommendations", X_READ, false },
	{ "GET", "/recommendations/export.xlsx", X_READ, false },
	{ "GET", "/recommendations/export.csv", X_READ, false },
	{ "GET", "/recommendations/export.json", X_READ, false },
	{ "GET", "/recommendations/:id", X_READ, true },
	{ "POST", "/recommendations/:id/edit", X_EDIT, true },
	{ "GET", "/responses/:id", X_READ, true },
	{ "POST", "/responses/:id/edit", X_EDIT, true },
	{ "POST", "/responses/:id/areas", X_EDIT, true },
	{ "POST", "/responses/:id/measures", X_EDIT, true },
	{ "POST", "/responses/:id/approve", X_EDIT, true },
	{ "POST", "/responses/:id/supplement", X_EDIT, true },
	{ "GET", "/responses/:id/document", X_READ, true },
	{ "GET", "/responses/:id/document.html", X_READ, true },
	{ "GET", "/responses/:id/document.md", X_READ, true },
	{ "GET", "/responses/:id/document.docx", X_READ, true },
	{ "POST", "/action-areas/:id/edit", X_EDIT, true },
	{ "GET", "/measures/:id", X_READ, true },
	{ "POST", "/measures/:id/edit", X_EDIT, true },
	{ "POST", "/measures/:id/handover", X_EDIT, true },
	{ "POST", "/measures/:id/activity", X_EDIT, true },
	{ "GET", "/api/v1/inspections", X_READ, false },
	{ "GET", "/api/v1/inspections/export", X_READ, false },
	{ "POST", "/api/v1/inspections", X_EDIT, true },
	{ "GET", "/api/v1/inspections/:id", X_READ, true },
	{ "PATCH", "/api/v1/inspections/:id", X_EDIT, true },
	{ "PUT", "/api/v1/inspections/:id/file", X_EDIT, true },
	{ "GET", "/api/v1/inspections/:id/file", X_READ, true },
	{ "POST", "/api/v1/inspections/:id/recommendations", X_EDIT, true },
	{ "POST", "/api/v1/inspections/:id/findings", X_EDIT, true },
	{ "POST", "/api/v1/inspections/:id/responses", X_EDIT, true },
	{ "GET", "/api/v1/recommendations", X_READ, false },
	{ "GET", "/api/v1/recommendations/export", X_READ, false },
	{ "GET", "/api/v1/recommendations/:id", X_READ, true },
	{ "PATCH", "/api/v1/recommendations/:id", X_EDIT, true },
	{ "GET", "/api/v1/responses/:id", X_READ, true },
	{ "PATCH", "/api/v1/responses/:id", X_EDIT, true },
	{ "POST", "/api/v1/responses/:id/approve", X_EDIT, true },
	{ "POST", "/api/v1/responses/:id/supplement", X_EDIT, true },
	{ "GET", "/api/v1/responses/:id/document", X_READ, true },
	{ "POST", "/api/v1/responses/:id/areas", X_EDIT, true },
	{ "POST", "/api/v1/responses/:id/measures", X_EDIT, true },
	{ "PATCH", "/api/v1/action-areas/:id", X_EDIT, true },
	{ "GET", "/api/v1/measures", X_READ, false },
	{ "GET", "/api/v1/measures/:id", X_READ, true },
	{ "PATCH", "/api/v1/measures/:id", X_EDIT, true },
	{ "POST", "/api/v1/measures/:id/handover", X_EDIT, true },
	{ "POST", "/api/v1/measures/:id/activities", X_EDIT, true },
	/* register of processing activities, processors (pages) */
	{ "GET", "/gdpr", X_READ, false },
	{ "GET", "/gdpr/activities/new", X_GDPR_STAFF, true },
	{ "POST", "/gdpr/activities", X_GDPR_STAFF, true },
	{ "GET", "/gdpr/activities/:id", X_READ, true },
	{ "GET", "/gdpr/activities/:id/edit", X_GDPR, true },
	{ "POST", "/gdpr/activities/:id/edit", X_GDPR, true },
	{ "POST", "/gdpr/activities/:id/submit", X_GDPR, true },
	{ "POST", "/gdpr/activities/:id/validate", X_DPO, true },
	{ "POST", "/gdpr/activities/:id/send-back", X_DPO, true },
	{ "POST", "/gdpr/activities/:id/request-review", X_DPO, true },
	{ "POST", "/gdpr/activities/:id/transfers", X_GDPR, true },
	{ "GET", "/gdpr/activities/:id/dpia", X_READ, true },
	{ "POST", "/gdpr/activities/:id/dpia", X_GDPR, true },
	{ "POST", "/gdpr/transfers/:id/delete", X_GDPR, true },
	{ "POST", "/gdpr/transfers/:id/tias", X_GDPR, true },
	{ "GET", "/gdpr/dpias/:id", X_READ, true },
	{ "POST", "/gdpr/dpias/:id/opinion", X_DPO, true },
	{ "POST", "/gdpr/dpias/:id/actions", X_GDPR, true },
	{ "GET", "/gdpr/register", X_READ, false },
	{ "GET", "/gdpr/register.docx", X_READ, false },
	{ "GET", "/gdpr/register.xlsx", X_READ, false },
	{ "GET", "/gdpr/register.csv", X_READ, false },
	{ "GET", "/gdpr/register.json", X_READ, false },
	{ "GET", "/gdpr/register.html", X_READ, false },
	{ "GET", "/gdpr/assets", X_READ, false },
	{ "GET", "/gdpr/categories", X_READ, false },
	{ "POST", "/organisations/:id/gdpr-categories", X_ORG_GDPR, true },
	{ "POST", "/gdpr-categories/:id/edit", X_ORG_GDPR, true },
	{ "GET", "/gdpr/processors", X_READ, false },
	{ "GET", "/gdpr/processors/new", X_GDPR_STAFF, false },
	{ "POST", "/gdpr/processors", X_GDPR_STAFF, true },
	{ "GET", "/gdpr/processors/:id", X_READ, true },
	{ "GET", "/gdpr/processors/:id/edit", X_GDPR_STAFF, true },
	{ "POST", "/gdpr/processors/:id/edit", X_GDPR_STAFF, true },
	{ "POST", "/gdpr/processors/:id/delete", X_GDPR_STAFF, true },
	{ "POST", "/gdpr/processors/:id/agreements", X_GDPR_STAFF, true },
	{ "POST", "/gdpr/processors/:id/transfers", X_GDPR_STAFF, true },
	{ "GET", "/gdpr/agreements/:id/file", X_READ, true },
	/* register of processing activities, processors (API) */
	{ "GET", "/api/v1/processing-activities", X_READ, false },
	{ "POST", "/api/v1/processing-activities", X_GDPR_STAFF, true },
	{ "GET", "/api/v1/processing-activities/:id", X_READ, true },
	{ "PATCH", "/api/v1/processing-activities/:id", X_GDPR, true },
	{ "POST", "/api/v1/processing-activities/:id/submit", X_GDPR, true },
	{ "POST", "/api/v1/processing-activities/:id/validate", X_DPO, true },
	{ "POST", "/api/v1/processing-activities/:id/send-back", X_DPO, true },
	{ "POST", "/api/v1/processing-activities/:id/request-review", X_DPO, true },
	{ "GET", "/api/v1/processing-activities/:id/transfers", X_READ, true },
	{ "POST", "/api/v1/processing-activities/:id/transfers", X_GDPR, true },
	{ "GET", "/api/v1/processing-activities/:id/dpias", X_READ, true },
	{ "POST", "/api/v1/processing-activities/:id/dpias", X_GDPR, true },
	{ "PATCH", "/api/v1/transfers/:id", X_GDPR, true },
	{ "DELETE", "/api/v1/transfers/:id", X_GDPR, true },
	{ "GET", "/api/v1/transfers/:id/tias", X_READ, true },
	{ "POST", "/api/v1/transfers/:id/tias", X_GDPR, true },
	{ "POST", "/api/v1/dpias/:id/opinion", X_DPO, true },
	{ "POST", "/api/v1/dpias/:id/actions", X_GDPR, true },
	{ "GET", "/api/v1/organisations/:id/gdpr-categories", X_READ, false },
	{ "POST", "/api/v1/organisations/:id/gdpr-categories", X_ORG_GDPR, true },
	{ "PATCH", "/api/v1/gdpr-categories/:id", X_ORG_GDPR, true },
	{ "GET", "/api/v1/processing-register", X_READ, false },
	{ "GET", "/api/v1/personal-data-assets", X_READ, false },
	{ "GET", "/api/v1/processors", X_READ, false },
	{ "POST", "/api/v1/processors", X_GDPR_STAFF, true },
	{ "GET", "/api/v1/processors/:id", X_READ, true },
	{ "PATCH", "/api/v1/processors/:id", X_GDPR_STAFF, true },
	{ "DELETE", "/api/v1/processors/:id", X_GDPR_STAFF, true },
	{ "GET", "/api/v1/processors/:id/agreements", X_READ, true },
	{ "POST", "/api/v1/processors/:id/agreements", X_GDPR_STAFF, true },
	{ "GET", "/api/v1/agreements/:id/file", X_READ, true },
	{ "POST", "/api/v1/processors/:id/transfers", X_GDPR_STAFF, true },
	/* internal control */
	{ "GET", "/internal-control", X_READ, false },
	{ "GET", "/internal-control/export", X_READ, false },
	{ "GET", "/internal-control/new", X_EDIT, false },
	{ "POST", "/internal-control", X_EDIT, true },
	{ "GET", "/internal-control/deviations", X_READ, false },
	{ "GET", "/internal-control/deviations/export", X_READ, false },
	{ "GET", "/internal-control/:id", X_READ, true },
	{ "GET", "/internal-control/:id/edit", X_EDIT, true },
	{ "POST", "/internal-control/:id/edit", X_EDIT, true },
	{ "GET", "/internal-control/:id/document", X_READ, true },
	{ "GET", "/internal-control/:id/processes/new", X_EDIT, true },
	{ "POST", "/internal-control/:id/processes", X_EDIT, true },
	{ "GET", "/internal-control/processes/:id/edit", X_EDIT, true },
	{ "POST", "/internal-control/processes/:id/edit", X_EDIT, true },
	{ "GET", "/internal-control/:id/points/new", X_EDIT, true },
	{ "POST", "/internal-control/:id/points", X_EDIT, true },
	{ "GET", "/internal-control/points/:id", X_READ, true },
	{ "GET", "/internal-control/points/:id/edit", X_EDIT, true },
	{ "POST", "/internal-control/points/:id/edit", X_EDIT, true },
	{ "GET", "/internal-control/points/:id/results/new", X_OWN, true },
	{ "POST", "/internal-control/points/:id/results", X_OWN, true },
	{ "GET", "/internal-control/results/:id", X_READ, true },
	{ "GET", "/internal-control/results/:id/edit", X_OWN, true },
	{ "POST", "/internal-control/results/:id/edit", X_OWN, true },
	{ "GET", "/internal-control/results/:id/deviations/new", X_OWN, true },
	{ "POST", "/internal-control/results/:id/deviations", X_OWN, true },
	{ "GET", "/internal-control/deviations/:id", X_READ, true },
	{ "GET", "/internal-control/deviations/:id/edit", X_OWN, true },
	{ "POST", "/internal-control/deviations/:id/edit", X_OWN, true },
	{ "POST", "/internal-control/deviations/:id/activity", X_OWN, true },
	{ "GET", "/api/v1/internal-control/plans", X_READ, false },
	{ "GET", "/api/v1/internal-control/plans/export", X_READ, false },
	{ "POST", "/api/v1/internal-control/plans", X_EDIT, true },
	{ "GET", "/api/v1/internal-control/plans/:id", X_READ, true },
	{ "PATCH", "/api/v1/internal-control/plans/:id", X_EDIT, true },
	{ "GET", "/api/v1/internal-control/plans/:id/document", X_READ, true },
	{ "GET", "/api/v1/internal-control/plans/:id/processes", X_READ, true },
	{ "POST", "/api/v1/internal-control/plans/:id/processes", X_EDIT, true },
	{ "GET", "/api/v1/internal-control/processes/:id", X_READ, true },
	{ "PATCH", "/api/v1/internal-control/processes/:id", X_EDIT, true },
	{ "GET", "/api/v1/internal-control/plans/:id/points", X_READ, true },
	{ "POST", "/api/v1/internal-control/plans/:id/points", X_EDIT, true },
	{ "GET", "/api/v1/internal-control/points/:id", X_READ, true },
	{ "PATCH", "/api/v1/internal-control/points/:id", X_EDIT, true },
	{ "GET", "/api/v1/internal-control/points/:id/results", X_READ, true },
	{ "POST", "/api/v1/internal-control/points/:id/results", X_OWN, true },
	{ "GET", "/api/v1/internal-control/results/:id", X_READ, true },
	{ "PATCH", "/api/v1/internal-control/results/:id", X_OWN, true },
	{ "POST", "/api/v1/internal-control/results/:id/deviations", X_OWN, true },
	{ "GET", "/api/v1/internal-control/deviations", X_READ, false },
	{ "GET", "/api/v1/internal-control/deviations/export", X_READ, false },
	{ "GET", "/api/v1/internal-control/deviations/:id", X_READ, true },
	{ "PATCH", "/api/v1/internal-control/deviations/:id", X_OWN, true },
	{ "POST", "/api/v1/internal-control/deviations/:id/activity", X_OWN, true },
};
#define N_EXPECTED (sizeof(expected) / sizeof(expected[0]))

/* What domain.md lets each role do, restated independently of authz.c. */
static bool allowed(enum expect x, enum who w, bool in_scope)
{
	bool any_role = w != W_ANON;
	bool scope_ok = in_scope || w == W_GLOBAL;
	switch (x) {
	case X_PUBLIC:
		return true;
	case X_LOGIN:
		return any_role;
	case X_READ:
		return any_role && scope_ok;
	case X_EDIT:
		return (w == W_ADMIN || w == W_COORD || w == W_GLOBAL) && scope_ok;
	case X_ADMIN:
		return (w == W_ADMIN || w == W_GLOBAL) && scope_ok;
	case X_GLOBAL_ADMIN:
		return w == W_GLOBAL;
	case X_AUDIT:
		return (w == W_ADMIN || w == W_AUDITOR || w == W_GLOBAL) && scope_ok;
	case X_OWN: /* the sample records are owned by owner-b, in scope and out of it */
		return (w == W_ADMIN || w == W_COORD || w == W_GLOBAL || w == W_OWNER) && scope_ok;
	case X_ORG_ADMIN: /* scoped to the organisation: the roles on board B do not reach it */
		return w == W_GLOBAL;
	case X_SIGN: /* only the asset's owner signs its classification */
		return w == W_OWNER && in_scope;
	case X_HANDLE: /* incidents and breaches: administrators, coordinators and data protection officers */
		return (w == W_ADMIN || w == W_COORD || w == W_DPO || w == W_GLOBAL) && scope_ok;
	case X_GDPR: /* the sample activities are kept by owner-b */
		return (w == W_ADMIN || w == W_COORD || w == W_DPO || w == W_GLOBAL || w == W_OWNER) && scope_ok;
	case X_GDPR_STAFF:
		return (w == W_ADMIN || w == W_COORD || w == W_DPO || w == W_GLOBAL) && scope_ok;
	case X_ORG_GDPR:
		return w == W_GLOBAL;
	case X_DPO:
		return (w == W_ADMIN || w == W_DPO || w == W_GLOBAL) && scope_ok;
	}
	return false;
}

struct fixture {
	struct lb_env env;
	int64_t org_a, board_b, unit_u, org_z, unit_zu;
	int64_t users[W_COUNT];
	int64_t insp_u, insp_zu; /* audits in and out of scope, each with a recommendation, */
	int64_t rec_u, rec_zu;   /* a draft response, an action area and a measure */
	int64_t resp_u, resp_zu;
	int64_t aarea_u, aarea_zu;
	int64_t measure_u, measure_zu;
	int64_t victim;                      /* a user whose grants and tokens the walk may change */
	int64_t asset_u, asset_zu;           /* owned by owner-b, in and out of its scope */
	int64_t class_u, class_zu;           /* draft classifications of those assets */
	int64_t question_a, question_z;      /* a question of each organisation's bank */
	int64_t requirement;                 /* a requirement of the library */
	int64_t plan_u, plan_zu;             /* action plans in and out of scope */
	int64_t area_u, area_zu;             /* an area of each */
	int64_t activity_u, activity_zu;     /* activities in and out of scope */
	int64_t wheel_u, wheel_zu;           /* recurring activities in and out of scope */
	int64_t occ_u, occ_zu;               /* an occurrence of each */
	int64_t analysis_u, analysis_zu;     /* risk analyses in and out of scope */
	int64_t risk_u, risk_zu;             /* risks owned by owner-b, in and out of scope */
	int64_t cplan_u, cplan_zu;           /* continuity plans owned by owner-b, in and out of scope */
	int64_t exercise_u, exercise_zu;     /* exercises in and out of scope */
	int64_t threat;                      /* a threat of the catalogue */
	int64_t processing_u, processing_zu; /* processing activities kept by owner-b, in and out of scope */
	int64_t dpia_u, dpia_zu;             /* an impact assessment of each */
	int64_t agreement_u, agreement_zu;   /* a processor agreement with a file, in and out of scope */
	int64_t category_a, category_z;      /* a category of each organisation's vocabulary */
	int64_t incident_u, incident_zu;     /* personal-data breaches in and out of scope */
	int64_t duty_u, duty_zu;             /* their notification duties to IMY */
	struct fx_ic ic_u, ic_zu;            /* internal control rounds, owner-b answering, in and out of scope */
	int64_t gdoc_u, gdoc_zu;             /* governing documents owned by owner-b, in and out of scope */
	int64_t course, tgroup;              /* a course and a target group of the catalogue */
	int64_t maturity_u, maturity_zu;     /* self-assessments in and out of scope */
	int64_t mquestion_a, mquestion_z;    /* a question of each organisation's maturity bank */
	int64_t review_u, review_zu;         /* management reviews in and out of scope */
	int64_t dpo_u, dpo_zu;               /* the DPO's recommendations in and out of scope */
	int n_links;
};

static struct fixture fx;

/* Test set-up only: an owner who has since lost every role over the asset's unit (the domain refuses to name one). */
static DB_QUERY(Q_T_SET_OWNER, "UPDATE assets SET owner_id = $2 WHERE id = $1");

static int64_t sample_asset(int64_t unit, const char *name, const char *kind)
{
	const struct auth *act = &fx_system;
	bool in_scope = unit == fx.unit_u;
	struct asset_input in = { .unit_id = unit, .kind = kind, .name = name, .owner_id = fx.users[W_OWNER] };
	struct err e = { 0 };
	int64_t id = 0;
	if (!in_scope)
		in.owner_id = 0;
	if (asset_create(fx.env.db, fx.env.arena, act, &in, &id, &e))
		fail_msg("asset_create %s: %s", name, e.msgid);
	if (!in_scope &&
	    db_run(fx.env.db, fx.env.arena, &Q_T_SET_OWNER, DB_ARGS(DB_INT(id), DB_INT(fx.users[W_OWNER])), NULL, &e))
		fail_msg("owner of %s: %s", name, e.msgid);
	return id;
}

static int64_t sample_classification(int64_t asset)
{
	const struct auth *act = &fx_system;
	struct class_input in = { .requested = { -1, -1, -1, -1 } };
	struct err e = { 0 };
	int64_t id = 0;
	if (fx_classify_create(fx.env.db, fx.env.arena, act, asset, &in, &id, NULL, &e))
		fail_msg("classify_create: %s", e.msgid);
	return id;
}

static int64_t sample_question(int64_t org)
{
	struct class_question *qs;
	size_t n = 0;
	struct err e = { 0 };
	if (classify_questions(fx.env.db, fx.env.arena, org, true, &qs, &n, &e) || n == 0)
		fail_msg("classify_questions: %s", e.msgid);
	return qs[0].id;
}

static int64_t sample_requirement(void)
{
	struct requirement_filter f = { 0 };
	struct requirement *list;
	size_t n = 0;
	int64_t total;
	struct err e = { 0 };
	f.limit = 1;
	f.active = 1;
	if (requirement_list(fx.env.db, fx.env.arena, &f, &list, &n, &total, &e) || n == 0)
		fail_msg("requirement_list: %s", e.msgid);
	return list[0].id;
}

/* A plan of @unit for 2026 with one area and one activity in it. */
static void sample_plan(int64_t unit, int64_t *plan, int64_t *area, int64_t *activity)
{
	static const char *const areas[] = { "Nätverk" };
	struct plan_input pi = { unit, 2026, "" };
	struct activity_input ai = { 0 };
	struct plan p;
	struct plan_area *ar;
	size_t n;
	struct err e = { 0 };
	if (plan_create(fx.env.db, fx.env.arena, &fx_system, &pi, areas, 1, plan, &e) ||
	    plan_get(fx.env.db, fx.env.arena, *plan, &p, &e) || plan_areas(fx.env.db, fx.env.arena, &p, &ar, &n, &e))
		fail_msg("plan_create: %s %s", e.field, e.msgid);
	*area = ar[0].id;
	ai.area_id = *area;
	ai.title = "Riskanalys";
	ai.quarters = 3;
	if (activity_create(fx.env.db, fx.env.arena, &fx_system, &p, &ai, activity, &e))
		fail_msg("activity_create: %s %s", e.field, e.msgid);
}

/* A recurring activity of @unit with its occurrences for 2026. */
static void sample_wheel(int64_t unit, int64_t *item, int64_t *occ)
{
	struct wheel_item_input in = { .unit_id = unit,
				       .title = "Information till ledningsgrupper",
				       .freq = "yearly",
				       .month = 3,
				       .day = 15,
				       .active = true };
	struct wheel_item w;
	struct wheel_filter f;
	struct wheel_occurrence *list;
	size_t n;
	struct err e = { 0 };
	if (wheel_item_create(fx.env.db, fx.env.arena, &fx_system, &in, NULL, item, &e) ||
	    wheel_item_get(fx.env.db, fx.env.arena, *item, &w, &e) ||
	    wheel_generate(fx.env.db, fx.env.arena, &fx_system, &w, 2026, &n, &e))
		fail_msg("wheel: %s %s", e.field, e.msgid);
	wheel_filter_init(&f);
	f.item_id = *item;
	if (wheel_occ_list(fx.env.db, fx.env.arena, &f, &list, &n, NULL, &e) || n != 1)
		fail_msg("wheel_occ_list: %s", e.msgid);
	*occ = list[0].id;
}

/* A fresh link of an activity, for routes that remove one. */
static int64_t fresh_activity_link(bool in_scope)
{
	struct activity ac;
	struct err e = { 0 };
	int64_t id = 0;
	if (activity_get(fx.env.db, fx.env.arena, in_scope ? fx.activity_u : fx.activity_zu, &ac, &e))
		fail_msg("activity_get: %s", e.msgid);
	for (int64_t target = 1; !id && target < 200; target++) {
		err_clear(&e);
		activity_link_add(fx.env.db, fx.env.arena, &fx_system, &ac, "requirement", target, &id, &e);
	}
	return id;
}

/* A risk analysis in @unit with one risk owned by owner-b; *risk gets the risk. */
static int64_t sample_analysis(int64_t unit, int64_t *risk)
{
	struct risk_analysis_input in = { .unit_id = unit, .title = "Riskanalys", .analysis_date = "2026-01-15" };
	struct risk_input ri = { .threat = "Brand", .likelihood = 2, .consequence = 3, .owner_id = fx.users[W_OWNER] };
	struct risk_analysis an;
	struct err e = { 0 };
	int64_t id = 0;
	if (risk_analysis_create(fx.env.db, fx.env.arena, &fx_system, &in, &id, &e) ||
	    risk_analysis_get(fx.env.db, fx.env.arena, id, &an, &e) ||
	    risk_create(fx.env.db, fx.env.arena, &fx_system, &an, &ri, risk, &e))
		fail_msg("risk sample: %s %s", e.field, e.msgid);
	return id;
}

static int64_t sample_cplan(int64_t unit, int64_t asset)
{
	struct continuity_plan_input in = { .unit_id = unit,
					    .asset_id = asset,
					    .title = "Kontinuitetsplan",
					    .owner_id = fx.users[W_OWNER],
					    .mto_hours = 72,
					    .rto_hours = 24,
					    .rpo_hours = 24 };
	struct err e = { 0 };
	int64_t id = 0;
	if (continuity_create(fx.env.db, fx.env.arena, &fx_system, &in, &id, &e))
		fail_msg("continuity_create: %s %s", e.field, e.msgid);
	return id;
}

static int64_t sample_gdoc(int64_t unit)
{
	struct governing_document_input in = { .unit_id = unit,
					       .kind = "routine",
					       .title = "Rutin",
					       .owner_id = fx.users[W_OWNER],
					       .doc_version = "1.0",
					       .review_months = 12,
					       .status = "draft" };
	struct err e = { 0 };
	int64_t id = 0;
	if (governing_document_create(fx.env.db, fx.env.arena, &fx_system, &in, &id, &e))
		fail_msg("governing_document_create: %s %s", e.field, e.msgid);
	return id;
}

static int64_t sample_course(void)
{
	struct course_input in = { .title = "Informationssäkerhet grund", .provider = "MSB" };
	struct err e = { 0 };
	int64_t id = 0;
	if (course_create(fx.env.db, fx.env.arena, &fx_system, &in, &id, &e))
		fail_msg("course_create: %s %s", e.field, e.msgid);
	return id;
}

static int64_t sample_exercise(int64_t unit)
{
	struct exercise_input in = {
		.unit_id = unit, .title = "Övning", .exercise_date = "2026-01-20", .kind = "tabletop", .status = "done"
	};
	struct err e = { 0 };
	int64_t id = 0;
	if (exercise_create(fx.env.db, fx.env.arena, &fx_system, &in, &id, &e))
		fail_msg("exercise_create: %s %s", e.field, e.msgid);
	return id;
}

/* An audit of @unit addressed to it, a recommendation, and a draft response with an action area and a measure. */
static void sample_audit(int64_t unit, int64_t *insp, int64_t *rec, int64_t *resp, int64_t *area, int64_t *measure)
{
	const int64_t boards[] = { unit };
	struct inspection_input in = { .unit_id = unit,
				       .auditor_kind = "municipal",
				       .title = "Granskning",
				       .report_date = "2026-01-10",
				       .board_ids = boards,
				       .n_board_ids = 1 };
	struct recommendation_input ri = { .number = 1, .text = "Gör något.", .board_ids = boards, .n_board_ids = 1 };
	struct response_input si = { .unit_id = unit, .response_date = "2026-02-01", .title = "Yttrande" };
	struct action_area_input ai = {
		.number = 1, .heading = "Område", .recommendation_ids = rec, .n_recommendation_ids = 1
	};
	struct measure_input mi = { .title = "Åtgärd", .unit_id = unit, .status = "planned" };
	struct inspection x;
	struct audit_response s;
	struct err e = { 0 };

	if (inspection_create(fx.env.db, fx.env.arena, &fx_system, &in, insp, &e) ||
	    inspection_get(fx.env.db, fx.env.arena, *insp, &x, &e) ||
	    recommendation_create(fx.env.db, fx.env.arena, &fx_system, &x, &ri, rec, &e) ||
	    response_create(fx.env.db, fx.env.arena, &fx_system, &x, &si, resp, &e) ||
	    response_get(fx.env.db, fx.env.arena, *resp, &s, &e) ||
	    area_create(fx.env.db, fx.env.arena, &fx_system, &s, &ai, area, &e) ||
	    measure_create(fx.env.db, fx.env.arena, &fx_system, &s, &mi, measure, &e))
		fail_msg("sample audit: %s %s", e.field, e.msgid);
}

/* A personal-data breach in @unit (its duty to IMY in *duty), as a coordinator would have made it. */
static int64_t sample_incident(int64_t unit, int64_t *duty)
{
	struct incident_report rep = { .unit_id = unit, .title = "Felskickat mejl" };
	struct incident inc;
	struct incident_duty *ds;
	bool kinds[4] = { false, true, false, false };
	const char *receipt;
	size_t n;
	struct err e = { 0 };
	int64_t id = 0;
	if (incident_report(fx.env.db, fx.env.arena, &fx_system, &rep, &id, &receipt, &e) ||
	    incident_get(fx.env.db, fx.env.arena, id, &inc, &e) ||
	    incident_triage(fx.env.db, fx.env.arena, &fx_system, &inc, inc.version, "incident", kinds, "", NULL, &e) ||
	    incident_get(fx.env.db, fx.env.arena, id, &inc, &e) ||
	    incident_duties(fx.env.db, fx.env.arena, &inc, time_now(), &ds, &n, &e) || n == 0)
		fail_msg("sample incident: %s", e.msgid);
	*duty = ds[0].n.id;
	return id;
}

static int64_t sample_processing(int64_t unit, const char *name)
{
	struct gdpr_activity_input in = { .unit_id = unit, .name = name, .owner_id = fx.users[W_OWNER] };
	struct err e = { 0 };
	int64_t id = 0;
	if (gdpr_activity_create(fx.env.db, fx.env.arena, &fx_system, &in, &id, &e))
		fail_msg("gdpr_activity_create: %s %s", e.field, e.msgid);
	return id;
}

static int64_t sample_dpia(int64_t activity)
{
	struct gdpr_activity p;
	struct gdpr_dpia_item m[1] = { { .text = "Kryptering" } };
	struct gdpr_dpia_input in = { .description = "Beskrivning", .measures = m, .n_measures = 1 };
	struct err e = { 0 };
	int64_t id = 0;
	if (gdpr_activity_get(fx.env.db, fx.env.arena, activity, &p, &e) ||
	    dpia_create(fx.env.db, fx.env.arena, &fx_system, &p, &in, &id, &e))
		fail_msg("dpia_create: %s", e.msgid);
	return id;
}

static int64_t fresh_processor(bool in_scope)
{
	static int n;
	struct gdpr_processor_input in = { .unit_id = in_scope ? fx.unit_u : fx.unit_zu,
					   .name = arena_printf(fx.env.arena, "Biträde %d", ++n) };
	struct err e = { 0 };
	int64_t id = 0;
	if (processor_create(fx.env.db, fx.env.arena, &fx_system, &in, &id, &e))
		fail_msg("processor_create: %s", e.msgid);
	return id;
}

static int64_t sample_agreement(bool in_scope)
{
	struct gdpr_processor p;
	struct gdpr_agreement_input in = { "2026-01-01", NULL, "", "avtal.txt", "Avtal", 5 };
	struct err e = { 0 };
	int64_t id = 0;
	if (processor_get(fx.env.db, fx.env.arena, fresh_processor(in_scope), &p, &e) ||
	    agreement_add(fx.env.db, fx.env.arena, &fx_system, &p, &in, &id, &e))
		fail_msg("agreement_add: %s", e.msgid);
	return id;
}

static int64_t fresh_transfer(bool in_scope)
{
	struct gdpr_activity p;
	struct gdpr_transfer t = { .country = "JP", .basis = "adequacy" };
	struct err e = { 0 };
	int64_t id = 0;
	if (gdpr_activity_get(fx.env.db, fx.env.arena, in_scope ? fx.processing_u : fx.processing_zu, &p, &e) ||
	    gdpr_transfer_add(fx.env.db, fx.env.arena, &fx_system, &p, NULL, &t, &id, &e))
		fail_msg("gdpr_transfer_add: %s", e.msgid);
	return id;
}

static int64_t sample_category(int64_t org, const char *name)
{
	struct err e = { 0 };
	int64_t id = 0;
	if (gdpr_category_create(fx.env.db, fx.env.arena, &fx_system, org, "data", name, "", &id, &e))
		fail_msg("gdpr_category_create: %s", e.msgid);
	return id;
}

/* A fresh dependency from the sample asset, for routes that remove one. */
static int64_t fresh_link(bool in_scope)
{
	const struct auth *act = &fx_system;
	struct err e = { 0 };
	int64_t to = sample_asset(in_scope ? fx.unit_u : fx.unit_zu,
				  arena_printf(fx.env.arena, "Mängd %d", ++fx.n_links), "information_set");
	int64_t id = 0;
	if (fx_asset_link_add(fx.env.db, fx.env.arena, act, in_scope ? fx.asset_u : fx.asset_zu, to, "holds", &id, &e))
		fail_msg("asset_link_add: %s", e.msgid);
	return id;
}

/* A self-assessment, a question of its organisation's bank, a review and a DPO's recommendation in @unit. */
static void sample_review(int64_t unit, int64_t *maturity, int64_t *question, int64_t *review, int64_t *dpo)
{
	struct maturity_question_input q = { 1, 1, "Finns en fråga?", true };
	struct dpo_input d = { 2025, "Uppdatera incidentrutinen", "", "open" };
	struct review_input in = { 0 };
	struct err e = { 0 };
	struct unit u;

	if (unit_get(fx.env.db, fx.env.arena, unit, &u, &e) ||
	    maturity_start(fx.env.db, fx.env.arena, NULL, &u, 2026, maturity, &e) ||
	    maturity_question_add(fx.env.db, fx.env.arena, NULL, &u, &q, question, &e) ||
	    review_create(fx.env.db, fx.env.arena, NULL, &u, 2026, &in, review, &e) ||
	    dpo_create(fx.env.db, fx.env.arena, NULL, &u, &d, dpo, &e))
		fail_msg("sample review: %s", e.msgid);
}

static int setup(void **state)
{
	lb_env_init(&fx.env);
	fx.org_a = lb_env_unit(&fx.env, 0, "organisation", "Kommun A");
	fx.board_b = lb_env_unit(&fx.env, fx.org_a, "board", "Nämnd B");
	fx.unit_u = lb_env_unit(&fx.env, fx.board_b, "unit", "Enhet U");
	fx.org_z = lb_env_unit(&fx.env, 0, "organisation", "Kommun Z");
	fx.unit_zu = lb_env_unit(&fx.env, fx.org_z, "board", "Nämnd ZU");
	for (int w = W_ADMIN; w < W_COUNT; w++)
		fx.users[w] = lb_env_user(&fx.env, who_name[w], who_role[w], w == W_GLOBAL ? 0 : fx.board_b);
	fx.victim = lb_env_user(&fx.env, "victim", NULL, 0);
	fx.asset_u = sample_asset(fx.unit_u, "System U", "system");
	fx.asset_zu = sample_asset(fx.unit_zu, "System ZU", "system");
	fx.class_u = sample_classification(fx.asset_u);
	fx.class_zu = sample_classification(fx.asset_zu);
	fx.question_a = sample_question(fx.org_a);
	fx.question_z = sample_question(fx.org_z);
	fx.requirement = sample_requirement();
	sample_plan(fx.unit_u, &fx.plan_u, &fx.area_u, &fx.activity_u);
	sample_plan(fx.unit_zu, &fx.plan_zu, &fx.area_zu, &fx.activity_zu);
	sample_wheel(fx.unit_u, &fx.wheel_u, &fx.occ_u);
	sample_wheel(fx.unit_zu, &fx.wheel_zu, &fx.occ_zu);
	fx.analysis_u = sample_analysis(fx.unit_u, &fx.risk_u);
	fx.analysis_zu = sample_analysis(fx.unit_zu, &fx.risk_zu);
	fx.cplan_u = sample_cplan(fx.unit_u, fx.asset_u);
	fx.cplan_zu = sample_cplan(fx.unit_zu, fx.asset_zu);
	fx.exercise_u = sample_exercise(fx.unit_u);
	fx.exercise_zu = sample_exercise(fx.unit_zu);
	fx_intcontrol_round(fx.env.db, fx.env.arena, fx.unit_u, fx.users[W_OWNER], "Intern kontroll", &fx.ic_u);
	fx_intcontrol_round(fx.env.db, fx.env.arena, fx.unit_zu, fx.users[W_OWNER], "Intern kontroll", &fx.ic_zu);
	fx.gdoc_u = sample_gdoc(fx.unit_u);
	fx.gdoc_zu = sample_gdoc(fx.unit_zu);
	fx.course = sample_course();
	{
		struct err e = { 0 };
		if (training_group_create(fx.env.db, fx.env.arena, &fx_system, "Testgrupp", "", &fx.tgroup, &e))
			fail_msg("training_group_create: %s %s", e.field, e.msgid);
	}
	sample_audit(fx.unit_u, &fx.insp_u, &fx.rec_u, &fx.resp_u, &fx.aarea_u, &fx.measure_u);
	sample_audit(fx.unit_zu, &fx.insp_zu, &fx.rec_zu, &fx.resp_zu, &fx.aarea_zu, &fx.measure_zu);
	{
		struct risk_threat *t;
		size_t n;
		struct err e = { 0 };
		if (risk_threat_list(fx.env.db, fx.env.arena, false, NULL, &t, &n, &e) || !n)
			fail_msg("risk_threat_list: %s", e.msgid);
		fx.threat = t[0].id;
	}
	fx.incident_u = sample_incident(fx.unit_u, &fx.duty_u);
	fx.incident_zu = sample_incident(fx.unit_zu, &fx.duty_zu);
	fx.processing_u = sample_processing(fx.unit_u, "Behandling U");
	fx.processing_zu = sample_processing(fx.unit_zu, "Behandling ZU");
	fx.dpia_u = sample_dpia(fx.processing_u);
	fx.dpia_zu = sample_dpia(fx.processing_zu);
	fx.agreement_u = sample_agreement(true);
	fx.agreement_zu = sample_agreement(false);
	fx.category_a = sample_category(fx.org_a, "Kontaktuppgifter");
	fx.category_z = sample_category(fx.org_z, "Kontaktuppgifter");
	sample_review(fx.unit_u, &fx.maturity_u, &fx.mquestion_a, &fx.review_u, &fx.dpo_u);
	sample_review(fx.unit_zu, &fx.maturity_zu, &fx.mquestion_z, &fx.review_zu, &fx.dpo_zu);
	*state = &fx;
	return 0;
}

static int teardown(void **state)
{
	lb_env_release(&fx.env);
	return 0;
}

/* A fresh grant on @unit for the victim, for routes that remove one. */
static int64_t fresh_grant(int64_t unit)
{
	const struct auth *act = &fx_system;
	struct err e = { 0 };
	int64_t id = 0;
	static const char *const roles[] = { "reader", "owner", "dpo", "auditor", "coordinator" };
	for (size_t i = 0; i < 5 && !id; i++) {
		err_clear(&e);
		grant_add(fx.env.db, fx.env.arena, act, fx.victim, unit, roles[i], &id, &e);
	}
	if (!id) {
		/* all five taken: remove them and start again */
		struct role_grant *g;
		size_t n;
		user_grants(fx.env.db, fx.env.arena, fx.victim, &g, &n, &e);
		for (size_t i = 0; i < n; i++)
			grant_remove(fx.env.db, fx.env.arena, act, &g[i], &e);
		grant_add(fx.env.db, fx.env.arena, act, fx.victim, unit, "reader", &id, &e);
	}
	return id;
}

/*
 * A pending role suggestion on @unit for a person of its own (granting or
 * dismissing one uses it up), from a provider that is switched off so that
 * /login/oidc/:id still answers 404.
 */
static int64_t fresh_suggestion(int64_t unit)
{
	static int64_t provider;
	static int k;
	struct err e = { 0 };
	int64_t id = 0, user;

	if (!provider) {
		struct oidc_provider p = { 0 };
		p.slug = "walk";
		p.name = "Walk";
		p.issuer = "http://127.0.0.1:9";
		p.client_id = "tillit";
		if (oidc_provider_add(fx.env.db, fx.env.arena, &fx_system, &p, &provider, &e) ||
		    oidc_provider_enable(fx.env.db, fx.env.arena, &fx_system, "walk", false, &e))
			fail_msg("provider: %s", e.msgid);
	}
	user = lb_env_user(&fx.env, arena_printf(fx.env.arena, "suggested-%d", ++k), NULL, 0);
	if (q_role_suggestion_insert(fx.env.db, fx.env.arena, user, "reader", unit, provider, "staff",
				     "2026-01-01T00:00:00Z", &id, &e) ||
	    !id)
		fail_msg("q_role_suggestion_insert: %s", e.detail);
	return id;
}

static int64_t fresh_token(int64_t user)
{
	const struct auth *act = &fx_system;
	struct err e = { 0 };
	const char *clear;
	int64_t id = 0;
	token_create(fx.env.db, fx.env.arena, act, user, "walk", &clear, &id, &e);
	return id;
}

/* The concrete path for a route pattern and the body it needs. */
/* The id for one ":name" segment of @pattern, found after @prefix (the path up to that segment). */
static int64_t sample_id(const char *prefix, const char *name, bool in_scope, enum who w)
{
	int64_t unit = in_scope ? fx.unit_u : fx.unit_zu;
	int64_t asset = in_scope ? fx.asset_u : fx.asset_zu;

	if (!strcmp(name, "cid"))
		return in_scope ? fx.class_u : fx.class_zu;
	if (!strcmp(name, "rid") || !strcmp(name, "requirement_id"))
		return fx.requirement;
	if (!strcmp(name, "user_id"))
		return fx.victim;
	if (str_ends(prefix, "/governing-documents/") || str_ends(prefix, "/governing-documents/read/"))
		return in_scope ? fx.gdoc_u : fx.gdoc_zu;
	if (str_ends(prefix, "/courses/"))
		return fx.course;
	if (str_ends(prefix, "/training/groups/") || str_ends(prefix, "/training-groups/"))
		return fx.tgroup;
	if (!strcmp(name, "nid"))
		return in_scope ? fx.duty_u : fx.duty_zu;
	if (!strcmp(name, "aid"))
		return asset;
	if (str_ends(prefix, "/maturity/questions/") || str_ends(prefix, "/maturity-questions/"))
		return in_scope ? fx.mquestion_a : fx.mquestion_z;
	if (str_ends(prefix, "/maturity/"))
		return in_scope ? fx.maturity_u : fx.maturity_zu;
	if (str_ends(prefix, "/reviews/"))
		return in_scope ? fx.review_u : fx.review_zu;
	if (str_ends(prefix, "/dpo-recommendations/"))
		return in_scope ? fx.dpo_u : fx.dpo_zu;
	if (str_ends(prefix, "/incidents/"))
		return in_scope ? fx.incident_u : fx.incident_zu;
	if (str_ends(prefix, "/incident-categories/"))
		return 1;
	if (str_ends(prefix, "/report/"))
		return in_scope ? fx.org_a : fx.org_z;
	if (str_ends(prefix, "/processing-activities/") || str_ends(prefix, "/gdpr/activities/"))
		return in_scope ? fx.processing_u : fx.processing_zu;
	if (str_ends(prefix, "/transfers/"))
		return fresh_transfer(in_scope);
	if (str_ends(prefix, "/dpias/"))
		return in_scope ? fx.dpia_u : fx.dpia_zu;
	if (str_ends(prefix, "/processors/"))
		return fresh_processor(in_scope);
	if (str_ends(prefix, "/agreements/"))
		return in_scope ? fx.agreement_u : fx.agreement_zu;
	if (str_ends(prefix, "/gdpr-categories/"))
		return in_scope ? fx.category_a : fx.category_z;
	if (str_ends(prefix, "/asset-links/"))
		return fresh_link(in_scope);
	if (str_ends(prefix, "/assets/"))
		return asset;
	if (str_ends(prefix, "/classifications/"))
		return in_scope ? fx.class_u : fx.class_zu;
	if (str_ends(prefix, "/organisations/"))
		return in_scope ? fx.org_a : fx.org_z;
	if (str_ends(prefix, "/questions/"))
		return in_scope ? fx.question_a : fx.question_z;
	if (str_ends(prefix, "/requirements/"))
		return fx.requirement;
	if (str_ends(prefix, "/actions/") || str_ends(prefix, "/activities/"))
		return in_scope ? fx.activity_u : fx.activity_zu;
	if (str_ends(prefix, "/wheel/items/"))
		return in_scope ? fx.wheel_u : fx.wheel_zu;
	if (str_ends(prefix, "/wheel/occurrences/"))
		return in_scope ? fx.occ_u : fx.occ_zu;
	if (str_ends(prefix, "/calendar/units/"))
		return in_scope ? fx.unit_u : fx.unit_zu;
	if (str_ends(prefix, "/plans/"))
		return in_scope ? fx.plan_u : fx.plan_zu;
	if (str_ends(prefix, "/plan-areas/"))
		return in_scope ? fx.area_u : fx.area_zu;
	if (str_ends(prefix, "/activity-links/"))
		return fresh_activity_link(in_scope);
	if (str_ends(prefix, "/units/"))
		return unit;
	if (str_ends(prefix, "/risk-analyses/"))
		return in_scope ? fx.analysis_u : fx.analysis_zu;
	if (str_ends(prefix, "/risks/"))
		return in_scope ? fx.risk_u : fx.risk_zu;
	if (str_ends(prefix, "/risk-threats/"))
		return fx.threat;
	if (str_ends(prefix, "/continuity-plans/") || str_ends(prefix, "/continuity/"))
		return in_scope ? fx.cplan_u : fx.cplan_zu;
	if (str_ends(prefix, "/exercises/"))
		return in_scope ? fx.exercise_u : fx.exercise_zu;
	if (str_ends(prefix, "/internal-control/processes/"))
		return (in_scope ? fx.ic_u : fx.ic_zu).process;
	if (str_ends(prefix, "/internal-control/points/"))
		return (in_scope ? fx.ic_u : fx.ic_zu).point;
	if (str_ends(prefix, "/internal-control/results/"))
		return (in_scope ? fx.ic_u : fx.ic_zu).result;
	if (str_ends(prefix, "/internal-control/deviations/"))
		return (in_scope ? fx.ic_u : fx.ic_zu).deviation;
	if (str_ends(prefix, "/internal-control/") || str_ends(prefix, "/internal-control/plans/"))
		return (in_scope ? fx.ic_u : fx.ic_zu).plan;
	if (str_ends(prefix, "/inspections/"))
		return in_scope ? fx.insp_u : fx.insp_zu;
	if (str_ends(prefix, "/recommendations/"))
		return in_scope ? fx.rec_u : fx.rec_zu;
	if (str_ends(prefix, "/responses/"))
		return in_scope ? fx.resp_u : fx.resp_zu;
	if (str_ends(prefix, "/action-areas/"))
		return in_scope ? fx.aarea_u : fx.aarea_zu;
	if (str_ends(prefix, "/measures/"))
		return in_scope ? fx.measure_u : fx.measure_zu;
	if (str_ends(prefix, "/users/"))
		return fx.victim;
	if (str_ends(prefix, "/roles/"))
		return fresh_grant(unit);
	if (str_ends(prefix, "/role-suggestions/"))
		return fresh_suggestion(unit);
	if (str_ends(prefix, "/audit/"))
		return 1;
	if (str_ends(prefix, "/login/oidc/"))
		return 1; /* no provider is set up: a 404 for everyone */
	if (str_ends(prefix, "/tokens/"))
		return fresh_token(w == W_ANON ? fx.victim : fx.users[w]);
	fail_msg("no sample id for %s:%s: add one to sample_id()", prefix, name);
	return 0;
}

/* The concrete path for a route pattern: every ":name" segment gets a sample id. */
static const char *sample_path(struct arena *a, const char *pattern, bool in_scope, enum who w)
{
	struct buf b;

	if (!strcmp(pattern, "/static/*"))
		return "/static/app.css";
	buf_init(&b, a);
	for (const char *p = pattern; *p;) {
		if (*p == ':') {
			const char *end = strchr(p, '/');
			size_t len = end ? (size_t)(end - p - 1) : strlen(p + 1);
			const char *name = arena_strndup(a, p + 1, len);
			buf_addf(&b, "%lld", (long long)sample_id(b.data, name, in_scope, w));
			p += len + 1;
		} else {
			buf_addch(&b, *p++);
		}
	}
	return b.data;
}

static void test_table_matches_expectations(void **state)
{
	size_t n = routes_count(routes);
	assert_int_equal(router_check_table(routes), 0);
	for (size_t i = 0; i < n; i++) {
		const struct route *rt = &routes[i];
		bool found = false;
		assert_int_not_equal(rt->access, ACCESS_UNSET);
		for (size_t k = 0; k < N_EXPECTED; k++) {
			if (strcmp(expected[k].method, rt->method) || strcmp(expected[k].pattern, rt->pattern))
				continue;
			found = true;
			enum access want =
				expected[k].x == X_GDPR || expected[k].x == X_GDPR_STAFF || expected[k].x == X_ORG_GDPR
					? ACCESS_GDPR
				: expected[k].x == X_DPO                            ? ACCESS_DPO
				: expected[k].x == X_PUBLIC                         ? ACCESS_PUBLIC
				: expected[k].x == X_LOGIN                          ? ACCESS_LOGIN
				: expected[k].x == X_READ                           ? ACCESS_READ
				: expected[k].x == X_EDIT                           ? ACCESS_EDIT
				: expected[k].x == X_AUDIT                          ? ACCESS_AUDIT
				: expected[k].x == X_ORG_ADMIN                      ? ACCESS_ADMIN
				: expected[k].x == X_OWN || expected[k].x == X_SIGN ? ACCESS_OWN
				: expected[k].x == X_HANDLE                         ? ACCESS_HANDLE
										    : ACCESS_ADMIN;
			if (rt->access != want)
				fail_msg("%s %s has access %d, expected %d", rt->method, rt->pattern, rt->access, want);
			if (expected[k].x == X_GLOBAL_ADMIN && rt->scope.from != SCOPE_GLOBAL)
				fail_msg("%s %s must be limited to installation-wide administrators", rt->method,
					 rt->pattern);
		}
		if (!found)
			fail_msg("route %s %s is not in the test's expected[] list", rt->method, rt->pattern);
	}
	assert_int_equal(n, N_EXPECTED);
}

/* Did @r find its client signed out (an earlier route of the walk ended the session or changed the password)? */
static bool signed_out(const struct lb_resp *r)
{
	return r->status == 401 || (r->status == 303 && r->location && !strncmp(r->location, "/login?next=", 12));
}

/* Request route @k of expected[] as @c, with the arguments the walk gives it. */
static struct lb_resp walk_request(struct lb_client *c, size_t k, bool in_scope, enum who w)
{
	const char *path, *method = expected[k].method;
	bool api = !strncmp(expected[k].pattern, "/api/", 5);
	int64_t unit = in_scope ? fx.unit_u : fx.unit_zu;
	char body[160], ids[32];

	path = sample_path(c->arena, expected[k].pattern, in_scope, w);
	snprintf(ids, sizeof(ids), "%lld", (long long)unit);
	c->accept = api ? "application/json" : NULL;
	if (api) {
		snprintf(body, sizeof(body), "{\"parent_id\":%lld,\"unit_id\":%lld}", (long long)unit, (long long)unit);
		if (!strcmp(method, "GET") && expected[k].scoped && !strchr(expected[k].pattern, ':'))
			path = arena_printf(c->arena, "%s?unit_id=%s", path, ids);
		return strcmp(method, "GET") ? lb_json(c, method, path, body, NULL)
					     : lb_request(c, "GET", path, NULL, NULL, NULL, 0);
	}
	if (!strcmp(method, "GET"))
		return lb_get(
			c, expected[k].scoped && !strchr(expected[k].pattern, ':')
				   ? arena_printf(c->arena, "%s?parent_id=%s&unit_id=%s&open=%s", path, ids, ids, ids)
				   : path);
	const char *kv[] = { "parent_id", ids, "unit_id", ids, NULL };
	return lb_post(c, path, kv);
}

/*
 * Every route as @w, in or out of the sample's scope. One client signs in
 * once and walks on; when a route has signed it out (sign-out, a password
 * change, a revoked grant) it signs in again and asks that route again.
 */
static void walk(enum who w, bool in_scope)
{
	struct lb_client c;

	lb_client_init(&c, &fx.env);
	if (w != W_ANON)
		assert_int_equal(lb_login(&c, who_name[w], LB_PASSWORD), 303);
	for (size_t k = 0; k < N_EXPECTED; k++) {
		struct lb_resp r;
		const char *method = expected[k].method;
		bool api = !strncmp(expected[k].pattern, "/api/", 5);
		bool ok = allowed(expected[k].x, w, in_scope || !expected[k].scoped);

		if (!in_scope && !expected[k].scoped)
			continue; /* nothing to tell apart */
		r = walk_request(&c, k, in_scope, w);
		if (w != W_ANON && signed_out(&r)) {
			lb_client_release(&c);
			lb_client_init(&c, &fx.env);
			assert_int_equal(lb_login(&c, who_name[w], LB_PASSWORD), 303);
			r = walk_request(&c, k, in_scope, w);
		}
		if (ok && (r.status == 401 || r.status == 403))
			fail_msg("%s %s as %s (%s scope): refused with %d but should be allowed", method,
				 expected[k].pattern, who_name[w], in_scope ? "in" : "out of", r.status);
		if (!ok) {
			int want = w == W_ANON ? (api || strcmp(method, "GET") ? 401 : 303) : 403;
			if (r.status != want)
				fail_msg("%s %s as %s (%s scope): got %d, expected %d", method, expected[k].pattern,
					 who_name[w], in_scope ? "in" : "out of", r.status, want);
			if (want == 303 && (!r.location || strncmp(r.location, "/login?next=", 12)))
				fail_msg("%s %s anonymously: redirect to %s, expected the login page", method,
					 expected[k].pattern, r.location ? r.location : "(none)");
		}
	}
	lb_client_release(&c);
}

static void test_anonymous(void **state)
{
	walk(W_ANON, true);
}

static void test_roles_in_scope(void **state)
{
	for (int w = W_ADMIN; w < W_COUNT; w++)
		walk((enum who)w, true);
}

static void test_roles_out_of_scope(void **state)
{
	for (int w = W_ADMIN; w < W_COUNT; w++)
		walk((enum who)w, false);
}

/* Every state-changing browser route refuses a request without the CSRF token. */
static void test_csrf_required(void **state)
{
	struct lb_client c;

	/* Refused requests change nothing, so one sign-in serves the whole walk. */
	lb_client_init(&c, &fx.env);
	assert_int_equal(lb_login(&c, who_name[W_GLOBAL], LB_PASSWORD), 303);
	c.csrf[0] = 0;
	for (size_t k = 0; k < N_EXPECTED; k++) {
		struct lb_resp r;
		const char *m = expected[k].method;
		if (!strcmp(m, "GET") || expected[k].x == X_PUBLIC)
			continue;
		c.csrf[0] = 0; /* as a page it was refused on may have handed one */
		if (!strncmp(expected[k].pattern, "/api/", 5))
			r = lb_json(&c, m, sample_path(c.arena, expected[k].pattern, true, W_GLOBAL), "{}", NULL);
		else
			r = lb_post(&c, sample_path(c.arena, expected[k].pattern, true, W_GLOBAL), NULL);
		if (r.status != 403)
			fail_msg("%s %s without a CSRF token: got %d, expected 403", m, expected[k].pattern, r.status);
	}
	lb_client_release(&c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_table_matches_expectations),
		cmocka_unit_test(test_anonymous),
		cmocka_unit_test(test_roles_in_scope),
		cmocka_unit_test(test_roles_out_of_scope),
		cmocka_unit_test(test_csrf_required),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
