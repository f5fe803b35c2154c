/*
 * html.c — escaping output functions (html.h).
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ledger/grow.h"
#include "web/html.h"

void html_release(struct html *h)
{
	free(h->buf);
	h->buf = NULL;
	h->len = h->cap = 0;
}

/* Room for n more bytes and a NUL; 0, or -1 (h->oom set). */
static int grow(struct html *h, size_t n)
{
	if (h->oom)
		return -1;
	if (ldg_grow((void **)&h->buf, &h->cap, h->len + n + 1, 1)) {
		h->oom = 1;
		return -1;
	}
	return 0;
}

void html_raw(struct html *h, const char *s, size_t n)
{
	if (grow(h, n))
		return;
	memcpy(h->buf + h->len, s, n);
	h->len += n;
	h->buf[h->len] = '\0';
}

void html(struct html *h, const char *s)
{
	if (s)
		html_raw(h, s, strlen(s));
}

void html_markf(struct html *h, const char *fmt, ...)
{
	char buf[512];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (n > 0)
		html_raw(h, buf, (size_t)n < sizeof(buf) ? (size_t)n : sizeof(buf) - 1);
}

void html_txt(struct html *h, const char *s)
{
	const unsigned char *p;

	if (!s)
		return;
	for (p = (const unsigned char *)s; *p; p++) {
		switch (*p) {
		case '&': html(h, "&amp;"); break;
		case '<': html(h, "&lt;"); break;
		case '>': html(h, "&gt;"); break;
		case '"': html(h, "&quot;"); break;
		case '\'': html(h, "&#39;"); break;
		default:
			if ((*p < 0x20 && *p != '\t' && *p != '\n' && *p != '\r') || *p == 0x7f)
				break;
			html_raw(h, (const char *)p, 1);
		}
	}
}

void html_attr(struct html *h, const char *s)
{
	html_txt(h, s);
}

void html_url_arg(struct html *h, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	const unsigned char *p;

	if (!s)
		return;
	for (p = (const unsigned char *)s; *p; p++) {
		if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9')
		    || *p == '-' || *p == '_' || *p == '.' || *p == '~') {
			html_raw(h, (const char *)p, 1);
		} else {
			char e[3] = { '%', hex[*p >> 4], hex[*p & 15] };

			html_raw(h, e, 3);
		}
	}
}

void html_href(struct html *h, const char *s)
{
	if (!s || s[0] != '/' || s[1] == '/' || strpbrk(s, "\"'<>\\ \t\r\n")) {
		html(h, "#");
		return;
	}
	html_attr(h, s);
}

void html_csv(struct html *h, const char *s)
{
	const char *p;

	html(h, "\"");
	if (s && (*s == '=' || *s == '+' || *s == '-' || *s == '@'))
		html(h, "'");
	for (p = s ? s : ""; *p; p++) {
		if (*p == '"')
			html(h, "\"");
		html_raw(h, p, 1);
	}
	html(h, "\"");
}

void html_int(struct html *h, long long v)
{
	html_markf(h, "%lld", v);
}

void html_fen(struct html *h, int64_t fen)
{
	char digits[32], out[48];
	unsigned long long a = fen < 0 ? 0ULL - (unsigned long long)fen : (unsigned long long)fen;
	size_t n, i, o = 0;

	snprintf(digits, sizeof(digits), "%llu", a / 100);
	n = strlen(digits);
	if (fen < 0)
		out[o++] = '-';
	for (i = 0; i < n; i++) {
		if (i && (n - i) % 3 == 0)
			out[o++] = ',';
		out[o++] = digits[i];
	}
	snprintf(out + o, sizeof(out) - o, ".%02llu", a % 100);
	html(h, out);
}
