/*
 * xlsxread.c — see xlsxread.h.
 *
 * Parts are read through part_read(), which counts the inflated bytes and
 * refuses a part that grows past its limit or its ratio (a zip bomb; the
 * sizes the zip declares are not trusted).  Every XML parser is made by
 * xml_new(), which refuses a DOCTYPE (so no entity is ever declared, let
 * alone expanded) and turns expat's billion-laughs protection on besides.
 * The sheet's parser is suspended (XML_StopParser resumable) at the end of
 * each row with a non-empty cell and resumed by the next imp_xlsx_next(),
 * so a push parser serves a pull interface one row at a time.
 */
#define XML_DTD 1   /* Debian's expat is built with it: declares the
		     * billion-laughs settings (expat.h guards them) */
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <expat.h>
#include <zip.h>

#include "import/xlsxread.h"
#include "ledger/grow.h"
#include "ledger/lang.h"

#define CHUNK 65536
#define MAX_SHEETS 4096
#define MAX_RELS 8192
#define MAX_XFS 65536
#define MAX_FMTS 65536
#define MAX_ROW_BYTES (16 << 20)   /* text of one row */

enum { XF_PLAIN = 0, XF_DATE, XF_PERCENT };

struct sheet {
	char *name;
	char *rid;
	int hidden;                /* state="hidden" or "veryHidden" */
};

struct rel {
	char *id, *target, *type;
};

struct numfmt {
	unsigned id;
	unsigned char kind;        /* XF_* */
};

/* One zip entry being inflated. */
struct part {
	zip_file_t *zf;
	const char *pname;         /* the entry's name, for messages */
	long long comp;            /* compressed size (declared) */
	long long size;            /* inflated size (declared) */
	long long got;             /* inflated bytes read */
	long long limit;
};

struct imp_xlsx {
	zip_t *zip;
	char name[512];            /* file name for messages */
	int date1904;
	struct sheet *sheets;
	int nsheets;
	struct rel *rels;
	int nrels;
	char sheet_path[1024];
	const char *sheet_name;    /* into sheets[] */
	/* shared strings: every string NUL-terminated in one buffer */
	char *sst;
	size_t sst_len, sst_cap;
	size_t *sst_off;
	size_t sst_n, sst_ncap;
	int in_si, in_t, in_rph;
	/* styles */
	struct numfmt *fmts;
	int nfmts;
	unsigned *xf_fmt;          /* numFmtId of each cellXfs entry */
	unsigned char *xf_kind;
	int nxf, in_cellxfs;
	/* the sheet */
	struct part sp;
	XML_Parser p;
	int sheet_open, suspended, final_fed, done;
	/* the row being read */
	long row, last_row;
	int in_row, in_c, in_v, in_is, c_col, last_col, has_v, has_f;
	char c_type;               /* 'n' 's' 'i'(inlineStr) 'f'(str) 'b' 'e' 'd' */
	int c_xf;
	char *cbuf;                /* the cell's text */
	size_t clen, ccap;
	char *rbuf;                /* the row's texts */
	size_t rlen, rcap;
	size_t *roff;              /* offset in rbuf, SIZE_MAX for an empty cell */
	unsigned char *rkind;
	const char **fields;
	int nf, fcap;
	int row_ready;
	struct imp_record rec;
	/* a callback's failure */
	int cb_rc;
	struct ldg_err cb_err;
	int oom;
};

/* ---- small helpers ---------------------------------------------------- */

/* The local part of a possibly prefixed XML name ("x:row" → "row"). */
static const char *local(const char *n)
{
	const char *c = strrchr(n, ':');

	return c ? c + 1 : n;
}

/* The value of attribute `name` (local part compared), or NULL. */
static const char *attr(const char **atts, const char *name)
{
	int i;

	for (i = 0; atts[i]; i += 2)
		if (strcmp(local(atts[i]), name) == 0)
			return atts[i + 1];
	return NULL;
}

/* Record a callback's failure (the first wins) and stop the parser. */
__attribute__((format(printf, 3, 4)))
static void cb_fail(struct imp_xlsx *x, int code, const char *fmt, ...)
{
	va_list ap;

	if (!x->cb_rc) {
		x->cb_rc = code;
		x->cb_err.code = code;
		va_start(ap, fmt);
		vsnprintf(x->cb_err.msg, sizeof(x->cb_err.msg), fmt, ap);
		va_end(ap);
		ldg_err_place(&x->cb_err, x->name, x->in_row ? x->row : 0, NULL);
	}
	if (x->p)
		XML_StopParser(x->p, XML_FALSE);
}

/* Strict unsigned decimal of at most 9 digits; -1 otherwise. */
static long small_uint(const char *s)
{
	long v = 0;
	int n = 0;

	if (!s || !*s)
		return -1;
	for (; *s; s++, n++) {
		if (*s < '0' || *s > '9' || n >= 9)
			return -1;
		v = v * 10 + (*s - '0');
	}
	return v;
}

/*
 * Decode OOXML's _xHHHH_ escapes (a character XML cannot hold, or a
 * literal "_x" written as _x005F_x) in place; the result is never longer.
 */
static void unescape_x(char *s)
{
	char *r = s, *w = s;

	if (!strstr(s, "_x")) 
		return;
	while (*r) {
		unsigned v = 0;
		int i, ok = r[0] == '_' && r[1] == 'x';

		for (i = 0; ok && i < 4; i++) {
			char c = r[2 + i];

			if (c >= '0' && c <= '9') v = v * 16 + (unsigned)(c - '0');
			else if (c >= 'a' && c <= 'f') v = v * 16 + (unsigned)(c - 'a' + 10);
			else if (c >= 'A' && c <= 'F') v = v * 16 + (unsigned)(c - 'A' + 10);
			else ok = 0;
		}
		if (ok && r[6] == '_' && v != 0 && (v < 0xD800 || v > 0xDFFF)) {
			if (v < 0x80) {
				*w++ = (char)v;
			} else if (v < 0x800) {
				*w++ = (char)(0xC0 | (v >> 6));
				*w++ = (char)(0x80 | (v & 0x3F));
			} else {
				*w++ = (char)(0xE0 | (v >> 12));
				*w++ = (char)(0x80 | ((v >> 6) & 0x3F));
				*w++ = (char)(0x80 | (v & 0x3F));
			}
			r += 7;
		} else {
			*w++ = *r++;
		}
	}
	*w = '\0';
}

