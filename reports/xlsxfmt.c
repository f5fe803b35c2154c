/*
 * xlsxfmt.c — the shared workbook machinery of reports.md "Common to every
 * workbook": book lifecycle (temporary file, rename), formats, CJK column
 * widths, print setup, tables with totals and the sheet-row limit.
 */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include "ledger/lang.h"
#include "ledger/date.h"
#include "ledger/text.h"
#include "ledger/db.h"
#include "ledger/outpath.h"
#include "reports/xlsxfmt.h"

#define RPT_FONT "宋体"
#define RPT_WIDTH_MAX 50
#define RPT_AUTOFILTER_ROWS 30
#define RPT_STR_MAX 32767  /* characters Excel keeps in one cell */

/* ---- the book ---------------------------------------------------------- */

/*
 * The time the workbook is made: SOURCE_DATE_EPOCH when it is set to a
 * non-negative decimal integer (date in UTC, as ledger/db.c ldg_now does),
 * else now (local date).
 */
static void book_made(struct rpt_book *b)
{
	struct tm tm;
	time_t t = ldg_clock(&tm);

	b->made = t;
	strftime(b->made_date, sizeof b->made_date, "%Y-%m-%d", &tm);
}

/*
 * A format with the body font (宋体 11 pt) and, when border, thin borders
 * all round and vertical centring.  NULL when libxlsxwriter is out of memory.
 */
static lxw_format *fmt_new(lxw_workbook *wb, int border)
{
	lxw_format *f = workbook_add_format(wb);

	if (!f)
		return NULL;
	format_set_font_name(f, RPT_FONT);
	format_set_font_size(f, 11);
	format_set_align(f, LXW_ALIGN_VERTICAL_CENTER);
	if (border)
		format_set_border(f, LXW_BORDER_THIN);
	return f;
}

/* Create every format of struct rpt_formats; -1 when out of memory. */
static int formats_create(lxw_workbook *wb, struct rpt_formats *f)
{
	if (!(f->title = fmt_new(wb, 0)) || !(f->info_left = fmt_new(wb, 0))
	    || !(f->info_right = fmt_new(wb, 0)) || !(f->head = fmt_new(wb, 1))
	    || !(f->text = fmt_new(wb, 1)) || !(f->ident = fmt_new(wb, 1))
	    || !(f->center = fmt_new(wb, 1)) || !(f->integer = fmt_new(wb, 1))
	    || !(f->amount = fmt_new(wb, 1)) || !(f->date = fmt_new(wb, 1))
	    || !(f->pct = fmt_new(wb, 1)) || !(f->total_label = fmt_new(wb, 1))
	    || !(f->total_int = fmt_new(wb, 1)) || !(f->total_amount = fmt_new(wb, 1))
	    || !(f->line = fmt_new(wb, 0)) || !(f->note = fmt_new(wb, 0))
	    || !(f->note_head = fmt_new(wb, 0)) || !(f->wrap = fmt_new(wb, 1))
	    || !(f->draft = fmt_new(wb, 0)))
		return -1;
	format_set_text_wrap(f->wrap);
	format_set_bold(f->draft);
	format_set_font_size(f->draft, 14);
	format_set_font_color(f->draft, LXW_COLOR_RED);
	format_set_bold(f->title);
	format_set_font_size(f->title, 16);
	format_set_align(f->title, LXW_ALIGN_CENTER);
	format_set_align(f->title, LXW_ALIGN_VERTICAL_CENTER);
	format_set_text_wrap(f->title);   /* a title wider than its table wraps */
	format_set_font_size(f->info_left, 11);
	format_set_align(f->info_left, LXW_ALIGN_LEFT);
	format_set_font_size(f->info_right, 11);
	format_set_align(f->info_right, LXW_ALIGN_RIGHT);
	format_set_bold(f->head);
	format_set_align(f->head, LXW_ALIGN_CENTER);
	format_set_text_wrap(f->head);
	format_set_bg_color(f->head, 0xD9D9D9);
	format_set_num_format(f->ident, "@");
	format_set_align(f->center, LXW_ALIGN_CENTER);
	format_set_num_format(f->integer, "#,##0");
	format_set_num_format(f->amount, "#,##0.00");
	format_set_num_format(f->date, "yyyy-mm-dd");
	format_set_align(f->date, LXW_ALIGN_CENTER);
	format_set_num_format(f->pct, "0.00##");
	format_set_bold(f->total_label);
	format_set_align(f->total_label, LXW_ALIGN_CENTER);
	format_set_bold(f->total_int);
	format_set_num_format(f->total_int, "#,##0");
	format_set_bold(f->total_amount);
	format_set_num_format(f->total_amount, "#,##0.00");
	format_set_align(f->line, LXW_ALIGN_LEFT);
	format_set_font_size(f->note, 11);
	format_set_text_wrap(f->note);
	format_set_align(f->note, LXW_ALIGN_VERTICAL_TOP);
	format_set_bold(f->note_head);
	return 0;
}

static void book_release(struct rpt_book *b);

/*
 * libxlsxwriter reports its own failures on stderr ("[ERROR][file:line]:
 * ..."), which cli.md forbids (errors are one line each, "pledger: ...");
 * it has no option to be quiet.  Its calls that may fail on a write run
 * with stderr pointed at /dev/null; the failure comes back as its lxw_error
 * and pledger says it in its own words.  Returns the saved descriptor
 * (-1: nothing was redirected).
 */
static int quiet_begin(void)
{
	int saved, null;

	fflush(stderr);
	if ((saved = dup(STDERR_FILENO)) < 0)
		return -1;
	if ((null = open("/dev/null", O_WRONLY | O_CLOEXEC)) < 0) {
		close(saved);
		return -1;
	}
	dup2(null, STDERR_FILENO);
	close(null);
	return saved;
}

static void quiet_end(int saved)
{
	if (saved < 0)
		return;
	fflush(stderr);
	dup2(saved, STDERR_FILENO);
	close(saved);
}

/* Little-endian fields of a zip header. */
static uint32_t le16(const unsigned char *p) { return (uint32_t)p[0] | (uint32_t)p[1] << 8; }
static uint32_t le32(const unsigned char *p)
{
	return le16(p) | le16(p + 2) << 16;
}
static uint64_t le64(const unsigned char *p)
{
	return (uint64_t)le32(p) | (uint64_t)le32(p + 4) << 32;
}

