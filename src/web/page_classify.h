/*
 * page_classify.h - the HTML pages of information classification
 * (page_classify.c): an asset's classification and its versions, the
 * classification protocol, signing, comparing two versions, and the
 * organisation's classification model and question bank.
 */
#ifndef TILLIT_WEB_PAGE_CLASSIFY_H
#define TILLIT_WEB_PAGE_CLASSIFY_H

#include <stdint.h>

#include "http/req.h"

/* An asset's classification (path /assets/:id/classification...). */
int page_classification(struct req *r);
int page_classification_new(struct req *r);
int page_classification_create(struct req *r);
int page_classification_version(struct req *r);
int page_classification_compare(struct req *r);
int page_classification_sign(struct req *r);
/* classifications from earlier records (page_classify_import.c) */
int page_classify_import_form(struct req *r);
int page_classify_import(struct req *r);

/* The organisation's model and question bank. */
int page_class_model(struct req *r);
int page_class_model_update(struct req *r);
int page_class_question_new(struct req *r);
int page_class_question_create(struct req *r);
int page_class_question_edit(struct req *r);
int page_class_question_update(struct req *r);
int page_class_question_move(struct req *r);

#endif
