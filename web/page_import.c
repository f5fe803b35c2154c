/*
 * page_import.c — 导入 (web.md §3): GET /import (the form and the
 * batches), POST /import (multipart `file`, `kind`: the upload is checked
 * with imp_file's dry run and previewed — rows new, updated, unchanged,
 * rejected, each rejected cell with its message), POST /import/ID/confirm
 * (the import itself), POST /import/batch/N/undo (import.md §4).
 *
 * The upload lands in a private temporary file (server.c, mkstemp 0600);
 * a previewed file waits for its confirmation in the server's private
 * directory under a random 128-bit name, so no address names a path.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "import/import.h"
#include "ledger/db.h"
#include "web/web_int.h"

const char *web_pending_dir(void);

/* The extension of an accepted upload (".csv", ".xlsx", ".xls"), or NULL. */
static const char *accepted(const char *name)
{
	static const char *const ext[] = { ".csv", ".xlsx", ".xls", NULL };
	size_t n = strlen(name), i;

	for (i = 0; ext[i]; i++) {
		size_t e = strlen(ext[i]);

		if (n > e && strcasecmp(name + n - e, ext[i]) == 0)
			return ext[i];
	}
	return NULL;
}

/* The sink of a preview: each rejected cell as a table row. */
struct preview {
	struct web_req *r;
	long shown;
	struct html csv;       /* the rejects, to send back to the bank */
};

static void sink_fn(void *ctx, int is_error, const struct ldg_err *m)
{
	struct preview *p = ctx;
	struct html *h = &p->r->h;

	if (is_error) {
		html_markf(&p->csv, "%ld,", m->line);
		html_csv(&p->csv, m->column);
		html(&p->csv, ",");
		html_csv(&p->csv, m->value);
		html(&p->csv, ",");
		html_csv(&p->csv, m->msg);
		html(&p->csv, "\r\n");
	}
	if (p->shown++ >= 500)
		return;
	html(h, is_error ? "<tr class=\"rejected\"><td>" : "<tr class=\"warning\"><td>");
	if (m->line)
		html_int(h, m->line);
	html(h, "</td><td class=\"cell\">");
	html_txt(h, m->column);
	html(h, "</td><td class=\"bad\">");
	html_txt(h, m->value);
	html(h, "</td><td>");
	html_txt(h, m->msg);
	html(h, "</td></tr>");
}

static void kinds_select(struct web_req *r)
{
	int k;

	html(&r->h, "<select name=\"kind\">");
	for (k = 0; k < IMP_KIND_COUNT; k++) {
		html(&r->h, "<option>");
		html_txt(&r->h, imp_kind_name((enum imp_kind)k));
		html(&r->h, "</option>");
	}
	html(&r->h, "</select>");
}

static void counts(struct web_req *r, const struct imp_report *rep)
{
	html(&r->h, "<p class=\"counts\">");
	html_markf(&r->h, "<span class=\"new\">%s %ld</span> ", T(r, "new"), rep->new_rows);
	html_markf(&r->h, "<span class=\"updated\">%s %ld</span> ", T(r, "updated"), rep->updated);
	html_markf(&r->h, "<span class=\"unchanged\">%s %ld</span> ", T(r, "unchanged"),
		   rep->unchanged);
	html_markf(&r->h, "<span class=\"rejected\">%s %ld</span>", T(r, "rejected"), rep->rejected);
	html(&r->h, "</p>");
}

