/*
 * page_risks.c - risk analysis in the browser.
 *
 * The register lists the risks in units the user sees, highest value first,
 * with the filters of the API (risk_filter_parse()); its export links carry
 * the same query. The matrix shows an analysis or a unit subtree before and
 * after the measures: a real table (rows likelihood from the top level
 * down, columns consequence; each cell the number of risks, its band
 * written out and a link to the register filtered to that cell), and the
 * same numbers drawn as an SVG picture that only repeats the table (hidden
 * from assistive technology; its links take no focus). An analysis's page
 * shows its scope, its risks and, for an RSA, its seven parts; from it the
 * scope's unfulfilled requirements come in as risks in one step, and a
 * risk's page turns its requirements into tracked actions in one step.
 *
 * Forms follow page_assets.c: errors name the field and keep what was
 * typed; a stale version shows the other person's version. Rights over a
 * second record are the domain's.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "core/arena.h"
#include "core/str.h"
#include "core/timeutil.h"
#include "domain/activity.h"
#include "domain/asset.h"
#include "domain/continuity.h"
#include "domain/requirement.h"
#include "domain/risk.h"
#include "domain/risk_report.h"
#include "domain/unit.h"
#include "io/doc.h"
#include "io/markdown.h"
#include "web/layout.h"
#include "web/page_risks.h"
#include "web/widgets.h"

#define RISKS_PAGE 50

/* --- small pieces ------------------------------------------------------------- */

static const char *num(struct req *r, int64_t v)
{
	return arena_printf(r->arena, "%" PRId64, v);
}

/* "3 – Likely", or "3" when the level has no name. */
static const char *level_text(struct req *r, const struct risk_scale *s, int axis, int64_t k)
{
	const char *name = risk_level_name(s, axis, k, r->lang);
	return name ? arena_printf(r->arena, "%" PRId64 " – %s", k, name) : num(r, k);
}

/* "12 High" with the band's class; the band is written out, never shown by colour alone. */
static void value_cell(struct html *h, const struct risk_scale *s, int64_t value)
{
	enum risk_band b = risk_band_of(s, value);
	HTML_LIT(h, "<span class=\"band band-");
	html_attr(h, risk_band_names[b]);
	HTML_LIT(h, "\">");
	html_int(h, value);
	HTML_LIT(h, " ");
	html_tr(h, risk_band_labels[b]);
	HTML_LIT(h, "</span>");
}

static const char *treatment_label(const char *t)
{
	return t && *t ? risk_label(risk_treatments, risk_treatment_labels, RISK_TREATMENT_COUNT, t)
		       : N_("Not decided");
}

/* The scales of the organisations a page spans, read once each. */
struct scales {
	struct risk_scale s[8];
	size_t n;
};

static const struct risk_scale *scale_of(struct req *r, struct db *db, struct scales *c, const char *path)
{
	int64_t org = unit_org_of(path);
	for (size_t i = 0; i < c->n; i++)
		if (c->s[i].org_id == org)
			return &c->s[i];
	if (c->n == 8)
		c->n = 0; /* more organisations on one page than that is rare: start over */
	if (risk_scale_of(db, r->arena, path, &c->s[c->n], &r->err))
		risk_scale_defaults(&c->s[c->n], org);
	return &c->s[c->n++];
}

static const struct {
	const char *path, *label;
} subnav_items[] = {
	{ "/risks", N_("Risk register") },      { "/risk-analyses", N_("Risk analyses") },
	{ "/risks/matrix", N_("Risk matrix") }, { "/continuity", N_("Continuity plans") },
	{ "/exercises", N_("Exercises") },      { "/risk-threats", N_("Threat catalogue") },
};

void risk_subnav(struct html *h, const char *current)
{
	HTML_LIT(h, "<nav class=\"subnav\" aria-label=\"");
	html_tr(h, "Risk and continuity");
	HTML_LIT(h, "\"><ul>");
	for (size_t i = 0; i < sizeof(subnav_items) / sizeof(subnav_items[0]); i++) {
		HTML_LIT(h, "<li><a href=\"");
		html_attr(h, subnav_items[i].path);
		HTML_LIT(h, "\"");
		if (current && !strcmp(current, subnav_items[i].path))
			HTML_LIT(h, " aria-current=\"page\"");
		HTML_LIT(h, ">");
		html_tr(h, subnav_items[i].label);
		HTML_LIT(h, "</a></li>");
	}
	HTML_LIT(h, "</ul></nav>");
}

void risk_form_ids(struct req *r, const char *name, int64_t **ids, size_t *n)
{
	*ids = arena_calloc(r->arena, r->n_form + 1, sizeof(**ids));
	*n = 0;
	for (size_t i = 0; i < r->n_form; i++) {
		int64_t v;
		if (strcmp(r->form[i].key, name) || !r->form[i].val || !str_to_i64(r->form[i].val, &v) || v <= 0)
			continue;
		(*ids)[(*n)++] = v;
	}
}

/*
 * risk_multi_select() of more assets than a select holds (picker_assets() typed): the assets chosen now as
 * ticked boxes, one untick to leave it out, and a typed field that adds one more.
 */
static void typed_assets(struct html *h, struct req *r, const char *name, const char *label, const struct picker *p,
			 const int64_t *ids, size_t n, const struct err *e)
{
	struct db *db = req_db(r);

	HTML_LIT(h, "<fieldset><legend>");
	html_tr(h, label);
	HTML_LIT(h, "</legend>");
	for (size_t i = 0; i < n; i++) {
		struct asset as;
		const char *id = arena_printf(r->arena, "%s-%zu", name, i);
		if (!db || asset_get(db, r->arena, ids[i], &as, NULL))
			continue;
		HTML_LIT(h, "<div class=\"field check\"><input type=\"checkbox\" checked id=\"");
		html_attr(h, id);
		HTML_LIT(h, "\" name=\"");
		html_attr(h, name);
		HTML_LIT(h, "\" value=\"");
		html_int(h, ids[i]);
		HTML_LIT(h, "\"><label for=\"");
		html_attr(h, id);
		HTML_LIT(h, "\">");
		/* One in a unit the user does not see stays chosen, unnamed. */
		if (authz_in_scope(r->auth, ACCESS_READ, as.unit_path))
			html_text(h, asset_choice_label(r->arena, &as));
		else
			html_tr(h, "An asset in another unit");
		HTML_LIT(h, "</label></div>");
	}
	form_picker(h, r, name, N_("Add an asset"), p, 0, e);
	HTML_LIT(h, "</fieldset>");
}

void risk_multi_select(struct html *h, struct req *r, const char *name, const char *label, const struct picker *p,
		       const int64_t *ids, size_t n, const struct err *e)
{
	bool bad = e && e->code && e->field && !strcmp(e->field, name);

	if (p->typed && p->kind == PICKER_ASSETS) {
		typed_assets(h, r, name, label, p, ids, n, e);
		return;
	}
	HTML_LIT(h, "<div class=\"field");
	if (bad)
		HTML_LIT(h, " invalid");
	HTML_LIT(h, "\"><label for=\"f-");
	html_attr(h, name);
	HTML_LIT(h, "\">");
	html_tr(h, label);
	HTML_LIT(h, "</label><select multiple size=\"8\" id=\"f-");
	html_attr(h, name);
	HTML_LIT(h, "\" name=\"");
	html_attr(h, name);
	HTML_LIT(h, "\"");
	if (bad) {
		HTML_LIT(h, " aria-invalid=\"true\" aria-describedby=\"e-");
		html_attr(h, name);
		HTML_LIT(h, "\"");
	}
	HTML_LIT(h, ">");
	for (size_t i = 0; i < p->n; i++) {
		int64_t v = 0;
		bool chosen = false;
		if (!*p->values[i])
			continue;
		str_to_i64(p->values[i], &v);
		for (size_t k = 0; k < n && !chosen; k++)
			chosen = ids[k] == v;
		HTML_LIT(h, "<option value=\"");
		html_attr(h, p->values[i]);
		HTML_LIT(h, "\"");
		if (chosen)
			HTML_LIT(h, " selected");
		HTML_LIT(h, ">");
		html_text(h, p->labels[i]);
		HTML_LIT(h, "</option>");
	}
	HTML_LIT(h, "</select>");
	if (bad) {
		HTML_LIT(h, "<p class=\"field-error\" id=\"e-");
		html_attr(h, name);
		HTML_LIT(h, "\">");
		html_text(h, err_message(e, r->lang, r->arena));
		HTML_LIT(h, "</p>");
	}
	HTML_LIT(h, "</div>");
}

/* The RSA due for each organisation of the user's grants (an installation-wide grant: the date alone). */
static int rsa_notice(struct html *h, struct req *r, struct db *db)
{
	char today[TIME_ISO_LEN], due[11];
	int64_t term, shown[8];
	size_t n_shown = 0;
	bool global = false;
	int rc;

	time_now_iso(today);
	today[10] = 0;
	term = risk_rsa_term(today);
	risk_rsa_due(term, due);
	for (size_t g = 0; g < r->auth->n_grants && n_shown < 8; g++) {
		int64_t org = unit_org_of(r->auth->grants[g].unit_path);
		struct risk_analysis_filter f = { .kind = "rsa", .limit = 20 };
		struct risk_analysis *list;
		struct unit u;
		size_t n;
		bool seen = false;
		if (!r->auth->grants[g].unit_id) {
			global = true;
			continue;
		}
		for (size_t k = 0; k < n_shown && !seen; k++)
			seen = shown[k] == org;
		if (seen || !org)
			continue;
		shown[n_shown++] = org;
		f.unit_id = org;
		if ((rc = unit_get(db, r->arena, org, &u, &r->err)) ||
		    (rc = risk_analysis_list(db, r->arena, &f, &list, &n, NULL, &r->err)))
			return rc;
		HTML_LIT(h, "<p class=\"notice\">");
		html_text(h, u.name);
		HTML_LIT(h, ": ");
		html_tr(h, "the risk and vulnerability analysis (RSA) for the term after the election of");
		HTML_LIT(h, " ");
		html_int(h, term);
		HTML_LIT(h, " ");
		html_tr(h, "is due");
		HTML_LIT(h, " <strong>");
		html_text(h, due);
		HTML_LIT(h, "</strong>. ");
		for (size_t k = 0; k < n; k++) {
			if (list[k].election_year != term)
				continue;
			HTML_LIT(h, "<a href=\"/risk-analyses/");
			html_int(h, list[k].id);
			HTML_LIT(h, "\">");
			html_text(h, list[k].title);
			HTML_LIT(h, "</a> (");
			html_tr(h, risk_label(risk_analysis_statuses, risk_analysis_status_labels, 2, list[k].status));
			HTML_LIT(h, ")");
			goto next;
		}
		html_tr(h, "It has not been started.");
		if (authz_in_scope(r->auth, ACCESS_EDIT, u.path)) {
			HTML_LIT(h, " <a href=\"/risk-analyses/new?kind=rsa&amp;unit_id=");
			html_int(h, org);
			HTML_LIT(h, "\">");
			html_tr(h, "Start it");
			HTML_LIT(h, "</a>");
		}
next:
		HTML_LIT(h, "</p>");
	}
	if (!n_shown && global) {
		HTML_LIT(h, "<p class=\"notice\">");
		html_tr(h, "The risk and vulnerability analysis (RSA) for the term after the election of");
		HTML_LIT(h, " ");
		html_int(h, term);
		HTML_LIT(h, " ");
		html_tr(h, "is due");
		HTML_LIT(h, " <strong>");
		html_text(h, due);
		HTML_LIT(h, "</strong>.</p>");
	}
	return 0;
}

/* --- the register ---------------------------------------------------------------- */

static const char *const treatment_filter_values[] = { "none", "reduce", "accept", "transfer", "avoid" };
static const char *const treatment_filter_labels[] = { N_("Not decided"), N_("Reduce"), N_("Accept"), N_("Transfer"),
						       N_("Avoid") };
