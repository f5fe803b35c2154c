/*
 * fuzz_money.c — ledger/money.h parsers (import.md §1 amounts and rates,
 * rules.md §1 arithmetic).
 *
 * Invariants: an accepted amount is within [0, LDG_FEN_MAX] and survives
 * format → parse unchanged (plain and grouped); an accepted rate is within
 * [0, 10^6] ppm and, from 1 % up, survives format → parse; ldg_muldiv of
 * the first 40 bytes agrees with a 128-bit reference.
 */
#include "ledger/money.h"
#include "tests/fuzz/fuzz.h"

__extension__ typedef unsigned __int128 u128;

/* Reference for ldg_muldiv: half-up a*b*c*d/den, or -1 when out of range. */
static int ref_muldiv(int64_t a, int64_t b, int64_t c, int64_t d, int64_t den, int64_t *out)
{
	u128 p = 1, q;
	int64_t f[4] = { a, b, c, d };
	int i;

	if (a < 0 || b < 0 || c < 0 || d < 0 || den <= 0)
		return -1;
	if (a == 0 || b == 0 || c == 0 || d == 0) {   /* no overflow: the product is 0 */
		*out = 0;
		return 0;
	}
	for (i = 0; i < 4; i++) {
		if (f[i] != 0 && p > ((u128)-1) / (u128)f[i])
			return -1;
		p *= (u128)f[i];
	}
	if (p > ((u128)-1) - (u128)den / 2)
		return -1;
	q = (p + (u128)den / 2) / (u128)den;
	if (q > (u128)INT64_MAX)
		return -1;
	*out = (int64_t)q;
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = fuzz_cstr(data, size), buf[LDG_MONEY_BUFSZ], buf2[LDG_MONEY_BUFSZ];
	struct ldg_err err = { 0 };
	int64_t fen, fen2, ppm, ppm2;
	int u;

	if (!s)
		return 0;
	for (u = LDG_UNIT_YUAN; u <= LDG_UNIT_YI; u++) {
		ldg_err_clear(&err);
		if (ldg_money_parse(s, (enum ldg_unit)u, &fen, &err) == 0) {
			FUZZ_CHECK(fen >= 0 && fen <= LDG_FEN_MAX);
			ldg_money_format(fen, 0, buf);
			FUZZ_CHECK(ldg_money_parse(buf, LDG_UNIT_YUAN, &fen2, NULL) == 0 && fen2 == fen);
			ldg_money_format(fen, 1, buf);
			FUZZ_CHECK(ldg_money_parse(buf, LDG_UNIT_YUAN, &fen2, NULL) == 0 && fen2 == fen);
			ldg_money_format_wan(fen, buf2);
		} else {
			FUZZ_CHECK(err.code != 0 && err.msg[0]);
		}
	}
	ldg_err_clear(&err);
	if (ldg_rate_parse(s, &ppm, &err) == 0) {
		FUZZ_CHECK(ppm >= 0 && ppm <= 1000000);
		ldg_rate_format(ppm, buf);
		if (ppm >= 10000)
			FUZZ_CHECK(ldg_rate_parse(buf, &ppm2, NULL) == 0 && ppm2 == ppm);
	} else {
		FUZZ_CHECK(err.code != 0 && err.msg[0]);
	}
	if (size >= 40) {
		int64_t v[5], got, want;
		int rc, i;

		memcpy(v, data, sizeof(v));
		for (i = 0; i < 5; i++)   /* mostly small, sometimes huge or negative */
			if (data[i] & 1)
				v[i] %= INT64_C(1000000000000);
		rc = ldg_muldiv(v[0], v[1], v[2], v[3], v[4], &got);
		if (ref_muldiv(v[0], v[1], v[2], v[3], v[4], &want) == 0)
			FUZZ_CHECK(rc == 0 && got == want);
		else
			FUZZ_CHECK(rc != 0);
		if (ldg_add(v[0], v[1], &got) == 0)
			FUZZ_CHECK(!__builtin_add_overflow(v[0], v[1], &want) && got == want);
		if (ldg_sub(v[0], v[1], &got) == 0)
			FUZZ_CHECK(!__builtin_sub_overflow(v[0], v[1], &want) && got == want);
	}
	free(s);
	return 0;
}
