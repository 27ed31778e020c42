/*
 * test_q_figures_items.c - the key figures besides the share classified,
 * counted per unit and date from the figures' own indexes
 * (q_figures_risk_share() and the others), give at every date exactly what
 * counting the records with SQL gives: the reference queries below count
 * the records as the figures were once counted, in one aggregate per unit.
 *
 * Random writes (a fixed seed, so the same each run) over four rounds:
 * records made, edited (dates, status, state), moved between units and
 * deleted, a unit moved under another, and after each round every figure
 * compared over the organisation and over a board, at ends that include
 * the days the records' own times fall on. Against a real database
 * (SQLite in memory, or PostgreSQL with TEST_DB_URL).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/arena.h"
#include "core/err.h"
#include "db/db.h"
#include "db/q_figures.h"
#include "db/q_scope.h"
#include "domain/asset.h"
#include "domain/unit.h"
#include "fixtures.h"

/* The reference: each figure's items counted per unit at six ends $2..$7 by SQL. */
#define T_LIVE(e) "x.t0 <= CAST(" e " AS TEXT) AND (x.t1 IS NULL OR x.t1 > CAST(" e " AS TEXT))"
#define T_SUMS(e)                                                                                              \
	", sum(CASE WHEN " T_LIVE(e) " THEN 1 ELSE 0 END), sum(CASE WHEN " T_LIVE(                             \
		e) " AND x.h0 IS NOT NULL AND x.h0 <= CAST(" e " AS TEXT) AND (x.h1 IS NULL OR x.h1 > CAST(" e \
		   " AS TEXT)) THEN 1 ELSE 0 END)"
#define T_PER_UNIT(inner)                                                                \
	"SELECT u.path" T_SUMS("$2") T_SUMS("$3") T_SUMS("$4") T_SUMS("$5") T_SUMS("$6") \
		T_SUMS("$7") " FROM (" inner ") x JOIN units u ON u.id = x.unit_id GROUP BY u.path ORDER BY u.path"
#define T_IN(alias) " JOIN units su ON su.id = " alias ".unit_id WHERE " SQL_PATH_IN_SUBTREE("su.path", "$1")

DB_QUERY(T_RISK, T_PER_UNIT("SELECT a.unit_id, a.created_at AS t0, a.retired_at AS t1,"
			    " (SELECT min(r.created_at) FROM risk_analysis_assets ra JOIN risk_analyses r"
			    " ON r.id = ra.analysis_id WHERE ra.asset_id = a.id) AS h0, CAST(NULL AS TEXT) AS h1"
			    " FROM assets a" T_IN("a") " AND a.kind IN ('system', 'digital_service')"));
DB_QUERY(T_CONTINUITY, T_PER_UNIT("SELECT a.unit_id, a.created_at AS t0, a.retired_at AS t1,"
				  " (SELECT p.created_at FROM continuity_plans p WHERE p.asset_id = a.id) AS h0,"
				  " CAST(NULL AS TEXT) AS h1 FROM assets a" T_IN("a") " AND a.business_critical = 1"));
DB_QUERY(T_ACTIVITIES,
	 T_PER_UNIT("SELECT ac.unit_id, ac.created_at AS t0, CAST(NULL AS TEXT) AS t1, ac.deadline || 'U' AS h0,"
		    " CASE WHEN ac.status = 'done' THEN ac.updated_at END AS h1 FROM activities ac" T_IN("ac")));
DB_QUERY(T_PROCESSING,
	 T_PER_UNIT("SELECT p.unit_id, p.created_at AS t0, CAST(NULL AS TEXT) AS t1, p.reviewed_at AS h0,"
		    " CAST(CAST(substr(p.reviewed_at, 1, 4) AS INTEGER) + 1 AS TEXT) || substr(p.reviewed_at, 5) AS h1"
		    " FROM processing_activities p" T_IN("p")));
DB_QUERY(T_INCIDENTS, T_PER_UNIT("SELECT i.unit_id, i.created_at AS t0, CAST(NULL AS TEXT) AS t1, i.next_due AS h0,"
				 " CAST(NULL AS TEXT) AS h1 FROM incidents i" T_IN("i") " AND i.state <> 'dismissed'"));
DB_QUERY(T_DOCUMENTS,
	 T_PER_UNIT("SELECT g.unit_id, g.created_at AS t0, CASE WHEN g.status = 'repealed' THEN g.updated_at END AS t1,"
		    " g.next_review || 'U' AS h0, CAST(NULL AS TEXT) AS h1 FROM governing_documents g" T_IN(
			    "g") " AND g.status <> 'draft' AND g.next_review IS NOT NULL"));

