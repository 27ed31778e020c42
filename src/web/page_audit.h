/*
 * page_audit.h - the audit trail in the browser: the filtered list and one entry.
 */
#ifndef TILLIT_WEB_PAGE_AUDIT_H
#define TILLIT_WEB_PAGE_AUDIT_H

#include "http/req.h"

int page_audit(struct req *r);
int page_audit_entry(struct req *r);

/** GET /audit/export.csv: the entries the filters of /audit match, newest first, as CSV (streamed). */
int page_audit_export_csv(struct req *r);

#endif
