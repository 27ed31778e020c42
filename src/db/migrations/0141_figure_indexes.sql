-- The key figures of the organisation-wide picture, the management review
-- and the start page (src/db/q_figures.c) read, for each unit of a
-- subtree, what each figure counts from one of these indexes alone, never
-- the records' rows: per unit, the times an item counts from and until and
-- holds from and until. The counting at each date is done by the caller.
-- A partial index holds the column of its condition too, or SQLite reads
-- the rows to check it.
CREATE INDEX assets_figures_systems ON assets(unit_id, kind, created_at, retired_at)
  WHERE kind IN ('system', 'digital_service');
CREATE INDEX assets_figures_critical ON assets(unit_id, business_critical, created_at, retired_at)
  WHERE business_critical = 1;
CREATE INDEX activities_figures ON activities(unit_id, created_at, deadline, status, updated_at);
CREATE INDEX processing_figures ON processing_activities(unit_id, created_at, reviewed_at);
CREATE INDEX incidents_figures ON incidents(unit_id, state, created_at, next_due);
CREATE INDEX measures_figures ON measures(unit_id, planned_date, created_at, open, status, updated_at, done_date);
CREATE INDEX governing_documents_figures ON governing_documents(unit_id, status, next_review, created_at, updated_at);
