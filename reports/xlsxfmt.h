/*
 * xlsxfmt.h — what every pledger workbook shares (reports.md "Common to
 * every workbook"): the book (temporary file, rename on success, workbook
 * properties, SOURCE_DATE_EPOCH), the formats (宋体 everywhere, title,
 * header, amount `#,##0.00`, 万元, date `yyyy-mm-dd`, identifier text), and
 * a table writer that estimates column widths for CJK text, sets up
 * printing (A4, landscape when wide, fit to one page wide, repeated header
 * rows, footer `第 &P 页 共 &N 页`), freezes the header, adds an autofilter
 * on long tables, writes total rows as SUM formulas with their cached
 * value, and continues a table on `<sheet>(2)` at the row limit.
 *
 * Error handling: every libxlsxwriter return is checked.  The first
 * failure is kept in the book (struct rpt_book .err / .rc) and every later
 * call on that book does nothing and returns the same code, so a report may
 * write a whole row and check once (rpt_row_end() returns the sticky code).
 * rpt_book_close() returns it too.
 *
 * Typical use (see reports/report_ledger.c):
 *
 *     struct rpt_book b;
 *     struct rpt_table t;
 *     static const struct rpt_col cols[] = {
 *         { "企业名称", RPT_TEXT, 0, NULL },
 *         { "统一社会信用代码", RPT_IDENT, 0, NULL },
 *         { "本金", RPT_AMOUNT, 1, NULL },
 *     };
 *     if (rpt_book_open(&b, path, 0, o->max_rows, "标题", "东阳市", err))
 *         return err->code;
 *     rpt_table_begin(&t, &b, "兑付清单", cols, 3, "标题", "地区：东阳市", "单位：元");
 *     while (...) {
 *         rpt_row_begin(&t);
 *         rpt_cell_text(&t, 0, name);
 *         rpt_cell_text(&t, 1, uscc);
 *         rpt_cell_fen(&t, 2, principal_fen);
 *         if (rpt_row_end(&t)) break;
 *     }
 *     rpt_table_total(&t, "合计");
 *     rpt_table_end(&t);
 *     return rpt_book_close(&b, err);   (renames over path; frees b)
 */
#ifndef RPT_XLSXFMT_H
#define RPT_XLSXFMT_H

#include <stdint.h>
#include <time.h>

#include <xlsxwriter.h>

#include "ledger/error.h"

/* Rows an Excel sheet holds (the default of struct rpt_opts.max_rows). */
#define RPT_SHEET_ROWS 1048576L

/* Environment variable the CLI reads into rpt_opts.max_rows (tests only). */
#define RPT_MAX_ROWS_ENV "PLEDGER_MAX_SHEET_ROWS"

/* Kinds of column: decide the cell type, the format and the width. */
enum rpt_kind {
	RPT_TEXT = 0,  /* text, always a string cell (imported text stays text) */
	RPT_IDENT,     /* identifier (USCC, contract, patent no.): text cell, format "@" */
	RPT_CENTER,    /* short text centred (状态, 种类) */
	RPT_SEQ,       /* 序号: integer, centred */
	RPT_INT,       /* a count: integer number "#,##0" */
	RPT_AMOUNT,    /* fen shown as yuan: number fen / 100, "#,##0.00" */
	RPT_WAN,       /* fen shown as 万元: number fen / 1 000 000, "#,##0.00" */
	RPT_DATE,      /* day number: date cell "yyyy-mm-dd" */
	RPT_PCT,       /* ppm shown as percent points: number ppm / 10 000, "0.00##" (3.45) */
};

/* One column of a table.  Arrays of these are usually static const. */
struct rpt_col {
	const char *head;   /* header text (the lower row when group is set) */
	enum rpt_kind kind; /* cell type, format and width rule */
	int total;          /* 1: the total row sums this column (RPT_INT/AMOUNT/WAN) */
	const char *group;  /* upper header merged over adjacent columns with the
			       same group text, or NULL (needs a non-constant-memory book) */
};

