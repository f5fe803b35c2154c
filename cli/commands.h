/*
 * commands.h — every command's entry (tmux cmd_entry style).
 *
 * Each cli/cmd_<name>.c defines `const struct cli_command cmd_<name>_entry`
 * with its name, function, summary and usage; cli/cli.c lists them in its
 * table.  Adding a command: docs/adding-a-command.md.
 */
#ifndef CLI_COMMANDS_H
#define CLI_COMMANDS_H

#include "cli/cli.h"

extern const struct cli_command cmd_init_entry;
extern const struct cli_command cmd_import_entry;
extern const struct cli_command cmd_enterprise_entry;
extern const struct cli_command cmd_loan_entry;
extern const struct cli_command cmd_policy_entry;
extern const struct cli_command cmd_bank_entry;
extern const struct cli_command cmd_city_entry;
extern const struct cli_command cmd_rate_entry;
extern const struct cli_command cmd_scheme_entry;
extern const struct cli_command cmd_subsidy_entry;
extern const struct cli_command cmd_targets_entry;
extern const struct cli_command cmd_report_entry;
extern const struct cli_command cmd_demo_entry;
extern const struct cli_command cmd_budget_entry;
extern const struct cli_command cmd_contribution_entry;
extern const struct cli_command cmd_bar_entry;
extern const struct cli_command cmd_log_entry;
extern const struct cli_command cmd_backup_entry;
extern const struct cli_command cmd_restore_entry;
extern const struct cli_command cmd_check_entry;
extern const struct cli_command cmd_user_entry;
extern const struct cli_command cmd_serve_entry;
extern const struct cli_command cmd_help_entry;

#endif