static const char *const sort_values[] = { "value", "residual", "threat", "updated", "analysis" };
static const char *const sort_labels[] = { N_("Risk value"), N_("Residual value"), N_("Threat"), N_("Last changed"),
					   N_("Analysis date") };
static const char *const order_values[] = { "desc", "asc" };
static const char *const order_labels[] = { N_("Descending"), N_("Ascending") };

static void register_filters(struct html *h, struct req *r, const struct picker *units)
{
	filters_search_open(h, "/risks");
	form_input(h, r, "search", "q", "Search threat, vulnerability or consequence", req_query(r, "q"), false, NULL,
		   NULL);
	form_unit_filter(h, r, "unit_id", "Unit (with the units below it)", units);
	filters_more_open(h, r);
	form_filter_select(h, r, "treatment", "Treatment", N_("Any"), treatment_filter_values, treatment_filter_labels,
			   5, req_query(r, "treatment"));
	form_select(h, r, "sort", "Sort by", sort_values, sort_labels, 5, req_query(r, "sort"), true, NULL);
	form_select(h, r, "order", "Order", order_values, order_labels, 2, req_query(r, "order"), true, NULL);
	/* The cell of a matrix and the analysis or asset followed here stay as they came. */
	for (size_t i = 0; risk_filter_args[i]; i++) {
		const char *k = risk_filter_args[i], *v = req_query(r, k);
		if (v && *v &&
		    (!strcmp(k, "analysis_id") || !strcmp(k, "asset_id") || !strcmp(k, "owner_id") ||
		     !strcmp(k, "likelihood") || !strcmp(k, "consequence") || !strcmp(k, "residual")))
			form_hidden(h, k, v);
	}
	filters_more_close(h);
	filters_clear_close(h, "/risks");
}

static void export_link(struct html *h, struct req *r, const char *path, const char *label)
{
	HTML_LIT(h, "<a class=\"button\" href=\"");
	html_attr(h, url_keep(r, path, risk_filter_args));
	HTML_LIT(h, "\">");
	html_tr(h, label);
	HTML_LIT(h, "</a> ");
}

/* @sort: the list's sortable headings, or NULL. */
static void risks_table(struct html *h, struct req *r, struct db *db, const struct risk *list, size_t n,
			const char *caption, int64_t total, const struct table_sort *sort)
{
	struct scales sc = { .n = 0 };

	table_open_sorted(h, r, caption, total, sort,
			  (const char *const[]){ N_("Threat"), N_("Vulnerability"), N_("Analysis"), N_("Risk value"),
						 N_("Treatment"), N_("Residual value"), N_("Risk owner"), NULL });
	for (size_t i = 0; i < n; i++) {
		const struct risk *k = &list[i];
		const struct risk_scale *s = scale_of(r, db, &sc, k->unit_path);
		HTML_LIT(h, "<tr><th scope=\"row\"><a href=\"/risks/");
		html_int(h, k->id);
		HTML_LIT(h, "\">");
		html_text(h, k->threat);
		HTML_LIT(h, "</a></th><td>");
		if (str_utf8_len(k->vulnerability) > 140) {
			/* The start of a long text; the risk's page has all of it. */
			size_t cut = 0, chars = 0;
			while (k->vulnerability[cut] && chars < 137) {
				cut++;
				while ((k->vulnerability[cut] & 0xC0) == 0x80)
					cut++;
				chars++;
			}
			html_textn(h, k->vulnerability, cut);
			HTML_LIT(h, "…");
		} else {
			html_text(h, k->vulnerability);
		}
		HTML_LIT(h, "</td><td><a href=\"/risk-analyses/");
		html_int(h, k->analysis_id);
		HTML_LIT(h, "\">");
		html_text(h, k->analysis_title);
		HTML_LIT(h, "</a></td><td>");
		value_cell(h, s, k->value);
		HTML_LIT(h, "</td><td>");
		html_tr(h, treatment_label(k->treatment));
		HTML_LIT(h, "</td><td>");
		value_cell(h, s, k->residual_value);
		HTML_LIT(h, "</td><td>");
		html_text(h, k->owner_name ? k->owner_name : "–");
		HTML_LIT(h, "</td></tr>");
	}
	table_close(h);
}

int page_risks(struct req *r)
{
	struct risk_filter f;
	struct risk *list = NULL;
	struct picker units = { 0 };
	size_t n = 0;
	int64_t total = 0;
	struct err e = { 0 };
	struct html *h;
	struct db *db;
	int rc;

	if (!(db = req_db(r)))
		return r->err.code;
	risk_filter_init(&f);
	if ((rc = risk_filter_parse(&f, req_query_get, r, &e))) {
		/* A bad filter shows the whole register with the problem named. */
		risk_filter_init(&f);
		r->resp.status = 400;
	}
	f.viewer_id = r->auth->user_id;
	page_paging(r, RISKS_PAGE, &f.limit, &f.offset);
	if ((rc = risk_list(db, r->arena, &f, &list, &n, &total, &r->err)) ||
	    (rc = picker_units(r, db, N_("All units"), NULL, NULL, &units)))
		return rc;
	h = page_begin(r, tr(r->lang, "Risk register"));
	risk_subnav(h, "/risks");
	page_h1(h, N_("Risk register"));
	page_flash(h, r);
	form_errors(h, r, &e);
	if ((rc = rsa_notice(h, r, db)))
		return rc;
	if (authz_anywhere(r->auth, ACCESS_EDIT)) {
		page_button(h, "/risk-analyses/new", N_("New risk analysis"));
	}
	register_filters(h, r, &units);
	if (f.likelihood || f.consequence) {
		HTML_LIT(h, "<p class=\"summary\">");
		html_tr(h, f.residual ? N_("Risks in this cell of the matrix after measures")
				      : N_("Risks in this cell of the matrix before measures"));
		HTML_LIT(h, ": ");
		html_tr(h, "likelihood");
		HTML_LIT(h, " ");
		html_int(h, f.likelihood);
		HTML_LIT(h, ", ");
		html_tr(h, "consequence");
		HTML_LIT(h, " ");
		html_int(h, f.consequence);
		HTML_LIT(h, ".</p>");
	}
	HTML_LIT(h, "<p class=\"actions\">");
	export_link(h, r, "/risks/export.xlsx", N_("Export XLSX"));
	export_link(h, r, "/risks/export.csv", N_("Export CSV"));
	export_link(h, r, "/risks/export.docx", N_("Export DOCX"));
	export_link(h, r, "/risks/report", N_("Printable report"));
	HTML_LIT(h, "</p>");
	if (n == 0) {
		HTML_LIT(h, "<p>");
		html_tr(h, total || f.offset ? N_("No risk on this page.") : N_("No risk matches the filter."));
		HTML_LIT(h, "</p>");
	} else {
		risks_table(h, r, db, list, n, N_("Risks"), total,
			    &(struct table_sort){ "/risks", risk_filter_args,
						  (const char *const[]){ "threat", NULL, "analysis", "value", NULL,
									 "residual", NULL },
						  sort_values[f.sort], !f.asc });
	}
	page_pager(h, r, url_keep(r, "/risks", risk_filter_args), f.offset, f.limit, total);
	page_end(r, h);
	return 0;
}

/* --- exports ----------------------------------------------------------------------- */

enum risk_format { RF_XLSX, RF_CSV, RF_DOCX, RF_PRINT };

static int register_export(struct req *r, enum risk_format fmt)
{
	struct risk_filter f;
	struct risk *items;
	size_t n;
	int64_t total;
	struct db *db;
	int rc;

	risk_filter_init(&f);
	if ((rc = risk_filter_parse(&f, req_query_get, r, &r->err)))
		return rc;
	f.viewer_id = r->auth->user_id;
	if (!(db = req_db(r)))
		return r->err.code;
	if ((rc = risk_export_list(db, r->arena, &f, &items, &n, &total, &r->err)))
		return rc;
	if (fmt == RF_CSV) {
		if ((rc = risk_export_csv(db, &r->resp.body, items, n, r->lang, &r->err)))
			return rc;
		r->resp.content_type = "text/csv; charset=utf-8";
		resp_attachment(r, risk_export_filename(r->arena, "riskregister", "csv"));
	} else if (fmt == RF_XLSX) {
		const char *data;
		size_t len;
		if ((rc = risk_export_xlsx(db, r->arena, items, n, r->lang, &data, &len, &r->err)))
			return rc;
		buf_add(&r->resp.body, data, len);
		r->resp.content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
		resp_attachment(r, risk_export_filename(r->arena, "riskregister", "xlsx"));
	} else {
		struct doc *d;
		if ((rc = risk_register_doc(db, r->arena, r->lang, items, n, total, &d, &r->err)))
			return rc;
		if (fmt == RF_DOCX) {
			const char *data;
			size_t len;
			if ((rc = doc_docx(r->arena, d, &data, &len, &r->err)))
				return rc;
			buf_add(&r->resp.body, data, len);
			r->resp.content_type = DOC_MIME_DOCX;
			resp_attachment(r, risk_export_filename(r->arena, "riskregister", "docx"));
		} else {
			struct html h;
			html_init(&h, r->arena, r->lang);
			doc_html_standalone(&h, d);
			buf_add(&r->resp.body, h.b.data, h.b.len);
			r->resp.content_type = DOC_MIME_HTML;
		}
	}
	return 0;
}

int page_risks_export_xlsx(struct req *r)
{
	return register_export(r, RF_XLSX);
}

int page_risks_export_csv(struct req *r)
{
	return register_export(r, RF_CSV);
}

int page_risks_export_docx(struct req *r)
{
	return register_export(r, RF_DOCX);
}

int page_risks_report(struct req *r)
{
	return register_export(r, RF_PRINT);
}

/* --- the matrix ------------------------------------------------------------------------ */

/* Where the matrix of a cell links to: the register filtered to the matrix's scope and that cell. */
static const char *cell_url(struct req *r, const struct risk_filter *f, int64_t l, int64_t c, bool residual)
{
	struct url u;
	url_init(&u, r->arena, "/risks");
	url_add_int(&u, "analysis_id", f->analysis_id);
	url_add_int(&u, "unit_id", f->unit_id);
	url_add_int(&u, "likelihood", l);
	url_add_int(&u, "consequence", c);
	if (residual)
		url_add(&u, "residual", "true");
	return url_str(&u);
}

static void matrix_table(struct html *h, struct req *r, const struct risk_scale *s, const struct risk_filter *f,
			 int64_t counts[RISK_SCALE_MAX + 1][RISK_SCALE_MAX + 1], bool residual, const char *caption)
{
	HTML_LIT(h, "<table class=\"matrix\"><caption>");
	html_tr(h, caption);
	HTML_LIT(h, "</caption><thead><tr><td></td><th scope=\"colgroup\" colspan=\"");
	html_int(h, s->consequence_levels);
	HTML_LIT(h, "\">");
	html_tr(h, "Consequence");
	HTML_LIT(h, "</th></tr><tr><th scope=\"col\">");
	html_tr(h, "Likelihood");
	HTML_LIT(h, "</th>");
	for (int64_t c = 1; c <= s->consequence_levels; c++) {
		HTML_LIT(h, "<th scope=\"col\">");
		html_text(h, level_text(r, s, 1, c));
		HTML_LIT(h, "</th>");
	}
	HTML_LIT(h, "</tr></thead><tbody>");
	for (int64_t l = s->likelihood_levels; l >= 1; l--) {
		HTML_LIT(h, "<tr><th scope=\"row\">");
		html_text(h, level_text(r, s, 0, l));
		HTML_LIT(h, "</th>");
		for (int64_t c = 1; c <= s->consequence_levels; c++) {
			enum risk_band b = risk_band_of(s, l * c);
			HTML_LIT(h, "<td class=\"band-");
			html_attr(h, risk_band_names[b]);
			HTML_LIT(h, "\">");
			if (counts[l][c]) {
				HTML_LIT(h, "<a href=\"");
				html_attr(h, cell_url(r, f, l, c, residual));
				HTML_LIT(h, "\">");
				html_int(h, counts[l][c]);
				HTML_LIT(h, "<span class=\"sr-only\"> ");
				html_tr(h, "risks");
				HTML_LIT(h, "</span></a>");
			} else {
				HTML_LIT(h, "0");
			}
			HTML_LIT(h, "<span class=\"band-label\">");
			html_tr(h, risk_band_labels[b]);
			HTML_LIT(h, "</span></td>");
		}
		HTML_LIT(h, "</tr>");
	}
	table_close(h);
}

