/*
 * report_subsidy.c — `pledger report subsidy`: the year-end disbursement
 * list (补助资金兑付清单, reports.md "report subsidy") of the subsidy run
 * of (city, year), read from the run tables (schema.sql subsidy_runs,
 * run_rows, run_items) as the engine stored them.
 *
 * Sheets: 兑付清单 (the payees only, with their accounts, a 合计 row, the
 * payable total in capital numerals, the signature block as offices sign
 * it, dated the day the run was finalized; no tax figures), 审核底稿 (every
 * enterprise of the run and the balancing identity), 贴息明细, 保费补助明细,
 * 不予补助, 说明 — each titled for what it is.  A draft run says （草稿） in
 * every title and prints 草稿，不作兑付依据 on every sheet, in place of the
 * signatures on the list.  Sheets meant for paper have fixed column widths
 * that fit A4 at 100 % (reports.md "Printed legibility"); text wraps and
 * rows grow.  Written in normal (not constant-memory) mode: a city's year
 * is small, and the list has merged rows (docs/decisions.md, Reports).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ledger/lang.h"
#include "ledger/db.h"
#include "ledger/numerals.h"
#include "reports/report.h"
#include "reports/reports_int.h"
#include "reports/xlsxfmt.h"

/* What the sheets share. */
struct ctx {
	sqlite3 *db;
	struct rpt_book *b;
	const struct rpt_opts *o;
	const struct rpt_run *run;
	int64_t run_id;
	int year;
	const char *city;       /* 6-digit code */
	char title[256];        /* the workbook title, with （草稿） for a draft */
	char left[256];         /* 地区 and 年度 */
	char right[128];        /* 单位 and the run's date (never the print date) */
};

/* The title of a sheet: "<city><year>年度<what>", （草稿） for a draft. */
static const char *sheet_title(struct ctx *x, const char *what, char *buf, size_t sz)
{
	snprintf(buf, sz, "%s%d年度%s%s", x->run->city_name, x->year, what,
		 x->run->draft ? "（草稿）" : "");
	return buf;
}

/* Mark a draft's sheet: 草稿，不作兑付依据 in the page header of every page. */
static void mark_draft(struct ctx *x, lxw_worksheet *ws)
{
	if (x->run->draft && ws && !x->b->rc)
		rpt_book_lxw(x->b, worksheet_set_header(ws, "&C&\"SimSun,Bold\"&14"
			     RPT_DRAFT_MARK), "header");
}

/* 审核底稿: column indexes of the full layout (with the 著作权 column). */
enum {
	L_SEQ, L_NAME, L_USCC, L_PATENT, L_TRADEMARK, L_COPYRIGHT, L_PREMIUM, L_DUE,
	L_CARRIED_IN, L_CONTRIB, L_PAYABLE, L_CARRIED_OUT, L_FORFEITED, L_HELD, L_STATUS, L_N
};

static const struct rpt_col list_cols[L_N] = {
	{ "序号", RPT_SEQ, 0, NULL },
	{ "企业名称", RPT_TEXT, 0, NULL },
	{ "统一社会信用代码", RPT_IDENT, 0, NULL },
	{ "专利权质押贴息", RPT_AMOUNT, 1, NULL },
	{ "商标权质押贴息", RPT_AMOUNT, 1, NULL },
	{ "著作权质押贴息", RPT_AMOUNT, 1, NULL },
	{ "保费补助", RPT_AMOUNT, 1, NULL },
	{ "本年应补合计", RPT_AMOUNT, 1, NULL },
	{ "往年结转", RPT_AMOUNT, 1, NULL },
	{ "地方综合贡献额", RPT_AMOUNT, 0, NULL },
	{ "本年兑付", RPT_AMOUNT, 1, NULL },
	{ "结转以后年度", RPT_AMOUNT, 1, NULL },
	{ "逾期作废", RPT_AMOUNT, 1, NULL },
	{ "暂缓", RPT_AMOUNT, 1, NULL },
	{ "状态/备注", RPT_TEXT, 0, NULL },
};

/*
 * Widths of the 审核底稿 columns: fifteen columns of figures do not fit one
 * A4 width at 10 pt, so the sheet prints two pages wide with 序号 and
 * 企业名称 repeated (docs/decisions.md "Paper").
 */
static const int list_widths[L_N] = { 4, 14, 21, 14, 14, 14, 14, 14, 14, 14, 14, 14, 13, 13, 16 };

/* Record a database error in the book. */
static int db_fail(struct ctx *x, const char *what)
{
	return rpt_book_fail(x->b, ldg_db_error(x->db, what, &x->b->err));
}

/*
 * The contract or policy number in column i of st, or the run's own item
 * key in column key when the record is no longer there (i is NULL).
 */
static const char *item_no(sqlite3_stmt *st, int i, int key)
{
	return (const char *)sqlite3_column_text(st, sqlite3_column_type(st, i) == SQLITE_NULL
						 ? key : i);
}

