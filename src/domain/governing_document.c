/*
 * governing_document.c - rules of governing documents (see
 * governing_document.h).
 *
 * A file is kept as base64 text beside its SHA-256 in hex, so both
 * database engines store it the same way; the download decodes it and
 * compares the checksum before a byte is sent. Whether a file may be
 * attached is decided by its name's extension and confirmed by its first
 * bytes (PDF's "%PDF-", the ZIP container of Office and OpenDocument
 * files, text that is UTF-8): a page that says it is a PDF and is HTML
 * is refused.
 */
#include "domain/governing_document.h"

#include <inttypes.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/err.h"
#include "core/json.h"
#include "core/str.h"
#include "core/timeutil.h"
#include "db/db.h"
#include "db/q_risk.h"
#include "db/q_training.h"
#include "db/q_unit.h"
#include "domain/audit.h"
#include "domain/classify.h"
#include "domain/listexport.h"
#include "domain/tasks.h"
#include "domain/unit.h"
#include "domain/validate.h"

const char *const governing_document_kinds[GD_KIND_COUNT] = { "policy", "guideline", "directive", "routine",
							      "instruction" };
const char *const governing_document_kind_labels[GD_KIND_COUNT] = { N_("Policy"), N_("Guideline"), N_("Directive"),
								    N_("Routine"), N_("Instruction") };
const char *const governing_document_statuses[GD_STATUS_COUNT] = { "draft", "in_force", "under_review", "repealed" };
const char *const governing_document_status_labels[GD_STATUS_COUNT] = { N_("Draft"), N_("In force"), N_("Under review"),
									N_("Repealed") };
const char *const governing_document_sorts[GD_SORT_COUNT] = { "title", "next_review", "decision_date" };
const char *const governing_document_sort_labels[GD_SORT_COUNT] = { N_("Title"), N_("Next review"),
								    N_("Decision date, newest first") };
const char *const governing_document_dues[2] = { "overdue", "soon" };
const char *const governing_document_due_labels[2] = { N_("Overdue for review"), N_("Due for review soon") };

const char *governing_document_kind_label(const char *kind)
{
	int i = table_index(governing_document_kinds, GD_KIND_COUNT, kind);
	return i < 0 ? (kind ? kind : "") : governing_document_kind_labels[i];
}

const char *governing_document_status_label(const char *status)
{
	int i = table_index(governing_document_statuses, GD_STATUS_COUNT, status);
	return i < 0 ? (status ? status : "") : governing_document_status_labels[i];
}

/* @today plus @days, as YYYY-MM-DD. */
static void day_plus(const char *today, int days, char out[TIME_ISO_LEN])
{
	char iso[TIME_ISO_LEN];
	time_t t;
	snprintf(iso, sizeof(iso), "%.10sT12:00:00Z", today);
	if (!time_parse_iso(iso, &t)) {
		snprintf(out, TIME_ISO_LEN, "%.10s", today);
		return;
	}
	time_iso(t + (time_t)days * 86400, out);
	out[10] = 0;
}

int governing_document_next_review(const char *date, int64_t months, char out[11])
{
	if (months < 1)
		return ERR_INVALID;
	return classify_add_months(date, months, out);
}

bool governing_document_overdue(const struct governing_document *d, const char *today)
{
	return d->next_review && (!strcmp(d->status, "in_force") || !strcmp(d->status, "under_review")) &&
	       strcmp(d->next_review, today) < 0;
}

const char *governing_document_choice_label(struct arena *a, const struct governing_document *d)
{
	if (d->doc_version && *d->doc_version)
		return arena_printf(a, "%s (%s, %s)", d->title, d->doc_version, d->unit_name ? d->unit_name : "");
	return arena_printf(a, "%s (%s)", d->title, d->unit_name ? d->unit_name : "");
}

/* Whether @x (any case) is @want, folded; a NULL @want is anything. */
static bool same_folded(struct arena *a, const char *x, const char *want)
{
	return !want || !strcmp(str_fold(a, x ? x : ""), want);
}

/*
 * The documents titled @title that @viewer_id sees, in *n_match, and in *id the one when only one has version
 * @version and is in unit @unit (NULL: any); @either, when not NULL, is a version or a unit.
 */
static int find_titled(struct db *db, struct arena *a, int64_t viewer_id, const char *title, const char *version,
		       const char *unit, const char *either, int64_t *id, size_t *n_match, struct err *e)
{
	struct governing_document *list;
	size_t n;
	int rc;

	*id = 0;
	*n_match = 0;
	if (!*title)
		return 0;
	if ((rc = q_governing_document_titled(db, a, viewer_id, str_fold(a, title), GD_CHOICE_MAX, &list, &n, e)))
		return rc;
	version = version ? str_fold(a, version) : NULL;
	unit = unit ? str_fold(a, unit) : NULL;
	either = either ? str_fold(a, either) : NULL;
	for (size_t i = 0; i < n; i++) {
		if (!same_folded(a, list[i].doc_version, version) || !same_folded(a, list[i].unit_name, unit) ||
		    (either && !same_folded(a, list[i].doc_version, either) &&
		     !same_folded(a, list[i].unit_name, either)))
			continue;
		(*n_match)++;
		*id = list[i].id;
	}
	if (*n_match != 1)
		*id = 0;
	return 0;
}

int governing_document_find_choice(struct db *db, struct arena *a, int64_t viewer_id, const char *text, int64_t *id_out,
				   size_t *n_match, struct err *e)
{
	char *t = str_trim(arena_strdup(a, text ? text : "")), *inner;
	const char *title;
	int rc;

	/* "Title (version, Unit)", "Title (version)", or a title alone. */
	str_split_label(a, t, &title, &inner);
	if (inner) {
		char *comma = strstr(inner, ", ");
		if (comma) {
			*comma = 0;
			rc = find_titled(db, a, viewer_id, title, inner, comma + 2, NULL, id_out, n_match, e);
		} else {
			rc = find_titled(db, a, viewer_id, title, NULL, NULL, inner, id_out, n_match, e);
		}
		if (rc || *n_match)
			return rc;
	}
	return find_titled(db, a, viewer_id, t, NULL, NULL, NULL, id_out, n_match, e);
}

int governing_document_get(struct db *db, struct arena *a, int64_t id, struct governing_document *out, struct err *e)
{
	int rc = q_governing_document_get(db, a, id, out, e);
	return rc == ERR_NOTFOUND ? err_set(e, ERR_NOTFOUND, "id", N_("No such governing document.")) : rc;
}

