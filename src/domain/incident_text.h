/*
 * incident_text.h - the texts an incident gives the authorities and the
 * people affected, built as documents (io/doc.h) to print or copy from:
 *
 * - the notification of a personal-data breach to IMY, in the order of
 *   IMY's own form, covering GDPR Art. 33(3)(a)-(d), with the reasons for
 *   a late notification, cross-border processing marked, and the claims
 *   of secrecy (the notification becomes a public document);
 * - the communication to the data subjects in plain language, with the
 *   items of Art. 34(2);
 * - the early warning, incident notification and final report to the
 *   CSIRT with the items of NIS2 Art. 23(4)(a), (b) and (d).
 *
 * Tillit does not send them. Times are in Swedish local time.
 */
#ifndef TILLIT_DOMAIN_INCIDENT_TEXT_H
#define TILLIT_DOMAIN_INCIDENT_TEXT_H

#include <stddef.h>

#include "core/i18n.h"
#include "domain/incident.h"

struct arena;
struct db;
struct doc;
struct err;

enum incident_text { INCIDENT_TEXT_IMY, INCIDENT_TEXT_SUBJECTS, INCIDENT_TEXT_CSIRT };

/** What the texts are made of. */
struct incident_text_data {
	const struct incident *inc;
	struct incident_settings settings; /* of the incident's organisation (defaults without one) */
	struct incident_duty *duties;
	size_t n_duties;
};

/** Read what the texts of @inc need. Results live in @a. */
int incident_text_load(struct db *db, struct arena *a, const struct incident *inc, struct incident_text_data *out,
		       struct err *e);

/** The document @which for @d, in @lang. Lives in @a. */
struct doc *incident_text(struct arena *a, enum lang lang, enum incident_text which,
			  const struct incident_text_data *d);

/** The file name of text @which of incident @id with extension @ext ("imy-anmalan-INC-12.docx"). */
const char *incident_text_filename(struct arena *a, enum incident_text which, int64_t id, const char *ext);

#endif
