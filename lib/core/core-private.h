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
/* Room for n positions in all, taken at once where the count is known
 * (no placing all again as it grows): MFK_OK or MFK_ENOMEM. */
int mfk__index_reserve(mfk__index *x, const mfk_allocator *a, size_t n);
void mfk__index_free(mfk__index *x, const mfk_allocator *a);

/* ---- random streams ------------------------------------------------ */

/* xoshiro256**, inline for the simulator's inner loops. */
static inline unsigned long long mfk__rotl(unsigned long long x, int k)
{
    return (x << k) | (x >> (64 - k));
}

static inline unsigned long long mfk__rng_next(mfk_rng *r)
{
    unsigned long long *s = r->s;
    unsigned long long out = mfk__rotl(s[1] * 5, 7) * 9;
    unsigned long long t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = mfk__rotl(s[3], 45);
    return out;
}

/* Uniform in [0, 1): the top 53 bits times 2^-53. */
static inline double mfk__rng_uniform(mfk_rng *r)
{
    return (double)(mfk__rng_next(r) >> 11) * 0x1.0p-53;
}

/* ---- time ------------------------------------------------------------ */

/* Whether s[0..n-1] are n decimal digits whose number is in [lo, hi]
 * (lib/core/time.c, with mfk_time_to_utc()). */
int mfk__digits(const char *s, int n, int lo, int hi);
/* Orders two times as records hold them (mfk_time_to_utc): the seconds
 * as text, then the fractions digit by digit, a missing digit a 0. <0,
 * 0 or >0 as a is before, at or after b. */
int mfk__time_cmp(const char *a, const char *b);

#endif
