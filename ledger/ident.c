/*
 * ident.c — identifiers: USCC (GB 32100-2015), patent numbers, trademark
 * and copyright registrations (domain.md §2–4, import.md §3).
 *
 * Every parser works on a folded copy of its input (ldg_text_fold: full-
 * width digits and letters become ASCII, U+3000 and NBSP become spaces,
 * both ends trimmed), so that what a spreadsheet typed in full width is the
 * same identifier as the ASCII one.  Errors are LDG_EINPUT with the input,
 * as given, in err->value.
 */
#include "ledger/ident.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "ledger/text.h"
#include "ledger/lang.h"

/* Room for a folded input; a longer one is refused as too long. */
#define IDENT_WORKSZ 512

/* domain.md §2: the 31 characters of a USCC, in value order. */
static const char uscc_alphabet[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";

/* domain.md §2: 3^(i-1) mod 31 for positions 1..17. */
static const int uscc_weights[17] = {
	1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28,
};

/* domain.md §3: weights of 12-digit and 8-digit application numbers. */
static const int patent_weights12[12] = { 2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5 };
static const int patent_weights8[8] = { 2, 3, 4, 5, 6, 7, 8, 9 };

/* UTF-8 of the Chinese marks the forms use. */
#define U_DI      "\xE7\xAC\xAC"             /* 第 */
#define U_HAO     "\xE5\x8F\xB7"             /* 号 */
#define U_ZUODENG "\xE4\xBD\x9C\xE7\x99\xBB\xE5\xAD\x97" /* 作登字 */
#define U_RUANZHU "\xE8\xBD\xAF\xE8\x91\x97" /* 软著 */

static const char *const kind_names[LDG_KIND_COUNT] = {
	"patent", "trademark", "copyright",
};
static const char *const kind_labels[LDG_KIND_COUNT] = {
	"专利权", "商标权", "著作权",
};

/*
 * Record an input error: the message from fmt, and text (the input as the
 * caller gave it) as the value.  Clears out (when given) so that a caller
 * that ignores the return value stores nothing.  Returns LDG_EINPUT.
 */
static int ident_fail(struct ldg_err *err, const char *text, char *out,
		      size_t outsz, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));

static int ident_fail(struct ldg_err *err, const char *text, char *out,
		      size_t outsz, const char *fmt, ...)
{
	char msg[sizeof(err->msg)];
	va_list ap;

	if (out && outsz > 0)
		out[0] = '\0';
	if (!err)
		return LDG_EINPUT;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (err->code == LDG_OK) {
		ldg_err_set(err, LDG_EINPUT, "%s", msg);
		ldg_err_value(err, text ? text : "");
	}
	return LDG_EINPUT;
}

/*
 * Fold text (NULL is "") into buf of IDENT_WORKSZ bytes and trim it.
 * Returns 0, or -1 when it does not fit.
 */
static int ident_fold(const char *text, char *buf)
{
	if (ldg_text_fold(text ? text : "", buf, IDENT_WORKSZ) < 0) {
		buf[0] = '\0';
		return -1;
	}
	ldg_text_trim(buf);
	return 0;
}

/* Remove ASCII spaces and tabs inside s, in place. */
static void ident_squeeze(char *s)
{
	char *w = s;

	for (; *s; s++)
		if (*s != ' ' && *s != '\t')
			*w++ = *s;
	*w = '\0';
}

/* Upper-case the ASCII letters of s, in place; other bytes are kept. */
static void ident_upper(char *s)
{
	for (; *s; s++)
		if (*s >= 'a' && *s <= 'z')
			*s = (char)(*s - 'a' + 'A');
}

