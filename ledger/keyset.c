/*
 * keyset.c — a blocked Bloom filter of text pairs (keyset.h).
 *
 * Each key sets LDG_KEYSET_K bits inside one 64-byte block, so a test or
 * an add touches one cache line.  The block and the bits come from one
 * 64-bit FNV-1a hash of the key, mixed (the finaliser of MurmurHash3),
 * the block from its low bits, the first bit from its high bits and the
 * step between bits from the hash mixed again (double hashing, Kirsch and
 * Mitzenmacher).
 */
#include <stdlib.h>
#include <string.h>

#include "ledger/keyset.h"

#define LDG_KEYSET_K 8          /* bits per key */
#define BLOCK_BITS 512          /* one 64-byte block */

struct ldg_keyset {
	uint64_t *bits;
	uint64_t nblocks;       /* a power of two */
};

/* ldg_keyset_new: see keyset.h. */
struct ldg_keyset *ldg_keyset_new(uint64_t n)
{
	struct ldg_keyset *k;
	uint64_t want = n > UINT64_MAX / 16 ? UINT64_MAX : n * 16; /* bits */
	uint64_t nb = 1;

	while (nb * BLOCK_BITS < want && nb * 64 < LDG_KEYSET_MAX_BYTES)
		nb *= 2;
	if (!(k = malloc(sizeof(*k))))
		return NULL;
	if (!(k->bits = calloc((size_t)nb, 64))) {
		free(k);
		return NULL;
	}
	k->nblocks = nb;
	return k;
}

/* ldg_keyset_free: see keyset.h. */
void ldg_keyset_free(struct ldg_keyset *k)
{
	if (!k)
		return;
	free(k->bits);
	free(k);
}

static uint64_t fnv(uint64_t h, const char *s)
{
	for (; *s; s++) {
		h ^= (unsigned char)*s;
		h *= UINT64_C(1099511628211);
	}
	return h;
}

static uint64_t mix(uint64_t h)
{
	h ^= h >> 33;
	h *= UINT64_C(0xff51afd7ed558ccd);
	h ^= h >> 33;
	h *= UINT64_C(0xc4ceb9fe1a85ec53);
	h ^= h >> 33;
	return h;
}

/* The key's hash: a, a 0 byte (so the pair is one key), b. */
static uint64_t key_hash(const char *a, const char *b)
{
	uint64_t h = fnv(UINT64_C(14695981039346656037), a);

	h *= UINT64_C(1099511628211); /* the 0 byte between */
	return mix(fnv(h, b));
}

/*
 * Visit the key's bits: set them when add, and say whether all were set
 * before.
 */
static int probe(const struct ldg_keyset *k, const char *a, const char *b, int add)
{
	uint64_t h = key_hash(a, b);
	uint64_t *blk = k->bits + (h & (k->nblocks - 1)) * (BLOCK_BITS / 64);
	uint32_t h1 = (uint32_t)(h >> 32), h2 = (uint32_t)mix(h) | 1;
	int all = 1, i;

	for (i = 0; i < LDG_KEYSET_K; i++) {
		uint32_t bit = (h1 + (uint32_t)i * h2) % BLOCK_BITS;
		uint64_t m = UINT64_C(1) << (bit % 64);

		if (!(blk[bit / 64] & m)) {
			all = 0;
			if (!add)
				return 0;
			blk[bit / 64] |= m;
		}
	}
	return all;
}

/* ldg_keyset_add: see keyset.h. */
int ldg_keyset_add(struct ldg_keyset *k, const char *a, const char *b)
{
	return probe(k, a, b, 1);
}

/* ldg_keyset_has: see keyset.h. */
int ldg_keyset_has(const struct ldg_keyset *k, const char *a, const char *b)
{
	return probe((struct ldg_keyset *)k, a, b, 0);
}

/* ldg_keyset_bytes: see keyset.h. */
size_t ldg_keyset_bytes(const struct ldg_keyset *k)
{
	return (size_t)k->nblocks * 64;
}
