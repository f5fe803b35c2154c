/*
 * check_money.c — ledger/money.c: amount and rate parsing (import.md §1),
 * formatting, the half-up 128-bit mul-div and checked add/sub (rules.md §1).
 * Every expected value is worked out by hand in the comment or the literal.
 */
#include <check.h>
#include <stdint.h>
#include <string.h>

#include "ledger/money.h"

/* Parse text as an amount in unit; expect success and want fen. */
static void money_ok(const char *text, enum ldg_unit unit, int64_t want)
{
	struct ldg_err err = { 0 };
	int64_t fen = -12345;
	int rc = ldg_money_parse(text, unit, &fen, &err);

	ck_assert_msg(rc == 0, "'%s' refused: %s", text, err.msg);
	ck_assert_msg(fen == want, "'%s' gave %lld, want %lld", text,
		      (long long)fen, (long long)want);
	ck_assert_int_eq(err.code, LDG_OK);
}

/* Parse text as an amount; expect LDG_EINPUT with msg starting with want. */
static void money_bad(const char *text, enum ldg_unit unit, const char *want)
{
	struct ldg_err err = { 0 };
	int64_t fen = -12345;
	int rc = ldg_money_parse(text, unit, &fen, &err);

	ck_assert_msg(rc == LDG_EINPUT, "'%s' accepted as %lld", text, (long long)fen);
	ck_assert_int_eq(err.code, LDG_EINPUT);
	ck_assert_msg(strncmp(err.msg, want, strlen(want)) == 0,
		      "'%s': message '%s', want '%s'", text, err.msg, want);
	ck_assert_str_eq(err.value, text);
	ck_assert_int_eq(fen, -12345);
}

/* import.md §1: the plain and grouped forms of an amount in 元. */
START_TEST(test_money_parse_yuan_import_1)
{
	money_ok("1234.5", LDG_UNIT_YUAN, 123450);
	money_ok("1234.50", LDG_UNIT_YUAN, 123450);
	money_ok("1234", LDG_UNIT_YUAN, 123400);
	money_ok("0", LDG_UNIT_YUAN, 0);
	money_ok("0.00", LDG_UNIT_YUAN, 0);
	money_ok("0.01", LDG_UNIT_YUAN, 1);
	money_ok("007.10", LDG_UNIT_YUAN, 710);
	money_ok("1,234.50", LDG_UNIT_YUAN, 123450);
	money_ok("10,420,000.00", LDG_UNIT_YUAN, 1042000000);
	money_ok("1 234.50", LDG_UNIT_YUAN, 123450);
	money_ok("1 050 000.00", LDG_UNIT_YUAN, 105000000);
	money_ok("123", LDG_UNIT_YUAN, 12300);
	money_ok("123,456", LDG_UNIT_YUAN, 12345600);
	/* precision is judged by value: 1234.500 is 1 234.50 */
	money_ok("1234.500", LDG_UNIT_YUAN, 123450);
	money_ok("1234.5000000", LDG_UNIT_YUAN, 123450);
	/* the worked example's principal, rules.md §4: 5 000 000.00 yuan */
	money_ok("5000000.00", LDG_UNIT_YUAN, 500000000);
}
END_TEST

/* import.md §1: full-width digits, ¥/￥, odd spaces. */
START_TEST(test_money_parse_fullwidth_currency)
{
	money_ok("１２３４．５", LDG_UNIT_YUAN, 123450);
	money_ok("７８００００．００", LDG_UNIT_YUAN, 78000000);
	money_ok("１，２３４．５０", LDG_UNIT_YUAN, 123450);
	money_ok("¥1234.50", LDG_UNIT_YUAN, 123450);
	money_ok("￥1 050 000.00", LDG_UNIT_YUAN, 105000000);
	money_ok("￥ 9430.00", LDG_UNIT_YUAN, 943000);
	money_ok("¥１２３", LDG_UNIT_YUAN, 12300);
	money_ok("  1234.50  ", LDG_UNIT_YUAN, 123450);
	money_ok("\xe3\x80\x80" "1234.50" "\xe3\x80\x80", LDG_UNIT_YUAN, 123450);
	money_ok("\xc2\xa0" "1234.50" "\xc2\xa0", LDG_UNIT_YUAN, 123450);
	money_ok("\t1234.50\r\n", LDG_UNIT_YUAN, 123450);
	/* U+3000, NBSP and U+202F fold to ' ': digit-group separators */
	money_ok("1\xe3\x80\x80" "234.50", LDG_UNIT_YUAN, 123450);
	money_ok("1\xc2\xa0" "234\xc2\xa0" "567", LDG_UNIT_YUAN, 123456700);
	money_ok("1\xe2\x80\xaf" "234", LDG_UNIT_YUAN, 123400);
	/* a minus sign on zero is harmless */
	money_ok("-0.00", LDG_UNIT_YUAN, 0);
}
END_TEST

