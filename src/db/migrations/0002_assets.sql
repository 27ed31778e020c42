-- Information assets, their dependencies, the classification model and
-- classifications, the requirements library, requirement fulfilment per
-- asset, and the minimal action record that the action-plan module extends.

CREATE TABLE assets (
  id @ID@,
  unit_id BIGINT NOT NULL REFERENCES units(id),
  kind TEXT NOT NULL CHECK (kind IN ('information_set','system','digital_service','manual','process','supplier')),
  name TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  owner_id BIGINT REFERENCES users(id),          -- systemägare / informationsägare
  administrator_id BIGINT REFERENCES users(id),  -- systemförvaltare
  supplier TEXT NOT NULL DEFAULT '',
  hosting TEXT NOT NULL DEFAULT '' CHECK (hosting IN ('','own','municipal_it','supplier','cloud','third_country')),
  personal_data BIGINT NOT NULL DEFAULT 0,
  business_critical BIGINT NOT NULL DEFAULT 0,
  nis2 BIGINT NOT NULL DEFAULT 0,                -- samhällsviktig / in NIS2 scope
  lifecycle TEXT NOT NULL DEFAULT 'in_use' CHECK (lifecycle IN ('planned','in_use','phasing_out','retired')),
  retired_at TEXT,                               -- set when the lifecycle becomes retired
  classification_id BIGINT,                      -- the current signed classification, NULL = not classified
  review_due TEXT,                               -- YYYY-MM-DD, of the current classification
  needs_review BIGINT NOT NULL DEFAULT 0,        -- flagged when something it inherits from changed
  version BIGINT NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX assets_unit ON assets(unit_id);
CREATE INDEX assets_kind ON assets(kind);
CREATE INDEX assets_owner ON assets(owner_id);

-- from_id depends on to_id; "holds": a system holds an information set (and
-- inherits its classification); "depends_on": any other dependency.
CREATE TABLE asset_links (
  id @ID@,
  from_id BIGINT NOT NULL REFERENCES assets(id),
  to_id BIGINT NOT NULL REFERENCES assets(id),
  kind TEXT NOT NULL CHECK (kind IN ('holds','depends_on')),
  created_at TEXT NOT NULL,
  created_by BIGINT
);
CREATE UNIQUE INDEX asset_links_pair ON asset_links(from_id, to_id);
CREATE INDEX asset_links_to ON asset_links(to_id);

-- The classification model of an organisation (a root unit).
CREATE TABLE class_models (
  id @ID@,
  org_id BIGINT NOT NULL UNIQUE REFERENCES units(id),
  use_traceability BIGINT NOT NULL DEFAULT 0,
  max_level BIGINT NOT NULL DEFAULT 4 CHECK (max_level BETWEEN 1 AND 9),
  review_months BIGINT NOT NULL DEFAULT 12 CHECK (review_months BETWEEN 1 AND 120),
  version BIGINT NOT NULL DEFAULT 1,
  updated_at TEXT NOT NULL
);
CREATE TABLE class_levels (
  id @ID@,
  org_id BIGINT NOT NULL REFERENCES units(id),
  level BIGINT NOT NULL,
  name TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT ''
);
CREATE UNIQUE INDEX class_levels_org ON class_levels(org_id, level);

-- The question bank: each option of a question implies a minimum level of its aspect.
CREATE TABLE class_questions (
  id @ID@,
  org_id BIGINT NOT NULL REFERENCES units(id),
  aspect TEXT NOT NULL CHECK (aspect IN ('confidentiality','integrity','availability','traceability')),
  position BIGINT NOT NULL DEFAULT 0,
  text TEXT NOT NULL,
  help TEXT NOT NULL DEFAULT '',
  active BIGINT NOT NULL DEFAULT 1,
  version BIGINT NOT NULL DEFAULT 1,
  updated_at TEXT NOT NULL
);
CREATE INDEX class_questions_org ON class_questions(org_id, aspect, position);
CREATE TABLE class_options (
  id @ID@,
  question_id BIGINT NOT NULL REFERENCES class_questions(id),
  position BIGINT NOT NULL DEFAULT 0,
  text TEXT NOT NULL,
  implies_level BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX class_options_question ON class_options(question_id, position);

-- Every classification of an asset is kept: re-classifying adds a version.
-- *_computed: highest level implied by the answers; *_inherited: highest of
-- the information sets the asset holds; *_level: the result (never lower
-- than either); *_motivation: why, required when raised above both.
CREATE TABLE classifications (
  id @ID@,
  asset_id BIGINT NOT NULL REFERENCES assets(id),
  version_no BIGINT NOT NULL,
  c_level BIGINT NOT NULL, i_level BIGINT NOT NULL, a_level BIGINT NOT NULL, t_level BIGINT,
  c_computed BIGINT NOT NULL, i_computed BIGINT NOT NULL, a_computed BIGINT NOT NULL, t_computed BIGINT,
  c_inherited BIGINT NOT NULL DEFAULT 0, i_inherited BIGINT NOT NULL DEFAULT 0,
  a_inherited BIGINT NOT NULL DEFAULT 0, t_inherited BIGINT,
  c_motivation TEXT NOT NULL DEFAULT '', i_motivation TEXT NOT NULL DEFAULT '',
  a_motivation TEXT NOT NULL DEFAULT '', t_motivation TEXT NOT NULL DEFAULT '',
  inherited_from TEXT NOT NULL DEFAULT '[]',     -- JSON: which sets gave which levels
  answers TEXT NOT NULL DEFAULT '[]',            -- JSON: the questions and answers as they were
  status TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft','signed')),
  review_due TEXT,
  signed_by BIGINT REFERENCES users(id),
  signed_at TEXT,
  created_by BIGINT,
  created_at TEXT NOT NULL
);
CREATE UNIQUE INDEX classifications_version ON classifications(asset_id, version_no);

-- The requirements library (installation-wide). An empty minimum never
-- triggers; a requirement applies to a classified asset when any aspect
-- reaches its minimum, or to every classified asset when all are empty.
CREATE TABLE requirements (
  id @ID@,
  code TEXT NOT NULL UNIQUE,
  title TEXT NOT NULL,
  text TEXT NOT NULL DEFAULT '',
  category TEXT NOT NULL,
  min_c BIGINT, min_i BIGINT, min_a BIGINT, min_t BIGINT,
  nis2 TEXT NOT NULL DEFAULT '' CHECK (nis2 IN ('','a','b','c','d','e','f','g','h','i','j')),
  active BIGINT NOT NULL DEFAULT 1,
  version BIGINT NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);

CREATE TABLE asset_requirements (
  id @ID@,
  asset_id BIGINT NOT NULL REFERENCES assets(id),
  requirement_id BIGINT NOT NULL REFERENCES requirements(id),
  status TEXT NOT NULL DEFAULT '' CHECK (status IN ('','fulfilled','partial','not_fulfilled','not_applicable')),
  comment TEXT NOT NULL DEFAULT '',
  evidence_url TEXT NOT NULL DEFAULT '',
  action_id BIGINT,
  version BIGINT NOT NULL DEFAULT 1,
  updated_by BIGINT,
  updated_at TEXT NOT NULL
);
CREATE UNIQUE INDEX asset_requirements_pair ON asset_requirements(asset_id, requirement_id);

-- A tracked action (åtgärd). The action-plan module extends this record.
CREATE TABLE actions (
  id @ID@,
  unit_id BIGINT NOT NULL REFERENCES units(id),
  title TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  status TEXT NOT NULL DEFAULT 'not_started' CHECK (status IN ('not_started','started','partly_started','ongoing','done')),
  responsible_id BIGINT REFERENCES users(id),
  due_date TEXT,
  asset_id BIGINT REFERENCES assets(id),
  requirement_id BIGINT REFERENCES requirements(id),
  version BIGINT NOT NULL DEFAULT 1,
  created_by BIGINT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX actions_unit ON actions(unit_id);
CREATE INDEX actions_asset ON actions(asset_id);
