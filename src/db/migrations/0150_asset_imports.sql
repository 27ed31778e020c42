-- The journal of large asset imports (src/domain/asset.c, asset_bulk_save()).
-- An import of many rows is saved in short transactions so that other
-- writers never wait long behind it; this row is what makes those
-- transactions all or nothing together. It is written before the first
-- rows, with the ids reserved for the import (first_id..last_id, in order
-- of unit and name); each transaction of rows moves next_id (the first id
-- not yet written) and beat_at in the same commit. 'done' when the last
-- row is in. An import that fails, or whose process stops before 'done'
-- (found at the next start, or by any import once beat_at is older than a
-- minute), is undone: its rows from first_id up to next_id are removed,
-- each with an audit entry, and the row says 'undone'. While an import
-- runs, the search index is not brought past its reserved ids, so that it
-- never skips one written later.
CREATE TABLE asset_imports (
  id @ID@,
  actor_id BIGINT REFERENCES users(id),
  state TEXT NOT NULL CHECK (state IN ('running','done','undone')),
  n_rows BIGINT NOT NULL,
  first_id BIGINT NOT NULL,
  last_id BIGINT NOT NULL,
  next_id BIGINT NOT NULL,
  started_at TEXT NOT NULL,
  beat_at TEXT NOT NULL,
  ended_at TEXT
);
CREATE INDEX asset_imports_running ON asset_imports(state, beat_at) WHERE state = 'running';
