-- Continuity plans (kontinuitetsplaner) per business-critical asset or
-- process, and exercises (övningar) with the units taking part and the
-- plans they tested. A plan's "last exercised" is the date of the latest
-- exercise marked done that tested it, read, never stored.

-- Times in hours: maximum tolerable outage, recovery time and recovery point objectives.
CREATE TABLE continuity_plans (
  id @ID@,
  unit_id BIGINT NOT NULL REFERENCES units(id),
  asset_id BIGINT NOT NULL REFERENCES assets(id),
  title TEXT NOT NULL,
  owner_id BIGINT REFERENCES users(id),
  mto_hours BIGINT NOT NULL,
  rto_hours BIGINT NOT NULL,
  rpo_hours BIGINT NOT NULL,
  fallback TEXT NOT NULL DEFAULT '',   -- manual fallback routines, Markdown
  contacts TEXT NOT NULL DEFAULT '',
  review_due TEXT,                     -- YYYY-MM-DD
  version BIGINT NOT NULL DEFAULT 1,
  created_by BIGINT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE UNIQUE INDEX continuity_plans_asset ON continuity_plans(asset_id);
CREATE INDEX continuity_plans_unit ON continuity_plans(unit_id);

CREATE TABLE exercises (
  id @ID@,
  unit_id BIGINT NOT NULL REFERENCES units(id),
  title TEXT NOT NULL,
  exercise_date TEXT NOT NULL,          -- YYYY-MM-DD
  kind TEXT NOT NULL CHECK (kind IN ('tabletop','technical','full')),
  status TEXT NOT NULL DEFAULT 'planned' CHECK (status IN ('planned','done')),
  scenario TEXT NOT NULL DEFAULT '',
  observations TEXT NOT NULL DEFAULT '',
  resulting_actions TEXT NOT NULL DEFAULT '',
  version BIGINT NOT NULL DEFAULT 1,
  created_by BIGINT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX exercises_unit ON exercises(unit_id, exercise_date);

CREATE TABLE exercise_units (
  id @ID@,
  exercise_id BIGINT NOT NULL REFERENCES exercises(id),
  unit_id BIGINT NOT NULL REFERENCES units(id)
);
CREATE UNIQUE INDEX exercise_units_pair ON exercise_units(exercise_id, unit_id);

CREATE TABLE exercise_plans (
  id @ID@,
  exercise_id BIGINT NOT NULL REFERENCES exercises(id),
  plan_id BIGINT NOT NULL REFERENCES continuity_plans(id)
);
CREATE UNIQUE INDEX exercise_plans_pair ON exercise_plans(exercise_id, plan_id);
CREATE INDEX exercise_plans_plan ON exercise_plans(plan_id);
