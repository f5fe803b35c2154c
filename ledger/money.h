/*
 * money.h — exact money in fen (int64_t), rates and shares in ppm (int64_t).
 *
 * No floating point anywhere: text is converted digit by digit, arithmetic
 * is overflow-checked, and the only rounding is one half-up division in
 * 128-bit integers (rules.md §1).
 */
#ifndef LDG_MONEY_H
#define LDG_MONEY_H

#include <stddef.h>
#include <stdint.h>

#include "ledger/error.h"

/* Largest amount pledger accepts: 10^15 fen (10 trillion yuan). */
#define LDG_FEN_MAX INT64_C(1000000000000000)

/* Buffer size that holds any formatted amount, with separators and sign. */
#define LDG_MONEY_BUFSZ 32

enum ldg_unit {
	LDG_UNIT_YUAN = 0,  /* 元: at most 2 decimals */
	LDG_UNIT_WAN  = 1,  /* 万元: at most 6 decimals */
	LDG_UNIT_YI   = 2,  /* 亿元: at most 10 decimals (targets files) */
};

/*
 * Parse an amount as written in an office's file (import.md §1):
 * "1234.5", "1,234.50", "1 234.50", full-width "１２３４．５", a leading
 * "¥"/"￥", surrounding spaces (ASCII, U+3000, NBSP).  Trailing zeros are
 * judged by value ("1234.500" is fine in 元).  Into *fen.
 *
 * Digit groups: the integer part may be split by ',' or by ' ' (U+3000,
 * NBSP, U+2009 and U+202F fold to ' '), one kind per amount, a first group
 * of 1-3 digits then groups of exactly 3.  The fraction is not grouped.
 * No '+', no leading or trailing '.', no exponent.  "(1234.50)" is read as
 * negative.  A minus sign on zero ("-0.00") gives 0.
 *
 * Errors (LDG_EINPUT, err->value is the text as given), err->msg one of:
 * "empty amount"; "not an amount" (… "(scientific notation is not
 * exact)"); "negative amount"; "more precise than 1 fen in 元" / "… in
 * 万元" / "… in 亿元"; "amount too large (above 10 000 000 000 000 yuan)".
 */
int ldg_money_parse(const char *text, enum ldg_unit unit, int64_t *fen,
		    struct ldg_err *err);

/*
 * Format fen as yuan with exactly two decimals into buf (LDG_MONEY_BUFSZ):
 * grouped != 0 gives "1,234,567.50", else "1234567.50".  Negative amounts
 * get a leading '-'.  Returns buf.
 */
char *ldg_money_format(int64_t fen, int grouped, char *buf);

/*
 * Format fen as 万元 with exactly two decimals, no grouping, rounded half up
 * (a negative amount by its magnitude)
 * (12345678 fen = 123 456.78 yuan → "12.35").  Returns buf (LDG_MONEY_BUFSZ).
 */
char *ldg_money_format_wan(int64_t fen, char *buf);

/*
 * Parse a rate or share (import.md §1): "3.45%", "3.45" (a number >= 1 is
 * read as percent), "0.0345", full-width digits allowed.  Into ppm
 * (3.45 % → 34 500).  So "1" is 1 % and "0.5" is 50 %; write "50%" to be
 * plain.  Spaces may stand before '%'; no digit grouping.
 *
 * Errors (LDG_EINPUT, err->value is the text), err->msg one of: "empty
 * rate"; "not a rate"; "negative rate"; "more precise than 1 ppm
 * (0.0001%)"; "rate above 100%" (1 000 000 ppm).
 */
int ldg_rate_parse(const char *text, int64_t *ppm, struct ldg_err *err);

/*
 * Format ppm as percent with the fewest decimals (>= 2, <= 4), without the
 * '%': 34500 → "3.45", 40000 → "4.00", 44550 → "4.455".  buf holds
 * LDG_MONEY_BUFSZ bytes.  Returns buf.
 */
char *ldg_rate_format(int64_t ppm, char *buf);

/*
 * round_half_up(a × b × c × d / den) for non-negative a, b, c, d and den > 0,
 * computed in unsigned 128-bit integers (rules.md §1).  Pass 1 for an unused
 * factor.  Returns 0 and sets *out, or LDG_ERANGE when an operand is
 * negative, den is 0, the product overflows 128 bits or the result does not
 * fit int64_t.
 */
int ldg_muldiv(int64_t a, int64_t b, int64_t c, int64_t d, int64_t den,
	       int64_t *out);

/* Overflow-checked *out = a + b and *out = a - b; LDG_ERANGE on overflow. */
int ldg_add(int64_t a, int64_t b, int64_t *out);
int ldg_sub(int64_t a, int64_t b, int64_t *out);

#endif
