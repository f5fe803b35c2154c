/*
 * undo.c — imp_undo(): reverse an import batch (import.md §4).
 *
 * Rows the batch inserted carry its batch_id (loans, policies, enterprises,
 * contributions, bars) or an "insert" audit row with it (rates, targets);
 * rows it updated have one "update" audit row per field with the old value
 * as text (store.h), which the record's field parser reads back.  The
 * whole undo is one transaction, and the lock triggers of schema.sql refuse
 * it when a finalized subsidy run uses any row (rules.md §7).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "import/import_int.h"
#include "ledger/date.h"
#include "ledger/db.h"
#include "ledger/enterprise.h"
#include "ledger/loan.h"
#include "ledger/money.h"
#include "ledger/policy.h"
#include "ledger/lang.h"

/* Run SQL with ?1 = batch; *n (may be NULL) gets the rows changed. */
static int exec_batch(sqlite3 *db, const char *sql, int64_t batch, long *n,
		      struct ldg_err *err)
{
	sqlite3_stmt *st = NULL;
	int rc;

	if ((rc = ldg_db_prepare(db, sql, &st, err)))
		return rc;
	sqlite3_bind_int64(st, 1, batch);
	if (sqlite3_step(st) != SQLITE_DONE)
		rc = ldg_db_error(db, "cannot undo batch", err);
	else if (n)
		*n += sqlite3_changes(db);
	sqlite3_finalize(st);
	return rc;
}

/* First text column of the first row of sql(?1 = batch, ?2 = start), or NULL. */
static char *first_text(sqlite3 *db, const char *sql, int64_t batch, int64_t start,
			struct ldg_err *err, int *rc)
{
	sqlite3_stmt *st = NULL;
	char *out = NULL;

	if ((*rc = ldg_db_prepare(db, sql, &st, err)))
		return NULL;
	sqlite3_bind_int64(st, 1, batch);
	sqlite3_bind_int64(st, 2, start);
	if (sqlite3_step(st) == SQLITE_ROW) {
		const char *t = (const char *)sqlite3_column_text(st, 0);

		out = strdup(t ? t : "");
	}
	sqlite3_finalize(st);
	return out;
}

/* Split "A/B" at the first '/' into a and b. */
static int split_key(const char *key, char *a, size_t asz, char *b, size_t bsz)
{
	const char *slash = strchr(key, '/');

	if (!slash || (size_t)(slash - key) >= asz)
		return -1;
	memcpy(a, key, (size_t)(slash - key));
	a[slash - key] = '\0';
	snprintf(b, bsz, "%s", slash + 1);
	return 0;
}

/*
 * The loan (policy = 0) or policy (policy = 1) whose audit key is "A/B":
 * a bank or insurer name may hold '/' itself, so the key is split at each
 * '/' in turn until a recorded one is found.  LDG_ENOTFOUND when none;
 * "bad audit key" when the key has no '/'.
 */
static int get_by_key(struct ldg_store *s, int policy, const char *key, struct ldg_loan *l,
		      struct ldg_policy *p, struct ldg_err *err)
{
	const char *slash = strchr(key, '/');
	char a[LDG_NAME_BUFSZ], b[LDG_NAME_BUFSZ];
	int rc = LDG_ENOTFOUND;

	if (!slash)
		return ldg_err_set(err, LDG_EDB, _("bad audit key '%s'"), key);
	for (; slash; slash = strchr(slash + 1, '/')) {
		if ((size_t)(slash - key) >= sizeof(a))
			break;
		memcpy(a, key, (size_t)(slash - key));
		a[slash - key] = '\0';
		snprintf(b, sizeof(b), "%s", slash + 1);
		rc = policy ? ldg_policy_get(s, a, b, p, NULL) : ldg_loan_get(s, a, b, l, NULL);
		if (rc != LDG_ENOTFOUND)
			break;
	}
	if (rc == LDG_ENOTFOUND)
		return ldg_err_set(err, LDG_ENOTFOUND, _("unknown %s '%s'"), policy ? "policy" : "loan",
				   key);
	return rc ? ldg_err_set(err, rc, _("cannot read %s '%s'"), policy ? "policy" : "loan", key)
		  : 0;
}

