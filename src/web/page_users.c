/*
 * page_users.c - user accounts and their role assignments.
 *
 * An installation-wide administrator sees every user; an administrator of a
 * part of the tree lists the users holding a role there, finds anyone else
 * only by the exact user name (to grant them a first role), and sees the
 * e-mail address only of the former (user_viewer(), user_get_as()). Only an
 * installation-wide administrator creates accounts, edits them and sets
 * passwords (the routes say so with SCOPE_INSTALLATION). Roles are granted
 * and removed by an administrator of the unit concerned: the grant form
 * offers only the units the viewer administers, and a remove button is
 * shown only where the viewer may use it; the router checks the rule
 * through the routes' scopes (the unit_id field, grant_scope) and
 * grant_add() again inside its transaction. The edit form carries the
 * version the viewer saw; when someone else saved first the form comes
 * back with what the viewer typed and the other version beside it.
 *
 * The user routes that are not installation-wide (a user's page, granting
 * a role) are open to an administrator of any unit, so they read the user
 * themselves: once, when they show it.
 */
#include <inttypes.h>
#include <string.h>

#include "core/arena.h"
#include "core/str.h"
#include "domain/unit.h"
#include "domain/user.h"
#include "web/layout.h"
#include "web/page_role_suggestions.h"
#include "web/page_users.h"
#include "web/widgets.h"

#define USERS_PAGE 50

static const char *const lang_values[] = { "sv", "en" };
static const char *const lang_names[] = { "Svenska", "English" };

static const char *const state_values[] = { "all", "active", "inactive" };
static const char *const state_labels[] = { N_("All users"), N_("Active users"), N_("Inactive users") };

static const char *query_get(void *ctx, const char *name)
{
	return req_query(ctx, name);
}

static const char *user_path(struct req *r, int64_t id, const char *tail)
{
	return arena_printf(r->arena, "/users/%" PRId64 "%s", id, tail);
}

int page_users(struct req *r)
{
	struct user_filter f;
	struct user *users;
	size_t n;
	int64_t total = 0;
	const char *state;
	struct html *h;
	struct db *db;
	int rc;

	user_filter_init(&f);
	if ((rc = user_filter_parse(&f, query_get, r, &r->err)))
		return rc;
	if (!(db = req_db(r)))
		return r->err.code;
	state = f.active == 1 ? "active" : f.active == 0 ? "inactive" : "all";
	page_paging(r, USERS_PAGE, &f.limit, &f.offset);
	f.viewer_id = user_viewer(r->auth);
	if ((rc = user_list(db, r->arena, &f, &users, &n, &total, &r->err)))
		return rc;

	h = page_begin(r, tr(r->lang, "Users"));
	page_h1(h, N_("Users"));
	page_flash(h, r);
	HTML_LIT(h, "<form class=\"filters\" method=\"get\" action=\"/users\" role=\"search\">");
	form_input(h, r, "search", "q", "Search by user name, name or e-mail", f.q, false, NULL, NULL);
	if (f.viewer_id) {
		HTML_LIT(h, "<p class=\"hint\">");
		html_tr(h,
			"You see the users who hold a role in your units. Find anyone else by their exact user name.");
		HTML_LIT(h, "</p>");
	}
	form_select(h, r, "state", "Show", state_values, state_labels, 3, state, true, NULL);
	form_submit(h, "Search", true);
	HTML_LIT(h, "</form>");
	if (authz_global(r->auth, ACCESS_ADMIN)) {
		HTML_LIT(h, "<p><a class=\"button\" href=\"/users/new\">");
		html_tr(h, "New user");
		HTML_LIT(h, "</a></p>");
	}
	if (n == 0) {
		HTML_LIT(h, "<p>");
		html_tr(h, f.q || f.active >= 0 ? N_("No user matches the search.") : N_("There are no users."));
		HTML_LIT(h, "</p>");
	} else {
		HTML_LIT(h, "<table><caption class=\"sr-only\">");
		html_tr(h, "Users");
		HTML_LIT(h, "</caption>");
		table_head(h, (const char *const[]){ N_("User name"), N_("Name"), N_("E-mail"), N_("Active"), NULL });
		for (size_t i = 0; i < n; i++) {
			HTML_LIT(h, "<tr><td>");
			link_record(h, "user", users[i].id, users[i].username);
			HTML_LIT(h, "</td><td>");
			html_text(h, users[i].display_name);
			HTML_LIT(h, "</td><td>");
			html_text(h, users[i].email);
			HTML_LIT(h, "</td><td>");
			html_tr(h, users[i].active ? N_("Yes") : N_("No"));
			HTML_LIT(h, "</td></tr>");
		}
		table_close(h);
	}
	page_pager(h, r, url_keep(r, "/users", user_filter_args), f.offset, f.limit, total);
	page_end(r, h);
	return 0;
}

