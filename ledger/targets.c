/*
 * targets.c — progress toward the cities' targets (targets.md): the pure
 * computation, the metric sums rolled up through cities.parent, the rows
 * of `pledger targets`, and adding a city.
 *
 * No floating point: percentages are tenths of a percent computed with
 * ldg_muldiv() (half up, once), the projection likewise in fen.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ledger/date.h"
#include "ledger/db.h"
#include "ledger/grow.h"
#include "ledger/money.h"
#include "ledger/scheme.h"
#include "ledger/targets.h"
#include "ledger/text.h"
#include "ledger/lang.h"

/* the names of targets.md (CSV, --metric); N_: a table for people shows
 * them in the catalogue's language (质押融资金额 …) */
static const char *const metric_names[LDG_METRIC_COUNT] = {
	N_("financing"), N_("registered"), N_("credit")
};

static const char *const metric_labels[LDG_METRIC_COUNT] = {
	"质押融资金额", "质押登记额", "质押融资授信额"
};

const char *ldg_metric_name(enum ldg_metric m)
{
	return (unsigned)m < LDG_METRIC_COUNT ? metric_names[m] : NULL;
}

const char *ldg_metric_label(enum ldg_metric m)
{
	return (unsigned)m < LDG_METRIC_COUNT ? metric_labels[m] : NULL;
}

int ldg_metric_parse(const char *text, enum ldg_metric *m, struct ldg_err *err)
{
	int i;

	for (i = 0; i < LDG_METRIC_COUNT; i++)
		if (text && strcmp(text, metric_names[i]) == 0) {
			*m = (enum ldg_metric)i;
			return 0;
		}
	ldg_err_set(err, LDG_EINPUT, _("unknown metric: financing, registered or credit"));
	ldg_err_value(err, text ? text : "");
	return LDG_EINPUT;
}

const char *ldg_tstatus_name(enum ldg_tstatus s)
{
	switch (s) {
	case LDG_TSTATUS_NOT_STARTED: return N_("not_started");
	case LDG_TSTATUS_REACHED: return N_("reached");
	case LDG_TSTATUS_ON_TRACK: return N_("on_track");
	case LDG_TSTATUS_BEHIND: return N_("behind");
	case LDG_TSTATUS_NO_TARGET: return N_("no_target");
	}
	return "?";
}

const char *ldg_tstatus_label(enum ldg_tstatus s)
{
	switch (s) {
	case LDG_TSTATUS_NOT_STARTED: return "未开始";
	case LDG_TSTATUS_REACHED: return "已完成";
	case LDG_TSTATUS_ON_TRACK: return "进度正常";
	case LDG_TSTATUS_BEHIND: return "进度滞后";
	case LDG_TSTATUS_NO_TARGET: return "无量化目标";
	}
	return "?";
}

int ldg_period_days(int year_from, int year_to, int32_t *first_day,
		    int32_t *last_day, struct ldg_err *err)
{
	if (year_from < 1900 || year_to > 2999 || year_to < year_from)
		return ldg_err_set(err, LDG_EINPUT, _("bad target period %d-%d"), year_from, year_to);
	*first_day = ldg_date_from_ymd(year_from, 1, 1);
	*last_day = ldg_date_from_ymd(year_to, 12, 31);
	return 0;
}

int32_t ldg_period_cutoff(int32_t first_day, int32_t last_day, int32_t as_of_day)
{
	if (as_of_day < first_day)
		return first_day - 1;
	return as_of_day > last_day ? last_day : as_of_day;
}

/*
 * targets.md "Progress as of a date".  Every ratio is one ldg_muldiv()
 * (round half up once): time = elapsed × 1000 / total tenths of a percent,
 * progress = actual × 1000 / target, projected = actual × total / elapsed.
 */
int ldg_progress_compute(int year_from, int year_to, int has_target,
			 int64_t target_fen, int32_t as_of_day,
			 int64_t actual_fen, struct ldg_progress *p,
			 struct ldg_err *err)
{
	int32_t cut;
	int rc;

