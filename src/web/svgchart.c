/*
 * svgchart.c - the SVG chart writer.
 *
 * The plot area sits inside margins that leave room for the value labels
 * on the left and the category labels below. Category i is centred in its
 * own slot, so a line's points and a bar chart's bars line up with the
 * labels in the same way. A missing value breaks the line into separate
 * <polyline> runs. Each point or bar carries a <title> (the browser's
 * tooltip) with its label and value; the chart as a whole is one image for
 * assistive technology (role="img"), named by its <title> and <desc>.
 */
#include "web/svgchart.h"

#include <math.h>
#include <string.h>

#include "core/html.h"

#define M_LEFT   56
#define M_RIGHT  16
#define M_TOP    16
#define M_BOTTOM 44

struct geom {
	int w, h;   /* whole image */
	int pw, ph; /* plot area */
	double lo, hi;
};

static int x_of(const struct geom *g, size_t i, size_t n)
{
	return M_LEFT + (int)lround(((double)i + 0.5) * g->pw / (double)(n ? n : 1));
}

static int y_of(const struct geom *g, double v)
{
	double f;
	if (!(g->hi > g->lo))
		return M_TOP + g->ph;
	f = (v - g->lo) / (g->hi - g->lo);
	if (f < 0 || isnan(f))
		f = 0;
	if (f > 1)
		f = 1;
	return M_TOP + (int)lround((1.0 - f) * g->ph);
}

static void value_text(struct html *h, const struct svgchart *c, double v)
{
	int d = c->decimals < 0 ? 0 : c->decimals > 3 ? 3 : c->decimals;
	const char *t = c->value_template, *slot = t ? strstr(t, "{1}") : NULL;

	if (!slot) {
		html_textf(h, "%.*f", d, v);
		return;
	}
	html_textn(h, t, (size_t)(slot - t));
	html_textf(h, "%.*f", d, v);
	html_text(h, slot + 3);
}

static void grid(struct html *h, const struct svgchart *c, const struct geom *g)
{
	int ticks = c->y_ticks >= 1 && c->y_ticks <= 20 ? c->y_ticks : 4;

	HTML_LIT(h, "<g class=\"chart-grid\" font-size=\"12\" fill=\"currentColor\">");
	for (int k = 0; k <= ticks; k++) {
		double v = g->lo + (g->hi - g->lo) * k / ticks;
		int y = y_of(g, v);
		HTML_LIT(h, "<line x1=\"");
		html_int(h, M_LEFT);
		HTML_LIT(h, "\" x2=\"");
		html_int(h, M_LEFT + g->pw);
		HTML_LIT(h, "\" y1=\"");
		html_int(h, y);
		HTML_LIT(h, "\" y2=\"");
		html_int(h, y);
		HTML_LIT(h, "\" stroke=\"#c9d1d9\" stroke-width=\"1\"/><text x=\"");
		html_int(h, M_LEFT - 8);
		HTML_LIT(h, "\" y=\"");
		html_int(h, y + 4);
		HTML_LIT(h, "\" text-anchor=\"end\">");
		value_text(h, c, v);
		HTML_LIT(h, "</text>");
	}
	/* The axes. */
	HTML_LIT(h, "<line x1=\"");
	html_int(h, M_LEFT);
	HTML_LIT(h, "\" x2=\"");
	html_int(h, M_LEFT);
	HTML_LIT(h, "\" y1=\"");
	html_int(h, M_TOP);
	HTML_LIT(h, "\" y2=\"");
	html_int(h, M_TOP + g->ph);
	HTML_LIT(h, "\" stroke=\"#4a5560\" stroke-width=\"1\"/><line x1=\"");
	html_int(h, M_LEFT);
	HTML_LIT(h, "\" x2=\"");
	html_int(h, M_LEFT + g->pw);
	HTML_LIT(h, "\" y1=\"");
	html_int(h, M_TOP + g->ph);
	HTML_LIT(h, "\" y2=\"");
	html_int(h, M_TOP + g->ph);
	HTML_LIT(h, "\" stroke=\"#4a5560\" stroke-width=\"1\"/>");
	/* Category labels. */
	for (size_t i = 0; i < c->n_points; i++) {
		HTML_LIT(h, "<text x=\"");
		html_int(h, x_of(g, i, c->n_points));
		HTML_LIT(h, "\" y=\"");
		html_int(h, M_TOP + g->ph + 20);
		HTML_LIT(h, "\" text-anchor=\"middle\">");
		html_text(h, c->points[i].label);
		HTML_LIT(h, "</text>");
	}
	HTML_LIT(h, "</g>");
}

