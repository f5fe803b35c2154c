/*
 * page_entry.c — a loan's or a policy's page and the forms to add and
 * correct one (web.md §3 企业/贷款/保单):
 *
 *   GET  /loans/new, /policies/new          the empty form (clerk)
 *   POST /loans/new, /policies/new          add (as `pledger loan add`)
 *   GET  /loans/ID, /policies/ID            the record, its history from
 *                                           the audit log, the correction form
 *   POST /loans/ID, /policies/ID            correct (as a re-import of the row)
 *
 * A form is one imp_row (import/import.h) judged by imp_row_apply, as
 * cli/entry.c does for the command line and the importer for a file, so a
 * value is accepted or refused the same way whichever door it comes in
 * by; each message is shown beside its field.  The key columns of a
 * correction are the record's, never the form's.  CSRF: server.c checks
 * every POST; the role: LDG_RIGHT_ENTRY (ledger/users.c).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "import/import.h"
#include "ledger/db.h"
#include "ledger/loan.h"
#include "ledger/policy.h"
#include "ledger/store.h"
#include "ledger/text.h"
#include "web/web_int.h"

#define MSGS_MAX 32

struct kind {
	enum imp_kind kind;
	const char *base;        /* "/loans" */
	const char *entity;      /* audit_log.entity */
	const char *title;       /* msgid of the list */
	const char *one;         /* msgid of one record */
	const char *key[2];      /* the key columns */
	const char *lookup;      /* SQL: ?1 id → the two key texts */
};

static const struct kind kinds[] = {
	{ IMP_LOANS, "/loans", "loan", N_("Loans"), N_("Loan"), { "bank", "contract_no" },
	  "SELECT b.name, l.contract_no FROM loans l JOIN banks b ON b.id = l.bank_id WHERE l.id = ?1" },
	{ IMP_POLICIES, "/policies", "policy", N_("Policies"), N_("Policy"), { "insurer", "policy_no" },
	  "SELECT i.name, p.policy_no FROM policies p JOIN insurers i ON i.id = p.insurer_id"
	  " WHERE p.id = ?1" },
};

/* The messages of one submission, by column. */
struct msgs {
	int n;
	char column[MSGS_MAX][128];
	char text[MSGS_MAX][512];
	int is_error[MSGS_MAX];
};

static void msg_add(struct msgs *m, int is_error, const char *column, const char *text)
{
	if (m->n >= MSGS_MAX)
		return;
	snprintf(m->column[m->n], sizeof(m->column[0]), "%.*s", (int)sizeof(m->column[0]) - 1,
		 column ? column : "");
	snprintf(m->text[m->n], sizeof(m->text[0]), "%s", text);
	m->is_error[m->n++] = is_error;
}

static void sink_fn(void *ctx, int is_error, const struct ldg_err *e)
{
	msg_add(ctx, is_error, e->column, e->msg);
}

/* Is column a list of rights (a line break allowed in it)? */
static int is_list(const char *col)
{
	return strcmp(col, "ip_rights") == 0 || strcmp(col, "ip_values") == 0
	       || strcmp(col, "insured_rights") == 0;
}

static int is_key(const struct kind *k, const char *col)
{
	return strcmp(col, k->key[0]) == 0 || strcmp(col, k->key[1]) == 0;
}

/*
 * The form: one field per column, values from vals (column → text, may
 * be NULL), messages beside their fields, the key columns read-only on a
 * correction.
 */
static void form(struct web_req *r, const struct kind *k, const char *action, int correcting,
		 const char *const *vals, const struct msgs *m)
{
	const char *const *cols = imp_columns(k->kind);
	struct html *h = &r->h;
	int i, j;

	for (j = 0; j < m->n; j++)
		if (!m->column[j][0]) {
			html(h, m->is_error[j] ? "<p class=\"error\">" : "<p class=\"warning\">");
			html_txt(h, m->text[j]);
			html(h, "</p>");
		}
	html(h, "<form method=\"post\" class=\"entry\" action=\"");
	html_attr(h, action);
	html(h, "\">");
	web_csrf_field(r);
	html(h, "<table class=\"form\">");
	for (i = 0; cols[i]; i++) {
		const char *v = vals && vals[i] ? vals[i] : "";

		html(h, "<tr><th><label for=\"f-");
		html_attr(h, cols[i]);
		html(h, "\">");
		html_txt(h, cols[i]);
		html(h, "</label></th><td><input id=\"f-");
		html_attr(h, cols[i]);
		html(h, "\" name=\"");
		html_attr(h, cols[i]);
		html(h, "\" value=\"");
		html_attr(h, v);
		html(h, "\"");
		if (correcting && is_key(k, cols[i]))
			html(h, " readonly");
		html(h, "></td><td>");
		for (j = 0; j < m->n; j++)
			if (strcmp(m->column[j], cols[i]) == 0) {
				html(h, m->is_error[j] ? "<span class=\"error\">" : "<span class=\"warning\">");
				html_txt(h, m->text[j]);
				html(h, "</span> ");
			}
		html(h, "</td></tr>");
	}
	html(h, "</table><button>");
	html_txt(h, correcting ? T(r, "Save the correction") : T(r, "Add"));
	html(h, "</button></form>");
}

