/*
 * table.c — see table.h.
 *
 * The first 4 KiB decide.  A workbook's SHA-256 is taken over its bytes
 * here (the readers see the file through libzip or FreeXL); a CSV file's
 * by csvread as it reads.  A buffer that is CSV or .xls text goes through
 * a private temporary file, since csvread and FreeXL read paths.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "import/sha256.h"
#include "import/table.h"
#include "import/xlsread.h"
#include "import/xlsxread.h"
#include "ledger/grow.h"
#include "ledger/lang.h"

#define SNIFF 4096

struct imp_table {
	enum imp_format fmt;
	struct imp_csv *csv;
	struct imp_xlsx *xlsx;
	struct imp_xls *xls;
	char sha[65];
	char tmp[64];               /* temporary copy of a buffer, "" when none */
};

/* A case-insensitive search in the first n bytes of s. */
static int has_text(const char *s, size_t n, const char *what)
{
	size_t k = strlen(what), i;

	for (i = 0; i + k <= n; i++)
		if (strncasecmp(s + i, what, k) == 0)
			return 1;
	return 0;
}

/*
 * The files that look like workbooks but are not one pledger reads, by
 * their first bytes: a message saying what the file is, or NULL.  head is
 * ASCII-folded (UTF-16 text with its zero bytes dropped).
 */
static const char *not_a_table(const unsigned char *b, size_t n)
{
	char head[SNIFF + 1];
	size_t i, k = 0, start = 0;
	int utf16 = n >= 2 && ((b[0] == 0xFF && b[1] == 0xFE) || (b[0] == 0xFE && b[1] == 0xFF));

	if (utf16)
		start = 2;
	else if (n >= 3 && b[0] == 0xEF && b[1] == 0xBB && b[2] == 0xBF)
		start = 3;
	for (i = start; i < n && k < SNIFF; i++)
		if (b[i] != 0 || !utf16)
			head[k++] = b[i] ? (char)b[i] : ' ';
	head[k] = '\0';
	for (i = 0; i < k && (head[i] == ' ' || head[i] == '\t' || head[i] == '\r'
			      || head[i] == '\n'); i++)
		;
	if (has_text(head, k, "MIME-Version:") && has_text(head, k, "multipart"))
		return "a web archive (.mht) saved under a workbook's name, not a workbook";
	if (head[i] != '<')
		return NULL;
	if (has_text(head, k, "urn:schemas-microsoft-com:office:spreadsheet")
	    || has_text(head, k, "progid=\"Excel.Sheet\""))
		return "an XML Spreadsheet 2003 file, not an .xlsx or .xls workbook";
	if (has_text(head, k, "<html") || has_text(head, k, "<table")
	    || has_text(head, k, "<!doctype html"))
		return "an HTML page (a web table saved under a workbook's name), not a workbook";
	return "an XML or HTML file, not a workbook or CSV text";
}

/* 1 when an OLE2 file holds an EncryptedPackage (a password-protected .xlsx). */
static int encrypted_ooxml(const unsigned char *b, size_t n)
{
	static const char name[] = "EncryptedPackage";
	size_t i, j;

	for (i = 0; i + 2 * (sizeof(name) - 1) <= n; i++) {
		for (j = 0; j < sizeof(name) - 1; j++)
			if (b[i + 2 * j] != (unsigned char)name[j] || b[i + 2 * j + 1] != 0)
				break;
		if (j == sizeof(name) - 1)
			return 1;
	}
	return 0;
}

/* Read the whole file (workbooks only: bounded by XLSX_MAX_INFLATE). */
static int slurp(const char *path, const char *name, unsigned char **out, size_t *len,
		 struct ldg_err *err)
{
	FILE *f = fopen(path, "rb");
	unsigned char *b = NULL;
	size_t n = 0, cap = 0, r;
	int rc = 0;