/* The bar reason of uscc for the run's year into buf ("" when none). */
static void bar_reason(struct ctx *x, const char *uscc, char *buf, size_t sz)
{
	sqlite3_stmt *st = NULL;

	buf[0] = '\0';
	if (ldg_db_prepare(x->db, "SELECT reason FROM bars WHERE uscc = ?1 AND year = ?2",
			   &st, NULL))
		return;
	ldg_bind_text(st, 1, uscc);
	sqlite3_bind_int(st, 2, x->year);
	if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0))
		snprintf(buf, sz, "%s", (const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
}

/* The 状态/备注 text of a row of the list (rules.md §6 statuses). */
static void status_text(struct ctx *x, const char *status, const char *uscc,
			int64_t carried_out, int64_t forfeited, char *buf, size_t sz)
{
	char reason[256];

	if (strcmp(status, "blocked") == 0) {
		snprintf(buf, sz, "暂缓兑付：未录入地方综合贡献额");
	} else if (strcmp(status, "barred") == 0) {
		bar_reason(x, uscc, reason, sizeof reason);
		snprintf(buf, sz, "不予兑付：%s%s%s", rpt_reason_text("BARRED"),
			 *reason ? "（" : "", *reason ? reason : "");
		if (*reason)
			snprintf(buf + strlen(buf), sz - strlen(buf), "）");
	} else {
		snprintf(buf, sz, "正常%s%s", carried_out ? "；超出贡献额部分结转" : "",
			 forfeited ? "；逾期部分作废" : "");
	}
}

/*
 * Sheet 审核底稿: one row per enterprise of the run (as `subsidy show`), in
 * USCC order, every row balancing 往年结转 + 本年应补 = 本年兑付 + 结转以后年度
 * + 逾期作废 + 暂缓 (暂缓: what a blocked row of a draft holds back; rules.md
 * §6), the 合计 row.  copyright != 0 adds the 著作权 column.  Internal: it
 * holds the tax figure (地方综合贡献额) and is never handed over.
 */
static int write_audit(struct ctx *x, int copyright)
{
	static const char sql[] =
		"SELECT uscc, enterprise, interest_patent_fen, interest_trademark_fen,"
		" interest_copyright_fen, premium_fen, due_fen, carried_in_fen,"
		" contribution_fen, payable_fen, carried_out_fen, forfeited_fen, status"
		" FROM run_rows WHERE run_id = ?1 ORDER BY uscc";
	struct rpt_col cols[L_N];
	int map[L_N], widths[L_N];   /* full-layout index → column of this sheet */
	struct rpt_table t;
	sqlite3_stmt *st = NULL;
	char note[512], title[256];
	int i, n = 0, step, rc;
	int64_t seq = 0;

	for (i = 0; i < L_N; i++) {
		map[i] = -1;
		if (i == L_COPYRIGHT && !copyright)
			continue;
		map[i] = n;
		widths[n] = list_widths[i];
		cols[n++] = list_cols[i];
	}
	if (ldg_db_prepare(x->db, sql, &st, &x->b->err))
		return rpt_book_fail(x->b, x->b->err.code);
	sqlite3_bind_int64(st, 1, x->run_id);
	if (rpt_table_begin_w(&t, x->b, "审核底稿", cols, n,
			      sheet_title(x, "知识产权质押贷款贴息及专利保险保费补助审核底稿", title, sizeof title),
			      x->left, x->right, widths, 1))
		goto out;
	rpt_table_pages_wide(&t, 2);
	rpt_book_lxw(x->b, worksheet_repeat_columns(t.ws, 0, 1), "print titles");
	mark_draft(x, t.ws);
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		const char *uscc = (const char *)sqlite3_column_text(st, 0);
		const char *status = (const char *)sqlite3_column_text(st, 12);
		int blocked = strcmp(status, "blocked") == 0;
		int64_t due = sqlite3_column_int64(st, 6), in = sqlite3_column_int64(st, 7);

		rpt_row_begin(&t);
		rpt_cell_int(&t, map[L_SEQ], ++seq);
		rpt_cell_text(&t, map[L_NAME], (const char *)sqlite3_column_text(st, 1));
		rpt_cell_text(&t, map[L_USCC], uscc);
		rpt_cell_fen(&t, map[L_PATENT], sqlite3_column_int64(st, 2));
		rpt_cell_fen(&t, map[L_TRADEMARK], sqlite3_column_int64(st, 3));
		if (copyright)
			rpt_cell_fen(&t, map[L_COPYRIGHT], sqlite3_column_int64(st, 4));
		rpt_cell_fen(&t, map[L_PREMIUM], sqlite3_column_int64(st, 5));
		rpt_cell_fen(&t, map[L_DUE], due);
		rpt_cell_fen(&t, map[L_CARRIED_IN], in);
		rpt_col_fen(&t, map[L_CONTRIB], st, 8);
		rpt_cell_fen(&t, map[L_PAYABLE], sqlite3_column_int64(st, 9));
		rpt_cell_fen(&t, map[L_CARRIED_OUT], sqlite3_column_int64(st, 10));
		rpt_cell_fen(&t, map[L_FORFEITED], sqlite3_column_int64(st, 11));
		/* a blocked row moves nothing: all it holds waits (rules.md §6) */
		rpt_cell_fen(&t, map[L_HELD], blocked ? due + in : 0);
		status_text(x, status, uscc, sqlite3_column_int64(st, 10),
			    sqlite3_column_int64(st, 11), note, sizeof note);
		rpt_cell_text(&t, map[L_STATUS], note);
		if (rpt_row_end(&t))
			break;
	}
	if (!x->b->rc && step != SQLITE_DONE && step != SQLITE_ROW)
		db_fail(x, "cannot read the run's rows");
	rpt_table_total(&t, "合计", NULL);
	rpt_table_line(&t, "注：每行 往年结转 + 本年应补合计 = 本年兑付 + 结转以后年度 + 逾期作废 + 暂缓；"
		       "暂缓为尚未录入地方综合贡献额的企业暂不处理的金额。本表含涉税数据，仅供内部审核，不得对外提供。",
		       x->b->f.note);
out:
	rc = rpt_table_end(&t);
	sqlite3_finalize(st);
	return rc;
}