/*
 * Judge and write the submitted row (mode INSERT: add; UPSERT: correct
 * the record whose key is keyv).  Returns 0 with *outcome and key set, or
 * 1 when refused (messages in m), or -1 when the database failed.
 */
static int submit(struct web_req *r, const struct kind *k, enum imp_mode mode,
		  const char *const *keyv, struct msgs *m, enum imp_outcome *outcome, char *key)
{
	const char *const *cols = imp_columns(k->kind);
	struct imp_sink sink = { sink_fn, m };
	struct ldg_err err = { 0 };
	struct imp_row *row;
	int i, rc = 1, given = 0;

	if (!(row = imp_row_new(k->kind, NULL, 0)))
		return -1;
	for (i = 0; cols[i]; i++) {
		const char *v = web_field(r, cols[i]);
		long at;

		if (mode == IMP_MODE_UPSERT && is_key(k, cols[i]))
			v = keyv[strcmp(cols[i], k->key[0]) == 0 ? 0 : 1];
		if (!v || (!*v && mode == IMP_MODE_INSERT))
			continue;
		/* as a cell of a file (import.md §1): no control character */
		if ((at = ldg_text_control(v, strlen(v), is_list(cols[i]))) >= 0) {
			msg_add(m, 1, cols[i], T(r, "a control character or line break in the value"));
			continue;
		}
		if (imp_row_set(row, cols[i], v, cols[i], &err)) {
			msg_add(m, 1, cols[i], err.msg);
			continue;
		}
		given++;
	}
	if (m->n || !given) {
		if (!given)
			msg_add(m, 1, NULL, T(r, "The form is empty"));
		goto out;
	}
	if (ldg_db_begin(r->db, &err)) {
		rc = -1;
		goto out;
	}
	if (imp_row_apply(r->db, row, mode, 0, 0, &sink, outcome, key, &err)) {
		ldg_db_rollback(r->db);
		msg_add(m, 1, NULL, err.msg);
		goto out;
	}
	if (*outcome == IMP_REJECTED) {
		ldg_db_rollback(r->db);
		goto out;
	}
	if (ldg_db_commit(r->db, &err)) {
		ldg_db_rollback(r->db);
		msg_add(m, 1, NULL, err.msg);
		goto out;
	}
	rc = 0;
out:
	imp_row_free(row);
	return rc;
}

/* The record's columns as text (ldg_loan_fields / ldg_policy_fields) in
 * the order of imp_columns, into vals (malloc'd texts); 0 or an error. */
