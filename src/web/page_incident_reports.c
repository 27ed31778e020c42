/*
 * page_incident_reports.c - what incidents give on paper and in figures:
 * the texts for IMY, the data subjects and the CSIRT (the document model
 * drawn on a page to copy from, or downloaded as DOCX, Markdown or HTML),
 * the statistics (SVG charts with the numbers in tables beside them) and
 * the exports of the filtered list.
 */
#include <inttypes.h>
#include <string.h>

#include "core/arena.h"
#include "domain/incident.h"
#include "domain/incident_text.h"
#include "io/doc.h"
#include "web/layout.h"
#include "web/page_incidents.h"
#include "web/svgchart.h"
#include "web/widgets.h"

/* --- the texts ------------------------------------------------------------------------------- */

static void format_link(struct html *h, struct req *r, const char *label, const char *format)
{
	struct url u;
	url_init(&u, r->arena, r->path);
	url_add(&u, "format", format);
	HTML_LIT(h, "<a class=\"button\" href=\"");
	html_attr(h, url_str(&u));
	HTML_LIT(h, "\">");
	html_tr(h, label);
	HTML_LIT(h, "</a> ");
}

static int text_page(struct req *r, enum incident_text which)
{
	const struct incident *inc = scope_record(&r->scope, "incident");
	const char *format = req_query(r, "format");
	struct incident_text_data data;
	struct doc *d;
	struct html *h;
	struct db *db;
	int rc;

	if (format && *format && strcmp(format, "docx") && strcmp(format, "md") && strcmp(format, "html"))
		return err_set(&r->err, ERR_INVALID, "format", N_("Choose docx, md or html."));
	if (!(db = req_db(r)))
		return r->err.code;
	if ((rc = incident_text_load(db, r->arena, inc, &data, &r->err)))
		return rc;
	d = incident_text(r->arena, r->lang, which, &data);
	if (format && !strcmp(format, "docx")) {
		const char *bytes;
		size_t len;
		if ((rc = doc_docx(r->arena, d, &bytes, &len, &r->err)))
			return rc;
		buf_add(&r->resp.body, bytes, len);
		r->resp.content_type = DOC_MIME_DOCX;
		resp_attachment(r, incident_text_filename(r->arena, which, inc->id, "docx"));
		return 0;
	}
	if (format && !strcmp(format, "md")) {
		doc_markdown(&r->resp.body, d);
		r->resp.content_type = DOC_MIME_MD;
		resp_attachment(r, incident_text_filename(r->arena, which, inc->id, "md"));
		return 0;
	}
	if (format && !strcmp(format, "html")) {
		struct html file;
		html_init(&file, r->arena, r->lang);
		doc_html_standalone(&file, d);
		r->resp.body = file.b;
		r->resp.content_type = DOC_MIME_HTML;
		resp_attachment(r, incident_text_filename(r->arena, which, inc->id, "html"));
		return 0;
	}
	h = page_begin(r, d->title);
	HTML_LIT(h, "<link rel=\"stylesheet\" href=\"/static/doc.css\"><p class=\"crumbs\"><a href=\"/incidents\">");
	html_tr(h, "Incidents");
	HTML_LIT(h, "</a> › ");
	link_record(h, "incident", inc->id, incident_ref(r->arena, inc->id));
	HTML_LIT(h, "</p><h1>");
	html_text(h, d->title);
	HTML_LIT(h, "</h1><p class=\"actions\">");
	format_link(h, r, N_("Download as Word (DOCX)"), "docx");
	format_link(h, r, N_("Download as Markdown"), "md");
	format_link(h, r, N_("Download as a web page to print"), "html");
	HTML_LIT(h, "</p>");
	doc_html_fragment(h, d);
	page_end(r, h);
	return 0;
}

int page_incident_text_imy(struct req *r)
{
	return text_page(r, INCIDENT_TEXT_IMY);
}

int page_incident_text_subjects(struct req *r)
{
	return text_page(r, INCIDENT_TEXT_SUBJECTS);
}

int page_incident_text_csirt(struct req *r)
{
	return text_page(r, INCIDENT_TEXT_CSIRT);
}

/* --- statistics ------------------------------------------------------------------------------ */

static double max_of(const struct svgchart_point *p, size_t n)
{
	double m = 0;
	for (size_t i = 0; i < n; i++)
		if (p[i].value > m)
			m = p[i].value;
	return m;
}

