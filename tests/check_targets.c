/*
 * check_targets.c — targets.md: the pure progress computation (no
 * database), the metric sums rolled up through cities.parent, the rows of
 * `pledger targets` (cli.md), and `city add`.
 *
 * Every expected figure is worked by hand in the comment beside it.
 * Notation: hu(a / b) = a / b rounded half up; tenths = tenths of a percent.
 */
#include <check.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ledger/date.h"
#include "ledger/db.h"
#include "ledger/targets.h"
#include "tests/testutil.h"

static int32_t day(int y, int m, int d)
{
	return ldg_date_from_ymd(y, m, d);
}

static struct ldg_progress prog(int from, int to, int has_target, int64_t target,
				int32_t as_of, int64_t actual)
{
	struct ldg_progress p;
	struct ldg_err err = { 0 };

	ck_assert_msg(ldg_progress_compute(from, to, has_target, target, as_of, actual, &p,
					   &err) == 0, "%s", err.msg);
	return p;
}

/* targets.md "Progress as of a date": D inside a common year. */
START_TEST(progress_inside_year)
{
	/* P = 2023 (365 days), D = 2023-03-31: elapsed 31 + 28 + 31 = 90.
	 * time = hu(90 × 1000 / 365) = hu(246.58) = 247 → 24.7 %
	 * progress = hu(300 000 × 1000 / 1 000 000) = 300 → 30.0 %
	 * projected = hu(300 000 × 365 / 90) = hu(1 216 666.67) = 1 216 667 fen
	 * 1 216 667 >= 1 000 000 → on_track (actual 300 000 < target). */
	struct ldg_progress p = prog(2023, 2023, 1, 1000000, day(2023, 3, 31), 300000);

	ck_assert_int_eq(p.days_total, 365);
	ck_assert_int_eq(p.days_elapsed, 90);
	ck_assert_int_eq(p.time_tenths, 247);
	ck_assert_int_eq(p.progress_tenths, 300);
	ck_assert_int_eq(p.has_projected, 1);
	ck_assert_int_eq(p.projected_fen, 1216667);
	ck_assert_int_eq(p.status, LDG_TSTATUS_ON_TRACK);

	/* Same day, actual 200 000: projected hu(200 000 × 365 / 90) =
	 * hu(811 111.1) = 811 111 < 1 000 000 → behind; progress 20.0. */
	p = prog(2023, 2023, 1, 1000000, day(2023, 3, 31), 200000);
	ck_assert_int_eq(p.projected_fen, 811111);
	ck_assert_int_eq(p.progress_tenths, 200);
	ck_assert_int_eq(p.status, LDG_TSTATUS_BEHIND);

	/* Actual above the target before the end → reached:
	 * progress hu(1 200 000 × 1000 / 1 000 000) = 1200 → 120.0. */
	p = prog(2023, 2023, 1, 1000000, day(2023, 3, 31), 1200000);
	ck_assert_int_eq(p.progress_tenths, 1200);
	ck_assert_int_eq(p.status, LDG_TSTATUS_REACHED);
}
END_TEST

/* D on the last day of P: elapsed = total, time 100.0, projected = actual. */
START_TEST(progress_last_day)
{
	/* P = 2023, D = 2023-12-31: 365 / 365 → 1000 tenths.
	 * actual 999 999, target 1 000 000: progress hu(999 999 × 1000 /
	 * 1 000 000) = hu(999.999) = 1000 → "100.0" yet behind (actual and
	 * projected 999 999 < 1 000 000): status follows fen, not the rounding. */
	struct ldg_progress p = prog(2023, 2023, 1, 1000000, day(2023, 12, 31), 999999);
	char buf[24];

	ck_assert_int_eq(p.days_elapsed, 365);
	ck_assert_int_eq(p.time_tenths, 1000);
	ck_assert_int_eq(p.projected_fen, 999999);
	ck_assert_int_eq(p.progress_tenths, 1000);
	ck_assert_str_eq(ldg_tenths_format(p.progress_tenths, buf, sizeof(buf)), "100.0");
	ck_assert_int_eq(p.status, LDG_TSTATUS_BEHIND);
}
END_TEST

