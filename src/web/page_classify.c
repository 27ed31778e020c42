/*
 * page_classify.c - information classification in the browser.
 *
 * An asset's classification page shows the current (signed) levels with
 * their names and motivations, who signed and when, the review date, the
 * minimum levels it inherits from the information sets it holds and why it
 * is flagged for review, a draft awaiting the owner's signature, and every
 * version. The protocol form lists the active questions per aspect as
 * radio groups (fieldset and legend), and per aspect a select to raise the
 * level with a motivation; "Compute" shows the levels without saving (no
 * script needed), "Save draft" stores a new version. Versions are shown in
 * full and two can be compared side by side, differences marked in text.
 *
 * The model page lets an administrator of the organisation name the levels,
 * set the highest level, traceability and the review interval, and edit,
 * reorder and deactivate the questions of the bank.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "core/arena.h"
#include "core/str.h"
#include "core/timeutil.h"
#include "domain/asset.h"
#include "domain/classify.h"
#include "domain/unit.h"
#include "web/layout.h"
#include "web/page_classify.h"
#include "web/widgets.h"

static const char *const level_labels[CLASS_N_ASPECTS] = {
	N_("Level of confidentiality"),
	N_("Level of integrity"),
	N_("Level of availability"),
	N_("Level of traceability"),
};
static const char *const motivation_labels[CLASS_N_ASPECTS] = {
	N_("Motivation for confidentiality"),
	N_("Motivation for integrity"),
	N_("Motivation for availability"),
	N_("Motivation for traceability"),
};

/* --- helpers --- */

/* @fmt with its one "%s" replaced by @arg (no printf: @fmt may be a translation). Result lives in @a. */
static const char *subst(struct arena *a, const char *fmt, const char *arg)
{
	const char *p = strstr(fmt, "%s");
	if (!p)
		return fmt;
	return arena_printf(a, "%.*s%s%s", (int)(p - fmt), fmt, arg ? arg : "", p + 2);
}

static const char *num(struct arena *a, int64_t v)
{
	return arena_printf(a, "%" PRId64, v);
}

/* "Version 3", translated. */
static const char *version_label(struct req *r, int64_t version_no)
{
	return subst(r->arena, tr(r->lang, N_("Version %s")), num(r->arena, version_no));
}

/* "3 – Allvarlig skada" ("3" when the level has no name), or "–" for no level. Lives in @a. */
static const char *level_string(struct arena *a, const struct class_model *m, int64_t level)
{
	const char *name = classify_level_name(m, level);

	if (level < 0)
		return "–";
	return name ? arena_printf(a, "%" PRId64 " – %s", level, name) : num(a, level);
}

static void level_text(struct html *h, const struct class_model *m, int64_t level)
{
	html_text(h, level_string(h->b.arena, m, level));
}

/* <a href="/assets/ID/classification[/CID]">label</a>: an asset's classification, or one version of it (@cid). */
static void link_classification(struct html *h, int64_t asset_id, int64_t cid, const char *label)
{
	HTML_LIT(h, "<a href=\"/assets/");
	html_int(h, asset_id);
	HTML_LIT(h, "/classification");
	if (cid) {
		HTML_LIT(h, "/");
		html_int(h, cid);
	}
	HTML_LIT(h, "\">");
	html_text(h, label);
	HTML_LIT(h, "</a>");
}

static void crumbs(struct html *h, struct req *r, const struct asset *as, bool to_classification)
{
	HTML_LIT(h, "<p class=\"crumbs\">");
	link_record(h, "asset", as->id, as->name);
	if (to_classification) {
		HTML_LIT(h, " › ");
		link_classification(h, as->id, 0, tr(r->lang, "Classification"));
	}
	HTML_LIT(h, "</p>");
}

static void flash(struct html *h, struct req *r)
{
	const char *msg = req_query(r, "msg");
	if (!msg)
		return;
	if (!strcmp(msg, "draft") || !strcmp(msg, "signed")) {
		HTML_LIT(h, "<p class=\"flash\" role=\"status\">");
		html_tr(h,
			!strcmp(msg, "draft")
				? N_("The classification has been saved as a draft. It awaits the owner's signature.")
				: N_("The classification has been signed."));
		HTML_LIT(h, "</p>");
	} else {
		page_flash(h, r);
	}
}

/*
 * What comes after signing: the assets that hold a signed information set
 * (their classification may not be lower now), and the requirements that
 * apply to the classification, to assess.
 */
static int next_steps(struct html *h, struct req *r, struct db *db, const struct asset *as)
{
	struct asset_link *deps, *holders;
	size_t n_deps, n_holders;
	int rc;

	if ((rc = asset_links(db, r->arena, as->id, &deps, &n_deps, &holders, &n_holders, &r->err)))
		return rc;
	HTML_LIT(h, "<section class=\"notice\" aria-labelledby=\"next-h\"><h2 id=\"next-h\">");
	html_tr(h, "What to do next");
	HTML_LIT(h, "</h2><ul class=\"links\">");
	for (size_t i = 0; i < n_holders; i++) {
		const struct asset_link *l = &holders[i];
		if (strcmp(l->kind, "holds") || !asset_link_visible(r->auth, l) ||
		    !authz_may_edit_owned(r->auth, l->other_unit_path, l->other_owner_id))
			continue;
		HTML_LIT(h, "<li><a href=\"/assets/");
		html_int(h, l->from_id);
		HTML_LIT(h, "/classification/new\">");
		html_tr1(h, N_("Classify %s, which holds this information set"), l->other_name);
		HTML_LIT(h, "</a></li>");
	}
	if (asset_can_edit(r->auth, as)) {
		HTML_LIT(h, "<li>");
		link_asset_page(h, as->id, "/requirements/assess?status=none",
				N_("Assess the requirements that apply to the classification"), false);
		HTML_LIT(h, "</li>");
	}
	HTML_LIT(h, "<li><a href=\"/assets/");
	html_int(h, as->id);
	HTML_LIT(h, "\">");
	html_tr1(h, N_("Back to %s"), as->name);
	HTML_LIT(h, "</a></li></ul></section>");
	return 0;
}

static void today_date(char out[11])
{
	char now[TIME_ISO_LEN];
	time_now_iso(now);
	memcpy(out, now, 10);
	out[10] = 0;
}

/* The asset the route's scope read, and its organisation's model. */
static int scope_asset(struct req *r, struct db **db, const struct asset **as, struct class_model *m)
{
	*as = scope_record(&r->scope, "asset");
	if (!(*db = req_db(r)))
		return r->err.code ? r->err.code : ERR_DB;
	return classify_model_get(*db, r->arena, unit_org_of((*as)->unit_path), m, &r->err);
}

/* A table of the levels of @c per aspect in use: level, computed, inherited, motivation. */
static void levels_table(struct html *h, struct req *r, const struct class_model *m, const struct classification *c,
			 bool full)
{
	HTML_LIT(h, "<table class=\"levels\"><caption>");
	html_tr(h, "Levels per aspect");
	HTML_LIT(h, "</caption><thead><tr><th scope=\"col\">");
	html_tr(h, "Aspect");
	HTML_LIT(h, "</th><th scope=\"col\">");
	html_tr(h, "Level");
	if (full) {
		HTML_LIT(h, "</th><th scope=\"col\">");
		html_tr(h, "From the answers");
		HTML_LIT(h, "</th><th scope=\"col\">");
		html_tr(h, "Inherited minimum");
	}
	HTML_LIT(h, "</th><th scope=\"col\">");
	html_tr(h, "Motivation");
	HTML_LIT(h, "</th></tr></thead><tbody>");
	for (int k = 0; k < CLASS_N_ASPECTS; k++) {
		if (c->level[k] < 0)
			continue;
		HTML_LIT(h, "<tr><th scope=\"row\">");
		html_tr(h, class_aspect_labels[k]);
		HTML_LIT(h, "</th><td>");
		level_text(h, m, c->level[k]);
		if (full) {
			HTML_LIT(h, "</td><td>");
			level_text(h, m, c->computed[k]);
			HTML_LIT(h, "</td><td>");
			level_text(h, m, c->inherited[k]);
		}
		HTML_LIT(h, "</td><td>");
		html_text(h, c->motivation[k]);
		HTML_LIT(h, "</td></tr>");
	}
	table_close(h);
	/* Levels beyond what the requirements library covers need a separate analysis. */
	for (int k = 0; k < CLASS_N_ASPECTS; k++) {
		if (c->level[k] >= 4) {
			HTML_LIT(h, "<p class=\"note\">");
			html_tr(h,
				"At least one aspect is at level 4 or higher. The requirements library does not cover such levels; a separate analysis of the protection is needed.");
			HTML_LIT(h, "</p>");
			break;
		}
	}
	(void)r;
}

