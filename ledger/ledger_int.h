/*
 * ledger_int.h — what several ledger/ modules share and nothing outside
 * ledger/ may use (style.md rule 3).
 */
#ifndef LDG_LEDGER_INT_H
#define LDG_LEDGER_INT_H

#include <sqlite3.h>
#include <stdint.h>

#include "ledger/error.h"
#include "ledger/subsidy.h"

/* A run of (city, year) as ldg_run_find reads it. */
struct ldg_run_found {
	struct ldg_run_info info;  /* as ldg_run_get fills it; info.id 0: no run */
	int city_known;            /* 1: the city's code is in cities */
	char city_name[128];       /* the city's name (not cut at 64 bytes) */
	int64_t publicity_id;      /* the run's 公示 period, 0: none */
};

/*
 * The one SELECT of the run of (city, year) with its status and stage
 * (the state, cycle.md §1) and its 公示 period: ldg_run_get (subsidy_store.c)
 * and the cycle (cycle.c) both read a run through it.  *f is zeroed, then
 * filled when the city exists; info.scheme is parsed only when with_scheme
 * is 1.  Finding no run, or no city, is not an error here: f->info.id is 0
 * (and f->city_known 0 for an unknown city) and each caller words it.
 * Returns 0, LDG_EDB "cannot read subsidy runs", or the error of parsing the
 * stored scheme (f filled but for the scheme).
 */
int ldg_run_find(sqlite3 *db, const char *city, int year, int with_scheme,
		 struct ldg_run_found *f, struct ldg_err *err);

#endif
