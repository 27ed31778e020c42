/*
 * risk.c - rules of risk analyses, risks, the RSA, the threat catalogue and
 * the organisations' risk scales.
 *
 * A risk's value is likelihood x consequence, its residual value that of
 * the residual levels (or the value while they are not assessed); the
 * band comes from the organisation's thresholds. Both values are stored,
 * so the register sorts from an index; they are recomputed on every write
 * and by a scale's remapping. Writes follow the module pattern: the record
 * as the route's scope read it, the version compared, the write and its
 * audit entry in one transaction, rights over every second record checked
 * inside it.
 */
#include "domain/risk.h"

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
#include "db/q_unit.h"
#include "domain/activity.h"
#include "domain/asset.h"
#include "domain/audit.h"
#include "domain/requirement.h"
#include "domain/unit.h"
#include "domain/validate.h"

/* --- words --------------------------------------------------------------- */

const char *const risk_treatments[RISK_TREATMENT_COUNT] = { "", "reduce", "accept", "transfer", "avoid" };
const char *const risk_treatment_labels[RISK_TREATMENT_COUNT] = { N_("Not decided"), N_("Reduce"), N_("Accept"),
								  N_("Transfer"), N_("Avoid") };
const char *const risk_categories[RISK_CATEGORY_COUNT] = { "human",  "technical",    "supplier",
							   "nature", "antagonistic", "organisational" };
const char *const risk_category_labels[RISK_CATEGORY_COUNT] = { N_("Human"),  N_("Technology"),   N_("Supplier"),
								N_("Nature"), N_("Antagonistic"), N_("Organisation") };
const char *const risk_scope_kinds[RISK_SCOPE_COUNT] = { "assets", "process", "unit" };
const char *const risk_scope_labels[RISK_SCOPE_COUNT] = { N_("Named assets"), N_("A process"), N_("The whole unit") };
const char *const risk_analysis_kinds[2] = { "risk", "rsa" };
const char *const risk_analysis_kind_labels[2] = { N_("Risk analysis"), N_("Risk and vulnerability analysis (RSA)") };
const char *const risk_analysis_statuses[2] = { "ongoing", "done" };
const char *const risk_analysis_status_labels[2] = { N_("Ongoing"), N_("Completed") };
const char *const risk_rsa_parts[7] = {
	N_("Description of the municipality and its geographic area"),
	N_("Work process and method"),
	N_("Identified vital societal functions"),
	N_("Critical dependencies"),
	N_("Identified and analysed risks"),
	N_("Vulnerabilities and gaps in crisis preparedness"),
	N_("Need for measures"),
};
const char *const risk_band_names[4] = { "low", "medium", "high", "very_high" };
const char *const risk_band_labels[4] = { N_("Low"), N_("Medium"), N_("High"), N_("Very high") };

static const char *const default_likelihood[5] = { NULL, N_("Unlikely"), N_("Possible"), N_("Likely"),
						   N_("Very likely") };
static const char *const default_consequence[5] = { NULL, N_("Limited"), N_("Moderate"), N_("Significant"),
						    N_("Serious") };
static const char *const default_colours[4] = { "#2e7d32", "#f9a825", "#ef6c00", "#c62828" };

int risk_enum(const char *const *table, size_t n, const char *s)
{
	return str_index(table, n, s);
}

const char *risk_label(const char *const *values, const char *const *labels, size_t n, const char *value)
{
	return str_label(values, labels, n, value);
}

/* The display name of user @id named in @field (ERR_INVALID naming it when there is none). */
static int user_named(struct db *db, struct arena *a, int64_t id, const char *field, const char **name, struct err *e)
{
	int rc = q_risk_user_name(db, a, id, name, e);
	return rc == ERR_NOTFOUND ? err_set(e, ERR_INVALID, field, N_("No such user.")) : rc;
}

/* --- scales ----------------------------------------------------------------- */

void risk_scale_defaults(struct risk_scale *s, int64_t org_id)
{
	memset(s, 0, sizeof(*s));
	s->org_id = org_id;
	s->likelihood_levels = s->consequence_levels = 4;
	s->medium_from = 4;
	s->high_from = 8;
	s->very_high_from = 12;
	for (size_t k = 0; k < 4; k++)
		s->colour[k] = default_colours[k];
}

int risk_scale_of(struct db *db, struct arena *a, const char *unit_path, struct risk_scale *out, struct err *e)
{
	int64_t org = unit_org_of(unit_path);
	int rc = org ? q_risk_scale_get(db, a, org, out, e) : ERR_NOTFOUND;
	if (rc == ERR_NOTFOUND) {
		risk_scale_defaults(out, org);
		return 0;
	}
	return rc;
}

enum risk_band risk_band_of(const struct risk_scale *s, int64_t value)
{
	if (value >= s->very_high_from)
		return RISK_VERY_HIGH;
	if (value >= s->high_from)
		return RISK_HIGH;
	if (value >= s->medium_from)
		return RISK_MEDIUM;
	return RISK_LOW;
}

const char *risk_level_name(const struct risk_scale *s, int axis, int64_t level, enum lang lang)
{
	const char *const *own = axis ? s->consequence_names : s->likelihood_names;
	int64_t n = axis ? s->consequence_levels : s->likelihood_levels;
	if (level < 1 || level > RISK_SCALE_MAX)
		return NULL;
	if (own[level] && *own[level])
		return own[level];
	if (n == 4 && level <= 4)
		return tr(lang, axis ? default_consequence[level] : default_likelihood[level]);
	return NULL;
}

static bool is_colour(const char *c)
{
	if (!c || strlen(c) != 7 || c[0] != '#')
		return false;
	for (size_t i = 1; i < 7; i++)
		if (!((c[i] >= '0' && c[i] <= '9') || (c[i] >= 'a' && c[i] <= 'f') || (c[i] >= 'A' && c[i] <= 'F')))
			return false;
	return true;
}

int risk_scale_check(const struct risk_scale *in, struct err *e)
{
	static const char *const colour_fields[4] = { "colour_low", "colour_medium", "colour_high",
						      "colour_very_high" };
	int64_t top = in->likelihood_levels * in->consequence_levels;
	int rc;

	if (in->likelihood_levels < 2 || in->likelihood_levels > RISK_SCALE_MAX)
		return err_set(e, ERR_INVALID, "likelihood_levels", N_("A scale has from 2 to 9 levels."));
	if (in->consequence_levels < 2 || in->consequence_levels > RISK_SCALE_MAX)
		return err_set(e, ERR_INVALID, "consequence_levels", N_("A scale has from 2 to 9 levels."));
	if (in->medium_from < 2 || in->medium_from > top) {
		char max[24];
		snprintf(max, sizeof(max), "%" PRId64, top);
		return err_set1(e, ERR_INVALID, "medium_from", N_("Give a risk value from 2 to %s."), max);
	}
	if (in->high_from <= in->medium_from || in->high_from > top)
		return err_set(e, ERR_INVALID, "high_from",
			       N_("The high band starts above the medium band and within the scale."));
	if (in->very_high_from <= in->high_from || in->very_high_from > top)
		return err_set(e, ERR_INVALID, "very_high_from",
			       N_("The very high band starts above the high band and within the scale."));
	for (size_t k = 0; k < 4; k++)
		if (!is_colour(in->colour[k]))
			return err_set(e, ERR_INVALID, colour_fields[k], N_("Give a colour as #rrggbb."));
	for (int64_t k = 1; k <= RISK_SCALE_MAX; k++) {
		if ((rc = check_text(e, "likelihood_names", in->likelihood_names[k], 60, false)) ||
		    (rc = check_text(e, "consequence_names", in->consequence_names[k], 60, false)))
			return rc;
	}
	return 0;
}

static const char *scale_snapshot(struct arena *a, const struct risk_scale *s, const int64_t *l_map, int64_t l_from,
				  const int64_t *c_map, int64_t c_from, int64_t n_remapped)
{
	struct buf b;
	struct json j;
	buf_init(&b, a);
	json_init(&j, &b);
	json_obj_open(&j);
	risk_scale_json_members(&j, s, LANG_EN);
	if (l_map || c_map) {
		json_key(&j, "mapping");
		json_obj_open(&j);
		for (int axis = 0; axis < 2; axis++) {
			const int64_t *m = axis ? c_map : l_map;
			int64_t from = axis ? c_from : l_from;
			json_key(&j, axis ? "consequence" : "likelihood");
			json_obj_open(&j);
			for (int64_t k = 1; m && k <= from; k++)
				json_kv_int(&j, arena_printf(a, "%" PRId64, k), m[k]);
			json_obj_close(&j);
		}
		json_obj_close(&j);
		json_kv_int(&j, "risks_remapped", n_remapped);
	}
	json_obj_close(&j);
	return b.data;
}

static const char *const scale_conflict_msg = N_(
	"Someone else has changed the risk scales since you opened them. Their version is shown; your changes are kept in the form.");

static const char *risk_snapshot(struct arena *a, const struct risk *k, const struct risk_scale *s);

