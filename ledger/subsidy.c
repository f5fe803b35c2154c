/*
 * subsidy.c — the pure subsidy computation of rules.md §2–§6: no SQL, no
 * I/O.  ldg_sub_compute() turns a loaded (city, year) into items, rows and
 * payment flows; the small functions it is made of are public so that each
 * rule paragraph can be tested on its own.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ledger/date.h"
#include "ledger/money.h"
#include "ledger/budget.h"
#include "ledger/subsidy.h"
#include "ledger/lang.h"

/* 128-bit unsigned arithmetic for the split's round-down (rules.md §1). */
__extension__ typedef unsigned __int128 sub_u128;

static const char *const reason_codes[LDG_SUB_REASON_COUNT] = {
	"ELIGIBLE", "NOT_LEGAL_PERSON", "BARRED", "BEFORE_EFFECTIVE", "LATE",
	"KIND_NOT_COVERED", "COMBINED_UNKNOWN", "IP_SUBSIDISED_BEFORE", "NO_RATE",
};

/* Said by explain in both languages at once in English (the office's
 * words and the rules' item); the catalogue gives the Chinese alone. */
static const char *const reason_labels[LDG_SUB_REASON_COUNT] = {
	N_("符合条件 (eligible)"),
	N_("非独立法人 (not an independent legal person, item 20)"),
	N_("列入限制名单 (barred for the year, item 23)"),
	N_("早于政策生效日 (before the scheme's effective date, item 21)"),
	N_("未按期还清贷款本息 (not repaid on time, item 6)"),
	N_("质押权利种类不在补助范围 (no pledged right of a covered kind, item 6)"),
	N_("组合贷款未记录知识产权质押部分 (combined loan without its IP portion, item 6)"),
	N_("知识产权已在以前年度享受贴息 (a pledged right was subsidised in an earlier year, item 6)"),
	N_("无适用基准利率 (no reference rate in force on the start date)"),
};

/* Code text of r; "?" for a value out of range. */
const char *ldg_sub_reason_code(enum ldg_sub_reason r)
{
	return (unsigned)r < LDG_SUB_REASON_COUNT ? reason_codes[r] : "?";
}

/* Words for r in the catalogue's language; "?" for a value out of range. */
const char *ldg_sub_reason_label(enum ldg_sub_reason r)
{
	return (unsigned)r < LDG_SUB_REASON_COUNT ? _(reason_labels[r]) : "?";
}

/* Code text → reason (exact match). */
int ldg_sub_reason_parse(const char *code, enum ldg_sub_reason *r)
{
	int i;

	for (i = 0; i < LDG_SUB_REASON_COUNT; i++)
		if (code && strcmp(code, reason_codes[i]) == 0) {
			*r = (enum ldg_sub_reason)i;
			return 0;
		}
	return LDG_EINPUT;
}

/* "ok", "blocked", "barred"; "?" out of range. */
const char *ldg_sub_status_name(enum ldg_sub_status s)
{
	switch (s) {
	case LDG_SUB_OK: return N_("ok");
	case LDG_SUB_BLOCKED: return N_("blocked");
	case LDG_SUB_BARRED_ROW: return N_("barred");
	}
	return "?";
}

/* rules.md §4 raw interest subsidy; see subsidy.h. */
int ldg_sub_interest(int64_t base_fen, int64_t rate_ppm, int64_t share_ppm,
		     int64_t days, int day_basis, int64_t *raw_fen,
		     struct ldg_err *err)
{
	/* den = 10^6 (rate) × 10^6 (share) × day_basis; fits: 3.65e14. */
	if (day_basis <= 0 || day_basis > 1000)
		return ldg_err_set(err, LDG_ERANGE, _("bad day basis %d"), day_basis);
	if (ldg_muldiv(base_fen, rate_ppm, share_ppm, days,
		       INT64_C(1000000000000) * day_basis, raw_fen))
		return ldg_err_set(err, LDG_ERANGE,
				   _("interest subsidy out of range (base %lld fen, %lld days)"),
				   (long long)base_fen, (long long)days);
	return 0;
}

/* rules.md §4 interest-paid cap; see subsidy.h. */
int ldg_sub_paid_cap(int64_t interest_paid_fen, int64_t base_fen,
		     int64_t principal_fen, int64_t *cap_fen,
		     struct ldg_err *err)
{
	if (principal_fen == 0) {
		*cap_fen = 0;
		return 0;
	}
	if (ldg_muldiv(interest_paid_fen, base_fen, 1, 1, principal_fen, cap_fen))
		return ldg_err_set(err, LDG_ERANGE,
				   _("interest-paid cap out of range (interest %lld fen)"),
				   (long long)interest_paid_fen);
	return 0;
}

