/*
 * check_ident.c — USCC, patent, trademark, copyright identifiers and the
 * right-list splitter (domain.md §2–4, import.md §1–3).
 *
 * Expected values come from the spec's examples, from the sample data set
 * (/work/shared/examples: the input files' cells against truth.json, which
 * was produced independently of pledger), or are computed by hand in the
 * comments.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ledger/ident.h"

/* err->msg contains frag. */
#define ck_msg_has(err, frag)                                              \
	ck_assert_msg(strstr((err).msg, (frag)) != NULL,                   \
		      "message '%s' lacks '%s'", (err).msg, (frag))

/* ---------------------------------------------------------------- USCC */

/* domain.md §2: the valid examples, and the sample data set's enterprises. */
static const char *const uscc_valid[] = {
	"91310110666007217T", "91310115591693856A", "91350200776049653A",
	"91440101MA5CJQ4N59", "9135021359498494XQ", "91350213678251743X",
	"91330783MA26K5770L", "91330783MA20CA4GX5", "91330783MA2UNKQP81",
	"91330783547938297E", "91330382MA27U83U7B", "91330783517999873H",
	"91330783MA28H0D62D", "91330382215838150L", "91330382MA2DPKJ63E",
	"91330783MA2MUARF6E", "91330382275544381M", "91330382MA2CAW6B13",
	"91330783141933525B",
};

START_TEST(test_uscc_valid_domain_2)
{
	const char *code = uscc_valid[_i];
	struct ldg_err err = { 0 };
	char out[LDG_USCC_BUFSZ];

	ck_assert_int_eq(ldg_uscc_normalize(code, 0, out, &err), 0);
	ck_assert_int_eq(err.code, LDG_OK);
	ck_assert_str_eq(out, code);
	ck_assert_int_eq(ldg_uscc_check_char(code), code[17]);
}
END_TEST

START_TEST(test_uscc_check_char_by_hand_domain_2)
{
	/*
	 * 91330783MA26K5770: values 9 1 3 3 0 7 8 3 21 10 2 6 19 5 7 7 0,
	 * weights 1 3 9 27 19 26 16 17 20 29 25 13 8 24 10 30 28:
	 * 9+3+27+81+0+182+128+51+420+290+50+78+152+120+70+210+0 = 1871;
	 * 1871 mod 31 = 11; 31 − 11 = 20 = 'L'.
	 */
	ck_assert_int_eq(ldg_uscc_check_char("91330783MA26K5770"), 'L');
	/* Σ = 0 → c = 31 → 0: the "31 → 0" rule. */
	ck_assert_int_eq(ldg_uscc_check_char("00000000000000000"), '0');
	/* Σ = 1·1 = 1 → c = 30 = 'Y'. */
	ck_assert_int_eq(ldg_uscc_check_char("10000000000000000"), 'Y');
	/* Σ = 1·3 = 3 → c = 28 = 'W'. */
	ck_assert_int_eq(ldg_uscc_check_char("01000000000000000"), 'W');
	/* Only the first 17 characters count. */
	ck_assert_int_eq(ldg_uscc_check_char("91330783MA26K5770ZZZ"), 'L');
	/* Outside the alphabet, too short, lower case, NULL: '\0'. */
	ck_assert_int_eq(ldg_uscc_check_char("91330783MA26K577I"), '\0');
	ck_assert_int_eq(ldg_uscc_check_char("91330783MA26K577O"), '\0');
	ck_assert_int_eq(ldg_uscc_check_char("91330783ma26k5770"), '\0');
	ck_assert_int_eq(ldg_uscc_check_char("9133078"), '\0');
	ck_assert_int_eq(ldg_uscc_check_char(""), '\0');
	ck_assert_int_eq(ldg_uscc_check_char(NULL), '\0');
}
END_TEST

START_TEST(test_uscc_forms_import_3)
{
	struct ldg_err err = { 0 };
	char out[LDG_USCC_BUFSZ];

	/* Lower case (bank04_D.csv) and spaces around are accepted. */
	ck_assert_int_eq(ldg_uscc_normalize("  91330783ma20ca4gx5\t", 0, out, &err), 0);
	ck_assert_str_eq(out, "91330783MA20CA4GX5");
	/* Full-width characters and an ideographic space, as Excel may type. */
	ck_assert_int_eq(ldg_uscc_normalize(
		"\xE3\x80\x80９１３３０７８３ＭＡ２０ＣＡ４ＧＸ５", 0, out, &err), 0);
	ck_assert_str_eq(out, "91330783MA20CA4GX5");
	ck_assert_int_eq(err.code, LDG_OK);
	/* err may be NULL. */
	ck_assert_int_eq(ldg_uscc_normalize("91310110666007217T", 0, out, NULL), 0);
}
END_TEST

/* examples/bad/bad_uscc.csv: the expected character must be named. */
START_TEST(test_uscc_wrong_check_names_expected_domain_2)
{
	struct ldg_err err = { 0 };
	char out[LDG_USCC_BUFSZ] = "junk";

	ck_assert_int_eq(ldg_uscc_normalize("91330783MA26K57708", 0, out, &err),
			 LDG_EINPUT);
	ck_assert_int_eq(err.code, LDG_EINPUT);
	ck_msg_has(err, "wrong USCC check character '8', expected 'L'");
	ck_msg_has(err, "pledger enterprise add");
	ck_msg_has(err, "--accept-nonstandard-uscc");
	ck_assert_str_eq(err.value, "91330783MA26K57708");
	ck_assert_str_eq(out, "");
}
END_TEST

/*
 * domain.md §2: the real pilot-area codes.  Expected characters by an
 * independent computation: 91350211M00013FA1 Σ = 1237, 1237 mod 31 = 28,
 * 31 − 28 = 3 → '3'; 91350203M0001QAY9 Σ = 2533, mod 31 = 22, → 9 → '9'.
 */
START_TEST(test_uscc_nonstandard_domain_2)
{
	struct ldg_err err = { 0 };
	char out[LDG_USCC_BUFSZ];

	ck_assert_int_eq(ldg_uscc_normalize("91350211M00013FA1N", 0, out, &err),
			 LDG_EINPUT);
	ck_msg_has(err, "'N', expected '3'");
	ck_msg_has(err, "--accept-nonstandard-uscc");
	ldg_err_clear(&err);
	ck_assert_int_eq(ldg_uscc_normalize("91350203M0001QAY9B", 0, out, &err),
			 LDG_EINPUT);
	ck_msg_has(err, "'B', expected '9'");
	ldg_err_clear(&err);

	/* Accepted on purpose, still normalised. */
	ck_assert_int_eq(ldg_uscc_normalize("91350211M00013FA1N", 1, out, &err), 0);
	ck_assert_str_eq(out, "91350211M00013FA1N");
	ck_assert_int_eq(ldg_uscc_normalize(" 91350203m0001qay9b ", 1, out, &err), 0);
	ck_assert_str_eq(out, "91350203M0001QAY9B");
	/* A right code is right either way. */
	ck_assert_int_eq(ldg_uscc_normalize("91330783MA26K5770L", 1, out, &err), 0);
	ck_assert_int_eq(err.code, LDG_OK);
}
END_TEST

/* Wrong forms are refused even with accept_nonstandard (domain.md §2). */
static const struct {
	const char *text;
	const char *frag;
} uscc_bad[] = {
	{ "", "empty USCC" },
	{ "   ", "empty USCC" },
	{ NULL, "empty USCC" },
	{ "91330783MA26K577", "wrong USCC length 16, expected 18" },
	{ "91330783MA26K5770", "wrong USCC length 17, expected 18" },
	{ "91330783MA26K5770LL", "wrong USCC length 19, expected 18" },
	{ "91330783 MA26K5770L", "wrong USCC length 19" },
	{ "9133078IMA26K5770L", "character 'I' at position 8" },
	{ "9133078OMA26K5770L", "character 'O' at position 8" },
	{ "91330783MA26S5770L", "character 'S' at position 13" },
	{ "91330783MV26K5770L", "character 'V' at position 10" },
	{ "Z1330783MA26K5770L", "character 'Z' at position 1" },
	{ "91330783MA26K5770z", "character 'Z' at position 18" },
	{ "91330783-A26K5770L", "character '-' at position 9" },
	{ "91330783MA26K577统L", "character at position 17" },
};

