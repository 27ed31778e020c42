/*
 * page_users.c - user accounts and their role assignments.
 *
 * An installation-wide administrator sees every user; an administrator of a
 * part of the tree lists the users holding a role there, finds anyone else
 * only by the exact user name (to grant them a first role), and sees the
 * e-mail address only of the former. Only an installation-wide
 * administrator creates accounts, edits them and sets passwords (the routes
 * say so with SCOPE_INSTALLATION). Roles are granted
 * and removed by an administrator of the unit concerned: the grant form
 * offers only the units the viewer administers, and a remove button is
 * shown only where the viewer may use it; the router checks the same rule
 * again through the routes' scopes (the unit_id field, grant_scope). The edit form
 * carries the version the viewer saw; when someone else saved first the
 * form comes back with what the viewer typed and the other version beside it.
 */
#include <inttypes.h>
#include <string.h>

#include "core/arena.h"
#include "core/str.h"
#include "domain/unit.h"
#include "domain/user.h"
#include "web/layout.h"
#include "web/page_users.h"

#define USERS_PAGE  50
#define UNITS_LIMIT 1000

static const char *const lang_values[] = { "sv", "en" };
static const char *const lang_names[] = { "Svenska", "English" };

static const char *const state_values[] = { "all", "active", "inactive" };
static const char *const state_labels[] = { N_("All users"), N_("Active users"), N_("Inactive users") };

/* Append "?key=value" or "&key=value" to @u, percent-encoding the value; skips empty values. */
static void url_arg(struct html *u, const char *key, const char *val)
{
	if (!val || !*val)
		return;
	if (strchr(u->b.data, '?'))
		HTML_LIT(u, "&");
	else
		HTML_LIT(u, "?");
	html_url_arg(u, key);
	HTML_LIT(u, "=");
	html_url_arg(u, val);
}

static const char *nonempty(const char *s)
{
	return s && *s ? s : NULL;
}

int page_users(struct req *r)
{
	struct user_filter f = { 0 };
	struct user *users;
	size_t n;
	int64_t total = 0;
	const char *state = req_query(r, "state");
	struct html *h, base;
	struct db *db;
	int rc;

	if (!(db = req_db(r)))
		return r->err.code;
	f.q = nonempty(req_query(r, "q"));
	if (state && !strcmp(state, "active"))
		f.active = 1;
	else if (state && !strcmp(state, "inactive"))
		f.active = 0;
	else {
		f.active = -1;
		state = "all";
	}
	f.limit = query_int(r, "limit", USERS_PAGE);
	if (f.limit < 1 || f.limit > 500)
		f.limit = USERS_PAGE;
	f.offset = query_int(r, "offset", 0);
	if (f.offset < 0)
		f.offset = 0;
	f.viewer_id = authz_global(r->auth, ACCESS_ADMIN) ? 0 : r->auth->user_id;
	rc = user_list(db, r->arena, &f, &users, &n, &total, &r->err);
	if (rc)
		return rc;

	h = page_begin(r, tr(r->lang, "Users"));
	HTML_LIT(h, "<h1>");
	html_tr(h, "Users");
	HTML_LIT(h, "</h1>");
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
		HTML_LIT(h, "</caption><thead><tr><th scope=\"col\">");
		html_tr(h, "User name");
		HTML_LIT(h, "</th><th scope=\"col\">");
		html_tr(h, "Name");
		HTML_LIT(h, "</th><th scope=\"col\">");
		html_tr(h, "E-mail");
		HTML_LIT(h, "</th><th scope=\"col\">");
		html_tr(h, "Active");
		HTML_LIT(h, "</th></tr></thead><tbody>");
		for (size_t i = 0; i < n; i++) {
			HTML_LIT(h, "<tr><td>");
			link_user(h, users[i].id, users[i].username);
			HTML_LIT(h, "</td><td>");
			html_text(h, users[i].display_name);
			HTML_LIT(h, "</td><td>");
			html_text(h, users[i].email);
			HTML_LIT(h, "</td><td>");
			html_tr(h, users[i].active ? N_("Yes") : N_("No"));
			HTML_LIT(h, "</td></tr>");
		}
		HTML_LIT(h, "</tbody></table>");
	}
	html_init(&base, r->arena, r->lang);
	HTML_LIT(&base, "/users");
	url_arg(&base, "q", f.q);
	if (f.active >= 0)
		url_arg(&base, "state", state);
	page_pager(h, r, buf_cstr(&base.b), f.offset, f.limit, total);
	page_end(r, h);
	return 0;
}

