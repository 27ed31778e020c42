/*
 * figures.c - the share of systems classified, from history, and the list
 * of classifications due for review.
 *
 * The figures are sums of counts kept per unit and per day and quarter
 * (q_figures.h). This file decides what goes into them: which asset kinds
 * are systems (asset_kind_is_system(), the one definition the asset
 * register also uses), and the days on which an asset starts and stops
 * counting, from when it was created, first signed and retired. A change
 * to an asset is noted as the difference between what it counted before
 * and after, added to the unit it was in and the unit it is in now (and
 * every unit above them), so a move takes the asset's history along, as
 * the figures have always counted units as they are now. A moved unit
 * takes its whole kept history from its old parents to its new ones.
 *
 * The unit a figure is about comes as the request read it (the route's
 * scope, or the unit page's), so it is not read again here.
 */
#include "domain/figures.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/err.h"
#include "core/timeutil.h"
#include "db/db.h"
#include "db/q_audit.h"
#include "db/q_figures.h"
#include "domain/asset.h"
#include "domain/authz.h"
#include "domain/training.h"
#include "domain/unit.h"

void figures_today(char out[FIGURES_DATE_LEN])
{
	char now[TIME_ISO_LEN];
	time_now_iso(now);
	memcpy(out, now, FIGURES_DATE_LEN - 1);
	out[FIGURES_DATE_LEN - 1] = 0;
}

int figures_percent(int64_t classified, int64_t total)
{
	int64_t p;

	if (total <= 0)
		return -1;
	if (classified < 0)
		classified = 0;
	if (classified > total)
		classified = total;
	p = (classified * 200 + total) / (total * 2);
	if (p >= 100 && classified < total)
		p = 99;
	if (p <= 0 && classified > 0)
		p = 1;
	return (int)p;
}

double figures_fraction(int64_t classified, int64_t total)
{
	return total > 0 ? (double)classified / (double)total : 0.0;
}

int figures_check_date(struct err *e, const char *field, const char *date, char out[FIGURES_DATE_LEN])
{
	char today[FIGURES_DATE_LEN];

	figures_today(today);
	if (!date || !*date) {
		memcpy(out, today, FIGURES_DATE_LEN);
		return 0;
	}
	if (!time_valid_date(date))
		return err_set(e, ERR_INVALID, field, N_("Give the date as YYYY-MM-DD, for example 2025-12-31."));
	if (strcmp(date, today) > 0)
		return err_set(e, ERR_INVALID, field, N_("The date cannot be in the future."));
	memcpy(out, date, FIGURES_DATE_LEN);
	return 0;
}

/* "YYYY-MM-DDT23:59:59Z": the last stored time stamp that falls on @date. */
static const char *end_of(struct arena *a, const char *date)
{
	return arena_printf(a, "%.10sT23:59:59Z", date);
}

/* The quarter of the date or time stamp @day ("YYYY-MM-DD..."), as "YYYY-Qn". */
static const char *quarter_of(struct arena *a, const char *day)
{
	int year = 0, month = 1;

	sscanf(day, "%4d-%2d", &year, &month);
	return arena_printf(a, "%04d-Q%d", year, (month + 2) / 3);
}

/* The kept rows that add up to the figure at the end of @date. */
static void span_of(struct arena *a, const char *date, struct figures_span *s)
{
	int year = 0, month = 1;

	sscanf(date, "%4d-%2d", &year, &month);
	s->quarter = quarter_of(a, date);
	s->first = arena_printf(a, "%04d-%02d-01", year, (month - 1) / 3 * 3 + 1);
	s->day = arena_printf(a, "%.10s", date);
}

/* A share of unit @u at @date (checked, into @d) with nothing counted yet. */
static int share_begin(struct arena *a, const struct unit *u, const char *date, char d[FIGURES_DATE_LEN],
		       struct figures_share *out, struct err *e)
{
	int rc;

