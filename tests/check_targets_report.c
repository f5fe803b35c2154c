/*
 * check_targets_report.c — reports.md "report targets": rpt_targets_write()
 * on a small database, read back with /usr/bin/python3 + openpyxl: the two
 * sheets, the figures as numbers (亿元, percentages), the status texts and
 * their conditional colours, the cumulative months, and the line chart.
 */
#include <check.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ledger/date.h"
#include "ledger/db.h"
#include "ledger/targets.h"
#include "reports/report.h"
#include "tests/testutil.h"

/*
 * 金华市 has two children, 东阳市 and 婺城区 (added):
 *   L1 东阳  1 000 000.00, start 2024-03-01, reg 2024-02-20
 *   L2 婺城    500 000.00, start 2024-07-15, no registration
 *   L3 东阳    200 000.00, start 2023-12-31, reg 2024-01-02
 * Targets added for the test: 金华市 financing 2024 2 000 000.00, 东阳市
 * registered 2024 1 000 000.00; seed: 乐清市 registered 2024 12 亿元 and
 * credit 2022-2024 30 亿元.
 */
static sqlite3 *report_db(void)
{
	static const char sql[] =
		"INSERT INTO banks (id, name) VALUES (1, 'bank');"
		"INSERT INTO enterprises (uscc, name, city) VALUES"
		" ('91330783000000001A', 'E1', '330783'),"
		" ('91330702000000002B', 'E2', '330702');"
		"INSERT INTO loans (bank_id, contract_no, uscc, principal_fen, start_date,"
		" maturity_date, registration_date) VALUES"
		" (1, 'L1', '91330783000000001A', 100000000, '2024-03-01', '2025-02-28', '2024-02-20'),"
		" (1, 'L2', '91330702000000002B',  50000000, '2024-07-15', '2025-07-14', NULL),"
		" (1, 'L3', '91330783000000001A',  20000000, '2023-12-31', '2024-12-30', '2024-01-02');"
		"INSERT INTO targets (city, metric, year_from, year_to, target_fen, source) VALUES"
		" ('330700', 'financing', 2024, 2024, 200000000, 'test A'),"
		" ('330783', 'registered', 2024, 2024, 100000000, 'test B');";
	struct ldg_err err = { 0 };
	sqlite3 *db = tu_fresh_db();

	ck_assert_msg(ldg_city_add(db, "330702", "婺城区", "330700", &err) == 0, "%s", err.msg);
	ck_assert_int_eq(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK);
	return db;
}

/*
 * The read-back.  Expected figures, as of 2024-07-15 (day 197 of 366):
 *  金华市 financing 2024: actual L1 + L2 = 1 500 000.00 = 0.015 亿元;
 *    progress 75.0 % → 0.75; projected hu(150 000 000 × 366 / 197) =
 *    278 680 203 fen = 0.0278680203 亿元 → on_track 进度正常;
 *    time hu(197 000 / 366) = 538 → 0.538.
 *  东阳市 registered 2024: L1 + L3 = 1 200 000.00 >= 1 000 000.00 → 已完成.
 *  乐清市 registered 2024: 0 of 12 亿元 → 进度滞后.
 *  浙江省 financing 2024: no target → 无量化目标, target and progress blank.
 * 月度累计, 金华市 financing: Jan, Feb 0; Mar–Jun 0.01 (L1); Jul 0.015 (L2
 *    started on the as-of day); Aug–Dec blank (after the as-of day).
 * The chart: 4 targets contain 2024 (金华 financing, 东阳 registered,
 *    乐清 registered, 乐清 credit) → 8 series (actual and target each).
 */
