/*
 * fuzz_import.c — the whole CSV import path (import.md §1–§4): bytes → a
 * file → imp_file() into a fresh in-memory database.
 *
 * Input: byte 0 chooses the kind of file (loans, policies, enterprises,
 * contributions, bars) and the mode (all-or-nothing, --skip-invalid,
 * --dry-run); the rest is the file as an office might send it.
 *
 * Invariants: imp_file() returns 0 or a known code; when it refuses the
 * file (or with --dry-run) the database is unchanged (every data table and
 * the batch table as in the fresh database, import.md §4 "all or nothing"); the summary
 * counts add up; the database passes PRAGMA integrity_check and
 * foreign_key_check afterwards.
 */
#include <unistd.h>

#include "import/import.h"
#include "ledger/db.h"
#include "tests/fuzz/fuzz.h"

static sqlite3 *tmpl;                  /* an initialised database, copied per input */
static char dir[64] = "";
static long long base_rows;            /* data_rows(tmpl) */

static long long data_rows(sqlite3 *db);

int LLVMFuzzerInitialize(int *argc, char ***argv);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	struct ldg_err err = { 0 };

	(void)argc;
	(void)argv;
	snprintf(dir, sizeof(dir), "%s", "/tmp/pledger-fuzz-XXXXXX");
	if (!mkdtemp(dir) || ldg_db_open(":memory:", 1, &tmpl, &err) || ldg_db_init(tmpl, NULL, &err)) {
		fprintf(stderr, "fuzz_import: setup failed: %s\n", err.msg);
		abort();
	}
	base_rows = data_rows(tmpl);
	return 0;
}

/* Sum of the rows of every table an import writes. */
static long long data_rows(sqlite3 *db)
{
	static const char sql[] =
		"SELECT (SELECT count(*) FROM loans) + (SELECT count(*) FROM loan_rights)"
		" + (SELECT count(*) FROM policies) + (SELECT count(*) FROM enterprises)"
		" + (SELECT count(*) FROM contributions) + (SELECT count(*) FROM bars)"
		" + (SELECT count(*) FROM banks) + (SELECT count(*) FROM insurers)"
		" + (SELECT count(*) FROM import_batches)";
	sqlite3_stmt *st = NULL;
	long long n = -1;

	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK
	    && sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return n;
}

/* 1 when `PRAGMA <check>` answers a single "ok" row (or no row for fk). */
static int check_ok(sqlite3 *db, const char *sql, int fk)
{
	sqlite3_stmt *st = NULL;
	int ok = 0, rc;

	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
		return 0;
	rc = sqlite3_step(st);
	if (fk)
		ok = rc == SQLITE_DONE;
	else
		ok = rc == SQLITE_ROW && strcmp((const char *)sqlite3_column_text(st, 0), "ok") == 0;
	sqlite3_finalize(st);
	return ok;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const enum imp_kind kinds[] = {
		IMP_LOANS, IMP_POLICIES, IMP_ENTERPRISES, IMP_CONTRIBUTIONS, IMP_BARS,
	};
	struct imp_opts o = IMP_OPTS_INIT;
	struct imp_report rep;
	struct ldg_err err = { 0 };
	sqlite3 *db = NULL;
	sqlite3_backup *bk;
	char path[128], rejects[128];
	FILE *f;
	int rc, mode;

	if (size < 1 || size > 65536)
		return 0;
	snprintf(path, sizeof(path), "%s/in.csv", dir);
	snprintf(rejects, sizeof(rejects), "%s/in.rejects.csv", dir);
	if (!(f = fopen(path, "wb")))
		abort();
	if (fwrite(data + 1, 1, size - 1, f) != size - 1 || fclose(f) != 0)
		abort();
	FUZZ_CHECK(ldg_db_open(":memory:", 1, &db, &err) == 0);
	bk = sqlite3_backup_init(db, "main", tmpl, "main");
	FUZZ_CHECK(bk && sqlite3_backup_step(bk, -1) == SQLITE_DONE);
	sqlite3_backup_finish(bk);

	mode = (data[0] / 5) % 3;
	o.skip_invalid = mode == 1;
	o.dry_run = mode == 2;
	o.rejects_path = rejects;
	memset(&rep, 0, sizeof(rep));
	rc = imp_file(db, kinds[data[0] % 5], path, &o, &rep, NULL, &err);
	FUZZ_CHECK(rc == 0 || rc == LDG_EINPUT || rc == LDG_ELOCKED || rc == LDG_ERANGE
		   || rc == LDG_ENOTFOUND || rc == LDG_ECONFLICT || rc == LDG_EIO);
	if (rc != 0)
		FUZZ_CHECK(err.code == rc && err.msg[0]);
	if (rc != 0 || o.dry_run)
		FUZZ_CHECK(data_rows(db) == base_rows);
	if (rc == 0)
		FUZZ_CHECK(rep.new_rows + rep.updated + rep.unchanged + rep.rejected == rep.rows);
	FUZZ_CHECK(check_ok(db, "PRAGMA integrity_check", 0));
	FUZZ_CHECK(check_ok(db, "PRAGMA foreign_key_check", 1));
	ldg_db_close(db);
	unlink(path);
	unlink(rejects);
	return 0;
}
