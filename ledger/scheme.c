/*
 * scheme.c — parse, print, load and store a city's scheme (rules.md §8).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ledger/date.h"
#include "ledger/db.h"
#include "ledger/grow.h"
#include "ledger/ident.h"
#include "ledger/money.h"
#include "ledger/scheme.h"
#include "ledger/text.h"
#include "ledger/lang.h"

const char *const ldg_scheme_keys[] = {
	"effective_from", "reference_rate", "interest_share", "day_basis",
	"cap_by_interest_paid", "covered_kinds", "interest_cap_per_kind",
	"ip_once", "premium_share", "premium_cap", "contribution_cap",
	"carry_years", "policy_document", NULL
};

#define ALLOWED_KEYS "effective_from, reference_rate, interest_share, day_basis, " \
	"cap_by_interest_paid, covered_kinds, interest_cap_per_kind, ip_once, " \
	"premium_share, premium_cap, contribution_cap, carry_years, policy_document"

void ldg_scheme_default(struct ldg_scheme *s)
{
	memset(s, 0, sizeof(*s));
	s->effective_from_day = ldg_date_from_ymd(2021, 1, 1);
	snprintf(s->reference_rate, sizeof(s->reference_rate), "LPR1Y");
	s->interest_share_ppm = 500000;
	s->day_basis = 360;
	s->cap_by_interest_paid = 1;
	s->covered_kinds = (1u << LDG_KIND_PATENT) | (1u << LDG_KIND_TRADEMARK);
	s->interest_cap_per_kind_fen = 30000000;   /* 300 000.00 yuan */
	s->ip_once = 1;
	s->premium_share_ppm = 500000;
	s->premium_cap_fen = 10000000;             /* 100 000.00 yuan */
	s->contribution_cap = 1;
	s->carry_years = 2;
}

static int parse_onoff(const char *key, const char *v, int *out,
		       struct ldg_err *err)
{
	if (strcmp(v, "on") == 0 || strcmp(v, "yes") == 0 || strcmp(v, "1") == 0
	    || strcmp(v, "true") == 0) {
		*out = 1;
		return 0;
	}
	if (strcmp(v, "off") == 0 || strcmp(v, "no") == 0 || strcmp(v, "0") == 0
	    || strcmp(v, "false") == 0) {
		*out = 0;
		return 0;
	}
	ldg_err_set(err, LDG_EINPUT, _("bad value for '%s': allowed values are on, off"), key);
	ldg_err_value(err, v);
	return LDG_EINPUT;
}

static int parse_share(const char *key, const char *v, int64_t *out,
		       struct ldg_err *err)
{
	struct ldg_err e = { 0 };

	if (ldg_rate_parse(v, out, &e) == 0)
		return 0;
	ldg_err_set(err, LDG_EINPUT,
		    _("bad value for '%s': a percentage from 0%% to 100%%, e.g. 50%%"), key);
	ldg_err_value(err, v);
	return LDG_EINPUT;
}

static int parse_amount(const char *key, const char *v, int64_t *out,
			struct ldg_err *err)
{
	struct ldg_err e = { 0 };

	if (ldg_money_parse(v, LDG_UNIT_YUAN, out, &e) == 0)
		return 0;
	ldg_err_set(err, LDG_EINPUT,
		    _("bad value for '%s': an amount in yuan, e.g. 300000.00 (%s)"), key, e.msg);
	ldg_err_value(err, v);
	return LDG_EINPUT;
}

static int parse_kinds(const char *v, unsigned *out, struct ldg_err *err)
{
	char buf[128], *p, *save = NULL;
	unsigned kinds = 0;

	if (snprintf(buf, sizeof(buf), "%s", v) >= (int)sizeof(buf))
		goto bad;
	for (p = strtok_r(buf, ", ", &save); p; p = strtok_r(NULL, ", ", &save)) {
		if (strcmp(p, "patent") == 0)
			kinds |= 1u << LDG_KIND_PATENT;
		else if (strcmp(p, "trademark") == 0)
			kinds |= 1u << LDG_KIND_TRADEMARK;
		else if (strcmp(p, "copyright") == 0)
			kinds |= 1u << LDG_KIND_COPYRIGHT;
		else
			goto bad;
	}
	*out = kinds;
	return 0;
bad:
	ldg_err_set(err, LDG_EINPUT,
		    _("bad value for 'covered_kinds': a list of patent, trademark, copyright"));
	ldg_err_value(err, v);
	return LDG_EINPUT;
}