/* D after P: the whole period, time 100.0, projected = actual. */
START_TEST(progress_after_period)
{
	/* P = 2023, D = 2024-02-01: elapsed capped at 365; actual 1 000 000 =
	 * target → reached, progress 100.0. */
	struct ldg_progress p = prog(2023, 2023, 1, 1000000, day(2024, 2, 1), 1000000);

	ck_assert_int_eq(p.days_elapsed, 365);
	ck_assert_int_eq(p.time_tenths, 1000);
	ck_assert_int_eq(p.projected_fen, 1000000);
	ck_assert_int_eq(p.progress_tenths, 1000);
	ck_assert_int_eq(p.status, LDG_TSTATUS_REACHED);
	ck_assert_int_eq(ldg_period_cutoff(p.first_day, p.last_day, day(2024, 2, 1)),
			 day(2023, 12, 31));
}
END_TEST

/* A leap year has 366 days, and 29 February counts. */
START_TEST(progress_leap_year)
{
	/* P = 2024 (366 days), D = 2024-02-29: elapsed 31 + 29 = 60.
	 * time = hu(60 000 / 366) = hu(163.93) = 164 → 16.4
	 * projected = 100 000 × 366 / 60 = 610 000 exactly
	 * progress = hu(100 000 × 1000 / 600 000) = hu(166.67) = 167 → 16.7
	 * 610 000 >= 600 000 → on_track. */
	struct ldg_progress p = prog(2024, 2024, 1, 600000, day(2024, 2, 29), 100000);

	ck_assert_int_eq(p.days_total, 366);
	ck_assert_int_eq(p.days_elapsed, 60);
	ck_assert_int_eq(p.time_tenths, 164);
	ck_assert_int_eq(p.projected_fen, 610000);
	ck_assert_int_eq(p.progress_tenths, 167);
	ck_assert_int_eq(p.status, LDG_TSTATUS_ON_TRACK);

	/* The sample data's 乐清市 registered 2024 at 2024-06-30 (expected/
	 * targets_2024-06-30.csv): elapsed 31+29+31+30+31+30 = 182;
	 * time hu(182 000 / 366) = hu(497.27) = 497; actual 243 000 000 fen;
	 * projected hu(243 000 000 × 366 / 182) = hu(488 670 329.67) =
	 * 488 670 330 (4 886 703.30 yuan); progress hu(243 000 000 × 1000 /
	 * 120 000 000 000) = hu(2.025) = 2 → 0.2. */
	p = prog(2024, 2024, 1, INT64_C(120000000000), day(2024, 6, 30), 243000000);
	ck_assert_int_eq(p.time_tenths, 497);
	ck_assert_int_eq(p.projected_fen, 488670330);
	ck_assert_int_eq(p.progress_tenths, 2);
	ck_assert_int_eq(p.status, LDG_TSTATUS_BEHIND);
}
END_TEST

/* Rounding is half up, once: cli.md "percentages half up to one decimal;
 * projected half up to the fen". */
START_TEST(progress_half_up)
{
	/* P = 2024, D = 2024-01-04: elapsed 4.  actual 1 fen:
	 * projected 1 × 366 / 4 = 91.5 → 92; time 4000 / 366 = 10.93 → 11.
	 * target 10 000 fen, actual 5: progress 5 × 1000 / 10 000 = 0.5 → 1. */
	struct ldg_progress p = prog(2024, 2024, 1, 10000, day(2024, 1, 4), 1);
	char buf[24];

	ck_assert_int_eq(p.projected_fen, 92);
	ck_assert_int_eq(p.time_tenths, 11);
	ck_assert_str_eq(ldg_tenths_format(p.time_tenths, buf, sizeof(buf)), "1.1");
	p = prog(2024, 2024, 1, 10000, day(2024, 1, 4), 5);
	ck_assert_int_eq(p.progress_tenths, 1);
	ck_assert_str_eq(ldg_tenths_format(p.progress_tenths, buf, sizeof(buf)), "0.1");
	ck_assert_str_eq(ldg_tenths_format(0, buf, sizeof(buf)), "0.0");
}
END_TEST

