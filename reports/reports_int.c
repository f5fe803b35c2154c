/*
 * reports_int.c — helpers shared by the workbooks (reports_int.h), and the
 * PBoC period parser of report.h.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ledger/lang.h"
#include "ledger/date.h"
#include "ledger/db.h"
#include "ledger/grow.h"
#include "ledger/settings.h"
#include "reports/report.h"
#include "ledger/account.h"
#include "reports/reports_int.h"
#include "reports/xlsxfmt.h"

int rpt_buf_add(struct rpt_buf *b, const char *text)
{
	size_t n = text ? strlen(text) : 0;

	if (ldg_grow((void **)&b->s, &b->cap, b->len + n + 1, 1))
		return -1;
	memcpy(b->s + b->len, text ? text : "", n);
	b->len += n;
	b->s[b->len] = '\0';
	return 0;
}

void rpt_buf_clear(struct rpt_buf *b)
{
	b->len = 0;
	if (b->s)
		b->s[0] = '\0';
}

void rpt_buf_release(struct rpt_buf *b)
{
	free(b->s);
	b->s = NULL;
	b->len = b->cap = 0;
}

unsigned rpt_kind_bit(const char *kind)
{
	if (!kind)
		return 0;
	if (strcmp(kind, "patent") == 0)
		return RPT_PATENT;
	if (strcmp(kind, "trademark") == 0)
		return RPT_TRADEMARK;
	if (strcmp(kind, "copyright") == 0)
		return RPT_COPYRIGHT;
	return 0;
}

const char *rpt_kind_text(unsigned mask)
{
	switch (mask) {
	case 0: return "";
	case RPT_PATENT: return "专利权";
	case RPT_TRADEMARK: return "商标权";
	case RPT_COPYRIGHT: return "著作权";
	default: return "混合质押";
	}
}

/* Step the rights cursor; LDG_EDB on a database error. */
static int rights_step(struct rpt_rights *r, sqlite3 *db, struct ldg_err *err)
{
	int rc = sqlite3_step(r->st);

	if (rc == SQLITE_ROW) {
		r->has = 1;
		return 0;
	}
	r->has = 0;
	if (rc != SQLITE_DONE)
		return ldg_db_error(db, "cannot read pledged rights", err);
	return 0;
}

int rpt_rights_start(struct rpt_rights *r, sqlite3 *db, sqlite3_stmt *st,
		     struct ldg_err *err)
{
	memset(r, 0, sizeof *r);
	r->st = st;
	return rights_step(r, db, err);
}

int rpt_rights_collect(struct rpt_rights *r, sqlite3 *db, int64_t loan_id,
		       struct ldg_err *err)
{
	rpt_buf_clear(&r->text);
	if (rpt_buf_add(&r->text, ""))
		return ldg_err_set(err, LDG_ENOMEM, _("out of memory"));
	r->mask = 0;
	r->value_fen = 0;
	r->valued = 0;
	/* Rights of loans that the loan query skipped (none when both filter alike). */
	while (r->has && sqlite3_column_int64(r->st, 0) < loan_id)
		if (rights_step(r, db, err))
			return err ? err->code : LDG_EDB;
	while (r->has && sqlite3_column_int64(r->st, 0) == loan_id) {
		if ((r->text.len && rpt_buf_add(&r->text, "、"))
		    || rpt_buf_add(&r->text, (const char *)sqlite3_column_text(r->st, 1)))
			return ldg_err_set(err, LDG_ENOMEM, _("out of memory"));
		r->mask |= rpt_kind_bit((const char *)sqlite3_column_text(r->st, 2));
		if (sqlite3_column_type(r->st, 3) != SQLITE_NULL) {
			if (__builtin_add_overflow(r->value_fen, sqlite3_column_int64(r->st, 3),
						   &r->value_fen))
				return ldg_err_set(err, LDG_ERANGE, _("valuation total overflows"));
			r->valued = 1;
		}
		if (rights_step(r, db, err))
			return err ? err->code : LDG_EDB;
	}
	return 0;
}

void rpt_rights_release(struct rpt_rights *r)
{
	sqlite3_finalize(r->st);
	r->st = NULL;
	rpt_buf_release(&r->text);
}

const char *rpt_reason_text(const char *code)
{
	static const struct { const char *code, *text; } map[] = {
		{ "ELIGIBLE", "符合条件" },
		{ "NOT_LEGAL_PERSON", "非独立法人" },
		{ "BARRED", "当年存在不予补助情形" },
		{ "BEFORE_EFFECTIVE", "早于政策施行日" },
		{ "LATE", "逾期还款" },
		{ "KIND_NOT_COVERED", "质押物不属于补助范围" },
		{ "COMBINED_UNKNOWN", "组合贷款未区分知识产权部分" },
		{ "IP_SUBSIDISED_BEFORE", "同一知识产权已享受贴息" },
		{ "NO_RATE", "无适用基准利率" },
	};
	size_t i;

	for (i = 0; code && i < sizeof map / sizeof map[0]; i++)
		if (strcmp(map[i].code, code) == 0)
			return map[i].text;
	return code ? code : "";
}

