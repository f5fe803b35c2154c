/*
 * bank.c — the register of banks (bank.h, import.md §5).
 */
#include <stdio.h>
#include <string.h>

#include "ledger/bank.h"
#include "ledger/db.h"
#include "ledger/keyset.h"
#include "ledger/lang.h"
#include "ledger/loan.h"
#include "ledger/text.h"

/*
 * The bank id that name (any spelling, normal form) names: 0 and *id, or
 * LDG_ENOTFOUND "unknown bank 'X'".  *own = 1 when name is the bank's own
 * name, 0 when an alias.
 */
static int bank_of(sqlite3 *db, const char *name, int64_t *id, int *own, struct ldg_err *err)
{
	static const char sql[] =
		"SELECT n.bank_id, ldg_key(b.name) = n.name_key FROM bank_names n"
		" JOIN banks b ON b.id = n.bank_id WHERE n.name_key = ldg_key(?1)";
	sqlite3_stmt *st = NULL;
	int rc;

	if ((rc = ldg_db_prepare(db, sql, &st, err)))
		return rc;
	ldg_bind_text(st, 1, name);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*id = sqlite3_column_int64(st, 0);
		*own = sqlite3_column_int(st, 1);
		rc = 0;
	} else if (rc == SQLITE_DONE) {
		rc = ldg_err_set(err, LDG_ENOTFOUND, _("unknown bank '%s'"), name);
	} else {
		rc = ldg_db_error(db, "cannot read banks", err);
	}
	sqlite3_finalize(st);
	return rc;
}

/* One statement with ?1 = from, ?2 = to; *changes its row count. */
static int run2(sqlite3 *db, const char *sql, int64_t a, int64_t b, long *changes,
		struct ldg_err *err)
{
	sqlite3_stmt *st = NULL;
	int rc;

	if ((rc = ldg_db_prepare(db, sql, &st, err)))
		return rc;
	sqlite3_bind_int64(st, 1, a);
	sqlite3_bind_int64(st, 2, b);
	if (sqlite3_step(st) != SQLITE_DONE)
		rc = ldg_db_error(db, "cannot merge banks", err);
	else if (changes)
		*changes = sqlite3_changes(db);
	sqlite3_finalize(st);
	return rc;
}

/*
 * Merge bank from into bank to: refused when a contract is both's;
 * otherwise the loans move (audited) and the names follow.
 */
static int merge(sqlite3 *db, int64_t from, int64_t to, int64_t *moved, struct ldg_err *err)
{
	static const char clash[] =
		"SELECT bf.name || '/' || f.contract_no, bt.name || '/' || t.contract_no"
		" FROM loans f JOIN loans t ON t.bank_id = ?2 AND t.contract_key = f.contract_key"
		" JOIN banks bf ON bf.id = f.bank_id JOIN banks bt ON bt.id = t.bank_id"
		" WHERE f.bank_id = ?1 LIMIT 1";
	static const char audit[] =
		"INSERT INTO audit_log (at, user, action, entity, entity_key, field, old_value,"
		" new_value) SELECT ?4, ?3,"
		" 'update', 'loan', bf.name || '/' || l.contract_no, 'bank', bf.name, bt.name"
		" FROM loans l JOIN banks bf ON bf.id = l.bank_id JOIN banks bt ON bt.id = ?2"
		" WHERE l.bank_id = ?1";
	sqlite3_stmt *st = NULL;
	char now[32];
	long n = 0;
	int rc;

	if ((rc = ldg_db_prepare(db, clash, &st, err)))
		return rc;
	sqlite3_bind_int64(st, 1, from);
	sqlite3_bind_int64(st, 2, to);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW)
		rc = ldg_err_set(err, LDG_EINPUT, _("loans '%s' and '%s' are one contract: the banks"
				 " cannot be one (correct or remove one loan first)"),
				 (const char *)sqlite3_column_text(st, 0),
				 (const char *)sqlite3_column_text(st, 1));
	else if (rc == SQLITE_DONE)
		rc = 0;
	else
		rc = ldg_db_error(db, "cannot read loans", err);
	sqlite3_finalize(st);
	if (rc)
		return rc;
	if ((rc = ldg_db_prepare(db, audit, &st, err)))
		return rc;
	sqlite3_bind_int64(st, 1, from);
	sqlite3_bind_int64(st, 2, to);
	ldg_bind_text(st, 3, ldg_user());
	ldg_bind_text(st, 4, ldg_now(now));
	if (sqlite3_step(st) != SQLITE_DONE)
		rc = ldg_db_error(db, "cannot write the audit log", err);
	sqlite3_finalize(st);
	if (rc)
		return rc;
	if ((rc = run2(db, "UPDATE loans SET bank_id = ?2 WHERE bank_id = ?1", from, to, &n, err))
	    || (rc = run2(db, "UPDATE bank_names SET bank_id = ?2 WHERE bank_id = ?1", from, to,
			  NULL, err))
	    || (rc = run2(db, "DELETE FROM banks WHERE id = ?1 AND ?2 = ?2", from, to, NULL, err)))
		return rc;
	*moved = n;
	return 0;
}

/* ldg_bank_alias: see bank.h. */
int ldg_bank_alias(sqlite3 *db, const char *alias, const char *bank,
		   struct ldg_bank_alias_result *res, struct ldg_err *err)
{
	static const char put[] =
		"INSERT INTO bank_names (name_key, bank_id, name) VALUES (ldg_key(?1), ?2, ?1)";
	struct ldg_err le = { 0 };
	sqlite3_stmt *st = NULL;
	int64_t to, from, moved = 0;
	int own, aown, rc;
	char detail[64], shown[256];
	long at;

