/*
 * page_home.c — GET / (首页, web.md §3): for each city with enterprises,
 * its runs by year and their state, what blocks the next step (enterprises
 * without a contribution for the year), each with a link to act on it.
 */
#include <string.h>
#include <time.h>

#include "ledger/db.h"
#include "web/web_int.h"

int page_home(struct web_req *r)
{
	static const char cities[] =
		"SELECT c.code, c.name, count(e.uscc) FROM cities c JOIN enterprises e ON e.city = c.code"
		" GROUP BY c.code ORDER BY c.code";
	static const char runs[] =
		"SELECT year, coalesce(stage, status), computed_at, coalesce(finalized_at, '') FROM subsidy_runs"
		" WHERE city = ?1 ORDER BY year";
	static const char missing[] =
		"SELECT count(*) FROM enterprises e WHERE e.city = ?1 AND NOT EXISTS"
		" (SELECT 1 FROM contributions k WHERE k.uscc = e.uscc AND k.year = ?2)";
	struct html *h = &r->h;
	sqlite3_stmt *st = NULL, *rs = NULL, *ms = NULL;
	struct tm tm;
	int any = 0, year;

	ldg_clock(&tm);
	year = tm.tm_year + 1900 - 1;
	web_page_begin(r, T(r, "Home"));
	if (ldg_db_prepare(r->db, cities, &st, NULL) || ldg_db_prepare(r->db, runs, &rs, NULL)
	    || ldg_db_prepare(r->db, missing, &ms, NULL)) {
		web_db_failed(r);
		goto out;
	}
	html(h, "<table><thead><tr><th>");
	html_txt(h, T(r, "City"));
	html(h, "</th><th>");
	html_txt(h, T(r, "Enterprises"));
	html(h, "</th><th>");
	html_txt(h, T(r, "Subsidy runs"));
	html(h, "</th><th>");
	html_txt(h, T(r, "What blocks the next step"));
	html(h, "</th></tr></thead><tbody>");
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char *code = (const char *)sqlite3_column_text(st, 0);
		int n, last = 0;

		any = 1;
		html(h, "<tr><td>");
		html_txt(h, (const char *)sqlite3_column_text(st, 1));
		html(h, " <span class=\"code\">");
		html_txt(h, code);
		html(h, "</span></td><td class=\"num\">");
		html_int(h, sqlite3_column_int64(st, 2));
		html(h, "</td><td>");
		sqlite3_reset(rs);
		ldg_bind_text(rs, 1, code);
		while (sqlite3_step(rs) == SQLITE_ROW) {
			int y = sqlite3_column_int(rs, 0);
			/* the run's state (cycle.md §1): draft, finalized,
			 * publicized or paid — the stage once past finalize */
			const char *st8 = (const char *)sqlite3_column_text(rs, 1);

			html(h, "<a class=\"run ");
			html_attr(h, st8);
			html(h, "\" href=\"/subsidy/");
			html_url_arg(h, code);
			html_markf(h, "/%d\">%d ", y, y);
			html_txt(h, T(r, st8));
			html(h, "</a> ");
			last = y;
		}
		html(h, "<a href=\"/subsidy/");
		html_url_arg(h, code);
		html_markf(h, "/%d\">", last ? last + 1 : year);
		html_txt(h, T(r, "next year…"));
		html(h, "</a></td><td>");
		sqlite3_reset(ms);
		ldg_bind_text(ms, 1, code);
		sqlite3_bind_int(ms, 2, last ? last + 1 : year);
		n = sqlite3_step(ms) == SQLITE_ROW ? sqlite3_column_int(ms, 0) : 0;
		if (n) {
			/* a whole sentence with its numbers (gettext conventions) */
			html(h, "<a href=\"/contributions?city=");
			html_url_arg(h, code);
			html_markf(h, "&amp;year=%d\">", last ? last + 1 : year);
			html_markf(h, T(r, "%d enterprises have no contribution for %d"), n,
				   last ? last + 1 : year);
			html(h, "</a>");
		}
		html(h, "</td></tr>");
	}
	html(h, "</tbody></table>");
	if (!any) {
		html(h, "<p>");
		html_txt(h, T(r, "No enterprise is recorded yet: start with an import."));
		html(h, " <a href=\"/import\">");
		html_txt(h, T(r, "Import"));
		html(h, "</a></p>");
	}
out:
	sqlite3_finalize(st);
	sqlite3_finalize(rs);
	sqlite3_finalize(ms);
	web_page_end(r);
	return 0;
}
