/*
 * page_maturity.c - the maturity self-assessment of a unit, year by year;
 * the organisation's question bank; the organisation-wide picture.
 *
 * An assessment's page answers at once what a person needs to know: the
 * level reached and the gaps that stand between the unit and the next
 * level, each with a button that makes it an activity of this year's
 * action plan; below, every question by level and step with its answer,
 * and the unit's earlier years beside each other.
 *
 * The picture (/situation) shows a unit and the units below it side by
 * side, and the unit's trend over five years as charts the server draws,
 * with the same numbers in tables.
 */
#include <inttypes.h>
#include <string.h>

#include "core/arena.h"
#include "core/buf.h"
#include "domain/authz.h"
#include "domain/figures.h"
#include "domain/maturity.h"
#include "domain/situation.h"
#include "domain/unit.h"
#include "web/layout.h"
#include "web/page_maturity.h"
#include "web/svgchart.h"
#include "web/widgets.h"

static void level_text(struct html *h, int64_t level)
{
	if (level < 0)
		HTML_LIT(h, "–");
	else
		html_int(h, level);
}

/* The unit's assessments, year by year: the comparison of earlier years. */
static void years_table(struct html *h, const struct maturity_assessment *list, size_t n, int64_t current)
{
	HTML_LIT(h, "<table><caption>");
	html_tr(h, "Self-assessments by year");
	HTML_LIT(h, "</caption><thead><tr><th scope=\"col\">");
	html_tr(h, "Year");
	HTML_LIT(h, "</th><th scope=\"col\" class=\"num\">");
	html_tr(h, "Level reached");
	HTML_LIT(h, "</th></tr></thead><tbody>");
	for (size_t i = 0; i < n; i++) {
		HTML_LIT(h, "<tr><th scope=\"row\">");
		if (list[i].id == current) {
			html_int(h, list[i].year);
		} else {
			HTML_LIT(h, "<a href=\"/maturity/");
			html_int(h, list[i].id);
			HTML_LIT(h, "\">");
			html_int(h, list[i].year);
			HTML_LIT(h, "</a>");
		}
		HTML_LIT(h, "</th><td class=\"num\">");
		html_int(h, list[i].level);
		HTML_LIT(h, "</td></tr>");
	}
	HTML_LIT(h, "</tbody></table>");
}

int page_maturity_list(struct req *r)
{
	struct picker units = { 0 };
	struct html *h;
	struct db *db;
	int64_t unit_id = query_int(r, "unit_id", 0);
	int rc;

	if (!(db = req_db(r)))
		return r->err.code;
	if ((rc = picker_units(r, db, NULL, picker_keep_editable, NULL, &units)))
		return rc;
	h = page_begin(r, tr(r->lang, "Self-assessment"));
	HTML_LIT(h, "<h1>");
	html_tr(h, "Self-assessment");
	HTML_LIT(h, "</h1><p>");
	html_tr(h,
		"Each unit assesses its maturity once a year along the four steps of the method. A level is reached when every question of it and of the levels below is met.");
	HTML_LIT(h, "</p><p><a href=\"/situation\">");
	html_tr(h, "Organisation-wide picture");
	HTML_LIT(h, "</a> · <a href=\"/maturity/bank\">");
	html_tr(h, "Question bank");
	HTML_LIT(h, "</a></p>");
	if (unit_id) {
		struct unit u;
		struct maturity_assessment *list;
		size_t n;
		struct err e = { 0 };
		if (unit_get(db, r->arena, unit_id, &u, &e) == 0 && authz_in_scope(r->auth, ACCESS_READ, u.path) &&
		    maturity_of_unit(db, r->arena, unit_id, &list, &n, &e) == 0) {
			HTML_LIT(h, "<h2>");
			html_text(h, u.name);
			HTML_LIT(h, "</h2>");
			years_table(h, list, n, 0);
		}
	}
	if (units.n) {
		HTML_LIT(h, "<h2>");
		html_tr(h, "Start a self-assessment");
		HTML_LIT(h, "</h2>");
		form_open(h, r, "/maturity");
		form_picker(h, r, "unit_id", "Unit", &units, unit_id, NULL);
		char today[FIGURES_DATE_LEN];
		figures_today(today);
		form_input(h, r, "number", "year", "Year", arena_printf(r->arena, "%.4s", today), true, NULL, NULL);
		form_submit(h, N_("Start"), false);
		form_close(h);
	}
	page_end(r, h);
	return 0;
}

