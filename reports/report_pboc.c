/*
 * report_pboc.c — `pledger report pboc`: the People's Bank branch
 * statistics (人民银行报送表, reports.md "report pboc"), amounts in 万元.
 *
 * Sheet 按银行汇总: one row per bank with new loans in the period or a
 * balance at its end; "new" is a start date in the period; the balance at
 * the end is the principal of loans started on or before the end and not
 * settled by it (settled on the last day counts as settled).  The city
 * includes the cities under it (cities.parent).  Sheet 贷款明细: every loan
 * started in the period (report_ledger.c's loan sheet in 万元).
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "ledger/account.h"
#include "ledger/date.h"
#include "ledger/db.h"
#include "ledger/settings.h"
#include "reports/report.h"
#include "reports/reports_int.h"
#include "reports/xlsxfmt.h"

enum {
	P_SEQ, P_BANK, P_NEW_N, P_NEW_FEN, P_PATENT, P_TRADEMARK, P_COPYRIGHT, P_MIXED,
	P_IP_PART, P_SMALL, P_FIRMS, P_YTD, P_BAL_FEN, P_BAL_N, P_N
};

/* A4 landscape at 10 pt or more (reports.md "Printed legibility"). */
static const int bank_widths[P_N] = { 4, 9, 4, 10, 10, 10, 10, 10, 10, 10, 4, 10, 10, 4 };

/* 单户1000万元及以下: a credit line (or, without one, a principal) up to this. */
#define SMALL_FEN 1000000000LL

static const struct rpt_col bank_cols[P_N] = {
	{ "序号", RPT_SEQ, 0, NULL },
	{ "银行名称", RPT_TEXT, 0, NULL },
	{ "新发放笔数", RPT_INT, 1, "本期新发放" },
	{ "新发放金额", RPT_WAN, 1, "本期新发放" },
	{ "专利权", RPT_WAN, 1, "其中：按质押物分" },
	{ "商标权", RPT_WAN, 1, "其中：按质押物分" },
	{ "著作权", RPT_WAN, 1, "其中：按质押物分" },
	{ "混合质押", RPT_WAN, 1, "其中：按质押物分" },
	{ "组合贷款中知识产权部分", RPT_WAN, 1, NULL },
	{ "单户1000万元及以下（普惠）", RPT_WAN, 1, NULL },
	{ "惠及企业数", RPT_INT, 0, NULL },
	{ "本年累计发放金额", RPT_WAN, 1, NULL },
	{ "期末余额", RPT_WAN, 1, "期末" },
	{ "期末笔数", RPT_INT, 1, "期末" },
};

/*
 * Per bank, over the loans of the city's enterprises started by the end
 * (?3): new count and principal (start >= ?2), new principal by pledge
 * type (mask of the kinds of its rights: 1 patent, 2 trademark, 4
 * copyright, anything else with more than one bit mixed), the IP part of
 * new combined loans, distinct new borrowers, and the balance and count of
 * loans not settled by the end.
 */
static const char bank_sql[] = RPT_CITY_CTE
	", lk AS (SELECT l.bank_id, l.uscc, l.principal_fen, l.combined, l.ip_portion_fen,"
	"  l.start_date >= ?2 AS new, (l.settle_date IS NULL OR l.settle_date > ?3) AS open,"
	"  l.start_date >= ?4 AS ytd, coalesce(l.credit_line_fen, l.principal_fen) <= ?5 AS small,"
	"  (SELECT max(r.kind = 'patent') + 2 * max(r.kind = 'trademark') + 4 * max(r.kind = 'copyright')"
	"   FROM loan_rights r WHERE r.loan_id = l.id) AS mask"
	"  FROM loans l JOIN enterprises e ON e.uscc = l.uscc"
	"  WHERE e.city IN (SELECT code FROM sub) AND l.start_date <= ?3)"
	" SELECT k.name, sum(new), sum(CASE WHEN new THEN principal_fen ELSE 0 END),"
	"  sum(CASE WHEN new AND mask = 1 THEN principal_fen ELSE 0 END),"
	"  sum(CASE WHEN new AND mask = 2 THEN principal_fen ELSE 0 END),"
	"  sum(CASE WHEN new AND mask = 4 THEN principal_fen ELSE 0 END),"
	"  sum(CASE WHEN new AND mask IN (3, 5, 6, 7) THEN principal_fen ELSE 0 END),"
	"  sum(CASE WHEN new AND combined = 1 THEN coalesce(ip_portion_fen, 0) ELSE 0 END),"
	"  sum(CASE WHEN new AND small THEN principal_fen ELSE 0 END),"
	"  count(DISTINCT CASE WHEN new THEN uscc END),"
	"  sum(CASE WHEN ytd THEN principal_fen ELSE 0 END),"
	"  sum(CASE WHEN open THEN principal_fen ELSE 0 END), sum(open)"
	" FROM lk JOIN banks k ON k.id = lk.bank_id"
	" GROUP BY k.id HAVING sum(new) > 0 OR sum(open) > 0 OR sum(ytd) > 0"
	" ORDER BY k.name, k.id";

/* Distinct enterprises with a loan started in the period, over all banks. */
static const char firms_sql[] = RPT_CITY_CTE
	"SELECT count(DISTINCT l.uscc) FROM loans l JOIN enterprises e ON e.uscc = l.uscc"
	" WHERE e.city IN (SELECT code FROM sub) AND l.start_date >= ?2 AND l.start_date <= ?3";

/*
 * Sheet 按银行汇总 with its total row, the note on the enterprise count and
 * the form's signature block (reports.md "report pboc"); 万元 rounded as
 * shown (rpt_table_round_wan).
 */