	memset(p, 0, sizeof(*p));
	if ((rc = ldg_period_days(year_from, year_to, &p->first_day, &p->last_day, err)))
		return rc;
	if (actual_fen < 0 || (has_target && target_fen < 0))
		return ldg_err_set(err, LDG_EINPUT, _("negative amount in target progress"));
	p->as_of_day = as_of_day;
	p->has_target = has_target != 0;
	p->target_fen = has_target ? target_fen : 0;
	p->days_total = (int64_t)p->last_day - p->first_day + 1;
	cut = ldg_period_cutoff(p->first_day, p->last_day, as_of_day);
	p->days_elapsed = (int64_t)cut - p->first_day + 1;
	if (p->days_elapsed <= 0) {
		/* D before P: nothing counted yet, no projection. */
		if (actual_fen != 0)
			return ldg_err_set(err, LDG_EINPUT,
					   _("an actual before the period begins must be 0"));
		p->days_elapsed = 0;
		p->status = has_target ? LDG_TSTATUS_NOT_STARTED : LDG_TSTATUS_NO_TARGET;
		return 0;
	}
	p->actual_fen = actual_fen;
	if (ldg_muldiv(p->days_elapsed, 1000, 1, 1, p->days_total, &p->time_tenths))
		goto range;
	p->has_projected = 1;
	if (p->days_elapsed == p->days_total)
		p->projected_fen = actual_fen;  /* D at or after the end: actual */
	else if (ldg_muldiv(actual_fen, p->days_total, 1, 1, p->days_elapsed, &p->projected_fen))
		goto range;
	if (!has_target) {
		p->status = LDG_TSTATUS_NO_TARGET;
		return 0;
	}
	if (target_fen == 0)
		p->progress_tenths = 1000;
	else if (ldg_muldiv(actual_fen, 1000, 1, 1, target_fen, &p->progress_tenths))
		goto range;
	if (actual_fen >= target_fen)
		p->status = LDG_TSTATUS_REACHED;
	else if (p->projected_fen >= target_fen)
		p->status = LDG_TSTATUS_ON_TRACK;
	else
		p->status = LDG_TSTATUS_BEHIND;
	return 0;
range:
	return ldg_err_set(err, LDG_ERANGE, _("target progress figure out of range"));
}

char *ldg_tenths_format(int64_t tenths, char *buf, size_t bufsz)
{
	uint64_t u = tenths < 0 ? (uint64_t)0 - (uint64_t)tenths : (uint64_t)tenths;

	snprintf(buf, bufsz, "%s%llu.%llu", tenths < 0 ? "-" : "",
		 (unsigned long long)(u / 10), (unsigned long long)(u % 10));
	return buf;
}

char *ldg_period_format(int year_from, int year_to, char *buf, size_t bufsz)
{
	if (year_from == year_to)
		snprintf(buf, bufsz, "%d", year_from);
	else
		snprintf(buf, bufsz, "%d-%d", year_from, year_to);
	return buf;
}

int32_t ldg_today(void)
{
	char now[24];
	int32_t day = 0;

	ldg_now(now);
	now[10] = '\0';
	if (ldg_date_parse_iso(now, &day, NULL))
		day = ldg_date_from_ymd(1970, 1, 1);
	return day;
}

/*
 * targets.md "Metrics": the cities below `city` come from a recursive walk
 * down cities.parent (UNION, so a loop in the data cannot run forever).
 * SQLite's SUM() fails with "integer overflow" rather than wrap, which
 * ldg_db_error() reports.  SUB_CITIES: the cities at or below ?1;
 * LOANS_IN: the loans of their enterprises whose counting date lies in
 * ?2 .. ?3 (ISO text compares as dates).
 */
#define SUB_CITIES \
	"WITH RECURSIVE sub(code) AS (SELECT ?1" \
	" UNION SELECT c.code FROM cities c JOIN sub s ON c.parent = s.code)"
#define LOANS_IN(datecol) \
	" FROM loans l JOIN enterprises e ON e.uscc = l.uscc" \
	" WHERE e.city IN (SELECT code FROM sub)" \
	" AND l." datecol " IS NOT NULL AND l." datecol " BETWEEN ?2 AND ?3"
#define AMOUNT_PRINCIPAL "l.principal_fen"
#define AMOUNT_CREDIT "COALESCE(l.credit_line_fen, l.principal_fen)"

