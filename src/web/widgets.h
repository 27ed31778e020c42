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
#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"
#include "core/html.h"
#include "domain/listexport.h"
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

/**
 * The buttons of a list's downloads: "Export XLSX", "Export CSV" and
 * "Export JSON", each to @path?format=… with the request's arguments
 * named in @args (NULL-terminated), so a file holds what the list shows.
 */
void page_export_links(struct html *h, struct req *r, const char *path, const char *const *args);

/**
 * The format of such a download, ?format= (xlsx when absent), as an enum
 * export_format in *out; ERR_INVALID naming "format" (in r->err) otherwise.
 */
int page_export_format(struct req *r, int *out);

/* --- a page's parts --- */

/** The way back to the list at @href: "<p class="crumbs"><a href=…>@msgid</a></p>", translated. */
void page_crumb(struct html *h, const char *href, const char *msgid);

/** "<h1>@msgid</h1>", translated. */
void page_h1(struct html *h, const char *msgid);

/** A button to a page that starts something ("New asset"): "<p class="actions"><a class="button" href=…>". */
void page_button(struct html *h, const char *href, const char *msgid);

/** Open a list's filter form, which sends its fields to @action with GET. */
void filters_open(struct html *h, const char *action);

/** As filters_open(), for a search: role="search", named "Filter the list" for screen readers. */
void filters_search_open(struct html *h, const char *action);

/** Close a filter form after its "Filter" button. */
void filters_close(struct html *h);

/** As filters_close(), with a link "Clear the filters" to the unfiltered list at @href between. */
void filters_clear_close(struct html *h, const char *href);

/**
 * Fold the filters that follow, beyond the search and the unit, under
 * "More filters" (a details element: it opens by keyboard and without
 * script), so that the list starts high on the screen; open already when
 * the query holds anything besides the search, the unit and the paging
 * (a filter in use). filters_more_close() ends it, before filters_close().
 */
void filters_more_open(struct html *h, const struct req *r);
void filters_more_close(struct html *h);

/**
 * A list's filters that could not be read: the list is shown unfiltered
 * (@f, @size bytes, zeroed) with status 400, the error above it.
 */
void filters_refused(struct req *r, void *f, size_t size);

/* --- tables --- */

/* In a table's column list, marks the next heading as a column of figures (class "num"). */
extern const char TABLE_NUM[];

/**
 * The header row of a table: "<thead><tr><th scope="col">…</th>…</tr></thead><tbody>"
 * with a translated heading for each message id of @cols up to NULL:
 * table_head(h, (const char *const[]){ N_("Title"), TABLE_NUM, N_("Risks"), NULL }).
 */
void table_head(struct html *h, const char *const *cols);

/*
 * The sortable headings of a list: each heading with a sort value is a
 * link to the list sorted by it, keeping the list's filters and starting
 * again at its first page. The column it is sorted by says so
 * (aria-sort="ascending" or "descending"); a second click on it turns the
 * order round. Links, so sorting needs no script.
 */
struct table_sort {
	const char *path;        /* the list's address ("/assets") */
	const char *const *keep; /* the query arguments the links keep (the list's *_filter_args; sort, order,
				    offset and limit are the links' own) */
	const char *const *keys; /* per heading (TABLE_NUM marks not counted): its value of ?sort=, or NULL */
	const char *sorted;      /* the sort in effect (the list's default when ?sort= is absent) */
	bool desc;               /* the order in effect */
};

/** As table_head(), with the headings @s names sortable. */
void table_head_sorted(struct html *h, struct req *r, const struct table_sort *s, const char *const *cols);

/**
 * A list's table up to its first row: "<table><caption>@caption (@total)</caption>"
 * (without the count when @total is negative), then table_head(@cols). Close it with table_close().
 */
void table_open(struct html *h, const char *caption, int64_t total, const char *const *cols);

