/*
 * policy.c — insurance policies (policy.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ledger/date.h"
#include "ledger/db.h"
#include "ledger/money.h"
#include "ledger/policy.h"
#include "ledger/lang.h"

/* ldg_policy_init: see policy.h. */
void ldg_policy_init(struct ldg_policy *p)
{
	memset(p, 0, sizeof(*p));
	p->start_day = LDG_NO_DAY;
	p->end_day = LDG_NO_DAY;
	p->paid_day = LDG_NO_DAY;
	p->coverage_fen = LDG_NONE;
}

/* ldg_policy_key: see policy.h. */
char *ldg_policy_key(const struct ldg_policy *p, char *buf, size_t bufsz)
{
	snprintf(buf, bufsz, "%s/%s", p->insurer, p->policy_no);
	return buf;
}

/* ldg_insurer_id: see policy.h. */
int ldg_insurer_id(struct ldg_store *s, const char *name, int create,
		   int64_t *id, struct ldg_err *err)
{
	/* compared in normal form (import.md §3); one written straight into
	 * insurers (tests) by name */
	static const char get[] =
		"SELECT id FROM insurers WHERE name_key = ldg_key(?1)"
		" UNION ALL SELECT id FROM insurers WHERE name = ?1 LIMIT 1";
	static const char ins[] = "INSERT INTO insurers (name, name_key) VALUES (?1, ldg_key(?1))";
	int rc;

	if (s->insurer_id && strcmp(s->insurer, name) == 0) {
		*id = s->insurer_id;
		return 0;
	}
	if ((rc = ldg_store_name_id(s, LDG_SQL_INSURER_GET, get, LDG_SQL_INSURER_INS, ins,
				     N_("insurer"), name, create, id, err)))
		return rc;
	snprintf(s->insurer, sizeof(s->insurer), "%s", name);
	s->insurer_id = *id;
	return 0;
}

/* ldg_policy_get: see policy.h. */
int ldg_policy_get(struct ldg_store *s, const char *insurer, const char *policy_no,
		   struct ldg_policy *p, struct ldg_err *err)
{
	static const char sql[] =
		"SELECT p.id, i.name, p.policy_no, p.uscc, p.product, p.insured_rights,"
		" p.premium_fen, p.paid_date, p.start_date, p.end_date, p.coverage_fen,"
		" p.batch_id FROM policies p JOIN insurers i ON i.id = p.insurer_id"
		" WHERE p.insurer_id = (SELECT id FROM insurers WHERE name_key = ldg_key(?1)"
		"  UNION ALL SELECT id FROM insurers WHERE name = ?1 LIMIT 1)"
		" AND p.policy_key = ldg_key(?2)";
	sqlite3_stmt *st;
	int rc;

	ldg_policy_init(p);
	if ((rc = ldg_store_stmt(s, LDG_SQL_POL_GET, sql, &st, err)))
		return rc;
	ldg_bind_text(st, 1, insurer);
	ldg_bind_text(st, 2, policy_no);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		p->id = sqlite3_column_int64(st, 0);
		ldg_col_text(st, 1, p->insurer, sizeof(p->insurer));
		ldg_col_text(st, 2, p->policy_no, sizeof(p->policy_no));
		ldg_col_text(st, 3, p->uscc, sizeof(p->uscc));
		ldg_col_text(st, 4, p->product, sizeof(p->product));
		ldg_col_text(st, 5, p->insured_rights, sizeof(p->insured_rights));
		p->premium_fen = sqlite3_column_int64(st, 6);
		p->paid_day = ldg_col_day(st, 7);
		p->start_day = ldg_col_day(st, 8);
		p->end_day = ldg_col_day(st, 9);
		p->coverage_fen = sqlite3_column_type(st, 10) == SQLITE_NULL
			? LDG_NONE : sqlite3_column_int64(st, 10);
		p->batch_id = sqlite3_column_int64(st, 11);
		rc = 0;
	} else if (rc == SQLITE_DONE) {
		rc = ldg_err_set(err, LDG_ENOTFOUND, _("unknown policy '%s/%s'"), insurer, policy_no);
	} else {
		rc = ldg_db_error(s->db, "cannot read policy", err);
	}
	sqlite3_reset(st);
	return rc;
}

