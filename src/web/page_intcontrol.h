/*
 * page_intcontrol.h - the internal control pages (page_intcontrol.c): plans
 * per unit and year with their materiality and risk analysis, control
 * points, results, deviations, and the plan and yearly report as files.
 */
#ifndef TILLIT_WEB_PAGE_INTCONTROL_H
#define TILLIT_WEB_PAGE_INTCONTROL_H

#include <stdint.h>

#include "http/req.h"

struct db;
struct html;

int page_intcontrol(struct req *r);
int page_intcontrol_export(struct req *r);
int page_intcontrol_new(struct req *r);
int page_intcontrol_create(struct req *r);
int page_intcontrol_edit(struct req *r);
int page_intcontrol_update(struct req *r);
int page_intcontrol_plan(struct req *r);
int page_intcontrol_document(struct req *r);
int page_intcontrol_process_new(struct req *r);
int page_intcontrol_process_create(struct req *r);
int page_intcontrol_process_edit(struct req *r);
int page_intcontrol_process_update(struct req *r);
int page_intcontrol_point_new(struct req *r);
int page_intcontrol_point_create(struct req *r);
int page_intcontrol_point_edit(struct req *r);
int page_intcontrol_point_update(struct req *r);
int page_intcontrol_point(struct req *r);
int page_intcontrol_result_new(struct req *r);
int page_intcontrol_result_create(struct req *r);
int page_intcontrol_result_edit(struct req *r);
int page_intcontrol_result_update(struct req *r);
int page_intcontrol_result(struct req *r);
int page_intcontrol_deviations(struct req *r);
int page_intcontrol_deviations_export(struct req *r);
int page_intcontrol_deviation_new(struct req *r);
int page_intcontrol_deviation_create(struct req *r);
int page_intcontrol_deviation_edit(struct req *r);
int page_intcontrol_deviation_update(struct req *r);
int page_intcontrol_deviation(struct req *r);
int page_intcontrol_deviation_activity(struct req *r);

/**
 * The unit page's section: this year's internal control plan of unit
 * @unit_id, its control points due for reporting and its open deviations.
 */
int page_intcontrol_unit_section(struct html *h, struct req *r, struct db *db, int64_t unit_id);

#endif
