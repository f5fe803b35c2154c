/*
 * cli.c — global options, the command table, dispatch and messages.
 */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <locale.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/commands.h"
#include "ledger/db.h"
#include "ledger/lang.h"
#include "ledger/text.h"

/* The command table, in the order `pledger help` lists them. */
static const struct cli_command *const table[] = {
	&cmd_init_entry, &cmd_import_entry, &cmd_enterprise_entry,
	&cmd_loan_entry, &cmd_policy_entry, &cmd_bank_entry, &cmd_city_entry, &cmd_rate_entry,
	&cmd_scheme_entry, &cmd_contribution_entry, &cmd_bar_entry,
	&cmd_budget_entry, &cmd_subsidy_entry, &cmd_targets_entry,
	&cmd_report_entry, &cmd_user_entry, &cmd_serve_entry, &cmd_log_entry, &cmd_backup_entry, &cmd_restore_entry,
	&cmd_demo_entry, &cmd_check_entry, &cmd_help_entry, NULL
};

static const char *const global_usage =
	N_("usage: pledger [--db PATH] [--lang zh|en] COMMAND [ARGS...]\n"
	   "       pledger help [COMMAND]\n"
	   "       pledger --version\n");

const struct cli_command *cli_find(const char *name)
{
	int i;

	for (i = 0; table[i]; i++)
		if (strcmp(table[i]->name, name) == 0)
			return table[i];
	return NULL;
}

/* "usage: " and a command's synopsis, its "   or: " lines in the
 * language of the run (the synopsis itself is the same in both; a usage
 * with a note in words, import's, is a msgid whose translation keeps the
 * synopsis and translates the note). */
static void put_usage(FILE *f, const char *usage)
{
	static const char sep[] = "\n   or: ";
	const char *p = _(usage), *q;

	fputs(_("usage: "), f);
	while ((q = strstr(p, sep))) {
		fwrite(p, 1, (size_t)(q - p), f);
		fputs(_("\n   or: "), f);
		p = q + strlen(sep);
	}
	fputs(p, f);
	fputc('\n', f);
}

/* cli_put_line: see cli.h. */
void cli_put_line(FILE *f, const char *prefix, const char *text)
{
	const unsigned char *p;

	fputs("pledger: ", f);
	fputs(prefix, f);
	for (p = (const unsigned char *)text; *p; p++) {
		if (*p == '\n')
			fputs("\\n", f);
		else if (*p == '\r')
			fputs("\\r", f);
		else if ((*p < 0x20 && *p != '\t') || *p == 0x7f)
			fprintf(f, "\\x%02x", *p);
		else
			fputc(*p, f);
	}
	fputc('\n', f);
}

/* "pledger: " PREFIX and the formatted message as one line, at any length. */
static void vsay(struct cli *c, const char *prefix, const char *fmt, va_list ap)
{
	char buf[2048], *big = NULL;
	va_list again;
	int n;

	va_copy(again, ap);
	n = vsnprintf(buf, sizeof(buf), fmt, ap);
	if (n >= (int)sizeof(buf) && (big = malloc((size_t)n + 1)))
		vsnprintf(big, (size_t)n + 1, fmt, again);
	va_end(again);
	cli_put_line(c->err, prefix, big ? big : buf);
	free(big);
}

int cli_error(struct cli *c, int status, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsay(c, "", fmt, ap);
	va_end(ap);
	return status;
}

void cli_warn(struct cli *c, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsay(c, _("warning: "), fmt, ap);
	va_end(ap);
}

int cli_usage(struct cli *c, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsay(c, "", fmt, ap);
	va_end(ap);
	if (c->cmd)
		put_usage(c->err, c->cmd->usage);
	else
		fputs(_(global_usage), c->err);
	return 2;
}

