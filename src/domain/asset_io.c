/*
 * asset_io.c - importing assets from CSV and exporting them.
 *
 * Column names and the words for yes and no are part of the file format,
 * like the API's field names: the import accepts them in Swedish and in
 * English whatever the user's language, so they are fixed tables here
 * rather than translated messages. Values that name something Tillit shows
 * translated (a kind, a hosting, a lifecycle status) are accepted as the
 * stored name or as the label in either language, so a file exported in
 * one language imports in the other. Names of columns and values compare
 * case-insensitively (including Å, Ä, Ö) with spaces, hyphens and
 * underscores alike.
 *
 * The import checks every row completely before anything is saved: its
 * own look-ups (kind, unit, users, yes/no) first, then asset_bulk_check()
 * for the rules the register itself keeps (lengths, the right to add to
 * the unit, names unique in a unit), then names repeated within the file.
 * The checks take no lock (a dry run never blocks a writer) and cost the
 * same for every row however large the register: units, users and a
 * unit's names are looked up in memory after being read once. Only a file
 * without a single problem is saved, with asset_bulk_save() in one
 * transaction, which reads nothing again unless something was written to
 * the register since the checks began.
 *
 * Export columns are the import columns followed by what the register
 * computes (id, classification levels, review date, last change), which
 * the import ignores. The file formats themselves (reading CSV, writing
 * CSV with its formula guard, writing XLSX) are io/'s; this file maps the
 * register to their rows and cells.
 */
#include "domain/asset_io.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/err.h"
#include "core/json.h"
#include "core/log.h"
#include "core/str.h"
#include "core/strmap.h"
#include "core/timeutil.h"
#include "db/db.h"
#include "domain/unit.h"
#include "domain/user.h"
#include "io/csvread.h"
#include "io/csvwrite.h"
#include "io/xlsxwrite.h"

/* --- names ------------------------------------------------------------ */

/*
 * @s folded for comparison: ASCII and Latin-1 capitals to small letters,
 * space and hyphen to underscore, trimmed. Result lives in @a.
 */
static char *fold(struct arena *a, const char *s)
{
	char *out = str_trim(arena_strdup(a, s ? s : ""));
	unsigned char *p = (unsigned char *)out;
	for (; *p; p++) {
		if (*p >= 'A' && *p <= 'Z')
			*p = (unsigned char)(*p + 32);
		else if (*p == ' ' || *p == '-')
			*p = '_';
		else if (*p == 0xc3 && p[1] >= 0x80 && p[1] <= 0x9e && p[1] != 0x97)
			p[1] = (unsigned char)(p[1] + 0x20), p++;
	}
	return out;
}

static bool same(struct arena *a, const char *folded, const char *name)
{
	return name && !strcmp(folded, fold(a, name));
}

enum col {
	COL_FILE = -1, /* the file as a whole */
	COL_NAME,
	COL_KIND,
	COL_UNIT,
	COL_DESCRIPTION,
	COL_OWNER,
	COL_ADMIN,
	COL_SUPPLIER,
	COL_HOSTING,
	COL_PERSONAL,
	COL_CRITICAL,
	COL_NIS2,
	COL_LIFECYCLE,
	COL_VITAL,
	COL_COUNT
};

const struct asset_import_column asset_import_columns[ASSET_IMPORT_COLUMNS] = {
	[COL_NAME] = { "name", "Namn", "Name", NULL, true, N_("The asset's name, unique within its unit.") },
	[COL_KIND] = { "kind", "Typ", "Kind", "type", true,
		       N_("Informationsmängd, Informationssystem, Digital tjänst, Manuell, Process or Leverantör "
			  "(or information_set, system, digital_service, manual, process, supplier).") },
	[COL_UNIT] = { "unit", "Enhet", "Unit", "verksamhet", true,
		       N_("The unit's short code or its exact name. You must be coordinator or administrator there.") },
	[COL_DESCRIPTION] = { "description", "Beskrivning", "Description", NULL, false, N_("Free text.") },
	[COL_OWNER] = { "owner", "Ägare", "Owner", "systemägare", false,
			N_("The user name (or the full name) of the system owner or information owner.") },
	[COL_ADMIN] = { "administrator", "Systemförvaltare", "Administrator", "system administrator", false,
			N_("The user name (or the full name) of the system administrator.") },
	[COL_SUPPLIER] = { "supplier", "Leverantör", "Supplier", NULL, false, N_("Free text.") },
	[COL_HOSTING] = { "hosting", "Drift", "Hosting", NULL, false,
			  N_("Egen drift, Kommunens IT, Hos leverantören, Molntjänst or Tredjeland; empty when not known.") },
	[COL_PERSONAL] = { "personal_data", "Personuppgifter", "Personal data", NULL, false,
			   N_("Ja or nej (also yes, no, 1, 0 or x); empty means nej.") },
	[COL_CRITICAL] = { "business_critical", "Verksamhetskritisk", "Business critical", NULL, false,
			   N_("Ja or nej (also yes, no, 1, 0 or x); empty means nej.") },
	[COL_NIS2] = { "nis2", "Cybersäkerhetslagen (NIS2)", "NIS2 scope", "NIS2", false,
		       N_("Whether the asset supports services in the scope of the cybersecurity act (NIS2): ja or nej "
			  "(also yes, no, 1, 0 or x); empty means nej.") },
	[COL_LIFECYCLE] = { "lifecycle", "Livscykel", "Lifecycle", NULL, false,
			    N_("Planerad, I drift, Under avveckling or Avvecklad; empty means I drift.") },
	[COL_VITAL] = { "vital", "Samhällsviktig", "Vital to society", "samhällsviktig verksamhet", false,
			N_("Whether the asset serves samhällsviktig verksamhet (civil preparedness): ja or nej (also yes, "
			   "no, 1, 0 or x); empty means nej.") },
};
_Static_assert(COL_COUNT == ASSET_IMPORT_COLUMNS, "one entry per column");