/* 1 when s is n > 0 ASCII digits and nothing else (s[n] not looked at). */
static int ident_digits(const char *s, size_t n)
{
	size_t i;

	if (n == 0)
		return 0;
	for (i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return 1;
}

/* 1 when s starts with the ASCII prefix p, ignoring case. */
static int ident_prefix_ci(const char *s, const char *p)
{
	return strncasecmp(s, p, strlen(p)) == 0;
}

/* 1 when s starts with the bytes of p. */
static int ident_prefix(const char *s, const char *p)
{
	return strncmp(s, p, strlen(p)) == 0;
}

/* 1 when s ends with the bytes of p. */
static int ident_suffix(const char *s, const char *p)
{
	size_t n = strlen(s), m = strlen(p);

	return n >= m && memcmp(s + n - m, p, m) == 0;
}

/*
 * Copy s into out (outsz bytes) when it fits.  Returns 0, or -1 (out left
 * empty) when it does not.
 */
static int ident_copy(char *out, size_t outsz, const char *s)
{
	size_t n = strlen(s);

	if (!out || n >= outsz) {
		if (out && outsz > 0)
			out[0] = '\0';
		return -1;
	}
	memcpy(out, s, n + 1);
	return 0;
}

/* The stored name of a kind; "" for LDG_KIND_NONE or a value out of range. */
const char *ldg_kind_name(enum ldg_kind kind)
{
	if ((int)kind < 0 || (int)kind >= LDG_KIND_COUNT)
		return "";
	return kind_names[kind];
}

/* The Chinese label of a kind; "" for LDG_KIND_NONE or out of range. */
const char *ldg_kind_label(enum ldg_kind kind)
{
	if ((int)kind < 0 || (int)kind >= LDG_KIND_COUNT)
		return "";
	return kind_labels[kind];
}

/*
 * import.md §2 (ip_kind): the words a bank writes.  Chinese words are
 * matched exactly, English ones ignoring case, both after folding.
 */
int ldg_kind_parse(const char *text, enum ldg_kind *kind, struct ldg_err *err)
{
	static const struct {
		const char *word;
		enum ldg_kind kind;
	} words[] = {
		{ "专利", LDG_KIND_PATENT },     { "专利权", LDG_KIND_PATENT },
		{ "patent", LDG_KIND_PATENT },   { "商标", LDG_KIND_TRADEMARK },
		{ "商标权", LDG_KIND_TRADEMARK }, { "trademark", LDG_KIND_TRADEMARK },
		{ "著作权", LDG_KIND_COPYRIGHT }, { "版权", LDG_KIND_COPYRIGHT },
		{ "软件著作权", LDG_KIND_COPYRIGHT },
		{ "copyright", LDG_KIND_COPYRIGHT },
	};
	char buf[IDENT_WORKSZ];
	size_t i;

	if (ident_fold(text, buf) == 0) {
		for (i = 0; i < sizeof(words) / sizeof(words[0]); i++) {
			if (strcasecmp(buf, words[i].word) == 0) {
				if (kind)
					*kind = words[i].kind;
				return 0;
			}
		}
	}
	if (kind)
		*kind = LDG_KIND_NONE;
	return ident_fail(err, text, NULL, 0, _("unknown kind of right"));
}

/* The value of a USCC character (domain.md §2), or -1 outside the alphabet. */
static int uscc_value(char c)
{
	const char *p;

	if (c == '\0')
		return -1;
	p = strchr(uscc_alphabet, c);
	return p ? (int)(p - uscc_alphabet) : -1;
}

/*
 * domain.md §2: c = 31 − (Σ value × weight mod 31), 31 → 0.  Needs 17
 * characters of the alphabet (upper case); a shorter string or another
 * character gives '\0'.
 */
char ldg_uscc_check_char(const char *first17)
{
	int i, v, sum = 0, c;

	if (!first17)
		return '\0';
	for (i = 0; i < 17; i++) {
		v = uscc_value(first17[i]);
		if (v < 0)
			return '\0';
		sum += v * uscc_weights[i];
	}
	c = 31 - sum % 31;
	if (c == 31)
		c = 0;
	return uscc_alphabet[c];
}

/*
 * domain.md §2, import.md §3.  The length is counted in characters (UTF-8
 * code points) so that a stray Chinese character is reported as itself.
 */
int ldg_uscc_normalize(const char *text, int accept_nonstandard, char *out,
		       struct ldg_err *err)
{
	char buf[IDENT_WORKSZ];
	size_t i, nchars = 0;
	char check;

	if (ident_fold(text, buf) < 0)
		return ident_fail(err, text, out, LDG_USCC_BUFSZ,
				  _("USCC too long"));
	if (buf[0] == '\0')
		return ident_fail(err, text, out, LDG_USCC_BUFSZ, _("empty USCC"));
	ident_upper(buf);
	for (i = 0; buf[i]; i++)
		if (((unsigned char)buf[i] & 0xC0) != 0x80)
			nchars++;
	if (nchars != 18)
		return ident_fail(err, text, out, LDG_USCC_BUFSZ,
				  _("wrong USCC length %zu, expected 18 characters"),
				  nchars);
	for (i = 0; i < 18; i++) {
		if ((unsigned char)buf[i] >= 0x80)
			return ident_fail(err, text, out, LDG_USCC_BUFSZ,
					  _("character at position %zu is not allowed in a USCC"),
					  i + 1);
		if (uscc_value(buf[i]) < 0)
			return ident_fail(err, text, out, LDG_USCC_BUFSZ,
					  _("character '%c' at position %zu is not allowed in a USCC"),
					  buf[i], i + 1);
	}
	/* 18 ASCII characters and more bytes: stray UTF-8 continuation bytes,
	 * which the copy below would put where the NUL belongs (fuzz_ident) */
	if (buf[18] != '\0')
		return ident_fail(err, text, out, LDG_USCC_BUFSZ,
				  _("character at position 18 is not allowed in a USCC"));
	check = ldg_uscc_check_char(buf);
	if (check != buf[17] && !accept_nonstandard)
		return ident_fail(err, text, out, LDG_USCC_BUFSZ,
				  _("wrong USCC check character '%c', expected '%c' "
				  "(to register a code issued before the standard: "
				  "pledger enterprise add ... --accept-nonstandard-uscc)"),
				  buf[17], check);
	if (out)
		memcpy(out, buf, 19);
	return 0;
}

/*
 * The check digit of n (12 or 8) digits: the weighted sum mod 11 itself,
 * 10 written X (domain.md §3).  The caller has checked the digits.
 */
static char patent_check(const char *body, size_t n)
{
	const int *w = n == 12 ? patent_weights12 : patent_weights8;
	size_t i;
	int sum = 0, r;

	for (i = 0; i < n; i++)
		sum += (body[i] - '0') * w[i];
	r = sum % 11;
	return r == 10 ? 'X' : (char)('0' + r);
}

/* ldg_patent_check_char: see ident.h. */
char ldg_patent_check_char(const char *digits)
{
	size_t n = strlen(digits);

	if ((n != 12 && n != 8) || !ident_digits(digits, n))
		return '\0';
	return patent_check(digits, n);
}

/*
 * domain.md §3.  Accepted: an optional ZL or CN prefix (any case), spaces
 * and tabs anywhere, the digits, an optional dot, the check digit (x or X).
 * Without a dot the last character is the check digit.
 */
int ldg_patent_normalize(const char *text, char *out, size_t outsz, int *type,
			 struct ldg_err *err)
{
	char buf[IDENT_WORKSZ];
	char *p, *dot, *body, check, want;
	size_t n, nbody, i;
	int t;

	if (ident_fold(text, buf) < 0)
		return ident_fail(err, text, out, outsz, _("patent number too long"));
	ident_squeeze(buf);
	p = buf;
	if (ident_prefix_ci(p, "ZL") || ident_prefix_ci(p, "CN"))
		p += 2;
	n = strlen(p);
	if (n == 0)
		return ident_fail(err, text, out, outsz, _("empty patent number"));
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)p[i];

		if ((c >= '0' && c <= '9') || c == '.' || c == 'X' || c == 'x')
			continue;
		if (c >= 0x21 && c < 0x7F)
			return ident_fail(err, text, out, outsz,
					  _("character '%c' is not allowed in a patent number"),
					  (char)c);
		return ident_fail(err, text, out, outsz,
				  _("unexpected character in patent number (only "
				  "digits, a dot and the check digit)"));
	}
	dot = strchr(p, '.');
	if (dot && strchr(dot + 1, '.'))
		return ident_fail(err, text, out, outsz,
				  _("more than one dot in patent number"));
	if (dot) {
		if (strlen(dot + 1) != 1)
			return ident_fail(err, text, out, outsz,
					  _("patent number must end with one check digit after the dot"));
		nbody = (size_t)(dot - p);
		check = dot[1];
	} else {
		nbody = n - 1;
		check = p[n - 1];
	}
	body = p;
	if (nbody != 12 && nbody != 8)
		return ident_fail(err, text, out, outsz,
				  _("patent number has %zu digits before the check digit, "
				  "expected 12 (or 8 for numbers filed before 2003-10-01)"),
				  nbody);
	if (!ident_digits(body, nbody))
		return ident_fail(err, text, out, outsz,
				  _("'X' may only be the check digit of a patent number"));
	if (check == 'x')
		check = 'X';
	/* The type digit: 5th of 12, 3rd of 8 (domain.md §3). */
	t = body[nbody == 12 ? 4 : 2] - '0';
	if (t != 1 && t != 2 && t != 3 && t != 8 && t != 9)
		return ident_fail(err, text, out, outsz,
				  _("unknown patent type digit '%d' (1 invention, "
				  "2 utility model, 3 design, 8 PCT invention, "
				  "9 PCT utility model)"), t);
	want = patent_check(body, nbody);
	if (check != want)
		return ident_fail(err, text, out, outsz,
				  _("wrong patent check digit '%c', expected '%c'"),
				  check, want);
	if (out && outsz < nbody + 5)
		return ident_fail(err, text, out, outsz,
				  _("patent number does not fit"));
	if (out) {
		memcpy(out, "ZL", 2);
		memcpy(out + 2, body, nbody);
		out[nbody + 2] = '.';
		out[nbody + 3] = want;
		out[nbody + 4] = '\0';
	}
	if (type)
		*type = t;
	return 0;
}

