-- Internal control (intern kontroll): per unit (board) and year, the
-- materiality and risk analysis (väsentlighets- och riskanalys) of
-- processes, the control points (kontrollmoment) of the internal control
-- plan, the results reported per period with the sample records checked,
-- and the deviations (avvikelser) found, with their cause and remedy.

CREATE TABLE ic_plans (
  id @ID@,
  unit_id BIGINT NOT NULL REFERENCES units(id),
  year BIGINT NOT NULL,
  title TEXT NOT NULL DEFAULT '',
  adopted_on TEXT,                      -- YYYY-MM-DD: the board's decision
  version BIGINT NOT NULL DEFAULT 1,
  created_by BIGINT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE UNIQUE INDEX ic_plans_unit_year ON ic_plans(unit_id, year);
CREATE INDEX ic_plans_year ON ic_plans(year, unit_id);

-- Processes weighed in the analysis; mandatory = 1 for the city-wide
-- process of systematic information security work, made with every plan.
CREATE TABLE ic_processes (
  id @ID@,
  plan_id BIGINT NOT NULL REFERENCES ic_plans(id),
  name TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  probability BIGINT NOT NULL CHECK (probability BETWEEN 0 AND 4),
  consequence BIGINT NOT NULL CHECK (consequence BETWEEN 0 AND 4),
  decision TEXT NOT NULL DEFAULT 'undecided' CHECK (decision IN ('undecided','selected','rejected')),
  rationale TEXT NOT NULL DEFAULT '',
  mandatory BIGINT NOT NULL DEFAULT 0,
  version BIGINT NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX ic_processes_plan ON ic_processes(plan_id, id);

CREATE TABLE ic_points (
  id @ID@,
  plan_id BIGINT NOT NULL REFERENCES ic_plans(id),
  process_id BIGINT NOT NULL REFERENCES ic_processes(id),
  title TEXT NOT NULL,                  -- what is checked
  method TEXT NOT NULL CHECK (method IN ('sample','full','review','other')),
  sample_size BIGINT,                   -- stickprov: how many records of
  population BIGINT,                    -- how many there are
  frequency TEXT NOT NULL CHECK (frequency IN ('yearly','period','monthly')),
  period_kind TEXT NOT NULL CHECK (period_kind IN ('tertial','quarter')),
  responsible_id BIGINT REFERENCES users(id),
  responsible_unit_id BIGINT REFERENCES units(id),
  version BIGINT NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX ic_points_plan ON ic_points(plan_id, id);
CREATE INDEX ic_points_responsible ON ic_points(responsible_id, plan_id);

-- One result per control point and period (tertial 1-3 or quarter 1-4 of the plan's year).
CREATE TABLE ic_results (
  id @ID@,
  point_id BIGINT NOT NULL REFERENCES ic_points(id),
  period_no BIGINT NOT NULL,
  checked_on TEXT NOT NULL,             -- YYYY-MM-DD
  checked_by BIGINT REFERENCES users(id),
  conclusion TEXT NOT NULL DEFAULT '',
  version BIGINT NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE UNIQUE INDEX ic_results_point_period ON ic_results(point_id, period_no);

-- The sample records checked for a result, in the order given.
CREATE TABLE ic_samples (
  id @ID@,
  result_id BIGINT NOT NULL REFERENCES ic_results(id),
  position BIGINT NOT NULL,
  reference TEXT NOT NULL,
  ok BIGINT NOT NULL DEFAULT 1,
  note TEXT NOT NULL DEFAULT ''
);
CREATE UNIQUE INDEX ic_samples_result ON ic_samples(result_id, position);

CREATE TABLE ic_deviations (
  id @ID@,
  result_id BIGINT NOT NULL REFERENCES ic_results(id),
  unit_id BIGINT NOT NULL REFERENCES units(id),  -- the plan's unit, kept for the lists
  plan_year BIGINT NOT NULL,
  responsible_id BIGINT REFERENCES users(id),     -- the control point's responsible when recorded
  description TEXT NOT NULL,
  cause TEXT NOT NULL DEFAULT '',
  remedy TEXT NOT NULL DEFAULT '',
  due TEXT,                                       -- YYYY-MM-DD: remedy due
  status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open','closed')),
  activity_id BIGINT REFERENCES activities(id),
  version BIGINT NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX ic_deviations_result ON ic_deviations(result_id, id);
CREATE INDEX ic_deviations_unit ON ic_deviations(unit_id, plan_year, id);
CREATE INDEX ic_deviations_open ON ic_deviations(status, unit_id, id);
CREATE INDEX ic_deviations_responsible ON ic_deviations(responsible_id, status, id);
