/*
 * money.c — exact amounts (fen) and rates (ppm): strict text parsers,
 * formatters, overflow-checked arithmetic and the one half-up mul-div of
 * rules.md §1.  No floating point: text is read digit by digit.
 */
#include <string.h>

#include "ledger/money.h"
#include "ledger/text.h"
#include "ledger/lang.h"

__extension__ typedef unsigned __int128 u128;

#define U128_MAX (~(u128)0)

/* Longest text either parser looks at; anything longer is not a number. */
#define NUM_TEXT_MAX 128

/*
 * A decimal number as written: its integer digits (leading zeros dropped)
 * and its fraction digits, both pointing into the caller's buffer.
 */
struct decimal {
	char ip[NUM_TEXT_MAX];  /* integer digits, no leading zeros, "" for 0 */
	size_t nip;             /* strlen(ip) */
	const char *fp;         /* fraction digits (not NUL-terminated) */
	size_t nfp;             /* how many */
};

/* 1 for an ASCII digit (never locale-dependent, unlike isdigit). */
static int is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/*
 * Read digits, optionally grouped by thousands, then an optional '.' and at
 * least one fraction digit, from *pp into d; *pp is left after the number.
 * With groups != 0 the integer part may be split by ',' or ' ' (one kind,
 * one character at a time): a first group of 1-3 digits, then groups of
 * exactly 3.  Returns 0, or -1 when no valid number starts at *pp.
 */
static int read_decimal(const char **pp, int groups, struct decimal *d)
{
	const char *p = *pp;
	char sep = 0;
	size_t run = 0, ngroups = 0, n = 0;

	d->nip = 0;
	d->fp = "";
	d->nfp = 0;
	if (!is_digit(*p))
		return -1;
	for (;;) {
		if (is_digit(*p)) {
			if (n + 1 >= sizeof(d->ip))
				return -1;
			if (n > 0 || *p != '0')
				d->ip[n++] = *p;
			run++;
			p++;
			continue;
		}
		if (groups && (*p == ',' || *p == ' ') && is_digit(p[1])
		    && (sep == 0 || sep == *p)) {
			/* the group just ended: 1-3 digits first, 3 after */
			if (ngroups == 0 ? run > 3 : run != 3)
				return -1;
			sep = *p;
			ngroups++;
			run = 0;
			p++;
			continue;
		}
		break;
	}
	if (ngroups > 0 && run != 3)
		return -1;
	d->ip[n] = '\0';
	d->nip = n;
	if (*p == '.') {
		p++;
		if (!is_digit(*p))
			return -1;
		d->fp = p;
		while (is_digit(*p))
			p++;
		d->nfp = (size_t)(p - d->fp);
	}
	*pp = p;
	return 0;
}

/* 1 when the number in d is zero. */
static int decimal_is_zero(const struct decimal *d)
{
	size_t i;

	if (d->nip > 0)
		return 0;
	for (i = 0; i < d->nfp; i++)
		if (d->fp[i] != '0')
			return 0;
	return 1;
}

/*
 * *out = d × 10^k exactly.  Returns 0; 1 when d has a non-zero digit below
 * 10^-k (too precise); 2 when the result exceeds max.
 */
static int decimal_scale(const struct decimal *d, unsigned k, uint64_t max,
			 uint64_t *out)
{
	uint64_t v = 0;
	size_t i;

	for (i = k; i < d->nfp; i++)
		if (d->fp[i] != '0')
			return 1;
	if (d->nip > 19)
		return 2;
	for (i = 0; i < d->nip + k; i++) {
		char c = i < d->nip ? d->ip[i]
			 : (i - d->nip < d->nfp ? d->fp[i - d->nip] : '0');

		if (__builtin_mul_overflow(v, 10u, &v)
		    || __builtin_add_overflow(v, (uint64_t)(c - '0'), &v))
			return 2;
	}
	if (v > max)
		return 2;
	*out = v;
	return 0;
}

/* Skip ASCII spaces. */
static const char *skip_spaces(const char *p)
{
	while (*p == ' ')
		p++;
	return p;
}

/* Skip a leading "¥" (U+00A5) or "￥" (U+FFE5) and the spaces after it. */
static const char *skip_currency(const char *p)
{
	if ((unsigned char)p[0] == 0xC2 && (unsigned char)p[1] == 0xA5)
		return skip_spaces(p + 2);
	if ((unsigned char)p[0] == 0xEF && (unsigned char)p[1] == 0xBF
	    && (unsigned char)p[2] == 0xA5)
		return skip_spaces(p + 3);
	return p;
}

