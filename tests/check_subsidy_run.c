/*
 * check_subsidy_run.c — subsidy runs in the database (ledger/subsidy_store.c):
 * which items a (city, year) takes (rules.md §2), the start year and the
 * order of years, carry and subsidised rights across finalized runs
 * (rules.md §3, §6), draft/finalized runs, refusals and reopen (rules.md §7).
 *
 * Data are written with plain SQL on a fresh database, the way every entry
 * path ends up writing them, so that the lock triggers see them.
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "ledger/db.h"
#include "ledger/subsidy.h"
#include "tests/testutil.h"

#define DY "330783"   /* 东阳市 */
#define YQ "330382"   /* 乐清市 */

/* Run static SQL; returns 0 or the LDG_* code of its failure (a lock
 * trigger's refusal is LDG_ELOCKED). */
static int sql_rc(sqlite3 *db, const char *sql)
{
	struct ldg_err e = { 0 };

	return ldg_db_exec(db, sql, &e);
}

/* Run static SQL that must succeed. */
static void sql_ok(sqlite3 *db, const char *sql)
{
	struct ldg_err e = { 0 };

	if (ldg_db_exec(db, sql, &e))
		ck_abort_msg("%s: %s", sql, e.msg);
}

/*
 * Two enterprises of 东阳市 (A: 91330783MA26K5770L, B: 91330783517999873H)
 * and one of 乐清市 (C: 91330382MA2DPKJ63E); one bank, one insurer.
 * Loan 1 of A is the rules.md §4 worked example (settled 2024-03-14,
 * subsidy 9 251 736 fen), pledging ZL202214213614.8.
 */
static sqlite3 *fixture(void)
{
	sqlite3 *db = tu_fresh_db();

	sql_ok(db,
	       "INSERT INTO enterprises (uscc, name, city) VALUES"
	       " ('91330783MA26K5770L', '东阳市明辉新材料有限公司', '330783'),"
	       " ('91330783517999873H', '浙江达精新材料有限公司', '330783'),"
	       " ('91330382MA2DPKJ63E', '乐清市象丰智能装备有限公司', '330382');"
	       "INSERT INTO banks (id, name) VALUES (1, '中国工商银行东阳支行');"
	       "INSERT INTO insurers (id, name) VALUES (1, '中国太平洋财产保险股份有限公司');"
	       "INSERT INTO loans (id, bank_id, contract_no, uscc, principal_fen, start_date,"
	       " maturity_date, settle_date) VALUES (1, 1, 'W1', '91330783MA26K5770L',"
	       " 500000000, '2023-03-15', '2024-03-14', '2024-03-14');"
	       "INSERT INTO loan_rights (loan_id, seq, right_no, kind) VALUES"
	       " (1, 1, 'ZL202214213614.8', 'patent');");
	return db;
}

/* Compute (city, year); returns the code. */
static int compute(sqlite3 *db, const char *city, int year, struct ldg_err *e)
{
	memset(e, 0, sizeof(*e));
	return ldg_run_compute(db, city, year, NULL, e);
}

/* Finalize (city, year); returns the code. */
static int finalize(sqlite3 *db, const char *city, int year, struct ldg_err *e)
{
	memset(e, 0, sizeof(*e));
	return ldg_run_finalize(db, city, year, NULL, NULL, e);
}

