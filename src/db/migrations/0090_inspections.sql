-- Audits (granskningar) and the responses (yttranden) to them.
--
-- An audit report (inspection) is registered in a unit (usually the
-- organisation), is addressed to boards, holds numbered recommendations,
-- each addressed to one or more boards, and may follow up an earlier audit:
-- its findings ("Granskning / Resultat") can each point back at a
-- recommendation of the earlier one. The report file is kept beside it,
-- with its checksum.
--
-- A board answers with responses: numbered action areas (each answering
-- recommendations) and measures with a responsible unit and a status
-- Planerad / Pågående / Avslutad. A response is frozen when approved; a
-- supplementary response copies the areas and measures of the one it
-- supplements (previous_id links each measure to its earlier self), which
-- is then superseded. A hand-over of a measure to another unit is kept in
-- measure_handovers.

CREATE TABLE inspections (
  id @ID@,
  unit_id BIGINT NOT NULL REFERENCES units(id),
  auditor_kind TEXT NOT NULL CHECK (auditor_kind IN ('municipal','external','imy','mcf','other')),
  auditor TEXT NOT NULL DEFAULT '',
  title TEXT NOT NULL,
  report_date TEXT NOT NULL,            -- YYYY-MM-DD
  case_ref TEXT NOT NULL DEFAULT '',    -- diarienummer
  scope TEXT NOT NULL DEFAULT '',       -- scope and purpose
  assessment TEXT NOT NULL DEFAULT '',  -- the overall assessment
  observations TEXT NOT NULL DEFAULT '',
  follows_id BIGINT REFERENCES inspections(id),
  version BIGINT NOT NULL DEFAULT 1,
  created_by BIGINT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX inspections_date ON inspections(report_date, id);
CREATE INDEX inspections_unit ON inspections(unit_id, report_date);
CREATE INDEX inspections_follows ON inspections(follows_id);

CREATE TABLE inspection_boards (
  id @ID@,
  inspection_id BIGINT NOT NULL REFERENCES inspections(id),
  unit_id BIGINT NOT NULL REFERENCES units(id)
);
CREATE UNIQUE INDEX inspection_boards_pair ON inspection_boards(inspection_id, unit_id);
CREATE INDEX inspection_boards_unit ON inspection_boards(unit_id);

-- The report file: one per audit, its bytes as base64 text.
CREATE TABLE inspection_files (
  id @ID@,
  inspection_id BIGINT NOT NULL REFERENCES inspections(id),
  file_name TEXT NOT NULL,
  mime TEXT NOT NULL,
  size BIGINT NOT NULL,
  sha256 TEXT NOT NULL,
  data TEXT NOT NULL,
  created_by BIGINT,
  created_at TEXT NOT NULL
);
CREATE UNIQUE INDEX inspection_files_one ON inspection_files(inspection_id);

-- report_date and unit_id are the audit's, kept here for the list of open recommendations.
CREATE TABLE recommendations (
  id @ID@,
  inspection_id BIGINT NOT NULL REFERENCES inspections(id),
  unit_id BIGINT NOT NULL REFERENCES units(id),
  report_date TEXT NOT NULL,
  number BIGINT NOT NULL,
  text TEXT NOT NULL,
  status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open','closed')),
  version BIGINT NOT NULL DEFAULT 1,
  created_by BIGINT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE UNIQUE INDEX recommendations_number ON recommendations(inspection_id, number);
CREATE INDEX recommendations_status ON recommendations(status, report_date, id);

CREATE TABLE recommendation_boards (
  id @ID@,
  recommendation_id BIGINT NOT NULL REFERENCES recommendations(id),
  unit_id BIGINT NOT NULL REFERENCES units(id)
);
CREATE UNIQUE INDEX recommendation_boards_pair ON recommendation_boards(recommendation_id, unit_id);
CREATE INDEX recommendation_boards_unit ON recommendation_boards(unit_id, recommendation_id);

CREATE TABLE inspection_findings (
  id @ID@,
  inspection_id BIGINT NOT NULL REFERENCES inspections(id),
  position BIGINT NOT NULL,
  area TEXT NOT NULL,                   -- "Granskning"
  result TEXT NOT NULL DEFAULT '',      -- "Resultat"
  recommendation_id BIGINT REFERENCES recommendations(id),
  created_by BIGINT,
  created_at TEXT NOT NULL
);
CREATE INDEX inspection_findings_of ON inspection_findings(inspection_id, position);
CREATE INDEX inspection_findings_rec ON inspection_findings(recommendation_id);

CREATE TABLE audit_responses (
  id @ID@,
  inspection_id BIGINT NOT NULL REFERENCES inspections(id),
  unit_id BIGINT NOT NULL REFERENCES units(id),      -- the responding board
  supplements_id BIGINT REFERENCES audit_responses(id),
  superseded BIGINT NOT NULL DEFAULT 0,
  response_date TEXT NOT NULL,
  case_ref TEXT NOT NULL DEFAULT '',
  address TEXT NOT NULL DEFAULT '',
  addressee TEXT NOT NULL DEFAULT '',
  title TEXT NOT NULL,
  summary TEXT NOT NULL DEFAULT '',
  status TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft','approved')),
  approved_by TEXT,
  approved_on TEXT,
  version BIGINT NOT NULL DEFAULT 1,
  created_by BIGINT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX audit_responses_of ON audit_responses(inspection_id, response_date);
CREATE INDEX audit_responses_unit ON audit_responses(unit_id);
CREATE UNIQUE INDEX audit_responses_supplements ON audit_responses(supplements_id);

CREATE TABLE action_areas (
  id @ID@,
  response_id BIGINT NOT NULL REFERENCES audit_responses(id),
  number BIGINT NOT NULL,
  heading TEXT NOT NULL,
  decided_action TEXT NOT NULL DEFAULT '',
  expected_effect TEXT NOT NULL DEFAULT '',
  actions_taken TEXT NOT NULL DEFAULT '',   -- Markdown
  version BIGINT NOT NULL DEFAULT 1,
  created_by BIGINT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE UNIQUE INDEX action_areas_number ON action_areas(response_id, number);

CREATE TABLE action_area_recommendations (
  id @ID@,
  area_id BIGINT NOT NULL REFERENCES action_areas(id),
  recommendation_id BIGINT NOT NULL REFERENCES recommendations(id)
);
CREATE UNIQUE INDEX action_area_recommendations_pair ON action_area_recommendations(area_id, recommendation_id);
CREATE INDEX action_area_recommendations_rec ON action_area_recommendations(recommendation_id);

-- open is 1 while the measure is not done and its response not superseded: the overdue lists read it.
CREATE TABLE measures (
  id @ID@,
  response_id BIGINT NOT NULL REFERENCES audit_responses(id),
  area_id BIGINT REFERENCES action_areas(id),
  position BIGINT NOT NULL,
  title TEXT NOT NULL,
  unit_id BIGINT NOT NULL REFERENCES units(id),
  owner_id BIGINT REFERENCES users(id),
  status TEXT NOT NULL CHECK (status IN ('planned','ongoing','done')),
  comment TEXT NOT NULL DEFAULT '',
  case_ref TEXT NOT NULL DEFAULT '',
  planned_date TEXT,
  done_date TEXT,
  previous_id BIGINT REFERENCES measures(id),
  open BIGINT NOT NULL DEFAULT 1,
  version BIGINT NOT NULL DEFAULT 1,
  created_by BIGINT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX measures_of ON measures(response_id, position);
CREATE INDEX measures_area ON measures(area_id);
CREATE INDEX measures_unit ON measures(unit_id, open, planned_date);
CREATE INDEX measures_owner ON measures(owner_id, open, planned_date);
CREATE INDEX measures_due ON measures(open, planned_date);
CREATE INDEX measures_previous ON measures(previous_id);

CREATE TABLE measure_handovers (
  id @ID@,
  measure_id BIGINT NOT NULL REFERENCES measures(id),
  from_unit_id BIGINT NOT NULL REFERENCES units(id),
  to_unit_id BIGINT NOT NULL REFERENCES units(id),
  handed_on TEXT NOT NULL,
  note TEXT NOT NULL DEFAULT '',
  created_by BIGINT,
  created_at TEXT NOT NULL
);
CREATE INDEX measure_handovers_of ON measure_handovers(measure_id, id);
