/*
 * req_appendix.c - the procurement appendix as a document model.
 *
 * The words are translated here and the model holds finished text; the
 * renderers of io/doc*.c escape it for their format. A requirement's text
 * is plain text (not Markdown): each blank-line-separated part becomes a
 * paragraph, and a single newline a line break.
 */
#include "domain/req_appendix.h"

#include <inttypes.h>
#include <string.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/err.h"
#include "domain/asset.h"
#include "domain/requirement.h"
#include "domain/validate.h"
#include "io/doc.h"

static const char *const aspects[4] = { N_("Confidentiality"), N_("Integrity"), N_("Availability"),
					N_("Traceability") };

/* "<strong>Label:</strong> value" */
static void fact(struct doc *d, enum lang lang, const char *label, const char *value)
{
	struct doc_para *p = doc_paragraph(d);
	doc_run(p, DOC_STRONG, arena_printf(d->arena, "%s:", tr(lang, label)));
	doc_run(p, DOC_PLAIN, " ");
	doc_run(p, DOC_PLAIN, value && *value ? value : "–");
}

/* @text as paragraphs: a blank line between two parts starts a new one. */
static void paragraphs(struct doc *d, const char *text)
{
	const char *p = text ? text : "";
	while (*p) {
		const char *end = strstr(p, "\n\n");
		size_t len = end ? (size_t)(end - p) : strlen(p);
		if (len)
			doc_text(d, arena_strndup(d->arena, p, len));
		p += len;
		while (*p == '\n')
			p++;
	}
}

int req_appendix_check_case_ref(const char *case_ref, struct err *e)
{
	return check_text(e, "case_ref", case_ref ? case_ref : "", REQ_CASE_REF_MAX, false);
}

size_t req_appendix_pick(struct arena *a, const struct asset_requirement *reqs, size_t n,
			 const struct asset_requirement **out)
{
	struct asset_requirement *picked = arena_calloc(a, n ? n : 1, sizeof(*picked));
	size_t m = 0;
	for (size_t i = 0; i < n; i++)
		if (requirement_for_supplier(&reqs[i].req))
			picked[m++] = reqs[i];
	*out = picked;
	return m;
}

const char *req_appendix_filename(struct arena *a, enum lang lang, const struct asset *as, const char *ext)
{
	struct buf b;
	buf_init(&b, a);
	buf_addf(&b, "%s ", tr(lang, "Procurement requirements"));
	for (const char *p = as->name; *p; p++) {
		char c = *p;
		/* What Windows, macOS or a header cannot hold in a file name. */
		if ((unsigned char)c < ' ' || strchr("\\/:*?\"<>|", c))
			c = ' ';
		buf_add(&b, &c, 1);
	}
	buf_addf(&b, ".%s", ext);
	return b.data;
}

struct doc *req_appendix_doc(struct arena *a, enum lang lang, const struct asset *as, const char *case_ref,
			     const struct asset_requirement *all, size_t n_all)
{
	struct doc *d = doc_new(a, lang, arena_printf(a, "%s: %s", tr(lang, "Procurement requirements"), as->name));
	int64_t lv[4] = { as->c_level, as->i_level, as->a_level, as->t_level };
	int kind = asset_enum_parse(asset_kinds, ASSET_KIND_COUNT, as->kind);
	struct req_levels levels = req_levels_of(as);
	const char *category = NULL;
	static const unsigned widths[2] = { 1, 2 };
	struct doc_table *t;
	const struct asset_requirement *reqs;
	size_t n = req_appendix_pick(a, all, n_all, &reqs);

	fact(d, lang, N_("Case reference of the procurement"), case_ref);
	fact(d, lang, N_("Asset"), as->name);
	fact(d, lang, N_("Kind"), kind >= 0 ? tr(lang, asset_kind_labels[kind]) : as->kind);
	fact(d, lang, N_("Unit"), as->unit_name);
	if (!as->classification_id) {
		doc_text(d, tr(lang, "The asset must be classified before its requirements can be listed."));
		return d;
	}
	t = doc_table(d, 2, widths, tr(lang, "Classification"));
	t->n_row_heads = 1;
	doc_cell_text(t, &t->head, 0, tr(lang, "Aspect"));
	doc_cell_text(t, &t->head, 1, tr(lang, "Level"));
	for (int k = 0; k < 4; k++) {
		struct doc_row *row;
		if (lv[k] < 0)
			continue;
		row = doc_row(d, t);
		doc_cell_text(t, row, 0, tr(lang, aspects[k]));
		doc_cell_text(t, row, 1,
			      asset_national_level(lv[k]) ? arena_printf(a, "%" PRId64 " – %s", lv[k],
									 tr(lang, asset_national_level(lv[k])))
							  : arena_printf(a, "%" PRId64, lv[k]));
	}
	if (req_levels_need_separate_analysis(&levels)) {
		struct doc_para *p = doc_paragraph(d);
		doc_run(p, DOC_STRONG, tr(lang, "Level 4 needs a separate analysis."));
		doc_run(p, DOC_PLAIN, " ");
		doc_run(p, DOC_PLAIN,
			tr(lang,
			   "At least one aspect is classified at level 4 (extremely serious harm). The requirements "
			   "listed are those of the lower levels; they are not enough on their own, and the protection "
			   "must be decided in a separate analysis."));
	}
	doc_text(d,
		 tr(lang, "The requirements below follow from the information classification of the asset. The "
			  "supplier describes how each requirement is met. A requirement marked ska is mandatory; one "
			  "marked bör is recommended and weighed in the evaluation."));
	if (n == 0)
		doc_text(d, tr(lang, "No requirement of the library on a supplier applies to this classification."));
	for (size_t i = 0; i < n; i++) {
		const struct requirement *q = &reqs[i].req;
		if (!category || strcmp(category, q->category)) {
			category = q->category;
			doc_heading(d, 1, tr(lang, req_category_label(category)));
		}
		doc_heading(
			d, 2,
			arena_printf(a, "%s %s (%s)", q->code, q->title, tr(lang, req_obligation_word(q->obligation))));
		paragraphs(d, q->text);
	}
	return d;
}
