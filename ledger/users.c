/*
 * users.c — people, roles, sessions, lockout and four eyes (users.h).
 */
#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ledger/db.h"
#include "ledger/grow.h"
#include "ledger/settings.h"
#include "ledger/users.h"
#include "ledger/lang.h"

static const char *const role_names[] = { "clerk", "reviewer", "admin", "auditor" };

const char *ldg_role_name(enum ldg_role role)
{
	return (unsigned)role < 4 ? role_names[role] : "?";
}

int ldg_role_parse(const char *text, enum ldg_role *role, struct ldg_err *err)
{
	int i;

	for (i = 0; i < 4; i++)
		if (text && strcmp(text, role_names[i]) == 0) {
			*role = (enum ldg_role)i;
			return 0;
		}
	ldg_err_set(err, LDG_EINPUT, _("unknown role: allowed roles are clerk, reviewer, admin, auditor"));
	ldg_err_value(err, text ? text : "");
	return LDG_EINPUT;
}

/* web.md §2: the rights of each role.  Admin is not a super-user: its
 * rights are its own (users, settings, reopen), so that no one person
 * holds every step of the cycle. */
int ldg_role_may(enum ldg_role role, enum ldg_perm right)
{
	switch (right) {
	case LDG_RIGHT_READ:     return 1;
	case LDG_RIGHT_ENTRY:    return role == LDG_ROLE_CLERK;
	case LDG_RIGHT_FINALIZE: return role == LDG_ROLE_REVIEWER;
	case LDG_RIGHT_ADMIN:    return role == LDG_ROLE_ADMIN;
	case LDG_RIGHT_AUDIT:    return role == LDG_ROLE_AUDITOR || role == LDG_ROLE_ADMIN
				 || role == LDG_ROLE_REVIEWER;
	}
	return 0;
}

int ldg_role_check(const char *user, enum ldg_role role, enum ldg_perm right,
		   const char *what, struct ldg_err *err)
{
	if (ldg_role_may(role, right))
		return 0;
	return ldg_err_set(err, LDG_EDENIED, _("user '%s' (role %s) may not %s"), user,
			   ldg_role_name(role), what);
}

/* sodium_init() once; it is itself thread-safe and idempotent. */
static int sodium_ready(struct ldg_err *err)
{
	if (sodium_init() < 0)
		return ldg_err_set(err, LDG_EIO, _("cannot initialise libsodium"));
	return 0;
}

void ldg_token_new(char *hex)
{
	unsigned char raw[32];

	if (sodium_init() < 0)
		abort(); /* no randomness: nothing safe to do */
	randombytes_buf(raw, sizeof(raw));
	sodium_bin2hex(hex, LDG_TOKEN_HEXSZ, raw, sizeof(raw));
	sodium_memzero(raw, sizeof(raw));
}

/* The stored form of a token: hex BLAKE2b-256 of its text. */
static void token_hash(const char *token, char *hex)
{
	unsigned char h[32];

	crypto_generichash(h, sizeof(h), (const unsigned char *)token, strlen(token), NULL, 0);
	sodium_bin2hex(hex, LDG_TOKEN_HEXSZ, h, sizeof(h));
}

static int check_name(const char *name, struct ldg_err *err)
{
	const unsigned char *p;
	size_t n = name ? strlen(name) : 0;

	if (n < 1 || n > 63)
		goto bad;
	for (p = (const unsigned char *)name; *p; p++)
		if (*p < 0x20 || *p == 0x7f || *p == '/' || *p == ' ')
			goto bad;
	return 0;
bad:
	ldg_err_set(err, LDG_EINPUT, _("bad user name: 1 to 63 bytes without spaces, '/' or control characters"));
	ldg_err_value(err, name ? name : "");
	return LDG_EINPUT;
}

