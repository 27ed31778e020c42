/*
 * incident_text.c - the notification texts of an incident as documents.
 *
 * Each section is a small two-column table (what the form asks, what the
 * incident says), so a person can copy a value into the authority's form
 * field by field; a field the incident does not fill says so instead of
 * being left out, so nothing the form asks for is forgotten. The article
 * each item answers is named in its heading.
 */
#include "domain/incident_text.h"

#include <inttypes.h>
#include <string.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/err.h"
#include "core/str.h"
#include "core/timeutil.h"
#include "core/zone.h"
#include "domain/unit.h"
#include "io/doc.h"

int incident_text_load(struct db *db, struct arena *a, const struct incident *inc, struct incident_text_data *out,
		       struct err *e)
{
	int64_t org = unit_org_of(inc->unit_path);
	int rc;

	*out = (struct incident_text_data){ 0 };
	out->inc = inc;
	out->settings.controller = out->settings.org_number = out->settings.contact = "";
	if (org && (rc = incident_settings_get(db, a, org, &out->settings, e)))
		return rc;
	return incident_duties(db, a, inc, time_now(), &out->duties, &out->n_duties, e);
}

/* --- pieces ---------------------------------------------------------------------------- */

struct text {
	struct arena *a;
	enum lang lang;
	struct doc *d;
	struct doc_table *t;
};

static const char *T(const struct text *x, const char *msgid)
{
	return tr(x->lang, msgid);
}

static void section(struct text *x, const char *heading)
{
	static const unsigned widths[] = { 35, 65 };
	doc_heading(x->d, 2, T(x, heading));
	x->t = doc_table(x->d, 2, widths, NULL);
	x->t->n_row_heads = 1;
	doc_cell_text(x->t, &x->t->head, 0, T(x, N_("Item")));
	doc_cell_text(x->t, &x->t->head, 1, T(x, N_("Answer")));
}

/* A row: @label translated, @value as written, or a word saying it is not filled in. */
static void row(struct text *x, const char *label, const char *value)
{
	struct doc_row *r = doc_row(x->d, x->t);
	doc_cell_text(x->t, r, 0, T(x, label));
	doc_cell_text(x->t, r, 1, value && !str_blank(value) ? value : T(x, N_("Not filled in")));
}

static const char *local_time(struct text *x, const char *iso)
{
	time_t t;
	char buf[ZONE_LOCAL_LEN];
	if (!iso || !time_parse_iso(iso, &t))
		return NULL;
	zone_format_local(t, buf);
	return arena_printf(x->a, "%s (%s)", buf, T(x, N_("Swedish time")));
}

static const char *local_instant(struct text *x, time_t t)
{
	char buf[ZONE_LOCAL_LEN];
	if (!t)
		return NULL;
	zone_format_local(t, buf);
	return arena_printf(x->a, "%s (%s)", buf, T(x, N_("Swedish time")));
}

static const char *yes_no(struct text *x, bool b)
{
	return T(x, b ? N_("Yes") : N_("No"));
}

static const char *approx(struct text *x, int64_t v)
{
	return v >= 0 ? arena_printf(x->a, "%" PRId64, v) : T(x, N_("Not known"));
}

static const struct incident_duty *duty(const struct incident_text_data *d, const char *regime)
{
	for (size_t i = 0; i < d->n_duties; i++)
		if (!strcmp(d->duties[i].n.regime, regime))
			return &d->duties[i];
	return NULL;
}

static const char *type_of_breach(struct text *x, const struct incident *inc)
{
	struct buf b;
	buf_init(&b, x->a);
	if (inc->aspect_c)
		buf_adds(&b, T(x, N_("Confidentiality (unauthorised disclosure or access)")));
	if (inc->aspect_i) {
		if (b.len)
			buf_adds(&b, "; ");
		buf_adds(&b, T(x, N_("Integrity (unauthorised or accidental alteration)")));
	}
	if (inc->aspect_a) {
		if (b.len)
			buf_adds(&b, "; ");
		buf_adds(&b, T(x, N_("Availability (loss of access or destruction)")));
	}
	return buf_cstr(&b);
}

static const char *severity(struct text *x, const struct incident *inc)
{
	return *inc->severity ? T(x, incident_label(incident_severities, incident_severity_labels,
						    INCIDENT_SEVERITY_COUNT, inc->severity))
			      : NULL;
}

static void intro(struct text *x, const char *what)
{
	struct doc_para *p = doc_paragraph(x->d);
	doc_run(p, DOC_EM, T(x, what));
}

/* --- IMY: GDPR Art. 33 -------------------------------------------------------------------- */

