/*
 * import.c — imp_file(): one file into the ledger (import.md §1–§4).
 *
 * Order of work: open and decode (csvread.c); find the header row (the
 * first row naming two known columns) and map its cells to canonical
 * columns (built-in names, then --map); then, in one transaction, feed each
 * data row to the shared row validator (row.c).  Without --skip-invalid any
 * invalid row makes the whole import roll back; with it, each row runs in
 * a savepoint and an invalid one is rolled back alone and copied to the
 * rejects file.  --dry-run always rolls back.
 */
#include <errno.h>
#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "import/import_int.h"
#include "import/rejects.h"
#include "import/table.h"
#include "import/xlsxread.h"
#include "ledger/bank.h"
#include "ledger/db.h"
#include "ledger/grow.h"
#include "ledger/lang.h"
#include "ledger/money.h"
#include "ledger/outpath.h"
#include "ledger/text.h"

#define HEADER_SCAN_ROWS 30   /* rows searched for the header */

/* One line of a --map file. */
struct map_entry {
	char canon[64];     /* canonical column */
	char text[256];     /* header text, folded */
	int unit;           /* from a _yuan/_wan suffix, or -1 */
};

struct mapping {
	struct map_entry *e;
	int n;
};

/* The header's mapping: file column → canonical column. */
struct header {
	int nfields;
	int *col;           /* canonical index or -1 */
	int *unit;          /* unit from the header text or -1 */
	char **label;       /* header text as it stands */
	int ncols;
	int have[IMP_MAXCOLS];
};

/* Free what header_map() allocated; the struct is left empty. */
static void header_release(struct header *h)
{
	int i;

	for (i = 0; i < h->nfields; i++)
		free(h->label ? h->label[i] : NULL);
	free(h->col);
	free(h->unit);
	free(h->label);
	memset(h, 0, sizeof(*h));
}

/*
 * The unit a header's bracketed text names: yuan, wan, yi, or -1.  The
 * text is folded (import.md §1); a leading 单位: or 人民币 is dropped, so
 * （单位：万元） and (人民币万元) name 万元 as (万元) does.
 */
static int unit_word(const char *u)
{
	static const char *const skip[] = { "单位:", "人民币" };
	size_t i;

	for (i = 0; i < sizeof(skip) / sizeof(skip[0]); i++)
		if (!strncmp(u, skip[i], strlen(skip[i])))
			u += strlen(skip[i]);
	if (!strcmp(u, "元") || !strcmp(u, "yuan") || !strcmp(u, "rmb") || !strcmp(u, "人民币元"))
		return LDG_UNIT_YUAN;
	if (!strcmp(u, "万元") || !strcmp(u, "万") || !strcmp(u, "wan") || !strcmp(u, "万元人民币"))
		return LDG_UNIT_WAN;
	if (!strcmp(u, "亿元") || !strcmp(u, "亿") || !strcmp(u, "yi"))
		return LDG_UNIT_YI;
	return -1;
}

/*
 * The first bracket of a folded header that opens its unit: ( [ or 【
 * (full-width （ is ( once folded).  Its length and closing text go to
 * *len and *closer; NULL when there is none.
 */
static char *unit_bracket(char *h, size_t *len, const char **closer)
{
	static const struct { const char *open, *close; } b[] = {
		{ "(", ")" }, { "[", "]" }, { "\xE3\x80\x90", "\xE3\x80\x91" },  /* 【 】 */
	};
	char *best = NULL, *p;
	size_t i;

	for (i = 0; i < sizeof(b) / sizeof(b[0]); i++)
		if ((p = strstr(h, b[i].open)) != NULL && (!best || p < best)) {
			best = p;
			*len = strlen(b[i].open);
			*closer = b[i].close;
		}
	return best;
}

/* 1 when folded base text is one of the '|'-separated synonyms. */
static int in_synonyms(const char *syn, const char *base)
{
	size_t n = strlen(base);

	while (syn && *syn) {
		const char *bar = strchr(syn, '|');
		size_t k = bar ? (size_t)(bar - syn) : strlen(syn);

		if (k == n && memcmp(syn, base, n) == 0)
			return 1;
		syn = bar ? bar + 1 : NULL;
	}
	return 0;
}

/*
 * Match one header cell: returns the canonical column index or -1, with
 * *unit (-1 when none) and *bad_unit set when the text names an unknown
 * unit in brackets.  *is_error_col is set for the rejects file's own
 * "error" column.
 */
static int match_header(enum imp_kind kind, const struct mapping *map,
			const char *text, int *unit, int *is_error_col, int *map_unit)
{
	const struct imp_coldef *d;
	char f[512], base[512], u[128] = "";
	const char *closer;
	char *open;
	size_t n, olen;
	int nd, i;

	*unit = -1;
	*is_error_col = 0;
	if (map_unit)
		*map_unit = -1;
	imp_fold_header(text, f, sizeof(f));
	if (!f[0])
		return -1;
	if (strcmp(f, "error") == 0 || strcmp(f, "错误原因") == 0) {
		*is_error_col = 1;
		return -1;
	}
	snprintf(base, sizeof(base), "%s", f);
	if ((open = unit_bracket(base, &olen, &closer)) != NULL) {
		char *close = strstr(open + olen, closer);

		if (close) {
			*close = '\0';
			snprintf(u, sizeof(u), "%s", open + olen);
		}
		*open = '\0';
	}
	n = strlen(base);
	if (!u[0] && n > 5 && strcmp(base + n - 5, "_yuan") == 0) {
		base[n - 5] = '\0';
		snprintf(u, sizeof(u), "yuan");
	} else if (!u[0] && n > 4 && strcmp(base + n - 4, "_wan") == 0) {
		base[n - 4] = '\0';
		snprintf(u, sizeof(u), "wan");
	}
	if (u[0])
		*unit = unit_word(u);
	d = imp_coldefs(kind, &nd);
	for (i = 0; map && i < map->n; i++) {
		if (strcmp(map->e[i].text, f) == 0 || strcmp(map->e[i].text, base) == 0) {
			int col = imp_col_index(kind, map->e[i].canon);

			if (col >= 0) {
				/* a unit the header states wins over none; one that
				 * differs from the map's is the caller's error */
				if (map->e[i].unit >= 0 && map_unit)
					*map_unit = map->e[i].unit;
				if (map->e[i].unit >= 0 && *unit < 0)
					*unit = map->e[i].unit;
				return col;
			}
		}
	}
	for (i = 0; i < nd; i++)
		if (strcmp(d[i].name, base) == 0 || in_synonyms(d[i].synonyms, base))
			return i;
	return -1;
}

/* 1 when a header cell is the row counter every Chinese form has (序号). */
static int is_row_counter(const char *label)
{
	char f[64];

	imp_fold_header(label, f, sizeof(f));
	return !strcmp(f, "序号") || !strcmp(f, "序") || !strcmp(f, "行号");
}

/* 1 when a column of `kind` or of any kind is named `canon`. */
static int known_anywhere(const char *canon)
{
	int k;

	for (k = 0; k < IMP_KIND_COUNT; k++)
		if (imp_col_index((enum imp_kind)k, canon) >= 0)
			return 1;
	return 0;
}

