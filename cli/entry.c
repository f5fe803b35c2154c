/*
 * entry.c — see entry.h.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/entry.h"
#include "cli/output.h"
#include "ledger/date.h"
#include "ledger/db.h"
#include "ledger/ident.h"
#include "ledger/loan.h"
#include "ledger/money.h"
#include "ledger/text.h"
#include "ledger/policy.h"
#include "ledger/lang.h"

/* Sink for `add`: errors and warnings as they come. */
void cli_entry_say(void *ctx, int is_error, const struct ldg_err *msg)
{
	struct cli *c = ctx;
	char buf[2048];

	ldg_err_format(msg, buf, sizeof(buf));
	cli_put_line(c->err, is_error ? "" : _("warning: "), buf);
}

/*
 * A value given on the command line holds no control character (import.md
 * §1, as a cell of a file): a name with ESC or BEL would be stored and
 * later retitle the terminals that print it.  Line breaks only in a list
 * (ip_rights, ip_values, insured_rights).  Returns 0 or the exit status.
 */
static int refuse_control(struct cli *c, const char *name, const char *value)
{
	struct ldg_err err = { 0 };
	char canon[128], shown[256];
	size_t i, len = strlen(value);
	long at;
	int list;

	snprintf(canon, sizeof(canon), "%s", name);
	for (i = 0; canon[i]; i++)
		if (canon[i] == '-')
			canon[i] = '_';
	list = strcmp(canon, "ip_rights") == 0 || strcmp(canon, "ip_values") == 0
	       || strcmp(canon, "insured_rights") == 0;
	if ((at = ldg_text_control(value, len, list)) < 0)
		return 0;
	if (value[at] == '\r' || value[at] == '\n')
		ldg_err_set(&err, LDG_EINPUT, _("a line break in the value, at byte %ld"
			    " (only a list of rights may hold one)"), at + 1);
	else
		ldg_err_set(&err, LDG_EINPUT, _("a control character in the value, at byte %ld"
			    " (shown as \\xHH)"), at + 1);
	ldg_err_value(&err, ldg_text_escape(value, len, shown, sizeof(shown)));
	ldg_err_place(&err, NULL, 0, name);
	return cli_fail(c, &err);
}

/* cli_entry_apply: see entry.h. */
int cli_entry_apply(struct cli *c, struct imp_row *row, enum imp_mode mode, int accept,
		    const struct imp_sink *sink, enum imp_outcome *outcome, char *key)
{
	struct ldg_err err = { 0 };
	int status;

	if ((status = cli_open_db(c)))
		return status;
	if (ldg_db_begin(c->db, &err))
		return cli_fail(c, &err);
	if (imp_row_apply(c->db, row, mode, accept, 0, sink, outcome, key, &err)) {
		ldg_db_rollback(c->db);
		return cli_fail(c, &err);
	}
	if (*outcome == IMP_REJECTED) {
		ldg_db_rollback(c->db);
		return 1;   /* the sink has said why */
	}
	if (ldg_db_commit(c->db, &err)) {
		ldg_db_rollback(c->db);
		return cli_fail(c, &err);
	}
	return 0;
}