/*
 * Sheet 兑付清单 (reports.md): the payees only (本年兑付 > 0), ordered by
 * 企业名称, each with its account (import.md §2 accounts); a payee without
 * one gets （未登记账户） and a warning.  Then the 合计 row, the total in
 * capital numerals (domain.md §5) and the signature block dated the day the
 * run was finalized — or, for a draft, 草稿，不作兑付依据 in its place.
 * No tax figure appears on it.
 */
static int write_list(struct ctx *x)
{
	static const struct rpt_col cols[] = {
		{ "序号", RPT_SEQ, 0, NULL },
		{ "收款单位（户名）", RPT_TEXT, 0, NULL },
		{ "统一社会信用代码", RPT_IDENT, 0, NULL },
		{ "开户银行", RPT_TEXT, 0, NULL },
		{ "银行账号", RPT_TEXT, 0, NULL },
		{ "贴息", RPT_AMOUNT, 1, NULL },
		{ "保费补助", RPT_AMOUNT, 1, NULL },
		{ "本年兑付", RPT_AMOUNT, 1, NULL },
		{ "备注", RPT_TEXT, 0, NULL },
	};
	/* A4 landscape at 10 pt or more (reports.md "Printed legibility") */
	static const int widths[] = { 4, 14, 21, 13, 19, 13, 12, 13, 9 };
	static const char sql[] =
		"SELECT r.uscc, r.enterprise, r.interest_patent_fen + r.interest_trademark_fen"
		" + r.interest_copyright_fen, r.premium_fen, r.payable_fen, r.carried_in_fen,"
		" r.carried_out_fen, a.account_name, a.bank_name, a.account_no"
		" FROM run_rows r LEFT JOIN accounts a ON a.uscc = r.uscc"
		" WHERE r.run_id = ?1 AND r.payable_fen > 0 ORDER BY r.enterprise, r.uscc";
	struct rpt_table t;
	sqlite3_stmt *st = NULL;
	char words[LDG_NUMERALS_BUFSZ], line[LDG_NUMERALS_BUFSZ + 64], note[512], title[256];
	int step, rc;
	int64_t seq = 0, totals[9];

	if (ldg_db_prepare(x->db, sql, &st, &x->b->err))
		return rpt_book_fail(x->b, x->b->err.code);
	sqlite3_bind_int64(st, 1, x->run_id);
	if (rpt_table_begin_w(&t, x->b, "兑付清单", cols, 9,
			      sheet_title(x, "知识产权质押贷款贴息及专利保险保费补助兑付清单", title, sizeof title),
			      x->left, x->right, widths, 1))
		goto out;
	mark_draft(x, t.ws);
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		const char *uscc = (const char *)sqlite3_column_text(st, 0);
		const char *name = (const char *)sqlite3_column_text(st, 1);
		int has = sqlite3_column_type(st, 9) != SQLITE_NULL;
		const char *holder = has ? (const char *)sqlite3_column_text(st, 7) : name;
		size_t o = 0;

		note[0] = '\0';
		if (!has) {
			o += (size_t)snprintf(note + o, sizeof note - o, "未登记账户，暂不能拨付");
			if (x->o->warn) {
				char msg[512];

				snprintf(msg, sizeof msg, "payee %s (%s) has no account recorded:"
					 " 'pledger import accounts FILE' or 'pledger enterprise"
					 " account %s --name ... --bank ... --no ...'", name, uscc, uscc);
				x->o->warn(x->o->warn_ctx, msg);
			}
		} else if (strcmp(holder, name) != 0) {
			o += (size_t)snprintf(note + o, sizeof note - o, "企业名称：%s", name);
		}
		if (sqlite3_column_int64(st, 5) > 0 && o < sizeof note)
			o += (size_t)snprintf(note + o, sizeof note - o, "%s含以前年度结转", o ? "；" : "");
		if (sqlite3_column_int64(st, 6) > 0 && o < sizeof note)
			snprintf(note + o, sizeof note - o, "%s部分结转以后年度", o ? "；" : "");
		rpt_row_begin(&t);
		rpt_cell_int(&t, 0, ++seq);
		rpt_cell_text(&t, 1, holder);
		rpt_cell_text(&t, 2, uscc);
		rpt_cell_text(&t, 3, has ? (const char *)sqlite3_column_text(st, 8) : "（未登记账户）");
		rpt_cell_text(&t, 4, has ? (const char *)sqlite3_column_text(st, 9) : "（未登记账户）");
		rpt_cell_fen(&t, 5, sqlite3_column_int64(st, 2));
		rpt_cell_fen(&t, 6, sqlite3_column_int64(st, 3));
		rpt_cell_fen(&t, 7, sqlite3_column_int64(st, 4));
		rpt_cell_text(&t, 8, note);
		if (rpt_row_end(&t))
			break;
	}
	if (!x->b->rc && step != SQLITE_DONE && step != SQLITE_ROW)
		db_fail(x, "cannot read the run's rows");
	memset(totals, 0, sizeof totals);
	rpt_table_total(&t, "合计", totals);
	if (ldg_numerals(totals[7], 1, words, sizeof words) != 0)
		rpt_book_fail(x->b, ldg_err_set(&x->b->err, LDG_ERANGE,
			_("cannot write the payable total in words")));
	snprintf(line, sizeof line, "兑付金额合计（大写）：%s", words);
	rpt_table_line(&t, line, NULL);
	rpt_table_line(&t, "注：贴息、保费补助为本年度核定金额；本年兑付含以前年度结转金额，"
		       "未兑付部分结转以后年度。", x->b->f.note);
	rpt_table_need(&t, 4);
	if (x->run->draft) {
		/* a draft is never mistaken for a signed list: no signatures */
		if (!x->b->rc)
			rpt_book_lxw(x->b, worksheet_set_row(t.ws, t.row, 30, NULL), "row");
		rpt_table_line(&t, RPT_DRAFT_MARK, x->b->f.draft);
	} else {
		snprintf(line, sizeof line, "编制单位（盖章）：%s",
			 x->run->office[0] ? x->run->office : "＿＿＿＿＿＿＿＿＿＿＿＿");
		if (!x->b->rc)
			rpt_book_lxw(x->b, worksheet_set_row(t.ws, t.row, 36, NULL), "row");
		rpt_table_line(&t, line, NULL);
		if (!x->b->rc)
			rpt_book_lxw(x->b, worksheet_set_row(t.ws, t.row, 36, NULL), "row");
		rpt_table_line(&t, "单位负责人：＿＿＿＿＿＿　　分管领导：＿＿＿＿＿＿　　"
			       "审核人：＿＿＿＿＿＿　　经办人：＿＿＿＿＿＿", NULL);
		snprintf(line, sizeof line, "定稿日期：%s", x->run->final_cn);
		if (!x->b->rc)
			rpt_book_lxw(x->b, worksheet_set_row(t.ws, t.row, 30, NULL), "row");
		rpt_table_line(&t, line, NULL);
	}
