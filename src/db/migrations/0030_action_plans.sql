-- Action plans (handlingsplaner) by year and quarter. A plan belongs to a
-- unit (an organisation or any unit below it) and a year; its activities are
-- grouped in ordered areas. The tracked actions of the requirements module
-- become activities: the table is renamed and extended, so every action keeps
-- its id (and the links to it from asset_requirements.action_id and from the
-- audit trail), and each old action lands in a plan of its unit for the year
-- of its due date (or of its creation), in an area named "Åtgärder". The asset
-- and requirement an action came from move into activity_links, the one
-- generic table of what an activity addresses.

CREATE TABLE action_plans (
  id @ID@,
  unit_id BIGINT NOT NULL REFERENCES units(id),
  year BIGINT NOT NULL CHECK (year BETWEEN 2000 AND 2100),
  title TEXT NOT NULL DEFAULT '',        -- '' = the unit's name
  version BIGINT NOT NULL DEFAULT 1,
  created_by BIGINT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE UNIQUE INDEX action_plans_unit_year ON action_plans(unit_id, year);
CREATE INDEX action_plans_year ON action_plans(year, unit_id);

CREATE TABLE plan_areas (
  id @ID@,
  plan_id BIGINT NOT NULL REFERENCES action_plans(id),
  name TEXT NOT NULL,
  position BIGINT NOT NULL,
  version BIGINT NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX plan_areas_plan ON plan_areas(plan_id, position);

-- One plan per unit and year of the old actions (years outside the plans'
-- range are clamped to it), each with one area.
INSERT INTO action_plans (unit_id, year, title, version, created_at, updated_at)
  SELECT unit_id, y, '', 1, MIN(created_at), MAX(updated_at) FROM (
    SELECT unit_id, created_at, updated_at,
      CASE WHEN CAST(substr(COALESCE(due_date, created_at), 1, 4) AS BIGINT) < 2000 THEN 2000
           WHEN CAST(substr(COALESCE(due_date, created_at), 1, 4) AS BIGINT) > 2100 THEN 2100
           ELSE CAST(substr(COALESCE(due_date, created_at), 1, 4) AS BIGINT) END AS y
    FROM actions) old
  GROUP BY unit_id, y;
INSERT INTO plan_areas (plan_id, name, position, version, created_at, updated_at)
  SELECT id, 'Åtgärder', 1, 1, created_at, updated_at FROM action_plans;

ALTER TABLE actions RENAME TO activities;
ALTER TABLE activities RENAME COLUMN description TO purpose;   -- Markdown
ALTER TABLE activities ADD COLUMN plan_id BIGINT REFERENCES action_plans(id);
ALTER TABLE activities ADD COLUMN area_id BIGINT REFERENCES plan_areas(id);
ALTER TABLE activities ADD COLUMN position BIGINT NOT NULL DEFAULT 0;
-- Planned quarters: bit 0 = Q1 ... bit 3 = Q4.
ALTER TABLE activities ADD COLUMN quarters BIGINT NOT NULL DEFAULT 0 CHECK (quarters BETWEEN 0 AND 15);
ALTER TABLE activities ADD COLUMN responsible_unit_id BIGINT REFERENCES units(id);
ALTER TABLE activities ADD COLUMN status_comment TEXT NOT NULL DEFAULT '';
-- What happens at year end: '' undecided, continue (carried into next year's
-- plan), wheel (moved to the annual wheel), close.
ALTER TABLE activities ADD COLUMN next_step TEXT NOT NULL DEFAULT '' CHECK (next_step IN ('','continue','wheel','close'));
-- The activity of the year before that this one continues.
ALTER TABLE activities ADD COLUMN carried_from_id BIGINT REFERENCES activities(id);
-- When it is overdue if not done: the due date, else the end of the last
-- planned quarter of the plan's year ("YYYY-MM-DD"); NULL never.
ALTER TABLE activities ADD COLUMN deadline TEXT;

UPDATE activities SET plan_id = (
  SELECT p.id FROM action_plans p WHERE p.unit_id = activities.unit_id AND p.year =
    CASE WHEN CAST(substr(COALESCE(activities.due_date, activities.created_at), 1, 4) AS BIGINT) < 2000 THEN 2000
         WHEN CAST(substr(COALESCE(activities.due_date, activities.created_at), 1, 4) AS BIGINT) > 2100 THEN 2100
         ELSE CAST(substr(COALESCE(activities.due_date, activities.created_at), 1, 4) AS BIGINT) END);
UPDATE activities SET
  area_id = (SELECT MIN(a.id) FROM plan_areas a WHERE a.plan_id = activities.plan_id),
  position = id,
  deadline = due_date,
  quarters = CASE WHEN due_date IS NULL THEN 0
                  WHEN substr(due_date, 6, 2) <= '03' THEN 1
                  WHEN substr(due_date, 6, 2) <= '06' THEN 2
                  WHEN substr(due_date, 6, 2) <= '09' THEN 4
                  ELSE 8 END;

-- What an activity addresses: an asset, a requirement, and the records of
-- later modules (risks, audit recommendations, incidents), each a kind.
CREATE TABLE activity_links (
  id @ID@,
  activity_id BIGINT NOT NULL REFERENCES activities(id),
  kind TEXT NOT NULL,
  target_id BIGINT NOT NULL,
  created_by BIGINT,
  created_at TEXT NOT NULL
);
CREATE UNIQUE INDEX activity_links_pair ON activity_links(activity_id, kind, target_id);
CREATE INDEX activity_links_target ON activity_links(kind, target_id);

INSERT INTO activity_links (activity_id, kind, target_id, created_by, created_at)
  SELECT id, 'asset', asset_id, created_by, created_at FROM activities WHERE asset_id IS NOT NULL;
INSERT INTO activity_links (activity_id, kind, target_id, created_by, created_at)
  SELECT id, 'requirement', requirement_id, created_by, created_at FROM activities WHERE requirement_id IS NOT NULL;

DROP INDEX actions_asset;
DROP INDEX actions_unit;
ALTER TABLE activities DROP COLUMN asset_id;
ALTER TABLE activities DROP COLUMN requirement_id;

CREATE INDEX activities_unit ON activities(unit_id);
CREATE INDEX activities_plan ON activities(plan_id, area_id, position);
CREATE INDEX activities_responsible ON activities(responsible_id, status);
CREATE INDEX activities_deadline ON activities(deadline);
CREATE UNIQUE INDEX activities_carried_from ON activities(carried_from_id);
