/*
 * cmd_demo.c — `pledger demo`: the whole job on sample data (cli.md
 * "demo").
 *
 * In DIR (default ./demo): a fresh database, the sample files of
 * demo_gen.c, their import, the subsidy runs of 2023 and 2024 computed and
 * finalized for the four cities, the first city's 2024 taken on through
 * the year's cycle (publish, an objection resolved, pay: cycle.md), every
 * workbook, and a short summary.
 *
 * Every step goes through the command line contract: the demo calls
 * cli_main() in-process with the argv a clerk would type, and reads the
 * programs' CSV output (`subsidy show --format csv`, `targets --format
 * csv`) for its summary.  A step that fails prints its first error lines
 * and the demo goes on with the rest; the exit status is then the first
 * failure's.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/commands.h"
#include "cli/demo_gen.h"
#include "cli/output.h"
#include "ledger/cycle.h"
#include "ledger/db.h"
#include "ledger/users.h"
#include "ledger/subsidy.h"
#include "ledger/lang.h"

#define DEMO_YEAR_FIRST 2023
#define DEMO_YEAR_LAST  2024
#define DEMO_AS_OF      "2025-12-31"   /* the data are as sent at the end of 2025 */
#define DEMO_PBOC       "2025"
#define MAX_REPORTS     32
#define MAX_ARGS        24
/* The demo's two people (cycle.md §1 four eyes), also workbench users. */
#define CLI_DEMO_CLERK    "demo-clerk"
#define CLI_DEMO_REVIEWER "demo-reviewer"
#define CLI_DEMO_PASSWORD "pledger-demo"

struct demo {
	struct cli *c;
	char db[1100];                    /* DIR/pledger.db */
	int failures;                     /* steps that failed */
	int first_status;                 /* exit status of the first failure */
	char reports[MAX_REPORTS][1100];  /* workbooks written */
	int nreports;
	int64_t payable[DEMO_CITY_COUNT][DEMO_YEAR_LAST - DEMO_YEAR_FIRST + 1];
	int64_t forfeited[DEMO_CITY_COUNT][DEMO_YEAR_LAST - DEMO_YEAR_FIRST + 1];
	int64_t carried[DEMO_CITY_COUNT][DEMO_YEAR_LAST - DEMO_YEAR_FIRST + 1];
	long rows[DEMO_CITY_COUNT][DEMO_YEAR_LAST - DEMO_YEAR_FIRST + 1][3]; /* ok blocked barred */
	int finalized[DEMO_CITY_COUNT][DEMO_YEAR_LAST - DEMO_YEAR_FIRST + 1];
	int shown[DEMO_CITY_COUNT][DEMO_YEAR_LAST - DEMO_YEAR_FIRST + 1];
	int paid[DEMO_CITY_COUNT][DEMO_YEAR_LAST - DEMO_YEAR_FIRST + 1];
	int publicized[DEMO_CITY_COUNT][DEMO_YEAR_LAST - DEMO_YEAR_FIRST + 1];
	char *targets_csv;                /* `targets --format csv` output, or NULL */
};

/*
 * Run `pledger --db DB args...` in-process.  args is NULL-terminated.
 * With out != NULL the command's stdout is returned there (malloc'd, the
 * caller frees); otherwise it is dropped.  Its stderr is kept and, when the
 * step fails, its first lines are shown under a line naming the step.
 * Returns the command's exit status.
 */
static int step(struct demo *d, char **out, const char *const *args)
{
	char *argv[MAX_ARGS + 4], *obuf = NULL, *ebuf = NULL;
	size_t olen = 0, elen = 0;
	FILE *fo, *fe;
	int argc = 0, status, i;

	argv[argc++] = (char *)"pledger";
	argv[argc++] = (char *)"--db";
	argv[argc++] = d->db;
	for (i = 0; args[i] && argc < MAX_ARGS + 3; i++)
		argv[argc++] = (char *)args[i];
	argv[argc] = NULL;
	if (out)
		*out = NULL;
	fo = open_memstream(&obuf, &olen);
	fe = open_memstream(&ebuf, &elen);
	if (!fo || !fe) {
		if (fo)
			fclose(fo);
		if (fe)
			fclose(fe);
		free(obuf);
		free(ebuf);
		return cli_error(d->c, 3, _("out of memory"));
	}
	status = cli_main(argc, argv, fo, fe);
	fclose(fo);
	fclose(fe);
	if (status != 0) {
		const char *p = ebuf ? ebuf : "";
		int lines = 0;

		fputs(_("pledger: demo step failed:"), d->c->err);
		for (i = 3; i < argc; i++)
			fprintf(d->c->err, " %s", argv[i]);
		fputc('\n', d->c->err);
		while (*p && lines < 8) {
			const char *nl = strchr(p, '\n');
			size_t n = nl ? (size_t)(nl - p) : strlen(p);

			fprintf(d->c->err, "    %.*s\n", (int)n, p);
			p += n + (nl != NULL);
			lines++;
		}
		if (*p)
			fputs("    ...\n", d->c->err);
		if (!d->failures++)
			d->first_status = status;
	}
	if (out && status == 0)
		*out = obuf;
	else
		free(obuf);
	free(ebuf);
	return status;
}

