/*
 * check_numerals.c — ledger/numerals.c: every row of the table of
 * domain.md §5, the 人民币 prefix, and further amounts worked out by hand
 * from the rules of domain.md §5 (the reasoning is in each comment).
 */
#include <check.h>
#include <stdio.h>
#include <stdint.h>
#include <string.h>

#include "ledger/money.h"
#include "ledger/numerals.h"

/* fen without prefix must read want, and with the prefix 人民币 + want. */
static void numerals_is(int64_t fen, const char *want)
{
	char buf[LDG_NUMERALS_BUFSZ], pre[LDG_NUMERALS_BUFSZ + 16];

	ck_assert_msg(ldg_numerals(fen, 0, buf, sizeof(buf)) == 0, "%lld refused",
		      (long long)fen);
	ck_assert_msg(strcmp(buf, want) == 0, "%lld: '%s', want '%s'",
		      (long long)fen, buf, want);
	ck_assert_int_eq(ldg_numerals(fen, 1, buf, sizeof(buf)), 0);
	ck_assert_int_lt(snprintf(pre, sizeof(pre), "人民币%s", want), (int)sizeof(pre));
	ck_assert_str_eq(buf, pre);
}

/* domain.md §5: the table, row by row. */
START_TEST(test_numerals_domain_5_table)
{
	numerals_is(168032, "壹仟陆佰捌拾元零叁角贰分");         /* 1 680.32 */
	numerals_is(10700053, "壹拾万柒仟元零伍角叁分");         /* 107 000.53 */
	numerals_is(1000000, "壹万元整");                       /* 10 000.00 */
	numerals_is(5, "伍分");                                 /* 0.05 */
	numerals_is(50, "伍角");                                /* 0.50 */
	numerals_is(140950, "壹仟肆佰零玖元伍角");               /* 1 409.50 */
	numerals_is(600714, "陆仟零柒元壹角肆分");               /* 6 007.14 */
	numerals_is(1640902, "壹万陆仟肆佰零玖元零贰分");         /* 16 409.02 */
	numerals_is(32504, "叁佰贰拾伍元零肆分");                 /* 325.04 */
	numerals_is(1000, "壹拾元整");                           /* 10.00 */
	numerals_is(101000, "壹仟零壹拾元整");                    /* 1 010.00 */
	numerals_is(100010000, "壹佰万零壹佰元整");               /* 1 000 100.00 */
	numerals_is(10000000100, "壹亿零壹元整");                 /* 100 000 001.00 */
	numerals_is(10001000000, "壹亿零壹万元整");               /* 100 010 000.00 */
	numerals_is(25380000, "贰拾伍万叁仟捌佰元整");            /* 253 800.00 */
	numerals_is(101, "壹元零壹分");                          /* 1.01 */
	numerals_is(0, "零元整");                                /* 0.00 */
}
END_TEST

/* Amounts of our own, each checked against the rules by hand. */
START_TEST(test_numerals_domain_5_more)
{
	/* 1 亿 exactly: trailing zeros are not written, 整 after 元 */
	numerals_is(10000000000, "壹亿元整");
	/* 20 000 000.50: 元位 is 0 and 角 is 5 → 零 after 元 */
	numerals_is(2000000050, "贰仟万元零伍角");
	/* the PBoC's own example 1 004.56: one 零 for the run 00 */
	numerals_is(100456, "壹仟零肆元伍角陆分");
	/* 100.05: 元位 0 and 角 0 → one 零 */
	numerals_is(10005, "壹佰元零伍分");
	numerals_is(1, "壹分");
	numerals_is(10, "壹角");
	numerals_is(11, "壹角壹分");
	numerals_is(99, "玖角玖分");
	numerals_is(100, "壹元整");
	numerals_is(780, "柒元捌角");
	/* 10.50: 元位 0, 角 5 → 零伍角; 壹拾 keeps 壹 */
	numerals_is(1050, "壹拾元零伍角");
	/* 101.10: 元位 1 → no 零 before 角 */
	numerals_is(10110, "壹佰零壹元壹角");
	/* 60 000.07 */
	numerals_is(6000007, "陆万元零柒分");
	/* 1 001 000: the 万 section 100, then 1000 (>= 1000, no 零, as 107 000) */
	numerals_is(100100000, "壹佰万壹仟元整");
	/* 1 100 000 00: 1 亿 1000 万 */
	numerals_is(11000000000, "壹亿壹仟万元整");
	/* 1 001 000 000 = 10 亿 0100 万: one 零 across the 亿 boundary */
	numerals_is(100100000000, "壹拾亿零壹佰万元整");
	/* 110 000 000 001 = 1100 亿 0000 0001 */
	numerals_is(11000000000100, "壹仟壹佰亿零壹元整");
	/* 12 345 678 901.23 */
	numerals_is(1234567890123, "壹佰贰拾叁亿肆仟伍佰陆拾柒万捌仟玖佰零壹元贰角叁分");
	/* 10^12 + 10^4 yuan: 1 万亿, zeros, 1 万 */
	numerals_is(INT64_C(100000001000000), "壹万亿零壹万元整");
	/* 1 234 500 000 000 = 12 345 亿 */
	numerals_is(INT64_C(123450000000000), "壹万贰仟叁佰肆拾伍亿元整");
	/* LDG_FEN_MAX = 10^13 yuan = 10 万亿 */
	numerals_is(LDG_FEN_MAX, "壹拾万亿元整");
	/* LDG_FEN_MAX - 1 fen = 9 999 999 999 999.99 */
	numerals_is(LDG_FEN_MAX - 1,
		    "玖万玖仟玖佰玖拾玖亿玖仟玖佰玖拾玖万玖仟玖佰玖拾玖元玖角玖分");
	/* the worked example's subsidy 92 517.36 (rules.md §4) */
	numerals_is(9251736, "玖万贰仟伍佰壹拾柒元叁角陆分");
	/* 10 010: 壹万零壹拾 */
	numerals_is(1001000, "壹万零壹拾元整");
	/* 200 000 000 000.00 = 2 000 亿 */
	numerals_is(20000000000000, "贰仟亿元整");
}
END_TEST

