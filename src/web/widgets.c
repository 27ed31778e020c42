/*
 * widgets.c - addresses, record links, pickers and the save pattern shared
 * by every module's pages (see widgets.h).
 */
#include "web/widgets.h"

#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "core/arena.h"
#include "core/log.h"
#include "core/str.h"
#include "domain/activity.h"
#include "domain/asset.h"
#include "domain/governing_document.h"
#include "domain/listexport.h"
#include "domain/user.h"
#include "domain/validate.h"
#include "web/layout.h"

#define PICKER_LIMIT 1000
/* At most this many units are offered in a select; beyond, a unit field is typed in (picker_units()). */
#define UNIT_SELECT_MAX 999

void url_init(struct url *u, struct arena *a, const char *path)
{
	html_init(&u->h, a, LANG_SV);
	buf_adds(&u->h.b, path);
}

void url_add(struct url *u, const char *key, const char *val)
{
	if (!val || !*val)
		return;
	if (strchr(buf_cstr(&u->h.b), '?'))
		HTML_LIT(&u->h, "&");
	else
		HTML_LIT(&u->h, "?");
	html_url_arg(&u->h, key);
	HTML_LIT(&u->h, "=");
	html_url_arg(&u->h, val);
}

void url_add_int(struct url *u, const char *key, int64_t val)
{
	if (val)
		url_add(u, key, arena_printf(u->h.b.arena, "%" PRId64, val));
}

const char *url_str(const struct url *u)
{
	return buf_cstr(&u->h.b);
}

const char *url_keep(struct req *r, const char *path, const char *const *names)
{
	struct url u;
	url_init(&u, r->arena, path);
	for (size_t i = 0; names[i]; i++)
		url_add(&u, names[i], req_query(r, names[i]));
	return url_str(&u);
}

void page_paging(struct req *r, int64_t page, int64_t *limit, int64_t *offset)
{
	*limit = query_int(r, "limit", page);
	if (*limit < 1 || *limit > 500)
		*limit = page;
	*offset = query_int(r, "offset", 0);
	if (*offset < 0)
		*offset = 0;
}

void html_count(struct html *h, int64_t n)
{
	char digits[24], out[40];
	int len = snprintf(digits, sizeof(digits), "%" PRId64, n < 0 ? -n : n), o = 0;
	const char *sep = h->lang == LANG_EN ? "," : "\u00a0";

	if (n < 0)
		out[o++] = '-';
	for (int i = 0; i < len; i++) {
		if (i && (len - i) % 3 == 0)
			for (const char *p = sep; *p; p++)
				out[o++] = *p;
		out[o++] = digits[i];
	}
	out[o] = 0;
	html_text(h, out);
}

void page_pager_bounded(struct html *h, struct req *r, const char *base, int64_t offset, int64_t limit, int64_t total,
			int64_t bound)
{
	const char *sep = strchr(base, '?') ? "&" : "?";
	bool beyond, has_next;
	int64_t prev;

	if (total <= bound) {
		page_pager(h, r, base, offset, limit, total);
		return;
	}
	/* As page_pager(), with the bound for the end: @offset may be anything up to INT64_MAX. */
	if (offset < 0)
		offset = 0;
	if (limit < 1)
		limit = 1;
	beyond = offset >= bound;
	has_next = !beyond && bound - offset > limit;
	prev = beyond ? bound - limit : (offset > limit ? offset - limit : 0);
	HTML_LIT(h, "<nav class=\"pager\" aria-label=\"");
	html_tr(h, "Pages");
	HTML_LIT(h, "\"><p>");
	html_textf(h, "%" PRId64 "–%" PRId64 " / ", beyond ? 0 : offset + 1,
		   beyond ? 0 : (has_next ? offset + limit : bound));
	html_tr(h, "more than");
	HTML_LIT(h, " ");
	html_count(h, bound);
	HTML_LIT(h, "</p>");
	if (offset > 0) {
		HTML_LIT(h, "<a rel=\"prev\" href=\"");
		html_attrf(h, "%s%soffset=%" PRId64 "&limit=%" PRId64, base, sep, prev > 0 ? prev : 0, limit);
		HTML_LIT(h, "\">");
		html_tr(h, "Previous");
		HTML_LIT(h, "</a> ");
	}
	if (has_next) {
		HTML_LIT(h, "<a rel=\"next\" href=\"");
		html_attrf(h, "%s%soffset=%" PRId64 "&limit=%" PRId64, base, sep, offset + limit, limit);
		HTML_LIT(h, "\">");
		html_tr(h, "Next");
		HTML_LIT(h, "</a>");
	}
	HTML_LIT(h, "</nav>");
}

/*
 * Every kind of record the audit trail names, with its page (NULL: shown
 * on another record's page) and its name for people. A module adds its
 * kinds here; link_record() and the audit trail's filter read this list.
 */
