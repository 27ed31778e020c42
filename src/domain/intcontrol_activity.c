/*
 * intcontrol_activity.c - a deviation's remedy as an action-plan activity,
 * and the deviation as a kind of record an activity addresses.
 *
 * The activity is made by the action plans' own mechanism
 * (activity_create_linked_in_tx(): this year's plan and the area made when
 * missing, the link kind "intcontrol_deviation" registered in
 * activity_link_kinds[]), in the same transaction that records it on the
 * deviation with the deviation's version checked.
 */
#include <inttypes.h>
#include <string.h>

#include "core/arena.h"
#include "core/err.h"
#include "core/str.h"
#include "core/timeutil.h"
#include "db/db.h"
#include "domain/activity.h"
#include "domain/audit.h"
#include "domain/intcontrol.h"

int intcontrol_deviation_target(struct db *db, struct arena *a, int64_t id, struct activity_target *out, struct err *e)
{
	struct ic_deviation d;
	int rc = q_ic_deviation_get(db, a, id, &d, e);
	if (rc)
		return rc;
	out->label = d.description;
	out->unit_id = d.unit_id;
	out->unit_path = d.unit_path;
	return 0;
}

/* The first line of @s, at most 200 characters (ending in "…" when cut). */
static const char *title_of(struct arena *a, const char *s)
{
	size_t len = strcspn(s, "\r\n");
	char *t = arena_strndup(a, s, len);
	if (str_utf8_len(t) <= 200)
		return t;
	size_t cut = 0, chars = 0;
	while (t[cut] && chars < 199) {
		cut++;
		while ((t[cut] & 0xC0) == 0x80)
			cut++;
		chars++;
	}
	return arena_printf(a, "%.*s…", (int)cut, t);
}

static int to_activity_in_tx(struct db *db, struct arena *a, const struct auth *auth, enum lang lang,
			     const struct ic_deviation *before, int64_t version, int64_t *id_out, struct err *e)
{
	struct activity_input in = { 0 };
	struct ic_deviation after = *before;
	char now[TIME_ISO_LEN];
	int64_t activity = 0;
	int rc;

	time_now_iso(now);
	if (before->version != version)
		return err_set(
			e, ERR_CONFLICT, "version",
			N_("Someone else has changed this since you opened it. Their version is shown; your changes are kept in the form."));
	if (before->activity_id)
		return err_set(e, ERR_EXISTS, "activity_id",
			       N_("The remedy is an activity of the action plan already."));
	if (!before->remedy || !*before->remedy)
		return err_set(e, ERR_INVALID, "remedy", N_("Write the remedy before making it an activity."));
	in.title = title_of(a, before->remedy);
	in.purpose = arena_printf(a, "%s: %s (%s).\n\n%s: %s\n\n%s: %s", tr(lang, "Control point"), before->point_title,
				  ic_period_label(a, lang, before->period_kind, before->plan_year, before->period_no),
				  tr(lang, "Deviation"), before->description, tr(lang, "Remedy"), before->remedy);
	in.responsible_id = before->responsible_id;
	in.due_date = before->due;
	in.status = "not_started";
	if ((rc = activity_create_linked_in_tx(db, a, auth, before->unit_id, tr(lang, "Internal control"), &in,
					       "intcontrol_deviation", before->id, &activity, e)))
		return rc;
	rc = q_ic_deviation_set_activity(db, a, before->id, version, activity, now, e);
	if (rc == ERR_CONFLICT)
		return err_set(
			e, ERR_CONFLICT, "version",
			N_("Someone else has changed this since you opened it. Their version is shown; your changes are kept in the form."));
	if (rc)
		return rc;
	after.activity_id = activity;
	after.version = version + 1;
	after.updated_at = now;
	if ((rc = audit_append(db, a, actor_of(auth), "intcontrol_deviation", before->id, before->unit_id, "update",
			       intcontrol_deviation_json_text(a, before), intcontrol_deviation_json_text(a, &after),
			       e)))
		return rc;
	if (id_out)
		*id_out = activity;
	return 0;
}

int intcontrol_deviation_to_activity(struct db *db, struct arena *a, const struct auth *auth, enum lang lang,
				     const struct ic_deviation *before, int64_t version, int64_t *id_out, struct err *e)
{
	int rc;

	/* Who may report the control point may carry out its remedy in the unit's action plan. */
	if (!authz_may_reference(auth, ACCESS_OWN, before->unit_path, before->responsible_id))
		return err_set(e, ERR_FORBIDDEN, "unit_id",
			       N_("Your roles do not let you add activities to this unit."));
	if ((rc = db_begin(db, e)))
		return rc;
	return db_end(db, to_activity_in_tx(db, a, auth, lang, before, version, id_out, e), e);
}