int cli_fail(struct cli *c, const struct ldg_err *err)
{
	char buf[2048];

	ldg_err_format(err, buf, sizeof(buf));
	cli_put_line(c->err, "", buf);
	return ldg_exit_status(err->code ? err->code : LDG_EDB);
}

/* The commit hook: a write transaction of this run reached the disk. */
static int on_commit(void *arg)
{
	((struct cli *)arg)->done = 1;
	return 0;
}

/* cli_watch_commits: see cli.h. */
void cli_watch_commits(struct cli *c)
{
	if (c->db)
		sqlite3_commit_hook(c->db, on_commit, c);
}

int cli_open_db(struct cli *c)
{
	struct ldg_err err = { 0 };

	if (c->db)
		return 0;
	if (ldg_db_open(c->db_path, 0, &c->db, &err))
		return cli_fail(c, &err);
	cli_watch_commits(c);
	return 0;
}

/* cli_num: see cli.h. */
int cli_num(const char *text, long long lo, long long hi, long long *v)
{
	const char *p = text;
	int neg = 0;
	unsigned long long mag = 0, limit;

	if (!p || !*p)
		return -1;
	if (*p == '-') {
		neg = 1;
		p++;
	}
	if (!*p)
		return -1;
	/* the magnitude may reach 2^63 for LLONG_MIN */
	limit = neg ? (unsigned long long)LLONG_MAX + 1 : (unsigned long long)LLONG_MAX;
	for (; *p; p++) {
		if (*p < '0' || *p > '9')
			return -1;
		if (mag > (limit - (unsigned long long)(*p - '0')) / 10)
			return -2;
		mag = mag * 10 + (unsigned long long)(*p - '0');
	}
	if (neg)
		*v = mag == (unsigned long long)LLONG_MAX + 1 ? LLONG_MIN : -(long long)mag;
	else
		*v = (long long)mag;
	if (*v < lo || *v > hi)
		return -2;
	return 0;
}

/* cli_period_norm: see cli.h. */
char *cli_period_norm(const char *text, char *out, size_t outsz)
{
	static const char *const qn[] = { "一", "二", "三", "四" };
	char buf[128];
	const char *p;
	int y = 0, i, n, m;

	snprintf(out, outsz, "%s", text ? text : "");
	if (ldg_text_fold(out, buf, sizeof(buf)) <= 0)
		return out;
	for (i = 0, p = buf; i < 4 && *p >= '0' && *p <= '9'; i++, p++)
		y = y * 10 + (*p - '0');
	if (i != 4 || strncmp(p, "年", strlen("年")) != 0)
		return out;
	p += strlen("年");
	if (!*p || strcmp(p, "度") == 0) {
		snprintf(out, outsz, "%04d", y);
		return out;
	}
	if (strncmp(p, "第", strlen("第")) == 0) {
		p += strlen("第");
		for (i = 0; i < 4; i++) {
			char q[32];

			snprintf(q, sizeof(q), "%s季度", qn[i]);
			if (strcmp(p, q) == 0 || (p[0] == '1' + i && strcmp(p + 1, "季度") == 0)) {
				snprintf(out, outsz, "%04dQ%d", y, i + 1);
				return out;
			}
		}
		return out;
	}
	for (m = 0, n = 0; *p >= '0' && *p <= '9' && n < 2; p++, n++)
		m = m * 10 + (*p - '0');
	if (n && m >= 1 && m <= 12 && strcmp(p, "月") == 0)
		snprintf(out, outsz, "%04d-%02d", y, m);
	return out;
}

int cli_format_csv(const char *text)
{
	if (strcmp(text, "csv") == 0)
		return 1;
	if (strcmp(text, "table") == 0)
		return 0;
	return -1;
}

int cli_bad_option(struct cli *c, char **argv, int o)
{
	const char *arg = optind > 0 ? argv[optind - 1] : "?";

	if (o == ':')
		return cli_usage(c, _("option '%s' needs a value"), arg);
	if (optopt && optopt != '?')
		return cli_usage(c, _("unknown option '-%c'"), optopt);
	return cli_usage(c, _("unknown option '%s'"), arg);
}