/* Parse "1234.50" (the CLI's CSV amounts) into fen; 0 on anything else. */
static int64_t csv_fen(const char *s, size_t n)
{
	int64_t v = 0;
	int neg = 0, dec = -1;
	size_t i = 0;

	if (n && s[0] == '-') {
		neg = 1;
		i = 1;
	}
	for (; i < n; i++) {
		if (s[i] == '.' && dec < 0) {
			dec = 0;
		} else if (s[i] >= '0' && s[i] <= '9' && dec < 2 && v < INT64_MAX / 100) {
			v = v * 10 + (s[i] - '0');
			if (dec >= 0)
				dec++;
		} else {
			return 0;
		}
	}
	while (dec < 2) {
		v *= 10;
		dec = dec < 0 ? 1 : dec + 1;
	}
	return neg ? -v : v;
}

/*
 * Split one CSV line (RFC 4180, no line breaks inside fields: the CLI's
 * rows have none) into at most max fields, unquoting in place.  Returns the
 * number of fields.
 */
static int csv_split(char *line, char **f, int max)
{
	int n = 0;
	char *p = line;

	while (n < max) {
		if (*p == '"') {
			char *w = ++p;

			f[n++] = w;
			while (*p) {
				if (*p == '"' && p[1] == '"') {
					*w++ = '"';
					p += 2;
				} else if (*p == '"') {
					p++;
					break;
				} else {
					*w++ = *p++;
				}
			}
			*w = '\0';
			if (*p == ',')
				p++;
			else
				break;
		} else {
			char *comma = strchr(p, ',');

			f[n++] = p;
			if (!comma)
				break;
			*comma = '\0';
			p = comma + 1;
		}
	}
	return n;
}

