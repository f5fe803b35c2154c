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
#include "ledger/text.h"

#define CHUNK 65536
#define CSV_ROW_NOT_BEGUN 0   /* libcsv.c: #define ROW_NOT_BEGUN 0 */

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
};

/*
 * Grow *buf to hold need elements of elem bytes (doubling); -1 when out of
 * memory.
 */
static int grow(void **buf, size_t *cap, size_t need, size_t elem)
{
	size_t n = *cap ? *cap : 256;
	void *p;

	if (need <= *cap)
		return 0;
	while (n < need)
		n *= 2;
	if (!(p = realloc(*buf, n * elem)))
		return -1;
	*buf = p;
	*cap = n;
	return 0;
}

/* libcsv field callback: append a field (s NULL for an empty one). */
static void on_field(void *s, size_t len, void *data)
{
	struct imp_csv *r = data;
	size_t ncap = (size_t)r->nfcap;

	if (r->oom)
		return;
	if (grow((void **)&r->foff, &ncap, (size_t)r->nf + 1, sizeof(size_t))) {
		r->oom = 1;
		return;
	}
	r->nfcap = (int)ncap;
	if (!s) {
		r->foff[r->nf++] = (size_t)-1;
		return;
	}
	if (grow((void **)&r->fbuf, &r->fcap, r->flen + len + 1, 1)) {
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

/* 1 when the whole file is valid UTF-8 (a first pass; rewinds). */
static int file_is_utf8(FILE *f)
{
	unsigned char buf[CHUNK + 4];
	size_t carry = 0, n;
	int ok = 1;

	while (ok && (n = fread(buf + carry, 1, CHUNK, f)) > 0) {
		size_t len = carry + n, cut = len, k;

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
		if (!ldg_utf8_valid((const char *)buf, cut))
			ok = 0;
		carry = len - cut;
		memmove(buf, buf + cut, carry);
	}
	if (carry)
		ok = 0;
	rewind(f);
	return ok;
}

/* imp_csv_open: see csvread.h. */
int imp_csv_open(const char *path, const char *name, enum imp_encoding enc,
		 struct imp_csv **out, struct ldg_err *err)
{
	struct imp_csv *r;
	struct stat sb;

	*out = NULL;
	if (!(r = calloc(1, sizeof(*r))))
		return ldg_err_set(err, LDG_ENOMEM, "out of memory");
	r->cd = (iconv_t)-1;
	snprintf(r->name, sizeof(r->name), "%s", name ? name : path);
	if (!(r->f = fopen(path, "rb"))) {
		ldg_err_set(err, LDG_EIO, "cannot open '%s': %s", path, strerror(errno));
		free(r);
		return LDG_EIO;
	}
	if (fstat(fileno(r->f), &sb) == 0)
		r->size = (long long)sb.st_size;
	if (enc == IMP_ENC_AUTO)
		enc = file_is_utf8(r->f) ? IMP_ENC_UTF8 : IMP_ENC_GB18030;
	else if (enc == IMP_ENC_UTF8)
		r->check_utf8 = 1;
	r->enc = enc;
	if (enc == IMP_ENC_GB18030 && (r->cd = iconv_open("UTF-8", "GB18030")) == (iconv_t)-1) {
		ldg_err_set(err, LDG_EIO, "cannot convert from GB18030: %s", strerror(errno));
		imp_csv_close(r);
		return LDG_EIO;
	}
	if (csv_init(&r->p, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL
			     | CSV_EMPTY_IS_NULL) != 0) {
		imp_csv_close(r);
		return ldg_err_set(err, LDG_ENOMEM, "out of memory");
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
				return ldg_err_set(err, LDG_EIO, "cannot read '%s': %s",
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
	if (grow((void **)&r->dbuf, &r->dcap, need, 1))
		return ldg_err_set(err, LDG_ENOMEM, "out of memory");
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

			ldg_err_set(err, LDG_EINPUT, "not valid %s text",
				    errno == E2BIG ? "(too long)" : "GB18030");
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
 * The next physical line in dbuf: *p and *n (with its line end).  Returns 1,
 * 0 at the end, or a negative code.
 */
static int next_line(struct imp_csv *r, const char **p, size_t *n, struct ldg_err *err)
{
	for (;;) {
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
		rc = fill(r, err);
		if (rc < 0)
			return rc;
		if (rc == 0) {
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
	if (grow((void **)&r->raw, &r->rawcap, r->rawlen + n + 1, 1))
		return -1;
	memcpy(r->raw + r->rawlen, p, n);
	r->rawlen += n;
	r->raw[r->rawlen] = '\0';
	return 0;
}

/* 1 when every field of the assembled record is empty or blank. */
static int record_blank(const struct imp_csv *r)
{
	int i;

	for (i = 0; i < r->nf; i++) {
		const char *s;

		if (r->foff[i] == (size_t)-1)
			continue;
		for (s = r->fbuf + r->foff[i]; *s; s++)
			if (*s != ' ' && *s != '\t' && *s != '\r' && *s != '\n')
				return 0;
	}
	return 1;
}

/* Hand out the assembled record. */
static int hand_out(struct imp_csv *r, struct imp_record **rec, struct ldg_err *err)
{
	size_t cap = (size_t)r->fieldscap;
	int i;

	if (grow((void **)&r->fields, &cap, (size_t)r->nf + 1, sizeof(char *)))
		return ldg_err_set(err, LDG_ENOMEM, "out of memory");
	r->fieldscap = (int)cap;
	for (i = 0; i < r->nf; i++)
		r->fields[i] = r->foff[i] == (size_t)-1 ? NULL : r->fbuf + r->foff[i];
	r->rec.line = r->rec_line;
	r->rec.end_line = r->line;
	r->rec.nfields = r->nf;
	r->rec.fields = r->fields;
	r->rec.raw = r->raw ? r->raw : "";
	r->rec.rawlen = r->rawlen;
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
	char col[16] = "", value[128];
	int quoted = 0, field = 1;

	if (r->p.pstate == CSV_ROW_NOT_BEGUN) {
		for (i = 0; i < bad; i++) {
			if (p[i] == '"')
				quoted = !quoted;
			else if (p[i] == ',' && !quoted) {
				field++;
				start = i + 1;
			}
		}
		snprintf(col, sizeof(col), "%d", field);
	} else {
		start = 0;
	}
	for (i = start; i < n && p[i] != ',' && p[i] != '\r' && p[i] != '\n'
	     && k + 5 < sizeof(value); i++) {
		unsigned char ch = (unsigned char)p[i];

		if (ch >= 0x20 && ch < 0x7F)
			value[k++] = (char)ch;
		else
			k += (size_t)snprintf(value + k, sizeof(value) - k, "\\x%02X", ch);
	}
	value[k] = '\0';
	ldg_err_set(err, LDG_EINPUT, "not valid UTF-8 text at byte %zu of the line"
		    " (try --encoding gb18030 or auto)", bad + 1);
	ldg_err_value(err, value);
	ldg_err_place(err, r->name, r->line, col[0] ? col : NULL);
	return LDG_EINPUT;
}

/* imp_csv_next: see csvread.h. */
int imp_csv_next(struct imp_csv *r, struct imp_record **rec, struct ldg_err *err)
{
	const char *p;
	size_t n;
	int rc;

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
				ldg_err_set(err, LDG_EINPUT, "a quoted field is not closed");
				ldg_err_place(err, r->name, r->rec_line, NULL);
				return LDG_EINPUT;
			}
			if (r->oom)
				return ldg_err_set(err, LDG_ENOMEM, "out of memory");
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
		}
		if (raw_add(r, p, n))
			return ldg_err_set(err, LDG_ENOMEM, "out of memory");
		if (csv_parse(&r->p, p, n, on_field, on_row, r) != n) {
			if (csv_error(&r->p) == CSV_ENOMEM)
				return ldg_err_set(err, LDG_ENOMEM, "out of memory");
			ldg_err_set(err, LDG_EINPUT, "malformed CSV: a quote inside an unquoted"
				    " field, or text after a closing quote");
			ldg_err_place(err, r->name, r->line, NULL);
			return LDG_EINPUT;
		}
		if (r->oom)
			return ldg_err_set(err, LDG_ENOMEM, "out of memory");
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
		return ldg_err_set(err, LDG_ENOMEM, "out of memory");
	if (enc != IMP_ENC_GB18030) {
		memcpy(buf, text, len);
		*out = buf;
		*outlen = len;
		return 0;
	}
	if ((cd = iconv_open("GB18030", "UTF-8")) == (iconv_t)-1) {
		free(buf);
		return ldg_err_set(err, LDG_EIO, "cannot convert to GB18030: %s", strerror(errno));
	}
	o = buf;
	oleft = cap;
	if (iconv(cd, &in, &inleft, &o, &oleft) == (size_t)-1) {
		iconv_close(cd);
		free(buf);
		return ldg_err_set(err, LDG_EINPUT, "text cannot be written as GB18030");
	}
	iconv_close(cd);
	*out = buf;
	*outlen = cap - oleft;
	return 0;
}
