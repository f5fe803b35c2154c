/*
 * backup.h — `pledger backup FILE` and `pledger restore FILE` (cycle.md §5).
 *
 * A backup is SQLite's online backup of the open database into a new file,
 * taken while other processes keep writing (WAL: it reads one snapshot),
 * and verified with PRAGMA integrity_check before it is put in place.  A
 * restore checks a file the same way and that it is a pledger database of
 * a schema version this pledger can read, then puts a copy of it in place
 * of the database, keeping the replaced file beside it.
 */
#ifndef LDG_BACKUP_H
#define LDG_BACKUP_H

#include <sqlite3.h>
#include <stddef.h>

#include "ledger/error.h"

/*
 * Copy db into path, which must not exist (LDG_EIO "... exists"): the copy
 * is written to a temporary file beside path, verified (integrity_check
 * "ok", pledger's tables, its schema version), switched to a rollback
 * journal so that it is one self-contained file, and only then linked to
 * path (never over an existing file).  The temporary file is removed on
 * any failure.  LDG_EIO/LDG_EDB on failure.
 */
int ldg_backup(sqlite3 *db, const char *path, struct ldg_err *err);

/*
 * Check that path is a sound pledger database this pledger can read:
 * opened read-only, PRAGMA integrity_check "ok", pledger's tables, a
 * schema version from 1 to LDG_SCHEMA_VERSION into *version (may be
 * NULL).  LDG_EINPUT "'X' is not a pledger database: …" or "… is damaged:
 * …" otherwise; nothing is written to path.
 */
int ldg_db_check_file(const char *path, int *version, struct ldg_err *err);

/*
 * Put a copy of backup file `from` in place of the database at db_path
 * (not open in this process): ldg_db_check_file(from) first; the database
 * is checkpointed (its WAL folded in) and renamed to
 * "<db_path>.before-restore-YYYYMMDDTHHMMSS" (kept, its name into kept,
 * keptsz bytes; never over an existing file), then the copy is written
 * beside db_path and renamed onto it.  *version gets the restored schema
 * version (older ones need `pledger init`).
 */
int ldg_restore(const char *db_path, const char *from, char *kept, size_t keptsz,
		int *version, struct ldg_err *err);

#endif