/* Level @k as @map takes it (no map: unchanged). */
static int64_t mapped(const int64_t *map, int64_t k)
{
	return map && k >= 1 && k <= RISK_SCALE_MAX && map[k] ? map[k] : k;
}

/* Every risk of the organisation whose path is @org_path, read 1,000 at a time by id. */
static int org_risks(struct db *db, struct arena *a, const char *org_path, struct risk **out, size_t *n, struct err *e)
{
	size_t cap = 0;
	int64_t after = 0;
	int rc;

	*out = NULL;
	*n = 0;
	for (;;) {
		struct risk *page;
		size_t got;
		if ((rc = q_risk_of_org(db, a, org_path, after, &page, &got, e)))
			return rc;
		if (*n + got > cap) {
			struct risk *more;
			cap = (*n + got) * 2;
			more = arena_calloc(a, cap, sizeof(*more));
			if (*n)
				memcpy(more, *out, *n * sizeof(*more));
			*out = more;
		}
		if (got)
			memcpy(*out + *n, page, got * sizeof(*page));
		*n += got;
		if (got < 1000)
			return 0;
		after = page[got - 1].id;
	}
}

/* Check a level map for @axis: every current level 1..@from maps to 1..@to. */
static int check_map(const int64_t *m, int64_t from, int64_t to, const char *field, struct err *e)
{
	for (int64_t k = 1; k <= from; k++)
		if (m[k] < 1 || m[k] > to)
			return err_set(e, ERR_INVALID, field,
				       N_("Say which new level each current level becomes, within the new scale."));
	return 0;
}

static int scale_update_in_tx(struct db *db, struct arena *a, const struct auth *auth, const struct unit *org,
			      int64_t version, const struct risk_scale *in, const int64_t *l_map, const int64_t *c_map,
			      int64_t *n_remapped, struct risk_scale *current, struct err *e)
{
	struct risk_scale before, after = *in;
	const char *org_path = org->path;
	char now[TIME_ISO_LEN];
	bool used = false;
	int64_t n = 0, out_of_range = 0;
	struct risk *risks = NULL;
	size_t n_risks = 0;
	int rc;

	time_now_iso(now);
	if ((rc = risk_scale_of(db, a, org_path, &before, e)))
		return rc;
	if (before.version != version) {
		if (current)
			*current = before;
		return err_set(e, ERR_CONFLICT, "version", scale_conflict_msg);
	}
	if ((rc = q_risk_scale_in_use(db, a, org_path, &used, e)))
		return rc;
	if (used && in->likelihood_levels != before.likelihood_levels && !l_map)
		return err_set(e, ERR_INVALID, "likelihood_map",
			       N_("Risks use this scale: say which new level each current likelihood level becomes."));
	if (used && in->consequence_levels != before.consequence_levels && !c_map)
		return err_set(e, ERR_INVALID, "consequence_map",
			       N_("Risks use this scale: say which new level each current consequence level becomes."));
	if ((l_map && (rc = check_map(l_map, before.likelihood_levels, in->likelihood_levels, "likelihood_map", e))) ||
	    (c_map && (rc = check_map(c_map, before.consequence_levels, in->consequence_levels, "consequence_map", e))))
		return rc;
	if (used && (l_map || c_map) && (rc = org_risks(db, a, org_path, &risks, &n_risks, e)))
		return rc;
	for (int axis = 0; axis < 2 && used; axis++) {
		const int64_t *m = axis ? c_map : l_map;
		int64_t from = axis ? before.consequence_levels : before.likelihood_levels;
		for (int64_t k = 1; m && k <= from; k++)
			if (m[k] != k && (rc = q_risk_scale_remap(db, a, org_path, axis, k, m[k], e)))
				return rc;
	}
	if (used && (l_map || c_map) && (rc = q_risk_scale_remap_finish(db, a, org_path, now, &n, e)))
		return rc;
	/* Each risk moved gets its own audit entry, before and after, as any other change of it. */
	for (size_t i = 0; i < n_risks; i++) {
		struct risk after_k = risks[i];
		const struct risk *k = &risks[i];
		after_k.likelihood = mapped(l_map, k->likelihood);
		after_k.consequence = mapped(c_map, k->consequence);
		after_k.residual_likelihood = k->residual_likelihood ? mapped(l_map, k->residual_likelihood) : 0;
		after_k.residual_consequence = k->residual_consequence ? mapped(c_map, k->residual_consequence) : 0;
		if (after_k.likelihood == k->likelihood && after_k.consequence == k->consequence &&
		    after_k.residual_likelihood == k->residual_likelihood &&
		    after_k.residual_consequence == k->residual_consequence)
			continue;
		after_k.value = after_k.likelihood * after_k.consequence;
		after_k.residual_value =
			(after_k.residual_likelihood ? after_k.residual_likelihood : after_k.likelihood) *
			(after_k.residual_consequence ? after_k.residual_consequence : after_k.consequence);
		after_k.version = k->version + 1;
		after_k.updated_at = now;
		if ((rc = audit_append(db, a, actor_of(auth), "risk", k->id, k->unit_id, "update",
				       risk_snapshot(a, k, &before), risk_snapshot(a, &after_k, in), e)))
			return rc;
	}
	/* Whatever was mapped, no stored value may be left outside the new scale. */
	if ((rc = q_risk_scale_out_of_range(db, a, org_path, in->likelihood_levels, in->consequence_levels,
					    &out_of_range, e)))
		return rc;
	if (out_of_range)
		return err_set(e, ERR_INVALID,
			       in->likelihood_levels < before.likelihood_levels ? "likelihood_map" : "consequence_map",
			       N_("Risks use levels the new scale does not have: give a mapping for them."));
	after.org_id = unit_org_of(org_path);
	rc = before.stored ? q_risk_scale_update(db, a, &after, version, now, e)
			   : q_risk_scale_insert(db, a, &after, now, e);
	if (rc == ERR_CONFLICT || rc == ERR_EXISTS) {
		if (current && (rc = risk_scale_of(db, a, org_path, current, e)))
			return rc;
		return err_set(e, ERR_CONFLICT, "version", scale_conflict_msg);
	}
	if (rc || (rc = q_risk_scale_set_names(db, a, &after, e)))
		return rc;
	after.stored = true;
	after.version = version + 1;
	after.updated_at = now;
	if (n_remapped)
		*n_remapped = n;
	return audit_append(
		db, a, actor_of(auth), "risk_scale", after.org_id, after.org_id, before.stored ? "update" : "create",
		before.stored ? scale_snapshot(a, &before, NULL, 0, NULL, 0, 0) : NULL,
		scale_snapshot(a, &after, l_map, before.likelihood_levels, c_map, before.consequence_levels, n), e);
}

int risk_scale_update(struct db *db, struct arena *a, const struct auth *auth, const struct unit *org, int64_t version,
		      const struct risk_scale *raw, const int64_t *l_map, const int64_t *c_map, int64_t *n_remapped,
		      struct risk_scale *current, struct err *e)
{
	struct risk_scale in = *raw;
	int rc;

	if (org->parent_id)
		return err_set(e, ERR_INVALID, "id", N_("Risk scales belong to an organisation, not to a unit in it."));
	for (int64_t k = 1; k <= RISK_SCALE_MAX; k++) {
		in.likelihood_names[k] = raw->likelihood_names[k] ? text_trimmed(a, raw->likelihood_names[k]) : NULL;
		in.consequence_names[k] = raw->consequence_names[k] ? text_trimmed(a, raw->consequence_names[k]) : NULL;
	}
	if ((rc = risk_scale_check(&in, e)) || (rc = db_begin(db, e)))
		return rc;
	return db_end(db, scale_update_in_tx(db, a, auth, org, version, &in, l_map, c_map, n_remapped, current, e), e);
}

void risk_scale_json(struct json *j, const struct risk_scale *s, enum lang lang)
{
	json_obj_open(j);
	risk_scale_json_members(j, s, lang);
	json_obj_close(j);
}

void risk_scale_json_members(struct json *j, const struct risk_scale *s, enum lang lang)
{
	json_kv_int(j, "organisation_id", s->org_id);
	json_kv_int(j, "likelihood_levels", s->likelihood_levels);
	json_kv_int(j, "consequence_levels", s->consequence_levels);
	for (int axis = 0; axis < 2; axis++) {
		int64_t n = axis ? s->consequence_levels : s->likelihood_levels;
		json_key(j, axis ? "consequence_names" : "likelihood_names");
		json_arr_open(j);
		for (int64_t k = 1; k <= n; k++) {
			const char *name = risk_level_name(s, axis, k, lang);
			if (name)
				json_str(j, name);
			else
				json_null_value(j);
		}
		json_arr_close(j);
	}
	json_kv_int(j, "medium_from", s->medium_from);
	json_kv_int(j, "high_from", s->high_from);
	json_kv_int(j, "very_high_from", s->very_high_from);
	json_key(j, "colours");
	json_obj_open(j);
	for (size_t k = 0; k < 4; k++)
		json_kv_str(j, risk_band_names[k], s->colour[k]);
	json_obj_close(j);
	json_kv_int(j, "version", s->version);
}

