/*
 * response_report.h - a response to an audit (yttrande) as a document, in
 * the shape the boards send: the heading block (date, address, case
 * reference), "Yttrande", the addressee, the title, the summary, the
 * summary table of measures (Åtgärd | Planerad | Pågående | Avslutad |
 * Kommentar), then each action area with the recommendations it answers,
 * the decided action, the expected effect and the actions taken so far,
 * and the approval. One model (io/doc.h) drawn as HTML, Markdown or DOCX
 * through plan_report_render().
 */
#ifndef TILLIT_DOMAIN_RESPONSE_REPORT_H
#define TILLIT_DOMAIN_RESPONSE_REPORT_H

#include "core/i18n.h"
#include "db/q_response.h"

struct arena;
struct db;
struct doc;
struct err;

/** Build the document of @s in @lang (areas and measures read here). The model lives in @a. */
int response_report_build(struct db *db, struct arena *a, enum lang lang, const struct audit_response *s,
			  struct doc **out, struct err *e);

/** "yttrande-2022-01-23-7.docx" for @s in @ext ("html", "md", "docx"). In @a. */
const char *response_report_filename(struct arena *a, const struct audit_response *s, const char *ext);

#endif
