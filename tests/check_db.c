/*
 * check_db.c — the foundation: error formatting, opening and initialising
 * the database, reference data, schemes (rules.md §8), the audit log, and
 * the lock triggers of rules.md §7.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ledger/date.h"
#include "ledger/db.h"
#include "ledger/scheme.h"
#include "tests/testutil.h"

START_TEST(test_err_format_full)
{
	struct ldg_err e = { 0 };
	char buf[512];

	ldg_err_set(&e, LDG_EINPUT, "more precise than 1 fen");
	ldg_err_value(&e, "1234.567");
	ldg_err_place(&e, "loans.csv", 17, "贷款金额(元)");
	ck_assert_str_eq(ldg_err_format(&e, buf, sizeof(buf)),
		"loans.csv:17: column '贷款金额(元)': more precise than 1 fen (value '1234.567')");
	ck_assert_int_eq(ldg_exit_status(e.code), 1);
}
END_TEST

START_TEST(test_err_first_wins)
{
	struct ldg_err e = { 0 };
	char buf[128];

	ck_assert_int_eq(ldg_err_set(&e, LDG_EIO, "first"), LDG_EIO);
	ck_assert_int_eq(ldg_err_set(&e, LDG_EINPUT, "second"), LDG_EINPUT);
	ck_assert_int_eq(e.code, LDG_EIO);
	ck_assert_str_eq(ldg_err_format(&e, buf, sizeof(buf)), "first");
	ck_assert_int_eq(ldg_exit_status(LDG_EUSAGE), 2);
	ck_assert_int_eq(ldg_exit_status(LDG_EDB), 3);
	ck_assert_int_eq(ldg_exit_status(LDG_ENODB), 3);
	ck_assert_int_eq(ldg_exit_status(LDG_ELOCKED), 1);
}
END_TEST

START_TEST(test_err_value_utf8_truncation)
{
	struct ldg_err e = { 0 };
	char big[600];
	size_t i;

	/* 200 three-byte characters do not fit 255 bytes: cut at a boundary */
	for (i = 0; i + 3 < sizeof(big); i += 3)
		memcpy(big + i, "东", 3);
	big[i] = '\0';
	ldg_err_value(&e, big);
	ck_assert_uint_eq(strlen(e.value) % 3, 0);
	ck_assert_uint_lt(strlen(e.value), sizeof(e.value));
}
END_TEST

START_TEST(test_open_missing_needs_init)
{
	struct ldg_err e = { 0 };
	char *path = tu_tmpfile("none.db");
	sqlite3 *db = NULL;

	ck_assert_int_eq(ldg_db_open(path, 0, &db, &e), LDG_ENODB);
	ck_assert_ptr_null(db);
	ck_assert_ptr_nonnull(strstr(e.msg, "run 'pledger init'"));
	ck_assert_int_ne(access(path, F_OK), 0);  /* not created */
	free(path);
}
END_TEST

/*
 * A SQLite file of another program, with tables and user_version 0, 1
 * (pledger's own first version) or 9 (above it): refused by init and by
 * every command for want of pledger's tables — not opened, not called
 * newer — and left byte for byte as it was.
 */
START_TEST(test_open_foreign_refused)
{
	static const char *const set[] = {
		"PRAGMA user_version = 0", "PRAGMA user_version = 1", "PRAGMA user_version = 9",
	};
	struct ldg_err e = { 0 };
	char *path, *before, *after, name[32];
	sqlite3 *raw = NULL, *db = NULL;
	size_t nb = 0, na = 0, k;
	int create;

	for (k = 0; k < sizeof(set) / sizeof(set[0]); k++) {
		snprintf(name, sizeof(name), "foreign%zu.db", k);
		path = tu_tmpfile(name);
		ck_assert_int_eq(sqlite3_open(path, &raw), SQLITE_OK);
		ck_assert_int_eq(sqlite3_exec(raw, "CREATE TABLE notes (t TEXT);"
					      " INSERT INTO notes VALUES ('x')", NULL, NULL, NULL),
				 SQLITE_OK);
		ck_assert_int_eq(sqlite3_exec(raw, set[k], NULL, NULL, NULL), SQLITE_OK);
		sqlite3_close(raw);
		before = tu_slurp(path, &nb);
		ck_assert_ptr_nonnull(before);
		for (create = 1; create >= 0; create--) {
			memset(&e, 0, sizeof(e));
			ck_assert_int_eq(ldg_db_open(path, create, &db, &e), LDG_ENODB);
			ck_assert_ptr_null(db);
			ck_assert_ptr_nonnull(strstr(e.msg, "is not a pledger database"));
		}
		after = tu_slurp(path, &na);
		ck_assert_ptr_nonnull(after);
		ck_assert_uint_eq(na, nb);
		ck_assert_int_eq(memcmp(before, after, nb), 0);
		free(before);
		free(after);
		free(path);
	}
}
END_TEST

