/*
 * api_incidents.h - /api/v1/incidents and what hangs off an incident: its
 * triage, log of decisions, notification duties and their filings,
 * affected assets and follow-up activities; the reporter's own reports; the
 * exports and statistics; the category taxonomy; an organisation's
 * incident settings and its public intake (api_incidents.c).
 */
#ifndef TILLIT_API_API_INCIDENTS_H
#define TILLIT_API_API_INCIDENTS_H

#include "http/req.h"

int api_incidents_list(struct req *r);
int api_incidents_report(struct req *r);
int api_incidents_mine(struct req *r);
int api_incidents_export(struct req *r);
int api_incidents_stats(struct req *r);
int api_incidents_get(struct req *r);
int api_incidents_update(struct req *r);
int api_incidents_triage(struct req *r);
int api_incident_decisions_list(struct req *r);
int api_incident_decisions_create(struct req *r);
int api_incident_notifications_list(struct req *r);
int api_incident_notifications_create(struct req *r);
int api_incident_notification_update(struct req *r);
int api_incident_filings_create(struct req *r);
int api_incident_assets_create(struct req *r);
int api_incident_assets_delete(struct req *r);
int api_incident_activities_create(struct req *r);
int api_incident_categories_list(struct req *r);
int api_incident_categories_create(struct req *r);
int api_incident_categories_update(struct req *r);
int api_incident_settings_get(struct req *r);
int api_incident_settings_update(struct req *r);
int api_incident_public_report(struct req *r);

#endif