/* --- creating --- */

static int new_form(struct req *r, const void *ctx, const struct err *e)
{
	const struct user_input *in = ctx;
	struct html *h = page_begin(r, tr(r->lang, "New user"));
	HTML_LIT(h, "<p class=\"crumbs\"><a href=\"/users\">");
	html_tr(h, "Users");
	HTML_LIT(h, "</a></p><h1>");
	html_tr(h, "New user");
	HTML_LIT(h, "</h1>");
	form_errors(h, r, e);
	form_open(h, r, "/users");
	form_input(h, r, "text", "username", "User name", in->username, true, "off", e);
	form_text(h, r, "display_name", "Name", in->display_name, true, e);
	form_input(h, r, "email", "email", "E-mail", in->email, false, "off", e);
	form_select(h, r, "lang", "Language", lang_values, lang_names, 2, in->lang ? in->lang : "sv", false, e);
	form_input(h, r, "password", "password", "Password", NULL, true, "new-password", e);
	form_input(h, r, "password", "password2", "Repeat the password", NULL, true, "new-password", e);
	HTML_LIT(h, "<p>");
	html_tr(h, "The password must be at least 10 characters long.");
	HTML_LIT(h, "</p>");
	form_submit(h, "Create", false);
	form_close(h);
	page_end(r, h);
	return 0;
}

int page_user_new(struct req *r)
{
	struct user_input in = { 0 };
	in.lang = "sv";
	return new_form(r, &in, NULL);
}

/* The two password fields must match; the error names "password2". */
static int passwords_match(const char *pw, const char *pw2, struct err *e)
{
	if (!pw || !pw2 || strcmp(pw, pw2) != 0)
		return err_set(e, ERR_INVALID, "password2", N_("The two passwords do not match."));
	return 0;
}

/* A name already taken, a role already held: a conflict with what is stored (409). */
static int exists_is_conflict(int rc)
{
	return rc == ERR_EXISTS ? ERR_CONFLICT : rc;
}

int page_user_create(struct req *r)
{
	struct user_input in = { 0 };
	const char *pw = req_form(r, "password");
	struct err e = { 0 };
	int64_t id = 0;
	struct db *db;
	int rc;

	in.username = req_form(r, "username");
	in.display_name = req_form(r, "display_name");
	in.email = req_form(r, "email");
	in.lang = req_form(r, "lang");
	in.active = true;
	if (!(db = req_db(r)))
		return r->err.code;
	rc = passwords_match(pw, req_form(r, "password2"), &e);
	if (!rc)
		rc = user_create(db, r->arena, r->auth, &in, pw, &id, &e);
	return page_saved(r, exists_is_conflict(rc), &e, user_path(r, id, "?msg=created"), new_form, &in);
}

/* --- one user --- */

/* What a re-rendered user page keeps: typed values, the other person's version, the grant being made. */
struct user_view {
	const struct user *u;        /* the user shown (NULL: read it) */
	int64_t id;                  /* the user's id, when @u is NULL */
	const struct user_input *in; /* values for the edit form (NULL: the stored ones) */
	int64_t version;             /* version for the edit form */
	const struct user *theirs;   /* after a conflict: the stored version */
	int64_t grant_unit;          /* preselected in the grant form */
	const char *grant_role;
};

static const char *lang_name(const char *code)
{
	return code && !strcmp(code, "en") ? "English" : "Svenska";
}

