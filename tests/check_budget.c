/*
 * check_budget.c — ledger/budget.c: the exact pro rata of cycle.md §2
 * (the examples are worked by hand in the comments; tests/t_budget.sh
 * checks the shared examples against Python's fractions).
 */
#include <check.h>
#include <stdint.h>

#include "ledger/budget.h"
#include "ledger/money.h"

/* cycle.md §2: an exact factor leaves no remainder. */
START_TEST(test_prorata_2_exact_half)
{
	const int64_t a[] = { 100, 200, 300 };
	int64_t s[3];
	int scaled = -1;

	ck_assert_int_eq(ldg_prorata(a, NULL, 3, 300, s, &scaled, NULL), 0);
	ck_assert_int_eq(scaled, 1);
	ck_assert_int_eq(s[0], 50);
	ck_assert_int_eq(s[1], 100);
	ck_assert_int_eq(s[2], 150);
}
END_TEST

/* cycle.md §2: 10, 7, 3 to a budget of 10 (total 20): floors 5, 3, 1 with
 * remainders 0, 10, 10 (of 20); the one fen left is a tie between keys "B"
 * and "A": byte order gives it to "A". */
START_TEST(test_prorata_2_tie_by_uscc_byte_order)
{
	const int64_t a[] = { 10, 7, 3 };
	const char *const k[] = { "Z", "B", "A" };
	int64_t s[3];

	ck_assert_int_eq(ldg_prorata(a, k, 3, 10, s, NULL, NULL), 0);
	ck_assert_int_eq(s[0], 5);
	ck_assert_int_eq(s[1], 3);
	ck_assert_int_eq(s[2], 2);
}
END_TEST

/* cycle.md §2: 1, 1, 1 to 2: floors 0, remainders all 2 (of 3); the two
 * fen go to the two first keys in byte order ("91…A", "91…B"), not the
 * first two entries. */
START_TEST(test_prorata_2_leftover_fen_to_first_keys)
{
	const int64_t a[] = { 1, 1, 1 };
	const char *const k[] = { "91C", "91A", "91B" };
	int64_t s[3];

	ck_assert_int_eq(ldg_prorata(a, k, 3, 2, s, NULL, NULL), 0);
	ck_assert_int_eq(s[0], 0);
	ck_assert_int_eq(s[1], 1);
	ck_assert_int_eq(s[2], 1);
}
END_TEST

/* cycle.md §2: the largest remainder wins before the key: 5, 3 to 4
 * (total 8): 2.5 and 1.5, remainders 4 and 4 → tie → key "A" (second);
 * 6, 2 to 3: 2.25 (rem 2) and 0.75 (rem 6) → the fen goes to the second. */
START_TEST(test_prorata_2_largest_remainder_first)
{
	const int64_t a[] = { 5, 3 }, b[] = { 6, 2 };
	const char *const k[] = { "B", "A" }, *const k2[] = { "A", "B" };
	int64_t s[2];

	ck_assert_int_eq(ldg_prorata(a, k, 2, 4, s, NULL, NULL), 0);
	ck_assert_int_eq(s[0], 2);
	ck_assert_int_eq(s[1], 2);
	ck_assert_int_eq(ldg_prorata(b, k2, 2, 3, s, NULL, NULL), 0);
	ck_assert_int_eq(s[0], 2);
	ck_assert_int_eq(s[1], 1);
}
END_TEST

/* cycle.md §2 "Without a budget nothing changes": a total within the
 * budget is not scaled; a budget of 0 pays nothing. */
START_TEST(test_prorata_2_within_budget_and_zero)
{
	const int64_t a[] = { 7, 0, 5 };
	int64_t s[3];
	int scaled = -1;

	ck_assert_int_eq(ldg_prorata(a, NULL, 3, 12, s, &scaled, NULL), 0);
	ck_assert_int_eq(scaled, 0);
	ck_assert_int_eq(s[0], 7);
	ck_assert_int_eq(s[2], 5);
	ck_assert_int_eq(ldg_prorata(a, NULL, 3, 0, s, &scaled, NULL), 0);
	ck_assert_int_eq(scaled, 1);
	ck_assert_int_eq(s[0] + s[1] + s[2], 0);
}
END_TEST

/* rules.md §1: 128-bit products; the shares still add up to the budget. */
START_TEST(test_prorata_2_large_amounts_exact)
{
	const int64_t a[] = { LDG_FEN_MAX, LDG_FEN_MAX - 1, 3 };
	int64_t s[3];

	ck_assert_int_eq(ldg_prorata(a, NULL, 3, LDG_FEN_MAX - 7, s, NULL, NULL), 0);
	ck_assert_int_eq(s[0] + s[1] + s[2], LDG_FEN_MAX - 7);
	ck_assert(s[0] <= a[0] && s[1] <= a[1] && s[2] <= a[2]);
	ck_assert(s[0] >= s[1]);
}
END_TEST

START_TEST(test_prorata_2_negative_refused)
{
	const int64_t a[] = { 5, -1 };
	int64_t s[2];
	struct ldg_err err = { 0 };

	ck_assert_int_eq(ldg_prorata(a, NULL, 2, 3, s, NULL, &err), LDG_ERANGE);
	ck_assert_int_eq(ldg_prorata(a, NULL, 1, -3, s, NULL, NULL), LDG_ERANGE);
}
END_TEST

START_TEST(test_prorata_factor_text)
{
	char buf[32];

	ck_assert_str_eq(ldg_prorata_factor(300, 500, buf, sizeof(buf)), "0.600000");
	ck_assert_str_eq(ldg_prorata_factor(1, 3, buf, sizeof(buf)), "0.333333");
}
END_TEST

Suite *budget_suite(void)
{
	Suite *s = suite_create("budget");
	TCase *t = tcase_create("prorata");

	tcase_add_test(t, test_prorata_2_exact_half);
	tcase_add_test(t, test_prorata_2_tie_by_uscc_byte_order);
	tcase_add_test(t, test_prorata_2_leftover_fen_to_first_keys);
	tcase_add_test(t, test_prorata_2_largest_remainder_first);
	tcase_add_test(t, test_prorata_2_within_budget_and_zero);
	tcase_add_test(t, test_prorata_2_large_amounts_exact);
	tcase_add_test(t, test_prorata_2_negative_refused);
	tcase_add_test(t, test_prorata_factor_text);
	suite_add_tcase(s, t);
	return s;
}
