/*
 * cmd_import.c — `pledger import KIND FILE`, `import list`, `import undo`
 * (import.md §4, cli.md).
 */
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli/commands.h"
#include "cli/output.h"
#include "import/import.h"
#include "ledger/db.h"
#include "ledger/money.h"
#include "ledger/lang.h"
#include "ledger/text.h"

#define MAX_WARNINGS 100   /* warnings printed before "N more" */

struct printer {
	struct cli *c;
	long warnings_shown, warnings_hidden;
	time_t started;
	int tty, progress_shown;
};

/* Sink: one stderr line per row error or warning. */
static void print_msg(void *ctx, int is_error, const struct ldg_err *msg)
{
	struct printer *p = ctx;
	char buf[2048];

	if (p->progress_shown) {
		fputs("\r\033[K", p->c->err);
		p->progress_shown = 0;
	}
	ldg_err_format(msg, buf, sizeof(buf));
	if (is_error) {
		cli_put_line(p->c->err, "", buf);
	} else if (p->warnings_shown < MAX_WARNINGS) {
		cli_put_line(p->c->err, _("warning: "), buf);
		p->warnings_shown++;
	} else {
		p->warnings_hidden++;
	}
}

/* Progress on a terminal once the import has run two seconds (import.md §4). */
static void show_progress(void *ctx, long rows, long long bytes, long long total)
{
	struct printer *p = ctx;

	if (!p->tty || time(NULL) - p->started < 2)
		return;
	fprintf(p->c->err, "\r\033[Kimporting: %ld rows, %lld%%", rows,
		total > 0 ? bytes * 100 / total : 0);
	fflush(p->c->err);
	p->progress_shown = 1;
}

/* The highest banks.id (0: none), to tell the banks an import adds. */
static int64_t max_bank_id(struct cli *c)
{
	sqlite3_stmt *st = NULL;
	int64_t id = 0;

	if (ldg_db_prepare(c->db, "SELECT coalesce(max(id), 0) FROM banks", &st, NULL) == 0
	    && sqlite3_step(st) == SQLITE_ROW)
		id = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return id;
}

/*
 * After the summary (import.md §5): each bank the file named first (banks
 * above banks_before) and each enterprise its loan or policy rows created
 * that is not in the register (USCC and name).
 */
static void list_created(struct cli *c, int64_t batch, int64_t banks_before)
{
	static const char bsql[] = "SELECT name FROM banks WHERE id > ?1 ORDER BY id";
	static const char esql[] =
		"SELECT uscc, name FROM enterprises WHERE batch_id = ?1 AND unregistered = 1"
		" ORDER BY uscc";
	sqlite3_stmt *st = NULL;

	if (ldg_db_prepare(c->db, bsql, &st, NULL) == 0) {
		sqlite3_bind_int64(st, 1, banks_before);
		while (sqlite3_step(st) == SQLITE_ROW)
			fprintf(c->out, _("new bank: %s\n"), (const char *)sqlite3_column_text(st, 0));
	}
	sqlite3_finalize(st);
	st = NULL;
	if (ldg_db_prepare(c->db, esql, &st, NULL) == 0) {
		sqlite3_bind_int64(st, 1, batch);
		while (sqlite3_step(st) == SQLITE_ROW)
			fprintf(c->out, _("new enterprise not in the register: %s %s\n"),
				(const char *)sqlite3_column_text(st, 0),
				(const char *)sqlite3_column_text(st, 1));
	}
	sqlite3_finalize(st);
}

/*
 * The summary line of an import (import.md §4, §5).  rc is imp_file()'s.
 * A file refused for its rows or its total row says what would have
 * happened; one refused for a file-level reason (not decodable, a quote
 * left open, no header) took nothing, so it says so instead of counting
 * rows as new; other failures print none.
 */
