/*
 * cmd_gdpr.c - tillit export register: the register of processing
 * activities (GDPR Art. 30) for a controller, or the whole installation, in
 * the formats of the web page's exports.
 *
 *   tillit export register --format json|csv|xlsx|docx|html|md [--output FILE] [--unit ID] [--lang sv|en]
 *                          [--db URL]
 *
 * With --unit, the activities of that unit (the controller) and the units
 * below it. Text formats go to standard output unless --output names a
 * file; xlsx and docx need --output. Headers and words are Swedish, the
 * installation's language, unless --lang (or TILLIT_LANG) says en.
 *
 * Also here: the demo municipality's register (tillit demo), made through
 * the domain like the rest of the demo data.
 */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "core/arena.h"
#include "core/buf.h"
#include "core/err.h"
#include "core/html.h"
#include "db/db.h"
#include "domain/asset.h"
#include "domain/gdpr.h"
#include "domain/unit.h"
#include "domain/user.h"
#include "io/doc.h"

static int render(struct arena *a, enum lang lang, const struct gdpr_register *reg, const char *format,
		  const char **data, size_t *len, struct err *e)
{
	struct buf b;
	int rc = 0;

	buf_init(&b, a);
	if (!strcmp(format, "json")) {
		gdpr_register_json(&b, reg);
	} else if (!strcmp(format, "csv")) {
		gdpr_register_csv(&b, reg, lang);
	} else if (!strcmp(format, "xlsx")) {
		return gdpr_register_xlsx(a, reg, lang, data, len, e);
	} else {
		struct doc *d = gdpr_register_doc(a, lang, reg);
		if (!strcmp(format, "docx"))
			return doc_docx(a, d, data, len, e);
		if (!strcmp(format, "md")) {
			doc_markdown(&b, d);
		} else {
			struct html h;
			html_init(&h, a, lang);
			doc_html_standalone(&h, d);
			b = h.b;
		}
	}
	*data = b.data ? b.data : "";
	*len = b.len;
	return rc;
}

static const char *const formats[] = { "json", "csv", "xlsx", "docx", "html", "md", NULL };
static const char *const file_formats[] = { "xlsx", "docx", NULL };

static const struct cli_export_spec spec = {
	"export register",
	formats,
	"--format is json, csv, xlsx, docx, html or md",
	file_formats,
	"--format xlsx and docx need --output FILE",
};

int cmd_export_register(int argc, char **argv)
{
	const char *data;
	struct cli_export o;
	struct gdpr_register reg;
	struct gdpr_filter f;
	struct err e = { 0 };
	struct arena *a;
	struct db *db;
	size_t len;
	int rc;

	if ((rc = cli_export_options(&spec, argc, argv, &o)))
		return rc;
	gdpr_filter_init(&f);
	f.unit_id = o.unit_id;
	db = cli_open_db(cli_db_url(o.url));
	if (!db)
		return CLI_FAIL;
	a = arena_new();
	if ((rc = gdpr_register_read(db, a, o.lang, &f, &reg, &e)) ||
	    (rc = render(a, o.lang, &reg, o.format, &data, &len, &e)))
		rc = cli_fail(&e);
	else
		rc = cli_write_file(o.output, data, len);
	arena_free(a);
	db_close(db);
	return rc;
}

/* --- the demo municipality's register ---------------------------------------------------- */

/* The unit named @name (exactly). */
static int unit_named(struct db *db, struct arena *a, const char *name, int64_t *id, struct err *e)
{
	struct unit_filter f = { 0 };
	struct unit *list;
	size_t n;
	int rc;
	f.q = name;
	if ((rc = unit_list(db, a, &f, &list, &n, NULL, e)))
		return rc;
	for (size_t i = 0; i < n; i++)
		if (!strcmp(list[i].name, name)) {
			*id = list[i].id;
			return 0;
		}
	return err_set1(e, ERR_NOTFOUND, "unit_id", N_("No such unit: %s."), name);
}

static int asset_named(struct db *db, struct arena *a, const char *name, int64_t *id, struct err *e)
{
	struct asset_filter f;
	struct asset *list;
	size_t n;
	int rc;
	asset_filter_init(&f);
	f.q = name;
	if ((rc = asset_list(db, a, &f, &list, &n, NULL, e)))
		return rc;
	*id = n ? list[0].id : 0;
	return 0;
}