/* Black or white text on @hex, whichever is further from its luminance. */
static const char *ink_on(const char *hex)
{
	unsigned v = 0;
	double lum;
	if (hex && hex[0] == '#')
		sscanf(hex + 1, "%6x", &v);
	lum = 0.2126 * ((v >> 16) & 255) + 0.7152 * ((v >> 8) & 255) + 0.0722 * (v & 255);
	return lum > 140 ? "#000000" : "#ffffff";
}

/*
 * The same matrix drawn as a picture in the organisation's colours. It only
 * repeats the table above it, so it is hidden from assistive technology and
 * its links take no focus; whole-number coordinates.
 */
static void matrix_svg(struct html *h, struct req *r, const struct risk_scale *s, const struct risk_filter *f,
		       int64_t counts[RISK_SCALE_MAX + 1][RISK_SCALE_MAX + 1], bool residual)
{
	const int cell = 56, left = 34, top = 8, bottom = 34;
	int w = left + (int)s->consequence_levels * cell + 8, hgt = top + (int)s->likelihood_levels * cell + bottom;

	HTML_LIT(
		h,
		"<svg class=\"matrix\" aria-hidden=\"true\" focusable=\"false\" xmlns=\"http://www.w3.org/2000/svg\" width=\"");
	html_int(h, w);
	HTML_LIT(h, "\" height=\"");
	html_int(h, hgt);
	HTML_LIT(h, "\" viewBox=\"0 0 ");
	html_int(h, w);
	HTML_LIT(h, " ");
	html_int(h, hgt);
	HTML_LIT(h, "\">");
	for (int64_t l = s->likelihood_levels; l >= 1; l--) {
		int y = top + (int)(s->likelihood_levels - l) * cell;
		HTML_LIT(h, "<text x=\"");
		html_int(h, left - 10);
		HTML_LIT(h, "\" y=\"");
		html_int(h, y + cell / 2 + 5);
		HTML_LIT(h, "\" text-anchor=\"end\" fill=\"currentColor\">");
		html_int(h, l);
		HTML_LIT(h, "</text>");
		for (int64_t c = 1; c <= s->consequence_levels; c++) {
			int x = left + (int)(c - 1) * cell;
			const char *fill = s->colour[risk_band_of(s, l * c)];
			if (counts[l][c]) {
				HTML_LIT(h, "<a tabindex=\"-1\" href=\"");
				html_attr(h, cell_url(r, f, l, c, residual));
				HTML_LIT(h, "\">");
			}
			HTML_LIT(h, "<rect x=\"");
			html_int(h, x);
			HTML_LIT(h, "\" y=\"");
			html_int(h, y);
			HTML_LIT(h, "\" width=\"");
			html_int(h, cell - 2);
			HTML_LIT(h, "\" height=\"");
			html_int(h, cell - 2);
			HTML_LIT(h, "\" fill=\"");
			html_attr(h, fill);
			HTML_LIT(h, "\"/><text x=\"");
			html_int(h, x + cell / 2 - 1);
			HTML_LIT(h, "\" y=\"");
			html_int(h, y + cell / 2 + 6);
			HTML_LIT(h, "\" text-anchor=\"middle\" font-weight=\"700\" font-size=\"18\" fill=\"");
			html_attr(h, ink_on(fill));
			HTML_LIT(h, "\">");
			html_int(h, counts[l][c]);
			HTML_LIT(h, "</text>");
			if (counts[l][c])
				HTML_LIT(h, "</a>");
		}
	}
	for (int64_t c = 1; c <= s->consequence_levels; c++) {
		HTML_LIT(h, "<text x=\"");
		html_int(h, left + (int)(c - 1) * cell + cell / 2 - 1);
		HTML_LIT(h, "\" y=\"");
		html_int(h, top + (int)s->likelihood_levels * cell + 20);
		HTML_LIT(h, "\" text-anchor=\"middle\" fill=\"currentColor\">");
		html_int(h, c);
		HTML_LIT(h, "</text>");
	}
	HTML_LIT(h, "</svg>");
}

/* The organisation a matrix without a unit or an analysis shows: that of the user's first grant, or the first. */
static int default_org(struct req *r, struct db *db, int64_t *org)
{
	struct unit_filter uf = { .viewer_id = r->auth->user_id, .kind = "organisation", .limit = 1 };
	struct unit *u;
	size_t n;
	int rc;

	*org = 0;
	for (size_t g = 0; g < r->auth->n_grants && !*org; g++)
		*org = unit_org_of(r->auth->grants[g].unit_path);
	if (*org)
		return 0;
	if ((rc = unit_list(db, r->arena, &uf, &u, &n, NULL, &r->err)))
		return rc;
	*org = n ? u[0].id : 0;
	return 0;
}

int page_risk_matrix(struct req *r)
{
	int64_t before[RISK_SCALE_MAX + 1][RISK_SCALE_MAX + 1], after[RISK_SCALE_MAX + 1][RISK_SCALE_MAX + 1];
	int64_t total = 0, top_total = 0;
	struct risk_filter f;
	struct risk_scale s;
	struct risk *top;
	struct picker units = { 0 };
	size_t n_top;
	const char *path = NULL, *title = NULL;
	struct html *h;
	struct db *db;
	int rc;

	risk_filter_init(&f);
	if ((rc = risk_filter_parse(&f, req_query_get, r, &r->err)))
		return rc;
	f.viewer_id = r->auth->user_id;
	f.likelihood = f.consequence = 0;
	if (!(db = req_db(r)))
		return r->err.code;
	if (f.analysis_id) {
		/* Read, and its access checked, by the route's scope. */
		const struct risk_analysis *an = scope_record(&r->scope, "risk_analysis");
		path = an->unit_path;
		title = an->title;
	} else {
		/* A unit's subtree (by default the viewer's organisation, whose scales it uses): the risks in it
		 * the viewer sees, as in the register. */
		struct unit u;
		if (!f.unit_id && (rc = default_org(r, db, &f.unit_id)))
			return rc;
		if (f.unit_id) {
			if ((rc = unit_get(db, r->arena, f.unit_id, &u, &r->err)))
				return rc;
			path = u.path;
			title = u.name;
		}
	}
	if ((rc = risk_scale_of(db, r->arena, path, &s, &r->err)) ||
	    (rc = picker_units(r, db, NULL, NULL, NULL, &units)))
		return rc;
	if (path) {
		struct risk_filter tf = f;
		if ((rc = risk_matrices(db, r->arena, &f, before, after, &total, &r->err)))
			return rc;
		tf.sort = RISK_SORT_RESIDUAL;
		tf.limit = 10;
		if ((rc = risk_list(db, r->arena, &tf, &top, &n_top, &top_total, &r->err)))
			return rc;
	}
	h = page_begin(r, tr(r->lang, "Risk matrix"));
	risk_subnav(h, "/risks/matrix");
	HTML_LIT(h, "<h1>");
	html_tr(h, "Risk matrix");
	if (title) {
		HTML_LIT(h, ": ");
		html_text(h, title);
	}
	HTML_LIT(h, "</h1>");
	filters_open(h, "/risks/matrix");
	form_picker(h, r, "unit_id", "Unit (with the units below it)", &units, f.analysis_id ? 0 : f.unit_id, NULL);
	form_submit(h, "Show", true);
	HTML_LIT(h, "</form>");
	if (!path) {
		HTML_LIT(h, "<p>");
		html_tr(h, "Choose a unit.");
		HTML_LIT(h, "</p>");
		page_end(r, h);
		return 0;
	}
	HTML_LIT(h, "<p>");
	html_tr(h, "Risks");
	HTML_LIT(h, ": ");
	html_int(h, total);
	HTML_LIT(h, ". ");
	html_tr(h,
		"Each cell holds the number of risks; follow it for the list. After measures, a risk without assessed residual levels stays where it was.");
	HTML_LIT(h, "</p><div class=\"matrices\"><section aria-labelledby=\"m-before\"><h2 id=\"m-before\">");
	html_tr(h, "Before measures");
	HTML_LIT(h, "</h2>");
	matrix_table(h, r, &s, &f, before, false, N_("Risks by likelihood and consequence before measures"));
	matrix_svg(h, r, &s, &f, before, false);
	HTML_LIT(h, "</section><section aria-labelledby=\"m-after\"><h2 id=\"m-after\">");
	html_tr(h, "After measures");
	HTML_LIT(h, "</h2>");
	matrix_table(h, r, &s, &f, after, true, N_("Risks by likelihood and consequence after measures"));
	matrix_svg(h, r, &s, &f, after, true);
	HTML_LIT(h, "</section></div><h2>");
	html_tr(h, "Top risks");
	HTML_LIT(h, "</h2>");
	if (n_top)
		risks_table(h, r, db, top, n_top, N_("The highest residual risks"), -1, NULL);
	else {
		HTML_LIT(h, "<p>");
		html_tr(h, "No risks yet.");
		HTML_LIT(h, "</p>");
	}
	page_end(r, h);
	return 0;
}

/* --- one risk ------------------------------------------------------------------------------ */

static void risk_details(struct html *h, struct req *r, const struct risk *k, const struct risk_scale *s)
{
	HTML_LIT(h, "<dl class=\"details\"><dt>");
	html_tr(h, "Analysis");
	HTML_LIT(h, "</dt><dd><a href=\"/risk-analyses/");
	html_int(h, k->analysis_id);
	HTML_LIT(h, "\">");
	html_text(h, k->analysis_title);
	HTML_LIT(h, "</a></dd><dt>");
	html_tr(h, "Unit");
	HTML_LIT(h, "</dt><dd>");
	link_record(h, "unit", k->unit_id, k->unit_name);
	HTML_LIT(h, "</dd>");
	detail_row(h, "Threat", k->threat);
	detail_row(h, "Vulnerability", k->vulnerability);
	detail_row(h, "Consequence", k->consequence_text);
	detail_row(h, "Likelihood", level_text(r, s, 0, k->likelihood));
	detail_row(h, "Consequence level", level_text(r, s, 1, k->consequence));
	HTML_LIT(h, "<dt>");
	html_tr(h, "Risk value");
	HTML_LIT(h, "</dt><dd>");
	value_cell(h, s, k->value);
	HTML_LIT(h, "</dd>");
	detail_row(h, "Treatment", tr(r->lang, treatment_label(k->treatment)));
	detail_row(h, "Reason", k->treatment_reason);
	if (!strcmp(k->treatment, "accept"))
		detail_row(h, "Accepted by", k->accepted_by_name);
	detail_row(h, "Risk owner", k->owner_name);
	detail_row(h, "Residual likelihood",
		   k->residual_likelihood ? level_text(r, s, 0, k->residual_likelihood) : tr(r->lang, "Not assessed"));
	detail_row(h, "Residual consequence",
		   k->residual_consequence ? level_text(r, s, 1, k->residual_consequence)
					   : tr(r->lang, "Not assessed"));
	HTML_LIT(h, "<dt>");
	html_tr(h, "Residual value");
	HTML_LIT(h, "</dt><dd>");
	value_cell(h, s, k->residual_value);
	HTML_LIT(h, "</dd>");
	time_row(h, N_("Last changed"), k->updated_at);
	HTML_LIT(h, "</dl>");
}

