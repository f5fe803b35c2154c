/*
 * backup.c — see backup.h.  cycle.md §5.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "ledger/backup.h"
#include "ledger/db.h"
#include "ledger/lang.h"

/* Remove a temporary database and its journals; errors ignored. */
static void remove_db_files(const char *path)
{
	char p[4096];

	unlink(path);
	snprintf(p, sizeof(p), "%s-wal", path);
	unlink(p);
	snprintf(p, sizeof(p), "%s-shm", path);
	unlink(p);
	snprintf(p, sizeof(p), "%s-journal", path);
	unlink(p);
}

/* The first row's first column of static sql as text into buf ("" none). */
static int one_text(sqlite3 *db, const char *sql, char *buf, size_t bufsz)
{
	sqlite3_stmt *st = NULL;
	int rc = -1;

	buf[0] = '\0';
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK) {
		rc = sqlite3_step(st);
		if (rc == SQLITE_ROW) {
			const unsigned char *t = sqlite3_column_text(st, 0);

			snprintf(buf, bufsz, "%s", t ? (const char *)t : "");
			rc = 0;
		} else if (rc == SQLITE_DONE) {
			rc = 0;
		}
	}
	sqlite3_finalize(st);
	return rc;
}

/* Check an open connection: integrity, pledger's tables, version. */
static int check_conn(sqlite3 *db, const char *path, int *version, struct ldg_err *err)
{
	char buf[512];
	int v;

	if (one_text(db, "PRAGMA integrity_check", buf, sizeof(buf)) != 0)
		return ldg_err_set(err, LDG_EINPUT, _("'%s' is not a pledger database: %s"), path,
				   sqlite3_errmsg(db));
	if (strcmp(buf, "ok") != 0)
		return ldg_err_set(err, LDG_EINPUT, _("'%s' is damaged: integrity_check says '%s'"),
				   path, buf);
	if (one_text(db, "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name IN"
		     " ('cities', 'import_batches', 'enterprises', 'loans', 'policies',"
		     " 'subsidy_runs', 'audit_log')", buf, sizeof(buf)) != 0 || strcmp(buf, "7") != 0)
		return ldg_err_set(err, LDG_EINPUT, _("'%s' is not a pledger database: it lacks "
				   "pledger's tables"), path);
	v = ldg_db_version(db);
	if (v < 1 || v > LDG_SCHEMA_VERSION)
		return ldg_err_set(err, LDG_EINPUT, _("'%s' has schema version %d; this pledger "
				   "reads versions 1 to %d"), path, v, LDG_SCHEMA_VERSION);
	if (version)
		*version = v;
	return 0;
}

/* ldg_db_check_file: see backup.h. */
int ldg_db_check_file(const char *path, int *version, struct ldg_err *err)
{
	sqlite3 *db = NULL;
	struct stat sb;
	int rc;

	if (stat(path, &sb) != 0)
		return ldg_err_set(err, LDG_EIO, _("cannot read '%s': %s"), path, strerror(errno));
	if (!S_ISREG(sb.st_mode))
		return ldg_err_set(err, LDG_EINPUT, _("'%s' is not a regular file"), path);
	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) {
		rc = ldg_err_set(err, LDG_EINPUT, _("'%s' is not a pledger database: %s"), path,
				 db ? sqlite3_errmsg(db) : _("cannot open"));
		sqlite3_close(db);
		return rc;
	}
	rc = check_conn(db, path, version, err);
	sqlite3_close(db);
	return rc;
}

/* Copy src (schema "main") into a new file at tmp; verify it there. */
static int copy_to(sqlite3 *src, const char *tmp, const char *shown, struct ldg_err *err)
{
	sqlite3 *dst = NULL;
	sqlite3_backup *b;
	int rc = 0, step;

	if (sqlite3_open_v2(tmp, &dst, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL)
	    != SQLITE_OK) {
		rc = ldg_err_set(err, LDG_EIO, _("cannot create '%s': %s"), shown,
				 dst ? sqlite3_errmsg(dst) : _("out of memory"));
		goto out;
	}
	if (!(b = sqlite3_backup_init(dst, "main", src, "main"))) {
		rc = ldg_err_set(err, LDG_EDB, _("cannot back up: %s"), sqlite3_errmsg(dst));
		goto out;
	}
	/* one step: the whole copy reads one snapshot (writers go on in WAL) */
	do {
		step = sqlite3_backup_step(b, -1);
		if (step == SQLITE_BUSY || step == SQLITE_LOCKED)
			sqlite3_sleep(50);
	} while (step == SQLITE_OK || step == SQLITE_BUSY || step == SQLITE_LOCKED);
	sqlite3_backup_finish(b);
	if (step != SQLITE_DONE) {
		rc = ldg_err_set(err, LDG_EIO, _("cannot back up to '%s': %s"), shown,
				 sqlite3_errstr(step));
		goto out;
	}
	/* one self-contained file: fold any WAL in and use a rollback journal */
	if (sqlite3_exec(dst, "PRAGMA journal_mode = DELETE", NULL, NULL, NULL) != SQLITE_OK) {
		rc = ldg_err_set(err, LDG_EIO, _("cannot finish '%s': %s"), shown, sqlite3_errmsg(dst));
		goto out;
	}
	rc = check_conn(dst, shown, NULL, err);
out:
	if (sqlite3_close(dst) != SQLITE_OK && !rc)
		rc = ldg_err_set(err, LDG_EIO, _("cannot close '%s'"), shown);
	return rc;
}

