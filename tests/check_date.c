/*
 * check_date.c — ledger/date.c: day numbers, every date form of
 * import.md §1, Excel serials, strict ISO and years.
 *
 * Reference day numbers, by hand: 2024-01-01 is 54 × 365 + 13 leap days
 * (1972 … 2020) = 19 723 days after 1970-01-01, so 2024-03-15 is
 * 19 723 + 31 + 29 + 14 = 19 797; Excel's serial of 1970-01-01 is 25 569,
 * hence serial 45 366 = 19 797 as well.
 */
#include <check.h>
#include <stdint.h>
#include <string.h>

#include "ledger/date.h"

/* Parse text; expect the day of y-m-d. */
static void date_ok(const char *text, int y, int m, int d)
{
	struct ldg_err err = { 0 };
	int32_t day = -999999;
	int rc = ldg_date_parse(text, &day, &err);
	int yy, mm, dd;

	ck_assert_msg(rc == 0, "'%s' refused: %s", text, err.msg);
	ldg_date_to_ymd(day, &yy, &mm, &dd);
	ck_assert_msg(yy == y && mm == m && dd == d,
		      "'%s' gave %04d-%02d-%02d, want %04d-%02d-%02d", text,
		      yy, mm, dd, y, m, d);
}

/* Parse text; expect LDG_EINPUT with a message starting with want. */
static void date_bad(const char *text, const char *want)
{
	struct ldg_err err = { 0 };
	int32_t day = -999999;
	int rc = ldg_date_parse(text, &day, &err);

	ck_assert_msg(rc == LDG_EINPUT, "'%s' accepted as day %ld", text, (long)day);
	ck_assert_int_eq(err.code, LDG_EINPUT);
	ck_assert_msg(strncmp(err.msg, want, strlen(want)) == 0,
		      "'%s': message '%s', want '%s'", text, err.msg, want);
	ck_assert_str_eq(err.value, text);
	ck_assert_int_eq(day, -999999);
}

/* rules.md §1: day numbers since 1970-01-01, days(a, b) = b - a. */
START_TEST(test_date_day_numbers_rules_1)
{
	ck_assert_int_eq(ldg_date_from_ymd(1970, 1, 1), 0);
	ck_assert_int_eq(ldg_date_from_ymd(1970, 1, 2), 1);
	ck_assert_int_eq(ldg_date_from_ymd(1969, 12, 31), -1);
	ck_assert_int_eq(ldg_date_from_ymd(2000, 1, 1), 10957);  /* 30 × 365 + 7 */
	ck_assert_int_eq(ldg_date_from_ymd(2024, 1, 1), 19723);
	ck_assert_int_eq(ldg_date_from_ymd(2024, 3, 15), 19797);
	/* 70 × 365 + 17 leap days (1904 … 1968) */
	ck_assert_int_eq(ldg_date_from_ymd(1900, 1, 1), -25567);
	/* the worked example: 2023-03-15 .. 2024-03-14 is 365 days */
	ck_assert_int_eq(ldg_date_from_ymd(2024, 3, 14) - ldg_date_from_ymd(2023, 3, 15), 365);
	/* a leap year: 2024-01-01 .. 2025-01-01 is 366 days; 2100 is no leap year */
	ck_assert_int_eq(ldg_date_from_ymd(2025, 1, 1) - ldg_date_from_ymd(2024, 1, 1), 366);
	ck_assert_int_eq(ldg_date_from_ymd(2101, 1, 1) - ldg_date_from_ymd(2100, 1, 1), 365);
	ck_assert_int_eq(ldg_date_from_ymd(2001, 1, 1) - ldg_date_from_ymd(2000, 1, 1), 366);
	/* Excel's last date 9999-12-31 is serial 2 958 465 */
	ck_assert_int_eq(ldg_date_from_ymd(9999, 12, 31), 2958465 - 25569);
	ck_assert_int_eq(ldg_date_year(19797), 2024);
	ck_assert_int_eq(ldg_date_year(-1), 1969);
	ck_assert_int_eq(ldg_date_year(0), 1970);
}
END_TEST

/*
 * Walk every day from 1000-01-01 to 9999-12-31 with a plain calendar
 * counter of the test's own and check both conversions and validity.
 */
