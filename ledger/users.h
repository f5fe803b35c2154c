/*
 * users.h — the workbench's people, their roles, sessions and the rules of
 * who may do what (web.md §2, cycle.md §1 four eyes).
 *
 * The rules live here, beside the data they guard, so that the command
 * line and the workbench apply the same ones: a face asks ldg_role_may()
 * before an action and ldg_four_eyes_check() before a finalize.
 * Passwords are stored as Argon2id hashes (libsodium crypto_pwhash_str);
 * session tokens are 256 random bits of which only a BLAKE2b hash is kept.
 */
#ifndef LDG_USERS_H
#define LDG_USERS_H

#include <sqlite3.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "ledger/error.h"

enum ldg_role {
	LDG_ROLE_CLERK,     /* 经办: import, entry, compute drafts, write reports */
	LDG_ROLE_REVIEWER,  /* 审核: finalize, publish, objections, payment; reads all */
	LDG_ROLE_ADMIN,     /* users, schemes and city settings, reopen */
	LDG_ROLE_AUDITOR,   /* 只读: reads everything, downloads the audit log */
};

enum ldg_perm {
	LDG_RIGHT_READ,     /* see any page, download a workbook */
	LDG_RIGHT_ENTRY,    /* import, undo, enter records, compute a draft */
	LDG_RIGHT_FINALIZE, /* finalize (four eyes applies too) */
	LDG_RIGHT_ADMIN,    /* users, city settings, schemes, reopen */
	LDG_RIGHT_AUDIT,    /* download the audit log */
};

/* Failed sign-ins in a row that lock an account, and for how long. */
#define LDG_LOCK_FAILURES 5
#define LDG_LOCK_SECONDS (15 * 60)
/* A session unused this long is dead (web.md §2). */
#define LDG_SESSION_IDLE (30 * 60)
/* Shortest password accepted by ldg_users_add() and ldg_users_passwd(). */
#define LDG_PASSWORD_MIN 8
/* Hex text of a token or of a CSRF secret, with its NUL. */
#define LDG_TOKEN_HEXSZ 65

/* "clerk", "reviewer", "admin", "auditor". */
const char *ldg_role_name(enum ldg_role role);

/* Parse a role name; LDG_EINPUT "unknown role 'X'..." otherwise. */
int ldg_role_parse(const char *text, enum ldg_role *role, struct ldg_err *err);

/* 1 when role has right, else 0 (web.md §2). */
int ldg_role_may(enum ldg_role role, enum ldg_perm right);

/*
 * LDG_EDENIED "user 'U' (role R) may not WHAT" unless role has right;
 * 0 when it has.
 */
int ldg_role_check(const char *user, enum ldg_role role, enum ldg_perm right,
		   const char *what, struct ldg_err *err);

/*
 * Add a user with an Argon2id hash of password (at least LDG_PASSWORD_MIN
 * bytes).  LDG_ECONFLICT when the name exists, LDG_EINPUT for a bad name
 * (1–63 bytes, no control characters or '/') or a short password.
 * Audited (insert user).
 */
int ldg_users_add(sqlite3 *db, const char *name, enum ldg_role role,
		  const char *password, struct ldg_err *err);

/* New password for name (and the lock cleared); audited. */
int ldg_users_passwd(sqlite3 *db, const char *name, const char *password,
		     struct ldg_err *err);

/* Disable name and end its sessions; audited.  LDG_ENOTFOUND if none. */
int ldg_users_disable(sqlite3 *db, const char *name, struct ldg_err *err);

struct ldg_user_row {
	char name[64];
	enum ldg_role role;
	int disabled;
	int64_t locked_until;   /* Unix time, 0 or past: not locked */
	char created_at[24];
};

/* Every user by name; *rows is malloc'd (free() it), *n its length. */
int ldg_users_list(sqlite3 *db, struct ldg_user_row **rows, size_t *n,
		   struct ldg_err *err);

/* A signed-in session. */
struct ldg_session {
	char user[64];
	enum ldg_role role;
	char csrf[LDG_TOKEN_HEXSZ];   /* the session's form token */
};

/*
 * Sign in: check name and password at time now.  On success a new session
 * is stored; token (LDG_TOKEN_HEXSZ bytes) gets its secret, *s its user,
 * role and CSRF token.  A wrong password counts one failure; the
 * LDG_LOCK_FAILURES-th in a row locks the account for LDG_LOCK_SECONDS
 * (audited: lock user).  LDG_EDENIED for an unknown user, a wrong
 * password, a disabled or locked account (the message says which only
 * for locked and disabled accounts of a correct password).
 */
int ldg_login(sqlite3 *db, const char *name, const char *password, time_t now,
	      char *token, struct ldg_session *s, struct ldg_err *err);

/*
 * The live session of token at time now, its idle time renewed.
 * LDG_ENOTFOUND when there is none, it is idle too long, or its user is
 * disabled.
 */
int ldg_session_get(sqlite3 *db, const char *token, time_t now,
		    struct ldg_session *s, struct ldg_err *err);

/* End the session of token (sign-out); no session is not an error. */
int ldg_session_end(sqlite3 *db, const char *token, struct ldg_err *err);

/* 256 random bits as 64 hex digits into hex (LDG_TOKEN_HEXSZ bytes). */
void ldg_token_new(char *hex);

/* Whether the city's four_eyes is on (the default) into *on. */
int ldg_city_four_eyes(sqlite3 *db, const char *city, int *on,
		       struct ldg_err *err);

/*
 * `city set C KEY VALUE`: a city setting (four_eyes on|off); audited.
 * city is a 6-digit code.
 */
int ldg_city_setting_set(sqlite3 *db, const char *city, const char *key,
			 const char *value, struct ldg_err *err);

/*
 * cycle.md §1 four eyes: LDG_EDENIED when user computed the draft of
 * (city, year) (the latest compute in the audit log) and the city's
 * four_eyes is on.  0 otherwise, also when there is no run (finalize
 * itself then says so).
 */
int ldg_four_eyes_check(sqlite3 *db, const char *city, int year,
			const char *user, struct ldg_err *err);

#endif
