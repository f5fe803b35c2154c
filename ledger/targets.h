/*
 * targets.h — the cities' pledge-financing targets and the progress toward
 * them (targets.md).
 *
 * Two layers, as subsidy.[ch] does it:
 *   - pure computation (no SQL, no floating point): ldg_progress_compute()
 *     turns a period, a target, an as-of day and the actual into progress,
 *     time elapsed, projection and status (targets.md "Progress as of a
 *     date"), with every percentage half up to one decimal and the
 *     projection half up to the fen;
 *   - the load layer: ldg_metric_sum() sums a metric over the loans of a
 *     city and every city below it (targets.md "Metrics", the roll-up
 *     through cities.parent), and ldg_targets_progress() builds the rows of
 *     `pledger targets` (cli.md "targets --format csv").
 * Plus the city register: ldg_city_add() for `pledger city add`.
 */
#ifndef LDG_TARGETS_H
#define LDG_TARGETS_H

#include <sqlite3.h>
#include <stddef.h>
#include <stdint.h>

#include "ledger/error.h"

/* targets.md "Metrics", in the order cli.md lists them. */
enum ldg_metric {
	LDG_METRIC_FINANCING  = 0,  /* 质押融资金额: start date in P, principal */
	LDG_METRIC_REGISTERED = 1,  /* 质押登记额: registration date in P, principal */
	LDG_METRIC_CREDIT     = 2,  /* 质押融资授信额: start date in P, credit line else principal */
	LDG_METRIC_COUNT      = 3,
};

/* targets.md "Progress as of a date". */
enum ldg_tstatus {
	LDG_TSTATUS_NOT_STARTED = 0,  /* D before P begins */
	LDG_TSTATUS_REACHED     = 1,  /* actual >= target */
	LDG_TSTATUS_ON_TRACK    = 2,  /* projected >= target */
	LDG_TSTATUS_BEHIND      = 3,  /* otherwise */
	LDG_TSTATUS_NO_TARGET   = 4,  /* the city-metric-period has no target */
};

/* "financing", "registered", "credit" (NULL for a bad value). */
const char *ldg_metric_name(enum ldg_metric m);

/* Chinese name: 质押融资金额, 质押登记额, 质押融资授信额. */
const char *ldg_metric_label(enum ldg_metric m);

/* Parse a metric name into *m; LDG_EINPUT "unknown metric" otherwise. */
int ldg_metric_parse(const char *text, enum ldg_metric *m, struct ldg_err *err);

/* "not_started", "reached", "on_track", "behind", "no_target". */
const char *ldg_tstatus_name(enum ldg_tstatus s);

/* reports.md: 未开始, 已完成, 进度正常, 进度滞后, 无量化目标. */
const char *ldg_tstatus_label(enum ldg_tstatus s);

/* The figures of one city-metric-period as of a day. */
struct ldg_progress {
	int32_t first_day;      /* 1 January of the first year of P */
	int32_t last_day;       /* 31 December of the last year of P */
	int32_t as_of_day;      /* D */
	int64_t days_total;     /* days in P */
	int64_t days_elapsed;   /* days of P up to and including D (0 .. days_total) */
	int has_target;         /* 0: no_target row */
	int64_t target_fen;     /* the target (0 when !has_target) */
	int64_t actual_fen;     /* the metric over P up to and including D */
	int64_t progress_tenths;/* actual / target in tenths of a percent, half up
				   (0 when !has_target or not started) */
	int64_t time_tenths;    /* days_elapsed / days_total in tenths of a percent, half up */
	int has_projected;      /* 0 when D is before P (projected printed empty) */
	int64_t projected_fen;  /* actual × days_total / days_elapsed half up; actual once P is over */
	enum ldg_tstatus status;
};

/*
 * The period P of years year_from..year_to (inclusive, one year for an
 * annual target) as day numbers.  LDG_EINPUT when the years are outside
 * 1900..2999 or year_to < year_from.
 */
int ldg_period_days(int year_from, int year_to, int32_t *first_day,
		    int32_t *last_day, struct ldg_err *err);

/*
 * The day up to which a period's actual is summed: as_of_day when it falls
 * inside P, last_day when D is after P, and first_day - 1 (nothing) when D
 * is before P.
 */
int32_t ldg_period_cutoff(int32_t first_day, int32_t last_day, int32_t as_of_day);

/*
 * targets.md "Progress as of a date", pure: P = year_from..year_to, D =
 * as_of_day, actual_fen = the metric summed over P up to min(D, end of P)
 * (the caller sums it: ldg_period_cutoff()).  has_target = 0 gives a
 * no_target row (its actual, time and projection, status no_target).
 * When D is before P: actual must be 0, time 0, no projection, status
 * not_started (no_target when !has_target).  A target of 0 is reached by
 * any actual; its progress is shown as 100.0.
 * Errors: LDG_EINPUT for bad years or a negative amount, LDG_ERANGE when a
 * figure overflows.
 */
