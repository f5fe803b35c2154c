/*
 * cycle.h — the year's cycle after finalize (cycle.md §1, §3): publish
 * (公示), objections (异议), pay (拨付) and adjustments of paid years
 * (以前年度调整).  Every rule is here, so every path (command line, web)
 * obeys it; the lock triggers of schema migrate 11 hold for plain SQL too.
 *
 * The person is ldg_user(); every transition writes an audit row (entity
 * `run`, key CITY/YEAR, field `status`, old and new state).
 */
#ifndef LDG_CYCLE_H
#define LDG_CYCLE_H

#include <sqlite3.h>
#include <stddef.h>
#include <stdint.h>

#include "ledger/error.h"
#include "ledger/ident.h"

/*
 * `subsidy publish`: the finalized run of (city, year) becomes publicized
 * with the 公示 period from_day..to_day (inclusive, at least one day).
 * LDG_ENOTFOUND without a run; LDG_ECONFLICT when it is a draft, already
 * publicized or paid; LDG_EINPUT when to_day is before from_day.
 */
int ldg_run_publish(sqlite3 *db, const char *city, int year, int32_t from_day,
		    int32_t to_day, struct ldg_err *err);

/* One objection (cycle.md §1). */
struct ldg_objection {
	int64_t id;
	char uscc[LDG_USCC_BUFSZ];
	char name[256];            /* the enterprise's name */
	char received_on[12];      /* ISO date */
	char text[512];
	char outcome[12];          /* "", "upheld" or "dismissed" */
	char resolution[512];
	char recorded_by[64];
	char resolved_by[64];
	int current;               /* 1: of the run's present publicity */
};

/*
 * `subsidy objection add`: record an objection against enterprise uscc
 * (normal form, registered) to the publicized run of (city, year),
 * received on received_day.  *id (may be NULL) gets its number.
 * LDG_ECONFLICT unless the run is publicized; LDG_EINPUT for an empty
 * text or a day outside the publicity period.
 */
int ldg_objection_add(sqlite3 *db, const char *city, int year, const char *uscc,
		      int32_t received_day, const char *text, int64_t *id,
		      struct ldg_err *err);

/*
 * `subsidy objection resolve`: outcome "upheld" or "dismissed" with text.
 * Refused (LDG_ECONFLICT) when already resolved or the run is not
 * publicized any more.  An upheld objection blocks pay: the run is to be
 * reopened and computed again.
 */
int ldg_objection_resolve(sqlite3 *db, int64_t id, const char *outcome,
			  const char *text, struct ldg_err *err);

/*
 * The objections of every publicity of (city, year), oldest first, into
 * *out (malloc'd, *n of them; free()).
 */
int ldg_objection_list(sqlite3 *db, const char *city, int year,
		       struct ldg_objection **out, size_t *n, struct ldg_err *err);

/*
 * Payee accounts (import.md, accounts; branch paper): the USCCs of the run
 * run_id's payees (payable > 0, and enterprises with a positive adjustment
 * into the run's year) that have no account recorded.  *have_accounts is 0
 * when this database has no `accounts` table (the feature is not in this
 * build): then nothing is checked and *nmissing is 0.  first_missing
 * (LDG_USCC_BUFSZ, may be NULL) gets the first one.
 */
int ldg_run_accounts_missing(sqlite3 *db, int64_t run_id, int *have_accounts,
			     size_t *nmissing, char *first_missing,
			     struct ldg_err *err);

/*
 * `subsidy pay`: the publicized run of (city, year) becomes paid on
 * pay_day with voucher (not empty).  Refused (LDG_ECONFLICT) unless
 * publicized, while pay_day is not after the publicity period, while an
 * objection of the period is unresolved or upheld, and while a payee has
 * no account (when the accounts table exists).  Runs the quick check
 * first.  A paid run is final (migrate 11 triggers).
 */
int ldg_run_pay(sqlite3 *db, const char *city, int year, int32_t pay_day,
		const char *voucher, struct ldg_err *err);

/* One adjustment (cycle.md §3). */
struct ldg_adjustment {
	int64_t id;
	int year;                  /* the paid year it corrects */
	int into_year;             /* the run it is an item of */
	char uscc[LDG_USCC_BUFSZ];
	char name[256];
	int64_t amount_fen;        /* 补发 > 0, 追回 < 0 */
	char reason[512];
	char recorded_by[64];
	char recorded_at[24];
};

/*
 * `subsidy adjust`: record a correction amount_fen (not 0) of enterprise
 * uscc's figure of the paid year (city, year).  It becomes an item of the
 * city's first year after it whose run is not finalized (*into_year, may be
 * NULL); the paid run is not touched.  LDG_ECONFLICT when the run of year
 * is not paid; LDG_ENOTFOUND for an unknown enterprise.
 */
int ldg_adjust_add(sqlite3 *db, const char *city, int year, const char *uscc,
		   int64_t amount_fen, const char *reason, int *into_year,
		   int64_t *id, struct ldg_err *err);

/*
 * The adjustments that are items of the run of (city, into_year), by id,
 * into *out (malloc'd, *n; free()); *total_fen (may be NULL) their sum.
 */
int ldg_adjust_list(sqlite3 *db, const char *city, int into_year,
		    struct ldg_adjustment **out, size_t *n, int64_t *total_fen,
		    struct ldg_err *err);

#endif
