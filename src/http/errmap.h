/*
 * errmap.h - the one place that turns an error into an HTTP answer.
 *
 * A negative err_code becomes a status; the request then gets either a JSON
 * error object {"error":{"code","message","field"}} (API paths and clients
 * that accept JSON) or an HTML error page in the user's language.
 */
#ifndef TILLIT_HTTP_ERRMAP_H
#define TILLIT_HTTP_ERRMAP_H

#include "http/req.h"

/** HTTP status of an err_code (0 gives 200). */
int errmap_status(int code);

/** Replace the response with the error in r->err (code @code). */
void errmap_respond(struct req *r, int code);

/** Write the JSON error object for @e into @b. */
void errmap_json(struct buf *b, const struct err *e, enum lang lang, struct arena *a);

#endif