START_TEST(test_uscc_bad_form_domain_2)
{
	int accept;

	for (accept = 0; accept <= 1; accept++) {
		struct ldg_err err = { 0 };
		char out[LDG_USCC_BUFSZ] = "junk";

		ck_assert_int_eq(ldg_uscc_normalize(uscc_bad[_i].text, accept,
						    out, &err), LDG_EINPUT);
		ck_assert_int_eq(err.code, LDG_EINPUT);
		ck_msg_has(err, uscc_bad[_i].frag);
		ck_assert_str_eq(err.value, uscc_bad[_i].text ? uscc_bad[_i].text : "");
		ck_assert_str_eq(out, "");
		ck_assert_int_eq(ldg_uscc_normalize(uscc_bad[_i].text, accept,
						    out, NULL), LDG_EINPUT);
	}
}
END_TEST

/* ------------------------------------------------------------- patents */

/*
 * domain.md §3 and import.md §3 examples, then the forms of the sample
 * files.  Types: the 5th digit of 12, the 3rd of 8.  Hand checks:
 * 201811564288: 2·2+0·3+1·4+8·5+1·6+1·7+5·8+6·9+4·2+2·3+8·4+8·5 = 241,
 * 241 mod 11 = 10 → X.  97101765:
 * 9·2+7·3+1·4+0·5+1·6+7·7+6·8+5·9 = 18+21+4+0+6+49+48+45 = 191,
 * 191 mod 11 = 4.  202190123456 (type 9): 4+0+8+5+54+0+8+18+6+12+20+30 =
 * 165, mod 11 = 0.  202130123456 (type 3): 129, mod 11 = 8.
 * 93301234 (8 digits, type 3): 18+9+12+0+6+14+24+36 = 119, mod 11 = 9.
 */
static const struct {
	const char *text;
	const char *norm;
	int type;
} patent_valid[] = {
	{ "202010566088.9", "ZL202010566088.9", 1 },
	{ "201510958772.0", "ZL201510958772.0", 1 },
	{ "201811564288.X", "ZL201811564288.X", 1 },
	{ "202411064734.6", "ZL202411064734.6", 1 },
	{ "2023211609569", "ZL202321160956.9", 2 },
	{ "97101765.4", "ZL97101765.4", 1 },
	{ "88201465.X", "ZL88201465.X", 2 },
	{ "202110123456.7", "ZL202110123456.7", 1 },
	{ "ZL202110123456.7", "ZL202110123456.7", 1 },
	{ "CN202110123456.7", "ZL202110123456.7", 1 },
	{ "ZL 2021 1 0123456.7", "ZL202110123456.7", 1 },
	{ "ZL2015 1 0958772.0", "ZL201510958772.0", 1 },
	{ "zl201811564288.x", "ZL201811564288.X", 1 },
	{ "cn 201811564288x", "ZL201811564288.X", 1 },
	{ "201811564288x", "ZL201811564288.X", 1 },
	{ "  ZL201811564288.X\t", "ZL201811564288.X", 1 },
	{ "ZL\t2018 1156 4288 . X", "ZL201811564288.X", 1 },
	{ "ＺＬ２０１８１１５６４２８８．Ｘ", "ZL201811564288.X", 1 },
	{ "ZL201811564288\xEF\xBC\x8Ex", "ZL201811564288.X", 1 },
	{ "971017654", "ZL97101765.4", 1 },
	{ "ZL88201465x", "ZL88201465.X", 2 },
	{ "202190123456.0", "ZL202190123456.0", 9 },
	{ "202130123456.8", "ZL202130123456.8", 3 },
	{ "93301234.9", "ZL93301234.9", 3 },
	/* The forms of examples/loans and examples/policies (truth.json). */
	{ "ZL 2019 1 5530950.X", "ZL201915530950.X", 1 },
	{ "CN201335344763.6", "ZL201335344763.6", 3 },
	{ "2013325103910", "ZL201332510391.0", 3 },
	{ "201827706646x", "ZL201827706646.X", 2 },
	{ "ZL 2008 8 8864175.0", "ZL200888864175.0", 8 },
	{ "ZL 2016 8 4271521.3", "ZL201684271521.3", 8 },
	{ "2008212802200", "ZL200821280220.0", 2 },
	{ "2016159338052", "ZL201615933805.2", 1 },
	{ "2022142136148", "ZL202214213614.8", 1 },
	{ "201332510391.0", "ZL201332510391.0", 3 },
	{ "ZL202015826426.X", "ZL202015826426.X", 1 },
	{ "CN201529988431.0", "ZL201529988431.0", 2 },
	{ "ZL 2009 3 0332817.9", "ZL200930332817.9", 3 },
	{ "ZL200924517401.4", "ZL200924517401.4", 2 },
};

START_TEST(test_patent_valid_domain_3)
{
	struct ldg_err err = { 0 };
	char out[LDG_RIGHT_BUFSZ];
	int type = -1;

	ck_assert_msg(ldg_patent_normalize(patent_valid[_i].text, out, sizeof(out),
					   &type, &err) == 0,
		      "'%s' refused: %s", patent_valid[_i].text, err.msg);
	ck_assert_str_eq(out, patent_valid[_i].norm);
	ck_assert_int_eq(type, patent_valid[_i].type);
	ck_assert_int_eq(err.code, LDG_OK);
	/* type and err may be NULL. */
	ck_assert_int_eq(ldg_patent_normalize(patent_valid[_i].text, out,
					      sizeof(out), NULL, NULL), 0);
	/* The normal form is its own normal form. */
	ck_assert_int_eq(ldg_patent_normalize(patent_valid[_i].norm, out,
					      sizeof(out), NULL, NULL), 0);
	ck_assert_str_eq(out, patent_valid[_i].norm);
}
END_TEST

/*
 * 202310123456: 4+0+8+15+6+0+8+18+6+12+20+30 = 127, 127 mod 11 = 6.
 * 200923291379 (examples/bad/bad_patent.csv):
 * 4+0+0+45+12+21+16+81+2+9+28+45 = 263, 263 mod 11 = 10 → X.
 * 202440123456 (type 4): 4+0+8+20+24+0+8+18+6+12+20+30 = 150, mod 11 = 7,
 * so .7 is the right check; 202400123456 (type 0): 126, mod 11 = 5.
 * 97401765 (type 4): 191 + (4−1)·4 = 203, mod 11 = 5.
 */
