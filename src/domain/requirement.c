/*
 * requirement.c - rules of the requirements library and of requirement
 * fulfilment per asset.
 *
 * The library is read through requirement_ensure_default(), which seeds an
 * empty table with the default library (reqlib_default.c) in one
 * transaction. Which requirements apply to an asset is decided here, in C,
 * by requirement_applies() over the active library, so the rule has one
 * implementation that the unit tests exercise directly. The CSV import
 * checks every row before it changes anything and then applies the whole
 * file in one transaction, updating existing codes and creating new ones.
 * The export is written by io/csvwrite.c, which guards text a spreadsheet
 * would run as a formula; csv_read() reads it back as it was.
 *
 * The queries are q_requirement.c's; writes run in one transaction each
 * (db_begin(), a *_in_tx() function, db_end()), and the audit snapshot of
 * a change is built from the record as read and the input.
 */
#include "domain/requirement.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/err.h"
#include "core/json.h"
#include "core/str.h"
#include "core/timeutil.h"
#include "db/db.h"
#include "db/q_requirement.h"
#include "domain/asset.h"
#include "domain/audit.h"
#include "domain/listexport.h"
#include "domain/tasks.h"
#include "domain/validate.h"
#include "io/csvread.h"
#include "io/csvwrite.h"

const char *const req_categories[REQ_CATEGORY_COUNT] = {
	"governance", "access_control", "logging",       "backup",     "encryption", "continuity",
	"suppliers",  "physical",       "personal_data", "operations", "incidents",
};
const char *const req_category_labels[REQ_CATEGORY_COUNT] = {
	N_("Governance and follow-up"),
	N_("Access control"),
	N_("Logging and traceability"),
	N_("Backup"),
	N_("Encryption"),
	N_("Continuity"),
	N_("Suppliers and agreements"),
	N_("Physical security"),
	N_("Personal data"),
	N_("Operations and vulnerability management"),
	N_("Incident management"),
};
/* The Swedish names, accepted in an import file as people write them. */
static const char *const category_sv[REQ_CATEGORY_COUNT] = {
	"Styrning och uppföljning",
	"Behörighetsstyrning",
	"Loggning och spårbarhet",
	"Säkerhetskopiering",
	"Kryptering",
	"Kontinuitet",
	"Leverantörer och avtal",
	"Fysisk säkerhet",
	"Personuppgifter",
	"Drift och sårbarhetshantering",
	"Incidenthantering",
};

const char *const req_nis2_points[REQ_NIS2_COUNT] = { "a", "b", "c", "d", "e", "f", "g", "h", "i", "j" };
const char *const req_nis2_labels[REQ_NIS2_COUNT] = {
	N_("(a) Risk analysis and information system security policies"),
	N_("(b) Incident handling"),
	N_("(c) Business continuity, backup, disaster recovery and crisis management"),
	N_("(d) Supply chain security"),
	N_("(e) Security in acquisition, development and maintenance, including vulnerability handling"),
	N_("(f) Assessing the effectiveness of the measures"),
	N_("(g) Basic cyber hygiene and training"),
	N_("(h) Cryptography and encryption"),
	N_("(i) Human resources security, access control and asset management"),
	N_("(j) Multi-factor authentication and secured communications"),
};

const char *const req_statuses[REQ_STATUS_COUNT] = { "", "fulfilled", "partial", "not_fulfilled", "not_applicable" };
const char *const req_status_labels[REQ_STATUS_COUNT] = {
	N_("Not assessed"), N_("Fulfilled"), N_("Partly fulfilled"), N_("Not fulfilled"), N_("Not applicable"),
};

const char *const reqimport_columns[REQIMPORT_N_COLUMNS] = {
	"code", "title", "text", "category", "min_c", "min_i", "min_a", "min_t", "nis2",
};
const char *const reqimport_optional[REQIMPORT_N_OPTIONAL] = { "gdpr", "obligation", "party", "conditions", "kinds" };

const char *const req_conditions[REQ_CONDITION_COUNT] = {
	"personal_data", "nis2", "vital", "business_critical", "outsourced", "cloud", "third_country",
};
const char *const req_condition_labels[REQ_CONDITION_COUNT] = {
	N_("Holds personal data"),
	N_("Supports services in the scope of the cybersecurity act (NIS2)"),
	N_("Samhällsviktig verksamhet"),
	N_("Business-critical"),
	N_("Run by a supplier, in the cloud or in a third country"),
	N_("Hosted in the cloud"),
	N_("Hosted in a third country"),
};

const char *const req_parties[REQ_PARTY_COUNT] = { "organisation", "supplier", "both" };
const char *const req_party_labels[REQ_PARTY_COUNT] = {
	N_("The organisation itself"),
	N_("A supplier"),
	N_("The organisation and a supplier"),
};

const char *const req_obligations[2] = { "must", "should" };
const char *const req_obligation_labels[2] = { N_("Mandatory (ska)"), N_("Recommended (bör)") };
const char *const req_obligation_words[2] = { N_("ska"), N_("bör") };

const char *req_category_label(const char *key)
{
	int i = str_index(req_categories, REQ_CATEGORY_COUNT, key);
	return i >= 0 ? req_category_labels[i] : key ? key : "";
}

const char *req_nis2_label(const char *p)
{
	int i = str_index(req_nis2_points, REQ_NIS2_COUNT, p);
	return i >= 0 ? req_nis2_labels[i] : "";
}

const char *req_obligation_label(const char *o)
{
	int i = str_index(req_obligations, 2, o);
	return req_obligation_labels[i > 0 ? i : 0];
}

const char *req_obligation_word(const char *o)
{
	int i = str_index(req_obligations, 2, o);
	return req_obligation_words[i > 0 ? i : 0];
}

const char *req_party_label(const char *p)
{
	int i = str_index(req_parties, REQ_PARTY_COUNT, p);
	return req_party_labels[i > 0 ? i : 0];
}

const char *req_condition_label(const char *c)
{
	int i = str_index(req_conditions, REQ_CONDITION_COUNT, c);
	return i >= 0 ? req_condition_labels[i] : c ? c : "";
}

bool requirement_for_supplier(const struct requirement *q)
{
	return q->party && (!strcmp(q->party, "supplier") || !strcmp(q->party, "both"));
}

bool req_lists(const char *list, const char *item)
{
	size_t n = strlen(item);
	for (const char *p = list ? list : ""; *p;) {
		const char *end = strchr(p, ',');
		size_t len = end ? (size_t)(end - p) : strlen(p);
		if (len == n && !strncmp(p, item, n))
			return true;
		if (!end)
			break;
		p = end + 1;
	}
	return false;
}

/* "(g), (i)" or "Art. 15, 16, 17": each item of @list between @pre and @post, joined by ", ". */
static const char *list_text(struct arena *a, const char *list, const char *lead, const char *pre, const char *post)
{
	struct buf b;
	if (!list || !*list)
		return "";
	buf_init(&b, a);
	buf_adds(&b, lead);
	for (const char *p = list; *p;) {
		const char *end = strchr(p, ',');
		size_t len = end ? (size_t)(end - p) : strlen(p);
		buf_addf(&b, "%s%s%.*s%s", p == list ? "" : ", ", pre, (int)len, p, post);
		if (!end)
			break;
		p = end + 1;
	}
	return b.data;
}

const char *req_nis2_text(struct arena *a, const char *points)
{
	return list_text(a, points, "", "(", ")");
}

const char *req_gdpr_text(struct arena *a, const char *arts)
{
	return list_text(a, arts, "Art. ", "", "");
}

bool req_status_known(const char *s)
{
	return s && str_index(req_statuses, REQ_STATUS_COUNT, s) >= 0;
}

const char *req_status_label(const char *s)
{
	int i = str_index(req_statuses, REQ_STATUS_COUNT, s ? s : "");
	return i >= 0 ? req_status_labels[i] : s;
}

const char *req_category_parse(const char *s)
{
	if (!s)
		return NULL;
	for (size_t i = 0; i < REQ_CATEGORY_COUNT; i++)
		if (str_ieq(s, req_categories[i]) || str_ieq(s, req_category_labels[i]) || str_ieq(s, category_sv[i]))
			return req_categories[i];
	return NULL;
}