int governing_document_scope(struct db *db, struct arena *a, int64_t id, struct scope *s, struct err *e)
{
	struct governing_document *d = arena_calloc(a, 1, sizeof(*d));
	int rc = governing_document_get(db, a, id, d, e);
	if (rc)
		return rc;
	*s = (struct scope){ "governing_document", d, d->unit_id, d->unit_path, d->owner_id };
	return 0;
}

const char *const governing_document_filter_args[] = {
	"unit_id", "owner_id", "kind", "status", "due", "q", "sort", NULL
};

static int enum_arg(const char *(*get)(void *ctx, const char *name), void *ctx, const char *name,
		    const char *const *table, size_t n, const char **out, struct err *e)
{
	const char *v = filter_arg(get, ctx, name);
	if (!v) {
		*out = NULL;
		return 0;
	}
	if (table_index(table, n, v) < 0)
		return err_set1(e, ERR_INVALID, name, N_("Not a value this list can be filtered by: %s"), v);
	*out = v;
	return 0;
}

int governing_document_filter_parse(struct governing_document_filter *f,
				    const char *(*get)(void *ctx, const char *name), void *ctx, struct err *e)
{
	const char *due = NULL, *sort = NULL;
	int rc;
	if ((rc = filter_id(get, ctx, "unit_id", &f->unit_id, e)) ||
	    (rc = filter_id(get, ctx, "owner_id", &f->owner_id, e)) ||
	    (rc = enum_arg(get, ctx, "kind", governing_document_kinds, GD_KIND_COUNT, &f->kind, e)) ||
	    (rc = enum_arg(get, ctx, "status", governing_document_statuses, GD_STATUS_COUNT, &f->status, e)) ||
	    (rc = enum_arg(get, ctx, "due", governing_document_dues, 2, &due, e)) ||
	    (rc = enum_arg(get, ctx, "sort", governing_document_sorts, GD_SORT_COUNT, &sort, e)))
		return rc;
	f->q = filter_arg(get, ctx, "q");
	f->due = due;
	f->sort = sort  ? (enum governing_document_sort)table_index(governing_document_sorts, GD_SORT_COUNT, sort)
		  : due ? GD_SORT_REVIEW
			: GD_SORT_TITLE;
	return 0;
}

int governing_document_list(struct db *db, struct arena *a, const struct governing_document_filter *f,
			    struct governing_document **out, size_t *n, int64_t *total, struct err *e)
{
	char today[TIME_ISO_LEN], by[TIME_ISO_LEN];
	const char *subtree, *due_by = NULL;
	int rc = unit_subtree(db, a, f->unit_id, &subtree, e);
	if (rc)
		return rc;
	if (f->due) {
		if (f->today)
			snprintf(today, sizeof(today), "%.10s", f->today);
		else
			time_today_iso(today);
		day_plus(today, !strcmp(f->due, "overdue") ? -1 : GD_SOON_DAYS, by);
		due_by = by;
	}
	return q_governing_document_list(db, a, f, subtree, due_by, out, n, total, e);
}

struct governing_document_input governing_document_input_of(const struct governing_document *d)
{
	struct governing_document_input in = { 0 };
	in.unit_id = d->unit_id;
	in.kind = d->kind;
	in.title = d->title;
	in.owner_id = d->owner_id;
	in.decided_by = d->decided_by;
	in.decision_date = d->decision_date;
	in.case_ref = d->case_ref;
	in.doc_version = d->doc_version;
	in.review_months = d->review_months;
	in.next_review = d->next_review;
	/* A next review that is the computed one stays computed: a new decision date moves it. */
	if (d->next_review && d->decision_date) {
		char computed[11];
		if (!governing_document_next_review(d->decision_date, d->review_months, computed) &&
		    !strcmp(computed, d->next_review))
			in.next_review = NULL;
	}
	in.status = d->status;
	in.link = d->link;
	in.replaces_id = d->replaces_id;
	return in;
}

bool governing_document_can_edit(const struct auth *auth, const struct governing_document *d)
{
	return authz_may_edit_owned(auth, d->unit_path, d->owner_id);
}

static struct governing_document_input gd_clean(struct arena *a, const struct governing_document_input *raw)
{
	struct governing_document_input in = *raw;
	in.kind = text_trimmed(a, raw->kind);
	in.title = text_trimmed(a, raw->title);
	in.title_folded = str_fold(a, in.title);
	in.decided_by = text_trimmed(a, raw->decided_by);
	in.decision_date = raw->decision_date && *raw->decision_date ? text_trimmed(a, raw->decision_date) : NULL;
	in.case_ref = text_trimmed(a, raw->case_ref);
	in.doc_version = text_trimmed(a, raw->doc_version);
	in.next_review = raw->next_review && *raw->next_review ? text_trimmed(a, raw->next_review) : NULL;
	in.status = raw->status && *raw->status ? text_trimmed(a, raw->status) : "draft";
	in.link = text_trimmed(a, raw->link);
	if (in.decision_date && !*in.decision_date)
		in.decision_date = NULL;
	if (in.next_review && !*in.next_review)
		in.next_review = NULL;
	return in;
}

/*
 * Check @in for the document @before (NULL: new) as @auth; fill @after's
 * looked-up names and @next (the next review: given, or computed from the
 * decision date, or empty).
 */
