/*
 * main.c — the `pledger` binary.
 */
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "ledger/error.h"
#include "ledger/outpath.h"

/* SIGXFSZ: note the fault; the write that caused it fails with EFBIG. */
static void on_xfsz(int sig)
{
	(void)sig;
	ldg_io_fault_set();
}

/*
 * SIGINT, SIGTERM, SIGHUP: remove the files this run made and has not
 * finished (a report's hidden temporary workbook, a rejects file being
 * written: ledger/outpath.h), then die of the signal as before (an open
 * transaction is rolled back by SQLite's journal on the next open).
 */
static void on_stop(int sig)
{
	ldg_out_cleanup();
	signal(sig, SIG_DFL);
	raise(sig);
}

int main(int argc, char **argv)
{
	/* A file-size limit (ulimit -f) must fail the write with EFBIG, which
	 * SQLite and the report writer turn into an error and exit 3, rather
	 * than kill the process with SIGXFSZ (docs/reliability.md).  The
	 * handler also records the fault for writers that cannot see it
	 * (ldg_io_fault_seen). */
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_xfsz;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGXFSZ, &sa, NULL);
	sa.sa_handler = on_stop;
	sa.sa_flags = SA_RESETHAND;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	return cli_main(argc, argv, stdout, stderr);
}
