/*
 * subsidy_store.c — subsidy runs in the database (rules.md §6–§7): load a
 * (city, year) into a struct ldg_sub_input, store the computed run with
 * every item's derivation, finalize, reopen, read back.
 *
 * The computation itself is subsidy.c (pure).  Every write happens inside
 * one BEGIN IMMEDIATE transaction that also covers the reads it depends
 * on, so a run is always computed from one consistent state of the data.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ledger/date.h"
#include "ledger/db.h"
#include "ledger/grow.h"
#include "ledger/budget.h"
#include "ledger/money.h"
#include "ledger/settings.h"
#include "ledger/subsidy.h"
#include "ledger/lang.h"
#include "ledger/ledger_int.h"

/* ---- memory of a loaded input ---- */

struct arena_chunk {
	struct arena_chunk *next;
	size_t used;                /* bytes of data[] handed out */
	size_t size;                /* bytes of data[] */
	char data[];
};

/* A slot of the USCC index: the code itself, so that a lookup touches one
 * cache line (a big year looks up 250 000 items). */
struct ent_slot {
	char uscc[LDG_USCC_BUFSZ];  /* "" when empty */
	uint32_t index;             /* into ents */
};

struct ldg_sub_arena {
	struct arena_chunk *head;   /* strings, newest chunk first */
	struct ldg_sub_right *rights; /* every loan's rights, loan order */
	struct ldg_sub_rate *rates;
	struct ldg_sub_prior *prior;
	struct ent_slot *ent_hash;  /* USCC → ents index (open addressing) */
	size_t ent_mask;            /* hash size - 1 (a power of 2) */
};

#define ARENA_CHUNK (1u << 20)

/* n bytes (8-aligned) from the arena; NULL when out of memory. */
static void *arena_alloc(struct ldg_sub_arena *a, size_t n)
{
	struct arena_chunk *c = a->head;
	void *p;

	n = (n + 7) & ~(size_t)7;
	if (!c || c->size - c->used < n) {
		size_t size = n > ARENA_CHUNK ? n : ARENA_CHUNK;

		if (!(c = malloc(sizeof(*c) + size)))
			return NULL;
		c->next = a->head;
		c->used = 0;
		c->size = size;
		a->head = c;
	}
	p = c->data + c->used;
	c->used += n;
	return p;
}

/* A copy of s (NULL → "") in the arena; NULL when out of memory. */
static char *arena_str(struct ldg_sub_arena *a, const char *s)
{
	size_t n = strlen(s ? s : "") + 1;
	char *p = arena_alloc(a, n);

	if (p)
		memcpy(p, s ? s : "", n);
	return p;
}

/* "a/b" in the arena (an item key); NULL when out of memory. */
static char *arena_key(struct ldg_sub_arena *a, const char *x, const char *y)
{
	size_t nx = strlen(x ? x : ""), ny = strlen(y ? y : "");
	char *p = arena_alloc(a, nx + ny + 2);

	if (p) {
		memcpy(p, x ? x : "", nx);
		p[nx] = '/';
		memcpy(p + nx + 1, y ? y : "", ny + 1);
	}
	return p;
}

/* Free the loader's memory; see subsidy.h. */
void ldg_sub_input_release(struct ldg_sub_input *in)
{
	struct arena_chunk *c, *next;

	if (!in)
		return;
	if (in->arena) {
		for (c = in->arena->head; c; c = next) {
			next = c->next;
			free(c);
		}
		free(in->arena->rights);
		free(in->arena->rates);
		free(in->arena->prior);
		free(in->arena->ent_hash);
		free(in->arena);
		free(in->ents);
		free(in->loans);
		free(in->policies);
	}
	memset(in, 0, sizeof(*in));
}

/* Column i as text, "" for NULL. */
static const char *col_text(sqlite3_stmt *st, int i)
{
	const unsigned char *t = sqlite3_column_text(st, i);

	return t ? (const char *)t : "";
}

/*
 * Parse an ISO date column ("YYYY-MM-DD", the stored form) into a day
 * number; LDG_EDB naming what when it is not one.  Parsed here rather than
 * with ldg_date_parse_iso() because a big year reads 600 000 of them.
 */
static int col_date(sqlite3_stmt *st, int i, const char *what, const char *key,
		    int32_t *day, struct ldg_err *err)
{
	const char *t = col_text(st, i);
	int k, y, m, d;

	for (k = 0; k < 10; k++)
		if ((k == 4 || k == 7) ? t[k] != '-' : (t[k] < '0' || t[k] > '9'))
			break;
	if (k < 10 || t[10] != '\0')
		goto bad;
	y = (t[0] - '0') * 1000 + (t[1] - '0') * 100 + (t[2] - '0') * 10 + (t[3] - '0');
	m = (t[5] - '0') * 10 + (t[6] - '0');
	d = (t[8] - '0') * 10 + (t[9] - '0');
	if (!ldg_date_valid(y, m, d))
		goto bad;
	*day = ldg_date_from_ymd(y, m, d);
	return 0;
bad:
	return ldg_err_set(err, LDG_EDB, _("stored %s of '%s' is not a date: '%s'"), what, key, t);
}

/* FNV-1a of a string: the hash of the USCC index. */
static size_t str_hash(const char *s)
{
	uint64_t h = UINT64_C(14695981039346656037);

	for (; *s; s++) {
		h ^= (unsigned char)*s;
		h *= UINT64_C(1099511628211);
	}
	return (size_t)(h ^ (h >> 32));
}

/*
 * Build the USCC hash index of the loaded ents (open addressing, at most
 * half full), so that a year's items find their enterprise in O(1).
 */
static int ent_index(struct ldg_sub_input *in, struct ldg_err *err)
{
	struct ldg_sub_arena *a = in->arena;
	size_t size = 64, i;

	if (in->nents > UINT32_MAX / 4)
		return ldg_err_set(err, LDG_ERANGE, _("too many enterprises"));
	while (size < 2 * in->nents + 2)
		size *= 2;
	if (!(a->ent_hash = calloc(size, sizeof(*a->ent_hash))))
		return ldg_err_set(err, LDG_ENOMEM, _("out of memory"));
	a->ent_mask = size - 1;
	for (i = 0; i < in->nents; i++) {
		size_t h = str_hash(in->ents[i].uscc) & a->ent_mask;

		if (strlen(in->ents[i].uscc) >= LDG_USCC_BUFSZ)
			return ldg_err_set(err, LDG_EDB, _("stored USCC '%s' is too long"),
					   in->ents[i].uscc);
		while (a->ent_hash[h].uscc[0])
			h = (h + 1) & a->ent_mask;
		memcpy(a->ent_hash[h].uscc, in->ents[i].uscc, strlen(in->ents[i].uscc) + 1);
		a->ent_hash[h].index = (uint32_t)i;
	}
	return 0;
}

/* Index of uscc in ents, or (size_t)-1 when it is not an enterprise of
 * the city. */
static size_t ent_find(const struct ldg_sub_input *in, const char *uscc)
{
	const struct ldg_sub_arena *a = in->arena;
	size_t h = str_hash(uscc) & a->ent_mask;

	while (a->ent_hash[h].uscc[0]) {
		if (strcmp(a->ent_hash[h].uscc, uscc) == 0)
			return a->ent_hash[h].index;
		h = (h + 1) & a->ent_mask;
	}
	return (size_t)-1;
}

/* The name of city (a code) into buf; the code itself when unknown. */
static void city_name(sqlite3 *db, const char *city, char *buf, size_t bufsz)
{
	char code[8];

	if (ldg_city_resolve(db, city, code, buf, bufsz, NULL))
		snprintf(buf, bufsz, "%s", city);
}

/*
 * The run of (city, year): *id and *status (0 draft, 1 finalized), or
 * *id = 0 when there is none.
 */
static int run_lookup(sqlite3 *db, const char *city, int year, int64_t *id,
		      int *status, struct ldg_err *err)
{
	static const char sql[] =
		"SELECT id, status FROM subsidy_runs WHERE city = ?1 AND year = ?2";
	sqlite3_stmt *st = NULL;
	int rc;

	*id = 0;
	*status = 0;
	if ((rc = ldg_db_prepare(db, sql, &st, err)))
		return rc;
	ldg_bind_text(st, 1, city);
	sqlite3_bind_int(st, 2, year);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*id = sqlite3_column_int64(st, 0);
		*status = strcmp(col_text(st, 1), "finalized") == 0;
		rc = 0;
	} else if (rc == SQLITE_DONE) {
		rc = 0;
	} else {
		rc = ldg_db_error(db, "cannot read subsidy runs", err);
	}
	sqlite3_finalize(st);
	return rc;
}

