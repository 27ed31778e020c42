/*
 * training_lists.c - the lists of training as people filter, sort, page
 * and export them (see training.h): the catalogue of courses, the members
 * of a target group, the counts per unit and year, the people missing a
 * mandatory course and coverage.
 *
 * Each list has one filter parser, used alike by its page, its API
 * resource and its export, so the three take the same arguments. Courses,
 * members and counts are paged by the database, each order read from an
 * index; the people missing a course are computed (training_missing())
 * and then filtered, ordered and paged here.
 */
#include "domain/training.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/err.h"
#include "core/json.h"
#include "core/str.h"
#include "core/timeutil.h"
#include "db/db.h"
#include "db/q_audit.h"
#include "domain/authz.h"
#include "domain/listexport.h"
#include "domain/unit.h"
#include "domain/validate.h"

#define EXPORT_MAX 10000

static int64_t page_limit(int64_t limit)
{
	return limit > 0 && limit <= EXPORT_MAX ? limit : 50;
}

/* "@stem-YYYY-MM-DD.<ext>" of today. */
static const char *dated_name(struct arena *a, const char *stem, enum export_format format)
{
	char now[TIME_ISO_LEN];
	time_now_iso(now);
	return arena_printf(a, "%s-%.10s.%s", stem, now, export_format_ext(format));
}

static const char *num(struct arena *a, int64_t v)
{
	return arena_printf(a, "%" PRId64, v);
}

static const char *share(struct arena *a, int64_t part, int64_t whole)
{
	return whole ? arena_printf(a, "%" PRId64, (part * 100 + whole / 2) / whole) : "";
}

/* A table of @n rows of @n_cols cells, written as @format. */
struct sheet {
	const char *name;
	const struct xlsx_column *cols;
	size_t n_cols;
	const char **cells;
	size_t n;
	int64_t total;
	void (*json)(struct json *j, const void *items, size_t i, const void *ctx);
	const void *items, *ctx;
};

static const char **sheet_cells(struct arena *a, struct sheet *s, size_t n)
{
	s->n = n;
	s->cells = arena_calloc(a, n ? n * s->n_cols : 1, sizeof(*s->cells));
	return s->cells;
}

static int sheet_render(struct arena *a, enum export_format format, const struct sheet *s, const char **data,
			size_t *len, const char **mime, struct err *e)
{
	struct export_table t = { 0 };
	t.sheet = s->name;
	t.cols = s->cols;
	t.n_cols = s->n_cols;
	t.cells = s->cells;
	t.n_rows = s->n;
	t.json = s->json;
	t.items = s->items;
	t.ctx = s->ctx;
	t.total = s->total;
	return export_render(a, format, &t, data, len, mime, e);
}

/* A year argument: four digits from 2000 to 2100, into @out as text (left as it is when absent). */
static int filter_year(const char *(*get)(void *ctx, const char *name), void *ctx, const char *name, const char **out,
		       struct err *e)
{
	const char *v = filter_arg(get, ctx, name);
	int64_t y;
	if (!v)
		return 0;
	if (strlen(v) != 4 || !str_to_i64(v, &y) || y < 2000 || y > 2100)
		return err_set(e, ERR_INVALID, name, N_("Give a year between 2000 and 2100."));
	*out = v;
	return 0;
}

/* --- courses --- */

const char *const course_sorts[COURSE_SORT_COUNT] = { "title", "provider", "length", "validity" };
const char *const course_sort_labels[COURSE_SORT_COUNT] = { N_("Title"), N_("Provider"), N_("Length"), N_("Validity") };
const char *const course_filter_args[] = { "q", "group_id", "sort", NULL };

