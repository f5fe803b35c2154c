/*
 * main.c — the `pledger` binary.
 */
#include <signal.h>
#include <stdio.h>

#include "cli/cli.h"

int main(int argc, char **argv)
{
	/* A file-size limit (ulimit -f) must fail the write with EFBIG, which
	 * SQLite and the report writer turn into an error and exit 3, rather
	 * than kill the process with SIGXFSZ (docs/reliability.md). */
	signal(SIGXFSZ, SIG_IGN);
	return cli_main(argc, argv, stdout, stderr);
}