/* cli_list_options: see cli.h. */
int cli_list_options(struct cli *c, int argc, char **argv, const struct option *opts,
		     const char **value, int *csv)
{
	int o;

	optind = 0;
	opterr = 0;
	while ((o = getopt_long(argc, argv, ":", opts, NULL)) != -1) {
		if (o == '?' || o == ':')
			return cli_bad_option(c, argv, o);
		if (o != 'f')
			*value = optarg;
		else if ((*csv = cli_format_csv(optarg)) < 0)
			return cli_usage(c, _("bad --format '%s': table or csv"), optarg);
	}
	if (optind < argc)
		return cli_usage(c, _("unexpected argument '%s'"), argv[optind]);
	return 0;
}

static void print_usage(FILE *f, const struct cli_command *cmd)
{
	put_usage(f, cmd->usage);
}

static int cmd_help(struct cli *c, int argc, char **argv)
{
	const struct cli_command *cmd;
	int i;

	if (argc > 2)
		return cli_usage(c, _("too many arguments"));
	if (argc == 2) {
		if (!(cmd = cli_find(argv[1])))
			return cli_usage(c, _("unknown command '%s'"), argv[1]);
		fprintf(c->out, "%s — %s\n", cmd->name, _(cmd->summary));
		print_usage(c->out, cmd);
		return 0;
	}
	fputs(_(global_usage), c->out);
	fputs(_("\ncommands:\n"), c->out);
	for (i = 0; table[i]; i++)
		fprintf(c->out, "  %-13s %s\n", table[i]->name, _(table[i]->summary));
	fputs(_("\nThe database is --db PATH, else $PLEDGER_DB, else ./pledger.db.\n"
	      "Exit status: 0 done, 1 input or data rejected, 2 usage error,\n"
	      "3 database or file error, 4 done but the output could not be written.\n"
	      "'pledger help COMMAND' shows a command's usage.\n"
	      "The language is --lang zh|en, else $PLEDGER_LANG, else the locale's.\n"),
	      c->out);
	return 0;
}

const struct cli_command cmd_help_entry = {
	"help", cmd_help, N_("show the commands, or one command's usage"),
	"pledger help [COMMAND]"
};

/* 1 when argv[1..] asks for help (before any "--"). */
static int wants_help(int argc, char **argv)
{
	int i;

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--") == 0)
			return 0;
		if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0)
			return 1;
	}
	return 0;
}

/*
 * Flush standard output and report a failed write (a full disk, /dev/full)
 * as a file error (cli.md: exit 3): CSV meant for programs must not end up
 * truncated behind exit 0.  Returns the status to exit with.
 */
static int finish_output(struct cli *c, int status)
{
	int failed;

	errno = 0;
	failed = fflush(c->out) != 0 || ferror(c->out);
	if (!failed)
		return status;
	if (status == 0 && c->done) {
		/* the change is made: a script must not run it again (issue 12) */
		fprintf(c->err, _("pledger: done, but its report could not be written to standard"
			" output: %s\n"), errno ? strerror(errno) : "write error");
		return CLI_EXIT_DONE_UNPRINTED;
	}
	fprintf(c->err, _("pledger: cannot write standard output: %s\n"),
		errno ? strerror(errno) : "write error");
	return status ? status : 3;
}

/*
 * The language of this run (cli.md "Language"): --lang, else
 * $PLEDGER_LANG, else the first of LANGUAGE, LC_ALL, LC_MESSAGES, LANG
 * that is set (Chinese when it names zh), else English.  Returns 1 for
 * Chinese, 0 for English, -1 for a value that is neither.
 */
