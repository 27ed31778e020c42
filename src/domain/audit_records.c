/*
 * audit_records.c - do the business tables still say what the audit trail
 * says they should?
 *
 * Every audited write records the record as it is afterwards ("after").
 * Reading the trail in order and folding those snapshots per record (a
 * "create" starts afresh, a "delete" removes, any other entry with a
 * snapshot overwrites the members it names; an entry that records an
 * event about the record, not the record, is passed over: events[]) gives
 * the state each record should have now. Each table is then read whole
 * and compared, column by column, with the members of that state: a value
 * edited in the database, a row inserted behind Tillit's back (a role
 * granted with SQL), a row deleted, or one restored after its removal all
 * show up.
 *
 * Compared are the columns listed in kinds[] below, each with the key of
 * the snapshot member it must equal (a dotted key looks inside an object:
 * "levels.integrity"). A member the state lacks (a snapshot written before
 * the member existed) is not compared. Left out on purpose: columns that
 * change without an entry of their own, such as a unit's path when an
 * ancestor moves, versions and time stamps, the needs_review flag and the
 * current classification of an asset (derived from other records), the
 * options and positions of classification questions, the level names of a
 * classification model, password hashes and sessions (never in a snapshot).
 */
#include "domain/audit.h"

#include <inttypes.h>
#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "core/arena.h"
#include "core/err.h"
#include "db/q_audit.h"

#define MAX_FINDINGS 1000
#define BATCH        1000

struct kind {
	const char *entity;
	enum audit_table table;
	const char *const *keys; /* snapshot key of each compared column, in q_audit.c's order, NULL-terminated */
};

static const char *const unit_keys[] = { "parent_id", "kind", "name", "code", "case_prefix", "contact", NULL };
static const char *const user_keys[] = { "username", "display_name", "email", "lang", "active", NULL };
static const char *const grant_keys[] = { "user_id", "unit_id", "role", NULL };
static const char *const token_keys[] = { "user_id", "name", "prefix", "revoked_at", "expires_at", NULL };
static const char *const asset_keys[] = {
	"unit_id",  "kind",    "name",          "description",       "owner_id", "administrator_id",
	"supplier", "hosting", "personal_data", "business_critical", "nis2",     "lifecycle",
	NULL
};
static const char *const link_keys[] = { "from_id", "to_id", "kind", NULL };
static const char *const class_keys[] = { "asset_id",
					  "version_no",
					  "status",
					  "levels.confidentiality",
					  "levels.integrity",
					  "levels.availability",
					  "levels.traceability",
					  "motivations.confidentiality",
					  "motivations.integrity",
					  "motivations.availability",
					  "motivations.traceability",
					  "review_due",
					  "signed_by",
					  "signed_at",
					  NULL };
static const char *const fulfil_keys[] = { "asset_id",     "requirement_id", "status", "comment",
					   "evidence_url", "action_id",      NULL };
static const char *const activity_keys[] = { "unit_id",
					     "plan_id",
					     "area_id",
					     "title",
					     "purpose",
					     "status",
					     "status_comment",
					     "next_step",
					     "responsible_unit_id",
					     "responsible_id",
					     "due_date",
					     "carried_from_id",
					     NULL };
static const char *const req_keys[] = { "code",  "title", "text", "category", "min_c", "min_i",
					"min_a", "min_t", "nis2", "active",   NULL };
static const char *const model_keys[] = { "org_id", "use_traceability", "max_level", "review_months", NULL };
static const char *const question_keys[] = { "org_id", "aspect", "text", "help", "active", NULL };
static const char *const ic_deviation_keys[] = { "result_id", "unit_id", "description", "cause", "remedy",
						 "due",       "status",  "activity_id", NULL };

static const char *const governing_document_keys[] = {
	"unit_id",     "kind",          "title",       "owner_id", "decided_by", "decision_date", "case_ref",
	"doc_version", "review_months", "next_review", "status",   "link",       "replaces_id",   NULL
};
static const char *const inspection_keys[] = { "unit_id",      "auditor_kind", "auditor", "title",
					       "report_date",  "case_ref",     "scope",   "assessment",
					       "observations", "follows_id",   NULL };
static const char *const recommendation_keys[] = { "inspection_id", "number", "text", "status", NULL };
static const char *const response_keys[] = { "inspection_id", "unit_id",     "response_date", "case_ref",
					     "address",       "addressee",   "title",         "summary",
					     "status",        "approved_by", "approved_on",   NULL };
static const char *const measure_keys[] = { "response_id", "title",    "unit_id",      "owner_id",  "status",
					    "comment",     "case_ref", "planned_date", "done_date", NULL };

static const char *const review_keys[] = { "unit_id",  "year",        "version_no",  "status", "contact",
					   "case_ref", "approved_by", "approved_on", NULL };
static const char *const dpo_keys[] = { "unit_id", "report_year", "text", "followup", "status", NULL };

