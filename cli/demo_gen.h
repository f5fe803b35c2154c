/*
 * demo_gen.h — the sample data of `pledger demo` (cli.md "demo"): a
 * deterministic generator of the files that banks, insurers and the tax
 * side send for the four seed cities, written the way those offices write
 * them (import.md §1).
 *
 * Everything comes from one pseudo-random stream seeded with the seed, so
 * the same (seed, loans) gives byte-identical files.  No floating point:
 * amounts are fen, rates ppm, dates day numbers.
 */
#ifndef CLI_DEMO_GEN_H
#define CLI_DEMO_GEN_H

#include <stdint.h>

#include "ledger/error.h"

/* The four cities of the demo, in the order the summary lists them. */
#define DEMO_CITY_COUNT 4
extern const char *const cli_demo_city_name[DEMO_CITY_COUNT];  /* 东阳市 ... */
extern const char *const cli_demo_city_code[DEMO_CITY_COUNT];  /* 330783 ... */

/* The default --loans: at this scale each city's yearly figures are about
 * its targets (targets.md: 东阳市 10–13 亿元 a year). */
#define DEMO_DEFAULT_LOANS 3000L

#define DEMO_MAX_FILES 32

/* The largest --loans (amounts stay within 64-bit arithmetic). */
#define DEMO_MAX_LOANS 10000000L

/* One generated file, in the order it must be imported. */
struct cli_demo_file {
	char kind[16];      /* enterprises, loans, policies, contributions, bars, accounts */
	char path[1024];    /* DIR/files/... */
	char sender[96];    /* bank or insurer name, "" for the others */
	char layout[80];    /* how it is written, e.g. "GB18030, CRLF, 万元" */
	int city;           /* loans: index into demo_city_*, else -1 */
	long rows;          /* data rows written (no title, header or total) */
};

struct cli_demo_manifest {
	int nfiles;
	struct cli_demo_file files[DEMO_MAX_FILES];
	long enterprises;                 /* rows of enterprises.csv */
	long loans;                       /* loan rows over every bank file */
	long policies;
	long contributions;
	long bars;
	long city_loans[DEMO_CITY_COUNT]; /* loans by the bank's city */
};

/*
 * Write the sample files into dir/files/ (created when missing; files of
 * the same name are replaced).
 *
 * dir:   the demo directory (must exist).
 * loans: how many loans in all (>= 0); the hand-made edge cases of
 *        rules.md (caps, late repayment, combined loan, copyright pledge,
 *        carry and lapse, a barred enterprise, ...) come on top of them.
 * seed:  the seed of the pseudo-random stream.
 * m:     filled with the files and their row counts.
 *
 * Returns 0, LDG_EIO "cannot write 'PATH': ..." or LDG_ENOMEM.
 */
int cli_demo_generate(const char *dir, long loans, uint64_t seed,
		  struct cli_demo_manifest *m, struct ldg_err *err);


#endif