out:
	rc = rpt_table_end(&t);
	sqlite3_finalize(st);
	return rc;
}

/* The right names of a loan joined by "、" into r (rights in seq order). */
static int loan_rights(struct ctx *x, sqlite3_stmt *rs, int64_t loan_id,
		       struct rpt_buf *r, unsigned *mask)
{
	int step;

	rpt_buf_clear(r);
	*mask = 0;
	sqlite3_reset(rs);
	sqlite3_bind_int64(rs, 1, loan_id);
	if (rpt_buf_add(r, ""))
		return rpt_book_fail(x->b, ldg_err_set(&x->b->err, LDG_ENOMEM, _("out of memory")));
	while ((step = sqlite3_step(rs)) == SQLITE_ROW) {
		if ((r->len && rpt_buf_add(r, "、"))
		    || rpt_buf_add(r, (const char *)sqlite3_column_text(rs, 0)))
			return rpt_book_fail(x->b, ldg_err_set(&x->b->err, LDG_ENOMEM, _("out of memory")));
		*mask |= rpt_kind_bit((const char *)sqlite3_column_text(rs, 1));
	}
	if (step != SQLITE_DONE)
		return db_fail(x, "cannot read pledged rights");
	return 0;
}

/* Sheet 贴息明细: every loan of the run's year (rules.md §2, §4). */
static int write_loans(struct ctx *x)
{
	static const struct rpt_col cols[] = {
		{ "序号", RPT_SEQ, 0, NULL },
		{ "经办银行", RPT_TEXT, 0, NULL },
		{ "合同编号", RPT_TEXT, 0, NULL },
		{ "企业名称", RPT_TEXT, 0, NULL },
		{ "统一社会信用代码", RPT_IDENT, 0, NULL },
		{ "质押权利", RPT_TEXT, 0, NULL },
		{ "质押类型", RPT_TEXT, 0, NULL },
		{ "贷款本金", RPT_AMOUNT, 1, NULL },
		{ "知识产权部分", RPT_AMOUNT, 1, NULL },
		{ "起始日", RPT_DATE, 0, NULL },
		{ "到期日", RPT_DATE, 0, NULL },
		{ "结清日", RPT_DATE, 0, NULL },
		{ "计息天数", RPT_INT, 0, NULL },
		{ "基准利率(%)", RPT_PCT, 0, NULL },
		{ "贴息比例(%)", RPT_PCT, 0, NULL },
		{ "按利率计算贴息", RPT_AMOUNT, 1, NULL },
		{ "实付利息", RPT_AMOUNT, 1, NULL },
		{ "贴息金额", RPT_AMOUNT, 1, NULL },
		{ "备注", RPT_TEXT, 0, NULL },
	};
	static const char sql[] =
		"SELECT ri.item_id, ri.item_key, coalesce(k.name, ''), l.contract_no,"
		" coalesce(rr.enterprise, e.name, ''), ri.uscc, l.principal_fen, l.combined, l.ip_portion_fen,"
		" l.start_date, l.maturity_date, ri.item_date, ri.days, ri.rate_ppm, ri.share_ppm,"
		" ri.raw_fen, l.interest_paid_fen, ri.subsidy_fen, ri.reason, ri.paid_cap_fen"
		" FROM run_items ri LEFT JOIN loans l ON l.id = ri.item_id"
		" LEFT JOIN banks k ON k.id = l.bank_id LEFT JOIN enterprises e ON e.uscc = ri.uscc"
		" LEFT JOIN run_rows rr ON rr.run_id = ri.run_id AND rr.uscc = ri.uscc"
		" WHERE ri.run_id = ?1 AND ri.item_type = 'loan' ORDER BY ri.uscc, ri.item_key";
	struct rpt_table t;
	struct rpt_buf rights = { 0 };
	sqlite3_stmt *st = NULL, *rs = NULL;
	char note[256], kind[64];
	int step, rc;
	int64_t seq = 0;
	unsigned mask;

	if (ldg_db_prepare(x->db, sql, &st, &x->b->err)
	    || ldg_db_prepare(x->db, "SELECT right_no, kind FROM loan_rights WHERE loan_id = ?1"
			      " ORDER BY seq", &rs, &x->b->err)) {
		rpt_book_fail(x->b, x->b->err.code);
		goto done;
	}
	sqlite3_bind_int64(st, 1, x->run_id);
	/* two pages wide on paper (reports.md: this sheet only) */
	static const int widths[] = { 4, 12, 14, 14, 21, 18, 8, 15, 14, 11, 11, 11, 6, 7, 7, 13, 13, 13, 14 };
	char title[256];

	if (rpt_table_begin_w(&t, x->b, "贴息明细", cols, (int)(sizeof cols / sizeof cols[0]),
			      sheet_title(x, "知识产权质押贷款贴息明细表", title, sizeof title),
			      x->left, x->right, widths, 1))
		goto out;
	rpt_table_pages_wide(&t, 2);
	mark_draft(x, t.ws);
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		const char *reason = (const char *)sqlite3_column_text(st, 18);
		int combined = sqlite3_column_int(st, 7);

		if (loan_rights(x, rs, sqlite3_column_int64(st, 0), &rights, &mask))
			break;
		rpt_row_begin(&t);
		rpt_cell_int(&t, 0, ++seq);
		rpt_cell_text(&t, 1, (const char *)sqlite3_column_text(st, 2));
		rpt_cell_text(&t, 2, item_no(st, 3, 1));
		rpt_cell_text(&t, 3, (const char *)sqlite3_column_text(st, 4));
		rpt_cell_text(&t, 4, (const char *)sqlite3_column_text(st, 5));
		rpt_cell_text(&t, 5, rights.s);
		snprintf(kind, sizeof kind, "%s%s", rpt_kind_text(mask), combined ? "（组合贷款）" : "");
		rpt_cell_text(&t, 6, kind);
		rpt_col_fen(&t, 7, st, 6);
		if (combined && sqlite3_column_type(st, 8) != SQLITE_NULL)
			rpt_cell_fen(&t, 8, sqlite3_column_int64(st, 8));
		else
			rpt_cell_blank(&t, 8);
		rpt_cell_iso(&t, 9, (const char *)sqlite3_column_text(st, 9));
		rpt_cell_iso(&t, 10, (const char *)sqlite3_column_text(st, 10));
		rpt_cell_iso(&t, 11, (const char *)sqlite3_column_text(st, 11));
		rpt_col_int(&t, 12, st, 12);
		rpt_col_ppm(&t, 13, st, 13);
		rpt_col_ppm(&t, 14, st, 14);
		rpt_col_fen(&t, 15, st, 15);
		rpt_col_fen(&t, 16, st, 16);
		rpt_cell_fen(&t, 17, sqlite3_column_int64(st, 17));
		if (reason && strcmp(reason, "ELIGIBLE") != 0)
			snprintf(note, sizeof note, "不予补助：%s", rpt_reason_text(reason));
		else if (sqlite3_column_type(st, 19) != SQLITE_NULL && sqlite3_column_type(st, 15) != SQLITE_NULL
			 && sqlite3_column_int64(st, 17) < sqlite3_column_int64(st, 15))
			snprintf(note, sizeof note, "以实付利息为限");
		else
			note[0] = '\0';
		rpt_cell_text(&t, 18, note);
		if (rpt_row_end(&t))
			break;
	}
	if (!x->b->rc && step != SQLITE_DONE && step != SQLITE_ROW)
		db_fail(x, "cannot read the run's loans");
	rpt_table_total(&t, "合计", NULL);
	rpt_table_line(&t, "注：贴息金额为单笔贷款按规则计算的金额，按企业、权项的年度上限及地方综合贡献额限制后的兑付金额见“审核底稿”。",
		       x->b->f.note);
