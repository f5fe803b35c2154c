/*
 * server.c — the workbench's HTTP side on libmicrohttpd: binding (loopback
 * unless TLS or --insecure-http), per-thread database connections, the
 * POST body (forms and one uploaded file, size-limited), sessions from
 * the cookie, the CSRF check of every POST (Fossil's login.c), routing,
 * and the answer with its security headers.
 */
#include <arpa/inet.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <locale.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "ledger/db.h"
#include "ledger/search.h"
#include "web/web.h"
#include "web/web_int.h"

#if MHD_VERSION < 0x00097002
typedef int MHD_RESULT;
#else
typedef enum MHD_Result MHD_RESULT;
#endif

#define COOKIE_SESSION "pledger_session"
#define COOKIE_PRE     "pledger_pre"

static const char *g_db_path;
static char g_pending[300];   /* private directory (0700) for uploads and workbooks */
static FILE *g_log;
/* the loan search's snapshot, shared by every connection thread */
static struct ldg_search *g_search;
static int g_tls;

/* ---- one database connection per connection thread ----
 *
 * libmicrohttpd runs each HTTP connection in its own thread
 * (MHD_USE_THREAD_PER_CONNECTION, at most CONN_LIMIT of them), so a long
 * preview holds only its own connection and every other page goes on.  The
 * thread takes an SQLite connection on its first request; the key's
 * destructor gives it back when the thread ends with its HTTP connection.
 * Connections given back wait in a pool (at most POOL_MAX) for the next
 * thread: a browser that opens a new HTTP connection per page costs no
 * sqlite3_open, schema check and prepare per page (web.md §5 load).
 */

#define CONN_LIMIT 64
#define POOL_MAX 16
static pthread_key_t db_key;
static pthread_once_t db_once = PTHREAD_ONCE_INIT;
static pthread_mutex_t pool_mu = PTHREAD_MUTEX_INITIALIZER;
static sqlite3 *pool[POOL_MAX];
static int pool_n;

static void db_close_cb(void *p)
{
	sqlite3 *db = p;

	/* a connection goes back only when no transaction is left open */
	if (db && sqlite3_get_autocommit(db)) {
		pthread_mutex_lock(&pool_mu);
		if (pool_n < POOL_MAX) {
			pool[pool_n++] = db;
			db = NULL;
		}
		pthread_mutex_unlock(&pool_mu);
	}
	ldg_db_close(db);
}

/* Close the pooled connections (the server stops). */
static void pool_drain(void)
{
	pthread_mutex_lock(&pool_mu);
	while (pool_n > 0)
		ldg_db_close(pool[--pool_n]);
	pthread_mutex_unlock(&pool_mu);
}

static void db_key_make(void)
{
	pthread_key_create(&db_key, db_close_cb);
}

static sqlite3 *thread_db(void)
{
	struct ldg_err err = { 0 };
	sqlite3 *db = NULL;

	pthread_once(&db_once, db_key_make);
	if ((db = pthread_getspecific(db_key)))
		return db;
	pthread_mutex_lock(&pool_mu);
	if (pool_n > 0)
		db = pool[--pool_n];
	pthread_mutex_unlock(&pool_mu);
	if (!db && ldg_db_open(g_db_path, 0, &db, &err)) {
		if (g_log)
			fprintf(g_log, "pledger serve: %s\n", err.msg);
		return NULL;
	}
	pthread_setspecific(db_key, db);
	return db;
}

sqlite3 *web_thread_db(void)
{
	return thread_db();
}

struct ldg_search *web_search(void)
{
	return g_search;
}

/* ---- small helpers for pages ---- */

const char *web_field(struct web_req *r, const char *name)
{
	size_t i;

	for (i = 0; i < r->nfields; i++)
		if (strcmp(r->fields[i].name, name) == 0)
			return r->fields[i].value;
	return NULL;
}

const char *web_arg(struct web_req *r, const char *name)
{
	return MHD_lookup_connection_value(r->conn, MHD_GET_ARGUMENT_KIND, name);
}

int web_redirect(struct web_req *r, const char *location)
{
	r->status = 303;
	snprintf(r->location, sizeof(r->location), "%s", location);
	return 0;
}