START_TEST(test_init_idempotent)
{
	struct ldg_err e = { 0 };
	sqlite3 *db = tu_fresh_db();
	int created = -1;
	long long audit;

	ck_assert_int_eq(ldg_db_version(db), LDG_SCHEMA_VERSION);
	audit = tu_int(db, "SELECT count(*) FROM audit_log");
	ck_assert_int_eq(ldg_db_init(db, &created, &e), 0);
	ck_assert_int_eq(created, 0);
	ck_assert_int_eq(tu_int(db, "SELECT count(*) FROM audit_log"), audit);
	/* targets.md: 9 cities, 7 targets; domain.md §1: 15 LPR rows of each kind */
	ck_assert_int_eq(tu_int(db, "SELECT count(*) FROM cities"), 9);
	ck_assert_int_eq(tu_int(db, "SELECT count(*) FROM targets"), 7);
	ck_assert_int_eq(tu_int(db, "SELECT count(*) FROM rates WHERE kind = 'LPR1Y'"), 15);
	ck_assert_int_eq(tu_int(db, "SELECT count(*) FROM rates WHERE kind = 'LPR5Y'"), 15);
	ck_assert_int_eq(tu_int(db, "SELECT count(*) FROM schemes"), 9 * 12);
	/* 东阳 2025: 13 亿元 = 1 300 000 000.00 yuan = 130 000 000 000 fen */
	ck_assert_int_eq(tu_int(db, "SELECT target_fen FROM targets WHERE city = '330783'"
				" AND year_from = 2025"), 130000000000LL);
	ck_assert_int_eq(tu_int(db, "SELECT count(*) FROM cities WHERE code = '330783'"
				" AND parent = '330700'"), 1);
	/* schema.sql migrate 2: a new database gets loan_rights WITHOUT ROWID,
	 * its index and its three lock triggers */
	ck_assert_int_eq(tu_int(db, "SELECT count(*) FROM sqlite_master WHERE name = 'loan_rights'"
				" AND sql LIKE '%WITHOUT ROWID'"), 1);
	ck_assert_int_eq(tu_int(db, "SELECT count(*) FROM sqlite_master WHERE tbl_name = 'loan_rights'"
				" AND (name = 'loan_rights_no' OR name LIKE 'loan_rights_lock_%')"), 4);
	sqlite3_close(db);
}
END_TEST

START_TEST(test_init_keeps_office_changes)
{
	struct ldg_err e = { 0 };
	sqlite3 *db = tu_fresh_db();

	ck_assert_int_eq(ldg_scheme_set(db, "330382", "interest_share", "40%", &e), 0);
	ck_assert_int_eq(ldg_db_init(db, NULL, &e), 0);
	ck_assert_int_eq(tu_int(db, "SELECT value = '40.00%' FROM schemes WHERE city = '330382'"
				" AND key = 'interest_share'"), 1);
	sqlite3_close(db);
}
END_TEST

START_TEST(test_rate_lookup_in_force)
{
	struct ldg_err e = { 0 };
	sqlite3 *db = tu_fresh_db();
	int64_t ppm = 0;
	int32_t eff = 0;

	/* rules.md §4 worked example: LPR1Y on 2023-03-15 is 3.65 % (from 2022-08-22) */
	ck_assert_int_eq(ldg_rate_lookup(db, "LPR1Y", ldg_date_from_ymd(2023, 3, 15),
					 &ppm, &eff, &e), 0);
	ck_assert_int_eq(ppm, 36500);
	ck_assert_int_eq(eff, ldg_date_from_ymd(2022, 8, 22));
	/* the day of a change takes the new value */
	ck_assert_int_eq(ldg_rate_lookup(db, "LPR1Y", ldg_date_from_ymd(2023, 8, 21),
					 &ppm, NULL, &e), 0);
	ck_assert_int_eq(ppm, 34500);
	/* before the first fixing there is none */
	ck_assert_int_eq(ldg_rate_lookup(db, "LPR1Y", ldg_date_from_ymd(2019, 8, 19),
					 &ppm, NULL, &e), LDG_ENOTFOUND);
	sqlite3_close(db);
}
END_TEST

