/*
 * page_home.c - the start page, the health check and static files.
 */
#include <string.h>

#include "core/embed.h"
#include "core/json.h"
#include "domain/plan.h"
#include "domain/tasks.h"
#include "domain/unit.h"
#include "http/static.h"
#include "web/layout.h"
#include "web/page_account.h"
#include "web/page_gdpr.h"
#include "web/page_home.h"
#include "web/widgets.h"

#define TASKS_SHOWN 20

/* "Mina uppgifter": what the user is responsible for in every module, overdue first (domain/tasks.h). */
static int my_tasks(struct html *h, struct req *r)
{
	struct task *tasks;
	size_t n;
	char today[11];
	struct db *db = req_db(r);
	int rc;

	if (!db)
		return r->err.code;
	plan_today(today);
	if ((rc = tasks_of(db, r->arena, r->auth, today, TASKS_SHOWN, &tasks, &n, &r->err)))
		return rc;
	HTML_LIT(h, "<section aria-labelledby=\"tasks-h\"><h2 id=\"tasks-h\">");
	html_tr(h, "My tasks");
	HTML_LIT(h, "</h2>");
	if (n == 0) {
		HTML_LIT(h, "<p>");
		html_tr(h, "You are responsible for nothing unfinished.");
		HTML_LIT(h, "</p></section>");
		return 0;
	}
	HTML_LIT(h, "<table><caption class=\"sr-only\">");
	html_tr(h, "My tasks");
	HTML_LIT(h, "</caption>");
	table_head(h, (const char *const[]){ N_("Task"), N_("Where"), N_("Status"), N_("Deadline"), NULL });
	for (size_t i = 0; i < n; i++) {
		if (tasks[i].overdue)
			HTML_LIT(h, "<tr class=\"overdue\"><th scope=\"row\">");
		else
			HTML_LIT(h, "<tr><th scope=\"row\">");
		link_record(h, tasks[i].kind, tasks[i].id, tasks[i].title);
		HTML_LIT(h, "</th><td>");
		html_text(h, tasks[i].context);
		HTML_LIT(h, "</td><td>");
		html_tr(h, tasks[i].status);
		HTML_LIT(h, "</td><td>");
		html_text(h, tasks[i].due ? tasks[i].due : "–");
		if (tasks[i].overdue) {
			HTML_LIT(h, " <strong class=\"flag\">");
			html_tr(h, "Overdue");
			HTML_LIT(h, "</strong>");
		}
		HTML_LIT(h, "</td></tr>");
	}
	HTML_LIT(h, "</tbody></table><p><a href=\"/activities?open=true&amp;responsible_id=");
	html_int(h, r->auth->user_id);
	HTML_LIT(h, "\">");
	html_tr(h, "All my activities");
	HTML_LIT(h, "</a></p></section>");
	return 0;
}

int page_home(struct req *r)
{
	struct html *h = page_begin(r, tr(r->lang, "Overview"));
	int rc;

	page_h1(h, N_("Overview"));
	page_flash(h, r);
	HTML_LIT(h, "<p>");
	html_tr(h, "Welcome");
	HTML_LIT(h, ", ");
	html_text(h, r->auth->display_name);
	HTML_LIT(h, ".");
	HTML_LIT(h, "</p>");
	if ((rc = my_tasks(h, r)))
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