/* Add up a `subsidy show --format csv` output (cli.md column order). */
static void read_run(struct demo *d, int city, int yi, char *csv)
{
	char *save = NULL, *line;
	int first = 1;

	for (line = strtok_r(csv, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char *f[16];
		int n = csv_split(line, f, 16);

		if (first) {
			first = 0;
			continue;
		}
		if (n < 13)
			continue;
		d->payable[city][yi] += csv_fen(f[9], strlen(f[9]));
		d->carried[city][yi] += csv_fen(f[10], strlen(f[10]));
		d->forfeited[city][yi] += csv_fen(f[11], strlen(f[11]));
		d->rows[city][yi][strcmp(f[12], "ok") == 0 ? 0 : strcmp(f[12], "blocked") == 0 ? 1 : 2]++;
	}
	d->shown[city][yi] = 1;
}

/* Make a directory; an existing one is fine. */
static int make_dir(struct demo *d, const char *path)
{
	if (mkdir(path, 0777) != 0 && errno != EEXIST)
		return cli_error(d->c, 3, _("cannot create directory '%s': %s"), path, strerror(errno));
	return 0;
}

/* The mark of a directory the demo made (issue 12): a file in it. */
#define DEMO_MARK ".pledger-demo"

/* 1 when name is one of the entries a demo directory holds. */
static int demo_entry(const char *name)
{
	static const char *const names[] = {
		".", "..", DEMO_MARK, "files", "reports", "pledger.db", "pledger.db-wal",
		"pledger.db-shm", "pledger.db-journal", NULL
	};
	int i;

	for (i = 0; names[i]; i++)
		if (strcmp(name, names[i]) == 0)
			return 1;
	return 0;
}

/*
 * 1 when dir is a demo directory made before the mark existed: only the
 * demo's entries, files/enterprises.csv, and a ledger every import batch
 * of which read a file under dir/files/ that is still there (so no office
 * ever imported its own files into it).
 */
static int earlier_demo(const char *dir, const char *dbpath)
{
	static const char sql[] = "SELECT file_name FROM import_batches";
	char path[1200];
	struct stat st;
	sqlite3 *db = NULL;
	sqlite3_stmt *q = NULL;
	int ok = 0, rc, n = 0;

	snprintf(path, sizeof(path), "%s/files/enterprises.csv", dir);
	if (stat(path, &st) != 0 || !S_ISREG(st.st_mode))
		return 0;
	if (sqlite3_open_v2(dbpath, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK
	    || sqlite3_prepare_v2(db, sql, -1, &q, NULL) != SQLITE_OK)
		goto out;
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		const char *f = (const char *)sqlite3_column_text(q, 0);
		const char *at = f ? strstr(f, "files/") : NULL;

		if (!at || (at != f && at[-1] != '/'))
			goto out;
		snprintf(path, sizeof(path), "%s/%s", dir, at);
		if (stat(path, &st) != 0)
			goto out;
		n++;
	}
	ok = rc == SQLITE_DONE && n > 0;
out:
	sqlite3_finalize(q);
	sqlite3_close(db);
	return ok;
}

/*
 * The demo writes only into a directory that is new, empty, or one it made
 * (holding DEMO_MARK), or one an earlier demo made before the mark
 * existed (earlier_demo): never over an office's ledger (`demo --dir .`).
 * Creates dir and the mark.  Returns 0 or the exit status (3), printed.
 */
static int demo_dir(struct demo *d, const char *dir)
{
	char mark[1200];
	struct stat st;
	struct dirent *de;
	DIR *dp;
	int fd, empty = 1, shaped = 1;

	snprintf(mark, sizeof(mark), "%s/" DEMO_MARK, dir);
	if (lstat(dir, &st) != 0) {
		if (errno != ENOENT || mkdir(dir, 0777) != 0)
			return cli_error(d->c, 3, _("cannot create directory '%s': %s"), dir,
					 strerror(errno));
	} else if (!S_ISDIR(st.st_mode)) {
		return cli_error(d->c, 3, _("cannot use '%s' for the demo: not a directory"), dir);
	} else if (lstat(mark, &st) == 0 && S_ISREG(st.st_mode)) {
		return 0;
	} else {
		if (!(dp = opendir(dir)))
			return cli_error(d->c, 3, _("cannot read directory '%s': %s"), dir,
					 strerror(errno));
		while ((de = readdir(dp)) != NULL) {
			if (strcmp(de->d_name, ".") && strcmp(de->d_name, ".."))
				empty = 0;
			if (!demo_entry(de->d_name))
				shaped = 0;
		}
		closedir(dp);
		if (!empty && !(shaped && earlier_demo(dir, d->db)))
			return cli_error(d->c, 3, "refusing to write the demo into '%s': it is not"
					 " empty and not a directory the demo made (no " DEMO_MARK
					 "); name a new or empty directory", dir);
	}
	if ((fd = open(mark, O_WRONLY | O_CREAT | O_CLOEXEC, 0666)) < 0 || close(fd) != 0)
		return cli_error(d->c, 3, _("cannot write '%s': %s"), mark, strerror(errno));
	return 0;
}

/* Remove the demo database and its WAL files so that DIR gets a fresh one. */
static int fresh_db(struct demo *d)
{
	static const char *const suffix[] = { "", "-wal", "-shm", "-journal" };
	char path[1200];
	size_t i;

	for (i = 0; i < sizeof(suffix) / sizeof(suffix[0]); i++) {
		snprintf(path, sizeof(path), "%s%s", d->db, suffix[i]);
		if (unlink(path) != 0 && errno != ENOENT)
			return cli_error(d->c, 3, _("cannot remove '%s': %s"), path, strerror(errno));
	}
	return 0;
}

/* Write one workbook: `report KIND args... -o DIR/reports/NAME`. */
static void report(struct demo *d, const char *dir, const char *name, const char *const *args)
{
	const char *a[MAX_ARGS];
	char path[1100];
	int n = 0, i;

	snprintf(path, sizeof(path), "%s/reports/%s", dir, name);
	for (i = 0; args[i] && n < MAX_ARGS - 3; i++)
		a[n++] = args[i];
	a[n++] = "-o";
	a[n++] = path;
	a[n] = NULL;
	if (step(d, NULL, a) == 0 && d->nreports < MAX_REPORTS)
		snprintf(d->reports[d->nreports++], sizeof(d->reports[0]), "%s", path);
}

/* "12.34" 亿元 from fen, half up. */
static char *fmt_yi(int64_t fen, char *buf, size_t sz)
{
	int64_t c = (fen + 50000000) / 100000000;   /* hundredths of 亿元 */

	snprintf(buf, sz, "%lld.%02lld", (long long)(c / 100), (long long)(c % 100));
	return buf;
}

/* "1,234,567.89" from fen. */
static char *fmt_money(int64_t fen, char *buf, size_t sz)
{
	char d[24], g[32];
	int n, i, o = 0;

	n = snprintf(d, sizeof(d), "%lld", (long long)(fen < 0 ? -fen : fen) / 100);
	for (i = 0; i < n; i++) {
		if (i > 0 && (n - i) % 3 == 0)
			g[o++] = ',';
		g[o++] = d[i];
	}
	g[o] = '\0';
	snprintf(buf, sz, "%s%s.%02lld", fen < 0 ? "-" : "", g, (long long)((fen < 0 ? -fen : fen) % 100));
	return buf;
}

/* Loans recorded per demo city (by the enterprise's city). */
static void count_loans(struct demo *d, long counts[DEMO_CITY_COUNT])
{
	static const char sql[] =
		"SELECT e.city, count(*) FROM loans l JOIN enterprises e ON e.uscc = l.uscc "
		"GROUP BY e.city";
	struct ldg_err err = { 0 };
	sqlite3 *db = NULL;
	sqlite3_stmt *st = NULL;
	int i;

	for (i = 0; i < DEMO_CITY_COUNT; i++)
		counts[i] = 0;
	if (ldg_db_open(d->db, 0, &db, &err) || ldg_db_prepare(db, sql, &st, &err))
		goto out;
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char *code = (const char *)sqlite3_column_text(st, 0);

		for (i = 0; code && i < DEMO_CITY_COUNT; i++)
			if (strcmp(code, cli_demo_city_code[i]) == 0)
				counts[i] = (long)sqlite3_column_int64(st, 1);
	}
out:
	sqlite3_finalize(st);
	ldg_db_close(db);
}

