/*
 * api_classify.h - the JSON API of information classification
 * (api_classify.c): an asset's classification versions, creating and
 * signing a classification, and the organisation's classification model
 * and question bank.
 */
#ifndef TILLIT_API_API_CLASSIFY_H
#define TILLIT_API_API_CLASSIFY_H

#include <stdint.h>

#include "http/req.h"

int api_class_asset_list(struct req *r);
int api_class_asset_create(struct req *r);
int api_classification_get(struct req *r);
int api_classification_sign(struct req *r);
int api_class_model_get(struct req *r);
int api_class_model_update(struct req *r);
int api_class_questions_list(struct req *r);
int api_class_questions_create(struct req *r);
int api_class_question_update(struct req *r);

/** Scope: the asset in the path: its unit, and its owner in r->scope_owner. */
int api_scope_class_asset(struct req *r, int64_t *unit_id);
/** Scope: the asset of the classification in the path: its unit and owner. */
int api_scope_classification(struct req *r, int64_t *unit_id);
/** Scope: the organisation in the path. */
int api_scope_class_org(struct req *r, int64_t *unit_id);
/** Scope: the organisation of the question in the path. */
int api_scope_class_question(struct req *r, int64_t *unit_id);

#endif