START_TEST(test_city_resolve)
{
	struct ldg_err e = { 0 };
	sqlite3 *db = tu_fresh_db();
	char code[8], name[64];

	ck_assert_int_eq(ldg_city_resolve(db, "东阳市", code, name, sizeof(name), &e), 0);
	ck_assert_str_eq(code, "330783");
	ck_assert_int_eq(ldg_city_resolve(db, "330382", code, name, sizeof(name), &e), 0);
	ck_assert_str_eq(name, "乐清市");
	/* cli.md "Global": an unambiguous short form; the closest names when unknown */
	ck_assert_int_eq(ldg_city_resolve(db, "东阳", code, name, sizeof(name), &e), 0);
	ck_assert_str_eq(code, "330783");
	ck_assert_str_eq(name, "东阳市");
	ck_assert_int_eq(ldg_city_resolve(db, "火星", code, NULL, 0, &e), LDG_ENOTFOUND);
	ck_assert_ptr_nonnull(strstr(e.msg, "unknown city '火星'"));
	ldg_err_clear(&e);
	ck_assert_int_eq(ldg_city_resolve(db, "东杨市", code, NULL, 0, &e), LDG_ENOTFOUND);
	ck_assert_ptr_nonnull(strstr(e.msg, "unknown city '东杨市'; the closest: "));
	ck_assert_ptr_nonnull(strstr(e.msg, "东阳市"));
	sqlite3_close(db);
}
END_TEST

/* rules.md §8: defaults, values as people write them, bad keys and values. */
START_TEST(test_scheme_defaults_and_apply)
{
	struct ldg_err e = { 0 };
	struct ldg_scheme s;
	char v[128], *text;
	struct ldg_scheme back;

	ldg_scheme_default(&s);
	ck_assert_int_eq(s.interest_share_ppm, 500000);
	ck_assert_int_eq(s.day_basis, 360);
	ck_assert_int_eq(s.interest_cap_per_kind_fen, 30000000);
	ck_assert_int_eq(s.premium_cap_fen, 10000000);
	ck_assert_int_eq(s.carry_years, 2);
	ck_assert_int_eq(ldg_scheme_apply(&s, "interest_share", "40%", &e), 0);
	ck_assert_int_eq(s.interest_share_ppm, 400000);
	ck_assert_int_eq(ldg_scheme_apply(&s, "premium_cap", "50000.00", &e), 0);
	ck_assert_int_eq(s.premium_cap_fen, 5000000);
	ck_assert_int_eq(ldg_scheme_apply(&s, "contribution_cap", "off", &e), 0);
	ck_assert_int_eq(s.contribution_cap, 0);
	ck_assert_int_eq(ldg_scheme_apply(&s, "reference_rate", "LPR5Y", &e), 0);
	ck_assert_int_eq(ldg_scheme_apply(&s, "day_basis", "365", &e), 0);
	ck_assert_int_eq(s.day_basis, 365);
	ck_assert_int_eq(ldg_scheme_apply(&s, "carry_years", "1", &e), 0);
	ck_assert_int_eq(ldg_scheme_apply(&s, "covered_kinds", "patent,trademark,copyright", &e), 0);
	ck_assert_uint_eq(s.covered_kinds, 7);
	ck_assert_int_eq(ldg_scheme_apply(&s, "effective_from", "2019-01-01", &e), 0);
	ck_assert_int_eq(s.effective_from_day, ldg_date_from_ymd(2019, 1, 1));

	ldg_scheme_value(&s, "covered_kinds", v, sizeof(v));
	ck_assert_str_eq(v, "patent,trademark,copyright");
	text = ldg_scheme_text(&s);
	ck_assert_ptr_nonnull(text);
	ck_assert_int_eq(ldg_scheme_parse_text(text, &back, &e), 0);
	ck_assert_int_eq(memcmp(&s, &back, sizeof(s)), 0);
	free(text);
}
END_TEST

START_TEST(test_scheme_bad_key_and_value)
{
	struct ldg_err e = { 0 };
	struct ldg_scheme s;

	ldg_scheme_default(&s);
	ck_assert_int_eq(ldg_scheme_apply(&s, "interest_rate", "3%", &e), LDG_EINPUT);
	ck_assert_ptr_nonnull(strstr(e.msg, "allowed keys are"));
	ldg_err_clear(&e);
	ck_assert_int_eq(ldg_scheme_apply(&s, "day_basis", "366", &e), LDG_EINPUT);
	ck_assert_ptr_nonnull(strstr(e.msg, "360, 365"));
	ldg_err_clear(&e);
	ck_assert_int_eq(ldg_scheme_apply(&s, "reference_rate", "SHIBOR", &e), LDG_EINPUT);
	ck_assert_ptr_nonnull(strstr(e.msg, "LPR1Y, LPR5Y, PBOC1Y"));
	ldg_err_clear(&e);
	ck_assert_int_eq(ldg_scheme_apply(&s, "contribution_cap", "maybe", &e), LDG_EINPUT);
	ck_assert_ptr_nonnull(strstr(e.msg, "on, off"));
	ck_assert_int_eq(s.day_basis, 360);  /* unchanged */
}
END_TEST

