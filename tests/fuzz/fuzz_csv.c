/*
 * fuzz_csv.c — the CSV reader alone (import/csvread.c, import.md §1): bytes
 * → a file → imp_csv_open() and imp_csv_next() to the end.
 *
 * Input: byte 0 chooses the encoding asked for (auto, utf-8, gb18030); the
 * rest is the file.  The seeds hold what issue 11 taught the reader: NUL
 * and control bytes in cells, cells beyond the header, rows blank to the
 * eye (U+3000, NBSP), a UTF-8 file with a GBK cell, a GB18030 file, UTF-16
 * LE/BE with a BOM and tabs, a quote left open, workbook magic.
 *
 * Invariants: open and next return 0/1 or LDG_EINPUT (never ENOMEM: a
 * record is bounded), with a message and a line for a decoding error;
 * every field handed out is valid UTF-8 over its whole length (lens, NUL
 * bytes included: a file that is not is refused, never passed on), and
 * the C string is no longer than that length; no record is blank to the
 * eye; records come in file order (line <= end_line < next line); a
 * record's raw text is at most IMP_CSV_RECORD_MAX; the delimiter is ',' or
 * TAB.
 */
#include <unistd.h>

#include "import/csvread.h"
#include "ledger/text.h"
#include "tests/fuzz/fuzz.h"

static char dir[64] = "";

int LLVMFuzzerInitialize(int *argc, char ***argv);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	snprintf(dir, sizeof(dir), "%s", "/tmp/pledger-fuzz-XXXXXX");
	if (!mkdtemp(dir))
		abort();
	return 0;
}

/* 1 when the len bytes at s are blank to the eye (the reader's rule). */
static int blank(const char *s, size_t len)
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

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const enum imp_encoding encs[] = { IMP_ENC_AUTO, IMP_ENC_UTF8, IMP_ENC_GB18030 };
	struct ldg_err err = { 0 };
	struct imp_csv *r = NULL;
	struct imp_record *rec;
	char path[128];
	long last = 0;
	FILE *f;
	int rc, i;

	if (size < 1 || size > 65536)
		return 0;
	snprintf(path, sizeof(path), "%s/in.csv", dir);
	if (!(f = fopen(path, "wb")))
		abort();
	if (fwrite(data + 1, 1, size - 1, f) != size - 1 || fclose(f) != 0)
		abort();
	rc = imp_csv_open(path, "in.csv", encs[data[0] % 3], &r, &err);
	FUZZ_CHECK(rc == 0 || rc == LDG_EINPUT);
	if (rc) {
		FUZZ_CHECK(r == NULL && err.msg[0]);
		unlink(path);
		return 0;
	}
	while ((rc = imp_csv_next(r, &rec, &err)) == 1) {
		int nonblank = 0;

		FUZZ_CHECK(imp_csv_delimiter(r) == ',' || imp_csv_delimiter(r) == '\t');
		FUZZ_CHECK(rec->line > last && rec->line <= rec->end_line);
		last = rec->end_line;
		FUZZ_CHECK(rec->nfields >= 1 && rec->lens);
		FUZZ_CHECK(rec->rawlen <= IMP_CSV_RECORD_MAX);
		for (i = 0; i < rec->nfields; i++) {
			if (!rec->fields[i])
				continue;
			FUZZ_CHECK(strlen(rec->fields[i]) <= rec->lens[i]);
			FUZZ_CHECK(ldg_utf8_valid(rec->fields[i], rec->lens[i]));
			if (!blank(rec->fields[i], rec->lens[i]))
				nonblank = 1;
		}
		FUZZ_CHECK(nonblank);
	}
	FUZZ_CHECK(rc == 0 || rc == LDG_EINPUT);
	if (rc)
		FUZZ_CHECK(err.code == LDG_EINPUT && err.msg[0] && err.file[0]);
	imp_csv_close(r);
	unlink(path);
	return 0;
}
