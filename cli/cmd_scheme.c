/*
 * cmd_scheme.c — `pledger scheme show|set`: a city's subsidy parameters
 * (rules.md §8).
 */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli/commands.h"
#include "cli/output.h"
#include "ledger/date.h"
#include "ledger/db.h"
#include "ledger/scheme.h"
#include "ledger/lang.h"

/* 1 when s reads as a negative number ("-1", "-0.5"): a value, not an option. */
/*
 * A scheme key by its Chinese name too (cli.md "Language"): the names of
 * the 说明 sheet of `report subsidy` (reports/reports_int.c
 * rpt_scheme_label), with or without the unit in brackets.  Anything else
 * is returned as given (the English key, or an unknown name that
 * ldg_scheme_set refuses listing the keys).
 */
static const char *scheme_key(const char *name)
{
	static const struct { const char *zh, *key; } names[] = {
		{ "政策施行日", "effective_from" },
		{ "基准利率种类", "reference_rate" },
		{ "贴息比例", "interest_share" },
		{ "计息天数基准", "day_basis" },
		{ "计息天数基准（天/年）", "day_basis" },
		{ "贴息不超过实付利息", "cap_by_interest_paid" },
		{ "贴息的质押权利种类", "covered_kinds" },
		{ "单个企业每种权项年度贴息上限", "interest_cap_per_kind" },
		{ "单个企业每种权项年度贴息上限（元）", "interest_cap_per_kind" },
		{ "同一知识产权只享受一个年度贴息", "ip_once" },
		{ "保费补助比例", "premium_share" },
		{ "单个企业年度保费补助上限", "premium_cap" },
		{ "单个企业年度保费补助上限（元）", "premium_cap" },
		{ "以地方综合贡献额为限", "contribution_cap" },
		{ "未兑付部分可结转年数", "carry_years" },
		{ "政策依据", "policy_document" },
	};
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strcmp(names[i].zh, name) == 0)
			return names[i].key;
	return name;
}

/*
 * A key as a table for people shows it: its Chinese name in Chinese (each
 * translation is one of scheme_key()'s names, so what is shown can be
 * typed back: t_cli_zh sets every key by the name shown), the key itself
 * in English and in CSV.
 */
static const char *key_label(const char *key)
{
	static const char *const keys[] = {
		N_("effective_from"), N_("reference_rate"), N_("interest_share"),
		N_("day_basis"), N_("cap_by_interest_paid"), N_("covered_kinds"),
		N_("interest_cap_per_kind"), N_("ip_once"), N_("premium_share"),
		N_("premium_cap"), N_("contribution_cap"), N_("carry_years"),
		N_("policy_document"),
	};
	size_t i;

	for (i = 0; key && i < sizeof(keys) / sizeof(keys[0]); i++)
		if (strcmp(key, keys[i]) == 0)
			return _(keys[i]);
	return key;
}

static int negative_number(const char *s)
{
	return s[0] == '-' && ((s[1] >= '0' && s[1] <= '9') || (s[1] == '.' && s[2] >= '0' && s[2] <= '9'));
}

