/*
 * enterprise.c — the enterprise register, contributions and bars
 * (enterprise.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ledger/db.h"
#include "ledger/enterprise.h"
#include "ledger/money.h"
#include "ledger/lang.h"

/* ldg_enterprise_init: see enterprise.h. */
void ldg_enterprise_init(struct ldg_enterprise *e)
{
	memset(e, 0, sizeof(*e));
	e->legal_person = 1;
}

/* ldg_enterprise_get: see enterprise.h. */
int ldg_enterprise_get(struct ldg_store *s, const char *uscc,
		       struct ldg_enterprise *e, struct ldg_err *err)
{
	static const char sql[] =
		"SELECT uscc, name, city, industry, legal_person, nonstandard_uscc,"
		" batch_id, unregistered FROM enterprises WHERE uscc = ?1";
	sqlite3_stmt *st;
	int rc;

	if ((rc = ldg_store_stmt(s, LDG_SQL_ENT_GET, sql, &st, err)))
		return rc;
	ldg_bind_text(st, 1, uscc);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		ldg_enterprise_init(e);
		ldg_col_text(st, 0, e->uscc, sizeof(e->uscc));
		ldg_col_text(st, 1, e->name, sizeof(e->name));
		ldg_col_text(st, 2, e->city, sizeof(e->city));
		ldg_col_text(st, 3, e->industry, sizeof(e->industry));
		e->legal_person = sqlite3_column_int(st, 4);
		e->nonstandard_uscc = sqlite3_column_int(st, 5);
		e->batch_id = sqlite3_column_int64(st, 6);
		e->unregistered = sqlite3_column_int(st, 7);
		rc = 0;
	} else if (rc == SQLITE_DONE) {
		rc = ldg_err_set(err, LDG_ENOTFOUND, _("unknown enterprise '%s'"), uscc);
	} else {
		rc = ldg_db_error(s->db, "cannot read enterprise", err);
	}
	sqlite3_reset(st);
	return rc;
}

/* ldg_enterprise_insert: see enterprise.h. */
int ldg_enterprise_insert(struct ldg_store *s, const struct ldg_enterprise *e,
			  int64_t batch_id, int audit, struct ldg_err *err)
{
	static const char sql[] =
		"INSERT INTO enterprises (uscc, name, city, industry, legal_person,"
		" nonstandard_uscc, batch_id, unregistered) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)";
	struct ldg_field f[LDG_ENTERPRISE_NFIELDS];
	sqlite3_stmt *st;
	char *summary = NULL;
	size_t len = 0;
	int rc, i;

	if ((rc = ldg_store_stmt(s, LDG_SQL_ENT_INS, sql, &st, err)))
		return rc;
	ldg_bind_text(st, 1, e->uscc);
	ldg_bind_text(st, 2, e->name);
	ldg_bind_text(st, 3, e->city);
	ldg_bind_text(st, 4, e->industry);
	sqlite3_bind_int(st, 5, e->legal_person);
	sqlite3_bind_int(st, 6, e->nonstandard_uscc);
	ldg_bind_int64n(st, 7, batch_id, batch_id <= 0);
	sqlite3_bind_int(st, 8, e->unregistered != 0);
	if (sqlite3_step(st) != SQLITE_DONE)
		rc = ldg_db_error(s->db, "cannot record enterprise", err);
	sqlite3_reset(st);
	if (rc || !audit)
		return rc;
	if (ldg_enterprise_fields(e, f))
		return ldg_err_set(err, LDG_ENOMEM, _("out of memory"));
	for (i = 0; i < LDG_ENTERPRISE_NFIELDS; i++)
		len += strlen(f[i].name) + strlen(f[i].text) + 3;
	if ((summary = malloc(len + 1)) != NULL) {
		size_t n = 0;

		summary[0] = '\0';
		for (i = 0; i < LDG_ENTERPRISE_NFIELDS; i++)
			n += (size_t)snprintf(summary + n, len + 1 - n, "%s%s=%s",
					      i ? "; " : "", f[i].name, f[i].text);
		rc = ldg_audit(s->db, "insert", "enterprise", e->uscc, NULL, NULL,
			       summary, batch_id,
			       e->nonstandard_uscc
				       ? "nonstandard USCC accepted on purpose: its check character is wrong"
				       : NULL, err);
	} else {
		rc = ldg_err_set(err, LDG_ENOMEM, _("out of memory"));
	}
	free(summary);
	ldg_fields_release(f, LDG_ENTERPRISE_NFIELDS);
	return rc;
}

