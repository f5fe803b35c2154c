/*
 * check_text.c — ledger/text.c: folding, trimming, yes/no (import.md §1),
 * display width and UTF-8 validity.
 */
#include <check.h>
#include <stdio.h>
#include <string.h>

#include "ledger/text.h"

/* Fold in into a roomy buffer; expect want and its length. */
static void fold_is(const char *in, const char *want)
{
	char out[256];
	int n = ldg_text_fold(in, out, sizeof(out));

	ck_assert_msg(n >= 0, "'%s' did not fit", in);
	ck_assert_str_eq(out, want);
	ck_assert_int_eq(n, (int)strlen(want));
}

/* import.md §1: full-width digits, brackets and spaces are half-width. */
START_TEST(test_text_fold_import_1)
{
	fold_is("", "");
	fold_is(NULL, "");
	fold_is("abc", "abc");
	fold_is("ＡＢＣ１２３", "ABC123");
	fold_is("１２３４．５", "1234.5");
	fold_is("贷款金额（万元）", "贷款金额(万元)");
	fold_is("！～", "!~");                 /* U+FF01 and U+FF5E, the ends */
	fold_is("｟＀", "｟＀");                /* U+FF5F and U+FF00 stay */
	fold_is("，；％－／．：", ",;%-/.:");
	fold_is("ｙｅｓ", "yes");
	fold_is("￥１２", "￥12");              /* U+FFE5 is not in the range */
	fold_is("　abc　", "abc");             /* U+3000 */
	fold_is("\xc2\xa0" "a\xc2\xa0" "b" "\xc2\xa0", "a b");   /* NBSP */
	fold_is("1\xe2\x80\xaf" "234", "1 234"); /* narrow NBSP U+202F */
	fold_is("1\xe2\x80\x89" "234", "1 234"); /* thin space U+2009 */
	fold_is(" \t\r\n x y \t\r\n ", "x y");
	fold_is("中文", "中文");
	fold_is("\xff\xfe" "a", "\xff\xfe" "a");  /* invalid bytes unchanged */
	fold_is("\xef\xbc", "\xef\xbc");          /* a truncated ＀.. sequence */
	fold_is("\xe3\x80", "\xe3\x80");
	fold_is("   ", "");
}
END_TEST

START_TEST(test_text_fold_sizes)
{
	char out[8];

	/* "ＡＢ" is 6 bytes, folds to 2: fits in 3 */
	ck_assert_int_eq(ldg_text_fold("ＡＢ", out, 3), 2);
	ck_assert_str_eq(out, "AB");
	ck_assert_int_eq(ldg_text_fold("abc", out, 4), 3);
	ck_assert_str_eq(out, "abc");
	ck_assert_int_eq(ldg_text_fold("abcd", out, 4), -1);
	ck_assert_int_eq(ldg_text_fold("中", out, 3), -1);
	ck_assert_int_eq(ldg_text_fold("中", out, 4), 3);
	ck_assert_int_eq(ldg_text_fold("", out, 1), 0);
	ck_assert_str_eq(out, "");
	ck_assert_int_eq(ldg_text_fold("a", out, 0), -1);
	/* leading spaces count before the trim: they must fit too */
	ck_assert_int_eq(ldg_text_fold("       a", out, 8), -1);
	ck_assert_int_eq(ldg_text_fold("      a", out, 8), 1);
	ck_assert_str_eq(out, "a");
}
END_TEST

/* Folding in place: in == out. */
START_TEST(test_text_fold_in_place)
{
	char buf[64] = "\xe3\x80\x80（１２３４．５）ａ中ｂ　";

	ck_assert_int_eq(ldg_text_fold(buf, buf, sizeof(buf)), 13); /* 8 + 1 + 3 + 1 */
	ck_assert_str_eq(buf, "(1234.5)a中b");
	snprintf(buf, sizeof(buf), "%s", "  x\xc2\xa0y  ");
	ck_assert_int_eq(ldg_text_fold(buf, buf, sizeof(buf)), 3);
	ck_assert_str_eq(buf, "x y");
}
END_TEST