/** As table_open() without a count, for a table whose caption only screen readers read (class "sr-only"). */
void table_open_sr(struct html *h, const char *caption, const char *const *cols);
/** As table_open(), with the headings @s names sortable (table_head_sorted()); @s may be NULL. */
void table_open_sorted(struct html *h, struct req *r, const char *caption, int64_t total, const struct table_sort *s,
		       const char *const *cols);

/** "</tbody></table>". */
void table_close(struct html *h);

struct activity;

/**
 * The activities made from a record (an incident's follow-up, an exercise's
 * resulting actions): title, status, deadline and plan, each linked; "None."
 * when there are none. @caption (a message id) names the table for screen readers.
 */
void activities_table(struct html *h, struct req *r, const char *caption, const struct activity *activities, size_t n);

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

/* What a picker chooses: how its typed field names the choice, what it suggests and says. */
enum picker_kind { PICKER_UNITS, PICKER_PEOPLE, PICKER_ASSETS, PICKER_DOCUMENTS };

/** The options of a select: values and their labels (plain text, already translated). */
struct picker {
	const char **values, **labels;
	size_t n;
	/*
	 * More choices than a select holds (picker_units(), picker_users(), picker_assets()):
	 * none is listed but the empty first one, and the field is typed in.
	 */
	bool typed;
	enum picker_kind kind;
	/* Where a typed field asks its suggestions as one types, up to the words; NULL: the kind's own. */
	const char *typeahead;
};

/**
 * The units the signed-in user sees, in tree order, each label indented by
 * its depth; only those @keep (NULL: all) accepts. A first option with the
 * empty value and the translated @any_label when it is not NULL.
 *
 * When the user sees more units than a select holds (999, an
 * installation of many organisations), none is listed and out->typed is
 * set: form_picker() and form_unit_filter() then make a text field where
 * the unit is typed, with suggestions from /api/v1/units/choices as one
 * types, and picker_fields_resolve() turns what was typed into the unit's
 * id before the page reads it. @keep is then the page's own check on saving.
 */
int picker_units(struct req *r, struct db *db, const char *any_label,
		 bool (*keep)(struct req *r, const struct unit *u, const void *ctx), const void *ctx,
		 struct picker *out);

/**
 * As picker_units() for a select of several units (no @keep, no empty
 * option), which is never typed in: the first PICKER_LIMIT (1000) units in
 * tree order.
 */
int picker_units_listed(struct req *r, struct db *db, struct picker *out);

/** As picker_units() for the organisations the user sees (no empty option), always a select. */
int picker_organisations(struct req *r, struct db *db, struct picker *out);

/**
 * Two pickers of the units from one reading of them (a page with a filter
 * and a form): into @all every unit with @any_label first, as
 * picker_units(@any_label, NULL), and into @kept those @keep accepts with
 * no first option, as picker_units(NULL, @keep, @ctx); both typed when
 * picker_units() would be.
 */
int picker_units_twice(struct req *r, struct db *db, const char *any_label, struct picker *all,
		       bool (*keep)(struct req *r, const struct unit *u, const void *ctx), const void *ctx,
		       struct picker *kept);

/** A @keep of picker_units(): the units where the signed-in user may edit (@ctx unused). */
bool picker_keep_editable(struct req *r, const struct unit *u, const void *ctx);

/** A @keep of picker_units(): the units whose personal data the signed-in user keeps (@ctx unused). */
bool picker_keep_gdpr(struct req *r, const struct unit *u, const void *ctx);

/* At most this many people are offered in a select; beyond, a person field is typed in (picker_users()). */
#define PERSON_SELECT_MAX 200

/**
 * Active users as "Name (username)", in user name order, with the
 * translated @none_label first (empty value) when it is not NULL; the
 * inactive users @keep_a and @keep_b stay listed, so a record's current
 * choice is never lost.
 *
 * Past PERSON_SELECT_MAX active users none is listed and out->typed is
 * set, as picker_units() does past 999 units: form_picker() and
 * form_picker_filter() then make a text field where a name or user name is
 * typed, with suggestions from /api/v1/people as one types, showing the
 * person chosen now (active or not), and picker_fields_resolve() turns
 * what was typed into the person's id before the page reads it.
 */
