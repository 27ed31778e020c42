-- The asset list by review date, latest first, reads assets_review_first
-- backwards (src/db/q_asset.c, Q_ASSET_ROW_REVIEW_D): the dated assets,
-- then those without a date, each as far as the page reaches. The index
-- that served that order alone goes: every asset written paid for it, at
-- a random place of an index in name order.
DROP INDEX assets_review_last;