/* "coordinator,owner" as the roles' labels in the reader's language ("Information security coordinator, Owner"). */
static const char *roles_text(struct req *r, const char *names)
{
	struct buf b;
	const char *p = names;

	buf_init(&b, r->arena);
	while (*p) {
		size_t n = strcspn(p, ",");
		const char *name = arena_strndup(r->arena, p, n);
		enum role role = role_parse(name);
		if (b.len)
			buf_adds(&b, ", ");
		buf_adds(&b, role != ROLE_NONE ? tr(r->lang, role_label(role)) : name);
		p += n + (p[n] == ',');
	}
	return buf_cstr(&b);
}

static void signature_rows(struct html *h, struct req *r, const struct classification *c)
{
	char today[11];
	HTML_LIT(h, "<dl class=\"details\">");
	detail_row(h, "Version", num(r->arena, c->version_no));
	detail_row(h, "Status",
		   tr(r->lang, !strcmp(c->status, "signed") ? N_("Signed") : N_("Draft, awaiting signature")));
	detail_row(h, "Made by", c->created_by_name);
	time_row(h, N_("Made"), c->created_at);
	if (!strcmp(c->status, "signed")) {
		detail_row(h, "Signed by", c->signed_by_name);
		if (c->imported_signer)
			detail_row(h, "Source",
				   tr(r->lang, N_("Brought from earlier records: signed before Tillit was used; "
						  "the signer is named as the records give it.")));
		if (c->signed_roles && *c->signed_roles)
			detail_row(h, "Signed on the roles", roles_text(r, c->signed_roles));
		if (c->imported_signer) /* the records give the day only */
			detail_row(h, "Signed", arena_printf(r->arena, "%.10s", c->signed_at));
		else
			time_row(h, N_("Signed"), c->signed_at);
		today_date(today);
		HTML_LIT(h, "<dt>");
		html_tr(h, "Review due");
		HTML_LIT(h, "</dt><dd>");
		html_text(h, c->review_due);
		if (c->review_due && strcmp(c->review_due, today) < 0) {
			HTML_LIT(h, " <strong class=\"overdue\">(");
			html_tr(h, "overdue");
			HTML_LIT(h, ")</strong>");
		}
		HTML_LIT(h, "</dd>");
	}
	HTML_LIT(h, "</dl>");
}

/* The information sets a classification inherited from (stored snapshot). */
static void sources_list(struct html *h, struct req *r, const struct class_model *m, const struct class_source *s,
			 size_t n)
{
	size_t shown = 0;
	for (size_t i = 0; i < n; i++) {
		if (!s[i].classification_id)
			continue;
		if (!shown++)
			HTML_LIT(h, "<ul class=\"sources\">");
		HTML_LIT(h, "<li>");
		link_classification(h, s[i].asset_id, 0, s[i].name);
		HTML_LIT(h, ": ");
		for (int k = 0, first = 1; k < CLASS_N_ASPECTS; k++) {
			if (s[i].level[k] < 0 || (k == CLASS_T && !m->use_traceability))
				continue;
			if (!first)
				HTML_LIT(h, ", ");
			first = 0;
			html_tr(h, class_aspect_labels[k]);
			HTML_LIT(h, " ");
			html_int(h, s[i].level[k]);
		}
		HTML_LIT(h, "</li>");
	}
	if (shown)
		HTML_LIT(h, "</ul>");
	else {
		HTML_LIT(h, "<p>");
		html_tr(h, "None.");
		HTML_LIT(h, "</p>");
	}
	(void)r;
}

static void sign_box(struct html *h, struct req *r, const struct asset *as, const struct classification *c, bool newest,
		     const struct err *e)
{
	if (strcmp(c->status, "draft"))
		return;
	HTML_LIT(h, "<section class=\"sign\" aria-labelledby=\"sign-h\"><h2 id=\"sign-h\">");
	html_tr(h, "Signature");
	HTML_LIT(h, "</h2>");
	form_errors(h, r, e);
	if (!newest) {
		HTML_LIT(h, "<p>");
		html_tr(h, "A newer version of the classification exists; this draft can no longer be signed.");
		HTML_LIT(h, "</p></section>");
		return;
	}
	if (!as->owner_id) {
		HTML_LIT(h, "<p>");
		html_tr(h, "The asset has no owner. An owner must be set before the classification can be signed.");
		HTML_LIT(h, "</p></section>");
		return;
	}
	if (classify_draft_stale(as, c)) {
		HTML_LIT(h, "<p>");
		html_tr(h, classify_stale_draft);
		HTML_LIT(h, "</p></section>");
		return;
	}
	if (r->auth->user_id != as->owner_id) {
		HTML_LIT(h, "<p>");
		html_tr1(h, N_("The draft awaits the signature of the asset's owner, %s."), as->owner_name);
		HTML_LIT(h, "</p></section>");
		return;
	}
	HTML_LIT(h, "<p>");
	html_tr(h,
		"As the asset's owner you confirm the levels above by signing. The classification then applies and gets its review date.");
	HTML_LIT(h, "</p>");
	form_open(h, r, arena_printf(r->arena, "/assets/%" PRId64 "/classification/%" PRId64 "/sign", as->id, c->id));
	form_submit(h, "Sign the classification", false);
	form_close(h);
	HTML_LIT(h, "</section>");
}

/* --- the classification page --- */