/* The formats of a book (all 宋体; owned by the workbook). */
struct rpt_formats {
	lxw_format *title;      /* 16 pt bold, centred (merged across the table) */
	lxw_format *info_left;  /* the line under the title, left part */
	lxw_format *info_right; /* the line under the title, right part (单位：元) */
	lxw_format *head;       /* bold, thin borders, centred, wrapped, grey fill */
	lxw_format *text;       /* bordered text */
	lxw_format *ident;      /* bordered text, number format "@" */
	lxw_format *center;     /* bordered text, centred */
	lxw_format *integer;    /* bordered "#,##0" */
	lxw_format *amount;     /* bordered "#,##0.00" (元 and 万元 alike) */
	lxw_format *date;       /* bordered "yyyy-mm-dd", centred */
	lxw_format *pct;        /* bordered "0.00##" */
	lxw_format *total_label;/* bold bordered centred (合计) */
	lxw_format *total_int;  /* bold bordered "#,##0" */
	lxw_format *total_amount; /* bold bordered "#,##0.00" */
	lxw_format *line;       /* 11 pt, no border (大写 line, signatures) */
	lxw_format *note;       /* 10.5 pt, wrapped, top-aligned (说明 sheet) */
	lxw_format *note_head;  /* bold, no border (说明 sheet headings) */
	lxw_format *wrap;       /* bordered text wrapped in its column (fixed widths) */
	lxw_format *draft;      /* 14 pt bold red: 草稿，不作兑付依据 */
};

/*
 * A workbook being written.  All fields are readable by the reports; only
 * xlsxfmt.c writes them.
 */
struct rpt_book {
	lxw_workbook *wb;        /* the libxlsxwriter workbook (NULL once closed) */
	struct rpt_formats f;    /* the shared formats */
	char *path;              /* final path (malloc'd copy) */
	char *tmp;               /* temporary path in the same directory (malloc'd) */
	char *tmpdir;            /* that directory, for libxlsxwriter's own temporaries */
	int constant_memory;     /* 1: rows must be written in order, no vertical merges */
	long max_rows;           /* rows per sheet before continuing on "(2)" */
	time_t made;             /* SOURCE_DATE_EPOCH, else now */
	char made_date[11];      /* made as ISO date (UTC under SOURCE_DATE_EPOCH) */
	int rc;                  /* first error (0 = none) ... */
	struct ldg_err err;      /* ... and its message */
};

/*
 * Start a workbook that will end up at path.  Creates a temporary file
 * "<dir>/.<name>.XXXXXX" next to path (so the final rename is atomic and a
 * directory that does not exist or cannot be written fails here), creates
 * the workbook (constant_memory != 0: libxlsxwriter's constant-memory
 * mode), the formats and the properties (title, company, created = made).
 * max_rows <= 0 means RPT_SHEET_ROWS; values below 8 are raised to 8.
 *
 * Errors: LDG_EIO "cannot write 'PATH': REASON", LDG_ENOMEM.  On error
 * nothing is left behind and b needs no release.
 */
int rpt_book_open(struct rpt_book *b, const char *path, int constant_memory,
		  long max_rows, const char *title, const char *company,
		  struct ldg_err *err);

/*
 * Write the workbook and rename it over b->path, or, when an error was
 * recorded, discard it.  Frees everything b holds (worksheets, formats,
 * paths); b must not be used afterwards.  Returns 0 or the error (copied to
 * err): LDG_EIO "cannot write 'PATH': REASON" for a libxlsxwriter or
 * rename failure.  The temporary file never survives.
 */
int rpt_book_close(struct rpt_book *b, struct ldg_err *err);

/*
 * Discard the workbook without writing it (an error in the report's own
 * code, e.g. a database error): frees b and removes the temporary file.
 */
void rpt_book_abort(struct rpt_book *b);

/*
 * Record an error in the book unless one is already recorded (first wins).
 * Returns the book's error code.  Reports use it for their own failures
 * (a database error while writing a sheet), e.g.
 * `return rpt_book_fail(b, ldg_db_error(db, "cannot read loans", &b->err))`
 * — when code's message was put in b->err directly, pass its code.
 */
int rpt_book_fail(struct rpt_book *b, int code);

/*
 * Record a libxlsxwriter failure e (when e != LXW_NO_ERROR) as LDG_EIO
 * "cannot write 'PATH': <what>: lxw_strerror(e)".  Returns the book's code.
 */
int rpt_book_lxw(struct rpt_book *b, lxw_error e, const char *what);

/*
 * The number an xlsx cell holds for v counted in 1/scale units: v / scale
 * as the IEEE double libxlsxwriter's number API takes (fen: scale 100;
 * 万元 from fen: 1 000 000; a ppm rate in per cent: 10 000; a day
 * serial or a count: 1).  The one place where pledger's integers become
 * floating point, on the way out only: no figure is ever computed from
 * the result.  Exact for |v| < 2^53 with scale 1, nearest otherwise.
 */