/* rules.md §4 split by kind; see subsidy.h. */
int ldg_sub_split(int64_t subsidy_fen, const struct ldg_sub_right *rights,
		  size_t n, unsigned covered, int64_t part_fen[LDG_KIND_COUNT],
		  int *by_value, struct ldg_err *err)
{
	int64_t wval[LDG_KIND_COUNT] = { 0 }, wcnt[LDG_KIND_COUNT] = { 0 };
	int64_t *w, total = 0, given = 0;
	int all_valued = 1, ncov = 0, k, best;
	size_t i;

	for (k = 0; k < LDG_KIND_COUNT; k++)
		part_fen[k] = 0;
	if (by_value)
		*by_value = 0;
	for (i = 0; i < n; i++) {
		int kind = rights[i].kind;

		if (kind < 0 || kind >= LDG_KIND_COUNT || !(covered & (1u << kind)))
			continue;
		ncov++;
		wcnt[kind]++;
		if (!rights[i].has_value || rights[i].value_fen < 0)
			all_valued = 0;
		else if (ldg_add(wval[kind], rights[i].value_fen, &wval[kind]))
			return ldg_err_set(err, LDG_ERANGE, _("sum of valuations out of range"));
	}
	if (ncov == 0)
		return ldg_err_set(err, LDG_EINPUT, _("no pledged right of a covered kind"));
	if (subsidy_fen < 0)
		return ldg_err_set(err, LDG_ERANGE, _("negative subsidy"));
	/* A valuation of 0 counts; covered valuations adding up to 0 → count. */
	if (all_valued && ldg_add(wval[0], wval[1], &total) == 0
	    && ldg_add(total, wval[2], &total) == 0 && total > 0) {
		w = wval;
		if (by_value)
			*by_value = 1;
	} else {
		w = wcnt;
		total = wcnt[0] + wcnt[1] + wcnt[2];
	}
	best = 0;
	for (k = 0; k < LDG_KIND_COUNT; k++) {
		/* Round down: floor(subsidy × w / total) in 128 bits. */
		sub_u128 p = (sub_u128)(uint64_t)subsidy_fen * (uint64_t)w[k];

		part_fen[k] = (int64_t)(p / (uint64_t)total);
		given += part_fen[k];
		if (w[k] > w[best])   /* strict: a tie keeps the earlier kind */
			best = k;
	}
	part_fen[best] += subsidy_fen - given;
	return 0;
}

/* rules.md §5.2 one policy's subsidy; see subsidy.h. */
int ldg_sub_premium(int64_t premium_fen, int64_t share_ppm, int64_t *out_fen,
		    struct ldg_err *err)
{
	if (ldg_muldiv(premium_fen, share_ppm, 1, 1, 1000000, out_fen))
		return ldg_err_set(err, LDG_ERANGE, _("premium subsidy out of range"));
	return 0;
}

/* rules.md §6 one enterprise's payment; see subsidy.h. */
int ldg_sub_pay_apply(struct ldg_sub_pay *p, struct ldg_err *err)
{
	int64_t avail, outstanding = 0;
	int a, k = p->carry_years;

	memset(p->paid_fen, 0, sizeof(p->paid_fen));
	memset(p->forfeited_fen, 0, sizeof(p->forfeited_fen));
	memset(p->carried_out_fen, 0, sizeof(p->carried_out_fen));
	p->carried_in_fen = p->payable_fen = 0;
	p->forfeited_total_fen = p->carried_out_total_fen = 0;
	p->status = LDG_SUB_OK;
	if (k < 0 || k >= LDG_SUB_AGES)
		return ldg_err_set(err, LDG_ERANGE, _("carry_years %d out of range"), k);
	p->carry_in_fen[0] = 0;
	for (a = 1; a < LDG_SUB_AGES; a++)
		if (p->carry_in_fen[a] < 0
		    || ldg_add(p->carried_in_fen, p->carry_in_fen[a], &p->carried_in_fen))
			return ldg_err_set(err, LDG_ERANGE, _("carried-in amount out of range"));
	if (p->due_fen < 0 || ldg_add(p->carried_in_fen, p->due_fen, &outstanding))
		return ldg_err_set(err, LDG_ERANGE, _("outstanding amount out of range"));

	if (p->barred) {
		p->status = LDG_SUB_BARRED_ROW;   /* never blocked, paid nothing */
		avail = 0;
	} else if (!p->contribution_cap) {
		avail = INT64_MAX;
	} else if (!p->has_contribution) {
		if (outstanding > 0) {
			p->status = LDG_SUB_BLOCKED;  /* nothing moves */
			return 0;
		}
		avail = 0;
	} else {
		avail = p->contribution_fen < 0 ? 0 : p->contribution_fen;
	}

	/* Oldest first: age LDG_SUB_AGES-1 … 0 (origin Y-a). */
	for (a = LDG_SUB_AGES - 1; a >= 0; a--) {
		int64_t amt = a ? p->carry_in_fen[a] : p->due_fen, pay, left;

		if (amt == 0)
			continue;
		if (a > k) {
			/* Past its term already (carry_years was lowered): lapses. */
			p->forfeited_fen[a] = amt;
		} else {
			pay = amt < avail ? amt : avail;
			avail -= pay;
			left = amt - pay;
			p->paid_fen[a] = pay;
			p->payable_fen += pay;
			if (a == k)
				p->forfeited_fen[a] = left;
			else
				p->carried_out_fen[a] = left;
		}
		p->forfeited_total_fen += p->forfeited_fen[a];
		p->carried_out_total_fen += p->carried_out_fen[a];
	}
	return 0;
}

