/*
 * check_store.c — the record stores (ledger/enterprise, loan, policy):
 * insert and read back, field text that round-trips (what undo relies on,
 * import.md §4), field-wise update audit (import.md §2), and the lock of
 * rules.md §7 coming back as LDG_ELOCKED.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ledger/date.h"
#include "ledger/db.h"
#include "ledger/enterprise.h"
#include "ledger/loan.h"
#include "ledger/policy.h"
#include "tests/testutil.h"

static void add_enterprise(struct ldg_store *s)
{
	struct ldg_enterprise e;
	struct ldg_err err = { 0 };

	ldg_enterprise_init(&e);
	snprintf(e.uscc, sizeof(e.uscc), "91330783MA26K5770L");
	snprintf(e.name, sizeof(e.name), "东阳市明辉新材料有限公司");
	snprintf(e.city, sizeof(e.city), "330783");
	ck_assert_int_eq(ldg_enterprise_insert(s, &e, 0, 1, &err), 0);
}

/* A loan with every field set. */
static void full_loan(struct ldg_loan *l)
{
	ldg_loan_init(l);
	snprintf(l->bank, sizeof(l->bank), "测试银行");
	snprintf(l->contract_no, sizeof(l->contract_no), "2024/001");  /* '/' inside */
	snprintf(l->uscc, sizeof(l->uscc), "91330783MA26K5770L");
	l->principal_fen = 123456789;
	l->combined = 1;
	l->ip_portion_fen = 100000000;
	l->rate_ppm = 5000;       /* 0.50 %: must not read back as 50 % */
	l->start_day = ldg_date_from_ymd(2024, 1, 2);
	l->maturity_day = ldg_date_from_ymd(2025, 1, 1);
	l->settle_day = ldg_date_from_ymd(2024, 12, 30);
	l->overdue = 1;
	l->interest_paid_fen = 1;
	snprintf(l->registration_no, sizeof(l->registration_no), "REG-1");
	l->registration_day = ldg_date_from_ymd(2023, 12, 28);
	l->credit_line_fen = 0;
	ck_assert_int_eq(ldg_loan_add_right(l, "ZL202010566088.9", LDG_KIND_PATENT, 5), 0);
	ck_assert_int_eq(ldg_loan_add_right(l, "12345678", LDG_KIND_TRADEMARK, LDG_NONE), 0);
	ck_assert_int_eq(ldg_loan_add_right(l, "2014SR001852", LDG_KIND_COPYRIGHT, 700), 0);
}

START_TEST(test_loan_roundtrip_and_field_text)
{
	sqlite3 *db = tu_fresh_db();
	struct ldg_store s;
	struct ldg_loan l, got, rebuilt;
	struct ldg_field a[LDG_LOAN_NFIELDS], b[LDG_LOAN_NFIELDS];
	struct ldg_err err = { 0 };
	int i;

	ldg_store_init(&s, db);
	add_enterprise(&s);
	full_loan(&l);
	ck_assert_int_eq(ldg_loan_insert(&s, &l, 0, 1, &err), 0);
	ck_assert_int_eq(ldg_loan_get(&s, "测试银行", "2024/001", &got, &err), 0);
	ck_assert_int_eq(ldg_loan_fields(&l, a), 0);
	ck_assert_int_eq(ldg_loan_fields(&got, b), 0);
	ck_assert_int_eq(ldg_fields_diff(a, b, LDG_LOAN_NFIELDS), 0);
	ck_assert_str_eq(a[4].text, "0.50%");
	ck_assert_str_eq(a[1].text, "1234567.89");
	ck_assert_str_eq(a[13].text, "patent:ZL202010566088.9;trademark:12345678;copyright:2014SR001852");
	ck_assert_str_eq(a[14].text, "0.05;;7.00");
	/* every field's text read back gives the same text (undo, import.md §4) */
	ldg_loan_init(&rebuilt);
	for (i = 0; i < LDG_LOAN_NFIELDS; i++)
		ck_assert_int_eq(ldg_loan_field_set(&rebuilt, a[i].name, a[i].text, &err), 0);
	ldg_fields_release(b, LDG_LOAN_NFIELDS);
	ck_assert_int_eq(ldg_loan_fields(&rebuilt, b), 0);
	ck_assert_int_eq(ldg_fields_diff(a, b, LDG_LOAN_NFIELDS), 0);
	ldg_fields_release(a, LDG_LOAN_NFIELDS);
	ldg_fields_release(b, LDG_LOAN_NFIELDS);
	ldg_loan_release(&l);
	ldg_loan_release(&got);
	ldg_loan_release(&rebuilt);
	ldg_store_release(&s);
	sqlite3_close(db);
}
END_TEST

