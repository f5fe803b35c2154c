/*
 * main.c — the `pledger` binary.
 */
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "ledger/error.h"

/* SIGXFSZ: note the fault; the write that caused it fails with EFBIG. */
static void on_xfsz(int sig)
{
	(void)sig;
	ldg_io_fault_set();
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
	return cli_main(argc, argv, stdout, stderr);
}
