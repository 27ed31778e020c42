-- The classifications due for review, read in order from an index instead
-- of sorting the register. An asset's due key is '' when it is flagged for
-- review (something it inherits from changed), else its review date; it is
-- due when the key is before today, and the list shows the flagged ones
-- first, then the oldest review date. The second index gives the due
-- assets of one unit, for the list below a unit. Both carry the columns
-- the key and the list's conditions are made of, so that choosing and
-- counting the due assets reads the index alone; only the rows of the page
-- shown are read from the table.
CREATE INDEX assets_review_key ON assets ((CASE WHEN needs_review = 1 THEN '' ELSE review_due END), id, unit_id,
  needs_review, review_due, lifecycle) WHERE lifecycle <> 'retired';
CREATE INDEX assets_unit_review_key ON assets (unit_id, (CASE WHEN needs_review = 1 THEN '' ELSE review_due END), id,
  needs_review, review_due, lifecycle) WHERE lifecycle <> 'retired';
