/*
 * policy.h — patent insurance policies (import.md §2 "policies").
 *
 * A policy is identified by (insurer, policy_no).  Optional amounts are
 * LDG_NONE, optional dates LDG_NO_DAY (loan.h).
 */
#ifndef LDG_POLICY_H
#define LDG_POLICY_H

#include <stdint.h>

#include "ledger/loan.h"
#include "ledger/store.h"

#define LDG_RIGHTS_TEXTSZ 2048

struct ldg_policy {
	int64_t id;                        /* policies.id, 0 before insert */
	char insurer[LDG_NAME_BUFSZ];      /* 保险公司 */
	char policy_no[LDG_NO_BUFSZ];      /* 保单号 */
	char uscc[LDG_USCC_BUFSZ];         /* the insured enterprise */
	char product[LDG_NAME_BUFSZ];      /* 险种 */
	char insured_rights[LDG_RIGHTS_TEXTSZ]; /* normal forms joined by ';' */
	int64_t premium_fen;               /* 保费 */
	int32_t paid_day;                  /* 保费缴纳日期 */
	int32_t start_day;                 /* 保险起期, LDG_NO_DAY */
	int32_t end_day;                   /* 保险止期, LDG_NO_DAY */
	int64_t coverage_fen;              /* 保险金额, LDG_NONE */
	int64_t batch_id;                  /* creating batch (read only) */
};

#define LDG_POLICY_NFIELDS 8

void ldg_policy_init(struct ldg_policy *p);

/* The id of an insurer; create != 0 creates it.  As ldg_bank_id(). */
int ldg_insurer_id(struct ldg_store *s, const char *name, int create,
		   int64_t *id, struct ldg_err *err);

/* Read by insurer and policy number; LDG_ENOTFOUND "unknown policy 'I/NO'". */
int ldg_policy_get(struct ldg_store *s, const char *insurer, const char *policy_no,
		   struct ldg_policy *p, struct ldg_err *err);

/* Insert (insurer created when new); audit != 0 writes an "insert" row. */
int ldg_policy_insert(struct ldg_store *s, struct ldg_policy *p, int64_t batch_id,
		      int audit, struct ldg_err *err);

/* Write new_ over old (old->id set), auditing each changed field. */
int ldg_policy_update(struct ldg_store *s, const struct ldg_policy *old,
		      const struct ldg_policy *new_, int64_t batch_id, int *changed,
		      struct ldg_err *err);

int ldg_policy_fields(const struct ldg_policy *p, struct ldg_field f[LDG_POLICY_NFIELDS]);
int ldg_policy_field_set(struct ldg_policy *p, const char *field, const char *text,
			 struct ldg_err *err);

/* "INSURER/NO" into buf. */
char *ldg_policy_key(const struct ldg_policy *p, char *buf, size_t bufsz);

#endif
