/*
 * store.c — the statement cache and field-wise audit of store.h.
 */
#include <stdlib.h>
#include <string.h>

#include "ledger/db.h"
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
