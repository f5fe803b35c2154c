/*
 * subsidy_explain.c — `subsidy explain`: the derivation of a stored run's
 * figure, step by step from the inputs to the paid amount, in words a
 * finance officer follows (rules.md §7 "every figure's derivation").
 *
 * The figures come from the run (run_items, run_rows, run_payments, the
 * scheme snapshot); the inputs (loan, rights, enterprise) from the data,
 * which a finalized run locks.  The text is built in memory (the library
 * never prints); the CLI writes it out.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ledger/budget.h"
#include "ledger/date.h"
#include "ledger/db.h"
#include "ledger/lang.h"
#include "ledger/money.h"
#include "ledger/settings.h"
#include "ledger/subsidy.h"

__extension__ typedef unsigned __int128 ex_u128;


/*
 * "paid" of a premium (缴费), which the catalogue must tell from "paid" of a
 * run (已拨付): the msgid carries a context before '|' (glib's Q_()), and
 * an untranslated text drops it.
 */
static const char *premium_paid(void)
{
	const char *t = _("premium paid|paid"), *bar = strchr(t, '|');

	return bar ? bar + 1 : t;
}

/* The text being built and the run it explains. */
struct ex {
	sqlite3 *db;
	FILE *f;                   /* open_memstream */
	struct ldg_run_info run;
};

/* Column i as text, "" for NULL. */
static const char *ctext(sqlite3_stmt *st, int i)
{
	const unsigned char *t = sqlite3_column_text(st, i);

	return t ? (const char *)t : "";
}

/* Yuan with separators, in a rotating set of buffers (up to 8 per line). */
static const char *yuan(int64_t fen)
{
	static char buf[8][LDG_MONEY_BUFSZ];
	static int n;

	n = (n + 1) % 8;
	return ldg_money_format(fen, 1, buf[n]);
}

/* A rate as "3.65%", rotating buffers. */
static const char *pct(int64_t ppm)
{
	static char buf[4][LDG_MONEY_BUFSZ + 1];
	static int n;
	size_t len;

	n = (n + 1) % 4;
	ldg_rate_format(ppm, buf[n]);
	len = strlen(buf[n]);
	buf[n][len] = '%';
	buf[n][len + 1] = '\0';
	return buf[n];
}

/* "a ÷ b" as a decimal with 3 digits, truncated, followed by "…" when not
 * exact: shows the auditor what the half-up rounding rounded. */
static void exact(FILE *f, ex_u128 num, ex_u128 den)
{
	ex_u128 q = num / den, r = num % den, frac = r * 1000 / den;
	char digits[48];
	int n = 0;

	do {
		digits[n++] = (char)('0' + (int)(q % 10));
		q /= 10;
	} while (q && n < 47);
	while (n > 0)
		fputc(digits[--n], f);
	fprintf(f, ".%03d%s", (int)frac, r * 1000 % den ? "…" : "");
}

/* The covered kinds of s in the catalogue's language ("patent, trademark",
 * 专利、商标) into buf. */
static const char *kinds_text(const struct ldg_scheme *s, char *buf, size_t bufsz)
{
	static const char *const names[LDG_KIND_COUNT] = {
		[LDG_KIND_PATENT] = N_("patent"), [LDG_KIND_TRADEMARK] = N_("trademark"),
		[LDG_KIND_COPYRIGHT] = N_("copyright"),
	};
	size_t off = 0;
	int k;

	buf[0] = '\0';
	for (k = 0; k < LDG_KIND_COUNT; k++)
		if ((s->covered_kinds & (1u << k)) && names[k] && off < bufsz)
			off += (size_t)snprintf(buf + off, bufsz - off, "%s%s",
						off ? _(", ") : "", _(names[k]));
	return buf;
}

