-- Incidents and personal-data breaches: the reports and their triage, the
-- incident record, the assets it affected, its append-only log of decisions,
-- its notification duties (one per regime and recipient) with what was filed
-- when, the category taxonomy, the organisations' incident settings (the
-- public intake form) and the intake's throttle. Follow-up actions are
-- activities of the action plans, linked to the incident in activity_links
-- (kind 'incident').
-- Times are UTC text "YYYY-MM-DDTHH:MM:SSZ"; booleans are 0/1.

-- The editable category taxonomy. builtin rows keep their English message id
-- as name (shown translated) until someone renames them.
CREATE TABLE incident_categories (
  id @ID@,
  position BIGINT NOT NULL DEFAULT 0,
  name TEXT NOT NULL,
  builtin BIGINT NOT NULL DEFAULT 0,
  active BIGINT NOT NULL DEFAULT 1,
  version BIGINT NOT NULL DEFAULT 1,
  updated_at TEXT NOT NULL
);
INSERT INTO incident_categories (position, name, builtin, updated_at) VALUES
  (1, 'Information loss or leak', 1, '2026-01-01T00:00:00Z'),
  (2, 'Corrupted information', 1, '2026-01-01T00:00:00Z'),
  (3, 'Attack', 1, '2026-01-01T00:00:00Z'),
  (4, 'Malicious code', 1, '2026-01-01T00:00:00Z'),
  (5, 'Unauthorised access', 1, '2026-01-01T00:00:00Z'),
  (6, 'User error', 1, '2026-01-01T00:00:00Z'),
  (7, 'Product vulnerability', 1, '2026-01-01T00:00:00Z'),
  (8, 'System or hardware failure', 1, '2026-01-01T00:00:00Z'),
  (9, 'Failure at a supplier', 1, '2026-01-01T00:00:00Z'),
  (10, 'Natural event, fire or accident', 1, '2026-01-01T00:00:00Z');

-- One row per organisation (a root unit) that has changed its settings.
CREATE TABLE incident_settings (
  org_id BIGINT PRIMARY KEY REFERENCES units(id),
  public_intake BIGINT NOT NULL DEFAULT 0,   -- the form that needs no sign-in; off by default
  controller TEXT NOT NULL DEFAULT '',       -- the controller's name in the IMY notification
  org_number TEXT NOT NULL DEFAULT '',       -- organisationsnummer
  contact TEXT NOT NULL DEFAULT '',          -- the DPO or other contact point (GDPR Art. 33(3)(b))
  version BIGINT NOT NULL DEFAULT 1,
  updated_at TEXT NOT NULL
);

