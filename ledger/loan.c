/*
 * loan.c — loans and their rights (loan.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ledger/date.h"
#include "ledger/db.h"
#include "ledger/grow.h"
#include "ledger/loan.h"
#include "ledger/money.h"
#include "ledger/lang.h"

/* ldg_loan_init: see loan.h. */
void ldg_loan_init(struct ldg_loan *l)
{
	memset(l, 0, sizeof(*l));
	l->ip_portion_fen = LDG_NONE;
	l->rate_ppm = LDG_NONE;
	l->settle_day = LDG_NO_DAY;
	l->interest_paid_fen = LDG_NONE;
	l->registration_day = LDG_NO_DAY;
	l->credit_line_fen = LDG_NONE;
}

/* ldg_loan_release: see loan.h. */
void ldg_loan_release(struct ldg_loan *l)
{
	free(l->rights);
	l->rights = NULL;
	l->nrights = 0;
}

/* ldg_loan_add_right: see loan.h. */
int ldg_loan_add_right(struct ldg_loan *l, const char *no, enum ldg_kind kind,
		       int64_t value_fen)
{
	struct ldg_right *r;

	/*
	 * No capacity is kept: when nrights is 0 or a power of two the array
	 * is taken as full (never more than it holds), and ldg_grow doubles
	 * it, so it holds nrights until the next power of two.
	 */
	if ((l->nrights & (l->nrights - 1)) == 0) {
		size_t cap = (size_t)l->nrights;

		if (ldg_grow((void **)&l->rights, &cap, cap + 1, sizeof(*l->rights)))
			return -1;
	}
	r = &l->rights[l->nrights++];
	snprintf(r->no, sizeof(r->no), "%s", no);
	r->kind = kind;
	r->value_fen = value_fen;
	return 0;
}

/* ldg_loan_key: see loan.h. */
char *ldg_loan_key(const struct ldg_loan *l, char *buf, size_t bufsz)
{
	snprintf(buf, bufsz, "%s/%s", l->bank, l->contract_no);
	return buf;
}

/*
 * Record name as a name of bank id in the register (import.md §5) unless
 * its normal form is there already: the first spelling is kept.
 */
static int bank_name_put(struct ldg_store *s, const char *name, int64_t id,
			 struct ldg_err *err)
{
	static const char sql[] =
		"INSERT OR IGNORE INTO bank_names (name_key, bank_id, name)"
		" VALUES (ldg_key(?1), ?2, ?1)";
	sqlite3_stmt *st;
	int rc;

	if ((rc = ldg_store_stmt(s, LDG_SQL_BANK_NAME_PUT, sql, &st, err)))
		return rc;
	ldg_bind_text(st, 1, name);
	sqlite3_bind_int64(st, 2, id);
	if (sqlite3_step(st) != SQLITE_DONE)
		rc = ldg_db_error(s->db, "cannot record bank name", err);
	sqlite3_reset(st);
	return rc;
}

/* ldg_bank_id: see loan.h. */
int ldg_bank_id(struct ldg_store *s, const char *name, int create,
		int64_t *id, struct ldg_err *err)
{
	/* the register (import.md §5): any name the bank has gone by, in
	 * normal form; a bank written straight into banks (tests) by name */
	static const char get[] =
		"SELECT bank_id FROM bank_names WHERE name_key = ldg_key(?1)"
		" UNION ALL SELECT id FROM banks WHERE name = ?1 LIMIT 1";
	static const char ins[] = "INSERT INTO banks (name) VALUES (?1)";
	unsigned k;
	int rc;

	for (k = 0; k < LDG_STORE_BANKS; k++)
		if (s->bank_id[k] && strcmp(s->bank[k], name) == 0) {
			*id = s->bank_id[k];
			return 0;
		}
	if ((rc = ldg_store_name_id(s, LDG_SQL_BANK_GET, get, LDG_SQL_BANK_INS, ins,
				     N_("bank"), name, create, id, err)))
		return rc;
	if (create && (rc = bank_name_put(s, name, *id, err)))
		return rc;
	k = s->bank_next++ % LDG_STORE_BANKS;
	snprintf(s->bank[k], sizeof(s->bank[k]), "%s", name);
	s->bank_id[k] = *id;
	return 0;
}

