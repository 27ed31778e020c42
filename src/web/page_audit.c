/*
 * page_audit.c - reading the audit trail: a filtered list and one entry.
 *
 * Administrators and auditors see the entries about units in their part of
 * the tree; entries that belong to no unit (accounts, tokens, sign-ins)
 * need an installation-wide grant. The list is limited by audit_list()'s
 * viewer filter; a single entry outside the viewer's scope answers 404, as
 * in the API. The filters travel in the query string, so a filtered list
 * can be bookmarked and paged; they are read by the domain's
 * audit_filter_parse(), as in the API, and the action may also be typed as
 * its label in the user's language. Pages follow each other by entry
 * number (?before= the oldest shown, ?after= the newest shown), so every
 * entry is on exactly one page however many are written meanwhile, and a
 * page costs the same at the end of a long trail as at its start; how
 * many match is counted up to AUDIT_COUNT_CAP and said as "more than"
 * beyond it. An entry's before and after snapshots are
 * stored JSON texts, shown pretty-printed side by side (parsed and written
 * by jansson, then escaped as text like everything else).
 */
#include <jansson.h>

#include <inttypes.h>
#include <string.h>

#include "core/arena.h"
#include "core/str.h"
#include "core/timeutil.h"
#include "core/zone.h"
#include "domain/audit.h"
#include "io/csvwrite.h"
#include "web/layout.h"
#include "web/page_audit.h"
#include "web/widgets.h"

#define AUDIT_PAGE 50

static const struct {
	const char *action, *msgid;
} action_labels[] = {
	{ "create", N_("created") },
	{ "update", N_("changed") },
	{ "move", N_("moved") },
	{ "delete", N_("removed") },
	{ "login", N_("signed in") },
	{ "revoke", N_("revoked") },
	{ "revoke_on_password", N_("revoked by a password change") },
	{ "renew", N_("renewed") },
	{ "set_password", N_("password set") },
	{ "set_language", N_("language changed") },
	{ "sign", N_("signed") },
	{ "flag_review", N_("flagged for review") },
	{ "activate", N_("activated") },
	{ "deactivate", N_("deactivated") },
	{ "link_action", N_("linked to an activity") },
	{ "rotate", N_("replaced") },
	{ "opinion", N_("opinion given") },
	{ "submit", N_("submitted") },
	{ "validate", N_("validated") },
	{ "send_back", N_("sent back") },
	{ "request_review", N_("review requested") },
	{ "refused", N_("refused") },
	{ "enable", N_("switched on") },
	{ "disable", N_("switched off") },
	{ "reset", N_("reset to passwords") },
	{ "second_factor_on", N_("two-factor sign-in turned on") },
	{ "second_factor_off", N_("two-factor sign-in turned off") },
	{ "second_factor_roles", N_("roles that need a second factor set") },
	{ "local_login", N_("password sign-in changed") },
	{ "directory_unit", N_("unit set from the staff directory") },
};

static void entity_text(struct html *h, const char *entity)
{
	const struct record_kind *k = record_kind_find(entity);
	if (k)
		html_tr(h, k->label);
	else
		html_text(h, entity);
}

/* The event in the reader's language, or as stored when it has no label. */
static const char *action_words(struct req *r, const char *action)
{
	for (size_t i = 0; action && i < sizeof(action_labels) / sizeof(action_labels[0]); i++)
		if (!strcmp(action, action_labels[i].action))
			return tr(r->lang, action_labels[i].msgid);
	return action ? action : "";
}

static void action_text(struct html *h, const char *action)
{
	for (size_t i = 0; action && i < sizeof(action_labels) / sizeof(action_labels[0]); i++) {
		if (!strcmp(action, action_labels[i].action)) {
			html_tr(h, action_labels[i].msgid);
			return;
		}
	}
	html_text(h, action);
}

/*
 * What the entry is about in words: its kind and the record's name from the
 * snapshot ("Informationstillgång Ekonomisystem Raindance"), linked to the
 * record's page where it has one, or its number when no name is kept. User
 * pages are for administrators only.
 */
