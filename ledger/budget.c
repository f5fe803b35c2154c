/*
 * budget.c — see budget.h.  cycle.md §2.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ledger/budget.h"
#include "ledger/db.h"
#include "ledger/money.h"
#include "ledger/lang.h"

__extension__ typedef unsigned __int128 u128;

/* One entry's remainder, for the largest-remainder order. */
struct rem {
	u128 rem;             /* amount × B mod T */
	size_t i;                  /* the entry */
	const char *key;           /* its key, or NULL */
};

/* Largest remainder first; a tie by key (byte order), else by index. */
static int cmp_rem(const void *x, const void *y)
{
	const struct rem *a = x, *b = y;
	int c;

	if (a->rem != b->rem)
		return a->rem > b->rem ? -1 : 1;
	if (a->key && b->key && (c = strcmp(a->key, b->key)) != 0)
		return c;
	return a->i < b->i ? -1 : a->i > b->i;
}

/* ldg_prorata: see budget.h. */
int ldg_prorata(const int64_t *amount_fen, const char *const *keys, size_t n,
		int64_t budget_fen, int64_t *share_fen, int *scaled,
		struct ldg_err *err)
{
	struct rem *r = NULL;
	int64_t total = 0, given = 0, left;
	size_t i;

	if (scaled)
		*scaled = 0;
	if (budget_fen < 0)
		return ldg_err_set(err, LDG_ERANGE, _("negative budget"));
	for (i = 0; i < n; i++) {
		if (amount_fen[i] < 0)
			return ldg_err_set(err, LDG_ERANGE, _("negative amount in pro rata"));
		if (ldg_add(total, amount_fen[i], &total))
			return ldg_err_set(err, LDG_ERANGE, _("pro rata total overflows"));
		share_fen[i] = amount_fen[i];
	}
	if (total <= budget_fen)
		return 0;
	if (!(r = calloc(n, sizeof(*r))))
		return ldg_err_set(err, LDG_ENOMEM, _("out of memory"));
	for (i = 0; i < n; i++) {
		/* amount <= total <= 2^63 and budget < total: the product fits */
		u128 p = (u128)amount_fen[i] * (uint64_t)budget_fen;

		share_fen[i] = (int64_t)(p / (uint64_t)total);
		r[i].rem = p % (uint64_t)total;
		r[i].i = i;
		r[i].key = keys ? keys[i] : NULL;
		given += share_fen[i];
	}
	left = budget_fen - given;  /* 0 <= left < n */
	qsort(r, n, sizeof(*r), cmp_rem);
	for (i = 0; i < n && left > 0; i++, left--)
		share_fen[r[i].i]++;
	free(r);
	if (scaled)
		*scaled = 1;
	return 0;
}

/* ldg_prorata_factor: see budget.h. */
char *ldg_prorata_factor(int64_t budget_fen, int64_t total_fen, char *buf,
			 size_t bufsz)
{
	u128 q;

	if (total_fen <= 0 || budget_fen < 0) {
		snprintf(buf, bufsz, "-");
		return buf;
	}
	q = (u128)budget_fen * 1000000u / (u128)total_fen;
	snprintf(buf, bufsz, "%llu.%06llu", (unsigned long long)(q / 1000000u),
		 (unsigned long long)(q % 1000000u));
	return buf;
}

/* ldg_budget_get: see budget.h. */
int ldg_budget_get(sqlite3 *db, const char *city, int year, int *has,
		   int64_t *fen, struct ldg_err *err)
{
	static const char sql[] = "SELECT budget_fen FROM budgets WHERE city = ?1 AND year = ?2";
	sqlite3_stmt *st = NULL;
	int rc = 0, step;

	*has = 0;
	*fen = 0;
	if ((rc = ldg_db_prepare(db, sql, &st, err)))
		return rc;
	ldg_bind_text(st, 1, city);
	sqlite3_bind_int(st, 2, year);
	step = sqlite3_step(st);
	if (step == SQLITE_ROW) {
		*has = 1;
		*fen = sqlite3_column_int64(st, 0);
	} else if (step != SQLITE_DONE) {
		rc = ldg_db_error(db, "cannot read budget", err);
	}
	sqlite3_finalize(st);
	return rc;
}

/* ldg_budget_set: see budget.h. */
int ldg_budget_set(sqlite3 *db, const char *city, int year, int64_t fen,
		   struct ldg_err *err)
{
	static const char sql[] =
		"INSERT INTO budgets (city, year, budget_fen) VALUES (?1, ?2, ?3)"
		" ON CONFLICT (city, year) DO UPDATE SET budget_fen = excluded.budget_fen";
	char key[32], o[LDG_MONEY_BUFSZ], w[LDG_MONEY_BUFSZ];
	sqlite3_stmt *st = NULL;
	int64_t old = 0;
	int has = 0, rc;

	if (fen < 0)
		return ldg_err_set(err, LDG_ERANGE, _("negative budget"));
	if ((rc = ldg_db_begin(db, err)))
		return rc;
	if ((rc = ldg_budget_get(db, city, year, &has, &old, err))
	    || (rc = ldg_db_prepare(db, sql, &st, err)))
		goto out;
	ldg_bind_text(st, 1, city);
	sqlite3_bind_int(st, 2, year);
	sqlite3_bind_int64(st, 3, fen);
	if (sqlite3_step(st) != SQLITE_DONE) {
		rc = ldg_db_error(db, "cannot store budget", err);
		goto out;
	}
	snprintf(key, sizeof(key), "%s/%d", city, year);
	if ((rc = ldg_audit(db, has ? "update" : "insert", "budget", key, "budget",
			    has ? ldg_money_format(old, 0, o) : NULL,
			    ldg_money_format(fen, 0, w), 0, NULL, err)))
		goto out;
	rc = ldg_db_commit(db, err);
out:
	if (rc)
		ldg_db_rollback(db);
	sqlite3_finalize(st);
	return rc;
}
