/*
 * page_inspections.h - audits (granskningar), recommendations, responses
 * (yttranden) and their measures in the browser.
 */
#ifndef TILLIT_WEB_PAGE_INSPECTIONS_H
#define TILLIT_WEB_PAGE_INSPECTIONS_H

#include <stdint.h>

struct req;

int page_inspections(struct req *r);
int page_inspections_export(struct req *r);
int page_inspection_new(struct req *r);
int page_inspection_create(struct req *r);
int page_inspection(struct req *r);
int page_inspection_edit(struct req *r);
int page_inspection_update(struct req *r);
int page_inspection_file_put(struct req *r);
int page_inspection_file_get(struct req *r);
int page_inspection_rec_add(struct req *r);
int page_inspection_finding_add(struct req *r);
int page_inspection_response_add(struct req *r);

int page_recommendations(struct req *r);
int page_recommendations_export(struct req *r);
int page_recommendation(struct req *r);
int page_recommendation_update(struct req *r);

int page_response(struct req *r);
int page_response_update(struct req *r);
int page_response_area_add(struct req *r);
int page_response_measure_add(struct req *r);
int page_response_approve(struct req *r);
int page_response_supplement(struct req *r);
int page_response_document(struct req *r);
int page_response_document_html(struct req *r);
int page_response_document_md(struct req *r);
int page_response_document_docx(struct req *r);
int page_area_update(struct req *r);

int page_measure(struct req *r);
int page_measure_update(struct req *r);
int page_measure_handover(struct req *r);
int page_measure_activity(struct req *r);

struct html;
struct db;
/** The overdue measures of unit @unit_id's subtree, for the unit page (nothing when there are none). */
int page_inspections_unit_section(struct html *h, struct req *r, struct db *db, int64_t unit_id);

#endif
