-- Follow-up and maturity (självskattning) and the management review
-- (ledningens genomgång).
--
-- Each organisation (a root unit) has its own question bank: questions along
-- the method's four steps (1 identify and analyse, 2 design, 3 use, 4 follow
-- up and improve) at four cumulative levels. The default bank is copied in
-- when an organisation first uses it. A unit's self-assessment of a year
-- copies the bank's active questions into its answers, so an earlier year
-- stays readable and comparable however the bank changes later; its level
-- is kept beside it, recomputed in the transaction that changes an answer.
CREATE TABLE maturity_questions (
  id @ID@,
  org_id BIGINT NOT NULL REFERENCES units(id),
  step BIGINT NOT NULL CHECK (step BETWEEN 1 AND 4),
  level BIGINT NOT NULL CHECK (level BETWEEN 1 AND 4),
  position BIGINT NOT NULL,
  text TEXT NOT NULL,
  active BIGINT NOT NULL DEFAULT 1,
  version BIGINT NOT NULL DEFAULT 1,
  created_by BIGINT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX maturity_questions_org ON maturity_questions(org_id, level, step, position);

CREATE TABLE maturity_assessments (
  id @ID@,
  unit_id BIGINT NOT NULL REFERENCES units(id),
  year BIGINT NOT NULL,
  level BIGINT NOT NULL DEFAULT 0,
  version BIGINT NOT NULL DEFAULT 1,
  created_by BIGINT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE UNIQUE INDEX maturity_assessments_unit_year ON maturity_assessments(unit_id, year);
CREATE INDEX maturity_assessments_year ON maturity_assessments(year, unit_id);

CREATE TABLE maturity_answers (
  id @ID@,
  assessment_id BIGINT NOT NULL REFERENCES maturity_assessments(id),
  question_id BIGINT NOT NULL REFERENCES maturity_questions(id),
  step BIGINT NOT NULL,
  level BIGINT NOT NULL,
  position BIGINT NOT NULL,
  text TEXT NOT NULL,
  met BIGINT NOT NULL DEFAULT 0,
  comment TEXT NOT NULL DEFAULT '',
  activity_id BIGINT REFERENCES activities(id)
);
CREATE UNIQUE INDEX maturity_answers_pair ON maturity_answers(assessment_id, question_id);

-- A management review of a unit (an administration) for a year, in
-- versions: a draft is edited; approval (fastställd: by whom, on which
-- date, under which case reference) freezes it, and a new version starts
-- as a copy of the frozen one. Its free texts are Markdown, one row per
-- section; its prioritised actions are for the review's year and the two
-- after it, each becoming an activity of that year's action plan.
CREATE TABLE reviews (
  id @ID@,
  unit_id BIGINT NOT NULL REFERENCES units(id),
  year BIGINT NOT NULL,
  version_no BIGINT NOT NULL,
  based_on_id BIGINT REFERENCES reviews(id),
  status TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft','approved')),
  contact TEXT NOT NULL DEFAULT '',
  case_ref TEXT NOT NULL DEFAULT '',
  approved_by TEXT,
  approved_on TEXT,
  approved_at TEXT,
  version BIGINT NOT NULL DEFAULT 1,
  created_by BIGINT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE UNIQUE INDEX reviews_unit_year ON reviews(unit_id, year, version_no);
CREATE INDEX reviews_year ON reviews(year, id);

CREATE TABLE review_texts (
  review_id BIGINT NOT NULL REFERENCES reviews(id),
  section TEXT NOT NULL,
  body TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (review_id, section)
);

CREATE TABLE review_priorities (
  id @ID@,
  review_id BIGINT NOT NULL REFERENCES reviews(id),
  year BIGINT NOT NULL,
  position BIGINT NOT NULL,
  text TEXT NOT NULL,
  activity_id BIGINT REFERENCES activities(id)
);
CREATE INDEX review_priorities_review ON review_priorities(review_id, year, position);

-- What an approved review showed of records that go on changing: the
-- status of the actions of earlier reviews (kind 'action') and of the DPO's
-- recommendations (kind 'dpo') on the day it was approved.
CREATE TABLE review_frozen (
  review_id BIGINT NOT NULL REFERENCES reviews(id),
  kind TEXT NOT NULL CHECK (kind IN ('action','dpo')),
  position BIGINT NOT NULL,
  year BIGINT NOT NULL,
  text TEXT NOT NULL,
  status TEXT NOT NULL,
  comment TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (review_id, kind, position)
);

-- The data protection officer's recommendations to a unit, by the year of
-- the annual report that made them, with their follow-up.
CREATE TABLE dpo_recommendations (
  id @ID@,
  unit_id BIGINT NOT NULL REFERENCES units(id),
  report_year BIGINT NOT NULL,
  text TEXT NOT NULL,
  followup TEXT NOT NULL DEFAULT '',
  status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open','done')),
  activity_id BIGINT REFERENCES activities(id),
  version BIGINT NOT NULL DEFAULT 1,
  created_by BIGINT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX dpo_recommendations_unit ON dpo_recommendations(unit_id, report_year);