/*
 * The year of the city's earliest finalized run after year into *later,
 * 0 when there is none.
 */
static int later_finalized(sqlite3 *db, const char *city, int year, int *later,
			   struct ldg_err *err)
{
	static const char sql[] =
		"SELECT min(year) FROM subsidy_runs WHERE city = ?1 AND year > ?2"
		" AND status = 'finalized'";
	sqlite3_stmt *st = NULL;
	int rc;

	*later = 0;
	if ((rc = ldg_db_prepare(db, sql, &st, err)))
		return rc;
	ldg_bind_text(st, 1, city);
	sqlite3_bind_int(st, 2, year);
	if (sqlite3_step(st) != SQLITE_ROW)
		rc = ldg_db_error(db, "cannot read subsidy runs", err);
	else if (sqlite3_column_type(st, 0) != SQLITE_NULL)
		*later = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return rc;
}

/*
 * rules.md §6 start year: *start = 1 when no run of the city has an
 * earlier year; then a finalized later run refuses the year.  Otherwise
 * the run of year-1 must be finalized; *prev_id gets it.
 */
static int check_start(sqlite3 *db, const char *city, const char *cname, int year,
		       int *start, int64_t *prev_id, struct ldg_err *err)
{
	static const char earlier[] =
		"SELECT count(*) FROM subsidy_runs WHERE city = ?1 AND year < ?2";
	sqlite3_stmt *st = NULL;
	int64_t n = 0;
	int rc, status, later;

	*start = 0;
	*prev_id = 0;
	if ((rc = ldg_db_prepare(db, earlier, &st, err)))
		return rc;
	ldg_bind_text(st, 1, city);
	sqlite3_bind_int(st, 2, year);
	if (sqlite3_step(st) != SQLITE_ROW) {
		rc = ldg_db_error(db, "cannot read subsidy runs", err);
		goto out;
	}
	n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	st = NULL;
	if (n == 0) {
		if ((rc = later_finalized(db, city, year, &later, err)))
			goto out;
		if (later) {
			rc = ldg_err_set(err, LDG_ECONFLICT,
					 _("cannot compute %s %d: the run of %d is finalized and %d is "
					 "before the city's start year"), cname, year, later, year);
			goto out;
		}
		*start = 1;
		goto out;
	}
	if ((rc = run_lookup(db, city, year - 1, prev_id, &status, err)))
		goto out;
	if (!*prev_id || !status)
		rc = ldg_err_set(err, LDG_ECONFLICT, _("finalize %s %d first"), cname, year - 1);
out:
	sqlite3_finalize(st);
	return rc;
}

/* The city's enterprises with contribution and bar flag of year. */
static int load_ents(sqlite3 *db, const char *city, int year,
		     struct ldg_sub_input *in, struct ldg_err *err)
{
	static const char sql[] =
		"SELECT e.uscc, e.name, e.legal_person, c.contribution_fen,"
		" b.uscc IS NOT NULL, b.reason"
		" FROM enterprises e"
		" LEFT JOIN contributions c ON c.uscc = e.uscc AND c.year = ?2"
		" LEFT JOIN bars b ON b.uscc = e.uscc AND b.year = ?2"
		" WHERE e.city = ?1 ORDER BY e.uscc";
	sqlite3_stmt *st = NULL;
	size_t cap = 0;
	int rc;

	if ((rc = ldg_db_prepare(db, sql, &st, err)))
		return rc;
	ldg_bind_text(st, 1, city);
	sqlite3_bind_int(st, 2, year);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct ldg_sub_ent *e;

		if (ldg_grow((void **)&in->ents, &cap, in->nents + 1, sizeof(*in->ents)))
			goto nomem;
		e = &in->ents[in->nents];
		memset(e, 0, sizeof(*e));
		if (!(e->uscc = arena_str(in->arena, col_text(st, 0)))
		    || !(e->name = arena_str(in->arena, col_text(st, 1)))
		    || !(e->bar_reason = arena_str(in->arena, col_text(st, 5))))
			goto nomem;
		e->legal_person = sqlite3_column_int(st, 2) != 0;
		e->has_contribution = sqlite3_column_type(st, 3) != SQLITE_NULL;
		e->contribution_fen = sqlite3_column_int64(st, 3);
		e->barred = sqlite3_column_int(st, 4) != 0;
		in->nents++;
	}
	rc = rc == SQLITE_DONE ? ent_index(in, err) : ldg_db_error(db, "cannot load enterprises", err);
	goto out;
nomem:
	rc = ldg_err_set(err, LDG_ENOMEM, _("out of memory"));
out:
	sqlite3_finalize(st);
	return rc;
}

/* Carried-in amounts from the finalized run prev_id (rules.md §6). */
static int load_carry(sqlite3 *db, int64_t prev_id, struct ldg_sub_input *in,
		      struct ldg_err *err)
{
	static const char sql[] =
		"SELECT uscc, origin_year, amount_fen FROM run_carry WHERE run_id = ?1";
	sqlite3_stmt *st = NULL;
	int rc;

	if ((rc = ldg_db_prepare(db, sql, &st, err)))
		return rc;
	sqlite3_bind_int64(st, 1, prev_id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		size_t e = ent_find(in, col_text(st, 0));
		int age = in->year - sqlite3_column_int(st, 1);

		if (e == (size_t)-1) {
			rc = ldg_err_set(err, LDG_EINPUT,
					 _("enterprise '%s' carries an amount from %d but is no longer "
					 "registered in the city"), col_text(st, 0), in->year - 1);
			goto out;
		}
		if (age < 1 || age >= LDG_SUB_AGES) {
			rc = ldg_err_set(err, LDG_EDB, _("carried amount of '%s' has origin year %d"),
					 col_text(st, 0), sqlite3_column_int(st, 1));
			goto out;
		}
		in->ents[e].carry_in_fen[age] = sqlite3_column_int64(st, 2);
	}
	rc = rc == SQLITE_DONE ? 0 : ldg_db_error(db, "cannot load carried amounts", err);
out:
	sqlite3_finalize(st);
	return rc;
}

/* An id → name table (banks, insurers), sorted by id. */
struct names {
	int64_t *id;
	const char **name;
	size_t n;
};

/* Load `SELECT id, name` rows of sql into t (names in the arena). */
static int load_names(sqlite3 *db, const char *sql, struct ldg_sub_arena *a,
		      struct names *t, struct ldg_err *err)
{
	sqlite3_stmt *st = NULL;
	size_t cap = 0, ncap = 0;
	int rc;

	if ((rc = ldg_db_prepare(db, sql, &st, err)))
		return rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (ldg_grow((void **)&t->id, &cap, t->n + 1, sizeof(*t->id))
		    || ldg_grow((void **)&t->name, &ncap, t->n + 1, sizeof(*t->name))
		    || !(t->name[t->n] = arena_str(a, col_text(st, 1)))) {
			rc = ldg_err_set(err, LDG_ENOMEM, _("out of memory"));
			goto out;
		}
		t->id[t->n++] = sqlite3_column_int64(st, 0);
	}
	rc = rc == SQLITE_DONE ? 0 : ldg_db_error(db, "cannot load names", err);
out:
	sqlite3_finalize(st);
	return rc;
}