/* Columns only the export writes (what the register computes); the import ignores them. */
enum xcol { X_ID, X_CLASSIFIED, X_C, X_I, X_A, X_T, X_REVIEW, X_NEEDS_REVIEW, X_UPDATED, X_COUNT };
static const struct {
	const char *sv, *en;
} extra_columns[X_COUNT] = {
	[X_ID] = { "Id", "Id" },
	[X_CLASSIFIED] = { "Klassad", "Classified" },
	[X_C] = { "Konfidentialitet", "Confidentiality" },
	[X_I] = { "Riktighet", "Integrity" },
	[X_A] = { "Tillgänglighet", "Availability" },
	[X_T] = { "Spårbarhet", "Traceability" },
	[X_REVIEW] = { "Omprövas senast", "Review due" },
	[X_NEEDS_REVIEW] = { "Flaggad för omprövning", "Flagged for review" },
	[X_UPDATED] = { "Senast ändrad", "Last changed" },
};

/* Other Swedish words for values, beside the labels the catalog gives. */
static const struct {
	const char *word, *stored;
} kind_words[] = {
	{ "informationsmängd", "information_set" }, { "informationssystem", "system" },
	{ "e_tjänst", "digital_service" },           { "digital tjänst", "digital_service" },
	{ "manuell", "manual" },                     { "pappersbaserad", "manual" },
	{ "leverantör", "supplier" },
}, hosting_words[] = {
	{ "egen drift", "own" },           { "egen", "own" },         { "kommunens it", "municipal_it" },
	{ "hos leverantören", "supplier" }, { "leverantör", "supplier" }, { "moln", "cloud" },
	{ "molntjänst", "cloud" },          { "tredjeland", "third_country" }, { "i tredjeland", "third_country" },
}, lifecycle_words[] = {
	{ "planerad", "planned" },          { "i drift", "in_use" },      { "används", "in_use" },
	{ "under avveckling", "phasing_out" }, { "avvecklas", "phasing_out" }, { "avvecklad", "retired" },
};

/*
 * The words a column of choices takes, folded once per import: the stored
 * names, their labels (in both languages) and other words, each with the
 * stored name it stands for, in the order they are tried.
 */
struct choices {
	const char **folded;
	const char **stored;
	size_t n;
};

static void choices_init(struct arena *a, struct choices *c, const char *const *stored, const char *const *labels,
			 size_t n, const void *words_, size_t n_words)
{
	const struct {
		const char *word, *stored;
	} *words = words_;

	c->folded = arena_calloc(a, n * 4 + n_words, sizeof(*c->folded));
	c->stored = arena_calloc(a, n * 4 + n_words, sizeof(*c->stored));
	c->n = 0;
	for (size_t i = 0; i < n; i++) {
		const char *forms[4] = { stored[i], labels[i], tr(LANG_SV, labels[i]), tr(LANG_EN, labels[i]) };
		for (size_t k = 0; k < 4; k++) {
			if (!forms[k])
				continue;
			c->folded[c->n] = fold(a, forms[k]);
			c->stored[c->n++] = stored[i];
		}
	}
	for (size_t i = 0; i < n_words; i++) {
		c->folded[c->n] = fold(a, words[i].word);
		c->stored[c->n++] = words[i].stored;
	}
}

/* The stored name @value stands for among @c, or NULL. */
static const char *parse_choice(struct arena *a, const char *value, const struct choices *c)
{
	char *v = fold(a, value);
	for (size_t i = 0; i < c->n; i++)
		if (!strcmp(v, c->folded[i]))
			return c->stored[i];
	return NULL;
}

/* Yes/no: ja, nej, yes, no, 1, 0, x, sant, falskt, true, false; blank is no. -1 when none of these. */
static int parse_yes_no(struct arena *a, const char *value)
{
	static const char *const yes[] = { "ja", "yes", "1", "x", "sant", "true", "j", "y" };
	static const char *const no[] = { "nej", "no", "0", "falskt", "false", "n", "" };
	char *v = fold(a, value);
	for (size_t i = 0; i < sizeof(yes) / sizeof(yes[0]); i++)
		if (!strcmp(v, yes[i]))
			return 1;
	for (size_t i = 0; i < sizeof(no) / sizeof(no[0]); i++)
		if (!strcmp(v, no[i]))
			return 0;
	return -1;
}

/* --- import ----------------------------------------------------------- */

struct unit_entry {
	int64_t id;
	const char *path;
};

/* The units a folded code or name names: the first, and how many. */
struct unit_hits {
	const struct unit_entry *first;
	size_t n;
};

struct user_entry {
	int64_t id;
	const char *msgid; /* why it cannot be used, or NULL */
};

struct importer {
	struct db *db;
	struct arena *a;
	const struct auth *auth;
	struct asset_import *out;
	const struct csv_table *t;
	int col[COL_COUNT];       /* index in the header, or -1 */
	struct strmap unit_codes; /* folded code -> struct unit_hits */
	struct strmap unit_names; /* folded name -> struct unit_hits */
	struct strmap users;      /* folded as written in the file -> struct user_entry */
	struct asset_bulk *bulk;  /* the register's own checks, with their caches */
	struct choices kinds, hostings, lifecycles;
	struct arena *scratch; /* per-row work, renewed now and then */
	size_t cap_problems;
	bool row_bad;
};

