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
#include <locale.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "import/import.h"
#include "import/table.h"
#include "ledger/db.h"
#include "web/web_int.h"

const char *web_pending_dir(void);

/*
 * The kind of an upload told by its bytes, never its name (table.h): a
 * zip is offered to the .xlsx reader, an OLE2 compound file to the .xls
 * reader, text (no NUL byte in its first 4 KiB, or a UTF-16 BOM) is CSV.
 * Returns the extension the file is kept under, or NULL: not a table.
 */
static const char *sniff(const char *path)
{
	static const unsigned char zip[] = { 'P', 'K', 3, 4 };
	static const unsigned char ole[] = { 0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1 };
	unsigned char b[4096];
	size_t n;
	FILE *f = fopen(path, "rb");

	if (!f)
		return NULL;
	n = fread(b, 1, sizeof(b), f);
	fclose(f);
	if (n >= 4 && memcmp(b, zip, 4) == 0)
		return ".xlsx";
	if (n >= 8 && memcmp(b, ole, 8) == 0)
		return ".xls";
	if (n >= 2 && ((b[0] == 0xFF && b[1] == 0xFE) || (b[0] == 0xFE && b[1] == 0xFF)))
		return ".csv";
	if (n && !memchr(b, 0, n))
		return ".csv";
	return NULL;
}

/* The extension a kept upload may have (confirm's check of its .meta). */
static int kept_ext(const char *ext)
{
	return strcmp(ext, ".csv") == 0 || strcmp(ext, ".xlsx") == 0 || strcmp(ext, ".xls") == 0;
}

/*
 * A preview runs as a job (web.md §1: long work reports progress and
 * never blocks other pages): a detached worker thread with its own SQLite
 * connection runs imp_file's dry run; the page of the job (GET /import/ID)
 * shows its progress and refreshes itself (<meta http-equiv=refresh>, no
 * script) until it is done, then shows the preview.  Jobs live in memory,
 * at most JOBS_MAX of them, JOBS_RUNNING_MAX running; a finished one is
 * kept until it is confirmed or an hour has passed.
 */
#define JOBS_MAX 32
#define JOBS_RUNNING_MAX 2
#define JOB_KEEP_SECONDS 3600
#define PREVIEW_ROWS_SHOWN 500

struct job {
	char id[33];
	char user[64];
	char lang[4];              /* the page's language: the job's messages in it */
	char name[300];            /* the uploaded file's name */
	char ext[16];
	char path[1024];
	enum imp_kind kind;
	int confirm;               /* 0: a preview (dry run); 1: the import */
	int running;               /* under jobs_mu */
	long rows;                 /* progress, under jobs_mu */
	long long bytes, total;
	time_t started, finished;
	/* written by the worker only; read once running is 0 */
	struct html table;         /* <tr> of the rejected cells and warnings */
	struct html csv;           /* the rejects, to send back to the bank */
	long shown;
	struct imp_report rep;
	int rc;
	char msg[1024];
	int has_rejects_file;
};

static pthread_mutex_t jobs_mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t jobs_cv = PTHREAD_COND_INITIALIZER;
static struct job *jobs[JOBS_MAX];

static void job_free(struct job *j)
{
	if (!j)
		return;
	html_release(&j->table);
	html_release(&j->csv);
	free(j);
}

/* The job of id, or NULL (under jobs_mu). */
static struct job *job_find(const char *id)
{
	int i;

	for (i = 0; i < JOBS_MAX; i++)
		if (jobs[i] && strcmp(jobs[i]->id, id) == 0)
			return jobs[i];
	return NULL;
}

/* Forget job id (its files stay for confirm to remove). */
static void job_forget(const char *id)
{
	int i;

	pthread_mutex_lock(&jobs_mu);
	for (i = 0; i < JOBS_MAX; i++)
		if (jobs[i] && strcmp(jobs[i]->id, id) == 0 && !jobs[i]->running) {
			job_free(jobs[i]);
			jobs[i] = NULL;
		}
	pthread_mutex_unlock(&jobs_mu);
}

/* The sink of a preview: each rejected cell as a table row.  A
 * workbook's message begins "cell G12: ": the cell goes in its own column. */
