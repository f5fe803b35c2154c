/*
 * entry.h — what the manual-entry commands (`enterprise`, `loan`, `policy`)
 * share: `add` through the importer's own row validator, and list output.
 */
#ifndef CLI_ENTRY_H
#define CLI_ENTRY_H

#include <sqlite3.h>

#include "cli/cli.h"
#include "import/import.h"

/*
 * `KIND add --column value ...`: every canonical column of the kind as an
 * option (`--contract-no` or `--contract_no`, `--name=value` too; amount
 * columns also as `--principal-wan`).  The row goes through
 * imp_row_apply() exactly as a row of an imported file does, in its own
 * transaction, with the audit log written.  `--accept-nonstandard-uscc`
 * is honoured when allow_nonstandard.  argv[0] is "add".  Returns the exit
 * status.
 */
int cli_entry_add(struct cli *c, enum imp_kind kind, int allow_nonstandard,
		  int argc, char **argv);

/*
 * Run a list query (static SQL whose ?1..?4 are city code, USCC, year and
 * a fourth filter, NULL when not given) and print ncols columns as a table
 * or CSV.  Columns named in money_cols (a bit mask) hold fen and print as
 * yuan with two decimals.
 */
int cli_entry_list(struct cli *c, const char *sql, int ncols,
		   const char *const *head, unsigned money_cols, const char *city,
		   const char *uscc, const char *year, const char *extra, int csv);

#endif
