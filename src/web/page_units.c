/*
 * page_units.c - the organisation tree: browse, create, edit and move units.
 *
 * The tree page draws every unit the user sees as nested lists, sorted by
 * name under each parent. Someone who sees more than TREE_LIMIT units (a
 * county-wide or national installation) gets the top of what they see
 * instead, each unit with the count of units below it and a plain link
 * (?open=ID) that draws its units in place: its whole subtree, or, past
 * TREE_LIMIT, the units directly below it, opened the same way. A unit's page shows its details, the units below
 * it, the roles granted on it and its recorded moves. Edit and move forms
 * carry the version the user saw; when someone else saved first, the form
 * comes back with what the user typed and the other person's version shown.
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/str.h"
#include "domain/unit.h"
#include "domain/user.h"
#include "web/layout.h"
#include "web/page_figures.h"
#include "web/page_gdpr.h"
#include "web/page_governing_documents.h"
#include "web/page_inspections.h"
#include "web/page_intcontrol.h"
#include "web/page_units.h"
#include "web/widgets.h"

#define TREE_LIMIT 1000

struct node {
	struct unit *u;
	struct node **kids;
	size_t n_kids;
};

/* Siblings in Swedish order (å, ä, ö after z; str_sv_cmp()). */
static int by_name(const void *a, const void *b)
{
	const struct node *x = *(struct node *const *)a, *y = *(struct node *const *)b;
	return str_sv_cmp(x->u->name, y->u->name);
}

/* Unit @u linked, then its kind and short code. */
static void tree_unit(struct html *h, const struct unit *u)
{
	link_unit(h, u->id, u->name);
	HTML_LIT(h, " <span class=\"kind\">");
	html_tr(h, unit_kind_label(u->kind));
	if (u->code && *u->code) {
		HTML_LIT(h, ", ");
		html_text(h, u->code);
	}
	HTML_LIT(h, "</span>");
}

static void draw_tree(struct html *h, struct node **nodes, size_t n)
{
	qsort(nodes, n, sizeof(*nodes), by_name);
	HTML_LIT(h, "<ul>");
	for (size_t i = 0; i < n; i++) {
		HTML_LIT(h, "<li>");
		tree_unit(h, nodes[i]->u);
		if (nodes[i]->n_kids)
			draw_tree(h, nodes[i]->kids, nodes[i]->n_kids);
		HTML_LIT(h, "</li>");
	}
	HTML_LIT(h, "</ul>");
}

static int node_id_cmp(const void *a, const void *b)
{
	int64_t x = (*(struct node *const *)a)->u->id, y = (*(struct node *const *)b)->u->id;
	return x < y ? -1 : x > y;
}

/*
 * Build the forest of @units (in path order, so parents come first): each unit's parent found by halving the
 * nodes sorted by id, and each node given room for the children it has (not for every unit: a thousand
 * units were a thousand arrays of a thousand, 8 MB zeroed for one page).
 */
static void draw_forest(struct html *h, struct arena *a, struct unit *units, size_t n)
{
	struct node *nodes = arena_calloc(a, n ? n : 1, sizeof(*nodes));
	struct node **by_id = arena_calloc(a, n ? n : 1, sizeof(*by_id));
	struct node **parent = arena_calloc(a, n ? n : 1, sizeof(*parent));
	struct node **roots = arena_calloc(a, n ? n : 1, sizeof(*roots));
	size_t n_roots = 0;

	for (size_t i = 0; i < n; i++) {
		nodes[i].u = &units[i];
		by_id[i] = &nodes[i];
	}
	qsort(by_id, n, sizeof(*by_id), node_id_cmp);
	for (size_t i = 0; i < n; i++) {
		struct unit key = { .id = units[i].parent_id };
		struct node k = { .u = &key }, *kp = &k, **found;
		found = units[i].parent_id ? bsearch(&kp, by_id, n, sizeof(*by_id), node_id_cmp) : NULL;
		parent[i] = found && *found != &nodes[i] ? *found : NULL;
		if (parent[i])
			parent[i]->n_kids++;
	}
	for (size_t i = 0; i < n; i++) {
		nodes[i].kids = nodes[i].n_kids ? arena_calloc(a, nodes[i].n_kids, sizeof(struct node *)) : NULL;
		nodes[i].n_kids = 0;
	}
	for (size_t i = 0; i < n; i++) {
		if (parent[i])
			parent[i]->kids[parent[i]->n_kids++] = &nodes[i];
		else
			roots[n_roots++] = &nodes[i];
	}
	draw_tree(h, roots, n_roots);
}

