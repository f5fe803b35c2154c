/*
 * report_ledger.c — `pledger report ledger` (reports.md "report ledger"):
 * every loan and every policy, one row each with all recorded fields, the
 * sheets a clerk filters and searches.
 *
 * This is the workbook that can hold a million rows, so it is written in
 * libxlsxwriter's constant-memory mode: rows strictly in order, one row in
 * memory at a time.  The title and the line under it are single-row merges
 * written before any later row (libxlsxwriter keeps those); the header is
 * one row, with no vertical merges (docs/decisions.md, Reports).
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "ledger/lang.h"
#include "ledger/date.h"
#include "ledger/db.h"
#include "reports/report.h"
#include "reports/reports_int.h"
#include "reports/xlsxfmt.h"

/* Amounts in 元; the PBoC workbook shows them in 万元 (RPT_WAN). */
static const struct rpt_col loan_cols[] = {
	{ "序号", RPT_SEQ, 0, NULL },
	{ "所属地区", RPT_TEXT, 0, NULL },
	{ "经办银行", RPT_TEXT, 0, NULL },
	{ "合同编号", RPT_IDENT, 0, NULL },
	{ "企业名称", RPT_TEXT, 0, NULL },
	{ "统一社会信用代码", RPT_IDENT, 0, NULL },
	{ "质押权利", RPT_IDENT, 0, NULL },
	{ "质押类型", RPT_CENTER, 0, NULL },
	{ "评估价值", RPT_AMOUNT, 0, NULL },
	{ "贷款本金", RPT_AMOUNT, 1, NULL },
	{ "组合贷款", RPT_CENTER, 0, NULL },
	{ "知识产权部分", RPT_AMOUNT, 1, NULL },
	{ "执行利率(%)", RPT_PCT, 0, NULL },
	{ "起始日", RPT_DATE, 0, NULL },
	{ "到期日", RPT_DATE, 0, NULL },
	{ "结清日", RPT_DATE, 0, NULL },
	{ "逾期", RPT_CENTER, 0, NULL },
	{ "已付利息", RPT_AMOUNT, 1, NULL },
	{ "登记编号", RPT_IDENT, 0, NULL },
	{ "登记日期", RPT_DATE, 0, NULL },
	{ "授信额度", RPT_AMOUNT, 0, NULL },
	{ "导入批次", RPT_SEQ, 0, NULL },
	{ "贴息年度", RPT_TEXT, 0, NULL },
	{ "核定贴息", RPT_AMOUNT, 1, NULL },
	{ "补助计算", RPT_TEXT, 0, NULL },
};
#define NLOAN ((int)(sizeof loan_cols / sizeof loan_cols[0]))
/* The PBoC's 贷款明细 ends before 导入批次: the recorded fields only. */
#define NLOAN_FIELDS 21

static const struct rpt_col policy_cols[] = {
	{ "序号", RPT_SEQ, 0, NULL },
	{ "所属地区", RPT_TEXT, 0, NULL },
	{ "保险机构", RPT_TEXT, 0, NULL },
	{ "保单号", RPT_IDENT, 0, NULL },
	{ "企业名称", RPT_TEXT, 0, NULL },
	{ "统一社会信用代码", RPT_IDENT, 0, NULL },
	{ "保险产品", RPT_TEXT, 0, NULL },
	{ "承保知识产权", RPT_IDENT, 0, NULL },
	{ "保费", RPT_AMOUNT, 1, NULL },
	{ "缴费日期", RPT_DATE, 0, NULL },
	{ "保险起期", RPT_DATE, 0, NULL },
	{ "保险止期", RPT_DATE, 0, NULL },
	{ "保险金额", RPT_AMOUNT, 1, NULL },
	{ "导入批次", RPT_SEQ, 0, NULL },
};
#define NPOLICY ((int)(sizeof policy_cols / sizeof policy_cols[0]))

/* Column i of st as text, or NULL when it is NULL. */
static const char *col_text(sqlite3_stmt *st, int i)
{
	return (const char *)sqlite3_column_text(st, i);
}

/*
 * The rows a count query with the filter's parameters gives, or -1 with
 * the error recorded in the book.
 */
