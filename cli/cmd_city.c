/*
 * cmd_city.c — `pledger city add|list`: the cities pledger knows and their
 * parents (targets.md "Cities loaded by init": more can be added; a city's
 * figures include those of every city below it).
 */
#include <getopt.h>
#include <string.h>

#include "cli/commands.h"
#include "cli/output.h"
#include "ledger/account.h"
#include "ledger/db.h"
#include "ledger/settings.h"
#include "ledger/targets.h"
#include "ledger/users.h"
#include "ledger/lang.h"

static int city_add(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "parent", required_argument, NULL, 'p' },
		{ NULL, 0, NULL, 0 }
	};
	struct ldg_err err = { 0 };
	const char *parent = NULL;
	int o, status;

	optind = 0;
	opterr = 0;
	while ((o = getopt_long(argc, argv, ":", opts, NULL)) != -1) {
		switch (o) {
		case 'p': parent = optarg; break;
		default: return cli_bad_option(c, argv, o);
		}
	}
	if (argc - optind != 2)
		return cli_usage(c, _("'city add' needs CODE NAME"));
	if ((status = cli_open_db(c)))
		return status;
	if (ldg_city_add(c->db, argv[optind], argv[optind + 1], parent, &err))
		return cli_fail(c, &err);
	fprintf(c->out, _("added city %s %s\n"), argv[optind], argv[optind + 1]);
	return 0;
}

static int city_list(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "format", required_argument, NULL, 'f' },
		{ NULL, 0, NULL, 0 }
	};
	static const char *const head[] = { N_("code"), N_("name"), N_("parent"), N_("parent_name") };
	static const char sql[] =
		"SELECT c.code, c.name, c.parent, p.name FROM cities c"
		" LEFT JOIN cities p ON p.code = c.parent ORDER BY c.code";
	struct ldg_err err = { 0 };
	struct cli_table *t = NULL;
	sqlite3_stmt *st = NULL;
	int csv = 0, status, step;

	if ((status = cli_list_options(c, argc, argv, opts, NULL, &csv))
	    || (status = cli_open_db(c)))
		return status;
	if (ldg_db_prepare(c->db, sql, &st, &err))
		return cli_fail(c, &err);
	if (!(t = cli_table_new(4, head))) {
		status = cli_error(c, 3, _("out of memory"));
		goto out;
	}
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		const char *row[4];
		int i;

		for (i = 0; i < 4; i++)
			row[i] = (const char *)sqlite3_column_text(st, i);
		if (cli_table_add(t, row)) {
			status = cli_error(c, 3, _("out of memory"));
			goto out;
		}
	}
	if (step != SQLITE_DONE) {
		ldg_db_error(c->db, "cannot list cities", &err);
		status = cli_fail(c, &err);
		goto out;
	}
	cli_table_print(t, c->out, csv);
out:
	cli_table_free(t);
	sqlite3_finalize(st);
	return status;
}

/* `city show C`: every known setting, stored or default (cycle.md §4). */
static int city_show(struct cli *c, int argc, char **argv)
{
	static const char *const head[] = { N_("setting"), N_("value"), N_("source") };
	struct ldg_err err = { 0 };
	struct cli_table *t = NULL;
	char code[8], name[128], v[LDG_SETTING_BUFSZ];
	int status, i;

	if (argc != 2)
		return cli_usage(c, _("'city show' needs C"));
	if ((status = cli_open_db(c)))
		return status;
	if (ldg_city_resolve(c->db, argv[1], code, name, sizeof(name), &err))
		return cli_fail(c, &err);
	if (!(t = cli_table_new(3, head)))
		return cli_error(c, 3, _("out of memory"));
	for (i = 0; ldg_setting_keys[i]; i++) {
		const char *row[3] = { ldg_setting_keys[i], v, NULL };

		if (ldg_setting_get(c->db, code, ldg_setting_keys[i], v, sizeof(v), &err)) {
			cli_table_free(t);
			return cli_fail(c, &err);
		}
		row[2] = ldg_setting_is_set(c->db, code, ldg_setting_keys[i]) ? _("set") : _("default");
		cli_table_add(t, row);
	}
	fprintf(c->out, "%s (%s)\n", name, code);
	cli_table_print(t, c->out, 0);
	cli_table_free(t);
	return 0;
}

/* `city set C KEY VALUE`: one setting, validated and audited. */
static int city_set(struct cli *c, int argc, char **argv)
{
	struct ldg_err err = { 0 };
	char code[8], name[128], old[LDG_SETTING_BUFSZ], now[LDG_SETTING_BUFSZ];
	int status, changed = 0;

	if (argc != 4)
		return cli_usage(c, _("'city set' needs C KEY VALUE"));
	if ((status = cli_open_db(c)))
		return status;
	if (ldg_city_resolve(c->db, argv[1], code, name, sizeof(name), &err)
	    || ldg_setting_set(c->db, code, argv[2], argv[3], old, sizeof(old), &changed, &err)
	    || ldg_setting_get(c->db, code, argv[2], now, sizeof(now), &err))
		return cli_fail(c, &err);
	if (changed)
		fprintf(c->out, "%s %s %s → %s\n", name, argv[2], old, now);
	else
		fprintf(c->out, _("%s %s is already %s\n"), name, argv[2], now);
	return 0;
}

static int cmd_city(struct cli *c, int argc, char **argv)
{
	if (argc < 2)
		return cli_usage(c, _("'city' needs add, list, show or set"));
	if (strcmp(argv[1], "show") == 0)
		return city_show(c, argc - 1, argv + 1);
	if (strcmp(argv[1], "set") == 0)
		return city_set(c, argc - 1, argv + 1);
	if (strcmp(argv[1], "add") == 0)
		return city_add(c, argc - 1, argv + 1);
	if (strcmp(argv[1], "list") == 0)
		return city_list(c, argc - 1, argv + 1);
	return cli_usage(c, _("unknown subcommand 'city %s'"), argv[1]);
}

const struct cli_command cmd_city_entry = {
	"city", cmd_city, N_("add and list cities; show and set a city's settings"),
	"pledger city add CODE NAME [--parent CODE]\n"
	"   or: pledger city list [--format table|csv]\n"
	"   or: pledger city show C\n"
	"   or: pledger city set C KEY VALUE"
};
