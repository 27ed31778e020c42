/*
 * page_risks.h - the HTML pages of risk analysis (page_risks.c): the risk
 * register and its exports, the matrix, one risk with what it concerns and
 * its measures, analyses (and the RSA) with their reports, the threat
 * catalogue and an organisation's risk scales; and the pieces the
 * continuity pages and the asset page share with them.
 *
 * Pages about one analysis are scoped by risk_analysis_scope (its unit),
 * about one risk by risk_scope (its analysis's unit and its owner, so the
 * owner may edit it: ACCESS_OWN).
 */
#ifndef TILLIT_WEB_PAGE_RISKS_H
#define TILLIT_WEB_PAGE_RISKS_H

#include <stddef.h>
#include <stdint.h>

#include "core/html.h"
#include "http/req.h"

struct asset;
struct db;
struct err;
struct picker;

/** GET /risks: the register, filtered, sorted and paged; export links; the RSA that is due. */
int page_risks(struct req *r);
/** GET /risks/matrix: before and after measures for an analysis or a unit subtree, and the top risks. */
int page_risk_matrix(struct req *r);
/** GET /risks/export.xlsx, .csv, .docx and /risks/report (printable): the register's filters. */
int page_risks_export_xlsx(struct req *r);
int page_risks_export_csv(struct req *r);
int page_risks_export_docx(struct req *r);
int page_risks_report(struct req *r);
/** GET /risks/:id: the risk, what it concerns, its measures. */
int page_risk(struct req *r);
/** GET, POST /risks/:id/edit */
int page_risk_edit(struct req *r);
int page_risk_update(struct req *r);
/** POST /risks/:id/concerns (asset_id), /risks/:id/measures (title, responsible_id, due_date), /risks/:id/actions */
int page_risk_concern_add(struct req *r);
int page_risk_measure_add(struct req *r);
int page_risk_actions(struct req *r);

/** GET /risk-analyses: the analyses; GET /risk-analyses/new (?unit_id, ?kind=rsa); POST /risk-analyses */
int page_risk_analyses(struct req *r);
int page_risk_analysis_new(struct req *r);
int page_risk_analysis_create(struct req *r);
/** GET /risk-analyses/:id: the analysis, its scope, (an RSA) its parts, its risks. */
int page_risk_analysis(struct req *r);
/** GET, POST /risk-analyses/:id/edit */
int page_risk_analysis_edit(struct req *r);
int page_risk_analysis_update(struct req *r);
/** POST /risk-analyses/:id/pull: the scope's unfulfilled requirements come in as risks. */
int page_risk_analysis_pull(struct req *r);
/** GET /risk-analyses/:id/risks/new; POST /risk-analyses/:id/risks */
int page_risk_new(struct req *r);
int page_risk_create(struct req *r);
/** GET /risk-analyses/:id/report (printable page) and /risk-analyses/:id/report.docx */
int page_risk_analysis_report(struct req *r);
int page_risk_analysis_docx(struct req *r);

/** GET /risk-threats; GET /risk-threats/new, POST /risk-threats; GET, POST /risk-threats/:id/edit */
int page_risk_threats(struct req *r);
int page_risk_threat_new(struct req *r);
int page_risk_threat_create(struct req *r);
int page_risk_threat_edit(struct req *r);
int page_risk_threat_update(struct req *r);

/** GET, POST /organisations/:id/risk-scale */
int page_risk_scale(struct req *r);
int page_risk_scale_update(struct req *r);

/* --- shared with the continuity pages and the asset page --- */

/** The navigation between the risk and continuity pages, @current the path shown. */
void risk_subnav(struct html *h, const char *current);

/** Every value of the repeated form field @name as ids (the options of a multiple select), in r->arena. */
void risk_form_ids(struct req *r, const char *name, int64_t **ids, size_t *n);

/**
 * A labelled <select multiple> of @p's options with @ids chosen; shows @e's message when it names @name.
 * For assets past a select's size (picker_assets() typed), the assets @ids as ticked boxes and a typed field
 * that adds one more.
 */
void risk_multi_select(struct html *h, struct req *r, const char *name, const char *label, const struct picker *p,
		       const int64_t *ids, size_t n, const struct err *e);

/**
 * The section of an asset's page that lists the risks concerning it and
 * its continuity plan (or that it has none, for a business-critical one).
 */
int risk_asset_section(struct html *h, struct req *r, struct db *db, const struct asset *as);

#endif
