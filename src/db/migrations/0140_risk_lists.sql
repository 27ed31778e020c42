-- The risk register, the risk matrix, the continuity plans and the
-- business-critical assets without a plan answer from indexes, in the
-- order they show (src/db/q_risk.c, src/db/q_continuity.c).
--
-- Folded copies, kept by the application whenever a row is written (folded
-- in C by str_fold(), the same on both engines) and filled here for the rows
-- already stored by the migration runner (db_common.c, migration_fills):
--   risks.threat_folded            the threat, for sorting by threat;
--   risks.search_folded            threat, vulnerability and consequence,
--                                  one per line, for the register's search;
--   continuity_plans.title_folded  the title, the order of the plans.
-- risks.analysis_date is the date of the risk's analysis, kept with it
-- (src/domain/risk.c), for sorting by analysis; risks.org_id its
-- organisation (the analysis's), kept when the analysis or its unit moves
-- (risk_note_unit_moved()), for the organisation's matrix.
ALTER TABLE risks ADD COLUMN threat_folded TEXT NOT NULL DEFAULT '';
ALTER TABLE risks ADD COLUMN search_folded TEXT NOT NULL DEFAULT '';
ALTER TABLE risks ADD COLUMN analysis_date TEXT NOT NULL DEFAULT '';
ALTER TABLE risks ADD COLUMN org_id BIGINT NOT NULL DEFAULT 0;
UPDATE risks SET analysis_date = (SELECT an.analysis_date FROM risk_analyses an WHERE an.id = risks.analysis_id),
  org_id = (SELECT an.org_id FROM risk_analyses an WHERE an.id = risks.analysis_id);
ALTER TABLE continuity_plans ADD COLUMN title_folded TEXT NOT NULL DEFAULT '';

-- An organisation's matrix counts its risks from this index alone, in the
-- order of the cells (no sort), each checked against the units in view.
CREATE INDEX risks_org_cells ON risks(org_id, likelihood, consequence, residual_likelihood, residual_consequence,
  unit_id, treatment, owner_id);
-- The register's count and the matrix of a part of it read the risks of the units in view
-- from this index alone (both sides of the matrix, before and after the
-- measures, and the filters by treatment and owner); every look-up by unit
-- uses it.
CREATE INDEX risks_unit_cells ON risks(unit_id, likelihood, consequence, residual_likelihood, residual_consequence,
  treatment, owner_id);
DROP INDEX risks_unit;
-- One index per order of the register, read backwards for the other direction.
DROP INDEX risks_value;
DROP INDEX risks_residual;
CREATE INDEX risks_value ON risks(value, residual_value, id);
CREATE INDEX risks_residual ON risks(residual_value, value, id);
CREATE INDEX risks_threat ON risks(threat_folded, id);
CREATE INDEX risks_updated ON risks(updated_at, id);
CREATE INDEX risks_analysis_date ON risks(analysis_date, analysis_id, value, residual_value, id);

CREATE INDEX continuity_plans_title ON continuity_plans(title_folded, id);

-- Business-critical assets in use, by name and by unit: the list of those
-- without a continuity plan reads these alone, never the register (the
-- columns of the condition are held too, so that SQLite needs no row).
CREATE INDEX assets_critical_name ON assets(name_folded, id, unit_id, business_critical, lifecycle)
  WHERE business_critical = 1 AND lifecycle <> 'retired';
CREATE INDEX assets_critical_unit ON assets(unit_id, name_folded, id, business_critical, lifecycle)
  WHERE business_critical = 1 AND lifecycle <> 'retired';