static void user_details(struct html *h, struct req *r, const struct user *u)
{
	HTML_LIT(h, "<dl class=\"details\">");
	detail_row(h, "User name", u->username);
	detail_row(h, "Name", u->display_name);
	detail_row(h, "E-mail", u->email);
	detail_row(h, "Language", lang_name(u->lang));
	detail_row(h, "Active", tr(r->lang, u->active ? N_("Yes") : N_("No")));
	time_row(h, N_("Created"), u->created_at);
	time_row(h, N_("Last changed"), u->updated_at);
	time_row(h, N_("Password last set"), u->password_changed_at);
	HTML_LIT(h, "</dl>");
}

static void theirs(struct html *h, struct req *r, const struct user *cur)
{
	HTML_LIT(h, "<section class=\"theirs\" aria-labelledby=\"theirs-h\"><h3 id=\"theirs-h\">");
	html_tr(h, "The version saved by someone else");
	HTML_LIT(h, "</h3><dl class=\"details\">");
	detail_row(h, "Name", cur->display_name);
	detail_row(h, "E-mail", cur->email);
	detail_row(h, "Language", lang_name(cur->lang));
	detail_row(h, "Active", tr(r->lang, cur->active ? N_("Yes") : N_("No")));
	HTML_LIT(h, "</dl></section>");
}

static void edit_form(struct html *h, struct req *r, const struct user *u, const struct user_view *v,
		      const struct err *e)
{
	struct user_input stored = user_input_of(u);
	const struct user_input *in = v->in ? v->in : &stored;

	HTML_LIT(h, "<h2>");
	html_tr(h, "Change details");
	HTML_LIT(h, "</h2>");
	if (v->theirs)
		theirs(h, r, v->theirs);
	form_open(h, r, user_path(r, u->id, "/edit"));
	form_hidden_int(h, "version", v->in ? v->version : u->version);
	form_text(h, r, "display_name", "Name", in->display_name, true, e);
	form_input(h, r, "email", "email", "E-mail", in->email, false, "off", e);
	form_select(h, r, "lang", "Language", lang_values, lang_names, 2, in->lang, false, e);
	form_checkbox(h, r, "active", "Active (may sign in)", in->active);
	form_submit(h, "Save", false);
	form_close(h);
}

static void password_form(struct html *h, struct req *r, const struct user *u, const struct err *e)
{
	HTML_LIT(h, "<h2>");
	html_tr(h, "Set a new password");
	HTML_LIT(h, "</h2><p>");
	html_tr(h,
		"The user's sessions end and their API tokens are revoked when the password is set. The password must be at least 10 characters long.");
	HTML_LIT(h, "</p>");
	form_open(h, r, user_path(r, u->id, "/password"));
	form_input(h, r, "password", "password", "New password", NULL, true, "new-password", e);
	form_input(h, r, "password", "password2", "Repeat the new password", NULL, true, "new-password", e);
	form_submit(h, "Set password", false);
	form_close(h);
}

/* Where a grant holds: a link to its unit, or the whole installation. */
static void grant_where(struct html *h, const struct role_grant *g, bool link)
{
	if (!g->unit_id)
		html_tr(h, "The whole installation");
	else if (link)
		link_record(h, "unit", g->unit_id, g->unit_name);
	else
		html_text(h, g->unit_name);
}