static int upload(struct web_req *r)
{
	struct imp_opts o = IMP_OPTS_INIT;
	struct imp_report rep;
	struct imp_sink sink;
	struct preview pv = { r, 0, { 0 } };
	struct ldg_err err = { 0 };
	enum imp_kind kind;
	const char *ext;
	char id[LDG_TOKEN_HEXSZ], path[1024], meta[1024];
	struct html *h = &r->h;
	FILE *f;
	int rc;

	if (web_require(r, LDG_RIGHT_ENTRY, "import files"))
		return 0;
	if (!r->upload_path[0] || !r->upload_size)
		return web_error(r, 400, T(r, "No file was uploaded"));
	if (!(ext = accepted(r->upload_name)))
		return web_error(r, 415, T(r, "Unknown type of file: upload a .csv, .xlsx or .xls file"));
	if (imp_kind_parse(web_field(r, "kind") ? web_field(r, "kind") : "", &kind, &err))
		return web_error(r, 400, err.msg);
	/* keep the file for the confirmation under a random name */
	ldg_token_new(id);
	id[32] = '\0';
	snprintf(path, sizeof(path), "%s/%s%s", web_pending_dir(), id, ext);
	snprintf(meta, sizeof(meta), "%s/%s.meta", web_pending_dir(), id);
	if (rename(r->upload_path, path) != 0)
		return web_error(r, 500, T(r, "Cannot keep the upload"));
	r->upload_path[0] = '\0';
	if (!(f = fopen(meta, "w")))
		return web_error(r, 500, T(r, "Cannot keep the upload"));
	fprintf(f, "%s\n%s\n%s\n", imp_kind_name(kind), ext, r->upload_name);
	fclose(f);
	web_page_begin(r, T(r, "Import preview"));
	html(h, "<p>");
	html_txt(h, r->upload_name);
	html(h, " (");
	html_txt(h, imp_kind_name(kind));
	html(h, ")</p><table class=\"preview\"><thead><tr><th>");
	html_txt(h, T(r, "Line"));
	html(h, "</th><th>");
	html_txt(h, T(r, "Column"));
	html(h, "</th><th>");
	html_txt(h, T(r, "Value"));
	html(h, "</th><th>");
	html_txt(h, T(r, "Message"));
	html(h, "</th></tr></thead><tbody>");
	o.dry_run = 1;
	o.display_name = r->upload_name;
	sink.fn = sink_fn;
	sink.ctx = &pv;
	memset(&rep, 0, sizeof(rep));
	rc = imp_file(r->db, kind, path, &o, &rep, &sink, &err);
	html(h, "</tbody></table>");
	counts(r, &rep);
	if (rep.rejected && !pv.csv.oom) {
		char rpath[1024];

		snprintf(rpath, sizeof(rpath), "%s/%s.rejects.csv", web_pending_dir(), id);
		if ((f = fopen(rpath, "w"))) {
			/* BOM: Excel reads UTF-8; the headings in Chinese, for the bank */
			fputs("\xEF\xBB\xBF行,列,值,说明\r\n", f);
			fwrite(pv.csv.buf, 1, pv.csv.len, f);
			fclose(f);
			html(h, "<p><a href=\"/import/");
			html(h, id);
			html(h, "/rejects.csv\">");
			html_txt(h, T(r, "Download the rejected rows (CSV) to send back"));
			html(h, "</a></p>");
		}
	}
	html_release(&pv.csv);
	if (rc && !rep.rejected) {
		html(h, "<p class=\"error\">");
		html_txt(h, err.msg);
		html(h, "</p>");
	}
	if (!rc && !rep.rejected) {
		html(h, "<form method=\"post\" action=\"/import/");
		html(h, id);
		html(h, "/confirm\">");
		web_csrf_field(r);
		html(h, "<button>");
		html_txt(h, T(r, "Confirm the import"));
		html(h, "</button></form>");
	} else {
		html(h, "<p>");
		html_txt(h, T(r, "Nothing is imported while a row is rejected: correct the file and upload it again."));
		html(h, "</p>");
	}
	web_page_end(r);
	return 0;
}

