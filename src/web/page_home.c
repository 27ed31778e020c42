/*
 * page_home.c - the start page, the health check and static files.
 *
 * The start page is a workspace: "Att göra" lists what waits for the
 * signed-in user, from every module's task source (domain/tasks.h), in
 * groups (classification drafts to sign, classifications to make or
 * review, requirements to assess, activities and the rest), overdue first,
 * each a link to where it is done; an empty group says what to do next.
 * Coordinators and administrators also see the key figures of the first
 * unit their roles reach and what is overdue there. Every list is read
 * from an index and bounded, so the page costs the same in a city.
 */
#include <string.h>

#include <inttypes.h>

#include "core/arena.h"
#include "core/embed.h"
#include "core/json.h"
#include "domain/activity.h"
#include "domain/figures.h"
#include "domain/plan.h"
#include "domain/tasks.h"
#include "domain/unit.h"
#include "http/static.h"
#include "web/layout.h"
#include "web/page_account.h"
#include "web/page_gdpr.h"
#include "web/page_home.h"
#include "web/widgets.h"

/* How many tasks the start page reads in all, and shows in each group. */
#define TASKS_READ  80
#define GROUP_SHOWN 10
/* How many of what is overdue in a coordinator's units the page lists, per kind. */
#define OVERDUE_SHOWN 5

/* A group of "Att göra": its heading, what to say when it is empty and where to go then. */
struct group_view {
	enum task_group group;
	const char *heading, *empty, *next, *next_label;
	bool owners_only; /* only for people who may own or edit assets */
};

static const struct group_view groups[] = {
	{ TASK_SIGN, N_("Waiting for your signature"), N_("No classification is waiting for your signature."),
	  "/assets", N_("See the information assets"), true },
	{ TASK_CLASSIFY, N_("Classifications to make or review"),
	  N_("None of your assets needs a classification or is due for review."), "/assets",
	  N_("See the information assets"), true },
	{ TASK_ASSESS, N_("Requirements to assess"),
	  N_("Every requirement that applies to your assets is assessed and fulfilled."), "/requirements",
	  N_("See the requirements library"), true },
	{ TASK_OTHER, N_("Activities and other tasks"), N_("You are responsible for nothing unfinished."),
	  "/activities", N_("See the activities of the action plans"), false },
};

static void task_row(struct html *h, struct req *r, const struct task *t)
{
	if (t->overdue)
		HTML_LIT(h, "<tr class=\"overdue\"><th scope=\"row\">");
	else
		HTML_LIT(h, "<tr><th scope=\"row\">");
	if (t->href) {
		HTML_LIT(h, "<a href=\"");
		html_attr(h, t->href);
		HTML_LIT(h, "\">");
		html_text(h, t->title);
		HTML_LIT(h, "</a>");
	} else {
		link_record(h, t->kind, t->id, t->title);
	}
	HTML_LIT(h, "</th><td>");
	html_text(h, t->context);
	HTML_LIT(h, "</td><td>");
	html_tr(h, t->status);
	HTML_LIT(h, "</td><td>");
	html_text(h, t->due ? t->due : "–");
	if (t->overdue) {
		HTML_LIT(h, " <strong class=\"flag\">");
		html_tr(h, "Overdue");
		HTML_LIT(h, "</strong>");
	}
	HTML_LIT(h, "</td></tr>");
	(void)r;
}

/* "@msg <a href=@href>@label</a>" as a paragraph: a list's place when it is empty, and what to do instead. */
static void nothing_here(struct html *h, const char *msg, const char *href, const char *label)
{
	HTML_LIT(h, "<p>");
	html_tr(h, msg);
	HTML_LIT(h, " <a href=\"");
	html_attr(h, href);
	HTML_LIT(h, "\">");
	html_tr(h, label);
	HTML_LIT(h, "</a></p>");
}

