-- The register of processing activities is listed by name (src/db/q_gdpr.c):
-- name_folded is the name folded in C (str_fold(), the same on both
-- engines), kept by the application whenever a row is written and filled
-- here for the rows already stored by the migration runner (db_common.c,
-- migration_fills). A page of the whole register in that order is read
-- along processing_name and stops after the page, instead of sorting every
-- activity by lower(name).
ALTER TABLE processing_activities ADD COLUMN name_folded TEXT NOT NULL DEFAULT '';
CREATE INDEX processing_name ON processing_activities(name_folded, id);