/* A cumulative period (乐清市 credit 2022-2024): time counts the days of
 * all its years. */
START_TEST(progress_cumulative)
{
	/* P = 2022-01-01 .. 2024-12-31: 365 + 365 + 366 = 1096 days.
	 * D = 2024-01-31: elapsed 730 + 31 = 761; time hu(761 000 / 1096) =
	 * hu(694.34) = 694 → 69.4.  actual 10 000 000 fen: projected
	 * hu(10 000 000 × 1096 / 761) = hu(14 402 102.50) — 10 960 000 000 /
	 * 761 = 14 402 102.4967 → 14 402 102.  target 3 × 10^11 → behind;
	 * progress hu(10^7 × 1000 / 3 × 10^11) = hu(0.033) = 0. */
	struct ldg_progress p = prog(2022, 2024, 1, INT64_C(300000000000), day(2024, 1, 31),
				     10000000);
	char buf[16];

	ck_assert_int_eq(p.days_total, 1096);
	ck_assert_int_eq(p.days_elapsed, 761);
	ck_assert_int_eq(p.time_tenths, 694);
	ck_assert_int_eq(p.projected_fen, 14402102);
	ck_assert_int_eq(p.progress_tenths, 0);
	ck_assert_int_eq(p.status, LDG_TSTATUS_BEHIND);
	ck_assert_str_eq(ldg_period_format(2022, 2024, buf, sizeof(buf)), "2022-2024");
	ck_assert_str_eq(ldg_period_format(2025, 2025, buf, sizeof(buf)), "2025");

	/* D = 2024-06-30: elapsed 730 + 182 = 912; hu(912 000 / 1096) =
	 * hu(832.12) = 832 → 83.2 (expected/targets_2024-06-30.csv). */
	p = prog(2022, 2024, 1, INT64_C(300000000000), day(2024, 6, 30), 0);
	ck_assert_int_eq(p.time_tenths, 832);
}
END_TEST

/* D before P: not_started, actual 0, progress and time 0, no projection. */
START_TEST(progress_not_started)
{
	struct ldg_progress p = prog(2025, 2025, 1, INT64_C(80000000000), day(2024, 6, 30), 0);
	struct ldg_err err = { 0 };

	ck_assert_int_eq(p.status, LDG_TSTATUS_NOT_STARTED);
	ck_assert_int_eq(p.days_elapsed, 0);
	ck_assert_int_eq(p.time_tenths, 0);
	ck_assert_int_eq(p.progress_tenths, 0);
	ck_assert_int_eq(p.has_projected, 0);
	ck_assert_str_eq(ldg_tstatus_name(p.status), "not_started");
	/* An actual before the period is a caller's mistake. */
	ck_assert_int_eq(ldg_progress_compute(2025, 2025, 1, 1, day(2024, 6, 30), 5, &p, &err),
			 LDG_EINPUT);
	/* The day before P begins is still before it: 2024-12-31. */
	p = prog(2025, 2025, 1, 100, day(2024, 12, 31), 0);
	ck_assert_int_eq(p.status, LDG_TSTATUS_NOT_STARTED);
	/* Its first day counts one day: hu(1000 / 365) = hu(2.74) = 3. */
	p = prog(2025, 2025, 1, 100, day(2025, 1, 1), 0);
	ck_assert_int_eq(p.days_elapsed, 1);
	ck_assert_int_eq(p.time_tenths, 3);
	ck_assert_int_eq(p.status, LDG_TSTATUS_BEHIND);
}
END_TEST

/* A city-metric-period without a target: its actual, time and projection,
 * status no_target. */
