/*
 * search.c — the loan search from memory: see search.h.
 *
 * A snapshot holds four lists, each a text of NUL-terminated entries with
 * the offset of each entry (so that a memmem() hit in the whole text is
 * turned into its entry by a binary search of the offsets; the query has
 * no NUL, so a hit never spans two entries):
 *
 *   loans        contract number, in list order; with the bank and the
 *                enterprise of each as an index into their lists
 *   enterprises  "name\0USCC" (two entries each), by USCC
 *   banks        name, by id
 *   rights       right number, with the loan of each
 *
 * Snapshots are shared by the searches running at once and counted; a
 * new one replaces the current one for later searches, the old one is
 * freed by the last search that holds it.  memmem() is GNU's (the build
 * defines _GNU_SOURCE).
 */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ledger/db.h"
#include "ledger/grow.h"
#include "ledger/lang.h"
#include "ledger/search.h"

struct text {
	char *buf;                  /* entries, each NUL-terminated */
	size_t len, cap;
	size_t *off;                /* offset of entry i; off[n] = len */
	size_t n, ncap;
};

struct snap {
	unsigned refs;              /* searches holding it, +1 while current */
	int64_t version;            /* PRAGMA data_version it was read at */
	struct text loans;          /* contract numbers, list order */
	int64_t *id;                /* loan ids, list order */
	uint32_t *bank;             /* index into banks, per loan */
	uint32_t *ent;              /* index into enterprises, per loan */
	struct text ents;           /* entries 2i (name) and 2i+1 (USCC) */
	char **uscc;                /* each enterprise's USCC as stored */
	struct text banks;
	int64_t *bank_id;           /* id of each bank */
	struct text rights;
	uint32_t *right_loan;       /* index into loans, per right */
};

struct ldg_search {
	pthread_mutex_t mu;         /* db, cur, builds */
	char *path;
	sqlite3 *db;                /* opened on the first search */
	struct snap *cur;
	unsigned long builds;
};

/* Append one entry (ASCII letters lowercased when fold). */
static int text_add(struct text *t, const char *s, int fold)
{
	size_t len = strlen(s), i;

	if (ldg_grow((void **)&t->buf, &t->cap, t->len + len + 1, 1)
	    || ldg_grow((void **)&t->off, &t->ncap, t->n + 2, sizeof(size_t)))
		return -1;
	t->off[t->n++] = t->len;
	for (i = 0; i < len; i++) {
		char c = s[i];

		t->buf[t->len++] = fold && c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
	}
	t->buf[t->len++] = '\0';
	t->off[t->n] = t->len;
	return 0;
}

static void text_free(struct text *t)
{
	free(t->buf);
	free(t->off);
}

/* The entry holding offset o of t's text. */
static size_t text_entry(const struct text *t, size_t o)
{
	size_t lo = 0, hi = t->n;

	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;

		if (t->off[mid] <= o)
			lo = mid;
		else
			hi = mid;
	}
	return lo;
}

/* Set mark[e] for every entry e of t that contains q (qlen > 0). */
static void text_find(const struct text *t, const char *q, size_t qlen, unsigned char *mark)
{
	const char *p = t->buf, *end = t->buf + t->len;

	while (p < end && (p = memmem(p, (size_t)(end - p), q, qlen))) {
		size_t e = text_entry(t, (size_t)(p - t->buf));

		mark[e] = 1;
		p = t->buf + t->off[e + 1];      /* on to the next entry */
	}
}

