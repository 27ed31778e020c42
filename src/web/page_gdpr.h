/*
 * page_gdpr.h - the register of processing activities in the browser
 * (page_gdpr.c, page_processors.c): the list and its exports, an
 * activity's page with its transfers and the steps of its review, the form,
 * impact assessments, the organisation's vocabularies, the systems that
 * hold personal data, processors and their agreements, and the pieces the
 * start, unit and asset pages show.
 */
#ifndef TILLIT_WEB_PAGE_GDPR_H
#define TILLIT_WEB_PAGE_GDPR_H

#include <stdbool.h>
#include <stddef.h>

#include "core/html.h"
#include "http/req.h"

struct asset;

int page_gdpr(struct req *r);
int page_gdpr_new(struct req *r);
int page_gdpr_create(struct req *r);
int page_gdpr_activity(struct req *r);
int page_gdpr_edit(struct req *r);
int page_gdpr_update(struct req *r);
int page_gdpr_submit(struct req *r);
int page_gdpr_validate(struct req *r);
int page_gdpr_send_back(struct req *r);
int page_gdpr_request_review(struct req *r);
int page_gdpr_transfer_add(struct req *r);
int page_gdpr_transfer_delete(struct req *r);
int page_gdpr_tia_add(struct req *r);
int page_gdpr_dpia(struct req *r);
int page_gdpr_dpia_create(struct req *r);
int page_gdpr_dpia_version(struct req *r);
int page_gdpr_dpia_opinion(struct req *r);
int page_gdpr_dpia_actions(struct req *r);
int page_gdpr_register(struct req *r);
int page_gdpr_register_docx(struct req *r);
int page_gdpr_register_xlsx(struct req *r);
int page_gdpr_register_csv(struct req *r);
int page_gdpr_register_json(struct req *r);
int page_gdpr_register_html(struct req *r);
int page_gdpr_assets(struct req *r);
int page_gdpr_categories(struct req *r);
int page_gdpr_category_create(struct req *r);
int page_gdpr_category_update(struct req *r);

int page_processors(struct req *r);
int page_processor_new(struct req *r);
int page_processor_create(struct req *r);
int page_processor(struct req *r);
int page_processor_edit(struct req *r);
int page_processor_update(struct req *r);
int page_processor_delete(struct req *r);
int page_processor_agreement_add(struct req *r);
int page_processor_transfer_add(struct req *r);
int page_agreement_file(struct req *r);

struct db;
struct err;
struct gdpr_transfer;
/* Shared by the activity and processor pages (page_gdpr.c). */
/** The form adding a third-country transfer, posted to @action, with @in's values and @e's problem. */
void gdpr_transfer_form(struct html *h, struct req *r, const char *action, const struct gdpr_transfer *in,
			const struct err *e);
/** The transfer the form sent. */
struct gdpr_transfer gdpr_transfer_from_form(struct req *r);
/**
 * A table of transfers, with their impact assessments and, when @can_edit,
 * the forms to change them; on an activity's page (@on_activity) a
 * processor's transfer is shown but changed on the processor's page.
 */
void gdpr_transfers_table(struct html *h, struct req *r, struct db *db, const struct gdpr_transfer *t, size_t n,
			  bool can_edit, bool on_activity);

/** The start page's part for a data protection officer: what awaits review, and what is overdue (an owner's review requests are tasks: gdpr_tasks()). */
void gdpr_home_section(struct html *h, struct req *r);
/** A unit page's part: its subtree's processing activities and how many are overdue for review. */
void gdpr_unit_section(struct html *h, struct req *r, int64_t unit_id);
/** An asset page's part: the processing activities that use it (flagged when it holds personal data and none does). */
void gdpr_asset_section(struct html *h, struct req *r, const struct asset *as);

#endif
