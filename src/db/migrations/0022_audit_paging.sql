-- The audit trail is read a page at a time, newest first, from indexes that
-- end in the entry's id: each filter (kind of record, record, who, action,
-- unit) gives its entries in id order, so a page is the next entries of one
-- index after the last one shown, however long the trail. A date range is
-- turned into a range of ids through the time index, which holds because
-- an entry's time is never before the previous entry's (audit_head.last_at,
-- kept by the append). Trails written before that rule may hold entries out
-- of time order: in_order_from is the first entry from which times never go
-- back, and a date range is only turned into ids when the whole trail is in
-- order (in_order_from = 1).
DROP INDEX audit_log_entity;
DROP INDEX audit_log_actor;
DROP INDEX audit_log_at;
DROP INDEX audit_log_unit;
-- Each ends in the entry's unit, so that whether a viewer may see an entry,
-- and how many a list holds, are read from the index alone.
CREATE INDEX audit_log_entity_id ON audit_log(entity, id, unit_id);
CREATE INDEX audit_log_record_id ON audit_log(entity_id, id, unit_id);
CREATE INDEX audit_log_actor_id ON audit_log(actor_id, id, unit_id);
CREATE INDEX audit_log_action_id ON audit_log(action, id, unit_id);
CREATE INDEX audit_log_id_unit ON audit_log(id, unit_id);
CREATE INDEX audit_log_at_id ON audit_log(at, id);

ALTER TABLE audit_head ADD COLUMN last_at TEXT;
ALTER TABLE audit_head ADD COLUMN in_order_from BIGINT NOT NULL DEFAULT 1;
UPDATE audit_head SET
  last_at = (SELECT at FROM audit_log WHERE id = audit_head.last_id),
  in_order_from = COALESCE((SELECT max(n.id) FROM audit_log p JOIN audit_log n ON n.id = p.id + 1 WHERE n.at < p.at), 0) + 1;
