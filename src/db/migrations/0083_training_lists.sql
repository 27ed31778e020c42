-- The lists of training answer each of their orders from an index, and a
-- read-and-acknowledge round may ask the people of a chosen unit.
--
-- Completions: newest first (completed_on), by person (the users' names,
-- then training_completions_user), by course (courses_title, then
-- training_completions_course) and by unit (units_name, then
-- training_completions_unit). Counts: by year
-- (training_counts_period), by unit (training_counts_key) and by course.
-- Courses: by title (courses_title), provider, length and validity.
CREATE INDEX training_completions_date ON training_completions(completed_on, id);
CREATE INDEX training_completions_course ON training_completions(course_id, completed_on, id);
CREATE INDEX training_counts_course ON training_counts(course_id, period);
CREATE INDEX users_by_display_name ON users(display_name, id);
CREATE INDEX courses_provider ON courses(provider, title, id);
CREATE INDEX courses_length ON courses(length_minutes, title, id);
CREATE INDEX courses_validity ON courses(validity_months, title, id);

-- The unit whose people (with a role there or below it) a round asks; NULL:
-- the document's own unit.
ALTER TABLE governing_document_rounds ADD COLUMN unit_id BIGINT REFERENCES units(id);
CREATE INDEX governing_document_rounds_unit ON governing_document_rounds(unit_id);
