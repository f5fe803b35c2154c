/*
 * grow.c — doubling growth of an array (grow.h).
 */
#include <stdint.h>
#include <stdlib.h>

#include "ledger/grow.h"

/* ldg_grow: see grow.h.  Every product is checked before it is made. */
int ldg_grow(void **p, size_t *cap, size_t n, size_t size)
{
	size_t ncap = *cap ? *cap : 8;
	void *q;

	if (n <= *cap)
		return 0;
	if (size == 0)
		return -1;
	while (ncap < n) {
		if (ncap > SIZE_MAX / 2)
			return -1;
		ncap *= 2;
	}
	if (ncap > SIZE_MAX / size)
		return -1;
	if (!(q = realloc(*p, ncap * size)))
		return -1;
	*p = q;
	*cap = ncap;
	return 0;
}
