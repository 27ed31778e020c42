/*
 * cmd_demo.c - tillit demo: a fictional municipality to try Tillit with.
 *
 * Ekdala kommun, with its municipal executive board (kommunstyrelsen),
 * three more boards with their administrations and units, a municipal
 * company and a federation, and one user per role. Passwords are random and
 * printed once, here; only their hashes are stored. Everything is created
 * through the domain functions, so the demo data has its audit trail too.
 */
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "core/arena.h"
#include "core/err.h"
#include "db/db.h"
#include "domain/asset.h"
#include "domain/auth.h"
#include "domain/classify.h"
#include "domain/unit.h"
#include "domain/user.h"

static const struct auth demo_auth = AUTH_SYSTEM("system (demo)");

struct demo_unit {
	int parent; /* index into the table, -1 for the root */
	const char *kind, *name, *code, *prefix;
};

static const struct demo_unit demo_units[] = {
	/* 0 */ { -1, "organisation", "Ekdala kommun", "EK", "" },
	/* 1 */ { 0, "board", "Kommunstyrelsen", "KS", "KS" },
	/* 2 */ { 1, "administration", "Kommunledningsförvaltningen", "KLF", "KS" },
	/* 3 */ { 2, "unit", "IT-enheten", "IT", "" },
	/* 4 */ { 2, "unit", "HR-enheten", "HR", "" },
	/* 5 */ { 2, "unit", "Kansliet", "KAN", "" },
	/* 6 */ { 0, "board", "Barn- och utbildningsnämnden", "BUN", "BUN" },
	/* 7 */ { 6, "administration", "Barn- och utbildningsförvaltningen", "BUF", "BUN" },
	/* 8 */ { 7, "unit", "Grundskolan", "GS", "" },
	/* 9 */ { 7, "unit", "Förskolan", "FS", "" },
	/* 10 */ { 0, "board", "Socialnämnden", "SN", "SN" },
	/* 11 */ { 10, "administration", "Socialförvaltningen", "SOC", "SN" },
	/* 12 */ { 11, "unit", "Individ- och familjeomsorgen", "IFO", "" },
	/* 13 */ { 11, "unit", "Äldreomsorgen", "ÄO", "" },
	/* 14 */ { 0, "board", "Miljö- och byggnadsnämnden", "MBN", "MBN" },
	/* 15 */ { 14, "administration", "Samhällsbyggnadsförvaltningen", "SBF", "MBN" },
	/* 16 */ { 1, "company", "Ekdala Energi AB", "EEAB", "" },
	/* 17 */ { 1, "federation", "Räddningstjänstförbundet Mittdal", "RTF", "" },
};
#define N_DEMO_UNITS (sizeof(demo_units) / sizeof(demo_units[0]))

struct demo_user {
	const char *username, *name, *email, *role;
	int unit; /* index, -1 for the whole installation */
};

static const struct demo_user demo_users[] = {
	{ "admin", "Alva Andersson", "alva.andersson@ekdala.example", "administrator", -1 },
	{ "samordnare", "Sam Berg", "sam.berg@ekdala.example", "coordinator", 0 },
	{ "dso", "Dana Ek", "dana.ek@ekdala.example", "dpo", 0 },
	{ "agare", "Olle Lind", "olle.lind@ekdala.example", "owner", 11 },
	{ "lasare", "Lena Nord", "lena.nord@ekdala.example", "reader", 10 },
	{ "revisor", "Rut Strand", "rut.strand@ekdala.example", "auditor", 0 },
};
#define N_DEMO_USERS (sizeof(demo_users) / sizeof(demo_users[0]))

struct demo_asset {
	int unit; /* index into demo_units */
	const char *kind, *name, *description, *supplier, *hosting;
	int owner; /* index into demo_users */
	bool personal_data, business_critical, nis2;
	int holds;        /* index of an information set it holds, or -1 */
	int64_t level[3]; /* signed classification C, I, A; -1: not classified */
	const char *why;  /* motivation for the levels */
};

static const struct demo_asset demo_assets[] = {
	/* 0 */ { 12,
		  "information_set",
		  "Personakter inom individ- och familjeomsorgen",
		  "Utredningar, beslut och journalanteckningar om enskilda.",
		  "",
		  "",
		  3,
		  true,
		  true,
		  false,
		  -1,
		  { 3, 2, 2 },
		  "Känsliga personuppgifter och sekretess enligt OSL 26 kap." },
	/* 1 */
	{ 11,
	  "system",
	  "Verksamhetssystem socialtjänst",
	  "Ärendehantering och dokumentation i socialtjänsten.",
	  "Exempel Systems AB",
	  "supplier",
	  3,
	  true,
	  true,
	  true,
	  0,
	  { 3, 3, 3 },
	  "Stöder myndighetsutövning; avbrott drabbar enskilda allvarligt." },
	/* 2 */
	{ 13,
	  "system",
	  "Planeringssystem hemtjänst",
	  "Planering av besök och insatser i hemtjänsten.",
	  "Omsorgsdata AB",
	  "cloud",
	  3,
	  true,
	  true,
	  false,
	  -1,
	  { -1, -1, -1 },
	  NULL },
	/* 3 */
	{ 2,
	  "system",
	  "Ekonomisystem",
	  "Redovisning, fakturor och budget.",
	  "Ekonomi AB",
	  "municipal_it",
	  0,
	  false,
	  true,
	  false,
	  -1,
	  { 2, 3, 2 },
	  "Felaktiga uppgifter kan ge ekonomisk skada och fel i bokslutet." },
	/* 4 */
	{ 3,
	  "digital_service",
	  "E-tjänsteplattform",
	  "Medborgarnas e-tjänster och inloggning.",
	  "",
	  "own",
	  0,
	  true,
	  true,
	  true,
	  -1,
	  { -1, -1, -1 },
	  NULL },
	/* 5 */
	{ 11,
	  "manual",
	  "Pappersarkiv socialtjänst",
	  "Äldre akter i närarkivet.",
	  "",
	  "",
	  3,
	  true,
	  false,
	  false,
	  -1,
	  { -1, -1, -1 },
	  NULL },
};
#define N_DEMO_ASSETS (sizeof(demo_assets) / sizeof(demo_assets[0]))

