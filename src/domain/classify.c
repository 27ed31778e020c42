/*
 * classify.c - rules of information classification.
 *
 * The model and the default question bank are created lazily, in their own
 * transaction, the first time an organisation's model is read; two
 * requests racing to create it are told apart by the UNIQUE org_id, and the
 * loser reads the winner's. The default scale is the national consequence
 * scale with its Swedish names; the default bank is Tillit's own wording.
 * Both are content (stored as data, in Swedish), not interface text.
 *
 * classify_compute() is the one place where levels are computed, for the
 * pages and the API alike. A classification stores, besides the levels, a
 * JSON snapshot of the questions and options answered and of the
 * information sets it inherited from, so an old version reads the same
 * after the bank has been edited.
 *
 * Writes take the record as the request read it (the route's scope), check
 * its version inside their transaction, and build the audit trail's
 * snapshot of the new state from it and the input rather than reading it
 * back. Rights beyond the route's rule are decided here: only the asset's
 * owner signs, and only members of an organisation read its model.
 */
#include "domain/classify.h"

#include <jansson.h>

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/err.h"
#include "core/json.h"
#include "core/str.h"
#include "core/timeutil.h"
#include "db/db.h"
#include "db/q_classify.h"
#include "domain/asset.h"
#include "domain/audit.h"
#include "domain/figures.h"
#include "domain/tasks.h"
#include "domain/unit.h"
#include "domain/validate.h"

const char *const class_aspects[CLASS_N_ASPECTS] = { "confidentiality", "integrity", "availability", "traceability" };
const char *const class_aspect_labels[CLASS_N_ASPECTS] = {
	N_("Confidentiality"),
	N_("Integrity"),
	N_("Availability"),
	N_("Traceability"),
};
const char *const class_level_fields[CLASS_N_ASPECTS] = {
	"level_confidentiality",
	"level_integrity",
	"level_availability",
	"level_traceability",
};
const char *const class_motivation_fields[CLASS_N_ASPECTS] = {
	"motivation_confidentiality",
	"motivation_integrity",
	"motivation_availability",
	"motivation_traceability",
};

const char *const class_option_text_fields[CLASS_MAX_OPTIONS] = {
	"option_text_1", "option_text_2", "option_text_3", "option_text_4", "option_text_5",
};
const char *const class_option_level_fields[CLASS_MAX_OPTIONS] = {
	"option_level_1", "option_level_2", "option_level_3", "option_level_4", "option_level_5",
};
static const char *const level_name_fields[CLASS_SCALE_MAX] = {
	"level_name_0", "level_name_1", "level_name_2", "level_name_3", "level_name_4",
	"level_name_5", "level_name_6", "level_name_7", "level_name_8", "level_name_9",
};
static const char *const level_description_fields[CLASS_SCALE_MAX] = {
	"level_description_0", "level_description_1", "level_description_2", "level_description_3",
	"level_description_4", "level_description_5", "level_description_6", "level_description_7",
	"level_description_8", "level_description_9",
};

static const struct actor system_actor = { 0, "system" };

/* --- defaults: the national consequence scale and Tillit's question bank --- */

static const struct class_level_def default_levels[5] = {
	{ "Ingen eller försumbar skada",
	  "Om informationen röjs, ändras felaktigt eller inte finns tillgänglig blir skadan för verksamheten, "
	  "enskilda eller samhället ingen eller försumbar." },
	{ "Måttlig skada",
	  "Skadan blir måttlig: störningar och merarbete som verksamheten klarar inom sina vanliga rutiner." },
	{ "Betydande skada",
	  "Skadan blir betydande: enskilda drabbas kännbart, verksamheten når inte viktiga mål eller förtroendet "
	  "för organisationen skadas." },
	{ "Allvarlig skada",
	  "Skadan blir allvarlig: till exempel fara för enskildas hälsa, stor ekonomisk förlust eller att "
	  "samhällsviktig verksamhet inte kan bedrivas." },
	{ "Synnerligen allvarlig skada",
	  "Skadan blir synnerligen allvarlig: till exempel fara för liv eller skada för Sveriges säkerhet. "
	  "Kravbiblioteket täcker inte denna nivå; en särskild analys av skyddet behövs." },
};

struct default_option {
	const char *text;
	int level;
};

struct default_question {
	int aspect;
	const char *text;
	const char *help;
	struct default_option options[CLASS_MAX_OPTIONS];
};

