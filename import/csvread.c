/*
 * csvread.c — see csvread.h.
 *
 * The pipeline: fread 64 KiB → SHA-256 → decode to UTF-8 (copy, or iconv
 * from GB18030) → cut into physical lines (LF, CRLF or a lone CR) → feed
 * libcsv one line at a time.  Feeding by line is what gives line numbers:
 * when libcsv is between records at the start of a line (pstate 0, libcsv's
 * ROW_NOT_BEGUN), a record that begins in this line begins here.
 */
#include <errno.h>
#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <csv.h>

#include "import/csvread.h"
#include "import/sha256.h"
#include "ledger/grow.h"
#include "ledger/text.h"
#include "ledger/lang.h"

#define CHUNK 65536
#define CSV_ROW_NOT_BEGUN 0   /* libcsv.c: #define ROW_NOT_BEGUN 0 */
#define CSV_FIELD_BEGUN 2     /* libcsv.c: #define FIELD_BEGUN 2 */
#define DELIM_SCAN_LINES 30   /* lines looked at to choose the delimiter */

struct imp_csv {
	FILE *f;
	char name[512];              /* for messages */
	enum imp_encoding enc;       /* UTF8 or GB18030 */
	int check_utf8;              /* UTF-8 forced: check each line (auto
				      * checked the whole file already) */
	int had_bom;
	long long size, pos;         /* file size, bytes read */
	struct imp_sha256 sha;
	char sha_hex[65];
	int raw_eof;                 /* fread saw the end */
	iconv_t cd;                  /* GB18030 → UTF-8, or (iconv_t)-1 */
	unsigned char rbuf[CHUNK + 16]; /* raw bytes not yet decoded */
	size_t rlen;
	char *dbuf;                  /* decoded text */
	size_t dcap, dstart, dend;
	int started;                 /* BOM check done */
	long line;                   /* physical lines fed so far */
	struct csv_parser p;
	int fini_done;
	/* the record being assembled */
	char *fbuf;                  /* field bytes, each NUL-terminated */
	size_t fcap, flen;
	size_t *foff;                /* offset of each field in fbuf, or SIZE_MAX for NULL */
	int nf, nfcap;
	const char **fields;         /* handed out in rec */
	int fieldscap;
	char *raw;                   /* the record's lines */
	size_t rawcap, rawlen;
	int row_done, oom;
	long rec_line;
	struct imp_record rec;
	int handed_out;              /* a record was returned: reset before the next */
	int mixed;                   /* auto found UTF-8 with some bytes that are
				      * not: refused at the first such line */
	long mb_valid, mb_invalid;   /* auto's count: valid multi-byte UTF-8
				      * sequences, bytes that are not UTF-8 */
	char delim;                  /* ',' or '\t' (chosen from the first lines) */
	int delim_done;
	long quote_line;             /* line where the open quoted field began */
	size_t *lens;                /* byte length of each field (NUL inside) */
	size_t lenscap;
	const char *const *labels;   /* header text per column (imp_csv_set_labels) */
	int nlabels;
};

/* libcsv field callback: append a field (s NULL for an empty one). */
static void on_field(void *s, size_t len, void *data)
{
	struct imp_csv *r = data;
	size_t ncap = (size_t)r->nfcap;

	if (r->oom)
		return;
	if (ldg_grow((void **)&r->foff, &ncap, (size_t)r->nf + 1, sizeof(size_t))) {
		r->oom = 1;
		return;
	}
	r->nfcap = (int)ncap;
	if (ldg_grow((void **)&r->lens, &r->lenscap, (size_t)r->nf + 1, sizeof(size_t))) {
		r->oom = 1;
		return;
	}
	r->lens[r->nf] = s ? len : 0;
	if (!s) {
		r->foff[r->nf++] = (size_t)-1;
		return;
	}
	if (ldg_grow((void **)&r->fbuf, &r->fcap, r->flen + len + 1, 1)) {
		r->oom = 1;
		return;
	}
	memcpy(r->fbuf + r->flen, s, len);
	r->foff[r->nf++] = r->flen;
	r->flen += len;
	r->fbuf[r->flen++] = '\0';
}

