/*
 * db.c — opening, creating and upgrading the database; transactions; the
 * audit log; reference rates and cities.
 *
 * The schema text is compiled in (build/ledger/schema_sql.c, made from
 * ledger/schema.sql).  It is cut into sections at lines "-- migrate N";
 * ldg_db_init() runs, in one transaction, every section whose N is above
 * the database's user_version, then loads the reference data with INSERT
 * OR IGNORE so that a second init changes nothing.
 */
#include <errno.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "ledger/date.h"
#include "ledger/db.h"
#include "ledger/refdata.h"
#include "ledger/scheme.h"
#include "ledger/text.h"
#include "ledger/lang.h"

extern const unsigned char ldg_schema_sql[];

#define REFUSED_PREFIX "refused: "

/*
 * The refusals of the lock triggers (schema.sql), as the triggers name
 * them: English msgids whose only placeholder is %s.  A trigger calls
 * ldg_refuse(FORMAT, ARG…) (migrate 14 on) or, for a message without
 * placeholders, ldg_refuse(FORMAT) or RAISE(ABORT, 'refused: FORMAT');
 * FORMAT is translated when the refusal happens, in the language of the
 * process or of the workbench's request (its thread's locale), and the
 * arguments are put in its %s by sql_refuse(), never by printf.
 * tests/check_db.c refuses a schema whose triggers use a format not here.
 */
static const char *const refusals[] = {
	/* the lock of rules.md §7 (migrate 1–4, 10, recreated by 14) */
	N_("the contribution of %s for %s is used by finalized subsidy run %s %s"),
	N_("the contribution of %s for %s is used by a finalized subsidy run"),
	N_("the bar flag of %s for %s is used by finalized subsidy run %s %s"),
	N_("the bar flag of %s for %s is used by a finalized subsidy run"),
	N_("enterprise %s is listed in finalized subsidy run %s %s;"
	   " its city and legal-person flag cannot change"),
	N_("enterprise %s has loans or policies in a year of finalized subsidy runs of %s;"
	   " it cannot move there"),
	N_("subsidy run %s %s is finalized; reopen it first"),
	N_("the rights of a loan used by a finalized subsidy run cannot change"),
	N_("loan '%s/%s' settled %s falls in finalized subsidy run %s %s"),
	N_("loan '%s/%s' is used by finalized subsidy run %s %s"),
	N_("policy '%s/%s' paid %s falls in finalized subsidy run %s %s"),
	N_("policy '%s/%s' is used by finalized subsidy run %s %s"),
	N_("the budget of %s %s is used by finalized subsidy run %s %s"),
	/* the upgrade of migrate 4 */
	N_("cannot upgrade the database: the loans %s are one contract once their names are"
	   " compared in normal form (import.md §3); delete all but one with the pledger"
	   " that recorded them"),
	N_("cannot upgrade the database: the policies %s are one policy once their names are"
	   " compared in normal form (import.md §3); delete all but one with the pledger"
	   " that recorded them"),
	/* RAISE(ABORT, 'refused: …') of migrate 5, 11 and 13 */
	N_("subsidy run is finalized; reopen it first"),
	N_("subsidy run is paid; a paid run is never reopened (correct it by an adjustment)"),
	N_("a draft run has no stage"),
	N_("the objection belongs to a paid subsidy run"),
	N_("the adjustment's run is finalized"),
	N_("the publicity period belongs to a paid subsidy run"),
	/* the refusal whose own message cannot be given */
	N_("a finalized subsidy run uses this data"),
};

/* The number of %s in s; -1 when s holds any other conversion. */
static int count_placeholders(const char *s)
{
	int n = 0;

	for (; (s = strchr(s, '%')); s += 2) {
		if (s[1] != 's')
			return -1;
		n++;
	}
	return n;
}

/* ldg_refusal_known: see db.h. */
int ldg_refusal_known(const char *format)
{
	size_t i;

	for (i = 0; format && i < sizeof(refusals) / sizeof(refusals[0]); i++)
		if (strcmp(format, refusals[i]) == 0)
			return 1;
	return 0;
}

/*
 * The translation of known format tr with its nargs %s filled from args,
 * into out.  The translation may name its arguments %1$s … %9$s (a
 * language that orders them otherwise); a placeholder that names no
 * argument, or any other conversion, makes it fall back to format itself
 * (msgfmt --check forbids those anyway).
 */