static const struct default_question default_bank[] = {
	/* Konfidentialitet */
	{ CLASS_C,
	  "Innehåller informationen personuppgifter?",
	  "Alla uppgifter som direkt eller indirekt kan knytas till en levande person.",
	  { { "Nej", 0 },
	    { "Ja, men bara vardagliga uppgifter som namn och kontaktuppgifter", 1 },
	    { "Ja, även integritetskänsliga uppgifter som personnummer, ekonomi eller omdömen", 2 } } },
	{ CLASS_C,
	  "Innehåller informationen personuppgifter av känslig art (art. 9 GDPR) eller uppgifter om lagöverträdelser (art. 10 GDPR)?",
	  "Till exempel hälsa, etniskt ursprung, religion, politiska åsikter, sexualliv, fackligt medlemskap, "
	  "biometri eller brott.",
	  { { "Nej", 0 }, { "Ja", 3 } } },
	{ CLASS_C,
	  "Omfattas informationen av sekretess enligt offentlighets- och sekretesslagen?",
	  "Tänk på de uppgifter som skulle sekretessprövas om någon begärde ut dem.",
	  { { "Nej, den är allmän och offentlig", 0 },
	    { "Ja, delar av den", 2 },
	    { "Ja, med stark sekretess, till exempel inom socialtjänst eller hälso- och sjukvård", 3 } } },
	{ CLASS_C,
	  "Finns uppgifter om personer med skyddade personuppgifter?",
	  "Personer med sekretessmarkering, skyddad folkbokföring eller fingerade personuppgifter.",
	  { { "Nej", 0 }, { "Ja", 3 } } },
	{ CLASS_C,
	  "Hur stor skada skulle det bli om informationen röjdes för någon obehörig?",
	  "",
	  { { "Ingen märkbar skada", 0 },
	    { "Viss olägenhet för verksamheten eller enskilda", 1 },
	    { "Enskilda eller verksamheten skulle drabbas kännbart", 2 },
	    { "Allvarlig skada, till exempel fara för någons hälsa eller säkerhet", 3 },
	    { "Synnerligen allvarlig skada, till exempel fara för liv eller för Sveriges säkerhet", 4 } } },
	{ CLASS_C,
	  "Innehåller informationen sådant som kan användas för att angripa organisationen?",
	  "Till exempel lösenord, nätverksritningar, säkerhetsinställningar eller larmrutiner.",
	  { { "Nej", 0 },
	    { "Ja, i begränsad omfattning", 2 },
	    { "Ja, detaljerade uppgifter om hur kritiska system skyddas", 3 } } },
	/* Riktighet */
	{ CLASS_I,
	  "Hur stor skada skulle det bli om informationen var felaktig, ofullständig eller ändrad utan att någon märkte det?",
	  "",
	  { { "Ingen märkbar skada", 0 },
	    { "Merarbete eller mindre fel som rättas i det dagliga arbetet", 1 },
	    { "Felaktiga beslut som drabbar enskilda eller verksamheten kännbart", 2 },
	    { "Allvarlig skada, till exempel fel i vård, omsorg eller myndighetsutövning mot enskild", 3 },
	    { "Synnerligen allvarlig skada, till exempel fara för liv", 4 } } },
	{ CLASS_I,
	  "Används informationen som underlag för beslut om enskilda?",
	  "Myndighetsutövning som bistånd, bygglov, tillstånd eller betyg.",
	  { { "Nej", 0 }, { "Ja, som ett av flera underlag", 2 }, { "Ja, som avgörande underlag", 3 } } },
	{ CLASS_I,
	  "Används informationen för utbetalningar, fakturering eller redovisning?",
	  "",
	  { { "Nej", 0 },
	    { "Ja, små belopp", 1 },
	    { "Ja, betydande belopp", 2 },
	    { "Ja, och fel kan leda till stor ekonomisk förlust", 3 } } },
	{ CLASS_I,
	  "Måste det gå att visa att informationen inte har ändrats?",
	  "Till exempel allmänna handlingar, avtal, beslut eller underlag i en rättslig prövning.",
	  { { "Nej", 0 }, { "Ja, ibland", 1 }, { "Ja, det är ett grundläggande krav", 2 } } },
	{ CLASS_I,
	  "Styr informationen tekniska system eller fysiska förlopp?",
	  "Till exempel vatten och avlopp, värme, passersystem eller larm.",
	  { { "Nej", 0 },
	    { "Ja, men fel märks och rättas snabbt", 2 },
	    { "Ja, och fel kan skada människor eller egendom", 3 } } },
	/* Tillgänglighet */
	{ CLASS_A,
	  "Hur länge klarar sig verksamheten utan informationen?",
	  "",
	  { { "Längre än en vecka", 0 },
	    { "Upp till en vecka", 1 },
	    { "Upp till ett dygn", 2 },
	    { "Några timmar", 3 },
	    { "Inte alls; ett avbrott kan sätta liv i fara", 4 } } },
	{ CLASS_A,
	  "Hur stor skada skulle det bli om informationen inte gick att nå när den behövs?",
	  "",
	  { { "Ingen märkbar skada", 0 },
	    { "Merarbete och förseningar", 1 },
	    { "Enskilda eller verksamheten drabbas kännbart", 2 },
	    { "Allvarlig skada, till exempel för någons hälsa eller för samhällsviktig verksamhet", 3 } } },
	{ CLASS_A,
	  "Behövs informationen för samhällsviktig verksamhet eller vid en kris?",
	  "",
	  { { "Nej", 0 }, { "Ja, som stöd", 2 }, { "Ja, verksamheten kan inte bedrivas utan den", 3 } } },
	{ CLASS_A,
	  "Finns en reservrutin om informationen inte går att nå?",
	  "Till exempel att arbeta på papper eller med en utskrift som hålls aktuell.",
	  { { "Ja, prövad och tillräcklig", 0 }, { "Ja, men den räcker bara en kort tid", 1 }, { "Nej", 2 } } },
	{ CLASS_A,
	  "När behöver informationen gå att nå?",
	  "",
	  { { "Kontorstid", 0 }, { "Dagtid alla dagar", 1 }, { "Dygnet runt", 2 } } },
	/* Spårbarhet */
	{ CLASS_T,
	  "Behöver det gå att se i efterhand vem som har läst eller ändrat informationen?",
	  "",
	  { { "Nej", 0 },
	    { "Ja, vem som har ändrat", 1 },
	    { "Ja, både vem som har läst och vem som har ändrat", 2 } } },
	{ CLASS_T,
	  "Finns krav i lag, föreskrift eller avtal på loggning?",
	  "Till exempel krav på åtkomstloggar och uppföljning av dem inom vård och omsorg.",
	  { { "Nej", 0 }, { "Ja", 2 }, { "Ja, och loggarna ska följas upp systematiskt", 3 } } },
	{ CLASS_T,
	  "Hur stor skada skulle det bli om det inte gick att utreda vem som gjort en ändring eller ett uttag?",
	  "",
	  { { "Ingen märkbar skada", 0 },
	    { "Svårt att rätta fel", 1 },
	    { "Enskilda eller verksamheten kan drabbas kännbart", 2 },
	    { "Allvarlig skada, till exempel att brott eller intrång inte kan utredas", 3 } } },
};
#define N_DEFAULT_BANK (sizeof(default_bank) / sizeof(default_bank[0]))

/* --- small helpers --- */

int class_aspect_parse(const char *s)
{
	if (!s)
		return -1;
	for (int k = 0; k < CLASS_N_ASPECTS; k++)
		if (!strcmp(s, class_aspects[k]))
			return k;
	return -1;
}

const char *classify_level_name(const struct class_model *m, int64_t level)
{
	if (!m || level < 0 || level >= CLASS_SCALE_MAX)
		return NULL;
	return m->levels[level].name;
}

int classify_n_aspects(const struct class_model *m)
{
	return m && m->use_traceability ? 4 : 3;
}

int classify_add_months(const char *date, int64_t months, char out[11])
{
	static const int mdays[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int y, m, d, dim;
	int64_t total;

	if (!time_valid_date(date) || months < 0 || months > 12000)
		return ERR_INVALID;
	/* "YYYY-MM-DD", checked above: read digit by digit (sscanf() cost the people missing a course a third). */
	y = (date[0] - '0') * 1000 + (date[1] - '0') * 100 + (date[2] - '0') * 10 + (date[3] - '0');
	m = (date[5] - '0') * 10 + (date[6] - '0');
	d = (date[8] - '0') * 10 + (date[9] - '0');
	total = (int64_t)y * 12 + (m - 1) + months;
	y = (int)(total / 12);
	m = (int)(total % 12) + 1;
	dim = mdays[m - 1] + (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0));
	if (d > dim)
		d = dim;
	y %= 10000;
	out[0] = (char)('0' + y / 1000);
	out[1] = (char)('0' + y / 100 % 10);
	out[2] = (char)('0' + y / 10 % 10);
	out[3] = (char)('0' + y % 10);
	out[4] = '-';
	out[5] = (char)('0' + m / 10);
	out[6] = (char)('0' + m % 10);
	out[7] = '-';
	out[8] = (char)('0' + d / 10);
	out[9] = (char)('0' + d % 10);
	out[10] = 0;
	return 0;
}

static void write_model(struct json *j, const void *rec)
{
	classify_model_json(j, rec);
}

static void write_question(struct json *j, const void *rec)
{
	classify_question_json(j, rec);
}

static void write_classification(struct json *j, const void *rec)
{
	classify_json(j, rec, true);
}

/* --- the model --- */

void classify_model_json(struct json *j, const struct class_model *m)
{
	json_obj_open(j);
	json_kv_int(j, "org_id", m->org_id);
	json_kv_bool(j, "use_traceability", m->use_traceability);
	json_kv_bool(j, "motivate_all", m->motivate_all);
	json_kv_int(j, "max_level", m->max_level);
	json_kv_int(j, "review_months", m->review_months);
	json_key(j, "aspects");
	json_arr_open(j);
	for (int k = 0; k < classify_n_aspects(m); k++)
		json_str(j, class_aspects[k]);
	json_arr_close(j);
	json_key(j, "levels");
	json_arr_open(j);
	for (int64_t l = 0; l <= m->max_level && l < CLASS_SCALE_MAX; l++) {
		json_obj_open(j);
		json_kv_int(j, "level", l);
		json_kv_str(j, "name", m->levels[l].name);
		json_kv_str(j, "description", m->levels[l].description ? m->levels[l].description : "");
		json_obj_close(j);
	}
	json_arr_close(j);
	json_kv_int(j, "version", m->version);
	json_kv_str(j, "updated_at", m->updated_at);
	json_obj_close(j);
}

/*
 * Write the options of question @qid as @in gives them, in order: those
 * with an id changed, the others added. *out gets them as stored.
 */
