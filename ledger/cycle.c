/*
 * cycle.c — publish, objections, pay and adjustments (cycle.md §1, §3).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ledger/cycle.h"
#include "ledger/date.h"
#include "ledger/db.h"
#include "ledger/grow.h"
#include "ledger/lang.h"
#include "ledger/ledger_int.h"
#include "ledger/money.h"
#include "ledger/subsidy.h"

const char *ldg_run_state_name(enum ldg_run_state s)
{
	static const char *const n[] = { N_("draft"), N_("finalized"), N_("publicized"), N_("paid") };

	return (unsigned)s < 4 ? n[s] : "?";
}

const char *ldg_run_state_label(enum ldg_run_state s)
{
	static const char *const n[] = { "草稿", "已审核定稿", "公示", "已拨付" };

	return (unsigned)s < 4 ? n[s] : "?";
}

static const char *col(sqlite3_stmt *st, int i)
{
	const unsigned char *t = sqlite3_column_text(st, i);

	return t ? (const char *)t : "";
}

/* The run of (city, year) as the cycle needs it. */
struct cyc_run {
	int64_t id;                /* 0: none */
	char cname[128];
	enum ldg_run_state state;
	int64_t publicity_id;      /* 0: none */
	char from[12], to[12];
};

/* The run of (city, year) (ldg_run_find); LDG_ENOTFOUND without one. */
static int cyc_run_get(sqlite3 *db, const char *city, int year,
		       struct cyc_run *r, struct ldg_err *err)
{
	struct ldg_run_found f;
	int rc;

	memset(r, 0, sizeof(*r));
	if ((rc = ldg_run_find(db, city, year, 0, &f, err)))
		return rc;
	if (!f.city_known)
		return ldg_err_set(err, LDG_ENOTFOUND, _("unknown city '%s'"), city);
	snprintf(r->cname, sizeof(r->cname), "%s", f.city_name);
	if (!f.info.id)
		return ldg_err_set(err, LDG_ENOTFOUND,
				   _("no subsidy run for %s %d; run 'pledger subsidy compute' first"),
				   r->cname, year);
	r->id = f.info.id;
	r->state = f.info.state;
	r->publicity_id = f.publicity_id;
	snprintf(r->from, sizeof(r->from), "%s", f.info.publicity_from);
	snprintf(r->to, sizeof(r->to), "%s", f.info.publicity_to);
	return 0;
}

static char *cyc_key(const char *city, int year, char *buf, size_t bufsz)
{
	snprintf(buf, bufsz, "%s/%d", city, year);
	return buf;
}

static int cyc_step(sqlite3 *db, sqlite3_stmt *st, const char *what,
		    struct ldg_err *err)
{
	int rc = sqlite3_step(st);

	if (rc == SQLITE_DONE || rc == SQLITE_ROW)
		return 0;
	if (rc == SQLITE_CONSTRAINT)
		return ldg_err_set(err, LDG_ELOCKED, "%s", sqlite3_errmsg(db));
	return ldg_db_error(db, what, err);
}

