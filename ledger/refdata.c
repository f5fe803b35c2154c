/*
 * refdata.c — the seed tables of targets.md and domain.md §1, as data.
 *
 * Rates and targets are data, not code: offices add later fixings with
 * `pledger rate set` / `import rates` and targets with `import targets`.
 * These tables only seed a new database.
 */
#include <stdint.h>
#include <stdio.h>

#include "ledger/db.h"
#include "ledger/refdata.h"
#include "ledger/scheme.h"

static const struct {
	const char *code, *name, *parent;
} cities[] = {
	{ "330000", "浙江省", NULL },
	{ "330100", "杭州市", "330000" },
	{ "330105", "拱墅区", "330100" },
	{ "330300", "温州市", "330000" },
	{ "330382", "乐清市", "330300" },
	{ "330400", "嘉兴市", "330000" },
	{ "330482", "平湖市", "330400" },
	{ "330700", "金华市", "330000" },
	{ "330783", "东阳市", "330700" },
};

/* domain.md §1: LPR changes (1-year, 5-year) in ppm. */
static const struct {
	const char *date;
	int64_t lpr1y, lpr5y;
} lpr[] = {
	{ "2019-08-20", 42500, 48500 },
	{ "2019-09-20", 42000, 48500 },
	{ "2019-11-20", 41500, 48000 },
	{ "2020-02-20", 40500, 47500 },
	{ "2020-04-20", 38500, 46500 },
	{ "2021-12-20", 38000, 46500 },
	{ "2022-01-20", 37000, 46000 },
	{ "2022-05-20", 37000, 44500 },
	{ "2022-08-22", 36500, 43000 },
	{ "2023-06-20", 35500, 42000 },
	{ "2023-08-21", 34500, 42000 },
	{ "2024-02-20", 34500, 39500 },
	{ "2024-07-22", 33500, 38500 },
	{ "2024-10-21", 31000, 36000 },
	{ "2025-05-20", 30000, 35000 },
};

/* domain.md §1: PBoC benchmark lending rates, last set 2015-10-24. */
static const struct {
	const char *kind;
	int64_t ppm;
} pboc[] = {
	{ "PBOC1Y", 43500 },   /* up to 1 year */
	{ "PBOC5Y", 47500 },   /* 1 to 5 years */
	{ "PBOC5Y+", 49000 },  /* over 5 years */
};

#define YI INT64_C(10000000000)  /* 1 亿元 in fen */

/* targets.md: the cities' own plans. */
static const struct {
	const char *city, *metric;
	int from, to;
	int64_t target_fen;
	const char *source;
} targets[] = {
	{ "330783", "financing", 2023, 2023, 10 * YI,
	  "《关于全面加强知识产权工作的实施意见》（征求意见稿）：到2023年知识产权年质押金额达到10亿元以上" },
	{ "330783", "financing", 2025, 2025, 13 * YI,
	  "东政发〔2022〕35号，表1：基期2021年12亿元，2025年13亿元" },
	{ "330382", "registered", 2022, 2022, 8 * YI, "乐政办发〔2022〕69号，附件2" },
	{ "330382", "registered", 2023, 2023, 10 * YI, "乐政办发〔2022〕69号，附件2" },
	{ "330382", "registered", 2024, 2024, 12 * YI, "乐政办发〔2022〕69号，附件2" },
	{ "330382", "credit", 2022, 2024, 30 * YI,
	  "乐政办发〔2022〕69号：新增知识产权质押融资授信30亿元（附件2年度授信额8/10/12亿元）" },
	{ "330105", "financing", 2025, 2025, 8 * YI,
	  "拱墅区工作方案：年度知识产权质押融资额达到8亿元" },
};

int ldg_refdata_load(sqlite3 *db, struct ldg_err *err)
{
	sqlite3_stmt *st = NULL;
	size_t i;
	int rc;

	if ((rc = ldg_db_prepare(db,
		"INSERT OR IGNORE INTO cities (code, name, parent) VALUES (?1, ?2, ?3)",
		&st, err)))
		return rc;
	for (i = 0; i < sizeof(cities) / sizeof(cities[0]); i++) {
		sqlite3_reset(st);
		ldg_bind_text(st, 1, cities[i].code);
		ldg_bind_text(st, 2, cities[i].name);
		ldg_bind_text(st, 3, cities[i].parent);
		if (sqlite3_step(st) != SQLITE_DONE)
			goto dberr;
	}
	sqlite3_finalize(st);

	if ((rc = ldg_db_prepare(db,
		"INSERT OR IGNORE INTO rates (kind, effective_date, rate_ppm) VALUES (?1, ?2, ?3)",
		&st, err)))
		return rc;
	for (i = 0; i < sizeof(lpr) / sizeof(lpr[0]); i++) {
		sqlite3_reset(st);
		ldg_bind_text(st, 1, "LPR1Y");
		ldg_bind_text(st, 2, lpr[i].date);
		sqlite3_bind_int64(st, 3, lpr[i].lpr1y);
		if (sqlite3_step(st) != SQLITE_DONE)
			goto dberr;
		sqlite3_reset(st);
		ldg_bind_text(st, 1, "LPR5Y");
		sqlite3_bind_int64(st, 3, lpr[i].lpr5y);
		if (sqlite3_step(st) != SQLITE_DONE)
			goto dberr;
	}
	for (i = 0; i < sizeof(pboc) / sizeof(pboc[0]); i++) {
		sqlite3_reset(st);
		ldg_bind_text(st, 1, pboc[i].kind);
		ldg_bind_text(st, 2, "2015-10-24");
		sqlite3_bind_int64(st, 3, pboc[i].ppm);
		if (sqlite3_step(st) != SQLITE_DONE)
			goto dberr;
	}
	sqlite3_finalize(st);

	if ((rc = ldg_db_prepare(db,
		"INSERT OR IGNORE INTO targets (city, metric, year_from, year_to, target_fen, source)"
		" VALUES (?1, ?2, ?3, ?4, ?5, ?6)", &st, err)))
		return rc;
	for (i = 0; i < sizeof(targets) / sizeof(targets[0]); i++) {
		sqlite3_reset(st);
		ldg_bind_text(st, 1, targets[i].city);
		ldg_bind_text(st, 2, targets[i].metric);
		sqlite3_bind_int(st, 3, targets[i].from);
		sqlite3_bind_int(st, 4, targets[i].to);
		sqlite3_bind_int64(st, 5, targets[i].target_fen);
		ldg_bind_text(st, 6, targets[i].source);
		if (sqlite3_step(st) != SQLITE_DONE)
			goto dberr;
	}
	sqlite3_finalize(st);

	/* Every city gets every default scheme key it does not have yet. */
	return ldg_scheme_seed(db, err);
dberr:
	rc = ldg_db_error(db, "cannot load reference data", err);
	sqlite3_finalize(st);
	return rc;
}