static int save_options(struct db *db, struct arena *a, int64_t qid, const struct class_question_input *in,
			struct class_option **out, struct err *e)
{
	struct class_option *opts = arena_calloc(a, in->n_options ? in->n_options : 1, sizeof(*opts));

	for (size_t i = 0; i < in->n_options; i++) {
		const struct class_option_input *o = &in->options[i];
		int64_t position = (int64_t)i + 1, id = o->id;
		int rc = o->id ? q_class_option_update(db, a, qid, position, o, e)
			       : q_class_option_insert(db, a, qid, position, o, &id, e);
		if (rc)
			return rc;
		opts[i] = (struct class_option){ id, qid, position, o->text, o->implies_level };
	}
	*out = opts;
	return 0;
}

/* Insert one question with its options at the end of its aspect, and audit it. In a transaction. */
static int question_insert(struct db *db, struct arena *a, struct actor actor, int64_t org_id,
			   const struct class_question_input *in, const char *now, int64_t *id_out, struct err *e)
{
	struct class_question created = { 0 };
	int64_t pos;
	int rc;

	if ((rc = q_class_question_last_position(db, a, org_id, in->aspect, &pos, e)) ||
	    (rc = q_class_question_insert(db, a, org_id, in, pos + 1, now, id_out, e)) ||
	    (rc = save_options(db, a, *id_out, in, &created.options, e)))
		return rc;
	/* What was stored, for the audit trail: no need to read it back. */
	created.id = *id_out;
	created.org_id = org_id;
	created.aspect = in->aspect;
	created.position = pos + 1;
	created.text = in->text;
	created.help = in->help ? in->help : "";
	created.active = in->active;
	created.version = 1;
	created.updated_at = now;
	created.n_options = in->n_options;
	return audit_append(db, a, actor, "class_question", *id_out, org_id, "create", NULL,
			    json_text(a, write_question, &created), e);
}

/* Create the default model, scale and question bank of @org_id. In a transaction. */
static int model_defaults_in_tx(struct db *db, struct arena *a, int64_t org_id, struct err *e)
{
	struct class_model m;
	char now[TIME_ISO_LEN];
	int64_t model_id;
	int rc;

	time_now_iso(now);
	if ((rc = q_class_model_insert(db, a, org_id, now, &model_id, e)))
		return rc;
	for (int l = 0; l < 5; l++)
		if ((rc = q_class_level_insert(db, a, org_id, l, default_levels[l].name, default_levels[l].description,
					       e)))
			return rc;
	if ((rc = q_class_model_get(db, a, org_id, &m, e)) ||
	    (rc = audit_append(db, a, system_actor, "class_model", model_id, org_id, "create", NULL,
			       json_text(a, write_model, &m), e)))
		return rc;
	for (size_t i = 0; i < N_DEFAULT_BANK; i++) {
		const struct default_question *dq = &default_bank[i];
		struct class_option_input opts[CLASS_MAX_OPTIONS];
		struct class_question_input in = { class_aspects[dq->aspect], dq->text, dq->help, true, opts, 0 };
		int64_t qid;

		for (size_t k = 0; k < CLASS_MAX_OPTIONS && dq->options[k].text; k++) {
			opts[k] = (struct class_option_input){ 0, dq->options[k].text, dq->options[k].level };
			in.n_options++;
		}
		if ((rc = question_insert(db, a, system_actor, org_id, &in, now, &qid, e)))
			return rc;
	}
	return 0;
}

/* Create organisation @org_id's model with the defaults and read it (someone else's, when they were first). */
static int model_create(struct db *db, struct arena *a, int64_t org_id, struct class_model *out, struct err *e)
{
	int rc = db_begin(db, e);

	if (rc)
		return rc;
	rc = db_end(db, model_defaults_in_tx(db, a, org_id, e), e);
	if (rc) {
		/* Someone else created it at the same moment: read theirs. */
		if (rc != ERR_EXISTS && rc != ERR_CONFLICT)
			return rc;
		err_clear(e);
	}
	rc = q_class_model_get(db, a, org_id, out, e);
	return rc == ERR_NOTFOUND ? err_set(e, ERR_DB, NULL, N_("The classification model could not be created.")) : rc;
}

static int not_an_organisation(struct err *e)
{
	return err_set(e, ERR_NOTFOUND, "id", N_("The unit is not an organisation."));
}

int classify_model_get(struct db *db, struct arena *a, int64_t org_id, struct class_model *out, struct err *e)
{
	struct unit u;
	int rc = q_class_model_get(db, a, org_id, out, e);

	if (rc != ERR_NOTFOUND)
		return rc;
	if ((rc = unit_get(db, a, org_id, &u, e)))
		return rc;
	if (u.parent_id)
		return not_an_organisation(e);
	return model_create(db, a, org_id, out, e);
}

int classify_model_of(struct db *db, struct arena *a, const struct unit *org, struct class_model *out, struct err *e)
{
	int rc;

	if (org->parent_id)
		return not_an_organisation(e);
	rc = q_class_model_get(db, a, org->id, out, e);
	return rc == ERR_NOTFOUND ? model_create(db, a, org->id, out, e) : rc;
}

/* Does @auth hold a role anywhere in the organisation at @org_path (or over the whole installation)? */
static bool in_organisation(const struct auth *auth, const char *org_path)
{
	if (!auth || auth->system)
		return true;
	for (size_t i = 0; i < auth->n_grants; i++)
		if (auth->grants[i].unit_id == 0 ||
		    (auth->grants[i].unit_path && str_starts(auth->grants[i].unit_path, org_path)))
			return true;
	return false;
}

int classify_model_read(struct db *db, struct arena *a, const struct auth *auth, int64_t org_id,
			struct class_model *out, struct err *e)
{
	struct unit org;
	int rc = unit_get(db, a, org_id, &org, e);

	if (rc)
		return rc;
	if (org.parent_id)
		return not_an_organisation(e);
	if (!in_organisation(auth, org.path))
		return err_set(e, ERR_FORBIDDEN, NULL, N_("Your roles do not give access to this organisation."));
	return classify_model_of(db, a, &org, out, e);
}

int classify_model_for_unit(struct db *db, struct arena *a, int64_t unit_id, struct class_model *out, struct err *e)
{
	struct unit u;
	int rc = unit_get(db, a, unit_id, &u, e);
	if (rc)
		return rc;
	return classify_model_get(db, a, unit_org_of(u.path), out, e);
}

struct class_model_input class_model_input_of(const struct class_model *m)
{
	struct class_model_input in = { 0 };

	in.use_traceability = m->use_traceability;
	in.motivate_all = m->motivate_all;
	in.max_level = m->max_level;
	in.review_months = m->review_months;
	for (int l = 0; l < CLASS_SCALE_MAX; l++) {
		in.names[l] = m->levels[l].name;
		in.descriptions[l] = m->levels[l].description;
	}
	return in;
}

static const char *const model_conflict_msg = N_(
	"Someone else has changed the classification model since you opened it. Their version is shown; your changes are kept in the form.");

static int model_update_in_tx(struct db *db, struct arena *a, const struct auth *auth, const struct class_model *before,
			      int64_t version, const struct class_model_input *in, struct class_model *current,
			      struct err *e)
{
	struct class_model after = *before;
	const char *names[CLASS_SCALE_MAX], *descs[CLASS_SCALE_MAX];
	char now[TIME_ISO_LEN];
	int64_t max_option;
	int rc;

