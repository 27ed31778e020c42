-- The annual wheel (årshjul): recurring activities of a unit that create
-- their occurrences for a year, each occurrence with its own status, and the
-- per-user secret of the calendar feeds (only its hash is kept).
--
-- A rule: freq yearly (in month), quarterly (month = the month of each
-- quarter, 1..3) or monthly; on day-of-month @day, or on the @nth (1..5, -1
-- the last) @weekday (1 Monday .. 7 Sunday) of that month.

CREATE TABLE wheel_items (
  id @ID@,
  unit_id BIGINT NOT NULL REFERENCES units(id),
  title TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  freq TEXT NOT NULL CHECK (freq IN ('yearly','quarterly','monthly')),
  month BIGINT NOT NULL DEFAULT 1 CHECK (month BETWEEN 1 AND 12),
  day BIGINT NOT NULL DEFAULT 0 CHECK (day BETWEEN 0 AND 31),
  nth BIGINT NOT NULL DEFAULT 0 CHECK (nth BETWEEN -1 AND 5),
  weekday BIGINT NOT NULL DEFAULT 0 CHECK (weekday BETWEEN 0 AND 7),
  time_of_day TEXT NOT NULL DEFAULT '',            -- "HH:MM" Swedish time; '' all day
  responsible_id BIGINT REFERENCES users(id),
  active BIGINT NOT NULL DEFAULT 1,
  from_activity_id BIGINT REFERENCES activities(id),
  version BIGINT NOT NULL DEFAULT 1,
  created_by BIGINT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX wheel_items_unit ON wheel_items(unit_id);
CREATE INDEX wheel_items_responsible ON wheel_items(responsible_id);
CREATE UNIQUE INDEX wheel_items_from_activity ON wheel_items(from_activity_id);

CREATE TABLE wheel_occurrences (
  id @ID@,
  item_id BIGINT NOT NULL REFERENCES wheel_items(id),
  on_date TEXT NOT NULL,                           -- YYYY-MM-DD
  status TEXT NOT NULL DEFAULT 'not_started' CHECK (status IN ('not_started','started','partly_started','ongoing','done')),
  comment TEXT NOT NULL DEFAULT '',
  version BIGINT NOT NULL DEFAULT 1,
  updated_by BIGINT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE UNIQUE INDEX wheel_occurrences_item_date ON wheel_occurrences(item_id, on_date);
CREATE INDEX wheel_occurrences_date ON wheel_occurrences(on_date);

CREATE TABLE calendar_keys (
  id @ID@,
  user_id BIGINT NOT NULL UNIQUE REFERENCES users(id),
  key_hash TEXT NOT NULL UNIQUE,
  prefix TEXT NOT NULL,
  created_at TEXT NOT NULL
);
