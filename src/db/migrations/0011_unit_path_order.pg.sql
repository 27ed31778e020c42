-- A unit's subtree is a range of paths: "/1/4/" up to "/1/4/~" (see
-- src/db/q_scope.h). Ranges need byte order, which SQLite's text columns have
-- by default; on PostgreSQL the database's collation may order "/" and digits
-- otherwise (a language's collation can pass over punctuation), so the
-- column, and with it the units_path index, compares bytes.
ALTER TABLE units ALTER COLUMN path TYPE TEXT COLLATE "C";