static void fill(sqlite3_str *out, const char *format, const char *tr,
		 sqlite3_value **args, int nargs)
{
	const char *p;
	int pass, next;

	for (pass = 0; pass < 2; pass++, tr = format) {
		int ok = 1;

		/* first check tr, then write it */
		for (p = tr, next = 0; ok && (p = strchr(p, '%')); ) {
			if (p[1] == 's') {
				ok = next++ < nargs;
				p += 2;
			} else if (p[1] >= '1' && p[1] <= '9' && p[2] == '$' && p[3] == 's') {
				ok = p[1] - '1' < nargs;
				p += 4;
			} else {
				ok = 0;
			}
		}
		if (!ok)
			continue;
		for (p = tr, next = 0; *p; ) {
			const char *pct = strchr(p, '%');
			int k;

			if (!pct) {
				sqlite3_str_appendall(out, p);
				break;
			}
			sqlite3_str_append(out, p, (int)(pct - p));
			if (pct[1] == 's') {
				k = next++;
				p = pct + 2;
			} else {
				k = pct[1] - '1';
				p = pct + 4;
			}
			/* NULL (a name not found): shown as "?" */
			if (sqlite3_value_type(args[k]) == SQLITE_NULL)
				sqlite3_str_appendall(out, "?");
			else
				sqlite3_str_appendall(out, (const char *)sqlite3_value_text(args[k]));
		}
		return;
	}
}

/*
 * SQL function ldg_refuse(FORMAT, ARG…): fails the statement with FORMAT,
 * one of refusals[], translated, its %s replaced by the ARGs in order.
 * Called by the lock triggers of schema.sql.  ldg_refuse(MESSAGE) with a
 * message not in refusals[] is a trigger of a database not yet upgraded
 * to migrate 14, which composed its English message in SQL: given as it
 * is.  A FORMAT with arguments not in refusals[], or whose %s do not
 * match them, is never used: the refusal says a finalized run uses the
 * data.  The prefix lets ldg_db_error() tell a refusal from any other
 * failure.
 */
static void sql_refuse(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	const char *fmt = argc > 0 ? (const char *)sqlite3_value_text(argv[0]) : NULL;
	sqlite3_str *s = sqlite3_str_new(NULL);
	char *full;

	sqlite3_str_appendall(s, REFUSED_PREFIX);
	if (fmt && ldg_refusal_known(fmt) && count_placeholders(fmt) == argc - 1)
		fill(s, fmt, _(fmt), argv + 1, argc - 1);
	else if (fmt && argc == 1 && !ldg_refusal_known(fmt))
		sqlite3_str_appendall(s, fmt);  /* text, never a format */
	else
		sqlite3_str_appendall(s, _("a finalized subsidy run uses this data"));
	if (!(full = sqlite3_str_finish(s))) {
		sqlite3_result_error_nomem(ctx);
		return;
	}
	sqlite3_result_error(ctx, full, -1);
	sqlite3_result_error_code(ctx, SQLITE_CONSTRAINT_TRIGGER);
	sqlite3_free(full);
}

/*
 * SQL function ldg_key(text): the normal form of a key (text.h
 * ldg_text_key), so that SQL compares bank and insurer names, contract and
 * policy numbers as C does; migrate 4 fills the key columns with it.  NULL
 * gives NULL.  Deterministic.
 */
static void sql_key(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	const char *in;
	char *out;
	int n;

	(void)argc;
	if (sqlite3_value_type(argv[0]) == SQLITE_NULL) {
		sqlite3_result_null(ctx);
		return;
	}
	in = (const char *)sqlite3_value_text(argv[0]);
	n = sqlite3_value_bytes(argv[0]);
	if (!in || !(out = sqlite3_malloc(n + 1))) {
		sqlite3_result_error_nomem(ctx);
		return;
	}
	n = ldg_text_key(in, out, (size_t)n + 1);
	sqlite3_result_text(ctx, out, n < 0 ? 0 : n, sqlite3_free);
}

/*
 * SQLite's own words for the failures a clerk may meet (sqlite3_errstr of
 * the primary codes, as SQLite 3 spells them), so that they are
 * translated too; any other message of SQLite is shown as it is.
 */
