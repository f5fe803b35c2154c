/*
 * cmd_bar.c — `pledger bar add --uscc U --year Y --reason R` (cycle.md §5):
 * one enterprise's bar flag of a year (rules.md §3 BARRED), validated and
 * audited exactly as an imported row (cli/entry.c), refused for a
 * finalized year (rules.md §7).
 */
#include <string.h>

#include "cli/commands.h"
#include "cli/entry.h"
#include "ledger/lang.h"

static int cmd_bar(struct cli *c, int argc, char **argv)
{
	if (argc < 2)
		return cli_usage(c, _("'bar' needs add"));
	if (strcmp(argv[1], "add") == 0)
		return cli_entry_yearly(c, IMP_BARS, argc - 1, argv + 1);
	return cli_usage(c, _("unknown subcommand 'bar %s'"), argv[1]);
}

const struct cli_command cmd_bar_entry = {
	"bar", cmd_bar, N_("enter one enterprise's bar flag of a year"),
	"pledger bar add --uscc USCC --year Y --reason TEXT"
};