out:
	rpt_table_end(&t);
done:
	rpt_buf_release(&rights);
	sqlite3_finalize(rs);
	sqlite3_finalize(st);
	rc = x->b->rc;
	return rc;
}

/* Sheet 保费补助明细: every policy of the run's year (rules.md §5.2). */
static int write_policies(struct ctx *x)
{
	static const struct rpt_col cols[] = {
		{ "序号", RPT_SEQ, 0, NULL },
		{ "保险机构", RPT_TEXT, 0, NULL },
		{ "保单号", RPT_TEXT, 0, NULL },
		{ "企业名称", RPT_TEXT, 0, NULL },
		{ "统一社会信用代码", RPT_IDENT, 0, NULL },
		{ "保险产品", RPT_TEXT, 0, NULL },
		{ "保费", RPT_AMOUNT, 1, NULL },
		{ "缴费日期", RPT_DATE, 0, NULL },
		{ "补助金额", RPT_AMOUNT, 1, NULL },
		{ "备注", RPT_TEXT, 0, NULL },
	};
	static const char sql[] =
		"SELECT ri.item_key, coalesce(i.name, ''), p.policy_no, coalesce(rr.enterprise, e.name, ''),"
		" ri.uscc, p.product, coalesce(ri.premium_fen, p.premium_fen), ri.item_date,"
		" ri.subsidy_fen, ri.reason"
		" FROM run_items ri LEFT JOIN policies p ON p.id = ri.item_id"
		" LEFT JOIN insurers i ON i.id = p.insurer_id LEFT JOIN enterprises e ON e.uscc = ri.uscc"
		" LEFT JOIN run_rows rr ON rr.run_id = ri.run_id AND rr.uscc = ri.uscc"
		" WHERE ri.run_id = ?1 AND ri.item_type = 'policy' ORDER BY ri.uscc, ri.item_key";
	struct rpt_table t;
	sqlite3_stmt *st = NULL;
	char note[256];
	int step;
	int64_t seq = 0;

	if (ldg_db_prepare(x->db, sql, &st, &x->b->err))
		return rpt_book_fail(x->b, x->b->err.code);
	sqlite3_bind_int64(st, 1, x->run_id);
	static const int widths[] = { 4, 10, 12, 14, 21, 12, 13, 11, 13, 8 };
	char title[256];

	if (rpt_table_begin_w(&t, x->b, "保费补助明细", cols, (int)(sizeof cols / sizeof cols[0]),
			      sheet_title(x, "专利保险保费补助明细表", title, sizeof title),
			      x->left, x->right, widths, 1))
		goto out;
	mark_draft(x, t.ws);
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		const char *reason = (const char *)sqlite3_column_text(st, 9);

		rpt_row_begin(&t);
		rpt_cell_int(&t, 0, ++seq);
		rpt_cell_text(&t, 1, (const char *)sqlite3_column_text(st, 1));
		rpt_cell_text(&t, 2, item_no(st, 2, 0));
		rpt_cell_text(&t, 3, (const char *)sqlite3_column_text(st, 3));
		rpt_cell_text(&t, 4, (const char *)sqlite3_column_text(st, 4));
		rpt_cell_text(&t, 5, (const char *)sqlite3_column_text(st, 5));
		rpt_col_fen(&t, 6, st, 6);
		rpt_cell_iso(&t, 7, (const char *)sqlite3_column_text(st, 7));
		rpt_cell_fen(&t, 8, sqlite3_column_int64(st, 8));
		if (reason && strcmp(reason, "ELIGIBLE") != 0)
			snprintf(note, sizeof note, "不予补助：%s", rpt_reason_text(reason));
		else
			note[0] = '\0';
		rpt_cell_text(&t, 9, note);
		if (rpt_row_end(&t))
			break;
	}
	if (!x->b->rc && step != SQLITE_DONE && step != SQLITE_ROW)
		db_fail(x, "cannot read the run's policies");
	rpt_table_total(&t, "合计", NULL);
	rpt_table_line(&t, "注：补助金额为单张保单按规则计算的金额，按企业年度上限及地方综合贡献额限制后的兑付金额见“审核底稿”。",
		       x->b->f.note);
