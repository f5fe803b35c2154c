/*
 * page_lists.c — the searches and records of web.md §3 (企业/贷款/保单):
 * GET /enterprises?q=, /enterprises/USCC (with its history from the audit
 * log), /loans?q=, /policies?q=, and /targets (目标进度, an SVG chart).
 * One helper renders a query as a table; every cell goes through html_txt
 * or html_fen.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ledger/db.h"
#include "ledger/search.h"
#include "web/web_int.h"

#define LIST_MAX 200
/* rows of a search's page (web.md §5 load: a page of 200 rows was most of
 * a search's time); ?page=N pages on */
#define LIST_PAGE 50

/* The page number of ?page=N (1 when absent or out of range). */
static int page_no(struct web_req *r)
{
	const char *arg = web_arg(r, "page");
	int n = arg ? atoi(arg) : 1;

	return n < 1 || n > 100000 ? 1 : n;
}

/* <table> with headings heads (msgids) and the opening of its body. */
static void table_begin(struct web_req *r, const char *const *heads, int ncols)
{
	struct html *h = &r->h;
	int i;

	html(h, "<table><thead><tr>");
	for (i = 0; i < ncols; i++) {
		html(h, "<th>");
		html_txt(h, T(r, heads[i]));
		html(h, "</th>");
	}
	html(h, "</tr></thead><tbody>");
}

/*
 * One row of the table from the result row of st: columns in money_mask
 * are fen; column link_col (-1: none) links to link_prefix + its value.
 */
static void table_row(struct web_req *r, sqlite3_stmt *st, int ncols, unsigned money_mask,
		      int link_col, const char *link_prefix)
{
	struct html *h = &r->h;
	int i;

	html(h, "<tr>");
	for (i = 0; i < ncols; i++) {
		const char *v = (const char *)sqlite3_column_text(st, i);

		if (money_mask & (1u << i)) {
			html(h, "<td class=\"num\">");
			if (sqlite3_column_type(st, i) != SQLITE_NULL)
				html_fen(h, sqlite3_column_int64(st, i));
		} else if (i == link_col && v) {
			html(h, "<td><a href=\"");
			html(h, link_prefix);
			html_url_arg(h, v);
			html(h, "\">");
			html_txt(h, v);
			html(h, "</a>");
		} else {
			html(h, "<td>");
			html_txt(h, v);
		}
		html(h, "</td>");
	}
	html(h, "</tr>");
}

/* The end of the table and the links to the pages before and after
 * (more: a row follows this page). */
static void table_end(struct web_req *r, const char *q, int pageno, int more)
{
	struct html *h = &r->h;

	html(h, "</tbody></table>");
	if (pageno > 1 || more) {
		html(h, "<p class=\"pages\">");
		if (pageno > 1) {
			html(h, "<a rel=\"prev\" href=\"?q=");
			html_url_arg(h, q ? q : "");
			html_markf(h, "&amp;page=%d\">", pageno - 1);
			html_txt(h, T(r, "Previous page"));
			html(h, "</a> ");
		}
		html_markf(h, "%d ", pageno);
		if (more) {
			html(h, "<a rel=\"next\" href=\"?q=");
			html_url_arg(h, q ? q : "");
			html_markf(h, "&amp;page=%d\">", pageno + 1);
			html_txt(h, T(r, "Next page"));
			html(h, "</a>");
		}
		html(h, "</p>");
	}
}

/*
 * Run sql (?1 = the LIKE pattern of q, or '%' for everything; ?2 the rows
 * to read, ?3 the rows to skip) and write a table of ncols columns with
 * headings heads (msgids), a page of LIST_PAGE rows.
 */
