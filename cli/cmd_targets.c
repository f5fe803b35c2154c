/*
 * cmd_targets.c — `pledger targets`: each city's progress toward its
 * pledge-financing targets (targets.md; columns and rows: cli.md
 * "targets --format csv").
 */
#include <getopt.h>
#include <stdint.h>

#include "cli/commands.h"
#include "cli/output.h"
#include "ledger/date.h"
#include "ledger/db.h"
#include "ledger/money.h"
#include "ledger/targets.h"
#include "ledger/lang.h"

#define NCOLS 10

static int cmd_targets(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "city", required_argument, NULL, 'c' },
		{ "year", required_argument, NULL, 'y' },
		{ "as-of", required_argument, NULL, 'a' },
		{ "format", required_argument, NULL, 'f' },
		{ NULL, 0, NULL, 0 }
	};
	static const char *const head[NCOLS] = {
		N_("city"), N_("code"), N_("metric"), N_("period"), N_("target"), N_("actual"),
		N_("progress_pct"), N_("time_pct"), N_("projected"), N_("status")
	};
	struct ldg_target_list list = { 0 };
	struct ldg_err err = { 0 };
	struct cli_table *t = NULL;
	const char *city_arg = NULL;
	char code[7];
	int32_t as_of = INT32_MIN;
	int csv = 0, year = 0, o, status = 0;
	size_t i;

	optind = 0;
	opterr = 0;
	while ((o = getopt_long(argc, argv, ":", opts, NULL)) != -1) {
		switch (o) {
		case 'c': city_arg = optarg; break;
		case 'y':
			/* the same year parser as subsidy and report */
			if (ldg_year_parse(optarg, &year, NULL))
				return cli_usage(c, _("bad --year '%s': a year such as 2024"), optarg);
			break;
		case 'a':
			if (ldg_date_parse(optarg, &as_of, NULL))
				return cli_usage(c, _("bad --as-of '%s': a date such as 2024-06-30"),
						 optarg);
			break;
		case 'f':
			if ((csv = cli_format_csv(optarg)) < 0)
				return cli_usage(c, _("bad --format '%s': table or csv"), optarg);
			break;
		default: return cli_bad_option(c, argv, o);
		}
	}
	if (optind < argc)
		return cli_usage(c, _("unexpected argument '%s'"), argv[optind]);
	if ((status = cli_open_db(c)))
		return status;
	if (city_arg && ldg_city_resolve(c->db, city_arg, code, NULL, 0, &err))
		return cli_fail(c, &err);
	if (ldg_targets_progress(c->db, city_arg ? code : NULL, year, as_of, &list, &err)) {
		status = cli_fail(c, &err);
		goto out;
	}
	if (!(t = cli_table_new(NCOLS, head)))
		goto nomem;
	for (i = 4; i < NCOLS - 1; i++)
		cli_table_right(t, (int)i);
	for (i = 0; i < list.n; i++) {
		const struct ldg_target_row *r = &list.rows[i];
		char period[16], target[LDG_MONEY_BUFSZ], actual[LDG_MONEY_BUFSZ];
		char projected[LDG_MONEY_BUFSZ], prog[24], tpct[24];
		const char *row[NCOLS];

		row[0] = r->city_name;
		row[1] = r->city;
		row[2] = csv ? ldg_metric_name(r->metric) : _(ldg_metric_name(r->metric));
		row[3] = ldg_period_format(r->year_from, r->year_to, period, sizeof(period));
		row[4] = r->p.has_target ? ldg_money_format(r->p.target_fen, !csv, target) : "";
		row[5] = ldg_money_format(r->p.actual_fen, !csv, actual);
		row[6] = r->p.has_target ? ldg_tenths_format(r->p.progress_tenths, prog, sizeof(prog))
					 : "";
		row[7] = ldg_tenths_format(r->p.time_tenths, tpct, sizeof(tpct));
		row[8] = r->p.has_projected ? ldg_money_format(r->p.projected_fen, !csv, projected) : "";
		row[9] = csv ? ldg_tstatus_name(r->p.status) : _(ldg_tstatus_name(r->p.status));
		if (cli_table_add(t, row))
			goto nomem;
	}
	cli_table_print(t, c->out, csv);
	goto out;
nomem:
	status = cli_error(c, 3, _("out of memory"));
out:
	cli_table_free(t);
	ldg_target_list_release(&list);
	return status;
}

const struct cli_command cmd_targets_entry = {
	"targets", cmd_targets, N_("progress toward the cities' pledge-financing targets"),
	"pledger targets [--city C] [--year Y] [--as-of DATE] [--format table|csv]"
};
