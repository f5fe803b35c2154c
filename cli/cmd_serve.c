/*
 * cmd_serve.c — `pledger serve`: the workbench (web.md §1).  Parses the
 * options and calls web_serve(); SIGINT and SIGTERM stop it.
 */
#include <getopt.h>
#include <locale.h>
#include <signal.h>
#include <string.h>

#include "cli/commands.h"
#include "ledger/lang.h"
#include "web/web.h"

static volatile sig_atomic_t stop_flag;

static void on_signal(int sig)
{
	(void)sig;
	stop_flag = 1;
}

static int cmd_serve(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "listen", required_argument, NULL, 'l' },
		{ "cert", required_argument, NULL, 'c' },
		{ "key", required_argument, NULL, 'k' },
		{ "insecure-http", no_argument, NULL, 'i' },
		{ NULL, 0, NULL, 0 }
	};
	struct web_opts o = { 0 };
	struct ldg_err err = { 0 };
	struct sigaction sa;
	locale_t own = (locale_t)0;
	int opt, rc;

	optind = 0;
	opterr = 0;
	while ((opt = getopt_long(argc, argv, ":", opts, NULL)) != -1) {
		switch (opt) {
		case 'l': o.listen = optarg; break;
		case 'c': o.cert_path = optarg; break;
		case 'k': o.key_path = optarg; break;
		case 'i': o.insecure_http = 1; break;
		default: return cli_bad_option(c, argv, opt);
		}
	}
	if (argc != optind)
		return cli_usage(c, _("'serve' takes no arguments"));
	o.db_path = c->db_path;
	/* the workbench speaks Chinese unless a browser asks for English;
	 * this thread's own messages (a refused address, a missing
	 * certificate) stay in the language of the command line: English is
	 * a thread locale whose messages are "C", and the server's threads,
	 * started from the process's locale, are not under it */
	ldg_lang_init("zh_CN");
	if (!c->zh && (own = newlocale(LC_ALL_MASK, "C", (locale_t)0)))
		uselocale(own);
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
	stop_flag = 0;
	rc = web_serve(&o, &stop_flag, c->out, &err) ? cli_fail(c, &err) : 0;
	if (own) {
		uselocale(LC_GLOBAL_LOCALE);
		freelocale(own);
	}
	return rc;
}

const struct cli_command cmd_serve_entry = {
	"serve", cmd_serve, N_("serve the workbench (web.md)"),
	"pledger serve [--listen ADDR:PORT] [--cert FILE --key FILE] [--insecure-http]"
};