/* The Chinese name of a targets.md metric (the CSV's `metric` value). */
static const char *metric_label(const char *m)
{
	if (strcmp(m, "financing") == 0)
		return "质押融资金额";
	if (strcmp(m, "registered") == 0)
		return "质押登记额";
	if (strcmp(m, "credit") == 0)
		return "质押融资授信额";
	return m;
}

/* The workbench's demo clerk and reviewer (web.md §2), one password. */
static int demo_users(struct cli *c, struct demo *d)
{
	struct ldg_err err = { 0 };
	sqlite3 *db = NULL;
	int status = 0;

	if (ldg_db_open(d->db, 0, &db, &err)
	    || ldg_users_add(db, CLI_DEMO_CLERK, LDG_ROLE_CLERK, CLI_DEMO_PASSWORD, &err)
	    || ldg_users_add(db, CLI_DEMO_REVIEWER, LDG_ROLE_REVIEWER, CLI_DEMO_PASSWORD, &err))
		status = cli_fail(c, &err);
	ldg_db_close(db);
	return status;
}

/*
 * The year's cycle (cycle.md §1) for the first city whose last year is
 * finalized: publish it (公示 2025-03-03 to 2025-03-09), record an
 * objection and dismiss it, and pay it (2025-03-12).  Pay needs every
 * payee's account when the database keeps accounts (import accounts, branch
 * paper): while one is missing the demo says so and leaves the run
 * publicized — importing the sample accounts before this step switches
 * payment on.
 */
