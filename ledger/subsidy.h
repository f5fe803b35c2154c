/*
 * subsidy.h — the subsidy engine (rules.md): interest and premium subsidies,
 * the caps, the local-contribution cap with carry-forward, and the runs
 * that record them.
 *
 * Two layers:
 *
 *  - The computation (subsidy.c) is pure: ldg_sub_compute() takes a loaded
 *    struct ldg_sub_input (one city, one year) and fills a struct
 *    ldg_sub_result.  No SQL, no I/O; tests build inputs by hand.
 *  - The runs (subsidy_store.c, subsidy_explain.c) load a (city, year) from
 *    the database, compute, and store a draft run with every item's
 *    derivation; finalize, reopen, read back and explain runs.
 *
 * Money is int64_t fen, rates and shares int64_t ppm, dates day numbers
 * (date.h).  Every rounding is ldg_muldiv()'s one half-up division, except
 * the split by kind, which rounds each part down (rules.md §4).
 */
#ifndef LDG_SUBSIDY_H
#define LDG_SUBSIDY_H

#include <sqlite3.h>
#include <stddef.h>
#include <stdint.h>

#include "ledger/error.h"
#include "ledger/ident.h"
#include "ledger/scheme.h"

/* Why an item is (in)eligible: rules.md §3, in checking order. */
enum ldg_sub_reason {
	LDG_SUB_ELIGIBLE = 0,
	LDG_SUB_NOT_LEGAL_PERSON,
	LDG_SUB_BARRED,
	LDG_SUB_BEFORE_EFFECTIVE,
	LDG_SUB_LATE,
	LDG_SUB_KIND_NOT_COVERED,
	LDG_SUB_COMBINED_UNKNOWN,
	LDG_SUB_IP_SUBSIDISED_BEFORE,
	LDG_SUB_NO_RATE,
};
#define LDG_SUB_REASON_COUNT 9

/* "ELIGIBLE", "NOT_LEGAL_PERSON", … (the codes of rules.md §3). */
const char *ldg_sub_reason_code(enum ldg_sub_reason r);
/* Words for r (the office's and the rules' item), in the catalogue's language. */
const char *ldg_sub_reason_label(enum ldg_sub_reason r);
/* Code text → reason; LDG_EINPUT when unknown. */
int ldg_sub_reason_parse(const char *code, enum ldg_sub_reason *r);

/* Status of an enterprise's row (cli.md `subsidy show`). */
enum ldg_sub_status {
	LDG_SUB_OK = 0,
	LDG_SUB_BLOCKED,        /* something outstanding, no contribution recorded */
	LDG_SUB_BARRED_ROW,     /* bar flag for the year: paid nothing */
};
/* "ok", "blocked", "barred". */
const char *ldg_sub_status_name(enum ldg_sub_status s);

/* Ages of carried amounts a row can hold: origin year = year - age.
 * carry_years is at most 9 (scheme.c), so ages 0..9 are used. */
#define LDG_SUB_AGES 16

/* ---- inputs (all borrowed: the loader or the test owns the memory) ---- */

/* One pledged right of a loan. */
struct ldg_sub_right {
	const char *right_no;      /* normal form (ident.h) */
	enum ldg_kind kind;        /* patent, trademark, copyright */
	int has_value;             /* 1: value_fen is recorded */
	int64_t value_fen;         /* valuation (评估价值) */
};

/* One loan settled in the year (rules.md §2). */
struct ldg_sub_loan {
	int64_t id;                /* loans.id */
	const char *key;           /* "BANK/CONTRACT" */
	size_t ent;                /* index into ldg_sub_input.ents */
	int64_t principal_fen;
	int combined;              /* 组合贷款 */
	int has_ip_portion;        /* 1: ip_portion_fen recorded */
	int64_t ip_portion_fen;
	int32_t start_day;
	int32_t maturity_day;
	int32_t settle_day;
	int overdue;               /* marked overdue by the bank */
	int has_interest_paid;     /* 1: interest_paid_fen recorded */
	int64_t interest_paid_fen; /* over the loan's whole life */
	size_t nrights;
	const struct ldg_sub_right *rights;
};

/* One policy whose premium was paid in the year (rules.md §2). */
struct ldg_sub_policy {
	int64_t id;                /* policies.id */
	const char *key;           /* "INSURER/POLICY_NO" */
	size_t ent;                /* index into ldg_sub_input.ents */
	int64_t premium_fen;
	int32_t paid_day;
};

