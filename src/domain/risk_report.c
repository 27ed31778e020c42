/*
 * risk_report.c - exports and documents of the risk register, of one
 * analysis (an RSA in its seven parts) and of the continuity plans.
 *
 * A risk's band depends on its organisation's scales; the exports read
 * each organisation's scales once (a small cache by organisation id).
 */
#include "domain/risk_report.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/err.h"
#include "core/timeutil.h"
#include "domain/asset.h"
#include "domain/listexport.h"
#include "domain/unit.h"
#include "io/csvwrite.h"
#include "io/doc.h"
#include "io/markdown.h"
#include "io/xlsxwrite.h"

/* --- the scales of the organisations a list spans ----------------------------- */

struct scales {
	struct risk_scale *s;
	size_t n, cap;
};

static const struct risk_scale *scale_for(struct db *db, struct arena *a, struct scales *c, const char *unit_path,
					  struct err *e)
{
	int64_t org = unit_org_of(unit_path);
	for (size_t i = 0; i < c->n; i++)
		if (c->s[i].org_id == org)
			return &c->s[i];
	if (c->n == c->cap) {
		size_t cap = c->cap ? c->cap * 2 : 8;
		struct risk_scale *s = arena_calloc(a, cap, sizeof(*s));
		if (c->n)
			memcpy(s, c->s, c->n * sizeof(*s));
		c->s = s, c->cap = cap;
	}
	if (risk_scale_of(db, a, unit_path, &c->s[c->n], e))
		return NULL;
	return &c->s[c->n++];
}

static const char *num(struct arena *a, int64_t v)
{
	return arena_printf(a, "%" PRId64, v);
}

static const char *or_empty(const char *s)
{
	return s ? s : "";
}

/* --- the register --------------------------------------------------------------- */

int risk_export_list(struct db *db, struct arena *a, const struct risk_filter *f, struct risk **out, size_t *n,
		     int64_t *total, struct err *e)
{
	struct risk_filter all = *f;
	int rc;

	all.limit = RISK_EXPORT_MAX;
	all.offset = 0;
	if ((rc = risk_list(db, a, &all, out, n, total, e)))
		return rc;
	return export_whole(*n, *total, RISK_EXPORT_MAX, e);
}

enum {
	RC_ID,
	RC_ANALYSIS,
	RC_UNIT,
	RC_THREAT,
	RC_VULNERABILITY,
	RC_CONSEQUENCE_TEXT,
	RC_L,
	RC_C,
	RC_VALUE,
	RC_BAND,
	RC_TREATMENT,
	RC_REASON,
	RC_ACCEPTED_BY,
	RC_OWNER,
	RC_RL,
	RC_RC,
	RC_RVALUE,
	RC_RBAND,
	RC_UPDATED,
	RC_COUNT
};

static const char *const risk_headers[RC_COUNT] = {
	N_("Id"),
	N_("Analysis"),
	N_("Unit"),
	N_("Threat"),
	N_("Vulnerability"),
	N_("Consequence"),
	N_("Likelihood"),
	N_("Consequence level"),
	N_("Risk value"),
	N_("Risk level"),
	N_("Treatment"),
	N_("Reason"),
	N_("Accepted by"),
	N_("Risk owner"),
	N_("Residual likelihood"),
	N_("Residual consequence"),
	N_("Residual value"),
	N_("Residual risk level"),
	N_("Last changed"),
};

static void risk_row(struct arena *a, enum lang lang, const struct risk *k, const struct risk_scale *s,
		     const char **cells)
{
	cells[RC_ID] = num(a, k->id);
	cells[RC_ANALYSIS] = k->analysis_title;
	cells[RC_UNIT] = k->unit_name;
	cells[RC_THREAT] = k->threat;
	cells[RC_VULNERABILITY] = k->vulnerability;
	cells[RC_CONSEQUENCE_TEXT] = k->consequence_text;
	cells[RC_L] = num(a, k->likelihood);
	cells[RC_C] = num(a, k->consequence);
	cells[RC_VALUE] = num(a, k->value);
	cells[RC_BAND] = tr(lang, risk_band_labels[risk_band_of(s, k->value)]);
	cells[RC_TREATMENT] = *k->treatment ? tr(lang, risk_label(risk_treatments, risk_treatment_labels,
								  RISK_TREATMENT_COUNT, k->treatment))
					    : "";
	cells[RC_REASON] = k->treatment_reason;
	cells[RC_ACCEPTED_BY] = or_empty(k->accepted_by_name);
	cells[RC_OWNER] = or_empty(k->owner_name);
	cells[RC_RL] = k->residual_likelihood ? num(a, k->residual_likelihood) : "";
	cells[RC_RC] = k->residual_consequence ? num(a, k->residual_consequence) : "";
	cells[RC_RVALUE] = num(a, k->residual_value);
	cells[RC_RBAND] = tr(lang, risk_band_labels[risk_band_of(s, k->residual_value)]);
	cells[RC_UPDATED] = k->updated_at ? arena_strndup(a, k->updated_at, 10) : "";
}