int page_classification(struct req *r)
{
	const struct asset *as;
	struct class_model m;
	struct classification *list;
	const struct classification *cur = NULL;
	struct class_source *src;
	size_t n, n_src;
	int64_t inh[CLASS_N_ASPECTS];
	struct html *h;
	struct db *db;
	int rc;

	if ((rc = scope_asset(r, &db, &as, &m)) || (rc = classify_list(db, r->arena, as->id, &list, &n, &r->err)) ||
	    (rc = classify_inherited(db, r->arena, as->id, inh, &src, &n_src, &r->err)))
		return rc;
	h = page_begin(r, subst(r->arena, tr(r->lang, N_("Classification of %s")), as->name));
	crumbs(h, r, as, false);
	HTML_LIT(h, "<h1>");
	html_tr1(h, N_("Classification of %s"), as->name);
	HTML_LIT(h, "</h1>");
	flash(h, r);
	if (as->classification_id && req_query(r, "msg") && !strcmp(req_query(r, "msg"), "signed") &&
	    (rc = next_steps(h, r, db, as)))
		return rc;

	if (as->needs_review) {
		HTML_LIT(h, "<section class=\"notice\" aria-labelledby=\"review-h\"><h2 id=\"review-h\">");
		/* A system never classified is not "classified again": a new floor applies to its first classification. */
		html_tr(h, as->classification_id ? N_("Flagged for review") : N_("A new floor applies"));
		HTML_LIT(h, "</h2>");
		bool told = false;
		for (size_t i = 0; i < n_src; i++) {
			if (!classify_source_raises(&src[i], as))
				continue;
			HTML_LIT(h, "<p>");
			html_tr1(h, classify_raise_message(as), src[i].name);
			HTML_LIT(h, "</p>");
			told = true;
		}
		if (!told) {
			HTML_LIT(h, "<p>");
			html_tr(h, "Something this asset depends on has changed. Review its classification.");
			HTML_LIT(h, "</p>");
		}
		HTML_LIT(h, "</section>");
	}

	HTML_LIT(h, "<h2>");
	html_tr(h, "Current classification");
	HTML_LIT(h, "</h2>");
	for (size_t i = 0; i < n && as->classification_id; i++)
		if (list[i].id == as->classification_id)
			cur = &list[i];
	if (cur) {
		levels_table(h, r, &m, cur, false);
		signature_rows(h, r, cur);
		HTML_LIT(h, "<p>");
		link_classification(h, as->id, cur->id, tr(r->lang, "Show the answers and details of this version"));
		HTML_LIT(h, "</p>");
	} else {
		HTML_LIT(h, "<p>");
		html_tr(h, "The asset has not been classified yet.");
		HTML_LIT(h, "</p>");
	}

	HTML_LIT(h, "<h2>");
	html_tr(h, "Inherited minimum levels");
	HTML_LIT(h, "</h2><p>");
	html_tr(h, "The asset gets at least the levels of the information sets it holds.");
	HTML_LIT(h, "</p>");
	sources_list(h, r, &m, src, n_src);

	if (n && !strcmp(list[0].status, "draft")) {
		HTML_LIT(h, "<h2>");
		html_tr1(h, N_("Draft, version %s"), num(r->arena, list[0].version_no));
		HTML_LIT(h, "</h2>");
		levels_table(h, r, &m, &list[0], true);
		sign_box(h, r, as, &list[0], true, NULL);
	}

	if (asset_can_edit(r->auth, as)) {
		HTML_LIT(h, "<p class=\"actions\">");
		link_asset_page(h, as->id, "/classification/new", N_("Classify"), true);
		HTML_LIT(h, "</p>");
	}

	HTML_LIT(h, "<h2>");
	html_tr(h, "Versions");
	HTML_LIT(h, "</h2>");
	if (n == 0) {
		HTML_LIT(h, "<p>");
		html_tr(h, "None.");
		HTML_LIT(h, "</p>");
	} else {
		HTML_LIT(h, "<table><caption class=\"sr-only\">");
		html_tr(h, "Versions");
		HTML_LIT(h, "</caption><thead><tr><th scope=\"col\">");
		html_tr(h, "Version");
		HTML_LIT(h, "</th><th scope=\"col\">");
		html_tr(h, "Status");
		for (int k = 0; k < classify_n_aspects(&m); k++) {
			HTML_LIT(h, "</th><th scope=\"col\">");
			html_tr(h, class_aspect_labels[k]);
		}
		HTML_LIT(h, "</th><th scope=\"col\">");
		html_tr(h, "Made");
		HTML_LIT(h, "</th><th scope=\"col\">");
		html_tr(h, "Signed");
		HTML_LIT(h, "</th></tr></thead><tbody>");
		for (size_t i = 0; i < n; i++) {
			HTML_LIT(h, "<tr><td>");
			link_classification(h, as->id, list[i].id, version_label(r, list[i].version_no));
			if (list[i].id == as->classification_id) {
				HTML_LIT(h, " <span class=\"current\">(");
				html_tr(h, "current");
				HTML_LIT(h, ")</span>");
			}
			HTML_LIT(h, "</td><td>");
			html_tr(h, !strcmp(list[i].status, "signed") ? N_("Signed") : N_("Draft"));
			for (int k = 0; k < classify_n_aspects(&m); k++) {
				HTML_LIT(h, "</td><td>");
				if (list[i].level[k] >= 0)
					html_int(h, list[i].level[k]);
				else
					HTML_LIT(h, "–");
			}
			HTML_LIT(h, "</td><td>");
			html_time(h, list[i].created_at);
			HTML_LIT(h, " ");
			html_text(h, list[i].created_by_name);
			HTML_LIT(h, "</td><td>");
			if (list[i].signed_at && list[i].imported_signer) {
				html_text(h, arena_printf(r->arena, "%.10s", list[i].signed_at));
				HTML_LIT(h, " ");
				html_text(h, list[i].signed_by_name);
				HTML_LIT(h, " (");
				html_tr(h, "from earlier records");
				HTML_LIT(h, ")");
			} else if (list[i].signed_at) {
				html_time(h, list[i].signed_at);
				HTML_LIT(h, " ");
				html_text(h, list[i].signed_by_name);
			} else {
				HTML_LIT(h, "–");
			}
			HTML_LIT(h, "</td></tr>");
		}
		table_close(h);
	}
	if (n >= 2) {
		struct picker versions = { .values = arena_calloc(r->arena, n, sizeof(char *)),
					   .labels = arena_calloc(r->arena, n, sizeof(char *)),
					   .n = n };
		for (size_t i = 0; i < n; i++) {
			versions.values[i] = num(r->arena, list[i].id);
			versions.labels[i] = version_label(r, list[i].version_no);
		}
		HTML_LIT(h, "<h2>");
		html_tr(h, "Compare two versions");
		HTML_LIT(h, "</h2><form method=\"get\" class=\"compare\" action=\"/assets/");
		html_int(h, as->id);
		HTML_LIT(h, "/classification/compare\">");
		form_picker(h, r, "a", N_("First version"), &versions, list[1].id, NULL);
		form_picker(h, r, "b", N_("Second version"), &versions, list[0].id, NULL);
		form_submit(h, "Compare", true);
		HTML_LIT(h, "</form>");
	}
	page_end(r, h);
	return 0;
}

/* --- the protocol form --- */

static int64_t chosen(const struct class_input *in, int64_t question_id)
{
	for (size_t i = 0; i < in->n_answers; i++)
		if (in->answers[i].question_id == question_id)
			return in->answers[i].option_id;
	return 0;
}

static void question_fieldset(struct html *h, struct req *r, const struct class_model *m,
			      const struct class_question *q, int64_t selected)
{
	HTML_LIT(h, "<fieldset class=\"question\"><legend>");
	html_text(h, q->text);
	HTML_LIT(h, "</legend>");
	if (q->help && *q->help) {
		HTML_LIT(h, "<p class=\"help\">");
		html_text(h, q->help);
		HTML_LIT(h, "</p>");
	}
	for (size_t i = 0; i < q->n_options; i++) {
		const struct class_option *o = &q->options[i];
		HTML_LIT(h, "<div class=\"option\"><input type=\"radio\" name=\"q");
		html_int(h, q->id);
		HTML_LIT(h, "\" id=\"f-q");
		html_int(h, q->id);
		HTML_LIT(h, "-");
		html_int(h, o->id);
		HTML_LIT(h, "\" value=\"");
		html_int(h, o->id);
		HTML_LIT(h, "\"");
		if (o->id == selected)
			HTML_LIT(h, " checked");
		HTML_LIT(h, "><label for=\"f-q");
		html_int(h, q->id);
		HTML_LIT(h, "-");
		html_int(h, o->id);
		HTML_LIT(h, "\">");
		html_text(h, o->text);
		HTML_LIT(h, " <span class=\"implies\">(");
		html_tr1(h, N_("at least level %s"), num(r->arena, o->implies_level));
		HTML_LIT(h, ")</span></label></div>");
	}
	HTML_LIT(h, "</fieldset>");
	(void)m;
}