/* libcsv row callback. */
static void on_row(int c, void *data)
{
	struct imp_csv *r = data;

	(void)c;
	r->row_done = 1;
}

/*
 * --encoding auto's first pass (rewinds): count the valid multi-byte UTF-8
 * sequences and the bytes that are not UTF-8 (each bad byte is counted and
 * skipped).  A file without a bad byte is UTF-8; docs/decisions.md says how
 * the two counts decide between "mixed" and GB18030.
 */
static void utf8_census(FILE *f, long *valid, long *invalid)
{
	unsigned char buf[CHUNK + 4];
	size_t carry = 0, n;

	*valid = *invalid = 0;
	while ((n = fread(buf + carry, 1, CHUNK, f)) > 0) {
		size_t len = carry + n, cut = len, k, i = 0;

		/* keep an incomplete trailing sequence for the next round */
		for (k = 1; k <= 3 && k <= len; k++) {
			unsigned char c = buf[len - k];

			if ((c & 0xC0) == 0x80)
				continue;
			if (c >= 0xC0) {
				size_t need = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;

				if (need > k)
					cut = len - k;
			}
			break;
		}
		while (i < cut) {
			size_t ok = ldg_utf8_prefix((const char *)buf + i, cut - i), j;

			for (j = i; j < i + ok; j++)
				if (buf[j] >= 0xC0)
					(*valid)++;
			i += ok;
			if (i < cut) {
				(*invalid)++;
				i++;
			}
		}
		carry = len - cut;
		memmove(buf, buf + cut, carry);
	}
	*invalid += (long)carry;
	rewind(f);
}

/*
 * What the first bytes say the file is, before any decoding: 1 for UTF-16
 * LE, 2 for UTF-16 BE (a byte order mark), 0 for text; an Excel workbook
 * (a zip: .xlsx; an OLE2 compound file: .xls) is refused by name.  Rewinds.
 */
static int sniff(struct imp_csv *r, struct ldg_err *err)
{
	unsigned char m[8] = { 0 };
	size_t n = fread(m, 1, sizeof(m), r->f);

	rewind(r->f);
	if (n >= 4 && memcmp(m, "PK\x03\x04", 4) == 0) {
		ldg_err_set(err, LDG_EINPUT, _("this is an Excel workbook (.xlsx, a zip file),"
			    " not CSV text: open it in Excel or WPS and save it as CSV"));
		ldg_err_place(err, r->name, 0, NULL);
		return LDG_EINPUT;
	}
	if (n >= 8 && memcmp(m, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8) == 0) {
		ldg_err_set(err, LDG_EINPUT, _("this is an Excel workbook (.xls, an OLE2 compound"
			    " file), not CSV text: open it in Excel or WPS and save it as CSV"));
		ldg_err_place(err, r->name, 0, NULL);
		return LDG_EINPUT;
	}
	if (n >= 2 && m[0] == 0xFF && m[1] == 0xFE)
		return 1;
	if (n >= 2 && m[0] == 0xFE && m[1] == 0xFF)
		return 2;
	return 0;
}

/* The iconv name of a decoded encoding (NULL: UTF-8, no conversion). */
static const char *iconv_name(enum imp_encoding enc)
{
	switch (enc) {
	case IMP_ENC_GB18030: return "GB18030";
	case IMP_ENC_UTF16LE: return "UTF-16LE";
	case IMP_ENC_UTF16BE: return "UTF-16BE";
	default: return NULL;
	}
}

/* imp_csv_open: see csvread.h. */
int imp_csv_open(const char *path, const char *name, enum imp_encoding enc,
		 struct imp_csv **out, struct ldg_err *err)
{
	struct imp_csv *r;
	struct stat sb;