/* The kind of a right from its stored name ("patent" when unknown). */
static int kind_of_name(const char *k)
{
	if (strcmp(k, "trademark") == 0)
		return LDG_KIND_TRADEMARK;
	if (strcmp(k, "copyright") == 0)
		return LDG_KIND_COPYRIGHT;
	return LDG_KIND_PATENT;
}

/* ldg_loan_get: see loan.h. */
int ldg_loan_get(struct ldg_store *s, const char *bank, const char *contract_no,
		 struct ldg_loan *l, struct ldg_err *err)
{
	static const char sql[] =
		"SELECT l.id, b.name, l.contract_no, l.uscc, l.principal_fen, l.combined,"
		" l.ip_portion_fen, l.rate_ppm, l.start_date, l.maturity_date, l.settle_date,"
		" l.overdue, l.interest_paid_fen, l.registration_no, l.registration_date,"
		" l.credit_line_fen, l.batch_id"
		" FROM loans l JOIN banks b ON b.id = l.bank_id"
		" WHERE l.bank_id = (SELECT bank_id FROM bank_names WHERE name_key = ldg_key(?1)"
		"  UNION ALL SELECT id FROM banks WHERE name = ?1 LIMIT 1)"
		" AND l.contract_key = ldg_key(?2)";
	static const char rsql[] =
		"SELECT right_no, kind, value_fen FROM loan_rights WHERE loan_id = ?1 ORDER BY seq";
	sqlite3_stmt *st;
	int rc;

	ldg_loan_init(l);
	if ((rc = ldg_store_stmt(s, LDG_SQL_LOAN_GET, sql, &st, err)))
		return rc;
	ldg_bind_text(st, 1, bank);
	ldg_bind_text(st, 2, contract_no);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		l->id = sqlite3_column_int64(st, 0);
		ldg_col_text(st, 1, l->bank, sizeof(l->bank));
		ldg_col_text(st, 2, l->contract_no, sizeof(l->contract_no));
		ldg_col_text(st, 3, l->uscc, sizeof(l->uscc));
		l->principal_fen = sqlite3_column_int64(st, 4);
		l->combined = sqlite3_column_int(st, 5);
		l->ip_portion_fen = ldg_col_int64n(st, 6);
		l->rate_ppm = ldg_col_int64n(st, 7);
		l->start_day = ldg_col_day(st, 8);
		l->maturity_day = ldg_col_day(st, 9);
		l->settle_day = ldg_col_day(st, 10);
		l->overdue = sqlite3_column_int(st, 11);
		l->interest_paid_fen = ldg_col_int64n(st, 12);
		ldg_col_text(st, 13, l->registration_no, sizeof(l->registration_no));
		l->registration_day = ldg_col_day(st, 14);
		l->credit_line_fen = ldg_col_int64n(st, 15);
		l->batch_id = sqlite3_column_int64(st, 16);
		rc = 0;
	} else if (rc == SQLITE_DONE) {
		rc = ldg_err_set(err, LDG_ENOTFOUND, _("unknown loan '%s/%s'"), bank, contract_no);
	} else {
		rc = ldg_db_error(s->db, "cannot read loan", err);
	}
	sqlite3_reset(st);
	if (rc)
		return rc;
	if ((rc = ldg_store_stmt(s, LDG_SQL_RIGHTS_GET, rsql, &st, err)))
		return rc;
	sqlite3_bind_int64(st, 1, l->id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *no = (const char *)sqlite3_column_text(st, 0);
		const char *k = (const char *)sqlite3_column_text(st, 1);

		if (ldg_loan_add_right(l, no ? no : "", kind_of_name(k ? k : ""),
				       ldg_col_int64n(st, 2))) {
			sqlite3_reset(st);
			ldg_loan_release(l);
			return ldg_err_set(err, LDG_ENOMEM, _("out of memory"));
		}
	}
	if (rc != SQLITE_DONE) {
		rc = ldg_db_error(s->db, "cannot read rights", err);
		ldg_loan_release(l);
	} else {
		rc = 0;
	}
	sqlite3_reset(st);
	return rc;
}

