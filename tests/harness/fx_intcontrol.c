/*
 * fx_intcontrol.c - one internal control round for the tests (see
 * fx_intcontrol.h).
 */
#include "fx_intcontrol.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>

#include "core/err.h"
#include "core/i18n.h"
#include "domain/intcontrol.h"
#include "fixtures.h"

void fx_intcontrol_round(struct db *db, struct arena *a, int64_t unit, int64_t responsible, const char *text,
			 struct fx_ic *out)
{
	const struct auth *act = &fx_system;
	struct ic_plan p;
	struct ic_point k;
	struct ic_result x;
	struct err e = { 0 };
	struct ic_plan_input pi = { unit, 2026, text, "2026-01-20" };
	struct ic_process_input ci = { text, text, 3, 3, "selected", text };
	struct ic_sample s[2] = { { text, true, text }, { "Post 2", false, "" } };
	struct ic_result_input ri = {
		.period = "2026-T1", .checked_on = "2026-04-20", .conclusion = text, .samples = s, .n_samples = 2
	};
	struct ic_deviation_input di = { text, text, text, "2026-09-30", "open" };

	if (intcontrol_plan_create(db, a, act, LANG_SV, &pi, &out->plan, &e) ||
	    intcontrol_plan_get(db, a, out->plan, &p, &e) ||
	    intcontrol_process_create(db, a, act, &p, &ci, &out->process, &e))
		fail_msg("internal control plan: %s %s", e.field, e.msgid);
	struct ic_point_input ki = { .process_id = out->process,
				     .title = text,
				     .method = "sample",
				     .sample_size = 5,
				     .population = 50,
				     .frequency = "period",
				     .period_kind = "tertial",
				     .responsible_id = responsible,
				     .responsible_unit_id = unit };
	if (intcontrol_point_create(db, a, act, &p, &ki, &out->point, &e) ||
	    intcontrol_point_get(db, a, out->point, &k, &e) ||
	    intcontrol_result_create(db, a, act, &k, &ri, &out->result, &e) ||
	    intcontrol_result_get(db, a, out->result, &x, &e) ||
	    intcontrol_deviation_create(db, a, act, &x, &di, &out->deviation, &e))
		fail_msg("internal control round: %s %s", e.field, e.msgid);
}
