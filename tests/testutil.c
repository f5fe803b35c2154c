/*
 * testutil.c — see testutil.h.  Compiled into the test runner only (it is
 * not a tests/check_*.c file, so it is listed by hand in the Makefile).
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "ledger/db.h"
#include "tests/testutil.h"

char *tu_tmpfile(const char *name)
{
	const char *base = getenv("TMPDIR");
	char tmpl[512], *path;
	size_t n;

	snprintf(tmpl, sizeof(tmpl), "%s/pledger-test-XXXXXX", base && *base ? base : "/tmp");
	if (!mkdtemp(tmpl))
		return NULL;
	n = strlen(tmpl) + strlen(name) + 2;
	path = malloc(n);
	if (path)
		snprintf(path, n, "%s/%s", tmpl, name);
	return path;
}

sqlite3 *tu_fresh_db(void)
{
	struct ldg_err err = { 0 };
	char *path = tu_tmpfile("t.db");
	sqlite3 *db = NULL;

	ck_assert_ptr_nonnull(path);
	if (ldg_db_open(path, 1, &db, &err) || ldg_db_init(db, NULL, &err))
		ck_abort_msg("fresh db: %s", err.msg);
	free(path);
	return db;
}

char *tu_slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	long n;

	if (!f)
		return NULL;
	if (fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) >= 0 && fseek(f, 0, SEEK_SET) == 0
	    && (buf = malloc((size_t)n + 1)) != NULL) {
		if (fread(buf, 1, (size_t)n, f) != (size_t)n) {
			free(buf);
			buf = NULL;
		} else {
			buf[n] = '\0';
			if (len)
				*len = (size_t)n;
		}
	}
	fclose(f);
	return buf;
}

int tu_write(const char *path, const void *data, size_t len)
{
	FILE *f = fopen(path, "wb");
	int rc = 0;

	if (!f)
		return -1;
	if (fwrite(data, 1, len, f) != len)
		rc = -1;
	if (fclose(f) != 0)
		rc = -1;
	return rc;
}

long long tu_int(sqlite3 *db, const char *sql)
{
	sqlite3_stmt *st = NULL;
	long long v = -1;

	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK
	    && sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}

static char *capture_read(FILE *f)
{
	long n;
	char *buf;

	fflush(f);
	n = ftell(f);
	if (n < 0)
		n = 0;
	buf = malloc((size_t)n + 1);
	if (!buf)
		return NULL;
	rewind(f);
	n = (long)fread(buf, 1, (size_t)n, f);
	buf[n] = '\0';
	return buf;
}

int tu_cli(char **out, char **err, const char *const *argv)
{
	FILE *fo = tmpfile(), *fe = tmpfile();
	char *args[64];
	int argc = 0, status;

	ck_assert_ptr_nonnull(fo);
	ck_assert_ptr_nonnull(fe);
	args[argc++] = (char *)"pledger";
	while (argv[argc - 1] && argc < 63) {
		args[argc] = (char *)argv[argc - 1];
		argc++;
	}
	args[argc] = NULL;
	/* the unit tests read English messages (cli.md "Language") */
	setenv("PLEDGER_LANG", "en", 1);
	status = cli_main(argc, args, fo, fe);
	if (out)
		*out = capture_read(fo);
	if (err)
		*err = capture_read(fe);
	fclose(fo);
	fclose(fe);
	return status;
}

const char *tu_examples(void)
{
	static char buf[1024];
	const char *s = getenv("EXAMPLES");

	snprintf(buf, sizeof(buf), "%s", s && *s ? s : "tests/data/examples");
	return buf;
}