static void entity_cell(struct html *h, struct req *r, const struct audit_entry *en)
{
	const char *name = en->entity_id ? audit_entry_name(r->arena, en) : NULL;
	const char *label = name ? name : arena_printf(r->arena, "%" PRId64, en->entity_id);

	entity_text(h, en->entity);
	if (!en->entity_id)
		return;
	HTML_LIT(h, " ");
	if (en->entity && !strcmp(en->entity, "user") && !authz_anywhere(r->auth, ACCESS_ADMIN))
		html_text(h, label);
	else
		link_record(h, en->entity, en->entity_id, label);
	if (name) {
		HTML_LIT(h, " <span class=\"kind\">(");
		html_int(h, en->entity_id);
		HTML_LIT(h, ")</span>");
	}
}

/* The stored action for what the user typed: the stored word itself or its label in their language. */
static const char *action_key(struct req *r, const char *typed)
{
	for (size_t i = 0; typed && i < sizeof(action_labels) / sizeof(action_labels[0]); i++)
		if (str_ieq(typed, action_labels[i].action) || str_ieq(typed, tr(r->lang, action_labels[i].msgid)))
			return action_labels[i].action;
	return typed;
}

/* A query argument without surrounding white space; NULL when missing or blank. */
static const char *query_text(struct req *r, const char *name)
{
	char *s = str_trim(arena_strdup(r->arena, req_query(r, name)));
	return s && *s ? s : NULL;
}

/* What the user typed into the filter form, to show it again. */
struct audit_form {
	const char *entity, *action, *actor, *from, *to;
	int64_t entity_id;
};

/* The filter's arguments as the page takes them: trimmed, an action also by its label. */
static const char *filter_get(void *ctx, const char *name)
{
	struct req *r = ctx;
	const char *v = query_text(r, name);
	return v && !strcmp(name, "action") ? action_key(r, v) : v;
}

static void filter_form(struct html *h, struct req *r, const struct audit_form *in, const struct err *e)
{
	enum { MAX_KINDS = 64 };
	const char *values[MAX_KINDS + 2], *labels[MAX_KINDS + 2];
	size_t n = 0;

	values[n] = "";
	labels[n++] = tr(r->lang, "Any");
	/* Every kind of record, once per label ("action" is an activity of earlier versions). */
	for (const struct record_kind *k = record_kinds; k->kind && n < MAX_KINDS; k++)
		if (strcmp(k->kind, "action") && strcmp(k->kind, "audit")) {
			values[n] = k->kind;
			labels[n++] = tr(r->lang, k->label);
		}
	/* A kind the list does not name stays selectable. */
	if (in->entity && !record_kind_find(in->entity)) {
		values[n] = in->entity;
		labels[n++] = in->entity;
	}
	HTML_LIT(h, "<form class=\"filters\" method=\"get\" action=\"/audit\" role=\"search\">");
	form_select(h, r, "entity", "Kind of record", values, labels, n, in->entity ? in->entity : "", false, e);
	form_text(h, r, "action", "Event", in->action, false, e);
	form_input(h, r, "text", "actor", "Done by (user name)", in->actor, false, "off", e);
	form_input(h, r, "date", "from", "From date", in->from, false, NULL, e);
	form_input(h, r, "date", "to", "To date", in->to, false, NULL, e);
	if (in->entity_id)
		form_hidden_int(h, "entity_id", in->entity_id);
	filters_close(h);
	if (in->entity_id) {
		HTML_LIT(h, "<p>");
		html_tr(h, "Only entries about record number");
		HTML_LIT(h, " ");
		html_int(h, in->entity_id);
		HTML_LIT(h, ". <a href=\"/audit\">");
		html_tr(h, "Show all entries");
		HTML_LIT(h, "</a></p>");
	}
}

static void entries_table(struct html *h, struct req *r, const struct audit_entry *en, size_t n)
{
	HTML_LIT(h, "<table><caption class=\"sr-only\">");
	html_tr(h, "Audit trail entries, newest first");
	HTML_LIT(h, "</caption>");
	table_head(h, (const char *const[]){ N_("Entry"), N_("Time"), N_("Done by"), N_("Record"), N_("Event"), NULL });
	for (size_t i = 0; i < n; i++) {
		HTML_LIT(h, "<tr><td>");
		link_record(h, "audit", en[i].id, arena_printf(r->arena, "%" PRId64, en[i].id));
		HTML_LIT(h, "</td><td>");
		html_time(h, en[i].at);
		HTML_LIT(h, "</td><td>");
		html_text(h, en[i].actor_name);
		HTML_LIT(h, "</td><td>");
		entity_cell(h, r, &en[i]);
		HTML_LIT(h, "</td><td>");
		action_text(h, en[i].action);
		HTML_LIT(h, "</td></tr>");
	}
	table_close(h);
}

