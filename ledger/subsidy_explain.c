/*
 * subsidy_explain.c — placeholder (being written).
 */
#include "ledger/subsidy.h"

int ldg_run_explain(sqlite3 *db, const char *city, int year,
		    enum ldg_explain_what what, const char *key, char **text,
		    struct ldg_err *err)
{
	(void)db; (void)city; (void)year; (void)what; (void)key;
	*text = NULL;
	return ldg_err_set(err, LDG_EINPUT, "not yet");
}