/* Read a --map file (UTF-8, or GB18030 when not valid UTF-8). */
static int map_load(const char *path, struct mapping *m, struct ldg_err *err)
{
	FILE *f = fopen(path, "rb");
	char line[1024];
	long lineno = 0;
	int rc = 0;
	iconv_t cd = (iconv_t)-1;

	memset(m, 0, sizeof(*m));
	if (!f)
		return ldg_err_set(err, LDG_EIO, _("cannot open map file '%s': %s"), path,
				   strerror(errno));
	while (fgets(line, sizeof(line), f)) {
		char conv[2048], *s = line, *eq, *name, *text;
		struct map_entry *e;
		size_t n;

		lineno++;
		if (lineno == 1 && memcmp(s, "\xEF\xBB\xBF", 3) == 0)
			s += 3;
		if (!ldg_utf8_valid(s, strlen(s))) {
			char *in = s, *out = conv;
			size_t inleft = strlen(s), outleft = sizeof(conv) - 1;

			if (cd == (iconv_t)-1 && (cd = iconv_open("UTF-8", "GB18030")) == (iconv_t)-1) {
				rc = ldg_err_set(err, LDG_EIO, _("cannot convert from GB18030"));
				break;
			}
			if (iconv(cd, &in, &inleft, &out, &outleft) == (size_t)-1) {
				rc = ldg_err_set(err, LDG_EINPUT, _("not valid UTF-8 or GB18030 text"));
				ldg_err_place(err, path, lineno, NULL);
				break;
			}
			*out = '\0';
			s = conv;
		}
		ldg_text_trim(s);
		if (!*s || *s == '#')
			continue;
		if (!(eq = strchr(s, '='))) {
			rc = ldg_err_set(err, LDG_EINPUT, _("expected 'canonical_name = header text'"));
			ldg_err_value(err, s);
			ldg_err_place(err, path, lineno, NULL);
			break;
		}
		*eq = '\0';
		name = ldg_text_trim(s);
		text = ldg_text_trim(eq + 1);
		if (!(e = realloc(m->e, (size_t)(m->n + 1) * sizeof(*e)))) {
			rc = ldg_err_set(err, LDG_ENOMEM, _("out of memory"));
			break;
		}
		m->e = e;
		e = &m->e[m->n];
		imp_fold_header(name, e->canon, sizeof(e->canon));
		e->unit = -1;
		n = strlen(e->canon);
		if (n > 5 && strcmp(e->canon + n - 5, "_yuan") == 0) {
			e->canon[n - 5] = '\0';
			e->unit = LDG_UNIT_YUAN;
		} else if (n > 4 && strcmp(e->canon + n - 4, "_wan") == 0) {
			e->canon[n - 4] = '\0';
			e->unit = LDG_UNIT_WAN;
		}
		if (!known_anywhere(e->canon)) {
			rc = ldg_err_set(err, LDG_EINPUT, _("unknown canonical column"));
			ldg_err_value(err, name);
			ldg_err_place(err, path, lineno, NULL);
			break;
		}
		imp_fold_header(text, e->text, sizeof(e->text));
		if (!e->text[0]) {
			rc = ldg_err_set(err, LDG_EINPUT, _("no header text after '='"));
			ldg_err_place(err, path, lineno, NULL);
			break;
		}
		m->n++;
	}
	if (cd != (iconv_t)-1)
		iconv_close(cd);
	fclose(f);
	if (rc) {
		free(m->e);
		memset(m, 0, sizeof(*m));
	}
	return rc;
}

/* Number of distinct known columns a record names. */
static int count_known(enum imp_kind kind, const struct mapping *map,
		       const struct imp_record *rec)
{
	int seen[IMP_MAXCOLS] = { 0 }, i, k = 0, unit, ec;

	for (i = 0; i < rec->nfields; i++) {
		int col;

		if (!rec->fields[i])
			continue;
		col = match_header(kind, map, rec->fields[i], &unit, &ec, NULL);
		if (col >= 0 && !seen[col]) {
			seen[col] = 1;
			k++;
		}
	}
	return k;
}

/* The import's message sink wrapper: forwards, and keeps row errors for
 * the rejects file. */
struct relay {
	const struct imp_sink *user;
	int keep;            /* collect error texts */
	char *text;          /* "; "-joined errors of the current row */
	size_t len, cap;
	int oom;
	long errors;         /* errors given in total */
	const struct header *h;          /* workbooks: name the cell (G12) */
	const struct imp_record *rec;
};

/*
 * A workbook's message about a column of the current row names its cell
 * too (import.md §1 "Excel workbooks"): "cell G12: " before the message.
 */
static const struct ldg_err *with_cell(const struct relay *r, const struct ldg_err *msg,
				       struct ldg_err *copy)
{
	int i;

	if (!r->h || !r->rec || !r->rec->kinds || !msg->column[0] || msg->line != r->rec->line)
		return msg;
	for (i = 0; i < r->h->nfields; i++)
		if (r->h->col[i] >= 0 && strcmp(r->h->label[i], msg->column) == 0) {
			char ref[16];

			imp_cell_ref(i, msg->line, ref, sizeof(ref));
			*copy = *msg;
			snprintf(copy->msg, sizeof(copy->msg), _("cell %s: %.480s"), ref, msg->msg);
			return copy;
		}
	return msg;
}

/*
 * Sink of imp_file(): forward to the caller, count, keep error texts for
 * the rejects file.
 */
static void relay_fn(void *ctx, int is_error, const struct ldg_err *msg)
{
	struct relay *r = ctx;
	struct ldg_err copy;

	msg = with_cell(r, msg, &copy);
	if (is_error)
		r->errors++;
	if (r->user && r->user->fn)
		r->user->fn(r->user->ctx, is_error, msg);
	if (is_error && r->keep && !r->oom) {
		char one[1200];
		int n;

		if (msg->column[0])
			n = snprintf(one, sizeof(one), "column '%s': %s", msg->column, msg->msg);
		else
			n = snprintf(one, sizeof(one), "%s", msg->msg);
		if (msg->value[0] && n > 0 && (size_t)n < sizeof(one))
			snprintf(one + n, sizeof(one) - (size_t)n, " (value '%s')", msg->value);
		n = (int)strlen(one);
		if (ldg_grow((void **)&r->text, &r->cap, r->len + (size_t)n + 3, 1)) {
			r->oom = 1;
			return;
		}
		if (r->len) {
			memcpy(r->text + r->len, "; ", 2);
			r->len += 2;
		}
		memcpy(r->text + r->len, one, (size_t)n);
		r->len += (size_t)n;
		r->text[r->len] = '\0';
	}
}

/* Send a file-level error (header problems) to the sink. */
static void file_error(const struct imp_sink *sink, const char *file, long line,
		       const char *column, const char *value, const char *msg)
{
	struct ldg_err e = { 0 };

	e.code = LDG_EINPUT;
	snprintf(e.msg, sizeof(e.msg), "%s", msg);
	if (value)
		ldg_err_value(&e, value);
	ldg_err_place(&e, file, line, column);
	if (sink && sink->fn)
		sink->fn(sink->ctx, 1, &e);
}

/*
 * Write one record to the rejects file: its raw lines with ",ERROR" added
 * before the last line end (and commas to reach the header's width); the
 * file's own delimiter (a tab-separated file gets tabs).
 */
