/*
 * api_wheel.h - /api/v1/wheel: the annual wheel's recurring activities and
 * their occurrences; /api/v1/me/calendar-key: the secret of the calendar feeds.
 */
#ifndef TILLIT_API_API_WHEEL_H
#define TILLIT_API_API_WHEEL_H

#include "http/req.h"

int api_wheel_items_list(struct req *r);
int api_wheel_items_create(struct req *r);
int api_wheel_items_get(struct req *r);
int api_wheel_items_update(struct req *r);
int api_wheel_items_generate(struct req *r);
int api_wheel_occurrences_list(struct req *r);
int api_wheel_occurrences_export(struct req *r);
int api_wheel_occurrences_update(struct req *r);
int api_calendar_key_create(struct req *r);
int api_calendar_key_delete(struct req *r);

#endif
