/*
 * page_home.c - the start page, the health check and static files.
 */
#include <string.h>

#include "core/embed.h"
#include "core/json.h"
#include "domain/unit.h"
#include "web/layout.h"
#include "web/page_account.h"
#include "web/page_gdpr.h"
#include "web/page_home.h"

int page_home(struct req *r)
{
	struct html *h = page_begin(r, tr(r->lang, "Overview"));

	HTML_LIT(h, "<h1>");
	html_tr(h, "Overview");
	HTML_LIT(h, "</h1>");
	page_flash(h, r);
	HTML_LIT(h, "<p>");
	html_tr(h, "Welcome");
	HTML_LIT(h, ", ");
	html_text(h, r->auth->display_name);
	HTML_LIT(h, ".");
	HTML_LIT(h, "</p>");
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
	const char *name = r->path + strlen("/static/");
	const struct embedded_file *f = embed_find(embedded_static, name);
	const char *dot;

	if (!f)
		return err_set(&r->err, ERR_NOTFOUND, NULL, N_("There is no page at this address."));
	dot = strrchr(name, '.');
	if (dot && !strcmp(dot, ".css"))
		r->resp.content_type = "text/css; charset=utf-8";
	else if (dot && !strcmp(dot, ".js"))
		r->resp.content_type = "text/javascript; charset=utf-8";
	else if (dot && !strcmp(dot, ".svg"))
		r->resp.content_type = "image/svg+xml";
	else
		r->resp.content_type = "application/octet-stream";
	r->resp.file_data = (const char *)f->data;
	r->resp.file_len = f->len;
	resp_header(r, "Cache-Control", "public, max-age=3600");
	return 0;
}
