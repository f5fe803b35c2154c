/*
 * check_subsidy.c — the pure subsidy computation (ledger/subsidy.c), rule
 * paragraph by rule paragraph (rules.md §3–§6), without a database.
 *
 * Every expected figure is worked out by hand in the comment above its
 * assertion.  Units: fen for money, ppm for rates and shares.
 */
#include <check.h>
#include <string.h>

#include "ledger/date.h"
#include "ledger/subsidy.h"

/* ---- a hand-built (city, year) ---- */

#define D(y, m, d) ldg_date_from_ymd(y, m, d)

/* LPR1Y as domain.md §1 lists it around the examples. */
static const struct ldg_sub_rate lpr1y[] = {
	{ 0, 38500 },          /* day set in fx_init: 2020-04-20 3.85 % */
	{ 0, 36500 },          /* 2022-08-22 3.65 % */
	{ 0, 34500 },          /* 2023-08-21 3.45 % */
};

struct fx {
	struct ldg_sub_input in;
	struct ldg_sub_ent ents[4];
	struct ldg_sub_loan loans[8];
	struct ldg_sub_policy policies[8];
	struct ldg_sub_right rights[8][4];
	struct ldg_sub_rate rates[3];
	struct ldg_sub_prior prior[4];
	struct ldg_sub_result r;
	struct ldg_err err;
};

/* One enterprise (index 0) with a contribution of 10 000 000.00, year 2024,
 * the default scheme, no loans yet. */
static void fx_init(struct fx *f)
{
	memset(f, 0, sizeof(*f));
	memcpy(f->rates, lpr1y, sizeof(f->rates));
	f->rates[0].day = D(2020, 4, 20);
	f->rates[1].day = D(2022, 8, 22);
	f->rates[2].day = D(2023, 8, 21);
	f->in.year = 2024;
	ldg_scheme_default(&f->in.scheme);
	f->in.rates = f->rates;
	f->in.nrates = 3;
	f->in.ents = f->ents;
	f->in.nents = 1;
	f->in.loans = f->loans;
	f->in.policies = f->policies;
	f->in.prior = f->prior;
	f->ents[0].uscc = "91330783MA26K5770L";
	f->ents[0].name = "东阳市明辉新材料有限公司";
	f->ents[0].legal_person = 1;
	f->ents[0].bar_reason = "";
	f->ents[0].has_contribution = 1;
	f->ents[0].contribution_fen = 1000000000;
}

/*
 * Add the worked example of rules.md §4 as loan i: 5 000 000.00 yuan, pure
 * patent pledge, start 2023-03-15, maturity and settlement 2024-03-14, no
 * interest paid recorded.
 */
static struct ldg_sub_loan *fx_worked(struct fx *f, size_t i)
{
	struct ldg_sub_loan *l = &f->loans[i];

	l->id = (int64_t)i + 1;
	l->key = i == 0 ? "中国工商银行东阳支行/2023年工银东质字第0003号" : "某银行/第二笔";
	l->ent = 0;
	l->principal_fen = 500000000;
	l->start_day = D(2023, 3, 15);
	l->maturity_day = D(2024, 3, 14);
	l->settle_day = D(2024, 3, 14);
	f->rights[i][0].right_no = "ZL202214213614.8";
	f->rights[i][0].kind = LDG_KIND_PATENT;
	l->rights = f->rights[i];
	l->nrights = 1;
	if (f->in.nloans < i + 1)
		f->in.nloans = i + 1;
	return l;
}

/* Run the computation; it must succeed. */
static void fx_compute(struct fx *f)
{
	ldg_sub_result_release(&f->r);
	ck_assert_msg(ldg_sub_compute(&f->in, &f->r, &f->err) == 0, "compute: %s", f->err.msg);
}

/* ---- rules.md §4 interest ---- */

START_TEST(test_interest_worked_example)
{
	/* rules.md §4: 500 000 000 fen × 36 500 × 500 000 × 365
	 * = 3 330 625 000 000 000 000 000 (3.330625 × 10^21), divided by
	 * 10^12 × 360 = 360 000 000 000 000 → 9 251 736.111… → 9 251 736 fen
	 * = 92 517.36 yuan. */
	struct fx f;
	int64_t raw;

	ck_assert_int_eq(ldg_sub_interest(500000000, 36500, 500000, 365, 360, &raw, NULL), 0);
	ck_assert_int_eq(raw, 9251736);

	fx_init(&f);
	fx_worked(&f, 0);
	fx_compute(&f);
	ck_assert_int_eq(f.r.items[0].reason, LDG_SUB_ELIGIBLE);
	ck_assert_int_eq(f.r.items[0].base_fen, 500000000);
	/* days(2023-03-15, 2024-03-14) = 17 (rest of March) + 30 + 31 + 30 + 31
	 * + 31 + 30 + 31 + 30 + 31 (Apr–Dec) + 31 + 29 + 13 (2024, leap) = 365 */
	ck_assert_int_eq(f.r.items[0].days, 365);
	/* LPR1Y in force on 2023-03-15: the 2022-08-22 fixing, 3.65 % */
	ck_assert_int_eq(f.r.items[0].rate_ppm, 36500);
	ck_assert_int_eq(f.r.items[0].rate_day, D(2022, 8, 22));
	ck_assert_int_eq(f.r.items[0].raw_fen, 9251736);
	ck_assert_int_eq(f.r.items[0].subsidy_fen, 9251736);
	ck_assert_int_eq(f.r.items[0].kind_fen[LDG_KIND_PATENT], 9251736);
	ck_assert_uint_eq(f.r.nrows, 1);
	ck_assert_int_eq(f.r.rows[0].interest_fen[LDG_KIND_PATENT], 9251736);
	ck_assert_int_eq(f.r.rows[0].due_fen, 9251736);
	ck_assert_int_eq(f.r.rows[0].payable_fen, 9251736);
	ldg_sub_result_release(&f.r);
}
END_TEST

