/*
 * directory.c - the staff-directory import: check every row, then apply
 * the changes in one transaction.
 */
#include "domain/directory.h"

#include <string.h>

#include "core/arena.h"
#include "core/str.h"
#include "core/strmap.h"
#include "core/timeutil.h"
#include "db/db.h"
#include "db/q_signin.h"
#include "domain/audit.h"
#include "domain/auth.h"
#include "domain/user.h"
#include "domain/validate.h"
#include "io/csvread.h"

enum col { COL_ID, COL_NAME, COL_EMAIL, COL_UNIT, COL_ACTIVE, N_COLS };

static const struct {
	const char *key, *sv, *alias;
	bool required;
} columns[N_COLS] = {
	{ "identifier", "identitet", "id", true }, { "name", "namn", NULL, true },
	{ "email", "e-post", "epost", false },     { "unit", "enhet", "unit code", false },
	{ "active", "aktiv", NULL, true },
};

/* A row as the file gives it, checked. */
struct row {
	size_t line;
	const char *id, *name, *email;
	int64_t unit_id;
	bool active;
	bool seen_in_db;
};

struct importer {
	struct arena *a;
	struct directory_import *out;
	const struct csv_table *t;
	int col[N_COLS];
	size_t cap_problems, cap_changes;
	size_t last_bad_line;
};

static void add_problem(struct importer *im, size_t line, enum col c, const char *msgid, const char *arg)
{
	struct directory_problem *p;

	ARENA_ROOM(im->a, im->out->problems, im->out->n_problems, 1, im->cap_problems, 16);
	p = &im->out->problems[im->out->n_problems++];
	p->line = line;
	p->field = c == N_COLS ? "file" : columns[c].key;
	p->column = c != N_COLS && im->col[c] >= 0 ? im->t->header.cells[im->col[c]] : NULL;
	if (arg)
		err_set1(&p->err, ERR_INVALID, p->field, msgid, arg);
	else
		err_set(&p->err, ERR_INVALID, p->field, msgid);
	if (line && line != im->last_bad_line) {
		im->out->n_bad_rows++;
		im->last_bad_line = line;
	}
}

static void add_change(struct importer *im, enum directory_change_kind k, size_t line, const char *id, const char *name)
{
	ARENA_ROOM(im->a, im->out->changes, im->out->n_changes, 1, im->cap_changes, 32);
	im->out->changes[im->out->n_changes++] = (struct directory_change){ k, line, id, name };
}

const char *directory_change_label(enum directory_change_kind k)
{
	switch (k) {
	case DIR_NEW:
		return N_("New account");
	case DIR_UPDATED:
		return N_("Name or e-mail changed");
	case DIR_MOVED:
		return N_("Moved to another unit");
	case DIR_LEFT:
		return N_("Left: deactivated");
	case DIR_RETURNED:
		return N_("Back: activated again");
	}
	return "";
}

static const char *cell(const struct importer *im, const struct csv_row *r, enum col c)
{
	return im->col[c] >= 0 ? csv_cell(r, im->col[c]) : "";
}

static int parse_active(const char *s, bool *out)
{
	static const char *const yes[] = { "ja", "yes", "1", "true", "aktiv", "active" };
	static const char *const no[] = { "nej", "no", "0", "false", "inaktiv", "inactive" };
	for (size_t i = 0; i < sizeof(yes) / sizeof(yes[0]); i++) {
		if (!strcasecmp(s, yes[i])) {
			*out = true;
			return 0;
		}
		if (!strcasecmp(s, no[i])) {
			*out = false;
			return 0;
		}
	}
	return -1;
}

static void check_row(struct importer *im, const struct csv_row *r, struct strmap *units, struct strmap *seen,
		      struct row *out)
{
	const char *unit = cell(im, r, COL_UNIT);
	struct err ce = { 0 };

