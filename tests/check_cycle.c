/*
 * check_cycle.c — the year's cycle in ledger/cycle.c (cycle.md §1, §3) and
 * schemes by year (scheme.c): the order of the states, what each refuses,
 * a paid run final, adjustments into the next open year.
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "ledger/cycle.h"
#include "ledger/date.h"
#include "ledger/db.h"
#include "ledger/ledger_int.h"
#include "ledger/scheme.h"
#include "ledger/subsidy.h"
#include "tests/testutil.h"

#define DY "330783"
#define ENT "91330783MA20CA4GX5"

static int32_t day(int y, int m, int d)
{
	return ldg_date_from_ymd(y, m, d);
}

/* A fresh database whose 东阳市 runs of 2023 and 2024 (no data: no rows)
 * are finalized, and one enterprise. */
static sqlite3 *cycle_db(void)
{
	sqlite3 *db = tu_fresh_db();
	struct ldg_err e = { 0 };
	int y;

	ck_assert_ptr_nonnull(db);
	ck_assert_int_eq(ldg_db_exec(db, "INSERT INTO enterprises (uscc, name, city)"
				     " VALUES ('" ENT "', '东阳市辉泰智能装备有限公司', '" DY "')", &e), 0);
	for (y = 2023; y <= 2024; y++) {
		ck_assert_int_eq(ldg_run_compute(db, DY, y, NULL, &e), 0);
		ck_assert_int_eq(ldg_run_finalize(db, DY, y, NULL, NULL, &e), 0);
	}
	return db;
}

static enum ldg_run_state state(sqlite3 *db, int year)
{
	struct ldg_run_info info;
	struct ldg_err e = { 0 };

	ck_assert_int_eq(ldg_run_get(db, DY, year, &info, &e), 0);
	return info.state;
}

START_TEST(test_cycle_order)
{
	sqlite3 *db = cycle_db();
	struct ldg_err e = { 0 };
	struct ldg_objection *v = NULL;
	size_t n = 0;
	int64_t id = 0;

	ck_assert_int_eq(state(db, 2024), LDG_STATE_FINALIZED);
	ck_assert_str_eq(ldg_run_state_name(LDG_STATE_PUBLICIZED), "publicized");
	/* not before publish */
	ck_assert_int_eq(ldg_run_pay(db, DY, 2024, day(2025, 4, 1), "V1", &e), LDG_ECONFLICT);
	ck_assert_int_eq(ldg_objection_add(db, DY, 2024, ENT, day(2025, 3, 2), "x", NULL, &e),
			 LDG_ECONFLICT);
	ck_assert_int_eq(ldg_run_publish(db, DY, 2024, day(2025, 3, 7), day(2025, 3, 1), &e),
			 LDG_EINPUT);
	/* a one-day period is allowed */
	ck_assert_int_eq(ldg_run_publish(db, DY, 2024, day(2025, 3, 1), day(2025, 3, 1), &e), 0);
	ck_assert_int_eq(state(db, 2024), LDG_STATE_PUBLICIZED);
	ck_assert_int_eq(ldg_run_publish(db, DY, 2024, day(2025, 3, 1), day(2025, 3, 7), &e),
			 LDG_ECONFLICT);
	ck_assert_int_eq(ldg_objection_add(db, DY, 2024, ENT, day(2025, 3, 2), "x", NULL, &e),
			 LDG_EINPUT);
	ck_assert_int_eq(ldg_objection_add(db, DY, 2024, "91330783MA2UNKQP81", day(2025, 3, 1),
					   "x", NULL, &e), LDG_ENOTFOUND);
	ck_assert_int_eq(ldg_objection_add(db, DY, 2024, ENT, day(2025, 3, 1), "金额有误", &id, &e), 0);
	ldg_err_clear(&e);   /* an ldg_err keeps its first message */
	ck_assert_int_eq(ldg_run_pay(db, DY, 2024, day(2025, 3, 2), "V1", &e), LDG_ECONFLICT);
	ck_assert_msg(strstr(e.msg, "not resolved") != NULL, "%s", e.msg);
	ck_assert_int_eq(ldg_objection_resolve(db, id, "maybe", "x", &e), LDG_EUSAGE);
	ck_assert_int_eq(ldg_objection_resolve(db, id, "dismissed", "无误", &e), 0);
	ck_assert_int_eq(ldg_objection_resolve(db, id, "upheld", "x", &e), LDG_ECONFLICT);
	/* the last day of the period is in it */
	ck_assert_int_eq(ldg_run_pay(db, DY, 2024, day(2025, 3, 1), "V1", &e), LDG_ECONFLICT);
	ck_assert_int_eq(ldg_run_pay(db, DY, 2024, day(2025, 3, 2), "", &e), LDG_EUSAGE);
	ck_assert_int_eq(ldg_run_pay(db, DY, 2024, day(2025, 3, 2), "V1", &e), 0);
	ck_assert_int_eq(state(db, 2024), LDG_STATE_PAID);
	ck_assert_int_eq(ldg_objection_list(db, DY, 2024, &v, &n, &e), 0);
	ck_assert_uint_eq(n, 1);
	ck_assert_str_eq(v[0].outcome, "dismissed");
	ck_assert_int_eq(v[0].current, 1);
	free(v);
	/* paid: final */
	ck_assert_int_eq(ldg_run_reopen(db, DY, 2024, "x", &e), LDG_ECONFLICT);
	ck_assert_int_eq(ldg_run_pay(db, DY, 2024, day(2025, 3, 3), "V2", &e), LDG_ECONFLICT);
	ck_assert_int_eq(ldg_run_publish(db, DY, 2024, day(2025, 4, 1), day(2025, 4, 2), &e),
			 LDG_ECONFLICT);
	ck_assert_int_eq(ldg_run_compute(db, DY, 2024, NULL, &e), LDG_ECONFLICT);
	ck_assert_int_eq(ldg_db_exec(db, "UPDATE subsidy_runs SET stage = 'publicized'"
				     " WHERE year = 2024", &e), LDG_ELOCKED);
	ck_assert_int_eq(state(db, 2024), LDG_STATE_PAID);
	ldg_db_close(db);
}
END_TEST