START_TEST(test_interest_half_up)
{
	/* rules.md §1: base × 100 % × 100 % × 1 day / 360: 180 / 360 = 0.5 → 1,
	 * 179 / 360 = 0.497… → 0, 540 / 360 = 1.5 → 2. */
	int64_t raw;

	ck_assert_int_eq(ldg_sub_interest(180, 1000000, 1000000, 1, 360, &raw, NULL), 0);
	ck_assert_int_eq(raw, 1);
	ck_assert_int_eq(ldg_sub_interest(179, 1000000, 1000000, 1, 360, &raw, NULL), 0);
	ck_assert_int_eq(raw, 0);
	ck_assert_int_eq(ldg_sub_interest(540, 1000000, 1000000, 1, 360, &raw, NULL), 0);
	ck_assert_int_eq(raw, 2);
	/* day_basis 365: 500 000 000 × 36 500 × 500 000 × 365 / (10^12 × 365)
	 * = 9 125 000 exactly. */
	ck_assert_int_eq(ldg_sub_interest(500000000, 36500, 500000, 365, 365, &raw, NULL), 0);
	ck_assert_int_eq(raw, 9125000);
}
END_TEST

START_TEST(test_interest_no_overflow_at_limits)
{
	/* rules.md §1: principal 10^12 fen, rate 10^6, share 10^6, 20 years
	 * (7 305 days): 10^12 × 10^6 × 10^6 × 7305 / (10^12 × 360)
	 * = 10^12 × 7305 / 360 = 20 291 666 666 666.67 → 20 291 666 666 667. */
	int64_t raw;

	ck_assert_int_eq(ldg_sub_interest(INT64_C(1000000000000), 1000000, 1000000, 7305, 360,
					  &raw, NULL), 0);
	ck_assert_int_eq(raw, INT64_C(20291666666667));
	ck_assert_int_ne(ldg_sub_interest(-1, 36500, 500000, 365, 360, &raw, NULL), 0);
}
END_TEST

START_TEST(test_interest_paid_cap_binding)
{
	/* rules.md §4: worked example with interest paid 5 000.00 (500 000 fen):
	 * paid_cap = 500 000 × 500 000 000 / 500 000 000 = 500 000 < raw 9 251 736
	 * → subsidy 500 000. */
	struct fx f;

	fx_init(&f);
	fx_worked(&f, 0)->has_interest_paid = 1;
	f.loans[0].interest_paid_fen = 500000;
	fx_compute(&f);
	ck_assert_int_eq(f.r.items[0].raw_fen, 9251736);
	ck_assert_int_eq(f.r.items[0].paid_cap_fen, 500000);
	ck_assert_int_eq(f.r.items[0].subsidy_fen, 500000);
	/* Not binding: interest paid 220 520.83 → cap 22 052 083 > raw. */
	f.loans[0].interest_paid_fen = 22052083;
	fx_compute(&f);
	ck_assert_int_eq(f.r.items[0].subsidy_fen, 9251736);
	/* A recorded 0 gives 0 and the loan stays eligible. */
	f.loans[0].interest_paid_fen = 0;
	fx_compute(&f);
	ck_assert_int_eq(f.r.items[0].reason, LDG_SUB_ELIGIBLE);
	ck_assert_int_eq(f.r.items[0].subsidy_fen, 0);
	/* cap_by_interest_paid off: raw, the cap is shown but not applied. */
	f.in.scheme.cap_by_interest_paid = 0;
	fx_compute(&f);
	ck_assert_int_eq(f.r.items[0].subsidy_fen, 9251736);
	ck_assert_int_eq(f.r.items[0].paid_cap_applied, 0);
	ldg_sub_result_release(&f.r);
}
END_TEST

START_TEST(test_interest_combined_base_and_cap)
{
	/* rules.md §4 combined loan: principal 1 000 000.00 (100 000 000 fen),
	 * IP portion 600 000.00 (60 000 000 fen), same dates and rate.
	 * raw = 60 000 000 × 36 500 × 500 000 × 365 / (10^12 × 360)
	 *     = 399 675 000 000 000 000 000 / 360 000 000 000 000
	 *     = 1 110 208.333… → 1 110 208.
	 * interest paid 10 000.00 (1 000 000 fen): paid_cap = 1 000 000 × 60 000 000
	 * / 100 000 000 = 600 000 → subsidy 600 000. */
	struct fx f;
	struct ldg_sub_loan *l;

	fx_init(&f);
	l = fx_worked(&f, 0);
	l->principal_fen = 100000000;
	l->combined = 1;
	l->has_ip_portion = 1;
	l->ip_portion_fen = 60000000;
	l->has_interest_paid = 1;
	l->interest_paid_fen = 1000000;
	fx_compute(&f);
	ck_assert_int_eq(f.r.items[0].base_fen, 60000000);
	ck_assert_int_eq(f.r.items[0].raw_fen, 1110208);
	ck_assert_int_eq(f.r.items[0].paid_cap_fen, 600000);
	ck_assert_int_eq(f.r.items[0].subsidy_fen, 600000);
	ldg_sub_result_release(&f.r);
}
END_TEST

START_TEST(test_interest_rate_of_start_date_no_repricing)
{
	/* rules.md §4: a loan started 2023-08-21 takes that day's fixing (3.45 %)
	 * for its whole life; one started the day before takes the previous
	 * fixing of this fixture (3.65 %).  Start 2023-08-21, settled
	 * 2024-08-20: days = 11 (Aug 21–31) + 30 + 31 + 30 + 31 (Sep–Dec)
	 * + 31 + 29 + 31 + 30 + 31 + 30 + 31 (Jan–Jul 2024, leap) + 19 (Aug 1–19)
	 * = 365.  raw = 500 000 000 × 34 500 × 500 000 × 365 / (10^12 × 360)
	 * = 3 148 125 000 000 000 000 000 / 360 000 000 000 000
	 * = 8 744 791.666… → 8 744 792. */
	struct fx f;
	struct ldg_sub_loan *l;

	fx_init(&f);
	l = fx_worked(&f, 0);
	l->start_day = D(2023, 8, 21);
	l->maturity_day = l->settle_day = D(2024, 8, 20);
	fx_compute(&f);
	ck_assert_int_eq(f.r.items[0].days, 365);
	ck_assert_int_eq(f.r.items[0].rate_ppm, 34500);
	ck_assert_int_eq(f.r.items[0].raw_fen, 8744792);
	l->start_day = D(2023, 8, 20);
	fx_compute(&f);
	ck_assert_int_eq(f.r.items[0].rate_ppm, 36500);
	ldg_sub_result_release(&f.r);
}
END_TEST

/* ---- rules.md §4 split by kind ---- */