/*
 * domain.md §4, import.md §3: 第 or TM (any case) first, 号 last, both
 * optional; then an optional Madrid G (any case) and 6–8 digits.  Spaces
 * inside are dropped.  Leading zeros are kept: the number is text.
 */
int ldg_trademark_normalize(const char *text, char *out, size_t outsz,
			    struct ldg_err *err)
{
	char buf[IDENT_WORKSZ];
	char *p;
	size_t n, start;

	if (ident_fold(text, buf) < 0)
		return ident_fail(err, text, out, outsz,
				  _("trademark registration number too long"));
	ident_squeeze(buf);
	p = buf;
	if (ident_prefix_ci(p, "TM"))
		p += 2;
	if (ident_prefix(p, U_DI))
		p += strlen(U_DI);
	if (ident_suffix(p, U_HAO))
		p[strlen(p) - strlen(U_HAO)] = '\0';
	if (*p == '\0')
		return ident_fail(err, text, out, outsz,
				  _("empty trademark registration number"));
	start = (*p == 'G' || *p == 'g') ? 1 : 0;
	if (start)
		*p = 'G';
	n = strlen(p + start);
	if (!ident_digits(p + start, n))
		return ident_fail(err, text, out, outsz,
				  _("trademark registration number must be digits "
				  "(a Madrid one may start with G)"));
	if (n < 6 || n > 8)
		return ident_fail(err, text, out, outsz,
				  _("trademark registration number has %zu digits, "
				  "expected 6 to 8"), n);
	if (ident_copy(out, outsz, p) < 0)
		return ident_fail(err, text, out, outsz,
				  _("trademark registration number does not fit"));
	return 0;
}

