/* The simulation layer: the random streams; not part of the API. */
#ifndef MUFAKAT_SIM_PRIVATE_H
#define MUFAKAT_SIM_PRIVATE_H

#include "engine/engine-private.h"

/* ---- sim ------------------------------------------------------------- */

/* The high 64 bits of x * n, and the low ones in *low. */
static inline unsigned long long mfk__mul_hi(unsigned long long x,
                                             unsigned long long n,
                                             unsigned long long *low)
{
#ifdef __SIZEOF_INT128__
    unsigned __int128 m = (unsigned __int128)x * n;
    *low = (unsigned long long)m;
    return (unsigned long long)(m >> 64);
#else
    unsigned long long xl = x & 0xffffffffULL, xh = x >> 32;
    unsigned long long nl = n & 0xffffffffULL, nh = n >> 32;
    unsigned long long ll = xl * nl, lh = xl * nh, hl = xh * nl;
    unsigned long long mid = (ll >> 32) + (lh & 0xffffffffULL) +
                             (hl & 0xffffffffULL);
    *low = (mid << 32) | (ll & 0xffffffffULL);
    return xh * nh + (lh >> 32) + (hl >> 32) + (mid >> 32);
#endif
}

/* An integer uniform in [0, n), n > 0: the high half of an output u
 * (drawn from r) times n, rejecting the few outputs whose low half shows
 * they would favour some values, and drawing again from r (Lemire's
 * method: one multiplication, and a division only in the rare case that
 * needs it). */
static inline unsigned long long mfk__rng_below_from(mfk_rng *r,
                                                     unsigned long long u,
                                                     unsigned long long n)
{
    unsigned long long low, hi = mfk__mul_hi(u, n, &low);
    if (low < n) {
        unsigned long long t = (0 - n) % n;
        while (low < t)
            hi = mfk__mul_hi(mfk__rng_next(r), n, &low);
    }
    return hi;
}

/* The same from the stream's next output. */
static inline unsigned long long mfk__rng_below(mfk_rng *r,
                                                unsigned long long n)
{
    return mfk__rng_below_from(r, mfk__rng_next(r), n);
}

/* Uniform on the grid of 2^-32 in [0, 1) from 32 bits of an output. */
static inline double mfk__u32_unit(unsigned long long bits)
{
    return (double)(bits & 0xffffffffULL) * 0x1.0p-32;
}

/* SplitMix64, which seeds the streams. */
static inline unsigned long long mfk__splitmix(unsigned long long *state)
{
    unsigned long long z = (*state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

/* mfk_rng_seed() in two steps, so that the simulator mixes a seed once
 * for all its runs: the seed's mix, then stream `stream` from it. */
static inline unsigned long long mfk__rng_seed_mix(unsigned long long seed)
{
    return mfk__splitmix(&seed);
}

static inline void mfk__rng_seed_stream(mfk_rng *rng, unsigned long long mix,
                                        unsigned long long stream)
{
    unsigned long long x = mix ^ stream;
    x = mfk__splitmix(&x);
    rng->s[0] = mfk__splitmix(&x);
    rng->s[1] = mfk__splitmix(&x);
    rng->s[2] = mfk__splitmix(&x);
    rng->s[3] = mfk__splitmix(&x);
}
#endif
