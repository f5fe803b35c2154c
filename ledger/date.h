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
 * Parse every form of import.md §1: "2024-03-15", "2024/3/15", "2024.3.15"
 * (one separator kind, month and day of 1 or 2 digits), "2024年3月15日"
 * (the 日 may be left out), "20240315" (exactly 8 digits), an Excel serial
 * day number of exactly 5 digits ("45366", 1900 date system: serial N is
 * 1899-12-30 + N, 10000 = 1927-05-18 .. 99999 = 2173-10-13, optionally
 * with a fraction, "45366.5"), full-width digits, surrounding spaces, a
 * time part after the date ("2024-03-15 00:00:00", "2024/3/15 0:00",
 * "2024-03-15T08:30"; checked, then dropped).  Digit strings of other
 * lengths ("2024", "365", "60") are not dates, so Lotus's phantom
 * 1900-02-29 (serial 60) is refused with them.
 *
 * Impossible dates (2023-02-29, month 13, year below 1000) → LDG_EINPUT
 * "impossible date"; anything else → LDG_EINPUT "not a date".  err->value
 * is the text.
 */
int ldg_date_parse(const char *text, int32_t *day, struct ldg_err *err);

/*
 * ISO "YYYY-MM-DD" into buf (LDG_DATE_BUFSZ); returns buf.  A day outside
 * years 0..9999 (never made by the parsers) gives "####-##-##".
 */
char *ldg_date_format(int32_t day, char *buf);

/*
 * Parse strict ISO "YYYY-MM-DD" only (for the CLI and the database): no
 * spaces, two-digit month and day.  Errors as ldg_date_parse.
 */
int ldg_date_parse_iso(const char *text, int32_t *day, struct ldg_err *err);

/* Year of a day number. */
int ldg_date_year(int32_t day);

/*
 * Parse a year as written: "2023", "2023年", "2023年度", full-width digits.
 * surrounding spaces.  Accepts 1900..2999.  LDG_EINPUT "not a year"
 * otherwise (err->value is the text).
 */
int ldg_year_parse(const char *text, int *year, struct ldg_err *err);

#endif