/*
 * Inflate (method 8) or copy (method 0) csize bytes at the file's current
 * position; check the CRC and size the central directory gives, and, for a
 * worksheet, that the XML ends with </worksheet> (a constant-memory sheet
 * whose temporary file lost writes is a shorter XML with a right CRC).
 * Returns 0 or -1.
 */
static int zip_entry_ok(FILE *f, unsigned method, uint64_t csize, uint64_t usize,
			uint32_t crc, int sheet)
{
	unsigned char in[16384], out[32768], tail[16] = "";
	z_stream z;
	uint64_t left = csize, got = 0;
	uLong c = crc32(0, NULL, 0);
	int zrc = Z_OK, ok = -1;
	size_t n, tl = 0;

	memset(&z, 0, sizeof z);
	if (method != 0 && method != 8)
		return -1;
	if (method == 8 && inflateInit2(&z, -MAX_WBITS) != Z_OK)
		return -1;
	while (left > 0 || (method == 8 && zrc != Z_STREAM_END)) {
		size_t want = left < sizeof in ? (size_t)left : sizeof in;

		if (want == 0)
			goto out;  /* the deflate stream does not end */
		if ((n = fread(in, 1, want, f)) != want)
			goto out;
		left -= n;
		if (method == 0) {
			c = crc32(c, in, (uInt)n);
			got += n;
			tl = n < sizeof tail ? n : sizeof tail;
			memcpy(tail, in + n - tl, tl);
			continue;
		}
		z.next_in = in;
		z.avail_in = (uInt)n;
		do {
			size_t produced;

			z.next_out = out;
			z.avail_out = sizeof out;
			zrc = inflate(&z, Z_NO_FLUSH);
			if (zrc != Z_OK && zrc != Z_STREAM_END && zrc != Z_BUF_ERROR)
				goto out;
			produced = sizeof out - z.avail_out;
			c = crc32(c, out, (uInt)produced);
			got += produced;
			if (produced >= sizeof tail) {
				memcpy(tail, out + produced - sizeof tail, sizeof tail);
				tl = sizeof tail;
			} else if (produced) {
				size_t keep = tl + produced > sizeof tail ? sizeof tail - produced : tl;

				memmove(tail, tail + tl - keep, keep);
				memcpy(tail + keep, out, produced);
				tl = keep + produced;
			}
		} while (z.avail_out == 0 && zrc != Z_STREAM_END);
		if (zrc == Z_STREAM_END && left)
			goto out;
	}
	if (c != crc || got != usize)
		goto out;
	if (sheet) {
		static const char end[] = "</worksheet>";
		size_t el = sizeof end - 1;

		while (tl && (tail[tl - 1] == '\n' || tail[tl - 1] == '\r'))
			tl--;
		if (tl < el || memcmp(tail + tl - el, end, el) != 0)
			goto out;
	}
	ok = 0;
out:
	if (method == 8)
		inflateEnd(&z);
	return ok;
}

/*
 * Read the finished workbook back before it replaces anything: the end of
 * central directory record (zip64 too), every central directory entry, its
 * local header, and every entry's data against its CRC and size (see
 * zip_entry_ok).  libxlsxwriter does not check all its own writes.
 * Returns 0, or -1 when the file is not a whole zip.
 */
static int zip_verify(const char *path)
{
	unsigned char tailbuf[65536 + 22], h[64];
	unsigned char *cd = NULL;
	FILE *f = fopen(path, "rb");
	long size, back, i;
	uint64_t entries, cdsize, cdoff, eocd, k, pos;
	int ok = -1;

	if (!f || fseek(f, 0, SEEK_END) != 0 || (size = ftell(f)) < 22)
		goto out;
	back = size < (long)sizeof tailbuf ? size : (long)sizeof tailbuf;
	if (fseek(f, size - back, SEEK_SET) != 0 || fread(tailbuf, 1, (size_t)back, f) != (size_t)back)
		goto out;
	for (i = back - 22; i >= 0; i--)
		if (memcmp(tailbuf + i, "PK\5\6", 4) == 0)
			break;
	if (i < 0)
		goto out;
	eocd = (uint64_t)(size - back + i);
	entries = le16(tailbuf + i + 10);
	cdsize = le32(tailbuf + i + 12);
	cdoff = le32(tailbuf + i + 16);
	if (entries == 0xffff || cdsize == 0xffffffffu || cdoff == 0xffffffffu) {
		/* zip64: the locator stands just before the record */
		if (i < 20 || memcmp(tailbuf + i - 20, "PK\6\7", 4) != 0)
			goto out;
		eocd = le64(tailbuf + i - 20 + 8);
		if (fseek(f, (long)eocd, SEEK_SET) != 0 || fread(h, 1, 56, f) != 56
		    || memcmp(h, "PK\6\6", 4) != 0)
			goto out;
		entries = le64(h + 32);
		cdsize = le64(h + 40);
		cdoff = le64(h + 48);
	}
	if (entries == 0 || cdoff + cdsize > eocd || cdsize > (uint64_t)size
	    || !(cd = malloc(cdsize ? (size_t)cdsize : 1)))
		goto out;
	if (fseek(f, (long)cdoff, SEEK_SET) != 0 || fread(cd, 1, (size_t)cdsize, f) != cdsize)
		goto out;
	for (k = 0, pos = 0; k < entries; k++) {
		const unsigned char *e = cd + pos;
		uint64_t csize, usize, loff;
		unsigned nlen, xlen, clen, method;
		uint32_t crc;
		int sheet;

		if (pos + 46 > cdsize || memcmp(e, "PK\1\2", 4) != 0)
			goto out;
		method = le16(e + 10);
		crc = le32(e + 16);
		csize = le32(e + 20);
		usize = le32(e + 24);
		nlen = le16(e + 28);
		xlen = le16(e + 30);
		clen = le16(e + 32);
		loff = le32(e + 42);
		if (pos + 46 + nlen + xlen + clen > cdsize)
			goto out;
		{
			/* zip64 extra field: the sizes and offset that are 0xffffffff */
			const unsigned char *x = e + 46 + nlen, *xe = x + xlen;

			while (x + 4 <= xe) {
				unsigned id = le16(x), len = le16(x + 2);
				const unsigned char *v = x + 4;

				if (x + 4 + len > xe)
					break;
				if (id == 1) {
					if (usize == 0xffffffffu && v + 8 <= x + 4 + len)
						usize = le64(v), v += 8;
					if (csize == 0xffffffffu && v + 8 <= x + 4 + len)
						csize = le64(v), v += 8;
					if (loff == 0xffffffffu && v + 8 <= x + 4 + len)
						loff = le64(v);
				}
				x += 4 + len;
			}
		}
		sheet = nlen > 14 && memcmp(e + 46, "xl/worksheets/", 14) == 0
			&& memcmp(e + 46 + nlen - 4, ".xml", 4) == 0;
		if (loff + 30 > cdoff || fseek(f, (long)loff, SEEK_SET) != 0
		    || fread(h, 1, 30, f) != 30 || memcmp(h, "PK\3\4", 4) != 0
		    || fseek(f, (long)(le16(h + 26) + le16(h + 28)), SEEK_CUR) != 0
		    || (uint64_t)ftell(f) + csize > cdoff
		    || zip_entry_ok(f, method, csize, usize, crc, sheet))
			goto out;
		pos += 46 + nlen + xlen + clen;
	}
	ok = pos == cdsize ? 0 : -1;
out:
	free(cd);
	if (f)
		fclose(f);
	return ok;
}