/* The units @r's user sees named like @q, or below @parent_id (0: anywhere): at most TREE_LIMIT of them. */
static int units_seen(struct req *r, const char *q, int64_t parent_id, struct unit **out, size_t *n, int64_t *total)
{
	struct unit_filter f = { .viewer_id = r->auth->user_id, .q = q, .parent_id = parent_id, .limit = TREE_LIMIT };
	struct db *db = req_db(r);

	if (!db)
		return r->err.code;
	return unit_list(db, r->arena, &f, out, n, total, &r->err);
}

/* Units as list items, each linked with its kind (with @parents, also the unit it belongs to). */
static void unit_items(struct html *h, const struct unit *units, size_t n, bool parents)
{
	for (size_t i = 0; i < n; i++) {
		HTML_LIT(h, "<li>");
		link_unit(h, units[i].id, units[i].name);
		HTML_LIT(h, " <span class=\"kind\">");
		html_tr(h, unit_kind_label(units[i].kind));
		if (parents && units[i].parent_name) {
			HTML_LIT(h, " – ");
			html_text(h, units[i].parent_name);
		}
		HTML_LIT(h, "</span></li>");
	}
}

/* Siblings of a level opened one at a time, in Swedish order. */
static int branch_by_name(const void *a, const void *b)
{
	const struct unit_branch *x = a, *y = b;
	int c = str_sv_cmp(x->u.name, y->u.name);
	return c ? c : (x->u.id > y->u.id) - (x->u.id < y->u.id);
}

/* The tree page's heading, search form and the button for a new organisation. */
static struct html *tree_page_begin(struct req *r, const char *q)
{
	struct html *h = page_begin(r, tr(r->lang, "Organisation"));

	page_h1(h, N_("Organisation"));
	page_flash(h, r);
	HTML_LIT(h, "<form class=\"search\" method=\"get\" action=\"/units\" role=\"search\">");
	form_input(h, r, "search", "q", "Search units by name or code", q, false, NULL, NULL);
	form_submit(h, "Search", true);
	HTML_LIT(h, "</form>");
	if (authz_global(r->auth, ACCESS_ADMIN)) {
		HTML_LIT(h, "<p><a class=\"button\" href=\"/units/new\">");
		html_tr(h, "New organisation");
		HTML_LIT(h, "</a></p>");
	}
	return h;
}

static void too_many(struct html *h)
{
	HTML_LIT(h, "<p>");
	html_tr(h, "Only the first 1000 units are shown. Search to find the others.");
	HTML_LIT(h, "</p>");
}

/*
 * The link that opens @b (its units below drawn under it) or, when @open, closes it again: back to the page with
 * @up open (0: the top alone). The words say which unit to a screen reader; aria-expanded says which it is.
 */
static void branch_toggle(struct html *h, const struct unit_branch *b, bool open, int64_t up)
{
	HTML_LIT(h, " <span class=\"below\">");
	html_tr(h, "Units below:");
	HTML_LIT(h, " ");
	html_int(h, b->n_below);
	HTML_LIT(h, "</span> <a href=\"/units");
	if (!open || up) {
		HTML_LIT(h, "?open=");
		html_int(h, open ? up : b->u.id);
	}
	HTML_LIT(h, "#unit-");
	html_int(h, b->u.id);
	HTML_LIT(h, "\" aria-expanded=\"");
	if (open)
		HTML_LIT(h, "true");
	else
		HTML_LIT(h, "false");
	HTML_LIT(h, "\">");
	html_tr(h, open ? N_("Hide the units below") : N_("Show the units below"));
	HTML_LIT(h, "<span class=\"sr-only\"> ");
	html_text(h, b->u.name);
	HTML_LIT(h, "</span></a>");
}

/*
 * Units @b (@n of them, @total in all) as a level of the tree opened one at a time, below @up (0: the top), each
 * with the count of its units below and the link that opens it. The one on the way to @open is drawn open: its
 * whole subtree under it when that is no more than TREE_LIMIT units, else the units directly below it, the same
 * way.
 */
