/*
 * settings.c — see settings.h.  The table `known` is the whole list of
 * city settings: adding one (office_name, four_eyes, …) is adding a row.
 */
#include <stdio.h>
#include <string.h>

#include "ledger/db.h"
#include "ledger/settings.h"
#include "ledger/lang.h"

/*
 * A validator: accept text (as a person writes it) into its canonical form
 * in buf, or fail with LDG_EINPUT naming the allowed values.
 */
typedef int (*setting_check)(const char *key, const char *text, char *buf,
			     size_t bufsz, struct ldg_err *err);

struct setting {
	const char *key;          /* as `city set` takes it */
	const char *def;          /* default, canonical */
	setting_check check;      /* validator */
};

/* cycle.md §2: what a payee does not get for lack of budget. */
static int check_shortfall(const char *key, const char *text, char *buf,
			   size_t bufsz, struct ldg_err *err)
{
	if (strcmp(text, "carry") == 0 || strcmp(text, "结转") == 0)
		snprintf(buf, bufsz, "carry");
	else if (strcmp(text, "lapse") == 0 || strcmp(text, "作废") == 0)
		snprintf(buf, bufsz, "lapse");
	else
		return ldg_err_set(err, LDG_EINPUT, _("bad value for '%s': carry or lapse (value '%s')"),
				   key, text);
	return 0;
}

/* cycle.md §1: finalize by a second person (web.md, ledger/users.c). */
static int check_onoff(const char *key, const char *text, char *buf,
		       size_t bufsz, struct ldg_err *err)
{
	if (strcmp(text, "on") == 0 || strcmp(text, "开") == 0 || strcmp(text, "是") == 0)
		snprintf(buf, bufsz, "on");
	else if (strcmp(text, "off") == 0 || strcmp(text, "关") == 0 || strcmp(text, "否") == 0)
		snprintf(buf, bufsz, "off");
	else
		return ldg_err_set(err, LDG_EINPUT, _("bad value for '%s': on or off (value '%s')"),
				   key, text);
	return 0;
}

/* A line of text printed on the paper (reports.md: 编制单位, the 公示's
 * contact): one line of at most 200 bytes without control characters; ""
 * clears it. */
static int check_line(const char *key, const char *text, char *buf,
		      size_t bufsz, struct ldg_err *err)
{
	const unsigned char *u;

	if (strlen(text) > 200 || strlen(text) >= bufsz)
		goto bad;
	for (u = (const unsigned char *)text; *u; u++)
		if (*u < 0x20 || *u == 0x7F)
			goto bad;
	snprintf(buf, bufsz, "%s", text);
	return 0;
bad:
	ldg_err_set(err, LDG_EINPUT, _("bad value for '%s': one line of at most 200 bytes"), key);
	ldg_err_value(err, text);
	return LDG_EINPUT;
}

static const struct setting known[] = {
	{ "office_name", "", check_line },
	{ "publicity_contact", "", check_line },
	{ "four_eyes", "on", check_onoff },
	{ "budget_shortfall", "carry", check_shortfall },
};
#define NKNOWN (sizeof(known) / sizeof(known[0]))

const char *const ldg_setting_keys[] = {
	"office_name", "publicity_contact", "four_eyes", "budget_shortfall", NULL
};

/* The row of key, or NULL with LDG_EINPUT naming the known keys. */
static const struct setting *find(const char *key, struct ldg_err *err)
{
	char names[256];
	size_t i, n = 0;

	for (i = 0; i < NKNOWN; i++)
		if (strcmp(known[i].key, key) == 0)
			return &known[i];
	names[0] = '\0';
	for (i = 0; i < NKNOWN && n < sizeof(names); i++)
		n += (size_t)snprintf(names + n, sizeof(names) - n, "%s%s", i ? ", " : "",
				      known[i].key);
	ldg_err_set(err, LDG_EINPUT, _("unknown city setting '%s': %s"), key, names);
	return NULL;
}

/* ldg_setting_get: see settings.h. */
int ldg_setting_get(sqlite3 *db, const char *city, const char *key, char *buf,
		    size_t bufsz, struct ldg_err *err)
{
	static const char sql[] = "SELECT value FROM city_settings WHERE city = ?1 AND key = ?2";
	const struct setting *s = find(key, err);
	sqlite3_stmt *st = NULL;
	int rc = 0, step;

	if (!s)
		return LDG_EINPUT;
	if ((rc = ldg_db_prepare(db, sql, &st, err)))
		return rc;
	ldg_bind_text(st, 1, city);
	ldg_bind_text(st, 2, key);
	step = sqlite3_step(st);
	if (step == SQLITE_ROW)
		snprintf(buf, bufsz, "%s", (const char *)sqlite3_column_text(st, 0));
	else if (step == SQLITE_DONE)
		snprintf(buf, bufsz, "%s", s->def);
	else
		rc = ldg_db_error(db, "cannot read city setting", err);
	sqlite3_finalize(st);
	return rc;
}

/* ldg_setting_is_set: see settings.h. */
int ldg_setting_is_set(sqlite3 *db, const char *city, const char *key)
{
	static const char sql[] = "SELECT 1 FROM city_settings WHERE city = ?1 AND key = ?2";
	sqlite3_stmt *st = NULL;
	int found = 0;

	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK) {
		ldg_bind_text(st, 1, city);
		ldg_bind_text(st, 2, key);
		found = sqlite3_step(st) == SQLITE_ROW;
	}
	sqlite3_finalize(st);
	return found;
}

/* ldg_setting_set: see settings.h. */
int ldg_setting_set(sqlite3 *db, const char *city, const char *key,
		    const char *value, char *old, size_t oldsz, int *changed,
		    struct ldg_err *err)
{
	static const char sql[] =
		"INSERT INTO city_settings (city, key, value) VALUES (?1, ?2, ?3)"
		" ON CONFLICT (city, key) DO UPDATE SET value = excluded.value";
	const struct setting *s = find(key, err);
	char canon[LDG_SETTING_BUFSZ], prev[LDG_SETTING_BUFSZ], akey[64];
	sqlite3_stmt *st = NULL;
	int rc;

	if (changed)
		*changed = 0;
	if (!s)
		return LDG_EINPUT;
	if ((rc = s->check(key, value, canon, sizeof(canon), err)))
		return rc;
	if ((rc = ldg_db_begin(db, err)))
		return rc;
	if ((rc = ldg_setting_get(db, city, key, prev, sizeof(prev), err)))
		goto out;
	if (old)
		snprintf(old, oldsz, "%s", prev);
	if ((rc = ldg_db_prepare(db, sql, &st, err)))
		goto out;
	ldg_bind_text(st, 1, city);
	ldg_bind_text(st, 2, key);
	ldg_bind_text(st, 3, canon);
	if (sqlite3_step(st) != SQLITE_DONE) {
		rc = ldg_db_error(db, "cannot store city setting", err);
		goto out;
	}
	snprintf(akey, sizeof(akey), "%s/%s", city, key);
	if (strcmp(prev, canon) != 0) {
		if ((rc = ldg_audit(db, "update", "city_setting", akey, key, prev, canon, 0,
				    NULL, err)))
			goto out;
		if (changed)
			*changed = 1;
	}
	rc = ldg_db_commit(db, err);
out:
	if (rc)
		ldg_db_rollback(db);
	sqlite3_finalize(st);
	return rc;
}