/*
 * Index of the first prior grant of right_no (prior sorted by right_no),
 * or NULL when the right was never subsidised.
 */
static const struct ldg_sub_prior *prior_find(const struct ldg_sub_input *in,
					      const char *right_no)
{
	size_t lo = 0, hi = in->nprior;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (strcmp(in->prior[mid].right_no, right_no) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < in->nprior && strcmp(in->prior[lo].right_no, right_no) == 0)
		return &in->prior[lo];
	return NULL;
}

/*
 * The reference rate in force on day (latest fixing on or before it):
 * index into in->rates, or -1 when none (rules.md §3 NO_RATE).
 */
static long rate_find(const struct ldg_sub_input *in, int32_t day)
{
	size_t lo = 0, hi = in->nrates;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (in->rates[mid].day <= day)
			lo = mid + 1;
		else
			hi = mid;
	}
	return (long)lo - 1;
}

/*
 * Eligibility (rules.md §3, in order; the first failure is the reason) and,
 * for an eligible loan, the figures of rules.md §4.
 */
static int eval_loan(const struct ldg_sub_input *in, size_t li,
		     struct ldg_sub_item *it, struct ldg_err *err)
{
	const struct ldg_sub_loan *l = &in->loans[li];
	const struct ldg_sub_ent *e = &in->ents[l->ent];
	const struct ldg_scheme *s = &in->scheme;
	size_t i, ncov = 0;
	long ri;
	int rc;

	it->is_policy = 0;
	it->index = li;
	it->ent = l->ent;
	for (i = 0; i < l->nrights; i++) {
		int kind = l->rights[i].kind;

		if (kind >= 0 && kind < LDG_KIND_COUNT && (s->covered_kinds & (1u << kind)))
			ncov++;
	}
	if (!e->legal_person) {
		it->reason = LDG_SUB_NOT_LEGAL_PERSON;
		return 0;
	}
	if (e->barred) {
		it->reason = LDG_SUB_BARRED;
		return 0;
	}
	if (l->start_day < s->effective_from_day) {
		it->reason = LDG_SUB_BEFORE_EFFECTIVE;
		return 0;
	}
	/* Settled on the maturity date is on time. */
	if (l->settle_day > l->maturity_day || l->overdue) {
		it->reason = LDG_SUB_LATE;
		return 0;
	}
	if (ncov == 0) {
		it->reason = LDG_SUB_KIND_NOT_COVERED;
		return 0;
	}
	if (l->combined && !l->has_ip_portion) {
		it->reason = LDG_SUB_COMBINED_UNKNOWN;
		return 0;
	}
	if (s->ip_once) {
		for (i = 0; i < l->nrights; i++) {
			const struct ldg_sub_right *r = &l->rights[i];
			const struct ldg_sub_prior *p;

			if (r->kind < 0 || r->kind >= LDG_KIND_COUNT
			    || !(s->covered_kinds & (1u << r->kind)))
				continue;
			if ((p = prior_find(in, r->right_no)) != NULL) {
				it->reason = LDG_SUB_IP_SUBSIDISED_BEFORE;
				it->prior = p;
				it->prior_right = r->right_no;
				return 0;
			}
		}
	}
	if ((ri = rate_find(in, l->start_day)) < 0) {
		it->reason = LDG_SUB_NO_RATE;
		return 0;
	}

	it->reason = LDG_SUB_ELIGIBLE;
	it->has_calc = 1;
	it->base_fen = l->combined ? l->ip_portion_fen : l->principal_fen;
	it->days = (int64_t)l->settle_day - l->start_day;
	if (it->days < 0) {
		char a[LDG_DATE_BUFSZ], b[LDG_DATE_BUFSZ];

		ldg_err_set(err, LDG_EINPUT, _("loan '%s' settled %s before it started %s"),
			    l->key, ldg_date_format(l->settle_day, a),
			    ldg_date_format(l->start_day, b));
		return LDG_EINPUT;
	}
	it->rate_ppm = in->rates[ri].ppm;
	it->rate_day = in->rates[ri].day;
	it->share_ppm = s->interest_share_ppm;
	it->day_basis = s->day_basis;
	if ((rc = ldg_sub_interest(it->base_fen, it->rate_ppm, it->share_ppm, it->days,
				   it->day_basis, &it->raw_fen, err)))
		return rc;
	it->subsidy_fen = it->raw_fen;
	if (l->has_interest_paid) {
		it->has_paid_cap = 1;
		if ((rc = ldg_sub_paid_cap(l->interest_paid_fen, it->base_fen,
					   l->principal_fen, &it->paid_cap_fen, err)))
			return rc;
		if (s->cap_by_interest_paid) {
			it->paid_cap_applied = 1;
			if (it->paid_cap_fen < it->subsidy_fen)
				it->subsidy_fen = it->paid_cap_fen;
		}
	}
	return ldg_sub_split(it->subsidy_fen, l->rights, l->nrights, s->covered_kinds,
			     it->kind_fen, &it->split_by_value, err);
}

