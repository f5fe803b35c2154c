/*
 * bench_xlsx_baseline.c — the yardstick of scripts/bench_report.sh: the
 * least a program can do to write the cells `pledger report ledger` writes
 * for the benchmark database, with libxlsxwriter in constant-memory mode.
 *
 * It makes the same values from the same formulas as the benchmark's SQL
 * generator (no database), and writes the same cells: a title, a unit line,
 * a header of 22 columns, then per loan the same strings, numbers, dates
 * and formatted blanks, and an empty policies sheet.  No widths, no totals,
 * no error reporting beyond the exit status.
 *
 *     bench_xlsx_baseline OUT.xlsx N
 */
#include <stdio.h>
#include <stdlib.h>

#include <xlsxwriter.h>

/* Days since 1970-01-01 of y-m-d (proleptic Gregorian). */
static long days_from_civil(long y, unsigned m, unsigned d)
{
	long era;
	unsigned yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = (unsigned)(y - era * 400);
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + (long)doe - 719468;
}

int main(int argc, char **argv)
{
	static const char *const head[22] = {
		"序号", "所属地区", "经办银行", "合同编号", "企业名称", "统一社会信用代码",
		"质押权利", "质押类型", "评估价值", "贷款本金", "组合贷款", "知识产权部分",
		"执行利率(%)", "起始日", "到期日", "结清日", "逾期", "已付利息", "登记编号",
		"登记日期", "授信额度", "导入批次"
	};
	lxw_workbook_options opt = { .constant_memory = LXW_TRUE, .use_zip64 = LXW_TRUE };
	lxw_workbook *wb;
	lxw_worksheet *ws;
	lxw_format *text, *amount, *date, *pct, *head_f;
	long n, i, base = days_from_civil(2020, 1, 1);
	char buf[64];
	int c;

	if (argc != 3 || (n = strtol(argv[2], NULL, 10)) < 0)
		return 2;
	if (!(wb = workbook_new_opt(argv[1], &opt)) || !(ws = workbook_add_worksheet(wb, "贷款明细")))
		return 1;
	text = workbook_add_format(wb);
	format_set_border(text, LXW_BORDER_THIN);
	amount = workbook_add_format(wb);
	format_set_border(amount, LXW_BORDER_THIN);
	format_set_num_format(amount, "#,##0.00");
	date = workbook_add_format(wb);
	format_set_border(date, LXW_BORDER_THIN);
	format_set_num_format(date, "yyyy-mm-dd");
	pct = workbook_add_format(wb);
	format_set_border(pct, LXW_BORDER_THIN);
	format_set_num_format(pct, "0.00##");
	head_f = workbook_add_format(wb);
	format_set_bold(head_f);
	worksheet_write_string(ws, 0, 0, "全部地区知识产权质押贷款及专利保险台账", head_f);
	worksheet_write_string(ws, 1, 0, "地区：全部地区　　期间：全部", NULL);
	for (c = 0; c < 22; c++)
		worksheet_write_string(ws, 2, (lxw_col_t)c, head[c], head_f);
	/* The same formulas as the generator in scripts/bench_report.sh. */
	for (i = 1; i <= n; i++) {
		lxw_row_t r = (lxw_row_t)(i + 2);
		long start = base + i % 1800, principal = 100000000 + (i * 7919) % 900000000;

		worksheet_write_number(ws, r, 0, (double)i, text);
		worksheet_write_string(ws, r, 1, "东阳市", text);
		snprintf(buf, sizeof buf, "银行%ld", 1 + i % 8);
		worksheet_write_string(ws, r, 2, buf, text);
		snprintf(buf, sizeof buf, "HT%08ld", i);
		worksheet_write_string(ws, r, 3, buf, text);
		snprintf(buf, sizeof buf, "企业%04ld", i % 1000);
		worksheet_write_string(ws, r, 4, buf, text);
		snprintf(buf, sizeof buf, "91330783%010ld", i % 1000);
		worksheet_write_string(ws, r, 5, buf, text);
		snprintf(buf, sizeof buf, "ZL2020%06ld.X", i % 1000000);
		worksheet_write_string(ws, r, 6, buf, text);
		worksheet_write_string(ws, r, 7, "专利权", text);
		worksheet_write_blank(ws, r, 8, amount);
		worksheet_write_number(ws, r, 9, principal / 100.0, amount);
		worksheet_write_string(ws, r, 10, "否", text);
		worksheet_write_blank(ws, r, 11, amount);
		worksheet_write_number(ws, r, 12, (35000 + i % 20000) / 10000.0, pct);
		worksheet_write_number(ws, r, 13, (double)(start + 25569), date);
		worksheet_write_number(ws, r, 14, (double)(start + 365 + 25569), date);
		if (i % 3)
			worksheet_write_number(ws, r, 15, (double)(start + 360 + 25569), date);
		else
			worksheet_write_blank(ws, r, 15, date);
		worksheet_write_string(ws, r, 16, "否", text);
		worksheet_write_number(ws, r, 17, (principal / 25) / 100.0, amount);
		worksheet_write_blank(ws, r, 18, text);
		worksheet_write_blank(ws, r, 19, date);
		worksheet_write_blank(ws, r, 20, amount);
		worksheet_write_blank(ws, r, 21, text);
	}
	if (!workbook_add_worksheet(wb, "保单明细"))
		return 1;
	return workbook_close(wb) == LXW_NO_ERROR ? 0 : 1;
}