/*
 * Bind text that stays put until the statement has run (a field of the
 * record being written, a static string): no copy.  Every statement of
 * this file is stepped where it is bound, and ldg_store_stmt() clears the
 * bindings before the next use.
 */
static void bind_static(sqlite3_stmt *st, int i, const char *text)
{
	if (!text)
		sqlite3_bind_null(st, i);
	else
		sqlite3_bind_text(st, i, text, -1, SQLITE_STATIC);
}

/* Bind the loan's columns 2..15 of the insert and update statements. */
static void bind_loan(sqlite3_stmt *st, const struct ldg_loan *l)
{
	bind_static(st, 2, l->contract_no);
	bind_static(st, 3, l->uscc);
	sqlite3_bind_int64(st, 4, l->principal_fen);
	sqlite3_bind_int(st, 5, l->combined);
	ldg_bind_int64n(st, 6, l->ip_portion_fen, l->ip_portion_fen == LDG_NONE);
	ldg_bind_int64n(st, 7, l->rate_ppm, l->rate_ppm == LDG_NONE);
	ldg_bind_day(st, 8, l->start_day);
	ldg_bind_day(st, 9, l->maturity_day);
	ldg_bind_day(st, 10, l->settle_day);
	sqlite3_bind_int(st, 11, l->overdue);
	ldg_bind_int64n(st, 12, l->interest_paid_fen, l->interest_paid_fen == LDG_NONE);
	bind_static(st, 13, l->registration_no[0] ? l->registration_no : NULL);
	ldg_bind_day(st, 14, l->registration_day);
	ldg_bind_int64n(st, 15, l->credit_line_fen, l->credit_line_fen == LDG_NONE);
}

/*
 * Replace the rights of loan `id` by l's.  One statement per right: a
 * multi-row VALUES measured slower (its co-routine costs more per row
 * than a reset and rebind).
 */
static int put_rights(struct ldg_store *s, int64_t id, const struct ldg_loan *l,
		      int delete_first, struct ldg_err *err)
{
	static const char del[] = "DELETE FROM loan_rights WHERE loan_id = ?1";
	static const char ins[] =
		"INSERT INTO loan_rights (loan_id, seq, right_no, kind, value_fen)"
		" VALUES (?1, ?2, ?3, ?4, ?5)";
	sqlite3_stmt *st;
	int rc = 0, i;

	if (delete_first) {
		if ((rc = ldg_store_stmt(s, LDG_SQL_RIGHTS_DEL, del, &st, err)))
			return rc;
		sqlite3_bind_int64(st, 1, id);
		if (sqlite3_step(st) != SQLITE_DONE)
			rc = ldg_db_error(s->db, "cannot replace rights", err);
		sqlite3_reset(st);
		if (rc)
			return rc;
	}
	for (i = 0; i < l->nrights; i++) {
		const struct ldg_right *r = &l->rights[i];

		if ((rc = ldg_store_stmt(s, LDG_SQL_RIGHTS_INS, ins, &st, err)))
			return rc;
		sqlite3_bind_int64(st, 1, id);
		sqlite3_bind_int(st, 2, i + 1);
		bind_static(st, 3, r->no);
		bind_static(st, 4, ldg_kind_name(r->kind));
		ldg_bind_int64n(st, 5, r->value_fen, r->value_fen == LDG_NONE);
		if (sqlite3_step(st) != SQLITE_DONE)
			rc = ldg_db_error(s->db, "cannot record right", err);
		sqlite3_reset(st);
		if (rc)
			return rc;
	}
	return 0;
}

