/*
 * cmd_log.c — `pledger log` (cycle.md §5): the audit log, readable — who
 * changed what, old and new value, in which batch — filtered by date,
 * user, entity and key, as a table or CSV.
 */
#include <getopt.h>
#include <stdio.h>

#include "cli/commands.h"
#include "cli/output.h"
#include "ledger/date.h"
#include "ledger/db.h"
#include "ledger/lang.h"

static int cmd_log(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "since", required_argument, NULL, 's' },
		{ "user", required_argument, NULL, 'u' },
		{ "entity", required_argument, NULL, 'e' },
		{ "key", required_argument, NULL, 'k' },
		{ "format", required_argument, NULL, 'f' },
		{ NULL, 0, NULL, 0 }
	};
	static const char *const head[] = {
		N_("id"), N_("at"), N_("user"), N_("action"), N_("entity"), N_("key"), N_("field"), N_("old_value"),
		N_("new_value"), N_("batch"), N_("detail")
	};
	/* --key matches the key or its first part ("330783" of "330783/2024"),
	 * in the normal form of keys (a loan's contract typed with full-width
	 * brackets or another spacing is the same loan, issue 11) */
	static const char sql[] =
		"SELECT id, at, user, action, entity, entity_key, field, old_value, new_value,"
		" batch_id, detail FROM audit_log"
		" WHERE (?1 IS NULL OR at >= ?1) AND (?2 IS NULL OR user = ?2)"
		" AND (?3 IS NULL OR entity = ?3)"
		" AND (?4 IS NULL OR entity_key = ?4 OR substr(entity_key, 1, length(?4) + 1) = ?4 || '/'"
		"  OR ldg_key(entity_key) = ldg_key(?4)"
		"  OR substr(ldg_key(entity_key), 1, length(ldg_key(?4)) + 1) = ldg_key(?4) || '/')"
		" ORDER BY id";
	const char *user = NULL, *entity = NULL, *key = NULL;
	struct ldg_err err = { 0 };
	struct cli_table *t = NULL;
	sqlite3_stmt *st = NULL;
	char since[LDG_DATE_BUFSZ] = "";
	int32_t day;
	int o, csv = 0, status = 0, step, i;

	optind = 0;
	opterr = 0;
	while ((o = getopt_long(argc, argv, ":", opts, NULL)) != -1) {
		switch (o) {
		case 's':
			if (ldg_date_parse(optarg, &day, &err))
				return cli_usage(c, _("bad --since '%s': a date such as 2024-06-30"), optarg);
			ldg_date_format(day, since);
			break;
		case 'u': user = optarg; break;
		case 'e': entity = optarg; break;
		case 'k': key = optarg; break;
		case 'f':
			if ((csv = cli_format_csv(optarg)) < 0)
				return cli_usage(c, _("bad --format '%s': table or csv"), optarg);
			break;
		default: return cli_bad_option(c, argv, o);
		}
	}
	if (optind < argc)
		return cli_usage(c, _("unexpected argument '%s'"), argv[optind]);
	if ((status = cli_open_db(c)))
		return status;
	if (ldg_db_prepare(c->db, sql, &st, &err))
		return cli_fail(c, &err);
	ldg_bind_text(st, 1, since[0] ? since : NULL);
	ldg_bind_text(st, 2, user);
	ldg_bind_text(st, 3, entity);
	ldg_bind_text(st, 4, key);
	if (!(t = cli_table_new(11, head))) {
		status = cli_error(c, 3, _("out of memory"));
		goto out;
	}
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		const char *row[11];

		for (i = 0; i < 11; i++)
			row[i] = (const char *)sqlite3_column_text(st, i);
		if (cli_table_add(t, row)) {
			status = cli_error(c, 3, _("out of memory"));
			goto out;
		}
	}
	if (step != SQLITE_DONE) {
		ldg_db_error(c->db, "cannot read the audit log", &err);
		status = cli_fail(c, &err);
		goto out;
	}
	cli_table_print(t, c->out, csv);
out:
	cli_table_free(t);
	sqlite3_finalize(st);
	return status;
}

const struct cli_command cmd_log_entry = {
	"log", cmd_log, N_("read the audit log: who changed what, when"),
	"pledger log [--since DATE] [--user U] [--entity E] [--key K] [--format table|csv]"
};