int rpt_book_open(struct rpt_book *b, const char *path, int constant_memory,
		  long max_rows, const char *title, const char *company,
		  struct ldg_err *err)
{
	lxw_workbook_options opt = { 0 };
	lxw_doc_properties props = { 0 };
	lxw_error e;
	const char *slash;
	int q;

	memset(b, 0, sizeof *b);
	b->constant_memory = constant_memory != 0;
	b->max_rows = max_rows <= 0 || max_rows > RPT_SHEET_ROWS ? RPT_SHEET_ROWS : max_rows;
	if (b->max_rows < 8)
		b->max_rows = 8;
	book_made(b);
	/* only an absent path or a writable regular file (ledger/outpath.h) */
	if (ldg_out_check(path, NULL, NULL, err))
		return err ? err->code : LDG_EIO;
	if (!(b->path = strdup(path)))
		return ldg_err_set(err, LDG_ENOMEM, _("out of memory"));
	slash = strrchr(path, '/');
	if (!(b->tmpdir = slash ? strndup(path, (size_t)(slash - path) + 1) : strdup("."))) {
		free(b->path);
		b->path = NULL;
		return ldg_err_set(err, LDG_ENOMEM, _("out of memory"));
	}
	if (ldg_out_temp(path, &b->tmp, err)) {
		int rc = err ? err->code : LDG_EIO;

		book_release(b);
		return rc;
	}
	opt.constant_memory = (uint8_t)b->constant_memory;
	/* ZIP64 only where a sheet may pass 4 GB uncompressed: some readers balk at it. */
	opt.use_zip64 = (uint8_t)b->constant_memory;
	/* its temporary files (constant-memory sheets, the zip's parts) beside
	 * the output, not in a /tmp that may be small or full (issue 12) */
	opt.tmpdir = b->tmpdir;
	q = quiet_begin();
	b->wb = workbook_new_opt(b->tmp, &opt);
	quiet_end(q);
	if (!b->wb || formats_create(b->wb, &b->f)) {
		ldg_err_set(err, LDG_ENOMEM, _("out of memory"));
		goto fail;
	}
	props.title = (char *)(title ? title : "");
	props.company = (char *)(company ? company : "");
	props.comments = (char *)"pledger";
	props.created = b->made;
	if ((e = workbook_set_properties(b->wb, &props)) != LXW_NO_ERROR) {
		ldg_err_set(err, LDG_EIO, _("cannot write '%s': %s"), path, lxw_strerror(e));
		goto fail;
	}
	return 0;
fail:
	{
		int rc = err ? err->code : LDG_EIO;

		rpt_book_abort(b);
		return rc ? rc : LDG_EIO;
	}
}

/* Free the paths (after the workbook is gone). */
static void book_release(struct rpt_book *b)
{
	free(b->path);
	free(b->tmp);
	free(b->tmpdir);
	b->path = b->tmp = b->tmpdir = NULL;
}

void rpt_book_abort(struct rpt_book *b)
{
	if (b->wb) {
		lxw_workbook_free(b->wb);
		b->wb = NULL;
	}
	if (b->tmp)
		ldg_out_discard(b->tmp);
	book_release(b);
}

int rpt_book_close(struct rpt_book *b, struct ldg_err *err)
{
	int rc = b->rc, q;

	if (rc) {
		rpt_book_abort(b);
		goto out;
	}
	{
		lxw_error e;

		q = quiet_begin();
		e = workbook_close(b->wb);
		quiet_end(q);
		b->wb = NULL;  /* workbook_close frees it, even on failure */
		if (e != LXW_NO_ERROR) {
			rc = ldg_err_set(&b->err, LDG_EIO, _("cannot write '%s': %s"),
					 b->path, lxw_strerror(e));
			ldg_out_discard(b->tmp);
			goto out;
		}
	}
	if (ldg_io_fault_seen()) {
		/* a write of the workbook or of libxlsxwriter's temporary files
		 * went past the file size limit: the file may be truncated */
		rc = ldg_err_set(&b->err, LDG_EIO, _("cannot write '%s': %s"),
				 b->path, strerror(EFBIG));
		ldg_out_discard(b->tmp);
		goto out;
	}
	if (zip_verify(b->tmp) != 0) {
		/* a full disk or a lost write that libxlsxwriter did not report */
		rc = ldg_err_set(&b->err, LDG_EIO, _("cannot write '%s': the finished workbook"
				 " does not read back whole (disk full?); nothing was replaced"),
				 b->path);
		ldg_out_discard(b->tmp);
		goto out;
	}
	rc = ldg_out_commit(b->tmp, b->path, &b->err);
out:
	book_release(b);
	if (rc && err && !err->code)
		*err = b->err;
	return rc;
}

int rpt_book_fail(struct rpt_book *b, int code)
{
	if (!b->rc) {
		b->rc = code ? code : LDG_EIO;
		if (!b->err.code)
			ldg_err_set(&b->err, b->rc, "cannot write '%s'", b->path ? b->path : "");
	}
	return b->rc;
}

int rpt_book_lxw(struct rpt_book *b, lxw_error e, const char *what)
{
	if (e != LXW_NO_ERROR && !b->rc) {
		ldg_err_set(&b->err, LDG_EIO, _("cannot write '%s': %s: %s"),
			    b->path ? b->path : "", what, lxw_strerror(e));
		b->rc = LDG_EIO;
	}
	return b->rc;
}

double rpt_xlsx_number(int64_t v, int64_t scale)   /* xlsx-boundary */
{
	return scale == 1 ? (double)v : (double)v / (double)scale;   /* xlsx-boundary */
}

