/*
 * enterprise.h — the enterprise register, its yearly local contributions
 * and its bar flags (import.md §2 "enterprises, contributions, bars").
 *
 * Records are plain structs; the store functions read and write them with
 * the statements of a struct ldg_store.  Every change can be written to
 * the audit log: inserts as one row with the whole record, updates as one
 * row per changed field with old and new text (store.h).
 */
#ifndef LDG_ENTERPRISE_H
#define LDG_ENTERPRISE_H

#include <stdint.h>

#include "ledger/error.h"
#include "ledger/ident.h"
#include "ledger/store.h"

#define LDG_NAME_BUFSZ 256
#define LDG_CITY_BUFSZ 7

struct ldg_enterprise {
	char uscc[LDG_USCC_BUFSZ];    /* normal form, the key */
	char name[LDG_NAME_BUFSZ];    /* 企业名称 */
	char city[LDG_CITY_BUFSZ];    /* division code, "330783" */
	char industry[LDG_NAME_BUFSZ];/* 所属行业, "" when not given */
	int legal_person;             /* 是否独立法人: 1 yes (default), 0 no */
	int nonstandard_uscc;         /* 1: check character accepted on purpose */
	int64_t batch_id;             /* creating import batch, 0 manual */
	int unregistered;             /* 1: created from a loan or policy row, not
				       * yet confirmed by an enterprises file or
				       * `enterprise add` (import.md §5) */
};

/* Fields compared and audited (name, city, industry, legal_person, nonstandard_uscc). */
#define LDG_ENTERPRISE_NFIELDS 5

/*
 * Confirm an enterprise created from a loan or policy row (import.md §5):
 * clears its unregistered flag, with an audit row ("confirm", field
 * "unregistered", yes → no) in batch_id.  *confirmed = 1 when it was
 * unregistered, 0 when it was not (nothing written).
 */
int ldg_enterprise_confirm(struct ldg_store *s, const char *uscc, int64_t batch_id,
			   int *confirmed, struct ldg_err *err);

/* Set defaults: everything empty, legal_person 1. */
void ldg_enterprise_init(struct ldg_enterprise *e);

/*
 * Look up by USCC (normal form).  0 and *e filled, or LDG_ENOTFOUND
 * "unknown enterprise 'USCC'", or LDG_EDB.
 */
int ldg_enterprise_get(struct ldg_store *s, const char *uscc,
		       struct ldg_enterprise *e, struct ldg_err *err);

/*
 * Insert a new enterprise.  audit != 0 writes an "insert" audit row (the
 * import writes none per row: its batch records the rows it created);
 * e->nonstandard_uscc is noted in the audit detail.
 */
int ldg_enterprise_insert(struct ldg_store *s, const struct ldg_enterprise *e,
			  int64_t batch_id, int audit, struct ldg_err *err);

/*
 * Replace old's fields by new_'s (same USCC) and audit each changed field.
 * *changed gets the number of changed fields (0: nothing written).  A lock
 * of rules.md §7 on city or legal-person flag is LDG_ELOCKED.
 */
int ldg_enterprise_update(struct ldg_store *s, const struct ldg_enterprise *old,
			  const struct ldg_enterprise *new_, int64_t batch_id,
			  int *changed, struct ldg_err *err);

/* The fields as text (store.h); the caller releases them. */
int ldg_enterprise_fields(const struct ldg_enterprise *e,
			  struct ldg_field f[LDG_ENTERPRISE_NFIELDS]);

/* Set one field from its text form (undo).  LDG_EINPUT on bad text. */
int ldg_enterprise_field_set(struct ldg_enterprise *e, const char *field,
			     const char *text, struct ldg_err *err);

/*
 * A contribution (地方综合贡献额) of an enterprise for a year.  get: 0 and
 * *fen, or LDG_ENOTFOUND.  put: insert or update; *outcome 0 new, 1
 * updated (audited), 2 unchanged.
 */
int ldg_contribution_get(struct ldg_store *s, const char *uscc, int year,
			 int64_t *fen, struct ldg_err *err);
int ldg_contribution_put(struct ldg_store *s, const char *uscc, int year,
			 int64_t fen, int64_t batch_id, int *outcome,
			 struct ldg_err *err);

/* A bar flag of an enterprise for a year, with its reason; as above. */
int ldg_bar_put(struct ldg_store *s, const char *uscc, int year,
		const char *reason, int64_t batch_id, int *outcome,
		struct ldg_err *err);

#endif
