/*
 * loan.h — IP pledge loans and their pledged rights (import.md §2 "loans").
 *
 * A loan is identified by (bank, contract_no).  Optional amounts and rates
 * are LDG_NONE when absent, optional dates LDG_NO_DAY.
 */
#ifndef LDG_LOAN_H
#define LDG_LOAN_H

#include <stdint.h>

#include "ledger/enterprise.h"
#include "ledger/ident.h"
#include "ledger/store.h"

#define LDG_NO_BUFSZ 128         /* contract, policy and registration numbers */

struct ldg_right {
	char no[LDG_RIGHT_BUFSZ];  /* normal form (ident.h) */
	enum ldg_kind kind;        /* patent, trademark, copyright */
	int64_t value_fen;         /* 评估价值, LDG_NONE when not given */
};

struct ldg_loan {
	int64_t id;                      /* loans.id, 0 before insert */
	char bank[LDG_NAME_BUFSZ];       /* 贷款银行 */
	char contract_no[LDG_NO_BUFSZ];  /* 合同编号 */
	char uscc[LDG_USCC_BUFSZ];       /* borrower */
	int64_t principal_fen;           /* 贷款金额 */
	int combined;                    /* 组合贷款 */
	int64_t ip_portion_fen;          /* LDG_NONE unless combined */
	int64_t rate_ppm;                /* 执行年利率, LDG_NONE */
	int32_t start_day;               /* 放款日期 */
	int32_t maturity_day;            /* 到期日期 */
	int32_t settle_day;              /* 结清日期, LDG_NO_DAY */
	int overdue;                     /* 是否逾期 */
	int64_t interest_paid_fen;       /* 实付利息 over the whole life, LDG_NONE */
	char registration_no[LDG_NO_BUFSZ]; /* 质押登记号, "" */
	int32_t registration_day;        /* LDG_NO_DAY */
	int64_t credit_line_fen;         /* 授信额度, LDG_NONE */
	int nrights;                     /* pledged rights, in the bank's order */
	struct ldg_right *rights;        /* malloc'd, nrights entries */
	int64_t batch_id;                /* creating batch (read only) */
};

#define LDG_LOAN_NFIELDS 15

/* Empty loan: absent values set, no rights. */
void ldg_loan_init(struct ldg_loan *l);
/* Free the rights (the struct itself is the caller's). */
void ldg_loan_release(struct ldg_loan *l);
/* Append a right; -1 when out of memory. */
int ldg_loan_add_right(struct ldg_loan *l, const char *no, enum ldg_kind kind,
		       int64_t value_fen);

/*
 * The id of bank `name`; create != 0 creates it when missing.  LDG_ENOTFOUND
 * "unknown bank 'X'" otherwise.
 */
int ldg_bank_id(struct ldg_store *s, const char *name, int create,
		int64_t *id, struct ldg_err *err);

/*
 * Read a loan by bank name and contract number, with its rights.
 * LDG_ENOTFOUND "unknown loan 'BANK/CONTRACT'" when missing.  The caller
 * releases *l.
 */
int ldg_loan_get(struct ldg_store *s, const char *bank, const char *contract_no,
		 struct ldg_loan *l, struct ldg_err *err);

/* Insert (bank created when new).  audit != 0 writes an "insert" row.
 * An existing key is LDG_EINPUT "loan 'B/C' is recorded already". */
int ldg_loan_insert(struct ldg_store *s, struct ldg_loan *l, int64_t batch_id,
		    int audit, struct ldg_err *err);

/*
 * Insert unless a loan with the same (bank, contract_no) exists: then
 * *existed = 1 and nothing is written (the importer's fast path: one index
 * probe instead of a lookup and an insert).  Also *existed = 1 when the
 * rules.md §7 lock refused the insert of a recorded loan (the BEFORE
 * INSERT trigger runs ahead of the conflict): the caller compares and
 * updates, and the UPDATE trigger refuses a real change.
 */
int ldg_loan_try_insert(struct ldg_store *s, struct ldg_loan *l, int64_t batch_id,
			int audit, int *existed, struct ldg_err *err);

/*
 * Write new_ over old (same key, old->id set), one audit row per changed
 * field; *changed gets their number (0: nothing written).  rules.md §7
 * locks come back as LDG_ELOCKED.
 */
int ldg_loan_update(struct ldg_store *s, const struct ldg_loan *old,
		    const struct ldg_loan *new_, int64_t batch_id, int *changed,
		    struct ldg_err *err);

/* The fields as text (store.h); release them.  -1 when out of memory. */
int ldg_loan_fields(const struct ldg_loan *l, struct ldg_field f[LDG_LOAN_NFIELDS]);

/* Set one field from its text form (undo of an update).  LDG_EINPUT. */
int ldg_loan_field_set(struct ldg_loan *l, const char *field, const char *text,
		       struct ldg_err *err);

/* "BANK/CONTRACT" into buf. */
char *ldg_loan_key(const struct ldg_loan *l, char *buf, size_t bufsz);

#endif