static const struct {
	const char *text;
	const char *frag;
} patent_bad[] = {
	{ "202310123456.7", "wrong patent check digit '7', expected '6'" },
	{ "ZL200923291379.3", "wrong patent check digit '3', expected 'X'" },
	{ "ZL 2009 2 3291379.3", "wrong patent check digit '3', expected 'X'" },
	{ "201811564288.0", "wrong patent check digit '0', expected 'X'" },
	{ "ZL88201465.0", "wrong patent check digit '0', expected 'X'" },
	{ "97101765.X", "wrong patent check digit 'X', expected '4'" },
	{ "202440123456.7", "unknown patent type digit '4'" },
	{ "202400123456.5", "unknown patent type digit '0'" },
	{ "97401765.5", "unknown patent type digit '4'" },
	{ "ZL20181156428.X", "has 11 digits before the check digit, expected 12" },
	{ "201811564288", "has 11 digits before the check digit" },
	{ "2018115642880.1", "has 13 digits" },
	{ "9710176.5", "has 7 digits" },
	{ "971017651.4", "has 9 digits" },
	{ "9710176512", "has 9 digits" },
	{ "9710176512.3", "has 10 digits" },
	{ "97101765123.X", "has 11 digits" },
	{ "97101765", "has 7 digits" },
	{ "201811564288.XX", "one check digit after the dot" },
	{ "201811564288.", "one check digit after the dot" },
	{ "2018.11564288.X", "more than one dot" },
	{ "2018X1564288.X", "'X' may only be the check digit" },
	{ "ZL201811564288-X", "character '-' is not allowed" },
	{ "ZL201811564288.A", "character 'A' is not allowed" },
	{ "ZLZL201811564288.X", "character 'Z' is not allowed" },
	{ "专利201811564288.X", "unexpected character in patent number" },
	{ "ZL", "empty patent number" },
	{ " CN ", "empty patent number" },
	{ "", "empty patent number" },
	{ NULL, "empty patent number" },
};

START_TEST(test_patent_bad_domain_3)
{
	struct ldg_err err = { 0 };
	char out[LDG_RIGHT_BUFSZ] = "junk";
	int type = -7;

	ck_assert_int_eq(ldg_patent_normalize(patent_bad[_i].text, out, sizeof(out),
					      &type, &err), LDG_EINPUT);
	ck_assert_int_eq(err.code, LDG_EINPUT);
	ck_msg_has(err, patent_bad[_i].frag);
	ck_assert_str_eq(err.value, patent_bad[_i].text ? patent_bad[_i].text : "");
	ck_assert_str_eq(out, "");
	ck_assert_int_eq(type, -7);
	ck_assert_int_eq(ldg_patent_normalize(patent_bad[_i].text, out, sizeof(out),
					      NULL, NULL), LDG_EINPUT);
}
END_TEST

START_TEST(test_patent_small_buffer)
{
	struct ldg_err err = { 0 };
	char out[16];

	/* "ZL201811564288.X" needs 17 bytes. */
	ck_assert_int_eq(ldg_patent_normalize("201811564288.X", out, sizeof(out),
					      NULL, &err), LDG_EINPUT);
	ck_msg_has(err, "does not fit");
	ck_assert_str_eq(out, "");
	/* "ZL97101765.4" needs 13. */
	ck_assert_int_eq(ldg_patent_normalize("97101765.4", out, 13, NULL, NULL), 0);
	ck_assert_str_eq(out, "ZL97101765.4");
}
END_TEST

/* ---------------------------------------------------------- trademarks */

static const struct {
	const char *text;
	const char *norm;
} trademark_valid[] = {
	{ "第69182222号", "69182222" },
	{ "TM21178561", "21178561" },
	{ "tm21178561", "21178561" },
	{ "44569426", "44569426" },
	{ "8867942", "8867942" },
	{ "123456", "123456" },
	{ "第 12964885 号", "12964885" },
	{ " 第58597140号 ", "58597140" },
	{ "TM第58597140号", "58597140" },
	{ "12964885号", "12964885" },
	{ "第12964885", "12964885" },
	{ "第０１２３４５６７号", "01234567" },
	{ "G1234567", "G1234567" },
	{ "g123456", "G123456" },
	{ "第G123456号", "G123456" },
	{ "TM G 1234567", "G1234567" },
};

START_TEST(test_trademark_valid_domain_4)
{
	struct ldg_err err = { 0 };
	char out[LDG_RIGHT_BUFSZ];

	ck_assert_msg(ldg_trademark_normalize(trademark_valid[_i].text, out,
					      sizeof(out), &err) == 0,
		      "'%s' refused: %s", trademark_valid[_i].text, err.msg);
	ck_assert_str_eq(out, trademark_valid[_i].norm);
	ck_assert_int_eq(err.code, LDG_OK);
}
END_TEST

static const struct {
	const char *text;
	const char *frag;
} trademark_bad[] = {
	{ "12345", "has 5 digits, expected 6 to 8" },
	{ "123456789", "has 9 digits, expected 6 to 8" },
	{ "第12345号", "has 5 digits" },
	{ "G12345", "has 5 digits" },
	{ "第12A45678号", "must be digits" },
	{ "GG123456", "must be digits" },
	{ "123456G", "must be digits" },
	{ "第1234567.8号", "must be digits" },
	{ "第号", "empty trademark registration number" },
	{ "TM", "empty trademark registration number" },
	{ "", "empty trademark registration number" },
	{ NULL, "empty trademark registration number" },
};

START_TEST(test_trademark_bad_domain_4)
{
	struct ldg_err err = { 0 };
	char out[LDG_RIGHT_BUFSZ] = "junk";

	ck_assert_int_eq(ldg_trademark_normalize(trademark_bad[_i].text, out,
						 sizeof(out), &err), LDG_EINPUT);
	ck_msg_has(err, trademark_bad[_i].frag);
	ck_assert_str_eq(err.value, trademark_bad[_i].text ? trademark_bad[_i].text : "");
	ck_assert_str_eq(out, "");
}
END_TEST

/* ----------------------------------------------------------- copyright */

static const struct {
	const char *text;
	const char *norm;
} copyright_valid[] = {
	{ "2016sr0998839", "2016SR0998839" },
	{ "2014SR001852", "2014SR001852" },
	{ "浙作登字-2021-I-71907419", "浙作登字-2021-I-71907419" },
	{ "浙作登字-2017-i-04418908", "浙作登字-2017-I-04418908" },
	{ "浙作登字-2017-I-04418908", "浙作登字-2017-I-04418908" },
	{ "  软著登字第0671096号\xE3\x80\x80", "软著登字第0671096号" },
	{ "国作登字 2019 f 1", "国作登字 2019 F 1" },
	{ "２０１６ｓｒ０９９８８３９", "2016SR0998839" },
	{ "44569426", "44569426" },
};

START_TEST(test_copyright_valid_domain_4)
{
	struct ldg_err err = { 0 };
	char out[LDG_RIGHT_BUFSZ];

	ck_assert_int_eq(ldg_copyright_normalize(copyright_valid[_i].text, out,
						 sizeof(out), &err), 0);
	ck_assert_str_eq(out, copyright_valid[_i].norm);
}
END_TEST

START_TEST(test_copyright_bad_domain_4)
{
	struct ldg_err err = { 0 };
	char out[LDG_RIGHT_BUFSZ] = "junk";
	char longtext[LDG_RIGHT_BUFSZ + 1];

	ck_assert_int_eq(ldg_copyright_normalize("", out, sizeof(out), &err),
			 LDG_EINPUT);
	ck_msg_has(err, "empty copyright registration");
	ck_assert_str_eq(out, "");
	ldg_err_clear(&err);
	ck_assert_int_eq(ldg_copyright_normalize(" \xE3\x80\x80 ", out, sizeof(out),
						 &err), LDG_EINPUT);
	ck_msg_has(err, "empty copyright registration");
	ldg_err_clear(&err);
	ck_assert_int_eq(ldg_copyright_normalize("2016SR\t0998839", out,
						 sizeof(out), &err), LDG_EINPUT);
	ck_msg_has(err, "control character");
	ldg_err_clear(&err);
	/* 128 bytes do not fit LDG_RIGHT_BUFSZ (127 + NUL); 127 do. */
	memset(longtext, 'a', LDG_RIGHT_BUFSZ);
	longtext[LDG_RIGHT_BUFSZ] = '\0';
	ck_assert_int_eq(ldg_copyright_normalize(longtext, out, sizeof(out), &err),
			 LDG_EINPUT);
	ck_msg_has(err, "copyright registration too long (at most 127 bytes)");
	ck_assert_str_eq(out, "");
	longtext[LDG_RIGHT_BUFSZ - 1] = '\0';
	ck_assert_int_eq(ldg_copyright_normalize(longtext, out, sizeof(out), NULL), 0);
	ck_assert_uint_eq(strlen(out), LDG_RIGHT_BUFSZ - 1);
	ck_assert_int_eq(out[0], 'A');
}
END_TEST

