/*
 * role_suggestion.c - roles suggested by a provider's groups claim (see
 * role_suggestion.h).
 */
#include "domain/role_suggestion.h"

#include <string.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/err.h"
#include "core/i18n.h"
#include "core/json.h"
#include "core/timeutil.h"
#include "db/db.h"
#include "db/q_signin.h"
#include "db/q_user.h"
#include "domain/audit.h"
#include "domain/tasks.h"
#include "domain/user.h"
#include "domain/validate.h"

#define GROUP_MAX 200

/* --- snapshots ------------------------------------------------------------ */

void group_role_json(struct json *j, const struct group_role *m)
{
	json_obj_open(j);
	json_kv_int(j, "id", m->id);
	json_kv_str(j, "provider", m->provider_slug);
	json_kv_str(j, "group", m->group_value);
	json_kv_str(j, "role", m->role);
	json_kv_id(j, "unit_id", m->unit_id);
	json_kv_str(j, "unit_name", m->unit_name);
	json_obj_close(j);
}

void role_suggestion_json(struct json *j, const struct role_suggestion *s)
{
	json_obj_open(j);
	json_kv_int(j, "id", s->id);
	json_kv_int(j, "user_id", s->user_id);
	json_kv_str(j, "username", s->username);
	json_kv_str(j, "display_name", s->display_name);
	json_kv_str(j, "role", s->role);
	json_kv_id(j, "unit_id", s->unit_id);
	json_kv_str(j, "unit_name", s->unit_name);
	json_kv_int(j, "provider_id", s->provider_id);
	json_kv_str(j, "provider_name", s->provider_name);
	json_kv_str(j, "group", s->group_value);
	json_kv_str(j, "state", s->state);
	json_kv_str(j, "created_at", s->created_at);
	json_kv_str(j, "seen_at", s->seen_at);
	json_kv_str(j, "decided_at", s->decided_at);
	json_kv_id(j, "decided_by", s->decided_by);
	json_obj_close(j);
}

static void write_suggestion(struct json *j, const void *rec)
{
	role_suggestion_json(j, rec);
}

static void write_group_role(struct json *j, const void *rec)
{
	group_role_json(j, rec);
}

static const char *suggestion_text(struct arena *a, const struct role_suggestion *s)
{
	return json_text(a, write_suggestion, s);
}

static const char *group_role_text(struct arena *a, const struct group_role *m)
{
	return json_text(a, write_group_role, m);
}

/* --- which group suggests which role -------------------------------------- */

/* What a mapping names: its provider, a unit by short code, a known role; the errors name the field. */
struct mapping {
	struct oidc_provider p;
	int64_t unit_id;
	const char *unit_name;
	const char *role;
};

static int mapping_read(struct db *db, struct arena *a, const char *slug, const char *group, const char *role,
			const char *unit_code, struct mapping *m, struct err *e)
{
	int rc = q_oidc_provider_by_slug(db, a, slug ? slug : "", &m->p, e);

	if (rc == ERR_NOTFOUND)
		return err_set(e, ERR_NOTFOUND, "slug", N_("There is no provider with that short name."));
	if (rc || (rc = check_text(e, "group", group, GROUP_MAX, true)))
		return rc;
	if (role_parse(role) == ROLE_NONE)
		return err_set(e, ERR_INVALID, "role", N_("Choose a role."));
	m->role = role_name(role_parse(role));
	m->unit_id = 0;
	m->unit_name = NULL;
	if (unit_code && *unit_code) {
		const char **codes;
		int64_t *ids;
		size_t n;
		if ((rc = q_directory_unit_codes(db, a, &codes, &ids, &n, e)))
			return rc;
		for (size_t i = 0; i < n && !m->unit_id; i++)
			if (!strcmp(codes[i], unit_code)) {
				m->unit_id = ids[i];
				m->unit_name = codes[i];
			}
		if (!m->unit_id)
			return err_set1(e, ERR_INVALID, "unit", N_("No unit has the short code %s."), unit_code);
	}
	return 0;
}