static void grants_table(struct html *h, struct req *r, const struct role_grant *g, size_t n)
{
	size_t shown = 0;

	HTML_LIT(h, "<h2>");
	html_tr(h, "Roles");
	HTML_LIT(h, "</h2>");
	for (size_t i = 0; i < n; i++)
		shown += grant_visible(r->auth, &g[i]);
	if (shown == 0) {
		HTML_LIT(h, "<p>");
		html_tr(h, "The user has no roles that you can see.");
		HTML_LIT(h, "</p>");
		return;
	}
	HTML_LIT(h, "<table><caption class=\"sr-only\">");
	html_tr(h, "Roles");
	HTML_LIT(h, "</caption><thead><tr><th scope=\"col\">");
	html_tr(h, "Applies to");
	HTML_LIT(h, "</th><th scope=\"col\">");
	html_tr(h, "Role");
	HTML_LIT(h, "</th><th scope=\"col\">");
	html_tr(h, "Granted");
	HTML_LIT(h, "</th><th scope=\"col\"><span class=\"sr-only\">");
	html_tr(h, "Actions");
	HTML_LIT(h, "</span></th></tr></thead><tbody>");
	for (size_t i = 0; i < n; i++) {
		const char *label = role_label(role_parse(g[i].role));
		if (!grant_visible(r->auth, &g[i]))
			continue;
		HTML_LIT(h, "<tr><td>");
		grant_where(h, &g[i], true);
		HTML_LIT(h, "</td><td>");
		html_tr(h, label);
		HTML_LIT(h, "</td><td>");
		html_time(h, g[i].created_at);
		HTML_LIT(h, "</td><td>");
		if (grant_may_remove(r->auth, &g[i])) {
			form_open(h, r, arena_printf(r->arena, "/roles/%" PRId64 "/delete", g[i].id));
			HTML_LIT(h, "<button type=\"submit\" class=\"secondary\">");
			html_tr(h, "Remove");
			HTML_LIT(h, "<span class=\"sr-only\"> ");
			html_tr(h, label);
			HTML_LIT(h, ", ");
			grant_where(h, &g[i], false);
			HTML_LIT(h, "</span></button>");
			form_close(h);
		}
		HTML_LIT(h, "</td></tr>");
	}
	table_close(h);
}

/* Units where the signed-in user may grant a role. */
static bool may_grant_in(struct req *r, const struct unit *u, const void *ctx)
{
	(void)ctx;
	return authz_in_scope(r->auth, ACCESS_ADMIN, u->path);
}

static int grant_form(struct html *h, struct req *r, struct db *db, const struct user *u, const struct user_view *v,
		      const struct err *e)
{
	const char *roles[ROLE_COUNT], *role_labels[ROLE_COUNT];
	size_t n_roles = 0;
	struct picker units = { 0 };
	int rc;

	/* The whole installation first, for an administrator of it. */
	if ((rc = picker_units(r, db, authz_global(r->auth, ACCESS_ADMIN) ? N_("The whole installation") : NULL,
			       may_grant_in, NULL, &units)))
		return rc;
	for (int i = ROLE_ADMIN; i < ROLE_COUNT; i++) {
		roles[n_roles] = role_name((enum role)i);
		role_labels[n_roles] = role_label((enum role)i);
		n_roles++;
	}
	HTML_LIT(h, "<h2>");
	html_tr(h, "Grant a role");
	HTML_LIT(h, "</h2>");
	if (units.n == 0) {
		HTML_LIT(h, "<p>");
		html_tr(h, "You administer no unit where a role could be granted.");
		HTML_LIT(h, "</p>");
		return 0;
	}
	HTML_LIT(h, "<p>");
	html_tr(h, "A role holds on the chosen unit and every unit below it.");
	HTML_LIT(h, "</p>");
	form_open(h, r, user_path(r, u->id, "/roles"));
	form_picker(h, r, "unit_id", "Where", &units, v->grant_unit, e);
	form_select(h, r, "role", "Role", roles, role_labels, n_roles, v->grant_role, true, e);
	form_submit(h, "Grant role", false);
	form_close(h);
	return 0;
}