START_TEST(test_year_assignment_by_settlement_and_paid_date)
{
	/* rules.md §2: loans by settlement date, policies by premium paid date,
	 * only the city's enterprises; an unsettled loan belongs to no year. */
	sqlite3 *db = fixture();
	struct ldg_sub_input in;
	struct ldg_err e = { 0 };
	int start = 0;

	sql_ok(db,
	       "INSERT INTO loans (id, bank_id, contract_no, uscc, principal_fen, start_date,"
	       " maturity_date, settle_date) VALUES"
	       " (2, 1, 'Y2023', '91330783MA26K5770L', 100, '2023-01-01', '2023-12-31', '2023-12-31'),"
	       " (3, 1, 'Y2024END', '91330783517999873H', 100, '2024-01-01', '2024-12-31', '2024-12-31'),"
	       " (4, 1, 'Y2025', '91330783MA26K5770L', 100, '2024-01-01', '2025-01-01', '2025-01-01'),"
	       " (5, 1, 'OPEN', '91330783MA26K5770L', 100, '2024-01-01', '2025-06-01', NULL),"
	       " (6, 1, 'YQ', '91330382MA2DPKJ63E', 100, '2024-01-01', '2024-06-01', '2024-06-01');"
	       "INSERT INTO policies (insurer_id, policy_no, uscc, premium_fen, paid_date) VALUES"
	       " (1, 'P2024', '91330783517999873H', 1000, '2024-01-01'),"
	       " (1, 'P2023', '91330783517999873H', 1000, '2023-12-31');");
	ck_assert_int_eq(ldg_run_load(db, DY, 2024, &in, &start, &e), 0);
	ck_assert_int_eq(start, 1);
	ck_assert_uint_eq(in.nloans, 2);
	ck_assert_int_eq(in.loans[0].id, 1);
	ck_assert_int_eq(in.loans[1].id, 3);
	ck_assert_str_eq(in.loans[0].key, "中国工商银行东阳支行/W1");
	ck_assert_uint_eq(in.loans[0].nrights, 1);
	ck_assert_str_eq(in.loans[0].rights[0].right_no, "ZL202214213614.8");
	ck_assert_uint_eq(in.npolicies, 1);
	ck_assert_str_eq(in.policies[0].key, "中国太平洋财产保险股份有限公司/P2024");
	ldg_sub_input_release(&in);
	sqlite3_close(db);
}
END_TEST

START_TEST(test_runs_start_year_and_previous_year_finalized)
{
	/* rules.md §6: the first computed year is the start year; every later
	 * year needs the run of Y-1 finalized; once one is finalized, a year
	 * before the start year cannot be computed. */
	sqlite3 *db = fixture();
	struct ldg_err e;

	sql_ok(db, "INSERT INTO contributions (uscc, year, contribution_fen) VALUES"
		   " ('91330783MA26K5770L', 2024, 100000000)");
	ck_assert_int_eq(compute(db, DY, 2024, &e), 0);
	ck_assert_int_eq(compute(db, DY, 2025, &e), LDG_ECONFLICT);
	ck_assert_str_eq(e.msg, "finalize 东阳市 2024 first");
	ck_assert_int_eq(compute(db, DY, 2026, &e), LDG_ECONFLICT);
	ck_assert_str_eq(e.msg, "finalize 东阳市 2025 first");
	ck_assert_int_eq(finalize(db, DY, 2024, &e), 0);
	ck_assert_int_eq(compute(db, DY, 2025, &e), 0);
	ck_assert_int_eq(compute(db, DY, 2023, &e), LDG_ECONFLICT);
	ck_assert_ptr_nonnull(strstr(e.msg, "start year"));
	/* another city has its own start year */
	ck_assert_int_eq(compute(db, YQ, 2022, &e), 0);
	sqlite3_close(db);
}
END_TEST