/* One enterprise of the city. */
struct ldg_sub_ent {
	const char *uscc;
	const char *name;
	int legal_person;          /* 独立法人 */
	int barred;                /* bar flag for the year (rules.md §3 BARRED) */
	const char *bar_reason;    /* "" or the recorded reason */
	int has_contribution;      /* 1: a figure is recorded for the year */
	int64_t contribution_fen;  /* 地方综合贡献额 of the year */
	int64_t carry_in_fen[LDG_SUB_AGES]; /* [a]: carried from origin year - a (a >= 1) */
};

/* One fixing of the scheme's reference rate. */
struct ldg_sub_rate {
	int32_t day;               /* effective date */
	int64_t ppm;
};

/* A right subsidised by a finalized run of an earlier year (rules.md §3). */
struct ldg_sub_prior {
	const char *right_no;      /* normal form */
	int year;                  /* the earlier run's year */
	const char *item_key;      /* the loan that earned it, BANK/CONTRACT */
	const char *uscc;          /* who held it then */
};

struct ldg_sub_arena;          /* the loader's string and array memory */

/* Everything one computation reads. */
struct ldg_sub_input {
	int year;
	struct ldg_scheme scheme;
	const struct ldg_sub_rate *rates;    /* of scheme.reference_rate, by day ascending */
	size_t nrates;
	struct ldg_sub_ent *ents;            /* sorted by uscc (byte order) */
	size_t nents;
	struct ldg_sub_loan *loans;
	size_t nloans;
	struct ldg_sub_policy *policies;
	size_t npolicies;
	const struct ldg_sub_prior *prior;   /* sorted by right_no, year, item_key */
	size_t nprior;
	int has_budget;                      /* 1: budget_fen is set (cycle.md §2) */
	int64_t budget_fen;                  /* the year's budget */
	int shortfall_lapse;                 /* 1: budget_shortfall lapse, 0: carry */
	struct ldg_sub_arena *arena;         /* NULL for hand-built inputs */
};

/* Free what ldg_run_load() allocated into in; in is zeroed. */
void ldg_sub_input_release(struct ldg_sub_input *in);

/* ---- results ---- */

/* The derivation of one loan or policy. */
struct ldg_sub_item {
	int is_policy;             /* 0: loans[index], 1: policies[index] */
	size_t index;
	size_t ent;
	enum ldg_sub_reason reason;
	int split_by_value;        /* loans: 1 split by valuation, 0 by count */
	const struct ldg_sub_prior *prior; /* IP_SUBSIDISED_BEFORE: the earlier grant */
	const char *prior_right;   /* IP_SUBSIDISED_BEFORE: the right of this loan */
	int has_calc;              /* 1: base … raw below hold (eligible loan) */
	int64_t base_fen;
	int64_t days;
	int64_t rate_ppm;
	int32_t rate_day;          /* effective date of rate_ppm */
	int64_t share_ppm;         /* interest_share or premium_share */
	int day_basis;
	int64_t raw_fen;
	int has_paid_cap;          /* 1: interest_paid recorded */
	int paid_cap_applied;      /* 1: the scheme applies the cap */
	int64_t paid_cap_fen;
	int64_t subsidy_fen;       /* loan: min(raw, cap); policy: premium share */
	int64_t kind_fen[LDG_KIND_COUNT]; /* loan subsidy split by kind */
	int64_t premium_fen;       /* policies: the premium */
};

/* One origin year of an enterprise's outstanding amounts (rules.md §6). */
struct ldg_sub_flow {
	size_t row;                /* index into result rows */
	int origin_year;           /* year the amount arose */
	int64_t outstanding_fen;   /* carried in, or due(Y) for origin Y */
	int64_t paid_fen;
	int64_t forfeited_fen;
	int64_t carried_out_fen;
};

/* One enterprise's row (cli.md `subsidy show`). */
struct ldg_sub_row {
	size_t ent;
	int64_t kind_sum_fen[LDG_KIND_COUNT]; /* before the per-kind cap */
	int64_t interest_fen[LDG_KIND_COUNT]; /* after it (rules.md §5.1) */
	int64_t premium_sum_fen;   /* before the premium cap */
	int64_t premium_fen;       /* after it (rules.md §5.2) */
	int64_t due_fen;           /* rules.md §5.3 */
	int64_t carried_in_fen;
	int has_contribution;
	int64_t contribution_fen;
	int64_t payable_fen;
	int64_t carried_out_fen;
	int64_t forfeited_fen;
	enum ldg_sub_status status;
	size_t nitems;             /* items of this enterprise */
	int64_t unscaled_payable_fen; /* payable before the pro rata (cycle.md §2) */
};

