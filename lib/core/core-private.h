/* The core layer: memory; not part of the API. */
#ifndef MUFAKAT_CORE_PRIVATE_H
#define MUFAKAT_CORE_PRIVATE_H

#include "mufakat.h"

#include <stddef.h>

/* ---- memory ---------------------------------------------------------- */

/* Copies *src into *dst, or the C library's functions when src is NULL. */
void mfk__alloc_init(mfk_allocator *dst, const mfk_allocator *src);
void *mfk__malloc(const mfk_allocator *a, size_t size);
/* n * size bytes, zeroed; NULL on overflow. */
void *mfk__calloc(const mfk_allocator *a, size_t n, size_t size);
/* Grows *p to n * size bytes; *p is unchanged on failure. */
int mfk__grow(const mfk_allocator *a, void **p, size_t n, size_t size);
void mfk__free(const mfk_allocator *a, void *p);
char *mfk__strdup(const mfk_allocator *a, const char *s);

#endif
