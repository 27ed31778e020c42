/*
 * classify_import.c - classifications from earlier records (see
 * classify_import.h): map the header, check every row into a list of
 * problems, save all rows in one transaction or none.
 */
#include "domain/classify_import.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/i18n.h"
#include "core/json.h"
#include "core/str.h"
#include "core/strmap.h"
#include "core/timeutil.h"
#include "db/db.h"
#include "domain/asset.h"
#include "domain/audit.h"
#include "domain/authz.h"
#include "domain/classify.h"
#include "domain/figures.h"
#include "domain/unit.h"
#include "io/csvread.h"

enum col { COL_ASSET, COL_SIGNED_ON, COL_SIGNED_BY, COL_LEVEL, COL_COUNT = COL_LEVEL + CLASS_N_ASPECTS };
_Static_assert(COL_COUNT == CLASS_IMPORT_COLUMNS, "one entry per column");

const struct import_column classify_import_columns[CLASS_IMPORT_COLUMNS] = {
	[COL_ASSET] = { "asset", "Tillgång", "Asset", true,
			N_("The asset's number in Tillit, or its name when only one asset you may edit has it.") },
	[COL_SIGNED_ON] = { "signed_on", "Signerad", "Signed", true,
			    N_("The day the classification was signed, YYYY-MM-DD, before today.") },
	[COL_SIGNED_BY] = { "signed_by", "Signerad av", "Signed by", true,
			    N_("The name of the person who signed it, as the earlier records give it.") },
	[COL_LEVEL + 0] = { "confidentiality", "Konfidentialitet", "Confidentiality", true,
			    N_("The level: its number or its name in the organisation's model.") },
	[COL_LEVEL + 1] = { "integrity", "Riktighet", "Integrity", true,
			    N_("The level: its number or its name in the organisation's model.") },
	[COL_LEVEL + 2] = { "availability", "Tillgänglighet", "Availability", true,
			    N_("The level: its number or its name in the organisation's model.") },
	[COL_LEVEL + 3] = { "traceability", "Spårbarhet", "Traceability", false,
			    N_("The level, when the organisation's model uses traceability.") },
};

struct importer {
	struct db *db;
	struct arena *a;
	const struct auth *auth;
	const char *today;
	struct class_import *out;
	const struct csv_table *t;
	int col[COL_COUNT];
	struct strmap models; /* organisation id -> struct class_model */
	struct strmap assets; /* asset id -> struct asset (read once) */
	struct strmap dates;  /* "asset id/date" -> line */
};

static void problem(struct importer *im, size_t line, int c, const char *msgid, const char *arg)
{
	import_problem_add(im->a, &im->out->problems, line, classify_import_columns[c].key,
			   im->col[c] >= 0 ? im->t->header.cells[im->col[c]] : NULL, msgid, arg);
}

static const struct class_model *model_of(struct importer *im, const struct asset *as, struct err *e)
{
	int64_t org = unit_org_of(as->unit_path);
	const char *k = arena_printf(im->a, "%" PRId64, org);
	struct class_model *m = strmap_get(&im->models, k);

	if (m)
		return m;
	m = arena_calloc(im->a, 1, sizeof(*m));
	if (classify_model_get(im->db, im->a, org, m, e))
		return NULL;
	strmap_put(&im->models, k, m);
	return m;
}

static const struct asset *asset_by_id(struct importer *im, int64_t id)
{
	const char *k = arena_printf(im->a, "%" PRId64, id);
	struct asset *as = strmap_get(&im->assets, k);
	struct err e = { 0 };

	if (as)
		return as->id ? as : NULL;
	as = arena_calloc(im->a, 1, sizeof(*as));
	if (asset_get(im->db, im->a, id, as, &e))
		as->id = 0;
	strmap_put(&im->assets, k, as);
	return as->id ? as : NULL;
}

static bool may_edit(const struct importer *im, const struct asset *as)
{
	return !im->auth || im->auth->system || authz_in_scope(im->auth, ACCESS_EDIT, as->unit_path);
}

/* The asset a row names: its number, or a name only one asset the importer may edit has. */
static const struct asset *row_asset(struct importer *im, size_t line, const char *v, struct err *e)
{
	const struct asset *found = NULL;
	int64_t *ids;
	size_t n, mine = 0;
	char *end;

	if (*v >= '0' && *v <= '9') {
		long long id = strtoll(v, &end, 10);
		const struct asset *as;
		if (!*end && id > 0 && (as = asset_by_id(im, id))) {
			if (may_edit(im, as))
				return as;
			problem(im, line, COL_ASSET, N_("You may not classify the asset %s."), v);
			return NULL;
		}
	}
	if (q_class_assets_named(im->db, im->a, str_fold(im->a, v), 20, &ids, &n, e))
		return NULL;
	for (size_t i = 0; i < n; i++) {
		const struct asset *as = asset_by_id(im, ids[i]);
		if (as && may_edit(im, as)) {
			found = as;
			mine++;
		}
	}
	if (mine == 1)
		return found;
	problem(im, line, COL_ASSET,
		mine ? N_("Several assets you may edit are named %s: give the asset's number instead.")
		     : N_("There is no asset %s among those you may edit (give its number or its exact name)."),
		v);
	return NULL;
}

