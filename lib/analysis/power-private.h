/* The voting power of lib/analysis/power*.c: the game and the exact
 * integer arithmetic its counts share; not part of the API. */
#ifndef MUFAKAT_POWER_PRIVATE_H
#define MUFAKAT_POWER_PRIVATE_H

#include "model/model-private.h"

#include <gmp.h>
#include <math.h>
#include <stdint.h>
#include <string.h>

/* Tables larger than this are refused with MFK_ELIMIT. */
#define GAME_MAX_BYTES MFK_GAME_MAX_BYTES

struct mfk_game {
    mfk_allocator alloc;
    size_t n;
    unsigned long quota, total, scale;
    unsigned long *w;
    size_t members_quota; /* 0: none */
    size_t min_blocking;  /* 0: none */
    unsigned computed;    /* MFK_POWER_* bits */
    /* results, per player; counts as limb arrays */
    size_t lw;            /* limbs of a swing count */
    size_t lp;            /* limbs of a pivot count */
    mp_limb_t *swings;    /* n * lw */
    mp_limb_t *pivots;    /* n * lp */
    mp_limb_t *winning;   /* lw */
    mp_limb_t *losing;    /* lw */
    mp_limb_t *swing_sum; /* lw + 1 */
    mp_limb_t *fact_n;    /* n!, lp limbs */
    /* the indices of 0.2, one double a player each (NULL: not computed):
     * Deegan-Packel, Public Good, Johnston; and the approximations */
    double *dp, *pg, *johnston;
    int approximate;      /* banzhaf and shapley below are estimates */
    double *approx[2];    /* Banzhaf, Shapley-Shubik */
    double *error[2];     /* a bound on each one's absolute error */
};

/* power-minimal.c: the indices of minimal winning coalitions (Deegan-
 * Packel, Public Good) and Johnston's, for games of weights and quota
 * alone; bytes their tables take (0 when they would pass
 * GAME_MAX_BYTES). */
int mfk__game_minimal(mfk_game *g, int dp, int pg);
int mfk__game_johnston(mfk_game *g);
size_t mfk__game_minimal_bytes(const mfk_game *g, int dp);
size_t mfk__game_johnston_bytes(const mfk_game *g);
/* power-approx.c: Banzhaf and Shapley-Shubik by the multilinear
 * extension, into g->approx and g->error. */
int mfk__game_approximate(mfk_game *g, int banzhaf, int shapley);

/* a * b into *prod, 1 when it passes GAME_MAX_BYTES (or wraps). */
static inline int mfk__over(size_t a, size_t b, size_t *prod)
{
    if (b != 0 && a > GAME_MAX_BYTES / b)
        return 1;
    *prod = a * b;
    return *prod > GAME_MAX_BYTES;
}

/* ---- limb arithmetic ------------------------------------------------- */

static inline size_t limbs_for_bits(size_t bits)
{
    return bits / GMP_NUMB_BITS + 1;
}

static inline void cell_add(mp_limb_t *d, const mp_limb_t *s, size_t l)
{
    if (l == 1) {
        d[0] += s[0];
    } else if (l == 2) {
        mp_limb_t lo = d[0] + s[0];
        d[1] += s[1] + (lo < s[0]);
        d[0] = lo;
    } else {
        mpn_add_n(d, d, s, (mp_size_t)l);
    }
}

/* The significant limbs of a (at least 1 even for zero). */
static inline size_t limbs_used(const mp_limb_t *a, size_t l)
{
    while (l > 1 && a[l - 1] == 0)
        l--;
    return l;
}

static inline int limbs_zero(const mp_limb_t *a, size_t l)
{
    size_t k;
    for (k = 0; k < l; k++)
        if (a[k] != 0)
            return 0;
    return 1;
}

/* a as m * 2^e, m in [0.5, 1) (0 for zero), from its top 128 bits. */
static inline double limbs_frexp(const mp_limb_t *a, size_t l, long *e)
{
    double m;
    size_t top;
    int f;
    l = limbs_used(a, l);
    top = l - 1;
    if (a[top] == 0) {
        *e = 0;
        return 0;
    }
    m = (double)a[top];
    if (top > 0)
        m += ldexp((double)a[top - 1], -GMP_NUMB_BITS);
    if (top > 1)
        m += ldexp((double)a[top - 2], -2 * GMP_NUMB_BITS);
    m = frexp(m, &f);
    *e = (long)f + (long)top * GMP_NUMB_BITS;
    return m;
}

/* a / b as a double; b not zero. */
static inline double limbs_ratio(const mp_limb_t *a, size_t la, const mp_limb_t *b,
                          size_t lb)
{
    long ea, eb;
    double ma = limbs_frexp(a, la, &ea), mb = limbs_frexp(b, lb, &eb);
    long e = ea - eb;
    if (ma == 0)
        return 0;
    if (e < -2000)
        return 0;
    return ldexp(ma / mb, (int)e);
}

/* a / 2^k as a double. */
static inline double limbs_ldexp(const mp_limb_t *a, size_t la, long k)
{
    long e;
    double m = limbs_frexp(a, la, &e);
    if (m == 0 || e - k < -2000)
        return 0;
    return ldexp(m, (int)(e - k));
}


/* a / 2^k as a long double (the range of counts of thousands of bits). */
static inline long double limbs_ldexpl(const mp_limb_t *a, size_t la, long k)
{
    size_t top = limbs_used(a, la), t;
    long double m = 0;
    top--;
    for (t = 0; t < 3 && t <= top; t++)
        m += ldexpl((long double)a[top - t],
                    (int)((long)(top - t) * GMP_NUMB_BITS - k));
    return m;
}

/* A stable merge sort of player indices by weight, ascending (heaviest
 * first with `descending`): of equal weights, the left run's (lower
 * indices) come first. */
static inline void mfk__sort_players(size_t *idx, size_t *tmp, size_t n,
                                     const unsigned long *w, int descending)
{
    size_t width, i;
    for (width = 1; width < n; width *= 2) {
        for (i = 0; i < n; i += 2 * width) {
            size_t a = i, m = i + width < n ? i + width : n,
                   e = i + 2 * width < n ? i + 2 * width : n, b = m, o = i;
            while (a < m && b < e)
                tmp[o++] = (descending ? w[idx[b]] > w[idx[a]]
                                       : w[idx[b]] < w[idx[a]])
                               ? idx[b++]
                               : idx[a++];
            while (a < m)
                tmp[o++] = idx[a++];
            while (b < e)
                tmp[o++] = idx[b++];
        }
        memcpy(idx, tmp, n * sizeof *idx);
    }
}

#endif
