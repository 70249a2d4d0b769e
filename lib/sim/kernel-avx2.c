/* The simulator's AVX2 kernel, the only file built with -mavx2 and
 * chosen at run time where the processor has AVX2: four runs' draws at
 * once, and round 1 and the later rounds' objections four members at a
 * time, each with the reference's IEEE operations (-mavx2 alone brings
 * no fused multiply-adds), and so the Chair's search (the first objector,
 * the members whose own end is near) and the sums of distances. The
 * rest is the SSE2 kernel's. */
#include "sim/kernel.h"
#include "sim/pick-near.h"

#include <immintrin.h>
#include <math.h>
#include <stdint.h>
#include <string.h>

typedef unsigned long long u64;

/* x * c modulo 2^64, lane by lane: AVX2 multiplies 32 bits by 32. */
static inline __m256i mul64(__m256i x, __m256i c_lo, __m256i c_hi)
{
    __m256i ll = _mm256_mul_epu32(x, c_lo);
    __m256i hl = _mm256_mul_epu32(_mm256_srli_epi64(x, 32), c_lo);
    __m256i lh = _mm256_mul_epu32(x, c_hi);
    return _mm256_add_epi64(ll,
                            _mm256_slli_epi64(_mm256_add_epi64(hl, lh), 32));
}

/* mfk__splitmix() on four states. */
static inline __m256i splitmix4(__m256i *x)
{
    const __m256i g = _mm256_set1_epi64x((long long)0x9e3779b97f4a7c15ULL);
    const __m256i a_lo = _mm256_set1_epi64x(0x1ce4e5b9LL);
    const __m256i a_hi = _mm256_set1_epi64x(0xbf58476dLL);
    const __m256i b_lo = _mm256_set1_epi64x(0x133111ebLL);
    const __m256i b_hi = _mm256_set1_epi64x(0x94d049bbLL);
    __m256i z = *x = _mm256_add_epi64(*x, g);
    z = mul64(_mm256_xor_si256(z, _mm256_srli_epi64(z, 30)), a_lo, a_hi);
    z = mul64(_mm256_xor_si256(z, _mm256_srli_epi64(z, 27)), b_lo, b_hi);
    return _mm256_xor_si256(z, _mm256_srli_epi64(z, 31));
}

/* The two halves of four outputs as doubles, as unit_pairs makes them. */
static inline void halves4(__m256i u, __m256d *lo, __m256d *hi)
{
    const __m256i bits = _mm256_set1_epi64x(0x4130000000000000LL);
    const __m256i low = _mm256_set1_epi64x(0xffffffffLL);
    const __m256d base = _mm256_castsi256_pd(bits);
    *lo = _mm256_sub_pd(
        _mm256_castsi256_pd(_mm256_or_si256(_mm256_and_si256(u, low), bits)),
        base);
    *hi = _mm256_sub_pd(
        _mm256_castsi256_pd(_mm256_or_si256(_mm256_srli_epi64(u, 32), bits)),
        base);
}

/* xoshiro256** on four states. */
static inline __m256i next4(__m256i *s0, __m256i *s1, __m256i *s2,
                            __m256i *s3)
{
    __m256i t5 = _mm256_add_epi64(_mm256_slli_epi64(*s1, 2), *s1);
    __m256i r7 = _mm256_or_si256(_mm256_slli_epi64(t5, 7),
                                 _mm256_srli_epi64(t5, 57));
    __m256i u = _mm256_add_epi64(_mm256_slli_epi64(r7, 3), r7);
    __m256i t = _mm256_slli_epi64(*s1, 17);
    *s2 = _mm256_xor_si256(*s2, *s0);
    *s3 = _mm256_xor_si256(*s3, *s1);
    *s1 = _mm256_xor_si256(*s1, *s2);
    *s0 = _mm256_xor_si256(*s0, *s3);
    *s2 = _mm256_xor_si256(*s2, t);
    *s3 = _mm256_or_si256(_mm256_slli_epi64(*s3, 45),
                          _mm256_srli_epi64(*s3, 19));
    return u;
}

/* Four values of the four runs at a time (two outputs) are turned from
 * run-major to value-major in registers. */
