/*
 * page_audit.h - the audit trail in the browser: the filtered list and one entry.
 */
#ifndef TILLIT_WEB_PAGE_AUDIT_H
#define TILLIT_WEB_PAGE_AUDIT_H

#include "http/req.h"

int page_audit(struct req *r);
int page_audit_entry(struct req *r);

#endif
