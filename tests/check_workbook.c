/*
 * check_workbook.c — the workbook readers below the importer (import.md §1
 * "Excel workbooks"): numbers to decimal text, Excel serial dates in both
 * date systems, cell references, and a workbook written by libxlsxwriter
 * read back through imp_table_open() from a buffer (the workbench's way)
 * with each cell's kind and text; a CSV buffer goes the CSV way.
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include <xlsxwriter.h>

#include "import/table.h"
#include "import/xlsxread.h"
#include "tests/testutil.h"

START_TEST(test_number_text)
{
	char t[400];

	/* xlsx-boundary: the doubles a cell may hold */
	ck_assert_int_eq(imp_number_text(1234.56, 0, t, sizeof(t)), 0);
	ck_assert_str_eq(t, "1234.56");
	imp_number_text(1234.5599999999999, 0, t, sizeof(t));   /* the same double */
	ck_assert_str_eq(t, "1234.56");
	imp_number_text(466.4321, 0, t, sizeof(t));
	ck_assert_str_eq(t, "466.4321");
	imp_number_text(0.1 + 0.2, 0, t, sizeof(t));
	ck_assert_str_eq(t, "0.3");
	imp_number_text(4.45 / 100, 0, t, sizeof(t));   /* 0.044500000000000005 */
	ck_assert_str_eq(t, "0.0445");
	imp_number_text(0.0345, 2, t, sizeof(t));
	ck_assert_str_eq(t, "3.45");
	imp_number_text(202433074366418.0, 0, t, sizeof(t));
	ck_assert_str_eq(t, "202433074366418");
	imp_number_text(1e20, 0, t, sizeof(t));
	ck_assert_str_eq(t, "100000000000000000000");
	imp_number_text(1e-7, 0, t, sizeof(t));
	ck_assert_str_eq(t, "0.0000001");
	imp_number_text(-2.5, 0, t, sizeof(t));
	ck_assert_str_eq(t, "-2.5");
	imp_number_text(0.0, 0, t, sizeof(t));
	ck_assert_str_eq(t, "0");
	imp_number_text(45366.0, 0, t, sizeof(t));
	ck_assert_str_eq(t, "45366");
}
END_TEST

START_TEST(test_serial_dates)
{
	char d[11];

	ck_assert_int_eq(imp_serial_date(45366, 0, d), 0);
	ck_assert_str_eq(d, "2024-03-15");
	imp_serial_date(45366.75, 0, d);   /* the time is dropped */
	ck_assert_str_eq(d, "2024-03-15");
	imp_serial_date(1, 0, d);
	ck_assert_str_eq(d, "1900-01-01");
	imp_serial_date(59, 0, d);
	ck_assert_str_eq(d, "1900-02-28");
	imp_serial_date(60, 0, d);         /* Lotus's day, for the parser to refuse */
	ck_assert_str_eq(d, "1900-02-29");
	imp_serial_date(61, 0, d);
	ck_assert_str_eq(d, "1900-03-01");
	imp_serial_date(43904, 1, d);      /* the 1904 system */
	ck_assert_str_eq(d, "2024-03-15");
	imp_serial_date(0, 1, d);
	ck_assert_str_eq(d, "1904-01-01");
	imp_serial_date(2958465, 0, d);
	ck_assert_str_eq(d, "9999-12-31");
	ck_assert_int_eq(imp_serial_date(0, 0, d), -1);
	ck_assert_int_eq(imp_serial_date(2958466, 0, d), -1);
	ck_assert_int_eq(imp_serial_date(-1, 0, d), -1);
}
END_TEST

START_TEST(test_cell_ref)
{
	char r[16];

	imp_cell_ref(0, 1, r, sizeof(r));
	ck_assert_str_eq(r, "A1");
	imp_cell_ref(6, 12, r, sizeof(r));
	ck_assert_str_eq(r, "G12");
	imp_cell_ref(25, 3, r, sizeof(r));
	ck_assert_str_eq(r, "Z3");
	imp_cell_ref(26, 3, r, sizeof(r));
	ck_assert_str_eq(r, "AA3");
	imp_cell_ref(16383, 1048576, r, sizeof(r));
	ck_assert_str_eq(r, "XFD1048576");
}
END_TEST

