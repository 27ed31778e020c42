/*
 * training_io.c - the import of completions (see training_io.h), in the
 * shape of the asset import (asset_io.c): map the header, check every row
 * into a list of problems, save all rows in one transaction or none.
 */
#include "domain/training_io.h"

#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/i18n.h"
#include "core/str.h"
#include "core/strmap.h"
#include "core/timeutil.h"
#include "db/db.h"
#include "domain/audit.h"
#include "domain/authz.h"
#include "domain/csvimport.h"
#include "domain/training.h"
#include "domain/unit.h"
#include "domain/user.h"
#include "io/csvread.h"

enum col { COL_FILE = -1, COL_COURSE, COL_PERSON, COL_DATE, COL_UNIT, COL_COUNT };

const struct import_column training_import_columns[TRAINING_IMPORT_COLUMNS] = {
	[COL_COURSE] = { "course", "Kurs", "Course", true, N_("The course's title, exactly as in Tillit.") },
	[COL_PERSON] = { "person", "Person", "Person", true,
			 N_("The person's user name or e-mail address in Tillit.") },
	[COL_DATE] = { "date", "Datum", "Date", true, N_("The day it was completed, YYYY-MM-DD, not in the future.") },
	[COL_UNIT] = { "unit", "Enhet", "Unit", false,
		       N_("The unit's short code or name; empty: the unit of the person's first role.") },
};
_Static_assert(COL_COUNT == TRAINING_IMPORT_COLUMNS, "one entry per column");

struct importer {
	struct db *db;
	struct arena *a;
	const struct auth *auth;
	const char *today;
	struct training_import *out;
	const struct csv_table *t;
	int col[COL_COUNT];
	struct strmap courses; /* folded title -> struct course */
	struct strmap people;  /* folded name -> int64_t[2] (user id, unit id of the first role) */
	struct strmap units;   /* folded code or name -> struct unit */
};

static void add_problem(struct importer *im, size_t line, enum col c, const char *msgid, const char *arg)
{
	import_problem_add(im->a, &im->out->problems, line, c == COL_FILE ? NULL : training_import_columns[c].key,
			   c != COL_FILE && im->col[c] >= 0 ? im->t->header.cells[im->col[c]] : NULL, msgid, arg);
}

static int load(struct importer *im, struct err *e)
{
	struct course *cs;
	struct unit_filter uf = { 0 };
	size_t n;
	int rc;

	strmap_init(&im->courses, im->a);
	strmap_init(&im->people, im->a);
	strmap_init(&im->units, im->a);
	if ((rc = course_list(im->db, im->a, &cs, &n, e)))
		return rc;
	for (size_t i = 0; i < n; i++)
		strmap_put(&im->courses, import_key(im->a, cs[i].title), &cs[i]);
	uf.viewer_id = im->auth && !im->auth->system ? im->auth->user_id : 0;
	uf.limit = 1000;
	for (;;) {
		struct unit *u;
		int64_t total;
		if ((rc = unit_list(im->db, im->a, &uf, &u, &n, &total, e)))
			return rc;
		for (size_t i = 0; i < n; i++) {
			if (u[i].code && *u[i].code)
				strmap_put(&im->units, import_key(im->a, u[i].code), &u[i]);
			if (!strmap_has(&im->units, import_key(im->a, u[i].name)))
				strmap_put(&im->units, import_key(im->a, u[i].name), &u[i]);
		}
		uf.offset += (int64_t)n;
		if (n < (size_t)uf.limit || uf.offset >= total)
			return 0;
	}
}

/* The person named @value (user name, as written or in small letters, or e-mail address): ids[0] the user, ids[1] the unit of their first role. */
static const int64_t *person(struct importer *im, const char *value, struct err *e)
{
	const char *k = import_key(im->a, value);
	int64_t *ids = strmap_get(&im->people, k);
	struct user u;
	struct role_grant *g;
	size_t n;

	if (ids)
		return ids[0] ? ids : NULL;
	ids = arena_calloc(im->a, 2, sizeof(*ids));
	strmap_put(&im->people, k, ids);
	if (user_get_by_username(im->db, im->a, str_trim(arena_strdup(im->a, value)), &u, e) == 0 ||
	    user_get_by_username(im->db, im->a, k, &u, e) == 0) {
		ids[0] = u.id;
	} else if (strchr(value, '@')) {
		struct user_filter f = { 0 };
		struct user *list;
		f.q = str_trim(arena_strdup(im->a, value));
		f.active = -1;
		f.limit = 100;
		if (user_list(im->db, im->a, &f, &list, &n, NULL, e) == 0)
			for (size_t i = 0; i < n; i++)
				if (!strcmp(import_key(im->a, list[i].email), k))
					ids[0] = list[i].id;
	}
	err_clear(e);
	if (ids[0] && user_grants(im->db, im->a, ids[0], &g, &n, e) == 0)
		for (size_t i = 0; i < n && !ids[1]; i++)
			ids[1] = g[i].unit_id;
	err_clear(e);
	return ids[0] ? ids : NULL;
}

