/*
 * text.c — UTF-8 folding, trimming, yes/no and display width (text.h).
 *
 * Everything here works on bytes with a small strict UTF-8 decoder; no
 * locale is consulted, so the results do not depend on the environment.
 */
#include <stdio.h>
#include <string.h>

#include "ledger/lang.h"
#include "ledger/text.h"

/*
 * Decode one UTF-8 sequence at s (at most len bytes).  Returns its length
 * (1..4) and sets *cp, or 0 when the bytes are not a valid, shortest-form
 * sequence of a scalar value (no surrogates, nothing above U+10FFFF).
 */
static size_t utf8_decode(const unsigned char *s, size_t len, unsigned long *cp)
{
	unsigned long c;
	size_t n, i;

	if (len == 0)
		return 0;
	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	} else if (s[0] >= 0xC2 && s[0] <= 0xDF) {
		n = 2;
		c = s[0] & 0x1F;
	} else if (s[0] >= 0xE0 && s[0] <= 0xEF) {
		n = 3;
		c = s[0] & 0x0F;
	} else if (s[0] >= 0xF0 && s[0] <= 0xF4) {
		n = 4;
		c = s[0] & 0x07;
	} else {
		return 0;
	}
	if (len < n)
		return 0;
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		c = (c << 6) | (s[i] & 0x3F);
	}
	if ((n == 3 && c < 0x800) || (n == 4 && c < 0x10000) || c > 0x10FFFF
	    || (c >= 0xD800 && c <= 0xDFFF))
		return 0;
	*cp = c;
	return n;
}

/* 1 for the bytes ldg_text_trim and ldg_text_fold treat as ASCII space. */
static int is_ascii_space(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v'
	       || c == '\f';
}

/*
 * Length of a white-space character at s (len bytes left): ASCII white
 * space, NBSP U+00A0, U+3000; 0 when s does not start with one.
 */
static size_t space_len(const unsigned char *s, size_t len)
{
	if (len >= 1 && is_ascii_space(s[0]))
		return 1;
	if (len >= 2 && s[0] == 0xC2 && s[1] == 0xA0)
		return 2;
	if (len >= 3 && s[0] == 0xE3 && s[1] == 0x80 && s[2] == 0x80)
		return 3;
	return 0;
}

/*
 * Fold full-width ASCII to ASCII and the odd spaces to ' ', then trim.
 * Besides the header's list, the thin space U+2009 and the narrow NBSP
 * U+202F (digit-group separators in some exports) also become ' '.
 * Folding never makes the text longer, so outsz > strlen(in) always fits,
 * and the output never runs ahead of the input: in and out may be the same
 * buffer (hence memmove).
 */
int ldg_text_fold(const char *in, char *out, size_t outsz)
{
	const unsigned char *s = (const unsigned char *)(in ? in : "");
	size_t len = strlen((const char *)s), i = 0, n = 0, start, end;

	if (outsz == 0)
		return -1;
	while (i < len) {
		unsigned long cp;
		size_t k;
		unsigned char one = 0;
		int single = 0;

		if (s[i] < 0x80) {
			/* ASCII, most of every office file, is kept as it is; in
			 * place out + n never passes s + i (folding never grows) */
			if (n + 1 >= outsz)
				return -1;
			out[n++] = (char)s[i++];
			continue;
		}
		k = utf8_decode(s + i, len - i, &cp);
		if (k == 0) {
			/* not valid UTF-8: copy the byte unchanged */
			k = 1;
			cp = 0;
		} else if (cp >= 0xFF01 && cp <= 0xFF5E) {
			one = (unsigned char)(cp - 0xFEE0);
			single = 1;
		} else if (cp == 0x3000 || cp == 0xA0 || cp == 0x2009 || cp == 0x202F) {
			one = ' ';
			single = 1;
		}
		if (single) {
			if (n + 1 >= outsz)
				return -1;
			out[n++] = (char)one;
		} else {
			if (n + k >= outsz)
				return -1;
			memmove(out + n, s + i, k);
			n += k;
		}
		i += k;
	}
	out[n] = '\0';
	/* trim: after folding only ASCII white space can be left at the ends */
	start = 0;
	while (start < n && is_ascii_space((unsigned char)out[start]))
		start++;
	end = n;
	while (end > start && is_ascii_space((unsigned char)out[end - 1]))
		end--;
	if (start > 0)
		memmove(out, out + start, end - start);
	out[end - start] = '\0';
	return (int)(end - start);
}