/* --- creating --- */

static void new_form(struct req *r, const struct user_input *in, const struct err *e)
{
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
}

int page_user_new(struct req *r)
{
	struct user_input in = { 0 };
	in.lang = "sv";
	new_form(r, &in, NULL);
	return 0;
}

/* The two password fields must match; the error names "password2". */
static int passwords_match(const char *pw, const char *pw2, struct err *e)
{
	if (!pw || !pw2 || strcmp(pw, pw2) != 0)
		return err_set(e, ERR_INVALID, "password2", N_("The two passwords do not match."));
	return 0;
}

int page_user_create(struct req *r)
{
	struct user_input in = { 0 };
	const char *pw = req_form(r, "password");
	struct err e = { 0 };
	int64_t id;
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
	if (rc == ERR_INVALID || rc == ERR_EXISTS) {
		r->resp.status = rc == ERR_EXISTS ? 409 : 400;
		new_form(r, &in, &e);
		return 0;
	}
	if (rc) {
		r->err = e;
		return rc;
	}
	return resp_redirect(r, arena_printf(r->arena, "/users/%" PRId64 "?msg=created", id));
}

/* --- one user --- */

/* What a re-rendered user page keeps: typed values, the error, the other person's version. */
struct user_view {
	const struct user_input *in; /* values for the edit form (NULL: the stored ones) */
	int64_t version;             /* version for the edit form */
	const struct user *theirs;   /* after a conflict: the stored version */
	const struct err *e;
	int64_t grant_unit; /* preselected in the grant form */
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

static void edit_form(struct html *h, struct req *r, const struct user *u, const struct user_view *v)
{
	struct user_input stored = { u->username, u->display_name, u->email, u->lang, u->active };
	const struct user_input *in = v->in ? v->in : &stored;

	HTML_LIT(h, "<h2>");
	html_tr(h, "Change details");
	HTML_LIT(h, "</h2>");
	if (v->theirs)
		theirs(h, r, v->theirs);
	form_open(h, r, arena_printf(r->arena, "/users/%" PRId64 "/edit", u->id));
	form_hidden_int(h, "version", v->in ? v->version : u->version);
	form_text(h, r, "display_name", "Name", in->display_name, true, v->e);
	form_input(h, r, "email", "email", "E-mail", in->email, false, "off", v->e);
	form_select(h, r, "lang", "Language", lang_values, lang_names, 2, in->lang, false, v->e);
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
	form_open(h, r, arena_printf(r->arena, "/users/%" PRId64 "/password", u->id));
	form_input(h, r, "password", "password", "New password", NULL, true, "new-password", e);
	form_input(h, r, "password", "password2", "Repeat the new password", NULL, true, "new-password", e);
	form_submit(h, "Set password", false);
	form_close(h);
}

static bool may_remove(const struct req *r, const struct role_grant *g)
{
	return g->unit_id == 0 ? authz_global(r->auth, ACCESS_ADMIN)
			       : authz_in_scope(r->auth, ACCESS_ADMIN, g->unit_path);
}

static bool grant_visible(const struct req *r, const struct role_grant *g)
{
	return g->unit_id == 0 || authz_in_scope(r->auth, ACCESS_READ, g->unit_path);
}

static void grants_table(struct html *h, struct req *r, const struct role_grant *g, size_t n)
{
	size_t shown = 0;

	HTML_LIT(h, "<h2>");
	html_tr(h, "Roles");
	HTML_LIT(h, "</h2>");
	for (size_t i = 0; i < n; i++)
		shown += grant_visible(r, &g[i]);
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
		if (!grant_visible(r, &g[i]))
			continue;
		HTML_LIT(h, "<tr><td>");
		if (g[i].unit_id)
			link_unit(h, g[i].unit_id, g[i].unit_name);
		else
			html_tr(h, "The whole installation");
		HTML_LIT(h, "</td><td>");
		html_tr(h, role_label(g[i].role));
		HTML_LIT(h, "</td><td>");
		html_time(h, g[i].created_at);
		HTML_LIT(h, "</td><td>");
		if (may_remove(r, &g[i])) {
			form_open(h, r, arena_printf(r->arena, "/roles/%" PRId64 "/delete", g[i].id));
			HTML_LIT(h, "<button type=\"submit\" class=\"secondary\">");
			html_tr(h, "Remove");
			HTML_LIT(h, "<span class=\"sr-only\"> ");
			html_tr(h, role_label(g[i].role));
			HTML_LIT(h, ", ");
			if (g[i].unit_id)
				html_text(h, g[i].unit_name);
			else
				html_tr(h, "The whole installation");
			HTML_LIT(h, "</span></button>");
			form_close(h);
		}
		HTML_LIT(h, "</td></tr>");
	}
	HTML_LIT(h, "</tbody></table>");
}

