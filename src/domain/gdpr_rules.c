/*
 * gdpr_rules.c - the rules of the data protection regulation that the
 * register applies, with no database: the points of Art. 6(1), 9(2) and
 * 49(1), retention periods, ISO 3166 countries, the EU/EEA and the
 * Commission's adequacy decisions (Art. 45), the checks of a third-country
 * transfer (Art. 44-49, with the Art. 49(3) rule for public authorities and
 * the EU-US Data Privacy Framework of 10 July 2023), and the screening for
 * an impact assessment (Art. 35(3) and the criteria IMY's list builds on).
 *
 * The country table is generated at build time from the iso-codes package
 * (cmake/iso3166.cmake); its Swedish names are in the Swedish catalog.
 */
#include "domain/gdpr.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/err.h"
#include "core/str.h"
#include "domain/validate.h"

/* cmake/iso3166.cmake: code and English name, sorted by code. */
extern const char *const iso3166_codes_names[][2];
extern const size_t iso3166_count;

const char *const gdpr_art6_points[6] = { "a", "b", "c", "d", "e", "f" };
static const char *const art6_labels[6] = {
	N_("(a) consent"),
	N_("(b) contract with the data subject"),
	N_("(c) legal obligation"),
	N_("(d) vital interests"),
	N_("(e) task in the public interest or exercise of official authority"),
	N_("(f) legitimate interests"),
};

const char *const gdpr_art9_points[10] = { "a", "b", "c", "d", "e", "f", "g", "h", "i", "j" };
static const char *const art9_labels[10] = {
	N_("(a) explicit consent"),
	N_("(b) employment, social security and social protection law"),
	N_("(c) vital interests where consent cannot be given"),
	N_("(d) foundations, associations and other not-for-profit bodies"),
	N_("(e) made manifestly public by the data subject"),
	N_("(f) legal claims and courts"),
	N_("(g) substantial public interest"),
	N_("(h) health and social care, medicine"),
	N_("(i) public health"),
	N_("(j) archiving, research and statistics"),
};

const char *const gdpr_art49_points[7] = { "a", "b", "c", "d", "e", "f", "g" };
static const char *const art49_labels[7] = {
	N_("(a) explicit consent to the transfer"),
	N_("(b) contract with the data subject"),
	N_("(c) contract in the interest of the data subject"),
	N_("(d) important reasons of public interest"),
	N_("(e) legal claims"),
	N_("(f) vital interests"),
	N_("(g) transfer from a public register"),
};

const char *gdpr_art6_label(const char *p)
{
	int k = str_index(gdpr_art6_points, 6, p);
	return k < 0 ? NULL : art6_labels[k];
}

const char *gdpr_art9_label(const char *p)
{
	int k = str_index(gdpr_art9_points, 10, p);
	return k < 0 ? NULL : art9_labels[k];
}

const char *gdpr_art49_label(const char *p)
{
	int k = str_index(gdpr_art49_points, 7, p);
	return k < 0 ? NULL : art49_labels[k];
}

/* --- retention ------------------------------------------------------------------ */

/* Does @s start with the word @w (ASCII case-insensitively), followed by the end or a space? */
static const char *word(const char *s, const char *w)
{
	size_t n = strlen(w);
	if (strncasecmp(s, w, n) || (s[n] && s[n] != ' '))
		return NULL;
	for (s += n; *s == ' '; s++)
		;
	return s;
}

static const struct {
	const char *word;
	int days;   /* per unit, when the unit is days or weeks */
	int months; /* per unit otherwise */
} retention_units[] = {
	{ "d", 1, 0 },      { "dag", 1, 0 },    { "dagar", 1, 0 }, { "day", 1, 0 },     { "days", 1, 0 },
	{ "vecka", 7, 0 },  { "veckor", 7, 0 }, { "week", 7, 0 },  { "weeks", 7, 0 },   { "mån", 0, 1 },
	{ "Mån", 0, 1 },    { "månad", 0, 1 },  { "Månad", 0, 1 }, { "månader", 0, 1 }, { "Månader", 0, 1 },
	{ "month", 0, 1 },  { "months", 0, 1 }, { "år", 0, 12 },   { "År", 0, 12 },     { "year", 0, 12 },
	{ "years", 0, 12 },
};