/* --- the rule ------------------------------------------------------------- */

struct req_levels req_levels_of(const struct asset *as)
{
	struct req_levels lv = { -1, -1, -1, -1 };
	if (as && as->classification_id) {
		lv.c = as->c_level;
		lv.i = as->i_level;
		lv.a = as->a_level;
		lv.t = as->t_level;
	}
	return lv;
}

bool req_levels_classified(const struct req_levels *lv)
{
	return lv && lv->c >= 0 && lv->i >= 0 && lv->a >= 0;
}

bool req_levels_need_separate_analysis(const struct req_levels *lv)
{
	return req_levels_classified(lv) && (lv->c >= REQ_LEVEL_SEPARATE || lv->i >= REQ_LEVEL_SEPARATE ||
					     lv->a >= REQ_LEVEL_SEPARATE || lv->t >= REQ_LEVEL_SEPARATE);
}

static bool reaches(int64_t level, int64_t min)
{
	return min >= 0 && level >= 0 && level >= min;
}

bool requirement_applies(const struct requirement *req, const struct req_levels *lv)
{
	if (!req || !req->active || !req_levels_classified(lv))
		return false;
	if (req->min_c < 0 && req->min_i < 0 && req->min_a < 0 && req->min_t < 0)
		return true;
	return reaches(lv->c, req->min_c) || reaches(lv->i, req->min_i) || reaches(lv->a, req->min_a) ||
	       reaches(lv->t, req->min_t);
}

static bool condition_holds(const char *c, const struct asset *as)
{
	const char *h = as->hosting ? as->hosting : "";
	if (!strcmp(c, "personal_data"))
		return as->personal_data;
	if (!strcmp(c, "nis2"))
		return as->nis2;
	if (!strcmp(c, "vital"))
		return as->vital;
	if (!strcmp(c, "business_critical"))
		return as->business_critical;
	if (!strcmp(c, "outsourced"))
		return !strcmp(h, "supplier") || !strcmp(h, "cloud") || !strcmp(h, "third_country");
	if (!strcmp(c, "cloud"))
		return !strcmp(h, "cloud");
	if (!strcmp(c, "third_country"))
		return !strcmp(h, "third_country");
	return false; /* a condition this version does not know never holds */
}

bool requirement_conditions_hold(const struct requirement *req, const struct asset *as)
{
	const char *p = req->conditions ? req->conditions : "";
	char item[32];

	if (req->kinds && *req->kinds && !req_lists(req->kinds, as->kind))
		return false;
	while (*p) {
		const char *end = strchr(p, ',');
		size_t len = end ? (size_t)(end - p) : strlen(p);
		if (len >= sizeof(item))
			return false;
		memcpy(item, p, len);
		item[len] = '\0';
		if (!condition_holds(item, as))
			return false;
		if (!end)
			break;
		p = end + 1;
	}
	return true;
}

bool requirement_applies_to(const struct requirement *req, const struct asset *as)
{
	struct req_levels lv = req_levels_of(as);
	return as && requirement_applies(req, &lv) && requirement_conditions_hold(req, as);
}

/* --- reading --------------------------------------------------------------- */

/* The stored requirement @in becomes when saved as @id at @version (no need to read it back). */
static struct requirement stored(const struct requirement_input *in, int64_t id, int64_t version,
				 const char *created_at, const char *now)
{
	struct requirement q = { .id = id,
				 .code = in->code,
				 .title = in->title,
				 .text = in->text,
				 .category = in->category,
				 .min_c = in->min_c,
				 .min_i = in->min_i,
				 .min_a = in->min_a,
				 .min_t = in->min_t,
				 .nis2 = in->nis2,
				 .gdpr = in->gdpr,
				 .obligation = in->obligation,
				 .party = in->party,
				 .conditions = in->conditions,
				 .kinds = in->kinds,
				 .active = in->active,
				 .version = version,
				 .created_at = created_at,
				 .updated_at = now };
	return q;
}

struct requirement_input requirement_input_of(const struct requirement *q)
{
	struct requirement_input in = { .code = q->code,
					.title = q->title,
					.text = q->text,
					.category = q->category,
					.min_c = q->min_c,
					.min_i = q->min_i,
					.min_a = q->min_a,
					.min_t = q->min_t,
					.nis2 = q->nis2,
					.active = q->active,
					.gdpr = q->gdpr,
					.obligation = q->obligation,
					.party = q->party,
					.conditions = q->conditions,
					.kinds = q->kinds };
	return in;
}

static const struct actor system_actor = { 0, "system" };

/* The revision of reqlib_default[] this version ships: raised whenever a shipped row's rules or references change. */
#define REQLIB_REVISION 1

struct requirement_input reqlib_input(const struct reqlib_entry *d)
{
	struct requirement_input in = { .code = d->code,
					.title = d->title,
					.text = d->text,
					.category = d->category,
					.min_c = d->min_c,
					.min_i = d->min_i,
					.min_a = d->min_a,
					.min_t = d->min_t,
					.nis2 = d->nis2,
					.active = true,
					.gdpr = d->gdpr,
					.obligation = d->obligation,
					.party = d->party,
					.conditions = d->conditions,
					.kinds = d->kinds };
	return in;
}

static int seed_in_tx(struct db *db, struct arena *a, struct err *e)
{
	char now[TIME_ISO_LEN];
	int rc = 0;

	time_now_iso(now);
	for (size_t i = 0; i < reqlib_default_count && !rc; i++) {
		const struct reqlib_entry *d = &reqlib_default[i];
		struct requirement_input in = reqlib_input(d);
		struct requirement q;
		bool inserted;
		int64_t id;
		if ((rc = q_requirement_insert_if_new(db, a, &in, now, &id, &inserted, e)) || !inserted)
			continue; /* someone else seeded this code first */
		q = stored(&in, id, 1, now, now);
		rc = audit_append(db, a, system_actor, "requirement", q.id, 0, "create", NULL,
				  requirement_json_text(a, &q), e);
	}
	return rc ? rc : q_requirement_library_set_revision(db, a, REQLIB_REVISION, e);
}

/* Revision 1 raised INC-03 from C, I, A 3 to every level (its condition is now NIS2 scope). */
static const struct {
	const char *code;
	int64_t c, i, a, t;
} old_levels[] = { { "INC-03", 3, 3, 3, -1 } };

static int update_one(struct db *db, struct arena *a, struct actor actor, const struct requirement *before,
		      const struct requirement_input *in, const char *now, struct requirement *current, struct err *e);
static bool same_requirement(const struct requirement *q, const struct requirement_input *in);

/*
 * Bring an installation's library up to this version's default rows: each
 * row whose code and title are still as Tillit wrote them gets the shipped
 * references, obligation, party, conditions and kinds; its text only where
 * it is still the shipped text ("ska" where it now says "bör"), its levels
 * only where they are still the old shipped ones. Each change is audited as
 * the system; a library its administrators rewrote keeps their words.
 */
static int upgrade_in_tx(struct db *db, struct arena *a, struct err *e)
{
	char now[TIME_ISO_LEN];
	int rc = 0;

	time_now_iso(now);
	for (size_t i = 0; i < reqlib_default_count && !rc; i++) {
		const struct reqlib_entry *d = &reqlib_default[i];
		struct requirement q;
		struct requirement_input in;
		const char *bor;
		rc = q_requirement_get_by_code(db, a, d->code, &q, e);
		if (rc == ERR_NOTFOUND) {
			rc = 0;
			continue;
		}
		if (rc || strcmp(q.title, d->title))
			continue;
		in = requirement_input_of(&q);
		in.nis2 = d->nis2;
		in.gdpr = d->gdpr;
		in.obligation = d->obligation;
		in.party = d->party;
		in.conditions = d->conditions;
		in.kinds = d->kinds;
		bor = strstr(d->text, " bör ");
		if (bor && !strcmp(d->obligation, "should")) {
			const char *was =
				arena_printf(a, "%.*s ska %s", (int)(bor - d->text), d->text, bor + strlen(" bör "));
			if (!strcmp(q.text, was))
				in.text = d->text;
		}
		for (size_t k = 0; k < sizeof(old_levels) / sizeof(old_levels[0]); k++)
			if (!strcmp(old_levels[k].code, d->code) && q.min_c == old_levels[k].c &&
			    q.min_i == old_levels[k].i && q.min_a == old_levels[k].a && q.min_t == old_levels[k].t) {
				in.min_c = d->min_c;
				in.min_i = d->min_i;
				in.min_a = d->min_a;
				in.min_t = d->min_t;
			}
		if (!same_requirement(&q, &in))
			rc = update_one(db, a, system_actor, &q, &in, now, NULL, e);
	}
	return rc ? rc : q_requirement_library_set_revision(db, a, REQLIB_REVISION, e);
}