/* @base with the filters of this request, limit= when not the default, and @key=@id. */
static const char *filtered_link(struct req *r, const char *base, int64_t limit, const char *key, int64_t id)
{
	struct url u;

	url_init(&u, r->arena, base);
	for (size_t i = 0; audit_filter_args[i]; i++)
		url_add(&u, audit_filter_args[i], req_query(r, audit_filter_args[i]));
	if (limit != AUDIT_PAGE)
		url_add_int(&u, "limit", limit);
	if (key)
		url_add_int(&u, key, id);
	return url_str(&u);
}

static const char *page_link(struct req *r, int64_t limit, const char *key, int64_t id)
{
	return filtered_link(r, "/audit", limit, key, id);
}

static void pager_link(struct html *h, const char *rel, const char *href, const char *label)
{
	HTML_LIT(h, "<a rel=\"");
	html_attr(h, rel);
	HTML_LIT(h, "\" href=\"");
	html_attr(h, href);
	HTML_LIT(h, "\">");
	html_tr(h, label);
	HTML_LIT(h, "</a> ");
}

/* How many match, and the links to the newest, newer and older entries. */
static void pager(struct html *h, struct req *r, const struct audit_filter *f, const struct audit_page *p)
{
	HTML_LIT(h, "<nav class=\"pager\" aria-label=\"");
	html_tr(h, "Pages");
	HTML_LIT(h, "\"><p>");
	html_tr(h, "Entries matching:");
	HTML_LIT(h, " ");
	if (!p->total_exact) {
		html_tr(h, "more than");
		HTML_LIT(h, " ");
	}
	html_int(h, p->total);
	HTML_LIT(h, "</p>");
	if (p->newer) {
		pager_link(h, "first", page_link(r, f->limit, NULL, 0), N_("Newest"));
		pager_link(h, "prev", page_link(r, f->limit, "after", p->newer), N_("Newer"));
	}
	if (p->older)
		pager_link(h, "next", page_link(r, f->limit, "before", p->older), N_("Older"));
	HTML_LIT(h, "</nav>");
}

int page_audit(struct req *r)
{
	struct audit_form in = { 0 };
	struct audit_filter f;
	struct audit_page p = { 0 };
	struct err e = { 0 };
	struct html *h;
	struct db *db;
	int64_t ignored;
	int rc;

	if (!(db = req_db(r)))
		return r->err.code;
	audit_filter_init(&f);
	rc = audit_filter_parse(&f, filter_get, r, &e);
	f.viewer_id = audit_viewer(r->auth);
	page_paging(r, AUDIT_PAGE, &f.limit, &ignored);
	if (!rc)
		rc = audit_list(db, r->arena, &f, &p, &e);
	if (rc && rc != ERR_INVALID) {
		r->err = e;
		return rc;
	}
	if (rc)
		r->resp.status = 400;
	in.entity = query_text(r, "entity");
	in.action = query_text(r, "action");
	in.actor = query_text(r, "actor");
	in.from = query_text(r, "from");
	in.to = query_text(r, "to");
	in.entity_id = f.entity_id;

	h = page_begin(r, tr(r->lang, "Audit trail"));
	HTML_LIT(h, "<h1>");
	html_tr(h, "Audit trail");
	HTML_LIT(h, "</h1><p>");
	html_tr(h, "Every change in Tillit is recorded here: who, when, what, before and after. "
		   "You see the entries within your roles.");
	HTML_LIT(h, "</p>");
	form_errors(h, r, &e);
	filter_form(h, r, &in, &e);
	if (e.code) {
		page_end(r, h);
		return 0;
	}
	if (p.n == 0) {
		HTML_LIT(h, "<p>");
		html_tr(h, "No entries match the filter.");
		HTML_LIT(h, "</p>");
	} else {
		entries_table(h, r, p.entries, p.n);
	}
	pager(h, r, &f, &p);
	if (p.n) {
		HTML_LIT(h, "<p><a href=\"");
		html_attr(h, filtered_link(r, "/audit/export.csv", AUDIT_PAGE, NULL, 0));
		HTML_LIT(h, "\" download>");
		html_tr(h, "Export the matching entries as CSV");
		HTML_LIT(h, "</a></p>");
	}
	page_end(r, h);
	return 0;
}