double rpt_xlsx_number(int64_t v, int64_t scale);   /* xlsx-boundary */

/*
 * Add a worksheet named name (UTF-8, at most 31 characters, none of
 * []:*?/\), with the standard print setup (A4, portrait, fit to one page
 * wide, footer 第 &P 页 共 &N 页, centred horizontally).  NULL on failure
 * (recorded in the book: a bad sheet name gives lxw_strerror's text).
 */
lxw_worksheet *rpt_sheet_add(struct rpt_book *b, const char *name);

/*
 * Display width of UTF-8 text in Excel column units with a 宋体 body font:
 * ASCII 1, CJK and other wide characters 2, everything else 1.
 */
int rpt_text_width(const char *s);

/* A table being written, possibly over several sheets ("名", "名(2)", ...). */
struct rpt_table {
	struct rpt_book *b;       /* the book */
	lxw_worksheet *ws;        /* the current sheet */
	char name[96];            /* the base sheet name */
	int part;                 /* 1 for the first sheet, 2 for "(2)", ... */
	const struct rpt_col *cols; /* the columns (not copied: must outlive t) */
	int ncols;                /* their number */
	char *title;              /* title line (copied), or NULL for none */
	char *info_left;          /* left part of the line under it (copied) or NULL */
	char *info_right;         /* right part (单位：元 ...) (copied) or NULL */
	int head_rows;            /* 1, or 2 when a column has a group */
	lxw_row_t row;            /* next row to write on the current sheet */
	lxw_row_t data_first;     /* first data row of the current sheet */
	long rows;                /* data rows written on the current sheet */
	long total_rows;          /* data rows written over all sheets */
	int in_row;               /* 1 between rpt_row_begin() and rpt_row_end() */
	int landscape;            /* 1: the sheets print landscape */
	int autofilter;           /* 1: autofilter over the header (default: when > 30 rows) */
	long expect;              /* data rows announced by rpt_table_begin_n(), or -1 */
	int *width;               /* estimated width per column (column units) */
	int64_t *sum;             /* running total per column (fen or count) */
	struct rpt_part {
		lxw_worksheet *ws;  /* the sheet */
		lxw_row_t first;    /* its first data row */
		lxw_row_t last;     /* its last data row (when rows > 0) */
		long rows;          /* its data rows */
		int filtered;       /* 1: its autofilter is set */
	} *parts;                 /* the sheets of the table, in order */
	int nparts;               /* entries of parts */
	int *fixed;               /* per column: a fixed width (text wraps in it and
				     the row grows), 0 estimated; NULL: all estimated */
	int row_lines;            /* lines the tallest wrapped cell of the row needs */
	int pages_wide;           /* printed pages wide (default 1) */
	int orient;               /* 0 landscape when wide, 1 landscape, 2 portrait */
	int wan_round;            /* 1: RPT_WAN cells hold 万元 rounded half up to
				     2 decimals, and totals sum those */
};

/*
 * Start a table on a new sheet called name: the title row (merged across
 * the table, 16 pt bold), the line under it (info_left on the left,
 * info_right — the unit and date made — on the right; either may be NULL),
 * the header row(s) (bold, bordered, wrapped; a second row when any column
 * has a group), frozen panes below the header and the header rows repeated
 * on every printed page.  Landscape when the table is wide (more than 7
 * columns or estimated width above 100).  title == NULL leaves out the title
 * and the line under it.  Strings are copied.  Returns the book's code.
 */
int rpt_table_begin(struct rpt_table *t, struct rpt_book *b, const char *name,
		    const struct rpt_col *cols, int ncols, const char *title,
		    const char *info_left, const char *info_right);

/*
 * rpt_table_begin() for a table whose number of data rows is known
 * (nrows >= 0): each sheet's autofilter is set with its header, before any
 * data row.  A constant-memory book cannot go back to set it afterwards,
 * so there a table begun without a count gets no autofilter.
 */
int rpt_table_begin_n(struct rpt_table *t, struct rpt_book *b, const char *name,
		      const struct rpt_col *cols, int ncols, const char *title,
		      const char *info_left, const char *info_right, long nrows);

/*
 * rpt_table_begin() with fixed column widths (widths[c] > 0, in column
 * units; 0: estimated from the text as usual), for sheets meant for paper
 * (reports.md "Printed legibility"): a text cell of a fixed column wraps
 * in it and its row is made tall enough to show it whole (a header too).
 * orient: 0 as rpt_table_begin, 1 landscape, 2 portrait.  widths is copied.
 */