START_TEST(test_date_every_day_round_trip)
{
	static const int md[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int y = 1000, m = 1, d = 1;
	int32_t day = ldg_date_from_ymd(1000, 1, 1);
	int32_t first = day;

	for (;;) {
		int yy, mm, dd, leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
		int len = md[m - 1] + (m == 2 && leap);

		ldg_date_to_ymd(day, &yy, &mm, &dd);
		if (yy != y || mm != m || dd != d || ldg_date_from_ymd(y, m, d) != day)
			ck_abort_msg("day %ld: %d-%d-%d vs %d-%d-%d", (long)day, yy, mm,
				     dd, y, m, d);
		if (!ldg_date_valid(y, m, d))
			ck_abort_msg("%d-%d-%d said invalid", y, m, d);
		if (d == len && ldg_date_valid(y, m, d + 1))
			ck_abort_msg("%d-%d-%d said valid", y, m, d + 1);
		if (y == 9999 && m == 12 && d == 31)
			break;
		day++;
		if (++d > len) {
			d = 1;
			if (++m > 12) {
				m = 1;
				y++;
			}
		}
	}
	/* 9000 years of 365 days plus 2182 leap days (2250 - 90 + 22) */
	ck_assert_int_eq(day - first + 1, 9000 * 365 + 2182);
}
END_TEST

START_TEST(test_date_valid)
{
	ck_assert(ldg_date_valid(2024, 2, 29));
	ck_assert(ldg_date_valid(2000, 2, 29));
	ck_assert(!ldg_date_valid(2023, 2, 29));
	ck_assert(!ldg_date_valid(1900, 2, 29));
	ck_assert(!ldg_date_valid(2100, 2, 29));
	ck_assert(!ldg_date_valid(2024, 4, 31));
	ck_assert(ldg_date_valid(2024, 12, 31));
	ck_assert(!ldg_date_valid(2024, 13, 1));
	ck_assert(!ldg_date_valid(2024, 0, 1));
	ck_assert(!ldg_date_valid(2024, 1, 0));
	ck_assert(!ldg_date_valid(2024, 1, 32));
	ck_assert(!ldg_date_valid(2024, -1, 1));
	ck_assert(ldg_date_valid(1000, 1, 1));
	ck_assert(ldg_date_valid(9999, 12, 31));
	ck_assert(!ldg_date_valid(999, 12, 31));
	ck_assert(!ldg_date_valid(10000, 1, 1));
}
END_TEST

/* import.md §1: the separated and Chinese forms, full-width, with times. */
START_TEST(test_date_parse_forms_import_1)
{
	date_ok("2024-03-15", 2024, 3, 15);
	date_ok("2024-3-15", 2024, 3, 15);
	date_ok("2024/3/15", 2024, 3, 15);
	date_ok("2024/03/05", 2024, 3, 5);
	date_ok("2024.3.15", 2024, 3, 15);
	date_ok("2020.10.26", 2020, 10, 26);
	date_ok("2024年3月15日", 2024, 3, 15);
	date_ok("2024年03月05日", 2024, 3, 5);
	date_ok("2024年3月15", 2024, 3, 15);
	date_ok("20240315", 2024, 3, 15);
	date_ok("20211026", 2021, 10, 26);
	date_ok("２０２４－０３－１５", 2024, 3, 15);
	date_ok("２０２４年３月１５日", 2024, 3, 15);
	date_ok("２０２４／３／１５", 2024, 3, 15);
	date_ok("２０２４０３１５", 2024, 3, 15);
	date_ok("  2024-03-15  ", 2024, 3, 15);
	date_ok("\xe3\x80\x80" "2024-03-15" "\xc2\xa0", 2024, 3, 15);
	date_ok("2024-03-15 00:00:00", 2024, 3, 15);
	date_ok("2024-03-15 00:00", 2024, 3, 15);
	date_ok("2024/3/15 0:00", 2024, 3, 15);
	date_ok("2024-03-15T08:30:00", 2024, 3, 15);
	date_ok("2024-03-15 23:59:59.999", 2024, 3, 15);
	date_ok("2024年3月15日 12:00:00", 2024, 3, 15);
	date_ok("2024-02-29", 2024, 2, 29);
	date_ok("2000-02-29", 2000, 2, 29);
	date_ok("1000-01-01", 1000, 1, 1);
	date_ok("9999-12-31", 9999, 12, 31);
}
END_TEST

/*
 * Excel serials, 1900 date system: serial N > 60 is 1899-12-30 + N (serial
 * 60 is Lotus's phantom 1900-02-29), i.e. day N - 25569.  pledger takes
 * 5-digit serials only (docs/decisions.md).
 * 44494 - 25569 = 18925 = 2021-01-01 (18628) + 297 → 2021-10-25.
 */
START_TEST(test_date_parse_excel_serial_import_1)
{
	date_ok("45366", 2024, 3, 15);
	date_ok("44494", 2021, 10, 25);
	date_ok("44859", 2022, 10, 25);   /* 44494 + 365 */
	date_ok("25569", 1970, 1, 1);
	date_ok("36526", 2000, 1, 1);     /* 25569 + 10957 */
	date_ok("36585", 2000, 2, 29);    /* + 31 + 28 */
	date_ok("10000", 1927, 5, 18);    /* day -15569 */
	date_ok("99999", 2173, 10, 13);   /* day 74430: 2173-01-01 is 74145, + 285 */
	date_ok("45366.0", 2024, 3, 15);
	date_ok("45366.75", 2024, 3, 15);
	date_ok("４５３６６", 2024, 3, 15);
	date_ok("４５３６６．５", 2024, 3, 15);
	date_ok(" 45366 ", 2024, 3, 15);
}
END_TEST

START_TEST(test_date_parse_impossible_import_1)
{
	date_bad("2023-02-29", "impossible date");
	date_bad("2024-13-01", "impossible date");
	date_bad("2024-00-10", "impossible date");
	date_bad("2024-01-00", "impossible date");
	date_bad("2024-04-31", "impossible date");
	date_bad("2024/2/30", "impossible date");
	date_bad("1900.2.29", "impossible date");
	date_bad("2100-02-29", "impossible date");
	date_bad("20230229", "impossible date");
	date_bad("20241301", "impossible date");
	date_bad("2023年2月29日", "impossible date");
	date_bad("0999-01-01", "impossible date");
	date_bad("2023-02-29 00:00:00", "impossible date");
}
END_TEST

START_TEST(test_date_parse_not_a_date)
{
	date_bad("", "not a date");
	date_bad("   ", "not a date");
	date_bad("abc", "not a date");
	date_bad("2024-03", "not a date");
	/* only 5-digit serials: a year, a term in days or 60 is no date */
	date_bad("2024", "not a date");
	date_bad("365", "not a date");
	date_bad("1", "not a date");
	date_bad("60", "not a date");
	date_bad("9999", "not a date");
	date_bad("045366", "not a date");
	date_bad("2024-3-15-1", "not a date");
	date_bad("24-3-15", "not a date");
	date_bad("3/15/2024", "not a date");
	date_bad("15.03.2024", "not a date");
	date_bad("2024/03-15", "not a date");
	date_bad("2024-003-15", "not a date");
	date_bad("2024-03-150", "not a date");
	date_bad("2024 03 15", "not a date");
	date_bad("0", "not a date");
	date_bad("00000", "not a date");
	date_bad("123456", "not a date");
	date_bad("1234567", "not a date");
	date_bad("202403151", "not a date");
	date_bad("-45366", "not a date");
	date_bad("45366.", "not a date");
	date_bad("45366.5.1", "not a date");
	date_bad("4536.5", "not a date");
	date_bad("2024.3", "not a date");
	date_bad("2024-03-15 25:00", "not a date");
	date_bad("2024-03-15 12", "not a date");
	date_bad("2024-03-15 12:60", "not a date");
	date_bad("2024-03-15 12:00:61", "not a date");
	date_bad("2024-03-15 12:00 PM", "not a date");
	date_bad("2024-03-15x", "not a date");
	date_bad("2024-03-15T", "not a date");
	date_bad("2024年3月", "not a date");
	date_bad("2024年3月15日日", "not a date");
	date_bad("2024年3-15", "not a date");
	date_bad("\xff" "2024-03-15", "not a date");
}
END_TEST

START_TEST(test_date_parse_null)
{
	int32_t day;

	ck_assert_int_eq(ldg_date_parse(NULL, &day, NULL), LDG_EINPUT);
	ck_assert_int_eq(ldg_date_parse("x", &day, NULL), LDG_EINPUT);
	ck_assert_int_eq(ldg_date_parse_iso(NULL, &day, NULL), LDG_EINPUT);
	ck_assert_int_eq(ldg_year_parse(NULL, &day, NULL), LDG_EINPUT);
}
END_TEST

START_TEST(test_date_format)
{
	char buf[LDG_DATE_BUFSZ];

	ck_assert_str_eq(ldg_date_format(0, buf), "1970-01-01");
	ck_assert_str_eq(ldg_date_format(-1, buf), "1969-12-31");
	ck_assert_str_eq(ldg_date_format(19797, buf), "2024-03-15");
	ck_assert_str_eq(ldg_date_format(10957, buf), "2000-01-01");
	ck_assert_str_eq(ldg_date_format(-25567, buf), "1900-01-01");
	ck_assert_str_eq(ldg_date_format(2958465 - 25569, buf), "9999-12-31");
	ck_assert_str_eq(ldg_date_format(INT32_MAX, buf), "####-##-##");
	ck_assert_str_eq(ldg_date_format(INT32_MIN, buf), "####-##-##");
}
END_TEST

/* Strict ISO: exactly YYYY-MM-DD, nothing folded or trimmed. */
START_TEST(test_date_parse_iso)
{
	struct ldg_err err = { 0 };
	int32_t day = 0;

	ck_assert_int_eq(ldg_date_parse_iso("2024-03-15", &day, &err), 0);
	ck_assert_int_eq(day, 19797);
	ck_assert_int_eq(ldg_date_parse_iso("1970-01-01", &day, &err), 0);
	ck_assert_int_eq(day, 0);
	ck_assert_int_eq(ldg_date_parse_iso("2024-02-30", &day, &err), LDG_EINPUT);
	ck_assert_str_eq(err.msg, "impossible date");
	ck_assert_str_eq(err.value, "2024-02-30");
	ldg_err_clear(&err);
	ck_assert_int_eq(ldg_date_parse_iso("2024-3-15", &day, &err), LDG_EINPUT);
	ck_assert_str_eq(err.msg, "not a date");
	ck_assert_int_eq(ldg_date_parse_iso(" 2024-03-15", &day, NULL), LDG_EINPUT);
	ck_assert_int_eq(ldg_date_parse_iso("2024-03-15 ", &day, NULL), LDG_EINPUT);
	ck_assert_int_eq(ldg_date_parse_iso("2024/03/15", &day, NULL), LDG_EINPUT);
	ck_assert_int_eq(ldg_date_parse_iso("20240315", &day, NULL), LDG_EINPUT);
	ck_assert_int_eq(ldg_date_parse_iso("45366", &day, NULL), LDG_EINPUT);
	ck_assert_int_eq(ldg_date_parse_iso("２０２４-03-15", &day, NULL), LDG_EINPUT);
	ck_assert_int_eq(ldg_date_parse_iso("2024-03-15 00:00:00", &day, NULL), LDG_EINPUT);
	ck_assert_int_eq(ldg_date_parse_iso("2024-03", &day, NULL), LDG_EINPUT);
	ck_assert_int_eq(ldg_date_parse_iso("", &day, NULL), LDG_EINPUT);
	ck_assert_int_eq(day, 0);
}
END_TEST

/* Every day formatted then parsed back, strictly and leniently. */
START_TEST(test_date_format_parse_round_trip)
{
	char buf[LDG_DATE_BUFSZ];
	int32_t day, back;

	for (day = ldg_date_from_ymd(1000, 1, 1); day <= ldg_date_from_ymd(9999, 12, 31);
	     day += 13) {
		ck_assert_int_eq(ldg_date_parse_iso(ldg_date_format(day, buf), &back, NULL), 0);
		ck_assert_int_eq(back, day);
		ck_assert_int_eq(ldg_date_parse(buf, &back, NULL), 0);
		ck_assert_int_eq(back, day);
	}
}
END_TEST

/* Parse a year; expect want, or (want 0) LDG_EINPUT "not a year". */
static void year_is(const char *text, int want)
{
	struct ldg_err err = { 0 };
	int y = -1;
	int rc = ldg_year_parse(text, &y, &err);

	if (want) {
		ck_assert_msg(rc == 0 && y == want, "'%s' gave %d (%s)", text, y, err.msg);
	} else {
		ck_assert_msg(rc == LDG_EINPUT, "'%s' accepted as %d", text, y);
		ck_assert_str_eq(err.msg, "not a year");
		ck_assert_str_eq(err.value, text);
		ck_assert_int_eq(y, -1);
	}
}

/* import.md §1 years: 2023, 2023年, 2023年度. */
START_TEST(test_year_parse_import_1)
{
	year_is("2023", 2023);
	year_is("2023年", 2023);
	year_is("2023年度", 2023);
	year_is("２０２３", 2023);
	year_is("２０２３年度", 2023);
	year_is(" 2023 ", 2023);
	year_is("1900", 1900);
	year_is("2999", 2999);
	year_is("1899", 0);
	year_is("3000", 0);
	year_is("23", 0);
	year_is("20230", 0);
	year_is("2023.0", 0);
	year_is("2023年年", 0);
	year_is("2023度", 0);
	year_is("2023年度 ", 2023);
	year_is("2023 年", 0);
	year_is("年度", 0);
	year_is("", 0);
	year_is("-2023", 0);
	year_is("２０２３年度度", 0);
}
END_TEST

Suite *date_suite(void)
{
	Suite *s = suite_create("date");
	TCase *tc = tcase_create("date");

	tcase_add_test(tc, test_date_day_numbers_rules_1);
	tcase_add_test(tc, test_date_every_day_round_trip);
	tcase_add_test(tc, test_date_valid);
	tcase_add_test(tc, test_date_parse_forms_import_1);
	tcase_add_test(tc, test_date_parse_excel_serial_import_1);
	tcase_add_test(tc, test_date_parse_impossible_import_1);
	tcase_add_test(tc, test_date_parse_not_a_date);
	tcase_add_test(tc, test_date_parse_null);
	tcase_add_test(tc, test_date_format);
	tcase_add_test(tc, test_date_parse_iso);
	tcase_add_test(tc, test_date_format_parse_round_trip);
	tcase_add_test(tc, test_year_parse_import_1);
	suite_add_tcase(s, tc);
	return s;
}