/* The run header: which run, its status, the scheme it used. */
static void header(struct ex *x)
{
	const struct ldg_scheme *s = &x->run.scheme;
	char kinds[96], eff[LDG_DATE_BUFSZ];

	kinds_text(s, kinds, sizeof(kinds));
	fprintf(x->f, _("补助计算 Subsidy run %s %d: %s"), x->run.city_name, x->run.year,
		x->run.status == LDG_RUN_FINALIZED ? _("已定稿 finalized") : _("草稿 draft"));
	fprintf(x->f, _(" (computed %s%s%s)\n"), x->run.computed_at,
		x->run.status == LDG_RUN_FINALIZED ? _(", finalized ") : "",
		x->run.finalized_at);
	fprintf(x->f, _("方案 Scheme of the run (rules.md §8): reference rate %s, interest share %s, "
		"day basis %d, cap by interest paid %s, covered kinds %s, per-kind cap %s, "
		"ip_once %s, premium share %s, premium cap %s, contribution cap %s, carry %d years, "
		"effective from %s\n"),
		s->reference_rate, pct(s->interest_share_ppm), s->day_basis,
		s->cap_by_interest_paid ? _("on") : _("off"), kinds, yuan(s->interest_cap_per_kind_fen),
		s->ip_once ? _("on") : _("off"), pct(s->premium_share_ppm), yuan(s->premium_cap_fen),
		s->contribution_cap ? _("on") : _("off"), s->carry_years,
		ldg_date_format(s->effective_from_day, eff));
	if (x->run.status != LDG_RUN_FINALIZED)
		fprintf(x->f, _("(A draft shows the figures as computed; data changed since then "
			"show only after 'subsidy compute'.)\n"));
	fputc('\n', x->f);
}

/* One stored item (run_items) of the run. */
struct item {
	int found;
	int64_t item_id;
	char uscc[LDG_USCC_BUFSZ];
	char date[LDG_DATE_BUFSZ];
	enum ldg_sub_reason reason;
	char detail[512];
	int has_calc;
	int64_t base, days, rate, share, basis, raw, subsidy, premium;
	char rate_date[LDG_DATE_BUFSZ];
	int has_cap;
	int64_t cap;
	int64_t kind[LDG_KIND_COUNT];
};

/* Read the item of type/key from the run into it. */
static int item_get(struct ex *x, const char *type, const char *key, struct item *it,
		    struct ldg_err *err)
{
	static const char sql[] =
		"SELECT item_id, uscc, item_date, reason, reason_detail, base_fen, days,"
		" rate_ppm, rate_date, share_ppm, day_basis, raw_fen, paid_cap_fen,"
		" subsidy_fen, patent_fen, trademark_fen, copyright_fen, premium_fen"
		" FROM run_items WHERE run_id = ?1 AND item_type = ?2 AND item_key = ?3";
	sqlite3_stmt *st = NULL;
	int rc;

	memset(it, 0, sizeof(*it));
	if ((rc = ldg_db_prepare(x->db, sql, &st, err)))
		return rc;
	sqlite3_bind_int64(st, 1, x->run.id);
	ldg_bind_text(st, 2, type);
	ldg_bind_text(st, 3, key);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		it->found = 1;
		it->item_id = sqlite3_column_int64(st, 0);
		snprintf(it->uscc, sizeof(it->uscc), "%s", ctext(st, 1));
		snprintf(it->date, sizeof(it->date), "%s", ctext(st, 2));
		if (ldg_sub_reason_parse(ctext(st, 3), &it->reason))
			it->reason = LDG_SUB_ELIGIBLE;
		snprintf(it->detail, sizeof(it->detail), "%s", ctext(st, 4));
		it->has_calc = sqlite3_column_type(st, 5) != SQLITE_NULL;
		it->base = sqlite3_column_int64(st, 5);
		it->days = sqlite3_column_int64(st, 6);
		it->rate = sqlite3_column_int64(st, 7);
		snprintf(it->rate_date, sizeof(it->rate_date), "%s", ctext(st, 8));
		it->share = sqlite3_column_int64(st, 9);
		it->basis = sqlite3_column_int64(st, 10);
		it->raw = sqlite3_column_int64(st, 11);
		it->has_cap = sqlite3_column_type(st, 12) != SQLITE_NULL;
		it->cap = sqlite3_column_int64(st, 12);
		it->subsidy = sqlite3_column_int64(st, 13);
		it->kind[LDG_KIND_PATENT] = sqlite3_column_int64(st, 14);
		it->kind[LDG_KIND_TRADEMARK] = sqlite3_column_int64(st, 15);
		it->kind[LDG_KIND_COPYRIGHT] = sqlite3_column_int64(st, 16);
		it->premium = sqlite3_column_int64(st, 17);
		rc = 0;
	} else if (rc == SQLITE_DONE) {
		rc = 0;
	} else {
		rc = ldg_db_error(x->db, "cannot read run items", err);
	}
	sqlite3_finalize(st);
	return rc;
}

/* Enterprise name, city and legal-person flag, and the bar flag of the
 * run's year. */