/* --- the trail as CSV, streamed a page at a time --- */

#define EXPORT_PAGE 500

struct audit_export {
	struct req *r;
	struct audit_filter f;
	struct csv_writer csv;
	bool begun, done;
};

static int export_next(void *ctx, struct db *db, struct arena *a, struct buf *out, struct err *e)
{
	struct audit_export *s = ctx;
	struct req *r = s->r;
	struct audit_page p = { 0 };
	int rc;

	if (!s->begun) {
		static const char *const heads[] = {
			N_("Entry"),  N_("Time"),   N_("Done by"), N_("Kind of record"),
			N_("Record"), N_("Number"), N_("Event"),   N_("Organisation unit")
		};
		s->begun = true;
		csv_writer_init(&s->csv, out, ';', true);
		for (size_t i = 0; i < sizeof(heads) / sizeof(heads[0]); i++)
			csv_writer_cell(&s->csv, tr(r->lang, heads[i]));
		csv_writer_end_row(&s->csv);
	}
	s->csv.b = out;
	if ((rc = audit_list(db, a, &s->f, &p, e)))
		return rc;
	for (size_t i = 0; i < p.n; i++) {
		const struct audit_entry *en = &p.entries[i];
		const struct record_kind *k = record_kind_find(en->entity);
		const char *name = en->entity_id ? audit_entry_name(a, en) : NULL;
		char num[24] = "", id[24], at[ZONE_LOCAL_LEN] = "";
		time_t t;

		snprintf(id, sizeof(id), "%" PRId64, en->id);
		if (en->at && time_parse_iso(en->at, &t))
			zone_format_local(t, at);
		if (en->entity_id)
			snprintf(num, sizeof(num), "%" PRId64, en->entity_id);
		const char *cells[] = { id,
					*at ? at : (en->at ? en->at : ""),
					en->actor_name ? en->actor_name : "",
					k ? tr(r->lang, k->label) : (en->entity ? en->entity : ""),
					name ? name : "",
					num,
					action_words(r, en->action),
					en->unit_id ? arena_printf(a, "%" PRId64, en->unit_id) : "" };
		csv_writer_row(&s->csv, cells, sizeof(cells) / sizeof(cells[0]));
	}
	if (!p.older || p.n == 0)
		return 0;
	s->f.before = p.older;
	s->f.after = 0;
	return 1;
}

int page_audit_export_csv(struct req *r)
{
	struct audit_export *s = arena_alloc(r->arena, sizeof(*s));
	struct db *db;
	int rc;

	memset(s, 0, sizeof(*s));
	s->r = r;
	if (!(db = req_db(r)))
		return r->err.code;
	audit_filter_init(&s->f);
	if ((rc = audit_filter_parse(&s->f, filter_get, r, &r->err)))
		return rc;
	s->f.viewer_id = audit_viewer(r->auth);
	s->f.limit = EXPORT_PAGE;
	/* The filter's errors are found before the answer begins: a user named who does not exist is a 400. */
	{
		struct audit_filter probe = s->f;
		struct audit_page p = { 0 };
		probe.limit = 1;
		if ((rc = audit_list(db, r->arena, &probe, &p, &r->err)))
			return rc;
	}
	resp_stream(r, export_next, s);
	r->resp.content_type = "text/csv; charset=utf-8";
	resp_header(r, "Content-Disposition",
		    arena_printf(r->arena, "attachment; filename=\"%s.csv\"", tr(r->lang, "audit-trail")));
	return 0;
}

