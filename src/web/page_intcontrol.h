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

/** GET /internal-control: Internal control plans. */
int page_intcontrol(struct req *r);
/** GET /internal-control/export: Export the internal control plans (xlsx, csv, json). */
int page_intcontrol_export(struct req *r);
/** GET /internal-control/new: New internal control plan form. */
int page_intcontrol_new(struct req *r);
/** POST /internal-control: create an internal control plan (the unit named by unit_id). */
int page_intcontrol_create(struct req *r);
/** GET /internal-control/:id/edit: Edit internal control plan form. */
int page_intcontrol_edit(struct req *r);
/** POST /internal-control/:id/edit: Save an internal control plan. */
int page_intcontrol_update(struct req *r);
/** GET /internal-control/:id: An internal control plan: analysis, control points, deviations. */
int page_intcontrol_plan(struct req *r);
/** GET /internal-control/:id/document: The plan or its yearly report as a file (html, md, docx, xlsx). */
int page_intcontrol_document(struct req *r);
/** GET /internal-control/:id/processes/new: New process form. */
int page_intcontrol_process_new(struct req *r);
/** POST /internal-control/:id/processes: Add a process to the analysis. */
int page_intcontrol_process_create(struct req *r);
/** GET /internal-control/processes/:id/edit: Edit process form. */
int page_intcontrol_process_edit(struct req *r);
/** POST /internal-control/processes/:id/edit: Save a process. */
int page_intcontrol_process_update(struct req *r);
/** GET /internal-control/:id/points/new: New control point form. */
int page_intcontrol_point_new(struct req *r);
/** POST /internal-control/:id/points: Add a control point. */
int page_intcontrol_point_create(struct req *r);
/** GET /internal-control/points/:id/edit: Edit control point form. */
int page_intcontrol_point_edit(struct req *r);
/** POST /internal-control/points/:id/edit: Save a control point. */
int page_intcontrol_point_update(struct req *r);
/** GET /internal-control/points/:id: A control point and its results. */
int page_intcontrol_point(struct req *r);
/** GET /internal-control/points/:id/results/new: Report a result form. */
int page_intcontrol_result_new(struct req *r);
/** POST /internal-control/points/:id/results: Report a result. */
int page_intcontrol_result_create(struct req *r);
/** GET /internal-control/results/:id/edit: Edit result form. */
int page_intcontrol_result_edit(struct req *r);
/** POST /internal-control/results/:id/edit: Save a result. */
int page_intcontrol_result_update(struct req *r);
/** GET /internal-control/results/:id: A result with its records checked. */
int page_intcontrol_result(struct req *r);
/** GET /internal-control/deviations: Deviations in internal control. */
int page_intcontrol_deviations(struct req *r);
/** GET /internal-control/deviations/export: Export the deviations (xlsx, csv, json). */
int page_intcontrol_deviations_export(struct req *r);
/** GET /internal-control/results/:id/deviations/new: Record a deviation form. */
int page_intcontrol_deviation_new(struct req *r);
/** POST /internal-control/results/:id/deviations: Record a deviation. */
int page_intcontrol_deviation_create(struct req *r);
/** GET /internal-control/deviations/:id/edit: Edit deviation form. */
int page_intcontrol_deviation_edit(struct req *r);
/** POST /internal-control/deviations/:id/edit: Save a deviation. */
int page_intcontrol_deviation_update(struct req *r);
/** GET /internal-control/deviations/:id: A deviation. */
int page_intcontrol_deviation(struct req *r);
/** POST /internal-control/deviations/:id/activity: Make a deviation's remedy an activity. */
int page_intcontrol_deviation_activity(struct req *r);

/**
 * The unit page's section: this year's internal control plan of unit
 * @unit_id, its control points due for reporting and its open deviations.
 */
int page_intcontrol_unit_section(struct html *h, struct req *r, struct db *db, int64_t unit_id);

#endif