static int gd_check(struct db *db, struct arena *a, const struct auth *auth, const struct governing_document_input *in,
		    const struct governing_document *before, struct governing_document *after, char next[11],
		    struct err *e)
{
	int rc;
	const struct unit_target t = {
		.unit_id = in->unit_id,
		.current_id = before ? before->unit_id : 0,
		.current_name = before ? before->unit_name : NULL,
		.current_path = before ? before->unit_path : NULL,
		.access = before ? ACCESS_OWN : ACCESS_EDIT,
		.owner_id = before ? before->owner_id : 0,
		.missing = N_("Choose the unit the document applies to."),
		.refused = N_("Your roles do not let you add governing documents to this unit."),
	};
	if ((rc = unit_target_check(db, a, auth, &t, &after->unit_name, &after->unit_path, e)))
		return rc;
	if (table_index(governing_document_kinds, GD_KIND_COUNT, in->kind) < 0)
		return err_set(e, ERR_INVALID, "kind",
			       N_("Choose the kind: policy, guideline, directive, routine or instruction."));
	if ((rc = check_text(e, "title", in->title, 300, true)) ||
	    (rc = check_text(e, "decided_by", in->decided_by, 300, false)) ||
	    (rc = check_date(e, "decision_date", in->decision_date, false)) ||
	    (rc = check_text(e, "case_ref", in->case_ref, 100, false)) ||
	    (rc = check_text(e, "doc_version", in->doc_version, 40, true)) ||
	    (rc = check_date(e, "next_review", in->next_review, false)) ||
	    (rc = check_text(e, "link", in->link, 2000, false)))
		return rc;
	if (table_index(governing_document_statuses, GD_STATUS_COUNT, in->status) < 0)
		return err_set(e, ERR_INVALID, "status",
			       N_("Choose the status: draft, in force, under review or repealed."));
	if (in->review_months < 1 || in->review_months > 120)
		return err_set(e, ERR_INVALID, "review_months",
			       N_("Give the review interval in whole months, from 1 to 120."));
	if (*in->link && !str_starts(in->link, "https://") && !str_starts(in->link, "http://"))
		return err_set(e, ERR_INVALID, "link", N_("A link begins with https:// or http://."));
	if (!strcmp(in->status, "in_force") && !in->decision_date)
		return err_set(e, ERR_INVALID, "decision_date", N_("A document in force needs its decision date."));
	next[0] = 0;
	if (in->next_review) {
		if (in->decision_date && strcmp(in->next_review, in->decision_date) < 0)
			return err_set(e, ERR_INVALID, "next_review",
				       N_("The next review cannot be before the decision date."));
		snprintf(next, 11, "%s", in->next_review);
	} else if (in->decision_date &&
		   governing_document_next_review(in->decision_date, in->review_months, next) != 0) {
		return err_set(e, ERR_INVALID, "decision_date", N_("Give a real date."));
	}
	after->owner_name = before && before->owner_id == in->owner_id ? before->owner_name : NULL;
	if (in->owner_id && !after->owner_name) {
		rc = q_risk_user_name(db, a, in->owner_id, &after->owner_name, e);
		if (rc == ERR_NOTFOUND)
			return err_set(e, ERR_INVALID, "owner_id", N_("No such user."));
		if (rc)
			return rc;
	}
	after->replaces_title = NULL;
	after->replaces_unit_path = NULL;
	/* The document it replaced already, in a unit the user may not see: kept as it is, as every reference. */
	if (before && in->replaces_id && in->replaces_id == before->replaces_id) {
		after->replaces_title = before->replaces_title;
		after->replaces_unit_path = before->replaces_unit_path;
	} else if (in->replaces_id) {
		struct governing_document r;
		if (before && in->replaces_id == before->id)
			return err_set(e, ERR_INVALID, "replaces_id", N_("A document cannot replace itself."));
		rc = q_governing_document_get(db, a, in->replaces_id, &r, e);
		if (rc == ERR_NOTFOUND || (!rc && !authz_may_reference(auth, ACCESS_READ, r.unit_path, 0)))
			return err_set(e, ERR_INVALID, "replaces_id", N_("No such governing document."));
		if (rc)
			return rc;
		after->replaces_title = r.title;
		after->replaces_unit_path = r.unit_path;
	}
	return 0;
}

static void gd_apply(struct arena *a, struct governing_document *d, const struct governing_document_input *in,
		     const char *next)
{
	d->unit_id = in->unit_id;
	d->kind = in->kind;
	d->title = in->title;
	d->owner_id = in->owner_id;
	d->decided_by = in->decided_by;
	d->decision_date = in->decision_date;
	d->case_ref = in->case_ref;
	d->doc_version = in->doc_version;
	d->review_months = in->review_months;
	d->next_review = *next ? arena_strdup(a, next) : NULL;
	d->status = in->status;
	d->link = in->link;
	d->replaces_id = in->replaces_id;
}

static void write_governing_document_json(struct json *j, const void *rec)
{
	governing_document_json(j, rec);
}

static const char *gd_snapshot(struct arena *a, const struct governing_document *d)
{
	return json_text(a, write_governing_document_json, d);
}

static int gd_create_in_tx(struct db *db, struct arena *a, const struct auth *auth,
			   const struct governing_document_input *in, int64_t *id_out, struct err *e)
{
	struct governing_document d = { 0 };
	char now[TIME_ISO_LEN], next[11];
	int rc;

	time_now_iso(now);
	if ((rc = gd_check(db, a, auth, in, NULL, &d, next, e)))
		return rc;
	if ((rc = q_governing_document_insert(db, a, in, next, actor_of(auth).id, now, &d.id, e)))
		return rc;
	gd_apply(a, &d, in, next);
	d.version = 1;
	d.created_by = actor_of(auth).id;
	d.created_at = d.updated_at = now;
	if (id_out)
		*id_out = d.id;
	if ((rc = q_governing_document_version_add(db, a, d.id, &d, actor_of(auth).id, now, e)))
		return rc;
	return audit_append(db, a, actor_of(auth), "governing_document", d.id, d.unit_id, "create", NULL,
			    gd_snapshot(a, &d), e);
}

int governing_document_create(struct db *db, struct arena *a, const struct auth *auth,
			      const struct governing_document_input *raw, int64_t *id_out, struct err *e)
{
	struct governing_document_input in = gd_clean(a, raw);
	int rc = db_begin(db, e);
	if (rc)
		return rc;
	return db_end(db, gd_create_in_tx(db, a, auth, &in, id_out, e), e);
}

static const char *const gd_conflict_msg = N_("Someone else has changed this document since you opened it. Their "
					      "version is shown; your changes are kept in the form.");

static int gd_stale(struct db *db, struct arena *a, const struct governing_document *before,
		    struct governing_document *current, struct err *e)
{
	int rc;
	if (current && (rc = governing_document_get(db, a, before->id, current, e)))
		return rc;
	return err_set(e, ERR_CONFLICT, "version", gd_conflict_msg);
}

/*
 * A new version: a new round for each group and unit the old version's
 * rounds asked; a unit no longer below the document's (it moved) gives way
 * to the document's own.
 */