/* Trim in place; expect want. */
static void trim_is(const char *in, const char *want)
{
	char buf[64];

	snprintf(buf, sizeof(buf), "%s", in);
	ck_assert_ptr_eq(ldg_text_trim(buf), buf);
	ck_assert_str_eq(buf, want);
}

START_TEST(test_text_trim)
{
	trim_is("", "");
	trim_is("a", "a");
	trim_is("  a b  ", "a b");
	trim_is("\t\r\na\n", "a");
	trim_is("\xe3\x80\x80x\xc2\xa0", "x");
	trim_is("\xc2\xa0\xe3\x80\x80 x \xe3\x80\x80\xc2\xa0 ", "x");
	trim_is("\xe3\x80\x80\xc2\xa0  ", "");
	trim_is("中 文", "中 文");
	trim_is("ＡＢ", "ＡＢ");                 /* no folding */
	trim_is("a\xe3\x80", "a\xe3\x80");      /* half a U+3000 is kept */
	trim_is("\xa0" "a", "\xa0" "a");        /* a lone continuation byte */
	ck_assert_ptr_null(ldg_text_trim(NULL));
}
END_TEST

/* import.md §3, issue 11: keys in normal form — full-width to half-width,
 * trimmed, inner runs of white space one ' '; in place too. */
START_TEST(test_text_key_normal_form)
{
	char out[64];

	ck_assert_int_eq(ldg_text_key("（2021）质字　 第1号", out, sizeof out), 20);
	ck_assert_str_eq(out, "(2021)质字 第1号");
	ck_assert_int_eq(ldg_text_key(" \xc2\xa0ＨＴ－７\t\t8 ", out, sizeof out), 6);
	ck_assert_str_eq(out, "HT-7 8");
	ck_assert_int_eq(ldg_text_key("", out, sizeof out), 0);
	ck_assert_str_eq(out, "");
	ck_assert_int_eq(ldg_text_key("a  b", out, 3), -1);   /* folding first: 4 bytes */
	snprintf(out, sizeof out, "%s", "中国银行  （北京）");
	ck_assert_int_eq(ldg_text_key(out, out, sizeof out), 21);
	ck_assert_str_eq(out, "中国银行 (北京)");
}
END_TEST

/* Expect text to read as want (0/1) with the default def. */
static void bool_is(const char *text, int def, int want)
{
	struct ldg_err err = { 0 };
	int v = -1;

	ck_assert_msg(ldg_bool_parse(text, def, &v, &err) == 0, "'%s' refused",
		      text ? text : "(null)");
	ck_assert_msg(v == want, "'%s' gave %d", text ? text : "(null)", v);
	ck_assert_int_eq(err.code, LDG_OK);
}

static void bool_bad(const char *text)
{
	struct ldg_err err = { 0 };
	int v = -1;

	ck_assert_msg(ldg_bool_parse(text, 0, &v, &err) == LDG_EINPUT,
		      "'%s' accepted as %d", text, v);
	ck_assert_str_eq(err.msg, "not yes or no");
	ck_assert_str_eq(err.value, text);
	ck_assert_int_eq(v, -1);
}