int ldg_scheme_apply(struct ldg_scheme *s, const char *key, const char *value,
		     struct ldg_err *err)
{
	char v[128];
	struct ldg_err e = { 0 };

	/* policy_document is text kept as written (full-width brackets stay);
	 * "" clears it (a snapshot without it) */
	if (strcmp(key, "policy_document") == 0) {
		const char *t = value ? value : "";

		if (strlen(t) >= sizeof(s->policy_document) || strpbrk(t, "\r\n")) {
			ldg_err_set(err, LDG_EINPUT, _("bad value for 'policy_document': one line"
				    " of at most %d bytes"), (int)sizeof(s->policy_document) - 1);
			ldg_err_value(err, value);
			return LDG_EINPUT;
		}
		snprintf(s->policy_document, sizeof(s->policy_document), "%s", t);
		return 0;
	}
	if (ldg_text_fold(value ? value : "", v, sizeof(v)) < 0 || !v[0]) {
		ldg_err_set(err, LDG_EINPUT, _("no value for '%s'"), key);
		ldg_err_value(err, value);
		return LDG_EINPUT;
	}
	if (strcmp(key, "effective_from") == 0) {
		if (ldg_date_parse(v, &s->effective_from_day, &e) == 0)
			return 0;
		ldg_err_set(err, LDG_EINPUT, _("bad value for 'effective_from': a date such as 2021-01-01"));
	} else if (strcmp(key, "reference_rate") == 0) {
		if (strcmp(v, "LPR1Y") == 0 || strcmp(v, "LPR5Y") == 0 || strcmp(v, "PBOC1Y") == 0) {
			snprintf(s->reference_rate, sizeof(s->reference_rate), "%.15s", v);
			return 0;
		}
		ldg_err_set(err, LDG_EINPUT,
			    _("bad value for 'reference_rate': allowed values are LPR1Y, LPR5Y, PBOC1Y"));
	} else if (strcmp(key, "interest_share") == 0) {
		return parse_share(key, v, &s->interest_share_ppm, err);
	} else if (strcmp(key, "day_basis") == 0) {
		if (strcmp(v, "360") == 0 || strcmp(v, "365") == 0) {
			s->day_basis = v[2] == '0' ? 360 : 365;
			return 0;
		}
		ldg_err_set(err, LDG_EINPUT, _("bad value for 'day_basis': allowed values are 360, 365"));
	} else if (strcmp(key, "cap_by_interest_paid") == 0) {
		return parse_onoff(key, v, &s->cap_by_interest_paid, err);
	} else if (strcmp(key, "covered_kinds") == 0) {
		return parse_kinds(v, &s->covered_kinds, err);
	} else if (strcmp(key, "interest_cap_per_kind") == 0) {
		return parse_amount(key, v, &s->interest_cap_per_kind_fen, err);
	} else if (strcmp(key, "ip_once") == 0) {
		return parse_onoff(key, v, &s->ip_once, err);
	} else if (strcmp(key, "premium_share") == 0) {
		return parse_share(key, v, &s->premium_share_ppm, err);
	} else if (strcmp(key, "premium_cap") == 0) {
		return parse_amount(key, v, &s->premium_cap_fen, err);
	} else if (strcmp(key, "contribution_cap") == 0) {
		return parse_onoff(key, v, &s->contribution_cap, err);
	} else if (strcmp(key, "carry_years") == 0) {
		if (v[0] >= '0' && v[0] <= '9' && v[1] == '\0') {
			s->carry_years = v[0] - '0';
			return 0;
		}
		ldg_err_set(err, LDG_EINPUT, _("bad value for 'carry_years': a whole number from 0 to 9"));
	} else {
		ldg_err_set(err, LDG_EINPUT, _("unknown scheme key '%s': allowed keys are %s"), key, ALLOWED_KEYS);
		return LDG_EINPUT;
	}
	ldg_err_value(err, value);
	return LDG_EINPUT;
}