static int list_again(struct req *r, const void *ctx, const struct err *e)
{
	struct html *h = page_begin(r, tr(r->lang, "Self-assessment"));
	(void)ctx;
	HTML_LIT(h, "<h1>");
	html_tr(h, "Self-assessment");
	HTML_LIT(h, "</h1>");
	form_errors(h, r, e);
	HTML_LIT(h, "<p><a href=\"/maturity\">");
	html_tr(h, "Back");
	HTML_LIT(h, "</a></p>");
	page_end(r, h);
	return 0;
}

int page_maturity_create(struct req *r)
{
	const struct unit *u = scope_record(&r->scope, "unit");
	struct err e = { 0 };
	int64_t id = 0;
	struct db *db;
	int rc;

	if (!(db = req_db(r)))
		return r->err.code;
	rc = maturity_start(db, r->arena, r->auth, u, form_int(r, "year", 0), &id, &e);
	return page_saved(r, rc, &e, arena_printf(r->arena, "/maturity/%" PRId64 "?msg=created", id), list_again, NULL);
}

/* The gaps that stand between @m and its next level, each with its button. */
static void gaps(struct html *h, struct req *r, const struct maturity_assessment *m, const struct maturity_answer *x,
		 size_t n, bool may_edit)
{
	int64_t next = m->level + 1;
	bool any = false;

	if (m->level >= MATURITY_LEVELS) {
		HTML_LIT(h, "<p>");
		html_tr(h, "Every question is met.");
		HTML_LIT(h, "</p>");
		return;
	}
	HTML_LIT(h, "<h2>");
	html_tr1(h, N_("Gaps to level %s"), arena_printf(r->arena, "%" PRId64, next));
	HTML_LIT(h, "</h2><ul class=\"gaps\">");
	for (size_t i = 0; i < n; i++) {
		if (x[i].met || x[i].level > next)
			continue;
		any = true;
		HTML_LIT(h, "<li>");
		html_text(h, x[i].text);
		HTML_LIT(h, " <span class=\"kind\">");
		html_tr(h, maturity_step_labels[(x[i].step - 1) & 3]);
		HTML_LIT(h, "</span> ");
		if (x[i].activity_id) {
			link_record(h, "activity", x[i].activity_id, tr(r->lang, "Activity"));
		} else if (may_edit) {
			form_open(h, r, arena_printf(r->arena, "/maturity/%" PRId64 "/activity", m->id));
			form_hidden_int(h, "answer_id", x[i].id);
			form_submit(h, N_("Make it an activity"), true);
			form_close(h);
		}
		HTML_LIT(h, "</li>");
	}
	HTML_LIT(h, "</ul>");
	(void)any;
}

/* The answers of the year before, to compare with. */
struct earlier {
	int64_t year; /* 0: none */
	struct maturity_answer *x;
	size_t n;
};

/* "2025: Uppfylld" for the question @question_id, when the year before asked it. */
static void earlier_answer(struct html *h, const struct earlier *prev, int64_t question_id)
{
	for (size_t k = 0; prev->year && k < prev->n; k++) {
		if (prev->x[k].question_id != question_id)
			continue;
		HTML_LIT(h, "<p class=\"kind\">");
		html_int(h, prev->year);
		HTML_LIT(h, ": ");
		html_tr(h, prev->x[k].met ? N_("Fulfilled") : N_("Not fulfilled"));
		HTML_LIT(h, "</p>");
		return;
	}
}

