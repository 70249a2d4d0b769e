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

/* An index of ids (core/index.c): positions 0, 1, ... whose ids key(ud,
 * pos) gives, the strings kept by the caller. Zero it, set key and ud,
 * then add each position once its id is in place. */
struct mfk__islot {
    size_t pos;  /* pos + 1, 0 for empty */
    size_t hash; /* of its id: ids are compared only when hashes match */
};
typedef struct mfk__index {
    const char *(*key)(const void *ud, size_t pos);
    const void *ud;
    struct mfk__islot *slot;
    size_t cap, n;
} mfk__index;
/* The position whose id is id, or SIZE_MAX. */
size_t mfk__index_find(const mfk__index *x, const char *id);
/* MFK_OK or MFK_ENOMEM (the index as it was). */
int mfk__index_add(mfk__index *x, const mfk_allocator *a, size_t pos);
void mfk__index_free(mfk__index *x, const mfk_allocator *a);

#endif
