/*
 * row.c — the row validator shared by `pledger import` and manual entry
 * (`loan add`, `policy add`, `enterprise add`): a row of (canonical column,
 * text, unit) cells is read through the ledger's validators into a record,
 * then written with the identity and audit rules of import.md §2 and §4.
 *
 * Every problem of a row is reported, not only the first: a clerk fixing a
 * file wants all of them at once.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "import/import_int.h"
#include "ledger/account.h"
#include "ledger/bank.h"
#include "ledger/date.h"
#include "ledger/db.h"
#include "ledger/enterprise.h"
#include "ledger/grow.h"
#include "ledger/ident.h"
#include "ledger/loan.h"
#include "ledger/money.h"
#include "ledger/policy.h"
#include "ledger/text.h"
#include "ledger/lang.h"

/* ---- rows ---------------------------------------------------------- */

struct imp_row *imp_row_new(enum imp_kind kind, const char *file, long line)
{
	struct imp_row *r = calloc(1, sizeof(*r));
	int i;

	if (!r)
		return NULL;
	r->kind = kind;
	r->file = file;
	r->line = line;
	imp_coldefs(kind, &r->ncols);
	r->default_unit = -1;
	for (i = 0; i < IMP_MAXCOLS; i++)
		r->cell[i].unit = -1;
	return r;
}

/* imp_row_clear: see import.h / import_int.h. */
void imp_row_clear(struct imp_row *row)
{
	int i;

	for (i = 0; i < IMP_MAXCOLS; i++) {
		if (row->cell[i].owned) {
			free((char *)row->cell[i].text);
			free((char *)row->cell[i].label);
		}
		row->cell[i].text = NULL;
		row->cell[i].label = NULL;
		row->cell[i].owned = 0;
		row->cell[i].unit = -1;
	}
}

/* imp_row_free: see import.h / import_int.h. */
void imp_row_free(struct imp_row *row)
{
	if (!row)
		return;
	imp_row_clear(row);
	free(row);
}

/* imp_row_set: see import.h / import_int.h. */
int imp_row_set(struct imp_row *row, const char *name, const char *text,
		const char *label, struct ldg_err *err)
{
	char canon[128];
	size_t n;
	int unit = -1, col;
	struct imp_cell *c;

	imp_fold_header(name, canon, sizeof(canon));
	n = strlen(canon);
	if (n > 5 && strcmp(canon + n - 5, "_yuan") == 0) {
		canon[n - 5] = '\0';
		unit = LDG_UNIT_YUAN;
	} else if (n > 4 && strcmp(canon + n - 4, "_wan") == 0) {
		canon[n - 4] = '\0';
		unit = LDG_UNIT_WAN;
	}
	col = imp_col_index(row->kind, canon);
	if (col < 0)
		return ldg_err_set(err, LDG_EUSAGE, _("unknown column '%s' for %s"), name,
				   imp_kind_name(row->kind));
	c = &row->cell[col];
	if (c->owned) {
		free((char *)c->text);
		free((char *)c->label);
	}
	c->text = strdup(text ? text : "");
	c->label = strdup(label ? label : name);
	c->owned = 1;
	c->unit = unit;
	if (!c->text || !c->label)
		return ldg_err_set(err, LDG_ENOMEM, _("out of memory"));
	return 0;
}

/* ---- context and messages ----------------------------------------- */

void imp_ctx_init(struct imp_ctx *c, sqlite3 *db, int64_t batch_id,
		  const struct imp_sink *sink)
{
	memset(c, 0, sizeof(*c));
	c->db = db;
	c->batch_id = batch_id;
	c->sink = sink;
	ldg_store_init(&c->store, db);
}

/* imp_ctx_release: see import.h / import_int.h. */
void imp_ctx_release(struct imp_ctx *c)
{
	ldg_store_release(&c->store);
	sqlite3_finalize(c->seen);
	c->seen = NULL;
	free(c->ents);
	c->ents = NULL;
}

/* imp_ctx_forget: see import_int.h. */
void imp_ctx_forget(struct imp_ctx *c)
{
	ldg_store_forget(&c->store);
	memset(c->city_code, 0, sizeof(c->city_code));
	if (c->ents)
		memset(c->ents, 0, IMP_ENT_CACHE * sizeof(*c->ents));
}

/* imp_report: see import.h / import_int.h. */
void imp_report(struct imp_ctx *c, const struct imp_row *row, int col,
		int is_error, struct ldg_err *e)
{
	const struct imp_coldef *d;
	int n;

	d = imp_coldefs(row->kind, &n);
	if (col >= 0 && col < n)
		ldg_err_place(e, row->file, row->line,
			      row->cell[col].label ? row->cell[col].label : d[col].name);
	else
		ldg_err_place(e, row->file, row->line, NULL);
	if (is_error)
		c->row_errors++;
	else
		c->warnings++;
	if (c->sink && c->sink->fn)
		c->sink->fn(c->sink->ctx, is_error, e);
}

/* Report a row error with a message of our own. */
__attribute__((format(printf, 5, 6)))
static void row_fail(struct imp_ctx *c, const struct imp_row *row, int col,
		     const char *value, const char *fmt, ...)
{
	struct ldg_err e = { 0 };
	va_list ap;

	e.code = LDG_EINPUT;
	va_start(ap, fmt);
	vsnprintf(e.msg, sizeof(e.msg), fmt, ap);
	va_end(ap);
	if (value)
		ldg_err_value(&e, value);
	imp_report(c, row, col, 1, &e);
}

__attribute__((format(printf, 5, 6)))
static void row_warn(struct imp_ctx *c, const struct imp_row *row, int col,
		     const char *value, const char *fmt, ...)
{
	struct ldg_err e = { 0 };
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(e.msg, sizeof(e.msg), fmt, ap);
	va_end(ap);
	if (value)
		ldg_err_value(&e, value);
	imp_report(c, row, col, 0, &e);
}

/* Report an error a validator gave (its msg and value), keeping the value. */
static void cell_fail(struct imp_ctx *c, const struct imp_row *row, int col,
		      struct ldg_err *e, const char *text)
{
	if (e->code == LDG_OK)
		e->code = LDG_EINPUT;
	ldg_err_value(e, text);
	imp_report(c, row, col, 1, e);
}

/* ---- reading cells ------------------------------------------------- */

/* The cell's text, or NULL when absent or blank. */
static const char *cell(const struct imp_row *row, int col)
{
	const char *t;

	if (col < 0)
		return NULL;
	t = row->cell[col].text;
	if (!t)
		return NULL;
	while (*t == ' ' || *t == '\t' || *t == '\r' || *t == '\n')
		t++;
	if (!*t)
		return NULL;
	/* U+3000 alone is blank too */
	if (strcmp(t, "\xe3\x80\x80") == 0)
		return NULL;
	return row->cell[col].text;
}

/*
 * 1 when the row has column col at all (the file's header names it, or the
 * command line gave it), even with an empty cell.  import.md §1: a file
 * that lacks an optional column says nothing about that field, so a
 * recorded value is changed only by a column the file has.
 */
static int present(const struct imp_row *row, int col)
{
	return col >= 0 && row->cell[col].label != NULL;
}

/* The unit of a cell: its header's, else --unit, else 元 (import.md §1). */
static int unit_of(const struct imp_row *row, int col)
{
	if (row->cell[col].unit >= 0)
		return row->cell[col].unit;
	if (row->default_unit >= 0)
		return row->default_unit;
	return LDG_UNIT_YUAN;
}

/* Required cell missing: report. */
static void need(struct imp_ctx *c, const struct imp_row *row, int col)
{
	const struct imp_coldef *d;
	int n;

	d = imp_coldefs(row->kind, &n);
	row_fail(c, row, col, NULL, _("no value given; '%s' is required"), d[col].name);
}