	out->line = r->line;
	out->id = cell(im, r, COL_ID);
	out->name = cell(im, r, COL_NAME);
	out->email = cell(im, r, COL_EMAIL);
	if (!*out->id)
		add_problem(im, r->line, COL_ID, N_("This field is required."), NULL);
	else if (strlen(out->id) > 200 || check_text(&ce, "identifier", out->id, 200, true))
		add_problem(im, r->line, COL_ID, N_("An identifier has at most 200 characters."), NULL);
	else if (strmap_has(seen, out->id))
		add_problem(im, r->line, COL_ID, N_("The identifier %s is on an earlier line of the file too."),
			    out->id);
	else
		strmap_put(seen, out->id, out);
	if (!*out->name)
		add_problem(im, r->line, COL_NAME, N_("This field is required."), NULL);
	else if (check_text(&ce, "name", out->name, 200, true))
		add_problem(im, r->line, COL_NAME, N_("A name has at most 200 characters."), NULL);
	if (*out->email && (!strchr(out->email, '@') || strlen(out->email) > 254))
		add_problem(im, r->line, COL_EMAIL, N_("Enter an e-mail address such as name@example.se."), NULL);
	if (*unit) {
		int64_t *id = strmap_get(units, unit);
		if (!id)
			add_problem(im, r->line, COL_UNIT, N_("No unit has the short code %s."), unit);
		else
			out->unit_id = *id;
	}
	if (parse_active(cell(im, r, COL_ACTIVE), &out->active))
		add_problem(im, r->line, COL_ACTIVE, N_("Write ja or nej (yes or no), not %s."),
			    cell(im, r, COL_ACTIVE));
}

static void map_columns(struct importer *im)
{
	for (int c = 0; c < N_COLS; c++) {
		im->col[c] = csv_column(im->t, columns[c].key);
		if (im->col[c] < 0)
			im->col[c] = csv_column(im->t, columns[c].sv);
		if (im->col[c] < 0 && columns[c].alias)
			im->col[c] = csv_column(im->t, columns[c].alias);
		if (im->col[c] < 0 && columns[c].required)
			add_problem(im, 0, N_COLS, N_("The file has no column %s."), columns[c].key);
	}
}

struct plan {
	struct row *rows;
	size_t n;
	struct directory_link *links;
	size_t n_links;
	struct strmap by_id; /* identifier -> struct directory_link */
};

static int apply_row(struct db *db, struct arena *a, const struct auth *auth, struct importer *im, const struct row *r,
		     const struct directory_link *l, bool write, struct err *e)
{
	char now[TIME_ISO_LEN];
	int rc;

	time_now_iso(now);
	if (!l) {
		struct user_input in = { 0 };
		int64_t uid;
		if (!r->active) {
			im->out->n_unchanged++;
			return 0;
		}
		add_change(im, DIR_NEW, r->line, r->id, r->name);
		if (!write)
			return 0;
		in.username = user_name_from(a, r->id);
		in.display_name = r->name;
		in.email = r->email;
		in.lang = "sv";
		in.active = true;
		if ((rc = user_create_in_tx(db, a, auth, &in, auth_new_token(a, ""), &uid, e)))
			return rc;
		return q_directory_set(db, a, uid, r->id, r->unit_id, now, e);
	}
	{
		bool named = strcmp(l->display_name, r->name) != 0 || strcmp(l->email, r->email) != 0;
		bool moved = l->unit_id != r->unit_id;
		bool flips = l->active != r->active;
		struct user before = { 0 };

		if (flips)
			add_change(im, r->active ? DIR_RETURNED : DIR_LEFT, r->line, r->id, r->name);
		if (named)
			add_change(im, DIR_UPDATED, r->line, r->id, r->name);
		if (moved)
			add_change(im, DIR_MOVED, r->line, r->id, r->name);
		if (!named && !moved && !flips)
			im->out->n_unchanged++;
		if (!write)
			return 0;
		if (named || flips) {
			struct user_input in;
			if ((rc = user_get(db, a, l->user_id, &before, e)))
				return rc;
			in = user_input_of(&before);
			in.display_name = r->name;
			in.email = r->email;
			in.active = r->active;
			if ((rc = user_update_in_tx(db, a, auth, &before, &in, e)))
				return rc;
		}
		if (moved) {
			if ((rc = q_directory_set(db, a, l->user_id, r->id, r->unit_id, now, e)) ||
			    (rc = audit_append(db, a, actor_of(auth), "user", l->user_id, r->unit_id, "directory_unit",
					       NULL, NULL, e)))
				return rc;
		}
		return 0;
	}
}

