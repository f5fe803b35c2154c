/*
 * cmd_enterprise.c — `pledger enterprise add|show|list` (cli.md): the
 * enterprise register by hand.  `add` validates exactly as an imported
 * enterprises file does (cli/entry.c → imp_row_apply); a USCC whose check
 * character is wrong is accepted only with --accept-nonstandard-uscc
 * (domain.md §2), recorded as such and noted in the audit log.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/commands.h"
#include "cli/entry.h"
#include "cli/output.h"
#include "import/import.h"
#include "ledger/account.h"
#include "ledger/db.h"
#include "ledger/enterprise.h"
#include "ledger/lang.h"

/*
 * Show the city field as `list` does, by name, with its code after it:
 * "东阳市 (330783)".  Left as the code when the name cannot be had.
 */
static void city_by_name(struct cli *c, struct ldg_field *f, int n)
{
	char code[8], name[LDG_NAME_BUFSZ], *t;
	struct ldg_err err = { 0 };
	size_t len;
	int i;

	for (i = 0; i < n; i++) {
		if (strcmp(f[i].name, "city") || !f[i].text
		    || ldg_city_resolve(c->db, f[i].text, code, name, sizeof(name), &err))
			continue;
		len = strlen(name) + strlen(code) + 4;
		if (!(t = malloc(len)))
			return;
		snprintf(t, len, "%s (%s)", name, code);
		free(f[i].text);
		f[i].text = t;
	}
}

/* The payee account rows of `enterprise show` (import.md §2 accounts). */
static void show_account(struct cli_table *t, const void *ctx)
{
	const struct ldg_account *a = ctx;
	const char *r1[2] = { _("account_name"), a->account_name };
	const char *r2[2] = { _("bank_name"), a->bank_name };
	const char *r3[2] = { _("account_no"), a->account_no[0] ? a->account_no : _("(none recorded)") };

	cli_table_add(t, r1);
	cli_table_add(t, r2);
	cli_table_add(t, r3);
}

/*
 * `pledger enterprise account USCC --name NAME --bank BANK --no NUMBER`:
 * record or correct the payee account by hand, validated exactly as a row
 * of `import accounts` (imp_row_apply), audited field by field.
 */
static int ent_account(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "name", required_argument, NULL, 'n' },
		{ "bank", required_argument, NULL, 'b' },
		{ "no", required_argument, NULL, 'o' },
		{ NULL, 0, NULL, 0 }
	};
	static const char *const outcome_word[] = { N_("new"), N_("updated"), N_("unchanged"), N_("rejected") };
	struct imp_row *row = NULL;
	struct imp_sink sink = { cli_entry_say, c };
	struct ldg_err err = { 0 };
	enum imp_outcome outcome;
	const char *name = NULL, *bank = NULL, *no = NULL;
	char key[IMP_KEYSZ];
	int o, status = 0;

	optind = 0;
	opterr = 0;
	while ((o = getopt_long(argc, argv, ":", opts, NULL)) != -1) {
		switch (o) {
		case 'n': name = optarg; break;
		case 'b': bank = optarg; break;
		case 'o': no = optarg; break;
		default: return cli_bad_option(c, argv, o);
		}
	}
	if (argc - optind != 1 || !name || !bank || !no)
		return cli_usage(c, _("'enterprise account' needs USCC --name NAME --bank BANK --no NUMBER"));
	if (!(row = imp_row_new(IMP_ACCOUNTS, NULL, 0)))
		return cli_error(c, 3, _("out of memory"));
	if (imp_row_set(row, "uscc", argv[optind], "USCC", &err)
	    || imp_row_set(row, "account_name", name, "--name", &err)
	    || imp_row_set(row, "bank_name", bank, "--bank", &err)
	    || imp_row_set(row, "account_no", no, "--no", &err)) {
		status = cli_fail(c, &err);
		goto out;
	}
	if ((status = cli_entry_apply(c, row, IMP_MODE_UPSERT, 0, &sink, &outcome, key)))
		goto out;
	fprintf(c->out, _("account of %s: %s\n"), key, _(outcome_word[outcome]));
out:
	imp_row_free(row);
	return status;
}

