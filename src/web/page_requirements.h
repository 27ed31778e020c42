/*
 * page_requirements.h - the HTML pages of the requirements library, of
 * requirement fulfilment per asset and of the procurement appendix
 * (page_requirements.c).
 *
 * The library is installation-wide: anyone with a role reads it, and only
 * installation-wide administrators change it (SCOPE_INSTALLATION). The
 * pages about one asset are scoped by asset_scope, which also names the
 * asset's owner for ACCESS_OWN; they take the asset from r->scope.
 */
#ifndef TILLIT_WEB_PAGE_REQUIREMENTS_H
#define TILLIT_WEB_PAGE_REQUIREMENTS_H

#include <stdint.h>

#include "http/req.h"

/** GET /requirements: the library, filtered by ?category=, ?nis2=, ?q=, ?active=. */
int page_requirements(struct req *r);
/** GET /requirements/export.csv: the library in the import's columns. */
int page_requirements_csv(struct req *r);
/** GET /requirements/new */
int page_requirement_new(struct req *r);
/** POST /requirements: create; the form comes back (400) naming the field. */
int page_requirement_create(struct req *r);
/** GET /requirements/:id */
int page_requirement(struct req *r);
/** GET /requirements/:id/edit */
int page_requirement_edit(struct req *r);
/** POST /requirements/:id/edit: save with the version seen; 409 shows the other version. */
int page_requirement_update(struct req *r);
/** POST /requirements/:id/deactivate (version; active=1 reactivates). */
int page_requirement_deactivate(struct req *r);
/** GET /requirements/import: the CSV import form. */
int page_requirements_import_form(struct req *r);
/** POST /requirements/import: check (dry_run=1) or import a CSV file ("file") or pasted text ("csv"). */
int page_requirements_import(struct req *r);

/** GET /assets/:id/requirements: the applicable requirements and their fulfilment, by category. */
int page_asset_requirements(struct req *r);
/** GET /assets/:id/requirements/:rid: one requirement's assessment, with its form when the user may edit. */
int page_asset_requirement(struct req *r);
/** POST /assets/:id/requirements/:rid: save status, comment, evidence link (version). */
int page_asset_requirement_save(struct req *r);
/** POST /assets/:id/requirements/:rid/action: make an action of an unfulfilled requirement. */
int page_asset_requirement_action(struct req *r);
/** GET /assets/:id/requirements/appendix: the printable procurement appendix. */
int page_asset_requirements_appendix(struct req *r);
/* GET /assets/:id/requirements/assess: every applicable requirement with a status and comment to set, filtered. */
int page_asset_requirements_assess(struct req *r);
/* POST /assets/:id/requirements/assess: save the rows changed, all or nothing. */
int page_asset_requirements_assess_save(struct req *r);
/** GET /assets/:id/requirements/appendix.xlsx: the same as a spreadsheet. */
int page_asset_requirements_xlsx(struct req *r);
/** The procurement appendix as a file to download: DOCX, standalone HTML, Markdown. */
int page_asset_requirements_docx(struct req *r);
int page_asset_requirements_html(struct req *r);
int page_asset_requirements_md(struct req *r);

#endif