START_TEST(test_split_valuation_leftover)
{
	/* rules.md §4: 100 fen over patent (valuation 1) and trademark (2):
	 * patent ⌊100 × 1 / 3⌋ = 33, trademark ⌊100 × 2 / 3⌋ = 66, left 1 fen →
	 * the largest weight (trademark) → 67. */
	struct ldg_sub_right r[2] = {
		{ "ZL202010566088.9", LDG_KIND_PATENT, 1, 1 },
		{ "12345678", LDG_KIND_TRADEMARK, 1, 2 },
	};
	int64_t p[LDG_KIND_COUNT];
	int by_value;

	ck_assert_int_eq(ldg_sub_split(100, r, 2, 3u, p, &by_value, NULL), 0);
	ck_assert_int_eq(by_value, 1);
	ck_assert_int_eq(p[LDG_KIND_PATENT], 33);
	ck_assert_int_eq(p[LDG_KIND_TRADEMARK], 67);
	ck_assert_int_eq(p[LDG_KIND_COPYRIGHT], 0);
}
END_TEST

START_TEST(test_split_count_leftover)
{
	/* rules.md §4: one patent lacks a valuation → by count: patent 2,
	 * trademark 1.  101 fen: patent ⌊202 / 3⌋ = 67, trademark ⌊101 / 3⌋ = 33,
	 * left 1 → patent (largest count) → 68. */
	struct ldg_sub_right r[3] = {
		{ "ZL202010566088.9", LDG_KIND_PATENT, 1, 5000 },
		{ "ZL201510958772.0", LDG_KIND_PATENT, 0, 0 },
		{ "12345678", LDG_KIND_TRADEMARK, 1, 100000 },
	};
	int64_t p[LDG_KIND_COUNT];
	int by_value;

	ck_assert_int_eq(ldg_sub_split(101, r, 3, 3u, p, &by_value, NULL), 0);
	ck_assert_int_eq(by_value, 0);
	ck_assert_int_eq(p[LDG_KIND_PATENT], 68);
	ck_assert_int_eq(p[LDG_KIND_TRADEMARK], 33);
}
END_TEST

START_TEST(test_split_tie_goes_to_patent)
{
	/* rules.md §4: one patent, one trademark, by count: 101 → 50 + 50, left 1
	 * → a tie goes to patent: 51 / 50. */
	struct ldg_sub_right r[2] = {
		{ "12345678", LDG_KIND_TRADEMARK, 0, 0 },
		{ "ZL202010566088.9", LDG_KIND_PATENT, 0, 0 },
	};
	int64_t p[LDG_KIND_COUNT];

	ck_assert_int_eq(ldg_sub_split(101, r, 2, 3u, p, NULL, NULL), 0);
	ck_assert_int_eq(p[LDG_KIND_PATENT], 51);
	ck_assert_int_eq(p[LDG_KIND_TRADEMARK], 50);
}
END_TEST

START_TEST(test_split_zero_valuations)
{
	/* rules.md §4: a valuation of 0 counts as a valuation: patent 0,
	 * trademark 100 → everything to trademark.  All valuations 0 → by
	 * count: 1 patent, 1 trademark: 7 → 3 + 3, left 1 → patent: 4 / 3. */
	struct ldg_sub_right r[2] = {
		{ "ZL202010566088.9", LDG_KIND_PATENT, 1, 0 },
		{ "12345678", LDG_KIND_TRADEMARK, 1, 100 },
	};
	int64_t p[LDG_KIND_COUNT];
	int by_value;

	ck_assert_int_eq(ldg_sub_split(7, r, 2, 3u, p, &by_value, NULL), 0);
	ck_assert_int_eq(by_value, 1);
	ck_assert_int_eq(p[LDG_KIND_PATENT], 0);
	ck_assert_int_eq(p[LDG_KIND_TRADEMARK], 7);
	r[1].value_fen = 0;
	ck_assert_int_eq(ldg_sub_split(7, r, 2, 3u, p, &by_value, NULL), 0);
	ck_assert_int_eq(by_value, 0);
	ck_assert_int_eq(p[LDG_KIND_PATENT], 4);
	ck_assert_int_eq(p[LDG_KIND_TRADEMARK], 3);
}
END_TEST

START_TEST(test_split_uncovered_kind_whole_principal_to_patent)
{
	/* rules.md §4: a patent + copyright pure loan earns on the whole principal
	 * (worked example figures: 9 251 736), all of it attributed to patent;
	 * the copyright (not covered) takes no part. */
	struct fx f;
	struct ldg_sub_loan *l;

	fx_init(&f);
	l = fx_worked(&f, 0);
	f.rights[0][1].right_no = "2014SR001852";
	f.rights[0][1].kind = LDG_KIND_COPYRIGHT;
	l->nrights = 2;
	fx_compute(&f);
	ck_assert_int_eq(f.r.items[0].base_fen, 500000000);
	ck_assert_int_eq(f.r.items[0].kind_fen[LDG_KIND_PATENT], 9251736);
	ck_assert_int_eq(f.r.items[0].kind_fen[LDG_KIND_COPYRIGHT], 0);
	/* copyright covered: by count 1 + 1 → 4 625 868 each (9 251 736 / 2). */
	f.in.scheme.covered_kinds |= 1u << LDG_KIND_COPYRIGHT;
	fx_compute(&f);
	ck_assert_int_eq(f.r.items[0].kind_fen[LDG_KIND_PATENT], 4625868);
	ck_assert_int_eq(f.r.items[0].kind_fen[LDG_KIND_COPYRIGHT], 4625868);
	ck_assert_int_eq(f.r.rows[0].interest_fen[LDG_KIND_COPYRIGHT], 4625868);
	ldg_sub_result_release(&f.r);
}
END_TEST

/* ---- rules.md §3 eligibility, each code ---- */

/* Compute and return the reason of item i. */
static enum ldg_sub_reason reason_of(struct fx *f, size_t i)
{
	fx_compute(f);
	return f->r.items[i].reason;
}

START_TEST(test_eligibility_not_legal_person)
{
	struct fx f;

	fx_init(&f);
	fx_worked(&f, 0);
	f.ents[0].legal_person = 0;
	f.loans[0].overdue = 1;        /* a later code too: the first one wins */
	ck_assert_int_eq(reason_of(&f, 0), LDG_SUB_NOT_LEGAL_PERSON);
	ck_assert_int_eq(f.r.items[0].subsidy_fen, 0);
	ldg_sub_result_release(&f.r);
}
END_TEST

