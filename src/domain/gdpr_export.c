/*
 * gdpr_export.c - the register of processing activities as a whole, as
 * IMY may ask for it (Art. 30(4)): a document (printable page, DOCX,
 * Markdown), a table (CSV, XLSX) and JSON.
 *
 * The register is read with one query per kind of row for every activity
 * the filter matches (q_gdpr_register()), or for a page of them when CSV
 * and JSON are streamed (q_gdpr_register_page()), and put together here
 * (assemble()): the child rows come ordered by activity and are handed out
 * by ranges, and the requirements a system fulfils are found by the
 * system's id. Every
 * format carries every item of Art. 30(1)(a)-(g) (and of Art. 30(2) for
 * entries kept as a processor); the security measures are those of the
 * systems used: their classification and the requirements they fulfil.
 */
#include "domain/gdpr.h"

#include <inttypes.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/err.h"
#include "core/json.h"
#include "core/timeutil.h"
#include "domain/listexport.h"
#include "domain/unit.h"
#include "io/csvwrite.h"
#include "io/doc.h"
#include "io/xlsxwrite.h"

/* --- reading the register -------------------------------------------------------------- */

struct id_index {
	int64_t id;
	size_t i;
};

static int id_cmp(const void *x, const void *y)
{
	const struct id_index *a = x, *b = y;
	return a->id < b->id ? -1 : a->id > b->id;
}

static struct gdpr_activity_full *find(const struct id_index *idx, size_t n, struct gdpr_activity_full *items,
				       int64_t id)
{
	struct id_index key = { id, 0 };
	const struct id_index *hit = bsearch(&key, idx, n, sizeof(*idx), id_cmp);
	return hit ? &items[hit->i] : NULL;
}

/*
 * Hand the rows of @rows (@n of @size bytes, ordered by the activity id at
 * offset @id_off) out to the activities by ranges: *ptr and *count of each
 * item at @ptr_off and @count_off.
 */
static void ranges(const struct id_index *idx, size_t n_items, struct gdpr_activity_full *items, void *rows, size_t n,
		   size_t size, size_t id_off, size_t ptr_off, size_t count_off)
{
	char *base = rows;
	for (size_t i = 0; i < n;) {
		int64_t id;
		size_t k = i;
		memcpy(&id, base + i * size + id_off, sizeof(id));
		while (k < n) {
			int64_t other;
			memcpy(&other, base + k * size + id_off, sizeof(other));
			if (other != id)
				break;
			k++;
		}
		struct gdpr_activity_full *f = find(idx, n_items, items, id);
		if (f) {
			void *start = base + i * size;
			size_t count = k - i;
			memcpy((char *)f + ptr_off, &start, sizeof(start));
			memcpy((char *)f + count_off, &count, sizeof(count));
		}
		i = k;
	}
}

/* The requirements fulfilled by asset @asset_id in @m (ordered by asset): *lo..*hi. */
static void measure_range(const struct gdpr_measure *m, size_t n, int64_t asset_id, size_t *lo, size_t *hi)
{
	size_t l = 0, h = n;
	while (l < h) {
		size_t mid = (l + h) / 2;
		if (m[mid].asset_id < asset_id)
			l = mid + 1;
		else
			h = mid;
	}
	*lo = l;
	while (l < n && m[l].asset_id == asset_id)
		l++;
	*hi = l;
}

