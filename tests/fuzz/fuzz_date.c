/*
 * fuzz_date.c — ledger/date.h parsers (import.md §1 dates and years).
 *
 * Invariants: an accepted date is a real date whose ISO form parses back
 * (strict ISO and lenient) to the same day, and ymd ↔ day round-trips; an
 * accepted year is within 1900..2999.
 */
#include "ledger/date.h"
#include "tests/fuzz/fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = fuzz_cstr(data, size), iso[LDG_DATE_BUFSZ];
	struct ldg_err err = { 0 };
	int32_t day, day2;
	int y, m, d, year;

	if (!s)
		return 0;
	if (ldg_date_parse(s, &day, &err) == 0) {
		ldg_date_format(day, iso);
		FUZZ_CHECK(ldg_date_parse_iso(iso, &day2, NULL) == 0 && day2 == day);
		FUZZ_CHECK(ldg_date_parse(iso, &day2, NULL) == 0 && day2 == day);
		ldg_date_to_ymd(day, &y, &m, &d);
		FUZZ_CHECK(ldg_date_valid(y, m, d) && ldg_date_from_ymd(y, m, d) == day);
		FUZZ_CHECK(ldg_date_year(day) == y);
	} else {
		FUZZ_CHECK(err.code != 0 && err.msg[0]);
	}
	ldg_err_clear(&err);
	if (ldg_date_parse_iso(s, &day, &err) == 0) {
		ldg_date_format(day, iso);
		FUZZ_CHECK(strcmp(iso, s) == 0);
	}
	if (ldg_year_parse(s, &year, NULL) == 0)
		FUZZ_CHECK(year >= 1900 && year <= 2999);
	free(s);
	return 0;
}