/* "k=v; k=v" of all fields, malloc'd (NULL when out of memory). */
static char *fields_summary(const struct ldg_field *f, int n)
{
	size_t len = 1, k = 0;
	char *s;
	int i;

	for (i = 0; i < n; i++)
		len += strlen(f[i].name) + strlen(f[i].text) + 3;
	if (!(s = malloc(len)))
		return NULL;
	s[0] = '\0';
	for (i = 0; i < n; i++)
		k += (size_t)snprintf(s + k, len - k, "%s%s=%s", i ? "; " : "",
				      f[i].name, f[i].text);
	return s;
}

/* ldg_loan_insert: see loan.h. */
int ldg_loan_insert(struct ldg_store *s, struct ldg_loan *l, int64_t batch_id,
		    int audit, struct ldg_err *err)
{
	int existed = 0, rc;

	rc = ldg_loan_try_insert(s, l, batch_id, audit, &existed, err);
	if (rc == 0 && existed) {
		char key[LDG_NAME_BUFSZ + LDG_NO_BUFSZ + 2];

		return ldg_err_set(err, LDG_EINPUT, _("loan '%s' is recorded already"),
				   ldg_loan_key(l, key, sizeof(key)));
	}
	return rc;
}

/*
 * 1 when the loan (bank_id, contract_no) is recorded, 0 when not, a negative
 * LDG_* code on a database error.
 */
static int loan_exists(sqlite3 *db, int64_t bank_id, const char *contract_no,
		       struct ldg_err *err)
{
	static const char sql[] =
		"SELECT 1 FROM loans WHERE bank_id = ?1 AND contract_key = ldg_key(?2)";
	sqlite3_stmt *st = NULL;
	int rc;

