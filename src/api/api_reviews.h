/*
 * api_reviews.h - the JSON resources of follow-up and maturity and of the
 * management review: /api/v1/maturity, /api/v1/maturity-questions,
 * /api/v1/key-figures, /api/v1/situation, /api/v1/reviews and
 * /api/v1/dpo-recommendations.
 */
#ifndef TILLIT_API_API_REVIEWS_H
#define TILLIT_API_API_REVIEWS_H

struct req;

int api_maturity_list(struct req *r);
int api_maturity_create(struct req *r);
int api_maturity_get(struct req *r);
int api_maturity_answers(struct req *r);
int api_maturity_activity(struct req *r);
int api_maturity_questions(struct req *r);
int api_maturity_question_create(struct req *r);
int api_maturity_question_update(struct req *r);
int api_key_figures(struct req *r);
int api_situation(struct req *r);
int api_reviews_list(struct req *r);
int api_reviews_create(struct req *r);
int api_reviews_get(struct req *r);
int api_reviews_update(struct req *r);
int api_reviews_priority_add(struct req *r);
int api_reviews_priority_remove(struct req *r);
int api_reviews_approve(struct req *r);
int api_reviews_new_version(struct req *r);
int api_reviews_document(struct req *r);
int api_dpo_create(struct req *r);
int api_dpo_update(struct req *r);
int api_dpo_activity(struct req *r);

#endif