const struct record_kind record_kinds[] = {
	{ "unit", "/units/", N_("Organisation unit") },
	{ "user", "/users/", N_("User") },
	{ "role_assignment", NULL, N_("Role assignment") },
	{ "api_token", NULL, N_("API token") },
	{ "session", NULL, N_("Session") },
	{ "calendar_key", NULL, N_("Calendar link") },
	{ "asset", "/assets/", N_("Asset") },
	{ "asset_link", NULL, N_("Dependency") },
	{ "asset_requirement", NULL, N_("Requirement assessment") },
	{ "classification", NULL, N_("Classification") },
	{ "class_model", NULL, N_("Classification model") },
	{ "class_question", NULL, N_("Classification question") },
	{ "requirement", "/requirements/", N_("Requirement") },
	{ "action", "/activities/", N_("Activity") }, /* the tracked actions of earlier versions are activities */
	{ "activity", "/activities/", N_("Activity") },
	{ "activity_link", NULL, N_("What an activity addresses") },
	{ "plan", "/plans/", N_("Action plan") },
	{ "plan_area", NULL, N_("Area") },
	{ "wheel_item", "/wheel/items/", N_("Recurring activity") },
	{ "wheel_occurrence", NULL, N_("Occurrence in the annual wheel") },
	{ "risk", "/risks/", N_("Risk") },
	{ "risk_analysis", "/risk-analyses/", N_("Risk analysis") },
	{ "risk_concern", NULL, N_("What the risk concerns") },
	{ "risk_measure", NULL, N_("Measure") },
	{ "risk_threat", NULL, N_("Threat") },
	{ "risk_scale", NULL, N_("Risk scale") },
	{ "continuity_plan", "/continuity/", N_("Continuity plan") },
	{ "exercise", "/exercises/", N_("Exercise") },
	{ "incident", "/incidents/", N_("Incident") },
	{ "incident_asset", NULL, N_("Affected asset") },
	{ "incident_category", NULL, N_("Incident category") },
	{ "incident_decision", NULL, N_("Decision") },
	{ "incident_notification", NULL, N_("Notification duty") },
	{ "incident_filing", NULL, N_("Report filed with an authority") },
	{ "incident_settings", NULL, N_("Incident settings") },
	{ "processing_activity", "/gdpr/activities/", N_("Processing activity") },
	{ "gdpr_category", NULL, N_("Category of data subjects or personal data") },
	{ "gdpr_transfer", NULL, N_("Third-country transfer") },
	{ "gdpr_tia", NULL, N_("Transfer impact assessment") },
	{ "dpia", "/gdpr/dpias/", N_("Impact assessment") },
	{ "processor", "/gdpr/processors/", N_("Processor") },
	{ "processor_agreement", NULL, N_("Processor agreement") },
	{ "governing_document", "/governing-documents/", N_("Governing document") },
	{ "course", "/training/courses/", N_("Course") },
	{ "governing_document_read", "/governing-documents/read/", N_("Governing document to read") },
	{ "training_group", "/training/groups/", N_("Target group") },
	{ "training_completion", NULL, N_("Completion") },
	{ "training_count", NULL, N_("Counted completions") },
	{ "oidc_provider", NULL, N_("Identity provider") },
	{ "signin_settings", NULL, N_("Sign-in settings") },
	{ "sign_in", NULL, N_("Sign-in") },
	{ "oidc_group_role", NULL, N_("Group that suggests a role") },
	{ "role_suggestion", NULL, N_("Suggested role") },
	{ "inspection", "/inspections/", N_("Audit") },
	{ "inspection_file", NULL, N_("Report file") },
	{ "recommendation", "/recommendations/", N_("Recommendation") },
	{ "finding", NULL, N_("Finding of a follow-up") },
	{ "response", "/responses/", N_("Audit response") },
	{ "action_area", NULL, N_("Action area") },
	{ "measure", "/measures/", N_("Measure of an audit response") },
	{ "intcontrol_plan", "/internal-control/", N_("Internal control plan") },
	{ "intcontrol_process", NULL, N_("Process in the materiality and risk analysis") },
	{ "intcontrol_point", "/internal-control/points/", N_("Control point") },
	{ "intcontrol_result", "/internal-control/results/", N_("Result of a control point") },
	{ "intcontrol_deviation", "/internal-control/deviations/", N_("Deviation in internal control") },
	{ "maturity", "/maturity/", N_("Self-assessment") },
	{ "maturity_question", NULL, N_("Self-assessment question") },
	{ "review", "/reviews/", N_("Management review") },
	{ "dpo_recommendation", NULL, N_("Data protection officer's recommendation") },
	{ "audit", "/audit/", N_("Audit entry") },
	{ NULL, NULL, NULL },
};

const struct record_kind *record_kind_find(const char *kind)
{
	for (const struct record_kind *k = record_kinds; kind && k->kind; k++)
		if (!strcmp(kind, k->kind))
			return k;
	return NULL;
}

void link_record(struct html *h, const char *kind, int64_t id, const char *label)
{
	const struct record_kind *k = record_kind_find(kind);

	if (id > 0 && k && k->path) {
		HTML_LIT(h, "<a href=\"");
		html_attr(h, k->path);
		html_int(h, id);
		HTML_LIT(h, "\">");
		html_text(h, label);
		HTML_LIT(h, "</a>");
		return;
	}
	html_text(h, label);
}

/* The depth of a unit below its organisation, from its path "/1/4/9/" (0 for the organisation). */
static int depth_of(const char *path)
{
	int n = 0;
	for (const char *p = path; p && *p; p++)
		n += *p == '/';
	return n > 2 ? n - 2 : 0;
}

static const char *indented(struct arena *a, const struct unit *u)
{
	struct buf b;
	buf_init(&b, a);
	for (int i = depth_of(u->path); i > 0; i--)
		buf_adds(&b, "– ");
	buf_adds(&b, u->name);
	return buf_cstr(&b);
}

static void picker_init(struct req *r, struct picker *p, size_t n, const char *first_label)
{
	p->values = arena_calloc(r->arena, n + 1, sizeof(char *));
	p->labels = arena_calloc(r->arena, n + 1, sizeof(char *));
	p->n = 0;
	p->typed = false;
	p->kind = PICKER_UNITS;
	p->typeahead = NULL;
	if (first_label) {
		p->values[0] = "";
		p->labels[0] = tr(r->lang, first_label);
		p->n = 1;
	}
}

/* @units (@n, in tree order) into @out as picker_units() says. */
static void units_into(struct req *r, const struct unit *units, size_t n, const char *any_label,
		       bool (*keep)(struct req *r, const struct unit *u, const void *ctx), const void *ctx,
		       struct picker *out)
{
	picker_init(r, out, n, any_label);
	for (size_t i = 0; i < n; i++) {
		if (keep && !keep(r, &units[i], ctx))
			continue;
		out->values[out->n] = arena_printf(r->arena, "%" PRId64, units[i].id);
		out->labels[out->n++] = indented(r->arena, &units[i]);
	}
}

/*
 * The units the signed-in user sees, in tree order (the organisations alone when @roots); when @may_type and
 * there are more than UNIT_SELECT_MAX, none (*typed set).
 */
static int picker_unit_list(struct req *r, struct db *db, bool roots, bool may_type, struct unit **units, size_t *n,
			    bool *typed)
{
	struct unit_filter f = { 0 };
	int rc;

	f.viewer_id = r->auth->user_id;
	f.parent_id = roots ? -1 : 0;
	f.limit = may_type ? UNIT_SELECT_MAX + 1 : PICKER_LIMIT; /* one more tells that there are more */
	*typed = false;
	if (may_type) { /* counted first (kept per data version): past UNIT_SELECT_MAX none are read */
		int64_t seen;
		if ((rc = unit_count_seen(db, r->arena, f.viewer_id, UNIT_SELECT_MAX + 1, &seen, &r->err)))
			return rc;
		if ((*typed = seen > UNIT_SELECT_MAX)) {
			*units = NULL;
			*n = 0;
			return 0;
		}
	}
	if ((rc = unit_list(db, r->arena, &f, units, n, NULL, &r->err)))
		return rc;
	if ((*typed = may_type && *n > UNIT_SELECT_MAX))
		*n = 0;
	unit_order_sv(r->arena, *units, *n);
	return 0;
}

