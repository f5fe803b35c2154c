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
 * space U+3000, NBSP, the thin space U+2009 and the narrow NBSP U+202F to
 * ' ' (the full-width brackets （） to () are in that range), and trim ASCII
 * white space at both ends.  NULL in is "".  Folding never lengthens the
 * text: outsz > strlen(in) always fits, and in may equal out (folding in
 * place).  Writes at most outsz-1 bytes and a NUL.
 * Returns the length written, or -1 when it did not fit.  Bytes that are not
 * valid UTF-8 are copied unchanged.
 */
int ldg_text_fold(const char *in, char *out, size_t outsz);

/*
 * The normal form of a key written by people (import.md §3: bank and
 * insurer names, contract and policy numbers): ldg_text_fold, then every
 * run of white space inside collapsed to one ' ', so that （2021）质字 第1号
 * and (2021)质字  第1号 are one key.  Same contract as ldg_text_fold
 * (never lengthens; in may equal out; -1 when it did not fit).
 */
int ldg_text_key(const char *in, char *out, size_t outsz);

/* Trim ASCII white space, U+3000 and NBSP in place; returns s. */
char *ldg_text_trim(char *s);

/*
 * Parse yes/no (import.md §1): 是/否, Y/N, yes/no, true/false, 1/0, ✓/✔/√
 * (and ✗/✘/× for no), case-insensitive, after folding.  An empty or NULL text
 * gives def.  LDG_EINPUT "not yes or no" otherwise.
 */
int ldg_bool_parse(const char *text, int def, int *out, struct ldg_err *err);

/*
 * Columns a UTF-8 string takes in a terminal: CJK and full-width count 2,
 * control characters and combining marks 0, a byte that is not UTF-8 1.
 */
size_t ldg_text_width(const char *s);

/* 1 when the len bytes at s are valid UTF-8 (shortest form, no surrogates). */
int ldg_utf8_valid(const char *s, size_t len);

/* The length of the longest prefix of the len bytes at s that is valid
 * UTF-8 (len when all of it is): where the first bad byte is. */
size_t ldg_utf8_prefix(const char *s, size_t len);

/*
 * Where the first control character is in the len bytes at s: a C0 byte
 * (NUL included) other than TAB (and CR, LF when allow_breaks), DEL, or a
 * C1 character (U+0080..U+009F, bytes C2 80..C2 9F).  Returns its byte
 * offset, or -1 when there is none (import.md §1: a cell never holds one).
 */
long ldg_text_control(const char *s, size_t len, int allow_breaks);

/*
 * Copy the len bytes at in to out (outsz bytes, NUL-terminated), with every
 * control character of ldg_text_control() (TAB, CR and LF too) and every
 * byte that is not UTF-8 written as \xHH, so that text printed for people
 * can neither move the cursor nor retitle a terminal.  Text that does not
 * fit is cut at a character and ends in "...".  Returns out.
 */
char *ldg_text_escape(const char *in, size_t len, char *out, size_t outsz);

#endif