static int draw_branches(struct html *h, struct req *r, struct db *db, struct unit_branch *b, size_t n, int64_t total,
			 const struct unit *open, int64_t up)
{
	int rc;

	qsort(b, n, sizeof(*b), branch_by_name);
	HTML_LIT(h, "<ul>");
	for (size_t i = 0; i < n; i++) {
		bool on_way = open && str_starts(open->path, b[i].u.path);

		HTML_LIT(h, "<li id=\"unit-");
		html_int(h, b[i].u.id);
		HTML_LIT(h, "\">");
		tree_unit(h, &b[i].u);
		if (!b[i].n_below) {
			HTML_LIT(h, "</li>");
			continue;
		}
		branch_toggle(h, &b[i], on_way, up);
		if (on_way && b[i].n_below <= TREE_LIMIT) {
			struct unit *units;
			size_t n_units;

			if ((rc = unit_subtree_list(db, r->arena, &b[i].u, TREE_LIMIT, &units, &n_units, &r->err)))
				return rc;
			draw_forest(h, r->arena, units, n_units);
		} else if (on_way) {
			struct unit_branch *kids;
			size_t n_kids;
			int64_t n_all;

			if ((rc = unit_children(db, r->arena, b[i].u.id, TREE_LIMIT, 0, &kids, &n_kids, &n_all,
						&r->err)) ||
			    (rc = draw_branches(h, r, db, kids, n_kids, n_all, open, b[i].u.id)))
				return rc;
		}
		HTML_LIT(h, "</li>");
	}
	HTML_LIT(h, "</ul>");
	if (total > (int64_t)n)
		too_many(h);
	return 0;
}

/*
 * The tree when the user sees more units than a page draws: the top of what they see (the organisations, for an
 * administrator of the whole installation) with the count of units below each, opened one unit at a time.
 */
static int page_units_by_branch(struct req *r, struct db *db, const struct unit *open)
{
	struct unit_branch *tops;
	size_t n;
	int64_t total;
	struct html *h;
	int rc;

	if ((rc = unit_tops(db, r->arena, r->auth, TREE_LIMIT, 0, &tops, &n, &total, &r->err)))
		return rc;
	h = tree_page_begin(r, NULL);
	HTML_LIT(h, "<p>");
	html_tr(h, "You see more than 1000 units: open a unit to see the units below it, or search by name or code.");
	HTML_LIT(h, "</p><div class=\"tree\">");
	if ((rc = draw_branches(h, r, db, tops, n, total, open, 0)))
		return rc;
	HTML_LIT(h, "</div>");
	page_end(r, h);
	return 0;
}

int page_units(struct req *r)
{
	const char *q = req_query(r, "q");
	/* The unit ?open= names, when given: read, and its access checked, by the route's scope. */
	const struct unit *open = r->scope.kind ? scope_record(&r->scope, "unit") : NULL;
	struct unit *units;
	size_t n;
	int64_t total, seen;
	struct html *h;
	struct db *db = req_db(r);
	int rc;

	if (!db)
		return r->err.code;
	/* Past a page of units, the tree is read a level at a time; below it, drawn whole as it always was. */
	if (!q) {
		if ((rc = unit_count_seen(db, r->arena, r->auth->user_id, TREE_LIMIT + 1, &seen, &r->err)))
			return rc;
		if (seen > TREE_LIMIT)
			return page_units_by_branch(r, db, open);
	}
	if ((rc = units_seen(r, q, 0, &units, &n, &total)))
		return rc;
	h = tree_page_begin(r, q);
	if (n == 0) {
		HTML_LIT(h, "<p>");
		html_tr(h, q ? N_("No unit matches the search.") : N_("You do not see any units yet."));
		HTML_LIT(h, "</p>");
	} else if (q) {
		HTML_LIT(h, "<ul class=\"results\">");
		unit_items(h, units, n, true);
		HTML_LIT(h, "</ul>");
	} else {
		HTML_LIT(h, "<div class=\"tree\">");
		draw_forest(h, r->arena, units, n);
		HTML_LIT(h, "</div>");
	}
	if (total > (int64_t)n)
		too_many(h);
	page_end(r, h);
	return 0;
}

/* The unit form, used for create and edit. */
static void unit_form(struct html *h, struct req *r, const char *action, const struct unit_input *in, int64_t version,
		      bool creating, const struct err *e)
{
	form_open(h, r, action);
	if (creating)
		form_hidden_int(h, "parent_id", in->parent_id);
	else
		form_hidden_int(h, "version", version);
	form_select(h, r, "kind", "Kind", unit_kinds, unit_kind_labels, UNIT_KIND_COUNT, in->kind, true, e);
	form_text(h, r, "name", "Name", in->name, true, e);
	form_text(h, r, "code", "Short code", in->code, false, e);
	form_text(h, r, "case_prefix", "Registry prefix for case numbers", in->case_prefix, false, e);
	form_textarea(h, r, "contact", "Contact people", in->contact, e);
	form_submit(h, creating ? N_("Create") : N_("Save"), false);
	form_close(h);
}