static void snap_free(struct snap *sn)
{
	size_t i;

	if (!sn)
		return;
	text_free(&sn->loans);
	text_free(&sn->ents);
	text_free(&sn->banks);
	text_free(&sn->rights);
	free(sn->id);
	free(sn->bank);
	free(sn->ent);
	if (sn->uscc)
		for (i = 0; i < sn->ents.n / 2; i++)
			free(sn->uscc[i]);
	free(sn->uscc);
	free(sn->bank_id);
	free(sn->right_loan);
	free(sn);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The index of the bank with id, or -1. */
static long bank_index(const struct snap *sn, int64_t id)
{
	size_t lo = 0, hi = sn->banks.n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (sn->bank_id[mid] == id)
			return (long)mid;
		if (sn->bank_id[mid] < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return -1;
}

struct idpos {
	int64_t id;
	uint32_t pos;
};

static int cmp_idpos(const void *a, const void *b)
{
	const struct idpos *x = a, *y = b;

	return x->id < y->id ? -1 : x->id > y->id;
}

/* Read a snapshot from db (inside one read transaction). */
static int snap_read(sqlite3 *db, struct snap *sn, struct ldg_err *err)
{
	static const char ents_sql[] = "SELECT uscc, name FROM enterprises ORDER BY uscc";
	static const char banks_sql[] = "SELECT id, name FROM banks ORDER BY id";
	static const char loans_sql[] =
		"SELECT id, bank_id, uscc, contract_no FROM loans ORDER BY start_date DESC, id DESC";
	static const char rights_sql[] = "SELECT loan_id, right_no FROM loan_rights";
	sqlite3_stmt *st = NULL;
	struct idpos *byid = NULL;
	size_t cap = 0, ncap = 0, bcap = 0, rcap = 0, n, i;
	int rc = LDG_EDB;

	if ((rc = ldg_db_prepare(db, ents_sql, &st, err)))
		goto out;
	n = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *u = (const char *)sqlite3_column_text(st, 0);
		const char *name = (const char *)sqlite3_column_text(st, 1);

		if (ldg_grow((void **)&sn->uscc, &ncap, n + 1, sizeof(char *))
		    || !(sn->uscc[n] = strdup(u ? u : "")))
			goto nomem;
		n++;
		if (text_add(&sn->ents, name ? name : "", 1) || text_add(&sn->ents, u ? u : "", 1))
			goto nomem;
	}
	if (rc != SQLITE_DONE)
		goto dberr;
	sqlite3_finalize(st);
	st = NULL;

	if ((rc = ldg_db_prepare(db, banks_sql, &st, err)))
		goto out;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *name = (const char *)sqlite3_column_text(st, 1);

		if (ldg_grow((void **)&sn->bank_id, &bcap, sn->banks.n + 1, sizeof(int64_t)))
			goto nomem;
		sn->bank_id[sn->banks.n] = sqlite3_column_int64(st, 0);
		if (text_add(&sn->banks, name ? name : "", 1))
			goto nomem;
	}
	if (rc != SQLITE_DONE)
		goto dberr;
	sqlite3_finalize(st);
	st = NULL;

	if ((rc = ldg_db_prepare(db, loans_sql, &st, err)))
		goto out;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *u = (const char *)sqlite3_column_text(st, 2);
		const char *c = (const char *)sqlite3_column_text(st, 3);
		char **hit;
		long b;

		n = sn->loans.n;
		if (n >= UINT32_MAX)
			goto nomem;
		if (n == cap) {
			/* the three arrays grow together, to cap each */
			void *p;

			if (ldg_grow((void **)&sn->id, &cap, n + 1, sizeof(int64_t)))
				goto nomem;
			if (!(p = realloc(sn->bank, cap * sizeof(uint32_t))))
				goto nomem;
			sn->bank = p;
			if (!(p = realloc(sn->ent, cap * sizeof(uint32_t))))
				goto nomem;
			sn->ent = p;
		}
		sn->id[n] = sqlite3_column_int64(st, 0);
		b = bank_index(sn, sqlite3_column_int64(st, 1));
		hit = u ? bsearch(&u, sn->uscc, sn->ents.n / 2, sizeof(char *), cmp_str) : NULL;
		if (b < 0 || !hit) {
			/* foreign keys make this impossible; say so if not */
			rc = ldg_err_set(err, LDG_EDB, _("loan %lld has no bank or enterprise"),
					 (long long)sn->id[n]);
			goto out;
		}
		sn->bank[n] = (uint32_t)b;
		sn->ent[n] = (uint32_t)(hit - sn->uscc);
		if (text_add(&sn->loans, c ? c : "", 1))
			goto nomem;
	}
	if (rc != SQLITE_DONE)
		goto dberr;
	sqlite3_finalize(st);
	st = NULL;

	/* rights name their loan by id: find its place in the list order */
	if (sn->loans.n && !(byid = malloc(sn->loans.n * sizeof(*byid))))
		goto nomem;
	for (i = 0; i < sn->loans.n; i++) {
		byid[i].id = sn->id[i];
		byid[i].pos = (uint32_t)i;
	}
	if (sn->loans.n)
		qsort(byid, sn->loans.n, sizeof(*byid), cmp_idpos);
	if ((rc = ldg_db_prepare(db, rights_sql, &st, err)))
		goto out;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct idpos key = { sqlite3_column_int64(st, 0), 0 }, *at;
		const char *no = (const char *)sqlite3_column_text(st, 1);

		at = sn->loans.n ? bsearch(&key, byid, sn->loans.n, sizeof(*byid), cmp_idpos) : NULL;
		if (!at)
			continue;               /* cannot be: loan_rights cascade */
		if (ldg_grow((void **)&sn->right_loan, &rcap, sn->rights.n + 1, sizeof(uint32_t)))
			goto nomem;
		sn->right_loan[sn->rights.n] = at->pos;
		if (text_add(&sn->rights, no ? no : "", 1))
			goto nomem;
	}
	if (rc != SQLITE_DONE)
		goto dberr;
	rc = 0;
	goto out;
