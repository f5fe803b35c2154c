/*
 * store.c — the statement cache and field-wise audit of store.h.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ledger/date.h"
#include "ledger/db.h"
#include "ledger/keyset.h"
#include "ledger/lang.h"
#include "ledger/money.h"
#include "ledger/store.h"

/* ldg_store_init: see store.h. */
void ldg_store_init(struct ldg_store *s, sqlite3 *db)
{
	memset(s, 0, sizeof(*s));
	s->db = db;
}

/* ldg_store_release: see store.h. */
void ldg_store_release(struct ldg_store *s)
{
	int i;

	for (i = 0; i < LDG_SQL_COUNT; i++) {
		sqlite3_finalize(s->st[i]);
		s->st[i] = NULL;
	}
	ldg_keyset_free(s->dup_keys);
	s->dup_keys = NULL;
	ldg_store_forget(s);
}

/* ldg_store_forget: see store.h. */
void ldg_store_forget(struct ldg_store *s)
{
	memset(s->bank, 0, sizeof(s->bank));
	memset(s->bank_id, 0, sizeof(s->bank_id));
	s->bank_next = 0;
	s->insurer[0] = '\0';
	s->insurer_id = 0;
}

/* ldg_store_stmt: see store.h. */
int ldg_store_stmt(struct ldg_store *s, enum ldg_sql which, const char *sql,
		   sqlite3_stmt **out, struct ldg_err *err)
{
	sqlite3_stmt *st = s->st[which];

	if (st) {
		sqlite3_reset(st);
		sqlite3_clear_bindings(st);
		*out = st;
		return 0;
	}
	if (sqlite3_prepare_v3(s->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &st, NULL)
	    != SQLITE_OK) {
		*out = NULL;
		return ldg_db_error(s->db, "cannot prepare statement", err);
	}
	s->st[which] = st;
	*out = st;
	return 0;
}

/* ldg_fields_release: see store.h. */
void ldg_fields_release(struct ldg_field *f, int n)
{
	int i;

	for (i = 0; i < n; i++) {
		free(f[i].text);
		f[i].text = NULL;
	}
}

/* ldg_fields_diff: see store.h. */
int ldg_fields_diff(const struct ldg_field *a, const struct ldg_field *b, int n)
{
	int i, d = 0;

	for (i = 0; i < n; i++)
		if (strcmp(a[i].text ? a[i].text : "", b[i].text ? b[i].text : "") != 0)
			d++;
	return d;
}

/* ldg_fields_audit: see store.h. */
int ldg_fields_audit(sqlite3 *db, const char *entity, const char *key,
		     const struct ldg_field *old, const struct ldg_field *new_,
		     int n, int64_t batch_id, int *changed, struct ldg_err *err)
{
	int i, rc;

	*changed = 0;
	for (i = 0; i < n; i++) {
		const char *o = old[i].text ? old[i].text : "";
		const char *w = new_[i].text ? new_[i].text : "";

		if (strcmp(o, w) == 0)
			continue;
		(*changed)++;
		if ((rc = ldg_audit(db, "update", entity, key, old[i].name, o, w,
				    batch_id, NULL, err)))
			return rc;
	}
	return 0;
}

/* ---- column, binding and field-text helpers shared by the stores ---- */

/* ldg_col_text: see store.h. */
void ldg_col_text(sqlite3_stmt *st, int i, char *dst, size_t dstsz)
{
	const char *t = (const char *)sqlite3_column_text(st, i);

	snprintf(dst, dstsz, "%s", t ? t : "");
}

/* ldg_col_int64n: see store.h. */
int64_t ldg_col_int64n(sqlite3_stmt *st, int i)
{
	return sqlite3_column_type(st, i) == SQLITE_NULL ? LDG_NONE
							  : sqlite3_column_int64(st, i);
}

/* ldg_col_day: see store.h. */
int32_t ldg_col_day(sqlite3_stmt *st, int i)
{
	const char *t = (const char *)sqlite3_column_text(st, i);
	int32_t d;

	if (!t || ldg_date_parse_iso(t, &d, NULL))
		return LDG_NO_DAY;
	return d;
}

/* ldg_bind_day: see store.h. */
void ldg_bind_day(sqlite3_stmt *st, int i, int32_t day)
{
	char iso[LDG_DATE_BUFSZ];

	if (day == LDG_NO_DAY)
		sqlite3_bind_null(st, i);
	else
		sqlite3_bind_text(st, i, ldg_date_format(day, iso), -1, SQLITE_TRANSIENT);
}

/* ldg_field_amount: see store.h. */
char *ldg_field_amount(int64_t fen)
{
	char b[LDG_MONEY_BUFSZ];

	return strdup(fen == LDG_NONE ? "" : ldg_money_format(fen, 0, b));
}

/* ldg_field_day: see store.h. */
char *ldg_field_day(int32_t day)
{
	char b[LDG_DATE_BUFSZ];

	return strdup(day == LDG_NO_DAY ? "" : ldg_date_format(day, b));
}

/* ldg_field_set_day: see store.h. */
int ldg_field_set_day(int32_t *v, const char *text, struct ldg_err *err)
{
	if (!*text) {
		*v = LDG_NO_DAY;
		return 0;
	}
	return ldg_date_parse_iso(text, v, err);
}

/* ldg_store_name_id: see store.h. */
int ldg_store_name_id(struct ldg_store *s, enum ldg_sql get, const char *get_sql,
		      enum ldg_sql ins, const char *ins_sql, const char *what,
		      const char *name, int create, int64_t *id, struct ldg_err *err)
{
	sqlite3_stmt *st;
	char what_msg[64];
	int rc;

	if ((rc = ldg_store_stmt(s, get, get_sql, &st, err)))
		return rc;
	ldg_bind_text(st, 1, name);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*id = sqlite3_column_int64(st, 0);
		rc = 0;
	} else if (rc == SQLITE_DONE) {
		rc = LDG_ENOTFOUND;
	} else {
		snprintf(what_msg, sizeof(what_msg), _("cannot read %s"), _(what));
		rc = ldg_db_error(s->db, what_msg, err);
	}
	sqlite3_reset(st);
	if (rc == LDG_ENOTFOUND) {
		if (!create)
			return ldg_err_set(err, LDG_ENOTFOUND, _("unknown %s '%s'"), _(what), name);
		if ((rc = ldg_store_stmt(s, ins, ins_sql, &st, err)))
			return rc;
		ldg_bind_text(st, 1, name);
		if (sqlite3_step(st) != SQLITE_DONE) {
			snprintf(what_msg, sizeof(what_msg), _("cannot record %s"), _(what));
			rc = ldg_db_error(s->db, what_msg, err);
		} else {
			*id = sqlite3_last_insert_rowid(s->db);
		}
		sqlite3_reset(st);
	}
	return rc;
}
