/*
 * xlsread.h — reading one worksheet of a BIFF8 .xls workbook row by row
 * with FreeXL (import.md §1 "Excel workbooks").
 *
 * A number becomes its shortest round-trip decimal text (imp_number_text),
 * a date-formatted cell an ISO date, text stays text.  FreeXL gives no
 * value for formula cells, booleans and error values and does not tell
 * which sheets are hidden: biff.h reads those from the compound file, so a
 * formula is IMP_CELL_NOVALUE (the importer names it instead of reading it
 * as empty), a boolean TRUE/FALSE, an error value IMP_CELL_ERROR, and the
 * default sheet is the first visible worksheet.  FreeXL runs in a child
 * process (xlsread.c).  An .xls is at most 65 536 rows.
 */
#ifndef IMP_XLSREAD_H
#define IMP_XLSREAD_H

#include "import/csvread.h"
#include "ledger/error.h"

struct imp_xls;

/*
 * Open the .xls at path; name for messages; sheet as imp_xlsx_open().
 * LDG_EINPUT when FreeXL cannot read it, it is password-protected or has
 * no such sheet; LDG_ENOMEM.
 */
int imp_xls_open(const char *path, const char *name, const char *sheet,
		 struct imp_xls **out, struct ldg_err *err);
/* As imp_xlsx_next(). */
int imp_xls_next(struct imp_xls *x, struct imp_record **rec, struct ldg_err *err);
/* Rows read so far, and the sheet's rows. */
long long imp_xls_pos(const struct imp_xls *x);
long long imp_xls_size(const struct imp_xls *x);
void imp_xls_close(struct imp_xls *x);

#endif