static const char *const sqlite_msgs[] = {
	N_("database is locked"),
	N_("database table is locked"),
	N_("out of memory"),
	N_("attempt to write a readonly database"),
	N_("interrupted"),
	N_("disk I/O error"),
	N_("database disk image is malformed"),
	N_("database or disk is full"),
	N_("unable to open database file"),
	N_("file is not a database"),
	N_("access permission denied"),
	N_("constraint failed"),
	N_("string or blob too big"),
};

/* msg in the catalogue's language when it is one of sqlite_msgs[]. */
static const char *sqlite_text(const char *msg)
{
	size_t i;

	for (i = 0; msg && i < sizeof(sqlite_msgs) / sizeof(sqlite_msgs[0]); i++)
		if (strcmp(msg, sqlite_msgs[i]) == 0)
			return _(sqlite_msgs[i]);
	return msg;
}

int ldg_db_error(sqlite3 *db, const char *what, struct ldg_err *err)
{
	const char *msg = db ? sqlite_text(sqlite3_errmsg(db)) : _("no database handle");
	int ext = db ? sqlite3_extended_errcode(db) : SQLITE_ERROR;

	if (strncmp(msg, REFUSED_PREFIX, strlen(REFUSED_PREFIX)) == 0) {
		msg += strlen(REFUSED_PREFIX);
		/* RAISE(ABORT, 'refused: …'): its fixed text translated here
		 * (ldg_refuse() has translated its own) */
		if (ldg_refusal_known(msg) && count_placeholders(msg) == 0)
			msg = _(msg);
		return ldg_err_set(err, LDG_ELOCKED, "%s", msg);
	}
	/* what: a literal that xgettext extracts (--keyword=ldg_db_error:2) */
	what = what ? _(what) : "";
	if ((ext & 0xff) == SQLITE_CONSTRAINT)
		return ldg_err_set(err, LDG_EINPUT, _("%s: %s"), what, msg);
	if ((ext & 0xff) == SQLITE_NOMEM)
		return ldg_err_set(err, LDG_ENOMEM, _("%s: out of memory"), what);
	return ldg_err_set(err, LDG_EDB, _("%s: %s"), what, msg);
}

int ldg_db_exec(sqlite3 *db, const char *sql, struct ldg_err *err)
{
	if (sqlite3_exec(db, sql, NULL, NULL, NULL) != SQLITE_OK)
		return ldg_db_error(db, "database", err);
	return 0;
}

int ldg_db_prepare(sqlite3 *db, const char *sql, sqlite3_stmt **stmt,
		   struct ldg_err *err)
{
	if (sqlite3_prepare_v2(db, sql, -1, stmt, NULL) != SQLITE_OK) {
		*stmt = NULL;
		return ldg_db_error(db, "cannot prepare statement", err);
	}
	return 0;
}

int ldg_bind_text(sqlite3_stmt *st, int i, const char *text)
{
	if (!text)
		return sqlite3_bind_null(st, i);
	return sqlite3_bind_text(st, i, text, -1, SQLITE_TRANSIENT);
}

int ldg_bind_int64n(sqlite3_stmt *st, int i, int64_t v, int isnull)
{
	if (isnull)
		return sqlite3_bind_null(st, i);
	return sqlite3_bind_int64(st, i, v);
}

int ldg_db_version(sqlite3 *db)
{
	sqlite3_stmt *st = NULL;
	int v = -1;

	if (sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &st, NULL) == SQLITE_OK
	    && sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return v;
}

/* 1 when the database holds any table, index, view or trigger. */
static int has_schema(sqlite3 *db)
{
	sqlite3_stmt *st = NULL;
	int found = 0;

	if (sqlite3_prepare_v2(db, "SELECT 1 FROM sqlite_master LIMIT 1", -1, &st, NULL)
	    == SQLITE_OK)
		found = sqlite3_step(st) == SQLITE_ROW;
	sqlite3_finalize(st);
	return found;
}

/* 1 when the tables that every pledger schema version has are there (as
 * tables, or as views standing in for them: t_cli_faults.sh does). */