/*
 * domain.md §4: kept as written, trimmed, upper-cased (so 2016sr0998839
 * and 2016SR0998839 are one registration).  Control characters are refused:
 * they are always a damaged cell.
 */
int ldg_copyright_normalize(const char *text, char *out, size_t outsz,
			    struct ldg_err *err)
{
	char buf[IDENT_WORKSZ];
	size_t i;

	if (ident_fold(text, buf) < 0)
		return ident_fail(err, text, out, outsz,
				  _("copyright registration too long"));
	if (buf[0] == '\0')
		return ident_fail(err, text, out, outsz,
				  _("empty copyright registration"));
	for (i = 0; buf[i]; i++)
		if ((unsigned char)buf[i] < 0x20 || buf[i] == 0x7F)
			return ident_fail(err, text, out, outsz,
					  _("control character in copyright registration"));
	ident_upper(buf);
	if (ident_copy(out, outsz, buf) < 0)
		return ident_fail(err, text, out, outsz,
				  _("copyright registration too long (at most %zu bytes)"),
				  outsz > 0 ? outsz - 1 : 0);
	return 0;
}

/* 1 when s is YYYY + SR + digits, any case (a software copyright). */
static int is_software_copyright(const char *s)
{
	size_t n = strlen(s);

	return n > 6 && ident_digits(s, 4) && (s[4] == 'S' || s[4] == 's') &&
	       (s[5] == 'R' || s[5] == 'r') && ident_digits(s + 6, n - 6);
}