/* Record an input error with message msg and the original text. */
static int input_error(struct ldg_err *err, const char *text, const char *msg)
{
	ldg_err_set(err, LDG_EINPUT, "%s", msg);
	ldg_err_value(err, text);
	return LDG_EINPUT;
}

/*
 * import.md §1, rules.md §1.  Accepted after folding (ldg_text_fold):
 * an optional '-' (or the whole amount in parentheses, the accountants'
 * negative), an optional ¥/￥ with spaces after it, digits grouped or not,
 * an optional fraction.  A minus sign on a zero value is harmless.
 */
int ldg_money_parse(const char *text, enum ldg_unit unit, int64_t *fen,
		    struct ldg_err *err)
{
	char buf[NUM_TEXT_MAX];
	struct decimal d;
	const char *p;
	uint64_t v;
	int neg = 0, paren = 0, rc, len;

	len = ldg_text_fold(text ? text : "", buf, sizeof(buf));
	if (len == 0)
		return input_error(err, text ? text : "", _("empty amount"));
	if (len < 0)
		return input_error(err, text, _("not an amount"));
	p = buf;
	if (*p == '(' && buf[len - 1] == ')') {
		paren = 1;
		buf[--len] = '\0';
		p = skip_spaces(p + 1);
	}
	if (*p == '-' && !paren) {
		neg = 1;
		p = skip_spaces(p + 1);
	}
	p = skip_currency(p);
	if (*p == '-' && !neg && !paren) {
		neg = 1;
		p = skip_spaces(p + 1);
	}
	if (read_decimal(&p, 1, &d) < 0)
		return input_error(err, text, _("not an amount"));
	p = skip_spaces(p);
	if (*p == 'e' || *p == 'E')
		return input_error(err, text,
				   _("not an amount (scientific notation is not exact)"));
	if (*p != '\0')
		return input_error(err, text, _("not an amount"));
	if ((neg || paren) && !decimal_is_zero(&d))
		return input_error(err, text, _("negative amount"));
	/* fen per unit: 元 10^2, 万元 10^6, 亿元 10^10 */
	rc = decimal_scale(&d, unit == LDG_UNIT_YI ? 10 : unit == LDG_UNIT_WAN ? 6 : 2,
			   (uint64_t)LDG_FEN_MAX, &v);
	if (rc == 1)
		return input_error(err, text, unit == LDG_UNIT_YI ? _("more precise than 1 fen in 亿元")
				   : unit == LDG_UNIT_WAN ? _("more precise than 1 fen in 万元")
				   : _("more precise than 1 fen in 元"));
	if (rc == 2)
		return input_error(err, text,
				   _("amount too large (above 10 000 000 000 000 yuan)"));
	*fen = (int64_t)v;
	return 0;
}

/*
 * Write the decimal digits of v into buf (reversed order is handled here),
 * with a ',' every three digits when grouped.  Returns the length.
 */
