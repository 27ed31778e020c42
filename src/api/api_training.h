/*
 * api_training.h - /api/v1/courses, /api/v1/training-groups,
 * /api/v1/training-completions, /api/v1/training-counts and
 * /api/v1/training/coverage and /missing as JSON.
 */
#ifndef TILLIT_API_API_TRAINING_H
#define TILLIT_API_API_TRAINING_H

#include "http/req.h"

int api_courses_list(struct req *r);
int api_courses_create(struct req *r);
int api_courses_get(struct req *r);
int api_courses_update(struct req *r);
int api_training_groups_list(struct req *r);
int api_training_groups_create(struct req *r);
int api_training_members_add(struct req *r);
int api_training_members_remove(struct req *r);
int api_training_completions_list(struct req *r);
int api_training_completions_create(struct req *r);
int api_training_completions_export(struct req *r);
int api_training_completions_import(struct req *r);
int api_training_counts_list(struct req *r);
int api_training_counts_create(struct req *r);
int api_training_coverage(struct req *r);
int api_training_missing(struct req *r);
int api_courses_export(struct req *r);
int api_training_group_members(struct req *r);
int api_training_counts_export(struct req *r);
int api_training_coverage_export(struct req *r);
int api_training_missing_export(struct req *r);

#endif