/* Test-only writes: the records as their modules leave them, with the times this test chooses. */
DB_QUERY(T_ASSET_SET, "UPDATE assets SET unit_id = $2, kind = $3, business_critical = $4, created_at = $5,"
		      " retired_at = $6 WHERE id = $1");
DB_QUERY(T_PLAN_ADD, "INSERT INTO continuity_plans (unit_id, asset_id, title, mto_hours, rto_hours, rpo_hours,"
		     " created_at, updated_at) VALUES ($1, $2, 'Plan', 24, 8, 4, $3, $3)");
DB_QUERY(T_PLAN_DEL, "DELETE FROM continuity_plans WHERE asset_id = $1");
DB_QUERY(T_ANALYSIS_ADD, "INSERT INTO risk_analyses (unit_id, org_id, title, analysis_date, created_at, updated_at)"
			 " VALUES ($1, $2, 'Analys', substr(CAST($3 AS TEXT), 1, 10), $3, $3) RETURNING id");
DB_QUERY(T_ANALYSIS_LINK, "INSERT INTO risk_analysis_assets (analysis_id, asset_id) VALUES ($1, $2)"
			  " ON CONFLICT DO NOTHING");
DB_QUERY(T_ACTIVITY_ADD, "INSERT INTO activities (unit_id, title, status, deadline, created_at, updated_at)"
			 " VALUES ($1, 'Aktivitet', $2, $3, $4, $5) RETURNING id");
DB_QUERY(T_ACTIVITY_SET,
	 "UPDATE activities SET unit_id = $2, status = $3, deadline = $4, updated_at = $5 WHERE id = $1");
DB_QUERY(T_ACTIVITY_DEL, "DELETE FROM activities WHERE id = $1");
DB_QUERY(T_PROCESSING_ADD, "INSERT INTO processing_activities (unit_id, name, reviewed_at, created_at, updated_at)"
			   " VALUES ($1, 'Behandling', $2, $3, $3) RETURNING id");
DB_QUERY(T_PROCESSING_SET, "UPDATE processing_activities SET unit_id = $2, reviewed_at = $3 WHERE id = $1");
DB_QUERY(T_INCIDENT_ADD, "INSERT INTO incidents (unit_id, state, title, receipt, next_due, created_at, updated_at)"
			 " VALUES ($1, $2, 'Incident', $3, $4, $5, $5) RETURNING id");
DB_QUERY(T_INCIDENT_SET, "UPDATE incidents SET unit_id = $2, state = $3, next_due = $4 WHERE id = $1");
DB_QUERY(T_DOCUMENT_ADD,
	 "INSERT INTO governing_documents (unit_id, kind, title, title_folded, review_months, status, next_review,"
	 " created_at, updated_at) VALUES ($1, 'policy', 'Policy', 'policy', 12, $2, $3, $4, $5) RETURNING id");
DB_QUERY(T_DOCUMENT_SET, "UPDATE governing_documents SET unit_id = $2, status = $3, next_review = $4, updated_at = $5"
			 " WHERE id = $1");

static const struct auth *const act = &fx_system;

#define N_UNITS   6
#define MAX_ITEMS 400

struct w {
	struct db *db;
	struct arena *a;
	int64_t units[N_UNITS]; /* the organisation, two boards, three units */
	uint64_t seed;
	int64_t assets[MAX_ITEMS], activities[MAX_ITEMS], processing[MAX_ITEMS], incidents[MAX_ITEMS],
		documents[MAX_ITEMS];
	size_t n_assets, n_activities, n_processing, n_incidents, n_documents;
	const char *days[64]; /* days the records' times fall on, for the ends */
	size_t n_days;
};

static uint32_t rnd(struct w *w, uint32_t n)
{
	w->seed = w->seed * 6364136223846793005ULL + 1442695040888963407ULL;
	return (uint32_t)(w->seed >> 33) % n;
}

/* A random day from 2022 to 2026 ("2024-02-29" among them). */
static const char *rnd_day(struct w *w)
{
	const char *d;
	if (!rnd(w, 10))
		d = "2024-02-29";
	else
		d = arena_printf(w->a, "%04u-%02u-%02u", 2022 + rnd(w, 5), 1 + rnd(w, 12), 1 + rnd(w, 28));
	if (w->n_days < sizeof(w->days) / sizeof(w->days[0]) && !rnd(w, 4))
		w->days[w->n_days++] = d;
	return d;
}

