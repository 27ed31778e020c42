/*
 * q_classify.c - SQL of the classification model, the question bank and
 * classifications.
 *
 * Questions are listed in aspect order (confidentiality, integrity,
 * availability, traceability) and then by position, so one query gives the
 * protocol in the order it is shown. The levels of a classification are
 * read as four consecutive columns per kind (level, computed, inherited,
 * motivation), which the domain reads into arrays indexed by aspect.
 */
#include "db/q_classify.h"

#define CM_COLS "id, org_id, use_traceability, max_level, review_months, version, updated_at"
#define CQ_COLS "q.id, q.org_id, q.aspect, q.position, q.text, q.help, q.active, q.version, q.updated_at"
#define CO_COLS "o.id, o.question_id, o.position, o.text, o.implies_level"
#define ASPECT_ORDER(col) \
	"CASE " col " WHEN 'confidentiality' THEN 0 WHEN 'integrity' THEN 1 WHEN 'availability' THEN 2 ELSE 3 END"
#define CLS_COLS                                                                                           \
	"c.id, c.asset_id, c.version_no, c.c_level, c.i_level, c.a_level, c.t_level,"                      \
	" c.c_computed, c.i_computed, c.a_computed, c.t_computed,"                                         \
	" c.c_inherited, c.i_inherited, c.a_inherited, c.t_inherited,"                                     \
	" c.c_motivation, c.i_motivation, c.a_motivation, c.t_motivation,"                                 \
	" c.inherited_from, c.answers, c.status, c.review_due, c.signed_by, su.display_name, c.signed_at," \
	" c.created_by, cu.display_name, c.created_at"
#define CLS_FROM \
	" FROM classifications c LEFT JOIN users su ON su.id = c.signed_by LEFT JOIN users cu ON cu.id = c.created_by"
#define LINK_COLS                                                                                              \
	"o.id, o.name, o.unit_id, o.kind, o.classification_id, c.version_no, c.c_level, c.i_level, c.a_level," \
	" c.t_level, c.signed_at, o.needs_review"

DB_QUERY(Q_CM_GET, "SELECT " CM_COLS " FROM class_models WHERE org_id = $1");
DB_QUERY(Q_CM_INSERT,
	 "INSERT INTO class_models (org_id, use_traceability, max_level, review_months, version, updated_at)"
	 " VALUES ($1, 0, 4, 12, 1, $2) RETURNING id");
DB_QUERY(Q_CM_UPDATE,
	 "UPDATE class_models SET use_traceability = $3, max_level = $4, review_months = $5, updated_at = $6,"
	 " version = version + 1 WHERE org_id = $1 AND version = $2");
DB_QUERY(Q_CL_LEVELS, "SELECT level, name, description FROM class_levels WHERE org_id = $1 ORDER BY level");
DB_QUERY(Q_CL_LEVEL_UPDATE, "UPDATE class_levels SET name = $3, description = $4 WHERE org_id = $1 AND level = $2");
DB_QUERY(Q_CL_LEVEL_INSERT, "INSERT INTO class_levels (org_id, level, name, description) VALUES ($1, $2, $3, $4)");

DB_QUERY(Q_CQ_LIST,
	 "SELECT " CQ_COLS " FROM class_questions q WHERE q.org_id = $1 AND (CAST($2 AS BIGINT) = 0 OR q.active = 1)"
	 " ORDER BY " ASPECT_ORDER("q.aspect") ", q.position, q.id");
DB_QUERY(Q_CQ_GET, "SELECT " CQ_COLS " FROM class_questions q WHERE q.id = $1");
DB_QUERY(Q_CQ_COUNT, "SELECT count(*) FROM class_questions WHERE org_id = $1");
DB_QUERY(Q_CQ_MAX_POS, "SELECT COALESCE(max(position), 0) FROM class_questions WHERE org_id = $1 AND aspect = $2");
DB_QUERY(Q_CQ_INSERT, "INSERT INTO class_questions (org_id, aspect, position, text, help, active, version, updated_at)"
		      " VALUES ($1, $2, $3, $4, $5, $6, 1, $7) RETURNING id");