static int map_add_in_tx(struct db *db, struct arena *a, const struct auth *auth, const char *slug, const char *group,
			 const char *role, const char *unit_code, struct err *e)
{
	struct mapping m;
	struct group_role g = { 0 };
	char now[TIME_ISO_LEN];
	int rc = mapping_read(db, a, slug, group, role, unit_code, &m, e);

	if (rc)
		return rc;
	time_now_iso(now);
	rc = q_group_role_insert(db, a, m.p.id, group, m.role, m.unit_id, now, &g.id, e);
	if (rc == ERR_EXISTS)
		return err_set(e, ERR_EXISTS, "group", N_("The provider's group already suggests this role there."));
	if (rc)
		return rc;
	g = (struct group_role){ g.id, m.p.id, m.p.slug, group, m.role, m.unit_id, m.unit_name, "", now };
	return audit_append(db, a, actor_of(auth), "oidc_group_role", g.id, m.unit_id, "create", NULL,
			    group_role_text(a, &g), e);
}

int group_role_add(struct db *db, struct arena *a, const struct auth *auth, const char *slug, const char *group,
		   const char *role, const char *unit_code, struct err *e)
{
	int rc = db_begin(db, e);
	return rc ? rc : db_end(db, map_add_in_tx(db, a, auth, slug, group, role, unit_code, e), e);
}

static int map_remove_in_tx(struct db *db, struct arena *a, const struct auth *auth, const char *slug,
			    const char *group, const char *role, const char *unit_code, struct err *e)
{
	struct mapping m;
	struct group_role g = { 0 };
	int rc = mapping_read(db, a, slug, group, role, unit_code, &m, e);

	if (rc)
		return rc;
	rc = q_group_role_delete(db, a, m.p.id, group, m.role, m.unit_id, e);
	if (rc == ERR_NOTFOUND)
		return err_set(e, ERR_NOTFOUND, "group", N_("The provider's group does not suggest this role there."));
	if (rc || (rc = q_role_suggestion_withdraw_mapped(db, a, m.p.id, group, m.role, m.unit_id, e)))
		return rc;
	g = (struct group_role){ 0, m.p.id, m.p.slug, group, m.role, m.unit_id, m.unit_name, "", NULL };
	return audit_append(db, a, actor_of(auth), "oidc_group_role", 0, m.unit_id, "delete", group_role_text(a, &g),
			    NULL, e);
}

int group_role_remove(struct db *db, struct arena *a, const struct auth *auth, const char *slug, const char *group,
		      const char *role, const char *unit_code, struct err *e)
{
	int rc = db_begin(db, e);
	return rc ? rc : db_end(db, map_remove_in_tx(db, a, auth, slug, group, role, unit_code, e), e);
}

int group_role_list(struct db *db, struct arena *a, int64_t provider_id, struct group_role **out, size_t *n,
		    struct err *e)
{
	return q_group_role_list(db, a, provider_id, out, n, e);
}

/* --- at sign-in ----------------------------------------------------------- */

static bool has_group(const char *const *groups, size_t n, const char *g)
{
	for (size_t i = 0; i < n; i++)
		if (groups[i] && !strcmp(groups[i], g))
			return true;
	return false;
}

/* Does some mapping of @maps carried by @groups suggest @role on @unit_id? */
static bool still_suggested(const struct group_role *maps, size_t n_maps, const char *const *groups, size_t n,
			    const char *role, int64_t unit_id)
{
	for (size_t i = 0; i < n_maps; i++)
		if (maps[i].unit_id == unit_id && !strcmp(maps[i].role, role) &&
		    has_group(groups, n, maps[i].group_value))
			return true;
	return false;
}

