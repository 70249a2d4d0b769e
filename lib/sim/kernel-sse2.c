/* The simulator's SSE2 kernel, for x86-64 (where SSE2 is the baseline):
 * two members at a time, each with the reference's IEEE operations. */
#include "sim/kernel.h"

#include <emmintrin.h>
#include <math.h>
#include <stdint.h>

typedef unsigned long long u64;

/* Both halves of u into out[0], out[1], low half first: v in the low
 * bits of a double of exponent 20 is 2^20 + v 2^-32, exactly; less
 * 2^20, the value, for two at once. */
static inline void unit_pair(u64 u, double *out)
{
    const __m128i bits = _mm_set1_epi64x(0x4130000000000000LL);
    __m128i v = _mm_or_si128(
        _mm_unpacklo_epi32(_mm_cvtsi64_si128((long long)u),
                           _mm_setzero_si128()),
        bits);
    _mm_storeu_pd(out, _mm_sub_pd(_mm_castsi128_pd(v),
                                  _mm_castsi128_pd(bits)));
}

void mfk__ksse2_unit_pairs(mfk_rng *rp, double *out, size_t pairs)
{
    mfk_rng r = *rp; /* in registers for the loop */
    size_t i;
    for (i = 0; i < pairs; i++)
        unit_pair(mfk__rng_next(&r), out + 2 * i);
    *rp = r;
}

/* The objectors of each 64 gathered in a register; an odd last member is
 * taken twice over, as a pair (the ends and the largest |x| are the same
 * for two copies). */
void mfk__ksse2_round1_dq_1d(const double *x, const double *tol, size_t n,
                             double q, double p, double *reach, double *dq,
                             u64 *obj, double est[3])
{
    __m128d q2 = _mm_set1_pd(q), p2 = _mm_set1_pd(p);
    __m128d lo2 = _mm_set1_pd(-INFINITY), hi2 = _mm_set1_pd(INFINITY);
    __m128d xm2 = _mm_setzero_pd();
    __m128d absmask = _mm_castsi128_pd(_mm_set1_epi64x(INT64_MAX));
    size_t base, i;

    for (base = 0; base < n; base += 64) {
        size_t end = n - base < 64 ? n : base + 64;
        u64 acc = 0;
        for (i = base; i < end; i += 2) {
            int two = i + 2 <= end;
            __m128d xv = two ? _mm_loadu_pd(x + i) : _mm_load1_pd(x + i);
            __m128d tv = two ? _mm_loadu_pd(tol + i) : _mm_load1_pd(tol + i);
            __m128d eq = _mm_sub_pd(q2, xv), ep = _mm_sub_pd(p2, xv);
            __m128d d = _mm_sqrt_pd(_mm_mul_pd(eq, eq));
            __m128d r = _mm_add_pd(d, tv);
            u64 m = (u64)_mm_movemask_pd(
                _mm_cmpgt_pd(_mm_sqrt_pd(_mm_mul_pd(ep, ep)), r));
            if (two) {
                _mm_storeu_pd(reach + i, r);
                if (dq != NULL)
                    _mm_storeu_pd(dq + i, d);
            } else {
                _mm_store_sd(reach + i, r);
                if (dq != NULL)
                    _mm_store_sd(dq + i, d);
                m &= 1;
            }
            acc |= m << (i - base);
            lo2 = _mm_max_pd(lo2, _mm_sub_pd(xv, r));
            hi2 = _mm_min_pd(hi2, _mm_add_pd(xv, r));
            xm2 = _mm_max_pd(xm2, _mm_and_pd(xv, absmask));
        }
        obj[base / 64] = acc;
    }
    est[0] = _mm_cvtsd_f64(_mm_max_sd(lo2, _mm_unpackhi_pd(lo2, lo2)));
    est[1] = _mm_cvtsd_f64(_mm_min_sd(hi2, _mm_unpackhi_pd(hi2, hi2)));
    est[2] = _mm_cvtsd_f64(_mm_max_sd(xm2, _mm_unpackhi_pd(xm2, xm2)));
}

/* Without the distances to the status quo. */
void mfk__ksse2_round1_1d(const double *x, const double *tol, size_t n,
                          double q, double p, double *reach, u64 *obj,
                          double est[3])
{
    mfk__ksse2_round1_dq_1d(x, tol, n, q, p, reach, NULL, obj, est);
}

/* A pair starts at an even member, so it never spans two words. */
void mfk__ksse2_objections_1d(const double *x, const double *reach, size_t n,
                          double p, u64 *obj)
{
    __m128d p2 = _mm_set1_pd(p);
    size_t i, w;

    for (w = 0; w < (n + 63) / 64; w++)
        obj[w] = 0;
    for (i = 0; i + 2 <= n; i += 2) {
        __m128d e = _mm_sub_pd(p2, _mm_loadu_pd(x + i));
        unsigned m = (unsigned)_mm_movemask_pd(_mm_cmpgt_pd(
            _mm_sqrt_pd(_mm_mul_pd(e, e)), _mm_loadu_pd(reach + i)));
        obj[i / 64] |= (u64)m << (i % 64);
    }
    for (; i < n; i++) {
        double e = p - x[i];
        obj[i / 64] |= (u64)(sqrt(e * e) > reach[i]) << (i % 64);
    }
}

