/*
 * outpath.c — output path checks by file identity, temporary files beside
 * the target, and the registry of files to remove on interruption
 * (outpath.h, issue 12).
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ledger/outpath.h"
#include "ledger/lang.h"

/* The files made here and not yet kept, committed or discarded. */
#define REG_SLOTS 16
static char reg_path[REG_SLOTS][PATH_MAX];
static volatile sig_atomic_t reg_used[REG_SLOTS];

/*
 * Hold back SIGINT, SIGTERM and SIGHUP while a file is made and registered,
 * so that an interruption cannot fall between the two and leave the file
 * behind (the handler only removes registered files).
 */
static void hold_signals(sigset_t *old)
{
	sigset_t set;

	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGHUP);
	sigprocmask(SIG_BLOCK, &set, old);
}

static void release_signals(const sigset_t *old)
{
	sigprocmask(SIG_SETMASK, old, NULL);
}

/* Register path for ldg_out_cleanup (silently not when every slot is taken). */
static void reg_add(const char *path)
{
	int i;

	if (strlen(path) >= PATH_MAX)
		return;
	for (i = 0; i < REG_SLOTS; i++)
		if (!reg_used[i]) {
			memcpy(reg_path[i], path, strlen(path) + 1);
			reg_used[i] = 1;
			return;
		}
}

static void reg_del(const char *path)
{
	int i;

	for (i = 0; i < REG_SLOTS; i++)
		if (reg_used[i] && strcmp(reg_path[i], path) == 0) {
			reg_used[i] = 0;
			return;
		}
}

/* ldg_out_cleanup: see outpath.h. */
void ldg_out_cleanup(void)
{
	int i;

	for (i = 0; i < REG_SLOTS; i++)
		if (reg_used[i]) {
			unlink(reg_path[i]);
			reg_used[i] = 0;
		}
}

/*
 * The identity of a path: an existing file's device and inode (of the
 * link itself, never followed), else its directory's and its last name.
 */
struct ident {
	int exists;      /* 1: dev/ino are the file's */
	int dir_ok;      /* 0: neither the file nor its directory exists */
	dev_t dev;       /* the file's, or the directory's */
	ino_t ino;
	char name[256];  /* the last component when !exists */
};

/* Fill id for path; a path whose directory is missing gets dir_ok 0. */
static void ident_of(const char *path, struct ident *id)
{
	struct stat st;
	const char *slash = strrchr(path, '/');
	char dir[PATH_MAX];

	memset(id, 0, sizeof *id);
	if (lstat(path, &st) == 0) {
		id->exists = id->dir_ok = 1;
		id->dev = st.st_dev;
		id->ino = st.st_ino;
		return;
	}
	if (slash && (size_t)(slash - path) + 1 >= sizeof dir)
		return;
	if (slash == path)
		snprintf(dir, sizeof dir, "/");
	else if (slash)
		snprintf(dir, sizeof dir, "%.*s", (int)(slash - path), path);
	else
		snprintf(dir, sizeof dir, ".");
	if (stat(dir, &st) != 0)
		return;
	id->dir_ok = 1;
	id->dev = st.st_dev;
	id->ino = st.st_ino;
	snprintf(id->name, sizeof id->name, "%s", slash ? slash + 1 : path);
}

static int ident_same(const struct ident *a, const struct ident *b)
{
	if (!a->dir_ok || !b->dir_ok || a->exists != b->exists)
		return 0;
	return a->dev == b->dev && a->ino == b->ino
	       && (a->exists || strcmp(a->name, b->name) == 0);
}

/* 1 when path is the same file as other (by identity; also a link to it). */
static int same_file(const struct ident *pid, const char *path, const char *other)
{
	struct ident oid;
	struct stat a, b;

	ident_of(other, &oid);
	if (ident_same(pid, &oid))
		return 1;
	/* a link to the database is refused as a link anyway; a hard link or
	 * bind mount has the same identity */
	return stat(path, &a) == 0 && stat(other, &b) == 0
	       && a.st_dev == b.st_dev && a.st_ino == b.st_ino;
}

/* ldg_out_check: see outpath.h. */
int ldg_out_check(const char *path, sqlite3 *db, const char *const *others,
		  struct ldg_err *err)
{
	static const char *const sfx[] = { "", "-wal", "-shm", "-journal" };
	struct ident id;
	struct stat st;
	size_t i;

