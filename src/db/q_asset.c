/*
 * q_asset.c - SQL of information assets and their links, and the typed
 * functions that run it.
 *
 * Lists join the unit (for scope and its name), the owner and administrator
 * (names) and the current classification (levels) in one query, and sort
 * with CASE expressions so that one prepared statement serves every sort
 * order the list offers.
 */
#include "db/q_asset.h"

#include <stdio.h>
#include <string.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/err.h"
#include "core/log.h"
#include "core/str.h"
#include "db/db.h"
#include "db/q_scope.h"

enum asset_col {
	ASC_ID,
	ASC_UNIT,
	ASC_UNIT_NAME,
	ASC_UNIT_PATH,
	ASC_KIND,
	ASC_NAME,
	ASC_DESCRIPTION,
	ASC_OWNER,
	ASC_OWNER_NAME,
	ASC_ADMIN,
	ASC_ADMIN_NAME,
	ASC_SUPPLIER,
	ASC_HOSTING,
	ASC_PERSONAL,
	ASC_CRITICAL,
	ASC_NIS2,
	ASC_LIFECYCLE,
	ASC_RETIRED,
	ASC_CLASS,
	ASC_REVIEW_DUE,
	ASC_NEEDS_REVIEW,
	ASC_C,
	ASC_I,
	ASC_A,
	ASC_T,
	ASC_VERSION,
	ASC_CREATED,
	ASC_UPDATED,
	ASC_VITAL
};

enum asset_link_col {
	ALC_ID,
	ALC_FROM,
	ALC_TO,
	ALC_KIND,
	ALC_OTHER_NAME,
	ALC_OTHER_KIND,
	ALC_OTHER_UNIT,
	ALC_OTHER_PATH,
	ALC_OTHER_OWNER
};
#define ASSET_COLS                                                                                                   \
	"a.id, a.unit_id, u.name, u.path, a.kind, a.name, a.description, a.owner_id, ow.display_name,"               \
	" a.administrator_id, ad.display_name, a.supplier, a.hosting, a.personal_data, a.business_critical, a.nis2," \
	" a.lifecycle, a.retired_at, a.classification_id, a.review_due, a.needs_review,"                             \
	" c.c_level, c.i_level, c.a_level, c.t_level, a.version, a.created_at, a.updated_at, a.vital"
#define ASSET_PEOPLE                                                                                 \
	" LEFT JOIN users ow ON ow.id = a.owner_id LEFT JOIN users ad ON ad.id = a.administrator_id" \
	" LEFT JOIN classifications c ON c.id = a.classification_id"
#define ASSET_FROM " FROM assets a JOIN units u ON u.id = a.unit_id" ASSET_PEOPLE

/*
 * The list. Parameters, the same in every list and count query:
 *   $1 viewer (0: sees every unit)   $2 subtree path or NULL    $3 kind
 *   $4 classified   $5 business_critical   $6 nis2   $7 personal_data (-1/0/1)
 *   $8 review_overdue (0/1)   $9 today   $10 the search as a LIKE pattern, folded, or NULL
 * then, in a count, $11 the search as an FTS5 phrase (SQLite's search index);
 * in a page, $11 limit, $12 offset and $13 the FTS5 phrase.
 *
 * The viewer's units (UNIT_SET): the subtree's when the viewer sees every
 * unit (no viewer, or a grant on the whole installation), otherwise those
 * below each of the viewer's grants (in the subtree), each a range of the
 * units_path index.
 *
 * Each query has one way to find its rows, chosen by q_asset_list():
 *   ROW    every row along an index, the viewer's units checked per row
 *          (the set of them built once per statement, or nothing to check
 *          when the viewer sees every unit and no subtree is asked for);
 *   SCOPE  the rows of the viewer's units (of the subtree), by unit;
 *   HITS   the rows the search index finds (FTS5 trigrams on SQLite,
 *          pg_trgm's index on PostgreSQL), for a search of 3 or more characters;
 *   FILTER the rows whose filter columns match, found in assets_filters
 *          alone (a covering index), for filters without a search.
 * Pages read along their order's index use the ORDER BY as written (ORDER_*);
 * pages of few rows found by unit or search sort them instead (SORTED_*,
 * the same order with its keys disguised as expressions, so that no engine
 * walks an order index instead).
 */
#define INSTALLATION_GRANT "SELECT 1 FROM role_assignments ri_ WHERE ri_.user_id = $1 AND ri_.unit_id IS NULL"
#define UNIT_SET           SQL_UNITS_SEEN("$1", "$2")
#define BY_ROW             "((CAST($1 AS BIGINT) = 0 AND CAST($2 AS TEXT) IS NULL) OR a.unit_id IN (" UNIT_SET "))"
#define BY_SCOPE           "a.unit_id IN (" UNIT_SET ")"
#define LIKE_ROW           " AND (CAST($10 AS TEXT) IS NULL OR a.search_folded LIKE CAST($10 AS TEXT) ESCAPE '\\')"
#define BY_HITS_SQLITE(phrase)                                                                   \
	"a.id IN (SELECT rowid FROM assets_fts WHERE assets_fts MATCH CAST(" phrase " AS TEXT)"  \
	" UNION ALL SELECT id FROM assets WHERE id > (SELECT indexed_to FROM assets_fts_state))" \
	" AND a.search_folded LIKE CAST($10 AS TEXT) ESCAPE '\\' AND " BY_ROW
#define BY_HITS_PG(phrase) "CAST(" phrase " AS TEXT) IS NOT NULL AND a.search_folded LIKE CAST($10 AS TEXT) AND " BY_ROW
#define BY_FILTER          "a.id IN (SELECT a.id FROM assets a WHERE " BY_ROW ASSET_FILTER ") AND CAST($10 AS TEXT) IS NULL"
#define ASSET_FILTER                                                                                     \
	" AND (CAST($3 AS TEXT) IS NULL OR a.kind = CAST($3 AS TEXT))"                                   \
	" AND (CAST($4 AS BIGINT) = -1 OR (CAST($4 AS BIGINT) = 1) = (a.classification_id IS NOT NULL))" \
	" AND (CAST($5 AS BIGINT) = -1 OR a.business_critical = CAST($5 AS BIGINT))"                     \
	" AND (CAST($6 AS BIGINT) = -1 OR a.nis2 = CAST($6 AS BIGINT))"                                  \
	" AND (CAST($7 AS BIGINT) = -1 OR a.personal_data = CAST($7 AS BIGINT))"                         \
	" AND (CAST($8 AS BIGINT) = 0 OR a.needs_review = 1 OR (a.review_due IS NOT NULL AND a.review_due < CAST($9 AS TEXT)))"

/* Counts stop at ASSET_COUNT_BOUND + 1. */
#define COUNT_OF(where) "SELECT count(*) FROM (SELECT 1 FROM assets a WHERE " where ASSET_FILTER " LIMIT 10001) x"
_Static_assert(ASSET_COUNT_BOUND == 10000, "COUNT_OF's LIMIT is ASSET_COUNT_BOUND + 1");
static DB_QUERY(Q_ASSET_COUNT_ROW, COUNT_OF(BY_ROW LIKE_ROW));
static DB_QUERY(Q_ASSET_COUNT_SCOPE, COUNT_OF(BY_SCOPE LIKE_ROW));
static DB_QUERY2(Q_ASSET_COUNT_HITS, COUNT_OF(BY_HITS_SQLITE("$11")), COUNT_OF(BY_HITS_PG("$11")));
/* Without a search, a count reads only the index assets_filters, never a row. */
static DB_QUERY(Q_ASSET_COUNT_ROW_INDEX, COUNT_OF(BY_ROW " AND CAST($10 AS TEXT) IS NULL"));
static DB_QUERY(Q_ASSET_COUNT_SCOPE_INDEX, COUNT_OF(BY_SCOPE " AND CAST($10 AS TEXT) IS NULL"));
/*
 * A search alone, for a viewer who sees every unit: the search index alone
 * ($1 the FTS5 phrase, $2 the LIKE pattern). A phrase of trigrams matches
 * exactly the texts that contain it, so SQLite need not read the rows (but
 * those of new assets not yet indexed, see migration 0013).
 */