static void table(struct web_req *r, const char *sql, const char *q, const char *const *heads,
		  int ncols, unsigned money_mask, int link_col, const char *link_prefix)
{
	struct html pat = { 0 };
	sqlite3_stmt *st = NULL;
	int rows = 0, pageno = page_no(r);

	html(&pat, "%");
	if (q && *q) {
		/* LIKE's own wildcards in q are matched literally */
		const char *p;

		for (p = q; *p; p++) {
			if (*p == '%' || *p == '_' || *p == '\\')
				html_raw(&pat, "\\", 1);
			html_raw(&pat, p, 1);
		}
		html(&pat, "%");
	}
	if (pat.oom || ldg_db_prepare(r->db, sql, &st, NULL)) {
		web_db_failed(r);
		goto out;
	}
	ldg_bind_text(st, 1, pat.buf);
	sqlite3_bind_int(st, 2, LIST_PAGE + 1);   /* one more: is there a next page? */
	sqlite3_bind_int(st, 3, (pageno - 1) * LIST_PAGE);
	table_begin(r, heads, ncols);
	while (sqlite3_step(st) == SQLITE_ROW) {
		if (++rows > LIST_PAGE)
			break;
		table_row(r, st, ncols, money_mask, link_col, link_prefix);
	}
	table_end(r, q, pageno, rows > LIST_PAGE);
out:
	sqlite3_finalize(st);
	html_release(&pat);
}

/* A link to a new record's form, for a role that may enter data. */
static void new_link(struct web_req *r, const char *href, const char *label)
{
	if (!ldg_role_may(r->s.role, LDG_RIGHT_ENTRY))
		return;
	html(&r->h, "<p><a class=\"new\" href=\"");
	html(&r->h, href);
	html(&r->h, "\">");
	html_txt(&r->h, label);
	html(&r->h, "</a></p>");
}

static void search_form(struct web_req *r, const char *action, const char *q)
{
	struct html *h = &r->h;

	html(h, "<form method=\"get\" action=\"");
	html(h, action);
	html(h, "\" class=\"search\"><input name=\"q\" value=\"");
	html_attr(h, q ? q : "");
	html(h, "\"><button>");
	html_txt(h, T(r, "Search"));
	html(h, "</button></form>");
}

static int enterprise(struct web_req *r, const char *uscc)
{
	static const char one[] =
		"SELECT e.uscc, e.name, c.name, e.industry FROM enterprises e"
		" JOIN cities c ON c.code = e.city WHERE e.uscc = ?1";
	static const char *const lh[] = { N_("Bank"), N_("Contract"), N_("Principal"),
					  N_("Start"), N_("Maturity"), N_("Settled") };
	static const char loans[] =
		"SELECT b.name, l.contract_no, l.principal_fen, l.start_date, l.maturity_date,"
		" l.settle_date FROM loans l JOIN banks b ON b.id = l.bank_id"
		" WHERE l.uscc = ?3 AND ?1 = ?1 ORDER BY l.start_date LIMIT ?2";
	static const char *const hh[] = { N_("Time"), N_("User"), N_("Action"), N_("Entity"),
					  N_("Field"), N_("Old value"), N_("New value") };
	/* the enterprise's own rows and those of its records "USCC/…" ('0'
	 * follows '/'): two ranges of the index audit_entity_key (migrate 12) */
	static const char hist[] =
		"SELECT at, user, action, entity, field, old_value, new_value FROM audit_log"
		" WHERE (entity_key = ?3 OR (entity_key > ?3 || '/' AND entity_key < ?3 || '0'))"
		" AND ?1 = ?1"
		" ORDER BY id DESC LIMIT ?2";
	struct html *h = &r->h;
	sqlite3_stmt *st = NULL;
	char title[300];

	if (ldg_db_prepare(r->db, one, &st, NULL))
		return web_error(r, 500, T(r, "database error"));
	ldg_bind_text(st, 1, uscc);
	if (sqlite3_step(st) != SQLITE_ROW) {
		sqlite3_finalize(st);
		return web_error(r, 404, T(r, "No such enterprise"));
	}
	snprintf(title, sizeof(title), "%s", (const char *)sqlite3_column_text(st, 1));
	web_page_begin(r, title);
	html(h, "<dl><dt>USCC</dt><dd>");
	html_txt(h, (const char *)sqlite3_column_text(st, 0));
	html(h, "</dd><dt>");
	html_txt(h, T(r, "City"));
	html(h, "</dt><dd>");
	html_txt(h, (const char *)sqlite3_column_text(st, 2));
	html(h, "</dd><dt>");
	html_txt(h, T(r, "Industry"));
	html(h, "</dt><dd>");
	html_txt(h, (const char *)sqlite3_column_text(st, 3));
	html(h, "</dd></dl>");
	sqlite3_finalize(st);
	/* the table() helper binds only ?1 and ?2; these queries use ?3 too */
	{
		const char *sqls[2] = { loans, hist };
		const char *const *heads[2] = { lh, hh };
		const char *titles[2] = { N_("Loans"), N_("History") };
		int ncols[2] = { 6, 7 }, k;

		for (k = 0; k < 2; k++) {
			sqlite3_stmt *q = NULL;
			int i;

			html(h, "<h2>");
			html_txt(h, T(r, titles[k]));
			html(h, "</h2>");
			if (ldg_db_prepare(r->db, sqls[k], &q, NULL))
				continue;
			ldg_bind_text(q, 1, "%");
			sqlite3_bind_int(q, 2, LIST_MAX);
			ldg_bind_text(q, 3, uscc);
			html(h, k ? "<table class=\"history\"><thead><tr>" : "<table><thead><tr>");
			for (i = 0; i < ncols[k]; i++) {
				html(h, "<th>");
				html_txt(h, T(r, heads[k][i]));
				html(h, "</th>");
			}
			html(h, "</tr></thead><tbody>");
			while (sqlite3_step(q) == SQLITE_ROW) {
				html(h, "<tr>");
				for (i = 0; i < ncols[k]; i++) {
					if (k == 0 && i == 2) {
						html(h, "<td class=\"num\">");
						html_fen(h, sqlite3_column_int64(q, i));
					} else {
						html(h, "<td>");
						html_txt(h, (const char *)sqlite3_column_text(q, i));
					}
					html(h, "</td>");
				}
				html(h, "</tr>");
			}
			html(h, "</tbody></table>");
			sqlite3_finalize(q);
		}
	}
	web_page_end(r);
	return 0;
}