/* Restore one record's fields from the audit rows of the batch. */
static int restore(struct ldg_store *s, const char *entity, const char *key,
		   int64_t batch, long *changed, struct ldg_err *err)
{
	static const char sql[] =
		"SELECT field, old_value FROM audit_log WHERE batch_id = ?1 AND action = 'update'"
		" AND entity = ?2 AND entity_key = ?3 ORDER BY id";
	sqlite3_stmt *st = NULL;
	int rc, n = 0;
	union {
		struct ldg_loan l;
		struct ldg_policy p;
		struct ldg_enterprise e;
	} cur, old;

	memset(&cur, 0, sizeof(cur));
	memset(&old, 0, sizeof(old));
	if (!strcmp(entity, "loan") || !strcmp(entity, "policy")) {
		int pol = strcmp(entity, "loan") != 0;

		rc = get_by_key(s, pol, key, &cur.l, &cur.p, err);
		if (!rc && !pol)
			rc = get_by_key(s, 0, key, &old.l, NULL, err);
		else if (!rc)
			old.p = cur.p;
	} else if (!strcmp(entity, "enterprise")) {
		if ((rc = ldg_enterprise_get(s, key, &cur.e, err)) == 0)
			old.e = cur.e;
	} else {
		return 0;   /* contributions, bars, rates, targets: below */
	}
	if (rc)
		return rc;
	if ((rc = ldg_db_prepare(s->db, sql, &st, err)))
		goto out;
	sqlite3_bind_int64(st, 1, batch);
	ldg_bind_text(st, 2, entity);
	ldg_bind_text(st, 3, key);
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char *f = (const char *)sqlite3_column_text(st, 0);
		const char *v = (const char *)sqlite3_column_text(st, 1);

		if (!f)
			continue;
		if (!v)
			v = "";
		if (!strcmp(entity, "loan"))
			rc = ldg_loan_field_set(&old.l, f, v, err);
		else if (!strcmp(entity, "policy"))
			rc = ldg_policy_field_set(&old.p, f, v, err);
		else
			rc = ldg_enterprise_field_set(&old.e, f, v, err);
		if (rc)
			goto out;
	}
	if (!strcmp(entity, "loan"))
		rc = ldg_loan_update(s, &cur.l, &old.l, 0, &n, err);
	else if (!strcmp(entity, "policy"))
		rc = ldg_policy_update(s, &cur.p, &old.p, 0, &n, err);
	else
		rc = ldg_enterprise_update(s, &cur.e, &old.e, 0, &n, err);
	if (!rc && n)
		(*changed)++;
out:
	sqlite3_finalize(st);
	if (!strcmp(entity, "loan")) {
		ldg_loan_release(&cur.l);
		ldg_loan_release(&old.l);
	}
	return rc;
}