START_TEST(progress_no_target)
{
	/* P = 2024, D = 2024-01-31: elapsed 31; time hu(31 000 / 366) =
	 * hu(84.70) = 85 → 8.5; projected hu(1 211 000 000 × 366 / 31) =
	 * hu(14 297 612 903.2) = 14 297 612 903 (142 976 129.03 yuan, the
	 * sample's 浙江省 financing 2024 at 2024-01-31). */
	struct ldg_progress p = prog(2024, 2024, 0, 0, day(2024, 1, 31), 1211000000);

	ck_assert_int_eq(p.status, LDG_TSTATUS_NO_TARGET);
	ck_assert_int_eq(p.has_target, 0);
	ck_assert_int_eq(p.time_tenths, 85);
	ck_assert_int_eq(p.projected_fen, INT64_C(14297612903));
	ck_assert_str_eq(ldg_tstatus_name(p.status), "no_target");
	ck_assert_str_eq(ldg_tstatus_label(p.status), "无量化目标");
	/* Before the year: still no_target, nothing projected. */
	p = prog(2026, 2026, 0, 0, day(2024, 1, 31), 0);
	ck_assert_int_eq(p.status, LDG_TSTATUS_NO_TARGET);
	ck_assert_int_eq(p.has_projected, 0);
}
END_TEST

START_TEST(progress_zero_target_and_errors)
{
	struct ldg_progress p = prog(2024, 2024, 1, 0, day(2024, 3, 1), 0);
	struct ldg_err err = { 0 };
	enum ldg_metric m;

	ck_assert_int_eq(p.status, LDG_TSTATUS_REACHED);
	ck_assert_int_eq(p.progress_tenths, 1000);
	ck_assert_int_eq(ldg_progress_compute(2025, 2024, 1, 1, day(2024, 3, 1), 0, &p, &err),
			 LDG_EINPUT);
	/* Projection overflowing int64 is refused, not wrapped. */
	ldg_err_clear(&err);
	ck_assert_int_eq(ldg_progress_compute(1900, 2999, 1, 1, day(1900, 1, 1),
					      INT64_C(9000000000000000000), &p, &err), LDG_ERANGE);
	ck_assert_int_eq(ldg_metric_parse("credit", &m, NULL), 0);
	ck_assert_int_eq(m, LDG_METRIC_CREDIT);
	ck_assert_int_eq(ldg_metric_parse("loans", &m, NULL), LDG_EINPUT);
}
END_TEST

/*
 * A database with 金华市 holding two children, 东阳市 (seed) and 婺城区
 * (added), and one loan in 乐清市:
 *   L1 东阳  principal 1 000 000.00, start 2024-03-01, reg 2024-02-20, credit line 1 500 000.00
 *   L2 婺城  principal   500 000.00, start 2024-07-15, no registration, no credit line
 *   L3 东阳  principal   200 000.00, start 2023-12-31, reg 2024-01-02, no credit line
 *   L4 乐清  principal    70 000.00, start 2024-05-05, reg 2024-05-01, credit line 90 000.00
 */
static sqlite3 *sample_db(void)
{
	static const char sql[] =
		"INSERT INTO banks (id, name) VALUES (1, 'bank');"
		"INSERT INTO enterprises (uscc, name, city) VALUES"
		" ('91330783000000001A', 'E1', '330783'),"
		" ('91330702000000002B', 'E2', '330702'),"
		" ('91330382000000003C', 'E3', '330382');"
		"INSERT INTO loans (bank_id, contract_no, uscc, principal_fen, start_date,"
		" maturity_date, registration_date, credit_line_fen) VALUES"
		" (1, 'L1', '91330783000000001A', 100000000, '2024-03-01', '2025-02-28', '2024-02-20', 150000000),"
		" (1, 'L2', '91330702000000002B',  50000000, '2024-07-15', '2025-07-14', NULL, NULL),"
		" (1, 'L3', '91330783000000001A',  20000000, '2023-12-31', '2024-12-30', '2024-01-02', NULL),"
		" (1, 'L4', '91330382000000003C',   7000000, '2024-05-05', '2025-05-04', '2024-05-01', 9000000);";
	struct ldg_err err = { 0 };
	sqlite3 *db = tu_fresh_db();

	ck_assert_msg(ldg_city_add(db, "330702", "婺城区", "330700", &err) == 0, "%s", err.msg);
	ck_assert_int_eq(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK);
	return db;
}

static int64_t sum(sqlite3 *db, const char *city, enum ldg_metric m, int32_t from, int32_t to)
{
	struct ldg_err err = { 0 };
	int64_t fen = -1;

	ck_assert_msg(ldg_metric_sum(db, city, m, from, to, &fen, &err) == 0, "%s", err.msg);
	return fen;
}