/* rules.md §8: a scheme change is recorded with old and new value. */
START_TEST(test_scheme_set_audited)
{
	struct ldg_err e = { 0 };
	sqlite3 *db = tu_fresh_db();
	struct ldg_scheme s;

	ck_assert_int_eq(ldg_scheme_set(db, "330382", "premium_cap", "50000", &e), 0);
	ck_assert_int_eq(ldg_scheme_load(db, "330382", &s, &e), 0);
	ck_assert_int_eq(s.premium_cap_fen, 5000000);
	ck_assert_int_eq(tu_int(db, "SELECT count(*) FROM audit_log WHERE entity = 'scheme'"
				" AND entity_key = '330382' AND field = 'premium_cap'"
				" AND old_value = '100000.00' AND new_value = '50000.00'"), 1);
	/* other cities keep the default */
	ck_assert_int_eq(ldg_scheme_load(db, "330783", &s, &e), 0);
	ck_assert_int_eq(s.premium_cap_fen, 10000000);
	/* setting the same value again writes nothing */
	ck_assert_int_eq(ldg_scheme_set(db, "330382", "premium_cap", "50000.00", &e), 0);
	ck_assert_int_eq(tu_int(db, "SELECT count(*) FROM audit_log WHERE entity = 'scheme'"), 1);
	sqlite3_close(db);
}
END_TEST

/* rules.md §7: the lock triggers refuse changes to data of a finalized run. */
START_TEST(test_lock_contribution_refused)
{
	struct ldg_err e = { 0 };
	sqlite3 *db = tu_fresh_db();

	ck_assert_int_eq(ldg_db_exec(db,
		"INSERT INTO enterprises (uscc, name, city) VALUES"
		" ('91330783MA26K5770L', '东阳市明辉新材料有限公司', '330783');"
		"INSERT INTO contributions (uscc, year, contribution_fen) VALUES"
		" ('91330783MA26K5770L', 2023, 100);"
		"INSERT INTO subsidy_runs (city, year, status, computed_at, scheme) VALUES"
		" ('330783', 2023, 'finalized', '2024-01-05T00:00:00', '');", &e), 0);
	ck_assert_int_eq(ldg_db_exec(db,
		"UPDATE contributions SET contribution_fen = 200 WHERE year = 2023", &e),
		LDG_ELOCKED);
	ck_assert_ptr_nonnull(strstr(e.msg, "finalized subsidy run"));
	ldg_err_clear(&e);
	ck_assert_int_eq(ldg_db_exec(db,
		"INSERT INTO bars (uscc, year, reason) VALUES ('91330783MA26K5770L', 2023, 'x')", &e),
		LDG_ELOCKED);
	ck_assert_ptr_nonnull(strstr(e.msg, "东阳市 2023"));
	ldg_err_clear(&e);
	/* another year is free */
	ck_assert_int_eq(ldg_db_exec(db,
		"INSERT INTO contributions (uscc, year, contribution_fen) VALUES"
		" ('91330783MA26K5770L', 2024, 5)", &e), 0);
	/* the finalized run itself cannot be deleted */
	ck_assert_int_eq(ldg_db_exec(db, "DELETE FROM subsidy_runs", &e), LDG_ELOCKED);
	ck_assert_int_eq(tu_int(db, "SELECT contribution_fen FROM contributions WHERE year = 2023"), 100);
	sqlite3_close(db);
}
END_TEST

/* rules.md §7 and schema.sql migrate 3: a locked policy is named by its
 * key INSURER/POLICY_NO, and a new one paid in the locked year is refused. */