static void print_summary(struct cli *c, const char *file, const struct imp_report *rep, int rc)
{
	if (rc == LDG_EINPUT && rep->would_be) {
		/* import.md §5: a refused file wrote nothing; say what the valid
		 * rows would have done, never "A new" */
		fprintf(c->out, _("%s: %ld rows, nothing written; would be: %ld new, %ld updated,"
			" %ld unchanged, %ld rejected\n"), file, rep->rows,
			rep->new_rows, rep->updated, rep->unchanged, rep->rejected);
		return;
	}
	if (rc == LDG_EINPUT) {
		fprintf(c->out, _("%s: not imported, nothing written (the file was refused"
			" after %ld rows)\n"), file, rep->rows);
		return;
	}
	if (rc == 0)
		fprintf(c->out, _("%s: %ld rows, %ld new, %ld updated, %ld unchanged, %ld rejected\n"),
			file, rep->rows, rep->new_rows, rep->updated, rep->unchanged,
			rep->rejected);
}

/*
 * `pledger import KIND FILE [options]`: print each row error and warning,
 * then the summary line (import.md §4).
 */
static int import_file(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "encoding", required_argument, NULL, 'e' },
		{ "map", required_argument, NULL, 'm' },
		{ "unit", required_argument, NULL, 'u' },
		{ "bank", required_argument, NULL, 'b' },
		{ "insurer", required_argument, NULL, 'b' },
		{ "dry-run", no_argument, NULL, 'n' },
		{ "skip-invalid", no_argument, NULL, 's' },
		{ "rejects", required_argument, NULL, 'r' },
		{ "sheet", required_argument, NULL, 'S' },
		{ NULL, 0, NULL, 0 }
	};
	struct imp_opts o = IMP_OPTS_INIT;
	struct imp_report rep;
	struct printer pr;
	struct imp_sink sink;
	struct ldg_err err = { 0 };
	enum imp_kind kind;
	int opt, rc, status;
	int64_t banks_before;
	char shown[4200];

	optind = 0;
	opterr = 0;
	while ((opt = getopt_long(argc, argv, ":", opts, NULL)) != -1) {
		switch (opt) {
		case 'e':
			if (imp_encoding_parse(optarg, &o.encoding, &err))
				return cli_usage(c, "%s", err.msg);
			break;
		case 'm': o.map_path = optarg; break;
		case 'u':
			if (strcmp(optarg, "yuan") == 0 || strcmp(optarg, "元") == 0)
				o.unit = LDG_UNIT_YUAN;
			else if (strcmp(optarg, "wan") == 0 || strcmp(optarg, "万元") == 0)
				o.unit = LDG_UNIT_WAN;
			else
				return cli_usage(c, _("bad --unit '%s': yuan or wan"), optarg);
			break;
		case 'b': o.bank = optarg; break;
		case 'n': o.dry_run = 1; break;
		case 's': o.skip_invalid = 1; break;
		case 'r': o.rejects_path = optarg; break;
		case 'S': o.sheet = optarg; break;
		default: return cli_bad_option(c, argv, opt);
		}
	}
	if (argc - optind > 2)
		return cli_usage(c, _("unexpected argument '%s': 'import' takes one FILE"),
				 argv[optind + 2]);
	if (argc - optind != 2)
		return cli_usage(c, _("'import' needs KIND FILE"));
	if (imp_kind_parse(argv[optind], &kind, &err))
		return cli_usage(c, "%s", err.msg);
	if ((status = cli_open_db(c)))
		return status;
	memset(&pr, 0, sizeof(pr));
	pr.c = c;
	pr.started = time(NULL);
	pr.tty = isatty(fileno(c->err));
	sink.fn = print_msg;
	sink.ctx = &pr;
	o.progress = show_progress;
	o.progress_ctx = &pr;
	banks_before = max_bank_id(c);
	rc = imp_file(c->db, kind, argv[optind + 1], &o, &rep, &sink, &err);
	if (pr.progress_shown)
		fputs("\r\033[K", c->err);
	if (pr.warnings_hidden)
		cli_warn(c, _("%ld more warnings not shown"), pr.warnings_hidden);
	/* a file name is printed for people: its control characters escaped */
	print_summary(c, ldg_text_escape(argv[optind + 1], strlen(argv[optind + 1]), shown,
					 sizeof(shown)), &rep, rc);
	if (rc)
		return cli_fail(c, &err);
	if (!o.dry_run && rep.batch_id > 0)
		list_created(c, rep.batch_id, banks_before);
	if (o.dry_run)
		fputs(_("dry run: nothing written\n"), c->out);
	else if (rep.rejects_path[0])
		fprintf(c->out, _("rejected rows written to %s (batch %lld)\n"), rep.rejects_path,
			(long long)rep.batch_id);
	return 0;
}

