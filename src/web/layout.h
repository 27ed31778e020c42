/*
 * layout.h - the frame of every page, and the form and link helpers.
 *
 * Pages call page_begin(), write their content with the html.h functions
 * and the helpers here, and finish with page_end(), which hands the document
 * to the response. The helpers build URLs and escape every value, so pages
 * rarely touch a raw string (cgit's ui-shared.c idea).
 */
#ifndef TILLIT_WEB_LAYOUT_H
#define TILLIT_WEB_LAYOUT_H

#include <stdbool.h>
#include <stdint.h>

#include "core/html.h"
#include "http/req.h"

/** Start a page titled @title (plain text, escaped here). The document lives in r->arena. */
struct html *page_begin(struct req *r, const char *title);

/** As page_begin(), for a page that shows a document (io/doc.h): it also links /static/doc.css. */
struct html *page_begin_doc(struct req *r, const char *title);

/** Close the page and make it the response body (status stays as set, default 200). */
void page_end(struct req *r, struct html *h);

/** A translated message for a known ?msg= key after a redirect ("saved", "created", ...), or nothing. */
void page_flash(struct html *h, struct req *r);

/** <a href="/units/ID">label</a> */
void link_unit(struct html *h, int64_t id, const char *label);
/** <a href="/users/ID">label</a> */
void link_user(struct html *h, int64_t id, const char *label);
/**
 * <a href="/assets/ID@sub">@msgid</a>, translated: a link to a page of the
 * asset @id (@sub "/classification"), with class="button" when @button.
 */
void link_asset_page(struct html *h, int64_t id, const char *sub, const char *msgid, bool button);

/* --- forms --- */

/** <form method="post" action="@action"> with the CSRF field. @action is a site path. */
void form_open(struct html *h, struct req *r, const char *action);
void form_close(struct html *h);

/** An error summary (role="alert") when @e holds an error; the field's message is linked to it. */
void form_errors(struct html *h, struct req *r, const struct err *e);

/** As form_errors(), naming the field with the message id @label (NULL: the shared table's label). */
void form_errors_as(struct html *h, struct req *r, const struct err *e, const char *label);

/** A labelled text input; shows @e's message under it when @e names this field. */
void form_text(struct html *h, struct req *r, const char *name, const char *label, const char *value, bool required,
	       const struct err *e);

/** As form_text with a type ("password", "email", "date", "search"). */
void form_input(struct html *h, struct req *r, const char *type, const char *name, const char *label, const char *value,
		bool required, const char *autocomplete, const struct err *e);

/** A labelled textarea. */
void form_textarea(struct html *h, struct req *r, const char *name, const char *label, const char *value,
		   const struct err *e);

/**
 * A labelled text field that offers suggestions: the <datalist> @list_id
 * (written by the caller) and, when @typeahead is not NULL, the address
 * static/app.js asks for more as one types (the words are appended to it;
 * the answer's "items" give each suggestion's "label").
 */
void form_suggest(struct html *h, struct req *r, const char *name, const char *label, const char *value,
		  const char *list_id, const char *typeahead, const struct err *e);

/**
 * A labelled select. @values are the option values, @labels their message
 * ids (translated) or, when @translate is false, plain text.
 */
void form_select(struct html *h, struct req *r, const char *name, const char *label, const char *const *values,
		 const char *const *labels, size_t n, const char *selected, bool translate, const struct err *e);

/** A checkbox (value "1"). */
void form_checkbox(struct html *h, struct req *r, const char *name, const char *label, bool checked);

void form_hidden(struct html *h, const char *name, const char *value);
void form_hidden_int(struct html *h, const char *name, int64_t value);

/** A submit button with a translated label; @secondary gives the quieter style. */
void form_submit(struct html *h, const char *label, bool secondary);

/** Previous/next links for a paged list; @base is the path with its other query arguments ("/audit?entity=unit"). */
void page_pager(struct html *h, struct req *r, const char *base, int64_t offset, int64_t limit, int64_t total);

/** The integer query argument @name, or @def when missing or malformed. */
int64_t query_int(struct req *r, const char *name, int64_t def);

/** The form field @name as an integer, or @def. */
int64_t form_int(struct req *r, const char *name, int64_t def);

/** A row of a <dl class="details">: translated @label, escaped @value, or "–" when empty. */
void detail_row(struct html *h, const char *label, const char *value);

/** As detail_row() for a time stamp, shown with html_time(). */
void time_row(struct html *h, const char *label, const char *iso);

/** A translated, escaped description of when: "2026-11-23 09:14 UTC". */
void html_time(struct html *h, const char *iso);

#endif