static const char pycheck[] =
	"import sys, openpyxl\n"
	"wb = openpyxl.load_workbook(sys.argv[1])\n"
	"assert wb.sheetnames == ['目标进度', '月度累计'], wb.sheetnames\n"
	"ws = wb['目标进度']\n"
	"rows = {}\n"
	"for r in ws.iter_rows(min_row=1):\n"
	"    v = [c.value for c in r]\n"
	"    if len(v) > 9 and v[1] and str(v[1]).isdigit():\n"
	"        rows[(v[0], v[2], v[3])] = (v, r)\n"
	"v, r = rows[('金华市', '质押融资金额', '2024')]\n"
	"assert abs(v[4] - 0.02) < 1e-12 and abs(v[5] - 0.015) < 1e-12, v\n"
	"assert abs(v[6] - 0.75) < 1e-12 and abs(v[7] - 0.538) < 1e-12, v\n"
	"assert abs(v[8] - 0.0278680203) < 1e-12 and v[9] == '进度正常', v\n"
	"assert r[5].number_format == '#,##0.00' and r[6].number_format == '0.0%', r[6].number_format\n"
	"assert isinstance(v[5], float) and r[5].data_type == 'n'\n"
	"assert rows[('东阳市', '质押登记额', '2024')][0][9] == '已完成'\n"
	"assert rows[('乐清市', '质押登记额', '2024')][0][9] == '进度滞后'\n"
	"z = rows[('浙江省', '质押融资金额', '2024')][0]\n"
	"assert z[9] == '无量化目标' and z[4] is None and z[6] is None, z\n"
	"assert ('乐清市', '质押融资授信额', '2022-2024') in rows\n"
	"assert len(rows) == 30, len(rows)\n"
	"texts = {}\n"
	"for rng in ws.conditional_formatting:\n"
	"    for rule in rng.rules:\n"
	"        fill = rule.dxf.fill.fgColor.rgb if rule.dxf.fill.fgColor is not None else None\n"
	"        if fill in (None, '00000000'): fill = rule.dxf.fill.bgColor.rgb\n"
	"        texts[rule.text] = (str(rng.sqref), fill)\n"
	"for t in ('已完成', '进度正常', '进度滞后', '未完成', '无量化目标', '未开始'):\n"
	"    assert t in texts, (t, texts)\n"
	"    assert texts[t][0].startswith('J'), texts[t]\n"
	"assert texts['已完成'][1].endswith('C6EFCE'), texts\n"
	"assert texts['进度滞后'][1].endswith('FFC7CE'), texts\n"
	"ms = wb['月度累计']\n"
	"for r in ms.iter_rows(min_row=1, values_only=True):\n"
	"    if r[0] == '金华市' and r[1] == '质押融资金额':\n"
	"        m = r[4:16]\n"
	"        assert m[0] == 0 and m[1] == 0, m\n"
	"        assert all(abs(x - 0.01) < 1e-12 for x in m[2:6]), m\n"
	"        assert abs(m[6] - 0.015) < 1e-12, m\n"
	"        assert all(x is None for x in m[7:]), m\n"
	"        break\n"
	"else:\n"
	"    raise AssertionError('no 金华市 row')\n"
	"assert len(ms._charts) == 1, ms._charts\n"
	"ch = ms._charts[0]\n"
	"assert ch.tagname == 'lineChart', ch.tagname\n"
	"assert len(ch.series) == 8, len(ch.series)\n"
	"refs = [s.val.numRef.f for s in ch.series]\n"
	"assert all('月度累计' in f for f in refs), refs\n";

START_TEST(report_targets_read_back)
{
	sqlite3 *db = report_db();
	struct rpt_opts o;
	struct ldg_err err = { 0 };
	char *xlsx = tu_tmpfile("targets.xlsx");
	char *py = tu_tmpfile("check.py");
	char cmd[2048];

	ck_assert_ptr_nonnull(xlsx);
	ck_assert_ptr_nonnull(py);
	memset(&o, 0, sizeof(o));
	o.year = 2024;
	o.as_of_day = ldg_date_from_ymd(2024, 7, 15);
	ck_assert_msg(rpt_targets_write(db, &o, xlsx, &err) == 0, "%s", err.msg);
	ck_assert_int_eq(tu_write(py, pycheck, strlen(pycheck)), 0);
	snprintf(cmd, sizeof(cmd), "/usr/bin/python3 '%s' '%s'", py, xlsx);
	ck_assert_int_eq(system(cmd), 0);
	free(xlsx);
	free(py);
	sqlite3_close(db);
}
END_TEST

/* A missing year is refused; a directory that does not exist
 * is an I/O error and leaves nothing behind. */
START_TEST(report_targets_errors)
{
	sqlite3 *db = report_db();
	struct rpt_opts o;
	struct ldg_err err = { 0 };

	memset(&o, 0, sizeof(o));
	o.as_of_day = INT32_MIN;
	ck_assert_int_eq(rpt_targets_write(db, &o, "/tmp/x.xlsx", &err), LDG_EUSAGE);
	ldg_err_clear(&err);
	o.year = 2024;
	ck_assert_int_eq(rpt_targets_write(db, &o, "/nonexistent-dir/t.xlsx", &err), LDG_EIO);
	sqlite3_close(db);
}
END_TEST

Suite *targets_report_suite(void)
{
	Suite *s = suite_create("targets_report");
	TCase *tc = tcase_create("workbook");

	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, report_targets_read_back);
	tcase_add_test(tc, report_targets_errors);
	suite_add_tcase(s, tc);
	return s;
}