/*
 * Rights as they are written: loans with 1 to 9 rights keep every right,
 * numbered 1..n in the bank's order, with its value (or NULL).  The texts
 * are bound without a copy (loan.c bind_static): each must still be its own.
 */
START_TEST(test_loan_rights_chunks)
{
	sqlite3 *db = tu_fresh_db();
	struct ldg_store s;
	struct ldg_loan l;
	struct ldg_err err = { 0 };
	char no[32], sql[512];
	int n, i;

	ldg_store_init(&s, db);
	add_enterprise(&s);
	for (n = 1; n <= 9; n++) {
		ldg_loan_init(&l);
		snprintf(l.bank, sizeof(l.bank), "测试银行");
		snprintf(l.contract_no, sizeof(l.contract_no), "R%d", n);
		snprintf(l.uscc, sizeof(l.uscc), "91330783MA26K5770L");
		l.principal_fen = 100;
		l.start_day = ldg_date_from_ymd(2024, 1, 2);
		l.maturity_day = ldg_date_from_ymd(2025, 1, 1);
		for (i = 1; i <= n; i++) {
			snprintf(no, sizeof(no), "%08d", 10000000 + 10 * n + i);
			ck_assert_int_eq(ldg_loan_add_right(&l, no, LDG_KIND_TRADEMARK,
							    i % 3 ? (int64_t)i * 100 : LDG_NONE), 0);
		}
		ck_assert_int_eq(ldg_loan_insert(&s, &l, 0, 0, &err), 0);
		ldg_loan_release(&l);
		snprintf(sql, sizeof(sql), "SELECT count(*) FROM loan_rights r JOIN loans l"
			 " ON l.id = r.loan_id WHERE l.contract_no = 'R%d'", n);
		ck_assert_int_eq(tu_int(db, sql), n);
		/* seq i holds right 1000000(10n+i) with value i*100 (NULL when 3 | i):
		 * count the rows that match exactly */
		snprintf(sql, sizeof(sql), "SELECT count(*) FROM loan_rights r JOIN loans l"
			 " ON l.id = r.loan_id WHERE l.contract_no = 'R%d'"
			 " AND r.right_no = printf('%%08d', 10000000 + 10 * %d + r.seq)"
			 " AND r.kind = 'trademark' AND r.value_fen IS"
			 " (CASE WHEN r.seq %% 3 = 0 THEN NULL ELSE r.seq * 100 END)", n, n);
		ck_assert_int_eq(tu_int(db, sql), n);
	}
	/* 1 + 2 + ... + 9 = 45 rights in all */
	ck_assert_int_eq(tu_int(db, "SELECT count(*) FROM loan_rights"), 45);
	ldg_store_release(&s);
	sqlite3_close(db);
}
END_TEST