static void add_problem(struct importer *im, size_t line, enum col c, const struct err *e)
{
	struct asset_import *out = im->out;
	struct asset_import_problem *p;

	ARENA_ROOM(im->a, out->problems, out->n_problems, 1, im->cap_problems, 16);
	p = &out->problems[out->n_problems++];
	p->line = line;
	p->field = c != COL_FILE ? asset_import_columns[c].key : "file";
	p->column = c != COL_FILE && im->col[c] >= 0 ? im->t->header.cells[im->col[c]] : NULL;
	p->err = *e;
	p->err.field = p->field;
	im->row_bad = true;
}

static void problem(struct importer *im, size_t line, enum col c, const char *msgid, const char *arg)
{
	struct err e = { 0 };
	if (arg)
		err_set1(&e, ERR_INVALID, NULL, msgid, arg);
	else
		err_set(&e, ERR_INVALID, NULL, msgid);
	add_problem(im, line, c, &e);
}

/* A problem with the whole file. */
static void file_problem(struct importer *im, const struct err *e)
{
	add_problem(im, 0, COL_FILE, e);
}

/* Which column is which; unknown, repeated or missing columns are problems. */
static void map_columns(struct importer *im)
{
	const struct csv_row *h = &im->t->header;
	struct buf unknown, missing;
	struct err e = { 0 };

	buf_init(&unknown, im->a);
	buf_init(&missing, im->a);
	for (int c = 0; c < COL_COUNT; c++)
		im->col[c] = -1;
	for (size_t i = 0; i < h->n_cells; i++) {
		char *v = fold(im->a, h->cells[i]);
		bool known = false;
		if (!*v)
			continue; /* an empty header cell: a column with nothing to say */
		for (int c = 0; c < COL_COUNT && !known; c++) {
			if (same(im->a, v, asset_import_columns[c].key) || same(im->a, v, asset_import_columns[c].sv) ||
			    same(im->a, v, asset_import_columns[c].en) ||
			    same(im->a, v, asset_import_columns[c].alias)) {
				known = true;
				if (im->col[c] >= 0) {
					err_set1(&e, ERR_INVALID, "file", N_("The column %s appears more than once."),
						 h->cells[i]);
					file_problem(im, &e);
				}
				im->col[c] = (int)i;
			}
		}
		for (int x = 0; x < X_COUNT && !known; x++)
			known = same(im->a, v, extra_columns[x].sv) || same(im->a, v, extra_columns[x].en);
		if (!known) {
			if (unknown.len)
				buf_adds(&unknown, ", ");
			buf_adds(&unknown, h->cells[i]);
		}
	}
	for (int c = 0; c < COL_COUNT; c++) {
		if (asset_import_columns[c].required && im->col[c] < 0) {
			if (missing.len)
				buf_adds(&missing, ", ");
			buf_addf(&missing, "%s (%s)", asset_import_columns[c].sv, asset_import_columns[c].en);
		}
	}
	if (unknown.len) {
		err_set1(&e, ERR_INVALID, "file",
			 N_("The file has columns Tillit does not know: %s. Use the column names of the template."),
			 unknown.data);
		file_problem(im, &e);
	}
	if (missing.len) {
		err_set1(&e, ERR_INVALID, "file", N_("The file lacks the columns %s."), missing.data);
		file_problem(im, &e);
	}
}

static void add_hit(struct importer *im, struct strmap *m, const char *key, const struct unit_entry *ue)
{
	struct unit_hits *h = strmap_get(m, key);
	if (!h) {
		h = arena_calloc(im->a, 1, sizeof(*h));
		h->first = ue;
		strmap_put(m, key, h);
	}
	h->n++;
}

/* Every unit the user sees, by its code and name folded for look-up. */
static int load_units(struct importer *im, struct err *e)
{
	struct unit_filter f = { 0 };
	size_t seen = 0;

	strmap_init(&im->unit_codes, im->a);
	strmap_init(&im->unit_names, im->a);
	f.viewer_id = im->auth ? im->auth->user_id : 0;
	f.limit = 1000;
	for (;;) {
		struct unit *u;
		size_t n;
		int64_t total;
		int rc = unit_list(im->db, im->a, &f, &u, &n, &total, e);
		if (rc)
			return rc;
		for (size_t i = 0; i < n; i++) {
			struct unit_entry *ue = arena_calloc(im->a, 1, sizeof(*ue));
			ue->id = u[i].id;
			ue->path = u[i].path;
			if (u[i].code && *u[i].code)
				add_hit(im, &im->unit_codes, fold(im->a, u[i].code), ue);
			add_hit(im, &im->unit_names, fold(im->a, u[i].name), ue);
		}
		seen += n;
		if (n < (size_t)f.limit || seen >= (size_t)total)
			return 0;
		f.offset += f.limit;
	}
}

static void resolve_unit(struct importer *im, size_t line, const char *value, struct asset_input *in)
{
	char *v = fold(im->scratch, value);
	const struct unit_hits *h;

	if (!*v) {
		problem(im, line, COL_UNIT, N_("This field is required."), NULL);
		return;
	}
	/* A short code first; a name when no unit has it as its code. */
	if (!(h = strmap_get(&im->unit_codes, v)))
		h = strmap_get(&im->unit_names, v);
	if (h && h->n > 1) {
		problem(im, line, COL_UNIT, N_("Several units are called %s. Give the unit's short code instead."),
			value);
		return;
	}
	if (!h) {
		problem(im, line, COL_UNIT,
			N_("There is no unit %s among the units you see (give its short code or name)."), value);
		return;
	}
	if (im->auth && !authz_in_scope(im->auth, ACCESS_EDIT, h->first->path)) {
		problem(im, line, COL_UNIT, N_("You may not add assets to the unit %s."), value);
		return;
	}
	in->unit_id = h->first->id;
}