int page_enterprises(struct web_req *r, const char *uscc)
{
	static const char *const heads[] = { "USCC", N_("Name"), N_("City"), N_("Industry") };
	static const char one[] =
		"SELECT e.uscc, e.name, c.name, e.industry FROM enterprises e"
		" JOIN cities c ON c.code = e.city WHERE e.uscc = ?1";
	const char *q = web_arg(r, "q");
	sqlite3_stmt *st = NULL;
	struct ldg_err err = { 0 };
	char (*found)[LDG_SEARCH_USCC_MAX] = NULL;
	size_t n = 0, i;
	int pageno = page_no(r);

	if (uscc)
		return enterprise(r, uscc);
	web_page_begin(r, T(r, "Enterprises"));
	search_form(r, "/enterprises", q);
	/* the matches from memory (ledger/search.h: name or USCC, by USCC),
	 * then each row by its USCC; one more: is there a next page? */
	if (!(found = malloc((LIST_PAGE + 1) * sizeof(*found)))
	    || ldg_search_enterprises(web_search(), q ? q : "", (size_t)(pageno - 1) * LIST_PAGE,
				      found, LIST_PAGE + 1, &n, &err)
	    || ldg_db_prepare(r->db, one, &st, NULL)) {
		web_db_failed(r);
		goto out;
	}
	table_begin(r, heads, 4);
	for (i = 0; i < n && i < LIST_PAGE; i++) {
		sqlite3_reset(st);
		ldg_bind_text(st, 1, found[i]);
		if (sqlite3_step(st) == SQLITE_ROW)
			table_row(r, st, 4, 0, 0, "/enterprises/");
	}
	table_end(r, q, pageno, n > LIST_PAGE);
out:
	sqlite3_finalize(st);
	free(found);
	web_page_end(r);
	return 0;
}

