/*
 * check_demo.c — the demo generator (cli/demo_gen.c): determinism and counts.
 * Its identifiers come from ledger/ident.h, tested in check_ident.c.
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "cli/demo_gen.h"
#include "tests/testutil.h"

/* The same seed gives the same files (cli.md "demo"); the counts add up. */
START_TEST(test_demo_generate_deterministic)
{
	char *a = tu_tmpfile("x"), *b = tu_tmpfile("x");
	struct cli_demo_manifest *ma = calloc(1, sizeof(*ma)), *mb = calloc(1, sizeof(*mb));
	struct ldg_err err = { 0 };
	long sum = 0;
	int i;

	ck_assert_ptr_nonnull(a);
	ck_assert_ptr_nonnull(b);
	ck_assert_ptr_nonnull(ma);
	ck_assert_ptr_nonnull(mb);
	*strrchr(a, '/') = '\0';   /* the fresh temp directories themselves */
	*strrchr(b, '/') = '\0';
	ck_assert_int_eq(cli_demo_generate(a, 100, 42, ma, &err), 0);
	ck_assert_int_eq(cli_demo_generate(b, 100, 42, mb, &err), 0);
	ck_assert_int_eq(ma->nfiles, mb->nfiles);
	ck_assert_int_eq(ma->nfiles, 20);   /* 14 banks, 2 insurers, register, tax, bars, accounts */
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

	tcase_add_test(tc, test_demo_generate_deterministic);
	suite_add_tcase(s, tc);
	return s;
}
