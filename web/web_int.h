/*
 * web_int.h — what the workbench's files share: the request, the page
 * frame, the routing helpers.  One page_<name>.c per page (cgit's ui-*.c).
 */
#ifndef WEB_WEB_INT_H
#define WEB_WEB_INT_H

#include <sqlite3.h>
#include <stddef.h>
#include <stdint.h>

#include "ledger/lang.h"
#include "ledger/users.h"
#include "web/html.h"

/* Upload limit of one request (web.md §1): a 100 000-row file fits. */
#define WEB_UPLOAD_MAX (64L * 1024 * 1024)
/* Limit of a form without a file. */
#define WEB_FORM_MAX (64 * 1024)
#define WEB_FIELDS_MAX 32

struct web_field {
	char *name;                 /* malloc'd */
	char *value;                /* malloc'd, NUL-terminated */
	size_t len;
};

struct web_req {
	void *conn;                 /* struct MHD_Connection * */
	const char *method;         /* "GET", "POST" */
	const char *url;            /* path, decoded, without the query */
	const char *lang;           /* "zh" or "en" (Accept-Language) */
	int tls;                    /* served over TLS: cookies are Secure */
	sqlite3 *db;                /* this worker thread's connection */
	int signed_in;
	struct ldg_session s;       /* when signed_in */
	char token[LDG_TOKEN_HEXSZ];

	/* the POST body */
	void *pp;                   /* struct MHD_PostProcessor * */
	struct web_field fields[WEB_FIELDS_MAX];
	size_t nfields;
	size_t body_bytes;
	int too_big;                /* the body passed its limit */
	int upload_fd;              /* -1, or the temp file of field "file" */
	char upload_path[400];      /* its path ("" when none) */
	char upload_name[256];      /* the file name the browser sent */
	size_t upload_size;

	/* the answer */
	struct html h;              /* the body */
	unsigned status;            /* 200 unless set */
	const char *ctype;          /* NULL: text/html; charset=utf-8 */
	char location[512];         /* for 303 */
	char cookie[2][256];        /* Set-Cookie values */
	char disposition[768];      /* Content-Disposition of a download */
	char file_path[1100];        /* send this file (then removed if file_temp) */
	int file_temp;
	int refresh;                /* > 0: <meta http-equiv=refresh> seconds */
};

/* _() for the page being written: the request's language. */
#define T(r, s) ldg_tr((r)->lang, s)

/* A form field of the POST (NULL when absent). */
const char *web_field(struct web_req *r, const char *name);
/* A query argument of the address (NULL when absent). */
const char *web_arg(struct web_req *r, const char *name);

/* The page frame: <head>, the navigation for the signed-in user's role,
 * the title; then the page writes its body and calls web_page_end. */
void web_page_begin(struct web_req *r, const char *title);
void web_page_end(struct web_req *r);

/* <input type=hidden name=csrf value=…> of the session (every form). */
void web_csrf_field(struct web_req *r);

/* Answers: 303 to location; an error page with status and message
 * (message is data: escaped). */
int web_redirect(struct web_req *r, const char *location);
/* A page already begun that the database failed: 500 and, in the page,
 * "database error" in the request's language. */
void web_db_failed(struct web_req *r);
int web_error(struct web_req *r, unsigned status, const char *message);

/* 403 unless the signed-in role has right (ledger/users.h): the rule is
 * the ledger's.  Returns 0 when allowed, else 1 with the 403 page written. */
int web_require(struct web_req *r, enum ldg_perm right, const char *what);

/* A flash message: the next page after a redirect carries it in its
 * address (?msg=…, shown escaped). */
int web_redirect_msg(struct web_req *r, const char *location, const char *msg);

/* This thread's own SQLite connection (opened once, closed when the
 * thread ends): request threads and the import's worker threads. */
sqlite3 *web_thread_db(void);
/* The loan search (ledger/search.h) of the served database. */
struct ldg_search *web_search(void);

/* pages: each returns 0 (the answer is in r) */
int page_login(struct web_req *r);
int page_logout(struct web_req *r);
int page_home(struct web_req *r);
int page_subsidy(struct web_req *r, const char *code, int year, const char *action);
int page_explain(struct web_req *r, const char *code, int year, const char *uscc);
int page_users(struct web_req *r);
int page_log(struct web_req *r);
int page_enterprises(struct web_req *r, const char *uscc);
int page_loans(struct web_req *r);
int page_policies(struct web_req *r);
/* /loans/new, /loans/ID, /policies/new, /policies/ID (page_entry.c) */
int page_entry(struct web_req *r, int policies, const char *rest);
int page_import(struct web_req *r, const char *rest);
int page_reports(struct web_req *r, const char *rest);
int page_targets(struct web_req *r);
int page_contributions(struct web_req *r);

/* the compiled-in style sheet (web/style.css) */
extern const unsigned char web_style_css[];

#endif