/* targets.md "Metrics" and the roll-up: a parent includes both children. */
START_TEST(metric_rollup_two_children)
{
	sqlite3 *db = sample_db();
	int32_t a = day(2024, 1, 1), z = day(2024, 12, 31);

	/* financing 2024 (start date): 东阳 L1 = 100 000 000 (L3 started 2023);
	 * 婺城 L2 = 50 000 000; 金华 = both = 150 000 000; 浙江 adds L4
	 * 7 000 000 = 157 000 000. */
	ck_assert_int_eq(sum(db, "330783", LDG_METRIC_FINANCING, a, z), 100000000);
	ck_assert_int_eq(sum(db, "330702", LDG_METRIC_FINANCING, a, z), 50000000);
	ck_assert_int_eq(sum(db, "330700", LDG_METRIC_FINANCING, a, z), 150000000);
	ck_assert_int_eq(sum(db, "330000", LDG_METRIC_FINANCING, a, z), 157000000);
	ck_assert_int_eq(sum(db, "330100", LDG_METRIC_FINANCING, a, z), 0);
	/* registered 2024 (registration date): L1 + L3 = 120 000 000 for 东阳
	 * and 金华 (L2 has none); 浙江 + L4 = 127 000 000. */
	ck_assert_int_eq(sum(db, "330783", LDG_METRIC_REGISTERED, a, z), 120000000);
	ck_assert_int_eq(sum(db, "330702", LDG_METRIC_REGISTERED, a, z), 0);
	ck_assert_int_eq(sum(db, "330700", LDG_METRIC_REGISTERED, a, z), 120000000);
	ck_assert_int_eq(sum(db, "330000", LDG_METRIC_REGISTERED, a, z), 127000000);
	/* credit 2024 (start date; credit line, else principal): L1 150 000 000
	 * + L2 50 000 000 = 200 000 000; 浙江 + L4's line 9 000 000. */
	ck_assert_int_eq(sum(db, "330700", LDG_METRIC_CREDIT, a, z), 200000000);
	ck_assert_int_eq(sum(db, "330000", LDG_METRIC_CREDIT, a, z), 209000000);
	/* Dates are inclusive at both ends: 2024-03-01 .. 2024-03-01 holds L1;
	 * 2023-12-31 alone holds L3. */
	ck_assert_int_eq(sum(db, "330700", LDG_METRIC_FINANCING, day(2024, 3, 1), day(2024, 3, 1)),
			 100000000);
	ck_assert_int_eq(sum(db, "330783", LDG_METRIC_FINANCING, day(2023, 12, 31),
			     day(2023, 12, 31)), 20000000);
	ck_assert_int_eq(sum(db, "330783", LDG_METRIC_FINANCING, z, a), 0);
	sqlite3_close(db);
}
END_TEST

/* The month-by-month sums behind 月度累计 (reports.md). */
START_TEST(metric_by_month)
{
	sqlite3 *db = sample_db();
	struct ldg_err err = { 0 };
	int64_t out[13];
	int i;

	/* 金华市 financing from 2023-01-01 to 2024-12-31, months of 2024:
	 * before 2024: L3 (2023-12-31) 20 000 000; March: L1 100 000 000;
	 * July: L2 50 000 000; every other month 0. */
	ck_assert_int_eq(ldg_metric_months(db, "330700", LDG_METRIC_FINANCING, day(2023, 1, 1),
					   day(2024, 12, 31), 2024, out, &err), 0);
	ck_assert_int_eq(out[0], 20000000);
	ck_assert_int_eq(out[3], 100000000);
	ck_assert_int_eq(out[7], 50000000);
	for (i = 1; i <= 12; i++)
		if (i != 3 && i != 7)
			ck_assert_int_eq(out[i], 0);
	/* Up to 2024-07-14 only: L2 (07-15) is left out; from 2024-01-01 L3
	 * is too. */
	ck_assert_int_eq(ldg_metric_months(db, "330700", LDG_METRIC_FINANCING, day(2024, 1, 1),
					   day(2024, 7, 14), 2024, out, &err), 0);
	ck_assert_int_eq(out[0], 0);
	ck_assert_int_eq(out[3], 100000000);
	ck_assert_int_eq(out[7], 0);
	/* registered, 东阳市, 2024: L3 registered 2024-01-02 (January) and
	 * L1 2024-02-20 (February); credit 浙江省 March: L1's line 150 000 000,
	 * May: L4's line 9 000 000. */
	ck_assert_int_eq(ldg_metric_months(db, "330783", LDG_METRIC_REGISTERED, day(2024, 1, 1),
					   day(2024, 12, 31), 2024, out, &err), 0);
	ck_assert_int_eq(out[1], 20000000);
	ck_assert_int_eq(out[2], 100000000);
	ck_assert_int_eq(ldg_metric_months(db, "330000", LDG_METRIC_CREDIT, day(2024, 1, 1),
					   day(2024, 12, 31), 2024, out, &err), 0);
	ck_assert_int_eq(out[3], 150000000);
	ck_assert_int_eq(out[5], 9000000);
	ck_assert_int_eq(out[7], 50000000);
	sqlite3_close(db);
}
END_TEST