START_TEST(test_numerals_errors)
{
	char buf[LDG_NUMERALS_BUFSZ];
	char small[13];

	ck_assert_int_eq(ldg_numerals(-1, 0, buf, sizeof(buf)), -1);
	ck_assert_int_eq(ldg_numerals(INT64_MIN, 0, buf, sizeof(buf)), -1);
	ck_assert_int_eq(ldg_numerals(LDG_FEN_MAX + 1, 0, buf, sizeof(buf)), -1);
	ck_assert_int_eq(ldg_numerals(INT64_MAX, 1, buf, sizeof(buf)), -1);
	ck_assert_int_eq(ldg_numerals(0, 0, NULL, 10), -1);
	ck_assert_int_eq(ldg_numerals(0, 0, buf, 0), -1);
	/* "壹万元整" is 12 bytes: 13 fit, 12 do not */
	ck_assert_int_eq(ldg_numerals(1000000, 0, small, 13), 0);
	ck_assert_str_eq(small, "壹万元整");
	ck_assert_int_eq(ldg_numerals(1000000, 0, small, 12), -1);
	ck_assert_str_eq(small, "");
	ck_assert_int_eq(ldg_numerals(1000000, 1, small, sizeof(small)), -1);
	ck_assert_str_eq(small, "");
}
END_TEST

/* Every amount up to 10 000.00 in steps fits and is well formed. */
START_TEST(test_numerals_shape)
{
	char buf[LDG_NUMERALS_BUFSZ];
	int64_t fen;

	for (fen = 0; fen <= 1000000; fen += 3) {
		size_t n;

		ck_assert_int_eq(ldg_numerals(fen, 1, buf, sizeof(buf)), 0);
		n = strlen(buf);
		/* never two 零 in a row, never 零 before 元 or at the end */
		ck_assert_ptr_null(strstr(buf, "零零"));
		if (fen != 0)
			ck_assert_ptr_null(strstr(buf, "零元"));
		ck_assert(n >= 9 + 6);
		ck_assert(strcmp(buf + n - 3, "零") != 0);
		/* 整 exactly when the amount ends in 元 */
		if (fen % 100 == 0)
			ck_assert_str_eq(buf + n - 6, "元整");
		else
			ck_assert_ptr_null(strstr(buf, "整"));
	}
	/* the longest amount fits LDG_NUMERALS_BUFSZ with the prefix */
	ck_assert_int_eq(ldg_numerals(LDG_FEN_MAX - 1, 1, buf, sizeof(buf)), 0);
}
END_TEST

Suite *numerals_suite(void)
{
	Suite *s = suite_create("numerals");
	TCase *tc = tcase_create("numerals");

	tcase_add_test(tc, test_numerals_domain_5_table);
	tcase_add_test(tc, test_numerals_domain_5_more);
	tcase_add_test(tc, test_numerals_errors);
	tcase_add_test(tc, test_numerals_shape);
	suite_add_tcase(s, tc);
	return s;
}