static long count_rows(sqlite3 *db, const char *sql, const char *city, int32_t from_day,
		       int32_t to_day, struct rpt_book *b)
{
	sqlite3_stmt *st = NULL;
	long n = -1;

	if (ldg_db_prepare(db, sql, &st, &b->err)) {
		rpt_book_fail(b, b->err.code);
		return -1;
	}
	rpt_bind_filter(st, city, from_day, to_day);
	if (sqlite3_step(st) == SQLITE_ROW)
		n = (long)sqlite3_column_int64(st, 0);
	else
		rpt_book_fail(b, ldg_db_error(db, "cannot count rows", &b->err));
	sqlite3_finalize(st);
	return n;
}

int rpt_loans_sheet(sqlite3 *db, struct rpt_book *b, const char *name,
		    const char *city, int32_t from_day, int32_t to_day, int wan,
		    const char *title, const char *left, const char *right)
{
	/* +l.start_date: scan in id order rather than sort a million rows. */
	static const char sql[] = RPT_CITY_CTE
		"SELECT l.id, c.name, k.name, l.contract_no, e.name, l.uscc, l.principal_fen,"
		" l.combined, l.ip_portion_fen, l.rate_ppm, l.start_date, l.maturity_date,"
		" l.settle_date, l.overdue, l.interest_paid_fen, l.registration_no,"
		" l.registration_date, l.credit_line_fen, l.batch_id, s.years, s.subsidy, s.runs"
		" FROM loans l JOIN banks k ON k.id = l.bank_id"
		" JOIN enterprises e ON e.uscc = l.uscc JOIN cities c ON c.code = e.city"
		/* each loan's subsidy years, amounts and runs (reports.md "report ledger") */
		" LEFT JOIN (SELECT ri.item_id, group_concat(r.year || '年度', '、') AS years,"
		"  sum(ri.subsidy_fen) AS subsidy,"
		"  group_concat(rc.name || r.year || '年度（' || CASE COALESCE(r.stage, r.status) WHEN 'draft' THEN '草稿'"
		"  WHEN 'finalized' THEN '已定稿' WHEN 'publicized' THEN '已公示' WHEN 'paid' THEN '已拨付'"
		"  ELSE COALESCE(r.stage, r.status) END || '）', '、') AS runs"
		"  FROM run_items ri JOIN subsidy_runs r ON r.id = ri.run_id JOIN cities rc ON rc.code = r.city"
		"  WHERE ri.item_type = 'loan' GROUP BY ri.item_id) s ON s.item_id = l.id"
		" WHERE (?1 IS NULL OR e.city IN (SELECT code FROM sub))"
		" AND +l.start_date >= ?2 AND +l.start_date <= ?3"
		" ORDER BY l.id";
	static const char count_sql[] = RPT_CITY_CTE
		"SELECT count(*) FROM loans l JOIN enterprises e ON e.uscc = l.uscc"
		" WHERE (?1 IS NULL OR e.city IN (SELECT code FROM sub))"
		" AND +l.start_date >= ?2 AND +l.start_date <= ?3";
	static const char rights_sql[] =
		"SELECT loan_id, right_no, kind, value_fen FROM loan_rights ORDER BY loan_id, seq";
	sqlite3_stmt *st = NULL, *rs = NULL;
	struct rpt_rights r = { 0 };
	struct rpt_col cols[NLOAN];   /* loan_cols, in 万元 when wan */
	struct rpt_table t;
	int rc = 0, step, i;
	int64_t n = 0;
	long nrows;

	memcpy(cols, loan_cols, sizeof cols);
	for (i = 0; wan && i < NLOAN; i++)
		if (cols[i].kind == RPT_AMOUNT)
			cols[i].kind = RPT_WAN;
	if ((nrows = count_rows(db, count_sql, city, from_day, to_day, b)) < 0)
		return b->rc;
	if (ldg_db_prepare(db, sql, &st, &b->err) || ldg_db_prepare(db, rights_sql, &rs, &b->err)) {
		sqlite3_finalize(rs);
		rc = rpt_book_fail(b, b->err.code);
		goto out;
	}
	rpt_bind_filter(st, city, from_day, to_day);
	if (rpt_rights_start(&r, db, rs, &b->err)) {
		rc = rpt_book_fail(b, b->err.code);
		goto out;
	}
	/* the PBoC's sheet (wan): 万元 as shown, no internal batch numbers */
	if ((rc = rpt_table_begin_n(&t, b, name, cols, wan ? NLOAN_FIELDS : NLOAN,
				     title, left, right, nrows))) {
		rpt_table_end(&t);
		goto out;
	}
	if (wan)
		rpt_table_round_wan(&t);
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		if (rpt_rights_collect(&r, db, sqlite3_column_int64(st, 0), &b->err)) {
			rpt_book_fail(b, b->err.code);
			break;
		}
		rpt_row_begin(&t);
		rpt_cell_int(&t, 0, ++n);
		rpt_cell_text(&t, 1, col_text(st, 1));
		rpt_cell_text(&t, 2, col_text(st, 2));
		rpt_cell_text(&t, 3, col_text(st, 3));
		rpt_cell_text(&t, 4, col_text(st, 4));
		rpt_cell_text(&t, 5, col_text(st, 5));
		rpt_cell_text(&t, 6, r.text.s);
		rpt_cell_text(&t, 7, rpt_kind_text(r.mask));
		if (r.valued)
			rpt_cell_fen(&t, 8, r.value_fen);
		else
			rpt_cell_blank(&t, 8);
		rpt_cell_fen(&t, 9, sqlite3_column_int64(st, 6));
		rpt_cell_text(&t, 10, rpt_yes_no(sqlite3_column_int64(st, 7)));
		rpt_col_fen(&t, 11, st, 8);
		rpt_col_ppm(&t, 12, st, 9);
		rpt_cell_iso(&t, 13, col_text(st, 10));
		rpt_cell_iso(&t, 14, col_text(st, 11));
		rpt_cell_iso(&t, 15, col_text(st, 12));
		rpt_cell_text(&t, 16, rpt_yes_no(sqlite3_column_int64(st, 13)));
		rpt_col_fen(&t, 17, st, 14);
		rpt_cell_text(&t, 18, col_text(st, 15));
		rpt_cell_iso(&t, 19, col_text(st, 16));
		rpt_col_fen(&t, 20, st, 17);
		if (!wan) {
			rpt_col_int(&t, 21, st, 18);
			rpt_cell_text(&t, 22, col_text(st, 19));
			rpt_col_fen(&t, 23, st, 20);
			rpt_cell_text(&t, 24, col_text(st, 21));
		}
		if (rpt_row_end(&t))
			break;
	}
	if (!b->rc && step != SQLITE_ROW && step != SQLITE_DONE)
		rpt_book_fail(b, ldg_db_error(db, "cannot read loans", &b->err));
	rpt_table_total(&t, "合计", NULL);
	rc = rpt_table_end(&t);