/* ldg_text_key: see text.h. */
int ldg_text_key(const char *in, char *out, size_t outsz)
{
	int n = ldg_text_fold(in, out, outsz);
	size_t i, k = 0;

	if (n < 0)
		return -1;
	/* the ends are trimmed already: a space run inside becomes one ' ' */
	for (i = 0; i < (size_t)n; i++) {
		if (is_ascii_space((unsigned char)out[i])) {
			if (k > 0 && out[k - 1] == ' ')
				continue;
			out[k++] = ' ';
		} else {
			out[k++] = out[i];
		}
	}
	out[k] = '\0';
	return (int)k;
}

/* Trim ASCII white space, U+3000 and NBSP at both ends of s, in place. */
char *ldg_text_trim(char *s)
{
	unsigned char *u = (unsigned char *)s;
	size_t len, start = 0, end, k;

	if (!s)
		return s;
	len = strlen(s);
	while (start < len && (k = space_len(u + start, len - start)) > 0)
		start += k;
	end = len;
	while (end > start) {
		if (is_ascii_space(u[end - 1]))
			end -= 1;
		else if (end - start >= 2 && u[end - 2] == 0xC2 && u[end - 1] == 0xA0)
			end -= 2;
		else if (end - start >= 3 && u[end - 3] == 0xE3 && u[end - 2] == 0x80
			 && u[end - 1] == 0x80)
			end -= 3;
		else
			break;
	}
	if (start > 0)
		memmove(s, s + start, end - start);
	s[end - start] = '\0';
	return s;
}

/* ASCII case-insensitive equality of a and b. */
static int ascii_ieq(const char *a, const char *b)
{
	for (; *a && *b; a++, b++) {
		char x = *a, y = *b;

		if (x >= 'A' && x <= 'Z')
			x = (char)(x - 'A' + 'a');
		if (y >= 'A' && y <= 'Z')
			y = (char)(y - 'A' + 'a');
		if (x != y)
			return 0;
	}
	return *a == *b;
}

/*
 * Yes/no (import.md §1).  Besides the listed words, √ (U+221A, what Chinese
 * spreadsheets most often hold for a tick) and ✘ (U+2718) are accepted.
 */
int ldg_bool_parse(const char *text, int def, int *out, struct ldg_err *err)
{
	static const char *const yes[] = {
		"是", "y", "yes", "true", "1", "✓", "✔", "√", NULL
	};
	static const char *const no[] = {
		"否", "n", "no", "false", "0", "✗", "✘", "×", NULL
	};
	char buf[64];
	int i;

	if (!text || !text[0]) {
		*out = def;
		return 0;
	}
	if (ldg_text_fold(text, buf, sizeof(buf)) < 0)
		goto bad;
	if (!buf[0]) {
		*out = def;
		return 0;
	}
	for (i = 0; yes[i]; i++) {
		if (ascii_ieq(buf, yes[i])) {
			*out = 1;
			return 0;
		}
	}
	for (i = 0; no[i]; i++) {
		if (ascii_ieq(buf, no[i])) {
			*out = 0;
			return 0;
		}
	}
bad:
	ldg_err_set(err, LDG_EINPUT, _("not yes or no"));
	ldg_err_value(err, text);
	return LDG_EINPUT;
}