lxw_worksheet *rpt_sheet_add(struct rpt_book *b, const char *name)
{
	lxw_worksheet *ws;
	lxw_error e;

	if (b->rc)
		return NULL;
	if ((e = workbook_validate_sheet_name(b->wb, name)) != LXW_NO_ERROR) {
		ldg_err_set(&b->err, LDG_EIO, _("cannot write '%s': sheet '%s': %s"),
			    b->path, name, lxw_strerror(e));
		b->rc = LDG_EIO;
		return NULL;
	}
	if (!(ws = workbook_add_worksheet(b->wb, name))) {
		ldg_err_set(&b->err, LDG_ENOMEM, _("cannot write '%s': sheet '%s': out of memory"),
			    b->path, name);
		b->rc = LDG_ENOMEM;
		return NULL;
	}
	/* Rows a little taller than Excel's 15 pt: 宋体 needs the room. */
	worksheet_set_default_row(ws, 18, LXW_FALSE);
	worksheet_set_paper(ws, 9);  /* A4 */
	worksheet_fit_to_pages(ws, 1, 0);
	worksheet_center_horizontally(ws);
	worksheet_set_margins(ws, 0.5, 0.5, 0.75, 0.75);
	rpt_book_lxw(b, worksheet_set_footer(ws, "&C第 &P 页 共 &N 页"), "footer");
	return b->rc ? NULL : ws;
}

/* Length in bytes of the UTF-8 sequence starting with byte c (1 if invalid). */
static int utf8_len(unsigned char c)
{
	return c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 1;
}

int rpt_text_width(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	int w = 0;

	if (!s)
		return 0;
	while (*p) {
		int n = utf8_len(*p), i;
		unsigned cp = *p;

		if (n > 1) {
			cp = *p & (0x7F >> n);
			for (i = 1; i < n && (p[i] & 0xC0) == 0x80; i++)
				cp = (cp << 6) | (p[i] & 0x3F);
			if (i < n)
				n = i;
		}
		/* Wide: CJK, Hangul, full-width forms, CJK punctuation. */
		w += (cp >= 0x1100 && (cp <= 0x115F || (cp >= 0x2E80 && cp <= 0xA4CF)
		      || (cp >= 0xAC00 && cp <= 0xD7A3) || (cp >= 0xF900 && cp <= 0xFAFF)
		      || (cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFF00 && cp <= 0xFF60)
		      || (cp >= 0xFFE0 && cp <= 0xFFE6) || cp >= 0x20000)) ? 2 : 1;
		p += n;
	}
	return w;
}

/* ---- tables ------------------------------------------------------------ */

/* Excel column letters of col (0-based) into buf (at least 4 bytes). */
static void col_name(int col, char *buf)
{
	char tmp[4];
	int n = 0, i;

	col++;
	while (col > 0 && n < 3) {
		int r = (col - 1) % 26;

		tmp[n++] = (char)('A' + r);
		col = (col - 1) / 26;
	}
	for (i = 0; i < n; i++)
		buf[i] = tmp[n - 1 - i];
	buf[n] = '\0';
}

/* The format of a data cell of column kind k. */
static lxw_format *kind_format(const struct rpt_formats *f, enum rpt_kind k)
{
	switch (k) {
	case RPT_IDENT: return f->ident;
	case RPT_CENTER: case RPT_SEQ: return f->center;
	case RPT_INT: return f->integer;
	case RPT_AMOUNT: case RPT_WAN: return f->amount;
	case RPT_DATE: return f->date;
	case RPT_PCT: return f->pct;
	case RPT_TEXT: break;
	}
	return f->text;
}

/* Widen column col to at least w units (capped). */
static void widen(struct rpt_table *t, int col, int w)
{
	if (t->fixed && t->fixed[col] > 0) {
		t->width[col] = t->fixed[col];
		return;
	}
	if (w > RPT_WIDTH_MAX)
		w = RPT_WIDTH_MAX;
	if (w > t->width[col])
		t->width[col] = w;
}

/* The sheet name of part n of the table into buf ("名", "名(2)", ...). */
static void part_name(const struct rpt_table *t, int n, char *buf, size_t sz)
{
	if (n <= 1)
		snprintf(buf, sz, "%s", t->name);
	else
		snprintf(buf, sz, "%s(%d)", t->name, n);
}

/*
 * Write a string into (row, col) after making it fit Excel: invalid UTF-8
 * bytes become U+FFFD, text beyond RPT_STR_MAX characters is cut.  A
 * string cell is never a formula, whatever it starts with.
 */
static int put_string(struct rpt_book *b, lxw_worksheet *ws, lxw_row_t row,
		      int col, const char *s, lxw_format *f)
{
	size_t len = strlen(s), chars = 0, i;
	int clean = ldg_utf8_valid(s, len);
	char *copy = NULL;
	lxw_error e;

	if (clean) {
		for (i = 0; i < len; i++)
			chars += ((unsigned char)s[i] & 0xC0) != 0x80;
		clean = chars <= RPT_STR_MAX;
	}
	if (!clean) {
		/* Rebuild: each invalid byte → EF BF BD, stop at RPT_STR_MAX characters. */
		size_t o = 0;

		if (!(copy = malloc(len * 3 + 1))) {
			b->rc = ldg_err_set(&b->err, LDG_ENOMEM, _("out of memory"));
			return b->rc;
		}
		chars = 0;
		for (i = 0; i < len && chars < RPT_STR_MAX; chars++) {
			int n = utf8_len((unsigned char)s[i]);

			if (n > 1 && i + (size_t)n <= len && ldg_utf8_valid(s + i, (size_t)n)) {
				memcpy(copy + o, s + i, (size_t)n);
				o += (size_t)n;
				i += (size_t)n;
			} else if ((unsigned char)s[i] < 0x80) {
				copy[o++] = s[i++];
			} else {
				memcpy(copy + o, "\xEF\xBF\xBD", 3);
				o += 3;
				i++;
			}
		}
		copy[o] = '\0';
		s = copy;
	}
	if (strstr(s, "_x")) {
		/*
		 * Excel reads "_xHHHH_" in a string as an escaped character;
		 * libxlsxwriter escapes control characters that way but leaves a
		 * literal "_x0041_" alone.  Escape its '_' as "_x005F_" so the
		 * text reads back as written.
		 */
		size_t n = strlen(s), o = 0;
		char *esc = malloc(n * 7 + 1);

		if (!esc) {
			free(copy);
			b->rc = ldg_err_set(&b->err, LDG_ENOMEM, _("out of memory"));
			return b->rc;
		}
		for (i = 0; i < n; i++) {
			if (s[i] == '_' && i + 6 < n && s[i + 1] == 'x' && isxdigit((unsigned char)s[i + 2])
			    && isxdigit((unsigned char)s[i + 3]) && isxdigit((unsigned char)s[i + 4])
			    && isxdigit((unsigned char)s[i + 5]) && s[i + 6] == '_') {
				memcpy(esc + o, "_x005F_", 7);
				o += 7;
			} else {
				esc[o++] = s[i];
			}
		}
		esc[o] = '\0';
		free(copy);
		copy = esc;
		s = copy;
	}
	e = worksheet_write_string(ws, row, (lxw_col_t)col, s, f);
	free(copy);
	return rpt_book_lxw(b, e, "cell");
}