int risk_export_csv(struct db *db, struct buf *b, const struct risk *items, size_t n, enum lang lang, struct err *e)
{
	struct scales sc = { 0 };
	const char *cells[RC_COUNT];
	struct csv_writer w;

	csv_writer_init(&w, b, ';', true);
	for (size_t i = 0; i < RC_COUNT; i++)
		csv_writer_cell(&w, tr(lang, risk_headers[i]));
	csv_writer_end_row(&w);
	for (size_t r = 0; r < n; r++) {
		const struct risk_scale *s = scale_for(db, b->arena, &sc, items[r].unit_path, e);
		if (!s)
			return e->code ? e->code : ERR_DB;
		risk_row(b->arena, lang, &items[r], s, cells);
		csv_writer_row(&w, cells, RC_COUNT);
	}
	return 0;
}

int risk_export_xlsx(struct db *db, struct arena *a, const struct risk *items, size_t n, enum lang lang,
		     const char **data, size_t *len, struct err *e)
{
	struct xlsx_column cols[RC_COUNT];
	const char **cells = arena_calloc(a, n ? n * RC_COUNT : 1, sizeof(*cells));
	struct scales sc = { 0 };
	struct xlsx_sheet s = { tr(lang, "Risk register"), NULL, 0, cols, RC_COUNT, cells, n };

	for (size_t i = 0; i < RC_COUNT; i++) {
		bool number = i == RC_ID || i == RC_L || i == RC_C || i == RC_VALUE || i == RC_RL || i == RC_RC ||
			      i == RC_RVALUE;
		bool wide = i == RC_THREAT || i == RC_VULNERABILITY || i == RC_CONSEQUENCE_TEXT || i == RC_REASON;
		cols[i] = (struct xlsx_column){ tr(lang, risk_headers[i]),
						number ? 10
						: wide ? 40
						       : 20,
						number ? XLSX_NUMBER : XLSX_WRAP };
	}
	for (size_t r = 0; r < n; r++) {
		const struct risk_scale *sc_r = scale_for(db, a, &sc, items[r].unit_path, e);
		if (!sc_r)
			return e->code ? e->code : ERR_DB;
		risk_row(a, lang, &items[r], sc_r, cells + r * RC_COUNT);
	}
	return xlsx_write(a, &s, data, len, e);
}

const char *risk_export_filename(struct arena *a, const char *base, const char *ext)
{
	char now[TIME_ISO_LEN];
	time_now_iso(now);
	return arena_printf(a, "%s-%.10s.%s", base, now, ext);
}