/* Undo the simple yearly/reference updates and inserts recorded in the audit log. */
static int restore_simple(sqlite3 *db, int64_t batch, long *changed, struct ldg_err *err)
{
	static const char sql[] =
		"SELECT action, entity, entity_key, field, old_value FROM audit_log"
		" WHERE batch_id = ?1 AND action IN ('insert', 'update')"
		" AND entity IN ('contribution', 'bar', 'rate', 'target', 'account') ORDER BY id DESC";
	sqlite3_stmt *st = NULL, *w = NULL;
	char last_target[128] = "";   /* a target's fields count as one row */
	int rc;

	if ((rc = ldg_db_prepare(db, sql, &st, err)))
		return rc;
	sqlite3_bind_int64(st, 1, batch);
	while (!rc && sqlite3_step(st) == SQLITE_ROW) {
		const char *action = (const char *)sqlite3_column_text(st, 0);
		const char *entity = (const char *)sqlite3_column_text(st, 1);
		const char *key = (const char *)sqlite3_column_text(st, 2);
		const char *field = (const char *)sqlite3_column_text(st, 3);
		const char *old = (const char *)sqlite3_column_text(st, 4);
		char a[64], b[64];
		int upd = strcmp(action, "update") == 0;
		int64_t v = 0;
		int32_t day;

		if (!strcmp(entity, "account")) {
			/* an inserted account goes with its batch_id (below) */
			if (!upd || !field)
				continue;
			rc = ldg_db_prepare(db, !strcmp(field, "account_name")
				? "UPDATE accounts SET account_name = ?2 WHERE uscc = ?1"
				: !strcmp(field, "bank_name")
				? "UPDATE accounts SET bank_name = ?2 WHERE uscc = ?1"
				: "UPDATE accounts SET account_no = ?2 WHERE uscc = ?1", &w, err);
			if (rc)
				break;
			ldg_bind_text(w, 1, key);
			ldg_bind_text(w, 2, old ? old : "");
			if (sqlite3_step(w) != SQLITE_DONE)
				rc = ldg_db_error(db, "cannot undo batch", err);
			else
				(*changed)++;
			sqlite3_finalize(w);
			w = NULL;
			continue;
		}
		if (split_key(key, a, sizeof(a), b, sizeof(b))) {
			rc = ldg_err_set(err, LDG_EDB, _("bad audit key '%s'"), key);
			break;
		}
		if (!strcmp(entity, "contribution") && upd) {
			if ((rc = ldg_money_parse(old ? old : "", LDG_UNIT_YUAN, &v, err)))
				break;
			rc = ldg_db_prepare(db, "UPDATE contributions SET contribution_fen = ?3"
					    " WHERE uscc = ?1 AND year = ?2", &w, err);
		} else if (!strcmp(entity, "bar") && upd) {
			rc = ldg_db_prepare(db, "UPDATE bars SET reason = ?3 WHERE uscc = ?1"
					    " AND year = ?2", &w, err);
		} else if (!strcmp(entity, "rate")) {
			if ((rc = ldg_date_parse_iso(b, &day, err)))
				break;
			if (upd) {
				char *end;

				v = strtoll(old ? old : "", &end, 10);
				if ((rc = ldg_rate_set(db, a, day, v, err)) == 0)
					(*changed)++;   /* no statement below */
			} else {
				rc = ldg_db_prepare(db, "DELETE FROM rates WHERE kind = ?1"
						    " AND effective_date = ?2", &w, err);
			}
		} else if (!strcmp(entity, "target")) {
			/* key CITY/METRIC/FROM-TO */
			char metric[32], period[32];
			int from = 0, to = 0;

			if (split_key(b, metric, sizeof(metric), period, sizeof(period))
			    || sscanf(period, "%d-%d", &from, &to) != 2) {
				rc = ldg_err_set(err, LDG_EDB, _("bad audit key '%s'"), key);
				break;
			}
			if (upd && field && !strcmp(field, "source")) {
				rc = ldg_db_prepare(db, "UPDATE targets SET source = ?5 WHERE"
						    " city = ?1 AND metric = ?2 AND year_from = ?3"
						    " AND year_to = ?4", &w, err);
			} else if (upd) {
				if ((rc = ldg_money_parse(old ? old : "", LDG_UNIT_YUAN, &v, err)))
					break;
				rc = ldg_db_prepare(db, "UPDATE targets SET target_fen = ?5 WHERE"
						    " city = ?1 AND metric = ?2 AND year_from = ?3"
						    " AND year_to = ?4", &w, err);
			} else {
				rc = ldg_db_prepare(db, "DELETE FROM targets WHERE city = ?1 AND"
						    " metric = ?2 AND year_from = ?3 AND year_to = ?4",
						    &w, err);
			}
			if (!rc) {
				ldg_bind_text(w, 1, a);
				ldg_bind_text(w, 2, metric);
				sqlite3_bind_int(w, 3, from);
				sqlite3_bind_int(w, 4, to);
				if (upd && field && !strcmp(field, "source"))
					ldg_bind_text(w, 5, old ? old : "");
				else if (upd)
					sqlite3_bind_int64(w, 5, v);
			}
		}
		if (rc || !w)
			continue;
		if (strcmp(entity, "target")) {
			ldg_bind_text(w, 1, a);
			if (!strcmp(entity, "rate"))
				ldg_bind_text(w, 2, b);
			else
				sqlite3_bind_int(w, 2, (int)strtol(b, NULL, 10));
			if (!strcmp(entity, "contribution"))
				sqlite3_bind_int64(w, 3, v);
			else if (!strcmp(entity, "bar"))
				ldg_bind_text(w, 3, old ? old : "");
		}
		if (sqlite3_step(w) != SQLITE_DONE)
			rc = ldg_db_error(db, "cannot undo batch", err);
		else if (strcmp(entity, "target") || strcmp(key, last_target))
			(*changed)++;
		if (!strcmp(entity, "target"))
			snprintf(last_target, sizeof(last_target), "%s", key);
		sqlite3_finalize(w);
		w = NULL;
	}
	sqlite3_finalize(st);
	sqlite3_finalize(w);
	return rc;
}

