-- Requirements that follow the asset's attributes, references that are many
-- and correct, the two questions samhällsviktig / NIS2, and the
-- organisation's choice of which aspects need a motivation when signing.
--
-- requirements.nis2 becomes a list of NIS2 Art. 21(2) points ("g,i"; the
-- old column allowed one letter): copied into a new column, the old one
-- dropped and the new one renamed, which both engines do in place.
-- gdpr: the GDPR articles the requirement serves ("15,16,17").
-- obligation: 'must' (ska) or 'should' (bör).
-- party: who meets it: the organisation itself, a supplier (it goes into
-- the procurement appendix) or both.
-- conditions: the asset attributes the requirement needs, all of them
-- (personal_data, nis2, vital, business_critical, outsourced, cloud,
-- third_country); kinds: the asset kinds it is limited to (empty: every
-- kind). Applicability is computed in C (domain/requirement.c), so what
-- was assessed stays stored whatever the rule says today.
ALTER TABLE requirements ADD COLUMN nis2_points TEXT NOT NULL DEFAULT '';
UPDATE requirements SET nis2_points = nis2;
ALTER TABLE requirements DROP COLUMN nis2;
ALTER TABLE requirements RENAME COLUMN nis2_points TO nis2;
ALTER TABLE requirements ADD COLUMN gdpr TEXT NOT NULL DEFAULT '';
ALTER TABLE requirements ADD COLUMN obligation TEXT NOT NULL DEFAULT 'must' CHECK (obligation IN ('must', 'should'));
ALTER TABLE requirements ADD COLUMN party TEXT NOT NULL DEFAULT 'organisation'
  CHECK (party IN ('organisation', 'supplier', 'both'));
ALTER TABLE requirements ADD COLUMN conditions TEXT NOT NULL DEFAULT '';
ALTER TABLE requirements ADD COLUMN kinds TEXT NOT NULL DEFAULT '';

-- Which revision of Tillit's default library the installation's library has
-- been brought up to. 0: the library as it was before this migration; the
-- application brings an untouched default library up to date the next
-- time it reads it (domain/requirement.c, requirement_ensure_default()),
-- each change audited as the system, so the audit trail keeps saying what
-- the table holds.
CREATE TABLE requirement_library (
  id BIGINT PRIMARY KEY CHECK (id = 1),
  revision BIGINT NOT NULL
);
INSERT INTO requirement_library (id, revision) VALUES (1, 0);

-- Samhällsviktig verksamhet (civil preparedness, RSA) is its own flag; nis2
-- now means only "supports services in the scope of the cybersecurity act".
-- The one flag that meant both is kept in both, so nothing is lost.
ALTER TABLE assets ADD COLUMN vital BIGINT NOT NULL DEFAULT 0;
UPDATE assets SET vital = nis2;

-- 1: every aspect needs a motivation when a classification is signed
-- (KLASSA practice); 0: only aspects raised above the lowest level.
ALTER TABLE class_models ADD COLUMN motivate_all BIGINT NOT NULL DEFAULT 0;