START_TEST(test_runs_compute_replaces_draft_never_finalized)
{
	/* rules.md §7: compute replaces a draft, byte for byte the same figures;
	 * a finalized run is never replaced. */
	sqlite3 *db = fixture();
	struct ldg_err e;
	struct ldg_run_info info;

	ck_assert_int_eq(compute(db, DY, 2024, &e), 0);
	ck_assert_int_eq(compute(db, DY, 2024, &e), 0);
	ck_assert_int_eq(tu_int(db, "SELECT count(*) FROM subsidy_runs"), 1);
	ck_assert_int_eq(tu_int(db, "SELECT count(*) FROM run_items"), 1);
	/* worked example: 9 251 736 fen due and paid (contribution cap on, but
	 * no contribution recorded → blocked; record one first) */
	ck_assert_int_eq(tu_int(db, "SELECT status = 'blocked' FROM run_rows"), 1);
	sql_ok(db, "INSERT INTO contributions (uscc, year, contribution_fen) VALUES"
		   " ('91330783MA26K5770L', 2024, 100000000)");
	ck_assert_int_eq(compute(db, DY, 2024, &e), 0);
	ck_assert_int_eq(tu_int(db, "SELECT payable_fen FROM run_rows"), 9251736);
	ck_assert_int_eq(finalize(db, DY, 2024, &e), 0);
	ck_assert_int_eq(ldg_run_get(db, DY, 2024, &info, &e), 0);
	ck_assert_int_eq(info.status, LDG_RUN_FINALIZED);
	ck_assert_int_eq(compute(db, DY, 2024, &e), LDG_ECONFLICT);
	ck_assert_str_eq(e.msg, "subsidy run 东阳市 2024 is finalized; reopen it first");
	ck_assert_int_eq(finalize(db, DY, 2024, &e), LDG_ECONFLICT);
	ck_assert_str_eq(e.msg, "subsidy run 东阳市 2024 is already finalized");
	/* audit: two computes over a draft and one over nothing, one finalize */
	ck_assert_int_eq(tu_int(db, "SELECT count(*) FROM audit_log WHERE entity = 'run'"
				" AND action = 'compute'"), 3);
	ck_assert_int_eq(tu_int(db, "SELECT count(*) FROM audit_log WHERE entity = 'run'"
				" AND action = 'finalize' AND entity_key = '330783/2024'"), 1);
	sqlite3_close(db);
}
END_TEST

START_TEST(test_runs_finalize_blocked_lists_enterprises)
{
	/* rules.md §6: a blocked row prevents finalize; the error lists every
	 * missing enterprise by name and USCC.  Entering the figure makes the
	 * draft out of date: compute again, then finalize. */
	sqlite3 *db = fixture();
	struct ldg_run_blocked *b = NULL;
	struct ldg_err e = { 0 };
	size_t n = 0;

	ck_assert_int_eq(compute(db, DY, 2024, &e), 0);
	ck_assert_int_eq(ldg_run_finalize(db, DY, 2024, &b, &n, &e), LDG_ECONFLICT);
	ck_assert_uint_eq(n, 1);
	ck_assert_str_eq(b[0].uscc, "91330783MA26K5770L");
	ck_assert_str_eq(b[0].name, "东阳市明辉新材料有限公司");
	ck_assert_ptr_nonnull(strstr(e.msg, "cannot finalize 东阳市 2024"));
	free(b);
	/* 0 is how an office says "pay nothing this year" */
	sql_ok(db, "INSERT INTO contributions (uscc, year, contribution_fen) VALUES"
		   " ('91330783MA26K5770L', 2024, 0)");
	ck_assert_int_eq(finalize(db, DY, 2024, &e), LDG_ECONFLICT);
	ck_assert_ptr_nonnull(strstr(e.msg, "out of date"));
	ck_assert_int_eq(compute(db, DY, 2024, &e), 0);
	ck_assert_int_eq(finalize(db, DY, 2024, &e), 0);
	/* all 9 251 736 carried (origin 2024) */
	ck_assert_int_eq(tu_int(db, "SELECT amount_fen FROM run_carry WHERE origin_year = 2024"),
			 9251736);
	sqlite3_close(db);
}
END_TEST

START_TEST(test_runs_stale_draft_refused)
{
	/* rules.md §7: finalize locks what the draft shows; a loan settled in
	 * the year after compute makes the draft out of date. */
	sqlite3 *db = fixture();
	struct ldg_err e;

	sql_ok(db, "INSERT INTO contributions (uscc, year, contribution_fen) VALUES"
		   " ('91330783MA26K5770L', 2024, 100000000)");
	ck_assert_int_eq(compute(db, DY, 2024, &e), 0);
	sql_ok(db, "INSERT INTO loans (id, bank_id, contract_no, uscc, principal_fen, start_date,"
		   " maturity_date, settle_date) VALUES (7, 1, 'LATE1', '91330783MA26K5770L', 100,"
		   " '2023-01-01', '2024-01-01', '2024-02-01')");
	ck_assert_int_eq(finalize(db, DY, 2024, &e), LDG_ECONFLICT);
	ck_assert_ptr_nonnull(strstr(e.msg, "out of date"));
	ck_assert_int_eq(tu_int(db, "SELECT count(*) FROM subsidy_runs WHERE status = 'finalized'"), 0);
	sqlite3_close(db);
}
END_TEST