/* The name of id in t, or NULL. */
static const char *name_find(const struct names *t, int64_t id)
{
	size_t lo = 0, hi = t->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (t->id[mid] == id)
			return t->name[mid];
		if (t->id[mid] < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

/* Free a names table (the names live in the arena). */
static void names_release(struct names *t)
{
	free(t->id);
	free(t->name);
	memset(t, 0, sizeof(*t));
}

/* A right while loading: its loan and place in the loan's list. */
struct right_row {
	int64_t loan_id;
	int64_t seq;
	struct ldg_sub_right r;
};

/* qsort order of loans: by id. */
static int cmp_loan(const void *x, const void *y)
{
	const struct ldg_sub_loan *a = x, *b = y;

	return (a->id > b->id) - (a->id < b->id);
}

/* qsort order of rights: by loan id, then seq. */
static int cmp_right(const void *x, const void *y)
{
	const struct right_row *a = x, *b = y;

	if (a->loan_id != b->loan_id)
		return (a->loan_id > b->loan_id) - (a->loan_id < b->loan_id);
	return (a->seq > b->seq) - (a->seq < b->seq);
}

/* qsort order of policies: by id. */
static int cmp_policy(const void *x, const void *y)
{
	const struct ldg_sub_policy *a = x, *b = y;

	return (a->id > b->id) - (a->id < b->id);
}

/* The count(*) of static sql, with ?1 and ?2 bound to a and b when given. */
static int count_rows(sqlite3 *db, const char *sql, const char *a, const char *b,
		      int64_t *n, struct ldg_err *err)
{
	sqlite3_stmt *st = NULL;
	int rc;

	*n = 0;
	if ((rc = ldg_db_prepare(db, sql, &st, err)))
		return rc;
	if (a)
		ldg_bind_text(st, 1, a);
	if (b)
		ldg_bind_text(st, 2, b);
	if (sqlite3_step(st) == SQLITE_ROW)
		*n = sqlite3_column_int64(st, 0);
	else
		rc = ldg_db_error(db, "cannot count rows", err);
	sqlite3_finalize(st);
	return rc;
}

/*
 * Prepare a year's query on loans or policies, with ?1 and ?2 bound to
 * from and to: by_scan when more than a quarter of the table's rows fall
 * in [from, to), else by_index.  count_year and count_all count those rows
 * and the table's (both from an index alone, in milliseconds).  Returns 0
 * or an LDG_E* code; the caller finalizes *st either way.
 */
static int prepare_year(sqlite3 *db, const char *count_year, const char *count_all,
			const char *by_index, const char *by_scan, const char *from,
			const char *to, sqlite3_stmt **st, struct ldg_err *err)
{
	int64_t in_year, total;
	int rc;

	if ((rc = count_rows(db, count_year, from, to, &in_year, err))
	    || (rc = count_rows(db, count_all, NULL, NULL, &total, err))
	    || (rc = ldg_db_prepare(db, in_year * 4 > total ? by_scan : by_index, st, err)))
		return rc;
	ldg_bind_text(*st, 1, from);
	ldg_bind_text(*st, 2, to);
	return 0;
}

/* Index of the loan with id in the sorted loans, or (size_t)-1. */
static size_t loan_find(const struct ldg_sub_input *in, int64_t id)
{
	size_t lo = 0, hi = in->nloans;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (in->loans[mid].id == id)
			return mid;
		if (in->loans[mid].id < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return (size_t)-1;
}

/*
 * The loans of the city's enterprises settled in [from, to) (rules.md §2),
 * in id order.  The settlement-date index gives the year; the city is told
 * by the loaded enterprises and the order is made here, so that a big year
 * needs neither a join nor a sort in SQL.
 */
static int load_loans(sqlite3 *db, const char *from, const char *to,
		      struct ldg_sub_input *in, struct ldg_err *err)
{
	static const char by_index[] =
		"SELECT l.id, l.bank_id, l.contract_no, l.uscc, l.principal_fen, l.combined,"
		" l.ip_portion_fen, l.start_date, l.maturity_date, l.settle_date, l.overdue,"
		" l.interest_paid_fen"
		" FROM loans l WHERE l.settle_date >= ?1 AND l.settle_date < ?2";
	/* The same rows by a scan of the table (the unary + keeps SQLite off
	 * the index): three times cheaper per row than a seek per row. */
	static const char by_scan[] =
		"SELECT l.id, l.bank_id, l.contract_no, l.uscc, l.principal_fen, l.combined,"
		" l.ip_portion_fen, l.start_date, l.maturity_date, l.settle_date, l.overdue,"
		" l.interest_paid_fen"
		" FROM loans l WHERE +l.settle_date >= ?1 AND +l.settle_date < ?2";
	struct ldg_sub_arena *a = in->arena;
	struct names banks = { 0 };
	sqlite3_stmt *st = NULL;
	size_t cap = 0;
	int rc;

	if ((rc = load_names(db, "SELECT id, name FROM banks ORDER BY id", a, &banks, err))
	    || (rc = prepare_year(db, "SELECT count(*) FROM loans WHERE settle_date >= ?1"
				  " AND settle_date < ?2", "SELECT count(*) FROM loans",
				  by_index, by_scan, from, to, &st, err)))
		goto out;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		size_t ent = ent_find(in, col_text(st, 3));
		struct ldg_sub_loan *l;
		const char *bank;

		if (ent == (size_t)-1)
			continue;             /* an enterprise of another city */
		if (ldg_grow((void **)&in->loans, &cap, in->nloans + 1, sizeof(*in->loans)))
			goto nomem;
		l = &in->loans[in->nloans];
		memset(l, 0, sizeof(*l));
		l->id = sqlite3_column_int64(st, 0);
		l->ent = ent;
		if (!(bank = name_find(&banks, sqlite3_column_int64(st, 1)))) {
			rc = ldg_err_set(err, LDG_EDB, _("loan %lld has no bank"), (long long)l->id);
			goto out;
		}
		if (!(l->key = arena_key(a, bank, col_text(st, 2))))
			goto nomem;
		l->principal_fen = sqlite3_column_int64(st, 4);
		l->combined = sqlite3_column_int(st, 5) != 0;
		l->has_ip_portion = sqlite3_column_type(st, 6) != SQLITE_NULL;
		l->ip_portion_fen = sqlite3_column_int64(st, 6);
		if ((rc = col_date(st, 7, "start date", l->key, &l->start_day, err))
		    || (rc = col_date(st, 8, "maturity date", l->key, &l->maturity_day, err))
		    || (rc = col_date(st, 9, "settlement date", l->key, &l->settle_day, err)))
			goto out;
		l->overdue = sqlite3_column_int(st, 10) != 0;
		l->has_interest_paid = sqlite3_column_type(st, 11) != SQLITE_NULL;
		l->interest_paid_fen = sqlite3_column_int64(st, 11);
		in->nloans++;
	}
	rc = rc == SQLITE_DONE ? 0 : ldg_db_error(db, "cannot load loans", err);
	if (!rc && in->nloans)
		qsort(in->loans, in->nloans, sizeof(*in->loans), cmp_loan);
	goto out;
nomem:
	rc = ldg_err_set(err, LDG_ENOMEM, _("out of memory"));
out:
	names_release(&banks);
	sqlite3_finalize(st);
	return rc;
}

/*
 * The pledged rights of the loaded loans, each loan's in the bank's order.
 * One scan of loan_rights, kept when the loan is loaded: a scan is several
 * times cheaper than a seek per loan, and the table is small next to what
 * a year's run writes.
 */
static int load_rights(sqlite3 *db, struct ldg_sub_input *in, struct ldg_err *err)
{
	static const char sql[] =
		"SELECT loan_id, seq, right_no, kind, value_fen FROM loan_rights";
	struct ldg_sub_arena *a = in->arena;
	struct right_row *rr = NULL;
	sqlite3_stmt *st = NULL;
	size_t rcap = 0, nr = 0, i, j;
	int rc;

	if (in->nloans == 0)
		return 0;
	if ((rc = ldg_db_prepare(db, sql, &st, err)))
		return rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int64_t id = sqlite3_column_int64(st, 0);
		const char *kind;
		struct ldg_sub_right *r;

		if (loan_find(in, id) == (size_t)-1)
			continue;
		if (ldg_grow((void **)&rr, &rcap, nr + 1, sizeof(*rr)))
			goto nomem;
		rr[nr].loan_id = id;
		rr[nr].seq = sqlite3_column_int64(st, 1);
		r = &rr[nr].r;
		if (!(r->right_no = arena_str(a, col_text(st, 2))))
			goto nomem;
		kind = col_text(st, 3);
		r->kind = strcmp(kind, "patent") == 0 ? LDG_KIND_PATENT
			: strcmp(kind, "trademark") == 0 ? LDG_KIND_TRADEMARK
			: strcmp(kind, "copyright") == 0 ? LDG_KIND_COPYRIGHT : LDG_KIND_NONE;
		r->has_value = sqlite3_column_type(st, 4) != SQLITE_NULL;
		r->value_fen = sqlite3_column_int64(st, 4);
		nr++;
	}
	if (rc != SQLITE_DONE) {
		rc = ldg_db_error(db, "cannot load pledged rights", err);
		goto out;
	}
	rc = 0;
	if (nr)
		qsort(rr, nr, sizeof(*rr), cmp_right);
	if (nr && !(a->rights = malloc(nr * sizeof(*a->rights))))
		goto nomem;
	for (j = 0; j < nr; j++)
		a->rights[j] = rr[j].r;
	for (i = 0, j = 0; i < in->nloans; i++) {
		while (j < nr && rr[j].loan_id < in->loans[i].id)
			j++;
		in->loans[i].rights = a->rights ? &a->rights[j] : NULL;
		while (j < nr && rr[j].loan_id == in->loans[i].id) {
			in->loans[i].nrights++;
			j++;
		}
	}
	goto out;
nomem:
	rc = ldg_err_set(err, LDG_ENOMEM, _("out of memory"));
out:
	free(rr);
	sqlite3_finalize(st);
	return rc;
}

/* The policies of the city's enterprises paid in [from, to), by id
 * (rules.md §2). */
static int load_policies(sqlite3 *db, const char *from, const char *to,
			 struct ldg_sub_input *in, struct ldg_err *err)
{
	static const char by_index[] =
		"SELECT p.id, p.insurer_id, p.policy_no, p.uscc, p.premium_fen, p.paid_date"
		" FROM policies p WHERE p.paid_date >= ?1 AND p.paid_date < ?2";
	static const char by_scan[] =
		"SELECT p.id, p.insurer_id, p.policy_no, p.uscc, p.premium_fen, p.paid_date"
		" FROM policies p WHERE +p.paid_date >= ?1 AND +p.paid_date < ?2";
	struct names insurers = { 0 };
	sqlite3_stmt *st = NULL;
	size_t cap = 0;
	int rc;

	if ((rc = load_names(db, "SELECT id, name FROM insurers ORDER BY id", in->arena,
			     &insurers, err))
	    || (rc = prepare_year(db, "SELECT count(*) FROM policies WHERE paid_date >= ?1"
				  " AND paid_date < ?2", "SELECT count(*) FROM policies",
				  by_index, by_scan, from, to, &st, err)))
		goto out;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		size_t ent = ent_find(in, col_text(st, 3));
		struct ldg_sub_policy *p;
		const char *insurer;

		if (ent == (size_t)-1)
			continue;
		if (ldg_grow((void **)&in->policies, &cap, in->npolicies + 1, sizeof(*in->policies)))
			goto nomem;
		p = &in->policies[in->npolicies];
		memset(p, 0, sizeof(*p));
		p->id = sqlite3_column_int64(st, 0);
		p->ent = ent;
		if (!(insurer = name_find(&insurers, sqlite3_column_int64(st, 1)))) {
			rc = ldg_err_set(err, LDG_EDB, _("policy %lld has no insurer"), (long long)p->id);
			goto out;
		}
		if (!(p->key = arena_key(in->arena, insurer, col_text(st, 2))))
			goto nomem;
		p->premium_fen = sqlite3_column_int64(st, 4);
		if ((rc = col_date(st, 5, "premium paid date", p->key, &p->paid_day, err)))
			goto out;
		in->npolicies++;
	}
	rc = rc == SQLITE_DONE ? 0 : ldg_db_error(db, "cannot load policies", err);
	if (!rc && in->npolicies)
		qsort(in->policies, in->npolicies, sizeof(*in->policies), cmp_policy);
	goto out;
nomem:
	rc = ldg_err_set(err, LDG_ENOMEM, _("out of memory"));
out:
	names_release(&insurers);
	sqlite3_finalize(st);
	return rc;
}