/* import.md §1: 万元 columns allow up to 6 decimals (1 fen = 0.000001 万). */
START_TEST(test_money_parse_wan_import_1)
{
	money_ok("100", LDG_UNIT_WAN, 100000000);           /* 100 万 = 10^6 yuan */
	money_ok("2257", LDG_UNIT_WAN, 2257000000);
	money_ok("988.23", LDG_UNIT_WAN, 988230000);        /* 9 882 300 yuan */
	money_ok("34.526358", LDG_UNIT_WAN, 34526358);       /* 345 263.58 yuan */
	money_ok("0.000001", LDG_UNIT_WAN, 1);
	money_ok("12.3456780", LDG_UNIT_WAN, 12345678);      /* 7th decimal is 0 */
	money_ok("1,000.5", LDG_UNIT_WAN, 1000500000);
	money_ok("1000000000", LDG_UNIT_WAN, LDG_FEN_MAX);   /* 10^9 万 = 10^15 fen */
	money_bad("12.3456789", LDG_UNIT_WAN, "more precise than 1 fen");
	money_bad("0.0000001", LDG_UNIT_WAN, "more precise than 1 fen");
	money_bad("1000000000.000001", LDG_UNIT_WAN, "amount too large");
}
END_TEST

/* import.md §1 "precision is judged by value", for a 亿元 column of a
 * targets file: 1 亿元 = 10^8 yuan = 10^10 fen, so up to 10 decimals. */
START_TEST(test_money_parse_yi)
{
	money_ok("12.5", LDG_UNIT_YI, 125000000000LL);        /* 1 250 000 000 yuan */
	money_ok("1.23456789", LDG_UNIT_YI, 12345678900LL);   /* 123 456 789 yuan */
	money_ok("0.0000000001", LDG_UNIT_YI, 1);             /* 1 fen */
	money_ok("100000", LDG_UNIT_YI, LDG_FEN_MAX);         /* 10^13 yuan */
	money_bad("0.00000000001", LDG_UNIT_YI, "more precise than 1 fen in 亿元");
	money_bad("100000.0000000001", LDG_UNIT_YI, "amount too large");
}
END_TEST