/* A user named by user name or, failing that, by a display name no one else has. 0 when blank. */
static void resolve_user(struct importer *im, size_t line, enum col c, const char *value, int64_t *id)
{
	char *key = fold(im->scratch, value);
	struct user_entry *ue;

	*id = 0;
	if (!*key)
		return;
	if (!(ue = strmap_get(&im->users, key))) {
		struct user u;
		struct err e = { 0 };
		ue = arena_calloc(im->a, 1, sizeof(*ue));
		strmap_put(&im->users, key, ue);
		if (user_get_by_username(im->db, im->a, str_trim(arena_strdup(im->a, value)), &u, &e) == 0) {
			ue->id = u.id;
			ue->msgid = u.active ? NULL : N_("The user %s is no longer active.");
		} else {
			struct user_filter f = { 0 };
			struct user *list;
			size_t n, hits = 0;
			f.q = str_trim(arena_strdup(im->a, value));
			f.active = -1;
			f.limit = 1000;
			ue->msgid = N_("There is no user %s (give the user name).");
			if (user_list(im->db, im->a, &f, &list, &n, NULL, &e) == 0) {
				for (size_t i = 0; i < n; i++) {
					if (same(im->a, key, list[i].display_name)) {
						hits++;
						ue->id = list[i].id;
						ue->msgid =
							list[i].active ? NULL : N_("The user %s is no longer active.");
					}
				}
				if (hits > 1)
					ue->msgid = N_("Several users are called %s. Give the user name instead.");
			}
		}
	}
	if (ue->msgid)
		problem(im, line, c, ue->msgid, value);
	else
		*id = ue->id;
}

static const char *cell(const struct importer *im, const struct csv_row *row, enum col c)
{
	return csv_cell(row, im->col[c]);
}

static void read_flag(struct importer *im, size_t line, const struct csv_row *row, enum col c, bool *out)
{
	int v = parse_yes_no(im->scratch, cell(im, row, c));
	if (v < 0)
		problem(im, line, c, N_("Write ja or nej (yes or no), not %s."), cell(im, row, c));
	else
		*out = v == 1;
}

/* The field asset_bulk_check() names, as an import column. */
static enum col column_of_field(const char *field)
{
	static const struct {
		const char *field;
		enum col c;
	} map[] = {
		{ "unit_id", COL_UNIT },
		{ "kind", COL_KIND },
		{ "name", COL_NAME },
		{ "description", COL_DESCRIPTION },
		{ "supplier", COL_SUPPLIER },
		{ "hosting", COL_HOSTING },
		{ "lifecycle", COL_LIFECYCLE },
		{ "owner_id", COL_OWNER },
		{ "administrator_id", COL_ADMIN },
	};
	for (size_t i = 0; field && i < sizeof(map) / sizeof(map[0]); i++)
		if (!strcmp(map[i].field, field))
			return map[i].c;
	return COL_NAME;
}

static int check_row(struct importer *im, size_t k, const struct csv_row *row, struct err *e)
{
	struct asset_input *in = &im->out->rows[k];
	size_t line = row->line;
	const char *v;
	struct err ce = { 0 };
	int rc;

	im->row_bad = false;
	in->name = cell(im, row, COL_NAME);
	in->description = im->col[COL_DESCRIPTION] >= 0 ? cell(im, row, COL_DESCRIPTION) : "";
	in->supplier = im->col[COL_SUPPLIER] >= 0 ? cell(im, row, COL_SUPPLIER) : "";
	if (str_blank(in->name))
		problem(im, line, COL_NAME, N_("This field is required."), NULL);
	v = cell(im, row, COL_KIND);
	in->kind = parse_choice(im->scratch, v, &im->kinds);
	if (!*v)
		problem(im, line, COL_KIND, N_("This field is required."), NULL);
	else if (!in->kind)
		problem(im, line, COL_KIND,
			N_("Unknown kind %s: write Informationsmängd, Informationssystem, Digital tjänst, Manuell, "
			   "Process or Leverantör."),
			v);
	resolve_unit(im, line, cell(im, row, COL_UNIT), in);
	if (im->col[COL_OWNER] >= 0)
		resolve_user(im, line, COL_OWNER, cell(im, row, COL_OWNER), &in->owner_id);
	if (im->col[COL_ADMIN] >= 0)
		resolve_user(im, line, COL_ADMIN, cell(im, row, COL_ADMIN), &in->administrator_id);
	in->hosting = "";
	if (im->col[COL_HOSTING] >= 0 && *(v = cell(im, row, COL_HOSTING))) {
		in->hosting = parse_choice(im->scratch, v, &im->hostings);
		if (!in->hosting)
			problem(im, line, COL_HOSTING,
				N_("Unknown hosting %s: write Egen drift, Kommunens IT, Hos leverantören, Molntjänst or "
				   "Tredjeland."),
				v);
	}
	in->lifecycle = NULL;
	if (im->col[COL_LIFECYCLE] >= 0 && *(v = cell(im, row, COL_LIFECYCLE))) {
		in->lifecycle = parse_choice(im->scratch, v, &im->lifecycles);
		if (!in->lifecycle)
			problem(im, line, COL_LIFECYCLE,
				N_("Unknown lifecycle status %s: write Planerad, I drift, Under avveckling or Avvecklad."),
				v);
	}
	if (im->col[COL_PERSONAL] >= 0)
		read_flag(im, line, row, COL_PERSONAL, &in->personal_data);
	if (im->col[COL_CRITICAL] >= 0)
		read_flag(im, line, row, COL_CRITICAL, &in->business_critical);
	if (im->col[COL_NIS2] >= 0)
		read_flag(im, line, row, COL_NIS2, &in->nis2);
	if (im->col[COL_VITAL] >= 0)
		read_flag(im, line, row, COL_VITAL, &in->vital);
	if (im->row_bad)
		return 0;
	/* The register's own rules: lengths, allowed text, the right to add there, the name free in its unit. */
	rc = asset_bulk_check(im->bulk, im->scratch, in, &ce);
	if (rc == ERR_INVALID || rc == ERR_EXISTS || rc == ERR_FORBIDDEN)
		add_problem(im, line, column_of_field(ce.field), &ce);
	else if (rc)
		return *e = ce, rc;
	return 0;
}

