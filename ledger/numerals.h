/*
 * numerals.h — amounts in Chinese capital numerals (大写金额, domain.md §5).
 */
#ifndef LDG_NUMERALS_H
#define LDG_NUMERALS_H

#include <stddef.h>
#include <stdint.h>

/* Enough for any amount up to LDG_FEN_MAX, with the 人民币 prefix. */
#define LDG_NUMERALS_BUFSZ 256

/*
 * Write fen as capital numerals, e.g. 168032 → "壹仟陆佰捌拾元零叁角贰分",
 * 1000000 → "壹万元整", 0 → "零元整", following every rule and every row of
 * domain.md §5.  prefix != 0 puts "人民币" in front.  fen must be in
 * 0..LDG_FEN_MAX.  Returns 0, or -1 (buf set to "" when bufsz > 0) when
 * fen is out of range, buf is NULL or too small.
 */
int ldg_numerals(int64_t fen, int prefix, char *buf, size_t bufsz);

#endif