/* ldg_enterprise_confirm: see enterprise.h. */
int ldg_enterprise_confirm(struct ldg_store *s, const char *uscc, int64_t batch_id,
			   int *confirmed, struct ldg_err *err)
{
	static const char sql[] =
		"UPDATE enterprises SET unregistered = 0 WHERE uscc = ?1 AND unregistered = 1";
	sqlite3_stmt *st = NULL;
	int rc;

	*confirmed = 0;
	if ((rc = ldg_db_prepare(s->db, sql, &st, err)))
		return rc;
	ldg_bind_text(st, 1, uscc);
	if (sqlite3_step(st) != SQLITE_DONE)
		rc = ldg_db_error(s->db, "cannot confirm enterprise", err);
	else
		*confirmed = sqlite3_changes(s->db) > 0;
	sqlite3_finalize(st);
	if (!rc && *confirmed)
		rc = ldg_audit(s->db, "confirm", "enterprise", uscc, "unregistered", "yes", "no",
			       batch_id, NULL, err);
	return rc;
}

/* ldg_enterprise_update: see enterprise.h. */
int ldg_enterprise_update(struct ldg_store *s, const struct ldg_enterprise *old,
			  const struct ldg_enterprise *new_, int64_t batch_id,
			  int *changed, struct ldg_err *err)
{
	static const char sql[] =
		"UPDATE enterprises SET name = ?2, city = ?3, industry = ?4,"
		" legal_person = ?5, nonstandard_uscc = ?6 WHERE uscc = ?1";
	struct ldg_field fo[LDG_ENTERPRISE_NFIELDS], fn[LDG_ENTERPRISE_NFIELDS];
	sqlite3_stmt *st;
	int rc = 0;

	*changed = 0;
	if (ldg_enterprise_fields(old, fo))
		return ldg_err_set(err, LDG_ENOMEM, _("out of memory"));
	if (ldg_enterprise_fields(new_, fn)) {
		ldg_fields_release(fo, LDG_ENTERPRISE_NFIELDS);
		return ldg_err_set(err, LDG_ENOMEM, _("out of memory"));
	}
	if (ldg_fields_diff(fo, fn, LDG_ENTERPRISE_NFIELDS) == 0)
		goto out;
	if ((rc = ldg_store_stmt(s, LDG_SQL_ENT_UPD, sql, &st, err)))
		goto out;
	ldg_bind_text(st, 1, old->uscc);
	ldg_bind_text(st, 2, new_->name);
	ldg_bind_text(st, 3, new_->city);
	ldg_bind_text(st, 4, new_->industry);
	sqlite3_bind_int(st, 5, new_->legal_person);
	sqlite3_bind_int(st, 6, new_->nonstandard_uscc);
	if (sqlite3_step(st) != SQLITE_DONE)
		rc = ldg_db_error(s->db, "cannot update enterprise", err);
	sqlite3_reset(st);
	if (!rc)
		rc = ldg_fields_audit(s->db, "enterprise", old->uscc, fo, fn,
				      LDG_ENTERPRISE_NFIELDS, batch_id, changed, err);
out:
	ldg_fields_release(fo, LDG_ENTERPRISE_NFIELDS);
	ldg_fields_release(fn, LDG_ENTERPRISE_NFIELDS);
	return rc;
}

/* ldg_enterprise_fields: see enterprise.h. */
int ldg_enterprise_fields(const struct ldg_enterprise *e,
			  struct ldg_field f[LDG_ENTERPRISE_NFIELDS])
{
	f[0].name = "name";
	f[0].text = strdup(e->name);
	f[1].name = "city";
	f[1].text = strdup(e->city);
	f[2].name = "industry";
	f[2].text = strdup(e->industry);
	f[3].name = "legal_person";
	f[3].text = strdup(e->legal_person ? "yes" : "no");
	f[4].name = "nonstandard_uscc";
	f[4].text = strdup(e->nonstandard_uscc ? "yes" : "no");
	if (!f[0].text || !f[1].text || !f[2].text || !f[3].text || !f[4].text) {
		ldg_fields_release(f, LDG_ENTERPRISE_NFIELDS);
		return -1;
	}
	return 0;
}

/* ldg_enterprise_field_set: see enterprise.h. */
int ldg_enterprise_field_set(struct ldg_enterprise *e, const char *field,
			     const char *text, struct ldg_err *err)
{
	if (strcmp(field, "name") == 0)
		snprintf(e->name, sizeof(e->name), "%s", text);
	else if (strcmp(field, "city") == 0)
		snprintf(e->city, sizeof(e->city), "%s", text);
	else if (strcmp(field, "industry") == 0)
		snprintf(e->industry, sizeof(e->industry), "%s", text);
	else if (strcmp(field, "legal_person") == 0)
		e->legal_person = strcmp(text, "yes") == 0;
	else if (strcmp(field, "nonstandard_uscc") == 0)
		e->nonstandard_uscc = strcmp(text, "yes") == 0;
	else
		return ldg_err_set(err, LDG_EINPUT, _("unknown enterprise field '%s'"), field);
	return 0;
}