int requirement_ensure_default(struct db *db, struct arena *a, struct err *e)
{
	int64_t n, rev;
	int rc = q_requirement_count(db, a, &n, e);

	if (!rc && n > 0)
		rc = q_requirement_library_revision(db, a, &rev, e);
	if (rc || (n > 0 && rev >= REQLIB_REVISION))
		return rc;
	if ((rc = db_begin(db, e)))
		return rc;
	rc = db_end(db, n == 0 ? seed_in_tx(db, a, e) : upgrade_in_tx(db, a, e), e);
	/* A concurrent seeding or upgrade won the race: the library is there now. */
	if (rc == ERR_EXISTS || rc == ERR_CONFLICT) {
		err_clear(e);
		rc = 0;
	}
	return rc;
}

int requirement_get(struct db *db, struct arena *a, int64_t id, struct requirement *out, struct err *e)
{
	int rc = q_requirement_get(db, a, id, out, e);
	return rc == ERR_NOTFOUND ? err_set(e, ERR_NOTFOUND, "id", N_("No such requirement.")) : rc;
}

int requirement_get_by_code(struct db *db, struct arena *a, const char *code, struct requirement *out, struct err *e)
{
	int rc = q_requirement_get_by_code(db, a, code, out, e);
	return rc == ERR_NOTFOUND ? err_set(e, ERR_NOTFOUND, "code", N_("No such requirement.")) : rc;
}

int requirement_filter_parse(struct requirement_filter *f, const char *(*get)(void *ctx, const char *name), void *ctx,
			     struct err *e)
{
	const char *v;

	f->active = 1;
	if ((v = filter_arg(get, ctx, "category")) && !(f->category = req_category_parse(v)))
		return err_set(e, ERR_INVALID, "category", N_("Choose one of the categories of the library."));
	if ((v = filter_arg(get, ctx, "nis2"))) {
		if (str_index(req_nis2_points, REQ_NIS2_COUNT, v) < 0)
			return err_set(
				e, ERR_INVALID, "nis2",
				N_("Give the NIS2 Art. 21(2) point as a letter from a to j, or leave it empty."));
		f->nis2 = v;
	}
	f->q = filter_arg(get, ctx, "q");
	if ((v = filter_arg(get, ctx, "active"))) {
		if (!strcmp(v, "true") || !strcmp(v, "1"))
			f->active = 1;
		else if (!strcmp(v, "false") || !strcmp(v, "0"))
			f->active = 0;
		else if (!strcmp(v, "all"))
			f->active = -1;
		else
			return err_set(e, ERR_INVALID, "active", N_("Use true, false or all."));
	}
	return 0;
}

int requirement_list(struct db *db, struct arena *a, const struct requirement_filter *f, struct requirement **out,
		     size_t *n, int64_t *total, struct err *e)
{
	int rc = requirement_ensure_default(db, a, e);
	return rc ? rc : q_requirement_list(db, a, f, out, n, total, e);
}

/* --- checks ---------------------------------------------------------------- */

/* The items of @s (separated by commas, semicolons or spaces) into @out (at most @max), copied into @a. */
static size_t split_items(struct arena *a, const char *s, char **out, size_t max)
{
	char *copy = arena_strdup(a, s ? s : "");
	size_t n = 0;
	char *p = copy;

	while (*p && n < max) {
		size_t len;
		p += strspn(p, ",; \t");
		if (!*p)
			break;
		len = strcspn(p, ",; \t");
		out[n++] = p;
		if (!p[len])
			break;
		p[len] = '\0';
		p += len + 1;
	}
	return n;
}

/*
 * A list of names from @allowed (n of them) as stored: lower case, without
 * brackets, in @allowed's order, each once, comma-separated. @s as given
 * (trimmed) when an item is not one of them, so that the check names it.
 */
static const char *clean_names(struct arena *a, const char *s, const char *const *allowed, size_t n)
{
	char *items[64];
	bool has[64] = { false };
	size_t k = split_items(a, s, items, 64);
	struct buf b;

	for (size_t i = 0; i < k; i++) {
		char *t = items[i];
		int idx;
		if (*t == '(')
			t++;
		if (*t && t[strlen(t) - 1] == ')')
			t[strlen(t) - 1] = '\0';
		for (char *c = t; *c; c++)
			if (*c >= 'A' && *c <= 'Z')
				*c = (char)(*c - 'A' + 'a');
		if ((idx = str_index(allowed, n, t)) < 0 || (size_t)idx >= 64)
			return text_trimmed(a, s);
		has[idx] = true;
	}
	buf_init(&b, a);
	buf_adds(&b, "");
	for (size_t i = 0; i < n && i < 64; i++)
		if (has[i])
			buf_addf(&b, "%s%s", b.len ? "," : "", allowed[i]);
	return b.data;
}

#define GDPR_MAX_ARTICLE 99

/* GDPR articles as stored ("15,16,17"): numbers, "Art." left out, ranges "15-17" spelled out, ascending. @s
 * (trimmed) when an item is not an article number. */
static const char *clean_articles(struct arena *a, const char *s)
{
	char *items[64];
	bool has[GDPR_MAX_ARTICLE + 1] = { false };
	size_t k = split_items(a, s, items, 64);
	struct buf b;

	for (size_t i = 0; i < k; i++) {
		char *t = items[i], *dash;
		int64_t from, to;
		if (str_ieq(t, "art.") || str_ieq(t, "art"))
			continue;
		if (!strncasecmp(t, "art.", 4))
			t += 4;
		dash = strchr(t, '-');
		if (dash)
			*dash = '\0';
		if (!str_to_i64(t, &from) || !str_to_i64(dash ? dash + 1 : t, &to) || from < 1 ||
		    to > GDPR_MAX_ARTICLE || to < from)
			return text_trimmed(a, s);
		for (int64_t m = from; m <= to; m++)
			has[m] = true;
	}
	buf_init(&b, a);
	buf_adds(&b, "");
	for (int m = 1; m <= GDPR_MAX_ARTICLE; m++)
		if (has[m])
			buf_addf(&b, "%s%d", b.len ? "," : "", m);
	return b.data;
}

static const char *clean_obligation(struct arena *a, const char *s)
{
	const char *t = text_trimmed(a, s);
	if (!*t || str_ieq(t, "ska"))
		return "must";
	if (str_ieq(t, "bör") || str_ieq(t, "BÖR"))
		return "should";
	for (int i = 0; i < 2; i++)
		if (str_ieq(t, req_obligations[i]))
			return req_obligations[i];
	return t;
}

static struct requirement_input clean_input(struct arena *a, const struct requirement_input *in)
{
	struct requirement_input c = *in;
	const char *cat;
	c.code = text_trimmed(a, in->code);
	c.title = text_trimmed(a, in->title);
	c.text = text_trimmed(a, in->text);
	c.category = text_trimmed(a, in->category);
	cat = req_category_parse(c.category);
	if (cat)
		c.category = cat;
	c.nis2 = clean_names(a, in->nis2, req_nis2_points, REQ_NIS2_COUNT);
	/* NULL stays NULL: an import without the column keeps what the requirement has. */
	if (in->gdpr)
		c.gdpr = clean_articles(a, in->gdpr);
	if (in->obligation)
		c.obligation = clean_obligation(a, in->obligation);
	if (in->party) {
		c.party = text_trimmed(a, in->party);
		if (!*c.party)
			c.party = "organisation";
	}
	if (in->conditions)
		c.conditions = clean_names(a, in->conditions, req_conditions, REQ_CONDITION_COUNT);
	if (in->kinds)
		c.kinds = clean_names(a, in->kinds, asset_kinds, ASSET_KIND_COUNT);
	return c;
}