/* A level given as its number or as its name in @m; -1 when neither. */
static int64_t level_of(struct importer *im, const struct class_model *m, const char *v)
{
	const char *k = import_key(im->a, v);
	char *end;
	long long n = strtoll(v, &end, 10);

	if (*v && !*end)
		return n >= 0 && n <= m->max_level ? n : -1;
	for (int64_t l = 0; l <= m->max_level; l++)
		if (!strcmp(k, import_key(im->a, classify_level_name(m, l))))
			return l;
	return -1;
}

static void check_row(struct importer *im, size_t k, const struct csv_row *row, struct err *e)
{
	struct class_import_row *in = &im->out->rows[k];
	const char *asset = csv_cell(row, im->col[COL_ASSET]), *date = csv_cell(row, im->col[COL_SIGNED_ON]);
	const char *who = csv_cell(row, im->col[COL_SIGNED_BY]);
	const struct class_model *m = NULL;
	const struct asset *as = NULL;
	size_t before = im->out->problems.n;
	int64_t next;

	in->line = row->line;
	if (!*asset) {
		problem(im, row->line, COL_ASSET, N_("This field is required."), NULL);
	} else if ((as = row_asset(im, row->line, asset, e))) {
		if (!(m = model_of(im, as, e)))
			return;
		if (q_classification_next_no(im->db, im->a, as->id, &next, e))
			return;
		if (next > 1)
			problem(im, row->line, COL_ASSET,
				N_("The asset %s already has a classification in Tillit: earlier classifications can "
				   "only be brought in before the first one made here."),
				as->name);
		in->asset_id = as->id;
		in->asset_name = as->name;
		in->unit_id = as->unit_id;
		in->review_months = m->review_months;
		in->information_set = !strcmp(as->kind, "information_set");
	}
	if (!time_valid_date(date))
		problem(im, row->line, COL_SIGNED_ON, N_("Give the date as YYYY-MM-DD."), NULL);
	else if (strcmp(date, im->today) >= 0)
		problem(im, row->line, COL_SIGNED_ON,
			N_("A classification from earlier records is dated before today: one signed today is "
			   "signed in Tillit."),
			NULL);
	else
		in->signed_on = date;
	if (!*who)
		problem(im, row->line, COL_SIGNED_BY, N_("This field is required."), NULL);
	else if (str_utf8_len(who) > 200)
		problem(im, row->line, COL_SIGNED_BY, N_("At most 200 characters."), NULL);
	else
		in->signed_by = who;
	for (int a = 0; a < CLASS_N_ASPECTS; a++) {
		const char *v = csv_cell(row, im->col[COL_LEVEL + a]);
		in->level[a] = -1;
		if (!m)
			continue;
		if (a == CLASS_N_ASPECTS - 1 && !m->use_traceability) {
			if (*v)
				problem(im, row->line, COL_LEVEL + a,
					N_("The organisation's model does not use traceability: leave it empty."),
					NULL);
			continue;
		}
		if (!*v && im->col[COL_LEVEL + a] < 0)
			problem(im, row->line, COL_LEVEL + a,
				N_("The organisation's model uses traceability: give its level in the column Spårbarhet "
				   "(Traceability)."),
				NULL);
		else if (!*v)
			problem(im, row->line, COL_LEVEL + a, N_("This field is required."), NULL);
		else if ((in->level[a] = level_of(im, m, v)) < 0)
			problem(im, row->line, COL_LEVEL + a, N_("Give a level from 0 to %s, or its name."),
				arena_printf(im->a, "%" PRId64, m->max_level));
	}
	if (in->asset_id && in->signed_on) {
		const char *key = arena_printf(im->a, "%" PRId64 "/%s", in->asset_id, in->signed_on);
		size_t *seen = strmap_get(&im->dates, key);
		if (seen) {
			problem(im, row->line, COL_SIGNED_ON,
				N_("The file already has a classification of this asset signed that day, on line %s."),
				arena_printf(im->a, "%zu", *seen));
		} else {
			seen = arena_calloc(im->a, 1, sizeof(*seen));
			*seen = row->line;
			strmap_put(&im->dates, key, seen);
		}
	}
	if (im->out->problems.n > before)
		im->out->problems.n_bad_rows++;
}

static int by_asset_and_date(const void *x, const void *y)
{
	const struct class_import_row *a = x, *b = y;
	if (a->asset_id != b->asset_id)
		return a->asset_id < b->asset_id ? -1 : 1;
	return strcmp(a->signed_on, b->signed_on);
}

