-- SQLite only. The asset table's three CHECKs of a value in a list
-- (kind, hosting, lifecycle) are written as comparisons joined by OR, which
-- mean the same. SQLite evaluates "x IN (a list of more than two values)"
-- by building a small temporary b-tree of the list, once per statement:
-- for a statement that inserts or updates one asset, that is three b-trees
-- made and thrown away per row, about a third of what an import of 100,000
-- assets cost in SQLite (docs/performance.md, "Importing 100,000 assets").
-- The comparisons cost next to nothing.
--
-- The text is changed in place, the procedure SQLite documents for a change
-- that leaves what is stored as it is (https://sqlite.org/lang_altertable.html,
-- section 7): no row or index is rewritten. The migration runner then moves
-- the schema's version on (q_asset_checks_reread() in src/db/q_asset.c), so
-- that every connection reads the new text, and reads it at once itself: a
-- text SQLite cannot read fails the migration, which is rolled back whole
-- (RESET: writing the schema is off again, and it is read afresh).
PRAGMA writable_schema = ON;
UPDATE sqlite_master SET sql = replace(replace(replace(sql,
  'CHECK (kind IN (''information_set'',''system'',''digital_service'',''manual'',''process'',''supplier''))',
  'CHECK (kind = ''information_set'' OR kind = ''system'' OR kind = ''digital_service'' OR kind = ''manual'''
  || ' OR kind = ''process'' OR kind = ''supplier'')'),
  'CHECK (hosting IN ('''',''own'',''municipal_it'',''supplier'',''cloud'',''third_country''))',
  'CHECK (hosting = '''' OR hosting = ''own'' OR hosting = ''municipal_it'' OR hosting = ''supplier'''
  || ' OR hosting = ''cloud'' OR hosting = ''third_country'')'),
  'CHECK (lifecycle IN (''planned'',''in_use'',''phasing_out'',''retired''))',
  'CHECK (lifecycle = ''planned'' OR lifecycle = ''in_use'' OR lifecycle = ''phasing_out'''
  || ' OR lifecycle = ''retired'')')
WHERE type = 'table' AND name = 'assets';
PRAGMA writable_schema = RESET;