/* True when @s is empty or a comma-separated list of names from @allowed (as clean_names() stores them). */
static bool names_valid(const char *s, const char *const *allowed, size_t n)
{
	for (const char *p = s ? s : ""; *p;) {
		const char *end = strchr(p, ',');
		size_t len = end ? (size_t)(end - p) : strlen(p);
		bool found = false;
		for (size_t i = 0; i < n && !found; i++)
			found = strlen(allowed[i]) == len && !strncmp(allowed[i], p, len);
		if (!found)
			return false;
		if (!end)
			break;
		p = end + 1;
	}
	return true;
}

/* True when @s is empty or article numbers 1-99 separated by commas (as clean_articles() stores them). */
static bool articles_valid(const char *s)
{
	int64_t n = 0;
	bool digits = false;
	if (!s)
		return true;
	for (const char *p = s;; p++) {
		if (*p >= '0' && *p <= '9') {
			n = n * 10 + (*p - '0');
			digits = true;
			if (n > GDPR_MAX_ARTICLE)
				return false;
		} else if (*p == ',' || !*p) {
			if (p != s && (!digits || n < 1))
				return false;
			if (!*p)
				return true;
			n = 0;
			digits = false;
		} else {
			return false;
		}
	}
}

enum req_field {
	RF_CODE,
	RF_TITLE,
	RF_TEXT,
	RF_CATEGORY,
	RF_MIN_C,
	RF_MIN_I,
	RF_MIN_A,
	RF_MIN_T,
	RF_NIS2,
	RF_GDPR,
	RF_OBLIGATION,
	RF_PARTY,
	RF_CONDITIONS,
	RF_KINDS,
	RF_COUNT
};

static int check_level(struct err *e, const char *field, int64_t m)
{
	char n[8];
	if (m >= -1 && m <= REQ_LEVEL_MAX)
		return 0;
	snprintf(n, sizeof(n), "%d", REQ_LEVEL_MAX);
	return err_set1(e, ERR_INVALID, field, N_("Give a level from 0 to %s, or leave it empty."), n);
}

/* Check one field of a cleaned input; the field names are the import's column names. */
static int check_field(const struct requirement_input *in, enum req_field f, struct err *e)
{
	int rc;
	switch (f) {
	case RF_CODE:
		if ((rc = check_text(e, "code", in->code, 32, true)))
			return rc;
		for (const char *p = in->code; *p; p++)
			if ((unsigned char)*p <= ' ')
				return err_set(e, ERR_INVALID, "code", N_("A code has no spaces, for example BEH-01."));
		return 0;
	case RF_TITLE:
		return check_text(e, "title", in->title, 300, true);
	case RF_TEXT:
		return check_text(e, "text", in->text, 10000, false);
	case RF_CATEGORY:
		if (str_index(req_categories, REQ_CATEGORY_COUNT, in->category) < 0)
			return err_set(e, ERR_INVALID, "category", N_("Choose one of the categories of the library."));
		return 0;
	case RF_MIN_C:
		return check_level(e, "min_c", in->min_c);
	case RF_MIN_I:
		return check_level(e, "min_i", in->min_i);
	case RF_MIN_A:
		return check_level(e, "min_a", in->min_a);
	case RF_MIN_T:
		return check_level(e, "min_t", in->min_t);
	case RF_NIS2:
		if (!names_valid(in->nis2, req_nis2_points, REQ_NIS2_COUNT))
			return err_set(
				e, ERR_INVALID, "nis2",
				N_("Give the NIS2 Art. 21(2) points as letters from a to j separated by commas (g, i), or leave it empty."));
		return 0;
	case RF_GDPR:
		if (!articles_valid(in->gdpr))
			return err_set(
				e, ERR_INVALID, "gdpr",
				N_("Give the GDPR articles as numbers separated by commas (15, 16, 17 or 15-17), or "
				   "leave it empty."));
		return 0;
	case RF_OBLIGATION:
		if (in->obligation && str_index(req_obligations, 2, in->obligation) < 0)
			return err_set(e, ERR_INVALID, "obligation",
				       N_("Choose mandatory (ska) or recommended (bör)."));
		return 0;
	case RF_PARTY:
		if (in->party && str_index(req_parties, REQ_PARTY_COUNT, in->party) < 0)
			return err_set(e, ERR_INVALID, "party",
				       N_("Choose whether the organisation, a supplier or both meet the requirement."));
		return 0;
	case RF_CONDITIONS:
		if (!names_valid(in->conditions, req_conditions, REQ_CONDITION_COUNT))
			return err_set(
				e, ERR_INVALID, "conditions",
				N_("Name asset attributes from the list: personal_data, nis2, vital, business_critical, "
				   "outsourced, cloud, third_country."));
		return 0;
	case RF_KINDS:
		if (!names_valid(in->kinds, asset_kinds, ASSET_KIND_COUNT))
			return err_set(
				e, ERR_INVALID, "kinds",
				N_("Name asset kinds from the list: information_set, system, digital_service, manual, "
				   "process, supplier."));
		return 0;
	case RF_COUNT:
		break;
	}
	return 0;
}

static int check_clean(const struct requirement_input *in, struct err *e)
{
	int rc;
	for (int f = 0; f < RF_COUNT; f++)
		if ((rc = check_field(in, (enum req_field)f, e)))
			return rc;
	return 0;
}

int requirement_check(const struct requirement_input *raw, struct err *e)
{
	struct arena *a = arena_new();
	struct requirement_input in = clean_input(a, raw);
	int rc = check_clean(&in, e);
	arena_free(a);
	return rc;
}

/* --- changes --------------------------------------------------------------- */

static const char *const code_taken = N_("The library already has a requirement with this code.");

static int insert_one(struct db *db, struct arena *a, struct actor actor, const struct requirement_input *in,
		      const char *now, int64_t *id_out, struct err *e)
{
	struct requirement created;
	int64_t id;
	int rc = q_requirement_insert(db, a, in, now, &id, e);

	if (rc == ERR_EXISTS)
		return err_set(e, ERR_EXISTS, "code", code_taken);
	if (rc)
		return rc;
	created = stored(in, id, 1, now, now);
	if (id_out)
		*id_out = id;
	return audit_append(db, a, actor, "requirement", id, 0, "create", NULL, requirement_json_text(a, &created), e);
}

static int create_in_tx(struct db *db, struct arena *a, struct actor actor, const struct requirement_input *in,
			int64_t *id_out, struct err *e)
{
	struct requirement other;
	char now[TIME_ISO_LEN];
	int rc = q_requirement_get_by_code(db, a, in->code, &other, e);

	if (rc == 0)
		return err_set(e, ERR_EXISTS, "code", code_taken);
	if (rc != ERR_NOTFOUND)
		return rc;
	time_now_iso(now);
	return insert_one(db, a, actor, in, now, id_out, e);
}

int requirement_create(struct db *db, struct arena *a, const struct auth *auth, const struct requirement_input *raw,
		       int64_t *id_out, struct err *e)
{
	struct requirement_input in = clean_input(a, raw);
	int rc;

	if ((rc = check_clean(&in, e)) || (rc = requirement_ensure_default(db, a, e)) || (rc = db_begin(db, e)))
		return rc;
	return db_end(db, create_in_tx(db, a, actor_of(auth), &in, id_out, e), e);
}

static const char *const conflict_msg = N_(
	"Someone else has changed this requirement since you opened it. Their version is shown; your changes are kept in the form.");

