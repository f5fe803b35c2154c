/*
 * entry.c — see entry.h.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/entry.h"
#include "cli/output.h"
#include "ledger/db.h"
#include "ledger/money.h"

/* Sink for `add`: errors and warnings as they come. */
static void say(void *ctx, int is_error, const struct ldg_err *msg)
{
	struct cli *c = ctx;
	char buf[2048];

	ldg_err_format(msg, buf, sizeof(buf));
	fprintf(c->err, "pledger: %s%s\n", is_error ? "" : "warning: ", buf);
}

/* cli_entry_add: see entry.h. */
int cli_entry_add(struct cli *c, enum imp_kind kind, int allow_nonstandard,
		  int argc, char **argv)
{
	struct imp_row *row = NULL;
	struct imp_sink sink = { say, c };
	struct ldg_err err = { 0 };
	enum imp_outcome outcome;
	char key[IMP_KEYSZ];
	int i, status = 0, accept = 0, given = 0;

	if (!(row = imp_row_new(kind, NULL, 0)))
		return cli_error(c, 3, "out of memory");
	for (i = 1; i < argc; i++) {
		const char *a = argv[i], *value;
		char name[128];
		const char *eq;

		if (strncmp(a, "--", 2) != 0 || !a[2]) {
			status = cli_usage(c, "unexpected argument '%s'", a);
			goto out;
		}
		if (allow_nonstandard && strcmp(a, "--accept-nonstandard-uscc") == 0) {
			accept = 1;
			continue;
		}
		eq = strchr(a, '=');
		if (eq) {
			snprintf(name, sizeof(name), "%.*s", (int)(eq - a - 2), a + 2);
			value = eq + 1;
		} else {
			if (i + 1 >= argc) {
				status = cli_usage(c, "option '%s' needs a value", a);
				goto out;
			}
			snprintf(name, sizeof(name), "%s", a + 2);
			value = argv[++i];
		}
		if (imp_row_set(row, name, value, name, &err)) {
			status = err.code == LDG_EUSAGE ? cli_usage(c, "%s", err.msg) : cli_fail(c, &err);
			goto out;
		}
		given++;
	}
	if (!given) {
		status = cli_usage(c, "'%s add' needs the record's columns as options",
				   c->cmd ? c->cmd->name : "add");
		goto out;
	}
	if ((status = cli_open_db(c)))
		goto out;
	if (ldg_db_begin(c->db, &err)) {
		status = cli_fail(c, &err);
		goto out;
	}
	if (imp_row_apply(c->db, row, IMP_MODE_INSERT, accept, 0, &sink, &outcome, key, &err)) {
		ldg_db_rollback(c->db);
		status = cli_fail(c, &err);
		goto out;
	}
	if (outcome == IMP_REJECTED) {
		ldg_db_rollback(c->db);
		status = 1;
		goto out;
	}
	if (ldg_db_commit(c->db, &err)) {
		ldg_db_rollback(c->db);
		status = cli_fail(c, &err);
		goto out;
	}
	fprintf(c->out, "added %s '%s'%s\n", c->cmd ? c->cmd->name : "record", key,
		accept ? " (nonstandard USCC accepted on purpose)" : "");
out:
	imp_row_free(row);
	return status;
}

/* cli_entry_list: see entry.h. */
int cli_entry_list(struct cli *c, const char *sql, int ncols,
		   const char *const *head, unsigned money_cols, const char *city,
		   const char *uscc, const char *year, const char *extra, int csv)
{
	struct cli_table *t = NULL;
	sqlite3_stmt *st = NULL;
	struct ldg_err err = { 0 };
	char code[8];
	const char **row = NULL;
	char (*money)[LDG_MONEY_BUFSZ] = NULL;
	int status, i;

	if ((status = cli_open_db(c)))
		return status;
	if (city && ldg_city_resolve(c->db, city, code, NULL, 0, &err))
		return cli_fail(c, &err);
	if (ldg_db_prepare(c->db, sql, &st, &err))
		return cli_fail(c, &err);
	ldg_bind_text(st, 1, city ? code : NULL);
	ldg_bind_text(st, 2, uscc);
	ldg_bind_text(st, 3, year);
	ldg_bind_text(st, 4, extra);
	row = calloc((size_t)ncols, sizeof(*row));
	money = calloc((size_t)ncols, sizeof(*money));
	if (!row || !money || !(t = cli_table_new(ncols, head))) {
		status = cli_error(c, 3, "out of memory");
		goto out;
	}
	for (i = 0; i < ncols; i++)
		if (money_cols & (1u << i))
			cli_table_right(t, i);
	while (sqlite3_step(st) == SQLITE_ROW) {
		for (i = 0; i < ncols; i++) {
			if ((money_cols & (1u << i)) && sqlite3_column_type(st, i) != SQLITE_NULL)
				row[i] = ldg_money_format(sqlite3_column_int64(st, i), !csv, money[i]);
			else
				row[i] = (const char *)sqlite3_column_text(st, i);
		}
		if (cli_table_add(t, row)) {
			status = cli_error(c, 3, "out of memory");
			goto out;
		}
	}
	cli_table_print(t, c->out, csv);
out:
	cli_table_free(t);
	sqlite3_finalize(st);
	free(row);
	free(money);
	return status;
}