static int reject_write(FILE *f, enum imp_encoding enc, char delim, const char *raw,
			size_t rawlen, int nfields, int width, const char *error,
			struct ldg_err *err)
{
	size_t body = rawlen, elen = error ? strlen(error) : 0, n = 0, i;
	char *buf, *enc_out = NULL;
	size_t outlen;
	int rc, pad = width > nfields ? width - nfields : 0, quote;

	while (body > 0 && (raw[body - 1] == '\n' || raw[body - 1] == '\r'))
		body--;
	if (!(buf = malloc(rawlen + 2 * elen + (size_t)pad + 8)))
		return ldg_err_set(err, LDG_ENOMEM, _("out of memory"));
	memcpy(buf, raw, body);
	n = body;
	for (i = 0; i < (size_t)pad; i++)
		buf[n++] = delim;
	buf[n++] = delim;
	quote = error && strpbrk(error, ",\"\r\n\t") != NULL;
	if (quote)
		buf[n++] = '"';
	for (i = 0; i < elen; i++) {
		if (error[i] == '"')
			buf[n++] = '"';
		buf[n++] = error[i];
	}
	if (quote)
		buf[n++] = '"';
	if (body < rawlen) {
		memcpy(buf + n, raw + body, rawlen - body);
		n += rawlen - body;
	} else {
		buf[n++] = '\n';
	}
	rc = imp_encode(enc, buf, n, &enc_out, &outlen, err);
	free(buf);
	if (rc)
		return rc;
	if (fwrite(enc_out, 1, outlen, f) != outlen)
		rc = ldg_err_set(err, LDG_EIO, _("cannot write rejects file: %s"), strerror(errno));
	free(enc_out);
	return rc;
}

/*
 * 1 when the first non-empty cell of a record is 合计 or 总计 (import.md
 * §1), alone or followed by a colon or a bracket: "合计：", "合计（万元）".
 */
static int is_total(const struct imp_record *rec)
{
	int i;

	for (i = 0; i < rec->nfields; i++) {
		char f[64];
		const char *rest;

		if (!rec->fields[i])
			continue;
		imp_fold_header(rec->fields[i], f, sizeof(f));
		if (!f[0])
			continue;
		if (strcmp(f, "total") == 0)
			return 1;
		if (strncmp(f, "合计", strlen("合计")) == 0)
			rest = f + strlen("合计");
		else if (strncmp(f, "总计", strlen("总计")) == 0)
			rest = f + strlen("总计");
		else
			return 0;
		return *rest == '\0' || *rest == ':' || *rest == '(';
	}
	return 0;
}

/*
 * import.md §2, issue 11: the kind of file another kind's header says it
 * is, or -1.  A header is another kind's when it has every required column
 * of that kind and names at least one of those required columns in a cell
 * that `kind` does not know (a contributions file's 地方综合贡献额 read as
 * bars; a loans file's 贷款银行 read as enterprises).  A file of `kind`
 * that misses a required column of its own and fits another kind fully is
 * that kind's too.  Of several, the one with most matching cells.  h NULL:
 * no header of `kind` was found in rec (every cell is unknown to it).
 */
static int other_kind(enum imp_kind kind, const struct mapping *map,
		      const struct imp_record *rec, const struct header *h, int own_missing)
{
	int best = -1, best_n = 0, k, i;

	for (k = 0; k < IMP_KIND_COUNT; k++) {
		const struct imp_coldef *d;
		int have[IMP_MAXCOLS] = { 0 }, nd, n = 0, tell = 0, all = 1;

		if (k == (int)kind)
			continue;
		d = imp_coldefs((enum imp_kind)k, &nd);
		for (i = 0; i < rec->nfields; i++) {
			int unit, ec, col;

			if (!rec->fields[i] || !rec->fields[i][0])
				continue;
			col = match_header((enum imp_kind)k, map, rec->fields[i], &unit, &ec, NULL);
			if (col < 0 || have[col])
				continue;
			have[col] = 1;
			n++;
			if (d[col].required && (!h || h->col[i] < 0))
				tell = 1;
		}
		for (i = 0; i < nd; i++)
			if (d[i].required && !have[i])
				all = 0;
		if (all && (tell || own_missing) && n > best_n) {
			best = k;
			best_n = n;
		}
	}
	return best;
}

/*
 * The sums of a file's amount columns (import.md §5 "the file's own 合计
 * row"): fen per header cell, over every data row, as the cells read in
 * their column's unit.  A cell that does not read as an amount is the
 * row's error, not the sum's; an overflow stops that column's check.
 */
struct sums {
	int64_t *fen;       /* per header cell */
	char *off;          /* 1: not an amount column, or overflowed */
};

/* 1 when the header cell i is an amount column (not a list of amounts). */
static int is_amount_col(enum imp_kind kind, const struct header *h, int i)
{
	const struct imp_coldef *d;
	int nd;

	d = imp_coldefs(kind, &nd);
	return h->col[i] >= 0 && h->col[i] < nd && d[h->col[i]].type == IMP_T_MONEY;
}

/* The unit of header cell i: its own, else --unit, else 元. */
static int col_unit(const struct header *h, int i, int opt_unit)
{
	return h->unit[i] >= 0 ? h->unit[i] : opt_unit >= 0 ? opt_unit : LDG_UNIT_YUAN;
}

/* Add a data record's amounts to the sums. */
static void sums_add(struct sums *sm, enum imp_kind kind, const struct header *h,
		     const struct imp_record *rec, int opt_unit)
{
	int i;

	for (i = 0; i < rec->nfields && i < h->nfields; i++) {
		struct ldg_err e = { 0 };
		int64_t fen;

		if (sm->off[i] || !is_amount_col(kind, h, i) || !rec->fields[i])
			continue;
		if (ldg_money_parse(rec->fields[i], (enum ldg_unit)col_unit(h, i, opt_unit),
				    &fen, &e))
			continue;
		if (__builtin_add_overflow(sm->fen[i], fen, &sm->fen[i]))
			sm->off[i] = 1;
	}
}

/*
 * Compare a 合计/总计 record with the sums: each amount cell it fills must
 * equal its column's sum, compared in fen.  A unit written in the total's
 * own label (合计（万元）) is the unit of its amounts.  Every disagreement
 * is reported at the total's line; returns their number.
 */
static int sums_check(const struct sums *sm, enum imp_kind kind, const struct header *h,
		      const struct imp_record *rec, int opt_unit, const char *file,
		      const struct imp_sink *sink)
{
	int i, bad = 0, label_unit = -1;

	for (i = 0; i < rec->nfields; i++) {
		char f[128], *open;
		const char *closer;
		size_t olen;

		if (!rec->fields[i])
			continue;
		imp_fold_header(rec->fields[i], f, sizeof(f));
		if (!f[0])
			continue;
		if ((open = unit_bracket(f, &olen, &closer)) != NULL) {
			char *close = strstr(open + olen, closer);

			if (close)
				*close = '\0';
			label_unit = unit_word(open + olen);
		}
		break;   /* the first non-empty cell is the label */
	}
	for (i = 0; i < rec->nfields && i < h->nfields; i++) {
		struct ldg_err e = { 0 };
		char sv[LDG_MONEY_BUFSZ], cv[LDG_MONEY_BUFSZ], msg[300];
		int64_t fen;

		if (sm->off[i] || !is_amount_col(kind, h, i) || !rec->fields[i])
			continue;
		if (ldg_money_parse(rec->fields[i], (enum ldg_unit)(label_unit >= 0 ? label_unit
				    : col_unit(h, i, opt_unit)), &fen, &e))
			continue;   /* not an amount (empty, a label): nothing stated */
		if (fen == sm->fen[i])
			continue;
		snprintf(msg, sizeof(msg), _("the total row states %s 元 but the rows above sum to"
			 " %s 元 (a row lost in copying, or units mixed)"),
			 ldg_money_format(fen, 1, sv), ldg_money_format(sm->fen[i], 1, cv));
		file_error(sink, file, rec->line, h->label[i], rec->fields[i], msg);
		bad++;
	}
	return bad;
}

