-- The kept counts of the follow-up figures with the numbers in the index
-- (src/db/q_figures.c): a figure sums a unit's quarter rows and the day
-- rows of the current quarter, some thirty rows, and a page of many
-- organisations (/figures) sums them for each. Read from this index alone
-- they are next to each other instead of scattered over the table.
CREATE INDEX figure_counts_sums ON figure_counts(unit_id, grain, period, systems, classified);
