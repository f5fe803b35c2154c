/*
 * check_bank.c — the register of banks (ledger/bank.h, import.md §5):
 * names in normal form, `bank alias` adding a name, merging a bank of its
 * own, and its refusals (a contract both banks hold, a loan a finalized
 * run uses — rules.md §7), each leaving the database as it was.
 */
#include <check.h>
#include <stdio.h>
#include <string.h>

#include "ledger/bank.h"
#include "ledger/date.h"
#include "ledger/db.h"
#include "ledger/loan.h"
#include "testutil.h"

/* A loan of bank under contract no, settled on settle (NULL: open). */
static void put_loan(sqlite3 *db, const char *bank, const char *no, const char *settle)
{
	struct ldg_store s;
	struct ldg_loan l;
	struct ldg_err e = { 0 };

	ldg_store_init(&s, db);
	ldg_loan_init(&l);
	snprintf(l.bank, sizeof(l.bank), "%s", bank);
	snprintf(l.contract_no, sizeof(l.contract_no), "%s", no);
	snprintf(l.uscc, sizeof(l.uscc), "%s", "91330783MA26K5770L");
	l.principal_fen = 100;
	ck_assert_int_eq(ldg_date_parse_iso("2023-01-01", &l.start_day, &e), 0);
	ck_assert_int_eq(ldg_date_parse_iso("2024-01-01", &l.maturity_day, &e), 0);
	if (settle)
		ck_assert_int_eq(ldg_date_parse_iso(settle, &l.settle_day, &e), 0);
	ck_assert_int_eq(ldg_loan_insert(&s, &l, 0, 1, &e), 0);
	ldg_loan_release(&l);
	ldg_store_release(&s);
}

static sqlite3 *bank_db(void)
{
	struct ldg_err e = { 0 };
	sqlite3 *db = tu_fresh_db();

	ck_assert_int_eq(ldg_db_exec(db, "INSERT INTO enterprises (uscc, name, city) VALUES"
				     " ('91330783MA26K5770L', '东阳市明辉新材料有限公司', '330783')", &e), 0);
	return db;
}

/* import.md §5: a new name; the same name again; names in normal form. */
START_TEST(test_bank_alias_adds_a_name)
{
	struct ldg_bank_alias_result r;
	struct ldg_err e = { 0 };
	sqlite3 *db = bank_db();

	put_loan(db, "中国银行（东阳支行）", "C1", NULL);
	ck_assert_int_eq(ldg_bank_alias(db, "中行东阳", "中国银行(东阳支行)", &r, &e), 0);
	ck_assert_int_eq(r.added, 1);
	ck_assert_int_eq(r.merged, 0);
	ck_assert_int_eq(tu_int(db, "SELECT count(*) FROM bank_names"), 2);
	ck_assert_int_eq(ldg_bank_alias(db, " 中行东阳 ", "中国银行（东阳支行）", &r, &e), 0);
	ck_assert_int_eq(r.added, 0);
	ck_assert_int_eq(tu_int(db, "SELECT count(*) FROM audit_log WHERE action = 'alias'"), 1);
	ck_assert_int_eq(ldg_bank_alias(db, "x", "没有的银行", &r, &e), LDG_ENOTFOUND);
	ck_assert_str_eq(e.msg, "unknown bank '没有的银行'");
	sqlite3_close(db);
}
END_TEST

/* A bank of its own is merged; a contract both hold refuses, unchanged. */
START_TEST(test_bank_alias_merges_or_refuses)
{
	struct ldg_bank_alias_result r;
	struct ldg_err e = { 0 };
	sqlite3 *db = bank_db();

	put_loan(db, "甲银行", "C1", NULL);
	put_loan(db, "甲行", "C2", NULL);
	put_loan(db, "乙银行", "Ｃ１", NULL);
	ck_assert_int_eq(ldg_bank_alias(db, "乙银行", "甲银行", &r, &e), LDG_EINPUT);
	ck_assert_str_eq(e.msg, "loans '乙银行/Ｃ１' and '甲银行/C1' are one contract: the banks"
			 " cannot be one (correct or remove one loan first)");
	ck_assert_int_eq(tu_int(db, "SELECT count(*) FROM banks"), 3);
	ck_assert_int_eq(tu_int(db, "SELECT count(*) FROM audit_log WHERE action = 'alias'"), 0);
	ldg_err_clear(&e);
	ck_assert_int_eq(ldg_bank_alias(db, "甲行", "甲银行", &r, &e), 0);
	ck_assert_int_eq(r.merged, 1);
	ck_assert_int_eq(r.loans_moved, 1);
	ck_assert_int_eq(tu_int(db, "SELECT count(*) FROM banks"), 2);
	ck_assert_int_eq(tu_int(db, "SELECT count(*) FROM loans l JOIN banks b ON b.id = l.bank_id"
				" WHERE b.name = '甲银行'"), 2);
	ck_assert_int_eq(tu_int(db, "SELECT count(*) FROM bank_names n JOIN banks b ON b.id ="
				" n.bank_id WHERE b.name = '甲银行'"), 2);
	/* an alias of one bank cannot become another's */
	ck_assert_int_eq(ldg_bank_alias(db, "甲行", "乙银行", &r, &e), LDG_EINPUT);
	sqlite3_close(db);
}
END_TEST

/* rules.md §7: a loan a finalized run uses is not moved to another bank. */
START_TEST(test_bank_alias_locked)
{
	struct ldg_bank_alias_result r;
	struct ldg_err e = { 0 };
	sqlite3 *db = bank_db();

	put_loan(db, "甲银行", "C1", NULL);
	put_loan(db, "甲行", "C2", "2023-06-30");
	ck_assert_int_eq(ldg_db_exec(db, "INSERT INTO subsidy_runs (city, year, status, computed_at,"
				     " scheme) VALUES ('330783', 2023, 'finalized', '2024-01-05T00:00:00', '')",
				     &e), 0);
	ck_assert_int_eq(ldg_bank_alias(db, "甲行", "甲银行", &r, &e), LDG_ELOCKED);
	ck_assert_ptr_nonnull(strstr(e.msg, "loan '甲行/C2' is used by finalized subsidy run 东阳市 2023"));
	ck_assert_int_eq(tu_int(db, "SELECT count(*) FROM banks"), 2);
	ck_assert_int_eq(tu_int(db, "SELECT count(*) FROM audit_log WHERE field = 'bank'"), 0);
	sqlite3_close(db);
}
END_TEST

Suite *bank_suite(void)
{
	Suite *s = suite_create("bank");
	TCase *tc = tcase_create("bank");

	tcase_add_test(tc, test_bank_alias_adds_a_name);
	tcase_add_test(tc, test_bank_alias_merges_or_refuses);
	tcase_add_test(tc, test_bank_alias_locked);
	suite_add_tcase(s, tc);
	return s;
}
