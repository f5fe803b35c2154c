/*
 * check_reports.c — unit tests of reports/: the PBoC period parser
 * (cli.md `report pboc`), CJK column widths, the book's temporary file and
 * rename (reports.md "Common"), the reason wording (rules.md §3).  The
 * workbooks themselves are read back with openpyxl by tests/t_report*.sh.
 */
#include <check.h>
#include <stdio.h>
#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ledger/date.h"
#include "reports/report.h"
#include "reports/reports_int.h"
#include "reports/xlsxfmt.h"
#include "testutil.h"

/* Day number of an ISO date (test helper). */
static int32_t day(const char *iso)
{
	int32_t d = 0;

	ck_assert_int_eq(ldg_date_parse_iso(iso, &d, NULL), 0);
	return d;
}

START_TEST(period_year_quarter_month)
{
	int32_t a, z;
	char label[64];

	ck_assert_int_eq(rpt_period_parse("2024", &a, &z, label, sizeof label, NULL), 0);
	ck_assert_int_eq(a, day("2024-01-01"));
	ck_assert_int_eq(z, day("2024-12-31"));
	ck_assert_str_eq(label, "2024年");
	ck_assert_int_eq(rpt_period_parse("2024Q3", &a, &z, label, sizeof label, NULL), 0);
	ck_assert_int_eq(a, day("2024-07-01"));
	ck_assert_int_eq(z, day("2024-09-30"));
	ck_assert_str_eq(label, "2024年第三季度");
	ck_assert_int_eq(rpt_period_parse("2023q1", &a, &z, NULL, 0, NULL), 0);
	ck_assert_int_eq(z, day("2023-03-31"));
	ck_assert_int_eq(rpt_period_parse("2024-09", &a, &z, label, sizeof label, NULL), 0);
	ck_assert_int_eq(a, day("2024-09-01"));
	ck_assert_int_eq(z, day("2024-09-30"));
	ck_assert_str_eq(label, "2024年9月");
	/* February: 29 days in a leap year, 28 otherwise (2000 leap, 1900 not). */
	ck_assert_int_eq(rpt_period_parse("2024-02", &a, &z, NULL, 0, NULL), 0);
	ck_assert_int_eq(z, day("2024-02-29"));
	ck_assert_int_eq(rpt_period_parse("2023-02", &a, &z, NULL, 0, NULL), 0);
	ck_assert_int_eq(z, day("2023-02-28"));
	ck_assert_int_eq(rpt_period_parse("2000-02", &a, &z, NULL, 0, NULL), 0);
	ck_assert_int_eq(z, day("2000-02-29"));
	ck_assert_int_eq(rpt_period_parse("2024Q4", &a, &z, NULL, 0, NULL), 0);
	ck_assert_int_eq(z, day("2024-12-31"));
}
END_TEST

START_TEST(period_refused)
{
	static const char *const bad[] = {
		"", "24", "2024Q0", "2024Q5", "2024-00", "2024-13", "2024-9", "2024-09-01",
		"2024H1", "１９９９", "abcd", "2024 ", NULL
	};
	struct ldg_err err = { 0 };
	int32_t a, z;
	int i;

	for (i = 0; bad[i]; i++) {
		ldg_err_clear(&err);
		ck_assert_msg(rpt_period_parse(bad[i], &a, &z, NULL, 0, &err) == LDG_EUSAGE,
			      "'%s' accepted", bad[i]);
		ck_assert_ptr_nonnull(strstr(err.msg, "bad period"));
	}
}
END_TEST

START_TEST(widths_count_cjk_double)
{
	ck_assert_int_eq(rpt_text_width(""), 0);
	ck_assert_int_eq(rpt_text_width(NULL), 0);
	ck_assert_int_eq(rpt_text_width("ABC123"), 6);
	ck_assert_int_eq(rpt_text_width("东阳市"), 6);               /* 3 CJK × 2 */
	ck_assert_int_eq(rpt_text_width("（大写）：¥"), 5 * 2 + 1);   /* full-width forms 2, ¥ 1 */
	ck_assert_int_eq(rpt_text_width("ZL201811564288.X、12345678"), 16 + 2 + 8);
}
END_TEST

