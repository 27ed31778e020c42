/*
 * fuzz_db.c - the register of fuzz_db.h.
 */
#include "fuzz_db.h"

#include <stdlib.h>

#include "core/arena.h"
#include "core/err.h"
#include "core/i18n.h"
#include "core/log.h"
#include "domain/auth.h"
#include "domain/unit.h"
#include "domain/user.h"
#include "fixtures.h"
#include "fuzz.h"

static struct db *db;
static struct auth admin_auth;

static int64_t unit(struct arena *a, int64_t parent, const char *kind, const char *name, const char *code)
{
	struct unit_input in = { parent, kind, name, code, "", "" };
	struct err e = { 0 };
	int64_t id;

	if (unit_create(db, a, &fx_system, &in, &id, &e))
		fuzz_fail("setup", "unit_create(%s): %s", name, e.msgid);
	return id;
}

static int64_t user(struct arena *a, const char *username, const char *display)
{
	struct user_input in = { username, display, "", "sv", true };
	struct err e = { 0 };
	int64_t id;

	if (user_create(db, a, &fx_system, &in, "fuzz password 12345", &id, &e))
		fuzz_fail("setup", "user_create(%s): %s", username, e.msgid);
	return id;
}

struct db *fuzz_db(const struct auth **admin)
{
	static struct arena *a;
	struct err e = { 0 };
	int64_t org, ks, admin_id;

	if (!db) {
		log_set_quiet(getenv("FUZZ_VERBOSE") == NULL);
		unsetenv("TEST_DB_URL");
		user_set_fast_hash(true);
		i18n_init();
		if (fixture_db_open(&db))
			fuzz_fail("setup", "no test database");
		a = arena_new();
		org = unit(a, 0, "organisation", "Ekdala kommun", "EK");
		ks = unit(a, org, "board", "Kommunstyrelsen", "KS");
		unit(a, ks, "unit", "IT-enheten", "IT");
		unit(a, org, "board", "Socialnämnden", "SOC");
		admin_id = user(a, "admin", "Ada Administratör");
		user(a, "anna", "Anna Ägare");
		if (grant_add(db, a, &fx_system, admin_id, 0, "administrator", NULL, &e))
			fuzz_fail("setup", "grant_add: %s", e.msgid);
		admin_auth.user_id = admin_id;
		admin_auth.username = "admin";
		if (auth_load_grants(db, a, &admin_auth, &e))
			fuzz_fail("setup", "auth_load_grants: %s", e.msgid);
	}
	*admin = &admin_auth;
	return db;
}
