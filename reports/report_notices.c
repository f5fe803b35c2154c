/*
 * report_notices.c — `pledger report notices`: one A4 portrait notice
 * (补助核定告知书) per enterprise of the run of (city, year) with anything
 * due, paid, carried or lapsed (reports.md "report notices").
 *
 * In plain Chinese for the enterprise: its loans and policies of the year,
 * what each earned and why (the rule in words, not fen or ppm), the annual
 * caps that bound, the amount paid now, the amount carried and the year by
 * which it must be paid, the office and the date.  Built from the run's
 * stored derivation (run_items, run_rows, run_payments and the scheme
 * snapshot), the same numbers `subsidy explain` (ledger/subsidy_explain.c)
 * shows.  The notice names no tax figure: the local-contribution cap is
 * stated as a rule, never with the amount.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ledger/lang.h"
#include "ledger/db.h"
#include "ledger/money.h"
#include "reports/report.h"
#include "reports/reports_int.h"
#include "reports/xlsxfmt.h"

/* Width of the one text column (A4 portrait at 100 %). */
#define NOTICE_WIDTH 72

/* A notice being written: its sheet and next row. */
struct notice {
	struct rpt_book *b;
	const struct rpt_run *run;
	lxw_worksheet *ws;
	lxw_row_t row;
	lxw_format *body;   /* 12 pt, wrapped, top-aligned */
	lxw_format *head;   /* 12 pt bold */
	lxw_format *title;  /* 16 pt bold centred */
	lxw_format *right;  /* 12 pt right-aligned */
};

/* Yuan with separators, rotating buffers. */
static const char *yuan(int64_t fen)
{
	static char buf[8][LDG_MONEY_BUFSZ];
	static int n;

	n = (n + 1) % 8;
	return ldg_money_format(fen, 1, buf[n]);
}

/* A ppm rate as per cent text ("3.65"), rotating buffers. */
static const char *pct(int64_t ppm)
{
	static char buf[4][LDG_MONEY_BUFSZ];
	static int n;

	n = (n + 1) % 4;
	return ldg_rate_format(ppm, buf[n]);
}

/* A line of text, wrapped, its row as tall as it needs (12 pt lines). */
static void put(struct notice *n, const char *text, lxw_format *f)
{
	int lines;

	if (n->b->rc)
		return;
	lines = rpt_text_lines(text, NOTICE_WIDTH * 10 / 12);
	rpt_book_lxw(n->b, worksheet_set_row(n->ws, n->row, 16.5 * lines + 4, NULL), "row");
	rpt_book_lxw(n->b, worksheet_write_string(n->ws, n->row, 0, text, f ? f : n->body), "cell");
	n->row++;
}

/* The scheme snapshot's value of key into buf ("" when absent). */
static void scheme_get(const char *scheme, const char *key, char *buf, size_t sz)
{
	size_t k = strlen(key);
	const char *p;

	buf[0] = '\0';
	for (p = scheme; p && *p; p = strchr(p, '\n') ? strchr(p, '\n') + 1 : NULL)
		if (strncmp(p, key, k) == 0 && p[k] == '=') {
			snprintf(buf, sz, "%.*s", (int)strcspn(p + k + 1, "\n"), p + k + 1);
			return;
		}
}

/* The reference rate kind in words. */
static const char *rate_words(const char *kind)
{
	if (strcmp(kind, "LPR5Y") == 0)
		return "五年期以上贷款市场报价利率（LPR）";
	if (strcmp(kind, "PBOC1Y") == 0)
		return "中国人民银行一年期贷款基准利率";
	return "一年期贷款市场报价利率（LPR）";
}

