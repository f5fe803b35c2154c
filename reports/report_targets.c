/*
 * report_targets.c — PLACEHOLDER so that the reports branch links before
 * the targets helper's real report_targets.c lands.  On a merge conflict on
 * this file, take the targets helper's version entirely.
 */
#include "reports/report.h"

int rpt_targets_write(sqlite3 *db, const struct rpt_opts *o, const char *path,
		      struct ldg_err *err)
{
	(void)db;
	(void)o;
	(void)path;
	return ldg_err_set(err, LDG_EIO, "'report targets' is not available in this build yet");
}