out:
	rpt_table_end(&t);
	sqlite3_finalize(st);
	return x->b->rc;
}

/*
 * The years of finalized earlier runs of the city in which a right of
 * loan_id earned interest subsidy (rules.md §3 IP_SUBSIDISED_BEFORE), as
 * "（ZL...）已于2023年度" into buf; "" when none is found.
 */
static void subsidised_before(struct ctx *x, int64_t loan_id, char *buf, size_t sz)
{
	static const char sql[] =
		"SELECT lr.right_no, r.year FROM loan_rights lr"
		" JOIN run_rights rr ON rr.right_no = lr.right_no"
		" JOIN subsidy_runs r ON r.id = rr.run_id"
		" WHERE lr.loan_id = ?1 AND r.city = ?2 AND r.year < ?3 AND r.status = 'finalized'"
		" ORDER BY r.year DESC, lr.seq LIMIT 1";
	sqlite3_stmt *st = NULL;

	buf[0] = '\0';
	if (ldg_db_prepare(x->db, sql, &st, NULL))
		return;
	sqlite3_bind_int64(st, 1, loan_id);
	ldg_bind_text(st, 2, x->city);
	sqlite3_bind_int(st, 3, x->year);
	if (sqlite3_step(st) == SQLITE_ROW)
		snprintf(buf, sz, "同一知识产权（%s）已于%d年度享受贴息",
			 (const char *)sqlite3_column_text(st, 0), sqlite3_column_int(st, 1));
	sqlite3_finalize(st);
}