static void check_row(struct importer *im, size_t k, const struct csv_row *row, struct err *e)
{
	struct training_completion_input *in = &im->out->rows[k];
	const char *course = csv_cell(row, im->col[COL_COURSE]), *who = csv_cell(row, im->col[COL_PERSON]);
	const char *date = csv_cell(row, im->col[COL_DATE]), *unit = csv_cell(row, im->col[COL_UNIT]);
	const struct course *c;
	const int64_t *ids = NULL;
	size_t before = im->out->problems.n;

	in->source = "import";
	if (!*course)
		add_problem(im, row->line, COL_COURSE, N_("This field is required."), NULL);
	else if (!(c = strmap_get(&im->courses, import_key(im->a, course))))
		add_problem(im, row->line, COL_COURSE, N_("There is no course %s in Tillit."), course);
	else
		in->course_id = c->id;
	if (!*who)
		add_problem(im, row->line, COL_PERSON, N_("This field is required."), NULL);
	else if (!(ids = person(im, who, e)))
		add_problem(im, row->line, COL_PERSON,
			    N_("There is no person %s in Tillit (give the user name or e-mail address)."), who);
	else
		in->user_id = ids[0];
	if (!time_valid_date(date))
		add_problem(im, row->line, COL_DATE, N_("Give the date as YYYY-MM-DD."), NULL);
	else if (strcmp(date, im->today) > 0)
		add_problem(im, row->line, COL_DATE, N_("A completion cannot be dated in the future."), NULL);
	else
		in->completed_on = date;
	if (*unit) {
		const struct unit *u = strmap_get(&im->units, import_key(im->a, unit));
		if (!u)
			add_problem(im, row->line, COL_UNIT,
				    N_("There is no unit %s among the units you see (give its short code or name)."),
				    unit);
		else if (im->auth && !authz_in_scope(im->auth, ACCESS_EDIT, u->path))
			add_problem(im, row->line, COL_UNIT, N_("You may not record training in the unit %s."), unit);
		else
			in->unit_id = u->id;
	} else if (ids && ids[1]) {
		in->unit_id = ids[1];
	} else if (ids) {
		add_problem(im, row->line, COL_UNIT, N_("The person has no role in a unit: give the unit."), NULL);
	}
	if (im->out->problems.n > before)
		im->out->problems.n_bad_rows++;
}

static int prepare(void *ctx, const struct csv_table *t, struct err *e)
{
	struct importer *im = ctx;

	im->t = t;
	im->out->rows = arena_calloc(im->a, t->n_rows, sizeof(*im->out->rows));
	im->out->lines = arena_calloc(im->a, t->n_rows, sizeof(*im->out->lines));
	im->out->n_rows = t->n_rows;
	return load(im, e);
}

static int check(void *ctx, size_t i, const struct csv_row *row, struct err *e)
{
	struct importer *im = ctx;

	(void)e;
	im->out->lines[i] = row->line;
	check_row(im, i, row, e);
	return 0;
}

static int save(void *ctx, size_t *line, struct err *e)
{
	struct importer *im = ctx;
	int rc = db_begin(im->db, e);
	if (rc)
		return rc;
	for (size_t i = 0; i < im->out->n_rows && !rc; i++) {
		bool exists = false;
		*line = im->out->lines[i];
		rc = q_training_completion_exists(im->db, im->a, im->out->rows[i].course_id, im->out->rows[i].user_id,
						  im->out->rows[i].completed_on, &exists, e);
		if (rc || exists) {
			im->out->n_already += exists;
			continue;
		}
		rc = training_completion_record_in_tx(im->db, im->a, im->auth, &im->out->rows[i], im->today, NULL, e);
	}
	return db_end(im->db, rc, e);
}

static const struct import_steps steps = {
	training_import_columns, COL_COUNT, TRAINING_IMPORT_MAX_ROWS, prepare, check, save,
};

int training_import(struct db *db, struct arena *a, const struct auth *auth, const char *data, size_t len, bool dry_run,
		    const char *today, struct training_import *out, struct err *e)
{
	struct importer im = { 0 };
	struct import_result res;
	char day[TIME_ISO_LEN];
	int rc;

	memset(out, 0, sizeof(*out));
	if (!today) {
		time_now_iso(day);
		day[10] = 0;
		today = day;
	}
	im.db = db;
	im.a = a;
	im.auth = auth;
	im.today = today;
	im.out = out;
	rc = import_run(a, &steps, &im, im.col, data, len, dry_run, &out->problems, &res, e);
	out->encoding = res.encoding;
	out->imported = res.imported;
	if (!res.n_rows)
		out->n_rows = 0;
	return rc;
}

int training_import_run(struct db *db, struct arena *a, const struct auth *auth, const char *data, size_t len,
			bool dry_run, struct import_outcome *out, struct err *e)
{
	struct training_import *res = arena_calloc(a, 1, sizeof(*res));
	int rc = training_import(db, a, auth, data, len, dry_run, NULL, res, e);

	*out = (struct import_outcome){
		&res->problems,     res->n_rows,
		res->encoding,      res->imported,
		"already_recorded", N_("Of them, %s were already recorded and were not recorded again."),
		res->n_already
	};
	return rc;
}
