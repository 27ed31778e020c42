-- One counter for the whole installation, raised in the same transaction
-- as every change that may end a session or an API token or change what
-- it allows: signing out, revoking or renewing a token, a password change
-- or reset, a change to a user, a role granted or removed, a unit renamed
-- or moved. A server process answers sessions and tokens from memory only
-- while the counter it read them at is still the current one, so every
-- Tillit process sharing the database sees such a change at once.
CREATE TABLE auth_epoch (
	id INTEGER PRIMARY KEY CHECK (id = 1),
	version BIGINT NOT NULL
);
INSERT INTO auth_epoch (id, version) VALUES (1, 0);