/* targets.md "Metrics": one sum over from_day .. to_day. */
int ldg_metric_sum(sqlite3 *db, const char *city, enum ldg_metric m,
		   int32_t from_day, int32_t to_day, int64_t *fen,
		   struct ldg_err *err)
{
	static const char *const sql[LDG_METRIC_COUNT] = {
		SUB_CITIES " SELECT COALESCE(SUM(" AMOUNT_PRINCIPAL "), 0)" LOANS_IN("start_date"),
		SUB_CITIES " SELECT COALESCE(SUM(" AMOUNT_PRINCIPAL "), 0)" LOANS_IN("registration_date"),
		SUB_CITIES " SELECT COALESCE(SUM(" AMOUNT_CREDIT "), 0)" LOANS_IN("start_date"),
	};
	char from[LDG_DATE_BUFSZ], to[LDG_DATE_BUFSZ];
	sqlite3_stmt *st = NULL;
	int rc;

	*fen = 0;
	if ((unsigned)m >= LDG_METRIC_COUNT)
		return ldg_err_set(err, LDG_EINPUT, _("unknown metric"));
	if (to_day < from_day)
		return 0;
	if ((rc = ldg_db_prepare(db, sql[m], &st, err)))
		return rc;
	ldg_bind_text(st, 1, city);
	ldg_bind_text(st, 2, ldg_date_format(from_day, from));
	ldg_bind_text(st, 3, ldg_date_format(to_day, to));
	if (sqlite3_step(st) == SQLITE_ROW)
		*fen = sqlite3_column_int64(st, 0);
	else
		rc = ldg_db_error(db, "cannot sum loans for targets", err);
	sqlite3_finalize(st);
	return rc;
}

int ldg_metric_months(sqlite3 *db, const char *city, enum ldg_metric m,
		      int32_t from_day, int32_t to_day, int year, int64_t out[13],
		      struct ldg_err *err)
{
	static const char *const sql[LDG_METRIC_COUNT] = {
		SUB_CITIES " SELECT substr(l.start_date, 1, 7), SUM(" AMOUNT_PRINCIPAL ")"
			LOANS_IN("start_date") " GROUP BY 1",
		SUB_CITIES " SELECT substr(l.registration_date, 1, 7), SUM(" AMOUNT_PRINCIPAL ")"
			LOANS_IN("registration_date") " GROUP BY 1",
		SUB_CITIES " SELECT substr(l.start_date, 1, 7), SUM(" AMOUNT_CREDIT ")"
			LOANS_IN("start_date") " GROUP BY 1",
	};
	char from[LDG_DATE_BUFSZ], to[LDG_DATE_BUFSZ];
	sqlite3_stmt *st = NULL;
	int rc = 0, step, i;

	for (i = 0; i < 13; i++)
		out[i] = 0;
	if ((unsigned)m >= LDG_METRIC_COUNT)
		return ldg_err_set(err, LDG_EINPUT, _("unknown metric"));
	if (to_day < from_day)
		return 0;
	if ((rc = ldg_db_prepare(db, sql[m], &st, err)))
		return rc;
	ldg_bind_text(st, 1, city);
	ldg_bind_text(st, 2, ldg_date_format(from_day, from));
	ldg_bind_text(st, 3, ldg_date_format(to_day, to));
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		const char *k = (const char *)sqlite3_column_text(st, 0);
		int y, mo;

		/* k is "YYYY-MM" of a stored ISO date. */
		if (!k || strlen(k) != 7 || k[4] != '-' || strspn(k, "0123456789") != 4
		    || strspn(k + 5, "0123456789") != 2) {
			rc = ldg_err_set(err, LDG_EDB, _("bad date '%s' in loans"), k ? k : "");
			goto out;
		}
		y = (k[0] - '0') * 1000 + (k[1] - '0') * 100 + (k[2] - '0') * 10 + (k[3] - '0');
		mo = (k[5] - '0') * 10 + (k[6] - '0');
		if (y > year || mo < 1 || mo > 12)
			continue;
		i = y < year ? 0 : mo;
		if (ldg_add(out[i], sqlite3_column_int64(st, 1), &out[i])) {
			rc = ldg_err_set(err, LDG_ERANGE, _("loan total out of range"));
			goto out;
		}
	}
	if (step != SQLITE_DONE)
		rc = ldg_db_error(db, "cannot sum loans for targets", err);
out:
	sqlite3_finalize(st);
	return rc;
}