/* imp_cell_ref: see xlsxread.h. */
void imp_cell_ref(int col, long row, char *out, size_t outsz)
{
	char letters[8];
	int n = 0, i;

	col++;
	while (col > 0 && n < 7) {
		letters[n++] = (char)('A' + (col - 1) % 26);
		col = (col - 1) / 26;
	}
	for (i = 0; i < n / 2; i++) {
		char t = letters[i];

		letters[i] = letters[n - 1 - i];
		letters[n - 1 - i] = t;
	}
	letters[n] = '\0';
	snprintf(out, outsz, "%s%ld", letters, row);
}

/* imp_number_text: see xlsxread.h. */
int imp_number_text(double v, int shift, char *out, size_t outsz) /* xlsx-boundary */
{
	char e[64], digits[32];
	int prec, nd = 0, exp10, i, pos, neg;
	size_t n = 0;
	char *p;

	if (!isfinite(v) || outsz < 400)
		return -1;
	if (v == 0) {
		snprintf(out, outsz, "0");
		return 0;
	}
	/*
	 * 15 significant digits, Excel's own precision, trailing zeros
	 * dropped: for a typed value this is its shortest round-trip text
	 * (1234.56, never 1234.5599999999999); a double that needs 16 or 17
	 * digits to read back carries a computation's binary noise (4.45%
	 * stored as 4.45/100 = 0.044500000000000005 by LibreOffice), which
	 * Excel never shows and the exact parsers would refuse.  Decision in
	 * docs/decisions.md.
	 */
	prec = 15;
	snprintf(e, sizeof(e), "%.*e", prec - 1, v);
	neg = e[0] == '-';
	for (p = e + neg; *p && *p != 'e'; p++)
		if (*p >= '0' && *p <= '9')
			digits[nd++] = *p;
	exp10 = (int)strtol(p + 1, NULL, 10) + shift;   /* of the first digit */
	while (nd > 1 && digits[nd - 1] == '0')
		nd--;
	if (neg)
		out[n++] = '-';
	pos = exp10 + 1;               /* digits before the point */
	if (pos <= 0) {
		out[n++] = '0';
		out[n++] = '.';
		for (i = 0; i < -pos; i++)
			out[n++] = '0';
		for (i = 0; i < nd; i++)
			out[n++] = digits[i];
	} else {
		for (i = 0; i < pos; i++)
			out[n++] = i < nd ? digits[i] : '0';
		if (nd > pos) {
			out[n++] = '.';
			for (i = pos; i < nd; i++)
				out[n++] = digits[i];
		}
	}
	out[n] = '\0';
	return 0;
}

/* imp_serial_date: see xlsxread.h. */
int imp_serial_date(double serial, int date1904, char out[11]) /* xlsx-boundary */
{
	long long days, z, era, doe, yoe, y, doy, mp, d, m;

	if (!isfinite(serial) || serial < 0 || serial >= 2958466.0)
		return -1;
	days = (long long)floor(serial);
	if (date1904) {
		days += 1462;   /* 1904-01-01 is serial 1462 of the 1900 system */
	} else {
		if (days < 1)
			return -1;
		if (days == 60) {   /* Lotus's 1900-02-29, kept so the parser says no */
			memcpy(out, "1900-02-29", 11);
			return 0;
		}
		if (days < 60)
			days++;
	}
	/* days since 1899-12-30 → civil date (H. Hinnant's days_from_civil inverse) */
	z = days - 25569 + 719468;   /* 25569 = 1970-01-01 */
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	y = yoe + era * 400;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	d = doy - (153 * mp + 2) / 5 + 1;
	m = mp < 10 ? mp + 3 : mp - 9;
	if (m <= 2)
		y++;
	if (y < 1 || y > 9999)
		return -1;
	{
		char tmp[48];

		snprintf(tmp, sizeof(tmp), "%04lld-%02lld-%02lld", y, m, d);
		memcpy(out, tmp, 10);
		out[10] = '\0';
	}
	return 0;
}

/*
 * What a number format shows: a date (or time), a percentage, or a plain
 * number.  Built-in ids per ECMA-376 §18.8.30 and the Chinese locale's
 * 27–36 and 50–58; a custom format is a date when its first section has
 * y, m, d, h or s outside quotes, escapes and [brackets] (colours,
 * conditions, locales; [h] [mm] [ss] elapsed times count as time), a
 * percentage when it has a % there.
 */
static int fmt_kind_builtin(unsigned id)
{
	if ((id >= 14 && id <= 22) || (id >= 27 && id <= 36) || (id >= 45 && id <= 47)
	    || (id >= 50 && id <= 58))
		return XF_DATE;
	if (id == 9 || id == 10)
		return XF_PERCENT;
	return XF_PLAIN;
}

static int fmt_kind_code(const char *s)
{
	int pct = 0;

	if (!strcasecmp(s, "General") || !strcmp(s, "@"))
		return XF_PLAIN;
	for (; *s && *s != ';'; s++) {
		switch (*s) {
		case '"':
			for (s++; *s && *s != '"'; s++)
				;
			if (!*s)
				return pct ? XF_PERCENT : XF_PLAIN;
			break;
		case '\\': case '_': case '*':
			if (s[1])
				s++;
			break;
		case '[': {
			const char *c = s + 1;
			int t = 1;

			for (; *c && *c != ']'; c++)
				if (!strchr("hHmMsS", *c))
					t = 0;
			if (t && c > s + 1)
				return XF_DATE;
			if (!*c)
				return XF_PLAIN;
			s = c;
			break;
		}
		case '%':
			pct = 1;
			break;
		default:
			if (strchr("yYmMdDhHsS", *s))
				return XF_DATE;
		}
	}
	return pct ? XF_PERCENT : XF_PLAIN;
}

/* ---- parts and parsers ----------------------------------------------- */

/*
 * Open entry pname with an inflated-size limit.  1 when it is absent and
 * not required; 0 opened; negative on error.
 */
