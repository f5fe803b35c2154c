/*
 * cmd_report.c — `pledger report subsidy|pboc|targets|ledger`: the Excel
 * workbooks of reports.md (cli.md "Commands").
 *
 * Parses the options, resolves the city, and calls rpt_<name>_write().
 * PLEDGER_MAX_SHEET_ROWS (tests only, docs/reports.md) lowers the rows a
 * sheet holds before a table continues on "<sheet>(2)".
 */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cli/commands.h"
#include "ledger/date.h"
#include "ledger/db.h"
#include "ledger/outpath.h"
#include "reports/report.h"
#include "reports/xlsxfmt.h"
#include "ledger/lang.h"

/* Which options a subcommand takes (bits). */
enum {
	OPT_CITY = 1, OPT_YEAR = 2, OPT_PERIOD = 4, OPT_RANGE = 8, OPT_AS_OF = 16,
};

/* The subcommands: name, writer, options allowed, options required. */
static const struct sub {
	const char *name;
	int (*write)(sqlite3 *, const struct rpt_opts *, const char *, struct ldg_err *);
	int allowed, required;
} subs[] = {
	{ "subsidy", rpt_subsidy_write, OPT_CITY | OPT_YEAR, OPT_CITY | OPT_YEAR },
	{ "pboc", rpt_pboc_write, OPT_CITY | OPT_PERIOD, OPT_CITY | OPT_PERIOD },
	{ "targets", rpt_targets_write, OPT_YEAR | OPT_AS_OF, OPT_YEAR },
	{ "ledger", rpt_ledger_write, OPT_CITY | OPT_RANGE, 0 },
	{ "notices", rpt_notices_write, OPT_CITY | OPT_YEAR, OPT_CITY | OPT_YEAR },
	{ "publicity", rpt_publicity_write, OPT_CITY | OPT_YEAR, OPT_CITY | OPT_YEAR },
};

/* A report's warning for people: "pledger: warning: ..." on stderr. */
static void report_warn(void *ctx, const char *msg)
{
	struct cli *c = ctx;

	fprintf(c->err, "pledger: warning: %s\n", msg);
}

/*
 * 1 when path ends in ".xlsx" (any case): an .xls name with xlsx content
 * makes Excel and WPS warn, another name hides what the file is.
 */
static int xlsx_name(const char *path)
{
	size_t n = strlen(path);

	return n > 5 && strcasecmp(path + n - 5, ".xlsx") == 0;
}

/* The option names of bit for messages. */
static const char *opt_name(int bit)
{
	switch (bit) {
	case OPT_CITY: return "--city";
	case OPT_YEAR: return "--year";
	case OPT_PERIOD: return "--period";
	case OPT_RANGE: return "--from/--to";
	default: return "--as-of";
	}
}

/*
 * PLEDGER_MAX_SHEET_ROWS as a row count (0 when unset).  -1 when it is set
 * to anything but a positive decimal number.
 */
static long max_rows_env(void)
{
	const char *v = getenv(RPT_MAX_ROWS_ENV);
	long long n;

	if (!v || !*v)
		return 0;
	if (cli_num(v, 1, LONG_MAX, &n))
		return -1;
	return (long)n;
}

/*
 * `pledger report SUB [options] -o FILE`: check the options SUB allows and
 * needs (usage errors exit 2 before the database is opened), resolve the
 * city, write the workbook, say where.  Returns the exit status.
 */