/* Map the header record; report problems; 0 or LDG_EINPUT. */
static int header_map(enum imp_kind kind, const struct mapping *map,
		      const struct imp_record *rec, const struct imp_opts *o,
		      const char *file, const struct imp_sink *sink, long *warnings,
		      struct header *h, struct ldg_err *err)
{
	const struct imp_coldef *d;
	char unknown[1024] = "";
	int i, nd, bad = 0, empty = 0;
	size_t un = 0;

	d = imp_coldefs(kind, &nd);
	h->nfields = rec->nfields;
	h->ncols = nd;
	h->col = calloc((size_t)rec->nfields + 1, sizeof(int));
	h->unit = calloc((size_t)rec->nfields + 1, sizeof(int));
	h->label = calloc((size_t)rec->nfields + 1, sizeof(char *));
	if (!h->col || !h->unit || !h->label)
		return ldg_err_set(err, LDG_ENOMEM, _("out of memory"));
	for (i = 0; i < rec->nfields; i++) {
		const char *t = rec->fields[i] ? rec->fields[i] : "";
		int unit, ec, col, map_unit;

		if (!(h->label[i] = strdup(t)))
			return ldg_err_set(err, LDG_ENOMEM, _("out of memory"));
		ldg_text_trim(h->label[i]);
		col = match_header(kind, map, t, &unit, &ec, &map_unit);
		h->col[i] = col;
		h->unit[i] = unit;
		if (col >= 0 && map_unit >= 0 && unit != map_unit) {
			/* principal_wan = 本金 on a header 本金(元): which is meant
			 * cannot be told, and the two differ 10 000 times */
			char msg[300];

			snprintf(msg, sizeof(msg), _("the --map file says %s_%s but the header"
				 " states %s"), d[col].name, map_unit == LDG_UNIT_WAN ? "wan" : "yuan",
				 unit == LDG_UNIT_WAN ? "万元" : unit == LDG_UNIT_YI ? "亿元" : "元");
			file_error(sink, file, rec->line, h->label[i], NULL, msg);
			bad = 1;
		}
		if (col < 0) {
			if (!h->label[i][0])
				empty++;
			else if (is_row_counter(h->label[i]))
				continue;   /* 序号: recognised, ignored (import.md §1) */
			else if (!ec && un + strlen(h->label[i]) + 5 < sizeof(unknown))
				un += (size_t)snprintf(unknown + un, sizeof(unknown) - un, "%s'%s'",
						       un ? ", " : "", h->label[i]);
			continue;
		}
		if (h->have[col]) {
			char msg[300];

			snprintf(msg, sizeof(msg), _("column '%s' appears twice in the header"),
				 d[col].name);
			file_error(sink, file, rec->line, h->label[i], NULL, msg);
			bad = 1;
			continue;
		}
		h->have[col] = i + 1;
		if ((d[col].type == IMP_T_MONEY || d[col].type == IMP_T_VALUES)) {
			char f[512];
			const char *closer;
			size_t olen;

			imp_fold_header(t, f, sizeof(f));
			if (unit_bracket(f, &olen, &closer) && unit < 0) {
				file_error(sink, file, rec->line, h->label[i], NULL,
					   "unknown unit in the header: 元, 万元 or 亿元");
				bad = 1;
			}
		}
	}
	{
		int own_missing = 0, other;

		for (i = 0; i < nd; i++)
			if (d[i].required && !h->have[i]
			    && !(o->bank && i == 0 && (kind == IMP_LOANS || kind == IMP_POLICIES)))
				own_missing = 1;
		if ((other = other_kind(kind, map, rec, h, own_missing)) >= 0) {
			char msg[300];

			snprintf(msg, sizeof(msg), _("this header is a file of %s, not of %s:"
				 " import it with 'pledger import %s'"),
				 imp_kind_name((enum imp_kind)other), imp_kind_name(kind),
				 imp_kind_name((enum imp_kind)other));
			file_error(sink, file, rec->line, NULL, NULL, msg);
			return LDG_EINPUT;
		}
	}
	for (i = 0; i < nd; i++) {
		char msg[300];

		if (!d[i].required || h->have[i])
			continue;
		if (o->bank && ((kind == IMP_LOANS && i == 0) || (kind == IMP_POLICIES && i == 0)))
			continue;
		{
			const char *bar = strchr(d[i].synonyms, '|');
			int k = bar ? (int)(bar - d[i].synonyms) : (int)strlen(d[i].synonyms);

			snprintf(msg, sizeof(msg), _("required column '%s' is missing"
				 " (a header such as '%.*s')"), d[i].name, k, d[i].synonyms);
		}
		file_error(sink, file, rec->line, NULL, NULL, msg);
		bad = 1;
	}
	if (un || empty) {
		struct ldg_err w = { 0 };

		if (un && empty)
			snprintf(w.msg, sizeof(w.msg), _("ignoring columns pledger does not know: %.400s,"
				 " and %d without a header"), unknown, empty);
		else if (un)
			snprintf(w.msg, sizeof(w.msg), _("ignoring columns pledger does not know: %.400s"),
				 unknown);
		else
			snprintf(w.msg, sizeof(w.msg), _("ignoring %d columns without a header"), empty);
		ldg_err_place(&w, file, rec->line, NULL);
		(*warnings)++;
		if (sink && sink->fn)
			sink->fn(sink->ctx, 0, &w);
	}
	return bad ? LDG_EINPUT : 0;
}

/*
 * A signature line under the table, after its total row: at most two cells
 * filled, one of them a label with a colon (制表人：张三, 审核人:李四,
 * 填报日期：…).  Anything else after the total row is read as data, so a
 * loan row missing cells is an error, never skipped.
 */
static int is_footer(const struct imp_record *rec)
{
	int i, filled = 0, label = 0;

	for (i = 0; i < rec->nfields; i++) {
		char f[64];

		if (!rec->fields[i])
			continue;
		imp_fold_header(rec->fields[i], f, sizeof(f));   /* ： folds to : */
		if (!f[0])
			continue;
		if (++filled > 2)
			return 0;
		if (strchr(f, ':'))
			label = 1;
	}
	return label;
}

/*
 * A signature line anywhere below the header, with no total row above it:
 * one to four cells filled, every one of them a signature label with its
 * colon (制表人：张三, 审核人:李四, 联系电话：…).  Banks' workbooks end so
 * without a 合计 row; no loan row has only such cells.
 */
