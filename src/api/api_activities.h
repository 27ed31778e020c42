/*
 * api_activities.h - /api/v1/activities: action-plan activities, what they
 * address, carrying them over, their history and the list's export; and
 * the addresses of the tracked actions they replace.
 */
#ifndef TILLIT_API_API_ACTIVITIES_H
#define TILLIT_API_API_ACTIVITIES_H

#include <stdint.h>

#include "http/req.h"

struct db;

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

/** What a body asks of an activity made from another record (an exercise, an incident). */
struct activity_ask {
	const char *title, *purpose, *due_date;
	int64_t responsible_id;
};

/**
 * Reads @out from the request's JSON body: "title", "purpose", "due_date"
 * and "responsible_id" (null: none). 0, or the error already answered in
 * r->err: no body, or a member of the wrong type.
 */
int api_activity_ask(struct req *r, struct activity_ask *out);

/**
 * Answers 201 with activity @id, just made from another record: its
 * address in Location, its version as ETag. 0, or the error of reading it.
 */
int api_activity_made(struct req *r, struct db *db, int64_t id);
/** /api/v1/actions[/:id]: 308 to /api/v1/activities[/:id]. */
int api_actions_moved(struct req *r);

#endif