/* What the protocol form shows: the asset, its model and questions, the input and its computation. */
struct protocol_view {
	const struct asset *as;
	struct class_model m;
	struct class_question *qs;
	size_t n_qs;
	struct class_input in;
	struct class_computation comp;
	bool computed; /* comp holds a computation to show */
	struct class_source *src;
	size_t n_src;
	int64_t inh[CLASS_N_ASPECTS];
};

static int protocol_form(struct req *r, const void *ctx, const struct err *e)
{
	const struct protocol_view *v = ctx;
	const struct asset *as = v->as;
	const struct class_model *m = &v->m;
	const struct class_input *in = &v->in;
	const struct class_computation *comp = v->computed ? &v->comp : NULL;
	struct html *h = page_begin(r, subst(r->arena, tr(r->lang, N_("Classify %s")), as->name));
	const char *values[CLASS_SCALE_MAX + 1], *labels[CLASS_SCALE_MAX + 1];
	size_t n_values = 0;

	values[n_values] = "";
	labels[n_values++] = tr(r->lang, "As computed (not raised)");
	for (int64_t l = 0; l <= m->max_level && l < CLASS_SCALE_MAX; l++) {
		values[n_values] = num(r->arena, l);
		labels[n_values++] = level_string(r->arena, m, l);
	}
	crumbs(h, r, as, true);
	HTML_LIT(h, "<h1>");
	html_tr1(h, N_("Classify %s"), as->name);
	HTML_LIT(h, "</h1><p>");
	html_tr(h,
		"Answer the questions for each aspect. Each answer implies a minimum level; the result is the highest of them and of the levels the asset inherits from the information sets it holds. You may raise a level, never lower it, and a raised level needs a motivation.");
	HTML_LIT(h, "</p>");
	form_errors(h, r, e);
	form_open(h, r, arena_printf(r->arena, "/assets/%" PRId64 "/classification", as->id));
	HTML_LIT(h, "<div id=\"f-answers\">");
	for (int k = 0; k < classify_n_aspects(m); k++) {
		HTML_LIT(h, "<section class=\"aspect\" aria-labelledby=\"a-");
		html_attr(h, class_aspects[k]);
		HTML_LIT(h, "\"><h2 id=\"a-");
		html_attr(h, class_aspects[k]);
		HTML_LIT(h, "\">");
		html_tr(h, class_aspect_labels[k]);
		HTML_LIT(h, "</h2>");
		for (size_t i = 0; i < v->n_qs; i++)
			if (class_aspect_parse(v->qs[i].aspect) == k)
				question_fieldset(h, r, m, &v->qs[i], chosen(in, v->qs[i].id));
		if (comp) {
			HTML_LIT(h, "<dl class=\"details computed\">");
			HTML_LIT(h, "<dt>");
			html_tr(h, "From the answers");
			HTML_LIT(h, "</dt><dd>");
			level_text(h, m, comp->computed[k]);
			HTML_LIT(h, "</dd><dt>");
			html_tr(h, "Inherited minimum");
			HTML_LIT(h, "</dt><dd>");
			level_text(h, m, comp->inherited[k]);
			for (size_t i = 0; i < v->n_src; i++) {
				if (v->src[i].level[k] > 0 && v->src[i].level[k] == comp->inherited[k]) {
					HTML_LIT(h, " (");
					html_text(h, v->src[i].name);
					HTML_LIT(h, ")");
				}
			}
			HTML_LIT(h, "</dd><dt>");
			html_tr(h, "Lowest allowed level");
			HTML_LIT(h, "</dt><dd>");
			level_text(h, m, comp->floor[k]);
			HTML_LIT(h, "</dd></dl>");
		}
		{
			/* Offer only levels at or above the lowest allowed one (the server checks it too). */
			const char *av[CLASS_SCALE_MAX + 1], *al[CLASS_SCALE_MAX + 1];
			size_t na = 0;
			int64_t lowest = comp ? comp->floor[k] : 0;
			av[na] = values[0];
			al[na++] = labels[0];
			for (size_t i = 1; i < n_values; i++) {
				if ((int64_t)i - 1 < lowest)
					continue;
				av[na] = values[i];
				al[na++] = labels[i];
			}
			form_select(h, r, class_level_fields[k], level_labels[k], av, al, na,
				    in->requested[k] >= 0 ? num(r->arena, in->requested[k]) : "", false, e);
		}
		form_textarea(h, r, class_motivation_fields[k], motivation_labels[k], in->motivation[k], e);
		if (m->motivate_all) {
			HTML_LIT(h, "<p class=\"hint\">");
			html_tr(h, "The organisation asks for a motivation of every aspect before signing.");
			HTML_LIT(h, "</p>");
		}
		HTML_LIT(h, "</section>");
	}
	HTML_LIT(h, "</div>");
	HTML_LIT(h,
		 "<p class=\"actions\"><button type=\"submit\" name=\"action\" value=\"compute\" class=\"secondary\">");
	html_tr(h, "Compute the levels");
	HTML_LIT(h, "</button> <button type=\"submit\" name=\"action\" value=\"save\">");
	html_tr(h, "Save as draft");
	HTML_LIT(h, "</button>");
	/* The owner, who signs, may save and sign in one step. */
	if (as->owner_id && r->auth->user_id == as->owner_id) {
		HTML_LIT(h, " <button type=\"submit\" name=\"action\" value=\"sign\">");
		html_tr(h, "Save and sign");
		HTML_LIT(h, "</button>");
	}
	HTML_LIT(h, "</p>");
	form_close(h);
	page_end(r, h);
	return 0;
}

/* Read the protocol from the form: one radio group per active question, raises and motivations. */
static void input_from_form(struct req *r, const struct class_question *qs, size_t n_qs, struct class_input *in)
{
	struct class_answer *ans = arena_calloc(r->arena, n_qs ? n_qs : 1, sizeof(*ans));
	size_t n = 0;

	memset(in, 0, sizeof(*in));
	for (size_t i = 0; i < n_qs; i++) {
		int64_t opt;
		const char *v = req_form(r, arena_printf(r->arena, "q%" PRId64, qs[i].id));
		if (v && str_to_i64(v, &opt) && opt > 0)
			ans[n++] = (struct class_answer){ qs[i].id, opt };
	}
	in->answers = ans;
	in->n_answers = n;
	for (int k = 0; k < CLASS_N_ASPECTS; k++) {
		const char *v = req_form(r, class_level_fields[k]);
		int64_t l;
		in->requested[k] = -1;
		if (v && *v)
			in->requested[k] = str_to_i64(v, &l) && l >= 0 ? l : 1000;
		in->motivation[k] = req_form(r, class_motivation_fields[k]);
	}
}

/* The protocol of the asset the route's scope read: its model, active questions and what it inherits. */
static int protocol_load(struct req *r, struct db **db, struct protocol_view *v)
{
	int rc;

	memset(v, 0, sizeof(*v));
	if ((rc = scope_asset(r, db, &v->as, &v->m)) ||
	    (rc = classify_questions(*db, r->arena, v->m.org_id, true, &v->qs, &v->n_qs, &r->err)))
		return rc;
	return classify_inherited(*db, r->arena, v->as->id, v->inh, &v->src, &v->n_src, &r->err);
}