static int confirm(struct web_req *r, const char *id)
{
	struct imp_opts o = IMP_OPTS_INIT;
	struct imp_report rep;
	struct ldg_err err = { 0 };
	enum imp_kind kind;
	char meta[1024], path[1024], kbuf[32] = "", ebuf[16] = "", name[300] = "", msg[700];
	FILE *f;
	size_t n;

	if (web_require(r, LDG_RIGHT_ENTRY, "import files"))
		return 0;
	if (strlen(id) != 32 || strspn(id, "0123456789abcdef") != 32)
		return web_error(r, 404, T(r, "No such upload"));
	snprintf(meta, sizeof(meta), "%s/%s.meta", web_pending_dir(), id);
	if (!(f = fopen(meta, "r")))
		return web_error(r, 404, T(r, "No such upload"));
	if (!fgets(kbuf, sizeof(kbuf), f) || !fgets(ebuf, sizeof(ebuf), f) || !fgets(name, sizeof(name), f))
		name[0] = '\0';
	fclose(f);
	kbuf[strcspn(kbuf, "\n")] = ebuf[strcspn(ebuf, "\n")] = name[strcspn(name, "\n")] = '\0';
	if (imp_kind_parse(kbuf, &kind, &err) || !accepted(name))
		return web_error(r, 404, T(r, "No such upload"));
	snprintf(path, sizeof(path), "%s/%s%s", web_pending_dir(), id, ebuf);
	o.display_name = name;
	memset(&rep, 0, sizeof(rep));
	n = 0;
	if (imp_file(r->db, kind, path, &o, &rep, NULL, &err)) {
		snprintf(msg, sizeof(msg), "%s", err.msg);
	} else {
		snprintf(msg, sizeof(msg), "%s: %ld %s, %ld %s, %ld %s", name, rep.new_rows, T(r, "new"),
			 rep.updated, T(r, "updated"), rep.unchanged, T(r, "unchanged"));
		n = 1;
	}
	unlink(path);
	unlink(meta);
	snprintf(path, sizeof(path), "%s/%s.rejects.csv", web_pending_dir(), id);
	unlink(path);
	(void)n;
	return web_redirect_msg(r, "/import", msg);
}

/* GET /import/ID/rejects.csv: the rejects of a preview, named after the
 * uploaded file ("贷款_拒收.csv"); ID is 32 hex digits, never a path. */
static int rejects(struct web_req *r, const char *idpart)
{
	char id[33], meta[1024], path[1024], kbuf[32], ebuf[16], name[300] = "";
	struct html d = { 0 };
	FILE *f;
	char *dot;

	memcpy(id, idpart, 32);
	id[32] = '\0';
	if (strspn(id, "0123456789abcdef") != 32)
		return web_error(r, 404, T(r, "No such upload"));
	snprintf(meta, sizeof(meta), "%s/%s.meta", web_pending_dir(), id);
	snprintf(path, sizeof(path), "%s/%s.rejects.csv", web_pending_dir(), id);
	if (!(f = fopen(meta, "r")))
		return web_error(r, 404, T(r, "No such upload"));
	if (!fgets(kbuf, sizeof(kbuf), f) || !fgets(ebuf, sizeof(ebuf), f) || !fgets(name, sizeof(name), f))
		name[0] = '\0';
	fclose(f);
	name[strcspn(name, "\n")] = '\0';
	if ((dot = strrchr(name, '.')))
		*dot = '\0';
	if (access(path, R_OK) != 0)
		return web_error(r, 404, T(r, "No such upload"));
	snprintf(r->file_path, sizeof(r->file_path), "%s", path);
	r->ctype = "text/csv; charset=utf-8";
	html(&d, "attachment; filename=\"rejects.csv\"; filename*=UTF-8''");
	html_url_arg(&d, name);
	html_url_arg(&d, "_拒收.csv");
	if (!d.oom)
		snprintf(r->disposition, sizeof(r->disposition), "%s", d.buf);
	html_release(&d);
	return 0;
}

static int undo(struct web_req *r, const char *num)
{
	struct ldg_err err = { 0 };
	long changed = 0;
	char *end;
	long long id = strtoll(num, &end, 10);

	if (web_require(r, LDG_RIGHT_ENTRY, "undo an import"))
		return 0;
	if (*end != '/' || id <= 0)
		return web_error(r, 404, T(r, "No such batch"));
	if (imp_undo(r->db, id, &changed, &err))
		return web_redirect_msg(r, "/import", err.msg);
	return web_redirect_msg(r, "/import", T(r, "Batch undone"));
}