/* Length of a blank (ASCII white space, U+3000, NBSP) at s, or 0. */
static size_t blank_at(const char *s)
{
	if (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n')
		return 1;
	if (strncmp(s, "\xe3\x80\x80", 3) == 0)
		return 3;
	if (strncmp(s, "\xc2\xa0", 2) == 0)
		return 2;
	return 0;
}

/* Trimmed text into out; 0, or -1 (reported) when too long. */
static int get_text(struct imp_ctx *c, const struct imp_row *row, int col,
		    char *out, size_t outsz)
{
	const char *t = cell(row, col), *b, *e;
	size_t k, n;

	out[0] = '\0';
	if (!t)
		return 0;
	for (b = t; (k = blank_at(b)) != 0; b += k)
		;
	e = b + strlen(b);
	for (;;) {
		if (e > b && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r' || e[-1] == '\n'))
			e--;
		else if (e - b >= 3 && memcmp(e - 3, "\xe3\x80\x80", 3) == 0)
			e -= 3;
		else if (e - b >= 2 && memcmp(e - 2, "\xc2\xa0", 2) == 0)
			e -= 2;
		else
			break;
	}
	n = (size_t)(e - b);
	if (n >= outsz) {
		row_fail(c, row, col, t, _("too long (at most %zu bytes)"), outsz - 1);
		return -1;
	}
	memcpy(out, b, n);
	out[n] = '\0';
	return 0;
}

/*
 * 1 when t is Excel's scientific notation of a number (2.02033E+14,
 * 9.1330783E+17, 2E+11): what Excel shows, and writes to CSV, for a long
 * number in a column not formatted as text.  The digits behind it are lost.
 */
static int is_sci_notation(const char *t)
{
	const char *p = t;

	while (*p == ' ')
		p++;
	if (*p < '0' || *p > '9')
		return 0;
	while (*p >= '0' && *p <= '9')
		p++;
	if (*p == '.') {
		p++;
		while (*p >= '0' && *p <= '9')
			p++;
	}
	/* Excel always writes the sign: "E+"; a contract number such as
	 * 2021E001 is no exponent */
	if ((*p != 'E' && *p != 'e') || p[1] != '+')
		return 0;
	p += 2;
	if (*p < '0' || *p > '9')
		return 0;
	while (*p >= '0' && *p <= '9')
		p++;
	while (*p == ' ')
		p++;
	return *p == '\0';
}

/*
 * import.md §5: an identifier cell (USCC, contract, policy or registration
 * number) in scientific notation is refused, naming the cell, with the way
 * out.  Returns -1 (reported) or 0.
 */
static int id_not_sci(struct imp_ctx *c, const struct imp_row *row, int col)
{
	const char *t = cell(row, col);

	if (!t || !is_sci_notation(t))
		return 0;
	row_fail(c, row, col, t, _("Excel's scientific notation, not the number: format the"
		 " column as text in Excel and export the file again"));
	return -1;
}

/* An amount in the cell's unit (元, 万元 or 亿元, money.h). */
static int parse_amount(const char *t, int unit, int64_t *fen, struct ldg_err *e)
{
	return ldg_money_parse(t, (enum ldg_unit)unit, fen, e);
}

/* Optional amount: *fen LDG_NONE when absent.  -1 when invalid (reported). */
static int get_money(struct imp_ctx *c, const struct imp_row *row, int col,
		     int required, int64_t *fen)
{
	const char *t = cell(row, col);
	struct ldg_err e = { 0 };

	*fen = LDG_NONE;
	if (!t) {
		if (required) {
			need(c, row, col);
			return -1;
		}
		return 0;
	}
	if (parse_amount(t, unit_of(row, col), fen, &e)) {
		*fen = LDG_NONE;
		cell_fail(c, row, col, &e, t);
		return -1;
	}
	return 0;
}

/*
 * A date cell (every form of import.md §1) into *day; LDG_NO_DAY when
 * absent. -1 when invalid (reported).
 */
static int get_date(struct imp_ctx *c, const struct imp_row *row, int col,
		    int required, int32_t *day)
{
	const char *t = cell(row, col);
	struct ldg_err e = { 0 };

	*day = LDG_NO_DAY;
	if (!t) {
		if (required) {
			need(c, row, col);
			return -1;
		}
		return 0;
	}
	if (ldg_date_parse(t, day, &e)) {
		*day = LDG_NO_DAY;
		cell_fail(c, row, col, &e, t);
		return -1;
	}
	/* import.md §1: a date of a loan, a policy or a registration before
	 * 1990-01-01 (day 7305) or after 2099-12-31 (day 47481) is a typing
	 * mistake (1023-05-10 for 2023-05-10) */
	if ((row->kind == IMP_LOANS || row->kind == IMP_POLICIES)
	    && (*day < 7305 || *day > 47481)) {
		*day = LDG_NO_DAY;
		row_fail(c, row, col, t, _("implausible date: before 1990-01-01 or after"
			 " 2099-12-31 (a typing mistake?)"));
		return -1;
	}
	return 0;
}

/* A rate cell into *ppm; LDG_NONE when absent. -1 when invalid (reported). */
static int get_rate(struct imp_ctx *c, const struct imp_row *row, int col,
		    int required, int64_t *ppm)
{
	const char *t = cell(row, col);
	struct ldg_err e = { 0 };

	*ppm = LDG_NONE;
	if (!t) {
		if (required) {
			need(c, row, col);
			return -1;
		}
		return 0;
	}
	if (ldg_rate_parse(t, ppm, &e)) {
		*ppm = LDG_NONE;
		cell_fail(c, row, col, &e, t);
		return -1;
	}
	return 0;
}

/* A yes/no cell into *v, def when empty. -1 when invalid (reported). */
static int get_bool(struct imp_ctx *c, const struct imp_row *row, int col,
		    int def, int *v)
{
	const char *t = cell(row, col);
	struct ldg_err e = { 0 };

	*v = def;
	if (!t)
		return 0;
	if (ldg_bool_parse(t, def, v, &e)) {
		cell_fail(c, row, col, &e, t);
		return -1;
	}
	return 0;
}

/*
 * A required year cell (2023, 2023年, 2023年度). -1 when absent or invalid
 * (reported).
 */
static int get_year(struct imp_ctx *c, const struct imp_row *row, int col, int *year)
{
	const char *t = cell(row, col);
	struct ldg_err e = { 0 };

	if (!t) {
		need(c, row, col);
		return -1;
	}
	if (ldg_year_parse(t, year, &e)) {
		cell_fail(c, row, col, &e, t);
		return -1;
	}
	return 0;
}

/* A city cell resolved to its code ("" when absent). */
static int get_city(struct imp_ctx *c, const struct imp_row *row, int col,
		    int required, char *code)
{
	char text[64];
	struct ldg_err e = { 0 };
	int rc;

	code[0] = '\0';
	if (get_text(c, row, col, text, sizeof(text)))
		return -1;
	if (!text[0]) {
		if (required) {
			need(c, row, col);
			return -1;
		}
		return 0;
	}
	for (rc = 0; rc < IMP_CITY_CACHE; rc++)
		if (c->city_code[rc][0] && strcmp(text, c->city_text[rc]) == 0) {
			memcpy(code, c->city_code[rc], 7);
			return 0;
		}
	rc = ldg_city_resolve(c->db, text, code, NULL, 0, &e);
	if (rc == LDG_ENOTFOUND || rc == LDG_EUSAGE) {
		e.code = LDG_EINPUT;
		ldg_err_clear(&e);
		row_fail(c, row, col, text, _("unknown city"));
		return -1;
	}
	if (rc)
		return rc;
	rc = c->city_next++ % IMP_CITY_CACHE;
	snprintf(c->city_text[rc], sizeof(c->city_text[rc]), "%s", text);
	memcpy(c->city_code[rc], code, 7);
	return 0;
}

/*
 * A USCC: normal form into out.  A code whose only fault is its check
 * character passes when the register holds it as nonstandard (domain.md
 * §2), or when accept_nonstandard is set (*nonstd then 1).
 */
static int get_uscc(struct imp_ctx *c, const struct imp_row *row, int col,
		    int accept_nonstandard, char out[LDG_USCC_BUFSZ], int *nonstd)
{
	const char *t = cell(row, col);
	struct ldg_err e = { 0 }, e2 = { 0 };
	struct ldg_enterprise ent;

	*nonstd = 0;
	out[0] = '\0';
	if (!t) {
		need(c, row, col);
		return -1;
	}
	if (id_not_sci(c, row, col))
		return -1;
	if (ldg_uscc_normalize(t, 0, out, &e) == 0)
		return 0;
	if (ldg_uscc_normalize(t, 1, out, &e2) == 0) {
		/* the form is right, the check character is not */
		if (accept_nonstandard) {
			*nonstd = 1;
			return 0;
		}
		if (ldg_enterprise_get(&c->store, out, &ent, NULL) == 0 && ent.nonstandard_uscc)
			return 0;
	}
	cell_fail(c, row, col, &e, t);
	return -1;
}

/* ---- lists of rights ----------------------------------------------- */

/* Which right each item of a rights cell became (a repeat maps to the first). */
struct imp_slots {
	int *idx;
	int n;
	size_t cap;
};

struct rights_ctx {
	struct imp_ctx *c;
	const struct imp_row *row;
	int col;
	enum ldg_kind hint;
	struct ldg_loan *loan;   /* rights collected here */
	int bad;
	int oom;
	struct imp_slots *slots; /* item position → right index, or NULL */
};

/* Record that the next item of the cell is right `idx`; 1 when out of memory. */
static int slot_add(struct rights_ctx *rc, int idx)
{
	struct imp_slots *sl = rc->slots;

	if (!sl)
		return 0;
	if (ldg_grow((void **)&sl->idx, &sl->cap, (size_t)sl->n + 1, sizeof(*sl->idx))) {
		rc->oom = 1;
		return 1;
	}
	sl->idx[sl->n++] = idx;
	return 0;
}

/*
 * ldg_list_split() callback: normalise one right and append it to the loan;
 * reports a bad one.
 */
static int on_right(const char *item, void *ctx)
{
	struct rights_ctx *rc = ctx;
	struct ldg_err e = { 0 };
	char out[LDG_RIGHT_BUFSZ];
	enum ldg_kind kind;

	int i;

	if (ldg_right_normalize(item, rc->hint, out, sizeof(out), &kind, &e)) {
		cell_fail(rc->c, rc->row, rc->col, &e, item);
		rc->bad = 1;
		return 0;
	}
	/* the same right written again (ZL…, CN…, bare digits): one right,
	 * compared in normal form (issue 11); the item still maps to it, so
	 * that ip_values lines up with the cell */
	for (i = 0; i < rc->loan->nrights; i++)
		if (strcmp(rc->loan->rights[i].no, out) == 0
		    && rc->loan->rights[i].kind == kind) {
			row_warn(rc->c, rc->row, rc->col, item,
				 _("right %s is listed more than once; it is one right"), out);
			return slot_add(rc, i);
		}
	if (slot_add(rc, rc->loan->nrights))
		return 1;
	if (ldg_loan_add_right(rc->loan, out, kind, LDG_NONE)) {
		rc->oom = 1;
		return 1;
	}
	return 0;
}

/* Read a rights cell into l->rights.  -1 when invalid (reported). */
static int get_rights(struct imp_ctx *c, const struct imp_row *row, int col,
		      int kind_col, int required, struct ldg_loan *l,
		      struct imp_slots *slots)
{
	const char *t = cell(row, col), *k = cell(row, kind_col);
	struct rights_ctx rc = { c, row, col, LDG_KIND_NONE, l, 0, 0, slots };
	struct ldg_err e = { 0 };

	if (k && ldg_kind_parse(k, &rc.hint, &e)) {
		cell_fail(c, row, kind_col, &e, k);
		return -1;
	}
	if (!t) {
		if (required) {
			need(c, row, col);
			return -1;
		}
		return 0;
	}
	ldg_list_split(t, on_right, &rc);
	if (rc.oom)
		return -2;
	if (rc.bad)
		return -1;
	if (l->nrights == 0 && required) {
		need(c, row, col);
		return -1;
	}
	return 0;
}

struct values_ctx {
	struct imp_ctx *c;
	const struct imp_row *row;
	int col, unit, n, bad;
	struct ldg_loan *loan;
	const struct imp_slots *slots;  /* item position → right, or NULL */
};

/*
 * ldg_list_split() callback: one amount of ip_values, set on the right of
 * the same position.
 */
static int on_value(const char *item, void *ctx)
{
	struct values_ctx *v = ctx;
	struct ldg_err e = { 0 };
	int64_t fen;

	if (parse_amount(item, v->unit, &fen, &e)) {
		cell_fail(v->c, v->row, v->col, &e, item);
		v->bad = 1;
	} else if (v->slots && v->n < v->slots->n) {
		/* a right listed twice takes its value once; two values differ */
		struct ldg_right *r = &v->loan->rights[v->slots->idx[v->n]];

		if (r->value_fen != LDG_NONE && r->value_fen != fen) {
			row_fail(v->c, v->row, v->col, item, _("right %s is listed more than once"
				 " with different values"), r->no);
			v->bad = 1;
		}
		r->value_fen = fen;
	} else if (!v->slots && v->n < v->loan->nrights) {
		v->loan->rights[v->n].value_fen = fen;
	}
	v->n++;
	return 0;
}

/* ip_values: a list parallel to the rights. */
static int get_values(struct imp_ctx *c, const struct imp_row *row, int col,
		      struct ldg_loan *l, const struct imp_slots *slots)
{
	const char *t = cell(row, col);
	struct values_ctx v = { c, row, col, 0, 0, 0, l, slots };
	int items = slots ? slots->n : l->nrights;

	if (!t)
		return 0;
	v.unit = unit_of(row, col);
	ldg_list_split(t, on_value, &v);
	if (v.bad)
		return -1;
	if (v.n != items) {
		row_fail(c, row, col, t, _("%d values for %d rights"), v.n, items);
		return -1;
	}
	return 0;
}

/* ---- enterprises met in a loan or policy row ----------------------- */

/*
 * Make sure the enterprise of a loan or policy row exists: a known USCC
 * keeps its record (a different name or city is a warning); a new one is
 * created from the row, which then needs a city (import.md §2).
 */
/* FNV-1a of s: a name's fingerprint in the enterprise cache. */
static uint64_t name_hash(const char *s)
{
	uint64_t h = 14695981039346656037u;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211u;
	return h;
}

/* The cache slot of uscc (NULL: no cache), allocating the table once. */
static struct imp_ent_slot *ent_slot(struct imp_ctx *c, const char *uscc)
{
	uint64_t h;

	if (c->batch_id <= 0)
		return NULL;  /* one manual row: nothing to gain */
	if (!c->ents && !(c->ents = calloc(IMP_ENT_CACHE, sizeof(*c->ents))))
		return NULL;  /* out of memory: work without the cache */
	h = name_hash(uscc);
	return &c->ents[(h ^ (h >> 29)) & (IMP_ENT_CACHE - 1)];
}

/* Remember enterprise uscc with its recorded city and name in slot sl. */
static void ent_remember(struct imp_ent_slot *sl, const char *uscc, const char *city,
			 const char *name)
{
	if (!sl || strlen(uscc) >= sizeof(sl->uscc))
		return;
	memcpy(sl->uscc, uscc, strlen(uscc) + 1);
	snprintf(sl->city, sizeof(sl->city), "%s", city);
	sl->name_hash = name_hash(name);
}

static int ensure_enterprise(struct imp_ctx *c, const struct imp_row *row,
			     int uscc_col, int name_col, int city_col,
			     const char *uscc, int nonstd, const char *name,
			     const char *city, struct ldg_err *err)
{
	struct ldg_enterprise e;
	struct ldg_err le = { 0 };
	struct imp_ent_slot *sl = ent_slot(c, uscc);
	int rc;

	/* known, and the row says nothing that would need a warning */
	if (sl && strcmp(sl->uscc, uscc) == 0
	    && (!name[0] || name_hash(name) == sl->name_hash)
	    && (!city[0] || strcmp(city, sl->city) == 0))
		return 0;
	rc = ldg_enterprise_get(&c->store, uscc, &e, &le);
	if (rc == 0) {
		ent_remember(sl, e.uscc, e.city, e.name);
		if (name[0] && strcmp(name, e.name) != 0)
			row_warn(c, row, name_col, name,
				 _("enterprise %s is recorded as '%s'; the name in this row is ignored"),
				 uscc, e.name);
		if (city[0] && strcmp(city, e.city) != 0) {
			char cname[LDG_NAME_BUFSZ], ccode[8];
			struct ldg_err ce = { 0 };

			if (ldg_city_resolve(c->db, e.city, ccode, cname, sizeof(cname), &ce))
				snprintf(cname, sizeof(cname), "%s", e.city);
			row_warn(c, row, city_col, cell(row, city_col),
				 _("enterprise %s is recorded in %s; the city in this row is ignored"),
				 uscc, cname);
		}
		return 0;
	}
	if (rc != LDG_ENOTFOUND)
		return ldg_err_set(err, le.code, "%s", le.msg);
	if (!city[0]) {
		/* the city cell, empty as it is; the USCC when there is no city column */
		row_fail(c, row, city_col >= 0 ? city_col : uscc_col,
			 city_col >= 0 ? (cell(row, city_col) ? cell(row, city_col) : "") : uscc,
			 _("enterprise %s is not registered; a city is needed to create it"), uscc);
		return 1;
	}
	ldg_enterprise_init(&e);
	snprintf(e.uscc, sizeof(e.uscc), "%s", uscc);
	snprintf(e.name, sizeof(e.name), "%s", name);
	memcpy(e.city, city, 7);
	e.nonstandard_uscc = nonstd;
	e.unregistered = 1;   /* until an enterprises file confirms it (import.md §5) */
	if ((rc = ldg_enterprise_insert(&c->store, &e, c->batch_id, c->batch_id <= 0, err)))
		return rc;
	ent_remember(sl, e.uscc, e.city, e.name);
	return 0;
}

/*
 * The record of key was found and belongs to this batch or was seen in it:
 * 1 when this is a second row for it in the same file.
 */
static int seen_before(struct imp_ctx *c, const char *entity, const char *key,
		       int64_t rec_batch, struct ldg_err *err)
{
	char k[IMP_KEYSZ + 16];
	int rc;

	if (c->batch_id <= 0)
		return 0;
	if (rec_batch == c->batch_id)
		return 1;
	if (!c->seen) {
		if ((rc = ldg_db_exec(c->db, "CREATE TEMP TABLE IF NOT EXISTS imp_seen"
				      " (key TEXT PRIMARY KEY)", err)))
			return rc;
		if ((rc = ldg_db_prepare(c->db, "INSERT OR IGNORE INTO temp.imp_seen (key)"
					 " VALUES (?1)", &c->seen, err)))
			return rc;
	}
	snprintf(k, sizeof(k), "%s|%s", entity, key);
	sqlite3_reset(c->seen);
	ldg_bind_text(c->seen, 1, k);
	if (sqlite3_step(c->seen) != SQLITE_DONE)
		return ldg_db_error(c->db, "cannot track rows", err);
	return sqlite3_changes(c->db) == 0;
}

/*
 * Map a store failure to a row error (locks, constraints), placed at the
 * record's key column col with that cell as the value (import.md §4: every
 * row error names a column and a value), or to a failure.
 */
static int store_fail(struct imp_ctx *c, const struct imp_row *row, int col, int rc,
		      struct ldg_err *le, struct ldg_err *err)
{
	if (rc == LDG_ELOCKED || rc == LDG_EINPUT || rc == LDG_ERANGE) {
		struct ldg_err e = *le;

		e.code = rc;
		if (!e.value[0] && cell(row, col))
			ldg_err_value(&e, cell(row, col));
		imp_report(c, row, col, 1, &e);
		return 0;
	}
	return ldg_err_set(err, le->code ? le->code : rc, "%s", le->msg);
}

/*
 * A row whose key (A/B) is a recorded loan or policy of enterprise
 * was_uscc names another enterprise: refused, naming both (import.md §2: a
 * loan's borrower, a policy's holder never changes; two keys that Excel's
 * 2.02103E+11 made one would otherwise move the first to the second).
 */
static void other_borrower(struct imp_ctx *c, const struct imp_row *row, int col,
			   const char *what, const char *a, const char *b,
			   const char *was_uscc, const char *uscc, const char *name)
{
	struct ldg_enterprise e;
	char was[LDG_NAME_BUFSZ] = "";

	if (ldg_enterprise_get(&c->store, was_uscc, &e, NULL) == 0)
		snprintf(was, sizeof(was), "%s", e.name);
	row_fail(c, row, col, uscc,
		 _("%s '%s/%s' is recorded for enterprise %s %s; this row names %s %s"
		 " (the %s's enterprise never changes: is the key right?)"),
		 what, a, b, was_uscc, was, uscc, name, what);
}

/*
 * The same key twice in one file (issue 11: every kind): with other values
 * the later row is an error (which one is meant cannot be told; the whole
 * file is refused, or that row with --skip-invalid); an identical repeat
 * is a warning.  dup: the key was seen before in this file; changed: the
 * row differs from what the earlier one recorded.  Returns 1 when the row
 * was refused (reported).
 */
static int dup_repeat(struct imp_ctx *c, const struct imp_row *row, int col,
		      const char *entity, const char *key, int dup, int changed)
{
	if (!dup)
		return 0;
	if (changed) {
		row_fail(c, row, col, cell(row, col), _("%s '%s' appears earlier in this file"
			 " with other values"), entity, key);
		return 1;
	}
	row_warn(c, row, col, cell(row, col), _("%s '%s' appears again in this file"),
		 entity, key);
	return 0;
}

/* ---- loans --------------------------------------------------------- */

enum { L_BANK, L_CONTRACT, L_USCC, L_ENT, L_CITY, L_PRINCIPAL, L_COMBINED,
       L_PORTION, L_RATE, L_START, L_MATURITY, L_SETTLE, L_OVERDUE, L_PAID,
       L_KIND, L_RIGHTS, L_VALUES, L_REGNO, L_REGDATE, L_CREDIT };

/* 1 when some column the row has is empty (a field it may clear). */
static int has_empty_cell(const struct imp_row *row)
{
	int i;

	for (i = 0; i < row->ncols && i < IMP_MAXCOLS; i++)
		if (present(row, i) && !cell(row, i))
			return 1;
	return 0;
}

/*
 * import.md §1: an empty cell in a column the file has clears the field;
 * that update is said, naming the field and the value it had (the audit
 * log has it too).  fo/fn: the record's fields before and after.
 */
static void warn_cleared(struct imp_ctx *c, const struct imp_row *row, const char *what,
			 const char *key, const struct ldg_field *fo,
			 const struct ldg_field *fn, int n)
{
	int i;

	for (i = 0; i < n; i++)
		if (fo[i].text[0] && !fn[i].text[0])
			row_warn(c, row, imp_col_index(row->kind, fn[i].name), fo[i].text,
				 _("%s '%s': %s is cleared by an empty cell (it was the value"
				 " shown)"), what, key, fn[i].name);
}

/*
 * import.md §2: a combined loan without its IP portion is recorded; its
 * interest subsidy item is COMBINED_UNKNOWN (rules.md §3) until a file
 * gives the portion.  One warning per such loan names it.
 */
static void combined_warn(struct imp_ctx *c, const struct imp_row *row,
			  const struct ldg_loan *l)
{
	char k[IMP_KEYSZ];

	if (!l->combined || l->ip_portion_fen != LDG_NONE)
		return;
	ldg_loan_key(l, k, sizeof(k));
	row_warn(c, row, present(row, L_PORTION) ? L_PORTION : L_COMBINED,
		 present(row, L_PORTION) ? (cell(row, L_PORTION) ? cell(row, L_PORTION) : "")
		 : cell(row, L_COMBINED),
		 _("combined loan '%s' has no IP portion: it is recorded, and its interest"
		 " subsidy is ineligible (COMBINED_UNKNOWN) until a file gives the portion"), k);
}

/*
 * import.md §1: an update from a row without a column keeps what is
 * recorded for that field (a bank's list of new loans has no 结清日期; it
 * must not clear the settlement recorded from last year's file).  The
 * required columns are always present.  Without ip_values the values
 * recorded for the same rights are kept.
 */
static void loan_keep_absent(const struct imp_row *row, const struct ldg_loan *old,
			     struct ldg_loan *l)
{
	int i, j;

	if (!present(row, L_COMBINED))
		l->combined = old->combined;
	if (!present(row, L_PORTION) && l->combined)
		l->ip_portion_fen = old->ip_portion_fen;   /* "not combined": none */
	if (!present(row, L_RATE))
		l->rate_ppm = old->rate_ppm;
	if (!present(row, L_SETTLE))
		l->settle_day = old->settle_day;
	if (!present(row, L_OVERDUE))
		l->overdue = old->overdue;
	if (!present(row, L_PAID))
		l->interest_paid_fen = old->interest_paid_fen;
	if (!present(row, L_REGNO))
		snprintf(l->registration_no, sizeof(l->registration_no), "%s",
			 old->registration_no);
	if (!present(row, L_REGDATE))
		l->registration_day = old->registration_day;
	if (!present(row, L_CREDIT))
		l->credit_line_fen = old->credit_line_fen;
	if (!present(row, L_VALUES))
		for (i = 0; i < l->nrights; i++)
			for (j = 0; j < old->nrights; j++)
				if (strcmp(l->rights[i].no, old->rights[j].no) == 0) {
					l->rights[i].value_fen = old->rights[j].value_fen;
					break;
				}
}

/*
 * Validate a loans row and write it: enterprise from the row when new,
 * insert or compare-and-update by (bank, contract_no) (import.md §2).
 */
static int apply_loan(struct imp_ctx *c, struct imp_row *row, enum imp_mode mode,
		      int accept_nonstandard, enum imp_outcome *outcome, char *key,
		      struct ldg_err *err)
{
	struct ldg_loan l, old;
	struct ldg_err le = { 0 };
	struct imp_slots slots = { NULL, 0, 0 };
	char name[LDG_NAME_BUFSZ], city[8];
	int nonstd = 0, rc = 0, changed;

	ldg_loan_init(&l);
	ldg_loan_init(&old);
	if (row->bank && !cell(row, L_BANK))
		snprintf(l.bank, sizeof(l.bank), "%s", row->bank);
	else if (get_text(c, row, L_BANK, l.bank, sizeof(l.bank)) == 0 && !l.bank[0])
		need(c, row, L_BANK);
	if (get_text(c, row, L_CONTRACT, l.contract_no, sizeof(l.contract_no)) == 0
	    && !l.contract_no[0])
		need(c, row, L_CONTRACT);
	id_not_sci(c, row, L_CONTRACT);
	get_uscc(c, row, L_USCC, accept_nonstandard, l.uscc, &nonstd);
	if (get_text(c, row, L_ENT, name, sizeof(name)) == 0 && !name[0])
		need(c, row, L_ENT);
	if ((rc = get_city(c, row, L_CITY, 0, city)) > 0)
		goto out;
	rc = 0;
	if (get_money(c, row, L_PRINCIPAL, 1, &l.principal_fen) == 0) {
		/* fine */
	}
	get_bool(c, row, L_COMBINED, 0, &l.combined);
	if (get_money(c, row, L_PORTION, 0, &l.ip_portion_fen) == 0) {
		if (l.ip_portion_fen != LDG_NONE && !l.combined)
			row_fail(c, row, L_PORTION, cell(row, L_PORTION),
				 _("an IP portion is given on a loan not marked combined"));
		else if (l.ip_portion_fen != LDG_NONE && l.principal_fen != LDG_NONE
			 && l.ip_portion_fen > l.principal_fen)
			row_fail(c, row, L_PORTION, cell(row, L_PORTION),
				 _("the IP portion is larger than the principal"));
	}
	get_rate(c, row, L_RATE, 0, &l.rate_ppm);
	get_date(c, row, L_START, 1, &l.start_day);
	if (get_date(c, row, L_MATURITY, 1, &l.maturity_day) == 0
	    && l.start_day != LDG_NO_DAY && l.maturity_day < l.start_day)
		row_fail(c, row, L_MATURITY, cell(row, L_MATURITY),
			 _("the maturity date is before the start date"));
	if (get_date(c, row, L_SETTLE, 0, &l.settle_day) == 0 && l.settle_day != LDG_NO_DAY
	    && l.start_day != LDG_NO_DAY && l.settle_day < l.start_day)
		row_fail(c, row, L_SETTLE, cell(row, L_SETTLE),
			 _("the settlement date is before the start date"));
	get_bool(c, row, L_OVERDUE, 0, &l.overdue);
	get_money(c, row, L_PAID, 0, &l.interest_paid_fen);
	if ((rc = get_rights(c, row, L_RIGHTS, L_KIND, 1, &l, &slots)) == -2) {
		rc = ldg_err_set(err, LDG_ENOMEM, _("out of memory"));
		goto out;
	}
	if (rc == 0)
		get_values(c, row, L_VALUES, &l, &slots);
	rc = 0;
	if (get_text(c, row, L_REGNO, l.registration_no, sizeof(l.registration_no)) == 0)
		id_not_sci(c, row, L_REGNO);
	get_date(c, row, L_REGDATE, 0, &l.registration_day);
	get_money(c, row, L_CREDIT, 0, &l.credit_line_fen);
	if (key)
		ldg_loan_key(&l, key, IMP_KEYSZ);
	if (c->row_errors)
		goto out;

	if ((rc = ensure_enterprise(c, row, L_USCC, L_ENT, L_CITY, l.uscc, nonstd,
				    name, city, err))) {
		if (rc > 0)
			rc = 0;
		goto out;
	}
	{
		int existed = 0;

		/* a lock refusal of a recorded loan comes back as existed
		 * (ldg_loan_try_insert): compared below, refused only if changed */
		if ((rc = ldg_loan_try_insert(&c->store, &l, c->batch_id, c->batch_id <= 0,
					      &existed, &le))) {
			rc = store_fail(c, row, L_CONTRACT, rc, &le, err);
			goto out;
		}
		if (!existed) {
			char other[LDG_NAME_BUFSZ];
			int dup = ldg_bank_duplicate(&c->store, l.uscc, l.contract_no, l.id,
						     other, sizeof(other), err);

			if (dup < 0) {
				rc = dup;
				goto out;
			}
			/* import.md §5: a bank's name spelled another way */
			if (dup)
				row_fail(c, row, L_CONTRACT, l.contract_no,
					 _("contract '%s' of %s is recorded under bank '%s': a probable"
					 " duplicate; if '%s' is that bank, run: pledger bank alias '%s' '%s'"),
					 l.contract_no, l.uscc, other, l.bank, l.bank, other);
			else {
				combined_warn(c, row, &l);
				*outcome = IMP_NEW;
			}
			goto out;
		}
	}
	rc = ldg_loan_get(&c->store, l.bank, l.contract_no, &old, &le);
	if (rc) {
		rc = ldg_err_set(err, le.code, "%s", le.msg);
		goto out;
	}
	if (mode == IMP_MODE_INSERT) {
		row_fail(c, row, L_CONTRACT, l.contract_no,
			 _("loan '%s/%s' is recorded already"), l.bank, l.contract_no);
		goto out;
	}
	if (strcmp(old.uscc, l.uscc) != 0) {
		other_borrower(c, row, L_USCC, "loan", old.bank, old.contract_no,
			       old.uscc, l.uscc, name);
		goto out;
	}
	{
		char k[IMP_KEYSZ];
		int dup;

		ldg_loan_key(&old, k, sizeof(k));   /* the recorded key: one per loan */
		if ((dup = seen_before(c, "loan", k, old.batch_id, err)) < 0) {
			rc = dup;
			goto out;
		}
		l.id = old.id;
		/* the key stays as first written (import.md §3: compared in
		 * normal form, shown as the bank wrote it) */
		memcpy(l.bank, old.bank, sizeof(l.bank));
		memcpy(l.contract_no, old.contract_no, sizeof(l.contract_no));
		loan_keep_absent(row, &old, &l);
		if (l.ip_portion_fen != LDG_NONE && l.ip_portion_fen > l.principal_fen) {
			row_fail(c, row, present(row, L_PORTION) ? L_PORTION : L_PRINCIPAL,
				 cell(row, present(row, L_PORTION) ? L_PORTION : L_PRINCIPAL),
				 _("the IP portion is larger than the principal"));
			goto out;
		}
		combined_warn(c, row, &l);
		if ((rc = ldg_loan_update(&c->store, &old, &l, c->batch_id, &changed, &le))) {
			rc = store_fail(c, row, L_CONTRACT, rc, &le, err);
			goto out;
		}
		if (dup && changed) {
			row_fail(c, row, L_CONTRACT, l.contract_no,
				 _("loan '%s' appears earlier in this file with other values"), k);
			goto out;
		}
		/* only a changed row can have cleared a field: an unchanged
		 * re-import pays nothing for this */
		if (changed && has_empty_cell(row)) {
			struct ldg_field fo[LDG_LOAN_NFIELDS], fn[LDG_LOAN_NFIELDS];

			if (ldg_loan_fields(&old, fo) == 0) {
				if (ldg_loan_fields(&l, fn) == 0) {
					warn_cleared(c, row, "loan", k, fo, fn, LDG_LOAN_NFIELDS);
					ldg_fields_release(fn, LDG_LOAN_NFIELDS);
				}
				ldg_fields_release(fo, LDG_LOAN_NFIELDS);
			}
		}
		if (dup)
			row_warn(c, row, L_CONTRACT, l.contract_no,
				 _("loan '%s' appears again in this file"), k);
		*outcome = changed ? IMP_UPDATED : IMP_UNCHANGED;
	}
out:
	free(slots.idx);
	ldg_loan_release(&l);
	ldg_loan_release(&old);
	return rc;
}

/* ---- policies ------------------------------------------------------ */

enum { P_INSURER, P_NO, P_USCC, P_ENT, P_CITY, P_PRODUCT, P_RIGHTS, P_PREMIUM,
       P_PAID, P_START, P_END, P_COVERAGE };

/*
 * Validate a policies row and write it, identified by (insurer, policy_no)
 * (import.md §2).
 */
static int apply_policy(struct imp_ctx *c, struct imp_row *row, enum imp_mode mode,
			int accept_nonstandard, enum imp_outcome *outcome, char *key,
			struct ldg_err *err)
{
	struct ldg_policy p, old;
	struct ldg_loan rl;   /* the insured rights, read like a loan's */
	struct ldg_err le = { 0 };
	char name[LDG_NAME_BUFSZ], city[8];
	int nonstd = 0, rc = 0, changed, i;

	ldg_policy_init(&p);
	ldg_loan_init(&rl);
	if (row->bank && !cell(row, P_INSURER))
		snprintf(p.insurer, sizeof(p.insurer), "%s", row->bank);
	else if (get_text(c, row, P_INSURER, p.insurer, sizeof(p.insurer)) == 0 && !p.insurer[0])
		need(c, row, P_INSURER);
	if (get_text(c, row, P_NO, p.policy_no, sizeof(p.policy_no)) == 0 && !p.policy_no[0])
		need(c, row, P_NO);
	id_not_sci(c, row, P_NO);
	get_uscc(c, row, P_USCC, accept_nonstandard, p.uscc, &nonstd);
	if (get_text(c, row, P_ENT, name, sizeof(name)) == 0 && !name[0])
		need(c, row, P_ENT);
	if ((rc = get_city(c, row, P_CITY, 0, city)) > 0)
		goto out;
	rc = 0;
	get_text(c, row, P_PRODUCT, p.product, sizeof(p.product));
	if ((rc = get_rights(c, row, P_RIGHTS, -1, 0, &rl, NULL)) == -2) {
		rc = ldg_err_set(err, LDG_ENOMEM, _("out of memory"));
		goto out;
	}
	rc = 0;
	for (i = 0; i < rl.nrights; i++) {
		size_t n = strlen(p.insured_rights);

		if (n + strlen(rl.rights[i].no) + 2 >= sizeof(p.insured_rights)) {
			row_fail(c, row, P_RIGHTS, cell(row, P_RIGHTS), _("too many rights"));
			break;
		}
		snprintf(p.insured_rights + n, sizeof(p.insured_rights) - n, "%s%s",
			 i ? ";" : "", rl.rights[i].no);
	}
	get_money(c, row, P_PREMIUM, 1, &p.premium_fen);
	get_date(c, row, P_PAID, 1, &p.paid_day);
	get_date(c, row, P_START, 0, &p.start_day);
	if (get_date(c, row, P_END, 0, &p.end_day) == 0 && p.end_day != LDG_NO_DAY
	    && p.start_day != LDG_NO_DAY && p.end_day < p.start_day)
		row_fail(c, row, P_END, cell(row, P_END), _("the end date is before the start date"));
	get_money(c, row, P_COVERAGE, 0, &p.coverage_fen);
	if (key)
		ldg_policy_key(&p, key, IMP_KEYSZ);
	if (c->row_errors)
		goto out;
	if ((rc = ensure_enterprise(c, row, P_USCC, P_ENT, P_CITY, p.uscc, nonstd,
				    name, city, err))) {
		if (rc > 0)
			rc = 0;
		goto out;
	}
	ldg_policy_init(&old);
	rc = ldg_policy_get(&c->store, p.insurer, p.policy_no, &old, &le);
	if (rc == LDG_ENOTFOUND) {
		ldg_err_clear(&le);
		if ((rc = ldg_policy_insert(&c->store, &p, c->batch_id, c->batch_id <= 0, &le)))
			rc = store_fail(c, row, P_NO, rc, &le, err);
		else
			*outcome = IMP_NEW;
		goto out;
	}
	if (rc) {
		rc = ldg_err_set(err, le.code, "%s", le.msg);
		goto out;
	}
	if (mode == IMP_MODE_INSERT) {
		row_fail(c, row, P_NO, p.policy_no, _("policy '%s/%s' is recorded already"),
			 p.insurer, p.policy_no);
		goto out;
	}
	if (strcmp(old.uscc, p.uscc) != 0) {
		other_borrower(c, row, P_USCC, "policy", old.insurer, old.policy_no,
			       old.uscc, p.uscc, name);
		goto out;
	}
	{
		char k[IMP_KEYSZ];
		int dup;

		ldg_policy_key(&old, k, sizeof(k));   /* the recorded key */
		if ((dup = seen_before(c, "policy", k, old.batch_id, err)) < 0) {
			rc = dup;
			goto out;
		}
		p.id = old.id;
		memcpy(p.insurer, old.insurer, sizeof(p.insurer));   /* as first written */
		memcpy(p.policy_no, old.policy_no, sizeof(p.policy_no));
		/* import.md §1: an absent column keeps the recorded field */
		if (!present(row, P_PRODUCT))
			snprintf(p.product, sizeof(p.product), "%s", old.product);
		if (!present(row, P_RIGHTS))
			snprintf(p.insured_rights, sizeof(p.insured_rights), "%s",
				 old.insured_rights);
		if (!present(row, P_START))
			p.start_day = old.start_day;
		if (!present(row, P_END))
			p.end_day = old.end_day;
		if (!present(row, P_COVERAGE))
			p.coverage_fen = old.coverage_fen;
		if ((rc = ldg_policy_update(&c->store, &old, &p, c->batch_id, &changed, &le))) {
			rc = store_fail(c, row, P_NO, rc, &le, err);
			goto out;
		}
		if (dup && changed) {
			row_fail(c, row, P_NO, p.policy_no,
				 _("policy '%s' appears earlier in this file with other values"), k);
			goto out;
		}
		if (dup)
			row_warn(c, row, P_NO, p.policy_no,
				 _("policy '%s' appears again in this file"), k);
		*outcome = changed ? IMP_UPDATED : IMP_UNCHANGED;
	}
out:
	ldg_loan_release(&rl);
	return rc;
}

/* ---- enterprises --------------------------------------------------- */

enum { E_USCC, E_NAME, E_CITY, E_INDUSTRY, E_LEGAL };

/*
 * Validate an enterprises row and write it: the register is the authority,
 * so a changed row updates it (import.md §2).
 */
static int apply_enterprise(struct imp_ctx *c, struct imp_row *row, enum imp_mode mode,
			    int accept_nonstandard, enum imp_outcome *outcome,
			    char *key, struct ldg_err *err)
{
	struct ldg_enterprise e, old;
	struct ldg_err le = { 0 };
	int nonstd = 0, rc, changed, dup;

	ldg_enterprise_init(&e);
	get_uscc(c, row, E_USCC, accept_nonstandard, e.uscc, &nonstd);
	e.nonstandard_uscc = nonstd;
	if (get_text(c, row, E_NAME, e.name, sizeof(e.name)) == 0 && !e.name[0])
		need(c, row, E_NAME);
	if ((rc = get_city(c, row, E_CITY, 1, e.city)) > 0)
		return rc;
	get_text(c, row, E_INDUSTRY, e.industry, sizeof(e.industry));
	get_bool(c, row, E_LEGAL, 1, &e.legal_person);
	if (key)
		snprintf(key, IMP_KEYSZ, "%s", e.uscc);
	if (c->row_errors)
		return 0;
	rc = ldg_enterprise_get(&c->store, e.uscc, &old, &le);
	if (rc == LDG_ENOTFOUND) {
		ldg_err_clear(&le);
		if ((rc = ldg_enterprise_insert(&c->store, &e, c->batch_id, c->batch_id <= 0, &le)))
			return store_fail(c, row, E_USCC, rc, &le, err);
		*outcome = IMP_NEW;
		return 0;
	}
	if (rc)
		return ldg_err_set(err, le.code, "%s", le.msg);
	/* `enterprise add` of one a loan row created confirms it (import.md §5) */
	if (mode == IMP_MODE_INSERT && !old.unregistered) {
		row_fail(c, row, E_USCC, e.uscc, _("enterprise %s is registered already"), e.uscc);
		return 0;
	}
	if (old.nonstandard_uscc)
		e.nonstandard_uscc = 1;
	/* import.md §1: an absent column keeps the recorded field (a file
	 * without 是否独立法人 does not make every enterprise a legal person) */
	if (!present(row, E_INDUSTRY))
		snprintf(e.industry, sizeof(e.industry), "%s", old.industry);
	if (!present(row, E_LEGAL))
		e.legal_person = old.legal_person;
	if ((dup = seen_before(c, "enterprise", e.uscc, old.batch_id, err)) < 0)
		return dup;
	if ((rc = ldg_enterprise_update(&c->store, &old, &e, c->batch_id, &changed, &le)))
		return store_fail(c, row, E_USCC, rc, &le, err);
	if (old.unregistered) {
		int confirmed;

		if ((rc = ldg_enterprise_confirm(&c->store, e.uscc, c->batch_id, &confirmed, &le)))
			return store_fail(c, row, E_USCC, rc, &le, err);
		changed += confirmed;
	}
	if (dup && changed) {
		row_fail(c, row, E_USCC, e.uscc,
			 _("enterprise %s appears earlier in this file with other values"), e.uscc);
		return 0;
	}
	if (dup)
		row_warn(c, row, E_USCC, e.uscc, _("enterprise %s appears again in this file"), e.uscc);
	*outcome = changed ? IMP_UPDATED : IMP_UNCHANGED;
	return 0;
}

/* ---- contributions and bars ---------------------------------------- */

/* The registered enterprise of a contributions or bars row (warning on name). */
static int known_enterprise(struct imp_ctx *c, const struct imp_row *row,
			    const char *uscc, struct ldg_err *err)
{
	struct ldg_enterprise e;
	struct ldg_err le = { 0 };
	char name[LDG_NAME_BUFSZ];
	int rc = ldg_enterprise_get(&c->store, uscc, &e, &le);

	if (rc == LDG_ENOTFOUND) {
		row_fail(c, row, 0, uscc, _("enterprise %s is not registered;"
			 " import the enterprises file first"), uscc);
		return 1;
	}
	if (rc)
		return ldg_err_set(err, le.code, "%s", le.msg);
	if (get_text(c, row, 1, name, sizeof(name)) == 0 && name[0] && strcmp(name, e.name))
		row_warn(c, row, 1, name, _("enterprise %s is recorded as '%s'"), uscc, e.name);
	return 0;
}

/*
 * Validate a contributions or bars row (uscc, year) and write it; the
 * enterprise must be registered.
 */
static int apply_yearly(struct imp_ctx *c, struct imp_row *row,
			enum imp_outcome *outcome, char *key, struct ldg_err *err)
{
	struct ldg_err le = { 0 };
	char uscc[LDG_USCC_BUFSZ], reason[1024] = "", k[IMP_KEYSZ];
	int64_t fen = 0;
	int year = 0, nonstd, rc, how = 0, dup;

	get_uscc(c, row, 0, 0, uscc, &nonstd);
	get_year(c, row, 2, &year);
	if (row->kind == IMP_CONTRIBUTIONS)
		get_money(c, row, 3, 1, &fen);
	else if (get_text(c, row, 3, reason, sizeof(reason)) == 0 && !reason[0])
		need(c, row, 3);   /* a bar without its reason is not a bar */
	snprintf(k, sizeof(k), "%s/%d", uscc, year);
	if (key)
		snprintf(key, IMP_KEYSZ, "%s", k);
	if (c->row_errors)
		return 0;
	if ((rc = known_enterprise(c, row, uscc, err)))
		return rc > 0 ? 0 : rc;
	if ((dup = seen_before(c, row->kind == IMP_CONTRIBUTIONS ? "contribution" : "bar",
			       k, 0, err)) < 0)
		return dup;
	if (row->kind == IMP_CONTRIBUTIONS)
		rc = ldg_contribution_put(&c->store, uscc, year, fen, c->batch_id, &how, &le);
	else
		rc = ldg_bar_put(&c->store, uscc, year, reason, c->batch_id, &how, &le);
	if (rc)
		return store_fail(c, row, 2, rc, &le, err);
	if (dup_repeat(c, row, 2, row->kind == IMP_CONTRIBUTIONS ? "contribution" : "bar",
		       k, dup, how != 2))
		return 0;
	*outcome = how == 0 ? IMP_NEW : how == 1 ? IMP_UPDATED : IMP_UNCHANGED;
	return 0;
}

/* ---- rates and targets --------------------------------------------- */

static int apply_rate(struct imp_ctx *c, struct imp_row *row,
		      enum imp_outcome *outcome, char *key, struct ldg_err *err)
{
	struct ldg_err le = { 0 };
	sqlite3_stmt *st = NULL;
	char kind[16] = "", iso[LDG_DATE_BUFSZ];
	int32_t day = 0;
	int64_t ppm = 0, old = -1;
	size_t i;
	int rc;

	if (get_text(c, row, 0, kind, sizeof(kind)) == 0) {
		for (i = 0; kind[i]; i++)
			if (kind[i] >= 'a' && kind[i] <= 'z')
				kind[i] = (char)(kind[i] - 'a' + 'A');
		if (!ldg_rate_kind_known(kind))
			row_fail(c, row, 0, cell(row, 0), _("unknown rate kind: %s"), LDG_RATE_KINDS);
	}
	get_date(c, row, 1, 1, &day);
	get_rate(c, row, 2, 1, &ppm);
	if (c->row_errors)
		return 0;
	ldg_date_format(day, iso);
	if (key)
		snprintf(key, IMP_KEYSZ, "%s/%s", kind, iso);
	if ((rc = ldg_db_prepare(c->db, "SELECT rate_ppm FROM rates WHERE kind = ?1"
				 " AND effective_date = ?2", &st, err)))
		return rc;
	ldg_bind_text(st, 1, kind);
	ldg_bind_text(st, 2, iso);
	if (sqlite3_step(st) == SQLITE_ROW)
		old = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	{
		char k[64];
		int dup;

		snprintf(k, sizeof(k), "%s/%s", kind, iso);
		if ((dup = seen_before(c, "rate", k, 0, err)) < 0)
			return dup;
		if (dup_repeat(c, row, 1, "rate", k, dup, old != ppm))
			return 0;
	}
	if (old == ppm) {
		*outcome = IMP_UNCHANGED;
		return 0;
	}
	if ((rc = ldg_rate_set(c->db, kind, day, ppm, &le)))
		return store_fail(c, row, 1, rc, &le, err);
	/* ldg_rate_set audits without a batch; tie its row to this batch (undo) */
	if (c->batch_id > 0) {
		if ((rc = ldg_db_prepare(c->db, "UPDATE audit_log SET batch_id = ?1"
					 " WHERE id = (SELECT max(id) FROM audit_log)", &st, err)))
			return rc;
		sqlite3_bind_int64(st, 1, c->batch_id);
		if (sqlite3_step(st) != SQLITE_DONE)
			rc = ldg_db_error(c->db, "cannot write audit log", err);
		sqlite3_finalize(st);
		if (rc)
			return rc;
	}
	*outcome = old < 0 ? IMP_NEW : IMP_UPDATED;
	return 0;
}

/* Parse "2025" or "2022-2024" (also with 年 and full-width digits). */
static int parse_period(const char *t, int *from, int *to)
{
	char f[64], *dash;
	struct ldg_err e = { 0 };

	if (ldg_text_fold(t, f, sizeof(f)) < 0)
		return -1;
	dash = strchr(f, '-');
	if (!dash)
		dash = strchr(f, '~');
	if (!dash) {
		if (ldg_year_parse(f, from, &e))
			return -1;
		*to = *from;
		return 0;
	}
	*dash = '\0';
	if (ldg_year_parse(f, from, &e) || ldg_year_parse(dash + 1, to, &e) || *to < *from)
		return -1;
	return 0;
}

/*
 * Validate a targets row (city, metric, period, target, source) and write
 * it with an audit row tied to the batch.
 */
static int apply_target(struct imp_ctx *c, struct imp_row *row,
			enum imp_outcome *outcome, char *key, struct ldg_err *err)
{
	sqlite3_stmt *st = NULL;
	char city[8], metric[32] = "", source[512] = "", old_source[512] = "";
	char ov[LDG_MONEY_BUFSZ], nv[LDG_MONEY_BUFSZ];
	int from = 0, to = 0, rc;
	int64_t fen = 0, old = -1;
	const char *m, *pt;

	if ((rc = get_city(c, row, 0, 1, city)) > 0)
		return rc;
	if (get_text(c, row, 1, metric, sizeof(metric)) == 0 && metric[0]) {
		m = metric;
		if (strcmp(m, "financing") && strcmp(m, "registered") && strcmp(m, "credit")) {
			/* 授信 first: 质押融资授信额 also holds 融资 (targets.md) */
			if (strstr(m, "授信"))
				snprintf(metric, sizeof(metric), "credit");
			else if (strstr(m, "登记"))
				snprintf(metric, sizeof(metric), "registered");
			else if (strstr(m, "融资"))
				snprintf(metric, sizeof(metric), "financing");
			else
				row_fail(c, row, 1, cell(row, 1),
					 _("unknown metric: financing, registered or credit"));
		}
	} else if (!metric[0]) {
		need(c, row, 1);
	}
	if ((pt = cell(row, 2)) == NULL)
		need(c, row, 2);
	else if (parse_period(pt, &from, &to))
		row_fail(c, row, 2, pt, _("not a period: a year such as 2025 or years such as 2022-2024"));
	get_money(c, row, 3, 1, &fen);
	get_text(c, row, 4, source, sizeof(source));
	if (c->row_errors)
		return 0;
	if (key)
		snprintf(key, IMP_KEYSZ, "%s/%s/%d-%d", city, metric, from, to);
	if ((rc = ldg_db_prepare(c->db, "SELECT target_fen, source FROM targets WHERE city = ?1"
				 " AND metric = ?2 AND year_from = ?3 AND year_to = ?4", &st, err)))
		return rc;
	ldg_bind_text(st, 1, city);
	ldg_bind_text(st, 2, metric);
	sqlite3_bind_int(st, 3, from);
	sqlite3_bind_int(st, 4, to);
	if (sqlite3_step(st) == SQLITE_ROW) {
		const char *os = (const char *)sqlite3_column_text(st, 1);

		old = sqlite3_column_int64(st, 0);
		snprintf(old_source, sizeof(old_source), "%s", os ? os : "");
		/* no source in the file (no column, or an empty cell): keep the
		 * recorded one, e.g. the document init cites */
		if (!cell(row, 4))
			snprintf(source, sizeof(source), "%s", old_source);
	}
	sqlite3_finalize(st);
	{
		char k[96];
		int dup;

		snprintf(k, sizeof(k), "%s/%s/%d-%d", city, metric, from, to);
		if ((dup = seen_before(c, "target", k, 0, err)) < 0)
			return dup;
		if (dup_repeat(c, row, 2, "target", k, dup,
			       old != fen || strcmp(old_source, source) != 0))
			return 0;
	}
	if (old == fen && strcmp(old_source, source) == 0) {
		*outcome = IMP_UNCHANGED;
		return 0;
	}
	if ((rc = ldg_db_prepare(c->db, "INSERT INTO targets (city, metric, year_from, year_to,"
				 " target_fen, source) VALUES (?1, ?2, ?3, ?4, ?5, ?6)"
				 " ON CONFLICT (city, metric, year_from, year_to) DO UPDATE SET"
				 " target_fen = excluded.target_fen, source = excluded.source",
				 &st, err)))
		return rc;
	ldg_bind_text(st, 1, city);
	ldg_bind_text(st, 2, metric);
	sqlite3_bind_int(st, 3, from);
	sqlite3_bind_int(st, 4, to);
	sqlite3_bind_int64(st, 5, fen);
	ldg_bind_text(st, 6, source);
	if (sqlite3_step(st) != SQLITE_DONE)
		rc = ldg_db_error(c->db, "cannot record target", err);
	sqlite3_finalize(st);
	if (rc)
		return rc;
	{
		char k[96];

		snprintf(k, sizeof(k), "%s/%s/%d-%d", city, metric, from, to);
		/* an update audits each field that changed (undo restores them) */
		if (old < 0 || old != fen)
			rc = ldg_audit(c->db, old < 0 ? "insert" : "update", "target", k, "target",
				       old < 0 ? NULL : ldg_money_format(old, 0, ov),
				       ldg_money_format(fen, 0, nv), c->batch_id, NULL, err);
		if (!rc && old >= 0 && strcmp(old_source, source) != 0)
			rc = ldg_audit(c->db, "update", "target", k, "source", old_source, source,
				       c->batch_id, NULL, err);
	}
	*outcome = old < 0 ? IMP_NEW : IMP_UPDATED;
	return rc;
}

/* ---- accounts ------------------------------------------------------ */

/*
 * Validate an accounts row (uscc, enterprise, account_name, bank_name,
 * account_no; import.md §2 accounts) and write it: the enterprise must be
 * registered; an account number is 8–32 digits once spaces and dashes are
 * removed; a 户名 other than the recorded name is a warning.
 */
static int apply_account(struct imp_ctx *c, struct imp_row *row,
			 enum imp_outcome *outcome, char *key, struct ldg_err *err)
{
	struct ldg_enterprise e;
	struct ldg_account a;
	struct ldg_err le = { 0 };
	char uscc[LDG_USCC_BUFSZ], raw[LDG_ACCOUNT_TEXT_BUFSZ];
	int nonstd, rc, how = 0;

	memset(&a, 0, sizeof(a));
	get_uscc(c, row, 0, 0, uscc, &nonstd);
	if (get_text(c, row, 2, a.account_name, sizeof(a.account_name)) == 0 && !a.account_name[0])
		need(c, row, 2);
	if (get_text(c, row, 3, a.bank_name, sizeof(a.bank_name)) == 0 && !a.bank_name[0])
		need(c, row, 3);
	if (get_text(c, row, 4, raw, sizeof(raw)) == 0) {
		if (!raw[0])
			need(c, row, 4);
		else if (ldg_account_no_norm(raw, a.account_no, &le))
			row_fail(c, row, 4, cell(row, 4), "%s", le.msg);
	}
	if (key)
		snprintf(key, IMP_KEYSZ, "%s", uscc);
	if (c->row_errors)
		return 0;
	if ((rc = known_enterprise(c, row, uscc, err)))
		return rc > 0 ? 0 : rc;
	if ((rc = ldg_enterprise_get(&c->store, uscc, &e, &le)))
		return ldg_err_set(err, le.code, "%s", le.msg);
	if (strcmp(a.account_name, e.name) != 0)
		row_warn(c, row, 2, a.account_name, _("account name differs from enterprise %s"
			 " recorded as '%s'; the list shows both"), uscc, e.name);
	if ((rc = ldg_account_put(c->db, uscc, &a, c->batch_id, &how, &le)))
		return store_fail(c, row, 4, rc, &le, err);
	*outcome = how == 0 ? IMP_NEW : how == 1 ? IMP_UPDATED : IMP_UNCHANGED;
	return 0;
}

/* ---- entry points -------------------------------------------------- */

int imp_apply(struct imp_ctx *c, struct imp_row *row, enum imp_mode mode,
	      int accept_nonstandard, enum imp_outcome *outcome, char *key,
	      struct ldg_err *err)
{
	int rc = 0;

	c->row_errors = 0;
	*outcome = IMP_REJECTED;
	if (key)
		key[0] = '\0';
	switch (row->kind) {
	case IMP_LOANS:
		rc = apply_loan(c, row, mode, accept_nonstandard, outcome, key, err);
		break;
	case IMP_POLICIES:
		rc = apply_policy(c, row, mode, accept_nonstandard, outcome, key, err);
		break;
	case IMP_ENTERPRISES:
		rc = apply_enterprise(c, row, mode, accept_nonstandard, outcome, key, err);
		break;
	case IMP_CONTRIBUTIONS:
	case IMP_BARS:
		rc = apply_yearly(c, row, outcome, key, err);
		break;
	case IMP_RATES:
		rc = apply_rate(c, row, outcome, key, err);
		break;
	case IMP_TARGETS:
		rc = apply_target(c, row, outcome, key, err);
		break;
	case IMP_ACCOUNTS:
		rc = apply_account(c, row, outcome, key, err);
		break;
	}
	if (rc)
		return rc;
	if (c->row_errors)
		*outcome = IMP_REJECTED;
	return 0;
}

/* imp_row_apply: see import.h / import_int.h. */
int imp_row_apply(sqlite3 *db, struct imp_row *row, enum imp_mode mode,
		  int accept_nonstandard_uscc, int64_t batch_id,
		  const struct imp_sink *sink, enum imp_outcome *outcome,
		  char *key, struct ldg_err *err)
{
	struct imp_ctx c;
	int rc;

	imp_ctx_init(&c, db, batch_id, sink);
	rc = imp_apply(&c, row, mode, accept_nonstandard_uscc, outcome, key, err);
	imp_ctx_release(&c);
	return rc;
}
