/*
 * api_intcontrol.h - /api/v1/internal-control (api_intcontrol.c): plans,
 * processes, control points, results and deviations, following the
 * conventions of api_common.h.
 */
#ifndef TILLIT_API_API_INTCONTROL_H
#define TILLIT_API_API_INTCONTROL_H

#include "http/req.h"

/** GET /api/v1/internal-control/plans: the list envelope; unit_id, year, sort (year, unit). */
int api_ic_plans_list(struct req *r);
/** GET /api/v1/internal-control/plans/export?format=json|csv|xlsx and the list's filters. */
int api_ic_plans_export(struct req *r);
/** POST /api/v1/internal-control/plans: 201 with the plan, its processes and control points. */
int api_ic_plans_create(struct req *r);
/** GET /api/v1/internal-control/plans/{id}: the plan with its processes and control points. */
int api_ic_plan_get(struct req *r);
/** PATCH /api/v1/internal-control/plans/{id}: title, adopted_on; needs the version. */
int api_ic_plan_update(struct req *r);
/** GET /api/v1/internal-control/plans/{id}/document?document=plan|report&format=html|md|docx|xlsx. */
int api_ic_plan_document(struct req *r);

/** GET /api/v1/internal-control/plans/{id}/processes. */
int api_ic_processes_list(struct req *r);
/** POST /api/v1/internal-control/plans/{id}/processes: 201 with the process. */
int api_ic_processes_create(struct req *r);
/** GET /api/v1/internal-control/processes/{id}. */
int api_ic_process_get(struct req *r);
/** PATCH /api/v1/internal-control/processes/{id}. */
int api_ic_process_update(struct req *r);

/** GET /api/v1/internal-control/plans/{id}/points. */
int api_ic_points_list(struct req *r);
/** POST /api/v1/internal-control/plans/{id}/points: 201 with the control point. */
int api_ic_points_create(struct req *r);
/** GET /api/v1/internal-control/points/{id}. */
int api_ic_point_get(struct req *r);
/** PATCH /api/v1/internal-control/points/{id}. */
int api_ic_point_update(struct req *r);

/** GET /api/v1/internal-control/points/{id}/results. */
int api_ic_results_list(struct req *r);
/** POST /api/v1/internal-control/points/{id}/results: 201 with the result and its samples. */
int api_ic_results_create(struct req *r);
/** GET /api/v1/internal-control/results/{id}: the result with its samples. */
int api_ic_result_get(struct req *r);
/** PATCH /api/v1/internal-control/results/{id}. */
int api_ic_result_update(struct req *r);

/** GET /api/v1/internal-control/deviations: the list envelope; unit_id, year, status, plan_id, sort. */
int api_ic_deviations_list(struct req *r);
/** GET /api/v1/internal-control/deviations/export?format=json|csv|xlsx. */
int api_ic_deviations_export(struct req *r);
/** POST /api/v1/internal-control/results/{id}/deviations: 201 with the deviation. */
int api_ic_deviations_create(struct req *r);
/** GET /api/v1/internal-control/deviations/{id}. */
int api_ic_deviation_get(struct req *r);
/** PATCH /api/v1/internal-control/deviations/{id}. */
int api_ic_deviation_update(struct req *r);
/** POST /api/v1/internal-control/deviations/{id}/activity: the remedy as an activity; 201 with the deviation. */
int api_ic_deviation_activity(struct req *r);

#endif
