/*
 * page_import.c - the page of a CSV import (see page_import.h).
 */
#include "web/page_import.h"

#include <string.h>

#include "core/arena.h"
#include "core/i18n.h"
#include "web/layout.h"
#include "web/widgets.h"

static void columns_table(struct html *h, const struct page_import_def *d)
{
	table_open(h, N_("Columns of the file"), -1,
		   (const char *const[]){ N_("Column"), N_("In English"), N_("Required"), N_("What to write"), NULL });
	for (size_t i = 0; i < d->n_columns; i++) {
		const struct import_column *c = &d->columns[i];
		HTML_LIT(h, "<tr><th scope=\"row\">");
		html_text(h, c->sv);
		HTML_LIT(h, "</th><td>");
		html_text(h, c->en);
		HTML_LIT(h, "</td><td>");
		html_tr(h, c->required ? N_("Yes") : N_("No"));
		HTML_LIT(h, "</td><td>");
		html_tr(h, c->help);
		HTML_LIT(h, "</td></tr>");
	}
	table_close(h);
}

static void problems_table(struct html *h, struct req *r, const struct import_problems *p)
{
	table_open_sr(h, N_("Problems in the file"),
		      (const char *const[]){ N_("Line"), N_("Column"), N_("Problem"), NULL });
	for (size_t i = 0; i < p->n; i++) {
		HTML_LIT(h, "<tr><td>");
		if (p->v[i].line)
			html_int(h, (int64_t)p->v[i].line);
		else
			html_tr(h, "The whole file");
		HTML_LIT(h, "</td><td>");
		html_text(h, p->v[i].column ? p->v[i].column : "–");
		HTML_LIT(h, "</td><td>");
		html_text(h, err_message(&p->v[i].err, r->lang, r->arena));
		HTML_LIT(h, "</td></tr>");
	}
	table_close(h);
}

static int render(struct req *r, const struct page_import_def *d, const struct import_outcome *res, bool dry_run,
		  const struct err *e)
{
	struct html *h = page_begin(r, tr(r->lang, d->title));

	if (d->subnav)
		d->subnav(h, r);
	page_h1(h, d->title);
	form_errors(h, r, e);
	if (res && res->problems->n) {
		HTML_LIT(h, "<h2>");
		html_tr(h, dry_run ? N_("The file has problems") : N_("Nothing has been imported"));
		HTML_LIT(h, "</h2>");
		problems_table(h, r, res->problems);
	} else if (res && dry_run) {
		HTML_LIT(h, "<p class=\"notice\" role=\"status\">");
		html_tr1(h, N_("The file has no problems: %s rows. Nothing has been imported yet."),
			 arena_printf(r->arena, "%zu", res->n_rows));
		HTML_LIT(h, "</p>");
	} else if (res && res->imported) {
		HTML_LIT(h, "<p class=\"notice\" role=\"status\">");
		html_tr1(h, N_("Imported: %s rows."), arena_printf(r->arena, "%zu", res->n_rows));
		if (res->more_msgid && res->more) {
			HTML_LIT(h, " ");
			html_tr1(h, res->more_msgid, arena_printf(r->arena, "%zu", res->more));
		}
		HTML_LIT(h, "</p>");
	}
	HTML_LIT(h, "<p>");
	html_tr(h, d->intro);
	HTML_LIT(h, " ");
	html_tr(h, "Every problem is listed with its line; nothing is imported until every row is right.");
	HTML_LIT(h, "</p>");
	columns_table(h, d);
	HTML_LIT(h, "<form method=\"post\" action=\"");
	html_attr(h, d->action);
	HTML_LIT(h, "\" enctype=\"multipart/form-data\">");
	if (r->auth && r->auth->csrf)
		form_hidden(h, "csrf", r->auth->csrf);
	form_input(h, r, "file", "file", "CSV file", NULL, true, NULL, e);
	form_checkbox(h, r, "dry_run", "Only check the file (import nothing)", true);
	form_submit(h, "Upload", false);
	form_close(h);
	page_end(r, h);
	return 0;
}

int page_import_form(struct req *r, const struct page_import_def *d)
{
	return render(r, d, NULL, false, NULL);
}

int page_import_post(struct req *r, const struct page_import_def *d)
{
	struct import_outcome out = { 0 };
	struct err e = { 0 };
	const char *data = NULL, *dry = req_form(r, "dry_run");
	bool dry_run = dry && *dry;
	size_t len = 0;
	struct db *db;
	int rc;

	for (size_t i = 0; i < r->n_form; i++)
		if (!strcmp(r->form[i].key, "file")) {
			data = r->form[i].val;
			len = r->form[i].len;
		}
	if (!data || !len) {
		r->resp.status = 400;
		err_set(&e, ERR_INVALID, "file", N_("Choose the CSV file to import."));
		return render(r, d, NULL, false, &e);
	}
	if (!(db = req_db(r)))
		return r->err.code;
	rc = d->run(db, r->arena, r->auth, data, len, dry_run, &out, &e);
	if (rc && rc != ERR_INVALID) {
		r->err = e;
		return rc;
	}
	if (rc || out.problems->n)
		r->resp.status = 400;
	return render(r, d, &out, dry_run, NULL);
}