/* --- the RSA's term ----------------------------------------------------------------- */

bool risk_election_year(int64_t year)
{
	/* Ordinary elections every four years since 1994, in September: 2018, 2022, 2026, 2030, ... */
	return year >= 1994 && year <= 2200 && (year - 1994) % 4 == 0;
}

void risk_rsa_due(int64_t election_year, char out[11])
{
	/* REQ: MSBFS 2015:5 — reported by 31 October of the first calendar year after the election. */
	snprintf(out, 11, "%04d-10-31", (int)(election_year + 1));
}

int64_t risk_rsa_term(const char *today)
{
	int64_t year = 0;
	char due[11];
	for (size_t i = 0; i < 4 && today && today[i] >= '0' && today[i] <= '9'; i++)
		year = year * 10 + (today[i] - '0');
	if (year < 1995)
		return 1994;
	/* From the latest election up to this year on to the first whose RSA is not yet past due. */
	int64_t e = year - ((year - 1994) % 4);
	for (;;) {
		risk_rsa_due(e, due);
		if (strcmp(due, today) >= 0)
			break;
		e += 4;
	}
	return e;
}

/* --- threat catalogue ---------------------------------------------------------------- */

int risk_threat_get(struct db *db, struct arena *a, int64_t id, struct risk_threat *out, struct err *e)
{
	int rc = q_risk_threat_get(db, a, id, out, e);
	return rc == ERR_NOTFOUND ? err_set(e, ERR_NOTFOUND, "id", N_("No such threat.")) : rc;
}

int risk_threat_list(struct db *db, struct arena *a, bool all, const char *category, struct risk_threat **out,
		     size_t *n, struct err *e)
{
	if (category && risk_enum(risk_categories, RISK_CATEGORY_COUNT, category) < 0)
		return err_set(e, ERR_INVALID, "category",
			       N_("Use human, technical, supplier, nature, antagonistic or organisational."));
	return q_risk_threat_list(db, a, all, category, out, n, e);
}

struct risk_threat_input risk_threat_input_of(const struct risk_threat *t)
{
	struct risk_threat_input in = { t->code, t->category, t->name, t->description, t->active };
	return in;
}

static int threat_clean(struct arena *a, const struct risk_threat_input *raw, struct risk_threat_input *in,
			struct err *e)
{
	int rc;
	*in = *raw;
	in->code = text_trimmed(a, raw->code);
	in->name = text_trimmed(a, raw->name);
	in->description = text_trimmed(a, raw->description);
	if ((rc = check_text(e, "code", in->code, 20, true)) || (rc = check_text(e, "name", in->name, 200, true)) ||
	    (rc = check_text(e, "description", in->description, 2000, false)))
		return rc;
	if (risk_enum(risk_categories, RISK_CATEGORY_COUNT, in->category) < 0)
		return err_set(e, ERR_INVALID, "category", N_("Choose the threat's category."));
	return 0;
}

static void write_risk_threat_json(struct json *j, const void *rec)
{
	risk_threat_json(j, rec);
}

static const char *threat_snapshot(struct arena *a, const struct risk_threat *t)
{
	return json_text(a, write_risk_threat_json, t);
}

static int threat_create_in_tx(struct db *db, struct arena *a, const struct auth *auth,
			       const struct risk_threat_input *in, int64_t *id_out, struct err *e)
{
	struct risk_threat t = { 0 };
	char now[TIME_ISO_LEN];
	int rc;

	time_now_iso(now);
	rc = q_risk_threat_insert(db, a, in, now, &t.id, e);
	if (rc == ERR_EXISTS)
		return err_set(e, ERR_EXISTS, "code", N_("The catalogue already has a threat with this code."));
	if (rc)
		return rc;
	t.code = in->code, t.category = in->category, t.name = in->name, t.description = in->description;
	t.active = in->active, t.version = 1, t.created_at = t.updated_at = now;
	if (id_out)
		*id_out = t.id;
	return audit_append(db, a, actor_of(auth), "risk_threat", t.id, 0, "create", NULL, threat_snapshot(a, &t), e);
}

int risk_threat_create(struct db *db, struct arena *a, const struct auth *auth, const struct risk_threat_input *raw,
		       int64_t *id_out, struct err *e)
{
	struct risk_threat_input in;
	int rc;
	if ((rc = threat_clean(a, raw, &in, e)) || (rc = db_begin(db, e)))
		return rc;
	return db_end(db, threat_create_in_tx(db, a, auth, &in, id_out, e), e);
}

static const char *const threat_conflict_msg = N_(
	"Someone else has changed this threat since you opened it. Their version is shown; your changes are kept in the form.");

static int threat_update_in_tx(struct db *db, struct arena *a, const struct auth *auth,
			       const struct risk_threat *before, int64_t version, const struct risk_threat_input *in,
			       struct risk_threat *current, struct err *e)
{
	struct risk_threat after = *before;
	char now[TIME_ISO_LEN];
	int rc;

	time_now_iso(now);
	if (before->version != version)
		return version_conflict(current, before, sizeof(*before), e, threat_conflict_msg);
	rc = q_risk_threat_update(db, a, before->id, version, in, now, e);
	if (rc == ERR_EXISTS)
		return err_set(e, ERR_EXISTS, "code", N_("The catalogue already has a threat with this code."));
	if (rc == ERR_CONFLICT)
		return version_lost(current ? risk_threat_get(db, a, before->id, current, e) : 0, e,
				    threat_conflict_msg);
	if (rc)
		return rc;
	after.code = in->code, after.category = in->category, after.name = in->name;
	after.description = in->description, after.active = in->active;
	after.version = version + 1, after.updated_at = now;
	return audit_append(db, a, actor_of(auth), "risk_threat", before->id, 0, "update", threat_snapshot(a, before),
			    threat_snapshot(a, &after), e);
}

int risk_threat_update(struct db *db, struct arena *a, const struct auth *auth, const struct risk_threat *before,
		       int64_t version, const struct risk_threat_input *raw, struct risk_threat *current, struct err *e)
{
	struct risk_threat_input in;
	int rc;
	if ((rc = threat_clean(a, raw, &in, e)) || (rc = db_begin(db, e)))
		return rc;
	return db_end(db, threat_update_in_tx(db, a, auth, before, version, &in, current, e), e);
}

void risk_threat_json(struct json *j, const struct risk_threat *t)
{
	json_obj_open(j);
	json_kv_int(j, "id", t->id);
	json_kv_str(j, "code", t->code);
	json_kv_str(j, "category", t->category);
	json_kv_str(j, "name", t->name);
	json_kv_str(j, "description", t->description);
	json_kv_bool(j, "active", t->active);
	json_kv_int(j, "version", t->version);
	json_kv_str(j, "updated_at", t->updated_at);
	json_obj_close(j);
}

/* --- analyses ---------------------------------------------------------------------------- */

int risk_analysis_get(struct db *db, struct arena *a, int64_t id, struct risk_analysis *out, struct err *e)
{
	int rc = q_risk_analysis_get(db, a, id, out, e);
	return rc == ERR_NOTFOUND ? err_set(e, ERR_NOTFOUND, "id", N_("No such risk analysis.")) : rc;
}

SCOPE_READER(risk_analysis_scope, struct risk_analysis, risk_analysis_get, "risk_analysis")

const char *const risk_analysis_filter_args[] = { "unit_id", "kind", "status", NULL };

int risk_analysis_filter_parse(struct risk_analysis_filter *f, const char *(*get)(void *ctx, const char *name),
			       void *ctx, struct err *e)
{
	const char *v;
	int rc;

	if ((rc = filter_id(get, ctx, "unit_id", &f->unit_id, e)))
		return rc;
	if ((v = filter_arg(get, ctx, "kind"))) {
		if (risk_enum(risk_analysis_kinds, 2, v) < 0)
			return err_set(e, ERR_INVALID, "kind", N_("Use risk or rsa."));
		f->kind = v;
	}
	if ((v = filter_arg(get, ctx, "status"))) {
		if (risk_enum(risk_analysis_statuses, 2, v) < 0)
			return err_set(e, ERR_INVALID, "status", N_("Use ongoing or done."));
		f->status = v;
	}
	return 0;
}

int risk_analysis_list(struct db *db, struct arena *a, const struct risk_analysis_filter *f, struct risk_analysis **out,
		       size_t *n, int64_t *total, struct err *e)
{
	const char *subtree;
	int rc = unit_subtree(db, a, f->unit_id, &subtree, e);
	if (rc)
		return rc;
	return q_risk_analysis_list(db, a, f, subtree, out, n, total, e);
}

struct risk_analysis_input risk_analysis_input_of(const struct risk_analysis *an)
{
	struct risk_analysis_input in = { 0 };
	in.unit_id = an->unit_id;
	in.kind = an->kind;
	in.title = an->title;
	in.scope_kind = an->scope_kind;
	in.analysis_date = an->analysis_date;
	in.method = an->method;
	in.participants = an->participants;
	in.status = an->status;
	in.election_year = an->election_year;
	return in;
}