struct name_key {
	int64_t unit_id;
	const char *name; /* folded */
	size_t row;
};

static int by_unit_and_name(const void *x, const void *y)
{
	const struct name_key *p = x, *q = y;
	int c;
	if (p->unit_id != q->unit_id)
		return p->unit_id < q->unit_id ? -1 : 1;
	c = strcmp(p->name, q->name);
	if (c)
		return c;
	return p->row < q->row ? -1 : p->row > q->row;
}

/* A name repeated for the same unit within the file: every later row is a problem naming the first line. */
static void check_repeats(struct importer *im)
{
	struct asset_import *out = im->out;
	struct name_key *keys = arena_calloc(im->a, out->n_rows ? out->n_rows : 1, sizeof(*keys));
	size_t n = 0;

	for (size_t i = 0; i < out->n_rows; i++) {
		if (!out->rows[i].unit_id || str_blank(out->rows[i].name))
			continue;
		keys[n].unit_id = out->rows[i].unit_id;
		keys[n].name = fold(im->a, out->rows[i].name);
		keys[n++].row = i;
	}
	if (n > 1)
		qsort(keys, n, sizeof(*keys), by_unit_and_name);
	for (size_t i = 1, first = 0; i < n; i++) {
		if (keys[i].unit_id == keys[first].unit_id && !strcmp(keys[i].name, keys[first].name)) {
			char ln[24];
			snprintf(ln, sizeof(ln), "%zu", out->lines[keys[first].row]);
			problem(im, out->lines[keys[i].row], COL_NAME,
				N_("The same unit already gets an asset with this name on line %s of the file."), ln);
		} else {
			first = i;
		}
	}
}

/* The table as CSV again (the cells exactly as read, so the import reads them the same way). */
static const char *rewrite(struct arena *a, const struct csv_table *t)
{
	struct csv_writer w;
	struct buf b;
	buf_init(&b, a);
	csv_writer_init(&w, &b, ';', false);
	for (size_t r = 0; r <= t->n_rows; r++) {
		const struct csv_row *row = r ? &t->rows[r - 1] : &t->header;
		csv_writer_row(&w, row->cells, row->n_cells);
	}
	return b.data;
}

static int by_line(const void *x, const void *y)
{
	const struct asset_import_problem *p = x, *q = y;
	if (p->line != q->line)
		return p->line < q->line ? -1 : 1;
	return strcmp(p->field, q->field);
}

int asset_import(struct db *db, struct arena *a, const struct auth *auth, const char *data, size_t len, bool dry_run,
		 struct asset_import *out, struct err *e)
{
	struct importer im = { 0 };
	struct csv_table t;
	struct err fe = { 0 };
	size_t bad = 0;
	int rc;

	memset(out, 0, sizeof(*out));
	im.db = db;
	im.a = a;
	im.auth = auth;
	im.out = out;
	im.t = &t;
	rc = csv_read(a, data, len, ASSET_IMPORT_MAX_ROWS, &t, &fe);
	if (rc == ERR_INVALID) {
		file_problem(&im, &fe);
		goto done;
	}
	if (rc)
		return *e = fe, rc;
	out->encoding = t.encoding;
	map_columns(&im);
	if (out->n_problems)
		goto done;
	if (t.n_rows == 0) {
		err_set(&fe, ERR_INVALID, "file", N_("The file has a header but no rows to import."));
		file_problem(&im, &fe);
		goto done;
	}
	if ((rc = load_units(&im, e)))
		return rc;
	strmap_init(&im.users, a);
	choices_init(a, &im.kinds, asset_kinds, asset_kind_labels, ASSET_KIND_COUNT, kind_words,
		     sizeof(kind_words) / sizeof(kind_words[0]));
	choices_init(a, &im.hostings, asset_hostings + 1, asset_hosting_labels + 1, ASSET_HOSTING_COUNT - 1,
		     hosting_words, sizeof(hosting_words) / sizeof(hosting_words[0]));
	choices_init(a, &im.lifecycles, asset_lifecycles, asset_lifecycle_labels, ASSET_LIFECYCLE_COUNT,
		     lifecycle_words, sizeof(lifecycle_words) / sizeof(lifecycle_words[0]));
	im.bulk = asset_bulk_new(db, a, auth);
	out->n_rows = t.n_rows;
	out->rows = arena_calloc(a, t.n_rows, sizeof(*out->rows));
	out->lines = arena_calloc(a, t.n_rows, sizeof(*out->lines));
	for (size_t i = 0; i < t.n_rows && !rc; i++) {
		/* Per-row work goes to a scratch arena renewed every 256 rows, so memory stays flat. */
		if (i % 256 == 0) {
			arena_free(im.scratch);
			im.scratch = arena_new();
		}
		out->lines[i] = t.rows[i].line;
		rc = check_row(&im, i, &t.rows[i], e);
	}
	arena_free(im.scratch);
	if (rc)
		return rc;
	check_repeats(&im);
	if (out->n_problems)
		qsort(out->problems, out->n_problems, sizeof(*out->problems), by_line);
	if (dry_run)
		out->csv = rewrite(a, &t);
	for (size_t i = 0; i < out->n_problems; i++)
		if (!i || out->problems[i].line != out->problems[i - 1].line)
			out->n_bad_rows++;
	if (out->n_problems || dry_run)
		goto done;
	rc = asset_bulk_save(im.bulk, out->rows, out->n_rows, &bad, &fe);
	if (rc == ERR_INVALID || rc == ERR_EXISTS) {
		/* Someone saved a clashing asset between the check and now. */
		add_problem(&im, out->lines[bad], column_of_field(fe.field), &fe);
		out->n_bad_rows = 1;
		goto done;
	}
	if (rc)
		return *e = fe, rc;
	out->imported = true;
	if (out->n_rows >= ASSET_IMPORT_OPTIMIZE_ROWS && db_optimize(db, &fe))
		log_warn("asset import: the planner statistics were not refreshed: %s", fe.detail);
done:
	if (out->n_problems && !dry_run) {
		*e = out->problems[0].err;
		e->code = ERR_INVALID;
		return ERR_INVALID;
	}
	return 0;
}