/* `pledger enterprise show USCC`: the record, field by field. */
static int ent_show(struct cli *c, int argc, char **argv)
{
	struct ldg_store s;
	struct ldg_enterprise e;
	struct ldg_account acct;
	struct ldg_field f[LDG_ENTERPRISE_NFIELDS];
	struct ldg_err err = { 0 };
	char uscc[LDG_USCC_BUFSZ];
	int status;

	if (argc != 2)
		return cli_usage(c, _("'enterprise show' needs a USCC"));
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
	{
		int r = ldg_account_get(c->db, uscc, &acct, &err);

		if (r && r != LDG_ENOTFOUND)
			return cli_fail(c, &err);
	}
	if (ldg_enterprise_fields(&e, f))
		return cli_error(c, 3, _("out of memory"));
	city_by_name(c, f, LDG_ENTERPRISE_NFIELDS);
	{
		const char *keys[] = { "uscc", e.uscc };

		status = cli_entry_show(c, 1, keys, f, LDG_ENTERPRISE_NFIELDS, show_account, &acct);
	}
	ldg_fields_release(f, LDG_ENTERPRISE_NFIELDS);
	return status;
}

/*
 * `pledger enterprise list`: the register, filtered by city or USCC;
 * --unregistered: those created from loan or policy rows and not yet
 * confirmed by an enterprises file or `enterprise add` (import.md §5).
 */
static int ent_list(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "city", required_argument, NULL, 'c' },
		{ "uscc", required_argument, NULL, 'u' },
		{ "format", required_argument, NULL, 'f' },
		{ "unregistered", no_argument, NULL, 'x' },
		{ NULL, 0, NULL, 0 }
	};
	static const char *const head[] = {
		N_("uscc"), N_("name"), N_("city"), N_("industry"), N_("legal_person"), N_("nonstandard_uscc")
	};
	static const struct cli_entry_listing list = { opts,
		"SELECT e.uscc, e.name, c.name, e.industry,"
		" CASE e.legal_person WHEN 1 THEN 'yes' ELSE 'no' END,"
		" CASE e.nonstandard_uscc WHEN 1 THEN 'yes' ELSE 'no' END"
		" FROM enterprises e JOIN cities c ON c.code = e.city"
		" WHERE (?1 IS NULL OR e.city = ?1) AND (?2 IS NULL OR e.uscc = ?2)"
		" AND (?3 IS NULL OR ?3 = ?3) AND (?4 IS NULL OR e.unregistered = 1) ORDER BY e.uscc",
		6, head, 0, (1u << 4) | (1u << 5)   /* yes/no: 是/否 for people */
	};

	return cli_entry_list(c, &list, argc, argv);
}

/* Dispatch `enterprise add|show|list`. */
static int cmd_enterprise(struct cli *c, int argc, char **argv)
{
	if (argc < 2)
		return cli_usage(c, _("'enterprise' needs add, show, list or account"));
	if (strcmp(argv[1], "add") == 0)
		return cli_entry_add(c, IMP_ENTERPRISES, 1, argc - 1, argv + 1);
	if (strcmp(argv[1], "show") == 0)
		return ent_show(c, argc - 1, argv + 1);
	if (strcmp(argv[1], "list") == 0)
		return ent_list(c, argc - 1, argv + 1);
	if (strcmp(argv[1], "account") == 0)
		return ent_account(c, argc - 1, argv + 1);
	return cli_usage(c, _("unknown subcommand 'enterprise %s'"), argv[1]);
}

const struct cli_command cmd_enterprise_entry = {
	"enterprise", cmd_enterprise, N_("add, show and list enterprises; their payee accounts"),
	"pledger enterprise add --uscc USCC --name NAME --city CITY [--industry TEXT]\n"
	"          [--legal-person yes|no] [--accept-nonstandard-uscc]\n"
	"   or: pledger enterprise show USCC\n"
	"   or: pledger enterprise list [--city C] [--uscc USCC] [--unregistered]\n"
	"          [--format table|csv]\n"
	"   or: pledger enterprise account USCC --name NAME --bank BANK --no NUMBER"
};