START_TEST(test_lock_policy_refused)
{
	struct ldg_err e = { 0 };
	sqlite3 *db = tu_fresh_db();

	ck_assert_int_eq(ldg_db_exec(db,
		"INSERT INTO enterprises (uscc, name, city) VALUES"
		" ('91330783MA26K5770L', '东阳市明辉新材料有限公司', '330783');"
		"INSERT INTO insurers (id, name) VALUES (1, '人保财险东阳支公司');"
		"INSERT INTO policies (id, insurer_id, policy_no, uscc, premium_fen, paid_date)"
		" VALUES (1, 1, 'P1', '91330783MA26K5770L', 1000000, '2024-05-01');"
		"INSERT INTO subsidy_runs (city, year, status, computed_at, scheme) VALUES"
		" ('330783', 2024, 'finalized', '2025-01-05T00:00:00', '');", &e), 0);
	ck_assert_int_eq(ldg_db_exec(db, "UPDATE policies SET premium_fen = 1 WHERE id = 1", &e),
			 LDG_ELOCKED);
	ck_assert_ptr_nonnull(strstr(e.msg, "policy '人保财险东阳支公司/P1' is used by finalized"
				     " subsidy run 东阳市 2024"));
	ldg_err_clear(&e);
	ck_assert_int_eq(ldg_db_exec(db,
		"INSERT INTO policies (insurer_id, policy_no, uscc, premium_fen, paid_date)"
		" VALUES (1, 'P2', '91330783MA26K5770L', 500, '2024-06-01')", &e), LDG_ELOCKED);
	ck_assert_ptr_nonnull(strstr(e.msg, "policy '人保财险东阳支公司/P2' paid 2024-06-01 falls in"
				     " finalized subsidy run 东阳市 2024"));
	ck_assert_int_eq(tu_int(db, "SELECT premium_fen FROM policies WHERE id = 1"), 1000000);
	sqlite3_close(db);
}
END_TEST

START_TEST(test_lock_loan_refused)
{
	struct ldg_err e = { 0 };
	sqlite3 *db = tu_fresh_db();

	ck_assert_int_eq(ldg_db_exec(db,
		"INSERT INTO enterprises (uscc, name, city) VALUES"
		" ('91330783MA26K5770L', '东阳市明辉新材料有限公司', '330783');"
		"INSERT INTO banks (id, name) VALUES (1, '中国工商银行东阳支行');"
		"INSERT INTO loans (id, bank_id, contract_no, uscc, principal_fen, start_date,"
		" maturity_date, settle_date) VALUES (1, 1, 'C1', '91330783MA26K5770L', 500000000,"
		" '2023-03-15', '2024-03-14', '2024-03-14');"
		"INSERT INTO loan_rights (loan_id, seq, right_no, kind) VALUES"
		" (1, 1, 'ZL202214213614.8', 'patent');"
		"INSERT INTO subsidy_runs (city, year, status, computed_at, scheme) VALUES"
		" ('330783', 2024, 'finalized', '2025-01-05T00:00:00', '');", &e), 0);
	ck_assert_int_eq(ldg_db_exec(db, "UPDATE loans SET principal_fen = 1 WHERE id = 1", &e),
			 LDG_ELOCKED);
	ck_assert_ptr_nonnull(strstr(e.msg, "loan '中国工商银行东阳支行/C1' is used by finalized subsidy run 东阳市 2024"));
	ldg_err_clear(&e);
	/* moving the settlement out of the locked year is refused too */
	ck_assert_int_eq(ldg_db_exec(db,
		"UPDATE loans SET settle_date = '2025-01-02' WHERE id = 1", &e), LDG_ELOCKED);
	ldg_err_clear(&e);
	ck_assert_int_eq(ldg_db_exec(db, "DELETE FROM loan_rights", &e), LDG_ELOCKED);
	ldg_err_clear(&e);
	ck_assert_int_eq(ldg_db_exec(db, "DELETE FROM loans", &e), LDG_ELOCKED);
	ldg_err_clear(&e);
	/* a new loan settled in the locked year is refused */
	ck_assert_int_eq(ldg_db_exec(db,
		"INSERT INTO loans (bank_id, contract_no, uscc, principal_fen, start_date,"
		" maturity_date, settle_date) VALUES (1, 'C2', '91330783MA26K5770L', 1,"
		" '2023-01-01', '2024-01-01', '2024-01-01')", &e), LDG_ELOCKED);
	ldg_err_clear(&e);
	/* an unsettled loan is free */
	ck_assert_int_eq(ldg_db_exec(db,
		"INSERT INTO loans (bank_id, contract_no, uscc, principal_fen, start_date,"
		" maturity_date) VALUES (1, 'C3', '91330783MA26K5770L', 1,"
		" '2024-06-01', '2025-06-01')", &e), 0);
	ck_assert_int_eq(tu_int(db, "SELECT principal_fen FROM loans WHERE id = 1"), 500000000);
	sqlite3_close(db);
}
END_TEST

/*
 * rules.md §7 with the cheap first test of every lock trigger's WHEN
 * (EXISTS (SELECT 1 FROM locked_years)): a draft run locks nothing, a
 * finalized one refuses a new right of its loan; and the CHECK on
 * loan_rights.kind (written as ORs, not IN) still refuses other kinds.
 */
