/*
 * output.h — tables for people and CSV for programs (cli.md: UTF-8 without
 * BOM, LF, header row, RFC 4180 quoting only where needed).
 */
#ifndef CLI_OUTPUT_H
#define CLI_OUTPUT_H

#include <stdio.h>

struct cli_table;

/* A table of ncols columns with the given headers (copied). NULL on ENOMEM. */
struct cli_table *cli_table_new(int ncols, const char *const *headers);

/* Append a row of ncols cells (copied; NULL cells print empty). -1 on ENOMEM. */
int cli_table_add(struct cli_table *t, const char *const *cells);

/* Mark column col as right-aligned (amounts) in table output. */
void cli_table_right(struct cli_table *t, int col);

/* Print as an aligned text table (CJK-aware widths) or as CSV. */
void cli_table_print(const struct cli_table *t, FILE *f, int csv);

/* Free the table and its cells; NULL is harmless. */
void cli_table_free(struct cli_table *t);

/* Write one CSV field, quoted when it holds , " CR or LF. */
void cli_csv_field(FILE *f, const char *s);

/* Write a CSV row of n fields and LF. */
void cli_csv_row(FILE *f, int n, const char *const *fields);

#endif