	memset(out, 0, sizeof(*out));
	if ((rc = figures_check_date(e, "date", date, d)))
		return rc;
	out->unit_id = u->id;
	out->unit_name = u->name;
	out->date = arena_strdup(a, d);
	return 0;
}

int figures_classified(struct db *db, struct arena *a, const struct unit *u, const char *date,
		       struct figures_share *out, struct err *e)
{
	char d[FIGURES_DATE_LEN];
	struct figures_span span;
	struct figures_delta *rows;
	size_t n;
	int rc;

	if ((rc = share_begin(a, u, date, d, out, e)))
		return rc;
	span_of(a, d, &span);
	if ((rc = q_figures_deltas(db, a, u->id, &span, &rows, &n, e)))
		return rc;
	for (size_t i = 0; i < n; i++) {
		out->total += rows[i].systems;
		out->classified += rows[i].classified;
	}
	return 0;
}

int figures_recount(struct db *db, struct arena *a, const struct unit *u, const char *date, struct figures_share *out,
		    struct err *e)
{
	char d[FIGURES_DATE_LEN];
	struct figures_count *counts;
	size_t n;
	int rc;

	if ((rc = share_begin(a, u, date, d, out, e)))
		return rc;
	if ((rc = q_figures_recount(db, a, u->path, end_of(a, d), &counts, &n, e)))
		return rc;
	for (size_t i = 0; i < n; i++) {
		if (!asset_kind_is_system(counts[i].kind))
			continue;
		out->total += counts[i].total;
		out->classified += counts[i].classified;
	}
	return 0;
}

int figures_classified_children(struct db *db, struct arena *a, int64_t unit_id, int64_t viewer_id, const char *date,
				struct figures_share **out, size_t *n, struct err *e)
{
	char d[FIGURES_DATE_LEN];
	struct figures_span span;
	struct figures_count *counts;
	struct figures_share *list;
	size_t n_counts;
	int rc;

	*out = NULL;
	*n = 0;
	if ((rc = figures_check_date(e, "date", date, d)))
		return rc;
	span_of(a, d, &span);
	if ((rc = q_figures_children(db, a, unit_id, viewer_id, &span, &counts, &n_counts, e)))
		return rc;
	list = arena_calloc(a, n_counts ? n_counts : 1, sizeof(*list));
	for (size_t i = 0; i < n_counts; i++) {
		list[i].unit_id = counts[i].unit_id;
		list[i].unit_name = counts[i].unit_name;
		list[i].date = span.day;
		list[i].total = counts[i].total;
		list[i].classified = counts[i].classified;
	}
	*out = list;
	*n = n_counts;
	return 0;
}

static int count_by_unit(const void *x, const void *y)
{
	int64_t a = ((const struct figures_count *)x)->unit_id, b = ((const struct figures_count *)y)->unit_id;
	return (a > b) - (a < b);
}

int figures_classified_units(struct db *db, struct arena *a, const struct unit *units, size_t n_units, const char *date,
			     struct figures_share **out, struct err *e)
{
	char d[FIGURES_DATE_LEN];
	struct figures_span span;
	struct figures_count *counts;
	struct figures_share *list;
	int64_t *ids;
	size_t n_counts;
	int rc;

	*out = NULL;
	if ((rc = figures_check_date(e, "date", date, d)))
		return rc;
	span_of(a, d, &span);
	ids = arena_calloc(a, n_units ? n_units : 1, sizeof(*ids));
	for (size_t i = 0; i < n_units; i++)
		ids[i] = units[i].id;
	if ((rc = q_figures_of_units(db, a, ids, n_units, &span, &counts, &n_counts, e)))
		return rc;
	if (n_counts)
		qsort(counts, n_counts, sizeof(*counts), count_by_unit);
	list = arena_calloc(a, n_units ? n_units : 1, sizeof(*list));
	for (size_t i = 0; i < n_units; i++) {
		list[i].unit_id = units[i].id;
		list[i].unit_name = units[i].name;
		list[i].date = span.day;
		struct figures_count key = { .unit_id = units[i].id }, *c;
		if ((c = bsearch(&key, counts, n_counts, sizeof(*counts), count_by_unit))) {
			list[i].total = c->total;
			list[i].classified = c->classified;
		}
	}
	*out = list;
	return 0;
}