/*
 * Write the title, the line under it and the header on the current sheet
 * t->ws from row 0, set frozen panes and repeated rows, and record the
 * sheet's first data row.
 */
static int table_head(struct rpt_table *t)
{
	struct rpt_book *b = t->b;
	const struct rpt_formats *f = &b->f;
	lxw_worksheet *ws = t->ws;
	lxw_col_t last = (lxw_col_t)(t->ncols - 1);
	lxw_row_t r = 0, h0;
	int c;

	/* a paper table wider than a page prints pages wide: its title and
	 * the line under it span the first page's columns, where they print */
	if (t->fixed) {
		int w = 0;

		for (c = 0; c < t->ncols && w + t->width[c] <= 120; c++)
			w += t->width[c];
		if (c < t->ncols && c > 1)
			last = (lxw_col_t)(c - 1);
	}

	if (t->title) {
		int lines = 1;

		if (t->fixed) {
			/* 16 pt: about 3 column units a character */
			for (c = 0, lines = 0; c < t->ncols; c++)
				lines += t->width[c] > 0 ? t->width[c] : t->fixed[c];
			lines = rpt_text_lines(t->title, lines * 2 / 3);
		}
		rpt_book_lxw(b, worksheet_set_row(ws, r, lines > 1 ? 22.0 * lines + 6 : 30, NULL), "title");
		if (last > 0)
			rpt_book_lxw(b, worksheet_merge_range(ws, r, 0, r, last, t->title, f->title), "title");
		else
			put_string(b, ws, r, 0, t->title, f->title);
		r++;
		if (t->info_left || t->info_right) {
			lxw_col_t mid = t->info_left && t->info_right ? (lxw_col_t)((last + 1) / 2) : 0;

			rpt_book_lxw(b, worksheet_set_row(ws, r, 20, NULL), "row");
			if (t->info_left) {
				lxw_col_t end = t->info_right ? (mid ? mid - 1 : 0) : last;

				if (end > 0)
					rpt_book_lxw(b, worksheet_merge_range(ws, r, 0, r, end,
						     t->info_left, f->info_left), "info");
				else
					put_string(b, ws, r, 0, t->info_left, f->info_left);
			}
			if (t->info_right) {
				lxw_col_t start = t->info_left ? mid : 0;

				if (start < last)
					rpt_book_lxw(b, worksheet_merge_range(ws, r, start, r, last,
						     t->info_right, f->info_right), "info");
				else
					put_string(b, ws, r, (int)start, t->info_right, f->info_right);
			}
			r++;
		}
	}
	h0 = r;
	for (c = 0; c < t->ncols && !b->rc; c++) {
		int hw = rpt_text_width(t->cols[c].head);

		/* Up to 8 characters on one line; a longer header wraps onto two. */
		widen(t, c, hw > 16 ? (hw + 1) / 2 + 3 : hw + 2);
	}
	if (t->head_rows == 1) {
		int tall = 0;

		for (c = 0; c < t->ncols; c++) {
			int lines = rpt_text_lines(t->cols[c].head, t->width[c]);

			if (rpt_text_width(t->cols[c].head) + 2 > t->width[c] && lines < 2)
				lines = 2;
			if (lines > tall)
				tall = lines;
		}
		rpt_book_lxw(b, worksheet_set_row(ws, r, tall > 1 ? 15.0 * tall : 20, NULL), "row");
		for (c = 0; c < t->ncols && !b->rc; c++)
			put_string(b, ws, r, c, t->cols[c].head, f->head);
	} else {
		int low = 30;

		/* the lower row as tall as its longest wrapped header needs (a
		 * header without a group spans both rows, the upper one 20 pt) */
		for (c = 0; c < t->ncols; c++) {
			int need = 15 * rpt_text_lines(t->cols[c].head, t->width[c]) + 3;

			if (!t->cols[c].group)
				need -= 20;
			if (need > low)
				low = need;
		}
		rpt_book_lxw(b, worksheet_set_row(ws, r, 20, NULL), "row");
		rpt_book_lxw(b, worksheet_set_row(ws, r + 1, low, NULL), "row");
		for (c = 0; c < t->ncols && !b->rc;) {
			const char *g = t->cols[c].group;
			int e = c;

			if (!g) {
				rpt_book_lxw(b, worksheet_merge_range(ws, r, (lxw_col_t)c, r + 1,
					     (lxw_col_t)c, t->cols[c].head, f->head), "header");
				c++;
				continue;
			}
			while (e + 1 < t->ncols && t->cols[e + 1].group
			       && strcmp(t->cols[e + 1].group, g) == 0)
				e++;
			if (e > c)
				rpt_book_lxw(b, worksheet_merge_range(ws, r, (lxw_col_t)c, r,
					     (lxw_col_t)e, g, f->head), "header");
			else
				put_string(b, ws, r, c, g, f->head);
			for (; c <= e; c++)
				put_string(b, ws, r + 1, c, t->cols[c].head, f->head);
		}
		r++;
	}
	r++;
	worksheet_freeze_panes(ws, r, 0);
	rpt_book_lxw(b, worksheet_repeat_rows(ws, h0, r - 1), "print titles");
	t->row = t->data_first = r;
	t->rows = 0;
	return b->rc;
}

