/*
 * intcontrol_report.h - the internal control plan of a unit's year and its
 * yearly report, built as one document model (io/doc.h) and drawn in every
 * format: HTML for print, Markdown, DOCX; and the same rows as an XLSX
 * table.
 *
 * The plan: the materiality and risk analysis (every process with its
 * probability, consequence, risk value and decision) and the control
 * points (what is checked, method with sample size and population,
 * frequency, responsible, reporting period). The yearly report: the plan,
 * then each control point's results per period with the records checked,
 * then every deviation with its cause, remedy, status and activity.
 *
 * The plan page, the API and `tillit report internal-control` all go
 * through intcontrol_report_file().
 */
#ifndef TILLIT_DOMAIN_INTCONTROL_REPORT_H
#define TILLIT_DOMAIN_INTCONTROL_REPORT_H

#include <stddef.h>

#include "core/i18n.h"
#include "domain/intcontrol.h"

struct arena;
struct db;
struct doc;
struct err;

enum ic_document { IC_DOC_PLAN, IC_DOC_REPORT, IC_DOCUMENTS };
enum ic_format { IC_FMT_HTML, IC_FMT_MD, IC_FMT_DOCX, IC_FMT_XLSX, IC_FORMATS };

/** "plan" or "report"; -1 for anything else. */
int intcontrol_document_parse(const char *s);

/** "html", "md", "docx" or "xlsx"; -1 for anything else. */
int intcontrol_format_parse(const char *s);

/** The document @which of the year @y in @lang. Lives in @a. */
struct doc *intcontrol_report_build(struct arena *a, enum lang lang, const struct intcontrol_year *y,
				    enum ic_document which);

/**
 * Read plan @p's year and write document @which as a file in @format:
 * *data and *len in @a, *mime its Content-Type.
 */
int intcontrol_report_file(struct db *db, struct arena *a, enum lang lang, const struct ic_plan *p,
			   enum ic_document which, enum ic_format format, const char **data, size_t *len,
			   const char **mime, struct err *e);

/** "internkontrollplan-2026-12.docx", "uppfoljning-internkontroll-2026-12.xlsx". In @a. */
const char *intcontrol_report_filename(struct arena *a, const struct ic_plan *p, enum ic_document which,
				       enum ic_format format);

#endif
