/*
 * store.h — prepared statements kept for repeated use by the record stores
 * (enterprise.h, loan.h, policy.h).
 *
 * An import writes a million rows with the same handful of statements;
 * preparing each once and resetting it between uses is most of the speed
 * of a bulk write.  A struct ldg_store belongs to one connection; it holds
 * no transaction state, but it does cache bank and insurer ids, so call
 * ldg_store_forget() after a rollback (a cached id may be gone).
 */
#ifndef LDG_STORE_H
#define LDG_STORE_H

#include <sqlite3.h>
#include <stdint.h>

#include "ledger/error.h"

struct ldg_keyset;

#define LDG_NONE   INT64_C(-1)   /* an absent amount or rate */
#define LDG_NO_DAY INT32_MIN     /* an absent date */

/* One slot per statement text; the SQL lives with the module that uses it. */
enum ldg_sql {
	LDG_SQL_ENT_GET = 0,
	LDG_SQL_ENT_INS,
	LDG_SQL_ENT_UPD,
	LDG_SQL_BANK_GET,
	LDG_SQL_BANK_INS,
	LDG_SQL_BANK_NAME_PUT,
	LDG_SQL_BANK_DUP,
	LDG_SQL_BANK_DUP_KEY,
	LDG_SQL_LOAN_GET,
	LDG_SQL_LOAN_INS,
	LDG_SQL_LOAN_UPD,
	LDG_SQL_RIGHTS_GET,
	LDG_SQL_RIGHTS_INS,
	LDG_SQL_RIGHTS_DEL,
	LDG_SQL_INSURER_GET,
	LDG_SQL_INSURER_INS,
	LDG_SQL_POL_GET,
	LDG_SQL_POL_INS,
	LDG_SQL_POL_UPD,
	LDG_SQL_CONTRIB_GET,
	LDG_SQL_CONTRIB_PUT,
	LDG_SQL_BAR_GET,
	LDG_SQL_BAR_PUT,
	LDG_SQL_COUNT
};

/* Banks whose ids a store remembers (a loans file names a few). */
#define LDG_STORE_BANKS 16

struct ldg_store {
	sqlite3 *db;                       /* the connection (not owned) */
	sqlite3_stmt *st[LDG_SQL_COUNT];   /* prepared on first use */
	char bank[LDG_STORE_BANKS][256];   /* banks looked up lately ("" none) */
	int64_t bank_id[LDG_STORE_BANKS];  /* their ids (0: slot empty) */
	unsigned bank_next;                /* slot to fill next (round robin) */
	char insurer[256];                 /* last insurer looked up */
	int64_t insurer_id;                /* its id */
	struct ldg_keyset *dup_keys;       /* ldg_bank_dup_keys, or NULL */
};

/* Start an empty store on db (no allocation). */
void ldg_store_init(struct ldg_store *s, sqlite3 *db);

/* Finalize every statement; the struct may be reused after ldg_store_init. */
void ldg_store_release(struct ldg_store *s);

/* Drop cached ids (after a ROLLBACK or ROLLBACK TO).  The keys of
 * ldg_bank_dup_keys stay: a key rolled back is only a false "maybe". */
void ldg_store_forget(struct ldg_store *s);

/*
 * The statement of slot `which`, prepared from `sql` on first use, reset
 * and with its bindings cleared on every later use.  LDG_EDB on failure.
 */
int ldg_store_stmt(struct ldg_store *s, enum ldg_sql which, const char *sql,
		   sqlite3_stmt **out, struct ldg_err *err);

/*
 * A field of a record as text, for comparison and the audit log: amounts
 * "1234.50", rates "4.35%", dates ISO, flags "yes"/"no", absent values "".
 * The text round-trips through the record's field parser (undo).
 */
struct ldg_field {
	const char *name;  /* canonical column name */
	char *text;        /* malloc'd */
};

/* Free the texts of n fields. */
void ldg_fields_release(struct ldg_field *f, int n);

/*
 * Write one audit row per field whose text differs between old and new
 * (action "update"), and return the number of such fields in *changed.
 * Both arrays list the same fields in the same order.
 */
int ldg_fields_audit(sqlite3 *db, const char *entity, const char *key,
		     const struct ldg_field *old, const struct ldg_field *new_,
		     int n, int64_t batch_id, int *changed, struct ldg_err *err);

/* Number of fields whose text differs. */
int ldg_fields_diff(const struct ldg_field *a, const struct ldg_field *b, int n);

/*
 * The id of a bank or insurer by name: get_sql ("SELECT id FROM T WHERE
 * name = ?1") in slot get, and with create != 0, when there is none,
 * ins_sql ("INSERT INTO T (name) VALUES (?1)") in slot ins.  Without
 * create a missing name is LDG_ENOTFOUND "unknown <what> 'NAME'".  The
 * callers keep their own caches in front of it.
 */
int ldg_store_name_id(struct ldg_store *s, enum ldg_sql get, const char *get_sql,
		      enum ldg_sql ins, const char *ins_sql, const char *what,
		      const char *name, int create, int64_t *id, struct ldg_err *err);

/* Column i of a row as text into dst (NULL gives ""), truncated to fit. */
void ldg_col_text(sqlite3_stmt *st, int i, char *dst, size_t dstsz);

/* Column i as an integer, LDG_NONE when NULL. */
int64_t ldg_col_int64n(sqlite3_stmt *st, int i);

/* Column i, an ISO date, as a day number (LDG_NO_DAY when NULL or bad). */
int32_t ldg_col_day(sqlite3_stmt *st, int i);

/* Bind a day number as ISO text, or NULL for LDG_NO_DAY. */
void ldg_bind_day(sqlite3_stmt *st, int i, int32_t day);

/*
 * Field texts (struct ldg_field): an amount as "1234.50" and a date as ISO,
 * "" when absent (LDG_NONE, LDG_NO_DAY).  malloc'd; NULL when out of memory.
 */
char *ldg_field_amount(int64_t fen);
char *ldg_field_day(int32_t day);

/* The inverse of ldg_field_day: "" gives LDG_NO_DAY, else strict ISO. */
int ldg_field_set_day(int32_t *v, const char *text, struct ldg_err *err);

#endif