static void draw4(u64 mix, u64 run0, size_t values, size_t L, double *out,
                  u64 next[4], mfk_rng after[4])
{
    __m256i x, s0, s1, s2, s3;
    size_t v;
    u64 st[4][4];
    int l;

    x = _mm256_xor_si256(
        _mm256_set1_epi64x((long long)mix),
        _mm256_add_epi64(_mm256_set1_epi64x((long long)run0),
                         _mm256_set_epi64x(3, 2, 1, 0)));
    x = splitmix4(&x);
    s0 = splitmix4(&x);
    s1 = splitmix4(&x);
    s2 = splitmix4(&x);
    s3 = splitmix4(&x);
    for (v = 0; v < values; v += 4) {
        __m256d a, b, c, d, t0, t1, t2, t3;
        halves4(next4(&s0, &s1, &s2, &s3), &a, &b);
        if (v + 2 < values) {
            halves4(next4(&s0, &s1, &s2, &s3), &c, &d);
        } else {
            c = a;
            d = a;
        }
        /* rows: values v .. v + 3; columns: runs */
        t0 = _mm256_unpacklo_pd(a, b);
        t1 = _mm256_unpackhi_pd(a, b);
        t2 = _mm256_unpacklo_pd(c, d);
        t3 = _mm256_unpackhi_pd(c, d);
        _mm256_storeu_pd(out + v, _mm256_permute2f128_pd(t0, t2, 0x20));
        _mm256_storeu_pd(out + L + v, _mm256_permute2f128_pd(t1, t3, 0x20));
        _mm256_storeu_pd(out + 2 * L + v,
                         _mm256_permute2f128_pd(t0, t2, 0x31));
        _mm256_storeu_pd(out + 3 * L + v,
                         _mm256_permute2f128_pd(t1, t3, 0x31));
    }
    _mm256_storeu_si256((__m256i *)(void *)next, next4(&s0, &s1, &s2, &s3));
    _mm256_storeu_si256((__m256i *)(void *)st[0], s0);
    _mm256_storeu_si256((__m256i *)(void *)st[1], s1);
    _mm256_storeu_si256((__m256i *)(void *)st[2], s2);
    _mm256_storeu_si256((__m256i *)(void *)st[3], s3);
    for (l = 0; l < 4; l++) {
        after[l].s[0] = st[0][l];
        after[l].s[1] = st[1][l];
        after[l].s[2] = st[2][l];
        after[l].s[3] = st[3][l];
    }
}

/* The four bits of members at .. at + 3 in the word of members base ..
 * base + 63: the last four of a short last 64 reach back into the 64
 * before, whose bits are set already. */
static inline u64 four_bits(u64 m, size_t at, size_t base)
{
    return at >= base ? m << (at - base) : m >> (base - at);
}

/* Members at .. at + 3 of round 1: their reaches stored, the run's
 * estimate and the largest |x| taken in, their objections returned as
 * four bits. */
static inline u64 round1_four(const double *x, const double *tol,
                              double *reach, double *dq, size_t at,
                              __m256d q4, __m256d p4, __m256d *lo4,
                              __m256d *hi4, __m256d *xm4)
{
    const __m256d absmask =
        _mm256_castsi256_pd(_mm256_set1_epi64x(INT64_MAX));
    __m256d xv = _mm256_loadu_pd(x + at);
    __m256d eq = _mm256_sub_pd(q4, xv), ep = _mm256_sub_pd(p4, xv);
    __m256d d = _mm256_sqrt_pd(_mm256_mul_pd(eq, eq));
    __m256d r = _mm256_add_pd(d, _mm256_loadu_pd(tol + at));
    _mm256_storeu_pd(reach + at, r);
    if (dq != NULL)
        _mm256_storeu_pd(dq + at, d);
    *lo4 = _mm256_max_pd(*lo4, _mm256_sub_pd(xv, r));
    *hi4 = _mm256_min_pd(*hi4, _mm256_add_pd(xv, r));
    *xm4 = _mm256_max_pd(*xm4, _mm256_and_pd(xv, absmask));
    return (u64)_mm256_movemask_pd(_mm256_cmp_pd(
        _mm256_sqrt_pd(_mm256_mul_pd(ep, ep)), r, _CMP_GT_OQ));
}

