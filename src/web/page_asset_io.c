/*
 * page_asset_io.c - importing assets from a CSV file, and the downloads of
 * the filtered asset list (XLSX, CSV, JSON).
 *
 * The import form uploads the file as multipart form data (the server
 * stores its bytes as the form value "file"). "Only check the file" is
 * ticked by default: the dry run lists every problem with its line and
 * column, or says how many rows can be imported and offers a button that
 * imports them; that second form carries the file's cells (as read, in
 * UTF-8) in a hidden field, so the person need not pick the file again.
 * The import itself saves every row or none.
 *
 * The exports read the list page's query arguments with
 * asset_filter_parse(), so a link from a filtered list downloads exactly
 * that list (all its pages), limited to what the user sees.
 */
#include <inttypes.h>
#include <string.h>

#include "core/arena.h"
#include "core/str.h"
#include "domain/asset.h"
#include "domain/asset_io.h"
#include "web/layout.h"
#include "web/page_asset_io.h"
#include "web/widgets.h"

/* @msgid with its one %s filled in, translated (never used as a format). */
static const char *tr1(struct req *r, const char *msgid, const char *arg)
{
	struct err e = { 0 };
	err_set1(&e, ERR_INVALID, NULL, msgid, arg);
	return err_message(&e, r->lang, r->arena);
}

static const char *count_text(struct req *r, size_t n)
{
	return arena_printf(r->arena, "%zu", n);
}

static void upload_form(struct html *h, struct req *r, const struct err *e)
{
	HTML_LIT(h, "<form method=\"post\" action=\"/assets/import\" enctype=\"multipart/form-data\">");
	if (r->auth && r->auth->csrf)
		form_hidden(h, "csrf", r->auth->csrf);
	form_input(h, r, "file", "file", "CSV file", NULL, true, NULL, e);
	form_checkbox(h, r, "dry_run", "Only check the file (import nothing)", true);
	form_submit(h, "Upload", false);
	form_close(h);
}