static DB_QUERY2(Q_ASSET_COUNT_HITS_ONLY,
		 "SELECT count(*) FROM (SELECT 1 FROM assets_fts WHERE assets_fts MATCH CAST($1 AS TEXT)"
		 " UNION ALL SELECT 1 FROM assets a WHERE a.id > (SELECT indexed_to FROM assets_fts_state)"
		 " AND a.search_folded LIKE CAST($2 AS TEXT) ESCAPE '\\' LIMIT 10001) x",
		 "SELECT count(*) FROM (SELECT 1 FROM assets a WHERE CAST($1 AS TEXT) IS NOT NULL"
		 " AND a.search_folded LIKE CAST($2 AS TEXT) LIMIT 10001) x");
/*
 * Whether the viewer ($1) sees every unit, and how many units of the subtree ($2) they see of all there are
 * (not counted, 0, when they see every unit and no subtree is asked for: nothing is then scoped).
 */
static DB_QUERY_PLAN_ONCE(Q_ASSET_VIEWER,
			  "SELECT (SELECT count(*) FROM (" INSTALLATION_GRANT ") i),"
			  " CASE WHEN CAST($2 AS TEXT) IS NULL AND EXISTS (" INSTALLATION_GRANT ") THEN 0"
			  " ELSE (SELECT count(DISTINCT id) FROM (" UNIT_SET ") s) END, (SELECT count(*) FROM units)");

/* The orders offered, each served by an index of migration 0012 (read backwards for DESC; by review date, see REVIEW_DESC_IDS). */
#define ORDER_NAME(d)      "a.name_folded" d ", a.id" d
#define ORDER_KIND(d)      "a.kind" d ", a.name_folded" d ", a.id" d
#define ORDER_UNIT(d)      "u.name" d ", u.id" d ", a.name_folded" d ", a.id" d
#define ORDER_UPDATED(d)   "a.updated_at" d ", a.id" d
#define ORDER_REVIEW_ASC   "COALESCE(a.review_due, '9999'), a.name_folded, a.id"
#define SORTED_NAME(d)     "a.name_folded || ''" d ", a.id + 0" d
#define SORTED_KIND(d)     "a.kind || ''" d ", a.name_folded || ''" d ", a.id + 0" d
#define SORTED_UNIT(d)     "u.name || ''" d ", u.id + 0" d ", a.name_folded || ''" d ", a.id + 0" d
#define SORTED_UPDATED(d)  "a.updated_at || ''" d ", a.id + 0" d
#define SORTED_REVIEW_ASC  "COALESCE(a.review_due, '9999') || '', a.name_folded || '', a.id + 0"
#define SORTED_REVIEW_DESC "COALESCE(a.review_due, '0000') || '' DESC, a.name_folded || '' DESC, a.id + 0 DESC"

/*
 * A page is found first as ids, from the narrowest rows that decide it
 * (an index alone where it can), and only its rows are then read whole with
 * their unit, people and levels, so a page far down the list does not join
 * every row it passes over.
 */
#define PAGE_OF(ids, sorted)               \
	"SELECT " ASSET_COLS " FROM (" ids \
	") p JOIN assets a ON a.id = p.pid JOIN units u ON u.id = a.unit_id" ASSET_PEOPLE " ORDER BY " sorted
#define PAGE(inner_from, where, order, sorted)                                                  \
	PAGE_OF("SELECT a.id AS pid" inner_from " WHERE " where ASSET_FILTER " ORDER BY " order \
		" LIMIT $11 OFFSET $12",                                                        \
		sorted)
#define ASSETS_ONLY " FROM assets a"
#define WITH_UNITS  " FROM assets a JOIN units u ON u.id = a.unit_id"
/* By unit along units_name then assets_unit_name: the units first (SQLite keeps a CROSS JOIN's order). */
#define UNITS_FIRST " FROM units u CROSS JOIN assets a"

#define ROW_PAGE(order, sorted)      PAGE(ASSETS_ONLY, BY_ROW LIKE_ROW, order, sorted)
#define ROW_UNIT_PAGE(order, sorted) PAGE(UNITS_FIRST, "a.unit_id = u.id AND " BY_ROW LIKE_ROW, order, sorted)
#define SCOPE_PAGE(from, sorted)     PAGE(from, BY_SCOPE LIKE_ROW, sorted, sorted)
#define FILTER_PAGE(from, sorted)    PAGE(from, BY_FILTER, sorted, sorted)
#define HITS_QUERY(ident, from, sorted)                                            \
	static DB_QUERY2(ident, PAGE(from, BY_HITS_SQLITE("$13"), sorted, sorted), \
			 PAGE(from, BY_HITS_PG("$13"), sorted, sorted))

/*
 * By review date, latest first and those without one last (migration 0180):
 * the page's dated assets from assets_review_dated read backwards, then,
 * past as many dated ones as there are (d, counted as far as the page
 * reaches), those without a date from assets_review_first's last run
 * ('9999') read backwards. Each reads as far as the page reaches, and the
 * two together are one page, sorted.
 */
#define REVIEW_LIMIT  "CAST($11 AS BIGINT)"
#define REVIEW_OFFSET "CAST($12 AS BIGINT)"
#define REVIEW_REACH  REVIEW_LIMIT " + " REVIEW_OFFSET
#define REVIEW_DATED  " WHERE a.review_due IS NOT NULL AND " BY_ROW LIKE_ROW ASSET_FILTER
#define REVIEW_NONE \
	" WHERE COALESCE(a.review_due, '9999') = '9999' AND a.review_due IS NULL AND " BY_ROW LIKE_ROW ASSET_FILTER
#define REVIEW_DESC_IDS                                                                                              \
	"WITH d(n) AS (SELECT count(*) FROM (SELECT 1 FROM assets a" REVIEW_DATED " LIMIT " REVIEW_REACH ") c)"      \
	" SELECT pid FROM (SELECT * FROM (SELECT 0 AS part, a.review_due AS due, a.name_folded AS nf, a.id AS pid"   \
	" FROM assets a" REVIEW_DATED " ORDER BY a.review_due DESC, a.name_folded DESC, a.id DESC"                   \
	" LIMIT " REVIEW_LIMIT " OFFSET " REVIEW_OFFSET ") r0"                                                       \
	" UNION ALL SELECT * FROM (SELECT 1, '', a.name_folded, a.id FROM assets a" REVIEW_NONE                      \
	" ORDER BY a.name_folded DESC, a.id DESC"                                                                    \
	" LIMIT (SELECT CASE WHEN n >= " REVIEW_REACH " THEN 0 WHEN n > " REVIEW_OFFSET " THEN " REVIEW_REACH " - n" \
	" ELSE " REVIEW_LIMIT " END FROM d)"                                                                         \
	" OFFSET (SELECT CASE WHEN n > " REVIEW_OFFSET " THEN 0 ELSE " REVIEW_OFFSET " - n END FROM d)) r1) m"       \
	" ORDER BY part, due DESC, nf DESC, pid DESC"
