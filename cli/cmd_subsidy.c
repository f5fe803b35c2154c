/*
 * cmd_subsidy.c — `pledger subsidy compute|show|explain|finalize|reopen`:
 * the subsidy runs of rules.md, printed as cli.md says; and the year's
 * cycle after finalize (cycle.md): publish, objection, pay, adjust.
 */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli/commands.h"
#include "cli/entry.h"
#include "cli/output.h"
#include "ledger/budget.h"
#include "ledger/cycle.h"
#include "ledger/date.h"
#include "ledger/db.h"
#include "ledger/loan.h"
#include "ledger/users.h"
#include "ledger/money.h"
#include "ledger/subsidy.h"
#include "ledger/lang.h"

/* The options every subcommand may take; which ones it needs is checked
 * after parsing. */
struct sub_opts {
	const char *city;
	const char *year_text;
	const char *reason;
	const char *enterprise, *loan, *policy;
	const char *bank, *contract, *insurer, *policy_no;   /* a key by its parts */
	const char *from, *to, *date, *voucher, *text, *outcome, *amount;
	const char *arg;           /* the one operand (objection resolve ID) */
	int csv;
	int year;
	char code[8];
};

/*
 * Parse argv (argv[0] is the subcommand) into o.  allowed lists the
 * long options this subcommand accepts by their short letters.  Returns 0
 * or the exit status of a usage mistake.
 */
static int parse_ex(struct cli *c, int argc, char **argv, const char *allowed,
		    int operand, struct sub_opts *o);

static int parse(struct cli *c, int argc, char **argv, const char *allowed,
		 struct sub_opts *o)
{
	return parse_ex(c, argc, argv, allowed, 0, o);
}

/* As parse; operand 1: one operand (o->arg) and no --city/--year needed. */
static int parse_ex(struct cli *c, int argc, char **argv, const char *allowed,
		    int operand, struct sub_opts *o)
{
	static const struct option opts[] = {
		{ "city", required_argument, NULL, 'c' },
		{ "year", required_argument, NULL, 'y' },
		{ "format", required_argument, NULL, 'f' },
		{ "reason", required_argument, NULL, 'r' },
		{ "enterprise", required_argument, NULL, 'e' },
		{ "loan", required_argument, NULL, 'l' },
		{ "policy", required_argument, NULL, 'p' },
		{ "bank", required_argument, NULL, 'B' },
		{ "contract", required_argument, NULL, 'C' },
		{ "insurer", required_argument, NULL, 'I' },
		{ "policy-no", required_argument, NULL, 'N' },
		{ "from", required_argument, NULL, 'F' },
		{ "to", required_argument, NULL, 'T' },
		{ "date", required_argument, NULL, 'D' },
		{ "voucher", required_argument, NULL, 'V' },
		{ "text", required_argument, NULL, 'X' },
		{ "outcome", required_argument, NULL, 'O' },
		{ "amount", required_argument, NULL, 'A' },
		{ NULL, 0, NULL, 0 }
	};
	struct ldg_err err = { 0 };
	/* `subsidy objection add` parses from "add": name it whole */
	const char *name = strcmp(argv[0], "add") == 0 ? "objection add"
		: strcmp(argv[0], "resolve") == 0 ? "objection resolve"
		: strcmp(argv[0], "list") == 0 ? "objection list" : argv[0];
	int opt, li = 0;

	memset(o, 0, sizeof(*o));
	optind = 0;
	opterr = 0;
	while ((opt = getopt_long(argc, argv, ":", opts, &li)) != -1) {
		if (opt != '?' && opt != ':' && !strchr(allowed, opt))
			return cli_usage(c, _("option '--%s' does not apply to 'subsidy %s'"),
					 opts[li].name, name);
		switch (opt) {
		case 'c': o->city = optarg; break;
		case 'y': o->year_text = optarg; break;
		case 'r': o->reason = optarg; break;
		case 'e': o->enterprise = optarg; break;
		case 'l': o->loan = optarg; break;
		case 'p': o->policy = optarg; break;
		case 'B': o->bank = optarg; break;
		case 'C': o->contract = optarg; break;
		case 'I': o->insurer = optarg; break;
		case 'N': o->policy_no = optarg; break;
		case 'F': o->from = optarg; break;
		case 'T': o->to = optarg; break;
		case 'D': o->date = optarg; break;
		case 'V': o->voucher = optarg; break;
		case 'X': o->text = optarg; break;
		case 'O': o->outcome = optarg; break;
		case 'A': o->amount = optarg; break;
		case 'f':
			if ((o->csv = cli_format_csv(optarg)) < 0)
				return cli_usage(c, _("bad --format '%s': table or csv"), optarg);
			break;
		default: return cli_bad_option(c, argv, opt);
		}
	}
	if (operand && optind < argc)
		o->arg = argv[optind++];
	if (optind < argc)
		return cli_usage(c, _("unexpected argument '%s'"), argv[optind]);
	if (operand)
		return o->arg ? 0 : cli_usage(c, _("'subsidy %s' needs the objection's number"), name);
	if (!o->city)
		return cli_usage(c, _("'subsidy %s' needs --city"), name);
	if (!o->year_text)
		return cli_usage(c, _("'subsidy %s' needs --year"), name);
	if (ldg_year_parse(o->year_text, &o->year, &err))
		return cli_usage(c, _("bad --year '%s': a year such as 2024"), o->year_text);
	return 0;
}

