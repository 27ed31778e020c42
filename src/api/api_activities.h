/*
 * api_activities.h - /api/v1/activities: action-plan activities, what they
 * address, carrying them over, their history and the list's export; and
 * the addresses of the tracked actions they replace.
 */
#ifndef TILLIT_API_API_ACTIVITIES_H
#define TILLIT_API_API_ACTIVITIES_H

#include "http/req.h"

int api_activities_list(struct req *r);
int api_activities_export(struct req *r);
int api_activities_create(struct req *r);
int api_activities_get(struct req *r);
int api_activities_update(struct req *r);
int api_activities_carry(struct req *r);
int api_activities_history(struct req *r);
int api_activity_links_list(struct req *r);
int api_activity_links_create(struct req *r);
int api_activity_links_delete(struct req *r);
/** POST /api/v1/assets/:id/requirements/:rid/action: an unfulfilled requirement becomes an activity. */
int api_asset_requirement_activity(struct req *r);
/** /api/v1/actions[/:id]: 308 to /api/v1/activities[/:id]. */
int api_actions_moved(struct req *r);

#endif