/* 1 when cp is East Asian Wide or Fullwidth (UAX #11, the main blocks). */
static int is_wide(unsigned long cp)
{
	return (cp >= 0x1100 && cp <= 0x115F)   /* Hangul Jamo initials */
	       || (cp >= 0x2E80 && cp <= 0x303E) /* CJK radicals .. symbols */
	       || (cp >= 0x3041 && cp <= 0x33FF) /* kana .. CJK compatibility */
	       || (cp >= 0x3400 && cp <= 0x4DBF) /* CJK extension A */
	       || (cp >= 0x4E00 && cp <= 0x9FFF) /* CJK unified ideographs */
	       || (cp >= 0xA000 && cp <= 0xA4CF) /* Yi */
	       || (cp >= 0xAC00 && cp <= 0xD7A3) /* Hangul syllables */
	       || (cp >= 0xF900 && cp <= 0xFAFF) /* CJK compatibility ideographs */
	       || (cp >= 0xFE30 && cp <= 0xFE4F) /* CJK compatibility forms */
	       || (cp >= 0xFF00 && cp <= 0xFF60) /* full-width forms */
	       || (cp >= 0xFFE0 && cp <= 0xFFE6) /* full-width signs (￥) */
	       || (cp >= 0x20000 && cp <= 0x2FFFD)
	       || (cp >= 0x30000 && cp <= 0x3FFFD);
}

/*
 * Terminal columns of s: wide characters 2, combining marks (U+0300..036F,
 * U+200B..200F) and control characters 0, everything else 1; a byte that
 * is not valid UTF-8 counts 1.
 */
size_t ldg_text_width(const char *s)
{
	const unsigned char *u = (const unsigned char *)(s ? s : "");
	size_t len = strlen((const char *)u), i = 0, w = 0;

	while (i < len) {
		unsigned long cp;
		size_t k = utf8_decode(u + i, len - i, &cp);

		if (k == 0) {
			w += 1;
			i += 1;
			continue;
		}
		i += k;
		if (cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp < 0xA0))
			continue;
		if ((cp >= 0x300 && cp <= 0x36F) || (cp >= 0x200B && cp <= 0x200F))
			continue;
		w += is_wide(cp) ? 2 : 1;
	}
	return w;
}

/* ldg_utf8_prefix: see text.h (an embedded NUL is valid). */
size_t ldg_utf8_prefix(const char *s, size_t len)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0;

	while (i < len) {
		unsigned long cp;
		size_t k = utf8_decode(u + i, len - i, &cp);

		if (k == 0)
			break;
		i += k;
	}
	return i;
}

/* 1 when the len bytes at s are valid UTF-8 (an embedded NUL is valid). */
int ldg_utf8_valid(const char *s, size_t len)
{
	return ldg_utf8_prefix(s, len) == len;
}

/* ldg_text_control: see text.h. */
long ldg_text_control(const char *s, size_t len, int allow_breaks)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i;

	for (i = 0; i < len; i++) {
		if (u[i] == '\t' || (allow_breaks && (u[i] == '\r' || u[i] == '\n')))
			continue;
		if (u[i] < 0x20 || u[i] == 0x7F)
			return (long)i;
		if (u[i] == 0xC2 && i + 1 < len && u[i + 1] >= 0x80 && u[i + 1] <= 0x9F)
			return (long)i;
	}
	return -1;
}

/* ldg_text_escape: see text.h. */
char *ldg_text_escape(const char *in, size_t len, char *out, size_t outsz)
{
	const unsigned char *u = (const unsigned char *)in;
	size_t i = 0, n = 0;

	if (outsz == 0)
		return out;
	while (i < len) {
		unsigned long cp;
		size_t k = utf8_decode(u + i, len - i, &cp), need, j;
		int esc = k == 0 || cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp <= 0x9F);

		if (k == 0)
			k = 1;
		need = esc ? 4 * k : k;
		if (n + need + 4 > outsz) {
			if (outsz >= 4 && n + 3 < outsz) {
				memcpy(out + n, "...", 3);
				n += 3;
			}
			break;
		}
		for (j = 0; j < k; j++) {
			if (esc)
				n += (size_t)snprintf(out + n, outsz - n, "\\x%02X", u[i + j]);
			else
				out[n++] = (char)u[i + j];
		}
		i += k;
	}
	out[n] = '\0';
	return out;
}