/* Eligibility of a policy (the first three codes of rules.md §3) and its
 * subsidy (rules.md §5.2). */
static int eval_policy(const struct ldg_sub_input *in, size_t pi,
		       struct ldg_sub_item *it, struct ldg_err *err)
{
	const struct ldg_sub_policy *p = &in->policies[pi];
	const struct ldg_sub_ent *e = &in->ents[p->ent];

	it->is_policy = 1;
	it->index = pi;
	it->ent = p->ent;
	it->premium_fen = p->premium_fen;
	if (!e->legal_person)
		it->reason = LDG_SUB_NOT_LEGAL_PERSON;
	else if (e->barred)
		it->reason = LDG_SUB_BARRED;
	else if (p->paid_day < in->scheme.effective_from_day)
		it->reason = LDG_SUB_BEFORE_EFFECTIVE;
	else
		it->reason = LDG_SUB_ELIGIBLE;
	if (it->reason != LDG_SUB_ELIGIBLE)
		return 0;
	it->share_ppm = in->scheme.premium_share_ppm;
	return ldg_sub_premium(p->premium_fen, it->share_ppm, &it->subsidy_fen, err);
}

/* Free a result's arrays. */
void ldg_sub_result_release(struct ldg_sub_result *r)
{
	if (!r)
		return;
	free(r->items);
	free(r->rows);
	free(r->flows);
	memset(r, 0, sizeof(*r));
}

/* Per-enterprise sums while the items are evaluated. */
struct acc {
	int64_t kind_fen[LDG_KIND_COUNT];
	int64_t premium_fen;
	size_t nitems;
};

/* Add v to *sum, LDG_ERANGE on overflow. */
static int acc_add(int64_t *sum, int64_t v, struct ldg_err *err)
{
	if (ldg_add(*sum, v, sum))
		return ldg_err_set(err, LDG_ERANGE, _("sum of subsidies out of range"));
	return 0;
}

/* The whole run; see subsidy.h. */
/*
 * cycle.md §2: scale the rows' payable to in->budget_fen (ldg_prorata, ties
 * by USCC: rows are in USCC byte order).  A row's cut comes off its newest
 * paid origin first (payment went oldest first); the cut part of an origin
 * carries out, or is forfeited when the city's budget_shortfall is lapse
 * or the origin is the last year of its carry window (rules.md §6).
 */
static int apply_budget(const struct ldg_sub_input *in, struct ldg_sub_result *r,
			struct ldg_err *err)
{
	int64_t *amt = NULL, *share = NULL;
	const char **keys = NULL;
	size_t i, f;
	int rc = 0;

	if (!r->nrows)
		return 0;
	amt = calloc(r->nrows, sizeof(*amt));
	share = calloc(r->nrows, sizeof(*share));
	keys = calloc(r->nrows, sizeof(*keys));
	if (!amt || !share || !keys) {
		rc = ldg_err_set(err, LDG_ENOMEM, _("out of memory"));
		goto out;
	}
	for (i = 0; i < r->nrows; i++) {
		amt[i] = r->rows[i].payable_fen;
		keys[i] = in->ents[r->rows[i].ent].uscc;
	}
	if ((rc = ldg_prorata(amt, keys, r->nrows, in->budget_fen, share, &r->scaled, err)))
		goto out;
	if (!r->scaled)
		goto out;
	for (i = 0; i < r->nrows; i++)
		if ((rc = acc_add(&r->unscaled_total_fen, amt[i], err)))
			goto out;
	/* flows are by row, origin ascending: walk each row's from its end */
	for (f = r->nflows; f-- > 0;) {
		struct ldg_sub_flow *fl = &r->flows[f];
		struct ldg_sub_row *w = &r->rows[fl->row];
		int64_t cut = w->payable_fen - share[fl->row], take;

		if (cut <= 0)
			continue;
		take = fl->paid_fen < cut ? fl->paid_fen : cut;
		fl->paid_fen -= take;
		w->payable_fen -= take;
		if (in->shortfall_lapse || fl->origin_year <= in->year - in->scheme.carry_years) {
			fl->forfeited_fen += take;
			w->forfeited_fen += take;
		} else {
			fl->carried_out_fen += take;
			w->carried_out_fen += take;
		}
	}
	for (i = 0; i < r->nrows; i++)
		if (r->rows[i].payable_fen != share[i]) {
			rc = ldg_err_set(err, LDG_ERANGE, _("pro rata does not match the payments"));
			goto out;
		}
out:
	free(amt);
	free(share);
	free(keys);
	return rc;
}

int ldg_sub_compute(const struct ldg_sub_input *in, struct ldg_sub_result *out,
		    struct ldg_err *err)
{
	const struct ldg_scheme *s = &in->scheme;
	struct acc *acc = NULL;
	size_t i, nflows_max = 0, nrows = 0;
	int rc = 0, k;

