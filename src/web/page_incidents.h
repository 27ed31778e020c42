/*
 * page_incidents.h - the incident pages.
 *
 * page_incidents.c: the list (filters, exports, clocks), the report form
 * every signed-in user reaches and their own reports, an incident's page
 * (triage, clocks, duties, affected assets, log of decisions, follow-up
 * actions), its edit form and a notification duty's page with its
 * decision and filings. page_incident_reports.c: the texts for IMY, the
 * data subjects and the CSIRT, the statistics, the exports.
 * page_incident_admin.c: the category taxonomy, an organisation's
 * incident settings and its public intake form.
 *
 * Pages about one incident are scoped by incident_scope; the router
 * checks the route's rule against the incident's unit, and the handlers
 * take the incident from r->scope.
 */
#ifndef TILLIT_WEB_PAGE_INCIDENTS_H
#define TILLIT_WEB_PAGE_INCIDENTS_H

#include "core/html.h"
#include "http/req.h"

/** The error summary of an incident form, naming the field by the label the form shows. */
void incident_form_errors(struct html *h, struct req *r, const struct err *e);

/* page_incidents.c */
int page_incidents(struct req *r);
int page_incident_report_form(struct req *r);
int page_incident_report(struct req *r);
int page_incidents_mine(struct req *r);
int page_incident(struct req *r);
int page_incident_edit(struct req *r);
int page_incident_update(struct req *r);
int page_incident_triage(struct req *r);
int page_incident_decision_add(struct req *r);
int page_incident_asset_add(struct req *r);
int page_incident_asset_delete(struct req *r);
int page_incident_duty_add(struct req *r);
int page_incident_duty(struct req *r);
int page_incident_duty_decide(struct req *r);
int page_incident_filing_add(struct req *r);
int page_incident_activity_add(struct req *r);

/* page_incident_reports.c */
int page_incident_text_imy(struct req *r);
int page_incident_text_subjects(struct req *r);
int page_incident_text_csirt(struct req *r);
int page_incidents_stats(struct req *r);
int page_incidents_export_csv(struct req *r);
int page_incidents_export_xlsx(struct req *r);
int page_incidents_export_json(struct req *r);

/* page_incident_admin.c */
int page_incident_categories(struct req *r);
int page_incident_category_create(struct req *r);
int page_incident_category_update(struct req *r);
int page_incident_settings(struct req *r);
int page_incident_settings_update(struct req *r);
int page_public_report_form(struct req *r);
int page_public_report(struct req *r);

#endif