static int pledger_tables(sqlite3 *db)
{
	sqlite3_stmt *st = NULL;
	int n = 0;

	if (sqlite3_prepare_v2(db, "SELECT count(*) FROM sqlite_master WHERE type IN ('table', 'view')"
			       " AND name IN ('cities', 'import_batches', 'enterprises', 'loans',"
			       " 'policies', 'subsidy_runs', 'audit_log')", -1, &st, NULL) == SQLITE_OK
	    && sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return n == 7;
}

int ldg_db_open(const char *path, int create, sqlite3 **out,
		struct ldg_err *err)
{
	sqlite3 *db = NULL;
	struct stat sb;
	int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX;
	int v, rc;

	*out = NULL;
	if (!create && stat(path, &sb) != 0)
		return ldg_err_set(err, LDG_ENODB,
			_("database '%s' does not exist; run 'pledger init' first"), path);
	if (create)
		flags |= SQLITE_OPEN_CREATE;
	/*
	 * Statement journals in memory up to 120 KiB (SQLite's default: 64
	 * KiB).  Every write under a trigger, CHECK or foreign key keeps one,
	 * holding the original of each page the statement changes; on the
	 * larger b-trees of a bulk import many inserts pass 64 KiB, and each
	 * then went to a temporary file: a million small writes per 100 000
	 * loans (import.md §4).  Not more: SQLite allocates the threshold as
	 * one block per statement, and a huge statement (an undo) should still
	 * spill to disk.  Only possible before SQLite initialises; a later
	 * call fails harmlessly.
	 */
	sqlite3_config(SQLITE_CONFIG_STMTJRNL_SPILL, 120 << 10);
	rc = sqlite3_open_v2(path, &db, flags, NULL);
	if (rc != SQLITE_OK) {
		ldg_err_set(err, rc == SQLITE_NOMEM ? LDG_ENOMEM : LDG_EIO,
			    _("cannot open database '%s': %s"), path,
			    sqlite_text(db ? sqlite3_errmsg(db) : sqlite3_errstr(rc)));
		sqlite3_close(db);
		return err ? err->code : LDG_EIO;
	}
	sqlite3_extended_result_codes(db, 1);
	sqlite3_busy_timeout(db, 30000);
	if (sqlite3_create_function(db, "ldg_refuse", -1, SQLITE_UTF8, NULL,
				    sql_refuse, NULL, NULL) != SQLITE_OK
	    || sqlite3_create_function(db, "ldg_key", 1, SQLITE_UTF8 | SQLITE_DETERMINISTIC,
				       NULL, sql_key, NULL, NULL) != SQLITE_OK)
		goto dberr;

	v = ldg_db_version(db);
	if (v < 0) {
		ldg_err_set(err, LDG_ENODB, _("'%s' is not a pledger database: %s"),
			    path, sqlite3_errmsg(db));
		goto fail;
	}
	/* a version but not pledger's tables: another program that sets
	 * user_version too; refused before anything is written */
	if (v > 0 && !pledger_tables(db)) {
		ldg_err_set(err, LDG_ENODB, _("'%s' is not a pledger database: it has user_version %d"
			    " but not pledger's tables"), path, v);
		goto fail;
	}
	if (v > LDG_SCHEMA_VERSION) {
		ldg_err_set(err, LDG_ENODB,
			_("database '%s' has schema version %d, newer than this pledger "
			"(version %d); use a newer pledger"), path, v, LDG_SCHEMA_VERSION);
		goto fail;
	}
	/* version 0 with tables: another program's database, not a new one;
	 * refused before the journal mode below rewrites its header */
	if (v == 0 && has_schema(db)) {
		ldg_err_set(err, LDG_ENODB, _("'%s' is not a pledger database: it has tables"
			    " but no pledger schema version"), path);
		goto fail;
	}
	if (!create && v == 0) {
		ldg_err_set(err, LDG_ENODB,
			_("database '%s' is not initialised; run 'pledger init' first"), path);
		goto fail;
	}
	if (!create && v < LDG_SCHEMA_VERSION) {
		ldg_err_set(err, LDG_ENODB,
			_("database '%s' has schema version %d; run 'pledger init' to upgrade it"),
			path, v);
		goto fail;
	}
	if (sqlite3_exec(db, "PRAGMA foreign_keys = ON; PRAGMA journal_mode = WAL;"
			 " PRAGMA synchronous = FULL;", NULL, NULL, NULL) != SQLITE_OK)
		goto dberr;
	*out = db;
	return 0;
dberr:
	ldg_db_error(db, "cannot set up database", err);
fail:
	sqlite3_close(db);
	return err ? err->code : LDG_EDB;
}

/* A damaged database, with how to restore it; %s: its path, the first
 * problem found (whole sentences for the catalogue). */
#define DAMAGED N_("database '%s' is damaged (%s); nothing was done: copy the last backup" \
	" of the database over it (with no pledger running), then run 'pledger check'")