/* An upheld objection blocks pay; reopen from publicized ends the publicity. */
START_TEST(test_cycle_upheld_reopen)
{
	sqlite3 *db = cycle_db();
	struct ldg_err e = { 0 };
	int64_t id = 0;

	ck_assert_int_eq(ldg_run_publish(db, DY, 2024, day(2025, 3, 1), day(2025, 3, 7), &e), 0);
	ck_assert_int_eq(ldg_objection_add(db, DY, 2024, ENT, day(2025, 3, 3), "x", &id, &e), 0);
	ck_assert_int_eq(ldg_objection_resolve(db, id, "upheld", "成立", &e), 0);
	ldg_err_clear(&e);
	ck_assert_int_eq(ldg_run_pay(db, DY, 2024, day(2025, 3, 9), "V", &e), LDG_ECONFLICT);
	ck_assert_msg(strstr(e.msg, "upheld") != NULL, "%s", e.msg);
	/* 2023 is not the latest: refused; 2024 publicized: reopened */
	ck_assert_int_eq(ldg_run_reopen(db, DY, 2023, "x", &e), LDG_ECONFLICT);
	ck_assert_int_eq(ldg_run_reopen(db, DY, 2024, "异议成立", &e), 0);
	ck_assert_int_eq(state(db, 2024), LDG_STATE_DRAFT);
	ck_assert_int_eq(tu_int(db, "SELECT count(*) FROM audit_log WHERE action = 'reopen'"
				" AND old_value = 'publicized' AND new_value = 'draft'"), 1);
	ck_assert_int_eq(ldg_run_finalize(db, DY, 2024, NULL, NULL, &e), 0);
	ck_assert_int_eq(state(db, 2024), LDG_STATE_FINALIZED);
	ck_assert_int_eq(ldg_run_publish(db, DY, 2024, day(2025, 3, 10), day(2025, 3, 12), &e), 0);
	/* the old publicity's objection neither blocks nor can be resolved again */
	ck_assert_int_eq(ldg_run_pay(db, DY, 2024, day(2025, 3, 13), "V", &e), 0);
	ldg_db_close(db);
}
END_TEST