-- An event reported, in triage until a coordinator or DPO makes it an
-- incident (state 'incident') or closes it with a reason ('dismissed').
-- unit_id NULL: reported by someone with no role, seen by installation-wide
-- roles only. next_due: the earliest deadline of a clock still running
-- (NULL when none), kept by every write, for the "clock missed" filter.
CREATE TABLE incidents (
  id @ID@,
  unit_id BIGINT REFERENCES units(id),
  state TEXT NOT NULL DEFAULT 'triage' CHECK (state IN ('triage','incident','dismissed')),
  status TEXT NOT NULL DEFAULT 'reported' CHECK (status IN ('reported','investigating','resolved','closed')),
  kind_security BIGINT NOT NULL DEFAULT 0,     -- information-security incident
  kind_breach BIGINT NOT NULL DEFAULT 0,       -- personal-data breach (GDPR Art. 4(12))
  kind_it BIGINT NOT NULL DEFAULT 0,           -- IT incident
  kind_significant BIGINT NOT NULL DEFAULT 0,  -- significant incident under the cybersecurity act (NIS2 Art. 23(3))
  category_id BIGINT REFERENCES incident_categories(id),
  title TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  occurred_at TEXT,
  discovered_at TEXT,
  aware_at TEXT,
  ended_at TEXT,
  severity TEXT NOT NULL DEFAULT '' CHECK (severity IN ('','low','medium','high','critical')),
  aspect_c BIGINT NOT NULL DEFAULT 0,
  aspect_i BIGINT NOT NULL DEFAULT 0,
  aspect_a BIGINT NOT NULL DEFAULT 0,
  aspect_t BIGINT NOT NULL DEFAULT 0,
  subject_categories TEXT NOT NULL DEFAULT '',
  subjects_approx BIGINT,                      -- approximate number of data subjects, NULL unknown
  records_approx BIGINT,                       -- approximate number of personal-data records, NULL unknown
  data_kinds TEXT NOT NULL DEFAULT '',         -- kinds of personal data
  consequences TEXT NOT NULL DEFAULT '',
  measures TEXT NOT NULL DEFAULT '',
  cause TEXT NOT NULL DEFAULT '',              -- type of threat or root cause
  malicious BIGINT NOT NULL DEFAULT 0,         -- suspected unlawful or malicious
  cross_border BIGINT NOT NULL DEFAULT 0,
  indicators TEXT NOT NULL DEFAULT '',         -- indicators of compromise
  secrecy TEXT NOT NULL DEFAULT '',            -- claims of secrecy for the notification
  lessons TEXT NOT NULL DEFAULT '',
  source TEXT NOT NULL DEFAULT 'user' CHECK (source IN ('user','public')),
  reporter_id BIGINT REFERENCES users(id),
  reporter_name TEXT NOT NULL DEFAULT '',
  reporter_contact TEXT NOT NULL DEFAULT '',
  receipt TEXT NOT NULL,
  next_due TEXT,
  version BIGINT NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE UNIQUE INDEX incidents_receipt ON incidents(receipt);
CREATE INDEX incidents_unit_created ON incidents(unit_id, created_at);
CREATE INDEX incidents_created ON incidents(created_at);
CREATE INDEX incidents_reporter ON incidents(reporter_id, created_at);
CREATE INDEX incidents_next_due ON incidents(next_due);

CREATE TABLE incident_assets (
  id @ID@,
  incident_id BIGINT NOT NULL REFERENCES incidents(id),
  asset_id BIGINT NOT NULL REFERENCES assets(id),
  created_by BIGINT,
  created_at TEXT NOT NULL
);
CREATE UNIQUE INDEX incident_assets_pair ON incident_assets(incident_id, asset_id);
CREATE INDEX incident_assets_asset ON incident_assets(asset_id);

-- A notification duty: one per incident, regime and recipient. regime gdpr33
-- (IMY), gdpr34 (the data subjects), csirt (the cybersecurity act's three
-- stages) or other (any recipient a user adds, with its own due time).
-- decision: whether the duty applies ('pending' until decided), and why.
CREATE TABLE incident_notifications (
  id @ID@,
  incident_id BIGINT NOT NULL REFERENCES incidents(id),
  regime TEXT NOT NULL CHECK (regime IN ('gdpr33','gdpr34','csirt','other')),
  recipient TEXT NOT NULL DEFAULT '',
  due_at TEXT,                                 -- only for 'other'
  decision TEXT NOT NULL DEFAULT 'pending' CHECK (decision IN ('pending','yes','no')),
  reason TEXT NOT NULL DEFAULT '',
  decided_by BIGINT,
  decided_at TEXT,
  case_ref TEXT NOT NULL DEFAULT '',           -- the authority's case reference
  delay_reason TEXT NOT NULL DEFAULT '',       -- GDPR Art. 33(1): the reasons for a late notification
  version BIGINT NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX incident_notifications_incident ON incident_notifications(incident_id);

-- What was filed when: append-only.
CREATE TABLE incident_filings (
  id @ID@,
  notification_id BIGINT NOT NULL REFERENCES incident_notifications(id),
  stage TEXT NOT NULL CHECK (stage IN ('initial','supplement','final','early_warning','notification',
                                       'intermediate','progress','communication')),
  filed_at TEXT NOT NULL,
  reference TEXT NOT NULL DEFAULT '',
  note TEXT NOT NULL DEFAULT '',
  recorded_by BIGINT,
  recorded_by_name TEXT NOT NULL DEFAULT '',
  recorded_at TEXT NOT NULL
);
CREATE INDEX incident_filings_notification ON incident_filings(notification_id, filed_at);

-- The log of decisions: who, when, what and why. Append-only: there is no
-- query that changes or removes a row.
CREATE TABLE incident_decisions (
  id @ID@,
  incident_id BIGINT NOT NULL REFERENCES incidents(id),
  notification_id BIGINT REFERENCES incident_notifications(id),
  what TEXT NOT NULL,
  reason TEXT NOT NULL DEFAULT '',
  decided_by BIGINT,
  decided_by_name TEXT NOT NULL DEFAULT '',
  decided_at TEXT NOT NULL
);
CREATE INDEX incident_decisions_incident ON incident_decisions(incident_id, id);

-- Reports through the public form per address (a keyed hash of it) and window.
CREATE TABLE incident_intake_throttle (
  addr TEXT PRIMARY KEY,
  window_start TEXT NOT NULL,
  n BIGINT NOT NULL
);
