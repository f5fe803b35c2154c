/*
 * cmd_user.c — `pledger user add|list|passwd|disable`: the workbench's
 * people (web.md §2).  A password is read from the terminal (twice, not
 * echoed) or from the first line of standard input, never from argv.
 */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "cli/commands.h"
#include "cli/output.h"
#include "ledger/db.h"
#include "ledger/users.h"
#include "ledger/lang.h"

/* One line of stdin into buf without its newline; echo off on a tty. */
static int read_line(const char *prompt, int tty, char *buf, size_t bufsz)
{
	struct termios old, quiet;
	size_t n;
	int ok;

	if (tty) {
		fputs(prompt, stderr);
		fflush(stderr);
		if (tcgetattr(0, &old) == 0) {
			quiet = old;
			quiet.c_lflag &= ~(tcflag_t)ECHO;
			tcsetattr(0, TCSAFLUSH, &quiet);
		}
	}
	ok = fgets(buf, (int)bufsz, stdin) != NULL;
	if (tty) {
		tcsetattr(0, TCSAFLUSH, &old);
		fputc('\n', stderr);
	}
	if (!ok)
		return -1;
	n = strlen(buf);
	while (n && (buf[n - 1] == '\n' || buf[n - 1] == '\r'))
		buf[--n] = '\0';
	return 0;
}

/* The new password into buf (twice on a terminal); status or 0. */
static int read_password(struct cli *c, char *buf, size_t bufsz)
{
	char again[256];
	int tty = isatty(0);

	if (read_line(_("password: "), tty, buf, bufsz))
		return cli_error(c, 1, _("no password on standard input"));
	if (tty) {
		if (read_line(_("password again: "), tty, again, sizeof(again))
		    || strcmp(again, buf) != 0) {
			memset(again, 0, sizeof(again));
			return cli_error(c, 1, _("the passwords differ"));
		}
		memset(again, 0, sizeof(again));
	}
	return 0;
}

static int user_add(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "role", required_argument, NULL, 'r' },
		{ NULL, 0, NULL, 0 }
	};
	struct ldg_err err = { 0 };
	enum ldg_role role;
	const char *rtext = NULL;
	char pw[256];
	int o, status;

	optind = 0;
	opterr = 0;
	while ((o = getopt_long(argc, argv, ":", opts, NULL)) != -1) {
		switch (o) {
		case 'r': rtext = optarg; break;
		default: return cli_bad_option(c, argv, o);
		}
	}
	if (argc - optind != 1 || !rtext)
		return cli_usage(c, _("'user add' needs NAME --role ROLE"));
	if (ldg_role_parse(rtext, &role, &err))
		return cli_fail(c, &err);
	if ((status = cli_open_db(c)) || (status = read_password(c, pw, sizeof(pw))))
		return status;
	status = ldg_users_add(c->db, argv[optind], role, pw, &err) ? cli_fail(c, &err) : 0;
	memset(pw, 0, sizeof(pw));
	if (!status)
		fprintf(c->out, _("added user %s (%s)\n"), argv[optind], _(ldg_role_name(role)));
	return status;
}

static int user_list(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "format", required_argument, NULL, 'f' },
		{ NULL, 0, NULL, 0 }
	};
	static const char *const head[] = { N_("name"), N_("role"), N_("state"), N_("created_at") };
	struct ldg_err err = { 0 };
	struct ldg_user_row *rows = NULL;
	struct cli_table *t = NULL;
	size_t n = 0, i;
	int csv = 0, status;
	time_t now = time(NULL);

	if ((status = cli_list_options(c, argc, argv, opts, NULL, &csv))
	    || (status = cli_open_db(c)))
		return status;
	if (ldg_users_list(c->db, &rows, &n, &err))
		return cli_fail(c, &err);
	if (!(t = cli_table_new(4, head))) {
		status = cli_error(c, 3, _("out of memory"));
		goto out;
	}
	for (i = 0; i < n; i++) {
		const char *row[4], *state;

		row[0] = rows[i].name;
		state = rows[i].disabled ? N_("disabled")
			: rows[i].locked_until > (int64_t)now ? N_("locked") : N_("active");
		/* the words in the catalogue's language for people; CSV keeps
		 * the role and state as `user add` and programs know them */
		row[1] = csv ? ldg_role_name(rows[i].role) : _(ldg_role_name(rows[i].role));
		row[2] = csv ? state : _(state);
		row[3] = rows[i].created_at;
		if (cli_table_add(t, row)) {
			status = cli_error(c, 3, _("out of memory"));
			goto out;
		}
	}
	cli_table_print(t, c->out, csv);
out:
	cli_table_free(t);
	free(rows);
	return status;
}

static int user_passwd(struct cli *c, int argc, char **argv)
{
	struct ldg_err err = { 0 };
	char pw[256];
	int status;

	if (argc != 2)
		return cli_usage(c, _("'user passwd' needs NAME"));
	if ((status = cli_open_db(c)) || (status = read_password(c, pw, sizeof(pw))))
		return status;
	status = ldg_users_passwd(c->db, argv[1], pw, &err) ? cli_fail(c, &err) : 0;
	memset(pw, 0, sizeof(pw));
	if (!status)
		fprintf(c->out, _("changed the password of %s\n"), argv[1]);
	return status;
}

static int user_disable(struct cli *c, int argc, char **argv)
{
	struct ldg_err err = { 0 };
	int status;

	if (argc != 2)
		return cli_usage(c, _("'user disable' needs NAME"));
	if ((status = cli_open_db(c)))
		return status;
	if (ldg_users_disable(c->db, argv[1], &err))
		return cli_fail(c, &err);
	fprintf(c->out, _("disabled user %s\n"), argv[1]);
	return 0;
}

static int cmd_user(struct cli *c, int argc, char **argv)
{
	if (argc < 2)
		return cli_usage(c, _("'user' needs add, list, passwd or disable"));
	if (strcmp(argv[1], "add") == 0)
		return user_add(c, argc - 1, argv + 1);
	if (strcmp(argv[1], "list") == 0)
		return user_list(c, argc - 1, argv + 1);
	if (strcmp(argv[1], "passwd") == 0)
		return user_passwd(c, argc - 1, argv + 1);
	if (strcmp(argv[1], "disable") == 0)
		return user_disable(c, argc - 1, argv + 1);
	return cli_usage(c, _("unknown subcommand 'user %s'"), argv[1]);
}

const struct cli_command cmd_user_entry = {
	"user", cmd_user, N_("add, list, change and disable the workbench's users"),
	"pledger user add NAME --role clerk|reviewer|admin|auditor\n"
	"   or: pledger user list [--format table|csv]\n"
	"   or: pledger user passwd NAME\n"
	"   or: pledger user disable NAME"
};