static int part_open(struct imp_xlsx *x, const char *pname, long long limit, int required,
		     struct part *pt, struct ldg_err *err)
{
	zip_stat_t st;
	zip_int64_t idx;

	memset(pt, 0, sizeof(*pt));
	pt->pname = pname;
	pt->limit = limit;
	idx = zip_name_locate(x->zip, pname, 0);
	if (idx < 0)
		idx = zip_name_locate(x->zip, pname, ZIP_FL_NOCASE);
	if (idx < 0) {
		if (!required)
			return 1;
		ldg_err_set(err, LDG_EINPUT, _("not a readable workbook: it has no part '%s'"), pname);
		ldg_err_place(err, x->name, 0, NULL);
		return LDG_EINPUT;
	}
	zip_stat_init(&st);
	if (zip_stat_index(x->zip, (zip_uint64_t)idx, 0, &st) != 0) {
		ldg_err_set(err, LDG_EINPUT, _("broken workbook: part '%s': %s"), pname,
			    zip_strerror(x->zip));
		ldg_err_place(err, x->name, 0, NULL);
		return LDG_EINPUT;
	}
	pt->comp = (st.valid & ZIP_STAT_COMP_SIZE) ? (long long)st.comp_size : 0;
	pt->size = (st.valid & ZIP_STAT_SIZE) ? (long long)st.size : 0;
	if (pt->size > limit
	    || (pt->size > (1LL << 20) && pt->size > (pt->comp + 1) * XLSX_MAX_RATIO)) {
		ldg_err_set(err, LDG_EINPUT, _("refused: part '%s' inflates to %lld bytes from %lld"
			    " (a zip bomb; the limit is %lld bytes and %d times)"), pname, pt->size,
			    pt->comp, limit, XLSX_MAX_RATIO);
		ldg_err_place(err, x->name, 0, NULL);
		return LDG_EINPUT;
	}
	if (!(pt->zf = zip_fopen_index(x->zip, (zip_uint64_t)idx, 0))) {
		ldg_err_set(err, LDG_EINPUT, _("broken workbook: cannot read part '%s': %s"), pname,
			    zip_strerror(x->zip));
		ldg_err_place(err, x->name, 0, NULL);
		return LDG_EINPUT;
	}
	return 0;
}

/* Read up to cap inflated bytes; *n 0 at the end.  Checks the limits. */
static int part_read(struct imp_xlsx *x, struct part *pt, char *buf, size_t cap, size_t *n,
		     struct ldg_err *err)
{
	zip_int64_t r = zip_fread(pt->zf, buf, cap);

	*n = 0;
	if (r < 0) {
		ldg_err_set(err, LDG_EINPUT, _("broken workbook: part '%s': %s"), pt->pname,
			    zip_file_strerror(pt->zf));
		ldg_err_place(err, x->name, 0, NULL);
		return LDG_EINPUT;
	}
	pt->got += r;
	if (pt->got > pt->limit || (pt->size && pt->got > pt->size)
	    || (pt->got > (1LL << 20) && pt->got > (pt->comp + 1) * XLSX_MAX_RATIO)) {
		ldg_err_set(err, LDG_EINPUT, _("refused: part '%s' inflates past %lld bytes from %lld"
			    " (a zip bomb, or sizes that lie)"), pt->pname, pt->got, pt->comp);
		ldg_err_place(err, x->name, 0, NULL);
		return LDG_EINPUT;
	}
	*n = (size_t)r;
	return 0;
}

static void part_close(struct part *pt)
{
	if (pt->zf)
		zip_fclose(pt->zf);
	pt->zf = NULL;
}

/* A DOCTYPE is refused: a workbook's parts never have one. */
static void XMLCALL on_doctype(void *ud, const XML_Char *name, const XML_Char *sysid,
			       const XML_Char *pubid, int has_internal)
{
	(void)name; (void)sysid; (void)pubid; (void)has_internal;
	cb_fail(ud, LDG_EINPUT, _("refused: the workbook's XML declares a DOCTYPE"
		" (entity expansion is not allowed)"));
}

static void XMLCALL on_entity(void *ud, const XML_Char *name, int is_param,
			      const XML_Char *value, int value_len, const XML_Char *base,
			      const XML_Char *sysid, const XML_Char *pubid,
			      const XML_Char *notation)
{
	(void)name; (void)is_param; (void)value; (void)value_len; (void)base;
	(void)sysid; (void)pubid; (void)notation;
	cb_fail(ud, LDG_EINPUT, _("refused: the workbook's XML declares an entity"));
}

/* A parser with our protections; NULL when out of memory. */
static XML_Parser xml_new(struct imp_xlsx *x, XML_StartElementHandler start,
			  XML_EndElementHandler end, XML_CharacterDataHandler text)
{
	XML_Parser p = XML_ParserCreate("UTF-8");

	if (!p)
		return NULL;
	XML_SetUserData(p, x);
	XML_SetElementHandler(p, start, end);
	if (text)
		XML_SetCharacterDataHandler(p, text);
	XML_SetStartDoctypeDeclHandler(p, on_doctype);
	XML_SetEntityDeclHandler(p, on_entity);
	XML_SetParamEntityParsing(p, XML_PARAM_ENTITY_PARSING_NEVER);
	XML_SetBillionLaughsAttackProtectionMaximumAmplification(p, 10.0f);
	XML_SetBillionLaughsAttackProtectionActivationThreshold(p, 1 << 20);
	return p;
}

/* The error of a failed XML_Parse: a callback's, else expat's. */
static int xml_error(struct imp_xlsx *x, XML_Parser p, const char *pname, struct ldg_err *err)
{
	if (x->cb_rc) {
		if (err && !err->code)
			*err = x->cb_err;
		return x->cb_rc;
	}
	if (x->oom || XML_GetErrorCode(p) == XML_ERROR_NO_MEMORY)
		return ldg_err_set(err, LDG_ENOMEM, _("out of memory"));
	ldg_err_set(err, LDG_EINPUT, _("broken workbook: part '%s' is not well-formed XML: %s"
		    " (XML line %lu)"), pname, XML_ErrorString(XML_GetErrorCode(p)),
		    (unsigned long)XML_GetCurrentLineNumber(p));
	ldg_err_place(err, x->name, 0, NULL);
	return LDG_EINPUT;
}