/* The activities of @rows with their child rows handed out to them, into *items (in @a). */
static void assemble(struct arena *a, const struct gdpr_register_rows *rows, struct gdpr_activity_full **items_out,
		     size_t *n_out)
{
	struct gdpr_activity_full *items = arena_calloc(a, rows->n_acts ? rows->n_acts : 1, sizeof(*items));
	struct id_index *idx = arena_calloc(a, rows->n_acts ? rows->n_acts : 1, sizeof(*idx));

	for (size_t i = 0; i < rows->n_acts; i++) {
		items[i].act = rows->acts[i];
		idx[i] = (struct id_index){ rows->acts[i].id, i };
	}
	qsort(idx, rows->n_acts, sizeof(*idx), id_cmp);
#define RANGES(arr, n, type, ptr, count)                                                                \
	ranges(idx, rows->n_acts, items, rows->arr, rows->n, sizeof(type), offsetof(type, activity_id), \
	       offsetof(struct gdpr_activity_full, ptr), offsetof(struct gdpr_activity_full, count))
	RANGES(purposes, n_purposes, struct gdpr_purpose, purposes, n_purposes);
	RANGES(pcats, n_pcats, struct gdpr_pcat, cats, n_cats);
	RANGES(passets, n_passets, struct gdpr_passet, assets, n_assets);
	RANGES(pprocs, n_pprocs, struct gdpr_pprocessor, processors, n_processors);
	RANGES(transfers, n_transfers, struct gdpr_transfer, transfers, n_transfers);
#undef RANGES
	/* Each activity's measures: those of its systems, found by the system's id. */
	for (size_t i = 0; i < rows->n_acts; i++) {
		struct gdpr_activity_full *it = &items[i];
		size_t total = 0, lo, hi;
		for (size_t k = 0; k < it->n_assets; k++) {
			measure_range(rows->measures, rows->n_measures, it->assets[k].asset_id, &lo, &hi);
			total += hi - lo;
		}
		if (!total)
			continue;
		it->measures = arena_alloc(a, total * sizeof(*it->measures));
		for (size_t k = 0; k < it->n_assets; k++) {
			measure_range(rows->measures, rows->n_measures, it->assets[k].asset_id, &lo, &hi);
			memcpy(it->measures + it->n_measures, rows->measures + lo, (hi - lo) * sizeof(*it->measures));
			it->n_measures += hi - lo;
		}
	}
	*items_out = items;
	*n_out = rows->n_acts;
}

/* The title and review cutoff of the register @f asks for, and the path of its unit (NULL: all). */
static int register_head(struct db *db, struct arena *a, enum lang lang, const struct gdpr_filter *f,
			 const char **title, const char **cutoff_out, const char **subtree, struct err *e)
{
	char *cutoff = arena_calloc(a, 1, 11);
	int rc;

	if ((rc = unit_subtree(db, a, f->unit_id, subtree, e)))
		return rc;
	gdpr_review_cutoff(cutoff);
	*cutoff_out = cutoff;
	*title = tr(lang, "Register of processing activities");
	if (f->unit_id) {
		struct unit u;
		if ((rc = unit_get(db, a, f->unit_id, &u, e)))
			return rc;
		*title = arena_printf(a, "%s – %s", *title, u.name);
	}
	return 0;
}

int gdpr_register_read(struct db *db, struct arena *a, enum lang lang, const struct gdpr_filter *f,
		       struct gdpr_register *out, struct err *e)
{
	struct gdpr_filter all = *f;
	struct gdpr_register_rows rows;
	const char *subtree;
	int rc;

	*out = (struct gdpr_register){ 0 };
	/* One more than an export takes tells whether the register is whole. */
	all.limit = GDPR_EXPORT_MAX + 1;
	all.offset = 0;
	if ((rc = register_head(db, a, lang, f, &out->title, &out->cutoff, &subtree, e)) ||
	    (rc = q_gdpr_register(db, a, &all, subtree, out->cutoff, &rows, e)))
		return rc;
	if (rows.n_acts > GDPR_EXPORT_MAX)
		return export_whole(GDPR_EXPORT_MAX, (int64_t)rows.n_acts, GDPR_EXPORT_MAX, e);
	assemble(a, &rows, &out->items, &out->n_items);
	return 0;
}

/* --- the items as text ---------------------------------------------------------------------- */

enum col {
	C_NAME,
	C_CONTROLLER,
	C_CONTACT,
	C_JOINT,
	C_DPO,
	C_ROLE,
	C_PURPOSES,
	C_SUBJECTS,
	C_DATA,
	C_ART9,
	C_ART10,
	C_RECIPIENTS,
	C_TRANSFERS,
	C_RETENTION,
	C_MEASURES,
	C_PROCESSORS,
	C_DPIA,
	C_STATE,
	C_REVIEWED,
	C_OWNER,
	C_DESCRIPTION,
	C_COUNT
};