/* One group: its tasks (overdue first, as tasks_of() ordered them), or what to do next. */
static void group_section(struct html *h, struct req *r, const struct group_view *g, const struct task *tasks, size_t n)
{
	size_t shown = 0, in_group = 0;

	for (size_t i = 0; i < n; i++)
		in_group += tasks[i].group == g->group;
	HTML_LIT(h, "<section class=\"todo\" aria-labelledby=\"todo-");
	html_int(h, g->group);
	HTML_LIT(h, "\"><h3 id=\"todo-");
	html_int(h, g->group);
	HTML_LIT(h, "\">");
	html_tr(h, g->heading);
	if (in_group) {
		HTML_LIT(h, " (");
		html_int(h, (int64_t)in_group);
		HTML_LIT(h, ")");
	}
	HTML_LIT(h, "</h3>");
	if (!in_group) {
		nothing_here(h, g->empty, g->next, g->next_label);
		HTML_LIT(h, "</section>");
		return;
	}
	HTML_LIT(h, "<table><caption class=\"sr-only\">");
	html_tr(h, g->heading);
	HTML_LIT(h, "</caption>");
	table_head(h, (const char *const[]){ N_("Task"), N_("Where"), N_("Status"), N_("Deadline"), NULL });
	for (size_t i = 0; i < n && shown < GROUP_SHOWN; i++) {
		if (tasks[i].group != g->group)
			continue;
		task_row(h, r, &tasks[i]);
		shown++;
	}
	table_close(h);
	if (in_group > shown) {
		HTML_LIT(h, "<p>");
		html_tr(h, "The first ones are shown, the overdue first.");
		HTML_LIT(h, " <a href=\"");
		html_attr(h, g->next);
		HTML_LIT(h, "\">");
		html_tr(h, g->next_label);
		HTML_LIT(h, "</a></p>");
	}
	if (g->group == TASK_OTHER) {
		HTML_LIT(h, "<p><a href=\"/activities?open=true&amp;responsible_id=");
		html_int(h, r->auth->user_id);
		HTML_LIT(h, "\">");
		html_tr(h, "All my activities");
		HTML_LIT(h, "</a></p>");
	}
	HTML_LIT(h, "</section>");
}

/* "Att göra": what waits for the user, from every module's task source (domain/tasks.h), by group. */
static int todo_section(struct html *h, struct req *r, struct db *db)
{
	struct task *tasks;
	size_t n;
	char today[11];
	bool owner = authz_anywhere(r->auth, ACCESS_OWN);
	int rc;

	plan_today(today);
	if ((rc = tasks_of(db, r->arena, r->auth, today, TASKS_READ, &tasks, &n, &r->err)))
		return rc;
	HTML_LIT(h, "<section aria-labelledby=\"tasks-h\"><h2 id=\"tasks-h\">");
	html_tr(h, "To do");
	HTML_LIT(h, "</h2>");
	for (size_t g = 0; g < sizeof(groups) / sizeof(groups[0]); g++)
		if (owner || !groups[g].owners_only)
			group_section(h, r, &groups[g], tasks, n);
	HTML_LIT(h, "</section>");
	return 0;
}

/* Where a key figure's records are listed, for the unit @u (key_figures[] in domain/figures.c). */
static const char *figure_href(struct req *r, const char *key, const struct unit *u)
{
	static const struct {
		const char *key, *path, *arg;
	} where[] = {
		{ "classified", "/figures", NULL },
		{ "risk_analysis", "/risk-analyses", NULL },
		{ "continuity", "/continuity", NULL },
		{ "processing_reviewed", "/gdpr", "review_overdue=true" },
		{ "staff_trained", "/training", NULL },
		{ "incidents_past_deadline", "/incidents", "clock_missed=true" },
		{ "activities_overdue", "/activities", "overdue=true" },
		{ "audit_measures_overdue", "/recommendations", "overdue=true" },
		{ "documents_overdue", "/governing-documents", "due=overdue" },
	};
	for (size_t i = 0; i < sizeof(where) / sizeof(where[0]); i++)
		if (!strcmp(where[i].key, key))
			return arena_printf(r->arena, "%s?unit_id=%" PRId64 "%s%s", where[i].path, u->id,
					    where[i].arg ? "&" : "", where[i].arg ? where[i].arg : "");
	return NULL;
}

