/*
 * page_log.c — GET /log (操作日志): the audit log, newest first, filtered
 * by user, action and entity; ?format=csv downloads it (auditor, reviewer,
 * admin: LDG_RIGHT_AUDIT).
 */
#include <stdio.h>
#include <string.h>

#include "ledger/db.h"
#include "web/web_int.h"

int page_log(struct web_req *r)
{
	static const char sql[] =
		"SELECT at, user, action, entity, entity_key, field, old_value, new_value, detail"
		" FROM audit_log WHERE (?1 IS NULL OR user = ?1) AND (?2 IS NULL OR action = ?2)"
		" AND (?3 IS NULL OR entity = ?3) ORDER BY id DESC LIMIT ?4";
	static const char *const heads[] = { N_("Time"), N_("User"), N_("Action"), N_("Entity"),
					     N_("Key"), N_("Field"), N_("Old value"), N_("New value"),
					     N_("Detail") };
	const char *user = web_arg(r, "user"), *action = web_arg(r, "action");
	const char *entity = web_arg(r, "entity"), *format = web_arg(r, "format");
	int csv = format && strcmp(format, "csv") == 0, i;
	struct html *h = &r->h;
	sqlite3_stmt *st = NULL;

	if (strcmp(r->method, "POST") == 0)
		return web_error(r, 405, T(r, "Method not allowed"));
	if (csv && web_require(r, LDG_RIGHT_AUDIT, "download the audit log"))
		return 0;
	if (ldg_db_prepare(r->db, sql, &st, NULL))
		return web_error(r, 500, T(r, "database error"));
	ldg_bind_text(st, 1, user && *user ? user : NULL);
	ldg_bind_text(st, 2, action && *action ? action : NULL);
	ldg_bind_text(st, 3, entity && *entity ? entity : NULL);
	sqlite3_bind_int(st, 4, csv ? 1000000 : 500);
	if (csv) {
		r->ctype = "text/csv; charset=utf-8";
		snprintf(r->disposition, sizeof(r->disposition),
			 "attachment; filename=\"audit_log.csv\"; filename*=UTF-8''%%E6%%93%%8D%%E4%%BD%%9C%%E6%%97%%A5%%E5%%BF%%97.csv");
		html(h, "\xEF\xBB\xBF");  /* BOM: Excel reads UTF-8 */
		for (i = 0; i < 9; i++) {
			if (i)
				html(h, ",");
			html_csv(h, heads[i]);
		}
		html(h, "\r\n");
		while (sqlite3_step(st) == SQLITE_ROW) {
			for (i = 0; i < 9; i++) {
				if (i)
					html(h, ",");
				html_csv(h, (const char *)sqlite3_column_text(st, i));
			}
			html(h, "\r\n");
		}
		sqlite3_finalize(st);
		return 0;
	}
	web_page_begin(r, T(r, "Audit log"));
	html(h, "<form method=\"get\" action=\"/log\" class=\"search\"><label>");
	html_txt(h, T(r, "User"));
	html(h, " <input name=\"user\" value=\"");
	html_attr(h, user ? user : "");
	html(h, "\"></label><label>");
	html_txt(h, T(r, "Action"));
	html(h, " <input name=\"action\" value=\"");
	html_attr(h, action ? action : "");
	html(h, "\"></label><label>");
	html_txt(h, T(r, "Entity"));
	html(h, " <input name=\"entity\" value=\"");
	html_attr(h, entity ? entity : "");
	html(h, "\"></label><button>");
	html_txt(h, T(r, "Filter"));
	html(h, "</button></form>");
	if (ldg_role_may(r->s.role, LDG_RIGHT_AUDIT)) {
		html(h, "<p><a href=\"/log?format=csv\">");
		html_txt(h, T(r, "Download as CSV"));
		html(h, "</a></p>");
	}
	html(h, "<table class=\"log\"><thead><tr>");
	for (i = 0; i < 9; i++) {
		html(h, "<th>");
		html_txt(h, T(r, heads[i]));
		html(h, "</th>");
	}
	html(h, "</tr></thead><tbody>");
	while (sqlite3_step(st) == SQLITE_ROW) {
		html(h, "<tr>");
		for (i = 0; i < 9; i++) {
			html(h, "<td>");
			html_txt(h, (const char *)sqlite3_column_text(st, i));
			html(h, "</td>");
		}
		html(h, "</tr>");
	}
	html(h, "</tbody></table>");
	sqlite3_finalize(st);
	web_page_end(r);
	return 0;
}
