/*
 * api_figures.c - /api/v1/figures: the share of systems classified, at a
 * date or as a series over the quarters, and the assets whose
 * classification is due for review.
 *
 * The share is sent as a fraction 0..1 (rounded to four decimals) and as
 * null when the subtree holds no systems, so a client never divides by
 * zero; "classified" and "total" give the exact counts. The unit is named
 * by the query argument unit_id, which the route's scope function reads,
 * so the router checks it against the caller's roles before the handler
 * runs.
 */

#include <inttypes.h>
#include <math.h>
#include <string.h>

#include "api/api_common.h"
#include "api/api_figures.h"
#include "core/arena.h"
#include "core/err.h"
#include "core/json.h"
#include "core/str.h"
#include "domain/authz.h"
#include "domain/figures.h"
#include "domain/unit.h"

/* The positive id in query argument @name: *present 0 when absent; ERR_INVALID naming it when malformed. */
static int query_unit(struct req *r, int64_t *out, int *present)
{
	const char *s = req_query(r, "unit_id");

	*out = 0;
	*present = 0;
	if (!s || !*s)
		return 0;
	if (s[0] < '0' || s[0] > '9' || !str_to_i64(s, out) || *out <= 0)
		return err_set(&r->err, ERR_INVALID, "unit_id", N_("Must be a whole number."));
	*present = 1;
	return 0;
}

/* The unit named by ?unit_id= read into @s (ERR_NOTFOUND when it does not exist). */
static int scope_query_unit(struct req *r, int64_t id, struct scope *s)
{
	struct db *db;
	int rc = api_db(r, &db);
	return rc ? rc : unit_scope(db, r->arena, id, s, &r->err);
}

int api_scope_figures_unit(struct req *r, struct scope *s)
{
	int64_t id;
	int present, rc = query_unit(r, &id, &present);
	if (rc)
		return rc;
	if (!present)
		return err_set(&r->err, ERR_INVALID, "unit_id", N_("Name the unit: ?unit_id=."));
	return scope_query_unit(r, id, s);
}

int api_scope_figures_unit_or_own(struct req *r, struct scope *s)
{
	int64_t id = 0;
	int present, rc = query_unit(r, &id, &present);
	if (rc)
		return rc;
	if (present)
		return scope_query_unit(r, id, s);
	/* No unit: the caller's own scope. Any role satisfies read access. */
	for (size_t i = 0; i < r->auth->n_grants; i++) {
		if (!authz_role_allows(r->auth->grants[i].role, ACCESS_READ))
			continue;
		if (r->auth->grants[i].unit_id == 0)
			return 0;
		if (!id)
			id = r->auth->grants[i].unit_id;
	}
	return id ? scope_query_unit(r, id, s) : 0;
}

static void share_member(struct json *j, struct arena *a, int64_t classified, int64_t total)
{
	if (total <= 0) {
		json_kv_null(j, "share");
		return;
	}
	json_kv_raw(j, "share", arena_printf(a, "%.4g", round(figures_fraction(classified, total) * 10000) / 10000));
}

int api_figures_classified(struct req *r)
{
	const struct unit *u = scope_record(&r->scope, "unit");
	struct figures_share s;
	struct json j;
	struct db *db;
	int rc;

	if ((rc = api_db(r, &db)) || (rc = figures_classified(db, r->arena, u, req_query(r, "date"), &s, &r->err)))
		return rc;
	api_begin(r, &j, 200);
	json_obj_open(&j);
	json_kv_int(&j, "unit_id", s.unit_id);
	json_kv_str(&j, "unit_name", s.unit_name);
	json_kv_str(&j, "date", s.date);
	json_kv_int(&j, "classified", s.classified);
	json_kv_int(&j, "total", s.total);
	share_member(&j, r->arena, s.classified, s.total);
	json_obj_close(&j);
	return 0;
}

int api_figures_series(struct req *r)
{
	const struct unit *u = scope_record(&r->scope, "unit");
	const char *q = req_query(r, "quarters");
	char date[FIGURES_DATE_LEN];
	struct figures_point *pts;
	size_t n;
	struct json j;
	struct db *db;
	int64_t quarters = 8;
	int rc;

	if ((rc = api_db(r, &db)))
		return rc;
	if (q && (!str_to_i64(q, &quarters) || quarters < 1 || quarters > FIGURES_MAX_QUARTERS))
		return err_set(&r->err, ERR_INVALID, "quarters", N_("Choose between 1 and 12 quarters."));
	if ((rc = figures_check_date(&r->err, "date", req_query(r, "date"), date)) ||
	    (rc = figures_series(db, r->arena, u, (int)quarters, date, &pts, &n, &r->err)))
		return rc;
	api_begin(r, &j, 200);
	json_obj_open(&j);
	json_kv_int(&j, "unit_id", u->id);
	json_kv_str(&j, "unit_name", u->name);
	json_kv_int(&j, "quarters", quarters);
	json_key(&j, "points");
	json_arr_open(&j);
	for (size_t i = 0; i < n; i++) {
		json_obj_open(&j);
		json_kv_str(&j, "date", pts[i].date);
		if (pts[i].quarter)
			json_kv_str(&j, "period", arena_printf(r->arena, "%04d-Q%d", pts[i].year, pts[i].quarter));
		else
			json_kv_null(&j, "period");
		json_kv_int(&j, "classified", pts[i].classified);
		json_kv_int(&j, "total", pts[i].total);
		share_member(&j, r->arena, pts[i].classified, pts[i].total);
		json_obj_close(&j);
	}
	json_arr_close(&j);
	json_obj_close(&j);
	return 0;
}

int api_figures_overdue(struct req *r)
{
	struct figures_overdue *list;
	size_t n;
	int64_t unit_id, limit, offset, total = 0;
	bool exact = true;
	struct json j;
	struct db *db;
	int present, rc;

	if ((rc = query_unit(r, &unit_id, &present)) || (rc = api_paging(r, &limit, &offset)) || (rc = api_db(r, &db)))
		return rc;
	/* Without ?unit_id= the list is the viewer's whole scope, whatever unit the route's scope checked. */
	rc = figures_overdue_list(db, r->arena, figures_viewer(r->auth),
				  present ? scope_record(&r->scope, "unit") : NULL, limit, offset, &list, &n, &total,
				  &exact, &r->err);
	if (rc)
		return rc;
	api_list_begin(r, &j);
	for (size_t i = 0; i < n; i++) {
		json_obj_open(&j);
		json_kv_int(&j, "id", list[i].asset_id);
		json_kv_str(&j, "name", list[i].name);
		json_kv_str(&j, "kind", list[i].kind);
		json_kv_int(&j, "unit_id", list[i].unit_id);
		json_kv_str(&j, "unit_name", list[i].unit_name);
		if (list[i].owner_id)
			json_kv_int(&j, "owner_id", list[i].owner_id);
		else
			json_kv_null(&j, "owner_id");
		json_kv_str(&j, "owner_name", list[i].owner_name);
		json_kv_str(&j, "review_due", list[i].review_due);
		json_kv_bool(&j, "needs_review", list[i].needs_review);
		json_kv_bool(&j, "classified", list[i].classified);
		json_obj_close(&j);
	}
	/* The list envelope, and whether total is exact: it is counted no further than FIGURES_COUNT_CAP. */
	json_arr_close(&j);
	json_kv_int(&j, "total", total);
	json_kv_bool(&j, "total_exact", exact);
	json_kv_int(&j, "limit", limit);
	json_kv_int(&j, "offset", offset);
	json_obj_close(&j);
	return 0;
}