/* A workbook made by libxlsxwriter, read from a buffer. */
START_TEST(test_libxlsxwriter_buffer)
{
	char *path = tu_tmpfile("lxw.xlsx"), *buf;
	lxw_workbook *wb = workbook_new(path);
	lxw_worksheet *ws1 = workbook_add_worksheet(wb, "hidden"), *ws = workbook_add_worksheet(wb, "data");
	lxw_format *date = workbook_add_format(wb), *pct = workbook_add_format(wb);
	lxw_datetime dt = { 2024, 3, 15, 0, 0, 0 };
	struct imp_table *t = NULL;
	struct imp_record *rec;
	struct ldg_err err = { 0 };
	size_t len;

	format_set_num_format(date, "yyyy\"年\"m\"月\"d\"日\"");
	format_set_num_format(pct, "0.00%");
	worksheet_write_string(ws1, 0, 0, "not this one", NULL);
	worksheet_hide(ws1);
	worksheet_activate(ws);
	worksheet_write_string(ws, 0, 0, "合同编号", NULL);
	worksheet_write_string(ws, 0, 1, "金额", NULL);
	worksheet_write_string(ws, 2, 0, "HT-1", NULL);                 /* row 3 */
	worksheet_write_number(ws, 2, 1, 1234.56, NULL);               /* xlsx-boundary */
	worksheet_write_datetime(ws, 2, 2, &dt, date);
	worksheet_write_number(ws, 2, 3, 0.0345, pct);                 /* xlsx-boundary */
	worksheet_write_formula_num(ws, 2, 4, "=B3*2", NULL, 2469.12); /* xlsx-boundary */
	worksheet_write_boolean(ws, 2, 6, 1, NULL);                    /* G3; F3 empty */
	ck_assert_int_eq(workbook_close(wb), LXW_NO_ERROR);
	ck_assert_ptr_nonnull(buf = tu_slurp(path, &len));

	ck_assert_int_eq(imp_table_open(NULL, buf, len, "lxw.xlsx", IMP_ENC_AUTO, NULL, &t, &err), 0);
	ck_assert_int_eq(imp_table_format(t), IMP_FMT_XLSX);
	ck_assert_int_eq(imp_table_next(t, &rec, &err), 1);
	ck_assert_int_eq(rec->line, 1);
	ck_assert_int_eq(rec->nfields, 2);
	ck_assert_str_eq(rec->fields[0], "合同编号");
	ck_assert_int_eq(imp_table_next(t, &rec, &err), 1);   /* row 2 is blank */
	ck_assert_int_eq(rec->line, 3);
	ck_assert_int_eq(rec->nfields, 7);
	ck_assert_str_eq(rec->fields[0], "HT-1");
	ck_assert_int_eq(rec->kinds[0], IMP_CELL_TEXT);
	ck_assert_str_eq(rec->fields[1], "1234.56");
	ck_assert_int_eq(rec->kinds[1], IMP_CELL_NUMBER);
	ck_assert_str_eq(rec->fields[2], "2024-03-15");
	ck_assert_int_eq(rec->kinds[2], IMP_CELL_DATE);
	ck_assert_str_eq(rec->fields[3], "3.45%");
	ck_assert_int_eq(rec->kinds[3], IMP_CELL_PERCENT);
	ck_assert_str_eq(rec->fields[4], "2469.12");
	ck_assert_ptr_null(rec->fields[5]);
	ck_assert_str_eq(rec->fields[6], "TRUE");
	ck_assert_int_eq(rec->kinds[6], IMP_CELL_BOOL);
	ck_assert_int_eq(imp_table_next(t, &rec, &err), 0);
	imp_table_close(t);
	t = NULL;

	/* --sheet by name reads the hidden one */
	ck_assert_int_eq(imp_table_open(NULL, buf, len, "lxw.xlsx", IMP_ENC_AUTO, "hidden", &t, &err), 0);
	ck_assert_int_eq(imp_table_next(t, &rec, &err), 1);
	ck_assert_str_eq(rec->fields[0], "not this one");
	imp_table_close(t);
	t = NULL;

	/* a CSV buffer is CSV, without kinds */
	ck_assert_int_eq(imp_table_open(NULL, "a,b\n\n1,2\n", 9, "up.csv", IMP_ENC_AUTO, NULL, &t, &err), 0);
	ck_assert_int_eq(imp_table_format(t), IMP_FMT_CSV);
	ck_assert_int_eq(imp_table_next(t, &rec, &err), 1);
	ck_assert_int_eq(imp_table_next(t, &rec, &err), 1);
	ck_assert_int_eq(rec->line, 3);
	ck_assert_ptr_null(rec->kinds);
	ck_assert_int_eq(imp_table_next(t, &rec, &err), 0);
	imp_table_close(t);
	free(buf);
	free(path);
}
END_TEST

Suite *workbook_suite(void)
{
	Suite *s = suite_create("workbook");
	TCase *tc = tcase_create("workbook");

	tcase_add_test(tc, test_number_text);
	tcase_add_test(tc, test_serial_dates);
	tcase_add_test(tc, test_cell_ref);
	tcase_add_test(tc, test_libxlsxwriter_buffer);
	suite_add_tcase(s, tc);
	return s;
}
