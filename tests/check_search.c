/*
 * check_search.c — the loan search from memory (ledger/search.c): what it
 * matches, in which order, its pages, and that a commit by another
 * connection is seen by the next search while a search alone reads
 * nothing again.  The expected ids are written out by hand from the rows
 * below.  tests/t_web_search.sh compares it with SQL LIKE on a demo
 * database.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ledger/db.h"
#include "ledger/search.h"
#include "tests/testutil.h"

/*
 * Three enterprises, two banks, five loans (ids 1..5; start dates make
 * the list order 4, 5, 2, 3, 1: 5 and 2 start on the same day, the
 * higher id first), one right number.
 */
static const char rows[] =
	"INSERT INTO enterprises (uscc, name, city) VALUES"
	" ('91330783MA00000001', '东阳市红木家具有限公司', '330783'),"
	" ('91330783MA00000002', 'Acme 磁业', '330783'),"
	" ('91330382XY0000000Z', '乐清市电气有限公司', '330382');"
	"INSERT INTO banks (id, name) VALUES (1, '工商银行东阳支行'), (2, 'Bank of Ningbo');"
	"INSERT INTO loans (id, bank_id, contract_no, uscc, principal_fen, start_date, maturity_date)"
	" VALUES (1, 1, 'DY-2023-001', '91330783MA00000001', 100, '2023-01-05', '2024-01-04'),"
	" (2, 1, 'DY-2024-0081', '91330783MA00000002', 100, '2024-03-01', '2025-02-28'),"
	" (3, 2, '2023年甬银质字第0081号', '91330382XY0000000Z', 100, '2023-06-01', '2024-05-31'),"
	" (4, 2, 'nb_50%', '91330382XY0000000Z', 100, '2024-09-01', '2025-08-31'),"
	" (5, 1, 'DY-2024-0100', '91330783MA00000001', 100, '2024-03-01', '2025-02-28');"
	"INSERT INTO loan_rights (loan_id, seq, right_no, kind) VALUES"
	" (3, 1, 'ZL202110123456.7', 'patent');";

static sqlite3 *db;
static char *path;
static struct ldg_search *srch;

static void setup(void)
{
	struct ldg_err err = { 0 };

	path = tu_tmpfile("s.db");
	ck_assert_ptr_nonnull(path);
	ck_assert_int_eq(ldg_db_open(path, 1, &db, &err), 0);
	ck_assert_int_eq(ldg_db_init(db, NULL, &err), 0);
	ck_assert_int_eq(sqlite3_exec(db, rows, NULL, NULL, NULL), SQLITE_OK);
	ck_assert_int_eq(ldg_search_open(path, &srch, &err), 0);
}

static void teardown(void)
{
	ldg_search_close(srch);
	ldg_db_close(db);
	free(path);
}

/* The ids found for q (from skip, at most 8) as "a,b,c". */
static const char *found(const char *q, size_t skip)
{
	static char buf[128];
	int64_t ids[8];
	size_t n = 0, i, o = 0;
	struct ldg_err err = { 0 };

	ck_assert_int_eq(ldg_search_loans(srch, q, skip, ids, 8, &n, &err), 0);
	buf[0] = '\0';
	for (i = 0; i < n; i++)
		o += (size_t)snprintf(buf + o, sizeof(buf) - o, "%s%lld", i ? "," : "", (long long)ids[i]);
	return buf;
}

START_TEST(test_search_matches)
{
	ck_assert_str_eq(found("", 0), "4,5,2,3,1");            /* every loan, newest first */
	ck_assert_str_eq(found("0081", 0), "2,3");               /* contract numbers */
	ck_assert_str_eq(found("dy-2024", 0), "5,2");            /* ASCII case ignored */
	ck_assert_str_eq(found("DY-2024", 0), "5,2");
	ck_assert_str_eq(found("红木", 0), "5,1");                /* enterprise name */
	ck_assert_str_eq(found("acme", 0), "2");
	ck_assert_str_eq(found("ma00000002", 0), "2");           /* USCC, any case */
	ck_assert_str_eq(found("东阳支行", 0), "5,2,1");          /* bank name */
	ck_assert_str_eq(found("ningbo", 0), "4,3");
	ck_assert_str_eq(found("50%", 0), "4");                  /* % is a character */
	ck_assert_str_eq(found("_", 0), "4");                    /* and so is _ */
	ck_assert_str_eq(found("zzz", 0), "");
	/* right numbers from LDG_SEARCH_RIGHT_MIN characters on */
	ck_assert_str_eq(found("10123456", 0), "3");
	ck_assert_str_eq(found("zl2021", 0), "3");               /* 6 characters */
	ck_assert_str_eq(found("zl202", 0), "");                 /* 5: not searched */
	/* a match in the name and the USCC text together is no match */
	ck_assert_str_eq(found("公司91330783", 0), "");
}
END_TEST

START_TEST(test_search_pages)
{
	int64_t ids[2];
	size_t n;
	struct ldg_err err = { 0 };

	ck_assert_str_eq(found("", 2), "2,3,1");
	ck_assert_str_eq(found("", 5), "");
	ck_assert_str_eq(found("东阳支行", 1), "2,1");
	ck_assert_int_eq(ldg_search_loans(srch, "", 1, ids, 2, &n, &err), 0);
	ck_assert_uint_eq(n, 2);
	ck_assert_int_eq(ids[0], 5);
	ck_assert_int_eq(ids[1], 2);
}
END_TEST

