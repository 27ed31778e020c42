/*
 * errmap.c - error codes to statuses, JSON error objects and error pages.
 */
#include "http/errmap.h"

#include <string.h>

#include "core/html.h"
#include "core/i18n.h"
#include "core/json.h"
#include "core/log.h"
#include "http/static.h"

int errmap_status(int code)
{
	switch (code) {
	case ERR_OK:
		return 200;
	case ERR_INVALID:
		return 400;
	case ERR_UNAUTHORIZED:
		return 401;
	case ERR_FORBIDDEN:
		return 403;
	case ERR_NOTFOUND:
		return 404;
	case ERR_METHOD:
		return 405;
	case ERR_CONFLICT:
	case ERR_EXISTS:
		return 409;
	case ERR_TOOLARGE:
		return 413;
	case ERR_PRECONDITION:
		return 428;
	case ERR_THROTTLED:
		return 429;
	case ERR_CANCELLED:
		return 503;
	default:
		return 500;
	}
}

static const char *status_title(int status)
{
	switch (status) {
	case 400:
		return N_("The request could not be used");
	case 401:
		return N_("Please sign in");
	case 403:
		return N_("Access denied");
	case 404:
		return N_("Page not found");
	case 405:
		return N_("Method not allowed");
	case 409:
		return N_("Conflict");
	case 413:
		return N_("Too much data");
	case 428:
		return N_("Version missing");
	case 429:
		return N_("Too many attempts");
	case 503:
		return N_("Not answered in time");
	default:
		return N_("Something went wrong");
	}
}

void errmap_json(struct buf *b, const struct err *e, enum lang lang, struct arena *a)
{
	struct json j;
	json_init(&j, b);
	json_obj_open(&j);
	json_key(&j, "error");
	json_obj_open(&j);
	json_kv_str(&j, "code", err_code_name(e->code));
	json_kv_str(&j, "message", err_message(e, lang, a));
	json_kv_str(&j, "field", e->field);
	json_obj_close(&j);
	json_obj_close(&j);
}

void errmap_respond(struct req *r, int code)
{
	int status = errmap_status(code);

	if (r->err.code != code)
		err_set(&r->err, code, r->err.field, r->err.msgid);
	if (status >= 500)
		log_error("%s %s failed: %s (%s)", r->method, r->path, err_code_name(code), r->err.detail);
	r->resp.status = status;
	r->resp.file_data = NULL;
	r->resp.stream = NULL;
	buf_reset(&r->resp.body);
	/* A throttled answer carries its wait in seconds as the message's argument. */
	if (code == ERR_THROTTLED && r->err.arg[0] && strspn(r->err.arg, "0123456789") == strlen(r->err.arg))
		resp_header(r, "Retry-After", arena_strdup(r->arena, r->err.arg));
	if (req_wants_json(r)) {
		r->resp.content_type = "application/json; charset=utf-8";
		errmap_json(&r->resp.body, &r->err, r->lang, r->arena);
		return;
	}
	struct html h;
	html_init(&h, r->arena, r->lang);
	HTML_LIT(&h, "<!DOCTYPE html>\n<html lang=\"");
	html_attr(&h, lang_code(r->lang));
	HTML_LIT(
		&h,
		"\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
		"<title>");
	html_tr(&h, status_title(status));
	HTML_LIT(&h, " – Tillit</title><link rel=\"stylesheet\" href=\"");
	html_attr(&h, static_url("app.css"));
	HTML_LIT(&h, "\"><link rel=\"icon\" href=\"");
	html_attr(&h, static_url("favicon.svg"));
	HTML_LIT(&h, "\" type=\"image/svg+xml\"></head><body>"
		     "<header class=\"site\"><a class=\"brand\" href=\"/\">Tillit</a></header>"
		     "<main id=\"main\" class=\"error-page\"><h1>");
	html_tr(&h, status_title(status));
	HTML_LIT(&h, "</h1><p>");
	html_text(&h, err_message(&r->err, r->lang, r->arena));
	HTML_LIT(&h, "</p><p><a href=\"/\">");
	html_tr(&h, "Go to the start page");
	HTML_LIT(&h, "</a></p></main></body></html>\n");
	r->resp.content_type = "text/html; charset=utf-8";
	r->resp.body = h.b;
}