/* ldg_contribution_get: see enterprise.h. */
int ldg_contribution_get(struct ldg_store *s, const char *uscc, int year,
			 int64_t *fen, struct ldg_err *err)
{
	static const char sql[] =
		"SELECT contribution_fen FROM contributions WHERE uscc = ?1 AND year = ?2";
	sqlite3_stmt *st;
	int rc;

	if ((rc = ldg_store_stmt(s, LDG_SQL_CONTRIB_GET, sql, &st, err)))
		return rc;
	ldg_bind_text(st, 1, uscc);
	sqlite3_bind_int(st, 2, year);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*fen = sqlite3_column_int64(st, 0);
		rc = 0;
	} else if (rc == SQLITE_DONE) {
		rc = LDG_ENOTFOUND;
	} else {
		rc = ldg_db_error(s->db, "cannot read contribution", err);
	}
	sqlite3_reset(st);
	return rc;
}

/* ldg_contribution_put: see enterprise.h. */
int ldg_contribution_put(struct ldg_store *s, const char *uscc, int year,
			 int64_t fen, int64_t batch_id, int *outcome,
			 struct ldg_err *err)
{
	static const char ins[] =
		"INSERT INTO contributions (uscc, year, contribution_fen, batch_id)"
		" VALUES (?1, ?2, ?3, ?4) ON CONFLICT (uscc, year) DO UPDATE SET"
		" contribution_fen = excluded.contribution_fen";
	sqlite3_stmt *st;
	int64_t old = 0;
	char key[64], ov[LDG_MONEY_BUFSZ], nv[LDG_MONEY_BUFSZ];
	int rc, had;

	rc = ldg_contribution_get(s, uscc, year, &old, err);
	if (rc && rc != LDG_ENOTFOUND)
		return rc;
	had = rc == 0;
	if (had && old == fen) {
		*outcome = 2;
		return 0;
	}
	if ((rc = ldg_store_stmt(s, LDG_SQL_CONTRIB_PUT, ins, &st, err)))
		return rc;
	ldg_bind_text(st, 1, uscc);
	sqlite3_bind_int(st, 2, year);
	sqlite3_bind_int64(st, 3, fen);
	ldg_bind_int64n(st, 4, batch_id, batch_id <= 0);
	if (sqlite3_step(st) != SQLITE_DONE)
		rc = ldg_db_error(s->db, "cannot record contribution", err);
	sqlite3_reset(st);
	if (rc)
		return rc;
	*outcome = had ? 1 : 0;
	snprintf(key, sizeof(key), "%s/%d", uscc, year);
	if (had)
		return ldg_audit(s->db, "update", "contribution", key, "contribution",
				 ldg_money_format(old, 0, ov), ldg_money_format(fen, 0, nv),
				 batch_id, NULL, err);
	if (batch_id <= 0)
		return ldg_audit(s->db, "insert", "contribution", key, "contribution",
				 NULL, ldg_money_format(fen, 0, nv), 0, NULL, err);
	return 0;
}

/* ldg_bar_put: see enterprise.h. */
int ldg_bar_put(struct ldg_store *s, const char *uscc, int year,
		const char *reason, int64_t batch_id, int *outcome,
		struct ldg_err *err)
{
	static const char get[] =
		"SELECT reason FROM bars WHERE uscc = ?1 AND year = ?2";
	static const char ins[] =
		"INSERT INTO bars (uscc, year, reason, batch_id) VALUES (?1, ?2, ?3, ?4)"
		" ON CONFLICT (uscc, year) DO UPDATE SET reason = excluded.reason";
	sqlite3_stmt *st;
	char key[64], *old = NULL;
	int rc, had = 0;

	if ((rc = ldg_store_stmt(s, LDG_SQL_BAR_GET, get, &st, err)))
		return rc;
	ldg_bind_text(st, 1, uscc);
	sqlite3_bind_int(st, 2, year);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		const char *t = (const char *)sqlite3_column_text(st, 0);

		had = 1;
		if (!(old = strdup(t ? t : ""))) {
			sqlite3_reset(st);
			return ldg_err_set(err, LDG_ENOMEM, _("out of memory"));
		}
	} else if (rc != SQLITE_DONE) {
		sqlite3_reset(st);
		return ldg_db_error(s->db, "cannot read bar flag", err);
	}
	sqlite3_reset(st);
	rc = 0;
	if (had && strcmp(old, reason) == 0) {
		*outcome = 2;
		goto out;
	}
	if ((rc = ldg_store_stmt(s, LDG_SQL_BAR_PUT, ins, &st, err)))
		goto out;
	ldg_bind_text(st, 1, uscc);
	sqlite3_bind_int(st, 2, year);
	ldg_bind_text(st, 3, reason);
	ldg_bind_int64n(st, 4, batch_id, batch_id <= 0);
	if (sqlite3_step(st) != SQLITE_DONE)
		rc = ldg_db_error(s->db, "cannot record bar flag", err);
	sqlite3_reset(st);
	if (rc)
		goto out;
	*outcome = had ? 1 : 0;
	snprintf(key, sizeof(key), "%s/%d", uscc, year);
	if (had)
		rc = ldg_audit(s->db, "update", "bar", key, "reason", old, reason,
			       batch_id, NULL, err);
	else if (batch_id <= 0)
		rc = ldg_audit(s->db, "insert", "bar", key, "reason", NULL, reason,
			       0, NULL, err);
out:
	free(old);
	return rc;
}
