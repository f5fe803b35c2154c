/*
 * cmd_loan.c — `pledger loan add|show|list|settle` (cli.md): loans by
 * hand.  `add` goes through the importer's row validator (cli/entry.c);
 * `settle` records a settlement date and the interest paid, with the audit
 * log, and is refused when a finalized subsidy run uses the loan
 * (rules.md §7, by the schema's lock triggers).
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli/commands.h"
#include "cli/entry.h"
#include "cli/output.h"
#include "ledger/date.h"
#include "ledger/db.h"
#include "ledger/loan.h"
#include "ledger/money.h"
#include "ledger/lang.h"

/* Add a loan's pledged rights to its `show` table, a row each. */
static void add_rights(struct cli_table *t, const void *ctx)
{
	const struct ldg_loan *l = ctx;
	char v[LDG_MONEY_BUFSZ];
	int i;

	for (i = 0; i < l->nrights; i++) {
		char label[32], val[LDG_RIGHT_BUFSZ + 64];
		const char *r[2] = { label, val };
		const char *kind = ldg_kind_name(l->rights[i].kind);

		/* a table for people: the labels and the kind in the
		 * catalogue's language (专利 …) */
		snprintf(label, sizeof(label), _("right %d"), i + 1);
		if (l->rights[i].value_fen == LDG_NONE)
			snprintf(val, sizeof(val), "%s %s", l->rights[i].no, *kind ? _(kind) : "");
		else
			snprintf(val, sizeof(val), _("%s %s value %s"), l->rights[i].no,
				 *kind ? _(kind) : "",
				 ldg_money_format(l->rights[i].value_fen, 0, v));
		cli_table_add(t, r);
	}
}

/* The options that name a loan by its parts (a bank name may hold '/'). */
#define LOAN_KEY_OPTS \
	{ "bank", required_argument, NULL, 'B' }, \
	{ "contract", required_argument, NULL, 'C' }, \
	{ "contract-no", required_argument, NULL, 'C' }

/*
 * `pledger loan show (BANK/CONTRACT | --bank B --contract C)`: the record
 * and its rights.
 */
static int loan_show(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = { LOAN_KEY_OPTS, { NULL, 0, NULL, 0 } };
	const char *ob = NULL, *oc = NULL;
	char bank[LDG_NAME_BUFSZ], no[LDG_NO_BUFSZ];
	struct ldg_store s;
	struct ldg_loan l;
	struct ldg_field f[LDG_LOAN_NFIELDS];
	struct ldg_err err = { 0 };
	int status, o;

	optind = 0;
	opterr = 0;
	while ((o = getopt_long(argc, argv, ":", opts, NULL)) != -1) {
		switch (o) {
		case 'B': ob = optarg; break;
		case 'C': oc = optarg; break;
		default: return cli_bad_option(c, argv, o);
		}
	}
	if (argc - optind > 1)
		return cli_usage(c, _("'loan show' needs BANK/CONTRACT or --bank B --contract C"));
	if ((status = cli_entry_find(c, 0, optind < argc ? argv[optind] : NULL, ob, oc,
				     bank, sizeof(bank), no, sizeof(no))))
		return status;
	ldg_store_init(&s, c->db);
	status = ldg_loan_get(&s, bank, no, &l, &err);
	ldg_store_release(&s);
	if (status)
		return cli_fail(c, &err);
	if (ldg_loan_fields(&l, f)) {
		ldg_loan_release(&l);
		return cli_error(c, 3, _("out of memory"));
	}
	{
		const char *keys[] = { "bank", l.bank, "contract_no", l.contract_no };

		status = cli_entry_show(c, 2, keys, f, LDG_LOAN_NFIELDS - 2, add_rights, &l);
	}
	ldg_fields_release(f, LDG_LOAN_NFIELDS);
	ldg_loan_release(&l);
	return status;
}

/*
 * `pledger loan list`: loans filtered by city, USCC, settlement year or
 * bank.
 */
static int loan_list(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "city", required_argument, NULL, 'c' },
		{ "uscc", required_argument, NULL, 'u' },
		{ "year", required_argument, NULL, 'y' },
		{ "bank", required_argument, NULL, 'x' },
		{ "format", required_argument, NULL, 'f' },
		{ NULL, 0, NULL, 0 }
	};
	static const char *const head[] = {
		N_("bank"), N_("contract_no"), N_("uscc"), N_("enterprise"), N_("principal"), N_("rate_pct"),
		N_("start_date"), N_("maturity_date"), N_("settle_date"), N_("interest_paid"), N_("ip_rights")
	};
	/* --year: loans settled in that year (the items of rules.md §2) */
	static const struct cli_entry_listing list = { opts,
		"SELECT b.name, l.contract_no, l.uscc, e.name, l.principal_fen,"
		" CASE WHEN l.rate_ppm IS NULL THEN NULL ELSE (l.rate_ppm / 10000) || '.'"
		"  || substr('0000' || (l.rate_ppm % 10000), -4, 4) END,"
		" l.start_date, l.maturity_date, l.settle_date, l.interest_paid_fen,"
		" (SELECT group_concat(right_no, ';') FROM (SELECT right_no FROM loan_rights"
		"  WHERE loan_id = l.id ORDER BY seq))"
		" FROM loans l JOIN banks b ON b.id = l.bank_id JOIN enterprises e ON e.uscc = l.uscc"
		" WHERE (?1 IS NULL OR e.city = ?1) AND (?2 IS NULL OR l.uscc = ?2)"
		" AND (?3 IS NULL OR substr(l.settle_date, 1, 4) = ?3)"
		" AND (?4 IS NULL OR b.name = ?4 OR l.bank_id IN (SELECT bank_id FROM bank_names"
		" WHERE name_key = ldg_key(?4))) ORDER BY b.name, l.contract_no",
		11, head, (1u << 4) | (1u << 9), 0
	};

	return cli_entry_list(c, &list, argc, argv);
}