/* Assets with dependencies and signed classifications, so the register and
 * the figures have something to show. */
static int demo_register(struct db *db, struct arena *a, const int64_t *units, const int64_t *users, struct err *e)
{
	int64_t ids[N_DEMO_ASSETS];
	int rc;

	for (size_t i = 0; i < N_DEMO_ASSETS; i++) {
		const struct demo_asset *d = &demo_assets[i];
		struct asset_input in = { .unit_id = units[d->unit],
					  .kind = d->kind,
					  .name = d->name,
					  .description = d->description,
					  .owner_id = users[d->owner],
					  .supplier = d->supplier,
					  .hosting = d->hosting,
					  .personal_data = d->personal_data,
					  .business_critical = d->business_critical,
					  .nis2 = d->nis2 };
		struct asset created;
		if ((rc = asset_create(db, a, &demo_auth, &in, &ids[i], e)) ||
		    (rc = asset_get(db, a, ids[i], &created, e)))
			return rc;
		if (d->holds >= 0 &&
		    (rc = asset_link_add(db, a, &demo_auth, &created, ids[d->holds], "holds", NULL, e)))
			return rc;
		if (d->level[0] < 0)
			continue;
		struct class_input ci = { .requested = { d->level[0], d->level[1], d->level[2], -1 },
					  .motivation = { d->why, d->why, d->why, NULL } };
		struct auth owner = { .user_id = users[d->owner],
				      .username = demo_users[d->owner].username,
				      .display_name = demo_users[d->owner].name };
		struct classification c;
		int64_t cid;
		if ((rc = classify_create(db, a, &demo_auth, &created, &ci, &cid, NULL, e)) ||
		    (rc = classify_get(db, a, cid, &c, e)) || (rc = auth_load_grants(db, a, &owner, e)) ||
		    (rc = classify_sign(db, a, &owner, &created, &c, e)))
			return rc;
	}
	return 0;
}

int cmd_demo(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "db", required_argument, 0, 'd' },
		{ "if-empty", no_argument, 0, 'e' },
		{ "audit-key", required_argument, 0, 'k' },
		{ 0, 0, 0, 0 },
	};
	const char *url = NULL, *key = NULL;
	bool if_empty = false;
	int64_t ids[N_DEMO_UNITS], uids[N_DEMO_USERS], n_units = 0, uid;
	struct err e = { 0 };
	struct arena *a;
	struct db *db;
	int c, rc = 0;

	optind = 0;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c == 'd')
			url = optarg;
		else if (c == 'e')
			if_empty = true;
		else if (c == 'k')
			key = optarg;
		else
			return cli_usage("demo", "unknown option");
	}
	if (optind != argc)
		return cli_usage("demo", "takes no arguments");
	db = cli_open_db_keyed(cli_db_url(url), key);
	if (!db)
		return CLI_FAIL;
	a = arena_new();
	rc = unit_count_all(db, a, &n_units, &e);
	if (rc)
		goto fail;
	if (n_units > 0) {
		if (if_empty) {
			printf("The database already holds data; no demo data was added.\n");
			goto out;
		}
		fprintf(stderr, "tillit: the database already holds data; demo data goes only into an empty one.\n");
		rc = CLI_FAIL;
		goto out;
	}
	for (size_t i = 0; i < N_DEMO_UNITS; i++) {
		const struct demo_unit *d = &demo_units[i];
		struct unit_input in = { d->parent < 0 ? 0 : ids[d->parent], d->kind, d->name, d->code, d->prefix, "" };
		rc = unit_create(db, a, &demo_auth, &in, &ids[i], &e);
		if (rc)
			goto fail;
	}
	printf("Demo data: Ekdala kommun with %zu units.\n", N_DEMO_UNITS);
	printf("Sign in at http://127.0.0.1:8080/ with one of these accounts.\n");
	printf("The passwords are shown only now:\n\n");
	for (size_t i = 0; i < N_DEMO_USERS; i++) {
		const struct demo_user *d = &demo_users[i];
		struct user_input in = { d->username, d->name, d->email, "sv", true };
		const char *pw = auth_new_token(a, "");
		pw = arena_strndup(a, pw, 16);
		rc = user_create(db, a, &demo_auth, &in, pw, &uid, &e);
		if (!rc)
			rc = grant_add(db, a, &demo_auth, uid, d->unit < 0 ? 0 : ids[d->unit], d->role, NULL, &e);
		if (rc)
			goto fail;
		uids[i] = uid;
		printf("  %-12s %-16s %s\n", d->username, pw, d->role);
	}
	printf("\n");
	rc = demo_register(db, a, ids, uids, &e);
	if (rc)
		goto fail;
	printf("Information assets: %zu, some classified and signed by their owners.\n", N_DEMO_ASSETS);
	if ((rc = cmd_demo_register(db, a, &demo_auth, &e)))
		goto fail;
	printf("Register of processing activities: two activities, one reviewed, one awaiting its owner.\n");
	goto out;
fail:
	rc = cli_fail(&e);
out:
	arena_free(a);
	db_close(db);
	return rc;
}
