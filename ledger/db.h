/*
 * db.h — the database: open, create/upgrade, transactions, audit log,
 * reference data and city lookup.
 *
 * Every module takes the sqlite3 handle directly.  All SQL is static text
 * with bound parameters (style.md rule 8).
 */
#ifndef LDG_DB_H
#define LDG_DB_H

#include <sqlite3.h>
#include <stdint.h>
#include <time.h>

#include "ledger/error.h"

/* The schema version this program writes (ledger/schema.sql). */
#define LDG_SCHEMA_VERSION 14

/*
 * Open the database at path.  With create == 0 the file must exist and be
 * initialised at LDG_SCHEMA_VERSION; otherwise LDG_ENODB with a message
 * saying to run `pledger init`.  With create != 0 a missing file is
 * created (empty: call ldg_db_init()).  A database whose schema is newer
 * than this program is always refused (LDG_ENODB).  Sets foreign keys on,
 * WAL, synchronous FULL, a busy timeout, and registers ldg_refuse() for the
 * lock triggers.  On success *out owns the handle: ldg_db_close() it.
 */
int ldg_db_open(const char *path, int create, sqlite3 **out,
		struct ldg_err *err);

/* Close a handle from ldg_db_open(); NULL is harmless. */
void ldg_db_close(sqlite3 *db);

/*
 * SQLite's PRAGMA quick_check of the whole file (issue 12): run before
 * finalize, payment and every report, so that a damaged file is refused
 * rather than read as if rows were missing.  Returns 0, or LDG_EDB
 * "database 'PATH' is damaged (FIRST PROBLEM); nothing was done: ..." with
 * how to restore it.
 */
int ldg_db_quick_check(sqlite3 *db, struct ldg_err *err);

/*
 * `pledger check`: PRAGMA integrity_check and PRAGMA foreign_key_check.
 * Calls problem(ctx, text) once per problem found (text is one line) and
 * sets *nproblems.  Returns 0 (also when problems were found), or LDG_EDB
 * when the checks themselves could not run.
 */
int ldg_db_check(sqlite3 *db, void (*problem)(void *ctx, const char *text), void *ctx,
		 long *nproblems, struct ldg_err *err);

/*
 * Create or upgrade the schema to LDG_SCHEMA_VERSION and load the reference
 * data (cities and targets of targets.md, rates of domain.md §1, the
 * default scheme of rules.md §8 for every city that has none).  Idempotent:
 * a second call changes nothing.  Never destroys data.  *created (may be
 * NULL) is set to 1 when the schema was created or upgraded.
 */
int ldg_db_init(sqlite3 *db, int *created, struct ldg_err *err);

/* The schema version recorded in the database (PRAGMA user_version). */
int ldg_db_version(sqlite3 *db);

/* BEGIN IMMEDIATE / COMMIT / ROLLBACK.  Rollback never fails. */
int ldg_db_begin(sqlite3 *db, struct ldg_err *err);
int ldg_db_commit(sqlite3 *db, struct ldg_err *err);
void ldg_db_rollback(sqlite3 *db);

/*
 * Turn the connection's last SQLite error into err: a refusal raised by a
 * lock trigger becomes LDG_ELOCKED with the trigger's message; a constraint
 * failure LDG_EINPUT; anything else LDG_EDB, prefixed with `what`.  The
 * message is in the catalogue's language: the trigger's refusal, `what`
 * (a literal: xgettext extracts it by --keyword=ldg_db_error:2) and
 * SQLite's commonest words.
 * Returns the code.
 */
int ldg_db_error(sqlite3 *db, const char *what, struct ldg_err *err);

/*
 * 1 when format is one of the refusals the lock triggers of schema.sql may
 * give (ldg_refuse(FORMAT, ARG…) or RAISE(ABORT, 'refused: FORMAT')),
 * each an English msgid with %s placeholders only, translated when the
 * refusal happens (db.c refusals[]); 0 otherwise.  tests/check_db.c
 * checks every trigger of a new database against it.
 */
int ldg_refusal_known(const char *format);

/* Run static SQL without results (no parameters).  */
int ldg_db_exec(sqlite3 *db, const char *sql, struct ldg_err *err);

/*
 * Prepare static SQL; on failure fills err (LDG_EDB) and returns it.
 */
int ldg_db_prepare(sqlite3 *db, const char *sql, sqlite3_stmt **stmt,
		   struct ldg_err *err);

/* Bind text or NULL (when text is NULL). */
int ldg_bind_text(sqlite3_stmt *st, int i, const char *text);
/* Bind an int64 or NULL (when isnull). */
int ldg_bind_int64n(sqlite3_stmt *st, int i, int64_t v, int isnull);

/*
 * The person the audit log names: the name given to ldg_user_set() on this
 * thread (the workbench's signed-in user), else the OS user name (LOGNAME,
 * USER, or the uid as text).  Static or thread storage.
 */
const char *ldg_user(void);

/*
 * Name the person acting on this thread (NULL: back to the OS user).  The
 * workbench sets it for each request; the text is copied (up to 63 bytes).
 */
void ldg_user_set(const char *name);

/*
 * The current time: SOURCE_DATE_EPOCH when it is set to a non-negative
 * decimal integer (then *tm is in UTC, so reproducible builds agree
 * everywhere), else now (*tm in local time).  Returns the time.
 */
time_t ldg_clock(struct tm *tm);

/*
 * The current time as ISO "YYYY-MM-DDTHH:MM:SS" in local time into buf
 * (at least 20 bytes).  Honours SOURCE_DATE_EPOCH (reproducible output).
 */
char *ldg_now(char *buf);

/*
 * Append one row to the audit log: who (ldg_user()), when (ldg_now()),
 * action, entity, key, and optionally field, old and new value, batch and
 * detail (NULL when absent).
 */
int ldg_audit(sqlite3 *db, const char *action, const char *entity,
	      const char *key, const char *field, const char *old_value,
	      const char *new_value, int64_t batch_id, const char *detail,
	      struct ldg_err *err);

/*
 * Resolve a city given by name ("东阳市") or 6-digit division code
 * ("330783") into its code (7 bytes) and, when name is non-NULL, its name.
 * LDG_ENOTFOUND "unknown city 'X'" when there is none.
 */
int ldg_city_resolve(sqlite3 *db, const char *text, char *code,
		     char *name, size_t namesz, struct ldg_err *err);

/* The reference rate kinds of domain.md §1, as a message lists them. */
#define LDG_RATE_KINDS "LPR1Y, LPR5Y, PBOC1Y, PBOC5Y or PBOC5Y+"

/* 1 when kind is one of LDG_RATE_KINDS (exact, upper case), else 0. */
int ldg_rate_kind_known(const char *kind);

/* The reference rate of `kind` in force on `day` (latest effective_date <=
 * day).  LDG_ENOTFOUND when none.  *eff_day (may be NULL) gets its date. */
int ldg_rate_lookup(sqlite3 *db, const char *kind, int32_t day,
		    int64_t *ppm, int32_t *eff_day, struct ldg_err *err);

/* Record a rate fixing (insert or replace), with an audit row. */
int ldg_rate_set(sqlite3 *db, const char *kind, int32_t day, int64_t ppm,
		 struct ldg_err *err);

#endif