/* Adjustments go into the first year after the paid one not finalized. */
START_TEST(test_cycle_adjust)
{
	sqlite3 *db = cycle_db();
	struct ldg_err e = { 0 };
	struct ldg_adjustment *a = NULL;
	size_t n = 0;
	int64_t total = 0;
	int into = 0, have = 1;

	ck_assert_int_eq(ldg_adjust_add(db, DY, 2023, ENT, 100, "x", &into, NULL, &e), LDG_ECONFLICT);
	ck_assert_int_eq(ldg_run_publish(db, DY, 2023, day(2024, 3, 1), day(2024, 3, 7), &e),
			 0);
	ck_assert_int_eq(ldg_run_pay(db, DY, 2023, day(2024, 3, 8), "V", &e), 0);
	ck_assert_int_eq(ldg_adjust_add(db, DY, 2023, ENT, 0, "x", &into, NULL, &e), LDG_EINPUT);
	ck_assert_int_eq(ldg_adjust_add(db, DY, 2023, "91330783MA2UNKQP81", 5, "x", &into, NULL, &e),
			 LDG_ENOTFOUND);
	/* 2024 is finalized: the adjustment goes to 2025 */
	ck_assert_int_eq(ldg_adjust_add(db, DY, 2023, ENT, -10050, "追回", &into, NULL, &e), 0);
	ck_assert_int_eq(into, 2025);
	ck_assert_int_eq(ldg_adjust_add(db, DY, 2023, ENT, 20000, "补发", &into, NULL, &e), 0);
	ck_assert_int_eq(ldg_adjust_list(db, DY, 2025, &a, &n, &total, &e), 0);
	ck_assert_uint_eq(n, 2);
	ck_assert_int_eq(total, 9950);
	ck_assert_int_eq(a[0].amount_fen, -10050);
	ck_assert_int_eq(a[0].year, 2023);
	free(a);
	ck_assert_int_eq(ldg_adjust_list(db, DY, 2024, &a, &n, &total, &e), 0);
	ck_assert_uint_eq(n, 0);
	free(a);
	/* the database keeps payee accounts (import accounts): they are checked */
	ck_assert_int_eq(ldg_run_accounts_missing(db, 1, &have, &n, NULL, &e), 0);
	ck_assert_int_eq(have, 1);
	ldg_db_close(db);
}
END_TEST

/* A run of year Y uses the version in force for Y. */
START_TEST(test_scheme_by_year)
{
	sqlite3 *db = tu_fresh_db();
	struct ldg_err e = { 0 };
	struct ldg_scheme s;
	char o[128], nw[128];
	int changed = 0;

	ck_assert_ptr_nonnull(db);
	ck_assert_int_eq(ldg_scheme_set_from(db, DY, 2025, "interest_share", "30%", &changed, o, nw, &e), 0);
	ck_assert_int_eq(changed, 1);
	ck_assert_str_eq(o, "50.00%");
	ck_assert_str_eq(nw, "30.00%");
	ck_assert_int_eq(ldg_scheme_set_from(db, DY, 2023, "interest_share", "40%", &changed, o, nw, &e), 0);
	ck_assert_int_eq(ldg_scheme_set_from(db, DY, 2023, "interest_share", "40%", &changed, o, nw, &e), 0);
	ck_assert_int_eq(changed, 0);
	ck_assert_int_eq(ldg_scheme_set_from(db, DY, 2023, "no_such_key", "1", &changed, o, nw, &e),
			 LDG_EINPUT);
	ck_assert_int_eq(ldg_scheme_load_year(db, DY, 2022, &s, &e), 0);
	ck_assert_int_eq(s.interest_share_ppm, 500000);
	ck_assert_int_eq(ldg_scheme_load_year(db, DY, 2023, &s, &e), 0);
	ck_assert_int_eq(s.interest_share_ppm, 400000);
	ck_assert_int_eq(ldg_scheme_load_year(db, DY, 2024, &s, &e), 0);
	ck_assert_int_eq(s.interest_share_ppm, 400000);
	ck_assert_int_eq(ldg_scheme_load_year(db, DY, 2026, &s, &e), 0);
	ck_assert_int_eq(s.interest_share_ppm, 300000);
	/* the first version still applies to the other keys and other cities */
	ck_assert_int_eq(ldg_scheme_set(db, DY, "premium_share", "40%", &e), 0);
	ck_assert_int_eq(ldg_scheme_load_year(db, DY, 2026, &s, &e), 0);
	ck_assert_int_eq(s.premium_share_ppm, 400000);
	ck_assert_int_eq(ldg_scheme_load_year(db, "330382", 2026, &s, &e), 0);
	ck_assert_int_eq(s.interest_share_ppm, 500000);
	ck_assert_int_eq(tu_int(db, "SELECT count(*) FROM audit_log WHERE entity = 'scheme'"
				" AND entity_key = '" DY "/from 2025'"), 1);
	ldg_db_close(db);
}
END_TEST