	*out = NULL;
	if (!(r = calloc(1, sizeof(*r))))
		return ldg_err_set(err, LDG_ENOMEM, _("out of memory"));
	r->cd = (iconv_t)-1;
	snprintf(r->name, sizeof(r->name), "%s", name ? name : path);
	if (!(r->f = fopen(path, "rb"))) {
		ldg_err_set(err, LDG_EIO, _("cannot open '%s': %s"), path, strerror(errno));
		free(r);
		return LDG_EIO;
	}
	if (fstat(fileno(r->f), &sb) == 0)
		r->size = (long long)sb.st_size;
	r->delim = ',';
	switch (sniff(r, err)) {
	case 1: enc = IMP_ENC_UTF16LE; break;   /* the byte order mark wins */
	case 2: enc = IMP_ENC_UTF16BE; break;
	case 0: break;
	default:
		imp_csv_close(r);
		return LDG_EINPUT;
	}
	if (enc == IMP_ENC_AUTO) {
		utf8_census(r->f, &r->mb_valid, &r->mb_invalid);
		/* docs/decisions.md "Mixed encodings": most multi-byte text
		 * valid UTF-8 is a UTF-8 file with a foreign cell */
		if (r->mb_invalid == 0) {
			enc = IMP_ENC_UTF8;
		} else if (r->mb_valid > r->mb_invalid) {
			enc = IMP_ENC_UTF8;
			r->mixed = 1;
			r->check_utf8 = 1;
		} else {
			enc = IMP_ENC_GB18030;
		}
	} else if (enc == IMP_ENC_UTF8) {
		r->check_utf8 = 1;
	}
	r->enc = enc;
	if (iconv_name(enc) && (r->cd = iconv_open("UTF-8", iconv_name(enc))) == (iconv_t)-1) {
		ldg_err_set(err, LDG_EIO, _("cannot convert from %s: %s"), iconv_name(enc),
			    strerror(errno));
		imp_csv_close(r);
		return LDG_EIO;
	}
	if (csv_init(&r->p, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL
			     | CSV_EMPTY_IS_NULL) != 0) {
		imp_csv_close(r);
		return ldg_err_set(err, LDG_ENOMEM, _("out of memory"));
	}
	imp_sha256_init(&r->sha);
	*out = r;
	return 0;
}

/* imp_csv_close: see csvread.h. */
void imp_csv_close(struct imp_csv *r)
{
	if (!r)
		return;
	if (r->f)
		fclose(r->f);
	if (r->cd != (iconv_t)-1)
		iconv_close(r->cd);
	csv_free(&r->p);
	free(r->dbuf);
	free(r->fbuf);
	free(r->foff);
	free(r->fields);
	free(r->raw);
	free(r->lens);
	free(r);
}

/* imp_csv_encoding: see csvread.h. */
enum imp_encoding imp_csv_encoding(const struct imp_csv *r) { return r->enc; }
/* imp_csv_had_bom: see csvread.h. */
int imp_csv_had_bom(const struct imp_csv *r) { return r->had_bom; }
long long imp_csv_pos(const struct imp_csv *r) { return r->pos; }
long long imp_csv_size(const struct imp_csv *r) { return r->size; }
/* imp_csv_sha256: see csvread.h. */
const char *imp_csv_sha256(const struct imp_csv *r) { return r->sha_hex; }
/* imp_csv_delimiter: see csvread.h. */
char imp_csv_delimiter(const struct imp_csv *r) { return r->delim; }

/* imp_csv_set_labels: see csvread.h. */
void imp_csv_set_labels(struct imp_csv *r, int n, const char *const *labels)
{
	r->labels = labels;
	r->nlabels = labels ? n : 0;
}

/* Count the line ends in [p, p+n) (for error places inside a chunk). */
static long count_lines(const char *p, size_t n)
{
	long k = 0;
	size_t i;

	for (i = 0; i < n; i++)
		if (p[i] == '\n' || (p[i] == '\r' && (i + 1 >= n || p[i + 1] != '\n')))
			k++;
	return k;
}