static int show(struct req *r, const void *ctx, const struct err *e)
{
	const struct maturity_assessment *m = ctx;
	struct maturity_answer *x;
	struct maturity_assessment *years;
	struct earlier prev = { 0 };
	size_t n, ny;
	bool may_edit = authz_in_scope(r->auth, ACCESS_EDIT, m->unit_path);
	struct html *h;
	struct db *db;
	int rc;

	if (!(db = req_db(r)))
		return r->err.code;
	if ((rc = maturity_answers(db, r->arena, m, &x, &n, &r->err)) ||
	    (rc = maturity_of_unit(db, r->arena, m->unit_id, &years, &ny, &r->err)))
		return rc;
	/* The year before, when the unit assessed it: each question's answer then, beside this year's. */
	for (size_t i = 0; i < ny; i++)
		if (years[i].year == m->year - 1 &&
		    (rc = maturity_answers(db, r->arena, &years[i], &prev.x, &prev.n, &r->err)) == 0)
			prev.year = years[i].year;
	h = page_begin(r, arena_printf(r->arena, "%s %" PRId64 " – %s", tr(r->lang, "Self-assessment"), m->year,
				       m->unit_name));
	page_crumb(h, "/maturity", N_("Self-assessment"));
	HTML_LIT(h, "<h1>");
	html_tr(h, "Self-assessment");
	HTML_LIT(h, " ");
	html_int(h, m->year);
	HTML_LIT(h, " – ");
	html_text(h, m->unit_name);
	HTML_LIT(h, "</h1>");
	page_flash(h, r);
	form_errors(h, r, e);
	HTML_LIT(h, "<p class=\"figure\" role=\"status\"><strong>");
	html_tr1(h, N_("Level reached: %s"), arena_printf(r->arena, "%" PRId64, m->level));
	HTML_LIT(h, "</strong></p>");
	gaps(h, r, m, x, n, may_edit);
	years_table(h, years, ny, m->id);

	HTML_LIT(h, "<h2>");
	html_tr(h, "Questions");
	HTML_LIT(h, "</h2>");
	if (may_edit) {
		form_open(h, r, arena_printf(r->arena, "/maturity/%" PRId64, m->id));
		form_hidden_int(h, "version", m->version);
	}
	for (int64_t level = 1; level <= MATURITY_LEVELS; level++) {
		HTML_LIT(h, "<fieldset><legend>");
		html_tr1(h, N_("Level %s"), arena_printf(r->arena, "%" PRId64, level));
		HTML_LIT(h, "</legend>");
		for (size_t i = 0; i < n; i++) {
			if (x[i].level != level)
				continue;
			HTML_LIT(h, "<div class=\"answer\"><p><span class=\"kind\">");
			html_tr(h, maturity_step_labels[(x[i].step - 1) & 3]);
			HTML_LIT(h, "</span> ");
			html_text(h, x[i].text);
			HTML_LIT(h, "</p>");
			earlier_answer(h, &prev, x[i].question_id);
			if (may_edit) {
				form_checkbox(h, r, arena_printf(r->arena, "met_%" PRId64, x[i].question_id),
					      "Fulfilled", x[i].met);
				form_text(h, r, arena_printf(r->arena, "comment_%" PRId64, x[i].question_id), "Comment",
					  x[i].comment, false, e);
			} else {
				HTML_LIT(h, "<p>");
				html_tr(h, x[i].met ? N_("Fulfilled") : N_("Not fulfilled"));
				HTML_LIT(h, "</p>");
			}
			HTML_LIT(h, "</div>");
		}
		HTML_LIT(h, "</fieldset>");
	}
	if (may_edit) {
		form_submit(h, N_("Save"), false);
		form_close(h);
	}
	page_end(r, h);
	return 0;
}

int page_maturity(struct req *r)
{
	return show(r, scope_record(&r->scope, "maturity"), NULL);
}