bool gdpr_retention_parse(const char *s, int64_t *months)
{
	static const char *const forever[] = { "bevaras", "permanent", "kept", "gallras inte", "never erased" };
	static const char *const while_needed[] = { "vid inaktualitet", "gallras vid inaktualitet",
						    "when no longer needed" };
	const char *p, *rest;
	char *end;
	long long n;

	if (!s)
		return false;
	while (*s == ' ')
		s++;
	for (size_t i = 0; i < sizeof(forever) / sizeof(forever[0]); i++)
		if (word(s, forever[i])) {
			*months = -1;
			return true;
		}
	for (size_t i = 0; i < sizeof(while_needed) / sizeof(while_needed[0]); i++)
		if (word(s, while_needed[i])) {
			*months = -2;
			return true;
		}
	/* "gallras efter 5 år", "gallras 5 år", "after 5 years" */
	if ((p = word(s, "gallras")))
		s = p;
	if ((p = word(s, "efter")) || (p = word(s, "after")))
		s = p;
	if (*s < '0' || *s > '9')
		return false;
	n = strtoll(s, &end, 10);
	if (n <= 0 || n > 1000 || (*end != ' ' && *end != '\0'))
		return false;
	while (*end == ' ')
		end++;
	for (size_t i = 0; i < sizeof(retention_units) / sizeof(retention_units[0]); i++) {
		if (!(rest = word(end, retention_units[i].word)))
			continue;
		if (retention_units[i].days)
			*months = (n * retention_units[i].days + 29) / 30;
		else
			*months = n * retention_units[i].months;
		return true;
	}
	return false;
}

/* --- countries --------------------------------------------------------------------- */

static int country_cmp(const void *key, const void *elem)
{
	const char *const *row = elem;
	return strcmp(key, row[0]);
}

const char *gdpr_country_name(const char *code)
{
	const char *const *row;
	if (!code || strlen(code) != 2)
		return NULL;
	row = bsearch(code, iso3166_codes_names, iso3166_count, sizeof(iso3166_codes_names[0]), country_cmp);
	return row ? row[1] : NULL;
}

size_t gdpr_country_count(void)
{
	return iso3166_count;
}

const char *gdpr_country_code(size_t i)
{
	return i < iso3166_count ? iso3166_codes_names[i][0] : NULL;
}

static bool in_list(const char *code, const char *list)
{
	/* @list: codes separated by spaces */
	for (const char *p = list; code && strlen(code) == 2 && *p; p += 3)
		if (p[0] == code[0] && p[1] == code[1])
			return true;
	return false;
}

/* The 27 member states and the other three EEA states. */
static const char eea[] = "AT BE BG CY CZ DE DK EE ES FI FR GR HR HU IE IT LT LU LV MT NL PL PT RO SE SI SK IS LI NO ";

/* Adequacy decisions under Art. 45 (apart from the EU-US Data Privacy Framework). */
static const char adequate[] = "AD AR CA CH FO GB GG IL IM JE JP KR NZ UY ";

bool gdpr_country_eea(const char *code)
{
	return in_list(code, eea);
}

bool gdpr_country_adequate(const char *code)
{
	return in_list(code, adequate);
}

/* --- transfers ------------------------------------------------------------------------ */

const char *const gdpr_bases[GDPR_BASIS_COUNT] = { "adequacy", "dpf", "scc", "bcr", "derogation" };
const char *const gdpr_basis_labels[GDPR_BASIS_COUNT] = {
	N_("Adequacy decision (Art. 45)"),
	N_("EU-US Data Privacy Framework (adequacy decision of 10 July 2023)"),
	N_("Standard contractual clauses (Art. 46(2)(c))"),
	N_("Binding corporate rules (Art. 47)"),
	N_("Derogation for a specific situation (Art. 49(1))"),
};