/* The matrix of @items as a table: likelihood from the top level down, consequence left to right. */
static void matrix_table(struct doc *d, struct arena *a, enum lang lang, const struct risk_scale *s,
			 const struct risk *items, size_t n, bool residual, const char *caption)
{
	int64_t counts[RISK_SCALE_MAX + 1][RISK_SCALE_MAX + 1] = { { 0 } };
	size_t cols = (size_t)s->consequence_levels + 1;
	struct doc_table *t = doc_table(d, cols, NULL, caption);

	for (size_t i = 0; i < n; i++) {
		int64_t l =
			residual && items[i].residual_likelihood ? items[i].residual_likelihood : items[i].likelihood;
		int64_t c = residual && items[i].residual_consequence ? items[i].residual_consequence
								      : items[i].consequence;
		if (l >= 1 && l <= RISK_SCALE_MAX && c >= 1 && c <= RISK_SCALE_MAX)
			counts[l][c]++;
	}
	t->n_row_heads = 1;
	doc_cell_text(t, &t->head, 0, arena_printf(a, "%s \\ %s", tr(lang, "Likelihood"), tr(lang, "Consequence")));
	for (int64_t c = 1; c <= s->consequence_levels; c++) {
		const char *name = risk_level_name(s, 1, c, lang);
		doc_cell_text(t, &t->head, (size_t)c, name ? arena_printf(a, "%" PRId64 " %s", c, name) : num(a, c));
	}
	for (int64_t l = s->likelihood_levels; l >= 1; l--) {
		struct doc_row *row = doc_row(d, t);
		const char *name = risk_level_name(s, 0, l, lang);
		doc_cell_text(t, row, 0, name ? arena_printf(a, "%" PRId64 " %s", l, name) : num(a, l));
		for (int64_t c = 1; c <= s->consequence_levels; c++)
			doc_cell_text(t, row, (size_t)c,
				      arena_printf(a, "%" PRId64 " (%s)", counts[l][c],
						   tr(lang, risk_band_labels[risk_band_of(s, l * c)])));
	}
}

static void risks_table(struct doc *d, struct arena *a, enum lang lang, const struct risk *items, size_t n,
			struct scales *sc, struct db *db, struct err *e, const char *caption)
{
	static const unsigned widths[] = { 3, 4, 4, 1, 1, 2, 2, 1 };
	struct doc_table *t = doc_table(d, 8, widths, caption);
	const char *heads[] = { tr(lang, "Threat"),     tr(lang, "Vulnerability"),     tr(lang, "Consequence"),
				tr(lang, "Likelihood"), tr(lang, "Consequence level"), tr(lang, "Risk level"),
				tr(lang, "Treatment"),  tr(lang, "Residual value") };

	for (size_t i = 0; i < 8; i++)
		doc_cell_text(t, &t->head, i, heads[i]);
	for (size_t i = 0; i < n; i++) {
		const struct risk *k = &items[i];
		const struct risk_scale *s = scale_for(db, a, sc, k->unit_path, e);
		struct doc_row *row = doc_row(d, t);
		doc_cell_text(t, row, 0, k->threat);
		doc_cell_text(t, row, 1, k->vulnerability);
		doc_cell_text(t, row, 2, k->consequence_text);
		doc_cell_text(t, row, 3, num(a, k->likelihood));
		doc_cell_text(t, row, 4, num(a, k->consequence));
		doc_cell_text(t, row, 5,
			      s ? arena_printf(a, "%" PRId64 " %s", k->value,
					       tr(lang, risk_band_labels[risk_band_of(s, k->value)]))
				: num(a, k->value));
		doc_cell_text(t, row, 6,
			      *k->treatment ? tr(lang, risk_label(risk_treatments, risk_treatment_labels,
								  RISK_TREATMENT_COUNT, k->treatment))
					    : "–");
		doc_cell_text(t, row, 7, num(a, k->residual_value));
	}
}

/* True when every risk of @items is in the organisation of the first. */
static bool one_org(const struct risk *items, size_t n)
{
	for (size_t i = 1; i < n; i++)
		if (unit_org_of(items[i].unit_path) != unit_org_of(items[0].unit_path))
			return false;
	return true;
}

int risk_register_doc(struct db *db, struct arena *a, enum lang lang, const struct risk *items, size_t n, int64_t total,
		      struct doc **out, struct err *e)
{
	struct doc *d = doc_new(a, lang, tr(lang, "Risk register"));
	struct scales sc = { 0 };
	char today[TIME_ISO_LEN];

	time_now_iso(today);
	today[10] = 0;
	doc_text(d, arena_printf(a, "%s %s. %s: %" PRId64 ".", tr(lang, "Made on"), today, tr(lang, "Risks"), total));
	if (total > (int64_t)n)
		doc_text(d, arena_printf(a, "%s: %zu / %" PRId64, tr(lang, "Shown"), n, total));
	if (n && one_org(items, n)) {
		const struct risk_scale *s = scale_for(db, a, &sc, items[0].unit_path, e);
		if (!s)
			return e->code ? e->code : ERR_DB;
		doc_heading(d, 1, tr(lang, "Risk matrix"));
		matrix_table(d, a, lang, s, items, n, false, tr(lang, "Before measures"));
		matrix_table(d, a, lang, s, items, n, true, tr(lang, "After measures"));
	}
	doc_heading(d, 1, tr(lang, "Risks"));
	risks_table(d, a, lang, items, n, &sc, db, e, tr(lang, "Risks"));
	*out = d;
	return 0;
}