static void cycle(struct demo *d, const char *year)
{
	int yi = DEMO_YEAR_LAST - DEMO_YEAR_FIRST, i;
	struct ldg_err err = { 0 };
	struct ldg_run_info info;
	char first[LDG_USCC_BUFSZ] = "";
	char *csv = NULL;
	size_t missing = 0;
	int have = 0, st;
	sqlite3 *db = NULL;

	for (i = 0; i < DEMO_CITY_COUNT && !d->finalized[i][yi]; i++)
		;
	if (i == DEMO_CITY_COUNT)
		return;
	{
		const char *pub[] = { "subsidy", "publish", "--city", cli_demo_city_name[i], "--year",
				      year, "--from", "2025-03-03", "--to", "2025-03-09", NULL };
		const char *show[] = { "subsidy", "show", "--city", cli_demo_city_name[i], "--year",
				       year, "--format", "csv", NULL };

		if (step(d, NULL, pub))
			return;
		d->publicized[i][yi] = 1;
		/* the objection is against the run's first enterprise */
		if (step(d, &csv, show) == 0 && csv) {
			char *nl = strchr(csv, '\n'), *comma = nl ? strchr(nl + 1, ',') : NULL;

			if (comma && comma - (nl + 1) == LDG_USCC_BUFSZ - 1) {
				memcpy(first, nl + 1, LDG_USCC_BUFSZ - 1);
				first[LDG_USCC_BUFSZ - 1] = '\0';
			}
		}
		free(csv);
	}
	if (first[0]) {
		const char *add[] = { "subsidy", "objection", "add", "--city", cli_demo_city_name[i],
				      "--year", year, "--enterprise", first, "--text",
				      "对贴息金额有异议（演示）", "--date", "2025-03-05", NULL };
		const char *res[] = { "subsidy", "objection", "resolve", "1", "--outcome", "dismissed",
				      "--text", "经核实，金额按实施意见计算无误（演示）", NULL };

		if (step(d, NULL, add) || step(d, NULL, res))
			return;
	}
	/* payee accounts: pay only when none is missing (or none are kept) */
	if (ldg_db_open(d->db, 0, &db, &err) == 0
	    && ldg_run_get(db, cli_demo_city_code[i], DEMO_YEAR_LAST, &info, &err) == 0)
		ldg_run_accounts_missing(db, info.id, &have, &missing, NULL, &err);
	ldg_db_close(db);
	if (missing) {
		fprintf(d->c->out, _("%s %s publicized, not paid: %zu payees without an account "
			"(pledger import accounts FILE, then subsidy pay)\n"), cli_demo_city_name[i],
			year, missing);
		return;
	}
	{
		const char *pay[] = { "subsidy", "pay", "--city", cli_demo_city_name[i], "--year", year,
				      "--date", "2025-03-12", "--voucher", "财拨〔2025〕8号", NULL };

		if ((st = step(d, NULL, pay)) == 0)
			d->paid[i][yi] = 1;
	}
	fprintf(d->c->out, _("%s %s taken through the cycle: publicized 2025-03-03 to 2025-03-09, "
		"one objection dismissed, %s\n"), cli_demo_city_name[i], year,
		d->paid[i][yi] ? _("paid 2025-03-12") : _("not paid"));
	fflush(d->c->out);
}