int gdpr_transfer_check(const struct gdpr_transfer *t, bool public_authority, struct err *e)
{
	int rc;

	if (!t->country || !*t->country)
		return err_set(e, ERR_INVALID, "country", N_("Choose the country the data are transferred to."));
	if (!gdpr_country_name(t->country))
		return err_set1(e, ERR_INVALID, "country",
				N_("%s is not a country code of ISO 3166 (two capital letters, such as US)."),
				t->country);
	if (gdpr_country_eea(t->country))
		return err_set(e, ERR_INVALID, "country",
			       N_("The country is in the EU or the EEA: that is not a transfer to a third country."));
	if ((rc = check_text(e, "recipient", t->recipient, 200, false)) ||
	    (rc = check_text(e, "safeguards", t->safeguards, 10000, false)))
		return rc;
	switch (str_index(gdpr_bases, GDPR_BASIS_COUNT, t->basis)) {
	case 0: /* REQ: GDPR-45 adequacy */
		if (!strcmp(t->country, "US"))
			return err_set(e, ERR_INVALID, "basis",
				       N_("For the United States the adequacy decision is the EU-US Data Privacy "
					  "Framework: choose it and note the recipient's certification."));
		if (!gdpr_country_adequate(t->country))
			return err_set(e, ERR_INVALID, "basis",
				       N_("The Commission has made no adequacy decision for this country: choose "
					  "another basis for the transfer."));
		return 0;
	case 1: /* REQ: GDPR-45 DPF, Implementing Decision (EU) 2023/1795 */
		if (strcmp(t->country, "US"))
			return err_set(
				e, ERR_INVALID, "basis",
				N_("The EU-US Data Privacy Framework covers transfers to the United States only."));
		if (!t->dpf_certified)
			return err_set(e, ERR_INVALID, "dpf_certified",
				       N_("The Data Privacy Framework covers only recipients certified on its list: "
					  "note that the recipient is certified, or choose another basis."));
		if (!t->dpf_checked_on || !*t->dpf_checked_on)
			return err_set(e, ERR_INVALID, "dpf_checked_on",
				       N_("Enter the date the recipient's certification was checked."));
		return check_date(e, "dpf_checked_on", t->dpf_checked_on, true);
	case 2: /* REQ: GDPR-46.2.c */
		if (!t->scc_module || strlen(t->scc_module) != 1 || t->scc_module[0] < '1' || t->scc_module[0] > '4')
			return err_set(e, ERR_INVALID, "scc_module",
				       N_("Choose the module of the standard contractual clauses (1 to 4)."));
		return 0;
	case 3: /* REQ: GDPR-47 */
		return 0;
	case 4: { /* REQ: GDPR-49.1, GDPR-49.3 */
		int k = str_index(gdpr_art49_points, 7, t->art49_point);
		if (k < 0)
			return err_set(e, ERR_INVALID, "art49_point",
				       N_("Choose the point of Art. 49(1), (a) to (g)."));
		if (public_authority && k <= 2)
			return err_set(e, ERR_INVALID, "art49_point",
				       N_("A public authority cannot rely on Art. 49(1)(a), (b) or (c) in the exercise "
					  "of its public powers (Art. 49(3)): choose another basis."));
		return 0;
	}
	default:
		return err_set(e, ERR_INVALID, "basis", N_("Choose the basis of the transfer."));
	}
}

/* --- screening for an impact assessment -------------------------------------------------- */

const char *const gdpr_dpia_keys[DPIA_CRITERION_COUNT] = {
	"profiling",       "public_monitoring",  "large_scale",
	"evaluation",      "automated_decision", "systematic_monitoring",
	"highly_personal", "matching",           "vulnerable",
	"innovative",      "prevents_rights",
};