/* --- one analysis, and the RSA --------------------------------------------------- */

static int measures_list(struct db *db, struct arena *a, struct doc *d, const struct risk *items, size_t n,
			 struct err *e)
{
	struct doc_block *list = NULL;
	for (size_t i = 0; i < n; i++) {
		struct risk_measure *ms;
		size_t n_ms;
		int rc = risk_measures(db, a, items[i].id, &ms, &n_ms, e);
		if (rc)
			return rc;
		for (size_t k = 0; k < n_ms; k++) {
			if (!list)
				list = doc_list(d, false);
			doc_item_text(d, list,
				      arena_printf(a, "%s (%s)%s%s", ms[k].title, items[i].threat,
						   ms[k].due_date ? " – " : "", or_empty(ms[k].due_date)));
		}
	}
	if (!list)
		doc_text(d, tr(d->lang, "No measures are recorded yet."));
	return 0;
}

static int assets_list(struct db *db, struct arena *a, const struct auth *auth, struct doc *d, int64_t unit_id,
		       bool nis2, struct err *e)
{
	struct asset_filter f;
	struct asset *list;
	size_t n;
	int64_t total;
	int rc;

	asset_filter_init(&f);
	f.viewer_id = auth ? auth->user_id : 0;
	f.unit_id = unit_id;
	f.limit = 200;
	if (nis2)
		f.nis2 = 1;
	else
		f.business_critical = 1;
	if ((rc = asset_list(db, a, &f, &list, &n, &total, e)))
		return rc;
	if (!n) {
		doc_text(d, tr(d->lang, "No asset in the register is marked so."));
		return 0;
	}
	if (nis2) {
		struct doc_block *l = doc_list(d, false);
		for (size_t i = 0; i < n; i++)
			doc_item_text(d, l, arena_printf(a, "%s (%s)", list[i].name, list[i].unit_name));
		return 0;
	}
	{
		struct doc_table *t =
			doc_table(d, 2, NULL, tr(d->lang, "Business-critical assets and what they depend on"));
		doc_cell_text(t, &t->head, 0, tr(d->lang, "Asset"));
		doc_cell_text(t, &t->head, 1, tr(d->lang, "Depends on"));
		t->n_row_heads = 1;
		for (size_t i = 0; i < n; i++) {
			struct asset_link *deps, *dependants;
			size_t n_deps, n_dependants;
			struct buf b;
			struct doc_row *row = doc_row(d, t);
			if ((rc = asset_links(db, a, list[i].id, &deps, &n_deps, &dependants, &n_dependants, e)))
				return rc;
			buf_init(&b, a);
			for (size_t k = 0; k < n_deps; k++)
				buf_addf(&b, "%s%s", k ? ", " : "",
					 asset_link_visible(auth, &deps[k]) ? deps[k].other_name
									    : tr(d->lang, "An asset in another unit"));
			doc_cell_text(t, row, 0, list[i].name);
			doc_cell_text(t, row, 1, n_deps ? b.data : "–");
		}
	}
	return 0;
}