/* Parse a whole part with the given handlers.  Absent and not required: 0. */
static int parse_part(struct imp_xlsx *x, const char *pname, long long limit, int required,
		      XML_StartElementHandler start, XML_EndElementHandler end,
		      XML_CharacterDataHandler text, struct ldg_err *err)
{
	struct part pt;
	XML_Parser p = NULL;
	int rc, final = 0;

	if ((rc = part_open(x, pname, limit, required, &pt, err)))
		return rc > 0 ? 0 : rc;
	if (!(p = xml_new(x, start, end, text))) {
		rc = ldg_err_set(err, LDG_ENOMEM, _("out of memory"));
		goto out;
	}
	x->p = p;
	while (!final) {
		void *buf = XML_GetBuffer(p, CHUNK);
		size_t n;

		if (!buf) {
			rc = ldg_err_set(err, LDG_ENOMEM, _("out of memory"));
			goto out;
		}
		if ((rc = part_read(x, &pt, buf, CHUNK, &n, err)))
			goto out;
		final = n == 0;
		if (XML_ParseBuffer(p, (int)n, final) != XML_STATUS_OK) {
			rc = xml_error(x, p, pname, err);
			goto out;
		}
	}
	rc = 0;
out:
	x->p = NULL;
	if (p)
		XML_ParserFree(p);
	part_close(&pt);
	return rc;
}

/* ---- workbook.xml and its relationships -------------------------------- */

static void XMLCALL wb_start(void *ud, const XML_Char *el, const XML_Char **atts)
{
	struct imp_xlsx *x = ud;
	const char *n = local(el);

	if (strcmp(n, "workbookPr") == 0) {
		const char *d = attr(atts, "date1904");

		x->date1904 = d && (!strcmp(d, "1") || !strcmp(d, "true"));
	} else if (strcmp(n, "sheet") == 0) {
		const char *name = attr(atts, "name"), *rid = attr(atts, "id");
		const char *state = attr(atts, "state");
		struct sheet *s;

		if (!name || !rid)
			return;
		if (x->nsheets >= MAX_SHEETS) {
			cb_fail(x, LDG_EINPUT, _("refused: more than %d sheets"), MAX_SHEETS);
			return;
		}
		if (!(s = realloc(x->sheets, (size_t)(x->nsheets + 1) * sizeof(*s)))) {
			x->oom = 1;
			cb_fail(x, LDG_ENOMEM, _("out of memory"));
			return;
		}
		x->sheets = s;
		s = &x->sheets[x->nsheets];
		s->name = strdup(name);
		s->rid = strdup(rid);
		s->hidden = state && strcmp(state, "visible") != 0;
		x->nsheets++;
		if (!s->name || !s->rid) {
			x->oom = 1;
			cb_fail(x, LDG_ENOMEM, _("out of memory"));
		}
	}
}

static void XMLCALL no_end(void *ud, const XML_Char *el)
{
	(void)ud;
	(void)el;
}

static void XMLCALL rels_start(void *ud, const XML_Char *el, const XML_Char **atts)
{
	struct imp_xlsx *x = ud;
	const char *id, *target, *type, *mode;
	struct rel *r;

	if (strcmp(local(el), "Relationship") != 0)
		return;
	id = attr(atts, "Id");
	target = attr(atts, "Target");
	type = attr(atts, "Type");
	mode = attr(atts, "TargetMode");
	if (!id || !target || !type || (mode && strcmp(mode, "Internal") != 0))
		return;
	if (x->nrels >= MAX_RELS) {
		cb_fail(x, LDG_EINPUT, _("refused: more than %d relationships"), MAX_RELS);
		return;
	}
	if (!(r = realloc(x->rels, (size_t)(x->nrels + 1) * sizeof(*r)))) {
		x->oom = 1;
		cb_fail(x, LDG_ENOMEM, _("out of memory"));
		return;
	}
	x->rels = r;
	r = &x->rels[x->nrels++];
	r->id = strdup(id);
	r->target = strdup(target);
	r->type = strdup(type);
	if (!r->id || !r->target || !r->type) {
		x->oom = 1;
		cb_fail(x, LDG_ENOMEM, _("out of memory"));
	}
}

/* 1 when a relationship type ends with /what. */
static int rel_is(const struct rel *r, const char *what)
{
	size_t n = strlen(r->type), k = strlen(what);

	return n > k && r->type[n - k - 1] == '/' && strcmp(r->type + n - k, what) == 0;
}

/* The zip path of a relationship's target (relative to xl/). */
static void rel_path(const struct rel *r, char *out, size_t outsz)
{
	const char *t = r->target;

	if (t[0] == '/')
		snprintf(out, outsz, "%s", t + 1);
	else {
		if (strncmp(t, "./", 2) == 0)
			t += 2;
		snprintf(out, outsz, "xl/%s", t);
	}
}

static const struct rel *rel_find(const struct imp_xlsx *x, const char *id)
{
	int i;

	for (i = 0; i < x->nrels; i++)
		if (strcmp(x->rels[i].id, id) == 0)
			return &x->rels[i];
	return NULL;
}

/* ---- sharedStrings.xml ------------------------------------------------ */

static void XMLCALL sst_start(void *ud, const XML_Char *el, const XML_Char **atts)
{
	struct imp_xlsx *x = ud;
	const char *n = local(el);

	(void)atts;
	if (strcmp(n, "si") == 0) {
		if (ldg_grow((void **)&x->sst_off, &x->sst_ncap, x->sst_n + 1, sizeof(size_t))) {
			x->oom = 1;
			cb_fail(x, LDG_ENOMEM, _("out of memory"));
			return;
		}
		x->sst_off[x->sst_n] = x->sst_len;
		x->in_si = 1;
	} else if (x->in_si && strcmp(n, "rPh") == 0) {
		x->in_rph++;
	} else if (x->in_si && strcmp(n, "t") == 0) {
		x->in_t = 1;
	}
}

