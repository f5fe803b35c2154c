/*
 * html.h — the workbench's output functions (cgit's html.h): a page is
 * built in a growing buffer, and escaping is decided by the function
 * called, never remembered by the caller:
 *
 *   html(h, "<p>")            markup, written as is (string literals only)
 *   html_txt(h, name)         text between tags: & < > " ' escaped
 *   html_attr(h, value)       an attribute value inside "…": the same set
 *   html_url_arg(h, value)    one path segment or query value, %-encoded
 *                             (then safe in an attribute too)
 *   html_href(h, url)         a link target: only "/…" addresses pass;
 *                             anything else (javascript:, //host) is "#"
 *
 * Every value that comes from the database, a file or a request goes
 * through html_txt, html_attr or html_url_arg.
 */
#ifndef WEB_HTML_H
#define WEB_HTML_H

#include <stddef.h>
#include <stdint.h>

struct html {
	char *buf;      /* malloc'd, NUL-terminated */
	size_t len;     /* bytes used */
	size_t cap;     /* bytes allocated */
	int oom;        /* 1 after a failed allocation: the page is an error */
};

/* Release the buffer (the struct itself is the caller's). */
void html_release(struct html *h);

/* Markup: s as is.  Only for text written in the program. */
void html(struct html *h, const char *s);

/* Bytes as is (for html_*f and binary-safe copies). */
void html_raw(struct html *h, const char *s, size_t n);

/* Markup with printf formatting; arguments must be numbers or markup
 * literals, never data (use html_txt for data). */
void html_markf(struct html *h, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Text: &, <, >, " and ' escaped; control characters but tab and line
 * breaks dropped.  NULL writes nothing. */
void html_txt(struct html *h, const char *s);

/* An attribute value (the caller writes the quotes): as html_txt. */
void html_attr(struct html *h, const char *s);

/* A URL path segment or query value: everything but A-Z a-z 0-9 - _ . ~
 * %-encoded (so '/', '?', '&', '"' and non-ASCII bytes are too). */
void html_url_arg(struct html *h, const char *s);

/* A link target from data: s when it starts with one '/' and holds no
 * quote, angle bracket or backslash; "#" otherwise. */
void html_href(struct html *h, const char *s);

/* A CSV field: quoted, quotes doubled; a leading = + - @ gets a ' so
 * that Excel does not run it as a formula. */
void html_csv(struct html *h, const char *s);

/* An integer as decimal text. */
void html_int(struct html *h, long long v);

/* Money in fen as yuan with two decimals and thousands separators. */
void html_fen(struct html *h, int64_t fen);

#endif