/* A random time on a random day, now and then its last second; NULL one time in @none_in (0: never). */
static const char *rnd_time(struct w *w, uint32_t none_in)
{
	if (none_in && !rnd(w, none_in))
		return NULL;
	if (!rnd(w, 8)) /* the last second of a day: an end itself */
		return arena_printf(w->a, "%sT23:59:59Z", rnd_day(w));
	return arena_printf(w->a, "%sT%02u:%02u:%02uZ", rnd_day(w), rnd(w, 24), rnd(w, 60), rnd(w, 60));
}

static int64_t rnd_unit(struct w *w)
{
	return w->units[rnd(w, N_UNITS)];
}

static void run(struct w *w, const struct db_query *q, const struct db_arg *args, size_t n, struct db_rows *out)
{
	struct err e = { 0 };
	if (db_run(w->db, w->a, q, args, n, out, &e))
		fail_msg("%s: %s", q->name, e.detail);
}

static int64_t add(struct w *w, const struct db_query *q, const struct db_arg *args, size_t n)
{
	struct db_rows r;
	run(w, q, args, n, &r);
	return rows_int(&r, 0, 0);
}

static void new_asset(struct w *w)
{
	struct asset_input in = { 0 };
	static const char *const kinds[] = { "system", "digital_service", "information_set", "process" };
	struct err e = { 0 };
	int64_t id = 0;

	in.unit_id = rnd_unit(w);
	in.kind = "system";
	in.name = arena_printf(w->a, "Tillgång %zu", w->n_assets);
	if (asset_create(w->db, w->a, act, &in, &id, &e))
		fail_msg("asset_create: %s %s", e.msgid ? e.msgid : "", e.detail);
	w->assets[w->n_assets++] = id;
	run(w, &T_ASSET_SET,
	    DB_ARGS(DB_INT(id), DB_INT(in.unit_id), DB_TEXT(kinds[rnd(w, 4)]), DB_INT(rnd(w, 2)),
		    DB_TEXT(rnd_time(w, 0)), DB_TEXT(rnd_time(w, 3))),
	    NULL);
}

