/*
 * cmd_policy.c — `pledger policy add|show|list` (cli.md): insurance
 * policies by hand; `add` goes through the importer's row validator.
 */
#include <getopt.h>
#include <string.h>

#include "cli/commands.h"
#include "cli/entry.h"
#include "ledger/db.h"
#include "ledger/policy.h"
#include "ledger/lang.h"

/*
 * `pledger policy show (INSURER/NO | --insurer I --policy-no N)`: the
 * record, field by field.
 */
static int policy_show(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "insurer", required_argument, NULL, 'I' },
		{ "policy-no", required_argument, NULL, 'N' },
		{ NULL, 0, NULL, 0 }
	};
	const char *oi = NULL, *on = NULL;
	char ins[LDG_NAME_BUFSZ], no[LDG_NO_BUFSZ];
	struct ldg_store s;
	struct ldg_policy p;
	struct ldg_field f[LDG_POLICY_NFIELDS];
	struct ldg_err err = { 0 };
	int status, o;

	optind = 0;
	opterr = 0;
	while ((o = getopt_long(argc, argv, ":", opts, NULL)) != -1) {
		switch (o) {
		case 'I': oi = optarg; break;
		case 'N': on = optarg; break;
		default: return cli_bad_option(c, argv, o);
		}
	}
	if (argc - optind > 1)
		return cli_usage(c, _("'policy show' needs INSURER/NO or --insurer I --policy-no N"));
	if ((status = cli_entry_find(c, 1, optind < argc ? argv[optind] : NULL, oi, on,
				     ins, sizeof(ins), no, sizeof(no))))
		return status;
	ldg_store_init(&s, c->db);
	status = ldg_policy_get(&s, ins, no, &p, &err);
	ldg_store_release(&s);
	if (status)
		return cli_fail(c, &err);
	if (ldg_policy_fields(&p, f))
		return cli_error(c, 3, _("out of memory"));
	{
		const char *keys[] = { "insurer", p.insurer, "policy_no", p.policy_no };

		status = cli_entry_show(c, 2, keys, f, LDG_POLICY_NFIELDS, NULL, NULL);
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
		{ "insurer", required_argument, NULL, 'x' },
		{ "format", required_argument, NULL, 'f' },
		{ NULL, 0, NULL, 0 }
	};
	static const char *const head[] = {
		N_("insurer"), N_("policy_no"), N_("uscc"), N_("enterprise"), N_("product"), N_("premium"),
		N_("paid_date"), N_("start_date"), N_("end_date"), N_("coverage"), N_("insured_rights")
	};
	/* --year: policies whose premium was paid in that year (rules.md §2) */
	static const struct cli_entry_listing list = { opts,
		"SELECT i.name, p.policy_no, p.uscc, e.name, p.product, p.premium_fen,"
		" p.paid_date, p.start_date, p.end_date, p.coverage_fen, p.insured_rights"
		" FROM policies p JOIN insurers i ON i.id = p.insurer_id"
		" JOIN enterprises e ON e.uscc = p.uscc"
		" WHERE (?1 IS NULL OR e.city = ?1) AND (?2 IS NULL OR p.uscc = ?2)"
		" AND (?3 IS NULL OR substr(p.paid_date, 1, 4) = ?3)"
		" AND (?4 IS NULL OR i.name = ?4 OR i.name_key = ldg_key(?4)) ORDER BY i.name, p.policy_no",
		11, head, (1u << 5) | (1u << 9), 0
	};

	return cli_entry_list(c, &list, argc, argv);
}

/* Dispatch `policy add|show|list`. */
static int cmd_policy(struct cli *c, int argc, char **argv)
{
	if (argc < 2)
		return cli_usage(c, _("'policy' needs add, show or list"));
	if (strcmp(argv[1], "add") == 0)
		return cli_entry_add(c, IMP_POLICIES, 0, argc - 1, argv + 1);
	if (strcmp(argv[1], "show") == 0)
		return policy_show(c, argc - 1, argv + 1);
	if (strcmp(argv[1], "list") == 0)
		return policy_list(c, argc - 1, argv + 1);
	return cli_usage(c, _("unknown subcommand 'policy %s'"), argv[1]);
}

const struct cli_command cmd_policy_entry = {
	"policy", cmd_policy, N_("add, show and list insurance policies"),
	"pledger policy add --insurer NAME --policy-no NO --uscc USCC --enterprise NAME\n"
	"          --premium AMOUNT --paid-date D [--city C] [--product TEXT]\n"
	"          [--insured-rights LIST] [--start-date D] [--end-date D] [--coverage AMOUNT]\n"
	"   or: pledger policy show (INSURER/NO | --insurer I --policy-no N)\n"
	"   or: pledger policy list [--city C] [--uscc USCC] [--year Y] [--insurer NAME] [--format table|csv]"
};