/* Open the database and resolve the city; 0 or an exit status. */
static int open_city(struct cli *c, struct sub_opts *o)
{
	struct ldg_err err = { 0 };
	int status;

	if ((status = cli_open_db(c)))
		return status;
	if (ldg_city_resolve(c->db, o->city, o->code, NULL, 0, &err))
		return cli_fail(c, &err);
	return 0;
}

/* `subsidy compute`: a draft run and a summary line. */
static int sub_compute(struct cli *c, struct sub_opts *o)
{
	struct ldg_err err = { 0 };
	struct ldg_run_summary s;
	struct ldg_run_info info;
	char a[LDG_MONEY_BUFSZ], b[LDG_MONEY_BUFSZ], d[LDG_MONEY_BUFSZ], f[LDG_MONEY_BUFSZ];
	int status;

	if ((status = open_city(c, o)))
		return status;
	if (ldg_run_compute(c->db, o->code, o->year, &s, &err)
	    || ldg_run_get(c->db, o->code, o->year, &info, &err))
		return cli_fail(c, &err);
	fprintf(c->out, _("%s %d: draft run computed%s: %zu enterprises (%zu blocked, %zu barred), "
		"%zu items (%zu eligible)\n"), info.city_name, o->year,
		s.start_year ? _(" (start year: no carry-in)") : "", s.nrows, s.nblocked, s.nbarred,
		s.nitems, s.neligible);
	fprintf(c->out, _("due %s, payable %s, carried out %s, forfeited %s\n"),
		ldg_money_format(s.due_fen, 1, a), ldg_money_format(s.payable_fen, 1, b),
		ldg_money_format(s.carried_out_fen, 1, d), ldg_money_format(s.forfeited_fen, 1, f));
	if (s.has_budget && s.scaled)
		fprintf(c->out, _("budget %s: payable total %s scaled pro rata to it (cycle.md §2)\n"),
			ldg_money_format(s.budget_fen, 1, a),
			ldg_money_format(s.unscaled_total_fen, 1, b));
	else if (s.has_budget)
		fprintf(c->out, _("budget %s: the payable total is within it\n"),
			ldg_money_format(s.budget_fen, 1, a));
	if (s.nblocked)
		cli_warn(c, P_("%zu enterprise has no contribution recorded for %d; finalize needs "
			       "it (see 'pledger subsidy show')",
			       "%zu enterprises have no contribution recorded for %d; finalize needs "
			       "them (see 'pledger subsidy show')", s.nblocked), s.nblocked, o->year);
	return 0;
}