/* Open part n of the table: add its sheet, record it, write the head. */
static int table_part(struct rpt_table *t, int n)
{
	char name[128];
	struct rpt_part *p;

	part_name(t, n, name, sizeof name);
	if (!(t->ws = rpt_sheet_add(t->b, name)))
		return t->b->rc;
	if (!(p = realloc(t->parts, sizeof *p * (size_t)(t->nparts + 1))))
		return rpt_book_fail(t->b, ldg_err_set(&t->b->err, LDG_ENOMEM, _("out of memory")));
	t->parts = p;
	t->part = n;
	if (table_head(t))
		return t->b->rc;
	p[t->nparts].first = t->data_first;
	p[t->nparts].last = t->data_first;
	p[t->nparts].rows = 0;
	p[t->nparts].ws = t->ws;
	p[t->nparts].filtered = 0;
	if (t->expect >= 0) {
		/* The rows this sheet will hold: what is left, up to what fits. */
		long left = t->expect - t->total_rows, room = t->b->max_rows - (long)t->data_first;
		long rows = left < room ? left : room;

		if (rows > (t->autofilter ? 0 : RPT_AUTOFILTER_ROWS)) {
			rpt_book_lxw(t->b, worksheet_autofilter(t->ws, t->data_first - 1, 0,
				     t->data_first + (lxw_row_t)rows - 1, (lxw_col_t)(t->ncols - 1)),
				     "autofilter");
			p[t->nparts].filtered = 1;
		}
	}
	t->nparts++;
	return t->b->rc;
}

int rpt_table_begin(struct rpt_table *t, struct rpt_book *b, const char *name,
		    const struct rpt_col *cols, int ncols, const char *title,
		    const char *info_left, const char *info_right)
{
	return rpt_table_begin_n(t, b, name, cols, ncols, title, info_left, info_right, -1);
}

/* rpt_table_begin_n() and rpt_table_begin_w() (widths may be NULL). */
static int begin_all(struct rpt_table *t, struct rpt_book *b, const char *name,
		     const struct rpt_col *cols, int ncols, const char *title,
		     const char *info_left, const char *info_right, long nrows,
		     const int *widths, int orient);

int rpt_table_begin_w(struct rpt_table *t, struct rpt_book *b, const char *name,
		      const struct rpt_col *cols, int ncols, const char *title,
		      const char *info_left, const char *info_right,
		      const int *widths, int orient)
{
	return begin_all(t, b, name, cols, ncols, title, info_left, info_right, -1,
			 widths, orient);
}

void rpt_table_no_repeat(struct rpt_table *t)
{
	int i;

	/* libxlsxwriter has no call to undo worksheet_repeat_rows(); its
	 * public struct says whether the print titles are written */
	for (i = 0; i < t->nparts; i++)
		t->parts[i].ws->repeat_rows.in_use = LXW_FALSE;
}

void rpt_table_round_wan(struct rpt_table *t)
{
	t->wan_round = 1;
}

void rpt_table_pages_wide(struct rpt_table *t, int n)
{
	t->pages_wide = n < 1 ? 1 : n;
}

int rpt_text_lines(const char *text, int width)
{
	int w = rpt_text_width(text), room = width > 2 ? width - 1 : 1;

	return w <= room ? 1 : (w + room - 1) / room;
}

int rpt_table_begin_n(struct rpt_table *t, struct rpt_book *b, const char *name,
		      const struct rpt_col *cols, int ncols, const char *title,
		      const char *info_left, const char *info_right, long nrows)
{
	return begin_all(t, b, name, cols, ncols, title, info_left, info_right, nrows, NULL, 0);
}

static int begin_all(struct rpt_table *t, struct rpt_book *b, const char *name,
		     const struct rpt_col *cols, int ncols, const char *title,
		     const char *info_left, const char *info_right, long nrows,
		     const int *widths, int orient)
{
	int c;

	memset(t, 0, sizeof *t);
	t->orient = orient;
	t->pages_wide = 1;
	t->b = b;
	t->expect = nrows < 0 ? -1 : nrows;
	t->cols = cols;
	t->ncols = ncols;
	t->head_rows = 1;
	if (b->rc)
		return b->rc;
	snprintf(t->name, sizeof t->name, "%s", name);
	for (c = 0; c < ncols; c++)
		if (cols[c].group)
			t->head_rows = 2;
	if (t->head_rows == 2 && b->constant_memory)
		return rpt_book_fail(b, ldg_err_set(&b->err, LDG_EIO,
			_("cannot write '%s': sheet '%s': merged headers need a normal-mode workbook"),
			b->path, name));
	if (!(t->width = calloc((size_t)ncols, sizeof *t->width))
	    || !(t->sum = calloc((size_t)ncols, sizeof *t->sum))
	    || (title && !(t->title = strdup(title)))
	    || (info_left && !(t->info_left = strdup(info_left)))
	    || (info_right && !(t->info_right = strdup(info_right)))
	    || (widths && !(t->fixed = calloc((size_t)ncols, sizeof *t->fixed))))
		return rpt_book_fail(b, ldg_err_set(&b->err, LDG_ENOMEM, _("out of memory")));
	if (widths)
		memcpy(t->fixed, widths, sizeof *t->fixed * (size_t)ncols);
	for (c = 0; c < ncols; c++)
		widen(t, c, cols[c].kind == RPT_DATE ? 12 : cols[c].kind == RPT_TEXT ? 8 : 6);
	return table_part(t, 1);
}

/* Close the current sheet's data range and continue on the next sheet. */
static int table_next(struct rpt_table *t)
{
	return table_part(t, t->part + 1);
}

int rpt_table_need(struct rpt_table *t, int n)
{
	if (t->b->rc)
		return t->b->rc;
	if ((long)t->row + n > t->b->max_rows)
		return table_next(t);
	return 0;
}

int rpt_row_begin(struct rpt_table *t)
{
	if (t->b->rc)
		return t->b->rc;
	if ((long)t->row >= t->b->max_rows && table_next(t))
		return t->b->rc;
	t->in_row = 1;
	return 0;
}

int rpt_row_end(struct rpt_table *t)
{
	if (t->b->rc)
		return t->b->rc;
	if (t->row_lines > 1)
		rpt_book_lxw(t->b, worksheet_set_row(t->ws, t->row, 15.0 * t->row_lines + 3, NULL),
			     "row");
	t->row_lines = 0;
	t->in_row = 0;
	t->parts[t->nparts - 1].last = t->row;
	t->parts[t->nparts - 1].rows++;
	t->row++;
	t->rows++;
	t->total_rows++;
	return 0;
}

/* Add v into column col's running total when it has one (checked). */
static int add_sum(struct rpt_table *t, int col, int64_t v)
{
	if (t->cols[col].total && __builtin_add_overflow(t->sum[col], v, &t->sum[col]))
		return rpt_book_fail(t->b, ldg_err_set(&t->b->err, LDG_ERANGE,
			_("total of column '%s' overflows"), t->cols[col].head));
	return 0;
}

