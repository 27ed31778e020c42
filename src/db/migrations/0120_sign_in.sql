-- Sign-in through OpenID Connect providers, a second factor (TOTP) for
-- local accounts, and the link between accounts and the staff directory.

-- One row per identity provider an administrator set up. The client
-- secret is never stored: secret_ref names where it is read from when it
-- is needed ("file:/etc/tillit/entra.secret" or "env:TILLIT_ENTRA_SECRET").
CREATE TABLE oidc_providers (
  id @ID@,
  slug TEXT NOT NULL UNIQUE,          -- in the addresses: /login/oidc/<slug>
  name TEXT NOT NULL,                 -- "Logga in med <name>"
  issuer TEXT NOT NULL,
  client_id TEXT NOT NULL,
  secret_ref TEXT NOT NULL DEFAULT '',
  scopes TEXT NOT NULL DEFAULT 'openid profile email',
  claim_id TEXT NOT NULL DEFAULT 'sub',   -- matched against user_directory.external_id
  claim_name TEXT NOT NULL DEFAULT 'name',
  claim_email TEXT NOT NULL DEFAULT 'email',
  create_unknown BIGINT NOT NULL DEFAULT 0, -- unknown people get an account without roles
  enabled BIGINT NOT NULL DEFAULT 1,
  version BIGINT NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);

-- A sign-in under way at a provider: found by the hash of its state, bound
-- to the browser that started it (the state is also in a cookie of that
-- browser), used once, short-lived. The PKCE verifier and the nonce leave
-- the server only in the token request and, hashed, in the authorization
-- request.
CREATE TABLE oidc_flows (
  id @ID@,
  state_hash TEXT NOT NULL UNIQUE,
  provider_id BIGINT NOT NULL REFERENCES oidc_providers(id),
  nonce TEXT NOT NULL,
  verifier TEXT NOT NULL,
  next TEXT NOT NULL DEFAULT '/',
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL
);
CREATE INDEX oidc_flows_expires ON oidc_flows(expires_at);

-- Which provider opened a session (for the provider's end-session link).
CREATE TABLE oidc_sessions (
  session_id BIGINT PRIMARY KEY,      -- sessions(id); removed with the session
  provider_id BIGINT NOT NULL REFERENCES oidc_providers(id)
);

-- An account's place in the staff directory: the identifier the directory
-- and the identity provider know the person by, and their unit.
CREATE TABLE user_directory (
  user_id BIGINT PRIMARY KEY REFERENCES users(id),
  external_id TEXT NOT NULL UNIQUE,
  unit_id BIGINT REFERENCES units(id),
  updated_at TEXT NOT NULL
);

-- A local account's second factor. The secret is sealed with a key derived
-- from the audit key, which is kept outside the database. last_step is the
-- newest time step accepted, so no code is accepted twice.
CREATE TABLE user_totp (
  user_id BIGINT PRIMARY KEY REFERENCES users(id),
  secret_sealed TEXT NOT NULL,
  confirmed_at TEXT,
  last_step BIGINT NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL
);

-- One-time recovery codes, keyed hashes only.
CREATE TABLE user_recovery_codes (
  id @ID@,
  user_id BIGINT NOT NULL REFERENCES users(id),
  code_hash TEXT NOT NULL,
  used_at TEXT
);
CREATE INDEX user_recovery_codes_user ON user_recovery_codes(user_id);

-- Roles whose holders must use a second factor when signing in with a password.
CREATE TABLE totp_required_roles (
  role TEXT PRIMARY KEY CHECK (role IN ('administrator','coordinator','dpo','owner','reader','auditor'))
);

-- A password accepted, the second factor still to come (or to be set up):
-- found by the hash of a token in a cookie of the browser, short-lived.
CREATE TABLE login_challenges (
  id @ID@,
  token_hash TEXT NOT NULL UNIQUE,
  user_id BIGINT NOT NULL REFERENCES users(id),
  kind TEXT NOT NULL CHECK (kind IN ('code','enrol')),
  next TEXT NOT NULL DEFAULT '/',
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL
);
CREATE INDEX login_challenges_expires ON login_challenges(expires_at);

-- Installation-wide sign-in settings: 'all' lets every account sign in with
-- a password, 'admins' only installation-wide administrators (the others
-- use a provider).
CREATE TABLE signin_settings (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  local_login TEXT NOT NULL CHECK (local_login IN ('all','admins'))
);
INSERT INTO signin_settings (id, local_login) VALUES (1, 'all');