/* The units of picker_units(): the organisations alone when @roots; typed in past UNIT_SELECT_MAX when @may_type. */
static int units_picker(struct req *r, struct db *db, const char *any_label,
			bool (*keep)(struct req *r, const struct unit *u, const void *ctx), const void *ctx, bool roots,
			bool may_type, struct picker *out)
{
	struct unit *units;
	size_t n;
	bool typed;
	int rc = picker_unit_list(r, db, roots, may_type, &units, &n, &typed);

	if (rc)
		return rc;
	units_into(r, units, n, any_label, keep, ctx, out);
	out->typed = typed;
	return 0;
}

int picker_units(struct req *r, struct db *db, const char *any_label,
		 bool (*keep)(struct req *r, const struct unit *u, const void *ctx), const void *ctx,
		 struct picker *out)
{
	return units_picker(r, db, any_label, keep, ctx, false, true, out);
}

int picker_units_twice(struct req *r, struct db *db, const char *any_label, struct picker *all,
		       bool (*keep)(struct req *r, const struct unit *u, const void *ctx), const void *ctx,
		       struct picker *kept)
{
	struct unit *units;
	size_t n;
	bool typed;
	int rc = picker_unit_list(r, db, false, true, &units, &n, &typed);

	if (rc)
		return rc;
	units_into(r, units, n, any_label, NULL, NULL, all);
	units_into(r, units, n, NULL, keep, ctx, kept);
	all->typed = kept->typed = typed;
	return 0;
}

int picker_units_listed(struct req *r, struct db *db, struct picker *out)
{
	return units_picker(r, db, NULL, NULL, NULL, false, false, out);
}

int picker_organisations(struct req *r, struct db *db, struct picker *out)
{
	return units_picker(r, db, NULL, NULL, NULL, true, false, out);
}

bool picker_keep_editable(struct req *r, const struct unit *u, const void *ctx)
{
	(void)ctx;
	return authz_in_scope(r->auth, ACCESS_EDIT, u->path);
}

bool picker_keep_gdpr(struct req *r, const struct unit *u, const void *ctx)
{
	(void)ctx;
	return authz_in_scope(r->auth, ACCESS_GDPR, u->path);
}

/* @users (@n, in user name order) into @out as picker_users() says. */
static void users_into(struct req *r, const struct user *users, size_t n, const char *none_label, int64_t keep_a,
		       int64_t keep_b, struct picker *out)
{
	picker_init(r, out, n, none_label);
	out->kind = PICKER_PEOPLE;
	for (size_t i = 0; i < n; i++) {
		if (!users[i].active && users[i].id != keep_a && users[i].id != keep_b)
			continue;
		out->values[out->n] = arena_printf(r->arena, "%" PRId64, users[i].id);
		out->labels[out->n++] = user_choice_label(r->arena, users[i].display_name, users[i].username);
	}
}

/* Whether @id (0 or less: none) is one of @users. */
static bool among(const struct user *users, size_t n, int64_t id)
{
	for (size_t i = 0; i < n; i++)
		if (users[i].id == id)
			return true;
	return id <= 0;
}

int picker_users(struct req *r, struct db *db, const char *none_label, int64_t keep_a, int64_t keep_b,
		 struct picker *out)
{
	struct user_filter f = { .active = 1, .limit = PERSON_SELECT_MAX + 1 }; /* one more tells there are more */
	struct user *users;
	size_t n;
	int rc;

	if ((rc = user_list(db, r->arena, &f, &users, &n, NULL, &r->err)))
		return rc;
	if (n > PERSON_SELECT_MAX) {
		users_into(r, users, 0, none_label, 0, 0, out);
		out->typed = true;
		return 0;
	}
	/* An inactive person chosen now keeps their place among the others, in user name order. */
	if (!among(users, n, keep_a) || !among(users, n, keep_b)) {
		f.active = -1;
		f.limit = PICKER_LIMIT;
		if ((rc = user_list(db, r->arena, &f, &users, &n, NULL, &r->err)))
			return rc;
	}
	users_into(r, users, n, none_label, keep_a, keep_b, out);
	return 0;
}

/* picker_assets() of the assets of @unit_id's subtree (0: all). */
static int assets_picker(struct req *r, struct db *db, int64_t unit_id, const char *none_label, int64_t keep,
			 struct picker *out)
{
	struct asset_filter f;
	struct asset *list, kept;
	size_t n;
	bool listed = keep <= 0;
	int rc;

	asset_filter_init(&f);
	f.viewer_id = r->auth->user_id;
	f.unit_id = unit_id;
	f.limit = ASSET_SELECT_MAX + 1; /* one more tells that there are more */
	if ((rc = asset_list(db, r->arena, &f, &list, &n, NULL, &r->err)))
		return rc;
	if (n > ASSET_SELECT_MAX) {
		picker_init(r, out, 0, none_label);
		out->kind = PICKER_ASSETS;
		out->typed = true;
		return 0;
	}
	picker_init(r, out, n + 1, none_label);
	out->kind = PICKER_ASSETS;
	for (size_t i = 0; i < n; i++) {
		listed = listed || list[i].id == keep;
		out->values[out->n] = arena_printf(r->arena, "%" PRId64, list[i].id);
		out->labels[out->n++] = asset_choice_label(r->arena, &list[i]);
	}
	/* The record's asset in a unit the user does not see: kept as it is, not named. */
	if (!listed && asset_get(db, r->arena, keep, &kept, NULL) == 0) {
		out->values[out->n] = arena_printf(r->arena, "%" PRId64, keep);
		out->labels[out->n++] = authz_in_scope(r->auth, ACCESS_READ, kept.unit_path)
						? asset_choice_label(r->arena, &kept)
						: tr(r->lang, "An asset in another unit");
	}
	return 0;
}

int picker_assets(struct req *r, struct db *db, const char *none_label, int64_t keep, struct picker *out)
{
	return assets_picker(r, db, 0, none_label, keep, out);
}

int picker_assets_of(struct req *r, struct db *db, int64_t unit_id, struct picker *out)
{
	return assets_picker(r, db, unit_id, NULL, 0, out);
}