START_TEST(reasons_in_chinese)
{
	ck_assert_str_eq(rpt_reason_text("LATE"), "逾期还款");
	ck_assert_str_eq(rpt_reason_text("NOT_LEGAL_PERSON"), "非独立法人");
	ck_assert_str_eq(rpt_reason_text("COMBINED_UNKNOWN"), "组合贷款未区分知识产权部分");
	ck_assert_str_eq(rpt_reason_text("SOMETHING_NEW"), "SOMETHING_NEW");
	ck_assert_str_eq(rpt_kind_text(RPT_PATENT | RPT_TRADEMARK), "混合质押");
	ck_assert_str_eq(rpt_kind_text(RPT_COPYRIGHT), "著作权");
}
END_TEST

/* Entries of dir other than . and .. */
static int entries(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int n = 0;

	ck_assert_ptr_nonnull(d);
	while ((e = readdir(d)))
		n += strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0;
	closedir(d);
	return n;
}

START_TEST(book_renames_only_when_complete)
{
	char *path = tu_tmpfile("out.xlsx"), *dir = strdup(path);
	struct rpt_book b;
	struct ldg_err err = { 0 };
	struct stat st;

	*strrchr(dir, '/') = '\0';
	/* A failure recorded in the book: nothing under the final name, no temp. */
	ck_assert_int_eq(rpt_book_open(&b, path, 0, 0, "t", "c", &err), 0);
	ck_assert_ptr_nonnull(rpt_sheet_add(&b, "表"));
	rpt_book_fail(&b, ldg_err_set(&b.err, LDG_EDB, "cannot read loans"));
	ck_assert_int_eq(rpt_book_close(&b, &err), LDG_EDB);
	ck_assert_str_eq(err.msg, "cannot read loans");
	ck_assert_int_ne(stat(path, &st), 0);
	ck_assert_int_eq(entries(dir), 0);
	/* The same with rows already written in constant memory (temp files freed). */
	{
		static const struct rpt_col cols[] = { { "金额", RPT_AMOUNT, 1, NULL } };
		struct rpt_table t;
		int i;

		ldg_err_clear(&err);
		ck_assert_int_eq(rpt_book_open(&b, path, 1, 0, "t", "c", &err), 0);
		ck_assert_int_eq(rpt_table_begin(&t, &b, "表", cols, 1, "t", NULL, "单位：元"), 0);
		for (i = 0; i < 100; i++) {
			rpt_row_begin(&t);
			rpt_cell_fen(&t, 0, i);
			ck_assert_int_eq(rpt_row_end(&t), 0);
		}
		rpt_book_fail(&b, ldg_err_set(&b.err, LDG_EDB, "cannot read loans"));
		rpt_table_total(&t, "合计", NULL);
		ck_assert_int_eq(rpt_table_end(&t), LDG_EDB);
		ck_assert_int_eq(rpt_book_close(&b, &err), LDG_EDB);
		ck_assert_int_eq(entries(dir), 0);
	}
	/* A bad sheet name is reported with lxw_strerror's text. */
	ldg_err_clear(&err);
	ck_assert_int_eq(rpt_book_open(&b, path, 1, 0, "t", "c", &err), 0);
	ck_assert_ptr_null(rpt_sheet_add(&b, "a[b]"));
	ck_assert_int_eq(rpt_book_close(&b, &err), LDG_EIO);
	ck_assert_ptr_nonnull(strstr(err.msg, "sheet 'a[b]'"));
	ck_assert_int_eq(entries(dir), 0);
	/* Success: the file appears under its name, and only it. */
	ldg_err_clear(&err);
	ck_assert_int_eq(rpt_book_open(&b, path, 0, 0, "t", "c", &err), 0);
	ck_assert_ptr_nonnull(rpt_sheet_add(&b, "表"));
	ck_assert_int_eq(rpt_book_close(&b, &err), 0);
	ck_assert_int_eq(stat(path, &st), 0);
	ck_assert_int_eq(entries(dir), 1);
	free(dir);
	free(path);
}
END_TEST