/* What the risk's page shows besides the risk: a concern or measure being added, and its problem. */
struct risk_try {
	int64_t asset_id;
	const char *title, *due_date;
	int64_t responsible_id;
	const char *form; /* "concern" or "measure": which form @e belongs to */
};

static int risk_page(struct req *r, const struct risk *k, const struct risk_try *t, const struct err *e)
{
	struct risk_concern *cs;
	struct risk_measure *ms;
	struct risk_scale s;
	size_t n_cs, n_ms;
	bool can_edit = risk_can_edit(r->auth, k), has_gaps = false;
	struct html *h;
	struct db *db;
	int rc;

	if (!(db = req_db(r)))
		return r->err.code;
	if ((rc = risk_scale_of(db, r->arena, k->unit_path, &s, &r->err)) ||
	    (rc = risk_concerns(db, r->arena, k->id, &cs, &n_cs, &r->err)) ||
	    (rc = risk_measures(db, r->arena, k->id, &ms, &n_ms, &r->err)))
		return rc;
	h = page_begin(r, k->threat);
	risk_subnav(h, NULL);
	HTML_LIT(h, "<p class=\"crumbs\"><a href=\"/risks\">");
	html_tr(h, "Risk register");
	HTML_LIT(h, "</a> › <a href=\"/risk-analyses/");
	html_int(h, k->analysis_id);
	HTML_LIT(h, "\">");
	html_text(h, k->analysis_title);
	HTML_LIT(h, "</a></p><h1>");
	html_text(h, k->threat);
	HTML_LIT(h, "</h1>");
	page_flash(h, r);
	{
		const char *made = req_query(r, "made"), *linked = req_query(r, "linked"),
			   *skipped = req_query(r, "skipped");
		int64_t vm = 0, vl = 0, vs = 0;
		if (made && str_to_i64(made, &vm) && linked && str_to_i64(linked, &vl)) {
			HTML_LIT(h, "<p class=\"flash\" role=\"status\">");
			html_tr(h, "Actions made");
			HTML_LIT(h, ": ");
			html_int(h, vm);
			HTML_LIT(h, ". ");
			html_tr(h, "Measures added");
			HTML_LIT(h, ": ");
			html_int(h, vl);
			HTML_LIT(h, ".");
			if (skipped && str_to_i64(skipped, &vs) && vs) {
				HTML_LIT(h, " ");
				html_tr(h, "Left out, as your roles do not let you change the asset");
				HTML_LIT(h, ": ");
				html_int(h, vs);
				HTML_LIT(h, ".");
			}
			HTML_LIT(h, "</p>");
		}
	}
	if (can_edit) {
		HTML_LIT(h, "<p class=\"actions\"><a class=\"button\" href=\"/risks/");
		html_int(h, k->id);
		HTML_LIT(h, "/edit\">");
		html_tr(h, "Edit");
		HTML_LIT(h, "</a></p>");
	}
	risk_details(h, r, k, &s);

	HTML_LIT(h, "<section id=\"concerns\" aria-labelledby=\"concerns-h\"><h2 id=\"concerns-h\">");
	html_tr(h, "What the risk concerns");
	HTML_LIT(h, "</h2>");
	if (!n_cs) {
		HTML_LIT(h, "<p>");
		html_tr(h, "None.");
		HTML_LIT(h, "</p>");
	} else {
		HTML_LIT(h, "<table><caption class=\"sr-only\">");
		html_tr(h, "What the risk concerns");
		HTML_LIT(h, "</caption>");
		table_head(h, (const char *const[]){ N_("Asset"), N_("Requirement"), N_("Fulfilment"), N_("Activity"),
						     NULL });
		for (size_t i = 0; i < n_cs; i++) {
			const struct risk_concern *c = &cs[i];
			bool visible = authz_in_scope(r->auth, ACCESS_READ, c->asset_unit_path);
			HTML_LIT(h, "<tr><th scope=\"row\">");
			if (visible)
				link_record(h, "asset", c->asset_id, c->asset_name);
			else
				html_tr(h, "An asset in another unit");
			HTML_LIT(h, "</th><td>");
			if (c->requirement_id && visible) {
				HTML_LIT(h, "<a href=\"/assets/");
				html_int(h, c->asset_id);
				HTML_LIT(h, "/requirements/");
				html_int(h, c->requirement_id);
				HTML_LIT(h, "\">");
				html_text(h, c->requirement_code);
				HTML_LIT(h, " ");
				html_text(h, c->requirement_title);
				HTML_LIT(h, "</a>");
			} else if (c->requirement_id) {
				html_text(h, c->requirement_code);
			} else {
				HTML_LIT(h, "–");
			}
			HTML_LIT(h, "</td><td>");
			if (c->requirement_id)
				html_tr(h, req_status_label(c->status));
			HTML_LIT(h, "</td><td>");
			if (c->action_id)
				link_record(h, "activity", c->action_id, tr(r->lang, "The activity"));
			HTML_LIT(h, "</td></tr>");
			has_gaps = has_gaps || (c->requirement_id &&
						(!strcmp(c->status, "not_fulfilled") || !strcmp(c->status, "partial")));
		}
		table_close(h);
	}
	if (can_edit) {
		struct picker assets = { 0 };
		if ((rc = picker_assets(r, db, NULL, 0, &assets)))
			return rc;
		HTML_LIT(h, "<h3>");
		html_tr(h, "Add an asset the risk concerns");
		HTML_LIT(h, "</h3>");
		if (t && !strcmp(t->form, "concern"))
			form_errors(h, r, e);
		form_open(h, r, arena_printf(r->arena, "/risks/%" PRId64 "/concerns", k->id));
		form_picker(h, r, "asset_id", "Asset", &assets, t ? t->asset_id : 0,
			    t && !strcmp(t->form, "concern") ? e : NULL);
		form_submit(h, "Add asset", false);
		form_close(h);
	}
	HTML_LIT(h, "</section>");

	HTML_LIT(h, "<section id=\"measures\" aria-labelledby=\"measures-h\"><h2 id=\"measures-h\">");
	html_tr(h, "Measures");
	HTML_LIT(h, "</h2>");
	if (!n_ms) {
		HTML_LIT(h, "<p>");
		html_tr(h, "No measures are recorded yet.");
		HTML_LIT(h, "</p>");
	} else {
		HTML_LIT(h, "<table><caption class=\"sr-only\">");
		html_tr(h, "Measures");
		HTML_LIT(h, "</caption>");
		table_head(h, (const char *const[]){ N_("Measure"), N_("Responsible"), N_("Due date"),
						     N_("Carried out as"), NULL });
		for (size_t i = 0; i < n_ms; i++) {
			HTML_LIT(h, "<tr><th scope=\"row\">");
			html_text(h, ms[i].title);
			HTML_LIT(h, "</th><td>");
			html_text(h, ms[i].responsible_name ? ms[i].responsible_name : "–");
			HTML_LIT(h, "</td><td>");
			html_text(h, ms[i].due_date ? ms[i].due_date : "–");
			HTML_LIT(h, "</td><td>");
			if (ms[i].action_id) {
				link_record(h, "action", ms[i].action_id, tr(r->lang, "A tracked action"));
				HTML_LIT(h, " (");
				html_tr(h, activity_status_label(ms[i].action_status));
				HTML_LIT(h, ")");
			} else {
				html_tr(h, "An activity of the action plan");
			}
			HTML_LIT(h, "</td></tr>");
		}
		table_close(h);
	}
	if (can_edit) {
		struct picker users = { 0 };
		if (has_gaps) {
			form_open(h, r, arena_printf(r->arena, "/risks/%" PRId64 "/actions", k->id));
			HTML_LIT(h, "<p>");
			html_tr(h,
				"The unfulfilled requirements the risk concerns can become tracked actions, one per asset and requirement.");
			HTML_LIT(h, "</p>");
			form_submit(h, "Make actions of the requirements", false);
			form_close(h);
		}
		if ((rc = picker_users(r, db, N_("Nobody"), t ? t->responsible_id : 0, 0, &users)))
			return rc;
		HTML_LIT(h, "<h3>");
		html_tr(h, "Add a measure");
		HTML_LIT(h, "</h3>");
		if (t && !strcmp(t->form, "measure"))
			form_errors(h, r, e);
		form_open(h, r, arena_printf(r->arena, "/risks/%" PRId64 "/measures", k->id));
		{
			const struct err *me = t && !strcmp(t->form, "measure") ? e : NULL;
			form_text(h, r, "title", "Measure", t ? t->title : NULL, true, me);
			form_picker(h, r, "responsible_id", "Responsible", &users, t ? t->responsible_id : 0, me);
			form_input(h, r, "date", "due_date", "Due date", t ? t->due_date : NULL, false, NULL, me);
		}
		form_submit(h, "Add measure", false);
		form_close(h);
	}
	HTML_LIT(h, "</section>");
	page_end(r, h);
	return 0;
}

int page_risk(struct req *r)
{
	return risk_page(r, scope_record(&r->scope, "risk"), NULL, NULL);
}

struct risk_try_view {
	const struct risk *k;
	struct risk_try t;
};

static int risk_again(struct req *r, const void *ctx, const struct err *e)
{
	const struct risk_try_view *v = ctx;
	return risk_page(r, v->k, &v->t, e);
}

int page_risk_concern_add(struct req *r)
{
	const struct risk *k = scope_record(&r->scope, "risk");
	struct risk_try_view v = { k, { .asset_id = form_int(r, "asset_id", 0), .form = "concern" } };
	struct err e = { 0 };
	struct db *db;
	int rc;

	if (!(db = req_db(r)))
		return r->err.code;
	rc = risk_concern_add(db, r->arena, r->auth, k, v.t.asset_id, &e);
	return page_saved(r, rc, &e, arena_printf(r->arena, "/risks/%" PRId64 "?msg=saved#concerns", k->id), risk_again,
			  &v);
}

int page_risk_measure_add(struct req *r)
{
	const struct risk *k = scope_record(&r->scope, "risk");
	struct risk_try_view v = { k,
				   { .title = req_form(r, "title"),
				     .due_date = req_form(r, "due_date"),
				     .responsible_id = form_int(r, "responsible_id", 0),
				     .form = "measure" } };
	struct err e = { 0 };
	struct db *db;
	int rc;

	if (!(db = req_db(r)))
		return r->err.code;
	rc = risk_measure_add(db, r->arena, r->auth, r->lang, k, v.t.title, v.t.responsible_id, v.t.due_date, NULL, &e);
	return page_saved(r, rc, &e, arena_printf(r->arena, "/risks/%" PRId64 "?msg=saved#measures", k->id), risk_again,
			  &v);
}

int page_risk_actions(struct req *r)
{
	const struct risk *k = scope_record(&r->scope, "risk");
	int64_t made, linked, skipped;
	struct db *db;
	int rc;

	if (!(db = req_db(r)))
		return r->err.code;
	if ((rc = risk_make_actions(db, r->arena, r->auth, r->lang, k, &made, &linked, &skipped, &r->err)))
		return rc;
	return resp_redirect(r, arena_printf(r->arena,
					     "/risks/%" PRId64 "?made=%" PRId64 "&linked=%" PRId64 "&skipped=%" PRId64
					     "#measures",
					     k->id, made, linked, skipped));
}

/* --- the risk form ------------------------------------------------------------------------- */

/* The threat catalogue as options "Code Name (category)", the empty value meaning free text. */
static int threat_picker(struct req *r, struct db *db, struct picker *p)
{
	struct risk_threat *list;
	size_t n;
	int rc = risk_threat_list(db, r->arena, false, NULL, &list, &n, &r->err);
	if (rc)
		return rc;
	p->values = arena_calloc(r->arena, n + 1, sizeof(char *));
	p->labels = arena_calloc(r->arena, n + 1, sizeof(char *));
	p->values[0] = "";
	p->labels[0] = tr(r->lang, "Not from the catalogue (write the threat below)");
	p->n = 1;
	for (size_t i = 0; i < n; i++) {
		p->values[p->n] = num(r, list[i].id);
		p->labels[p->n++] = arena_printf(r->arena, "%s %s (%s)", list[i].code, list[i].name,
						 tr(r->lang, risk_label(risk_categories, risk_category_labels,
									RISK_CATEGORY_COUNT, list[i].category)));
	}
	return 0;
}

