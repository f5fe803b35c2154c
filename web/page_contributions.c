/*
 * page_contributions.c — 贡献额与限制名单 (web.md §3): GET
 * /contributions?city=CODE&year=Y lists the city's enterprises still
 * missing a contribution for the year, each with a field to enter it;
 * POST /contributions (clerk) records one through imp_row_apply(), the
 * validator the import uses, so a figure is judged the same way whichever
 * door it comes in by.  Files of contributions and bars go through 导入.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "import/import.h"
#include "ledger/db.h"
#include "web/web_int.h"

/* The first error of a row (the message shown beside the field). */
static void first_error(void *ctx, int is_error, const struct ldg_err *m)
{
	char *buf = ctx;

	if (is_error && !buf[0])
		snprintf(buf, 1024, "%s%s%s", m->column[0] ? m->column : "", m->column[0] ? ": " : "",
			 m->msg);
}

static int enter(struct web_req *r)
{
	const char *uscc = web_field(r, "uscc"), *year = web_field(r, "year");
	const char *amount = web_field(r, "contribution"), *city = web_field(r, "city");
	struct imp_row *row = NULL;
	struct imp_sink sink;
	struct ldg_err err = { 0 };
	enum imp_outcome outcome = IMP_REJECTED;
	char msg[1024] = "", back[128];
	int rc;

	if (web_require(r, LDG_RIGHT_ENTRY, "enter contributions"))
		return 0;
	snprintf(back, sizeof(back), "/contributions?city=%.6s&year=%.4s", city ? city : "",
		 year ? year : "");
	if (strspn(back + 20, "0123456789") != 6)
		snprintf(back, sizeof(back), "/contributions");
	if (!(row = imp_row_new(IMP_CONTRIBUTIONS, NULL, 0)))
		return web_error(r, 500, T(r, "out of memory"));
	sink.fn = first_error;
	sink.ctx = msg;
	if (imp_row_set(row, "uscc", uscc ? uscc : "", "USCC", &err)
	    || imp_row_set(row, "year", year ? year : "", T(r, "Year"), &err)
	    || imp_row_set(row, "contribution_yuan", amount ? amount : "", T(r, "Contribution"), &err)) {
		imp_row_free(row);
		return web_redirect_msg(r, back, err.msg);
	}
	if ((rc = ldg_db_begin(r->db, &err)) == 0) {
		rc = imp_row_apply(r->db, row, IMP_MODE_UPSERT, 0, 0, &sink, &outcome, NULL, &err);
		if (rc || outcome == IMP_REJECTED)
			ldg_db_rollback(r->db);
		else if ((rc = ldg_db_commit(r->db, &err)))
			ldg_db_rollback(r->db);
	}
	imp_row_free(row);
	if (rc)
		return web_redirect_msg(r, back, err.msg);
	if (outcome == IMP_REJECTED)
		return web_redirect_msg(r, back, msg[0] ? msg : T(r, "The figure was refused"));
	return web_redirect_msg(r, back, T(r, "Contribution recorded"));
}

int page_contributions(struct web_req *r)
{
	static const char cities[] =
		"SELECT DISTINCT c.code, c.name FROM cities c JOIN enterprises e ON e.city = c.code"
		" ORDER BY c.code";
	static const char missing[] =
		"SELECT e.uscc, e.name FROM enterprises e WHERE e.city = ?1 AND NOT EXISTS"
		" (SELECT 1 FROM contributions k WHERE k.uscc = e.uscc AND k.year = ?2)"
		" ORDER BY e.uscc LIMIT 500";
	static const char barred[] =
		"SELECT b.uscc, e.name, b.reason FROM bars b JOIN enterprises e ON e.uscc = b.uscc"
		" WHERE e.city = ?1 AND b.year = ?2 ORDER BY b.uscc";
	const char *city = web_arg(r, "city"), *ys = web_arg(r, "year");
	struct html *h = &r->h;
	sqlite3_stmt *st = NULL;
	struct tm tm;
	int year, entry = ldg_role_may(r->s.role, LDG_RIGHT_ENTRY), k;

	if (strcmp(r->method, "POST") == 0)
		return enter(r);
	ldg_clock(&tm);
	year = ys && strlen(ys) == 4 && strspn(ys, "0123456789") == 4 ? atoi(ys) : tm.tm_year + 1900 - 1;
	web_page_begin(r, T(r, "Contributions and bars"));
	html(h, "<form method=\"get\" action=\"/contributions\" class=\"search\"><label>");
	html_txt(h, T(r, "City"));
	html(h, " <select name=\"city\">");
	if (!ldg_db_prepare(r->db, cities, &st, NULL)) {
		while (sqlite3_step(st) == SQLITE_ROW) {
			const char *code = (const char *)sqlite3_column_text(st, 0);

			html(h, "<option value=\"");
			html_attr(h, code);
			html(h, city && strcmp(city, code) == 0 ? "\" selected>" : "\">");
			html_txt(h, (const char *)sqlite3_column_text(st, 1));
			html(h, "</option>");
		}
	}
	sqlite3_finalize(st);
	st = NULL;
	html_markf(h, "</select></label><label>%s <input name=\"year\" size=\"5\" value=\"%d\"></label>"
		   "<button>", T(r, "Year"), year);
	html_txt(h, T(r, "Show"));
	html(h, "</button></form>");
	if (!city || strlen(city) != 6) {
		web_page_end(r);
		return 0;
	}
	for (k = 0; k < 2; k++) {
		html(h, "<h2>");
		html_txt(h, k == 0 ? T(r, "Enterprises still missing a contribution")
				   : T(r, "Bars (limit list)"));
		html(h, "</h2><table><thead><tr><th>USCC</th><th>");
		html_txt(h, T(r, "Enterprise"));
		html(h, "</th><th>");
		html_txt(h, k == 0 ? T(r, "Contribution") : T(r, "Reason"));
		html(h, "</th></tr></thead><tbody>");
		if (ldg_db_prepare(r->db, k == 0 ? missing : barred, &st, NULL))
			break;
		ldg_bind_text(st, 1, city);
		sqlite3_bind_int(st, 2, year);
		while (sqlite3_step(st) == SQLITE_ROW) {
			const char *uscc = (const char *)sqlite3_column_text(st, 0);

			html(h, "<tr><td>");
			html_txt(h, uscc);
			html(h, "</td><td>");
			html_txt(h, (const char *)sqlite3_column_text(st, 1));
			html(h, "</td><td>");
			if (k == 1) {
				html_txt(h, (const char *)sqlite3_column_text(st, 2));
			} else if (entry) {
				html(h, "<form method=\"post\" action=\"/contributions\">");
				web_csrf_field(r);
				html(h, "<input type=\"hidden\" name=\"uscc\" value=\"");
				html_attr(h, uscc);
				html(h, "\"><input type=\"hidden\" name=\"city\" value=\"");
				html_attr(h, city);
				html_markf(h, "\"><input type=\"hidden\" name=\"year\" value=\"%d\">", year);
				html(h, "<input name=\"contribution\" size=\"12\" placeholder=\"0.00\"> <button>");
				html_txt(h, T(r, "Record"));
				html(h, "</button></form>");
			}
			html(h, "</td></tr>");
		}
		sqlite3_finalize(st);
		st = NULL;
		html(h, "</tbody></table>");
	}
	web_page_end(r);
	return 0;
}