/* imp_undo: see import.h. */
int imp_undo(sqlite3 *db, int64_t batch_id, long *changed, struct ldg_err *err)
{
	sqlite3_stmt *st = NULL;
	struct ldg_store s;
	char *conflict = NULL, key[32], now[32];
	int64_t start = 0, last_before = 0;
	long n = 0;
	int rc, undone = 0, found = 0;

	ldg_store_init(&s, db);
	if (changed)
		*changed = 0;
	if ((rc = ldg_db_begin(db, err)))
		return rc;
	if ((rc = ldg_db_prepare(db, "SELECT undone_at IS NOT NULL, (SELECT min(id) FROM audit_log"
				 " WHERE batch_id = ?1) FROM import_batches WHERE id = ?1", &st, err)))
		goto out;
	sqlite3_bind_int64(st, 1, batch_id);
	if (sqlite3_step(st) == SQLITE_ROW) {
		found = 1;
		undone = sqlite3_column_int(st, 0);
		start = sqlite3_column_int64(st, 1);
	}
	sqlite3_finalize(st);
	st = NULL;
	if (!found) {
		rc = ldg_err_set(err, LDG_ENOTFOUND, _("no import batch %lld"), (long long)batch_id);
		goto out;
	}
	if (undone) {
		rc = ldg_err_set(err, LDG_ECONFLICT, _("import batch %lld was undone already"),
				 (long long)batch_id);
		goto out;
	}
	/* a later change to a row of this batch must be undone first */
	conflict = first_text(db,
		"SELECT a.entity || ' ''' || a.entity_key || '''' FROM audit_log a"
		" WHERE a.id > ?2 AND (a.batch_id IS NULL OR (a.batch_id <> ?1 AND a.batch_id NOT IN"
		"  (SELECT id FROM import_batches WHERE undone_at IS NOT NULL)))"
		" AND a.action IN ('update', 'delete', 'settle') AND EXISTS ("
		"  SELECT 1 FROM audit_log b WHERE b.batch_id = ?1 AND b.entity = a.entity"
		"  AND b.entity_key = a.entity_key AND b.action IN ('insert', 'update'))"
		/* rows this batch inserted that a later batch changed: contributions
		 * and bars carry the batch, their insert has no audit row (rates and
		 * targets have one, above) — issue 11, as loans below */
		" UNION ALL SELECT 'contribution ''' || c.uscc || '/' || c.year || '''' FROM"
		" contributions c WHERE c.batch_id = ?1 AND EXISTS (SELECT 1 FROM audit_log a"
		"  WHERE a.id > ?2 AND a.entity = 'contribution'"
		"  AND a.entity_key = c.uscc || '/' || c.year"
		"  AND (a.batch_id IS NULL OR (a.batch_id <> ?1 AND a.batch_id NOT IN"
		"  (SELECT id FROM import_batches WHERE undone_at IS NOT NULL))))"
		" UNION ALL SELECT 'bar ''' || r.uscc || '/' || r.year || '''' FROM"
		" bars r WHERE r.batch_id = ?1 AND EXISTS (SELECT 1 FROM audit_log a"
		"  WHERE a.id > ?2 AND a.entity = 'bar' AND a.entity_key = r.uscc || '/' || r.year"
		"  AND (a.batch_id IS NULL OR (a.batch_id <> ?1 AND a.batch_id NOT IN"
		"  (SELECT id FROM import_batches WHERE undone_at IS NOT NULL))))"
		" UNION ALL SELECT 'loan ''' || k.name || '/' || l.contract_no || '''' FROM loans l"
		" JOIN banks k ON k.id = l.bank_id WHERE l.batch_id = ?1 AND EXISTS ("
		"  SELECT 1 FROM audit_log a WHERE a.id > ?2 AND a.entity = 'loan'"
		"  AND a.entity_key = k.name || '/' || l.contract_no"
		"  AND (a.batch_id IS NULL OR (a.batch_id <> ?1 AND a.batch_id NOT IN"
		"  (SELECT id FROM import_batches WHERE undone_at IS NOT NULL))))"
		" UNION ALL SELECT 'policy ''' || i.name || '/' || p.policy_no || '''' FROM policies p"
		" JOIN insurers i ON i.id = p.insurer_id WHERE p.batch_id = ?1 AND EXISTS ("
		"  SELECT 1 FROM audit_log a WHERE a.id > ?2 AND a.entity = 'policy'"
		"  AND a.entity_key = i.name || '/' || p.policy_no"
		"  AND (a.batch_id IS NULL OR (a.batch_id <> ?1 AND a.batch_id NOT IN"
		"  (SELECT id FROM import_batches WHERE undone_at IS NOT NULL))))"
		" UNION ALL SELECT 'account ''' || t.uscc || '''' FROM accounts t"
		" WHERE t.batch_id = ?1 AND EXISTS (SELECT 1 FROM audit_log a WHERE a.id > ?2"
		"  AND a.entity = 'account' AND a.entity_key = t.uscc"
		"  AND (a.batch_id IS NULL OR (a.batch_id <> ?1 AND a.batch_id NOT IN"
		"  (SELECT id FROM import_batches WHERE undone_at IS NOT NULL))))"
		" UNION ALL SELECT 'enterprise ''' || e.uscc || '''' FROM enterprises e"
		" WHERE e.batch_id = ?1 AND (EXISTS (SELECT 1 FROM loans l WHERE l.uscc = e.uscc"
		"  AND l.batch_id IS NOT ?1) OR EXISTS (SELECT 1 FROM policies p WHERE"
		"  p.uscc = e.uscc AND p.batch_id IS NOT ?1) OR EXISTS (SELECT 1 FROM"
		"  contributions c WHERE c.uscc = e.uscc AND c.batch_id IS NOT ?1) OR EXISTS"
		"  (SELECT 1 FROM bars b WHERE b.uscc = e.uscc AND b.batch_id IS NOT ?1)"
		"  OR EXISTS (SELECT 1 FROM accounts t WHERE t.uscc = e.uscc AND t.batch_id IS NOT ?1)"
		"  OR EXISTS (SELECT 1 FROM audit_log a WHERE a.id > ?2 AND a.entity = 'enterprise'"
		"  AND a.entity_key = e.uscc AND (a.batch_id IS NULL OR (a.batch_id <> ?1"
		"  AND a.batch_id NOT IN (SELECT id FROM import_batches WHERE undone_at IS NOT NULL)))))"
		" LIMIT 1", batch_id, start, err, &rc);
	if (rc)
		goto out;
	if (conflict) {
		rc = ldg_err_set(err, LDG_ECONFLICT, _("import batch %lld cannot be undone: %s was"
				 " changed or used afterwards; undo that first"),
				 (long long)batch_id, conflict);
		goto out;
	}
	{
		int r2;
		char *mx = first_text(db, "SELECT ifnull(max(id), 0) FROM audit_log WHERE ?1 = ?1"
				      " AND ?2 = ?2", batch_id, 0, err, &r2);

		if (r2) {
			rc = r2;
			goto out;
		}
		last_before = mx ? strtoll(mx, NULL, 10) : 0;
		free(mx);
	}
	/* inserted rows */
	if ((rc = exec_batch(db, "DELETE FROM loans WHERE batch_id = ?1", batch_id, &n, err))
	    || (rc = exec_batch(db, "DELETE FROM policies WHERE batch_id = ?1", batch_id, &n, err))
	    || (rc = exec_batch(db, "DELETE FROM contributions WHERE batch_id = ?1", batch_id, &n, err))
	    || (rc = exec_batch(db, "DELETE FROM bars WHERE batch_id = ?1", batch_id, &n, err))
	    || (rc = exec_batch(db, "DELETE FROM accounts WHERE batch_id = ?1", batch_id, &n, err)))
		goto out;
	/* updated rows */
	if ((rc = ldg_db_prepare(db, "SELECT DISTINCT entity, entity_key FROM audit_log WHERE"
				 " batch_id = ?1 AND action = 'update' AND entity IN"
				 " ('loan', 'policy', 'enterprise')", &st, err)))
		goto out;
	sqlite3_bind_int64(st, 1, batch_id);
	while (!rc && sqlite3_step(st) == SQLITE_ROW)
		rc = restore(&s, (const char *)sqlite3_column_text(st, 0),
			     (const char *)sqlite3_column_text(st, 1), batch_id, &n, err);
	sqlite3_finalize(st);
	st = NULL;
	if (rc || (rc = restore_simple(db, batch_id, &n, err)))
		goto out;
	if ((rc = exec_batch(db, "DELETE FROM enterprises WHERE batch_id = ?1", batch_id, &n, err)))
		goto out;
	/* the audit rows of the restore belong to the undone batch: they are
	 * not later changes for an older batch's undo */
	if ((rc = ldg_db_prepare(db, "UPDATE audit_log SET batch_id = ?1, detail = 'undo'"
				 " WHERE id > ?2 AND batch_id IS NULL", &st, err)))
		goto out;
	sqlite3_bind_int64(st, 1, batch_id);
	sqlite3_bind_int64(st, 2, last_before);
	if (sqlite3_step(st) != SQLITE_DONE)
		rc = ldg_db_error(db, "cannot write audit log", err);
	sqlite3_finalize(st);
	st = NULL;
	if (rc)
		goto out;
	if ((rc = ldg_db_prepare(db, "UPDATE import_batches SET undone_at = ?2 WHERE id = ?1",
				 &st, err)))
		goto out;
	sqlite3_bind_int64(st, 1, batch_id);
	ldg_bind_text(st, 2, ldg_now(now));
	if (sqlite3_step(st) != SQLITE_DONE)
		rc = ldg_db_error(db, "cannot mark batch undone", err);
	sqlite3_finalize(st);
	st = NULL;
	if (rc)
		goto out;
	snprintf(key, sizeof(key), "%lld", (long long)batch_id);
	if ((rc = ldg_audit(db, "undo", "batch", key, NULL, NULL, NULL, 0, NULL, err)))
		goto out;
	ldg_store_release(&s);
	if ((rc = ldg_db_commit(db, err)))
		goto out;
	if (changed)
		*changed = n;
	free(conflict);
	return 0;
out:
	sqlite3_finalize(st);
	ldg_store_release(&s);
	ldg_db_rollback(db);
	free(conflict);
	return rc;
}