/*
 * 1 when s has a patent's digits-and-check shape: digits with one dot
 * followed by one check character, or 9 or more digits of which the last
 * may be X (no trademark is that long).  s has no spaces.
 */
static int is_patent_shape(const char *s)
{
	size_t n = strlen(s), i;
	const char *dot = strchr(s, '.');

	if (n == 0)
		return 0;
	if (dot) {
		if (dot == s || strlen(dot + 1) != 1)
			return 0;
		if (!ident_digits(s, (size_t)(dot - s)))
			return 0;
		return (dot[1] >= '0' && dot[1] <= '9') || dot[1] == 'X' ||
		       dot[1] == 'x';
	}
	if (n < 9)
		return 0;
	for (i = 0; i + 1 < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return (s[n - 1] >= '0' && s[n - 1] <= '9') || s[n - 1] == 'X' ||
	       s[n - 1] == 'x';
}

/* 1 when s (folded, spaces squeezed) is a bare number of 6–8 digits. */
static int is_bare_number(const char *s)
{
	size_t n = strlen(s);

	return n >= 6 && n <= 8 && ident_digits(s, n);
}

/*
 * import.md §3 "the kind of a right is told from its form".  The marks are
 * tried in this order: copyright (作登字, 软著, YYYYSR… — before the
 * trademark marks, since 软著登字第…号 carries 第…号 too), patent prefix,
 * trademark marks, patent shape.  A form that tells its kind but is
 * otherwise wrong still tells it, so that the error is about that kind.
 */
enum ldg_kind ldg_right_kind_of(const char *text)
{
	char buf[IDENT_WORKSZ];
	const char *p;

	if (ident_fold(text, buf) < 0)
		return LDG_KIND_NONE;
	ident_squeeze(buf);
	if (buf[0] == '\0')
		return LDG_KIND_NONE;
	if (strstr(buf, U_ZUODENG) || strstr(buf, U_RUANZHU) ||
	    is_software_copyright(buf))
		return LDG_KIND_COPYRIGHT;
	if (ident_prefix_ci(buf, "ZL") || ident_prefix_ci(buf, "CN"))
		return LDG_KIND_PATENT;
	if (ident_prefix(buf, U_DI) || ident_suffix(buf, U_HAO) ||
	    ident_prefix_ci(buf, "TM"))
		return LDG_KIND_TRADEMARK;
	if (buf[0] == 'G' || buf[0] == 'g') {
		p = buf + 1;
		if (ident_digits(p, strlen(p)))
			return LDG_KIND_TRADEMARK;
	}
	if (is_patent_shape(buf))
		return LDG_KIND_PATENT;
	return LDG_KIND_NONE;
}

/*
 * import.md §2 (ip_kind) and §3: the kind the form tells (a bare 6–8 digit
 * number is a trademark's form), else the hint, else refused.  The hint
 * never overrides a form that tells: in `29976271;2020SR3295694` with
 * ip_kind 著作权 the first stays a trademark (issue 11).
 */
int ldg_right_normalize(const char *text, enum ldg_kind hint, char *out,
			size_t outsz, enum ldg_kind *kind, struct ldg_err *err)
{
	char buf[IDENT_WORKSZ];
	enum ldg_kind k;

	k = ldg_right_kind_of(text);
	if (k == LDG_KIND_NONE && ident_fold(text, buf) == 0) {
		ident_squeeze(buf);
		if (is_bare_number(buf))
			k = LDG_KIND_TRADEMARK;
	}
	if (k == LDG_KIND_NONE && (int)hint >= 0 && (int)hint < LDG_KIND_COUNT)
		k = hint;
	if (kind)
		*kind = k;
	switch (k) {
	case LDG_KIND_PATENT:
		return ldg_patent_normalize(text, out, outsz, NULL, err);
	case LDG_KIND_TRADEMARK:
		return ldg_trademark_normalize(text, out, outsz, err);
	case LDG_KIND_COPYRIGHT:
		return ldg_copyright_normalize(text, out, outsz, err);
	case LDG_KIND_NONE:
	default:
		break;
	}
	if (ident_fold(text, buf) == 0 && buf[0] == '\0')
		return ident_fail(err, text, out, outsz, _("empty right"));
	return ident_fail(err, text, out, outsz,
			  _("kind of right cannot be told; give ip_kind"));
}

/*
 * The length of the list separator at s (import.md §1: ; ； , ， 、 and
 * newline; CR too, so that CRLF inside a quoted cell splits once), or 0.
 */
static size_t list_separator(const char *s)
{
	static const char *const wide[] = {
		"\xEF\xBC\x9B", /* ； */
		"\xEF\xBC\x8C", /* ， */
		"\xE3\x80\x81", /* 、 */
	};
	unsigned char c = (unsigned char)*s;
	size_t i;

	if (c == ';' || c == ',' || c == '\n' || c == '\r')
		return 1;
	if (c != 0xEF && c != 0xE3)   /* the lead bytes of the wide ones */
		return 0;
	for (i = 0; i < sizeof(wide) / sizeof(wide[0]); i++)
		if (ident_prefix(s, wide[i]))
			return 3;
	return 0;
}

/*
 * import.md §1 (lists of rights).  Works on a private copy: each separator
 * becomes the end of an item, the item is trimmed (ASCII blanks, U+3000,
 * NBSP) and handed to fn unless empty.  A NULL cell or fn is an empty list.
 */
int ldg_list_split(const char *cell, int (*fn)(const char *item, void *ctx),
		   void *ctx)
{
	char *copy = NULL, *item, *s;
	size_t n, sep;
	int rc = 0, last = 0;

	if (!cell || !fn)
		return 0;
	n = strlen(cell);
	copy = malloc(n + 1);
	if (!copy)
		return LDG_ENOMEM;
	memcpy(copy, cell, n + 1);
	item = s = copy;
	while (!last) {
		sep = list_separator(s);
		if (sep == 0 && *s != '\0') {
			s++;
			continue;
		}
		last = *s == '\0';
		*s = '\0';
		ldg_text_trim(item);
		if (item[0] != '\0') {
			rc = fn(item, ctx);
			if (rc != 0)
				goto out;
		}
		s += sep;
		item = s;
	}
out:
	free(copy);
	return rc;
}