/* import.md §1: what is refused, and with which message. */
START_TEST(test_money_parse_errors_import_1)
{
	money_bad("", LDG_UNIT_YUAN, "empty amount");
	money_bad("   ", LDG_UNIT_YUAN, "empty amount");
	money_bad("\xe3\x80\x80", LDG_UNIT_YUAN, "empty amount");
	money_bad("-50000.00", LDG_UNIT_YUAN, "negative amount");
	money_bad("-0.01", LDG_UNIT_YUAN, "negative amount");
	money_bad("－１", LDG_UNIT_YUAN, "negative amount");
	money_bad("¥-5", LDG_UNIT_YUAN, "negative amount");
	money_bad("-¥5", LDG_UNIT_YUAN, "negative amount");
	money_bad("(1,234.50)", LDG_UNIT_YUAN, "negative amount");
	money_bad("（1234.50）", LDG_UNIT_YUAN, "negative amount");
	money_bad("-1234.567", LDG_UNIT_YUAN, "negative amount");
	money_bad("1234.567", LDG_UNIT_YUAN, "more precise than 1 fen in 元");
	money_bad("0.001", LDG_UNIT_YUAN, "more precise than 1 fen");
	money_bad("1234.5001", LDG_UNIT_YUAN, "more precise than 1 fen");
	money_bad("12.3456789", LDG_UNIT_WAN, "more precise than 1 fen in 万元");
	money_bad("abc", LDG_UNIT_YUAN, "not an amount");
	money_bad("12a", LDG_UNIT_YUAN, "not an amount");
	money_bad("1.2.3", LDG_UNIT_YUAN, "not an amount");
	money_bad(".5", LDG_UNIT_YUAN, "not an amount");
	money_bad("5.", LDG_UNIT_YUAN, "not an amount");
	money_bad("+5", LDG_UNIT_YUAN, "not an amount");
	money_bad("--5", LDG_UNIT_YUAN, "not an amount");
	money_bad("1,23", LDG_UNIT_YUAN, "not an amount");
	money_bad("1,2345", LDG_UNIT_YUAN, "not an amount");
	money_bad("1234,567", LDG_UNIT_YUAN, "not an amount");
	money_bad("1,234 567", LDG_UNIT_YUAN, "not an amount");
	money_bad("1,,234", LDG_UNIT_YUAN, "not an amount");
	money_bad("1,234,", LDG_UNIT_YUAN, "not an amount");
	money_bad(",234", LDG_UNIT_YUAN, "not an amount");
	money_bad("1.234,50", LDG_UNIT_YUAN, "not an amount");
	money_bad("1234.5,0", LDG_UNIT_YUAN, "not an amount");
	money_bad("1 2 3", LDG_UNIT_YUAN, "not an amount");
	money_bad("1.23E+07", LDG_UNIT_YUAN, "not an amount (scientific");
	money_bad("1e5", LDG_UNIT_YUAN, "not an amount (scientific");
	money_bad("1234元", LDG_UNIT_YUAN, "not an amount");
	money_bad("¥", LDG_UNIT_YUAN, "not an amount");
	money_bad("$5", LDG_UNIT_YUAN, "not an amount");
	money_bad("5%", LDG_UNIT_YUAN, "not an amount");
	money_bad("\xff\xfe", LDG_UNIT_YUAN, "not an amount");
	money_bad("1\t234", LDG_UNIT_YUAN, "not an amount");
}
END_TEST

