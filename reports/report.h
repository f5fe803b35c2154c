/*
 * report.h — the Excel workbooks (reports.md), written with libxlsxwriter.
 *
 * Each rpt_<name>_write() reads the database, writes the workbook to a
 * temporary file in the same directory as `path` and renames it over
 * `path` only when everything succeeded, so a failure never leaves a
 * half-written file under the final name.  When SOURCE_DATE_EPOCH is set
 * the "date made" and the workbook's created time come from it, and two
 * runs give byte-identical files.  Errors: LDG_EIO "cannot write 'PATH':
 * ..." (exit 3), LDG_ENOTFOUND for a missing run or city, LDG_EDB.
 */
#ifndef RPT_REPORT_H
#define RPT_REPORT_H

#include <sqlite3.h>
#include <stddef.h>
#include <stdint.h>

#include "ledger/error.h"

struct rpt_opts {
	const char *city;     /* 6-digit code, or NULL for every city (ledger) */
	int year;             /* subsidy / targets year */
	const char *period;   /* pboc: "2024", "2024Q3" or "2024-09" */
	int32_t from_day;     /* ledger: first day, or INT32_MIN */
	int32_t to_day;       /* ledger: last day, or INT32_MAX */
	int32_t as_of_day;    /* targets: as-of date, or INT32_MIN for default */
	long max_rows;        /* rows per sheet before "(2)"; 0 = 1 048 576
				 (the CLI reads PLEDGER_MAX_SHEET_ROWS into it, for tests) */
	/* Called with each warning a report has for people (a payee without an
	 * account, reports.md); NULL: warnings are dropped.  Libraries never print. */
	void (*warn)(void *ctx, const char *msg);
	void *warn_ctx;
};

/*
 * Parse a PBoC period (cli.md `report pboc`): "2024" (the year), "2024Q3"
 * (a quarter, Q or q) or "2024-09" (a month) into its first and last day
 * and a label for titles ("2024年", "2024年第三季度", "2024年9月";
 * label may be NULL, else at least 32 bytes).  LDG_EUSAGE "bad period
 * 'X': 2024, 2024Q3 or 2024-09" otherwise.
 */
int rpt_period_parse(const char *text, int32_t *from_day, int32_t *to_day,
		     char *label, size_t labelsz, struct ldg_err *err);

/* Year-end disbursement list (补助资金兑付清单) of the run (city, year). */
int rpt_subsidy_write(sqlite3 *db, const struct rpt_opts *o, const char *path,
		      struct ldg_err *err);

/*
 * One A4 portrait notice (补助核定告知书) per enterprise of the run (city,
 * year) with anything due, paid or carried (reports.md "report notices"),
 * from the run's stored derivation (as `subsidy explain`).
 */
int rpt_notices_write(sqlite3 *db, const struct rpt_opts *o, const char *path,
		      struct ldg_err *err);

/*
 * The 公示 list (拟补助企业名单公示) of the run (city, year): payees, the
 * subsidy items, the amount; no tax figures, no bar reasons (reports.md
 * "report publicity").
 */
int rpt_publicity_write(sqlite3 *db, const struct rpt_opts *o, const char *path,
			struct ldg_err *err);

/* People's Bank statistics workbook of city for a period. */
int rpt_pboc_write(sqlite3 *db, const struct rpt_opts *o, const char *path,
		   struct ldg_err *err);

/* Every loan and policy, one row each (optionally one city, a date range). */
int rpt_ledger_write(sqlite3 *db, const struct rpt_opts *o, const char *path,
		     struct ldg_err *err);

/* Target progress workbook of every city for a year (reports/report_targets.c). */
int rpt_targets_write(sqlite3 *db, const struct rpt_opts *o, const char *path,
		      struct ldg_err *err);

#endif