int ldg_run_publish(sqlite3 *db, const char *city, int year, int32_t from_day,
		    int32_t to_day, struct ldg_err *err)
{
	static const char ins[] =
		"INSERT INTO run_publicity (city, year, date_from, date_to, published_at, published_by)"
		" VALUES (?1, ?2, ?3, ?4, ?5, ?6)";
	static const char upd[] =
		"UPDATE subsidy_runs SET stage = 'publicized', publicity_id = ?2 WHERE id = ?1";
	struct cyc_run r;
	sqlite3_stmt *st = NULL;
	char f[LDG_DATE_BUFSZ], t[LDG_DATE_BUFSZ], now[32], key[32], detail[64];
	int64_t pid;
	int rc;

	if (to_day < from_day) {
		ldg_err_set(err, LDG_EINPUT, _("the publicity period ends before it starts"));
		ldg_err_value(err, ldg_date_format(to_day, t));
		return LDG_EINPUT;
	}
	if ((rc = ldg_db_begin(db, err)))
		return rc;
	if ((rc = cyc_run_get(db, city, year, &r, err)))
		goto out;
	if (r.state != LDG_STATE_FINALIZED) {
		rc = ldg_err_set(err, LDG_ECONFLICT,
				 _("cannot publish %s %d: the run is %s; only a finalized run is published%s"),
				 r.cname, year, _(ldg_run_state_name(r.state)),
				 r.state == LDG_STATE_DRAFT ? _(" ('pledger subsidy finalize' first)") : "");
		goto out;
	}
	ldg_date_format(from_day, f);
	ldg_date_format(to_day, t);
	if ((rc = ldg_db_prepare(db, ins, &st, err)))
		goto out;
	ldg_bind_text(st, 1, city);
	sqlite3_bind_int(st, 2, year);
	ldg_bind_text(st, 3, f);
	ldg_bind_text(st, 4, t);
	ldg_bind_text(st, 5, ldg_now(now));
	ldg_bind_text(st, 6, ldg_user());
	if ((rc = cyc_step(db, st, "cannot publish run", err)))
		goto out;
	pid = sqlite3_last_insert_rowid(db);
	sqlite3_finalize(st);
	st = NULL;
	if ((rc = ldg_db_prepare(db, upd, &st, err)))
		goto out;
	sqlite3_bind_int64(st, 1, r.id);
	sqlite3_bind_int64(st, 2, pid);
	if ((rc = cyc_step(db, st, "cannot publish run", err)))
		goto out;
	snprintf(detail, sizeof(detail), "公示 %s to %s", f, t);
	if ((rc = ldg_audit(db, "publish", "run", cyc_key(city, year, key, sizeof(key)),
			    "status", "finalized", "publicized", 0, detail, err)))
		goto out;
	rc = ldg_db_commit(db, err);
out:
	sqlite3_finalize(st);
	if (rc)
		ldg_db_rollback(db);
	return rc;
}

int ldg_objection_add(sqlite3 *db, const char *city, int year, const char *uscc,
		      int32_t received_day, const char *text, int64_t *id,
		      struct ldg_err *err)
{
	static const char ins[] =
		"INSERT INTO objections (publicity_id, uscc, text, received_on, recorded_at, recorded_by)"
		" VALUES (?1, ?2, ?3, ?4, ?5, ?6)";
	struct cyc_run r;
	sqlite3_stmt *st = NULL;
	char d[LDG_DATE_BUFSZ], now[32], key[32], nid[24];
	int rc;

	if (!text || !*text)
		return ldg_err_set(err, LDG_EUSAGE, _("an objection needs its text (--text)"));
	if ((rc = ldg_db_begin(db, err)))
		return rc;
	if ((rc = cyc_run_get(db, city, year, &r, err)))
		goto out;
	if (r.state != LDG_STATE_PUBLICIZED) {
		rc = ldg_err_set(err, LDG_ECONFLICT,
				 _("cannot record an objection to %s %d: the run is %s, not publicized"),
				 r.cname, year, _(ldg_run_state_name(r.state)));
		goto out;
	}
	ldg_date_format(received_day, d);
	if (strcmp(d, r.from) < 0 || strcmp(d, r.to) > 0) {
		rc = ldg_err_set(err, LDG_EINPUT,
				 _("an objection is received during the publicity period %s to %s"),
				 r.from, r.to);
		ldg_err_value(err, d);
		goto out;
	}
	if ((rc = ldg_db_prepare(db, "SELECT 1 FROM enterprises WHERE uscc = ?1", &st, err)))
		goto out;
	ldg_bind_text(st, 1, uscc);
	if (sqlite3_step(st) != SQLITE_ROW) {
		rc = ldg_err_set(err, LDG_ENOTFOUND, _("unknown enterprise %s"), uscc);
		goto out;
	}
	sqlite3_finalize(st);
	st = NULL;
	if ((rc = ldg_db_prepare(db, ins, &st, err)))
		goto out;
	sqlite3_bind_int64(st, 1, r.publicity_id);
	ldg_bind_text(st, 2, uscc);
	ldg_bind_text(st, 3, text);
	ldg_bind_text(st, 4, d);
	ldg_bind_text(st, 5, ldg_now(now));
	ldg_bind_text(st, 6, ldg_user());
	if ((rc = cyc_step(db, st, "cannot record objection", err)))
		goto out;
	if (id)
		*id = sqlite3_last_insert_rowid(db);
	snprintf(nid, sizeof(nid), "%lld", (long long)sqlite3_last_insert_rowid(db));
	if ((rc = ldg_audit(db, "objection", "run", cyc_key(city, year, key, sizeof(key)),
			    "objection", NULL, nid, 0, text, err)))
		goto out;
	rc = ldg_db_commit(db, err);
out:
	sqlite3_finalize(st);
	if (rc)
		ldg_db_rollback(db);
	return rc;
}