/* Bind the policy's columns 2..10 of the insert and update statements. */
static void bind_policy(sqlite3_stmt *st, const struct ldg_policy *p)
{
	ldg_bind_text(st, 2, p->policy_no);
	ldg_bind_text(st, 3, p->uscc);
	ldg_bind_text(st, 4, p->product);
	ldg_bind_text(st, 5, p->insured_rights);
	sqlite3_bind_int64(st, 6, p->premium_fen);
	ldg_bind_day(st, 7, p->paid_day);
	ldg_bind_day(st, 8, p->start_day);
	ldg_bind_day(st, 9, p->end_day);
	ldg_bind_int64n(st, 10, p->coverage_fen, p->coverage_fen == LDG_NONE);
}

/* ldg_policy_insert: see policy.h. */
int ldg_policy_insert(struct ldg_store *s, struct ldg_policy *p, int64_t batch_id,
		      int audit, struct ldg_err *err)
{
	static const char sql[] =
		"INSERT INTO policies (insurer_id, policy_no, uscc, product, insured_rights,"
		" premium_fen, paid_date, start_date, end_date, coverage_fen, batch_id, policy_key)"
		" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ldg_key(?2))";
	sqlite3_stmt *st;
	int64_t iid;
	int rc;

	if ((rc = ldg_insurer_id(s, p->insurer, 1, &iid, err)))
		return rc;
	if ((rc = ldg_store_stmt(s, LDG_SQL_POL_INS, sql, &st, err)))
		return rc;
	sqlite3_bind_int64(st, 1, iid);
	bind_policy(st, p);
	ldg_bind_int64n(st, 11, batch_id, batch_id <= 0);
	if (sqlite3_step(st) != SQLITE_DONE)
		rc = ldg_db_error(s->db, "cannot record policy", err);
	else
		p->id = sqlite3_last_insert_rowid(s->db);
	sqlite3_reset(st);
	if (rc || !audit)
		return rc;
	{
		struct ldg_field f[LDG_POLICY_NFIELDS];
		char key[LDG_NAME_BUFSZ + LDG_NO_BUFSZ + 2], *sum;
		size_t len = 1, k = 0;
		int i;

		if (ldg_policy_fields(p, f))
			return ldg_err_set(err, LDG_ENOMEM, _("out of memory"));
		for (i = 0; i < LDG_POLICY_NFIELDS; i++)
			len += strlen(f[i].name) + strlen(f[i].text) + 3;
		if ((sum = malloc(len)) != NULL) {
			sum[0] = '\0';
			for (i = 0; i < LDG_POLICY_NFIELDS; i++)
				k += (size_t)snprintf(sum + k, len - k, "%s%s=%s",
						      i ? "; " : "", f[i].name, f[i].text);
			rc = ldg_audit(s->db, "insert", "policy",
				       ldg_policy_key(p, key, sizeof(key)), NULL, NULL, sum,
				       batch_id, NULL, err);
			free(sum);
		} else {
			rc = ldg_err_set(err, LDG_ENOMEM, _("out of memory"));
		}
		ldg_fields_release(f, LDG_POLICY_NFIELDS);
	}
	return rc;
}

/* ldg_policy_update: see policy.h. */
int ldg_policy_update(struct ldg_store *s, const struct ldg_policy *old,
		      const struct ldg_policy *new_, int64_t batch_id, int *changed,
		      struct ldg_err *err)
{
	static const char sql[] =
		"UPDATE policies SET policy_no = ?2, policy_key = ldg_key(?2), uscc = ?3, product = ?4,"
		" insured_rights = ?5, premium_fen = ?6, paid_date = ?7, start_date = ?8,"
		" end_date = ?9, coverage_fen = ?10 WHERE id = ?1";
	struct ldg_field fo[LDG_POLICY_NFIELDS], fn[LDG_POLICY_NFIELDS];
	char key[LDG_NAME_BUFSZ + LDG_NO_BUFSZ + 2];
	sqlite3_stmt *st;
	int rc = 0;