/*
 * `pledger loan settle (BANK/CONTRACT | --bank B --contract C) --date D
 * [--interest-paid A]`: an audited update, refused under a finalized run
 * (rules.md §7).
 */
static int loan_settle(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "date", required_argument, NULL, 'd' },
		{ "interest-paid", required_argument, NULL, 'i' },
		{ "interest_paid", required_argument, NULL, 'i' },
		LOAN_KEY_OPTS,
		{ NULL, 0, NULL, 0 }
	};
	const char *date = NULL, *paid = NULL, *ob = NULL, *oc = NULL;
	char bank[LDG_NAME_BUFSZ], no[LDG_NO_BUFSZ];
	struct ldg_store s;
	struct ldg_loan old, l;
	struct ldg_err err = { 0 };
	int o, status, changed = 0, i;

	optind = 0;
	opterr = 0;
	while ((o = getopt_long(argc, argv, ":", opts, NULL)) != -1) {
		switch (o) {
		case 'd': date = optarg; break;
		case 'i': paid = optarg; break;
		case 'B': ob = optarg; break;
		case 'C': oc = optarg; break;
		default: return cli_bad_option(c, argv, o);
		}
	}
	if (argc - optind > 1 || !date)
		return cli_usage(c, _("'loan settle' needs BANK/CONTRACT (or --bank B --contract C)"
				 " and --date"));
	if ((status = cli_entry_find(c, 0, optind < argc ? argv[optind] : NULL, ob, oc,
				     bank, sizeof(bank), no, sizeof(no))))
		return status;
	ldg_store_init(&s, c->db);
	ldg_loan_init(&l);
	if (ldg_db_begin(c->db, &err) || ldg_loan_get(&s, bank, no, &old, &err))
		goto fail;
	/* a copy of old with the settlement filled in */
	l = old;
	l.rights = NULL;
	l.nrights = 0;
	for (i = 0; i < old.nrights; i++)
		if (ldg_loan_add_right(&l, old.rights[i].no, old.rights[i].kind,
				       old.rights[i].value_fen)) {
			ldg_err_set(&err, LDG_ENOMEM, _("out of memory"));
			goto fail;
		}
	if (ldg_date_parse(date, &l.settle_day, &err)) {
		ldg_err_place(&err, NULL, 0, "date");
		goto fail;
	}
	if (l.settle_day < 7305 || l.settle_day > 47481) {
		/* import.md §1: 1990-01-01 … 2099-12-31, as at import */
		ldg_err_set(&err, LDG_EINPUT, _("implausible date: before 1990-01-01 or after"
			    " 2099-12-31 (a typing mistake?)"));
		ldg_err_value(&err, date);
		ldg_err_place(&err, NULL, 0, "date");
		goto fail;
	}
	if (l.settle_day < l.start_day) {
		ldg_err_set(&err, LDG_EINPUT, _("the settlement date is before the start date"));
		ldg_err_value(&err, date);
		ldg_err_place(&err, NULL, 0, "date");
		goto fail;
	}
	if (paid && ldg_money_parse(paid, LDG_UNIT_YUAN, &l.interest_paid_fen, &err)) {
		ldg_err_place(&err, NULL, 0, "interest-paid");
		goto fail;
	}
	if (ldg_loan_update(&s, &old, &l, 0, &changed, &err) || ldg_db_commit(c->db, &err))
		goto fail;
	fprintf(c->out, "%s '%s/%s'\n", changed ? "settled loan" : "no change to loan", bank, no);
	ldg_loan_release(&old);
	ldg_loan_release(&l);
	ldg_store_release(&s);
	return 0;
fail:
	ldg_db_rollback(c->db);
	ldg_loan_release(&old);
	ldg_loan_release(&l);
	ldg_store_release(&s);
	return cli_fail(c, &err);
}

/* Dispatch `loan add|show|list|settle`. */
static int cmd_loan(struct cli *c, int argc, char **argv)
{
	if (argc < 2)
		return cli_usage(c, _("'loan' needs add, show, list or settle"));
	if (strcmp(argv[1], "add") == 0)
		return cli_entry_add(c, IMP_LOANS, 0, argc - 1, argv + 1);
	if (strcmp(argv[1], "show") == 0)
		return loan_show(c, argc - 1, argv + 1);
	if (strcmp(argv[1], "list") == 0)
		return loan_list(c, argc - 1, argv + 1);
	if (strcmp(argv[1], "settle") == 0)
		return loan_settle(c, argc - 1, argv + 1);
	return cli_usage(c, _("unknown subcommand 'loan %s'"), argv[1]);
}

const struct cli_command cmd_loan_entry = {
	"loan", cmd_loan, N_("add, show, list and settle loans"),
	"pledger loan add --bank NAME --contract-no NO --uscc USCC --enterprise NAME\n"
	"          --principal AMOUNT --start-date D --maturity-date D --ip-rights LIST\n"
	"          [--city C] [--combined yes|no] [--ip-portion AMOUNT] [--rate R]\n"
	"          [--settle-date D] [--overdue yes|no] [--interest-paid AMOUNT]\n"
	"          [--ip-kind KIND] [--ip-values LIST] [--registration-no NO]\n"
	"          [--registration-date D] [--credit-line AMOUNT]\n"
	"   or: pledger loan show (BANK/CONTRACT | --bank B --contract C)\n"
	"   or: pledger loan list [--city C] [--uscc USCC] [--year Y] [--bank NAME] [--format table|csv]\n"
	"   or: pledger loan settle (BANK/CONTRACT | --bank B --contract C) --date D\n"
	"          [--interest-paid AMOUNT]"
};
