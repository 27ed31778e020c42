/*
 * api_continuity.h - /api/v1/continuity-plans and /api/v1/exercises
 * (api_continuity.c), following the conventions of api_common.h.
 */
#ifndef TILLIT_API_API_CONTINUITY_H
#define TILLIT_API_API_CONTINUITY_H

#include "http/req.h"

/** GET /api/v1/continuity-plans: the list envelope, each plan with its flags and dependencies. */
int api_continuity_list(struct req *r);
/** GET /api/v1/continuity-plans/missing: business-critical assets without a plan. */
int api_continuity_missing(struct req *r);
/** GET /api/v1/continuity-plans/export?format=json|csv|xlsx|docx|md. */
int api_continuity_export(struct req *r);
/** POST /api/v1/continuity-plans: 201 with the plan. */
int api_continuity_create(struct req *r);
/** GET /api/v1/continuity-plans/{id}: the plan with its flags and dependencies. */
int api_continuity_get(struct req *r);
/** PATCH /api/v1/continuity-plans/{id}: members sent change; needs the version. */
int api_continuity_update(struct req *r);

/** GET /api/v1/exercises: the list envelope; unit_id, plan_id, status. */
int api_exercises_list(struct req *r);
/** POST /api/v1/exercises: 201 with the exercise. */
int api_exercises_create(struct req *r);
/** GET /api/v1/exercises/{id}: the exercise with its units and plans. */
int api_exercises_get(struct req *r);
int api_exercise_activities(struct req *r);
int api_exercise_activities_create(struct req *r);
/** PATCH /api/v1/exercises/{id}: members sent change; needs the version. */
int api_exercises_update(struct req *r);

#endif
