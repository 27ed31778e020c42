/*
 * q_figures.c - SQL of the follow-up figures.
 *
 * The share of systems classified is read from history, not from the
 * current state: an asset counts at a date when it had been created by
 * the end of that date and was not yet retired, and it counts as
 * classified when one of its classifications had been signed by then. So a
 * figure for a past date stays right after later changes (an asset retired
 * later still counts before its retirement; a classification signed later
 * does not count before). The queries group by asset kind and leave the
 * choice of which kinds are "systems" to the domain (asset_kind_is_system),
 * so that rule lives in one place. Units are taken as they are now: an
 * asset moved between units counts where it is today.
 */
#include "db/q_figures.h"

#include "db/q_scope.h"

#define FIG_SIGNED_BY(end)                                                                        \
	"EXISTS (SELECT 1 FROM classifications c WHERE c.asset_id = a.id AND c.status = 'signed'" \
	" AND c.signed_at IS NOT NULL AND c.signed_at <= CAST(" end " AS TEXT))"
#define FIG_EXISTED_AT(end) \
	"a.created_at <= CAST(" end " AS TEXT) AND (a.retired_at IS NULL OR a.retired_at > CAST(" end " AS TEXT))"

DB_QUERY(Q_FIGURES_CLASSIFIED,
	 "SELECT a.kind, count(*), COALESCE(sum(CASE WHEN " FIG_SIGNED_BY(
		 "$2") " THEN 1 ELSE 0 END), 0)"
		       " FROM assets a JOIN units u ON u.id = a.unit_id"
		       " WHERE substr(u.path, 1, length(CAST($1 AS TEXT))) = CAST($1 AS TEXT) AND " FIG_EXISTED_AT(
			       "$2") " GROUP BY a.kind ORDER BY a.kind");

DB_QUERY(
	Q_FIGURES_CLASSIFIED_CHILDREN,
	"SELECT ch.id, ch.name, a.kind, count(a.id), COALESCE(sum(CASE WHEN " FIG_SIGNED_BY(
		"$2") " THEN 1 ELSE 0 END), 0)"
		      " FROM units ch"
		      " LEFT JOIN units u ON substr(u.path, 1, length(ch.path)) = ch.path"
		      " LEFT JOIN assets a ON a.unit_id = u.id AND " FIG_EXISTED_AT("$2") " WHERE ch.parent_id = $1 AND " SQL_UNIT_VISIBLE(
			      "ch.path", "$3") " GROUP BY ch.id, ch.name, a.kind ORDER BY ch.name, ch.id, a.kind");

#define FIG_OVERDUE_FROM                                                                                                  \
	" FROM assets a JOIN units u ON u.id = a.unit_id LEFT JOIN users ow ON ow.id = a.owner_id"                        \
	" WHERE " SQL_UNIT_VISIBLE(                                                                                       \
		"u.path",                                                                                                 \
		"$1") " AND (CAST($2 AS TEXT) IS NULL OR substr(u.path, 1, length(CAST($2 AS TEXT))) = CAST($2 AS TEXT))" \
		      " AND a.lifecycle <> 'retired'"                                                                     \
		      " AND (a.needs_review = 1 OR (a.review_due IS NOT NULL AND a.review_due < CAST($3 AS TEXT)))"

DB_QUERY(Q_FIGURES_OVERDUE,
	 "SELECT a.id, a.name, a.kind, a.unit_id, u.name, a.owner_id, ow.display_name, a.review_due, a.needs_review,"
	 " a.classification_id" FIG_OVERDUE_FROM
	 " ORDER BY COALESCE(a.review_due, '0000') ASC, lower(a.name) ASC, a.id ASC LIMIT $4 OFFSET $5");
DB_QUERY(Q_FIGURES_OVERDUE_COUNT, "SELECT count(*)" FIG_OVERDUE_FROM);

/* Every asset of a subtree with when it was created, retired and first
 * signed: one query from which the domain counts a whole series of dates. */
DB_QUERY(Q_FIGURES_TIMELINE,
	 "SELECT a.kind, a.created_at, a.retired_at,"
	 " (SELECT min(c.signed_at) FROM classifications c WHERE c.asset_id = a.id AND c.status = 'signed')"
	 " FROM assets a JOIN units u ON u.id = a.unit_id"
	 " WHERE substr(u.path, 1, length(CAST($1 AS TEXT))) = CAST($1 AS TEXT)");