/* Where a typed field of @p asks its suggestions as one types. */
static const char *typeahead_of(const struct picker *p)
{
	if (p->typeahead)
		return p->typeahead;
	switch (p->kind) {
	case PICKER_PEOPLE:
		return "/api/v1/people?q=";
	case PICKER_ASSETS:
		return "/api/v1/assets/choices?q=";
	case PICKER_DOCUMENTS:
		return "/api/v1/governing-documents/choices?q=";
	default:
		return "/api/v1/units/choices?q=";
	}
}

/* Whether @s is a whole number, as a select sends an id. */
static bool is_id(const char *s);

/*
 * What the typed field @name of @p holds: what was typed when it named nothing or several, else the name of
 * the unit or person @selected_id (0: empty) as a suggestion reads. A record in a unit the user does not see
 * cannot be named: its number stands in the field, which a form takes as the record itself, so that saving
 * the form keeps it as the select does (typed_field() says so).
 */
static const char *typed_value(struct req *r, const struct picker *p, const char *name, int64_t selected_id)
{
	const struct req_typed *t = req_typed_of(r, name);
	struct db *db;
	struct unit u;
	struct user who;
	struct asset as;
	struct governing_document d;

	if (t)
		return t->text;
	if (selected_id <= 0 || !(db = req_db(r)))
		return NULL;
	if (p->kind == PICKER_DOCUMENTS) {
		if (governing_document_get(db, r->arena, selected_id, &d, NULL))
			return NULL;
		return authz_in_scope(r->auth, ACCESS_READ, d.unit_path)
			       ? governing_document_choice_label(r->arena, &d)
			       : arena_printf(r->arena, "%" PRId64, selected_id);
	}
	if (p->kind == PICKER_ASSETS) {
		if (asset_get(db, r->arena, selected_id, &as, NULL))
			return NULL;
		return authz_in_scope(r->auth, ACCESS_READ, as.unit_path)
			       ? asset_choice_label(r->arena, &as)
			       : arena_printf(r->arena, "%" PRId64, selected_id);
	}
	if (p->kind == PICKER_PEOPLE)
		return user_get(db, r->arena, selected_id, &who, NULL) == 0
			       ? user_choice_label(r->arena, who.display_name, who.username)
			       : NULL;
	return unit_get(db, r->arena, selected_id, &u, NULL) == 0 ? unit_choice_label(db, r->arena, &u) : NULL;
}

/* The assets the user sees whose name holds @text's (without its " (Unit)"), at most 20, as options. */
static void asset_options(struct html *h, struct req *r, struct db *db, const char *text)
{
	char *q = str_trim(arena_strdup(r->arena, text));
	char *open = strrchr(q, '(');
	struct asset_filter f;
	struct asset *list;
	size_t n = 0;

	if (open && open > q && open[-1] == ' ' && q[strlen(q) - 1] == ')')
		open[-1] = 0;
	asset_filter_init(&f);
	f.viewer_id = r->auth->user_id;
	f.q = str_trim(q);
	f.limit = 20;
	if (!*f.q || asset_list(db, r->arena, &f, &list, &n, NULL, NULL))
		return;
	for (size_t i = 0; i < n; i++) {
		HTML_LIT(h, "<option value=\"");
		html_attr(h, asset_choice_label(r->arena, &list[i]));
		HTML_LIT(h, "\"></option>");
	}
}

/* The documents the user sees whose title holds @text's (without its " (…)"), at most 20, as options. */
static void document_options(struct html *h, struct req *r, struct db *db, const char *text)
{
	char *q = str_trim(arena_strdup(r->arena, text));
	char *open = strrchr(q, '(');
	struct governing_document_filter f = { .viewer_id = r->auth->user_id, .limit = 20 };
	struct governing_document *list;
	size_t n = 0;

	if (open && open > q && open[-1] == ' ' && q[strlen(q) - 1] == ')')
		open[-1] = 0;
	f.q = str_trim(q);
	if (!*f.q || governing_document_list(db, r->arena, &f, &list, &n, NULL, NULL))
		return;
	for (size_t i = 0; i < n; i++) {
		HTML_LIT(h, "<option value=\"");
		html_attr(h, governing_document_choice_label(r->arena, &list[i]));
		HTML_LIT(h, "\"></option>");
	}
}

/*
 * The datalist @list_id of a typed field @name: empty, filled by static/app.js as one types; for a person
 * asset or document whose text named none or several, the active people, or the assets or documents the user
 * sees, it matches (at most 20), which work without script.
 */
static void typed_datalist(struct html *h, struct req *r, const struct picker *p, const char *name, const char *list_id)
{
	const struct req_typed *t = p->kind != PICKER_UNITS ? req_typed_of(r, name) : NULL;
	struct user_filter f = { .active = 1, .limit = 20 };
	struct user *users;
	size_t n = 0;
	struct db *db;

	HTML_LIT(h, "<datalist id=\"");
	html_attr(h, list_id);
	HTML_LIT(h, "\">");
	if (t && p->kind != PICKER_PEOPLE) {
		if ((db = req_db(r)) && p->kind == PICKER_ASSETS)
			asset_options(h, r, db, t->text);
		else if (db)
			document_options(h, r, db, t->text);
		HTML_LIT(h, "</datalist>");
		return;
	}
	f.q = t ? str_trim(arena_strdup(r->arena, t->text)) : NULL;
	if (f.q && (db = req_db(r)) && user_list(db, r->arena, &f, &users, &n, NULL, NULL) == 0) {
		for (size_t i = 0; i < n; i++) {
			HTML_LIT(h, "<option value=\"");
			html_attr(h, user_choice_label(r->arena, users[i].display_name, users[i].username));
			HTML_LIT(h, "\"></option>");
		}
	}
	HTML_LIT(h, "</datalist>");
}

/*
 * The text field of a typed picker @p (a list's filter when @filter), with its suggestions and a hint that
 * says what to type and what empty means.
 */