int web_redirect_msg(struct web_req *r, const char *location, const char *msg)
{
	struct html u = { 0 };

	html(&u, location);
	html(&u, strchr(location, '?') ? "&msg=" : "?msg=");
	html_url_arg(&u, msg);
	web_redirect(r, u.oom ? location : u.buf);
	html_release(&u);
	return 0;
}

int web_error(struct web_req *r, unsigned status, const char *message)
{
	r->h.len = 0;
	if (r->h.buf)
		r->h.buf[0] = '\0';
	r->status = status;
	web_page_begin(r, status == 403 ? T(r, "Not allowed") : status == 404 ? T(r, "Not found")
			  : T(r, "Error"));
	html(&r->h, "<p class=\"error\">");
	html_txt(&r->h, message);
	html(&r->h, "</p>");
	web_page_end(r);
	return 0;
}

/* web_db_failed: see web_int.h. */
void web_db_failed(struct web_req *r)
{
	r->status = 500;
	html(&r->h, "<p class=\"error\">");
	html_txt(&r->h, T(r, "database error"));
	html(&r->h, "</p>");
}

int web_require(struct web_req *r, enum ldg_perm right, const char *what)
{
	struct ldg_err err = { 0 };

	char msg[768];

	if (!ldg_role_check(r->s.user, r->s.role, right, what, &err))
		return 0;
	snprintf(msg, sizeof(msg), "%s (%s)", T(r, "Your role does not allow this"), err.msg);
	web_error(r, 403, msg);
	return 1;
}

void web_csrf_field(struct web_req *r)
{
	html(&r->h, "<input type=\"hidden\" name=\"csrf\" value=\"");
	html_attr(&r->h, r->s.csrf);
	html(&r->h, "\">");
}

/* The navigation: label, address, the right needed to see it. */
static const struct nav {
	const char *label;
	const char *href;
	enum ldg_perm right;
} nav[] = {
	{ N_("Home"), "/", LDG_RIGHT_READ },
	{ N_("Import"), "/import", LDG_RIGHT_READ },
	{ N_("Enterprises"), "/enterprises", LDG_RIGHT_READ },
	{ N_("Loans"), "/loans", LDG_RIGHT_READ },
	{ N_("Policies"), "/policies", LDG_RIGHT_READ },
	{ N_("Contributions"), "/contributions", LDG_RIGHT_READ },
	{ N_("Targets"), "/targets", LDG_RIGHT_READ },
	{ N_("Reports"), "/reports", LDG_RIGHT_READ },
	{ N_("Audit log"), "/log", LDG_RIGHT_READ },
	{ N_("Users"), "/users", LDG_RIGHT_ADMIN },
};

/* Words the pages translate from data (role and row status names), so
 * that xgettext finds them (`make pot`). */
static const char *const data_words[] = {
	N_("clerk"), N_("reviewer"), N_("admin"), N_("auditor"),
	N_("ok"), N_("blocked"), N_("barred"),
	N_("publicized"), N_("paid"),
};

void web_page_begin(struct web_req *r, const char *title)
{
	struct html *h = &r->h;
	const char *msg = web_arg(r, "msg");
	size_t i;

	(void)data_words;
	html(h, "<!DOCTYPE html>\n<html lang=\"");
	html(h, strcmp(r->lang, "en") == 0 ? "en" : "zh-CN");
	html(h, "\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" "
	     "content=\"width=device-width\"><title>");
	html_txt(h, title);
	html(h, " — pledger</title>");
	if (r->refresh > 0)
		html_markf(h, "<meta http-equiv=\"refresh\" content=\"%d\">", r->refresh);
	html(h, "<link rel=\"stylesheet\" href=\"/static/style.css\"></head>\n<body>");
	if (r->signed_in) {
		html(h, "<nav><span class=\"brand\">pledger</span>");
		for (i = 0; i < sizeof(nav) / sizeof(nav[0]); i++) {
			if (!ldg_role_may(r->s.role, nav[i].right))
				continue;
			html(h, "<a href=\"");
			html(h, nav[i].href);
			html(h, "\">");
			html_txt(h, T(r, nav[i].label));
			html(h, "</a>");
		}
		html(h, "<form method=\"post\" action=\"/logout\" class=\"who\">");
		html_txt(h, r->s.user);
		html(h, " (");
		html_txt(h, T(r, ldg_role_name(r->s.role)));
		html(h, ") ");
		web_csrf_field(r);
		html(h, "<button>");
		html_txt(h, T(r, "Sign out"));
		html(h, "</button></form></nav>");
	}
	html(h, "\n<main><h1>");
	html_txt(h, title);
	html(h, "</h1>\n");
	if (msg && *msg) {
		html(h, "<p class=\"flash\">");
		html_txt(h, msg);
		html(h, "</p>\n");
	}
}