static const char *const quarter_end_md[4] = { "03-31", "06-30", "09-30", "12-31" };

/* The @quarters quarter ends before the quarter holding @end_date, oldest first, into @out. */
static void quarter_ends(struct arena *a, const char *end_date, int quarters, struct figures_point *out)
{
	int year = 0, month = 1;
	long idx;

	sscanf(end_date, "%4d-%2d", &year, &month);
	/* idx counts quarters since year 0: the quarter holding @end_date; step back from it. */
	idx = (long)year * 4 + (month - 1) / 3;
	for (int k = 0; k < quarters; k++) {
		long q = idx - quarters + k;
		out[k].year = (int)(q / 4);
		out[k].quarter = (int)(q % 4) + 1;
		out[k].date = arena_printf(a, "%04d-%s", out[k].year, quarter_end_md[out[k].quarter - 1]);
	}
}

int figures_series(struct db *db, struct arena *a, const struct unit *u, int quarters, const char *end_date,
		   struct figures_point **out, size_t *n, struct err *e)
{
	char d[FIGURES_DATE_LEN];
	struct figures_point *pts;
	struct figures_span span;
	struct figures_delta *rows;
	const char **qs;
	size_t n_rows;
	int rc;

	*out = NULL;
	*n = 0;
	if (quarters < 1 || quarters > FIGURES_MAX_QUARTERS)
		return err_set(e, ERR_INVALID, "quarters", N_("Choose between 1 and 12 quarters."));
	if ((rc = figures_check_date(e, "date", end_date, d)))
		return rc;
	pts = arena_calloc(a, (size_t)quarters + 1, sizeof(*pts));
	quarter_ends(a, d, quarters, pts);
	pts[quarters].date = arena_strdup(a, d);
	sscanf(d, "%4d", &pts[quarters].year);
	pts[quarters].quarter = 0;
	/* The rows of the last point: every quarter before its quarter, and the
	 * days of its quarter up to it. A quarter's end sums the quarter rows up
	 * to and including that quarter. */
	span_of(a, d, &span);
	if ((rc = q_figures_deltas(db, a, u->id, &span, &rows, &n_rows, e)))
		return rc;
	qs = arena_calloc(a, (size_t)quarters, sizeof(char *));
	for (int k = 0; k < quarters; k++)
		qs[k] = arena_printf(a, "%04d-Q%d", pts[k].year, pts[k].quarter);
	for (size_t i = 0; i < n_rows; i++) {
		const struct figures_delta *r = &rows[i];
		for (int k = 0; k < quarters; k++) {
			if (!r->quarter || strcmp(r->period, qs[k]) > 0)
				continue;
			pts[k].total += r->systems;
			pts[k].classified += r->classified;
		}
		pts[quarters].total += r->systems;
		pts[quarters].classified += r->classified;
	}
	*out = pts;
	*n = (size_t)quarters + 1;
	return 0;
}

int64_t figures_viewer(const struct auth *auth)
{
	return !auth || auth->system || authz_global(auth, ACCESS_READ) ? 0 : auth->user_id;
}

int figures_overdue_list(struct db *db, struct arena *a, int64_t viewer_id, const struct unit *u, int64_t limit,
			 int64_t offset, struct figures_overdue **out, size_t *n, int64_t *total, bool *exact,
			 struct err *e)
{
	char today[FIGURES_DATE_LEN];
	int64_t unit_id = u ? u->id : 0, count, orgs = 1;
	bool root;
	int rc;