/* LDG_FEN_MAX = 10^15 fen = 10^13 yuan is the largest amount accepted. */
START_TEST(test_money_parse_range)
{
	struct ldg_err err = { 0 };
	int64_t fen;
	char big[200];

	money_ok("10000000000000", LDG_UNIT_YUAN, LDG_FEN_MAX);
	money_ok("10,000,000,000,000.00", LDG_UNIT_YUAN, LDG_FEN_MAX);
	money_ok("9999999999999.99", LDG_UNIT_YUAN, LDG_FEN_MAX - 1);
	money_bad("10000000000000.01", LDG_UNIT_YUAN, "amount too large");
	money_bad("99999999999999999999", LDG_UNIT_YUAN, "amount too large");
	money_bad("184467440737095516.16", LDG_UNIT_YUAN, "amount too large");
	money_bad("92233720368547758.08", LDG_UNIT_YUAN, "amount too large");
	/* many leading zeros are still a small value */
	money_ok("0000000000000000000000000001.00", LDG_UNIT_YUAN, 100);
	/* text longer than any amount is refused, not overrun */
	memset(big, '1', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	ck_assert_int_eq(ldg_money_parse(big, LDG_UNIT_YUAN, &fen, &err), LDG_EINPUT);
	ck_assert_int_eq(err.code, LDG_EINPUT);
	/* NULL text is empty; a NULL err is allowed */
	ck_assert_int_eq(ldg_money_parse(NULL, LDG_UNIT_YUAN, &fen, NULL), LDG_EINPUT);
	ck_assert_int_eq(ldg_money_parse("x", LDG_UNIT_YUAN, &fen, NULL), LDG_EINPUT);
}
END_TEST

/* The first error wins (error.h): a second parse does not overwrite it. */
START_TEST(test_money_parse_first_error_wins)
{
	struct ldg_err err = { 0 };
	int64_t fen;

	ck_assert_int_eq(ldg_money_parse("-1", LDG_UNIT_YUAN, &fen, &err), LDG_EINPUT);
	ck_assert_int_eq(ldg_money_parse("x", LDG_UNIT_YUAN, &fen, &err), LDG_EINPUT);
	ck_assert_str_eq(err.msg, "negative amount");
	ck_assert_str_eq(err.value, "-1");
}
END_TEST

START_TEST(test_money_format)
{
	char buf[LDG_MONEY_BUFSZ];

	ck_assert_str_eq(ldg_money_format(0, 0, buf), "0.00");
	ck_assert_str_eq(ldg_money_format(0, 1, buf), "0.00");
	ck_assert_str_eq(ldg_money_format(1, 1, buf), "0.01");
	ck_assert_str_eq(ldg_money_format(10, 0, buf), "0.10");
	ck_assert_str_eq(ldg_money_format(99, 1, buf), "0.99");
	ck_assert_str_eq(ldg_money_format(100, 1, buf), "1.00");
	ck_assert_str_eq(ldg_money_format(123450, 0, buf), "1234.50");
	ck_assert_str_eq(ldg_money_format(123450, 1, buf), "1,234.50");
	ck_assert_str_eq(ldg_money_format(99999, 1, buf), "999.99");
	ck_assert_str_eq(ldg_money_format(100000, 1, buf), "1,000.00");
	ck_assert_str_eq(ldg_money_format(123456750, 1, buf), "1,234,567.50");
	ck_assert_str_eq(ldg_money_format(123456750, 0, buf), "1234567.50");
	ck_assert_str_eq(ldg_money_format(9251736, 1, buf), "92,517.36");
	ck_assert_str_eq(ldg_money_format(-5, 1, buf), "-0.05");
	ck_assert_str_eq(ldg_money_format(-123456750, 1, buf), "-1,234,567.50");
	ck_assert_str_eq(ldg_money_format(-123456750, 0, buf), "-1234567.50");
	ck_assert_str_eq(ldg_money_format(LDG_FEN_MAX, 1, buf),
			 "10,000,000,000,000.00");
	/* the extremes fit LDG_MONEY_BUFSZ */
	ck_assert_str_eq(ldg_money_format(INT64_MAX, 1, buf),
			 "92,233,720,368,547,758.07");
	ck_assert_str_eq(ldg_money_format(INT64_MIN, 1, buf),
			 "-92,233,720,368,547,758.08");
	ck_assert_uint_lt(strlen(buf), LDG_MONEY_BUFSZ);
}
END_TEST

/* domain.md §6: 万元 with two decimals, half up. */
START_TEST(test_money_format_wan_half_up)
{
	char buf[LDG_MONEY_BUFSZ];

	ck_assert_str_eq(ldg_money_format_wan(0, buf), "0.00");
	/* 12 345 678 fen = 123 456.78 yuan = 12.345678 万 */
	ck_assert_str_eq(ldg_money_format_wan(12345678, buf), "12.35");
	ck_assert_str_eq(ldg_money_format_wan(12345000, buf), "12.35"); /* 12.345 up */
	ck_assert_str_eq(ldg_money_format_wan(12344999, buf), "12.34");
	ck_assert_str_eq(ldg_money_format_wan(12350000, buf), "12.35"); /* exact */
	ck_assert_str_eq(ldg_money_format_wan(4999, buf), "0.00");
	ck_assert_str_eq(ldg_money_format_wan(5000, buf), "0.01");
	ck_assert_str_eq(ldg_money_format_wan(100000000, buf), "100.00");
	ck_assert_str_eq(ldg_money_format_wan(99995000, buf), "100.00"); /* 99.995 */
	ck_assert_str_eq(ldg_money_format_wan(LDG_FEN_MAX, buf), "1000000000.00");
	ck_assert_str_eq(ldg_money_format_wan(-12345000, buf), "-12.35");
	ck_assert_str_eq(ldg_money_format_wan(-4999, buf), "0.00");
	/* 92 233 720 368 547 758.07 yuan = 9 223 372 036 854.7758 万 */
	ck_assert_str_eq(ldg_money_format_wan(INT64_MAX, buf), "9223372036854.78");
	ck_assert_str_eq(ldg_money_format_wan(INT64_MIN, buf), "-9223372036854.78");
}
END_TEST

/* Parse a rate; expect ppm. */
static void rate_ok(const char *text, int64_t want)
{
	struct ldg_err err = { 0 };
	int64_t ppm = -1;
	int rc = ldg_rate_parse(text, &ppm, &err);

	ck_assert_msg(rc == 0, "'%s' refused: %s", text, err.msg);
	ck_assert_msg(ppm == want, "'%s' gave %lld, want %lld", text,
		      (long long)ppm, (long long)want);
}

/* Parse a rate; expect LDG_EINPUT with a message starting with want. */
static void rate_bad(const char *text, const char *want)
{
	struct ldg_err err = { 0 };
	int64_t ppm = -1;
	int rc = ldg_rate_parse(text, &ppm, &err);

	ck_assert_msg(rc == LDG_EINPUT, "'%s' accepted as %lld", text, (long long)ppm);
	ck_assert_msg(strncmp(err.msg, want, strlen(want)) == 0,
		      "'%s': message '%s', want '%s'", text, err.msg, want);
	ck_assert_str_eq(err.value, text);
	ck_assert_int_eq(ppm, -1);
}

/* import.md §1 rates and rules.md §1 ppm: 3.45 % = 0.0345 = 34 500. */
START_TEST(test_rate_parse_import_1)
{
	rate_ok("3.45%", 34500);
	rate_ok("3.45", 34500);      /* >= 1: percent */
	rate_ok("0.0345", 34500);    /* < 1: a fraction */
	rate_ok("4%", 40000);
	rate_ok("4.05%", 40500);
	rate_ok("4.8", 48000);
	rate_ok("1.2", 12000);
	rate_ok("0.0435", 43500);
	rate_ok("0.041", 41000);
	rate_ok("50%", 500000);      /* a share */
	rate_ok("100%", 1000000);
	rate_ok("100", 1000000);
	rate_ok("1", 10000);         /* exactly 1 is >= 1: 1 % */
	rate_ok("1%", 10000);
	rate_ok("0.5", 500000);      /* below 1: 50 % */
	rate_ok("0.5%", 5000);
	rate_ok("0", 0);
	rate_ok("0%", 0);
	rate_ok("-0", 0);
	rate_ok("0.000001", 1);      /* 1 ppm as a fraction */
	rate_ok("0.0001%", 1);       /* 1 ppm as percent */
	rate_ok("4.455", 44550);
	rate_ok("3.4500000%", 34500);
	rate_ok("0.03450000", 34500);
	rate_ok("３．４５％", 34500);
	rate_ok(" 3.45 % ", 34500);
	rate_ok("\xe3\x80\x80" "3.85%", 38500);
	rate_ok("1.000000", 10000);
	rate_ok("99.9999%", 999999);
	rate_ok("0.999999", 999999);
}
END_TEST

/* Errors: empty, not a number, negative, too precise, above 100 %. */
START_TEST(test_rate_parse_errors)
{
	rate_bad("", "empty rate");
	rate_bad(" ", "empty rate");
	rate_bad("abc", "not a rate");
	rate_bad("3.45%%", "not a rate");
	rate_bad("%3", "not a rate");
	rate_bad("3,45", "not a rate");
	rate_bad("1,000", "not a rate");
	rate_bad(".5", "not a rate");
	rate_bad("3.", "not a rate");
	rate_bad("3.4.5", "not a rate");
	rate_bad("3.45‰", "not a rate");
	rate_bad("-3.45%", "negative rate");
	rate_bad("-0.01", "negative rate");
	rate_bad("3.45678%", "more precise than 1 ppm");
	rate_bad("0.03456789", "more precise than 1 ppm");
	rate_bad("0.0000005", "more precise than 1 ppm");
	rate_bad("3.45675", "more precise than 1 ppm");
	rate_bad("100.0001%", "rate above 100%");
	rate_bad("101", "rate above 100%");
	rate_bad("200%", "rate above 100%");
	rate_bad("99999999999999999999999", "rate above 100%");
}
END_TEST

START_TEST(test_rate_format)
{
	char buf[LDG_MONEY_BUFSZ];

	ck_assert_str_eq(ldg_rate_format(34500, buf), "3.45");
	ck_assert_str_eq(ldg_rate_format(40000, buf), "4.00");
	ck_assert_str_eq(ldg_rate_format(44550, buf), "4.455");
	ck_assert_str_eq(ldg_rate_format(500000, buf), "50.00");
	ck_assert_str_eq(ldg_rate_format(1000000, buf), "100.00");
	ck_assert_str_eq(ldg_rate_format(0, buf), "0.00");
	ck_assert_str_eq(ldg_rate_format(1, buf), "0.0001");
	ck_assert_str_eq(ldg_rate_format(10, buf), "0.001");
	ck_assert_str_eq(ldg_rate_format(100, buf), "0.01");
	ck_assert_str_eq(ldg_rate_format(999999, buf), "99.9999");
	ck_assert_str_eq(ldg_rate_format(36500, buf), "3.65");
	ck_assert_str_eq(ldg_rate_format(43500, buf), "4.35");
	ck_assert_str_eq(ldg_rate_format(-34500, buf), "-3.45");
}
END_TEST

/* Format, then parse the text with '%' back: the same ppm for all 0..10^6. */
START_TEST(test_rate_round_trip)
{
	char buf[LDG_MONEY_BUFSZ + 1];
	int64_t ppm, back;

	for (ppm = 0; ppm <= 1000000; ppm += 7) {
		size_t n = strlen(ldg_rate_format(ppm, buf));

		buf[n] = '%';
		buf[n + 1] = '\0';
		ck_assert_int_eq(ldg_rate_parse(buf, &back, NULL), 0);
		ck_assert_int_eq(back, ppm);
	}
}
END_TEST

/* Format grouped, parse back: the same fen. */
START_TEST(test_money_round_trip)
{
	char buf[LDG_MONEY_BUFSZ];
	int64_t fen, back, step;

	for (step = 1, fen = 0; fen <= LDG_FEN_MAX; fen += step, step = step * 3 + 1) {
		ck_assert_int_eq(ldg_money_parse(ldg_money_format(fen, 1, buf),
						 LDG_UNIT_YUAN, &back, NULL), 0);
		ck_assert_int_eq(back, fen);
		ck_assert_int_eq(ldg_money_parse(ldg_money_format(fen, 0, buf),
						 LDG_UNIT_YUAN, &back, NULL), 0);
		ck_assert_int_eq(back, fen);
	}
}
END_TEST

/*
 * rules.md §4 worked example: 500 000 000 fen × 36 500 × 500 000 × 365 /
 * (10^12 × 360) = 3.330625 × 10^21 / 3.6 × 10^14 = 9 251 736.111… →
 * 9 251 736 fen.
 */
START_TEST(test_muldiv_rules_4_worked_example)
{
	int64_t out = 0;

	ck_assert_int_eq(ldg_muldiv(500000000, 36500, 500000, 365,
				    INT64_C(1000000000000) * 360, &out), 0);
	ck_assert_int_eq(out, 9251736);
}
END_TEST

/*
 * rules.md §1: principal 10^12 fen, rate 10^6 ppm, share 10^6 ppm and 20
 * years of days (7300) do not overflow: 10^12 × 10^6 × 10^6 × 7300 =
 * 7.3 × 10^27; / (10^12 × 360) = 2.02777… × 10^13, i.e. 20 277 777 777 777.78
 * → 20 277 777 777 778.
 */
START_TEST(test_muldiv_rules_1_maximum)
{
	int64_t out = 0;

	ck_assert_int_eq(ldg_muldiv(INT64_C(1000000000000), 1000000, 1000000, 7300,
				    INT64_C(1000000000000) * 360, &out), 0);
	ck_assert_int_eq(out, INT64_C(20277777777778));
	/* with day basis 365: 7.3e27 / 3.65e14 = 2 × 10^13 exactly */
	ck_assert_int_eq(ldg_muldiv(INT64_C(1000000000000), 1000000, 1000000, 7300,
				    INT64_C(1000000000000) * 365, &out), 0);
	ck_assert_int_eq(out, INT64_C(20000000000000));
}
END_TEST

/* rules.md §1: half up, exactly once. */
START_TEST(test_muldiv_half_up)
{
	int64_t out;

	ck_assert_int_eq(ldg_muldiv(5, 1, 1, 1, 10, &out), 0);    /* 0.5 → 1 */
	ck_assert_int_eq(out, 1);
	ck_assert_int_eq(ldg_muldiv(4, 1, 1, 1, 10, &out), 0);    /* 0.4 → 0 */
	ck_assert_int_eq(out, 0);
	ck_assert_int_eq(ldg_muldiv(15, 1, 1, 1, 10, &out), 0);   /* 1.5 → 2 */
	ck_assert_int_eq(out, 2);
	ck_assert_int_eq(ldg_muldiv(25, 1, 1, 1, 10, &out), 0);   /* 2.5 → 3, not even */
	ck_assert_int_eq(out, 3);
	ck_assert_int_eq(ldg_muldiv(1, 1, 1, 1, 3, &out), 0);     /* 0.33 → 0 */
	ck_assert_int_eq(out, 0);
	ck_assert_int_eq(ldg_muldiv(2, 1, 1, 1, 3, &out), 0);     /* 0.67 → 1 */
	ck_assert_int_eq(out, 1);
	ck_assert_int_eq(ldg_muldiv(7, 3, 1, 1, 2, &out), 0);     /* 10.5 → 11 */
	ck_assert_int_eq(out, 11);
	ck_assert_int_eq(ldg_muldiv(0, 36500, 500000, 365, 360, &out), 0);
	ck_assert_int_eq(out, 0);
	ck_assert_int_eq(ldg_muldiv(1, 1, 1, 1, 1, &out), 0);
	ck_assert_int_eq(out, 1);
	ck_assert_int_eq(ldg_muldiv(INT64_MAX, 1, 1, 1, 1, &out), 0);
	ck_assert_int_eq(out, INT64_MAX);
	/* odd denominator at the top: (2^63-1) × 2 / 3 = 6 148 914 691 236 517 204.67 */
	ck_assert_int_eq(ldg_muldiv(INT64_MAX, 2, 1, 1, 3, &out), 0);
	ck_assert_int_eq(out, INT64_C(6148914691236517205));
	/* remainder just below half of a huge odd den: den = 2^63-1, r = 2^62-1 */
	ck_assert_int_eq(ldg_muldiv(INT64_C(4611686018427387903), 1, 1, 1, INT64_MAX, &out), 0);
	ck_assert_int_eq(out, 0);
	ck_assert_int_eq(ldg_muldiv(INT64_C(4611686018427387904), 1, 1, 1, INT64_MAX, &out), 0);
	ck_assert_int_eq(out, 1);
	/* the paid-cap formula, rules.md §4: 35192.08 yuan × 5 / 7 */
	ck_assert_int_eq(ldg_muldiv(3519208, 5, 1, 1, 7, &out), 0);   /* 2513720 exactly */
	ck_assert_int_eq(out, 2513720);
	ck_assert_int_eq(ldg_muldiv(3519209, 5, 1, 1, 7, &out), 0);   /* 2513720.71 */
	ck_assert_int_eq(out, 2513721);
}
END_TEST

START_TEST(test_muldiv_range_errors)
{
	int64_t out = 77;

	ck_assert_int_eq(ldg_muldiv(-1, 1, 1, 1, 1, &out), LDG_ERANGE);
	ck_assert_int_eq(ldg_muldiv(1, -1, 1, 1, 1, &out), LDG_ERANGE);
	ck_assert_int_eq(ldg_muldiv(1, 1, -1, 1, 1, &out), LDG_ERANGE);
	ck_assert_int_eq(ldg_muldiv(1, 1, 1, -1, 1, &out), LDG_ERANGE);
	ck_assert_int_eq(ldg_muldiv(1, 1, 1, 1, 0, &out), LDG_ERANGE);
	ck_assert_int_eq(ldg_muldiv(1, 1, 1, 1, -5, &out), LDG_ERANGE);
	/* result above INT64_MAX */
	ck_assert_int_eq(ldg_muldiv(INT64_MAX, 2, 1, 1, 1, &out), LDG_ERANGE);
	/* product above 2^128: (2^63-1)^3 ≈ 7.8 × 10^56 */
	ck_assert_int_eq(ldg_muldiv(INT64_MAX, INT64_MAX, INT64_MAX, 1, 1, &out),
			 LDG_ERANGE);
	/* 5 × (2^63-1)^2 ≈ 5 × 2^126 > 2^128 */
	ck_assert_int_eq(ldg_muldiv(INT64_MAX, INT64_MAX, 5, 1, INT64_MAX, &out),
			 LDG_ERANGE);
	ck_assert_int_eq(out, 77);
	/* 3 × (2^63-1)^2 < 2^128, but / (2^63-1) leaves 3 × (2^63-1) */
	ck_assert_int_eq(ldg_muldiv(INT64_MAX, INT64_MAX, 3, 1, INT64_MAX, &out),
			 LDG_ERANGE);
	ck_assert_int_eq(ldg_muldiv(INT64_MAX, INT64_MAX, 1, 1, INT64_MAX, &out), 0);
	ck_assert_int_eq(out, INT64_MAX);
	/* a zero factor makes any product 0, even with huge others */
	ck_assert_int_eq(ldg_muldiv(INT64_MAX, INT64_MAX, INT64_MAX, 0, 1, &out), 0);
	ck_assert_int_eq(out, 0);
}
END_TEST

START_TEST(test_add_sub_overflow)
{
	int64_t out = 5;

	ck_assert_int_eq(ldg_add(2, 3, &out), 0);
	ck_assert_int_eq(out, 5);
	ck_assert_int_eq(ldg_add(-2, 3, &out), 0);
	ck_assert_int_eq(out, 1);
	ck_assert_int_eq(ldg_add(INT64_MAX, 0, &out), 0);
	ck_assert_int_eq(out, INT64_MAX);
	ck_assert_int_eq(ldg_add(INT64_MAX - 1, 1, &out), 0);
	ck_assert_int_eq(out, INT64_MAX);
	out = 5;
	ck_assert_int_eq(ldg_add(INT64_MAX, 1, &out), LDG_ERANGE);
	ck_assert_int_eq(ldg_add(INT64_MIN, -1, &out), LDG_ERANGE);
	ck_assert_int_eq(out, 5);
	ck_assert_int_eq(ldg_sub(5, 7, &out), 0);
	ck_assert_int_eq(out, -2);
	ck_assert_int_eq(ldg_sub(INT64_MIN + 1, 1, &out), 0);
	ck_assert_int_eq(out, INT64_MIN);
	out = 5;
	ck_assert_int_eq(ldg_sub(INT64_MIN, 1, &out), LDG_ERANGE);
	ck_assert_int_eq(ldg_sub(0, INT64_MIN, &out), LDG_ERANGE);
	ck_assert_int_eq(ldg_sub(INT64_MAX, -1, &out), LDG_ERANGE);
	ck_assert_int_eq(out, 5);
}
END_TEST

Suite *money_suite(void)
{
	Suite *s = suite_create("money");
	TCase *tc = tcase_create("money");

	tcase_add_test(tc, test_money_parse_yuan_import_1);
	tcase_add_test(tc, test_money_parse_fullwidth_currency);
	tcase_add_test(tc, test_money_parse_wan_import_1);
	tcase_add_test(tc, test_money_parse_yi);
	tcase_add_test(tc, test_money_parse_errors_import_1);
	tcase_add_test(tc, test_money_parse_range);
	tcase_add_test(tc, test_money_parse_first_error_wins);
	tcase_add_test(tc, test_money_format);
	tcase_add_test(tc, test_money_format_wan_half_up);
	tcase_add_test(tc, test_rate_parse_import_1);
	tcase_add_test(tc, test_rate_parse_errors);
	tcase_add_test(tc, test_rate_format);
	tcase_add_test(tc, test_rate_round_trip);
	tcase_add_test(tc, test_money_round_trip);
	tcase_add_test(tc, test_muldiv_rules_4_worked_example);
	tcase_add_test(tc, test_muldiv_rules_1_maximum);
	tcase_add_test(tc, test_muldiv_half_up);
	tcase_add_test(tc, test_muldiv_range_errors);
	tcase_add_test(tc, test_add_sub_overflow);
	suite_add_tcase(s, tc);
	return s;
}