int ldg_scheme_value(const struct ldg_scheme *s, const char *key, char *buf,
		     size_t bufsz)
{
	char tmp[LDG_MONEY_BUFSZ];

	if (strcmp(key, "effective_from") == 0) {
		char d[LDG_DATE_BUFSZ];
		snprintf(buf, bufsz, "%s", ldg_date_format(s->effective_from_day, d));
	} else if (strcmp(key, "reference_rate") == 0) {
		snprintf(buf, bufsz, "%s", s->reference_rate);
	} else if (strcmp(key, "interest_share") == 0) {
		snprintf(buf, bufsz, "%s%%", ldg_rate_format(s->interest_share_ppm, tmp));
	} else if (strcmp(key, "day_basis") == 0) {
		snprintf(buf, bufsz, "%d", s->day_basis);
	} else if (strcmp(key, "cap_by_interest_paid") == 0) {
		snprintf(buf, bufsz, "%s", s->cap_by_interest_paid ? "on" : "off");
	} else if (strcmp(key, "covered_kinds") == 0) {
		size_t n = 0;
		int k;

		buf[0] = '\0';
		for (k = 0; k < LDG_KIND_COUNT; k++)
			if (s->covered_kinds & (1u << k))
				n += (size_t)snprintf(buf + n, n < bufsz ? bufsz - n : 0, "%s%s",
						      n ? "," : "", ldg_kind_name((enum ldg_kind)k));
	} else if (strcmp(key, "interest_cap_per_kind") == 0) {
		snprintf(buf, bufsz, "%s", ldg_money_format(s->interest_cap_per_kind_fen, 0, tmp));
	} else if (strcmp(key, "ip_once") == 0) {
		snprintf(buf, bufsz, "%s", s->ip_once ? "on" : "off");
	} else if (strcmp(key, "premium_share") == 0) {
		snprintf(buf, bufsz, "%s%%", ldg_rate_format(s->premium_share_ppm, tmp));
	} else if (strcmp(key, "premium_cap") == 0) {
		snprintf(buf, bufsz, "%s", ldg_money_format(s->premium_cap_fen, 0, tmp));
	} else if (strcmp(key, "contribution_cap") == 0) {
		snprintf(buf, bufsz, "%s", s->contribution_cap ? "on" : "off");
	} else if (strcmp(key, "carry_years") == 0) {
		snprintf(buf, bufsz, "%d", s->carry_years);
	} else if (strcmp(key, "policy_document") == 0) {
		snprintf(buf, bufsz, "%s", s->policy_document);
	} else {
		return LDG_EINPUT;
	}
	return 0;
}

char *ldg_scheme_text(const struct ldg_scheme *s)
{
	char *out = malloc(2048), v[512];
	size_t n = 0;
	int i;

	if (!out)
		return NULL;
	out[0] = '\0';
	for (i = 0; ldg_scheme_keys[i]; i++) {
		ldg_scheme_value(s, ldg_scheme_keys[i], v, sizeof(v));
		/* an unset document is left out: the snapshot of every scheme
		 * without one stays as it was */
		if (!v[0] && strcmp(ldg_scheme_keys[i], "policy_document") == 0)
			continue;
		n += (size_t)snprintf(out + n, 2048 - n, "%s=%s\n", ldg_scheme_keys[i], v);
	}
	return out;
}

int ldg_scheme_parse_text(const char *text, struct ldg_scheme *s,
			  struct ldg_err *err)
{
	const char *p = text;

	ldg_scheme_default(s);
	while (p && *p) {
		const char *nl = strchr(p, '\n'), *eq = strchr(p, '=');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);
		char key[64], val[512];

		if (!eq || (nl && eq > nl) || (size_t)(eq - p) >= sizeof(key)
		    || len - (size_t)(eq - p) - 1 >= sizeof(val))
			return ldg_err_set(err, LDG_EINPUT, _("bad scheme line"));
		memcpy(key, p, (size_t)(eq - p));
		key[eq - p] = '\0';
		memcpy(val, eq + 1, len - (size_t)(eq - p) - 1);
		val[len - (size_t)(eq - p) - 1] = '\0';
		if (ldg_scheme_apply(s, key, val, err))
			return LDG_EINPUT;
		p = nl ? nl + 1 : NULL;
	}
	return 0;
}