	*out = NULL;
	*n = 0;
	/*
	 * Everywhere, or an organisation that is the installation's only one:
	 * along the due-key index of the whole register. An organisation among
	 * several (a region's or a country's): unit by unit, like any subtree,
	 * so that its page does not read every other organisation's due assets.
	 */
	if (u && !u->parent_id && (rc = q_figures_organisations(db, a, &orgs, e)))
		return rc;
	root = !u || (!u->parent_id && orgs <= 1);
	if (limit < 1 || limit > 1000)
		limit = 100;
	if (offset < 0)
		offset = 0;
	figures_today(today);
	if ((rc = q_figures_overdue(db, a, viewer_id, unit_id, root, today, limit, offset, out, n, e)))
		return rc;
	if (*n > (size_t)limit)
		*n = (size_t)limit;
	if (!total)
		return 0;
	/* A short first page is the whole list: no need to count it again. */
	if (offset == 0 && *n < (size_t)limit) {
		count = (int64_t)*n;
	} else if ((rc = q_figures_overdue_count(db, a, viewer_id, unit_id, root, today, FIGURES_COUNT_CAP, &count,
						 e))) {
		return rc;
	}
	*total = count > FIGURES_COUNT_CAP ? FIGURES_COUNT_CAP : count;
	if (exact)
		*exact = count <= FIGURES_COUNT_CAP;
	return 0;
}

int figures_top_units(struct db *db, struct arena *a, const struct auth *auth, struct unit **out, size_t *n_out,
		      struct err *e)
{
	struct unit_filter f = { 0 };
	struct unit *tops;
	size_t k = 0;
	int rc;

	*out = NULL;
	*n_out = 0;
	if (figures_viewer(auth) == 0) {
		/* Every organisation. */
		f.parent_id = -1;
		f.limit = 1000;
		return unit_list(db, a, &f, out, n_out, NULL, e);
	}
	tops = arena_calloc(a, auth->n_grants ? auth->n_grants : 1, sizeof(*tops));
	for (size_t i = 0; i < auth->n_grants; i++) {
		const struct grant *g = &auth->grants[i];
		bool below = false, seen = false;

		if (!g->unit_path || !authz_role_allows(g->role, ACCESS_READ))
			continue;
		/* Below (or at) the unit of another grant: that one is the top. */
		for (size_t j = 0; j < auth->n_grants && !below; j++) {
			const struct grant *o = &auth->grants[j];
			if (j == i || !o->unit_path || !authz_role_allows(o->role, ACCESS_READ))
				continue;
			if (!strncmp(g->unit_path, o->unit_path, strlen(o->unit_path)) &&
			    (strcmp(g->unit_path, o->unit_path) || j < i))
				below = true;
		}
		for (size_t j = 0; j < k && !seen; j++)
			seen = tops[j].id == g->unit_id;
		if (below || seen)
			continue;
		if ((rc = unit_get(db, a, g->unit_id, &tops[k], e)))
			return rc;
		k++;
	}
	/* In tree order. */
	for (size_t i = 1; i < k; i++) {
		struct unit t = tops[i];
		size_t j = i;
		for (; j > 0 && strcmp(tops[j - 1].path, t.path) > 0; j--)
			tops[j] = tops[j - 1];
		tops[j] = t;
	}
	*out = tops;
	*n_out = k;
	return 0;
}

/* --- keeping the counts --------------------------------------------------- */

/* What an asset counts, and from which day to which. */
struct counted {
	int64_t unit_id;
	bool system;
	const char *created, *retired, *signed_at; /* "YYYY-MM-DD..." or NULL */
};

/* One change of the counts on a day. */
struct mark {
	const char *day; /* "YYYY-MM-DD" */
	int64_t systems, classified;
};

/* Add @systems and @classified on @day to @m (merging with a mark of the same day). */
static void mark_add(struct mark *m, size_t *n, const char *day, int64_t systems, int64_t classified)
{
	for (size_t i = 0; i < *n; i++) {
		if (!strncmp(m[i].day, day, 10)) {
			m[i].systems += systems;
			m[i].classified += classified;
			return;
		}
	}
	m[*n].day = day;
	m[*n].systems = systems;
	m[*n].classified = classified;
	(*n)++;
}