int ldg_objection_resolve(sqlite3 *db, int64_t id, const char *outcome,
			  const char *text, struct ldg_err *err)
{
	static const char sel[] =
		"SELECT o.outcome, r.stage, r.city, r.year FROM objections o"
		" LEFT JOIN subsidy_runs r ON r.publicity_id = o.publicity_id"
		" WHERE o.id = ?1";
	static const char upd[] =
		"UPDATE objections SET outcome = ?2, resolution = ?3, resolved_at = ?4,"
		" resolved_by = ?5 WHERE id = ?1 AND outcome IS NULL";
	sqlite3_stmt *st = NULL;
	char now[32], key[32], city[8] = "", nid[24];
	int year = 0, rc;

	if (!outcome || (strcmp(outcome, "upheld") && strcmp(outcome, "dismissed"))) {
		ldg_err_set(err, LDG_EUSAGE, _("bad --outcome: upheld or dismissed"));
		ldg_err_value(err, outcome ? outcome : "");
		return LDG_EUSAGE;
	}
	if (!text || !*text)
		return ldg_err_set(err, LDG_EUSAGE, _("resolving an objection needs its text (--text)"));
	if ((rc = ldg_db_begin(db, err)))
		return rc;
	if ((rc = ldg_db_prepare(db, sel, &st, err)))
		goto out;
	sqlite3_bind_int64(st, 1, id);
	if (sqlite3_step(st) != SQLITE_ROW) {
		rc = ldg_err_set(err, LDG_ENOTFOUND, _("no objection %lld"), (long long)id);
		goto out;
	}
	if (sqlite3_column_type(st, 0) != SQLITE_NULL) {
		rc = ldg_err_set(err, LDG_ECONFLICT, _("objection %lld is already resolved (%s)"),
				 (long long)id, col(st, 0));
		goto out;
	}
	if (strcmp(col(st, 1), "publicized")) {
		rc = ldg_err_set(err, LDG_ECONFLICT,
				 "objection %lld belongs to a publicity that is over (the run was reopened)",
				 (long long)id);
		goto out;
	}
	snprintf(city, sizeof(city), "%s", col(st, 2));
	year = sqlite3_column_int(st, 3);
	sqlite3_finalize(st);
	st = NULL;
	if ((rc = ldg_db_prepare(db, upd, &st, err)))
		goto out;
	sqlite3_bind_int64(st, 1, id);
	ldg_bind_text(st, 2, outcome);
	ldg_bind_text(st, 3, text);
	ldg_bind_text(st, 4, ldg_now(now));
	ldg_bind_text(st, 5, ldg_user());
	if ((rc = cyc_step(db, st, "cannot resolve objection", err)))
		goto out;
	snprintf(nid, sizeof(nid), "objection %lld", (long long)id);
	if ((rc = ldg_audit(db, "resolve", "run", cyc_key(city, year, key, sizeof(key)),
			    nid, NULL, outcome, 0, text, err)))
		goto out;
	rc = ldg_db_commit(db, err);
out:
	sqlite3_finalize(st);
	if (rc)
		ldg_db_rollback(db);
	return rc;
}

int ldg_objection_list(sqlite3 *db, const char *city, int year,
		       struct ldg_objection **out, size_t *n, struct ldg_err *err)
{
	static const char sql[] =
		"SELECT o.id, o.uscc, e.name, o.received_on, o.text, o.outcome, o.resolution,"
		" o.recorded_by, o.resolved_by,"
		" EXISTS (SELECT 1 FROM subsidy_runs r WHERE r.publicity_id = o.publicity_id)"
		" FROM objections o JOIN run_publicity p ON p.id = o.publicity_id"
		" LEFT JOIN enterprises e ON e.uscc = o.uscc"
		" WHERE p.city = ?1 AND p.year = ?2 ORDER BY o.id";
	sqlite3_stmt *st = NULL;
	struct ldg_objection *v = NULL;
	size_t cnt = 0, cap = 0;
	int rc;

	*out = NULL;
	*n = 0;
	if ((rc = ldg_db_prepare(db, sql, &st, err)))
		return rc;
	ldg_bind_text(st, 1, city);
	sqlite3_bind_int(st, 2, year);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct ldg_objection *o;