/* Each 64 members in fours, gathered in a register; a last one to three
 * members are taken in the four that ends with them, so some are taken
 * twice, which changes nothing. Fewer than 4 members: the SSE2 kernel's. */
static inline __attribute__((always_inline)) void
round1_body(const double *x, const double *tol, size_t n, double q, double p,
            double *reach, double *dq, u64 *obj, double est[3])
{
    __m256d q4 = _mm256_set1_pd(q), p4 = _mm256_set1_pd(p);
    __m256d lo4 = _mm256_set1_pd(-INFINITY), hi4 = _mm256_set1_pd(INFINITY);
    __m256d xm4 = _mm256_setzero_pd();
    __m128d lo2, hi2, xm2;
    size_t base, end, i;

    if (n < 4) {
        if (dq != NULL)
            mfk__ksse2_round1_dq_1d(x, tol, n, q, p, reach, dq, obj, est);
        else
            mfk__ksse2_round1_1d(x, tol, n, q, p, reach, obj, est);
        return;
    }
    for (base = 0; base < n; base = end) {
        u64 acc = 0;
        end = n - base < 64 ? n : base + 64;
        for (i = base; i + 4 <= end; i += 4)
            acc |= round1_four(x, tol, reach, dq, i, q4, p4, &lo4, &hi4,
                               &xm4)
                   << (i - base);
        if (i < end)
            acc |= four_bits(round1_four(x, tol, reach, dq, end - 4, q4, p4,
                                         &lo4, &hi4, &xm4),
                             end - 4, base);
        obj[base / 64] = acc;
    }
    lo2 = _mm_max_pd(_mm256_castpd256_pd128(lo4),
                     _mm256_extractf128_pd(lo4, 1));
    hi2 = _mm_min_pd(_mm256_castpd256_pd128(hi4),
                     _mm256_extractf128_pd(hi4, 1));
    xm2 = _mm_max_pd(_mm256_castpd256_pd128(xm4),
                     _mm256_extractf128_pd(xm4, 1));
    est[0] = _mm_cvtsd_f64(_mm_max_sd(lo2, _mm_unpackhi_pd(lo2, lo2)));
    est[1] = _mm_cvtsd_f64(_mm_min_sd(hi2, _mm_unpackhi_pd(hi2, hi2)));
    est[2] = _mm_cvtsd_f64(_mm_max_sd(xm2, _mm_unpackhi_pd(xm2, xm2)));
}

/* The body twice, with dq and without, neither testing for it. */
static void round1_1d(const double *x, const double *tol, size_t n,
                      double q, double p, double *reach, u64 *obj,
                      double est[3])
{
    round1_body(x, tol, n, q, p, reach, NULL, obj, est);
}

static void round1_dq_1d(const double *x, const double *tol, size_t n,
                         double q, double p, double *reach, double *dq,
                         u64 *obj, double est[3])
{
    round1_body(x, tol, n, q, p, reach, dq, obj, est);
}

/* Whether members at .. at + 3 object to p, as four bits. */
static inline u64 objections_four(const double *x, const double *reach,
                                  size_t at, __m256d p4)
{
    __m256d e = _mm256_sub_pd(p4, _mm256_loadu_pd(x + at));
    return (u64)_mm256_movemask_pd(
        _mm256_cmp_pd(_mm256_sqrt_pd(_mm256_mul_pd(e, e)),
                      _mm256_loadu_pd(reach + at), _CMP_GT_OQ));
}

/* In fours as round1_1d() takes them. */
static void objections_1d(const double *x, const double *reach, size_t n,
                          double p, u64 *obj)
{
    __m256d p4 = _mm256_set1_pd(p);
    size_t i, base, end;

    if (n < 4) {
        mfk__ksse2_objections_1d(x, reach, n, p, obj);
        return;
    }
    for (base = 0; base < n; base = end) {
        u64 acc = 0;
        end = n - base < 64 ? n : base + 64;
        for (i = base; i + 4 <= end; i += 4)
            acc |= objections_four(x, reach, i, p4) << (i - base);
        if (i < end)
            acc |= four_bits(objections_four(x, reach, end - 4, p4), end - 4,
                             base);
        obj[base / 64] = acc;
    }
}