static int rounds_renew(struct db *db, struct arena *a, const struct auth *auth,
			const struct governing_document *before, const struct governing_document *after,
			const char *now, struct err *e)
{
	struct governing_document_round *r;
	size_t n;
	int rc = q_governing_document_rounds(db, a, before->id, &r, &n, e);
	for (size_t i = 0; !rc && i < n; i++) {
		int64_t unit = r[i].target_unit_id, id;
		bool seen = false;
		if (strcmp(r[i].doc_version, before->doc_version))
			continue;
		if (unit && (unit == after->unit_id || !str_starts(r[i].target_unit_path, after->unit_path)))
			r[i].target_unit_id = unit = 0;
		for (size_t k = 0; k < i && !seen; k++)
			seen = !strcmp(r[k].doc_version, before->doc_version) && r[k].group_id == r[i].group_id &&
			       r[k].target_unit_id == unit;
		if (!seen)
			rc = q_governing_document_round_insert(db, a, before->id, after->doc_version, r[i].group_id,
							       unit, actor_of(auth).id, now, &id, e);
	}
	return rc;
}

static int gd_update_in_tx(struct db *db, struct arena *a, const struct auth *auth,
			   const struct governing_document *before, int64_t version,
			   const struct governing_document_input *in, struct governing_document *current, struct err *e)
{
	struct governing_document after = *before;
	char now[TIME_ISO_LEN], next[11];
	int rc;

	time_now_iso(now);
	if (before->version != version)
		return version_conflict(current, before, sizeof(*before), e, gd_conflict_msg);
	if ((rc = gd_check(db, a, auth, in, before, &after, next, e)))
		return rc;
	rc = q_governing_document_update(db, a, before->id, version, in, next, now, e);
	if (rc == ERR_CONFLICT)
		return gd_stale(db, a, before, current, e);
	if (rc)
		return rc;
	gd_apply(a, &after, in, next);
	after.version = version + 1;
	after.updated_at = now;
	if (strcmp(before->doc_version, after.doc_version) &&
	    ((rc = q_governing_document_version_add(db, a, before->id, &after, actor_of(auth).id, now, e)) ||
	     (rc = rounds_renew(db, a, auth, before, &after, now, e))))
		return rc;
	return audit_append(db, a, actor_of(auth), "governing_document", before->id, after.unit_id, "update",
			    gd_snapshot(a, before), gd_snapshot(a, &after), e);
}

int governing_document_update(struct db *db, struct arena *a, const struct auth *auth,
			      const struct governing_document *before, int64_t version,
			      const struct governing_document_input *raw, struct governing_document *current,
			      struct err *e)
{
	struct governing_document_input in = gd_clean(a, raw);
	int rc = db_begin(db, e);
	if (rc)
		return rc;
	return db_end(db, gd_update_in_tx(db, a, auth, before, version, &in, current, e), e);
}

/* --- files --- */

static const struct {
	const char *ext;
	const char *type;
	enum { MAGIC_PDF, MAGIC_ZIP, MAGIC_TEXT } magic;
} file_types[] = {
	{ ".pdf", "application/pdf", MAGIC_PDF },
	{ ".docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", MAGIC_ZIP },
	{ ".xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", MAGIC_ZIP },
	{ ".pptx", "application/vnd.openxmlformats-officedocument.presentationml.presentation", MAGIC_ZIP },
	{ ".odt", "application/vnd.oasis.opendocument.text", MAGIC_ZIP },
	{ ".ods", "application/vnd.oasis.opendocument.spreadsheet", MAGIC_ZIP },
	{ ".txt", "text/plain; charset=utf-8", MAGIC_TEXT },
};

static int file_type_index(const char *name)
{
	size_t n = name ? strlen(name) : 0;
	for (size_t i = 0; i < sizeof(file_types) / sizeof(file_types[0]); i++) {
		size_t k = strlen(file_types[i].ext);
		if (n > k && str_ieq(name + n - k, file_types[i].ext))
			return (int)i;
	}
	return -1;
}

const char *governing_document_file_type(const char *name)
{
	int i = file_type_index(name);
	return i < 0 ? NULL : file_types[i].type;
}

static bool magic_ok(int i, const char *data, size_t len)
{
	switch (file_types[i].magic) {
	case MAGIC_PDF:
		return len >= 5 && !memcmp(data, "%PDF-", 5);
	case MAGIC_ZIP:
		return len >= 4 && !memcmp(data, "PK\x03\x04", 4);
	case MAGIC_TEXT:
		return memchr(data, 0, len) == NULL && str_valid_utf8(data, len);
	}
	return false;
}

/* The last part of @name (after any / or \), without control characters. */
static const char *base_name(struct arena *a, const char *name)
{
	const char *s = name;
	struct buf b;
	for (const char *p = name; *p; p++)
		if (*p == '/' || *p == '\\')
			s = p + 1;
	buf_init(&b, a);
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if (*p >= 0x20 && *p != 0x7f && *p != '"')
			buf_add(&b, (const char *)p, 1);
	return b.len ? b.data : "file";
}

static void hex_of(const unsigned char *h, size_t n, char *out)
{
	static const char digits[] = "0123456789abcdef";
	for (size_t i = 0; i < n; i++) {
		out[2 * i] = digits[h[i] >> 4];
		out[2 * i + 1] = digits[h[i] & 15];
	}
	out[2 * n] = 0;
}

static int attach_in_tx(struct db *db, struct arena *a, const struct auth *auth,
			const struct governing_document *before, int64_t version, const char *file_name,
			const char *data, size_t len, struct err *e)
{
	struct governing_document after = *before;
	struct governing_document_file f = { 0 };
	unsigned char h[crypto_hash_sha256_BYTES];
	char hex[2 * crypto_hash_sha256_BYTES + 1], now[TIME_ISO_LEN];
	size_t b64_len = sodium_base64_encoded_len(len, sodium_base64_VARIANT_ORIGINAL);
	char *b64;
	int i, rc;

	if (!governing_document_can_edit(auth, before))
		return err_set(e, ERR_FORBIDDEN, "file", N_("Your roles do not let you change this document."));
	if (before->version != version)
		return err_set(e, ERR_CONFLICT, "version", gd_conflict_msg);
	if (!data || !len)
		return err_set(e, ERR_INVALID, "file", N_("Choose the file to attach."));
	if (len > (size_t)GOVERNING_DOCUMENT_FILE_MAX)
		return err_set(e, ERR_INVALID, "file", N_("The file is larger than the limit of 10 MB."));
	if ((i = file_type_index(file_name)) < 0 || !magic_ok(i, data, len))
		return err_set(e, ERR_INVALID, "file",
			       N_("Only PDF, Word, Excel, PowerPoint, OpenDocument and plain text files can be "
				  "attached, and the file's contents must match its name."));
	crypto_hash_sha256(h, (const unsigned char *)data, len);
	hex_of(h, sizeof(h), hex);
	b64 = arena_alloc(a, b64_len);
	sodium_bin2base64(b64, b64_len, (const unsigned char *)data, len, sodium_base64_VARIANT_ORIGINAL);
	time_now_iso(now);
	f.document_id = before->id;
	f.file_name = base_name(a, file_name);
	f.content_type = file_types[i].type;
	f.size = (int64_t)len;
	f.sha256 = hex;
	f.data = b64;
	if ((rc = q_governing_document_file_insert(db, a, &f, actor_of(auth).id, now, &f.id, e)))
		return rc;
	rc = q_governing_document_set_file(db, a, before->id, version, f.id, now, e);
	if (rc == ERR_CONFLICT)
		return err_set(e, ERR_CONFLICT, "version", gd_conflict_msg);
	if (rc)
		return rc;
	after.file_id = f.id;
	after.file_name = f.file_name;
	after.file_type = f.content_type;
	after.file_size = f.size;
	after.file_sha256 = arena_strdup(a, hex);
	after.version = version + 1;
	after.updated_at = now;
	return audit_append(db, a, actor_of(auth), "governing_document", before->id, before->unit_id, "attach",
			    gd_snapshot(a, before), gd_snapshot(a, &after), e);
}