int risk_analysis_assets(struct db *db, struct arena *a, int64_t id, struct risk_scope_asset **out, size_t *n,
			 struct err *e)
{
	return q_risk_analysis_assets(db, a, id, out, n, e);
}

int risk_rsa_sections(struct db *db, struct arena *a, int64_t id, const char *bodies[7], struct err *e)
{
	return q_risk_rsa_sections(db, a, id, bodies, e);
}

static struct risk_analysis_input analysis_clean(struct arena *a, const struct risk_analysis_input *raw)
{
	struct risk_analysis_input in = *raw;
	in.title = text_trimmed(a, raw->title);
	in.method = text_trimmed(a, raw->method);
	in.participants = text_trimmed(a, raw->participants);
	in.analysis_date = text_trimmed(a, raw->analysis_date);
	in.kind = raw->kind && *raw->kind ? raw->kind : "risk";
	in.status = raw->status && *raw->status ? raw->status : "ongoing";
	in.scope_kind = raw->scope_kind && *raw->scope_kind ? raw->scope_kind : "unit";
	for (size_t k = 0; k < 7; k++)
		in.sections[k] = raw->sections[k] ? text_trimmed(a, raw->sections[k]) : NULL;
	if (!strcmp(in.kind, "rsa"))
		in.scope_kind = "unit";
	if (!strcmp(in.scope_kind, "unit"))
		in.n_asset_ids = 0;
	return in;
}

/*
 * Check @in for an analysis that is @before (NULL: new) as @auth; fill
 * @after's unit fields and *org_id. Only what changed is looked up again.
 */
static int analysis_check(struct db *db, struct arena *a, const struct auth *auth, const struct risk_analysis_input *in,
			  const struct risk_analysis *before, struct risk_analysis *after, struct err *e)
{
	int rc;

	const struct unit_target t = {
		UNIT_TARGET_OF(in->unit_id, before),
		.access = ACCESS_EDIT,
		.missing = N_("Choose the unit the analysis belongs to."),
		.refused = N_("Your roles do not let you add risk analyses to this unit."),
	};
	if ((rc = unit_target_check(db, a, auth, &t, &after->unit_name, &after->unit_path, e)))
		return rc;
	after->org_id = unit_org_of(after->unit_path);
	if (risk_enum(risk_analysis_kinds, 2, in->kind) < 0)
		return err_set(e, ERR_INVALID, "kind", N_("Choose the kind of analysis."));
	if ((rc = check_text(e, "title", in->title, 300, true)) ||
	    (rc = check_date(e, "analysis_date", in->analysis_date, true)) ||
	    (rc = check_text(e, "method", in->method, 20000, false)) ||
	    (rc = check_text(e, "participants", in->participants, 5000, false)))
		return rc;
	if (risk_enum(risk_analysis_statuses, 2, in->status) < 0)
		return err_set(e, ERR_INVALID, "status", N_("Choose the status of the analysis."));
	if (risk_enum(risk_scope_kinds, RISK_SCOPE_COUNT, in->scope_kind) < 0)
		return err_set(e, ERR_INVALID, "scope_kind", N_("Choose what the analysis covers."));
	for (size_t k = 0; k < 7; k++)
		if ((rc = check_text(e, "sections", in->sections[k], 100000, false)))
			return rc;
	if (!strcmp(in->kind, "rsa")) {
		if (!risk_election_year(in->election_year))
			return err_set(
				e, ERR_INVALID, "election_year",
				N_("Give the year of the general election the term follows (2022, 2026, 2030, ...)."));
		if (after->org_id != in->unit_id)
			return err_set(
				e, ERR_INVALID, "unit_id",
				N_("A risk and vulnerability analysis covers the whole organisation: choose the organisation."));
	} else if (in->election_year) {
		return err_set(e, ERR_INVALID, "election_year",
			       N_("Only a risk and vulnerability analysis has a term."));
	}
	if (!(before && !in->set_assets)) {
		if (!strcmp(in->scope_kind, "assets") && in->n_asset_ids == 0)
			return err_set(e, ERR_INVALID, "asset_ids", N_("Choose at least one asset."));
		if (!strcmp(in->scope_kind, "process") && in->n_asset_ids != 1)
			return err_set(e, ERR_INVALID, "asset_ids", N_("Choose the process the analysis covers."));
		for (size_t i = 0; i < in->n_asset_ids; i++) {
			struct risk_scope_asset as;
			rc = q_risk_asset_brief(db, a, in->asset_ids[i], &as, e);
			/* An asset the user does not see is as if it did not exist. */
			if (rc == ERR_NOTFOUND || (!rc && !authz_may_reference(auth, ACCESS_READ, as.unit_path, 0)))
				return err_set(e, ERR_INVALID, "asset_ids", N_("No such asset."));
			if (rc)
				return rc;
			if (!strcmp(in->scope_kind, "process") && strcmp(as.kind, "process"))
				return err_set(e, ERR_INVALID, "asset_ids", N_("Choose an asset of the kind process."));
			for (size_t k = 0; k < i; k++)
				if (in->asset_ids[k] == in->asset_ids[i])
					return err_set(e, ERR_INVALID, "asset_ids", N_("An asset is named twice."));
		}
	}
	return 0;
}

static void analysis_apply(struct risk_analysis *after, const struct risk_analysis_input *in)
{
	after->unit_id = in->unit_id;
	after->kind = in->kind;
	after->title = in->title;
	after->scope_kind = in->scope_kind;
	after->analysis_date = in->analysis_date;
	after->method = in->method;
	after->participants = in->participants;
	after->status = in->status;
	after->election_year = in->election_year;
}

static const char *analysis_snapshot(struct arena *a, const struct risk_analysis *an, const int64_t *ids, size_t n)
{
	struct buf b;
	struct json j;
	buf_init(&b, a);
	json_init(&j, &b);
	json_obj_open(&j);
	risk_analysis_json_members(&j, an);
	if (ids) {
		json_key(&j, "asset_ids");
		json_arr_open(&j);
		for (size_t i = 0; i < n; i++)
			json_int(&j, ids[i]);
		json_arr_close(&j);
	}
	json_obj_close(&j);
	return b.data;
}

static int store_sections(struct db *db, struct arena *a, int64_t id, const struct risk_analysis_input *in,
			  struct err *e)
{
	int rc = 0;
	for (size_t k = 0; k < 7 && !rc; k++)
		if (in->sections[k])
			rc = q_risk_rsa_section_set(db, a, id, (int64_t)k + 1, in->sections[k], e);
	return rc;
}

static int analysis_create_in_tx(struct db *db, struct arena *a, const struct auth *auth,
				 const struct risk_analysis_input *in, int64_t *id_out, struct err *e)
{
	struct risk_analysis an = { 0 };
	char now[TIME_ISO_LEN];
	int rc;

	time_now_iso(now);
	if ((rc = analysis_check(db, a, auth, in, NULL, &an, e)))
		return rc;
	rc = q_risk_analysis_insert(db, a, in, an.org_id, actor_of(auth).id, now, &an.id, e);
	if (rc == ERR_EXISTS)
		return err_set(e, ERR_EXISTS, "election_year",
			       N_("The organisation already has a risk and vulnerability analysis for this term."));
	if (rc || (rc = q_risk_analysis_set_assets(db, a, an.id, in->asset_ids, in->n_asset_ids, e)) ||
	    (rc = store_sections(db, a, an.id, in, e)))
		return rc;
	analysis_apply(&an, in);
	an.version = 1;
	an.created_by = actor_of(auth).id;
	an.created_at = an.updated_at = now;
	if (id_out)
		*id_out = an.id;
	return audit_append(db, a, actor_of(auth), "risk_analysis", an.id, an.unit_id, "create", NULL,
			    analysis_snapshot(a, &an, in->asset_ids, in->n_asset_ids), e);
}

int risk_analysis_create(struct db *db, struct arena *a, const struct auth *auth, const struct risk_analysis_input *raw,
			 int64_t *id_out, struct err *e)
{
	struct risk_analysis_input in = analysis_clean(a, raw);
	int rc = db_begin(db, e);
	if (rc)
		return rc;
	return db_end(db, analysis_create_in_tx(db, a, auth, &in, id_out, e), e);
}

static const char *const analysis_conflict_msg = N_(
	"Someone else has changed this analysis since you opened it. Their version is shown; your changes are kept in the form.");