/* A commit by another connection is in the next search; searches alone
 * read the snapshot once. */
START_TEST(test_search_sees_commits)
{
	ck_assert_str_eq(found("0081", 0), "2,3");
	ck_assert_str_eq(found("红木", 0), "5,1");
	ck_assert_uint_eq(ldg_search_builds(srch), 1);
	ck_assert_int_eq(sqlite3_exec(db,
		"INSERT INTO loans (id, bank_id, contract_no, uscc, principal_fen, start_date,"
		" maturity_date) VALUES (6, 2, 'NEW-0081', '91330783MA00000002', 1, '2025-01-01',"
		" '2025-12-31')", NULL, NULL, NULL), SQLITE_OK);
	ck_assert_str_eq(found("0081", 0), "6,2,3");
	ck_assert_uint_eq(ldg_search_builds(srch), 2);
	ck_assert_int_eq(sqlite3_exec(db, "UPDATE enterprises SET name = '东阳市新名称有限公司'"
				      " WHERE uscc = '91330783MA00000001'", NULL, NULL, NULL), SQLITE_OK);
	ck_assert_str_eq(found("红木", 0), "");
	ck_assert_str_eq(found("新名称", 0), "5,1");
	ck_assert_int_eq(sqlite3_exec(db, "DELETE FROM loans WHERE id = 6", NULL, NULL, NULL),
			 SQLITE_OK);
	ck_assert_str_eq(found("0081", 0), "2,3");
	ck_assert_uint_eq(ldg_search_builds(srch), 4);
	ck_assert_str_eq(found("", 0), "4,5,2,3,1");
	ck_assert_uint_eq(ldg_search_builds(srch), 4);
}
END_TEST

/* The USCCs of the enterprises found for q (from skip, at most 8). */
static const char *ents_found(const char *q, size_t skip)
{
	static char buf[256];
	char u[8][LDG_SEARCH_USCC_MAX];
	size_t n = 0, i, o = 0;
	struct ldg_err err = { 0 };

	ck_assert_int_eq(ldg_search_enterprises(srch, q, skip, u, 8, &n, &err), 0);
	buf[0] = '\0';
	for (i = 0; i < n; i++)
		o += (size_t)snprintf(buf + o, sizeof(buf) - o, "%s%s", i ? "," : "", u[i] + 14);
	return buf;
}

/* Enterprises by name or USCC, in USCC order (the last four characters
 * of each USCC are shown). */
START_TEST(test_search_enterprises)
{
	ck_assert_str_eq(ents_found("", 0), "000Z,0001,0002");
	ck_assert_str_eq(ents_found("", 1), "0001,0002");
	ck_assert_str_eq(ents_found("有限公司", 0), "000Z,0001");
	ck_assert_str_eq(ents_found("ACME", 0), "0002");
	ck_assert_str_eq(ents_found("xy0000000z", 0), "000Z");
	ck_assert_str_eq(ents_found("91330783", 0), "0001,0002");
	ck_assert_str_eq(ents_found("0081", 0), "");          /* contracts are not names */
	ck_assert_str_eq(ents_found("公司9133", 0), "");
	ck_assert_uint_eq(ldg_search_builds(srch), 1);
}
END_TEST

/* An empty database has nothing to find. */
START_TEST(test_search_empty)
{
	struct ldg_search *s2 = NULL;
	struct ldg_err err = { 0 };
	char *p2 = tu_tmpfile("e.db");
	sqlite3 *d2 = NULL;
	int64_t ids[4];
	size_t n = 9;

	ck_assert_int_eq(ldg_db_open(p2, 1, &d2, &err), 0);
	ck_assert_int_eq(ldg_db_init(d2, NULL, &err), 0);
	ck_assert_int_eq(ldg_search_open(p2, &s2, &err), 0);
	ck_assert_int_eq(ldg_search_loans(s2, "", 0, ids, 4, &n, &err), 0);
	ck_assert_uint_eq(n, 0);
	ck_assert_int_eq(ldg_search_loans(s2, "x", 0, ids, 4, &n, &err), 0);
	ck_assert_uint_eq(n, 0);
	ldg_search_close(s2);
	ldg_db_close(d2);
	free(p2);
}
END_TEST

/* A path that is no database: the search says so. */
START_TEST(test_search_no_db)
{
	struct ldg_search *s2 = NULL;
	struct ldg_err err = { 0 };
	int64_t ids[4];
	size_t n;

	ck_assert_int_eq(ldg_search_open("/nonexistent/dir/x.db", &s2, &err), 0);
	ck_assert_int_ne(ldg_search_loans(s2, "", 0, ids, 4, &n, &err), 0);
	ck_assert_int_ne(err.code, 0);
	ck_assert_uint_eq(n, 0);
	ldg_search_close(s2);
}
END_TEST

Suite *search_suite(void)
{
	Suite *s = suite_create("search");
	TCase *tc = tcase_create("loans");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_search_matches);
	tcase_add_test(tc, test_search_pages);
	tcase_add_test(tc, test_search_sees_commits);
	tcase_add_test(tc, test_search_enterprises);
	suite_add_tcase(s, tc);
	tc = tcase_create("edges");
	tcase_add_test(tc, test_search_empty);
	tcase_add_test(tc, test_search_no_db);
	suite_add_tcase(s, tc);
	return s;
}
