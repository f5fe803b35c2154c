/*
 * date.h — calendar dates as day numbers.
 *
 * A date is an int32_t count of days since 1970-01-01 (proleptic Gregorian;
 * negative before 1970), so days(a, b) = b - a (rules.md §1).  Text forms
 * are parsed strictly; the stored and printed form is ISO "YYYY-MM-DD".
 */
#ifndef LDG_DATE_H
#define LDG_DATE_H

#include <stdint.h>

#include "ledger/error.h"

#define LDG_DATE_BUFSZ 11  /* "YYYY-MM-DD" + NUL */

/* 1 when y-m-d is a real date (years 1000..9999), else 0. */
int ldg_date_valid(int y, int m, int d);

/* Day number of a valid y-m-d (no check). */
int32_t ldg_date_from_ymd(int y, int m, int d);

/* y-m-d of a day number. */
void ldg_date_to_ymd(int32_t day, int *y, int *m, int *d);

/*
 * Parse every form of import.md §1: "2024-03-15", "2024/3/15", "2024.3.15",
 * "2024年3月15日", "20240315", an Excel serial day number ("45366", 1900
 * date system, including Lotus's phantom 1900-02-29 as serial 60 being
 * refused), full-width digits, surrounding spaces, a time part after the
 * date ("2024-03-15 00:00:00").  Impossible dates (2023-02-29, month 13)
 * → LDG_EINPUT "impossible date"; anything else → LDG_EINPUT
 * "not a date".  err->value is the text.
 */
int ldg_date_parse(const char *text, int32_t *day, struct ldg_err *err);

/* ISO "YYYY-MM-DD" into buf (LDG_DATE_BUFSZ); returns buf. */
char *ldg_date_format(int32_t day, char *buf);

/* Parse strict ISO "YYYY-MM-DD" only (for the CLI and the database). */
int ldg_date_parse_iso(const char *text, int32_t *day, struct ldg_err *err);

/* Year of a day number. */
int ldg_date_year(int32_t day);

/*
 * Parse a year as written: "2023", "2023年", "2023年度", full-width digits.
 * Accepts 1900..2999.  LDG_EINPUT "not a year" otherwise.
 */
int ldg_year_parse(const char *text, int *year, struct ldg_err *err);

#endif