		if (ldg_grow((void **)&v, &cap, cnt + 1, sizeof(*v))) {
			rc = ldg_err_set(err, LDG_ENOMEM, _("out of memory"));
			goto out;
		}
		o = &v[cnt++];
		memset(o, 0, sizeof(*o));
		o->id = sqlite3_column_int64(st, 0);
		snprintf(o->uscc, sizeof(o->uscc), "%s", col(st, 1));
		snprintf(o->name, sizeof(o->name), "%s", col(st, 2));
		snprintf(o->received_on, sizeof(o->received_on), "%s", col(st, 3));
		snprintf(o->text, sizeof(o->text), "%s", col(st, 4));
		snprintf(o->outcome, sizeof(o->outcome), "%s", col(st, 5));
		snprintf(o->resolution, sizeof(o->resolution), "%s", col(st, 6));
		snprintf(o->recorded_by, sizeof(o->recorded_by), "%s", col(st, 7));
		snprintf(o->resolved_by, sizeof(o->resolved_by), "%s", col(st, 8));
		o->current = sqlite3_column_int(st, 9);
	}
	rc = rc == SQLITE_DONE ? 0 : ldg_db_error(db, "cannot read objections", err);
out:
	sqlite3_finalize(st);
	if (rc) {
		free(v);
		return rc;
	}
	*out = v;
	*n = cnt;
	return 0;
}

int ldg_run_accounts_missing(sqlite3 *db, int64_t run_id, int *have_accounts,
			     size_t *nmissing, char *first_missing,
			     struct ldg_err *err)
{
	/* branch paper's payee accounts: a table `accounts` keyed by uscc */
	static const char probe[] =
		"SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'accounts'";
	static const char sql[] =
		"SELECT p.uscc FROM ("
		"  SELECT rr.uscc FROM run_rows rr WHERE rr.run_id = ?1 AND rr.payable_fen > 0"
		"  UNION SELECT a.uscc FROM adjustments a JOIN subsidy_runs r"
		"   ON r.id = ?1 AND a.city = r.city AND a.into_year = r.year"
		"   GROUP BY a.uscc HAVING SUM(a.amount_fen) > 0) p"
		" WHERE NOT EXISTS (SELECT 1 FROM accounts ac WHERE ac.uscc = p.uscc)"
		" ORDER BY p.uscc";
	sqlite3_stmt *st = NULL;
	int rc;

	*have_accounts = 0;
	*nmissing = 0;
	if (first_missing)
		first_missing[0] = '\0';
	if ((rc = ldg_db_prepare(db, probe, &st, err)))
		return rc;
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	st = NULL;
	if (rc != SQLITE_ROW)
		return 0;
	*have_accounts = 1;
	if ((rc = ldg_db_prepare(db, sql, &st, err)))
		return rc;
	sqlite3_bind_int64(st, 1, run_id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (*nmissing == 0 && first_missing)
			snprintf(first_missing, LDG_USCC_BUFSZ, "%s", col(st, 0));
		(*nmissing)++;
	}
	rc = rc == SQLITE_DONE ? 0 : ldg_db_error(db, "cannot read accounts", err);
	sqlite3_finalize(st);
	return rc;
}