/* [sort][desc] for each way of finding the rows. */
static DB_QUERY(Q_ASSET_ROW_NAME, ROW_PAGE(ORDER_NAME(""), SORTED_NAME("")));
static DB_QUERY(Q_ASSET_ROW_NAME_D, ROW_PAGE(ORDER_NAME(" DESC"), SORTED_NAME(" DESC")));
static DB_QUERY(Q_ASSET_ROW_KIND, ROW_PAGE(ORDER_KIND(""), SORTED_KIND("")));
static DB_QUERY(Q_ASSET_ROW_KIND_D, ROW_PAGE(ORDER_KIND(" DESC"), SORTED_KIND(" DESC")));
static DB_QUERY(Q_ASSET_ROW_UNIT, ROW_UNIT_PAGE(ORDER_UNIT(""), SORTED_UNIT("")));
static DB_QUERY(Q_ASSET_ROW_UNIT_D, ROW_UNIT_PAGE(ORDER_UNIT(" DESC"), SORTED_UNIT(" DESC")));
static DB_QUERY(Q_ASSET_ROW_UPDATED, ROW_PAGE(ORDER_UPDATED(""), SORTED_UPDATED("")));
static DB_QUERY(Q_ASSET_ROW_UPDATED_D, ROW_PAGE(ORDER_UPDATED(" DESC"), SORTED_UPDATED(" DESC")));
static DB_QUERY(Q_ASSET_ROW_REVIEW, ROW_PAGE(ORDER_REVIEW_ASC, SORTED_REVIEW_ASC));
static DB_QUERY(Q_ASSET_ROW_REVIEW_D, PAGE_OF(REVIEW_DESC_IDS, SORTED_REVIEW_DESC));
static DB_QUERY(Q_ASSET_SCOPE_NAME, SCOPE_PAGE(ASSETS_ONLY, SORTED_NAME("")));
static DB_QUERY(Q_ASSET_SCOPE_NAME_D, SCOPE_PAGE(ASSETS_ONLY, SORTED_NAME(" DESC")));
static DB_QUERY(Q_ASSET_SCOPE_KIND, SCOPE_PAGE(ASSETS_ONLY, SORTED_KIND("")));
static DB_QUERY(Q_ASSET_SCOPE_KIND_D, SCOPE_PAGE(ASSETS_ONLY, SORTED_KIND(" DESC")));
static DB_QUERY(Q_ASSET_SCOPE_UNIT, SCOPE_PAGE(WITH_UNITS, SORTED_UNIT("")));
static DB_QUERY(Q_ASSET_SCOPE_UNIT_D, SCOPE_PAGE(WITH_UNITS, SORTED_UNIT(" DESC")));
static DB_QUERY(Q_ASSET_SCOPE_UPDATED, SCOPE_PAGE(ASSETS_ONLY, SORTED_UPDATED("")));
static DB_QUERY(Q_ASSET_SCOPE_UPDATED_D, SCOPE_PAGE(ASSETS_ONLY, SORTED_UPDATED(" DESC")));
static DB_QUERY(Q_ASSET_SCOPE_REVIEW, SCOPE_PAGE(ASSETS_ONLY, SORTED_REVIEW_ASC));
static DB_QUERY(Q_ASSET_SCOPE_REVIEW_D, SCOPE_PAGE(ASSETS_ONLY, SORTED_REVIEW_DESC));
static DB_QUERY(Q_ASSET_FILTER_NAME, FILTER_PAGE(ASSETS_ONLY, SORTED_NAME("")));
static DB_QUERY(Q_ASSET_FILTER_NAME_D, FILTER_PAGE(ASSETS_ONLY, SORTED_NAME(" DESC")));
static DB_QUERY(Q_ASSET_FILTER_KIND, FILTER_PAGE(ASSETS_ONLY, SORTED_KIND("")));
static DB_QUERY(Q_ASSET_FILTER_KIND_D, FILTER_PAGE(ASSETS_ONLY, SORTED_KIND(" DESC")));
static DB_QUERY(Q_ASSET_FILTER_UNIT, FILTER_PAGE(WITH_UNITS, SORTED_UNIT("")));
static DB_QUERY(Q_ASSET_FILTER_UNIT_D, FILTER_PAGE(WITH_UNITS, SORTED_UNIT(" DESC")));
static DB_QUERY(Q_ASSET_FILTER_UPDATED, FILTER_PAGE(ASSETS_ONLY, SORTED_UPDATED("")));
static DB_QUERY(Q_ASSET_FILTER_UPDATED_D, FILTER_PAGE(ASSETS_ONLY, SORTED_UPDATED(" DESC")));
static DB_QUERY(Q_ASSET_FILTER_REVIEW, FILTER_PAGE(ASSETS_ONLY, SORTED_REVIEW_ASC));
static DB_QUERY(Q_ASSET_FILTER_REVIEW_D, FILTER_PAGE(ASSETS_ONLY, SORTED_REVIEW_DESC));
HITS_QUERY(Q_ASSET_HITS_NAME, ASSETS_ONLY, SORTED_NAME(""));
HITS_QUERY(Q_ASSET_HITS_NAME_D, ASSETS_ONLY, SORTED_NAME(" DESC"));
HITS_QUERY(Q_ASSET_HITS_KIND, ASSETS_ONLY, SORTED_KIND(""));
HITS_QUERY(Q_ASSET_HITS_KIND_D, ASSETS_ONLY, SORTED_KIND(" DESC"));
HITS_QUERY(Q_ASSET_HITS_UNIT, WITH_UNITS, SORTED_UNIT(""));
HITS_QUERY(Q_ASSET_HITS_UNIT_D, WITH_UNITS, SORTED_UNIT(" DESC"));
HITS_QUERY(Q_ASSET_HITS_UPDATED, ASSETS_ONLY, SORTED_UPDATED(""));
HITS_QUERY(Q_ASSET_HITS_UPDATED_D, ASSETS_ONLY, SORTED_UPDATED(" DESC"));
HITS_QUERY(Q_ASSET_HITS_REVIEW, ASSETS_ONLY, SORTED_REVIEW_ASC);
HITS_QUERY(Q_ASSET_HITS_REVIEW_D, ASSETS_ONLY, SORTED_REVIEW_DESC);

enum asset_way {
	WAY_ROW = ASSET_WAY_ROW,
	WAY_SCOPE = ASSET_WAY_SCOPE,
	WAY_HITS = ASSET_WAY_HITS,
	WAY_FILTER = ASSET_WAY_FILTER,
	WAY_COUNT = ASSET_WAY_COUNT
};
#define N_SORTS (ASSET_SORT_REVIEW + 1)
static const struct db_query *const list_queries[WAY_COUNT][N_SORTS][2] = {
	[WAY_ROW] = {
		[ASSET_SORT_NAME] = { &Q_ASSET_ROW_NAME, &Q_ASSET_ROW_NAME_D },
		[ASSET_SORT_KIND] = { &Q_ASSET_ROW_KIND, &Q_ASSET_ROW_KIND_D },
		[ASSET_SORT_UNIT] = { &Q_ASSET_ROW_UNIT, &Q_ASSET_ROW_UNIT_D },
		[ASSET_SORT_UPDATED] = { &Q_ASSET_ROW_UPDATED, &Q_ASSET_ROW_UPDATED_D },
		[ASSET_SORT_REVIEW] = { &Q_ASSET_ROW_REVIEW, &Q_ASSET_ROW_REVIEW_D },
	},
	[WAY_SCOPE] = {
		[ASSET_SORT_NAME] = { &Q_ASSET_SCOPE_NAME, &Q_ASSET_SCOPE_NAME_D },
		[ASSET_SORT_KIND] = { &Q_ASSET_SCOPE_KIND, &Q_ASSET_SCOPE_KIND_D },
		[ASSET_SORT_UNIT] = { &Q_ASSET_SCOPE_UNIT, &Q_ASSET_SCOPE_UNIT_D },
		[ASSET_SORT_UPDATED] = { &Q_ASSET_SCOPE_UPDATED, &Q_ASSET_SCOPE_UPDATED_D },
		[ASSET_SORT_REVIEW] = { &Q_ASSET_SCOPE_REVIEW, &Q_ASSET_SCOPE_REVIEW_D },
	},
	[WAY_FILTER] = {
		[ASSET_SORT_NAME] = { &Q_ASSET_FILTER_NAME, &Q_ASSET_FILTER_NAME_D },
		[ASSET_SORT_KIND] = { &Q_ASSET_FILTER_KIND, &Q_ASSET_FILTER_KIND_D },
		[ASSET_SORT_UNIT] = { &Q_ASSET_FILTER_UNIT, &Q_ASSET_FILTER_UNIT_D },
		[ASSET_SORT_UPDATED] = { &Q_ASSET_FILTER_UPDATED, &Q_ASSET_FILTER_UPDATED_D },
		[ASSET_SORT_REVIEW] = { &Q_ASSET_FILTER_REVIEW, &Q_ASSET_FILTER_REVIEW_D },
	},
	[WAY_HITS] = {
		[ASSET_SORT_NAME] = { &Q_ASSET_HITS_NAME, &Q_ASSET_HITS_NAME_D },
		[ASSET_SORT_KIND] = { &Q_ASSET_HITS_KIND, &Q_ASSET_HITS_KIND_D },
		[ASSET_SORT_UNIT] = { &Q_ASSET_HITS_UNIT, &Q_ASSET_HITS_UNIT_D },
		[ASSET_SORT_UPDATED] = { &Q_ASSET_HITS_UPDATED, &Q_ASSET_HITS_UPDATED_D },
		[ASSET_SORT_REVIEW] = { &Q_ASSET_HITS_REVIEW, &Q_ASSET_HITS_REVIEW_D },
	},
};