/* @text pretty-printed when it is JSON, else as stored. Result lives in @a. */
static const char *pretty_json(struct arena *a, const char *text)
{
	const size_t flags = JSON_INDENT(2) | JSON_SORT_KEYS | JSON_ENCODE_ANY;
	json_t *v;
	size_t len;
	char *out;

	v = json_loads(text, JSON_DECODE_ANY, NULL);
	if (!v)
		return text;
	len = json_dumpb(v, NULL, 0, flags);
	if (len == 0) {
		json_decref(v);
		return text;
	}
	out = arena_alloc(a, len + 1);
	if (json_dumpb(v, out, len, flags) != len) {
		json_decref(v);
		return text;
	}
	out[len] = '\0';
	json_decref(v);
	return out;
}

static void snapshot_cell(struct html *h, struct req *r, const char *text)
{
	HTML_LIT(h, "<td>");
	if (text) {
		HTML_LIT(h, "<pre>");
		html_text(h, pretty_json(r->arena, text));
		HTML_LIT(h, "</pre>");
	} else {
		html_tr(h, "Nothing recorded.");
	}
	HTML_LIT(h, "</td>");
}

static void dt(struct html *h, const char *label)
{
	HTML_LIT(h, "<dt>");
	html_tr(h, label);
	HTML_LIT(h, "</dt><dd>");
}

int page_audit_entry(struct req *r)
{
	struct audit_entry en;
	struct html *h;
	const char *title;
	struct db *db;
	int rc;

	if (!(db = req_db(r)))
		return r->err.code;
	if ((rc = audit_get_visible(db, r->arena, r->auth, req_arg_id(r, 0), &en, &r->err)))
		return rc;

	title = arena_printf(r->arena, "%s %" PRId64, tr(r->lang, "Audit entry"), en.id);
	h = page_begin(r, title);
	HTML_LIT(h, "<p class=\"crumbs\"><a href=\"/audit\">");
	html_tr(h, "Audit trail");
	HTML_LIT(h, "</a></p><h1>");
	html_text(h, title);
	HTML_LIT(h, "</h1><dl class=\"details\">");
	dt(h, N_("Time"));
	html_time(h, en.at);
	HTML_LIT(h, "</dd>");
	dt(h, N_("Done by"));
	if (en.actor_id && authz_anywhere(r->auth, ACCESS_ADMIN))
		link_record(h, "user", en.actor_id, en.actor_name);
	else
		html_text(h, en.actor_name);
	HTML_LIT(h, "</dd>");
	dt(h, N_("Record"));
	entity_cell(h, r, &en);
	HTML_LIT(h, "</dd>");
	dt(h, N_("Event"));
	action_text(h, en.action);
	HTML_LIT(h, "</dd>");
	dt(h, N_("Organisation unit"));
	if (en.unit_name)
		link_record(h, "unit", en.unit_id, en.unit_name);
	else if (en.unit_id)
		html_int(h, en.unit_id);
	else
		html_tr(h, "None (the whole installation)");
	HTML_LIT(h, "</dd>");
	dt(h, N_("Hash"));
	HTML_LIT(h, "<code>");
	html_text(h, en.hash);
	HTML_LIT(h, "</code></dd>");
	dt(h, N_("Previous entry's hash"));
	HTML_LIT(h, "<code>");
	html_text(h, en.prev_hash);
	HTML_LIT(h, "</code></dd></dl>");
	if (en.entity && en.entity_id) {
		struct url about;
		url_init(&about, r->arena, "/audit");
		url_add(&about, "entity", en.entity);
		url_add_int(&about, "entity_id", en.entity_id);
		HTML_LIT(h, "<p><a href=\"");
		html_attr(h, url_str(&about));
		HTML_LIT(h, "\">");
		html_tr(h, "All entries about this record");
		HTML_LIT(h, "</a></p>");
	}

	HTML_LIT(h, "<h2>");
	html_tr(h, "Before and after");
	HTML_LIT(h, "</h2><table class=\"snapshots\"><caption class=\"sr-only\">");
	html_tr(h, "The record before and after the change");
	HTML_LIT(h, "</caption><thead><tr><th scope=\"col\">");
	html_tr(h, "Before");
	HTML_LIT(h, "</th><th scope=\"col\">");
	html_tr(h, "After");
	HTML_LIT(h, "</th></tr></thead><tbody><tr>");
	snapshot_cell(h, r, en.before);
	snapshot_cell(h, r, en.after);
	HTML_LIT(h, "</tr></tbody></table>");
	page_end(r, h);
	return 0;
}
