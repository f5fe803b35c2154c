/*
 * xlsread.h — reading one worksheet of a BIFF8 .xls workbook row by row
 * with FreeXL (import.md §1 "Excel workbooks").
 *
 * A number becomes its shortest round-trip decimal text (imp_number_text),
 * a date-formatted cell an ISO date, text stays text.  FreeXL gives no
 * value for formula cells, booleans and error values: the cells FreeXL
 * leaves empty that the sheet's own records (read here from the compound
 * file) show to be formulas are marked IMP_CELL_NOVALUE, so the importer
 * names them instead of reading them as empty.  An .xls is at most 65 536
 * rows; FreeXL holds it in memory.
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