int course_filter_parse(struct course_filter *f, const char *(*get)(void *ctx, const char *name), void *ctx,
			struct err *e)
{
	int sort = COURSE_SORT_TITLE, rc;
	f->q = filter_arg(get, ctx, "q");
	if (f->q && str_utf8_len(f->q) > 200)
		return err_set1(e, ERR_INVALID, "q", N_("A search is at most %s characters long."), "200");
	if ((rc = filter_id(get, ctx, "group_id", &f->group_id, e)) ||
	    (rc = filter_enum(get, ctx, "sort", course_sorts, COURSE_SORT_COUNT, &sort, e)))
		return rc;
	f->sort = (enum course_sort)sort;
	return 0;
}

int course_list_page(struct db *db, struct arena *a, const struct course_filter *f, struct course **out, size_t *n,
		     int64_t *total, struct err *e)
{
	return q_course_page(db, a, f, out, n, total, e);
}

struct course_pairs {
	const struct course_group *pairs;
	size_t n;
};

static void course_json_at(struct json *j, const void *items, size_t i, const void *ctx)
{
	const struct course_pairs *p = ctx;
	course_json(j, (const struct course *)items + i, p->pairs, p->n);
}

const char *course_groups_text(struct arena *a, const struct course_group *pairs, size_t n, int64_t course_id)
{
	struct buf b;
	buf_init(&b, a);
	buf_adds(&b, "");
	for (size_t i = 0; i < n; i++)
		if (pairs[i].course_id == course_id)
			buf_addf(&b, "%s%s", b.len ? ", " : "", pairs[i].group_name);
	return b.data;
}

enum { K_ID, K_TITLE, K_PROVIDER, K_LENGTH, K_VALIDITY, K_LINK, K_GROUPS, N_KCOLS };

int course_export(struct db *db, struct arena *a, const struct course_filter *f, enum lang lang,
		  enum export_format format, const char **data, size_t *len, const char **mime, struct err *e)
{
	const struct xlsx_column cols[N_KCOLS] = {
		[K_ID] = { "ID", 8, XLSX_NUMBER },
		[K_TITLE] = { tr(lang, "Course"), 40, XLSX_WRAP },
		[K_PROVIDER] = { tr(lang, "Provider"), 28, 0 },
		[K_LENGTH] = { tr(lang, "Length (minutes)"), 10, XLSX_NUMBER },
		[K_VALIDITY] = { tr(lang, "Valid for (months)"), 10, XLSX_NUMBER },
		[K_LINK] = { tr(lang, "Link"), 30, 0 },
		[K_GROUPS] = { tr(lang, "Mandatory for"), 36, XLSX_WRAP },
	};
	struct course_filter all = *f;
	struct course_pairs *p = arena_calloc(a, 1, sizeof(*p));
	struct course_group *pairs;
	struct course *list;
	struct sheet s = { .name = lang == LANG_EN ? "Courses" : "Kurser", .cols = cols, .n_cols = N_KCOLS };
	const char **cells;
	size_t n;
	int rc;

	all.limit = EXPORT_MAX;
	all.offset = 0;
	if ((rc = course_list_page(db, a, &all, &list, &n, &s.total, e)) ||
	    (rc = export_whole(n, s.total, EXPORT_MAX, e)) || (rc = course_groups(db, a, &pairs, &p->n, e)))
		return rc;
	p->pairs = pairs;
	cells = sheet_cells(a, &s, n);
	for (size_t i = 0; i < n; i++) {
		const char **row = cells + i * N_KCOLS;
		row[K_ID] = num(a, list[i].id);
		row[K_TITLE] = list[i].title;
		row[K_PROVIDER] = list[i].provider;
		row[K_LENGTH] = num(a, list[i].length_minutes);
		row[K_VALIDITY] = num(a, list[i].validity_months);
		row[K_LINK] = list[i].link;
		row[K_GROUPS] = course_groups_text(a, p->pairs, p->n, list[i].id);
	}
	s.json = course_json_at;
	s.items = list;
	s.ctx = p;
	return sheet_render(a, format, &s, data, len, mime, e);
}

const char *course_export_filename(struct arena *a, enum export_format format)
{
	return dated_name(a, "kurser", format);
}

/* --- members of a target group --- */

const char *const training_member_filter_args[] = { "q", NULL };

