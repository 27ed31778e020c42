-- Case-folded copies of what the asset register compares and searches, kept
-- by the application whenever an asset is written (src/db/q_asset.c, folded
-- in C by str_fold_utf8(), the same on both engines):
--   name_folded    the name, for the check that names are unique within a
--                  unit, and for sorting by name;
--   search_folded  name, supplier and description, one per line, for the
--                  list's search ("contains").
-- The migration runner fills both for the assets already stored, in C, in
-- the same transaction as this script (db_common.c, migration_fills).
ALTER TABLE assets ADD COLUMN name_folded TEXT NOT NULL DEFAULT '';
ALTER TABLE assets ADD COLUMN search_folded TEXT NOT NULL DEFAULT '';
