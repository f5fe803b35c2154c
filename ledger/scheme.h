/*
 * scheme.h — a city's subsidy parameters (rules.md §8).
 *
 * Stored in the `schemes` table as key → value text, in the form people
 * write them ("50%", "300000.00", "on", "patent,trademark"); one parser
 * (ldg_scheme_apply) serves `scheme set`, the database and a run's snapshot.
 */
#ifndef LDG_SCHEME_H
#define LDG_SCHEME_H

#include <sqlite3.h>
#include <stddef.h>
#include <stdint.h>

#include "ledger/error.h"

struct ldg_scheme {
	int32_t effective_from_day;       /* items before it: BEFORE_EFFECTIVE */
	char reference_rate[16];          /* rate kind: LPR1Y, LPR5Y, PBOC1Y */
	int64_t interest_share_ppm;       /* share of the reference rate */
	int day_basis;                    /* 360 or 365 */
	int cap_by_interest_paid;         /* 1: subsidy <= interest paid on IP part */
	unsigned covered_kinds;           /* bit (1u << enum ldg_kind) per kind */
	int64_t interest_cap_per_kind_fen;/* per enterprise, kind, year */
	int ip_once;                      /* 1: a right earns in one year only */
	int64_t premium_share_ppm;        /* share of the premium */
	int64_t premium_cap_fen;          /* per enterprise per year */
	int contribution_cap;             /* 1: item 22 cap on */
	int carry_years;                  /* years an unpaid amount may wait */
	char policy_document[256];        /* the document this scheme implements
					     (cycle.md §4), "" when not set; not a
					     money rule, printed on the 说明 sheet */
};

/* The keys in display order, NULL-terminated. */
extern const char *const ldg_scheme_keys[];

/* Fill s with the defaults of rules.md §8 (Dongyang's published rules). */
void ldg_scheme_default(struct ldg_scheme *s);

/*
 * Parse `value` as people write it and set `key` in s.  Unknown key or bad
 * value → LDG_EINPUT with a message naming the allowed keys or values.
 */
int ldg_scheme_apply(struct ldg_scheme *s, const char *key, const char *value,
		     struct ldg_err *err);

/* The value of key in its canonical written form into buf. */
int ldg_scheme_value(const struct ldg_scheme *s, const char *key, char *buf,
		     size_t bufsz);

/*
 * The whole scheme as "key=value\n" lines in key order; malloc'd, the
 * caller frees.  NULL when out of memory.  Parse back with
 * ldg_scheme_parse_text().
 */
char *ldg_scheme_text(const struct ldg_scheme *s);
int ldg_scheme_parse_text(const char *text, struct ldg_scheme *s,
			  struct ldg_err *err);

/* Load the scheme of city (a 6-digit code) from the database. */
int ldg_scheme_load(sqlite3 *db, const char *city, struct ldg_scheme *s,
		    struct ldg_err *err);

/*
 * Set one key of a city's scheme: validate, store the canonical value and
 * write the old and new value to the audit log.  Never refused by a
 * finalized run (rules.md §7): runs keep the scheme they were computed with.
 * Runs in its own transaction unless one is open.
 */
int ldg_scheme_set(sqlite3 *db, const char *city, const char *key,
		   const char *value, struct ldg_err *err);

/*
 * The version of the city's scheme in force for year (cycle.md §4): the
 * schemes table (the first version) with every scheme_versions row of
 * from_year <= year applied over it, in from_year order.
 */
int ldg_scheme_load_year(sqlite3 *db, const char *city, int year,
			 struct ldg_scheme *s, struct ldg_err *err);

/*
 * `scheme set --from-year Y`: set key from year from_year on (a row of
 * scheme_versions; later versions keep their own values), validated as
 * ldg_scheme_set, audited (entity scheme, key CITY/from YEAR, old value in
 * force for from_year and new).  *changed (may be NULL) is 1 when the value
 * changed; old_value and new_value (128 bytes each, may be NULL) get the
 * canonical values.  Own transaction unless one is open.
 */
int ldg_scheme_set_from(sqlite3 *db, const char *city, int from_year,
			const char *key, const char *value, int *changed,
			char *old_value, char *new_value, struct ldg_err *err);

/* One change of a scheme from a year on (scheme_versions). */
struct ldg_scheme_change {
	int from_year;
	char key[64];
	char value[128];
};

/*
 * The city's changes by year, by from_year then key, into *out (malloc'd,
 * *n of them; free()).
 */
int ldg_scheme_changes(sqlite3 *db, const char *city,
		       struct ldg_scheme_change **out, size_t *n,
		       struct ldg_err *err);

/* Give every city every default key it lacks (init). */
int ldg_scheme_seed(sqlite3 *db, struct ldg_err *err);

#endif