int training_member_filter_parse(struct training_member_filter *f, const char *(*get)(void *ctx, const char *name),
				 void *ctx, struct err *e)
{
	f->q = filter_arg(get, ctx, "q");
	if (f->q && str_utf8_len(f->q) > 200)
		return err_set1(e, ERR_INVALID, "q", N_("A search is at most %s characters long."), "200");
	return 0;
}

int training_member_list(struct db *db, struct arena *a, const struct training_member_filter *f,
			 struct training_member **out, size_t *n, int64_t *total, struct err *e)
{
	return q_training_member_page(db, a, f, out, n, total, e);
}

/* --- counts per unit and year --- */

const char *const training_count_sorts[TCOUNT_SORT_COUNT] = { "period", "unit", "course" };
const char *const training_count_sort_labels[TCOUNT_SORT_COUNT] = { N_("Year, newest first"), N_("Unit"),
								    N_("Course") };
const char *const training_count_filter_args[] = { "unit_id", "course_id", "from", "to", "sort", NULL };

int training_count_filter_parse(struct training_count_filter *f, const char *(*get)(void *ctx, const char *name),
				void *ctx, struct err *e)
{
	int sort = TCOUNT_SORT_PERIOD, rc;
	if ((rc = filter_id(get, ctx, "unit_id", &f->unit_id, e)) ||
	    (rc = filter_id(get, ctx, "course_id", &f->course_id, e)) ||
	    (rc = filter_year(get, ctx, "from", &f->from, e)) || (rc = filter_year(get, ctx, "to", &f->to, e)) ||
	    (rc = filter_enum(get, ctx, "sort", training_count_sorts, TCOUNT_SORT_COUNT, &sort, e)))
		return rc;
	if (f->from && f->to && strcmp(f->from, f->to) > 0)
		return err_set(e, ERR_INVALID, "from", N_("The first year comes before the last."));
	f->sort = (enum training_count_sort)sort;
	return 0;
}

int training_count_list_page(struct db *db, struct arena *a, const struct training_count_filter *f,
			     struct training_count **out, size_t *n, int64_t *total, struct err *e)
{
	const char *subtree;
	int rc = unit_subtree(db, a, f->unit_id, &subtree, e);
	if (rc)
		return rc;
	return q_training_count_page(db, a, f, subtree, out, n, total, e);
}

static void count_json_at(struct json *j, const void *items, size_t i, const void *ctx)
{
	(void)ctx;
	training_count_json(j, (const struct training_count *)items + i);
}

enum { N_YEAR, N_UNIT, N_COURSE, N_DONE, N_EMPLOYED, N_SHARE, N_NCOLS };

int training_count_export(struct db *db, struct arena *a, const struct training_count_filter *f, enum lang lang,
			  enum export_format format, const char **data, size_t *len, const char **mime, struct err *e)
{
	const struct xlsx_column cols[N_NCOLS] = {
		[N_YEAR] = { tr(lang, "Year"), 8, 0 },
		[N_UNIT] = { tr(lang, "Unit"), 28, 0 },
		[N_COURSE] = { tr(lang, "Course"), 36, 0 },
		[N_DONE] = { tr(lang, "Completed"), 10, XLSX_NUMBER },
		[N_EMPLOYED] = { tr(lang, "Employed"), 10, XLSX_NUMBER },
		[N_SHARE] = { tr(lang, "Coverage (%)"), 10, XLSX_NUMBER },
	};
	struct training_count_filter all = *f;
	struct training_count *list;
	struct sheet s = { .name = lang == LANG_EN ? "Counted" : "Antal", .cols = cols, .n_cols = N_NCOLS };
	const char **cells;
	size_t n;
	int rc;

