/*
 * budget.h — a city's yearly budget and the exact pro rata of cycle.md §2.
 *
 * ldg_prorata() is pure (no SQL): the subsidy engine applies it to a run's
 * payable amounts when their total exceeds the budget.  The budget itself
 * lives in the `budgets` table (`pledger budget set|show|list`); the
 * schema's lock triggers refuse a change for a finalized year (rules.md §7).
 */
#ifndef LDG_BUDGET_H
#define LDG_BUDGET_H

#include <sqlite3.h>
#include <stddef.h>
#include <stdint.h>

#include "ledger/error.h"

/*
 * cycle.md §2: scale amount_fen[0..n-1] (each >= 0) down to budget_fen.
 * When their total T exceeds budget B: share[i] = floor(amount[i] × B / T)
 * (128-bit products), then the fen left over (fewer than n) go one each to
 * the entries with the largest remainders amount[i] × B mod T, a tie going
 * to the entry whose key[i] comes first in byte order (strcmp); the shares
 * add up to B exactly.  When T <= B every share is its amount (no scaling).
 * keys (n strings) may be NULL when the entries are already in key order
 * (a tie then goes to the lower index).  *scaled (may be NULL) is set to 1
 * when the amounts were scaled.  Errors: LDG_ERANGE for a negative amount
 * or budget or a total above int64; LDG_ENOMEM.
 */
int ldg_prorata(const int64_t *amount_fen, const char *const *keys, size_t n,
		int64_t budget_fen, int64_t *share_fen, int *scaled,
		struct ldg_err *err);

/*
 * The factor budget / total as a decimal with six places, rounded down
 * ("0.600000"), into buf (at least 24 bytes).  For messages only: the
 * shares come from ldg_prorata(), never from this text.  Returns buf.
 */
char *ldg_prorata_factor(int64_t budget_fen, int64_t total_fen, char *buf,
			 size_t bufsz);

/*
 * The budget of city (6-digit code) for year: *has 1 and *fen, or *has 0
 * when none is set.
 */
int ldg_budget_get(sqlite3 *db, const char *city, int year, int *has,
		   int64_t *fen, struct ldg_err *err);

/*
 * Set (or replace) the budget of (city, year) to fen, with the old and new
 * value in the audit log (entity "budget", key "CITY/YEAR").  Own
 * transaction.  LDG_ELOCKED when the year's run is finalized (the lock
 * trigger), LDG_ERANGE for a negative amount.
 */
int ldg_budget_set(sqlite3 *db, const char *city, int year, int64_t fen,
		   struct ldg_err *err);

#endif