START_TEST(test_runs_locks_refuse_changes)
{
	/* rules.md §7: after finalize, changes to what the run used are refused
	 * (loans settled in the year, their rights, policies paid in the year,
	 * contributions and bars of the year, city and legal-person flag);
	 * other years and the scheme are not. */
	sqlite3 *db = fixture();
	struct ldg_err e;
	struct ldg_run_info info;

	sql_ok(db, "INSERT INTO contributions (uscc, year, contribution_fen) VALUES"
		   " ('91330783MA26K5770L', 2024, 100000000)");
	ck_assert_int_eq(compute(db, DY, 2024, &e), 0);
	ck_assert_int_eq(finalize(db, DY, 2024, &e), 0);
	ck_assert_int_eq(sql_rc(db, "INSERT INTO loans (bank_id, contract_no, uscc, principal_fen,"
				" start_date, maturity_date, settle_date) VALUES (1, 'N', '91330783517999873H',"
				" 1, '2024-01-01', '2024-06-01', '2024-06-01')"), LDG_ELOCKED);
	ck_assert_int_eq(sql_rc(db, "UPDATE loans SET principal_fen = 1 WHERE id = 1"), LDG_ELOCKED);
	ck_assert_int_eq(sql_rc(db, "UPDATE loans SET settle_date = NULL WHERE id = 1"), LDG_ELOCKED);
	ck_assert_int_eq(sql_rc(db, "DELETE FROM loans WHERE id = 1"), LDG_ELOCKED);
	ck_assert_int_eq(sql_rc(db, "INSERT INTO loan_rights (loan_id, seq, right_no, kind)"
				" VALUES (1, 2, '12345678', 'trademark')"), LDG_ELOCKED);
	ck_assert_int_eq(sql_rc(db, "INSERT INTO policies (insurer_id, policy_no, uscc,"
				" premium_fen, paid_date) VALUES (1, 'P', '91330783517999873H', 1,"
				" '2024-05-01')"), LDG_ELOCKED);
	ck_assert_int_eq(sql_rc(db, "UPDATE contributions SET contribution_fen = 1"), LDG_ELOCKED);
	ck_assert_int_eq(sql_rc(db, "INSERT INTO contributions (uscc, year, contribution_fen)"
				" VALUES ('91330783517999873H', 2024, 5)"), LDG_ELOCKED);
	ck_assert_int_eq(sql_rc(db, "INSERT INTO bars (uscc, year) VALUES"
				" ('91330783517999873H', 2024)"), LDG_ELOCKED);
	ck_assert_int_eq(sql_rc(db, "UPDATE enterprises SET legal_person = 0"
				" WHERE uscc = '91330783MA26K5770L'"), LDG_ELOCKED);
	ck_assert_int_eq(sql_rc(db, "UPDATE enterprises SET city = '330382'"
				" WHERE uscc = '91330783MA26K5770L'"), LDG_ELOCKED);
	/* moving an enterprise with a 2024 loan INTO 东阳市 would change the run */
	sql_ok(db, "INSERT INTO loans (bank_id, contract_no, uscc, principal_fen, start_date,"
		   " maturity_date, settle_date) VALUES (1, 'C1', '91330382MA2DPKJ63E', 1,"
		   " '2024-01-01', '2024-06-01', '2024-06-01')");
	ck_assert_int_eq(sql_rc(db, "UPDATE enterprises SET city = '330783'"
				" WHERE uscc = '91330382MA2DPKJ63E'"), LDG_ELOCKED);
	/* not refused: another year, another city, a name, the scheme */
	sql_ok(db, "INSERT INTO contributions (uscc, year, contribution_fen) VALUES"
		   " ('91330783517999873H', 2025, 5)");
	sql_ok(db, "INSERT INTO loans (bank_id, contract_no, uscc, principal_fen, start_date,"
		   " maturity_date, settle_date) VALUES (1, 'N25', '91330783517999873H', 1,"
		   " '2024-01-01', '2025-06-01', '2025-06-01')");
	sql_ok(db, "UPDATE enterprises SET name = '东阳市明辉新材料股份有限公司'"
		   " WHERE uscc = '91330783MA26K5770L'");
	ck_assert_int_eq(ldg_scheme_set(db, DY, "interest_share", "40%", &e), 0);
	ck_assert_int_eq(ldg_run_get(db, DY, 2024, &info, &e), 0);
	ck_assert_int_eq(info.scheme.interest_share_ppm, 500000);   /* the run keeps its own */
	ck_assert_int_eq(tu_int(db, "SELECT payable_fen FROM run_rows"), 9251736);
	sqlite3_close(db);
}
END_TEST