static void ent_line(struct ex *x, const char *uscc)
{
	static const char sql[] =
		"SELECT e.name, c.name, e.legal_person, b.reason, b.uscc IS NOT NULL"
		" FROM enterprises e JOIN cities c ON c.code = e.city"
		" LEFT JOIN bars b ON b.uscc = e.uscc AND b.year = ?2 WHERE e.uscc = ?1";
	sqlite3_stmt *st = NULL;

	if (ldg_db_prepare(x->db, sql, &st, NULL) == 0) {
		ldg_bind_text(st, 1, uscc);
		sqlite3_bind_int(st, 2, x->run.year);
		if (sqlite3_step(st) == SQLITE_ROW)
			fprintf(x->f, _("企业 Enterprise: %s (%s), %s; 独立法人 independent legal "
				"person: %s; %d 年限制名单 bar flag for %d: %s%s%s\n"), ctext(st, 0), uscc,
				ctext(st, 1), sqlite3_column_int(st, 2) ? _("yes") : _("no"), x->run.year,
				x->run.year, sqlite3_column_int(st, 4) ? _("yes") : _("none"),
				*ctext(st, 3) ? " — " : "", ctext(st, 3));
	}
	sqlite3_finalize(st);
}

/* Where a key not in the run belongs, for the not-found message. */
static int not_in_run(struct ex *x, int policy, const char *key, struct ldg_err *err)
{
	static const char lsql[] =
		"SELECT l.settle_date, c.name FROM loans l JOIN banks b ON b.id = l.bank_id"
		" JOIN enterprises e ON e.uscc = l.uscc JOIN cities c ON c.code = e.city"
		" WHERE b.name || '/' || l.contract_no = ?1";
	static const char psql[] =
		"SELECT p.paid_date, c.name FROM policies p JOIN insurers i ON i.id = p.insurer_id"
		" JOIN enterprises e ON e.uscc = p.uscc JOIN cities c ON c.code = e.city"
		" WHERE i.name || '/' || p.policy_no = ?1";
	const char *what = policy ? _("policy") : _("loan");
	sqlite3_stmt *st = NULL;
	int rc;

	/* the whole key as recorded: a bank or insurer name may hold '/'
	 * (an interactive query; a scan of the loans is fine) */
	if (!strchr(key, '/'))
		return ldg_err_set(err, LDG_EUSAGE, _("bad %s '%s': write %s"), what, key,
				   policy ? "INSURER/POLICY_NO" : "BANK/CONTRACT");
	if ((rc = ldg_db_prepare(x->db, policy ? psql : lsql, &st, err)))
		return rc;
	ldg_bind_text(st, 1, key);
	if (sqlite3_step(st) != SQLITE_ROW)
		rc = ldg_err_set(err, LDG_ENOTFOUND, _("no %s '%s'"), what, key);
	else if (sqlite3_column_type(st, 0) == SQLITE_NULL)
		rc = ldg_err_set(err, LDG_ENOTFOUND,
				 _("%s '%s' is not in the run of %s %d: it is not settled yet, so it "
				 "belongs to no year (rules.md §2)"), what, key, x->run.city_name, x->run.year);
	else
		rc = ldg_err_set(err, LDG_ENOTFOUND,
				 _("%s '%s' is not in the run of %s %d: %s %s, enterprise of %s (rules.md §2)"),
				 what, key, x->run.city_name, x->run.year,
				 policy ? _("premium paid") : _("settled"), ctext(st, 0), ctext(st, 1));
	sqlite3_finalize(st);
	return rc;
}

/* The order of rules.md §3 and what each check looks at. */
static const char *const check_words[LDG_SUB_REASON_COUNT] = {
	"",
	N_("the enterprise is an independent legal person"),
	N_("no bar flag for the year"),
	N_("on or after the scheme's effective_from"),
	N_("settled on or before maturity and not marked overdue"),
	N_("at least one pledged right of a covered kind"),
	N_("the IP-pledged portion of a combined loan is recorded"),
	N_("no covered right earned interest subsidy in a finalized run of an earlier year"),
	N_("a reference rate is in force on the start date"),
};