int picker_users(struct req *r, struct db *db, const char *none_label, int64_t keep_a, int64_t keep_b,
		 struct picker *out);

/* At most this many assets are offered in a select; beyond, an asset field is typed in (picker_assets()). */
#define ASSET_SELECT_MAX 200

/**
 * The assets the signed-in user sees as "Name (Unit)", in the asset list's
 * order (by name), with the translated @none_label first (empty value) when
 * it is not NULL; the asset @keep (0: none), a record's current choice, is
 * offered too when the user does not see it ("An asset in another unit"),
 * so that the form saves it as it is.
 *
 * Past ASSET_SELECT_MAX assets none is listed and out->typed is set, as
 * picker_users() does past 200 people: form_picker() then makes a text
 * field where the asset's name is typed, with suggestions from
 * /api/v1/assets/choices as one types, and picker_fields_resolve() turns
 * what was typed into the asset's id before the page reads it.
 */
int picker_assets(struct req *r, struct db *db, const char *none_label, int64_t keep, struct picker *out);

/** As picker_assets() for the assets of @unit_id's subtree, no empty option (a field of several assets). */
int picker_assets_of(struct req *r, struct db *db, int64_t unit_id, struct picker *out);

/*
 * At most this many governing documents are offered in a select; beyond,
 * a document field is typed in: the page sets typed and kind
 * PICKER_DOCUMENTS, suggestions come from
 * /api/v1/governing-documents/choices and picker_fields_resolve() reads
 * the text as governing_document_find_choice() does.
 */
#define DOCUMENT_SELECT_MAX 200

/**
 * A labelled select of @p's options with @selected_id chosen (0: the empty
 * option). A long one (more than PICKER_FILTER_AT options) gets a box that
 * narrows it as one types when script runs (static/app.js). For a typed
 * picker (p->typed), a text field holding the name of the unit, person,
 * asset or document @selected_id (for a person "Name (username)", for an
 * asset "Name (Unit)", for a document "Title (version, Unit)"), or what
 * was typed when it named nothing or several, with the suggestions of
 * p->typeahead (or the kind's own: /api/v1/units/choices, /api/v1/people,
 * /api/v1/assets/choices, /api/v1/governing-documents/choices) as one
 * types and, for a person, asset or document refused so, those matching it
 * suggested by the server.
 */
void form_picker(struct html *h, struct req *r, const char *name, const char *label, const struct picker *p,
		 int64_t selected_id, const struct err *e);

/**
 * The filter @name of a list (a GET form): a select of @p's options with
 * the query's @name chosen, or for a typed picker a text field as
 * form_picker() makes (empty: any).
 */
void form_picker_filter(struct html *h, struct req *r, const char *name, const char *label, const struct picker *p);

/** form_picker_filter() for a list's unit filter, of picker_units(). */
void form_unit_filter(struct html *h, struct req *r, const char *name, const char *label, const struct picker *p);

/**
 * The control of @p alone, without label or field (a row's own small
 * form, as each target group's "Add a person"): a select named @name with
 * element id @id and no option chosen, or for a typed picker a text field
 * offering suggestions as one types.
 */
void picker_control(struct html *h, struct req *r, const char *name, const char *id, const struct picker *p);

/**
 * app.prepare_page: the unit fields (unit_id, to_unit_id,
 * responsible_unit_id, parent_id), person fields (owner_id,
 * administrator_id, responsible_id, dpo_id, accepted_by, checked_by,
 * user_id), asset fields (asset_id, asset_ids) and document fields
 * (replaces_id) of a page's query or form given as text, as a typed
 * picker sends them, become the id of the one unit the text names among
 * those the user sees (unit_find_choice()), of the one person it names
 * (user_find_text()), of the one asset (asset_find_choice()) or document
 * (governing_document_find_choice()) it names among those the user sees. A text that
 * names nothing or several becomes "-1", noted with req_typed_add() so
 * that the field's error says which and the field shows the text again.
 */
