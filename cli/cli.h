/*
 * cli.h — the `pledger` command line: global options, the command table,
 * and the helpers every cli/cmd_<name>.c uses to speak.
 *
 * Only cli/ prints and chooses exit codes (cli.md: 0 done, 1 input or data
 * rejected, 2 usage, 3 database or file).  Errors are one line on stderr
 * starting "pledger: ".
 */
#ifndef CLI_H
#define CLI_H

#include <sqlite3.h>
#include <stdio.h>

#include "ledger/error.h"

#define PLEDGER_VERSION "0.1.0"

struct cli {
	const char *db_path;  /* --db, $PLEDGER_DB, or ./pledger.db */
	sqlite3 *db;          /* opened by cli_open_db(), closed by cli_main() */
	FILE *out;            /* stdout: results */
	FILE *err;            /* stderr: "pledger: ..." lines, warnings, progress */
	const struct cli_command *cmd; /* the command being run */
	int done;             /* a change was made: a commit, a file written (exit 4 if unprinted) */
	int zh;               /* the run's messages are Chinese (--lang, $PLEDGER_LANG, locale) */
};

/*
 * Exit status when the command's change was made (committed, written) but
 * its output could not be written (cli.md: "done, but the output could
 * not be written"), so a script does not run it again.
 */
#define CLI_EXIT_DONE_UNPRINTED 4

/* Note on c that the database was changed (sqlite3 commit hook; cli.c). */
void cli_watch_commits(struct cli *c);

/* A command: argv[0] is its name; returns the exit status. */
typedef int (*cli_fn)(struct cli *c, int argc, char **argv);

struct cli_command {
	const char *name;     /* "import" */
	cli_fn fn;            /* cmd_import */
	const char *summary;  /* one line for `pledger help` */
	const char *usage;    /* synopsis lines, as in docs/cli.md */
};

/* The command table, NULL-terminated (cli.c). */
extern const struct cli_command cli_commands[];

/* Entry point: parse global options, dispatch, close the database. */
int cli_main(int argc, char **argv, FILE *out, FILE *err);

/* Find a command by name, or NULL. */
const struct cli_command *cli_find(const char *name);

/*
 * Open c->db (must exist and be initialised).  Returns 0, or prints the
 * error and returns the exit status to return.
 */
int cli_open_db(struct cli *c);

/*
 * Write "pledger: " PREFIX TEXT and a newline to f as one line (cli.md:
 * errors are one line each): a line break or other control character that
 * TEXT carries from a file (a cell, a multi-line header) is written as an
 * escape, \n, \r or \xHH.
 */
void cli_put_line(FILE *f, const char *prefix, const char *text);

/* Print err as "pledger: ..." and return its exit status. */
int cli_fail(struct cli *c, const struct ldg_err *err);

/* Print "pledger: <fmt>" and return status. */
int cli_error(struct cli *c, int status, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Print "pledger: warning: <fmt>" (no status change). */
void cli_warn(struct cli *c, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/*
 * A usage mistake: print "pledger: <fmt>" and the command's usage on
 * stderr, return 2.
 */
int cli_usage(struct cli *c, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/*
 * Parse a whole number given on the command line strictly (curl's
 * str2num): decimal digits only, a leading '-' only for a negative number,
 * no sign '+', no spaces, no other text, and within [lo, hi].  Never
 * clamps: 99999999999999999999 is out of range, not LLONG_MAX.  Every
 * number the CLI reads goes through here.  Returns 0 with *v set, -1 when
 * text is not a whole number, -2 when it is out of [lo, hi].
 */
int cli_num(const char *text, long long lo, long long hi, long long *v);

/*
 * Parse "--format table|csv"-style value: returns 1 for csv, 0 for table,
 * -1 for anything else.
 */
int cli_format_csv(const char *text);

/*
 * A period as the command line takes it (cli.md "Global"): the Chinese
 * forms 2024年, 2024年度, 2024年第三季度 (or 第3季度), 2024年9月 (and
 * full-width digits) written into out as 2024, 2024Q3, 2024-09; any other
 * text copied as it is.  Returns out.
 */
char *cli_period_norm(const char *text, char *out, size_t outsz);

/*
 * After getopt_long() returned '?' or ':' (call it with opterr = 0 and an
 * optstring starting with ':'): print which option was wrong and the
 * usage; return 2.
 */
int cli_bad_option(struct cli *c, char **argv, int o);

struct option;

/*
 * Parse the options of a listing that takes no arguments (argv[0] is the
 * subcommand): opts is a getopt_long table of options with a value, in
 * which val 'f' is --format table|csv (*csv becomes 1 for csv, 0 for
 * table) and any other option's value goes to *value (value may be NULL
 * when there is none).  Returns 0, or prints the usage mistake and returns
 * its exit status.
 */
int cli_list_options(struct cli *c, int argc, char **argv, const struct option *opts,
		     const char **value, int *csv);

#endif