static void XMLCALL sst_text(void *ud, const XML_Char *s, int len)
{
	struct imp_xlsx *x = ud;

	if (!x->in_si || !x->in_t || x->in_rph || len <= 0)
		return;
	if (ldg_grow((void **)&x->sst, &x->sst_cap, x->sst_len + (size_t)len + 1, 1)) {
		x->oom = 1;
		cb_fail(x, LDG_ENOMEM, _("out of memory"));
		return;
	}
	memcpy(x->sst + x->sst_len, s, (size_t)len);
	x->sst_len += (size_t)len;
}

static void XMLCALL sst_end(void *ud, const XML_Char *el)
{
	struct imp_xlsx *x = ud;
	const char *n = local(el);

	if (strcmp(n, "si") == 0 && x->in_si) {
		if (ldg_grow((void **)&x->sst, &x->sst_cap, x->sst_len + 1, 1)) {
			x->oom = 1;
			cb_fail(x, LDG_ENOMEM, _("out of memory"));
			return;
		}
		x->sst[x->sst_len] = '\0';
		unescape_x(x->sst + x->sst_off[x->sst_n]);
		x->sst_len = x->sst_off[x->sst_n] + strlen(x->sst + x->sst_off[x->sst_n]) + 1;
		x->sst_n++;
		x->in_si = x->in_t = x->in_rph = 0;
	} else if (strcmp(n, "rPh") == 0 && x->in_rph) {
		x->in_rph--;
	} else if (strcmp(n, "t") == 0) {
		x->in_t = 0;
	}
}

/* ---- styles.xml ------------------------------------------------------- */

static void XMLCALL st_start(void *ud, const XML_Char *el, const XML_Char **atts)
{
	struct imp_xlsx *x = ud;
	const char *n = local(el);

	if (strcmp(n, "cellXfs") == 0) {
		x->in_cellxfs = 1;
	} else if (strcmp(n, "numFmt") == 0) {
		long id = small_uint(attr(atts, "numFmtId"));
		const char *code = attr(atts, "formatCode");
		struct numfmt *f;

		if (id < 0 || !code)
			return;
		if (x->nfmts >= MAX_FMTS) {
			cb_fail(x, LDG_EINPUT, _("refused: more than %d number formats"), MAX_FMTS);
			return;
		}
		if (!(f = realloc(x->fmts, (size_t)(x->nfmts + 1) * sizeof(*f)))) {
			x->oom = 1;
			cb_fail(x, LDG_ENOMEM, _("out of memory"));
			return;
		}
		x->fmts = f;
		x->fmts[x->nfmts].id = (unsigned)id;
		x->fmts[x->nfmts].kind = (unsigned char)fmt_kind_code(code);
		x->nfmts++;
	} else if (x->in_cellxfs && strcmp(n, "xf") == 0) {
		long id = small_uint(attr(atts, "numFmtId"));
		unsigned *f;

		if (x->nxf >= MAX_XFS) {
			cb_fail(x, LDG_EINPUT, _("refused: more than %d cell formats"), MAX_XFS);
			return;
		}
		if (!(f = realloc(x->xf_fmt, (size_t)(x->nxf + 1) * sizeof(*f)))) {
			x->oom = 1;
			cb_fail(x, LDG_ENOMEM, _("out of memory"));
			return;
		}
		x->xf_fmt = f;
		x->xf_fmt[x->nxf++] = id < 0 ? 0 : (unsigned)id;
	}
}

static void XMLCALL st_end(void *ud, const XML_Char *el)
{
	struct imp_xlsx *x = ud;

	if (strcmp(local(el), "cellXfs") == 0)
		x->in_cellxfs = 0;
}

/* The kind of each cell format, once styles.xml is read. */
static int xf_resolve(struct imp_xlsx *x)
{
	int i, j;

	if (x->nxf && !(x->xf_kind = malloc((size_t)x->nxf)))
		return -1;
	for (i = 0; i < x->nxf; i++) {
		int k = fmt_kind_builtin(x->xf_fmt[i]);

		for (j = 0; j < x->nfmts; j++)
			if (x->fmts[j].id == x->xf_fmt[i])
				k = x->fmts[j].kind;
		x->xf_kind[i] = (unsigned char)k;
	}
	return 0;
}

/* ---- the sheet -------------------------------------------------------- */

/* Parse "G12" into column index and row; -1 when malformed or too big. */
static int parse_ref(const char *r, int *col, long *row)
{
	long c = 0, n = 0;
	int k = 0;

	for (; *r >= 'A' && *r <= 'Z'; r++, k++) {
		c = c * 26 + (*r - 'A' + 1);
		if (k >= 3)
			return -1;
	}
	if (k == 0 || c > XLSX_MAX_COLS)
		return -1;
	*col = (int)c - 1;
	if (!*r) {
		*row = 0;
		return 0;
	}
	if ((n = small_uint(r)) < 1)
		return -1;
	*row = n;
	return 0;
}

/* Append the current cell's text to the row at column col. */
static int row_put(struct imp_xlsx *x, int col, const char *text, size_t len, int kind)
{
	size_t need = x->rlen + len + 1;
	int i;

	if (need > MAX_ROW_BYTES) {
		cb_fail(x, LDG_EINPUT, _("refused: row %ld holds more than %d MiB of text"), x->row,
			MAX_ROW_BYTES >> 20);
		return -1;
	}
	if (col + 1 > x->fcap) {
		size_t cap = (size_t)x->fcap, cap2 = (size_t)x->fcap, cap3 = (size_t)x->fcap;

		if (ldg_grow((void **)&x->roff, &cap, (size_t)col + 1, sizeof(size_t))
		    || ldg_grow((void **)&x->rkind, &cap2, (size_t)col + 1, 1)
		    || ldg_grow((void **)&x->fields, &cap3, (size_t)col + 1, sizeof(char *))) {
			x->oom = 1;
			cb_fail(x, LDG_ENOMEM, _("out of memory"));
			return -1;
		}
		x->fcap = (int)(cap < cap2 ? (cap < cap3 ? cap : cap3) : (cap2 < cap3 ? cap2 : cap3));
	}
	if (ldg_grow((void **)&x->rbuf, &x->rcap, need, 1)) {
		x->oom = 1;
		cb_fail(x, LDG_ENOMEM, _("out of memory"));
		return -1;
	}
	for (i = x->nf; i < col; i++) {
		x->roff[i] = (size_t)-1;
		x->rkind[i] = IMP_CELL_TEXT;
	}
	x->roff[col] = x->rlen;
	x->rkind[col] = (unsigned char)kind;
	memcpy(x->rbuf + x->rlen, text, len);
	x->rbuf[x->rlen + len] = '\0';
	x->rlen = need;
	x->nf = col + 1;
	return 0;
}