/* Everyone linked to the directory and not in the file has left. */
static int apply_absent(struct db *db, struct arena *a, const struct auth *auth, struct importer *im,
			const struct plan *pl, struct strmap *seen, bool write, struct err *e)
{
	int rc;
	for (size_t i = 0; i < pl->n_links; i++) {
		const struct directory_link *l = &pl->links[i];
		struct user before;
		struct user_input in;

		if (strmap_has(seen, l->external_id) || !l->active)
			continue;
		add_change(im, DIR_LEFT, 0, l->external_id, l->display_name);
		if (!write)
			continue;
		if ((rc = user_get(db, a, l->user_id, &before, e)))
			return rc;
		in = user_input_of(&before);
		in.active = false;
		if ((rc = user_update_in_tx(db, a, auth, &before, &in, e)))
			return rc;
	}
	return 0;
}

static int apply_all(struct db *db, struct arena *a, const struct auth *auth, struct importer *im,
		     const struct plan *pl, struct strmap *seen, bool write, struct err *e)
{
	int rc = 0;
	for (size_t i = 0; !rc && i < pl->n; i++)
		rc = apply_row(db, a, auth, im, &pl->rows[i], strmap_get(&pl->by_id, pl->rows[i].id), write, e);
	return rc ? rc : apply_absent(db, a, auth, im, pl, seen, write, e);
}

int directory_import(struct db *db, struct arena *a, const struct auth *auth, const char *data, size_t len,
		     bool dry_run, struct directory_import *out, struct err *e)
{
	struct importer im = { .a = a, .out = out };
	struct csv_table t;
	struct plan pl = { 0 };
	struct strmap units, seen;
	const char **codes;
	int64_t *ids;
	size_t n_codes;
	int rc;

	memset(out, 0, sizeof(*out));
	for (int c = 0; c < N_COLS; c++)
		im.col[c] = -1;
	if ((rc = csv_read(a, data, len, DIRECTORY_MAX_ROWS, &t, e))) {
		if (rc != ERR_INVALID)
			return rc;
		im.t = &t;
		add_problem(&im, 0, N_COLS, e->msgid, e->arg[0] ? e->arg : NULL);
		memset(e, 0, sizeof(*e));
		return 0;
	}
	im.t = &t;
	out->encoding = t.encoding;
	out->n_rows = t.n_rows;
	map_columns(&im);
	if (out->n_problems)
		return 0;
	if ((rc = q_directory_unit_codes(db, a, &codes, &ids, &n_codes, e)) ||
	    (rc = q_directory_list(db, a, &pl.links, &pl.n_links, e)))
		return rc;
	strmap_init(&units, a);
	for (size_t i = 0; i < n_codes; i++)
		strmap_put(&units, codes[i], &ids[i]);
	strmap_init(&pl.by_id, a);
	for (size_t i = 0; i < pl.n_links; i++)
		strmap_put(&pl.by_id, pl.links[i].external_id, &pl.links[i]);
	strmap_init(&seen, a);
	pl.rows = arena_calloc(a, t.n_rows ? t.n_rows : 1, sizeof(*pl.rows));
	pl.n = t.n_rows;
	for (size_t i = 0; i < t.n_rows; i++)
		check_row(&im, &t.rows[i], &units, &seen, &pl.rows[i]);
	if (out->n_problems)
		return 0;
	if (dry_run)
		return apply_all(db, a, auth, &im, &pl, &seen, false, e);
	if ((rc = db_begin(db, e)))
		return rc;
	rc = apply_all(db, a, auth, &im, &pl, &seen, true, e);
	if (rc == ERR_INVALID || rc == ERR_EXISTS) {
		/* A row the checks let through but the accounts refuse (a user name taken, the last administrator). */
		db_end(db, rc, e);
		add_problem(&im, 0, N_COLS, e->msgid, e->arg[0] ? e->arg : NULL);
		memset(e, 0, sizeof(*e));
		out->n_changes = 0;
		return 0;
	}
	if ((rc = db_end(db, rc, e)))
		return rc;
	out->imported = true;
	return 0;
}
