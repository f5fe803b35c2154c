/*
 * cmd_check.c — `pledger check`: SQLite's full integrity check and the
 * foreign-key check of the whole database (cli.md Commands, issue 12).
 * Finalize and every report run the quick check themselves.
 */
#include "cli/commands.h"
#include "ledger/db.h"
#include "ledger/lang.h"

/* One problem: one "pledger: " line on stderr. */
static void say_problem(void *ctx, const char *text)
{
	struct cli *c = ctx;

	cli_put_line(c->err, "", text);
}

/*
 * `pledger check`: prints "integrity_check: ok" and "foreign_key_check:
 * ok" and exits 0, or one line per problem on stderr and exits 3.
 */
static int cmd_check(struct cli *c, int argc, char **argv)
{
	struct ldg_err err = { 0 };
	long n = 0;
	int status;

	if (argc > 1)
		return cli_usage(c, argv[1][0] == '-' ? _("unknown option '%s': 'check' takes none")
				 : _("unexpected argument '%s': 'check' takes none"), argv[1]);
	if ((status = cli_open_db(c)))
		return status;
	if (ldg_db_check(c->db, say_problem, c, &n, &err))
		return cli_fail(c, &err);
	if (n)
		return cli_error(c, 3, P_("database '%s' has %ld problem; restore it from the last"
					  " backup (copy it over the database with no pledger running)",
					  "database '%s' has %ld problems; restore it from the last"
					  " backup (copy it over the database with no pledger running)", n),
				 c->db_path, n);
	fputs(_("integrity_check: ok\nforeign_key_check: ok\n"), c->out);
	return 0;
}

const struct cli_command cmd_check_entry = {
	"check", cmd_check,
	N_("check the whole database (SQLite integrity and foreign-key checks)"),
	"pledger check"
};