static int is_signature(const struct imp_record *rec)
{
	static const char *const labels[] = {
		"制表人", "制表", "审核人", "审核", "复核人", "复核", "经办人", "经办",
		"负责人", "单位负责人", "填表人", "填报人", "联系人", "联系电话", "电话",
		"日期", "制表日期", "填报日期", "报出日期", NULL
	};
	int i, filled = 0;

	for (i = 0; i < rec->nfields; i++) {
		char f[128];
		const char *colon;
		size_t len;
		int k, ok = 0;

		if (!rec->fields[i])
			continue;
		imp_fold_header(rec->fields[i], f, sizeof(f));   /* ： folds to : */
		if (!f[0])
			continue;
		if (++filled > 4 || !(colon = strchr(f, ':')))
			return 0;
		len = (size_t)(colon - f);
		for (k = 0; labels[k] && !ok; k++)
			ok = strlen(labels[k]) == len && memcmp(f, labels[k], len) == 0;
		if (!ok)
			return 0;
	}
	return filled > 0;
}

/* Skipping a footer line is said, with its text (nothing is skipped unseen). */
static void warn_footer(const struct imp_record *rec, int after_total, const char *file,
			const struct imp_sink *sink, long *warnings)
{
	struct ldg_err w = { 0 };
	char text[300] = "";
	size_t n = 0;
	int i;

	for (i = 0; i < rec->nfields; i++)
		if (rec->fields[i] && rec->fields[i][0] && n + strlen(rec->fields[i]) + 3 < sizeof(text))
			n += (size_t)snprintf(text + n, sizeof(text) - n, "%s%s", n ? " " : "",
					      rec->fields[i]);
	snprintf(w.msg, sizeof(w.msg), after_total ? _("skipping a line after the total row: '%s'")
		 : _("skipping a signature line: '%s'"), text);
	ldg_err_place(&w, file, rec->line, NULL);
	(*warnings)++;
	if (sink && sink->fn)
		sink->fn(sink->ctx, 0, &w);
}

/* The line of rec when a cell of it says 万元 (a note such as 单位：万元), else 0. */
static long mentions_wan(const struct imp_record *rec)
{
	int i;

	for (i = 0; i < rec->nfields; i++)
		if (rec->fields[i] && strstr(rec->fields[i], "万元"))
			return rec->line;
	return 0;
}

/*
 * import.md §5 "万元 stated only on a note line, or on some amount columns
 * and not on others": the amount columns that name no unit cannot be
 * told 元 or 万元 (500 万元 read as 500 元 is a ten-thousandfold error), so
 * the file is refused unless --unit says what they are.  Columns stating
 * 元 beside unit-less ones are consistent (no unit means 元) and accepted.
 * note_line: the line of a note that says 万元, or 0.  Returns 1 when
 * refused (reported).
 */
static int check_units(enum imp_kind kind, const struct header *h, const char *file,
		       long header_line, long note_line, const struct imp_sink *sink)
{
	const struct imp_coldef *d;
	char bare[300] = "", wan[300] = "", msg[800];
	size_t nb = 0, nw = 0;
	int i, nd;

	d = imp_coldefs(kind, &nd);
	for (i = 0; i < h->nfields; i++) {
		int col = h->col[i];

		if (col < 0 || col >= nd
		    || (d[col].type != IMP_T_MONEY && d[col].type != IMP_T_VALUES))
			continue;
		if (h->unit[i] < 0 && nb + strlen(h->label[i]) + 5 < sizeof(bare))
			nb += (size_t)snprintf(bare + nb, sizeof(bare) - nb, "%s'%s'",
					       nb ? ", " : "", h->label[i]);
		else if (h->unit[i] == LDG_UNIT_WAN && nw + strlen(h->label[i]) + 5 < sizeof(wan))
			nw += (size_t)snprintf(wan + nw, sizeof(wan) - nw, "%s'%s'",
					       nw ? ", " : "", h->label[i]);
	}
	if (!nb || (!nw && !note_line))
		return 0;
	if (note_line) {
		snprintf(msg, sizeof(msg), _("this line says 万元 but the amount columns %s name no"
			 " unit: give --unit wan if they are in 万元, --unit yuan if in 元"), bare);
		file_error(sink, file, note_line, NULL, NULL, msg);
	} else {
		snprintf(msg, sizeof(msg), _("the amount columns %s state 万元 but %s name no unit:"
			 " give --unit wan if those are in 万元, --unit yuan if in 元"), wan, bare);
		file_error(sink, file, header_line, NULL, NULL, msg);
	}
	return 1;
}

/*
 * Step a statement of static SQL without parameters, preparing it on first
 * use.
 */
static int exec_static(sqlite3 *db, sqlite3_stmt **st, const char *sql, struct ldg_err *err)
{
	int rc;

	if (!*st && (rc = ldg_db_prepare(db, sql, st, err)))
		return rc;
	sqlite3_reset(*st);
	if (sqlite3_step(*st) != SQLITE_DONE)
		return ldg_db_error(db, "database", err);
	sqlite3_reset(*st);
	return 0;
}

/* Create the batch row and its audit row; *id gets the batch id. */
static int batch_open(sqlite3 *db, enum imp_kind kind, const char *file, int64_t *id,
		      struct ldg_err *err)
{
	sqlite3_stmt *st = NULL;
	char now[32], key[32];
	int rc;

	if ((rc = ldg_db_prepare(db, "INSERT INTO import_batches (kind, file_name, sha256,"
				 " created_at, user) VALUES (?1, ?2, '', ?3, ?4)", &st, err)))
		return rc;
	ldg_bind_text(st, 1, imp_kind_name(kind));
	ldg_bind_text(st, 2, file);
	ldg_bind_text(st, 3, ldg_now(now));
	ldg_bind_text(st, 4, ldg_user());
	if (sqlite3_step(st) != SQLITE_DONE)
		rc = ldg_db_error(db, "cannot record import batch", err);
	sqlite3_finalize(st);
	if (rc)
		return rc;
	*id = sqlite3_last_insert_rowid(db);
	snprintf(key, sizeof(key), "%lld", (long long)*id);
	return ldg_audit(db, "import", "batch", key, NULL, NULL, file, *id,
			 imp_kind_name(kind), err);
}

/* Record the counts and the SHA-256 of a batch at the end of its import. */
static int batch_close(sqlite3 *db, int64_t id, const struct imp_report *rep,
		       struct ldg_err *err)
{
	sqlite3_stmt *st = NULL;
	int rc;

	if ((rc = ldg_db_prepare(db, "UPDATE import_batches SET sha256 = ?2, rows = ?3,"
				 " new_rows = ?4, updated = ?5, unchanged = ?6, rejected = ?7"
				 " WHERE id = ?1", &st, err)))
		return rc;
	sqlite3_bind_int64(st, 1, id);
	ldg_bind_text(st, 2, rep->sha256);
	sqlite3_bind_int64(st, 3, rep->rows);
	sqlite3_bind_int64(st, 4, rep->new_rows);
	sqlite3_bind_int64(st, 5, rep->updated);
	sqlite3_bind_int64(st, 6, rep->unchanged);
	sqlite3_bind_int64(st, 7, rep->rejected);
	if (sqlite3_step(st) != SQLITE_DONE)
		rc = ldg_db_error(db, "cannot record import batch", err);
	sqlite3_finalize(st);
	return rc;
}