/* The 以前年度调整 items of the run (cycle.md §3), after the table. */
static int show_adjustments(struct cli *c, struct sub_opts *o, int64_t payable_fen)
{
	struct ldg_err err = { 0 };
	struct ldg_adjustment *a = NULL;
	char m[LDG_MONEY_BUFSZ], m2[LDG_MONEY_BUFSZ];
	int64_t total = 0, all;
	size_t n = 0, i;

	if (ldg_adjust_list(c->db, o->code, o->year, &a, &n, &total, &err))
		return cli_fail(c, &err);
	if (n) {
		fprintf(c->out, _("以前年度调整 adjustments of paid years (cycle.md §3):\n"));
		for (i = 0; i < n; i++)
			fprintf(c->out, "  #%lld %d年 %s %s %s (%s)\n", (long long)a[i].id, a[i].year,
				a[i].uscc, a[i].name, ldg_money_format(a[i].amount_fen, 1, m),
				a[i].reason);
		if (ldg_add(payable_fen, total, &all))
			all = payable_fen;
		fprintf(c->out, _("以前年度调整合计 %s; 本次拨付合计 to pay with them %s\n"),
			ldg_money_format(total, 1, m), ldg_money_format(all, 1, m2));
	}
	free(a);
	return 0;
}

/* `subsidy show`: the rows, as CSV (cli.md columns) or a table. */
static int sub_show(struct cli *c, struct sub_opts *o)
{
	static const char *const csv_head[] = {
		"uscc", "enterprise", "interest_patent", "interest_trademark",
		"interest_copyright", "premium", "due", "carried_in", "contribution",
		"payable", "carried_out", "forfeited", "status"
	};
	static const char *const table_head[] = {
		"统一社会信用代码", "企业名称", "专利贴息", "商标贴息", "著作权贴息",
		"保费补助", "应补", "上年结转", "地方贡献", "本年拨付", "结转下年",
		"逾期作废", "状态"
	};
	struct ldg_err err = { 0 };
	struct ldg_run_info info;
	struct ldg_run_row *rows = NULL;
	struct cli_table *t = NULL;
	char m[11][LDG_MONEY_BUFSZ];
	int64_t tot[10] = { 0 }, before = 0;
	size_t n = 0, i;
	int status, k;

	if ((status = open_city(c, o)))
		return status;
	if (ldg_run_get(c->db, o->code, o->year, &info, &err)
	    || ldg_run_rows(c->db, info.id, &rows, &n, &err))
		return cli_fail(c, &err);
	if (!(t = cli_table_new(13, o->csv ? csv_head : table_head)))
		goto nomem;
	for (k = 2; k < 12; k++)
		cli_table_right(t, k);
	for (i = 0; i < n; i++) {
		const struct ldg_run_row *w = &rows[i];
		int64_t v[10] = {
			w->interest_fen[LDG_KIND_PATENT], w->interest_fen[LDG_KIND_TRADEMARK],
			w->interest_fen[LDG_KIND_COPYRIGHT], w->premium_fen, w->due_fen,
			w->carried_in_fen, w->contribution_fen, w->payable_fen,
			w->carried_out_fen, w->forfeited_fen
		};
		const char *cells[13];

		cells[0] = w->uscc;
		cells[1] = w->enterprise;
		for (k = 0; k < 10; k++) {
			ldg_money_format(v[k], !o->csv, m[k]);
			cells[2 + k] = m[k];
			tot[k] += v[k];
		}
		before += w->unscaled_payable_fen;
		if (!w->has_contribution)
			cells[8] = "";
		cells[12] = o->csv ? ldg_sub_status_name(w->status) : _(ldg_sub_status_name(w->status));
		if (cli_table_add(t, cells))
			goto nomem;
	}
	if (!o->csv) {
		const char *cells[13];

		fprintf(c->out, _("%s %d 知识产权质押融资贴息及专利保险保费补助 — %s run, computed %s%s%s\n"),
			info.city_name, o->year, _(ldg_run_state_name(info.state)),
			info.computed_at, info.status == LDG_RUN_FINALIZED ? _(", finalized ") : "",
			info.finalized_at);
		/* English: the label and the name ("公示 publicized"); Chinese
		 * the label only (its translation prints the name with %.0s) */
		fprintf(c->out, _("状态 state: %s %s"), ldg_run_state_label(info.state),
			ldg_run_state_name(info.state));
		if (info.publicity_from[0])
			fprintf(c->out, _("; 公示 %s to %s"), info.publicity_from, info.publicity_to);
		if (info.paid_on[0])
			fprintf(c->out, _("; 拨付 paid %s, voucher %s"), info.paid_on, info.voucher);
		fputc('\n', c->out);
		if (info.has_budget && n && rows[0].scaled) {
			char b[LDG_MONEY_BUFSZ], t2[LDG_MONEY_BUFSZ], f[32];

			fprintf(c->out, _("预算 budget %s < 应拨合计 payable total %s: 按比例拨付 paid pro rata, "
				"factor %s (cycle.md §2)\n"), ldg_money_format(info.budget_fen, 1, b),
				ldg_money_format(before, 1, t2),
				ldg_prorata_factor(info.budget_fen, before, f, sizeof(f)));
		} else if (info.has_budget) {
			char b[LDG_MONEY_BUFSZ];

			fprintf(c->out, _("预算 budget %s: within it, not scaled\n"),
				ldg_money_format(info.budget_fen, 1, b));
		}
		cells[0] = _("合计 total");
		cells[1] = "";
		for (k = 0; k < 10; k++) {
			ldg_money_format(tot[k], 1, m[k]);
			cells[2 + k] = m[k];
		}
		cells[12] = "";
		if (n && cli_table_add(t, cells))
			goto nomem;
	}
	cli_table_print(t, c->out, o->csv);
	cli_table_free(t);
	ldg_run_rows_free(rows, n);
	if (!o->csv)
		return show_adjustments(c, o, tot[7]);
	return 0;
nomem:
	cli_table_free(t);
	ldg_run_rows_free(rows, n);
	return cli_error(c, 3, _("out of memory"));
}