/*
 * 1 when a number cell's text is a plain decimal of at most 15 significant
 * digits without redundant zeros ("1234.56", "-7", "0.0345"): the double
 * it names prints back as the same text at 15 digits (DBL_DIG), so it is
 * what imp_number_text() would make of it, without the round trip.
 */
static int plain_decimal(const char *t)
{
	int sig = 0, lead = 1, dot = 0;
	const char *p = t;

	if (*p == '-')
		p++;
	if (!*p || (p[0] == '0' && p[1] && p[1] != '.'))
		return 0;
	for (; *p; p++) {
		if (*p == '.') {
			if (dot || !p[1])
				return 0;
			dot = 1;
			continue;
		}
		if (*p < '0' || *p > '9')
			return 0;
		if (*p != '0')
			lead = 0;
		if (!lead)
			sig++;
	}
	if (sig > 15 || (dot && p[-1] == '0') || (sig == 0 && (dot || t[0] == '-')))
		return 0;
	return 1;
}

/* The value of the cell just closed, into the row (import.md §1 workbooks). */
static void cell_done(struct imp_xlsx *x)
{
	char ref[16], num[402], date[11];
	const char *t = x->cbuf ? x->cbuf : "";
	int kind = IMP_CELL_TEXT, xk;
	char *end;
	double v;   /* xlsx-boundary: a number cell, before its text */

	if (x->cbuf)
		x->cbuf[x->clen] = '\0';
	imp_cell_ref(x->c_col, x->row, ref, sizeof(ref));
	if (x->clen == 0 && x->c_type != 'i' && x->c_type != 'f')
		x->has_v = 0;   /* <v/>: openpyxl writes a formula so, uncomputed */
	if (!x->has_v && x->c_type != 'i') {
		if (x->has_f)
			row_put(x, x->c_col, "", 0, IMP_CELL_NOVALUE);
		return;   /* a styled empty cell */
	}
	switch (x->c_type) {
	case 's': {
		long i = small_uint(t);

		if (i < 0 || (size_t)i >= x->sst_n) {
			cb_fail(x, LDG_EINPUT, _("cell %s: shared string index '%s' out of range"
				" (the workbook has %zu)"), ref, t, x->sst_n);
			return;
		}
		t = x->sst + x->sst_off[i];
		break;
	}
	case 'i': case 'f':
		unescape_x(x->cbuf ? x->cbuf : "");
		break;
	case 'b':
		t = strcmp(t, "1") == 0 ? "TRUE" : "FALSE";
		kind = IMP_CELL_BOOL;
		break;
	case 'e':
		kind = IMP_CELL_ERROR;
		break;
	case 'd':
		if (strlen(t) >= 10 && t[4] == '-' && t[7] == '-') {
			memcpy(date, t, 10);
			date[10] = '\0';
			t = date;
			kind = IMP_CELL_DATE;
		}
		break;
	default:
		xk = x->c_xf >= 0 && x->c_xf < x->nxf ? x->xf_kind[x->c_xf] : XF_PLAIN;
		if (xk == XF_PLAIN && plain_decimal(t)) {
			kind = IMP_CELL_NUMBER;   /* already its own 15-digit text */
			break;
		}
		errno = 0;
		v = strtod(t, &end);
		if (end == t || *end || !isfinite(v)) {
			cb_fail(x, LDG_EINPUT, _("cell %s: a number cell holds '%.40s'"), ref, t);
			return;
		}
		if (xk == XF_DATE && imp_serial_date(v, x->date1904, date) == 0) {
			t = date;
			kind = IMP_CELL_DATE;
		} else if (xk == XF_PERCENT) {
			imp_number_text(v, 2, num, sizeof(num));
			memcpy(num + strlen(num), "%", 2);   /* the text is < 340 bytes */
			t = num;
			kind = IMP_CELL_PERCENT;
		} else {
			imp_number_text(v, 0, num, sizeof(num));
			t = num;
			kind = IMP_CELL_NUMBER;
		}
	}
	if (!*t && kind == IMP_CELL_TEXT)
		return;   /* an empty string is an empty cell, as in CSV */
	row_put(x, x->c_col, t, strlen(t), kind);
}

static void XMLCALL sh_start(void *ud, const XML_Char *el, const XML_Char **atts)
{
	struct imp_xlsx *x = ud;
	const char *n = local(el);

	if (x->in_c) {
		if (strcmp(n, "v") == 0) {
			x->in_v = 1;
			x->has_v = 1;
		} else if (strcmp(n, "f") == 0) {
			x->has_f = 1;
		} else if (strcmp(n, "is") == 0) {
			x->in_is = 1;
		} else if (x->in_is && strcmp(n, "rPh") == 0) {
			x->in_rph++;
		} else if (x->in_is && strcmp(n, "t") == 0) {
			x->in_t = 1;
		}
		return;
	}
	if (strcmp(n, "row") == 0) {
		const char *r = attr(atts, "r");
		long row = r ? small_uint(r) : x->last_row + 1;

		if (row < 1 || row > XLSX_MAX_ROWS) {
			cb_fail(x, LDG_EINPUT, _("refused: row number '%s' outside 1 to %ld"),
				r ? r : "?", XLSX_MAX_ROWS);
			return;
		}
		if (row <= x->last_row) {
			cb_fail(x, LDG_EINPUT, _("refused: row %ld comes after row %ld"), row,
				x->last_row);
			return;
		}
		x->row = row;
		x->in_row = 1;
		x->rlen = 0;
		x->nf = 0;
		x->last_col = -1;
	} else if (strcmp(n, "c") == 0 && x->in_row) {
		const char *r = attr(atts, "r"), *t = attr(atts, "t"), *s = attr(atts, "s");
		int col = x->last_col + 1;
		long row = 0;

		if (r && (parse_ref(r, &col, &row) || (row && row != x->row))) {
			cb_fail(x, LDG_EINPUT, _("refused: cell reference '%.20s' in row %ld (Excel's"
				" last column is XFD)"), r, x->row);
			return;
		}
		if (col >= XLSX_MAX_COLS) {
			cb_fail(x, LDG_EINPUT, _("refused: a cell past column XFD in row %ld"), x->row);
			return;
		}
		if (col <= x->last_col) {
			cb_fail(x, LDG_EINPUT, _("refused: cell '%.20s' comes after a cell to its right"),
				r ? r : "?");
			return;
		}
		x->c_col = col;
		x->last_col = col;
		x->c_type = !t || !strcmp(t, "n") ? 'n' : !strcmp(t, "s") ? 's'
			: !strcmp(t, "inlineStr") ? 'i' : !strcmp(t, "str") ? 'f'
			: !strcmp(t, "b") ? 'b' : !strcmp(t, "e") ? 'e' : !strcmp(t, "d") ? 'd' : 'n';
		x->c_xf = s ? (int)small_uint(s) : 0;
		x->in_c = 1;
		x->has_v = x->has_f = x->in_v = x->in_is = x->in_t = x->in_rph = 0;
		x->clen = 0;
	}
}