int picker_fields_resolve(struct req *r);

/* From this many options on, a select can be narrowed by typing. */
#define PICKER_FILTER_AT 20

/*
 * A search for an asset that scales with the register: a GET form (no
 * script needed) whose words, in the request field @qname (form or query),
 * list at most @max matching assets the user sees as a picker to choose
 * from, never the whole register.
 */
struct asset_search {
	const char *qname;  /* the request field of the search ("link_q") */
	const char *action; /* where the search form goes, with its #anchor ("/assets/7#add-link") */
	const char *label;  /* message id of the search field's label */
	int64_t unit_id;    /* only this unit's subtree; 0: every unit the user sees */
	int64_t skip;       /* an asset never offered (the record's own), 0: none */
	int64_t keep;       /* an asset offered while the user sees it (the one just tried), 0: none */
	size_t max;         /* at most this many matches (1..100) */
	/* filled by asset_search_find(): */
	const char *q; /* the search, NULL when none */
	bool more;     /* more assets match than were listed */
};

/** Find the matches of @s's search into @out (a picker of ids and "Name (kind, unit)"). */
int asset_search_find(struct req *r, struct db *db, struct asset_search *s, struct picker *out);

/** The search form of @s, and what its result says when nothing or too much matches. */
void asset_search_form(struct html *h, struct req *r, const struct asset_search *s, const struct picker *found);

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

/* --- a list as a file --- */

/* The filter struct of a list's export: its size and where its viewer member is. */
#define PAGE_EXPORT_FILTER(type) .filter_size = sizeof(type), .at_viewer = offsetof(type, viewer_id)

/*
 * A list's download in one of the three list formats (domain/listexport.h),
 * with the list page's filters: the module's filter reader, its export and
 * the file name, as callbacks on void pointers; PAGE_FILTER_READER() and
 * PAGE_LIST_EXPORTER() write them for the usual signatures.
 */
struct page_export {
	size_t filter_size, at_viewer; /* PAGE_EXPORT_FILTER() */
	/* Read the list's filters into @f (zeroed); an error names the argument. */
	int (*filter)(struct req *r, void *f);
	/* Every record by @f (its viewer set) as a file in @format: *data, *len, *mime. */
	int (*render)(struct req *r, struct db *db, const void *f, enum export_format format, const char **data,
		      size_t *len, const char **mime);
	/* The name to save the file as. */
	const char *(*filename)(struct arena *a, enum export_format format);
};

/**
 * GET a list as a file in the format its address ends with (".../export.xlsx",
 * ".csv" or ".json"): the filters, every record the user sees, then resp_file().
 */
int page_export(struct req *r, const struct page_export *x);

/** A button to download @path with the request's arguments named in @args: "<a class="button" …>@label</a> ". */
void export_button(struct html *h, struct req *r, const char *path, const char *const *args, const char *label);

/** The buttons "Export XLSX", "Export CSV" and "Export JSON" of the list at @path (@path/export.xlsx, …). */
void export_buttons(struct html *h, struct req *r, const char *path, const char *const *args);

/* filter: @parse_fn(f, req_query_get, r, &r->err), after @init_fn(f) in the _INIT form. */
#define PAGE_FILTER_READER(name, parse_fn)                     \
	static int name(struct req *r, void *f)                \
	{                                                      \
		return parse_fn(f, req_query_get, r, &r->err); \
	}
#define PAGE_FILTER_READER_INIT(name, init_fn, parse_fn)       \
	static int name(struct req *r, void *f)                \
	{                                                      \
		init_fn(f);                                    \
		return parse_fn(f, req_query_get, r, &r->err); \
	}

/* render: @export_fn(db, arena, f, lang, format, data, len, mime, err). */
#define PAGE_LIST_EXPORTER(name, export_fn)                                                                        \
	static int name(struct req *r, struct db *db, const void *f, enum export_format format, const char **data, \
			size_t *len, const char **mime)                                                            \
	{                                                                                                          \
		return export_fn(db, r->arena, f, r->lang, format, data, len, mime, &r->err);                      \
	}