/* The marks of @c times @sign, added to @m: it counts from the day it was created (or first signed, when
 * earlier) until the day it was retired, and as classified from the later of its creation and first
 * signature. */
static void marks_of(const struct counted *c, int sign, struct mark *m, size_t *n)
{
	const char *from;

	if (!c->system || !c->created)
		return;
	/* A system signed before it was registered (a classification brought from earlier records) counts
	 * from the day it was signed. */
	if (c->signed_at && strncmp(c->signed_at, c->created, 10) < 0) {
		struct counted from_signing = *c;
		from_signing.created = c->signed_at;
		marks_of(&from_signing, sign, m, n);
		return;
	}
	mark_add(m, n, c->created, sign, 0);
	if (c->retired)
		mark_add(m, n, c->retired, -sign, 0);
	if (!c->signed_at)
		return;
	from = strncmp(c->signed_at, c->created, 10) > 0 ? c->signed_at : c->created;
	if (c->retired && strncmp(from, c->retired, 10) >= 0)
		return; /* retired before it was signed: never counted as classified */
	mark_add(m, n, from, 0, sign);
	if (c->retired)
		mark_add(m, n, c->retired, 0, -sign);
}

static int apply(struct db *db, struct arena *a, int64_t unit_id, const struct mark *m, size_t n, struct err *e)
{
	int rc = 0;

	for (size_t i = 0; i < n && !rc; i++) {
		if (!m[i].systems && !m[i].classified)
			continue;
		rc = q_figures_add(db, a, unit_id, arena_printf(a, "%.10s", m[i].day), quarter_of(a, m[i].day),
				   m[i].systems, m[i].classified, e);
	}
	return rc;
}

/* Move the counts from what @before counted to what @after counts. */
static int note(struct db *db, struct arena *a, const struct counted *before, const struct counted *after,
		struct err *e)
{
	struct mark m[8];
	size_t n = 0;
	int rc;

	if (before && after && before->unit_id == after->unit_id) {
		marks_of(before, -1, m, &n);
		marks_of(after, 1, m, &n);
		return apply(db, a, after->unit_id, m, n, e);
	}
	if (before) {
		marks_of(before, -1, m, &n);
		if ((rc = apply(db, a, before->unit_id, m, n, e)))
			return rc;
		n = 0;
	}
	if (after) {
		marks_of(after, 1, m, &n);
		return apply(db, a, after->unit_id, m, n, e);
	}
	return 0;
}

static struct counted counted_of(const struct asset *as, const char *signed_at)
{
	struct counted c = { as->unit_id, asset_kind_is_system(as->kind), as->created_at, as->retired_at, signed_at };
	return c;
}

/* One change of a tally: a unit's counts on a day. */
struct figures_tally_mark {
	int64_t unit_id;
	struct mark m;
};

void figures_tally_init(struct figures_tally *t, struct arena *a)
{
	memset(t, 0, sizeof(*t));
	t->arena = a;
}

/* Add the marks @m of unit @unit_id to @t, merging with those of the same unit and day. */
static void tally_add(struct figures_tally *t, int64_t unit_id, const struct mark *m, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		size_t k = 0;
		while (k < t->n && (t->marks[k].unit_id != unit_id || strncmp(t->marks[k].m.day, m[i].day, 10)))
			k++;
		if (k == t->n) {
			ARENA_ROOM(t->arena, t->marks, t->n, 1, t->alloc, 16);
			t->marks[t->n].unit_id = unit_id;
			t->marks[t->n].m = (struct mark){ m[i].day, 0, 0 };
			t->n++;
		}
		t->marks[k].m.systems += m[i].systems;
		t->marks[k].m.classified += m[i].classified;
	}
}

