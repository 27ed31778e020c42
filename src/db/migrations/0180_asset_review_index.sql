-- The asset list by review date, latest first (src/db/q_asset.c,
-- REVIEW_DESC_IDS), reads its dated assets from an index of the dated
-- assets alone, and those without a date from assets_review_first. The
-- index that served that order over every asset goes: every asset written
-- paid for it at a random place of an index in name order, where a new
-- asset, which has no review date until it is classified, pays nothing
-- for this one.
DROP INDEX assets_review_last;
CREATE INDEX assets_review_dated ON assets(review_due, name_folded, id) WHERE review_due IS NOT NULL;