/* Save @before changed to @in (the version already compared); on a stale version *current (if not NULL) gets the stored one. */
static int update_one(struct db *db, struct arena *a, struct actor actor, const struct requirement *before,
		      const struct requirement_input *in, const char *now, struct requirement *current, struct err *e)
{
	struct requirement after, other;
	int rc;

	if (strcmp(before->code, in->code) && q_requirement_get_by_code(db, a, in->code, &other, NULL) == 0)
		return err_set(e, ERR_EXISTS, "code", code_taken);
	rc = q_requirement_update(db, a, before->id, before->version, in, now, e);
	if (rc == ERR_CONFLICT) /* changed since @before was read: show the stored one */
		return version_lost(current ? requirement_get(db, a, before->id, current, e) : 0, e, conflict_msg);
	if (rc == ERR_EXISTS)
		return err_set(e, ERR_EXISTS, "code", code_taken);
	if (rc)
		return rc;
	after = stored(in, before->id, before->version + 1, before->created_at, now);
	return audit_append(db, a, actor, "requirement", before->id, 0, "update", requirement_json_text(a, before),
			    requirement_json_text(a, &after), e);
}

/* A stale @version: *current (if not NULL) gets @before, as the route read it. */
static int stale(const struct requirement *before, struct requirement *current, struct err *e)
{
	if (current)
		*current = *before;
	return err_set(e, ERR_CONFLICT, "version", conflict_msg);
}

static int update_in_tx(struct db *db, struct arena *a, struct actor actor, const struct requirement *before,
			const struct requirement_input *in, struct requirement *current, struct err *e)
{
	char now[TIME_ISO_LEN];
	time_now_iso(now);
	return update_one(db, a, actor, before, in, now, current, e);
}

int requirement_update(struct db *db, struct arena *a, const struct auth *auth, const struct requirement *before,
		       int64_t version, const struct requirement_input *raw, struct requirement *current, struct err *e)
{
	struct requirement_input in = clean_input(a, raw);
	int rc;

	if (before->version != version)
		return stale(before, current, e);
	if ((rc = check_clean(&in, e)) || (rc = db_begin(db, e)))
		return rc;
	return db_end(db, update_in_tx(db, a, actor_of(auth), before, &in, current, e), e);
}

static int set_active_in_tx(struct db *db, struct arena *a, struct actor actor, const struct requirement *before,
			    bool active, struct requirement *current, struct err *e)
{
	struct requirement after = *before;
	char now[TIME_ISO_LEN];
	int rc;

	time_now_iso(now);
	rc = q_requirement_set_active(db, a, before->id, before->version, active, now, e);
	if (rc == ERR_CONFLICT)
		return version_lost(current ? requirement_get(db, a, before->id, current, e) : 0, e, conflict_msg);
	if (rc)
		return rc;
	after.active = active;
	after.version = before->version + 1;
	after.updated_at = now;
	return audit_append(db, a, actor, "requirement", before->id, 0, active ? "activate" : "deactivate",
			    requirement_json_text(a, before), requirement_json_text(a, &after), e);
}

int requirement_set_active(struct db *db, struct arena *a, const struct auth *auth, const struct requirement *before,
			   int64_t version, bool active, struct requirement *current, struct err *e)
{
	int rc;

	if (before->version != version)
		return stale(before, current, e);
	if ((rc = db_begin(db, e)))
		return rc;
	return db_end(db, set_active_in_tx(db, a, actor_of(auth), before, active, current, e), e);
}

static void min_json(struct json *j, const char *key, int64_t m)
{
	if (m >= 0)
		json_kv_int(j, key, m);
	else
		json_kv_null(j, key);
}

/* A comma-separated stored list as a JSON array of strings ([] when empty). */
static void list_json(struct json *j, const char *key, const char *list)
{
	json_key(j, key);
	json_arr_open(j);
	for (const char *p = list ? list : ""; *p;) {
		const char *end = strchr(p, ',');
		size_t len = end ? (size_t)(end - p) : strlen(p);
		char item[32];
		if (len < sizeof(item)) {
			memcpy(item, p, len);
			item[len] = '\0';
			json_str(j, item);
		}
		if (!end)
			break;
		p = end + 1;
	}
	json_arr_close(j);
}

void requirement_json(struct json *j, const struct requirement *q)
{
	json_obj_open(j);
	json_kv_int(j, "id", q->id);
	json_kv_str(j, "code", q->code);
	json_kv_str(j, "title", q->title);
	json_kv_str(j, "text", q->text);
	json_kv_str(j, "category", q->category);
	min_json(j, "min_c", q->min_c);
	min_json(j, "min_i", q->min_i);
	min_json(j, "min_a", q->min_a);
	min_json(j, "min_t", q->min_t);
	list_json(j, "nis2", q->nis2);
	list_json(j, "gdpr", q->gdpr);
	json_kv_str(j, "obligation", q->obligation && *q->obligation ? q->obligation : "must");
	json_kv_str(j, "party", q->party && *q->party ? q->party : "organisation");
	list_json(j, "conditions", q->conditions);
	list_json(j, "kinds", q->kinds);
	json_kv_bool(j, "active", q->active);
	json_kv_int(j, "version", q->version);
	json_kv_str(j, "created_at", q->created_at);
	json_kv_str(j, "updated_at", q->updated_at);
	json_obj_close(j);
}

static void write_requirement_json(struct json *j, const void *rec)
{
	requirement_json(j, rec);
}

const char *requirement_json_text(struct arena *a, const struct requirement *q)
{
	return json_text(a, write_requirement_json, q);
}

/* --- import and export ----------------------------------------------------- */

#define IMPORT_MAX_ROWS 5000

static void add_problem(struct arena *a, struct reqimport_result *res, size_t *cap, size_t line, const char *field,
			const struct err *e)
{
	if (res->n_problems == *cap) {
		size_t ncap = *cap ? *cap * 2 : 16;
		struct reqimport_problem *p = arena_calloc(a, ncap, sizeof(*p));
		if (res->n_problems)
			memcpy(p, res->problems, res->n_problems * sizeof(*p));
		res->problems = p;
		*cap = ncap;
	}
	res->problems[res->n_problems].line = line;
	res->problems[res->n_problems].field = field;
	res->problems[res->n_problems].err = *e;
	res->n_problems++;
}

/* A level cell: empty is no minimum; otherwise a whole number (checked against the scale later). */
static bool parse_level(const char *s, int64_t *out)
{
	if (!s || !*s) {
		*out = -1;
		return true;
	}
	return s[0] >= '0' && s[0] <= '9' && str_to_i64(s, out);
}

static bool parse_active(const char *s, bool *out)
{
	if (!s || !*s || !strcmp(s, "1") || str_ieq(s, "true") || str_ieq(s, "ja") || str_ieq(s, "yes")) {
		*out = true;
		return true;
	}
	if (!strcmp(s, "0") || str_ieq(s, "false") || str_ieq(s, "nej") || str_ieq(s, "no")) {
		*out = false;
		return true;
	}
	return false;
}

static bool same_text(const char *a, const char *b)
{
	return !strcmp(a ? a : "", b ? b : "");
}

static bool same_requirement(const struct requirement *q, const struct requirement_input *in)
{
	return !strcmp(q->title, in->title) && !strcmp(q->text, in->text) && !strcmp(q->category, in->category) &&
	       q->min_c == in->min_c && q->min_i == in->min_i && q->min_a == in->min_a && q->min_t == in->min_t &&
	       same_text(q->nis2, in->nis2) && q->active == in->active && same_text(q->gdpr, in->gdpr) &&
	       same_text(q->obligation, in->obligation) && same_text(q->party, in->party) &&
	       same_text(q->conditions, in->conditions) && same_text(q->kinds, in->kinds);
}

/* A column the file did not have (NULL) keeps what @q has. */
static struct requirement_input keep_absent(struct requirement_input in, const struct requirement *q)
{
	if (!in.gdpr)
		in.gdpr = q->gdpr;
	if (!in.obligation)
		in.obligation = q->obligation;
	if (!in.party)
		in.party = q->party;
	if (!in.conditions)
		in.conditions = q->conditions;
	if (!in.kinds)
		in.kinds = q->kinds;
	return in;
}

/*
 * Count what the valid rows @rows would change and, unless @dry_run,
 * change it (inside the caller's transaction): existing codes updated,
 * new ones created.
 */
