/*
 * api_plans.h - /api/v1/plans: action plans, their areas, the roll-up,
 * carrying a year's unfinished activities over, and the follow-up report.
 */
#ifndef TILLIT_API_API_PLANS_H
#define TILLIT_API_API_PLANS_H

#include "http/req.h"

int api_plans_list(struct req *r);
int api_plans_export(struct req *r);
int api_plans_create(struct req *r);
int api_plans_get(struct req *r);
int api_plans_update(struct req *r);
int api_plan_areas_create(struct req *r);
int api_plan_areas_update(struct req *r);
int api_plans_report(struct req *r);
int api_plans_carry(struct req *r);

#endif
