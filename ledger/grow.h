/*
 * grow.h — the one way an array grows: doubling, overflow-checked, the old
 * array kept when it cannot grow.
 */
#ifndef LDG_GROW_H
#define LDG_GROW_H

#include <stddef.h>

/*
 * Make the array *p (room for *cap elements of size bytes) hold at least n
 * elements.  Nothing happens when n <= *cap.  Otherwise the capacity doubles
 * (from 8 when it is 0) until it reaches n, and *p is reallocated; the
 * new elements are not initialised.
 *
 *	if (cnt == cap && ldg_grow((void **)&v, &cap, cnt + 1, sizeof(*v)))
 *		goto oom;
 *	v[cnt++] = x;
 *
 * p:    the array (NULL with *cap 0 at first); the caller frees it.
 * cap:  its capacity in elements, updated on success.
 * n:    how many elements it must hold.
 * size: the size of one element (not 0).
 * Returns 0, or -1 when the new size in bytes would not fit in a size_t,
 * size is 0, or realloc fails; then *p and *cap are left as they were (the
 * old array is still the caller's to use and free).
 */
int ldg_grow(void **p, size_t *cap, size_t n, size_t size);

#endif