/* `subsidy explain`: one figure's derivation. */
static int sub_explain(struct cli *c, struct sub_opts *o)
{
	struct ldg_err err = { 0 };
	enum ldg_explain_what what;
	const char *key;
	char *text = NULL, a[LDG_NAME_BUFSZ], b[LDG_NO_BUFSZ], k[LDG_NAME_BUFSZ + LDG_NO_BUFSZ + 2];
	int by_parts = (o->bank || o->contract) + (o->insurer || o->policy_no);
	int status, given = !!o->enterprise + !!o->loan + !!o->policy + by_parts;

	if (given != 1)
		return cli_usage(c, _("'subsidy explain' needs one of --enterprise, --loan"
				 " (or --bank and --contract), --policy (or --insurer and --policy-no)"));
	if (o->enterprise) {
		what = LDG_EXPLAIN_ENTERPRISE;
		key = o->enterprise;
	} else if (o->loan || o->bank || o->contract) {
		what = LDG_EXPLAIN_LOAN;
		key = o->loan;
	} else {
		what = LDG_EXPLAIN_POLICY;
		key = o->policy;
	}
	if ((status = open_city(c, o)))
		return status;
	/* the run names a loan by its key as recorded (BANK/CONTRACT): the
	 * parts, or a key whose bank holds '/', are found first */
	if (by_parts) {
		if ((status = cli_entry_find(c, what == LDG_EXPLAIN_POLICY, NULL,
					     what == LDG_EXPLAIN_POLICY ? o->insurer : o->bank,
					     what == LDG_EXPLAIN_POLICY ? o->policy_no : o->contract,
					     a, sizeof(a), b, sizeof(b))))
			return status;
		snprintf(k, sizeof(k), "%s/%s", a, b);
		key = k;
	}
	if (ldg_run_explain(c->db, o->code, o->year, what, key, &text, &err))
		return cli_fail(c, &err);
	fputs(text, c->out);
	free(text);
	return 0;
}

/* `subsidy finalize`: lock the run, or list what blocks it. */
static int sub_finalize(struct cli *c, struct sub_opts *o)
{
	struct ldg_err err = { 0 };
	struct ldg_run_blocked *blocked = NULL;
	struct ldg_run_info info;
	size_t n = 0, i;
	int status;

	if ((status = open_city(c, o)))
		return status;
	/* cycle.md §1 four eyes: the person is the OS user, as in the audit log */
	if (ldg_four_eyes_check(c->db, o->code, o->year, ldg_user(), &err))
		return cli_fail(c, &err);
	if (ldg_run_finalize(c->db, o->code, o->year, &blocked, &n, &err)) {
		status = cli_fail(c, &err);
		for (i = 0; i < n; i++)
			cli_error(c, status, _("no contribution recorded for %d: %s (%s)"),
				  o->year, blocked[i].name, blocked[i].uscc);
		free(blocked);
		return status;
	}
	if (ldg_run_get(c->db, o->code, o->year, &info, &err))
		return cli_fail(c, &err);
	fprintf(c->out, _("%s %d: run finalized at %s\n"), info.city_name, o->year, info.finalized_at);
	return 0;
}

