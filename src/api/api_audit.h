/*
 * api_audit.h - /api/v1/audit: the audit trail as JSON.
 */
#ifndef TILLIT_API_API_AUDIT_H
#define TILLIT_API_API_AUDIT_H

#include "http/req.h"

int api_audit_list(struct req *r);
int api_audit_get(struct req *r);

#endif
