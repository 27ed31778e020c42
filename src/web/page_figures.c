/*
 * page_figures.c - the follow-up figures: the share of systems classified
 * and the classifications due for review.
 *
 * A unit's page shows its section (figures_unit_section): the figure now
 * ("5 of 10 systems, 50%"), a table per unit below it, and a chart the
 * server draws as SVG of the share at the end of each of the last eight
 * quarters and today, with the same numbers in a table for those who do
 * not see the picture. The /figures page repeats this for every top unit
 * the user sees, at any past date chosen with a date field, and lists the
 * classifications due for review in the user's whole scope. Past
 * MAX_CHARTS top units (an installation of many organisations) it shows
 * one table instead, a row per top unit and their sum, read in one query:
 * the charts and the units below are on each unit's page.
 *
 * Sentences with numbers in them are translated as templates with {1},
 * {2}, ... slots filled here, so a translation is never a printf format.
 */
#include <inttypes.h>
#include <string.h>

#include "core/arena.h"
#include "core/buf.h"
#include "domain/asset.h"
#include "domain/figures.h"
#include "domain/unit.h"
#include "web/layout.h"
#include "web/page_figures.h"
#include "web/svgchart.h"
#include "web/widgets.h"

#define SERIES_QUARTERS 8
#define OVERDUE_LIMIT   200
#define MAX_CHARTS      10

/* @tmpl (a translation) with "{k}" replaced by @vals[k-1]. Result lives in @a. */
static const char *fill(struct arena *a, const char *tmpl, const char *const *vals, size_t n)
{
	struct buf b;

	buf_init(&b, a);
	for (const char *s = tmpl; *s; s++) {
		if (s[0] == '{' && s[1] >= '1' && s[1] <= '9' && s[2] == '}' && (size_t)(s[1] - '1') < n) {
			buf_adds(&b, vals[s[1] - '1'] ? vals[s[1] - '1'] : "");
			s += 2;
		} else {
			buf_addch(&b, *s);
		}
	}
	return b.data ? b.data : "";
}

static const char *num(struct arena *a, int64_t v)
{
	return arena_printf(a, "%" PRId64, v);
}

/* "50%" ("50 %" in Swedish), or "–" when there are no systems. */
static const char *percent_text(struct req *r, int64_t classified, int64_t total)
{
	int p = figures_percent(classified, total);
	const char *v[1];

	if (p < 0)
		return "–";
	v[0] = arena_printf(r->arena, "%d", p);
	return fill(r->arena, tr(r->lang, "{1}%"), v, 1);
}

/* "5 of 10 systems, 50%". */
static const char *share_sentence(struct req *r, int64_t classified, int64_t total)
{
	const char *v[3] = { num(r->arena, classified), num(r->arena, total), percent_text(r, classified, total) };
	return fill(r->arena, tr(r->lang, "{1} of {2} systems, {3}"), v, 3);
}

/* "kv. 3 2025" ("2025 Q3" in English), or the final point's label. */
static const char *point_label(struct req *r, const struct figures_point *p, const char *today)
{
	if (p->quarter == 0)
		return today && !strcmp(p->date, today) ? tr(r->lang, "Today") : p->date;
	return quarter_text(r->arena, r->lang, p->year, p->quarter);
}

static void cannot_read(struct html *h)
{
	HTML_LIT(h, "<p role=\"status\">");
	html_tr(h, "The figures could not be read.");
	HTML_LIT(h, "</p>");
}

/* The figure itself, as a sentence with its date. */
static void figure_now(struct html *h, struct req *r, const struct figures_share *s)
{
	const char *v[1] = { s->date };

	HTML_LIT(h, "<p class=\"figure\"><strong>");
	html_text(h, share_sentence(r, s->classified, s->total));
	HTML_LIT(h, "</strong> <span class=\"kind\">");
	html_text(h, fill(r->arena, tr(r->lang, "As of {1}"), v, 1));
	HTML_LIT(h, "</span></p>");
}

static void share_head(struct html *h)
{
	HTML_LIT(h, "<th scope=\"col\" class=\"num\">");
	html_tr(h, "Classified");
	HTML_LIT(h, "</th><th scope=\"col\" class=\"num\">");
	html_tr(h, "Systems");
	HTML_LIT(h, "</th><th scope=\"col\" class=\"num\">");
	html_tr(h, "Share");
	HTML_LIT(h, "</th>");
}

static void share_cells(struct html *h, struct req *r, int64_t classified, int64_t total)
{
	HTML_LIT(h, "<td class=\"num\">");
	html_int(h, classified);
	HTML_LIT(h, "</td><td class=\"num\">");
	html_int(h, total);
	HTML_LIT(h, "</td><td class=\"num\">");
	html_text(h, percent_text(r, classified, total));
	HTML_LIT(h, "</td>");
}

