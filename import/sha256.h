/*
 * sha256.h — SHA-256 (FIPS 180-4) for the batch record of import.md §4.
 * Streaming: init, update any number of times, final.
 */
#ifndef IMP_SHA256_H
#define IMP_SHA256_H

#include <stddef.h>
#include <stdint.h>

struct imp_sha256 {
	uint32_t h[8];           /* chaining state */
	uint64_t len;            /* bytes hashed so far */
	unsigned char buf[64];   /* partial block */
	size_t nbuf;             /* bytes in buf */
};

void imp_sha256_init(struct imp_sha256 *s);
void imp_sha256_update(struct imp_sha256 *s, const void *data, size_t n);
/* Finish and write 64 lower-case hex digits and a NUL into hex. */
void imp_sha256_final(struct imp_sha256 *s, char hex[65]);

/*
 * on: use the plain C code even where the CPU has SHA instructions (for
 * tests of both paths); off: choose by the CPU again.
 */
void imp_sha256_portable(int on);

#endif