	all.limit = EXPORT_MAX;
	all.offset = 0;
	if ((rc = training_count_list_page(db, a, &all, &list, &n, &s.total, e)) ||
	    (rc = export_whole(n, s.total, EXPORT_MAX, e)))
		return rc;
	cells = sheet_cells(a, &s, n);
	for (size_t i = 0; i < n; i++) {
		const char **row = cells + i * N_NCOLS;
		row[N_YEAR] = list[i].period;
		row[N_UNIT] = list[i].unit_name;
		row[N_COURSE] = list[i].course_title;
		row[N_DONE] = num(a, list[i].completed);
		row[N_EMPLOYED] = num(a, list[i].employed);
		row[N_SHARE] = share(a, list[i].completed, list[i].employed);
	}
	s.json = count_json_at;
	s.items = list;
	return sheet_render(a, format, &s, data, len, mime, e);
}

const char *training_count_export_filename(struct arena *a, enum export_format format)
{
	return dated_name(a, "utbildning-antal", format);
}

/* --- the people missing a mandatory course --- */

const char *const training_gap_sorts[TGAP_SORT_COUNT] = { "person", "unit", "course", "last_completed" };
const char *const training_gap_sort_labels[TGAP_SORT_COUNT] = { N_("Person"), N_("Unit"), N_("Course"),
								N_("Last completed") };
static const char *const gap_states[] = { "never", "expired" };
const char *const training_gap_filter_args[] = { "unit_id", "course_id", "state", "sort", NULL };

int training_gap_filter_parse(struct training_gap_filter *f, const char *(*get)(void *ctx, const char *name), void *ctx,
			      struct err *e)
{
	int sort = TGAP_SORT_PERSON, state = -1, rc;
	if ((rc = filter_id(get, ctx, "unit_id", &f->unit_id, e)) ||
	    (rc = filter_id(get, ctx, "course_id", &f->course_id, e)) ||
	    (rc = filter_enum(get, ctx, "state", gap_states, 2, &state, e)) ||
	    (rc = filter_enum(get, ctx, "sort", training_gap_sorts, TGAP_SORT_COUNT, &sort, e)))
		return rc;
	f->state = state < 0 ? NULL : gap_states[state];
	f->sort = (enum training_gap_sort)sort;
	return 0;
}

/* Ties in every order: the person, then the course. */
static int gap_tie(const struct training_gap *x, const struct training_gap *y)
{
	int c = str_sv_cmp(x->display_name, y->display_name);
	if (!c)
		c = x->user_id < y->user_id ? -1 : x->user_id > y->user_id;
	if (!c)
		c = str_sv_cmp(x->course_title, y->course_title);
	if (!c)
		c = x->course_id < y->course_id ? -1 : x->course_id > y->course_id;
	return c;
}

static int gap_by_person(const void *pa, const void *pb)
{
	return gap_tie(pa, pb);
}

static int gap_by_unit(const void *pa, const void *pb)
{
	const struct training_gap *x = pa, *y = pb;
	int c = str_sv_cmp(x->unit_name, y->unit_name);
	return c ? c : gap_tie(x, y);
}

static int gap_by_course(const void *pa, const void *pb)
{
	const struct training_gap *x = pa, *y = pb;
	int c = str_sv_cmp(x->course_title, y->course_title);
	return c ? c : gap_tie(x, y);
}

/* Never completed first, then the oldest completion. */
static int gap_by_last(const void *pa, const void *pb)
{
	const struct training_gap *x = pa, *y = pb;
	int c = strcmp(x->last_completed ? x->last_completed : "", y->last_completed ? y->last_completed : "");
	return c ? c : gap_tie(x, y);
}

/*
 * The list of gaps kept per data version (db_memo_get()) for someone who may edit everywhere (an administrator:
 * the people of every unit are theirs, as for no viewer at all): it is matched from every member's roles and
 * completions and sorted, 10 ms at national size, where a page shows 50. Packed as its count, then per gap its
 * three ids and its six texts.
 */
#define GAP_TEXTS 6

static const char **gap_text(struct training_gap *g, size_t i)
{
	const char **texts[GAP_TEXTS] = { &g->display_name, &g->unit_name,      &g->unit_path,
					  &g->course_title, &g->last_completed, &g->valid_until };
	return texts[i];
}