nomem:
	rc = ldg_err_set(err, LDG_ENOMEM, _("out of memory"));
	goto out;
dberr:
	rc = ldg_db_error(db, _("cannot read the loans to search"), err);
out:
	sqlite3_finalize(st);
	free(byid);
	return rc;
}

int ldg_search_open(const char *db_path, struct ldg_search **out, struct ldg_err *err)
{
	struct ldg_search *s;

	*out = NULL;
	if (!(s = calloc(1, sizeof(*s))) || !(s->path = strdup(db_path))) {
		free(s);
		return ldg_err_set(err, LDG_ENOMEM, _("out of memory"));
	}
	pthread_mutex_init(&s->mu, NULL);
	*out = s;
	return 0;
}

static void snap_release(struct ldg_search *s, struct snap *sn)
{
	int last;

	if (!sn)
		return;
	pthread_mutex_lock(&s->mu);
	last = --sn->refs == 0;
	pthread_mutex_unlock(&s->mu);
	if (last)
		snap_free(sn);
}

void ldg_search_close(struct ldg_search *s)
{
	if (!s)
		return;
	if (s->cur && --s->cur->refs == 0)
		snap_free(s->cur);
	ldg_db_close(s->db);
	pthread_mutex_destroy(&s->mu);
	free(s->path);
	free(s);
}

unsigned long ldg_search_builds(struct ldg_search *s)
{
	unsigned long n;

	pthread_mutex_lock(&s->mu);
	n = s->builds;
	pthread_mutex_unlock(&s->mu);
	return n;
}

/* PRAGMA data_version of s->db: changes when another connection commits. */
static int data_version(sqlite3 *db, int64_t *v, struct ldg_err *err)
{
	sqlite3_stmt *st = NULL;
	int rc;

	if ((rc = ldg_db_prepare(db, "PRAGMA data_version", &st, err)))
		return rc;
	if ((rc = sqlite3_step(st)) != SQLITE_ROW) {
		rc = ldg_db_error(db, _("cannot read the database's version"), err);
		sqlite3_finalize(st);
		return rc;
	}
	*v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return 0;
}

/* The current snapshot, read again if the database changed since; held
 * for the caller (snap_release it).  Under s->mu. */
static int snap_get(struct ldg_search *s, struct snap **out, struct ldg_err *err)
{
	struct snap *sn = NULL;
	int64_t v = 0;
	int rc;

	*out = NULL;
	if (!s->db && (rc = ldg_db_open(s->path, 0, &s->db, err)))
		return rc;
	if ((rc = data_version(s->db, &v, err)))
		return rc;
	if (!s->cur || s->cur->version != v) {
		/* the version first, then the data: a commit between the two
		 * leaves the snapshot newer than its version, and the next
		 * search reads it again; never older */
		if (!(sn = calloc(1, sizeof(*sn))))
			return ldg_err_set(err, LDG_ENOMEM, _("out of memory"));
		sn->version = v;
		if ((rc = ldg_db_exec(s->db, "BEGIN", err)))
			goto fail;
		rc = snap_read(s->db, sn, err);
		ldg_db_exec(s->db, "COMMIT", NULL);
		if (rc)
			goto fail;
		s->builds++;
		sn->refs = 1;                   /* as the current one */
		if (s->cur && --s->cur->refs == 0)
			snap_free(s->cur);
		s->cur = sn;
	}
	s->cur->refs++;
	*out = s->cur;
	return 0;
fail:
	snap_free(sn);
	return rc;
}