static void XMLCALL sh_text(void *ud, const XML_Char *s, int len)
{
	struct imp_xlsx *x = ud;

	if (!x->in_c || len <= 0 || !(x->in_v || (x->in_is && x->in_t && !x->in_rph)))
		return;
	if (x->clen + (size_t)len > XLSX_MAX_CELL) {
		char ref[16];

		imp_cell_ref(x->c_col, x->row, ref, sizeof(ref));
		cb_fail(x, LDG_EINPUT, _("refused: cell %s holds more than %d KiB of text"), ref,
			XLSX_MAX_CELL / 1024);
		return;
	}
	if (ldg_grow((void **)&x->cbuf, &x->ccap, x->clen + (size_t)len + 1, 1)) {
		x->oom = 1;
		cb_fail(x, LDG_ENOMEM, _("out of memory"));
		return;
	}
	memcpy(x->cbuf + x->clen, s, (size_t)len);
	x->clen += (size_t)len;
}

static void XMLCALL sh_end(void *ud, const XML_Char *el)
{
	struct imp_xlsx *x = ud;
	const char *n = local(el);
	int i, any = 0;

	if (x->in_c) {
		if (strcmp(n, "c") == 0) {
			x->in_c = 0;
			cell_done(x);
		} else if (strcmp(n, "v") == 0) {
			x->in_v = 0;
		} else if (strcmp(n, "is") == 0) {
			x->in_is = 0;
		} else if (strcmp(n, "rPh") == 0 && x->in_rph) {
			x->in_rph--;
		} else if (strcmp(n, "t") == 0) {
			x->in_t = 0;
		}
		return;
	}
	if (strcmp(n, "row") != 0 || !x->in_row)
		return;
	x->in_row = 0;
	x->last_row = x->row;
	for (i = 0; i < x->nf; i++) {
		x->fields[i] = x->roff[i] == (size_t)-1 ? NULL : x->rbuf + x->roff[i];
		if (x->fields[i])
			any = 1;
	}
	if (!any)
		return;   /* a blank row: the gap in row numbers says so */
	x->rec.line = x->row;
	x->rec.end_line = x->row;
	x->rec.nfields = x->nf;
	x->rec.fields = x->fields;
	x->rec.raw = "";
	x->rec.rawlen = 0;
	x->rec.kinds = x->rkind;
	x->row_ready = 1;
	XML_StopParser(x->p, XML_TRUE);
}

/* ---- opening ---------------------------------------------------------- */

/* Pick the sheet (see imp_xlsx_open) and set sheet_path; 0 or LDG_EINPUT. */
static int choose_sheet(struct imp_xlsx *x, const char *want, struct ldg_err *err)
{
	const struct rel *r = NULL;
	int i, pick = -1;
	long n;

	if (want) {
		for (i = 0; i < x->nsheets && pick < 0; i++)
			if (strcmp(x->sheets[i].name, want) == 0)
				pick = i;
		if (pick < 0 && (n = small_uint(want)) >= 1 && n <= x->nsheets)
			pick = (int)n - 1;
		if (pick < 0) {
			char names[300] = "";
			size_t k = 0;

			for (i = 0; i < x->nsheets && k + 4 < sizeof(names); i++)
				k += (size_t)snprintf(names + k, sizeof(names) - k, "%s'%s'",
						      i ? ", " : "", x->sheets[i].name);
			ldg_err_set(err, LDG_EINPUT, _("no sheet '%s' in the workbook (it has %.300s)"),
				    want, names);
			ldg_err_place(err, x->name, 0, NULL);
			return LDG_EINPUT;
		}
		r = rel_find(x, x->sheets[pick].rid);
		if (!r || !rel_is(r, "worksheet")) {
			ldg_err_set(err, LDG_EINPUT, _("sheet '%s' is not a worksheet (a chart or"
				    " dialog sheet has no rows)"), x->sheets[pick].name);
			ldg_err_place(err, x->name, 0, NULL);
			return LDG_EINPUT;
		}
	} else {
		for (i = 0; i < x->nsheets && pick < 0; i++) {
			r = rel_find(x, x->sheets[i].rid);
			if (!x->sheets[i].hidden && r && rel_is(r, "worksheet"))
				pick = i;
		}
		if (pick < 0) {
			ldg_err_set(err, LDG_EINPUT, _("the workbook has no visible worksheet"
				    " (name one with --sheet)"));
			ldg_err_place(err, x->name, 0, NULL);
			return LDG_EINPUT;
		}
	}
	x->sheet_name = x->sheets[pick].name;
	rel_path(r, x->sheet_path, sizeof(x->sheet_path));
	return 0;
}

