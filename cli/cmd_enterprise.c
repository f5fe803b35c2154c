/*
 * cmd_enterprise.c — `pledger enterprise add|show|list` (cli.md): the
 * enterprise register by hand.  `add` validates exactly as an imported
 * enterprises file does (cli/entry.c → imp_row_apply); a USCC whose check
 * character is wrong is accepted only with --accept-nonstandard-uscc
 * (domain.md §2), recorded as such and noted in the audit log.
 */
#include <getopt.h>
#include <string.h>

#include "cli/commands.h"
#include "cli/entry.h"
#include "cli/output.h"
#include "ledger/db.h"
#include "ledger/enterprise.h"

/* `pledger enterprise show USCC`: the record, field by field. */
static int ent_show(struct cli *c, int argc, char **argv)
{
	static const char *const head[] = { "field", "value" };
	struct ldg_store s;
	struct ldg_enterprise e;
	struct ldg_field f[LDG_ENTERPRISE_NFIELDS];
	struct ldg_err err = { 0 };
	struct cli_table *t = NULL;
	char uscc[LDG_USCC_BUFSZ];
	int status, i;

	if (argc != 2)
		return cli_usage(c, "'enterprise show' needs a USCC");
	if ((status = cli_open_db(c)))
		return status;
	if (ldg_uscc_normalize(argv[1], 1, uscc, &err))
		return cli_fail(c, &err);
	ldg_store_init(&s, c->db);
	if (ldg_enterprise_get(&s, uscc, &e, &err)) {
		ldg_store_release(&s);
		return cli_fail(c, &err);
	}
	ldg_store_release(&s);
	if (ldg_enterprise_fields(&e, f))
		return cli_error(c, 3, "out of memory");
	if ((t = cli_table_new(2, head))) {
		const char *r[2] = { "uscc", e.uscc };

		cli_table_add(t, r);
		for (i = 0; i < LDG_ENTERPRISE_NFIELDS; i++) {
			r[0] = f[i].name;
			r[1] = f[i].text;
			cli_table_add(t, r);
		}
		cli_table_print(t, c->out, 0);
		cli_table_free(t);
	} else {
		status = cli_error(c, 3, "out of memory");
	}
	ldg_fields_release(f, LDG_ENTERPRISE_NFIELDS);
	return status;
}

/* `pledger enterprise list`: the register, filtered by city or USCC. */
static int ent_list(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "city", required_argument, NULL, 'c' },
		{ "uscc", required_argument, NULL, 'u' },
		{ "format", required_argument, NULL, 'f' },
		{ NULL, 0, NULL, 0 }
	};
	static const char *const head[] = {
		"uscc", "name", "city", "industry", "legal_person", "nonstandard_uscc"
	};
	static const char sql[] =
		"SELECT e.uscc, e.name, c.name, e.industry,"
		" CASE e.legal_person WHEN 1 THEN 'yes' ELSE 'no' END,"
		" CASE e.nonstandard_uscc WHEN 1 THEN 'yes' ELSE 'no' END"
		" FROM enterprises e JOIN cities c ON c.code = e.city"
		" WHERE (?1 IS NULL OR e.city = ?1) AND (?2 IS NULL OR e.uscc = ?2)"
		" AND (?3 IS NULL OR ?3 = ?3) AND (?4 IS NULL OR ?4 = ?4) ORDER BY e.uscc";
	const char *city = NULL, *uscc = NULL;
	char u[LDG_USCC_BUFSZ];
	struct ldg_err err = { 0 };
	int csv = 0, o;

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
		case 'f':
			if ((csv = cli_format_csv(optarg)) < 0)
				return cli_usage(c, "bad --format '%s': table or csv", optarg);
			break;
		default: return cli_bad_option(c, argv, o);
		}
	}
	if (optind < argc)
		return cli_usage(c, "unexpected argument '%s'", argv[optind]);
	return cli_entry_list(c, sql, 6, head, 0, city, uscc, NULL, NULL, csv);
}

/* Dispatch `enterprise add|show|list`. */
static int cmd_enterprise(struct cli *c, int argc, char **argv)
{
	if (argc < 2)
		return cli_usage(c, "'enterprise' needs add, show or list");
	if (strcmp(argv[1], "add") == 0)
		return cli_entry_add(c, IMP_ENTERPRISES, 1, argc - 1, argv + 1);
	if (strcmp(argv[1], "show") == 0)
		return ent_show(c, argc - 1, argv + 1);
	if (strcmp(argv[1], "list") == 0)
		return ent_list(c, argc - 1, argv + 1);
	return cli_usage(c, "unknown subcommand 'enterprise %s'", argv[1]);
}

const struct cli_command cmd_enterprise_entry = {
	"enterprise", cmd_enterprise, "add, show and list enterprises",
	"pledger enterprise add --uscc USCC --name NAME --city CITY [--industry TEXT]\n"
	"          [--legal-person yes|no] [--accept-nonstandard-uscc]\n"
	"   or: pledger enterprise show USCC\n"
	"   or: pledger enterprise list [--city C] [--uscc USCC] [--format table|csv]"
};
