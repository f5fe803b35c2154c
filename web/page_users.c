/*
 * page_users.c — GET /users (用户, admin): the users and their roles; POST
 * /users adds one (name, role, password), POST /users/NAME/disable
 * disables one.  The rules and the audit rows are ledger/users.c's.
 */
#include <string.h>
#include <stdlib.h>
#include <time.h>

#include "web/web_int.h"

static int post(struct web_req *r)
{
	struct ldg_err err = { 0 };
	const char *rest = r->url + strlen("/users");
	enum ldg_role role;

	if (rest[0] == '\0') {
		const char *name = web_field(r, "name"), *pw = web_field(r, "password");

		if (ldg_role_parse(web_field(r, "role"), &role, &err)
		    || ldg_users_add(r->db, name ? name : "", role, pw ? pw : "", &err))
			return web_redirect_msg(r, "/users", err.msg);
		return web_redirect_msg(r, "/users", T(r, "User added"));
	}
	if (strncmp(rest, "/", 1) == 0 && strlen(rest) > 9
	    && strcmp(rest + strlen(rest) - 8, "/disable") == 0) {
		char name[64];
		size_t n = strlen(rest) - 9;

		if (n >= sizeof(name))
			return web_error(r, 404, T(r, "No such user"));
		memcpy(name, rest + 1, n);
		name[n] = '\0';
		if (ldg_users_disable(r->db, name, &err))
			return web_redirect_msg(r, "/users", err.msg);
		return web_redirect_msg(r, "/users", T(r, "User disabled"));
	}
	return web_error(r, 404, T(r, "No such page"));
}

int page_users(struct web_req *r)
{
	static const char *const roles[] = { "clerk", "reviewer", "admin", "auditor" };
	struct ldg_user_row *rows = NULL;
	struct html *h = &r->h;
	size_t n = 0, i;
	time_t now = time(NULL);

	if (web_require(r, LDG_RIGHT_ADMIN, "manage users"))
		return 0;
	if (strcmp(r->method, "POST") == 0)
		return post(r);
	if (strcmp(r->url, "/users") != 0)
		return web_error(r, 404, T(r, "No such page"));
	web_page_begin(r, T(r, "Users"));
	ldg_users_list(r->db, &rows, &n, NULL);
	html(h, "<table><thead><tr><th>");
	html_txt(h, T(r, "Name"));
	html(h, "</th><th>");
	html_txt(h, T(r, "Role"));
	html(h, "</th><th>");
	html_txt(h, T(r, "State"));
	html(h, "</th><th></th></tr></thead><tbody>");
	for (i = 0; i < n; i++) {
		html(h, "<tr><td>");
		html_txt(h, rows[i].name);
		html(h, "</td><td>");
		html_txt(h, T(r, ldg_role_name(rows[i].role)));
		html(h, "</td><td>");
		html_txt(h, rows[i].disabled ? T(r, "disabled")
			 : rows[i].locked_until > (int64_t)now ? T(r, "locked") : T(r, "active"));
		html(h, "</td><td>");
		if (!rows[i].disabled) {
			html(h, "<form method=\"post\" action=\"/users/");
			html_url_arg(h, rows[i].name);
			html(h, "/disable\">");
			web_csrf_field(r);
			html(h, "<button>");
			html_txt(h, T(r, "Disable"));
			html(h, "</button></form>");
		}
		html(h, "</td></tr>");
	}
	html(h, "</tbody></table><h2>");
	html_txt(h, T(r, "Add a user"));
	html(h, "</h2><form method=\"post\" action=\"/users\">");
	web_csrf_field(r);
	html(h, "<label>");
	html_txt(h, T(r, "Name"));
	html(h, " <input name=\"name\" required></label><label>");
	html_txt(h, T(r, "Role"));
	html(h, " <select name=\"role\">");
	for (i = 0; i < 4; i++) {
		html(h, "<option value=\"");
		html(h, roles[i]);
		html(h, "\">");
		html_txt(h, T(r, roles[i]));
		html(h, "</option>");
	}
	html(h, "</select></label><label>");
	html_txt(h, T(r, "Password"));
	html(h, " <input name=\"password\" type=\"password\" minlength=\"8\" required></label><button>");
	html_txt(h, T(r, "Add"));
	html(h, "</button></form>");
	free(rows);
	web_page_end(r);
	return 0;
}
