/*
 * date.c — calendar dates as day numbers since 1970-01-01 (date.h).
 *
 * The conversions are Howard Hinnant's days_from_civil / civil_from_days
 * (proleptic Gregorian, exact for every int32_t day).  The parser accepts
 * the forms of import.md §1 and nothing else.
 */
#include <string.h>

#include "ledger/date.h"
#include "ledger/text.h"
#include "ledger/lang.h"

/* Excel serial of 1970-01-01 in the 1900 date system (for serials > 60). */
#define EXCEL_EPOCH_SERIAL 25569

/* Longest date text looked at ("2024-03-15 00:00:00.000" and a margin). */
#define DATE_TEXT_MAX 64

/* Gregorian leap year: every 4th, but not every 100th, but every 400th. */
static int is_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

/* Days in month m (1..12) of year y. */
static int month_days(int y, int m)
{
	static const int md[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

	return m == 2 && is_leap(y) ? 29 : md[m - 1];
}

/* 1 for a real date of years 1000..9999 (date.h). */
int ldg_date_valid(int y, int m, int d)
{
	return y >= 1000 && y <= 9999 && m >= 1 && m <= 12 && d >= 1
	       && d <= month_days(y, m);
}

/* days_from_civil: 64-bit inside, so no argument can overflow midway. */
int32_t ldg_date_from_ymd(int y, int m, int d)
{
	int64_t yy = (int64_t)y - (m <= 2);
	int64_t era = (yy >= 0 ? yy : yy - 399) / 400;
	int64_t yoe = yy - era * 400;
	int64_t doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;

	return (int32_t)(era * 146097 + doe - 719468);
}

/* civil_from_days: exact for every int32_t day. */
void ldg_date_to_ymd(int32_t day, int *y, int *m, int *d)
{
	int64_t z = (int64_t)day + 719468;
	int64_t era = (z >= 0 ? z : z - 146096) / 146097;
	int64_t doe = z - era * 146097;
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int64_t mp = (5 * doy + 2) / 153;
	int mm = (int)(mp < 10 ? mp + 3 : mp - 9);

	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = mm;
	*y = (int)(yoe + era * 400 + (mm <= 2));
}

/* The calendar year of a day number. */
int ldg_date_year(int32_t day)
{
	int y, m, d;

	ldg_date_to_ymd(day, &y, &m, &d);
	return y;
}

/*
 * "YYYY-MM-DD" into buf.  Day numbers outside years 0..9999 (never made
 * by the parsers) come out as "####-##-##" rather than a wrong date.
 */
char *ldg_date_format(int32_t day, char *buf)
{
	int y, m, d;

	ldg_date_to_ymd(day, &y, &m, &d);
	if (y < 0 || y > 9999) {
		memcpy(buf, "####-##-##", LDG_DATE_BUFSZ);
		return buf;
	}
	buf[0] = (char)('0' + y / 1000);
	buf[1] = (char)('0' + y / 100 % 10);
	buf[2] = (char)('0' + y / 10 % 10);
	buf[3] = (char)('0' + y % 10);
	buf[4] = '-';
	buf[5] = (char)('0' + m / 10);
	buf[6] = (char)('0' + m % 10);
	buf[7] = '-';
	buf[8] = (char)('0' + d / 10);
	buf[9] = (char)('0' + d % 10);
	buf[10] = '\0';
	return buf;
}

/* 1 for an ASCII digit. */
static int is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/*
 * Read min..max digits at *pp as a number into *v; *pp moves past them.
 * Returns the count read, or 0 when fewer than min or more than max digits
 * stand there (then *pp is unchanged).
 */
static int read_num(const char **pp, int min, int max, long *v)
{
	const char *p = *pp;
	long x = 0;
	int n = 0;

	while (is_digit(*p)) {
		if (n == max)
			return 0;
		x = x * 10 + (*p - '0');
		n++;
		p++;
	}
	if (n < min)
		return 0;
	*v = x;
	*pp = p;
	return n;
}

/* Match the literal lit at *pp and move past it; 1 if it matched. */
static int eat(const char **pp, const char *lit)
{
	size_t n = strlen(lit);

	if (strncmp(*pp, lit, n) != 0)
		return 0;
	*pp += n;
	return 1;
}

/*
 * The rest of a date text after the date: "" or a time of day after
 * spaces or 'T': H:MM, H:MM:SS or H:MM:SS.fff (hour 0-23).  The time is
 * checked and dropped.  Returns 1 when the rest is acceptable.
 */
static int time_ok(const char *p)
{
	long h, mi, s;

	if (*p == '\0')
		return 1;
	if (*p == 'T' || *p == 't') {
		p++;
	} else if (*p == ' ') {
		while (*p == ' ')
			p++;
	} else {
		return 0;
	}
	if (!read_num(&p, 1, 2, &h) || h > 23 || *p++ != ':'
	    || read_num(&p, 2, 2, &mi) != 2 || mi > 59)
		return 0;
	if (*p == ':') {
		p++;
		if (read_num(&p, 2, 2, &s) != 2 || s > 59)
			return 0;
		if (*p == '.') {
			p++;
			if (!is_digit(*p))
				return 0;
			while (is_digit(*p))
				p++;
		}
	}
	return *p == '\0';
}

/* Error helpers: the message and the original text. */
static int not_a_date(const char *text, struct ldg_err *err)
{
	ldg_err_set(err, LDG_EINPUT, _("not a date"));
	ldg_err_value(err, text);
	return LDG_EINPUT;
}

/* The date has the right shape but does not exist. */
static int impossible_date(const char *text, struct ldg_err *err)
{
	ldg_err_set(err, LDG_EINPUT, _("impossible date"));
	ldg_err_value(err, text);
	return LDG_EINPUT;
}

/*
 * An Excel serial of exactly five digits (1900 date system) to a day
 * number.  Excel counts 1 = 1900-01-01 and, copying Lotus 1-2-3, has a
 * 1900-02-29 that never was as serial 60; from 61 on, serial N is
 * 1899-12-30 + N, so N - 25569 days after 1970-01-01.  Five digits are
 * 10000 (1927-05-18) .. 99999 (2173-10-13): every real date of a loan or a
 * policy.  Shorter digit strings are refused rather than read as early
 * 1900s dates — "2024" or "365" in a date column is a mistake, and serial
 * 60 is refused with them.
 */
static int32_t from_serial(long serial)
{
	return (int32_t)(serial - EXCEL_EPOCH_SERIAL);
}

/*
 * import.md §1.  After folding, the date part is one of
 *   YYYY-M-D, YYYY/M/D, YYYY.M.D (one separator kind; M, D 1 or 2 digits),
 *   YYYY年M月D日 (the 日 may be left out),
 *   YYYYMMDD (exactly 8 digits),
 *   an Excel serial of exactly 5 digits ("45366"), which may carry a
 *   fraction (a time of day, dropped): "45366.5" (see from_serial);
 * and a time of day may follow the first three (see time_ok).  Digit
 * strings of 1-4, 6, 7 or more than 8 digits are not dates.
 */
int ldg_date_parse(const char *text, int32_t *day, struct ldg_err *err)
{
	char buf[DATE_TEXT_MAX];
	const char *p;
	long y = 0, m = 0, d = 0;
	size_t ndig;
	int len;

	len = ldg_text_fold(text ? text : "", buf, sizeof(buf));
	if (len <= 0)
		return not_a_date(text ? text : "", err);
	p = buf;
	ndig = strspn(buf, "0123456789");
	if (ndig == (size_t)len || (buf[ndig] == '.' && ndig == 5)) {
		/* all digits: YYYYMMDD or a serial (with a fraction) */
		if (ndig == 8 && buf[ndig] == '\0') {
			y = (buf[0] - '0') * 1000 + (buf[1] - '0') * 100
			    + (buf[2] - '0') * 10 + (buf[3] - '0');
			m = (buf[4] - '0') * 10 + (buf[5] - '0');
			d = (buf[6] - '0') * 10 + (buf[7] - '0');
			goto ymd;
		}
		if (ndig != 5 || buf[0] == '0')
			return not_a_date(text, err);
		read_num(&p, 5, 5, &y);
		if (*p == '.') {
			p++;
			if (!is_digit(*p) || strspn(p, "0123456789") != strlen(p))
				return not_a_date(text, err);
		}
		*day = from_serial(y);
		return 0;
	}
	if (read_num(&p, 4, 4, &y) != 4)
		return not_a_date(text, err);
	if (*p == '-' || *p == '/' || *p == '.') {
		char sep = *p++;

		if (!read_num(&p, 1, 2, &m) || *p++ != sep || !read_num(&p, 1, 2, &d))
			return not_a_date(text, err);
	} else if (eat(&p, "年")) {
		if (!read_num(&p, 1, 2, &m) || !eat(&p, "月") || !read_num(&p, 1, 2, &d))
			return not_a_date(text, err);
		eat(&p, "日");
	} else {
		return not_a_date(text, err);
	}
	if (!time_ok(p))
		return not_a_date(text, err);
ymd:
	if (!ldg_date_valid((int)y, (int)m, (int)d))
		return impossible_date(text, err);
	*day = ldg_date_from_ymd((int)y, (int)m, (int)d);
	return 0;
}

/* Strict "YYYY-MM-DD": no spaces, no folding, two-digit month and day. */
int ldg_date_parse_iso(const char *text, int32_t *day, struct ldg_err *err)
{
	const char *p = text ? text : "";
	long y, m, d;

	if (read_num(&p, 4, 4, &y) != 4 || *p++ != '-'
	    || read_num(&p, 2, 2, &m) != 2 || *p++ != '-'
	    || read_num(&p, 2, 2, &d) != 2 || *p != '\0')
		return not_a_date(text ? text : "", err);
	if (!ldg_date_valid((int)y, (int)m, (int)d))
		return impossible_date(text, err);
	*day = ldg_date_from_ymd((int)y, (int)m, (int)d);
	return 0;
}

/* "2023", "2023年", "2023年度" (import.md §1), years 1900..2999. */
int ldg_year_parse(const char *text, int *year, struct ldg_err *err)
{
	char buf[DATE_TEXT_MAX];
	const char *p = buf;
	long y;

	if (ldg_text_fold(text ? text : "", buf, sizeof(buf)) <= 0
	    || read_num(&p, 4, 4, &y) != 4)
		goto bad;
	if (eat(&p, "年"))
		eat(&p, "度");
	if (*p != '\0' || y < 1900 || y > 2999)
		goto bad;
	*year = (int)y;
	return 0;
bad:
	ldg_err_set(err, LDG_EINPUT, _("not a year"));
	ldg_err_value(err, text ? text : "");
	return LDG_EINPUT;
}