#define DAMAGED_MORE N_("database '%s' is damaged (%s, and more); nothing was done: copy the" \
	" last backup of the database over it (with no pledger running), then run 'pledger check'")

/* ldg_db_quick_check: see db.h. */
int ldg_db_quick_check(sqlite3 *db, struct ldg_err *err)
{
	const char *path = sqlite3_db_filename(db, "main");
	sqlite3_stmt *st = NULL;
	char first[256] = "";
	int rc, n = 0;

	if (sqlite3_prepare_v2(db, "PRAGMA quick_check", -1, &st, NULL) != SQLITE_OK)
		goto damaged;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *t = (const char *)sqlite3_column_text(st, 0);

		if (t && strcmp(t, "ok") == 0)
			continue;
		if (!n++)
			snprintf(first, sizeof first, "%s", t ? t : "");
	}
	if (rc != SQLITE_DONE)
		goto damaged;
	sqlite3_finalize(st);
	if (!n)
		return 0;
	return ldg_err_set(err, LDG_EDB, _(n > 1 ? DAMAGED_MORE : DAMAGED),
			   path ? path : "", first);
damaged:
	snprintf(first, sizeof first, "%s", sqlite3_errmsg(db));
	sqlite3_finalize(st);
	return ldg_err_set(err, LDG_EDB, _(DAMAGED), path ? path : "", first);
}

/* ldg_db_check: see db.h. */
int ldg_db_check(sqlite3 *db, void (*problem)(void *ctx, const char *text), void *ctx,
		 long *nproblems, struct ldg_err *err)
{
	sqlite3_stmt *st = NULL;
	char line[512];
	int rc;

	*nproblems = 0;
	if (sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &st, NULL) != SQLITE_OK)
		goto dberr;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *t = (const char *)sqlite3_column_text(st, 0);

		if (t && strcmp(t, "ok") == 0)
			continue;
		snprintf(line, sizeof line, "integrity_check: %s", t ? t : "");
		problem(ctx, line);
		(*nproblems)++;
	}
	if (rc != SQLITE_DONE) {
		/* a file so damaged that the check stops is a problem found */
		snprintf(line, sizeof line, "integrity_check: %s", sqlite3_errmsg(db));
		problem(ctx, line);
		(*nproblems)++;
		sqlite3_finalize(st);
		return 0;
	}
	sqlite3_finalize(st);
	st = NULL;
	if (sqlite3_prepare_v2(db, "PRAGMA foreign_key_check", -1, &st, NULL) != SQLITE_OK)
		goto dberr;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		snprintf(line, sizeof line, "foreign_key_check: table '%s' row %lld refers to a"
			 " missing row of '%s'", (const char *)sqlite3_column_text(st, 0),
			 (long long)sqlite3_column_int64(st, 1),
			 (const char *)sqlite3_column_text(st, 2));
		problem(ctx, line);
		(*nproblems)++;
	}
	if (rc != SQLITE_DONE) {
		snprintf(line, sizeof line, "foreign_key_check: %s", sqlite3_errmsg(db));
		problem(ctx, line);
		(*nproblems)++;
	}
	sqlite3_finalize(st);
	return 0;
dberr:
	sqlite3_finalize(st);
	return ldg_db_error(db, "cannot check the database", err);
}

void ldg_db_close(sqlite3 *db)
{
	if (db)
		sqlite3_close(db);
}

int ldg_db_begin(sqlite3 *db, struct ldg_err *err)
{
	return ldg_db_exec(db, "BEGIN IMMEDIATE", err);
}

int ldg_db_commit(sqlite3 *db, struct ldg_err *err)
{
	return ldg_db_exec(db, "COMMIT", err);
}

