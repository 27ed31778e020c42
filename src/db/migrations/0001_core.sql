-- Core schema: organisation units, users, role grants, sessions, API tokens,
-- login throttling and the hash-chained audit trail.
-- @ID@ becomes the engine's auto-increment primary key; all times are UTC
-- text "YYYY-MM-DDTHH:MM:SSZ"; booleans are 0/1 integers.

CREATE TABLE units (
  id @ID@,
  parent_id BIGINT REFERENCES units(id),
  path TEXT NOT NULL,              -- "/1/4/9/": ids from the root down, for subtree queries
  kind TEXT NOT NULL CHECK (kind IN ('organisation','board','administration','company','federation','unit')),
  name TEXT NOT NULL,
  code TEXT NOT NULL DEFAULT '',
  case_prefix TEXT NOT NULL DEFAULT '',
  contact TEXT NOT NULL DEFAULT '',
  version BIGINT NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX units_parent ON units(parent_id);
CREATE INDEX units_path ON units(path);

CREATE TABLE unit_moves (
  id @ID@,
  unit_id BIGINT NOT NULL REFERENCES units(id),
  from_parent_id BIGINT REFERENCES units(id),
  to_parent_id BIGINT REFERENCES units(id),
  reason TEXT NOT NULL DEFAULT '',
  moved_by BIGINT,
  moved_at TEXT NOT NULL
);
CREATE INDEX unit_moves_unit ON unit_moves(unit_id);

CREATE TABLE users (
  id @ID@,
  username TEXT NOT NULL UNIQUE,
  display_name TEXT NOT NULL,
  email TEXT NOT NULL DEFAULT '',
  password_hash TEXT NOT NULL,
  lang TEXT NOT NULL DEFAULT 'sv' CHECK (lang IN ('sv','en')),
  active BIGINT NOT NULL DEFAULT 1,
  version BIGINT NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  password_changed_at TEXT NOT NULL
);

CREATE TABLE role_assignments (
  id @ID@,
  user_id BIGINT NOT NULL REFERENCES users(id),
  unit_id BIGINT REFERENCES units(id),  -- NULL: the whole installation
  role TEXT NOT NULL CHECK (role IN ('administrator','coordinator','dpo','owner','reader','auditor')),
  created_at TEXT NOT NULL,
  created_by BIGINT
);
CREATE UNIQUE INDEX role_assignments_unique ON role_assignments(user_id, unit_id, role);
CREATE INDEX role_assignments_unit ON role_assignments(unit_id);

CREATE TABLE sessions (
  id @ID@,
  token_hash TEXT NOT NULL UNIQUE,
  user_id BIGINT NOT NULL REFERENCES users(id),
  csrf_token TEXT NOT NULL,
  created_at TEXT NOT NULL,
  last_seen TEXT NOT NULL,
  expires_at TEXT NOT NULL,
  remote_addr TEXT NOT NULL DEFAULT ''
);
CREATE INDEX sessions_user ON sessions(user_id);

CREATE TABLE api_tokens (
  id @ID@,
  user_id BIGINT NOT NULL REFERENCES users(id),
  name TEXT NOT NULL,
  token_hash TEXT NOT NULL UNIQUE,
  prefix TEXT NOT NULL,
  created_at TEXT NOT NULL,
  last_used_at TEXT,
  revoked_at TEXT
);
CREATE INDEX api_tokens_user ON api_tokens(user_id);

CREATE TABLE login_failures (
  id @ID@,
  kind TEXT NOT NULL CHECK (kind IN ('user','addr')),
  key TEXT NOT NULL,
  at TEXT NOT NULL
);
CREATE INDEX login_failures_key ON login_failures(kind, key, at);

-- The audit trail. Ids are assigned by the application, one after another
-- with no gaps, and each entry's hash covers the previous entry's hash, so a
-- changed, removed or inserted entry breaks the chain. audit_head holds the
-- newest id and hash (so removing the newest entries is seen too) and is the
-- row every writer locks to append in order.
CREATE TABLE audit_log (
  id BIGINT PRIMARY KEY,
  at TEXT NOT NULL,
  actor_id BIGINT,
  actor_name TEXT NOT NULL,
  entity TEXT NOT NULL,
  entity_id BIGINT,
  unit_id BIGINT,                  -- the unit the entity belongs to (scope), or NULL
  action TEXT NOT NULL,
  before_json TEXT,
  after_json TEXT,
  prev_hash TEXT NOT NULL,
  hash TEXT NOT NULL
);
CREATE INDEX audit_log_entity ON audit_log(entity, entity_id);
CREATE INDEX audit_log_actor ON audit_log(actor_id);
CREATE INDEX audit_log_at ON audit_log(at);
CREATE INDEX audit_log_unit ON audit_log(unit_id);

CREATE TABLE audit_head (
  id BIGINT PRIMARY KEY CHECK (id = 1),
  last_id BIGINT NOT NULL,
  last_hash TEXT NOT NULL
);
INSERT INTO audit_head (id, last_id, last_hash) VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');
