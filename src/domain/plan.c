/*
 * plan.c - rules of action plans and their areas.
 *
 * Areas are numbered 1..n in their plan; placing one at another position
 * renumbers the others in the same transaction, so the order is always a
 * plain sequence. The snapshots written to the audit trail are built from
 * what the write knows (the record as the route's scope read it and the
 * input), not read back.
 */
#include "domain/plan.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/err.h"
#include "core/json.h"
#include "core/str.h"
#include "core/timeutil.h"
#include "db/db.h"
#include "db/q_plan.h"
#include "db/q_unit.h"
#include "domain/audit.h"
#include "domain/listexport.h"
#include "domain/unit.h"
#include "domain/validate.h"

void plan_today(char out[11])
{
	char now[TIME_ISO_LEN];
	time_now_iso(now);
	memcpy(out, now, 10);
	out[10] = 0;
}

int plan_get(struct db *db, struct arena *a, int64_t id, struct plan *out, struct err *e)
{
	int rc = q_plan_get(db, a, id, out, e);
	return rc == ERR_NOTFOUND ? err_set(e, ERR_NOTFOUND, "id", N_("No such action plan.")) : rc;
}

int plan_find(struct db *db, struct arena *a, int64_t unit_id, int64_t year, struct plan *out, struct err *e)
{
	int rc = q_plan_find(db, a, unit_id, year, out, e);
	return rc == ERR_NOTFOUND ? err_set(e, ERR_NOTFOUND, "year", N_("The unit has no action plan for this year."))
				  : rc;
}

int plan_area_get(struct db *db, struct arena *a, int64_t id, struct plan_area *out, struct err *e)
{
	int rc = q_plan_area_get(db, a, id, out, e);
	return rc == ERR_NOTFOUND ? err_set(e, ERR_NOTFOUND, "id", N_("No such area.")) : rc;
}

SCOPE_READER(plan_scope, struct plan, plan_get, "plan")

int plan_area_scope(struct db *db, struct arena *a, int64_t id, struct scope *s, struct err *e)
{
	struct plan_area_ref *ref = arena_calloc(a, 1, sizeof(*ref));
	int rc = q_plan_area_get(db, a, id, &ref->area, e);
	if (rc == ERR_NOTFOUND)
		return err_set(e, ERR_NOTFOUND, "id", N_("No such area."));
	if (rc || (rc = plan_get(db, a, ref->area.plan_id, &ref->plan, e)))
		return rc;
	*s = (struct scope){ "plan_area", ref, ref->plan.unit_id, ref->plan.unit_path, 0 };
	return 0;
}

const char *const plan_filter_args[] = { "unit_id", "year", NULL };

static int check_year(struct err *e, const char *field, int64_t year)
{
	if (year < PLAN_YEAR_MIN || year > PLAN_YEAR_MAX)
		return err_set(e, ERR_INVALID, field, N_("Give a year from 2000 to 2100."));
	return 0;
}

int plan_filter_parse(struct plan_filter *f, const char *(*get)(void *ctx, const char *name), void *ctx, struct err *e)
{
	const char *v;
	int rc;

	if ((rc = filter_id(get, ctx, "unit_id", &f->unit_id, e)))
		return rc;
	if ((v = filter_arg(get, ctx, "year"))) {
		if (!str_to_i64(v, &f->year) || (rc = check_year(e, "year", f->year)))
			return rc ? rc : err_set(e, ERR_INVALID, "year", N_("Give a year from 2000 to 2100."));
	}
	return 0;
}

int plan_list(struct db *db, struct arena *a, const struct plan_filter *f, struct plan **out, size_t *n, int64_t *total,
	      struct err *e)
{
	const char *subtree;
	char today[11];
	int rc = unit_subtree(db, a, f->unit_id, &subtree, e);

	if (rc)
		return rc;
	plan_today(today);
	return q_plan_list(db, a, f, subtree, today, out, n, total, e);
}

int plan_areas(struct db *db, struct arena *a, const struct plan *plan, struct plan_area **out, size_t *n,
	       struct err *e)
{
	char today[11];
	plan_today(today);
	return q_plan_areas(db, a, plan->id, today, out, n, e);
}