START_TEST(test_eligibility_barred)
{
	struct fx f;

	fx_init(&f);
	fx_worked(&f, 0);
	f.ents[0].barred = 1;
	f.ents[0].bar_reason = "发生群体性劳资纠纷";
	f.loans[0].start_day = D(2020, 3, 15);  /* BEFORE_EFFECTIVE too: BARRED first */
	ck_assert_int_eq(reason_of(&f, 0), LDG_SUB_BARRED);
	/* rules.md §3: a barred enterprise's due is 0 and its row is barred. */
	ck_assert_int_eq(f.r.rows[0].due_fen, 0);
	ck_assert_int_eq(f.r.rows[0].status, LDG_SUB_BARRED_ROW);
	ldg_sub_result_release(&f.r);
}
END_TEST

START_TEST(test_eligibility_before_effective)
{
	/* rules.md §3 item 21: start 2020-12-31 < 2021-01-01; all or nothing. */
	struct fx f;

	fx_init(&f);
	fx_worked(&f, 0)->start_day = D(2020, 12, 31);
	ck_assert_int_eq(reason_of(&f, 0), LDG_SUB_BEFORE_EFFECTIVE);
	f.loans[0].start_day = D(2021, 1, 1);
	ck_assert_int_eq(reason_of(&f, 0), LDG_SUB_ELIGIBLE);
	ldg_sub_result_release(&f.r);
}
END_TEST

START_TEST(test_eligibility_late)
{
	/* rules.md §3: settled on the maturity date is on time; a day later or
	 * marked overdue is LATE. */
	struct fx f;

	fx_init(&f);
	fx_worked(&f, 0);
	ck_assert_int_eq(reason_of(&f, 0), LDG_SUB_ELIGIBLE);
	f.loans[0].settle_day = D(2024, 3, 15);
	ck_assert_int_eq(reason_of(&f, 0), LDG_SUB_LATE);
	f.loans[0].settle_day = D(2024, 3, 14);
	f.loans[0].overdue = 1;
	ck_assert_int_eq(reason_of(&f, 0), LDG_SUB_LATE);
	ldg_sub_result_release(&f.r);
}
END_TEST

START_TEST(test_eligibility_kind_not_covered)
{
	struct fx f;

	fx_init(&f);
	fx_worked(&f, 0);
	f.rights[0][0].right_no = "2014SR001852";
	f.rights[0][0].kind = LDG_KIND_COPYRIGHT;
	f.loans[0].combined = 1;        /* COMBINED_UNKNOWN too: KIND_NOT_COVERED first */
	ck_assert_int_eq(reason_of(&f, 0), LDG_SUB_KIND_NOT_COVERED);
	ldg_sub_result_release(&f.r);
}
END_TEST

START_TEST(test_eligibility_combined_unknown)
{
	struct fx f;

	fx_init(&f);
	fx_worked(&f, 0)->combined = 1;
	ck_assert_int_eq(reason_of(&f, 0), LDG_SUB_COMBINED_UNKNOWN);
	ldg_sub_result_release(&f.r);
}
END_TEST

START_TEST(test_eligibility_ip_subsidised_before)
{
	/* rules.md §3: the right was subsidised by a finalized run of 2022
	 * (another enterprise); with ip_once off it is eligible again. */
	struct fx f;

	fx_init(&f);
	fx_worked(&f, 0);
	f.prior[0].right_no = "ZL202214213614.8";
	f.prior[0].year = 2022;
	f.prior[0].item_key = "浙商银行/ZSYH-2021-ZY-00001";
	f.prior[0].uscc = "91330783517999873H";
	f.in.nprior = 1;
	f.loans[0].start_day = D(2019, 1, 1);  /* would be BEFORE_EFFECTIVE: that comes first */
	ck_assert_int_eq(reason_of(&f, 0), LDG_SUB_BEFORE_EFFECTIVE);
	f.loans[0].start_day = D(2023, 3, 15);
	ck_assert_int_eq(reason_of(&f, 0), LDG_SUB_IP_SUBSIDISED_BEFORE);
	ck_assert_int_eq(f.r.items[0].prior->year, 2022);
	ck_assert_str_eq(f.r.items[0].prior_right, "ZL202214213614.8");
	f.in.scheme.ip_once = 0;
	ck_assert_int_eq(reason_of(&f, 0), LDG_SUB_ELIGIBLE);
	ldg_sub_result_release(&f.r);
}
END_TEST

START_TEST(test_eligibility_same_year_same_right_both_subsidised)
{
	/* rules.md §3: two loans of the same year pledging the same right are
	 * both subsidised: 2 × 9 251 736 = 18 503 472 for patent. */
	struct fx f;

	fx_init(&f);
	fx_worked(&f, 0);
	fx_worked(&f, 1);
	fx_compute(&f);
	ck_assert_int_eq(f.r.items[0].reason, LDG_SUB_ELIGIBLE);
	ck_assert_int_eq(f.r.items[1].reason, LDG_SUB_ELIGIBLE);
	ck_assert_int_eq(f.r.rows[0].interest_fen[LDG_KIND_PATENT], 18503472);
	ldg_sub_result_release(&f.r);
}
END_TEST

START_TEST(test_eligibility_no_rate)
{
	/* rules.md §3: with effective_from moved back to 2019-01-01, a loan
	 * started 2020-04-19, the day before the first fixing of this fixture
	 * (2020-04-20), has no reference rate in force: NO_RATE.  Started on
	 * 2020-04-20 it takes that fixing, 3.85 %. */
	struct fx f;

	fx_init(&f);
	fx_worked(&f, 0);
	f.in.scheme.effective_from_day = D(2019, 1, 1);
	f.loans[0].start_day = D(2020, 4, 19);
	ck_assert_int_eq(reason_of(&f, 0), LDG_SUB_NO_RATE);
	f.loans[0].start_day = D(2020, 4, 20);
	ck_assert_int_eq(reason_of(&f, 0), LDG_SUB_ELIGIBLE);
	ck_assert_int_eq(f.r.items[0].rate_ppm, 38500);
	ldg_sub_result_release(&f.r);
}
END_TEST