static void typed_field(struct html *h, struct req *r, const char *name, const char *label, const struct picker *p,
			int64_t selected_id, bool filter, const struct err *e)
{
	const char *list_id = arena_printf(r->arena, "dl-%s", name);
	const char *empty_label = p->n && !*p->values[0] ? p->labels[0] : NULL;
	const char *value = typed_value(r, p, name, selected_id);

	form_suggest(h, r, name, label, value, list_id, typeahead_of(p), e);
	typed_datalist(h, r, p, name, list_id);
	HTML_LIT(h, "<p class=\"hint\">");
	if (value && is_id(value)) {
		html_tr(h, N_("The current choice is in a unit you do not see, so the field shows its number: it is "
			      "kept as it is unless you choose another."));
		HTML_LIT(h, " ");
	}
	if (p->kind == PICKER_PEOPLE)
		html_tr(h, N_("Type a name or user name and choose among the suggestions."));
	else if (p->kind == PICKER_ASSETS)
		html_tr(h, N_("Type the asset's name and choose among the suggestions, which name its unit too."));
	else if (p->kind == PICKER_DOCUMENTS)
		html_tr(h, N_("Type the document's title and choose among the suggestions, which name its version and "
			      "unit too."));
	else
		html_tr(h, filter ? N_("Type the unit's name and choose among the suggestions; leave it empty for "
				       "every unit.")
				  : N_("Type the unit's name and choose among the suggestions."));
	/* What the select's empty choice was ("Nobody", "The whole installation"), said; a unit filter's hint says it. */
	/* An asset field's empty choice asks for one ("Choose the asset or process"): nothing to say. */
	if (empty_label && !(filter && p->kind == PICKER_UNITS) && p->kind != PICKER_ASSETS) {
		HTML_LIT(h, " ");
		html_tr(h, "Left empty, it means:");
		HTML_LIT(h, " ");
		html_text(h, empty_label);
		HTML_LIT(h, ".");
	}
	HTML_LIT(h, "</p>");
}

void form_picker_filter(struct html *h, struct req *r, const char *name, const char *label, const struct picker *p)
{
	int64_t id = 0;

	if (!p->typed) {
		form_select(h, r, name, label, p->values, p->labels, p->n, req_query(r, name), false, NULL);
		return;
	}
	if (!str_to_i64(req_query(r, name) ? req_query(r, name) : "", &id))
		id = 0;
	typed_field(h, r, name, label, p, id, true, NULL);
}

void form_unit_filter(struct html *h, struct req *r, const char *name, const char *label, const struct picker *p)
{
	form_picker_filter(h, r, name, label, p);
}

void picker_control(struct html *h, struct req *r, const char *name, const char *id, const struct picker *p)
{
	const char *list_id = arena_printf(r->arena, "dl-%s", id);

	if (!p->typed) {
		HTML_LIT(h, "<select name=\"");
		html_attr(h, name);
		HTML_LIT(h, "\" id=\"");
		html_attr(h, id);
		HTML_LIT(h, "\">");
		for (size_t k = 0; k < p->n; k++) {
			HTML_LIT(h, "<option value=\"");
			html_attr(h, p->values[k]);
			HTML_LIT(h, "\">");
			html_text(h, p->labels[k]);
			HTML_LIT(h, "</option>");
		}
		HTML_LIT(h, "</select>");
		return;
	}
	HTML_LIT(h, "<input type=\"text\" name=\"");
	html_attr(h, name);
	HTML_LIT(h, "\" id=\"");
	html_attr(h, id);
	HTML_LIT(h, "\" list=\"");
	html_attr(h, list_id);
	HTML_LIT(h, "\" data-typeahead=\"");
	html_attr(h, typeahead_of(p));
	HTML_LIT(h, "\" autocomplete=\"off\"><datalist id=\"");
	html_attr(h, list_id);
	HTML_LIT(h, "\"></datalist>");
}

/* The fields a typed picker sends as text, by what they choose. */
static const char *const unit_fields[] = { "unit_id", "to_unit_id", "responsible_unit_id", "parent_id" };
static const char *const person_fields[] = { "owner_id",    "administrator_id", "responsible_id", "dpo_id",
					     "accepted_by", "checked_by",       "user_id" };
static const char *const asset_fields[] = { "asset_id", "asset_ids" };
static const char *const document_fields[] = { "replaces_id" };
#define N_UNIT_FIELDS   (sizeof(unit_fields) / sizeof(unit_fields[0]))
#define N_PERSON_FIELDS (sizeof(person_fields) / sizeof(person_fields[0]))
#define N_ASSET_FIELDS  (sizeof(asset_fields) / sizeof(asset_fields[0]))
#define N_DOC_FIELDS    (sizeof(document_fields) / sizeof(document_fields[0]))

/* What @kv chooses when it is a unit, person, asset or document field holding text (not an id, not empty); else -1. */
static int typed_kind(const struct kv *kv)
{
	if (kv->is_file || !kv->val || str_blank(kv->val) || is_id(kv->val))
		return -1;
	if (str_index(unit_fields, N_UNIT_FIELDS, kv->key) >= 0)
		return REQ_TYPED_UNIT;
	if (str_index(person_fields, N_PERSON_FIELDS, kv->key) >= 0)
		return REQ_TYPED_PERSON;
	if (str_index(asset_fields, N_ASSET_FIELDS, kv->key) >= 0)
		return REQ_TYPED_ASSET;
	if (str_index(document_fields, N_DOC_FIELDS, kv->key) >= 0)
		return REQ_TYPED_DOCUMENT;
	return -1;
}

static int resolve_kv(struct req *r, struct db *db, struct kv *kv, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		int kind = typed_kind(&kv[i]);
		int64_t id = 0;
		size_t matches = 0;
		struct err e = { 0 };
		int rc;

		if (kind < 0)
			continue;
		if (kind == REQ_TYPED_UNIT)
			rc = unit_find_choice(db, r->arena, r->auth->user_id, kv[i].val, &id, &matches, &e);
		else if (kind == REQ_TYPED_ASSET)
			rc = asset_find_choice(db, r->arena, r->auth->user_id, kv[i].val, &id, &matches, &e);
		else if (kind == REQ_TYPED_DOCUMENT)
			rc = governing_document_find_choice(db, r->arena, r->auth->user_id, kv[i].val, &id, &matches,
							    &e);
		else
			rc = user_find_text(db, r->arena, kv[i].val, &id, &matches, &e);
		if (rc) {
			r->err = e;
			return rc;
		}
		if (!id)
			req_typed_add(r, kv[i].key, kv[i].val, (enum req_typed_kind)kind, matches);
		kv[i].val = id ? arena_printf(r->arena, "%" PRId64, id) : "-1";
		kv[i].len = strlen(kv[i].val);
	}
	return 0;
}

