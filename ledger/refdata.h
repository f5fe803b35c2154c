/*
 * refdata.h — the reference data `pledger init` loads: cities and targets
 * (targets.md), reference rates (domain.md §1), the default scheme of
 * every city (rules.md §8).
 */
#ifndef LDG_REFDATA_H
#define LDG_REFDATA_H

#include <sqlite3.h>

#include "ledger/error.h"

/*
 * Insert every reference row that is missing (INSERT OR IGNORE): rows the
 * office changed since are left as they are.  The caller holds a
 * transaction.  Idempotent.
 */
int ldg_refdata_load(sqlite3 *db, struct ldg_err *err);

#endif