enum { PX_ID, PX_YEAR, PX_TITLE, PX_UNIT, PX_TOTAL, PX_STATUS, PX_OVERDUE = PX_STATUS + PLAN_N_STATUS, PX_COUNT };

static void plan_json_at(struct json *j, const void *items, size_t i, const void *ctx)
{
	const struct plan *p = &((const struct plan *)items)[i];
	(void)ctx;
	json_obj_open(j);
	json_kv_int(j, "id", p->id);
	json_kv_int(j, "unit_id", p->unit_id);
	json_kv_str(j, "unit_name", p->unit_name);
	json_kv_int(j, "year", p->year);
	json_kv_str(j, "title", p->title);
	json_key(j, "counts");
	plan_counts_json(j, &p->counts);
	json_obj_close(j);
}

int plan_export(struct db *db, struct arena *a, const struct plan_filter *f, enum lang lang, enum export_format format,
		const char **data, size_t *len, const char **mime, struct err *e)
{
	static const char *const status_words[PLAN_N_STATUS] = { N_("Not started"), N_("Started"), N_("Partly started"),
								 N_("In progress"), N_("Done") };
	struct xlsx_column cols[PX_COUNT];
	struct plan_filter all = *f;
	struct export_table t = { 0 };
	struct plan *list;
	const char **cells;
	size_t n;
	int64_t total = 0;
	int rc;

	all.limit = 10000;
	all.offset = 0;
	if ((rc = plan_list(db, a, &all, &list, &n, &total, e)) || (rc = export_whole(n, total, all.limit, e)))
		return rc;
	cols[PX_ID] = (struct xlsx_column){ "ID", 8, XLSX_NUMBER };
	cols[PX_YEAR] = (struct xlsx_column){ tr(lang, "Year"), 8, XLSX_NUMBER };
	cols[PX_TITLE] = (struct xlsx_column){ tr(lang, "Title"), 30, XLSX_WRAP };
	cols[PX_UNIT] = (struct xlsx_column){ tr(lang, "Unit"), 28, 0 };
	cols[PX_TOTAL] = (struct xlsx_column){ tr(lang, "Activities"), 10, XLSX_NUMBER };
	for (size_t k = 0; k < PLAN_N_STATUS; k++)
		cols[PX_STATUS + k] = (struct xlsx_column){ tr(lang, status_words[k]), 12, XLSX_NUMBER };
	cols[PX_OVERDUE] = (struct xlsx_column){ tr(lang, "Overdue"), 10, XLSX_NUMBER };
	cells = arena_calloc(a, n ? n * PX_COUNT : 1, sizeof(*cells));
	for (size_t i = 0; i < n; i++) {
		const char **row = cells + i * PX_COUNT;
		row[PX_ID] = arena_printf(a, "%" PRId64, list[i].id);
		row[PX_YEAR] = arena_printf(a, "%" PRId64, list[i].year);
		row[PX_TITLE] = list[i].title;
		row[PX_UNIT] = list[i].unit_name;
		row[PX_TOTAL] = arena_printf(a, "%" PRId64, list[i].counts.total);
		for (size_t k = 0; k < PLAN_N_STATUS; k++)
			row[PX_STATUS + k] = arena_printf(a, "%" PRId64, list[i].counts.by_status[k]);
		row[PX_OVERDUE] = arena_printf(a, "%" PRId64, list[i].counts.overdue);
	}
	t.sheet = lang == LANG_EN ? "Action plans" : "Handlingsplaner";
	t.cols = cols;
	t.n_cols = PX_COUNT;
	t.cells = cells;
	t.n_rows = n;
	t.json = plan_json_at;
	t.items = list;
	t.total = total;
	return export_render(a, format, &t, data, len, mime, e);
}

const char *plan_export_filename(struct arena *a, enum export_format format)
{
	char today[11];
	plan_today(today);
	return arena_printf(a, "handlingsplaner-%s.%s", today, export_format_ext(format));
}

struct plan_input plan_input_of(const struct plan *p)
{
	struct plan_input in = { p->unit_id, p->year, p->title };
	return in;
}