	memset(out, 0, sizeof(*out));
	out->year = in->year;
	if (s->carry_years < 0 || s->carry_years >= LDG_SUB_AGES)
		return ldg_err_set(err, LDG_ERANGE, _("carry_years %d out of range"), s->carry_years);
	out->nitems = in->nloans + in->npolicies;
	if (out->nitems && !(out->items = calloc(out->nitems, sizeof(*out->items))))
		goto nomem;
	if (in->nents && !(acc = calloc(in->nents, sizeof(*acc))))
		goto nomem;

	/* rules.md §3–§4, §5.2: every item on its own. */
	for (i = 0; i < in->nloans; i++) {
		struct ldg_sub_item *it = &out->items[i];

		if (in->loans[i].ent >= in->nents) {
			rc = ldg_err_set(err, LDG_EINPUT, _("loan '%s' has no enterprise"), in->loans[i].key);
			goto out;
		}
		if ((rc = eval_loan(in, i, it, err)))
			goto out;
		acc[it->ent].nitems++;
		for (k = 0; k < LDG_KIND_COUNT; k++)
			if ((rc = acc_add(&acc[it->ent].kind_fen[k], it->kind_fen[k], err)))
				goto out;
	}
	for (i = 0; i < in->npolicies; i++) {
		struct ldg_sub_item *it = &out->items[in->nloans + i];

		if (in->policies[i].ent >= in->nents) {
			rc = ldg_err_set(err, LDG_EINPUT, _("policy '%s' has no enterprise"),
					 in->policies[i].key);
			goto out;
		}
		if ((rc = eval_policy(in, i, it, err)))
			goto out;
		acc[it->ent].nitems++;
		if ((rc = acc_add(&acc[it->ent].premium_fen, it->subsidy_fen, err)))
			goto out;
	}

	/* Rows: an item in the year or a non-zero carry-in (cli.md). */
	for (i = 0; i < in->nents; i++) {
		int any = acc[i].nitems > 0, a;

		for (a = 1; a < LDG_SUB_AGES; a++)
			if (in->ents[i].carry_in_fen[a])
				any = 1;
		if (any) {
			nrows++;
			nflows_max += LDG_SUB_AGES;
		}
	}
	if (nrows && !(out->rows = calloc(nrows, sizeof(*out->rows))))
		goto nomem;
	if (nflows_max && !(out->flows = calloc(nflows_max, sizeof(*out->flows))))
		goto nomem;

	for (i = 0; i < in->nents; i++) {
		const struct ldg_sub_ent *e = &in->ents[i];
		struct ldg_sub_row *row;
		struct ldg_sub_pay pay;
		int any = acc[i].nitems > 0, a;

		for (a = 1; a < LDG_SUB_AGES; a++)
			if (e->carry_in_fen[a])
				any = 1;
		if (!any)
			continue;
		row = &out->rows[out->nrows];
		row->ent = i;
		row->nitems = acc[i].nitems;
		/* rules.md §5.1: per kind, capped; the excess is cut. */
		row->due_fen = 0;
		for (k = 0; k < LDG_KIND_COUNT; k++) {
			row->kind_sum_fen[k] = acc[i].kind_fen[k];
			row->interest_fen[k] = acc[i].kind_fen[k] < s->interest_cap_per_kind_fen
				? acc[i].kind_fen[k] : s->interest_cap_per_kind_fen;
			if ((rc = acc_add(&row->due_fen, row->interest_fen[k], err)))
				goto out;
		}
		/* rules.md §5.2: rounded per policy, summed, then capped. */
		row->premium_sum_fen = acc[i].premium_fen;
		row->premium_fen = acc[i].premium_fen < s->premium_cap_fen
			? acc[i].premium_fen : s->premium_cap_fen;
		if ((rc = acc_add(&row->due_fen, row->premium_fen, err)))
			goto out;

		/* rules.md §6 */
		memset(&pay, 0, sizeof(pay));
		pay.carry_years = s->carry_years;
		pay.contribution_cap = s->contribution_cap;
		pay.barred = e->barred;
		pay.has_contribution = e->has_contribution;
		pay.contribution_fen = e->contribution_fen;
		pay.due_fen = row->due_fen;
		memcpy(pay.carry_in_fen, e->carry_in_fen, sizeof(pay.carry_in_fen));
		if ((rc = ldg_sub_pay_apply(&pay, err)))
			goto out;
		row->carried_in_fen = pay.carried_in_fen;
		row->has_contribution = e->has_contribution;
		row->contribution_fen = e->has_contribution ? e->contribution_fen : 0;
		row->payable_fen = pay.payable_fen;
		row->carried_out_fen = pay.carried_out_total_fen;
		row->forfeited_fen = pay.forfeited_total_fen;
		row->status = pay.status;
		if (row->status == LDG_SUB_BLOCKED)
			out->nblocked++;
		for (a = LDG_SUB_AGES - 1; a >= 0; a--) {
			int64_t amt = a ? pay.carry_in_fen[a] : pay.due_fen;
			struct ldg_sub_flow *f;

			if (amt == 0)
				continue;
			f = &out->flows[out->nflows++];
			f->row = out->nrows;
			f->origin_year = in->year - a;
			f->outstanding_fen = amt;
			f->paid_fen = pay.paid_fen[a];
			f->forfeited_fen = pay.forfeited_fen[a];
			f->carried_out_fen = pay.carried_out_fen[a];
		}
		row->unscaled_payable_fen = row->payable_fen;
		out->nrows++;
	}
	if (in->has_budget && (rc = apply_budget(in, out, err)))
		goto out;
	goto out;
nomem:
	rc = ldg_err_set(err, LDG_ENOMEM, _("out of memory"));
out:
	free(acc);
	return rc;
}