struct ldg_sub_result {
	int year;
	struct ldg_sub_item *items;  /* loans in input order, then policies */
	size_t nitems;
	struct ldg_sub_row *rows;    /* in ents order (USCC byte order) */
	size_t nrows;
	struct ldg_sub_flow *flows;  /* by row, then origin year ascending */
	size_t nflows;
	size_t nblocked;             /* rows with status blocked */
	int scaled;                  /* 1: payable scaled to the budget (cycle.md §2) */
	int64_t unscaled_total_fen;  /* the payable total before it */
};

/* Free a result's arrays; r is zeroed.  NULL is harmless. */
void ldg_sub_result_release(struct ldg_sub_result *r);

/* ---- the pure computation ---- */

/*
 * rules.md §4: raw = round(base × rate × share × days / (10^12 × day_basis)),
 * half up, in 128 bits.  LDG_ERANGE when an operand is negative, day_basis
 * is not positive or the result overflows.
 */
int ldg_sub_interest(int64_t base_fen, int64_t rate_ppm, int64_t share_ppm,
		     int64_t days, int day_basis, int64_t *raw_fen,
		     struct ldg_err *err);

/*
 * rules.md §4 paid cap: round(interest_paid × base / principal), half up.
 * A principal of 0 gives 0 (its base is 0 too).
 */
int ldg_sub_paid_cap(int64_t interest_paid_fen, int64_t base_fen,
		     int64_t principal_fen, int64_t *cap_fen,
		     struct ldg_err *err);

/*
 * rules.md §4 split by kind: split subsidy_fen over the kinds in `covered`
 * (bit 1u << kind) of rights[0..n-1] — by valuation when every covered
 * right has one and they add up to more than 0, else by count.  Each part
 * is rounded down; the fen left over go to the kind with the largest weight
 * (a tie: patent, trademark, copyright).  part_fen[k] gets each kind's part
 * (0 for kinds not covered); the parts add up to subsidy_fen.  *by_value
 * (may be NULL) tells which split was used.  With no covered right, every
 * part is 0 and LDG_EINPUT is returned.
 */
int ldg_sub_split(int64_t subsidy_fen, const struct ldg_sub_right *rights,
		  size_t n, unsigned covered, int64_t part_fen[LDG_KIND_COUNT],
		  int *by_value, struct ldg_err *err);

/* rules.md §5.2: one policy's subsidy, round(premium × share / 10^6). */
int ldg_sub_premium(int64_t premium_fen, int64_t share_ppm, int64_t *out_fen,
		    struct ldg_err *err);

/* One enterprise's payment under rules.md §6. */
struct ldg_sub_pay {
	/* in */
	int carry_years;           /* scheme carry_years (0..LDG_SUB_AGES-1) */
	int contribution_cap;      /* scheme contribution_cap */
	int barred;
	int has_contribution;
	int64_t contribution_fen;
	int64_t due_fen;           /* due(Y): outstanding of age 0 */
	int64_t carry_in_fen[LDG_SUB_AGES]; /* [a] carried from origin Y - a, a >= 1 */
	/* out, per age (origin Y - a) */
	int64_t paid_fen[LDG_SUB_AGES];
	int64_t forfeited_fen[LDG_SUB_AGES];
	int64_t carried_out_fen[LDG_SUB_AGES];
	/* out, totals */
	int64_t carried_in_fen;
	int64_t payable_fen;
	int64_t forfeited_total_fen;
	int64_t carried_out_total_fen;
	enum ldg_sub_status status;
};

/*
 * rules.md §6: pay p's outstanding amounts oldest first up to the
 * contribution; what is left of origin Y - carry_years (and anything
 * older) lapses, the rest carries out.  Barred: nothing paid, carry or
 * lapse as usual.  Blocked (cap on, something outstanding, no
 * contribution): nothing moves.  Cap off: everything within the carry
 * window is paid.  Fills the out fields; LDG_ERANGE on overflow.
 */
int ldg_sub_pay_apply(struct ldg_sub_pay *p, struct ldg_err *err);

/*
 * Compute the run of in->year (rules.md §2–§6; with a budget, cycle.md §2:
 * when the rows' payable total exceeds in->budget_fen every payable is
 * scaled by ldg_prorata(), and what a row loses is taken from its newest
 * paid origin first and carried like any other unpaid amount — or lapses
 * when in->shortfall_lapse, or when its origin's carry window ends): every item's eligibility and
 * figures, every row's caps and payment.  out is filled (release it with
 * ldg_sub_result_release(), also after a failure).  Rows: every enterprise
 * with an item or a non-zero carry-in.  Errors: LDG_ERANGE on overflow,
 * LDG_EINPUT for inconsistent data (a loan settled before it started),
 * LDG_ENOMEM.
 */