int cmd_demo_register(struct db *db, struct arena *a, const struct auth *auth, struct err *e)
{
	static const char *const subjects[] = { "Klienter", "Vårdnadshavare", "Elever", "Anställda", "Medborgare" };
	static const char *const data[][2] = {
		{ "Kontaktuppgifter", "" },       { "Personnummer", "" },
		{ "Uppgifter om hälsa", "art9" }, { "Uppgifter om lagöverträdelser", "art10" },
		{ "Sociala förhållanden", "" },   { "Ekonomiska förhållanden", "" }
	};
	int64_t org, soc, ks, s[5], d[6], sys_soc, personakter, eplatform, proc, id;
	struct user dpo, owner;
	struct gdpr_activity p;
	int rc;

	if ((rc = unit_named(db, a, "Ekdala kommun", &org, e)) || (rc = unit_named(db, a, "Socialnämnden", &soc, e)) ||
	    (rc = unit_named(db, a, "Kommunstyrelsen", &ks, e)) || (rc = user_get_by_username(db, a, "dso", &dpo, e)) ||
	    (rc = user_get_by_username(db, a, "agare", &owner, e)) ||
	    (rc = asset_named(db, a, "Verksamhetssystem socialtjänst", &sys_soc, e)) ||
	    (rc = asset_named(db, a, "Personakter inom individ- och familjeomsorgen", &personakter, e)) ||
	    (rc = asset_named(db, a, "E-tjänsteplattform", &eplatform, e)))
		return rc;
	for (size_t i = 0; i < 5; i++)
		if ((rc = gdpr_category_create(db, a, auth, org, "subject", subjects[i], "", &s[i], e)))
			return rc;
	for (size_t i = 0; i < 6; i++)
		if ((rc = gdpr_category_create(db, a, auth, org, "data", data[i][0], data[i][1], &d[i], e)))
			return rc;
	{
		struct gdpr_subprocessor subs[1] = { { .name = "Driftpartnern AB", .country = "SE" } };
		struct gdpr_processor_input in = {
			ks, "Systemleverantören AB", "556677-8899", "avtal@leverantoren.example", "SE", subs, 1
		};
		struct gdpr_agreement_input ag = { "2023-02-01", "2027-01-31", "KS 2023/112", NULL, NULL, 0 };
		struct gdpr_processor pr;
		if ((rc = processor_create(db, a, auth, &in, &proc, e)) || (rc = processor_get(db, a, proc, &pr, e)) ||
		    (rc = agreement_add(db, a, auth, &pr, &ag, NULL, e)))
			return rc;
	}
	{
		/* Reviewed by the data protection officer. */
		struct gdpr_purpose_input pu[2] = {
			{ "Utredning och beslut om ekonomiskt bistånd", "e", "Socialtjänstlagen (2001:453)" },
			{ "Dokumentation av handläggningen", "c", "Socialtjänstlagen (2001:453)" }
		};
		int64_t subj[1] = { s[0] }, assets[2] = { sys_soc, personakter }, procs[1] = { proc };
		struct gdpr_data_input dd[3] = { { d[0], "5 år", "Socialnämndens dokumenthanteringsplan" },
						 { d[4], "5 år", "Socialnämndens dokumenthanteringsplan" },
						 { d[5], "5 år", "Socialnämndens dokumenthanteringsplan" } };
		struct gdpr_activity_input in = { .unit_id = soc,
						  .name = "Handläggning av ekonomiskt bistånd",
						  .controller_contact = "Socialnämnden, Ekdala kommun, registrator",
						  .dpo_id = dpo.id,
						  .owner_id = owner.id,
						  .recipients = "Försäkringskassan, Skatteverket",
						  .purposes = pu,
						  .n_purposes = 2,
						  .subject_ids = subj,
						  .n_subjects = 1,
						  .data = dd,
						  .n_data = 3,
						  .asset_ids = assets,
						  .n_assets = 2,
						  .processor_ids = procs,
						  .n_processors = 1,
						  .dpia_criteria = (1 << DPIA_VULNERABLE) | (1 << DPIA_EVALUATION),
						  .dpia_decision = "required",
						  .dpia_reason = "Sårbara registrerade och bedömning av behov." };
		if ((rc = gdpr_activity_create(db, a, auth, &in, &id, e)) ||
		    (rc = gdpr_activity_get(db, a, id, &p, e)) ||
		    (rc = gdpr_activity_submit(db, a, auth, &p, p.version, e)) ||
		    (rc = gdpr_activity_get(db, a, id, &p, e)) ||
		    (rc = gdpr_activity_validate(db, a, auth, &p, p.version, e)))
			return rc;
	}
	{
		/* A draft with a transfer, whose owner is asked to complete it. */
		struct gdpr_purpose_input pu[1] = { { "Ansökningar och ärenden via e-tjänster", "e",
						      "Kommunallagen (2017:725)" } };
		int64_t subj[1] = { s[4] }, assets[1] = { eplatform };
		struct gdpr_data_input dd[2] = { { d[0], "", "" }, { d[1], "vid inaktualitet", "" } };
		struct gdpr_activity_input in = { .unit_id = ks,
						  .name = "E-tjänster för medborgare",
						  .dpo_id = dpo.id,
						  .owner_id = owner.id,
						  .purposes = pu,
						  .n_purposes = 1,
						  .subject_ids = subj,
						  .n_subjects = 1,
						  .data = dd,
						  .n_data = 2,
						  .asset_ids = assets,
						  .n_assets = 1 };
		struct gdpr_transfer tr = { .country = "US",
					    .recipient = "Formulärtjänsten Inc.",
					    .basis = "dpf",
					    .dpf_certified = true,
					    .dpf_checked_on = "2026-01-15" };
		if ((rc = gdpr_activity_create(db, a, auth, &in, &id, e)) ||
		    (rc = gdpr_activity_get(db, a, id, &p, e)) ||
		    (rc = gdpr_transfer_add(db, a, auth, &p, NULL, &tr, NULL, e)) ||
		    (rc = gdpr_activity_get(db, a, id, &p, e)) ||
		    (rc = gdpr_activity_request_review(
			     db, a, auth, &p, p.version,
			     "Ange kontaktuppgifter, mottagare och gallringsfrist för kontaktuppgifter.", e)))
			return rc;
	}
	return 0;
}