int page_maturity_save(struct req *r)
{
	const struct maturity_assessment *m = scope_record(&r->scope, "maturity");
	struct maturity_answer *x;
	struct maturity_answer_input *in;
	struct err e = { 0 };
	size_t n;
	struct db *db;
	int rc;

	if (!(db = req_db(r)))
		return r->err.code;
	if ((rc = maturity_answers(db, r->arena, m, &x, &n, &r->err)))
		return rc;
	in = arena_calloc(r->arena, n ? n : 1, sizeof(*in));
	for (size_t i = 0; i < n; i++) {
		in[i].question_id = x[i].question_id;
		in[i].met = req_form(r, arena_printf(r->arena, "met_%" PRId64, x[i].question_id)) != NULL;
		in[i].comment = req_form(r, arena_printf(r->arena, "comment_%" PRId64, x[i].question_id));
	}
	rc = maturity_answer(db, r->arena, r->auth, m, form_int(r, "version", -1), in, n, &e);
	return page_saved(r, rc, &e, arena_printf(r->arena, "/maturity/%" PRId64 "?msg=saved", m->id), show, m);
}

int page_maturity_gap(struct req *r)
{
	const struct maturity_assessment *m = scope_record(&r->scope, "maturity");
	struct err e = { 0 };
	int64_t id = 0;
	struct db *db;
	int rc;

	if (!(db = req_db(r)))
		return r->err.code;
	rc = maturity_gap_activity(db, r->arena, r->auth, r->lang, m, form_int(r, "answer_id", 0), &id, &e);
	return page_saved(r, rc, &e, arena_printf(r->arena, "/maturity/%" PRId64 "?msg=created", m->id), show, m);
}

/* --- the question bank --- */

static const char *const step_values[] = { "1", "2", "3", "4" };
static const char *const level_values[] = { "1", "2", "3", "4" };
static const char *const level_labels[] = { N_("Level 1"), N_("Level 2"), N_("Level 3"), N_("Level 4") };

/* The organisation whose bank the page shows: ?unit_id= or the first the user sees. */
static int bank_org(struct req *r, struct db *db, struct unit *org)
{
	int64_t id = query_int(r, "unit_id", 0);
	struct unit *tops;
	size_t n;
	int rc;

	if (!id) {
		if ((rc = figures_top_units(db, r->arena, r->auth, &tops, &n, &r->err)))
			return rc;
		if (!n)
			return err_set(&r->err, ERR_NOTFOUND, NULL, N_("You have no role on any unit."));
		id = tops[0].id;
	}
	if ((rc = unit_get(db, r->arena, id, org, &r->err)))
		return rc;
	if (!authz_in_scope(r->auth, ACCESS_READ, org->path))
		return err_set(&r->err, ERR_NOTFOUND, NULL, N_("No such unit."));
	return unit_get(db, r->arena, unit_org_of(org->path), org, &r->err);
}