int ldg_sub_compute(const struct ldg_sub_input *in, struct ldg_sub_result *out,
		    struct ldg_err *err);

/*
 * The reason detail of an item in plain words (English, with dates and
 * numbers), e.g. "settled 2023-05-06 after maturity 2023-05-05".  Writes
 * into buf (NUL-terminated, truncated to bufsz).  Returns buf.
 */
char *ldg_sub_item_detail(const struct ldg_sub_input *in,
			  const struct ldg_sub_item *it, char *buf,
			  size_t bufsz);

/*
 * A stored reason detail (ldg_sub_item_detail, for an item whose reason
 * is `reason`) in the catalogue's language: read back against the
 * sentence it was written with and said again, e.g. "settled 2023-06-02
 * after maturity 2023-05-09" as 2023-06-02结清，晚于到期日2023-05-09.  In
 * English it is the stored text.  A text that is no such sentence (an
 * older run's, say) is returned as it is (stored itself); otherwise buf
 * (bufsz bytes, NUL-terminated, truncated).
 */
const char *ldg_sub_detail_text(enum ldg_sub_reason reason, const char *stored, char *buf,
				size_t bufsz);

/*
 * A fingerprint of the run (scheme and every figure of every row, item and
 * flow) as 16 hex digits + NUL into buf (17 bytes).  The same input gives
 * the same digest; finalize uses it to tell a stale draft.
 */
char *ldg_sub_digest(const struct ldg_sub_input *in,
		     const struct ldg_sub_result *r, char *buf);

/* ---- runs in the database (rules.md §7) ---- */

enum ldg_run_status { LDG_RUN_DRAFT = 0, LDG_RUN_FINALIZED = 1 };

/*
 * The state of a run in the year's cycle (cycle.md §1).  status above stays
 * the lock (finalized for the last three); state tells how far it went.
 */
enum ldg_run_state {
	LDG_STATE_DRAFT = 0,       /* 草稿 */
	LDG_STATE_FINALIZED,       /* 审核定稿 */
	LDG_STATE_PUBLICIZED,      /* 公示 */
	LDG_STATE_PAID,            /* 已拨付 */
};
/* "draft", "finalized", "publicized", "paid". */
const char *ldg_run_state_name(enum ldg_run_state s);
/* "草稿", "已审核定稿", "公示", "已拨付" (for the workbooks). */
const char *ldg_run_state_label(enum ldg_run_state s);

/* A stored run. */
struct ldg_run_info {
	int64_t id;
	char city[8];              /* 6-digit code */
	char city_name[64];
	int year;
	enum ldg_run_status status;
	char computed_at[24];
	char finalized_at[24];     /* "" when draft */
	char digest[20];
	struct ldg_scheme scheme;  /* the scheme it was computed with */
	int start_year;            /* 1: no carry-in, no earlier rights */
	int has_budget;            /* 1: computed with budget_fen (cycle.md §2) */
	int64_t budget_fen;
	enum ldg_run_state state;  /* cycle.md §1 */
	char publicity_from[12];   /* the 公示 period, ISO dates; "" before publish */
	char publicity_to[12];
	char paid_on[12];          /* "" until paid */
	char voucher[64];          /* the payment voucher; "" until paid */
};

/* Totals of a computation, for the CLI's summary line. */
struct ldg_run_summary {
	size_t nrows, nitems, neligible, nblocked, nbarred;
	int64_t due_fen, payable_fen, carried_out_fen, forfeited_fen;
	int start_year;
	int has_budget;            /* cycle.md §2: a budget is set for the year */
	int64_t budget_fen;
	int scaled;                /* 1: payable scaled to the budget */
	int64_t unscaled_total_fen;/* the payable total before it */
};

/*
 * Load the (city, year) inputs: the scheme, the reference rates of its
 * kind, the city's enterprises with their contribution and bar flag of
 * year, carry-in from the finalized run of year-1, the loans settled and
 * policies paid in year, and the rights subsidised by finalized runs of
 * earlier years (rules.md §3, §6).  Refuses (LDG_ECONFLICT) "finalize
 * <city> <Y-1> first" unless year is the city's start year, and a year
 * before the start year once a run is finalized.  *start_year (may be
 * NULL) is set to 1 when year is the start year.  Release in with
 * ldg_sub_input_release(), also after a failure.
 */
