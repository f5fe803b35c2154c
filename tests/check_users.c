/*
 * check_users.c — ledger/users.c (web.md §2, cycle.md §1): the role
 * matrix, sign-in with its lockout and idle timeout at given times, and
 * the four-eyes rule; web/html.c's escaping functions (cgit's html.h).
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "ledger/db.h"
#include "ledger/lang.h"
#include "ledger/users.h"
#include "tests/testutil.h"
#include "web/html.h"

/* web.md §2: who may do what. */
START_TEST(test_role_matrix_web_2)
{
	/* READ ENTRY FINALIZE ADMIN AUDIT */
	static const int want[4][5] = {
		{ 1, 1, 0, 0, 0 },   /* clerk */
		{ 1, 0, 1, 0, 1 },   /* reviewer */
		{ 1, 0, 0, 1, 1 },   /* admin */
		{ 1, 0, 0, 0, 1 },   /* auditor */
	};
	struct ldg_err e = { 0 };
	int r, g;

	for (r = 0; r < 4; r++)
		for (g = 0; g < 5; g++)
			ck_assert_msg(ldg_role_may((enum ldg_role)r, (enum ldg_perm)g) == want[r][g],
				      "role %d right %d", r, g);
	ck_assert_int_eq(ldg_role_check("eve", LDG_ROLE_AUDITOR, LDG_RIGHT_ENTRY, "import files", &e),
			 LDG_EDENIED);
	ck_assert_str_eq(e.msg, "user 'eve' (role auditor) may not import files");
	ck_assert_int_eq(ldg_exit_status(LDG_EDENIED), 1);
}
END_TEST

/* web.md §2: five failures in a row lock for 15 minutes; the lock is
 * audited; a success in between resets the count; the session dies after
 * 30 idle minutes and at sign-out; tokens differ at each sign-in. */
START_TEST(test_login_lockout_web_2)
{
	sqlite3 *db = tu_fresh_db();
	struct ldg_session s;
	char tok[LDG_TOKEN_HEXSZ], tok2[LDG_TOKEN_HEXSZ];
	struct ldg_err e = { 0 };
	time_t t = 1700000000;
	int i;

	ck_assert_int_eq(ldg_users_add(db, "amy", LDG_ROLE_CLERK, "right-password", NULL), 0);
	ck_assert_int_eq(ldg_users_add(db, "amy", LDG_ROLE_CLERK, "right-password", &e), LDG_ECONFLICT);
	ck_assert_int_eq(ldg_users_add(db, "a b", LDG_ROLE_CLERK, "right-password", NULL), LDG_EINPUT);
	ck_assert_int_eq(ldg_users_add(db, "ann", LDG_ROLE_CLERK, "short", NULL), LDG_EINPUT);
	for (i = 0; i < 4; i++)
		ck_assert_int_eq(ldg_login(db, "amy", "wrong", t, tok, &s, NULL), LDG_EDENIED);
	ck_assert_int_eq(ldg_login(db, "amy", "right-password", t, tok, &s, NULL), 0);
	ck_assert_str_eq(s.user, "amy");
	ck_assert_int_eq(s.role, LDG_ROLE_CLERK);
	ck_assert_uint_eq(strlen(tok), 64);
	/* four failures then a success: the count starts again */
	for (i = 0; i < 4; i++)
		ck_assert_int_eq(ldg_login(db, "amy", "wrong", t, tok2, &s, NULL), LDG_EDENIED);
	ck_assert_int_eq(tu_int(db, "SELECT count(*) FROM audit_log WHERE action = 'lock'"), 0);
	ck_assert_int_eq(ldg_login(db, "amy", "wrong", t, tok2, &s, NULL), LDG_EDENIED);
	ck_assert_int_eq(tu_int(db, "SELECT count(*) FROM audit_log WHERE action = 'lock'"), 1);
	ldg_err_clear(&e);
	ck_assert_int_eq(ldg_login(db, "amy", "right-password", t + 14 * 60, tok2, &s, &e), LDG_EDENIED);
	ck_assert_msg(strstr(e.msg, "locked") != NULL, "%s", e.msg);
	ck_assert_int_eq(ldg_login(db, "amy", "right-password", t + 15 * 60 + 1, tok2, &s, NULL), 0);
	ck_assert_str_ne(tok, tok2);
	/* idle timeout */
	ck_assert_int_eq(ldg_session_get(db, tok2, t + 15 * 60 + 1 + 29 * 60, &s, NULL), 0);
	ck_assert_int_eq(ldg_session_get(db, tok2, t + 15 * 60 + 1 + 29 * 60 + 31 * 60, &s, NULL),
			 LDG_ENOTFOUND);
	/* sign-out */
	ck_assert_int_eq(ldg_session_get(db, tok, t + 60, &s, NULL), 0);
	ck_assert_int_eq(ldg_session_end(db, tok, NULL), 0);
	ck_assert_int_eq(ldg_session_get(db, tok, t + 60, &s, NULL), LDG_ENOTFOUND);
	/* disabled: sessions end, sign-in refused */
	ck_assert_int_eq(ldg_login(db, "amy", "right-password", t + 3600, tok, &s, NULL), 0);
	ck_assert_int_eq(ldg_users_disable(db, "amy", NULL), 0);
	ck_assert_int_eq(ldg_session_get(db, tok, t + 3600, &s, NULL), LDG_ENOTFOUND);
	ck_assert_int_eq(ldg_login(db, "amy", "right-password", t + 3600, tok, &s, NULL), LDG_EDENIED);
	ck_assert_int_eq(ldg_login(db, "nobody", "right-password", t, tok, &s, NULL), LDG_EDENIED);
	ldg_db_close(db);
}
END_TEST