/* `subsidy reopen --reason TEXT`: unlock the latest finalized run. */
static int sub_reopen(struct cli *c, struct sub_opts *o)
{
	struct ldg_err err = { 0 };
	struct ldg_run_info info;
	int status;

	if (!o->reason || !*o->reason)
		return cli_usage(c, _("'subsidy reopen' needs --reason TEXT"));
	if ((status = open_city(c, o)))
		return status;
	if (ldg_run_reopen(c->db, o->code, o->year, o->reason, &err)
	    || ldg_run_get(c->db, o->code, o->year, &info, &err))
		return cli_fail(c, &err);
	fprintf(c->out, _("%s %d: run reopened (draft); reason recorded in the audit log\n"),
		info.city_name, o->year);
	return 0;
}

/* A date option as any form of import.md §1; 0 or an exit status. */
static int opt_date(struct cli *c, const char *name, const char *text, int32_t *day)
{
	struct ldg_err err = { 0 };

	if (ldg_date_parse(text, day, &err))
		return cli_usage(c, _("bad --%s '%s': a date such as 2025-03-01"), name, text);
	return 0;
}

/* `subsidy publish --from D --to D`: the 公示 period. */
static int sub_publish(struct cli *c, struct sub_opts *o)
{
	struct ldg_err err = { 0 };
	struct ldg_run_info info;
	int32_t from, to;
	int status;

	if (!o->from || !o->to)
		return cli_usage(c, _("'subsidy publish' needs --from DATE and --to DATE"));
	if ((status = opt_date(c, "from", o->from, &from))
	    || (status = opt_date(c, "to", o->to, &to))
	    || (status = open_city(c, o)))
		return status;
	if (ldg_run_publish(c->db, o->code, o->year, from, to, &err)
	    || ldg_run_get(c->db, o->code, o->year, &info, &err))
		return cli_fail(c, &err);
	fprintf(c->out, _("%s %d: run publicized (公示) from %s to %s; record objections with "
		"'pledger subsidy objection add'\n"), info.city_name, o->year,
		info.publicity_from, info.publicity_to);
	return 0;
}

/* `subsidy pay --date D --voucher V`. */
static int sub_pay(struct cli *c, struct sub_opts *o)
{
	struct ldg_err err = { 0 };
	struct ldg_run_info info;
	int32_t day;
	int status;

	if (!o->date || !o->voucher)
		return cli_usage(c, _("'subsidy pay' needs --date DATE and --voucher NO"));
	if (!*o->voucher)
		return cli_usage(c, _("'subsidy pay' needs a voucher number"));
	if ((status = opt_date(c, "date", o->date, &day))
	    || (status = open_city(c, o)))
		return status;
	if (ldg_run_pay(c->db, o->code, o->year, day, o->voucher, &err)
	    || ldg_run_get(c->db, o->code, o->year, &info, &err))
		return cli_fail(c, &err);
	fprintf(c->out, _("%s %d: run paid (已拨付) on %s, voucher %s; it is final\n"),
		info.city_name, o->year, info.paid_on, info.voucher);
	return 0;
}

/* `subsidy adjust --enterprise USCC --amount ±YUAN --reason TEXT`. */
static int sub_adjust(struct cli *c, struct sub_opts *o)
{
	struct ldg_err err = { 0 };
	char uscc[LDG_USCC_BUFSZ], m[LDG_MONEY_BUFSZ];
	int64_t fen, id = 0;
	int into = 0, neg, status;

	if (!o->enterprise || !o->amount || !o->reason || !*o->reason)
		return cli_usage(c, _("'subsidy adjust' needs --enterprise USCC, --amount ±YUAN and --reason TEXT"));
	/* the sign is the adjustment's direction (补发 +, 追回 -); the rest is
	 * an amount as in files */
	neg = o->amount[0] == '-';
	if (ldg_money_parse(o->amount + (neg || o->amount[0] == '+'), LDG_UNIT_YUAN, &fen, &err)
	    || fen == 0)
		return cli_usage(c, _("bad --amount '%s': yuan to the fen, not 0, e.g. 1200.50 or -300"),
				 o->amount);
	if (neg)
		fen = -fen;
	if ((status = open_city(c, o)))
		return status;
	if (ldg_uscc_normalize(o->enterprise, 1, uscc, &err)
	    || ldg_adjust_add(c->db, o->code, o->year, uscc, fen, o->reason, &into, &id, &err))
		return cli_fail(c, &err);
	fprintf(c->out, _("adjustment #%lld of %d recorded: %s %s (%s), an item (以前年度调整) of the run of %d\n"),
		(long long)id, o->year, uscc, ldg_money_format(fen, 1, m),
		fen > 0 ? "补发" : "追回", into);
	return 0;
}