int page_classification_new(struct req *r)
{
	struct protocol_view v;
	struct classification *list;
	struct err ignored = { 0 };
	size_t n;
	struct db *db;
	int rc;

	if ((rc = protocol_load(r, &db, &v)))
		return rc;
	for (int k = 0; k < CLASS_N_ASPECTS; k++)
		v.in.requested[k] = -1;
	/* Start from the answers of the newest version, when they are still in the bank. */
	if ((rc = classify_list(db, r->arena, v.as->id, &list, &n, &r->err)))
		return rc;
	if (n) {
		const struct classification *prev = &list[0];
		struct class_answer *ans;
		classify_read_snapshots(r->arena, &list[0]);
		ans = arena_calloc(r->arena, prev->n_answers + 1, sizeof(*ans));
		for (size_t i = 0; i < prev->n_answers; i++)
			ans[i] = (struct class_answer){ prev->answers[i].question_id, prev->answers[i].option_id };
		v.in.answers = ans;
		v.in.n_answers = prev->n_answers;
	}
	/* Show what the asset inherits and the lowest allowed level from the start. */
	classify_compute(&v.m, v.qs, v.n_qs, &v.in, v.inh, &v.comp, &ignored);
	v.computed = true;
	return protocol_form(r, &v, NULL);
}

int page_classification_create(struct req *r)
{
	struct protocol_view v;
	struct err e = { 0 };
	const char *action = req_form(r, "action");
	int64_t id = 0;
	struct db *db;
	int rc;

	if ((rc = protocol_load(r, &db, &v)))
		return rc;
	input_from_form(r, v.qs, v.n_qs, &v.in);
	v.computed = true;
	if (action && !strcmp(action, "compute")) {
		/* Show the levels without saving. */
		rc = classify_compute(&v.m, v.qs, v.n_qs, &v.in, v.inh, &v.comp, &e);
		return rc ? page_saved(r, rc, &e, NULL, protocol_form, &v) : protocol_form(r, &v, NULL);
	}
	if (action && !strcmp(action, "sign")) {
		/* Saved and signed together, or nothing stored. */
		rc = classify_create_signed(db, r->arena, r->auth, v.as, &v.in, &id, &v.comp, &e);
		return page_saved(r, rc, &e,
				  arena_printf(r->arena, "/assets/%" PRId64 "/classification?msg=signed", v.as->id),
				  protocol_form, &v);
	}
	rc = classify_create(db, r->arena, r->auth, v.as, &v.in, &id, &v.comp, &e);
	return page_saved(
		r, rc, &e,
		arena_printf(r->arena, "/assets/%" PRId64 "/classification/%" PRId64 "?msg=draft", v.as->id, id),
		protocol_form, &v);
}

/* --- one version --- */

static void answers_table(struct html *h, struct req *r, const struct class_model *m, const struct classification *c)
{
	HTML_LIT(h, "<h2>");
	html_tr(h, "Answers");
	HTML_LIT(h, "</h2>");
	if (c->n_answers == 0) {
		HTML_LIT(h, "<p>");
		html_tr(h, "No questions were answered.");
		HTML_LIT(h, "</p>");
		return;
	}
	HTML_LIT(h, "<table><caption class=\"sr-only\">");
	html_tr(h, "Answers");
	HTML_LIT(h, "</caption>");
	table_head(h,
		   (const char *const[]){ N_("Aspect"), N_("Question"), N_("Answer"), N_("Implies at least"), NULL });
	for (size_t i = 0; i < c->n_answers; i++) {
		int k = class_aspect_parse(c->answers[i].aspect);
		HTML_LIT(h, "<tr><td>");
		if (k >= 0)
			html_tr(h, class_aspect_labels[k]);
		HTML_LIT(h, "</td><th scope=\"row\">");
		html_text(h, c->answers[i].question);
		HTML_LIT(h, "</th><td>");
		html_text(h, c->answers[i].option);
		HTML_LIT(h, "</td><td>");
		level_text(h, m, c->answers[i].implies_level);
		HTML_LIT(h, "</td></tr>");
	}
	table_close(h);
	(void)r;
}

/* The classification of the path (":cid"), which must belong to @as. */
static int load_version(struct req *r, struct db *db, const struct asset *as, int64_t id, struct classification *c)
{
	int rc = classify_get(db, r->arena, id, c, &r->err);
	if (rc)
		return rc;
	if (c->asset_id != as->id)
		return err_set(&r->err, ERR_NOTFOUND, "id", N_("No such classification."));
	return 0;
}

/* Version @id among @list, the asset's versions, with its snapshots read into *out; ERR_NOTFOUND when not there. */
static int version_of(struct req *r, struct classification *list, size_t n, int64_t id, struct classification *out)
{
	for (size_t i = 0; i < n; i++) {
		if (list[i].id != id)
			continue;
		*out = list[i];
		classify_read_snapshots(r->arena, out);
		return 0;
	}
	return err_set(&r->err, ERR_NOTFOUND, "id", N_("No such classification."));
}

/* The version of the path, as stored (after a failed signing too), with @e's problem in its signature box. */
static int version_page(struct req *r, const void *ctx, const struct err *e)
{
	const struct asset *as;
	struct class_model m;
	struct classification c, *list;
	size_t n;
	struct html *h;
	struct db *db;
	int rc;

	(void)ctx;
	if ((rc = scope_asset(r, &db, &as, &m)) || (rc = classify_list(db, r->arena, as->id, &list, &n, &r->err)) ||
	    (rc = version_of(r, list, n, req_arg_id(r, 1), &c)))
		return rc;
	h = page_begin(r, subst(r->arena, tr(r->lang, N_("Classification of %s")), as->name));
	crumbs(h, r, as, true);
	HTML_LIT(h, "<h1>");
	html_tr1(h, N_("Classification of %s"), as->name);
	HTML_LIT(h, ": ");
	html_tr1(h, N_("Version %s"), num(r->arena, c.version_no));
	HTML_LIT(h, "</h1>");
	flash(h, r);
	signature_rows(h, r, &c);
	levels_table(h, r, &m, &c, true);
	HTML_LIT(h, "<h2>");
	html_tr(h, "Inherited from");
	HTML_LIT(h, "</h2>");
	sources_list(h, r, &m, c.sources, c.n_sources);
	answers_table(h, r, &m, &c);
	sign_box(h, r, as, &c, n && list[0].id == c.id, e);
	page_end(r, h);
	return 0;
}

int page_classification_version(struct req *r)
{
	return version_page(r, NULL, NULL);
}

int page_classification_sign(struct req *r)
{
	const struct asset *as = scope_record(&r->scope, "asset");
	struct err e = { 0 };
	struct classification c;
	struct db *db = req_db(r);
	int rc;

	if (!db)
		return r->err.code ? r->err.code : ERR_DB;
	if ((rc = load_version(r, db, as, req_arg_id(r, 1), &c)))
		return rc;
	rc = classify_sign(db, r->arena, r->auth, as, &c, &e);
	return page_saved(r, rc, &e, arena_printf(r->arena, "/assets/%" PRId64 "/classification?msg=signed", as->id),
			  version_page, NULL);
}

/* --- comparing two versions --- */

static const struct class_answer_snap *answer_for(const struct classification *c, int64_t question_id)
{
	for (size_t i = 0; i < c->n_answers; i++)
		if (c->answers[i].question_id == question_id)
			return &c->answers[i];
	return NULL;
}

static void differs(struct html *h, bool diff)
{
	if (diff) {
		HTML_LIT(h, "<td class=\"diff\"><strong>");
		html_tr(h, "Differs");
		HTML_LIT(h, "</strong></td>");
	} else {
		HTML_LIT(h, "<td>");
		html_tr(h, "Same");
		HTML_LIT(h, "</td>");
	}
}

/* One row of a comparison: @label, what the two versions say, and whether that differs. */
static void compare_row(struct html *h, const char *label, const char *x, const char *y, bool diff)
{
	if (diff)
		HTML_LIT(h, "<tr class=\"diff\"><th scope=\"row\">");
	else
		HTML_LIT(h, "<tr><th scope=\"row\">");
	html_text(h, label);
	HTML_LIT(h, "</th><td>");
	html_text(h, x);
	HTML_LIT(h, "</td><td>");
	html_text(h, y);
	HTML_LIT(h, "</td>");
	differs(h, diff);
	HTML_LIT(h, "</tr>");
}