int figures_tally_apply(struct db *db, struct arena *a, struct figures_tally *t, struct err *e)
{
	int rc = 0;

	for (size_t i = 0; i < t->n && !rc; i++)
		rc = apply(db, a, t->marks[i].unit_id, &t->marks[i].m, 1, e);
	t->n = 0;
	return rc;
}

int figures_note_asset_created(struct db *db, struct arena *a, struct figures_tally *tally, const struct asset *created,
			       struct err *e)
{
	struct counted c = counted_of(created, NULL);
	struct mark m[4];
	size_t n = 0;

	if (!tally)
		return note(db, a, NULL, &c, e);
	marks_of(&c, 1, m, &n);
	tally_add(tally, c.unit_id, m, n);
	return 0;
}

void figures_note_asset_removed(struct figures_tally *tally, const struct asset *removed)
{
	struct counted c = counted_of(removed, NULL);
	struct mark m[4];
	size_t n = 0;

	marks_of(&c, -1, m, &n);
	tally_add(tally, c.unit_id, m, n);
}

int figures_note_asset_changed(struct db *db, struct arena *a, const struct asset *before, const struct asset *after,
			       struct err *e)
{
	const char *signed_at = NULL;
	struct counted b, c;
	int rc;

	if (before->unit_id == after->unit_id &&
	    asset_kind_is_system(before->kind) == asset_kind_is_system(after->kind) &&
	    !before->retired_at == !after->retired_at &&
	    (!before->retired_at || !strncmp(before->retired_at, after->retired_at, 10)))
		return 0;
	if (asset_kind_is_system(before->kind) || asset_kind_is_system(after->kind)) {
		if ((rc = q_figures_first_signed(db, a, before->id, &signed_at, e)))
			return rc;
	}
	b = counted_of(before, signed_at);
	c = counted_of(after, signed_at);
	return note(db, a, &b, &c, e);
}

int figures_note_signed(struct db *db, struct arena *a, const struct asset *as, const char *signed_at, struct err *e)
{
	struct figures_asset_now now;
	struct counted b, c;
	int rc;

	/* The asset as stored now, in this transaction: the request read it before. */
	if ((rc = q_figures_asset_now(db, a, as->id, &now, e)))
		return rc == ERR_NOTFOUND ? 0 : rc;
	/* Only the first signature starts counting it as classified. */
	if (!asset_kind_is_system(now.kind) || now.n_signed != 1)
		return 0;
	b = (struct counted){ now.unit_id, true, now.created_at, now.retired_at, NULL };
	c = b;
	c.signed_at = signed_at;
	return note(db, a, &b, &c, e);
}

int figures_note_unit_moved(struct db *db, struct arena *a, const struct unit *before, int64_t new_parent,
			    struct err *e)
{
	int rc = 0;

	if (before->parent_id == new_parent)
		return 0;
	if (before->parent_id)
		rc = q_figures_shift(db, a, before->id, before->parent_id, -1, e);
	if (!rc && new_parent)
		rc = q_figures_shift(db, a, before->id, new_parent, 1, e);
	return rc;
}

/* --- the key figures ----------------------------------------------------------------------------- */

/* The share classified, from the counts kept per unit and day. */
static int classified_at(struct db *db, struct arena *a, const struct unit *u, const char *day, int64_t *count,
			 int64_t *total, struct err *e)
{
	struct figures_share sh;
	int rc = figures_classified(db, a, u, day, &sh, e);
	if (!rc) {
		*count = sh.classified;
		*total = sh.total;
	}
	return rc;
}

/* The staff of the subtree who have every mandatory course of their groups, as training counts them in the year of @day. */
static int staff_trained_at(struct db *db, struct arena *a, const struct unit *u, const char *day, int64_t *count,
			    int64_t *total, struct err *e)
{
	int year = 0;
	if (sscanf(day, "%4d", &year) != 1)
		return err_set(e, ERR_INVALID, "date", N_("Give the date as YYYY-MM-DD, for example 2025-12-31."));
	return training_staff_trained(db, a, u->id, year, day, count, total, e);
}

