/*
 * fx_intcontrol.h - one internal control round for the tests: a plan of
 * 2026 for a unit, a process selected for control, a sample-check control
 * point reported per tertial, its result for 2026-T1 with two records
 * checked (the second not in order), and a deviation found in it.
 */
#ifndef TILLIT_TEST_FX_INTCONTROL_H
#define TILLIT_TEST_FX_INTCONTROL_H

#include <stdint.h>

struct arena;
struct db;

struct fx_ic {
	int64_t plan, process, point, result, deviation;
};

/**
 * Make the round in @unit as the system, @responsible (0: nobody)
 * answering for the control point; every text written is @text. Fails the
 * test when anything is refused.
 */
void fx_intcontrol_round(struct db *db, struct arena *a, int64_t unit, int64_t responsible, const char *text,
			 struct fx_ic *out);

#endif