/* Sheet 不予补助: every ineligible item with its reason in Chinese (rules.md §3). */
static int write_refused(struct ctx *x)
{
	static const struct rpt_col cols[] = {
		{ "序号", RPT_SEQ, 0, NULL },
		{ "项目", RPT_TEXT, 0, NULL },
		{ "银行/保险机构", RPT_TEXT, 0, NULL },
		{ "合同编号/保单号", RPT_TEXT, 0, NULL },
		{ "企业名称", RPT_TEXT, 0, NULL },
		{ "统一社会信用代码", RPT_IDENT, 0, NULL },
		{ "结清日/缴费日期", RPT_DATE, 0, NULL },
		{ "贷款本金/保费", RPT_AMOUNT, 0, NULL },
		{ "不予补助原因", RPT_TEXT, 0, NULL },
	};
	static const char sql[] =
		"SELECT ri.item_type, ri.item_id, ri.item_key,"
		" coalesce(k.name, i.name, ''), coalesce(l.contract_no, p.policy_no),"
		" coalesce(rr.enterprise, e.name, ''), ri.uscc, ri.item_date,"
		" CASE ri.item_type WHEN 'loan' THEN l.principal_fen ELSE coalesce(ri.premium_fen, p.premium_fen) END,"
		" ri.reason"
		" FROM run_items ri"
		" LEFT JOIN loans l ON ri.item_type = 'loan' AND l.id = ri.item_id"
		" LEFT JOIN banks k ON k.id = l.bank_id"
		" LEFT JOIN policies p ON ri.item_type = 'policy' AND p.id = ri.item_id"
		" LEFT JOIN insurers i ON i.id = p.insurer_id"
		" LEFT JOIN enterprises e ON e.uscc = ri.uscc"
		" LEFT JOIN run_rows rr ON rr.run_id = ri.run_id AND rr.uscc = ri.uscc"
		" WHERE ri.run_id = ?1 AND ri.reason <> 'ELIGIBLE'"
		" ORDER BY ri.item_type, ri.uscc, ri.item_key";
	struct rpt_table t;
	sqlite3_stmt *st = NULL;
	char why[512], extra[256];
	int step;
	int64_t seq = 0;

	if (ldg_db_prepare(x->db, sql, &st, &x->b->err))
		return rpt_book_fail(x->b, x->b->err.code);
	sqlite3_bind_int64(st, 1, x->run_id);
	static const int widths[] = { 4, 8, 10, 14, 14, 21, 11, 13, 17 };
	char title[256];

	if (rpt_table_begin_w(&t, x->b, "不予补助", cols, (int)(sizeof cols / sizeof cols[0]),
			      sheet_title(x, "知识产权质押贷款贴息及专利保险保费补助不予补助项目清单",
					  title, sizeof title),
			      x->left, x->right, widths, 1))
		goto out;
	mark_draft(x, t.ws);
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		const char *type = (const char *)sqlite3_column_text(st, 0);
		const char *reason = (const char *)sqlite3_column_text(st, 9);
		int loan = type && strcmp(type, "loan") == 0;

		snprintf(why, sizeof why, "%s", rpt_reason_text(reason));
		if (reason && strcmp(reason, "BARRED") == 0) {
			bar_reason(x, (const char *)sqlite3_column_text(st, 6), extra, sizeof extra);
			if (*extra)
				snprintf(why, sizeof why, "%s（%s）", rpt_reason_text(reason), extra);
		} else if (reason && strcmp(reason, "IP_SUBSIDISED_BEFORE") == 0) {
			subsidised_before(x, sqlite3_column_int64(st, 1), extra, sizeof extra);
			if (*extra)
				snprintf(why, sizeof why, "%s", extra);
		}
		rpt_row_begin(&t);
		rpt_cell_int(&t, 0, ++seq);
		rpt_cell_text(&t, 1, loan ? "贷款贴息" : "保费补助");
		rpt_cell_text(&t, 2, (const char *)sqlite3_column_text(st, 3));
		rpt_cell_text(&t, 3, item_no(st, 4, 2));
		rpt_cell_text(&t, 4, (const char *)sqlite3_column_text(st, 5));
		rpt_cell_text(&t, 5, (const char *)sqlite3_column_text(st, 6));
		rpt_cell_iso(&t, 6, (const char *)sqlite3_column_text(st, 7));
		rpt_col_fen(&t, 7, st, 8);
		rpt_cell_text(&t, 8, why);
		if (rpt_row_end(&t))
			break;
	}
	if (!x->b->rc && step != SQLITE_DONE && step != SQLITE_ROW)
		db_fail(x, "cannot read the run's items");
out:
	rpt_table_end(&t);
	sqlite3_finalize(st);
	return x->b->rc;
}

/* A scheme value for people: on/off → 是/否, kinds in Chinese. */
static void scheme_value(const char *key, const char *v, char *buf, size_t sz)
{
	if (strcmp(v, "on") == 0) {
		snprintf(buf, sz, "是");
	} else if (strcmp(v, "off") == 0) {
		snprintf(buf, sz, "否");
	} else if (strcmp(key, "covered_kinds") == 0) {
		size_t o = 0;
		const char *p = v;

		buf[0] = '\0';
		while (*p && o < sz) {
			size_t n = strcspn(p, ",");
			const char *w = strncmp(p, "patent", n) == 0 && n == 6 ? "专利权"
				: strncmp(p, "trademark", n) == 0 && n == 9 ? "商标权"
				: strncmp(p, "copyright", n) == 0 && n == 9 ? "著作权" : NULL;

			if (w)
				o += (size_t)snprintf(buf + o, sz - o, "%s%s", o ? "、" : "", w);
			else
				o += (size_t)snprintf(buf + o, sz - o, "%s%.*s", o ? "、" : "", (int)n, p);
			p += n;
			if (*p == ',')
				p++;
		}
	} else {
		snprintf(buf, sz, "%s", v);
	}
}

/*
 * Sheet 说明: the run's state and dates, the office, the policy document,
 * and the scheme it was computed with, each parameter by its Chinese name
 * only (reports.md); text rows wrap and show whole.
 */