START_TEST(test_eligibility_policy_first_three_codes)
{
	/* rules.md §3: policies are checked against NOT_LEGAL_PERSON, BARRED and
	 * BEFORE_EFFECTIVE only.  Premium 29 538.00: subsidy 2 953 800 × 500 000
	 * / 10^6 = 1 476 900. */
	struct fx f;

	fx_init(&f);
	f.policies[0].id = 1;
	f.policies[0].key = "中国太平洋财产保险股份有限公司/ACHZ2024E0000017";
	f.policies[0].premium_fen = 2953800;
	f.policies[0].paid_day = D(2024, 1, 5);
	f.in.npolicies = 1;
	ck_assert_int_eq(reason_of(&f, 0), LDG_SUB_ELIGIBLE);
	ck_assert_int_eq(f.r.items[0].subsidy_fen, 1476900);
	ck_assert_int_eq(f.r.rows[0].premium_fen, 1476900);
	f.in.scheme.effective_from_day = D(2024, 1, 6);
	ck_assert_int_eq(reason_of(&f, 0), LDG_SUB_BEFORE_EFFECTIVE);
	f.ents[0].barred = 1;
	ck_assert_int_eq(reason_of(&f, 0), LDG_SUB_BARRED);
	f.ents[0].legal_person = 0;
	ck_assert_int_eq(reason_of(&f, 0), LDG_SUB_NOT_LEGAL_PERSON);
	ldg_sub_result_release(&f.r);
}
END_TEST

/* ---- rules.md §5 caps ---- */

START_TEST(test_caps_per_kind_binding_and_not)
{
	/* rules.md §5.1 with interest_cap_per_kind 100 000.00 (10 000 000 fen):
	 * two worked-example loans, patent 2 × 9 251 736 = 18 503 472 > cap →
	 * 10 000 000, excess 8 503 472 cut (not carried); due 10 000 000.
	 * One loan alone: 9 251 736 ≤ cap → not cut. */
	struct fx f;

	fx_init(&f);
	f.in.scheme.interest_cap_per_kind_fen = 10000000;
	fx_worked(&f, 0);
	fx_worked(&f, 1);
	fx_compute(&f);
	ck_assert_int_eq(f.r.rows[0].kind_sum_fen[LDG_KIND_PATENT], 18503472);
	ck_assert_int_eq(f.r.rows[0].interest_fen[LDG_KIND_PATENT], 10000000);
	ck_assert_int_eq(f.r.rows[0].due_fen, 10000000);
	ck_assert_int_eq(f.r.rows[0].carried_out_fen, 0);
	/* The cap is per kind: the second loan on a trademark instead gives
	 * patent 9 251 736 + trademark 9 251 736, neither capped. */
	f.rights[1][0].right_no = "12345678";
	f.rights[1][0].kind = LDG_KIND_TRADEMARK;
	fx_compute(&f);
	ck_assert_int_eq(f.r.rows[0].interest_fen[LDG_KIND_PATENT], 9251736);
	ck_assert_int_eq(f.r.rows[0].interest_fen[LDG_KIND_TRADEMARK], 9251736);
	ck_assert_int_eq(f.r.rows[0].due_fen, 18503472);
	ldg_sub_result_release(&f.r);
}
END_TEST

START_TEST(test_caps_premium_binding_and_rounding)
{
	/* rules.md §5.2: three policies of 80 000.00 (8 000 000 fen) at 50 %:
	 * 4 000 000 each, sum 12 000 000 > cap 10 000 000 → 10 000 000.
	 * Two of them: 8 000 000, not binding. */
	struct fx f;
	int i;

	fx_init(&f);
	for (i = 0; i < 3; i++) {
		f.policies[i].id = i + 1;
		f.policies[i].key = i == 0 ? "保险/A" : i == 1 ? "保险/B" : "保险/C";
		f.policies[i].premium_fen = 8000000;
		f.policies[i].paid_day = D(2024, 5, 1);
	}
	f.in.npolicies = 3;
	fx_compute(&f);
	ck_assert_int_eq(f.r.rows[0].premium_sum_fen, 12000000);
	ck_assert_int_eq(f.r.rows[0].premium_fen, 10000000);
	f.in.npolicies = 2;
	fx_compute(&f);
	ck_assert_int_eq(f.r.rows[0].premium_fen, 8000000);
	/* Rounded per policy, then summed: premiums of 3 fen at 50 % give
	 * round(1.5) = 2 each → 4 (summing first would give round(3) = 3). */
	f.policies[0].premium_fen = 3;
	f.policies[1].premium_fen = 3;
	fx_compute(&f);
	ck_assert_int_eq(f.r.rows[0].premium_fen, 4);
	ldg_sub_result_release(&f.r);
}
END_TEST

/* ---- rules.md §6 contribution cap and carry-forward ---- */

/* A payment with the default scheme (cap on, carry 2 years). */
static struct ldg_sub_pay pay_new(int64_t due, int has_contrib, int64_t contrib)
{
	struct ldg_sub_pay p;

	memset(&p, 0, sizeof(p));
	p.carry_years = 2;
	p.contribution_cap = 1;
	p.due_fen = due;
	p.has_contribution = has_contrib;
	p.contribution_fen = contrib;
	return p;
}