int risk_analysis_doc(struct db *db, struct arena *a, const struct auth *auth, enum lang lang,
		      const struct risk_analysis *an, struct doc **out, struct err *e)
{
	struct doc *d = doc_new(a, lang, an->title);
	struct risk_filter f;
	struct risk *items;
	struct risk_scale s;
	struct scales sc = { 0 };
	size_t n;
	int64_t total;
	bool rsa = !strcmp(an->kind, "rsa");
	int rc;

	risk_filter_init(&f);
	f.analysis_id = an->id;
	if ((rc = risk_export_list(db, a, &f, &items, &n, &total, e)) ||
	    (rc = risk_scale_of(db, a, an->unit_path, &s, e)))
		return rc;
	{
		struct doc_para *p = doc_paragraph(d);
		doc_run(p, DOC_STRONG, tr(lang, "Unit"));
		doc_run(p, DOC_PLAIN, arena_printf(a, ": %s\n", an->unit_name));
		doc_run(p, DOC_STRONG, tr(lang, "Date"));
		doc_run(p, DOC_PLAIN, arena_printf(a, ": %s\n", an->analysis_date));
		if (rsa) {
			char due[11];
			risk_rsa_due(an->election_year, due);
			doc_run(p, DOC_STRONG, tr(lang, "Term"));
			doc_run(p, DOC_PLAIN,
				arena_printf(a, ": %" PRId64 "–%" PRId64 "\n", an->election_year + 1,
					     an->election_year + 4));
			doc_run(p, DOC_STRONG, tr(lang, "To be reported by"));
			doc_run(p, DOC_PLAIN, arena_printf(a, ": %s\n", due));
		}
		doc_run(p, DOC_STRONG, tr(lang, "Participants"));
		doc_run(p, DOC_PLAIN, arena_printf(a, ": %s", *an->participants ? an->participants : "–"));
	}
	if (rsa) {
		const char *bodies[7];
		if ((rc = risk_rsa_sections(db, a, an->id, bodies, e)))
			return rc;
		for (size_t k = 0; k < 7; k++) {
			doc_heading(d, 1, arena_printf(a, "%zu. %s", k + 1, tr(lang, risk_rsa_parts[k])));
			if (*bodies[k])
				markdown_doc(d, bodies[k]);
			if (k == 1 && *an->method)
				markdown_doc(d, an->method);
			if (k == 2 && (rc = assets_list(db, a, auth, d, an->unit_id, true, e)))
				return rc;
			if (k == 3 && (rc = assets_list(db, a, auth, d, an->unit_id, false, e)))
				return rc;
			if (k == 4) {
				matrix_table(d, a, lang, &s, items, n, false, tr(lang, "Before measures"));
				risks_table(d, a, lang, items, n, &sc, db, e, tr(lang, "Risks"));
			}
			if (k == 6) {
				matrix_table(d, a, lang, &s, items, n, true, tr(lang, "After measures"));
				if ((rc = measures_list(db, a, d, items, n, e)))
					return rc;
			}
			if (!*bodies[k] && k != 2 && k != 3 && k != 4 && k != 6 && !(k == 1 && *an->method))
				doc_text(d, tr(lang, "Not written yet."));
		}
		*out = d;
		return 0;
	}
	doc_heading(d, 1, tr(lang, "Method"));
	if (*an->method)
		markdown_doc(d, an->method);
	else
		doc_text(d, "–");
	doc_heading(d, 1, tr(lang, "Risk matrix"));
	matrix_table(d, a, lang, &s, items, n, false, tr(lang, "Before measures"));
	matrix_table(d, a, lang, &s, items, n, true, tr(lang, "After measures"));
	doc_heading(d, 1, tr(lang, "Risks"));
	risks_table(d, a, lang, items, n, &sc, db, e, tr(lang, "Risks"));
	doc_heading(d, 1, tr(lang, "Measures"));
	if ((rc = measures_list(db, a, d, items, n, e)))
		return rc;
	*out = d;
	return 0;
}

/* --- continuity plans ----------------------------------------------------------------- */

const char *continuity_hours(struct arena *a, enum lang lang, int64_t hours)
{
	if (hours >= 48 && hours % 24 == 0)
		return arena_printf(a, "%" PRId64 " h (%" PRId64 " %s)", hours, hours / 24, tr(lang, "days"));
	return arena_printf(a, "%" PRId64 " h", hours);
}

int continuity_export_list(struct db *db, struct arena *a, const struct auth *auth, enum lang lang,
			   const struct continuity_filter *f, struct continuity_plan **out,
			   struct continuity_check **checks, size_t *n, int64_t *total, struct err *e)
{
	struct continuity_filter all = *f;
	int rc;
	all.limit = RISK_EXPORT_MAX;
	all.offset = 0;
	if ((rc = continuity_list(db, a, &all, out, n, total, e)) ||
	    (rc = export_whole(*n, *total, RISK_EXPORT_MAX, e)))
		return rc;
	*checks = arena_calloc(a, *n ? *n : 1, sizeof(**checks));
	return continuity_check(db, a, auth, lang, NULL, *out, *n, *checks, e);
}

