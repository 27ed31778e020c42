/*
 * api_gdpr.h - the register of processing activities as JSON (api_gdpr.c):
 * /api/v1/processing-activities with their transfers and impact
 * assessments, /api/v1/transfers, /api/v1/dpias, the organisations'
 * vocabularies, /api/v1/processors with their agreements, the assets that
 * hold personal data, and the whole register as an export. The
 * conventions are those of api_common.h.
 */
#ifndef TILLIT_API_API_GDPR_H
#define TILLIT_API_API_GDPR_H

#include "http/req.h"

/** GET /api/v1/processing-activities: the list envelope; filters as gdpr_filter_parse(). */
int api_gdpr_list(struct req *r);
/** POST /api/v1/processing-activities: 201 with the activity (a draft). */
int api_gdpr_create(struct req *r);
/** GET /api/v1/processing-activities/{id}: the activity with everything it refers to. */
int api_gdpr_get(struct req *r);
/** PATCH /api/v1/processing-activities/{id}: members sent change (a list sent replaces the list). */
int api_gdpr_update(struct req *r);
/** POST .../{id}/submit, /validate, /send-back {comment}, /request-review {comment}: 200 with the activity. */
int api_gdpr_submit(struct req *r);
int api_gdpr_validate(struct req *r);
int api_gdpr_send_back(struct req *r);
int api_gdpr_request_review(struct req *r);
/** GET and POST /api/v1/processing-activities/{id}/transfers. */
int api_gdpr_transfers(struct req *r);
/** POST a transfer of the route's processing activity, or of its processor (api_processor_transfer_create()). */
int api_gdpr_transfer_create(struct req *r);
/** PATCH and DELETE /api/v1/transfers/{id}; GET and POST /api/v1/transfers/{id}/tias. */
int api_transfer_update(struct req *r);
int api_transfer_delete(struct req *r);
int api_transfer_tias(struct req *r);
int api_transfer_tia_create(struct req *r);
/** GET and POST /api/v1/processing-activities/{id}/dpias (every version, newest first; a new version). */
int api_gdpr_dpias(struct req *r);
int api_gdpr_dpia_create(struct req *r);
/** POST /api/v1/dpias/{id}/opinion {dpo_opinion}; POST /api/v1/dpias/{id}/actions. */
int api_dpia_opinion(struct req *r);
int api_dpia_actions(struct req *r);
/** GET and POST /api/v1/organisations/{id}/gdpr-categories; PATCH /api/v1/gdpr-categories/{id}. */
int api_gdpr_categories(struct req *r);
int api_gdpr_category_create(struct req *r);
int api_gdpr_category_update(struct req *r);
/** GET /api/v1/processing-register?format=json|csv|xlsx|docx|html|md and the list's filters. */
int api_gdpr_register(struct req *r);
/** GET /api/v1/personal-data-assets?unit_id=&unused=true: assets holding personal data and their uses. */
int api_gdpr_personal_assets(struct req *r);

/** /api/v1/processors (api_processors.c). */
int api_processors_list(struct req *r);
int api_processors_create(struct req *r);
int api_processors_get(struct req *r);
int api_processors_update(struct req *r);
int api_processors_delete(struct req *r);
int api_processor_agreements(struct req *r);
int api_processor_agreement_create(struct req *r);
int api_agreement_file(struct req *r);
int api_processor_transfer_create(struct req *r);

#endif