/* Input far longer than any identifier is refused, not truncated. */
START_TEST(test_ident_too_long)
{
	struct ldg_err err = { 0 };
	char out[LDG_RIGHT_BUFSZ];
	char *big = malloc(4001);

	ck_assert_ptr_nonnull(big);
	memset(big, '1', 4000);
	big[4000] = '\0';
	ck_assert_int_eq(ldg_uscc_normalize(big, 1, out, &err), LDG_EINPUT);
	ck_msg_has(err, "USCC too long");
	ldg_err_clear(&err);
	ck_assert_int_eq(ldg_patent_normalize(big, out, sizeof(out), NULL, &err),
			 LDG_EINPUT);
	ck_msg_has(err, "patent number too long");
	ldg_err_clear(&err);
	ck_assert_int_eq(ldg_trademark_normalize(big, out, sizeof(out), &err),
			 LDG_EINPUT);
	ck_msg_has(err, "too long");
	ldg_err_clear(&err);
	ck_assert_int_eq(ldg_copyright_normalize(big, out, sizeof(out), &err),
			 LDG_EINPUT);
	ck_msg_has(err, "too long");
	ck_assert_int_eq(ldg_right_kind_of(big), LDG_KIND_NONE);
	free(big);
}
END_TEST

/* ---------------------------------------------------------------- kinds */

START_TEST(test_kind_names)
{
	ck_assert_str_eq(ldg_kind_name(LDG_KIND_PATENT), "patent");
	ck_assert_str_eq(ldg_kind_name(LDG_KIND_TRADEMARK), "trademark");
	ck_assert_str_eq(ldg_kind_name(LDG_KIND_COPYRIGHT), "copyright");
	ck_assert_str_eq(ldg_kind_name(LDG_KIND_NONE), "");
	ck_assert_str_eq(ldg_kind_name((enum ldg_kind)LDG_KIND_COUNT), "");
	ck_assert_str_eq(ldg_kind_label(LDG_KIND_PATENT), "专利权");
	ck_assert_str_eq(ldg_kind_label(LDG_KIND_TRADEMARK), "商标权");
	ck_assert_str_eq(ldg_kind_label(LDG_KIND_COPYRIGHT), "著作权");
	ck_assert_str_eq(ldg_kind_label(LDG_KIND_NONE), "");
}
END_TEST

/* import.md §2 (ip_kind). */
static const struct {
	const char *text;
	enum ldg_kind kind;
} kind_words[] = {
	{ "专利", LDG_KIND_PATENT },       { "专利权", LDG_KIND_PATENT },
	{ "patent", LDG_KIND_PATENT },     { " Patent ", LDG_KIND_PATENT },
	{ "PATENT", LDG_KIND_PATENT },     { "专利权\xE3\x80\x80", LDG_KIND_PATENT },
	{ "商标", LDG_KIND_TRADEMARK },    { "商标权", LDG_KIND_TRADEMARK },
	{ "trademark", LDG_KIND_TRADEMARK }, { "TradeMark", LDG_KIND_TRADEMARK },
	{ "著作权", LDG_KIND_COPYRIGHT },  { "版权", LDG_KIND_COPYRIGHT },
	{ "软件著作权", LDG_KIND_COPYRIGHT }, { "copyright", LDG_KIND_COPYRIGHT },
	{ "ｃｏｐｙｒｉｇｈｔ", LDG_KIND_COPYRIGHT },
};

START_TEST(test_kind_parse_import_2)
{
	struct ldg_err err = { 0 };
	enum ldg_kind kind = LDG_KIND_NONE;

	ck_assert_int_eq(ldg_kind_parse(kind_words[_i].text, &kind, &err), 0);
	ck_assert_int_eq(kind, kind_words[_i].kind);
	ck_assert_int_eq(err.code, LDG_OK);
}
END_TEST

START_TEST(test_kind_parse_unknown_import_2)
{
	static const char *const bad[] = { "发明", "专利 权", "", "patents", "商标权;专利权" };
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct ldg_err err = { 0 };
		enum ldg_kind kind = LDG_KIND_PATENT;

		ck_assert_int_eq(ldg_kind_parse(bad[i], &kind, &err), LDG_EINPUT);
		ck_assert_str_eq(err.msg, "unknown kind of right");
		ck_assert_str_eq(err.value, bad[i]);
		ck_assert_int_eq(kind, LDG_KIND_NONE);
	}
	ck_assert_int_eq(ldg_kind_parse(NULL, NULL, NULL), LDG_EINPUT);
}
END_TEST

/* import.md §3: what the form alone tells. */
static const struct {
	const char *text;
	enum ldg_kind kind;
} kind_forms[] = {
	{ "ZL201915530950.X", LDG_KIND_PATENT },
	{ "ZL 2019 1 5530950.X", LDG_KIND_PATENT },
	{ "CN201335344763.6", LDG_KIND_PATENT },
	{ "zl201811564288.x", LDG_KIND_PATENT },
	{ "2013325103910", LDG_KIND_PATENT },
	{ "201827706646x", LDG_KIND_PATENT },
	{ "201727612775.8", LDG_KIND_PATENT },
	{ "97101765.4", LDG_KIND_PATENT },
	{ "88201465.X", LDG_KIND_PATENT },
	{ "971017654", LDG_KIND_PATENT },
	{ "ZL123", LDG_KIND_PATENT },         /* the prefix tells: wrong patent */
	{ "1234567.8", LDG_KIND_PATENT },     /* the shape tells: wrong patent */
	{ "ＺＬ２０１８１１５６４２８８．Ｘ", LDG_KIND_PATENT },
	{ "第69182222号", LDG_KIND_TRADEMARK },
	{ "TM21178561", LDG_KIND_TRADEMARK },
	{ "tm 21178561", LDG_KIND_TRADEMARK },
	{ "12964885号", LDG_KIND_TRADEMARK },
	{ "G1234567", LDG_KIND_TRADEMARK },
	{ "第ABC号", LDG_KIND_TRADEMARK },     /* the marks tell: wrong trademark */
	{ "2016sr0998839", LDG_KIND_COPYRIGHT },
	{ "2014SR001852", LDG_KIND_COPYRIGHT },
	{ "浙作登字-2021-I-71907419", LDG_KIND_COPYRIGHT },
	{ "浙作登字-2017-i-04418908", LDG_KIND_COPYRIGHT },
	{ "国作登字-2019-F-00812345", LDG_KIND_COPYRIGHT },
	{ "软著登字第0671096号", LDG_KIND_COPYRIGHT },
	{ "44569426", LDG_KIND_NONE },         /* bare numbers tell nothing */
	{ "8867942", LDG_KIND_NONE },
	{ "123456", LDG_KIND_NONE },
	{ "12345", LDG_KIND_NONE },
	{ "abc", LDG_KIND_NONE },
	{ "SR0998839", LDG_KIND_NONE },
	{ "G", LDG_KIND_NONE },
	{ "", LDG_KIND_NONE },
	{ " ", LDG_KIND_NONE },
	{ NULL, LDG_KIND_NONE },
};

START_TEST(test_right_kind_of_import_3)
{
	ck_assert_msg(ldg_right_kind_of(kind_forms[_i].text) == kind_forms[_i].kind,
		      "kind of '%s': got %d, expected %d",
		      kind_forms[_i].text ? kind_forms[_i].text : "(null)",
		      (int)ldg_right_kind_of(kind_forms[_i].text),
		      (int)kind_forms[_i].kind);
}
END_TEST