/* The table of the units below, each over its own subtree. */
static void children_table(struct html *h, struct req *r, const struct figures_share *kids, size_t n)
{
	if (n == 0)
		return;
	HTML_LIT(h, "<table class=\"figures\"><caption>");
	html_tr(h, "Per unit below");
	HTML_LIT(h, "</caption><thead><tr><th scope=\"col\">");
	html_tr(h, "Unit");
	HTML_LIT(h, "</th>");
	share_head(h);
	HTML_LIT(h, "</tr></thead><tbody>");
	for (size_t i = 0; i < n; i++) {
		HTML_LIT(h, "<tr><th scope=\"row\">");
		link_record(h, "unit", kids[i].unit_id, kids[i].unit_name);
		HTML_LIT(h, "</th>");
		share_cells(h, r, kids[i].classified, kids[i].total);
		HTML_LIT(h, "</tr>");
	}
	table_close(h);
}

/* The chart of @pts and the same numbers as a table. */
static void series_chart(struct html *h, struct req *r, const struct unit *u, const struct figures_point *pts, size_t n,
			 const char *today)
{
	struct svgchart_point *cp = arena_calloc(r->arena, n ? n : 1, sizeof(*cp));
	struct svgchart c = { 0 };
	struct buf items;
	const char *v[4];

	buf_init(&items, r->arena);
	for (size_t i = 0; i < n; i++) {
		cp[i].label = point_label(r, &pts[i], today);
		cp[i].missing = pts[i].total == 0;
		cp[i].value = 100.0 * figures_fraction(pts[i].classified, pts[i].total);
		v[0] = cp[i].label;
		v[1] = pts[i].total ? percent_text(r, pts[i].classified, pts[i].total) : tr(r->lang, "no systems");
		v[2] = num(r->arena, pts[i].classified);
		v[3] = num(r->arena, pts[i].total);
		if (i)
			buf_adds(&items, "; ");
		buf_adds(&items, fill(r->arena, tr(r->lang, "{1}: {2} ({3} of {4})"), v, 4));
	}
	v[0] = u->name;
	c.title = fill(r->arena, tr(r->lang, "Share of systems classified in {1}"), v, 1);
	v[0] = num(r->arena, (int64_t)(n ? n - 1 : 0));
	v[1] = n ? pts[n - 1].date : "";
	v[2] = items.data ? items.data : "";
	c.desc =
		fill(r->arena,
		     tr(r->lang,
			"The share of systems classified at the end of each of the last {1} quarters and on {2}: {3}."),
		     v, 3);
	c.kind = SVGCHART_LINE;
	c.id = arena_printf(r->arena, "chart-%" PRId64, u->id);
	c.y_min = 0;
	c.y_max = 100;
	c.y_ticks = 4;
	c.value_template = tr(r->lang, "{1}%");
	c.points = cp;
	c.n_points = n;
	HTML_LIT(h, "<figure class=\"chart\">");
	svgchart_write(h, &c);
	HTML_LIT(h, "<details><summary>");
	html_tr(h, "The numbers in the chart");
	HTML_LIT(h, "</summary><table class=\"figures\"><caption class=\"sr-only\">");
	html_text(h, c.title);
	HTML_LIT(h, "</caption><thead><tr><th scope=\"col\">");
	html_tr(h, "Period");
	HTML_LIT(h, "</th><th scope=\"col\">");
	html_tr(h, "Date");
	HTML_LIT(h, "</th>");
	share_head(h);
	HTML_LIT(h, "</tr></thead><tbody>");
	for (size_t i = 0; i < n; i++) {
		HTML_LIT(h, "<tr><th scope=\"row\">");
		html_text(h, cp[i].label);
		HTML_LIT(h, "</th><td>");
		html_text(h, pts[i].date);
		HTML_LIT(h, "</td>");
		share_cells(h, r, pts[i].classified, pts[i].total);
		HTML_LIT(h, "</tr>");
	}
	HTML_LIT(h, "</tbody></table></details></figure>");
}

/*
 * The share block of unit @u at @date: the figure, the units below and
 * (when @chart) the series chart ending at @date. Returns 0 or an error.
 */
static int share_block(struct html *h, struct req *r, struct db *db, const struct unit *u, const char *date,
		       const char *today, bool chart)
{
	struct figures_share now, *kids;
	struct figures_point *pts;
	size_t n_kids, n_pts;
	int rc;

	if ((rc = figures_classified(db, r->arena, u, date, &now, &r->err)) ||
	    (rc = figures_classified_children(db, r->arena, u->id, figures_viewer(r->auth), date, &kids, &n_kids,
					      &r->err)))
		return rc;
	if (chart && (rc = figures_series(db, r->arena, u, SERIES_QUARTERS, date, &pts, &n_pts, &r->err)))
		return rc;
	figure_now(h, r, &now);
	if (chart)
		series_chart(h, r, u, pts, n_pts, today);
	children_table(h, r, kids, n_kids);
	return 0;
}