enum {
	CC_ID,
	CC_TITLE,
	CC_ASSET,
	CC_UNIT,
	CC_OWNER,
	CC_MTO,
	CC_RTO,
	CC_RPO,
	CC_REVIEW,
	CC_EXERCISED,
	CC_FLAGS,
	CC_CONTACTS,
	CC_FALLBACK,
	CC_COUNT
};

static const char *const plan_headers[CC_COUNT] = {
	N_("Id"),
	N_("Plan"),
	N_("Asset or process"),
	N_("Unit"),
	N_("Plan owner"),
	N_("Maximum tolerable outage (hours)"),
	N_("Recovery time objective (hours)"),
	N_("Recovery point objective (hours)"),
	N_("Next review"),
	N_("Last exercised"),
	N_("Flags"),
	N_("Contacts"),
	N_("Fallback routines"),
};

/* The flags of a plan, comma-separated, in @lang. */
static const char *flags_text(struct arena *a, enum lang lang, const struct continuity_check *c)
{
	struct buf b;
	buf_init(&b, a);
	if (c->n_too_slow)
		buf_adds(&b, tr(lang, "Depends on an asset that recovers more slowly"));
	if (c->review_overdue)
		buf_addf(&b, "%s%s", b.len ? ", " : "", tr(lang, "Review overdue"));
	if (c->never_exercised)
		buf_addf(&b, "%s%s", b.len ? ", " : "", tr(lang, "Never exercised"));
	return b.data;
}

static void plan_row(struct arena *a, enum lang lang, const struct continuity_plan *p, const struct continuity_check *c,
		     const char **cells)
{
	cells[CC_ID] = num(a, p->id);
	cells[CC_TITLE] = p->title;
	cells[CC_ASSET] = p->asset_name;
	cells[CC_UNIT] = p->unit_name;
	cells[CC_OWNER] = or_empty(p->owner_name);
	cells[CC_MTO] = num(a, p->mto_hours);
	cells[CC_RTO] = num(a, p->rto_hours);
	cells[CC_RPO] = num(a, p->rpo_hours);
	cells[CC_REVIEW] = or_empty(p->review_due);
	cells[CC_EXERCISED] = or_empty(p->last_exercised);
	cells[CC_FLAGS] = flags_text(a, lang, c);
	cells[CC_CONTACTS] = p->contacts;
	cells[CC_FALLBACK] = p->fallback;
}

void continuity_export_csv(struct buf *b, const struct continuity_plan *items, const struct continuity_check *checks,
			   size_t n, enum lang lang)
{
	const char *cells[CC_COUNT];
	struct csv_writer w;

	csv_writer_init(&w, b, ';', true);
	for (size_t i = 0; i < CC_COUNT; i++)
		csv_writer_cell(&w, tr(lang, plan_headers[i]));
	csv_writer_end_row(&w);
	for (size_t r = 0; r < n; r++) {
		plan_row(b->arena, lang, &items[r], &checks[r], cells);
		csv_writer_row(&w, cells, CC_COUNT);
	}
}

int continuity_export_xlsx(struct arena *a, const struct continuity_plan *items, const struct continuity_check *checks,
			   size_t n, enum lang lang, const char **data, size_t *len, struct err *e)
{
	struct xlsx_column cols[CC_COUNT];
	const char **cells = arena_calloc(a, n ? n * CC_COUNT : 1, sizeof(*cells));
	struct xlsx_sheet s = { tr(lang, "Continuity plans"), NULL, 0, cols, CC_COUNT, cells, n };

	for (size_t i = 0; i < CC_COUNT; i++) {
		bool number = i == CC_ID || i == CC_MTO || i == CC_RTO || i == CC_RPO;
		cols[i] = (struct xlsx_column){ tr(lang, plan_headers[i]),
						number          ? 12
						: i >= CC_FLAGS ? 40
								: 22,
						number ? XLSX_NUMBER : XLSX_WRAP };
	}
	for (size_t r = 0; r < n; r++)
		plan_row(a, lang, &items[r], &checks[r], cells + r * CC_COUNT);
	return xlsx_write(a, &s, data, len, e);
}

