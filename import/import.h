/*
 * import.h — libimport: bank, insurer and tax files into the ledger
 * (import.md), and the row validator that manual entry shares with it.
 *
 * A file is read as the offices send it (import/csvread.h: encoding, BOM,
 * title lines, header detection, total rows), each record becomes a row of
 * (canonical column, text, unit) cells, every cell goes through the
 * ledger's validators, and the valid rows are written in one transaction
 * (import.md §4).  Nothing here prints: every row error and warning is
 * handed to the caller's sink as a struct ldg_err with file, line, column
 * (the header text as it stands in the file) and value filled in.
 *
 * Typical use (the CLI's `pledger import loans FILE`):
 *
 *     struct imp_opts o = IMP_OPTS_INIT;
 *     struct imp_report rep;
 *     struct imp_sink sink = { print_one, cli };
 *     struct ldg_err err = { 0 };
 *     int rc = imp_file(db, IMP_LOANS, "bank01.csv", &o, &rep, &sink, &err);
 *     // rc == 0: written (or validated, with o.dry_run); print the summary
 *     // rc == LDG_EINPUT: rows rejected, nothing written; the sink got
 *     //   one error per problem; err says how many
 *     // other rc: the file or the database failed; err says why
 */
#ifndef IMP_IMPORT_H
#define IMP_IMPORT_H

#include <sqlite3.h>
#include <stdint.h>

#include "ledger/error.h"

/* The kinds of file (import.md §2); also the `pledger import KIND` names. */
enum imp_kind {
	IMP_LOANS = 0,
	IMP_POLICIES,
	IMP_ENTERPRISES,
	IMP_CONTRIBUTIONS,
	IMP_BARS,
	IMP_RATES,
	IMP_TARGETS,
	IMP_ACCOUNTS,      /* payee accounts (import.md §2 accounts) */
};
#define IMP_KIND_COUNT 8

/* "loans", "policies", ... */
const char *imp_kind_name(enum imp_kind kind);
/* Parse a kind name; returns 0 or LDG_EUSAGE "unknown kind of file 'X'". */
int imp_kind_parse(const char *text, enum imp_kind *kind, struct ldg_err *err);

enum imp_encoding {
	IMP_ENC_AUTO = 0,  /* UTF-8 when the bytes are valid UTF-8, else GB18030 */
	IMP_ENC_UTF8,
	IMP_ENC_GB18030,
	IMP_ENC_UTF16LE,   /* told by a byte order mark only (Excel's "Unicode text") */
	IMP_ENC_UTF16BE,
};

/* Parse "auto", "utf-8" (or "utf8"), "gb18030" (also "gbk"). */
int imp_encoding_parse(const char *text, enum imp_encoding *enc,
		       struct ldg_err *err);

/* Options of one import (the command line's flags). */
struct imp_opts {
	enum imp_encoding encoding; /* --encoding; IMP_ENC_AUTO by default */
	const char *map_path;       /* --map FILE: extra header names, or NULL */
	int unit;                   /* --unit: -1 none, else enum ldg_unit */
	const char *bank;           /* --bank NAME for files without a bank
				     * column (loans), the insurer (policies) */
	int dry_run;                /* --dry-run: validate, count, write nothing */
	int skip_invalid;           /* --skip-invalid: write the valid rows and
				     * put the invalid ones in the rejects file */
	const char *rejects_path;   /* --rejects FILE; NULL: "FILE.rejects.csv" */
	const char *display_name;   /* name in messages; NULL: path as given */
	/* Called about every 4096 rows (may be NULL): rows so far, bytes read,
	 * file size in bytes. */
	void (*progress)(void *ctx, long rows, long long bytes, long long total);
	void *progress_ctx;
	const char *sheet;          /* --sheet NAME|N of a workbook; NULL: the
				     * first visible worksheet */
};
#define IMP_OPTS_INIT { IMP_ENC_AUTO, NULL, -1, NULL, 0, 0, NULL, NULL, NULL, NULL, NULL }

/* What an import did (import.md §4 summary line). */
struct imp_report {
	long rows;          /* data rows (title, header, total, blank rows excluded) */
	long new_rows;      /* inserted */
	long updated;       /* changed, old values in the audit log */
	long unchanged;     /* identical to what is recorded */
	long rejected;      /* invalid (all-or-nothing: nothing was written) */
	long warnings;      /* warnings given to the sink */
	int64_t batch_id;   /* import_batches.id; 0 when nothing was written */
	char sha256[65];    /* of the file's bytes, lower-case hex */
	enum imp_encoding encoding; /* the encoding actually used */
	long header_line;   /* physical line of the header row */
	char rejects_path[1024]; /* rejects file written ("" when none) */
	int would_be;       /* 1: the whole file was read and refused for its
			     * rows (or its total row): the counts say what
			     * would have happened (import.md §5); 0 when it
			     * was refused before its end (a file-level error) */
};

/*
 * Where row errors and warnings go.  fn is called once per message, in file
 * order, with is_error 1 for a row error (the row is rejected) and 0 for a
 * warning.  msg->file, ->line, ->column and ->value are filled in as far as
 * they are known (a warning about the whole file has no column).  The
 * message is valid only during the call.  fn may be NULL (messages dropped).
 */