static int apply_rows(struct db *db, struct arena *a, struct actor actor, const struct requirement_input *rows,
		      size_t n, bool dry_run, struct reqimport_result *res, struct err *e)
{
	char now[TIME_ISO_LEN];
	int rc = 0;

	time_now_iso(now);
	for (size_t i = 0; i < n && !rc; i++) {
		struct requirement existing;
		rc = q_requirement_get_by_code(db, a, rows[i].code, &existing, e);
		if (rc == ERR_NOTFOUND) {
			rc = 0;
			res->n_new++;
			if (!dry_run)
				rc = insert_one(db, a, actor, &rows[i], now, NULL, e);
		} else if (rc == 0) {
			struct requirement_input row = keep_absent(rows[i], &existing);
			if (same_requirement(&existing, &row)) {
				res->n_same++;
			} else {
				res->n_changed++;
				if (!dry_run)
					rc = update_one(db, a, actor, &existing, &row, now, NULL, e);
			}
		} else {
			rc = err_set(e, rc, NULL, N_("The library could not be read."));
		}
	}
	return rc;
}

int requirement_import(struct db *db, struct arena *a, const struct auth *auth, const char *data, size_t len,
		       bool dry_run, struct reqimport_result *res, struct err *e)
{
	struct actor actor = actor_of(auth);
	static const char *const level_cols[4] = { "min_c", "min_i", "min_a", "min_t" };
	struct csv_table t;
	struct err ce = { 0 };
	struct requirement_input *rows;
	int col[REQIMPORT_N_COLUMNS], opt[REQIMPORT_N_OPTIONAL], col_active;
	size_t cap = 0;
	int rc;

	memset(res, 0, sizeof(*res));
	if ((rc = requirement_ensure_default(db, a, e)))
		return rc;
	if (csv_read(a, data ? data : "", data ? len : 0, IMPORT_MAX_ROWS, &t, &ce)) {
		add_problem(a, res, &cap, 0, "file", &ce);
		return err_set(e, ERR_INVALID, "file", N_("The file cannot be imported; see the problems listed."));
	}
	for (size_t k = 0; k < REQIMPORT_N_COLUMNS; k++) {
		col[k] = csv_column(&t, reqimport_columns[k]);
		if (col[k] < 0) {
			err_set1(&ce, ERR_INVALID, "file", N_("The file lacks the column %s."), reqimport_columns[k]);
			add_problem(a, res, &cap, t.header.line, reqimport_columns[k], &ce);
		}
	}
	col_active = csv_column(&t, "active");
	for (size_t k = 0; k < REQIMPORT_N_OPTIONAL; k++)
		opt[k] = csv_column(&t, reqimport_optional[k]);
	for (size_t k = 0; k < t.header.n_cells; k++) {
		const char *name = t.header.cells[k];
		bool known = str_ieq(name, "active") || str_ieq(name, "id");
		for (size_t m = 0; m < REQIMPORT_N_COLUMNS && !known; m++)
			known = str_ieq(name, reqimport_columns[m]);
		for (size_t m = 0; m < REQIMPORT_N_OPTIONAL && !known; m++)
			known = str_ieq(name, reqimport_optional[m]);
		if (!known) {
			err_set1(
				&ce, ERR_INVALID, "file",
				N_("Unknown column %s: use code, title, text, category, min_c, min_i, min_a, min_t, nis2 (and gdpr, obligation, party, conditions, kinds, active)."),
				name);
			add_problem(a, res, &cap, t.header.line, "file", &ce);
		}
	}
	if (res->n_problems)
		return err_set(e, ERR_INVALID, "file", N_("The file cannot be imported; see the problems listed."));
	if (t.n_rows == 0) {
		err_set(&ce, ERR_INVALID, "file", N_("The file has no requirements below the header line."));
		add_problem(a, res, &cap, 0, "file", &ce);
		return err_set(e, ERR_INVALID, "file", N_("The file cannot be imported; see the problems listed."));
	}

	res->n_rows = t.n_rows;
	rows = arena_calloc(a, t.n_rows, sizeof(*rows));
	for (size_t i = 0; i < t.n_rows; i++) {
		const struct csv_row *row = &t.rows[i];
		struct requirement_input raw = { 0 };
		int64_t *mins[4] = { &raw.min_c, &raw.min_i, &raw.min_a, &raw.min_t };
		bool bad_level[4] = { false };
		raw.code = csv_cell(row, col[0]);
		raw.title = csv_cell(row, col[1]);
		raw.text = csv_cell(row, col[2]);
		raw.category = csv_cell(row, col[3]);
		raw.nis2 = csv_cell(row, col[8]);
		/* An optional column the file lacks stays NULL: the requirement keeps what it has. */
		raw.gdpr = opt[0] >= 0 ? csv_cell(row, opt[0]) : NULL;
		raw.obligation = opt[1] >= 0 ? csv_cell(row, opt[1]) : NULL;
		raw.party = opt[2] >= 0 ? csv_cell(row, opt[2]) : NULL;
		raw.conditions = opt[3] >= 0 ? csv_cell(row, opt[3]) : NULL;
		raw.kinds = opt[4] >= 0 ? csv_cell(row, opt[4]) : NULL;
		for (int k = 0; k < 4; k++) {
			if (!parse_level(csv_cell(row, col[4 + k]), mins[k])) {
				char n[8];
				snprintf(n, sizeof(n), "%d", REQ_LEVEL_MAX);
				err_set1(&ce, ERR_INVALID, level_cols[k],
					 N_("Give a level from 0 to %s, or leave it empty."), n);
				add_problem(a, res, &cap, row->line, level_cols[k], &ce);
				bad_level[k] = true;
				*mins[k] = -1;
			}
		}
		if (!parse_active(col_active >= 0 ? csv_cell(row, col_active) : NULL, &raw.active)) {
			err_set(&ce, ERR_INVALID, "active",
				N_("Write 1 for an active requirement or 0 for an inactive one."));
			add_problem(a, res, &cap, row->line, "active", &ce);
		}
		rows[i] = clean_input(a, &raw);
		for (int f = 0; f < RF_COUNT; f++) {
			if (f >= RF_MIN_C && f <= RF_MIN_T && bad_level[f - RF_MIN_C])
				continue;
			err_clear(&ce);
			if (check_field(&rows[i], (enum req_field)f, &ce))
				add_problem(a, res, &cap, row->line, ce.field, &ce);
		}
		for (size_t k = 0; k < i; k++) {
			if (*rows[i].code && !strcmp(rows[k].code, rows[i].code)) {
				char line[24];
				snprintf(line, sizeof(line), "%zu", t.rows[k].line);
				err_set1(
					&ce, ERR_INVALID, "code",
					N_("This code is also on line %s of the file; each code may appear only once."),
					line);
				add_problem(a, res, &cap, row->line, "code", &ce);
				break;
			}
		}
	}
	if (res->n_problems)
		return err_set(e, ERR_INVALID, "file", N_("The file cannot be imported; see the problems listed."));

	/* Valid: count what would change, and apply it unless this is a dry run. */
	if (dry_run)
		return apply_rows(db, a, actor, rows, t.n_rows, true, res, e);
	if ((rc = db_begin(db, e)))
		return rc;
	return db_end(db, apply_rows(db, a, actor, rows, t.n_rows, false, res, e), e);
}

static const char *level_cell(struct arena *a, int64_t m)
{
	return m >= 0 ? arena_printf(a, "%" PRId64, m) : "";
}