int rpt_table_begin_w(struct rpt_table *t, struct rpt_book *b, const char *name,
		      const struct rpt_col *cols, int ncols, const char *title,
		      const char *info_left, const char *info_right,
		      const int *widths, int orient);

/*
 * RPT_WAN cells of t hold the 万元 figure rounded half up to 2 decimals
 * (the rounded value stored, not a display format), and the total row sums
 * the rounded figures, so the printed rows add up to the printed total
 * (reports.md "report pboc").  Call before the first row.
 */
void rpt_table_round_wan(struct rpt_table *t);

/*
 * Print the header rows of t's sheets once, not on every page: for a sheet
 * whose second page is a chart (reports.md "report targets": the chart
 * prints with no table header above it).
 */
void rpt_table_no_repeat(struct rpt_table *t);

/* Print the table's sheets n pages wide (default 1; 贴息明细 uses 2). */
void rpt_table_pages_wide(struct rpt_table *t, int n);

/*
 * Rows of height points that text needs when wrapped in width column units
 * (at least 1): Chinese characters count 2 units, ASCII 1.
 */
int rpt_text_lines(const char *text, int width);

/*
 * Start a data row.  When the current sheet holds b->max_rows rows, the
 * table continues on "<name>(N)" with the same title and header.
 */
int rpt_row_begin(struct rpt_table *t);

/* Cells of the current row (col is 0-based; each adds into the column's
 * total when the column has total set).  Returns the book's code. */
int rpt_cell_text(struct rpt_table *t, int col, const char *s);   /* NULL: blank */
int rpt_cell_fen(struct rpt_table *t, int col, int64_t fen);      /* RPT_AMOUNT or RPT_WAN */
int rpt_cell_int(struct rpt_table *t, int col, int64_t v);        /* RPT_INT or RPT_SEQ */
int rpt_cell_ppm(struct rpt_table *t, int col, int64_t ppm);      /* RPT_PCT */
int rpt_cell_date(struct rpt_table *t, int col, int32_t day);     /* RPT_DATE */
int rpt_cell_iso(struct rpt_table *t, int col, const char *iso);  /* RPT_DATE from "YYYY-MM-DD"; NULL/"" blank */
int rpt_cell_blank(struct rpt_table *t, int col);                 /* bordered empty cell */

/* End the row; returns the book's code (the first error of the row). */
int rpt_row_end(struct rpt_table *t);

/*
 * Write the total row: label (合计) merged over the columns before the first
 * total column, then for each total column a SUM formula over the
 * column's data rows on every sheet of the table, whose cached result is
 * the exact running total (so the figure shows without recalculation), and
 * bordered blanks elsewhere.  With no data rows the totals are the number 0.
 * totals (may be NULL) receives the fen/count totals per column.
 */
int rpt_table_total(struct rpt_table *t, const char *label, int64_t *totals);

/*
 * Make sure n more rows fit on the current sheet (for the lines after a
 * total: 大写, signatures), else continue on the next sheet.
 */
int rpt_table_need(struct rpt_table *t, int n);

/*
 * A line below the table: text merged across every column (constant-memory
 * books: written in column 0 only), format fmt (NULL: f.line).  Advances
 * one row.  A blank line: text "".
 */
int rpt_table_line(struct rpt_table *t, const char *text, lxw_format *fmt);

/*
 * Put a string (NULL fmt: f.line) or an integer (NULL fmt: f.total_int) in
 * any cell of the current sheet without moving t->row — for a signature
 * block on the row about to be ended by rpt_table_line(t, "", NULL), or a
 * total that is not a sum (a distinct count) on the total row (t->row - 1).
 * Constant-memory books: only on the current row.
 */
int rpt_table_put(struct rpt_table *t, lxw_row_t row, int col, const char *text,
		  lxw_format *fmt);
int rpt_table_put_int(struct rpt_table *t, lxw_row_t row, int col, int64_t v,
		      lxw_format *fmt);

/*
 * Finish the table: set column widths from what was written (CJK text
 * counts double, capped at 50), the autofilter on long tables, and free
 * t's memory.  Safe after an error; returns the book's code.
 */
int rpt_table_end(struct rpt_table *t);

/* The current row's sheet and row (for reports that add their own cells). */
#define RPT_ROW(t) ((t)->row)

#endif