START_TEST(test_lock_rights_insert_and_kind)
{
	struct ldg_err e = { 0 };
	sqlite3 *db = tu_fresh_db();

	ck_assert_int_eq(ldg_db_exec(db,
		"INSERT INTO enterprises (uscc, name, city) VALUES"
		" ('91330783MA26K5770L', '东阳市明辉新材料有限公司', '330783');"
		"INSERT INTO banks (id, name) VALUES (1, '中国工商银行东阳支行');"
		"INSERT INTO loans (id, bank_id, contract_no, uscc, principal_fen, start_date,"
		" maturity_date, settle_date) VALUES (1, 1, 'C1', '91330783MA26K5770L', 500000000,"
		" '2023-03-15', '2024-03-14', '2024-03-14');"
		"INSERT INTO subsidy_runs (city, year, status, computed_at, scheme) VALUES"
		" ('330783', 2024, 'draft', '2025-01-05T00:00:00', '');", &e), 0);
	/* a draft run locks nothing */
	ck_assert_int_eq(ldg_db_exec(db,
		"INSERT INTO loan_rights (loan_id, seq, right_no, kind) VALUES"
		" (1, 1, 'ZL202214213614.8', 'patent')", &e), 0);
	/* kinds other than the three are refused by the CHECK, not the lock */
	ck_assert_int_ne(ldg_db_exec(db,
		"INSERT INTO loan_rights (loan_id, seq, right_no, kind) VALUES"
		" (1, 2, '12345678', 'design')", &e), 0);
	ck_assert_int_ne(e.code, LDG_ELOCKED);
	ldg_err_clear(&e);
	ck_assert_int_eq(ldg_db_exec(db,
		"INSERT INTO loan_rights (loan_id, seq, right_no, kind) VALUES"
		" (1, 2, '12345678', 'trademark'), (1, 3, '2020SR000001', 'copyright')", &e), 0);
	ck_assert_int_eq(ldg_db_exec(db, "UPDATE subsidy_runs SET status = 'finalized'", &e), 0);
	ck_assert_int_eq(ldg_db_exec(db,
		"INSERT INTO loan_rights (loan_id, seq, right_no, kind) VALUES"
		" (1, 4, 'ZL202214213615.2', 'patent')", &e), LDG_ELOCKED);
	ck_assert_ptr_nonnull(strstr(e.msg, "finalized subsidy run"));
	ldg_err_clear(&e);
	ck_assert_int_eq(ldg_db_exec(db, "UPDATE loan_rights SET value_fen = 1", &e),
			 LDG_ELOCKED);
	ldg_err_clear(&e);
	ck_assert_int_eq(tu_int(db, "SELECT count(*) FROM loan_rights"), 3);
	sqlite3_close(db);
}
END_TEST

START_TEST(test_lock_enterprise_city)
{
	struct ldg_err e = { 0 };
	sqlite3 *db = tu_fresh_db();

	ck_assert_int_eq(ldg_db_exec(db,
		"INSERT INTO enterprises (uscc, name, city) VALUES"
		" ('91330783MA26K5770L', '东阳市明辉新材料有限公司', '330783');"
		"INSERT INTO subsidy_runs (id, city, year, status, computed_at, scheme) VALUES"
		" (1, '330783', 2024, 'draft', '2025-01-05T00:00:00', '');"
		"INSERT INTO run_rows (run_id, uscc, enterprise, interest_patent_fen,"
		" interest_trademark_fen, interest_copyright_fen, premium_fen, due_fen,"
		" carried_in_fen, payable_fen, carried_out_fen, forfeited_fen, status) VALUES"
		" (1, '91330783MA26K5770L', 'x', 0, 0, 0, 0, 0, 0, 0, 0, 0, 'ok');"
		/* rows are written while a draft (schema migrate 5) */
		"UPDATE subsidy_runs SET status = 'finalized' WHERE id = 1;", &e), 0);
	ck_assert_int_eq(ldg_db_exec(db,
		"UPDATE enterprises SET city = '330382'", &e), LDG_ELOCKED);
	ldg_err_clear(&e);
	ck_assert_int_eq(ldg_db_exec(db,
		"UPDATE enterprises SET legal_person = 0", &e), LDG_ELOCKED);
	ldg_err_clear(&e);
	/* the industry is not data a run used */
	ck_assert_int_eq(ldg_db_exec(db,
		"UPDATE enterprises SET industry = '纺织'", &e), 0);
	sqlite3_close(db);
}
END_TEST

START_TEST(test_audit_row)
{
	struct ldg_err e = { 0 };
	sqlite3 *db = tu_fresh_db();

	setenv("LOGNAME", "clerk1", 1);
	ck_assert_int_eq(ldg_audit(db, "update", "loan", "B/C", "principal", "1.00", "2.00",
				   0, NULL, &e), 0);
	ck_assert_int_eq(tu_int(db, "SELECT count(*) FROM audit_log WHERE user = 'clerk1'"
				" AND entity = 'loan' AND old_value = '1.00' AND new_value = '2.00'"
				" AND batch_id IS NULL AND at GLOB '2[0-9][0-9][0-9]-*'"), 1);
	sqlite3_close(db);
}
END_TEST