/* The summary: loans and subsidy per city, target status, the paths. */
static void summary(struct demo *d, const char *dir, const struct cli_demo_manifest *m)
{
	static const char *const head[] = {
		N_("city"), N_("loans"), N_("payable 2023"), N_("payable 2024"), N_("carried to 2025"),
		N_("lapsed"), N_("runs"),
	};
	static const char *const thead[] = {
		N_("city"), N_("metric"), N_("period"), N_("target 亿元"), N_("actual 亿元"), N_("progress"),
		N_("status"),
	};
	struct cli_table *t = cli_table_new(7, head);
	long loans[DEMO_CITY_COUNT];
	int i, y, ny = DEMO_YEAR_LAST - DEMO_YEAR_FIRST + 1;
	FILE *o = d->c->out;

	count_loans(d, loans);
	for (i = 0; t && i < DEMO_CITY_COUNT; i++) {
		char nl[24], p[2][48], carried[48], lapsed[48], runs[160];
		const char *row[7] = { cli_demo_city_name[i], nl, p[0], p[1], carried, lapsed, runs };
		int64_t lapse = 0;
		size_t off = 0;

		snprintf(nl, sizeof(nl), "%ld", loans[i]);
		for (y = 0; y < ny; y++) {
			if (d->shown[i][y])
				fmt_money(d->payable[i][y], p[y], sizeof(p[y]));
			else
				snprintf(p[y], sizeof(p[y]), "-");
			lapse += d->forfeited[i][y];
			/* the run states' own words (ldg_run_state_name), 已拨付 … 草稿 */
			if (off < sizeof(runs))
				off += (size_t)snprintf(runs + off, sizeof(runs) - off, "%s%d %s",
							y ? ", " : "", DEMO_YEAR_FIRST + y,
							d->paid[i][y] ? _("paid")
							: d->publicized[i][y] ? _("publicized")
							: d->finalized[i][y] ? _("finalized")
							: d->shown[i][y] ? _("draft") : _("none"));
			if (d->rows[i][y][1] && off < sizeof(runs))
				off += (size_t)snprintf(runs + off, sizeof(runs) - off, _(" (%ld blocked)"),
							d->rows[i][y][1]);
		}
		if (d->shown[i][ny - 1]) {
			fmt_money(d->carried[i][ny - 1], carried, sizeof(carried));
			fmt_money(lapse, lapsed, sizeof(lapsed));
		} else {
			snprintf(carried, sizeof(carried), "-");
			snprintf(lapsed, sizeof(lapsed), "-");
		}
		cli_table_add(t, row);
	}
	if (t) {
		for (i = 1; i < 6; i++)
			cli_table_right(t, i);
		fputs(_("\nsubsidy (yuan):\n"), o);
		cli_table_print(t, o, 0);
		cli_table_free(t);
	}

	if (d->targets_csv && (t = cli_table_new(7, thead))) {
		char *save = NULL, *line;
		int first = 1;

		for (line = strtok_r(d->targets_csv, "\n", &save); line;
		     line = strtok_r(NULL, "\n", &save)) {
			char *f[12], tg[32], ac[32], pr[16];
			int n = csv_split(line, f, 12);

			if (first || n < 10 || strcmp(f[9], "no_target") == 0) {
				first = 0;
				continue;
			}
			fmt_yi(csv_fen(f[4], strlen(f[4])), tg, sizeof(tg));
			fmt_yi(csv_fen(f[5], strlen(f[5])), ac, sizeof(ac));
			snprintf(pr, sizeof(pr), "%s%%", f[6]);
			{
				const char *row[7] = { f[0], metric_label(f[2]), f[3], tg, ac, pr, _(f[9]) };

				cli_table_add(t, row);
			}
		}
		for (i = 3; i < 6; i++)
			cli_table_right(t, i);
		fprintf(o, _("\ntargets (as of %s):\n"), DEMO_AS_OF);
		cli_table_print(t, o, 0);
		cli_table_free(t);
	}

	fprintf(o, _("\nfiles as the offices sent them: %s/files/ (%d files)\n"), dir, m->nfiles);
	fprintf(o, _("database: %s\n"), d->db);
	if (d->nreports) {
		fprintf(o, _("workbooks:\n"));
		for (i = 0; i < d->nreports; i++)
			fprintf(o, "  %s\n", d->reports[i]);
	}
	/* the last lines: how to see all this in the workbench (web.md) */
	fprintf(o, _("\nthe workbench: pledger --db %s serve\n"
		"  then open http://127.0.0.1:8080/ and sign in as %s (经办, clerk) or\n"
		"  %s (审核, reviewer), password %s\n"), d->db, CLI_DEMO_CLERK,
		CLI_DEMO_REVIEWER, CLI_DEMO_PASSWORD);
}

/* Parse a whole number in [lo, hi]; -1 when it is not one. */
static int parse_num(const char *s, unsigned long long hi, unsigned long long *v)
{
	const char *p;
	char *end;

	/* digits only, as cli_num (which stops at LLONG_MAX: a seed may not) */
	for (p = s; *p; p++)
		if (*p < '0' || *p > '9')
			return -1;
	if (!*s)
		return -1;
	errno = 0;
	*v = strtoull(s, &end, 10);
	if (errno || *end || *v > hi)
		return -1;
	return 0;
}

/*
 * `pledger demo [--dir DIR] [--loans N] [--seed S]`: generate, import,
 * compute and finalize 2023 and 2024, write every workbook, summarise.
 * Returns 0 when every step ran, the first failed step's status, or 3 when
 * a step's command is not in this build (usage mistakes: 2).
 */