/* The fixings of the scheme's reference rate, oldest first. */
static int load_rates(sqlite3 *db, struct ldg_sub_input *in, struct ldg_err *err)
{
	static const char sql[] =
		"SELECT effective_date, rate_ppm FROM rates WHERE kind = ?1"
		" ORDER BY effective_date";
	sqlite3_stmt *st = NULL;
	size_t cap = 0;
	int rc;

	if ((rc = ldg_db_prepare(db, sql, &st, err)))
		return rc;
	ldg_bind_text(st, 1, in->scheme.reference_rate);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct ldg_sub_rate *r;

		if (ldg_grow((void **)&in->arena->rates, &cap, in->nrates + 1, sizeof(*r))) {
			rc = ldg_err_set(err, LDG_ENOMEM, _("out of memory"));
			goto out;
		}
		r = &in->arena->rates[in->nrates];
		if ((rc = col_date(st, 0, "effective date", in->scheme.reference_rate, &r->day, err)))
			goto out;
		r->ppm = sqlite3_column_int64(st, 1);
		in->nrates++;
	}
	rc = rc == SQLITE_DONE ? 0 : ldg_db_error(db, "cannot load rates", err);
out:
	in->rates = in->arena->rates;
	sqlite3_finalize(st);
	return rc;
}

/* Rights subsidised by finalized runs of earlier years (rules.md §3). */
static int load_prior(sqlite3 *db, const char *city, int year,
		      struct ldg_sub_input *in, struct ldg_err *err)
{
	static const char sql[] =
		"SELECT rr.right_no, r.year, rr.item_key, rr.uscc"
		" FROM run_rights rr JOIN subsidy_runs r ON r.id = rr.run_id"
		" WHERE r.city = ?1 AND r.status = 'finalized' AND r.year < ?2"
		" ORDER BY rr.right_no, r.year, rr.item_key";
	struct ldg_sub_arena *a = in->arena;
	sqlite3_stmt *st = NULL;
	size_t cap = 0;
	int rc;

	if ((rc = ldg_db_prepare(db, sql, &st, err)))
		return rc;
	ldg_bind_text(st, 1, city);
	sqlite3_bind_int(st, 2, year);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct ldg_sub_prior *p;

		if (ldg_grow((void **)&a->prior, &cap, in->nprior + 1, sizeof(*p)))
			goto nomem;
		p = &a->prior[in->nprior];
		p->year = sqlite3_column_int(st, 1);
		if (!(p->right_no = arena_str(a, col_text(st, 0)))
		    || !(p->item_key = arena_str(a, col_text(st, 2)))
		    || !(p->uscc = arena_str(a, col_text(st, 3))))
			goto nomem;
		in->nprior++;
	}
	rc = rc == SQLITE_DONE ? 0 : ldg_db_error(db, "cannot load subsidised rights", err);
	goto out;
nomem:
	rc = ldg_err_set(err, LDG_ENOMEM, _("out of memory"));
out:
	in->prior = a->prior;
	sqlite3_finalize(st);
	return rc;
}

/* Load a (city, year); see subsidy.h. */
/* cycle.md §2: the year's budget and the city's budget_shortfall. */
static int load_budget(sqlite3 *db, const char *city, int year,
		       struct ldg_sub_input *in, struct ldg_err *err)
{
	char v[LDG_SETTING_BUFSZ];
	int rc;

	if ((rc = ldg_budget_get(db, city, year, &in->has_budget, &in->budget_fen, err))
	    || (rc = ldg_setting_get(db, city, "budget_shortfall", v, sizeof(v), err)))
		return rc;
	in->shortfall_lapse = strcmp(v, "lapse") == 0;
	return 0;
}

int ldg_run_load(sqlite3 *db, const char *city, int year,
		 struct ldg_sub_input *in, int *start_year, struct ldg_err *err)
{
	char cname[128], from[16], to[16];
	int64_t prev_id = 0;
	int start = 0, rc;

	memset(in, 0, sizeof(*in));
	in->year = year;
	if (year < 1900 || year > 2998)
		return ldg_err_set(err, LDG_EINPUT, _("year %d out of range"), year);
	if (!(in->arena = calloc(1, sizeof(*in->arena))))
		return ldg_err_set(err, LDG_ENOMEM, _("out of memory"));
	city_name(db, city, cname, sizeof(cname));
	if ((rc = check_start(db, city, cname, year, &start, &prev_id, err)))
		return rc;
	if (start_year)
		*start_year = start;
	if ((rc = ldg_scheme_load_year(db, city, year, &in->scheme, err)))
		return rc;
	snprintf(from, sizeof(from), "%04d-01-01", year);
	snprintf(to, sizeof(to), "%04d-01-01", year + 1);
	if ((rc = load_rates(db, in, err))
	    || (rc = load_ents(db, city, year, in, err))
	    || (prev_id && (rc = load_carry(db, prev_id, in, err)))
	    || (rc = load_loans(db, from, to, in, err))
	    || (rc = load_rights(db, in, err))
	    || (rc = load_policies(db, from, to, in, err))
	    || (!start && (rc = load_prior(db, city, year, in, err))))
		return rc;
	return load_budget(db, city, year, in, err);
}

/* ---- storing a run ---- */

/* "330783/2024", the audit key of a run. */
static char *run_key(const char *city, int year, char *buf, size_t bufsz)
{
	snprintf(buf, bufsz, "%s/%d", city, year);
	return buf;
}