/* q with its ASCII letters lowercased (as SQL LIKE compares), into fq. */
static void fold(char *fq, const char *q, size_t qlen)
{
	size_t i;

	for (i = 0; i <= qlen; i++)
		fq[i] = q[i] >= 'A' && q[i] <= 'Z' ? (char)(q[i] - 'A' + 'a') : q[i];
}

/* Number of UTF-8 characters of s. */
static size_t utf8_chars(const char *s)
{
	size_t n = 0;

	for (; *s; s++)
		n += ((unsigned char)*s & 0xC0) != 0x80;
	return n;
}

int ldg_search_loans(struct ldg_search *s, const char *q, size_t skip, int64_t *ids,
		     size_t max, size_t *n, struct ldg_err *err)
{
	struct snap *sn = NULL;
	unsigned char *hit = NULL, *ent = NULL, *bank = NULL, *right = NULL;
	char *fq = NULL;
	size_t qlen = strlen(q), i, seen = 0;
	int rc;

	*n = 0;
	pthread_mutex_lock(&s->mu);
	rc = snap_get(s, &sn, err);
	pthread_mutex_unlock(&s->mu);
	if (rc)
		return rc;
	if (qlen == 0) {
		for (i = skip; i < sn->loans.n && *n < max; i++)
			ids[(*n)++] = sn->id[i];
		goto out;
	}
	if (!(fq = malloc(qlen + 1)) || !(hit = calloc(sn->loans.n + 1, 1))
	    || !(ent = calloc(sn->ents.n + 1, 1)) || !(bank = calloc(sn->banks.n + 1, 1))
	    || !(right = calloc(sn->rights.n + 1, 1))) {
		rc = ldg_err_set(err, LDG_ENOMEM, _("out of memory"));
		goto out;
	}
	fold(fq, q, qlen);
	text_find(&sn->loans, fq, qlen, hit);
	text_find(&sn->ents, fq, qlen, ent);
	text_find(&sn->banks, fq, qlen, bank);
	if (utf8_chars(q) >= LDG_SEARCH_RIGHT_MIN) {
		text_find(&sn->rights, fq, qlen, right);
		for (i = 0; i < sn->rights.n; i++)
			if (right[i])
				hit[sn->right_loan[i]] = 1;
	}
	for (i = 0; i < sn->loans.n && *n < max; i++) {
		if (!hit[i] && !ent[2 * sn->ent[i]] && !ent[2 * sn->ent[i] + 1] && !bank[sn->bank[i]])
			continue;
		if (seen++ >= skip)
			ids[(*n)++] = sn->id[i];
	}
out:
	free(fq);
	free(hit);
	free(ent);
	free(bank);
	free(right);
	snap_release(s, sn);
	return rc;
}

int ldg_search_enterprises(struct ldg_search *s, const char *q, size_t skip,
			   char (*usccs)[LDG_SEARCH_USCC_MAX], size_t max, size_t *n,
			   struct ldg_err *err)
{
	struct snap *sn = NULL;
	unsigned char *ent = NULL;
	char *fq = NULL;
	size_t qlen = strlen(q), i, seen = 0, ne;
	int rc;

	*n = 0;
	pthread_mutex_lock(&s->mu);
	rc = snap_get(s, &sn, err);
	pthread_mutex_unlock(&s->mu);
	if (rc)
		return rc;
	ne = sn->ents.n / 2;
	if (qlen && (!(fq = malloc(qlen + 1)) || !(ent = calloc(sn->ents.n + 1, 1)))) {
		rc = ldg_err_set(err, LDG_ENOMEM, _("out of memory"));
		goto out;
	}
	if (qlen) {
		fold(fq, q, qlen);
		text_find(&sn->ents, fq, qlen, ent);
	}
	for (i = 0; i < ne && *n < max; i++) {
		if (qlen && !ent[2 * i] && !ent[2 * i + 1])
			continue;
		if (seen++ >= skip)
			snprintf(usccs[(*n)++], LDG_SEARCH_USCC_MAX, "%s", sn->uscc[i]);
	}
out:
	free(fq);
	free(ent);
	snap_release(s, sn);
	return rc;
}
