/*
 * import_int.h — what the files of import/ share and nothing else sees:
 * the canonical columns of each kind (import.md §2), rows of cells, and the
 * context of one import.
 */
#ifndef IMP_IMPORT_INT_H
#define IMP_IMPORT_INT_H

#include "import/import.h"
#include "ledger/store.h"

/* How a column's text is read. */
enum imp_type {
	IMP_T_TEXT = 0,  /* trimmed text */
	IMP_T_MONEY,     /* ldg_money_parse in the cell's unit */
	IMP_T_DATE,      /* ldg_date_parse */
	IMP_T_RATE,      /* ldg_rate_parse */
	IMP_T_BOOL,      /* ldg_bool_parse, empty = no (legal_person: yes) */
	IMP_T_USCC,
	IMP_T_RIGHTS,    /* a list of rights */
	IMP_T_VALUES,    /* a list of amounts, parallel to the rights */
	IMP_T_YEAR,
	IMP_T_CITY,
	IMP_T_KIND,      /* ip_kind */
	IMP_T_CODE,      /* rate kind, metric, period: checked by the kind */
};

struct imp_coldef {
	const char *name;      /* canonical name */
	enum imp_type type;
	int required;          /* 1: the header must have it */
	const char *synonyms;  /* header texts, '|'-separated, without units */
};

/* The columns of a kind, in canonical order; *n gets their number. */
const struct imp_coldef *imp_coldefs(enum imp_kind kind, int *n);

/* Index of canonical column `name` in kind, or -1. */
int imp_col_index(enum imp_kind kind, const char *name);

#define IMP_MAXCOLS 24

struct imp_cell {
	const char *text;   /* NULL or "" when absent */
	int unit;           /* enum ldg_unit (亿元 in targets files); -1: not set */
	const char *label;  /* header text or option name, for messages */
	int owned;          /* text and label are malloc'd (imp_row_set) */
};

struct imp_row {
	enum imp_kind kind;
	const char *file;   /* for messages, may be NULL */
	long line;          /* 0 when not from a file */
	int ncols;
	struct imp_cell cell[IMP_MAXCOLS];
	const char *bank;   /* --bank: bank or insurer for the whole file */
	int default_unit;   /* --unit, or -1 */
};

/* Clear the cells (freeing owned ones); keeps kind, file, line. */
void imp_row_clear(struct imp_row *row);

#define IMP_CITY_CACHE 8

/*
 * Enterprises a loans or policies import met lately, so that a row of a
 * known enterprise needs no SELECT (import.md §4 "Imports stream": a fixed
 * table, not one entry per enterprise).  Only what ensure_enterprise()
 * compares is kept: the city and a hash of the recorded name; any
 * difference falls back to the database, which words the warning.
 */
#define IMP_ENT_CACHE 32768   /* slots, a power of two */

struct imp_ent_slot {
	char uscc[19];        /* "" : empty */
	char city[7];
	uint64_t name_hash;
};

/* The state of one import (or one manual change). */
struct imp_ctx {
	sqlite3 *db;
	struct ldg_store store;
	int64_t batch_id;             /* 0: manual */
	const struct imp_sink *sink;
	long warnings;
	long row_errors;              /* errors reported for the current row */
	sqlite3_stmt *seen;           /* INSERT INTO temp.imp_seen */
	char city_text[IMP_CITY_CACHE][64]; /* cities resolved lately */
	char city_code[IMP_CITY_CACHE][8];
	unsigned city_next;
	struct imp_ent_slot *ents;    /* IMP_ENT_CACHE slots, or NULL */
};

/* Forget the enterprises cached in c (after a ROLLBACK TO). */
void imp_ctx_forget(struct imp_ctx *c);

void imp_ctx_init(struct imp_ctx *c, sqlite3 *db, int64_t batch_id,
		  const struct imp_sink *sink);
void imp_ctx_release(struct imp_ctx *c);

/* Validate and write one row (import.h imp_row_apply, with a context). */
int imp_apply(struct imp_ctx *c, struct imp_row *row, enum imp_mode mode,
	      int accept_nonstandard, enum imp_outcome *outcome, char *key,
	      struct ldg_err *err);

/*
 * Send a message about row/column to the sink.  col -1: the row as a
 * whole.  e holds msg and value; place is filled here.
 */
void imp_report(struct imp_ctx *c, const struct imp_row *row, int col,
		int is_error, struct ldg_err *e);

/* Fold header text for matching: full-width → ASCII, spaces removed,
 * ASCII lower-cased.  Writes into out. */
void imp_fold_header(const char *in, char *out, size_t outsz);

/*
 * The secondary indexes a large loans import drops and builds again at the
 * end (import.c).  No statement run for each row may need one of them: the
 * probable-duplicate test, which read loans_uscc, uses ldg_bank_dup_keys
 * instead (bank.h); check_import's test_bulk_rows_use_indexes guards it.
 */
struct imp_bulk {
	char *sql[16];  /* CREATE text of each index dropped */
	int n;
};

/* Keep the CREATE text of the non-unique indexes of loans and loan_rights
 * in b, and drop them (inside the caller's transaction). */
int imp_bulk_drop(sqlite3 *db, struct imp_bulk *b, struct ldg_err *err);

/* Free the texts kept by imp_bulk_drop(). */
void imp_bulk_release(struct imp_bulk *b);

#endif
