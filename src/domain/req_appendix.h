/*
 * req_appendix.h - the procurement appendix (upphandlingskrav) as a
 * document: what the requirements of one asset's classification ask of a
 * supplier, built on the document model (io/doc.h), so the page, the Word
 * file, the HTML file and the Markdown file show the same text.
 */
#ifndef TILLIT_DOMAIN_REQ_APPENDIX_H
#define TILLIT_DOMAIN_REQ_APPENDIX_H

#include <stddef.h>

#include "core/i18n.h"

struct arena;
struct asset;
struct asset_requirement;
struct doc;

struct err;

/** The longest case reference (diarienummer) of a procurement, in characters. */
#define REQ_CASE_REF_MAX 100

/**
 * Check the procurement's case reference @case_ref (may be NULL or empty):
 * at most REQ_CASE_REF_MAX characters. ERR_INVALID naming "case_ref".
 */
int req_appendix_check_case_ref(const char *case_ref, struct err *e);

/**
 * The requirements of @reqs (@n, as asset_requirement_list() gives them)
 * that a supplier meets (party "supplier" or "both"), in order, into *out
 * (in @a); how many.
 */
size_t req_appendix_pick(struct arena *a, const struct asset_requirement *reqs, size_t n,
			 const struct asset_requirement **out);

/**
 * The appendix's file name for @as in @lang with extension @ext:
 * "Upphandlingskrav Ekonomisystem Raindance.xlsx" (characters a file name
 * cannot hold become spaces). Lives in @a.
 */
const char *req_appendix_filename(struct arena *a, enum lang lang, const struct asset *as, const char *ext);

/**
 * The appendix of @as for the procurement @case_ref (NULL or "": not yet
 * given) with the requirements @reqs (@n of them, as asset_requirement_list()
 * gives them, by category) that a supplier meets (req_appendix_pick()) in
 * @lang: the title "Procurement requirements: <asset>", the procurement's
 * case reference, the asset, its kind and unit, its levels in a table, the
 * note that level 4 needs a separate analysis, then each category with
 * each requirement's code, title, whether it is mandatory (ska) or
 * recommended (bör), and text. Nothing internal: no review dates, no
 * assessments. For an asset not yet classified, the title and that it must
 * be classified first. The document lives in @a.
 */
struct doc *req_appendix_doc(struct arena *a, enum lang lang, const struct asset *as, const char *case_ref,
			     const struct asset_requirement *reqs, size_t n);

#endif
