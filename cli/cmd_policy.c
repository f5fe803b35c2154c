/*
 * cmd_policy.c — `pledger policy add|show|list` (cli.md): insurance
 * policies by hand; `add` goes through the importer's row validator.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli/commands.h"
#include "cli/entry.h"
#include "cli/output.h"
#include "ledger/date.h"
#include "ledger/db.h"
#include "ledger/policy.h"

/* `pledger policy show INSURER/NO`: the record, field by field. */
static int policy_show(struct cli *c, int argc, char **argv)
{
	static const char *const head[] = { "field", "value" };
	char ins[LDG_NAME_BUFSZ], no[LDG_NO_BUFSZ];
	const char *slash;
	struct ldg_store s;
	struct ldg_policy p;
	struct ldg_field f[LDG_POLICY_NFIELDS];
	struct ldg_err err = { 0 };
	struct cli_table *t;
	int status, i;

	if (argc != 2)
		return cli_usage(c, "'policy show' needs INSURER/NO");
	slash = strchr(argv[1], '/');
	if (!slash || slash == argv[1] || !slash[1] || (size_t)(slash - argv[1]) >= sizeof(ins))
		return cli_usage(c, "bad policy '%s': INSURER/NO", argv[1]);
	snprintf(ins, sizeof(ins), "%.*s", (int)(slash - argv[1]), argv[1]);
	snprintf(no, sizeof(no), "%s", slash + 1);
	if ((status = cli_open_db(c)))
		return status;
	ldg_store_init(&s, c->db);
	status = ldg_policy_get(&s, ins, no, &p, &err);
	ldg_store_release(&s);
	if (status)
		return cli_fail(c, &err);
	if (ldg_policy_fields(&p, f))
		return cli_error(c, 3, "out of memory");
	if ((t = cli_table_new(2, head))) {
		const char *r[2] = { "insurer", p.insurer };

		cli_table_add(t, r);
		r[0] = "policy_no";
		r[1] = p.policy_no;
		cli_table_add(t, r);
		for (i = 0; i < LDG_POLICY_NFIELDS; i++) {
			r[0] = f[i].name;
			r[1] = f[i].text;
			cli_table_add(t, r);
		}
		cli_table_print(t, c->out, 0);
		cli_table_free(t);
	} else {
		status = cli_error(c, 3, "out of memory");
	}
	ldg_fields_release(f, LDG_POLICY_NFIELDS);
	return status;
}

/*
 * `pledger policy list`: policies filtered by city, USCC, year paid or
 * insurer.
 */
static int policy_list(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "city", required_argument, NULL, 'c' },
		{ "uscc", required_argument, NULL, 'u' },
		{ "year", required_argument, NULL, 'y' },
		{ "insurer", required_argument, NULL, 'i' },
		{ "format", required_argument, NULL, 'f' },
		{ NULL, 0, NULL, 0 }
	};
	static const char *const head[] = {
		"insurer", "policy_no", "uscc", "enterprise", "product", "premium",
		"paid_date", "start_date", "end_date", "coverage", "insured_rights"
	};
	/* --year: policies whose premium was paid in that year (rules.md §2) */
	static const char sql[] =
		"SELECT i.name, p.policy_no, p.uscc, e.name, p.product, p.premium_fen,"
		" p.paid_date, p.start_date, p.end_date, p.coverage_fen, p.insured_rights"
		" FROM policies p JOIN insurers i ON i.id = p.insurer_id"
		" JOIN enterprises e ON e.uscc = p.uscc"
		" WHERE (?1 IS NULL OR e.city = ?1) AND (?2 IS NULL OR p.uscc = ?2)"
		" AND (?3 IS NULL OR substr(p.paid_date, 1, 4) = ?3)"
		" AND (?4 IS NULL OR i.name = ?4) ORDER BY i.name, p.policy_no";
	const char *city = NULL, *uscc = NULL, *year = NULL, *insurer = NULL;
	char u[LDG_USCC_BUFSZ], y[8];
	struct ldg_err err = { 0 };
	int csv = 0, o, yv;

	optind = 0;
	opterr = 0;
	while ((o = getopt_long(argc, argv, ":", opts, NULL)) != -1) {
		switch (o) {
		case 'c': city = optarg; break;
		case 'u':
			if (ldg_uscc_normalize(optarg, 1, u, &err))
				return cli_fail(c, &err);
			uscc = u;
			break;
		case 'y':
			if (ldg_year_parse(optarg, &yv, &err))
				return cli_usage(c, "bad --year '%s'", optarg);
			snprintf(y, sizeof(y), "%d", yv);
			year = y;
			break;
		case 'i': insurer = optarg; break;
		case 'f':
			if ((csv = cli_format_csv(optarg)) < 0)
				return cli_usage(c, "bad --format '%s': table or csv", optarg);
			break;
		default: return cli_bad_option(c, argv, o);
		}
	}
	if (optind < argc)
		return cli_usage(c, "unexpected argument '%s'", argv[optind]);
	return cli_entry_list(c, sql, 11, head, (1u << 5) | (1u << 9), city, uscc, year,
			      insurer, csv);
}

/* Dispatch `policy add|show|list`. */
static int cmd_policy(struct cli *c, int argc, char **argv)
{
	if (argc < 2)
		return cli_usage(c, "'policy' needs add, show or list");
	if (strcmp(argv[1], "add") == 0)
		return cli_entry_add(c, IMP_POLICIES, 0, argc - 1, argv + 1);
	if (strcmp(argv[1], "show") == 0)
		return policy_show(c, argc - 1, argv + 1);
	if (strcmp(argv[1], "list") == 0)
		return policy_list(c, argc - 1, argv + 1);
	return cli_usage(c, "unknown subcommand 'policy %s'", argv[1]);
}

const struct cli_command cmd_policy_entry = {
	"policy", cmd_policy, "add, show and list insurance policies",
	"pledger policy add --insurer NAME --policy-no NO --uscc USCC --enterprise NAME\n"
	"          --premium AMOUNT --paid-date D [--city C] [--product TEXT]\n"
	"          [--insured-rights LIST] [--start-date D] [--end-date D] [--coverage AMOUNT]\n"
	"   or: pledger policy show INSURER/NO\n"
	"   or: pledger policy list [--city C] [--uscc USCC] [--year Y] [--insurer NAME] [--format table|csv]"
};