int page_import(struct web_req *r, const char *rest)
{
	static const char sql[] =
		"SELECT id, kind, file_name, sha256, created_at, user, rows, new_rows, updated,"
		" unchanged, coalesce(undone_at, '') FROM import_batches ORDER BY id DESC LIMIT 100";
	struct html *h = &r->h;
	sqlite3_stmt *st = NULL;
	int i;

	if (strcmp(r->method, "POST") == 0) {
		if (rest[0] == '\0')
			return upload(r);
		if (strncmp(rest, "/batch/", 7) == 0 && strstr(rest, "/undo"))
			return undo(r, rest + 7);
		if (strlen(rest) == 1 + 32 + 8 && strcmp(rest + 33, "/confirm") == 0) {
			char id[33];

			memcpy(id, rest + 1, 32);
			id[32] = '\0';
			return confirm(r, id);
		}
		return web_error(r, 404, T(r, "No such page"));
	}
	if (strlen(rest) == 1 + 32 + 12 && strcmp(rest + 33, "/rejects.csv") == 0)
		return rejects(r, rest + 1);
	if (rest[0])
		return web_error(r, 404, T(r, "No such page"));
	web_page_begin(r, T(r, "Import"));
	if (ldg_role_may(r->s.role, LDG_RIGHT_ENTRY)) {
		html(h, "<form method=\"post\" action=\"/import\" enctype=\"multipart/form-data\" "
		     "class=\"upload\">");
		web_csrf_field(r);
		html(h, "<label>");
		html_txt(h, T(r, "Kind of file"));
		html(h, " ");
		kinds_select(r);
		html(h, "</label><label>");
		html_txt(h, T(r, "File (.csv, .xlsx, .xls)"));
		html(h, " <input type=\"file\" name=\"file\" accept=\".csv,.xlsx,.xls\" required></label><button>");
		html_txt(h, T(r, "Upload and preview"));
		html(h, "</button></form>");
	}
	html(h, "<h2>");
	html_txt(h, T(r, "Batches"));
	html(h, "</h2><table class=\"batches\"><thead><tr><th>#</th><th>");
	html_txt(h, T(r, "Kind of file"));
	html(h, "</th><th>");
	html_txt(h, T(r, "File"));
	html(h, "</th><th>SHA-256</th><th>");
	html_txt(h, T(r, "Time"));
	html(h, "</th><th>");
	html_txt(h, T(r, "User"));
	html(h, "</th><th>");
	html_txt(h, T(r, "Rows"));
	html(h, "</th><th></th></tr></thead><tbody>");
	if (!ldg_db_prepare(r->db, sql, &st, NULL)) {
		while (sqlite3_step(st) == SQLITE_ROW) {
			const char *undone = (const char *)sqlite3_column_text(st, 10);

			html(h, "<tr>");
			for (i = 0; i < 6; i++) {
				html(h, i == 3 ? "<td class=\"sha\">" : "<td>");
				html_txt(h, (const char *)sqlite3_column_text(st, i));
				html(h, "</td>");
			}
			html_markf(h, "<td>%d (+%d ~%d =%d)</td><td>", sqlite3_column_int(st, 6),
				   sqlite3_column_int(st, 7), sqlite3_column_int(st, 8),
				   sqlite3_column_int(st, 9));
			if (undone[0]) {
				html_txt(h, T(r, "undone"));
			} else if (ldg_role_may(r->s.role, LDG_RIGHT_ENTRY)) {
				html_markf(h, "<form method=\"post\" action=\"/import/batch/%lld/undo\">",
					   (long long)sqlite3_column_int64(st, 0));
				web_csrf_field(r);
				html(h, "<button>");
				html_txt(h, T(r, "Undo"));
				html(h, "</button></form>");
			}
			html(h, "</td></tr>");
		}
	}
	sqlite3_finalize(st);
	html(h, "</tbody></table>");
	web_page_end(r);
	return 0;
}