/*
 * The one lookup of a run by city and year (ldg_run_find) that ldg_run_get
 * and the cycle share: no city, no run, a finalized run, a publicized one;
 * each caller still words its own refusal.
 */
START_TEST(test_run_find_shared)
{
	sqlite3 *db = cycle_db();
	struct ldg_run_found f;
	struct ldg_run_info info;
	struct ldg_err e = { 0 };

	ck_assert_int_eq(ldg_run_find(db, "999999", 2024, 0, &f, &e), 0);
	ck_assert_int_eq(f.city_known, 0);
	ck_assert_int_eq(f.info.id, 0);
	ck_assert_int_eq(ldg_run_find(db, DY, 2022, 0, &f, &e), 0);
	ck_assert_int_eq(f.city_known, 1);
	ck_assert_str_eq(f.city_name, "东阳市");
	ck_assert_int_eq(f.info.id, 0);
	ck_assert_int_eq(ldg_run_find(db, DY, 2024, 1, &f, &e), 0);
	ck_assert(f.info.id > 0);
	ck_assert_int_eq(f.info.year, 2024);
	ck_assert_str_eq(f.info.city, DY);
	ck_assert_str_eq(f.info.city_name, "东阳市");
	ck_assert_int_eq(f.info.status, LDG_RUN_FINALIZED);
	ck_assert_int_eq(f.info.state, LDG_STATE_FINALIZED);
	ck_assert_int_eq(f.info.start_year, 0);
	ck_assert_int_eq(f.publicity_id, 0);
	ck_assert_str_eq(f.info.publicity_from, "");
	ck_assert_int_eq(ldg_run_publish(db, DY, 2024, day(2025, 3, 1), day(2025, 3, 7), &e), 0);
	ck_assert_int_eq(ldg_run_find(db, DY, 2024, 0, &f, &e), 0);
	ck_assert_int_eq(f.info.state, LDG_STATE_PUBLICIZED);
	ck_assert(f.publicity_id > 0);
	ck_assert_str_eq(f.info.publicity_from, "2025-03-01");
	ck_assert_str_eq(f.info.publicity_to, "2025-03-07");
	ck_assert_int_eq(ldg_run_get(db, DY, 2024, &info, &e), 0);
	ck_assert_int_eq(info.id, f.info.id);
	ck_assert_int_eq(info.state, LDG_STATE_PUBLICIZED);
	ck_assert_str_eq(info.publicity_to, "2025-03-07");
	/* the refusals as each caller words them */
	ck_assert_int_eq(ldg_run_get(db, "999999", 2024, &info, &e), LDG_ENOTFOUND);
	ck_assert_msg(strstr(e.msg, "no subsidy run for 999999 2024") != NULL, "%s", e.msg);
	ldg_err_clear(&e);
	ck_assert_int_eq(ldg_run_get(db, DY, 2022, &info, &e), LDG_ENOTFOUND);
	ck_assert_msg(strstr(e.msg, "no subsidy run for 东阳市 2022") != NULL, "%s", e.msg);
	ldg_err_clear(&e);
	ck_assert_int_eq(ldg_run_pay(db, "999999", 2024, day(2025, 4, 1), "V1", &e), LDG_ENOTFOUND);
	ck_assert_msg(strstr(e.msg, "unknown city '999999'") != NULL, "%s", e.msg);
	ldg_err_clear(&e);
	ck_assert_int_eq(ldg_run_pay(db, DY, 2022, day(2025, 4, 1), "V1", &e), LDG_ENOTFOUND);
	ck_assert_msg(strstr(e.msg, "no subsidy run for 东阳市 2022") != NULL, "%s", e.msg);
	ldg_db_close(db);
}
END_TEST

Suite *cycle_suite(void)
{
	Suite *s = suite_create("cycle");
	TCase *tc = tcase_create("cycle");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_cycle_order);
	tcase_add_test(tc, test_cycle_upheld_reopen);
	tcase_add_test(tc, test_cycle_adjust);
	tcase_add_test(tc, test_scheme_by_year);
	tcase_add_test(tc, test_run_find_shared);
	suite_add_tcase(s, tc);
	return s;
}