/*
 * At most this many matching rows are found through the search index or
 * the viewer's units and sorted; more are read along the order's index,
 * where at least one row in (register / this) matches, so a page of 50
 * reads a bounded number of rows before it is full.
 */
#define SORT_AT_MOST 2000

static DB_QUERY_PLAN_ONCE(Q_ASSET_GET, "SELECT " ASSET_COLS ASSET_FROM " WHERE a.id = $1");
/* The assets called $2 (folded) in the units viewer $1 sees, by unit name: along the index assets_name. */
static DB_QUERY(Q_ASSET_NAMED,
		"SELECT " ASSET_COLS ASSET_FROM
		" WHERE a.name_folded = CAST($2 AS TEXT) AND " SQL_SEEN_ROW("a.unit_id", "$1",
									    "NULL") " ORDER BY u.name, a.id LIMIT $3");
/* A person's assets; q_requirement.c reads their assessments with the same condition (ASSETS_OF_PERSON). */
static DB_QUERY(Q_ASSET_OF_PERSON,
		"SELECT " ASSET_COLS ASSET_FROM " WHERE a.id IN (" ASSETS_OF_PERSON("$1", "$2") ") ORDER BY a.id");
/* The export's pages: by id after the last one sent (keyset), so each page costs the same. */
static DB_QUERY(Q_ASSET_PAGE_AFTER, "SELECT " ASSET_COLS ASSET_FROM
				    " WHERE a.id > $11 AND " BY_ROW LIKE_ROW ASSET_FILTER " ORDER BY a.id LIMIT $12");
static DB_QUERY(Q_ASSET_SAME_NAME,
		"SELECT id FROM assets WHERE unit_id = $1 AND name_folded = CAST($2 AS TEXT) AND id <> $3 LIMIT 1");
/*
 * SQLite only (migration 0013): index the first $1 assets above indexed_to,
 * in one statement, and move it up past them; but never up to the ids of an
 * import that runs (migration 0150): indexed_to would pass those not yet
 * written, which would then never be indexed, and the import's rows wait
 * until it is done (or undone) anyway.
 */
#define WAITING                                                                             \
	"SELECT id FROM assets WHERE id > (SELECT indexed_to FROM assets_fts_state)"        \
	" AND id < (SELECT COALESCE(min(first_id), 9223372036854775807) FROM asset_imports" \
	" WHERE state = 'running')"
#define PENDING WAITING " ORDER BY id LIMIT $1"
static DB_QUERY(Q_ASSET_FTS_FLUSH, "INSERT INTO assets_fts (rowid, search_folded) SELECT id, search_folded FROM assets"
				   " WHERE id IN (" PENDING ")");
static DB_QUERY(Q_ASSET_FTS_CLEAR,
		"UPDATE assets_fts_state SET indexed_to = COALESCE((SELECT max(id) FROM (" PENDING ") p), indexed_to)"
		" WHERE id = 1");
static DB_QUERY(Q_ASSET_FTS_WAITING, WAITING " LIMIT 1");
static DB_QUERY(Q_ASSET_UNIT_NAMES, "SELECT name_folded FROM assets WHERE unit_id = $1");
static DB_QUERY(
	Q_ASSET_INSERT,
	"INSERT INTO assets (unit_id, kind, name, description, owner_id, administrator_id, supplier, hosting,"
	" personal_data, business_critical, nis2, lifecycle, retired_at, version, created_at, updated_at,"
	" name_folded, search_folded, vital)"
	" VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, 1, $14, $14, $15, $16, $17) RETURNING id");
/* Many new assets a statement (q_asset_insert_many()): their ids are given (q_asset_next_ids()). */
static DB_MANY(
	Q_ASSET_INSERT_MANY,
	"INSERT INTO assets (id, unit_id, kind, name, description, owner_id, administrator_id, supplier, hosting,"
	" personal_data, business_critical, nis2, lifecycle, retired_at, version, created_at, updated_at,"
	" name_folded, search_folded, vital)",
	"(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?, ?, ?)");
/*
 * $1 ids for new assets: on PostgreSQL from the sequence, one row each; on
 * SQLite the highest ever given, after which they follow (the caller holds
 * the write lock).
 */
static DB_QUERY2(Q_ASSET_NEXT_IDS,
		 "SELECT max(COALESCE((SELECT seq FROM sqlite_sequence WHERE name = 'assets'), 0),"
		 " COALESCE((SELECT max(id) FROM assets), 0)) WHERE CAST($1 AS BIGINT) > 0",
		 "SELECT nextval(pg_get_serial_sequence('assets', 'id')) FROM generate_series(1, $1)");
/*
 * The import journal (migration 0150). Reserving: the ids of $1 rows
 * (Q_ASSET_NEXT_IDS) with no other insert of an asset in between (on SQLite
 * the write lock, on PostgreSQL this lock, which every INSERT waits for and
 * reads do not), and on SQLite the sequence moved past them so that an asset
 * created meanwhile gets an id after them.
 */
static DB_QUERY2(Q_IMPORT_LOCK, "SELECT 1", "LOCK TABLE assets IN EXCLUSIVE MODE");
static DB_QUERY2(Q_IMPORT_SEQ_SET, "UPDATE sqlite_sequence SET seq = $1 WHERE name = 'assets' AND seq < $1",
		 "SELECT CAST($1 AS BIGINT)");
static DB_QUERY2(Q_IMPORT_SEQ_ADD,
		 "INSERT INTO sqlite_sequence (name, seq) SELECT 'assets', $1"
		 " WHERE NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = 'assets')",
		 "SELECT CAST($1 AS BIGINT)");
/* $1 actor or NULL, $2 rows, $3 first id, $4 last id, $5 now */
static DB_QUERY(Q_IMPORT_OPEN, "INSERT INTO asset_imports (actor_id, state, n_rows, first_id, last_id, next_id,"
			       " started_at, beat_at) VALUES ($1, 'running', $2, $3, $4, $3, $5, $5) RETURNING id");
/* $1 import, $2 the first id not yet written, $3 now: changes nothing unless it still runs */
static DB_QUERY(Q_IMPORT_BEAT,
		"UPDATE asset_imports SET next_id = $2, beat_at = $3 WHERE id = $1 AND state = 'running'");
static DB_QUERY(Q_IMPORT_CLOSE,
		"UPDATE asset_imports SET state = $2, ended_at = $3 WHERE id = $1 AND state = 'running'");
/* Imports that run and were last heard of before $1 (NULL: all that run). */
static DB_QUERY(Q_IMPORT_STALE, "SELECT id, first_id, next_id FROM asset_imports WHERE state = 'running'"
				" AND (CAST($1 AS TEXT) IS NULL OR beat_at < CAST($1 AS TEXT)) ORDER BY id");
/*
 * What undoing an import removes: its rows from $1 up to $2 (the first not
 * written), at most $3, that no one has changed (version 1) or refers to
 * since; the rest stay.
 */
static DB_QUERY(Q_IMPORT_UNDO_ROWS,
		"SELECT " ASSET_COLS ASSET_FROM " WHERE a.id >= $1 AND a.id < $2 AND a.version = 1"
		" AND NOT EXISTS (SELECT 1 FROM asset_links x WHERE x.from_id = a.id OR x.to_id = a.id)"
		" AND NOT EXISTS (SELECT 1 FROM classifications x WHERE x.asset_id = a.id)"
		" AND NOT EXISTS (SELECT 1 FROM asset_requirements x WHERE x.asset_id = a.id)"
		" AND NOT EXISTS (SELECT 1 FROM processing_assets x WHERE x.asset_id = a.id)"
		" AND NOT EXISTS (SELECT 1 FROM incident_assets x WHERE x.asset_id = a.id)"
		" AND NOT EXISTS (SELECT 1 FROM risk_analysis_assets x WHERE x.asset_id = a.id)"
		" AND NOT EXISTS (SELECT 1 FROM risk_concerns x WHERE x.asset_id = a.id)"
		" AND NOT EXISTS (SELECT 1 FROM continuity_plans x WHERE x.asset_id = a.id)"
		" AND NOT EXISTS (SELECT 1 FROM activity_links x WHERE x.kind = 'asset' AND x.target_id = a.id)"
		" ORDER BY a.id LIMIT $3");