int governing_document_attach(struct db *db, struct arena *a, const struct auth *auth,
			      const struct governing_document *before, int64_t version, const char *file_name,
			      const char *data, size_t len, struct err *e)
{
	int rc = db_begin(db, e);
	if (rc)
		return rc;
	return db_end(db, attach_in_tx(db, a, auth, before, version, file_name ? file_name : "", data, len, e), e);
}

int governing_document_download(struct db *db, struct arena *a, const struct governing_document *d,
				struct governing_document_download *out, struct err *e)
{
	struct governing_document_file f;
	unsigned char h[crypto_hash_sha256_BYTES];
	char hex[2 * crypto_hash_sha256_BYTES + 1];
	unsigned char *bin;
	size_t cap, len = 0;
	struct buf ascii;
	int rc;

	if (!d->file_id)
		return err_set(e, ERR_NOTFOUND, "file", N_("The document has no file."));
	rc = q_governing_document_file_get(db, a, d->file_id, &f, e);
	if (rc == ERR_NOTFOUND)
		return err_set(e, ERR_NOTFOUND, "file", N_("The document has no file."));
	if (rc)
		return rc;
	cap = strlen(f.data) / 4 * 3 + 3;
	bin = arena_alloc(a, cap + 1);
	if (sodium_base642bin(bin, cap, f.data, strlen(f.data), NULL, &len, NULL, sodium_base64_VARIANT_ORIGINAL))
		len = SIZE_MAX;
	if (len != SIZE_MAX) {
		crypto_hash_sha256(h, bin, len);
		hex_of(h, sizeof(h), hex);
	}
	if (len == SIZE_MAX || strcmp(hex, f.sha256) || (int64_t)len != f.size) {
		err_detail(e, "governing document %" PRId64 " file %" PRId64 ": checksum mismatch", d->id, f.id);
		return err_set(e, ERR_INTERNAL, "file",
			       N_("The stored file no longer matches its checksum and is not sent."));
	}
	buf_init(&ascii, a);
	for (const char *p = f.file_name; *p; p++) {
		char c = *p;
		bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
			  c == '-' || c == '_';
		buf_add(&ascii, ok ? p : "_", 1);
	}
	out->name = f.file_name;
	out->ascii_name = ascii.len ? ascii.data : "file";
	out->content_type = governing_document_file_type(f.file_name);
	if (!out->content_type)
		out->content_type = "application/octet-stream";
	out->data = (const char *)bin;
	out->len = len;
	return 0;
}

int governing_document_versions(struct db *db, struct arena *a, int64_t id, struct governing_document_version **out,
				size_t *n, struct err *e)
{
	return q_governing_document_versions(db, a, id, out, n, e);
}

/* --- requirements met --- */

static const char *req_snapshot(struct arena *a, int64_t document_id, int64_t requirement_id, const char *code)
{
	struct buf b;
	struct json j;
	buf_init(&b, a);
	json_init(&j, &b);
	json_obj_open(&j);
	json_kv_int(&j, "document_id", document_id);
	json_kv_int(&j, "requirement_id", requirement_id);
	json_kv_str(&j, "code", code);
	json_obj_close(&j);
	return b.data;
}

static int req_change_in_tx(struct db *db, struct arena *a, const struct auth *auth, const struct governing_document *d,
			    int64_t requirement_id, bool add, struct err *e)
{
	const char *code, *title;
	char now[TIME_ISO_LEN];
	int64_t id;
	int rc;

	if (!governing_document_can_edit(auth, d))
		return err_set(e, ERR_FORBIDDEN, "requirement_id",
			       N_("Your roles do not let you change this document."));
	rc = q_governing_document_req_brief(db, a, requirement_id, &code, &title, e);
	if (rc == ERR_NOTFOUND)
		return err_set(e, ERR_INVALID, "requirement_id", N_("No such requirement."));
	if (rc)
		return rc;
	time_now_iso(now);
	if (add) {
		struct governing_document_req *have;
		size_t n;
		if ((rc = q_governing_document_reqs(db, a, d->id, &have, &n, e)))
			return rc;
		for (size_t i = 0; i < n; i++)
			if (have[i].requirement_id == requirement_id)
				return err_set(e, ERR_EXISTS, "requirement_id",
					       N_("The document already meets this requirement."));
		if ((rc = q_governing_document_req_add(db, a, d->id, requirement_id, actor_of(auth).id, now, &id, e)))
			return rc;
	} else {
		rc = q_governing_document_req_remove(db, a, d->id, requirement_id, e);
		if (rc == ERR_NOTFOUND)
			return err_set(e, ERR_NOTFOUND, "requirement_id",
				       N_("The document was not recorded as meeting this requirement."));
		if (rc)
			return rc;
	}
	return audit_append(db, a, actor_of(auth), "governing_document", d->id, d->unit_id,
			    add ? "requirement_add" : "requirement_remove",
			    add ? NULL : req_snapshot(a, d->id, requirement_id, code),
			    add ? req_snapshot(a, d->id, requirement_id, code) : NULL, e);
}

int governing_document_req_add(struct db *db, struct arena *a, const struct auth *auth,
			       const struct governing_document *d, int64_t requirement_id, struct err *e)
{
	int rc = db_begin(db, e);
	if (rc)
		return rc;
	return db_end(db, req_change_in_tx(db, a, auth, d, requirement_id, true, e), e);
}

