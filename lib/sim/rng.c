/* Random streams for the simulator: xoshiro256** seeded through
 * SplitMix64, one stream per (seed, run), and the Wilson interval. */
#include "sim/sim-private.h"

#include <math.h>

typedef unsigned long long u64;

u64 mfk_splitmix64(u64 *state)
{
    return mfk__splitmix(state);
}

int mfk_rng_seed(mfk_rng *rng, u64 seed, u64 stream)
{
    if (rng == NULL)
        return MFK_EINVAL;
    /* Mix the seed, then the stream into it, so that neighbouring seeds
     * and neighbouring streams start far apart. Four SplitMix64 outputs
     * are never all zero (it is a bijection of consecutive states), so
     * the state is valid. */
    mfk__rng_seed_stream(rng, mfk__rng_seed_mix(seed), stream);
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
    return n == 0 ? 0 : mfk__rng_below(rng, n);
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
    /* The bounds are 0 at x = 0 and 1 at x = n, which rounding leaves a
     * hair off; between, they are far inside [0, 1]. */
    if (x == 0)
        *lo = 0;
    if (x == n)
        *hi = 1;
    return MFK_OK;
}
