-- Governing documents (styrdokument): policies, guidelines, directives,
-- routines and instructions, with their decisions, review cycle and
-- files; the history of their versions; the requirements of the
-- requirements library they meet; and read-and-acknowledge rounds.
--
-- next_review is computed by the application (decision date plus the
-- review interval, unless a date is given) and stored, so that the lists
-- of documents due for review read an index.

CREATE TABLE governing_documents (
  id @ID@,
  unit_id BIGINT NOT NULL REFERENCES units(id),      -- applies to this unit and its subtree
  kind TEXT NOT NULL CHECK (kind IN ('policy','guideline','directive','routine','instruction')),
  title TEXT NOT NULL,
  title_folded TEXT NOT NULL,                        -- the title folded in C (str_fold()), for the list's order
  owner_id BIGINT REFERENCES users(id),              -- dokumentägare
  decided_by TEXT NOT NULL DEFAULT '',               -- the board or officer that decided it
  decision_date TEXT,                                -- YYYY-MM-DD
  case_ref TEXT NOT NULL DEFAULT '',                 -- diarienummer
  doc_version TEXT NOT NULL DEFAULT '1.0',
  review_months BIGINT NOT NULL CHECK (review_months BETWEEN 1 AND 120),
  next_review TEXT,                                  -- YYYY-MM-DD
  status TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft','in_force','under_review','repealed')),
  link TEXT NOT NULL DEFAULT '',
  file_id BIGINT,                                    -- the current file, governing_document_files(id)
  replaces_id BIGINT REFERENCES governing_documents(id),
  version BIGINT NOT NULL DEFAULT 1,
  created_by BIGINT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX governing_documents_unit ON governing_documents(unit_id);
CREATE INDEX governing_documents_title ON governing_documents(title_folded, id);
CREATE INDEX governing_documents_review ON governing_documents(next_review, id);
CREATE INDEX governing_documents_owner ON governing_documents(owner_id, next_review);
CREATE INDEX governing_documents_replaces ON governing_documents(replaces_id);

-- Attached files: the bytes in base64, their SHA-256 (hex) checked on every download.
CREATE TABLE governing_document_files (
  id @ID@,
  document_id BIGINT NOT NULL REFERENCES governing_documents(id),
  file_name TEXT NOT NULL,
  content_type TEXT NOT NULL,
  size BIGINT NOT NULL,
  sha256 TEXT NOT NULL,
  data TEXT NOT NULL,
  created_by BIGINT,
  created_at TEXT NOT NULL
);
CREATE INDEX governing_document_files_document ON governing_document_files(document_id);

-- One row per version decided: written when a document is created and whenever its version changes.
CREATE TABLE governing_document_versions (
  id @ID@,
  document_id BIGINT NOT NULL REFERENCES governing_documents(id),
  doc_version TEXT NOT NULL,
  status TEXT NOT NULL,
  decided_by TEXT NOT NULL DEFAULT '',
  decision_date TEXT,
  case_ref TEXT NOT NULL DEFAULT '',
  file_id BIGINT,
  created_by BIGINT,
  created_at TEXT NOT NULL
);
CREATE INDEX governing_document_versions_document ON governing_document_versions(document_id, id);

CREATE TABLE governing_document_requirements (
  id @ID@,
  document_id BIGINT NOT NULL REFERENCES governing_documents(id),
  requirement_id BIGINT NOT NULL REFERENCES requirements(id),
  created_by BIGINT,
  created_at TEXT NOT NULL
);
CREATE UNIQUE INDEX governing_document_requirements_pair ON governing_document_requirements(document_id, requirement_id);
CREATE INDEX governing_document_requirements_req ON governing_document_requirements(requirement_id);