void ldg_db_rollback(sqlite3 *db)
{
	if (!sqlite3_get_autocommit(db))
		sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
}

/*
 * Run every "-- migrate N" section of the schema with N > from.  The caller
 * holds a transaction.  Sets *to to the highest N run (or from).
 */
static int run_migrations(sqlite3 *db, int from, int *to, struct ldg_err *err)
{
	const char *p = (const char *)ldg_schema_sql;
	const char *marker = "-- migrate ";
	int rc = 0;

	*to = from;
	while ((p = strstr(p, marker)) != NULL) {
		int n = (int)strtol(p + strlen(marker), NULL, 10);  /* our own text */
		const char *body = strchr(p, '\n');
		const char *end;
		char *sect;

		if (!body)
			break;
		end = strstr(body, marker);
		if (!end)
			end = body + strlen(body);
		if (n > from) {
			sect = strndup(body, (size_t)(end - body));
			if (!sect)
				return ldg_err_set(err, LDG_ENOMEM, _("out of memory"));
			rc = ldg_db_exec(db, sect, err);
			free(sect);
			if (rc)
				return rc;
			*to = n;
		}
		p = end;
	}
	return 0;
}

int ldg_db_init(sqlite3 *db, int *created, struct ldg_err *err)
{
	int from, to, rc;
	char sql[64];

	if (created)
		*created = 0;
	from = ldg_db_version(db);
	if (from > LDG_SCHEMA_VERSION)
		return ldg_err_set(err, LDG_ENODB,
			_("database schema version %d is newer than this pledger (%d)"),
			from, LDG_SCHEMA_VERSION);
	if ((rc = ldg_db_begin(db, err)))
		return rc;
	if ((rc = run_migrations(db, from, &to, err)))
		goto fail;
	if (to != from) {
		snprintf(sql, sizeof(sql), "PRAGMA user_version = %d", to);
		if ((rc = ldg_db_exec(db, sql, err)))
			goto fail;
		if (created)
			*created = 1;
	}
	if ((rc = ldg_refdata_load(db, err)))
		goto fail;
	if (to != from) {
		char v[32], ov[32];

		snprintf(v, sizeof(v), "%d", to);
		snprintf(ov, sizeof(ov), "%d", from);
		/* an upgrade records the version it came from */
		if ((rc = ldg_audit(db, from == 0 ? "create" : "upgrade", "schema",
				    "user_version", NULL, from ? ov : NULL, v, 0, NULL, err)))
			goto fail;
	}
	if ((rc = ldg_db_commit(db, err)))
		goto fail;
	return ldg_db_exec(db, "PRAGMA foreign_keys = ON; PRAGMA journal_mode = WAL;", err);
fail:
	ldg_db_rollback(db);
	return rc;
}

static _Thread_local char acting[64];

void ldg_user_set(const char *name)
{
	snprintf(acting, sizeof(acting), "%s", name ? name : "");
}

const char *ldg_user(void)
{
	static char buf[64];
	const char *u;
	struct passwd *pw;

	if (acting[0])
		return acting;
	u = getenv("LOGNAME");

	if (!u || !*u)
		u = getenv("USER");
	if (u && *u)
		return u;
	pw = getpwuid(getuid());
	if (pw && pw->pw_name)
		return pw->pw_name;
	snprintf(buf, sizeof(buf), "uid%ld", (long)getuid());
	return buf;
}

time_t ldg_clock(struct tm *tm)
{
	const char *sde = getenv("SOURCE_DATE_EPOCH");
	time_t t = time(NULL);

	if (sde && *sde) {
		char *end;
		long long v;

		errno = 0;
		v = strtoll(sde, &end, 10);
		if (errno == 0 && *end == '\0' && v >= 0)
			t = (time_t)v;
		gmtime_r(&t, tm);
	} else {
		localtime_r(&t, tm);
	}
	return t;
}

char *ldg_now(char *buf)
{
	struct tm tm;

	ldg_clock(&tm);
	strftime(buf, 20, "%Y-%m-%dT%H:%M:%S", &tm);
	return buf;
}