void web_page_end(struct web_req *r)
{
	html(&r->h, "</main></body></html>\n");
}

/* ---- the POST body ---- */

static int add_field(struct web_req *r, const char *key, const char *data, uint64_t off,
		     size_t size)
{
	struct web_field *f = NULL;
	size_t i;
	char *v;

	for (i = 0; i < r->nfields; i++)
		if (strcmp(r->fields[i].name, key) == 0) {
			f = &r->fields[i];
			break;
		}
	if (!f) {
		if (r->nfields == WEB_FIELDS_MAX || off != 0)
			return -1;
		f = &r->fields[r->nfields];
		if (!(f->name = strdup(key)))
			return -1;
		f->value = NULL;
		f->len = 0;
		r->nfields++;
	}
	if (f->len + size > WEB_FORM_MAX || !(v = realloc(f->value, f->len + size + 1)))
		return -1;
	memcpy(v + f->len, data, size);
	f->len += size;
	v[f->len] = '\0';
	f->value = v;
	return 0;
}

static MHD_RESULT post_iter(void *cls, enum MHD_ValueKind kind, const char *key,
			    const char *filename, const char *content_type,
			    const char *transfer_encoding, const char *data, uint64_t off,
			    size_t size)
{
	struct web_req *r = cls;

	(void)kind; (void)content_type; (void)transfer_encoding;
	if (filename && strcmp(key, "file") == 0) {
		if (r->upload_fd < 0 && !r->upload_path[0]) {
			/* in the server's private directory (0700), itself 0600 */
			snprintf(r->upload_path, sizeof(r->upload_path), "%s/upload-XXXXXX", g_pending);
			/* a private file: mkstemp makes it 0600 */
			if ((r->upload_fd = mkstemp(r->upload_path)) < 0) {
				r->upload_path[0] = '\0';
				return MHD_NO;
			}
			snprintf(r->upload_name, sizeof(r->upload_name), "%s", filename);
		}
		if (r->upload_size + size > (size_t)WEB_UPLOAD_MAX) {
			r->too_big = 1;
			return MHD_NO;
		}
		if (size && write(r->upload_fd, data, size) != (ssize_t)size)
			return MHD_NO;
		r->upload_size += size;
		return MHD_YES;
	}
	if (filename)
		return MHD_YES;  /* another file field: ignored */
	return add_field(r, key, data, off, size) ? MHD_NO : MHD_YES;
}

static void req_free(struct web_req *r)
{
	size_t i;

	if (!r)
		return;
	if (r->pp)
		MHD_destroy_post_processor(r->pp);
	for (i = 0; i < r->nfields; i++) {
		free(r->fields[i].name);
		free(r->fields[i].value);
	}
	if (r->upload_fd >= 0)
		close(r->upload_fd);
	if (r->upload_path[0])
		unlink(r->upload_path);
	html_release(&r->h);
	free(r);
}

static void completed(void *cls, struct MHD_Connection *conn, void **con_cls,
		      enum MHD_RequestTerminationCode toe)
{
	(void)cls; (void)conn; (void)toe;
	req_free(*con_cls);
	*con_cls = NULL;
}

/* ---- sending ---- */

static void cookie(struct web_req *r, int slot, const char *name, const char *value, int max_age)
{
	snprintf(r->cookie[slot], sizeof(r->cookie[slot]),
		 "%s=%s; Path=/; HttpOnly; SameSite=Strict%s%s", name, value,
		 r->tls ? "; Secure" : "", max_age == 0 ? "; Max-Age=0" : "");
}

