/*
 * fuzz_xlsx.c — the .xlsx reader (import/xlsxread.h) on arbitrary bytes
 * given as a buffer, the way the workbench hands over an upload.
 *
 * Invariants: open and next return 0/1 or a known negative code, never
 * crash, hang or grow without bound; every row handed out has a line in
 * 1..1 048 576 greater than the last one, at most 16 384 fields, each
 * field NUL-terminated (or NULL) with a known kind; a failure leaves an
 * error message.
 */
#include "import/xlsxread.h"
#include "tests/fuzz/fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const sheets[] = { NULL, "2" };
	size_t s;

	for (s = 0; s < 2; s++) {
		struct imp_xlsx *x = NULL;
		struct imp_record *rec;
		struct ldg_err err = { 0 };
		long last = 0;
		int rc, i;

		rc = imp_xlsx_open(NULL, data, size, "fuzz.xlsx", sheets[s], &x, &err);
		FUZZ_CHECK(rc == 0 || rc == LDG_EINPUT || rc == LDG_ENOMEM || rc == LDG_EIO);
		if (rc) {
			FUZZ_CHECK(err.msg[0] != '\0');
			continue;
		}
		while ((rc = imp_xlsx_next(x, &rec, &err)) == 1) {
			FUZZ_CHECK(rec->line > last && rec->line <= XLSX_MAX_ROWS);
			FUZZ_CHECK(rec->nfields >= 1 && rec->nfields <= XLSX_MAX_COLS);
			last = rec->line;
			for (i = 0; i < rec->nfields; i++) {
				FUZZ_CHECK(rec->kinds[i] <= IMP_CELL_NOVALUE);
				if (rec->fields[i])
					FUZZ_CHECK(strlen(rec->fields[i]) <= XLSX_MAX_CELL * 2);
			}
		}
		FUZZ_CHECK(rc == 0 || rc == LDG_EINPUT || rc == LDG_ENOMEM || rc == LDG_EIO);
		if (rc)
			FUZZ_CHECK(err.msg[0] != '\0');
		imp_xlsx_close(x);
	}
	return 0;
}