/* rules.md §3 step: the checks in order up to the one that failed. */
static void eligibility(struct ex *x, const struct item *it, int policy)
{
	int last = policy ? LDG_SUB_BEFORE_EFFECTIVE : LDG_SUB_NO_RATE, i;
	char said[512];

	fprintf(x->f, _("2. 资格审查 Eligibility (rules.md §3, checked in this order; the first "
		"failure is the reason):\n"));
	for (i = 1; i <= last; i++) {
		if (it->reason == (enum ldg_sub_reason)i) {
			fprintf(x->f, _("   %-21s 不通过 FAILED: %s\n"), ldg_sub_reason_code((enum ldg_sub_reason)i),
				ldg_sub_detail_text(it->reason, it->detail, said, sizeof(said)));
			fprintf(x->f, _("   → 不予补助 not subsidised: %s. Subsidy 0.00; the item is listed "
				"on the \"not subsidised\" sheet.\n"), ldg_sub_reason_label(it->reason));
			return;
		}
		fprintf(x->f, _("   %-21s 通过 passed: %s\n"), ldg_sub_reason_code((enum ldg_sub_reason)i),
			_(check_words[i]));
	}
	fprintf(x->f, _("   → 符合条件 ELIGIBLE\n"));
}

/* `explain --loan`. */
static int explain_loan(struct ex *x, const char *key, struct ldg_err *err)
{
	static const char lsql[] =
		"SELECT principal_fen, combined, ip_portion_fen, start_date, maturity_date,"
		" settle_date, overdue, interest_paid_fen FROM loans WHERE id = ?1";
	static const char rsql[] =
		"SELECT right_no, kind, value_fen FROM loan_rights WHERE loan_id = ?1 ORDER BY seq";
	const struct ldg_scheme *s = &x->run.scheme;
	sqlite3_stmt *st = NULL;
	struct item it;
	int64_t principal = 0, paid = 0;
	int has_paid = 0, rc, k;
	char said[512];

	if ((rc = item_get(x, "loan", key, &it, err)))
		return rc;
	if (!it.found)
		return not_in_run(x, 0, key, err);
	header(x);
	fprintf(x->f, _("贷款 Loan %s\n"), key);
	ent_line(x, it.uscc);
	if ((rc = ldg_db_prepare(x->db, lsql, &st, err)))
		return rc;
	sqlite3_bind_int64(st, 1, it.item_id);
	if (sqlite3_step(st) == SQLITE_ROW) {
		principal = sqlite3_column_int64(st, 0);
		has_paid = sqlite3_column_type(st, 7) != SQLITE_NULL;
		paid = sqlite3_column_int64(st, 7);
		fprintf(x->f, _("本金 Principal %s; "), yuan(principal));
		if (sqlite3_column_int(st, 1))
			fprintf(x->f, _("组合贷款 combined loan, IP-pledged portion %s\n"),
				sqlite3_column_type(st, 2) == SQLITE_NULL ? _("not recorded")
				: yuan(sqlite3_column_int64(st, 2)));
		else
			fprintf(x->f, _("纯知识产权质押 pure IP pledge loan\n"));
		fprintf(x->f, _("放款 Start %s, 到期 maturity %s, 结清 settled %s, 逾期标记 marked "
			"overdue: %s\n"), ctext(st, 3), ctext(st, 4), ctext(st, 5),
			sqlite3_column_int(st, 6) ? _("yes") : _("no"));
		fprintf(x->f, _("实付利息 Interest paid over the loan's life: %s\n"),
			has_paid ? yuan(paid) : _("not recorded"));
	}
	sqlite3_finalize(st);
	st = NULL;
	if ((rc = ldg_db_prepare(x->db, rsql, &st, err)))
		return rc;
	sqlite3_bind_int64(st, 1, it.item_id);
	fprintf(x->f, _("质押权利 Pledged rights:"));
	while (sqlite3_step(st) == SQLITE_ROW) {
		enum ldg_kind kind;
		int covered;

		if (ldg_kind_parse(ctext(st, 1), &kind, NULL))
			kind = LDG_KIND_NONE;
		covered = kind != LDG_KIND_NONE && (s->covered_kinds & (1u << kind));
		fprintf(x->f, _(" %s %s%s (valuation %s)"), ctext(st, 0),
			kind != LDG_KIND_NONE ? ldg_kind_label(kind) : ctext(st, 1),
			covered ? "" : _(", not covered"),
			sqlite3_column_type(st, 2) == SQLITE_NULL ? _("not recorded")
			: yuan(sqlite3_column_int64(st, 2)));
	}
	fputc('\n', x->f);
	sqlite3_finalize(st);

	fprintf(x->f, _("\n1. 所属年度 Year (rules.md §2): settled %s → subsidy year %d.\n"),
		it.date, x->run.year);
	eligibility(x, &it, 0);
	if (!it.has_calc)
		goto out;
	fprintf(x->f, _("3. 贴息 Interest subsidy (rules.md §4):\n"));
	fprintf(x->f, _("   base = %s = %s (%lld fen)\n"), it.base == principal ? _("principal")
		: _("IP-pledged portion"), yuan(it.base), (long long)it.base);
	fprintf(x->f, _("   days = settled %s − start = %lld days (the start day counts, the end "
		"day does not)\n"), it.date, (long long)it.days);
	fprintf(x->f, _("   rate = %s %s, in force since %s (the fixing on or before the start "
		"date, for the whole loan)\n"), s->reference_rate, pct(it.rate), it.rate_date);
	fprintf(x->f, _("   raw  = base × rate × share × days ÷ %lld\n"
		"        = %lld × %lld × %lld × %lld ÷ (10^12 × %lld) = "),
		(long long)it.basis, (long long)it.base, (long long)it.rate, (long long)it.share,
		(long long)it.days, (long long)it.basis);
	exact(x->f, (ex_u128)(uint64_t)it.base * (uint64_t)it.rate * (uint64_t)it.share
	      * (uint64_t)it.days, (ex_u128)1000000000000ULL * (uint64_t)it.basis);
	fprintf(x->f, _(" fen\n        → %lld fen (四舍五入 half up) = %s\n"), (long long)it.raw,
		yuan(it.raw));
	if (it.has_cap) {
		fprintf(x->f, _("   paid cap = interest paid × base ÷ principal = %lld × %lld ÷ %lld "
			"= %s\n"), (long long)paid, (long long)it.base, (long long)principal,
			yuan(it.cap));
		if (s->cap_by_interest_paid)
			fprintf(x->f, _("   subsidy = min(raw %s, paid cap %s) = %s\n"), yuan(it.raw),
				yuan(it.cap), yuan(it.subsidy));
		else
			fprintf(x->f, _("   subsidy = raw = %s (the scheme does not cap by interest "
				"paid)\n"), yuan(it.subsidy));
	} else {
		fprintf(x->f, _("   no interest paid recorded: subsidy = raw = %s\n"), yuan(it.subsidy));
	}
	fprintf(x->f, _("4. 按权利种类拆分 Split by kind (rules.md §4, %s; each part rounded down, "
		"the fen left over to the kind with the largest weight):\n  "),
		ldg_sub_detail_text(it.reason, it.detail, said, sizeof(said)));
	for (k = 0; k < LDG_KIND_COUNT; k++)
		if (s->covered_kinds & (1u << k))
			fprintf(x->f, " %s %s", ldg_kind_label((enum ldg_kind)k), yuan(it.kind[k]));
	fprintf(x->f, _("\n5. 封顶 Caps: this subsidy counts toward the enterprise's per-kind "
		"cap of %s for %d (rules.md §5); see 'subsidy explain --enterprise %s'.\n"),
		yuan(s->interest_cap_per_kind_fen), x->run.year, it.uscc);
	if (it.subsidy > 0 && s->ip_once)
		fprintf(x->f, _("   Once this run is finalized its rights count as subsidised: a later "
			"year's loan pledging them is IP_SUBSIDISED_BEFORE (rules.md §3).\n"));
out:
	return 0;
}