START_TEST(test_contribution_carry_lapse_three_year_chain)
{
	/* rules.md §6, carry_years 2, one enterprise over four years:
	 * 2021: due 1 000, contribution 300 → paid 300; carries 700 (origin 2021).
	 * 2022: in {2021: 700}, due 500, contribution 200 → oldest first: 2021
	 *   paid 200, left 500; 2022 paid 0, left 500 → carries {2021: 500,
	 *   2022: 500}; nothing lapses (origin 2020 has nothing).
	 * 2023: in {2021: 500, 2022: 500}, due 400, contribution 600 → 2021 (the
	 *   lapsing origin Y-2) paid 500, left 0; 2022 paid 100, left 400; 2023
	 *   paid 0, left 400 → payable 600, carries {2022: 400, 2023: 400},
	 *   forfeited 0.
	 * 2024: in {2022: 400, 2023: 400}, due 0, contribution 100 → 2022 paid
	 *   100, left 300 lapses (逾期作废); 2023 paid 0, carries 400 →
	 *   payable 100, forfeited 300, carried out 400. */
	struct ldg_sub_pay p;

	p = pay_new(1000, 1, 300);
	ck_assert_int_eq(ldg_sub_pay_apply(&p, NULL), 0);
	ck_assert_int_eq(p.payable_fen, 300);
	ck_assert_int_eq(p.carried_out_fen[0], 700);
	ck_assert_int_eq(p.forfeited_total_fen, 0);

	p = pay_new(500, 1, 200);
	p.carry_in_fen[1] = 700;
	ck_assert_int_eq(ldg_sub_pay_apply(&p, NULL), 0);
	ck_assert_int_eq(p.paid_fen[1], 200);
	ck_assert_int_eq(p.carried_out_fen[1], 500);
	ck_assert_int_eq(p.paid_fen[0], 0);
	ck_assert_int_eq(p.carried_out_fen[0], 500);
	ck_assert_int_eq(p.carried_in_fen, 700);
	ck_assert_int_eq(p.carried_out_total_fen, 1000);
	ck_assert_int_eq(p.forfeited_total_fen, 0);

	p = pay_new(400, 1, 600);
	p.carry_in_fen[2] = 500;
	p.carry_in_fen[1] = 500;
	ck_assert_int_eq(ldg_sub_pay_apply(&p, NULL), 0);
	ck_assert_int_eq(p.paid_fen[2], 500);
	ck_assert_int_eq(p.paid_fen[1], 100);
	ck_assert_int_eq(p.paid_fen[0], 0);
	ck_assert_int_eq(p.payable_fen, 600);
	ck_assert_int_eq(p.carried_out_fen[1], 400);
	ck_assert_int_eq(p.carried_out_fen[0], 400);
	ck_assert_int_eq(p.forfeited_total_fen, 0);

	p = pay_new(0, 1, 100);
	p.carry_in_fen[2] = 400;
	p.carry_in_fen[1] = 400;
	ck_assert_int_eq(ldg_sub_pay_apply(&p, NULL), 0);
	ck_assert_int_eq(p.paid_fen[2], 100);
	ck_assert_int_eq(p.forfeited_fen[2], 300);
	ck_assert_int_eq(p.carried_out_fen[1], 400);
	ck_assert_int_eq(p.payable_fen, 100);
	ck_assert_int_eq(p.forfeited_total_fen, 300);
	ck_assert_int_eq(p.carried_out_total_fen, 400);
	ck_assert_int_eq(p.status, LDG_SUB_OK);
}
END_TEST

START_TEST(test_contribution_carry_years_one_and_zero)
{
	/* rules.md §6 carry_years 1: in {Y-1: 500}, due 300, contribution 200 →
	 * Y-1 paid 200, left 300 lapses this year; Y paid 0, carries 300.
	 * carry_years 0: due 300, contribution 200 → paid 200, 100 lapses now. */
	struct ldg_sub_pay p = pay_new(300, 1, 200);

	p.carry_years = 1;
	p.carry_in_fen[1] = 500;
	ck_assert_int_eq(ldg_sub_pay_apply(&p, NULL), 0);
	ck_assert_int_eq(p.paid_fen[1], 200);
	ck_assert_int_eq(p.forfeited_fen[1], 300);
	ck_assert_int_eq(p.carried_out_fen[0], 300);
	p = pay_new(300, 1, 200);
	p.carry_years = 0;
	ck_assert_int_eq(ldg_sub_pay_apply(&p, NULL), 0);
	ck_assert_int_eq(p.payable_fen, 200);
	ck_assert_int_eq(p.forfeited_fen[0], 100);
	ck_assert_int_eq(p.carried_out_total_fen, 0);
}
END_TEST

START_TEST(test_contribution_zero_is_a_figure)
{
	/* rules.md §6: contribution 0 recorded: nothing paid, in {Y-2: 50, Y-1:
	 * 60} + due 70 → Y-2's 50 lapses, 60 + 70 = 130 carry; not blocked. */
	struct ldg_sub_pay p = pay_new(70, 1, 0);

	p.carry_in_fen[2] = 50;
	p.carry_in_fen[1] = 60;
	ck_assert_int_eq(ldg_sub_pay_apply(&p, NULL), 0);
	ck_assert_int_eq(p.status, LDG_SUB_OK);
	ck_assert_int_eq(p.payable_fen, 0);
	ck_assert_int_eq(p.forfeited_total_fen, 50);
	ck_assert_int_eq(p.carried_out_total_fen, 130);
}
END_TEST

START_TEST(test_contribution_blocked_then_unblocked)
{
	/* rules.md §6: due 1 000, in {Y-1: 500}, no contribution → blocked:
	 * payable, carried out and forfeited 0 (nothing moves).  Entered as
	 * 1 200: Y-1 paid 500, Y paid 700, carries 300. */
	struct ldg_sub_pay p = pay_new(1000, 0, 0);

	p.carry_in_fen[1] = 500;
	ck_assert_int_eq(ldg_sub_pay_apply(&p, NULL), 0);
	ck_assert_int_eq(p.status, LDG_SUB_BLOCKED);
	ck_assert_int_eq(p.carried_in_fen, 500);
	ck_assert_int_eq(p.payable_fen, 0);
	ck_assert_int_eq(p.carried_out_total_fen, 0);
	ck_assert_int_eq(p.forfeited_total_fen, 0);
	p.has_contribution = 1;
	p.contribution_fen = 1200;
	ck_assert_int_eq(ldg_sub_pay_apply(&p, NULL), 0);
	ck_assert_int_eq(p.status, LDG_SUB_OK);
	ck_assert_int_eq(p.paid_fen[1], 500);
	ck_assert_int_eq(p.paid_fen[0], 700);
	ck_assert_int_eq(p.carried_out_fen[0], 300);
	/* Nothing outstanding and no contribution: ok, not blocked. */
	p = pay_new(0, 0, 0);
	ck_assert_int_eq(ldg_sub_pay_apply(&p, NULL), 0);
	ck_assert_int_eq(p.status, LDG_SUB_OK);
}
END_TEST