const char *rpt_scheme_label(const char *key)
{
	static const struct { const char *key, *text; } map[] = {
		{ "effective_from", "政策施行日" },
		{ "reference_rate", "基准利率种类" },
		{ "interest_share", "贴息比例" },
		{ "day_basis", "计息天数基准（天/年）" },
		{ "cap_by_interest_paid", "贴息不超过实付利息" },
		{ "covered_kinds", "贴息的质押权利种类" },
		{ "interest_cap_per_kind", "单个企业每种权项年度贴息上限（元）" },
		{ "ip_once", "同一知识产权只享受一个年度贴息" },
		{ "premium_share", "保费补助比例" },
		{ "premium_cap", "单个企业年度保费补助上限（元）" },
		{ "contribution_cap", "以地方综合贡献额为限" },
		{ "carry_years", "未兑付部分可结转年数" },
		{ "policy_document", "政策依据" },
	};
	size_t i;

	for (i = 0; key && i < sizeof map / sizeof map[0]; i++)
		if (strcmp(map[i].key, key) == 0)
			return map[i].text;
	return key ? key : "";
}

int rpt_city_name(sqlite3 *db, const char *code, char *name, size_t namesz,
		  struct ldg_err *err)
{
	char c[8];

	return ldg_city_resolve(db, code, c, name, namesz, err);
}

const char *rpt_yes_no(int64_t v)
{
	return v ? "是" : "否";
}

/* Parse exactly n ASCII digits at s into *v; 0 or -1. */
static int digits(const char *s, int n, int *v)
{
	int i;

	*v = 0;
	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		*v = *v * 10 + (s[i] - '0');
	}
	return 0;
}