/* The lowest bit set in m, not 0. */
static inline size_t lowest(unsigned m)
{
    return (size_t)__builtin_ctz(m);
}

/* Whether members at .. at + 3 object to y, salience read, as four
 * bits: sqrt(sal_i (y - x_i)^2) > reach_i, multiplied left to right. */
static inline unsigned objects_four(const double *x, const double *sal,
                                    const double *reach, size_t at,
                                    __m256d y4)
{
    __m256d e = _mm256_sub_pd(y4, _mm256_loadu_pd(x + at));
    __m256d d2 = _mm256_mul_pd(_mm256_mul_pd(_mm256_loadu_pd(sal + at), e), e);
    return (unsigned)_mm256_movemask_pd(_mm256_cmp_pd(
        _mm256_sqrt_pd(d2), _mm256_loadu_pd(reach + at), _CMP_GT_OQ));
}

/* Four at a time, the last four overlapping those before when n is not
 * a multiple of four (their bits shifted off). */
static size_t first_objector(const double *x, const double *sal,
                             const double *reach, size_t n, double y)
{
    __m256d y4 = _mm256_set1_pd(y);
    size_t i;
    unsigned m;

    if (n < 4)
        return mfk__ksse2_first_objector(x, sal, reach, n, y);
    for (i = 0; i + 4 <= n; i += 4) {
        m = objects_four(x, sal, reach, i, y4);
        if (m != 0)
            return i + lowest(m);
    }
    if (i < n) {
        m = objects_four(x, sal, reach, n - 4, y4) >> (i - (n - 4));
        if (m != 0)
            return i + lowest(m);
    }
    return n;
}

/* Whether the own ends e (x_i + dir reach_i) of four members are within
 * width of est, as four bits. */
static inline unsigned near_four(__m256d e, __m256d est4, __m256d width4)
{
    const __m256d absmask =
        _mm256_castsi256_pd(_mm256_set1_epi64x(INT64_MAX));
    return (unsigned)_mm256_movemask_pd(
        _mm256_cmp_pd(_mm256_and_pd(_mm256_sub_pd(e, est4), absmask),
                      width4, _CMP_LE_OQ));
}

static inline __m256d own_ends(const double *x, const double *reach,
                               size_t at, int dir)
{
    __m256d xv = _mm256_loadu_pd(x + at), r = _mm256_loadu_pd(reach + at);
    return dir > 0 ? _mm256_add_pd(xv, r) : _mm256_sub_pd(xv, r);
}

static size_t near_ends(const double *x, const double *reach, size_t n,
                        double est, double width, int dir, size_t *near)
{
    __m256d est4 = _mm256_set1_pd(est), width4 = _mm256_set1_pd(width);
    size_t i, k = 0;
    unsigned m;

    if (n < 4)
        return mfk__ksse2_near_ends(x, reach, n, est, width, dir, near);
    for (i = 0; i + 4 <= n; i += 4)
        for (m = near_four(own_ends(x, reach, i, dir), est4, width4); m != 0;
             m &= m - 1)
            near[k++] = i + lowest(m);
    if (i < n)
        for (m = near_four(own_ends(x, reach, n - 4, dir), est4, width4) >>
                 (i - (n - 4));
             m != 0; m &= m - 1)
            near[k++] = i + lowest(m);
    return k;
}

/* Four at a time; the last one to three in the four that ends with
 * them, the sums of the others in it kept as they were. Fewer than four
 * by the SSE2 kernel. */
