/*
 * table.h — the rows of an office's file, whatever it is (import.md §1
 * "Excel workbooks"): the format is told from the first bytes, never the
 * name.  A zip holding xl/workbook.xml is read by xlsxread.h, an OLE2
 * compound file (BIFF8 .xls) by xlsread.h, anything else as CSV text by
 * csvread.h.  HTML tables, SpreadsheetML 2003 XML, other zips and
 * password-protected workbooks are refused with one message saying what
 * the file is and how to save it as .xlsx.  Every reader yields the same
 * struct imp_record (csvread.h), so the importer does not care.
 */
#ifndef IMP_TABLE_H
#define IMP_TABLE_H

#include <stddef.h>

#include "import/csvread.h"
#include "ledger/error.h"

enum imp_format {
	IMP_FMT_CSV = 0,
	IMP_FMT_XLSX,
	IMP_FMT_XLS,
};

struct imp_table;

/*
 * Open path, or (path NULL) the len bytes at buf (kept until close; the
 * web workbench's upload).  name names the file in messages (NULL: path).
 * enc applies to CSV text; sheet (NULL: the first visible worksheet) to
 * workbooks, and is refused for CSV.  LDG_EINPUT when the file is not a
 * table pledger reads (err says what it is), LDG_EIO, LDG_ENOMEM.
 */
int imp_table_open(const char *path, const void *buf, size_t len, const char *name,
		   enum imp_encoding enc, const char *sheet, struct imp_table **out,
		   struct ldg_err *err);

/* The next non-blank record (see imp_csv_next; workbooks: xlsxread.h). */
int imp_table_next(struct imp_table *t, struct imp_record **rec, struct ldg_err *err);

enum imp_format imp_table_format(const struct imp_table *t);
/* CSV: the encoding in use and the BOM; workbooks: UTF-8, no BOM. */
enum imp_encoding imp_table_encoding(const struct imp_table *t);
int imp_table_had_bom(const struct imp_table *t);
/* The delimiter of a CSV file (',' or TAB); ',' for a workbook. */
char imp_table_delimiter(const struct imp_table *t);
/*
 * The header's text per column, to name the column of a decoding error in
 * later records of a CSV file (imp_csv_set_labels); nothing for a workbook.
 */
void imp_table_set_labels(struct imp_table *t, int n, const char *const *labels);
/* Progress: done so far and total, in the reader's unit (bytes or rows). */
long long imp_table_pos(const struct imp_table *t);
long long imp_table_size(const struct imp_table *t);
/* SHA-256 of the file's bytes (CSV: valid once imp_table_next returned 0). */
const char *imp_table_sha256(const struct imp_table *t);

/* Close and free; NULL is harmless. */
void imp_table_close(struct imp_table *t);

#endif
