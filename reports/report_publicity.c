/*
 * report_publicity.c — `pledger report publicity`: the 公示 list
 * (拟补助企业名单公示, reports.md "report publicity") of the run of (city,
 * year): 序号, 企业名称, 补助项目, 拟补助金额 for every payee, a 合计 row,
 * the 公示 period and the office's line for objections (cycle.md §1, §4).
 * It is posted in public: no tax figures, no bar reasons, no USCC.
 */
#include <stdio.h>
#include <string.h>

#include "ledger/account.h"
#include "ledger/db.h"
#include "ledger/settings.h"
#include "reports/report.h"
#include "reports/reports_int.h"
#include "reports/xlsxfmt.h"

/* "公示期：2025年3月3日至2025年3月9日" when the run's period is recorded
 * (subsidy publish), else the line with blanks to fill in by hand. */
static int publicity_period(sqlite3 *db, int64_t run_id, char *buf, size_t sz,
			    struct ldg_err *err)
{
	static const char sql[] =
		"SELECT p.date_from, p.date_to FROM subsidy_runs r"
		" JOIN run_publicity p ON p.id = r.publicity_id WHERE r.id = ?1";
	sqlite3_stmt *st = NULL;
	int rc, y1, m1, d1, y2, m2, d2;

	snprintf(buf, sz, "公示期：＿＿＿＿年＿＿月＿＿日至＿＿＿＿年＿＿月＿＿日");
	if ((rc = ldg_db_prepare(db, sql, &st, err)))
		return rc;
	sqlite3_bind_int64(st, 1, run_id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW
	    && sscanf((const char *)sqlite3_column_text(st, 0), "%d-%d-%d", &y1, &m1, &d1) == 3
	    && sscanf((const char *)sqlite3_column_text(st, 1), "%d-%d-%d", &y2, &m2, &d2) == 3)
		snprintf(buf, sz, "公示期：%d年%d月%d日至%d年%d月%d日", y1, m1, d1, y2, m2, d2);
	rc = rc == SQLITE_ROW || rc == SQLITE_DONE ? 0
		: ldg_db_error(db, "cannot read the run's publicity", err);
	sqlite3_finalize(st);
	return rc;
}

int rpt_publicity_write(sqlite3 *db, const struct rpt_opts *o, const char *path,
			struct ldg_err *err)
{
	static const struct rpt_col cols[] = {
		{ "序号", RPT_SEQ, 0, NULL },
		{ "企业名称", RPT_TEXT, 0, NULL },
		{ "补助项目", RPT_TEXT, 0, NULL },
		{ "拟补助金额", RPT_AMOUNT, 1, NULL },
	};
	static const int widths[] = { 5, 30, 22, 15 };
	static const char sql[] =
		"SELECT enterprise, interest_patent_fen + interest_trademark_fen + interest_copyright_fen,"
		" premium_fen, carried_in_fen, payable_fen FROM run_rows"
		" WHERE run_id = ?1 AND payable_fen > 0 ORDER BY enterprise, uscc";
	struct rpt_book b;
	struct rpt_run run;
	struct rpt_table t;
	sqlite3_stmt *st = NULL;
	char title[256], left[256], right[128], what[128], line[1024], contact[256], period[128];
	int rc, step = SQLITE_DONE;
	int64_t seq = 0;

	if ((rc = rpt_run_load(db, o->city, o->year, &run, err)))
		return rc;
	snprintf(title, sizeof title, "%s%d年度知识产权质押贷款贴息及专利保险保费补助拟补助企业名单公示%s",
		 run.city_name, o->year, run.draft ? "（草稿）" : "");
	if ((rc = rpt_book_open(&b, path, 0, o->max_rows, title, run.city_name, err)))
		goto out;
	snprintf(left, sizeof left, "地区：%s　　补助年度：%d年度", run.city_name, o->year);
	snprintf(right, sizeof right, "单位：元%s", run.draft ? "　　" RPT_DRAFT_MARK : "");
	if (ldg_setting_get(db, o->city, "publicity_contact", contact, sizeof contact, &b.err))
		rpt_book_fail(&b, b.err.code);
	if (!b.rc && publicity_period(db, run.id, period, sizeof period, &b.err))
		rpt_book_fail(&b, b.err.code);
	if (!b.rc && ldg_db_prepare(db, sql, &st, &b.err))
		rpt_book_fail(&b, b.err.code);
	if (b.rc || rpt_table_begin_w(&t, &b, "公示名单", cols, 4, title, left, right, widths, 2))
		goto close;
	if (run.draft)
		rpt_book_lxw(&b, worksheet_set_header(t.ws, "&C&\"SimSun,Bold\"&14" RPT_DRAFT_MARK),
			     "header");
	sqlite3_bind_int64(st, 1, run.id);
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		int interest = sqlite3_column_int64(st, 1) > 0, premium = sqlite3_column_int64(st, 2) > 0;
		int carried = sqlite3_column_int64(st, 3) > 0;

		snprintf(what, sizeof what, "%s%s%s%s%s", interest ? "贷款贴息" : "",
			 interest && premium ? "、" : "", premium ? "专利保险保费补助" : "",
			 carried && (interest || premium) ? "、" : "", carried ? "以前年度结转" : "");
		rpt_row_begin(&t);
		rpt_cell_int(&t, 0, ++seq);
		rpt_cell_text(&t, 1, (const char *)sqlite3_column_text(st, 0));
		rpt_cell_text(&t, 2, what);
		rpt_cell_fen(&t, 3, sqlite3_column_int64(st, 4));
		if (rpt_row_end(&t))
			break;
	}
	if (!b.rc && step != SQLITE_DONE && step != SQLITE_ROW)
		rpt_book_fail(&b, ldg_db_error(db, "cannot read the run's rows", &b.err));
	rpt_table_total(&t, "合计", NULL);
	rpt_table_line(&t, "", NULL);
	rpt_table_line(&t, period, NULL);
	snprintf(line, sizeof line, "公示期内，对名单有异议的，请向%s反映%s%s。",
		 run.office[0] ? run.office : "本单位", contact[0] ? "，联系方式：" : "", contact);
	rpt_table_line(&t, line, b.f.note);
	if (run.draft) {
		rpt_table_line(&t, RPT_DRAFT_MARK, b.f.draft);
	} else {
		rpt_table_line(&t, run.office[0] ? run.office : "", NULL);
		rpt_table_line(&t, run.final_cn, NULL);
	}
	rpt_table_end(&t);
close:
	sqlite3_finalize(st);
	rc = rpt_book_close(&b, err);
out:
	rpt_run_release(&run);
	return rc;
}
