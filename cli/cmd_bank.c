/*
 * cmd_bank.c — `pledger bank list|alias` (cli.md): the register of banks
 * of import.md §5, every name a bank has gone by.  `bank alias ALIAS BANK`
 * makes ALIAS another name of BANK (ledger/bank.h: a bank of its own under
 * that name is merged into BANK when none of its contracts is BANK's too).
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli/commands.h"
#include "cli/entry.h"
#include "ledger/bank.h"
#include "ledger/db.h"
#include "ledger/lang.h"

/* `pledger bank list`: each bank, its other names, its number of loans. */
static int bank_list(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "format", required_argument, NULL, 'f' },
		{ NULL, 0, NULL, 0 }
	};
	static const char *const head[] = { N_("bank"), N_("aliases"), N_("loans") };
	static const struct cli_entry_listing list = { opts,
		"SELECT b.name, coalesce((SELECT group_concat(name, '; ') FROM"
		"  (SELECT n.name FROM bank_names n WHERE n.bank_id = b.id"
		"   AND n.name_key <> ldg_key(b.name) ORDER BY n.name)), ''),"
		" (SELECT count(*) FROM loans l WHERE l.bank_id = b.id)"
		" FROM banks b WHERE (?1 IS NULL OR ?1 = ?1) AND (?2 IS NULL OR ?2 = ?2)"
		" AND (?3 IS NULL OR ?3 = ?3) AND (?4 IS NULL OR ?4 = ?4) ORDER BY b.name",
		3, head, 0, 0
	};
	return cli_entry_list(c, &list, argc, argv);
}

/* `pledger bank alias ALIAS BANK`. */
static int bank_alias(struct cli *c, int argc, char **argv)
{
	struct ldg_bank_alias_result res;
	struct ldg_err err = { 0 };
	int status;

	if (argc != 3)
		return cli_usage(c, _("'bank alias' needs ALIAS BANK"));
	if ((status = cli_open_db(c)))
		return status;
	if (ldg_bank_alias(c->db, argv[1], argv[2], &res, &err))
		return cli_fail(c, &err);
	if (res.merged)
		fprintf(c->out, _("'%s' is now a name of bank '%s': %ld loans moved to it\n"),
			argv[1], argv[2], res.loans_moved);
	else if (res.added)
		fprintf(c->out, _("'%s' is now a name of bank '%s'\n"), argv[1], argv[2]);
	else
		fprintf(c->out, _("'%s' is a name of bank '%s' already\n"), argv[1], argv[2]);
	return 0;
}

/* Dispatch `bank list|alias`. */
static int cmd_bank(struct cli *c, int argc, char **argv)
{
	if (argc < 2)
		return cli_usage(c, _("'bank' needs list or alias"));
	if (strcmp(argv[1], "list") == 0)
		return bank_list(c, argc - 1, argv + 1);
	if (strcmp(argv[1], "alias") == 0)
		return bank_alias(c, argc - 1, argv + 1);
	return cli_usage(c, _("unknown subcommand 'bank %s'"), argv[1]);
}

const struct cli_command cmd_bank_entry = {
	"bank", cmd_bank, N_("the register of banks and their other names"),
	"pledger bank list [--format table|csv]\n"
	"   or: pledger bank alias ALIAS BANK"
};