/*
 * Read and decode more text into dbuf.  Returns 1 when text was added, 0 at
 * the end of the file, or a negative code.
 */
static int fill(struct imp_csv *r, struct ldg_err *err)
{
	size_t n, need;

	if (r->raw_eof && r->rlen == 0)
		return 0;
	/* compact */
	if (r->dstart > 0) {
		memmove(r->dbuf, r->dbuf + r->dstart, r->dend - r->dstart);
		r->dend -= r->dstart;
		r->dstart = 0;
	}
	n = 0;
	if (!r->raw_eof) {
		n = fread(r->rbuf + r->rlen, 1, CHUNK, r->f);
		if (n < CHUNK) {
			if (ferror(r->f))
				return ldg_err_set(err, LDG_EIO, _("cannot read '%s': %s"),
						   r->name, strerror(errno));
			r->raw_eof = 1;
			imp_sha256_update(&r->sha, r->rbuf + r->rlen, n);
			imp_sha256_final(&r->sha, r->sha_hex);
		} else {
			imp_sha256_update(&r->sha, r->rbuf + r->rlen, n);
		}
		r->pos += (long long)n;
		r->rlen += n;
	}
	if (r->rlen == 0)
		return 0;
	need = r->dend + r->rlen * 2 + 16;   /* GB18030 → UTF-8 grows at most 2× */
	if (ldg_grow((void **)&r->dbuf, &r->dcap, need, 1))
		return ldg_err_set(err, LDG_ENOMEM, _("out of memory"));
	if (r->enc == IMP_ENC_UTF8) {
		memcpy(r->dbuf + r->dend, r->rbuf, r->rlen);
		r->dend += r->rlen;
		r->rlen = 0;
	} else {
		char *in = (char *)r->rbuf, *outp = r->dbuf + r->dend;
		size_t inleft = r->rlen, outleft = r->dcap - r->dend;

		if (iconv(r->cd, &in, &inleft, &outp, &outleft) == (size_t)-1
		    && !(errno == EINVAL && !r->raw_eof)) {
			long at = r->line + 1 + count_lines(r->dbuf + r->dstart,
				(size_t)(outp - (r->dbuf + r->dstart)));
			char bytes[64];

			ldg_text_escape(in, inleft < 8 ? inleft : 8, bytes, sizeof(bytes));
			ldg_err_set(err, LDG_EINPUT, _("not valid %s text%s"), iconv_name(r->enc),
				    r->enc == IMP_ENC_GB18030 ? " (nor UTF-8: try --encoding utf-8"
				    " to see where it is not)" : "");
			ldg_err_value(err, bytes);
			ldg_err_place(err, r->name, at, NULL);
			return LDG_EINPUT;
		}
		r->dend = (size_t)(outp - r->dbuf);
		memmove(r->rbuf, in, inleft);
		r->rlen = inleft;
	}
	if (!r->started && r->dend - r->dstart >= 3) {
		r->started = 1;
		if (memcmp(r->dbuf + r->dstart, "\xEF\xBB\xBF", 3) == 0) {
			r->had_bom = 1;
			r->dstart += 3;
		}
	}
	return 1;
}

/*
 * Choose the delimiter from the first lines of decoded text (import.md §1,
 * Excel's "Unicode text" and the banks' tab-separated .xls): count the tabs
 * and the commas outside quotes on each of the first DELIM_SCAN_LINES
 * lines; the widest line with tabs and no comma against the widest line
 * with commas and no tab.  The header row is the widest line of a file and
 * never holds both (a comma in a data cell, 1,234.50, does not count).
 */