/*
 * A large loans file is written faster with the secondary indexes of loans
 * and loan_rights built once at the end (a sort) than kept up row by row
 * (a random b-tree insert each).  Their CREATE text is read from the schema
 * itself, so schema.sql stays the only definition; the drop and the
 * rebuild are inside the import's transaction, so a failed or killed
 * import leaves them as they were.  Unique indexes are never dropped.  A
 * statement run for each row must not need a dropped index, or it scans
 * the loans written so far and the import grows as the square of its rows
 * (decisions.md "Import at scale"): the one that did, the probable-
 * duplicate test, asks an in-memory set first (ldg_bank_dup_keys) and
 * reads loans by their unique key when it must.
 */
#define BULK_MIN_BYTES (32LL << 20)

/* imp_bulk_drop: see import_int.h. */
int imp_bulk_drop(sqlite3 *db, struct imp_bulk *b, struct ldg_err *err)
{
	sqlite3_stmt *st = NULL;
	char *names[16];
	int rc = 0, n = 0, i;

	if ((rc = ldg_db_prepare(db, "SELECT name, sql FROM sqlite_master WHERE type = 'index'"
				 " AND tbl_name IN ('loans', 'loan_rights') AND sql IS NOT NULL"
				 " AND sql NOT LIKE 'CREATE UNIQUE%'", &st, err)))
		return rc;
	while (n < 16 && sqlite3_step(st) == SQLITE_ROW) {
		names[n] = sqlite3_mprintf("DROP INDEX \"%w\"",
					   (const char *)sqlite3_column_text(st, 0));
		b->sql[n] = strdup((const char *)sqlite3_column_text(st, 1));
		if (!names[n] || !b->sql[n]) {
			sqlite3_free(names[n]);
			free(b->sql[n]);
			rc = ldg_err_set(err, LDG_ENOMEM, _("out of memory"));
			break;
		}
		n++;
	}
	sqlite3_finalize(st);
	b->n = n;
	/* dropped only once the schema is no longer being read */
	for (i = 0; i < n; i++) {
		if (!rc)
			rc = ldg_db_exec(db, names[i], err);
		sqlite3_free(names[i]);
	}
	return rc;
}

/* Recreate the indexes imp_bulk_drop() dropped, from their own text. */
static int bulk_rebuild(sqlite3 *db, struct imp_bulk *b, struct ldg_err *err)
{
	int i, rc;

	/* the sorter of CREATE INDEX takes as much memory again as the page
	 * cache says, on top of the pages the import holds: 2 MiB keeps the
	 * peak of a 1M-row file within a few MB of a 100k one (flat, import.md
	 * §4) and measured no slower than 8 MiB (make bench) */
	sqlite3_exec(db, "PRAGMA cache_size = -2048", NULL, NULL, NULL);
	for (i = 0; i < b->n; i++)
		if ((rc = ldg_db_exec(db, b->sql[i], err)))
			return rc;
	return 0;
}

/* imp_bulk_release: see import_int.h. */
void imp_bulk_release(struct imp_bulk *b)
{
	int i;

	for (i = 0; i < b->n; i++)
		free(b->sql[i]);
	b->n = 0;
}

/* 1 when the len bytes at s are blank to the eye: spaces, tabs, line
 * ends, U+3000, NBSP (import.md §1). */
static int blank_text(const char *s, size_t len)
{
	const unsigned char *u = (const unsigned char *)s, *e = u + len;

	while (u < e) {
		if (*u == ' ' || *u == '\t' || *u == '\r' || *u == '\n')
			u++;
		else if (e - u >= 3 && u[0] == 0xE3 && u[1] == 0x80 && u[2] == 0x80)
			u += 3;
		else if (e - u >= 2 && u[0] == 0xC2 && u[1] == 0xA0)
			u += 2;
		else
			return 0;
	}
	return 1;
}

/* 1 when a canonical column holds a list, where a line break separates. */
static int list_column(const char *name)
{
	return strcmp(name, "ip_rights") == 0 || strcmp(name, "ip_values") == 0
	       || strcmp(name, "insured_rights") == 0;
}

/* One row error about a cell of rec (column NULL: the row). */
static void record_fail(struct imp_ctx *ctx, const struct imp_row *row, long line,
			const char *column, const char *value, const char *msg)
{
	struct ldg_err e = { 0 };

	e.code = LDG_EINPUT;
	snprintf(e.msg, sizeof(e.msg), "%s", msg);
	ldg_err_value(&e, value);
	ldg_err_place(&e, row->file, line, column);
	imp_report(ctx, row, -1, 1, &e);
}

/*
 * What a record may not hold, whichever reader made it (import.md §1):
 * a NUL byte or another control character in a cell of a known column
 * (line breaks only in list columns), and non-empty cells beyond the
 * header's last column (an unquoted 1,720,000.00 split at its commas).
 * Each problem is a row error at its cell, the value shown with control
 * bytes as \xHH.  Returns the number of problems (0: go on).
 */
static int record_check(struct imp_ctx *ctx, enum imp_kind kind, const struct imp_record *rec,
			const struct header *h, const struct imp_row *row)
{
	const struct imp_coldef *d;
	char value[256], msg[256], extra[200];
	int i, n, bad = 0, nextra = 0;
	size_t k = 0;

	d = imp_coldefs(kind, &n);
	for (i = 0; i < rec->nfields; i++) {
		const char *f = rec->fields[i];
		size_t len = f ? (rec->lens ? rec->lens[i] : strlen(f)) : 0;
		long at;

		if (!f)
			continue;
		if (i >= h->nfields) {
			if (blank_text(f, len))
				continue;
			nextra++;
			if (k < sizeof(extra) - 1) {
				if (k)
					extra[k++] = ',';
				ldg_text_escape(f, len, extra + k, sizeof(extra) - k);
				k += strlen(extra + k);
			}
			continue;
		}
		if (h->col[i] < 0 || h->col[i] >= n)
			continue;
		at = ldg_text_control(f, len, list_column(d[h->col[i]].name));
		if (at < 0)
			continue;
		ldg_text_escape(f, len, value, sizeof(value));
		if (f[at] == '\0')
			snprintf(msg, sizeof(msg), _("a NUL byte in the cell, at byte %ld"
				 " (the value would be cut there)"), at + 1);
		else if (f[at] == '\r' || f[at] == '\n')
			snprintf(msg, sizeof(msg), _("a line break in the cell (only a list"
				 " of rights may hold one)"));
		else
			snprintf(msg, sizeof(msg), _("a control character in the cell, at byte %ld"
				 " (shown as \\xHH)"), at + 1);
		record_fail(ctx, row, rec->line, h->label[i], value, msg);
		bad++;
	}
	if (nextra) {
		extra[k] = '\0';
		snprintf(msg, sizeof(msg), _("%d non-empty cells beyond the header's last column"
			 " (%d columns): an amount written 1,720,000.00 without quotes is cut"
			 " at its commas; quote it or drop the separators"), nextra, h->nfields);
		record_fail(ctx, row, rec->line, NULL, extra, msg);
		bad++;
	}
	return bad;
}

