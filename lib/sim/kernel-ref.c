/* The simulator's reference kernel: portable C, member by member. The
 * other kernels give what it gives (tests/check_sim.c holds them to it),
 * and it gives what the engine gives. */
#include "sim/kernel.h"
#include "sim/pick-near.h"

#include <math.h>
#include <stdint.h>
#include <string.h>

typedef unsigned long long u64;

static void unit_pairs(mfk_rng *rp, double *out, size_t pairs)
{
    mfk_rng r = *rp; /* in registers for the loop */
    size_t i;
    for (i = 0; i < pairs; i++) {
        u64 u = mfk__rng_next(&r);
        out[2 * i] = mfk__u32_unit(u);
        out[2 * i + 1] = mfk__u32_unit(u >> 32);
    }
    *rp = r;
}

/* The larger and smaller of a and v as the SSE2 maximum and minimum take
 * them (a kept only when strictly beyond v), so that every kernel's
 * estimates are the same doubles. */
static inline double max_of(double a, double v)
{
    return a > v ? a : v;
}

static inline double min_of(double a, double v)
{
    return a < v ? a : v;
}

void mfk__kref_round1_dq_1d(const double *x, const double *tol, size_t n,
                            double q, double p, double *reach, double *dq,
                            u64 *obj, double est[3])
{
    double lo = -INFINITY, hi = INFINITY, xmax = 0;
    size_t i;

    memset(obj, 0, (n + 63) / 64 * sizeof *obj);
    for (i = 0; i < n; i++) {
        double eq = q - x[i], ep = p - x[i], r, d = sqrt(eq * eq);
        r = d + tol[i];
        reach[i] = r;
        if (dq != NULL)
            dq[i] = d;
        obj[i / 64] |= (u64)(sqrt(ep * ep) > r) << (i % 64);
        lo = max_of(lo, x[i] - r);
        hi = min_of(hi, x[i] + r);
        xmax = max_of(xmax, fabs(x[i]));
    }
    est[0] = lo;
    est[1] = hi;
    est[2] = xmax;
}

/* Without the distances to the status quo. */
void mfk__kref_round1_1d(const double *x, const double *tol, size_t n,
                         double q, double p, double *reach, u64 *obj,
                         double est[3])
{
    mfk__kref_round1_dq_1d(x, tol, n, q, p, reach, NULL, obj, est);
}

void mfk__kref_objections_1d(const double *x, const double *reach, size_t n,
                             double p, u64 *obj)
{
    size_t i;

    memset(obj, 0, (n + 63) / 64 * sizeof *obj);
    for (i = 0; i < n; i++) {
        double e = p - x[i];
        obj[i / 64] |= (u64)(sqrt(e * e) > reach[i]) << (i % 64);
    }
}

static size_t first_objector(const double *x, const double *sal,
                             const double *reach, size_t n, double y)
{
    size_t i;
    for (i = 0; i < n; i++) {
        double e = y - x[i];
        if (sqrt(sal[i] * e * e) > reach[i])
            return i;
    }
    return n;
}

static size_t near_ends(const double *x, const double *reach, size_t n,
                        double est, double width, int dir, size_t *near)
{
    size_t i, k = 0;
    for (i = 0; i < n; i++) {
        double e = dir > 0 ? x[i] + reach[i] : x[i] - reach[i];
        if (fabs(e - est) <= width)
            near[k++] = i;
    }
    return k;
}

static void dist_add_1d(double *sum, const double *x, size_t n, double p)
{
    size_t i;
    for (i = 0; i < n; i++)
        sum[i] += sqrt((p - x[i]) * (p - x[i]));
}

static unsigned accept4(const double *x, const double *reach,
                        const size_t *near, size_t k, const double y[4])
{
    unsigned m = 0;
    int t;
    for (t = 0; t < 4; t++) {
        size_t j;
        for (j = 0; j < k; j++) {
            size_t i = near != NULL ? near[j] : j;
            double e = y[t] - x[i];
            if (sqrt(e * e) > reach[i])
                break;
        }
        m |= (unsigned)(j == k) << t;
    }
    return m;
}

u64 mfk__kref_stances_1d(const struct mfk__stance_params *m, size_t n,
                         double p, int flex, unsigned char *st)
{
    u64 counts = 0;
    size_t i;
    for (i = 0; i < n; i++) {
        double e = p - m->x[i];
        mfk_stance v = mfk__stance_of(sqrt(e * e), m->dq[i], m->reach[i],
                                      m->tol[i], m->ext[i], m->ind[i],
                                      m->res[i], m->gain[i], flex);
        st[i] = (unsigned char)v;
        counts += 1ULL << (8 * v);
    }
    return counts;
}

int mfk__kref_pick_near(double lo, double hi, double delta, double pos,
                        double sq, double scale, double *out)
{
    return mfk__pick_near(lo, hi, delta, pos, sq, scale, out);
}

const struct mfk__sim_kernel mfk__sim_kernel_ref = {
    "reference",          unit_pairs, NULL,       mfk__kref_round1_1d,
    mfk__kref_round1_dq_1d,
    mfk__kref_objections_1d, first_objector, near_ends,
    dist_add_1d,          accept4, mfk__kref_stances_1d,
    mfk__kref_pick_near};
