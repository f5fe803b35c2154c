/*
 * check_import.c — libimport below the command line: SHA-256 (FIPS 180-4
 * vectors), the CSV reader's decoding and physical line numbers
 * (import.md §1, §4 "LINE is the physical line where the record starts"),
 * header mapping, and the shared row validator (import.md §2).
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "import/csvread.h"
#include "import/import.h"
#include "import/import_int.h"
#include "import/sha256.h"
#include "ledger/bank.h"
#include "ledger/db.h"
#include "tests/testutil.h"

static void sha_hex(const char *s, char out[65])
{
	struct imp_sha256 h;

	imp_sha256_init(&h);
	imp_sha256_update(&h, s, strlen(s));
	imp_sha256_final(&h, out);
}

/*
 * FIPS 180-4 examples (the NIST "SHA256.pdf" example values), through the
 * SHA-NI code where the CPU has it and through the plain C code.
 */
START_TEST(test_sha256_vectors)
{
	char hex[65];
	struct imp_sha256 h;
	char million[1001];
	int i, pass;

	for (pass = 0; pass < 2; pass++) {
		imp_sha256_portable(pass == 1);
		sha_hex("", hex);
		ck_assert_str_eq(hex, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
		sha_hex("abc", hex);
		ck_assert_str_eq(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
		sha_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", hex);
		ck_assert_str_eq(hex, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
		/* one million 'a', fed in uneven pieces */
		memset(million, 'a', sizeof(million));
		imp_sha256_init(&h);
		for (i = 0; i < 1000; i++)
			imp_sha256_update(&h, million, i % 2 ? 999 : 1001);
		imp_sha256_final(&h, hex);
		ck_assert_str_eq(hex, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
	}
	imp_sha256_portable(0);
}
END_TEST

/* Write data to a temp file and open it for reading. */
static struct imp_csv *open_text(const char *data, size_t len, enum imp_encoding enc,
				 struct ldg_err *err)
{
	char *path = tu_tmpfile("in.csv");
	struct imp_csv *r = NULL;

	ck_assert_ptr_nonnull(path);
	ck_assert_int_eq(tu_write(path, data, len), 0);
	ck_assert_int_eq(imp_csv_open(path, "in.csv", enc, &r, err), 0);
	free(path);
	return r;
}

/* import.md §4: a record's line is where it starts; blank lines and
 * all-empty rows are skipped; LF, CRLF and a lone CR end lines. */
START_TEST(test_csv_physical_lines)
{
	static const char data[] =
		"t,,\r\n"            /* 1 */
		"\r\n"               /* 2 blank */
		"h1,h2\r\n"          /* 3 */
		"\"multi\n"          /* 4: a record over lines 4-5 */
		"line\",2\n"         /* 5 */
		"\n"                 /* 6 blank */
		",,\n"               /* 7 all empty */
		"3,4\r"              /* 8 lone CR */
		"5,\"6,7\"";         /* 9 no final line end */
	struct ldg_err err = { 0 };
	struct imp_csv *r = open_text(data, sizeof(data) - 1, IMP_ENC_AUTO, &err);
	struct imp_record *rec;

	ck_assert_int_eq(imp_csv_next(r, &rec, &err), 1);
	ck_assert_int_eq(rec->line, 1);
	ck_assert_int_eq(rec->nfields, 3);
	ck_assert_str_eq(rec->fields[0], "t");
	ck_assert_ptr_null(rec->fields[1]);
	ck_assert_int_eq(imp_csv_next(r, &rec, &err), 1);
	ck_assert_int_eq(rec->line, 3);
	ck_assert_int_eq(imp_csv_next(r, &rec, &err), 1);
	ck_assert_int_eq(rec->line, 4);
	ck_assert_int_eq(rec->end_line, 5);
	ck_assert_str_eq(rec->fields[0], "multi\nline");
	ck_assert_str_eq(rec->fields[1], "2");
	ck_assert_uint_eq(rec->rawlen, strlen("\"multi\nline\",2\n"));
	ck_assert(memcmp(rec->raw, "\"multi\nline\",2\n", rec->rawlen) == 0);
	ck_assert_int_eq(imp_csv_next(r, &rec, &err), 1);
	ck_assert_int_eq(rec->line, 8);
	ck_assert_str_eq(rec->fields[1], "4");
	ck_assert_int_eq(imp_csv_next(r, &rec, &err), 1);
	ck_assert_int_eq(rec->line, 9);
	ck_assert_str_eq(rec->fields[1], "6,7");
	ck_assert_int_eq(imp_csv_next(r, &rec, &err), 0);
	ck_assert_int_eq(imp_csv_encoding(r), IMP_ENC_UTF8);
	imp_csv_close(r);
}
END_TEST

/* A UTF-8 BOM is stripped; GB18030 bytes are decoded (中 = D6 D0, 文 = CE C4). */
START_TEST(test_csv_bom_and_gb18030)
{
	static const char bom[] = "\xEF\xBB\xBF" "a,b\n";
	static const char gb[] = "\xD6\xD0\xCE\xC4,1\n";
	struct ldg_err err = { 0 };
	struct imp_csv *r = open_text(bom, sizeof(bom) - 1, IMP_ENC_AUTO, &err);
	struct imp_record *rec;

	ck_assert_int_eq(imp_csv_next(r, &rec, &err), 1);
	ck_assert_str_eq(rec->fields[0], "a");
	ck_assert_int_eq(imp_csv_had_bom(r), 1);
	imp_csv_close(r);
	r = open_text(gb, sizeof(gb) - 1, IMP_ENC_AUTO, &err);
	ck_assert_int_eq(imp_csv_next(r, &rec, &err), 1);
	ck_assert_int_eq(imp_csv_encoding(r), IMP_ENC_GB18030);
	ck_assert_str_eq(rec->fields[0], "中文");
	imp_csv_close(r);
}
END_TEST

/* Malformed CSV and an unclosed quote are input errors with a line. */
START_TEST(test_csv_malformed)
{
	static const char bad[] = "a,b\nc,d\"e,f\n";
	static const char open_quote[] = "a,b\n\"never closed\n";
	struct ldg_err err = { 0 };
	struct imp_csv *r = open_text(bad, sizeof(bad) - 1, IMP_ENC_UTF8, &err);
	struct imp_record *rec;

	ck_assert_int_eq(imp_csv_next(r, &rec, &err), 1);
	ck_assert_int_eq(imp_csv_next(r, &rec, &err), LDG_EINPUT);
	ck_assert_int_eq(err.line, 2);
	imp_csv_close(r);
	ldg_err_clear(&err);
	r = open_text(open_quote, sizeof(open_quote) - 1, IMP_ENC_UTF8, &err);
	ck_assert_int_eq(imp_csv_next(r, &rec, &err), 1);
	ck_assert_int_eq(imp_csv_next(r, &rec, &err), LDG_EINPUT);
	ck_assert_int_eq(err.line, 2);
	ck_assert_ptr_nonnull(strstr(err.msg, "not closed"));
	imp_csv_close(r);
}
END_TEST

/* import.md §1 (issue 11): a field's length counts a NUL byte its C string
 * hides; a row of U+3000, NBSP, spaces and tabs is blank; a header of tabs
 * and no comma makes the file tab-separated; UTF-16 with a BOM is read. */
START_TEST(test_csv_text_level)
{
	static const char nul[] = "a,b\n1,100\0" "0000.00\n\xe3\x80\x80,\xc2\xa0, \t\nx,y\n";
	static const char tab[] = "title, 2024\na\tb\tc\n1,5\t2\t3\n";
	static const char u16[] = "\xff\xfe" "a\0,\0b\0\n\0-\0N\0,\0" "1\0\n\0";
	struct ldg_err err = { 0 };
	struct imp_csv *r = open_text(nul, sizeof(nul) - 1, IMP_ENC_AUTO, &err);
	struct imp_record *rec;

	ck_assert_int_eq(imp_csv_next(r, &rec, &err), 1);
	ck_assert_int_eq(imp_csv_next(r, &rec, &err), 1);
	ck_assert_int_eq(rec->line, 2);
	ck_assert_ptr_nonnull(rec->lens);
	ck_assert_str_eq(rec->fields[1], "100");
	ck_assert_uint_eq(rec->lens[1], 11);
	ck_assert_int_eq(imp_csv_next(r, &rec, &err), 1);
	ck_assert_int_eq(rec->line, 4);          /* line 3 is blank to the eye */
	ck_assert_str_eq(rec->fields[0], "x");
	ck_assert_int_eq(imp_csv_next(r, &rec, &err), 0);
	ck_assert_int_eq(imp_csv_delimiter(r), ',');
	imp_csv_close(r);

	r = open_text(tab, sizeof(tab) - 1, IMP_ENC_AUTO, &err);
	ck_assert_int_eq(imp_csv_next(r, &rec, &err), 1);
	ck_assert_int_eq(imp_csv_delimiter(r), '\t');
	ck_assert_int_eq(imp_csv_next(r, &rec, &err), 1);
	ck_assert_int_eq(rec->nfields, 3);
	ck_assert_int_eq(imp_csv_next(r, &rec, &err), 1);
	ck_assert_int_eq(rec->nfields, 3);
	ck_assert_str_eq(rec->fields[0], "1,5");
	imp_csv_close(r);

	r = open_text(u16, sizeof(u16) - 1, IMP_ENC_GB18030, &err);
	ck_assert_int_eq(imp_csv_encoding(r), IMP_ENC_UTF16LE);
	ck_assert_int_eq(imp_csv_next(r, &rec, &err), 1);
	ck_assert_int_eq(imp_csv_had_bom(r), 1);
	ck_assert_str_eq(rec->fields[0], "a");
	ck_assert_int_eq(imp_csv_next(r, &rec, &err), 1);
	ck_assert_str_eq(rec->fields[0], "-N");
	ck_assert_int_eq(imp_csv_next(r, &rec, &err), 0);
	imp_csv_close(r);
}
END_TEST

/* A workbook is named for what it is; a record is bounded (1 MiB) and a
 * quote left open is named at the line where it opened. */
START_TEST(test_csv_workbook_and_bound)
{
	static const char zip[] = "PK\x03\x04\x14\0\0\0";
	struct ldg_err err = { 0 };
	struct imp_csv *r = NULL;
	struct imp_record *rec;
	char *path = tu_tmpfile("wb.csv"), *big;
	size_t n = 3u << 20, i;

	ck_assert_int_eq(tu_write(path, zip, sizeof(zip) - 1), 0);
	ck_assert_int_eq(imp_csv_open(path, "wb.csv", IMP_ENC_AUTO, &r, &err), LDG_EINPUT);
	ck_assert_ptr_null(r);
	ck_assert_ptr_nonnull(strstr(err.msg, "Excel workbook"));
	free(path);
	ck_assert_ptr_nonnull(big = malloc(n));
	memcpy(big, "a,b\n1,2\n\"open,", 15);
	for (i = 15; i < n; i++)
		big[i] = (i % 40 == 39) ? '\n' : 'x';
	ldg_err_clear(&err);
	r = open_text(big, n, IMP_ENC_AUTO, &err);
	free(big);
	ck_assert_int_eq(imp_csv_next(r, &rec, &err), 1);
	ck_assert_int_eq(imp_csv_next(r, &rec, &err), 1);
	ck_assert_int_eq(imp_csv_next(r, &rec, &err), LDG_EINPUT);
	ck_assert_int_eq(err.line, 3);
	ck_assert_ptr_nonnull(strstr(err.msg, "a quoted field is not closed"));
	/* stopped at the bound, not at the end of the 3 MiB file */
	ck_assert_ptr_nonnull(strstr(err.msg, "runs past 1 MiB"));
	ck_assert_int_lt(imp_csv_pos(r), 2 << 20);
	imp_csv_close(r);
}
END_TEST

/* Regression (found by fuzz_import under clang's UBSan): the first line is
 * looked for before any buffer exists; an empty file and a file without a
 * line end both work. */
START_TEST(test_regression_first_line_before_buffer)
{
	struct ldg_err err = { 0 };
	struct imp_csv *r = open_text("", 0, IMP_ENC_AUTO, &err);
	struct imp_record *rec;

	ck_assert_int_eq(imp_csv_next(r, &rec, &err), 0);
	imp_csv_close(r);
	r = open_text("a,b", 3, IMP_ENC_AUTO, &err);
	ck_assert_int_eq(imp_csv_next(r, &rec, &err), 1);
	ck_assert_int_eq(rec->line, 1);
	ck_assert_str_eq(rec->fields[1], "b");
	ck_assert_int_eq(imp_csv_next(r, &rec, &err), 0);
	imp_csv_close(r);
}
END_TEST

/* Collects the sink's messages. */
struct got {
	int errors, warnings;
	char last[1024];
};

static void collect(void *ctx, int is_error, const struct ldg_err *msg)
{
	struct got *g = ctx;

	if (is_error)
		g->errors++;
	else
		g->warnings++;
	ldg_err_format(msg, g->last, sizeof(g->last));
}

/* A valid loan row through the shared validator. */
static struct imp_row *loan_row(void)
{
	static const char *const cells[][2] = {
		{ "bank", "测试银行" }, { "contract-no", "C-1" },
		{ "uscc", "91330783ma26k5770l" }, { "enterprise", "东阳市明辉新材料有限公司" },
		{ "city", "330783" }, { "principal_wan", "100" }, { "start_date", "2024-03-15" },
		{ "maturity_date", "2025/3/14" }, { "ip_rights", "ZL202010566088.9、第12345678号" },
	};
	struct imp_row *row = imp_row_new(IMP_LOANS, NULL, 0);
	struct ldg_err err = { 0 };
	size_t i;

	ck_assert_ptr_nonnull(row);
	for (i = 0; i < sizeof(cells) / sizeof(cells[0]); i++)
		ck_assert_int_eq(imp_row_set(row, cells[i][0], cells[i][1], NULL, &err), 0);
	return row;
}

/* import.md §2: a new enterprise is created from the row; the key is BANK/CONTRACT;
 * a second `add` of the same key is refused; an identical upsert is unchanged. */
START_TEST(test_row_loan_insert_and_identity)
{
	sqlite3 *db = tu_fresh_db();
	struct imp_row *row = loan_row();
	struct got g = { 0 };
	struct imp_sink sink = { collect, &g };
	struct ldg_err err = { 0 };
	enum imp_outcome out;
	char key[IMP_KEYSZ];

	ck_assert_int_eq(imp_row_apply(db, row, IMP_MODE_INSERT, 0, 0, &sink, &out, key, &err), 0);
	ck_assert_int_eq(out, IMP_NEW);
	ck_assert_str_eq(key, "测试银行/C-1");
	/* 100 万元 = 1 000 000.00 yuan */
	ck_assert_int_eq(tu_int(db, "SELECT principal_fen FROM loans"), 100000000);
	ck_assert_int_eq(tu_int(db, "SELECT count(*) FROM enterprises WHERE uscc = '91330783MA26K5770L'"
				" AND city = '330783'"), 1);
	ck_assert_int_eq(tu_int(db, "SELECT count(*) FROM loan_rights WHERE kind = 'trademark'"
				" AND right_no = '12345678'"), 1);
	ck_assert_int_eq(tu_int(db, "SELECT count(*) FROM audit_log WHERE action = 'insert'"
				" AND entity = 'loan' AND entity_key = '测试银行/C-1'"), 1);
	ck_assert_int_eq(imp_row_apply(db, row, IMP_MODE_INSERT, 0, 0, &sink, &out, key, &err), 0);
	ck_assert_int_eq(out, IMP_REJECTED);
	ck_assert_ptr_nonnull(strstr(g.last, "recorded already"));
	ck_assert_int_eq(imp_row_apply(db, row, IMP_MODE_UPSERT, 0, 0, &sink, &out, key, &err), 0);
	ck_assert_int_eq(out, IMP_UNCHANGED);
	imp_row_free(row);
	sqlite3_close(db);
}
END_TEST

/* Every problem of a row is reported, not only the first. */
START_TEST(test_row_all_errors_reported)
{
	sqlite3 *db = tu_fresh_db();
	struct imp_row *row = loan_row();
	struct got g = { 0 };
	struct imp_sink sink = { collect, &g };
	struct ldg_err err = { 0 };
	enum imp_outcome out;

	ck_assert_int_eq(imp_row_set(row, "ip_portion", "10", NULL, &err), 0);   /* not combined */
	ck_assert_int_eq(imp_row_set(row, "ip_values", "1;2;3", NULL, &err), 0); /* 3 for 2 */
	ck_assert_int_eq(imp_row_set(row, "rate", "abc", NULL, &err), 0);
	ck_assert_int_eq(imp_row_apply(db, row, IMP_MODE_INSERT, 0, 0, &sink, &out, NULL, &err), 0);
	ck_assert_int_eq(out, IMP_REJECTED);
	ck_assert_int_eq(g.errors, 3);
	ck_assert_int_eq(tu_int(db, "SELECT count(*) FROM loans"), 0);
	ck_assert_int_eq(imp_row_set(row, "no_such_column", "x", NULL, &err), LDG_EUSAGE);
	imp_row_free(row);
	sqlite3_close(db);
}
END_TEST

/* domain.md §2: a nonstandard USCC only on purpose, then rows with it pass. */
START_TEST(test_row_nonstandard_uscc)
{
	sqlite3 *db = tu_fresh_db();
	struct imp_row *row = imp_row_new(IMP_ENTERPRISES, NULL, 0);
	struct got g = { 0 };
	struct imp_sink sink = { collect, &g };
	struct ldg_err err = { 0 };
	enum imp_outcome out;

	ck_assert_int_eq(imp_row_set(row, "uscc", "91350211M00013FA1N", NULL, &err), 0);
	ck_assert_int_eq(imp_row_set(row, "name", "厦门某公司", NULL, &err), 0);
	ck_assert_int_eq(imp_row_set(row, "city", "东阳市", NULL, &err), 0);
	ck_assert_int_eq(imp_row_apply(db, row, IMP_MODE_INSERT, 0, 0, &sink, &out, NULL, &err), 0);
	ck_assert_int_eq(out, IMP_REJECTED);
	ck_assert_ptr_nonnull(strstr(g.last, "expected '3'"));
	ck_assert_int_eq(imp_row_apply(db, row, IMP_MODE_INSERT, 1, 0, &sink, &out, NULL, &err), 0);
	ck_assert_int_eq(out, IMP_NEW);
	ck_assert_int_eq(tu_int(db, "SELECT nonstandard_uscc FROM enterprises"), 1);
	ck_assert_int_eq(tu_int(db, "SELECT count(*) FROM audit_log WHERE entity = 'enterprise'"
				" AND detail LIKE 'nonstandard USCC%'"), 1);
	imp_row_free(row);
	/* a contribution row with that USCC now imports normally */
	row = imp_row_new(IMP_CONTRIBUTIONS, NULL, 0);
	ck_assert_int_eq(imp_row_set(row, "uscc", "91350211M00013FA1N", NULL, &err), 0);
	ck_assert_int_eq(imp_row_set(row, "year", "2024年度", NULL, &err), 0);
	ck_assert_int_eq(imp_row_set(row, "contribution", "1,000.00", NULL, &err), 0);
	ck_assert_int_eq(imp_row_apply(db, row, IMP_MODE_UPSERT, 0, 0, &sink, &out, NULL, &err), 0);
	ck_assert_int_eq(out, IMP_NEW);
	ck_assert_int_eq(tu_int(db, "SELECT contribution_fen FROM contributions WHERE year = 2024"), 100000);
	imp_row_free(row);
	sqlite3_close(db);
}
END_TEST

/* import.md §1: a header is found below title lines; a 合计 row is skipped;
 * unknown columns are named once in a warning (序号 is known: not named). */
START_TEST(test_file_header_total_warning)
{
	static const char data[] =
		"某某银行台账,,,,,,,,,\n"
		"序号,贷款银行,合同编号,信用代码,企业名称,所属地区,贷款金额(元),放款日期,到期日,质押物编号,备注\n"
		"1,测试银行,C-9,91330783MA26K5770L,东阳市明辉新材料有限公司,东阳市,5000,2024-01-02,2024-12-31,ZL202010566088.9,x\n"
		"合计,,,,,,5000,,,,\n";
	sqlite3 *db = tu_fresh_db();
	char *path = tu_tmpfile("t.csv");
	struct got g = { 0 };
	struct imp_sink sink = { collect, &g };
	struct imp_report rep;
	struct ldg_err err = { 0 };

	ck_assert_int_eq(tu_write(path, data, sizeof(data) - 1), 0);
	ck_assert_int_eq(imp_file(db, IMP_LOANS, path, NULL, &rep, &sink, &err), 0);
	ck_assert_int_eq(rep.rows, 1);
	ck_assert_int_eq(rep.new_rows, 1);
	ck_assert_int_eq(rep.header_line, 2);
	ck_assert_int_eq(g.warnings, 1);
	ck_assert_int_eq(g.errors, 0);
	ck_assert_int_gt(rep.batch_id, 0);
	ck_assert_int_eq(tu_int(db, "SELECT principal_fen FROM loans"), 500000);
	free(path);
	sqlite3_close(db);
}
END_TEST

/* Each SQL text a statement runs, once (sqlite3_trace_v2's STMT event). */
struct traced {
	char *sql[64];
	int n;
};

static int trace_stmt(unsigned type, void *ctx, void *p, void *x)
{
	struct traced *t = ctx;
	const char *sql = sqlite3_sql(p);
	int i;

	(void)type;
	(void)x;
	if (!sql)
		return 0;
	for (i = 0; i < t->n; i++)
		if (!strcmp(t->sql[i], sql))
			return 0;
	if (t->n < 64)
		t->sql[t->n++] = strdup(sql);
	return 0;
}

/*
 * Ask the plan of each statement traced in t (and free them): none may scan
 * a table but the bank register (`SCAN b`, tens of rows, not growing with
 * the loans).  Returns how many of them read or write loans.
 */
static int plans_without_scan(sqlite3 *db, struct traced *t)
{
	int i, loan_stmts = 0;

	for (i = 0; i < t->n; i++) {
		char *q = sqlite3_mprintf("EXPLAIN QUERY PLAN %s", t->sql[i]);
		sqlite3_stmt *st = NULL;

		ck_assert_ptr_nonnull(q);
		ck_assert_msg(sqlite3_prepare_v2(db, q, -1, &st, NULL) == SQLITE_OK, "%s: %s", t->sql[i],
			      sqlite3_errmsg(db));
		if (strstr(t->sql[i], "loans") || strstr(t->sql[i], "loan_rights"))
			loan_stmts++;
		while (sqlite3_step(st) == SQLITE_ROW) {
			const char *d = (const char *)sqlite3_column_text(st, 3);

			if (getenv("SHOWPLAN"))
				fprintf(stderr, "%s\n   %s\n", t->sql[i], d);
			/* no SCAN of loans, loan_rights or any table that grows
			 * with them: each row's statements find their rows by a
			 * key or an index */
			ck_assert_msg(!d || strncmp(d, "SCAN ", 5) || !strcmp(d, "SCAN b"),
				      "a row's statement scans a table once the bulk indexes are"
				      " dropped: %s\n  in: %s", d, t->sql[i]);
		}
		sqlite3_finalize(st);
		sqlite3_free(q);
		free(t->sql[i]);
	}
	t->n = 0;
	return loan_stmts;
}

/* The end of a bulk test: release what it made, roll back, close. */
static void bulk_end(sqlite3 *db, struct imp_ctx *ctx, struct imp_bulk *bulk,
		     struct imp_row *row)
{
	imp_ctx_release(ctx);
	imp_bulk_release(bulk);
	imp_row_free(row);
	sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
	sqlite3_close(db);
}

/*
 * Regression (decisions.md "Import at scale"): a large loans file drops the
 * secondary indexes of loans and loan_rights for its duration, loans_uscc
 * included; a statement run for each row must still find its rows by a key
 * or an index, not scan the loans written so far (the probable-duplicate
 * test did once loans_uscc was dropped: 200 000 rows took 28 minutes).
 * Every statement of a new loan row, of a changed one imported again and of
 * a probable duplicate (the in-memory set says "maybe", the loans are read
 * by their unique key) is asked for its plan, as the bulk path runs them:
 * none scans (SHOWPLAN=1 prints the plans).
 */
START_TEST(test_bulk_rows_use_indexes)
{
	sqlite3 *db = tu_fresh_db();
	struct imp_row *row = loan_row();
	struct got g = { 0 };
	struct imp_sink sink = { collect, &g };
	struct ldg_err err = { 0 };
	struct imp_bulk bulk = { { NULL }, 0 };
	struct traced t = { { NULL }, 0 };
	struct imp_ctx ctx;
	enum imp_outcome out;
	char key[IMP_KEYSZ];

	ck_assert_int_eq(sqlite3_exec(db, "BEGIN", NULL, NULL, NULL), SQLITE_OK);
	ck_assert_int_eq(imp_bulk_drop(db, &bulk, &err), 0);
	/* it drops the secondary indexes, loans_uscc among them */
	ck_assert_int_gt(bulk.n, 0);
	ck_assert_int_eq(tu_int(db, "SELECT count(*) FROM sqlite_master WHERE name = 'loans_uscc'"), 0);
	ck_assert_int_eq(tu_int(db, "SELECT count(*) FROM sqlite_master WHERE name = 'loans_start'"), 0);
	imp_ctx_init(&ctx, db, 0, &sink);
	ck_assert_int_eq(ldg_bank_dup_keys(&ctx.store, 100, &err), 0);
	sqlite3_trace_v2(db, SQLITE_TRACE_STMT, trace_stmt, &t);
	ck_assert_int_eq(imp_apply(&ctx, row, IMP_MODE_INSERT, 0, &out, key, &err), 0);
	ck_assert_int_eq(out, IMP_NEW);
	/* and a changed loan imported again (an update of the row and its rights) */
	ck_assert_int_eq(imp_row_set(row, "principal_wan", "120", NULL, &err), 0);
	ck_assert_int_eq(imp_row_set(row, "ip_rights", "ZL202010566088.9", NULL, &err), 0);
	ck_assert_int_eq(imp_apply(&ctx, row, IMP_MODE_UPSERT, 0, &out, key, &err), 0);
	ck_assert_int_eq(out, IMP_UPDATED);
	ck_assert_int_eq(g.errors, 0);
	/* the same contract of the same borrower from another bank: the set
	 * says "maybe", the loans are read and the row is refused */
	ck_assert_int_eq(imp_row_set(row, "bank", "另一银行", NULL, &err), 0);
	ck_assert_int_eq(imp_apply(&ctx, row, IMP_MODE_INSERT, 0, &out, key, &err), 0);
	ck_assert_int_eq(out, IMP_REJECTED);
	ck_assert_int_eq(g.errors, 1);
	ck_assert_msg(strstr(g.last, "probable duplicate") && strstr(g.last, "测试银行"), "%s", g.last);
	sqlite3_trace_v2(db, 0, NULL, NULL);
	ck_assert_int_gt(t.n, 0);
	/* the duplicate test by unique key and the insert were among them */
	ck_assert_int_gt(plans_without_scan(db, &t), 2);
	bulk_end(db, &ctx, &bulk, row);
}
END_TEST

/*
 * The in-memory set of the bulk path gives the duplicate test's answers of
 * the plain path: a loan recorded before the import (its contract typed
 * another way: full-width brackets, spaces) is found, a loan of the file
 * is found by a later row of the file, and another borrower or contract is
 * not a duplicate.
 */
START_TEST(test_bulk_duplicates_as_without)
{
	int bulkpath;

	for (bulkpath = 0; bulkpath < 2; bulkpath++) {
		sqlite3 *db = tu_fresh_db();
		struct imp_row *row = loan_row();
		struct got g = { 0 };
		struct imp_sink sink = { collect, &g };
		struct ldg_err err = { 0 };
		struct imp_bulk bulk = { { NULL }, 0 };
		struct imp_ctx ctx;
		enum imp_outcome out;
		char key[IMP_KEYSZ];

		/* recorded before: bank 测试银行, contract （2024）质字 第1号 */
		ck_assert_int_eq(imp_row_set(row, "contract-no", "（2024）质字 第1号", NULL, &err), 0);
		ck_assert_int_eq(imp_row_apply(db, row, IMP_MODE_INSERT, 0, 0, &sink, &out, key, &err), 0);
		ck_assert_int_eq(out, IMP_NEW);
		ck_assert_int_eq(sqlite3_exec(db, "BEGIN", NULL, NULL, NULL), SQLITE_OK);
		if (bulkpath)
			ck_assert_int_eq(imp_bulk_drop(db, &bulk, &err), 0);
		imp_ctx_init(&ctx, db, 0, &sink);
		if (bulkpath)
			ck_assert_int_eq(ldg_bank_dup_keys(&ctx.store, 10, &err), 0);
		else
			ck_assert_ptr_null(ctx.store.dup_keys);

		/* the same contract typed another way at another bank: refused */
		ck_assert_int_eq(imp_row_set(row, "bank", "乙银行", NULL, &err), 0);
		ck_assert_int_eq(imp_row_set(row, "contract-no", "(2024)质字  第1号", NULL, &err), 0);
		ck_assert_int_eq(sqlite3_exec(db, "SAVEPOINT r", NULL, NULL, NULL), SQLITE_OK);
		ck_assert_int_eq(imp_apply(&ctx, row, IMP_MODE_INSERT, 0, &out, key, &err), 0);
		ck_assert_int_eq(out, IMP_REJECTED);
		ck_assert_msg(strstr(g.last, "probable duplicate") && strstr(g.last, "测试银行"),
			      "%d: %s", bulkpath, g.last);
		ck_assert_int_eq(sqlite3_exec(db, "ROLLBACK TO r; RELEASE r", NULL, NULL, NULL), SQLITE_OK);
		imp_ctx_forget(&ctx);

		/* another contract at that bank: new; then the same at a third
		 * bank, later in the file: refused, naming 乙银行 */
		ck_assert_int_eq(imp_row_set(row, "contract-no", "ZY-2", NULL, &err), 0);
		ck_assert_int_eq(imp_apply(&ctx, row, IMP_MODE_INSERT, 0, &out, key, &err), 0);
		ck_assert_int_eq(out, IMP_NEW);
		ck_assert_int_eq(imp_row_set(row, "bank", "丙银行", NULL, &err), 0);
		ck_assert_int_eq(imp_apply(&ctx, row, IMP_MODE_INSERT, 0, &out, key, &err), 0);
		ck_assert_int_eq(out, IMP_REJECTED);
		ck_assert_msg(strstr(g.last, "乙银行"), "%d: %s", bulkpath, g.last);
		ck_assert_int_eq(g.errors, 2);

		/* the same contract of another borrower is not a duplicate */
		ck_assert_int_eq(imp_row_set(row, "bank", "丁银行", NULL, &err), 0);
		ck_assert_int_eq(imp_row_set(row, "uscc", "91330783MA20CA4GX5", NULL, &err), 0);
		ck_assert_int_eq(imp_row_set(row, "enterprise", "东阳市另一家有限公司", NULL, &err), 0);
		ck_assert_int_eq(imp_apply(&ctx, row, IMP_MODE_INSERT, 0, &out, key, &err), 0);
		ck_assert_msg(out == IMP_NEW, "%d: %s", bulkpath, g.last);
		ck_assert_int_eq(g.errors, 2);
		bulk_end(db, &ctx, &bulk, row);
	}
}
END_TEST

Suite *import_suite(void)
{
	Suite *s = suite_create("import");
	TCase *tc = tcase_create("import");

	tcase_add_test(tc, test_sha256_vectors);
	tcase_add_test(tc, test_csv_physical_lines);
	tcase_add_test(tc, test_csv_bom_and_gb18030);
	tcase_add_test(tc, test_csv_malformed);
	tcase_add_test(tc, test_regression_first_line_before_buffer);
	tcase_add_test(tc, test_row_loan_insert_and_identity);
	tcase_add_test(tc, test_row_all_errors_reported);
	tcase_add_test(tc, test_row_nonstandard_uscc);
	tcase_add_test(tc, test_file_header_total_warning);
	tcase_add_test(tc, test_csv_text_level);
	tcase_add_test(tc, test_csv_workbook_and_bound);
	tcase_add_test(tc, test_bulk_rows_use_indexes);
	tcase_add_test(tc, test_bulk_duplicates_as_without);
	suite_add_tcase(s, tc);
	return s;
}