int ldg_scheme_load(sqlite3 *db, const char *city, struct ldg_scheme *s,
		    struct ldg_err *err)
{
	static const char sql[] = "SELECT key, value FROM schemes WHERE city = ?1";
	sqlite3_stmt *st = NULL;
	int rc;

	ldg_scheme_default(s);
	if ((rc = ldg_db_prepare(db, sql, &st, err)))
		return rc;
	ldg_bind_text(st, 1, city);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (ldg_scheme_apply(s, (const char *)sqlite3_column_text(st, 0),
				     (const char *)sqlite3_column_text(st, 1), err)) {
			sqlite3_finalize(st);
			return LDG_EINPUT;
		}
	}
	rc = rc == SQLITE_DONE ? 0 : ldg_db_error(db, "cannot load scheme", err);
	sqlite3_finalize(st);
	return rc;
}

int ldg_scheme_set(sqlite3 *db, const char *city, const char *key,
		   const char *value, struct ldg_err *err)
{
	static const char upd[] =
		"INSERT OR REPLACE INTO schemes (city, key, value) VALUES (?1, ?2, ?3)";
	struct ldg_scheme s;
	char oldv[512], newv[512], akey[96];
	sqlite3_stmt *st = NULL;
	int own = sqlite3_get_autocommit(db), rc;

	if ((rc = ldg_scheme_load(db, city, &s, err)))
		return rc;
	ldg_scheme_value(&s, key, oldv, sizeof(oldv));
	if ((rc = ldg_scheme_apply(&s, key, value, err)))
		return rc;
	ldg_scheme_value(&s, key, newv, sizeof(newv));
	if (strcmp(oldv, newv) == 0)
		return 0;
	if (own && (rc = ldg_db_begin(db, err)))
		return rc;
	if ((rc = ldg_db_prepare(db, upd, &st, err)))
		goto out;
	ldg_bind_text(st, 1, city);
	ldg_bind_text(st, 2, key);
	ldg_bind_text(st, 3, newv);
	if (sqlite3_step(st) != SQLITE_DONE) {
		rc = ldg_db_error(db, "cannot store scheme", err);
		goto out;
	}
	snprintf(akey, sizeof(akey), "%s", city);
	if ((rc = ldg_audit(db, "update", "scheme", akey, key, oldv, newv, 0, NULL, err)))
		goto out;
	if (own)
		rc = ldg_db_commit(db, err);
out:
	sqlite3_finalize(st);
	if (rc && own)
		ldg_db_rollback(db);
	return rc;
}

int ldg_scheme_seed(sqlite3 *db, struct ldg_err *err)
{
	static const char sql[] =
		"INSERT OR IGNORE INTO schemes (city, key, value)"
		" SELECT code, ?1, ?2 FROM cities";
	struct ldg_scheme s;
	sqlite3_stmt *st = NULL;
	char v[128];
	int i, rc;

	ldg_scheme_default(&s);
	if ((rc = ldg_db_prepare(db, sql, &st, err)))
		return rc;
	for (i = 0; ldg_scheme_keys[i]; i++) {
		ldg_scheme_value(&s, ldg_scheme_keys[i], v, sizeof(v));
		if (!v[0])
			continue;   /* policy_document: no default */
		sqlite3_reset(st);
		ldg_bind_text(st, 1, ldg_scheme_keys[i]);
		ldg_bind_text(st, 2, v);
		if (sqlite3_step(st) != SQLITE_DONE) {
			rc = ldg_db_error(db, "cannot seed schemes", err);
			break;
		}
	}
	sqlite3_finalize(st);
	return rc;
}

int ldg_scheme_load_year(sqlite3 *db, const char *city, int year,
			 struct ldg_scheme *s, struct ldg_err *err)
{
	static const char sql[] =
		"SELECT key, value FROM scheme_versions WHERE city = ?1 AND from_year <= ?2"
		" ORDER BY from_year, key";
	sqlite3_stmt *st = NULL;
	int rc;