/* A parent city's target counts its children's loans (targets.md). */
START_TEST(progress_parent_target)
{
	sqlite3 *db = sample_db();
	struct ldg_target_list l = { 0 };
	struct ldg_err err = { 0 };
	const struct ldg_target_row *r;

	ck_assert_int_eq(sqlite3_exec(db,
		"INSERT INTO targets (city, metric, year_from, year_to, target_fen, source)"
		" VALUES ('330700', 'financing', 2024, 2024, 200000000, 'test')",
		NULL, NULL, NULL), SQLITE_OK);
	/* As of 2024-07-15 (elapsed 182 + 15 = 197): actual L1 + L2 =
	 * 150 000 000; progress 150/200 = 75.0; projected hu(150 000 000 ×
	 * 366 / 197) = hu(278 680 203.05) = 278 680 203 >= 200 000 000 →
	 * on_track; time hu(197 000 / 366) = hu(538.25) = 538. */
	ck_assert_msg(ldg_targets_progress(db, "330700", 2024, day(2024, 7, 15), &l, &err) == 0,
		      "%s", err.msg);
	ck_assert_int_eq(l.n, 3);
	r = &l.rows[0];
	ck_assert_str_eq(r->city, "330700");
	ck_assert_str_eq(r->city_name, "金华市");
	ck_assert_int_eq(r->metric, LDG_METRIC_FINANCING);
	ck_assert_int_eq(r->p.actual_fen, 150000000);
	ck_assert_int_eq(r->p.progress_tenths, 750);
	ck_assert_int_eq(r->p.time_tenths, 538);
	ck_assert_int_eq(r->p.projected_fen, 278680203);
	ck_assert_int_eq(r->p.status, LDG_TSTATUS_ON_TRACK);
	ck_assert_str_eq(r->source, "test");
	/* The other metrics have no target: no_target rows for 2024.
	 * registered: L1 + L3 = 120 000 000. */
	ck_assert_int_eq(l.rows[1].metric, LDG_METRIC_REGISTERED);
	ck_assert_int_eq(l.rows[1].p.status, LDG_TSTATUS_NO_TARGET);
	ck_assert_int_eq(l.rows[1].p.actual_fen, 120000000);
	ck_assert_int_eq(l.rows[1].year_from, 2024);
	ldg_target_list_release(&l);

	/* As of 2024-06-30 (elapsed 182): actual L1 = 100 000 000 → 50.0;
	 * projected hu(100 000 000 × 366 / 182) = hu(201 098 901.10) =
	 * 201 098 901 >= 200 000 000 → still on_track. */
	ck_assert_int_eq(ldg_targets_progress(db, "330700", 0, day(2024, 6, 30), &l, &err), 0);
	ck_assert_int_eq(l.rows[0].p.actual_fen, 100000000);
	ck_assert_int_eq(l.rows[0].p.progress_tenths, 500);
	ck_assert_int_eq(l.rows[0].p.projected_fen, 201098901);
	ck_assert_int_eq(l.rows[0].p.status, LDG_TSTATUS_ON_TRACK);
	ldg_target_list_release(&l);

	/* At the year's end: 150 000 000 < 200 000 000 and nothing left to
	 * project → behind, 75.0, time 100.0. */
	ck_assert_int_eq(ldg_targets_progress(db, "330700", 0, day(2024, 12, 31), &l, &err), 0);
	ck_assert_int_eq(l.rows[0].p.projected_fen, 150000000);
	ck_assert_int_eq(l.rows[0].p.time_tenths, 1000);
	ck_assert_int_eq(l.rows[0].p.status, LDG_TSTATUS_BEHIND);
	ldg_target_list_release(&l);
	sqlite3_close(db);
}
END_TEST