static int cmd_scheme(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "city", required_argument, NULL, 'c' },
		{ "format", required_argument, NULL, 'f' },
		{ "from-year", required_argument, NULL, 'F' },
		{ "year", required_argument, NULL, 'y' },
		{ NULL, 0, NULL, 0 }
	};
	static const char *const head[] = { N_("key"), N_("value") };
	const char *city = NULL, *sub, *from_text = NULL, *year_text = NULL;
	int from_year = 0, year = 0;
	char code[8], name[64];
	struct ldg_err err = { 0 };
	struct ldg_scheme s;
	struct cli_table *t;
	const char *ops[3];
	char **av;
	int csv = 0, o, status, i, n = 0, nops = 0;

	if (argc < 2)
		return cli_usage(c, _("'scheme' needs show or set"));
	sub = argv[1];
	if (strcmp(sub, "show") && strcmp(sub, "set"))
		return cli_usage(c, _("unknown subcommand 'scheme %s'"), sub);
	/* getopt would take a negative VALUE ("carry_years -1") for an
	 * option: such arguments are kept out of its sight and put back
	 * among the operands in their place (issue 12) */
	if (!(av = calloc((size_t)argc, sizeof(*av))))
		return cli_error(c, 3, _("out of memory"));
	for (i = 1; i < argc; i++)
		if (i == 1 || !negative_number(argv[i]))
			av[n++] = argv[i];
	optind = 0;
	opterr = 0;
	while ((o = getopt_long(n, av, ":", opts, NULL)) != -1) {
		switch (o) {
		case 'c': city = optarg; break;
		case 'F': from_text = optarg; break;
		case 'y': year_text = optarg; break;
		case 'f':
			if ((csv = cli_format_csv(optarg)) < 0) {
				free(av);
				return cli_usage(c, _("bad --format '%s': table or csv"), optarg);
			}
			break;
		default:
			o = cli_bad_option(c, av, o);
			free(av);
			return o;
		}
	}
	for (i = 2; i < argc; i++) {
		int k, operand = negative_number(argv[i]);

		for (k = optind; !operand && k < n; k++)
			operand = av[k] == argv[i];
		if (operand && nops < 3)
			ops[nops++] = argv[i];
		else if (operand)
			nops++;
	}
	free(av);
	if (!city)
		return cli_usage(c, _("'scheme %s' needs --city"), sub);
	/* usage first: a usage error is exit 2 even without a database */
	if (strcmp(sub, "set") == 0 && nops != 2)
		return cli_usage(c, _("'scheme set' needs KEY VALUE"));
	if (strcmp(sub, "show") == 0 && nops != 0)
		return cli_usage(c, _("unexpected argument '%s'"), ops[0]);
	if (from_text && strcmp(sub, "set"))
		return cli_usage(c, _("option '--from-year' does not apply to 'scheme show' (use --year)"));
	if (year_text && strcmp(sub, "show"))
		return cli_usage(c, _("option '--year' does not apply to 'scheme set' (use --from-year)"));
	if (from_text && ldg_year_parse(from_text, &from_year, &err))
		return cli_usage(c, _("bad --from-year '%s': a year such as 2025"), from_text);
	if (year_text && ldg_year_parse(year_text, &year, &err))
		return cli_usage(c, _("bad --year '%s': a year such as 2024"), year_text);
	if ((status = cli_open_db(c)))
		return status;
	if (ldg_city_resolve(c->db, city, code, name, sizeof(name), &err))
		return cli_fail(c, &err);
	if (strcmp(sub, "set") == 0 && from_year) {
		char oldv[128], newv[128];
		int changed;

		if (ldg_scheme_set_from(c->db, code, from_year, ops[0], ops[1], &changed,
					   oldv, newv, &err))
			return cli_fail(c, &err);
		if (changed)
			fprintf(c->out, "%s %d年起 %s %s → %s\n", name, from_year, ops[0], oldv, newv);
		else
			fprintf(c->out, _("%s %d年起 %s %s (unchanged)\n"), name, from_year, ops[0], newv);
		return 0;
	}
	if (strcmp(sub, "set") == 0) {
		if (ldg_scheme_set(c->db, code, scheme_key(ops[0]), ops[1], &err))
			return cli_fail(c, &err);
		return 0;
	}
	if ((year ? ldg_scheme_load_year(c->db, code, year, &s, &err)
	     : ldg_scheme_load(c->db, code, &s, &err)))
		return cli_fail(c, &err);
	if (!(t = cli_table_new(2, head)))
		return cli_error(c, 3, _("out of memory"));
	for (i = 0; ldg_scheme_keys[i]; i++) {
		char v[512];
		const char *row[2] = { csv ? ldg_scheme_keys[i] : key_label(ldg_scheme_keys[i]), v };

		ldg_scheme_value(&s, ldg_scheme_keys[i], v, sizeof(v));
		if (cli_table_add(t, row)) {
			cli_table_free(t);
			return cli_error(c, 3, _("out of memory"));
		}
	}
	cli_table_print(t, c->out, csv);
	cli_table_free(t);
	if (!csv && !year) {
		struct ldg_scheme_change *v = NULL;
		size_t nv = 0, k;

		if (ldg_scheme_changes(c->db, code, &v, &nv, &err))
			return cli_fail(c, &err);
		if (nv)
			fprintf(c->out, _("the first version; changes by year (scheme show --year Y):\n"));
		for (k = 0; k < nv; k++)
			fprintf(c->out, "  %d年起 %s %s\n", v[k].from_year, key_label(v[k].key),
				v[k].value);
		free(v);
	}
	return 0;
}

const struct cli_command cmd_scheme_entry = {
	"scheme", cmd_scheme, N_("show or change a city's subsidy scheme"),
	"pledger scheme show --city C [--year Y] [--format table|csv]\n"
	"   or: pledger scheme set --city C [--from-year Y] KEY VALUE"
};