	if (!path || !*path)
		return ldg_err_set(err, LDG_EIO, _("cannot write '': no file name"));
	ident_of(path, &id);
	if (!id.dir_ok)
		return ldg_err_set(err, LDG_EIO, _("cannot write '%s': %s"), path, strerror(ENOENT));
	if (id.exists) {
		if (lstat(path, &st) != 0)
			return ldg_err_set(err, LDG_EIO, _("cannot write '%s': %s"), path,
					   strerror(errno));
		if (S_ISLNK(st.st_mode))
			return ldg_err_set(err, LDG_EIO, _("cannot write '%s': it is a symbolic link;"
					   " name the file itself"), path);
		if (S_ISDIR(st.st_mode))
			return ldg_err_set(err, LDG_EIO, _("cannot write '%s': it is a directory"), path);
		if (!S_ISREG(st.st_mode))
			return ldg_err_set(err, LDG_EIO, _("cannot write '%s': it is a device or other"
					   " special file, not a regular file"), path);
		/* root passes access(W_OK) on a read-only file: the mode decides */
		if (access(path, W_OK) != 0 || !(st.st_mode & (S_IWUSR | S_IWGRP | S_IWOTH)))
			return ldg_err_set(err, LDG_EIO, _("cannot write '%s': the file is read-only"),
					   path);
	}
	if (db) {
		const char *dbf = sqlite3_db_filename(db, "main");
		char buf[PATH_MAX];

		for (i = 0; dbf && *dbf && i < sizeof sfx / sizeof sfx[0]; i++) {
			if (snprintf(buf, sizeof buf, "%s%s", dbf, sfx[i]) >= (int)sizeof buf)
				continue;
			if (same_file(&id, path, buf))
				return ldg_err_set(err, LDG_EIO, _("cannot write '%s': it is the database%s%s"),
						   path, *sfx[i] ? "'s " : "", sfx[i]);
		}
	}
	for (i = 0; others && others[i]; i++)
		if (same_file(&id, path, others[i]))
			return ldg_err_set(err, LDG_EIO, _("cannot write '%s': it is the same file as '%s'"),
					   path, others[i]);
	return 0;
}

/* "<dir>/" of path (with the slash) into buf; "" for a bare name. */
static void dir_part(const char *path, char *buf, size_t sz, const char **base)
{
	const char *slash = strrchr(path, '/');

	if (slash)
		snprintf(buf, sz, "%.*s", (int)(slash - path) + 1, path);
	else
		buf[0] = '\0';
	*base = slash ? slash + 1 : path;
}

/*
 * Remove ".<base>.pledger-<pid>.XXXXXX" files in path's directory whose
 * process is gone (kill(pid, 0) says ESRCH): a run killed by SIGKILL or a
 * power cut left them.  Only regular files of this user are touched.
 */
static void remove_stale(const char *path)
{
	char dir[PATH_MAX], prefix[300], full[PATH_MAX];
	const char *base;
	struct dirent *de;
	size_t plen;
	DIR *d;

	dir_part(path, dir, sizeof dir, &base);
	snprintf(prefix, sizeof prefix, ".%s.pledger-", base);
	plen = strlen(prefix);
	if (!(d = opendir(*dir ? dir : ".")))
		return;
	while ((de = readdir(d)) != NULL) {
		const char *p = de->d_name + plen;
		char *end;
		long pid;
		struct stat st;

		if (strncmp(de->d_name, prefix, plen) != 0 || *p < '1' || *p > '9')
			continue;
		errno = 0;
		pid = strtol(p, &end, 10);
		if (errno || *end != '.' || strlen(end) != 7 || pid <= 0 || pid > INT_MAX)
			continue;
		if (pid == (long)getpid() || kill((pid_t)pid, 0) == 0 || errno != ESRCH)
			continue;
		if (snprintf(full, sizeof full, "%s%s", dir, de->d_name) >= (int)sizeof full)
			continue;
		if (lstat(full, &st) == 0 && S_ISREG(st.st_mode) && st.st_uid == geteuid())
			unlink(full);
	}
	closedir(d);
}

