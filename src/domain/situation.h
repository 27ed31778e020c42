/*
 * situation.h - the organisation-wide picture (lägesbild): a unit and each
 * unit below it side by side with its maturity level and key figures at a
 * date, and the unit's trend over the last five years (level and figures at
 * each year's end, the chosen date for its own year).
 *
 * Everything is read from history, so the picture can be drawn at any past
 * date; a date before the installation's first record is answered and
 * marked as such.
 */
#ifndef TILLIT_DOMAIN_SITUATION_H
#define TILLIT_DOMAIN_SITUATION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "db/q_unit.h"
#include "domain/figures.h"

struct arena;
struct auth;
struct db;
struct err;

#define SITUATION_YEARS     5
#define SITUATION_MAX_UNITS 200

struct situation_row {
	int64_t unit_id;
	const char *unit_name;
	int64_t level; /* -1: no self-assessment that year */
	struct key_figure_set figs;
};

struct situation_year {
	int64_t year;
	int64_t level; /* -1: none */
	struct key_figure_set figs;
};

struct situation {
	const char *date; /* YYYY-MM-DD */
	int64_t year;
	bool before_data;
	struct situation_row self;
	struct situation_row *rows; /* the units directly below, each over its subtree */
	size_t n_rows;
	struct situation_year years[SITUATION_YEARS]; /* oldest first */
};

/**
 * The picture of unit @u (as read in scope) at the end of @date (NULL:
 * today), the units below it among those @auth sees. ERR_INVALID naming
 * date for a bad or future date. Lives in @a.
 */
int situation_build(struct db *db, struct arena *a, const struct auth *auth, const struct unit *u, const char *date,
		    struct situation *out, struct err *e);

#endif