static MHD_RESULT answer(struct web_req *r)
{
	struct MHD_Response *resp = NULL;
	MHD_RESULT ret;
	int i;

	if (r->h.oom) {
		r->status = 500;
		r->h.len = 0;
	}
	if (!r->status)
		r->status = 200;
	if (r->file_path[0]) {
		int fd = open(r->file_path, O_RDONLY | O_CLOEXEC);
		struct stat sb;

		if (fd >= 0 && fstat(fd, &sb) == 0)
			resp = MHD_create_response_from_fd((uint64_t)sb.st_size, fd);
		else if (fd >= 0)
			close(fd);
		if (r->file_temp)
			unlink(r->file_path);  /* the open descriptor keeps it */
		if (!resp) {
			r->status = 500;
			r->file_path[0] = '\0';
		}
	}
	if (!resp)
		resp = MHD_create_response_from_buffer(r->h.len, r->h.buf ? r->h.buf : (char *)"",
						       MHD_RESPMEM_MUST_COPY);
	if (!resp)
		return MHD_NO;
	MHD_add_response_header(resp, "Content-Type",
				r->ctype ? r->ctype : "text/html; charset=utf-8");
	MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(resp, "X-Frame-Options", "DENY");
	MHD_add_response_header(resp, "Referrer-Policy", "same-origin");
	MHD_add_response_header(resp, "Content-Security-Policy",
				"default-src 'self'; script-src 'self'; object-src 'none'; "
				"frame-ancestors 'none'; form-action 'self'; base-uri 'none'");
	MHD_add_response_header(resp, "Cache-Control", "no-store");
	if (r->status == 303)
		MHD_add_response_header(resp, "Location", r->location);
	if (r->disposition[0])
		MHD_add_response_header(resp, "Content-Disposition", r->disposition);
	for (i = 0; i < 2; i++)
		if (r->cookie[i][0])
			MHD_add_response_header(resp, "Set-Cookie", r->cookie[i]);
	ret = MHD_queue_response(r->conn, r->status, resp);
	MHD_destroy_response(resp);
	return ret;
}

/* ---- routing ---- */

/* "/a/b/c" split into at most n segments in seg (pointing into buf). */
static size_t split(const char *url, char *buf, size_t bufsz, char **seg, size_t n)
{
	size_t k = 0;
	char *p, *save = NULL;

	snprintf(buf, bufsz, "%s", url);
	for (p = strtok_r(buf, "/", &save); p && k < n; p = strtok_r(NULL, "/", &save))
		seg[k++] = p;
	return k;
}

/* A year of the address: four digits, else 0. */
static int year_of(const char *s)
{
	int i, y = 0;

	for (i = 0; i < 4; i++) {
		if (s[i] < '0' || s[i] > '9')
			return 0;
		y = y * 10 + (s[i] - '0');
	}
	return s[4] ? 0 : y;
}

static int route(struct web_req *r)
{
	char buf[1024], *seg[8];
	size_t n = split(r->url, buf, sizeof(buf), seg, 8);
	int post = strcmp(r->method, "POST") == 0;

	if (n == 0)
		return post ? web_error(r, 405, T(r, "Method not allowed")) : page_home(r);
	if (strcmp(seg[0], "logout") == 0 && n == 1)
		return post ? page_logout(r) : web_redirect(r, "/");
	if (strcmp(seg[0], "subsidy") == 0 && (n == 3 || n == 4) && year_of(seg[2])) {
		if (n == 4 && !post)
			return web_error(r, 405, T(r, "Method not allowed"));
		return page_subsidy(r, seg[1], year_of(seg[2]), n == 4 ? seg[3] : NULL);
	}
	if (strcmp(seg[0], "explain") == 0 && n == 4 && year_of(seg[2]) && !post)
		return page_explain(r, seg[1], year_of(seg[2]), seg[3]);
	if (strcmp(seg[0], "users") == 0 && n <= 3)
		return page_users(r);
	if (strcmp(seg[0], "log") == 0 && n == 1)
		return page_log(r);
	if (strcmp(seg[0], "enterprises") == 0 && n <= 2 && !post)
		return page_enterprises(r, n == 2 ? seg[1] : NULL);
	if (strcmp(seg[0], "loans") == 0 && n == 1 && !post)
		return page_loans(r);
	if ((strcmp(seg[0], "loans") == 0 || strcmp(seg[0], "policies") == 0) && n == 2)
		return page_entry(r, seg[0][0] == 'p', seg[1]);
	if (strcmp(seg[0], "policies") == 0 && n == 1 && !post)
		return page_policies(r);
	if (strcmp(seg[0], "contributions") == 0 && n == 1)
		return page_contributions(r);
	if (strcmp(seg[0], "targets") == 0 && n == 1 && !post)
		return page_targets(r);
	if (strcmp(seg[0], "import") == 0)
		return page_import(r, r->url + strlen("/import"));
	if (strcmp(seg[0], "reports") == 0 && !post)
		return page_reports(r, r->url + strlen("/reports"));
	return web_error(r, 404, T(r, "No such page"));
}