static const struct {
	const char *header; /* message id */
	double width;
} cols[C_COUNT] = {
	[C_NAME] = { N_("Processing activity"), 30 },
	[C_CONTROLLER] = { N_("Controller (Art. 30(1)(a))"), 24 },
	[C_CONTACT] = { N_("Contact details (Art. 30(1)(a))"), 24 },
	[C_JOINT] = { N_("Joint controller (Art. 30(1)(a))"), 20 },
	[C_DPO] = { N_("Data protection officer (Art. 30(1)(a))"), 20 },
	[C_ROLE] = { N_("Kept as (Art. 30(1) or 30(2))"), 22 },
	[C_PURPOSES] = { N_("Purposes and legal basis (Art. 30(1)(b), Art. 6)"), 50 },
	[C_SUBJECTS] = { N_("Categories of data subjects (Art. 30(1)(c))"), 30 },
	[C_DATA] = { N_("Categories of personal data (Art. 30(1)(c))"), 30 },
	[C_ART9] = { N_("Special categories (Art. 9(2))"), 24 },
	[C_ART10] = { N_("Criminal offence data (Art. 10)"), 24 },
	[C_RECIPIENTS] = { N_("Categories of recipients (Art. 30(1)(d))"), 30 },
	[C_TRANSFERS] = { N_("Transfers to third countries (Art. 30(1)(e))"), 40 },
	[C_RETENTION] = { N_("Time limits for erasure (Art. 30(1)(f))"), 40 },
	[C_MEASURES] = { N_("Security measures (Art. 30(1)(g))"), 60 },
	[C_PROCESSORS] = { N_("Processors"), 24 },
	[C_DPIA] = { N_("Impact assessment (Art. 35)"), 30 },
	[C_STATE] = { N_("Status"), 18 },
	[C_REVIEWED] = { N_("Last reviewed"), 22 },
	[C_OWNER] = { N_("Owner"), 20 },
	[C_DESCRIPTION] = { N_("Description"), 40 },
};

size_t gdpr_register_n_columns(void)
{
	return C_COUNT;
}

const char *gdpr_register_column(size_t i, enum lang lang)
{
	return i < C_COUNT ? tr(lang, cols[i].header) : NULL;
}

static const char *none_or(const char *s, const char *none)
{
	return s && *s ? s : none;
}

static void levels_text(struct buf *b, enum lang lang, const struct gdpr_passet *s)
{
	if (!s->classification_id) {
		buf_adds(b, tr(lang, "not classified"));
		return;
	}
	buf_addf(b, "%s %" PRId64 ", %s %" PRId64 ", %s %" PRId64, tr(lang, "C"), s->c_level, tr(lang, "I"), s->i_level,
		 tr(lang, "A"), s->a_level);
	if (s->t_level >= 0)
		buf_addf(b, ", %s %" PRId64, tr(lang, "T"), s->t_level);
}

const char *gdpr_transfer_text(struct arena *a, enum lang lang, const struct gdpr_transfer *t)
{
	struct buf b;
	int k = -1;
	buf_init(&b, a);
	buf_addf(&b, "%s (%s)", tr(lang, gdpr_country_name(t->country) ? gdpr_country_name(t->country) : t->country),
		 t->country);
	if (t->recipient && *t->recipient)
		buf_addf(&b, ", %s", t->recipient);
	buf_adds(&b, ": ");
	for (int i = 0; i < GDPR_BASIS_COUNT; i++)
		if (!strcmp(gdpr_bases[i], t->basis))
			k = i;
	buf_adds(&b, k >= 0 ? tr(lang, gdpr_basis_labels[k]) : t->basis);
	if (!strcmp(t->basis, "dpf") && t->dpf_certified)
		buf_addf(&b, "; %s %s", tr(lang, "recipient certified, checked"), none_or(t->dpf_checked_on, "–"));
	if (!strcmp(t->basis, "scc"))
		buf_addf(&b, "; %s %s", tr(lang, "module"), t->scc_module);
	if (!strcmp(t->basis, "derogation") && gdpr_art49_label(t->art49_point))
		buf_addf(&b, "; %s %s", tr(lang, "Art. 49(1)"), tr(lang, gdpr_art49_label(t->art49_point)));
	if (t->tia_version)
		buf_addf(&b, "; %s %" PRId64, tr(lang, "transfer impact assessment, version"), t->tia_version);
	if (t->safeguards && *t->safeguards)
		buf_addf(&b, "; %s", t->safeguards);
	return b.data;
}