size_t mfk__ksse2_first_objector(const double *x, const double *sal,
                                 const double *reach, size_t n, double y)
{
    __m128d y2 = _mm_set1_pd(y);
    size_t i;

    for (i = 0; i + 2 <= n; i += 2) {
        __m128d e = _mm_sub_pd(y2, _mm_loadu_pd(x + i));
        __m128d d2 = _mm_mul_pd(_mm_mul_pd(_mm_loadu_pd(sal + i), e), e);
        int m = _mm_movemask_pd(
            _mm_cmpgt_pd(_mm_sqrt_pd(d2), _mm_loadu_pd(reach + i)));
        if (m != 0)
            return i + (m & 1 ? 0 : 1);
    }
    for (; i < n; i++) {
        double e = y - x[i];
        if (sqrt(sal[i] * e * e) > reach[i])
            return i;
    }
    return n;
}

size_t mfk__ksse2_near_ends(const double *x, const double *reach, size_t n,
                            double est, double width, int dir, size_t *near)
{
    __m128d est2 = _mm_set1_pd(est), m2 = _mm_set1_pd(width);
    __m128d absmask = _mm_castsi128_pd(_mm_set1_epi64x(INT64_MAX));
    size_t i, k = 0;

    for (i = 0; i + 2 <= n; i += 2) {
        __m128d xv = _mm_loadu_pd(x + i), r = _mm_loadu_pd(reach + i);
        __m128d e = dir > 0 ? _mm_add_pd(xv, r) : _mm_sub_pd(xv, r);
        int m = _mm_movemask_pd(
            _mm_cmple_pd(_mm_and_pd(_mm_sub_pd(e, est2), absmask), m2));
        if (m & 1)
            near[k++] = i;
        if (m & 2)
            near[k++] = i + 1;
    }
    for (; i < n; i++) {
        double e = dir > 0 ? x[i] + reach[i] : x[i] - reach[i];
        if (fabs(e - est) <= width)
            near[k++] = i;
    }
    return k;
}

void mfk__ksse2_dist_add_1d(double *sum, const double *x, size_t n, double p)
{
    __m128d p2 = _mm_set1_pd(p);
    size_t i;
    for (i = 0; i + 2 <= n; i += 2) {
        __m128d e = _mm_sub_pd(p2, _mm_loadu_pd(x + i));
        _mm_storeu_pd(sum + i, _mm_add_pd(_mm_loadu_pd(sum + i),
                                          _mm_sqrt_pd(_mm_mul_pd(e, e))));
    }
    for (; i < n; i++)
        sum[i] += sqrt((p - x[i]) * (p - x[i]));
}

/* The four candidates two at a time, member by member. */
unsigned mfk__ksse2_accept4(const double *x, const double *reach,
                            const size_t *near, size_t k, const double y[4])
{
    __m128d y01 = _mm_loadu_pd(y), y23 = _mm_loadu_pd(y + 2);
    __m128d no01 = _mm_setzero_pd(), no23 = _mm_setzero_pd();
    size_t j;

    for (j = 0; j < k; j++) {
        size_t i = near != NULL ? near[j] : j;
        __m128d xi = _mm_set1_pd(x[i]), ri = _mm_set1_pd(reach[i]);
        __m128d e01 = _mm_sub_pd(y01, xi), e23 = _mm_sub_pd(y23, xi);
        no01 = _mm_or_pd(no01,
                         _mm_cmpgt_pd(_mm_sqrt_pd(_mm_mul_pd(e01, e01)), ri));
        no23 = _mm_or_pd(no23,
                         _mm_cmpgt_pd(_mm_sqrt_pd(_mm_mul_pd(e23, e23)), ri));
    }
    return ~((unsigned)_mm_movemask_pd(no01) |
             (unsigned)_mm_movemask_pd(no23) << 2) & 15u;
}

const struct mfk__sim_kernel mfk__sim_kernel_sse2 = {
    "sse2",
    mfk__ksse2_unit_pairs,
    NULL,
    mfk__ksse2_round1_1d,
    mfk__ksse2_round1_dq_1d,
    mfk__ksse2_objections_1d,
    mfk__ksse2_first_objector,
    mfk__ksse2_near_ends,
    mfk__ksse2_dist_add_1d,
    mfk__ksse2_accept4,
    mfk__kref_stances_1d,
    mfk__kref_pick_near};