static struct unit_input input_from_form(struct req *r)
{
	struct unit_input in = { 0 };
	in.parent_id = form_int(r, "parent_id", 0);
	in.kind = req_form(r, "kind");
	in.name = req_form(r, "name");
	in.code = req_form(r, "code");
	in.case_prefix = req_form(r, "case_prefix");
	in.contact = req_form(r, "contact");
	return in;
}

/* The parent the route's scope read (parent_id in the form or query), or NULL for a new organisation. */
static const struct unit *scope_parent(struct req *r)
{
	return r->scope.record ? scope_record(&r->scope, "unit") : NULL;
}

/* An organisation's classification model and question bank (administrators) and its self-assessment questions. */
static void org_models(struct html *h, const struct unit *org, bool admin)
{
	HTML_LIT(h, "<ul class=\"links\">");
	if (admin) {
		HTML_LIT(h, "<li><a href=\"/organisations/");
		html_int(h, org->id);
		HTML_LIT(h, "/classification-model\">");
		html_tr(h, "Classification model and question bank");
		HTML_LIT(h, "</a></li>");
	}
	HTML_LIT(h, "<li><a href=\"/maturity/bank?unit_id=");
	html_int(h, org->id);
	HTML_LIT(h, "\">");
	html_tr(h, "The self-assessment question bank");
	HTML_LIT(h, "</a></li></ul>");
}

/* A section of the unit's page headed @title; false, having said @none, when it has no entries (@n 0). */
static bool section_open(struct html *h, const char *title, size_t n, const char *none)
{
	HTML_LIT(h, "<h2>");
	html_tr(h, title);
	HTML_LIT(h, "</h2>");
	if (n)
		return true;
	HTML_LIT(h, "<p>");
	html_tr(h, none);
	HTML_LIT(h, "</p>");
	return false;
}

int page_unit(struct req *r)
{
	struct unit u = *(const struct unit *)scope_record(&r->scope, "unit"), *kids;
	struct role_grant *grants;
	struct unit_move *moves;
	size_t n_kids, n_grants, n_moves;
	bool admin;
	struct html *h;
	struct db *db = req_db(r);
	int rc;

	if (!db)
		return r->err.code;
	if ((rc = units_seen(r, NULL, u.id, &kids, &n_kids, NULL)) ||
	    (rc = unit_grants(db, r->arena, u.id, &grants, &n_grants, &r->err)) ||
	    (rc = unit_moves(db, r->arena, u.id, &moves, &n_moves, &r->err)))
		return rc;
	unit_order_sv(r->arena, kids, n_kids);
	admin = authz_in_scope(r->auth, ACCESS_ADMIN, u.path);

	h = page_begin(r, u.name);
	HTML_LIT(h, "<p class=\"crumbs\"><a href=\"/units\">");
	html_tr(h, "Organisation");
	HTML_LIT(h, "</a>");
	if (u.parent_id) {
		HTML_LIT(h, " › ");
		link_unit(h, u.parent_id, u.parent_name);
	}
	HTML_LIT(h, "</p><h1>");
	html_text(h, u.name);
	HTML_LIT(h, "</h1>");
	page_flash(h, r);
	HTML_LIT(h, "<dl class=\"details\">");
	detail_row(h, "Kind", tr(r->lang, unit_kind_label(u.kind)));
	detail_row(h, "Short code", u.code);
	detail_row(h, "Registry prefix for case numbers", u.case_prefix);
	detail_row(h, "Contact people", u.contact);
	HTML_LIT(h, "<dt>");
	html_tr(h, "Last changed");
	HTML_LIT(h, "</dt><dd>");
	html_time(h, u.updated_at);
	HTML_LIT(h, "</dd></dl>");
	if (admin) {
		HTML_LIT(h, "<p class=\"actions\"><a class=\"button\" href=\"/units/");
		html_int(h, u.id);
		HTML_LIT(h, "/edit\">");
		html_tr(h, "Edit");
		HTML_LIT(h, "</a> ");
		if (u.parent_id) {
			HTML_LIT(h, "<a class=\"button\" href=\"/units/");
			html_int(h, u.id);
			HTML_LIT(h, "/move\">");
			html_tr(h, "Move");
			HTML_LIT(h, "</a> ");
		}
		HTML_LIT(h, "<a class=\"button\" href=\"/units/new?parent_id=");
		html_int(h, u.id);
		HTML_LIT(h, "\">");
		html_tr(h, "New unit below this one");
		HTML_LIT(h, "</a></p>");
	}
	if (!u.parent_id)
		org_models(h, &u, admin);
	figures_unit_section(h, r, &u); /* figures */

	if (section_open(h, N_("Units below"), n_kids, N_("None."))) {
		HTML_LIT(h, "<ul>");
		unit_items(h, kids, n_kids, false);
		HTML_LIT(h, "</ul>");
	}

	if (section_open(h, N_("Roles granted here"), n_grants,
			 N_("None. Roles granted on units above also hold here."))) {
		table_open_sr(h, N_("Roles granted here"), (const char *const[]){ N_("User"), N_("Role"), NULL });
		for (size_t i = 0; i < n_grants; i++) {
			HTML_LIT(h, "<tr><td>");
			if (authz_anywhere(r->auth, ACCESS_ADMIN))
				link_user(h, grants[i].user_id, grants[i].username);
			else
				html_text(h, grants[i].username);
			HTML_LIT(h, "</td><td>");
			html_tr(h, role_label(role_parse(grants[i].role)));
			HTML_LIT(h, "</td></tr>");
		}
		table_close(h);
	}

	if (section_open(h, N_("Moves"), n_moves, N_("The unit has not been moved."))) {
		table_open_sr(h, N_("Moves"),
			      (const char *const[]){ N_("When"), N_("From"), N_("To"), N_("By"), N_("Reason"), NULL });
		for (size_t i = 0; i < n_moves; i++) {
			HTML_LIT(h, "<tr><td>");
			html_time(h, moves[i].at);
			HTML_LIT(h, "</td><td>");
			html_text(h, moves[i].from_name);
			HTML_LIT(h, "</td><td>");
			html_text(h, moves[i].to_name);
			HTML_LIT(h, "</td><td>");
			html_text(h, moves[i].by ? moves[i].by : "system");
			HTML_LIT(h, "</td><td>");
			html_text(h, moves[i].reason);
			HTML_LIT(h, "</td></tr>");
		}
		table_close(h);
	}
	if ((rc = page_inspections_unit_section(h, r, db, u.id)))
		return rc;
	gdpr_unit_section(h, r, u.id);
	if ((rc = governing_documents_due_section(h, r, db, u.id)))
		return rc;
	if ((rc = page_intcontrol_unit_section(h, r, db, u.id)))
		return rc;
	page_end(r, h);
	return 0;
}

