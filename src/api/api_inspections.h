/*
 * api_inspections.h - /api/v1/inspections (audits), /api/v1/recommendations,
 * /api/v1/responses (yttranden), /api/v1/action-areas and /api/v1/measures.
 */
#ifndef TILLIT_API_API_INSPECTIONS_H
#define TILLIT_API_API_INSPECTIONS_H

struct req;

int api_inspections_list(struct req *r);
int api_inspections_export(struct req *r);
int api_inspections_create(struct req *r);
int api_inspections_get(struct req *r);
int api_inspections_update(struct req *r);
int api_inspection_file_put(struct req *r);
int api_inspection_file_get(struct req *r);
int api_inspection_recommendation_add(struct req *r);
int api_inspection_finding_add(struct req *r);
int api_inspection_response_add(struct req *r);

int api_recommendations_list(struct req *r);
int api_recommendations_export(struct req *r);
int api_recommendations_get(struct req *r);
int api_recommendations_update(struct req *r);

int api_responses_get(struct req *r);
int api_responses_update(struct req *r);
int api_responses_approve(struct req *r);
int api_responses_supplement(struct req *r);
int api_responses_document(struct req *r);
int api_response_area_add(struct req *r);
int api_response_measure_add(struct req *r);

int api_areas_update(struct req *r);

int api_measures_list(struct req *r);
int api_measures_get(struct req *r);
int api_measures_update(struct req *r);
int api_measures_handover(struct req *r);
int api_measures_activity(struct req *r);

#endif
