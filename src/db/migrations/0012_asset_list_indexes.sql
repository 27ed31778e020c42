-- The asset list answers every sort it offers from an index, in the order it
-- shows (src/db/q_asset.c): by name, kind, unit, last change and review date,
-- each ascending and descending (read backwards), ties broken by name and id.
-- assets_unit_name also serves the duplicate-name check within a unit and
-- every look-up by unit, so it replaces assets_unit; assets_kind_name
-- replaces assets_kind. assets_filters holds every column the list filters
-- on, so that counting what a filter matches reads this index and no row.
CREATE INDEX assets_unit_name ON assets(unit_id, name_folded, id);
CREATE INDEX assets_name ON assets(name_folded, id);
CREATE INDEX assets_kind_name ON assets(kind, name_folded, id);
CREATE INDEX assets_updated ON assets(updated_at, id);
CREATE INDEX assets_review_first ON assets(COALESCE(review_due, '9999'), name_folded, id);
CREATE INDEX assets_review_last ON assets(COALESCE(review_due, '0000'), name_folded, id);
CREATE INDEX assets_filters ON assets(unit_id, kind, business_critical, nis2, personal_data, needs_review, review_due,
  classification_id);
CREATE INDEX units_name ON units(name, id);
DROP INDEX assets_unit;
DROP INDEX assets_kind;
