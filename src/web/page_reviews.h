/*
 * page_reviews.h - the management review pages and the DPO's
 * recommendations.
 */
#ifndef TILLIT_WEB_PAGE_REVIEWS_H
#define TILLIT_WEB_PAGE_REVIEWS_H

struct req;

int page_reviews(struct req *r);
int page_reviews_create(struct req *r);
int page_review(struct req *r);
int page_review_update(struct req *r);
int page_review_priority_add(struct req *r);
int page_review_priority_remove(struct req *r);
int page_review_approve(struct req *r);
int page_review_new_version(struct req *r);
int page_review_dpo_add(struct req *r);
int page_review_document_html(struct req *r);
int page_review_document_md(struct req *r);
int page_review_document_docx(struct req *r);
int page_dpo_update(struct req *r);
int page_dpo_activity(struct req *r);

#endif