static void gaps_pack(struct buf *b, struct training_gap *g, size_t n)
{
	buf_add(b, &n, sizeof(n));
	for (size_t i = 0; i < n; i++) {
		buf_add(b, &g[i].user_id, sizeof(g[i].user_id));
		buf_add(b, &g[i].unit_id, sizeof(g[i].unit_id));
		buf_add(b, &g[i].course_id, sizeof(g[i].course_id));
		for (size_t k = 0; k < GAP_TEXTS; k++)
			db_memo_add_text(b, *gap_text(&g[i], k));
	}
}

/* The gaps in @data (copied into @a by db_memo_get()), or false if it is not a list gaps_pack() made. */
static bool gaps_unpack(struct arena *a, const char *data, size_t len, struct training_gap **out, size_t *n)
{
	size_t at = 0, count;
	struct training_gap *g;

	if (!db_memo_take(data, len, &at, &count, sizeof(count)) || count > len)
		return false;
	g = arena_calloc(a, count ? count : 1, sizeof(*g));
	for (size_t i = 0; i < count; i++) {
		if (!db_memo_take(data, len, &at, &g[i].user_id, sizeof(g[i].user_id)) ||
		    !db_memo_take(data, len, &at, &g[i].unit_id, sizeof(g[i].unit_id)) ||
		    !db_memo_take(data, len, &at, &g[i].course_id, sizeof(g[i].course_id)))
			return false;
		for (size_t k = 0; k < GAP_TEXTS; k++)
			if (!db_memo_take_text(data, len, &at, gap_text(&g[i], k)))
				return false;
	}
	*out = g;
	*n = count;
	return at == len;
}

static int gaps_read(struct db *db, struct arena *a, const struct auth *auth, const struct training_gap_filter *f,
		     const char *today, struct training_gap **out, size_t *n, struct err *e);

/* Every gap @f matches for @auth, in @f's order, into @out (@n of them). */
static int gaps_all(struct db *db, struct arena *a, const struct auth *auth, const struct training_gap_filter *f,
		    struct training_gap **out, size_t *n, struct err *e)
{
	char day[TIME_ISO_LEN];
	const char *today = f->today, *key;
	int64_t version, after;
	void *data;
	size_t len;
	int rc;

	if (!today) {
		time_today_iso(day);
		day[10] = 0;
		today = day;
	}
	if (auth && !authz_global(auth, ACCESS_EDIT))
		return gaps_read(db, a, auth, f, today, out, n, e);
	if ((rc = q_audit_version(db, a, &version, e)))
		return rc;
	key = arena_printf(a, "training gaps %" PRId64 " %s %" PRId64 " %s %d", f->unit_id, today, f->course_id,
			   f->state ? f->state : "", (int)f->sort);
	if (db_memo_get(db, a, key, version, &data, &len) && gaps_unpack(a, data, len, out, n))
		return 0;
	if ((rc = gaps_read(db, a, NULL, f, today, out, n, e)) || (rc = q_audit_version(db, a, &after, e)))
		return rc;
	if (after == version) {
		struct buf b;
		buf_init(&b, a);
		gaps_pack(&b, *out, *n);
		db_memo_put(db, key, version, b.data, b.len);
	}
	return 0;
}

/* Every gap @f matches for @auth (NULL: everyone's), read and matched afresh, in @f's order. */
static int gaps_read(struct db *db, struct arena *a, const struct auth *auth, const struct training_gap_filter *f,
		     const char *today, struct training_gap **out, size_t *n, struct err *e)
{
	struct training_gap *all;
	size_t n_all, k = 0;
	int rc = training_missing(db, a, auth, f->unit_id, today, &all, &n_all, e);
	if (rc)
		return rc;
	for (size_t i = 0; i < n_all; i++) {
		if (f->course_id && all[i].course_id != f->course_id)
			continue;
		if (f->state && !strcmp(f->state, "never") != !all[i].last_completed)
			continue;
		all[k++] = all[i];
	}
	static int (*const by_sort[TGAP_SORT_COUNT])(const void *, const void *) = {
		[TGAP_SORT_PERSON] = gap_by_person,
		[TGAP_SORT_UNIT] = gap_by_unit,
		[TGAP_SORT_COURSE] = gap_by_course,
		[TGAP_SORT_LAST] = gap_by_last,
	};
	if (k > 1)
		qsort(all, k, sizeof(*all), by_sort[f->sort >= 0 && f->sort < TGAP_SORT_COUNT ? f->sort : 0]);
	*out = all;
	*n = k;
	return 0;
}