	if ((rc = ldg_db_prepare(db, sql, &st, err)))
		return rc;
	sqlite3_bind_int64(st, 1, bank_id);
	sqlite3_bind_text(st, 2, contract_no, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		rc = 1;
	else if (rc == SQLITE_DONE)
		rc = 0;
	else
		rc = ldg_db_error(db, "cannot read loans", err);
	sqlite3_finalize(st);
	return rc;
}

/* ldg_loan_try_insert: see loan.h. */
int ldg_loan_try_insert(struct ldg_store *s, struct ldg_loan *l, int64_t batch_id,
			int audit, int *existed, struct ldg_err *err)
{
	/* ON CONFLICT names the key only: a CHECK failure is still an error */
	static const char sql[] =
		"INSERT INTO loans (bank_id, contract_no, uscc, principal_fen, combined,"
		" ip_portion_fen, rate_ppm, start_date, maturity_date, settle_date, overdue,"
		" interest_paid_fen, registration_no, registration_date, credit_line_fen,"
		" batch_id, contract_key) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11,"
		" ?12, ?13, ?14, ?15, ?16, ldg_key(?2)) ON CONFLICT DO NOTHING";
	sqlite3_stmt *st;
	int64_t bank_id;
	int rc;

	*existed = 0;
	if ((rc = ldg_bank_id(s, l->bank, 1, &bank_id, err)))
		return rc;
	if ((rc = ldg_store_stmt(s, LDG_SQL_LOAN_INS, sql, &st, err)))
		return rc;
	sqlite3_bind_int64(st, 1, bank_id);
	bind_loan(st, l);
	ldg_bind_int64n(st, 16, batch_id, batch_id <= 0);
	if (sqlite3_step(st) != SQLITE_DONE) {
		struct ldg_err le = { 0 };

		rc = ldg_db_error(s->db, "cannot record loan", &le);
		sqlite3_reset(st);
		/*
		 * The lock trigger is BEFORE INSERT: it fires before ON CONFLICT
		 * sees that the loan is recorded already.  An existing loan is no
		 * change (rules.md §7, import.md §2 idempotent re-import): the
		 * caller compares it, and the UPDATE trigger refuses a real change.
		 */
		if (rc == LDG_ELOCKED) {
			int ex = loan_exists(s->db, bank_id, l->contract_no, err);

			if (ex < 0)
				return ex;
			if (ex) {
				*existed = 1;
				return 0;
			}
		}
		if (err && err->code == LDG_OK)
			*err = le;
		return rc;
	}
	if (sqlite3_changes(s->db) == 0)
		*existed = 1;
	else
		l->id = sqlite3_last_insert_rowid(s->db);
	sqlite3_reset(st);
	if (*existed)
		return 0;
	if ((rc = put_rights(s, l->id, l, 0, err)))
		return rc;
	if (audit) {
		struct ldg_field f[LDG_LOAN_NFIELDS];
		char key[LDG_NAME_BUFSZ + LDG_NO_BUFSZ + 2], *sum;

		if (ldg_loan_fields(l, f))
			return ldg_err_set(err, LDG_ENOMEM, _("out of memory"));
		sum = fields_summary(f, LDG_LOAN_NFIELDS);
		ldg_fields_release(f, LDG_LOAN_NFIELDS);
		if (!sum)
			return ldg_err_set(err, LDG_ENOMEM, _("out of memory"));
		rc = ldg_audit(s->db, "insert", "loan", ldg_loan_key(l, key, sizeof(key)),
			       NULL, NULL, sum, batch_id, NULL, err);
		free(sum);
	}
	return rc;
}

/* ldg_loan_update: see loan.h. */
int ldg_loan_update(struct ldg_store *s, const struct ldg_loan *old,
		    const struct ldg_loan *new_, int64_t batch_id, int *changed,
		    struct ldg_err *err)
{
	static const char sql[] =
		"UPDATE loans SET contract_no = ?2, contract_key = ldg_key(?2), uscc = ?3, principal_fen = ?4,"
		" combined = ?5, ip_portion_fen = ?6, rate_ppm = ?7, start_date = ?8,"
		" maturity_date = ?9, settle_date = ?10, overdue = ?11,"
		" interest_paid_fen = ?12, registration_no = ?13, registration_date = ?14,"
		" credit_line_fen = ?15 WHERE id = ?1";
	struct ldg_field fo[LDG_LOAN_NFIELDS], fn[LDG_LOAN_NFIELDS];
	char key[LDG_NAME_BUFSZ + LDG_NO_BUFSZ + 2];
	sqlite3_stmt *st;
	int rc = 0, rights_changed;