static int write_notes(struct ctx *x)
{
	static const struct rpt_col cols[] = {
		{ "项目", RPT_TEXT, 0, NULL },
		{ "内容", RPT_TEXT, 0, NULL },
	};
	static const int widths[] = { 36, 36 };
	struct rpt_table t;
	char buf[512], key[64], val[512], title[256];
	const char *p;

	if (rpt_table_begin_w(&t, x->b, "说明", cols, 2,
			      sheet_title(x, "知识产权质押贷款贴息及专利保险保费补助计算参数说明",
					  title, sizeof title),
			      x->left, x->right, widths, 2))
		goto out;
	mark_draft(x, t.ws);
#define NOTE(a, c) do { rpt_row_begin(&t); rpt_cell_text(&t, 0, a); \
	rpt_cell_text(&t, 1, c); rpt_row_end(&t); } while (0)
	snprintf(buf, sizeof buf, "%d年度", x->year);
	NOTE("补助年度", buf);
	NOTE("编制单位", x->run->office[0] ? x->run->office : "（未设置）");
	NOTE("政策依据", x->run->policy_doc[0] ? x->run->policy_doc : "（未设置）");
	snprintf(buf, sizeof buf, "%s%s", rpt_run_state_text(x->run->status),
		 x->run->draft ? "（" RPT_DRAFT_MARK "）" : "");
	NOTE("计算状态", buf);
	NOTE("计算时间", x->run->computed);
	NOTE("定稿时间", x->run->finalized[0] ? x->run->finalized : "（未定稿）");
	{	/* the later dates of the cycle (cycle.md §1), once recorded */
		sqlite3_stmt *ds = NULL;

		if (ldg_db_prepare(x->db, "SELECT p.date_from, p.date_to, r.paid_on, r.voucher"
				   " FROM subsidy_runs r LEFT JOIN run_publicity p ON p.id = r.publicity_id"
				   " WHERE r.id = ?1", &ds, &x->b->err)) {
			rpt_book_fail(x->b, x->b->err.code);
			goto out;
		}
		sqlite3_bind_int64(ds, 1, x->run_id);
		if (sqlite3_step(ds) == SQLITE_ROW) {
			if (sqlite3_column_type(ds, 0) != SQLITE_NULL) {
				snprintf(buf, sizeof buf, "%s 至 %s", (const char *)sqlite3_column_text(ds, 0),
					 (const char *)sqlite3_column_text(ds, 1));
				NOTE("公示期", buf);
			}
			if (sqlite3_column_type(ds, 2) != SQLITE_NULL) {
				NOTE("拨付日期", (const char *)sqlite3_column_text(ds, 2));
				NOTE("拨付凭证号", (const char *)sqlite3_column_text(ds, 3));
			}
		}
		sqlite3_finalize(ds);
	}
	for (p = x->run->scheme; p && *p;) {
		size_t n = strcspn(p, "\n"), k = strcspn(p, "=");

		if (k < n && k < sizeof key) {
			snprintf(key, sizeof key, "%.*s", (int)k, p);
			snprintf(val, sizeof val, "%.*s", (int)(n - k - 1), p + k + 1);
			if (strcmp(key, "policy_document") != 0) {
				scheme_value(key, val, buf, sizeof buf);
				NOTE(rpt_scheme_label(key), buf);
			}
		}
		p += n;
		if (*p == '\n')
			p++;
	}
#undef NOTE
	rpt_table_line(&t, "", NULL);
	rpt_table_line(&t, "注：金额单位为元。本年兑付以地方综合贡献额为限，先付最早年度的结转金额；"
		       "未兑付部分可在以后年度兑付，超过结转年限的部分逾期作废。", x->b->f.note);
out:
	return rpt_table_end(&t);
}

int rpt_subsidy_write(sqlite3 *db, const struct rpt_opts *o, const char *path,
		      struct ldg_err *err)
{
	struct rpt_book b;
	struct rpt_run run;
	struct ctx x = { 0 };
	int rc, copyright;

	if ((rc = rpt_run_load(db, o->city, o->year, &run, err)))
		return rc;
	x.db = db;
	x.o = o;
	x.run = &run;
	x.run_id = run.id;
	x.year = o->year;
	x.city = o->city;
	snprintf(x.title, sizeof x.title, "%s%d年度知识产权质押贷款贴息及专利保险保费补助兑付清单%s",
		 run.city_name, o->year, run.draft ? "（草稿）" : "");
	if ((rc = rpt_book_open(&b, path, 0, o->max_rows, x.title, run.city_name, err)))
		goto out;
	x.b = &b;
	snprintf(x.left, sizeof x.left, "地区：%s　　补助年度：%d年度", run.city_name, o->year);
	if (run.draft)
		snprintf(x.right, sizeof x.right, "单位：元　　" RPT_DRAFT_MARK);
	else
		snprintf(x.right, sizeof x.right, "单位：元　　定稿日期：%s", run.final_cn);
	/* The 著作权 column only where the scheme covers copyright or a run row has some. */
	copyright = strstr(run.scheme, "copyright") != NULL;
	if (!copyright) {
		sqlite3_stmt *cs = NULL;

		if (ldg_db_prepare(db, "SELECT 1 FROM run_rows WHERE run_id = ?1"
				   " AND interest_copyright_fen <> 0 LIMIT 1", &cs, &b.err) == 0) {
			sqlite3_bind_int64(cs, 1, x.run_id);
			copyright = sqlite3_step(cs) == SQLITE_ROW;
		} else {
			rpt_book_fail(&b, b.err.code);
		}
		sqlite3_finalize(cs);
	}
	if (!write_list(&x) && !write_audit(&x, copyright) && !write_loans(&x)
	    && !write_policies(&x) && !write_refused(&x))
		write_notes(&x);
	rc = rpt_book_close(&b, err);
out:
	rpt_run_release(&run);
	return rc;
}