static void columns_table(struct html *h)
{
	table_open(h, N_("Columns of the file"), -1,
		   (const char *const[]){ N_("Column"), N_("In English"), N_("Required"), N_("What to write"), NULL });
	for (size_t i = 0; i < ASSET_IMPORT_COLUMNS; i++) {
		const struct asset_import_column *c = &asset_import_columns[i];
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

static struct html *import_page_begin(struct req *r)
{
	struct html *h = page_begin(r, tr(r->lang, "Import information assets"));
	HTML_LIT(h, "<p class=\"crumbs\"><a href=\"/assets\">");
	html_tr(h, "Information assets");
	HTML_LIT(h, "</a></p><h1>");
	html_tr(h, "Import information assets");
	HTML_LIT(h, "</h1>");
	return h;
}

static void explain(struct html *h)
{
	HTML_LIT(h, "<p>");
	html_tr(h, "Upload a CSV file with one asset per row and the column names on the first row. Save it from "
		   "Excel as \"CSV UTF-8\"; Excel's ordinary CSV (Windows-1252) is also read. Values may be separated "
		   "by semicolons or commas.");
	HTML_LIT(h, "</p><p>");
	html_tr(h, "Every row is checked first. If any row has a problem, nothing is imported: the check lists "
		   "every problem with its line, so you can correct the file and upload it again.");
	HTML_LIT(h, "</p><p><a href=\"/assets/import/template.csv\" download>");
	html_tr(h, "Download a template (CSV)");
	HTML_LIT(h, "</a></p><p>");
	html_tr(h, "Classifications signed before Tillit was used, with their dates:");
	HTML_LIT(h, " <a href=\"/classifications/import\">");
	html_tr(h, "Import earlier classifications");
	HTML_LIT(h, "</a></p>");
}

static int import_form(struct req *r, const struct err *e)
{
	struct html *h = import_page_begin(r);
	form_errors(h, r, e);
	explain(h);
	upload_form(h, r, e);
	columns_table(h);
	page_end(r, h);
	return 0;
}

int page_asset_import_form(struct req *r)
{
	return import_form(r, NULL);
}

static void problems_table(struct html *h, struct req *r, const struct asset_import *res)
{
	HTML_LIT(h, "<table class=\"problems\"><caption>");
	html_tr(h, "Problems in the file");
	HTML_LIT(h, "</caption>");
	table_head(h, (const char *const[]){ N_("Line"), N_("Column"), N_("Problem"), NULL });
	for (size_t i = 0; i < res->n_problems; i++) {
		const struct asset_import_problem *p = &res->problems[i];
		HTML_LIT(h, "<tr><td>");
		if (p->line)
			html_int(h, (int64_t)p->line);
		else
			html_tr(h, "The whole file");
		HTML_LIT(h, "</td><td>");
		if (p->column)
			html_text(h, p->column);
		else if (strcmp(p->field, "file"))
			html_text(h, p->field);
		else
			HTML_LIT(h, "–");
		HTML_LIT(h, "</td><td>");
		html_text(h, err_message(&p->err, r->lang, r->arena));
		HTML_LIT(h, "</td></tr>");
	}
	table_close(h);
}

static int report(struct req *r, const struct asset_import *res, bool dry_run)
{
	struct html *h = import_page_begin(r);

	if (res->n_problems) {
		HTML_LIT(h, "<div class=\"error-summary\" role=\"alert\" tabindex=\"-1\"><h2>");
		html_tr(h, dry_run ? N_("The file has problems") : N_("Nothing has been imported"));
		HTML_LIT(h, "</h2><p>");
		if (res->n_rows)
			html_text(h, tr1(r, N_("Rows with problems: %s."), count_text(r, res->n_bad_rows)));
		HTML_LIT(h, " ");
		html_tr(h, "Correct the file and upload it again. Nothing is imported until every row is right.");
		HTML_LIT(h, "</p></div>");
		problems_table(h, r, res);
		HTML_LIT(h, "<h2>");
		html_tr(h, "Upload the corrected file");
		HTML_LIT(h, "</h2>");
		upload_form(h, r, NULL);
	} else {
		HTML_LIT(h, "<div class=\"flash\" role=\"status\"><p>");
		html_text(h, tr1(r, N_("%s rows can be imported."), count_text(r, res->n_rows)));
		HTML_LIT(h, " ");
		html_tr(h, "The file has no problems. Nothing has been imported yet.");
		HTML_LIT(h, "</p></div>");
		form_open(h, r, "/assets/import");
		form_hidden(h, "file", res->csv);
		HTML_LIT(h, "<button type=\"submit\">");
		html_text(h, tr1(r, N_("Import the %s assets"), count_text(r, res->n_rows)));
		HTML_LIT(h, "</button>");
		form_close(h);
		HTML_LIT(h, "<h2>");
		html_tr(h, "Or check another file");
		HTML_LIT(h, "</h2>");
		upload_form(h, r, NULL);
	}
	page_end(r, h);
	return 0;
}

int page_asset_import(struct req *r)
{
	struct asset_import res;
	struct err e = { 0 };
	const char *data = NULL;
	size_t len = 0;
	const char *dry = req_form(r, "dry_run");
	bool dry_run = dry && *dry;
	struct db *db;
	int rc;

	for (size_t i = 0; i < r->n_form; i++)
		if (!strcmp(r->form[i].key, "file")) {
			data = r->form[i].val;
			len = r->form[i].len;
		}
	if (!data || len == 0) {
		r->resp.status = 400;
		err_set(&e, ERR_INVALID, "file", N_("Choose the CSV file to import."));
		return import_form(r, &e);
	}
	if (!(db = req_db(r)))
		return r->err.code;
	rc = asset_import(db, r->arena, r->auth, data, len, dry_run, &res, &e);
	if (rc && rc != ERR_INVALID) {
		r->err = e;
		return rc;
	}
	if (res.imported)
		return resp_redirect(r, "/assets?msg=imported");
	if (rc)
		r->resp.status = 400;
	return report(r, &res, dry_run);
}

int page_asset_import_template(struct req *r)
{
	asset_import_template(&r->resp.body);
	r->resp.content_type = "text/csv; charset=utf-8";
	resp_attachment(r, "informationstillgangar-mall.csv");
	return 0;
}

/* The filtered asset list as the file @ext ("xlsx", "csv" or "json"). */
static int export(struct req *r, const char *ext)
{
	struct asset_filter f;
	struct asset_export x;
	struct db *db;
	int rc;

	asset_filter_init(&f);
	if ((rc = asset_filter_parse(&f, req_query_get, r, &r->err)))
		return rc;
	f.viewer_id = r->auth->user_id;
	if (!(db = req_db(r)))
		return r->err.code;
	if ((rc = asset_export_open(&x, db, r->arena, &f, ext, r->lang, &r->err)))
		return rc;
	if (x.stream)
		resp_stream(r, asset_export_next, x.stream);
	resp_file(r, x.data, x.len, x.mime, x.filename);
	return 0;
}

int page_asset_export_xlsx(struct req *r)
{
	return export(r, "xlsx");
}

int page_asset_export_csv(struct req *r)
{
	return export(r, "csv");
}

int page_asset_export_json(struct req *r)
{
	return export(r, "json");
}