	*changed = 0;
	if (ldg_loan_fields(old, fo))
		return ldg_err_set(err, LDG_ENOMEM, _("out of memory"));
	if (ldg_loan_fields(new_, fn)) {
		ldg_fields_release(fo, LDG_LOAN_NFIELDS);
		return ldg_err_set(err, LDG_ENOMEM, _("out of memory"));
	}
	if (ldg_fields_diff(fo, fn, LDG_LOAN_NFIELDS) == 0)
		goto out;
	if ((rc = ldg_store_stmt(s, LDG_SQL_LOAN_UPD, sql, &st, err)))
		goto out;
	sqlite3_bind_int64(st, 1, old->id);
	bind_loan(st, new_);
	if (sqlite3_step(st) != SQLITE_DONE)
		rc = ldg_db_error(s->db, "cannot update loan", err);
	sqlite3_reset(st);
	if (rc)
		goto out;
	/* fields 13 and 14 are ip_rights and ip_values */
	rights_changed = strcmp(fo[13].text, fn[13].text) || strcmp(fo[14].text, fn[14].text);
	if (rights_changed && (rc = put_rights(s, old->id, new_, 1, err)))
		goto out;
	rc = ldg_fields_audit(s->db, "loan", ldg_loan_key(old, key, sizeof(key)), fo, fn,
			      LDG_LOAN_NFIELDS, batch_id, changed, err);
out:
	ldg_fields_release(fo, LDG_LOAN_NFIELDS);
	ldg_fields_release(fn, LDG_LOAN_NFIELDS);
	return rc;
}

/*
 * Field text of an optional rate: "4.35%" (the % keeps 0.50% from reading
 * back as 50%), or "".
 */
static char *rate_text(int64_t ppm)
{
	char b[LDG_MONEY_BUFSZ + 2];

	if (ppm == LDG_NONE)
		return strdup("");
	ldg_rate_format(ppm, b);
	strncat(b, "%", sizeof(b) - strlen(b) - 1);
	return strdup(b);
}

/* "kind:no;kind:no" (values = 0) or "v;v" with "" for no value (values = 1). */
static char *rights_text(const struct ldg_loan *l, int values)
{
	size_t len = 1, k = 0;
	char *s;
	int i;

	for (i = 0; i < l->nrights; i++)
		len += strlen(l->rights[i].no) + 12 + LDG_MONEY_BUFSZ;
	if (!(s = malloc(len)))
		return NULL;
	s[0] = '\0';
	for (i = 0; i < l->nrights; i++) {
		const struct ldg_right *r = &l->rights[i];
		char b[LDG_MONEY_BUFSZ];

		if (values)
			k += (size_t)snprintf(s + k, len - k, "%s%s", i ? ";" : "",
				r->value_fen == LDG_NONE ? "" : ldg_money_format(r->value_fen, 0, b));
		else
			k += (size_t)snprintf(s + k, len - k, "%s%s:%s", i ? ";" : "",
					      ldg_kind_name(r->kind), r->no);
	}
	return s;
}

/* ldg_loan_fields: see loan.h. */
int ldg_loan_fields(const struct ldg_loan *l, struct ldg_field f[LDG_LOAN_NFIELDS])
{
	static const char *const names[LDG_LOAN_NFIELDS] = {
		"uscc", "principal", "combined", "ip_portion", "rate", "start_date",
		"maturity_date", "settle_date", "overdue", "interest_paid",
		"registration_no", "registration_date", "credit_line", "ip_rights",
		"ip_values"
	};
	int i;

	for (i = 0; i < LDG_LOAN_NFIELDS; i++)
		f[i].name = names[i];
	f[0].text = strdup(l->uscc);
	f[1].text = ldg_field_amount(l->principal_fen);
	f[2].text = strdup(l->combined ? "yes" : "no");
	f[3].text = ldg_field_amount(l->ip_portion_fen);
	f[4].text = rate_text(l->rate_ppm);
	f[5].text = ldg_field_day(l->start_day);
	f[6].text = ldg_field_day(l->maturity_day);
	f[7].text = ldg_field_day(l->settle_day);
	f[8].text = strdup(l->overdue ? "yes" : "no");
	f[9].text = ldg_field_amount(l->interest_paid_fen);
	f[10].text = strdup(l->registration_no);
	f[11].text = ldg_field_day(l->registration_day);
	f[12].text = ldg_field_amount(l->credit_line_fen);
	f[13].text = rights_text(l, 0);
	f[14].text = rights_text(l, 1);
	for (i = 0; i < LDG_LOAN_NFIELDS; i++)
		if (!f[i].text) {
			ldg_fields_release(f, LDG_LOAN_NFIELDS);
			return -1;
		}
	return 0;
}

/* Set an optional amount from its field text ("" is absent). */
static int set_amount(int64_t *v, const char *text, struct ldg_err *err)
{
	if (!*text) {
		*v = LDG_NONE;
		return 0;
	}
	return ldg_money_parse(text, LDG_UNIT_YUAN, v, err);
}

/* Rebuild the rights from the ip_rights text form, keeping values by position. */
static int set_rights(struct ldg_loan *l, const char *text, struct ldg_err *err)
{
	struct ldg_loan tmp;
	char *copy = strdup(text), *save = NULL, *tok;
	int i = 0, rc = 0;

	if (!copy)
		return ldg_err_set(err, LDG_ENOMEM, _("out of memory"));
	ldg_loan_init(&tmp);
	for (tok = strtok_r(copy, ";", &save); tok; tok = strtok_r(NULL, ";", &save), i++) {
		char *colon = strchr(tok, ':');

		if (!colon) {
			rc = ldg_err_set(err, LDG_EINPUT, _("bad rights text '%s'"), text);
			break;
		}
		*colon = '\0';
		if (ldg_loan_add_right(&tmp, colon + 1, kind_of_name(tok),
				       i < l->nrights ? l->rights[i].value_fen : LDG_NONE)) {
			rc = ldg_err_set(err, LDG_ENOMEM, _("out of memory"));
			break;
		}
	}
	free(copy);
	if (rc) {
		ldg_loan_release(&tmp);
		return rc;
	}
	ldg_loan_release(l);
	l->rights = tmp.rights;
	l->nrights = tmp.nrights;
	return 0;
}

/* Set the values of the rights by position from "v;v;;v". */
static int set_values(struct ldg_loan *l, const char *text, struct ldg_err *err)
{
	const char *p = text;
	int i;

	for (i = 0; i < l->nrights; i++) {
		const char *e = strchr(p, ';');
		size_t n = e ? (size_t)(e - p) : strlen(p);
		char b[LDG_MONEY_BUFSZ + 8];
		int rc;

		if (n >= sizeof(b))
			return ldg_err_set(err, LDG_EINPUT, _("bad values text '%s'"), text);
		memcpy(b, p, n);
		b[n] = '\0';
		if ((rc = set_amount(&l->rights[i].value_fen, b, err)))
			return rc;
		p = e ? e + 1 : p + n;
	}
	return 0;
}

/* ldg_loan_field_set: see loan.h. */
int ldg_loan_field_set(struct ldg_loan *l, const char *field, const char *text,
		       struct ldg_err *err)
{
	int b;