static int grant_form(struct html *h, struct req *r, const struct user *u, const struct user_view *v)
{
	struct unit_filter f = { 0 };
	struct unit *units;
	size_t n, k = 0;
	const char **values, **labels, *sel = NULL;
	const char *roles[ROLE_COUNT], *role_labels[ROLE_COUNT];
	size_t n_roles = 0;
	struct db *db;
	int rc;

	if (!(db = req_db(r)))
		return r->err.code;
	f.viewer_id = r->auth->user_id;
	f.limit = UNITS_LIMIT;
	rc = unit_list(db, r->arena, &f, &units, &n, NULL, &r->err);
	if (rc)
		return rc;
	values = arena_calloc(r->arena, n + 1, sizeof(char *));
	labels = arena_calloc(r->arena, n + 1, sizeof(char *));
	if (authz_global(r->auth, ACCESS_ADMIN)) {
		values[k] = "0";
		labels[k] = tr(r->lang, "The whole installation");
		k++;
	}
	for (size_t i = 0; i < n; i++) {
		if (!authz_in_scope(r->auth, ACCESS_ADMIN, units[i].path))
			continue;
		values[k] = arena_printf(r->arena, "%" PRId64, units[i].id);
		labels[k] = units[i].parent_name
				    ? arena_printf(r->arena, "%s (%s)", units[i].name, units[i].parent_name)
				    : units[i].name;
		if (v->grant_unit && units[i].id == v->grant_unit)
			sel = values[k];
		k++;
	}
	for (int i = ROLE_ADMIN; i < ROLE_COUNT; i++) {
		roles[n_roles] = role_name((enum role)i);
		role_labels[n_roles] = role_label((enum role)i);
		n_roles++;
	}
	HTML_LIT(h, "<h2>");
	html_tr(h, "Grant a role");
	HTML_LIT(h, "</h2>");
	if (k == 0) {
		HTML_LIT(h, "<p>");
		html_tr(h, "You administer no unit where a role could be granted.");
		HTML_LIT(h, "</p>");
		return 0;
	}
	HTML_LIT(h, "<p>");
	html_tr(h, "A role holds on the chosen unit and every unit below it.");
	HTML_LIT(h, "</p>");
	form_open(h, r, arena_printf(r->arena, "/users/%" PRId64 "/roles", u->id));
	form_select(h, r, "unit_id", "Where", values, labels, k, sel, false, v->e);
	form_select(h, r, "role", "Role", roles, role_labels, n_roles, v->grant_role, true, v->e);
	form_submit(h, "Grant role", false);
	form_close(h);
	return 0;
}

static int user_page(struct req *r, const struct user *u, const struct user_view *v)
{
	struct role_grant *grants;
	size_t n_grants;
	bool global = authz_global(r->auth, ACCESS_ADMIN), in_scope;
	struct user shown = *u;
	struct html *h;
	struct db *db;
	int rc;

	if (!(db = req_db(r)))
		return r->err.code;
	rc = user_grants(db, r->arena, u->id, &grants, &n_grants, &r->err);
	if (!rc)
		rc = user_in_scope(db, r->arena, global ? 0 : r->auth->user_id, u->id, &in_scope, &r->err);
	if (rc)
		return rc;
	if (!in_scope)
		shown.email = "";
	h = page_begin(r, u->display_name && *u->display_name ? u->display_name : u->username);
	HTML_LIT(h, "<p class=\"crumbs\"><a href=\"/users\">");
	html_tr(h, "Users");
	HTML_LIT(h, "</a></p><h1>");
	html_text(h, u->display_name && *u->display_name ? u->display_name : u->username);
	HTML_LIT(h, "</h1>");
	page_flash(h, r);
	form_errors(h, r, v->e);
	user_details(h, r, &shown);
	grants_table(h, r, grants, n_grants);
	rc = grant_form(h, r, u, v);
	if (rc)
		return rc;
	if (global) {
		edit_form(h, r, u, v);
		password_form(h, r, u, v->e);
	}
	page_end(r, h);
	return 0;
}

int page_user(struct req *r)
{
	struct user u;
	struct user_view v = { 0 };
	struct db *db;
	int rc;

	if (!(db = req_db(r)))
		return r->err.code;
	if ((rc = user_get(db, r->arena, req_arg_id(r, 0), &u, &r->err)))
		return rc;
	return user_page(r, &u, &v);
}