static int bank_show(struct req *r, const struct unit *org, const struct err *e)
{
	struct maturity_question *q;
	size_t n;
	bool admin = authz_in_scope(r->auth, ACCESS_ADMIN, org->path);
	struct html *h;
	struct db *db;
	int rc;

	if (!(db = req_db(r)))
		return r->err.code;
	if ((rc = maturity_bank(db, r->arena, org->id, true, &q, &n, &r->err)))
		return rc;
	h = page_begin(r, tr(r->lang, "Question bank"));
	page_crumb(h, "/maturity", N_("Self-assessment"));
	HTML_LIT(h, "<h1>");
	html_tr(h, "Question bank");
	HTML_LIT(h, " – ");
	html_text(h, org->name);
	HTML_LIT(h, "</h1>");
	page_flash(h, r);
	form_errors(h, r, e);
	if (n && !q[0].id) {
		HTML_LIT(h, "<p>");
		html_tr(h,
			"The organisation uses Tillit's default bank. It becomes the organisation's own when the first self-assessment starts or a question is changed.");
		HTML_LIT(h, "</p>");
	}
	HTML_LIT(h, "<table><caption>");
	html_tr(h, "Questions");
	HTML_LIT(h, "</caption><thead><tr><th scope=\"col\">");
	html_tr(h, "Level");
	HTML_LIT(h, "</th><th scope=\"col\">");
	html_tr(h, "Step");
	HTML_LIT(h, "</th><th scope=\"col\">");
	html_tr(h, "Question");
	HTML_LIT(h, "</th><th scope=\"col\">");
	html_tr(h, "Active");
	HTML_LIT(h, "</th></tr></thead><tbody>");
	for (size_t i = 0; i < n; i++) {
		HTML_LIT(h, "<tr><td>");
		html_int(h, q[i].level);
		HTML_LIT(h, "</td><td>");
		html_tr(h, maturity_step_labels[(q[i].step - 1) & 3]);
		HTML_LIT(h, "</td><td>");
		html_text(h, q[i].text);
		if (admin && q[i].id) {
			HTML_LIT(h, "<details><summary>");
			html_tr(h, "Edit");
			HTML_LIT(h, "</summary>");
			form_open(h, r, arena_printf(r->arena, "/maturity/questions/%" PRId64, q[i].id));
			form_hidden_int(h, "version", q[i].version);
			form_select(h, r, "step", "Step", step_values, maturity_step_labels, 4,
				    step_values[(q[i].step - 1) & 3], true, NULL);
			form_select(h, r, "level", "Level", level_values, level_labels, 4,
				    level_values[(q[i].level - 1) & 3], true, NULL);
			form_text(h, r, "text", "Question", q[i].text, true, NULL);
			form_checkbox(h, r, "active", "Active", q[i].active);
			form_submit(h, N_("Save"), true);
			form_close(h);
			HTML_LIT(h, "</details>");
		}
		HTML_LIT(h, "</td><td>");
		html_tr(h, q[i].active ? N_("Yes") : N_("No"));
		HTML_LIT(h, "</td></tr>");
	}
	HTML_LIT(h, "</tbody></table>");
	if (admin) {
		HTML_LIT(h, "<h2>");
		html_tr(h, "Add a question");
		HTML_LIT(h, "</h2>");
		form_open(h, r, "/maturity/questions");
		form_hidden_int(h, "unit_id", org->id);
		form_select(h, r, "step", "Step", step_values, maturity_step_labels, 4, "1", true, e);
		form_select(h, r, "level", "Level", level_values, level_labels, 4, "1", true, e);
		form_text(h, r, "text", "Question", req_form(r, "text"), true, e);
		form_submit(h, N_("Add"), false);
		form_close(h);
	}
	page_end(r, h);
	return 0;
}

int page_maturity_bank(struct req *r)
{
	struct unit org;
	struct db *db;
	int rc;

	if (!(db = req_db(r)))
		return r->err.code;
	if ((rc = bank_org(r, db, &org)))
		return rc;
	return bank_show(r, &org, NULL);
}

static int bank_again(struct req *r, const void *ctx, const struct err *e)
{
	return bank_show(r, ctx, e);
}

static struct maturity_question_input question_from_form(struct req *r)
{
	struct maturity_question_input in = { 0 };
	in.step = form_int(r, "step", 0);
	in.level = form_int(r, "level", 0);
	in.text = req_form(r, "text");
	in.active = req_form(r, "active") != NULL;
	return in;
}

int page_maturity_question_add(struct req *r)
{
	const struct unit *u = scope_record(&r->scope, "unit");
	struct maturity_question_input in = question_from_form(r);
	struct unit org;
	struct err e = { 0 };
	struct db *db;
	int rc;

	in.active = true;
	if (!(db = req_db(r)))
		return r->err.code;
	if ((rc = unit_get(db, r->arena, unit_org_of(u->path), &org, &r->err)))
		return rc;
	rc = maturity_question_add(db, r->arena, r->auth, u, &in, NULL, &e);
	return page_saved(r, rc, &e, arena_printf(r->arena, "/maturity/bank?unit_id=%" PRId64 "&msg=saved", org.id),
			  bank_again, &org);
}

int page_maturity_question_update(struct req *r)
{
	const struct maturity_question *q = scope_record(&r->scope, "maturity_question");
	struct maturity_question_input in = question_from_form(r);
	struct unit org;
	struct err e = { 0 };
	struct db *db;
	int rc;

	if (!(db = req_db(r)))
		return r->err.code;
	if ((rc = unit_get(db, r->arena, q->org_id, &org, &r->err)))
		return rc;
	rc = maturity_question_update(db, r->arena, r->auth, q, form_int(r, "version", -1), &in, &e);
	return page_saved(r, rc, &e, arena_printf(r->arena, "/maturity/bank?unit_id=%" PRId64 "&msg=saved", org.id),
			  bank_again, &org);
}

