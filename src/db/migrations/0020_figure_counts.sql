-- Kept counts of the share of systems classified, so that a unit's figures
-- are read from a few rows instead of counted from every asset below it.
--
-- A row holds how the number of systems (asset kinds "system" and
-- "digital_service", as asset_kind_is_system() says) and of classified
-- systems in the unit's whole subtree changed on one day (grain 'd', period
-- "YYYY-MM-DD") or in one quarter (grain 'q', period "YYYY-Qn"). Every
-- change is added to the unit's row and to the rows of all units above it,
-- in the transaction that makes the change (domain/figures.c). The figure
-- at the end of a date is the sum of the quarter rows before its quarter
-- and the day rows of its quarter up to the date. A system counts from the
-- day it was created until the day it was retired; it counts as classified
-- from the day its first classification was signed (not before it was
-- created) until it was retired. An asset or unit that moves takes its
-- history with it, as the figures have always counted units as they are now.
CREATE TABLE figure_counts (
  unit_id BIGINT NOT NULL REFERENCES units(id),
  grain TEXT NOT NULL CHECK (grain IN ('d','q')),
  period TEXT NOT NULL,
  systems BIGINT NOT NULL DEFAULT 0,
  classified BIGINT NOT NULL DEFAULT 0,
  PRIMARY KEY (unit_id, grain, period)
);

-- Fill it from the register as it stands. anc pairs every unit with itself
-- and each unit above it; sys is every system with its first signature; ev
-- the changes each system makes, on the day it makes them.
WITH RECURSIVE
anc(unit_id, anc_id, up) AS (
  SELECT id, id, parent_id FROM units
  UNION ALL
  SELECT anc.unit_id, p.id, p.parent_id FROM anc JOIN units p ON p.id = anc.up
),
sys(unit_id, c, r, s) AS (
  SELECT a.unit_id, substr(a.created_at, 1, 10), substr(a.retired_at, 1, 10),
         substr((SELECT min(cl.signed_at) FROM classifications cl
                 WHERE cl.asset_id = a.id AND cl.status = 'signed' AND cl.signed_at IS NOT NULL), 1, 10)
  FROM assets a WHERE a.kind IN ('system', 'digital_service')
),
cls(unit_id, s, r) AS (
  SELECT unit_id, CASE WHEN s > c THEN s ELSE c END, r FROM sys WHERE s IS NOT NULL
),
ev(unit_id, day, systems, classified) AS (
  SELECT unit_id, c, 1, 0 FROM sys
  UNION ALL SELECT unit_id, r, -1, 0 FROM sys WHERE r IS NOT NULL
  UNION ALL SELECT unit_id, s, 0, 1 FROM cls WHERE r IS NULL OR s < r
  UNION ALL SELECT unit_id, r, 0, -1 FROM cls WHERE r IS NOT NULL AND s < r
),
per(unit_id, day, systems, classified) AS (
  SELECT unit_id, day, sum(systems), sum(classified) FROM ev GROUP BY unit_id, day
)
INSERT INTO figure_counts (unit_id, grain, period, systems, classified)
SELECT anc.anc_id, 'd', per.day, sum(per.systems), sum(per.classified)
FROM per JOIN anc ON anc.unit_id = per.unit_id
GROUP BY anc.anc_id, per.day;

INSERT INTO figure_counts (unit_id, grain, period, systems, classified)
SELECT unit_id, 'q', substr(period, 1, 4) || '-Q' || CAST((CAST(substr(period, 6, 2) AS INTEGER) + 2) / 3 AS TEXT),
       sum(systems), sum(classified)
FROM figure_counts WHERE grain = 'd'
GROUP BY unit_id, substr(period, 1, 4) || '-Q' || CAST((CAST(substr(period, 6, 2) AS INTEGER) + 2) / 3 AS TEXT);
