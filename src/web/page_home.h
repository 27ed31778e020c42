/*
 * page_home.h - the start page, the health check and the static files.
 */
#ifndef TILLIT_WEB_PAGE_HOME_H
#define TILLIT_WEB_PAGE_HOME_H

#include "http/req.h"

/** GET /: the start page. */
int page_home(struct req *r);
/** GET /healthz: 200 when the database answers. */
int page_healthz(struct req *r);
/** GET /static/...: the embedded style sheet, script and icons. */
int page_static(struct req *r);

#endif
