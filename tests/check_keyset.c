/*
 * check_keyset.c — ledger/keyset.c: a key given is never reported absent,
 * the share of false "maybe" stays within what keyset.h says at its sizing,
 * a pair is one key, and a set past its largest size still never forgets.
 */
#include <check.h>
#include <stdio.h>

#include "ledger/keyset.h"

/* A USCC-like and a contract-like text for key i (j varies the contract). */
static void key_of(unsigned long i, unsigned long j, char *a, char *b)
{
	snprintf(a, 32, "91330783%010lu", i);
	snprintf(b, 32, "（2024）质字第%lu号", j);
}

/*
 * 131 072 keys in a set sized for them, 16 bits a key, the fewest its
 * rounding gives: every one "maybe", and of 131 072 others at most 1 in
 * 400 a false "maybe" (keyset.h: about 1 in 500; 264 here).
 */
START_TEST(test_keyset_no_false_absent)
{
	const unsigned long n = 131072;
	struct ldg_keyset *k = ldg_keyset_new(n);
	unsigned long i, fp = 0;
	char a[32], b[32];

	ck_assert_ptr_nonnull(k);
	for (i = 0; i < n; i++) {
		key_of(i, i * 7, a, b);
		ck_assert_int_eq(ldg_keyset_has(k, a, b), ldg_keyset_add(k, a, b));
	}
	for (i = 0; i < n; i++) {
		key_of(i, i * 7, a, b);
		ck_assert_msg(ldg_keyset_has(k, a, b), "key %lu reported absent", i);
		ck_assert_int_eq(ldg_keyset_add(k, a, b), 1);
	}
	for (i = 0; i < n; i++) {
		key_of(i, i * 7 + 1, a, b);
		fp += (unsigned long)ldg_keyset_has(k, a, b);
	}
	ck_assert_msg(fp <= n / 400, "%lu false 'maybe' of %lu", fp, n);
	/* 16 bits a key exactly (2^17 keys: a power of two already) */
	ck_assert_uint_eq(ldg_keyset_bytes(k) * 8, n * 16);
	ldg_keyset_free(k);
}
END_TEST

/* The pair is one key: "ab" + "c" is not "a" + "bc"; an empty set has none. */
START_TEST(test_keyset_pair_is_one_key)
{
	struct ldg_keyset *k = ldg_keyset_new(10);

	ck_assert_ptr_nonnull(k);
	ck_assert_int_eq(ldg_keyset_has(k, "", ""), 0);
	ck_assert_int_eq(ldg_keyset_has(k, "ab", "c"), 0);
	ck_assert_int_eq(ldg_keyset_add(k, "ab", "c"), 0);
	ck_assert_int_eq(ldg_keyset_has(k, "ab", "c"), 1);
	ck_assert_int_eq(ldg_keyset_has(k, "a", "bc"), 0);
	ck_assert_int_eq(ldg_keyset_has(k, "abc", ""), 0);
	ck_assert_int_eq(ldg_keyset_has(k, "c", "ab"), 0);
	ldg_keyset_free(k);
	ldg_keyset_free(NULL);
}
END_TEST

/* Far more keys than its largest size holds well: more "maybe", never a
 * false "absent" (a tiny set stands in for it: 0 keys asked, one block). */
START_TEST(test_keyset_overfull_never_forgets)
{
	struct ldg_keyset *k = ldg_keyset_new(0);
	unsigned long i;
	char a[32], b[32];

	ck_assert_ptr_nonnull(k);
	ck_assert_uint_eq(ldg_keyset_bytes(k), 64);
	for (i = 0; i < 5000; i++) {
		key_of(i, i, a, b);
		ldg_keyset_add(k, a, b);
	}
	for (i = 0; i < 5000; i++) {
		key_of(i, i, a, b);
		ck_assert(ldg_keyset_has(k, a, b));
	}
	ldg_keyset_free(k);
	/* the largest size is a cap, not a refusal */
	k = ldg_keyset_new(UINT64_MAX);
	ck_assert_ptr_nonnull(k);
	ck_assert_uint_eq(ldg_keyset_bytes(k), LDG_KEYSET_MAX_BYTES);
	ldg_keyset_free(k);
}
END_TEST

Suite *keyset_suite(void)
{
	Suite *s = suite_create("keyset");
	TCase *tc = tcase_create("keyset");

	tcase_add_test(tc, test_keyset_no_false_absent);
	tcase_add_test(tc, test_keyset_pair_is_one_key);
	tcase_add_test(tc, test_keyset_overfull_never_forgets);
	suite_add_tcase(s, tc);
	return s;
}
