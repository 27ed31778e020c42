-- An approved review keeps, besides the earlier actions and the DPO's
-- recommendations, what it showed of the year's internal control (kind
-- 'ic': a control point with its results and deviations) and of the
-- audits' open recommendations (kind 'audit': a recommendation with the
-- state of its measures). label holds the row's first column (the unit of
-- a control point, the audit of a recommendation). The table is made anew
-- so that its kind check names the new kinds, the same on both engines.
CREATE TABLE review_frozen_new (
  review_id BIGINT NOT NULL REFERENCES reviews(id),
  kind TEXT NOT NULL CHECK (kind IN ('action','dpo','ic','audit')),
  position BIGINT NOT NULL,
  year BIGINT NOT NULL,
  label TEXT NOT NULL DEFAULT '',
  text TEXT NOT NULL,
  status TEXT NOT NULL,
  comment TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (review_id, kind, position)
);
INSERT INTO review_frozen_new (review_id, kind, position, year, text, status, comment)
  SELECT review_id, kind, position, year, text, status, comment FROM review_frozen;
DROP TABLE review_frozen;
ALTER TABLE review_frozen_new RENAME TO review_frozen;