static DB_QUERY(Q_IMPORT_KEPT, "SELECT count(*) FROM assets WHERE id >= $1 AND id < $2");
static DB_QUERY(Q_ASSET_DELETE, "DELETE FROM assets WHERE id = $1 AND version = 1");
static DB_QUERY(Q_ASSET_UPDATE,
		"UPDATE assets SET unit_id = $3, kind = $4, name = $5, description = $6, owner_id = $7,"
		" administrator_id = $8, supplier = $9, hosting = $10, personal_data = $11, business_critical = $12,"
		" nis2 = $13, lifecycle = $14, retired_at = $15, updated_at = $16, version = version + 1,"
		" name_folded = $17, search_folded = $18, vital = $19"
		" WHERE id = $1 AND version = $2");
static DB_QUERY(Q_ASSET_FOLD_NEXT,
		"SELECT id, name, supplier, description FROM assets WHERE id > $1 ORDER BY id LIMIT 1000");
static DB_QUERY(Q_ASSET_FOLD_SET, "UPDATE assets SET name_folded = $2, search_folded = $3 WHERE id = $1");
#define LINK_COLS \
	"SELECT l.id, l.from_id, l.to_id, l.kind, o.name, o.kind, o.unit_id, ou.path, o.owner_id FROM asset_links l"
static DB_QUERY_PLAN_ONCE(Q_ASSET_DEPS, LINK_COLS " JOIN assets o ON o.id = l.to_id JOIN units ou ON ou.id = o.unit_id"
						  " WHERE l.from_id = $1 ORDER BY o.name_folded, o.id");
static DB_QUERY_PLAN_ONCE(Q_ASSET_DEPENDANTS,
			  LINK_COLS " JOIN assets o ON o.id = l.from_id JOIN units ou ON ou.id = o.unit_id"
				    " WHERE l.to_id = $1 ORDER BY o.name_folded, o.id");
static DB_QUERY(Q_ASSET_LINK_GET, LINK_COLS " JOIN assets o ON o.id = l.to_id JOIN units ou ON ou.id = o.unit_id"
					    " WHERE l.id = $1");
static DB_QUERY(Q_ASSET_LINK_INSERT,
		"INSERT INTO asset_links (from_id, to_id, kind, created_at, created_by) VALUES ($1, $2, $3, $4, $5)"
		" RETURNING id");
static DB_QUERY(Q_ASSET_LINK_DELETE, "DELETE FROM asset_links WHERE id = $1");
static DB_QUERY(Q_ASSET_LINK_ALL_FROM, "SELECT to_id FROM asset_links WHERE from_id = $1");
static DB_QUERY_PLAN_ONCE(Q_ASSET_LEVEL_NAMES, "SELECT level, name FROM class_levels WHERE org_id = $1 ORDER BY level");
static void asset_from_row(const struct db_rows *r, size_t i, void *out)
{
	struct asset *as = out;
	as->id = rows_int(r, i, ASC_ID);
	as->unit_id = rows_int(r, i, ASC_UNIT);
	as->unit_name = rows_text(r, i, ASC_UNIT_NAME);
	as->unit_path = rows_text(r, i, ASC_UNIT_PATH);
	as->kind = rows_text(r, i, ASC_KIND);
	as->name = rows_text(r, i, ASC_NAME);
	as->description = rows_text(r, i, ASC_DESCRIPTION);
	as->owner_id = rows_int(r, i, ASC_OWNER);
	as->owner_name = rows_text(r, i, ASC_OWNER_NAME);
	as->administrator_id = rows_int(r, i, ASC_ADMIN);
	as->administrator_name = rows_text(r, i, ASC_ADMIN_NAME);
	as->supplier = rows_text(r, i, ASC_SUPPLIER);
	as->hosting = rows_text(r, i, ASC_HOSTING);
	as->personal_data = rows_bool(r, i, ASC_PERSONAL);
	as->business_critical = rows_bool(r, i, ASC_CRITICAL);
	as->nis2 = rows_bool(r, i, ASC_NIS2);
	as->lifecycle = rows_text(r, i, ASC_LIFECYCLE);
	as->retired_at = rows_text(r, i, ASC_RETIRED);
	as->classification_id = rows_int(r, i, ASC_CLASS);
	as->review_due = rows_text(r, i, ASC_REVIEW_DUE);
	as->needs_review = rows_bool(r, i, ASC_NEEDS_REVIEW);
	as->c_level = rows_level(r, i, ASC_C);
	as->i_level = rows_level(r, i, ASC_I);
	as->a_level = rows_level(r, i, ASC_A);
	as->t_level = rows_level(r, i, ASC_T);
	as->version = rows_int(r, i, ASC_VERSION);
	as->created_at = rows_text(r, i, ASC_CREATED);
	as->updated_at = rows_text(r, i, ASC_UPDATED);
	as->vital = rows_bool(r, i, ASC_VITAL);
}

int q_asset_get(struct db *db, struct arena *a, int64_t id, struct asset *out, struct err *e)
{
	return db_run_get(db, a, &Q_ASSET_GET, DB_ARGS(DB_INT(id)), asset_from_row, out, e);
}

int q_asset_named(struct db *db, struct arena *a, int64_t viewer_id, const char *name_folded, int64_t limit,
		  struct asset **out, size_t *n, struct err *e)
{
	return db_run_list(db, a, &Q_ASSET_NAMED, DB_ARGS(DB_INT(viewer_id), DB_TEXT(name_folded), DB_INT(limit)),
			   sizeof(**out), asset_from_row, (void **)out, n, e);
}

int q_asset_of_person(struct db *db, struct arena *a, int64_t user_id, int64_t limit, struct asset **out, size_t *n,
		      struct err *e)
{
	return db_run_list(db, a, &Q_ASSET_OF_PERSON, DB_ARGS(DB_INT(user_id), DB_INT(limit)), sizeof(**out),
			   asset_from_row, (void **)out, n, e);
}

/* The search as an FTS5 phrase of trigrams ("..." with " doubled), or NULL when shorter than a trigram. */
static const char *hits_phrase(struct arena *a, const char *folded)
{
	struct buf b;

	if (!folded || str_utf8_len(folded) < 3)
		return NULL;
	buf_init(&b, a);
	buf_addch(&b, '"');
	for (const char *p = folded; *p; p++) {
		if (*p == '"')
			buf_addch(&b, '"');
		buf_addch(&b, *p);
	}
	buf_addch(&b, '"');
	return buf_cstr(&b);
}

/* What a list query needs to know of its filter, and how it finds its rows. */
struct list_plan {
	int64_t viewer;      /* 0 when the viewer sees every unit */
	const char *subtree; /* path, or NULL */
	const char *like;    /* folded LIKE pattern, or NULL */
	const char *phrase;  /* FTS5 phrase, or NULL */
	bool scoped;         /* only some units' assets (a subtree, or a viewer who does not see every unit) */
	bool wide;           /* ... but at least half of all units */
};

static int plan_list(struct db *db, struct arena *a, const struct asset_filter *f, const char *subtree,
		     struct list_plan *p, struct err *e)
{
	const char *q = f->q && *f->q ? str_fold(a, f->q) : NULL;
	struct db_rows rows;
	int rc;

	*p = (struct list_plan){ f->viewer_id, subtree, db_like_contains(a, q), hits_phrase(a, q), false, false };
	if (!p->viewer && !p->subtree)
		return 0;
	if ((rc = db_run(db, a, &Q_ASSET_VIEWER, DB_ARGS(DB_INT(p->viewer), DB_TEXT(p->subtree)), &rows, e)))
		return rc;
	if (rows_int(&rows, 0, 0) > 0)
		p->viewer = 0;
	p->scoped = p->viewer || p->subtree;
	p->wide = rows_int(&rows, 0, 1) * 2 >= rows_int(&rows, 0, 2);
	return 0;
}