/* cli.md row order: cities by code, metrics financing/registered/credit,
 * targets by period, one no_target row where there is none. */
START_TEST(rows_order_and_year_filter)
{
	sqlite3 *db = sample_db();
	struct ldg_target_list l = { 0 };
	struct ldg_err err = { 0 };
	static const char *const want[][3] = {
		/* --year 2023: 乐清市's targets whose period contains 2023. */
		{ "330382", "financing", "2023" },   /* none: no_target for --year */
		{ "330382", "registered", "2023" },
		{ "330382", "credit", "2022-2024" },
	};
	size_t i;

	ck_assert_int_eq(ldg_targets_progress(db, "330382", 2023, day(2024, 6, 30), &l, &err), 0);
	ck_assert_int_eq(l.n, 3);
	for (i = 0; i < 3; i++) {
		char buf[16];

		ck_assert_str_eq(l.rows[i].city, want[i][0]);
		ck_assert_str_eq(ldg_metric_name(l.rows[i].metric), want[i][1]);
		ck_assert_str_eq(ldg_period_format(l.rows[i].year_from, l.rows[i].year_to, buf,
						   sizeof(buf)), want[i][2]);
	}
	ck_assert_int_eq(l.rows[0].p.status, LDG_TSTATUS_NO_TARGET);
	/* registered 2023 is over at 2024-06-30: whole year, 100.0;
	 * 乐清's only loan registered in 2024 → 0, behind. */
	ck_assert_int_eq(l.rows[1].p.time_tenths, 1000);
	ck_assert_int_eq(l.rows[1].p.status, LDG_TSTATUS_BEHIND);
	/* credit 2022-2024 at 2024-06-30: L4's credit line 9 000 000. */
	ck_assert_int_eq(l.rows[2].p.actual_fen, 9000000);
	ldg_target_list_release(&l);

	/* Every city (10 with 婺城区) × 3 metrics, plus the extra periods:
	 * 乐清 registered has 3 targets (+2), 东阳 financing 2 (+1) → 33. */
	ck_assert_int_eq(ldg_targets_progress(db, NULL, 0, day(2024, 6, 30), &l, &err), 0);
	ck_assert_int_eq(l.n, 33);
	ck_assert_str_eq(l.rows[0].city, "330000");
	for (i = 1; i < l.n; i++)
		ck_assert_int_le(strcmp(l.rows[i - 1].city, l.rows[i].city), 0);
	/* 330702 婺城区 sits between 金华市 330700 and 东阳市 330783. */
	ck_assert_str_eq(l.rows[27].city, "330702");
	ldg_target_list_release(&l);

	ck_assert_int_eq(ldg_targets_progress(db, "999999", 0, day(2024, 6, 30), &l, &err),
			 LDG_ENOTFOUND);
	ldg_target_list_release(&l);
	sqlite3_close(db);
}
END_TEST

/* targets.md: D defaults to today, or the end of P when P is over; the
 * no_target rows take today's year. */
