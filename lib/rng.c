/* Random streams for the simulator: xoshiro256** seeded through
 * SplitMix64, one stream per (seed, run), and the Wilson interval. */
#include "mufakat-private.h"

#include <math.h>

typedef unsigned long long u64;

static inline u64 splitmix(u64 *state)
{
    u64 z = (*state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

u64 mfk_splitmix64(u64 *state)
{
    return splitmix(state);
}

int mfk_rng_seed(mfk_rng *rng, u64 seed, u64 stream)
{
    u64 x, y;
    int k;

    if (rng == NULL)
        return MFK_EINVAL;
    /* Mix the seed, then the stream into it, so that neighbouring seeds
     * and neighbouring streams start far apart. */
    x = seed;
    y = splitmix(&x);
    x = y ^ stream;
    y = splitmix(&x);
    x = y;
    for (k = 0; k < 4; k++)
        rng->s[k] = splitmix(&x);
    /* Four SplitMix64 outputs are never all zero (it is a bijection of
     * consecutive states), so the state is valid. */
    return MFK_OK;
}

int mfk_rng_set_state(mfk_rng *rng, const u64 *state)
{
    if (rng == NULL || state == NULL)
        return MFK_EINVAL;
    if ((state[0] | state[1] | state[2] | state[3]) == 0)
        return MFK_EINVAL;
    rng->s[0] = state[0];
    rng->s[1] = state[1];
    rng->s[2] = state[2];
    rng->s[3] = state[3];
    return MFK_OK;
}

u64 mfk_rng_next(mfk_rng *rng)
{
    return mfk__rng_next(rng);
}

double mfk_rng_uniform(mfk_rng *rng)
{
    return mfk__rng_uniform(rng);
}

u64 mfk_rng_below(mfk_rng *rng, u64 n)
{
    u64 x, limit;

    if (n == 0)
        return 0;
    /* Reject the top values that would make some results likelier:
     * limit is the largest multiple of n, less one, that fits. */
    limit = ~0ULL - (~0ULL % n + 1) % n;
    do
        x = mfk__rng_next(rng);
    while (x > limit);
    return x % n;
}

double mfk_rng_normal(mfk_rng *rng)
{
    double u, v, s;
    do {
        u = 2 * mfk__rng_uniform(rng) - 1;
        v = 2 * mfk__rng_uniform(rng) - 1;
        s = u * u + v * v;
    } while (s >= 1 || s == 0);
    /* The polar method makes two deviates; one is kept, so that a stream
     * carries no hidden state beyond the generator's. */
    return u * sqrt(-2 * log(s) / s);
}

int mfk_wilson(double x, double n, double z, double *lo, double *hi)
{
    double p, z2, denom, centre, half;

    if (lo == NULL || hi == NULL || !(z > 0) || !isfinite(z) ||
        !(x >= 0) || !(n >= x) || !isfinite(n))
        return MFK_EINVAL;
    if (n == 0) {
        *lo = 0;
        *hi = 1;
        return MFK_OK;
    }
    p = x / n;
    z2 = z * z;
    denom = 1 + z2 / n;
    centre = (p + z2 / (2 * n)) / denom;
    half = z / denom * sqrt(p * (1 - p) / n + z2 / (4 * n * n));
    *lo = centre - half;
    *hi = centre + half;
    /* Rounding must not put the bounds outside [0, 1] or past p. */
    if (*lo < 0 || x == 0)
        *lo = 0;
    if (*hi > 1 || x == n)
        *hi = 1;
    return MFK_OK;
}
