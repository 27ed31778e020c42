/*
 * svgchart.h - small line and bar charts drawn by the server as inline SVG.
 *
 * The chart is written into a struct html like any other markup, so every
 * text (title, description, labels) is escaped by html.h. It carries no
 * script and no style attribute (the Content-Security-Policy forbids both):
 * colours and lines are SVG presentation attributes or classes styled in
 * static/app.css. It is accessible: role="img" with aria-labelledby naming
 * its <title> and <desc>, and the description should state the numbers.
 * Pages show the same numbers in a table as well. Coordinates are whole
 * numbers, so the output does not depend on the C library's locale.
 */
#ifndef TILLIT_WEB_SVGCHART_H
#define TILLIT_WEB_SVGCHART_H

#include <stdbool.h>
#include <stddef.h>

struct html;

enum svgchart_kind { SVGCHART_LINE, SVGCHART_BAR };

struct svgchart_point {
	const char *label; /* x-axis label, plain text */
	double value;      /* clamped to [y_min, y_max] when drawn */
	bool missing;      /* no value: a gap in the line, no bar */
};

struct svgchart {
	enum svgchart_kind kind;
	const char *id;    /* unique in the page; prefixes the ids of <title> and <desc> (escaped) */
	const char *title; /* plain text: the chart's name */
	const char *desc;  /* plain text: what it shows, with the numbers */
	double y_min, y_max;
	int y_ticks;  /* intervals between grid lines on the value axis (1..20, default 4) */
	int decimals; /* decimals of tick and point values (0..3) */
	/* How a value is shown, "{1}" standing for the number ("{1} %"), plain text; NULL: the number. */
	const char *value_template;
	const struct svgchart_point *points;
	size_t n_points;
	int width, height; /* size in CSS pixels; 0 gives 640 x 280 */
};

/**
 * Write @c as an <svg> element into @h. Every string is escaped; a value of
 * y_max <= y_min draws an empty frame. Never fails.
 */
void svgchart_write(struct html *h, const struct svgchart *c);

#endif