/* The start of a comparison table of versions @x and @y: its caption and the head of its columns. */
static void compare_head(struct html *h, struct req *r, const char *caption, const char *first,
			 const struct classification *x, const struct classification *y)
{
	HTML_LIT(h, "<table class=\"compare\"><caption>");
	html_tr(h, caption);
	HTML_LIT(h, "</caption><thead><tr><th scope=\"col\">");
	html_tr(h, first);
	HTML_LIT(h, "</th><th scope=\"col\">");
	html_text(h, version_label(r, x->version_no));
	HTML_LIT(h, "</th><th scope=\"col\">");
	html_text(h, version_label(r, y->version_no));
	HTML_LIT(h, "</th><th scope=\"col\">");
	html_tr(h, "Difference");
	HTML_LIT(h, "</th></tr></thead><tbody>");
}

/* "Nej (0)": the option chosen and the level it implies, or "Not answered". */
static const char *answer_text(struct req *r, const struct class_answer_snap *v)
{
	return v ? arena_printf(r->arena, "%s (%" PRId64 ")", v->option, v->implies_level)
		 : tr(r->lang, "Not answered");
}

static void compare_answer_row(struct html *h, struct req *r, const struct class_answer_snap *x,
			       const struct class_answer_snap *y)
{
	const struct class_answer_snap *any = x ? x : y;
	bool diff = !x || !y || x->option_id != y->option_id || strcmp(x->option, y->option) != 0;
	compare_row(h, any->question, answer_text(r, x), answer_text(r, y), diff);
}

int page_classification_compare(struct req *r)
{
	const struct asset *as;
	struct class_model m;
	struct classification x, y, *list;
	struct html *h;
	struct db *db;
	int64_t ida = query_int(r, "a", 0), idb = query_int(r, "b", 0);
	size_t n;
	int rc;

	if ((rc = scope_asset(r, &db, &as, &m)))
		return rc;
	if (ida <= 0)
		return err_set(&r->err, ERR_INVALID, "a", N_("Choose two versions to compare."));
	if (idb <= 0)
		return err_set(&r->err, ERR_INVALID, "b", N_("Choose two versions to compare."));
	if ((rc = classify_list(db, r->arena, as->id, &list, &n, &r->err)) || (rc = version_of(r, list, n, ida, &x)) ||
	    (rc = version_of(r, list, n, idb, &y)))
		return rc;
	h = page_begin(r, tr(r->lang, "Compare classifications"));
	crumbs(h, r, as, true);
	page_h1(h, N_("Compare classifications"));
	compare_head(h, r, N_("Levels and motivations"), N_("Aspect"), &x, &y);
	for (int k = 0; k < CLASS_N_ASPECTS; k++) {
		const char *mx = x.motivation[k] ? x.motivation[k] : "", *my = y.motivation[k] ? y.motivation[k] : "";
		if (x.level[k] < 0 && y.level[k] < 0)
			continue;
		compare_row(h, tr(r->lang, level_labels[k]), level_string(r->arena, &m, x.level[k]),
			    level_string(r->arena, &m, y.level[k]), x.level[k] != y.level[k]);
		compare_row(h, tr(r->lang, motivation_labels[k]), mx, my, strcmp(mx, my) != 0);
	}
	table_close(h);

	compare_head(h, r, N_("Answers"), N_("Question"), &x, &y);
	for (size_t i = 0; i < x.n_answers; i++)
		compare_answer_row(h, r, &x.answers[i], answer_for(&y, x.answers[i].question_id));
	for (size_t i = 0; i < y.n_answers; i++)
		if (!answer_for(&x, y.answers[i].question_id))
			compare_answer_row(h, r, NULL, &y.answers[i]);
	table_close(h);
	page_end(r, h);
	return 0;
}

/* --- the model and the question bank --- */

/* Where the model page of organisation @org_id is, with @msg for its notice. */
static const char *model_url(struct req *r, int64_t org_id, const char *msg)
{
	return arena_printf(r->arena, "/organisations/%" PRId64 "/classification-model?msg=%s", org_id, msg);
}

/* The organisation the route's scope read, and its model. */
static int scope_org(struct req *r, struct db **db, const struct unit **org, struct class_model *m)
{
	*org = scope_record(&r->scope, "unit");
	if (!(*db = req_db(r)))
		return r->err.code ? r->err.code : ERR_DB;
	return classify_model_of(*db, r->arena, *org, m, &r->err);
}

static void question_list(struct html *h, struct req *r, const struct unit *org, const struct class_question *qs,
			  size_t n, const struct class_model *m)
{
	for (int k = 0; k < CLASS_N_ASPECTS; k++) {
		size_t in_aspect = 0, idx = 0;
		struct url u;
		for (size_t i = 0; i < n; i++)
			in_aspect += class_aspect_parse(qs[i].aspect) == k;
		HTML_LIT(h, "<h3>");
		html_tr(h, class_aspect_labels[k]);
		HTML_LIT(h, "</h3>");
		if (k == CLASS_T && !m->use_traceability) {
			HTML_LIT(h, "<p>");
			html_tr(h, "Traceability is not used; these questions are not asked.");
			HTML_LIT(h, "</p>");
		}
		if (in_aspect) {
			HTML_LIT(h, "<table><caption class=\"sr-only\">");
			html_tr(h, class_aspect_labels[k]);
			HTML_LIT(h, "</caption>");
			table_head(h, (const char *const[]){ N_("Question"), N_("Answer options"), N_("In use"),
							     N_("Order"), NULL });
		}
		for (size_t i = 0; i < n; i++) {
			const struct class_question *q = &qs[i];
			if (class_aspect_parse(q->aspect) != k)
				continue;
			idx++;
			HTML_LIT(h, "<tr><th scope=\"row\"><a href=\"/questions/");
			html_int(h, q->id);
			HTML_LIT(h, "/edit\">");
			html_text(h, q->text);
			HTML_LIT(h, "</a></th><td><ul>");
			for (size_t o = 0; o < q->n_options; o++) {
				HTML_LIT(h, "<li>");
				html_text(h, q->options[o].text);
				HTML_LIT(h, " (");
				html_int(h, q->options[o].implies_level);
				HTML_LIT(h, ")</li>");
			}
			HTML_LIT(h, "</ul></td><td>");
			html_tr(h, q->active ? N_("Yes") : N_("No, deactivated"));
			HTML_LIT(h, "</td><td>");
			for (int dir = 0; dir < 2; dir++) {
				if ((dir == 0 && idx == 1) || (dir == 1 && idx == in_aspect))
					continue;
				form_open(h, r, arena_printf(r->arena, "/questions/%" PRId64 "/move", q->id));
				form_hidden_int(h, "version", q->version);
				form_hidden_int(h, "position", dir == 0 ? (int64_t)idx - 1 : (int64_t)idx + 1);
				HTML_LIT(h, "<button type=\"submit\" class=\"secondary\" aria-label=\"");
				html_attr(h, subst(r->arena,
						   tr(r->lang, dir == 0 ? N_("Move up: %s") : N_("Move down: %s")),
						   q->text));
				HTML_LIT(h, "\">");
				html_tr(h, dir == 0 ? N_("Up") : N_("Down"));
				HTML_LIT(h, "</button>");
				form_close(h);
			}
			HTML_LIT(h, "</td></tr>");
		}
		if (in_aspect)
			table_close(h);
		url_init(&u, r->arena, arena_printf(r->arena, "/organisations/%" PRId64 "/questions/new", org->id));
		url_add(&u, "aspect", class_aspects[k]);
		HTML_LIT(h, "<p><a class=\"button\" href=\"");
		html_attr(h, url_str(&u));
		HTML_LIT(h, "\">");
		html_tr1(h, N_("New question about %s"), tr(r->lang, class_aspect_labels[k]));
		HTML_LIT(h, "</a></p>");
	}
}