int ldg_run_load(sqlite3 *db, const char *city, int year,
		 struct ldg_sub_input *in, int *start_year, struct ldg_err *err);

/*
 * `subsidy compute`: in one transaction, load, compute and store a draft run
 * of (city, year) — its rows (run_rows), every item's derivation
 * (run_items) and the settlement of carried-in amounts (run_payments) —
 * replacing an earlier draft; write an audit row.  A finalized run is never
 * replaced (LDG_ECONFLICT "... reopen it first").  *sum (may be NULL) gets
 * the totals.
 */
int ldg_run_compute(sqlite3 *db, const char *city, int year,
		    struct ldg_run_summary *sum, struct ldg_err *err);

/* An enterprise whose row blocks finalize. */
struct ldg_run_blocked {
	char uscc[LDG_USCC_BUFSZ];
	char name[256];
};

/*
 * `subsidy finalize`: lock the draft run of (city, year).  In one
 * BEGIN IMMEDIATE transaction: the run must exist and be a draft (a
 * concurrent finalize loses with LDG_ECONFLICT "already finalized"); it is
 * computed again from the data as they are, and refused when a row is
 * blocked (LDG_ECONFLICT; *blocked gets every such enterprise, malloc'd,
 * *nblocked their count, the caller frees) or when the figures differ
 * from the stored draft (LDG_ECONFLICT "out of date ... compute again").
 * Then the run's carry (run_carry, read by the run of year+1) and its
 * subsidised rights (run_rights, rules.md §3) are written, and an audit
 * row.  blocked/nblocked may be NULL.
 */
int ldg_run_finalize(sqlite3 *db, const char *city, int year,
		     struct ldg_run_blocked **blocked, size_t *nblocked,
		     struct ldg_err *err);

/*
 * `subsidy reopen`: turn the finalized or publicized run of (city, year)
 * back into a draft (a paid run never: LDG_ECONFLICT, cycle.md §1), only
 * when no later year of the city is finalized; its carry and
 * subsidised rights are removed (finalize writes them again); reason (not
 * empty, else LDG_EUSAGE) goes to the audit log.  LDG_ENOTFOUND without a
 * run, LDG_ECONFLICT when it is not finalized or not the latest.
 */
int ldg_run_reopen(sqlite3 *db, const char *city, int year, const char *reason,
		   struct ldg_err *err);

/* Find the run of (city, year); LDG_ENOTFOUND "no subsidy run ...". */
int ldg_run_get(sqlite3 *db, const char *city, int year,
		struct ldg_run_info *info, struct ldg_err *err);

/* One stored row (cli.md `subsidy show` columns). */
struct ldg_run_row {
	char uscc[LDG_USCC_BUFSZ];
	char *enterprise;          /* malloc'd */
	int64_t interest_fen[LDG_KIND_COUNT];
	int64_t premium_fen;
	int64_t due_fen;
	int64_t carried_in_fen;
	int has_contribution;
	int64_t contribution_fen;
	int64_t payable_fen;
	int64_t carried_out_fen;
	int64_t forfeited_fen;
	enum ldg_sub_status status;
	int scaled;                /* 1: the run was scaled to its budget (cycle.md §2) */
	int64_t unscaled_payable_fen; /* payable before that (= payable_fen when not) */
};

/*
 * The rows of run run_id in USCC byte order into *rows (malloc'd, *n of
 * them); free with ldg_run_rows_free().
 */
int ldg_run_rows(sqlite3 *db, int64_t run_id, struct ldg_run_row **rows,
		 size_t *n, struct ldg_err *err);
void ldg_run_rows_free(struct ldg_run_row *rows, size_t n);

/* What `subsidy explain` explains. */
enum ldg_explain_what {
	LDG_EXPLAIN_ENTERPRISE,    /* key: USCC */
	LDG_EXPLAIN_LOAN,          /* key: BANK/CONTRACT */
	LDG_EXPLAIN_POLICY,        /* key: INSURER/POLICY_NO */
};

/*
 * `subsidy explain`: the derivation of one figure of the run of
 * (city, year), step by step from the inputs to the paid amount, in words a
 * finance officer follows (Chinese labels with English).  *text is
 * malloc'd (the caller frees).  LDG_ENOTFOUND when there is no run or the
 * item/enterprise is not in it (the message says which year it belongs
 * to when known).
 */
int ldg_run_explain(sqlite3 *db, const char *city, int year,
		    enum ldg_explain_what what, const char *key, char **text,
		    struct ldg_err *err);

#endif