static const struct kind kinds[] = {
	{ "unit", AT_UNITS, unit_keys },
	{ "user", AT_USERS, user_keys },
	{ "role_assignment", AT_GRANTS, grant_keys },
	{ "api_token", AT_TOKENS, token_keys },
	{ "asset", AT_ASSETS, asset_keys },
	{ "asset_link", AT_LINKS, link_keys },
	{ "classification", AT_CLASSIFICATIONS, class_keys },
	{ "asset_requirement", AT_FULFILMENTS, fulfil_keys },
	{ "activity", AT_ACTIVITIES, activity_keys },
	{ "requirement", AT_REQUIREMENTS, req_keys },
	{ "class_model", AT_MODELS, model_keys },
	{ "class_question", AT_QUESTIONS, question_keys },
	{ "governing_document", AT_GOVERNING_DOCUMENTS, governing_document_keys },
	{ "inspection", AT_INSPECTIONS, inspection_keys },
	{ "recommendation", AT_RECOMMENDATIONS, recommendation_keys },
	{ "response", AT_RESPONSES, response_keys },
	{ "measure", AT_MEASURES, measure_keys },
	{ "intcontrol_deviation", AT_IC_DEVIATIONS, ic_deviation_keys },
	{ "review", AT_REVIEWS, review_keys },
	{ "dpo_recommendation", AT_DPO, dpo_keys },
};
#define N_KINDS (sizeof(kinds) / sizeof(kinds[0]))

/*
 * Entities recorded under another name before their table was renamed: the
 * tracked actions became action-plan activities (same ids), and their
 * "description" is an activity's "purpose".
 */
static const struct {
	const char *entity, *now, *member, *member_now;
} aliases[] = {
	{ "action", "activity", "description", "purpose" },
};

/* The entity @entity is folded as, and the snapshot member it renames (NULL when none). */
static const char *entity_now(const char *entity, const char **member, const char **member_now)
{
	*member = *member_now = NULL;
	for (size_t i = 0; entity && i < sizeof(aliases) / sizeof(aliases[0]); i++)
		if (!strcmp(entity, aliases[i].entity)) {
			*member = aliases[i].member;
			*member_now = aliases[i].member_now;
			return aliases[i].now;
		}
	return entity;
}

static bool known_entity(const char *entity)
{
	for (size_t k = 0; entity && k < N_KINDS; k++)
		if (!strcmp(entity, kinds[k].entity))
			return true;
	return false;
}

/*
 * Entries about a record whose "after" is something else than the record:
 * a reading round of a document, a reading confirmed, a requirement the
 * document meets. Folded in, their members (the round's unit, say) would
 * stand for the record's own.
 */
static const struct {
	const char *entity, *action;
} events[] = {
	{ "governing_document", "round_start" },
	{ "governing_document", "acknowledge" },
	{ "governing_document", "requirement_add" },
	{ "governing_document", "requirement_remove" },
};

static bool is_event(const char *entity, const char *action)
{
	for (size_t i = 0; i < sizeof(events) / sizeof(events[0]); i++)
		if (!strcmp(entity, events[i].entity) && !strcmp(action, events[i].action))
			return true;
	return false;
}

/* "entity#id", the key of a record's state. */
static void state_key(char *out, size_t len, const char *entity, int64_t id)
{
	snprintf(out, len, "%s#%" PRId64, entity, id);
}

/* Fold one entry into the states. A removed record's state is JSON null. */
static void fold(json_t *states, const char *entity, int64_t id, const char *action, const char *after)
{
	char key[96];
	json_t *snap, *cur;
	const char *member, *member_now;

	entity = entity_now(entity, &member, &member_now);
	if (is_event(entity, action))
		return;
	state_key(key, sizeof(key), entity, id);
	if (!strcmp(action, "delete")) {
		json_object_set_new(states, key, json_null());
		return;
	}
	if (!after)
		return;
	snap = json_loads(after, 0, NULL);
	if (!json_is_object(snap)) {
		json_decref(snap);
		return;
	}
	if (member && json_object_get(snap, member) && !json_object_get(snap, member_now)) {
		json_object_set(snap, member_now, json_object_get(snap, member));
		json_object_del(snap, member);
	}
	cur = json_object_get(states, key);
	if (!strcmp(action, "create") || !json_is_object(cur))
		json_object_set_new(states, key, snap);
	else {
		json_object_update(cur, snap);
		json_decref(snap);
	}
}

/* The member at dotted @path of @obj, or NULL when absent. */
static json_t *member(json_t *obj, const char *path)
{
	const char *dot = strchr(path, '.');
	char head[64];

	if (!dot)
		return json_object_get(obj, path);
	if ((size_t)(dot - path) >= sizeof(head))
		return NULL;
	memcpy(head, path, (size_t)(dot - path));
	head[dot - path] = '\0';
	obj = json_object_get(obj, head);
	return json_is_object(obj) ? json_object_get(obj, dot + 1) : NULL;
}

