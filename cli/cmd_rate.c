/*
 * cmd_rate.c — `pledger rate list|set`: the reference rates (domain.md §1).
 */
#include <getopt.h>
#include <string.h>

#include "cli/commands.h"
#include "cli/output.h"
#include "ledger/date.h"
#include "ledger/db.h"
#include "ledger/money.h"
#include "ledger/lang.h"

static int rate_list(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "kind", required_argument, NULL, 'k' },
		{ "format", required_argument, NULL, 'f' },
		{ NULL, 0, NULL, 0 }
	};
	static const char *const head[] = { N_("kind"), N_("effective_date"), N_("rate_pct") };
	const char *kind = NULL;
	struct cli_table *t = NULL;
	sqlite3_stmt *st = NULL;
	struct ldg_err err = { 0 };
	int csv = 0, status, step;

	if ((status = cli_list_options(c, argc, argv, opts, &kind, &csv)))
		return status;
	if (kind && !ldg_rate_kind_known(kind))
		return cli_usage(c, _("unknown rate kind '%s': %s"), kind, LDG_RATE_KINDS);
	if ((status = cli_open_db(c)))
		return status;
	if (ldg_db_prepare(c->db,
		"SELECT kind, effective_date, rate_ppm FROM rates"
		" WHERE ?1 IS NULL OR kind = ?1 ORDER BY kind, effective_date", &st, &err))
		return cli_fail(c, &err);
	ldg_bind_text(st, 1, kind);
	if (!(t = cli_table_new(3, head))) {
		status = cli_error(c, 3, _("out of memory"));
		goto out;
	}
	cli_table_right(t, 2);
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		char pct[LDG_MONEY_BUFSZ];
		const char *row[3];

		row[0] = (const char *)sqlite3_column_text(st, 0);
		row[1] = (const char *)sqlite3_column_text(st, 1);
		row[2] = ldg_rate_format(sqlite3_column_int64(st, 2), pct);
		if (cli_table_add(t, row)) {
			status = cli_error(c, 3, _("out of memory"));
			goto out;
		}
	}
	if (step != SQLITE_DONE) {
		/* a read that fails half way is a database error, not a short list */
		ldg_db_error(c->db, "cannot list rates", &err);
		status = cli_fail(c, &err);
		goto out;
	}
	cli_table_print(t, c->out, csv);
out:
	cli_table_free(t);
	sqlite3_finalize(st);
	return status;
}

static int rate_set(struct cli *c, int argc, char **argv)
{
	struct ldg_err err = { 0 };
	int32_t day;
	int64_t ppm;
	int status;

	if (argc != 5)
		return cli_usage(c, _("'rate set' needs KIND DATE RATE"));
	if (!ldg_rate_kind_known(argv[2]))
		return cli_usage(c, _("unknown rate kind '%s': %s"), argv[2], LDG_RATE_KINDS);
	if (ldg_date_parse(argv[3], &day, &err)) {
		ldg_err_place(&err, NULL, 0, "date");
		return cli_fail(c, &err);
	}
	if (ldg_rate_parse(argv[4], &ppm, &err)) {
		ldg_err_place(&err, NULL, 0, "rate");
		return cli_fail(c, &err);
	}
	if ((status = cli_open_db(c)))
		return status;
	if (ldg_db_begin(c->db, &err) || ldg_rate_set(c->db, argv[2], day, ppm, &err)
	    || ldg_db_commit(c->db, &err)) {
		ldg_db_rollback(c->db);
		return cli_fail(c, &err);
	}
	return 0;
}

static int cmd_rate(struct cli *c, int argc, char **argv)
{
	if (argc < 2)
		return cli_usage(c, _("'rate' needs list or set"));
	if (strcmp(argv[1], "list") == 0)
		return rate_list(c, argc - 1, argv + 1);
	if (strcmp(argv[1], "set") == 0)
		return rate_set(c, argc, argv);
	return cli_usage(c, _("unknown subcommand 'rate %s'"), argv[1]);
}

const struct cli_command cmd_rate_entry = {
	"rate", cmd_rate, N_("list and set reference rates (LPR, PBoC)"),
	"pledger rate list [--kind KIND] [--format table|csv]\n"
	"   or: pledger rate set KIND DATE RATE"
};
