/*
 * api_governing_documents.h - /api/v1/governing-documents as JSON.
 */
#ifndef TILLIT_API_API_GOVERNING_DOCUMENTS_H
#define TILLIT_API_API_GOVERNING_DOCUMENTS_H

#include "http/req.h"

int api_governing_documents_list(struct req *r);
/**
 * GET /api/v1/governing-documents/choices?q=: the documents the caller
 * sees whose title or case reference holds q (the list's filters apply
 * too), 20 unless a limit is given (at most 100), each with the label a
 * document field of the pages takes ("Title (version, Unit)"); none
 * without q.
 */
int api_governing_documents_choices(struct req *r);
int api_governing_documents_export(struct req *r);
int api_governing_documents_create(struct req *r);
int api_governing_documents_get(struct req *r);
int api_governing_documents_update(struct req *r);
int api_governing_documents_file_put(struct req *r);
int api_governing_documents_file_get(struct req *r);
int api_governing_documents_versions(struct req *r);
int api_governing_documents_reqs(struct req *r);
int api_governing_documents_req_add(struct req *r);
int api_governing_documents_req_remove(struct req *r);
int api_governing_documents_rounds(struct req *r);
int api_governing_documents_round_start(struct req *r);
int api_governing_documents_acknowledge(struct req *r);

#endif