/* Step a bound insert and reset it; LDG_* on failure. */
static int step_reset(sqlite3 *db, sqlite3_stmt *st, const char *what,
		      struct ldg_err *err)
{
	int rc = sqlite3_step(st);

	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return ldg_db_error(db, what, err);
	return 0;
}

/*
 * Run static sql (an UPDATE or DELETE) once with ?1 bound to id; what
 * names the failure ("cannot reopen run").  LDG_* on failure.
 */
static int exec_id(sqlite3 *db, const char *sql, int64_t id, const char *what,
		   struct ldg_err *err)
{
	sqlite3_stmt *st = NULL;
	int rc;

	if ((rc = ldg_db_prepare(db, sql, &st, err)))
		return rc;
	sqlite3_bind_int64(st, 1, id);
	rc = step_reset(db, st, what, err);
	sqlite3_finalize(st);
	return rc;
}

/* The caps a row hit, in words, into buf (run_rows.detail). */
static void row_detail(const struct ldg_sub_row *w, char *buf, size_t bufsz)
{
	char a[LDG_MONEY_BUFSZ], b[LDG_MONEY_BUFSZ];
	size_t n = 0;
	int k;

	buf[0] = '\0';
	for (k = 0; k < LDG_KIND_COUNT; k++)
		if (w->kind_sum_fen[k] > w->interest_fen[k] && n < bufsz)
			n += (size_t)snprintf(buf + n, bufsz - n, "%s%s %s capped at %s",
					      n ? "; " : "", ldg_kind_name((enum ldg_kind)k),
					      ldg_money_format(w->kind_sum_fen[k], 0, a),
					      ldg_money_format(w->interest_fen[k], 0, b));
	if (w->premium_sum_fen > w->premium_fen && n < bufsz)
		snprintf(buf + n, bufsz - n, "%spremium %s capped at %s", n ? "; " : "",
			 ldg_money_format(w->premium_sum_fen, 0, a),
			 ldg_money_format(w->premium_fen, 0, b));
}

/* Write the rows and the carried-in payments of a computed run. */
static int store_rows(sqlite3 *db, int64_t run_id, const struct ldg_sub_input *in,
		      const struct ldg_sub_result *r, struct ldg_err *err)
{
	static const char rsql[] =
		"INSERT INTO run_rows (run_id, uscc, enterprise, interest_patent_fen,"
		" interest_trademark_fen, interest_copyright_fen, premium_fen, due_fen,"
		" carried_in_fen, contribution_fen, payable_fen, carried_out_fen,"
		" forfeited_fen, status, detail, unscaled_payable_fen)"
		" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)";
	static const char psql[] =
		"INSERT INTO run_payments (run_id, uscc, origin_year, outstanding_fen,"
		" paid_fen, forfeited_fen, carried_out_fen)"
		" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)";
	sqlite3_stmt *rs = NULL, *ps = NULL;
	char detail[512];
	size_t i;
	int rc;

	if ((rc = ldg_db_prepare(db, rsql, &rs, err)) || (rc = ldg_db_prepare(db, psql, &ps, err)))
		goto out;
	sqlite3_bind_int64(rs, 1, run_id);
	sqlite3_bind_int64(ps, 1, run_id);
	for (i = 0; i < r->nrows; i++) {
		const struct ldg_sub_row *w = &r->rows[i];
		const struct ldg_sub_ent *e = &in->ents[w->ent];

		row_detail(w, detail, sizeof(detail));
		sqlite3_bind_text(rs, 2, e->uscc, -1, SQLITE_STATIC);
		sqlite3_bind_text(rs, 3, e->name, -1, SQLITE_STATIC);
		sqlite3_bind_int64(rs, 4, w->interest_fen[LDG_KIND_PATENT]);
		sqlite3_bind_int64(rs, 5, w->interest_fen[LDG_KIND_TRADEMARK]);
		sqlite3_bind_int64(rs, 6, w->interest_fen[LDG_KIND_COPYRIGHT]);
		sqlite3_bind_int64(rs, 7, w->premium_fen);
		sqlite3_bind_int64(rs, 8, w->due_fen);
		sqlite3_bind_int64(rs, 9, w->carried_in_fen);
		ldg_bind_int64n(rs, 10, w->contribution_fen, !w->has_contribution);
		sqlite3_bind_int64(rs, 11, w->payable_fen);
		sqlite3_bind_int64(rs, 12, w->carried_out_fen);
		sqlite3_bind_int64(rs, 13, w->forfeited_fen);
		sqlite3_bind_text(rs, 14, ldg_sub_status_name(w->status), -1, SQLITE_STATIC);
		sqlite3_bind_text(rs, 15, detail, -1, SQLITE_STATIC);
		ldg_bind_int64n(rs, 16, w->unscaled_payable_fen, !r->scaled);
		if ((rc = step_reset(db, rs, "cannot store run rows", err)))
			goto out;
	}
	for (i = 0; i < r->nflows; i++) {
		const struct ldg_sub_flow *f = &r->flows[i];

		/* Origin Y is the row's remainder; only carried-in origins are
		 * written (rules.md §6, for explain). */
		if (f->origin_year >= r->year)
			continue;
		sqlite3_bind_text(ps, 2, in->ents[r->rows[f->row].ent].uscc, -1, SQLITE_STATIC);
		sqlite3_bind_int(ps, 3, f->origin_year);
		sqlite3_bind_int64(ps, 4, f->outstanding_fen);
		sqlite3_bind_int64(ps, 5, f->paid_fen);
		sqlite3_bind_int64(ps, 6, f->forfeited_fen);
		sqlite3_bind_int64(ps, 7, f->carried_out_fen);
		if ((rc = step_reset(db, ps, "cannot store run payments", err)))
			goto out;
	}
out:
	sqlite3_finalize(rs);
	sqlite3_finalize(ps);
	return rc;
}

/*
 * What each enterprise carries out of the run, by origin year (rules.md
 * §6): the next year's run reads it from the finalized run of this year, so
 * it is written by finalize, from the figures finalize has just checked.
 */
static int store_carry(sqlite3 *db, int64_t run_id, const struct ldg_sub_input *in,
		       const struct ldg_sub_result *r, struct ldg_err *err)
{
	static const char del[] = "DELETE FROM run_carry WHERE run_id = ?1";
	static const char ins[] =
		"INSERT INTO run_carry (run_id, uscc, origin_year, amount_fen)"
		" VALUES (?1, ?2, ?3, ?4)";
	sqlite3_stmt *cs = NULL;
	size_t i;
	int rc;

	if ((rc = exec_id(db, del, run_id, "cannot store carried amounts", err))
	    || (rc = ldg_db_prepare(db, ins, &cs, err)))
		goto out;
	sqlite3_bind_int64(cs, 1, run_id);
	for (i = 0; i < r->nflows; i++) {
		const struct ldg_sub_flow *f = &r->flows[i];

		if (f->carried_out_fen <= 0)
			continue;
		sqlite3_bind_text(cs, 2, in->ents[r->rows[f->row].ent].uscc, -1, SQLITE_STATIC);
		sqlite3_bind_int(cs, 3, f->origin_year);
		sqlite3_bind_int64(cs, 4, f->carried_out_fen);
		if ((rc = step_reset(db, cs, "cannot store carried amounts", err)))
			goto out;
	}
out:
	sqlite3_finalize(cs);
	return rc;
}