const struct key_figure key_figures[KEY_FIGURES] = {
	{ "classified", N_("Systems classified"), "classification", true, NULL, classified_at },
	{ "risk_analysis", N_("Systems with a risk analysis"), "risk", true, q_figures_risk_share, NULL },
	{ "continuity", N_("Business-critical assets with a continuity plan"), "continuity", true,
	  q_figures_continuity_share, NULL },
	{ "processing_reviewed", N_("Processing activities reviewed in the last 12 months"), "gdpr", true,
	  q_figures_processing_reviewed, NULL },
	{ "staff_trained", N_("Staff trained"), "training", true, NULL, staff_trained_at },
	{ "incidents_past_deadline", N_("Incidents past a statutory deadline"), "incidents", false,
	  q_figures_incidents_late, NULL },
	{ "activities_overdue", N_("Activities overdue"), "plans", false, q_figures_activities_overdue, NULL },
	{ "audit_measures_overdue", N_("Audit measures overdue"), "audits", false, q_figures_measures_overdue, NULL },
	{ "documents_overdue", N_("Governing documents overdue for review"), "documents", false,
	  q_figures_documents_overdue, NULL },
};

/* The rows kept by per_unit_kept(), or false if @data is not what it kept. */
static bool per_unit_unpack(struct arena *a, const char *data, size_t len, struct figures_unit_counts **out, size_t *n)
{
	size_t at = 0;

	if (!db_memo_take(data, len, &at, n, sizeof(*n)) || *n > len)
		return false;
	*out = arena_calloc(a, *n ? *n : 1, sizeof(**out));
	for (size_t i = 0; i < *n; i++)
		if (!db_memo_take(data, len, &at, &(*out)[i], sizeof(**out)) ||
		    !db_memo_take_text(data, len, &at, &(*out)[i].path))
			return false;
	return at == len;
}

/*
 * The counts per unit of key figure @k over the subtree at @path, as its per_unit function reads them, or
 * as they were read before at the same data @version (db_memo_get()). A figure
 * reads every record of its kind in the subtree, which no page shows; what it read holds until the next
 * write, so an organisation's figures are read once for every page that shows them until then. Kept as
 * their count, then each row (its path emptied) and its path.
 */
static int per_unit_kept(struct db *db, struct arena *a, size_t k, const char *path,
			 const char *const ends[FIGURES_ENDS], int64_t version, struct figures_unit_counts **out,
			 size_t *n, struct err *e)
{
	const char *key = arena_printf(a, "figures %s %s", key_figures[k].key, path);
	struct buf b;
	void *data;
	size_t len;
	int rc;

	for (size_t d = 0; d < FIGURES_ENDS; d++)
		key = arena_printf(a, "%s %s", key, ends[d]);
	if (db_memo_get(db, a, key, version, &data, &len) && per_unit_unpack(a, data, len, out, n))
		return 0;
	if ((rc = key_figures[k].per_unit(db, a, path, ends, out, n, e)))
		return rc;
	buf_init(&b, a);
	buf_add(&b, n, sizeof(*n));
	for (size_t i = 0; i < *n; i++) {
		struct figures_unit_counts c = (*out)[i];
		c.path = NULL;
		buf_add(&b, &c, sizeof(c));
		db_memo_add_text(&b, (*out)[i].path);
	}
	db_memo_put(db, key, version, b.data, b.len);
	return 0;
}

/* Key figure @k's count and total for the subtree of @u at @day, as its `at` function reads them, or as they
 * were read before at the same data @version. */
static int at_kept(struct db *db, struct arena *a, size_t k, const struct unit *u, const char *day, int64_t version,
		   int64_t *count, int64_t *total, struct err *e)
{
	const char *key = arena_printf(a, "figures %s %s %s", key_figures[k].key, u->path, day);
	int64_t kept[2];
	void *data;
	size_t len;
	int rc;

	if (db_memo_get(db, a, key, version, &data, &len) && len == sizeof(kept)) {
		memcpy(kept, data, sizeof(kept));
		*count = kept[0];
		*total = kept[1];
		return 0;
	}
	if ((rc = key_figures[k].at(db, a, u, day, count, total, e)))
		return rc;
	kept[0] = *count;
	kept[1] = *total;
	db_memo_put(db, key, version, kept, sizeof(kept));
	return 0;
}