int governing_document_req_remove(struct db *db, struct arena *a, const struct auth *auth,
				  const struct governing_document *d, int64_t requirement_id, struct err *e)
{
	int rc = db_begin(db, e);
	if (rc)
		return rc;
	return db_end(db, req_change_in_tx(db, a, auth, d, requirement_id, false, e), e);
}

int governing_document_reqs(struct db *db, struct arena *a, int64_t id, struct governing_document_req **out, size_t *n,
			    struct err *e)
{
	return q_governing_document_reqs(db, a, id, out, n, e);
}

int governing_document_reqs_of(struct db *db, struct arena *a, const struct auth *auth, int64_t requirement_id,
			       struct governing_document_req **out, size_t *n, struct err *e)
{
	struct governing_document_req *all;
	size_t k = 0, m;
	int rc = q_governing_document_reqs_of(db, a, requirement_id, &all, &m, e);
	if (rc)
		return rc;
	for (size_t i = 0; i < m; i++)
		if (authz_may_reference(auth, ACCESS_READ, all[i].doc_unit_path, 0))
			all[k++] = all[i];
	*out = all;
	*n = k;
	return 0;
}

/* --- tasks and figures --- */

int governing_document_tasks(struct db *db, struct arena *a, const struct auth *auth, const char *today, size_t max,
			     struct task **out, size_t *n, struct err *e)
{
	struct governing_document_filter f = { 0 };
	struct governing_document *list;
	int rc;

	*n = 0;
	if (!auth || !auth->user_id || !time_valid_date(today)) {
		*out = arena_calloc(a, 1, sizeof(**out));
		return 0;
	}
	f.viewer_id = auth->user_id;
	f.owner_id = auth->user_id;
	f.due = "soon";
	f.today = today;
	f.sort = GD_SORT_REVIEW;
	f.limit = (int64_t)(max ? max : 1);
	if ((rc = governing_document_list(db, a, &f, &list, n, NULL, e)))
		return rc;
	*out = arena_calloc(a, *n ? *n : 1, sizeof(**out));
	for (size_t i = 0; i < *n; i++) {
		struct task *k = &(*out)[i];
		k->kind = "governing_document";
		k->id = list[i].id;
		k->title = list[i].title;
		k->context =
			arena_printf(a, "%s – %s", tr(auth->lang, "Review of a governing document"), list[i].unit_name);
		k->status = governing_document_status_label(list[i].status);
		k->due = list[i].next_review;
		k->overdue = governing_document_overdue(&list[i], today);
	}
	return 0;
}

int governing_document_count_overdue(struct db *db, struct arena *a, int64_t unit_id, const char *today, int64_t *n,
				     struct err *e)
{
	char day[TIME_ISO_LEN];
	const char *subtree;
	int rc = unit_subtree(db, a, unit_id, &subtree, e);
	if (rc)
		return rc;
	if (!today) {
		time_today_iso(day);
		today = day;
	}
	return q_governing_document_count_overdue(db, a, subtree, today, n, e);
}

void governing_document_json(struct json *j, const struct governing_document *d)
{
	json_obj_open(j);
	json_kv_int(j, "id", d->id);
	json_kv_int(j, "unit_id", d->unit_id);
	json_kv_str(j, "unit_name", d->unit_name);
	json_kv_str(j, "kind", d->kind);
	json_kv_str(j, "title", d->title);
	json_kv_id(j, "owner_id", d->owner_id);
	json_kv_str(j, "owner_name", d->owner_name);
	json_kv_str(j, "decided_by", d->decided_by);
	json_kv_str(j, "decision_date", d->decision_date);
	json_kv_str(j, "case_ref", d->case_ref);
	json_kv_str(j, "doc_version", d->doc_version);
	json_kv_int(j, "review_months", d->review_months);
	json_kv_str(j, "next_review", d->next_review);
	json_kv_str(j, "status", d->status);
	json_kv_str(j, "link", d->link);
	if (d->file_id) {
		json_key(j, "file");
		json_obj_open(j);
		json_kv_int(j, "id", d->file_id);
		json_kv_str(j, "name", d->file_name);
		json_kv_str(j, "content_type", d->file_type);
		json_kv_int(j, "size", d->file_size);
		json_kv_str(j, "sha256", d->file_sha256);
		json_obj_close(j);
	} else {
		json_kv_null(j, "file");
	}
	json_kv_id(j, "replaces_id", d->replaces_id);
	json_kv_int(j, "version", d->version);
	json_kv_str(j, "created_at", d->created_at);
	json_kv_str(j, "updated_at", d->updated_at);
	json_obj_close(j);
}

/* --- export --- */

enum {
	X_ID,
	X_KIND,
	X_TITLE,
	X_UNIT,
	X_OWNER,
	X_DECIDED_BY,
	X_DECIDED,
	X_CASE,
	X_VERSION,
	X_MONTHS,
	X_NEXT,
	X_STATUS,
	X_LINK,
	X_FILE,
	X_SHA,
	N_XCOLS
};

static void gd_json_at(struct json *j, const void *items, size_t i, const void *ctx)
{
	(void)ctx;
	governing_document_json(j, &((const struct governing_document *)items)[i]);
}

int governing_document_export(struct db *db, struct arena *a, const struct governing_document_filter *f, enum lang lang,
			      enum export_format format, const char **data, size_t *len, const char **mime,
			      struct err *e)
{
	const struct xlsx_column cols[N_XCOLS] = {
		[X_ID] = { "ID", 8, XLSX_NUMBER },
		[X_KIND] = { tr(lang, "Kind"), 14, 0 },
		[X_TITLE] = { tr(lang, "Title"), 40, XLSX_WRAP },
		[X_UNIT] = { tr(lang, "Unit"), 24, 0 },
		[X_OWNER] = { tr(lang, "Document owner"), 22, 0 },
		[X_DECIDED_BY] = { tr(lang, "Decided by"), 22, 0 },
		[X_DECIDED] = { tr(lang, "Decision date"), 12, 0 },
		[X_CASE] = { tr(lang, "Case reference"), 16, 0 },
		[X_VERSION] = { tr(lang, "Version"), 10, 0 },
		[X_MONTHS] = { tr(lang, "Review interval (months)"), 10, XLSX_NUMBER },
		[X_NEXT] = { tr(lang, "Next review"), 12, 0 },
		[X_STATUS] = { tr(lang, "Status"), 14, 0 },
		[X_LINK] = { tr(lang, "Link"), 30, 0 },
		[X_FILE] = { tr(lang, "File"), 24, 0 },
		[X_SHA] = { "SHA-256", 20, 0 },
	};
	struct governing_document_filter all = *f;
	struct governing_document *list;
	struct export_table t = { 0 };
	const char **cells;
	size_t n;
	int64_t total = 0;
	int rc;

