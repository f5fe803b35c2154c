/*
 * check_demo.c — the demo generator's own check characters (cli/demo_gen.c)
 * against the checked examples of domain.md §2–3, and its determinism.
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "cli/demo_gen.h"
#include "tests/testutil.h"

/* domain.md §2: valid codes; the check is their 18th character. */
START_TEST(test_demo_uscc_check_domain_2)
{
	static const char *const valid[] = {
		"91310110666007217T", "91310115591693856A", "91350200776049653A",
		"91440101MA5CJQ4N59", "9135021359498494XQ", "91350213678251743X",
	};
	size_t i;

	for (i = 0; i < sizeof(valid) / sizeof(valid[0]); i++) {
		char first17[18];

		memcpy(first17, valid[i], 17);
		first17[17] = '\0';
		ck_assert_int_eq(demo_uscc_check(first17), valid[i][17]);
	}
	/* domain.md §2: pilot-era codes whose 18th character is not the check */
	ck_assert_int_ne(demo_uscc_check("91350211M00013FA1"), 'N');
	ck_assert_int_ne(demo_uscc_check("91350203M0001QAY9"), 'B');
	ck_assert_int_eq(demo_uscc_check("9135021IM00013FA1"), '\0');   /* I is not in the alphabet */
}
END_TEST

/* domain.md §3: 201811564288.X, 202010566088.9, 97101765.4, 88201465.X;
 * 202310123456 has check 6 (not 7). */
START_TEST(test_demo_patent_check_domain_3)
{
	ck_assert_int_eq(demo_patent_check("201811564288"), 'X');
	ck_assert_int_eq(demo_patent_check("202010566088"), '9');
	ck_assert_int_eq(demo_patent_check("201510958772"), '0');
	ck_assert_int_eq(demo_patent_check("202411064734"), '6');
	ck_assert_int_eq(demo_patent_check("202321160956"), '9');
	ck_assert_int_eq(demo_patent_check("97101765"), '4');
	ck_assert_int_eq(demo_patent_check("88201465"), 'X');
	ck_assert_int_eq(demo_patent_check("202310123456"), '6');
	ck_assert_int_eq(demo_patent_check("2023101234"), '\0');
	ck_assert_int_eq(demo_patent_check("20231012345a"), '\0');
}
END_TEST

/* The same seed gives the same files (cli.md "demo"); the counts add up. */
START_TEST(test_demo_generate_deterministic)
{
	char *a = tu_tmpfile("x"), *b = tu_tmpfile("x");
	struct demo_manifest *ma = calloc(1, sizeof(*ma)), *mb = calloc(1, sizeof(*mb));
	struct ldg_err err = { 0 };
	long sum = 0;
	int i;

	ck_assert_ptr_nonnull(a);
	ck_assert_ptr_nonnull(b);
	ck_assert_ptr_nonnull(ma);
	ck_assert_ptr_nonnull(mb);
	*strrchr(a, '/') = '\0';   /* the fresh temp directories themselves */
	*strrchr(b, '/') = '\0';
	ck_assert_int_eq(demo_generate(a, 100, 42, ma, &err), 0);
	ck_assert_int_eq(demo_generate(b, 100, 42, mb, &err), 0);
	ck_assert_int_eq(ma->nfiles, mb->nfiles);
	ck_assert_int_eq(ma->nfiles, 19);   /* 14 banks, 2 insurers, register, tax, bars */
	/* 100 random loans + the 18 hand-made ones */
	ck_assert_int_eq(ma->loans, 118);
	for (i = 0; i < DEMO_CITY_COUNT; i++)
		sum += ma->city_loans[i];
	ck_assert_int_eq(sum, ma->loans);
	ck_assert_int_eq(ma->bars, 1);
	ck_assert_int_eq(ma->contributions, ma->enterprises * 5);
	for (i = 0; i < ma->nfiles; i++) {
		size_t la, lb;
		char *x = tu_slurp(ma->files[i].path, &la), *y = tu_slurp(mb->files[i].path, &lb);

		ck_assert_ptr_nonnull(x);
		ck_assert_ptr_nonnull(y);
		ck_assert_msg(la == lb && memcmp(x, y, la) == 0, "%s differs", ma->files[i].path);
		free(x);
		free(y);
	}
	free(ma);
	free(mb);
	free(a);
	free(b);
}
END_TEST

Suite *demo_suite(void)
{
	Suite *s = suite_create("demo");
	TCase *tc = tcase_create("demo");

	tcase_add_test(tc, test_demo_uscc_check_domain_2);
	tcase_add_test(tc, test_demo_patent_check_domain_3);
	tcase_add_test(tc, test_demo_generate_deterministic);
	suite_add_tcase(s, tc);
	return s;
}