START_TEST(test_contribution_barred_carry_continues)
{
	/* rules.md §6: barred, contribution 1 000 recorded (or not: never
	 * blocked), in {Y-2: 100, Y-1: 200}, due 0 → paid 0; Y-2's 100 lapses;
	 * Y-1's 200 carries on.  Also with the cap off, still paid nothing. */
	struct ldg_sub_pay p = pay_new(0, 1, 1000);

	p.barred = 1;
	p.carry_in_fen[2] = 100;
	p.carry_in_fen[1] = 200;
	ck_assert_int_eq(ldg_sub_pay_apply(&p, NULL), 0);
	ck_assert_int_eq(p.status, LDG_SUB_BARRED_ROW);
	ck_assert_int_eq(p.payable_fen, 0);
	ck_assert_int_eq(p.forfeited_fen[2], 100);
	ck_assert_int_eq(p.carried_out_fen[1], 200);
	p.has_contribution = 0;
	p.contribution_cap = 0;
	ck_assert_int_eq(ldg_sub_pay_apply(&p, NULL), 0);
	ck_assert_int_eq(p.status, LDG_SUB_BARRED_ROW);
	ck_assert_int_eq(p.payable_fen, 0);
	ck_assert_int_eq(p.carried_out_total_fen, 200);
}
END_TEST

START_TEST(test_contribution_cap_off_pays_all)
{
	/* rules.md §6 cap off: in {Y-2: 100, Y-1: 200} + due 300, contribution
	 * 50 (or none) → payable 600, nothing carried or lapsed, not blocked. */
	struct ldg_sub_pay p = pay_new(300, 0, 0);

	p.contribution_cap = 0;
	p.carry_in_fen[2] = 100;
	p.carry_in_fen[1] = 200;
	ck_assert_int_eq(ldg_sub_pay_apply(&p, NULL), 0);
	ck_assert_int_eq(p.status, LDG_SUB_OK);
	ck_assert_int_eq(p.payable_fen, 600);
	ck_assert_int_eq(p.carried_out_total_fen + p.forfeited_total_fen, 0);
}
END_TEST

START_TEST(test_contribution_rows_in_compute)
{
	/* rules.md §6 through ldg_sub_compute: enterprise 0 has the worked
	 * example (due 9 251 736) and contribution 5 000 000 → paid 5 000 000,
	 * carries 4 251 736 (one flow, origin 2024).  Enterprise 1 has no item
	 * but carries in {2022: 1 000} and has no contribution → a blocked row
	 * of its own.  Enterprise 2 has neither: no row. */
	struct fx f;

	fx_init(&f);
	fx_worked(&f, 0);
	f.ents[0].contribution_fen = 5000000;
	f.ents[1] = f.ents[0];
	f.ents[1].uscc = "91330783MA2MUARF6E";
	f.ents[1].has_contribution = 0;
	f.ents[1].carry_in_fen[2] = 1000;
	f.ents[2] = f.ents[0];
	f.ents[2].uscc = "91330783MA2UNKQP81";
	f.in.nents = 3;
	fx_compute(&f);
	ck_assert_uint_eq(f.r.nrows, 2);
	ck_assert_int_eq(f.r.rows[0].payable_fen, 5000000);
	ck_assert_int_eq(f.r.rows[0].carried_out_fen, 4251736);
	ck_assert_int_eq(f.r.rows[1].status, LDG_SUB_BLOCKED);
	ck_assert_int_eq(f.r.rows[1].carried_in_fen, 1000);
	ck_assert_uint_eq(f.r.nblocked, 1);
	ck_assert_uint_eq(f.r.nflows, 2);
	ck_assert_int_eq(f.r.flows[0].origin_year, 2024);
	ck_assert_int_eq(f.r.flows[0].carried_out_fen, 4251736);
	ck_assert_int_eq(f.r.flows[1].origin_year, 2022);
	ldg_sub_result_release(&f.r);
}
END_TEST

/* ---- budget (cycle.md §2) ---- */

START_TEST(test_budget_cut_from_newest_origin_carry_or_lapse)
{
	/* cycle.md §2 through ldg_sub_compute: the worked example (due
	 * 9 251 736, origin 2024) plus 1 000 carried in from origin 2022, all
	 * paid (contribution 10 000 000.00): payable 9 252 736.  A budget of
	 * 500 cuts 9 252 236: all of origin 2024's 9 251 736 (carries out),
	 * then 500 of origin 2022 (the last year of its window: lapses).
	 * With budget_shortfall lapse, all of the cut lapses.  A budget of
	 * 9 252 736 or more changes nothing. */
	struct fx f;

	fx_init(&f);
	fx_worked(&f, 0);
	f.ents[0].carry_in_fen[2] = 1000;
	f.in.has_budget = 1;
	f.in.budget_fen = 500;
	fx_compute(&f);
	ck_assert_int_eq(f.r.scaled, 1);
	ck_assert_int_eq(f.r.unscaled_total_fen, 9252736);
	ck_assert_int_eq(f.r.rows[0].unscaled_payable_fen, 9252736);
	ck_assert_int_eq(f.r.rows[0].payable_fen, 500);
	ck_assert_int_eq(f.r.rows[0].carried_out_fen, 9251736);
	ck_assert_int_eq(f.r.rows[0].forfeited_fen, 500);
	ck_assert_uint_eq(f.r.nflows, 2);
	ck_assert_int_eq(f.r.flows[0].origin_year, 2022);
	ck_assert_int_eq(f.r.flows[0].paid_fen, 500);
	ck_assert_int_eq(f.r.flows[0].forfeited_fen, 500);
	ck_assert_int_eq(f.r.flows[1].origin_year, 2024);
	ck_assert_int_eq(f.r.flows[1].paid_fen, 0);
	ck_assert_int_eq(f.r.flows[1].carried_out_fen, 9251736);
	ldg_sub_result_release(&f.r);

	f.in.shortfall_lapse = 1;
	fx_compute(&f);
	ck_assert_int_eq(f.r.rows[0].payable_fen, 500);
	ck_assert_int_eq(f.r.rows[0].carried_out_fen, 0);
	ck_assert_int_eq(f.r.rows[0].forfeited_fen, 9252236);
	ldg_sub_result_release(&f.r);

	f.in.budget_fen = 9252736;
	fx_compute(&f);
	ck_assert_int_eq(f.r.scaled, 0);
	ck_assert_int_eq(f.r.rows[0].payable_fen, 9252736);
	ck_assert_int_eq(f.r.rows[0].forfeited_fen, 0);
	ldg_sub_result_release(&f.r);
}
END_TEST

/* ---- determinism ---- */