	all.limit = 10000;
	all.offset = 0;
	if ((rc = governing_document_list(db, a, &all, &list, &n, &total, e)) ||
	    (rc = export_whole(n, total, all.limit, e)))
		return rc;
	cells = arena_calloc(a, n ? n * N_XCOLS : 1, sizeof(*cells));
	for (size_t i = 0; i < n; i++) {
		const struct governing_document *d = &list[i];
		const char **row = cells + i * N_XCOLS;
		row[X_ID] = arena_printf(a, "%" PRId64, d->id);
		row[X_KIND] = tr(lang, governing_document_kind_label(d->kind));
		row[X_TITLE] = d->title;
		row[X_UNIT] = d->unit_name;
		row[X_OWNER] = d->owner_name;
		row[X_DECIDED_BY] = d->decided_by;
		row[X_DECIDED] = d->decision_date;
		row[X_CASE] = d->case_ref;
		row[X_VERSION] = d->doc_version;
		row[X_MONTHS] = arena_printf(a, "%" PRId64, d->review_months);
		row[X_NEXT] = d->next_review;
		row[X_STATUS] = tr(lang, governing_document_status_label(d->status));
		row[X_LINK] = d->link;
		row[X_FILE] = d->file_name;
		row[X_SHA] = d->file_sha256;
	}
	t.sheet = lang == LANG_EN ? "Governing documents" : "Styrdokument";
	t.cols = cols;
	t.n_cols = N_XCOLS;
	t.cells = cells;
	t.n_rows = n;
	t.json = gd_json_at;
	t.items = list;
	t.total = total;
	return export_render(a, format, &t, data, len, mime, e);
}

const char *governing_document_export_filename(struct arena *a, enum export_format format)
{
	char today[TIME_ISO_LEN];
	time_today_iso(today);
	return arena_printf(a, "styrdokument-%s.%s", today, export_format_ext(format));
}

/* --- read-and-acknowledge rounds --- */

int governing_document_rounds(struct db *db, struct arena *a, int64_t id, struct governing_document_round **out,
			      size_t *n, struct err *e)
{
	return q_governing_document_rounds(db, a, id, out, n, e);
}

static const char *round_snapshot(struct arena *a, int64_t round_id, const char *version, int64_t group_id,
				  int64_t unit_id, int64_t user_id)
{
	struct buf b;
	struct json j;
	buf_init(&b, a);
	json_init(&j, &b);
	json_obj_open(&j);
	json_kv_int(&j, "round_id", round_id);
	json_kv_str(&j, "doc_version", version);
	json_kv_id(&j, "group_id", group_id);
	json_kv_id(&j, "unit_id", unit_id);
	json_kv_id(&j, "user_id", user_id);
	json_obj_close(&j);
	return b.data;
}

static int round_start_in_tx(struct db *db, struct arena *a, const struct auth *auth,
			     const struct governing_document *d, int64_t group_id, int64_t unit_id, struct err *e)
{
	struct governing_document_round *r;
	char now[TIME_ISO_LEN];
	size_t n;
	int64_t id;
	int rc;

	if (auth && !governing_document_can_edit(auth, d)) /* NULL: the installation itself */
		return err_set(e, ERR_FORBIDDEN, "group_id", N_("Your roles do not let you change this document."));
	if (group_id) {
		struct training_group g;
		rc = q_training_group_get(db, a, group_id, &g, e);
		if (rc == ERR_NOTFOUND)
			return err_set(e, ERR_INVALID, "group_id", N_("No such target group."));
		if (rc)
			return rc;
	}
	if (unit_id == d->unit_id)
		unit_id = 0;
	if (unit_id) {
		struct unit u;
		struct err ignored = { 0 };
		if (unit_id < 0 || unit_get(db, a, unit_id, &u, &ignored) ||
		    !authz_may_reference(auth, ACCESS_READ, u.path, 0))
			return err_set(e, ERR_INVALID, "unit_id", N_("No such unit."));
		if (!str_starts(u.path, d->unit_path))
			return err_set(e, ERR_INVALID, "unit_id",
				       N_("Choose the unit the document applies to or a unit below it."));
	}
	if ((rc = q_governing_document_rounds(db, a, d->id, &r, &n, e)))
		return rc;
	for (size_t i = 0; i < n; i++)
		if (!strcmp(r[i].doc_version, d->doc_version) && r[i].group_id == group_id &&
		    r[i].target_unit_id == unit_id)
			return err_set(e, ERR_EXISTS, "group_id",
				       N_("This version already asks these people to confirm that they have read it."));
	time_now_iso(now);
	if ((rc = q_governing_document_round_insert(db, a, d->id, d->doc_version, group_id, unit_id, actor_of(auth).id,
						    now, &id, e)))
		return rc;
	return audit_append(db, a, actor_of(auth), "governing_document", d->id, d->unit_id, "round_start", NULL,
			    round_snapshot(a, id, d->doc_version, group_id, unit_id, 0), e);
}

int governing_document_round_start(struct db *db, struct arena *a, const struct auth *auth,
				   const struct governing_document *d, int64_t group_id, int64_t unit_id, struct err *e)
{
	int rc = db_begin(db, e);
	if (rc)
		return rc;
	return db_end(db, round_start_in_tx(db, a, auth, d, group_id, unit_id, e), e);
}

/* The rounds of @d's current version that ask @user_id and wait for them. */
static int rounds_waiting(struct db *db, struct arena *a, const struct governing_document *d, int64_t user_id,
			  int64_t *ids, size_t cap, size_t *n, struct err *e)
{
	struct governing_document_round *r;
	size_t m;
	int rc = q_governing_document_rounds(db, a, d->id, &r, &m, e);
	*n = 0;
	for (size_t i = 0; !rc && i < m && *n < cap; i++) {
		struct governing_document_target *t;
		size_t k;
		if (strcmp(r[i].doc_version, d->doc_version))
			continue;
		if ((rc = q_governing_document_targets(db, a, r[i].id, r[i].target_unit_path, &t, &k, e)))
			break;
		for (size_t x = 0; x < k; x++)
			if (t[x].user_id == user_id) {
				if (!t[x].acknowledged)
					ids[(*n)++] = r[i].id;
				break;
			}
	}
	return rc;
}