int rpt_period_parse(const char *text, int32_t *from_day, int32_t *to_day,
		     char *label, size_t labelsz, struct ldg_err *err)
{
	static const char *const qname[] = { "一", "二", "三", "四" };
	static const int mdays[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	size_t n = text ? strlen(text) : 0;
	int y, q, m, last;

	if (n < 4 || digits(text, 4, &y) || y < 1900 || y > 2999)
		goto bad;
	if (n == 4) {
		*from_day = ldg_date_from_ymd(y, 1, 1);
		*to_day = ldg_date_from_ymd(y, 12, 31);
		if (label)
			snprintf(label, labelsz, "%d年", y);
		return 0;
	}
	if (n == 6 && (text[4] == 'Q' || text[4] == 'q') && text[5] >= '1' && text[5] <= '4') {
		q = text[5] - '0';
		m = 3 * q;
		last = mdays[m - 1];
		*from_day = ldg_date_from_ymd(y, m - 2, 1);
		*to_day = ldg_date_from_ymd(y, m, last);
		if (label)
			snprintf(label, labelsz, "%d年第%s季度", y, qname[q - 1]);
		return 0;
	}
	if (n == 7 && text[4] == '-' && !digits(text + 5, 2, &m) && m >= 1 && m <= 12) {
		last = mdays[m - 1];
		if (m == 2 && ldg_date_valid(y, 2, 29))
			last = 29;
		*from_day = ldg_date_from_ymd(y, m, 1);
		*to_day = ldg_date_from_ymd(y, m, last);
		if (label)
			snprintf(label, labelsz, "%d年%d月", y, m);
		return 0;
	}
bad:
	return ldg_err_set(err, LDG_EUSAGE, _("bad period '%s': 2024, 2024Q3 or 2024-09"),
			   text ? text : "");
}

/* rpt_col_fen: see reports_int.h. */
int rpt_col_fen(struct rpt_table *t, int col, sqlite3_stmt *st, int i)
{
	if (sqlite3_column_type(st, i) == SQLITE_NULL)
		return rpt_cell_blank(t, col);
	return rpt_cell_fen(t, col, sqlite3_column_int64(st, i));
}

/* rpt_col_int: see reports_int.h. */
int rpt_col_int(struct rpt_table *t, int col, sqlite3_stmt *st, int i)
{
	if (sqlite3_column_type(st, i) == SQLITE_NULL)
		return rpt_cell_blank(t, col);
	return rpt_cell_int(t, col, sqlite3_column_int64(st, i));
}

/* rpt_col_ppm: see reports_int.h. */
int rpt_col_ppm(struct rpt_table *t, int col, sqlite3_stmt *st, int i)
{
	if (sqlite3_column_type(st, i) == SQLITE_NULL)
		return rpt_cell_blank(t, col);
	return rpt_cell_ppm(t, col, sqlite3_column_int64(st, i));
}

/* rpt_bind_filter: see reports_int.h. */
void rpt_bind_filter(sqlite3_stmt *st, const char *city, int32_t from_day, int32_t to_day)
{
	char from[LDG_DATE_BUFSZ], to[LDG_DATE_BUFSZ];

	ldg_bind_text(st, 1, city);
	ldg_bind_text(st, 2, from_day == INT32_MIN ? "0000-00-00" : ldg_date_format(from_day, from));
	ldg_bind_text(st, 3, to_day == INT32_MAX ? "9999-99-99" : ldg_date_format(to_day, to));
}

/* "2025-01-15T10:30:00" → "2025-01-15 10:30:00" into buf. */
static void iso_time(const char *t, char *buf, size_t sz)
{
	snprintf(buf, sz, "%s", t ? t : "");
	if (strlen(buf) > 10 && buf[10] == 'T')
		buf[10] = ' ';
}

int rpt_run_load(sqlite3 *db, const char *city, int year, struct rpt_run *r,
		 struct ldg_err *err)
{
	static const char sql[] =
		"SELECT id, COALESCE(stage, status), computed_at, finalized_at, scheme FROM subsidy_runs"
		" WHERE city = ?1 AND year = ?2";
	sqlite3_stmt *st = NULL;
	const char *p;
	int rc;

	memset(r, 0, sizeof *r);
	r->year = year;
	snprintf(r->city, sizeof r->city, "%s", city);
	if ((rc = rpt_city_name(db, city, r->city_name, sizeof r->city_name, err)))
		return rc;
	if ((rc = ldg_db_prepare(db, sql, &st, err)))
		return rc;
	ldg_bind_text(st, 1, city);
	sqlite3_bind_int(st, 2, year);
	if ((rc = sqlite3_step(st)) != SQLITE_ROW) {
		rc = rc == SQLITE_DONE
			? ldg_err_set(err, LDG_ENOTFOUND, _("no subsidy run for %s %d: run 'pledger"
				      " subsidy compute --city %s --year %d' first"),
				      r->city_name, year, r->city_name, year)
			: ldg_db_error(db, "cannot read subsidy runs", err);
		sqlite3_finalize(st);
		return rc;
	}
	r->id = sqlite3_column_int64(st, 0);
	snprintf(r->status, sizeof r->status, "%s", (const char *)sqlite3_column_text(st, 1));
	r->draft = strcmp(r->status, "draft") == 0;
	iso_time((const char *)sqlite3_column_text(st, 2), r->computed, sizeof r->computed);
	if (sqlite3_column_type(st, 3) != SQLITE_NULL && !r->draft) {
		int y, m, d;

		iso_time((const char *)sqlite3_column_text(st, 3), r->finalized, sizeof r->finalized);
		if (sscanf(r->finalized, "%d-%d-%d", &y, &m, &d) == 3)
			snprintf(r->final_cn, sizeof r->final_cn, "%d年%d月%d日", y, m, d);
	}
	r->scheme = strdup((const char *)sqlite3_column_text(st, 4));
	sqlite3_finalize(st);
	if (!r->scheme)
		return ldg_err_set(err, LDG_ENOMEM, _("out of memory"));
	for (p = r->scheme; (p = strstr(p, "policy_document=")) != NULL; p++)
		if (p == r->scheme || p[-1] == '\n') {
			p += strlen("policy_document=");
			snprintf(r->policy_doc, sizeof r->policy_doc, "%.*s", (int)strcspn(p, "\n"), p);
			break;
		}
	/* a run computed before the document was set: the scheme's current one */
	if (!r->policy_doc[0]) {
		if ((rc = ldg_db_prepare(db, "SELECT value FROM schemes WHERE city = ?1"
					 " AND key = 'policy_document'", &st, err)))
			goto fail;
		ldg_bind_text(st, 1, city);
		if (sqlite3_step(st) == SQLITE_ROW)
			snprintf(r->policy_doc, sizeof r->policy_doc, "%s",
				 (const char *)sqlite3_column_text(st, 0));
		sqlite3_finalize(st);
	}
	if ((rc = ldg_setting_get(db, city, "office_name", r->office, sizeof r->office, err)))
		goto fail;
	return 0;
fail:
	rpt_run_release(r);
	return rc;
}

void rpt_run_release(struct rpt_run *r)
{
	free(r->scheme);
	r->scheme = NULL;
}

const char *rpt_run_state_text(const char *status)
{
	if (strcmp(status, "draft") == 0)
		return "草稿";
	if (strcmp(status, "finalized") == 0)
		return "已定稿";
	if (strcmp(status, "publicized") == 0)
		return "已公示";
	if (strcmp(status, "paid") == 0)
		return "已拨付";
	return status;
}
