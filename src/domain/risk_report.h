/*
 * risk_report.h - the risk register and the continuity plans out of
 * Tillit: spreadsheets (XLSX, CSV) and documents (the document model of
 * io/doc.h, drawn as a printable page, Markdown or DOCX by its
 * renderers), and the report of one analysis, which for an RSA follows its
 * seven prescribed parts.
 *
 * Which record goes in which column or section is decided here; the file
 * formats are written by io/. Every text is translated into @lang before it
 * goes in. Exports take the same filters as the lists (risk_filter_parse(),
 * continuity_filter_parse()) and hold at most RISK_EXPORT_MAX records.
 */
#ifndef TILLIT_DOMAIN_RISK_REPORT_H
#define TILLIT_DOMAIN_RISK_REPORT_H

#include <stddef.h>
#include <stdint.h>

#include "core/i18n.h"
#include "domain/continuity.h"
#include "domain/risk.h"

struct arena;
struct buf;
struct db;
struct doc;
struct err;

#define RISK_EXPORT_MAX 10000

/** The risks @f matches (up to RISK_EXPORT_MAX, in @f's order) and their total. */
int risk_export_list(struct db *db, struct arena *a, const struct risk_filter *f, struct risk **out, size_t *n,
		     int64_t *total, struct err *e);

/** The register as CSV (";", UTF-8 with a byte-order mark, formulas guarded) appended to @b. */
int risk_export_csv(struct db *db, struct buf *b, const struct risk *items, size_t n, enum lang lang, struct err *e);

/** The register as an XLSX workbook in @a. */
int risk_export_xlsx(struct db *db, struct arena *a, const struct risk *items, size_t n, enum lang lang,
		     const char **data, size_t *len, struct err *e);

/**
 * The register as a document: the matrix before and after the measures
 * (as tables) when the risks share one organisation's scales, then one
 * row per risk. @total is how many matched (more than @n when cut).
 */
int risk_register_doc(struct db *db, struct arena *a, enum lang lang, const struct risk *items, size_t n, int64_t total,
		      struct doc **out, struct err *e);

/**
 * The report of analysis @an: its scope, date, method and participants,
 * the matrix before and after, each risk with what it concerns and its
 * measures. An RSA's report is its seven parts, each with the text
 * written for it and, where the part asks for it, the live register: the
 * vital assets (part 3), the business-critical assets' dependencies
 * (part 4), the risks (part 5) and the measures (part 7).
 */
int risk_analysis_doc(struct db *db, struct arena *a, const struct auth *auth, enum lang lang,
		      const struct risk_analysis *an, struct doc **out, struct err *e);

/** A file name for an export: "riskregister-2026-11-23.xlsx" and the like. */
const char *risk_export_filename(struct arena *a, const char *base, const char *ext);

/** The plans @f matches (up to RISK_EXPORT_MAX) with their checks (@checks, n of them). */
int continuity_export_list(struct db *db, struct arena *a, const struct auth *auth, enum lang lang,
			   const struct continuity_filter *f, struct continuity_plan **out,
			   struct continuity_check **checks, size_t *n, int64_t *total, struct err *e);

void continuity_export_csv(struct buf *b, const struct continuity_plan *items, const struct continuity_check *checks,
			   size_t n, enum lang lang);

int continuity_export_xlsx(struct arena *a, const struct continuity_plan *items, const struct continuity_check *checks,
			   size_t n, enum lang lang, const char **data, size_t *len, struct err *e);

/** The plans as a document: a summary table, then each plan with its fallback routines and its dependencies. */
struct doc *continuity_doc(struct arena *a, enum lang lang, const struct continuity_plan *items,
			   const struct continuity_check *checks, size_t n, int64_t total);

/** "72 h (3 days)" in @lang. */
const char *continuity_hours(struct arena *a, enum lang lang, int64_t hours);

#endif