int rpt_cell_text(struct rpt_table *t, int col, const char *s)
{
	if (t->b->rc)
		return t->b->rc;
	if (!s || !*s)
		return rpt_cell_blank(t, col);
	widen(t, col, rpt_text_width(s) + 2);
	if (t->fixed && t->fixed[col] > 0 && t->cols[col].kind == RPT_TEXT) {
		int lines = rpt_text_lines(s, t->fixed[col]);

		if (lines > t->row_lines)
			t->row_lines = lines;
		return put_string(t->b, t->ws, t->row, col, s, t->b->f.wrap);
	}
	return put_string(t->b, t->ws, t->row, col, s, kind_format(&t->b->f, t->cols[col].kind));
}

/* Width of an integer written with thousands separators and d decimals. */
static int num_width(int64_t v, int d)
{
	int digits = 1, w;
	uint64_t u = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;

	while (u >= 10) {
		u /= 10;
		digits++;
	}
	if (digits <= d)
		digits = d + 1;
	w = digits + (d ? 1 : 0) + (digits - d - 1) / 3 + (v < 0);
	return w;
}

int rpt_cell_fen(struct rpt_table *t, int col, int64_t fen)
{
	int wan = t->cols[col].kind == RPT_WAN;

	if (t->b->rc)
		return t->b->rc;
	if (wan && t->wan_round) {
		/* 万元 to 2 decimals is 100 yuan: half up (non-negative figures),
		 * and the total adds what is shown */
		int64_t cw = fen >= 0 ? (fen + 5000) / 10000 : -((-fen + 5000) / 10000);

		if (add_sum(t, col, cw * 10000))
			return t->b->rc;
		widen(t, col, num_width(cw / 100, 2) + 3);
		return rpt_book_lxw(t->b, worksheet_write_number(t->ws, t->row, (lxw_col_t)col,
			rpt_xlsx_number(cw, 100), t->b->f.amount), "cell");
	}
	if (add_sum(t, col, fen))
		return t->b->rc;
	/* Fen shown as yuan or 万元: the one place a double meets money. */
	widen(t, col, num_width(wan ? fen / 10000 : fen, 2) + 3);
	return rpt_book_lxw(t->b, worksheet_write_number(t->ws, t->row, (lxw_col_t)col,
		rpt_xlsx_number(fen, wan ? 1000000 : 100), t->b->f.amount), "cell");
}

int rpt_cell_int(struct rpt_table *t, int col, int64_t v)
{
	if (t->b->rc)
		return t->b->rc;
	if (add_sum(t, col, v))
		return t->b->rc;
	widen(t, col, num_width(v, 0) + 3);
	return rpt_book_lxw(t->b, worksheet_write_number(t->ws, t->row, (lxw_col_t)col,
		rpt_xlsx_number(v, 1), kind_format(&t->b->f, t->cols[col].kind)), "cell");
}

int rpt_cell_ppm(struct rpt_table *t, int col, int64_t ppm)
{
	if (t->b->rc)
		return t->b->rc;
	widen(t, col, num_width(ppm / 100, 2) + 3);
	return rpt_book_lxw(t->b, worksheet_write_number(t->ws, t->row, (lxw_col_t)col,
		rpt_xlsx_number(ppm, 10000), t->b->f.pct), "cell");
}

int rpt_cell_date(struct rpt_table *t, int col, int32_t day)
{
	int64_t serial = (int64_t)day + 25569;

	if (t->b->rc)
		return t->b->rc;
	/*
	 * Excel's 1900 date system: 1970-01-01 is serial 25569, counting
	 * Lotus 1-2-3's 1900-02-29 that never was as serial 60.  Before
	 * 1900-03-01 (serial 61) there is no such day to skip, so the serial
	 * is one less (1900-01-01 is 1, 1900-02-28 is 59).  A day Excel cannot
	 * show (before 1900 or after 9999) is written as its ISO text.
	 */
	if (serial < 61)
		serial--;
	if (serial < 1 || serial > 2958465) {
		char iso[LDG_DATE_BUFSZ];

		return rpt_cell_text(t, col, ldg_date_format(day, iso));
	}
	return rpt_book_lxw(t->b, worksheet_write_number(t->ws, t->row, (lxw_col_t)col,
		rpt_xlsx_number(serial, 1), t->b->f.date), "cell");
}

int rpt_cell_iso(struct rpt_table *t, int col, const char *iso)
{
	int y = 0, m = 0, d = 0, i;

	if (t->b->rc)
		return t->b->rc;
	if (!iso || !*iso)
		return rpt_cell_blank(t, col);
	/* Strict "YYYY-MM-DD" by hand: this runs for every date of a million rows. */
	for (i = 0; i < 10; i++) {
		char ch = iso[i];

		if (i == 4 || i == 7) {
			if (ch != '-')
				break;
		} else if (ch < '0' || ch > '9') {
			break;
		} else if (i < 4) {
			y = y * 10 + (ch - '0');
		} else if (i < 7) {
			m = m * 10 + (ch - '0');
		} else {
			d = d * 10 + (ch - '0');
		}
	}
	if (i < 10 || iso[10] != '\0' || !ldg_date_valid(y, m, d))
		return rpt_cell_text(t, col, iso);  /* not a date: keep the text as it is */
	return rpt_cell_date(t, col, ldg_date_from_ymd(y, m, d));
}

int rpt_cell_blank(struct rpt_table *t, int col)
{
	if (t->b->rc)
		return t->b->rc;
	return rpt_book_lxw(t->b, worksheet_write_blank(t->ws, t->row, (lxw_col_t)col,
		kind_format(&t->b->f, t->cols[col].kind)), "cell");
}

/*
 * The SUM formula of column col over the data rows of every sheet of the
 * table into buf: "=SUM(D5:D9)" for one sheet, "=SUM('名'!D5:D9,'名(2)'!D5:D7)"
 * for more.  Returns the number of ranges (0: no data rows at all).
 */
static int sum_formula(const struct rpt_table *t, int col, char *buf, size_t sz)
{
	char cn[8], sheet[128];
	size_t o;
	int i, n = 0;

	col_name(col, cn);
	o = (size_t)snprintf(buf, sz, "=SUM(");
	for (i = 0; i < t->nparts && o < sz; i++) {
		const struct rpt_part *p = &t->parts[i];

		if (p->rows == 0)
			continue;
		part_name(t, i + 1, sheet, sizeof sheet);
		if (t->nparts > 1)
			o += (size_t)snprintf(buf + o, sz - o, "%s'%s'!%s%u:%s%u", n ? "," : "",
					      sheet, cn, (unsigned)p->first + 1, cn,
					      (unsigned)p->last + 1);
		else
			o += (size_t)snprintf(buf + o, sz - o, "%s%s%u:%s%u", n ? "," : "", cn,
					      (unsigned)p->first + 1, cn, (unsigned)p->last + 1);
		n++;
	}
	if (o < sz)
		snprintf(buf + o, sz - o, ")");
	return n;
}

