-- The recommendations listed in the order they are shown (src/db/q_inspection.c,
-- Q_REC_LIST_ASC and Q_REC_LIST_DESC): by report date, audit and number,
-- the newest first with each audit's numbers still ascending. A page is
-- read along one of these until it is full, instead of every recommendation
-- of the installation being filtered and sorted for it.
CREATE INDEX recommendations_report ON recommendations(report_date, inspection_id, number);
CREATE INDEX recommendations_report_desc ON recommendations(report_date, inspection_id, number DESC);