int role_suggestion_note_in_tx(struct db *db, struct arena *a, int64_t user_id, int64_t provider_id,
			       const char *const *groups, size_t n, struct err *e)
{
	struct actor act = { 0, "sign-in" };
	struct group_role *maps;
	struct role_suggestion *have, *read;
	struct role_grant *held;
	size_t n_maps, n_have, n_held;
	char now[TIME_ISO_LEN];
	int rc;

	if ((rc = q_group_role_list(db, a, provider_id, &maps, &n_maps, e)))
		return rc;
	if (!n_maps)
		return 0;
	if ((rc = q_role_suggestion_of_user(db, a, user_id, &read, &n_have, e)) ||
	    (rc = q_user_grants(db, a, user_id, &held, &n_held, e)))
		return rc;
	/* Room for one new suggestion per mapping after those read. */
	have = arena_calloc(a, n_have + n_maps, sizeof(*have));
	memcpy(have, read, n_have * sizeof(*have));
	time_now_iso(now);
	for (size_t i = 0; i < n_maps; i++) {
		const struct group_role *m = &maps[i];
		bool known = false;
		int64_t id = 0;

		if (!has_group(groups, n, m->group_value))
			continue;
		for (size_t k = 0; k < n_have && !known; k++)
			if (have[k].unit_id == m->unit_id && !strcmp(have[k].role, m->role)) {
				known = true;
				if (!strcmp(have[k].state, "pending") &&
				    (rc = q_role_suggestion_seen(db, a, have[k].id, now, e)))
					return rc;
			}
		for (size_t k = 0; k < n_held && !known; k++)
			known = held[k].unit_id == m->unit_id && !strcmp(held[k].role, m->role);
		if (known)
			continue;
		if ((rc = q_role_suggestion_insert(db, a, user_id, m->role, m->unit_id, provider_id, m->group_value,
						   now, &id, e)))
			return rc;
		if (id) {
			struct role_suggestion s;
			/* Two mappings may suggest the same role: the second finds the first's row. */
			if ((rc = q_role_suggestion_get(db, a, id, &s, e)) ||
			    (rc = audit_append(db, a, act, "role_suggestion", id, m->unit_id, "create", NULL,
					       suggestion_text(a, &s), e)))
				return rc;
			have[n_have++] = s;
		}
	}
	/* This provider's pending suggestions whose group did not come with this sign-in are withdrawn. */
	for (size_t k = 0; k < n_have; k++) {
		const struct role_suggestion *s = &have[k];
		if (s->provider_id != provider_id || strcmp(s->state, "pending") != 0 ||
		    still_suggested(maps, n_maps, groups, n, s->role, s->unit_id))
			continue;
		if ((rc = q_role_suggestion_withdraw(db, a, s->id, e)) ||
		    (rc = audit_append(db, a, act, "role_suggestion", s->id, s->unit_id, "withdraw",
				       suggestion_text(a, s), NULL, e)))
			return rc;
	}
	return 0;
}

/* --- reading -------------------------------------------------------------- */

int role_suggestion_get(struct db *db, struct arena *a, int64_t id, struct role_suggestion *out, struct err *e)
{
	int rc = q_role_suggestion_get(db, a, id, out, e);
	if (rc == ERR_NOTFOUND)
		return err_set(e, ERR_NOTFOUND, "id", N_("No such role suggestion."));
	return rc;
}

int role_suggestion_scope(struct db *db, struct arena *a, int64_t id, struct scope *s, struct err *e)
{
	struct role_suggestion *r = arena_calloc(a, 1, sizeof(*r));
	int rc = role_suggestion_get(db, a, id, r, e);
	if (rc)
		return rc;
	*s = (struct scope){ "role_suggestion", r, r->unit_id, r->unit_id ? r->unit_path : NULL, 0 };
	return 0;
}

bool role_suggestion_may_decide(const struct auth *auth, const struct role_suggestion *s)
{
	return s->unit_id == 0 ? authz_global(auth, ACCESS_ADMIN) : authz_in_scope(auth, ACCESS_ADMIN, s->unit_path);
}

int role_suggestion_pending(struct db *db, struct arena *a, const struct auth *auth, int64_t user_id, int64_t limit,
			    int64_t offset, struct role_suggestion **out, size_t *n, int64_t *total, struct err *e)
{
	return q_role_suggestion_pending(db, a, user_viewer(auth), user_id, limit, offset, out, n, total, e);
}

