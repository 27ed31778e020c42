-- Substring search of the asset register from an index: an FTS5 table with
-- the trigram tokenizer over assets.search_folded (external content: the
-- text stays in assets, this holds only the index). A search of three
-- characters or more is a phrase of trigrams, which matches exactly the
-- rows containing it (src/db/q_asset.c). The text is folded already, so the
-- tokenizer need not fold again. Triggers keep the index in step with every
-- write, whoever makes it.
CREATE VIRTUAL TABLE assets_fts USING fts5(search_folded, content='assets', content_rowid='id',
  tokenize='trigram case_sensitive 1');
INSERT INTO assets_fts(assets_fts) VALUES ('rebuild');
CREATE TRIGGER assets_fts_insert AFTER INSERT ON assets BEGIN
  INSERT INTO assets_fts(rowid, search_folded) VALUES (new.id, new.search_folded);
END;
CREATE TRIGGER assets_fts_delete AFTER DELETE ON assets BEGIN
  INSERT INTO assets_fts(assets_fts, rowid, search_folded) VALUES ('delete', old.id, old.search_folded);
END;
CREATE TRIGGER assets_fts_update AFTER UPDATE OF search_folded ON assets
  WHEN old.search_folded IS NOT new.search_folded BEGIN
  INSERT INTO assets_fts(assets_fts, rowid, search_folded) VALUES ('delete', old.id, old.search_folded);
  INSERT INTO assets_fts(rowid, search_folded) VALUES (new.id, new.search_folded);
END;