struct imp_sink {
	void (*fn)(void *ctx, int is_error, const struct ldg_err *msg);
	void *ctx;
};

/*
 * Import one file (import.md §1–§4).
 *
 * db:    an open, initialised database (ledger/db.h); no transaction open.
 * kind:  which file it is.
 * path:  the file to read.
 * opts:  options (NULL: IMP_OPTS_INIT).
 * rep:   filled with the counts (required).
 * sink:  receives every row error and warning (may be NULL).
 * err:   the failure, when the return value is not 0.
 *
 * Returns 0 when the file was taken in: all rows written, or with
 * skip_invalid the valid ones (rep->rejected > 0, rejects file written), or
 * with dry_run nothing written.  Returns LDG_EINPUT when rows are invalid
 * without skip_invalid, or the file cannot be read as a table of this kind
 * (no header row, a required column missing, malformed CSV): nothing is
 * written, the sink has had one error per problem, err says how many rows
 * were rejected.  LDG_ELOCKED is reported per row like any row error (a
 * change to data a finalized subsidy run used, rules.md §7).  LDG_EIO,
 * LDG_EDB, LDG_ENOMEM: the file or the database failed; nothing written.
 *
 * The whole import is one transaction; a killed import leaves the database
 * as it was.  Memory does not grow with the file.  Each import that writes
 * is recorded in import_batches (file name, SHA-256, time, user, counts).
 */
int imp_file(sqlite3 *db, enum imp_kind kind, const char *path,
	     const struct imp_opts *opts, struct imp_report *rep,
	     const struct imp_sink *sink, struct ldg_err *err);

/*
 * Reverse batch `batch_id` (import.md §4): delete the rows it inserted and
 * restore, from the audit log's old values, the rows it updated, in one
 * transaction, and mark the batch undone.  Refused (LDG_ELOCKED) when a
 * finalized subsidy run uses any of them; refused (LDG_ECONFLICT) when the
 * batch was undone already or a later change touched its rows (undo that
 * first).  LDG_ENOTFOUND when there is no such batch.  *changed (may be
 * NULL) gets the number of rows deleted or restored.
 */
int imp_undo(sqlite3 *db, int64_t batch_id, long *changed, struct ldg_err *err);

/* --- Rows: the validator that import and manual entry share ----------- */

/*
 * A row is a set of (canonical column, text, unit) cells of one kind.  The
 * importer fills it from a CSV record, `pledger loan add` from --name value
 * options; both then call imp_row_apply(), so a value is judged the same
 * way whichever door it comes in by.
 */
struct imp_row;

/*
 * A new empty row of `kind`.  file (may be NULL) and line name the row in
 * messages.  Returns NULL when out of memory.  Free with imp_row_free().
 */
struct imp_row *imp_row_new(enum imp_kind kind, const char *file, long line);
void imp_row_free(struct imp_row *row);

/*
 * Set a cell by canonical column name ("contract_no"; "contract-no" is the
 * same; an amount column may carry "_yuan" or "_wan": "principal_wan").
 * text is copied.  label names the cell in messages (NULL: the name as
 * given).  LDG_EUSAGE "unknown column 'X' for loans" when the kind has no
 * such column.
 */
int imp_row_set(struct imp_row *row, const char *name, const char *text,
		const char *label, struct ldg_err *err);

/* The canonical column names of a kind, NULL-terminated (for usage text). */
const char *const *imp_columns(enum imp_kind kind);

/* How imp_row_apply() treats an existing record with the same key. */
enum imp_mode {
	IMP_MODE_UPSERT = 0, /* import: identical → unchanged, else update */
	IMP_MODE_INSERT,     /* `add`: an existing key is an error */
};

/* What imp_row_apply() did. */
enum imp_outcome {
	IMP_NEW = 0,
	IMP_UPDATED,
	IMP_UNCHANGED,
	IMP_REJECTED,
};

/*
 * Validate a row and write it (enterprise created from the row when new,
 * identity of import.md §2, audit of import.md §4).  The caller holds the
 * transaction.  Every problem goes to the sink as an error (so a row can
 * have several), warnings likewise.  accept_nonstandard_uscc: take a USCC
 * whose check character is wrong (`enterprise add
 * --accept-nonstandard-uscc`) and record it as such.  batch_id: the batch
 * the write belongs to (0: a manual change).  *outcome gets what happened;
 * *key (may be NULL, KEYSZ bytes) the record's key as the CLI shows it
 * ("BANK/CONTRACT", "INSURER/NO", the USCC, ...).
 *
 * Returns 0 (also for a rejected row: see *outcome), or a negative code
 * when the database failed.
 */
#define IMP_KEYSZ 512
int imp_row_apply(sqlite3 *db, struct imp_row *row, enum imp_mode mode,
		  int accept_nonstandard_uscc, int64_t batch_id,
		  const struct imp_sink *sink, enum imp_outcome *outcome,
		  char *key, struct ldg_err *err);

#endif