int role_suggestion_tasks(struct db *db, struct arena *a, const struct auth *auth, const char *today, size_t max,
			  struct task **out, size_t *n, struct err *e)
{
	struct role_suggestion *s;
	size_t got = 0;
	int64_t total;
	int rc;

	(void)today;
	*n = 0;
	*out = arena_calloc(a, 1, sizeof(**out));
	if (!auth || !auth->user_id || !max || !authz_anywhere(auth, ACCESS_ADMIN))
		return 0;
	if ((rc = role_suggestion_pending(db, a, auth, 0, (int64_t)max, 0, &s, &got, &total, e)))
		return rc;
	*out = arena_calloc(a, got ? got : 1, sizeof(**out));
	for (size_t i = 0; i < got; i++) {
		struct task *t = &(*out)[i];
		t->kind = "user"; /* the person's page, where the suggestion's buttons are */
		t->id = s[i].user_id;
		t->title = arena_printf(a, "%s: %s", tr(auth->lang, role_label(role_parse(s[i].role))),
					s[i].display_name && *s[i].display_name ? s[i].display_name : s[i].username);
		t->context = arena_printf(a, "%s – %s", tr(auth->lang, "Suggested role"),
					  s[i].unit_id ? s[i].unit_name : tr(auth->lang, "The whole installation"));
		t->status = N_("Waiting for a decision");
	}
	*n = got;
	return 0;
}

/* --- deciding ------------------------------------------------------------- */

/* The pending suggestion @id, which @auth may decide. */
static int pending_for(struct db *db, struct arena *a, const struct auth *auth, int64_t id, struct role_suggestion *s,
		       struct err *e)
{
	int rc = role_suggestion_get(db, a, id, s, e);
	if (rc)
		return rc;
	if (strcmp(s->state, "pending") != 0)
		return err_set(e, ERR_CONFLICT, NULL, N_("This suggestion has already been granted or dismissed."));
	if (!role_suggestion_may_decide(auth, s))
		return err_set(e, ERR_FORBIDDEN, "unit_id", N_("Your roles do not give access to this unit."));
	return 0;
}

static int decide_in_tx(struct db *db, struct arena *a, const struct auth *auth, int64_t id, bool grant,
			int64_t *grant_id, struct err *e)
{
	struct role_suggestion before, after;
	char now[TIME_ISO_LEN];
	int rc = pending_for(db, a, auth, id, &before, e);

	if (rc)
		return rc;
	if (grant && (rc = grant_add_in_tx(db, a, auth, before.user_id, before.unit_id, before.role, grant_id, e)))
		return rc;
	time_now_iso(now);
	rc = q_role_suggestion_decide(db, a, id, grant ? "granted" : "dismissed", now, actor_of(auth).id, e);
	if (rc == ERR_NOTFOUND) /* decided by someone else since it was read */
		return err_set(e, ERR_CONFLICT, NULL, N_("This suggestion has already been granted or dismissed."));
	if (rc || (rc = q_role_suggestion_get(db, a, id, &after, e)))
		return rc;
	return audit_append(db, a, actor_of(auth), "role_suggestion", id, before.unit_id, grant ? "grant" : "dismiss",
			    suggestion_text(a, &before), suggestion_text(a, &after), e);
}

int role_suggestion_grant(struct db *db, struct arena *a, const struct auth *auth, int64_t id, int64_t *grant_id,
			  struct err *e)
{
	int64_t ignored = 0;
	int rc = db_begin(db, e);
	return rc ? rc : db_end(db, decide_in_tx(db, a, auth, id, true, grant_id ? grant_id : &ignored, e), e);
}

int role_suggestion_dismiss(struct db *db, struct arena *a, const struct auth *auth, int64_t id, struct err *e)
{
	int rc = db_begin(db, e);
	return rc ? rc : db_end(db, decide_in_tx(db, a, auth, id, false, NULL, e), e);
}
