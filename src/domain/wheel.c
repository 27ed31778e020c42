/*
 * wheel.c - rules of the annual wheel and its calendar feeds.
 *
 * Dates are computed on the proleptic Gregorian calendar with plain
 * integer arithmetic (the weekday by Sakamoto's method), never with the
 * process's time zone; a rule is refused when it gives no date in any of
 * the 28 years 2000-2027, which between them have every calendar there is.
 * Making a year's occurrences reads the dates that exist first and inserts
 * only the others, so a second run (or two at once: the unique index
 * decides) never duplicates one.
 */
#include "domain/wheel.h"

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
#include "db/q_activity.h"
#include "db/q_unit.h"
#include "db/q_user.h"
#include "db/q_wheel.h"
#include "domain/activity.h"
#include "domain/audit.h"
#include "domain/auth.h"
#include "domain/listexport.h"
#include "domain/plan.h"
#include "domain/tasks.h"
#include "domain/unit.h"
#include "domain/user.h"
#include "domain/validate.h"
#include "io/ics.h"

const char *const wheel_freqs[WHEEL_FREQ_COUNT] = { "yearly", "quarterly", "monthly" };
const char *const wheel_freq_labels[WHEEL_FREQ_COUNT] = { N_("Every year"), N_("Every quarter"), N_("Every month") };
const char *const wheel_month_labels[12] = {
	N_("January"), N_("February"), N_("March"),     N_("April"),   N_("May"),      N_("June"),
	N_("July"),    N_("August"),   N_("September"), N_("October"), N_("November"), N_("December"),
};
const char *const wheel_weekday_labels[7] = {
	N_("Monday"), N_("Tuesday"), N_("Wednesday"), N_("Thursday"), N_("Friday"), N_("Saturday"), N_("Sunday"),
};
const char *const wheel_nths[WHEEL_NTH_COUNT] = { "1", "2", "3", "4", "5", "-1" };
const char *const wheel_nth_labels[WHEEL_NTH_COUNT] = { N_("the first"),  N_("the second"), N_("the third"),
							N_("the fourth"), N_("the fifth"),  N_("the last") };

/* --- dates --- */

