/*
 * cmd_stubs.c — weak placeholders for commands whose cmd_<name>.c does not
 * exist yet.  Each says so and exits 3.  A strong definition of the same
 * entry in cli/cmd_<name>.c replaces the placeholder at link time; delete
 * the placeholder here when that file lands.
 */
#include "cli/commands.h"

__attribute__((unused))
static int not_yet(struct cli *c, int argc, char **argv)
{
	(void)argc;
	return cli_error(c, 3, "'%s' is not available in this build yet", argv[0]);
}

#define STUB(name, summary) \
	__attribute__((weak)) const struct cli_command cmd_##name##_entry = \
		{ #name, not_yet, summary " (not available yet)", "pledger " #name }