void ldg_target_list_release(struct ldg_target_list *l)
{
	size_t i;

	if (!l)
		return;
	for (i = 0; i < l->n; i++) {
		free(l->rows[i].city_name);
		free(l->rows[i].source);
	}
	free(l->rows);
	l->rows = NULL;
	l->n = l->cap = 0;
}

/* Append a zeroed row with copies of name and source; NULL on ENOMEM. */
static struct ldg_target_row *list_push(struct ldg_target_list *l, const char *code,
					const char *name, const char *source)
{
	struct ldg_target_row *r;

	if (ldg_grow((void **)&l->rows, &l->cap, l->n + 1, sizeof(*l->rows)))
		return NULL;
	r = &l->rows[l->n];
	memset(r, 0, sizeof(*r));
	snprintf(r->city, sizeof(r->city), "%s", code);
	r->city_name = strdup(name);
	r->source = strdup(source ? source : "");
	if (!r->city_name || !r->source) {
		free(r->city_name);
		free(r->source);
		return NULL;
	}
	l->n++;
	return r;
}

/*
 * Fill row r's progress: D is as_of_day, or by default today capped at the
 * end of P (targets.md: "default: today, or the end of P when P is over").
 */
static int row_progress(sqlite3 *db, struct ldg_target_row *r, int has_target,
			int64_t target_fen, int32_t as_of_day, int32_t today,
			struct ldg_err *err)
{
	int32_t first, last, d, cut;
	int64_t actual = 0;
	int rc;

	if ((rc = ldg_period_days(r->year_from, r->year_to, &first, &last, err)))
		return rc;
	d = as_of_day != INT32_MIN ? as_of_day : (today > last ? last : today);
	cut = ldg_period_cutoff(first, last, d);
	if ((rc = ldg_metric_sum(db, r->city, r->metric, first, cut, &actual, err)))
		return rc;
	return ldg_progress_compute(r->year_from, r->year_to, has_target, target_fen, d,
				    actual, &r->p, err);
}

int ldg_targets_progress(sqlite3 *db, const char *city, int year,
			 int32_t as_of_day, struct ldg_target_list *out,
			 struct ldg_err *err)
{
	static const char cities_sql[] =
		"SELECT code, name FROM cities WHERE ?1 IS NULL OR code = ?1 ORDER BY code";
	static const char targets_sql[] =
		"SELECT year_from, year_to, target_fen, source FROM targets"
		" WHERE city = ?1 AND metric = ?2 AND (?3 = 0 OR ?3 BETWEEN year_from AND year_to)"
		" ORDER BY year_from, year_to";
	sqlite3_stmt *cs = NULL, *ts = NULL;
	int32_t today = ldg_today();
	int ncities = 0, rc = 0, step, m, no_target_year;

	no_target_year = year ? year : ldg_date_year(as_of_day != INT32_MIN ? as_of_day : today);
	if ((rc = ldg_db_prepare(db, cities_sql, &cs, err))
	    || (rc = ldg_db_prepare(db, targets_sql, &ts, err)))
		goto out;
	ldg_bind_text(cs, 1, city);
	while ((step = sqlite3_step(cs)) == SQLITE_ROW) {
		const char *code = (const char *)sqlite3_column_text(cs, 0);
		const char *name = (const char *)sqlite3_column_text(cs, 1);

		ncities++;
		for (m = 0; m < LDG_METRIC_COUNT; m++) {
			struct ldg_target_row *r;
			int found = 0;

			sqlite3_reset(ts);
			ldg_bind_text(ts, 1, code);
			ldg_bind_text(ts, 2, metric_names[m]);
			sqlite3_bind_int(ts, 3, year);
			while ((step = sqlite3_step(ts)) == SQLITE_ROW) {
				if (!(r = list_push(out, code, name,
						    (const char *)sqlite3_column_text(ts, 3))))
					goto nomem;
				r->metric = (enum ldg_metric)m;
				r->year_from = sqlite3_column_int(ts, 0);
				r->year_to = sqlite3_column_int(ts, 1);
				if ((rc = row_progress(db, r, 1, sqlite3_column_int64(ts, 2),
						       as_of_day, today, err)))
					goto out;
				found = 1;
			}
			if (step != SQLITE_DONE)
				goto dberr;
			if (found)
				continue;
			/* cli.md: one no_target row for the as-of year (or --year). */
			if (!(r = list_push(out, code, name, "")))
				goto nomem;
			r->metric = (enum ldg_metric)m;
			r->year_from = r->year_to = no_target_year;
			if ((rc = row_progress(db, r, 0, 0, as_of_day, today, err)))
				goto out;
		}
	}
	if (step != SQLITE_DONE)
		goto dberr;
	if (city && ncities == 0)
		rc = ldg_err_set(err, LDG_ENOTFOUND, _("unknown city '%s'"), city);
	goto out;
nomem:
	rc = ldg_err_set(err, LDG_ENOMEM, _("out of memory"));
	goto out;
dberr:
	rc = ldg_db_error(db, "cannot read targets", err);
out:
	sqlite3_finalize(cs);
	sqlite3_finalize(ts);
	return rc;
}