/* `pledger import list`: the batches, oldest first. */
static int import_list(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "format", required_argument, NULL, 'f' },
		{ NULL, 0, NULL, 0 }
	};
	static const char *const head[] = {
		N_("batch"), N_("kind"), N_("file"), N_("sha256"), N_("created_at"), N_("user"), N_("rows"), N_("new"),
		N_("updated"), N_("unchanged"), N_("rejected"), N_("undone_at")
	};
	struct cli_table *t = NULL;
	sqlite3_stmt *st = NULL;
	struct ldg_err err = { 0 };
	int csv = 0, status, i, step;

	if ((status = cli_list_options(c, argc, argv, opts, NULL, &csv))
	    || (status = cli_open_db(c)))
		return status;
	if (ldg_db_prepare(c->db, "SELECT id, kind, file_name, sha256, created_at, user, rows,"
			   " new_rows, updated, unchanged, rejected, undone_at"
			   " FROM import_batches ORDER BY id", &st, &err))
		return cli_fail(c, &err);
	if (!(t = cli_table_new(12, head))) {
		status = cli_error(c, 3, _("out of memory"));
		goto out;
	}
	for (i = 6; i <= 10; i++)
		cli_table_right(t, i);
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		const char *row[12];
		char shortsha[16];

		for (i = 0; i < 12; i++)
			row[i] = (const char *)sqlite3_column_text(st, i);
		if (!csv && row[3] && strlen(row[3]) > 12) {
			/* the table shows a short hash; CSV the whole one */
			snprintf(shortsha, sizeof(shortsha), "%.12s", row[3]);
			row[3] = shortsha;
		}
		if (cli_table_add(t, row)) {
			status = cli_error(c, 3, _("out of memory"));
			goto out;
		}
	}
	if (step != SQLITE_DONE) {
		/* a read that fails half way is a database error, not a short list */
		ldg_db_error(c->db, "cannot list import batches", &err);
		status = cli_fail(c, &err);
		goto out;
	}
	cli_table_print(t, c->out, csv);
out:
	cli_table_free(t);
	sqlite3_finalize(st);
	return status;
}

/* `pledger import undo BATCH`. */
static int import_undo(struct cli *c, int argc, char **argv)
{
	struct ldg_err err = { 0 };
	long long id;
	long n = 0;
	int status;

	if (argc != 2)
		return cli_usage(c, _("'import undo' needs a batch number"));
	if (cli_num(argv[1], 1, LLONG_MAX, &id))
		return cli_usage(c, _("bad batch number '%s': a whole number from 1 to %lld"),
				 argv[1], LLONG_MAX);
	if ((status = cli_open_db(c)))
		return status;
	if (imp_undo(c->db, id, &n, &err))
		return cli_fail(c, &err);
	fprintf(c->out, _("batch %lld undone: %ld rows removed or restored\n"), id, n);
	return 0;
}

/* Dispatch `import` to a file, list or undo. */
static int cmd_import(struct cli *c, int argc, char **argv)
{
	if (argc < 2)
		return cli_usage(c, _("'import' needs KIND FILE, list or undo"));
	if (strcmp(argv[1], "list") == 0)
		return import_list(c, argc - 1, argv + 1);
	if (strcmp(argv[1], "undo") == 0)
		return import_undo(c, argc - 1, argv + 1);
	return import_file(c, argc, argv);
}

const struct cli_command cmd_import_entry = {
	"import", cmd_import, N_("import bank, insurer and tax files"),
	N_("pledger import loans|policies|enterprises|contributions|bars|rates|targets|accounts FILE\n"
	"          [--encoding auto|utf-8|gb18030] [--map FILE] [--unit yuan|wan]\n"
	"          [--bank NAME] [--dry-run] [--skip-invalid] [--rejects FILE]\n"
	"          [--sheet NAME|N]\n"
	"   or: pledger import list [--format table|csv]\n"
	"   or: pledger import undo BATCH\n"
	"--unit: the unit of amount columns whose header names none (else 元); needed\n"
	"          when a note line or another amount column says 万元")
};