DB_QUERY(Q_CQ_UPDATE, "UPDATE class_questions SET aspect = $3, text = $4, help = $5, active = $6, updated_at = $7,"
		      " version = version + 1 WHERE id = $1 AND version = $2");
DB_QUERY(Q_CQ_SET_POS, "UPDATE class_questions SET position = $2 WHERE id = $1");
DB_QUERY(Q_CQ_BUMP, "UPDATE class_questions SET version = version + 1, updated_at = $3 WHERE id = $1 AND version = $2");
DB_QUERY(Q_CO_LIST_ORG, "SELECT " CO_COLS " FROM class_options o JOIN class_questions q ON q.id = o.question_id"
			" WHERE q.org_id = $1 ORDER BY o.question_id, o.position, o.id");
DB_QUERY(Q_CO_LIST_Q, "SELECT " CO_COLS " FROM class_options o WHERE o.question_id = $1 ORDER BY o.position, o.id");
DB_QUERY(Q_CO_INSERT, "INSERT INTO class_options (question_id, position, text, implies_level) VALUES ($1, $2, $3, $4)");
DB_QUERY(Q_CO_UPDATE,
	 "UPDATE class_options SET position = $3, text = $4, implies_level = $5 WHERE id = $1 AND question_id = $2");
DB_QUERY(Q_CO_DELETE, "DELETE FROM class_options WHERE id = $1 AND question_id = $2");
DB_QUERY(Q_CO_MAX_LEVEL,
	 "SELECT COALESCE(max(o.implies_level), 0) FROM class_options o JOIN class_questions q ON q.id = o.question_id"
	 " WHERE q.org_id = $1");

DB_QUERY(Q_CLS_GET, "SELECT " CLS_COLS CLS_FROM " WHERE c.id = $1");
DB_QUERY(Q_CLS_LIST, "SELECT " CLS_COLS CLS_FROM " WHERE c.asset_id = $1 ORDER BY c.version_no DESC");
DB_QUERY(Q_CLS_NEXT_NO, "SELECT COALESCE(max(version_no), 0) + 1 FROM classifications WHERE asset_id = $1");
DB_QUERY(Q_CLS_INSERT,
	 "INSERT INTO classifications (asset_id, version_no, c_level, i_level, a_level, t_level,"
	 " c_computed, i_computed, a_computed, t_computed, c_inherited, i_inherited, a_inherited, t_inherited,"
	 " c_motivation, i_motivation, a_motivation, t_motivation, inherited_from, answers, status, created_by,"
	 " created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18,"
	 " $19, $20, 'draft', $21, $22) RETURNING id");
DB_QUERY(Q_CLS_SIGN, "UPDATE classifications SET status = 'signed', signed_by = $2, signed_at = $3, review_due = $4"
		     " WHERE id = $1 AND status = 'draft'");
DB_QUERY(Q_CLS_ASSET_SET, "UPDATE assets SET classification_id = $2, review_due = $3, needs_review = 0 WHERE id = $1");
DB_QUERY(Q_CLS_HELD, "SELECT " LINK_COLS " FROM asset_links l JOIN assets o ON o.id = l.to_id"
		     " LEFT JOIN classifications c ON c.id = o.classification_id"
		     " WHERE l.from_id = $1 AND l.kind = 'holds' ORDER BY lower(o.name), o.id");
DB_QUERY(Q_CLS_HOLDERS, "SELECT " LINK_COLS " FROM asset_links l JOIN assets o ON o.id = l.from_id"
			" LEFT JOIN classifications c ON c.id = o.classification_id"
			" WHERE l.to_id = $1 AND l.kind = 'holds' ORDER BY lower(o.name), o.id");
DB_QUERY(Q_CLS_FLAG, "UPDATE assets SET needs_review = 1 WHERE id = $1");