static void choose_delim(struct imp_csv *r)
{
	const char *s = r->dbuf ? r->dbuf + r->dstart : "", *e = r->dbuf ? r->dbuf + r->dend : s;
	long best_tab = 0, best_comma = 0, tabs = 0, commas = 0;
	int lines = 0, quoted = 0;

	r->delim_done = 1;
	for (; s < e && lines < DELIM_SCAN_LINES; s++) {
		if (*s == '"')
			quoted = !quoted;
		else if (*s == '\t' && !quoted)
			tabs++;
		else if (*s == ',' && !quoted)
			commas++;
		if (*s == '\n' || *s == '\r' || s + 1 == e) {
			if (commas == 0 && tabs > best_tab)
				best_tab = tabs;
			if (tabs == 0 && commas > best_comma)
				best_comma = commas;
			tabs = commas = 0;
			quoted = 0;
			lines++;
		}
	}
	if (best_tab > best_comma) {
		r->delim = '\t';
		csv_set_delim(&r->p, '\t');
	}
}

/*
 * The next physical line in dbuf: *p and *n (with its line end).  Returns 1,
 * 0 at the end, or a negative code.  A line longer than IMP_CSV_RECORD_MAX
 * is an error (memory stays bounded whatever the file holds).
 */
static int next_line(struct imp_csv *r, const char **p, size_t *n, struct ldg_err *err)
{
	for (;;) {
		/* the first fill decodes a whole chunk: choose from it */
		if (!r->delim_done && r->dbuf && r->dend > r->dstart)
			choose_delim(r);
		/* before the first fill there is no buffer at all */
		const char *s = r->dbuf ? r->dbuf + r->dstart : "";
		const char *e = r->dbuf ? r->dbuf + r->dend : s;
		const char *lf = e > s ? memchr(s, '\n', (size_t)(e - s)) : NULL;
		const char *cr = e > s ? memchr(s, '\r', (size_t)((lf ? lf : e) - s)) : NULL;
		const char *end = NULL;
		int rc;

		if (cr && cr + 1 < e)
			end = cr[1] == '\n' ? cr + 2 : cr + 1;
		else if (!cr && lf)
			end = lf + 1;
		if (end) {
			*p = s;
			*n = (size_t)(end - s);
			r->dstart += *n;
			return 1;
		}
		if ((size_t)(e - s) > IMP_CSV_RECORD_MAX) {
			ldg_err_set(err, LDG_EINPUT, _("a line longer than %d MiB"),
				    IMP_CSV_RECORD_MAX >> 20);
			ldg_err_place(err, r->name, r->line + 1, NULL);
			return LDG_EINPUT;
		}
		rc = fill(r, err);
		if (rc < 0)
			return rc;
		if (rc == 0) {
			if (!r->delim_done)
				choose_delim(r);
			if (r->dend == r->dstart)
				return 0;
			*p = s;                 /* the last line, maybe without a line end */
			*n = (size_t)(e - s);
			r->dstart = r->dend;
			return 1;
		}
	}
}

/* Append a line to the raw text of the record. */
static int raw_add(struct imp_csv *r, const char *p, size_t n)
{
	if (ldg_grow((void **)&r->raw, &r->rawcap, r->rawlen + n + 1, 1))
		return -1;
	memcpy(r->raw + r->rawlen, p, n);
	r->rawlen += n;
	r->raw[r->rawlen] = '\0';
	return 0;
}

/*
 * 1 when every field of the assembled record is empty or blank to the eye
 * (import.md §1): spaces, tabs, line ends, U+3000 (what a Chinese input
 * method types), NBSP U+00A0.  A NUL byte is not blank.
 */