/* Form first (a bare 6–8 digit number is a trademark), then the hint. */
static const struct {
	const char *text;
	enum ldg_kind hint;
	int rc;
	enum ldg_kind kind;
	const char *out_or_frag;
} right_cases[] = {
	{ "44569426", LDG_KIND_NONE, 0, LDG_KIND_TRADEMARK, "44569426" },
	{ "44569426", LDG_KIND_TRADEMARK, 0, LDG_KIND_TRADEMARK, "44569426" },
	/* import.md §3: ip_kind never overrides the form (6–8 digits: trademark) */
	{ "44569426", LDG_KIND_COPYRIGHT, 0, LDG_KIND_TRADEMARK, "44569426" },
	{ "44569426", LDG_KIND_PATENT, 0, LDG_KIND_TRADEMARK, "44569426" },
	{ "4456 9426", LDG_KIND_NONE, 0, LDG_KIND_TRADEMARK, "44569426" },
	{ "ZL200923291379.3", LDG_KIND_NONE, LDG_EINPUT, LDG_KIND_PATENT,
	  "wrong patent check digit '3', expected 'X'" },
	{ "ZL200923291379.X", LDG_KIND_COPYRIGHT, 0, LDG_KIND_PATENT,
	  "ZL200923291379.X" },
	{ "2016sr0998839", LDG_KIND_PATENT, 0, LDG_KIND_COPYRIGHT, "2016SR0998839" },
	{ "第69182222号", LDG_KIND_PATENT, 0, LDG_KIND_TRADEMARK, "69182222" },
	{ "abc-1", LDG_KIND_COPYRIGHT, 0, LDG_KIND_COPYRIGHT, "ABC-1" },
	{ "abc-1", LDG_KIND_NONE, LDG_EINPUT, LDG_KIND_NONE,
	  "kind of right cannot be told; give ip_kind" },
	{ "12345", LDG_KIND_NONE, LDG_EINPUT, LDG_KIND_NONE,
	  "kind of right cannot be told; give ip_kind" },
	{ "12345", LDG_KIND_TRADEMARK, LDG_EINPUT, LDG_KIND_TRADEMARK,
	  "has 5 digits" },
	{ "123456", (enum ldg_kind)7, 0, LDG_KIND_TRADEMARK, "123456" },
	{ "", LDG_KIND_NONE, LDG_EINPUT, LDG_KIND_NONE, "empty right" },
	{ NULL, LDG_KIND_NONE, LDG_EINPUT, LDG_KIND_NONE, "empty right" },
	{ "", LDG_KIND_PATENT, LDG_EINPUT, LDG_KIND_PATENT, "empty patent number" },
};

START_TEST(test_right_normalize_import_3)
{
	struct ldg_err err = { 0 };
	char out[LDG_RIGHT_BUFSZ] = "junk";
	enum ldg_kind kind = (enum ldg_kind)99;
	int rc;

	rc = ldg_right_normalize(right_cases[_i].text, right_cases[_i].hint, out,
				 sizeof(out), &kind, &err);
	ck_assert_msg(rc == right_cases[_i].rc, "'%s': rc %d, message '%s'",
		      right_cases[_i].text ? right_cases[_i].text : "(null)",
		      rc, err.msg);
	ck_assert_int_eq(kind, right_cases[_i].kind);
	if (rc == 0) {
		ck_assert_str_eq(out, right_cases[_i].out_or_frag);
		ck_assert_int_eq(err.code, LDG_OK);
	} else {
		ck_msg_has(err, right_cases[_i].out_or_frag);
		ck_assert_str_eq(out, "");
		ck_assert_str_eq(err.value, right_cases[_i].text ? right_cases[_i].text : "");
	}
	/* kind and err may be NULL. */
	ck_assert_int_eq(ldg_right_normalize(right_cases[_i].text,
					     right_cases[_i].hint, out, sizeof(out),
					     NULL, NULL), right_cases[_i].rc);
}
END_TEST

/* ---------------------------------------------------------------- lists */

struct collect {
	char buf[2048];     /* items joined by '|' */
	int calls;          /* how many times the callback ran */
	int stop_at;        /* return 7 on this call (1-based), 0: never */
};

/* List callback: append item to the collected text. */
static int collect_item(const char *item, void *ctx)
{
	struct collect *c = ctx;
	size_t n = strlen(c->buf);

	c->calls++;
	snprintf(c->buf + n, sizeof(c->buf) - n, "%s%s", n ? "|" : "", item);
	return c->calls == c->stop_at ? 7 : 0;
}

static const struct {
	const char *cell;
	const char *items;
} list_cases[] = {
	{ "a;b", "a|b" },
	{ "a；b", "a|b" },
	{ "a,b", "a|b" },
	{ "a，b", "a|b" },
	{ "a、b", "a|b" },
	{ "a\nb", "a|b" },
	{ "a\r\nb", "a|b" },
	{ "a\rb", "a|b" },
	{ "a;b；c,d，e、f\ng\r\nh", "a|b|c|d|e|f|g|h" },
	{ "  a ;; ;\xE3\x80\x80 b\xE3\x80\x80 ;", "a|b" },
	{ "ZL 2019 1 5530950.X", "ZL 2019 1 5530950.X" },
	{ "第69182222号", "第69182222号" },
	{ "浙作登字-2021-I-71907419；ZL201617627557.1",
	  "浙作登字-2021-I-71907419|ZL201617627557.1" },
	/* lead bytes of the wide separators that start other characters:
	 * full-width digits (EF BC 91..) and 《 (E3 80 8A) are not separators */
	{ "１２；《３》", "１２|《３》" },
	{ "\n", "" },
	{ " ; ； 、 ", "" },
	{ "", "" },
};

START_TEST(test_list_split_import_1)
{
	struct collect c = { .buf = "", .calls = 0, .stop_at = 0 };

	ck_assert_int_eq(ldg_list_split(list_cases[_i].cell, collect_item, &c), 0);
	ck_assert_str_eq(c.buf, list_cases[_i].items);
}
END_TEST

START_TEST(test_list_split_stops)
{
	struct collect c = { .buf = "", .calls = 0, .stop_at = 2 };

	ck_assert_int_eq(ldg_list_split("a;b;c", collect_item, &c), 7);
	ck_assert_int_eq(c.calls, 2);
	ck_assert_str_eq(c.buf, "a|b");
	c.calls = 0;
	c.buf[0] = '\0';
	ck_assert_int_eq(ldg_list_split(NULL, collect_item, &c), 0);
	ck_assert_int_eq(c.calls, 0);
	ck_assert_int_eq(ldg_list_split("a", NULL, &c), 0);
}
END_TEST

/* ----------------------------------------- the sample files' right cells */

/*
 * Every ip_rights / insured_rights cell of the files in examples/loans and
 * examples/policies (decoded from GB18030 where needed), with its
 * ip_kind cell, against the rights truth.json records for that loan or
 * policy ("normal/kind" joined by '|').
 */