static void dist_add_1d(double *sum, const double *x, size_t n, double p)
{
    __m256d p4 = _mm256_set1_pd(p), e, s;
    size_t i;

    if (n < 4) {
        mfk__ksse2_dist_add_1d(sum, x, n, p);
        return;
    }
    for (i = 0; i + 4 <= n; i += 4) {
        e = _mm256_sub_pd(p4, _mm256_loadu_pd(x + i));
        _mm256_storeu_pd(sum + i,
                         _mm256_add_pd(_mm256_loadu_pd(sum + i),
                                       _mm256_sqrt_pd(_mm256_mul_pd(e, e))));
    }
    if (i < n) {
        /* lanes from i - (n - 4) on are new */
        __m256d fresh = _mm256_castsi256_pd(_mm256_cmpgt_epi64(
            _mm256_setr_epi64x(0, 1, 2, 3),
            _mm256_set1_epi64x((long long)(i - (n - 4)) - 1)));
        e = _mm256_sub_pd(p4, _mm256_loadu_pd(x + n - 4));
        s = _mm256_loadu_pd(sum + n - 4);
        _mm256_storeu_pd(
            sum + n - 4,
            _mm256_blendv_pd(
                s, _mm256_add_pd(s, _mm256_sqrt_pd(_mm256_mul_pd(e, e))),
                fresh));
    }
}

/* Whether member i rejects each of the four candidates y4. */
static inline __m256d rejects4(const double *x, const double *reach,
                               size_t i, __m256d y4)
{
    __m256d e = _mm256_sub_pd(y4, _mm256_set1_pd(x[i]));
    return _mm256_cmp_pd(_mm256_sqrt_pd(_mm256_mul_pd(e, e)),
                         _mm256_set1_pd(reach[i]), _CMP_GT_OQ);
}

/* The four candidates in one vector, member by member. */
static unsigned accept4(const double *x, const double *reach,
                        const size_t *near, size_t k, const double y[4])
{
    __m256d y4 = _mm256_loadu_pd(y), no = _mm256_setzero_pd();
    size_t j;

    if (near != NULL)
        for (j = 0; j < k; j++)
            no = _mm256_or_pd(no, rejects4(x, reach, near[j], y4));
    else
        for (j = 0; j < k; j++)
            no = _mm256_or_pd(no, rejects4(x, reach, j, y4));
    return ~(unsigned)_mm256_movemask_pd(no) & 15u;
}

/* The stances of members i .. i + 3 as mfk__stance_of() takes them,
 * each lane's test with the same IEEE operation (a negation and an
 * absolute value are the sign bit's), as stance codes in 64-bit lanes. */
static inline __m256i stances_four(const struct mfk__stance_params *m,
                                   size_t i, __m256d p4, __m256d flex4)
{
    const __m256d zero = _mm256_setzero_pd(), one = _mm256_set1_pd(1);
    const __m256d sign = _mm256_set1_pd(-0.0);
    __m256d e = _mm256_sub_pd(p4, _mm256_loadu_pd(m->x + i));
    __m256d dp = _mm256_sqrt_pd(_mm256_mul_pd(e, e));
    __m256d tol = _mm256_loadu_pd(m->tol + i), ext = _mm256_loadu_pd(m->ext + i);
    __m256d ind = _mm256_loadu_pd(m->ind + i), res = _mm256_loadu_pd(m->res + i);
    __m256d gain = _mm256_loadu_pd(m->gain + i);
    __m256d L = _mm256_sub_pd(dp, _mm256_loadu_pd(m->dq + i));
    __m256d obj = _mm256_cmp_pd(dp, _mm256_loadu_pd(m->reach + i), _CMP_GT_OQ);
    __m256d nr = _mm256_and_pd(
        _mm256_and_pd(obj, flex4),
        _mm256_and_pd(_mm256_cmp_pd(ext, one, _CMP_LT_OQ),
                      _mm256_cmp_pd(_mm256_mul_pd(ext, L), tol, _CMP_LE_OQ)));
    __m256d ab = _mm256_andnot_pd(
        obj, _mm256_and_pd(_mm256_cmp_pd(ind, zero, _CMP_GT_OQ),
                           _mm256_cmp_pd(_mm256_andnot_pd(sign, L), ind,
                                         _CMP_LE_OQ)));
    __m256d taken = _mm256_or_pd(obj, ab);
    __m256d rs = _mm256_andnot_pd(
        taken, _mm256_and_pd(_mm256_cmp_pd(res, zero, _CMP_GT_OQ),
                             _mm256_cmp_pd(L, _mm256_sub_pd(tol, res),
                                           _CMP_GT_OQ)));
    __m256d sp;
    __m256d c = _mm256_castsi256_pd(_mm256_set1_epi64x(MFK_JOIN));

    taken = _mm256_or_pd(taken, rs);
    sp = _mm256_andnot_pd(
        taken, _mm256_and_pd(_mm256_cmp_pd(gain, zero, _CMP_GT_OQ),
                             _mm256_cmp_pd(_mm256_xor_pd(sign, L), gain,
                                           _CMP_GE_OQ)));
    c = _mm256_blendv_pd(c, _mm256_castsi256_pd(_mm256_set1_epi64x(MFK_SUPPORT)),
                         sp);
    c = _mm256_blendv_pd(
        c, _mm256_castsi256_pd(_mm256_set1_epi64x(MFK_RESERVATION)), rs);
    c = _mm256_blendv_pd(c, _mm256_castsi256_pd(_mm256_set1_epi64x(MFK_ABSTAIN)),
                         ab);
    c = _mm256_blendv_pd(c, _mm256_castsi256_pd(_mm256_set1_epi64x(MFK_OBJECT)),
                         obj);
    c = _mm256_blendv_pd(
        c, _mm256_castsi256_pd(_mm256_set1_epi64x(MFK_NOT_READY)), nr);
    return _mm256_castpd_si256(c);
}

