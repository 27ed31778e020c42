-- API tokens expire: expires_at is set when a token is created or renewed.
-- Tokens made before this column existed have NULL and expire 90 days after
-- their created_at (the application reads it so).
ALTER TABLE api_tokens ADD COLUMN expires_at TEXT;

-- Password attempts are throttled per (account, address) pair and per
-- address, with delays that double past a number of free attempts instead of
-- a hard lockout. One row per key: attempts counts the attempts since the
-- last quiet period (window), last_at is the latest, and no attempt is taken
-- before until_at ('' when there is no wait). An attempt is reserved here, atomically, before the
-- password is hashed; a correct password gives it back.
CREATE TABLE auth_throttle (
  kind TEXT NOT NULL CHECK (kind IN ('pair','addr')),
  key TEXT NOT NULL,
  attempts BIGINT NOT NULL,
  last_at TEXT NOT NULL,
  until_at TEXT NOT NULL,
  PRIMARY KEY (kind, key)
);
CREATE INDEX auth_throttle_last ON auth_throttle(last_at);

DROP TABLE login_failures;