/* The user's page, with the forms the viewer may use; @e is the problem of the form just sent. */
static int user_page(struct req *r, const void *ctx, const struct err *e)
{
	const struct user_view *v = ctx;
	struct role_grant *grants;
	size_t n_grants;
	struct user read, shown;
	struct html *h;
	struct db *db;
	int rc;

	if (!(db = req_db(r)))
		return r->err.code;
	if (!v->u && (rc = user_get(db, r->arena, v->id, &read, &r->err)))
		return rc;
	shown = v->u ? *v->u : read;
	if ((rc = user_grants(db, r->arena, shown.id, &grants, &n_grants, &r->err)) ||
	    (rc = user_seen_by(db, r->arena, r->auth, &shown, &r->err)))
		return rc;
	h = page_begin(r, shown.display_name && *shown.display_name ? shown.display_name : shown.username);
	HTML_LIT(h, "<p class=\"crumbs\"><a href=\"/users\">");
	html_tr(h, "Users");
	HTML_LIT(h, "</a></p><h1>");
	html_text(h, shown.display_name && *shown.display_name ? shown.display_name : shown.username);
	HTML_LIT(h, "</h1>");
	page_flash(h, r);
	form_errors(h, r, e);
	user_details(h, r, &shown);
	grants_table(h, r, grants, n_grants);
	if ((rc = role_suggestion_section(h, r, db, shown.id)) || (rc = grant_form(h, r, db, &shown, v, e)))
		return rc;
	if (authz_global(r->auth, ACCESS_ADMIN)) {
		edit_form(h, r, &shown, v, e);
		password_form(h, r, &shown, e);
	}
	page_end(r, h);
	return 0;
}

int page_user(struct req *r)
{
	struct user_view v = { .id = req_arg_id(r, 0) };
	return user_page(r, &v, NULL);
}

int page_user_update(struct req *r)
{
	const char *active = req_form(r, "active");
	struct user_input in = { 0 };
	struct user before, cur = { 0 };
	struct user_view v = { 0 };
	struct err e = { 0 };
	struct db *db;
	int rc;

	if (!(db = req_db(r)))
		return r->err.code;
	if ((rc = user_get(db, r->arena, req_arg_id(r, 0), &before, &r->err)))
		return rc;
	in.display_name = req_form(r, "display_name");
	in.email = req_form(r, "email");
	in.lang = req_form(r, "lang");
	in.active = active && !strcmp(active, "1");
	v.u = &before;
	v.in = &in;
	v.version = form_int(r, "version", -1);
	rc = user_update(db, r->arena, r->auth, &before, v.version, &in, &cur, &e);
	/* After a conflict the form carries the current version, so saving again is a deliberate overwrite. */
	if (rc == ERR_CONFLICT && cur.id) {
		v.u = v.theirs = &cur;
		v.version = cur.version;
	}
	return page_saved(r, rc, &e, user_path(r, before.id, "?msg=saved"), user_page, &v);
}

int page_user_password(struct req *r)
{
	int64_t id = req_arg_id(r, 0);
	struct user_view v = { .id = id };
	const char *pw = req_form(r, "password");
	struct err e = { 0 };
	int n_revoked = 0;
	struct db *db;
	int rc;

	if (!(db = req_db(r)))
		return r->err.code;
	rc = passwords_match(pw, req_form(r, "password2"), &e);
	/* Setting one's own password here keeps the session it is done from. */
	if (!rc)
		rc = user_set_password(db, r->arena, r->auth, id, pw, id == r->auth->user_id ? r->auth->session_id : 0,
				       &n_revoked, &e);
	return page_saved(r, rc, &e, user_path(r, id, n_revoked ? "?msg=password-tokens" : "?msg=password"), user_page,
			  &v);
}

int page_user_grant(struct req *r)
{
	int64_t id = req_arg_id(r, 0);
	struct user_view v = { .id = id, .grant_unit = form_int(r, "unit_id", 0), .grant_role = req_form(r, "role") };
	struct err e = { 0 };
	struct db *db;
	int rc;

	if (!(db = req_db(r)))
		return r->err.code;
	rc = grant_add(db, r->arena, r->auth, id, v.grant_unit, v.grant_role, NULL, &e);
	return page_saved(r, exists_is_conflict(rc), &e, user_path(r, id, "?msg=granted"), user_page, &v);
}

int page_grant_delete(struct req *r)
{
	const struct role_grant *g = scope_record(&r->scope, "role_grant");
	struct user_view v = { .id = g->user_id };
	struct err e = { 0 };
	struct db *db;
	int rc;

	if (!(db = req_db(r)))
		return r->err.code;
	rc = grant_remove(db, r->arena, r->auth, g, &e);
	e.field = NULL; /* the message is about the removed row, not a form control */
	return page_saved(r, rc, &e, user_path(r, g->user_id, "?msg=revoked"), user_page, &v);
}