	if (strcmp(field, "uscc") == 0) {
		snprintf(l->uscc, sizeof(l->uscc), "%s", text);
		return 0;
	}
	if (strcmp(field, "principal") == 0)
		return ldg_money_parse(text, LDG_UNIT_YUAN, &l->principal_fen, err);
	if (strcmp(field, "combined") == 0 || strcmp(field, "overdue") == 0) {
		b = strcmp(text, "yes") == 0;
		if (field[0] == 'c')
			l->combined = b;
		else
			l->overdue = b;
		return 0;
	}
	if (strcmp(field, "ip_portion") == 0)
		return set_amount(&l->ip_portion_fen, text, err);
	if (strcmp(field, "rate") == 0) {
		if (!*text) {
			l->rate_ppm = LDG_NONE;
			return 0;
		}
		return ldg_rate_parse(text, &l->rate_ppm, err);
	}
	if (strcmp(field, "start_date") == 0)
		return ldg_field_set_day(&l->start_day, text, err);
	if (strcmp(field, "maturity_date") == 0)
		return ldg_field_set_day(&l->maturity_day, text, err);
	if (strcmp(field, "settle_date") == 0)
		return ldg_field_set_day(&l->settle_day, text, err);
	if (strcmp(field, "interest_paid") == 0)
		return set_amount(&l->interest_paid_fen, text, err);
	if (strcmp(field, "registration_no") == 0) {
		snprintf(l->registration_no, sizeof(l->registration_no), "%s", text);
		return 0;
	}
	if (strcmp(field, "registration_date") == 0)
		return ldg_field_set_day(&l->registration_day, text, err);
	if (strcmp(field, "credit_line") == 0)
		return set_amount(&l->credit_line_fen, text, err);
	if (strcmp(field, "ip_rights") == 0)
		return set_rights(l, text, err);
	if (strcmp(field, "ip_values") == 0)
		return set_values(l, text, err);
	return ldg_err_set(err, LDG_EINPUT, _("unknown loan field '%s'"), field);
}
