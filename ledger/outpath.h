/*
 * outpath.h — the one place where pledger decides whether a path may be
 * written as output (cli.md Global, import.md §4, issue 12), and the
 * temporary files that stand in for it until the work is done.
 *
 * An output path (`report -o`, `--rejects`, a demo's files) is never the
 * database (nor its -wal, -shm or -journal file), the input, or another
 * output of the same command, compared by identity (device and inode; for
 * a path that does not exist yet, its directory's identity and its name),
 * not by spelling.  Only an absent path or a regular file the user may
 * write is replaced; a device, directory, symbolic link or read-only file
 * is refused.  Every file made here is registered, so that a SIGINT or
 * SIGTERM handler (cli/main.c) removes it with ldg_out_cleanup(), and a
 * temporary file is named ".<name>.pledger-<pid>.XXXXXX" so that a later
 * run recognises one left by a killed run and removes it.
 *
 * Errors are LDG_EIO "cannot write 'PATH': REASON" (exit 3).
 */
#ifndef LDG_OUTPATH_H
#define LDG_OUTPATH_H

#include <sqlite3.h>
#include <stdio.h>

#include "ledger/error.h"

/*
 * Check that path may be written: absent (in an existing directory) or a
 * regular file the user may write; not the database of db (main file,
 * -wal, -shm, -journal; db may be NULL) nor any path of others (a
 * NULL-terminated list, may be NULL: the input, the command's other
 * outputs).  Nothing is written.  Returns 0 or LDG_EIO.
 */
int ldg_out_check(const char *path, sqlite3 *db, const char *const *others,
		  struct ldg_err *err);

/*
 * Reserve a temporary file ".<name>.pledger-<pid>.XXXXXX" beside path,
 * with the mode of a new file, 0666 & ~umask, and register it for
 * removal on interruption.  Removes first the stale temporaries of path
 * that a run no longer alive left behind.  *tmp is malloc'd (the caller
 * frees it after ldg_out_commit or ldg_out_discard).  Returns 0 or LDG_EIO.
 */
int ldg_out_temp(const char *path, char **tmp, struct ldg_err *err);

/*
 * Rename tmp over path after checking path once more (it may have become
 * a device or a link since ldg_out_check), and unregister tmp.  On failure
 * tmp is removed.  Returns 0 or LDG_EIO.
 */
int ldg_out_commit(const char *tmp, const char *path, struct ldg_err *err);

/* Remove a file made here (temporary or new) and unregister it. */
void ldg_out_discard(const char *path);

/*
 * Create path as a new file (O_EXCL: an existing file, even one that
 * appeared after the check, is never truncated), after ldg_out_check, and
 * register it for removal on interruption.  When numbered is non-zero and
 * path exists, try "<stem>-2<ext>", "-3", ... where ext is path's last
 * ".suffix" (`x.rejects.csv` → `x.rejects-2.csv`).  The name used is
 * copied to name (namesz bytes).  *f is opened "wb".  Returns 0 or LDG_EIO
 * ("... already exists" for an existing path when numbered is 0).
 */
int ldg_out_create(const char *path, int numbered, sqlite3 *db, const char *const *others,
		   char *name, size_t namesz, FILE **f, struct ldg_err *err);

/* Keep a file made here: unregister it (it is the command's result). */
void ldg_out_keep(const char *path);

/*
 * Remove every registered file.  Async-signal-safe (unlink only): the
 * SIGINT/SIGTERM handler calls it before it dies of the signal.
 */
void ldg_out_cleanup(void);

#endif