const char *plan_display_title(const struct plan *p)
{
	return p->title && *p->title ? p->title : p->unit_name;
}

void plan_counts_json(struct json *j, const struct plan_counts *c)
{
	static const char *const keys[PLAN_N_STATUS] = { "not_started", "started", "partly_started", "ongoing",
							 "done" };
	json_obj_open(j);
	json_kv_int(j, "total", c->total);
	for (size_t k = 0; k < PLAN_N_STATUS; k++)
		json_kv_int(j, keys[k], c->by_status[k]);
	json_kv_int(j, "overdue", c->overdue);
	json_obj_close(j);
}

void plan_json(struct json *j, const struct plan *p)
{
	json_obj_open(j);
	json_kv_int(j, "id", p->id);
	json_kv_int(j, "unit_id", p->unit_id);
	json_kv_str(j, "unit_name", p->unit_name);
	json_kv_int(j, "year", p->year);
	json_kv_str(j, "title", p->title);
	json_kv_int(j, "version", p->version);
	json_kv_str(j, "created_at", p->created_at);
	json_kv_str(j, "updated_at", p->updated_at);
	json_obj_close(j);
}

static void write_plan_json(struct json *j, const void *rec)
{
	plan_json(j, rec);
}

static const char *plan_json_text(struct arena *a, const struct plan *p)
{
	return json_text(a, write_plan_json, p);
}

void plan_area_json(struct json *j, const struct plan_area *ar, bool with_counts)
{
	json_obj_open(j);
	json_kv_int(j, "id", ar->id);
	json_kv_int(j, "plan_id", ar->plan_id);
	json_kv_str(j, "name", ar->name);
	json_kv_int(j, "position", ar->position);
	json_kv_int(j, "version", ar->version);
	if (with_counts) {
		json_key(j, "counts");
		plan_counts_json(j, &ar->counts);
	}
	json_obj_close(j);
}

static const char *area_json_text(struct arena *a, const struct plan_area *ar)
{
	struct buf b;
	struct json j;
	buf_init(&b, a);
	json_init(&j, &b);
	plan_area_json(&j, ar, false);
	return b.data;
}

/* --- areas --- */

/* Is @name free in @plan_id (case-insensitively), apart from area @except? */
static int area_name_free(struct db *db, struct arena *a, int64_t plan_id, const char *name, int64_t except,
			  struct err *e)
{
	struct plan_area other;
	int rc = q_plan_area_named(db, a, plan_id, name, &other, e);
	if (rc == ERR_NOTFOUND)
		return 0;
	if (rc)
		return rc;
	if (other.id == except)
		return 0;
	return err_set(e, ERR_INVALID, "name", N_("The plan already has an area with this name."));
}

static int area_insert_in_tx(struct db *db, struct arena *a, const struct auth *auth, const struct plan *plan,
			     const char *name, struct plan_area *out, struct err *e)
{
	struct plan_area *areas;
	size_t n;
	char now[TIME_ISO_LEN];
	int rc;

	time_now_iso(now);
	if ((rc = check_text(e, "name", name, 200, true)) || (rc = area_name_free(db, a, plan->id, name, 0, e)) ||
	    (rc = q_plan_areas(db, a, plan->id, "", &areas, &n, e)))
		return rc;
	*out = (struct plan_area){ 0 };
	out->plan_id = plan->id;
	out->name = name;
	out->position = n ? areas[n - 1].position + 1 : 1;
	out->version = 1;
	out->created_at = out->updated_at = arena_strdup(a, now);
	if ((rc = q_plan_area_insert(db, a, plan->id, name, out->position, now, &out->id, e)))
		return rc;
	return audit_append(db, a, actor_of(auth), "plan_area", out->id, plan->unit_id, "create", NULL,
			    area_json_text(a, out), e);
}

int plan_area_ensure_in_tx(struct db *db, struct arena *a, const struct auth *auth, const struct plan *plan,
			   const char *name, struct plan_area *out, struct err *e)
{
	int rc = q_plan_area_named(db, a, plan->id, name, out, e);
	if (rc != ERR_NOTFOUND)
		return rc;
	return area_insert_in_tx(db, a, auth, plan, name, out, e);
}

