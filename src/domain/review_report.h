/*
 * review_report.h - the management review as a document model (io/doc.h)
 * in the shape of the municipal reviews it replaces: the title block
 * (organisation, "Ledningens genomgång år <year>", the unit, decided date,
 * Dnr, contact person), the background, a table of contents, the numbered
 * sections 1-5 with their subsections, and the prioritised actions for
 * each of three years, ending with who approved it and when.
 *
 * What comes from data: the status of the actions decided in earlier
 * reviews (through the activities they became; frozen at approval), the
 * key figures at the review's date and a year before it (read from
 * history, so an approved review shows the figures of its day), the DPO's
 * recommendations with their follow-up; the results of modules Tillit does
 * not hold yet read "not available". One model, every format: the review
 * page, its downloads, the API and `tillit report management-review`.
 */
#ifndef TILLIT_DOMAIN_REVIEW_REPORT_H
#define TILLIT_DOMAIN_REVIEW_REPORT_H

#include "core/i18n.h"
#include "db/q_review.h"

struct arena;
struct db;
struct doc;
struct err;

/** The review @r in @lang as a document in @a. */
int review_report_build(struct db *db, struct arena *a, enum lang lang, const struct review *r, struct doc **out,
			struct err *e);

/** The file name of @r's document with extension @ext: "ledningens-genomgang-2024-12-v1.docx". In @a. */
const char *review_report_filename(struct arena *a, const struct review *r, const char *ext);

#endif