	if (!f)
		return ldg_err_set(err, LDG_EIO, _("cannot open '%s': %s"), name, strerror(errno));
	for (;;) {
		if (n == cap) {
			if (n >= (size_t)XLSX_MAX_INFLATE) {
				rc = ldg_err_set(err, LDG_EINPUT, _("refused: '%s' is larger than %lld"
						 " bytes"), name, XLSX_MAX_INFLATE);
				break;
			}
			if (ldg_grow((void **)&b, &cap, n + 1, 1)) {
				rc = ldg_err_set(err, LDG_ENOMEM, _("out of memory"));
				break;
			}
		}
		r = fread(b + n, 1, cap - n, f);
		n += r;
		if (r == 0) {
			if (ferror(f))
				rc = ldg_err_set(err, LDG_EIO, _("cannot read '%s': %s"), name,
						 strerror(errno));
			break;
		}
	}
	fclose(f);
	if (rc) {
		free(b);
		return rc;
	}
	*out = b;
	*len = n;
	return 0;
}

/* SHA-256 of a file's bytes, read in chunks. */
static int hash_file(const char *path, const char *name, struct imp_sha256 *sha,
		     struct ldg_err *err)
{
	FILE *f = fopen(path, "rb");
	unsigned char b[65536];
	size_t r;
	int rc = 0;

	if (!f)
		return ldg_err_set(err, LDG_EIO, _("cannot open '%s': %s"), name, strerror(errno));
	while ((r = fread(b, 1, sizeof(b), f)) > 0)
		imp_sha256_update(sha, b, r);
	if (ferror(f))
		rc = ldg_err_set(err, LDG_EIO, _("cannot read '%s': %s"), name, strerror(errno));
	fclose(f);
	return rc;
}

/* Write buf to a private temporary file; its path into t->tmp. */
static int to_tmp(struct imp_table *t, const void *buf, size_t len, struct ldg_err *err)
{
	const char *dir = getenv("TMPDIR");
	FILE *f;
	int fd;

	snprintf(t->tmp, sizeof(t->tmp), "%.40s/pledger-XXXXXX", dir && *dir ? dir : "/tmp");
	if ((fd = mkstemp(t->tmp)) < 0 || !(f = fdopen(fd, "wb"))) {
		if (fd >= 0)
			close(fd);
		t->tmp[0] = '\0';
		return ldg_err_set(err, LDG_EIO, _("cannot write a temporary file: %s"), strerror(errno));
	}
	if (fwrite(buf, 1, len, f) != len || fclose(f) != 0)
		return ldg_err_set(err, LDG_EIO, _("cannot write a temporary file: %s"), strerror(errno));
	return 0;
}

/* imp_table_open: see table.h. */
int imp_table_open(const char *path, const void *buf, size_t len, const char *name,
		   enum imp_encoding enc, const char *sheet, struct imp_table **out,
		   struct ldg_err *err)
{
	static const unsigned char ole2[8] = { 0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1 };
	struct imp_table *t;
	unsigned char head[SNIFF], *whole = NULL;
	const unsigned char *bytes;
	size_t n = 0, nbytes = 0;
	const char *what;
	struct imp_sha256 sha;
	int rc;

	*out = NULL;
	if (!name)
		name = path ? path : "upload";
	if (!(t = calloc(1, sizeof(*t))))
		return ldg_err_set(err, LDG_ENOMEM, _("out of memory"));
	if (path) {
		FILE *f = fopen(path, "rb");

		if (!f) {
			rc = ldg_err_set(err, LDG_EIO, _("cannot open '%s': %s"), name, strerror(errno));
			goto fail;
		}
		n = fread(head, 1, sizeof(head), f);
		fclose(f);
	} else {
		n = len < sizeof(head) ? len : sizeof(head);
		memcpy(head, buf, n);
	}
	if (n >= 4 && memcmp(head, "PK\x03\x04", 4) == 0)
		t->fmt = IMP_FMT_XLSX;
	else if (n >= 8 && memcmp(head, ole2, 8) == 0)
		t->fmt = IMP_FMT_XLS;
	else if ((what = not_a_table(head, n)) != NULL) {
		rc = ldg_err_set(err, LDG_EINPUT, _("%s: open it in Excel or WPS and save it as"
				 " Excel Workbook (.xlsx)"), what);
		ldg_err_place(err, name, 0, NULL);
		goto fail;
	} else {
		t->fmt = IMP_FMT_CSV;
	}

	if (t->fmt == IMP_FMT_CSV) {
		if (sheet) {
			rc = ldg_err_set(err, LDG_EINPUT, _("--sheet applies to workbooks (.xlsx, .xls);"
					 " this file is CSV text"));
			ldg_err_place(err, name, 0, NULL);
			goto fail;
		}
		if (!path && (rc = to_tmp(t, buf, len, err)))
			goto fail;
		if ((rc = imp_csv_open(path ? path : t->tmp, name, enc, &t->csv, err)))
			goto fail;
		*out = t;
		return 0;
	}