/* A round of random writes: @n new records of each kind, then edits, moves and deletions. */
static void round_of_writes(struct w *w, int n)
{
	static const char *const statuses[] = { "not_started", "started", "ongoing", "done" };
	static const char *const states[] = { "triage", "incident", "dismissed" };
	static const char *const doc_statuses[] = { "draft", "in_force", "under_review", "repealed" };

	for (int i = 0; i < n && w->n_assets < MAX_ITEMS; i++) {
		new_asset(w);
		w->activities[w->n_activities++] = add(w, &T_ACTIVITY_ADD,
						       DB_ARGS(DB_INT(rnd_unit(w)), DB_TEXT(statuses[rnd(w, 4)]),
							       DB_TEXT(rnd(w, 5) ? rnd_day(w) : NULL),
							       DB_TEXT(rnd_time(w, 0)), DB_TEXT(rnd_time(w, 0))));
		w->processing[w->n_processing++] =
			add(w, &T_PROCESSING_ADD,
			    DB_ARGS(DB_INT(rnd_unit(w)), DB_TEXT(rnd_time(w, 3)), DB_TEXT(rnd_time(w, 0))));
		w->incidents[w->n_incidents++] = add(w, &T_INCIDENT_ADD,
						     DB_ARGS(DB_INT(rnd_unit(w)), DB_TEXT(states[rnd(w, 3)]),
							     DB_TEXT(arena_printf(w->a, "K-%zu", w->n_incidents)),
							     DB_TEXT(rnd_time(w, 3)), DB_TEXT(rnd_time(w, 0))));
		w->documents[w->n_documents++] = add(w, &T_DOCUMENT_ADD,
						     DB_ARGS(DB_INT(rnd_unit(w)), DB_TEXT(doc_statuses[rnd(w, 4)]),
							     DB_TEXT(rnd(w, 5) ? rnd_day(w) : NULL),
							     DB_TEXT(rnd_time(w, 0)), DB_TEXT(rnd_time(w, 0))));
	}
	/* Continuity plans made and removed, risk analyses over some systems. */
	for (int i = 0; i < n; i++) {
		int64_t asset = w->assets[rnd(w, (uint32_t)w->n_assets)];
		int64_t analysis;
		run(w, &T_PLAN_DEL, DB_ARGS(DB_INT(asset)), NULL);
		if (rnd(w, 3))
			run(w, &T_PLAN_ADD, DB_ARGS(DB_INT(w->units[0]), DB_INT(asset), DB_TEXT(rnd_time(w, 0))), NULL);
		if (rnd(w, 2))
			continue;
		analysis = add(w, &T_ANALYSIS_ADD,
			       DB_ARGS(DB_INT(w->units[0]), DB_INT(w->units[0]), DB_TEXT(rnd_time(w, 0))));
		for (int k = 0; k < 3; k++)
			run(w, &T_ANALYSIS_LINK,
			    DB_ARGS(DB_INT(analysis), DB_INT(w->assets[rnd(w, (uint32_t)w->n_assets)])), NULL);
	}
	/* Edits: dates, status and state changed, records moved to another unit. */
	for (int i = 0; i < n; i++) {
		int64_t as = w->assets[rnd(w, (uint32_t)w->n_assets)];
		static const char *const kinds[] = { "system", "digital_service", "manual", "supplier" };
		run(w, &T_ASSET_SET,
		    DB_ARGS(DB_INT(as), DB_INT(rnd_unit(w)), DB_TEXT(kinds[rnd(w, 4)]), DB_INT(rnd(w, 2)),
			    DB_TEXT(rnd_time(w, 0)), DB_TEXT(rnd_time(w, 2))),
		    NULL);
		run(w, &T_ACTIVITY_SET,
		    DB_ARGS(DB_INT(w->activities[rnd(w, (uint32_t)w->n_activities)]), DB_INT(rnd_unit(w)),
			    DB_TEXT(statuses[rnd(w, 4)]), DB_TEXT(rnd(w, 5) ? rnd_day(w) : NULL),
			    DB_TEXT(rnd_time(w, 0))),
		    NULL);
		run(w, &T_PROCESSING_SET,
		    DB_ARGS(DB_INT(w->processing[rnd(w, (uint32_t)w->n_processing)]), DB_INT(rnd_unit(w)),
			    DB_TEXT(rnd_time(w, 4))),
		    NULL);
		run(w, &T_INCIDENT_SET,
		    DB_ARGS(DB_INT(w->incidents[rnd(w, (uint32_t)w->n_incidents)]), DB_INT(rnd_unit(w)),
			    DB_TEXT(states[rnd(w, 3)]), DB_TEXT(rnd_time(w, 3))),
		    NULL);
		run(w, &T_DOCUMENT_SET,
		    DB_ARGS(DB_INT(w->documents[rnd(w, (uint32_t)w->n_documents)]), DB_INT(rnd_unit(w)),
			    DB_TEXT(doc_statuses[rnd(w, 4)]), DB_TEXT(rnd(w, 5) ? rnd_day(w) : NULL),
			    DB_TEXT(rnd_time(w, 0))),
		    NULL);
	}
	/* Deletions: an activity gone. */
	if (w->n_activities > 1) {
		size_t k = rnd(w, (uint32_t)w->n_activities);
		run(w, &T_ACTIVITY_DEL, DB_ARGS(DB_INT(w->activities[k])), NULL);
		w->activities[k] = w->activities[--w->n_activities];
	}
}

/* Sum the rows of @path among @rows at end @k (a unit may come in more than one row). */
static void sum_of(const struct figures_unit_counts *rows, size_t n, const char *path, size_t k, int64_t *total,
		   int64_t *count)
{
	*total = *count = 0;
	for (size_t i = 0; i < n; i++)
		if (!strcmp(rows[i].path, path)) {
			*total += rows[i].total[k];
			*count += rows[i].count[k];
		}
}

typedef int (*figure_fn)(struct db *, struct arena *, const char *, const char *const[FIGURES_ENDS],
			 struct figures_unit_counts **, size_t *, struct err *);

/* Figure @fn over the subtree at @path at @ends equals @ref's count of the records, unit by unit. */
static void check_figure(struct w *w, const char *step, const char *name, figure_fn fn, const struct db_query *ref,
			 const char *path, const char *const ends[FIGURES_ENDS])
{
	struct figures_unit_counts *rows;
	struct db_rows r;
	struct err e = { 0 };
	size_t n;
	int64_t seen = 0, listed = 0;

	assert_int_equal(fn(w->db, w->a, path, ends, &rows, &n, &e), 0);
	run(w, ref,
	    DB_ARGS(DB_TEXT(path), DB_TEXT(ends[0]), DB_TEXT(ends[1]), DB_TEXT(ends[2]), DB_TEXT(ends[3]),
		    DB_TEXT(ends[4]), DB_TEXT(ends[5])),
	    &r);
	for (size_t i = 0; i < r.n_rows; i++) {
		const char *unit = rows_text(&r, i, 0);
		for (size_t k = 0; k < FIGURES_ENDS; k++) {
			int64_t total, count;
			sum_of(rows, n, unit, k, &total, &count);
			if (total != rows_int(&r, i, 1 + 2 * k) || count != rows_int(&r, i, 2 + 2 * k))
				fail_msg("%s: %s of %s at %s: %lld of %lld, the records give %lld of %lld", step, name,
					 unit, ends[k], (long long)count, (long long)total,
					 (long long)rows_int(&r, i, 2 + 2 * k), (long long)rows_int(&r, i, 1 + 2 * k));
			seen += total;
		}
	}
	/* And no unit the records do not name. */
	for (size_t i = 0; i < n; i++)
		for (size_t k = 0; k < FIGURES_ENDS; k++)
			listed += rows[i].total[k];
	if (listed != seen)
		fail_msg("%s: %s: %lld counted in all, the records give %lld", step, name, (long long)listed,
			 (long long)seen);
}