	time_now_iso(now);
	if (before->version != version)
		return version_conflict(current, before, sizeof(*before), e, model_conflict_msg);
	if (in->max_level < 1 || in->max_level > CLASS_SCALE_MAX - 1)
		return err_set(e, ERR_INVALID, "max_level", N_("The highest level must be from 1 to 9."));
	if (in->review_months < 1 || in->review_months > 120)
		return err_set(e, ERR_INVALID, "review_months",
			       N_("The review interval must be from 1 to 120 months."));
	for (int64_t l = 0; l <= in->max_level; l++) {
		names[l] = text_trimmed(a, in->names[l]);
		descs[l] = text_trimmed(a, in->descriptions[l]);
		if ((rc = check_text(e, level_name_fields[l], names[l], 100, true)) ||
		    (rc = check_text(e, level_description_fields[l], descs[l], 1000, false)))
			return rc;
	}
	if ((rc = q_class_option_max_level(db, a, before->org_id, &max_option, e)))
		return rc;
	if (max_option > in->max_level)
		return err_set1(
			e, ERR_INVALID, "max_level",
			N_("An answer option in the question bank implies level %s. Change it before lowering the highest level."),
			arena_printf(a, "%" PRId64, max_option));
	rc = q_class_model_update(db, a, before->org_id, version, in, now, e);
	if (rc == ERR_CONFLICT) {
		/* Changed since @before was read: show the stored one. */
		if (current)
			q_class_model_get(db, a, before->org_id, current, NULL);
		return err_set(e, ERR_CONFLICT, "version", model_conflict_msg);
	}
	if (rc)
		return rc;
	for (int64_t l = 0; l <= in->max_level; l++)
		if ((rc = q_class_level_set(db, a, before->org_id, l, names[l], descs[l], e)))
			return rc;
	/* What was stored is @before changed by @in: no need to read it back. */
	after.use_traceability = in->use_traceability;
	after.motivate_all = in->motivate_all;
	after.max_level = in->max_level;
	after.review_months = in->review_months;
	after.version = before->version + 1;
	after.updated_at = now;
	for (int64_t l = 0; l <= in->max_level; l++)
		after.levels[l] = (struct class_level_def){ names[l], descs[l] };
	return audit_append(db, a, actor_of(auth), "class_model", before->id, before->org_id, "update",
			    json_text(a, write_model, before), json_text(a, write_model, &after), e);
}

int classify_model_update(struct db *db, struct arena *a, const struct auth *auth, const struct class_model *before,
			  int64_t version, const struct class_model_input *in, struct class_model *current,
			  struct err *e)
{
	int rc = db_begin(db, e);
	if (rc)
		return rc;
	return db_end(db, model_update_in_tx(db, a, auth, before, version, in, current, e), e);
}

/* --- the question bank --- */

int classify_questions(struct db *db, struct arena *a, int64_t org_id, bool active_only, struct class_question **out,
		       size_t *n, struct err *e)
{
	return q_class_questions(db, a, org_id, active_only, out, n, e);
}

int classify_question_get(struct db *db, struct arena *a, int64_t id, struct class_question *out, struct err *e)
{
	int rc = q_class_question_get(db, a, id, out, e);
	return rc == ERR_NOTFOUND ? err_set(e, ERR_NOTFOUND, "id", N_("No such question.")) : rc;
}

int class_question_scope(struct db *db, struct arena *a, int64_t id, struct scope *s, struct err *e)
{
	struct class_question *q = arena_calloc(a, 1, sizeof(*q));
	int rc = classify_question_get(db, a, id, q, e);
	if (rc)
		return rc;
	/* An organisation is a root: its path is "/ID/". */
	*s = (struct scope){ "class_question", q, q->org_id, arena_printf(a, "/%" PRId64 "/", q->org_id), 0 };
	return 0;
}

struct class_question_input class_question_input_of(struct arena *a, const struct class_question *q)
{
	struct class_option_input *opts = arena_calloc(a, q->n_options + 1, sizeof(*opts));

	for (size_t i = 0; i < q->n_options; i++)
		opts[i] = (struct class_option_input){ q->options[i].id, q->options[i].text,
						       q->options[i].implies_level };
	return (struct class_question_input){ q->aspect, q->text, q->help, q->active, opts, q->n_options };
}

void classify_question_json(struct json *j, const struct class_question *q)
{
	json_obj_open(j);
	json_kv_int(j, "id", q->id);
	json_kv_int(j, "org_id", q->org_id);
	json_kv_str(j, "aspect", q->aspect);
	json_kv_int(j, "position", q->position);
	json_kv_str(j, "text", q->text);
	json_kv_str(j, "help", q->help);
	json_kv_bool(j, "active", q->active);
	json_key(j, "options");
	json_arr_open(j);
	for (size_t i = 0; i < q->n_options; i++) {
		json_obj_open(j);
		json_kv_int(j, "id", q->options[i].id);
		json_kv_str(j, "text", q->options[i].text);
		json_kv_int(j, "implies_level", q->options[i].implies_level);
		json_obj_close(j);
	}
	json_arr_close(j);
	json_kv_int(j, "version", q->version);
	json_kv_str(j, "updated_at", q->updated_at);
	json_obj_close(j);
}

/* Trim and check a question as submitted; *clean gets the trimmed copy. */
static int question_check(struct arena *a, const struct class_model *m, const struct class_question_input *in,
			  struct class_question_input *clean, struct err *e)
{
	struct class_option_input *opts;
	int rc;

	*clean = *in;
	if (class_aspect_parse(in->aspect) < 0)
		return err_set(e, ERR_INVALID, "aspect", N_("Choose the aspect the question is about."));
	clean->text = text_trimmed(a, in->text);
	clean->help = text_trimmed(a, in->help);
	if ((rc = check_text(e, "text", clean->text, 1000, true)) ||
	    (rc = check_text(e, "help", clean->help, 2000, false)))
		return rc;
	if (in->n_options < 2 || in->n_options > CLASS_MAX_OPTIONS)
		return err_set(e, ERR_INVALID, "options", N_("A question needs from 2 to 5 answer options."));
	opts = arena_calloc(a, in->n_options, sizeof(*opts));
	for (size_t i = 0; i < in->n_options; i++) {
		opts[i] = in->options[i];
		opts[i].text = text_trimmed(a, in->options[i].text);
		if ((rc = check_text(e, class_option_text_fields[i], opts[i].text, 300, true)))
			return rc;
		if (opts[i].implies_level < 0 || opts[i].implies_level > m->max_level)
			return err_set1(e, ERR_INVALID, class_option_level_fields[i],
					N_("The level must be from 0 to %s."),
					arena_printf(a, "%" PRId64, m->max_level));
	}
	clean->options = opts;
	return 0;
}

int classify_question_create(struct db *db, struct arena *a, const struct auth *auth, int64_t org_id,
			     const struct class_question_input *in, int64_t *id_out, struct err *e)
{
	struct class_model m;
	struct class_question_input clean;
	char now[TIME_ISO_LEN];
	int64_t id;
	int rc;

	if ((rc = classify_model_get(db, a, org_id, &m, e)) || (rc = question_check(a, &m, in, &clean, e)))
		return rc;
	time_now_iso(now);
	if ((rc = db_begin(db, e)))
		return rc;
	rc = db_end(db, question_insert(db, a, actor_of(auth), org_id, &clean, now, &id, e), e);
	if (!rc && id_out)
		*id_out = id;
	return rc;
}

static const char *const question_conflict_msg = N_(
	"Someone else has changed this question since you opened it. Their version is shown; your changes are kept in the form.");

