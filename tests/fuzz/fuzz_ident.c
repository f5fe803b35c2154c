/*
 * fuzz_ident.c — ledger/ident.h identifiers (import.md §3, domain.md §2–4)
 * and the list splitter of rights cells.
 *
 * Invariants: an accepted USCC is 18 characters of the code's alphabet with
 * the right check character, and normalising it again changes nothing; an
 * accepted patent number is ZL + digits + '.' + check and normalises to
 * itself; every right's normal form fits its buffer; the list splitter
 * hands out non-empty trimmed items only.
 */
#include "ledger/ident.h"
#include "tests/fuzz/fuzz.h"

static int count_item(const char *item, void *ctx)
{
	size_t n = strlen(item);

	FUZZ_CHECK(n > 0);
	FUZZ_CHECK(item[0] != ' ' && item[n - 1] != ' ' && item[n - 1] != '\n');
	(*(long *)ctx)++;
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = fuzz_cstr(data, size), out[LDG_RIGHT_BUFSZ], again[LDG_RIGHT_BUFSZ];
	char uscc[LDG_USCC_BUFSZ], uscc2[LDG_USCC_BUFSZ];
	struct ldg_err err = { 0 };
	enum ldg_kind kind, k2;
	int type, hint;
	long items = 0;

	if (!s)
		return 0;
	if (ldg_uscc_normalize(s, 0, uscc, &err) == 0) {
		FUZZ_CHECK(strlen(uscc) == 18);
		FUZZ_CHECK(strspn(uscc, "0123456789ABCDEFGHJKLMNPQRTUWXY") == 18);
		FUZZ_CHECK(ldg_uscc_check_char(uscc) == uscc[17]);
		FUZZ_CHECK(ldg_uscc_normalize(uscc, 0, uscc2, NULL) == 0 && strcmp(uscc, uscc2) == 0);
	} else {
		FUZZ_CHECK(err.code != 0 && err.msg[0]);
	}
	if (ldg_uscc_normalize(s, 1, uscc, NULL) == 0)
		FUZZ_CHECK(strlen(uscc) == 18);
	if (size >= 17)
		(void)ldg_uscc_check_char(s);
	if (ldg_patent_normalize(s, out, sizeof(out), &type, NULL) == 0) {
		size_t n = strlen(out);

		FUZZ_CHECK(n > 4 && out[0] == 'Z' && out[1] == 'L' && out[n - 2] == '.');
		FUZZ_CHECK(ldg_patent_normalize(out, again, sizeof(again), NULL, NULL) == 0);
		FUZZ_CHECK(strcmp(out, again) == 0);
	}
	if (ldg_trademark_normalize(s, out, sizeof(out), NULL) == 0)
		FUZZ_CHECK(strlen(out) >= 6 && strlen(out) <= 9);
	(void)ldg_copyright_normalize(s, out, sizeof(out), NULL);
	(void)ldg_kind_parse(s, &kind, NULL);
	kind = ldg_right_kind_of(s);
	FUZZ_CHECK(kind >= LDG_KIND_NONE && kind < LDG_KIND_COUNT);
	for (hint = LDG_KIND_NONE; hint < LDG_KIND_COUNT; hint++) {
		if (ldg_right_normalize(s, (enum ldg_kind)hint, out, sizeof(out), &k2, NULL) == 0) {
			FUZZ_CHECK(k2 >= 0 && k2 < LDG_KIND_COUNT);
			FUZZ_CHECK(strlen(out) < sizeof(out));
			FUZZ_CHECK(ldg_kind_name(k2) != NULL);
		}
	}
	FUZZ_CHECK(ldg_list_split(s, count_item, &items) == 0);
	free(s);
	return 0;
}
