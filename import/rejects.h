/*
 * rejects.h — the rejects file of a workbook import (import.md §4
 * --skip-invalid, §1 "Excel workbooks"): an .xlsx with the sheet's header
 * row and an added 错误原因 column, one row per rejected row, each cell in
 * its column as it was read (numbers as numbers, the rest as text).
 * Written with libxlsxwriter in constant-memory mode: rows go to disk as
 * they come, so memory stays flat.
 */
#ifndef IMP_REJECTS_H
#define IMP_REJECTS_H

#include "import/csvread.h"
#include "ledger/error.h"

struct imp_rejects;

/*
 * Start path with the header record's cells and 错误原因 after column
 * width - 1 (a rejected row with cells past the header has its error
 * after its own last cell, so that none is overwritten).  LDG_EIO when the file cannot be made, LDG_ENOMEM.
 */
int imp_rejects_open(const char *path, const struct imp_record *header, int width,
		     struct imp_rejects **out, struct ldg_err *err);

/* Add a rejected record and its error text.  LDG_EIO. */
int imp_rejects_add(struct imp_rejects *w, const struct imp_record *rec, const char *error,
		    struct ldg_err *err);

/*
 * Write the file and free w (NULL is harmless).  keep 0: discard it (the
 * file is removed).  LDG_EIO when the workbook cannot be written.
 */
int imp_rejects_close(struct imp_rejects *w, int keep, struct ldg_err *err);

#endif