static int analysis_update_in_tx(struct db *db, struct arena *a, const struct auth *auth,
				 const struct risk_analysis *before, int64_t version,
				 const struct risk_analysis_input *in, struct risk_analysis *current, struct err *e)
{
	struct risk_analysis after = *before;
	char now[TIME_ISO_LEN];
	int rc;

	time_now_iso(now);
	if (before->version != version)
		return version_conflict(current, before, sizeof(*before), e, analysis_conflict_msg);
	if (strcmp(in->kind, before->kind))
		return err_set(e, ERR_INVALID, "kind", N_("The kind of an analysis cannot change."));
	if ((rc = analysis_check(db, a, auth, in, before, &after, e)))
		return rc;
	rc = q_risk_analysis_update(db, a, before->id, version, in, after.org_id, now, e);
	if (rc == ERR_EXISTS)
		return err_set(e, ERR_EXISTS, "election_year",
			       N_("The organisation already has a risk and vulnerability analysis for this term."));
	if (rc == ERR_CONFLICT)
		return version_lost(current ? risk_analysis_get(db, a, before->id, current, e) : 0, e,
				    analysis_conflict_msg);
	if (rc)
		return rc;
	if ((in->set_assets || !strcmp(in->scope_kind, "unit")) &&
	    (rc = q_risk_analysis_set_assets(db, a, before->id, in->asset_ids, in->n_asset_ids, e)))
		return rc;
	if ((in->unit_id != before->unit_id || strcmp(in->analysis_date, before->analysis_date) ||
	     after.org_id != before->org_id) &&
	    (rc = q_risk_analysis_move_risks(db, a, before->id, in->unit_id, in->analysis_date, after.org_id, e)))
		return rc;
	if ((rc = store_sections(db, a, before->id, in, e)))
		return rc;
	analysis_apply(&after, in);
	after.version = version + 1;
	after.updated_at = now;
	return audit_append(db, a, actor_of(auth), "risk_analysis", before->id, after.unit_id, "update",
			    analysis_snapshot(a, before, NULL, 0),
			    analysis_snapshot(a, &after, in->set_assets ? in->asset_ids : NULL, in->n_asset_ids), e);
}

int risk_analysis_update(struct db *db, struct arena *a, const struct auth *auth, const struct risk_analysis *before,
			 int64_t version, const struct risk_analysis_input *raw, struct risk_analysis *current,
			 struct err *e)
{
	struct risk_analysis_input in = analysis_clean(a, raw);
	int rc = db_begin(db, e);
	if (rc)
		return rc;
	return db_end(db, analysis_update_in_tx(db, a, auth, before, version, &in, current, e), e);
}

void risk_analysis_json(struct json *j, const struct risk_analysis *an)
{
	json_obj_open(j);
	risk_analysis_json_members(j, an);
	json_obj_close(j);
}

void risk_analysis_json_members(struct json *j, const struct risk_analysis *an)
{
	char due[11];
	json_kv_int(j, "id", an->id);
	json_kv_int(j, "unit_id", an->unit_id);
	json_kv_str(j, "unit_name", an->unit_name);
	json_kv_str(j, "kind", an->kind);
	json_kv_str(j, "title", an->title);
	json_kv_str(j, "scope_kind", an->scope_kind);
	json_kv_str(j, "analysis_date", an->analysis_date);
	json_kv_str(j, "method", an->method);
	json_kv_str(j, "participants", an->participants);
	json_kv_str(j, "status", an->status);
	if (an->election_year) {
		json_kv_int(j, "election_year", an->election_year);
		risk_rsa_due(an->election_year, due);
		json_kv_str(j, "due_date", due);
	}
	json_kv_int(j, "risks", an->n_risks);
	json_kv_int(j, "version", an->version);
	json_kv_str(j, "created_at", an->created_at);
	json_kv_str(j, "updated_at", an->updated_at);
}

/* --- risks ---------------------------------------------------------------------------------- */

int risk_get(struct db *db, struct arena *a, int64_t id, struct risk *out, struct err *e)
{
	int rc = q_risk_get(db, a, id, out, e);
	return rc == ERR_NOTFOUND ? err_set(e, ERR_NOTFOUND, "id", N_("No such risk.")) : rc;
}

SCOPE_READER_OWNED(risk_scope, struct risk, risk_get, "risk", owner_id)

void risk_filter_init(struct risk_filter *f)
{
	*f = (struct risk_filter){ 0 };
	f->sort = RISK_SORT_VALUE;
}

const char *const risk_filter_args[] = {
	"unit_id",     "analysis_id", "asset_id", "owner_id", "treatment", "likelihood",
	"consequence", "residual",    "q",        "sort",     "order",     NULL,
};

static const char *const sort_names[] = { "value", "residual", "threat", "updated", "analysis" };

static int filter_level(const char *(*get)(void *ctx, const char *name), void *ctx, const char *name, int64_t *out,
			struct err *e)
{
	const char *v = filter_arg(get, ctx, name);
	if (!v)
		return 0;
	if (v[0] < '1' || v[0] > '9' || v[1])
		return err_set(e, ERR_INVALID, name, N_("Give a level from 1 to 9."));
	*out = v[0] - '0';
	return 0;
}

int risk_filter_parse(struct risk_filter *f, const char *(*get)(void *ctx, const char *name), void *ctx, struct err *e)
{
	const char *v;
	int residual = 0, rc;

	if ((rc = filter_id(get, ctx, "unit_id", &f->unit_id, e)) ||
	    (rc = filter_id(get, ctx, "analysis_id", &f->analysis_id, e)) ||
	    (rc = filter_id(get, ctx, "asset_id", &f->asset_id, e)) ||
	    (rc = filter_id(get, ctx, "owner_id", &f->owner_id, e)) ||
	    (rc = filter_level(get, ctx, "likelihood", &f->likelihood, e)) ||
	    (rc = filter_level(get, ctx, "consequence", &f->consequence, e)) ||
	    (rc = filter_bool(get, ctx, "residual", &residual, e)))
		return rc;
	f->residual = residual == 1;
	if ((v = filter_arg(get, ctx, "treatment"))) {
		if (strcmp(v, "none") && risk_enum(risk_treatments + 1, RISK_TREATMENT_COUNT - 1, v) < 0)
			return err_set(e, ERR_INVALID, "treatment", N_("Use none, reduce, accept, transfer or avoid."));
		f->treatment = v;
	}
	f->q = filter_arg(get, ctx, "q");
	if ((v = filter_arg(get, ctx, "sort"))) {
		int k = risk_enum(sort_names, sizeof(sort_names) / sizeof(sort_names[0]), v);
		if (k < 0)
			return err_set(e, ERR_INVALID, "sort",
				       N_("Sort by value, residual, threat, updated or analysis."));
		f->sort = (enum risk_sort)k;
	}
	if ((v = filter_arg(get, ctx, "order"))) {
		if (strcmp(v, "asc") && strcmp(v, "desc"))
			return err_set(e, ERR_INVALID, "order", N_("Must be asc or desc."));
		f->asc = !strcmp(v, "asc");
	}
	return 0;
}

int risk_list(struct db *db, struct arena *a, const struct risk_filter *f, struct risk **out, size_t *n, int64_t *total,
	      struct err *e)
{
	const char *subtree;
	int rc = unit_subtree(db, a, f->unit_id, &subtree, e);
	if (rc)
		return rc;
	return q_risk_list(db, a, f, subtree, out, n, total, e);
}

int risk_matrices(struct db *db, struct arena *a, const struct risk_filter *f,
		  int64_t before[RISK_SCALE_MAX + 1][RISK_SCALE_MAX + 1],
		  int64_t after[RISK_SCALE_MAX + 1][RISK_SCALE_MAX + 1], int64_t *total, struct err *e)
{
	struct risk_cell *cells;
	const char *subtree;
	size_t n;
	int rc;

	memset(before, 0, sizeof(int64_t) * (RISK_SCALE_MAX + 1) * (RISK_SCALE_MAX + 1));
	memset(after, 0, sizeof(int64_t) * (RISK_SCALE_MAX + 1) * (RISK_SCALE_MAX + 1));
	*total = 0;
	if ((rc = unit_subtree(db, a, f->unit_id, &subtree, e)) ||
	    (rc = q_risk_matrix(db, a, f, subtree, subtree ? unit_org_of(subtree) : 0, &cells, &n, e)))
		return rc;
	for (size_t i = 0; i < n; i++) {
		/* After the measures, a risk without assessed residual levels stays where it was. */
		int64_t l = cells[i].l, c = cells[i].c, rl = cells[i].rl ? cells[i].rl : l,
			rc2 = cells[i].rc ? cells[i].rc : c;
		if (l >= 1 && l <= RISK_SCALE_MAX && c >= 1 && c <= RISK_SCALE_MAX)
			before[l][c] += cells[i].n;
		if (rl >= 1 && rl <= RISK_SCALE_MAX && rc2 >= 1 && rc2 <= RISK_SCALE_MAX)
			after[rl][rc2] += cells[i].n;
		*total += cells[i].n;
	}
	return 0;
}

int risk_note_unit_moved(struct db *db, struct arena *a, const char *path, struct err *e)
{
	return q_risk_reorganise(db, a, path, unit_org_of(path), e);
}

int risk_matrix(struct db *db, struct arena *a, const struct risk_filter *f,
		int64_t counts[RISK_SCALE_MAX + 1][RISK_SCALE_MAX + 1], int64_t *total, struct err *e)
{
	int64_t other[RISK_SCALE_MAX + 1][RISK_SCALE_MAX + 1];
	return f->residual ? risk_matrices(db, a, f, other, counts, total, e)
			   : risk_matrices(db, a, f, counts, other, total, e);
}

