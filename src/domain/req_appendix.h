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

/**
 * The appendix of @as with its applicable requirements @reqs (@n of them,
 * as asset_requirement_list() gives them, by category) in @lang: the title
 * "Procurement requirements: <asset>", the asset, its unit and review date,
 * its levels in a table, the note that level 4 needs a separate analysis,
 * then each category with each requirement's code, title and text. For an
 * asset not yet classified, the title and that it must be classified
 * first. The document lives in @a.
 */
struct doc *req_appendix_doc(struct arena *a, enum lang lang, const struct asset *as,
			     const struct asset_requirement *reqs, size_t n);

#endif
