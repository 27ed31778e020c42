/*
 * api_resource.c - the list, export, create, read and change handlers every
 * module's resource shares (see api_resource.h).
 */
#include <jansson.h>

#include "api/api_resource.h"

#include <inttypes.h>
#include <string.h>

#include "api/api_common.h"
#include "core/arena.h"
#include "core/err.h"
#include "core/i18n.h"
#include "core/json.h"
#include "domain/authz.h"
#include "domain/listexport.h"

static int64_t *member(void *s, size_t at)
{
	return (int64_t *)((char *)s + at);
}

static int64_t member_of(const void *s, size_t at)
{
	int64_t v;
	memcpy(&v, (const char *)s + at, sizeof(v));
	return v;
}

int api_list(struct req *r, const struct api_collection *c)
{
	void *f = arena_calloc(r->arena, 1, c->filter_size);
	struct api_items page = { 0 };
	int64_t limit, offset;
	struct json j;
	struct db *db;
	int rc;

	if ((rc = api_paging(r, &limit, &offset)) || (rc = c->filter(r, f)))
		return rc;
	*member(f, c->at_limit) = limit;
	*member(f, c->at_offset) = offset;
	*member(f, c->at_viewer) = r->auth->user_id;
	if ((rc = api_db(r, &db)) || (rc = c->list(r, db, f, &page)))
		return rc;
	api_list_begin(r, &j);
	for (size_t i = 0; i < page.n; i++)
		c->item(&j, page.items, i, page.ctx);
	if (c->bound)
		api_list_end_bounded(&j, page.total, c->bound, limit, offset);
	else
		api_list_end(&j, page.total, limit, offset);
	return 0;
}

int api_list_all(struct req *r, const void *items, size_t n,
		 void (*item)(struct json *j, const void *items, size_t i, const void *ctx), const void *ctx)
{
	struct json j;

	api_list_begin(r, &j);
	for (size_t i = 0; i < n; i++)
		item(&j, items, i, ctx);
	api_list_end(&j, (int64_t)n, (int64_t)n, 0);
	return 0;
}

static const char *const list_formats[] = { "json", "csv", "xlsx", NULL };

int api_export(struct req *r, const struct api_collection *c)
{
	const char *const *formats = c->formats ? c->formats : list_formats;
	struct api_file file = { 0 };
	const char *format = req_query(r, "format");
	size_t k = 0;
	void *f;
	struct db *db;
	int rc;

	if (!format || !*format)
		format = "json";
	while (formats[k] && strcmp(formats[k], format))
		k++;
	if (!formats[k])
		return err_set(&r->err, ERR_INVALID, "format", c->formats_msg);
	f = arena_calloc(r->arena, 1, c->filter_size);
	if ((rc = c->filter(r, f)))
		return rc;
	*member(f, c->at_viewer) = r->auth->user_id;
	if ((rc = api_db(r, &db)) || (rc = c->render(r, db, f, format, &file)))
		return rc;
	resp_file(r, file.data, file.len, file.mime, c->filename(r->arena, format));
	return 0;
}

int api_export_kind(const char *format)
{
	int k = export_format_parse(format);
	return k < 0 ? EXPORT_JSON : k;
}

/* The record as d->answer writes it, or as d->current does, with its version as the ETag. */
static int answer(struct req *r, const struct api_record_def *d, struct db *db, int status, const void *rec)
{
	if (d->answer)
		return d->answer(r, db, status, rec);
	return api_record(r, status, member_of(rec, d->at_version), d->current, rec);
}

int api_create(struct req *r, const struct api_record_def *d)
{
	void *in = arena_calloc(r->arena, 1, d->input_size);
	void *rec = arena_calloc(r->arena, 1, d->record_size);
	struct json_t *body = api_body(r);
	int64_t id = 0;
	struct db *db;
	int rc;

	if (!body)
		return r->err.code;
	if (d->input_new)
		d->input_new(in);
	if ((rc = d->members(r, body, in)) || (rc = api_db(r, &db)) || (rc = d->create(r, db, in, &id)) ||
	    (rc = d->get(r, db, id, rec)))
		return rc;
	resp_header(r, "Location", arena_printf(r->arena, "%s%" PRId64, d->location, id));
	return answer(r, d, db, 201, rec);
}

int api_get(struct req *r, const struct api_record_def *d)
{
	struct db *db;
	int rc = api_db(r, &db);
	return rc ? rc : answer(r, d, db, 200, scope_record(&r->scope, d->kind));
}

int api_update(struct req *r, const struct api_record_def *d)
{
	void *in = arena_calloc(r->arena, 1, d->input_size);
	void *rec = arena_calloc(r->arena, 1, d->record_size);
	void *cur = arena_calloc(r->arena, 1, d->record_size);
	const void *before;
	struct json_t *body;
	int64_t version = 0;
	struct db *db;
	int rc;

	if (!(body = api_body(r)))
		return r->err.code;
	if (d->kind) {
		before = scope_record(&r->scope, d->kind);
	} else { /* no scope read it: the record of the path's id */
		void *stored = arena_calloc(r->arena, 1, d->record_size);

		if ((rc = api_db(r, &db)) || (rc = d->get(r, db, req_arg_id(r, 0), stored)))
			return rc;
		before = stored;
	}
	d->input_of(before, in);
	if ((rc = d->members(r, body, in)) || (rc = api_version(r, body, &version)) || (rc = api_db(r, &db)))
		return rc;
	rc = d->update(r, db, before, version, in, cur);
	if (rc == ERR_CONFLICT && member_of(cur, d->at_id)) {
		api_etag(r, member_of(cur, d->at_version));
		return api_conflict(r, &r->err, d->current, cur);
	}
	if (rc || (rc = d->get(r, db, member_of(before, d->at_id), rec)))
		return rc;
	return answer(r, d, db, 200, rec);
}