/* A snapshot value as the database writes it: text, integers in decimal,
 * booleans as 1/0, null as NULL. *comparable is false for objects, arrays
 * and reals. Result lives in @a. */
static const char *as_text(struct arena *a, json_t *v, bool *comparable)
{
	*comparable = true;
	switch (json_typeof(v)) {
	case JSON_STRING:
		return arena_strndup(a, json_string_value(v), json_string_length(v));
	case JSON_INTEGER:
		return arena_printf(a, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
	case JSON_TRUE:
		return "1";
	case JSON_FALSE:
		return "0";
	case JSON_NULL:
		return NULL;
	default:
		*comparable = false;
		return NULL;
	}
}

static bool same_value(const char *x, const char *y)
{
	return (!x && !y) || (x && y && !strcmp(x, y));
}

struct findings {
	struct arena *a;
	struct audit_record_finding *v;
	size_t n;
};

static void add(struct findings *f, enum audit_record_problem p, const char *entity, int64_t id, const char *field,
		const char *in_table, const char *in_trail)
{
	if (f->n < MAX_FINDINGS) {
		struct audit_record_finding *x = &f->v[f->n];
		x->problem = p;
		x->entity = entity;
		x->id = id;
		x->field = field;
		x->in_table = in_table ? arena_strdup(f->a, in_table) : NULL;
		x->in_trail = in_trail;
	}
	f->n++;
}

/* Compare every record of one table with its state, and mark the state seen. */
static int check_kind(struct db *db, struct arena *a, const struct kind *k, json_t *states, struct findings *f,
		      int64_t *n_records, struct err *e)
{
	struct arena *tmp = arena_new();
	struct audit_table_row *rows = NULL;
	size_t n_rows = 0, n_cols = 0;
	char key[96];
	int rc;

	rc = q_audit_table(db, tmp, k->table, &rows, &n_rows, &n_cols, e);
	for (size_t i = 0; !rc && i < n_rows; i++) {
		int64_t id = rows[i].id;
		json_t *st;

		(*n_records)++;
		state_key(key, sizeof(key), k->entity, id);
		st = json_object_get(states, key);
		if (!st) {
			add(f, ARP_UNRECORDED, k->entity, id, NULL, NULL, NULL);
			continue;
		}
		if (json_is_null(st)) {
			add(f, ARP_DELETED, k->entity, id, NULL, NULL, NULL);
			json_object_del(states, key);
			continue;
		}
		for (size_t c = 0; k->keys[c] && c < n_cols; c++) {
			json_t *v = member(st, k->keys[c]);
			const char *cell = rows[i].cells[c], *want;
			bool comparable;

			if (!v)
				continue;
			want = as_text(a, v, &comparable);
			if (comparable && !same_value(cell, want))
				add(f, ARP_CHANGED, k->entity, id, k->keys[c], cell, want);
		}
		json_object_del(states, key);
	}
	arena_free(tmp);
	return rc;
}

int audit_verify_records(struct db *db, struct arena *a, struct audit_record_finding **out, size_t *n,
			 int64_t *n_records, struct err *e)
{
	json_t *states = json_object();
	struct findings f = { a, arena_calloc(a, MAX_FINDINGS, sizeof(*f.v)), 0 };
	struct audit_snapshot *snaps;
	size_t n_snaps = 0;
	int64_t last_id = 0;
	const char *key;
	json_t *st;
	int rc = 0;

	*n_records = 0;
	/* Fold the whole trail, a batch at a time. */
	do {
		struct arena *batch = arena_new();
		rc = q_audit_snapshots(db, batch, last_id, BATCH, &snaps, &n_snaps, e);
		for (size_t i = 0; !rc && i < n_snaps; i++) {
			last_id = snaps[i].id;
			const char *m, *mn;
			if (known_entity(entity_now(snaps[i].entity, &m, &mn)) && snaps[i].action)
				fold(states, snaps[i].entity, snaps[i].entity_id, snaps[i].action, snaps[i].after);
		}
		arena_free(batch);
	} while (!rc && n_snaps == BATCH);

	for (size_t k = 0; !rc && k < N_KINDS; k++)
		rc = check_kind(db, a, &kinds[k], states, &f, n_records, e);
	/* What is left was recorded but is not in its table. */
	json_object_foreach(states, key, st)
	{
		const char *hash = strchr(key, '#');
		int64_t id = 0;
		if (rc || json_is_null(st) || !hash)
			continue;
		sscanf(hash + 1, "%" SCNd64, &id);
		add(&f, ARP_MISSING, arena_strndup(a, key, (size_t)(hash - key)), id, NULL, NULL, NULL);
	}
	json_decref(states);
	if (rc)
		return rc;
	*out = f.v;
	*n = f.n;
	return 0;
}