/* The levels of one axis as options; @none labels the empty value (not given), NULL for none. */
static void level_select(struct html *h, struct req *r, const struct risk_scale *s, int axis, const char *name,
			 const char *label, int64_t value, const char *none, const struct err *e)
{
	int64_t n = axis ? s->consequence_levels : s->likelihood_levels;
	const char **v = arena_calloc(r->arena, (size_t)n + 2, sizeof(char *));
	const char **l = arena_calloc(r->arena, (size_t)n + 2, sizeof(char *));
	size_t k = 0;
	if (none) {
		v[k] = "";
		l[k++] = tr(r->lang, none);
	}
	for (int64_t i = 1; i <= n; i++) {
		v[k] = num(r, i);
		l[k++] = level_text(r, s, axis, i);
	}
	form_select(h, r, name, label, v, l, k, value ? num(r, value) : "", false, e);
}

static void risk_fields(struct html *h, struct req *r, const struct risk_input *in, const struct risk_scale *s,
			const struct picker *threats, const struct picker *users, const struct err *e)
{
	form_picker(h, r, "threat_id", "Threat from the catalogue", threats, in->threat_id, e);
	form_text(h, r, "threat", "Threat", in->threat, false, e);
	HTML_LIT(h, "<p class=\"hint\">");
	html_tr(h, "Choose a threat from the catalogue, or write one; a written threat is kept as written.");
	HTML_LIT(h, "</p>");
	form_textarea(h, r, "vulnerability", "Vulnerability", in->vulnerability, e);
	form_textarea(h, r, "consequence_text", "Consequence", in->consequence_text, e);
	level_select(h, r, s, 0, "likelihood", "Likelihood", in->likelihood, NULL, e);
	level_select(h, r, s, 1, "consequence", "Consequence level", in->consequence, NULL, e);
	form_select(h, r, "treatment", "Treatment", risk_treatments, risk_treatment_labels, RISK_TREATMENT_COUNT,
		    in->treatment ? in->treatment : "", true, e);
	form_textarea(h, r, "treatment_reason", "Reason for the treatment", in->treatment_reason, e);
	form_picker(h, r, "accepted_by", "Accepted by (for an accepted risk)", users, in->accepted_by, e);
	form_picker(h, r, "owner_id", "Risk owner", users, in->owner_id, e);
	level_select(h, r, s, 0, "residual_likelihood", "Residual likelihood after measures", in->residual_likelihood,
		     N_("Not assessed"), e);
	level_select(h, r, s, 1, "residual_consequence", "Residual consequence after measures",
		     in->residual_consequence, N_("Not assessed"), e);
}

static struct risk_input risk_from_form(struct req *r)
{
	struct risk_input in = { 0 };
	in.threat_id = form_int(r, "threat_id", 0);
	in.threat = req_form(r, "threat");
	in.vulnerability = req_form(r, "vulnerability");
	in.consequence_text = req_form(r, "consequence_text");
	in.likelihood = form_int(r, "likelihood", 0);
	in.consequence = form_int(r, "consequence", 0);
	in.treatment = req_form(r, "treatment");
	in.treatment_reason = req_form(r, "treatment_reason");
	in.accepted_by = form_int(r, "accepted_by", 0);
	in.owner_id = form_int(r, "owner_id", 0);
	in.residual_likelihood = form_int(r, "residual_likelihood", 0);
	in.residual_consequence = form_int(r, "residual_consequence", 0);
	return in;
}

struct risk_new_view {
	const struct risk_analysis *an;
	const struct risk_input *in;
};

static int risk_new_form(struct req *r, const void *ctx, const struct err *e)
{
	const struct risk_new_view *v = ctx;
	struct picker threats = { 0 }, users = { 0 };
	struct risk_scale s;
	struct html *h;
	struct db *db;
	int rc;

	if (!(db = req_db(r)))
		return r->err.code;
	if ((rc = risk_scale_of(db, r->arena, v->an->unit_path, &s, &r->err)) ||
	    (rc = threat_picker(r, db, &threats)) ||
	    (rc = picker_users(r, db, N_("Nobody"), v->in->owner_id, v->in->accepted_by, &users)))
		return rc;
	h = page_begin(r, tr(r->lang, "New risk"));
	risk_subnav(h, NULL);
	HTML_LIT(h, "<p class=\"crumbs\"><a href=\"/risk-analyses/");
	html_int(h, v->an->id);
	HTML_LIT(h, "\">");
	html_text(h, v->an->title);
	HTML_LIT(h, "</a></p><h1>");
	html_tr(h, "New risk");
	HTML_LIT(h, "</h1>");
	form_errors(h, r, e);
	form_open(h, r, arena_printf(r->arena, "/risk-analyses/%" PRId64 "/risks", v->an->id));
	risk_fields(h, r, v->in, &s, &threats, &users, e);
	form_submit(h, "Create", false);
	form_close(h);
	page_end(r, h);
	return 0;
}

int page_risk_new(struct req *r)
{
	struct risk_input in = { 0 };
	struct risk_new_view v = { scope_record(&r->scope, "risk_analysis"), &in };
	in.treatment = "";
	return risk_new_form(r, &v, NULL);
}

int page_risk_create(struct req *r)
{
	struct risk_input in = risk_from_form(r);
	struct risk_new_view v = { scope_record(&r->scope, "risk_analysis"), &in };
	struct err e = { 0 };
	int64_t id = 0;
	struct db *db;
	int rc;

	if (!(db = req_db(r)))
		return r->err.code;
	rc = risk_create(db, r->arena, r->auth, v.an, &in, &id, &e);
	return page_saved(r, rc, &e, arena_printf(r->arena, "/risks/%" PRId64 "?msg=created", id), risk_new_form, &v);
}

static int risk_edit_form(struct req *r, const void *ctx, const struct err *e)
{
	const struct form_view *v = ctx;
	const struct risk *k = v->rec, *cur = v->cur;
	const struct risk_input *in = v->in;
	struct picker threats = { 0 }, users = { 0 };
	struct risk_scale s;
	struct html *h;
	struct db *db;
	int rc;

	if (!(db = req_db(r)))
		return r->err.code;
	if ((rc = risk_scale_of(db, r->arena, k->unit_path, &s, &r->err)) || (rc = threat_picker(r, db, &threats)) ||
	    (rc = picker_users(r, db, N_("Nobody"), in->owner_id, in->accepted_by, &users)))
		return rc;
	h = page_begin(r, tr(r->lang, "Edit risk"));
	risk_subnav(h, NULL);
	HTML_LIT(h, "<p class=\"crumbs\"><a href=\"/risks/");
	html_int(h, k->id);
	HTML_LIT(h, "\">");
	html_text(h, k->threat);
	HTML_LIT(h, "</a></p><h1>");
	html_tr(h, "Edit risk");
	HTML_LIT(h, "</h1>");
	form_errors(h, r, e);
	if (cur) {
		page_theirs_open(h);
		risk_details(h, r, cur, &s);
		HTML_LIT(h, "</section>");
	}
	form_open(h, r, arena_printf(r->arena, "/risks/%" PRId64 "/edit", k->id));
	form_hidden_int(h, "version", v->version);
	risk_fields(h, r, in, &s, &threats, &users, e);
	form_submit(h, "Save", false);
	form_close(h);
	page_end(r, h);
	return 0;
}

PAGE_FROM_FORM(edit_risk_from_form, struct risk_input, risk_from_form)
PAGE_INPUT_OF(edit_risk_input_of, struct risk_input, risk_input_of)
PAGE_UPDATER(edit_risk_update, risk_update)

static const struct page_record_def risk_def = {
	PAGE_RECORD(struct risk, struct risk_input),
	.kind = "risk",
	.path = "/risks/",
	.from_form = edit_risk_from_form,
	.input_of = edit_risk_input_of,
	.update = edit_risk_update,
	.form = risk_edit_form,
};

int page_risk_edit(struct req *r)
{
	return page_record_edit(r, &risk_def);
}

int page_risk_update(struct req *r)
{
	return page_record_update(r, &risk_def);
}

/* --- analyses ---------------------------------------------------------------------------------- */

int page_risk_analyses(struct req *r)
{
	struct risk_analysis_filter f = { 0 };
	struct risk_analysis *list;
	struct picker units = { 0 };
	size_t n;
	int64_t total = 0;
	struct err e = { 0 };
	struct html *h;
	struct db *db;
	int rc;

	if (!(db = req_db(r)))
		return r->err.code;
	if ((rc = risk_analysis_filter_parse(&f, req_query_get, r, &e)))
		filters_refused(r, &f, sizeof(f));
	f.viewer_id = r->auth->user_id;
	page_paging(r, RISKS_PAGE, &f.limit, &f.offset);
	if ((rc = risk_analysis_list(db, r->arena, &f, &list, &n, &total, &r->err)) ||
	    (rc = picker_units(r, db, N_("All units"), NULL, NULL, &units)))
		return rc;
	h = page_begin(r, tr(r->lang, "Risk analyses"));
	risk_subnav(h, "/risk-analyses");
	page_h1(h, N_("Risk analyses"));
	page_flash(h, r);
	form_errors(h, r, &e);
	if ((rc = rsa_notice(h, r, db)))
		return rc;
	if (authz_anywhere(r->auth, ACCESS_EDIT)) {
		HTML_LIT(h, "<p class=\"actions\"><a class=\"button\" href=\"/risk-analyses/new\">");
		html_tr(h, "New risk analysis");
		HTML_LIT(h, "</a> <a class=\"button\" href=\"/risk-analyses/new?kind=rsa\">");
		html_tr(h, "New risk and vulnerability analysis (RSA)");
		HTML_LIT(h, "</a></p>");
	}
	filters_open(h, "/risk-analyses");
	form_unit_filter(h, r, "unit_id", "Unit (with the units below it)", &units);
	form_filter_select(h, r, "kind", "Kind", N_("All kinds"), risk_analysis_kinds, risk_analysis_kind_labels, 2,
			   f.kind);
	form_filter_select(h, r, "status", "Status", N_("All statuses"), risk_analysis_statuses,
			   risk_analysis_status_labels, 2, f.status);
	filters_close(h);
	if (!n) {
		HTML_LIT(h, "<p>");
		html_tr(h, "No risk analysis matches the filter.");
		HTML_LIT(h, "</p>");
	} else {
		table_open(h, N_("Risk analyses"), total,
			   (const char *const[]){ N_("Title"), N_("Kind"), N_("Unit"), N_("Date"), N_("Status"),
						  TABLE_NUM, N_("Risks"), NULL });
		for (size_t i = 0; i < n; i++) {
			HTML_LIT(h, "<tr><th scope=\"row\"><a href=\"/risk-analyses/");
			html_int(h, list[i].id);
			HTML_LIT(h, "\">");
			html_text(h, list[i].title);
			HTML_LIT(h, "</a></th><td>");
			html_tr(h, risk_label(risk_analysis_kinds, risk_analysis_kind_labels, 2, list[i].kind));
			HTML_LIT(h, "</td><td>");
			link_record(h, "unit", list[i].unit_id, list[i].unit_name);
			HTML_LIT(h, "</td><td>");
			html_text(h, list[i].analysis_date);
			HTML_LIT(h, "</td><td>");
			html_tr(h, risk_label(risk_analysis_statuses, risk_analysis_status_labels, 2, list[i].status));
			HTML_LIT(h, "</td><td class=\"num\">");
			html_int(h, list[i].n_risks);
			HTML_LIT(h, "</td></tr>");
		}
		table_close(h);
	}
	page_pager(h, r, url_keep(r, "/risk-analyses", risk_analysis_filter_args), f.offset, f.limit, total);
	page_end(r, h);
	return 0;
}

