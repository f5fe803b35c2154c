/*
 * text.h — small text helpers shared by every parser: UTF-8 width folding,
 * trimming, yes/no, and display width for tables.
 */
#ifndef LDG_TEXT_H
#define LDG_TEXT_H

#include <stddef.h>

#include "ledger/error.h"

/*
 * Fold full-width ASCII variants (U+FF01..U+FF5E) to ASCII, the ideographic
 * space U+3000 and NBSP to ' ', and the full-width brackets （） to (), and
 * trim spaces at both ends.  Writes at most outsz-1 bytes and a NUL.
 * Returns the length written, or -1 when it did not fit.  Bytes that are not
 * valid UTF-8 are copied unchanged.
 */
int ldg_text_fold(const char *in, char *out, size_t outsz);

/* Trim ASCII white space, U+3000 and NBSP in place; returns s. */
char *ldg_text_trim(char *s);

/*
 * Parse yes/no (import.md §1): 是/否, Y/N, yes/no, true/false, 1/0, ✓/✔
 * (and ×/✗ for no), case-insensitive, after folding.  An empty or NULL text
 * gives def.  LDG_EINPUT "not yes or no" otherwise.
 */
int ldg_bool_parse(const char *text, int def, int *out, struct ldg_err *err);

/* Columns a UTF-8 string takes in a terminal: CJK and full-width count 2. */
size_t ldg_text_width(const char *s);

/* 1 when s is valid UTF-8, else 0. */
int ldg_utf8_valid(const char *s, size_t len);

#endif