out:
	rpt_rights_release(&r);
	sqlite3_finalize(st);
	return rc ? rc : b->rc;
}

/* The policies sheet: every policy of the filter (paid date) in id order. */
static int write_policies(sqlite3 *db, const struct rpt_opts *o, struct rpt_book *b,
			  const char *title, const char *left, const char *right)
{
	static const char sql[] = RPT_CITY_CTE
		"SELECT p.id, c.name, i.name, p.policy_no, e.name, p.uscc, p.product,"
		" p.insured_rights, p.premium_fen, p.paid_date, p.start_date, p.end_date,"
		" p.coverage_fen, p.batch_id"
		" FROM policies p JOIN insurers i ON i.id = p.insurer_id"
		" JOIN enterprises e ON e.uscc = p.uscc JOIN cities c ON c.code = e.city"
		" WHERE (?1 IS NULL OR e.city IN (SELECT code FROM sub))"
		" AND +p.paid_date >= ?2 AND +p.paid_date <= ?3"
		" ORDER BY p.id";
	static const char count_sql[] = RPT_CITY_CTE
		"SELECT count(*) FROM policies p JOIN enterprises e ON e.uscc = p.uscc"
		" WHERE (?1 IS NULL OR e.city IN (SELECT code FROM sub))"
		" AND +p.paid_date >= ?2 AND +p.paid_date <= ?3";
	sqlite3_stmt *st = NULL;
	struct rpt_buf rights = { 0 };
	struct rpt_table t;
	int rc, step;
	int64_t n = 0;
	long nrows;

	if ((nrows = count_rows(db, count_sql, o->city, o->from_day, o->to_day, b)) < 0)
		return b->rc;
	if (ldg_db_prepare(db, sql, &st, &b->err))
		return rpt_book_fail(b, b->err.code);
	rpt_bind_filter(st, o->city, o->from_day, o->to_day);
	if ((rc = rpt_table_begin_n(&t, b, "保单明细", policy_cols, NPOLICY, title, left, right,
				     nrows))) {
		rpt_table_end(&t);
		goto out;
	}
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		const char *ir = col_text(st, 7);

		/* insured_rights is "a;b;c" (schema.sql): shown joined by "、". */
		rpt_buf_clear(&rights);
		for (; ir && *ir; ir++) {
			char ch[2] = { *ir, '\0' };

			if (rpt_buf_add(&rights, *ir == ';' ? "、" : ch)) {
				rpt_book_fail(b, ldg_err_set(&b->err, LDG_ENOMEM, _("out of memory")));
				break;
			}
		}
		rpt_row_begin(&t);
		rpt_cell_int(&t, 0, ++n);
		rpt_cell_text(&t, 1, col_text(st, 1));
		rpt_cell_text(&t, 2, col_text(st, 2));
		rpt_cell_text(&t, 3, col_text(st, 3));
		rpt_cell_text(&t, 4, col_text(st, 4));
		rpt_cell_text(&t, 5, col_text(st, 5));
		rpt_cell_text(&t, 6, col_text(st, 6));
		rpt_cell_text(&t, 7, rights.s);
		rpt_cell_fen(&t, 8, sqlite3_column_int64(st, 8));
		rpt_cell_iso(&t, 9, col_text(st, 9));
		rpt_cell_iso(&t, 10, col_text(st, 10));
		rpt_cell_iso(&t, 11, col_text(st, 11));
		rpt_col_fen(&t, 12, st, 12);
		rpt_col_int(&t, 13, st, 13);
		if (rpt_row_end(&t))
			break;
	}
	if (!b->rc && step != SQLITE_ROW && step != SQLITE_DONE)
		rpt_book_fail(b, ldg_db_error(db, "cannot read policies", &b->err));
	rpt_table_total(&t, "合计", NULL);
	rc = rpt_table_end(&t);