int training_missing_list(struct db *db, struct arena *a, const struct auth *auth, const struct training_gap_filter *f,
			  struct training_gap **out, size_t *n, int64_t *total, struct err *e)
{
	struct training_gap *all;
	size_t n_all, from;
	int64_t limit = page_limit(f->limit);
	int rc = gaps_all(db, a, auth, f, &all, &n_all, e);
	if (rc)
		return rc;
	from = f->offset > 0 && (uint64_t)f->offset < n_all ? (size_t)f->offset : f->offset > 0 ? n_all : 0;
	*out = all + from;
	*n = n_all - from < (size_t)limit ? n_all - from : (size_t)limit;
	if (total)
		*total = (int64_t)n_all;
	return 0;
}

void training_gap_json(struct json *j, const struct training_gap *g)
{
	json_obj_open(j);
	json_kv_int(j, "user_id", g->user_id);
	json_kv_str(j, "display_name", g->display_name);
	json_kv_int(j, "unit_id", g->unit_id);
	json_kv_str(j, "unit_name", g->unit_name);
	json_kv_int(j, "course_id", g->course_id);
	json_kv_str(j, "course_title", g->course_title);
	json_kv_str(j, "last_completed", g->last_completed);
	json_kv_str(j, "valid_until", g->valid_until);
	json_obj_close(j);
}

static void gap_json_at(struct json *j, const void *items, size_t i, const void *ctx)
{
	(void)ctx;
	training_gap_json(j, (const struct training_gap *)items + i);
}

enum { G_PERSON, G_UNIT, G_COURSE, G_LAST, G_UNTIL, N_GCOLS };

int training_missing_export(struct db *db, struct arena *a, const struct auth *auth,
			    const struct training_gap_filter *f, enum lang lang, enum export_format format,
			    const char **data, size_t *len, const char **mime, struct err *e)
{
	const struct xlsx_column cols[N_GCOLS] = {
		[G_PERSON] = { tr(lang, "Person"), 28, 0 },     [G_UNIT] = { tr(lang, "Unit"), 28, 0 },
		[G_COURSE] = { tr(lang, "Course"), 36, 0 },     [G_LAST] = { tr(lang, "Last completed"), 14, 0 },
		[G_UNTIL] = { tr(lang, "Valid until"), 14, 0 },
	};
	struct training_gap *list;
	struct sheet s = { .name = lang == LANG_EN ? "Missing" : "Saknas", .cols = cols, .n_cols = N_GCOLS };
	const char **cells;
	size_t n;
	int rc;

	if ((rc = gaps_all(db, a, auth, f, &list, &n, e)))
		return rc;
	if (n > EXPORT_MAX)
		n = EXPORT_MAX;
	cells = sheet_cells(a, &s, n);
	for (size_t i = 0; i < n; i++) {
		const char **row = cells + i * N_GCOLS;
		row[G_PERSON] = list[i].display_name;
		row[G_UNIT] = list[i].unit_name;
		row[G_COURSE] = list[i].course_title;
		row[G_LAST] = list[i].last_completed ? list[i].last_completed : tr(lang, "Never");
		row[G_UNTIL] = list[i].valid_until;
	}
	s.total = (int64_t)n;
	s.json = gap_json_at;
	s.items = list;
	return sheet_render(a, format, &s, data, len, mime, e);
}