/*
 * The sentences of a stored reason detail.  A run stores them in English
 * (they are its data, the same whoever computed it); ldg_sub_detail_text
 * reads one back against these same formats and says it again through
 * the catalogue, so a writer and its reader cannot drift apart.
 */
enum det {
	DET_SPLIT_COUNT, DET_SPLIT_VALUE, DET_NOT_LEGAL, DET_BAR, DET_BAR_WHY,
	DET_BEFORE_START, DET_BEFORE_PAID, DET_LATE_SETTLED, DET_LATE_MARKED,
	DET_PLEDGED, DET_COMBINED, DET_ONCE, DET_NO_RATE, DET_COUNT
};

static const struct {
	enum ldg_sub_reason reason;
	const char *fmt;
} det_fmt[DET_COUNT] = {
	[DET_SPLIT_COUNT] = { LDG_SUB_ELIGIBLE, N_("split by count") },
	[DET_SPLIT_VALUE] = { LDG_SUB_ELIGIBLE, N_("split by valuation") },
	[DET_NOT_LEGAL] = { LDG_SUB_NOT_LEGAL_PERSON, N_("%s is not an independent legal person") },
	[DET_BAR] = { LDG_SUB_BARRED, N_("bar flag for %d") },
	[DET_BAR_WHY] = { LDG_SUB_BARRED, N_("bar flag for %d: %s") },
	[DET_BEFORE_START] = { LDG_SUB_BEFORE_EFFECTIVE, N_("start date %s is before effective_from %s") },
	[DET_BEFORE_PAID] = { LDG_SUB_BEFORE_EFFECTIVE,
			      N_("premium paid date %s is before effective_from %s") },
	[DET_LATE_SETTLED] = { LDG_SUB_LATE, N_("settled %s after maturity %s") },
	[DET_LATE_MARKED] = { LDG_SUB_LATE, N_("marked overdue by the bank") },
	/* then det_right for each pledged right; said as "pledged: %s" with
	 * a separator between the rights (det_rights) */
	[DET_PLEDGED] = { LDG_SUB_KIND_NOT_COVERED, "pledged:%s" },
	[DET_COMBINED] = { LDG_SUB_COMBINED_UNKNOWN, N_("combined loan without its IP-pledged portion") },
	[DET_ONCE] = { LDG_SUB_IP_SUBSIDISED_BEFORE, N_("right %s was subsidised in %d by loan %s of %s") },
	[DET_NO_RATE] = { LDG_SUB_NO_RATE, N_("no %s rate in force on %s") },
};

/* One pledged right in DET_PLEDGED's list (stored only). */
static const char *const det_right = " %s (%s)";

/* Reason detail in plain words; see subsidy.h. */
char *ldg_sub_item_detail(const struct ldg_sub_input *in,
			  const struct ldg_sub_item *it, char *buf,
			  size_t bufsz)
{
	const struct ldg_scheme *s = &in->scheme;
	const struct ldg_sub_ent *e = &in->ents[it->ent];
	char d1[LDG_DATE_BUFSZ], d2[LDG_DATE_BUFSZ];
	const struct ldg_sub_loan *l = it->is_policy ? NULL : &in->loans[it->index];
	const struct ldg_sub_policy *p = it->is_policy ? &in->policies[it->index] : NULL;

	buf[0] = '\0';
	switch (it->reason) {
	case LDG_SUB_ELIGIBLE:
		if (l)
			snprintf(buf, bufsz, "%s",
				 det_fmt[it->split_by_value ? DET_SPLIT_VALUE : DET_SPLIT_COUNT].fmt);
		break;
	case LDG_SUB_NOT_LEGAL_PERSON:
		snprintf(buf, bufsz, det_fmt[DET_NOT_LEGAL].fmt, e->uscc);
		break;
	case LDG_SUB_BARRED:
		if (e->bar_reason && *e->bar_reason)
			snprintf(buf, bufsz, det_fmt[DET_BAR_WHY].fmt, in->year, e->bar_reason);
		else
			snprintf(buf, bufsz, det_fmt[DET_BAR].fmt, in->year);
		break;
	case LDG_SUB_BEFORE_EFFECTIVE:
		snprintf(buf, bufsz, det_fmt[l ? DET_BEFORE_START : DET_BEFORE_PAID].fmt,
			 ldg_date_format(l ? l->start_day : p->paid_day, d1),
			 ldg_date_format(s->effective_from_day, d2));
		break;
	case LDG_SUB_LATE:
		if (l->settle_day > l->maturity_day)
			snprintf(buf, bufsz, det_fmt[DET_LATE_SETTLED].fmt,
				 ldg_date_format(l->settle_day, d1),
				 ldg_date_format(l->maturity_day, d2));
		else
			snprintf(buf, bufsz, "%s", det_fmt[DET_LATE_MARKED].fmt);
		break;
	case LDG_SUB_KIND_NOT_COVERED: {
		size_t n = 0, i;

		n += (size_t)snprintf(buf, bufsz, det_fmt[DET_PLEDGED].fmt, "");
		for (i = 0; i < l->nrights && n < bufsz; i++)
			n += (size_t)snprintf(buf + n, bufsz - n, det_right, l->rights[i].right_no,
					      ldg_kind_name(l->rights[i].kind));
		break;
	}
	case LDG_SUB_COMBINED_UNKNOWN:
		snprintf(buf, bufsz, "%s", det_fmt[DET_COMBINED].fmt);
		break;
	case LDG_SUB_IP_SUBSIDISED_BEFORE:
		snprintf(buf, bufsz, det_fmt[DET_ONCE].fmt, it->prior_right, it->prior->year,
			 it->prior->item_key, it->prior->uscc);
		break;
	case LDG_SUB_NO_RATE:
		snprintf(buf, bufsz, det_fmt[DET_NO_RATE].fmt, s->reference_rate,
			 ldg_date_format(l->start_day, d1));
		break;
	}
	return buf;
}