/* `explain --policy`. */
static int explain_policy(struct ex *x, const char *key, struct ldg_err *err)
{
	struct item it;
	int rc;

	if ((rc = item_get(x, "policy", key, &it, err)))
		return rc;
	if (!it.found)
		return not_in_run(x, 1, key, err);
	header(x);
	fprintf(x->f, _("保单 Policy %s\n"), key);
	ent_line(x, it.uscc);
	fprintf(x->f, _("保费 Premium %s, paid %s\n"), yuan(it.premium), it.date);
	fprintf(x->f, _("\n1. 所属年度 Year (rules.md §2): premium paid %s → subsidy year %d.\n"),
		it.date, x->run.year);
	eligibility(x, &it, 1);
	if (it.reason != LDG_SUB_ELIGIBLE)
		return 0;
	fprintf(x->f, _("3. 保费补助 Premium subsidy (rules.md §5.2): premium × share = %lld × %lld "
		"÷ 10^6 → %s (half up)\n"), (long long)it.premium, (long long)it.share,
		yuan(it.subsidy));
	fprintf(x->f, _("4. 封顶 Cap: the enterprise's premium subsidies of %d are summed and capped "
		"at %s; see 'subsidy explain --enterprise %s'.\n"), x->run.year,
		yuan(x->run.scheme.premium_cap_fen), it.uscc);
	return 0;
}

