/*
 * testutil.h — helpers shared by the Check suites.
 *
 * Database tests open a fresh file in a private temp directory inside the
 * test (SQLite is not fork-safe and Check forks each test).
 */
#ifndef TESTUTIL_H
#define TESTUTIL_H

#include <sqlite3.h>

/*
 * Make a fresh temp directory and return "DIR/name" (malloc'd; the caller
 * frees).  The directory is under $TMPDIR or /tmp.
 */
char *tu_tmpfile(const char *name);

/* A fresh, initialised database in a temp file; the test closes it. */
sqlite3 *tu_fresh_db(void);

/* Read a whole file into a NUL-terminated malloc'd buffer (NULL on error). */
char *tu_slurp(const char *path, size_t *len);

/* Write text to a file; returns 0 or -1. */
int tu_write(const char *path, const void *data, size_t len);

/* A query's first column of its first row as int64 (or -1). */
long long tu_int(sqlite3 *db, const char *sql);

/*
 * Run the pledger CLI in-process: argv is NULL-terminated without a program
 * name ("--db", path, "init", NULL).  stdout and stderr are captured into
 * malloc'd strings (the caller frees; pass NULL to discard).  Returns the
 * exit status.
 */
int tu_cli(char **out, char **err, const char *const *argv);

/* Path of the sample files: $EXAMPLES, or tests/data/examples (the copy of
 * the shared examples that t_examples_copy.sh keeps equal). */
const char *tu_examples(void);

#endif