/* --- the organisation-wide picture --- */

static void figure_cells(struct html *h, struct req *r, const struct key_figure_set *s)
{
	for (size_t k = 0; k < KEY_FIGURES; k++) {
		HTML_LIT(h, "<td class=\"num\">");
		if (!s->v[k].available)
			HTML_LIT(h, "<span class=\"kind\">");
		html_text(h, key_figure_text(r->arena, r->lang, &s->v[k]));
		if (!s->v[k].available)
			HTML_LIT(h, "</span>");
		HTML_LIT(h, "</td>");
	}
}

static void figure_heads(struct html *h)
{
	for (size_t k = 0; k < KEY_FIGURES; k++) {
		HTML_LIT(h, "<th scope=\"col\" class=\"num\">");
		html_tr(h, key_figures[k].label);
		HTML_LIT(h, "</th>");
	}
}

static void unit_row(struct html *h, struct req *r, const struct situation_row *row, const char *date, bool link)
{
	HTML_LIT(h, "<tr><th scope=\"row\">");
	if (link) {
		struct url u;
		url_init(&u, r->arena, "/situation");
		url_add_int(&u, "unit_id", row->unit_id);
		url_add(&u, "date", date);
		HTML_LIT(h, "<a href=\"");
		html_attr(h, url_str(&u));
		HTML_LIT(h, "\">");
		html_text(h, row->unit_name);
		HTML_LIT(h, "</a>");
	} else {
		html_text(h, row->unit_name);
	}
	HTML_LIT(h, "</th><td class=\"num\">");
	level_text(h, row->level);
	HTML_LIT(h, "</td>");
	figure_cells(h, r, &row->figs);
	HTML_LIT(h, "</tr>");
}

/* A chart of one series over the years, and the numbers beside it come from the table below. */
static void trend_chart(struct html *h, struct req *r, const struct situation *s, size_t fig, const char *id)
{
	struct svgchart_point pts[SITUATION_YEARS];
	struct svgchart c = { 0 };
	struct buf desc;

	buf_init(&desc, r->arena);
	for (size_t k = 0; k < SITUATION_YEARS; k++) {
		const struct situation_year *y = &s->years[k];
		pts[k].label = arena_printf(r->arena, "%" PRId64, y->year);
		if (fig == KEY_FIGURES) {
			pts[k].missing = y->level < 0;
			pts[k].value = (double)y->level;
		} else {
			int p = figures_percent(y->figs.v[fig].count, y->figs.v[fig].total);
			pts[k].missing = !y->figs.v[fig].available || p < 0;
			pts[k].value = p;
		}
		buf_addf(&desc, "%s%s: %s", k ? ", " : "", pts[k].label,
			 pts[k].missing ? "–" : arena_printf(r->arena, "%.0f", pts[k].value));
	}
	c.kind = fig == KEY_FIGURES ? SVGCHART_BAR : SVGCHART_LINE;
	c.id = id;
	c.title = fig == KEY_FIGURES ? tr(r->lang, "Maturity level") : tr(r->lang, key_figures[fig].label);
	c.desc = desc.data;
	c.y_min = 0;
	c.y_max = fig == KEY_FIGURES ? MATURITY_LEVELS : 100;
	c.y_ticks = 4;
	c.value_template = fig == KEY_FIGURES ? NULL : tr(r->lang, "{1}%");
	c.points = pts;
	c.n_points = SITUATION_YEARS;
	c.width = 420;
	c.height = 220;
	svgchart_write(h, &c);
}