static void text_imy(struct text *x, const struct incident_text_data *d)
{
	const struct incident *inc = d->inc;
	const struct incident_duty *imy = duty(d, "gdpr33"), *subjects = duty(d, "gdpr34");
	const char *controller = *d->settings.controller ? d->settings.controller : d->settings.org_name;

	intro(x, N_("Copy each answer into IMY's form for reporting a personal data breach. Tillit does not send it."));
	section(x, N_("The controller"));
	row(x, N_("Controller"), controller);
	row(x, N_("Organisation number"), d->settings.org_number);
	row(x, N_("Our reference"), incident_ref(x->a, inc->id));
	row(x, N_("IMY's case reference"), imy ? imy->n.case_ref : NULL);
	section(x, N_("Contact point (Art. 33(3)(b))"));
	row(x, N_("Data protection officer or other contact point"), d->settings.contact);
	section(x, N_("The breach (Art. 33(3)(a))"));
	row(x, N_("When it happened"), local_time(x, inc->occurred_at));
	row(x, N_("When it was discovered"), local_time(x, inc->discovered_at));
	row(x, N_("When we became aware of it"), local_time(x, inc->aware_at));
	row(x, N_("When it ended"), inc->ended_at ? local_time(x, inc->ended_at) : T(x, N_("Not ended, or not known")));
	row(x, N_("Type of breach"), type_of_breach(x, inc));
	row(x, N_("Category"), incident_category_name(x->lang, inc->category_name, inc->category_builtin));
	row(x, N_("What happened"), inc->description);
	row(x, N_("Cause"), inc->cause);
	section(x, N_("Data subjects and personal data (Art. 33(3)(a))"));
	row(x, N_("Categories of data subjects"), inc->subject_categories);
	row(x, N_("Approximate number of data subjects"), approx(x, inc->subjects_approx));
	row(x, N_("Kinds of personal data"), inc->data_kinds);
	row(x, N_("Approximate number of personal data records"), approx(x, inc->records_approx));
	section(x, N_("Consequences (Art. 33(3)(c))"));
	row(x, N_("Likely consequences"), inc->consequences);
	row(x, N_("Severity"), severity(x, inc));
	section(x, N_("Measures (Art. 33(3)(d))"));
	row(x, N_("Measures taken or proposed"), inc->measures);
	section(x, N_("Information to the data subjects (Art. 34)"));
	if (!subjects || !strcmp(subjects->n.decision, "pending")) {
		row(x, N_("Have they been or will they be informed?"), T(x, N_("Not decided yet")));
	} else if (!strcmp(subjects->n.decision, "no")) {
		row(x, N_("Have they been or will they be informed?"), T(x, N_("No")));
		row(x, N_("Why not"), subjects->n.reason);
	} else {
		row(x, N_("Have they been or will they be informed?"), T(x, N_("Yes")));
		row(x, N_("When"),
		    subjects->clocks[0].done ? local_instant(x, subjects->clocks[0].done)
					     : T(x, N_("Without undue delay; not yet done")));
	}
	section(x, N_("Other"));
	row(x, N_("Cross-border processing (other EU/EEA countries affected)"), yes_no(x, inc->cross_border));
	if (imy && imy->clocks[0].due) {
		row(x, N_("Deadline (72 hours after becoming aware)"), local_instant(x, imy->clocks[0].due));
		if (imy->clocks[0].state == CLOCK_MISSED || imy->clocks[0].state == CLOCK_LATE ||
		    !str_blank(imy->n.delay_reason))
			row(x, N_("Reasons for the delay (Art. 33(1))"), imy->n.delay_reason);
	}
	section(x, N_("Secrecy"));
	row(x, N_("Claims of secrecy (the notification becomes a public document at IMY)"), inc->secrecy);
}

/* --- the data subjects: GDPR Art. 34 ------------------------------------------------------- */

static void text_subjects(struct text *x, const struct incident_text_data *d)
{
	const struct incident *inc = d->inc;
	const char *controller = *d->settings.controller ? d->settings.controller : d->settings.org_name;
	struct doc_para *p;

	intro(x,
	      N_("A letter to the people whose personal data the breach concerns, in plain language (GDPR Art. 34(2))."));
	doc_heading(x->d, 2, T(x, N_("What has happened")));
	p = doc_paragraph(x->d);
	doc_run(p, DOC_PLAIN, inc->description && *inc->description ? inc->description : inc->title);
	if (inc->occurred_at || inc->aware_at) {
		p = doc_paragraph(x->d);
		if (inc->occurred_at) {
			doc_run(p, DOC_STRONG, T(x, N_("When it happened: ")));
			doc_run(p, DOC_PLAIN, local_time(x, inc->occurred_at));
			doc_run(p, DOC_PLAIN, "\n");
		}
		if (inc->aware_at) {
			doc_run(p, DOC_STRONG, T(x, N_("When we found out: ")));
			doc_run(p, DOC_PLAIN, local_time(x, inc->aware_at));
		}
	}
	if (!str_blank(inc->data_kinds)) {
		doc_heading(x->d, 2, T(x, N_("Which information about you it concerns")));
		doc_text(x->d, inc->data_kinds);
	}
	doc_heading(x->d, 2, T(x, N_("What it may mean for you (Art. 33(3)(c))")));
	doc_text(x->d, str_blank(inc->consequences) ? T(x, N_("Not filled in")) : inc->consequences);
	doc_heading(x->d, 2, T(x, N_("What we have done and what you can do (Art. 33(3)(d))")));
	doc_text(x->d, str_blank(inc->measures) ? T(x, N_("Not filled in")) : inc->measures);
	doc_heading(x->d, 2, T(x, N_("Who to contact (Art. 33(3)(b))")));
	p = doc_paragraph(x->d);
	if (controller && *controller) {
		doc_run(p, DOC_STRONG, controller);
		doc_run(p, DOC_PLAIN, "\n");
	}
	doc_run(p, DOC_PLAIN, str_blank(d->settings.contact) ? T(x, N_("Not filled in")) : d->settings.contact);
	p = doc_paragraph(x->d);
	doc_run(p, DOC_PLAIN, T(x, N_("Our reference: ")));
	doc_run(p, DOC_PLAIN, incident_ref(x->a, inc->id));
}