const char *requirement_export_csv(struct db *db, struct arena *a, size_t *len, struct err *e)
{
	struct requirement_filter f = { .active = -1, .limit = 10000 };
	struct requirement *q;
	struct csv_writer w;
	struct buf b;
	int64_t total = 0;
	size_t n;

	if (requirement_list(db, a, &f, &q, &n, &total, e) || export_whole(n, total, f.limit, e))
		return NULL;
	buf_init(&b, a);
	csv_writer_init(&w, &b, ',', true);
	for (size_t k = 0; k < REQIMPORT_N_COLUMNS; k++)
		csv_writer_cell(&w, reqimport_columns[k]);
	for (size_t k = 0; k < REQIMPORT_N_OPTIONAL; k++)
		csv_writer_cell(&w, reqimport_optional[k]);
	csv_writer_cell(&w, "active");
	csv_writer_end_row(&w);
	for (size_t i = 0; i < n; i++) {
		const char *row[] = {
			q[i].code,
			q[i].title,
			q[i].text,
			q[i].category,
			level_cell(a, q[i].min_c),
			level_cell(a, q[i].min_i),
			level_cell(a, q[i].min_a),
			level_cell(a, q[i].min_t),
			q[i].nis2,
			q[i].gdpr,
			q[i].obligation,
			q[i].party,
			q[i].conditions,
			q[i].kinds,
			q[i].active ? "1" : "0",
		};
		csv_writer_row(&w, row, sizeof(row) / sizeof(row[0]));
	}
	*len = b.len;
	return b.data;
}

/* --- fulfilment per asset -------------------------------------------------- */

static void ar_unassessed(struct asset_requirement *ar, int64_t asset_id, const struct requirement *q)
{
	memset(ar, 0, sizeof(*ar));
	ar->req = *q;
	ar->asset_id = asset_id;
	ar->status = "";
	ar->comment = "";
	ar->evidence_url = "";
}

/* @ar's assessment (from q_asset_requirement_*) for the requirement @q. */
static void ar_assessed(struct asset_requirement *ar, const struct asset_requirement *row, const struct requirement *q)
{
	*ar = *row;
	ar->req = *q;
}

int asset_requirement_list(struct db *db, struct arena *a, const struct asset *as, struct asset_requirement **out,
			   size_t *n, struct err *e)
{
	struct req_levels lv = req_levels_of(as);
	struct requirement *reqs;
	struct asset_requirement *rows;
	size_t n_reqs, n_rows, k = 0;
	int rc;

	*n = 0;
	*out = arena_calloc(a, 1, sizeof(**out));
	if ((rc = requirement_ensure_default(db, a, e)))
		return rc;
	if (!req_levels_classified(&lv))
		return 0;
	if ((rc = q_requirement_active(db, a, &reqs, &n_reqs, e)) ||
	    (rc = q_asset_requirement_list(db, a, as->id, &rows, &n_rows, e)))
		return rc;
	*out = arena_calloc(a, n_reqs ? n_reqs : 1, sizeof(**out));
	for (size_t i = 0; i < n_reqs; i++) {
		if (!requirement_applies_to(&reqs[i], as))
			continue;
		ar_unassessed(&(*out)[k], as->id, &reqs[i]);
		for (size_t m = 0; m < n_rows; m++) {
			if (rows[m].req.id == reqs[i].id) {
				ar_assessed(&(*out)[k], &rows[m], &reqs[i]);
				break;
			}
		}
		k++;
	}
	*n = k;
	return 0;
}

int asset_requirement_read(struct db *db, struct arena *a, const struct asset *as, int64_t requirement_id,
			   struct asset_requirement *out, struct err *e)
{
	struct requirement q;
	struct asset_requirement row;
	int rc;

	if ((rc = requirement_get(db, a, requirement_id, &q, e)))
		return rc;
	rc = q_asset_requirement_get(db, a, as->id, requirement_id, &row, e);
	if (rc == ERR_NOTFOUND)
		ar_unassessed(out, as->id, &q);
	else if (rc == 0)
		ar_assessed(out, &row, &q);
	return rc == ERR_NOTFOUND ? 0 : rc;
}

int asset_requirement_get(struct db *db, struct arena *a, const struct asset *as, int64_t requirement_id,
			  struct asset_requirement *out, struct err *e)
{
	int rc = requirement_ensure_default(db, a, e);
	return rc ? rc : asset_requirement_read(db, a, as, requirement_id, out, e);
}

struct asset_requirement_input asset_requirement_input_of(const struct asset_requirement *ar)
{
	struct asset_requirement_input in = { ar->status, ar->comment, ar->evidence_url };
	return in;
}

bool req_valid_evidence_url(const char *url)
{
	const char *host;
	if (!url || !*url)
		return true;
	if (!strncasecmp(url, "https://", 8))
		host = url + 8;
	else if (!strncasecmp(url, "http://", 7))
		host = url + 7;
	else
		return false;
	if (!*host || *host == '/' || *host == '?' || *host == '#' || *host == ':' || *host == '@')
		return false;
	for (const char *p = url; *p; p++) {
		unsigned char c = (unsigned char)*p;
		if (c <= ' ' || c == 0x7f || c == '"' || c == '<' || c == '>' || c == '\\' || c == '`')
			return false;
	}
	return true;
}

static const char *const ar_conflict_msg = N_(
	"Someone else has assessed this requirement since you opened it. Their assessment is shown; yours is kept in the form.");

static void write_asset_requirement_json(struct json *j, const void *rec)
{
	asset_requirement_json(j, rec);
}

static const char *ar_json_text(struct arena *a, const struct asset_requirement *ar)
{
	return json_text(a, write_asset_requirement_json, ar);
}

static int check_assessment(const struct asset_requirement_input *in, struct err *e)
{
	int rc;

	if (str_index(req_statuses, REQ_STATUS_COUNT, in->status) < 0)
		return err_set(e, ERR_INVALID, "status",
			       N_("Choose fulfilled, partly fulfilled, not fulfilled or not applicable."));
	if ((rc = check_text(e, "comment", in->comment, 4000, false)))
		return rc;
	if (!strcmp(in->status, "not_applicable") && !*in->comment)
		return err_set(e, ERR_INVALID, "comment", N_("Say in the comment why the requirement does not apply."));
	if ((rc = check_text(e, "evidence_url", in->evidence_url, 2000, false)))
		return rc;
	if (!req_valid_evidence_url(in->evidence_url))
		return err_set(e, ERR_INVALID, "evidence_url",
			       N_("Give the evidence as a web address starting with https:// or http://."));
	return 0;
}

static int set_in_tx(struct db *db, struct arena *a, struct actor actor, const struct asset *as, int64_t requirement_id,
		     int64_t version, const struct asset_requirement_input *in, struct err *e)
{
	struct asset_requirement before, after;
	char now[TIME_ISO_LEN];
	int rc;

	time_now_iso(now);
	if ((rc = asset_requirement_read(db, a, as, requirement_id, &before, e)))
		return rc;
	if (!requirement_applies_to(&before.req, as))
		return err_set(
			e, ERR_INVALID, "requirement_id",
			N_("The requirement does not apply to the asset's current classification and attributes."));
	if (before.version != version)
		return err_set(e, ERR_CONFLICT, "version", ar_conflict_msg);
	after = before;
	if (before.id == 0)
		rc = q_asset_requirement_insert(db, a, as->id, requirement_id, in, actor.id, now, &after.id, e);
	else
		rc = q_asset_requirement_update(db, a, as->id, requirement_id, version, in, actor.id, now, e);
	if (rc == ERR_EXISTS || rc == ERR_CONFLICT)
		return err_set(e, ERR_CONFLICT, "version", ar_conflict_msg);
	if (rc)
		return rc;
	/* What was stored is @before changed by @in: no need to read it back. */
	after.status = in->status;
	after.comment = in->comment;
	after.evidence_url = in->evidence_url;
	after.version = before.version + 1;
	after.updated_by = actor.id;
	after.updated_at = now;
	return audit_append(db, a, actor, "asset_requirement", after.id, as->unit_id, before.id ? "update" : "create",
			    before.id ? ar_json_text(a, &before) : NULL, ar_json_text(a, &after), e);
}

int asset_requirement_set(struct db *db, struct arena *a, const struct auth *auth, const struct asset *as,
			  int64_t requirement_id, int64_t version, const struct asset_requirement_input *raw,
			  struct asset_requirement *current, struct err *e)
{
	struct asset_requirement_input in;
	int rc;