out:
	rpt_buf_release(&rights);
	sqlite3_finalize(st);
	return rc ? rc : b->rc;
}

int rpt_ledger_write(sqlite3 *db, const struct rpt_opts *o, const char *path,
		     struct ldg_err *err)
{
	char city[128] = "全部地区", title[256], left[512], right[128];
	char from[LDG_DATE_BUFSZ], to[LDG_DATE_BUFSZ];
	struct rpt_book b;
	int rc;

	if (o->city && (rc = rpt_city_name(db, o->city, city, sizeof city, err)))
		return rc;
	snprintf(title, sizeof title, "%s知识产权质押贷款及专利保险台账", city);
	/* company: the city, or 全部地区 for a ledger of every city */
	if (rpt_book_open(&b, path, 1, o->max_rows, title, city, err))
		return err ? err->code : LDG_EIO;
	if (o->from_day == INT32_MIN && o->to_day == INT32_MAX)
		snprintf(left, sizeof left, "地区：%s　　期间：全部", city);
	else
		snprintf(left, sizeof left, "地区：%s　　期间：%s 至 %s（贷款按起始日、保单按缴费日期）",
			 city, o->from_day == INT32_MIN ? "最早" : ldg_date_format(o->from_day, from),
			 o->to_day == INT32_MAX ? "最新" : ldg_date_format(o->to_day, to));
	snprintf(right, sizeof right, "单位：元　　制表日期：%s", b.made_date);
	/* One read transaction: the counts and the rows come from one snapshot. */
	if (ldg_db_exec(db, "BEGIN", &b.err) != 0)
		rpt_book_fail(&b, b.err.code);
	else if (rpt_loans_sheet(db, &b, "贷款明细", o->city, o->from_day, o->to_day, 0,
				 title, left, right) == 0)
		write_policies(db, o, &b, title, left, right);
	if (sqlite3_get_autocommit(db) == 0)
		ldg_db_exec(db, "COMMIT", NULL);
	return rpt_book_close(&b, err);
}