#define FILTER_ARGS(p, f, today)                                                                 \
	DB_INT((p)->viewer), DB_TEXT((p)->subtree), DB_TEXT((f)->kind), DB_INT((f)->classified), \
		DB_INT((f)->business_critical), DB_INT((f)->nis2), DB_INT((f)->personal_data),   \
		DB_INT((f)->review_overdue ? 1 : 0), DB_TEXT(today), DB_TEXT((p)->like)

static int page_of(struct db *db, struct arena *a, const struct asset_filter *f, const struct list_plan *p,
		   const char *today, enum asset_way way, int64_t limit, int64_t offset, struct asset **out, size_t *n,
		   struct err *e)
{
	int sort = f->sort >= 0 && f->sort < N_SORTS ? (int)f->sort : ASSET_SORT_NAME;
	struct db_rows rows;
	int rc = db_run(db, a, list_queries[way][sort][f->desc ? 1 : 0],
			DB_ARGS(FILTER_ARGS(p, f, today), DB_INT(limit), DB_INT(offset), DB_TEXT(p->phrase)), &rows, e);
	if (!rc)
		*out = rows_map(a, &rows, sizeof(**out), asset_from_row, n);
	return rc;
}

int q_asset_list(struct db *db, struct arena *a, const struct asset_filter *f, const char *subtree, const char *today,
		 struct asset **out, size_t *n, int64_t *total, struct err *e)
{
	int64_t limit = f->limit > 0 && f->limit <= 500 ? f->limit : 50;
	int64_t offset = f->offset > 0 ? f->offset : 0;
	struct list_plan p;
	enum asset_way counted, way;
	bool filtered;
	int64_t count;
	int rc;

	*out = arena_calloc(a, 1, sizeof(**out));
	*n = 0;
	if ((rc = plan_list(db, a, f, subtree, &p, e)))
		return rc;
	/*
	 * Count through the narrowest index the filter names: the search's,
	 * the viewer's units when they are few, else along the register.
	 */
	if (p.phrase && (!p.scoped || p.wide))
		counted = WAY_HITS;
	else if (p.scoped && !p.wide)
		counted = WAY_SCOPE;
	else
		counted = WAY_ROW;
	filtered = f->kind || f->classified != -1 || f->business_critical != -1 || f->nis2 != -1 ||
		   f->personal_data != -1 || f->review_overdue;
	/*
	 * Kept per data version, a search's count too: the folded text is written with the asset (and its audit
	 * entry), and the search also reads the assets its index does not hold yet (migration 0013), so the count
	 * is the same whatever the index holds. Paging through a search's hits counts them once.
	 */
	if (counted == WAY_HITS && !p.scoped && !filtered)
		rc = db_run_count_kept(db, a, &Q_ASSET_COUNT_HITS_ONLY, DB_ARGS(DB_TEXT(p.phrase), DB_TEXT(p.like)),
				       &count, e);
	else if (counted == WAY_HITS)
		rc = db_run_count_kept(db, a, &Q_ASSET_COUNT_HITS,
				       DB_ARGS(FILTER_ARGS(&p, f, today), DB_TEXT(p.phrase)), &count, e);
	else if (p.like)
		rc = db_run_count_kept(db, a, counted == WAY_SCOPE ? &Q_ASSET_COUNT_SCOPE : &Q_ASSET_COUNT_ROW,
				       DB_ARGS(FILTER_ARGS(&p, f, today)), &count, e);
	else
		rc = db_run_count_kept(db, a,
				       counted == WAY_SCOPE ? &Q_ASSET_COUNT_SCOPE_INDEX : &Q_ASSET_COUNT_ROW_INDEX,
				       DB_ARGS(FILTER_ARGS(&p, f, today)), &count, e);
	if (rc)
		return rc;
	if (total)
		*total = count;
	if (count == 0 || offset >= count)
		return 0;
	/*
	 * Few: find them the way they were counted (or, for filters without a
	 * search, through assets_filters) and sort them. Many: read along the
	 * order's index.
	 */
	if (count > SORT_AT_MOST)
		way = WAY_ROW;
	else if (counted == WAY_ROW && filtered && !p.like)
		way = WAY_FILTER;
	else
		way = counted;
	return page_of(db, a, f, &p, today, way, limit, offset, out, n, e);
}

int q_asset_list_by(struct db *db, struct arena *a, const struct asset_filter *f, const char *subtree,
		    const char *today, enum asset_list_way way, struct asset **out, size_t *n, struct err *e)
{
	int64_t limit = f->limit > 0 && f->limit <= 500 ? f->limit : 50;
	struct list_plan p;
	int rc;

	if ((rc = plan_list(db, a, f, subtree, &p, e)))
		return rc;
	return page_of(db, a, f, &p, today, (enum asset_way)way, limit, f->offset > 0 ? f->offset : 0, out, n, e);
}

int q_asset_page_after(struct db *db, struct arena *a, const struct asset_filter *f, const char *subtree,
		       const char *today, int64_t after_id, int64_t limit, struct asset **out, size_t *n, struct err *e)
{
	struct list_plan p;
	int rc;

	if ((rc = plan_list(db, a, f, subtree, &p, e)))
		return rc;
	return db_run_list(db, a, &Q_ASSET_PAGE_AFTER,
			   DB_ARGS(FILTER_ARGS(&p, f, today), DB_INT(after_id), DB_INT(limit)), sizeof(**out),
			   asset_from_row, (void **)out, n, e);
}

/* The folded copies stored beside an asset's text (migration 0010). */
static const char *search_text(struct arena *a, const char *name, const char *supplier, const char *description)
{
	return db_folded_lines(a, name, supplier, description);
}

static int fold_row(struct db *db, struct arena *a, const struct db_rows *rows, size_t i, struct err *e)
{
	const char *name = rows_text(rows, i, 1);
	return db_run(db, a, &Q_ASSET_FOLD_SET,
		      DB_ARGS(DB_INT(rows_int(rows, i, 0)), DB_TEXT(str_fold(a, name)),
			      DB_TEXT(search_text(a, name, rows_text(rows, i, 2), rows_text(rows, i, 3)))),
		      NULL, e);
}

int q_asset_fill_folded(struct db *db, struct err *e)
{
	return db_fill_by_id(db, &Q_ASSET_FOLD_NEXT, fold_row, e);
}

/* SQLite only (migration 0170). */
static DB_QUERY(Q_SCHEMA_VERSION, "PRAGMA schema_version");
static DB_QUERY(Q_ASSET_CHECK_LISTS, "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'assets'"
				     " AND (sql LIKE '%kind IN (%' OR sql LIKE '%hosting IN (%'"
				     " OR sql LIKE '%lifecycle IN (%')");

int q_asset_checks_reread(struct db *db, struct err *e)
{
	struct arena *a = arena_new();
	struct db_rows r;
	char sql[64];
	int rc;

	if (!(rc = db_run(db, a, &Q_SCHEMA_VERSION, NULL, 0, &r, e))) {
		snprintf(sql, sizeof(sql), "PRAGMA schema_version = %lld", (long long)rows_int(&r, 0, 0) + 1);
		rc = db_exec_script(db, sql, e);
	}
	if (!rc && !(rc = db_run(db, a, &Q_ASSET_CHECK_LISTS, NULL, 0, &r, e)) && rows_int(&r, 0, 0) > 0)
		log_warn(
			"migration 0170: the asset table's text differs from what it rewrites; its CHECKs are as before");
	arena_free(a);
	return rc;
}

int q_asset_name_taken(struct db *db, struct arena *a, int64_t unit_id, const char *name, int64_t except, bool *taken,
		       struct err *e)
{
	struct db_rows rows;
	int rc = db_run(db, a, &Q_ASSET_SAME_NAME, DB_ARGS(DB_INT(unit_id), DB_TEXT(str_fold(a, name)), DB_INT(except)),
			&rows, e);
	if (!rc)
		*taken = rows.n_rows > 0;
	return rc;
}