/* Show the other person's version above a form that kept the user's input. */
static void theirs(struct html *h, const struct unit *cur)
{
	page_theirs_open(h);
	HTML_LIT(h, "<dl class=\"details\">");
	detail_row(h, "Name", cur->name);
	detail_row(h, "Short code", cur->code);
	detail_row(h, "Registry prefix for case numbers", cur->case_prefix);
	detail_row(h, "Contact people", cur->contact);
	detail_row(h, "Belongs to", cur->parent_name);
	HTML_LIT(h, "</dl></section>");
}

/* The move form: the unit as stored, the version it changes, the destination and reason typed. */
struct unit_view {
	const struct unit *u;
	int64_t version;
	const struct unit *cur; /* the other person's version after a conflict, or NULL */
	int64_t to;             /* move: the chosen destination */
	const char *reason;     /* move: the reason typed */
};

/* Begin the page of a form about unit @u: its crumb, then the heading @title. */
static struct html *form_page_begin(struct req *r, const struct unit *u, const char *title)
{
	struct html *h = page_begin(r, tr(r->lang, title));
	HTML_LIT(h, "<p class=\"crumbs\">");
	link_record(h, "unit", u->id, u->name);
	HTML_LIT(h, "</p><h1>");
	html_tr(h, title);
	HTML_LIT(h, "</h1>");
	return h;
}

/*
 * The unit form's page (ctx a struct form_view): a new unit below the
 * scope's parent, or a new organisation, when there is no stored unit;
 * else the edit of the stored unit, with the other person's version after
 * a conflict.
 */