/* imp_xlsx_open: see xlsxread.h. */
int imp_xlsx_open(const char *path, const void *buf, size_t len, const char *name,
		  const char *sheet, struct imp_xlsx **out, struct ldg_err *err)
{
	struct imp_xlsx *x;
	char sst_path[1024] = "xl/sharedStrings.xml", st_path[1024] = "xl/styles.xml";
	zip_error_t ze;
	int rc, i, zerr = 0;

	*out = NULL;
	if (!(x = calloc(1, sizeof(*x))))
		return ldg_err_set(err, LDG_ENOMEM, _("out of memory"));
	snprintf(x->name, sizeof(x->name), "%s", name ? name : path ? path : "workbook");
	zip_error_init(&ze);
	if (path) {
		x->zip = zip_open(path, ZIP_RDONLY, &zerr);
		if (!x->zip)
			zip_error_init_with_code(&ze, zerr);
	} else {
		zip_source_t *src = zip_source_buffer_create(buf, len, 0, &ze);

		if (src && !(x->zip = zip_open_from_source(src, ZIP_RDONLY, &ze)))
			zip_source_free(src);
	}
	if (!x->zip) {
		if (zip_error_code_zip(&ze) == ZIP_ER_MEMORY)
			rc = ldg_err_set(err, LDG_ENOMEM, _("out of memory"));
		else if (zip_error_code_zip(&ze) == ZIP_ER_OPEN || zip_error_code_zip(&ze) == ZIP_ER_READ)
			rc = ldg_err_set(err, LDG_EIO, _("cannot read '%s': %s"), x->name,
					 zip_error_strerror(&ze));
		else {
			rc = ldg_err_set(err, LDG_EINPUT, _("broken workbook: not a readable zip"
					 " file (%s)"), zip_error_strerror(&ze));
			ldg_err_place(err, x->name, 0, NULL);
		}
		zip_error_fini(&ze);
		goto fail;
	}
	zip_error_fini(&ze);
	if (zip_name_locate(x->zip, "xl/workbook.xml", 0) < 0) {
		rc = ldg_err_set(err, LDG_EINPUT, _("a zip file but not an Excel workbook (it has no"
				 " xl/workbook.xml): open it in Excel or WPS and save it as Excel"
				 " Workbook (.xlsx)"));
		ldg_err_place(err, x->name, 0, NULL);
		goto fail;
	}
	if ((rc = parse_part(x, "xl/workbook.xml", 64LL << 20, 1, wb_start, no_end, NULL, err))
	    || (rc = parse_part(x, "xl/_rels/workbook.xml.rels", 64LL << 20, 1, rels_start,
				no_end, NULL, err)))
		goto fail;
	if ((rc = choose_sheet(x, sheet, err)))
		goto fail;
	for (i = 0; i < x->nrels; i++) {
		if (rel_is(&x->rels[i], "sharedStrings"))
			rel_path(&x->rels[i], sst_path, sizeof(sst_path));
		else if (rel_is(&x->rels[i], "styles"))
			rel_path(&x->rels[i], st_path, sizeof(st_path));
	}
	if ((rc = parse_part(x, st_path, 64LL << 20, 0, st_start, st_end, NULL, err)))
		goto fail;
	if (xf_resolve(x)) {
		rc = ldg_err_set(err, LDG_ENOMEM, _("out of memory"));
		goto fail;
	}
	if ((rc = parse_part(x, sst_path, XLSX_MAX_SST, 0, sst_start, sst_end, sst_text, err)))
		goto fail;
	if ((rc = part_open(x, x->sheet_path, XLSX_MAX_INFLATE, 1, &x->sp, err)))
		goto fail;
	x->sheet_open = 1;
	if (!(x->p = xml_new(x, sh_start, sh_end, sh_text))) {
		rc = ldg_err_set(err, LDG_ENOMEM, _("out of memory"));
		goto fail;
	}
	*out = x;
	return 0;
fail:
	imp_xlsx_close(x);
	return rc < 0 ? rc : LDG_EINPUT;
}

/* imp_xlsx_next: see xlsxread.h. */
int imp_xlsx_next(struct imp_xlsx *x, struct imp_record **rec, struct ldg_err *err)
{
	for (;;) {
		enum XML_Status st;

		if (x->row_ready) {
			x->row_ready = 0;
			*rec = &x->rec;
			return 1;
		}
		if (x->done)
			return 0;
		if (x->cb_rc)
			return xml_error(x, x->p, x->sheet_path, err);
		if (x->suspended) {
			st = XML_ResumeParser(x->p);
		} else {
			void *buf = XML_GetBuffer(x->p, CHUNK);
			size_t n;
			int rc;

			if (!buf)
				return ldg_err_set(err, LDG_ENOMEM, _("out of memory"));
			if ((rc = part_read(x, &x->sp, buf, CHUNK, &n, err))) {
				x->cb_rc = rc;
				x->cb_err = *err;
				return rc;
			}
			x->final_fed = n == 0;
			st = XML_ParseBuffer(x->p, (int)n, x->final_fed);
		}
		if (st == XML_STATUS_ERROR) {
			int rc = xml_error(x, x->p, x->sheet_path, err);

			x->cb_rc = rc;
			if (err)
				x->cb_err = *err;
			return rc;
		}
		x->suspended = st == XML_STATUS_SUSPENDED;
		if (!x->suspended && x->final_fed)
			x->done = 1;
	}
}

const char *imp_xlsx_sheet(const struct imp_xlsx *x)
{
	return x->sheet_name;
}

long long imp_xlsx_pos(const struct imp_xlsx *x)
{
	return x->sp.got;
}

long long imp_xlsx_size(const struct imp_xlsx *x)
{
	return x->sp.size;
}

/* imp_xlsx_close: see xlsxread.h. */
void imp_xlsx_close(struct imp_xlsx *x)
{
	int i;

	if (!x)
		return;
	if (x->p)
		XML_ParserFree(x->p);
	part_close(&x->sp);
	if (x->zip)
		zip_discard(x->zip);
	for (i = 0; i < x->nsheets; i++) {
		free(x->sheets[i].name);
		free(x->sheets[i].rid);
	}
	free(x->sheets);
	for (i = 0; i < x->nrels; i++) {
		free(x->rels[i].id);
		free(x->rels[i].target);
		free(x->rels[i].type);
	}
	free(x->rels);
	free(x->sst);
	free(x->sst_off);
	free(x->fmts);
	free(x->xf_fmt);
	free(x->xf_kind);
	free(x->cbuf);
	free(x->rbuf);
	free(x->roff);
	free(x->rkind);
	free(x->fields);
	free(x);
}