static int record_blank(const struct imp_csv *r)
{
	int i;

	for (i = 0; i < r->nf; i++) {
		const unsigned char *s, *e;

		if (r->foff[i] == (size_t)-1)
			continue;
		s = (const unsigned char *)r->fbuf + r->foff[i];
		e = s + r->lens[i];
		while (s < e) {
			if (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n')
				s++;
			else if (e - s >= 3 && s[0] == 0xE3 && s[1] == 0x80 && s[2] == 0x80)
				s += 3;
			else if (e - s >= 2 && s[0] == 0xC2 && s[1] == 0xA0)
				s += 2;
			else
				return 0;
		}
	}
	return 1;
}

/* Hand out the assembled record. */
static int hand_out(struct imp_csv *r, struct imp_record **rec, struct ldg_err *err)
{
	size_t cap = (size_t)r->fieldscap;
	int i;

	if (ldg_grow((void **)&r->fields, &cap, (size_t)r->nf + 1, sizeof(char *)))
		return ldg_err_set(err, LDG_ENOMEM, _("out of memory"));
	r->fieldscap = (int)cap;
	for (i = 0; i < r->nf; i++)
		r->fields[i] = r->foff[i] == (size_t)-1 ? NULL : r->fbuf + r->foff[i];
	r->rec.line = r->rec_line;
	r->rec.end_line = r->line;
	r->rec.nfields = r->nf;
	r->rec.fields = r->fields;
	r->rec.raw = r->raw ? r->raw : "";
	r->rec.rawlen = r->rawlen;
	r->rec.lens = r->lens;
	r->handed_out = 1;
	*rec = &r->rec;
	return 1;
}

/*
 * --encoding utf-8 on bytes that are not UTF-8 (import.md §1): refused at
 * the line, with the column (the field's number, counted on this line when
 * a record starts on it) and the field's bytes, non-ASCII ones as \xHH.
 */
static int utf8_fail(struct imp_csv *r, const char *p, size_t n, struct ldg_err *err)
{
	size_t bad = ldg_utf8_prefix(p, n), i, start = 0, k = 0;
	char col[256] = "", value[128];
	int quoted = 0, field = 1;

	if (r->p.pstate == CSV_ROW_NOT_BEGUN) {
		for (i = 0; i < bad; i++) {
			if (p[i] == '"')
				quoted = !quoted;
			else if (p[i] == r->delim && !quoted) {
				field++;
				start = i + 1;
			}
		}
		if (field <= r->nlabels && r->labels[field - 1] && r->labels[field - 1][0])
			snprintf(col, sizeof(col), "%s", r->labels[field - 1]);
		else
			snprintf(col, sizeof(col), "%d", field);
	} else {
		start = 0;
	}
	for (i = start; i < n && p[i] != r->delim && p[i] != '\r' && p[i] != '\n'
	     && k + 5 < sizeof(value); i++) {
		unsigned char ch = (unsigned char)p[i];

		if (ch >= 0x20 && ch < 0x7F)
			value[k++] = (char)ch;
		else
			k += (size_t)snprintf(value + k, sizeof(value) - k, "\\x%02X", ch);
	}
	value[k] = '\0';
	if (r->mixed)
		ldg_err_set(err, LDG_EINPUT, _("not UTF-8 text at byte %zu of the line, in a file"
			    " whose other text is UTF-8 (%ld characters UTF-8, %ld bytes not):"
			    " a cell saved in another encoding (GBK?); read as GB18030 every"
			    " name would be garbled, so correct that cell and save the file"
			    " as UTF-8 again"), bad + 1, r->mb_valid, r->mb_invalid);
	else
		ldg_err_set(err, LDG_EINPUT, _("not valid UTF-8 text at byte %zu of the line"
			    " (try --encoding gb18030 or auto)"), bad + 1);
	ldg_err_value(err, value);
	ldg_err_place(err, r->name, r->line, col[0] ? col : NULL);
	return LDG_EINPUT;
}

/* 1 when libcsv is inside a quoted field (a line end there is data). */
static int in_quotes(const struct imp_csv *r)
{
	return r->p.pstate == CSV_FIELD_BEGUN && r->p.quoted;
}

/* imp_csv_next: see csvread.h. */
int imp_csv_next(struct imp_csv *r, struct imp_record **rec, struct ldg_err *err)
{
	const char *p;
	size_t n;
	int rc, was_quoted, nf0;

	for (;;) {
		if (r->handed_out || (r->row_done && record_blank(r))) {
			r->handed_out = 0;
			r->row_done = 0;
			r->nf = 0;
			r->flen = 0;
		}
		if (r->fini_done)
			return 0;
		rc = next_line(r, &p, &n, err);
		if (rc < 0)
			return rc;
		if (rc == 0) {
			r->fini_done = 1;
			if (csv_fini(&r->p, on_field, on_row, r) != 0) {
				ldg_err_set(err, LDG_EINPUT, _("a quoted field is not closed"));
				ldg_err_place(err, r->name, r->quote_line ? r->quote_line
					      : r->rec_line, NULL);
				return LDG_EINPUT;
			}
			if (r->oom)
				return ldg_err_set(err, LDG_ENOMEM, _("out of memory"));
			if (r->row_done && !record_blank(r))
				return hand_out(r, rec, err);
			return 0;
		}
		r->line++;
		if (r->check_utf8 && ldg_utf8_prefix(p, n) != n)
			return utf8_fail(r, p, n, err);
		if (r->p.pstate == CSV_ROW_NOT_BEGUN) {
			r->rawlen = 0;
			r->rec_line = r->line;
			r->quote_line = 0;
		}
		if (r->rawlen + n > IMP_CSV_RECORD_MAX) {
			if (in_quotes(r)) {
				ldg_err_set(err, LDG_EINPUT, _("a quoted field is not closed (the record"
					    " runs past %d MiB at line %ld)"),
					    IMP_CSV_RECORD_MAX >> 20, r->line);
				ldg_err_place(err, r->name, r->quote_line ? r->quote_line
					      : r->rec_line, NULL);
			} else {
				ldg_err_set(err, LDG_EINPUT, _("a record longer than %d MiB"),
					    IMP_CSV_RECORD_MAX >> 20);
				ldg_err_place(err, r->name, r->rec_line, NULL);
			}
			return LDG_EINPUT;
		}
		if (raw_add(r, p, n))
			return ldg_err_set(err, LDG_ENOMEM, _("out of memory"));
		was_quoted = in_quotes(r);
		nf0 = r->nf;
		if (csv_parse(&r->p, p, n, on_field, on_row, r) != n) {
			if (csv_error(&r->p) == CSV_ENOMEM)
				return ldg_err_set(err, LDG_ENOMEM, _("out of memory"));
			ldg_err_set(err, LDG_EINPUT, _("malformed CSV: a quote inside an unquoted"
				    " field, or text after a closing quote"));
			ldg_err_place(err, r->name, r->line, NULL);
			return LDG_EINPUT;
		}
		if (r->oom)
			return ldg_err_set(err, LDG_ENOMEM, _("out of memory"));
		if (in_quotes(r) && (!was_quoted || r->nf != nf0))
			r->quote_line = r->line;   /* the open quote began on this line */
		if (r->row_done && !record_blank(r))
			return hand_out(r, rec, err);
	}
}

/* imp_encode: see csvread.h. */
int imp_encode(enum imp_encoding enc, const char *text, size_t len,
	       char **out, size_t *outlen, struct ldg_err *err)
{
	iconv_t cd;
	char *buf, *in = (char *)text, *o;
	size_t inleft = len, cap = len * 2 + 16, oleft;

	if (!(buf = malloc(cap)))
		return ldg_err_set(err, LDG_ENOMEM, _("out of memory"));
	if (!iconv_name(enc)) {
		memcpy(buf, text, len);
		*out = buf;
		*outlen = len;
		return 0;
	}
	if ((cd = iconv_open(iconv_name(enc), "UTF-8")) == (iconv_t)-1) {
		free(buf);
		return ldg_err_set(err, LDG_EIO, _("cannot convert to %s: %s"), iconv_name(enc),
				   strerror(errno));
	}
	o = buf;
	oleft = cap;
	if (iconv(cd, &in, &inleft, &o, &oleft) == (size_t)-1) {
		iconv_close(cd);
		free(buf);
		return ldg_err_set(err, LDG_EINPUT, _("text cannot be written as %s"), iconv_name(enc));
	}
	iconv_close(cd);
	*out = buf;
	*outlen = cap - oleft;
	return 0;
}