/* --- the CSIRT: NIS2 Art. 23(4) ------------------------------------------------------------ */

static const struct incident_clock *clock_of(const struct incident_duty *d, const char *stage)
{
	for (size_t i = 0; d && i < d->n_clocks; i++)
		if (!strcmp(d->clocks[i].stage, stage))
			return &d->clocks[i];
	return NULL;
}

static void deadline_row(struct text *x, const struct incident_duty *csirt, const char *stage)
{
	const struct incident_clock *c = clock_of(csirt, stage);
	if (!c)
		return;
	row(x, N_("Deadline"), c->due ? local_instant(x, c->due) : T(x, N_("Counts from the incident notification")));
	row(x, N_("Filed"), c->done ? local_instant(x, c->done) : T(x, N_("Not yet")));
}

static void text_csirt(struct text *x, const struct incident_text_data *d)
{
	const struct incident *inc = d->inc;
	const struct incident_duty *csirt = duty(d, "csirt");
	const char *controller = *d->settings.controller ? d->settings.controller : d->settings.org_name;

	intro(x,
	      N_("The three reports of a significant incident to the CSIRT under the cybersecurity act (2025:1506), with the items of NIS2 Art. 23(4). Tillit does not send them."));
	section(x, N_("The entity"));
	row(x, N_("Organisation"), controller);
	row(x, N_("Organisation number"), d->settings.org_number);
	row(x, N_("Contact point"), d->settings.contact);
	row(x, N_("Our reference"), incident_ref(x->a, inc->id));
	row(x, N_("The CSIRT's case reference"), csirt ? csirt->n.case_ref : NULL);

	section(x, N_("1. Early warning, within 24 hours (Art. 23(4)(a))"));
	deadline_row(x, csirt, "early_warning");
	row(x, N_("When we became aware of it"), local_time(x, inc->aware_at));
	row(x, N_("What has happened"), inc->title);
	row(x, N_("Suspected unlawful or malicious act"), yes_no(x, inc->malicious));
	row(x, N_("Could it have a cross-border impact"), yes_no(x, inc->cross_border));

	section(x, N_("2. Incident notification, within 72 hours (Art. 23(4)(b))"));
	deadline_row(x, csirt, "notification");
	row(x, N_("Update of the early warning"), inc->description);
	row(x, N_("Initial assessment: severity"), severity(x, inc));
	row(x, N_("Initial assessment: impact"), inc->consequences);
	row(x, N_("Indicators of compromise"), inc->indicators);

	section(x, N_("3. Final report, within one month of the notification (Art. 23(4)(d))"));
	deadline_row(x, csirt, "final");
	row(x, N_("(i) Detailed description, with severity and impact"),
	    arena_printf(x->a, "%s\n%s: %s\n%s", inc->description ? inc->description : "", T(x, N_("Severity")),
			 severity(x, inc) ? severity(x, inc) : T(x, N_("Not filled in")),
			 inc->consequences ? inc->consequences : ""));
	row(x, N_("(ii) Type of threat or root cause"), inc->cause);
	row(x, N_("(iii) Mitigation measures applied and ongoing"), inc->measures);
	row(x, N_("(iv) Cross-border impact"), yes_no(x, inc->cross_border));
	row(x, N_("When it ended"), inc->ended_at ? local_time(x, inc->ended_at) : T(x, N_("Not ended, or not known")));
}

static const char *const titles[] = {
	N_("Notification of a personal data breach to IMY"),
	N_("Information to the data subjects about a personal data breach"),
	N_("Reports to the CSIRT of a significant incident"),
};

struct doc *incident_text(struct arena *a, enum lang lang, enum incident_text which, const struct incident_text_data *d)
{
	struct text x = { a, lang, NULL, NULL };

	x.d = doc_new(a, lang, arena_printf(a, "%s – %s", tr(lang, titles[which]), incident_ref(a, d->inc->id)));
	if (which == INCIDENT_TEXT_IMY)
		text_imy(&x, d);
	else if (which == INCIDENT_TEXT_SUBJECTS)
		text_subjects(&x, d);
	else
		text_csirt(&x, d);
	return x.d;
}

const char *incident_text_filename(struct arena *a, enum incident_text which, int64_t id, const char *ext)
{
	static const char *const stems[] = { "imy-anmalan", "information-registrerade", "csirt-rapporter" };
	return arena_printf(a, "%s-INC-%" PRId64 ".%s", stems[which], id, ext);
}