	/* a workbook: hash its bytes (an .xlsx from a path streams: memory
	 * stays flat; an .xls is small and FreeXL holds it whole anyway) */
	imp_sha256_init(&sha);
	if (t->fmt == IMP_FMT_XLSX) {
		if (path && (rc = hash_file(path, name, &sha, err)))
			goto fail;
		if (!path)
			imp_sha256_update(&sha, buf, len);
		imp_sha256_final(&sha, t->sha);
		if ((rc = imp_xlsx_open(path, buf, len, name, sheet, &t->xlsx, err)))
			goto fail;
		*out = t;
		return 0;
	}
	if (path) {
		if ((rc = slurp(path, name, &whole, &nbytes, err)))
			goto fail;
		bytes = whole;
	} else {
		bytes = buf;
		nbytes = len;
	}
	imp_sha256_update(&sha, bytes, nbytes);
	imp_sha256_final(&sha, t->sha);
	if (encrypted_ooxml(bytes, nbytes)) {
		rc = ldg_err_set(err, LDG_EINPUT, _("a password-protected workbook: open it in Excel"
				 " or WPS, remove the password (文件 → 信息 → 保护工作簿) and save it"
				 " as Excel Workbook (.xlsx)"));
		ldg_err_place(err, name, 0, NULL);
		goto fail;
	}
	if (!path && (rc = to_tmp(t, buf, len, err)))
		goto fail;
	free(whole);
	whole = NULL;
	if ((rc = imp_xls_open(path ? path : t->tmp, name, sheet, &t->xls, err)))
		goto fail;
	*out = t;
	return 0;
fail:
	free(whole);
	imp_table_close(t);
	return rc;
}

/* imp_table_next: see table.h. */
int imp_table_next(struct imp_table *t, struct imp_record **rec, struct ldg_err *err)
{
	switch (t->fmt) {
	case IMP_FMT_XLSX: return imp_xlsx_next(t->xlsx, rec, err);
	case IMP_FMT_XLS: return imp_xls_next(t->xls, rec, err);
	default: return imp_csv_next(t->csv, rec, err);
	}
}

enum imp_format imp_table_format(const struct imp_table *t)
{
	return t->fmt;
}

enum imp_encoding imp_table_encoding(const struct imp_table *t)
{
	return t->fmt == IMP_FMT_CSV ? imp_csv_encoding(t->csv) : IMP_ENC_UTF8;
}

int imp_table_had_bom(const struct imp_table *t)
{
	return t->fmt == IMP_FMT_CSV ? imp_csv_had_bom(t->csv) : 0;
}

/* imp_table_delimiter: see table.h. */
char imp_table_delimiter(const struct imp_table *t)
{
	return t->fmt == IMP_FMT_CSV ? imp_csv_delimiter(t->csv) : ',';
}

/* imp_table_set_labels: see table.h. */
void imp_table_set_labels(struct imp_table *t, int n, const char *const *labels)
{
	if (t->fmt == IMP_FMT_CSV)
		imp_csv_set_labels(t->csv, n, labels);
}

long long imp_table_pos(const struct imp_table *t)
{
	switch (t->fmt) {
	case IMP_FMT_XLSX: return imp_xlsx_pos(t->xlsx);
	case IMP_FMT_XLS: return imp_xls_pos(t->xls);
	default: return imp_csv_pos(t->csv);
	}
}

long long imp_table_size(const struct imp_table *t)
{
	switch (t->fmt) {
	case IMP_FMT_XLSX: return imp_xlsx_size(t->xlsx);
	case IMP_FMT_XLS: return imp_xls_size(t->xls);
	default: return imp_csv_size(t->csv);
	}
}

const char *imp_table_sha256(const struct imp_table *t)
{
	return t->fmt == IMP_FMT_CSV ? imp_csv_sha256(t->csv) : t->sha;
}

/* imp_table_close: see table.h. */
void imp_table_close(struct imp_table *t)
{
	if (!t)
		return;
	imp_xlsx_close(t->xlsx);
	imp_csv_close(t->csv);
	imp_xls_close(t->xls);
	if (t->tmp[0])
		remove(t->tmp);
	free(t);
}