struct risk_input risk_input_of(const struct risk *k)
{
	struct risk_input in = { 0 };
	in.threat_id = k->threat_id;
	in.threat = k->threat;
	in.vulnerability = k->vulnerability;
	in.consequence_text = k->consequence_text;
	in.likelihood = k->likelihood;
	in.consequence = k->consequence;
	in.treatment = k->treatment;
	in.treatment_reason = k->treatment_reason;
	in.accepted_by = k->accepted_by;
	in.owner_id = k->owner_id;
	in.residual_likelihood = k->residual_likelihood;
	in.residual_consequence = k->residual_consequence;
	return in;
}

static struct risk_input risk_clean(struct arena *a, const struct risk_input *raw)
{
	struct risk_input in = *raw;
	in.threat = text_trimmed(a, raw->threat);
	in.vulnerability = text_trimmed(a, raw->vulnerability);
	in.consequence_text = text_trimmed(a, raw->consequence_text);
	in.treatment = raw->treatment ? raw->treatment : "";
	in.treatment_reason = text_trimmed(a, raw->treatment_reason);
	return in;
}

static int level_check(struct err *e, const char *field, int64_t v, int64_t max, bool required)
{
	char top[24];
	if (!v && !required)
		return 0;
	if (v >= 1 && v <= max)
		return 0;
	snprintf(top, sizeof(top), "%" PRId64, max);
	return err_set1(e, ERR_INVALID, field, N_("Choose a level from 1 to %s on the organisation's scale."), top);
}

int risk_check(const struct risk_input *in, const struct risk_scale *s, struct err *e)
{
	int rc;

	if ((rc = check_text(e, "threat", in->threat, 300, true)) ||
	    (rc = check_text(e, "vulnerability", in->vulnerability, 5000, false)) ||
	    (rc = check_text(e, "consequence_text", in->consequence_text, 5000, false)) ||
	    (rc = level_check(e, "likelihood", in->likelihood, s->likelihood_levels, true)) ||
	    (rc = level_check(e, "consequence", in->consequence, s->consequence_levels, true)) ||
	    (rc = level_check(e, "residual_likelihood", in->residual_likelihood, s->likelihood_levels, false)) ||
	    (rc = level_check(e, "residual_consequence", in->residual_consequence, s->consequence_levels, false)))
		return rc;
	if (!in->residual_likelihood != !in->residual_consequence)
		return err_set(e, ERR_INVALID, in->residual_likelihood ? "residual_consequence" : "residual_likelihood",
			       N_("Give both the residual likelihood and the residual consequence, or neither."));
	if (risk_enum(risk_treatments, RISK_TREATMENT_COUNT, in->treatment) < 0)
		return err_set(e, ERR_INVALID, "treatment", N_("Choose how the risk is treated."));
	if ((rc = check_text(e, "treatment_reason", in->treatment_reason, 5000, false)))
		return rc;
	if (!strcmp(in->treatment, "accept")) {
		if (!*in->treatment_reason)
			return err_set(e, ERR_INVALID, "treatment_reason",
				       N_("An accepted risk needs the reason it is accepted."));
		if (!in->accepted_by)
			return err_set(e, ERR_INVALID, "accepted_by",
				       N_("An accepted risk needs the person who accepted it."));
	}
	return 0;
}

/* Fill in the threat's text from the catalogue when only its id is given; check the people named. */
static int risk_refs(struct db *db, struct arena *a, struct risk_input *in, const struct risk *before,
		     struct risk *after, struct err *e)
{
	int rc;

	if (in->threat_id && !(before && before->threat_id == in->threat_id)) {
		struct risk_threat t;
		rc = q_risk_threat_get(db, a, in->threat_id, &t, e);
		if (rc == ERR_NOTFOUND || (!rc && !t.active))
			return err_set(e, ERR_INVALID, "threat_id", N_("No such threat in the catalogue."));
		if (rc)
			return rc;
		if (!in->threat || !*in->threat)
			in->threat = t.name;
	}
	after->owner_name = before && before->owner_id == in->owner_id ? before->owner_name : NULL;
	if (in->owner_id && !after->owner_name &&
	    (rc = user_named(db, a, in->owner_id, "owner_id", &after->owner_name, e)))
		return rc;
	after->accepted_by_name = before && before->accepted_by == in->accepted_by ? before->accepted_by_name : NULL;
	if (in->accepted_by && !after->accepted_by_name &&
	    (rc = user_named(db, a, in->accepted_by, "accepted_by", &after->accepted_by_name, e)))
		return rc;
	return 0;
}

static void risk_values(const struct risk_input *in, int64_t *value, int64_t *residual)
{
	*value = in->likelihood * in->consequence;
	*residual = (in->residual_likelihood ? in->residual_likelihood : in->likelihood) *
		    (in->residual_consequence ? in->residual_consequence : in->consequence);
}

static void risk_apply(struct risk *k, const struct risk_input *in)
{
	k->threat_id = in->threat_id;
	k->threat = in->threat;
	k->vulnerability = in->vulnerability;
	k->consequence_text = in->consequence_text;
	k->likelihood = in->likelihood;
	k->consequence = in->consequence;
	k->treatment = in->treatment;
	k->treatment_reason = in->treatment_reason;
	k->accepted_by = in->accepted_by;
	k->owner_id = in->owner_id;
	k->residual_likelihood = in->residual_likelihood;
	k->residual_consequence = in->residual_consequence;
	risk_values(in, &k->value, &k->residual_value);
}

static const char *risk_snapshot(struct arena *a, const struct risk *k, const struct risk_scale *s)
{
	struct buf b;
	struct json j;
	buf_init(&b, a);
	json_init(&j, &b);
	risk_json(&j, k, s);
	return b.data;
}

/* Insert a checked risk of @an and its audit entry; @in's threat is filled in. */
static int risk_insert(struct db *db, struct arena *a, const struct auth *auth, const struct risk_analysis *an,
		       const struct risk_input *in, const struct risk_scale *s, const struct risk *names,
		       int64_t *id_out, struct err *e)
{
	struct risk k = { 0 };
	char now[TIME_ISO_LEN];
	int rc;

	time_now_iso(now);
	risk_apply(&k, in);
	k.owner_name = names ? names->owner_name : NULL;
	k.accepted_by_name = names ? names->accepted_by_name : NULL;
	k.analysis_id = an->id;
	k.analysis_title = an->title;
	k.analysis_kind = an->kind;
	k.unit_id = an->unit_id;
	k.unit_name = an->unit_name;
	k.unit_path = an->unit_path;
	k.version = 1;
	k.created_by = actor_of(auth).id;
	k.created_at = k.updated_at = now;
	if ((rc = q_risk_insert(db, a, an, in, k.value, k.residual_value, k.created_by, now, &k.id, e)))
		return rc;
	if (id_out)
		*id_out = k.id;
	return audit_append(db, a, actor_of(auth), "risk", k.id, k.unit_id, "create", NULL, risk_snapshot(a, &k, s), e);
}

static int risk_create_in_tx(struct db *db, struct arena *a, const struct auth *auth, const struct risk_analysis *an,
			     struct risk_input *in, int64_t *id_out, struct err *e)
{
	struct risk_scale s;
	struct risk names = { 0 };
	int rc;

	if ((rc = risk_scale_of(db, a, an->unit_path, &s, e)) || (rc = risk_refs(db, a, in, NULL, &names, e)) ||
	    (rc = risk_check(in, &s, e)))
		return rc;
	return risk_insert(db, a, auth, an, in, &s, &names, id_out, e);
}

int risk_create(struct db *db, struct arena *a, const struct auth *auth, const struct risk_analysis *an,
		const struct risk_input *raw, int64_t *id_out, struct err *e)
{
	struct risk_input in = risk_clean(a, raw);
	int rc;

	/* The risk goes in the analysis's unit: who may edit the analysis there may add it. */
	if (!authz_may_reference(auth, ACCESS_EDIT, an->unit_path, 0))
		return err_set(e, ERR_FORBIDDEN, "analysis_id",
			       N_("Your roles do not let you add risks to this analysis."));
	if ((rc = db_begin(db, e)))
		return rc;
	return db_end(db, risk_create_in_tx(db, a, auth, an, &in, id_out, e), e);
}

static const char *const risk_conflict_msg = N_(
	"Someone else has changed this risk since you opened it. Their version is shown; your changes are kept in the form.");