/* --- template --------------------------------------------------------- */

void asset_import_template(struct buf *b)
{
	static const char *const rows[][COL_COUNT] = {
		{ "Ekonomisystem", "Informationssystem", "EKO", "Redovisning och fakturor", "", "", "Leverantören AB",
		  "Hos leverantören", "ja", "ja", "nej", "I drift" },
		{ "Personakter", "Informationsmängd", "EKO", "Anställdas personakter", "", "", "", "", "ja", "ja",
		  "nej", "" },
	};
	struct csv_writer w;

	csv_writer_init(&w, b, ';', true);
	for (int c = 0; c < COL_COUNT; c++)
		csv_writer_cell(&w, asset_import_columns[c].sv);
	csv_writer_end_row(&w);
	for (size_t r = 0; r < sizeof(rows) / sizeof(rows[0]); r++)
		csv_writer_row(&w, rows[r], COL_COUNT);
}

/* --- export ----------------------------------------------------------- */

/* The filter's unit as a subtree path, and today, as asset_list() takes them. */
static int export_scope(struct db *db, struct arena *a, const struct asset_filter *f, const char **subtree, char *today,
			size_t today_size, struct err *e)
{
	if (f->today) {
		snprintf(today, today_size, "%s", f->today);
	} else {
		char now[TIME_ISO_LEN];

		time_now_iso(now);
		snprintf(today, today_size, "%.10s", now);
	}
	return unit_subtree(db, a, f->unit_id, subtree, e);
}

int asset_export_list(struct db *db, struct arena *a, const struct asset_filter *f, struct asset **out, size_t *n,
		      int64_t *total, struct err *e)
{
	struct asset *page, *all = NULL;
	const char *subtree;
	char today[16];
	size_t got = 0, cap = 0, n_page;
	int rc;

	if ((rc = export_scope(db, a, f, &subtree, today, sizeof(today), e)))
		return rc;
	/*
	 * Page by id to the end, with no count first (the list's count stops
	 * at ASSET_COUNT_BOUND); one asset past the workbook's limit refuses it.
	 */
	do {
		int64_t after = got ? all[got - 1].id : 0;

		if ((rc = q_asset_page_after(db, a, f, subtree, today, after, ASSET_EXPORT_PAGE, &page, &n_page, e)))
			return rc;
		if (got + n_page > ASSET_EXPORT_XLSX_MAX) {
			char max[32];

			snprintf(max, sizeof(max), "%d", ASSET_EXPORT_XLSX_MAX);
			return err_set1(
				e, ERR_INVALID, "format",
				N_("A spreadsheet (XLSX) takes at most %s assets. Narrow the list with its filters, "
				   "or export CSV or JSON, which take the whole register."),
				max);
		}
		ARENA_ROOM(a, all, got, n_page, cap, ASSET_EXPORT_PAGE * 4);
		if (n_page) /* an empty page may come without an array */
			memcpy(all + got, page, n_page * sizeof(*page));
		got += n_page;
	} while (n_page == ASSET_EXPORT_PAGE);
	*out = all ? all : arena_calloc(a, 1, sizeof(*all));
	*n = got;
	*total = (int64_t)got;
	return 0;
}

int asset_export_begin(struct asset_export_stream *s, struct db *db, struct arena *a, const struct asset_filter *f,
		       enum asset_export_format format, enum lang lang, struct err *e)
{
	memset(s, 0, sizeof(*s));
	s->f = *f;
	s->format = format;
	s->lang = lang;
	return export_scope(db, a, f, &s->subtree, s->today, sizeof(s->today), e);
}

/* One exported row as text cells in the order of asset_import_columns[] then extra_columns[]. */
#define N_EXPORT (COL_COUNT + X_COUNT)

/*
 * The words of an export in one language, looked up once per export (or
 * piece of one) rather than for every row: a row would otherwise search
 * the message catalog five times.
 */
struct export_words {
	const char *yes, *no;
	const char *kind[ASSET_KIND_COUNT];
	const char *hosting[ASSET_HOSTING_COUNT];
	const char *lifecycle[ASSET_LIFECYCLE_COUNT];
};

static void export_words_of(enum lang lang, struct export_words *w)
{
	w->yes = tr(lang, "Yes");
	w->no = tr(lang, "No");
	for (size_t i = 0; i < ASSET_KIND_COUNT; i++)
		w->kind[i] = tr(lang, asset_kind_labels[i]);
	for (size_t i = 0; i < ASSET_HOSTING_COUNT; i++)
		w->hosting[i] = tr(lang, asset_hosting_labels[i]);
	for (size_t i = 0; i < ASSET_LIFECYCLE_COUNT; i++)
		w->lifecycle[i] = tr(lang, asset_lifecycle_labels[i]);
}