/* The loans part: one paragraph per loan of the year. */
static int loans_part(struct notice *n, sqlite3 *db, int64_t run_id, const char *uscc,
		      const char *ratekind, int64_t *by_kind)
{
	static const char sql[] =
		"SELECT coalesce(k.name, ''), coalesce(l.contract_no, ri.item_key), l.start_date,"
		" ri.item_date, ri.days, ri.base_fen, ri.rate_ppm, ri.share_ppm, ri.day_basis,"
		" ri.raw_fen, ri.paid_cap_fen, ri.subsidy_fen, ri.reason,"
		" ri.patent_fen, ri.trademark_fen, ri.copyright_fen"
		" FROM run_items ri LEFT JOIN loans l ON l.id = ri.item_id"
		" LEFT JOIN banks k ON k.id = l.bank_id"
		" WHERE ri.run_id = ?1 AND ri.uscc = ?2 AND ri.item_type = 'loan' ORDER BY ri.item_key";
	sqlite3_stmt *st = NULL;
	char text[1024];
	int i = 0, step;

	put(n, "一、知识产权质押贷款贴息", n->head);
	if (ldg_db_prepare(db, sql, &st, &n->b->err))
		return rpt_book_fail(n->b, n->b->err.code);
	sqlite3_bind_int64(st, 1, run_id);
	ldg_bind_text(st, 2, uscc);
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		const char *reason = (const char *)sqlite3_column_text(st, 12);
		const char *start = (const char *)sqlite3_column_text(st, 2);
		size_t o;

		i++;
		o = (size_t)snprintf(text, sizeof text, "（%d）%s贷款，合同编号%s，%s发放，%s结清",
				     i, (const char *)sqlite3_column_text(st, 0),
				     (const char *)sqlite3_column_text(st, 1), start ? start : "",
				     (const char *)sqlite3_column_text(st, 3));
		if (strcmp(reason, "ELIGIBLE") != 0) {
			snprintf(text + o, sizeof text - o, "。不予贴息，原因：%s。", rpt_reason_text(reason));
		} else {
			int64_t raw = sqlite3_column_int64(st, 9), sub = sqlite3_column_int64(st, 11);

			o += (size_t)snprintf(text + o, sizeof text - o,
				"，计%d天。按知识产权质押部分%s元，以发放日适用的%s年利率%s%%的%s%%、每年%d天计算，贴息%s元",
				sqlite3_column_int(st, 4), yuan(sqlite3_column_int64(st, 5)), rate_words(ratekind),
				pct(sqlite3_column_int64(st, 6)), pct(sqlite3_column_int64(st, 7)),
				sqlite3_column_int(st, 8), yuan(raw));
			if (sqlite3_column_type(st, 10) != SQLITE_NULL && sub < raw)
				o += (size_t)snprintf(text + o, sizeof text - o,
					"；贴息不超过该部分实际支付的利息%s元，核定为%s元",
					yuan(sqlite3_column_int64(st, 10)), yuan(sub));
			if (o < sizeof text)
				snprintf(text + o, sizeof text - o, "。");
			by_kind[0] += sqlite3_column_int64(st, 13);
			by_kind[1] += sqlite3_column_int64(st, 14);
			by_kind[2] += sqlite3_column_int64(st, 15);
		}
		put(n, text, NULL);
	}
	if (step != SQLITE_DONE)
		rpt_book_fail(n->b, ldg_db_error(db, "cannot read the run's loans", &n->b->err));
	sqlite3_finalize(st);
	if (!i)
		put(n, "本年度无结清的知识产权质押贷款。", NULL);
	return n->b->rc;
}

/* The policies part: one paragraph per policy of the year. */
static int policies_part(struct notice *n, sqlite3 *db, int64_t run_id, const char *uscc,
			 int64_t *premium_sum)
{
	static const char sql[] =
		"SELECT coalesce(i.name, ''), coalesce(p.policy_no, ri.item_key), coalesce(p.product, ''),"
		" coalesce(ri.premium_fen, p.premium_fen), ri.item_date, ri.share_ppm, ri.subsidy_fen, ri.reason"
		" FROM run_items ri LEFT JOIN policies p ON p.id = ri.item_id"
		" LEFT JOIN insurers i ON i.id = p.insurer_id"
		" WHERE ri.run_id = ?1 AND ri.uscc = ?2 AND ri.item_type = 'policy' ORDER BY ri.item_key";
	sqlite3_stmt *st = NULL;
	char text[1024];
	int i = 0, step;

	put(n, "二、专利保险保费补助", n->head);
	if (ldg_db_prepare(db, sql, &st, &n->b->err))
		return rpt_book_fail(n->b, n->b->err.code);
	sqlite3_bind_int64(st, 1, run_id);
	ldg_bind_text(st, 2, uscc);
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		const char *reason = (const char *)sqlite3_column_text(st, 7);
		const char *product = (const char *)sqlite3_column_text(st, 2);
		size_t o;

		i++;
		o = (size_t)snprintf(text, sizeof text, "（%d）%s保单%s%s%s%s，保费%s元，%s缴纳",
				     i, (const char *)sqlite3_column_text(st, 0),
				     (const char *)sqlite3_column_text(st, 1), *product ? "（" : "",
				     product, *product ? "）" : "", yuan(sqlite3_column_int64(st, 3)),
				     (const char *)sqlite3_column_text(st, 4));
		if (strcmp(reason, "ELIGIBLE") != 0) {
			snprintf(text + o, sizeof text - o, "。不予补助，原因：%s。", rpt_reason_text(reason));
		} else {
			snprintf(text + o, sizeof text - o, "，按保费的%s%%补助%s元。",
				 pct(sqlite3_column_int64(st, 5)), yuan(sqlite3_column_int64(st, 6)));
			*premium_sum += sqlite3_column_int64(st, 6);
		}
		put(n, text, NULL);
	}
	if (step != SQLITE_DONE)
		rpt_book_fail(n->b, ldg_db_error(db, "cannot read the run's policies", &n->b->err));
	sqlite3_finalize(st);
	if (!i)
		put(n, "本年度无缴纳保费的专利保险。", NULL);
	return n->b->rc;
}