static int cmd_demo(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "dir", required_argument, NULL, 'd' },
		{ "loans", required_argument, NULL, 'n' },
		{ "seed", required_argument, NULL, 's' },
		{ NULL, 0, NULL, 0 }
	};
	const char *dir = "demo";
	unsigned long long loans = DEMO_DEFAULT_LOANS, seed = 1;
	long long nloans;
	struct cli_demo_manifest *m = NULL;
	struct ldg_err err = { 0 };
	struct demo *d = NULL;
	char path[1100], ybuf[2][16];
	int o, i, y, status = 0;

	optind = 0;
	opterr = 0;
	while ((o = getopt_long(argc, argv, ":", opts, NULL)) != -1) {
		switch (o) {
		case 'd': dir = optarg; break;
		case 'n':
			if (cli_num(optarg, 0, DEMO_MAX_LOANS, &nloans))
				return cli_usage(c, _("bad --loans '%s': a whole number from 0 to %ld"),
						 optarg, DEMO_MAX_LOANS);
			loans = (unsigned long long)nloans;
			break;
		case 's':
			if (parse_num(optarg, UINT64_MAX, &seed))
				return cli_usage(c, _("bad --seed '%s': a whole number"), optarg);
			break;
		default: return cli_bad_option(c, argv, o);
		}
	}
	if (optind != argc)
		return cli_usage(c, _("unexpected argument '%s'"), argv[optind]);
	if (!*dir)
		return cli_usage(c, _("--dir needs a directory"));
	m = calloc(1, sizeof(*m));
	d = calloc(1, sizeof(*d));
	if (!m || !d) {
		status = cli_error(c, 3, _("out of memory"));
		goto out;
	}
	d->c = c;
	snprintf(d->db, sizeof(d->db), "%s/pledger.db", dir);
	snprintf(path, sizeof(path), "%s/reports", dir);
	if ((status = demo_dir(d, dir)) || (status = make_dir(d, path)) || (status = fresh_db(d)))
		goto out;

	fprintf(c->out, _("pledger demo: seed %llu, %llu loans, in %s/\n"), seed, loans, dir);
	if (cli_demo_generate(dir, (long)loans, (uint64_t)seed, m, &err)) {
		status = cli_fail(c, &err);
		goto out;
	}
	fprintf(c->out, _("wrote %d files as the offices send them: %ld enterprises, %ld loans "
		"(%d banks), %ld policies (2 insurers), %ld contributions, %ld bar\n"), m->nfiles,
		m->enterprises, m->loans, m->nfiles - 6, m->policies, m->contributions, m->bars);
	fflush(c->out);

	{
		const char *a[] = { "init", NULL };

		if (step(d, NULL, a)) {
			status = d->first_status;
			goto out;
		}
		if ((status = demo_users(c, d)))
			goto out;
	}
	{
		/* 嘉兴市 lets an unpaid amount wait one year only: shows a lapse */
		const char *a[] = { "scheme", "set", "--city", "嘉兴市", "carry_years", "1", NULL };

		step(d, NULL, a);
	}
	for (i = 0; i < DEMO_CITY_COUNT; i++) {
		/* the 编制单位 and the document the lists cite (cycle.md §4) */
		char office[128], doc[256];
		const char *a[] = { "city", "set", cli_demo_city_code[i], "office_name", office, NULL };
		const char *b[] = { "scheme", "set", "--city", cli_demo_city_code[i], "policy_document",
				    doc, NULL };

		snprintf(office, sizeof(office), "%s市场监督管理局", cli_demo_city_name[i]);
		if (i == 0)
			snprintf(doc, sizeof(doc), "东政办发〔2021〕xx号《关于全面加强知识产权工作的实施意见》");
		else
			snprintf(doc, sizeof(doc), "《%s知识产权质押融资扶持办法》（示例）", cli_demo_city_name[i]);
		step(d, NULL, a);
		step(d, NULL, b);
	}
	for (i = 0, o = 0; i < m->nfiles; i++) {
		const char *a[] = { "import", m->files[i].kind, m->files[i].path, NULL };

		o += step(d, NULL, a) == 0;
	}
	fprintf(c->out, _("imported %d of %d files\n"), o, m->nfiles);
	fflush(c->out);

	for (y = DEMO_YEAR_FIRST; y <= DEMO_YEAR_LAST; y++) {
		int yi = y - DEMO_YEAR_FIRST;

		snprintf(ybuf[yi], sizeof(ybuf[yi]), "%d", y);
		for (i = 0; i < DEMO_CITY_COUNT; i++) {
			const char *comp[] = { "subsidy", "compute", "--city", cli_demo_city_name[i],
					       "--year", ybuf[yi], NULL };
			const char *show[] = { "subsidy", "show", "--city", cli_demo_city_name[i],
					       "--year", ybuf[yi], "--format", "csv", NULL };
			const char *fin[] = { "subsidy", "finalize", "--city", cli_demo_city_name[i],
					      "--year", ybuf[yi], NULL };
			char *csv = NULL;

			/* two people, as cycle.md §1 four eyes wants: the demo
			 * clerk computes, the demo reviewer finalizes */
			ldg_user_set(CLI_DEMO_CLERK);
			if (step(d, NULL, comp)) {
				ldg_user_set(NULL);
				continue;
			}
			if (step(d, &csv, show) == 0 && csv)
				read_run(d, i, yi, csv);
			free(csv);
			ldg_user_set(CLI_DEMO_REVIEWER);
			if (step(d, NULL, fin) == 0)
				d->finalized[i][yi] = 1;
			ldg_user_set(NULL);
		}
	}
	for (i = 0, o = 0; i < DEMO_CITY_COUNT; i++)
		for (y = 0; y <= DEMO_YEAR_LAST - DEMO_YEAR_FIRST; y++)
			o += d->finalized[i][y];
	fprintf(c->out, _("finalized %d of %d subsidy runs (%d and %d, %d cities)\n"), o,
			DEMO_CITY_COUNT * (DEMO_YEAR_LAST - DEMO_YEAR_FIRST + 1), DEMO_YEAR_FIRST,
			DEMO_YEAR_LAST, DEMO_CITY_COUNT);
	fflush(c->out);

	/* 公示, objection and payment are the reviewer's acts (web.md §2) */
	ldg_user_set(CLI_DEMO_REVIEWER);
	cycle(d, ybuf[DEMO_YEAR_LAST - DEMO_YEAR_FIRST]);
	ldg_user_set(NULL);

	for (y = DEMO_YEAR_FIRST; y <= DEMO_YEAR_LAST; y++) {
		for (i = 0; i < DEMO_CITY_COUNT; i++) {
			const char *a[] = { "report", "subsidy", "--city", cli_demo_city_code[i], "--year",
					    ybuf[y - DEMO_YEAR_FIRST], NULL };
			char name[64];

			snprintf(name, sizeof(name), "subsidy_%s_%d.xlsx", cli_demo_city_code[i], y);
			report(d, dir, name, a);
		}
	}
	for (i = 0; i < DEMO_CITY_COUNT; i++) {
		/* reports.md: the notices to enterprises and the 公示 list of the last year */
		const char *a[] = { "report", "notices", "--city", cli_demo_city_code[i], "--year",
				    ybuf[DEMO_YEAR_LAST - DEMO_YEAR_FIRST], NULL };
		const char *b[] = { "report", "publicity", "--city", cli_demo_city_code[i], "--year",
				    ybuf[DEMO_YEAR_LAST - DEMO_YEAR_FIRST], NULL };
		char name[64];

		snprintf(name, sizeof(name), "notices_%s_%d.xlsx", cli_demo_city_code[i], DEMO_YEAR_LAST);
		report(d, dir, name, a);
		snprintf(name, sizeof(name), "publicity_%s_%d.xlsx", cli_demo_city_code[i], DEMO_YEAR_LAST);
		report(d, dir, name, b);
	}
	for (i = 0; i < DEMO_CITY_COUNT; i++) {
		const char *a[] = { "report", "pboc", "--city", cli_demo_city_code[i], "--period",
				    DEMO_PBOC, NULL };
		char name[64];

		snprintf(name, sizeof(name), "pboc_%s_%s.xlsx", cli_demo_city_code[i], DEMO_PBOC);
		report(d, dir, name, a);
	}
	{
		const char *a[] = { "report", "targets", "--year", "2025", "--as-of", DEMO_AS_OF, NULL };
		const char *b[] = { "report", "ledger", NULL };
		const char *t[] = { "targets", "--as-of", DEMO_AS_OF, "--format", "csv", NULL };

		report(d, dir, "targets_2025.xlsx", a);
		report(d, dir, "ledger.xlsx", b);
		step(d, &d->targets_csv, t);
	}

	summary(d, dir, m);
	status = d->failures ? d->first_status : 0;
out:
	if (d)
		free(d->targets_csv);
	free(d);
	free(m);
	return status;
}

const struct cli_command cmd_demo_entry = {
	"demo", cmd_demo, N_("run the whole job on sample data"),
	"pledger demo [--dir DIR] [--loans N] [--seed S]"
};