static int question_update_in_tx(struct db *db, struct arena *a, const struct auth *auth, const struct class_model *m,
				 const struct class_question *before, int64_t version,
				 const struct class_question_input *in, struct class_question *current, struct err *e)
{
	struct class_question after = *before;
	struct class_question_input clean;
	char now[TIME_ISO_LEN];
	int rc;

	time_now_iso(now);
	if (before->version != version)
		return version_conflict(current, before, sizeof(*before), e, question_conflict_msg);
	if ((rc = question_check(a, m, in, &clean, e)))
		return rc;
	/* Options named by id must be this question's own. */
	for (size_t i = 0; i < clean.n_options; i++) {
		bool mine = clean.options[i].id == 0;
		for (size_t k = 0; k < before->n_options && !mine; k++)
			mine = before->options[k].id == clean.options[i].id;
		if (!mine)
			return err_set(e, ERR_INVALID, class_option_text_fields[i],
				       N_("The option does not belong to this question."));
	}
	rc = q_class_question_update(db, a, before->id, version, &clean, now, e);
	if (rc == ERR_CONFLICT) {
		/* Changed since @before was read: show the stored one. */
		if (current)
			classify_question_get(db, a, before->id, current, NULL);
		return err_set(e, ERR_CONFLICT, "version", question_conflict_msg);
	}
	if (rc)
		return rc;
	if (strcmp(clean.aspect, before->aspect)) {
		int64_t pos;
		if ((rc = q_class_question_last_position(db, a, before->org_id, clean.aspect, &pos, e)) ||
		    (rc = q_class_question_set_position(db, a, before->id, pos + 1, e)))
			return rc;
		after.position = pos + 1;
	}
	for (size_t k = 0; k < before->n_options; k++) {
		bool kept = false;
		for (size_t i = 0; i < clean.n_options && !kept; i++)
			kept = clean.options[i].id == before->options[k].id;
		if (!kept && (rc = q_class_option_delete(db, a, before->id, before->options[k].id, e)))
			return rc;
	}
	if ((rc = save_options(db, a, before->id, &clean, &after.options, e)))
		return rc;
	/* What was stored is @before changed by @clean: no need to read it back. */
	after.n_options = clean.n_options;
	after.aspect = clean.aspect;
	after.text = clean.text;
	after.help = clean.help;
	after.active = clean.active;
	after.version = before->version + 1;
	after.updated_at = now;
	return audit_append(db, a, actor_of(auth), "class_question", before->id, before->org_id, "update",
			    json_text(a, write_question, before), json_text(a, write_question, &after), e);
}

int classify_question_update(struct db *db, struct arena *a, const struct auth *auth,
			     const struct class_question *before, int64_t version,
			     const struct class_question_input *in, struct class_question *current, struct err *e)
{
	struct class_model m;
	int rc;

	if ((rc = classify_model_get(db, a, before->org_id, &m, e)) || (rc = db_begin(db, e)))
		return rc;
	return db_end(db, question_update_in_tx(db, a, auth, &m, before, version, in, current, e), e);
}

static int question_place_in_tx(struct db *db, struct arena *a, const struct auth *auth, const struct class_question *q,
				int64_t version, int64_t position, struct err *e)
{
	struct class_question after = *q, *all;
	char now[TIME_ISO_LEN];
	int64_t *order;
	size_t n_all, n = 0;
	int rc;

	time_now_iso(now);
	if (q->version != version)
		return err_set(e, ERR_CONFLICT, "version", question_conflict_msg);
	if ((rc = q_class_questions(db, a, q->org_id, false, &all, &n_all, e)))
		return rc;
	order = arena_calloc(a, n_all + 1, sizeof(int64_t));
	for (size_t i = 0; i < n_all; i++)
		if (!strcmp(all[i].aspect, q->aspect) && all[i].id != q->id)
			order[n++] = all[i].id;
	if (position < 1)
		position = 1;
	if (position > (int64_t)n + 1)
		position = (int64_t)n + 1;
	memmove(order + position, order + position - 1, (n - (size_t)(position - 1)) * sizeof(int64_t));
	order[position - 1] = q->id;
	n++;
	for (size_t i = 0; i < n; i++)
		if ((rc = q_class_question_set_position(db, a, order[i], (int64_t)i + 1, e)))
			return rc;
	rc = q_class_question_bump(db, a, q->id, version, now, e);
	if (rc == ERR_CONFLICT)
		return err_set(e, ERR_CONFLICT, "version", question_conflict_msg);
	if (rc)
		return rc;
	after.position = position;
	after.version = q->version + 1;
	after.updated_at = now;
	return audit_append(db, a, actor_of(auth), "class_question", q->id, q->org_id, "move",
			    json_text(a, write_question, q), json_text(a, write_question, &after), e);
}

int classify_question_place(struct db *db, struct arena *a, const struct auth *auth, const struct class_question *q,
			    int64_t version, int64_t position, struct err *e)
{
	int rc = db_begin(db, e);
	if (rc)
		return rc;
	return db_end(db, question_place_in_tx(db, a, auth, q, version, position, e), e);
}

/* --- classifying --- */

int classify_inherited(struct db *db, struct arena *a, int64_t asset_id, int64_t out[CLASS_N_ASPECTS],
		       struct class_source **src, size_t *n, struct err *e)
{
	struct class_source *s;
	size_t n_s;
	int rc = q_class_held(db, a, asset_id, &s, &n_s, e);

	if (rc)
		return rc;
	for (int k = 0; k < CLASS_N_ASPECTS; k++)
		out[k] = 0;
	for (size_t i = 0; i < n_s; i++)
		for (int k = 0; k < CLASS_N_ASPECTS; k++)
			if (s[i].level[k] > out[k])
				out[k] = s[i].level[k];
	if (src)
		*src = s;
	if (n)
		*n = n_s;
	return 0;
}

static const struct class_question *find_question(const struct class_question *qs, size_t n, int64_t id)
{
	for (size_t i = 0; i < n; i++)
		if (qs[i].id == id)
			return &qs[i];
	return NULL;
}

static const struct class_option *find_option(const struct class_question *q, int64_t id)
{
	for (size_t i = 0; i < q->n_options; i++)
		if (q->options[i].id == id)
			return &q->options[i];
	return NULL;
}

int classify_compute(const struct class_model *m, const struct class_question *qs, size_t n_qs,
		     const struct class_input *in, const int64_t inherited[CLASS_N_ASPECTS],
		     struct class_computation *out, struct err *e)
{
	int n_aspects = classify_n_aspects(m);
	int rc = 0;

	for (int k = 0; k < CLASS_N_ASPECTS; k++) {
		bool used = k < n_aspects;
		int64_t inh = used && inherited ? inherited[k] : 0;
		out->computed[k] = used ? 0 : -1;
		out->inherited[k] = used ? (inh > m->max_level ? m->max_level : inh) : -1;
		out->motivation[k] = used && in->motivation[k] ? in->motivation[k] : "";
	}
	for (size_t i = 0; i < in->n_answers; i++) {
		const struct class_question *q = find_question(qs, n_qs, in->answers[i].question_id);
		const struct class_option *o = q ? find_option(q, in->answers[i].option_id) : NULL;
		int k = q ? class_aspect_parse(q->aspect) : -1;

		if (!q || !q->active) {
			rc = rc ? rc
				: err_set(e, ERR_INVALID, "answers",
					  N_("An answer refers to a question that is not in use."));
			continue;
		}
		if (!o) {
			rc = rc ? rc
				: err_set(e, ERR_INVALID, "answers",
					  N_("An answer names an option of another question."));
			continue;
		}
		if (k < 0 || k >= n_aspects) {
			rc = rc ? rc
				: err_set(e, ERR_INVALID, "answers",
					  N_("Traceability is not used in this organisation's classification model."));
			continue;
		}
		for (size_t p = 0; p < i; p++)
			if (in->answers[p].question_id == q->id && !rc)
				rc = err_set(e, ERR_INVALID, "answers", N_("A question is answered more than once."));
		if (o->implies_level > out->computed[k])
			out->computed[k] = o->implies_level > m->max_level ? m->max_level : o->implies_level;
	}
	for (int k = 0; k < CLASS_N_ASPECTS; k++) {
		out->floor[k] = out->computed[k] > out->inherited[k] ? out->computed[k] : out->inherited[k];
		out->level[k] = out->floor[k];
	}
	if (rc)
		return rc;
	for (int k = 0; k < n_aspects; k++) {
		int64_t want = in->requested[k];
		const char *why = out->motivation[k];

		if ((rc = check_text(e, class_motivation_fields[k], why, 10000, false)))
			return rc;
		if (want < 0)
			continue;
		if (want > m->max_level) {
			char max[24];
			snprintf(max, sizeof(max), "%" PRId64, m->max_level);
			return err_set1(e, ERR_INVALID, class_level_fields[k], N_("The level must be from 0 to %s."),
					max);
		}
		if (want < out->floor[k])
			return err_set(
				e, ERR_INVALID, class_level_fields[k],
				N_("The level cannot be lower than what the answers and the held information sets give."));
		out->level[k] = want;
		if (want > out->floor[k] && str_blank(why))
			return err_set(
				e, ERR_INVALID, class_motivation_fields[k],
				N_("Write why the level is raised above what the answers and the held information sets give."));
	}
	return 0;
}