/*
 * The SQL literal that starts at p (a quote), unquoted into out; returns
 * the character after it, or NULL when p holds no whole literal.
 */
static const char *sql_literal(const char *p, char *out, size_t outsz)
{
	size_t n = 0;

	if (*p != '\'')
		return NULL;
	for (p++; *p; p++) {
		if (*p == '\'' && p[1] == '\'')
			p++;
		else if (*p == '\'')
			break;
		if (n + 1 < outsz)
			out[n++] = *p;
	}
	out[n] = '\0';
	return *p ? p + 1 : NULL;
}

extern const unsigned char ldg_schema_sql[];

/*
 * Issue 15: every refusal a lock trigger can give is a msgid of db.c's
 * refusals[] (marked N_(), translated in po/zh_CN.po), so a new trigger
 * cannot refuse in English only.  Checked on the triggers of a new
 * database (every ldg_refuse(FORMAT …) and RAISE(ABORT, 'refused: …')),
 * and on the text of schema.sql: from migrate 14 on no call composes its
 * message with ||, and every FORMAT given arguments is known.
 */
START_TEST(test_refusal_formats_known)
{
	sqlite3 *db = tu_fresh_db();
	sqlite3_stmt *st = NULL;
	const char *text = (const char *)ldg_schema_sql, *p, *m14;
	char lit[1024];
	int ntrig = 0, ncalls = 0;

	ck_assert_int_eq(sqlite3_prepare_v2(db, "SELECT name, sql FROM sqlite_master"
		" WHERE type = 'trigger' ORDER BY name", -1, &st, NULL), SQLITE_OK);
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char *name = (const char *)sqlite3_column_text(st, 0);
		const char *sql = (const char *)sqlite3_column_text(st, 1);
		const char *call;

		if ((call = strstr(sql, "ldg_refuse("))) {
			p = call + strlen("ldg_refuse(");
			p = sql_literal(p, lit, sizeof lit);
			ck_assert_msg(p && (*p == ',' || *p == ')'),
				      "trigger %s: ldg_refuse's first argument is not a literal", name);
			ck_assert_msg(ldg_refusal_known(lit), "trigger %s: refusal '%s' is not in"
				      " db.c refusals[]", name, lit);
			ntrig++;
		} else if ((call = strstr(sql, "RAISE(ABORT, "))) {
			p = sql_literal(call + strlen("RAISE(ABORT, "), lit, sizeof lit);
			ck_assert_msg(p && strncmp(lit, "refused: ", 9) == 0
				      && ldg_refusal_known(lit + 9),
				      "trigger %s: refusal '%s' is not in db.c refusals[]", name, lit);
			ntrig++;
		}
	}
	sqlite3_finalize(st);
	/* 18 recreated by migrate 14, 3 of loan_rights, 22 RAISE */
	ck_assert_int_ge(ntrig, 40);
	m14 = strstr(text, "\n-- migrate 14\n");
	ck_assert_ptr_nonnull(m14);
	for (p = text; (p = strstr(p, "ldg_refuse(")); ) {
		const char *after = sql_literal(p + strlen("ldg_refuse("), lit, sizeof lit);

		if (!after) {   /* the comments' ldg_refuse(message) */
			p++;
			continue;
		}
		while (*after == ' ' || *after == '\n' || *after == '\t')
			after++;
		if (p > m14)
			ck_assert_msg(*after == ',' || *after == ')',
				      "schema.sql after migrate 14: '%s' composed with ||", lit);
		if (*after == ',')
			ck_assert_msg(ldg_refusal_known(lit), "schema.sql: refusal '%s' is not in"
				      " db.c refusals[]", lit);
		ncalls++;
		p = after;
	}
	ck_assert_int_ge(ncalls, 20);
	/* not a refusal */
	ck_assert(!ldg_refusal_known("loan '%s/%s'"));
	ck_assert(!ldg_refusal_known(NULL));
	sqlite3_close(db);
}
END_TEST

/* The refusal a trigger composes: the format's %s filled by its arguments
 * as text (a % in them is text too), NULL as "?"; an unknown format or a
 * wrong number of arguments never printed; the old one-argument message
 * of a database before migrate 14 given as it is. */