int picker_fields_resolve(struct req *r)
{
	bool any = false;
	struct db *db;
	int rc;

	if (!r->auth)
		return 0;
	for (size_t i = 0; i < r->n_query && !any; i++)
		any = typed_kind(&r->query[i]) >= 0;
	for (size_t i = 0; i < r->n_form && !any; i++)
		any = typed_kind(&r->form[i]) >= 0;
	if (!any)
		return 0;
	if (!(db = req_db(r)))
		return r->err.code ? r->err.code : ERR_DB;
	if ((rc = resolve_kv(r, db, r->query, r->n_query)))
		return rc;
	return resolve_kv(r, db, r->form, r->n_form);
}

void form_picker(struct html *h, struct req *r, const char *name, const char *label, const struct picker *p,
		 int64_t selected_id, const struct err *e)
{
	const char *sel = selected_id ? arena_printf(r->arena, "%" PRId64, selected_id) : "";
	bool long_list = p->n > PICKER_FILTER_AT;

	if (p->typed) {
		typed_field(h, r, name, label, p, selected_id, false, e);
		return;
	}

	if (long_list) {
		HTML_LIT(h, "<div class=\"filterable\" data-filter-label=\"");
		html_tr(h, "Type to narrow the choices");
		HTML_LIT(h, "\">");
	}
	form_select(h, r, name, label, p->values, p->labels, p->n, sel, false, e);
	if (long_list)
		HTML_LIT(h, "</div>");
}

/* Whether @s is a whole number, as a select sends an id. */
static bool is_id(const char *s)
{
	int64_t v;
	return s && *s && str_to_i64(s, &v) && v >= 0;
}

void form_filter_select(struct html *h, struct req *r, const char *name, const char *label, const char *any_label,
			const char *const *values, const char *const *labels, size_t n, const char *selected)
{
	const char **v = arena_calloc(r->arena, n + 1, sizeof(char *));
	const char **l = arena_calloc(r->arena, n + 1, sizeof(char *));

	v[0] = "";
	l[0] = any_label;
	for (size_t i = 0; i < n; i++) {
		v[i + 1] = values[i];
		l[i + 1] = labels[i];
	}
	form_select(h, r, name, label, v, l, n + 1, selected ? selected : "", true, NULL);
}

int page_saved(struct req *r, int rc, const struct err *e, const char *done, page_again_fn again, const void *ctx)
{
	if (rc == 0)
		return resp_redirect(r, done);
	if (rc != ERR_INVALID && rc != ERR_EXISTS && rc != ERR_CONFLICT) {
		r->err = *e;
		return rc;
	}
	r->resp.status = rc == ERR_CONFLICT ? 409 : 400;
	return again(r, ctx, e);
}

void page_theirs_open(struct html *h)
{
	HTML_LIT(h, "<section class=\"theirs\" aria-labelledby=\"theirs-h\"><h2 id=\"theirs-h\">");
	html_tr(h, "The version saved by someone else");
	HTML_LIT(h, "</h2>");
}

/* --- tables -------------------------------------------------------------------------- */

const char TABLE_NUM[] = "num";

/* The address of @s's list sorted by @key: the kept filters, then sort and, for the column sorted now, the other order. */
static const char *sort_link(struct req *r, const struct table_sort *s, const char *key)
{
	struct url u;
	const char *limit = req_query(r, "limit");

	url_init(&u, r->arena, s->path);
	for (size_t i = 0; s->keep[i]; i++)
		if (strcmp(s->keep[i], "sort") && strcmp(s->keep[i], "order"))
			url_add(&u, s->keep[i], req_query(r, s->keep[i]));
	url_add(&u, "sort", key);
	if (s->sorted && !strcmp(key, s->sorted))
		url_add(&u, "order", s->desc ? "asc" : "desc");
	url_add(&u, "limit", limit);
	return url_str(&u);
}

static void head_row(struct html *h, struct req *r, const struct table_sort *s, const char *const *cols)
{
	size_t k = 0;

	HTML_LIT(h, "<thead><tr>");
	for (; *cols; cols++, k++) {
		const char *key = s && s->keys ? s->keys[k] : NULL;
		bool sorted = key && s->sorted && !strcmp(key, s->sorted);

		HTML_LIT(h, "<th scope=\"col\"");
		if (*cols == TABLE_NUM) {
			HTML_LIT(h, " class=\"num\"");
			cols++;
		}
		if (sorted) {
			if (s->desc)
				HTML_LIT(h, " aria-sort=\"descending\"");
			else
				HTML_LIT(h, " aria-sort=\"ascending\"");
		}
		HTML_LIT(h, ">");
		if (!key) {
			html_tr(h, *cols);
			HTML_LIT(h, "</th>");
			continue;
		}
		HTML_LIT(h, "<a class=\"sort\" href=\"");
		html_attr(h, sort_link(r, s, key));
		HTML_LIT(h, "\">");
		html_tr(h, *cols);
		if (sorted && s->desc)
			HTML_LIT(h, " <span aria-hidden=\"true\">▼</span>");
		else if (sorted)
			HTML_LIT(h, " <span aria-hidden=\"true\">▲</span>");
		HTML_LIT(h, "</a></th>");
	}
	HTML_LIT(h, "</tr></thead><tbody>");
}

void table_head(struct html *h, const char *const *cols)
{
	head_row(h, NULL, NULL, cols);
}

void table_head_sorted(struct html *h, struct req *r, const struct table_sort *s, const char *const *cols)
{
	head_row(h, r, s, cols);
}

void table_open_sorted(struct html *h, struct req *r, const char *caption, int64_t total, const struct table_sort *s,
		       const char *const *cols)
{
	HTML_LIT(h, "<table><caption>");
	html_tr(h, caption);
	if (total >= 0) {
		HTML_LIT(h, " (");
		html_int(h, total);
		HTML_LIT(h, ")");
	}
	HTML_LIT(h, "</caption>");
	head_row(h, r, s, cols);
}

void table_open(struct html *h, const char *caption, int64_t total, const char *const *cols)
{
	table_open_sorted(h, NULL, caption, total, NULL, cols);
}

void table_open_sr(struct html *h, const char *caption, const char *const *cols)
{
	HTML_LIT(h, "<table><caption class=\"sr-only\">");
	html_tr(h, caption);
	HTML_LIT(h, "</caption>");
	table_head(h, cols);
}

void table_close(struct html *h)
{
	HTML_LIT(h, "</tbody></table>");
}

