/*
 * api_resource.h - the handlers every module's JSON resource shares: list,
 * export, create, read and change, each driven by a small table the module
 * fills in. A module's api_<module>.c holds only what is its own: how its
 * filter is read, which domain function lists or changes its records, how
 * a record is written as JSON and which members a body may carry.
 *
 * A collection (the list and the export of one kind of record):
 *
 *	static int read_filter(struct req *r, void *f)
 *	{
 *		return plan_filter_parse(f, req_query_get, r, &r->err);
 *	}
 *	static int list_page(struct req *r, struct db *db, const void *f, struct api_items *out)
 *	{
 *		struct plan *items;
 *		int rc = plan_list(db, r->arena, f, &items, &out->n, &out->total, &r->err);
 *		out->items = items;
 *		return rc;
 *	}
 *	static const struct api_collection plans = {
 *		API_FILTER(struct plan_filter), .filter = read_filter, .list = list_page, .item = write_item,
 *	};
 *	int api_plans_list(struct req *r) { return api_list(r, &plans); }
 *
 * A record (create, read and change):
 *
 *	static const struct api_record_def plan_def = {
 *		API_RECORD(struct continuity_plan, struct continuity_plan_input), .kind = "continuity_plan",
 *		.location = "/api/v1/continuity-plans/", .input_of = ..., .members = ..., .create = ...,
 *		.update = ..., .get = ..., .answer = ..., .current = ...,
 *	};
 *	int api_continuity_update(struct req *r) { return api_update(r, &plan_def); }
 *
 * The callbacks take the module's own structs as void pointers: each is a
 * line or two that passes them on to the typed domain function.
 */
#ifndef TILLIT_API_API_RESOURCE_H
#define TILLIT_API_API_RESOURCE_H

#include <stddef.h>
#include <stdint.h>

#include "http/req.h"

struct db;
struct json;
struct json_t;

/* --- collections: list and export ------------------------------------------------ */

/** A page of records as the module's list function returned it. */
struct api_items {
	const void *items; /* the array of records */
	size_t n;
	int64_t total;   /* how many match the filter */
	const void *ctx; /* handed to the item writer (today's date, the checks of a page, ...) */
};

/*
 * The filter struct of a collection: its size and where its paging and
 * viewer members are. Every list filter has int64_t limit, offset and
 * viewer_id.
 */
#define API_FILTER(type)                                                                                     \
	.filter_size = sizeof(type), .at_limit = offsetof(type, limit), .at_offset = offsetof(type, offset), \
	.at_viewer = offsetof(type, viewer_id)

/** An export's file: @data and @len (NULL @data: the renderer wrote r->resp.body itself), of type @mime. */
struct api_file {
	const char *data;
	size_t len;
	const char *mime;
};

struct api_collection {
	size_t filter_size, at_limit, at_offset, at_viewer; /* API_FILTER() */
	/* Read the filters of the query into @f (zeroed): the module's _filter_init and _filter_parse. */
	int (*filter)(struct req *r, void *f);
	/* List one page by @f (limit, offset and viewer set) into @out. */
	int (*list)(struct req *r, struct db *db, const void *f, struct api_items *out);
	/* Write record @i of @items as JSON. */
	void (*item)(struct json *j, const void *items, size_t i, const void *ctx);
	/* 0, or the count at which the total stops (api_list_end_bounded()). */
	int64_t bound;

	/* The export: the formats it takes (NULL-terminated; NULL for json, csv and xlsx). */
	const char *const *formats;
	/* The error when ?format= is none of them, naming the formats. */
	const char *formats_msg;
	/* Make the file of every record by @f in @format. */
	int (*render)(struct req *r, struct db *db, const void *f, const char *format, struct api_file *out);
	/* The file name of an export in @format. */
	const char *(*filename)(struct arena *a, const char *format);
};

/**
 * GET a collection: ?limit= and ?offset= (api_paging()), the module's
 * filters, the viewer; then {"items":[...],"total","limit","offset"}.
 */
int api_list(struct req *r, const struct api_collection *c);

/**
 * Answer a whole list, not paged: {"items":[...]} with each of the @n
 * @items written by @item (given @ctx), "total" and "limit" @n, "offset" 0.
 */
int api_list_all(struct req *r, const void *items, size_t n,
		 void (*item)(struct json *j, const void *items, size_t i, const void *ctx), const void *ctx);

/**
 * GET a collection as a file: ?format= (json when absent or empty; another
 * is ERR_INVALID naming "format" with c->formats_msg), the same filters as
 * the list, every matching record, and Content-Disposition with the file name.
 */
int api_export(struct req *r, const struct api_collection *c);

/**
 * For a render of the three list formats: the export_format of @format
 * (one of "xlsx", "csv", "json"; api_export() has checked it).
 */
int api_export_kind(const char *format);

/* --- records: create, read, change ----------------------------------------------- */

/* The record and input structs of a resource: their sizes and where the record's id and version are. */
#define API_RECORD(rec_type, input_type)                                                                    \
	.record_size = sizeof(rec_type), .input_size = sizeof(input_type), .at_id = offsetof(rec_type, id), \
	.at_version = offsetof(rec_type, version)