static int cmd_report(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "city", required_argument, NULL, 'c' },
		{ "year", required_argument, NULL, 'y' },
		{ "period", required_argument, NULL, 'p' },
		{ "from", required_argument, NULL, 'F' },
		{ "to", required_argument, NULL, 'T' },
		{ "as-of", required_argument, NULL, 'a' },
		{ "output", required_argument, NULL, 'o' },
		{ NULL, 0, NULL, 0 }
	};
	struct rpt_opts ro = { 0 };
	struct ldg_err err = { 0 };
	const struct sub *s = NULL;
	const char *city = NULL, *out = NULL;
	char code[8], period[32];
	int seen = 0, o, status, bit;
	size_t i;

	ro.from_day = INT32_MIN;
	ro.to_day = INT32_MAX;
	ro.as_of_day = INT32_MIN;
	if (argc < 2)
		return cli_usage(c, _("'report' needs subsidy, notices, publicity, pboc, targets or ledger"));
	for (i = 0; i < sizeof subs / sizeof subs[0]; i++)
		if (strcmp(argv[1], subs[i].name) == 0)
			s = &subs[i];
	if (!s)
		return cli_usage(c, _("unknown subcommand 'report %s'"), argv[1]);
	optind = 0;
	opterr = 0;
	while ((o = getopt_long(argc - 1, argv + 1, ":o:", opts, NULL)) != -1) {
		switch (o) {
		case 'c': city = optarg; seen |= OPT_CITY; break;
		case 'y':
			if (ldg_year_parse(optarg, &ro.year, &err))
				return cli_usage(c, _("bad --year '%s': a year such as 2024"), optarg);
			seen |= OPT_YEAR;
			break;
		case 'p':
			/* 2024年第三季度, 2024年9月 as 2024Q3, 2024-09 */
			cli_period_norm(optarg, period, sizeof(period));
			if (rpt_period_parse(period, &ro.from_day, &ro.to_day, NULL, 0, &err))
				return cli_usage(c, "%s", err.msg);
			ro.period = period;
			ro.from_day = INT32_MIN;
			ro.to_day = INT32_MAX;
			seen |= OPT_PERIOD;
			break;
		case 'F':
			if (ldg_date_parse(optarg, &ro.from_day, &err))
				return cli_usage(c, _("bad --from '%s': a date such as 2024-06-30"), optarg);
			seen |= OPT_RANGE;
			break;
		case 'T':
			if (ldg_date_parse(optarg, &ro.to_day, &err))
				return cli_usage(c, _("bad --to '%s': a date such as 2024-06-30"), optarg);
			seen |= OPT_RANGE;
			break;
		case 'a':
			if (ldg_date_parse(optarg, &ro.as_of_day, &err))
				return cli_usage(c, _("bad --as-of '%s': a date such as 2024-06-30"), optarg);
			seen |= OPT_AS_OF;
			break;
		case 'o': out = optarg; break;
		default: return cli_bad_option(c, argv + 1, o);
		}
	}
	if (optind < argc - 1)
		return cli_usage(c, _("unexpected argument '%s'"), argv[1 + optind]);
	for (bit = 1; bit <= OPT_AS_OF; bit <<= 1) {
		if ((seen & bit) && !(s->allowed & bit))
			return cli_usage(c, _("'report %s' takes no %s"), s->name, opt_name(bit));
		if ((s->required & bit) && !(seen & bit))
			return cli_usage(c, _("'report %s' needs %s"), s->name, opt_name(bit));
	}
	if (!out || !*out)
		return cli_usage(c, _("'report %s' needs -o FILE.xlsx"), s->name);
	if (ro.from_day != INT32_MIN && ro.to_day != INT32_MAX && ro.from_day > ro.to_day)
		return cli_usage(c, _("--from is after --to"));
	if ((ro.max_rows = max_rows_env()) < 0)
		return cli_usage(c, _("bad %s '%s': a positive number of rows"), RPT_MAX_ROWS_ENV,
				 getenv(RPT_MAX_ROWS_ENV));
	if ((status = cli_open_db(c)))
		return status;
	/* never the database (nor its -wal/-shm), by identity; never from a
	 * damaged file (issue 12) */
	if (ldg_out_check(out, c->db, NULL, &err) || ldg_db_quick_check(c->db, &err))
		return cli_fail(c, &err);
	/* after the path's own refusals (a device, the database: exit 3), a
	 * name Excel would open with a warning is a usage error (reports.md) */
	if (!xlsx_name(out))
		return cli_usage(c, _("bad -o '%s': the workbook's name must end in .xlsx"), out);
	if (city) {
		if (ldg_city_resolve(c->db, city, code, NULL, 0, &err))
			return cli_fail(c, &err);
		ro.city = code;
	}
	ro.warn = report_warn;
	ro.warn_ctx = c;
	if (s->write(c->db, &ro, out, &err))
		return cli_fail(c, &err);
	c->done = 1;  /* the workbook is in place (exit 4 if this line is lost) */
	fprintf(c->out, _("wrote %s\n"), out);
	return 0;
}

const struct cli_command cmd_report_entry = {
	"report", cmd_report, N_("write the Excel workbooks (disbursement list, notices, publicity, PBoC, targets, ledger)"),
	"pledger report subsidy --city C --year Y -o FILE.xlsx\n"
	"   or: pledger report notices --city C --year Y -o FILE.xlsx\n"
	"   or: pledger report publicity --city C --year Y -o FILE.xlsx\n"
	"   or: pledger report pboc --city C --period 2024|2024Q3|2024-09 -o FILE.xlsx\n"
	"   or: pledger report targets --year Y [--as-of DATE] -o FILE.xlsx\n"
	"   or: pledger report ledger [--city C] [--from D --to D] -o FILE.xlsx"
};
