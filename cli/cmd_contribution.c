/*
 * cmd_contribution.c — `pledger contribution add --uscc U --year Y AMOUNT`
 * (cycle.md §5): one enterprise's local comprehensive contribution
 * (地方综合贡献额, rules.md §6) of a year, validated and audited exactly as an
 * imported row (cli/entry.c), refused for a finalized year (rules.md §7).
 */
#include <string.h>

#include "cli/commands.h"
#include "cli/entry.h"
#include "ledger/lang.h"

static int cmd_contribution(struct cli *c, int argc, char **argv)
{
	if (argc < 2)
		return cli_usage(c, _("'contribution' needs add"));
	if (strcmp(argv[1], "add") == 0)
		return cli_entry_yearly(c, IMP_CONTRIBUTIONS, argc - 1, argv + 1);
	return cli_usage(c, _("unknown subcommand 'contribution %s'"), argv[1]);
}

const struct cli_command cmd_contribution_entry = {
	"contribution", cmd_contribution, N_("enter one enterprise's contribution of a year"),
	"pledger contribution add --uscc USCC --year Y AMOUNT"
};