START_TEST(test_loan_update_audit_and_lock)
{
	sqlite3 *db = tu_fresh_db();
	struct ldg_store s;
	struct ldg_loan l, old, upd;
	struct ldg_err err = { 0 };
	int changed = -1, i;

	ldg_store_init(&s, db);
	add_enterprise(&s);
	full_loan(&l);
	ck_assert_int_eq(ldg_loan_insert(&s, &l, 0, 0, &err), 0);
	ck_assert_int_eq(ldg_loan_get(&s, l.bank, l.contract_no, &old, &err), 0);
	/* same values: nothing written */
	ck_assert_int_eq(ldg_loan_update(&s, &old, &l, 0, &changed, &err), 0);
	ck_assert_int_eq(changed, 0);
	ck_assert_int_eq(tu_int(db, "SELECT count(*) FROM audit_log WHERE entity = 'loan'"), 0);
	/* two fields change: two audit rows with old and new text */
	ldg_loan_init(&upd);
	upd = l;
	upd.rights = NULL;
	upd.nrights = 0;
	for (i = 0; i < l.nrights; i++)
		ldg_loan_add_right(&upd, l.rights[i].no, l.rights[i].kind, l.rights[i].value_fen);
	upd.principal_fen = 123456790;
	upd.settle_day = LDG_NO_DAY;
	ck_assert_int_eq(ldg_loan_update(&s, &old, &upd, 0, &changed, &err), 0);
	ck_assert_int_eq(changed, 2);
	ck_assert_int_eq(tu_int(db, "SELECT count(*) FROM audit_log WHERE entity = 'loan'"
				" AND field = 'principal' AND old_value = '1234567.89'"
				" AND new_value = '1234567.90'"), 1);
	ck_assert_int_eq(tu_int(db, "SELECT count(*) FROM audit_log WHERE entity = 'loan'"
				" AND field = 'settle_date' AND old_value = '2024-12-30'"
				" AND new_value = ''"), 1);
	/* rules.md §7: a finalized 2024 run of 东阳市 locks a loan settled in 2024 */
	ldg_loan_release(&old);
	ck_assert_int_eq(ldg_loan_get(&s, l.bank, l.contract_no, &old, &err), 0);
	upd.settle_day = ldg_date_from_ymd(2024, 6, 1);
	ck_assert_int_eq(sqlite3_exec(db, "INSERT INTO subsidy_runs (city, year, status,"
		" computed_at, scheme) VALUES ('330783', 2024, 'finalized', 'x', '')",
		NULL, NULL, NULL), SQLITE_OK);
	ck_assert_int_eq(ldg_loan_update(&s, &old, &upd, 0, &changed, &err), LDG_ELOCKED);
	ck_assert_ptr_nonnull(strstr(err.msg, "finalized subsidy run"));
	ldg_loan_release(&l);
	ldg_loan_release(&old);
	ldg_loan_release(&upd);
	ldg_store_release(&s);
	sqlite3_close(db);
}
END_TEST

START_TEST(test_policy_roundtrip)
{
	sqlite3 *db = tu_fresh_db();
	struct ldg_store s;
	struct ldg_policy p, got;
	struct ldg_field a[LDG_POLICY_NFIELDS], b[LDG_POLICY_NFIELDS];
	struct ldg_err err = { 0 };

	ldg_store_init(&s, db);
	add_enterprise(&s);
	ldg_policy_init(&p);
	snprintf(p.insurer, sizeof(p.insurer), "测试保险");
	snprintf(p.policy_no, sizeof(p.policy_no), "P1");
	snprintf(p.uscc, sizeof(p.uscc), "91330783MA26K5770L");
	snprintf(p.insured_rights, sizeof(p.insured_rights), "ZL202010566088.9");
	p.premium_fen = 2540700;
	p.paid_day = ldg_date_from_ymd(2022, 4, 12);
	ck_assert_int_eq(ldg_policy_insert(&s, &p, 0, 1, &err), 0);
	ck_assert_int_eq(ldg_policy_get(&s, "测试保险", "P1", &got, &err), 0);
	ck_assert_int_eq(ldg_policy_fields(&p, a), 0);
	ck_assert_int_eq(ldg_policy_fields(&got, b), 0);
	ck_assert_int_eq(ldg_fields_diff(a, b, LDG_POLICY_NFIELDS), 0);
	ck_assert_str_eq(a[3].text, "25407.00");
	ck_assert_int_eq(ldg_policy_get(&s, "测试保险", "P2", &got, &err), LDG_ENOTFOUND);
	ldg_fields_release(a, LDG_POLICY_NFIELDS);
	ldg_fields_release(b, LDG_POLICY_NFIELDS);
	ldg_store_release(&s);
	sqlite3_close(db);
}
END_TEST

Suite *store_suite(void)
{
	Suite *s = suite_create("store");
	TCase *tc = tcase_create("store");

	tcase_add_test(tc, test_loan_roundtrip_and_field_text);
	tcase_add_test(tc, test_loan_update_audit_and_lock);
	tcase_add_test(tc, test_loan_rights_chunks);
	tcase_add_test(tc, test_policy_roundtrip);
	suite_add_tcase(s, tc);
	return s;
}
