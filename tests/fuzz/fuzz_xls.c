/*
 * fuzz_xls.c — the .xls reader (import/xlsread.h, FreeXL) and the format
 * sniffing of import/table.h on arbitrary bytes given as a buffer (an
 * .xls or CSV buffer goes through a private temporary file).
 *
 * Invariants: open and next return 0/1 or a known negative code, never
 * crash or hang; rows come in increasing line order, each field
 * NUL-terminated (or NULL) with a known kind; a failure leaves an error
 * message; no temporary file is left behind (checked by the count of
 * files in the directory).
 */
#include <dirent.h>

#include "import/table.h"
#include "tests/fuzz/fuzz.h"

/* Files whose name starts with pledger- in dir. */
static int leftovers(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int n = 0;

	if (!d)
		return 0;
	while ((e = readdir(d)) != NULL)
		if (strncmp(e->d_name, "pledger-", 8) == 0)
			n++;
	closedir(d);
	return n;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char dir[64] = "";
	struct imp_table *t = NULL;
	struct imp_record *rec;
	struct ldg_err err = { 0 };
	long last = 0;
	int rc, i;

	if (!dir[0]) {
		snprintf(dir, sizeof(dir), "%s", "/tmp/pledger-fuzzxls-XXXXXX");
		FUZZ_CHECK(mkdtemp(dir) != NULL);
		setenv("TMPDIR", dir, 1);
	}
	rc = imp_table_open(NULL, data, size, "fuzz.xls", IMP_ENC_AUTO, NULL, &t, &err);
	FUZZ_CHECK(rc == 0 || rc == LDG_EINPUT || rc == LDG_ENOMEM || rc == LDG_EIO);
	if (rc) {
		FUZZ_CHECK(err.msg[0] != '\0');
	} else {
		while ((rc = imp_table_next(t, &rec, &err)) == 1) {
			FUZZ_CHECK(rec->line > last);
			last = rec->line;
			for (i = 0; i < rec->nfields; i++) {
				FUZZ_CHECK(!rec->kinds || rec->kinds[i] <= IMP_CELL_NOVALUE);
				if (rec->fields[i])
					(void)strlen(rec->fields[i]);
			}
		}
		FUZZ_CHECK(rc == 0 || rc == LDG_EINPUT || rc == LDG_ENOMEM || rc == LDG_EIO);
		if (rc)
			FUZZ_CHECK(err.msg[0] != '\0');
		imp_table_close(t);
	}
	FUZZ_CHECK(leftovers(dir) == 0);
	return 0;
}