/* `subsidy objection add|resolve|list`. */
static int sub_objection(struct cli *c, int argc, char **argv)
{
	struct ldg_err err = { 0 };
	struct sub_opts o;
	const char *sub;
	int status;

	if (argc < 2)
		return cli_usage(c, _("'subsidy objection' needs add, resolve or list"));
	sub = argv[1];
	if (strcmp(sub, "add") == 0) {
		char uscc[LDG_USCC_BUFSZ];
		int32_t day;
		int64_t id = 0;

		if ((status = parse(c, argc - 1, argv + 1, "cyeXD", &o)))
			return status;
		if (!o.enterprise || !o.text || !*o.text)
			return cli_usage(c, _("'subsidy objection add' needs --enterprise USCC and --text TEXT"));
		if (o.date) {
			if ((status = opt_date(c, "date", o.date, &day)))
				return status;
		} else {
			char today[32];

			ldg_now(today);
			today[10] = '\0';
			if (ldg_date_parse_iso(today, &day, &err))
				return cli_fail(c, &err);
		}
		if ((status = open_city(c, &o)))
			return status;
		if (ldg_uscc_normalize(o.enterprise, 1, uscc, &err)
		    || ldg_objection_add(c->db, o.code, o.year, uscc, day, o.text, &id, &err))
			return cli_fail(c, &err);
		fprintf(c->out, _("objection %lld recorded against %s\n"), (long long)id, uscc);
		return 0;
	}
	if (strcmp(sub, "resolve") == 0) {
		long long id;

		if ((status = parse_ex(c, argc - 1, argv + 1, "OX", 1, &o)))
			return status;
		if (cli_num(o.arg, 1, INT64_MAX, &id))
			return cli_usage(c, _("bad objection number '%s'"), o.arg);
		if (!o.outcome || !o.text || !*o.text)
			return cli_usage(c, _("'subsidy objection resolve' needs --outcome upheld|dismissed and --text TEXT"));
		if (strcmp(o.outcome, "upheld") && strcmp(o.outcome, "dismissed"))
			return cli_usage(c, _("bad --outcome '%s': upheld or dismissed"), o.outcome);
		if ((status = cli_open_db(c)))
			return status;
		if (ldg_objection_resolve(c->db, (int64_t)id, o.outcome, o.text, &err))
			return cli_fail(c, &err);
		if (strcmp(o.outcome, "upheld") == 0)
			fprintf(c->out, _("objection %lld upheld: reopen the run, correct the data and"
					  " compute it again before pay\n"), id);
		else
			fprintf(c->out, _("objection %lld dismissed\n"), id);
		return 0;
	}
	if (strcmp(sub, "list") == 0) {
		static const char *const head[] = {
			N_("id"), N_("uscc"), N_("enterprise"), N_("received_on"), N_("text"),
			N_("outcome"), N_("resolution"), N_("recorded_by"), N_("resolved_by"),
			N_("current")
		};
		struct ldg_objection *v = NULL;
		struct cli_table *t;
		size_t n = 0, i;

		if ((status = parse(c, argc - 1, argv + 1, "cyf", &o))
		    || (status = open_city(c, &o)))
			return status;
		if (ldg_objection_list(c->db, o.code, o.year, &v, &n, &err))
			return cli_fail(c, &err);
		if (!(t = cli_table_new(10, head))) {
			free(v);
			return cli_error(c, 3, _("out of memory"));
		}
		for (i = 0; i < n; i++) {
			char id[24];
			const char *row[10] = {
				id, v[i].uscc, v[i].name, v[i].received_on, v[i].text,
				/* the words as stored for CSV, translated for people */
				o.csv ? (v[i].outcome[0] ? v[i].outcome : "open")
				      : _(v[i].outcome[0] ? v[i].outcome : "open"), v[i].resolution,
				v[i].recorded_by, v[i].resolved_by,
				o.csv ? (v[i].current ? "yes" : "no") : (v[i].current ? _("yes") : _("no"))
			};

			snprintf(id, sizeof(id), "%lld", (long long)v[i].id);
			if (cli_table_add(t, row)) {
				cli_table_free(t);
				free(v);
				return cli_error(c, 3, _("out of memory"));
			}
		}
		cli_table_print(t, c->out, o.csv);
		cli_table_free(t);
		free(v);
		return 0;
	}
	return cli_usage(c, _("unknown subcommand 'subsidy objection %s'"), sub);
}