/* Whether a round of @d's current version asks @user_id (confirmed or not). */
static int asked_by_round(struct db *db, struct arena *a, const struct governing_document *d, int64_t user_id,
			  bool *out, struct err *e)
{
	struct governing_document_round *r;
	size_t m;
	int rc = q_governing_document_rounds(db, a, d->id, &r, &m, e);
	*out = false;
	for (size_t i = 0; !rc && i < m && !*out; i++) {
		struct governing_document_target *t;
		size_t k;
		if (strcmp(r[i].doc_version, d->doc_version) ||
		    (rc = q_governing_document_targets(db, a, r[i].id, r[i].target_unit_path, &t, &k, e)))
			continue;
		for (size_t x = 0; x < k && !*out; x++)
			*out = t[x].user_id == user_id;
	}
	return rc;
}

int governing_document_get_to_read(struct db *db, struct arena *a, const struct auth *auth, int64_t id,
				   struct governing_document *out, struct err *e)
{
	bool asked = false;
	int rc = governing_document_get(db, a, id, out, e);
	if (rc)
		return rc;
	if (authz_in_scope(auth, ACCESS_READ, out->unit_path))
		return 0;
	if (auth && auth->user_id && (rc = asked_by_round(db, a, out, auth->user_id, &asked, e)))
		return rc;
	return asked ? 0 : err_set(e, ERR_NOTFOUND, "id", N_("No such governing document."));
}

bool governing_document_ack_waiting(struct db *db, struct arena *a, const struct auth *auth,
				    const struct governing_document *d)
{
	int64_t ids[16];
	size_t n = 0;
	struct err e = { 0 };
	return auth && auth->user_id && !rounds_waiting(db, a, d, auth->user_id, ids, 16, &n, &e) && n > 0;
}

static int acknowledge_in_tx(struct db *db, struct arena *a, const struct auth *auth,
			     const struct governing_document *d, struct err *e)
{
	int64_t ids[16];
	char now[TIME_ISO_LEN];
	size_t n;
	int rc;

	if (!auth || !auth->user_id)
		return err_set(e, ERR_INVALID, "id",
			       N_("Nobody has asked you to confirm that you have read this document."));
	if ((rc = rounds_waiting(db, a, d, auth->user_id, ids, 16, &n, e)))
		return rc;
	if (!n)
		return err_set(e, ERR_INVALID, "id",
			       N_("Nobody has asked you to confirm that you have read this document."));
	time_now_iso(now);
	for (size_t i = 0; i < n; i++) {
		if ((rc = q_governing_document_ack_insert(db, a, ids[i], auth->user_id, now, e)) ||
		    (rc = audit_append(db, a, actor_of(auth), "governing_document", d->id, d->unit_id, "acknowledge",
				       NULL, round_snapshot(a, ids[i], d->doc_version, 0, 0, auth->user_id), e)))
			return rc;
	}
	return 0;
}

int governing_document_acknowledge(struct db *db, struct arena *a, const struct auth *auth,
				   const struct governing_document *d, struct err *e)
{
	int rc = db_begin(db, e);
	if (rc)
		return rc;
	return db_end(db, acknowledge_in_tx(db, a, auth, d, e), e);
}

int governing_document_ack_coverage(struct db *db, struct arena *a, const struct auth *auth,
				    const struct governing_document *d, int64_t round_id,
				    struct governing_document_ack_cover **out, size_t *n, struct err *e)
{
	struct governing_document_round *rounds, *round = NULL;
	struct governing_document_target *t;
	struct unit_filter uf = { 0 };
	struct unit *kids;
	size_t n_t, n_kids, n_r;
	int rc;

	if ((rc = q_governing_document_rounds(db, a, d->id, &rounds, &n_r, e)))
		return rc;
	for (size_t i = 0; i < n_r && !round; i++)
		if (rounds[i].id == round_id)
			round = &rounds[i];
	if (!round)
		return err_set(e, ERR_NOTFOUND, "round_id", N_("No such round."));
	uf.viewer_id = auth && !auth->system ? auth->user_id : 0;
	uf.parent_id = round->target_unit_id ? round->target_unit_id : d->unit_id;
	uf.limit = 200;
	if ((rc = q_governing_document_targets(db, a, round_id, round->target_unit_path, &t, &n_t, e)) ||
	    (rc = q_unit_list(db, a, &uf, &kids, &n_kids, NULL, e)))
		return rc;
	*out = arena_calloc(a, n_kids + 1, sizeof(**out));
	*n = n_kids + 1;
	for (size_t b = 0; b <= n_kids; b++) {
		struct governing_document_ack_cover *c = &(*out)[b];
		const char *path = b ? kids[b - 1].path : round->target_unit_path;
		int64_t last = 0;
		c->unit_id = b ? kids[b - 1].id : uf.parent_id;
		c->unit_name = b ? kids[b - 1].name : round->target_unit_name;
		for (size_t i = 0; i < n_t; i++) {
			if (t[i].user_id == last || strncmp(t[i].unit_path, path, strlen(path)))
				continue;
			last = t[i].user_id;
			c->asked++;
			c->confirmed += t[i].acknowledged;
		}
	}
	return 0;
}

int governing_document_ack_tasks(struct db *db, struct arena *a, const struct auth *auth, const char *today, size_t max,
				 struct task **out, size_t *n, struct err *e)
{
	struct governing_document_round *r;
	int rc;

	(void)today;
	*n = 0;
	if (!auth || !auth->user_id) {
		*out = arena_calloc(a, 1, sizeof(**out));
		return 0;
	}
	if ((rc = q_governing_document_rounds_open(db, a, auth->user_id, (int64_t)(max ? max : 1), &r, n, e)))
		return rc;
	*out = arena_calloc(a, *n ? *n : 1, sizeof(**out));
	size_t m = 0;
	for (size_t i = 0; i < *n; i++) {
		bool seen = false;
		/* A person asked by two rounds of one document (a group, a unit) has one task. */
		for (size_t x = 0; x < m && !seen; x++)
			seen = (*out)[x].id == r[i].document_id;
		if (seen)
			continue;
		struct task *k = &(*out)[m++];
		k->kind = "governing_document_read";
		k->id = r[i].document_id;
		k->title = r[i].title;
		k->context = arena_printf(a, "%s – %s", tr(auth->lang, "Read and confirm"), r[i].unit_name);
		k->status = N_("Not confirmed");
	}
	*n = m;
	return 0;
}