/* cli_entry_add: see entry.h. */
int cli_entry_add(struct cli *c, enum imp_kind kind, int allow_nonstandard,
		  int argc, char **argv)
{
	struct imp_row *row = NULL;
	struct imp_sink sink = { cli_entry_say, c };
	struct ldg_err err = { 0 };
	enum imp_outcome outcome;
	char key[IMP_KEYSZ];
	int i, status = 0, accept = 0, given = 0;

	if (!(row = imp_row_new(kind, NULL, 0)))
		return cli_error(c, 3, _("out of memory"));
	for (i = 1; i < argc; i++) {
		const char *a = argv[i], *value;
		char name[128];
		const char *eq;

		if (strncmp(a, "--", 2) != 0 || !a[2]) {
			status = cli_usage(c, _("unexpected argument '%s'"), a);
			goto out;
		}
		if (allow_nonstandard && strcmp(a, "--accept-nonstandard-uscc") == 0) {
			accept = 1;
			continue;
		}
		eq = strchr(a, '=');
		if (eq) {
			snprintf(name, sizeof(name), "%.*s", (int)(eq - a - 2), a + 2);
			value = eq + 1;
		} else {
			if (i + 1 >= argc) {
				status = cli_usage(c, _("option '%s' needs a value"), a);
				goto out;
			}
			snprintf(name, sizeof(name), "%s", a + 2);
			value = argv[++i];
		}
		if ((status = refuse_control(c, name, value)))
			goto out;
		if (imp_row_set(row, name, value, name, &err)) {
			status = err.code == LDG_EUSAGE ? cli_usage(c, "%s", err.msg) : cli_fail(c, &err);
			goto out;
		}
		given++;
	}
	if (!given) {
		status = cli_usage(c, _("'%s add' needs the record's columns as options"),
				   c->cmd ? c->cmd->name : "add");
		goto out;
	}
	if ((status = cli_entry_apply(c, row, IMP_MODE_INSERT, accept, &sink, &outcome, key)))
		goto out;
	fprintf(c->out, _("added %s '%s'%s\n"), c->cmd ? c->cmd->name : "record", key,
		accept ? _(" (nonstandard USCC accepted on purpose)") : "");
out:
	imp_row_free(row);
	return status;
}

/* cli_entry_yearly: see entry.h. */
int cli_entry_yearly(struct cli *c, enum imp_kind kind, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "uscc", required_argument, NULL, 'u' },
		{ "year", required_argument, NULL, 'y' },
		{ "reason", required_argument, NULL, 'r' },
		{ NULL, 0, NULL, 0 }
	};
	/* whole sentences, so that each translates as one */
	static const char *const done[2][4] = {
		{ N_("added bar '%s'\n"), N_("updated bar '%s'\n"),
		  N_("unchanged bar '%s'\n"), N_("rejected bar '%s'\n") },
		{ N_("added contribution '%s'\n"), N_("updated contribution '%s'\n"),
		  N_("unchanged contribution '%s'\n"), N_("rejected contribution '%s'\n") },
	};
	const int contrib = kind == IMP_CONTRIBUTIONS;
	const char *uscc = NULL, *year = NULL, *reason = NULL;
	struct imp_row *row = NULL;
	struct imp_sink sink = { cli_entry_say, c };
	struct ldg_err err = { 0 };
	enum imp_outcome outcome;
	char key[IMP_KEYSZ];
	int o, status = 0;

	optind = 0;
	opterr = 0;
	while ((o = getopt_long(argc, argv, ":", opts, NULL)) != -1) {
		switch (o) {
		case 'u': uscc = optarg; break;
		case 'y': year = optarg; break;
		case 'r':
			if (contrib)
				return cli_usage(c, _("option '--reason' does not apply to 'contribution add'"));
			reason = optarg;
			break;
		default: return cli_bad_option(c, argv, o);
		}
	}
	if (!uscc)
		return cli_usage(c, _("'%s add' needs --uscc"), contrib ? "contribution" : "bar");
	if (!year)
		return cli_usage(c, _("'%s add' needs --year"), contrib ? "contribution" : "bar");
	if (!contrib && !reason)
		return cli_usage(c, _("'bar add' needs --reason"));
	if (contrib && argc - optind != 1)
		return cli_usage(c, _("'contribution add' needs AMOUNT (yuan)"));
	if (!contrib && optind < argc)
		return cli_usage(c, _("unexpected argument '%s'"), argv[optind]);
	if (!(row = imp_row_new(kind, NULL, 0)))
		return cli_error(c, 3, _("out of memory"));
	if (imp_row_set(row, "uscc", uscc, "--uscc", &err)
	    || imp_row_set(row, "year", year, "--year", &err)
	    || (contrib && imp_row_set(row, "contribution", argv[optind], "AMOUNT", &err))
	    || (reason && imp_row_set(row, "reason", reason, "--reason", &err))) {
		status = cli_fail(c, &err);
		goto out;
	}
	if ((status = cli_entry_apply(c, row, IMP_MODE_UPSERT, 0, &sink, &outcome, key)))
		goto out;
	fprintf(c->out, _(done[contrib][outcome]), key);
out:
	imp_row_free(row);
	return status;
}