int ldg_progress_compute(int year_from, int year_to, int has_target,
			 int64_t target_fen, int32_t as_of_day,
			 int64_t actual_fen, struct ldg_progress *p,
			 struct ldg_err *err);

/*
 * Tenths of a percent as text with one decimal ("41" → "4.1", "1000" →
 * "100.0") into buf (at least 24 bytes).  Returns buf.
 */
char *ldg_tenths_format(int64_t tenths, char *buf, size_t bufsz);

/*
 * targets.md "Metrics": *fen = the metric over every loan of an enterprise
 * of `city` (6-digit code) or of any city below it, whose counting date
 * (start date, or registration date for `registered`) lies in
 * from_day..to_day inclusive.  Every recorded loan counts, whatever its
 * subsidy eligibility; `registered` skips loans without a registration
 * date.  An empty range (to_day < from_day) gives 0.  Errors: LDG_EDB,
 * LDG_ERANGE when the sum overflows.
 */
int ldg_metric_sum(sqlite3 *db, const char *city, enum ldg_metric m,
		   int32_t from_day, int32_t to_day, int64_t *fen,
		   struct ldg_err *err);

/*
 * The same sums by month, for a month-by-month table (reports.md 月度累计):
 * over the loans whose counting date lies in from_day..to_day, out[0] gets
 * the total dated before `year`, out[1..12] the total of each month of
 * `year`; later dates are left out.  So the cumulative metric from
 * from_day to the end of month k is out[0] + out[1] + ... + out[k].
 * Errors: LDG_EDB, LDG_ERANGE.
 */
int ldg_metric_months(sqlite3 *db, const char *city, enum ldg_metric m,
		      int32_t from_day, int32_t to_day, int year, int64_t out[13],
		      struct ldg_err *err);

/* One row of `pledger targets` (cli.md). */
struct ldg_target_row {
	char city[7];           /* division code */
	char *city_name;        /* malloc'd; freed by ldg_target_list_release() */
	enum ldg_metric metric;
	int year_from, year_to; /* the period */
	char *source;           /* malloc'd source text, "" for no_target rows */
	struct ldg_progress p;
};

struct ldg_target_list {
	struct ldg_target_row *rows;  /* malloc'd array of n rows */
	size_t n;                     /* rows used */
	size_t cap;                   /* rows allocated */
};

/* Free the rows' contents and the array; the struct itself is the caller's. */
void ldg_target_list_release(struct ldg_target_list *l);

/*
 * Today's date (ldg_now(): local time, or SOURCE_DATE_EPOCH when set) as a
 * day number.
 */
int32_t ldg_today(void);

/*
 * Period text as cli.md prints it: "2025" or "2022-2024" into buf (at
 * least 10 bytes).  Returns buf.
 */
char *ldg_period_format(int year_from, int year_to, char *buf, size_t bufsz);

/*
 * The rows of `pledger targets` (cli.md "targets --format csv"): every city
 * in division-code order (or only `city`, a 6-digit code, when non-NULL),
 * within it the metrics financing, registered, credit; for each
 * city-metric one row per target ordered by period (first year, then last
 * year), only those whose period contains `year` when year != 0; a
 * city-metric without any such target gets one no_target row for the
 * as-of year (or `year`).
 *
 * as_of_day: the as-of date D, or INT32_MIN for the default of targets.md
 * (today, or the end of P when P is over — the same figures, since a period
 * that is over counts whole; the row's p.as_of_day holds the day used).
 * The as-of year of the no_target rows is `year` when given, else the year
 * of D (today by default).
 *
 * Rows are appended to *out (initialise it to all zeros); on failure *out
 * keeps what was appended (release it either way).  Errors: LDG_ENOTFOUND
 * for an unknown city, LDG_EDB, LDG_ERANGE, LDG_ENOMEM.
 */
int ldg_targets_progress(sqlite3 *db, const char *city, int year,
			 int32_t as_of_day, struct ldg_target_list *out,
			 struct ldg_err *err);

/*
 * Add a city (targets.md "More cities can be added"): code is a 6-digit
 * division code, name its name, parent_code (may be NULL) an existing
 * city's code.  Writes an audit row and gives the new city the default
 * scheme (rules.md §8, ldg_scheme_seed()).  Runs in its own transaction.
 * Errors: LDG_EINPUT for a bad code or empty name, LDG_ENOTFOUND for an
 * unknown parent, LDG_ECONFLICT when the code or the name is taken, LDG_EDB.
 */
int ldg_city_add(sqlite3 *db, const char *code, const char *name,
		 const char *parent_code, struct ldg_err *err);

#endif