/* One origin's settlement of a row (run_payments, or the row's remainder). */
struct flow {
	int origin;
	int64_t outstanding, paid, forfeited, carried;
};

/* `explain --enterprise`. */
/*
 * cycle.md §2: how a row's payable was scaled to the run's budget — the
 * share floor(P × B / T), its remainder, and whether a leftover fen came
 * to it (largest remainders first, ties by USCC).
 */
static int explain_prorata(struct ex *x, int64_t before, int64_t total, int64_t payable,
			   struct ldg_err *err)
{
	char setting[LDG_SETTING_BUFSZ], factor[32];
	int64_t b = x->run.budget_fen, floor_fen, rem;
	ex_u128 p;
	int rc;

	if (total <= 0)
		return 0;
	if ((rc = ldg_setting_get(x->db, x->run.city, "budget_shortfall", setting,
				  sizeof(setting), err)))
		return rc;
	p = (ex_u128)before * (ex_u128)b;
	floor_fen = (int64_t)(p / (ex_u128)total);
	rem = (int64_t)(p % (ex_u128)total);
	fprintf(x->f, _("   预算按比例 Budget pro rata (cycle.md §2): budget %s < payable total %s of "
		"every payee, factor %s\n"), yuan(b), yuan(total),
		ldg_prorata_factor(b, total, factor, sizeof(factor)));
	fprintf(x->f, _("   share = floor(%s × %s / %s) = %s, remainder %lld/%lld fen; %s → paid %s\n"),
		yuan(before), yuan(b), yuan(total), yuan(floor_fen), (long long)rem,
		(long long)total, payable > floor_fen ? _("+0.01 leftover fen (largest remainders "
		"first, ties by USCC)") : _("no leftover fen"), yuan(payable));
	fprintf(x->f, _("   not paid for lack of budget %s: %s (budget_shortfall %s)\n"),
		yuan(before - payable), strcmp(setting, "lapse") == 0 ? _("lapses 作废")
		: _("carried like any other unpaid amount 结转"), setting);
	return 0;
}

