/*
 * csvread.h — reading an office's CSV file record by record (import.md §1).
 *
 * libcsv does the quoting (strict: CSV_STRICT | CSV_STRICT_FINI |
 * CSV_APPEND_NULL | CSV_EMPTY_IS_NULL); this layer does what libcsv does
 * not: decoding (a UTF-8 BOM stripped, GB18030 converted with iconv, the
 * choice made once per file), physical line numbers (a record's line is
 * the line where it starts: quoted fields hold newlines and blank lines are
 * skipped, so records are not lines), the raw text of each record (for the
 * rejects file), the SHA-256 of the file's bytes, and bounded memory
 * (buffers grow with the longest record, not with the file).
 */
#ifndef IMP_CSVREAD_H
#define IMP_CSVREAD_H

#include <stddef.h>

#include "import/import.h"
#include "ledger/error.h"

struct imp_csv;

/*
 * What a workbook cell held (import/table.h); CSV fields are all TEXT.
 * Every kind but the last two is handed over as text the CSV parsers read.
 */
enum imp_cell_kind {
	IMP_CELL_TEXT = 0,   /* a text cell (or CSV) */
	IMP_CELL_NUMBER,     /* a number: its shortest round-trip decimal text */
	IMP_CELL_DATE,       /* a number under a date format: ISO 2024-03-15 */
	IMP_CELL_PERCENT,    /* a number under a % format: "3.45%" for 0.0345 */
	IMP_CELL_BOOL,       /* TRUE or FALSE */
	IMP_CELL_ERROR,      /* an Excel error value: the text is "#N/A" … */
	IMP_CELL_NOVALUE,    /* a formula without a cached result (text NULL) */
};

/* One record.  Valid until the next imp_csv_next() call. */
struct imp_record {
	long line;            /* physical line (1-based) where the record starts */
	long end_line;        /* physical line where it ends */
	int nfields;          /* number of fields */
	const char **fields;  /* UTF-8, NUL-terminated; NULL for an empty field */
	const char *raw;      /* the record's lines as decoded (UTF-8), with
			       * their line ends */
	size_t rawlen;        /* bytes in raw */
	const size_t *lens;   /* byte length of each field (a field may hold a
			       * NUL byte, which its C string hides: import.md
			       * §1 refuses it), or NULL: strlen of each */
	/* workbooks only (xlsxread.h, xlsread.h); CSV leaves them 0/NULL: */
	const unsigned char *kinds; /* enum imp_cell_kind of each field; line
				     * is the sheet's row number and field i
				     * is column i (A = 0) */
};

/* The longest record (and line) read: a larger one is an error, so that a
 * quote left open near the top cannot make the whole file one field. */
#define IMP_CSV_RECORD_MAX (1 << 20)

/*
 * Open path for reading.  enc IMP_ENC_AUTO decides by a first pass over
 * the bytes (valid UTF-8 → UTF-8; mostly valid UTF-8 → UTF-8, and the
 * first line that is not is refused by imp_csv_next(); else GB18030).  A
 * UTF-16 byte order mark (FF FE, FE FF) wins over enc.  name is used in
 * messages (NULL: path).  LDG_EIO when the file cannot be opened,
 * LDG_EINPUT when it is an Excel workbook (zip or OLE2 magic), LDG_ENOMEM.
 * The delimiter (',' or TAB) is chosen from the first lines.
 */
int imp_csv_open(const char *path, const char *name, enum imp_encoding enc,
		 struct imp_csv **out, struct ldg_err *err);

/*
 * The next non-blank record: 1 and *rec set, 0 at the end of the file, or
 * a negative code: LDG_EINPUT for malformed CSV or text that is not valid
 * in the file's encoding (err has file and line), LDG_EIO, LDG_ENOMEM.
 * A record whose fields are all empty is skipped.
 */
int imp_csv_next(struct imp_csv *r, struct imp_record **rec, struct ldg_err *err);

/* The encoding in use (IMP_ENC_UTF8, _GB18030, _UTF16LE or _UTF16BE). */
enum imp_encoding imp_csv_encoding(const struct imp_csv *r);
/* The delimiter in use: ',' or '\t'. */
char imp_csv_delimiter(const struct imp_csv *r);
/*
 * The header's text per column (n of them; labels[i] may be NULL), used to
 * name the column of a decoding error in later records.  The array and its
 * strings must outlive the reader (or the next call); NULL forgets them.
 */
void imp_csv_set_labels(struct imp_csv *r, int n, const char *const *labels);
/* 1 when the file began with a byte order mark. */
int imp_csv_had_bom(const struct imp_csv *r);
/* Bytes read so far and the file's size. */
long long imp_csv_pos(const struct imp_csv *r);
long long imp_csv_size(const struct imp_csv *r);
/* SHA-256 of the whole file (valid after imp_csv_next() returned 0). */
const char *imp_csv_sha256(const struct imp_csv *r);

/* Close and free; NULL is harmless. */
void imp_csv_close(struct imp_csv *r);

/*
 * Encode UTF-8 text into enc (for the rejects file).  *out is malloc'd
 * (the caller frees), *outlen its length.  LDG_ENOMEM, LDG_EINPUT.
 */
int imp_encode(enum imp_encoding enc, const char *text, size_t len,
	       char **out, size_t *outlen, struct ldg_err *err);

#endif
