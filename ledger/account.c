/*
 * account.c — payee accounts (import.md §2 accounts).  See account.h.
 * (City settings are ledger/settings.c.)
 */
#include <stdio.h>
#include <string.h>

#include "ledger/account.h"
#include "ledger/db.h"
#include "ledger/lang.h"

int ldg_account_no_norm(const char *text, char *out, struct ldg_err *err)
{
	const unsigned char *p = (const unsigned char *)(text ? text : "");
	size_t n = 0;

	while (*p) {
		if (*p == ' ' || *p == '-' || *p == '\t') {
			p++;
		} else if (*p >= '0' && *p <= '9') {
			if (n >= 32)
				goto bad;
			out[n++] = (char)*p++;
		} else if (p[0] == 0xE3 && p[1] == 0x80 && p[2] == 0x80) {
			p += 3;        /* U+3000 ideographic space */
		} else if (p[0] == 0xC2 && p[1] == 0xA0) {
			p += 2;        /* NBSP */
		} else if (p[0] == 0xEF && p[1] == 0xBC && p[2] >= 0x90 && p[2] <= 0x99) {
			if (n >= 32)
				goto bad;
			out[n++] = (char)('0' + (p[2] - 0x90));   /* full-width digit */
			p += 3;
		} else if (p[0] == 0xEF && p[1] == 0xBC && p[2] == 0x8D) {
			p += 3;        /* full-width hyphen-minus */
		} else {
			goto bad;
		}
	}
	out[n] = '\0';
	if (n >= 8)
		return 0;
bad:
	out[0] = '\0';
	ldg_err_set(err, LDG_EINPUT, _("not a bank account number: 8 to 32 digits"));
	ldg_err_value(err, text);
	return LDG_EINPUT;
}

int ldg_account_get(sqlite3 *db, const char *uscc, struct ldg_account *a,
		    struct ldg_err *err)
{
	static const char sql[] =
		"SELECT account_name, bank_name, account_no FROM accounts WHERE uscc = ?1";
	sqlite3_stmt *st = NULL;
	int rc;

	memset(a, 0, sizeof(*a));
	if ((rc = ldg_db_prepare(db, sql, &st, err)))
		return rc;
	ldg_bind_text(st, 1, uscc);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		snprintf(a->account_name, sizeof(a->account_name), "%s",
			 (const char *)sqlite3_column_text(st, 0));
		snprintf(a->bank_name, sizeof(a->bank_name), "%s",
			 (const char *)sqlite3_column_text(st, 1));
		snprintf(a->account_no, sizeof(a->account_no), "%s",
			 (const char *)sqlite3_column_text(st, 2));
		rc = 0;
	} else if (rc == SQLITE_DONE) {
		rc = ldg_err_set(err, LDG_ENOTFOUND, _("no account recorded for enterprise %s"), uscc);
	} else {
		rc = ldg_db_error(db, "cannot read accounts", err);
	}
	sqlite3_finalize(st);
	return rc;
}

int ldg_account_put(sqlite3 *db, const char *uscc, const struct ldg_account *a,
		    int64_t batch_id, int *outcome, struct ldg_err *err)
{
	static const char ins[] =
		"INSERT INTO accounts (uscc, account_name, bank_name, account_no, batch_id)"
		" VALUES (?1, ?2, ?3, ?4, ?5)";
	static const char upd[] =
		"UPDATE accounts SET account_name = ?2, bank_name = ?3, account_no = ?4"
		" WHERE uscc = ?1";
	struct ldg_account old;
	struct ldg_err le = { 0 };
	sqlite3_stmt *st = NULL;
	char whole[LDG_ACCOUNT_TEXT_BUFSZ * 2 + LDG_ACCOUNT_NO_BUFSZ + 64];
	int rc, had;

	rc = ldg_account_get(db, uscc, &old, &le);
	if (rc && rc != LDG_ENOTFOUND)
		return ldg_err_set(err, le.code, "%s", le.msg);
	had = rc == 0;
	if (had && strcmp(old.account_name, a->account_name) == 0
	    && strcmp(old.bank_name, a->bank_name) == 0
	    && strcmp(old.account_no, a->account_no) == 0) {
		*outcome = 2;
		return 0;
	}
	if ((rc = ldg_db_prepare(db, had ? upd : ins, &st, err)))
		return rc;
	ldg_bind_text(st, 1, uscc);
	ldg_bind_text(st, 2, a->account_name);
	ldg_bind_text(st, 3, a->bank_name);
	ldg_bind_text(st, 4, a->account_no);
	if (!had)
		ldg_bind_int64n(st, 5, batch_id, batch_id <= 0);
	if (sqlite3_step(st) != SQLITE_DONE)
		rc = ldg_db_error(db, "cannot record account", err);
	sqlite3_finalize(st);
	if (rc)
		return rc;
	*outcome = had ? 1 : 0;
	if (!had) {
		snprintf(whole, sizeof(whole), "account_name=%s;bank_name=%s;account_no=%s",
			 a->account_name, a->bank_name, a->account_no);
		return ldg_audit(db, "insert", "account", uscc, NULL, NULL, whole,
				 batch_id, NULL, err);
	}
	if (strcmp(old.account_name, a->account_name)
	    && (rc = ldg_audit(db, "update", "account", uscc, "account_name",
			       old.account_name, a->account_name, batch_id, NULL, err)))
		return rc;
	if (strcmp(old.bank_name, a->bank_name)
	    && (rc = ldg_audit(db, "update", "account", uscc, "bank_name",
			       old.bank_name, a->bank_name, batch_id, NULL, err)))
		return rc;
	if (strcmp(old.account_no, a->account_no)
	    && (rc = ldg_audit(db, "update", "account", uscc, "account_no",
			       old.account_no, a->account_no, batch_id, NULL, err)))
		return rc;
	return 0;
}