static int explain_ent(struct ex *x, const char *uscc, struct ldg_err *err)
{
	static const char rsql[] =
		"SELECT enterprise, interest_patent_fen, interest_trademark_fen,"
		" interest_copyright_fen, premium_fen, due_fen, carried_in_fen, contribution_fen,"
		" payable_fen, carried_out_fen, forfeited_fen, status, unscaled_payable_fen,"
		" (SELECT sum(unscaled_payable_fen) FROM run_rows t WHERE t.run_id = ?1)"
		" FROM run_rows WHERE run_id = ?1 AND uscc = ?2";
	static const char isql[] =
		"SELECT item_type, item_key, item_date, reason, reason_detail, subsidy_fen,"
		" patent_fen, trademark_fen, copyright_fen, premium_fen"
		" FROM run_items WHERE run_id = ?1 AND uscc = ?2 ORDER BY item_type, item_key";
	static const char psql[] =
		"SELECT origin_year, outstanding_fen, paid_fen, forfeited_fen, carried_out_fen"
		" FROM run_payments WHERE run_id = ?1 AND uscc = ?2 ORDER BY origin_year";
	const struct ldg_scheme *s = &x->run.scheme;
	sqlite3_stmt *st = NULL;
	int64_t cap_kind[LDG_KIND_COUNT], sum_kind[LDG_KIND_COUNT] = { 0 }, prem_sum = 0;
	int64_t due, cin, contrib, payable, cout, forf, prem, before = 0, total = 0;
	int has_contrib, rc, k, nf = 0, i, last = 0, scaled;
	struct flow fl[LDG_SUB_AGES + 1];
	char status[16];

	if ((rc = ldg_db_prepare(x->db, rsql, &st, err)))
		return rc;
	sqlite3_bind_int64(st, 1, x->run.id);
	ldg_bind_text(st, 2, uscc);
	if (sqlite3_step(st) != SQLITE_ROW) {
		sqlite3_finalize(st);
		return ldg_err_set(err, LDG_ENOTFOUND,
				   _("enterprise '%s' has no row in the run of %s %d: no loan settled or "
				   "premium paid in %d and nothing carried in (rules.md §6)"), uscc,
				   x->run.city_name, x->run.year, x->run.year);
	}
	for (k = 0; k < LDG_KIND_COUNT; k++)
		cap_kind[k] = sqlite3_column_int64(st, 1 + k);
	prem = sqlite3_column_int64(st, 4);
	due = sqlite3_column_int64(st, 5);
	cin = sqlite3_column_int64(st, 6);
	has_contrib = sqlite3_column_type(st, 7) != SQLITE_NULL;
	contrib = sqlite3_column_int64(st, 7);
	payable = sqlite3_column_int64(st, 8);
	cout = sqlite3_column_int64(st, 9);
	forf = sqlite3_column_int64(st, 10);
	snprintf(status, sizeof(status), "%s", ctext(st, 11));
	scaled = sqlite3_column_type(st, 12) != SQLITE_NULL;
	if (scaled) {
		before = sqlite3_column_int64(st, 12);
		total = sqlite3_column_int64(st, 13);
	}
	sqlite3_finalize(st);
	st = NULL;

	header(x);
	ent_line(x, uscc);
	fprintf(x->f, _("\n1. 本年项目 Items of %d (rules.md §2–§4; 'subsidy explain --loan/--policy' "
		"shows each):\n"), x->run.year);
	if ((rc = ldg_db_prepare(x->db, isql, &st, err)))
		return rc;
	sqlite3_bind_int64(st, 1, x->run.id);
	ldg_bind_text(st, 2, uscc);
	while (sqlite3_step(st) == SQLITE_ROW) {
		int policy = strcmp(ctext(st, 0), "policy") == 0;
		int eligible = strcmp(ctext(st, 3), "ELIGIBLE") == 0;

		fprintf(x->f, _("   %s %s (%s %s): "), policy ? _("保单 policy") : _("贷款 loan"), ctext(st, 1),
			policy ? premium_paid() : _("settled"), ctext(st, 2));
		if (!eligible) {
			enum ldg_sub_reason r;
			char said[512];

			fprintf(x->f, _("%s — %s; 0.00\n"), ctext(st, 3),
				ldg_sub_reason_parse(ctext(st, 3), &r) ? ctext(st, 4)
				: ldg_sub_detail_text(r, ctext(st, 4), said, sizeof(said)));
		}
		else if (policy)
			fprintf(x->f, _("premium %s × %s = %s\n"), yuan(sqlite3_column_int64(st, 9)),
				pct(s->premium_share_ppm), yuan(sqlite3_column_int64(st, 5)));
		else
			fprintf(x->f, _("subsidy %s (patent %s, trademark %s, copyright %s)\n"),
				yuan(sqlite3_column_int64(st, 5)), yuan(sqlite3_column_int64(st, 6)),
				yuan(sqlite3_column_int64(st, 7)), yuan(sqlite3_column_int64(st, 8)));
		for (k = 0; k < LDG_KIND_COUNT; k++)
			sum_kind[k] += sqlite3_column_int64(st, 6 + k);
		if (policy && eligible)
			prem_sum += sqlite3_column_int64(st, 5);
	}
	sqlite3_finalize(st);
	st = NULL;

	fprintf(x->f, _("2. 年度封顶 Annual caps (rules.md §5):\n"));
	for (k = 0; k < LDG_KIND_COUNT; k++) {
		if (!(s->covered_kinds & (1u << k)) && !sum_kind[k])
			continue;
		fprintf(x->f, _("   %s interest: sum %s, cap %s → %s%s\n"), ldg_kind_label((enum ldg_kind)k),
			yuan(sum_kind[k]), yuan(s->interest_cap_per_kind_fen), yuan(cap_kind[k]),
			sum_kind[k] > cap_kind[k] ? _(" (excess cut, not carried)") : "");
	}
	fprintf(x->f, _("   保费 premium: sum %s, cap %s → %s%s\n"), yuan(prem_sum),
		yuan(s->premium_cap_fen), yuan(prem), prem_sum > prem ? _(" (excess cut)") : "");
	fprintf(x->f, _("   应补 due(%d) = %s\n"), x->run.year, yuan(due));

	/* Carried-in origins from run_payments, origin Y as the remainder. */
	if ((rc = ldg_db_prepare(x->db, psql, &st, err)))
		return rc;
	sqlite3_bind_int64(st, 1, x->run.id);
	ldg_bind_text(st, 2, uscc);
	while (sqlite3_step(st) == SQLITE_ROW && nf < LDG_SUB_AGES) {
		fl[nf].origin = sqlite3_column_int(st, 0);
		fl[nf].outstanding = sqlite3_column_int64(st, 1);
		fl[nf].paid = sqlite3_column_int64(st, 2);
		fl[nf].forfeited = sqlite3_column_int64(st, 3);
		fl[nf].carried = sqlite3_column_int64(st, 4);
		nf++;
	}
	sqlite3_finalize(st);
	st = NULL;
	fl[nf].origin = x->run.year;
	fl[nf].outstanding = due;
	fl[nf].paid = payable;
	fl[nf].forfeited = forf;
	fl[nf].carried = cout;
	for (i = 0; i < nf; i++) {
		fl[nf].paid -= fl[i].paid;
		fl[nf].forfeited -= fl[i].forfeited;
		fl[nf].carried -= fl[i].carried;
	}
	last = nf + (due != 0);

	fprintf(x->f, _("3. 上年结转 Carried in (rules.md §6): "));
	if (x->run.start_year)
		fprintf(x->f, _("none — %d is the city's start year\n"), x->run.year);
	else if (nf == 0)
		fprintf(x->f, _("none from the finalized run of %d\n"), x->run.year - 1);
	else {
		fprintf(x->f, _("%s from the finalized run of %d:"), yuan(cin), x->run.year - 1);
		for (i = 0; i < nf; i++)
			fprintf(x->f, _(" arose in %d %s;"), fl[i].origin, yuan(fl[i].outstanding));
		fputc('\n', x->f);
	}
	fprintf(x->f, _("4. 地方综合贡献封顶 Local contribution cap (rules.md §6, item 22):\n"));
	fprintf(x->f, _("   contribution %d: %s\n"), x->run.year,
		has_contrib ? yuan(contrib) : _("not recorded"));
	if (strcmp(status, "blocked") == 0) {
		fprintf(x->f, _("   → 待补录 BLOCKED: %s is outstanding but no contribution is recorded "
			"for %d; nothing is paid, carried or lapsed, and the run cannot be finalized "
			"until the figure is entered (0 to pay nothing this year).\n"),
			yuan(cin + due), x->run.year);
		goto result;
	}
	if (strcmp(status, "barred") == 0)
		fprintf(x->f, _("   barred for %d (rules.md §3 BARRED): paid nothing whatever the "
			"contribution; carried-in amounts carry or lapse as usual\n"), x->run.year);
	else if (!s->contribution_cap)
		fprintf(x->f, _("   the scheme's contribution cap is off: everything outstanding is paid\n"));
	else
		fprintf(x->f, _("   paid oldest first, each up to what is still available:\n"));
	for (i = 0; i < last; i++) {
		const char *fate = fl[i].origin <= x->run.year - s->carry_years
			? _("lapses 逾期作废") : _("carries to next year 结转");
		int64_t left = fl[i].forfeited + fl[i].carried;

		fprintf(x->f, _("   arose in %d: outstanding %s, paid %s"), fl[i].origin,
			yuan(fl[i].outstanding), yuan(fl[i].paid));
		if (left)
			fprintf(x->f, _(", left %s %s"), yuan(left), fate);
		fputc('\n', x->f);
	}
	if (scaled && (rc = explain_prorata(x, before, total, payable, err)))
		return rc;
result:
	fprintf(x->f, _("5. 结果 Result: 本年拨付 payable %s; 结转下年 carried out %s; 逾期作废 "
		"forfeited %s; status %s\n"), yuan(payable), yuan(cout), yuan(forf), _(status));
	return 0;
}

/* `subsidy explain`; see subsidy.h. */
int ldg_run_explain(sqlite3 *db, const char *city, int year,
		    enum ldg_explain_what what, const char *key, char **text,
		    struct ldg_err *err)
{
	struct ex x;
	char *buf = NULL;
	size_t len = 0;
	int rc;

	*text = NULL;
	memset(&x, 0, sizeof(x));
	x.db = db;
	if ((rc = ldg_run_get(db, city, year, &x.run, err)))
		return rc;
	if (!(x.f = open_memstream(&buf, &len)))
		return ldg_err_set(err, LDG_ENOMEM, _("out of memory"));
	switch (what) {
	case LDG_EXPLAIN_LOAN: rc = explain_loan(&x, key, err); break;
	case LDG_EXPLAIN_POLICY: rc = explain_policy(&x, key, err); break;
	default: rc = explain_ent(&x, key, err); break;
	}
	if (fclose(x.f) != 0 && !rc)
		rc = ldg_err_set(err, LDG_ENOMEM, _("out of memory"));
	if (rc) {
		free(buf);
		return rc;
	}
	*text = buf;
	return 0;
}