void activities_table(struct html *h, struct req *r, const char *caption, const struct activity *activities, size_t n)
{
	if (n == 0) {
		HTML_LIT(h, "<p>");
		html_tr(h, "None.");
		HTML_LIT(h, "</p>");
		return;
	}
	/* Each is an activity of an action plan: its status is kept there. */
	table_open_sr(h, caption,
		      (const char *const[]){ N_("Activity"), N_("Status"), N_("Deadline"), N_("Action plan"), NULL });
	for (size_t i = 0; i < n; i++) {
		const struct activity *ac = &activities[i];
		HTML_LIT(h, "<tr><td>");
		link_record(h, "activity", ac->id, ac->title);
		HTML_LIT(h, "</td><td>");
		html_tr(h, activity_status_label(ac->status));
		HTML_LIT(h, "</td><td>");
		html_text(h, ac->deadline ? ac->deadline : "–");
		HTML_LIT(h, "</td><td>");
		link_record(h, "plan", ac->plan_id,
			    arena_printf(r->arena, "%" PRId64 " – %s", ac->plan_year,
					 ac->plan_title && *ac->plan_title ? ac->plan_title : ac->unit_name));
		HTML_LIT(h, "</td></tr>");
	}
	table_close(h);
}

/* --- one record's forms -------------------------------------------------------------- */

static int64_t member_of(const void *s, size_t at)
{
	int64_t v;
	memcpy(&v, (const char *)s + at, sizeof(v));
	return v;
}

int page_record_create(struct req *r, const struct page_record_def *d)
{
	void *in = arena_calloc(r->arena, 1, d->input_size);
	struct form_view v = { NULL, in, 0, NULL };
	struct err e = { 0 };
	int64_t id = 0;
	struct db *db;
	int rc;

	d->from_form(r, in);
	if (!(db = req_db(r)))
		return r->err.code;
	rc = d->create(r, db, in, &id, &e);
	return page_saved(r, rc, &e, arena_printf(r->arena, "%s%" PRId64 "?msg=created", d->path, id), d->form, &v);
}

int page_record_edit(struct req *r, const struct page_record_def *d)
{
	const void *rec = scope_record(&r->scope, d->kind);
	void *in = arena_calloc(r->arena, 1, d->input_size);
	struct form_view v = { rec, in, member_of(rec, d->at_version), NULL };
	struct db *db;
	int rc;

	if (!d->load)
		d->input_of(rec, in);
	else if (!(db = req_db(r)))
		return r->err.code;
	else if ((rc = d->load(r, db, rec, in)))
		return rc;
	return d->form(r, &v, NULL);
}

int page_record_update(struct req *r, const struct page_record_def *d)
{
	const void *before = scope_record(&r->scope, d->kind);
	void *in = arena_calloc(r->arena, 1, d->input_size);
	void *cur = arena_calloc(r->arena, 1, d->record_size);
	struct form_view v = { before, in, form_int(r, "version", -1), NULL };
	struct err e = { 0 };
	struct db *db;
	int rc;

	if (d->input_of)
		d->input_of(before, in);
	d->from_form(r, in);
	if (!(db = req_db(r)))
		return r->err.code;
	rc = d->update(r, db, before, v.version, in, cur, &e);
	if (rc == ERR_CONFLICT && member_of(cur, d->at_id)) {
		v.rec = v.cur = cur;
		v.version = member_of(cur, d->at_version);
	}
	return page_saved(r, rc, &e,
			  arena_printf(r->arena, "%s%" PRId64 "?msg=saved", d->path, member_of(before, d->at_id)),
			  d->form, &v);
}

/* --- a list as a file ----------------------------------------------------------------- */

int page_export(struct req *r, const struct page_export *x)
{
	const char *ext = strrchr(r->path, '.');
	int format = export_format_parse(ext ? ext + 1 : NULL);
	void *f = arena_calloc(r->arena, 1, x->filter_size);
	const char *data, *mime;
	size_t len;
	struct db *db;
	int rc;

	if (format < 0)
		BUG("a list's download is routed at an address that does not end in .xlsx, .csv or .json");
	if ((rc = x->filter(r, f)))
		return rc;
	if (!(db = req_db(r)))
		return r->err.code;
	memcpy((char *)f + x->at_viewer, &r->auth->user_id, sizeof(int64_t));
	if ((rc = x->render(r, db, f, (enum export_format)format, &data, &len, &mime)))
		return rc;
	resp_file(r, data, len, mime, x->filename(r->arena, (enum export_format)format));
	return 0;
}

void export_button(struct html *h, struct req *r, const char *path, const char *const *args, const char *label)
{
	HTML_LIT(h, "<a class=\"button\" href=\"");
	html_attr(h, url_keep(r, path, args));
	HTML_LIT(h, "\">");
	html_tr(h, label);
	HTML_LIT(h, "</a> ");
}

void export_buttons(struct html *h, struct req *r, const char *path, const char *const *args)
{
	static const char *const ext[] = { "xlsx", "csv", "json" };
	static const char *const label[] = { N_("Export XLSX"), N_("Export CSV"), N_("Export JSON") };

	for (size_t i = 0; i < 3; i++)
		export_button(h, r, arena_printf(r->arena, "%s/export.%s", path, ext[i]), args, label[i]);
}

/* --- a page's parts ------------------------------------------------------------------- */

void page_crumb(struct html *h, const char *href, const char *msgid)
{
	HTML_LIT(h, "<p class=\"crumbs\"><a href=\"");
	html_attr(h, href);
	HTML_LIT(h, "\">");
	html_tr(h, msgid);
	HTML_LIT(h, "</a></p>");
}

void page_h1(struct html *h, const char *msgid)
{
	HTML_LIT(h, "<h1>");
	html_tr(h, msgid);
	HTML_LIT(h, "</h1>");
}

void page_button(struct html *h, const char *href, const char *msgid)
{
	HTML_LIT(h, "<p class=\"actions\"><a class=\"button\" href=\"");
	html_attr(h, href);
	HTML_LIT(h, "\">");
	html_tr(h, msgid);
	HTML_LIT(h, "</a></p>");
}

void filters_open(struct html *h, const char *action)
{
	HTML_LIT(h, "<form class=\"filters\" method=\"get\" action=\"");
	html_attr(h, action);
	HTML_LIT(h, "\">");
}