/* cli_entry_list: see entry.h. */
int cli_entry_list(struct cli *c, const struct cli_entry_listing *l, int argc,
		   char **argv)
{
	const char *city = NULL, *uscc = NULL, *year = NULL, *extra = NULL;
	char u[LDG_USCC_BUFSZ], y[8];
	struct cli_table *t = NULL;
	sqlite3_stmt *st = NULL;
	struct ldg_err err = { 0 };
	char code[8];
	const char **row = NULL;
	char (*money)[LDG_MONEY_BUFSZ] = NULL;
	int status, i, csv = 0, o, yv, step;

	optind = 0;
	opterr = 0;
	while ((o = getopt_long(argc, argv, ":", l->opts, NULL)) != -1) {
		switch (o) {
		case 'c': city = optarg; break;
		case 'u':
			if (ldg_uscc_normalize(optarg, 1, u, &err))
				return cli_fail(c, &err);
			uscc = u;
			break;
		case 'y':
			if (ldg_year_parse(optarg, &yv, &err))
				return cli_usage(c, _("bad --year '%s'"), optarg);
			snprintf(y, sizeof(y), "%d", yv);
			year = y;
			break;
		case 'x': extra = optarg ? optarg : "yes"; break;   /* a flag: "yes" */
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
	if (city && ldg_city_resolve(c->db, city, code, NULL, 0, &err))
		return cli_fail(c, &err);
	if (ldg_db_prepare(c->db, l->sql, &st, &err))
		return cli_fail(c, &err);
	ldg_bind_text(st, 1, city ? code : NULL);
	ldg_bind_text(st, 2, uscc);
	ldg_bind_text(st, 3, year);
	ldg_bind_text(st, 4, extra);
	row = calloc((size_t)l->ncols, sizeof(*row));
	money = calloc((size_t)l->ncols, sizeof(*money));
	if (!row || !money || !(t = cli_table_new(l->ncols, l->head))) {
		status = cli_error(c, 3, _("out of memory"));
		goto out;
	}
	for (i = 0; i < l->ncols; i++)
		if (l->money_cols & (1u << i))
			cli_table_right(t, i);
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		for (i = 0; i < l->ncols; i++) {
			if ((l->money_cols & (1u << i)) && sqlite3_column_type(st, i) != SQLITE_NULL)
				row[i] = ldg_money_format(sqlite3_column_int64(st, i), !csv, money[i]);
			else
				row[i] = (const char *)sqlite3_column_text(st, i);
			if ((l->word_cols & (1u << i)) && !csv && row[i] && *row[i])
				row[i] = _(row[i]);
		}
		if (cli_table_add(t, row)) {
			status = cli_error(c, 3, _("out of memory"));
			goto out;
		}
	}
	if (step != SQLITE_DONE) {
		/* a read that fails half way is a database error, not a short list */
		char what[64];

		snprintf(what, sizeof(what), _("cannot list %s records"), c->cmd ? c->cmd->name : "");
		ldg_db_error(c->db, what, &err);
		status = cli_fail(c, &err);
		goto out;
	}
	cli_table_print(t, c->out, csv);
out:
	cli_table_free(t);
	sqlite3_finalize(st);
	free(row);
	free(money);
	return status;
}

/* cli_entry_find: see entry.h. */
int cli_entry_find(struct cli *c, int policy, const char *key, const char *a,
		   const char *b, char *oa, size_t oasz, char *ob, size_t obsz)
{
	const char *what = policy ? "policy" : "loan";
	const char *form = policy ? "INSURER/NO or --insurer I --policy-no N"
				  : "BANK/CONTRACT or --bank B --contract C";
	struct ldg_store s;
	struct ldg_err err = { 0 };
	const char *slash;
	char ka[LDG_NAME_BUFSZ], kb[LDG_NO_BUFSZ];
	int status, rc = LDG_ENOTFOUND;

	if (key && (a || b))
		return cli_usage(c, _("name the %s once: %s"), what, form);
	if (!key && (!a || !b || !a[0] || !b[0]))
		return cli_usage(c, _("name the %s: %s"), what, form);
	if ((status = cli_open_db(c)))
		return status;
	ldg_store_init(&s, c->db);
	for (slash = key ? strchr(key, '/') : NULL; !key || slash; slash = strchr(slash + 1, '/')) {
		union {
			struct ldg_loan l;
			struct ldg_policy p;
		} r;

		if (key) {
			if (slash == key || !slash[1] || (size_t)(slash - key) >= sizeof(ka))
				continue;
			snprintf(ka, sizeof(ka), "%.*s", (int)(slash - key), key);
			snprintf(kb, sizeof(kb), "%s", slash + 1);
		} else {
			snprintf(ka, sizeof(ka), "%s", a);
			snprintf(kb, sizeof(kb), "%s", b);
		}
		ldg_err_clear(&err);
		if (policy) {
			rc = ldg_policy_get(&s, ka, kb, &r.p, &err);
			if (rc == 0) {
				snprintf(oa, oasz, "%s", r.p.insurer);
				snprintf(ob, obsz, "%s", r.p.policy_no);
			}
		} else {
			rc = ldg_loan_get(&s, ka, kb, &r.l, &err);
			if (rc == 0) {
				snprintf(oa, oasz, "%s", r.l.bank);
				snprintf(ob, obsz, "%s", r.l.contract_no);
				ldg_loan_release(&r.l);
			}
		}
		if (rc != LDG_ENOTFOUND || !key)
			break;
	}
	ldg_store_release(&s);
	if (rc == LDG_ENOTFOUND && key) {
		if (!strchr(key, '/'))
			return cli_usage(c, _("bad %s '%s': %s"), what, key, form);
		ldg_err_set(&err, LDG_ENOTFOUND, _("unknown %s '%s'"), what, key);
	}
	return rc ? cli_fail(c, &err) : 0;
}

/* cli_entry_key: see entry.h. */
int cli_entry_key(struct cli *c, const char *key, const char *what, const char *form,
		  char *a, size_t asz, char *b, size_t bsz)
{
	const char *slash = strchr(key, '/');

	if (!slash || slash == key || !slash[1] || (size_t)(slash - key) >= asz)
		return cli_usage(c, _("bad %s '%s': %s"), what, key, form);
	snprintf(a, asz, "%.*s", (int)(slash - key), key);
	snprintf(b, bsz, "%s", slash + 1);
	return 0;
}

/*
 * A show table's field name or yes/no value as people read it: the names
 * of the records' fields (ledger/enterprise.c, loan.c, policy.c) are
 * translated, anything else is shown as it is.
 */
static const char *show_label(const char *s)
{
	static const char *const names[] = {
		N_("uscc"), N_("name"), N_("city"), N_("industry"), N_("legal_person"),
		N_("nonstandard_uscc"), N_("bank"), N_("contract_no"), N_("principal"),
		N_("combined"), N_("ip_portion"), N_("rate"), N_("start_date"),
		N_("maturity_date"), N_("settle_date"), N_("overdue"), N_("interest_paid"),
		N_("registration_no"), N_("registration_date"), N_("credit_line"),
		N_("ip_rights"), N_("insurer"), N_("policy_no"), N_("product"),
		N_("insured_rights"), N_("premium"), N_("paid_date"), N_("end_date"),
		N_("coverage"), N_("yes"), N_("no"),
	};
	size_t i;

	for (i = 0; s && i < sizeof(names) / sizeof(names[0]); i++)
		if (strcmp(s, names[i]) == 0)
			return _(names[i]);
	return s;
}

/*
 * cli_entry_show: see entry.h.  A row that cannot be added for want of
 * memory is left out, as the show commands always did.
 */
int cli_entry_show(struct cli *c, int nkeys, const char *const *keys,
		   const struct ldg_field *f, int nf,
		   void (*more)(struct cli_table *t, const void *ctx), const void *ctx)
{
	static const char *const head[] = { N_("field"), N_("value") };
	struct cli_table *t;
	int i;

	if (!(t = cli_table_new(2, head)))
		return cli_error(c, 3, _("out of memory"));
	for (i = 0; i < nkeys; i++) {
		const char *r[2] = { show_label(keys[2 * i]), keys[2 * i + 1] };

		cli_table_add(t, r);
	}
	for (i = 0; i < nf; i++) {
		const char *r[2] = { show_label(f[i].name), show_label(f[i].text) };

		cli_table_add(t, r);
	}
	if (more)
		more(t, ctx);
	cli_table_print(t, c->out, 0);
	cli_table_free(t);
	return 0;
}