/* The label of the stored @value among @stored, or @value itself when it is none of them. */
static const char *label_of(const char *const *stored, const char *const *labels, size_t n, const char *value)
{
	int k = asset_enum_parse(stored, n, value);
	return k < 0 ? (value ? value : "") : labels[k];
}

/* @v in decimal, in @a. */
static const char *int_text(struct arena *a, int64_t v)
{
	char tmp[24];
	size_t n = 0;
	uint64_t u = v < 0 ? 0 - (uint64_t)v : (uint64_t)v;
	char *out;

	do {
		tmp[n++] = (char)('0' + u % 10);
		u /= 10;
	} while (u);
	out = arena_alloc_raw(a, n + 2);
	if (v < 0)
		*out++ = '-';
	for (size_t i = 0; i < n; i++)
		out[i] = tmp[n - 1 - i];
	out[n] = '\0';
	return v < 0 ? out - 1 : out;
}

static const char *level(struct arena *a, int64_t v)
{
	return v >= 0 ? int_text(a, v) : "";
}

static void export_row(struct arena *a, const struct asset *as, const struct export_words *w, const char **cells)
{
	const char *yes = w->yes, *no = w->no;
	bool classified = as->classification_id != 0;

	cells[COL_NAME] = as->name;
	cells[COL_KIND] = label_of(asset_kinds, w->kind, ASSET_KIND_COUNT, as->kind);
	cells[COL_UNIT] = as->unit_name;
	cells[COL_DESCRIPTION] = as->description;
	cells[COL_OWNER] = as->owner_name ? as->owner_name : "";
	cells[COL_ADMIN] = as->administrator_name ? as->administrator_name : "";
	cells[COL_SUPPLIER] = as->supplier;
	cells[COL_HOSTING] = as->hosting && *as->hosting
				     ? label_of(asset_hostings, w->hosting, ASSET_HOSTING_COUNT, as->hosting)
				     : "";
	cells[COL_PERSONAL] = as->personal_data ? yes : no;
	cells[COL_CRITICAL] = as->business_critical ? yes : no;
	cells[COL_NIS2] = as->nis2 ? yes : no;
	cells[COL_VITAL] = as->vital ? yes : no;
	cells[COL_LIFECYCLE] = label_of(asset_lifecycles, w->lifecycle, ASSET_LIFECYCLE_COUNT, as->lifecycle);
	cells[COL_COUNT + X_ID] = int_text(a, as->id);
	cells[COL_COUNT + X_CLASSIFIED] = classified ? yes : no;
	cells[COL_COUNT + X_C] = classified ? level(a, as->c_level) : "";
	cells[COL_COUNT + X_I] = classified ? level(a, as->i_level) : "";
	cells[COL_COUNT + X_A] = classified ? level(a, as->a_level) : "";
	cells[COL_COUNT + X_T] = classified ? level(a, as->t_level) : "";
	cells[COL_COUNT + X_REVIEW] = as->review_due ? arena_strndup(a, as->review_due, 10) : "";
	cells[COL_COUNT + X_NEEDS_REVIEW] = as->needs_review ? yes : no;
	cells[COL_COUNT + X_UPDATED] = as->updated_at ? arena_strndup(a, as->updated_at, 10) : "";
}

static const char *header_of(int i, enum lang lang)
{
	if (i < COL_COUNT)
		return lang == LANG_EN ? asset_import_columns[i].en : asset_import_columns[i].sv;
	return lang == LANG_EN ? extra_columns[i - COL_COUNT].en : extra_columns[i - COL_COUNT].sv;
}

/* Export order: id first, then the import columns, then the computed ones. */
static const int export_order[N_EXPORT] = {
	COL_COUNT + X_ID,
	COL_NAME,
	COL_KIND,
	COL_UNIT,
	COL_DESCRIPTION,
	COL_OWNER,
	COL_ADMIN,
	COL_SUPPLIER,
	COL_HOSTING,
	COL_PERSONAL,
	COL_CRITICAL,
	COL_VITAL,
	COL_NIS2,
	COL_LIFECYCLE,
	COL_COUNT + X_CLASSIFIED,
	COL_COUNT + X_C,
	COL_COUNT + X_I,
	COL_COUNT + X_A,
	COL_COUNT + X_T,
	COL_COUNT + X_REVIEW,
	COL_COUNT + X_NEEDS_REVIEW,
	COL_COUNT + X_UPDATED,
};

static void export_csv_header(struct csv_writer *w, enum lang lang)
{
	for (int i = 0; i < N_EXPORT; i++)
		csv_writer_cell(w, header_of(export_order[i], lang));
	csv_writer_end_row(w);
}

static void export_csv_row(struct csv_writer *w, struct arena *a, const struct asset *as,
			   const struct export_words *words)
{
	const char *cells[N_EXPORT];

	export_row(a, as, words, cells);
	for (int i = 0; i < N_EXPORT; i++)
		csv_writer_cell(w, cells[export_order[i]]);
	csv_writer_end_row(w);
}

void asset_export_csv(struct buf *b, const struct asset *items, size_t n, enum lang lang)
{
	struct export_words words;
	struct csv_writer w;

	export_words_of(lang, &words);
	csv_writer_init(&w, b, ';', true);
	export_csv_header(&w, lang);
	for (size_t r = 0; r < n; r++)
		export_csv_row(&w, b->arena, &items[r], &words);
}