int q_asset_index_pending(struct db *db, struct arena *a, int64_t limit, bool *more, struct err *e)
{
	struct db_rows rows;
	int rc;

	*more = false;
	if (db_engine_of(db) != DB_SQLITE)
		return 0;
	if ((rc = db_run(db, a, &Q_ASSET_FTS_FLUSH, DB_ARGS(DB_INT(limit)), &rows, e)) ||
	    (rc = db_run(db, a, &Q_ASSET_FTS_CLEAR, DB_ARGS(DB_INT(limit)), NULL, e)))
		return rc;
	*more = rows.changes >= limit;
	return 0;
}

int q_asset_index_waiting(struct db *db, struct arena *a, bool *waiting, struct err *e)
{
	struct db_rows rows;
	int rc;

	*waiting = false;
	if (db_engine_of(db) != DB_SQLITE)
		return 0;
	if (!(rc = db_run(db, a, &Q_ASSET_FTS_WAITING, NULL, 0, &rows, e)))
		*waiting = rows.n_rows > 0;
	return rc;
}

int q_asset_unit_names(struct db *db, struct arena *a, int64_t unit_id, const char ***out, size_t *n, struct err *e)
{
	struct db_rows rows;
	int rc = db_run(db, a, &Q_ASSET_UNIT_NAMES, DB_ARGS(DB_INT(unit_id)), &rows, e);
	if (rc)
		return rc;
	*out = arena_calloc(a, rows.n_rows ? rows.n_rows : 1, sizeof(**out));
	for (size_t i = 0; i < rows.n_rows; i++)
		(*out)[i] = rows_text(&rows, i, 0);
	*n = rows.n_rows;
	return 0;
}

/* $1 the unit's path or NULL (any unit); $2-$4 the roles; $5 the limit. */
/* Roles on the unit at $1 or above it (every unit when $1 is NULL), or on the whole installation. */
static DB_QUERY_PLAN_ONCE(
	Q_ASSET_OWNER_CANDIDATES,
	SQL_ANCESTORS_CTE(
		"$1") "SELECT us.id, us.display_name, us.username FROM users us WHERE us.active = 1"
		      " AND us.id IN (SELECT ra.user_id FROM role_assignments ra"
		      " WHERE ra.role IN (CAST($2 AS TEXT), CAST($3 AS TEXT), CAST($4 AS TEXT))"
		      " AND (ra.unit_id IS NULL OR CAST($1 AS TEXT) IS NULL"
		      "      OR ra.unit_id IN (SELECT id FROM anc_)))"
		      " AND (CAST($6 AS TEXT) IS NULL OR lower(us.username) LIKE lower(CAST($6 AS TEXT)) ESCAPE '\\'"
		      "      OR lower(us.display_name) LIKE lower(CAST($6 AS TEXT)) ESCAPE '\\')"
		      " ORDER BY lower(us.display_name), us.id LIMIT $5");

static void candidate_from_row(const struct db_rows *r, size_t i, void *out)
{
	struct asset_owner_candidate *c = out;
	c->id = rows_int(r, i, 0);
	c->display_name = rows_text(r, i, 1);
	c->username = rows_text(r, i, 2);
}

int q_asset_owner_candidates(struct db *db, struct arena *a, const char *unit_path, const char *const *roles, size_t n,
			     const char *q, int64_t limit, struct asset_owner_candidate **out, size_t *n_out,
			     struct err *e)
{
	struct db_rows rows;
	int rc = db_run(db, a, &Q_ASSET_OWNER_CANDIDATES,
			DB_ARGS(DB_TEXT(unit_path), DB_TEXT(n > 0 ? roles[0] : ""), DB_TEXT(n > 1 ? roles[1] : ""),
				DB_TEXT(n > 2 ? roles[2] : ""), DB_INT(limit), DB_TEXT(db_like_contains(a, q))),
			&rows, e);
	if (!rc)
		*out = rows_map(a, &rows, sizeof(**out), candidate_from_row, n_out);
	return rc;
}

int q_asset_insert(struct db *db, struct arena *a, const struct asset_input *in, const char *retired_at,
		   const char *now, int64_t *id_out, struct err *e)
{
	struct db_rows rows;
	int rc = db_run(db, a, &Q_ASSET_INSERT,
			DB_ARGS(DB_INT(in->unit_id), DB_TEXT(in->kind), DB_TEXT(in->name), DB_TEXT(in->description),
				DB_ID(in->owner_id), DB_ID(in->administrator_id), DB_TEXT(in->supplier),
				DB_TEXT(in->hosting), DB_INT(in->personal_data), DB_INT(in->business_critical),
				DB_INT(in->nis2), DB_TEXT(in->lifecycle), DB_TEXT(retired_at), DB_TEXT(now),
				DB_TEXT(str_fold(a, in->name)),
				DB_TEXT(search_text(a, in->name, in->supplier, in->description)), DB_INT(in->vital)),
			&rows, e);
	if (!rc)
		*id_out = rows_int(&rows, 0, 0);
	return rc;
}

int q_asset_next_ids(struct db *db, struct arena *a, size_t n, int64_t *ids, struct err *e)
{
	struct db_rows rows;
	bool sqlite = db_engine_of(db) == DB_SQLITE;
	int rc = db_run(db, a, &Q_ASSET_NEXT_IDS, DB_ARGS(DB_INT(n)), &rows, e);

	if (rc)
		return rc;
	if (rows.n_rows != (sqlite ? 1 : n))
		return err_set(e, ERR_DB, NULL, N_("The database could not complete the request."));
	for (size_t i = 0; i < n; i++)
		ids[i] = sqlite ? rows_int(&rows, 0, 0) + 1 + (int64_t)i : rows_int(&rows, i, 0);
	return 0;
}

int q_asset_import_open(struct db *db, struct arena *a, int64_t actor_id, size_t n, const char *now, int64_t *ids,
			int64_t *import_id, struct err *e)
{
	struct db_rows rows;
	int rc;

	if ((rc = db_run(db, a, &Q_IMPORT_LOCK, NULL, 0, NULL, e)) || (rc = q_asset_next_ids(db, a, n, ids, e)) ||
	    (rc = db_run(db, a, &Q_IMPORT_SEQ_SET, DB_ARGS(DB_INT(ids[n - 1])), NULL, e)) ||
	    (rc = db_run(db, a, &Q_IMPORT_SEQ_ADD, DB_ARGS(DB_INT(ids[n - 1])), NULL, e)))
		return rc;
	for (size_t i = 1; i < n; i++)
		if (ids[i] != ids[i - 1] + 1)
			return err_set(e, ERR_DB, NULL, N_("The database could not complete the request."));
	rc = db_run(db, a, &Q_IMPORT_OPEN,
		    DB_ARGS(DB_ID(actor_id), DB_INT(n), DB_INT(ids[0]), DB_INT(ids[n - 1]), DB_TEXT(now)), &rows, e);
	if (!rc)
		*import_id = rows_int(&rows, 0, 0);
	return rc;
}

int q_asset_import_beat(struct db *db, struct arena *a, int64_t import_id, int64_t next_id, const char *now,
			struct err *e)
{
	struct db_rows rows;
	int rc = db_run(db, a, &Q_IMPORT_BEAT, DB_ARGS(DB_INT(import_id), DB_INT(next_id), DB_TEXT(now)), &rows, e);
	if (!rc && rows.changes != 1)
		return err_set(e, ERR_CONFLICT, NULL, N_("The import was stopped and undone. Nothing was imported."));
	return rc;
}

int q_asset_import_close(struct db *db, struct arena *a, int64_t import_id, bool done, const char *now, struct err *e)
{
	struct db_rows rows;
	int rc = db_run(db, a, &Q_IMPORT_CLOSE,
			DB_ARGS(DB_INT(import_id), DB_TEXT(done ? "done" : "undone"), DB_TEXT(now)), &rows, e);
	if (!rc && rows.changes != 1)
		return err_set(e, ERR_CONFLICT, NULL, N_("The import was stopped and undone. Nothing was imported."));
	return rc;
}

int q_asset_import_stale(struct db *db, struct arena *a, const char *before, struct asset_import_run **out, size_t *n,
			 struct err *e)
{
	struct db_rows rows;
	int rc = db_run(db, a, &Q_IMPORT_STALE, DB_ARGS(before ? DB_TEXT(before) : DB_NULL), &rows, e);

