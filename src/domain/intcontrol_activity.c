/*
 * intcontrol_activity.c - a deviation's remedy as an action-plan activity,
 * and the deviation as a kind of record an activity addresses.
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

int intcontrol_deviation_to_activity(struct db *db, struct arena *a, const struct auth *auth, enum lang lang,
				     const struct ic_deviation *before, int64_t version, int64_t *id_out, struct err *e)
{
	(void)db, (void)a, (void)auth, (void)lang, (void)before, (void)version, (void)id_out;
	return err_set(e, ERR_INVALID, "remedy", N_("Write the remedy before making it an activity."));
}