static bool org_edit(struct req *r, const struct unit *u, const void *ctx)
{
	(void)ctx;
	return !u->parent_id && authz_in_scope(r->auth, ACCESS_EDIT, u->path);
}

struct analysis_view {
	const struct risk_analysis *an; /* NULL: a new one */
	const struct risk_analysis_input *in;
	int64_t version;
	const struct risk_analysis *cur;
	const char *const *bodies; /* the stored RSA parts, for a form that did not send them */
};

static int analysis_form(struct req *r, const void *ctx, const struct err *e)
{
	const struct analysis_view *v = ctx;
	bool rsa = v->in->kind && !strcmp(v->in->kind, "rsa");
	struct picker units = { 0 }, assets = { 0 };
	struct html *h;
	struct db *db;
	int rc;

	if (!(db = req_db(r)))
		return r->err.code;
	if ((rc = picker_units(r, db, NULL, rsa ? org_edit : picker_keep_editable, NULL, &units)) ||
	    (!rsa && (rc = picker_assets(r, db, NULL, 0, &assets))))
		return rc;
	h = page_begin(r, tr(r->lang, v->an ? N_("Edit risk analysis")
				      : rsa ? N_("New risk and vulnerability analysis (RSA)")
					    : N_("New risk analysis")));
	risk_subnav(h, NULL);
	HTML_LIT(h, "<p class=\"crumbs\"><a href=\"/risk-analyses\">");
	html_tr(h, "Risk analyses");
	HTML_LIT(h, "</a>");
	if (v->an) {
		HTML_LIT(h, " › <a href=\"/risk-analyses/");
		html_int(h, v->an->id);
		HTML_LIT(h, "\">");
		html_text(h, v->an->title);
		HTML_LIT(h, "</a>");
	}
	HTML_LIT(h, "</p><h1>");
	html_tr(h, v->an ? N_("Edit risk analysis")
		   : rsa ? N_("New risk and vulnerability analysis (RSA)")
			 : N_("New risk analysis"));
	HTML_LIT(h, "</h1>");
	form_errors(h, r, e);
	if (v->cur) {
		page_theirs_open(h);
		HTML_LIT(h, "<dl class=\"details\">");
		detail_row(h, "Title", v->cur->title);
		detail_row(h, "Date", v->cur->analysis_date);
		detail_row(h, "Method", v->cur->method);
		detail_row(h, "Participants", v->cur->participants);
		HTML_LIT(h, "</dl></section>");
	}
	form_open(h, r,
		  v->an ? arena_printf(r->arena, "/risk-analyses/%" PRId64 "/edit", v->an->id) : "/risk-analyses");
	if (v->an)
		form_hidden_int(h, "version", v->version);
	form_hidden(h, "kind", rsa ? "rsa" : "risk");
	form_picker(h, r, "unit_id", rsa ? N_("Organisation") : N_("Unit"), &units, v->in->unit_id, e);
	form_text(h, r, "title", "Title", v->in->title, true, e);
	form_input(h, r, "date", "analysis_date", "Date of the analysis", v->in->analysis_date, true, NULL, e);
	if (rsa) {
		char due[11];
		int64_t year = v->in->election_year;
		if (!year) {
			char today[TIME_ISO_LEN];
			time_now_iso(today);
			today[10] = 0;
			year = risk_rsa_term(today);
		}
		form_input(h, r, "number", "election_year", "The general election the term follows (year)",
			   num(r, year), true, NULL, e);
		risk_rsa_due(year, due);
		HTML_LIT(h, "<p class=\"hint\">");
		html_tr(h,
			"The analysis is to be reported by 31 October of the year after the election; for this term by");
		HTML_LIT(h, " ");
		html_text(h, due);
		HTML_LIT(h, ".</p>");
	} else {
		form_select(h, r, "scope_kind", "The analysis covers", risk_scope_kinds, risk_scope_labels,
			    RISK_SCOPE_COUNT, v->in->scope_kind ? v->in->scope_kind : "unit", true, e);
		risk_multi_select(h, r, "asset_ids",
				  "Assets, or the process, it covers (for named assets or a process)", &assets,
				  v->in->asset_ids, v->in->n_asset_ids, e);
	}
	form_select(h, r, "status", "Status", risk_analysis_statuses, risk_analysis_status_labels, 2,
		    v->in->status ? v->in->status : "ongoing", true, e);
	form_textarea(h, r, "method", "Method (Markdown)", v->in->method, e);
	form_textarea(h, r, "participants", "Participants", v->in->participants, e);
	if (rsa) {
		HTML_LIT(h, "<h2>");
		html_tr(h, "The parts of the analysis (Markdown)");
		HTML_LIT(h, "</h2>");
		for (size_t k = 0; k < 7; k++) {
			const char *body = v->in->sections[k] ? v->in->sections[k] : v->bodies ? v->bodies[k] : "";
			form_textarea(h, r, arena_printf(r->arena, "section_%zu", k + 1),
				      arena_printf(r->arena, "%zu. %s", k + 1, tr(r->lang, risk_rsa_parts[k])), body,
				      e);
		}
	}
	form_submit(h, v->an ? N_("Save") : N_("Create"), false);
	form_close(h);
	page_end(r, h);
	return 0;
}

/* Whether an asset typed in to add to the analysis named none or several (the form's ids leave it out): @e says so. */
static bool typed_asset_refused(struct req *r, struct err *e)
{
	if (!req_typed_of(r, "asset_ids"))
		return false;
	err_set(e, ERR_INVALID, "asset_ids", N_("No such asset."));
	return true;
}

static struct risk_analysis_input analysis_from_form(struct req *r)
{
	struct risk_analysis_input in = { 0 };
	int64_t *ids;
	in.unit_id = form_int(r, "unit_id", 0);
	in.kind = req_form(r, "kind");
	in.title = req_form(r, "title");
	in.analysis_date = req_form(r, "analysis_date");
	in.scope_kind = req_form(r, "scope_kind");
	in.method = req_form(r, "method");
	in.participants = req_form(r, "participants");
	in.status = req_form(r, "status");
	in.election_year = form_int(r, "election_year", 0);
	risk_form_ids(r, "asset_ids", &ids, &in.n_asset_ids);
	in.asset_ids = ids;
	in.set_assets = true;
	for (size_t k = 0; k < 7; k++)
		in.sections[k] = req_form(r, arena_printf(r->arena, "section_%zu", k + 1));
	return in;
}

int page_risk_analysis_new(struct req *r)
{
	struct risk_analysis_input in = { 0 };
	struct analysis_view v = { NULL, &in, 0, NULL, NULL };
	char today[TIME_ISO_LEN];

	time_now_iso(today);
	today[10] = 0;
	in.unit_id = query_int(r, "unit_id", 0);
	in.kind = req_query(r, "kind") && !strcmp(req_query(r, "kind"), "rsa") ? "rsa" : "risk";
	in.analysis_date = arena_strdup(r->arena, today);
	in.scope_kind = "unit";
	return analysis_form(r, &v, NULL);
}

int page_risk_analysis_create(struct req *r)
{
	struct risk_analysis_input in = analysis_from_form(r);
	struct analysis_view v = { NULL, &in, 0, NULL, NULL };
	struct err e = { 0 };
	int64_t id = 0;
	struct db *db;
	int rc;

	if (!(db = req_db(r)))
		return r->err.code;
	rc = typed_asset_refused(r, &e) ? ERR_INVALID : risk_analysis_create(db, r->arena, r->auth, &in, &id, &e);
	return page_saved(r, rc, &e, arena_printf(r->arena, "/risk-analyses/%" PRId64 "?msg=created", id),
			  analysis_form, &v);
}

int page_risk_analysis_edit(struct req *r)
{
	const struct risk_analysis *an = scope_record(&r->scope, "risk_analysis");
	struct risk_analysis_input in = risk_analysis_input_of(an);
	struct risk_scope_asset *assets;
	const char *bodies[7];
	size_t n;
	int64_t *ids;
	struct analysis_view v = { an, &in, an->version, NULL, bodies };
	struct db *db;
	int rc;

	if (!(db = req_db(r)))
		return r->err.code;
	if ((rc = risk_analysis_assets(db, r->arena, an->id, &assets, &n, &r->err)) ||
	    (rc = risk_rsa_sections(db, r->arena, an->id, bodies, &r->err)))
		return rc;
	ids = arena_calloc(r->arena, n + 1, sizeof(*ids));
	for (size_t i = 0; i < n; i++)
		ids[i] = assets[i].asset_id;
	in.asset_ids = ids;
	in.n_asset_ids = n;
	return analysis_form(r, &v, NULL);
}

int page_risk_analysis_update(struct req *r)
{
	const struct risk_analysis *before = scope_record(&r->scope, "risk_analysis");
	struct risk_analysis_input in = analysis_from_form(r);
	struct risk_analysis cur = { 0 };
	struct analysis_view v = { before, &in, form_int(r, "version", -1), NULL, NULL };
	struct err e = { 0 };
	struct db *db;
	int rc;

	if (!(db = req_db(r)))
		return r->err.code;
	/* The form always sends the analysis's kind; an RSA's scope is its organisation. */
	if (!in.kind)
		in.kind = before->kind;
	if (!strcmp(before->kind, "rsa"))
		in.set_assets = false;
	rc = typed_asset_refused(r, &e) ? ERR_INVALID
					: risk_analysis_update(db, r->arena, r->auth, before, v.version, &in, &cur, &e);
	if (rc == ERR_CONFLICT && cur.id) {
		v.an = v.cur = &cur;
		v.version = cur.version;
	}
	return page_saved(r, rc, &e, arena_printf(r->arena, "/risk-analyses/%" PRId64 "?msg=saved", before->id),
			  analysis_form, &v);
}