/* Constant-time comparison of two NUL-terminated tokens. */
static int same_token(const char *a, const char *b)
{
	size_t n = strlen(a), i;
	unsigned char d = 0;

	if (!n || n != strlen(b))
		return 0;
	for (i = 0; i < n; i++)
		d |= (unsigned char)(a[i] ^ b[i]);
	return d == 0;
}

/*
 * The messages the ledger builds (ldg_err_set(err, code, _("…"))) in the
 * page's language, for this thread only: English is a thread locale whose
 * LC_MESSAGES is "C" (gettext then ignores LANGUAGE and returns the
 * msgid); Chinese is the process's (ldg_lang_init("zh_CN") in serve).
 * Returns the locale to free (or (locale_t)0).
 */
static locale_t lang_thread_begin(const char *lang)
{
	locale_t l;

	if (!lang || strcmp(lang, "en") != 0)
		return (locale_t)0;
	if ((l = newlocale(LC_ALL_MASK, "C", (locale_t)0)))
		uselocale(l);
	return l;
}

static void lang_thread_end(locale_t l)
{
	if (l) {
		uselocale(LC_GLOBAL_LOCALE);
		freelocale(l);
	}
}

static MHD_RESULT handle(void *cls, struct MHD_Connection *conn, const char *url,
			 const char *method, const char *version, const char *upload_data,
			 size_t *upload_data_size, void **con_cls)
{
	struct web_req *r = *con_cls;
	MHD_RESULT ret;
	locale_t loc;

	(void)cls; (void)version;
	if (!r) {
		const char *cl, *tok;

		if (!(r = calloc(1, sizeof(*r))))
			return MHD_NO;
		*con_cls = r;
		r->conn = conn;
		r->upload_fd = -1;
		r->method = method;
		r->url = url;
		r->tls = g_tls;
		r->lang = ldg_lang_accept(MHD_lookup_connection_value(conn, MHD_HEADER_KIND,
								       "Accept-Language"));
		if (strcmp(method, "GET") != 0 && strcmp(method, "POST") != 0
		    && strcmp(method, "HEAD") != 0) {
			web_error(r, 405, T(r, "Method not allowed"));
			return answer(r);
		}
		/* static assets need no session */
		if (strcmp(url, "/static/style.css") == 0) {
			r->ctype = "text/css; charset=utf-8";
			html(&r->h, (const char *)web_style_css);
			return answer(r);
		}
		if (!(r->db = thread_db())) {
			web_error(r, 503, T(r, "The database cannot be opened"));
			return answer(r);
		}
		tok = MHD_lookup_connection_value(conn, MHD_COOKIE_KIND, COOKIE_SESSION);
		if (tok && ldg_session_get(r->db, tok, time(NULL), &r->s, NULL) == 0) {
			r->signed_in = 1;
			snprintf(r->token, sizeof(r->token), "%s", tok);
		}
		/* web.md §4: without a session, everything but /login is 303 */
		if (!r->signed_in && strcmp(url, "/login") != 0) {
			web_redirect(r, "/login");
			return answer(r);
		}
		cl = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Content-Length");
		if (cl && strtoull(cl, NULL, 10) > (unsigned long long)WEB_UPLOAD_MAX + 65536) {
			web_error(r, 413, T(r, "The upload is too large"));
			return answer(r);
		}
		if (strcmp(method, "POST") == 0) {
			r->pp = MHD_create_post_processor(conn, 64 * 1024, post_iter, r);
			if (!r->pp) {
				web_error(r, 415, T(r, "Unknown form encoding"));
				return answer(r);
			}
		}
		return MHD_YES;
	}
	if (*upload_data_size) {
		r->body_bytes += *upload_data_size;
		if (r->body_bytes > (size_t)WEB_UPLOAD_MAX + 65536)
			r->too_big = 1;
		if (!r->too_big && r->pp
		    && MHD_post_process(r->pp, upload_data, *upload_data_size) != MHD_YES
		    && r->upload_size + 65536 > (size_t)WEB_UPLOAD_MAX)
			r->too_big = 1;
		*upload_data_size = 0;
		return MHD_YES;
	}
	if (r->status)     /* answered on the first call */
		return answer(r);
	if (r->upload_fd >= 0) {
		close(r->upload_fd);
		r->upload_fd = -1;
	}
	if (r->signed_in)
		ldg_user_set(r->s.user);
	loc = lang_thread_begin(r->lang);
	if (r->too_big) {
		web_error(r, 413, T(r, "The upload is too large"));
	} else if (strcmp(method, "POST") == 0 && strcmp(url, "/login") != 0
		   && !same_token(web_field(r, "csrf") ? web_field(r, "csrf") : "", r->s.csrf)) {
		/* Fossil's login_verify_csrf_secret: every POST carries it */
		web_error(r, 403, T(r, "The form's security token is missing or wrong; reload the page"));
	} else if (strcmp(url, "/login") == 0) {
		page_login(r);
	} else {
		route(r);
	}
	lang_thread_end(loc);
	ldg_user_set(NULL);
	ret = answer(r);
	return ret;
}