int ldg_audit(sqlite3 *db, const char *action, const char *entity,
	      const char *key, const char *field, const char *old_value,
	      const char *new_value, int64_t batch_id, const char *detail,
	      struct ldg_err *err)
{
	static const char sql[] =
		"INSERT INTO audit_log (at, user, action, entity, entity_key, field,"
		" old_value, new_value, batch_id, detail)"
		" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)";
	sqlite3_stmt *st = NULL;
	char now[32];
	int rc;

	if ((rc = ldg_db_prepare(db, sql, &st, err)))
		return rc;
	ldg_bind_text(st, 1, ldg_now(now));
	ldg_bind_text(st, 2, ldg_user());
	ldg_bind_text(st, 3, action);
	ldg_bind_text(st, 4, entity);
	ldg_bind_text(st, 5, key ? key : "");
	ldg_bind_text(st, 6, field);
	ldg_bind_text(st, 7, old_value);
	ldg_bind_text(st, 8, new_value);
	ldg_bind_int64n(st, 9, batch_id, batch_id <= 0);
	ldg_bind_text(st, 10, detail);
	if (sqlite3_step(st) != SQLITE_DONE)
		rc = ldg_db_error(db, "cannot write audit log", err);
	sqlite3_finalize(st);
	return rc;
}

/* The number of code points of a (UTF-8) that occur in b. */
static int shared_chars(const char *a, const char *b)
{
	int n = 0;

	while (*a) {
		size_t len = 1;
		char ch[8];

		while (len < 4 && ((unsigned char)a[len] & 0xC0) == 0x80)
			len++;
		snprintf(ch, sizeof(ch), "%.*s", (int)len, a);
		/* every city ends in 市, 县 or 区: those tell nothing */
		if (strcmp(ch, "市") && strcmp(ch, "县") && strcmp(ch, "区") && strstr(b, ch))
			n++;
		a += len;
	}
	return n;
}

/*
 * No city is named text: the one city whose name starts with it (东阳 for
 * 东阳市), else an error naming the candidates (several) or the closest
 * names (cli.md "Global").
 */
static int city_short(sqlite3 *db, const char *text, char *code, char *name,
		      size_t namesz, struct ldg_err *err)
{
	static const char sql[] =
		"SELECT code, name FROM cities ORDER BY code";
	sqlite3_stmt *st = NULL;
	char cand[512] = "", best[512] = "";
	int rc, found = 0, top = 0;
	size_t tl = strlen(text);

	if ((rc = ldg_db_prepare(db, sql, &st, err)))
		return rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *c = (const char *)sqlite3_column_text(st, 0);
		const char *nm = (const char *)sqlite3_column_text(st, 1);
		int s;

		if (!c || !nm)
			continue;
		if (strncmp(nm, text, tl) == 0) {
			if (!found++) {
				snprintf(code, 7, "%s", c);
				if (name)
					snprintf(name, namesz, "%s", nm);
			}
			if (strlen(cand) + strlen(nm) + 4 < sizeof(cand))
				snprintf(cand + strlen(cand), sizeof(cand) - strlen(cand), "%s%s",
					 cand[0] ? ", " : "", nm);
		}
		s = shared_chars(text, nm);
		if (s > top) {
			top = s;
			best[0] = '\0';
		}
		if (s && s == top && strlen(best) + strlen(nm) + 4 < sizeof(best))
			snprintf(best + strlen(best), sizeof(best) - strlen(best), "%s%s",
				 best[0] ? ", " : "", nm);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return ldg_db_error(db, "cannot look up city", err);
	if (found == 1)
		return 0;
	if (found > 1)
		return ldg_err_set(err, LDG_ENOTFOUND, _("city '%s' is ambiguous: %s"), text, cand);
	if (best[0])
		return ldg_err_set(err, LDG_ENOTFOUND, _("unknown city '%s'; the closest: %s"), text, best);
	return ldg_err_set(err, LDG_ENOTFOUND, _("unknown city '%s'"), text);
}

