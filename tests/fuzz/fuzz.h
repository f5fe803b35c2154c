/*
 * fuzz.h — helpers shared by the libFuzzer targets of tests/fuzz/.
 *
 * Each target is a fuzz_<name>.c defining LLVMFuzzerTestOneInput; `make
 * fuzz` builds them with clang -fsanitize=fuzzer,address,undefined into
 * build-fuzz/fuzz/ and scripts/fuzz-smoke.sh runs each one on its seed
 * corpus tests/fuzz/corpus/<name>/.  A broken invariant is a crash
 * (FUZZ_CHECK), so that libFuzzer saves the input.
 */
#ifndef FUZZ_H
#define FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Abort with the failed condition when cond is false. */
#define FUZZ_CHECK(cond) \
	do { \
		if (!(cond)) { \
			fprintf(stderr, "%s:%d: invariant failed: %s\n", __FILE__, __LINE__, #cond); \
			abort(); \
		} \
	} while (0)

/* A NUL-terminated copy of data (malloc'd; NULL when out of memory). */
static inline char *fuzz_cstr(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);

	if (s) {
		memcpy(s, data, size);
		s[size] = '\0';
	}
	return s;
}

#endif
