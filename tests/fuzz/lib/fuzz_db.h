/*
 * fuzz_db.h - a small register for the import harnesses: a migrated
 * in-memory SQLite database with an organisation, two boards, a unit, two
 * users (one an installation-wide administrator) and the default
 * requirements library.
 */
#ifndef TILLIT_FUZZ_DB_H
#define TILLIT_FUZZ_DB_H

#include "domain/authz.h"

struct db;

/** The database, set up on the first call; the administrator signed in as *admin. Aborts on failure. */
struct db *fuzz_db(const struct auth **admin);

#endif