START_TEST(test_refuse_fills_known_formats_only)
{
	struct ldg_err e = { 0 };
	sqlite3 *db = tu_fresh_db();

	ck_assert_int_eq(ldg_db_exec(db, "SELECT ldg_refuse('loan ''%s/%s'' is used by finalized"
		" subsidy run %s %s', '甲行', 'C%s%n1', '东阳市', 2023)", &e), LDG_ELOCKED);
	ck_assert_str_eq(e.msg, "loan '甲行/C%s%n1' is used by finalized subsidy run 东阳市 2023");
	ldg_err_clear(&e);
	ck_assert_int_eq(ldg_db_exec(db, "SELECT ldg_refuse('subsidy run %s %s is finalized;"
		" reopen it first', NULL, 2023)", &e), LDG_ELOCKED);
	ck_assert_str_eq(e.msg, "subsidy run ? 2023 is finalized; reopen it first");
	ldg_err_clear(&e);
	/* too few, too many arguments; an unknown format */
	ck_assert_int_eq(ldg_db_exec(db, "SELECT ldg_refuse('subsidy run %s %s is finalized;"
		" reopen it first', 'x')", &e), LDG_ELOCKED);
	ck_assert_str_eq(e.msg, "a finalized subsidy run uses this data");
	ldg_err_clear(&e);
	ck_assert_int_eq(ldg_db_exec(db, "SELECT ldg_refuse('the rights of a loan used by a"
		" finalized subsidy run cannot change', 'x')", &e), LDG_ELOCKED);
	ck_assert_str_eq(e.msg, "a finalized subsidy run uses this data");
	ldg_err_clear(&e);
	ck_assert_int_eq(ldg_db_exec(db, "SELECT ldg_refuse('%s%s%s%n', 'a', 'b', 'c')", &e),
			 LDG_ELOCKED);
	ck_assert_str_eq(e.msg, "a finalized subsidy run uses this data");
	ldg_err_clear(&e);
	ck_assert_int_eq(ldg_db_exec(db, "SELECT ldg_refuse('subsidy run %s %s is finalized;"
		" reopen it first')", &e), LDG_ELOCKED);
	ck_assert_str_eq(e.msg, "a finalized subsidy run uses this data");
	ldg_err_clear(&e);
	/* a trigger of version 13: its English message, as it is */
	ck_assert_int_eq(ldg_db_exec(db, "SELECT ldg_refuse('loan ''B/C%s'' is used by finalized"
		" subsidy run 东阳市 2023')", &e), LDG_ELOCKED);
	ck_assert_str_eq(e.msg, "loan 'B/C%s' is used by finalized subsidy run 东阳市 2023");
	ldg_err_clear(&e);
	ck_assert_int_eq(ldg_db_exec(db, "SELECT ldg_refuse(NULL)", &e), LDG_ELOCKED);
	ck_assert_str_eq(e.msg, "a finalized subsidy run uses this data");
	ldg_err_clear(&e);
	/* a RAISE's fixed text */
	ck_assert_int_eq(ldg_db_exec(db, "INSERT INTO subsidy_runs (city, year, status, computed_at,"
		" scheme, stage) VALUES ('330783', 2023, 'draft', '2024-01-05T00:00:00', '', 'paid')",
		&e), LDG_ELOCKED);
	ck_assert_str_eq(e.msg, "a draft run has no stage");
	sqlite3_close(db);
}
END_TEST

Suite *db_suite(void)
{
	Suite *s = suite_create("db");
	TCase *tc = tcase_create("foundation");

	tcase_add_test(tc, test_err_format_full);
	tcase_add_test(tc, test_err_first_wins);
	tcase_add_test(tc, test_err_value_utf8_truncation);
	tcase_add_test(tc, test_open_missing_needs_init);
	tcase_add_test(tc, test_open_foreign_refused);
	tcase_add_test(tc, test_init_idempotent);
	tcase_add_test(tc, test_init_keeps_office_changes);
	tcase_add_test(tc, test_rate_lookup_in_force);
	tcase_add_test(tc, test_city_resolve);
	tcase_add_test(tc, test_scheme_defaults_and_apply);
	tcase_add_test(tc, test_scheme_bad_key_and_value);
	tcase_add_test(tc, test_scheme_set_audited);
	tcase_add_test(tc, test_lock_contribution_refused);
	tcase_add_test(tc, test_lock_loan_refused);
	tcase_add_test(tc, test_lock_policy_refused);
	tcase_add_test(tc, test_lock_enterprise_city);
	tcase_add_test(tc, test_lock_rights_insert_and_kind);
	tcase_add_test(tc, test_audit_row);
	tcase_add_test(tc, test_refusal_formats_known);
	tcase_add_test(tc, test_refuse_fills_known_formats_only);
	suite_add_tcase(s, tc);
	return s;
}