static int record_values(struct web_req *r, const struct kind *k, const char *const *keyv,
			 char **vals, int nvals)
{
	const char *const *cols = imp_columns(k->kind);
	struct ldg_field f[LDG_LOAN_NFIELDS > LDG_POLICY_NFIELDS ? LDG_LOAN_NFIELDS : LDG_POLICY_NFIELDS];
	struct ldg_store s;
	struct ldg_err err = { 0 };
	int nf = 0, rc, i, j;

	ldg_store_init(&s, r->db);
	if (k->kind == IMP_LOANS) {
		struct ldg_loan l;

		ldg_loan_init(&l);
		rc = ldg_loan_get(&s, keyv[0], keyv[1], &l, &err);
		if (!rc) {
			rc = ldg_loan_fields(&l, f) ? LDG_ENOMEM : 0;
			nf = LDG_LOAN_NFIELDS;
		}
		ldg_loan_release(&l);
	} else {
		struct ldg_policy p;

		ldg_policy_init(&p);
		rc = ldg_policy_get(&s, keyv[0], keyv[1], &p, &err);
		if (!rc) {
			rc = ldg_policy_fields(&p, f) ? LDG_ENOMEM : 0;
			nf = LDG_POLICY_NFIELDS;
		}
	}
	ldg_store_release(&s);
	if (rc)
		return rc;
	for (i = 0; cols[i] && i < nvals; i++) {
		const char *v = NULL;

		if (strcmp(cols[i], k->key[0]) == 0)
			v = keyv[0];
		else if (strcmp(cols[i], k->key[1]) == 0)
			v = keyv[1];
		for (j = 0; j < nf && !v; j++)
			if (strcmp(f[j].name, cols[i]) == 0)
				v = f[j].text;
		vals[i] = v ? strdup(v) : NULL;
		/* the rights as a bank writes them: "patent:ZL…;…" → "ZL…;…"
		 * (the kind is told from the number, as in a file) */
		if (vals[i] && is_list(cols[i])) {
			char *in = vals[i], *out = vals[i], *c;

			while (*in) {
				size_t n = strcspn(in, ";");

				if ((c = memchr(in, ':', n)) && strncmp(in, "patent:", 7) != 0
				    && strncmp(in, "trademark:", 10) != 0 && strncmp(in, "copyright:", 10) != 0)
					c = NULL;
				if (c) {
					n -= (size_t)(c + 1 - in);
					in = c + 1;
				}
				memmove(out, in, n);
				out += n;
				in += n;
				if (*in == ';')
					*out++ = *in++;
			}
			*out = '\0';
			/* rights without values ("；；" for three) are as a bank
			 * writes them: an empty cell (else the unchanged form is
			 * refused: "0 values for 3 rights") */
			if (strspn(vals[i], ";") == strlen(vals[i]))
				vals[i][0] = '\0';
		}
	}
	ldg_fields_release(f, nf);
	/* the enterprise's name and city, which the record keeps by USCC */
	{
		static const char sql[] =
			"SELECT e.name, c.name FROM enterprises e JOIN cities c ON c.code = e.city"
			" WHERE e.uscc = ?1";
		const char *uscc = NULL;
		sqlite3_stmt *st = NULL;

		for (i = 0; cols[i] && i < nvals; i++)
			if (strcmp(cols[i], "uscc") == 0)
				uscc = vals[i];
		if (uscc && !ldg_db_prepare(r->db, sql, &st, NULL)) {
			ldg_bind_text(st, 1, uscc);
			if (sqlite3_step(st) == SQLITE_ROW)
				for (i = 0; cols[i] && i < nvals; i++) {
					int c = strcmp(cols[i], "enterprise") == 0 ? 0
						: strcmp(cols[i], "city") == 0 ? 1 : -1;

					if (c >= 0 && !vals[i])
						vals[i] = strdup((const char *)sqlite3_column_text(st, c));
				}
		}
		sqlite3_finalize(st);
	}
	return 0;
}

/* The record's history: the audit log rows of its key. */
static void history(struct web_req *r, const struct kind *k, const char *key)
{
	static const char sql[] =
		"SELECT at, user, action, field, old_value, new_value FROM audit_log"
		" WHERE entity = ?1 AND entity_key = ?2 ORDER BY id DESC LIMIT 200";
	static const char *const hh[] = { N_("Time"), N_("User"), N_("Action"), N_("Field"),
					  N_("Old value"), N_("New value") };
	struct html *h = &r->h;
	sqlite3_stmt *st = NULL;
	int i;

	html(h, "<h2>");
	html_txt(h, T(r, "History"));
	html(h, "</h2><table class=\"history\"><thead><tr>");
	for (i = 0; i < 6; i++) {
		html(h, "<th>");
		html_txt(h, T(r, hh[i]));
		html(h, "</th>");
	}
	html(h, "</tr></thead><tbody>");
	if (!ldg_db_prepare(r->db, sql, &st, NULL)) {
		ldg_bind_text(st, 1, k->entity);
		ldg_bind_text(st, 2, key);
		while (sqlite3_step(st) == SQLITE_ROW) {
			html(h, "<tr>");
			for (i = 0; i < 6; i++) {
				html(h, "<td>");
				html_txt(h, (const char *)sqlite3_column_text(st, i));
				html(h, "</td>");
			}
			html(h, "</tr>");
		}
	}
	sqlite3_finalize(st);
	html(h, "</tbody></table>");
}

/* The submitted values (to show the form again after a refusal). */
static void submitted(struct web_req *r, const struct kind *k, const char **vals, int nvals)
{
	const char *const *cols = imp_columns(k->kind);
	int i;

	for (i = 0; cols[i] && i < nvals; i++)
		vals[i] = web_field(r, cols[i]);
}

/* The id of the record whose key is key (after an add), or 0. */
static long long id_of(struct web_req *r, const struct kind *k, const char *key)
{
	static const char *const sql[] = {
		"SELECT l.id FROM loans l JOIN banks b ON b.id = l.bank_id"
		" WHERE b.name || '/' || l.contract_no = ?1",
		"SELECT p.id FROM policies p JOIN insurers i ON i.id = p.insurer_id"
		" WHERE i.name || '/' || p.policy_no = ?1",
	};
	sqlite3_stmt *st = NULL;
	long long id = 0;

	if (!ldg_db_prepare(r->db, sql[k->kind == IMP_LOANS ? 0 : 1], &st, NULL)) {
		ldg_bind_text(st, 1, key);
		if (sqlite3_step(st) == SQLITE_ROW)
			id = sqlite3_column_int64(st, 0);
	}
	sqlite3_finalize(st);
	return id;
}