/* ---- the login page's own CSRF (before a session exists) ---- */

/* page_login.c needs the cookie helpers: */
void web_login_cookies(struct web_req *r, const char *session_token, const char *pre_token);
const char *web_pre_token(struct web_req *r);

void web_login_cookies(struct web_req *r, const char *session_token, const char *pre_token)
{
	if (session_token)
		cookie(r, 0, COOKIE_SESSION, session_token[0] ? session_token : "x",
		       session_token[0] ? -1 : 0);
	if (pre_token)
		cookie(r, 1, COOKIE_PRE, pre_token, -1);
}

const char *web_pre_token(struct web_req *r)
{
	return MHD_lookup_connection_value(r->conn, MHD_COOKIE_KIND, COOKIE_PRE);
}

/* ---- serving ---- */

const char *web_pending_dir(void);
const char *web_pending_dir(void)
{
	return g_pending;
}

/* Remove the private directory and what is left in it. */
static void pending_remove(void)
{
	DIR *d;
	struct dirent *e;
	char p[600];

	if (!g_pending[0] || !(d = opendir(g_pending)))
		return;
	while ((e = readdir(d)))
		if (e->d_name[0] != '.') {
			snprintf(p, sizeof(p), "%s/%s", g_pending, e->d_name);
			unlink(p);
		}
	closedir(d);
	rmdir(g_pending);
	g_pending[0] = '\0';
}

static int loopback(const struct in_addr *a)
{
	return (ntohl(a->s_addr) >> 24) == 127;
}

static char *slurp(const char *path, struct ldg_err *err)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	long n;

	if (!f) {
		ldg_err_set(err, LDG_EIO, _("cannot read '%s': %s"), path, strerror(errno));
		return NULL;
	}
	if (fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) >= 0 && n < 1024 * 1024
	    && fseek(f, 0, SEEK_SET) == 0 && (buf = malloc((size_t)n + 1))) {
		if (fread(buf, 1, (size_t)n, f) == (size_t)n) {
			buf[n] = '\0';
		} else {
			free(buf);
			buf = NULL;
		}
	}
	fclose(f);
	if (!buf)
		ldg_err_set(err, LDG_EIO, _("cannot read '%s'"), path);
	return buf;
}

int web_serve(const struct web_opts *o, volatile sig_atomic_t *stop, FILE *log,
	      struct ldg_err *err)
{
	struct sockaddr_in sa;
	struct MHD_Daemon *d = NULL;
	const union MHD_DaemonInfo *info;
	char host[64] = "127.0.0.1", *colon, *cert = NULL, *key = NULL;
	unsigned long port = 8080;
	unsigned flags = MHD_USE_THREAD_PER_CONNECTION | MHD_USE_INTERNAL_POLLING_THREAD
			 | MHD_USE_ERROR_LOG;
	sqlite3 *db = NULL;
	int rc = 0;