const char *training_missing_export_filename(struct arena *a, enum export_format format)
{
	return dated_name(a, "utbildning-saknas", format);
}

/* --- coverage --- */

const char *const training_coverage_filter_args[] = { "unit_id", "from", "to", NULL };

int training_coverage_filter_parse(struct training_coverage_filter *f, int this_year,
				   const char *(*get)(void *ctx, const char *name), void *ctx, struct err *e)
{
	const char *from = NULL, *to = NULL;
	int rc;
	if ((rc = filter_id(get, ctx, "unit_id", &f->unit_id, e)) || (rc = filter_year(get, ctx, "to", &to, e)) ||
	    (rc = filter_year(get, ctx, "from", &from, e)))
		return rc;
	f->to_year = to ? atoi(to) : this_year;
	f->from_year = from ? atoi(from) : f->to_year - 4;
	if (f->from_year > f->to_year || f->to_year - f->from_year > 20)
		return err_set(e, ERR_INVALID, "from", N_("Give at most twenty years, the first before the last."));
	return 0;
}

void training_coverage_json(struct json *j, const struct training_coverage *c)
{
	json_obj_open(j);
	json_kv_int(j, "year", c->year);
	json_kv_id(j, "unit_id", c->unit_id);
	json_kv_str(j, "unit_name", c->unit_name);
	json_kv_id(j, "group_id", c->group_id);
	json_kv_str(j, "group_name", c->group_name);
	json_kv_int(j, "completed", c->completed);
	json_kv_int(j, "total", c->total);
	json_obj_close(j);
}

static void coverage_json_at(struct json *j, const void *items, size_t i, const void *ctx)
{
	(void)ctx;
	training_coverage_json(j, (const struct training_coverage *)items + i);
}

enum { V_YEAR, V_UNIT, V_GROUP, V_DONE, V_OF, V_SHARE, N_VCOLS };

int training_coverage_export(struct db *db, struct arena *a, const struct auth *auth,
			     const struct training_coverage_filter *f, enum lang lang, enum export_format format,
			     const char **data, size_t *len, const char **mime, struct err *e)
{
	const struct xlsx_column cols[N_VCOLS] = {
		[V_YEAR] = { tr(lang, "Year"), 8, XLSX_NUMBER },
		[V_UNIT] = { tr(lang, "Unit"), 28, 0 },
		[V_GROUP] = { tr(lang, "Target group"), 28, 0 },
		[V_DONE] = { tr(lang, "Completed"), 10, XLSX_NUMBER },
		[V_OF] = { tr(lang, "Of"), 10, XLSX_NUMBER },
		[V_SHARE] = { tr(lang, "Coverage (%)"), 10, XLSX_NUMBER },
	};
	struct training_coverage *rows;
	struct sheet s = { .name = lang == LANG_EN ? "Coverage" : "Täckning", .cols = cols, .n_cols = N_VCOLS };
	const char **cells;
	size_t n;
	int rc;

	if ((rc = training_coverage(db, a, auth, f->unit_id, f->from_year, f->to_year, NULL, &rows, &n, e)))
		return rc;
	cells = sheet_cells(a, &s, n);
	for (size_t i = 0; i < n; i++) {
		const char **row = cells + i * N_VCOLS;
		row[V_YEAR] = num(a, rows[i].year);
		row[V_UNIT] = rows[i].unit_name ? rows[i].unit_name : tr(lang, "All units");
		row[V_GROUP] = rows[i].group_name ? rows[i].group_name : tr(lang, "Counted per unit");
		row[V_DONE] = num(a, rows[i].completed);
		row[V_OF] = num(a, rows[i].total);
		row[V_SHARE] = share(a, rows[i].completed, rows[i].total);
	}
	s.total = (int64_t)n;
	s.json = coverage_json_at;
	s.items = rows;
	return sheet_render(a, format, &s, data, len, mime, e);
}

const char *training_coverage_export_filename(struct arena *a, enum export_format format)
{
	return dated_name(a, "utbildning-tackning", format);
}