int page_user_update(struct req *r)
{
	struct user_input in = { 0 };
	struct user u, cur = { 0 };
	struct user_view v = { 0 };
	struct err e = { 0 };
	const char *active = req_form(r, "active");
	int64_t id = req_arg_id(r, 0);
	struct db *db;
	int rc;

	if (!(db = req_db(r)))
		return r->err.code;
	in.display_name = req_form(r, "display_name");
	in.email = req_form(r, "email");
	in.lang = req_form(r, "lang");
	in.active = active && !strcmp(active, "1");
	v.version = form_int(r, "version", -1);
	rc = user_update(db, r->arena, r->auth, id, v.version, &in, &cur, &e);
	if (rc == 0)
		return resp_redirect(r, arena_printf(r->arena, "/users/%" PRId64 "?msg=saved", id));
	if (rc != ERR_INVALID && rc != ERR_CONFLICT) {
		r->err = e;
		return rc;
	}
	if (rc == ERR_CONFLICT && cur.id) {
		u = cur;
		/* The form now carries the current version, so saving again is a deliberate overwrite. */
		v.version = cur.version;
		v.theirs = &cur;
	} else if ((rc = user_get(db, r->arena, id, &u, &r->err))) {
		return rc;
	}
	r->resp.status = e.code == ERR_CONFLICT ? 409 : 400;
	v.in = &in;
	v.e = &e;
	return user_page(r, &u, &v);
}

int page_user_password(struct req *r)
{
	struct user u;
	struct user_view v = { 0 };
	struct err e = { 0 };
	const char *pw = req_form(r, "password");
	int64_t keep;
	int n_revoked = 0;
	struct db *db;
	int rc;

	if (!(db = req_db(r)))
		return r->err.code;
	if ((rc = user_get(db, r->arena, req_arg_id(r, 0), &u, &r->err)))
		return rc;
	/* Setting one's own password here keeps the session it is done from. */
	keep = u.id == r->auth->user_id ? r->auth->session_id : 0;
	rc = passwords_match(pw, req_form(r, "password2"), &e);
	if (!rc)
		rc = user_set_password(db, r->arena, r->auth, u.id, pw, keep, &n_revoked, &e);
	if (rc == 0)
		return resp_redirect(r, arena_printf(r->arena, "/users/%" PRId64 "?msg=%s", u.id,
						     n_revoked ? "password-tokens" : "password"));
	if (rc != ERR_INVALID) {
		r->err = e;
		return rc;
	}
	r->resp.status = 400;
	v.e = &e;
	return user_page(r, &u, &v);
}

int page_user_grant(struct req *r)
{
	struct user u;
	struct user_view v = { 0 };
	struct err e = { 0 };
	struct db *db;
	int rc;

	if (!(db = req_db(r)))
		return r->err.code;
	if ((rc = user_get(db, r->arena, req_arg_id(r, 0), &u, &r->err)))
		return rc;
	v.grant_unit = form_int(r, "unit_id", 0);
	v.grant_role = req_form(r, "role");
	rc = grant_add(db, r->arena, r->auth, u.id, v.grant_unit, v.grant_role, NULL, &e);
	if (rc == 0)
		return resp_redirect(r, arena_printf(r->arena, "/users/%" PRId64 "?msg=granted", u.id));
	if (rc != ERR_INVALID && rc != ERR_EXISTS) {
		r->err = e;
		return rc;
	}
	r->resp.status = rc == ERR_EXISTS ? 409 : 400;
	v.e = &e;
	return user_page(r, &u, &v);
}

int page_grant_delete(struct req *r)
{
	struct role_grant g;
	struct user u;
	struct user_view v = { 0 };
	struct err e = { 0 };
	struct db *db;
	int rc;

	if (!(db = req_db(r)))
		return r->err.code;
	if ((rc = grant_get(db, r->arena, req_arg_id(r, 0), &g, &r->err)))
		return rc;
	rc = grant_remove(db, r->arena, r->auth, g.id, &e);
	if (rc == 0)
		return resp_redirect(r, arena_printf(r->arena, "/users/%" PRId64 "?msg=revoked", g.user_id));
	if (rc != ERR_INVALID) {
		r->err = e;
		return rc;
	}
	if ((rc = user_get(db, r->arena, g.user_id, &u, &r->err)))
		return rc;
	e.field = NULL; /* the message is about the removed row, not a form control */
	r->resp.status = 400;
	v.e = &e;
	return user_page(r, &u, &v);
}