struct api_record_def {
	size_t record_size, input_size, at_id, at_version; /* API_RECORD() */
	/* The scope's record kind ("continuity_plan"); NULL where the route reads no record (api_update() reads
	 * the path's id with get). */
	const char *kind;
	const char *location; /* the address of a new record, up to its id ("/api/v1/continuity-plans/") */
	/* A new record's input before the body is read (NULL: zeroed). */
	void (*input_new)(void *in);
	/* The input of the stored record @rec (<record>_input_of()): where a PATCH starts. */
	void (*input_of)(const void *rec, void *in);
	/* Overlay the members of @body on @in (api_patch_str(), api_patch_id(), ...). */
	int (*members)(struct req *r, struct json_t *body, void *in);
	/* Create a record from @in; *id gets its id. */
	int (*create)(struct req *r, struct db *db, const void *in, int64_t *id);
	/* Change @before, read at @version, to @in; on a stale version fill @current with the stored record. */
	int (*update)(struct req *r, struct db *db, const void *before, int64_t version, const void *in, void *current);
	/* Read record @id into @out. */
	int (*get)(struct req *r, struct db *db, int64_t id, void *out);
	/* Answer @status with @rec as the client sees it, its version as the ETag (NULL: as current writes it). */
	int (*answer)(struct req *r, struct db *db, int status, const void *rec);
	/* The record alone: the "current" of a 409, and the answer where there is no answer callback. */
	void (*current)(struct json *j, const void *rec);
};

/** POST: the body's members on a new input, create, 201 with the record and a Location header. */
int api_create(struct req *r, const struct api_record_def *d);

/** GET one: the record the route's scope read, answered by d->answer. */
int api_get(struct req *r, const struct api_record_def *d);

/**
 * PATCH: the scope's record (with no d->kind, the path's id read by d->get)
 * as input, the body's members over it, the
 * version from If-Match or the body; a stale version answers 409 with the
 * current record, any other error names its member; else the record again.
 */
int api_update(struct req *r, const struct api_record_def *d);

/* --- the callbacks for the usual domain signatures ------------------------------------ */

/*
 * Each defines a static callback @name that passes its void pointers on to
 * the module's typed domain function, so a table needs no hand-written
 * glue where the domain has the usual shape. A callback the usual shape
 * does not fit is written out in the module's file.
 */

/* filter: @parse_fn(f, req_query_get, r, &r->err), after @init_fn(f) in the _INIT form. */
#define API_FILTER_READER(name, parse_fn)                      \
	static int name(struct req *r, void *f)                \
	{                                                      \
		return parse_fn(f, req_query_get, r, &r->err); \
	}
#define API_FILTER_READER_INIT(name, init_fn, parse_fn)        \
	static int name(struct req *r, void *f)                \
	{                                                      \
		init_fn(f);                                    \
		return parse_fn(f, req_query_get, r, &r->err); \
	}

/* list: @list_fn(db, arena, f, &items, &n, &total, err), items of type @rec_type. */
#define API_PAGE_LISTER(name, rec_type, list_fn)                                            \
	static int name(struct req *r, struct db *db, const void *f, struct api_items *out) \
	{                                                                                   \
		rec_type *items_;                                                           \
		int rc_ = list_fn(db, r->arena, f, &items_, &out->n, &out->total, &r->err); \
		out->items = items_;                                                        \
		return rc_;                                                                 \
	}

/* item: @json_fn(j, &items[i]). */
#define API_ITEM_WRITER(name, rec_type, json_fn)                                       \
	static void name(struct json *j, const void *items, size_t i, const void *ctx) \
	{                                                                              \
		(void)ctx;                                                             \
		json_fn(j, (const rec_type *)items + i);                               \
	}

/* render and filename of a list export in json, csv or xlsx (domain/listexport.h). */
#define API_LIST_EXPORTER(name, export_fn)                                                                             \
	static int name(struct req *r, struct db *db, const void *f, const char *format, struct api_file *out)         \
	{                                                                                                              \
		return export_fn(db, r->arena, f, r->lang, api_export_kind(format), &out->data, &out->len, &out->mime, \
				 &r->err);                                                                             \
	}
#define API_LIST_EXPORT_NAME(name, filename_fn)                      \
	static const char *name(struct arena *a, const char *format) \
	{                                                            \
		return filename_fn(a, api_export_kind(format));      \
	}

/* input_of: *in = @input_of_fn(rec). */
#define API_INPUT_OF(name, input_type, input_of_fn)   \
	static void name(const void *rec, void *in)   \
	{                                             \
		*(input_type *)in = input_of_fn(rec); \
	}

/* create: @create_fn(db, arena, auth, in, id, err). */
#define API_CREATOR(name, create_fn)                                               \
	static int name(struct req *r, struct db *db, const void *in, int64_t *id) \
	{                                                                          \
		return create_fn(db, r->arena, r->auth, in, id, &r->err);          \
	}

/* create under the route's record of kind @parent_kind: @create_fn(db, arena, auth, parent, in, id, err). */
#define API_CREATOR_IN(name, create_fn, parent_kind)                                                            \
	static int name(struct req *r, struct db *db, const void *in, int64_t *id)                              \
	{                                                                                                       \
		return create_fn(db, r->arena, r->auth, scope_record(&r->scope, parent_kind), in, id, &r->err); \
	}

/* update: @update_fn(db, arena, auth, before, version, in, current, err). */
#define API_UPDATER(name, update_fn)                                                                                  \
	static int name(struct req *r, struct db *db, const void *before, int64_t version, const void *in, void *cur) \
	{                                                                                                             \
		return update_fn(db, r->arena, r->auth, before, version, in, cur, &r->err);                           \
	}

/* get: @get_fn(db, arena, id, out, err). */
#define API_GETTER(name, get_fn)                                             \
	static int name(struct req *r, struct db *db, int64_t id, void *out) \
	{                                                                    \
		return get_fn(db, r->arena, id, out, &r->err);               \
	}

#endif