/* ldg_out_temp: see outpath.h. */
int ldg_out_temp(const char *path, char **tmp, struct ldg_err *err)
{
	char dir[PATH_MAX];
	const char *base;
	size_t n;
	mode_t mask;
	sigset_t held;
	int fd, e;

	*tmp = NULL;
	dir_part(path, dir, sizeof dir, &base);
	remove_stale(path);
	n = strlen(dir) + strlen(base) + 48;
	if (!(*tmp = malloc(n)))
		return ldg_err_set(err, LDG_ENOMEM, _("out of memory"));
	snprintf(*tmp, n, "%s.%s.pledger-%ld.XXXXXX", dir, base, (long)getpid());
	hold_signals(&held);
	if ((fd = mkstemp(*tmp)) < 0) {
		release_signals(&held);
		goto fail;
	}
	reg_add(*tmp);
	release_signals(&held);
	mask = umask(0);
	umask(mask);
	if (fchmod(fd, 0666 & ~mask) != 0) {
		e = errno;
		close(fd);
		ldg_out_discard(*tmp);
		errno = e;
		goto fail;
	}
	if (close(fd) != 0) {
		e = errno;
		ldg_out_discard(*tmp);
		errno = e;
		goto fail;
	}
	return 0;
fail:
	e = errno;
	free(*tmp);
	*tmp = NULL;
	return ldg_err_set(err, LDG_EIO, _("cannot write '%s': %s"), path, strerror(e));
}

/* ldg_out_commit: see outpath.h. */
int ldg_out_commit(const char *tmp, const char *path, struct ldg_err *err)
{
	int rc;

	if ((rc = ldg_out_check(path, NULL, NULL, err))) {
		ldg_out_discard(tmp);
		return rc;
	}
	if (rename(tmp, path) != 0) {
		rc = ldg_err_set(err, LDG_EIO, _("cannot write '%s': %s"), path, strerror(errno));
		ldg_out_discard(tmp);
		return rc;
	}
	reg_del(tmp);
	return 0;
}

/* ldg_out_discard: see outpath.h. */
void ldg_out_discard(const char *path)
{
	if (!path)
		return;
	unlink(path);
	reg_del(path);
}

/* ldg_out_keep: see outpath.h. */
void ldg_out_keep(const char *path)
{
	if (path)
		reg_del(path);
}

/* "<stem>-<k><ext>" of path into buf, ext being the last ".suffix" of its name. */
static void numbered_name(const char *path, int k, char *buf, size_t sz)
{
	const char *slash = strrchr(path, '/');
	const char *dot = strrchr(slash ? slash + 1 : path, '.');

	if (!dot || dot == (slash ? slash + 1 : path))
		snprintf(buf, sz, "%s-%d", path, k);
	else
		snprintf(buf, sz, "%.*s-%d%s", (int)(dot - path), path, k, dot);
}

/* ldg_out_create: see outpath.h. */
int ldg_out_create(const char *path, int numbered, sqlite3 *db, const char *const *others,
		   char *name, size_t namesz, FILE **f, struct ldg_err *err)
{
	char cand[PATH_MAX];
	struct stat st;
	sigset_t held;
	int k, fd, rc;

	*f = NULL;
	for (k = 1; k < 1000; k++) {
		if (k == 1)
			snprintf(cand, sizeof cand, "%s", path);
		else
			numbered_name(path, k, cand, sizeof cand);
		if (lstat(cand, &st) == 0) {
			if (!numbered && (rc = ldg_out_check(cand, db, others, err)))
				return rc;  /* the database or the input: say so */
			if (!numbered)
				return ldg_err_set(err, LDG_EIO, _("cannot write '%s': it already exists;"
						   " name a new file"), cand);
			continue;
		}
		if ((rc = ldg_out_check(cand, db, others, err)))
			return rc;
		hold_signals(&held);
		fd = open(cand, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0666);
		if (fd >= 0)
			reg_add(cand);
		release_signals(&held);
		if (fd < 0 && errno == EEXIST && numbered)
			continue;
		if (fd < 0)
			return ldg_err_set(err, LDG_EIO, _("cannot write '%s': %s"), cand,
					   errno == EEXIST ? "it already exists; name a new file"
					   : strerror(errno));
		if (!(*f = fdopen(fd, "wb"))) {
			rc = ldg_err_set(err, LDG_EIO, _("cannot write '%s': %s"), cand, strerror(errno));
			close(fd);
			ldg_out_discard(cand);
			return rc;
		}
		snprintf(name, namesz, "%s", cand);
		return 0;
	}
	return ldg_err_set(err, LDG_EIO, _("cannot write '%s': no free name up to -999"), path);
}