const char *const gdpr_dpia_questions[DPIA_CRITERION_COUNT] = {
	N_("Are personal aspects evaluated systematically and extensively by automated means, including profiling, "
	   "and are decisions with legal or similarly significant effects based on it?"),
	N_("Is a publicly accessible area monitored systematically on a large scale?"),
	N_("Are personal data processed on a large scale (many people, much data, long or wide)?"),
	N_("Are people evaluated or scored (for example their needs, performance or risks)?"),
	N_("Are decisions made by automated means with legal or similarly significant effects?"),
	N_("Are people monitored systematically (observed, tracked or logged)?"),
	N_("Are other data of a highly personal nature processed (for example social conditions or finances)?"),
	N_("Are data sets matched or combined from different processing?"),
	N_("Are the data subjects vulnerable (children, patients, employees, people in care)?"),
	N_("Is new technology or a new organisational solution used?"),
	N_("Can the processing prevent people from exercising a right or using a service?"),
};

/* Short names of the criteria of IMY's list, for the reason of a suggestion. */
static const char *const criterion_names[DPIA_CRITERION_COUNT] = {
	NULL,
	NULL,
	N_("large scale"),
	N_("evaluation or scoring"),
	N_("automated decisions"),
	N_("systematic monitoring"),
	N_("sensitive or highly personal data"),
	N_("matched or combined data sets"),
	N_("vulnerable data subjects"),
	N_("new technology"),
	N_("prevents exercising a right"),
};

static void reason(struct gdpr_dpia_suggestion *s, const char *msgid, const char *arg)
{
	if (s->n_reasons < GDPR_DPIA_MAX_REASONS) {
		s->reasons[s->n_reasons] = msgid;
		s->args[s->n_reasons++] = arg;
	}
}

void gdpr_dpia_suggest(struct arena *a, enum lang lang, int64_t criteria, bool special,
		       struct gdpr_dpia_suggestion *out)
{
	struct buf met;
	bool sensitive_counted = false;

	*out = (struct gdpr_dpia_suggestion){ 0 };
	buf_init(&met, a);
#define HAS(k) ((criteria >> (k)) & 1)
	/* REQ: GDPR-35.3.a */
	if (HAS(DPIA_PROFILING))
		reason(out,
		       N_("Art. 35(3)(a): systematic and extensive evaluation by automated means, including "
			  "profiling, with decisions that have legal or similarly significant effects."),
		       NULL);
	/* REQ: GDPR-35.3.b */
	if (HAS(DPIA_LARGE_SCALE) && special)
		reason(out,
		       N_("Art. 35(3)(b): special categories of personal data or data on criminal offences "
			  "processed on a large scale."),
		       NULL);
	/* REQ: GDPR-35.3.c */
	if (HAS(DPIA_PUBLIC_MONITORING))
		reason(out, N_("Art. 35(3)(c): systematic monitoring of a publicly accessible area on a large scale."),
		       NULL);
	/* REQ: GDPR-35.4 two or more of the criteria of IMY's list; special categories count as sensitive data. */
	for (int k = DPIA_LARGE_SCALE; k < DPIA_CRITERION_COUNT; k++) {
		bool hit = HAS(k) || (k == DPIA_HIGHLY_PERSONAL && special);
		if (!hit || (k == DPIA_HIGHLY_PERSONAL && sensitive_counted))
			continue;
		if (k == DPIA_HIGHLY_PERSONAL)
			sensitive_counted = true;
		if (out->n_criteria++)
			buf_adds(&met, ", ");
		buf_adds(&met, tr(lang, criterion_names[k]));
	}
#undef HAS
	if (out->n_criteria >= 2)
		reason(out, N_("Two or more of the criteria of IMY's list are met: %s."), met.data);
	out->required = out->n_reasons > 0;
}