int rpt_table_total(struct rpt_table *t, const char *label, int64_t *totals)
{
	struct rpt_book *b = t->b;
	const struct rpt_formats *f = &b->f;
	int c, first = t->ncols;
	char formula[4096];

	if (rpt_table_need(t, 1))
		return b->rc;
	for (c = 0; c < t->ncols; c++)
		if (t->cols[c].total) {
			first = c;
			break;
		}
	if (first > 1)
		rpt_book_lxw(b, worksheet_merge_range(t->ws, t->row, 0, t->row,
			     (lxw_col_t)(first - 1), label, f->total_label), "total");
	else
		put_string(b, t->ws, t->row, 0, label, f->total_label);
	for (c = first > 1 ? first : 1; c < t->ncols && !b->rc; c++) {
		enum rpt_kind k = t->cols[c].kind;
		lxw_format *tf = k == RPT_INT ? f->total_int : f->total_amount;
		/* The cached result: the exact total in the column's unit. */
		int64_t scale = k == RPT_AMOUNT ? 100 : k == RPT_WAN ? 1000000 : 1;

		if (totals)
			totals[c] = t->sum[c];
		if (!t->cols[c].total) {
			rpt_book_lxw(b, worksheet_write_blank(t->ws, t->row, (lxw_col_t)c,
				     f->total_label), "total");
			continue;
		}
		if (sum_formula(t, c, formula, sizeof formula) == 0)
			rpt_book_lxw(b, worksheet_write_number(t->ws, t->row, (lxw_col_t)c, 0, tf),
				     "total");
		else
			rpt_book_lxw(b, worksheet_write_formula_num(t->ws, t->row, (lxw_col_t)c,
				     formula, tf, rpt_xlsx_number(t->sum[c], scale)), "total");
		widen(t, c, num_width(k == RPT_WAN ? t->sum[c] / 10000 : t->sum[c],
				      k == RPT_INT ? 0 : 2) + 3);
	}
	t->row++;
	return b->rc;
}

int rpt_table_line(struct rpt_table *t, const char *text, lxw_format *fmt)
{
	struct rpt_book *b = t->b;
	int c, span = t->ncols, w = 0;

	if (rpt_table_need(t, 1))
		return b->rc;
	if (!fmt)
		fmt = b->f.line;
	/* a table printed pages wide: a line spans the columns of the first
	 * page only (about 100 units), so it prints whole, not split in two */
	if (t->pages_wide > 1) {
		for (span = 0; span < t->ncols && w + t->width[span] <= 100; span++)
			w += t->width[span];
		if (span < 1)
			span = 1;
	} else {
		for (c = 0; c < t->ncols; c++)
			w += t->width[c];
	}
	if (text && *text && fmt == b->f.note) {
		/* a wrapped note shows whole: as many lines as it needs over the
		 * width it spans, one spare (reports.md "Text rows wrap") */
		int lines = rpt_text_lines(text, w) + (rpt_text_width(text) > w / 2 ? 1 : 0);

		rpt_book_lxw(b, worksheet_set_row(t->ws, t->row, 15.0 * lines + 3, NULL), "row");
	}
	if (text && *text) {
		if (span > 1)
			rpt_book_lxw(b, worksheet_merge_range(t->ws, t->row, 0, t->row,
				     (lxw_col_t)(span - 1), text, fmt), "line");
		else
			put_string(b, t->ws, t->row, 0, text, fmt);
	}
	t->row++;
	return b->rc;
}

int rpt_table_put(struct rpt_table *t, lxw_row_t row, int col, const char *text,
		  lxw_format *fmt)
{
	if (t->b->rc)
		return t->b->rc;
	return put_string(t->b, t->ws, row, col, text ? text : "", fmt ? fmt : t->b->f.line);
}

int rpt_table_put_int(struct rpt_table *t, lxw_row_t row, int col, int64_t v,
		      lxw_format *fmt)
{
	if (t->b->rc)
		return t->b->rc;
	return rpt_book_lxw(t->b, worksheet_write_number(t->ws, row, (lxw_col_t)col,
		rpt_xlsx_number(v, 1), fmt ? fmt : t->b->f.total_int), "cell");
}

int rpt_table_end(struct rpt_table *t)
{
	struct rpt_book *b = t->b;
	int i, c, wide = 0;

	if (!b->rc) {
		for (c = 0; c < t->ncols; c++)
			wide += t->width[c];
		t->landscape = t->orient == 1 || (t->orient == 0 && (t->ncols > 7 || wide > 100));
		for (i = 0; i < t->nparts && !b->rc; i++) {
			const struct rpt_part *p = &t->parts[i];

			for (c = 0; c < t->ncols && !b->rc; c++)
				rpt_book_lxw(b, worksheet_set_column(p->ws, (lxw_col_t)c, (lxw_col_t)c,
					     t->width[c], NULL), "column width");
			if (t->landscape)
				worksheet_set_landscape(p->ws);
			if (t->pages_wide > 1)
				worksheet_fit_to_pages(p->ws, (uint16_t)t->pages_wide, 0);
			/* paper sheets: narrower side margins, more room for 10 pt */
			if (t->fixed)
				worksheet_set_margins(p->ws, 0.25, 0.25, 0.75, 0.75);
			/* Constant memory: only where it was set with the header. */
			if (!p->filtered && !b->constant_memory
			    && p->rows > (t->autofilter ? 0 : RPT_AUTOFILTER_ROWS))
				rpt_book_lxw(b, worksheet_autofilter(p->ws, p->first - 1, 0,
					     p->last, (lxw_col_t)(t->ncols - 1)), "autofilter");
		}
	}
	free(t->width);
	free(t->fixed);
	t->fixed = NULL;
	free(t->sum);
	free(t->parts);
	free(t->title);
	free(t->info_left);
	free(t->info_right);
	t->width = NULL;
	t->sum = NULL;
	t->parts = NULL;
	t->title = t->info_left = t->info_right = NULL;
	t->nparts = 0;
	return b->rc;
}