/*
 * Many top units (an installation of many organisations): one row each with
 * its figure at @date and, as their subtrees do not overlap, the sum of them
 * all; each unit's page has its chart and the units below it.
 */
static int tops_table(struct html *h, struct req *r, struct db *db, const struct unit *tops, size_t n, const char *date)
{
	struct figures_share *s;
	int64_t classified = 0, total = 0;
	int rc;

	if ((rc = figures_classified_units(db, r->arena, tops, n, date, &s, &r->err)))
		return rc;
	HTML_LIT(h, "<p>");
	html_tr(h, "Open a unit to see its chart over the quarters and the units below it.");
	HTML_LIT(h, "</p><table class=\"figures\"><caption>");
	html_text(h, fill(r->arena, tr(r->lang, "As of {1}"), (const char *const[]){ s[0].date }, 1));
	HTML_LIT(h, "</caption><thead><tr><th scope=\"col\">");
	html_tr(h, "Unit");
	HTML_LIT(h, "</th><th scope=\"col\">");
	html_tr(h, "Kind");
	HTML_LIT(h, "</th>");
	share_head(h);
	HTML_LIT(h, "</tr></thead><tbody>");
	for (size_t i = 0; i < n; i++) {
		HTML_LIT(h, "<tr><th scope=\"row\">");
		link_record(h, "unit", tops[i].id, tops[i].name);
		HTML_LIT(h, "</th><td>");
		html_tr(h, unit_kind_label(tops[i].kind));
		HTML_LIT(h, "</td>");
		share_cells(h, r, s[i].classified, s[i].total);
		HTML_LIT(h, "</tr>");
		classified += s[i].classified;
		total += s[i].total;
	}
	HTML_LIT(h, "</tbody><tfoot><tr><th scope=\"row\" colspan=\"2\">");
	html_tr(h, "All of them");
	HTML_LIT(h, "</th>");
	share_cells(h, r, classified, total);
	HTML_LIT(h, "</tr></tfoot></table>");
	return 0;
}

/*
 * The classifications due for review in @u's subtree (NULL: everywhere), among what the viewer sees; when
 * @u is where the viewer's view of the tree starts, all of it is theirs (@whole) and needs no other test.
 */
static int overdue_table(struct html *h, struct req *r, struct db *db, const struct unit *u, bool whole)
{
	struct figures_overdue *list;
	size_t n;
	int64_t total = 0;
	bool exact = true;
	int rc;

	rc = figures_overdue_list(db, r->arena, whole ? 0 : figures_viewer(r->auth), u, OVERDUE_LIMIT, 0, &list, &n,
				  &total, &exact, &r->err);
	if (rc)
		return rc;
	if (n == 0) {
		HTML_LIT(h, "<p>");
		html_tr(h, "No classification is due for review.");
		HTML_LIT(h, "</p>");
		return 0;
	}
	HTML_LIT(h, "<table class=\"overdue\"><caption class=\"sr-only\">");
	html_tr(h, "Classifications due for review");
	HTML_LIT(h, "</caption>");
	table_head(h,
		   (const char *const[]){ N_("Asset"), N_("Kind"), N_("Unit"), N_("Owner"), N_("Review due"), NULL });
	for (size_t i = 0; i < n; i++) {
		int k = asset_enum_parse(asset_kinds, ASSET_KIND_COUNT, list[i].kind);
		HTML_LIT(h, "<tr><th scope=\"row\">");
		link_record(h, "asset", list[i].asset_id, list[i].name);
		HTML_LIT(h, "</th><td>");
		if (k >= 0)
			html_tr(h, asset_kind_labels[k]);
		else
			html_text(h, list[i].kind);
		HTML_LIT(h, "</td><td>");
		link_record(h, "unit", list[i].unit_id, list[i].unit_name);
		HTML_LIT(h, "</td><td>");
		html_text(h, list[i].owner_name ? list[i].owner_name : "–");
		HTML_LIT(h, "</td><td>");
		if (list[i].review_due)
			html_text(h, list[i].review_due);
		if (list[i].needs_review) {
			if (list[i].review_due)
				HTML_LIT(h, "<br>");
			HTML_LIT(h, "<span class=\"flag\">");
			html_tr(h, "Flagged for review");
			HTML_LIT(h, "</span>");
		}
		HTML_LIT(h, "</td></tr>");
	}
	table_close(h);
	if (total > (int64_t)n) {
		const char *v[2] = { num(r->arena, (int64_t)n), num(r->arena, total) };
		HTML_LIT(h, "<p>");
		html_text(h, fill(r->arena,
				  exact ? tr(r->lang, "Only the first {1} of {2} are shown.")
					: tr(r->lang, "Only the first {1} of more than {2} are shown."),
				  v, 2));
		HTML_LIT(h, "</p>");
	}
	return 0;
}