static int form_page(struct req *r, const void *ctx, const struct err *e)
{
	const struct form_view *v = ctx;
	const struct unit *u = v->rec;
	struct html *h;

	if (u) {
		h = form_page_begin(r, u, N_("Edit unit"));
	} else {
		const struct unit *parent = scope_parent(r);

		h = page_begin(r, tr(r->lang, parent ? N_("New unit") : N_("New organisation")));
		HTML_LIT(h, "<h1>");
		html_tr(h, parent ? N_("New unit") : N_("New organisation"));
		HTML_LIT(h, "</h1>");
		if (parent) {
			HTML_LIT(h, "<p>");
			html_tr(h, "Belongs to");
			HTML_LIT(h, ": ");
			link_record(h, "unit", parent->id, parent->name);
			HTML_LIT(h, "</p>");
		}
	}
	form_errors(h, r, e);
	if (v->cur)
		theirs(h, v->cur);
	unit_form(h, r, u ? arena_printf(r->arena, "/units/%" PRId64 "/edit", u->id) : "/units", v->in, v->version, !u,
		  e);
	page_end(r, h);
	return 0;
}

PAGE_FROM_FORM(unit_from_form, struct unit_input, input_from_form)
PAGE_INPUT_OF(unit_input_of_stored, struct unit_input, unit_input_of)
PAGE_CREATOR(unit_new, unit_create)
PAGE_UPDATER(unit_change, unit_update)

static const struct page_record_def unit_def = {
	PAGE_RECORD(struct unit, struct unit_input),
	.kind = "unit",
	.path = "/units/",
	.from_form = unit_from_form,
	.input_of = unit_input_of_stored,
	.create = unit_new,
	.update = unit_change,
	.form = form_page,
};

int page_unit_new(struct req *r)
{
	const struct unit *parent = scope_parent(r);
	struct unit_input in = { 0 };
	in.parent_id = parent ? parent->id : 0;
	in.kind = parent ? "unit" : "organisation";
	return form_page(r, &(struct form_view){ NULL, &in, 0, NULL }, NULL);
}

int page_unit_create(struct req *r)
{
	return page_record_create(r, &unit_def);
}

int page_unit_edit(struct req *r)
{
	return page_record_edit(r, &unit_def);
}

int page_unit_update(struct req *r)
{
	return page_record_update(r, &unit_def);
}

/* Units @r's user may move @ctx (a unit) under: administered by them, not in its own subtree. */
static bool may_move_under(struct req *r, const struct unit *u, const void *ctx)
{
	const struct unit *moved = ctx;
	return !str_starts(u->path, moved->path) && authz_in_scope(r->auth, ACCESS_ADMIN, u->path);
}

static int move_form(struct req *r, const void *ctx, const struct err *e)
{
	const struct unit_view *v = ctx;
	const struct unit *u = v->u;
	struct picker units = { 0 };
	struct html *h;
	struct db *db = req_db(r);
	int rc;

	if (!db)
		return r->err.code;
	if ((rc = picker_units(r, db, NULL, may_move_under, u, &units)))
		return rc;
	h = form_page_begin(r, u, N_("Move unit"));
	HTML_LIT(h, "<p>");
	html_tr(h, "Now belongs to");
	HTML_LIT(h, ": ");
	link_record(h, "unit", u->parent_id, u->parent_name);
	HTML_LIT(h, ". ");
	html_tr(h, "The units below it move with it. The move is recorded.");
	HTML_LIT(h, "</p>");
	form_errors(h, r, e);
	if (v->cur)
		theirs(h, v->cur);
	form_open(h, r, arena_printf(r->arena, "/units/%" PRId64 "/move", u->id));
	form_hidden_int(h, "version", v->version);
	form_picker(h, r, "parent_id", "New place in the organisation", &units, v->to, e);
	form_textarea(h, r, "reason", "Reason for the move", v->reason, e);
	form_submit(h, "Move", false);
	form_close(h);
	page_end(r, h);
	return 0;
}

int page_unit_move(struct req *r)
{
	const struct unit *u = scope_record(&r->scope, "unit");
	struct unit_view v = { u, u->version, NULL, u->parent_id, NULL };
	return move_form(r, &v, NULL);
}

int page_unit_move_post(struct req *r)
{
	const struct unit *before = scope_record(&r->scope, "unit");
	struct unit cur = { 0 };
	struct err e = { 0 };
	struct unit_view v = { before, form_int(r, "version", -1), NULL, form_int(r, "parent_id", 0),
			       req_form(r, "reason") };
	struct db *db = req_db(r);
	int rc;

	if (!db)
		return r->err.code;
	rc = unit_move(db, r->arena, r->auth, before, v.version, v.to, v.reason, &cur, &e);
	if (rc == ERR_CONFLICT && cur.id) {
		v.u = v.cur = &cur;
		v.version = cur.version;
	}
	return page_saved(r, rc, &e, arena_printf(r->arena, "/units/%" PRId64 "?msg=moved", before->id), move_form, &v);
}
