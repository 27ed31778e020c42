/*
 * page_role_suggestions.c - roles an identity provider's groups suggest,
 * waiting for an administrator: the list of pending suggestions
 * (/role-suggestions), the same for one person on their page (/users/:id),
 * and the two buttons of each, grant and dismiss.
 *
 * An administrator sees the suggestions they may decide: on the units they
 * administer, and the installation-wide ones only as an installation-wide
 * administrator (role_suggestion_pending()). Granting goes through
 * grant_add() with its checks and audit entry; the route's scope (the
 * suggestion's unit) and the domain check the rule again. Nothing is
 * granted without the button.
 */
#include "web/page_role_suggestions.h"

#include <inttypes.h>
#include <string.h>

#include "core/arena.h"
#include "domain/role_suggestion.h"
#include "web/layout.h"
#include "web/widgets.h"

#define SUGGESTIONS_PAGE 50

/* Where a suggested role holds: a link to its unit, or the whole installation. */
static void where(struct html *h, const struct role_suggestion *s, bool link)
{
	if (!s->unit_id)
		html_tr(h, "The whole installation");
	else if (link)
		link_record(h, "unit", s->unit_id, s->unit_name);
	else
		html_text(h, s->unit_name);
}

/* The person's name for a button's hidden label and the list. */
static const char *who(const struct role_suggestion *s)
{
	return s->display_name && *s->display_name ? s->display_name : s->username;
}

/* One of the two buttons of a suggestion; @from_user sends the browser back to the person's page. */
static void decide_button(struct html *h, struct req *r, const struct role_suggestion *s, const char *action,
			  const char *label, bool secondary, bool from_user)
{
	form_open(h, r, arena_printf(r->arena, "/role-suggestions/%" PRId64 "/%s", s->id, action));
	if (from_user)
		form_hidden(h, "from", "user");
	HTML_LIT(h, "<button type=\"submit\"");
	if (secondary)
		HTML_LIT(h, " class=\"secondary\"");
	HTML_LIT(h, ">");
	html_tr(h, label);
	HTML_LIT(h, "<span class=\"sr-only\"> ");
	html_tr(h, role_label(role_parse(s->role)));
	HTML_LIT(h, ", ");
	where(h, s, false);
	HTML_LIT(h, ", ");
	html_text(h, who(s));
	HTML_LIT(h, "</span></button>");
	form_close(h);
}

/* The table of suggestions @s; @person adds the person's column (the list of everyone's). */
static void suggestions_table(struct html *h, struct req *r, const struct role_suggestion *s, size_t n, int64_t total,
			      bool person)
{
	static const char *const cols_all[] = { N_("Person"),     N_("Suggested role"), N_("Applies to"),
						N_("From group"), N_("Suggested"),      NULL };
	static const char *const cols_one[] = { N_("Suggested role"), N_("Applies to"), N_("From group"),
						N_("Suggested"), NULL };

	table_open(h, N_("Suggested roles"), person ? total : -1, person ? cols_all : cols_one);
	for (size_t i = 0; i < n; i++) {
		HTML_LIT(h, "<tr>");
		if (person) {
			HTML_LIT(h, "<td>");
			link_user(h, s[i].user_id, who(&s[i]));
			HTML_LIT(h, "</td>");
		}
		HTML_LIT(h, "<td>");
		html_tr(h, role_label(role_parse(s[i].role)));
		HTML_LIT(h, "</td><td>");
		where(h, &s[i], true);
		HTML_LIT(h, "</td><td>");
		html_text(h, s[i].group_value);
		HTML_LIT(h, " <span class=\"hint\">(");
		html_text(h, s[i].provider_name);
		HTML_LIT(h, ")</span></td><td>");
		html_time(h, s[i].created_at);
		HTML_LIT(h, "</td><td class=\"actions\">");
		decide_button(h, r, &s[i], "grant", N_("Grant role"), false, !person);
		decide_button(h, r, &s[i], "dismiss", N_("Dismiss"), true, !person);
		HTML_LIT(h, "</td></tr>");
	}
	table_close(h);
}

static int list_page(struct req *r, const void *ctx, const struct err *e)
{
	struct role_suggestion *s;
	size_t n = 0;
	int64_t limit, offset, total = 0;
	struct html *h;
	struct db *db;
	int rc;

	(void)ctx;
	if (!(db = req_db(r)))
		return r->err.code;
	page_paging(r, SUGGESTIONS_PAGE, &limit, &offset);
	if ((rc = role_suggestion_pending(db, r->arena, r->auth, 0, limit, offset, &s, &n, &total, &r->err)))
		return rc;
	h = page_begin(r, tr(r->lang, "Suggested roles"));
	page_h1(h, N_("Suggested roles"));
	page_flash(h, r);
	form_errors(h, r, e);
	HTML_LIT(h, "<p>");
	html_tr(h, "When someone signs in through an identity provider whose groups suggest a role they do not have, "
		   "the suggestion waits here. Nothing is granted until an administrator grants it; a dismissed "
		   "suggestion is not made again.");
	HTML_LIT(h, "</p>");
	if (!total) {
		HTML_LIT(h, "<p>");
		html_tr(h, "No suggestion is waiting for you.");
		HTML_LIT(h, "</p>");
	} else {
		suggestions_table(h, r, s, n, total, true);
		page_pager(h, r, "/role-suggestions", offset, limit, total);
	}
	page_end(r, h);
	return 0;
}

int page_role_suggestions(struct req *r)
{
	return list_page(r, NULL, NULL);
}

/* After a decision: back to the person's page when the button was there, else to the list. */
static const char *decided(struct req *r, const char *msg)
{
	const char *from = req_form(r, "from");
	const struct role_suggestion *s = scope_record(&r->scope, "role_suggestion");

	if (from && !strcmp(from, "user") && s)
		return arena_printf(r->arena, "/users/%" PRId64 "?msg=%s", s->user_id, msg);
	return arena_printf(r->arena, "/role-suggestions?msg=%s", msg);
}

/* Grant (@grant) or dismiss the suggestion of the address; a problem shows the list with it. */
static int decide(struct req *r, bool grant)
{
	int64_t id = req_arg_id(r, 0);
	struct err e = { 0 };
	struct db *db;
	int rc;

	if (!(db = req_db(r)))
		return r->err.code;
	rc = grant ? role_suggestion_grant(db, r->arena, r->auth, id, NULL, &e)
		   : role_suggestion_dismiss(db, r->arena, r->auth, id, &e);
	e.field = NULL; /* the message is about the suggestion, not a form control */
	return page_saved(r, rc, &e, decided(r, grant ? "granted" : "dismissed"), list_page, NULL);
}

int page_role_suggestion_grant(struct req *r)
{
	return decide(r, true);
}

int page_role_suggestion_dismiss(struct req *r)
{
	return decide(r, false);
}

int role_suggestion_section(struct html *h, struct req *r, struct db *db, int64_t user_id)
{
	struct role_suggestion *s;
	size_t n = 0;
	int64_t total = 0;
	int rc = role_suggestion_pending(db, r->arena, r->auth, user_id, SUGGESTIONS_PAGE, 0, &s, &n, &total, &r->err);

	if (rc || !n)
		return rc;
	HTML_LIT(h, "<h2>");
	html_tr(h, "Suggested roles");
	HTML_LIT(h, "</h2><p>");
	html_tr(h, "The identity provider says this person belongs to a group that suggests these roles. They are "
		   "not granted until you grant them.");
	HTML_LIT(h, "</p>");
	suggestions_table(h, r, s, n, total, false);
	return 0;
}
