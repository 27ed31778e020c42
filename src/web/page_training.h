/*
 * page_training.h - training in the browser: coverage per unit and target
 * group over time, the people missing a mandatory course, courses, target
 * groups, completions (recorded, counted, imported, exported).
 */
#ifndef TILLIT_WEB_PAGE_TRAINING_H
#define TILLIT_WEB_PAGE_TRAINING_H

#include "http/req.h"

struct db;
struct html;
struct picker;
struct training_gap;

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

/* page_training_lists.c: the lists filtered, sorted, paged and exported */
int page_training_courses_export(struct req *r);
int page_training_group(struct req *r);
int page_training_counts(struct req *r);
int page_training_counts_export(struct req *r);
int page_training_missing(struct req *r);
int page_training_missing_export(struct req *r);
int page_training_coverage_export(struct req *r);
/** The table of people missing a mandatory course: @n of @total, each with the unit, the course and the last completion. */
void page_training_gaps_table(struct html *h, const struct training_gap *gaps, size_t n, int64_t total);

/* The training pages' own navigation, and the pickers of their forms (page_training.c). */
void page_training_subnav(struct html *h, struct req *r);
int page_training_group_picker(struct req *r, struct db *db, struct picker *p);
int page_training_course_picker(struct req *r, struct db *db, const char *any, struct picker *p);

#endif