/* import.md §1: yes/no forms, case-insensitive; empty is the default. */
START_TEST(test_bool_parse_import_1)
{
	const char *yes[] = { "是", "Y", "y", "yes", "YES", "Yes", "true", "TRUE",
			      "True", "1", "✓", "✔", "√", "ｙｅｓ", "１", "Ｙ",
			      " 是 ", "\xe3\x80\x80" "TRUE", NULL };
	const char *no[] = { "否", "N", "n", "no", "NO", "No", "false", "FALSE",
			     "False", "0", "✗", "✘", "×", "０", "Ｎ", " 否", NULL };
	int i;

	for (i = 0; yes[i]; i++) {
		bool_is(yes[i], 0, 1);
		bool_is(yes[i], 1, 1);
	}
	for (i = 0; no[i]; i++) {
		bool_is(no[i], 0, 0);
		bool_is(no[i], 1, 0);
	}
	bool_is("", 0, 0);
	bool_is("", 1, 1);
	bool_is(NULL, 0, 0);
	bool_is(NULL, 1, 1);
	bool_is("   ", 1, 1);
	bool_is("\xe3\x80\x80", 0, 0);
	bool_bad("maybe");
	bool_bad("2");
	bool_bad("是否");
	bool_bad("yes!");
	bool_bad("t");
	bool_bad("ye");
	bool_bad("yess");
	bool_bad("00");
	bool_bad("x");
	bool_bad("\xff");
	bool_bad("是是是是是是是是是是是是是是是是是是是是是是是是是是是是");
	ck_assert_int_eq(ldg_bool_parse("?", 0, &i, NULL), LDG_EINPUT);
}
END_TEST

START_TEST(test_text_width)
{
	ck_assert_uint_eq(ldg_text_width(""), 0);
	ck_assert_uint_eq(ldg_text_width(NULL), 0);
	ck_assert_uint_eq(ldg_text_width("abc"), 3);
	ck_assert_uint_eq(ldg_text_width("中文"), 4);
	ck_assert_uint_eq(ldg_text_width("a中b"), 4);
	ck_assert_uint_eq(ldg_text_width("ＡＢ"), 4);
	ck_assert_uint_eq(ldg_text_width("￥"), 2);
	ck_assert_uint_eq(ldg_text_width("¥"), 1);
	ck_assert_uint_eq(ldg_text_width("　"), 2);          /* U+3000 */
	ck_assert_uint_eq(ldg_text_width("（）"), 4);
	ck_assert_uint_eq(ldg_text_width("、，。"), 6);
	ck_assert_uint_eq(ldg_text_width("한"), 2);
	ck_assert_uint_eq(ldg_text_width("é"), 1);
	ck_assert_uint_eq(ldg_text_width("e\xcc\x81"), 1);   /* e + combining acute */
	ck_assert_uint_eq(ldg_text_width("✓"), 1);
	ck_assert_uint_eq(ldg_text_width("\xff" "a"), 2);    /* invalid byte: 1 */
	ck_assert_uint_eq(ldg_text_width("a\tb"), 2);        /* control: 0 */
	ck_assert_uint_eq(ldg_text_width("\xf0\xa0\x80\x80"), 2); /* U+20000 */
	ck_assert_uint_eq(ldg_text_width("东阳市明辉新材料有限公司"), 24);
	ck_assert_uint_eq(ldg_text_width("贷款金额（万元）"), 16);
}
END_TEST

START_TEST(test_utf8_valid)
{
	static const char nul[] = "a\0b";

	ck_assert(ldg_utf8_valid("", 0));
	ck_assert(ldg_utf8_valid("abc", 3));
	ck_assert(ldg_utf8_valid("中文", 6));
	ck_assert(ldg_utf8_valid("\xf0\x9f\x98\x80", 4));     /* U+1F600 */
	ck_assert(ldg_utf8_valid("\xf4\x8f\xbf\xbf", 4));     /* U+10FFFF */
	ck_assert(ldg_utf8_valid("\xef\xbb\xbf" "a", 4));     /* BOM */
	ck_assert(ldg_utf8_valid(nul, 3));
	ck_assert(!ldg_utf8_valid("\xc0\xaf", 2));            /* overlong '/' */
	ck_assert(!ldg_utf8_valid("\xc1\xbf", 2));
	ck_assert(!ldg_utf8_valid("\xe0\x80\xaf", 3));        /* overlong */
	ck_assert(!ldg_utf8_valid("\xf0\x80\x80\xaf", 4));    /* overlong */
	ck_assert(!ldg_utf8_valid("\xed\xa0\x80", 3));        /* surrogate D800 */
	ck_assert(!ldg_utf8_valid("\xf4\x90\x80\x80", 4));    /* above U+10FFFF */
	ck_assert(!ldg_utf8_valid("\xf5\x80\x80\x80", 4));
	ck_assert(!ldg_utf8_valid("\xe4\xb8", 2));            /* truncated 中 */
	ck_assert(!ldg_utf8_valid("中文", 5));
	ck_assert(!ldg_utf8_valid("\x80", 1));
	ck_assert(!ldg_utf8_valid("\xff", 1));
	ck_assert(!ldg_utf8_valid("\xd6\xd0\xce\xc4", 4));    /* 中文 in GB18030 */
	ck_assert(!ldg_utf8_valid("\xe4" "a" "\xad", 3));
}
END_TEST