	if (o->listen) {
		char *end;

		if (snprintf(host, sizeof(host), "%s", o->listen) >= (int)sizeof(host)
		    || !(colon = strrchr(host, ':')))
			return ldg_err_set(err, LDG_EUSAGE, _("bad address '%s': ADDR:PORT, e.g. 127.0.0.1:8080"),
					   o->listen);
		*colon = '\0';
		errno = 0;
		port = strtoul(colon + 1, &end, 10);
		if (errno || *end || end == colon + 1 || port > 65535)
			return ldg_err_set(err, LDG_EUSAGE, _("bad port in '%s'"), o->listen);
		if (strcmp(host, "localhost") == 0)
			snprintf(host, sizeof(host), "127.0.0.1");
	}
	memset(&sa, 0, sizeof(sa));
	sa.sin_family = AF_INET;
	sa.sin_port = htons((uint16_t)port);
	if (inet_pton(AF_INET, host, &sa.sin_addr) != 1)
		return ldg_err_set(err, LDG_EUSAGE, _("bad address '%s': an IPv4 address"), host);
	if ((o->cert_path != NULL) != (o->key_path != NULL))
		return ldg_err_set(err, LDG_EUSAGE, _("--cert and --key go together"));
	g_tls = o->cert_path != NULL;
	/* web.md §1: plain HTTP leaves the machine only when asked for */
	if (!g_tls && !loopback(&sa.sin_addr) && !o->insecure_http)
		return ldg_err_set(err, LDG_EUSAGE,
				   _("refusing plain HTTP on non-loopback address %s: give --cert and --key, "
				   "or --insecure-http behind a TLS proxy"), host);
	/* the database must be there before anyone connects */
	if ((rc = ldg_db_open(o->db_path, 0, &db, err)))
		return rc;
	ldg_db_close(db);
	g_db_path = o->db_path;
	g_log = log;
	{
		const char *tmp = getenv("TMPDIR");

		snprintf(g_pending, sizeof(g_pending), "%s/pledger-web-XXXXXX", tmp && *tmp ? tmp : "/tmp");
		if (!mkdtemp(g_pending)) {
			g_pending[0] = '\0';
			return ldg_err_set(err, LDG_EIO, _("cannot make a private directory: %s"),
					   strerror(errno));
		}
	}
	if (g_tls) {
		if (!MHD_is_feature_supported(MHD_FEATURE_TLS))
			return ldg_err_set(err, LDG_EIO, _("this libmicrohttpd has no TLS"));
		if (!(cert = slurp(o->cert_path, err)) || !(key = slurp(o->key_path, err))) {
			rc = err ? err->code : LDG_EIO;
			goto out;
		}
		flags |= MHD_USE_TLS;
	}
	if ((rc = ldg_search_open(o->db_path, &g_search, err)))
		goto out;
	d = MHD_start_daemon(flags, 0, NULL, NULL, handle, NULL,
			     MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&sa,
			     MHD_OPTION_CONNECTION_LIMIT, (unsigned)CONN_LIMIT,
			     MHD_OPTION_THREAD_STACK_SIZE, (size_t)(2 * 1024 * 1024),
			     MHD_OPTION_PER_IP_CONNECTION_LIMIT, (unsigned)32,
			     MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)60,
			     MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)(256 * 1024),
			     MHD_OPTION_NOTIFY_COMPLETED, completed, NULL,
			     g_tls ? MHD_OPTION_HTTPS_MEM_CERT : MHD_OPTION_END, cert,
			     MHD_OPTION_HTTPS_MEM_KEY, key,
			     MHD_OPTION_END);
	if (!d) {
		rc = ldg_err_set(err, LDG_EIO, _("cannot listen on %s:%lu"), host, port);
		goto out;
	}
	info = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
	if (log) {
		fprintf(log, "listening on %s://%s:%u/\n", g_tls ? "https" : "http", host,
			info ? (unsigned)info->port : (unsigned)port);
		fflush(log);
	}
	while (!*stop)
		usleep(100 * 1000);
	MHD_stop_daemon(d);
	pool_drain();
out:
	ldg_search_close(g_search);
	g_search = NULL;
	pending_remove();
	free(cert);
	free(key);
	return rc;
}
