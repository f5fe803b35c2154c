/*
 * fuzz_text.c — ledger/text.h (folding, trimming, yes/no, widths) and
 * ledger/numerals.h (大写金额 of any amount in range).
 *
 * Invariants: folding and keys never write past their buffer and are
 * idempotent;
 * a yes/no answer is 0 or 1; numerals succeed for every amount in
 * [0, LDG_FEN_MAX] and fail for negative ones.
 */
#include "ledger/money.h"
#include "ledger/numerals.h"
#include "ledger/text.h"
#include "tests/fuzz/fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = fuzz_cstr(data, size), *t, *f1, *f2, num[LDG_NUMERALS_BUFSZ];
	size_t cap = size * 3 + 8;
	int yes, n1, n2;

	if (!s)
		return 0;
	f1 = malloc(cap);
	f2 = malloc(cap);
	t = fuzz_cstr(data, size);
	if (f1 && f2 && t) {
		n1 = ldg_text_fold(s, f1, cap);
		if (n1 >= 0) {
			FUZZ_CHECK((size_t)n1 == strlen(f1));
			n2 = ldg_text_fold(f1, f2, cap);
			FUZZ_CHECK(n2 == n1 && strcmp(f1, f2) == 0);
		}
		/* keys (import.md §3): no longer than the text, idempotent, and
		 * no space at either end nor two in a row */
		n1 = ldg_text_key(s, f1, cap);
		if (n1 >= 0) {
			FUZZ_CHECK((size_t)n1 == strlen(f1) && (size_t)n1 <= size);
			FUZZ_CHECK(!strstr(f1, "  ") && (n1 == 0 || (f1[0] != ' ' && f1[n1 - 1] != ' ')));
			n2 = ldg_text_key(f1, f2, cap);
			FUZZ_CHECK(n2 == n1 && strcmp(f1, f2) == 0);
		}
		(void)ldg_text_key(s, f1, 4);
		(void)ldg_text_fold(s, f1, 4);   /* a small buffer must not overflow */
		ldg_text_trim(t);
		(void)ldg_text_width(s);
		(void)ldg_utf8_valid(s, size);
		if (ldg_bool_parse(s, 0, &yes, NULL) == 0)
			FUZZ_CHECK(yes == 0 || yes == 1);
	}
	if (size >= 8) {
		int64_t fen;

		memcpy(&fen, data, sizeof(fen));
		if (fen < 0 && fen != INT64_MIN)
			FUZZ_CHECK(ldg_numerals(fen, 1, num, sizeof(num)) != 0);
		fen = fen < 0 ? -(fen + 1) : fen;
		fen %= LDG_FEN_MAX + 1;
		FUZZ_CHECK(ldg_numerals(fen, (int)(data[0] & 1), num, sizeof(num)) == 0);
		FUZZ_CHECK(num[0] != '\0');
	}
	free(f1);
	free(f2);
	free(t);
	free(s);
	return 0;
}