static size_t put_uint(uint64_t v, int grouped, char *buf)
{
	char tmp[32];
	size_t n = 0, i;

	do {
		if (grouped && n % 4 == 3)
			tmp[n++] = ',';
		tmp[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v > 0);
	for (i = 0; i < n; i++)
		buf[i] = tmp[n - 1 - i];
	buf[n] = '\0';
	return n;
}

/* |x| as uint64_t, also for INT64_MIN. */
static uint64_t magnitude(int64_t x)
{
	return x < 0 ? (uint64_t)(-(x + 1)) + 1 : (uint64_t)x;
}

/* Write sign, the integer part of u / 100 and ".cc" into buf. */
static char *put_hundredths(int neg, uint64_t u, int grouped, char *buf)
{
	size_t n = 0;

	if (neg)
		buf[n++] = '-';
	n += put_uint(u / 100, grouped, buf + n);
	buf[n++] = '.';
	buf[n++] = (char)('0' + (u % 100) / 10);
	buf[n++] = (char)('0' + u % 10);
	buf[n] = '\0';
	return buf;
}

/* Yuan with two decimals, grouped by ',' on request (money.h). */
char *ldg_money_format(int64_t fen, int grouped, char *buf)
{
	return put_hundredths(fen < 0, magnitude(fen), grouped, buf);
}

/*
 * 1 万元 = 10^6 fen, so hundredths of 万元 are units of 10^4 fen, rounded
 * half up (domain.md §6).  A negative amount is rounded by its magnitude
 * (half away from zero) and keeps its sign unless it rounds to 0.
 */
char *ldg_money_format_wan(int64_t fen, char *buf)
{
	uint64_t u = magnitude(fen);
	uint64_t q = u / 10000 + (u % 10000 >= 5000);

	return put_hundredths(fen < 0 && q > 0, q, 0, buf);
}

/*
 * import.md §1: "3.45%" and "3.45" (a number >= 1 without '%' is a
 * percentage) are 34 500 ppm, "0.0345" (below 1, a fraction) too.  So "1"
 * is 1 % and "0.5" is 50 %.  Spaces may stand before the '%'.
 */
int ldg_rate_parse(const char *text, int64_t *ppm, struct ldg_err *err)
{
	char buf[NUM_TEXT_MAX];
	struct decimal d;
	const char *p;
	uint64_t v;
	int neg = 0, pct = 0, rc, len;
	unsigned k;

	len = ldg_text_fold(text ? text : "", buf, sizeof(buf));
	if (len == 0)
		return input_error(err, text ? text : "", _("empty rate"));
	if (len < 0)
		return input_error(err, text, _("not a rate"));
	p = buf;
	if (*p == '-') {
		neg = 1;
		p = skip_spaces(p + 1);
	}
	if (read_decimal(&p, 0, &d) < 0)
		return input_error(err, text, _("not a rate"));
	p = skip_spaces(p);
	if (*p == '%') {
		pct = 1;
		p++;
	}
	if (*p != '\0')
		return input_error(err, text, _("not a rate"));
	if (neg && !decimal_is_zero(&d))
		return input_error(err, text, _("negative rate"));
	/* percent: 1 % = 10^4 ppm; a fraction: 1 = 10^6 ppm */
	k = (pct || d.nip > 0) ? 4 : 6;
	rc = decimal_scale(&d, k, 1000000, &v);
	if (rc == 1)
		return input_error(err, text, _("more precise than 1 ppm (0.0001%)"));
	if (rc == 2)
		return input_error(err, text, _("rate above 100%"));
	*ppm = (int64_t)v;
	return 0;
}

/*
 * Percent with 2 to 4 decimals, trailing zeros beyond the second dropped:
 * 34500 → "3.45", 40000 → "4.00", 44550 → "4.455", 1 → "0.0001".  buf
 * must hold LDG_MONEY_BUFSZ bytes.
 */
char *ldg_rate_format(int64_t ppm, char *buf)
{
	uint64_t u = magnitude(ppm), f = u % 10000;
	size_t n = 0;
	int i, nd = 4;

	if (ppm < 0)
		buf[n++] = '-';
	n += put_uint(u / 10000, 0, buf + n);
	buf[n++] = '.';
	while (nd > 2 && f % 10 == 0) {
		f /= 10;
		nd--;
	}
	for (i = nd - 1; i >= 0; i--) {
		buf[n + (size_t)i] = (char)('0' + f % 10);
		f /= 10;
	}
	n += (size_t)nd;
	buf[n] = '\0';
	return buf;
}

/*
 * rules.md §1: one half-up division of an exact 128-bit product.  With
 * principal <= 10^12 fen, rate <= 10^6, share <= 10^6 and 7300 days the
 * product is at most 7.3 × 10^27, far below 2^128 ≈ 3.4 × 10^38.
 */
int ldg_muldiv(int64_t a, int64_t b, int64_t c, int64_t d, int64_t den,
	       int64_t *out)
{
	const int64_t f[4] = { a, b, c, d };
	u128 p = 1, q, r;
	int i;

	if (den <= 0)
		return LDG_ERANGE;
	for (i = 0; i < 4; i++)
		if (f[i] < 0)
			return LDG_ERANGE;
	if (a == 0 || b == 0 || c == 0 || d == 0) {
		*out = 0;
		return 0;
	}
	for (i = 0; i < 4; i++) {
		u128 x = (u128)f[i];

		if (p > U128_MAX / x)
			return LDG_ERANGE;
		p *= x;
	}
	q = p / (u128)den;
	r = p % (u128)den;
	/* r < den <= INT64_MAX, so 2r cannot overflow */
	if (2 * r >= (u128)den)
		q++;
	if (q > (u128)INT64_MAX)
		return LDG_ERANGE;
	*out = (int64_t)q;
	return 0;
}

/* *out = a + b, or LDG_ERANGE with *out untouched (money.h). */
int ldg_add(int64_t a, int64_t b, int64_t *out)
{
	int64_t r;

	if (__builtin_add_overflow(a, b, &r))
		return LDG_ERANGE;
	*out = r;
	return 0;
}

/* *out = a - b, or LDG_ERANGE with *out untouched (money.h). */
int ldg_sub(int64_t a, int64_t b, int64_t *out)
{
	int64_t r;

	if (__builtin_sub_overflow(a, b, &r))
		return LDG_ERANGE;
	*out = r;
	return 0;
}
