-- Substring search of the asset register from an index: an FTS5 table with
-- the trigram tokenizer over assets.search_folded (external content: the
-- text stays in assets, this holds only the index). A search of three
-- characters or more is a phrase of trigrams, which matches exactly the
-- rows containing it (src/db/q_asset.c). The text is folded already, so the
-- tokenizer need not fold again.
--
-- FTS5 writes its pending entries out at the end of every statement, so
-- indexing one new row per INSERT costs far more than indexing many in one
-- statement. New assets are therefore queued by a trigger in
-- assets_fts_pending (a plain table, cheap to write, whoever writes), and
-- the writer of many (q_asset_index_pending(), at the end of every
-- transaction that creates assets) moves the queue into the index with one
-- statement. A search reads the queue too, so it is never wrong, only
-- slower while rows wait. Changes and deletions go to the index at once,
-- unless the row is still queued.
CREATE VIRTUAL TABLE assets_fts USING fts5(search_folded, content='assets', content_rowid='id',
  tokenize='trigram case_sensitive 1');
INSERT INTO assets_fts(assets_fts) VALUES ('rebuild');
CREATE TABLE assets_fts_pending (id INTEGER PRIMARY KEY);
CREATE TRIGGER assets_fts_insert AFTER INSERT ON assets BEGIN
  INSERT INTO assets_fts_pending (id) VALUES (new.id);
END;
CREATE TRIGGER assets_fts_delete AFTER DELETE ON assets BEGIN
  INSERT INTO assets_fts(assets_fts, rowid, search_folded)
    SELECT 'delete', old.id, old.search_folded WHERE NOT EXISTS (SELECT 1 FROM assets_fts_pending WHERE id = old.id);
  DELETE FROM assets_fts_pending WHERE id = old.id;
END;
CREATE TRIGGER assets_fts_update AFTER UPDATE OF search_folded ON assets
  WHEN old.search_folded IS NOT new.search_folded
   AND NOT EXISTS (SELECT 1 FROM assets_fts_pending WHERE id = old.id) BEGIN
  INSERT INTO assets_fts(assets_fts, rowid, search_folded) VALUES ('delete', old.id, old.search_folded);
  INSERT INTO assets_fts(rowid, search_folded) VALUES (new.id, new.search_folded);
END;