int ldg_city_resolve(sqlite3 *db, const char *text, char *code,
		     char *name, size_t namesz, struct ldg_err *err)
{
	static const char sql[] =
		"SELECT code, name FROM cities WHERE code = ?1 OR name = ?1";
	sqlite3_stmt *st = NULL;
	int rc;

	if (!text || !*text)
		return ldg_err_set(err, LDG_EUSAGE, _("no city given"));
	if ((rc = ldg_db_prepare(db, sql, &st, err)))
		return rc;
	ldg_bind_text(st, 1, text);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		snprintf(code, 7, "%s", (const char *)sqlite3_column_text(st, 0));
		if (name)
			snprintf(name, namesz, "%s", (const char *)sqlite3_column_text(st, 1));
		rc = 0;
	} else if (rc == SQLITE_DONE) {
		sqlite3_finalize(st);
		return city_short(db, text, code, name, namesz, err);
	} else {
		rc = ldg_db_error(db, "cannot look up city", err);
	}
	sqlite3_finalize(st);
	return rc;
}

int ldg_rate_kind_known(const char *kind)
{
	static const char *const kinds[] = { "LPR1Y", "LPR5Y", "PBOC1Y", "PBOC5Y", "PBOC5Y+" };
	size_t i;

	for (i = 0; kind && i < sizeof(kinds) / sizeof(kinds[0]); i++)
		if (strcmp(kind, kinds[i]) == 0)
			return 1;
	return 0;
}

int ldg_rate_lookup(sqlite3 *db, const char *kind, int32_t day,
		    int64_t *ppm, int32_t *eff_day, struct ldg_err *err)
{
	static const char sql[] =
		"SELECT effective_date, rate_ppm FROM rates WHERE kind = ?1"
		" AND effective_date <= ?2 ORDER BY effective_date DESC LIMIT 1";
	sqlite3_stmt *st = NULL;
	char iso[LDG_DATE_BUFSZ];
	int rc;

	if ((rc = ldg_db_prepare(db, sql, &st, err)))
		return rc;
	ldg_bind_text(st, 1, kind);
	ldg_bind_text(st, 2, ldg_date_format(day, iso));
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*ppm = sqlite3_column_int64(st, 1);
		if (eff_day)
			rc = ldg_date_parse_iso((const char *)sqlite3_column_text(st, 0),
						eff_day, err);
		else
			rc = 0;
	} else if (rc == SQLITE_DONE) {
		rc = ldg_err_set(err, LDG_ENOTFOUND, _("no %s rate in force on %s"), kind, iso);
	} else {
		rc = ldg_db_error(db, "cannot look up rate", err);
	}
	sqlite3_finalize(st);
	return rc;
}

int ldg_rate_set(sqlite3 *db, const char *kind, int32_t day, int64_t ppm,
		 struct ldg_err *err)
{
	static const char sel[] =
		"SELECT rate_ppm FROM rates WHERE kind = ?1 AND effective_date = ?2";
	static const char ins[] =
		"INSERT OR REPLACE INTO rates (kind, effective_date, rate_ppm) VALUES (?1, ?2, ?3)";
	sqlite3_stmt *st = NULL;
	char iso[LDG_DATE_BUFSZ], key[64], oldv[32], newv[32];
	int64_t old_ppm = 0;
	int rc, had = 0;

	ldg_date_format(day, iso);
	if ((rc = ldg_db_prepare(db, sel, &st, err)))
		return rc;
	ldg_bind_text(st, 1, kind);
	ldg_bind_text(st, 2, iso);
	if (sqlite3_step(st) == SQLITE_ROW) {
		had = 1;
		old_ppm = sqlite3_column_int64(st, 0);
		snprintf(oldv, sizeof(oldv), "%lld", (long long)old_ppm);
	}
	sqlite3_finalize(st);
	if (had && old_ppm == ppm)
		return 0;
	if ((rc = ldg_db_prepare(db, ins, &st, err)))
		return rc;
	ldg_bind_text(st, 1, kind);
	ldg_bind_text(st, 2, iso);
	sqlite3_bind_int64(st, 3, ppm);
	if (sqlite3_step(st) != SQLITE_DONE)
		rc = ldg_db_error(db, "cannot record rate", err);
	sqlite3_finalize(st);
	if (rc)
		return rc;
	snprintf(key, sizeof(key), "%s/%s", kind, iso);
	snprintf(newv, sizeof(newv), "%lld", (long long)ppm);
	return ldg_audit(db, had ? "update" : "insert", "rate", key, "rate_ppm",
			 had ? oldv : NULL, newv, 0, NULL, err);
}
