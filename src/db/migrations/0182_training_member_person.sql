-- The members of the target groups person by person (src/db/q_training.c,
-- Q_PEOPLE): each person's groups in order, so that their roles' units,
-- read after from role_assignments_unique, come in the order the
-- coverage and the people missing a course are computed in, with no
-- sorting of every member of the installation. Unique as the pair
-- (group, person) is: SQLite then knows the order needs no sort.
CREATE UNIQUE INDEX training_group_members_person ON training_group_members(user_id, group_id);
