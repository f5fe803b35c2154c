/*
 * entry.h — what the manual-entry commands (`enterprise`, `loan`, `policy`)
 * share: `add` through the importer's own row validator, `show` and
 * `list` output, and the two-part keys `show` and `settle` take.
 */
#ifndef CLI_ENTRY_H
#define CLI_ENTRY_H

#include <stddef.h>

#include "cli/cli.h"
#include "import/import.h"
#include "ledger/store.h"

struct cli_table;
struct option;

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
 * `contribution add --uscc U --year Y AMOUNT` and `bar add --uscc U --year Y
 * [--reason R]` (cycle.md §5): one row of kind IMP_CONTRIBUTIONS or
 * IMP_BARS built from the options and applied by imp_row_apply() exactly
 * as an imported row (same validation, an existing figure updated, the
 * audit log written, a finalized year refused by the lock triggers), in
 * its own transaction.  argv[0] is "add".  Returns the exit status.
 */
/*
 * An imp_sink's say for a row entered on the command line (ctx is the
 * struct cli): each message on stderr, a warning with its prefix in the
 * run's language.
 */
void cli_entry_say(void *ctx, int is_error, const struct ldg_err *msg);

int cli_entry_yearly(struct cli *c, enum imp_kind kind, int argc, char **argv);

/*
 * Apply one row built from the command line in its own transaction, as an
 * imported row is (imp_row_apply, mode and accept as there): opens the
 * database, commits when the row is taken, rolls back otherwise.  Returns
 * 0 (*outcome and key filled), 1 when the row was rejected (sink has the
 * reasons), or the exit status of a failure already reported.
 */
int cli_entry_apply(struct cli *c, struct imp_row *row, enum imp_mode mode, int accept,
		    const struct imp_sink *sink, enum imp_outcome *outcome, char *key);

/*
 * A `KIND list` subcommand.  opts is its getopt_long table, each option
 * with a required argument and val 'c' (--city, a name or code), 'u'
 * (--uscc, normalized), 'y' (--year, checked), 'x' (the kind's own fourth
 * filter, e.g. --bank) or 'f' (--format table|csv).  sql is static SQL
 * whose ?1..?4 are the city code, USCC, year and fourth filter, NULL when
 * not given, and which returns ncols columns headed head.  Bit i of
 * money_cols marks column i as fen: right-aligned, printed as yuan with two
 * decimals.
 */
struct cli_entry_listing {
	const struct option *opts;    /* getopt_long table, vals as above */
	const char *sql;              /* the query */
	int ncols;                    /* columns it returns */
	const char *const *head;      /* their headers */
	unsigned money_cols;          /* bit i: column i holds fen */
	unsigned word_cols;           /* bit i: column i holds a catalogue word
				       * (yes, no): translated in a table for
				       * people, as it is in CSV */
};

/*
 * `KIND list [options]` (argv[0] is "list"): parse the options of
 * l->opts, run l->sql and print the rows as a table or CSV.  Returns the
 * exit status.
 */
int cli_entry_list(struct cli *c, const struct cli_entry_listing *l, int argc,
		   char **argv);

/*
 * Find the recorded loan (policy = 0) or policy (policy = 1) that the user
 * named, either as one key "A/B" (BANK/CONTRACT, INSURER/NO) or as its two
 * parts a and b (--bank B --contract C, --insurer I --policy-no N: the
 * only way to write a name that holds '/' unambiguously).  Exactly one of
 * key and (a, b) must be given.  A key is tried at each '/' in turn, first
 * to last, until a recorded one is found (so 'A/B银行/C' finds bank
 * 'A/B银行' when there is no bank 'A').  Names compare in normal form.
 * On success 0 and oa, ob hold the names as recorded; a usage mistake or
 * an unknown record gives the exit status (the message printed).
 */
int cli_entry_find(struct cli *c, int policy, const char *key, const char *a,
		   const char *b, char *oa, size_t oasz, char *ob, size_t obsz);

/*
 * Split a two-part key "A/B" (`BANK/CONTRACT`, `INSURER/NO`) at the first
 * '/' into a (asz bytes) and b (bsz bytes).  Neither part may be empty and
 * A must fit; otherwise a usage error "bad <what> '<key>': <form>".
 * Returns 0 or the exit status.
 */
int cli_entry_key(struct cli *c, const char *key, const char *what, const char *form,
		  char *a, size_t asz, char *b, size_t bsz);

/*
 * Print a record as a "field value" table: the nkeys key columns (keys
 * holds name, value pairs), then the nf fields of f, then whatever rows
 * more adds (NULL: none; it is called with the table and ctx).  Returns
 * the exit status.
 */
int cli_entry_show(struct cli *c, int nkeys, const char *const *keys,
		   const struct ldg_field *f, int nf,
		   void (*more)(struct cli_table *t, const void *ctx), const void *ctx);

#endif