int ldg_run_pay(sqlite3 *db, const char *city, int year, int32_t pay_day,
		const char *voucher, struct ldg_err *err)
{
	static const char objs[] =
		"SELECT SUM(outcome IS NULL), SUM(outcome = 'upheld'),"
		" MIN(CASE WHEN outcome IS NULL THEN id END),"
		" MIN(CASE WHEN outcome = 'upheld' THEN id END)"
		" FROM objections WHERE publicity_id = ?1";
	static const char upd[] =
		"UPDATE subsidy_runs SET stage = 'paid', paid_on = ?2, voucher = ?3 WHERE id = ?1";
	struct cyc_run r;
	sqlite3_stmt *st = NULL;
	char d[LDG_DATE_BUFSZ], key[32], detail[160], first[LDG_USCC_BUFSZ];
	size_t nmissing;
	int have, rc;

	if (!voucher || !*voucher)
		return ldg_err_set(err, LDG_EUSAGE, _("paying a run needs the voucher number (--voucher)"));
	if ((rc = ldg_db_quick_check(db, err)))
		return rc;
	if ((rc = ldg_db_begin(db, err)))
		return rc;
	if ((rc = cyc_run_get(db, city, year, &r, err)))
		goto out;
	if (r.state != LDG_STATE_PUBLICIZED) {
		rc = ldg_err_set(err, LDG_ECONFLICT,
				 _("cannot pay %s %d: the run is %s; a run is paid after its publicity "
				   "('pledger subsidy publish')"), r.cname, year, _(ldg_run_state_name(r.state)));
		goto out;
	}
	ldg_date_format(pay_day, d);
	if (strcmp(d, r.to) <= 0) {
		rc = ldg_err_set(err, LDG_ECONFLICT,
				 _("cannot pay %s %d on %s: the publicity period runs to %s"),
				 r.cname, year, d, r.to);
		goto out;
	}
	if ((rc = ldg_db_prepare(db, objs, &st, err)))
		goto out;
	sqlite3_bind_int64(st, 1, r.publicity_id);
	if (sqlite3_step(st) != SQLITE_ROW) {
		rc = ldg_db_error(db, "cannot read objections", err);
		goto out;
	}
	if (sqlite3_column_int64(st, 0) > 0) {
		rc = ldg_err_set(err, LDG_ECONFLICT,
				 _("cannot pay %s %d: %lld objection(s) not resolved (first: %lld); "
				   "'pledger subsidy objection resolve ID --outcome upheld|dismissed --text …'"),
				 r.cname, year, (long long)sqlite3_column_int64(st, 0),
				 (long long)sqlite3_column_int64(st, 2));
		goto out;
	}
	if (sqlite3_column_int64(st, 1) > 0) {
		rc = ldg_err_set(err, LDG_ECONFLICT,
				 _("cannot pay %s %d: objection %lld was upheld; reopen the run, "
				   "correct the data and compute it again"), r.cname, year,
				 (long long)sqlite3_column_int64(st, 3));
		goto out;
	}
	sqlite3_finalize(st);
	st = NULL;
	if ((rc = ldg_run_accounts_missing(db, r.id, &have, &nmissing, first, err)))
		goto out;
	if (nmissing) {
		rc = ldg_err_set(err, LDG_ECONFLICT,
				 _("cannot pay %s %d: %zu payee(s) without an account recorded (first: %s); "
				   "'pledger import accounts FILE'"), r.cname, year, nmissing, first);
		goto out;
	}
	if ((rc = ldg_db_prepare(db, upd, &st, err)))
		goto out;
	sqlite3_bind_int64(st, 1, r.id);
	ldg_bind_text(st, 2, d);
	ldg_bind_text(st, 3, voucher);
	if ((rc = cyc_step(db, st, "cannot pay run", err)))
		goto out;
	snprintf(detail, sizeof(detail), "paid %s voucher %s%s", d, voucher,
		 have ? "" : " (no accounts table: accounts not checked)");
	if ((rc = ldg_audit(db, "pay", "run", cyc_key(city, year, key, sizeof(key)),
			    "status", "publicized", "paid", 0, detail, err)))
		goto out;
	rc = ldg_db_commit(db, err);
out:
	sqlite3_finalize(st);
	if (rc)
		ldg_db_rollback(db);
	return rc;
}