START_TEST(test_runs_reopen_latest_only_with_reason)
{
	/* rules.md §7: reopen unlocks the latest finalized run only, records the
	 * reason; the data can then change and the run be computed again. */
	sqlite3 *db = fixture();
	struct ldg_err e = { 0 };

	sql_ok(db, "INSERT INTO contributions (uscc, year, contribution_fen) VALUES"
		   " ('91330783MA26K5770L', 2024, 100000000)");
	ck_assert_int_eq(compute(db, DY, 2024, &e), 0);
	ck_assert_int_eq(finalize(db, DY, 2024, &e), 0);
	ck_assert_int_eq(compute(db, DY, 2025, &e), 0);
	ck_assert_int_eq(finalize(db, DY, 2025, &e), 0);
	memset(&e, 0, sizeof(e));
	ck_assert_int_eq(ldg_run_reopen(db, DY, 2024, "wrong figure", &e), LDG_ECONFLICT);
	ck_assert_ptr_nonnull(strstr(e.msg, "2025"));
	memset(&e, 0, sizeof(e));
	ck_assert_int_eq(ldg_run_reopen(db, DY, 2025, "", &e), LDG_EUSAGE);
	memset(&e, 0, sizeof(e));
	ck_assert_int_eq(ldg_run_reopen(db, DY, 2025, "税务补录贡献额", &e), 0);
	ck_assert_int_eq(tu_int(db, "SELECT count(*) FROM audit_log WHERE action = 'reopen'"
				" AND entity_key = '330783/2025' AND detail = '税务补录贡献额'"), 1);
	memset(&e, 0, sizeof(e));
	ck_assert_int_eq(ldg_run_reopen(db, DY, 2025, "again", &e), LDG_ECONFLICT);
	memset(&e, 0, sizeof(e));
	ck_assert_int_eq(ldg_run_reopen(db, DY, 2024, "still 2025 first? no: 2025 is a draft now", &e), 0);
	/* unlocked: 2024 data may change now */
	sql_ok(db, "UPDATE contributions SET contribution_fen = 1 WHERE year = 2024");
	/* 2025's draft needs 2024 finalized again */
	ck_assert_int_eq(compute(db, DY, 2025, &e), LDG_ECONFLICT);
	sqlite3_close(db);
}
END_TEST

