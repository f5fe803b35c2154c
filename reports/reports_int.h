/*
 * reports_int.h — helpers the workbooks of reports/ share and nothing else
 * uses: a growing string, the pledged rights of loans read alongside a
 * loan query, the Chinese words for kinds of right and for the reasons of
 * rules.md §3, the city a report is about, and cells read from a query's
 * columns.
 */
#ifndef RPT_REPORTS_INT_H
#define RPT_REPORTS_INT_H

#include <sqlite3.h>
#include <stddef.h>
#include <stdint.h>

#include "ledger/error.h"

struct rpt_table;

/* A growing NUL-terminated string.  Zero-initialise; rpt_buf_release() frees. */
struct rpt_buf {
	char *s;      /* the text ("" after the first append), or NULL */
	size_t len;   /* its length */
	size_t cap;   /* bytes allocated */
};

/* Append text (NULL is ""); -1 when out of memory. */
int rpt_buf_add(struct rpt_buf *b, const char *text);
/* Empty the string, keeping its memory. */
void rpt_buf_clear(struct rpt_buf *b);
/* Free the memory. */
void rpt_buf_release(struct rpt_buf *b);

/* Kinds of pledged right as bits (schema.sql loan_rights.kind). */
#define RPT_PATENT    1u
#define RPT_TRADEMARK 2u
#define RPT_COPYRIGHT 4u

/* Bit of a loan_rights.kind text, 0 for anything else. */
unsigned rpt_kind_bit(const char *kind);

/*
 * The pledge type of a loan for people: "专利权", "商标权", "著作权",
 * "混合质押" (more than one kind), "" (no right recorded).
 */
const char *rpt_kind_text(unsigned mask);

/*
 * The pledged rights of loans, read in loan-id order beside a loan query in
 * the same order (a merge join: one pass, no query per loan).
 */
struct rpt_rights {
	sqlite3_stmt *st;      /* loan_id, right_no, kind, value_fen ordered by loan_id, seq */
	int has;               /* 1 while st is on a row */
	struct rpt_buf text;   /* rights of the last loan, joined by "、" */
	unsigned mask;         /* their kinds (RPT_PATENT ...) */
	int64_t value_fen;     /* sum of their valuations ... */
	int valued;            /* ... 1 when at least one is recorded */
};

/*
 * Start the cursor on st (prepared and bound by the caller, ordered by
 * loan id then seq; columns loan_id, right_no, kind, value_fen).  Takes
 * ownership of st.  Returns 0 or an LDG_EDB error.
 */
int rpt_rights_start(struct rpt_rights *r, sqlite3 *db, sqlite3_stmt *st,
		     struct ldg_err *err);

/*
 * Collect the rights of loan_id into r->text, r->mask, r->value_fen and
 * r->valued.  Loan ids must be asked in increasing order.
 */
int rpt_rights_collect(struct rpt_rights *r, sqlite3 *db, int64_t loan_id,
		       struct ldg_err *err);

/* Finalize the statement and free the text. */
void rpt_rights_release(struct rpt_rights *r);

/*
 * The Chinese wording of a rules.md §3 reason code ("LATE" → "逾期还款");
 * the code itself when it is unknown.
 */
const char *rpt_reason_text(const char *code);

/* The Chinese label of a scheme key (rules.md §8), or the key itself. */
const char *rpt_scheme_label(const char *key);

/*
 * The name of the city with 6-digit code into name (namesz bytes).
 * LDG_ENOTFOUND when there is none.
 */
int rpt_city_name(sqlite3 *db, const char *code, char *name, size_t namesz,
		  struct ldg_err *err);

struct rpt_book;

/*
 * A sheet (continued on "<name>(2)" ...) of every loan of the enterprises
 * of city (and the cities under it; NULL: every city) whose start date is
 * in [from_day, to_day] (INT32_MIN / INT32_MAX: open), in id order, every
 * recorded field, amounts in 元 or, when wan != 0, in 万元, and a total
 * row (report_ledger.c; also the PBoC workbook's 贷款明细).  Returns the
 * book's code.
 */
int rpt_loans_sheet(sqlite3 *db, struct rpt_book *b, const char *name,
		    const char *city, int32_t from_day, int32_t to_day, int wan,
		    const char *title, const char *left, const char *right);

/* "是" or "否". */
const char *rpt_yes_no(int64_t v);

/*
 * The city filter of a report query: a CTE "sub" holding the city ?1 and
 * every city under it (cities.parent).  Put it first in the static SQL;
 * rows then match with "e.city IN (SELECT code FROM sub)".
 */
#define RPT_CITY_CTE \
	"WITH RECURSIVE sub(code) AS (SELECT ?1 UNION" \
	" SELECT c.code FROM cities c JOIN sub s ON c.parent = s.code) "

/*
 * Bind a report's filter: ?1 the city code (NULL: every city), ?2 and ?3
 * the first and last day as ISO text; INT32_MIN and INT32_MAX (no bound)
 * bind text below and above every date.
 */
void rpt_bind_filter(sqlite3_stmt *st, const char *city, int32_t from_day, int32_t to_day);

/*
 * A cell of the current row of t (col) from column i of st: blank when
 * the column is NULL, else its integer as fen (rpt_col_fen: RPT_AMOUNT or
 * RPT_WAN), as a number (rpt_col_int: RPT_INT or RPT_SEQ) or as ppm
 * (rpt_col_ppm: RPT_PCT).  Returns the book's code, as rpt_cell_*() do.
 */
int rpt_col_fen(struct rpt_table *t, int col, sqlite3_stmt *st, int i);
int rpt_col_int(struct rpt_table *t, int col, sqlite3_stmt *st, int i);
int rpt_col_ppm(struct rpt_table *t, int col, sqlite3_stmt *st, int i);

/*
 * The subsidy run of (city, year) as the year's workbooks print it
 * (report_subsidy.c, report_notices.c, report_publicity.c).
 */
struct rpt_run {
	int64_t id;              /* subsidy_runs.id */
	int year;
	char city[8];            /* 6-digit code */
	char city_name[128];
	char status[16];         /* the run's state: draft, finalized, publicized, paid (stage over status) */
	int draft;               /* 1 while the run is a draft */
	char computed[32];       /* "2025-01-15 10:30:00" */
	char finalized[32];      /* the same, "" for a draft */
	char final_cn[32];       /* the finalize date "2025年1月15日", "" for a draft */
	char office[256];        /* the city's office_name (编制单位), "" when unset */
	char policy_doc[256];    /* the scheme's policy_document, "" when unset */
	char *scheme;            /* the scheme snapshot, key=value lines (malloc'd) */
};

/*
 * Load the run of (city, year) into r.  LDG_ENOTFOUND "no subsidy run for
 * CITY YEAR: run 'pledger subsidy compute ...' first", LDG_EDB, LDG_ENOMEM.
 * rpt_run_release() frees r->scheme.
 */
int rpt_run_load(sqlite3 *db, const char *city, int year, struct rpt_run *r,
		 struct ldg_err *err);
void rpt_run_release(struct rpt_run *r);

/* The Chinese word of a run's state: 草稿, 已定稿, 已公示, 已拨付. */
const char *rpt_run_state_text(const char *status);

/* The draft marking of reports.md: printed in place of signatures. */
#define RPT_DRAFT_MARK "草稿，不作兑付依据"

#endif
