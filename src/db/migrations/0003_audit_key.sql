-- The audit chain is keyed: from entry keyed_from on, each entry's hash is an
-- HMAC-SHA-256 under a key kept outside the database (the audit key file), so
-- someone who can write the database but not read the key cannot recompute
-- the chain. Entries before keyed_from (written before the key existed) keep
-- their plain SHA-256 hashes and are still checked; every later keyed entry
-- covers them through the chain. head_mac is an HMAC over the head row
-- (last_id, last_hash, keyed_from), so the head cannot be moved back after
-- cutting the tail, nor the chain declared unkeyed, without the key.
-- Both columns stay NULL until the key is first used.
ALTER TABLE audit_head ADD COLUMN keyed_from BIGINT;
ALTER TABLE audit_head ADD COLUMN head_mac TEXT;