START_TEST(rows_default_as_of)
{
	sqlite3 *db = sample_db();
	struct ldg_target_list l = { 0 };
	struct ldg_err err = { 0 };

	setenv("SOURCE_DATE_EPOCH", "1719748800", 1);  /* 2024-06-30T12:00:00Z */
	ck_assert_int_eq(ldg_today(), day(2024, 6, 30));
	ck_assert_int_eq(ldg_targets_progress(db, "330783", 0, INT32_MIN, &l, &err), 0);
	ck_assert_int_eq(l.n, 4);
	/* financing 2023: over → D = 2023-12-31, actual L3 = 20 000 000. */
	ck_assert_int_eq(l.rows[0].p.as_of_day, day(2023, 12, 31));
	ck_assert_int_eq(l.rows[0].p.actual_fen, 20000000);
	/* financing 2025: D = today, before P → not_started. */
	ck_assert_int_eq(l.rows[1].year_from, 2025);
	ck_assert_int_eq(l.rows[1].p.status, LDG_TSTATUS_NOT_STARTED);
	/* registered: no target → 2024 (today's year), L1 + L3 registered
	 * 2024-02-20 and 2024-01-02 → 120 000 000, time 49.7. */
	ck_assert_int_eq(l.rows[2].year_from, 2024);
	ck_assert_int_eq(l.rows[2].p.actual_fen, 120000000);
	ck_assert_int_eq(l.rows[2].p.time_tenths, 497);
	ldg_target_list_release(&l);
	unsetenv("SOURCE_DATE_EPOCH");
	sqlite3_close(db);
}
END_TEST

/* targets.md "More cities can be added": city add. */
START_TEST(city_add_rules)
{
	sqlite3 *db = tu_fresh_db();
	struct ldg_err err = { 0 };

	ck_assert_int_eq(ldg_city_add(db, "330783", "别名", NULL, &err), LDG_ECONFLICT);
	ldg_err_clear(&err);
	ck_assert_int_eq(ldg_city_add(db, "330799", "东阳市", NULL, &err), LDG_ECONFLICT);
	ldg_err_clear(&err);
	ck_assert_int_eq(ldg_city_add(db, "33070", "短码", NULL, &err), LDG_EINPUT);
	ldg_err_clear(&err);
	ck_assert_int_eq(ldg_city_add(db, "33070a", "字母", NULL, &err), LDG_EINPUT);
	ldg_err_clear(&err);
	ck_assert_int_eq(ldg_city_add(db, "330799", "", NULL, &err), LDG_EINPUT);
	ldg_err_clear(&err);
	ck_assert_int_eq(ldg_city_add(db, "330799", "某县", "999999", &err), LDG_ENOTFOUND);
	ck_assert_int_eq(tu_int(db, "SELECT count(*) FROM cities"), 9);
	ldg_err_clear(&err);
	/* By parent name; the new city gets the default scheme (rules.md §8). */
	ck_assert_msg(ldg_city_add(db, "330702", "婺城区", "金华市", &err) == 0, "%s", err.msg);
	ck_assert_int_eq(tu_int(db, "SELECT count(*) FROM cities WHERE code = '330702'"
			       " AND parent = '330700'"), 1);
	ck_assert_int_eq(tu_int(db, "SELECT count(*) FROM schemes WHERE city = '330702'"),
			 tu_int(db, "SELECT count(*) FROM schemes WHERE city = '330783'"));
	ck_assert_int_eq(tu_int(db, "SELECT count(*) FROM audit_log WHERE entity = 'city'"
			       " AND entity_key = '330702'"), 1);
	sqlite3_close(db);
}
END_TEST

Suite *targets_suite(void)
{
	Suite *s = suite_create("targets");
	TCase *pure = tcase_create("progress");
	TCase *db = tcase_create("load");

	tcase_add_test(pure, progress_inside_year);
	tcase_add_test(pure, progress_last_day);
	tcase_add_test(pure, progress_after_period);
	tcase_add_test(pure, progress_leap_year);
	tcase_add_test(pure, progress_half_up);
	tcase_add_test(pure, progress_cumulative);
	tcase_add_test(pure, progress_not_started);
	tcase_add_test(pure, progress_no_target);
	tcase_add_test(pure, progress_zero_target_and_errors);
	suite_add_tcase(s, pure);
	tcase_add_test(db, metric_rollup_two_children);
	tcase_add_test(db, metric_by_month);
	tcase_add_test(db, progress_parent_target);
	tcase_add_test(db, rows_order_and_year_filter);
	tcase_add_test(db, rows_default_as_of);
	tcase_add_test(db, city_add_rules);
	suite_add_tcase(s, db);
	return s;
}