void filters_search_open(struct html *h, const char *action)
{
	HTML_LIT(h, "<form class=\"filters\" method=\"get\" action=\"");
	html_attr(h, action);
	HTML_LIT(h, "\" role=\"search\" aria-label=\"");
	html_tr(h, "Filter the list");
	HTML_LIT(h, "\">");
}

void filters_close(struct html *h)
{
	form_submit(h, "Filter", true);
	HTML_LIT(h, "</form>");
}

void filters_clear_close(struct html *h, const char *href)
{
	form_submit(h, "Filter", true);
	HTML_LIT(h, " <a href=\"");
	html_attr(h, href);
	HTML_LIT(h, "\">");
	html_tr(h, "Clear the filters");
	HTML_LIT(h, "</a></form>");
}

void filters_more_open(struct html *h, const struct req *r)
{
	static const char *const not_folded[] = { "q", "unit_id", "page", "after", "before", "offset", "limit", "msg" };
	bool open = false;

	for (size_t i = 0; i < r->n_query && !open; i++)
		open = r->query[i].val && *r->query[i].val &&
		       table_index(not_folded, sizeof(not_folded) / sizeof(not_folded[0]), r->query[i].key) < 0;
	HTML_LIT(h, "<details class=\"more\"");
	if (open)
		HTML_LIT(h, " open");
	HTML_LIT(h, "><summary>");
	html_tr(h, "More filters");
	HTML_LIT(h, "</summary><div class=\"more-fields\">");
}

void filters_more_close(struct html *h)
{
	HTML_LIT(h, "</div></details>");
}

void filters_refused(struct req *r, void *f, size_t size)
{
	memset(f, 0, size);
	r->resp.status = 400;
}

void page_export_links(struct html *h, struct req *r, const char *path, const char *const *args)
{
	static const char *const formats[] = { "xlsx", "csv", "json" };
	static const char *const labels[] = { N_("Export XLSX"), N_("Export CSV"), N_("Export JSON") };
	HTML_LIT(h, "<p class=\"actions\">");
	for (size_t i = 0; i < 3; i++) {
		struct url u;
		url_init(&u, r->arena, url_keep(r, path, args));
		url_add(&u, "format", formats[i]);
		HTML_LIT(h, "<a class=\"button\" href=\"");
		html_attr(h, url_str(&u));
		HTML_LIT(h, "\">");
		html_tr(h, labels[i]);
		HTML_LIT(h, "</a> ");
	}
	HTML_LIT(h, "</p>");
}

int page_export_format(struct req *r, int *out)
{
	const char *v = req_query(r, "format");
	*out = export_format_parse(v && *v ? v : "xlsx");
	if (*out < 0)
		return err_set(&r->err, ERR_INVALID, "format", N_("The format is json, csv or xlsx."));
	return 0;
}

/* --- the asset search --- */

/* The search as asset_filter_parse() reads it: the words are its q. */
static const char *asset_search_get(void *ctx, const char *name)
{
	return strcmp(name, "q") ? NULL : ctx;
}

static void asset_choice(struct req *r, struct picker *p, const struct asset *o)
{
	const char *kind = "";
	for (int k = 0; k < ASSET_KIND_COUNT; k++)
		if (!strcmp(o->kind, asset_kinds[k]))
			kind = tr(r->lang, asset_kind_labels[k]);
	p->values[p->n] = arena_printf(r->arena, "%" PRId64, o->id);
	p->labels[p->n++] = arena_printf(r->arena, "%s (%s, %s)", o->name, kind, o->unit_name);
}

int asset_search_find(struct req *r, struct db *db, struct asset_search *s, struct picker *out)
{
	const char *q = req_form(r, s->qname);
	struct asset_filter f;
	struct asset *list = NULL, kept;
	size_t n = 0, max = s->max ? s->max : 20;
	int64_t total = 0;
	bool with_kept = false;
	int rc;

	if (!q)
		q = req_query(r, s->qname);
	s->q = q && !str_blank(q) ? q : NULL;
	s->more = false;
	asset_filter_init(&f);
	if (s->q) {
		if ((rc = asset_filter_parse(&f, asset_search_get, (void *)s->q, &r->err))) {
			r->err.field = s->qname;
			return rc;
		}
		f.viewer_id = r->auth->user_id;
		f.unit_id = s->unit_id;
		f.limit = (int64_t)max + 1;
		if ((rc = asset_list(db, r->arena, &f, &list, &n, &total, &r->err)))
			return rc;
	}
	if (s->keep && s->keep != s->skip && asset_get(db, r->arena, s->keep, &kept, NULL) == 0 &&
	    authz_in_scope(r->auth, ACCESS_READ, kept.unit_path))
		with_kept = true;
	out->values = arena_calloc(r->arena, n + 2, sizeof(char *));
	out->labels = arena_calloc(r->arena, n + 2, sizeof(char *));
	out->n = 0;
	for (size_t i = 0; i < n && out->n < max; i++) {
		if (list[i].id == s->skip)
			continue;
		if (list[i].id == s->keep)
			with_kept = false; /* among the matches already */
		asset_choice(r, out, &list[i]);
	}
	if (with_kept)
		asset_choice(r, out, &kept);
	s->more = total > (int64_t)max;
	return 0;
}

void asset_search_form(struct html *h, struct req *r, const struct asset_search *s, const struct picker *found)
{
	HTML_LIT(h, "<form class=\"filters\" method=\"get\" action=\"");
	html_attr(h, s->action);
	HTML_LIT(h, "\" role=\"search\" aria-label=\"");
	html_tr(h, s->label);
	HTML_LIT(h, "\">");
	form_suggest(h, r, s->qname, s->label, s->q, arena_printf(r->arena, "dl-%s", s->qname),
		     arena_printf(r->arena, "/api/v1/assets?limit=10%s&q=",
				  s->unit_id ? arena_printf(r->arena, "&unit_id=%" PRId64, s->unit_id) : ""),
		     NULL);
	HTML_LIT(h, "<datalist id=\"dl-");
	html_attr(h, s->qname);
	HTML_LIT(h, "\"></datalist>");
	form_submit(h, "Search", true);
	HTML_LIT(h, "</form>");
	if (s->q && found->n == 0) {
		HTML_LIT(h, "<p>");
		html_tr(h, "No asset you see matches the search.");
		HTML_LIT(h, "</p>");
	} else if (s->more) {
		HTML_LIT(h, "<p>");
		html_tr(h, "Only the first matches are shown: make the search more precise to find others.");
		HTML_LIT(h, "</p>");
	}
}