	if (rc)
		return rc;
	*out = arena_calloc(a, rows.n_rows ? rows.n_rows : 1, sizeof(**out));
	for (size_t i = 0; i < rows.n_rows; i++)
		(*out)[i] = (struct asset_import_run){ rows_int(&rows, i, 0), rows_int(&rows, i, 1),
						       rows_int(&rows, i, 2) };
	*n = rows.n_rows;
	return 0;
}

int q_asset_import_undo_rows(struct db *db, struct arena *a, const struct asset_import_run *run, int64_t limit,
			     struct asset **out, size_t *n, struct err *e)
{
	return db_run_list(db, a, &Q_IMPORT_UNDO_ROWS,
			   DB_ARGS(DB_INT(run->first_id), DB_INT(run->next_id), DB_INT(limit)), sizeof(**out),
			   asset_from_row, (void **)out, n, e);
}

int q_asset_import_kept(struct db *db, struct arena *a, const struct asset_import_run *run, int64_t *n, struct err *e)
{
	struct db_rows rows;
	int rc = db_run(db, a, &Q_IMPORT_KEPT, DB_ARGS(DB_INT(run->first_id), DB_INT(run->next_id)), &rows, e);
	if (!rc)
		*n = rows_int(&rows, 0, 0);
	return rc;
}

int q_asset_delete_new(struct db *db, struct arena *a, int64_t id, struct err *e)
{
	struct db_rows rows;
	int rc = db_run(db, a, &Q_ASSET_DELETE, DB_ARGS(DB_INT(id)), &rows, e);
	if (!rc && rows.changes != 1)
		return err_set(e, ERR_CONFLICT, "id", N_("The asset has been changed since."));
	return rc;
}

int q_asset_insert_many(struct db *db, struct arena *a, const struct asset_input *in, const int64_t *ids,
			const char *const *retired_at, size_t n, const char *now, struct err *e)
{
	enum { COLS = 19 };
	struct db_arg *args = arena_calloc(a, n ? n * COLS : 1, sizeof(*args));

	for (size_t i = 0; i < n; i++) {
		const struct asset_input *r = &in[i];
		const struct db_arg row[COLS] = {
			DB_INT(ids[i]),
			DB_INT(r->unit_id),
			DB_TEXT(r->kind),
			DB_TEXT(r->name),
			DB_TEXT(r->description ? r->description : ""),
			DB_ID(r->owner_id),
			DB_ID(r->administrator_id),
			DB_TEXT(r->supplier ? r->supplier : ""),
			DB_TEXT(r->hosting ? r->hosting : ""),
			DB_INT(r->personal_data),
			DB_INT(r->business_critical),
			DB_INT(r->nis2),
			DB_TEXT(r->lifecycle),
			DB_TEXT(retired_at[i]),
			DB_TEXT(now),
			DB_TEXT(now),
			DB_TEXT(str_fold(a, r->name)),
			DB_TEXT(search_text(a, r->name, r->supplier, r->description)),
			DB_INT(r->vital),
		};
		memcpy(args + i * COLS, row, sizeof(row));
	}
	return db_insert_many(db, a, &Q_ASSET_INSERT_MANY, args, n, e);
}

int q_asset_update(struct db *db, struct arena *a, int64_t id, int64_t version, const struct asset_input *in,
		   const char *retired_at, const char *now, struct err *e)
{
	struct db_rows rows;
	int rc = db_run(db, a, &Q_ASSET_UPDATE,
			DB_ARGS(DB_INT(id), DB_INT(version), DB_INT(in->unit_id), DB_TEXT(in->kind), DB_TEXT(in->name),
				DB_TEXT(in->description), DB_ID(in->owner_id), DB_ID(in->administrator_id),
				DB_TEXT(in->supplier), DB_TEXT(in->hosting), DB_INT(in->personal_data),
				DB_INT(in->business_critical), DB_INT(in->nis2), DB_TEXT(in->lifecycle),
				DB_TEXT(retired_at), DB_TEXT(now), DB_TEXT(str_fold(a, in->name)),
				DB_TEXT(search_text(a, in->name, in->supplier, in->description)), DB_INT(in->vital)),
			&rows, e);
	if (rc)
		return rc;
	return rows.changes ? 0 : ERR_CONFLICT;
}

static void link_from_row(const struct db_rows *r, size_t i, void *out)
{
	struct asset_link *l = out;
	l->id = rows_int(r, i, ALC_ID);
	l->from_id = rows_int(r, i, ALC_FROM);
	l->to_id = rows_int(r, i, ALC_TO);
	l->kind = rows_text(r, i, ALC_KIND);
	l->other_name = rows_text(r, i, ALC_OTHER_NAME);
	l->other_kind = rows_text(r, i, ALC_OTHER_KIND);
	l->other_unit_id = rows_int(r, i, ALC_OTHER_UNIT);
	l->other_unit_path = rows_text(r, i, ALC_OTHER_PATH);
	l->other_owner_id = rows_int(r, i, ALC_OTHER_OWNER);
}

static int links(struct db *db, struct arena *a, const struct db_query *q, int64_t id, struct asset_link **out,
		 size_t *n, struct err *e)
{
	struct db_rows rows;
	int rc = db_run(db, a, q, DB_ARGS(DB_INT(id)), &rows, e);
	if (!rc)
		*out = rows_map(a, &rows, sizeof(**out), link_from_row, n);
	return rc;
}

int q_asset_deps(struct db *db, struct arena *a, int64_t id, struct asset_link **out, size_t *n, struct err *e)
{
	return links(db, a, &Q_ASSET_DEPS, id, out, n, e);
}

int q_asset_dependants(struct db *db, struct arena *a, int64_t id, struct asset_link **out, size_t *n, struct err *e)
{
	return links(db, a, &Q_ASSET_DEPENDANTS, id, out, n, e);
}

int q_asset_link_get(struct db *db, struct arena *a, int64_t id, struct asset_link *out, struct err *e)
{
	struct asset_link *l;
	size_t n;
	int rc = links(db, a, &Q_ASSET_LINK_GET, id, &l, &n, e);
	if (rc)
		return rc;
	if (n == 0)
		return ERR_NOTFOUND;
	*out = l[0];
	return 0;
}

int q_asset_link_targets(struct db *db, struct arena *a, int64_t id, int64_t **out, size_t *n, struct err *e)
{
	struct db_rows rows;
	int rc = db_run(db, a, &Q_ASSET_LINK_ALL_FROM, DB_ARGS(DB_INT(id)), &rows, e);
	if (rc)
		return rc;
	*out = arena_calloc(a, rows.n_rows ? rows.n_rows : 1, sizeof(**out));
	for (size_t i = 0; i < rows.n_rows; i++)
		(*out)[i] = rows_int(&rows, i, 0);
	*n = rows.n_rows;
	return 0;
}

int q_asset_link_insert(struct db *db, struct arena *a, int64_t from, int64_t to, const char *kind, int64_t by,
			const char *now, int64_t *id_out, struct err *e)
{
	struct db_rows rows;
	int rc = db_run(db, a, &Q_ASSET_LINK_INSERT,
			DB_ARGS(DB_INT(from), DB_INT(to), DB_TEXT(kind), DB_TEXT(now), DB_ID(by)), &rows, e);
	if (!rc)
		*id_out = rows_int(&rows, 0, 0);
	return rc;
}

int q_asset_link_delete(struct db *db, struct arena *a, int64_t id, struct err *e)
{
	return db_run(db, a, &Q_ASSET_LINK_DELETE, DB_ARGS(DB_INT(id)), NULL, e);
}

int q_asset_level_names(struct db *db, struct arena *a, int64_t org_id, const char **names, size_t max, struct err *e)
{
	struct db_rows rows;
	int rc = db_run(db, a, &Q_ASSET_LEVEL_NAMES, DB_ARGS(DB_INT(org_id)), &rows, e);
	if (rc)
		return rc;
	for (size_t k = 0; k <= max; k++)
		names[k] = NULL;
	for (size_t i = 0; i < rows.n_rows; i++) {
		int64_t k = rows_int(&rows, i, 0);
		const char *name = rows_text(&rows, i, 1);
		if (k >= 0 && (size_t)k <= max && name && *name)
			names[k] = name;
	}
	return 0;
}
