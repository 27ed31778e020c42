-- Read-and-acknowledge rounds of governing documents: a round asks the
-- people holding a role in the document's unit or below it (only the
-- members of one target group, when it names one) to confirm that they
-- have read one version. A new version of the document starts a new round.

CREATE TABLE governing_document_rounds (
  id @ID@,
  document_id BIGINT NOT NULL REFERENCES governing_documents(id),
  doc_version TEXT NOT NULL,
  group_id BIGINT REFERENCES training_groups(id),   -- NULL: everyone with a role there
  created_by BIGINT,
  created_at TEXT NOT NULL
);
CREATE INDEX governing_document_rounds_document ON governing_document_rounds(document_id, id);

CREATE TABLE governing_document_acks (
  id @ID@,
  round_id BIGINT NOT NULL REFERENCES governing_document_rounds(id),
  user_id BIGINT NOT NULL REFERENCES users(id),
  acknowledged_at TEXT NOT NULL
);
CREATE UNIQUE INDEX governing_document_acks_pair ON governing_document_acks(round_id, user_id);
CREATE INDEX governing_document_acks_user ON governing_document_acks(user_id);
