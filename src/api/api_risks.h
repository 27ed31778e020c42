/*
 * api_risks.h - /api/v1/risk-analyses, /api/v1/risks, /api/v1/risk-threats
 * and /api/v1/organisations/{id}/risk-scale (api_risks.c), following the
 * conventions of api_common.h.
 */
#ifndef TILLIT_API_API_RISKS_H
#define TILLIT_API_API_RISKS_H

#include "http/req.h"

/** GET /api/v1/risk-analyses: the list envelope; unit_id, kind, status, limit, offset. */
int api_risk_analyses_list(struct req *r);
/** POST /api/v1/risk-analyses: 201 with the analysis, its assets and (an RSA) its parts. */
int api_risk_analyses_create(struct req *r);
/** GET /api/v1/risk-analyses/{id}: the analysis with its assets and (an RSA) its seven parts. */
int api_risk_analyses_get(struct req *r);
/** PATCH /api/v1/risk-analyses/{id}: members sent change; needs the version; 409 with "current" when stale. */
int api_risk_analyses_update(struct req *r);
/** POST /api/v1/risk-analyses/{id}/pull-requirements: the scope's unfulfilled requirements as risks. */
int api_risk_analyses_pull(struct req *r);
/** POST /api/v1/risk-analyses/{id}/risks: 201 with the new risk. */
int api_risks_create(struct req *r);

/** GET /api/v1/risks: the register; filters as risk_filter_parse(), plus limit and offset. */
int api_risks_list(struct req *r);
/** GET /api/v1/risks/matrix: counts per cell for an analysis or a unit subtree (residual=true: after measures). */
int api_risks_matrix(struct req *r);
/** GET /api/v1/risks/export?format=json|csv|xlsx|docx|md: the register as a file. */
int api_risks_export(struct req *r);
/** GET /api/v1/risks/{id}: the risk with its bands, concerns and measures. */
int api_risks_get(struct req *r);
/** PATCH /api/v1/risks/{id}: members sent change (null residual levels clear them); needs the version. */
int api_risks_update(struct req *r);
/** POST /api/v1/risks/{id}/concerns: {"asset_id"}: the risk also concerns that asset. */
int api_risks_concern_add(struct req *r);
/** POST /api/v1/risks/{id}/measures: {"title","responsible_id","due_date"}. */
int api_risks_measure_add(struct req *r);
/** POST /api/v1/risks/{id}/actions: the risk's unfulfilled requirements become tracked actions. */
int api_risks_actions(struct req *r);

/** GET /api/v1/risk-threats: the catalogue (all=true: inactive too; category). */
int api_risk_threats_list(struct req *r);
/** POST /api/v1/risk-threats: 201 with the threat. */
int api_risk_threats_create(struct req *r);
/** PATCH /api/v1/risk-threats/{id}: members sent change; needs the version. */
int api_risk_threats_update(struct req *r);

/** GET /api/v1/organisations/{id}/risk-scale: the scales, names, thresholds and colours. */
int api_risk_scale_get(struct req *r);
/** PATCH /api/v1/organisations/{id}/risk-scale: members sent change; a change of levels in use needs a map. */
int api_risk_scale_update(struct req *r);

#endif