struct doc *continuity_doc(struct arena *a, enum lang lang, const struct continuity_plan *items,
			   const struct continuity_check *checks, size_t n, int64_t total)
{
	static const unsigned widths[] = { 4, 4, 2, 2, 2, 4 };
	struct doc *d = doc_new(a, lang, tr(lang, "Continuity plans"));
	struct doc_table *t;

	if (total > (int64_t)n)
		doc_text(d, arena_printf(a, "%s: %zu / %" PRId64, tr(lang, "Shown"), n, total));
	t = doc_table(d, 6, widths, tr(lang, "Continuity plans"));
	doc_cell_text(t, &t->head, 0, tr(lang, "Plan"));
	doc_cell_text(t, &t->head, 1, tr(lang, "Asset or process"));
	doc_cell_text(t, &t->head, 2, tr(lang, "MTO"));
	doc_cell_text(t, &t->head, 3, tr(lang, "RTO"));
	doc_cell_text(t, &t->head, 4, tr(lang, "RPO"));
	doc_cell_text(t, &t->head, 5, tr(lang, "Flags"));
	t->n_row_heads = 1;
	for (size_t i = 0; i < n; i++) {
		struct doc_row *row = doc_row(d, t);
		doc_cell_text(t, row, 0, items[i].title);
		doc_cell_text(t, row, 1, items[i].asset_name);
		doc_cell_text(t, row, 2, continuity_hours(a, lang, items[i].mto_hours));
		doc_cell_text(t, row, 3, continuity_hours(a, lang, items[i].rto_hours));
		doc_cell_text(t, row, 4, continuity_hours(a, lang, items[i].rpo_hours));
		doc_cell_text(t, row, 5, flags_text(a, lang, &checks[i]));
	}
	for (size_t i = 0; i < n; i++) {
		const struct continuity_plan *p = &items[i];
		const struct continuity_check *c = &checks[i];
		struct doc_para *para;
		doc_page_break(d);
		doc_heading(d, 1, p->title);
		para = doc_paragraph(d);
		doc_run(para, DOC_STRONG, tr(lang, "Asset or process"));
		doc_run(para, DOC_PLAIN, arena_printf(a, ": %s\n", p->asset_name));
		doc_run(para, DOC_STRONG, tr(lang, "Unit"));
		doc_run(para, DOC_PLAIN, arena_printf(a, ": %s\n", p->unit_name));
		doc_run(para, DOC_STRONG, tr(lang, "Plan owner"));
		doc_run(para, DOC_PLAIN, arena_printf(a, ": %s\n", p->owner_name ? p->owner_name : "–"));
		doc_run(para, DOC_STRONG, tr(lang, "Maximum tolerable outage"));
		doc_run(para, DOC_PLAIN, arena_printf(a, ": %s\n", continuity_hours(a, lang, p->mto_hours)));
		doc_run(para, DOC_STRONG, tr(lang, "Recovery time objective"));
		doc_run(para, DOC_PLAIN, arena_printf(a, ": %s\n", continuity_hours(a, lang, p->rto_hours)));
		doc_run(para, DOC_STRONG, tr(lang, "Recovery point objective"));
		doc_run(para, DOC_PLAIN, arena_printf(a, ": %s\n", continuity_hours(a, lang, p->rpo_hours)));
		doc_run(para, DOC_STRONG, tr(lang, "Last exercised"));
		doc_run(para, DOC_PLAIN, arena_printf(a, ": %s", p->last_exercised ? p->last_exercised : "–"));
		doc_heading(d, 2, tr(lang, "Fallback routines"));
		if (*p->fallback)
			markdown_doc(d, p->fallback);
		else
			doc_text(d, "–");
		doc_heading(d, 2, tr(lang, "Contacts"));
		doc_text(d, *p->contacts ? p->contacts : "–");
		doc_heading(d, 2, tr(lang, "Dependencies"));
		if (!c->n_deps) {
			doc_text(d, tr(lang, "The asset depends on no other asset in the register."));
		} else {
			struct doc_block *l = doc_list(d, false);
			for (size_t k = 0; k < c->n_deps; k++) {
				const struct continuity_dep *x = &c->deps[k];
				doc_item_text(
					d, l,
					arena_printf(
						a, "%s%s%s", x->chain,
						x->plan_id ? arena_printf(a, " – %s %s", tr(lang, "RTO"),
									  continuity_hours(a, lang, x->rto_hours))
							   : arena_printf(a, " – %s", tr(lang, "no plan")),
						x->too_slow ? arena_printf(a, " (%s)", tr(lang, "recovers more slowly"))
							    : ""));
			}
		}
	}
	return d;
}