/* Dispatch `pledger subsidy SUB ...`. */
static int cmd_subsidy(struct cli *c, int argc, char **argv)
{
	struct sub_opts o;
	const char *sub;
	int status;

	if (argc < 2)
		return cli_usage(c, _("'subsidy' needs compute, show, explain, finalize, reopen, publish, "
				 "objection, pay or adjust"));
	sub = argv[1];
	if (strcmp(sub, "compute") == 0) {
		if ((status = parse(c, argc - 1, argv + 1, "cy", &o)))
			return status;
		return sub_compute(c, &o);
	}
	if (strcmp(sub, "show") == 0) {
		if ((status = parse(c, argc - 1, argv + 1, "cyf", &o)))
			return status;
		return sub_show(c, &o);
	}
	if (strcmp(sub, "explain") == 0) {
		if ((status = parse(c, argc - 1, argv + 1, "cyelpBCIN", &o)))
			return status;
		return sub_explain(c, &o);
	}
	if (strcmp(sub, "finalize") == 0) {
		if ((status = parse(c, argc - 1, argv + 1, "cy", &o)))
			return status;
		return sub_finalize(c, &o);
	}
	if (strcmp(sub, "reopen") == 0) {
		if ((status = parse(c, argc - 1, argv + 1, "cyr", &o)))
			return status;
		return sub_reopen(c, &o);
	}
	if (strcmp(sub, "publish") == 0) {
		if ((status = parse(c, argc - 1, argv + 1, "cyFT", &o)))
			return status;
		return sub_publish(c, &o);
	}
	if (strcmp(sub, "pay") == 0) {
		if ((status = parse(c, argc - 1, argv + 1, "cyDV", &o)))
			return status;
		return sub_pay(c, &o);
	}
	if (strcmp(sub, "adjust") == 0) {
		if ((status = parse(c, argc - 1, argv + 1, "cyeAr", &o)))
			return status;
		return sub_adjust(c, &o);
	}
	if (strcmp(sub, "objection") == 0)
		return sub_objection(c, argc - 1, argv + 1);
	return cli_usage(c, _("unknown subcommand 'subsidy %s'"), sub);
}

const struct cli_command cmd_subsidy_entry = {
	"subsidy", cmd_subsidy, N_("compute, show, explain, finalize, reopen, publish, pay and adjust subsidy runs"),
	"pledger subsidy compute --city C --year Y\n"
	"   or: pledger subsidy show --city C --year Y [--format table|csv]\n"
	"   or: pledger subsidy explain --city C --year Y (--enterprise USCC | --loan BANK/CONTRACT |\n"
	"          --bank B --contract C | --policy INSURER/NO | --insurer I --policy-no N)\n"
	"   or: pledger subsidy finalize --city C --year Y\n"
	"   or: pledger subsidy reopen --city C --year Y --reason TEXT\n"
	"   or: pledger subsidy publish --city C --year Y --from DATE --to DATE\n"
	"   or: pledger subsidy objection add --city C --year Y --enterprise USCC --text TEXT [--date DATE]\n"
	"   or: pledger subsidy objection resolve ID --outcome upheld|dismissed --text TEXT\n"
	"   or: pledger subsidy objection list --city C --year Y [--format table|csv]\n"
	"   or: pledger subsidy pay --city C --year Y --date DATE --voucher NO\n"
	"   or: pledger subsidy adjust --city C --year Y --enterprise USCC --amount ±YUAN --reason TEXT"
};
