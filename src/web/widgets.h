/*
 * widgets.h - the pieces every module's pages share: addresses with query
 * arguments, links to records, pickers of units and people, and what a
 * page does after a form is saved.
 *
 * They exist so that a new module's pages never build a URL by hand, never
 * list units or users for a select themselves, and handle a save the same
 * way: redirect on success, the form again with the problem named (400) or
 * with the other person's version (409), an error page for anything else.
 */
#ifndef TILLIT_WEB_WIDGETS_H
#define TILLIT_WEB_WIDGETS_H

#include <stdbool.h>
#include <stdint.h>

#include "core/buf.h"
#include "core/html.h"
#include "domain/unit.h"
#include "http/req.h"

struct db;

/* --- addresses --- */

/** A site path with query arguments, built in an arena. */
struct url {
	struct html h;
};

/** Start @u at @path (a path on this site, e.g. "/assets"). */
void url_init(struct url *u, struct arena *a, const char *path);

/** Append "?key=value" or "&key=value", percent-encoded; an empty or NULL @val adds nothing. */
void url_add(struct url *u, const char *key, const char *val);

/** As url_add() for a number; 0 adds nothing. */
void url_add_int(struct url *u, const char *key, int64_t val);

/** The address built so far; lives in the arena given to url_init(). */
const char *url_str(const struct url *u);

/** @path followed by the request's query arguments named in @names (NULL-terminated), as they came. */
const char *url_keep(struct req *r, const char *path, const char *const *names);

/* --- lists --- */

/**
 * The page of a list a request asks for: ?limit= from 1 to 500 (@page
 * otherwise, also when absent or malformed) and ?offset= (0 when absent,
 * malformed or negative).
 */
void page_paging(struct req *r, int64_t page, int64_t *limit, int64_t *offset);

/** @n written as a person reads it in @h's language ("10 000" in Swedish, "10,000" in English). */
void html_count(struct html *h, int64_t n);

/**
 * The pager of a list whose count stops at @bound (page_pager() otherwise):
 * a @total over @bound reads "1–50 / more than 10 000", and "Next" goes no
 * further than @bound; an @offset past it shows "0–0" and "Previous" to the
 * last page.
 */
void page_pager_bounded(struct html *h, struct req *r, const char *base, int64_t offset, int64_t limit, int64_t total,
			int64_t bound);

/* --- links to records --- */

/** A kind of record: its name in the audit trail and links, its page, its name for people. */
struct record_kind {
	const char *kind;  /* "asset", "incident", ... */
	const char *path;  /* "/assets/" (the page is path + id), or NULL when it has no page of its own */
	const char *label; /* message id */
};

/** Every kind, ended by one whose kind is NULL (widgets.c). */
extern const struct record_kind record_kinds[];

/** The kind named @kind, or NULL. */
const struct record_kind *record_kind_find(const char *kind);

/**
 * <a href="/KIND-PATH/ID">label</a> for a record of @kind (record_kinds[];
 * "action", the name of earlier versions, is an activity); the label is
 * escaped. A kind without a page, an unknown kind or id 0 writes the label
 * alone.
 */
void link_record(struct html *h, const char *kind, int64_t id, const char *label);

/* --- pickers --- */

/** The options of a select: values and their labels (plain text, already translated). */
struct picker {
	const char **values, **labels;
	size_t n;
};

/**
 * The units the signed-in user sees, in tree order, each label indented by
 * its depth; only those @keep (NULL: all) accepts. A first option with the
 * empty value and the translated @any_label when it is not NULL.
 */
int picker_units(struct req *r, struct db *db, const char *any_label,
		 bool (*keep)(struct req *r, const struct unit *u, const void *ctx), const void *ctx,
		 struct picker *out);

/**
 * Active users as "Name (username)", with the translated @none_label first
 * (empty value) when it is not NULL; the inactive users @keep_a and
 * @keep_b stay listed, so a record's current choice is never lost.
 */
int picker_users(struct req *r, struct db *db, const char *none_label, int64_t keep_a, int64_t keep_b,
		 struct picker *out);

/** A labelled select of @p's options with @selected_id chosen (0: the empty option). */
void form_picker(struct html *h, struct req *r, const char *name, const char *label, const struct picker *p,
		 int64_t selected_id, const struct err *e);

/**
 * A select of a list's filter: first the empty value labelled @any_label
 * ("All kinds"), then @values labelled by the message ids @labels;
 * @selected (NULL: the first) chosen.
 */
void form_filter_select(struct html *h, struct req *r, const char *name, const char *label, const char *any_label,
			const char *const *values, const char *const *labels, size_t n, const char *selected);

/* --- after a save --- */

/** Shows a form again with the problem in @e (the status is already set). */
typedef int (*page_again_fn)(struct req *r, const void *ctx, const struct err *e);

/**
 * What a page does with the result @rc of a create or update: 0 redirects
 * to @done; ERR_INVALID or ERR_EXISTS shows the form again with 400,
 * ERR_CONFLICT with 409, through @again (which shows the other person's
 * version when the domain gave one); any other error becomes the
 * request's error (403, 404, 500 page).
 */
int page_saved(struct req *r, int rc, const struct err *e, const char *done, page_again_fn again, const void *ctx);

/**
 * Open the section that shows, above a form kept as the user typed it,
 * the version someone else saved first (its heading included). The
 * caller writes the record and closes it with "</section>".
 */
void page_theirs_open(struct html *h);

#endif