int page_loans(struct web_req *r)
{
	static const char *const heads[] = { "#", N_("Bank"), N_("Contract"), "USCC", N_("Enterprise"),
					     N_("Principal"), N_("Start"), N_("Maturity") };
	static const char one[] =
		"SELECT l.id, b.name, l.contract_no, l.uscc, e.name, l.principal_fen, l.start_date,"
		" l.maturity_date FROM loans l JOIN banks b ON b.id = l.bank_id"
		" JOIN enterprises e ON e.uscc = l.uscc WHERE l.id = ?1";
	const char *q = web_arg(r, "q");
	sqlite3_stmt *st = NULL;
	struct ldg_err err = { 0 };
	int64_t ids[LIST_PAGE + 1];       /* one more: is there a next page? */
	size_t n = 0, i;
	int pageno = page_no(r);

	web_page_begin(r, T(r, "Loans"));
	new_link(r, "/loans/new", T(r, "New loan"));
	search_form(r, "/loans", q);
	/* the matches from memory (ledger/search.h: contract, enterprise
	 * name or USCC, bank, right number), then each row by its id */
	if (ldg_search_loans(web_search(), q ? q : "", (size_t)(pageno - 1) * LIST_PAGE, ids,
			     LIST_PAGE + 1, &n, &err)
	    || ldg_db_prepare(r->db, one, &st, NULL)) {
		web_db_failed(r);
		goto out;
	}
	table_begin(r, heads, 8);
	for (i = 0; i < n && i < LIST_PAGE; i++) {
		sqlite3_reset(st);
		sqlite3_bind_int64(st, 1, ids[i]);
		/* a loan undone since the snapshot is simply not there */
		if (sqlite3_step(st) == SQLITE_ROW)
			table_row(r, st, 8, 1u << 5, 0, "/loans/");
	}
	table_end(r, q, pageno, n > LIST_PAGE);
out:
	sqlite3_finalize(st);
	web_page_end(r);
	return 0;
}

int page_policies(struct web_req *r)
{
	static const char *const heads[] = { "#", N_("Insurer"), N_("Policy"), "USCC", N_("Enterprise"),
					     N_("Premium"), N_("Paid") };
	static const char sql[] =
		"SELECT p.id, i.name, p.policy_no, p.uscc, e.name, p.premium_fen, p.paid_date"
		" FROM policies p JOIN insurers i ON i.id = p.insurer_id"
		" JOIN enterprises e ON e.uscc = p.uscc"
		" WHERE p.policy_no LIKE ?1 ESCAPE '\\' OR e.name LIKE ?1 ESCAPE '\\'"
		" OR i.name LIKE ?1 ESCAPE '\\' OR p.uscc LIKE ?1 ESCAPE '\\'"
		" ORDER BY p.paid_date DESC LIMIT ?2 OFFSET ?3";
	const char *q = web_arg(r, "q");

	web_page_begin(r, T(r, "Policies"));
	new_link(r, "/policies/new", T(r, "New policy"));
	search_form(r, "/policies", q);
	table(r, sql, q, heads, 7, 1u << 5, 0, "/policies/");
	web_page_end(r);
	return 0;
}

int page_targets(struct web_req *r)
{
	static const char sql[] =
		"SELECT c.name, t.metric, t.year_from, t.year_to, t.target_fen FROM targets t"
		" JOIN cities c ON c.code = t.city ORDER BY t.city, t.metric, t.year_from";
	struct html *h = &r->h;
	sqlite3_stmt *st = NULL;
	int64_t max = 1;
	int n = 0, i;

	web_page_begin(r, T(r, "Targets"));
	if (ldg_db_prepare(r->db, sql, &st, NULL)) {
		web_page_end(r);
		return 0;
	}
	while (sqlite3_step(st) == SQLITE_ROW) {
		if (sqlite3_column_int64(st, 4) > max)
			max = sqlite3_column_int64(st, 4);
		n++;
	}
	sqlite3_reset(st);
	/* a bar per target, drawn in the page (web.md §3: SVG) */
	html_markf(h, "<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" width=\"900\" "
		   "height=\"%d\" role=\"img\">", 24 * n + 10);
	for (i = 0; sqlite3_step(st) == SQLITE_ROW; i++) {
		int64_t v = sqlite3_column_int64(st, 4);
		long w = (long)(v * 500 / max);

		html_markf(h, "<text x=\"0\" y=\"%d\" font-size=\"12\">", 24 * i + 18);
		html_txt(h, (const char *)sqlite3_column_text(st, 0));
		html(h, " ");
		html_txt(h, (const char *)sqlite3_column_text(st, 1));
		html_markf(h, " %d–%d</text>", sqlite3_column_int(st, 2), sqlite3_column_int(st, 3));
		html_markf(h, "<rect x=\"300\" y=\"%d\" width=\"%ld\" height=\"16\" fill=\"#4a7ab5\"/>",
			   24 * i + 5, w < 1 ? 1 : w);
		html_markf(h, "<text x=\"%ld\" y=\"%d\" font-size=\"12\">", 305 + w, 24 * i + 18);
		html_fen(h, v);
		html(h, "</text>");
	}
	html(h, "</svg>");
	sqlite3_finalize(st);
	web_page_end(r);
	return 0;
}
