-- Roles suggested by an identity provider's groups claim. Nothing here
-- grants a role: a suggestion waits until an administrator grants it (with
-- the ordinary grant, audited) or dismisses it.

-- The claim of a provider's ID token that lists the person's groups ('' : none).
ALTER TABLE oidc_providers ADD COLUMN claim_groups TEXT NOT NULL DEFAULT '';

-- Which group (a value of the groups claim) suggests which role, on which
-- unit (NULL: the whole installation).
CREATE TABLE oidc_group_roles (
  id @ID@,
  provider_id BIGINT NOT NULL REFERENCES oidc_providers(id),
  group_value TEXT NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('administrator','coordinator','dpo','owner','reader','auditor')),
  unit_id BIGINT REFERENCES units(id),
  created_at TEXT NOT NULL
);
CREATE UNIQUE INDEX oidc_group_roles_unique ON oidc_group_roles(provider_id, group_value, role, COALESCE(unit_id, 0));

-- A role suggested for a person at sign-in, once per person, role and unit:
-- 'pending' until an administrator decides; 'granted' or 'dismissed' for
-- good (a dismissed suggestion is not made again). A pending one is
-- withdrawn (removed) when the person signs in without the group.
CREATE TABLE role_suggestions (
  id @ID@,
  user_id BIGINT NOT NULL REFERENCES users(id),
  role TEXT NOT NULL CHECK (role IN ('administrator','coordinator','dpo','owner','reader','auditor')),
  unit_id BIGINT REFERENCES units(id),
  provider_id BIGINT NOT NULL REFERENCES oidc_providers(id),
  group_value TEXT NOT NULL,          -- the group that suggested it
  state TEXT NOT NULL CHECK (state IN ('pending','granted','dismissed')),
  created_at TEXT NOT NULL,
  seen_at TEXT NOT NULL,              -- the last sign-in that carried the group
  decided_at TEXT,
  decided_by BIGINT
);
CREATE UNIQUE INDEX role_suggestions_unique ON role_suggestions(user_id, role, COALESCE(unit_id, 0));
-- The list of pending suggestions, oldest first, a page at a time.
CREATE INDEX role_suggestions_state ON role_suggestions(state, id);