/*
 * A workbook cell of a column the file maps that holds an Excel error
 * (#N/A, #DIV/0!) or a formula without a cached result is an error at its
 * cell, never read as text or as empty (import.md §1 "Excel workbooks").
 * Returns the number of such cells, each reported to sink.
 */
static int cell_errors(const struct imp_record *rec, const struct header *h,
		       const struct imp_row *row, const struct imp_sink *sink)
{
	int i, n = 0;

	for (i = 0; rec->kinds && i < rec->nfields && i < h->nfields; i++) {
		struct ldg_err e = { 0 };
		int k = rec->kinds[i];

		if (h->col[i] < 0 || (k != IMP_CELL_ERROR && k != IMP_CELL_NOVALUE))
			continue;
		e.code = LDG_EINPUT;
		snprintf(e.msg, sizeof(e.msg), k == IMP_CELL_ERROR
			 ? _("the cell holds the Excel error value (correct the formula or the data)")
			 : _("a formula without a cached result (open the file in Excel or WPS,"
			     " recalculate and save it as .xlsx)"));
		ldg_err_value(&e, rec->fields[i] ? rec->fields[i] : "");
		ldg_err_place(&e, row->file, rec->line, h->label[i]);
		if (sink && sink->fn)
			sink->fn(sink->ctx, 1, &e);
		n++;
	}
	return n;
}