/* Write every item's derivation. */
static int store_items(sqlite3 *db, int64_t run_id, const struct ldg_sub_input *in,
		       const struct ldg_sub_result *r, struct ldg_err *err)
{
	static const char isql[] =
		"INSERT INTO run_items (run_id, item_type, item_id, item_key, uscc,"
		" item_date, reason, reason_detail, base_fen, days, rate_ppm, rate_date,"
		" share_ppm, day_basis, raw_fen, paid_cap_fen, subsidy_fen, patent_fen,"
		" trademark_fen, copyright_fen, premium_fen)"
		" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14,"
		" ?15, ?16, ?17, ?18, ?19, ?20, ?21)";
	sqlite3_stmt *is = NULL;
	char detail[512], d1[LDG_DATE_BUFSZ], d2[LDG_DATE_BUFSZ];
	size_t i;
	int rc;

	if ((rc = ldg_db_prepare(db, isql, &is, err)))
		goto out;
	sqlite3_bind_int64(is, 1, run_id);
	for (i = 0; i < r->nitems; i++) {
		const struct ldg_sub_item *it = &r->items[i];
		const struct ldg_sub_loan *l = it->is_policy ? NULL : &in->loans[it->index];
		const struct ldg_sub_policy *p = it->is_policy ? &in->policies[it->index] : NULL;
		int calc = it->has_calc;

		ldg_sub_item_detail(in, it, detail, sizeof(detail));
		sqlite3_bind_text(is, 2, l ? "loan" : "policy", -1, SQLITE_STATIC);
		sqlite3_bind_int64(is, 3, l ? l->id : p->id);
		sqlite3_bind_text(is, 4, l ? l->key : p->key, -1, SQLITE_STATIC);
		sqlite3_bind_text(is, 5, in->ents[it->ent].uscc, -1, SQLITE_STATIC);
		sqlite3_bind_text(is, 6, ldg_date_format(l ? l->settle_day : p->paid_day, d1),
				  -1, SQLITE_STATIC);
		sqlite3_bind_text(is, 7, ldg_sub_reason_code(it->reason), -1, SQLITE_STATIC);
		sqlite3_bind_text(is, 8, detail, -1, SQLITE_STATIC);
		ldg_bind_int64n(is, 9, it->base_fen, !calc);
		ldg_bind_int64n(is, 10, it->days, !calc);
		ldg_bind_int64n(is, 11, it->rate_ppm, !calc);
		if (calc)
			sqlite3_bind_text(is, 12, ldg_date_format(it->rate_day, d2), -1, SQLITE_STATIC);
		else
			sqlite3_bind_null(is, 12);
		ldg_bind_int64n(is, 13, it->share_ppm, !calc && !(p && it->reason == LDG_SUB_ELIGIBLE));
		ldg_bind_int64n(is, 14, it->day_basis, !calc);
		ldg_bind_int64n(is, 15, it->raw_fen, !calc);
		ldg_bind_int64n(is, 16, it->paid_cap_fen, !calc || !it->has_paid_cap);
		sqlite3_bind_int64(is, 17, it->subsidy_fen);
		sqlite3_bind_int64(is, 18, it->kind_fen[LDG_KIND_PATENT]);
		sqlite3_bind_int64(is, 19, it->kind_fen[LDG_KIND_TRADEMARK]);
		sqlite3_bind_int64(is, 20, it->kind_fen[LDG_KIND_COPYRIGHT]);
		ldg_bind_int64n(is, 21, it->premium_fen, l != NULL);
		if ((rc = step_reset(db, is, "cannot store run items", err)))
			goto out;
	}
out:
	sqlite3_finalize(is);
	return rc;
}

/*
 * rules.md §3 IP_SUBSIDISED_BEFORE reads these: every right of a loan whose
 * §4 subsidy (after the paid cap, before the §5 caps) is above 0.  Written
 * when the run is finalized (only finalized runs count), from the figures
 * finalize has just checked against the draft.
 */
static int store_rights(sqlite3 *db, int64_t run_id, const struct ldg_sub_input *in,
			const struct ldg_sub_result *r, struct ldg_err *err)
{
	static const char del[] = "DELETE FROM run_rights WHERE run_id = ?1";
	static const char ins[] =
		"INSERT OR IGNORE INTO run_rights (run_id, right_no, item_key, uscc)"
		" VALUES (?1, ?2, ?3, ?4)";
	sqlite3_stmt *rs = NULL;
	size_t i, j;
	int rc;

	if ((rc = exec_id(db, del, run_id, "cannot store subsidised rights", err))
	    || (rc = ldg_db_prepare(db, ins, &rs, err)))
		goto out;
	sqlite3_bind_int64(rs, 1, run_id);
	for (i = 0; i < r->nitems; i++) {
		const struct ldg_sub_item *it = &r->items[i];
		const struct ldg_sub_loan *l;

		if (it->is_policy || it->subsidy_fen <= 0)
			continue;
		l = &in->loans[it->index];
		for (j = 0; j < l->nrights; j++) {
			sqlite3_bind_text(rs, 2, l->rights[j].right_no, -1, SQLITE_STATIC);
			sqlite3_bind_text(rs, 3, l->key, -1, SQLITE_STATIC);
			sqlite3_bind_text(rs, 4, in->ents[it->ent].uscc, -1, SQLITE_STATIC);
			if ((rc = step_reset(db, rs, "cannot store subsidised rights", err)))
				goto out;
		}
	}
out:
	sqlite3_finalize(rs);
	return rc;
}

/* Totals of a result for the CLI. */
static void summarise(const struct ldg_sub_result *r, int start,
		      struct ldg_run_summary *sum)
{
	size_t i;

	memset(sum, 0, sizeof(*sum));
	sum->start_year = start;
	sum->nrows = r->nrows;
	sum->nitems = r->nitems;
	sum->nblocked = r->nblocked;
	for (i = 0; i < r->nitems; i++)
		if (r->items[i].reason == LDG_SUB_ELIGIBLE)
			sum->neligible++;
	for (i = 0; i < r->nrows; i++) {
		const struct ldg_sub_row *w = &r->rows[i];

		if (w->status == LDG_SUB_BARRED_ROW)
			sum->nbarred++;
		sum->due_fen += w->due_fen;
		sum->payable_fen += w->payable_fen;
		sum->carried_out_fen += w->carried_out_fen;
		sum->forfeited_fen += w->forfeited_fen;
	}
	sum->scaled = r->scaled;
	sum->unscaled_total_fen = r->unscaled_total_fen;
}

/* The state of finalized run id ("finalized", "publicized", "paid") into buf. */
static int run_stage(sqlite3 *db, int64_t id, char *buf, size_t bufsz,
		     struct ldg_err *err)
{
	static const char sql[] =
		"SELECT COALESCE(stage, 'finalized') FROM subsidy_runs WHERE id = ?1";
	sqlite3_stmt *st = NULL;
	int rc;

	snprintf(buf, bufsz, "finalized");
	if ((rc = ldg_db_prepare(db, sql, &st, err)))
		return rc;
	sqlite3_bind_int64(st, 1, id);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW)
		snprintf(buf, bufsz, "%s", col_text(st, 0));
	rc = rc == SQLITE_ROW || rc == SQLITE_DONE ? 0
		: ldg_db_error(db, "cannot read subsidy runs", err);
	sqlite3_finalize(st);
	return rc;
}

/* `subsidy compute`; see subsidy.h. */
int ldg_run_compute(sqlite3 *db, const char *city, int year,
		    struct ldg_run_summary *sum, struct ldg_err *err)
{
	static const char del[] = "DELETE FROM subsidy_runs WHERE id = ?1";
	static const char ins[] =
		"INSERT INTO subsidy_runs (city, year, status, computed_at, scheme, digest, budget_fen)"
		" VALUES (?1, ?2, 'draft', ?3, ?4, ?5, ?6)";
	struct ldg_sub_input in = { 0 };
	struct ldg_sub_result r = { 0 };
	struct ldg_run_summary s;
	sqlite3_stmt *st = NULL;
	char cname[128], digest[20], now[32], key[32], detail[256];
	char m1[LDG_MONEY_BUFSZ], m2[LDG_MONEY_BUFSZ];
	char *scheme = NULL;
	int64_t old_id, run_id;
	int status, start = 0, rc;