/* The model page: the model as stored (@m), what the user typed (@in) and the version they change. */
struct model_view {
	const struct unit *org;
	const struct class_model *m;
	const struct class_model_input *in;
	int64_t version;
	const struct class_model *theirs; /* the other person's version after a conflict, or NULL */
};

static int model_page(struct req *r, const void *ctx, const struct err *e)
{
	const struct model_view *v = ctx;
	const struct unit *org = v->org;
	const struct class_model_input *in = v->in;
	const struct class_model *theirs = v->theirs;
	const char *values[CLASS_SCALE_MAX - 1];
	struct class_question *qs;
	size_t n_qs;
	struct html *h;
	struct db *db = req_db(r);
	int rc;

	if (!db)
		return r->err.code ? r->err.code : ERR_DB;
	if ((rc = classify_questions(db, r->arena, org->id, false, &qs, &n_qs, &r->err)))
		return rc;
	for (int l = 1; l < CLASS_SCALE_MAX; l++)
		values[l - 1] = num(r->arena, l);
	h = page_begin(r, tr(r->lang, "Classification model"));
	HTML_LIT(h, "<p class=\"crumbs\">");
	link_record(h, "unit", org->id, org->name);
	HTML_LIT(h, "</p><h1>");
	html_tr(h, "Classification model");
	HTML_LIT(h, "</h1>");
	flash(h, r);
	form_errors(h, r, e);
	if (theirs) {
		HTML_LIT(h, "<section class=\"theirs\" aria-labelledby=\"theirs-h\"><h2 id=\"theirs-h\">");
		html_tr(h, "The version saved by someone else");
		HTML_LIT(h, "</h2><dl class=\"details\">");
		detail_row(h, "Highest level", num(r->arena, theirs->max_level));
		detail_row(h, "Review interval in months", num(r->arena, theirs->review_months));
		detail_row(h, "Traceability is used", tr(r->lang, theirs->use_traceability ? N_("Yes") : N_("No")));
		detail_row(h, "Every aspect needs a motivation",
			   tr(r->lang, theirs->motivate_all ? N_("Yes") : N_("No")));
		for (int64_t l = 0; l <= theirs->max_level && l < CLASS_SCALE_MAX; l++)
			detail_row(h, subst(r->arena, tr(r->lang, N_("Name of level %s")), num(r->arena, l)),
				   theirs->levels[l].name);
		HTML_LIT(h, "</dl></section>");
	}
	HTML_LIT(h, "<h2>");
	html_tr(h, "Scale and aspects");
	HTML_LIT(h, "</h2>");
	form_open(h, r, arena_printf(r->arena, "/organisations/%" PRId64 "/classification-model", org->id));
	form_hidden_int(h, "version", v->version);
	form_checkbox(h, r, "use_traceability", "Use traceability as a fourth aspect", in->use_traceability);
	form_checkbox(h, r, "motivate_all",
		      "Every aspect needs a motivation when a classification is signed (KLASSA practice); otherwise "
		      "only levels raised above what the answers give",
		      in->motivate_all);
	form_select(h, r, "max_level", "Highest level", values, values, CLASS_SCALE_MAX - 1,
		    num(r->arena, in->max_level), false, e);
	form_input(h, r, "number", "review_months", "Review interval in months", num(r->arena, in->review_months), true,
		   NULL, e);
	for (int l = 0; l < CLASS_SCALE_MAX; l++) {
		if (l == in->max_level + 1) {
			HTML_LIT(h, "<details><summary>");
			html_tr(h, "Names for higher levels");
			HTML_LIT(h, "</summary>");
		}
		HTML_LIT(h, "<fieldset class=\"level\"><legend>");
		html_tr1(h, N_("Level %s"), num(r->arena, l));
		HTML_LIT(h, "</legend>");
		form_text(h, r, arena_printf(r->arena, "level_name_%d", l),
			  subst(r->arena, tr(r->lang, N_("Name of level %s")), num(r->arena, l)), in->names[l],
			  l <= in->max_level, e);
		form_textarea(h, r, arena_printf(r->arena, "level_description_%d", l),
			      subst(r->arena, tr(r->lang, N_("Description of level %s")), num(r->arena, l)),
			      in->descriptions[l], e);
		HTML_LIT(h, "</fieldset>");
	}
	if (in->max_level + 1 < CLASS_SCALE_MAX)
		HTML_LIT(h, "</details>");
	form_submit(h, "Save", false);
	form_close(h);
	HTML_LIT(h, "<h2>");
	html_tr(h, "Question bank");
	HTML_LIT(h, "</h2><p>");
	html_tr(h, "Deactivated questions are no longer asked; classifications made with them keep their answers.");
	HTML_LIT(h, "</p>");
	question_list(h, r, org, qs, n_qs, v->m);
	page_end(r, h);
	return 0;
}

int page_class_model(struct req *r)
{
	const struct unit *org;
	struct class_model m;
	struct class_model_input in;
	struct model_view v;
	struct db *db;
	int rc;

	if ((rc = scope_org(r, &db, &org, &m)))
		return rc;
	in = class_model_input_of(&m);
	v = (struct model_view){ org, &m, &in, m.version, NULL };
	return model_page(r, &v, NULL);
}

int page_class_model_update(struct req *r)
{
	const struct unit *org;
	struct class_model m, cur = { 0 };
	struct class_model_input in = { 0 };
	struct model_view v;
	struct err e = { 0 };
	int64_t version = form_int(r, "version", -1);
	struct db *db;
	int rc;

	if ((rc = scope_org(r, &db, &org, &m)))
		return rc;
	in.use_traceability = req_form(r, "use_traceability") != NULL;
	in.motivate_all = req_form(r, "motivate_all") != NULL;
	in.max_level = form_int(r, "max_level", -1);
	in.review_months = form_int(r, "review_months", -1);
	for (int l = 0; l < CLASS_SCALE_MAX; l++) {
		in.names[l] = req_form(r, arena_printf(r->arena, "level_name_%d", l));
		in.descriptions[l] = req_form(r, arena_printf(r->arena, "level_description_%d", l));
	}
	rc = classify_model_update(db, r->arena, r->auth, &m, version, &in, &cur, &e);
	/* The form again shows values it can show; after a conflict it carries the current version. */
	if (in.max_level < 1 || in.max_level >= CLASS_SCALE_MAX)
		in.max_level = m.max_level;
	if (in.review_months < 0)
		in.review_months = m.review_months;
	v = (struct model_view){ org, &m, &in, rc == ERR_CONFLICT ? cur.version : version,
				 rc == ERR_CONFLICT ? &cur : NULL };
	return page_saved(r, rc, &e, model_url(r, org->id, "saved"), model_page, &v);
}

static const char *const option_id_fields[CLASS_MAX_OPTIONS] = {
	"option_id_1", "option_id_2", "option_id_3", "option_id_4", "option_id_5",
};

/* The question form of organisation @org_id: @in holds up to five options (blank rows are dropped on saving). */
struct question_view {
	int64_t org_id;
	const struct class_model *m; /* its model, or NULL to read it */
	const char *action;
	const struct class_question_input *in;
	int64_t version;
	bool creating;
	const struct class_question *theirs; /* the other person's version after a conflict, or NULL */
};

