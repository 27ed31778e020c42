/*
 * page_maturity.h - the maturity self-assessment pages, the question bank
 * and the organisation-wide picture (lägesbild).
 */
#ifndef TILLIT_WEB_PAGE_MATURITY_H
#define TILLIT_WEB_PAGE_MATURITY_H

struct req;

int page_maturity_list(struct req *r);
int page_maturity_create(struct req *r);
int page_maturity(struct req *r);
int page_maturity_save(struct req *r);
int page_maturity_gap(struct req *r);
int page_maturity_bank(struct req *r);
int page_maturity_question_add(struct req *r);
int page_maturity_question_update(struct req *r);
int page_situation(struct req *r);

#endif
