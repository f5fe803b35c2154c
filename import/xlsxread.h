/*
 * xlsxread.h — reading one worksheet of an .xlsx workbook row by row
 * (import.md §1 "Excel workbooks").
 *
 * A streaming reader of our own on libzip and expat: workbook.xml gives the
 * sheets in order with their visibility and the 1904 date system, the
 * relationships give each sheet's part, sharedStrings.xml is held in
 * memory (the only part that is), styles.xml says which cell formats are
 * dates and which are percentages, and the sheet's XML is parsed with SAX
 * and handed out one row at a time, so memory does not grow with the rows.
 *
 * Each cell becomes the text the CSV parsers read (csvread.h enum
 * imp_cell_kind): a number its shortest round-trip decimal text, a date
 * cell an ISO date, a percent cell "3.45%", a boolean TRUE/FALSE, a
 * formula its cached result; an error value (#N/A) or a formula without a
 * cached result is marked so that the importer reports it at its cell.
 *
 * Hostile files are refused with LDG_EINPUT and a message, never a crash
 * or unbounded memory: a zip entry inflating past XLSX_MAX_INFLATE bytes or
 * XLSX_MAX_RATIO times its compressed size, XML with a DOCTYPE (no entity
 * expansion), broken zips and truncated XML, rows past 1 048 576, columns
 * past XFD (16 384), a shared-string index out of range, cells out of
 * order, a cell longer than XLSX_MAX_CELL bytes.
 */
#ifndef IMP_XLSXREAD_H
#define IMP_XLSXREAD_H

#include <stddef.h>

#include "import/csvread.h"
#include "ledger/error.h"

#define XLSX_MAX_INFLATE (1LL << 30)  /* bytes of one part, inflated */
#define XLSX_MAX_SST (256LL << 20)    /* bytes of sharedStrings.xml, inflated */
#define XLSX_MAX_RATIO 250            /* inflated / compressed, past 1 MiB */
#define XLSX_MAX_CELL (128 * 1024)    /* bytes of one cell's text */
#define XLSX_MAX_ROWS 1048576L        /* Excel's limits */
#define XLSX_MAX_COLS 16384

struct imp_xlsx;

/*
 * Open a workbook from path, or (path NULL) from the len bytes at buf,
 * which must stay valid until imp_xlsx_close().  name names the file in
 * messages.  sheet: a sheet name, or a number N (the Nth sheet in the
 * workbook's order, hidden ones counted), or NULL for the first visible
 * worksheet.  LDG_EINPUT when the file is not a readable workbook or has
 * no such sheet (err says which), LDG_EIO, LDG_ENOMEM.
 */
int imp_xlsx_open(const char *path, const void *buf, size_t len, const char *name,
		  const char *sheet, struct imp_xlsx **out, struct ldg_err *err);

/*
 * The next row holding at least one non-empty cell: 1 and *rec set (valid
 * until the next call; rec->line is the Excel row number, field i is
 * column i, rec->kinds says what each cell held, raw is ""), 0 at the end
 * of the sheet, or a negative code (LDG_EINPUT with err placed at the row,
 * LDG_ENOMEM, LDG_EIO).
 */
int imp_xlsx_next(struct imp_xlsx *x, struct imp_record **rec, struct ldg_err *err);

/* The name of the sheet being read. */
const char *imp_xlsx_sheet(const struct imp_xlsx *x);
/* Inflated bytes of the sheet's XML read so far, and its size. */
long long imp_xlsx_pos(const struct imp_xlsx *x);
long long imp_xlsx_size(const struct imp_xlsx *x);

/* Close and free; NULL is harmless. */
void imp_xlsx_close(struct imp_xlsx *x);

/*
 * The decimal text (no exponent) of v to 15 significant digits, Excel's
 * precision, trailing zeros dropped — for any value typed into a cell the
 * shortest text that strtod() reads back as v — with the decimal point
 * moved right by shift places (2 for a percentage): 1234.56 → "1234.56",
 * 1e20 → "100000000000000000000", 0.0345 shift 2 → "3.45",
 * 0.044500000000000005 (4.45/100) → "0.0445".  out needs 400 bytes.  -1
 * when v is not finite.
 */
int imp_number_text(double v, int shift, char *out, size_t outsz); /* xlsx-boundary */

/*
 * The ISO date of an Excel serial day number (its fraction, the time, is
 * dropped) in the 1900 system (with Excel's phantom 1900-02-29 as serial
 * 60) or the 1904 system.  -1 when out of Excel's range (before serial 1,
 * after 9999-12-31).
 */
int imp_serial_date(double serial, int date1904, char out[11]); /* xlsx-boundary */

/* "G12" for column index col (0 = A) and row; out needs 16 bytes. */
void imp_cell_ref(int col, long row, char *out, size_t outsz);

#endif
