/*
 * page_login.c — GET/POST /login and POST /logout (web.md §2, §4).
 *
 * Before a session exists the sign-in form is protected by a double-submit
 * token: a random value in the HttpOnly cookie pledger_pre and in the
 * form's csrf field; a POST whose two differ is refused.  A successful
 * sign-in ends any session the browser had and sets a new token.
 */
#include <stdio.h>
#include <errno.h>
#include <pthread.h>
#include <semaphore.h>
#include <string.h>
#include <time.h>

#include "ledger/db.h"
#include "web/web_int.h"

void web_login_cookies(struct web_req *r, const char *session_token, const char *pre_token);
const char *web_pre_token(struct web_req *r);

static void form(struct web_req *r, const char *pre, const char *user, const char *error)
{
	struct html *h = &r->h;

	web_page_begin(r, T(r, "Sign in"));
	if (error) {
		html(h, "<p class=\"error\">");
		html_txt(h, error);
		html(h, "</p>");
	}
	html(h, "<form method=\"post\" action=\"/login\" class=\"login\">"
	     "<input type=\"hidden\" name=\"csrf\" value=\"");
	html_attr(h, pre);
	html(h, "\"><label>");
	html_txt(h, T(r, "User name"));
	html(h, " <input name=\"user\" autocomplete=\"username\" required value=\"");
	html_attr(h, user ? user : "");
	html(h, "\"></label><label>");
	html_txt(h, T(r, "Password"));
	html(h, " <input name=\"password\" type=\"password\" autocomplete=\"current-password\" "
	     "required></label><button>");
	html_txt(h, T(r, "Sign in"));
	html(h, "</button></form>");
	web_page_end(r);
}

/* Argon2id takes 64 MiB per check: at most two at once, so that many
 * sign-ins together cannot take the machine's memory (the others wait). */
#define LOGIN_PARALLEL 2
static sem_t login_slots;
static pthread_once_t login_once = PTHREAD_ONCE_INIT;

static void login_slots_init(void)
{
	sem_init(&login_slots, 0, LOGIN_PARALLEL);
}

/* Constant-time equality of two tokens. */
static int same(const char *a, const char *b)
{
	size_t n, i;
	unsigned char d = 0;

	if (!a || !b || !*a || (n = strlen(a)) != strlen(b))
		return 0;
	for (i = 0; i < n; i++)
		d |= (unsigned char)(a[i] ^ b[i]);
	return d == 0;
}

int page_login(struct web_req *r)
{
	struct ldg_err err = { 0 };
	struct ldg_session s;
	char token[LDG_TOKEN_HEXSZ], pre[LDG_TOKEN_HEXSZ];
	const char *have = web_pre_token(r), *user, *pw;
	int had_session = r->signed_in, rc;

	/* the sign-in page is drawn as for a stranger, with the login form's
	 * own token: the old session only matters for ending it */
	r->signed_in = 0;

	if (have && strlen(have) == LDG_TOKEN_HEXSZ - 1 && strspn(have, "0123456789abcdef")
	    == LDG_TOKEN_HEXSZ - 1) {
		snprintf(pre, sizeof(pre), "%s", have);
	} else {
		ldg_token_new(pre);
		web_login_cookies(r, NULL, pre);
	}
	if (strcmp(r->method, "POST") != 0) {
		form(r, pre, NULL, NULL);
		return 0;
	}
	if (!same(web_field(r, "csrf"), have)) {
		r->status = 403;
		form(r, pre, NULL, T(r, "The form's security token is missing or wrong; reload the page"));
		return 0;
	}
	user = web_field(r, "user");
	pw = web_field(r, "password");
	/* the lock's audit row names the account it locks */
	ldg_user_set(user && *user && strlen(user) < 64 ? user : "-");
	pthread_once(&login_once, login_slots_init);
	while (sem_wait(&login_slots) != 0 && errno == EINTR)
		;
	rc = ldg_login(r->db, user ? user : "", pw ? pw : "", time(NULL), token, &s, &err);
	sem_post(&login_slots);
	if (rc) {
		ldg_user_set(NULL);
		r->status = 403;
		form(r, pre, user, strstr(err.msg, "locked") ? T(r, "This account is locked for 15 minutes after five failed sign-ins")
				   : strstr(err.msg, "disabled") ? T(r, "This account is disabled")
				   : T(r, "Wrong user name or password"));
		return 0;
	}
	ldg_user_set(NULL);
	/* a new token at sign-in: the browser's old session ends */
	if (had_session)
		ldg_session_end(r->db, r->token, NULL);
	web_login_cookies(r, token, NULL);
	return web_redirect(r, "/");
}

int page_logout(struct web_req *r)
{
	ldg_session_end(r->db, r->token, NULL);
	web_login_cookies(r, "", NULL);
	return web_redirect(r, "/login");
}