START_TEST(test_runs_digest_repeatable)
{
	/* rules.md §7: the same data give the same run; any figure changes it. */
	struct fx f;
	char a[20], b[20];

	fx_init(&f);
	fx_worked(&f, 0);
	fx_compute(&f);
	ldg_sub_digest(&f.in, &f.r, a);
	fx_compute(&f);
	ldg_sub_digest(&f.in, &f.r, b);
	ck_assert_str_eq(a, b);
	f.ents[0].contribution_fen = 1;
	fx_compute(&f);
	ldg_sub_digest(&f.in, &f.r, b);
	ck_assert_str_ne(a, b);
	ldg_sub_result_release(&f.r);
}
END_TEST

/*
 * A stored reason detail read back (ldg_sub_detail_text): in English each
 * sentence ldg_sub_item_detail writes comes back as it was, read (buf, not
 * the stored text); a pledged list gets its separator; a text that is no
 * such sentence, or one under another reason, comes back as it is.
 * (The Chinese of the same sentences: t_explain_zh.sh.)
 */
START_TEST(test_detail_text_english)
{
	static const struct {
		enum ldg_sub_reason r;
		const char *stored, *said;
	} cases[] = {
		{ LDG_SUB_ELIGIBLE, "split by count", NULL },
		{ LDG_SUB_ELIGIBLE, "split by valuation", NULL },
		{ LDG_SUB_NOT_LEGAL_PERSON, "91330105MALP5Q3LR3 is not an independent legal person", NULL },
		{ LDG_SUB_BARRED, "bar flag for 2024", NULL },
		{ LDG_SUB_BARRED, "bar flag for 2024: 发生较大安全生产事故: 一次", NULL },
		{ LDG_SUB_BEFORE_EFFECTIVE, "start date 2020-11-18 is before effective_from 2021-01-01", NULL },
		{ LDG_SUB_BEFORE_EFFECTIVE, "premium paid date 2020-11-18 is before effective_from 2021-01-01",
		  NULL },
		{ LDG_SUB_LATE, "settled 2023-06-02 after maturity 2023-05-09", NULL },
		{ LDG_SUB_LATE, "marked overdue by the bank", NULL },
		{ LDG_SUB_KIND_NOT_COVERED, "pledged: 2017SR0133246 (copyright)", NULL },
		{ LDG_SUB_KIND_NOT_COVERED, "pledged: ZL201510958772.0 (patent) 第12345678号 (trademark)",
		  "pledged: ZL201510958772.0 (patent), 第12345678号 (trademark)" },
		{ LDG_SUB_COMBINED_UNKNOWN, "combined loan without its IP-pledged portion", NULL },
		/* a loan key with the words that follow it inside */
		{ LDG_SUB_IP_SUBSIDISED_BEFORE, "right ZL201624281897.X was subsidised in 2023 by loan"
		  " 金华银行 of 东阳/JH of 2022 of 913307834011376934", NULL },
		{ LDG_SUB_NO_RATE, "no LPR1Y rate in force on 2019-01-02", NULL },
	};
	static const struct {
		enum ldg_sub_reason r;
		const char *stored;
	} others[] = {
		{ LDG_SUB_LATE, "settled late" },
		{ LDG_SUB_BARRED, "settled 2023-06-02 after maturity 2023-05-09" },
		{ LDG_SUB_BARRED, "bar flag for 20x4" },
		{ LDG_SUB_KIND_NOT_COVERED, "pledged: 2017SR0133246 copyright" },
		{ LDG_SUB_ELIGIBLE, "" },
	};
	char buf[512];
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const char *got = ldg_sub_detail_text(cases[i].r, cases[i].stored, buf, sizeof(buf));

		ck_assert_msg(got == buf, "not read: %s", cases[i].stored);
		ck_assert_str_eq(got, cases[i].said ? cases[i].said : cases[i].stored);
	}
	for (i = 0; i < sizeof(others) / sizeof(others[0]); i++)
		ck_assert_ptr_eq(ldg_sub_detail_text(others[i].r, others[i].stored, buf, sizeof(buf)),
				 others[i].stored);
}
END_TEST

Suite *subsidy_suite(void)
{
	Suite *s = suite_create("subsidy");
	TCase *t = tcase_create("rules");

	tcase_add_test(t, test_interest_worked_example);
	tcase_add_test(t, test_detail_text_english);
	tcase_add_test(t, test_interest_half_up);
	tcase_add_test(t, test_interest_no_overflow_at_limits);
	tcase_add_test(t, test_interest_paid_cap_binding);
	tcase_add_test(t, test_interest_combined_base_and_cap);
	tcase_add_test(t, test_interest_rate_of_start_date_no_repricing);
	tcase_add_test(t, test_split_valuation_leftover);
	tcase_add_test(t, test_split_count_leftover);
	tcase_add_test(t, test_split_tie_goes_to_patent);
	tcase_add_test(t, test_split_zero_valuations);
	tcase_add_test(t, test_split_uncovered_kind_whole_principal_to_patent);
	tcase_add_test(t, test_eligibility_not_legal_person);
	tcase_add_test(t, test_eligibility_barred);
	tcase_add_test(t, test_eligibility_before_effective);
	tcase_add_test(t, test_eligibility_late);
	tcase_add_test(t, test_eligibility_kind_not_covered);
	tcase_add_test(t, test_eligibility_combined_unknown);
	tcase_add_test(t, test_eligibility_ip_subsidised_before);
	tcase_add_test(t, test_eligibility_same_year_same_right_both_subsidised);
	tcase_add_test(t, test_eligibility_no_rate);
	tcase_add_test(t, test_eligibility_policy_first_three_codes);
	tcase_add_test(t, test_caps_per_kind_binding_and_not);
	tcase_add_test(t, test_caps_premium_binding_and_rounding);
	tcase_add_test(t, test_contribution_carry_lapse_three_year_chain);
	tcase_add_test(t, test_contribution_carry_years_one_and_zero);
	tcase_add_test(t, test_contribution_zero_is_a_figure);
	tcase_add_test(t, test_contribution_blocked_then_unblocked);
	tcase_add_test(t, test_contribution_barred_carry_continues);
	tcase_add_test(t, test_contribution_cap_off_pays_all);
	tcase_add_test(t, test_contribution_rows_in_compute);
	tcase_add_test(t, test_runs_digest_repeatable);
	tcase_add_test(t, test_budget_cut_from_newest_origin_carry_or_lapse);
	suite_add_tcase(s, t);
	return s;
}