static void levels_obj(struct json *j, const char *key, const int64_t v[CLASS_N_ASPECTS])
{
	json_key(j, key);
	json_obj_open(j);
	for (int k = 0; k < CLASS_N_ASPECTS; k++)
		if (v[k] >= 0)
			json_kv_int(j, class_aspects[k], v[k]);
	json_obj_close(j);
}

void classify_computation_json(struct json *j, const struct class_computation *c)
{
	levels_obj(j, "computed", c->computed);
	levels_obj(j, "inherited", c->inherited);
	levels_obj(j, "minimum", c->floor);
	levels_obj(j, "result", c->level);
}

void classify_json(struct json *j, const struct classification *c, bool full)
{
	json_obj_open(j);
	json_kv_int(j, "id", c->id);
	json_kv_int(j, "asset_id", c->asset_id);
	json_kv_int(j, "version_no", c->version_no);
	json_kv_str(j, "status", c->status);
	levels_obj(j, "levels", c->level);
	levels_obj(j, "computed", c->computed);
	levels_obj(j, "inherited", c->inherited);
	json_key(j, "motivations");
	json_obj_open(j);
	for (int k = 0; k < CLASS_N_ASPECTS; k++)
		if (c->level[k] >= 0)
			json_kv_str(j, class_aspects[k], c->motivation[k]);
	json_obj_close(j);
	json_kv_str(j, "review_due", c->review_due);
	json_kv_id(j, "signed_by", c->signed_by);
	json_kv_str(j, "signed_by_name", c->signed_by_name);
	json_kv_str(j, "signed_at", c->signed_at);
	json_kv_str(j, "signed_roles", c->signed_roles);
	if (c->imported_signer)
		json_kv_str(j, "imported_signer", c->imported_signer);
	json_kv_id(j, "drafted_owner_id", c->drafted_owner_id);
	json_kv_id(j, "created_by", c->created_by);
	json_kv_str(j, "created_by_name", c->created_by_name);
	json_kv_str(j, "created_at", c->created_at);
	if (full) {
		json_kv_raw(j, "answers", c->answers_json);
		json_kv_raw(j, "inherited_from", c->inherited_from_json);
	}
	json_obj_close(j);
}

static const char *jstr(struct arena *a, json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);
	return json_is_string(v) ? arena_strndup(a, json_string_value(v), json_string_length(v)) : "";
}

static int64_t jint(json_t *o, const char *key, int64_t def)
{
	json_t *v = json_object_get(o, key);
	return json_is_integer(v) ? (int64_t)json_integer_value(v) : def;
}

void classify_read_snapshots(struct arena *a, struct classification *c)
{
	json_t *ans = c->answers_json ? json_loads(c->answers_json, 0, NULL) : NULL;
	json_t *src = c->inherited_from_json ? json_loads(c->inherited_from_json, 0, NULL) : NULL;
	size_t i;
	json_t *v;

	c->n_answers = json_is_array(ans) ? json_array_size(ans) : 0;
	c->answers = arena_calloc(a, c->n_answers ? c->n_answers : 1, sizeof(*c->answers));
	for (i = 0; i < c->n_answers; i++) {
		v = json_array_get(ans, i);
		c->answers[i].question_id = jint(v, "question_id", 0);
		c->answers[i].aspect = jstr(a, v, "aspect");
		c->answers[i].question = jstr(a, v, "question");
		c->answers[i].option_id = jint(v, "option_id", 0);
		c->answers[i].option = jstr(a, v, "option");
		c->answers[i].implies_level = jint(v, "implies_level", 0);
	}
	c->n_sources = json_is_array(src) ? json_array_size(src) : 0;
	c->sources = arena_calloc(a, c->n_sources ? c->n_sources : 1, sizeof(*c->sources));
	for (i = 0; i < c->n_sources; i++) {
		v = json_array_get(src, i);
		c->sources[i].asset_id = jint(v, "asset_id", 0);
		c->sources[i].name = jstr(a, v, "name");
		c->sources[i].classification_id = jint(v, "classification_id", 0);
		c->sources[i].version_no = jint(v, "version_no", 0);
		for (int k = 0; k < CLASS_N_ASPECTS; k++)
			c->sources[i].level[k] = jint(v, class_aspects[k], -1);
		c->sources[i].signed_at = jstr(a, v, "signed_at");
	}
	json_decref(ans);
	json_decref(src);
}

int classify_get(struct db *db, struct arena *a, int64_t id, struct classification *out, struct err *e)
{
	int rc = q_classification_get(db, a, id, out, e);
	if (rc == ERR_NOTFOUND)
		return err_set(e, ERR_NOTFOUND, "id", N_("No such classification."));
	if (rc)
		return rc;
	classify_read_snapshots(a, out);
	return 0;
}

int classification_scope(struct db *db, struct arena *a, int64_t id, struct scope *s, struct err *e)
{
	struct class_scope *cs = arena_calloc(a, 1, sizeof(*cs));
	int rc;

	if ((rc = classify_get(db, a, id, &cs->c, e)) || (rc = asset_get(db, a, cs->c.asset_id, &cs->asset, e)))
		return rc;
	*s = (struct scope){ "classification", cs, cs->asset.unit_id, cs->asset.unit_path, cs->asset.owner_id };
	return 0;
}

int classify_list(struct db *db, struct arena *a, int64_t asset_id, struct classification **out, size_t *n,
		  struct err *e)
{
	return q_classification_list(db, a, asset_id, out, n, e);
}

/* The answers as they are now, for the stored snapshot, in protocol order. */
static const char *answers_snapshot(struct arena *a, const struct class_question *qs, size_t n_qs,
				    const struct class_input *in)
{
	struct buf b;
	struct json j;

	buf_init(&b, a);
	json_init(&j, &b);
	json_arr_open(&j);
	for (size_t i = 0; i < n_qs; i++) {
		for (size_t k = 0; k < in->n_answers; k++) {
			const struct class_option *o;
			if (in->answers[k].question_id != qs[i].id ||
			    !(o = find_option(&qs[i], in->answers[k].option_id)))
				continue;
			json_obj_open(&j);
			json_kv_int(&j, "question_id", qs[i].id);
			json_kv_str(&j, "aspect", qs[i].aspect);
			json_kv_str(&j, "question", qs[i].text);
			json_kv_int(&j, "option_id", o->id);
			json_kv_str(&j, "option", o->text);
			json_kv_int(&j, "implies_level", o->implies_level);
			json_obj_close(&j);
			break;
		}
	}
	json_arr_close(&j);
	return b.data;
}