#define NVALS 40

static int add(struct web_req *r, const struct kind *k)
{
	struct msgs m = { 0 };
	const char *vals[NVALS] = { 0 };
	enum imp_outcome outcome;
	char key[IMP_KEYSZ], loc[80];
	int rc;

	if (web_require(r, LDG_RIGHT_ENTRY, k->kind == IMP_LOANS ? "add a loan" : "add a policy"))
		return 0;
	if (strcmp(r->method, "POST") == 0) {
		rc = submit(r, k, IMP_MODE_INSERT, NULL, &m, &outcome, key);
		if (rc < 0)
			return web_error(r, 500, T(r, "database error"));
		if (rc == 0) {
			long long id = id_of(r, k, key);

			if (id > 0)
				snprintf(loc, sizeof(loc), "%s/%lld", k->base, id);
			else
				snprintf(loc, sizeof(loc), "%s", k->base);
			return web_redirect_msg(r, loc, T(r, "Added"));
		}
		r->status = 422;
		submitted(r, k, vals, NVALS);
	}
	web_page_begin(r, T(r, k->kind == IMP_LOANS ? "New loan" : "New policy"));
	snprintf(loc, sizeof(loc), "%s/new", k->base);
	form(r, k, loc, 0, vals, &m);
	web_page_end(r);
	return 0;
}

static int record(struct web_req *r, const struct kind *k, const char *idtext)
{
	struct msgs m = { 0 };
	char *own[NVALS] = { 0 };
	const char *vals[NVALS] = { 0 };
	char keyv[2][LDG_NAME_BUFSZ], key[2 * LDG_NAME_BUFSZ + 2], loc[80], title[2 * LDG_NAME_BUFSZ + 300];
	const char *kp[2] = { keyv[0], keyv[1] };
	enum imp_outcome outcome;
	sqlite3_stmt *st = NULL;
	char *end;
	long long id = strtoll(idtext, &end, 10);
	int i, rc, found = 0, may;

	if (*end || id <= 0)
		return web_error(r, 404, T(r, "No such record"));
	if (!ldg_db_prepare(r->db, k->lookup, &st, NULL)) {
		sqlite3_bind_int64(st, 1, id);
		if (sqlite3_step(st) == SQLITE_ROW) {
			snprintf(keyv[0], sizeof(keyv[0]), "%s", (const char *)sqlite3_column_text(st, 0));
			snprintf(keyv[1], sizeof(keyv[1]), "%s", (const char *)sqlite3_column_text(st, 1));
			found = 1;
		}
	}
	sqlite3_finalize(st);
	if (!found)
		return web_error(r, 404, T(r, "No such record"));
	snprintf(loc, sizeof(loc), "%s/%lld", k->base, id);
	if (strcmp(r->method, "POST") == 0) {
		if (web_require(r, LDG_RIGHT_ENTRY,
				k->kind == IMP_LOANS ? "correct a loan" : "correct a policy"))
			return 0;
		rc = submit(r, k, IMP_MODE_UPSERT, kp, &m, &outcome, key);
		if (rc < 0)
			return web_error(r, 500, T(r, "database error"));
		if (rc == 0)
			return web_redirect_msg(r, loc, outcome == IMP_UNCHANGED ? T(r, "Nothing changed")
						: T(r, "Corrected"));
		r->status = 422;
		submitted(r, k, vals, NVALS);
	} else if (record_values(r, k, kp, own, NVALS) == 0) {
		for (i = 0; i < NVALS; i++)
			vals[i] = own[i];
	}
	snprintf(title, sizeof(title), "%s %s/%s", T(r, k->one), keyv[0], keyv[1]);
	web_page_begin(r, title);
	may = ldg_role_may(r->s.role, LDG_RIGHT_ENTRY);
	if (may) {
		form(r, k, loc, 1, vals, &m);
	} else {
		const char *const *cols = imp_columns(k->kind);

		html(&r->h, "<dl>");
		for (i = 0; cols[i] && i < NVALS; i++) {
			html(&r->h, "<dt>");
			html_txt(&r->h, cols[i]);
			html(&r->h, "</dt><dd>");
			html_txt(&r->h, vals[i] ? vals[i] : "");
			html(&r->h, "</dd>");
		}
		html(&r->h, "</dl>");
	}
	snprintf(key, sizeof(key), "%s/%s", keyv[0], keyv[1]);
	history(r, k, key);
	web_page_end(r);
	for (i = 0; i < NVALS; i++)
		free(own[i]);
	return 0;
}

/* page_entry: rest is "new" or an id. */
int page_entry(struct web_req *r, int policies, const char *rest)
{
	const struct kind *k = &kinds[policies ? 1 : 0];

	if (strcmp(rest, "new") == 0)
		return add(r, k);
	return record(r, k, rest);
}
