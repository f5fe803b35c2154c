/*
 * page_reports.c — 报表 (web.md §3): GET /reports lists the workbooks of
 * each city and year; GET /reports/subsidy/CODE/YEAR.xlsx (and
 * /reports/targets/CODE/YEAR.xlsx, /reports/ledger.xlsx) writes the
 * workbook into a private temporary directory and sends it under its
 * Chinese file name.  An address is parsed to a code and a year, never
 * used as a path, so no download name can leave its directory.
 */
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ledger/db.h"
#include "reports/report.h"
#include "web/web_int.h"

const char *web_pending_dir(void);

/* Content-Disposition with an ASCII fallback and the UTF-8 name (RFC 6266). */
static void disposition(struct web_req *r, const char *ascii, const char *utf8)
{
	struct html d = { 0 };

	html(&d, "attachment; filename=\"");
	html(&d, ascii);
	html(&d, "\"; filename*=UTF-8''");
	html_url_arg(&d, utf8);
	if (!d.oom)
		snprintf(r->disposition, sizeof(r->disposition), "%s", d.buf);
	html_release(&d);
}

static int send_report(struct web_req *r, const char *what, const char *code_in, const char *yfile)
{
	struct rpt_opts o;
	struct ldg_err err = { 0 };
	char code[8] = "", name[64] = "", ascii[96], utf8[192], path[300];
	int year = 0, i, rc;

	if (strlen(code_in) != 6 || strspn(code_in, "0123456789") != 6
	    || ldg_city_resolve(r->db, code_in, code, name, sizeof(name), &err))
		return web_error(r, 404, T(r, "No such city"));
	for (i = 0; i < 4; i++) {
		if (yfile[i] < '0' || yfile[i] > '9')
			return web_error(r, 404, T(r, "No such report"));
		year = year * 10 + (yfile[i] - '0');
	}
	if (strcmp(yfile + 4, ".xlsx") != 0)
		return web_error(r, 404, T(r, "No such report"));
	memset(&o, 0, sizeof(o));
	o.city = code;
	o.year = year;
	o.from_day = INT32_MIN;
	o.to_day = INT32_MAX;
	o.as_of_day = INT32_MIN;
	ldg_token_new(ascii);
	snprintf(path, sizeof(path), "%s/r-%.32s.xlsx", web_pending_dir(), ascii);
	if (strcmp(what, "subsidy") == 0) {
		rc = rpt_subsidy_write(r->db, &o, path, &err);
		snprintf(ascii, sizeof(ascii), "subsidy_%s_%d.xlsx", code, year);
		snprintf(utf8, sizeof(utf8), "%s%d年补助兑付清单.xlsx", name, year);
	} else if (strcmp(what, "targets") == 0) {
		rc = rpt_targets_write(r->db, &o, path, &err);
		snprintf(ascii, sizeof(ascii), "targets_%s_%d.xlsx", code, year);
		snprintf(utf8, sizeof(utf8), "%s%d年目标进度.xlsx", name, year);
	} else {
		return web_error(r, 404, T(r, "No such report"));
	}
	if (rc) {
		unlink(path);
		return web_error(r, rc == LDG_ENOTFOUND ? 404 : 500, err.msg);
	}
	snprintf(r->file_path, sizeof(r->file_path), "%s", path);
	r->file_temp = 1;
	r->ctype = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
	disposition(r, ascii, utf8);
	return 0;
}

int page_reports(struct web_req *r, const char *rest)
{
	static const char sql[] =
		"SELECT r.city, c.name, r.year, r.status FROM subsidy_runs r"
		" JOIN cities c ON c.code = r.city ORDER BY r.city, r.year";
	char buf[256], *seg[4], *save = NULL, *p;
	size_t n = 0;
	struct html *h = &r->h;
	sqlite3_stmt *st = NULL;

	if (rest[0]) {
		snprintf(buf, sizeof(buf), "%s", rest);
		for (p = strtok_r(buf, "/", &save); p && n < 4; p = strtok_r(NULL, "/", &save))
			seg[n++] = p;
		if (n != 3)
			return web_error(r, 404, T(r, "No such report"));
		return send_report(r, seg[0], seg[1], seg[2]);
	}
	web_page_begin(r, T(r, "Reports"));
	html(h, "<ul class=\"reports\">");
	if (!ldg_db_prepare(r->db, sql, &st, NULL))
		while (sqlite3_step(st) == SQLITE_ROW) {
			const char *code = (const char *)sqlite3_column_text(st, 0);
			int y = sqlite3_column_int(st, 2);

			html(h, "<li>");
			html_txt(h, (const char *)sqlite3_column_text(st, 1));
			html_markf(h, " %d: <a href=\"/reports/subsidy/", y);
			html_url_arg(h, code);
			html_markf(h, "/%d.xlsx\">", y);
			html_txt(h, T(r, "disbursement list"));
			html(h, "</a> · <a href=\"/reports/targets/");
			html_url_arg(h, code);
			html_markf(h, "/%d.xlsx\">", y);
			html_txt(h, T(r, "targets"));
			html(h, "</a></li>");
		}
	sqlite3_finalize(st);
	html(h, "</ul>");
	web_page_end(r);
	return 0;
}