static const char *sources_snapshot(struct arena *a, const struct class_source *s, size_t n, int n_aspects)
{
	struct buf b;
	struct json j;

	buf_init(&b, a);
	json_init(&j, &b);
	json_arr_open(&j);
	for (size_t i = 0; i < n; i++) {
		if (!s[i].classification_id)
			continue;
		json_obj_open(&j);
		json_kv_int(&j, "asset_id", s[i].asset_id);
		json_kv_str(&j, "name", s[i].name);
		json_kv_int(&j, "classification_id", s[i].classification_id);
		json_kv_int(&j, "version_no", s[i].version_no);
		for (int k = 0; k < n_aspects; k++)
			if (s[i].level[k] >= 0)
				json_kv_int(&j, class_aspects[k], s[i].level[k]);
		json_kv_str(&j, "signed_at", s[i].signed_at);
		json_obj_close(&j);
	}
	json_arr_close(&j);
	return b.data;
}

/* What a classification is made from: the organisation's model and its active questions. */
struct protocol {
	struct class_model m;
	struct class_question *qs;
	size_t n_qs;
};

static int create_in_tx(struct db *db, struct arena *a, const struct auth *auth, const struct asset *as,
			const struct protocol *p, const struct class_input *in, struct class_computation *comp,
			int64_t *id_out, struct err *e)
{
	struct actor actor = actor_of(auth);
	struct classification created = { 0 };
	struct class_source *src;
	const char *sources_json, *answers_json;
	char now[TIME_ISO_LEN];
	int64_t inh[CLASS_N_ASPECTS], no;
	size_t n_src;
	int rc;

	time_now_iso(now);
	if ((rc = classify_inherited(db, a, as->id, inh, &src, &n_src, e)) ||
	    (rc = classify_compute(&p->m, p->qs, p->n_qs, in, inh, comp, e)) ||
	    (rc = q_classification_next_no(db, a, as->id, &no, e)))
		return rc;
	sources_json = sources_snapshot(a, src, n_src, classify_n_aspects(&p->m));
	answers_json = answers_snapshot(a, p->qs, p->n_qs, in);
	rc = q_classification_insert(db, a, as->id, no, comp, sources_json, answers_json, actor.id, now, as->owner_id,
				     id_out, e);
	if (rc == ERR_EXISTS)
		return err_set(e, ERR_CONFLICT, "version",
			       N_("Someone else saved a classification of this asset at the same moment. Try again."));
	if (rc)
		return rc;
	/* What was stored, for the audit trail: no need to read it back. */
	created.id = *id_out;
	created.asset_id = as->id;
	created.version_no = no;
	for (int k = 0; k < CLASS_N_ASPECTS; k++) {
		created.level[k] = comp->level[k];
		created.computed[k] = comp->computed[k];
		created.inherited[k] = comp->level[k] < 0 ? -1 : comp->inherited[k];
		created.motivation[k] = comp->motivation[k];
	}
	created.status = "draft";
	created.created_by = actor.id;
	created.created_by_name = actor.id ? auth->display_name : NULL;
	created.created_at = now;
	created.answers_json = answers_json;
	created.inherited_from_json = sources_json;
	created.drafted_owner_id = as->owner_id;
	return audit_append(db, a, actor, "classification", created.id, as->unit_id, "create", NULL,
			    json_text(a, write_classification, &created), e);
}

const char *classify_raise_message(const struct asset *as)
{
	if (as && as->classification_id)
		return N_("The information set %s has been classified again and now has a higher level than this asset "
			  "on at least one aspect. Review this asset's classification.");
	return N_("The information set %s has been signed with levels that are now the floor for this asset, which "
		  "has not been classified yet. Classify the asset: its levels cannot be lower than the information "
		  "set's.");
}

int classify_missing_motivation(const struct class_model *m, const struct classification *c)
{
	int n = classify_n_aspects(m);
	for (int k = 0; k < n; k++) {
		int64_t floor = c->computed[k] > c->inherited[k] ? c->computed[k] : c->inherited[k];
		bool needed = m->motivate_all || c->level[k] > floor;
		if (needed && str_blank(c->motivation[k]))
			return k;
	}
	return -1;
}

bool classify_source_raises(const struct class_source *s, const struct asset *as)
{
	const int64_t mine[CLASS_N_ASPECTS] = { as->c_level, as->i_level, as->a_level, as->t_level };

	if (!s->classification_id)
		return false;
	if (!as->classification_id)
		return true;
	for (int k = 0; k < CLASS_N_ASPECTS; k++)
		if (s->level[k] > mine[k])
			return true;
	return false;
}

/* An asset's review flag, for the audit trail; when a signing set it, also which set and classification did. */
static const char *review_snapshot(struct arena *a, bool needs_review, int64_t set_id, int64_t classification_id)
{
	struct buf b;
	struct json j;

	buf_init(&b, a);
	json_init(&j, &b);
	json_obj_open(&j);
	json_kv_bool(&j, "needs_review", needs_review);
	if (set_id) {
		json_kv_int(&j, "information_set_id", set_id);
		json_kv_int(&j, "classification_id", classification_id);
	}
	json_obj_close(&j);
	return b.data;
}

int classify_flag_holders(struct db *db, struct arena *a, struct actor actor, int64_t set_id,
			  const struct classification *c, struct err *e)
{
	struct class_source *h;
	size_t n;
	int rc = q_class_holders(db, a, set_id, &h, &n, e);

	for (size_t i = 0; i < n && !rc; i++) {
		bool raised = !h[i].classification_id;

		for (int k = 0; k < CLASS_N_ASPECTS && !raised; k++)
			raised = c->level[k] > h[i].level[k];
		if (!raised)
			continue;
		if (!(rc = q_class_flag_review(db, a, h[i].asset_id, e)))
			rc = audit_append(db, a, actor, "asset", h[i].asset_id, h[i].unit_id, "flag_review",
					  review_snapshot(a, h[i].needs_review, 0, 0),
					  review_snapshot(a, true, set_id, c->id), e);
	}
	return rc;
}