#define DET_ARGS 4
#define DET_ARGSZ 256

/*
 * Match text against fmt, whose conversions are %s (any text, the longest
 * that lets the rest match: a loan key may hold the words that follow it)
 * and %d (digits); the texts they matched go to arg[n], arg[n+1], ...
 * 1 when the whole text matches.
 */
static int det_match(const char *fmt, const char *text, char arg[][DET_ARGSZ], int n)
{
	size_t k;

	for (; *fmt && !(fmt[0] == '%' && (fmt[1] == 's' || fmt[1] == 'd')); fmt++, text++)
		if (*fmt != *text)
			return 0;
	if (!*fmt)
		return !*text;
	if (n >= DET_ARGS)
		return 0;
	for (k = strlen(text) + 1; k-- > 0;) {
		if (k >= DET_ARGSZ)
			continue;
		if (fmt[1] == 'd' && (k == 0 || k > 9 || strspn(text, "0123456789") < k))
			continue;
		if (det_match(fmt + 2, text + k, arg, n + 1)) {
			memcpy(arg[n], text, k);
			arg[n][k] = '\0';
			return 1;
		}
	}
	return 0;
}

/* A %d that det_match took: 1 to 9 digits, so it fits an int. */
static int det_int(const char *digits)
{
	return (int)strtol(digits, NULL, 10);
}

/* DET_PLEDGED's list (" RIGHT (KIND)" ...) said again, each kind by its
 * word in the catalogue and the rights apart by its list separator (the
 * stored list has none); 0 when it is not such a list. */
