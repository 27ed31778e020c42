/*
 * page_governing_documents.h - governing documents in the browser: the
 * list with its filters and exports, a document with its file, versions
 * and the requirements it meets, and the forms.
 */
#ifndef TILLIT_WEB_PAGE_GOVERNING_DOCUMENTS_H
#define TILLIT_WEB_PAGE_GOVERNING_DOCUMENTS_H

#include "http/req.h"

struct html;
struct db;

int page_governing_documents(struct req *r);
int page_governing_documents_export(struct req *r);
int page_governing_document(struct req *r);
int page_governing_document_new(struct req *r);
int page_governing_document_create(struct req *r);
int page_governing_document_edit(struct req *r);
int page_governing_document_update(struct req *r);
int page_governing_document_attach(struct req *r);
int page_governing_document_file(struct req *r);
int page_governing_document_req_add(struct req *r);
int page_governing_document_req_remove(struct req *r);
int page_governing_document_round(struct req *r);
int page_governing_document_acknowledge(struct req *r);
/* A document as those asked to confirm it read it (a role below its unit is enough): page, file, confirmation. */
int page_governing_document_read(struct req *r);
int page_governing_document_read_file(struct req *r);
int page_governing_document_read_confirm(struct req *r);

/**
 * The documents applying to unit @unit_id or below that are overdue or due
 * for review soon, as a section of the unit's page (nothing when none).
 */
int governing_documents_due_section(struct html *h, struct req *r, struct db *db, int64_t unit_id);

#endif