/* ldg_backup: see backup.h. */
int ldg_backup(sqlite3 *db, const char *path, struct ldg_err *err)
{
	char tmp[4096];
	struct stat sb;
	int rc;

	if (lstat(path, &sb) == 0)
		return ldg_err_set(err, LDG_EIO, _("'%s' exists; a backup is never written over a file"),
				   path);
	if ((size_t)snprintf(tmp, sizeof(tmp), "%s.tmp-%ld", path, (long)getpid()) >= sizeof(tmp))
		return ldg_err_set(err, LDG_EIO, _("path too long: '%s'"), path);
	remove_db_files(tmp);
	if ((rc = copy_to(db, tmp, path, err)))
		goto fail;
	/* link, not rename: never over a file that appeared meanwhile */
	if (link(tmp, path) != 0) {
		rc = ldg_err_set(err, LDG_EIO, _("cannot write '%s': %s"), path, strerror(errno));
		goto fail;
	}
	remove_db_files(tmp);
	return 0;
fail:
	remove_db_files(tmp);
	return rc;
}

/* ldg_restore: see backup.h. */
int ldg_restore(const char *db_path, const char *from, char *kept, size_t keptsz,
		int *version, struct ldg_err *err)
{
	sqlite3 *src = NULL, *cur = NULL;
	char tmp[4096], stamp[32];
	struct stat sb;
	struct tm tm;
	time_t t;
	int rc;

	if ((rc = ldg_db_check_file(from, version, err)))
		return rc;
	if (stat(db_path, &sb) == 0) {
		/* fold the database's WAL in, so that the kept file is whole */
		if (sqlite3_open_v2(db_path, &cur, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK
		    || sqlite3_exec(cur, "PRAGMA wal_checkpoint(TRUNCATE)", NULL, NULL, NULL)
		       != SQLITE_OK) {
			rc = ldg_err_set(err, LDG_EDB, _("cannot checkpoint '%s': %s"), db_path,
					 cur ? sqlite3_errmsg(cur) : _("out of memory"));
			sqlite3_close(cur);
			return rc;
		}
		sqlite3_close(cur);
	}
	if ((size_t)snprintf(tmp, sizeof(tmp), "%s.tmp-%ld", db_path, (long)getpid()) >= sizeof(tmp))
		return ldg_err_set(err, LDG_EIO, _("path too long: '%s'"), db_path);
	remove_db_files(tmp);
	if (sqlite3_open_v2(from, &src, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) {
		rc = ldg_err_set(err, LDG_EIO, _("cannot read '%s'"), from);
		goto fail;
	}
	if ((rc = copy_to(src, tmp, from, err)))
		goto fail;
	t = ldg_clock(&tm);
	(void)t;
	strftime(stamp, sizeof(stamp), "%Y%m%dT%H%M%S", &tm);
	snprintf(kept, keptsz, "%s.before-restore-%s", db_path, stamp);
	if (stat(db_path, &sb) == 0) {
		if (link(db_path, kept) != 0) {
			rc = ldg_err_set(err, LDG_EIO, _("cannot keep '%s' as '%s': %s"), db_path, kept,
					 strerror(errno));
			goto fail;
		}
	} else {
		kept[0] = '\0';
	}
	if (rename(tmp, db_path) != 0) {
		rc = ldg_err_set(err, LDG_EIO, _("cannot put the backup in place of '%s': %s"),
				 db_path, strerror(errno));
		if (kept[0])
			unlink(kept);
		goto fail;
	}
	sqlite3_close(src);
	return 0;
fail:
	sqlite3_close(src);
	remove_db_files(tmp);
	return rc;
}