static void figures_table(struct html *h, struct req *r, const struct unit *u, const struct key_figure_set *s)
{
	HTML_LIT(h, "<table><caption>");
	html_tr(h, "Key figures");
	HTML_LIT(h, ": ");
	html_text(h, u->name);
	HTML_LIT(h, "</caption>");
	table_head(h, (const char *const[]){ N_("Figures"), TABLE_NUM, N_("Value"), NULL });
	for (size_t k = 0; k < KEY_FIGURES; k++) {
		const char *href = figure_href(r, s->v[k].fig->key, u);
		HTML_LIT(h, "<tr><th scope=\"row\">");
		if (href && s->v[k].available) {
			HTML_LIT(h, "<a href=\"");
			html_attr(h, href);
			HTML_LIT(h, "\">");
			html_tr(h, s->v[k].fig->label);
			HTML_LIT(h, "</a>");
		} else {
			html_tr(h, s->v[k].fig->label);
		}
		HTML_LIT(h, "</th><td class=\"num\">");
		html_text(h, key_figure_text(r->arena, r->lang, &s->v[k]));
		HTML_LIT(h, "</td></tr>");
	}
	table_close(h);
}

/* An overdue record: @kind's record @id linked by @name, what is due (@what, then @when when given) and its unit. */
static void overdue_item(struct html *h, const char *kind, int64_t id, const char *name, const char *what,
			 const char *when, const char *unit_name)
{
	HTML_LIT(h, "<li>");
	link_record(h, kind, id, name);
	HTML_LIT(h, " – ");
	html_tr(h, what);
	if (when) {
		HTML_LIT(h, " ");
		html_text(h, when);
	}
	HTML_LIT(h, " (");
	html_text(h, unit_name);
	HTML_LIT(h, ")</li>");
}

/* What is overdue in @u's subtree: classifications past their review date and activities past their deadline. */
static int overdue_lists(struct html *h, struct req *r, struct db *db, const struct unit *u)
{
	struct figures_overdue *fo;
	struct activity_filter af;
	struct activity *acts;
	size_t n_fo = 0, n_acts = 0;
	int64_t total = 0;
	bool exact = true;
	char today[11];
	int rc;

	plan_today(today);
	activity_filter_init(&af);
	af.viewer_id = r->auth->user_id;
	af.unit_id = u->id;
	af.overdue = true;
	af.sort = ACTIVITY_SORT_DEADLINE;
	af.limit = OVERDUE_SHOWN;
	if ((rc = figures_overdue_list(db, r->arena, figures_viewer(r->auth), u, OVERDUE_SHOWN, 0, &fo, &n_fo, &total,
				       &exact, &r->err)) ||
	    (rc = activity_list(db, r->arena, &af, &acts, &n_acts, NULL, &r->err)))
		return rc;
	HTML_LIT(h, "<h3 id=\"overdue-h\">");
	html_tr(h, "Overdue in your units");
	HTML_LIT(h, "</h3>");
	if (!n_fo && !n_acts) {
		nothing_here(h, N_("No classification review and no activity is overdue in your units."),
			     arena_printf(r->arena, "/situation?unit_id=%" PRId64, u->id),
			     N_("See the organisation-wide picture"));
		return 0;
	}
	HTML_LIT(h, "<ul class=\"links\">");
	for (size_t i = 0; i < n_fo; i++)
		overdue_item(h, "asset", fo[i].asset_id, fo[i].name,
			     fo[i].needs_review ? N_("Flagged for review") : N_("Review due"),
			     fo[i].needs_review ? NULL : fo[i].review_due, fo[i].unit_name);
	for (size_t i = 0; i < n_acts; i++)
		overdue_item(h, "activity", acts[i].id, acts[i].title, N_("Deadline"), acts[i].deadline,
			     acts[i].unit_name);
	HTML_LIT(h, "</ul><p><a href=\"");
	html_attr(h, arena_printf(r->arena, "/assets?review_overdue=true&unit_id=%" PRId64, u->id));
	HTML_LIT(h, "\">");
	html_tr(h, "Every classification past its review date");
	if (total) {
		HTML_LIT(h, " (");
		if (!exact) {
			html_tr(h, "more than");
			HTML_LIT(h, " ");
		}
		html_count(h, total);
		HTML_LIT(h, ")");
	}
	HTML_LIT(h, "</a> · <a href=\"");
	html_attr(h, arena_printf(r->arena, "/activities?overdue=true&unit_id=%" PRId64, u->id));
	HTML_LIT(h, "\">");
	html_tr(h, "Every overdue activity");
	HTML_LIT(h, "</a></p>");
	return 0;
}