int asset_export_next(void *stream, struct db *db, struct arena *a, struct buf *out, struct err *e)
{
	struct asset_export_stream *s = stream;
	struct export_words words;
	struct asset *items;
	size_t n;
	int rc;

	if (!s->begun) {
		s->begun = true;
		if (s->format == ASSET_EXPORT_CSV) {
			csv_writer_init(&s->csv, out, ';', true);
			export_csv_header(&s->csv, s->lang);
		} else {
			json_init(&s->json, out);
			json_obj_open(&s->json);
			json_key(&s->json, "items");
			json_arr_open(&s->json);
		}
	}
	/* The writers keep their state from piece to piece; only the buffer is new. */
	s->csv.b = out;
	s->json.b = out;
	rc = q_asset_page_after(db, a, &s->f, s->subtree, s->today, s->after_id, ASSET_EXPORT_PAGE, &items, &n, e);
	if (rc)
		return rc;
	if (s->format == ASSET_EXPORT_CSV)
		export_words_of(s->lang, &words);
	for (size_t i = 0; i < n; i++) {
		if (s->format == ASSET_EXPORT_CSV)
			export_csv_row(&s->csv, a, &items[i], &words);
		else
			asset_json(&s->json, &items[i]);
	}
	s->n_written += (int64_t)n;
	if (n)
		s->after_id = items[n - 1].id;
	if (n == ASSET_EXPORT_PAGE)
		return 1;
	if (s->format == ASSET_EXPORT_JSON) {
		json_arr_close(&s->json);
		json_kv_int(&s->json, "total", s->n_written);
		json_obj_close(&s->json);
	}
	return 0;
}

void asset_export_json(struct buf *b, const struct asset *items, size_t n, int64_t total)
{
	struct json j;
	json_init(&j, b);
	json_obj_open(&j);
	json_key(&j, "items");
	json_arr_open(&j);
	for (size_t i = 0; i < n; i++)
		asset_json(&j, &items[i]);
	json_arr_close(&j);
	json_kv_int(&j, "total", total);
	json_obj_close(&j);
}

static unsigned column_flags(int c)
{
	return c == COL_COUNT + X_ID || c == COL_COUNT + X_C || c == COL_COUNT + X_I || c == COL_COUNT + X_A ||
			       c == COL_COUNT + X_T
		       ? XLSX_NUMBER
		       : 0;
}

static double column_width(int c)
{
	switch (c) {
	case COL_NAME:
		return 34;
	case COL_DESCRIPTION:
		return 50;
	case COL_UNIT:
		return 28;
	case COL_KIND:
	case COL_OWNER:
	case COL_ADMIN:
	case COL_SUPPLIER:
	case COL_HOSTING:
		return 22;
	case COL_COUNT + X_ID:
		return 8;
	default:
		return 17;
	}
}

/* The export as a table for io/xlsxwrite.c: its columns and cells in export order. */
static struct xlsx_sheet export_sheet(struct arena *a, const struct asset *items, size_t n, enum lang lang)
{
	struct xlsx_column *cols = arena_calloc(a, N_EXPORT, sizeof(*cols));
	const char **cells = arena_calloc(a, n ? n * N_EXPORT : 1, sizeof(*cells));
	const char *row[N_EXPORT];
	struct export_words words;

	export_words_of(lang, &words);
	for (int i = 0; i < N_EXPORT; i++)
		cols[i] = (struct xlsx_column){ header_of(export_order[i], lang), column_width(export_order[i]),
						column_flags(export_order[i]) };
	for (size_t r = 0; r < n; r++) {
		export_row(a, &items[r], &words, row);
		for (int i = 0; i < N_EXPORT; i++)
			cells[r * N_EXPORT + (size_t)i] = row[export_order[i]];
	}
	return (struct xlsx_sheet){
		lang == LANG_EN ? "Information assets" : "Informationstillgångar", NULL, 0, cols, N_EXPORT, cells, n
	};
}

int asset_export_xlsx_file(struct arena *a, const struct asset *items, size_t n, enum lang lang, const char *path,
			   struct err *e)
{
	struct xlsx_sheet s = export_sheet(a, items, n, lang);
	return xlsx_write_file(&s, path, e);
}

int asset_export_xlsx(struct arena *a, const struct asset *items, size_t n, enum lang lang, const char **data,
		      size_t *len, struct err *e)
{
	struct xlsx_sheet s = export_sheet(a, items, n, lang);
	return xlsx_write(a, &s, data, len, e);
}

const char *asset_export_filename(struct arena *a, const char *ext)
{
	char now[TIME_ISO_LEN];
	time_now_iso(now);
	return arena_printf(a, "informationstillgangar-%.10s.%s", now, ext);
}

int asset_export_open(struct asset_export *x, struct db *db, struct arena *a, const struct asset_filter *f,
		      const char *ext, enum lang lang, struct err *e)
{
	struct asset *items;
	size_t n;
	int64_t total;
	int rc;

	memset(x, 0, sizeof(*x));
	x->filename = asset_export_filename(a, ext);
	if (strcmp(ext, "xlsx")) { /* the whole register, streamed a page at a time */
		bool csv = !strcmp(ext, "csv");
		x->stream = arena_alloc(a, sizeof(*x->stream));
		x->mime = csv ? "text/csv; charset=utf-8" : "application/json";
		return asset_export_begin(x->stream, db, a, f, csv ? ASSET_EXPORT_CSV : ASSET_EXPORT_JSON, lang, e);
	}
	x->mime = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
	if ((rc = asset_export_list(db, a, f, &items, &n, &total, e)))
		return rc;
	return asset_export_xlsx(a, items, n, lang, &x->data, &x->len, e);
}
