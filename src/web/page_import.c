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

int page_import_render(struct req *r, const struct page_import_def *d, const struct page_import_result *res,
		       const struct err *e)
{
	struct html *h = page_begin(r, tr(r->lang, d->title));

	if (d->subnav)
		d->subnav(h, r);
	page_h1(h, d->title);
	form_errors(h, r, e);
	if (res && res->problems->n) {
		HTML_LIT(h, "<h2>");
		html_tr(h, res->dry_run ? N_("The file has problems") : N_("Nothing has been imported"));
		HTML_LIT(h, "</h2>");
		problems_table(h, r, res->problems);
	} else if (res && res->dry_run) {
		HTML_LIT(h, "<p class=\"notice\" role=\"status\">");
		html_tr1(h, N_("The file has no problems: %s rows. Nothing has been imported yet."),
			 arena_printf(r->arena, "%zu", res->n_rows));
		HTML_LIT(h, "</p>");
	} else if (res && res->imported) {
		HTML_LIT(h, "<p class=\"notice\" role=\"status\">");
		html_tr1(h, N_("Imported: %s rows."), arena_printf(r->arena, "%zu", res->n_rows));
		if (res->done) {
			HTML_LIT(h, " ");
			html_tr1(h, res->done, res->done_arg);
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

int page_import_file(struct req *r, const struct page_import_def *d, const char **data, size_t *len)
{
	struct err e = { 0 };

	*data = NULL;
	*len = 0;
	for (size_t i = 0; i < r->n_form; i++)
		if (!strcmp(r->form[i].key, "file")) {
			*data = r->form[i].val;
			*len = r->form[i].len;
		}
	if (*data && *len)
		return 0;
	r->resp.status = 400;
	err_set(&e, ERR_INVALID, "file", N_("Choose the CSV file to import."));
	page_import_render(r, d, NULL, &e);
	return ERR_INVALID;
}