/* The text of item @c of activity @f. */
static const char *cell(struct arena *a, enum lang lang, const struct gdpr_activity_full *f, enum col c)
{
	const struct gdpr_activity *p = &f->act;
	const char *sep = "\n";
	struct buf b;

	buf_init(&b, a);
	switch (c) {
	case C_NAME:
		return p->name;
	case C_CONTROLLER:
		return p->unit_name;
	case C_CONTACT:
		return p->controller_contact;
	case C_JOINT:
		return p->joint_controller;
	case C_DPO:
		return p->dpo_name ? p->dpo_name : "";
	case C_ROLE:
		if (!strcmp(p->role, "processor"))
			return arena_printf(a, "%s: %s", tr(lang, "Processor on behalf of"), p->on_behalf_of);
		return tr(lang, "Controller");
	case C_PURPOSES:
		for (size_t i = 0; i < f->n_purposes; i++) {
			const struct gdpr_purpose *u = &f->purposes[i];
			if (i)
				buf_adds(&b, sep);
			buf_addf(&b, "%s – %s %s", u->purpose, tr(lang, "Art. 6(1)"),
				 tr(lang, gdpr_art6_label(u->legal_basis)));
			if (*u->statute)
				buf_addf(&b, " (%s)", u->statute);
		}
		break;
	case C_SUBJECTS:
	case C_DATA: {
		const char *kind = c == C_SUBJECTS ? "subject" : "data";
		size_t n = 0;
		for (size_t i = 0; i < f->n_cats; i++) {
			if (strcmp(f->cats[i].kind, kind))
				continue;
			if (n++)
				buf_adds(&b, sep);
			buf_adds(&b, f->cats[i].name);
			if (!strcmp(f->cats[i].special, "art9"))
				buf_addf(&b, " (%s)", tr(lang, "special category"));
			else if (!strcmp(f->cats[i].special, "art10"))
				buf_addf(&b, " (%s)", tr(lang, "criminal offences"));
		}
		break;
	}
	case C_ART9:
		if (*p->art9_point)
			return arena_printf(a, "%s %s", tr(lang, "Art. 9(2)"),
					    tr(lang, gdpr_art9_label(p->art9_point)));
		return tr(lang, "No");
	case C_ART10:
		if (p->art10)
			return arena_printf(a, "%s: %s", tr(lang, "Yes"), p->art10_basis);
		return tr(lang, "No");
	case C_RECIPIENTS:
		return p->recipients;
	case C_TRANSFERS:
		if (!f->n_transfers)
			return tr(lang, "None");
		for (size_t i = 0; i < f->n_transfers; i++) {
			if (i)
				buf_adds(&b, sep);
			buf_adds(&b, gdpr_transfer_text(a, lang, &f->transfers[i]));
		}
		break;
	case C_RETENTION: {
		size_t n = 0;
		for (size_t i = 0; i < f->n_cats; i++) {
			const struct gdpr_pcat *d = &f->cats[i];
			if (strcmp(d->kind, "data"))
				continue;
			if (n++)
				buf_adds(&b, sep);
			buf_addf(&b, "%s: %s", d->name, none_or(d->retention, tr(lang, "not stated")));
			if (*d->retention_rule)
				buf_addf(&b, " (%s)", d->retention_rule);
		}
		break;
	}
	case C_MEASURES: {
		for (size_t i = 0; i < f->n_assets; i++) {
			const struct gdpr_passet *s = &f->assets[i];
			size_t n = 0;
			if (i)
				buf_adds(&b, sep);
			buf_addf(&b, "%s (", s->name);
			levels_text(&b, lang, s);
			buf_adds(&b, ")");
			for (size_t m = 0; m < f->n_measures; m++)
				if (f->measures[m].asset_id == s->asset_id)
					buf_addf(&b, "%s%s %s", n++ ? "; " : ": ", f->measures[m].code,
						 f->measures[m].title);
		}
		if (*p->other_measures) {
			if (f->n_assets)
				buf_adds(&b, sep);
			buf_adds(&b, p->other_measures);
		}
		break;
	}
	case C_PROCESSORS:
		for (size_t i = 0; i < f->n_processors; i++) {
			if (i)
				buf_adds(&b, sep);
			buf_addf(&b, "%s (%s)", f->processors[i].name, f->processors[i].country);
		}
		break;
	case C_DPIA:
		if (!strcmp(p->dpia_decision, "required"))
			buf_adds(&b, tr(lang, "Required"));
		else if (!strcmp(p->dpia_decision, "not_required"))
			buf_adds(&b, tr(lang, "Not required"));
		else
			buf_adds(&b, p->dpia_suggested ? tr(lang, "Not decided; suggested") : tr(lang, "Not decided"));
		if (*p->dpia_reason)
			buf_addf(&b, ": %s", p->dpia_reason);
		break;
	case C_STATE:
		return tr(lang, gdpr_state_label(p->state));
	case C_REVIEWED:
		if (!p->reviewed_at)
			return tr(lang, "Never");
		return arena_printf(a, "%.10s %s", p->reviewed_at, p->reviewed_by_name ? p->reviewed_by_name : "");
	case C_OWNER:
		return p->owner_name ? p->owner_name : "";
	case C_DESCRIPTION:
		return p->description;
	case C_COUNT:
		break;
	}
	return b.data ? b.data : "";
}

