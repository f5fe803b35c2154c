/*
 * biff.h — what FreeXL does not tell about an .xls (import.md §1 "Excel
 * workbooks"): which sheets are hidden, and the cells FreeXL leaves empty
 * although they hold something — formulas (FORMULA records), booleans and
 * error values (BOOLERR).  A small reader of the OLE2 compound file (its
 * FAT, mini FAT and directory) and of the BIFF8 record stream, bounded in
 * every loop and every offset, since the file may be hostile.  Used by
 * xlsread.c in its child process.
 */
#ifndef IMP_BIFF_H
#define IMP_BIFF_H

#include <stddef.h>
#include <stdint.h>

struct imp_biff_cell {
	uint16_t row, col;     /* 0-based */
	unsigned char kind;    /* IMP_CELL_NOVALUE, _BOOL or _ERROR (csvread.h) */
	char text[8];          /* "TRUE", "#N/A", ... ("" for a formula) */
};

struct imp_biff {
	int nsheets;
	unsigned char *hidden;        /* per BOUNDSHEET, in order: 1 hidden */
	unsigned char *worksheet;     /* 1 a worksheet (not a chart, macro) */
	uint32_t *offset;             /* the sheet's BOF in the stream */
	unsigned char *stream;        /* the Workbook stream */
	size_t len;
};

/*
 * Read the compound file's Workbook stream and its sheet list from the n
 * bytes at f.  0, or -1 when the file cannot be read so (FreeXL then has
 * the last word).  Free with imp_biff_release().
 */
int imp_biff_open(const unsigned char *f, size_t n, struct imp_biff *b);

/*
 * The FORMULA and BOOLERR cells of sheet i (BOUNDSHEET order), sorted by
 * row and column: *cells malloc'd (the caller frees), *ncells.  0 or -1.
 */
int imp_biff_cells(const struct imp_biff *b, int i, struct imp_biff_cell **cells,
		   size_t *ncells);

void imp_biff_release(struct imp_biff *b);

#endif