/*
 * For coordinators and administrators: the key figures of the first unit
 * their roles reach (figures_top_units(): an administration, a board, the
 * organisation) and what is overdue there.
 */
static int scope_section(struct html *h, struct req *r, struct db *db)
{
	struct unit *tops;
	struct key_figure_set s;
	size_t n_tops;
	int rc;

	if (!authz_anywhere(r->auth, ACCESS_EDIT))
		return 0;
	if ((rc = figures_top_units(db, r->arena, r->auth, &tops, &n_tops, &r->err)))
		return rc;
	if (!n_tops)
		return 0;
	if ((rc = figures_key(db, r->arena, &tops[0], NULL, &s, &r->err)))
		return rc;
	HTML_LIT(h, "<section aria-labelledby=\"scope-h\"><h2 id=\"scope-h\">");
	html_tr(h, "In your units");
	HTML_LIT(h, "</h2>");
	figures_table(h, r, &tops[0], &s);
	if (n_tops > 1) {
		HTML_LIT(h, "<p><a href=\"/situation\">");
		html_tr(h, "The figures of your other units: the organisation-wide picture");
		HTML_LIT(h, "</a></p>");
	}
	if ((rc = overdue_lists(h, r, db, &tops[0])))
		return rc;
	HTML_LIT(h, "</section>");
	return 0;
}

int page_home(struct req *r)
{
	struct html *h = page_begin(r, tr(r->lang, "Overview"));
	struct db *db = req_db(r);
	int rc;

	page_h1(h, N_("Overview"));
	page_flash(h, r);
	HTML_LIT(h, "<p>");
	html_tr(h, "Welcome");
	HTML_LIT(h, ", ");
	html_text(h, r->auth->display_name);
	HTML_LIT(h, ".");
	HTML_LIT(h, "</p>");
	if (!db)
		return r->err.code;
	if (authz_anywhere(r->auth, ACCESS_EDIT)) {
		HTML_LIT(h, "<p class=\"actions\"><a class=\"button\" href=\"/assets/new\">");
		html_tr(h, "Register an information asset");
		HTML_LIT(h, "</a></p>");
	}
	if ((rc = todo_section(h, r, db)) || (rc = scope_section(h, r, db)))
		return rc;
	account_roles(h, r);
	gdpr_home_section(h, r);
	HTML_LIT(h, "<h2>");
	html_tr(h, "Go to");
	HTML_LIT(h, "</h2><ul class=\"links\"><li><a href=\"/units\">");
	html_tr(h, "The organisation tree");
	HTML_LIT(h, "</a></li>");
	if (authz_anywhere(r->auth, ACCESS_ADMIN)) {
		HTML_LIT(h, "<li><a href=\"/users\">");
		html_tr(h, "Users and roles");
		HTML_LIT(h, "</a></li>");
	}
	if (authz_anywhere(r->auth, ACCESS_AUDIT)) {
		HTML_LIT(h, "<li><a href=\"/audit\">");
		html_tr(h, "The audit trail");
		HTML_LIT(h, "</a></li>");
	}
	HTML_LIT(h, "<li><a href=\"/account\">");
	html_tr(h, "My account, password and API tokens");
	HTML_LIT(h, "</a></li></ul>");
	page_end(r, h);
	return 0;
}

int page_healthz(struct req *r)
{
	struct db *db = req_db(r);
	struct buf *b;
	struct json j;
	int64_t n = 0;
	int rc = db ? unit_count_all(db, r->arena, &n, &r->err) : ERR_DB;

	b = resp_json(r, rc ? 503 : 200);
	json_init(&j, b);
	json_obj_open(&j);
	json_kv_str(&j, "status", rc ? "unavailable" : "ok");
	json_kv_str(&j, "database", rc ? "unreachable" : "ok");
	json_obj_close(&j);
	return 0;
}

int page_static(struct req *r)
{
	return static_answer(r, r->path + strlen("/static/"));
}
