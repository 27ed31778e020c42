-- Substring search of the asset register from an index: an FTS5 table with
-- the trigram tokenizer over assets.search_folded (external content: the
-- text stays in assets, this holds only the index). A search of three
-- characters or more is a phrase of trigrams, which matches exactly the
-- rows containing it (src/db/q_asset.c). The text is folded already, so the
-- tokenizer need not fold again.
--
-- FTS5 writes its pending entries out at the end of every statement, so
-- indexing one new row per INSERT (a trigger) costs many times what
-- indexing many rows in one statement does. New assets are therefore
-- indexed afterwards, in one statement: assets_fts_state.indexed_to is the
-- highest asset id the index holds (ids only grow: AUTOINCREMENT), and the
-- writer of new assets moves it up at the end of its transaction
-- (q_asset_index_pending()). A search also reads the assets above it, so it
-- is never wrong, only slower while rows wait, whoever wrote them. Changes
-- and deletions of indexed assets go to the index at once.
CREATE VIRTUAL TABLE assets_fts USING fts5(search_folded, content='assets', content_rowid='id',
  tokenize='trigram case_sensitive 1');
INSERT INTO assets_fts(assets_fts) VALUES ('rebuild');
CREATE TABLE assets_fts_state (id INTEGER PRIMARY KEY CHECK (id = 1), indexed_to BIGINT NOT NULL);
INSERT INTO assets_fts_state (id, indexed_to) SELECT 1, COALESCE(max(id), 0) FROM assets;
CREATE TRIGGER assets_fts_delete AFTER DELETE ON assets
  WHEN old.id <= (SELECT indexed_to FROM assets_fts_state) BEGIN
  INSERT INTO assets_fts(assets_fts, rowid, search_folded) VALUES ('delete', old.id, old.search_folded);
END;
CREATE TRIGGER assets_fts_update AFTER UPDATE OF search_folded ON assets
  WHEN old.search_folded IS NOT new.search_folded AND old.id <= (SELECT indexed_to FROM assets_fts_state) BEGIN
  INSERT INTO assets_fts(assets_fts, rowid, search_folded) VALUES ('delete', old.id, old.search_folded);
  INSERT INTO assets_fts(rowid, search_folded) VALUES (new.id, new.search_folded);
END;