static int hash_password(const char *password, char *out, struct ldg_err *err)
{
	int rc;

	if ((rc = sodium_ready(err)))
		return rc;
	if (strlen(password) < LDG_PASSWORD_MIN)
		return ldg_err_set(err, LDG_EINPUT, _("password too short: at least %d characters"),
				   LDG_PASSWORD_MIN);
	if (crypto_pwhash_str(out, password, strlen(password), crypto_pwhash_OPSLIMIT_INTERACTIVE,
			      crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
		return ldg_err_set(err, LDG_ENOMEM, _("out of memory hashing the password"));
	return 0;
}

/* Step a bound write; LDG_* on failure; *changed (may be NULL) rows. */
static int step_write(sqlite3 *db, sqlite3_stmt *st, const char *what, int *changed,
		      struct ldg_err *err)
{
	if (sqlite3_step(st) != SQLITE_DONE)
		return ldg_db_error(db, what, err);
	if (changed)
		*changed = sqlite3_changes(db);
	return 0;
}

int ldg_users_add(sqlite3 *db, const char *name, enum ldg_role role,
		  const char *password, struct ldg_err *err)
{
	static const char sql[] =
		"INSERT INTO users (name, role, hash, created_at) VALUES (?1, ?2, ?3, ?4)"
		" ON CONFLICT (name) DO NOTHING";
	char hash[crypto_pwhash_STRBYTES], now[32];
	sqlite3_stmt *st = NULL;
	int rc, n = 0;

	if ((rc = check_name(name, err)) || (rc = hash_password(password, hash, err)))
		return rc;
	if ((rc = ldg_db_begin(db, err)))
		return rc;
	if ((rc = ldg_db_prepare(db, sql, &st, err)))
		goto out;
	ldg_bind_text(st, 1, name);
	ldg_bind_text(st, 2, ldg_role_name(role));
	ldg_bind_text(st, 3, hash);
	ldg_bind_text(st, 4, ldg_now(now));
	if ((rc = step_write(db, st, "cannot add user", &n, err)))
		goto out;
	if (!n) {
		rc = ldg_err_set(err, LDG_ECONFLICT, _("user '%s' exists"), name);
		goto out;
	}
	if ((rc = ldg_audit(db, "insert", "user", name, "role", NULL, ldg_role_name(role), 0,
			    NULL, err)))
		goto out;
	rc = ldg_db_commit(db, err);
out:
	sqlite3_finalize(st);
	if (rc)
		ldg_db_rollback(db);
	sodium_memzero(hash, sizeof(hash));
	return rc;
}

/* Run one UPDATE/DELETE of a user by name (?1) with an audit row. */
static int user_change(sqlite3 *db, const char *sql, const char *name, const char *text2,
		       const char *action, const char *field, const char *newv,
		       struct ldg_err *err)
{
	static const char end_sql[] = "DELETE FROM sessions WHERE user = ?1";
	sqlite3_stmt *st = NULL;
	int rc, n = 0;

	if ((rc = ldg_db_begin(db, err)))
		return rc;
	if ((rc = ldg_db_prepare(db, sql, &st, err)))
		goto out;
	ldg_bind_text(st, 1, name);
	if (text2)
		ldg_bind_text(st, 2, text2);
	if ((rc = step_write(db, st, "cannot change user", &n, err)))
		goto out;
	if (!n) {
		rc = ldg_err_set(err, LDG_ENOTFOUND, _("no user '%s'"), name);
		goto out;
	}
	sqlite3_finalize(st);
	st = NULL;
	/* a changed password or a disabled account ends every session */
	if ((rc = ldg_db_prepare(db, end_sql, &st, err)))
		goto out;
	ldg_bind_text(st, 1, name);
	if ((rc = step_write(db, st, "cannot end sessions", NULL, err)))
		goto out;
	if ((rc = ldg_audit(db, action, "user", name, field, NULL, newv, 0, NULL, err)))
		goto out;
	rc = ldg_db_commit(db, err);
out:
	sqlite3_finalize(st);
	if (rc)
		ldg_db_rollback(db);
	return rc;
}

int ldg_users_passwd(sqlite3 *db, const char *name, const char *password,
		     struct ldg_err *err)
{
	static const char sql[] =
		"UPDATE users SET hash = ?2, failed = 0, locked_until = 0 WHERE name = ?1";
	char hash[crypto_pwhash_STRBYTES];
	int rc;

	if ((rc = hash_password(password, hash, err)))
		return rc;
	rc = user_change(db, sql, name, hash, "passwd", "password", NULL, err);
	sodium_memzero(hash, sizeof(hash));
	return rc;
}

int ldg_users_disable(sqlite3 *db, const char *name, struct ldg_err *err)
{
	static const char sql[] = "UPDATE users SET disabled = 1 WHERE name = ?1";

	return user_change(db, sql, name, NULL, "disable", "disabled", "1", err);
}

int ldg_users_list(sqlite3 *db, struct ldg_user_row **rows, size_t *n,
		   struct ldg_err *err)
{
	static const char sql[] =
		"SELECT name, role, disabled, locked_until, created_at FROM users ORDER BY name";
	struct ldg_user_row *v = NULL;
	sqlite3_stmt *st = NULL;
	size_t cap = 0, len = 0;
	int rc, step;

	*rows = NULL;
	*n = 0;
	if ((rc = ldg_db_prepare(db, sql, &st, err)))
		return rc;
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		struct ldg_user_row *r;

		if (ldg_grow((void **)&v, &cap, len + 1, sizeof(*v))) {
			rc = ldg_err_set(err, LDG_ENOMEM, _("out of memory"));
			goto out;
		}
		r = &v[len++];
		memset(r, 0, sizeof(*r));
		snprintf(r->name, sizeof(r->name), "%s", (const char *)sqlite3_column_text(st, 0));
		ldg_role_parse((const char *)sqlite3_column_text(st, 1), &r->role, NULL);
		r->disabled = sqlite3_column_int(st, 2);
		r->locked_until = sqlite3_column_int64(st, 3);
		snprintf(r->created_at, sizeof(r->created_at), "%s",
			 (const char *)sqlite3_column_text(st, 4));
	}
	if (step != SQLITE_DONE) {
		rc = ldg_db_error(db, "cannot list users", err);
		goto out;
	}
	*rows = v;
	*n = len;
	v = NULL;
out:
	free(v);
	sqlite3_finalize(st);
	return rc;
}

/* Record the outcome of a password check at now: ok resets the count;
 * a failure counts, and the LDG_LOCK_FAILURES-th locks (audited). */
static int record_attempt(sqlite3 *db, const char *name, int ok, time_t now,
			  int *locked, struct ldg_err *err)
{
	static const char get[] = "SELECT failed FROM users WHERE name = ?1";
	static const char set[] =
		"UPDATE users SET failed = ?2, locked_until = ?3 WHERE name = ?1";
	sqlite3_stmt *st = NULL;
	int64_t failed = 0, until = 0;
	int rc;

	*locked = 0;
	if ((rc = ldg_db_prepare(db, get, &st, err)))
		goto out;
	ldg_bind_text(st, 1, name);
	if (sqlite3_step(st) == SQLITE_ROW)
		failed = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	st = NULL;
	failed = ok ? 0 : failed + 1;
	if (failed >= LDG_LOCK_FAILURES) {
		until = (int64_t)now + LDG_LOCK_SECONDS;
		failed = 0;
		*locked = 1;
	}
	if (!ok || until) {
		if ((rc = ldg_db_prepare(db, set, &st, err)))
			goto out;
		ldg_bind_text(st, 1, name);
		sqlite3_bind_int64(st, 2, failed);
		sqlite3_bind_int64(st, 3, until);
		if ((rc = step_write(db, st, "cannot record sign-in", NULL, err)))
			goto out;
	} else {
		if ((rc = ldg_db_prepare(db, set, &st, err)))
			goto out;
		ldg_bind_text(st, 1, name);
		sqlite3_bind_int64(st, 2, 0);
		sqlite3_bind_int64(st, 3, 0);
		if ((rc = step_write(db, st, "cannot record sign-in", NULL, err)))
			goto out;
	}
	if (*locked) {
		char detail[96];

		snprintf(detail, sizeof(detail), "%d failed sign-ins in a row; locked for %d minutes",
			 LDG_LOCK_FAILURES, LDG_LOCK_SECONDS / 60);
		rc = ldg_audit(db, "lock", "user", name, NULL, NULL, NULL, 0, detail, err);
	}
out:
	sqlite3_finalize(st);
	return rc;
}

/* A hash of no one's password, checked for an unknown name so that a
 * sign-in takes as long whether the name exists or not. */
static char decoy[crypto_pwhash_STRBYTES];
static pthread_once_t decoy_once = PTHREAD_ONCE_INIT;

static void decoy_make(void)
{
	char pw[LDG_TOKEN_HEXSZ];

	ldg_token_new(pw);
	if (crypto_pwhash_str(decoy, pw, strlen(pw), crypto_pwhash_OPSLIMIT_INTERACTIVE,
			      crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
		decoy[0] = '\0';
}

int ldg_login(sqlite3 *db, const char *name, const char *password, time_t now,
	      char *token, struct ldg_session *s, struct ldg_err *err)
{
	static const char get[] =
		"SELECT role, hash, disabled, locked_until FROM users WHERE name = ?1";
	static const char ins[] =
		"INSERT INTO sessions (token_hash, user, csrf, created, last_seen)"
		" VALUES (?1, ?2, ?3, ?4, ?4)";
	static const char purge[] = "DELETE FROM sessions WHERE last_seen < ?1";
	char hash[crypto_pwhash_STRBYTES] = "", th[LDG_TOKEN_HEXSZ];
	sqlite3_stmt *st = NULL;
	enum ldg_role role = LDG_ROLE_AUDITOR;
	int64_t until = 0;
	int rc, found = 0, disabled = 0, ok, locked = 0, began = 0;

	memset(s, 0, sizeof(*s));
	token[0] = '\0';
	if ((rc = sodium_ready(err)))
		return rc;
	if ((rc = ldg_db_prepare(db, get, &st, err)))
		return rc;
	ldg_bind_text(st, 1, name ? name : "");
	if (sqlite3_step(st) == SQLITE_ROW) {
		found = 1;
		ldg_role_parse((const char *)sqlite3_column_text(st, 0), &role, NULL);
		snprintf(hash, sizeof(hash), "%s", (const char *)sqlite3_column_text(st, 1));
		disabled = sqlite3_column_int(st, 2);
		until = sqlite3_column_int64(st, 3);
	}
	sqlite3_finalize(st);
	st = NULL;
	if (!found) {
		pthread_once(&decoy_once, decoy_make);
		/* the outcome is always "no": only the time it takes matters */
		if (decoy[0] && crypto_pwhash_str_verify(decoy, password ? password : "",
							 password ? strlen(password) : 0) == 0)
			decoy[0] = '\0';
		rc = ldg_err_set(err, LDG_EDENIED, _("wrong user name or password"));
		goto out;
	}
	if (until > (int64_t)now) {
		/* no password is tried while locked: the lock holds its full term */
		rc = ldg_err_set(err, LDG_EDENIED, _("account '%s' is locked for %lld more minutes "
				 "after %d failed sign-ins"), name,
				 (long long)((until - (int64_t)now + 59) / 60), LDG_LOCK_FAILURES);
		goto out;
	}
	/* the slow check runs outside any write transaction */
	ok = crypto_pwhash_str_verify(hash, password ? password : "",
				      password ? strlen(password) : 0) == 0;
	if ((rc = ldg_db_begin(db, err)))
		goto out;
	began = 1;
	if ((rc = record_attempt(db, name, ok, now, &locked, err)))
		goto out;
	if (!ok) {
		if ((rc = ldg_db_commit(db, err)))
			goto out;
		began = 0;
		rc = locked ? ldg_err_set(err, LDG_EDENIED, _("account '%s' is locked for %d minutes "
					  "after %d failed sign-ins"), name, LDG_LOCK_SECONDS / 60,
					  LDG_LOCK_FAILURES)
			    : ldg_err_set(err, LDG_EDENIED, _("wrong user name or password"));
		goto out;
	}
	if (disabled) {
		rc = ldg_err_set(err, LDG_EDENIED, _("account '%s' is disabled"), name);
		goto out;
	}
	if ((rc = ldg_db_prepare(db, purge, &st, err)))
		goto out;
	sqlite3_bind_int64(st, 1, (int64_t)now - LDG_SESSION_IDLE);
	if ((rc = step_write(db, st, "cannot purge sessions", NULL, err)))
		goto out;
	sqlite3_finalize(st);
	st = NULL;
	ldg_token_new(token);
	token_hash(token, th);
	snprintf(s->user, sizeof(s->user), "%s", name);
	s->role = role;
	ldg_token_new(s->csrf);
	if ((rc = ldg_db_prepare(db, ins, &st, err)))
		goto out;
	ldg_bind_text(st, 1, th);
	ldg_bind_text(st, 2, name);
	ldg_bind_text(st, 3, s->csrf);
	sqlite3_bind_int64(st, 4, (int64_t)now);
	if ((rc = step_write(db, st, "cannot store session", NULL, err)))
		goto out;
	rc = ldg_db_commit(db, err);
	began = 0;
out:
	sqlite3_finalize(st);
	if (began)
		ldg_db_rollback(db);
	if (rc) {
		token[0] = '\0';
		memset(s, 0, sizeof(*s));
	}
	sodium_memzero(hash, sizeof(hash));
	return rc;
}

int ldg_session_get(sqlite3 *db, const char *token, time_t now,
		    struct ldg_session *s, struct ldg_err *err)
{
	static const char get[] =
		"SELECT s.user, u.role, s.csrf, s.last_seen FROM sessions s"
		" JOIN users u ON u.name = s.user WHERE s.token_hash = ?1 AND u.disabled = 0";
	static const char touch[] = "UPDATE sessions SET last_seen = ?2 WHERE token_hash = ?1";
	char th[LDG_TOKEN_HEXSZ];
	sqlite3_stmt *st = NULL;
	int rc, found = 0;
	int64_t seen = 0;

	memset(s, 0, sizeof(*s));
	if (!token || strlen(token) != LDG_TOKEN_HEXSZ - 1)
		return ldg_err_set(err, LDG_ENOTFOUND, _("no session"));
	if ((rc = sodium_ready(err)))
		return rc;
	token_hash(token, th);
	if ((rc = ldg_db_prepare(db, get, &st, err)))
		return rc;
	ldg_bind_text(st, 1, th);
	if (sqlite3_step(st) == SQLITE_ROW) {
		found = 1;
		snprintf(s->user, sizeof(s->user), "%s", (const char *)sqlite3_column_text(st, 0));
		ldg_role_parse((const char *)sqlite3_column_text(st, 1), &s->role, NULL);
		snprintf(s->csrf, sizeof(s->csrf), "%s", (const char *)sqlite3_column_text(st, 2));
		seen = sqlite3_column_int64(st, 3);
	}
	sqlite3_finalize(st);
	st = NULL;
	if (!found || seen + LDG_SESSION_IDLE < (int64_t)now) {
		memset(s, 0, sizeof(*s));
		return ldg_err_set(err, LDG_ENOTFOUND, _("no session"));
	}
	/* renew at most once a minute: most pages then write nothing.  A
	 * renewal that cannot write (a long import holds the write lock) is
	 * skipped: the session is valid, and the next page renews it. */
	if ((int64_t)now - seen >= 60 && ldg_db_prepare(db, touch, &st, NULL) == 0) {
		ldg_bind_text(st, 1, th);
		sqlite3_bind_int64(st, 2, (int64_t)now);
		sqlite3_busy_timeout(db, 50);
		sqlite3_step(st);
		sqlite3_busy_timeout(db, 30000);   /* db.c's timeout */
		sqlite3_finalize(st);
	}
	return 0;
}

int ldg_session_end(sqlite3 *db, const char *token, struct ldg_err *err)
{
	static const char sql[] = "DELETE FROM sessions WHERE token_hash = ?1";
	char th[LDG_TOKEN_HEXSZ];
	sqlite3_stmt *st = NULL;
	int rc;

	if (!token || !*token)
		return 0;
	if ((rc = sodium_ready(err)))
		return rc;
	token_hash(token, th);
	if ((rc = ldg_db_prepare(db, sql, &st, err)))
		return rc;
	ldg_bind_text(st, 1, th);
	rc = step_write(db, st, "cannot end session", NULL, err);
	sqlite3_finalize(st);
	return rc;
}

int ldg_city_four_eyes(sqlite3 *db, const char *city, int *on, struct ldg_err *err)
{
	static const char sql[] =
		"SELECT value FROM city_settings WHERE city = ?1 AND key = 'four_eyes'";
	sqlite3_stmt *st = NULL;
	int rc;

	*on = 1;
	if ((rc = ldg_db_prepare(db, sql, &st, err)))
		return rc;
	ldg_bind_text(st, 1, city);
	if (sqlite3_step(st) == SQLITE_ROW)
		*on = strcmp((const char *)sqlite3_column_text(st, 0), "off") != 0;
	sqlite3_finalize(st);
	return 0;
}

int ldg_city_setting_set(sqlite3 *db, const char *city, const char *key,
			 const char *value, struct ldg_err *err)
{
	char old[LDG_SETTING_BUFSZ];
	int changed;

	/* one table of settings and their validators (ledger/settings.c) */
	return ldg_setting_set(db, city, key ? key : "", value ? value : "", old, sizeof(old),
			       &changed, err);
}

int ldg_four_eyes_check(sqlite3 *db, const char *city, int year,
			const char *user, struct ldg_err *err)
{
	static const char sql[] =
		"SELECT user FROM audit_log WHERE action = 'compute' AND entity = 'run'"
		" AND entity_key = ?1 ORDER BY id DESC LIMIT 1";
	sqlite3_stmt *st = NULL;
	char key[32], by[64] = "";
	int rc, on = 1;

	if ((rc = ldg_city_four_eyes(db, city, &on, err)) || !on)
		return rc;
	snprintf(key, sizeof(key), "%s/%d", city, year);
	if ((rc = ldg_db_prepare(db, sql, &st, err)))
		return rc;
	ldg_bind_text(st, 1, key);
	if (sqlite3_step(st) == SQLITE_ROW)
		snprintf(by, sizeof(by), "%s", (const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	if (by[0] && strcmp(by, user) == 0)
		return ldg_err_set(err, LDG_EDENIED,
				   _("four eyes: '%s' computed the draft of %s %d and may not finalize it "
				   "(another person finalizes; 'pledger city set %s four_eyes off' for "
				   "a one-person office)"), user, city, year, city);
	return 0;
}
