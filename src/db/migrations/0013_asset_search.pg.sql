-- Substring search of the asset register from an index: a trigram index
-- (pg_trgm, shipped with PostgreSQL's contrib modules, in Debian's
-- postgresql package) over assets.search_folded serves "LIKE '%text%'" for a
-- search of three characters or more. Creating the extension needs the right
-- to create in the database (pg_trgm is a trusted extension); without it the
-- migration goes on and searches read the register instead. It can be added
-- later by hand:
--   CREATE EXTENSION pg_trgm;
--   CREATE INDEX assets_search_trgm ON assets USING gin (search_folded gin_trgm_ops);
DO $$
BEGIN
  CREATE EXTENSION IF NOT EXISTS pg_trgm;
EXCEPTION WHEN OTHERS THEN
  RAISE NOTICE 'pg_trgm is not available (%): asset search reads the register', SQLERRM;
END $$;
DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm') THEN
    EXECUTE 'CREATE INDEX assets_search_trgm ON assets USING gin (search_folded gin_trgm_ops)';
  END IF;
END $$;