/* imp_file: see import.h. */
int imp_file(sqlite3 *db, enum imp_kind kind, const char *path,
	     const struct imp_opts *opts, struct imp_report *rep,
	     const struct imp_sink *sink, struct ldg_err *err)
{
	static const struct imp_opts defaults = IMP_OPTS_INIT;
	const struct imp_opts *o = opts ? opts : &defaults;
	const char *file = o->display_name ? o->display_name : path;
	struct mapping map = { NULL, 0 };
	struct imp_table *csv = NULL;
	struct imp_record *rec;
	struct header h;
	struct imp_row *row = NULL;
	struct imp_ctx ctx;
	struct relay relay = { 0 };
	struct imp_sink rsink;
	sqlite3_stmt *sp = NULL, *sp_release = NULL, *sp_rollback = NULL;
	FILE *rej = NULL;
	struct imp_rejects *rejx = NULL;   /* a workbook's rejects (.xlsx) */
	char rejects[1024] = "";
	int64_t batch = 0;
	struct imp_bulk bulk = { { NULL }, 0 };
	long wan_note = 0;   /* the line of a 万元 note above the header */
	long other_line = 0; /* a line that is the header of another kind */
	int other = -1;
	int after_total = 0; /* a 合计/总计 row was met */
	int total_bad = 0;   /* disagreements of total rows with the sums */
	struct sums sums = { NULL, NULL };
	int rc, in_tx = 0, ctx_up = 0, scanned = 0, i;

	memset(rep, 0, sizeof(*rep));
	memset(&h, 0, sizeof(h));
	relay.user = sink;
	relay.keep = o->skip_invalid;
	rsink.fn = relay_fn;
	rsink.ctx = &relay;

	if (o->map_path && (rc = map_load(o->map_path, &map, err)))
		goto out;
	if ((rc = imp_table_open(path, NULL, 0, file, o->encoding, o->sheet, &csv, err)))
		goto out;
	rep->encoding = imp_table_encoding(csv);

	/* the header row (import.md §1) */
	for (;;) {
		rc = imp_table_next(csv, &rec, err);
		if (rc < 0)
			goto out;
		if (rc == 0 || ++scanned > HEADER_SCAN_ROWS) {
			char msg[256];

			if (other >= 0) {
				snprintf(msg, sizeof(msg), _("this header is a file of %s, not of %s:"
					 " import it with 'pledger import %s'"),
					 imp_kind_name((enum imp_kind)other), imp_kind_name(kind),
					 imp_kind_name((enum imp_kind)other));
				file_error(sink, file, other_line, NULL, NULL, msg);
				rc = ldg_err_set(err, LDG_EINPUT, _("'%s' is not a file of %s;"
						 " nothing written"), file, imp_kind_name(kind));
				goto out;
			}
			snprintf(msg, sizeof(msg), _("no header row: none of the first %d rows"
				 " names two columns of %s (see import.md §2, or use --map)"),
				 HEADER_SCAN_ROWS, imp_kind_name(kind));
			file_error(sink, file, 0, NULL, NULL, msg);
			rc = ldg_err_set(err, LDG_EINPUT, _("'%s' is not a file of %s; nothing written"),
					 file, imp_kind_name(kind));
			goto out;
		}
		if (count_known(kind, &map, rec) >= 2)
			break;
		if (other < 0 && (other = other_kind(kind, &map, rec, NULL, 1)) >= 0)
			other_line = rec->line;
		if (!wan_note)
			wan_note = mentions_wan(rec);
	}
	rep->header_line = rec->line;
	if ((rc = header_map(kind, &map, rec, o, file, sink, &rep->warnings, &h, err))) {
		if (rc == LDG_EINPUT)
			ldg_err_set(err, LDG_EINPUT, _("'%s' cannot be read as a file of %s;"
				    " nothing written"), file, imp_kind_name(kind));
		goto out;
	}
	imp_table_set_labels(csv, h.nfields, (const char *const *)h.label);
	relay.h = &h;
	if (o->unit < 0 && check_units(kind, &h, file, rec->line, wan_note, sink)) {
		rc = ldg_err_set(err, LDG_EINPUT, _("'%s': the unit of its amounts cannot be told;"
				 " nothing written"), file);
		goto out;
	}
	sums.fen = calloc((size_t)h.nfields + 1, sizeof(*sums.fen));
	sums.off = calloc((size_t)h.nfields + 1, 1);
	if (!sums.fen || !sums.off) {
		rc = ldg_err_set(err, LDG_ENOMEM, _("out of memory"));
		goto out;
	}
	if (o->skip_invalid && !o->dry_run) {
		/* import.md §4: a new file only (an existing --rejects is refused,
		 * the default name takes the next free number), never the
		 * database or the input (ledger/outpath.h) */
		const char *input[2] = { path, NULL };
		char want[1024];

		if (o->rejects_path)
			snprintf(want, sizeof(want), "%s", o->rejects_path);
		else
			snprintf(want, sizeof(want), "%s.rejects.%s", path,
				 imp_table_format(csv) == IMP_FMT_CSV ? "csv" : "xlsx");
		if ((rc = ldg_out_create(want, !o->rejects_path, db, input, rejects,
					 sizeof(rejects), &rej, err)))
			goto out;
		if (imp_table_format(csv) != IMP_FMT_CSV) {
			/* the name is reserved (made new here); the workbook writer
			 * replaces the empty file at the end */
			fclose(rej);
			rej = NULL;
			if ((rc = imp_rejects_open(rejects, rec, h.nfields, &rejx, err))) {
				ldg_out_discard(rejects);
				goto out;
			}
		} else if (rep->encoding != IMP_ENC_GB18030) {
			/* a UTF-8 (or UTF-16) rejects file carries a BOM, so that
			 * Chinese Excel reads it (cli.md "Language") */
			char *bom = NULL;
			size_t bomlen = 0;

			if ((rc = imp_encode(rep->encoding, "\xEF\xBB\xBF", 3, &bom, &bomlen, err)))
				goto out;
			fwrite(bom, 1, bomlen, rej);
			free(bom);
		}
		if (rej && (rc = reject_write(rej, rep->encoding, imp_table_delimiter(csv), rec->raw, rec->rawlen, rec->nfields,
				       rec->nfields, _("error"), err)))
			goto out;
	}

	/* a bulk write wants its pages in memory until the commit: 32 MiB of
	 * page cache keeps the peak RSS well under 64 MB (import.md §4) */
	sqlite3_exec(db, "PRAGMA cache_size = -32768", NULL, NULL, NULL);
	if ((rc = ldg_db_begin(db, err)))
		goto out;
	in_tx = 1;
	if ((rc = batch_open(db, kind, file, &batch, err)))
		goto out;
	if (kind == IMP_LOANS && imp_table_size(csv) >= BULK_MIN_BYTES
	    && (rc = imp_bulk_drop(db, &bulk, err)))
		goto out;
	imp_ctx_init(&ctx, db, batch, &rsink);
	ctx_up = 1;
	/* the duplicate test without loans_uscc: a row takes 128 bytes or more */
	if (bulk.n && (rc = ldg_bank_dup_keys(&ctx.store, imp_table_size(csv) / 128, err)))
		goto out;
	if (!(row = imp_row_new(kind, file, 0))) {
		rc = ldg_err_set(err, LDG_ENOMEM, _("out of memory"));
		goto out;
	}
	row->bank = o->bank;
	row->default_unit = o->unit;

	while ((rc = imp_table_next(csv, &rec, err)) > 0) {
		enum imp_outcome outcome;
		int bad_cells;

		if (is_total(rec)) {
			after_total = 1;
			total_bad += sums_check(&sums, kind, &h, rec, o->unit, file, sink);
			continue;
		}
		if ((after_total && is_footer(rec)) || is_signature(rec)) {
			warn_footer(rec, after_total, file, sink, &rep->warnings);
			continue;
		}
		rep->rows++;
		sums_add(&sums, kind, &h, rec, o->unit);
		imp_row_clear(row);
		row->line = rec->line;
		for (i = 0; i < rec->nfields && i < h.nfields; i++) {
			int col = h.col[i];

			if (col < 0)
				continue;
			row->cell[col].text = rec->fields[i];
			row->cell[col].unit = h.unit[i];
			row->cell[col].label = h.label[i];
		}
		for (i = 0; i < IMP_MAXCOLS; i++)
			if (h.have[i] && row->cell[i].label == NULL)
				row->cell[i].label = h.label[h.have[i] - 1];
		relay.len = 0;
		relay.rec = rec;
		if (relay.text)
			relay.text[0] = '\0';
		if (o->skip_invalid
		    && (rc = exec_static(db, &sp, "SAVEPOINT imp_row", err)))
			goto out;
		/* the cells' own problems first; the validators still judge the
		 * row, so that every problem of it is reported at once */
		bad_cells = record_check(&ctx, kind, rec, &h, row)
			    + cell_errors(rec, &h, row, &rsink);
		if ((rc = imp_apply(&ctx, row, IMP_MODE_UPSERT, 0, &outcome, NULL, err)))
			goto out;
		if (bad_cells)
			outcome = IMP_REJECTED;
		switch (outcome) {
		case IMP_NEW: rep->new_rows++; break;
		case IMP_UPDATED: rep->updated++; break;
		case IMP_UNCHANGED: rep->unchanged++; break;
		case IMP_REJECTED: rep->rejected++; break;
		}
		if (o->skip_invalid) {
			if (outcome == IMP_REJECTED) {
				if ((rc = exec_static(db, &sp_rollback, "ROLLBACK TO imp_row", err)))
					goto out;
				imp_ctx_forget(&ctx);
				if (rej && (rc = reject_write(rej, rep->encoding, imp_table_delimiter(csv), rec->raw, rec->rawlen,
							      rec->nfields, h.nfields,
							      relay.text ? relay.text : "", err)))
					goto out;
				if (rejx && (rc = imp_rejects_add(rejx, rec, relay.text ? relay.text
								  : "", err)))
					goto out;
			}
			if ((rc = exec_static(db, &sp_release, "RELEASE imp_row", err)))
				goto out;
		}
		if (o->progress && (rep->rows & 4095) == 0)
			o->progress(o->progress_ctx, rep->rows, imp_table_pos(csv), imp_table_size(csv));
	}
	if (rc < 0)
		goto out;
	rc = 0;
	if (o->progress)
		o->progress(o->progress_ctx, rep->rows, imp_table_pos(csv), imp_table_size(csv));
	snprintf(rep->sha256, sizeof(rep->sha256), "%s", imp_table_sha256(csv));
	rep->warnings += ctx.warnings;
	if (total_bad) {
		rep->would_be = 1;
		rc = ldg_err_set(err, LDG_EINPUT, _("%s: its total row disagrees with its rows;"
				 " nothing written"), file);
		goto out;
	}
	if (rep->rejected && !o->skip_invalid) {
		rep->would_be = 1;
		rc = ldg_err_set(err, LDG_EINPUT, _("%s: %ld of %ld rows rejected; nothing written"),
				 file, rep->rejected, rep->rows);
		goto out;
	}
	if ((rc = batch_close(db, batch, rep, err)))
		goto out;
	if (bulk.n && !o->dry_run && (rc = bulk_rebuild(db, &bulk, err)))
		goto out;
	if (o->dry_run)
		goto out;   /* rolled back below */
	if ((rc = ldg_db_commit(db, err)))
		goto out;
	in_tx = 0;
	rep->batch_id = batch;
	if (rej) {
		if (fclose(rej) != 0) {
			rej = NULL;
			rc = ldg_err_set(err, LDG_EIO, _("cannot write rejects file '%s'"), rejects);
			ldg_out_discard(rejects);
			goto out;
		}
		rej = NULL;
		if (rep->rejected) {
			snprintf(rep->rejects_path, sizeof(rep->rejects_path), "%s", rejects);
			ldg_out_keep(rejects);
		} else {
			ldg_out_discard(rejects);  /* made in this run: ours to remove */
		}
	}
	if (rejx) {
		rc = imp_rejects_close(rejx, rep->rejected > 0, err);
		rejx = NULL;
		if (rc || !rep->rejected) {
			ldg_out_discard(rejects);  /* made in this run: ours to remove */
			if (rc)
				goto out;
		} else {
			snprintf(rep->rejects_path, sizeof(rep->rejects_path), "%s", rejects);
			ldg_out_keep(rejects);
		}
	}
out:
	if (ctx_up)
		imp_ctx_release(&ctx);
	sqlite3_finalize(sp);
	sqlite3_finalize(sp_release);
	sqlite3_finalize(sp_rollback);
	if (in_tx)
		ldg_db_rollback(db);
	sqlite3_exec(db, "DROP TABLE IF EXISTS temp.imp_seen", NULL, NULL, NULL);
	if (rej) {
		fclose(rej);
		ldg_out_discard(rejects);
	}
	if (rejx) {
		imp_rejects_close(rejx, 0, NULL);
		ldg_out_discard(rejects);
	}
	imp_row_free(row);
	imp_bulk_release(&bulk);
	header_release(&h);
	free(sums.fen);
	free(sums.off);
	imp_table_close(csv);
	free(map.e);
	free(relay.text);
	return rc;
}
