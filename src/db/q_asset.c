/*
 * q_asset.c - SQL of information assets and their links.
 *
 * Lists join the unit (for scope and its name), the owner and administrator
 * (names) and the current classification (levels) in one query, and sort
 * with CASE expressions so that one prepared statement serves every sort
 * order the list offers.
 */
#include "db/q_asset.h"

#include "db/q_scope.h"

#define ASSET_COLS                                                                                                   \
	"a.id, a.unit_id, u.name, u.path, a.kind, a.name, a.description, a.owner_id, ow.display_name,"               \
	" a.administrator_id, ad.display_name, a.supplier, a.hosting, a.personal_data, a.business_critical, a.nis2," \
	" a.lifecycle, a.retired_at, a.classification_id, a.review_due, a.needs_review,"                             \
	" c.c_level, c.i_level, c.a_level, c.t_level, a.version, a.created_at, a.updated_at"
#define ASSET_FROM                                                                                   \
	" FROM assets a JOIN units u ON u.id = a.unit_id"                                            \
	" LEFT JOIN users ow ON ow.id = a.owner_id LEFT JOIN users ad ON ad.id = a.administrator_id" \
	" LEFT JOIN classifications c ON c.id = a.classification_id"
#define ASSET_FILTER                                                                                                                          \
	" WHERE " SQL_UNIT_VISIBLE(                                                                                                           \
		"u.path",                                                                                                                     \
		"$1") " AND (CAST($2 AS TEXT) IS NULL OR substr(u.path, 1, length(CAST($2 AS TEXT))) = CAST($2 AS TEXT))"                     \
		      " AND (CAST($3 AS TEXT) IS NULL OR a.kind = CAST($3 AS TEXT))"                                                          \
		      " AND (CAST($4 AS BIGINT) = -1 OR (CAST($4 AS BIGINT) = 1) = (a.classification_id IS NOT NULL))"                        \
		      " AND (CAST($5 AS BIGINT) = -1 OR a.business_critical = CAST($5 AS BIGINT))"                                            \
		      " AND (CAST($6 AS BIGINT) = -1 OR a.nis2 = CAST($6 AS BIGINT))"                                                         \
		      " AND (CAST($7 AS BIGINT) = -1 OR a.personal_data = CAST($7 AS BIGINT))"                                                \
		      " AND (CAST($8 AS BIGINT) = 0 OR a.needs_review = 1 OR (a.review_due IS NOT NULL AND a.review_due < CAST($9 AS TEXT)))" \
		      " AND (CAST($10 AS TEXT) IS NULL OR lower(a.name) LIKE lower(CAST($10 AS TEXT)) ESCAPE '\\'"                            \
		      "      OR lower(a.description) LIKE lower(CAST($10 AS TEXT)) ESCAPE '\\'"                                               \
		      "      OR lower(a.supplier) LIKE lower(CAST($10 AS TEXT)) ESCAPE '\\')"
#define ASSET_ORDER                                                                                                    \
	" ORDER BY"                                                                                                    \
	" CASE WHEN CAST($11 AS BIGINT) = 1 AND CAST($12 AS BIGINT) = 0 THEN a.kind END ASC,"                          \
	" CASE WHEN CAST($11 AS BIGINT) = 1 AND CAST($12 AS BIGINT) = 1 THEN a.kind END DESC,"                         \
	" CASE WHEN CAST($11 AS BIGINT) = 2 AND CAST($12 AS BIGINT) = 0 THEN u.name END ASC,"                          \
	" CASE WHEN CAST($11 AS BIGINT) = 2 AND CAST($12 AS BIGINT) = 1 THEN u.name END DESC,"                         \
	" CASE WHEN CAST($11 AS BIGINT) = 3 AND CAST($12 AS BIGINT) = 0 THEN a.updated_at END ASC,"                    \
	" CASE WHEN CAST($11 AS BIGINT) = 3 AND CAST($12 AS BIGINT) = 1 THEN a.updated_at END DESC,"                   \
	" CASE WHEN CAST($11 AS BIGINT) = 4 AND CAST($12 AS BIGINT) = 0 THEN COALESCE(a.review_due, '9999') END ASC,"  \
	" CASE WHEN CAST($11 AS BIGINT) = 4 AND CAST($12 AS BIGINT) = 1 THEN COALESCE(a.review_due, '0000') END DESC," \
	" CASE WHEN CAST($12 AS BIGINT) = 1 AND CAST($11 AS BIGINT) = 0 THEN lower(a.name) END DESC,"                  \
	" lower(a.name) ASC, a.id ASC"

DB_QUERY(Q_ASSET_GET, "SELECT " ASSET_COLS ASSET_FROM " WHERE a.id = $1");
DB_QUERY(Q_ASSET_LIST, "SELECT " ASSET_COLS ASSET_FROM ASSET_FILTER ASSET_ORDER " LIMIT $13 OFFSET $14");
DB_QUERY(Q_ASSET_COUNT, "SELECT count(*)" ASSET_FROM ASSET_FILTER);
DB_QUERY(Q_ASSET_SAME_NAME,
	 "SELECT id FROM assets WHERE unit_id = $1 AND lower(name) = lower(CAST($2 AS TEXT)) AND id <> $3");
DB_QUERY(Q_ASSET_INSERT,
	 "INSERT INTO assets (unit_id, kind, name, description, owner_id, administrator_id, supplier, hosting,"
	 " personal_data, business_critical, nis2, lifecycle, retired_at, version, created_at, updated_at)"
	 " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, 1, $14, $14) RETURNING id");
DB_QUERY(Q_ASSET_UPDATE,
	 "UPDATE assets SET unit_id = $3, kind = $4, name = $5, description = $6, owner_id = $7,"
	 " administrator_id = $8, supplier = $9, hosting = $10, personal_data = $11, business_critical = $12,"
	 " nis2 = $13, lifecycle = $14, retired_at = $15, updated_at = $16, version = version + 1"
	 " WHERE id = $1 AND version = $2");
DB_QUERY(Q_ASSET_USER_EXISTS, "SELECT id FROM users WHERE id = $1");
DB_QUERY(Q_ASSET_DEPS, "SELECT l.id, l.from_id, l.to_id, l.kind, o.name, o.kind, o.unit_id FROM asset_links l"
		       " JOIN assets o ON o.id = l.to_id WHERE l.from_id = $1 ORDER BY lower(o.name)");
DB_QUERY(Q_ASSET_DEPENDANTS, "SELECT l.id, l.from_id, l.to_id, l.kind, o.name, o.kind, o.unit_id FROM asset_links l"
			     " JOIN assets o ON o.id = l.from_id WHERE l.to_id = $1 ORDER BY lower(o.name)");
DB_QUERY(Q_ASSET_LINK_GET, "SELECT l.id, l.from_id, l.to_id, l.kind, o.name, o.kind, o.unit_id FROM asset_links l"
			   " JOIN assets o ON o.id = l.to_id WHERE l.id = $1");
DB_QUERY(Q_ASSET_LINK_INSERT,
	 "INSERT INTO asset_links (from_id, to_id, kind, created_at, created_by) VALUES ($1, $2, $3, $4, $5)"
	 " RETURNING id");
DB_QUERY(Q_ASSET_LINK_DELETE, "DELETE FROM asset_links WHERE id = $1");
DB_QUERY(Q_ASSET_LINK_ALL_FROM, "SELECT to_id FROM asset_links WHERE from_id = $1");
DB_QUERY(Q_ASSET_LEVEL_NAMES, "SELECT level, name FROM class_levels WHERE org_id = $1 ORDER BY level");