	*changed = 0;
	if (ldg_policy_fields(old, fo))
		return ldg_err_set(err, LDG_ENOMEM, _("out of memory"));
	if (ldg_policy_fields(new_, fn)) {
		ldg_fields_release(fo, LDG_POLICY_NFIELDS);
		return ldg_err_set(err, LDG_ENOMEM, _("out of memory"));
	}
	if (ldg_fields_diff(fo, fn, LDG_POLICY_NFIELDS) == 0)
		goto out;
	if ((rc = ldg_store_stmt(s, LDG_SQL_POL_UPD, sql, &st, err)))
		goto out;
	sqlite3_bind_int64(st, 1, old->id);
	bind_policy(st, new_);
	if (sqlite3_step(st) != SQLITE_DONE)
		rc = ldg_db_error(s->db, "cannot update policy", err);
	sqlite3_reset(st);
	if (!rc)
		rc = ldg_fields_audit(s->db, "policy", ldg_policy_key(old, key, sizeof(key)),
				      fo, fn, LDG_POLICY_NFIELDS, batch_id, changed, err);
out:
	ldg_fields_release(fo, LDG_POLICY_NFIELDS);
	ldg_fields_release(fn, LDG_POLICY_NFIELDS);
	return rc;
}

/* ldg_policy_fields: see policy.h. */
int ldg_policy_fields(const struct ldg_policy *p, struct ldg_field f[LDG_POLICY_NFIELDS])
{
	static const char *const names[LDG_POLICY_NFIELDS] = {
		"uscc", "product", "insured_rights", "premium", "paid_date",
		"start_date", "end_date", "coverage"
	};
	int i;

	for (i = 0; i < LDG_POLICY_NFIELDS; i++)
		f[i].name = names[i];
	f[0].text = strdup(p->uscc);
	f[1].text = strdup(p->product);
	f[2].text = strdup(p->insured_rights);
	f[3].text = ldg_field_amount(p->premium_fen);
	f[4].text = ldg_field_day(p->paid_day);
	f[5].text = ldg_field_day(p->start_day);
	f[6].text = ldg_field_day(p->end_day);
	f[7].text = ldg_field_amount(p->coverage_fen);
	for (i = 0; i < LDG_POLICY_NFIELDS; i++)
		if (!f[i].text) {
			ldg_fields_release(f, LDG_POLICY_NFIELDS);
			return -1;
		}
	return 0;
}

/* ldg_policy_field_set: see policy.h. */
int ldg_policy_field_set(struct ldg_policy *p, const char *field, const char *text,
			 struct ldg_err *err)
{
	if (strcmp(field, "uscc") == 0)
		snprintf(p->uscc, sizeof(p->uscc), "%s", text);
	else if (strcmp(field, "product") == 0)
		snprintf(p->product, sizeof(p->product), "%s", text);
	else if (strcmp(field, "insured_rights") == 0)
		snprintf(p->insured_rights, sizeof(p->insured_rights), "%s", text);
	else if (strcmp(field, "premium") == 0)
		return ldg_money_parse(text, LDG_UNIT_YUAN, &p->premium_fen, err);
	else if (strcmp(field, "paid_date") == 0)
		return ldg_field_set_day(&p->paid_day, text, err);
	else if (strcmp(field, "start_date") == 0)
		return ldg_field_set_day(&p->start_day, text, err);
	else if (strcmp(field, "end_date") == 0)
		return ldg_field_set_day(&p->end_day, text, err);
	else if (strcmp(field, "coverage") == 0) {
		if (!*text) {
			p->coverage_fen = LDG_NONE;
			return 0;
		}
		return ldg_money_parse(text, LDG_UNIT_YUAN, &p->coverage_fen, err);
	} else
		return ldg_err_set(err, LDG_EINPUT, _("unknown policy field '%s'"), field);
	return 0;
}