/* A bar chart of @n counts and, beside it, the same numbers in a table. */
static void chart_and_table(struct html *h, struct req *r, const char *id, const char *title, const char *key_head,
			    const char *const *labels, const int64_t *values, size_t n)
{
	struct svgchart_point *pts = arena_calloc(r->arena, n ? n : 1, sizeof(*pts));
	struct svgchart c = { 0 };
	struct buf desc;
	double top;

	buf_init(&desc, r->arena);
	for (size_t i = 0; i < n; i++) {
		pts[i].label = labels[i];
		pts[i].value = (double)values[i];
		buf_addf(&desc, "%s%s: %" PRId64, i ? "; " : "", labels[i], values[i]);
	}
	top = max_of(pts, n);
	c.kind = SVGCHART_BAR;
	c.id = id;
	c.title = title;
	c.desc = buf_cstr(&desc);
	c.y_min = 0;
	c.y_max = top < 4 ? 4 : top;
	c.y_ticks = 4;
	c.points = pts;
	c.n_points = n;
	HTML_LIT(h, "<h2>");
	html_text(h, title);
	HTML_LIT(h, "</h2>");
	if (n == 0) {
		HTML_LIT(h, "<p>");
		html_tr(h, "No incidents in the period.");
		HTML_LIT(h, "</p>");
		return;
	}
	HTML_LIT(h, "<div class=\"chart-pair\"><figure class=\"chart\">");
	svgchart_write(h, &c);
	HTML_LIT(h, "</figure><table><caption>");
	html_text(h, title);
	HTML_LIT(h, "</caption><thead><tr><th scope=\"col\">");
	html_text(h, key_head);
	HTML_LIT(h, "</th><th scope=\"col\" class=\"num\">");
	html_tr(h, "Number");
	HTML_LIT(h, "</th></tr></thead><tbody>");
	for (size_t i = 0; i < n; i++) {
		HTML_LIT(h, "<tr><th scope=\"row\">");
		html_text(h, labels[i]);
		HTML_LIT(h, "</th><td class=\"num\">");
		html_int(h, values[i]);
		HTML_LIT(h, "</td></tr>");
	}
	HTML_LIT(h, "</tbody></table></div>");
}