static void check_all(struct w *w, const char *step)
{
	struct unit org, board;
	struct err e = { 0 };

	assert_int_equal(unit_get(w->db, w->a, w->units[0], &org, &e), 0);
	assert_int_equal(unit_get(w->db, w->a, w->units[1], &board, &e), 0);
	/* Ends: the last second of days the records' times fall on, and year ends. */
	for (size_t from = 0; from < w->n_days + 6; from += 3) {
		const char *ends[FIGURES_ENDS];
		for (size_t k = 0; k < FIGURES_ENDS; k++) {
			size_t d = from + k;
			ends[k] = d < w->n_days ? arena_printf(w->a, "%sT23:59:59Z", w->days[d])
						: arena_printf(w->a, "%zu-12-31T23:59:59Z", 2021 + d % 6);
		}
		if (from % 2) { /* an end given twice, as a date that is its year's end or a single date is */
			ends[4] = ends[1];
			ends[5] = ends[0];
		}
		for (int s = 0; s < 2; s++) {
			const char *path = s ? board.path : org.path;
			check_figure(w, step, "risk", q_figures_risk_share, &T_RISK, path, ends);
			check_figure(w, step, "continuity", q_figures_continuity_share, &T_CONTINUITY, path, ends);
			check_figure(w, step, "activities", q_figures_activities_overdue, &T_ACTIVITIES, path, ends);
			check_figure(w, step, "processing", q_figures_processing_reviewed, &T_PROCESSING, path, ends);
			check_figure(w, step, "incidents", q_figures_incidents_late, &T_INCIDENTS, path, ends);
			check_figure(w, step, "documents", q_figures_documents_overdue, &T_DOCUMENTS, path, ends);
		}
	}
}

static int64_t mk_unit(struct w *w, int64_t parent, const char *kind, const char *name)
{
	struct unit_input in = { parent, kind, name, "", "", "" };
	struct err e = { 0 };
	int64_t id = 0;
	if (unit_create(w->db, w->a, act, &in, &id, &e))
		fail_msg("unit_create(%s): %s %s", name, e.msgid ? e.msgid : "", e.detail);
	return id;
}

static void test_figures_equal_the_records(void **state)
{
	struct w *w = *state;
	struct unit un;
	struct err e = { 0 };

	w->seed = 20261203;
	w->units[0] = mk_unit(w, 0, "organisation", "Kommunen");
	w->units[1] = mk_unit(w, w->units[0], "board", "Nämnd 1");
	w->units[2] = mk_unit(w, w->units[0], "board", "Nämnd 2");
	w->units[3] = mk_unit(w, w->units[1], "unit", "Enhet 1");
	w->units[4] = mk_unit(w, w->units[2], "unit", "Enhet 2");
	w->units[5] = mk_unit(w, w->units[3], "unit", "Enhet 3");

	round_of_writes(w, 30);
	check_all(w, "first writes");
	round_of_writes(w, 30);
	check_all(w, "second writes");
	/* A unit and its subtree move to the other board. */
	assert_int_equal(unit_get(w->db, w->a, w->units[3], &un, &e), 0);
	assert_int_equal(
		fx_unit_move(w->db, w->a, act, w->units[3], un.version, w->units[2], "Omorganisation", NULL, &e), 0);
	check_all(w, "unit moved");
	round_of_writes(w, 30);
	check_all(w, "third writes");
	round_of_writes(w, 30);
	check_all(w, "fourth writes");
}

static int setup(void **state)
{
	struct w *w = calloc(1, sizeof(*w));
	assert_int_equal(fixture_db_open(&w->db), 0);
	w->a = arena_new();
	*state = w;
	return 0;
}

static int teardown(void **state)
{
	struct w *w = *state;
	arena_free(w->a);
	fixture_db_close(w->db);
	free(w);
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_figures_equal_the_records),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