int page_risk_analysis(struct req *r)
{
	const struct risk_analysis *an = scope_record(&r->scope, "risk_analysis");
	bool rsa = !strcmp(an->kind, "rsa"), can_edit = authz_in_scope(r->auth, ACCESS_EDIT, an->unit_path);
	struct risk_scope_asset *assets;
	struct risk_filter f;
	struct risk *list;
	const char *bodies[7];
	size_t n_assets, n;
	int64_t total;
	struct html *h;
	struct db *db;
	int rc;

	if (!(db = req_db(r)))
		return r->err.code;
	risk_filter_init(&f);
	f.viewer_id = r->auth->user_id;
	f.analysis_id = an->id;
	page_paging(r, 100, &f.limit, &f.offset);
	if ((rc = risk_analysis_assets(db, r->arena, an->id, &assets, &n_assets, &r->err)) ||
	    (rc = risk_rsa_sections(db, r->arena, an->id, bodies, &r->err)) ||
	    (rc = risk_list(db, r->arena, &f, &list, &n, &total, &r->err)))
		return rc;
	h = page_begin(r, an->title);
	risk_subnav(h, NULL);
	page_crumb(h, "/risk-analyses", N_("Risk analyses"));
	HTML_LIT(h, "<h1>");
	html_text(h, an->title);
	HTML_LIT(h, "</h1>");
	page_flash(h, r);
	{
		const char *added = req_query(r, "added"), *concerns = req_query(r, "concerns");
		int64_t a = 0, c = 0;
		if (added && concerns && str_to_i64(added, &a) && str_to_i64(concerns, &c)) {
			HTML_LIT(h, "<p class=\"flash\" role=\"status\">");
			html_tr(h, "Unfulfilled requirements brought in");
			HTML_LIT(h, ": ");
			html_int(h, a);
			HTML_LIT(h, " ");
			html_tr(h, "new risks");
			HTML_LIT(h, ", ");
			html_int(h, c);
			HTML_LIT(h, " ");
			html_tr(h, "assets named");
			HTML_LIT(h, ".</p>");
		}
	}
	HTML_LIT(h, "<p class=\"actions\">");
	if (can_edit) {
		HTML_LIT(h, "<a class=\"button\" href=\"/risk-analyses/");
		html_int(h, an->id);
		HTML_LIT(h, "/edit\">");
		html_tr(h, "Edit");
		HTML_LIT(h, "</a><a class=\"button\" href=\"/risk-analyses/");
		html_int(h, an->id);
		HTML_LIT(h, "/risks/new\">");
		html_tr(h, "New risk");
		HTML_LIT(h, "</a>");
	}
	HTML_LIT(h, "<a class=\"button\" href=\"/risks/matrix?analysis_id=");
	html_int(h, an->id);
	HTML_LIT(h, "\">");
	html_tr(h, "Risk matrix");
	HTML_LIT(h, "</a><a class=\"button\" href=\"/risk-analyses/");
	html_int(h, an->id);
	HTML_LIT(h, "/report\">");
	html_tr(h, "Printable report");
	HTML_LIT(h, "</a><a class=\"button\" href=\"/risk-analyses/");
	html_int(h, an->id);
	HTML_LIT(h, "/report.docx\">");
	html_tr(h, "Report as DOCX");
	HTML_LIT(h, "</a></p>");
	HTML_LIT(h, "<dl class=\"details\">");
	detail_row(h, "Kind", tr(r->lang, risk_label(risk_analysis_kinds, risk_analysis_kind_labels, 2, an->kind)));
	HTML_LIT(h, "<dt>");
	html_tr(h, "Unit");
	HTML_LIT(h, "</dt><dd>");
	link_record(h, "unit", an->unit_id, an->unit_name);
	HTML_LIT(h, "</dd>");
	detail_row(h, "Date", an->analysis_date);
	detail_row(h, "Status",
		   tr(r->lang, risk_label(risk_analysis_statuses, risk_analysis_status_labels, 2, an->status)));
	if (rsa) {
		char due[11];
		risk_rsa_due(an->election_year, due);
		detail_row(
			h, "Term",
			arena_printf(r->arena, "%" PRId64 "–%" PRId64, an->election_year + 1, an->election_year + 4));
		detail_row(h, "To be reported by", due);
	} else {
		detail_row(
			h, "The analysis covers",
			tr(r->lang, risk_label(risk_scope_kinds, risk_scope_labels, RISK_SCOPE_COUNT, an->scope_kind)));
	}
	detail_row(h, "Participants", an->participants);
	HTML_LIT(h, "</dl>");
	if (n_assets) {
		HTML_LIT(h, "<h2>");
		html_tr(h, "Assets covered");
		HTML_LIT(h, "</h2><ul>");
		for (size_t i = 0; i < n_assets; i++) {
			HTML_LIT(h, "<li>");
			if (authz_in_scope(r->auth, ACCESS_READ, assets[i].unit_path))
				link_record(h, "asset", assets[i].asset_id, assets[i].name);
			else
				html_tr(h, "An asset in another unit");
			HTML_LIT(h, "</li>");
		}
		HTML_LIT(h, "</ul>");
	}
	if (*an->method) {
		HTML_LIT(h, "<h2>");
		html_tr(h, "Method");
		HTML_LIT(h, "</h2>");
		markdown_html(h, an->method);
	}
	if (rsa) {
		for (size_t k = 0; k < 7; k++) {
			HTML_LIT(h, "<h2>");
			html_int(h, (int64_t)k + 1);
			HTML_LIT(h, ". ");
			html_tr(h, risk_rsa_parts[k]);
			HTML_LIT(h, "</h2>");
			if (*bodies[k])
				markdown_html(h, bodies[k]);
			else {
				HTML_LIT(h, "<p class=\"hint\">");
				html_tr(h, "Not written yet.");
				HTML_LIT(h, "</p>");
			}
		}
	}
	HTML_LIT(h, "<h2 id=\"risks\">");
	html_tr(h, "Risks");
	HTML_LIT(h, "</h2>");
	if (can_edit) {
		form_open(h, r, arena_printf(r->arena, "/risk-analyses/%" PRId64 "/pull", an->id));
		HTML_LIT(h, "<p>");
		html_tr(h,
			"The requirements the classified assets in the scope do not meet (or meet only in part) can come in as risks, one per requirement, naming the assets.");
		HTML_LIT(h, "</p>");
		form_submit(h, "Bring in unfulfilled requirements", false);
		form_close(h);
	}
	if (!n) {
		HTML_LIT(h, "<p>");
		html_tr(h, "No risks yet.");
		HTML_LIT(h, "</p>");
	} else {
		risks_table(h, r, db, list, n, N_("Risks"), total, NULL);
	}
	page_pager(h, r, arena_printf(r->arena, "/risk-analyses/%" PRId64, an->id), f.offset, f.limit, total);
	page_end(r, h);
	return 0;
}

int page_risk_analysis_pull(struct req *r)
{
	const struct risk_analysis *an = scope_record(&r->scope, "risk_analysis");
	int64_t n_risks, n_concerns;
	struct db *db;
	int rc;

	if (!(db = req_db(r)))
		return r->err.code;
	if ((rc = risk_analysis_pull(db, r->arena, r->auth, r->lang, an, &n_risks, &n_concerns, &r->err)))
		return rc;
	return resp_redirect(r, arena_printf(r->arena,
					     "/risk-analyses/%" PRId64 "?added=%" PRId64 "&concerns=%" PRId64 "#risks",
					     an->id, n_risks, n_concerns));
}

static int analysis_report(struct req *r, bool docx)
{
	const struct risk_analysis *an = scope_record(&r->scope, "risk_analysis");
	struct doc *d;
	struct db *db;
	int rc;

	if (!(db = req_db(r)))
		return r->err.code;
	if ((rc = risk_analysis_doc(db, r->arena, r->auth, r->lang, an, &d, &r->err)))
		return rc;
	if (docx) {
		const char *data;
		size_t len;
		if ((rc = doc_docx(r->arena, d, &data, &len, &r->err)))
			return rc;
		buf_add(&r->resp.body, data, len);
		r->resp.content_type = DOC_MIME_DOCX;
		resp_attachment(
			r, risk_export_filename(r->arena, !strcmp(an->kind, "rsa") ? "rsa" : "riskanalys", "docx"));
	} else {
		struct html h;
		html_init(&h, r->arena, r->lang);
		doc_html_standalone(&h, d);
		buf_add(&r->resp.body, h.b.data, h.b.len);
		r->resp.content_type = DOC_MIME_HTML;
	}
	return 0;
}

int page_risk_analysis_report(struct req *r)
{
	return analysis_report(r, false);
}

int page_risk_analysis_docx(struct req *r)
{
	return analysis_report(r, true);
}

/* --- the threat catalogue ------------------------------------------------------------------------ */

int page_risk_threats(struct req *r)
{
	struct risk_threat *list;
	size_t n;
	bool admin = authz_global(r->auth, ACCESS_ADMIN);
	const char *cat = NULL;
	struct html *h;
	struct db *db;
	int rc;

	if (!(db = req_db(r)))
		return r->err.code;
	if ((rc = risk_threat_list(db, r->arena, admin, NULL, &list, &n, &r->err)))
		return rc;
	h = page_begin(r, tr(r->lang, "Threat catalogue"));
	risk_subnav(h, "/risk-threats");
	page_h1(h, N_("Threat catalogue"));
	page_flash(h, r);
	HTML_LIT(h, "<p>");
	html_tr(h,
		"Threats written for Tillit, in categories. A risk takes its threat from here or has one written for it.");
	HTML_LIT(h, "</p>");
	if (admin) {
		page_button(h, "/risk-threats/new", N_("New threat"));
	}
	for (size_t i = 0; i < n; i++) {
		if (!cat || strcmp(cat, list[i].category)) {
			if (cat)
				table_close(h);
			cat = list[i].category;
			HTML_LIT(h, "<table><caption>");
			html_tr(h, risk_label(risk_categories, risk_category_labels, RISK_CATEGORY_COUNT, cat));
			HTML_LIT(h, "</caption>");
			table_head(h, (const char *const[]){ N_("Code"), N_("Threat"), N_("Description"), NULL });
		}
		HTML_LIT(h, "<tr><td>");
		html_text(h, list[i].code);
		HTML_LIT(h, "</td><th scope=\"row\">");
		if (admin) {
			HTML_LIT(h, "<a href=\"/risk-threats/");
			html_int(h, list[i].id);
			HTML_LIT(h, "/edit\">");
			html_text(h, list[i].name);
			HTML_LIT(h, "</a>");
			if (!list[i].active) {
				HTML_LIT(h, " (");
				html_tr(h, "inactive");
				HTML_LIT(h, ")");
			}
		} else {
			html_text(h, list[i].name);
		}
		HTML_LIT(h, "</th><td>");
		html_text(h, list[i].description);
		HTML_LIT(h, "</td></tr>");
	}
	if (cat)
		table_close(h);
	page_end(r, h);
	return 0;
}

static int threat_form(struct req *r, const void *ctx, const struct err *e)
{
	const struct form_view *v = ctx;
	const struct risk_threat *t = v->rec, *cur = v->cur;
	const struct risk_threat_input *in = v->in;
	struct html *h = page_begin(r, tr(r->lang, t ? N_("Edit threat") : N_("New threat")));

	risk_subnav(h, NULL);
	page_crumb(h, "/risk-threats", N_("Threat catalogue"));
	page_h1(h, t ? N_("Edit threat") : N_("New threat"));
	form_errors(h, r, e);
	if (cur) {
		page_theirs_open(h);
		HTML_LIT(h, "<dl class=\"details\">");
		detail_row(h, "Code", cur->code);
		detail_row(h, "Threat", cur->name);
		detail_row(h, "Description", cur->description);
		HTML_LIT(h, "</dl></section>");
	}
	form_open(h, r, t ? arena_printf(r->arena, "/risk-threats/%" PRId64 "/edit", t->id) : "/risk-threats");
	if (t)
		form_hidden_int(h, "version", v->version);
	form_text(h, r, "code", "Code", in->code, true, e);
	form_select(h, r, "category", "Category", risk_categories, risk_category_labels, RISK_CATEGORY_COUNT,
		    in->category, true, e);
	form_text(h, r, "name", "Threat", in->name, true, e);
	form_textarea(h, r, "description", "Description", in->description, e);
	form_checkbox(h, r, "active", "In use (offered for new risks)", in->active);
	form_submit(h, t ? N_("Save") : N_("Create"), false);
	form_close(h);
	page_end(r, h);
	return 0;
}

static struct risk_threat_input threat_from_form(struct req *r)
{
	struct risk_threat_input in = { req_form(r, "code"), req_form(r, "category"), req_form(r, "name"),
					req_form(r, "description"), req_form(r, "active") != NULL };
	return in;
}

int page_risk_threat_new(struct req *r)
{
	struct risk_threat_input in = { .category = "human", .active = true };
	struct form_view v = { NULL, &in, 0, NULL };
	return threat_form(r, &v, NULL);
}

int page_risk_threat_create(struct req *r)
{
	struct risk_threat_input in = threat_from_form(r);
	struct form_view v = { NULL, &in, 0, NULL };
	struct err e = { 0 };
	struct db *db;
	int rc;

	if (!(db = req_db(r)))
		return r->err.code;
	rc = risk_threat_create(db, r->arena, r->auth, &in, NULL, &e);
	return page_saved(r, rc, &e, "/risk-threats?msg=created", threat_form, &v);
}

int page_risk_threat_edit(struct req *r)
{
	struct risk_threat t;
	struct risk_threat_input in;
	struct form_view v = { &t, &in, 0, NULL };
	struct db *db;
	int rc;

	if (!(db = req_db(r)))
		return r->err.code;
	if ((rc = risk_threat_get(db, r->arena, req_arg_id(r, 0), &t, &r->err)))
		return rc;
	in = risk_threat_input_of(&t);
	v.version = t.version;
	return threat_form(r, &v, NULL);
}