static const struct {
	const char *where;
	const char *ip_kind;
	const char *cell;
	const char *expect;
} sample_cells[] = {
	{ "bank01_A.csv record 4", "专利权", "201332510391.0；ZL201915530950.X", "ZL201332510391.0/patent|ZL201915530950.X/patent" },
	{ "bank01_A.csv record 5", "专利权", "201920809558.2", "ZL201920809558.2/patent" },
	{ "bank01_A.csv record 6", "", "201727612775.8；44569426；TM21178561", "ZL201727612775.8/patent|44569426/trademark|21178561/trademark" },
	{ "bank01_A.csv record 7", "著作权", "ZL202023860074.2、2016sr0998839", "ZL202023860074.2/patent|2016SR0998839/copyright" },
	{ "bank01_A.csv record 8", "著作权", "ZL201617627557.1；浙作登字-2021-I-71907419", "ZL201617627557.1/patent|浙作登字-2021-I-71907419/copyright" },
	{ "bank01_A.csv record 9", "商标权", "38186878；41530811；45164007", "38186878/trademark|41530811/trademark|45164007/trademark" },
	{ "bank01_A.csv record 10", "专利权", "2022142136148", "ZL202214213614.8/patent" },
	{ "bank01_A.csv record 11", "专利权", "ZL201013367385.6；ZL201013686254.4；201913579635.3", "ZL201013367385.6/patent|ZL201013686254.4/patent|ZL201913579635.3/patent" },
	{ "bank01_A.csv record 12", "专利权", "ZL201616325748.6", "ZL201616325748.6/patent" },
	{ "bank01_A.csv record 13", "专利权", "ZL201616325748.6", "ZL201616325748.6/patent" },
	{ "bank01_A.csv record 14", "专利权", "201322278847.X、2022123780498、201728085166.8", "ZL201322278847.X/patent|ZL202212378049.8/patent|ZL201728085166.8/patent" },
	{ "bank01_A.csv record 15", "专利权", "ZL201616325748.6", "ZL201616325748.6/patent" },
	{ "bank01_A.csv record 16", "专利权", "ZL202235991654.2、ZL202219812496.4、ZL202328040478.2", "ZL202235991654.2/patent|ZL202219812496.4/patent|ZL202328040478.2/patent" },
	{ "bank02_B.csv record 2", "专利权", "2013325103910;ZL 2019 1 5530950.X", "ZL201332510391.0/patent|ZL201915530950.X/patent" },
	{ "bank02_B.csv record 3", "专利权", "ZL201521967578.0;ZL201521844808.4;201532440135.8;ZL 2008 8 8864175.0;201023844259.0", "ZL201521967578.0/patent|ZL201521844808.4/patent|ZL201532440135.8/patent|ZL200888864175.0/patent|ZL201023844259.0/patent" },
	{ "bank02_B.csv record 4", "专利权", "ZL201129478231.2", "ZL201129478231.2/patent" },
	{ "bank02_B.csv record 5", "专利权", "ZL201216115964.X;ZL200915780908.X", "ZL201216115964.X/patent|ZL200915780908.X/patent" },
	{ "bank02_B.csv record 6", "专利权", "ZL201129478231.2", "ZL201129478231.2/patent" },
	{ "bank02_B.csv record 7", "专利权", "ZL201539601553.5;ZL201024667778.0;201827706646x;ZL201015103877.7;ZL202018753893.3", "ZL201539601553.5/patent|ZL201024667778.0/patent|ZL201827706646.X/patent|ZL201015103877.7/patent|ZL202018753893.3/patent" },
	{ "bank02_B.csv record 8", "专利权", "ZL200930415605.7", "ZL200930415605.7/patent" },
	{ "bank02_B.csv record 9", "专利权", "ZL201521967578.0;ZL201521844808.4;2015324401358;ZL200888864175.0;2010238442590", "ZL201521967578.0/patent|ZL201521844808.4/patent|ZL201532440135.8/patent|ZL200888864175.0/patent|ZL201023844259.0/patent" },
	{ "bank02_B.csv record 10", "", "ZL201021618836.1、第69182222号", "ZL201021618836.1/patent|69182222/trademark" },
	{ "bank02_B.csv record 11", "专利权", "ZL201612226408.2;200912363629.4;CN201335344763.6;ZL201785773854.7;2008212802200", "ZL201612226408.2/patent|ZL200912363629.4/patent|ZL201335344763.6/patent|ZL201785773854.7/patent|ZL200821280220.0/patent" },
	{ "bank02_B.csv record 12", "专利权", "201128935462.5", "ZL201128935462.5/patent" },
	{ "bank02_B.csv record 13", "专利权", "ZL 2015 2 1967578.0、ZL201521844808.4、ZL201532440135.8、ZL200888864175.0、ZL201023844259.0", "ZL201521967578.0/patent|ZL201521844808.4/patent|ZL201532440135.8/patent|ZL200888864175.0/patent|ZL201023844259.0/patent" },
	{ "bank02_B.csv record 14", "专利权", "ZL201528928090.1", "ZL201528928090.1/patent" },
	{ "bank02_B.csv record 15", "商标权", "第58597140号、第33056503号", "58597140/trademark|33056503/trademark" },
	{ "bank02_B.csv record 16", "专利权", "ZL201389328178.X", "ZL201389328178.X/patent" },
	{ "bank02_B.csv record 17", "专利权", "ZL201013367385.6、ZL201013686254.4、2019135796353", "ZL201013367385.6/patent|ZL201013686254.4/patent|ZL201913579635.3/patent" },
	{ "bank02_B.csv record 18", "专利权", "2017219772328;ZL201122595777.1", "ZL201721977232.8/patent|ZL201122595777.1/patent" },
	{ "bank02_B.csv record 19", "专利权", "ZL201721977232.8、ZL201122595777.1", "ZL201721977232.8/patent|ZL201122595777.1/patent" },
	{ "bank02_B.csv record 20", "专利权", "ZL201521967578.0、ZL201521844808.4、ZL201532440135.8、ZL 2008 8 8864175.0、ZL201023844259.0", "ZL201521967578.0/patent|ZL201521844808.4/patent|ZL201532440135.8/patent|ZL200888864175.0/patent|ZL201023844259.0/patent" },
	{ "bank03_C.csv record 2", "专利权", "CN201529988431.0,ZL 2009 3 0332817.9,ZL 2008 2 1402814.4", "ZL201529988431.0/patent|ZL200930332817.9/patent|ZL200821402814.4/patent" },
	{ "bank03_C.csv record 3", "商标权", "TM54011748;第64040083号;第8867942号", "54011748/trademark|64040083/trademark|8867942/trademark" },
	{ "bank03_C.csv record 4", "专利权", "ZL 2015 2 9988431.0;ZL 2009 3 0332817.9;2008214028144", "ZL201529988431.0/patent|ZL200930332817.9/patent|ZL200821402814.4/patent" },
	{ "bank03_C.csv record 5", "专利权", "ZL200981739867.2", "ZL200981739867.2/patent" },
	{ "bank03_C.csv record 6", "商标权", "58597140;33056503", "58597140/trademark|33056503/trademark" },
	{ "bank03_C.csv record 7", "专利权", "2009817398672", "ZL200981739867.2/patent" },
	{ "bank03_C.csv record 8", "专利权", "ZL201035454061.X", "ZL201035454061.X/patent" },
	{ "bank03_C.csv record 9", "专利权", "ZL200981739867.2", "ZL200981739867.2/patent" },
	{ "bank03_C.csv record 10", "著作权", "浙作登字-2018-I-93017990,浙作登字-2017-i-04418908", "浙作登字-2018-I-93017990/copyright|浙作登字-2017-I-04418908/copyright" },
	{ "bank03_C.csv record 11", "著作权", "浙作登字-2018-i-93017990,浙作登字-2017-I-04418908", "浙作登字-2018-I-93017990/copyright|浙作登字-2017-I-04418908/copyright" },
	{ "bank03_C.csv record 12", "专利权", "ZL201123833128.7", "ZL201123833128.7/patent" },
	{ "bank04_D.csv record 3", "专利权", "2016159338052", "ZL201615933805.2/patent" },
	{ "bank04_D.csv record 4", "专利权", "ZL 2009 2 3353437.7；ZL201622421631.8；ZL200918996784.8", "ZL200923353437.7/patent|ZL201622421631.8/patent|ZL200918996784.8/patent" },
	{ "bank04_D.csv record 5", "专利权", "ZL201724883609.2\n202014731874.5", "ZL201724883609.2/patent|ZL202014731874.5/patent" },
	{ "bank04_D.csv record 6", "专利权", "CN201127171579.4", "ZL201127171579.4/patent" },
	{ "bank04_D.csv record 7", "专利权", "ZL201512119814.4；ZL201516972361.5；ZL201618149966.1；ZL 2016 8 4271521.3；ZL201327328178.4", "ZL201512119814.4/patent|ZL201516972361.5/patent|ZL201618149966.1/patent|ZL201684271521.3/patent|ZL201327328178.4/patent" },
	{ "bank04_D.csv record 8", "", "ZL201726126802.4\nZL201610605428.8\n第12964885号", "ZL201726126802.4/patent|ZL201610605428.8/patent|12964885/trademark" },
	{ "bank04_D.csv record 9", "", "ZL201726126802.4；ZL201610605428.8；12964885", "ZL201726126802.4/patent|ZL201610605428.8/patent|12964885/trademark" },
	{ "bank04_D.csv record 10", "", "201726126802.4\n201610605428.8\n第12964885号", "ZL201726126802.4/patent|ZL201610605428.8/patent|12964885/trademark" },
	{ "bank04_D.csv record 11", "专利权", "ZL202012458965.3", "ZL202012458965.3/patent" },
	{ "bank04_D.csv record 12", "专利权", "ZL201628729320.6", "ZL201628729320.6/patent" },
	{ "bank04_D.csv record 13", "专利权", "ZL201013367385.6\n201013686254.4\nZL201913579635.3", "ZL201013367385.6/patent|ZL201013686254.4/patent|ZL201913579635.3/patent" },
	{ "bank04_D.csv record 14", "专利权", "ZL201111467129.6\nZL201712488098.6", "ZL201111467129.6/patent|ZL201712488098.6/patent" },
	{ "bank04_D.csv record 15", "专利权", "ZL202015826426.X", "ZL202015826426.X/patent" },
	{ "bank04_D.csv record 16", "专利权", "201111467129.6；201712488098.6", "ZL201111467129.6/patent|ZL201712488098.6/patent" },
	{ "bank04_D.csv record 17", "专利权", "ZL201713559502.0\nZL201434358834.6", "ZL201713559502.0/patent|ZL201434358834.6/patent" },
	{ "bank04_D.csv record 18", "专利权", "ZL 2017 1 3559502.0\nZL201434358834.6", "ZL201713559502.0/patent|ZL201434358834.6/patent" },
	{ "bank04_D.csv record 19", "专利权", "ZL202015826426.X", "ZL202015826426.X/patent" },
	{ "insurer1_utf8bom.csv record 2", "", "ZL201212069188.9", "ZL201212069188.9/patent" },
	{ "insurer1_utf8bom.csv record 3", "", "ZL200924517401.4", "ZL200924517401.4/patent" },
	{ "insurer1_utf8bom.csv record 4", "", "ZL201327769852.2", "ZL201327769852.2/patent" },
	{ "insurer1_utf8bom.csv record 5", "", "ZL201522909102.8", "ZL201522909102.8/patent" },
	{ "insurer2_gb18030.csv record 3", "", "ZL200937312306.5", "ZL200937312306.5/patent" },
	{ "insurer2_gb18030.csv record 4", "", "ZL201319566923.6", "ZL201319566923.6/patent" },
	{ "insurer2_gb18030.csv record 5", "", "ZL202123494521.1、ZL202080684740.5", "ZL202123494521.1/patent|ZL202080684740.5/patent" },
	{ "insurer2_gb18030.csv record 6", "", "ZL201413076847.7", "ZL201413076847.7/patent" },
	{ "insurer2_gb18030.csv record 7", "", "ZL201528477727.X", "ZL201528477727.X/patent" },
	{ "insurer2_gb18030.csv record 8", "", "ZL201524084831.7", "ZL201524084831.7/patent" },
};