START_TEST(test_runs_carry_and_rights_across_years)
{
	/* rules.md §6 and §3 over finalized runs:
	 * 2024: A due 9 251 736, contribution 2 000 000 → paid 2 000 000, carries
	 *   7 251 736 (origin 2024).
	 * 2025: A carries in 7 251 736; contribution 7 000 000 → paid 7 000 000,
	 *   251 736 carries on.  B's loan settled 2025 pledges the right A's 2024
	 *   loan earned on → IP_SUBSIDISED_BEFORE (whichever enterprise held it).
	 * 2026: A carries in 251 736 (origin 2024), contribution 0 → it lapses
	 *   (origin Y-2), forfeited 251 736. */
	sqlite3 *db = fixture();
	struct ldg_err e;

	sql_ok(db, "INSERT INTO contributions (uscc, year, contribution_fen) VALUES"
		   " ('91330783MA26K5770L', 2024, 2000000), ('91330783MA26K5770L', 2025, 7000000),"
		   " ('91330783MA26K5770L', 2026, 0), ('91330783517999873H', 2025, 0);"
		   "INSERT INTO loans (id, bank_id, contract_no, uscc, principal_fen, start_date,"
		   " maturity_date, settle_date) VALUES (8, 1, 'B25', '91330783517999873H',"
		   " 100000000, '2024-06-01', '2025-06-01', '2025-06-01');"
		   "INSERT INTO loan_rights (loan_id, seq, right_no, kind) VALUES"
		   " (8, 1, 'ZL202214213614.8', 'patent');");
	ck_assert_int_eq(compute(db, DY, 2024, &e), 0);
	ck_assert_int_eq(tu_int(db, "SELECT carried_out_fen FROM run_rows"), 7251736);
	ck_assert_int_eq(tu_int(db, "SELECT count(*) FROM run_carry"), 0);   /* draft: none yet */
	ck_assert_int_eq(tu_int(db, "SELECT count(*) FROM run_rights"), 0);
	ck_assert_int_eq(finalize(db, DY, 2024, &e), 0);
	ck_assert_int_eq(tu_int(db, "SELECT count(*) FROM run_rights"), 1);
	ck_assert_int_eq(compute(db, DY, 2025, &e), 0);
	ck_assert_int_eq(tu_int(db, "SELECT i.reason = 'IP_SUBSIDISED_BEFORE' FROM run_items i"
				" JOIN subsidy_runs r ON r.id = i.run_id WHERE r.year = 2025"), 1);
	ck_assert_int_eq(tu_int(db, "SELECT w.carried_in_fen FROM run_rows w JOIN subsidy_runs r"
				" ON r.id = w.run_id WHERE r.year = 2025 AND w.uscc = '91330783MA26K5770L'"),
			 7251736);
	ck_assert_int_eq(tu_int(db, "SELECT w.payable_fen FROM run_rows w JOIN subsidy_runs r"
				" ON r.id = w.run_id WHERE r.year = 2025 AND w.uscc = '91330783MA26K5770L'"),
			 7000000);
	ck_assert_int_eq(finalize(db, DY, 2025, &e), 0);
	ck_assert_int_eq(compute(db, DY, 2026, &e), 0);
	ck_assert_int_eq(tu_int(db, "SELECT w.forfeited_fen FROM run_rows w JOIN subsidy_runs r"
				" ON r.id = w.run_id WHERE r.year = 2026"), 251736);
	ck_assert_int_eq(tu_int(db, "SELECT p.forfeited_fen FROM run_payments p JOIN subsidy_runs r"
				" ON r.id = p.run_id WHERE r.year = 2026 AND p.origin_year = 2024"), 251736);
	sqlite3_close(db);
}
END_TEST

START_TEST(test_runs_explain_worked_example)
{
	/* rules.md §7: explain shows the derivation: the §4 worked example's
	 * figures appear as numbers an auditor can redo. */
	sqlite3 *db = fixture();
	struct ldg_err e;
	char *t = NULL;

	ck_assert_int_eq(compute(db, DY, 2024, &e), 0);
	ck_assert_int_eq(ldg_run_explain(db, DY, 2024, LDG_EXPLAIN_LOAN,
					 "中国工商银行东阳支行/W1", &t, &e), 0);
	ck_assert_ptr_nonnull(strstr(t, "500000000 × 36500 × 500000 × 365"));
	ck_assert_ptr_nonnull(strstr(t, "9251736.111"));
	ck_assert_ptr_nonnull(strstr(t, "92,517.36"));
	ck_assert_ptr_nonnull(strstr(t, "since 2022-08-22"));
	free(t);
	t = NULL;
	ck_assert_int_eq(ldg_run_explain(db, DY, 2024, LDG_EXPLAIN_ENTERPRISE,
					 "91330783MA26K5770L", &t, &e), 0);
	ck_assert_ptr_nonnull(strstr(t, "BLOCKED"));
	free(t);
	memset(&e, 0, sizeof(e));
	ck_assert_int_eq(ldg_run_explain(db, DY, 2023, LDG_EXPLAIN_LOAN, "中国工商银行东阳支行/W1",
					 &t, &e), LDG_ENOTFOUND);
	sqlite3_close(db);
}
END_TEST