void figures_unit_section(struct html *h, struct req *r, const struct unit *u)
{
	char today[FIGURES_DATE_LEN];
	struct db *db = req_db(r);

	figures_today(today);
	HTML_LIT(h, "<section class=\"figures\" aria-labelledby=\"fig-share-h\"><h2 id=\"fig-share-h\">");
	html_tr(h, "Share of systems classified");
	HTML_LIT(h, "</h2>");
	if (!db || share_block(h, r, db, u, today, today, true))
		cannot_read(h);
	HTML_LIT(h, "<p><a href=\"/figures\">");
	html_tr(h, "All figures");
	HTML_LIT(h, "</a></p></section><section class=\"figures\" aria-labelledby=\"fig-review-h\">"
		    "<h2 id=\"fig-review-h\">");
	html_tr(h, "Classifications due for review");
	HTML_LIT(h, "</h2>");
	if (!db || overdue_table(h, r, db, u, false))
		cannot_read(h);
	HTML_LIT(h, "</section>");
	err_clear(&r->err);
}

static void date_form(struct html *h, struct req *r, const char *value, const struct err *e)
{
	HTML_LIT(h, "<form class=\"search\" method=\"get\" action=\"/figures\">");
	form_input(h, r, "date", "date", "Date", value, false, NULL, e);
	form_submit(h, "Show", true);
	HTML_LIT(h, "</form>");
}

int page_figures(struct req *r)
{
	char today[FIGURES_DATE_LEN], date[FIGURES_DATE_LEN];
	const char *asked = req_query(r, "date");
	struct err e = { 0 };
	struct unit *tops;
	size_t n_tops;
	struct html *h;
	struct db *db = req_db(r);
	int rc;

	if (!db)
		return r->err.code;
	figures_today(today);
	if (figures_check_date(&e, "date", asked, date)) {
		h = page_begin(r, tr(r->lang, "Figures"));
		page_h1(h, N_("Figures"));
		form_errors(h, r, &e);
		date_form(h, r, asked, &e);
		page_end(r, h);
		r->resp.status = 400;
		return 0;
	}
	if ((rc = figures_top_units(db, r->arena, r->auth, &tops, &n_tops, &r->err)))
		return rc;
	h = page_begin(r, tr(r->lang, "Figures"));
	HTML_LIT(h, "<h1>");
	html_tr(h, "Figures");
	HTML_LIT(h, "</h1><p>");
	html_tr(h, "Show the figures as they were at the end of an earlier date.");
	HTML_LIT(h, "</p>");
	date_form(h, r, strcmp(date, today) ? date : "", NULL);
	HTML_LIT(h, "<section aria-labelledby=\"fig-share-h\"><h2 id=\"fig-share-h\">");
	html_tr(h, "Share of systems classified");
	HTML_LIT(h, "</h2><p>");
	html_tr(h, "A system (an information system or a digital service) counts when it existed at the end of the "
		   "date; it counts as classified when a classification of it had been signed by then.");
	HTML_LIT(h, "</p>");
	if (n_tops == 0) {
		HTML_LIT(h, "<p>");
		html_tr(h, "You do not see any units yet.");
		HTML_LIT(h, "</p>");
	}
	if (n_tops > MAX_CHARTS && (rc = tops_table(h, r, db, tops, n_tops, date)))
		return rc;
	for (size_t i = 0; i < n_tops && n_tops <= MAX_CHARTS; i++) {
		HTML_LIT(h, "<h3>");
		link_record(h, "unit", tops[i].id, tops[i].name);
		HTML_LIT(h, " <span class=\"kind\">");
		html_tr(h, unit_kind_label(tops[i].kind));
		HTML_LIT(h, "</span></h3>");
		if ((rc = share_block(h, r, db, &tops[i], date, today, true)))
			return rc;
	}
	HTML_LIT(h, "</section><section aria-labelledby=\"fig-review-h\"><h2 id=\"fig-review-h\">");
	html_tr(h, "Classifications due for review");
	HTML_LIT(h, "</h2>");
	/* A viewer whose view starts at one unit sees its whole subtree: the list of that unit is theirs. */
	if ((rc = n_tops == 1 && figures_viewer(r->auth) ? overdue_table(h, r, db, &tops[0], true)
							 : overdue_table(h, r, db, NULL, false)))
		return rc;
	HTML_LIT(h, "</section>");
	page_end(r, h);
	return 0;
}