static int risk_update_in_tx(struct db *db, struct arena *a, const struct auth *auth, const struct risk *before,
			     int64_t version, struct risk_input *in, struct risk *current, struct err *e)
{
	struct risk after = *before;
	struct risk_scale s;
	char now[TIME_ISO_LEN];
	int rc;

	time_now_iso(now);
	if (before->version != version)
		return version_conflict(current, before, sizeof(*before), e, risk_conflict_msg);
	if ((rc = risk_scale_of(db, a, before->unit_path, &s, e)) || (rc = risk_refs(db, a, in, before, &after, e)) ||
	    (rc = risk_check(in, &s, e)))
		return rc;
	risk_apply(&after, in);
	rc = q_risk_update(db, a, before->id, version, in, after.value, after.residual_value, now, e);
	if (rc == ERR_CONFLICT)
		return version_lost(current ? risk_get(db, a, before->id, current, e) : 0, e, risk_conflict_msg);
	if (rc)
		return rc;
	after.version = version + 1;
	after.updated_at = now;
	return audit_append(db, a, actor_of(auth), "risk", before->id, before->unit_id, "update",
			    risk_snapshot(a, before, &s), risk_snapshot(a, &after, &s), e);
}

int risk_update(struct db *db, struct arena *a, const struct auth *auth, const struct risk *before, int64_t version,
		const struct risk_input *raw, struct risk *current, struct err *e)
{
	struct risk_input in = risk_clean(a, raw);
	int rc = db_begin(db, e);
	if (rc)
		return rc;
	return db_end(db, risk_update_in_tx(db, a, auth, before, version, &in, current, e), e);
}

bool risk_can_edit(const struct auth *auth, const struct risk *k)
{
	return authz_may_edit_owned(auth, k->unit_path, k->owner_id);
}

int risk_concerns(struct db *db, struct arena *a, int64_t risk_id, struct risk_concern **out, size_t *n, struct err *e)
{
	return q_risk_concerns(db, a, risk_id, out, n, e);
}

int risk_measures(struct db *db, struct arena *a, int64_t risk_id, struct risk_measure **out, size_t *n, struct err *e)
{
	return q_risk_measures(db, a, risk_id, out, n, e);
}

static const char *concern_snapshot(struct arena *a, int64_t risk_id, int64_t asset_id, int64_t requirement_id)
{
	struct buf b;
	struct json j;
	buf_init(&b, a);
	json_init(&j, &b);
	json_obj_open(&j);
	json_kv_int(&j, "risk_id", risk_id);
	json_kv_int(&j, "asset_id", asset_id);
	json_kv_id(&j, "requirement_id", requirement_id);
	json_obj_close(&j);
	return b.data;
}

static int add_concern(struct db *db, struct arena *a, const struct auth *auth, int64_t risk_id, int64_t unit_id,
		       int64_t asset_id, int64_t requirement_id, struct err *e)
{
	int64_t id;
	int rc = q_risk_concern_insert(db, a, risk_id, asset_id, requirement_id, &id, e);
	if (rc)
		return rc;
	return audit_append(db, a, actor_of(auth), "risk_concern", id, unit_id, "create", NULL,
			    concern_snapshot(a, risk_id, asset_id, requirement_id), e);
}

static int concern_add_in_tx(struct db *db, struct arena *a, const struct auth *auth, const struct risk *k,
			     int64_t asset_id, struct err *e)
{
	struct risk_scope_asset as;
	struct risk_concern *cs;
	size_t n;
	int rc = q_risk_asset_brief(db, a, asset_id, &as, e);

	if (rc == ERR_NOTFOUND || (!rc && !authz_may_reference(auth, ACCESS_READ, as.unit_path, 0)))
		return err_set(e, ERR_INVALID, "asset_id", N_("No such asset."));
	if (rc || (rc = q_risk_concerns(db, a, k->id, &cs, &n, e)))
		return rc;
	for (size_t i = 0; i < n; i++)
		if (cs[i].asset_id == asset_id && !cs[i].requirement_id)
			return err_set(e, ERR_EXISTS, "asset_id", N_("The risk already concerns this asset."));
	return add_concern(db, a, auth, k->id, k->unit_id, asset_id, 0, e);
}

int risk_concern_add(struct db *db, struct arena *a, const struct auth *auth, const struct risk *k, int64_t asset_id,
		     struct err *e)
{
	int rc;
	if (asset_id <= 0)
		return err_set(e, ERR_INVALID, "asset_id", N_("Choose the asset."));
	if ((rc = db_begin(db, e)))
		return rc;
	return db_end(db, concern_add_in_tx(db, a, auth, k, asset_id, e), e);
}

static void write_risk_measure_json(struct json *j, const void *rec)
{
	risk_measure_json(j, rec);
}

static const char *measure_snapshot(struct arena *a, const struct risk_measure *m)
{
	return json_text(a, write_risk_measure_json, m);
}

static int measure_insert(struct db *db, struct arena *a, const struct auth *auth, const struct risk *k,
			  struct risk_measure *m, struct err *e)
{
	char now[TIME_ISO_LEN];
	int rc;

	time_now_iso(now);
	m->risk_id = k->id;
	m->created_at = now;
	if ((rc = q_risk_measure_insert(db, a, k->id, m->title, m->responsible_id, m->due_date, m->action_id,
					actor_of(auth).id, now, &m->id, e)))
		return rc;
	return audit_append(db, a, actor_of(auth), "risk_measure", m->id, k->unit_id, "create", NULL,
			    measure_snapshot(a, m), e);
}

static int measure_add_in_tx(struct db *db, struct arena *a, const struct auth *auth, const struct risk *k,
			     struct risk_measure *m, struct err *e)
{
	int rc;
	if (m->responsible_id && (rc = user_named(db, a, m->responsible_id, "responsible_id", &m->responsible_name, e)))
		return rc;
	return measure_insert(db, a, auth, k, m, e);
}

int risk_measure_add(struct db *db, struct arena *a, const struct auth *auth, enum lang lang, const struct risk *k,
		     const char *title, int64_t responsible_id, const char *due_date, int64_t *id_out, struct err *e)
{
	struct risk_measure m = { 0 };
	struct activity_input in = { 0 };
	int rc;

	m.title = text_trimmed(a, title);
	m.responsible_id = responsible_id;
	m.due_date = due_date && *due_date ? text_trimmed(a, due_date) : NULL;
	if ((rc = check_text(e, "title", m.title, 300, true)) || (rc = check_date(e, "due_date", m.due_date, false)))
		return rc;
	/* The measure is carried out as an activity of this year's action plan of the risk's unit. */
	in.title = m.title;
	in.purpose = arena_printf(a, "%s: %s", tr(lang, "Measure against the risk"), k->threat);
	in.responsible_id = m.responsible_id;
	in.due_date = m.due_date;
	in.status = "not_started";
	if ((rc = db_begin(db, e)))
		return rc;
	rc = activity_create_linked_in_tx(db, a, auth, k->unit_id, tr(lang, "Risks"), &in, "risk", k->id, &m.action_id,
					  e);
	if (!rc)
		rc = measure_add_in_tx(db, a, auth, k, &m, e);
	rc = db_end(db, rc, e);
	if (!rc && id_out)
		*id_out = m.id;
	return rc;
}

int risk_activity_target(struct db *db, struct arena *a, int64_t id, struct activity_target *out, struct err *e)
{
	struct risk k;
	int rc = q_risk_get(db, a, id, &k, e);

	if (rc)
		return rc;
	out->label = arena_printf(a, "R-%" PRId64 " %s", k.id, k.threat);
	out->unit_id = k.unit_id;
	out->unit_path = k.unit_path;
	return 0;
}

static int link_measures_in_tx(struct db *db, struct arena *a, const struct auth *auth, const struct risk *k,
			       const int64_t *actions, const char *const *titles, size_t n, int64_t *n_linked,
			       struct err *e)
{
	struct risk_measure *ms;
	size_t n_ms;
	int rc = q_risk_measures(db, a, k->id, &ms, &n_ms, e);

	for (size_t i = 0; !rc && i < n; i++) {
		bool have = false;
		for (size_t j = 0; j < n_ms && !have; j++)
			have = ms[j].action_id == actions[i];
		for (size_t j = 0; j < i && !have; j++)
			have = actions[j] == actions[i];
		if (have)
			continue;
		struct risk_measure m = { 0 };
		m.title = titles[i];
		m.action_id = actions[i];
		if (!(rc = measure_insert(db, a, auth, k, &m, e)))
			(*n_linked)++;
	}
	return rc;
}