	if ((rc = ldg_db_begin(db, err)))
		return rc;
	city_name(db, city, cname, sizeof(cname));
	if ((rc = run_lookup(db, city, year, &old_id, &status, err)))
		goto out;
	if (old_id && status) {
		char stage[16];

		if ((rc = run_stage(db, old_id, stage, sizeof(stage), err)))
			goto out;
		if (strcmp(stage, "paid") == 0)
			rc = ldg_err_set(err, LDG_ECONFLICT,
					 _("subsidy run %s %d is paid: a paid run is never computed again; "
					 "correct it with 'pledger subsidy adjust'"), cname, year);
		else
			rc = ldg_err_set(err, LDG_ECONFLICT,
					 _("subsidy run %s %d is %s; reopen it first"), cname, year, stage);
		goto out;
	}
	if ((rc = ldg_run_load(db, city, year, &in, &start, err))
	    || (rc = ldg_sub_compute(&in, &r, err)))
		goto out;
	ldg_sub_digest(&in, &r, digest);
	if (!(scheme = ldg_scheme_text(&in.scheme))) {
		rc = ldg_err_set(err, LDG_ENOMEM, _("out of memory"));
		goto out;
	}
	if (old_id && (rc = exec_id(db, del, old_id, "cannot replace draft run", err)))
		goto out;
	if ((rc = ldg_db_prepare(db, ins, &st, err)))
		goto out;
	ldg_bind_text(st, 1, city);
	sqlite3_bind_int(st, 2, year);
	ldg_bind_text(st, 3, ldg_now(now));
	ldg_bind_text(st, 4, scheme);
	ldg_bind_text(st, 5, digest);
	ldg_bind_int64n(st, 6, in.budget_fen, !in.has_budget);
	if ((rc = step_reset(db, st, "cannot store run", err)))
		goto out;
	run_id = sqlite3_last_insert_rowid(db);
	if ((rc = store_rows(db, run_id, &in, &r, err))
	    || (rc = store_items(db, run_id, &in, &r, err)))
		goto out;
	summarise(&r, start, &s);
	s.has_budget = in.has_budget;
	s.budget_fen = in.budget_fen;
	snprintf(detail, sizeof(detail), "%zu rows, %zu items, %zu blocked; due %s, payable %s; digest %s",
		 s.nrows, s.nitems, s.nblocked, ldg_money_format(s.due_fen, 0, m1),
		 ldg_money_format(s.payable_fen, 0, m2), digest);
	if ((rc = ldg_audit(db, "compute", "run", run_key(city, year, key, sizeof(key)),
			    "status", old_id ? "draft" : NULL, "draft", 0, detail, err)))
		goto out;
	if ((rc = ldg_db_commit(db, err)))
		goto out;
	if (sum)
		*sum = s;
out:
	if (rc)
		ldg_db_rollback(db);
	sqlite3_finalize(st);
	free(scheme);
	ldg_sub_result_release(&r);
	ldg_sub_input_release(&in);
	return rc;
}

/* `subsidy finalize`; see subsidy.h. */
int ldg_run_finalize(sqlite3 *db, const char *city, int year,
		     struct ldg_run_blocked **blocked, size_t *nblocked,
		     struct ldg_err *err)
{
	static const char dsql[] = "SELECT digest FROM subsidy_runs WHERE id = ?1";
	static const char upd[] =
		"UPDATE subsidy_runs SET status = 'finalized', finalized_at = ?2"
		" WHERE id = ?1 AND status = 'draft'";
	struct ldg_sub_input in = { 0 };
	struct ldg_sub_result r = { 0 };
	sqlite3_stmt *st = NULL;
	char cname[128], digest[20], stored[20] = "", now[32], key[32];
	int64_t id;
	int status, rc;
	size_t i, n = 0;

	if (blocked)
		*blocked = NULL;
	if (nblocked)
		*nblocked = 0;
	/* a damaged file is never signed (issue 12) */
	if ((rc = ldg_db_quick_check(db, err)))
		return rc;
	if ((rc = ldg_db_begin(db, err)))
		return rc;
	city_name(db, city, cname, sizeof(cname));
	if ((rc = run_lookup(db, city, year, &id, &status, err)))
		goto out;
	if (!id) {
		rc = ldg_err_set(err, LDG_ENOTFOUND,
				 _("no subsidy run for %s %d; run 'pledger subsidy compute' first"),
				 cname, year);
		goto out;
	}
	if (status) {
		rc = ldg_err_set(err, LDG_ECONFLICT, _("subsidy run %s %d is already finalized"),
				 cname, year);
		goto out;
	}
	/* The data as they are now must give the stored draft. */
	if ((rc = ldg_run_load(db, city, year, &in, NULL, err))
	    || (rc = ldg_sub_compute(&in, &r, err)))
		goto out;
	if (r.nblocked) {
		if (blocked && !(*blocked = calloc(r.nblocked, sizeof(**blocked)))) {
			rc = ldg_err_set(err, LDG_ENOMEM, _("out of memory"));
			goto out;
		}
		for (i = 0; blocked && i < r.nrows; i++)
			if (r.rows[i].status == LDG_SUB_BLOCKED) {
				const struct ldg_sub_ent *e = &in.ents[r.rows[i].ent];

				snprintf((*blocked)[n].uscc, sizeof((*blocked)[n].uscc), "%s", e->uscc);
				snprintf((*blocked)[n].name, sizeof((*blocked)[n].name), "%s", e->name);
				n++;
			}
		if (nblocked)
			*nblocked = r.nblocked;
		rc = ldg_err_set(err, LDG_ECONFLICT,
				 P_("cannot finalize %s %d: no contribution recorded for %d for %zu "
				    "enterprise with an amount outstanding (enter it with 'pledger contribution "
				    "add --uscc USCC --year %d AMOUNT', 0 to pay nothing, then compute again)",
				    "cannot finalize %s %d: no contribution recorded for %d for %zu "
				    "enterprises with an amount outstanding (enter it with 'pledger contribution "
				    "add --uscc USCC --year %d AMOUNT', 0 to pay nothing, then compute again)",
				    r.nblocked), cname, year, year, r.nblocked, year);
		goto out;
	}
	ldg_sub_digest(&in, &r, digest);
	if ((rc = ldg_db_prepare(db, dsql, &st, err)))
		goto out;
	sqlite3_bind_int64(st, 1, id);
	if (sqlite3_step(st) == SQLITE_ROW)
		snprintf(stored, sizeof(stored), "%s", col_text(st, 0));
	sqlite3_finalize(st);
	st = NULL;
	if (strcmp(stored, digest) != 0) {
		rc = ldg_err_set(err, LDG_ECONFLICT,
				 _("subsidy run %s %d is out of date: its data or scheme changed since "
				 "it was computed; run 'pledger subsidy compute' again and check it"),
				 cname, year);
		goto out;
	}
	/* the rights and the carry are written while the run is a draft: the
	 * lock triggers of migrate 5 refuse them once it is finalized */
	if ((rc = store_rights(db, id, &in, &r, err))
	    || (rc = store_carry(db, id, &in, &r, err)))
		goto out;
	if ((rc = ldg_db_prepare(db, upd, &st, err)))
		goto out;
	sqlite3_bind_int64(st, 1, id);
	ldg_bind_text(st, 2, ldg_now(now));
	if ((rc = step_reset(db, st, "cannot finalize run", err)))
		goto out;
	if (sqlite3_changes(db) != 1) {
		rc = ldg_err_set(err, LDG_ECONFLICT, _("subsidy run %s %d is already finalized"),
				 cname, year);
		goto out;
	}
	if ((rc = ldg_audit(db, "finalize", "run", run_key(city, year, key, sizeof(key)),
			    "status", "draft", "finalized", 0, digest, err)))
		goto out;
	rc = ldg_db_commit(db, err);
out:
	if (rc) {
		ldg_db_rollback(db);
		if (blocked && rc != LDG_ECONFLICT) {
			free(*blocked);
			*blocked = NULL;
		}
	}
	sqlite3_finalize(st);
	ldg_sub_result_release(&r);
	ldg_sub_input_release(&in);
	return rc;
}

/* `subsidy reopen`; see subsidy.h. */
int ldg_run_reopen(sqlite3 *db, const char *city, int year, const char *reason,
		   struct ldg_err *err)
{
	static const char upd[] =
		"UPDATE subsidy_runs SET status = 'draft', finalized_at = NULL,"
		" stage = NULL, publicity_id = NULL"
		" WHERE id = ?1 AND status = 'finalized' AND stage IS NOT 'paid'";
	char cname[128], key[32], stage[16];
	int64_t id;
	int status, rc, later;

	if (!reason || !*reason)
		return ldg_err_set(err, LDG_EUSAGE, _("reopening a run needs a reason"));
	if ((rc = ldg_db_begin(db, err)))
		return rc;
	city_name(db, city, cname, sizeof(cname));
	if ((rc = run_lookup(db, city, year, &id, &status, err)))
		goto out;
	if (!id) {
		rc = ldg_err_set(err, LDG_ENOTFOUND, _("no subsidy run for %s %d"), cname, year);
		goto out;
	}
	if (!status) {
		rc = ldg_err_set(err, LDG_ECONFLICT, _("subsidy run %s %d is not finalized"), cname, year);
		goto out;
	}
	if ((rc = run_stage(db, id, stage, sizeof(stage), err)))
		goto out;
	if (strcmp(stage, "paid") == 0) {
		rc = ldg_err_set(err, LDG_ECONFLICT,
				 "subsidy run %s %d is paid: a paid run is never reopened; "
				 "correct it with 'pledger subsidy adjust' in the next year's run",
				 cname, year);
		goto out;
	}
	if ((rc = later_finalized(db, city, year, &later, err)))
		goto out;
	if (later) {
		rc = ldg_err_set(err, LDG_ECONFLICT,
				 _("cannot reopen %s %d: the run of %d is finalized after it; "
				 "reopen the latest run first"), cname, year, later);
		goto out;
	}
	/* Its rights no longer count as subsidised (rules.md §3), its carry
	 * is no longer final (rules.md §6): finalize writes them again. */
	if ((rc = exec_id(db, upd, id, "cannot reopen run", err))
	    || (rc = exec_id(db, "DELETE FROM run_rights WHERE run_id = ?1", id,
			     "cannot reopen run", err))
	    || (rc = exec_id(db, "DELETE FROM run_carry WHERE run_id = ?1", id,
			     "cannot reopen run", err)))
		goto out;
	if ((rc = ldg_audit(db, "reopen", "run", run_key(city, year, key, sizeof(key)),
			    "status", stage, "draft", 0, reason, err)))
		goto out;
	rc = ldg_db_commit(db, err);
out:
	if (rc)
		ldg_db_rollback(db);
	return rc;
}