int plan_area_add(struct db *db, struct arena *a, const struct auth *auth, const struct plan *plan, const char *name,
		  int64_t *id_out, struct err *e)
{
	struct plan_area ar;
	char *clean = text_trimmed(a, name);
	int rc = db_begin(db, e);

	if (rc)
		return rc;
	rc = db_end(db, area_insert_in_tx(db, a, auth, plan, clean, &ar, e), e);
	if (!rc && id_out)
		*id_out = ar.id;
	return rc;
}

static const char *const area_conflict_msg = N_(
	"Someone else has changed this area since you opened it. Their version is shown; your changes are kept in the form.");

static int area_update_in_tx(struct db *db, struct arena *a, const struct auth *auth, const struct plan_area_ref *ref,
			     int64_t version, const char *name, int64_t position, struct plan_area *current,
			     struct err *e)
{
	const struct plan_area *before = &ref->area;
	struct plan_area after = *before, *areas;
	size_t n, from = 0;
	char now[TIME_ISO_LEN];
	int rc;

	time_now_iso(now);
	if (before->version != version)
		return version_conflict(current, before, sizeof(*before), e, area_conflict_msg);
	if (position < 0)
		return err_set(e, ERR_INVALID, "position", N_("Must be a whole number."));
	if ((rc = check_text(e, "name", name, 200, true)) ||
	    (rc = area_name_free(db, a, before->plan_id, name, before->id, e)) ||
	    (rc = q_plan_areas(db, a, before->plan_id, "", &areas, &n, e)))
		return rc;
	for (size_t i = 0; i < n; i++)
		if (areas[i].id == before->id)
			from = i;
	if (position == 0 || position > (int64_t)n)
		position = position == 0 ? (int64_t)from + 1 : (int64_t)n;
	rc = q_plan_area_update(db, a, before->id, version, name, position, now, e);
	if (rc == ERR_CONFLICT)
		return version_lost(current ? q_plan_area_get(db, a, before->id, current, e) : 0, e, area_conflict_msg);
	if (rc)
		return rc;
	/* The others keep their order around the moved one: 1..n without it, then it at @position. */
	if ((int64_t)from + 1 != position || areas[from].position != position) {
		int64_t k = 1;
		for (size_t i = 0; i < n; i++) {
			if (areas[i].id == before->id)
				continue;
			if (k == position)
				k++;
			if (areas[i].position != k && (rc = q_plan_area_place(db, a, areas[i].id, k, now, e)))
				return rc;
			k++;
		}
	}
	after.name = name;
	after.position = position;
	after.version = before->version + 1;
	after.updated_at = now;
	return audit_append(db, a, actor_of(auth), "plan_area", before->id, ref->plan.unit_id, "update",
			    area_json_text(a, before), area_json_text(a, &after), e);
}

int plan_area_update(struct db *db, struct arena *a, const struct auth *auth, const struct plan_area_ref *before,
		     int64_t version, const char *name, int64_t position, struct plan_area *current, struct err *e)
{
	char *clean = text_trimmed(a, name);
	int rc = db_begin(db, e);
	if (rc)
		return rc;
	return db_end(db, area_update_in_tx(db, a, auth, before, version, clean, position, current, e), e);
}

/* --- plans --- */

static int insert_plan_in_tx(struct db *db, struct arena *a, const struct auth *auth, const struct plan_input *in,
			     const struct unit *u, struct plan *out, struct err *e)
{
	char now[TIME_ISO_LEN];
	int rc;

	time_now_iso(now);
	*out = (struct plan){ 0 };
	out->unit_id = u->id;
	out->unit_name = u->name;
	out->unit_path = u->path;
	out->year = in->year;
	out->title = in->title ? in->title : "";
	out->version = 1;
	out->created_by = actor_of(auth).id;
	out->created_at = out->updated_at = arena_strdup(a, now);
	rc = q_plan_insert(db, a, in, actor_of(auth).id, now, &out->id, e);
	if (rc == ERR_EXISTS)
		return err_set(e, ERR_EXISTS, "year", N_("The unit already has an action plan for this year."));
	if (rc)
		return rc;
	return audit_append(db, a, actor_of(auth), "plan", out->id, u->id, "create", NULL, plan_json_text(a, out), e);
}