static int lang_pick(const char *opt)
{
	static const char *const vars[] = { "LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG" };
	const char *v = opt;
	size_t i;

	if (!v || !*v)
		v = getenv("PLEDGER_LANG");
	if (v && *v) {
		if (strncmp(v, "zh", 2) == 0)
			return 1;
		if (strncmp(v, "en", 2) == 0 || strcmp(v, "C") == 0)
			return 0;
		return opt ? -1 : 0;
	}
	for (i = 0; i < sizeof(vars) / sizeof(vars[0]); i++) {
		v = getenv(vars[i]);
		if (v && *v)
			return strncmp(v, "zh", 2) == 0;
	}
	return 0;
}

/* Bind the catalogue for Chinese; English is the messages as written
 * (the C locale: gettext returns the msgid). */
static void lang_apply(int zh)
{
	if (zh) {
		ldg_lang_init("zh_CN");
	} else {
		/* a C LC_MESSAGES: gettext ignores LANGUAGE (also after an
		 * earlier run in the same process chose Chinese) */
		setlocale(LC_MESSAGES, "C");
		if (getenv("LANGUAGE"))
			setenv("LANGUAGE", "en", 1);
	}
}

int cli_main(int argc, char **argv, FILE *out, FILE *err)
{
	struct cli c;
	const struct cli_command *cmd;
	const char *env, *lang = NULL;
	int i = 1, status, zh;

	memset(&c, 0, sizeof(c));
	c.out = out;
	c.err = err;
	env = getenv("PLEDGER_DB");
	c.db_path = env && *env ? env : "pledger.db";
	/* --lang first, so that every message of this run is in it */
	for (i = 1; i < argc && argv[i][0] == '-'; i++) {
		if (strcmp(argv[i], "--lang") == 0 && i + 1 < argc) {
			lang = argv[i + 1];
			break;
		}
		if (strncmp(argv[i], "--lang=", 7) == 0) {
			lang = argv[i] + 7;
			break;
		}
		if (strcmp(argv[i], "--db") == 0)
			i++;
	}
	i = 1;
	zh = lang_pick(lang);
	lang_apply(zh > 0);
	c.zh = zh > 0;
	if (zh < 0)
		return cli_usage(&c, _("bad --lang '%s': zh or en"), lang);

	while (i < argc && argv[i][0] == '-') {
		if (strcmp(argv[i], "--db") == 0 || strncmp(argv[i], "--db=", 5) == 0) {
			const char *path = argv[i][4] ? argv[i] + 5 : i + 1 < argc ? argv[++i] : "";

			/* an empty path would give SQLite a temporary database */
			if (!*path)
				return cli_usage(&c, _("option '--db' needs a path"));
			c.db_path = path;
			i++;
		} else if (strcmp(argv[i], "--lang") == 0 || strncmp(argv[i], "--lang=", 7) == 0) {
			/* read above */
			if (!argv[i][6] && ++i >= argc)
				return cli_usage(&c, _("option '%s' needs a value"), "--lang");
			i++;
		} else if (strcmp(argv[i], "--version") == 0) {
			fprintf(out, "pledger %s (schema %d)\n", PLEDGER_VERSION, LDG_SCHEMA_VERSION);
			return finish_output(&c, 0);
		} else if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
			return finish_output(&c, cmd_help(&c, 1, argv));
		} else {
			return cli_usage(&c, _("unknown option '%s'"), argv[i]);
		}
	}
	if (i >= argc)
		return cli_usage(&c, _("no command given"));
	cmd = cli_find(argv[i]);
	if (!cmd)
		return cli_usage(&c, _("unknown command '%s'"), argv[i]);
	c.cmd = cmd;
	if (wants_help(argc - i, argv + i)) {
		fprintf(out, "%s — %s\n", cmd->name, _(cmd->summary));
		print_usage(out, cmd);
		return finish_output(&c, 0);
	}
	status = cmd->fn(&c, argc - i, argv + i);
	status = finish_output(&c, status);
	ldg_db_close(c.db);
	return status;
}