	memset(res, 0, sizeof(*res));
	if ((at = ldg_text_control(alias, strlen(alias), 0)) >= 0) {
		ldg_err_set(err, LDG_EINPUT, _("a control character in the value, at byte %ld"
			    " (shown as \\xHH)"), at + 1);
		ldg_err_value(err, ldg_text_escape(alias, strlen(alias), shown, sizeof(shown)));
		return LDG_EINPUT;
	}
	if ((rc = bank_of(db, bank, &to, &own, err)))
		return rc;
	if ((rc = ldg_db_begin(db, err)))
		return rc;
	rc = bank_of(db, alias, &from, &aown, &le);
	if (rc == LDG_ENOTFOUND) {
		if ((rc = ldg_db_prepare(db, put, &st, err)))
			goto fail;
		ldg_bind_text(st, 1, alias);
		sqlite3_bind_int64(st, 2, to);
		if (sqlite3_step(st) != SQLITE_DONE)
			rc = ldg_db_error(db, "cannot record bank name", err);
		sqlite3_finalize(st);
		if (rc)
			goto fail;
		res->added = 1;
	} else if (rc) {
		if (err)
			*err = le;
		goto fail;
	} else if (from == to) {
		ldg_db_rollback(db);
		return 0;
	} else if (!aown) {
		rc = ldg_err_set(err, LDG_EINPUT, _("'%s' is a name of another bank already"), alias);
		goto fail;
	} else {
		if ((rc = merge(db, from, to, &moved, err)))
			goto fail;
		res->added = 1;
		res->merged = 1;
		res->loans_moved = (long)moved;
	}
	snprintf(detail, sizeof(detail), "%ld loans moved", res->loans_moved);
	if ((rc = ldg_audit(db, "alias", "bank", alias, NULL, NULL, bank, 0,
			    res->merged ? detail : NULL, err)))
		goto fail;
	if ((rc = ldg_db_commit(db, err)))
		goto fail;
	return 0;
fail:
	ldg_db_rollback(db);
	return rc;
}

/* ldg_bank_duplicate: see bank.h. */
int ldg_bank_duplicate(struct ldg_store *s, const char *uscc, const char *contract_no,
		       int64_t loan_id, char *other, size_t othersz, struct ldg_err *err)
{
	static const char sql[] =
		"SELECT b.name FROM loans l JOIN banks b ON b.id = l.bank_id"
		" WHERE l.uscc = ?1 AND l.contract_key = ldg_key(?2) AND l.id <> ?3 LIMIT 1";
	/* each bank of the register by the unique loans_key: no loans_uscc */
	static const char sql_key[] =
		"SELECT b.name FROM banks b CROSS JOIN loans l"
		" WHERE l.bank_id = b.id AND l.contract_key = ldg_key(?2)"
		" AND l.uscc = ?1 AND l.id <> ?3 LIMIT 1";
	sqlite3_stmt *st;
	int rc;

	if (s->dup_keys) {
		char key[LDG_NO_BUFSZ];

		/* a key too long for the set's buffer is always read */
		if (ldg_text_key(contract_no, key, sizeof(key)) >= 0
		    && !ldg_keyset_add(s->dup_keys, uscc, key))
			return 0;
		rc = ldg_store_stmt(s, LDG_SQL_BANK_DUP_KEY, sql_key, &st, err);
	} else {
		rc = ldg_store_stmt(s, LDG_SQL_BANK_DUP, sql, &st, err);
	}
	if (rc)
		return rc;
	ldg_bind_text(st, 1, uscc);
	ldg_bind_text(st, 2, contract_no);
	sqlite3_bind_int64(st, 3, loan_id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		snprintf(other, othersz, "%s", (const char *)sqlite3_column_text(st, 0));
		rc = 1;
	} else if (rc == SQLITE_DONE) {
		rc = 0;
	} else {
		rc = ldg_db_error(s->db, "cannot read loans", err);
	}
	sqlite3_reset(st);
	return rc;
}

/* ldg_bank_dup_keys: see bank.h. */
int ldg_bank_dup_keys(struct ldg_store *s, int64_t more, struct ldg_err *err)
{
	sqlite3_stmt *st = NULL;
	struct ldg_keyset *k;
	int64_t n = 0;
	int rc;

	if ((rc = ldg_db_prepare(s->db, "SELECT count(*) FROM loans", &st, err)))
		return rc;
	if (sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	if (!(k = ldg_keyset_new((uint64_t)n + (uint64_t)(more > 0 ? more : 0))))
		return ldg_err_set(err, LDG_ENOMEM, _("out of memory"));
	if ((rc = ldg_db_prepare(s->db, "SELECT uscc, contract_key FROM loans", &st, err))) {
		ldg_keyset_free(k);
		return rc;
	}
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *uscc = (const char *)sqlite3_column_text(st, 0);
		const char *key = (const char *)sqlite3_column_text(st, 1);

		if (uscc && key) /* NULL equals nothing in the test */
			ldg_keyset_add(k, uscc, key);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		ldg_keyset_free(k);
		return ldg_db_error(s->db, "cannot read loans", err);
	}
	ldg_keyset_free(s->dup_keys);
	s->dup_keys = k;
	return 0;
}