int figures_key_grid(struct db *db, struct arena *a, const struct unit *root, const struct unit *targets,
		     size_t n_targets, const char *const *dates, size_t n_dates, struct key_figure_set *out,
		     struct err *e)
{
	const char *ends[FIGURES_ENDS], *days[FIGURES_ENDS], *first;
	int64_t version;
	int rc;

	if (n_dates < 1 || n_dates > FIGURES_ENDS)
		return err_set(e, ERR_INVALID, "date", N_("Give the date as YYYY-MM-DD, for example 2025-12-31."));
	for (size_t d = 0; d < n_dates; d++) {
		char day[FIGURES_DATE_LEN];
		if ((rc = figures_check_date(e, "date", dates[d], day)))
			return rc;
		days[d] = arena_strdup(a, day);
		ends[d] = end_of(a, day);
	}
	for (size_t d = n_dates; d < FIGURES_ENDS; d++)
		ends[d] = ends[n_dates - 1];
	if ((rc = q_figures_first_record(db, a, &first, e)))
		return rc;
	/* Read before the figures: what they read is at least as new. */
	if ((rc = q_audit_version(db, a, &version, e)))
		return rc;
	for (size_t t = 0; t < n_targets; t++)
		for (size_t d = 0; d < n_dates; d++) {
			struct key_figure_set *s = &out[t * n_dates + d];
			memset(s, 0, sizeof(*s));
			s->date = days[d];
			s->before_data = !first || strncmp(days[d], first, 10) < 0;
			for (size_t k = 0; k < KEY_FIGURES; k++) {
				s->v[k].fig = &key_figures[k];
				s->v[k].available = key_figures[k].per_unit || key_figures[k].at;
			}
		}
	for (size_t k = 0; k < KEY_FIGURES; k++) {
		struct figures_unit_counts *rows;
		size_t n;

		if (key_figures[k].at) {
			/* Read per target and date: the first target at every date, the others at the first. */
			for (size_t t = 0; t < n_targets; t++)
				for (size_t d = 0; d < (t ? 1 : n_dates); d++) {
					struct key_figure_value *v = &out[t * n_dates + d].v[k];
					if ((rc = at_kept(db, a, k, &targets[t], days[d], version, &v->count, &v->total,
							  e)))
						return rc;
				}
			continue;
		}
		if (!key_figures[k].per_unit)
			continue;
		/* One read of the root's subtree; each target adds up the units below it. */
		if ((rc = per_unit_kept(db, a, k, root->path, ends, version, &rows, &n, e)))
			return rc;
		for (size_t i = 0; i < n; i++)
			for (size_t t = 0; t < n_targets; t++) {
				if (strncmp(rows[i].path, targets[t].path, strlen(targets[t].path)))
					continue;
				for (size_t d = 0; d < n_dates; d++) {
					out[t * n_dates + d].v[k].count += rows[i].count[d];
					out[t * n_dates + d].v[k].total += rows[i].total[d];
				}
			}
	}
	return 0;
}

int figures_key(struct db *db, struct arena *a, const struct unit *u, const char *date, struct key_figure_set *out,
		struct err *e)
{
	return figures_key_grid(db, a, u, u, 1, &date, 1, out, e);
}

const char *key_figure_text(struct arena *a, enum lang lang, const struct key_figure_value *v)
{
	int pct;

	if (!v->available)
		return tr(lang, "not available");
	if (!v->fig->share)
		return arena_printf(a, "%" PRId64, v->count);
	pct = figures_percent(v->count, v->total);
	return pct < 0 ? "–" : arena_printf(a, "%d %%", pct);
}