int page_incidents_stats(struct req *r)
{
	static const char *const stats_args[] = { "unit_id", "kind", "from", "to", NULL };
	static const char *const lag_labels[] = { N_("Within 24 hours"), N_("24 to 72 hours"),
						  N_("Later than 72 hours") };
	struct incident_filter f;
	struct incident_stats s;
	struct picker units = { 0 };
	const char **labels;
	int64_t *values;
	struct html *h;
	struct db *db;
	int rc;

	incident_filter_init(&f);
	if ((rc = incident_filter_parse(&f, req_query_get, r, &r->err)))
		return rc;
	f.viewer_id = r->auth->user_id;
	if (!(db = req_db(r)))
		return r->err.code;
	if ((rc = incident_stats(db, r->arena, &f, &s, &r->err)) ||
	    (rc = picker_units(r, db, N_("All units"), NULL, NULL, &units)))
		return rc;
	h = page_begin(r, tr(r->lang, "Incident statistics"));
	page_crumb(h, "/incidents", N_("Incidents"));
	HTML_LIT(h, "<h1>");
	html_tr(h, "Incident statistics");
	HTML_LIT(h, "</h1><form class=\"filters\" method=\"get\" action=\"/incidents/stats\" aria-label=\"");
	html_tr(h, "Filter the statistics");
	HTML_LIT(h, "\">");
	form_unit_filter(h, r, "unit_id", "Unit (with the units below it)", &units);
	form_filter_select(h, r, "kind", "Kind", N_("All kinds"), incident_kinds, incident_kind_labels,
			   INCIDENT_KIND_COUNT, req_query(r, "kind"));
	form_input(h, r, "date", "from", "Aware from (date)", req_query(r, "from"), false, NULL, NULL);
	form_input(h, r, "date", "to", "Aware up to (date)", req_query(r, "to"), false, NULL, NULL);
	form_submit(h, "Show", true);
	HTML_LIT(h, "</form><p class=\"summary\">");
	html_tr(h, "Incidents in the period");
	HTML_LIT(h, ": ");
	html_int(h, s.total);
	HTML_LIT(h, "</p>");

	labels = arena_calloc(r->arena, s.n_quarters + 1, sizeof(char *));
	values = arena_calloc(r->arena, s.n_quarters + 1, sizeof(int64_t));
	for (size_t i = 0; i < s.n_quarters; i++) {
		labels[i] = quarter_text(r->arena, r->lang, s.quarters[i].year, s.quarters[i].quarter);
		values[i] = s.quarters[i].n;
	}
	chart_and_table(h, r, "per-quarter", tr(r->lang, "Incidents per quarter"), tr(r->lang, "Quarter"), labels,
			values, s.n_quarters);

	labels = arena_calloc(r->arena, INCIDENT_KIND_COUNT, sizeof(char *));
	for (size_t k = 0; k < INCIDENT_KIND_COUNT; k++)
		labels[k] = tr(r->lang, incident_kind_labels[k]);
	chart_and_table(h, r, "per-kind", tr(r->lang, "Incidents per kind"), tr(r->lang, "Kind"), labels, s.kinds,
			s.total ? INCIDENT_KIND_COUNT : 0);

	labels = arena_calloc(r->arena, s.n_units + 1, sizeof(char *));
	values = arena_calloc(r->arena, s.n_units + 1, sizeof(int64_t));
	for (size_t i = 0; i < s.n_units; i++) {
		labels[i] = s.units[i].key ? s.units[i].key : tr(r->lang, "No unit");
		values[i] = s.units[i].n;
	}
	chart_and_table(h, r, "per-unit", tr(r->lang, "Incidents per unit (the 15 with most)"), tr(r->lang, "Unit"),
			labels, values, s.n_units);

	labels = arena_calloc(r->arena, INCIDENT_LAG_BUCKETS, sizeof(char *));
	for (size_t k = 0; k < INCIDENT_LAG_BUCKETS; k++)
		labels[k] = tr(r->lang, lag_labels[k]);
	chart_and_table(h, r, "lag-imy", tr(r->lang, "From awareness to the first notification to IMY"),
			tr(r->lang, "Time"), labels, s.lag_imy,
			s.lag_imy[0] + s.lag_imy[1] + s.lag_imy[2] ? INCIDENT_LAG_BUCKETS : 0);
	chart_and_table(h, r, "lag-csirt", tr(r->lang, "From awareness to the early warning to the CSIRT"),
			tr(r->lang, "Time"), labels, s.lag_csirt,
			s.lag_csirt[0] + s.lag_csirt[1] + s.lag_csirt[2] ? INCIDENT_LAG_BUCKETS : 0);
	HTML_LIT(h, "<p><a href=\"");
	html_attr(h, url_keep(r, "/incidents", stats_args));
	HTML_LIT(h, "\">");
	html_tr(h, "The incidents behind the figures");
	HTML_LIT(h, "</a></p>");
	page_end(r, h);
	return 0;
}

/* --- exports ---------------------------------------------------------------------------------- */

enum format { FMT_XLSX, FMT_CSV, FMT_JSON };

static int export(struct req *r, enum format fmt)
{
	struct incident_filter f;
	struct incident *items;
	size_t n;
	int64_t total;
	struct db *db;
	int rc;

	incident_filter_init(&f);
	if ((rc = incident_filter_parse(&f, req_query_get, r, &r->err)))
		return rc;
	f.viewer_id = r->auth->user_id;
	if (!(db = req_db(r)))
		return r->err.code;
	if ((rc = incident_export_list(db, r->arena, &f, &items, &n, &total, &r->err)))
		return rc;
	if (fmt == FMT_XLSX) {
		const char *data;
		size_t len;
		if ((rc = incident_export_xlsx(r->arena, items, n, r->lang, &data, &len, &r->err)))
			return rc;
		buf_add(&r->resp.body, data, len);
		r->resp.content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
		resp_attachment(r, incident_export_filename(r->arena, "xlsx"));
	} else if (fmt == FMT_CSV) {
		incident_export_csv(&r->resp.body, items, n, r->lang);
		r->resp.content_type = "text/csv; charset=utf-8";
		resp_attachment(r, incident_export_filename(r->arena, "csv"));
	} else {
		incident_export_json(&r->resp.body, items, n, total);
		r->resp.content_type = "application/json";
		resp_attachment(r, incident_export_filename(r->arena, "json"));
	}
	return 0;
}

int page_incidents_export_xlsx(struct req *r)
{
	return export(r, FMT_XLSX);
}

int page_incidents_export_csv(struct req *r)
{
	return export(r, FMT_CSV);
}

int page_incidents_export_json(struct req *r)
{
	return export(r, FMT_JSON);
}
