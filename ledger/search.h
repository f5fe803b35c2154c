/*
 * search.h — the loan search of the workbench (web.md §3 贷款: "search
 * (name, USCC, contract, right number)") from memory.
 *
 * A search of every loan's contract number, enterprise, bank and rights
 * with SQL LIKE reads the whole loans table per page (9–12 ms for 20 000
 * loans); a full-text index would cost every import a trigger per loan.
 * Instead one snapshot of what a search looks at is kept in memory: the
 * loans in their list order (newest start first) with their contract
 * numbers, the enterprises' names and USCCs, the banks' names and the
 * rights' numbers, lowercased where SQL LIKE ignores case (ASCII).  A
 * search is a few memmem() passes over that text.
 *
 * The enterprise search (names and USCCs) is answered from the same
 * snapshot.
 *
 * The snapshot is read from its own connection in one read transaction
 * and is rebuilt by the first search after any commit by any connection
 * (PRAGMA data_version), so a search never shows older data than the
 * database held when it began.  Thread-safe: one struct serves every
 * connection thread of the server.
 */
#ifndef LDG_SEARCH_H
#define LDG_SEARCH_H

#include <stddef.h>
#include <stdint.h>

#include "ledger/error.h"

struct ldg_search;

/* Characters a text must have before right numbers are searched too
 * (they are long; a short text would match most of them). */
#define LDG_SEARCH_RIGHT_MIN 6

/*
 * Prepare a search of the database at db_path (opened read-only on the
 * first search).  *out owns it: ldg_search_close() it.
 */
int ldg_search_open(const char *db_path, struct ldg_search **out, struct ldg_err *err);

/* Free it; NULL is harmless.  No search may be running. */
void ldg_search_close(struct ldg_search *s);

/*
 * The loans whose contract number, enterprise name or USCC, or bank name
 * contains q, or, when q has LDG_SEARCH_RIGHT_MIN characters or more, one
 * of whose right numbers does (ASCII letters of any case; "" matches
 * every loan), in list order: newest start date first, then highest id.
 * Skips the first `skip` matches and writes at most max loan ids to ids;
 * *n is how many.  Returns 0, or LDG_EDB/LDG_ENOMEM.
 */
int ldg_search_loans(struct ldg_search *s, const char *q, size_t skip, int64_t *ids,
		     size_t max, size_t *n, struct ldg_err *err);

/* Room for one USCC (18 characters of UTF-8) and its NUL. */
#define LDG_SEARCH_USCC_MAX 80

/*
 * The enterprises whose name or USCC contains q (as above; "" matches
 * every one), by USCC: skips the first `skip` and copies at most max
 * USCCs to usccs; *n is how many.  Returns 0, or LDG_EDB/LDG_ENOMEM.
 */
int ldg_search_enterprises(struct ldg_search *s, const char *q, size_t skip,
			   char (*usccs)[LDG_SEARCH_USCC_MAX], size_t max, size_t *n,
			   struct ldg_err *err);

/* How many times the snapshot was read (for the tests: a commit makes the
 * next search read it again, a search alone does not). */
unsigned long ldg_search_builds(struct ldg_search *s);

#endif