/* One enterprise's notice on its own sheet. */
static int notice_one(struct rpt_book *b, sqlite3 *db, const struct rpt_run *run,
		      struct notice *n, int seq, sqlite3_stmt *row)
{
	static const char *const kind_words[3] = { "专利权", "商标权", "著作权" };
	const char *uscc = (const char *)sqlite3_column_text(row, 0);
	const char *name = (const char *)sqlite3_column_text(row, 1);
	const char *status = (const char *)sqlite3_column_text(row, 11);
	int64_t capped[3], by_kind[3] = { 0, 0, 0 }, premium_sum = 0;
	int64_t due = sqlite3_column_int64(row, 5), payable = sqlite3_column_int64(row, 7);
	int64_t carried_out = sqlite3_column_int64(row, 8), forfeited = sqlite3_column_int64(row, 9);
	char sheet[128], text[1024], ratekind[16], cap_kind[32], cap_prem[32], carry[8];
	int k, bound = 0, carry_years, step;
	size_t i, o, chars = 0;
	sqlite3_stmt *pay = NULL;

	/* the sheet's name: 序号 and the name, at most 31 characters, no []:*?/\ */
	o = (size_t)snprintf(sheet, sizeof sheet, "%03d", seq);
	for (i = 0; name[i] && chars < 24 && o + 4 < sizeof sheet;) {
		size_t len = (name[i] & 0x80) == 0 ? 1 : (name[i] & 0xE0) == 0xC0 ? 2
			: (name[i] & 0xF0) == 0xE0 ? 3 : 4;

		if (len == 1 && strchr("[]:*?/\\'", name[i]))
			sheet[o++] = '_';
		else
			memcpy(sheet + o, name + i, len), o += len;
		sheet[o] = '\0';
		i += len;
		chars++;
	}
	capped[0] = sqlite3_column_int64(row, 2);
	capped[1] = sqlite3_column_int64(row, 3);
	capped[2] = sqlite3_column_int64(row, 4);
	scheme_get(run->scheme, "reference_rate", ratekind, sizeof ratekind);
	scheme_get(run->scheme, "interest_cap_per_kind", cap_kind, sizeof cap_kind);
	scheme_get(run->scheme, "premium_cap", cap_prem, sizeof cap_prem);
	scheme_get(run->scheme, "carry_years", carry, sizeof carry);
	carry_years = carry[0] >= '0' && carry[0] <= '9' ? carry[0] - '0' : 2;
	if (!(n->ws = rpt_sheet_add(b, sheet)))
		return b->rc;
	n->row = 0;
	rpt_book_lxw(b, worksheet_set_column(n->ws, 0, 0, NOTICE_WIDTH, NULL), "column width");
	worksheet_set_margins(n->ws, 0.35, 0.35, 0.75, 0.75);
	if (run->draft)
		rpt_book_lxw(b, worksheet_set_header(n->ws, "&C&\"SimSun,Bold\"&14" RPT_DRAFT_MARK),
			     "header");
	snprintf(text, sizeof text, "知识产权质押贷款贴息及专利保险保费补助核定告知书%s",
		 run->draft ? "（草稿）" : "");
	rpt_book_lxw(b, worksheet_set_row(n->ws, n->row, 36, NULL), "row");
	rpt_book_lxw(b, worksheet_write_string(n->ws, n->row++, 0, text, n->title), "cell");
	snprintf(text, sizeof text, "%s（统一社会信用代码：%s）：", name, uscc);
	put(n, text, n->head);
	snprintf(text, sizeof text, "　　根据%s的规定，经审核，现将贵单位%d年度知识产权质押贷款贴息及"
		 "专利保险保费补助核定情况告知如下：",
		 run->policy_doc[0] ? run->policy_doc : "本市知识产权质押融资扶持政策", run->year);
	put(n, text, NULL);
	if (loans_part(n, db, run->id, uscc, ratekind, by_kind)
	    || policies_part(n, db, run->id, uscc, &premium_sum))
		return b->rc;
	put(n, "三、年度上限", n->head);
	for (k = 0; k < 3; k++)
		if (by_kind[k] > capped[k]) {
			snprintf(text, sizeof text, "%s质押贷款贴息合计%s元，超过单个企业每种权项每年%s元的上限，核定为%s元。",
				 kind_words[k], yuan(by_kind[k]), cap_kind, yuan(capped[k]));
			put(n, text, NULL);
			bound = 1;
		}
	if (premium_sum > sqlite3_column_int64(row, 6)) {
		snprintf(text, sizeof text, "保费补助合计%s元，超过单个企业每年%s元的上限，核定为%s元。",
			 yuan(premium_sum), cap_prem, yuan(sqlite3_column_int64(row, 6)));
		put(n, text, NULL);
		bound = 1;
	}
	if (!bound)
		put(n, "本年度核定金额未超过年度上限。", NULL);
	snprintf(text, sizeof text, "贵单位%d年度核定补助合计%s元。", run->year, yuan(due));
	put(n, text, NULL);
	put(n, "四、本年兑付", n->head);
	if (strcmp(status, "barred") == 0) {
		put(n, "贵单位本年度存在不予补助的情形，本年度不予兑付。", NULL);
	} else if (strcmp(status, "blocked") == 0) {
		put(n, "贵单位本年度地方综合贡献情况尚未确认，暂缓兑付。", NULL);
	} else if (ldg_db_prepare(db, "SELECT origin_year, outstanding_fen, paid_fen, forfeited_fen,"
				  " carried_out_fen FROM run_payments WHERE run_id = ?1 AND uscc = ?2"
				  " ORDER BY origin_year", &pay, &b->err) == 0) {
		int64_t paid_old = 0, carried_old = 0;

		sqlite3_bind_int64(pay, 1, run->id);
		ldg_bind_text(pay, 2, uscc);
		/* the origins carried in (run_payments), oldest first */
		while ((step = sqlite3_step(pay)) == SQLITE_ROW) {
			int origin = sqlite3_column_int(pay, 0);

			paid_old += sqlite3_column_int64(pay, 2);
			carried_old += sqlite3_column_int64(pay, 4);
			o = (size_t)snprintf(text, sizeof text, "%d年度核定、结转至本年的%s元：本年兑付%s元",
					     origin, yuan(sqlite3_column_int64(pay, 1)),
					     yuan(sqlite3_column_int64(pay, 2)));
			if (sqlite3_column_int64(pay, 4) > 0)
				o += (size_t)snprintf(text + o, sizeof text - o, "，结转%s元，最迟于%d年度兑付，逾期作废",
						      yuan(sqlite3_column_int64(pay, 4)), origin + carry_years);
			if (sqlite3_column_int64(pay, 3) > 0 && o < sizeof text)
				o += (size_t)snprintf(text + o, sizeof text - o, "，已超过结转年限作废%s元",
						      yuan(sqlite3_column_int64(pay, 3)));
			if (o < sizeof text)
				snprintf(text + o, sizeof text - o, "。");
			put(n, text, NULL);
		}
		if (step != SQLITE_DONE)
			rpt_book_fail(b, ldg_db_error(db, "cannot read the run's payments", &b->err));
		sqlite3_finalize(pay);
		/* this year's own amount is what is left (rules.md §6) */
		o = (size_t)snprintf(text, sizeof text, "%d年度核定的%s元：本年兑付%s元", run->year,
				     yuan(due), yuan(payable - paid_old));
		if (carried_out - carried_old > 0)
			o += (size_t)snprintf(text + o, sizeof text - o, "，结转%s元，最迟于%d年度兑付，逾期作废",
					      yuan(carried_out - carried_old), run->year + carry_years);
		if (o < sizeof text)
			snprintf(text + o, sizeof text - o, "。");
		put(n, text, NULL);
		if (carried_out > 0 || forfeited > 0)
			put(n, "本年兑付以贵单位本年度地方综合贡献额为限，先兑付最早年度的结转金额。", NULL);
	} else {
		rpt_book_fail(b, b->err.code);
	}
	snprintf(text, sizeof text, "本年兑付合计%s元；结转以后年度%s元；逾期作废%s元。",
		 yuan(payable), yuan(carried_out), yuan(forfeited));
	put(n, text, n->head);
	put(n, "", NULL);
	if (run->draft) {
		put(n, RPT_DRAFT_MARK, b->f.draft);
	} else {
		put(n, run->office[0] ? run->office : "＿＿＿＿＿＿＿＿（盖章）", n->right);
		put(n, run->final_cn, n->right);
	}
	return b->rc;
}