int ldg_adjust_add(sqlite3 *db, const char *city, int year, const char *uscc,
		   int64_t amount_fen, const char *reason, int *into_year,
		   int64_t *id, struct ldg_err *err)
{
	static const char next[] =
		"SELECT 1 FROM locked_years WHERE city = ?1 AND year = ?2";
	static const char ins[] =
		"INSERT INTO adjustments (city, year, into_year, uscc, amount_fen, reason,"
		" recorded_at, recorded_by) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)";
	struct cyc_run r;
	sqlite3_stmt *st = NULL;
	char now[32], key[64], amt[LDG_MONEY_BUFSZ], detail[640];
	int into, rc;

	if (amount_fen == 0)
		return ldg_err_set(err, LDG_EINPUT, _("an adjustment of 0.00 changes nothing"));
	if (!reason || !*reason)
		return ldg_err_set(err, LDG_EUSAGE, _("an adjustment needs its reason (--reason)"));
	if ((rc = ldg_db_begin(db, err)))
		return rc;
	if ((rc = cyc_run_get(db, city, year, &r, err)))
		goto out;
	if (r.state != LDG_STATE_PAID) {
		rc = ldg_err_set(err, LDG_ECONFLICT,
				 _("cannot adjust %s %d: the run is %s; an adjustment corrects a paid year "
				   "(before payment, reopen the run and compute it again)"),
				 r.cname, year, _(ldg_run_state_name(r.state)));
		goto out;
	}
	if ((rc = ldg_db_prepare(db, "SELECT 1 FROM enterprises WHERE uscc = ?1", &st, err)))
		goto out;
	ldg_bind_text(st, 1, uscc);
	if (sqlite3_step(st) != SQLITE_ROW) {
		rc = ldg_err_set(err, LDG_ENOTFOUND, _("unknown enterprise %s"), uscc);
		goto out;
	}
	sqlite3_finalize(st);
	st = NULL;
	/* the first year after it whose run is not finalized */
	if ((rc = ldg_db_prepare(db, next, &st, err)))
		goto out;
	for (into = year + 1; into < 3000; into++) {
		sqlite3_reset(st);
		ldg_bind_text(st, 1, city);
		sqlite3_bind_int(st, 2, into);
		if ((rc = sqlite3_step(st)) == SQLITE_DONE)
			break;
		if (rc != SQLITE_ROW) {
			rc = ldg_db_error(db, "cannot read subsidy runs", err);
			goto out;
		}
	}
	sqlite3_finalize(st);
	st = NULL;
	if ((rc = ldg_db_prepare(db, ins, &st, err)))
		goto out;
	ldg_bind_text(st, 1, city);
	sqlite3_bind_int(st, 2, year);
	sqlite3_bind_int(st, 3, into);
	ldg_bind_text(st, 4, uscc);
	sqlite3_bind_int64(st, 5, amount_fen);
	ldg_bind_text(st, 6, reason);
	ldg_bind_text(st, 7, ldg_now(now));
	ldg_bind_text(st, 8, ldg_user());
	if ((rc = cyc_step(db, st, "cannot record adjustment", err)))
		goto out;
	if (id)
		*id = sqlite3_last_insert_rowid(db);
	if (into_year)
		*into_year = into;
	snprintf(key, sizeof(key), "%s/%d/%s", city, year, uscc);
	snprintf(detail, sizeof(detail), "以前年度调整 into the run of %d: %s", into, reason);
	if ((rc = ldg_audit(db, "adjust", "adjustment", key, "amount", NULL,
			    ldg_money_format(amount_fen, 0, amt), 0, detail, err)))
		goto out;
	rc = ldg_db_commit(db, err);
out:
	sqlite3_finalize(st);
	if (rc)
		ldg_db_rollback(db);
	return rc;
}

int ldg_adjust_list(sqlite3 *db, const char *city, int into_year,
		    struct ldg_adjustment **out, size_t *n, int64_t *total_fen,
		    struct ldg_err *err)
{
	static const char sql[] =
		"SELECT a.id, a.year, a.into_year, a.uscc, e.name, a.amount_fen, a.reason,"
		" a.recorded_by, a.recorded_at"
		" FROM adjustments a LEFT JOIN enterprises e ON e.uscc = a.uscc"
		" WHERE a.city = ?1 AND a.into_year = ?2 ORDER BY a.id";
	sqlite3_stmt *st = NULL;
	struct ldg_adjustment *v = NULL;
	size_t cnt = 0, cap = 0;
	int64_t total = 0;
	int rc;

	*out = NULL;
	*n = 0;
	if ((rc = ldg_db_prepare(db, sql, &st, err)))
		return rc;
	ldg_bind_text(st, 1, city);
	sqlite3_bind_int(st, 2, into_year);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct ldg_adjustment *a;

		if (ldg_grow((void **)&v, &cap, cnt + 1, sizeof(*v))) {
			rc = ldg_err_set(err, LDG_ENOMEM, _("out of memory"));
			goto out;
		}
		a = &v[cnt++];
		memset(a, 0, sizeof(*a));
		a->id = sqlite3_column_int64(st, 0);
		a->year = sqlite3_column_int(st, 1);
		a->into_year = sqlite3_column_int(st, 2);
		snprintf(a->uscc, sizeof(a->uscc), "%s", col(st, 3));
		snprintf(a->name, sizeof(a->name), "%s", col(st, 4));
		a->amount_fen = sqlite3_column_int64(st, 5);
		snprintf(a->reason, sizeof(a->reason), "%s", col(st, 6));
		snprintf(a->recorded_by, sizeof(a->recorded_by), "%s", col(st, 7));
		snprintf(a->recorded_at, sizeof(a->recorded_at), "%s", col(st, 8));
		if (ldg_add(total, a->amount_fen, &total)) {
			rc = ldg_err_set(err, LDG_ERANGE, _("adjustments overflow"));
			goto out;
		}
	}
	rc = rc == SQLITE_DONE ? 0 : ldg_db_error(db, "cannot read adjustments", err);
out:
	sqlite3_finalize(st);
	if (rc) {
		free(v);
		return rc;
	}
	*out = v;
	*n = cnt;
	if (total_fen)
		*total_fen = total;
	return 0;
}