/* --- formats ----------------------------------------------------------------------------------- */

struct doc *gdpr_register_doc(struct arena *a, enum lang lang, const struct gdpr_register *reg)
{
	static const unsigned widths[2] = { 3, 7 };
	struct doc *d = doc_new(a, lang, reg->title);
	char now[TIME_ISO_LEN];
	const char *unit = NULL;
	struct err tmp = { 0 };

	time_now_iso(now);
	err_set1(&tmp, ERR_INVALID, NULL, N_("Exported %s."), arena_printf(a, "%.10s", now));
	doc_text(d, err_message(&tmp, lang, a));
	err_set1(&tmp, ERR_INVALID, NULL, N_("Processing activities: %s."), arena_printf(a, "%zu", reg->n_items));
	doc_text(d, err_message(&tmp, lang, a));
	for (size_t i = 0; i < reg->n_items; i++) {
		const struct gdpr_activity_full *f = &reg->items[i];
		struct doc_table *t;
		if (!unit || strcmp(unit, f->act.unit_name)) {
			unit = f->act.unit_name;
			doc_heading(d, 1, unit);
		}
		doc_heading(d, 2, f->act.name);
		t = doc_table(d, 2, widths, f->act.name);
		t->n_row_heads = 1;
		doc_cell_text(t, &t->head, 0, tr(lang, "Item"));
		doc_cell_text(t, &t->head, 1, tr(lang, "Content"));
		for (int c = C_CONTROLLER; c < C_COUNT; c++) {
			struct doc_row *row = doc_row(d, t);
			doc_cell_text(t, row, 0, tr(lang, cols[c].header));
			doc_cell_text(t, row, 1, none_or(cell(a, lang, f, (enum col)c), "–"));
		}
	}
	return d;
}

void gdpr_register_csv(struct buf *b, const struct gdpr_register *reg, enum lang lang)
{
	struct csv_writer w;

	csv_writer_init(&w, b, ';', true);
	for (int c = 0; c < C_COUNT; c++)
		csv_writer_cell(&w, tr(lang, cols[c].header));
	csv_writer_end_row(&w);
	for (size_t i = 0; i < reg->n_items; i++) {
		for (int c = 0; c < C_COUNT; c++)
			csv_writer_cell(&w, cell(b->arena, lang, &reg->items[i], (enum col)c));
		csv_writer_end_row(&w);
	}
}

int gdpr_register_xlsx(struct arena *a, const struct gdpr_register *reg, enum lang lang, const char **data, size_t *len,
		       struct err *e)
{
	struct xlsx_column *xc = arena_calloc(a, C_COUNT, sizeof(*xc));
	const char **cells = arena_calloc(a, reg->n_items ? reg->n_items * C_COUNT : 1, sizeof(*cells));
	const char **title = arena_calloc(a, 2, sizeof(*title));
	char now[TIME_ISO_LEN];
	struct err tmp = { 0 };
	struct xlsx_sheet s;

