/*
 * ident.h — identifiers: USCC (GB 32100-2015), patent numbers, trademark
 * and copyright registrations (domain.md §2–4, import.md §3).
 *
 * Every function validates and writes the normal form that pledger stores.
 */
#ifndef LDG_IDENT_H
#define LDG_IDENT_H

#include <stddef.h>

#include "ledger/error.h"

#define LDG_USCC_BUFSZ  19   /* 18 characters + NUL */
#define LDG_RIGHT_BUFSZ 128  /* any normal form of a right + NUL */

enum ldg_kind {
	LDG_KIND_NONE      = -1, /* not told by the form */
	LDG_KIND_PATENT    = 0,
	LDG_KIND_TRADEMARK = 1,
	LDG_KIND_COPYRIGHT = 2,
};
#define LDG_KIND_COUNT 3

/* "patent", "trademark", "copyright" (the database and CSV names); "" for
 * LDG_KIND_NONE or any other value. */
const char *ldg_kind_name(enum ldg_kind kind);
/* 专利权 / 商标权 / 著作权; "" for LDG_KIND_NONE or any other value. */
const char *ldg_kind_label(enum ldg_kind kind);
/*
 * Parse a kind as written in an ip_kind cell or on the command line:
 * 专利/专利权/patent, 商标/商标权/trademark, 著作权/版权/copyright (also
 * 软件著作权), after folding full-width forms and trimming; English words
 * in any case.  LDG_EINPUT "unknown kind of right" otherwise (also for an
 * empty text: a caller treats an empty ip_kind cell as LDG_KIND_NONE
 * itself), and *kind is set to LDG_KIND_NONE.
 */
int ldg_kind_parse(const char *text, enum ldg_kind *kind, struct ldg_err *err);

/*
 * The check character of the first 17 characters of a USCC, or '\0' when
 * one of them is not in the code's alphabet.
 */
char ldg_uscc_check_char(const char *first17);

/*
 * Validate and normalise a USCC into out (LDG_USCC_BUFSZ): trimmed,
 * upper-cased, 18 characters of 0-9 A-H J-N P-R T U W-Y.  A wrong check
 * character is LDG_EINPUT with a message naming the expected one, e.g.
 * "wrong USCC check character 'N', expected '3' (to register a code issued
 * before the standard: pledger enterprise add ... --accept-nonstandard-uscc)".
 * With accept_nonstandard != 0 a wrong check character is accepted (the
 * form must still be right).  Full-width characters are folded first.  On
 * any error out is "" and err->value the text as given.
 */
int ldg_uscc_normalize(const char *text, int accept_nonstandard, char *out,
		       struct ldg_err *err);

/*
 * The check digit of a patent application number's 12 digits (or 8 for a
 * number filed before 2003-10-01): '0'..'9' or 'X' (domain.md §3), or
 * '\0' when digits is not 12 or 8 decimal digits.
 */
char ldg_patent_check_char(const char *digits);

/*
 * Validate and normalise a patent number (domain.md §3): ZL/CN prefix or
 * none, spaces inside, dot or none, lower-case x.  Normal form
 * "ZL201811564288.X".  *type (may be NULL) gets the type digit (1, 2, 3,
 * 8, 9 for 12-digit numbers; the 3rd digit for 8-digit ones; another type
 * digit is refused).  A wrong check digit → LDG_EINPUT naming the right
 * one: "wrong patent check digit '3', expected 'X'".  Without a dot the
 * last character is the check digit.  On any error out is "" and *type
 * unchanged.
 */
int ldg_patent_normalize(const char *text, char *out, size_t outsz, int *type,
			 struct ldg_err *err);

/*
 * Trademark: strip 第/TM prefix and 号 suffix and inner spaces; 6–8 digits,
 * optional Madrid G first (upper-cased).  "第69182222号" → "69182222".
 */
int ldg_trademark_normalize(const char *text, char *out, size_t outsz,
			    struct ldg_err *err);

/*
 * Copyright: kept as written, trimmed and upper-cased (full-width forms
 * folded); empty, control characters or longer than outsz-1 → LDG_EINPUT.
 */
int ldg_copyright_normalize(const char *text, char *out, size_t outsz,
			    struct ldg_err *err);

/*
 * The kind a right's form tells, or LDG_KIND_NONE: a copyright by 作登字,
 * 软著 or YYYY SR digits (tried first: 软著登字第…号 carries 第…号); a
 * patent by a ZL/CN prefix or by its digits-and-check shape (digits, a dot
 * and one check character, or 9 or more digits of which the last may be
 * X); a trademark by 第 first, 号 last, TM first, or G + digits; a bare
 * number of 6–8 digits tells nothing (its kind comes from ip_kind, else
 * trademark).  A form that tells its kind may still be invalid.
 */
enum ldg_kind ldg_right_kind_of(const char *text);

/*
 * Normalise one pledged right: its kind is what the form tells, else
 * `hint` (from the ip_kind column; LDG_KIND_NONE when absent), else (a bare
 * 6–8 digit number) trademark; a right whose kind cannot be told is
 * LDG_EINPUT "kind of right cannot be told; give ip_kind".  Writes the
 * normal form into out and the kind into *kind.
 */
int ldg_right_normalize(const char *text, enum ldg_kind hint, char *out,
			size_t outsz, enum ldg_kind *kind, struct ldg_err *err);

/*
 * Split a list cell (import.md §1: ; ； , ， 、 or newline) into items,
 * trimmed, empty items dropped; CR is a separator too, so CRLF inside a
 * quoted cell splits once.  Calls fn(item, ctx) for each; stops and
 * returns fn's value when it is non-zero.  Returns 0 otherwise, or
 * LDG_ENOMEM when the private copy cannot be made.  The items point into
 * that copy; they are valid only during the call.
 */
int ldg_list_split(const char *cell, int (*fn)(const char *item, void *ctx),
		   void *ctx);

#endif