/* Save @r, the next signed classification of its asset (@first: its first). In a transaction. */
static int save_row(struct importer *im, const struct class_import_row *r, bool first, bool last, struct err *e)
{
	struct actor actor = actor_of(im->auth);
	struct class_computation comp = { 0 };
	struct classification c;
	struct asset as;
	struct buf b;
	struct json j;
	char now[TIME_ISO_LEN], *due = arena_calloc(im->a, 11, 1);
	const char *signed_at = arena_printf(im->a, "%sT12:00:00Z", r->signed_on);
	int64_t no, id;
	int rc;

	time_now_iso(now);
	/* Read again under the write lock: the asset may have been classified or removed since the check. */
	if ((rc = asset_get(im->db, im->a, r->asset_id, &as, e)))
		return rc == ERR_NOTFOUND
			       ? err_set1(e, ERR_CONFLICT, "asset",
					  N_("The asset %s was removed while the file was imported."), r->asset_name)
			       : rc;
	if ((rc = q_classification_next_no(im->db, im->a, as.id, &no, e)))
		return rc;
	if (first && no > 1)
		return err_set1(e, ERR_CONFLICT, "asset",
				N_("The asset %s was classified in Tillit while the file was imported."), as.name);
	for (int k = 0; k < CLASS_N_ASPECTS; k++) {
		comp.level[k] = comp.computed[k] = comp.floor[k] = r->level[k];
		comp.inherited[k] = r->level[k] < 0 ? -1 : 0;
		comp.motivation[k] = "";
	}
	if (classify_add_months(r->signed_on, r->review_months, due))
		return err_set(e, ERR_INTERNAL, NULL, N_("The review date could not be computed."));
	if ((rc = q_classification_insert(im->db, im->a, as.id, no, &comp, "[]", "[]", actor.id, now, as.owner_id, &id,
					  e)) ||
	    (rc = q_classification_sign_imported(im->db, im->a, id, signed_at, due, r->signed_by, e)) ||
	    (rc = q_classification_get(im->db, im->a, id, &c, e)))
		return rc;
	buf_init(&b, im->a);
	json_init(&j, &b);
	classify_json(&j, &c, true);
	if ((rc = audit_append(im->db, im->a, actor, "classification", id, as.unit_id, "import", NULL, b.data, e)))
		return rc;
	if (first && (rc = figures_note_signed(im->db, im->a, &as, signed_at, e)))
		return rc;
	if (!last)
		return 0;
	if ((rc = q_classification_make_current(im->db, im->a, as.id, id, due, e)))
		return rc;
	return r->information_set ? classify_flag_holders(im->db, im->a, actor, as.id, &c, e) : 0;
}

static int save(void *ctx, size_t *bad, struct err *e)
{
	struct importer *im = ctx;
	struct class_import *out = im->out;
	struct class_import_row *rows = arena_calloc(im->a, out->n_rows, sizeof(*rows));
	int rc;

	memcpy(rows, out->rows, out->n_rows * sizeof(*rows));
	qsort(rows, out->n_rows, sizeof(*rows), by_asset_and_date);
	if ((rc = db_begin(im->db, e)))
		return rc;
	for (size_t i = 0; i < out->n_rows && !rc; i++) {
		bool first = !i || rows[i - 1].asset_id != rows[i].asset_id;
		bool last = i + 1 == out->n_rows || rows[i + 1].asset_id != rows[i].asset_id;
		*bad = rows[i].line;
		out->n_assets += first;
		rc = save_row(im, &rows[i], first, last, e);
	}
	if (rc)
		out->n_assets = 0;
	return db_end(im->db, rc, e);
}

static int prepare(void *ctx, const struct csv_table *t, struct err *e)
{
	struct importer *im = ctx;

	(void)e;
	im->t = t;
	im->out->n_rows = t->n_rows;
	im->out->rows = arena_calloc(im->a, t->n_rows, sizeof(*im->out->rows));
	return 0;
}

static int check(void *ctx, size_t i, const struct csv_row *row, struct err *e)
{
	struct err fe = { 0 };

	check_row(ctx, i, row, &fe);
	if (fe.code)
		*e = fe;
	return fe.code;
}

static const struct import_steps steps = {
	classify_import_columns, COL_COUNT, CLASS_IMPORT_MAX_ROWS, prepare, check, save,
};

int classify_import(struct db *db, struct arena *a, const struct auth *auth, const char *data, size_t len, bool dry_run,
		    const char *today, struct class_import *out, struct err *e)
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
	strmap_init(&im.models, a);
	strmap_init(&im.assets, a);
	strmap_init(&im.dates, a);
	rc = import_run(a, &steps, &im, im.col, data, len, dry_run, &out->problems, &res, e);
	out->encoding = res.encoding;
	out->imported = res.imported;
	return rc;
}

int classify_import_run(struct db *db, struct arena *a, const struct auth *auth, const char *data, size_t len,
			bool dry_run, struct import_outcome *out, struct err *e)
{
	struct class_import *res = arena_calloc(a, 1, sizeof(*res));
	int rc = classify_import(db, a, auth, data, len, dry_run, NULL, res, e);

	*out = (struct import_outcome){ &res->problems, res->n_rows, res->encoding,
					res->imported,  "assets",    N_("Assets given a classification history: %s."),
					res->n_assets };
	return rc;
}