static int sign_in_tx(struct db *db, struct arena *a, const struct auth *auth, const struct asset *as,
		      const struct classification *c, const struct class_model *m, struct err *e)
{
	struct classification after = *c;
	char now[TIME_ISO_LEN], today[11], *due = arena_calloc(a, 11, 1);
	const char *roles;
	int64_t next;
	int k;
	int rc;

	time_now_iso(now);
	if (!as->owner_id)
		return err_set(
			e, ERR_INVALID, "owner_id",
			N_("The asset has no owner. An owner must be set before the classification can be signed."));
	/* Only the owner signs, in person: a rule about who acts, beyond the route's rule about the asset. */
	if (!auth || auth->user_id != as->owner_id || !authz_in_scope(auth, ACCESS_READ, as->unit_path))
		return err_set(e, ERR_FORBIDDEN, NULL, N_("Only the asset's owner can sign its classification."));
	if (strcmp(c->status, "draft"))
		return err_set(e, ERR_INVALID, "status", N_("This version is already signed."));
	/* A draft made for another owner is not signed by the new one unseen: they save it again first. */
	if (classify_draft_stale(as, c))
		return err_set(e, ERR_CONFLICT, "status", classify_stale_draft);
	/* The organisation may ask for a motivation of every aspect (KLASSA practice). */
	if ((k = classify_missing_motivation(m, c)) >= 0)
		return err_set(e, ERR_INVALID, class_motivation_fields[k],
			       m->motivate_all ? N_("The organisation asks for a motivation of every aspect before a "
						    "classification is signed. Save the classification again with one.")
					       : N_("Write why the level is raised above what the answers and the held "
						    "information sets give."));
	if ((rc = q_classification_next_no(db, a, as->id, &next, e)))
		return rc;
	if (next - 1 != c->version_no)
		return err_set(e, ERR_INVALID, "status",
			       N_("A newer version of the classification exists; sign that one instead."));
	memcpy(today, now, 10);
	today[10] = 0;
	if (classify_add_months(today, m->review_months, due))
		return err_set(e, ERR_INTERNAL, NULL, N_("The review date could not be computed."));
	roles = authz_roles_in_scope(a, auth, as->unit_path);
	rc = q_classification_sign(db, a, c->id, auth->user_id, now, due, roles, e);
	if (rc == ERR_CONFLICT)
		return err_set(e, ERR_CONFLICT, "status", N_("This version is already signed."));
	if (rc || (rc = q_classification_make_current(db, a, as->id, c->id, due, e)))
		return rc;
	/* What was stored is @c signed: no need to read it back. */
	after.status = "signed";
	after.signed_by = auth->user_id;
	after.signed_by_name = auth->display_name;
	after.signed_at = now;
	after.review_due = due;
	after.signed_roles = roles;
	rc = audit_append(db, a, actor_of(auth), "classification", c->id, as->unit_id, "sign",
			  json_text(a, write_classification, c), json_text(a, write_classification, &after), e);
	if (!rc)
		rc = figures_note_signed(db, a, as, now, e);
	if (!rc && !strcmp(as->kind, "information_set"))
		rc = classify_flag_holders(db, a, actor_of(auth), as->id, &after, e);
	return rc;
}

const char classify_stale_draft[] = N_("The asset's owner has changed since this draft was made. The owner saves the "
				       "classification again, checking the answers, before it can be signed.");

bool classify_draft_stale(const struct asset *as, const struct classification *c)
{
	return !strcmp(c->status, "draft") && c->drafted_owner_id && c->drafted_owner_id != as->owner_id;
}

int classify_sign(struct db *db, struct arena *a, const struct auth *auth, const struct asset *as,
		  const struct classification *c, struct err *e)
{
	struct class_model m;
	int rc;

	if (c->asset_id != as->id)
		return err_set(e, ERR_NOTFOUND, "id", N_("No such classification."));
	if ((rc = classify_model_get(db, a, unit_org_of(as->unit_path), &m, e)) || (rc = db_begin(db, e)))
		return rc;
	return db_end(db, sign_in_tx(db, a, auth, as, c, &m, e), e);
}

/* Create a version of @as's classification and, when @sign, sign it in the same transaction. */
static int create_version(struct db *db, struct arena *a, const struct auth *auth, const struct asset *as,
			  const struct class_input *in, bool sign, int64_t *id_out, struct class_computation *out,
			  struct err *e)
{
	struct class_computation local, *comp = out ? out : &local;
	struct class_input clean = *in;
	struct classification c;
	struct protocol p;
	int64_t id = 0;
	int rc;

	if ((rc = classify_model_get(db, a, unit_org_of(as->unit_path), &p.m, e)) ||
	    (rc = classify_questions(db, a, p.m.org_id, true, &p.qs, &p.n_qs, e)))
		return rc;
	for (int k = 0; k < CLASS_N_ASPECTS; k++)
		clean.motivation[k] = text_trimmed(a, in->motivation[k]);
	if ((rc = db_begin(db, e)))
		return rc;
	rc = create_in_tx(db, a, auth, as, &p, &clean, comp, &id, e);
	if (!rc && sign && !(rc = q_classification_get(db, a, id, &c, e))) {
		classify_read_snapshots(a, &c);
		rc = sign_in_tx(db, a, auth, as, &c, &p.m, e);
	}
	rc = db_end(db, rc, e);
	if (!rc && id_out)
		*id_out = id;
	return rc;
}

int classify_create(struct db *db, struct arena *a, const struct auth *auth, const struct asset *as,
		    const struct class_input *in, int64_t *id_out, struct class_computation *out, struct err *e)
{
	return create_version(db, a, auth, as, in, false, id_out, out, e);
}

int classify_create_signed(struct db *db, struct arena *a, const struct auth *auth, const struct asset *as,
			   const struct class_input *in, int64_t *id_out, struct class_computation *out, struct err *e)
{
	return create_version(db, a, auth, as, in, true, id_out, out, e);
}

/* --- the start page --- */

/* @today ("YYYY-MM-DD") plus @days, in @a. */
static const char *days_after(struct arena *a, const char *today, int days)
{
	char iso[TIME_ISO_LEN];
	time_t t;

	if (!time_parse_iso(arena_printf(a, "%.10sT00:00:00Z", today), &t))
		return today;
	time_iso(t + (time_t)days * 86400, iso);
	return arena_strndup(a, iso, 10);
}

int classify_tasks(struct db *db, struct arena *a, const struct auth *auth, const char *today, size_t max,
		   struct task **out, size_t *n, struct err *e)
{
	struct class_draft *d;
	struct asset *as;
	size_t n_d = 0, n_as = 0, k = 0;
	const char *soon = days_after(a, today, TASKS_SOON_DAYS);
	int rc;

	*n = 0;
	*out = arena_calloc(a, 1, sizeof(**out));
	if (!auth || auth->system || !auth->user_id || !max)
		return 0;
	if ((rc = q_classification_drafts_owned(db, a, auth->user_id, (int64_t)max, &d, &n_d, e)) ||
	    (rc = q_asset_of_person(db, a, auth->user_id, TASKS_ASSETS, &as, &n_as, e)))
		return rc;
	*out = arena_calloc(a, n_d + n_as + 1, sizeof(**out));
	for (size_t i = 0; i < n_d; i++) {
		struct task *t = &(*out)[k++];
		t->kind = "asset";
		t->id = d[i].asset_id;
		t->title = d[i].asset_name;
		t->context = arena_printf(a, "%s %" PRId64 " – %s", tr(auth->lang, "Classification version"),
					  d[i].version_no, d[i].unit_name);
		t->status = N_("Waiting for your signature");
		t->group = TASK_SIGN;
		t->href = arena_printf(a, "/assets/%" PRId64 "/classification/%" PRId64, d[i].asset_id, d[i].id);
	}
	for (size_t i = 0; i < n_as && k < n_d + max; i++) {
		const struct asset *x = &as[i];
		bool drafted = false;
		struct task *t;

		if (x->owner_id != auth->user_id)
			continue; /* the system administrator does not classify */
		for (size_t j = 0; j < n_d && !drafted; j++)
			drafted = d[j].asset_id == x->id;
		if (drafted ||
		    (x->classification_id && !x->needs_review && (!x->review_due || strcmp(x->review_due, soon) > 0)))
			continue;
		t = &(*out)[k++];
		t->kind = "asset";
		t->id = x->id;
		t->title = x->name;
		t->context = x->unit_name;
		t->group = TASK_CLASSIFY;
		/* Never classified: straight to the form; a review starts from what changed. */
		t->href = arena_printf(a, "/assets/%" PRId64 "/classification%s", x->id,
				       x->classification_id ? "" : "/new");
		if (!x->classification_id) {
			t->status = N_("Not classified");
		} else {
			t->status = x->needs_review ? N_("Flagged for review") : N_("Review due");
			t->due = x->review_due;
			t->overdue = x->review_due && strcmp(x->review_due, today) < 0;
		}
	}
	*n = k;
	return 0;
}