static void sink_fn(void *ctx, int is_error, const struct ldg_err *m)
{
	struct job *j = ctx;
	struct html *h = &j->table;
	const char *msg = m->msg;
	char cell[16] = "";

	/* "cell G12: " in English, "单元格 G12：" in Chinese (import.c) */
	{
		static const struct { const char *open, *close; } forms[] = {
			{ "cell ", ": " }, { "单元格 ", "：" },
		};
		size_t f;

		for (f = 0; f < sizeof(forms) / sizeof(forms[0]); f++) {
			size_t o = strlen(forms[f].open), c = strlen(forms[f].close), n;

			if (strncmp(msg, forms[f].open, o) != 0)
				continue;
			n = strspn(msg + o, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789");
			if (n && n < sizeof(cell) && strncmp(msg + o + n, forms[f].close, c) == 0) {
				memcpy(cell, msg + o, n);
				cell[n] = '\0';
				msg += o + n + c;
				break;
			}
		}
	}
	if (is_error) {
		html_markf(&j->csv, "%ld,", m->line);
		html_csv(&j->csv, cell);
		html(&j->csv, ",");
		html_csv(&j->csv, m->column);
		html(&j->csv, ",");
		html_csv(&j->csv, m->value);
		html(&j->csv, ",");
		html_csv(&j->csv, msg);
		html(&j->csv, "\r\n");
	}
	if (j->shown++ >= PREVIEW_ROWS_SHOWN)
		return;
	html(h, is_error ? "<tr class=\"rejected\"><td>" : "<tr class=\"warning\"><td>");
	if (m->line)
		html_int(h, m->line);
	html(h, "</td><td class=\"ref\">");
	html_txt(h, cell);
	html(h, "</td><td class=\"cell\">");
	html_txt(h, m->column);
	html(h, "</td><td class=\"bad\">");
	html_txt(h, m->value);
	html(h, "</td><td>");
	html_txt(h, msg);
	html(h, "</td></tr>");
}

static void progress_fn(void *ctx, long rows, long long bytes, long long total)
{
	struct job *j = ctx;

	pthread_mutex_lock(&jobs_mu);
	j->rows = rows;
	j->bytes = bytes;
	j->total = total;
	pthread_mutex_unlock(&jobs_mu);
}

static void *job_run(void *arg)
{
	struct job *j = arg;
	struct imp_opts o = IMP_OPTS_INIT;
	struct imp_sink sink = { sink_fn, j };
	struct ldg_err err = { 0 };
	locale_t loc = (locale_t)0;
	sqlite3 *db;
	FILE *f;

	ldg_user_set(j->user);
	/* the messages (a cell's error, a lock's refusal) in the page's
	 * language, as server.c does for a request: English is a thread
	 * locale whose LC_MESSAGES is "C"; Chinese is the process's */
	if (strcmp(j->lang, "en") == 0 && (loc = newlocale(LC_ALL_MASK, "C", (locale_t)0)))
		uselocale(loc);
	o.dry_run = !j->confirm;
	o.display_name = j->name;
	o.progress = progress_fn;
	o.progress_ctx = j;
	memset(&j->rep, 0, sizeof(j->rep));
	if (!(db = web_thread_db())) {
		j->rc = LDG_EDB;
		snprintf(j->msg, sizeof(j->msg), "%s", _("The database cannot be opened"));
	} else {
		j->rc = imp_file(db, j->kind, j->path, &o, &j->rep, j->confirm ? NULL : &sink, &err);
		snprintf(j->msg, sizeof(j->msg), "%s", err.msg);
	}
	if (j->confirm) {
		/* the upload is imported (or refused): its files go */
		char p[1024];

		unlink(j->path);
		snprintf(p, sizeof(p), "%s/%s.meta", web_pending_dir(), j->id);
		unlink(p);
		snprintf(p, sizeof(p), "%s/%s.rejects.csv", web_pending_dir(), j->id);
		unlink(p);
	}
	if (!j->confirm && j->rep.rejected && !j->csv.oom) {
		char rpath[1024];

		snprintf(rpath, sizeof(rpath), "%s/%s.rejects.csv", web_pending_dir(), j->id);
		if ((f = fopen(rpath, "w"))) {
			/* BOM: Excel reads UTF-8; the headings in Chinese, for the bank */
			fputs("\xEF\xBB\xBF行,单元格,列,值,说明\r\n", f);
			fwrite(j->csv.buf, 1, j->csv.len, f);
			j->has_rejects_file = fclose(f) == 0;
		}
	}
	html_release(&j->csv);
	ldg_user_set(NULL);
	if (loc) {
		uselocale(LC_GLOBAL_LOCALE);
		freelocale(loc);
	}
	pthread_mutex_lock(&jobs_mu);
	j->running = 0;
	j->finished = time(NULL);
	pthread_cond_broadcast(&jobs_cv);
	pthread_mutex_unlock(&jobs_mu);
	return NULL;
}

/* Take a slot for a new job: 0, or 1 when too many are running. */
static int job_add(struct job *j)
{
	time_t now = time(NULL);
	int i, running = 0, slot = -1, rc = 1;

	pthread_mutex_lock(&jobs_mu);
	for (i = 0; i < JOBS_MAX; i++)
		if (jobs[i] && strcmp(jobs[i]->id, j->id) == 0) {
			if (jobs[i]->running) {
				pthread_mutex_unlock(&jobs_mu);
				return 2;
			}
			job_free(jobs[i]);          /* the preview, replaced by the import */
			jobs[i] = NULL;
		}
	for (i = 0; i < JOBS_MAX; i++) {
		if (jobs[i] && !jobs[i]->running && now - jobs[i]->finished > JOB_KEEP_SECONDS) {
			job_free(jobs[i]);
			jobs[i] = NULL;
		}
		if (jobs[i] && jobs[i]->running)
			running++;
		if (!jobs[i] && slot < 0)
			slot = i;
	}
	if (running < JOBS_RUNNING_MAX && slot >= 0) {
		jobs[slot] = j;
		j->running = 1;
		rc = 0;
	}
	pthread_mutex_unlock(&jobs_mu);
	return rc;
}

/* Run job j (added) in a detached worker thread: 0, or 1 when no thread
 * could be made (the job is then dropped by a later job_add). */
static int job_start(struct job *j)
{
	pthread_attr_t attr;
	pthread_t th;
	int rc;

	pthread_attr_init(&attr);
	pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
	pthread_attr_setstacksize(&attr, 2 * 1024 * 1024);
	rc = pthread_create(&th, &attr, job_run, j);
	pthread_attr_destroy(&attr);
	if (rc) {
		pthread_mutex_lock(&jobs_mu);
		j->running = 0;
		j->finished = 0;
		pthread_mutex_unlock(&jobs_mu);
		return 1;
	}
	return 0;
}

/* Wait up to JOB_WAIT_SECONDS for job j (the caller holds jobs_mu):
 * 0 when it has ended, 1 when it still runs. */
#define JOB_WAIT_SECONDS 2
static int job_wait(struct job *j)
{
	struct timespec until;

	clock_gettime(CLOCK_REALTIME, &until);
	until.tv_sec += JOB_WAIT_SECONDS;
	while (j->running && pthread_cond_timedwait(&jobs_cv, &jobs_mu, &until) == 0)
		;
	return j->running;
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

/* What an import did, in the page's language (the caller holds jobs_mu). */
static void job_summary(struct web_req *r, const struct job *j, char *buf, size_t n)
{
	if (j->rc)
		snprintf(buf, n, "%s", j->msg);
	else
		snprintf(buf, n, "%s: %ld %s, %ld %s, %ld %s", j->name, j->rep.new_rows, T(r, "new"),
			 j->rep.updated, T(r, "updated"), j->rep.unchanged, T(r, "unchanged"));
}

/* The page of a job: its progress (refreshing), or its preview, or what
 * the import did.  The caller holds jobs_mu. */
static int job_page(struct web_req *r, struct job *j)
{
	struct html *h = &r->h;

	if (j->running) {
		r->refresh = 1;
		web_page_begin(r, j->confirm ? T(r, "Importing") : T(r, "Import preview"));
		html(h, "<p>");
		html_txt(h, j->name);
		html(h, " (");
		html_txt(h, imp_kind_name(j->kind));
		html(h, ")</p><p class=\"progress\">");
		html_txt(h, j->confirm ? T(r, "Importing the file") : T(r, "Checking the file"));
		html_markf(h, ": %ld %s", j->rows, T(r, "rows"));
		if (j->total > 0 && j->bytes <= j->total)
			html_markf(h, ", %d%%", (int)(j->bytes * 100 / j->total));
		html(h, "</p>");
		if (j->total > 0 && j->bytes <= j->total)
			html_markf(h, "<progress max=\"%lld\" value=\"%lld\"></progress>", j->total,
				   j->bytes);
		html(h, "<p>");
		html_txt(h, T(r, "This page reloads itself until the preview is ready; other pages can be used meanwhile."));
		html(h, "</p>");
		web_page_end(r);
		return 0;
	}
	if (j->confirm) {
		char msg[1400];

		job_summary(r, j, msg, sizeof(msg));
		web_page_begin(r, T(r, "Import"));
		html(h, j->rc ? "<p class=\"error\">" : "<p class=\"flash\">");
		html_txt(h, msg);
		html(h, "</p><p><a href=\"/import\">");
		html_txt(h, T(r, "Back to the imports"));
		html(h, "</a></p>");
		web_page_end(r);
		return 0;
	}
	web_page_begin(r, T(r, "Import preview"));
	html(h, "<p>");
	html_txt(h, j->name);
	html(h, " (");
	html_txt(h, imp_kind_name(j->kind));
	html(h, ")</p><table class=\"preview\"><thead><tr><th>");
	html_txt(h, T(r, "Line"));
	html(h, "</th><th>");
	html_txt(h, T(r, "Cell"));
	html(h, "</th><th>");
	html_txt(h, T(r, "Column"));
	html(h, "</th><th>");
	html_txt(h, T(r, "Value"));
	html(h, "</th><th>");
	html_txt(h, T(r, "Message"));
	html(h, "</th></tr></thead><tbody>");
	if (!j->table.oom && j->table.len)
		html_raw(h, j->table.buf, j->table.len);
	html(h, "</tbody></table>");
	if (j->shown > PREVIEW_ROWS_SHOWN)
		html_markf(h, "<p>%s: %ld</p>", T(r, "Messages not shown here (see the rejects file)"),
			   j->shown - PREVIEW_ROWS_SHOWN);
	counts(r, &j->rep);
	if (j->has_rejects_file) {
		html(h, "<p><a href=\"/import/");
		html(h, j->id);
		html(h, "/rejects.csv\">");
		html_txt(h, T(r, "Download the rejected rows (CSV) to send back"));
		html(h, "</a></p>");
	}
	if (j->rc && !j->rep.rejected) {
		html(h, "<p class=\"error\">");
		html_txt(h, j->msg);
		html(h, "</p>");
	}
	if (!j->rc && !j->rep.rejected) {
		html(h, "<form method=\"post\" action=\"/import/");
		html(h, j->id);
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

/* GET /import/ID: the job's page, for the user who uploaded it. */
static int show_job(struct web_req *r, const char *id)
{
	struct job *j;
	int rc;

	if (web_require(r, LDG_RIGHT_ENTRY, "import files"))
		return 0;
	pthread_mutex_lock(&jobs_mu);
	j = job_find(id);
	if (!j || strcmp(j->user, r->s.user) != 0) {
		pthread_mutex_unlock(&jobs_mu);
		return web_error(r, 404, T(r, "No such upload"));
	}
	rc = job_page(r, j);
	pthread_mutex_unlock(&jobs_mu);
	return rc;
}

static int upload(struct web_req *r)
{
	struct ldg_err err = { 0 };
	struct imp_table *t = NULL;
	enum imp_kind kind;
	const char *ext;
	char meta[1024];
	struct job *j;
	FILE *f;
	int rc;

	if (web_require(r, LDG_RIGHT_ENTRY, "import files"))
		return 0;
	if (!r->upload_path[0] || !r->upload_size)
		return web_error(r, 400, T(r, "No file was uploaded"));
	if (!(ext = sniff(r->upload_path)))
		return web_error(r, 415, T(r, "Unknown type of file: upload a .csv, .xlsx or .xls file"));
	if (imp_kind_parse(web_field(r, "kind") ? web_field(r, "kind") : "", &kind, &err))
		return web_error(r, 400, err.msg);
	/* a zip or OLE2 file that is no workbook is refused here, with what it is */
	if (strcmp(ext, ".csv") != 0) {
		rc = imp_table_open(r->upload_path, NULL, 0, r->upload_name, IMP_ENC_AUTO, NULL, &t, &err);
		imp_table_close(t);
		if (rc == LDG_EINPUT)
			return web_error(r, 415, err.msg);
		if (rc)
			return web_error(r, 500, T(r, "Cannot read the upload"));
	}
	if (!(j = calloc(1, sizeof(*j))))
		return web_error(r, 503, T(r, "Out of memory"));
	/* keep the file for the confirmation under a random name */
	ldg_token_new(j->id);
	j->id[32] = '\0';
	snprintf(j->user, sizeof(j->user), "%s", r->s.user);
	snprintf(j->lang, sizeof(j->lang), "%s", r->lang ? r->lang : "zh");
	snprintf(j->name, sizeof(j->name), "%s", r->upload_name);
	snprintf(j->ext, sizeof(j->ext), "%s", ext);
	j->kind = kind;
	j->started = time(NULL);
	snprintf(j->path, sizeof(j->path), "%s/%s%s", web_pending_dir(), j->id, ext);
	snprintf(meta, sizeof(meta), "%s/%s.meta", web_pending_dir(), j->id);
	if (rename(r->upload_path, j->path) != 0) {
		job_free(j);
		return web_error(r, 500, T(r, "Cannot keep the upload"));
	}
	r->upload_path[0] = '\0';
	if (!(f = fopen(meta, "w"))) {
		unlink(j->path);
		job_free(j);
		return web_error(r, 500, T(r, "Cannot keep the upload"));
	}
	fprintf(f, "%s\n%s\n%s\n", imp_kind_name(kind), ext, r->upload_name);
	fclose(f);
	if (job_add(j)) {
		unlink(j->path);
		unlink(meta);
		job_free(j);
		return web_error(r, 503, T(r, "Other files are being checked; upload this one again in a minute"));
	}
	if (job_start(j)) {
		unlink(j->path);
		unlink(meta);
		return web_error(r, 503, T(r, "Cannot start the check of the file"));
	}
	/* a small file's preview comes in this answer; a large one's page
	 * shows its progress */
	pthread_mutex_lock(&jobs_mu);
	if (!job_wait(j)) {
		rc = job_page(r, j);
		pthread_mutex_unlock(&jobs_mu);
		return rc;
	}
	pthread_mutex_unlock(&jobs_mu);
	{
		char loc[64];

		snprintf(loc, sizeof(loc), "/import/%s", j->id);
		return web_redirect(r, loc);
	}
}

static int confirm(struct web_req *r, const char *id)
{
	struct ldg_err err = { 0 };
	enum imp_kind kind;
	char meta[1024], kbuf[32] = "", ebuf[16] = "", name[300] = "", msg[1400], loc[64];
	struct job *j;
	FILE *f;
	int rc;

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
	if (imp_kind_parse(kbuf, &kind, &err) || !kept_ext(ebuf))
		return web_error(r, 404, T(r, "No such upload"));
	/* the import is a job too: a 100 000-row file shows its progress */
	if (!(j = calloc(1, sizeof(*j))))
		return web_error(r, 503, T(r, "Out of memory"));
	snprintf(j->id, sizeof(j->id), "%s", id);
	snprintf(j->user, sizeof(j->user), "%s", r->s.user);
	snprintf(j->lang, sizeof(j->lang), "%s", r->lang ? r->lang : "zh");
	snprintf(j->name, sizeof(j->name), "%s", name);
	snprintf(j->ext, sizeof(j->ext), "%s", ebuf);
	snprintf(j->path, sizeof(j->path), "%s/%s%s", web_pending_dir(), id, ebuf);
	j->kind = kind;
	j->confirm = 1;
	j->started = time(NULL);
	if ((rc = job_add(j))) {
		job_free(j);
		return rc == 2 ? web_error(r, 409, T(r, "The file is still being checked"))
		       : web_error(r, 503, T(r, "Other files are being checked; upload this one again in a minute"));
	}
	if (job_start(j))
		return web_error(r, 503, T(r, "Cannot start the check of the file"));
	pthread_mutex_lock(&jobs_mu);
	if (!job_wait(j)) {
		/* done within the wait: back to the imports with the summary */
		job_summary(r, j, msg, sizeof(msg));
		pthread_mutex_unlock(&jobs_mu);
		job_forget(id);
		return web_redirect_msg(r, "/import", msg);
	}
	pthread_mutex_unlock(&jobs_mu);
	snprintf(loc, sizeof(loc), "/import/%s", id);
	return web_redirect(r, loc);
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
	if (strlen(rest) == 1 + 32 && strspn(rest + 1, "0123456789abcdef") == 32)
		return show_job(r, rest + 1);
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
		html_markf(h, " <input type=\"file\" name=\"file\" accept=\".csv,.xlsx,.xls\" required></label>"
			   "<small>%s %ld MiB</small><button>", T(r, "at most"), WEB_UPLOAD_MAX / (1024 * 1024));
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
