-- The register of processing activities (GDPR Art. 30): the activities with
-- their purposes, categories, systems used and retention; the vocabularies
-- of categories an organisation shares; processors with their agreements
-- and sub-processors; third-country transfers with their transfer impact
-- assessments; and impact assessments (DPIA, Art. 35) as versions.

-- Categories of data subjects ('subject') and of personal data ('data') an
-- organisation (a root unit) names once for all its activities. A data
-- category may be of a special kind: Art. 9(1) ('art9') or Art. 10 ('art10').
CREATE TABLE gdpr_categories (
  id @ID@,
  org_id BIGINT NOT NULL REFERENCES units(id),
  kind TEXT NOT NULL CHECK (kind IN ('subject','data')),
  name TEXT NOT NULL,
  special TEXT NOT NULL DEFAULT '' CHECK (special IN ('','art9','art10')),
  active BIGINT NOT NULL DEFAULT 1,
  version BIGINT NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX gdpr_categories_org ON gdpr_categories(org_id, kind, name);

-- One processing activity (behandling). unit_id is the controller: the
-- responsible board or unit. role 'processor' marks an entry of the
-- Art. 30(2) register that a municipal company keeps as a processor.
CREATE TABLE processing_activities (
  id @ID@,
  unit_id BIGINT NOT NULL REFERENCES units(id),
  role TEXT NOT NULL DEFAULT 'controller' CHECK (role IN ('controller','processor')),
  name TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  controller_contact TEXT NOT NULL DEFAULT '',
  joint_controller TEXT NOT NULL DEFAULT '',
  on_behalf_of TEXT NOT NULL DEFAULT '',
  dpo_id BIGINT REFERENCES users(id),
  owner_id BIGINT REFERENCES users(id),
  art9_point TEXT NOT NULL DEFAULT '' CHECK (art9_point IN ('','a','b','c','d','e','f','g','h','i','j')),
  art10 BIGINT NOT NULL DEFAULT 0,
  art10_basis TEXT NOT NULL DEFAULT '',
  recipients TEXT NOT NULL DEFAULT '',
  other_measures TEXT NOT NULL DEFAULT '',
  legal_bases TEXT NOT NULL DEFAULT '',          -- the Art. 6(1) points of its purposes ("ce"), for the filter
  has_transfer BIGINT NOT NULL DEFAULT 0,        -- it has a third-country transfer, for the filter
  state TEXT NOT NULL DEFAULT 'draft' CHECK (state IN ('draft','submitted','validated')),
  state_comment TEXT NOT NULL DEFAULT '',        -- the data protection officer's comment when sending it back
  review_requested BIGINT NOT NULL DEFAULT 0,    -- the owner is asked to review or complete it
  reviewed_at TEXT,
  reviewed_by BIGINT REFERENCES users(id),
  dpia_criteria BIGINT NOT NULL DEFAULT 0,       -- bit set of the screening questions answered yes
  dpia_decision TEXT NOT NULL DEFAULT '' CHECK (dpia_decision IN ('','required','not_required')),
  dpia_reason TEXT NOT NULL DEFAULT '',
  dpia_suggested BIGINT NOT NULL DEFAULT 0,      -- the screening says an assessment is required
  dpia_needs_review BIGINT NOT NULL DEFAULT 0,   -- a material change since the assessment
  version BIGINT NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX processing_unit ON processing_activities(unit_id, name);
CREATE INDEX processing_owner ON processing_activities(owner_id);
CREATE INDEX processing_reviewed ON processing_activities(reviewed_at);

-- Its purposes, each with its legal basis: the Art. 6(1) point and, for
-- (c) and (e), the Swedish statute behind it.
CREATE TABLE processing_purposes (
  id @ID@,
  activity_id BIGINT NOT NULL REFERENCES processing_activities(id),
  position BIGINT NOT NULL,
  purpose TEXT NOT NULL,
  legal_basis TEXT NOT NULL CHECK (legal_basis IN ('a','b','c','d','e','f')),
  statute TEXT NOT NULL DEFAULT ''
);
CREATE INDEX processing_purposes_activity ON processing_purposes(activity_id, position);

-- Categories of data subjects and of personal data it processes; a data
-- category carries its retention (gallringsfrist) and the rule behind it.
CREATE TABLE processing_categories (
  id @ID@,
  activity_id BIGINT NOT NULL REFERENCES processing_activities(id),
  category_id BIGINT NOT NULL REFERENCES gdpr_categories(id),
  retention TEXT NOT NULL DEFAULT '',
  retention_months BIGINT,                       -- parsed from retention; -1 kept for ever (bevaras)
  retention_rule TEXT NOT NULL DEFAULT ''
);
CREATE UNIQUE INDEX processing_categories_pair ON processing_categories(activity_id, category_id);
CREATE INDEX processing_categories_category ON processing_categories(category_id);

-- The systems and information sets it uses.
CREATE TABLE processing_assets (
  id @ID@,
  activity_id BIGINT NOT NULL REFERENCES processing_activities(id),
  asset_id BIGINT NOT NULL REFERENCES assets(id)
);
CREATE UNIQUE INDEX processing_assets_pair ON processing_assets(activity_id, asset_id);
CREATE INDEX processing_assets_asset ON processing_assets(asset_id);

-- Processors (personuppgiftsbiträden), kept by a unit.
CREATE TABLE processors (
  id @ID@,
  unit_id BIGINT NOT NULL REFERENCES units(id),
  name TEXT NOT NULL,
  org_number TEXT NOT NULL DEFAULT '',
  contact TEXT NOT NULL DEFAULT '',
  country TEXT NOT NULL DEFAULT 'SE',
  version BIGINT NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX processors_unit ON processors(unit_id, name);

CREATE TABLE processor_subprocessors (
  id @ID@,
  processor_id BIGINT NOT NULL REFERENCES processors(id),
  position BIGINT NOT NULL,
  name TEXT NOT NULL,
  country TEXT NOT NULL
);
CREATE INDEX processor_subprocessors_processor ON processor_subprocessors(processor_id, position);

-- Which processors an activity uses.
CREATE TABLE processing_processors (
  id @ID@,
  activity_id BIGINT NOT NULL REFERENCES processing_activities(id),
  processor_id BIGINT NOT NULL REFERENCES processors(id)
);
CREATE UNIQUE INDEX processing_processors_pair ON processing_processors(activity_id, processor_id);
CREATE INDEX processing_processors_processor ON processing_processors(processor_id);

-- Processor agreements (PUB-avtal); the newest signed one is the one in force.
-- The file is kept in the database (base64) with its SHA-256.
CREATE TABLE processor_agreements (
  id @ID@,
  processor_id BIGINT NOT NULL REFERENCES processors(id),
  signed_on TEXT NOT NULL,
  expires_on TEXT,
  case_ref TEXT NOT NULL DEFAULT '',
  file_name TEXT,
  file_type TEXT,
  file_size BIGINT,
  file_sha256 TEXT,
  file_data TEXT,
  created_by BIGINT,
  created_at TEXT NOT NULL
);
CREATE INDEX processor_agreements_processor ON processor_agreements(processor_id, signed_on);

-- Third-country transfers of an activity or of a processor.
CREATE TABLE gdpr_transfers (
  id @ID@,
  activity_id BIGINT REFERENCES processing_activities(id),
  processor_id BIGINT REFERENCES processors(id),
  country TEXT NOT NULL,
  recipient TEXT NOT NULL DEFAULT '',
  basis TEXT NOT NULL CHECK (basis IN ('adequacy','dpf','scc','bcr','derogation')),
  dpf_certified BIGINT NOT NULL DEFAULT 0,
  dpf_checked_on TEXT,
  scc_module TEXT NOT NULL DEFAULT '' CHECK (scc_module IN ('','1','2','3','4')),
  art49_point TEXT NOT NULL DEFAULT '' CHECK (art49_point IN ('','a','b','c','d','e','f','g')),
  safeguards TEXT NOT NULL DEFAULT '',
  version BIGINT NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX gdpr_transfers_activity ON gdpr_transfers(activity_id);
CREATE INDEX gdpr_transfers_processor ON gdpr_transfers(processor_id);

-- Transfer impact assessments: every version of one is kept.
CREATE TABLE gdpr_tias (
  id @ID@,
  transfer_id BIGINT NOT NULL REFERENCES gdpr_transfers(id),
  version_no BIGINT NOT NULL,
  assessment TEXT NOT NULL,
  conclusion TEXT NOT NULL DEFAULT '',
  created_by BIGINT,
  created_at TEXT NOT NULL
);
CREATE UNIQUE INDEX gdpr_tias_version ON gdpr_tias(transfer_id, version_no);

-- Impact assessments (DPIA, Art. 35): every version is kept; the newest is current.
CREATE TABLE dpias (
  id @ID@,
  activity_id BIGINT NOT NULL REFERENCES processing_activities(id),
  version_no BIGINT NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  necessity TEXT NOT NULL DEFAULT '',
  residual_risk TEXT NOT NULL DEFAULT '' CHECK (residual_risk IN ('','low','medium','high')),
  prior_consultation BIGINT NOT NULL DEFAULT 0,
  dpo_opinion TEXT NOT NULL DEFAULT '',
  dpo_opinion_by BIGINT REFERENCES users(id),
  dpo_opinion_at TEXT,
  created_by BIGINT,
  created_at TEXT NOT NULL
);
CREATE UNIQUE INDEX dpias_version ON dpias(activity_id, version_no);

-- Risks to the data subjects and the measures of one DPIA version.
CREATE TABLE dpia_items (
  id @ID@,
  dpia_id BIGINT NOT NULL REFERENCES dpias(id),
  kind TEXT NOT NULL CHECK (kind IN ('risk','measure')),
  position BIGINT NOT NULL,
  text TEXT NOT NULL,
  likelihood BIGINT,                             -- risks: 1..4
  severity BIGINT,                               -- risks: 1..4
  action_id BIGINT REFERENCES activities(id)     -- measures: the activity of the action plans made of it
);
CREATE INDEX dpia_items_dpia ON dpia_items(dpia_id, kind, position);
