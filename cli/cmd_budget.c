/*
 * cmd_budget.c — `pledger budget set|show|list` (cycle.md §2): a city's
 * yearly budget.  When a run's payable total exceeds it, `subsidy compute`
 * pays every payee pro rata (ledger/budget.c).  A finalized year's budget
 * is refused like any other input of its run (rules.md §7).
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli/commands.h"
#include "cli/output.h"
#include "ledger/budget.h"
#include "ledger/date.h"
#include "ledger/db.h"
#include "ledger/money.h"
#include "ledger/lang.h"

static int cmd_budget(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "city", required_argument, NULL, 'c' },
		{ "year", required_argument, NULL, 'y' },
		{ "format", required_argument, NULL, 'f' },
		{ NULL, 0, NULL, 0 }
	};
	static const char *const head[] = { N_("city"), N_("code"), N_("year"), N_("budget") };
	static const char lsql[] =
		"SELECT c.name, b.city, b.year, b.budget_fen FROM budgets b"
		" JOIN cities c ON c.code = b.city WHERE ?1 IS NULL OR b.city = ?1"
		" ORDER BY b.city, b.year";
	struct ldg_err err = { 0 };
	const char *city = NULL, *ytext = NULL, *sub;
	struct cli_table *t = NULL;
	sqlite3_stmt *st = NULL;
	char code[8], name[128], m[LDG_MONEY_BUFSZ], y[8];
	int64_t fen = 0;
	int o, year = 0, csv = 0, status = 0, has, step;

	if (argc < 2)
		return cli_usage(c, _("'budget' needs set, show or list"));
	sub = argv[1];
	if (strcmp(sub, "set") && strcmp(sub, "show") && strcmp(sub, "list"))
		return cli_usage(c, _("unknown subcommand 'budget %s'"), sub);
	argc--;
	argv++;
	optind = 0;
	opterr = 0;
	while ((o = getopt_long(argc, argv, ":", opts, NULL)) != -1) {
		switch (o) {
		case 'c': city = optarg; break;
		case 'y': ytext = optarg; break;
		case 'f':
			if ((csv = cli_format_csv(optarg)) < 0)
				return cli_usage(c, _("bad --format '%s': table or csv"), optarg);
			break;
		default: return cli_bad_option(c, argv, o);
		}
	}
	if (strcmp(sub, "list") != 0) {
		if (!city)
			return cli_usage(c, _("'budget %s' needs --city"), sub);
		if (!ytext)
			return cli_usage(c, _("'budget %s' needs --year"), sub);
		if (ldg_year_parse(ytext, &year, &err))
			return cli_usage(c, _("bad --year '%s': a year such as 2024"), ytext);
	}
	if (strcmp(sub, "set") == 0) {
		if (argc - optind != 1)
			return cli_usage(c, _("'budget set' needs AMOUNT (yuan)"));
		if (ldg_money_parse(argv[optind], LDG_UNIT_YUAN, &fen, &err))
			return cli_error(c, 1, _("bad budget: %s (value '%s')"), err.msg, argv[optind]);
	} else if (optind < argc) {
		return cli_usage(c, _("unexpected argument '%s'"), argv[optind]);
	}
	if ((status = cli_open_db(c)))
		return status;
	if (city && ldg_city_resolve(c->db, city, code, name, sizeof(name), &err))
		return cli_fail(c, &err);
	if (strcmp(sub, "set") == 0) {
		if (ldg_budget_set(c->db, code, year, fen, &err))
			return cli_fail(c, &err);
		fprintf(c->out, _("%s %d 预算 budget %s (applies when the run is computed)\n"), name,
			year, ldg_money_format(fen, 1, m));
		return 0;
	}
	if (strcmp(sub, "show") == 0) {
		if (ldg_budget_get(c->db, code, year, &has, &fen, &err))
			return cli_fail(c, &err);
		if (has)
			fprintf(c->out, _("%s %d 预算 budget %s\n"), name, year, ldg_money_format(fen, 1, m));
		else
			fprintf(c->out, _("%s %d: no budget set (nothing is scaled)\n"), name, year);
		return 0;
	}
	if (ldg_db_prepare(c->db, lsql, &st, &err))
		return cli_fail(c, &err);
	ldg_bind_text(st, 1, city ? code : NULL);
	if (!(t = cli_table_new(4, head))) {
		status = cli_error(c, 3, _("out of memory"));
		goto out;
	}
	cli_table_right(t, 3);
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		const char *row[4];

		row[0] = (const char *)sqlite3_column_text(st, 0);
		row[1] = (const char *)sqlite3_column_text(st, 1);
		snprintf(y, sizeof(y), "%d", sqlite3_column_int(st, 2));
		row[2] = y;
		row[3] = ldg_money_format(sqlite3_column_int64(st, 3), !csv, m);
		if (cli_table_add(t, row)) {
			status = cli_error(c, 3, _("out of memory"));
			goto out;
		}
	}
	if (step != SQLITE_DONE) {
		ldg_db_error(c->db, "cannot list budgets", &err);
		status = cli_fail(c, &err);
		goto out;
	}
	cli_table_print(t, c->out, csv);
out:
	cli_table_free(t);
	sqlite3_finalize(st);
	return status;
}

const struct cli_command cmd_budget_entry = {
	"budget", cmd_budget, N_("set and show a city's yearly budget (pro rata when exceeded)"),
	"pledger budget set --city C --year Y AMOUNT\n"
	"   or: pledger budget show --city C --year Y\n"
	"   or: pledger budget list [--city C] [--format table|csv]"
};