int page_risk_threat_update(struct req *r)
{
	struct risk_threat t, cur = { 0 };
	struct risk_threat_input in = threat_from_form(r);
	struct form_view v = { &t, &in, form_int(r, "version", -1), NULL };
	struct err e = { 0 };
	struct db *db;
	int rc;

	if (!(db = req_db(r)))
		return r->err.code;
	if ((rc = risk_threat_get(db, r->arena, req_arg_id(r, 0), &t, &r->err)))
		return rc;
	rc = risk_threat_update(db, r->arena, r->auth, &t, v.version, &in, &cur, &e);
	if (rc == ERR_CONFLICT && cur.id) {
		v.rec = v.cur = &cur;
		v.version = cur.version;
	}
	return page_saved(r, rc, &e, "/risk-threats?msg=saved", threat_form, &v);
}

/* --- an organisation's risk scales ------------------------------------------------------------------ */

struct scale_view {
	const struct unit *org;
	const struct risk_scale *in;
	const struct risk_scale *stored;
	int64_t version;
	bool ask_map[2]; /* show the mapping of an axis */
	const int64_t *map[2];
};

static const char *const band_fields[4] = { "colour_low", "colour_medium", "colour_high", "colour_very_high" };

static int scale_form(struct req *r, const void *ctx, const struct err *e)
{
	const struct scale_view *v = ctx;
	const struct risk_scale *in = v->in;
	struct html *h = page_begin(r, tr(r->lang, "Risk scales"));

	HTML_LIT(h, "<p class=\"crumbs\">");
	link_record(h, "unit", v->org->id, v->org->name);
	HTML_LIT(h, "</p><h1>");
	html_tr(h, "Risk scales");
	HTML_LIT(h, "</h1>");
	page_flash(h, r);
	form_errors(h, r, e);
	HTML_LIT(h, "<p>");
	html_tr(h,
		"A risk's value is its likelihood times its consequence; the thresholds below put it in a band. Changing the number of levels while risks use the scale asks which new level each current level becomes; stored risks change only that way.");
	HTML_LIT(h, "</p>");
	form_open(h, r, arena_printf(r->arena, "/organisations/%" PRId64 "/risk-scale", v->org->id));
	form_hidden_int(h, "version", v->version);
	for (int axis = 0; axis < 2; axis++) {
		int64_t levels = axis ? in->consequence_levels : in->likelihood_levels;
		const char *const *names = axis ? in->consequence_names : in->likelihood_names;
		HTML_LIT(h, "<fieldset><legend>");
		html_tr(h, axis ? N_("Consequence") : N_("Likelihood"));
		HTML_LIT(h, "</legend>");
		form_input(h, r, "number", axis ? "consequence_levels" : "likelihood_levels",
			   "Number of levels (2 to 9)", num(r, levels), true, NULL, e);
		for (int64_t k = 1; k <= RISK_SCALE_MAX; k++) {
			const char *name = names[k]      ? names[k]
					   : k <= levels ? risk_level_name(in, axis, k, r->lang)
							 : NULL;
			form_text(h, r,
				  arena_printf(r->arena, "%s_name_%" PRId64, axis ? "consequence" : "likelihood", k),
				  arena_printf(r->arena, "%s %" PRId64, tr(r->lang, "Name of level"), k), name, false,
				  e);
		}
		if (v->ask_map[axis]) {
			int64_t from = axis ? v->stored->consequence_levels : v->stored->likelihood_levels;
			const char **vals = arena_calloc(r->arena, (size_t)levels + 1, sizeof(char *));
			for (int64_t k = 1; k <= levels; k++)
				vals[k - 1] = num(r, k);
			HTML_LIT(h, "<div id=\"f-");
			html_attr(h, axis ? "consequence_map" : "likelihood_map");
			HTML_LIT(h, "\" class=\"notice\"><p>");
			html_tr(h, "Risks use this scale. Say which new level each current level becomes:");
			HTML_LIT(h, "</p>");
			for (int64_t k = 1; k <= from; k++) {
				int64_t to =
					v->map[axis] && v->map[axis][k] ? v->map[axis][k] : (k <= levels ? k : levels);
				form_select(h, r,
					    arena_printf(r->arena, "%s_map_%" PRId64,
							 axis ? "consequence" : "likelihood", k),
					    arena_printf(r->arena, "%s %" PRId64 " %s", tr(r->lang, "Current level"), k,
							 tr(r->lang, "becomes level")),
					    vals, vals, (size_t)levels, num(r, to), false, e);
			}
			HTML_LIT(h, "</div>");
		}
		HTML_LIT(h, "</fieldset>");
	}
	HTML_LIT(h, "<fieldset><legend>");
	html_tr(h, "Bands");
	HTML_LIT(h, "</legend>");
	form_input(h, r, "number", "medium_from", "Medium from risk value", num(r, in->medium_from), true, NULL, e);
	form_input(h, r, "number", "high_from", "High from risk value", num(r, in->high_from), true, NULL, e);
	form_input(h, r, "number", "very_high_from", "Very high from risk value", num(r, in->very_high_from), true,
		   NULL, e);
	for (size_t k = 0; k < 4; k++)
		form_input(h, r, "color", band_fields[k],
			   arena_printf(r->arena, "%s: %s", tr(r->lang, "Colour in the picture"),
					tr(r->lang, risk_band_labels[k])),
			   in->colour[k], true, NULL, e);
	HTML_LIT(h, "</fieldset>");
	form_submit(h, "Save", false);
	form_close(h);
	page_end(r, h);
	return 0;
}

/* The risk scale of @org, the route's unit, and the database it was read from; ERR_NOTFOUND for a unit within one. */
static int org_scale(struct req *r, const struct unit *org, struct db **db, struct risk_scale *out)
{
	if (org->parent_id)
		return err_set(&r->err, ERR_NOTFOUND, "id",
			       N_("Risk scales belong to an organisation, not to a unit in it."));
	if (!(*db = req_db(r)))
		return r->err.code;
	return risk_scale_of(*db, r->arena, org->path, out, &r->err);
}

int page_risk_scale(struct req *r)
{
	const struct unit *org = scope_record(&r->scope, "unit");
	struct risk_scale s;
	struct scale_view v = { org, &s, &s, 0, { false, false }, { NULL, NULL } };
	struct db *db;
	int rc;

	if ((rc = org_scale(r, org, &db, &s)))
		return rc;
	v.version = s.version;
	return scale_form(r, &v, NULL);
}

int page_risk_scale_update(struct req *r)
{
	const struct unit *org = scope_record(&r->scope, "unit");
	struct risk_scale stored, in, cur = { 0 };
	int64_t maps[2][RISK_SCALE_MAX + 1] = { { 0 } }, n = 0;
	bool given[2] = { false, false };
	struct scale_view v = { org, &in, &stored, form_int(r, "version", -1), { false, false }, { NULL, NULL } };
	struct err e = { 0 };
	struct db *db;
	int rc;

	if ((rc = org_scale(r, org, &db, &stored)))
		return rc;
	in = stored;
	in.likelihood_levels = form_int(r, "likelihood_levels", 0);
	in.consequence_levels = form_int(r, "consequence_levels", 0);
	in.medium_from = form_int(r, "medium_from", 0);
	in.high_from = form_int(r, "high_from", 0);
	in.very_high_from = form_int(r, "very_high_from", 0);
	for (size_t k = 0; k < 4; k++)
		in.colour[k] = req_form(r, band_fields[k]);
	for (int axis = 0; axis < 2; axis++) {
		const char *an = axis ? "consequence" : "likelihood";
		const char **names = axis ? in.consequence_names : in.likelihood_names;
		int64_t from = axis ? stored.consequence_levels : stored.likelihood_levels;
		for (int64_t k = 1; k <= RISK_SCALE_MAX; k++) {
			const char *name = req_form(r, arena_printf(r->arena, "%s_name_%" PRId64, an, k));
			/* A default name sent back unchanged stays a default, so it follows the language. */
			const char *dflt = risk_level_name(&stored, axis, k, r->lang);
			names[k] = name && *name &&
						   !(dflt && !strcmp(name, dflt) &&
						     !(axis ? stored.consequence_names[k] : stored.likelihood_names[k]))
					   ? name
					   : NULL;
		}
		for (int64_t k = 1; k <= from; k++) {
			int64_t to = form_int(r, arena_printf(r->arena, "%s_map_%" PRId64, an, k), 0);
			if (to) {
				maps[axis][k] = to;
				given[axis] = true;
			}
		}
		v.map[axis] = maps[axis];
	}
	rc = risk_scale_update(db, r->arena, r->auth, org, v.version, &in, given[0] ? maps[0] : NULL,
			       given[1] ? maps[1] : NULL, &n, &cur, &e);
	if (rc == ERR_INVALID && e.field) {
		v.ask_map[0] = given[0] || !strcmp(e.field, "likelihood_map");
		v.ask_map[1] = given[1] || !strcmp(e.field, "consequence_map");
	}
	if (rc == ERR_CONFLICT) {
		stored = cur;
		v.version = cur.version;
	}
	return page_saved(r, rc, &e, arena_printf(r->arena, "/organisations/%" PRId64 "/risk-scale?msg=saved", org->id),
			  scale_form, &v);
}

/* --- the asset's page ----------------------------------------------------------------------------- */

int risk_asset_section(struct html *h, struct req *r, struct db *db, const struct asset *as)
{
	struct risk_filter f;
	struct risk *list;
	struct continuity_plan p;
	struct err pe = { 0 };
	size_t n;
	int64_t total;
	int rc;

	risk_filter_init(&f);
	f.viewer_id = r->auth->user_id;
	f.asset_id = as->id;
	f.limit = 20;
	if ((rc = risk_list(db, r->arena, &f, &list, &n, &total, &r->err)))
		return rc;
	rc = continuity_of_asset(db, r->arena, as->id, &p, &pe);
	if (rc && rc != ERR_NOTFOUND) {
		r->err = pe;
		return rc;
	}
	HTML_LIT(h, "<section id=\"risks\" aria-labelledby=\"risks-h\"><h2 id=\"risks-h\">");
	html_tr(h, "Risks and continuity");
	HTML_LIT(h, "</h2>");
	if (!n) {
		HTML_LIT(h, "<p>");
		html_tr(h, "No risk concerns this asset.");
		HTML_LIT(h, "</p>");
	} else {
		risks_table(h, r, db, list, n, N_("Risks that concern this asset"), total, NULL);
		if (total > (int64_t)n) {
			HTML_LIT(h, "<p><a href=\"/risks?asset_id=");
			html_int(h, as->id);
			HTML_LIT(h, "\">");
			html_tr(h, "All risks that concern this asset");
			HTML_LIT(h, "</a></p>");
		}
	}
	HTML_LIT(h, "<p>");
	if (!rc) {
		html_tr(h, "Continuity plan");
		HTML_LIT(h, ": <a href=\"/continuity/");
		html_int(h, p.id);
		HTML_LIT(h, "\">");
		html_text(h, p.title);
		HTML_LIT(h, "</a>");
	} else if (as->business_critical) {
		HTML_LIT(h, "<strong>");
		html_tr(h, "The asset is business-critical but has no continuity plan.");
		HTML_LIT(h, "</strong>");
		if (authz_in_scope(r->auth, ACCESS_EDIT, as->unit_path)) {
			HTML_LIT(h, " <a href=\"/continuity/new?asset_id=");
			html_int(h, as->id);
			HTML_LIT(h, "\">");
			html_tr(h, "Write one");
			HTML_LIT(h, "</a>");
		}
	} else {
		html_tr(h, "The asset has no continuity plan.");
	}
	HTML_LIT(h, "</p></section>");
	return 0;
}