START_TEST(test_scheme_applies_to_runs_computed_afterwards)
{
	/* rules.md §8 and §7: a scheme change is never refused and applies to
	 * runs computed afterwards.  Worked example loan (rules.md §4):
	 * interest_share 40 %: 500 000 000 × 36 500 × 400 000 × 365
	 *   / (10^12 × 360) = 2 664 500 000 000 000 000 000 / 360 000 000 000 000
	 *   = 7 401 388.888… → 7 401 389;
	 * reference_rate LPR5Y (4.30 % since 2022-08-22), share 50 %:
	 *   500 000 000 × 43 000 × 500 000 × 365 / (10^12 × 360)
	 *   = 3 923 750 000 000 000 000 000 / 360 000 000 000 000
	 *   = 10 899 305.555… → 10 899 306;
	 * day_basis 365 (LPR1Y, 50 %): 3 330 625 000 000 000 000 000
	 *   / 365 000 000 000 000 = 9 125 000. */
	sqlite3 *db = fixture();
	struct ldg_err e = { 0 };

	ck_assert_int_eq(ldg_scheme_set(db, DY, "interest_share", "40%", &e), 0);
	ck_assert_int_eq(compute(db, DY, 2024, &e), 0);
	ck_assert_int_eq(tu_int(db, "SELECT raw_fen FROM run_items"), 7401389);
	ck_assert_int_eq(ldg_scheme_set(db, DY, "interest_share", "50%", &e), 0);
	ck_assert_int_eq(ldg_scheme_set(db, DY, "reference_rate", "LPR5Y", &e), 0);
	ck_assert_int_eq(compute(db, DY, 2024, &e), 0);
	ck_assert_int_eq(tu_int(db, "SELECT raw_fen FROM run_items"), 10899306);
	ck_assert_int_eq(tu_int(db, "SELECT rate_ppm FROM run_items"), 43000);
	ck_assert_int_eq(ldg_scheme_set(db, DY, "reference_rate", "LPR1Y", &e), 0);
	ck_assert_int_eq(ldg_scheme_set(db, DY, "day_basis", "365", &e), 0);
	ck_assert_int_eq(compute(db, DY, 2024, &e), 0);
	ck_assert_int_eq(tu_int(db, "SELECT raw_fen FROM run_items"), 9125000);
	/* the run stores the scheme it used */
	ck_assert_int_eq(tu_int(db, "SELECT instr(scheme, 'day_basis=365') > 0 FROM subsidy_runs"), 1);
	sqlite3_close(db);
}
END_TEST

Suite *subsidy_run_suite(void)
{
	Suite *s = suite_create("subsidy_run");
	TCase *t = tcase_create("runs");

	tcase_add_test(t, test_year_assignment_by_settlement_and_paid_date);
	tcase_add_test(t, test_runs_start_year_and_previous_year_finalized);
	tcase_add_test(t, test_runs_compute_replaces_draft_never_finalized);
	tcase_add_test(t, test_runs_finalize_blocked_lists_enterprises);
	tcase_add_test(t, test_runs_stale_draft_refused);
	tcase_add_test(t, test_runs_locks_refuse_changes);
	tcase_add_test(t, test_runs_reopen_latest_only_with_reason);
	tcase_add_test(t, test_runs_carry_and_rights_across_years);
	tcase_add_test(t, test_runs_explain_worked_example);
	tcase_add_test(t, test_scheme_applies_to_runs_computed_afterwards);
	suite_add_tcase(s, t);
	return s;
}