/* import.md §1: the control characters a cell may not hold: C0 but TAB
 * (and CR, LF where a list allows them), DEL, C1; NUL included. */
START_TEST(test_text_control)
{
	ck_assert_int_eq(ldg_text_control("东阳市", strlen("东阳市"), 0), -1);
	ck_assert_int_eq(ldg_text_control("a\tb", 3, 0), -1);
	ck_assert_int_eq(ldg_text_control("100\0" "0000", 8, 0), 3);
	ck_assert_int_eq(ldg_text_control("a\x1b]0", 4, 0), 1);
	ck_assert_int_eq(ldg_text_control("ab\x7f", 3, 0), 2);
	ck_assert_int_eq(ldg_text_control("x\xc2\x85y", 4, 0), 1);     /* U+0085 NEL */
	ck_assert_int_eq(ldg_text_control("\xc2\xa0", 2, 0), -1);        /* NBSP is text */
	ck_assert_int_eq(ldg_text_control("a\nb", 3, 0), 1);
	ck_assert_int_eq(ldg_text_control("a\r\nb", 4, 1), -1);
	ck_assert_int_eq(ldg_text_control("a\nb\x07", 4, 1), 3);
}
END_TEST

/* Text for people: control characters and bytes that are not UTF-8 as
 * \xHH, the rest unchanged; cut at a character with "..." when short. */
START_TEST(test_text_escape)
{
	char out[64];

	ck_assert_str_eq(ldg_text_escape("A\x1b]0;x\x07中", 10, out, sizeof(out)),
			 "A\\x1B]0;x\\x07中");
	ck_assert_str_eq(ldg_text_escape("1\0" "2", 3, out, sizeof(out)), "1\\x002");
	ck_assert_str_eq(ldg_text_escape("\xc2\x85\xff", 3, out, sizeof(out)), "\\xC2\\x85\\xFF");
	ck_assert_str_eq(ldg_text_escape("a\nb", 3, out, sizeof(out)), "a\\x0Ab");
	ck_assert_str_eq(ldg_text_escape("东阳市明辉", strlen("东阳市明辉"), out, 12), "东阳...");
	ck_assert_str_eq(ldg_text_escape("", 0, out, sizeof(out)), "");
}
END_TEST

Suite *text_suite(void)
{
	Suite *s = suite_create("text");
	TCase *tc = tcase_create("text");

	tcase_add_test(tc, test_text_fold_import_1);
	tcase_add_test(tc, test_text_fold_sizes);
	tcase_add_test(tc, test_text_fold_in_place);
	tcase_add_test(tc, test_text_key_normal_form);
	tcase_add_test(tc, test_text_trim);
	tcase_add_test(tc, test_bool_parse_import_1);
	tcase_add_test(tc, test_text_width);
	tcase_add_test(tc, test_utf8_valid);
	tcase_add_test(tc, test_text_control);
	tcase_add_test(tc, test_text_escape);
	suite_add_tcase(s, tc);
	return s;
}