static int question_form(struct req *r, const void *ctx, const struct err *e)
{
	const struct question_view *v = ctx;
	const struct class_question_input *in = v->in;
	const struct class_question *theirs = v->theirs;
	bool creating = v->creating;
	const char *levels[CLASS_SCALE_MAX];
	struct class_model model;
	const struct class_model *m = v->m;
	struct html *h;
	struct db *db;
	int rc;

	if (!m) {
		if (!(db = req_db(r)))
			return r->err.code ? r->err.code : ERR_DB;
		if ((rc = classify_model_get(db, r->arena, v->org_id, &model, &r->err)))
			return rc;
		m = &model;
	}
	for (int l = 0; l <= m->max_level && l < CLASS_SCALE_MAX; l++)
		levels[l] = num(r->arena, l);
	h = page_begin(r, tr(r->lang, creating ? N_("New question") : N_("Edit question")));
	HTML_LIT(h, "<p class=\"crumbs\"><a href=\"/organisations/");
	html_int(h, v->org_id);
	HTML_LIT(h, "/classification-model\">");
	html_tr(h, "Classification model");
	HTML_LIT(h, "</a></p><h1>");
	html_tr(h, creating ? N_("New question") : N_("Edit question"));
	HTML_LIT(h, "</h1>");
	form_errors(h, r, e);
	if (theirs) {
		HTML_LIT(h, "<section class=\"theirs\" aria-labelledby=\"theirs-h\"><h2 id=\"theirs-h\">");
		html_tr(h, "The version saved by someone else");
		HTML_LIT(h, "</h2><dl class=\"details\">");
		detail_row(h, "Question", theirs->text);
		detail_row(h, "Help text", theirs->help);
		for (size_t i = 0; i < theirs->n_options; i++)
			detail_row(h, "Answer option",
				   arena_printf(r->arena, "%s (%" PRId64 ")", theirs->options[i].text,
						theirs->options[i].implies_level));
		HTML_LIT(h, "</dl></section>");
	}
	form_open(h, r, v->action);
	if (!creating)
		form_hidden_int(h, "version", v->version);
	form_select(h, r, "aspect", "Aspect", class_aspects, class_aspect_labels, CLASS_N_ASPECTS, in->aspect, true, e);
	form_textarea(h, r, "text", "Question", in->text, e);
	form_textarea(h, r, "help", "Help text", in->help, e);
	if (!creating)
		form_checkbox(h, r, "active", "In use (asked when classifying)", in->active);
	HTML_LIT(h, "<fieldset id=\"f-options\"><legend>");
	html_tr(h, "Answer options (2 to 5; leave unused rows empty)");
	HTML_LIT(h, "</legend>");
	for (size_t i = 0; i < CLASS_MAX_OPTIONS; i++) {
		const struct class_option_input *o = i < in->n_options ? &in->options[i] : NULL;
		const char *n = num(r->arena, (int64_t)i + 1);
		if (o && o->id)
			form_hidden_int(h, option_id_fields[i], o->id);
		form_text(h, r, class_option_text_fields[i], subst(r->arena, tr(r->lang, N_("Answer option %s")), n),
			  o ? o->text : NULL, false, e);
		form_select(h, r, class_option_level_fields[i],
			    subst(r->arena, tr(r->lang, N_("Answer option %s implies at least level")), n), levels,
			    levels, (size_t)m->max_level + 1, num(r->arena, o ? o->implies_level : 0), false, e);
	}
	HTML_LIT(h, "</fieldset>");
	form_submit(h, creating ? N_("Create") : N_("Save"), false);
	form_close(h);
	page_end(r, h);
	return 0;
}

/* Read the question form; option rows with blank text are dropped (and their ids, which removes them). */
static void question_input_from_form(struct req *r, struct class_question_input *in)
{
	struct class_option_input *opts = arena_calloc(r->arena, CLASS_MAX_OPTIONS, sizeof(*opts));
	size_t n = 0;

	memset(in, 0, sizeof(*in));
	in->aspect = req_form(r, "aspect");
	in->text = req_form(r, "text");
	in->help = req_form(r, "help");
	in->active = req_form(r, "active") != NULL;
	for (size_t i = 0; i < CLASS_MAX_OPTIONS; i++) {
		const char *t = req_form(r, class_option_text_fields[i]);
		if (str_blank(t))
			continue;
		opts[n].id = form_int(r, option_id_fields[i], 0);
		opts[n].text = t;
		opts[n].implies_level = form_int(r, class_option_level_fields[i], -1);
		n++;
	}
	in->options = opts;
	in->n_options = n;
}

int page_class_question_new(struct req *r)
{
	const struct unit *org;
	struct class_model m;
	struct class_question_input in = { 0 };
	struct question_view v = { 0 };
	struct db *db;
	int rc;

	/* The unit must be an organisation, whose model the form's levels come from. */
	if ((rc = scope_org(r, &db, &org, &m)))
		return rc;
	in.aspect = req_query(r, "aspect");
	in.active = true;
	v.org_id = org->id;
	v.m = &m;
	v.action = arena_printf(r->arena, "/organisations/%" PRId64 "/questions", org->id);
	v.in = &in;
	v.creating = true;
	return question_form(r, &v, NULL);
}

int page_class_question_create(struct req *r)
{
	const struct unit *org = scope_record(&r->scope, "unit");
	struct class_question_input in;
	struct question_view v = { 0 };
	struct err e = { 0 };
	int64_t id;
	struct db *db;
	int rc;

	if (!(db = req_db(r)))
		return r->err.code ? r->err.code : ERR_DB;
	question_input_from_form(r, &in);
	in.active = true;
	rc = classify_question_create(db, r->arena, r->auth, org->id, &in, &id, &e);
	v.org_id = org->id;
	v.action = arena_printf(r->arena, "/organisations/%" PRId64 "/questions", org->id);
	v.in = &in;
	v.creating = true;
	return page_saved(r, rc, &e, model_url(r, org->id, "created"), question_form, &v);
}

int page_class_question_edit(struct req *r)
{
	const struct class_question *q = scope_record(&r->scope, "class_question");
	struct class_question_input in = class_question_input_of(r->arena, q);
	struct question_view v = { 0 };

	v.org_id = q->org_id;
	v.action = arena_printf(r->arena, "/questions/%" PRId64 "/edit", q->id);
	v.in = &in;
	v.version = q->version;
	return question_form(r, &v, NULL);
}

int page_class_question_update(struct req *r)
{
	const struct class_question *q = scope_record(&r->scope, "class_question");
	struct class_question cur = { 0 };
	struct class_question_input in;
	struct question_view v = { 0 };
	struct err e = { 0 };
	struct db *db;
	int rc;

	if (!(db = req_db(r)))
		return r->err.code ? r->err.code : ERR_DB;
	question_input_from_form(r, &in);
	v.org_id = q->org_id;
	v.action = arena_printf(r->arena, "/questions/%" PRId64 "/edit", q->id);
	v.in = &in;
	v.version = form_int(r, "version", -1);
	rc = classify_question_update(db, r->arena, r->auth, q, v.version, &in, &cur, &e);
	/* After a conflict the form carries the current version, so saving again is a deliberate overwrite. */
	if (rc == ERR_CONFLICT) {
		v.version = cur.version;
		v.theirs = &cur;
	}
	return page_saved(r, rc, &e, model_url(r, q->org_id, "saved"), question_form, &v);
}

int page_class_question_move(struct req *r)
{
	const struct class_question *q = scope_record(&r->scope, "class_question");
	struct db *db;
	int rc;

	if (!(db = req_db(r)))
		return r->err.code ? r->err.code : ERR_DB;
	if ((rc = classify_question_place(db, r->arena, r->auth, q, form_int(r, "version", -1),
					  form_int(r, "position", q->position), &r->err)))
		return rc;
	return resp_redirect(r, model_url(r, q->org_id, "saved"));
}