static int write_banks(sqlite3 *db, struct rpt_book *b, const char *city, int32_t from,
		       int32_t to, const char *title, const char *left, const char *right)
{
	char ytd[LDG_DATE_BUFSZ], office[256], line[512];
	int y, m, d;
	struct rpt_table t;
	sqlite3_stmt *st = NULL, *fs = NULL;
	int step, c;
	int64_t seq = 0, firms = 0;

	if (ldg_db_prepare(db, bank_sql, &st, &b->err) || ldg_db_prepare(db, firms_sql, &fs, &b->err)) {
		rpt_book_fail(b, b->err.code);
		goto done;
	}
	rpt_bind_filter(st, city, from, to);
	/* 本年累计: from 1 January of the period's year to its end */
	ldg_date_to_ymd(to, &y, &m, &d);
	ldg_date_format(ldg_date_from_ymd(y, 1, 1), ytd);
	ldg_bind_text(st, 4, ytd);
	sqlite3_bind_int64(st, 5, SMALL_FEN);
	rpt_bind_filter(fs, city, from, to);
	if ((step = sqlite3_step(fs)) != SQLITE_ROW) {
		rpt_book_fail(b, ldg_db_error(db, "cannot count enterprises", &b->err));
		goto done;
	}
	firms = sqlite3_column_int64(fs, 0);
	if (ldg_setting_get(db, city, "office_name", office, sizeof office, &b->err)) {
		rpt_book_fail(b, b->err.code);
		goto done;
	}
	if (rpt_table_begin_w(&t, b, "按银行汇总", bank_cols, P_N, title, left, right, bank_widths, 1))
		goto out;
	rpt_table_round_wan(&t);
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		rpt_row_begin(&t);
		rpt_cell_int(&t, P_SEQ, ++seq);
		rpt_cell_text(&t, P_BANK, (const char *)sqlite3_column_text(st, 0));
		rpt_cell_int(&t, P_NEW_N, sqlite3_column_int64(st, 1));
		for (c = P_NEW_FEN; c <= P_SMALL; c++)
			rpt_cell_fen(&t, c, sqlite3_column_int64(st, c - 1));
		rpt_cell_int(&t, P_FIRMS, sqlite3_column_int64(st, 9));
		rpt_cell_fen(&t, P_YTD, sqlite3_column_int64(st, 10));
		rpt_cell_fen(&t, P_BAL_FEN, sqlite3_column_int64(st, 11));
		rpt_cell_int(&t, P_BAL_N, sqlite3_column_int64(st, 12));
		if (rpt_row_end(&t))
			break;
	}
	if (!b->rc && step != SQLITE_DONE && step != SQLITE_ROW)
		rpt_book_fail(b, ldg_db_error(db, "cannot read loans", &b->err));
	rpt_table_total(&t, "合计", NULL);
	/* An enterprise borrowing from two banks is one enterprise: not a sum. */
	rpt_table_put_int(&t, t.row - 1, P_FIRMS, firms, NULL);
	rpt_table_line(&t, "注：1. 新发放指起始日在本期内的贷款；本年累计指本年1月1日至期末发放的贷款；"
		       "期末余额、期末笔数指期末前发放且期末尚未结清的贷款。"
		       "2. 合计行的惠及企业数按企业去重计算，不等于各行之和。3. 混合质押指以两种及以上知识产权共同质押。"
		       "4. 单户1000万元及以下（普惠）指授信额度（未登记授信额度的按贷款金额）不超过1000万元的贷款。"
		       "5. 金额按四舍五入保留两位小数列示，合计为列示金额之和。", b->f.note);
	rpt_table_line(&t, "", NULL);
	snprintf(line, sizeof line, "填报单位（盖章）：%s　　　　单位负责人：＿＿＿＿＿＿　　　　填表人：＿＿＿＿＿＿",
		 office[0] ? office : "＿＿＿＿＿＿＿＿＿＿＿＿");
	if (!b->rc)
		rpt_book_lxw(b, worksheet_set_row(t.ws, t.row, 30, NULL), "row");
	rpt_table_line(&t, line, NULL);
	if (!b->rc)
		rpt_book_lxw(b, worksheet_set_row(t.ws, t.row, 30, NULL), "row");
	rpt_table_line(&t, "联系电话：＿＿＿＿＿＿＿＿　　　　报出日期：＿＿＿＿年＿＿月＿＿日", NULL);
out:
	rpt_table_end(&t);
done:
	sqlite3_finalize(st);
	sqlite3_finalize(fs);
	return b->rc;
}

int rpt_pboc_write(sqlite3 *db, const struct rpt_opts *o, const char *path,
		   struct ldg_err *err)
{
	char city[128], label[64], title[256], left[256], right[128];
	int32_t from, to;
	struct rpt_book b;
	int rc;

	if ((rc = rpt_period_parse(o->period, &from, &to, label, sizeof label, err)))
		return rc;
	if ((rc = rpt_city_name(db, o->city, city, sizeof city, err)))
		return rc;
	snprintf(title, sizeof title, "%s知识产权质押贷款情况统计表（%s）", city, label);
	if ((rc = rpt_book_open(&b, path, 0, o->max_rows, title, city, err)))
		return rc;
	snprintf(left, sizeof left, "填报地区：%s　　统计期间：%s", city, label);
	snprintf(right, sizeof right, "单位：万元、笔、户　　制表日期：%s", b.made_date);
	if (write_banks(db, &b, o->city, from, to, title, left, right) == 0) {
		snprintf(right, sizeof right, "单位：万元　　制表日期：%s", b.made_date);
		rpt_loans_sheet(db, &b, "贷款明细", o->city, from, to, 1, title, left, right);
	}
	return rpt_book_close(&b, err);
}
