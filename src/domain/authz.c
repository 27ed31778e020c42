/*
 * authz.c - the role table and scope checks.
 *
 * Scope is a unit's materialised path ("/1/4/9/"): a grant on unit 4 covers
 * every unit whose path begins with "/1/4/". A grant with no unit covers
 * the whole installation.
 */
#include "domain/authz.h"

#include <string.h>

#include "core/buf.h"
#include "core/err.h"
#include "core/log.h"

static const char *const role_names[ROLE_COUNT] = {
	[ROLE_ADMIN] = "administrator", [ROLE_COORDINATOR] = "coordinator", [ROLE_DPO] = "dpo",
	[ROLE_OWNER] = "owner",         [ROLE_READER] = "reader",           [ROLE_AUDITOR] = "auditor",
};

static const char *const role_labels[ROLE_COUNT] = {
	[ROLE_ADMIN] = N_("Administrator"),
	[ROLE_COORDINATOR] = N_("Information security coordinator"),
	[ROLE_DPO] = N_("Data protection officer"),
	[ROLE_OWNER] = N_("Owner"),
	[ROLE_READER] = N_("Reader"),
	[ROLE_AUDITOR] = N_("Auditor"),
};

struct actor actor_of(const struct auth *a)
{
	struct actor act = { 0, "system" };
	if (a) {
		act.id = a->user_id;
		act.name = a->username;
	}
	return act;
}

const char *role_name(enum role r)
{
	return (r > ROLE_NONE && r < ROLE_COUNT) ? role_names[r] : NULL;
}

enum role role_parse(const char *s)
{
	if (!s)
		return ROLE_NONE;
	for (int r = ROLE_ADMIN; r < ROLE_COUNT; r++)
		if (!strcmp(s, role_names[r]))
			return (enum role)r;
	return ROLE_NONE;
}

const char *role_label(enum role r)
{
	return (r > ROLE_NONE && r < ROLE_COUNT) ? role_labels[r] : "";
}

bool authz_role_allows(enum role r, enum access x)
{
	if (r <= ROLE_NONE || r >= ROLE_COUNT)
		return false;
	switch (x) {
	case ACCESS_PUBLIC:
	case ACCESS_LOGIN:
	case ACCESS_READ:
		return true;
	case ACCESS_EDIT:
		return r == ROLE_ADMIN || r == ROLE_COORDINATOR;
	case ACCESS_ADMIN:
		return r == ROLE_ADMIN;
	case ACCESS_AUDIT:
		return r == ROLE_ADMIN || r == ROLE_AUDITOR;
	case ACCESS_OWN:
		return r == ROLE_ADMIN || r == ROLE_COORDINATOR || r == ROLE_OWNER;
	case ACCESS_HANDLE:
		return r == ROLE_ADMIN || r == ROLE_COORDINATOR || r == ROLE_DPO;
	case ACCESS_GDPR:
		return r == ROLE_ADMIN || r == ROLE_COORDINATOR || r == ROLE_DPO;
	case ACCESS_DPO:
		return r == ROLE_ADMIN || r == ROLE_DPO;
	case ACCESS_UNSET:
		break;
	}
	return false;
}

static bool grant_covers(const struct grant *g, const char *unit_path)
{
	if (g->unit_id == 0)
		return true;
	if (!unit_path || !g->unit_path)
		return false;
	return strncmp(unit_path, g->unit_path, strlen(g->unit_path)) == 0;
}

/*
 * Whether one of @a's grants allows @x and covers @unit_path (NULL: only a
 * grant on the whole installation covers it), or with @anywhere, on
 * whichever unit it is. The system may do anything.
 */
static bool grants_allow(const struct auth *a, enum access x, const char *unit_path, bool anywhere)
{
	if (!a)
		return false;
	if (a->system)
		return true;
	for (size_t i = 0; i < a->n_grants; i++)
		if (authz_role_allows(a->grants[i].role, x) && (anywhere || grant_covers(&a->grants[i], unit_path)))
			return true;
	return false;
}

bool authz_in_scope(const struct auth *a, enum access x, const char *unit_path)
{
	return grants_allow(a, x, unit_path, false);
}

const char *authz_roles_in_scope(struct arena *ar, const struct auth *a, const char *unit_path)
{
	struct buf b;
	bool held[ROLE_COUNT] = { false };

	if (!a)
		return "";
	if (a->system)
		return "system";
	for (size_t i = 0; i < a->n_grants; i++)
		if (a->grants[i].role > ROLE_NONE && a->grants[i].role < ROLE_COUNT &&
		    grant_covers(&a->grants[i], unit_path))
			held[a->grants[i].role] = true;
	buf_init(&b, ar);
	for (int r = ROLE_NONE + 1; r < ROLE_COUNT; r++) {
		if (!held[r])
			continue;
		if (b.len)
			buf_addch(&b, ',');
		buf_adds(&b, role_name((enum role)r));
	}
	return buf_cstr(&b);
}

bool authz_owner_rule(enum access x)
{
	return x == ACCESS_OWN || x == ACCESS_GDPR;
}

bool authz_may_edit_as(const struct auth *a, enum access x, const char *unit_path, int64_t owner_id)
{
	if (authz_in_scope(a, x == ACCESS_OWN ? ACCESS_EDIT : x, unit_path))
		return true;
	return a && owner_id && owner_id == a->user_id && authz_in_scope(a, ACCESS_OWN, unit_path);
}

bool authz_may_edit_owned(const struct auth *a, const char *unit_path, int64_t owner_id)
{
	return authz_may_edit_as(a, ACCESS_OWN, unit_path, owner_id);
}

bool authz_anywhere(const struct auth *a, enum access x)
{
	return grants_allow(a, x, NULL, true);
}

bool authz_global(const struct auth *a, enum access x)
{
	return grants_allow(a, x, NULL, false);
}

bool authz_may_reference(const struct auth *a, enum access x, const char *unit_path, int64_t owner_id)
{
	if (!a || a->system)
		return true;
	if (authz_owner_rule(x))
		return authz_may_edit_as(a, x, unit_path, owner_id);
	return authz_in_scope(a, x, unit_path);
}

const void *scope_record(const struct scope *s, const char *kind)
{
	if (!s->kind || strcmp(s->kind, kind) != 0 || !s->record)
		BUG("the route's scope did not read a record of the kind its handler expects");
	return s->record;
}