/* The four stance codes of c (64-bit lanes, each below 256) as four
 * bytes, into st. */
static inline void store_codes(unsigned char *st, __m256i c)
{
    __m256i d = _mm256_permutevar8x32_epi32(
        c, _mm256_setr_epi32(0, 2, 4, 6, 0, 2, 4, 6));
    __m128i b = _mm_shuffle_epi8(
        _mm256_castsi256_si128(d),
        _mm_setr_epi8(0, 4, 8, 12, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
                      -1));
    int v = _mm_cvtsi128_si32(b);
    memcpy(st, &v, 4);
}

/* Four members at a time, the last four overlapping (their codes stored
 * again, the same; their counts taken only once); fewer than four by the
 * reference. Each lane counts its members' stances, one byte a stance,
 * 1 << 8v for stance v. */
static u64 stances_1d(const struct mfk__stance_params *m, size_t n,
                      double p, int flex, unsigned char *st)
{
    __m256d p4 = _mm256_set1_pd(p);
    __m256d flex4 = _mm256_castsi256_pd(_mm256_set1_epi64x(flex ? -1 : 0));
    const __m256i one = _mm256_set1_epi64x(1);
    __m256i acc = _mm256_setzero_si256(), c;
    __m128i a2;
    u64 code[4];
    size_t i, l;

    if (n < 4)
        return mfk__kref_stances_1d(m, n, p, flex, st);
    for (i = 0; i + 4 <= n; i += 4) {
        c = stances_four(m, i, p4, flex4);
        store_codes(st + i, c);
        acc = _mm256_add_epi64(
            acc, _mm256_sllv_epi64(one, _mm256_slli_epi64(c, 3)));
    }
    a2 = _mm_add_epi64(_mm256_castsi256_si128(acc),
                       _mm256_extracti128_si256(acc, 1));
    a2 = _mm_add_epi64(a2, _mm_unpackhi_epi64(a2, a2));
    if (i < n) {
        u64 k = (u64)_mm_cvtsi128_si64(a2);
        c = stances_four(m, n - 4, p4, flex4);
        store_codes(st + n - 4, c);
        _mm256_storeu_si256((__m256i *)(void *)code, c);
        for (l = i - (n - 4); l < 4; l++)
            k += 1ULL << (8 * code[l]);
        return k;
    }
    return (u64)_mm_cvtsi128_si64(a2);
}

/* The reference's, floor and ceil one instruction each. */
static int pick_near(double lo, double hi, double delta, double pos,
                     double sq, double scale, double *out)
{
    return mfk__pick_near(lo, hi, delta, pos, sq, scale, out);
}

const struct mfk__sim_kernel mfk__sim_kernel_avx2 = {
    "avx2",
    mfk__ksse2_unit_pairs,
    draw4,
    round1_1d,
    round1_dq_1d,
    objections_1d,
    first_objector,
    near_ends,
    dist_add_1d,
    accept4,
    stances_1d,
    pick_near};
