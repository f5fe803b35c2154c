/*
 * cmd_init.c — `pledger init`: create or upgrade the database and load the
 * reference data (cli.md).  Never destroys data; a second run changes
 * nothing.
 */
#include "cli/commands.h"
#include "ledger/db.h"
#include "ledger/lang.h"

static int cmd_init(struct cli *c, int argc, char **argv)
{
	struct ldg_err err = { 0 };
	int created = 0, v;

	if (argc > 1)
		return cli_usage(c, argv[1][0] == '-' ? "unknown option '%s': 'init' takes none"
				 : "unexpected argument '%s': 'init' takes none", argv[1]);
	if (ldg_db_open(c->db_path, 1, &c->db, &err))
		return cli_fail(c, &err);
	cli_watch_commits(c);
	v = ldg_db_version(c->db);
	if (ldg_db_init(c->db, &created, &err))
		return cli_fail(c, &err);
	if (created && v == 0)
		fprintf(c->out, _("created %s (schema version %d)\n"), c->db_path, LDG_SCHEMA_VERSION);
	else if (created)
		fprintf(c->out, _("upgraded %s from schema version %d to %d\n"), c->db_path, v,
			LDG_SCHEMA_VERSION);
	else
		fprintf(c->out, _("%s is up to date (schema version %d)\n"), c->db_path,
			LDG_SCHEMA_VERSION);
	return 0;
}

const struct cli_command cmd_init_entry = {
	"init", cmd_init,
	N_("create or upgrade the database and load cities, targets, rates and schemes"),
	"pledger init"
};
