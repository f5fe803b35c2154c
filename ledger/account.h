/*
 * account.h — payee accounts (import.md §2 accounts) and a city's
 * settings that are not money rules (cycle.md §4: office_name, ...).
 *
 * An account is the bank account an enterprise's subsidy is paid into:
 * 户名 (account_name), 开户银行 (bank_name), 银行账号 (account_no, 8–32
 * digits once spaces and dashes are removed).  One per enterprise; a
 * change is an update audited field by field (entity "account", key the
 * USCC), which `import undo` restores.
 */
#ifndef LDG_ACCOUNT_H
#define LDG_ACCOUNT_H

#include <sqlite3.h>
#include <stddef.h>
#include <stdint.h>

#include "ledger/error.h"

#define LDG_ACCOUNT_NO_BUFSZ 33
#define LDG_ACCOUNT_TEXT_BUFSZ 256

struct ldg_account {
	char account_name[LDG_ACCOUNT_TEXT_BUFSZ]; /* 户名 / 收款单位全称 */
	char bank_name[LDG_ACCOUNT_TEXT_BUFSZ];    /* 开户银行 */
	char account_no[LDG_ACCOUNT_NO_BUFSZ];     /* digits only */
};

/*
 * Normalise an account number: spaces (also U+3000 and NBSP) and dashes
 * removed, full-width digits made ASCII; the rest must be 8–32 ASCII digits.
 * out holds LDG_ACCOUNT_NO_BUFSZ bytes.  LDG_EINPUT "not a bank account
 * number: 8 to 32 digits" (value set) otherwise.
 */
int ldg_account_no_norm(const char *text, char *out, struct ldg_err *err);

/*
 * The account of uscc into *a.  0, LDG_ENOTFOUND (no account recorded) or
 * LDG_EDB.
 */
int ldg_account_get(sqlite3 *db, const char *uscc, struct ldg_account *a,
		    struct ldg_err *err);

/*
 * Record the account of uscc (a registered enterprise; fields already
 * validated, account_no normalised).  New: inserted with batch_id (<= 0:
 * none) and an "insert" audit row; changed: updated, one "update" audit
 * row per changed field tied to batch_id; equal: nothing.  *outcome 0 new,
 * 1 updated, 2 unchanged.  Runs inside the caller's transaction if any.
 */
int ldg_account_put(sqlite3 *db, const char *uscc, const struct ldg_account *a,
		    int64_t batch_id, int *outcome, struct ldg_err *err);


#endif
