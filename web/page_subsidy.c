/*
 * page_subsidy.c — GET /subsidy/CODE/YEAR (补助计算, 审核与兑付: the run, its
 * table, each figure linking to its derivation), POST …/compute (clerk),
 * …/finalize (reviewer; cycle.md §1 four eyes), …/reopen (admin), and
 * GET /explain/CODE/YEAR/USCC (the derivation).  The rules are the
 * ledger's: ldg_role_check, ldg_four_eyes_check, ldg_run_*.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ledger/cycle.h"
#include "ledger/date.h"
#include "ledger/db.h"
#include "ledger/ident.h"
#include "ledger/subsidy.h"
#include "web/web_int.h"

/* Who last did action to the run, from the audit log ("" if nobody). */
static void run_actor(sqlite3 *db, const char *code, int year, const char *action, char *by,
		      size_t bysz)
{
	static const char sql[] =
		"SELECT user FROM audit_log WHERE action = ?1 AND entity = 'run'"
		" AND entity_key = ?2 ORDER BY id DESC LIMIT 1";
	sqlite3_stmt *st = NULL;
	char key[32];

	by[0] = '\0';
	snprintf(key, sizeof(key), "%s/%d", code, year);
	if (ldg_db_prepare(db, sql, &st, NULL))
		return;
	ldg_bind_text(st, 1, action);
	ldg_bind_text(st, 2, key);
	if (sqlite3_step(st) == SQLITE_ROW)
		snprintf(by, bysz, "%s", (const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
}

/*
 * Open a form that posts to /subsidy/CODE/YEAR/ACTION, with the session's
 * CSRF field (web.md §3); says, when not NULL, is a paragraph of what the
 * form does.  Every form of this page opens so and closes by form_close.
 */
static void form_open(struct web_req *r, const char *code, int year, const char *action,
		      const char *says)
{
	struct html *h = &r->h;

	html(h, "<form method=\"post\" class=\"action\" action=\"/subsidy/");
	html_url_arg(h, code);
	html_markf(h, "/%d/", year);
	html(h, action);
	html(h, "\">");
	web_csrf_field(r);
	if (says) {
		html(h, "<p>");
		html_txt(h, says);
		html(h, "</p>");
	}
}

/* The form's button, labelled label, and the end of the form. */
static void form_close(struct html *h, const char *label)
{
	html(h, "<button>");
	html_txt(h, label);
	html(h, "</button></form>");
}

static void button(struct web_req *r, const char *code, int year, const char *action,
		   const char *label, const char *says, int reason)
{
	struct html *h = &r->h;

	form_open(r, code, year, action, says);
	if (reason) {
		html(h, "<label>");
		html_txt(h, T(r, "Reason"));
		html(h, " <input name=\"reason\" required></label>");
	}
	form_close(h, label);
}

static int act(struct web_req *r, const char *code, int year, const char *action)
{
	struct ldg_err err = { 0 };
	struct ldg_run_blocked *blocked = NULL;
	size_t n = 0;
	char back[64];

	snprintf(back, sizeof(back), "/subsidy/%s/%d", code, year);
	if (strcmp(action, "compute") == 0) {
		if (web_require(r, LDG_RIGHT_ENTRY, "compute a subsidy run"))
			return 0;
		if (ldg_run_compute(r->db, code, year, NULL, &err))
			return web_redirect_msg(r, back, err.msg);
		return web_redirect_msg(r, back, T(r, "Draft computed"));
	}
	if (strcmp(action, "finalize") == 0) {
		if (web_require(r, LDG_RIGHT_FINALIZE, "finalize a subsidy run"))
			return 0;
		/* cycle.md §1: the person who computed may not finalize */
		if (ldg_four_eyes_check(r->db, code, year, r->s.user, &err))
			return web_error(r, 403, err.msg);
		if (ldg_run_finalize(r->db, code, year, &blocked, &n, &err)) {
			free(blocked);
			return web_redirect_msg(r, back, err.msg);
		}
		return web_redirect_msg(r, back, T(r, "Run finalized"));
	}
	if (strcmp(action, "reopen") == 0) {
		const char *why = web_field(r, "reason");

		if (web_require(r, LDG_RIGHT_ADMIN, "reopen a subsidy run"))
			return 0;
		if (ldg_run_reopen(r->db, code, year, why ? why : "", &err))
			return web_redirect_msg(r, back, err.msg);
		return web_redirect_msg(r, back, T(r, "Run reopened"));
	}
	/* the cycle's actions (cycle.md; web.md §2: the reviewer's), through
	 * the ledger's functions as `subsidy publish|pay|objection` */
	if (strcmp(action, "publish") == 0) {
		const char *f = web_field(r, "from"), *t = web_field(r, "to");
		int32_t from, to;

		if (web_require(r, LDG_RIGHT_FINALIZE, "publish a subsidy run"))
			return 0;
		if (!f || !t || ldg_date_parse(f, &from, &err) || ldg_date_parse(t, &to, &err))
			return web_redirect_msg(r, back, T(r, "The publicity period needs two dates, such as 2025-03-01"));
		if (ldg_run_publish(r->db, code, year, from, to, &err))
			return web_redirect_msg(r, back, err.msg);
		return web_redirect_msg(r, back, T(r, "Run publicized"));
	}
	if (strcmp(action, "pay") == 0) {
		const char *d = web_field(r, "date"), *v = web_field(r, "voucher");
		int32_t day;

		if (web_require(r, LDG_RIGHT_FINALIZE, "record a payment"))
			return 0;
		if (!d || ldg_date_parse(d, &day, &err) || !v || !*v)
			return web_redirect_msg(r, back, T(r, "A payment needs its date and voucher number"));
		if (ldg_run_pay(r->db, code, year, day, v, &err))
			return web_redirect_msg(r, back, err.msg);
		return web_redirect_msg(r, back, T(r, "Run paid"));
	}
	if (strcmp(action, "objection") == 0) {
		const char *u = web_field(r, "uscc"), *d = web_field(r, "date"),
			   *t = web_field(r, "text");
		char uscc[LDG_USCC_BUFSZ];
		int32_t day;
		int64_t id = 0;

		if (web_require(r, LDG_RIGHT_FINALIZE, "record an objection"))
			return 0;
		if (!u || !d || !t || !*t || ldg_date_parse(d, &day, &err))
			return web_redirect_msg(r, back, T(r, "An objection needs the enterprise, the date received and its text"));
		if (ldg_uscc_normalize(u, 1, uscc, &err)
		    || ldg_objection_add(r->db, code, year, uscc, day, t, &id, &err))
			return web_redirect_msg(r, back, err.msg);
		return web_redirect_msg(r, back, T(r, "Objection recorded"));
	}
	if (strcmp(action, "resolve") == 0) {
		const char *i = web_field(r, "id"), *o = web_field(r, "outcome"),
			   *t = web_field(r, "text");
		struct ldg_objection *obj = NULL;
		size_t nobj = 0, k;
		long long id;
		char *end;
		int ours = 0;

		if (web_require(r, LDG_RIGHT_FINALIZE, "resolve an objection"))
			return 0;
		if (!i || !o || !t || !*t || (strcmp(o, "upheld") && strcmp(o, "dismissed")))
			return web_redirect_msg(r, back, T(r, "A resolution needs its outcome and text"));
		id = strtoll(i, &end, 10);
		/* only an objection of this run's city and year, as its page shows */
		if (!ldg_objection_list(r->db, code, year, &obj, &nobj, &err))
			for (k = 0; k < nobj; k++)
				ours |= obj[k].id == id;
		free(obj);
		if (*end || !ours)
			return web_error(r, 404, T(r, "No such objection"));
		if (ldg_objection_resolve(r->db, (int64_t)id, o, t, &err))
			return web_redirect_msg(r, back, err.msg);
		return web_redirect_msg(r, back, T(r, "Objection resolved"));
	}
	return web_error(r, 404, T(r, "No such page"));
}

/* A form of the cycle: fields as (name, label, type) triples. */
static void cycle_form(struct web_req *r, const char *code, int year, const char *action,
		       const char *label, const char *says, const char *const *f, size_t nf)
{
	struct html *h = &r->h;
	size_t i;

	form_open(r, code, year, action, says);
	for (i = 0; i + 2 < nf; i += 3) {
		html(h, "<label>");
		html_txt(h, f[i + 1]);
		html(h, " <input name=\"");
		html_attr(h, f[i]);
		html(h, "\" type=\"");
		html_attr(h, f[i + 2]);
		html(h, "\" required></label> ");
	}
	form_close(h, label);
}

/* The run's objections, and for the reviewer the forms to add and resolve. */
static void objections(struct web_req *r, const char *code, int year, int state)
{
	struct ldg_err err = { 0 };
	struct ldg_objection *o = NULL;
	struct html *h = &r->h;
	size_t n = 0, i;
	int may = ldg_role_may(r->s.role, LDG_RIGHT_FINALIZE);

	if (ldg_objection_list(r->db, code, year, &o, &n, &err) || (n == 0 && state != LDG_STATE_PUBLICIZED))
		goto out;
	html(h, "<h2>");
	html_txt(h, T(r, "Objections"));
	html(h, "</h2><table class=\"objections\"><thead><tr><th>#</th><th>USCC</th><th>");
	html_txt(h, T(r, "Enterprise"));
	html(h, "</th><th>");
	html_txt(h, T(r, "Received"));
	html(h, "</th><th>");
	html_txt(h, T(r, "Objection"));
	html(h, "</th><th>");
	html_txt(h, T(r, "Outcome"));
	html(h, "</th></tr></thead><tbody>");
	for (i = 0; i < n; i++) {
		html_markf(h, "<tr><td>%lld</td><td>", (long long)o[i].id);
		html_txt(h, o[i].uscc);
		html(h, "</td><td>");
		html_txt(h, o[i].name);
		html(h, "</td><td>");
		html_txt(h, o[i].received_on);
		html(h, "</td><td>");
		html_txt(h, o[i].text);
		html(h, "</td><td>");
		if (o[i].outcome[0]) {
			html_txt(h, strcmp(o[i].outcome, "upheld") == 0 ? T(r, "upheld") : T(r, "dismissed"));
			html(h, ": ");
			html_txt(h, o[i].resolution);
		} else if (may && state == LDG_STATE_PUBLICIZED) {
			form_open(r, code, year, "resolve", NULL);
			html_markf(h, "<input type=\"hidden\" name=\"id\" value=\"%lld\">", (long long)o[i].id);
			html(h, "<select name=\"outcome\"><option value=\"dismissed\">");
			html_txt(h, T(r, "dismissed"));
			html(h, "</option><option value=\"upheld\">");
			html_txt(h, T(r, "upheld"));
			html(h, "</option></select> <input name=\"text\" required> ");
			form_close(h, T(r, "Resolve"));
		} else {
			html_txt(h, T(r, "open"));
		}
		html(h, "</td></tr>");
	}
	html(h, "</tbody></table>");
	if (may && state == LDG_STATE_PUBLICIZED) {
		const char *f[] = { "uscc", "USCC", "text",
				    "date", T(r, "Received"), "date",
				    "text", T(r, "Objection"), "text" };

		cycle_form(r, code, year, "objection", T(r, "Record the objection"),
			   T(r, "Records an objection received during the publicity period; pay waits until every objection is resolved."),
			   f, sizeof(f) / sizeof(f[0]));
	}
out:
	free(o);
}

#define RUN_PAGE_ROWS 200

int page_subsidy(struct web_req *r, const char *code_in, int year, const char *action)
{
	struct ldg_err err = { 0 };
	struct ldg_run_info info;
	struct ldg_run_row *rows = NULL;
	struct html *h = &r->h;
	char code[8], name[64], title[128], by[64];
	size_t n = 0, i, npages;
	int64_t payable = 0;
	const char *arg;
	int pageno = 1;

	if (strlen(code_in) != 6 || strspn(code_in, "0123456789") != 6
	    || ldg_city_resolve(r->db, code_in, code, name, sizeof(name), &err))
		return web_error(r, 404, T(r, "No such city"));
	if (action)
		return act(r, code, year, action);
	snprintf(title, sizeof(title), "%s %d", name, year);
	web_page_begin(r, title);
	if (ldg_run_get(r->db, code, year, &info, &err)) {
		html(h, "<p>");
		html_txt(h, T(r, "No subsidy run yet for this city and year."));
		html(h, "</p>");
		if (ldg_role_may(r->s.role, LDG_RIGHT_ENTRY))
			button(r, code, year, "compute", T(r, "Compute a draft"),
			       T(r, "Computes the year's subsidy from the data recorded now."), 0);
		goto out;
	}
	html(h, "<dl class=\"run\"><dt>");
	html_txt(h, T(r, "State"));
	html(h, "</dt><dd class=\"state\">");
	html_txt(h, T(r, ldg_run_state_name(info.state)));
	html(h, "</dd><dt>");
	html_txt(h, T(r, "Computed"));
	html(h, "</dt><dd>");
	html_txt(h, info.computed_at);
	run_actor(r->db, code, year, "compute", by, sizeof(by));
	html(h, " ");
	html_txt(h, by);
	html(h, "</dd>");
	if (info.status == LDG_RUN_FINALIZED) {
		html(h, "<dt>");
		html_txt(h, T(r, "Finalized"));
		html(h, "</dt><dd>");
		html_txt(h, info.finalized_at);
		run_actor(r->db, code, year, "finalize", by, sizeof(by));
		html(h, " ");
		html_txt(h, by);
		html(h, "</dd>");
	}
	if (info.has_budget) {
		html(h, "<dt>");
		html_txt(h, T(r, "Budget"));
		html(h, "</dt><dd class=\"num\">");
		html_fen(h, info.budget_fen);
		html(h, "</dd>");
	}
	if (info.publicity_from[0]) {
		html(h, "<dt>");
		html_txt(h, T(r, "Publicity period"));
		html(h, "</dt><dd class=\"publicity\">");
		html_txt(h, info.publicity_from);
		html(h, " – ");
		html_txt(h, info.publicity_to);
		html(h, "</dd>");
	}
	if (info.paid_on[0]) {
		html(h, "<dt>");
		html_txt(h, T(r, "Paid out"));
		html(h, "</dt><dd class=\"paid\">");
		html_txt(h, info.paid_on);
		html(h, " ");
		html_txt(h, T(r, "voucher"));
		html(h, " ");
		html_txt(h, info.voucher);
		html(h, "</dd>");
	}
	html(h, "</dl><p><a href=\"/reports/subsidy/");
	html_url_arg(h, code);
	html_markf(h, "/%d.xlsx\">", year);
	html_txt(h, T(r, "Download the disbursement list (.xlsx)"));
	html(h, "</a></p>");
	if (info.status == LDG_RUN_DRAFT && ldg_role_may(r->s.role, LDG_RIGHT_ENTRY))
		button(r, code, year, "compute", T(r, "Compute again"),
		       T(r, "Replaces this draft with one computed from the data recorded now."), 0);
	if (info.status == LDG_RUN_DRAFT && ldg_role_may(r->s.role, LDG_RIGHT_FINALIZE))
		button(r, code, year, "finalize", T(r, "Finalize"),
		       T(r, "Locks the run and the data it used; the person who computed it may not finalize it."), 0);
	if (info.state == LDG_STATE_FINALIZED && ldg_role_may(r->s.role, LDG_RIGHT_FINALIZE)) {
		const char *f[] = { "from", T(r, "From"), "date", "to", T(r, "To"), "date" };

		cycle_form(r, code, year, "publish", T(r, "Publish"),
			   T(r, "Announces the list publicly (公示) for the period given; objections are recorded during it."),
			   f, sizeof(f) / sizeof(f[0]));
	}
	if (info.state == LDG_STATE_PUBLICIZED && ldg_role_may(r->s.role, LDG_RIGHT_FINALIZE)) {
		const char *f[] = { "date", T(r, "Paid on"), "date", "voucher", T(r, "Voucher"), "text" };

		cycle_form(r, code, year, "pay", T(r, "Record the payment"),
			   T(r, "Records the treasury payment after the publicity period, every objection resolved; a paid run is never reopened."),
			   f, sizeof(f) / sizeof(f[0]));
	}
	objections(r, code, year, info.state);
	if (info.status == LDG_RUN_FINALIZED && info.state != LDG_STATE_PAID
	    && ldg_role_may(r->s.role, LDG_RIGHT_ADMIN))
		button(r, code, year, "reopen", T(r, "Reopen"),
		       T(r, "Returns the run to draft; the reason goes to the audit log."), 1);
	if (ldg_run_rows(r->db, info.id, &rows, &n, &err)) {
		html(h, "<p class=\"error\">");
		html_txt(h, err.msg);
		html(h, "</p>");
		goto out;
	}
	html(h, "<table class=\"run\"><thead><tr><th>USCC</th><th>");
	html_txt(h, T(r, "Enterprise"));
	html(h, "</th><th>");
	html_txt(h, T(r, "Due"));
	html(h, "</th><th>");
	html_txt(h, T(r, "Carried in"));
	html(h, "</th><th>");
	html_txt(h, T(r, "Contribution"));
	html(h, "</th><th>");
	html_txt(h, T(r, "Payable"));
	html(h, "</th><th>");
	html_txt(h, T(r, "Carried out"));
	html(h, "</th><th>");
	html_txt(h, T(r, "Status"));
	html(h, "</th></tr></thead><tbody>");
	for (i = 0; i < n; i++)
		payable += rows[i].payable_fen;
	/* a page of RUN_PAGE_ROWS rows (a city's run has thousands: the whole
	 * table was 300 KB a page); the total is the run's */
	npages = n ? (n + RUN_PAGE_ROWS - 1) / RUN_PAGE_ROWS : 1;
	if ((arg = web_arg(r, "page")))
		pageno = atoi(arg);
	if (pageno < 1)
		pageno = 1;
	if ((size_t)pageno > npages)
		pageno = (int)npages;
	for (i = (size_t)(pageno - 1) * RUN_PAGE_ROWS; i < n && i < (size_t)pageno * RUN_PAGE_ROWS; i++) {
		struct ldg_run_row *w = &rows[i];

		html(h, "<tr><td>");
		html_txt(h, w->uscc);
		html(h, "</td><td><a href=\"/enterprises/");
		html_url_arg(h, w->uscc);
		html(h, "\">");
		html_txt(h, w->enterprise);
		html(h, "</a></td><td class=\"num\">");
		html_fen(h, w->due_fen);
		html(h, "</td><td class=\"num\">");
		html_fen(h, w->carried_in_fen);
		html(h, "</td><td class=\"num\">");
		if (w->has_contribution)
			html_fen(h, w->contribution_fen);
		html(h, "</td><td class=\"num\"><a href=\"/explain/");
		html_url_arg(h, code);
		html_markf(h, "/%d/", year);
		html_url_arg(h, w->uscc);
		html(h, "\">");
		html_fen(h, w->payable_fen);
		html(h, "</a></td><td class=\"num\">");
		html_fen(h, w->carried_out_fen);
		html(h, "</td><td>");
		html_txt(h, T(r, ldg_sub_status_name(w->status)));
		html(h, "</td></tr>");
	}
	html(h, "</tbody><tfoot><tr><td colspan=\"5\">");
	html_txt(h, T(r, "Total"));
	html(h, "</td><td class=\"num total\">");
	html_fen(h, payable);
	html(h, "</td><td colspan=\"2\"></td></tr></tfoot></table>");
	if (npages > 1) {
		html(h, "<p class=\"pages\">");
		if (pageno > 1) {
			html(h, "<a rel=\"prev\" href=\"/subsidy/");
			html_url_arg(h, code);
			html_markf(h, "/%d?page=%d\">", year, pageno - 1);
			html_txt(h, T(r, "Previous page"));
			html(h, "</a> ");
		}
		html_markf(h, "%d / %zu ", pageno, npages);
		if ((size_t)pageno < npages) {
			html(h, "<a rel=\"next\" href=\"/subsidy/");
			html_url_arg(h, code);
			html_markf(h, "/%d?page=%d\">", year, pageno + 1);
			html_txt(h, T(r, "Next page"));
			html(h, "</a>");
		}
		html(h, "</p>");
	}
out:
	ldg_run_rows_free(rows, n);
	web_page_end(r);
	return 0;
}

int page_explain(struct web_req *r, const char *code_in, int year, const char *uscc)
{
	struct ldg_err err = { 0 };
	char code[8], name[64], title[160], *text = NULL;

	if (strlen(code_in) != 6 || ldg_city_resolve(r->db, code_in, code, name, sizeof(name), &err))
		return web_error(r, 404, T(r, "No such city"));
	if (ldg_run_explain(r->db, code, year, LDG_EXPLAIN_ENTERPRISE, uscc, &text, &err))
		return web_error(r, 404, err.msg);
	snprintf(title, sizeof(title), "%s %d — %s", name, year, T(r, "How the figure is derived"));
	web_page_begin(r, title);
	html(&r->h, "<pre class=\"explain\">");
	html_txt(&r->h, text);
	html(&r->h, "</pre><p><a href=\"/subsidy/");
	html_url_arg(&r->h, code);
	html_markf(&r->h, "/%d\">", year);
	html_txt(&r->h, T(r, "Back to the run"));
	html(&r->h, "</a></p>");
	web_page_end(r);
	free(text);
	return 0;
}
