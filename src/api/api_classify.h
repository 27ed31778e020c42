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
int api_classifications_import(struct req *r);
int api_class_model_get(struct req *r);
int api_class_model_update(struct req *r);
int api_class_questions_list(struct req *r);
int api_class_questions_create(struct req *r);
int api_class_question_update(struct req *r);

#endif