static void point_title(struct html *h, const struct svgchart *c, const struct svgchart_point *p)
{
	HTML_LIT(h, "<title>");
	html_text(h, p->label);
	HTML_LIT(h, ": ");
	value_text(h, c, p->value);
	HTML_LIT(h, "</title>");
}

static void lines(struct html *h, const struct svgchart *c, const struct geom *g)
{
	size_t i = 0;

	HTML_LIT(h, "<g class=\"chart-series\">");
	while (i < c->n_points) {
		size_t start;
		while (i < c->n_points && c->points[i].missing)
			i++;
		if (i >= c->n_points)
			break;
		start = i;
		HTML_LIT(h, "<polyline class=\"chart-line\" fill=\"none\" stroke=\"#0b4f6c\" stroke-width=\"3\""
			    " stroke-linejoin=\"round\" points=\"");
		for (; i < c->n_points && !c->points[i].missing; i++) {
			if (i > start)
				HTML_LIT(h, " ");
			html_int(h, x_of(g, i, c->n_points));
			HTML_LIT(h, ",");
			html_int(h, y_of(g, c->points[i].value));
		}
		HTML_LIT(h, "\"/>");
	}
	for (i = 0; i < c->n_points; i++) {
		if (c->points[i].missing)
			continue;
		HTML_LIT(h, "<circle class=\"chart-point\" r=\"5\" fill=\"#0b4f6c\" stroke=\"#ffffff\""
			    " stroke-width=\"2\" cx=\"");
		html_int(h, x_of(g, i, c->n_points));
		HTML_LIT(h, "\" cy=\"");
		html_int(h, y_of(g, c->points[i].value));
		HTML_LIT(h, "\">");
		point_title(h, c, &c->points[i]);
		HTML_LIT(h, "</circle>");
	}
	HTML_LIT(h, "</g>");
}

static void bars(struct html *h, const struct svgchart *c, const struct geom *g)
{
	int slot = c->n_points ? g->pw / (int)c->n_points : g->pw;
	int bw = slot * 6 / 10 > 1 ? slot * 6 / 10 : 1;

	HTML_LIT(h, "<g class=\"chart-series\">");
	for (size_t i = 0; i < c->n_points; i++) {
		int y, base = M_TOP + g->ph;
		if (c->points[i].missing)
			continue;
		y = y_of(g, c->points[i].value);
		HTML_LIT(h, "<rect class=\"chart-bar\" fill=\"#0b4f6c\" x=\"");
		html_int(h, x_of(g, i, c->n_points) - bw / 2);
		HTML_LIT(h, "\" y=\"");
		html_int(h, y);
		HTML_LIT(h, "\" width=\"");
		html_int(h, bw);
		HTML_LIT(h, "\" height=\"");
		html_int(h, base - y);
		HTML_LIT(h, "\">");
		point_title(h, c, &c->points[i]);
		HTML_LIT(h, "</rect>");
	}
	HTML_LIT(h, "</g>");
}

void svgchart_write(struct html *h, const struct svgchart *c)
{
	struct geom g;
	const char *id = c->id && *c->id ? c->id : "chart";

	g.w = c->width > 0 ? c->width : 640;
	g.h = c->height > 0 ? c->height : 280;
	g.pw = g.w - M_LEFT - M_RIGHT > 10 ? g.w - M_LEFT - M_RIGHT : 10;
	g.ph = g.h - M_TOP - M_BOTTOM > 10 ? g.h - M_TOP - M_BOTTOM : 10;
	g.lo = c->y_min;
	g.hi = c->y_max;

	HTML_LIT(h, "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" role=\"img\" width=\"");
	html_int(h, g.w);
	HTML_LIT(h, "\" height=\"");
	html_int(h, g.h);
	HTML_LIT(h, "\" viewBox=\"0 0 ");
	html_int(h, g.w);
	HTML_LIT(h, " ");
	html_int(h, g.h);
	HTML_LIT(h, "\" aria-labelledby=\"");
	html_attr(h, id);
	HTML_LIT(h, "-title ");
	html_attr(h, id);
	HTML_LIT(h, "-desc\"><title id=\"");
	html_attr(h, id);
	HTML_LIT(h, "-title\">");
	html_text(h, c->title);
	HTML_LIT(h, "</title><desc id=\"");
	html_attr(h, id);
	HTML_LIT(h, "-desc\">");
	html_text(h, c->desc);
	HTML_LIT(h, "</desc>");
	grid(h, c, &g);
	if (c->kind == SVGCHART_BAR)
		bars(h, c, &g);
	else
		lines(h, c, &g);
	HTML_LIT(h, "</svg>");
}
