/*
 * i18n.h - words on screen in Swedish (default) or English.
 *
 * Message ids are the English source texts, marked in code with tr() or N_()
 * so xgettext can extract them into po/tillit.pot. po/sv.po and po/en.po are
 * compiled by msgfmt at build time and embedded in the binary; i18n_init()
 * reads the compiled catalogs (GNU .mo format) into sorted tables. The
 * language is chosen per request, never from a process-wide locale, so any
 * number of threads can translate at once after i18n_init().
 */
#ifndef TILLIT_CORE_I18N_H
#define TILLIT_CORE_I18N_H

#include <stddef.h>

struct arena;
struct err;

enum lang { LANG_SV = 0, LANG_EN = 1, LANG_COUNT };

/**
 * Load the embedded catalogs. Call once at start-up before any thread
 * translates. Returns 0, or -1 when a catalog is damaged (a build error).
 */
int i18n_init(void);

/** Release the tables (for leak checkers). */
void i18n_release(void);

/**
 * The translation of @msgid in @lang, or @msgid itself when the catalog has
 * none. Borrowed; valid until i18n_release().
 */
const char *i18n_get(enum lang lang, const char *msgid);

/** Shorthand used everywhere in pages: tr(LANG, "English text"). */
#define tr(lang, msgid) i18n_get((lang), (msgid))

/** "sv" or "en". */
const char *lang_code(enum lang lang);

/** Parse "sv"/"en" (also "sv-SE", "en-GB"); returns -1 when unknown. */
int lang_parse(const char *s);

/**
 * Pick a language from an Accept-Language header value; LANG_SV when the
 * header is NULL or names neither language.
 */
enum lang lang_from_accept(const char *header);

/**
 * The user-facing message of @e in @lang: the translated message id with its
 * argument filled in. Result lives in @a.
 */
const char *err_message(const struct err *e, enum lang lang, struct arena *a);

/**
 * Quarter @quarter (1..4) of @year as a person reads it in @lang: "kv. 3
 * 2025" in Swedish ("2025 K3" would read as confidentiality 3), "2025 Q3"
 * in English. Result lives in @a.
 */
const char *quarter_text(struct arena *a, enum lang lang, int year, int quarter);

/** Quarter @quarter (1..4) without a year: "kv. 3" in Swedish, "Q3" in English. Result lives in @a. */
const char *quarter_short(struct arena *a, enum lang lang, int quarter);

#endif