int plan_ensure_in_tx(struct db *db, struct arena *a, const struct auth *auth, int64_t unit_id, int64_t year,
		      struct plan *out, struct err *e)
{
	struct plan_input in = { unit_id, year, "" };
	struct unit u;
	int rc = q_plan_find(db, a, unit_id, year, out, e);

	if (rc != ERR_NOTFOUND)
		return rc;
	if ((rc = check_year(e, "year", year)) || (rc = q_unit_get(db, a, unit_id, &u, e)))
		return rc;
	return insert_plan_in_tx(db, a, auth, &in, &u, out, e);
}

static int create_in_tx(struct db *db, struct arena *a, const struct auth *auth, const struct plan_input *in,
			const char *const *areas, size_t n_areas, int64_t *id_out, struct err *e)
{
	struct plan p;
	struct unit u;
	int rc;

	if (!in->unit_id)
		return err_set(e, ERR_INVALID, "unit_id", N_("Choose the unit the plan belongs to."));
	rc = q_unit_get(db, a, in->unit_id, &u, e);
	if (rc == ERR_NOTFOUND)
		return err_set(e, ERR_INVALID, "unit_id", N_("No such unit."));
	if (rc)
		return rc;
	if (!authz_may_reference(auth, ACCESS_EDIT, u.path, 0))
		return err_set(e, ERR_FORBIDDEN, "unit_id", N_("Your roles do not let you add plans to this unit."));
	if ((rc = check_year(e, "year", in->year)) || (rc = check_text(e, "title", in->title, 300, false)) ||
	    (rc = insert_plan_in_tx(db, a, auth, in, &u, &p, e)))
		return rc;
	for (size_t i = 0; i < n_areas; i++) {
		struct plan_area ar;
		if ((rc = area_insert_in_tx(db, a, auth, &p, text_trimmed(a, areas[i]), &ar, e)))
			return rc;
	}
	if (id_out)
		*id_out = p.id;
	return 0;
}

int plan_create(struct db *db, struct arena *a, const struct auth *auth, const struct plan_input *raw,
		const char *const *areas, size_t n_areas, int64_t *id_out, struct err *e)
{
	struct plan_input in = *raw;
	int rc;

	in.title = text_trimmed(a, raw->title);
	if ((rc = db_begin(db, e)))
		return rc;
	return db_end(db, create_in_tx(db, a, auth, &in, areas, n_areas, id_out, e), e);
}

static const char *const plan_conflict_msg = N_(
	"Someone else has changed this plan since you opened it. Their version is shown; your changes are kept in the form.");

static int update_in_tx(struct db *db, struct arena *a, const struct auth *auth, const struct plan *before,
			int64_t version, const char *title, struct plan *current, struct err *e)
{
	struct plan after = *before;
	char now[TIME_ISO_LEN];
	int rc;

	time_now_iso(now);
	if (before->version != version)
		return version_conflict(current, before, sizeof(*before), e, plan_conflict_msg);
	if ((rc = check_text(e, "title", title, 300, false)))
		return rc;
	rc = q_plan_update(db, a, before->id, version, title, now, e);
	if (rc == ERR_CONFLICT)
		return version_lost(current ? plan_get(db, a, before->id, current, e) : 0, e, plan_conflict_msg);
	if (rc)
		return rc;
	after.title = title;
	after.version = before->version + 1;
	after.updated_at = now;
	return audit_append(db, a, actor_of(auth), "plan", before->id, before->unit_id, "update",
			    plan_json_text(a, before), plan_json_text(a, &after), e);
}

int plan_update(struct db *db, struct arena *a, const struct auth *auth, const struct plan *before, int64_t version,
		const char *title, struct plan *current, struct err *e)
{
	char *clean = text_trimmed(a, title);
	int rc = db_begin(db, e);
	if (rc)
		return rc;
	return db_end(db, update_in_tx(db, a, auth, before, version, clean, current, e), e);
}
