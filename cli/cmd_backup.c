/*
 * cmd_backup.c — `pledger backup FILE` and `pledger restore FILE`
 * (cycle.md §5): a verified copy of the database while it is in use, and
 * putting one back, keeping the replaced file beside it (ledger/backup.c).
 */
#include <stdio.h>

#include "cli/commands.h"
#include "ledger/backup.h"
#include "ledger/db.h"
#include "ledger/lang.h"

static int cmd_backup(struct cli *c, int argc, char **argv)
{
	struct ldg_err err = { 0 };
	int status;

	if (argc != 2 || argv[1][0] == '-')
		return cli_usage(c, _("'backup' needs FILE"));
	if ((status = cli_open_db(c)))
		return status;
	if (ldg_backup(c->db, argv[1], &err))
		return cli_fail(c, &err);
	c->done = 1;  /* the backup is in place (exit 4 if this line is lost) */
	fprintf(c->out, _("backed up to %s (integrity_check ok)\n"), argv[1]);
	return 0;
}

static int cmd_restore(struct cli *c, int argc, char **argv)
{
	struct ldg_err err = { 0 };
	char kept[4200];
	int version = 0;

	if (argc != 2 || argv[1][0] == '-')
		return cli_usage(c, _("'restore' needs FILE"));
	if (c->db) {
		ldg_db_close(c->db);
		c->db = NULL;
	}
	if (ldg_restore(c->db_path, argv[1], kept, sizeof(kept), &version, &err))
		return cli_fail(c, &err);
	c->done = 1;  /* the database is replaced (exit 4 if this line is lost) */
	fprintf(c->out, _("restored %s from %s (schema version %d)%s%s\n"), c->db_path, argv[1],
		version, kept[0] ? _("; the replaced database is kept as ") : "", kept);
	if (version < LDG_SCHEMA_VERSION)
		fprintf(c->out, _("run 'pledger init' to upgrade it to schema version %d\n"),
			LDG_SCHEMA_VERSION);
	return 0;
}

const struct cli_command cmd_backup_entry = {
	"backup", cmd_backup, N_("a verified copy of the database, while it is in use"),
	"pledger backup FILE"
};

const struct cli_command cmd_restore_entry = {
	"restore", cmd_restore, N_("put a backup in place of the database, keeping the old one"),
	"pledger restore FILE"
};