	if ((rc = ldg_scheme_load(db, city, s, err)))
		return rc;
	if ((rc = ldg_db_prepare(db, sql, &st, err)))
		return rc;
	ldg_bind_text(st, 1, city);
	sqlite3_bind_int(st, 2, year);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (ldg_scheme_apply(s, (const char *)sqlite3_column_text(st, 0),
				     (const char *)sqlite3_column_text(st, 1), err)) {
			sqlite3_finalize(st);
			return LDG_EINPUT;
		}
	}
	rc = rc == SQLITE_DONE ? 0 : ldg_db_error(db, "cannot load scheme", err);
	sqlite3_finalize(st);
	return rc;
}

int ldg_scheme_set_from(sqlite3 *db, const char *city, int from_year,
			const char *key, const char *value, int *changed,
			char *old_value, char *new_value, struct ldg_err *err)
{
	static const char upd[] =
		"INSERT OR REPLACE INTO scheme_versions (city, from_year, key, value)"
		" VALUES (?1, ?2, ?3, ?4)";
	struct ldg_scheme s;
	char oldv[128], newv[128], akey[96];
	sqlite3_stmt *st = NULL;
	int own = sqlite3_get_autocommit(db), rc;

	if (changed)
		*changed = 0;
	if (from_year < 1900 || from_year > 2999) {
		ldg_err_set(err, LDG_EINPUT, _("bad --from-year: a year from 1900 to 2999"));
		snprintf(oldv, sizeof(oldv), "%d", from_year);
		ldg_err_value(err, oldv);
		return LDG_EINPUT;
	}
	if ((rc = ldg_scheme_load_year(db, city, from_year, &s, err)))
		return rc;
	if (ldg_scheme_value(&s, key, oldv, sizeof(oldv)))
		oldv[0] = '\0';
	if ((rc = ldg_scheme_apply(&s, key, value, err)))
		return rc;
	ldg_scheme_value(&s, key, newv, sizeof(newv));
	if (old_value)
		snprintf(old_value, 128, "%s", oldv);
	if (new_value)
		snprintf(new_value, 128, "%s", newv);
	if (strcmp(oldv, newv) == 0)
		return 0;
	if (own && (rc = ldg_db_begin(db, err)))
		return rc;
	if ((rc = ldg_db_prepare(db, upd, &st, err)))
		goto out;
	ldg_bind_text(st, 1, city);
	sqlite3_bind_int(st, 2, from_year);
	ldg_bind_text(st, 3, key);
	ldg_bind_text(st, 4, newv);
	if (sqlite3_step(st) != SQLITE_DONE) {
		rc = ldg_db_error(db, "cannot store scheme", err);
		goto out;
	}
	snprintf(akey, sizeof(akey), "%s/from %d", city, from_year);
	if ((rc = ldg_audit(db, "update", "scheme", akey, key, oldv, newv, 0, NULL, err)))
		goto out;
	if (own)
		rc = ldg_db_commit(db, err);
	if (!rc && changed)
		*changed = 1;
out:
	sqlite3_finalize(st);
	if (rc && own)
		ldg_db_rollback(db);
	return rc;
}

int ldg_scheme_changes(sqlite3 *db, const char *city,
		       struct ldg_scheme_change **out, size_t *n,
		       struct ldg_err *err)
{
	static const char sql[] =
		"SELECT from_year, key, value FROM scheme_versions WHERE city = ?1"
		" ORDER BY from_year, key";
	struct ldg_scheme_change *v = NULL;
	sqlite3_stmt *st = NULL;
	size_t cnt = 0, cap = 0;
	int rc;

	*out = NULL;
	*n = 0;
	if ((rc = ldg_db_prepare(db, sql, &st, err)))
		return rc;
	ldg_bind_text(st, 1, city);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (ldg_grow((void **)&v, &cap, cnt + 1, sizeof(*v))) {
			rc = ldg_err_set(err, LDG_ENOMEM, _("out of memory"));
			goto out;
		}
		v[cnt].from_year = sqlite3_column_int(st, 0);
		snprintf(v[cnt].key, sizeof(v[cnt].key), "%s", (const char *)sqlite3_column_text(st, 1));
		snprintf(v[cnt].value, sizeof(v[cnt].value), "%s", (const char *)sqlite3_column_text(st, 2));
		cnt++;
	}
	rc = rc == SQLITE_DONE ? 0 : ldg_db_error(db, "cannot load scheme", err);
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