	time_now_iso(now);
	for (int c = 0; c < C_COUNT; c++)
		xc[c] = (struct xlsx_column){ tr(lang, cols[c].header), cols[c].width, XLSX_WRAP };
	for (size_t i = 0; i < reg->n_items; i++)
		for (int c = 0; c < C_COUNT; c++)
			cells[i * C_COUNT + (size_t)c] = cell(a, lang, &reg->items[i], (enum col)c);
	title[0] = reg->title;
	err_set1(&tmp, ERR_INVALID, NULL, N_("Exported %s."), arena_printf(a, "%.10s", now));
	title[1] = err_message(&tmp, lang, a);
	s = (struct xlsx_sheet){ tr(lang, "Register of processing"), title, 2, xc, C_COUNT, cells, reg->n_items };
	return xlsx_write(a, &s, data, len, e);
}

void gdpr_register_json(struct buf *b, const struct gdpr_register *reg)
{
	struct json j;
	json_init(&j, b);
	json_obj_open(&j);
	json_kv_str(&j, "title", reg->title);
	json_key(&j, "items");
	json_arr_open(&j);
	for (size_t i = 0; i < reg->n_items; i++)
		gdpr_activity_full_json(&j, &reg->items[i], reg->cutoff);
	json_arr_close(&j);
	json_kv_int(&j, "total", (int64_t)reg->n_items);
	json_obj_close(&j);
}

int gdpr_register_stream_begin(struct gdpr_register_stream *s, struct db *db, struct arena *a, enum lang lang,
			       const struct gdpr_filter *f, bool json, struct err *e)
{
	const char *subtree;
	int rc;

	memset(s, 0, sizeof(*s));
	s->lang = lang;
	s->json_format = json;
	if ((rc = register_head(db, a, lang, f, &s->title, &s->cutoff, &subtree, e)))
		return rc;
	return q_gdpr_register_ids(db, a, f, subtree, s->cutoff, INT64_MAX, &s->ids, &s->n_ids, e);
}

int gdpr_register_stream_next(void *stream, struct db *db, struct arena *a, struct buf *out, struct err *e)
{
	struct gdpr_register_stream *s = stream;
	size_t page = s->page ? s->page : GDPR_STREAM_PAGE;
	size_t n = s->n_ids - s->next < page ? s->n_ids - s->next : page;
	struct gdpr_register_rows rows;
	struct gdpr_activity_full *items;
	size_t n_items;
	int rc;

	if (!s->begun) {
		s->begun = true;
		if (s->json_format) {
			json_init(&s->json, out);
			json_obj_open(&s->json);
			json_kv_str(&s->json, "title", s->title);
			json_key(&s->json, "items");
			json_arr_open(&s->json);
		} else {
			csv_writer_init(&s->csv, out, ';', true);
			for (int c = 0; c < C_COUNT; c++)
				csv_writer_cell(&s->csv, tr(s->lang, cols[c].header));
			csv_writer_end_row(&s->csv);
		}
	}
	/* The writers keep their state from piece to piece; only the buffer is new. */
	s->csv.b = out;
	s->json.b = out;
	if (n) {
		if ((rc = q_gdpr_register_page(db, a, s->ids + s->next, n, &rows, e)))
			return rc;
		assemble(a, &rows, &items, &n_items);
		for (size_t i = 0; i < n_items; i++) {
			if (s->json_format) {
				gdpr_activity_full_json(&s->json, &items[i], s->cutoff);
				continue;
			}
			for (int c = 0; c < C_COUNT; c++)
				csv_writer_cell(&s->csv, cell(a, s->lang, &items[i], (enum col)c));
			csv_writer_end_row(&s->csv);
		}
		s->next += n;
		s->n_written += (int64_t)n_items;
	}
	if (s->next < s->n_ids)
		return 1;
	if (s->json_format) {
		json_arr_close(&s->json);
		json_kv_int(&s->json, "total", s->n_written);
		json_obj_close(&s->json);
	}
	return 0;
}

const char *gdpr_register_filename(struct arena *a, const char *ext)
{
	char now[TIME_ISO_LEN];
	time_now_iso(now);
	return arena_printf(a, "registerforteckning-%.10s.%s", now, ext);
}
