/*
 * bank.h — the register of banks (import.md §5).
 *
 * Every bank name that has appeared is a bank or an alias of one: the table
 * bank_names maps a name in normal form (text.h ldg_text_key) to its bank,
 * keeping the spelling it was first written in.  A bank's own name is one
 * of its names; `pledger bank alias ALIAS BANK` adds another.
 */
#ifndef LDG_BANK_H
#define LDG_BANK_H

#include <sqlite3.h>
#include <stdint.h>

#include "ledger/error.h"
#include "ledger/store.h"

/* What ldg_bank_alias did. */
struct ldg_bank_alias_result {
	int added;          /* 1: ALIAS is a new name of BANK */
	int merged;         /* 1: ALIAS was a bank of its own, now merged into BANK */
	long loans_moved;   /* loans of the merged bank, now BANK's */
};

/*
 * Make alias a name of bank (import.md §5), audited ("alias", entity
 * "bank", key alias, new value bank; one "update" row, field "bank", per
 * loan moved).  bank must be a known name (a bank or an alias, in normal
 * form); alias may be:
 *   - a name never seen: recorded as bank's;
 *   - already a name of bank: nothing to do (res->added 0);
 *   - the own name of another bank: that bank is merged into bank — its
 *     loans and names become bank's and it is deleted — unless one of its
 *     contracts is bank's too (LDG_EINPUT naming both loans) or a loan is
 *     used by a finalized subsidy run (LDG_ELOCKED, rules.md §7);
 *   - an alias of another bank: LDG_EINPUT (it names that bank already).
 * One transaction: on an error nothing is written.  LDG_ENOTFOUND
 * "unknown bank 'X'" when bank is not known.
 */
int ldg_bank_alias(sqlite3 *db, const char *alias, const char *bank,
		   struct ldg_bank_alias_result *res, struct ldg_err *err);

/*
 * A probable duplicate of a new loan (import.md §5): another loan than
 * loan_id of the same borrower uscc whose contract number is contract_no
 * in normal form (it must be another bank's).  1 and its bank's name in
 * other (othersz bytes) when there is one, 0 when not, or a negative
 * LDG_* code.
 */
int ldg_bank_duplicate(struct ldg_store *s, const char *uscc, const char *contract_no,
		       int64_t loan_id, char *other, size_t othersz, struct ldg_err *err);

/*
 * Make ldg_bank_duplicate on s fast without the index loans_uscc, for a
 * large import that drops it (import.c): the (USCC, contract key) of
 * every recorded loan, and of each new loan as the test sees it, go into
 * an in-memory set (keyset.h) sized for them and about `more` new loans.
 * A new loan whose pair is surely not in the set is no duplicate without
 * a read; on a "maybe" the test reads loans by the unique key of each
 * bank in the register (loans_key), and its answer is the same as
 * without the set.  The set lives until ldg_store_release.
 */
int ldg_bank_dup_keys(struct ldg_store *s, int64_t more, struct ldg_err *err);

#endif
