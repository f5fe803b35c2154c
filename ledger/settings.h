/*
 * settings.h — a city's settings that are not money rules (cycle.md §4):
 * `city show C`, `city set C KEY VALUE`.
 *
 * Stored in the `city_settings` table as key → canonical text.  The known
 * keys are one table in settings.c, each with its default and validator;
 * a new setting is a new row of that table (nothing else changes).  A key
 * without a stored row has its default.
 */
#ifndef LDG_SETTINGS_H
#define LDG_SETTINGS_H

#include <sqlite3.h>
#include <stddef.h>

#include "ledger/error.h"

/* Longest canonical value, with its NUL. */
#define LDG_SETTING_BUFSZ 512

/* The known keys in display order, NULL-terminated. */
extern const char *const ldg_setting_keys[];

/*
 * The value of key for city (a 6-digit code), stored or default, into buf
 * (bufsz bytes).  LDG_EINPUT for an unknown key (the message names the
 * known keys), LDG_EDB on a database error.
 */
int ldg_setting_get(sqlite3 *db, const char *city, const char *key, char *buf,
		    size_t bufsz, struct ldg_err *err);

/*
 * Set key of city to value after the key's validator accepted it (and
 * turned it into its canonical form, e.g. "关" → "off"), with the old and
 * new value in the audit log (entity "city_setting", key "CITY/KEY").
 * *changed (may be NULL) is 0 when the value was already so.  Own
 * transaction.  LDG_EINPUT for an unknown key or a bad value (the message
 * names the allowed values).
 */
int ldg_setting_set(sqlite3 *db, const char *city, const char *key,
		    const char *value, char *old, size_t oldsz, int *changed,
		    struct ldg_err *err);

/* 1 when key's value is stored for city (not its default), else 0. */
int ldg_setting_is_set(sqlite3 *db, const char *city, const char *key);

#endif