static bool leap(int64_t y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int days_in(int64_t y, int m)
{
	static const int d[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	return m == 2 && leap(y) ? 29 : d[m - 1];
}

/* 1 Monday .. 7 Sunday. */
static int weekday_of(int64_t y, int m, int d)
{
	static const int t[12] = { 0, 3, 2, 5, 0, 3, 5, 1, 4, 6, 2, 4 };
	int w;
	if (m < 3)
		y--;
	w = (int)((y + y / 4 - y / 100 + y / 400 + t[m - 1] + d) % 7); /* 0 Sunday */
	return w == 0 ? 7 : w;
}

/* The day of month @m of @y the rule gives, or 0 when it gives none. */
static int day_in_month(const struct wheel_item_input *r, int64_t y, int m)
{
	int dim = days_in(y, m);
	if (r->day)
		return r->day <= dim ? (int)r->day : 0;
	if (r->nth == -1) {
		for (int d = dim; d > dim - 7; d--)
			if (weekday_of(y, m, d) == r->weekday)
				return d;
		return 0;
	}
	for (int d = 1; d <= 7; d++)
		if (weekday_of(y, m, d) == r->weekday) {
			int day = d + 7 * (int)(r->nth - 1);
			return day <= dim ? day : 0;
		}
	return 0;
}

size_t wheel_dates(const struct wheel_item_input *r, int64_t year, char dates[WHEEL_MAX_DATES][11])
{
	int months[12], n_months = 0;
	size_t n = 0;

	if (r->freq && !strcmp(r->freq, "yearly"))
		months[n_months++] = (int)r->month;
	else if (r->freq && !strcmp(r->freq, "quarterly"))
		for (int q = 0; q < 4; q++)
			months[n_months++] = (int)r->month + 3 * q;
	else
		for (int m = 1; m <= 12; m++)
			months[n_months++] = m;
	for (int i = 0; i < n_months; i++) {
		int d;
		if (months[i] < 1 || months[i] > 12 || !(d = day_in_month(r, year, months[i])))
			continue;
		snprintf(dates[n++], 11, "%04d-%02d-%02d", (int)year, months[i], d);
	}
	return n;
}

static bool valid_time(const char *s)
{
	return s && strlen(s) == 5 && s[0] >= '0' && s[0] <= '2' && s[1] >= '0' && s[1] <= '9' && s[2] == ':' &&
	       s[3] >= '0' && s[3] <= '5' && s[4] >= '0' && s[4] <= '9' && (s[0] < '2' || s[1] <= '3');
}

int wheel_check(const struct wheel_item_input *in, struct err *e)
{
	char dates[WHEEL_MAX_DATES][11];
	int rc;

	if ((rc = check_text(e, "title", in->title, 300, true)) ||
	    (rc = check_text(e, "description", in->description, 10000, false)))
		return rc;
	if (str_index(wheel_freqs, WHEEL_FREQ_COUNT, in->freq) < 0)
		return err_set(e, ERR_INVALID, "freq", N_("Choose how often it recurs: yearly, quarterly or monthly."));
	if (!strcmp(in->freq, "yearly") && (in->month < 1 || in->month > 12))
		return err_set(e, ERR_INVALID, "month", N_("Choose the month, 1 to 12."));
	if (!strcmp(in->freq, "quarterly") && (in->month < 1 || in->month > 3))
		return err_set(e, ERR_INVALID, "month", N_("Choose the month of each quarter: 1, 2 or 3."));
	if (in->day < 0 || in->day > 31)
		return err_set(e, ERR_INVALID, "day", N_("A day of the month is 1 to 31."));
	if (in->day && (in->nth || in->weekday))
		return err_set(e, ERR_INVALID, "day", N_("Give a day of the month or a weekday, not both."));
	if (!in->day) {
		if (!in->nth && !in->weekday)
			return err_set(e, ERR_INVALID, "day", N_("Give a day of the month or a weekday."));
		if (in->nth < -1 || in->nth > 5 || in->nth == 0)
			return err_set(e, ERR_INVALID, "nth", N_("Choose the first to fifth, or the last, weekday."));
		if (in->weekday < 1 || in->weekday > 7)
			return err_set(e, ERR_INVALID, "weekday", N_("Choose the weekday."));
	}
	if (in->time_of_day && *in->time_of_day && !valid_time(in->time_of_day))
		return err_set(e, ERR_INVALID, "time_of_day", N_("Give the time as HH:MM, or nothing for all day."));
	/* A rule must give a date in some year; these 28 have every calendar there is. */
	for (int64_t y = 2000; y < 2028; y++)
		if (wheel_dates(in, y, dates))
			return 0;
	return err_set(e, ERR_INVALID, "day", N_("The rule gives no date in any year."));
}

const char *wheel_rule_text(struct arena *a, enum lang lang, const struct wheel_item *w)
{
	struct buf b;
	int f = str_index(wheel_freqs, WHEEL_FREQ_COUNT, w->freq);

	buf_init(&b, a);
	if (f >= 0)
		buf_adds(&b, tr(lang, wheel_freq_labels[f]));
	if (f == 0 && w->month >= 1 && w->month <= 12)
		buf_addf(&b, ", %s", tr(lang, wheel_month_labels[w->month - 1]));
	else if (f == 1)
		buf_addf(&b, ", %s %" PRId64, tr(lang, "month of the quarter"), w->month);
	if (w->day)
		buf_addf(&b, ", %s %" PRId64, tr(lang, "day"), w->day);
	else if (w->weekday >= 1 && w->weekday <= 7) {
		int k = w->nth == -1 ? 5 : (int)w->nth - 1;
		if (k >= 0 && k < WHEEL_NTH_COUNT)
			buf_addf(&b, ", %s %s", tr(lang, wheel_nth_labels[k]),
				 tr(lang, wheel_weekday_labels[w->weekday - 1]));
	}
	if (w->time_of_day && *w->time_of_day)
		buf_addf(&b, ", %s %s", tr(lang, "at"), w->time_of_day);
	return b.data;
}

/* --- records --- */

int wheel_item_get(struct db *db, struct arena *a, int64_t id, struct wheel_item *out, struct err *e)
{
	int rc = q_wheel_item_get(db, a, id, out, e);
	return rc == ERR_NOTFOUND ? err_set(e, ERR_NOTFOUND, "id", N_("No such recurring activity.")) : rc;
}

SCOPE_READER_OWNED(wheel_item_scope, struct wheel_item, wheel_item_get, "wheel_item", responsible_id)

int wheel_occurrence_scope(struct db *db, struct arena *a, int64_t id, struct scope *s, struct err *e)
{
	struct wheel_occurrence *o = arena_calloc(a, 1, sizeof(*o));
	int rc = q_wheel_occ_get(db, a, id, o, e);
	if (rc == ERR_NOTFOUND)
		return err_set(e, ERR_NOTFOUND, "id", N_("No such occurrence."));
	if (rc)
		return rc;
	*s = (struct scope){ "wheel_occurrence", o, o->unit_id, o->unit_path, o->responsible_id };
	return 0;
}

int wheel_item_list(struct db *db, struct arena *a, int64_t viewer_id, int64_t unit_id, bool active_only, int64_t limit,
		    int64_t offset, struct wheel_item **out, size_t *n, int64_t *total, struct err *e)
{
	const char *subtree;
	int rc = unit_subtree(db, a, unit_id, &subtree, e);
	return rc ? rc : q_wheel_item_list(db, a, viewer_id, subtree, active_only, limit, offset, out, n, total, e);
}

struct wheel_item_input wheel_item_input_of(const struct wheel_item *w)
{
	struct wheel_item_input in = { 0 };
	in.unit_id = w->unit_id;
	in.title = w->title;
	in.description = w->description;
	in.freq = w->freq;
	in.month = w->month;
	in.day = w->day;
	in.nth = w->nth;
	in.weekday = w->weekday;
	in.time_of_day = w->time_of_day;
	in.responsible_id = w->responsible_id;
	in.active = w->active;
	return in;
}

void wheel_item_json(struct json *j, const struct wheel_item *w)
{
	json_obj_open(j);
	json_kv_int(j, "id", w->id);
	json_kv_int(j, "unit_id", w->unit_id);
	json_kv_str(j, "unit_name", w->unit_name);
	json_kv_str(j, "title", w->title);
	json_kv_str(j, "description", w->description);
	json_kv_str(j, "freq", w->freq);
	json_kv_int(j, "month", w->month);
	json_kv_int(j, "day", w->day);
	json_kv_int(j, "nth", w->nth);
	json_kv_int(j, "weekday", w->weekday);
	json_kv_str(j, "time_of_day", w->time_of_day);
	json_kv_id(j, "responsible_id", w->responsible_id);
	json_kv_str(j, "responsible_name", w->responsible_name);
	json_kv_bool(j, "active", w->active);
	json_kv_id(j, "from_activity_id", w->from_activity_id);
	json_kv_int(j, "version", w->version);
	json_kv_str(j, "created_at", w->created_at);
	json_kv_str(j, "updated_at", w->updated_at);
	json_obj_close(j);
}

static void write_wheel_item_json(struct json *j, const void *rec)
{
	wheel_item_json(j, rec);
}

static const char *item_json_text(struct arena *a, const struct wheel_item *w)
{
	return json_text(a, write_wheel_item_json, w);
}

bool wheel_occ_overdue(const struct wheel_occurrence *o, const char *today)
{
	return strcmp(o->status, "done") && strcmp(o->on_date, today) < 0;
}

void wheel_occ_json(struct json *j, const struct wheel_occurrence *o, const char *today)
{
	json_obj_open(j);
	json_kv_int(j, "id", o->id);
	json_kv_int(j, "item_id", o->item_id);
	json_kv_str(j, "title", o->title);
	json_kv_int(j, "unit_id", o->unit_id);
	json_kv_str(j, "unit_name", o->unit_name);
	json_kv_str(j, "date", o->on_date);
	json_kv_str(j, "time_of_day", o->time_of_day);
	json_kv_id(j, "responsible_id", o->responsible_id);
	json_kv_str(j, "responsible_name", o->responsible_name);
	json_kv_str(j, "status", o->status);
	json_kv_str(j, "comment", o->comment);
	if (today)
		json_kv_bool(j, "overdue", wheel_occ_overdue(o, today));
	json_kv_int(j, "version", o->version);
	json_kv_str(j, "updated_at", o->updated_at);
	json_obj_close(j);
}

static const char *occ_json_text(struct arena *a, const struct wheel_occurrence *o)
{
	struct buf b;
	struct json j;
	buf_init(&b, a);
	json_init(&j, &b);
	wheel_occ_json(&j, o, NULL);
	return b.data;
}

/* --- writing --- */

static struct wheel_item_input clean_input(struct arena *a, const struct wheel_item_input *raw)
{
	struct wheel_item_input in = *raw;
	in.title = text_trimmed(a, raw->title);
	in.description = text_trimmed(a, raw->description);
	in.time_of_day = text_trimmed(a, raw->time_of_day);
	in.freq = raw->freq ? raw->freq : "";
	if (!strcmp(in.freq, "monthly"))
		in.month = 1;
	if (in.day) {
		in.nth = in.weekday = 0;
	}
	return in;
}

/* Check @in for an item that is @before (NULL: new) as @auth; fill @after's unit and responsible names. */
static int check_clean(struct db *db, struct arena *a, const struct auth *auth, const struct wheel_item_input *in,
		       const struct wheel_item *before, struct wheel_item *after, struct err *e)
{
	int rc;

	const struct unit_target t = {
		UNIT_TARGET_OF(in->unit_id, before),
		.access = ACCESS_EDIT,
		.missing = N_("Choose the unit the recurring activity belongs to."),
		.refused = N_("Your roles do not let you change the annual wheel of this unit."),
		.refused_move = N_("Your roles do not let you change the annual wheel of this unit."),
	};
	if ((rc = unit_target_check(db, a, auth, &t, &after->unit_name, &after->unit_path, e)))
		return rc;
	if ((rc = wheel_check(in, e)))
		return rc;
	after->responsible_name = NULL;
	if (in->responsible_id) {
		bool yes = false;
		if ((rc = q_activity_person_in_scope(db, a, in->responsible_id, after->unit_path, &yes, e)))
			return rc;
		if (!yes)
			return err_set(e, ERR_INVALID, "responsible_id",
				       N_("The person holds no role in the unit or above it."));
		if (before && before->responsible_id == in->responsible_id)
			after->responsible_name = before->responsible_name;
		else if ((rc = q_user_display_name(db, a, in->responsible_id, &after->responsible_name, e)))
			return rc;
	}
	return 0;
}

static void apply_input(struct wheel_item *w, const struct wheel_item_input *in)
{
	w->unit_id = in->unit_id;
	w->title = in->title;
	w->description = in->description;
	w->freq = in->freq;
	w->month = in->month;
	w->day = in->day;
	w->nth = in->nth;
	w->weekday = in->weekday;
	w->time_of_day = in->time_of_day;
	w->responsible_id = in->responsible_id;
	w->active = in->active;
}

static int create_in_tx(struct db *db, struct arena *a, const struct auth *auth, const struct wheel_item_input *in,
			const struct activity *from, int64_t *id_out, struct err *e)
{
	struct wheel_item w = { 0 };
	char now[TIME_ISO_LEN];
	int rc;

	time_now_iso(now);
	if ((rc = check_clean(db, a, auth, in, NULL, &w, e)))
		return rc;
	if (from) {
		if (!authz_may_reference(auth, ACCESS_EDIT, from->unit_path, 0))
			return err_set(e, ERR_FORBIDDEN, "from_activity_id",
				       N_("Your roles do not let you change this plan."));
		if (from->next_step && *from->next_step)
			return err_set(e, ERR_INVALID, "from_activity_id",
				       N_("The activity's next step is decided already."));
	}
	apply_input(&w, in);
	w.from_activity_id = from ? from->id : 0;
	w.version = 1;
	w.created_by = actor_of(auth).id;
	w.created_at = w.updated_at = arena_strdup(a, now);
	rc = q_wheel_item_insert(db, a, in, w.from_activity_id, actor_of(auth).id, now, &w.id, e);
	if (rc == ERR_EXISTS)
		return err_set(e, ERR_EXISTS, "from_activity_id",
			       N_("The activity has been moved to the annual wheel already."));
	if (rc || (rc = audit_append(db, a, actor_of(auth), "wheel_item", w.id, w.unit_id, "create", NULL,
				     item_json_text(a, &w), e)))
		return rc;
	if (from && (rc = activity_set_next_step_in_tx(db, a, auth, from, "wheel", e)))
		return rc;
	if (id_out)
		*id_out = w.id;
	return 0;
}

int wheel_item_create(struct db *db, struct arena *a, const struct auth *auth, const struct wheel_item_input *raw,
		      const struct activity *from, int64_t *id_out, struct err *e)
{
	struct wheel_item_input in = clean_input(a, raw);
	int rc = db_begin(db, e);
	if (rc)
		return rc;
	return db_end(db, create_in_tx(db, a, auth, &in, from, id_out, e), e);
}

static const char *const conflict_msg = N_(
	"Someone else has changed this recurring activity since you opened it. Their version is shown; your changes are kept in the form.");

static int update_in_tx(struct db *db, struct arena *a, const struct auth *auth, const struct wheel_item *before,
			int64_t version, const struct wheel_item_input *in, struct wheel_item *current, struct err *e)
{
	struct wheel_item after = *before;
	char now[TIME_ISO_LEN];
	int rc;

	time_now_iso(now);
	if (before->version != version)
		return version_conflict(current, before, sizeof(*before), e, conflict_msg);
	if ((rc = check_clean(db, a, auth, in, before, &after, e)))
		return rc;
	rc = q_wheel_item_update(db, a, before->id, version, in, now, e);
	if (rc == ERR_CONFLICT)
		return version_lost(current ? wheel_item_get(db, a, before->id, current, e) : 0, e, conflict_msg);
	if (rc)
		return rc;
	apply_input(&after, in);
	after.version = before->version + 1;
	after.updated_at = now;
	return audit_append(db, a, actor_of(auth), "wheel_item", before->id, after.unit_id, "update",
			    item_json_text(a, before), item_json_text(a, &after), e);
}

int wheel_item_update(struct db *db, struct arena *a, const struct auth *auth, const struct wheel_item *before,
		      int64_t version, const struct wheel_item_input *raw, struct wheel_item *current, struct err *e)
{
	struct wheel_item_input in = clean_input(a, raw);
	int rc = db_begin(db, e);
	if (rc)
		return rc;
	return db_end(db, update_in_tx(db, a, auth, before, version, &in, current, e), e);
}

static int generate_in_tx(struct db *db, struct arena *a, const struct auth *auth, const struct wheel_item *w,
			  int64_t year, size_t *n_created, struct err *e)
{
	struct wheel_item_input rule = wheel_item_input_of(w);
	char dates[WHEEL_MAX_DATES][11], from[16], to[16], now[TIME_ISO_LEN];
	const char **have;
	size_t n, n_have;
	int rc;

	time_now_iso(now);
	snprintf(from, sizeof(from), "%04d-01-01", (int)year);
	snprintf(to, sizeof(to), "%04d-12-31", (int)year);
	if ((rc = q_wheel_occ_dates(db, a, w->id, from, to, &have, &n_have, e)))
		return rc;
	n = wheel_dates(&rule, year, dates);
	for (size_t i = 0; i < n; i++) {
		struct wheel_occurrence o = { 0 };
		bool exists = false;
		for (size_t k = 0; k < n_have && !exists; k++)
			exists = !strcmp(have[k], dates[i]);
		if (exists)
			continue;
		o.item_id = w->id;
		o.title = w->title;
		o.unit_id = w->unit_id;
		o.on_date = dates[i];
		o.status = "not_started";
		o.comment = "";
		o.version = 1;
		o.updated_at = now;
		if ((rc = q_wheel_occ_insert(db, a, w->id, dates[i], actor_of(auth).id, now, &o.id, e)) ||
		    (rc = audit_append(db, a, actor_of(auth), "wheel_occurrence", o.id, w->unit_id, "create", NULL,
				       occ_json_text(a, &o), e)))
			return rc;
		(*n_created)++;
	}
	return 0;
}

static int check_year(int64_t year, struct err *e)
{
	if (year < PLAN_YEAR_MIN || year > PLAN_YEAR_MAX)
		return err_set(e, ERR_INVALID, "year", N_("Give a year from 2000 to 2100."));
	return 0;
}

int wheel_generate(struct db *db, struct arena *a, const struct auth *auth, const struct wheel_item *item, int64_t year,
		   size_t *n_created, struct err *e)
{
	int rc;

	*n_created = 0;
	if ((rc = check_year(year, e)))
		return rc;
	if (!authz_may_reference(auth, ACCESS_EDIT, item->unit_path, 0))
		return err_set(e, ERR_FORBIDDEN, "id",
			       N_("Your roles do not let you change the annual wheel of this unit."));
	if ((rc = db_begin(db, e)))
		return rc;
	return db_end(db, generate_in_tx(db, a, auth, item, year, n_created, e), e);
}

static int generate_unit_in_tx(struct db *db, struct arena *a, const struct auth *auth, int64_t unit_id, int64_t year,
			       size_t *n_created, struct err *e)
{
	struct wheel_item *items;
	size_t n;
	int rc;

	if ((rc = wheel_item_list(db, a, 0, unit_id, true, 10000, 0, &items, &n, NULL, e)))
		return rc;
	for (size_t i = 0; i < n; i++) {
		if (!authz_may_reference(auth, ACCESS_EDIT, items[i].unit_path, 0))
			continue;
		if ((rc = generate_in_tx(db, a, auth, &items[i], year, n_created, e)))
			return rc;
	}
	return 0;
}

int wheel_generate_unit(struct db *db, struct arena *a, const struct auth *auth, int64_t unit_id, int64_t year,
			size_t *n_created, struct err *e)
{
	struct unit u;
	int rc;

	*n_created = 0;
	if ((rc = check_year(year, e)))
		return rc;
	rc = q_unit_get(db, a, unit_id, &u, e);
	if (rc == ERR_NOTFOUND)
		return err_set(e, ERR_INVALID, "unit_id", N_("No such unit."));
	if (rc)
		return rc;
	if (!authz_may_reference(auth, ACCESS_EDIT, u.path, 0))
		return err_set(e, ERR_FORBIDDEN, "unit_id",
			       N_("Your roles do not let you change the annual wheel of this unit."));
	if ((rc = db_begin(db, e)))
		return rc;
	return db_end(db, generate_unit_in_tx(db, a, auth, unit_id, year, n_created, e), e);
}

/* --- occurrences --- */

void wheel_filter_init(struct wheel_filter *f)
{
	*f = (struct wheel_filter){ 0 };
}

const char *const wheel_filter_args[] = { "unit_id", "item_id", "responsible_id", "year",    "month", "from",
					  "to",      "status",  "open",           "overdue", NULL };

int wheel_filter_parse(struct wheel_filter *f, const char *(*get)(void *ctx, const char *name), void *ctx,
		       struct err *e)
{
	const char *v;
	int64_t year = 0, month = 0;
	int open = 0, overdue = 0, rc;

	if ((rc = filter_id(get, ctx, "unit_id", &f->unit_id, e)) ||
	    (rc = filter_id(get, ctx, "item_id", &f->item_id, e)) ||
	    (rc = filter_id(get, ctx, "responsible_id", &f->responsible_id, e)) ||
	    (rc = filter_date(get, ctx, "from", &f->from, e)) || (rc = filter_date(get, ctx, "to", &f->to, e)) ||
	    (rc = filter_bool(get, ctx, "open", &open, e)) || (rc = filter_bool(get, ctx, "overdue", &overdue, e)))
		return rc;
	if ((v = filter_arg(get, ctx, "year")) &&
	    (!str_to_i64(v, &year) || year < PLAN_YEAR_MIN || year > PLAN_YEAR_MAX))
		return err_set(e, ERR_INVALID, "year", N_("Give a year from 2000 to 2100."));
	if ((v = filter_arg(get, ctx, "month")) && (!str_to_i64(v, &month) || month < 1 || month > 12))
		return err_set(e, ERR_INVALID, "month", N_("Choose the month, 1 to 12."));
	if (month && !year)
		return err_set(e, ERR_INVALID, "month", N_("A month needs a year."));
	f->year = year;
	f->month = month;
	f->status = filter_arg(get, ctx, "status");
	if (f->status && activity_status_index(f->status) < 0)
		return err_set(e, ERR_INVALID, "status",
			       N_("Unknown status: use not_started, started, partly_started, ongoing or done."));
	f->open = open == 1;
	f->overdue = overdue == 1;
	return 0;
}

int wheel_occ_list(struct db *db, struct arena *a, const struct wheel_filter *f, struct wheel_occurrence **out,
		   size_t *n, int64_t *total, struct err *e)
{
	struct wheel_filter g = *f;
	const char *subtree;
	char today[11], from[16], to[16];
	int rc = unit_subtree(db, a, f->unit_id, &subtree, e);

	if (rc)
		return rc;
	/* A year (and a month) narrows from and to. */
	if (g.year) {
		int m0 = g.month ? (int)g.month : 1, m1 = g.month ? (int)g.month : 12;
		snprintf(from, sizeof(from), "%04d-%02d-01", (int)g.year, m0);
		snprintf(to, sizeof(to), "%04d-%02d-%02d", (int)g.year, m1, days_in(g.year, m1));
		if (!g.from || strcmp(from, g.from) > 0)
			g.from = from;
		if (!g.to || strcmp(to, g.to) < 0)
			g.to = to;
	}
	if (!g.today) {
		plan_today(today);
		g.today = today;
	}
	return q_wheel_occ_list(db, a, &g, subtree, out, n, total, e);
}

static const char *const occ_conflict_msg = N_(
	"Someone else has changed this occurrence since you opened it. Their version is shown; your changes are kept in the form.");

static int occ_update_in_tx(struct db *db, struct arena *a, const struct auth *auth,
			    const struct wheel_occurrence *before, int64_t version, const char *status,
			    const char *comment, struct wheel_occurrence *current, struct err *e)
{
	struct wheel_occurrence after = *before;
	char now[TIME_ISO_LEN];
	int rc;

	time_now_iso(now);
	if (before->version != version)
		return version_conflict(current, before, sizeof(*before), e, occ_conflict_msg);
	if (activity_status_index(status) < 0)
		return err_set(e, ERR_INVALID, "status",
			       N_("Unknown status: use not_started, started, partly_started, ongoing or done."));
	if ((rc = check_text(e, "comment", comment, 5000, false)))
		return rc;
	rc = q_wheel_occ_update(db, a, before->id, version, status, comment, actor_of(auth).id, now, e);
	if (rc == ERR_CONFLICT)
		return version_lost(current ? q_wheel_occ_get(db, a, before->id, current, e) : 0, e, occ_conflict_msg);
	if (rc)
		return rc;
	after.status = status;
	after.comment = comment;
	after.version = before->version + 1;
	after.updated_at = now;
	return audit_append(db, a, actor_of(auth), "wheel_occurrence", before->id, before->unit_id, "update",
			    occ_json_text(a, before), occ_json_text(a, &after), e);
}

int wheel_occ_update(struct db *db, struct arena *a, const struct auth *auth, const struct wheel_occurrence *before,
		     int64_t version, const char *status, const char *comment, struct wheel_occurrence *current,
		     struct err *e)
{
	int rc = db_begin(db, e);
	if (rc)
		return rc;
	return db_end(db,
		      occ_update_in_tx(db, a, auth, before, version, status ? status : "", text_trimmed(a, comment),
				       current, e),
		      e);
}

/* --- export --- */

enum { W_ID, W_DATE, W_TIME, W_TITLE, W_UNIT, W_RESPONSIBLE, W_STATUS, W_COMMENT, W_OVERDUE, W_ITEM, N_WCOLS };

static void occ_json_at(struct json *j, const void *items, size_t i, const void *ctx)
{
	wheel_occ_json(j, &((const struct wheel_occurrence *)items)[i], ctx);
}

int wheel_export(struct db *db, struct arena *a, const struct wheel_filter *f, enum lang lang,
		 enum export_format format, const char **data, size_t *len, const char **mime, struct err *e)
{
	const struct xlsx_column cols[N_WCOLS] = {
		[W_ID] = { "ID", 8, XLSX_NUMBER },
		[W_DATE] = { tr(lang, "Date"), 12, 0 },
		[W_TIME] = { tr(lang, "Time of day"), 10, 0 },
		[W_TITLE] = { tr(lang, "Recurring activity"), 40, XLSX_WRAP },
		[W_UNIT] = { tr(lang, "Unit"), 24, 0 },
		[W_RESPONSIBLE] = { tr(lang, "Responsible"), 22, 0 },
		[W_STATUS] = { tr(lang, "Status"), 16, 0 },
		[W_COMMENT] = { tr(lang, "Comment"), 40, XLSX_WRAP },
		[W_OVERDUE] = { tr(lang, "Overdue"), 10, 0 },
		[W_ITEM] = { tr(lang, "Recurring activity ID"), 10, XLSX_NUMBER },
	};
	struct wheel_filter all = *f;
	struct wheel_occurrence *list;
	struct export_table t = { 0 };
	const char **cells;
	char today[11];
	size_t n;
	int64_t total = 0;
	int rc;

	all.limit = 10000;
	all.offset = 0;
	if ((rc = wheel_occ_list(db, a, &all, &list, &n, &total, e)) || (rc = export_whole(n, total, all.limit, e)))
		return rc;
	plan_today(today);
	cells = arena_calloc(a, n ? n * N_WCOLS : 1, sizeof(*cells));
	for (size_t i = 0; i < n; i++) {
		const char **row = cells + i * N_WCOLS;
		row[W_ID] = arena_printf(a, "%" PRId64, list[i].id);
		row[W_DATE] = list[i].on_date;
		row[W_TIME] = list[i].time_of_day;
		row[W_TITLE] = list[i].title;
		row[W_UNIT] = list[i].unit_name;
		row[W_RESPONSIBLE] = list[i].responsible_name;
		row[W_STATUS] = tr(lang, activity_status_label(list[i].status));
		row[W_COMMENT] = list[i].comment;
		row[W_OVERDUE] = tr(lang, wheel_occ_overdue(&list[i], today) ? N_("Yes") : N_("No"));
		row[W_ITEM] = arena_printf(a, "%" PRId64, list[i].item_id);
	}
	t.sheet = lang == LANG_EN ? "Annual wheel" : "Årshjul";
	t.cols = cols;
	t.n_cols = N_WCOLS;
	t.cells = cells;
	t.n_rows = n;
	t.json = occ_json_at;
	t.items = list;
	t.ctx = arena_strdup(a, today);
	t.total = total;
	return export_render(a, format, &t, data, len, mime, e);
}

const char *wheel_export_filename(struct arena *a, enum export_format format)
{
	char today[11];
	plan_today(today);
	return arena_printf(a, "arshjul-%s.%s", today, export_format_ext(format));
}

/* --- "Mina uppgifter" --- */

int wheel_tasks(struct db *db, struct arena *a, const struct auth *auth, const char *today, size_t max,
		struct task **out, size_t *n, struct err *e)
{
	struct wheel_filter f;
	struct wheel_occurrence *list;
	time_t t;
	char soon[TIME_ISO_LEN];
	int rc;

	*n = 0;
	if (!auth || !auth->user_id || !time_parse_iso(today, &t)) {
		*out = arena_calloc(a, 1, sizeof(**out));
		return 0;
	}
	time_iso(t + 30 * 86400, soon);
	soon[10] = 0;
	wheel_filter_init(&f);
	f.viewer_id = auth->system ? 0 : auth->user_id;
	f.responsible_id = auth->user_id;
	f.open = true;
	f.to = soon;
	f.today = today;
	f.limit = (int64_t)(max ? max : 1);
	if ((rc = wheel_occ_list(db, a, &f, &list, n, NULL, e)))
		return rc;
	*out = arena_calloc(a, *n ? *n : 1, sizeof(**out));
	for (size_t i = 0; i < *n; i++) {
		struct task *k = &(*out)[i];
		k->kind = "wheel_item";
		k->id = list[i].item_id;
		k->title = list[i].title;
		k->context = arena_printf(a, "%s – %s", tr(auth->lang, "Annual wheel"), list[i].unit_name);
		k->status = activity_status_label(list[i].status);
		k->due = list[i].on_date;
		k->overdue = wheel_occ_overdue(&list[i], today);
	}
	return 0;
}

/* --- calendar feeds --- */

#define CALENDAR_KEY_PREFIX "tcal_"

static const char *key_snapshot(struct arena *a, int64_t user_id, const char *prefix)
{
	struct buf b;
	struct json j;
	buf_init(&b, a);
	json_init(&j, &b);
	json_obj_open(&j);
	json_kv_int(&j, "user_id", user_id);
	json_kv_str(&j, "prefix", prefix);
	json_obj_close(&j);
	return b.data;
}

static int key_create_in_tx(struct db *db, struct arena *a, const struct auth *auth, const char **clear, struct err *e)
{
	const char *key = auth_new_token(a, CALENDAR_KEY_PREFIX);
	const char *prefix = arena_strndup(a, key, strlen(CALENDAR_KEY_PREFIX) + 6);
	const char *old_prefix = NULL, *old_created;
	char now[TIME_ISO_LEN];
	int rc;

	time_now_iso(now);
	rc = q_calendar_key_of(db, a, auth->user_id, &old_prefix, &old_created, e);
	if (rc && rc != ERR_NOTFOUND)
		return rc;
	if ((rc = q_calendar_key_delete(db, a, auth->user_id, e)) ||
	    (rc = q_calendar_key_insert(db, a, auth->user_id, auth_token_hash(a, key), prefix, now, e)) ||
	    (rc = audit_append(db, a, actor_of(auth), "calendar_key", auth->user_id, 0,
			       old_prefix ? "rotate" : "create",
			       old_prefix ? key_snapshot(a, auth->user_id, old_prefix) : NULL,
			       key_snapshot(a, auth->user_id, prefix), e)))
		return rc;
	*clear = key;
	return 0;
}

int calendar_key_create(struct db *db, struct arena *a, const struct auth *auth, const char **clear, struct err *e)
{
	int rc;

	if (!auth || !auth->user_id)
		return err_set(e, ERR_FORBIDDEN, NULL, N_("Only a signed-in user has a calendar feed."));
	if ((rc = db_begin(db, e)))
		return rc;
	return db_end(db, key_create_in_tx(db, a, auth, clear, e), e);
}

static int key_revoke_in_tx(struct db *db, struct arena *a, const struct auth *auth, struct err *e)
{
	const char *prefix, *created;
	int rc = q_calendar_key_of(db, a, auth->user_id, &prefix, &created, e);

	if (rc == ERR_NOTFOUND)
		return 0;
	if (rc || (rc = q_calendar_key_delete(db, a, auth->user_id, e)))
		return rc;
	return audit_append(db, a, actor_of(auth), "calendar_key", auth->user_id, 0, "delete",
			    key_snapshot(a, auth->user_id, prefix), NULL, e);
}

int calendar_key_revoke(struct db *db, struct arena *a, const struct auth *auth, struct err *e)
{
	int rc;

	if (!auth || !auth->user_id)
		return err_set(e, ERR_FORBIDDEN, NULL, N_("Only a signed-in user has a calendar feed."));
	if ((rc = db_begin(db, e)))
		return rc;
	return db_end(db, key_revoke_in_tx(db, a, auth, e), e);
}

int calendar_key_info(struct db *db, struct arena *a, int64_t user_id, const char **prefix, const char **created_at,
		      struct err *e)
{
	return q_calendar_key_of(db, a, user_id, prefix, created_at, e);
}

int calendar_key_auth(struct db *db, struct arena *a, const char *key, struct auth *out, struct err *e)
{
	struct user u;
	int64_t uid;
	int rc;

	if (!key || strncmp(key, CALENDAR_KEY_PREFIX, strlen(CALENDAR_KEY_PREFIX)))
		return err_set(e, ERR_NOTFOUND, NULL, N_("There is no page at this address."));
	rc = q_calendar_key_user(db, a, auth_token_hash(a, key), &uid, e);
	if (rc == ERR_NOTFOUND || (!rc && (rc = user_get(db, a, uid, &u, e)) == 0 && !u.active))
		return err_set(e, ERR_NOTFOUND, NULL, N_("There is no page at this address."));
	if (rc)
		return rc;
	*out = (struct auth){ 0 };
	out->user_id = u.id;
	out->username = u.username;
	out->display_name = u.display_name;
	out->lang = u.lang && !strcmp(u.lang, "en") ? LANG_EN : LANG_SV;
	return auth_load_grants(db, a, out, e);
}

/* "YYYY-MM-DDTHH:MM" one hour after @date @hhmm, as a calendar on the wall counts it. */
static const char *hour_later(struct arena *a, const char *date, const char *hhmm)
{
	time_t t;
	char iso[TIME_ISO_LEN];
	if (!time_parse_iso(arena_printf(a, "%sT%s:00Z", date, hhmm), &t))
		return NULL;
	time_iso(t + 3600, iso);
	return arena_strndup(a, iso, 16);
}

static const char *day_after(struct arena *a, const char *date)
{
	time_t t;
	char iso[TIME_ISO_LEN];
	if (!time_parse_iso(date, &t))
		return NULL;
	time_iso(t + 86400, iso);
	return arena_strndup(a, iso, 10);
}

int wheel_feed(struct db *db, struct arena *a, const struct auth *viewer, int64_t unit_id, enum lang lang,
	       const char **ics, size_t *len, struct err *e)
{
	struct wheel_filter f;
	struct wheel_occurrence *list;
	struct ics_event *ev;
	struct ics_calendar cal = { 0 };
	char today[11], from[24], to[24];
	int64_t year;
	size_t n;
	int rc;

	plan_today(today);
	str_to_i64(arena_strndup(a, today, 4), &year);
	snprintf(from, sizeof(from), "%04d-01-01", (int)year - 1);
	snprintf(to, sizeof(to), "%04d-12-31", (int)year + 1);
	wheel_filter_init(&f);
	f.viewer_id = viewer->user_id;
	f.from = from;
	f.to = to;
	f.limit = 10000;
	if (unit_id) {
		struct unit u;
		rc = q_unit_get(db, a, unit_id, &u, e);
		if (rc == ERR_NOTFOUND || (!rc && !authz_in_scope(viewer, ACCESS_READ, u.path)))
			return err_set(e, ERR_NOTFOUND, NULL, N_("There is no page at this address."));
		if (rc)
			return rc;
		f.unit_id = unit_id;
		cal.name = arena_printf(a, "Tillit – %s – %s", tr(lang, "Annual wheel"), u.name);
	} else {
		f.responsible_id = viewer->user_id;
		cal.name = arena_printf(a, "Tillit – %s – %s", tr(lang, "Annual wheel"), viewer->display_name);
	}
	if ((rc = wheel_occ_list(db, a, &f, &list, &n, NULL, e)))
		return rc;
	ev = arena_calloc(a, n ? n : 1, sizeof(*ev));
	for (size_t i = 0; i < n; i++) {
		const struct wheel_occurrence *o = &list[i];
		struct buf d;
		buf_init(&d, a);
		buf_addf(&d, "%s: %s", tr(lang, "Status"), tr(lang, activity_status_label(o->status)));
		if (o->comment && *o->comment)
			buf_addf(&d, ". %s", o->comment);
		buf_addf(&d, "\n%s: %s", tr(lang, "Unit"), o->unit_name);
		if (o->responsible_name)
			buf_addf(&d, "\n%s: %s", tr(lang, "Responsible"), o->responsible_name);
		if (o->description && *o->description)
			buf_addf(&d, "\n\n%s", o->description);
		ev[i].uid = arena_printf(a, "wheel-occurrence-%" PRId64 "@tillit", o->id);
		ev[i].summary = o->title;
		ev[i].description = d.data;
		if (o->time_of_day && *o->time_of_day) {
			ev[i].start = arena_printf(a, "%sT%s", o->on_date, o->time_of_day);
			ev[i].end = hour_later(a, o->on_date, o->time_of_day);
		} else {
			ev[i].start = o->on_date;
			ev[i].end = day_after(a, o->on_date);
		}
		ev[i].status = ICS_CONFIRMED;
	}
	return ics_write(a, &cal, ev, n, ics, len, e);
}