START_TEST(book_refuses_missing_directory)
{
	struct rpt_book b;
	struct ldg_err err = { 0 };

	ck_assert_int_eq(rpt_book_open(&b, "/nonexistent-dir/x/y.xlsx", 0, 0, "t", "c", &err),
			 LDG_EIO);
	ck_assert_str_eq(err.msg, "cannot write '/nonexistent-dir/x/y.xlsx': No such file or directory");
	ck_assert_int_eq(ldg_exit_status(err.code), 3);
}
END_TEST

/*
 * Issue 11: a date cell holds the serial Excel shows as that date.  Excel
 * (and openpyxl, which reads the file independently) counts 1900-02-29
 * as serial 60, so days before 1900-03-01 are one serial lower than the
 * days after; a day before 1900 cannot be a serial and is written as text.
 */
START_TEST(date_cells_are_excel_serials)
{
	static const char *const isos[] = {
		"1900-01-01", "1900-01-15", "1900-02-28", "1900-03-01", "1990-01-01",
		"2024-03-15", "2099-12-31", "1899-12-31"
	};
	static const struct rpt_col cols[] = { { "日期", RPT_DATE, 0, NULL } };
	char *path = tu_tmpfile("dates.xlsx"), *cmd, *outp = tu_tmpfile("dates.txt");
	char want[512] = "", got[512] = "";
	const char *py = getenv("PY");
	struct rpt_book b;
	struct rpt_table t;
	struct ldg_err err = { 0 };
	size_t i, n;
	FILE *f;

	ck_assert_int_eq(rpt_book_open(&b, path, 0, 0, "t", "c", &err), 0);
	ck_assert_int_eq(rpt_table_begin(&t, &b, "表", cols, 1, NULL, NULL, NULL), 0);
	for (i = 0; i < sizeof(isos) / sizeof(isos[0]); i++) {
		int32_t day;

		ck_assert_int_eq(ldg_date_parse_iso(isos[i], &day, &err), 0);
		rpt_row_begin(&t);
		rpt_cell_date(&t, 0, day);
		ck_assert_int_eq(rpt_row_end(&t), 0);
		n = strlen(want);
		snprintf(want + n, sizeof(want) - n, "%s\n", isos[i]);
	}
	ck_assert_int_eq(rpt_table_end(&t), 0);
	ck_assert_int_eq(rpt_book_close(&b, &err), 0);
	ck_assert_int_ne(asprintf(&cmd, "%s -c 'import sys, openpyxl, datetime\n"
		"ws = openpyxl.load_workbook(sys.argv[1]).active\n"
		"for (v,) in ws.iter_rows(min_row=2, values_only=True):\n"
		"    print(v.date().isoformat() if isinstance(v, datetime.datetime) else v)' %s >%s",
		py && *py ? py : "/usr/bin/python3", path, outp), -1);
	ck_assert_int_eq(system(cmd), 0);
	ck_assert_ptr_nonnull(f = fopen(outp, "r"));
	n = fread(got, 1, sizeof(got) - 1, f);
	got[n] = '\0';
	fclose(f);
	ck_assert_str_eq(got, want);
	remove(path);
	remove(outp);
	free(cmd);
	free(path);
	free(outp);
}
END_TEST

Suite *reports_suite(void)
{
	Suite *s = suite_create("reports");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, period_year_quarter_month);
	tcase_add_test(tc, period_refused);
	tcase_add_test(tc, widths_count_cjk_double);
	tcase_add_test(tc, reasons_in_chinese);
	tcase_add_test(tc, book_renames_only_when_complete);
	tcase_add_test(tc, book_refuses_missing_directory);
	tcase_add_test(tc, date_cells_are_excel_serials);
	suite_add_tcase(s, tc);
	return s;
}