/* ldg_run_find: see ledger_int.h. */
int ldg_run_find(sqlite3 *db, const char *city, int year, int with_scheme,
		 struct ldg_run_found *f, struct ldg_err *err)
{
	static const char sql[] =
		"SELECT r.id, r.city, c.name, r.year, r.status, r.computed_at,"
		" r.finalized_at, r.scheme, r.digest,"
		" NOT EXISTS (SELECT 1 FROM subsidy_runs e WHERE e.city = r.city AND e.year < r.year),"
		" r.budget_fen, r.stage, p.date_from, p.date_to, r.paid_on, r.voucher,"
		" r.publicity_id"
		" FROM cities c LEFT JOIN subsidy_runs r ON r.city = c.code AND r.year = ?2"
		" LEFT JOIN run_publicity p ON p.id = r.publicity_id"
		" WHERE c.code = ?1";
	struct ldg_run_info *info = &f->info;
	sqlite3_stmt *st = NULL;
	int rc;

	memset(f, 0, sizeof(*f));
	if ((rc = ldg_db_prepare(db, sql, &st, err)))
		return rc;
	ldg_bind_text(st, 1, city);
	sqlite3_bind_int(st, 2, year);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		f->city_known = 1;
		snprintf(f->city_name, sizeof(f->city_name), "%s", col_text(st, 2));
		rc = 0;
	} else if (rc == SQLITE_DONE) {
		rc = 0;
		goto out;
	} else {
		rc = ldg_db_error(db, "cannot read subsidy runs", err);
		goto out;
	}
	if (sqlite3_column_type(st, 0) == SQLITE_NULL)
		goto out;
	info->id = sqlite3_column_int64(st, 0);
	snprintf(info->city, sizeof(info->city), "%s", col_text(st, 1));
	snprintf(info->city_name, sizeof(info->city_name), "%s", col_text(st, 2));
	info->year = sqlite3_column_int(st, 3);
	info->status = strcmp(col_text(st, 4), "finalized") == 0
		? LDG_RUN_FINALIZED : LDG_RUN_DRAFT;
	snprintf(info->computed_at, sizeof(info->computed_at), "%s", col_text(st, 5));
	snprintf(info->finalized_at, sizeof(info->finalized_at), "%s", col_text(st, 6));
	snprintf(info->digest, sizeof(info->digest), "%s", col_text(st, 8));
	info->start_year = sqlite3_column_int(st, 9);
	info->has_budget = sqlite3_column_type(st, 10) != SQLITE_NULL;
	info->budget_fen = sqlite3_column_int64(st, 10);
	info->state = info->status == LDG_RUN_DRAFT ? LDG_STATE_DRAFT
		: strcmp(col_text(st, 11), "paid") == 0 ? LDG_STATE_PAID
		: strcmp(col_text(st, 11), "publicized") == 0 ? LDG_STATE_PUBLICIZED
		: LDG_STATE_FINALIZED;
	snprintf(info->publicity_from, sizeof(info->publicity_from), "%s", col_text(st, 12));
	snprintf(info->publicity_to, sizeof(info->publicity_to), "%s", col_text(st, 13));
	snprintf(info->paid_on, sizeof(info->paid_on), "%s", col_text(st, 14));
	snprintf(info->voucher, sizeof(info->voucher), "%s", col_text(st, 15));
	f->publicity_id = sqlite3_column_int64(st, 16);
	if (with_scheme)
		rc = ldg_scheme_parse_text(col_text(st, 7), &info->scheme, err);
out:
	sqlite3_finalize(st);
	return rc;
}

/* Find a run; see subsidy.h. */
int ldg_run_get(sqlite3 *db, const char *city, int year,
		struct ldg_run_info *info, struct ldg_err *err)
{
	struct ldg_run_found f;
	int rc;

	memset(info, 0, sizeof(*info));
	if ((rc = ldg_run_find(db, city, year, 1, &f, err))) {
		if (f.info.id)
			*info = f.info;
		return rc;
	}
	if (!f.info.id) {
		char cname[128];

		city_name(db, city, cname, sizeof(cname));
		return ldg_err_set(err, LDG_ENOTFOUND,
				   _("no subsidy run for %s %d; run 'pledger subsidy compute' first"),
				   cname, year);
	}
	*info = f.info;
	return 0;
}

/* Free rows from ldg_run_rows(). */
void ldg_run_rows_free(struct ldg_run_row *rows, size_t n)
{
	size_t i;

	for (i = 0; rows && i < n; i++)
		free(rows[i].enterprise);
	free(rows);
}

/* The stored rows of a run; see subsidy.h. */
int ldg_run_rows(sqlite3 *db, int64_t run_id, struct ldg_run_row **rows,
		 size_t *n, struct ldg_err *err)
{
	static const char sql[] =
		"SELECT uscc, enterprise, interest_patent_fen, interest_trademark_fen,"
		" interest_copyright_fen, premium_fen, due_fen, carried_in_fen,"
		" contribution_fen, payable_fen, carried_out_fen, forfeited_fen, status,"
		" unscaled_payable_fen"
		" FROM run_rows WHERE run_id = ?1 ORDER BY uscc";
	sqlite3_stmt *st = NULL;
	struct ldg_run_row *v = NULL;
	size_t cap = 0, cnt = 0;
	int rc;

	*rows = NULL;
	*n = 0;
	if ((rc = ldg_db_prepare(db, sql, &st, err)))
		return rc;
	sqlite3_bind_int64(st, 1, run_id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct ldg_run_row *w;
		const char *status = col_text(st, 12);

		if (ldg_grow((void **)&v, &cap, cnt + 1, sizeof(*v)))
			goto nomem;
		w = &v[cnt];
		memset(w, 0, sizeof(*w));
		snprintf(w->uscc, sizeof(w->uscc), "%s", col_text(st, 0));
		if (!(w->enterprise = strdup(col_text(st, 1))))
			goto nomem;
		cnt++;
		w->interest_fen[LDG_KIND_PATENT] = sqlite3_column_int64(st, 2);
		w->interest_fen[LDG_KIND_TRADEMARK] = sqlite3_column_int64(st, 3);
		w->interest_fen[LDG_KIND_COPYRIGHT] = sqlite3_column_int64(st, 4);
		w->premium_fen = sqlite3_column_int64(st, 5);
		w->due_fen = sqlite3_column_int64(st, 6);
		w->carried_in_fen = sqlite3_column_int64(st, 7);
		w->has_contribution = sqlite3_column_type(st, 8) != SQLITE_NULL;
		w->contribution_fen = sqlite3_column_int64(st, 8);
		w->payable_fen = sqlite3_column_int64(st, 9);
		w->carried_out_fen = sqlite3_column_int64(st, 10);
		w->forfeited_fen = sqlite3_column_int64(st, 11);
		w->scaled = sqlite3_column_type(st, 13) != SQLITE_NULL;
		w->unscaled_payable_fen = w->scaled ? sqlite3_column_int64(st, 13) : w->payable_fen;
		w->status = strcmp(status, "blocked") == 0 ? LDG_SUB_BLOCKED
			: strcmp(status, "barred") == 0 ? LDG_SUB_BARRED_ROW : LDG_SUB_OK;
	}
	if (rc != SQLITE_DONE) {
		rc = ldg_db_error(db, "cannot read run rows", err);
		goto fail;
	}
	sqlite3_finalize(st);
	*rows = v;
	*n = cnt;
	return 0;
nomem:
	rc = ldg_err_set(err, LDG_ENOMEM, _("out of memory"));
fail:
	sqlite3_finalize(st);
	ldg_run_rows_free(v, cnt);
	return rc;
}