	in.status = raw->status ? raw->status : "";
	in.comment = text_trimmed(a, raw->comment);
	in.evidence_url = text_trimmed(a, raw->evidence_url);
	if ((rc = check_assessment(&in, e)) || (rc = db_begin(db, e)))
		return rc;
	rc = db_end(db, set_in_tx(db, a, actor_of(auth), as, requirement_id, version, &in, e), e);
	/* Read after the rollback: a refused insert leaves a PostgreSQL transaction unusable. */
	if (rc == ERR_CONFLICT && current)
		asset_requirement_read(db, a, as, requirement_id, current, NULL);
	return rc;
}

int asset_requirement_set_many_in_tx(struct db *db, struct arena *a, const struct auth *auth, const struct asset *as,
				     const struct asset_requirement_change *ch, size_t n, size_t *bad, struct err *e)
{
	struct asset_requirement_input *in = arena_calloc(a, n ? n : 1, sizeof(*in));
	struct actor actor = actor_of(auth);
	size_t i;
	int rc = 0;

	*bad = 0;
	if (n > ASSET_REQUIREMENT_MAX_CHANGES) {
		*bad = n - 1;
		return err_set(e, ERR_INVALID, "items", N_("Too many requirements in one save."));
	}
	/* Every row is checked before anything is written, so bad input changes nothing. */
	for (i = 0; i < n; i++) {
		in[i].status = ch[i].in.status ? ch[i].in.status : "";
		in[i].comment = text_trimmed(a, ch[i].in.comment);
		in[i].evidence_url = text_trimmed(a, ch[i].in.evidence_url);
		for (size_t k = 0; k < i; k++)
			if (ch[k].requirement_id == ch[i].requirement_id) {
				*bad = i;
				return err_set(e, ERR_INVALID, "requirement_id",
					       N_("The same requirement is given twice."));
			}
		if ((rc = check_assessment(&in[i], e))) {
			*bad = i;
			return rc;
		}
	}
	for (i = 0; i < n && !rc; i++)
		rc = set_in_tx(db, a, actor, as, ch[i].requirement_id, ch[i].version, &in[i], e);
	if (rc)
		*bad = i ? i - 1 : 0;
	return rc;
}

int asset_requirement_set_many(struct db *db, struct arena *a, const struct auth *auth, const struct asset *as,
			       const struct asset_requirement_change *ch, size_t n, size_t *bad,
			       struct asset_requirement *current, struct err *e)
{
	int rc = db_begin(db, e);

	*bad = 0;
	if (rc)
		return rc;
	rc = db_end(db, asset_requirement_set_many_in_tx(db, a, auth, as, ch, n, bad, e), e);
	/* Read after the rollback: a refused insert leaves a PostgreSQL transaction unusable. */
	if (rc == ERR_CONFLICT && current)
		asset_requirement_read(db, a, as, ch[*bad].requirement_id, current, NULL);
	return rc;
}

int asset_requirement_link_action(struct db *db, struct arena *a, const struct auth *auth, const struct asset *as,
				  const struct asset_requirement *ar, int64_t action_id, const char *now, struct err *e)
{
	struct actor actor = actor_of(auth);
	struct buf b;
	struct json j;
	int rc = q_asset_requirement_set_action(db, a, as->id, ar->req.id, ar->version, action_id, actor.id, now, e);

	if (rc == ERR_CONFLICT)
		return err_set(e, ERR_CONFLICT, "version", ar_conflict_msg);
	if (rc)
		return rc;
	buf_init(&b, a);
	json_init(&j, &b);
	json_obj_open(&j);
	json_kv_int(&j, "asset_id", as->id);
	json_kv_int(&j, "requirement_id", ar->req.id);
	json_kv_int(&j, "action_id", action_id);
	json_obj_close(&j);
	return audit_append(db, a, actor, "asset_requirement", ar->id, as->unit_id, "link_action", NULL, b.data, e);
}

void asset_requirement_json(struct json *j, const struct asset_requirement *ar)
{
	json_obj_open(j);
	json_kv_int(j, "asset_id", ar->asset_id);
	json_kv_int(j, "requirement_id", ar->req.id);
	json_kv_str(j, "code", ar->req.code);
	json_kv_str(j, "title", ar->req.title);
	json_kv_str(j, "text", ar->req.text);
	json_kv_str(j, "category", ar->req.category);
	list_json(j, "nis2", ar->req.nis2);
	list_json(j, "gdpr", ar->req.gdpr);
	json_kv_str(j, "obligation", ar->req.obligation && *ar->req.obligation ? ar->req.obligation : "must");
	json_kv_str(j, "party", ar->req.party && *ar->req.party ? ar->req.party : "organisation");
	if (ar->status && *ar->status)
		json_kv_str(j, "status", ar->status);
	else
		json_kv_null(j, "status");
	json_kv_str(j, "comment", ar->comment);
	json_kv_str(j, "evidence_url", ar->evidence_url);
	if (ar->action_id) {
		json_kv_int(j, "action_id", ar->action_id);
		json_kv_str(j, "action_status", ar->action_status);
	} else {
		json_kv_null(j, "action_id");
		json_kv_null(j, "action_status");
	}
	json_kv_int(j, "version", ar->version);
	json_kv_str(j, "updated_at", ar->updated_at);
	json_obj_close(j);
}

/* --- the start page --- */

int requirement_tasks(struct db *db, struct arena *a, const struct auth *auth, const char *today, size_t max,
		      struct task **out, size_t *n, struct err *e)
{
	struct requirement *reqs;
	struct asset *as;
	struct asset_requirement_status *st;
	size_t n_reqs = 0, n_as = 0, n_st = 0, k = 0, s0 = 0;
	int rc;

	(void)today;
	*n = 0;
	*out = arena_calloc(a, 1, sizeof(**out));
	if (!auth || auth->system || !auth->user_id || !max)
		return 0;
	if ((rc = q_asset_of_person(db, a, auth->user_id, TASKS_ASSETS, &as, &n_as, e)))
		return rc;
	if (!n_as)
		return 0;
	if ((rc = requirement_ensure_default(db, a, e)) || (rc = q_requirement_active(db, a, &reqs, &n_reqs, e)) ||
	    (rc = q_asset_requirement_statuses_of_person(db, a, auth->user_id, TASKS_ASSETS, &st, &n_st, e)))
		return rc;
	*out = arena_calloc(a, n_as + 1, sizeof(**out));
	for (size_t i = 0; i < n_as && k < max; i++) {
		const struct asset *x = &as[i];
		struct req_levels lv = req_levels_of(x);
		int64_t open = 0, short_of = 0;
		struct task *t;

		/* Both lists are by asset id: this asset's assessments start at s0. */
		while (s0 < n_st && st[s0].asset_id < x->id)
			s0++;
		if (!req_levels_classified(&lv))
			continue;
		for (size_t q = 0; q < n_reqs; q++) {
			const char *status = "";
			if (!requirement_applies_to(&reqs[q], x))
				continue;
			for (size_t s = s0; s < n_st && st[s].asset_id == x->id; s++)
				if (st[s].requirement_id == reqs[q].id)
					status = st[s].status;
			if (!*status)
				open++;
			else if (!strcmp(status, "not_fulfilled") || !strcmp(status, "partial"))
				short_of++;
		}
		if (!open && !short_of)
			continue;
		t = &(*out)[k++];
		t->kind = "asset";
		t->id = x->id;
		t->title = x->name;
		if (open && short_of)
			t->context =
				arena_printf(a, "%" PRId64 " %s, %" PRId64 " %s", open, tr(auth->lang, "not assessed"),
					     short_of, tr(auth->lang, "not or partly fulfilled"));
		else if (open)
			t->context = arena_printf(a, "%" PRId64 " %s", open, tr(auth->lang, "not assessed"));
		else
			t->context =
				arena_printf(a, "%" PRId64 " %s", short_of, tr(auth->lang, "not or partly fulfilled"));
		t->status = open ? N_("To assess") : N_("To remedy");
		t->group = TASK_ASSESS;
		t->href = open ? arena_printf(a, "/assets/%" PRId64 "/requirements/assess?status=none", x->id)
			       : arena_printf(a, "/assets/%" PRId64 "/requirements", x->id);
	}
	*n = k;
	return 0;
}
