/*
 * fuzz_map.c — header detection and mapping (import.md §1 headers, units
 * in brackets, --map files).
 *
 * Input: byte 0 chooses the kind of file; then a --map file up to the
 * first NUL byte; then the CSV text (only its first lines matter: the
 * header search).  The import runs with --dry-run on a fresh in-memory
 * database.  Invariants: a known result code, nothing written.
 */
#include <unistd.h>

#include "import/import.h"
#include "ledger/db.h"
#include "tests/fuzz/fuzz.h"

static sqlite3 *db;
static char dir[64] = "";

int LLVMFuzzerInitialize(int *argc, char ***argv);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	struct ldg_err err = { 0 };

	(void)argc;
	(void)argv;
	snprintf(dir, sizeof(dir), "%s", "/tmp/pledger-fuzz-XXXXXX");
	if (!mkdtemp(dir) || ldg_db_open(":memory:", 1, &db, &err) || ldg_db_init(db, NULL, &err)) {
		fprintf(stderr, "fuzz_map: setup failed: %s\n", err.msg);
		abort();
	}
	return 0;
}

/* Rows of import_batches (a dry run writes none). */
static long long batches(void)
{
	sqlite3_stmt *st = NULL;
	long long n = -1;

	if (sqlite3_prepare_v2(db, "SELECT count(*) FROM import_batches", -1, &st, NULL) == SQLITE_OK
	    && sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return n;
}

/* Write n bytes to path; aborts on failure (the harness, not the target). */
static void put(const char *path, const uint8_t *p, size_t n)
{
	FILE *f = fopen(path, "wb");

	if (!f || fwrite(p, 1, n, f) != n || fclose(f) != 0)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const enum imp_kind kinds[] = {
		IMP_LOANS, IMP_POLICIES, IMP_ENTERPRISES, IMP_CONTRIBUTIONS, IMP_BARS,
	};
	struct imp_opts o = IMP_OPTS_INIT;
	struct imp_report rep;
	struct ldg_err err = { 0 };
	char map[128], csv[128];
	const uint8_t *nul;
	size_t mlen;
	int rc;

	if (size < 2 || size > 16384)
		return 0;
	nul = memchr(data + 1, 0, size - 1);
	mlen = nul ? (size_t)(nul - (data + 1)) : size - 1;
	snprintf(map, sizeof(map), "%s/map.txt", dir);
	snprintf(csv, sizeof(csv), "%s/in.csv", dir);
	put(map, data + 1, mlen);
	put(csv, nul ? nul + 1 : data + size, nul ? size - 1 - mlen - 1 : 0);
	o.map_path = map;
	o.dry_run = 1;
	memset(&rep, 0, sizeof(rep));
	rc = imp_file(db, kinds[data[0] % 5], csv, &o, &rep, NULL, &err);
	FUZZ_CHECK(rc == 0 || rc == LDG_EINPUT || rc == LDG_ERANGE || rc == LDG_ENOTFOUND
		   || rc == LDG_ECONFLICT || rc == LDG_ELOCKED || rc == LDG_EIO);
	FUZZ_CHECK(rep.batch_id == 0 && batches() == 0);
	unlink(map);
	unlink(csv);
	return 0;
}
