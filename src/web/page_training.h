/*
 * page_training.h - training in the browser: coverage per unit and target
 * group over time, the people missing a mandatory course, courses, target
 * groups, completions (recorded, counted, imported, exported).
 */
#ifndef TILLIT_WEB_PAGE_TRAINING_H
#define TILLIT_WEB_PAGE_TRAINING_H

#include "http/req.h"

int page_training(struct req *r);
int page_training_courses(struct req *r);
int page_training_course(struct req *r);
int page_training_course_new(struct req *r);
int page_training_course_create(struct req *r);
int page_training_course_edit(struct req *r);
int page_training_course_update(struct req *r);
int page_training_groups(struct req *r);
int page_training_group_create(struct req *r);
int page_training_member_add(struct req *r);
int page_training_member_remove(struct req *r);
int page_training_completions(struct req *r);
int page_training_completions_export(struct req *r);
int page_training_completion_create(struct req *r);
int page_training_count_create(struct req *r);
int page_training_import_form(struct req *r);
int page_training_import(struct req *r);

#endif
