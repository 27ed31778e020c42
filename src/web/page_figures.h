/*
 * page_figures.h - the follow-up figures in HTML (page_figures.c): the
 * /figures page and the section a unit's page shows.
 */
#ifndef TILLIT_WEB_PAGE_FIGURES_H
#define TILLIT_WEB_PAGE_FIGURES_H

#include "core/html.h"
#include "http/req.h"

struct unit;

/**
 * GET /figures[?date=YYYY-MM-DD]: the share of systems classified for each
 * top unit the user sees (an organisation, or the board or unit their
 * roles start at), per unit below it and over the last quarters up to the
 * chosen date, and the classifications due for review in the user's whole
 * scope. A bad or future date answers 400 with the error beside the field.
 */
int page_figures(struct req *r);

/**
 * Write the figures section of unit @u's page into @h: the share of
 * systems classified now in its subtree, per unit below it, a chart of the
 * last eight quarters and today (with the same numbers in a table), and the
 * classifications in its subtree that the viewer sees and that are due for
 * review. A database failure is shown as a short message in the section,
 * so the rest of the unit's page still renders.
 */
void figures_unit_section(struct html *h, struct req *r, const struct unit *u);

#endif
