-- Training and awareness (utbildning): target groups (editable), the
-- people of Tillit in them, courses and the target groups a course is
-- mandatory for, completions per person, and completions counted per unit
-- and year where names are not kept (number completed of number employed).

CREATE TABLE training_groups (
  id @ID@,
  name TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  version BIGINT NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE UNIQUE INDEX training_groups_name ON training_groups(name);
INSERT INTO training_groups (name, description, created_at, updated_at) VALUES
  ('Nyanställda', '', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z'),
  ('Chefer och ledningsgrupper', '', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z'),
  ('Nämnder och styrelser', '', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z'),
  ('Dataskyddsorganisationen', '', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z'),
  ('Systemägare', '', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z');

CREATE TABLE training_group_members (
  id @ID@,
  group_id BIGINT NOT NULL REFERENCES training_groups(id),
  user_id BIGINT NOT NULL REFERENCES users(id),
  created_at TEXT NOT NULL
);
CREATE UNIQUE INDEX training_group_members_pair ON training_group_members(group_id, user_id);
CREATE INDEX training_group_members_user ON training_group_members(user_id);

CREATE TABLE courses (
  id @ID@,
  title TEXT NOT NULL,
  provider TEXT NOT NULL DEFAULT '',
  length_minutes BIGINT NOT NULL DEFAULT 0,
  validity_months BIGINT NOT NULL DEFAULT 0,   -- 0: a completion never expires
  link TEXT NOT NULL DEFAULT '',
  version BIGINT NOT NULL DEFAULT 1,
  created_by BIGINT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE UNIQUE INDEX courses_title ON courses(title);

-- The target groups a course is mandatory for.
CREATE TABLE course_groups (
  id @ID@,
  course_id BIGINT NOT NULL REFERENCES courses(id),
  group_id BIGINT NOT NULL REFERENCES training_groups(id)
);
CREATE UNIQUE INDEX course_groups_pair ON course_groups(course_id, group_id);
CREATE INDEX course_groups_group ON course_groups(group_id);

CREATE TABLE training_completions (
  id @ID@,
  course_id BIGINT NOT NULL REFERENCES courses(id),
  user_id BIGINT NOT NULL REFERENCES users(id),
  unit_id BIGINT NOT NULL REFERENCES units(id),   -- the unit the person belonged to
  completed_on TEXT NOT NULL,                      -- YYYY-MM-DD
  source TEXT NOT NULL CHECK (source IN ('manual','import','api')),
  created_by BIGINT,
  created_at TEXT NOT NULL
);
CREATE UNIQUE INDEX training_completions_once ON training_completions(course_id, user_id, completed_on);
CREATE INDEX training_completions_user ON training_completions(user_id, course_id, completed_on);
CREATE INDEX training_completions_unit ON training_completions(unit_id, completed_on);

CREATE TABLE training_counts (
  id @ID@,
  unit_id BIGINT NOT NULL REFERENCES units(id),
  course_id BIGINT NOT NULL REFERENCES courses(id),
  period TEXT NOT NULL,                            -- YYYY
  completed BIGINT NOT NULL CHECK (completed >= 0),
  employed BIGINT NOT NULL CHECK (employed >= 0),
  version BIGINT NOT NULL DEFAULT 1,
  created_by BIGINT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE UNIQUE INDEX training_counts_key ON training_counts(unit_id, course_id, period);
CREATE INDEX training_counts_period ON training_counts(period, unit_id);