struct cell_ctx {
	enum ldg_kind hint;
	char got[2048];
	struct ldg_err err;
};

/* List callback: normalise one right and append "normal/kind". */
static int cell_item(const char *item, void *ctx)
{
	struct cell_ctx *c = ctx;
	char out[LDG_RIGHT_BUFSZ];
	enum ldg_kind kind;
	size_t n = strlen(c->got);
	int rc;

	rc = ldg_right_normalize(item, c->hint, out, sizeof(out), &kind, &c->err);
	if (rc)
		return rc;
	snprintf(c->got + n, sizeof(c->got) - n, "%s%s/%s", n ? "|" : "", out,
		 ldg_kind_name(kind));
	return 0;
}

START_TEST(test_sample_cells_import_3)
{
	struct cell_ctx c;

	memset(&c, 0, sizeof(c));
	c.hint = LDG_KIND_NONE;
	if (sample_cells[_i].ip_kind[0])
		ck_assert_int_eq(ldg_kind_parse(sample_cells[_i].ip_kind, &c.hint,
						NULL), 0);
	ck_assert_msg(ldg_list_split(sample_cells[_i].cell, cell_item, &c) == 0,
		      "%s: %s", sample_cells[_i].where, c.err.msg);
	ck_assert_msg(strcmp(c.got, sample_cells[_i].expect) == 0,
		      "%s: got '%s', expected '%s'", sample_cells[_i].where, c.got,
		      sample_cells[_i].expect);
}
END_TEST

/* examples/bad/: the message names the value's right check digit. */
START_TEST(test_bad_patent_cell_import_3)
{
	struct cell_ctx c;

	memset(&c, 0, sizeof(c));
	c.hint = LDG_KIND_NONE;
	ck_assert_int_eq(ldg_list_split("ZL200923291379.3", cell_item, &c),
			 LDG_EINPUT);
	ck_msg_has(c.err, "expected 'X'");
	ck_assert_str_eq(c.err.value, "ZL200923291379.3");
}
END_TEST

/* The first error wins (error.h): a later failure keeps the first message. */
START_TEST(test_first_error_wins)
{
	struct ldg_err err = { 0 };
	char out[LDG_RIGHT_BUFSZ];

	ck_assert_int_eq(ldg_uscc_normalize("91330783MA26K57708", 0, out, &err),
			 LDG_EINPUT);
	ck_assert_int_eq(ldg_patent_normalize("202310123456.7", out, sizeof(out),
					      NULL, &err), LDG_EINPUT);
	ck_msg_has(err, "expected 'L'");
	ck_assert_str_eq(err.value, "91330783MA26K57708");
}
END_TEST

/* ------------------------------------------------------ properties (fuzz) */

/* A small deterministic generator (Knuth's MMIX LCG), so failures repeat. */
static unsigned long long fuzz_state;

static unsigned fuzz_next(unsigned n)
{
	fuzz_state = fuzz_state * 6364136223846793005ULL + 1442695040888963407ULL;
	return (unsigned)((fuzz_state >> 33) % n);
}

/* Pieces identifiers are made of, and pieces that break them. */
static const char *const fuzz_tokens[] = {
	"0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "0", "1", "2", "9",
	"X", "x", ".", " ", "\t", "ZL", "zl", "CN", "TM", "G", "g", "SR", "sr",
	"I", "O", "A", "M", "N", "-", "第", "号", "作登字", "软著", "浙",
	"；", "、", ",", "\n", "\xEF\xBC\x90", "\xEF\xBC\x8E", "\xE3\x80\x80",
	"\xE7", "\xC2\xA0", "\x7F",
};

/* Fill buf (bufsz ≥ 2) with up to maxtok random tokens. */
static void fuzz_text(char *buf, size_t bufsz, unsigned maxtok)
{
	unsigned i, n = fuzz_next(maxtok + 1);
	size_t len = 0, tl;
	const char *t;

	buf[0] = '\0';
	for (i = 0; i < n; i++) {
		t = fuzz_tokens[fuzz_next(sizeof(fuzz_tokens) / sizeof(fuzz_tokens[0]))];
		tl = strlen(t);
		if (len + tl >= bufsz)
			break;
		memcpy(buf + len, t, tl + 1);
		len += tl;
	}
}

/*
 * Whatever the input: no crash, an error always has a message, and every
 * normal form is its own normal form (normalising twice changes nothing),
 * with the same kind.
 */
