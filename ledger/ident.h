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

/* "patent", "trademark", "copyright" (the database and CSV names). */
const char *ldg_kind_name(enum ldg_kind kind);
/* 专利权 / 商标权 / 著作权 */
const char *ldg_kind_label(enum ldg_kind kind);
/*
 * Parse a kind as written in an ip_kind cell or on the command line:
 * 专利/专利权/patent, 商标/商标权/trademark, 著作权/版权/copyright (also
 * 软件著作权).  LDG_EINPUT "unknown kind of right" otherwise.
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
 * "wrong check character 'N', expected 'K' (to register a code issued
 * before the standard: pledger enterprise add ... --accept-nonstandard-uscc)".
 * With accept_nonstandard != 0 a wrong check character is accepted (the
 * form must still be right).
 */
int ldg_uscc_normalize(const char *text, int accept_nonstandard, char *out,
		       struct ldg_err *err);

/*
 * Validate and normalise a patent number (domain.md §3): ZL/CN prefix or
 * none, spaces inside, dot or none, lower-case x.  Normal form
 * "ZL201811564288.X".  *type (may be NULL) gets the type digit (1, 2, 3,
 * 8, 9 for 12-digit numbers; the 3rd digit for 8-digit ones).  A wrong
 * check digit → LDG_EINPUT naming the right one.
 */
int ldg_patent_normalize(const char *text, char *out, size_t outsz, int *type,
			 struct ldg_err *err);

/* Trademark: strip 第/TM prefix and 号 suffix; 6–8 digits, optional G. */
int ldg_trademark_normalize(const char *text, char *out, size_t outsz,
			    struct ldg_err *err);

/* Copyright: kept as written, trimmed and upper-cased. */
int ldg_copyright_normalize(const char *text, char *out, size_t outsz,
			    struct ldg_err *err);

/*
 * The kind a right's form tells, or LDG_KIND_NONE: a patent by ZL/CN prefix
 * or by its digits-and-check shape; a trademark by 第…号, TM or a Madrid G;
 * a copyright by SR, 作登字, 软著; a bare number of 6–8 digits tells
 * nothing (its kind comes from ip_kind, else trademark).
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
 * trimmed, empty items dropped.  Calls fn(item, ctx) for each; stops and
 * returns fn's value when it is non-zero.  Returns 0 otherwise.  The items
 * point into a private copy; they are valid only during the call.
 */
int ldg_list_split(const char *cell, int (*fn)(const char *item, void *ctx),
		   void *ctx);

#endif
