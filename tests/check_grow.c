/*
 * check_grow.c — ledger/grow.c: doubling growth, the refusal of a size that
 * would overflow, and the old array kept when growth fails.
 */
#include <check.h>
#include <stdint.h>
#include <stdlib.h>

#include "ledger/grow.h"

/* From nothing to 8, then doubling; the elements already there are kept. */
START_TEST(test_grow_doubles)
{
	int *v = NULL;
	size_t cap = 0, i;

	ck_assert_int_eq(ldg_grow((void **)&v, &cap, 1, sizeof(*v)), 0);
	ck_assert_ptr_nonnull(v);
	ck_assert_uint_eq(cap, 8);
	for (i = 0; i < 8; i++)
		v[i] = (int)i * 7;
	ck_assert_int_eq(ldg_grow((void **)&v, &cap, 9, sizeof(*v)), 0);
	ck_assert_uint_eq(cap, 16);
	for (i = 8; i < 16; i++)
		v[i] = (int)i * 7;
	/* a jump past twice the capacity doubles until it is reached */
	ck_assert_int_eq(ldg_grow((void **)&v, &cap, 100, sizeof(*v)), 0);
	ck_assert_uint_eq(cap, 128);
	for (i = 0; i < 16; i++)
		ck_assert_int_eq(v[i], (int)i * 7);
	v[99] = -1;
	ck_assert_int_eq(v[99], -1);
	free(v);
}
END_TEST

/* Room enough already: nothing moves; a capacity that is not 0 doubles. */
START_TEST(test_grow_room_enough)
{
	char *b = malloc(5), *old = b;
	size_t cap = 5;

	ck_assert_ptr_nonnull(b);
	ck_assert_int_eq(ldg_grow((void **)&b, &cap, 0, 1), 0);
	ck_assert_int_eq(ldg_grow((void **)&b, &cap, 5, 1), 0);
	ck_assert_ptr_eq(b, old);
	ck_assert_uint_eq(cap, 5);
	ck_assert_int_eq(ldg_grow((void **)&b, &cap, 6, 1), 0);
	ck_assert_uint_eq(cap, 10);
	ck_assert_int_eq(ldg_grow((void **)&b, &cap, 11, 1), 0);
	ck_assert_uint_eq(cap, 20);
	free(b);
}
END_TEST

/*
 * A size in bytes that a size_t cannot hold is refused before any
 * multiplication or realloc, and the old array stays as it was.
 */
START_TEST(test_grow_overflow_refused)
{
	long *v = NULL, *old;
	size_t cap = 0;

	ck_assert_int_eq(ldg_grow((void **)&v, &cap, 3, sizeof(*v)), 0);
	old = v;
	v[0] = 11;
	v[7] = 77;
	/* 16 elements of SIZE_MAX / 8 bytes: 2 * SIZE_MAX */
	ck_assert_int_eq(ldg_grow((void **)&v, &cap, 9, SIZE_MAX / 8), -1);
	ck_assert_ptr_eq(v, old);
	ck_assert_uint_eq(cap, 8);
	/* a count the doubling cannot reach */
	ck_assert_int_eq(ldg_grow((void **)&v, &cap, SIZE_MAX, 1), -1);
	ck_assert_ptr_eq(v, old);
	ck_assert_uint_eq(cap, 8);
	/* an element of no size */
	ck_assert_int_eq(ldg_grow((void **)&v, &cap, 9, 0), -1);
	ck_assert_ptr_eq(v, old);
	ck_assert_uint_eq(cap, 8);
	ck_assert_int_eq(v[0], 11);
	ck_assert_int_eq(v[7], 77);
	/* and it still grows afterwards */
	ck_assert_int_eq(ldg_grow((void **)&v, &cap, 9, sizeof(*v)), 0);
	ck_assert_uint_eq(cap, 16);
	ck_assert_int_eq(v[7], 77);
	free(v);
}
END_TEST

/* From nothing, an overflowing first size leaves the pointer NULL. */
START_TEST(test_grow_overflow_from_nothing)
{
	void *p = NULL;
	size_t cap = 0;

	ck_assert_int_eq(ldg_grow(&p, &cap, 1, SIZE_MAX / 4), -1);
	ck_assert_ptr_null(p);
	ck_assert_uint_eq(cap, 0);
}
END_TEST

Suite *grow_suite(void)
{
	Suite *s = suite_create("grow");
	TCase *tc = tcase_create("grow");

	tcase_add_test(tc, test_grow_doubles);
	tcase_add_test(tc, test_grow_room_enough);
	tcase_add_test(tc, test_grow_overflow_refused);
	tcase_add_test(tc, test_grow_overflow_from_nothing);
	suite_add_tcase(s, tc);
	return s;
}