/* cycle.md §1 four eyes: the person of the latest compute may not
 * finalize while the city's four_eyes is on (the default). */
START_TEST(test_four_eyes_cycle_1)
{
	sqlite3 *db = tu_fresh_db();
	struct ldg_err e = { 0 };
	int on = 0;

	ck_assert_int_eq(ldg_city_four_eyes(db, "330783", &on, NULL), 0);
	ck_assert_int_eq(on, 1);
	ck_assert_int_eq(ldg_four_eyes_check(db, "330783", 2024, "amy", NULL), 0); /* no run */
	ldg_user_set("amy");
	ck_assert_int_eq(ldg_audit(db, "compute", "run", "330783/2024", "status", NULL, "draft", 0,
				   NULL, NULL), 0);
	ldg_user_set(NULL);
	ck_assert_int_eq(ldg_four_eyes_check(db, "330783", 2024, "amy", &e), LDG_EDENIED);
	ck_assert_msg(strstr(e.msg, "four eyes") != NULL, "%s", e.msg);
	ck_assert_int_eq(ldg_four_eyes_check(db, "330783", 2024, "bob", NULL), 0);
	ck_assert_int_eq(ldg_four_eyes_check(db, "330783", 2023, "amy", NULL), 0);
	ck_assert_int_eq(ldg_city_setting_set(db, "330783", "four_eyes", "off", NULL), 0);
	ck_assert_int_eq(ldg_four_eyes_check(db, "330783", 2024, "amy", NULL), 0);
	ck_assert_int_eq(ldg_city_setting_set(db, "330783", "four_eyes", "maybe", NULL), LDG_EINPUT);
	ck_assert_int_eq(ldg_city_setting_set(db, "330783", "colour", "on", NULL), LDG_EINPUT);
	ldg_db_close(db);
}
END_TEST

static const char *out(struct html *h)
{
	return h->buf ? h->buf : "";
}

/* style.md cgit: escaping is chosen by the function. */
START_TEST(test_html_escaping)
{
	struct html h = { 0 };

	html_txt(&h, "<script>\"x\" & 'y'</script>\x01");
	ck_assert_str_eq(out(&h), "&lt;script&gt;&quot;x&quot; &amp; &#39;y&#39;&lt;/script&gt;");
	html_release(&h);
	html_attr(&h, "\"><img onerror=alert(1)>");
	ck_assert_str_eq(out(&h), "&quot;&gt;&lt;img onerror=alert(1)&gt;");
	html_release(&h);
	html_url_arg(&h, "东 a/b?c&d=\"e\"");
	ck_assert_str_eq(out(&h), "%E4%B8%9C%20a%2Fb%3Fc%26d%3D%22e%22");
	html_release(&h);
	html_href(&h, "javascript:alert(1)");
	html_href(&h, "//evil.example/");
	html_href(&h, "/ok/path");
	html_href(&h, "/a\"b");
	ck_assert_str_eq(out(&h), "##/ok/path#");
	html_release(&h);
	html_fen(&h, 123456789);
	html(&h, " ");
	html_fen(&h, -5);
	html(&h, " ");
	html_fen(&h, 0);
	ck_assert_str_eq(out(&h), "1,234,567.89 -0.05 0.00");
	html_release(&h);
}
END_TEST

/* web.md §3: Chinese unless the browser prefers English. */
START_TEST(test_lang_accept)
{
	ck_assert_str_eq(ldg_lang_accept(NULL), "zh");
	ck_assert_str_eq(ldg_lang_accept(""), "zh");
	ck_assert_str_eq(ldg_lang_accept("en-US,en;q=0.9"), "en");
	ck_assert_str_eq(ldg_lang_accept("zh-CN,zh;q=0.9,en;q=0.8"), "zh");
	ck_assert_str_eq(ldg_lang_accept("en;q=0.5,zh;q=0.8"), "zh");
	ck_assert_str_eq(ldg_lang_accept("fr,en;q=0.7"), "en");
	ck_assert_str_eq(ldg_lang_accept("enx,fr"), "zh");
	ck_assert_str_eq(ldg_tr("en", "Sign in"), "Sign in");
}
END_TEST

Suite *users_suite(void)
{
	Suite *s = suite_create("users");
	TCase *tc = tcase_create("users");

	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_role_matrix_web_2);
	tcase_add_test(tc, test_login_lockout_web_2);
	tcase_add_test(tc, test_four_eyes_cycle_1);
	tcase_add_test(tc, test_html_escaping);
	tcase_add_test(tc, test_lang_accept);
	suite_add_tcase(s, tc);
	return s;
}