int ldg_city_add(sqlite3 *db, const char *code, const char *name,
		 const char *parent_code, struct ldg_err *err)
{
	static const char taken_sql[] =
		"SELECT code, name FROM cities WHERE code = ?1 OR name = ?2";
	static const char insert_sql[] =
		"INSERT INTO cities (code, name, parent) VALUES (?1, ?2, ?3)";
	sqlite3_stmt *st = NULL;
	char detail[256], parent[7] = "", shown[256];
	int own = sqlite3_get_autocommit(db), rc = 0, step;
	size_t i;
	long at;

	if (!code || strlen(code) != 6 || strspn(code, "0123456789") != 6) {
		ldg_err_set(err, LDG_EINPUT, _("a city code is 6 digits (a division code)"));
		ldg_err_value(err, code ? code : "");
		return LDG_EINPUT;
	}
	for (i = 0; name && name[i] == ' '; i++)
		;
	if (!name || !name[i])
		return ldg_err_set(err, LDG_EINPUT, _("a city needs a name"));
	if (!ldg_utf8_valid(name, strlen(name)))
		return ldg_err_set(err, LDG_EINPUT, _("city name '%s' is not valid UTF-8 text"), name);
	if ((at = ldg_text_control(name, strlen(name), 0)) >= 0) {
		ldg_err_set(err, LDG_EINPUT, _("a control character in the value, at byte %ld"
			    " (shown as \\xHH)"), at + 1);
		ldg_err_value(err, ldg_text_escape(name, strlen(name), shown, sizeof(shown)));
		return LDG_EINPUT;
	}
	if (own && (rc = ldg_db_begin(db, err)))
		return rc;
	if (parent_code && (rc = ldg_city_resolve(db, parent_code, parent, NULL, 0, err)))
		goto out;
	if ((rc = ldg_db_prepare(db, taken_sql, &st, err)))
		goto out;
	ldg_bind_text(st, 1, code);
	ldg_bind_text(st, 2, name);
	step = sqlite3_step(st);
	if (step == SQLITE_ROW) {
		rc = ldg_err_set(err, LDG_ECONFLICT, _("city '%s' exists already (%s %s)"),
				 strcmp((const char *)sqlite3_column_text(st, 0), code) == 0 ? code : name,
				 (const char *)sqlite3_column_text(st, 0),
				 (const char *)sqlite3_column_text(st, 1));
		goto out;
	}
	if (step != SQLITE_DONE) {
		rc = ldg_db_error(db, "cannot look up city", err);
		goto out;
	}
	sqlite3_finalize(st);
	if ((rc = ldg_db_prepare(db, insert_sql, &st, err)))
		goto out;
	ldg_bind_text(st, 1, code);
	ldg_bind_text(st, 2, name);
	ldg_bind_text(st, 3, parent_code ? parent : NULL);
	if (sqlite3_step(st) != SQLITE_DONE) {
		rc = ldg_db_error(db, "cannot add city", err);
		goto out;
	}
	snprintf(detail, sizeof(detail), "name=%s parent=%s", name, parent);
	if ((rc = ldg_audit(db, "insert", "city", code, NULL, NULL, NULL, 0, detail, err)))
		goto out;
	rc = ldg_scheme_seed(db, err);
out:
	sqlite3_finalize(st);
	if (own) {
		if (rc == 0)
			rc = ldg_db_commit(db, err);
		if (rc)
			ldg_db_rollback(db);
	}
	return rc;
}