/* --- one record's forms: create, edit, update --- */

/*
 * What an edit form shows, the ctx of its page_again_fn: the stored record
 * (NULL for a new one), the input in the fields, the version the form
 * carries, and after a conflict the other person's version (@cur, shown
 * above the form with page_theirs_open(); the form then carries its version,
 * so saving again is a deliberate overwrite).
 */
struct form_view {
	const void *rec;
	const void *in;
	int64_t version;
	const void *cur;
};

/* The record and input structs of a module's forms: sizes, and where the record's id and version are. */
#define PAGE_RECORD(rec_type, input_type)                                                                   \
	.record_size = sizeof(rec_type), .input_size = sizeof(input_type), .at_id = offsetof(rec_type, id), \
	.at_version = offsetof(rec_type, version)

/*
 * A module's record forms as a table. The callbacks take the module's
 * structs as void pointers; PAGE_FROM_FORM(), PAGE_INPUT_OF(),
 * PAGE_CREATOR() and PAGE_UPDATER() write them for the usual signatures.
 */
struct page_record_def {
	size_t record_size, input_size, at_id, at_version; /* PAGE_RECORD() */
	const char *kind;                                  /* the scope's record kind ("continuity_plan") */
	const char *path; /* a record's page up to its id ("/continuity/"); saving redirects there with ?msg= */
	/* The posted form's fields into @in: zeroed for a new record, else the stored record's input (input_of). */
	void (*from_form)(struct req *r, void *in);
	/* The input of stored record @rec (<record>_input_of()): the start of an edit form. */
	void (*input_of)(const void *rec, void *in);
	/* Instead of input_of, where the form holds more than the record (its links, its lists): read with @db. */
	int (*load)(struct req *r, struct db *db, const void *rec, void *in);
	int (*create)(struct req *r, struct db *db, const void *in, int64_t *id, struct err *e);
	/* On a stale version the domain fills @cur with the stored record. */
	int (*update)(struct req *r, struct db *db, const void *before, int64_t version, const void *in, void *cur,
		      struct err *e);
	/* The form, with ctx a const struct form_view *. */
	page_again_fn form;
};

/** POST a new record: the form's input, create, then page_saved() to path + id + "?msg=created". */
int page_record_create(struct req *r, const struct page_record_def *d);

/** GET the edit form of the scope's record (its input by d->load when given, else d->input_of). */
int page_record_edit(struct req *r, const struct page_record_def *d);

/**
 * POST a change of the scope's record with the version the form carried:
 * page_saved() to path + id + "?msg=saved"; after a conflict the form shows
 * the other person's version and carries it.
 */
int page_record_update(struct req *r, const struct page_record_def *d);

/* from_form: *in = @from_form_fn(r). */
#define PAGE_FROM_FORM(name, input_type, from_form_fn) \
	static void name(struct req *r, void *in)      \
	{                                              \
		*(input_type *)in = from_form_fn(r);   \
	}

/* input_of: *in = @input_of_fn(rec). */
#define PAGE_INPUT_OF(name, input_type, input_of_fn)  \
	static void name(const void *rec, void *in)   \
	{                                             \
		*(input_type *)in = input_of_fn(rec); \
	}

/* create: @create_fn(db, arena, auth, in, id, e). */
#define PAGE_CREATOR(name, create_fn)                                                             \
	static int name(struct req *r, struct db *db, const void *in, int64_t *id, struct err *e) \
	{                                                                                         \
		return create_fn(db, r->arena, r->auth, in, id, e);                               \
	}

/* update: @update_fn(db, arena, auth, before, version, in, cur, e). */
#define PAGE_UPDATER(name, update_fn)                                                                                 \
	static int name(struct req *r, struct db *db, const void *before, int64_t version, const void *in, void *cur, \
			struct err *e)                                                                                \
	{                                                                                                             \
		return update_fn(db, r->arena, r->auth, before, version, in, cur, e);                                 \
	}

#endif