int rpt_notices_write(sqlite3 *db, const struct rpt_opts *o, const char *path,
		      struct ldg_err *err)
{
	static const char sql[] =
		"SELECT uscc, enterprise, interest_patent_fen, interest_trademark_fen,"
		" interest_copyright_fen, due_fen, premium_fen, payable_fen, carried_out_fen,"
		" forfeited_fen, carried_in_fen, status FROM run_rows WHERE run_id = ?1"
		" AND (due_fen <> 0 OR carried_in_fen <> 0 OR payable_fen <> 0"
		" OR carried_out_fen <> 0 OR forfeited_fen <> 0) ORDER BY enterprise, uscc";
	struct rpt_book b;
	struct rpt_run run;
	struct notice n;
	sqlite3_stmt *st = NULL;
	char title[256];
	int rc, seq = 0, step = SQLITE_DONE;

	if ((rc = rpt_run_load(db, o->city, o->year, &run, err)))
		return rc;
	snprintf(title, sizeof title, "%s%d年度知识产权质押贷款贴息及专利保险保费补助核定告知书%s",
		 run.city_name, o->year, run.draft ? "（草稿）" : "");
	if ((rc = rpt_book_open(&b, path, 0, o->max_rows, title, run.city_name, err)))
		goto out;
	memset(&n, 0, sizeof n);
	n.b = &b;
	n.run = &run;
	if (!(n.body = workbook_add_format(b.wb)) || !(n.head = workbook_add_format(b.wb))
	    || !(n.title = workbook_add_format(b.wb)) || !(n.right = workbook_add_format(b.wb))) {
		rpt_book_fail(&b, ldg_err_set(&b.err, LDG_ENOMEM, _("out of memory")));
	} else {
		lxw_format *all[4] = { n.body, n.head, n.title, n.right };
		int i;

		for (i = 0; i < 4; i++) {
			format_set_font_name(all[i], "宋体");
			format_set_font_size(all[i], i == 2 ? 16 : 12);
			format_set_text_wrap(all[i]);
			format_set_align(all[i], LXW_ALIGN_VERTICAL_TOP);
		}
		format_set_bold(n.head);
		format_set_bold(n.title);
		format_set_align(n.title, LXW_ALIGN_CENTER);
		format_set_align(n.title, LXW_ALIGN_VERTICAL_CENTER);
		format_set_align(n.right, LXW_ALIGN_RIGHT);
	}
	if (!b.rc && ldg_db_prepare(db, sql, &st, &b.err))
		rpt_book_fail(&b, b.err.code);
	if (!b.rc) {
		sqlite3_bind_int64(st, 1, run.id);
		while (!b.rc && (step = sqlite3_step(st)) == SQLITE_ROW)
			notice_one(&b, db, &run, &n, ++seq, st);
		if (!b.rc && step != SQLITE_DONE)
			rpt_book_fail(&b, ldg_db_error(db, "cannot read the run's rows", &b.err));
	}
	sqlite3_finalize(st);
	/* a run with nobody to notify still gives a workbook that says so */
	if (!b.rc && !seq && (n.ws = rpt_sheet_add(&b, "告知书"))) {
		n.row = 0;
		worksheet_set_column(n.ws, 0, 0, NOTICE_WIDTH, NULL);
		put(&n, "本年度没有需告知的企业。", NULL);
	}
	rc = rpt_book_close(&b, err);
out:
	rpt_run_release(&run);
	return rc;
}