int page_situation(struct req *r)
{
	struct situation s;
	struct unit u;
	struct unit *tops;
	size_t n_tops;
	const char *date = req_query(r, "date");
	int64_t unit_id = query_int(r, "unit_id", 0);
	struct err e = { 0 };
	struct html *h;
	struct db *db;
	int rc;

	if (!(db = req_db(r)))
		return r->err.code;
	if (!unit_id) {
		if ((rc = figures_top_units(db, r->arena, r->auth, &tops, &n_tops, &r->err)))
			return rc;
		if (!n_tops)
			return err_set(&r->err, ERR_NOTFOUND, NULL, N_("You have no role on any unit."));
		unit_id = tops[0].id;
	}
	if ((rc = unit_get(db, r->arena, unit_id, &u, &r->err)))
		return rc;
	if (!authz_in_scope(r->auth, ACCESS_READ, u.path))
		return err_set(&r->err, ERR_NOTFOUND, NULL, N_("No such unit."));
	rc = situation_build(db, r->arena, r->auth, &u, date && *date ? date : NULL, &s, &e);
	if (rc && rc != ERR_INVALID)
		return rc;
	if (rc)
		r->resp.status = 400;
	h = page_begin(r, tr(r->lang, "Organisation-wide picture"));
	HTML_LIT(h, "<h1>");
	html_tr(h, "Organisation-wide picture");
	HTML_LIT(h, " – ");
	html_text(h, u.name);
	HTML_LIT(h, "</h1>");
	form_errors(h, r, rc ? &e : NULL);
	HTML_LIT(h, "<form method=\"get\" action=\"/situation\" class=\"filters\">");
	form_hidden_int(h, "unit_id", u.id);
	form_input(h, r, "date", "date", "Date", date, false, NULL, rc ? &e : NULL);
	form_submit(h, N_("Show"), true);
	HTML_LIT(h, "</form>");
	if (rc) {
		page_end(r, h);
		return 0;
	}
	if (s.before_data) {
		HTML_LIT(h, "<p role=\"status\" class=\"notice\">");
		html_tr(h, "The date is before any data in Tillit: the figures count nothing yet.");
		HTML_LIT(h, "</p>");
	}
	HTML_LIT(h, "<div class=\"table-scroll\"><table class=\"figures\"><caption>");
	html_tr1(h, N_("Levels and key figures on %s"), s.date);
	HTML_LIT(h, "</caption><thead><tr><th scope=\"col\">");
	html_tr(h, "Unit");
	HTML_LIT(h, "</th><th scope=\"col\" class=\"num\">");
	html_tr(h, "Level");
	HTML_LIT(h, "</th>");
	figure_heads(h);
	HTML_LIT(h, "</tr></thead><tbody>");
	unit_row(h, r, &s.self, s.date, false);
	for (size_t i = 0; i < s.n_rows; i++)
		unit_row(h, r, &s.rows[i], s.date, true);
	HTML_LIT(h, "</tbody></table></div>");

	HTML_LIT(h, "<h2>");
	html_tr(h, "Trends over the years");
	HTML_LIT(h, "</h2><div class=\"charts\">");
	trend_chart(h, r, &s, KEY_FIGURES, "trend-level");
	trend_chart(h, r, &s, 0, "trend-classified");
	trend_chart(h, r, &s, 1, "trend-risk");
	trend_chart(h, r, &s, 2, "trend-continuity");
	HTML_LIT(h, "</div><div class=\"table-scroll\"><table class=\"figures\"><caption>");
	html_tr(h, "Trends over the years");
	HTML_LIT(h, "</caption><thead><tr><th scope=\"col\">");
	html_tr(h, "Year");
	HTML_LIT(h, "</th><th scope=\"col\" class=\"num\">");
	html_tr(h, "Level");
	HTML_LIT(h, "</th>");
	figure_heads(h);
	HTML_LIT(h, "</tr></thead><tbody>");
	for (size_t k = 0; k < SITUATION_YEARS; k++) {
		HTML_LIT(h, "<tr><th scope=\"row\">");
		html_int(h, s.years[k].year);
		HTML_LIT(h, "</th><td class=\"num\">");
		level_text(h, s.years[k].level);
		HTML_LIT(h, "</td>");
		figure_cells(h, r, &s.years[k].figs);
		HTML_LIT(h, "</tr>");
	}
	HTML_LIT(h, "</tbody></table></div>");
	page_end(r, h);
	return 0;
}