START_TEST(test_normal_forms_are_fixed_points)
{
	char in[96], out[LDG_RIGHT_BUFSZ], again[LDG_RIGHT_BUFSZ];
	char uscc[LDG_USCC_BUFSZ], uscc2[LDG_USCC_BUFSZ];
	enum ldg_kind kind, kind2, hint;
	int i, rc, accept, ok = 0;

	fuzz_state = 20241231;
	for (i = 0; i < 30000; i++) {
		struct ldg_err err = { 0 };

		fuzz_text(in, sizeof(in), 20);
		hint = (enum ldg_kind)((int)fuzz_next(4) - 1);
		rc = ldg_right_normalize(in, hint, out, sizeof(out), &kind, &err);
		if (rc != 0) {
			ck_assert_int_eq(rc, LDG_EINPUT);
			ck_assert_msg(err.msg[0] != '\0', "no message for '%s'", in);
			ck_assert_str_eq(out, "");
			continue;
		}
		ok++;
		ck_assert_int_ne(kind, LDG_KIND_NONE);
		ck_assert_int_eq(ldg_right_normalize(out, kind, again, sizeof(again),
						     &kind2, NULL), 0);
		ck_assert_str_eq(again, out);
		ck_assert_int_eq(kind2, kind);
		if (kind == LDG_KIND_PATENT) {
			ck_assert_int_eq(ldg_right_kind_of(out), LDG_KIND_PATENT);
			ck_assert_int_eq(strncmp(out, "ZL", 2), 0);
		}
	}
	/* The generator reaches the accepting paths too. */
	ck_assert_int_gt(ok, 100);

	/* USCCs: 18 random characters, mostly from the alphabet. */
	ok = 0;
	for (i = 0; i < 30000; i++) {
		static const char chars[] = "0123456789ABCDEFGHJKLMNPQRTUWXYabciosz -";
		int j;

		for (j = 0; j < 18; j++)
			in[j] = chars[fuzz_next(fuzz_next(3) ? 31 : sizeof(chars) - 1)];
		in[18] = '\0';
		accept = (int)fuzz_next(2);
		if (!accept && fuzz_next(2))
			in[17] = ldg_uscc_check_char(in) ? ldg_uscc_check_char(in) : in[17];
		rc = ldg_uscc_normalize(in, accept, uscc, NULL);
		if (rc != 0) {
			ck_assert_int_eq(rc, LDG_EINPUT);
			ck_assert_str_eq(uscc, "");
			continue;
		}
		ok++;
		ck_assert_uint_eq(strlen(uscc), 18);
		if (!accept)
			ck_assert_int_eq(ldg_uscc_check_char(uscc), uscc[17]);
		ck_assert_int_eq(ldg_uscc_normalize(uscc, accept, uscc2, NULL), 0);
		ck_assert_str_eq(uscc2, uscc);
	}
	ck_assert_int_gt(ok, 1000);
}
END_TEST

/* List items are never empty, never hold a separator, never start or end blank. */
static int check_item(const char *item, void *ctx)
{
	size_t n = strlen(item);

	(void)ctx;
	ck_assert_uint_gt(n, 0);
	ck_assert_ptr_null(strpbrk(item, ";,\r\n"));
	ck_assert_ptr_null(strstr(item, "；"));
	ck_assert_ptr_null(strstr(item, "、"));
	ck_assert_int_ne(item[0], ' ');
	ck_assert_int_ne(item[n - 1], ' ');
	return 0;
}

START_TEST(test_list_split_items_clean)
{
	char in[96];
	int i;

	fuzz_state = 7;
	for (i = 0; i < 20000; i++) {
		fuzz_text(in, sizeof(in), 30);
		ck_assert_int_eq(ldg_list_split(in, check_item, NULL), 0);
	}
}
END_TEST

#define LEN(a) ((int)(sizeof(a) / sizeof((a)[0])))

/* domain.md §3: the check digit alone (used by the demo generator):
 * 201811564288.X, 202010566088.9, 97101765.4, 88201465.X; 202310123456 has
 * check 6 (not 7); other lengths and non-digits give '\0'. */
START_TEST(test_patent_check_char_domain_3)
{
	ck_assert_int_eq(ldg_patent_check_char("201811564288"), 'X');
	ck_assert_int_eq(ldg_patent_check_char("202010566088"), '9');
	ck_assert_int_eq(ldg_patent_check_char("201510958772"), '0');
	ck_assert_int_eq(ldg_patent_check_char("202411064734"), '6');
	ck_assert_int_eq(ldg_patent_check_char("202321160956"), '9');
	ck_assert_int_eq(ldg_patent_check_char("97101765"), '4');
	ck_assert_int_eq(ldg_patent_check_char("88201465"), 'X');
	ck_assert_int_eq(ldg_patent_check_char("202310123456"), '6');
	ck_assert_int_eq(ldg_patent_check_char("2023101234"), '\0');
	ck_assert_int_eq(ldg_patent_check_char("20231012345a"), '\0');
}
END_TEST

Suite *ident_suite(void)
{
	Suite *s = suite_create("ident");
	TCase *tc;

	tc = tcase_create("uscc");
	tcase_add_loop_test(tc, test_uscc_valid_domain_2, 0, LEN(uscc_valid));
	tcase_add_test(tc, test_patent_check_char_domain_3);
	tcase_add_test(tc, test_uscc_check_char_by_hand_domain_2);
	tcase_add_test(tc, test_uscc_forms_import_3);
	tcase_add_test(tc, test_uscc_wrong_check_names_expected_domain_2);
	tcase_add_test(tc, test_uscc_nonstandard_domain_2);
	tcase_add_loop_test(tc, test_uscc_bad_form_domain_2, 0, LEN(uscc_bad));
	suite_add_tcase(s, tc);

	tc = tcase_create("patent");
	tcase_add_loop_test(tc, test_patent_valid_domain_3, 0, LEN(patent_valid));
	tcase_add_loop_test(tc, test_patent_bad_domain_3, 0, LEN(patent_bad));
	tcase_add_test(tc, test_patent_small_buffer);
	suite_add_tcase(s, tc);

	tc = tcase_create("trademark_copyright");
	tcase_add_loop_test(tc, test_trademark_valid_domain_4, 0, LEN(trademark_valid));
	tcase_add_loop_test(tc, test_trademark_bad_domain_4, 0, LEN(trademark_bad));
	tcase_add_loop_test(tc, test_copyright_valid_domain_4, 0, LEN(copyright_valid));
	tcase_add_test(tc, test_copyright_bad_domain_4);
	tcase_add_test(tc, test_ident_too_long);
	suite_add_tcase(s, tc);

	tc = tcase_create("kind");
	tcase_add_test(tc, test_kind_names);
	tcase_add_loop_test(tc, test_kind_parse_import_2, 0, LEN(kind_words));
	tcase_add_test(tc, test_kind_parse_unknown_import_2);
	tcase_add_loop_test(tc, test_right_kind_of_import_3, 0, LEN(kind_forms));
	tcase_add_loop_test(tc, test_right_normalize_import_3, 0, LEN(right_cases));
	tcase_add_test(tc, test_first_error_wins);
	suite_add_tcase(s, tc);

	tc = tcase_create("list");
	tcase_add_loop_test(tc, test_list_split_import_1, 0, LEN(list_cases));
	tcase_add_test(tc, test_list_split_stops);
	tcase_add_loop_test(tc, test_sample_cells_import_3, 0, LEN(sample_cells));
	tcase_add_test(tc, test_bad_patent_cell_import_3);
	suite_add_tcase(s, tc);

	tc = tcase_create("properties");
	tcase_add_test(tc, test_normal_forms_are_fixed_points);
	tcase_add_test(tc, test_list_split_items_clean);
	suite_add_tcase(s, tc);

	return s;
}
