/*
 * error.h — the one error type of libledger (and of libimport, libreports).
 *
 * Fallible functions return 0 on success or a negative enum ldg_code, and
 * fill an optional struct ldg_err.  The first error wins: once err->code is
 * set, later ldg_err_set() calls leave it alone, so the innermost, most
 * precise message survives.  Only cli/ turns an error into text on stderr
 * and into an exit code.
 *
 * For input errors the parts are kept apart so that the importer can add
 * the place: msg is "what is wrong" (lowercase, no full stop), value is the
 * text as it stood, and file/line/column are filled by whoever knows them.
 * ldg_err_format() assembles
 *     FILE:LINE: column 'NAME': MSG (value 'TEXT')
 * leaving out the parts that are empty.
 */
#ifndef LDG_ERROR_H
#define LDG_ERROR_H

#include <stddef.h>

enum ldg_code {
	LDG_OK        = 0,
	LDG_EINPUT    = -1,  /* input rejected: bad value, bad file (exit 1) */
	LDG_ENOTFOUND = -2,  /* a named thing does not exist (exit 1) */
	LDG_ELOCKED   = -3,  /* refused: a finalized subsidy run uses it (exit 1) */
	LDG_ECONFLICT = -4,  /* refused: state does not allow it (exit 1) */
	LDG_EUSAGE    = -5,  /* bad command line (exit 2) */
	LDG_EDB       = -6,  /* database error (exit 3) */
	LDG_EIO       = -7,  /* file error (exit 3) */
	LDG_ENOMEM    = -8,  /* out of memory (exit 3) */
	LDG_ERANGE    = -9,  /* arithmetic overflow (exit 1: the input is too big) */
	LDG_ENODB     = -10, /* database missing or not initialised (exit 3) */
	LDG_EDENIED   = -16, /* refused: the person may not (role, four eyes, lockout) (exit 1) */
};

struct ldg_err {
	enum ldg_code code;   /* LDG_OK until the first ldg_err_set() */
	char msg[512];        /* what is wrong, lowercase, no final full stop */
	char value[256];      /* offending input text, "" if none */
	char file[256];       /* input file name, "" if none */
	long line;            /* 1-based physical line, 0 if none */
	char column[128];     /* column (header text or canonical name), "" if none */
};

/*
 * Record an error.  Does nothing when err is NULL or already holds an error.
 * Returns code, so that `return ldg_err_set(err, LDG_EINPUT, "...")` works.
 */
int ldg_err_set(struct ldg_err *err, enum ldg_code code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Set err->value (truncated to fit) if err is non-NULL and value is unset. */
void ldg_err_value(struct ldg_err *err, const char *value);

/* Set the place of an input error: file, line, column (any may be NULL/0). */
void ldg_err_place(struct ldg_err *err, const char *file, long line,
		   const char *column);

/* Forget any recorded error. */
void ldg_err_clear(struct ldg_err *err);

/* Assemble the one-line message described above into buf; returns buf. */
char *ldg_err_format(const struct ldg_err *err, char *buf, size_t bufsz);

/* Constant text for a code, e.g. "input rejected". */
const char *ldg_strerror(int code);

/* The exit status the CLI uses for a code (cli.md: 0, 1, 2, 3). */
int ldg_exit_status(int code);

/*
 * A process-wide record that a write went past the file size limit
 * (`ulimit -f`, signal SIGXFSZ).  Some writers cannot see that failure
 * themselves (libxlsxwriter does not check the writes of its temporary
 * files, so a truncated workbook would look complete).  The program's
 * SIGXFSZ handler calls ldg_io_fault_set() (async-signal-safe); a writer
 * calls ldg_io_fault_seen() before it commits a file and fails with
 * LDG_EIO when it returns 1.
 */
void ldg_io_fault_set(void);
int ldg_io_fault_seen(void);

#endif