static int det_rights(const char *list, char *buf, size_t bufsz)
{
	static const char *const kinds[] = { N_("patent"), N_("trademark"), N_("copyright") };
	size_t n = 0, i;

	buf[0] = '\0';
	while (*list) {
		char arg[DET_ARGS][DET_ARGSZ];
		const char *next = strstr(list + 1, ") ");
		size_t len = next ? (size_t)(next + 1 - list) : strlen(list);
		char one[DET_ARGSZ];
		const char *kind = NULL;

		if (len >= sizeof(one))
			return 0;
		memcpy(one, list, len);
		one[len] = '\0';
		if (!det_match(det_right, one, arg, 0))
			return 0;
		for (i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
			if (strcmp(arg[1], kinds[i]) == 0)
				kind = _(kinds[i]);
		if (n < bufsz)
			n += (size_t)snprintf(buf + n, bufsz - n, _("%s%s (%s)"), n ? _(", ") : "",
					      arg[0], kind ? kind : arg[1]);
		list += len;
	}
	return 1;
}

/* ldg_sub_detail_text: see subsidy.h. */
const char *ldg_sub_detail_text(enum ldg_sub_reason reason, const char *stored, char *buf,
				size_t bufsz)
{
	char arg[DET_ARGS][DET_ARGSZ], list[512];
	int d;

	for (d = 0; d < DET_COUNT; d++) {
		if (det_fmt[d].reason != reason || !det_match(det_fmt[d].fmt, stored, arg, 0))
			continue;
		switch ((enum det)d) {
		case DET_SPLIT_COUNT:
		case DET_SPLIT_VALUE:
		case DET_LATE_MARKED:
		case DET_COMBINED:
			snprintf(buf, bufsz, "%s", _(det_fmt[d].fmt));
			return buf;
		case DET_NOT_LEGAL:
			snprintf(buf, bufsz, _(det_fmt[d].fmt), arg[0]);
			return buf;
		case DET_BAR:
			snprintf(buf, bufsz, _(det_fmt[d].fmt), det_int(arg[0]));
			return buf;
		case DET_BAR_WHY:
			snprintf(buf, bufsz, _(det_fmt[d].fmt), det_int(arg[0]), arg[1]);
			return buf;
		case DET_BEFORE_START:
		case DET_BEFORE_PAID:
		case DET_LATE_SETTLED:
		case DET_NO_RATE:
			snprintf(buf, bufsz, _(det_fmt[d].fmt), arg[0], arg[1]);
			return buf;
		case DET_PLEDGED:
			if (!det_rights(arg[0], list, sizeof(list)))
				break;
			snprintf(buf, bufsz, _("pledged: %s"), list);
			return buf;
		case DET_ONCE:
			snprintf(buf, bufsz, _(det_fmt[d].fmt), arg[0], det_int(arg[1]), arg[2], arg[3]);
			return buf;
		case DET_COUNT:
			break;
		}
	}
	/* a detail of another hand or version: as it is */
	return stored;
}

/* FNV-1a, 64 bits: fingerprint, not a security measure. */
#define FNV_OFFSET UINT64_C(14695981039346656037)
#define FNV_PRIME  UINT64_C(1099511628211)

/* Fold n bytes into h. */
static uint64_t fnv_bytes(uint64_t h, const void *p, size_t n)
{
	const unsigned char *c = p;

	while (n--) {
		h ^= *c++;
		h *= FNV_PRIME;
	}
	return h;
}

/* Fold a whole 64-bit value into h (one FNV step on the word). */
static uint64_t fnv_i64(uint64_t h, int64_t v)
{
	h ^= (uint64_t)v;
	h *= FNV_PRIME;
	return h ^ (h >> 29);
}

/* Fold a string and its terminator into h. */
static uint64_t fnv_str(uint64_t h, const char *s)
{
	return fnv_bytes(h, s ? s : "", strlen(s ? s : "") + 1);
}

/* The run's fingerprint; see subsidy.h. */
char *ldg_sub_digest(const struct ldg_sub_input *in,
		     const struct ldg_sub_result *r, char *buf)
{
	uint64_t h = FNV_OFFSET;
	char *scheme = ldg_scheme_text(&in->scheme);
	size_t i;
	int k;

	h = fnv_str(h, scheme ? scheme : "?");
	free(scheme);
	h = fnv_i64(h, r->year);
	if (in->has_budget) {  /* cycle.md §2: a budget change makes the draft stale */
		h = fnv_str(h, "budget");
		h = fnv_i64(h, in->budget_fen);
		h = fnv_i64(h, in->shortfall_lapse);
	}
	for (i = 0; i < r->nitems; i++) {
		const struct ldg_sub_item *it = &r->items[i];

		/* Items are named by their ids and enterprise index: the input's
		 * order is fixed by the loader (ids, USCC byte order). */
		h = fnv_i64(h, it->is_policy ? -in->policies[it->index].id : in->loans[it->index].id);
		h = fnv_i64(h, (int64_t)it->ent);
		h = fnv_i64(h, it->reason);
		h = fnv_i64(h, it->prior ? (int64_t)(it->prior - in->prior) : -1);
		h = fnv_i64(h, it->base_fen);
		h = fnv_i64(h, it->days);
		h = fnv_i64(h, it->rate_ppm);
		h = fnv_i64(h, it->rate_day);
		h = fnv_i64(h, it->share_ppm);
		h = fnv_i64(h, it->day_basis);
		h = fnv_i64(h, it->raw_fen);
		h = fnv_i64(h, it->has_paid_cap ? it->paid_cap_fen : -1);
		h = fnv_i64(h, it->subsidy_fen);
		for (k = 0; k < LDG_KIND_COUNT; k++)
			h = fnv_i64(h, it->kind_fen[k]);
		h = fnv_i64(h, it->premium_fen);
	}
	for (i = 0; i < r->nrows; i++) {
		const struct ldg_sub_row *w = &r->rows[i];

		h = fnv_str(h, in->ents[w->ent].uscc);
		h = fnv_str(h, in->ents[w->ent].name);
		for (k = 0; k < LDG_KIND_COUNT; k++)
			h = fnv_i64(h, w->interest_fen[k]);
		h = fnv_i64(h, w->premium_fen);
		h = fnv_i64(h, w->due_fen);
		h = fnv_i64(h, w->carried_in_fen);
		h = fnv_i64(h, w->has_contribution ? w->contribution_fen : -1);
		h = fnv_i64(h, w->payable_fen);
		h = fnv_i64(h, w->carried_out_fen);
		h = fnv_i64(h, w->forfeited_fen);
		h = fnv_i64(h, w->status);
	}
	for (i = 0; i < r->nflows; i++) {
		const struct ldg_sub_flow *f = &r->flows[i];

		h = fnv_i64(h, (int64_t)f->row);
		h = fnv_i64(h, f->origin_year);
		h = fnv_i64(h, f->outstanding_fen);
		h = fnv_i64(h, f->paid_fen);
		h = fnv_i64(h, f->forfeited_fen);
		h = fnv_i64(h, f->carried_out_fen);
	}
	snprintf(buf, 17, "%016llx", (unsigned long long)h);
	return buf;
}