int risk_make_actions(struct db *db, struct arena *a, const struct auth *auth, enum lang lang, const struct risk *k,
		      int64_t *n_made, int64_t *n_linked, int64_t *n_skipped, struct err *e)
{
	struct risk_concern *cs;
	size_t n, n_actions = 0;
	int64_t *actions;
	const char **titles;
	int rc;

	*n_made = *n_linked = *n_skipped = 0;
	if ((rc = q_risk_concerns(db, a, k->id, &cs, &n, e)))
		return rc;
	actions = arena_calloc(a, n + 1, sizeof(*actions));
	titles = arena_calloc(a, n + 1, sizeof(*titles));
	for (size_t i = 0; i < n; i++) {
		const struct risk_concern *c = &cs[i];
		struct asset as;
		struct err ae = { 0 };
		int64_t id = c->action_id;

		if (!c->requirement_id || (strcmp(c->status, "not_fulfilled") && strcmp(c->status, "partial")))
			continue;
		if (!id) {
			/* Each action is made in its asset's unit by the action module, in a transaction of its own. */
			if ((rc = asset_get(db, a, c->asset_id, &as, e)))
				return rc;
			rc = activity_create_from_requirement(db, a, auth, lang, &as, c->requirement_id, &id, &ae);
			if (rc == ERR_FORBIDDEN) {
				(*n_skipped)++;
				continue;
			}
			if (rc) {
				*e = ae;
				return rc;
			}
			(*n_made)++;
		}
		actions[n_actions] = id;
		titles[n_actions++] = arena_printf(a, "%s %s", c->requirement_code, c->requirement_title);
	}
	if (!n_actions)
		return 0;
	if ((rc = db_begin(db, e)))
		return rc;
	return db_end(db, link_measures_in_tx(db, a, auth, k, actions, titles, n_actions, n_linked, e), e);
}

/* --- bringing in the unfulfilled requirements --------------------------------------------------- */

static int64_t clamp(int64_t v, int64_t lo, int64_t hi)
{
	return v < lo ? lo : v > hi ? hi : v;
}

static int pull_in_tx(struct db *db, struct arena *a, const struct auth *auth, enum lang lang,
		      const struct risk_analysis *an, int64_t *n_risks, int64_t *n_concerns, struct err *e)
{
	struct risk_gap *gaps;
	struct risk_scale s;
	size_t n;
	int rc;

	if ((rc = risk_scale_of(db, a, an->unit_path, &s, e)) ||
	    (rc = q_risk_gaps(db, a, an->id, strcmp(an->scope_kind, "unit") ? NULL : an->unit_path, &gaps, &n, e)))
		return rc;
	for (size_t i = 0; i < n;) {
		/* One requirement: the run of rows with its id. */
		size_t end = i;
		struct buf vuln;
		int64_t like = 2, cons = 1, risk_id = 0;
		bool any = false;

		while (end < n && gaps[end].requirement_id == gaps[i].requirement_id)
			end++;
		buf_init(&vuln, a);
		buf_addf(&vuln, "%s %s: ", gaps[i].code, gaps[i].title);
		for (size_t k = i; k < end; k++) {
			const struct risk_gap *g = &gaps[k];
			struct requirement req = { .id = g->requirement_id,
						   .active = true,
						   .min_c = g->min_c,
						   .min_i = g->min_i,
						   .min_a = g->min_a,
						   .min_t = g->min_t };
			struct req_levels lv = { g->c, g->i, g->a, g->t };
			/* Only assets the user sees, and requirements that still apply to their classification. */
			gaps[k].requirement_id = authz_may_reference(auth, ACCESS_READ, g->unit_path, 0) &&
								 requirement_applies(&req, &lv)
							 ? g->requirement_id
							 : -g->requirement_id;
			if (gaps[k].requirement_id < 0)
				continue;
			buf_addf(&vuln, "%s%s (%s)", any ? ", " : "", g->asset_name,
				 tr(lang, req_status_label(g->status)));
			any = true;
			if (!strcmp(g->status, "not_fulfilled"))
				like = 3;
			int64_t top = g->c > g->i ? g->c : g->i;
			top = g->a > top ? g->a : top;
			top = g->t > top ? g->t : top;
			cons = top > cons ? top : cons;
		}
		if (!any) {
			i = end;
			continue;
		}
		int64_t req_id = gaps[i].requirement_id > 0 ? gaps[i].requirement_id : -gaps[i].requirement_id;
		if ((rc = q_risk_by_requirement(db, a, an->id, req_id, &risk_id, e)))
			return rc;
		if (!risk_id) {
			struct risk_input in = { 0 };
			in.threat = tr(lang, "Threat to be assessed");
			in.vulnerability = vuln.data;
			in.likelihood = clamp(like, 1, s.likelihood_levels);
			in.consequence = clamp(cons, 1, s.consequence_levels);
			in.treatment = "";
			in.treatment_reason = "";
			in.consequence_text = "";
			if ((rc = risk_insert(db, a, auth, an, &in, &s, NULL, &risk_id, e)))
				return rc;
			(*n_risks)++;
		}
		{
			struct risk_concern *cs;
			size_t n_cs;
			if ((rc = q_risk_concerns(db, a, risk_id, &cs, &n_cs, e)))
				return rc;
			for (size_t k = i; k < end; k++) {
				bool have = false;
				if (gaps[k].requirement_id < 0)
					continue;
				for (size_t c = 0; c < n_cs && !have; c++)
					have = cs[c].asset_id == gaps[k].asset_id && cs[c].requirement_id == req_id;
				if (have)
					continue;
				if ((rc = add_concern(db, a, auth, risk_id, an->unit_id, gaps[k].asset_id, req_id, e)))
					return rc;
				(*n_concerns)++;
			}
		}
		i = end;
	}
	return 0;
}

int risk_analysis_pull(struct db *db, struct arena *a, const struct auth *auth, enum lang lang,
		       const struct risk_analysis *an, int64_t *n_risks, int64_t *n_concerns, struct err *e)
{
	int rc;

	*n_risks = *n_concerns = 0;
	if (!authz_may_reference(auth, ACCESS_EDIT, an->unit_path, 0))
		return err_set(e, ERR_FORBIDDEN, "id", N_("Your roles do not let you add risks to this analysis."));
	if ((rc = requirement_ensure_default(db, a, e)) || (rc = db_begin(db, e)))
		return rc;
	return db_end(db, pull_in_tx(db, a, auth, lang, an, n_risks, n_concerns, e), e);
}

/* --- JSON ------------------------------------------------------------------------------------------ */

void risk_json(struct json *j, const struct risk *k, const struct risk_scale *s)
{
	json_obj_open(j);
	risk_json_members(j, k, s);
	json_obj_close(j);
}

void risk_json_members(struct json *j, const struct risk *k, const struct risk_scale *s)
{
	json_kv_int(j, "id", k->id);
	json_kv_int(j, "analysis_id", k->analysis_id);
	json_kv_str(j, "analysis_title", k->analysis_title);
	json_kv_int(j, "unit_id", k->unit_id);
	json_kv_str(j, "unit_name", k->unit_name);
	json_kv_id(j, "threat_id", k->threat_id);
	json_kv_str(j, "threat", k->threat);
	json_kv_str(j, "vulnerability", k->vulnerability);
	json_kv_str(j, "consequence_text", k->consequence_text);
	json_kv_int(j, "likelihood", k->likelihood);
	json_kv_int(j, "consequence", k->consequence);
	json_kv_int(j, "value", k->value);
	if (s)
		json_kv_str(j, "band", risk_band_names[risk_band_of(s, k->value)]);
	json_kv_str(j, "treatment", k->treatment);
	json_kv_str(j, "treatment_reason", k->treatment_reason);
	json_kv_id(j, "accepted_by", k->accepted_by);
	json_kv_str(j, "accepted_by_name", k->accepted_by_name);
	json_kv_id(j, "owner_id", k->owner_id);
	json_kv_str(j, "owner_name", k->owner_name);
	if (k->residual_likelihood) {
		json_kv_int(j, "residual_likelihood", k->residual_likelihood);
		json_kv_int(j, "residual_consequence", k->residual_consequence);
	} else {
		json_kv_null(j, "residual_likelihood");
		json_kv_null(j, "residual_consequence");
	}
	json_kv_int(j, "residual_value", k->residual_value);
	if (s)
		json_kv_str(j, "residual_band", risk_band_names[risk_band_of(s, k->residual_value)]);
	json_kv_int(j, "version", k->version);
	json_kv_str(j, "created_at", k->created_at);
	json_kv_str(j, "updated_at", k->updated_at);
}

void risk_concern_json(struct json *j, const struct risk_concern *c)
{
	json_obj_open(j);
	json_kv_int(j, "id", c->id);
	json_kv_int(j, "asset_id", c->asset_id);
	json_kv_str(j, "asset_name", c->asset_name);
	json_kv_id(j, "requirement_id", c->requirement_id);
	json_kv_str(j, "requirement_code", c->requirement_code);
	json_kv_str(j, "requirement_title", c->requirement_title);
	if (c->requirement_id)
		json_kv_str(j, "fulfilment", c->status);
	json_kv_id(j, "action_id", c->action_id);
	json_obj_close(j);
}

void risk_measure_json(struct json *j, const struct risk_measure *m)
{
	json_obj_open(j);
	json_kv_int(j, "id", m->id);
	json_kv_int(j, "risk_id", m->risk_id);
	json_kv_str(j, "title", m->title);
	json_kv_id(j, "responsible_id", m->responsible_id);
	json_kv_str(j, "responsible_name", m->responsible_name);
	json_kv_str(j, "due_date", m->due_date);
	json_kv_id(j, "action_id", m->action_id);
	json_kv_str(j, "action_status", m->action_status);
	json_kv_str(j, "created_at", m->created_at);
	json_obj_close(j);
}
