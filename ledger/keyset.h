/*
 * keyset.h — a set of keys that answers "surely absent" in memory: a
 * blocked Bloom filter.  A key it has not been given is reported absent
 * but for a small share of false "maybe present" (about 1 in 500 at 16
 * bits a key, the least its sizing gives; fewer with more; check_keyset.c); a key it has been given is never reported absent.  A
 * caller that must be exact asks its real store only on "maybe present"
 * (bank.c: the probable-duplicate test of a large import).
 */
#ifndef LDG_KEYSET_H
#define LDG_KEYSET_H

#include <stddef.h>
#include <stdint.h>

struct ldg_keyset;

/*
 * A new empty set sized for about n keys (16 bits each, rounded up to a
 * power of two of 64-byte blocks, at most LDG_KEYSET_MAX_BYTES: past that
 * the share of false "maybe" grows, never a false "absent").  NULL when
 * out of memory.
 */
#define LDG_KEYSET_MAX_BYTES ((size_t)16 << 20)
struct ldg_keyset *ldg_keyset_new(uint64_t n);

void ldg_keyset_free(struct ldg_keyset *k);

/*
 * Add the key made of the texts a and b (NUL-terminated; the pair is one
 * key, "ab" + "" is not "a" + "b").  Returns 1 when it may have been
 * there already, 0 when it surely was not.
 */
int ldg_keyset_add(struct ldg_keyset *k, const char *a, const char *b);

/* 1 when the key a, b may be in the set, 0 when it surely is not. */
int ldg_keyset_has(const struct ldg_keyset *k, const char *a, const char *b);

/* The size of its bit array in bytes (for tests and the decisions). */
size_t ldg_keyset_bytes(const struct ldg_keyset *k);

#endif
