/* Decimal arithmetic of 28 significant digits, rounding half to even after
 * every operation: the arithmetic in which the exchange model's reference
 * program computes (lib/analysis/exchange.c). Each result is the exact
 * result of the operation rounded once to 28 digits, so the numbers are
 * those of any correctly rounded decimal arithmetic of that precision
 * (IEEE 754 decimal, General Decimal Arithmetic); the tests hold them to
 * Python's decimal module. Only the value of a number matters here: the
 * exponent of a result is not the "ideal" exponent of those standards,
 * and a zero has no sign.
 *
 * Numbers are held in 128-bit integers where their coefficients fit, and
 * the operations compute in them where the exact result fits too; GMP
 * integers carry the rest (exact constants of many digits, products of
 * two 28-digit numbers before rounding). */
#include "analysis-private.h"

#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The fast path's parts, inlined into each operation: a call apiece cost
 * as much as the arithmetic. */
#if defined(__GNUC__)
#define FAST static inline __attribute__((always_inline))
#else
#define FAST static inline
#endif
/* The GMP paths, out of the fast paths' way: their registers and stack
 * cost the quick operations nothing. */
#if defined(__GNUC__)
#define SLOW static __attribute__((noinline, cold))
#else
#define SLOW static
#endif

#define NPOW (sizeof ((mfk__decctx *)0)->pow10 / sizeof(mpz_t))

void mfk__decctx_init(mfk__decctx *ctx)
{
    size_t i;
    mpz_inits(ctx->t1, ctx->t2, ctx->t3, ctx->a, ctx->b, ctx->r, NULL);
    mpz_init_set_ui(ctx->pow10[0], 1);
    for (i = 1; i < NPOW; i++) {
        mpz_init(ctx->pow10[i]);
        mpz_mul_ui(ctx->pow10[i], ctx->pow10[i - 1], 10);
    }
}

void mfk__decctx_clear(mfk__decctx *ctx)
{
    size_t i;
    mpz_clears(ctx->t1, ctx->t2, ctx->t3, ctx->a, ctx->b, ctx->r, NULL);
    for (i = 0; i < NPOW; i++)
        mpz_clear(ctx->pow10[i]);
}

/* ---- GMP integers ---------------------------------------------------- */

/* r = a * 10^k, k >= 0. */
static void mul_pow10(mfk__decctx *ctx, mpz_t r, const mpz_t a,
                      unsigned long k)
{
    if (k < NPOW) {
        mpz_mul(r, a, ctx->pow10[k]);
    } else {
        mpz_t p;
        mpz_init(p);
        mpz_ui_pow_ui(p, 10, k);
        mpz_mul(r, a, p);
        mpz_clear(p);
    }
}

/* The number of decimal digits of |c| (1 for 0): from its bits, for
 * 2^(b-1) <= |c| < 2^b has floor((b-1) log10 2) + 1 digits or one more. */
static size_t digits(mfk__decctx *ctx, const mpz_t c)
{
    size_t b = mpz_sizeinbase(c, 2), n;
    if (mpz_sgn(c) == 0)
        return 1;
    n = (size_t)((double)(b - 1) * 0.30102999566398119521) + 1;
    if (n < NPOW) {
        if (mpz_cmpabs(c, ctx->pow10[n]) >= 0)
            n++;
    } else {
        mpz_t p;
        mpz_init(p);
        mpz_ui_pow_ui(p, 10, (unsigned long)n);
        if (mpz_cmpabs(c, p) >= 0)
            n++;
        mpz_clear(p);
    }
    return n;
}

/* Rounds c * 10^*e to MFK__DEC_DIGITS digits, half to even, in place. */
static void round_z(mfk__decctx *ctx, mpz_t c, long *e)
{
    size_t d;
    unsigned long shift;
    int cmp;

    if (mpz_sgn(c) == 0)
        return;
    d = digits(ctx, c);
    if (d <= MFK__DEC_DIGITS)
        return;
    shift = (unsigned long)(d - MFK__DEC_DIGITS);
    if (shift < NPOW) {
        mpz_tdiv_qr(ctx->t1, ctx->t2, c, ctx->pow10[shift]);
        mpz_mul_2exp(ctx->t2, ctx->t2, 1);
        cmp = mpz_cmpabs(ctx->t2, ctx->pow10[shift]);
    } else {
        mpz_ui_pow_ui(ctx->t3, 10, shift);
        mpz_tdiv_qr(ctx->t1, ctx->t2, c, ctx->t3);
        mpz_mul_2exp(ctx->t2, ctx->t2, 1);
        cmp = mpz_cmpabs(ctx->t2, ctx->t3);
    }
    if (cmp > 0 || (cmp == 0 && mpz_odd_p(ctx->t1))) {
        if (mpz_sgn(c) > 0)
            mpz_add_ui(ctx->t1, ctx->t1, 1);
        else
            mpz_sub_ui(ctx->t1, ctx->t1, 1);
        if (mpz_cmpabs(ctx->t1, ctx->pow10[MFK__DEC_DIGITS]) == 0) {
            mpz_tdiv_q_ui(ctx->t1, ctx->t1, 10);
            shift++;
        }
    }
    mpz_swap(c, ctx->t1);
    *e += (long)shift;
}

#if MFK__DEC_FAST
#define P19 ((mfk__u128)10000000000000000000ULL)
#define p10 mfk__dec_p10
const mfk__u128 mfk__dec_p10[39] = {
    (mfk__u128)1ULL,
    (mfk__u128)10ULL,
    (mfk__u128)100ULL,
    (mfk__u128)1000ULL,
    (mfk__u128)10000ULL,
    (mfk__u128)100000ULL,
    (mfk__u128)1000000ULL,
    (mfk__u128)10000000ULL,
    (mfk__u128)100000000ULL,
    (mfk__u128)1000000000ULL,
    (mfk__u128)10000000000ULL,
    (mfk__u128)100000000000ULL,
    (mfk__u128)1000000000000ULL,
    (mfk__u128)10000000000000ULL,
    (mfk__u128)100000000000000ULL,
    (mfk__u128)1000000000000000ULL,
    (mfk__u128)10000000000000000ULL,
    (mfk__u128)100000000000000000ULL,
    (mfk__u128)1000000000000000000ULL,
    (mfk__u128)10000000000000000000ULL,
    P19 * (mfk__u128)10ULL,
    P19 * (mfk__u128)100ULL,
    P19 * (mfk__u128)1000ULL,
    P19 * (mfk__u128)10000ULL,
    P19 * (mfk__u128)100000ULL,
    P19 * (mfk__u128)1000000ULL,
    P19 * (mfk__u128)10000000ULL,
    P19 * (mfk__u128)100000000ULL,
    P19 * (mfk__u128)1000000000ULL,
    P19 * (mfk__u128)10000000000ULL,
    P19 * (mfk__u128)100000000000ULL,
    P19 * (mfk__u128)1000000000000ULL,
    P19 * (mfk__u128)10000000000000ULL,
    P19 * (mfk__u128)100000000000000ULL,
    P19 * (mfk__u128)1000000000000000ULL,
    P19 * (mfk__u128)10000000000000000ULL,
    P19 * (mfk__u128)100000000000000000ULL,
    P19 * (mfk__u128)1000000000000000000ULL,
    P19 * (mfk__u128)10000000000000000000ULL};

/* The 256-bit product a * b: its high half, the low into *lo. */
FAST mfk__u128 mul256(mfk__u128 a, mfk__u128 b, mfk__u128 *lo)
{
    uint64_t a0 = (uint64_t)a, a1 = (uint64_t)(a >> 64);
    uint64_t b0 = (uint64_t)b, b1 = (uint64_t)(b >> 64);
    mfk__u128 p00 = (mfk__u128)a0 * b0, p01 = (mfk__u128)a0 * b1;
    mfk__u128 p10m = (mfk__u128)a1 * b0, p11 = (mfk__u128)a1 * b1;
    mfk__u128 mid = (p00 >> 64) + (uint64_t)p01 + (uint64_t)p10m;
    *lo = (mid << 64) | (uint64_t)p00;
    return p11 + (p01 >> 64) + (p10m >> 64) + (mid >> 64);
}

/* 10^k for k = 1 .. 19, shifted left by sh until its leading bit is set
 * (d), and its reciprocal floor((2^128 - 1) / d) - 2^64 (inv): the
 * division of two words by one of Moller and Granlund ("Improved division
 * by invariant integers", 2011, algorithm 4); generated by Python. */
static const struct { uint64_t d, inv; unsigned sh; } inv10[20] = {
    {0, 0, 0},
    {0xa000000000000000ULL, 0x9999999999999999ULL, 60},
    {0xc800000000000000ULL, 0x47ae147ae147ae14ULL, 57},
    {0xfa00000000000000ULL, 0x0624dd2f1a9fbe76ULL, 54},
    {0x9c40000000000000ULL, 0xa36e2eb1c432ca57ULL, 50},
    {0xc350000000000000ULL, 0x4f8b588e368f0846ULL, 47},
    {0xf424000000000000ULL, 0x0c6f7a0b5ed8d36bULL, 44},
    {0x9896800000000000ULL, 0xad7f29abcaf48578ULL, 40},
    {0xbebc200000000000ULL, 0x5798ee2308c39df9ULL, 37},
    {0xee6b280000000000ULL, 0x12e0be826d694b2eULL, 34},
    {0x9502f90000000000ULL, 0xb7cdfd9d7bdbab7dULL, 30},
    {0xba43b74000000000ULL, 0x5fd7fe17964955fdULL, 27},
    {0xe8d4a51000000000ULL, 0x19799812dea11197ULL, 24},
    {0x9184e72a00000000ULL, 0xc25c268497681c26ULL, 20},
    {0xb5e620f480000000ULL, 0x6849b86a12b9b01eULL, 17},
    {0xe35fa931a0000000ULL, 0x203af9ee756159b2ULL, 14},
    {0x8e1bc9bf04000000ULL, 0xcd2b297d889bc2b6ULL, 10},
    {0xb1a2bc2ec5000000ULL, 0x70ef54646d496892ULL, 7},
    {0xde0b6b3a76400000ULL, 0x2725dd1d243aba0eULL, 4},
    {0x8ac7230489e80000ULL, 0xd83c94fb6d2ac34aULL, 0},
};

/* (u1:u0) / d, u1 < d, d normalised, inv its reciprocal: the quotient,
 * the remainder into *rem. */
FAST uint64_t div_2by1(uint64_t u1, uint64_t u0, uint64_t d, uint64_t inv,
                       uint64_t *rem)
{
    mfk__u128 t = (mfk__u128)inv * u1 + (((mfk__u128)u1 << 64) | u0);
    uint64_t q1 = (uint64_t)(t >> 64) + 1, q0 = (uint64_t)t;
    uint64_t r = u0 - q1 * d;
    if (r > q0) {
        q1--;
        r += d;
    }
    if (r >= d) {
        q1++;
        r -= d;
    }
    *rem = r;
    return q1;
}

/* q = v / 10^k and rem = v % 10^k, 1 <= k <= 19 (the divisions by a
 * power of ten of every rounding, which drops at most 11 digits of a
 * product and 9 of a wide one's quotient by 10^19): two divisions of two
 * words by one with 10^k's reciprocal. */
FAST void div_pow10(mfk__u128 v, unsigned k, mfk__u128 *q, mfk__u128 *rem)
{
    uint64_t h = (uint64_t)(v >> 64), l = (uint64_t)v, d = inv10[k].d;
    uint64_t inv = inv10[k].inv, n2, n1, n0, qh, ql, r;
    unsigned sh = inv10[k].sh;
    n2 = sh ? h >> (64 - sh) : 0;
    n1 = sh ? (h << sh) | (l >> (64 - sh)) : h;
    n0 = l << sh;
    qh = div_2by1(n2, n1, d, inv, &r);
    ql = div_2by1(r, n0, d, inv, &r);
    *q = ((mfk__u128)qh << 64) | ql;
    *rem = r >> sh;
}

/* bits_digits[b - 1]: the digits of 2^(b - 1); a number of b bits, below
 * 2^b <= 10 * 2^(b - 1), has as many or one more. */
static const unsigned char bits_digits[128] = {
    1, 1, 1, 1, 2, 2, 2, 3, 3, 3, 4, 4, 4, 4, 5, 5,
    5, 6, 6, 6, 7, 7, 7, 7, 8, 8, 8, 9, 9, 9, 10, 10,
    10, 10, 11, 11, 11, 12, 12, 12, 13, 13, 13, 13, 14, 14, 14, 15,
    15, 15, 16, 16, 16, 16, 17, 17, 17, 18, 18, 18, 19, 19, 19, 19,
    20, 20, 20, 21, 21, 21, 22, 22, 22, 22, 23, 23, 23, 24, 24, 24,
    25, 25, 25, 25, 26, 26, 26, 27, 27, 27, 28, 28, 28, 28, 29, 29,
    29, 30, 30, 30, 31, 31, 31, 32, 32, 32, 32, 33, 33, 33, 34, 34,
    34, 35, 35, 35, 35, 36, 36, 36, 37, 37, 37, 38, 38, 38, 38, 39};

FAST unsigned digits128(mfk__u128 v)
{
    unsigned b, n;
    uint64_t hi = (uint64_t)(v >> 64);
    if (v == 0)
        return 1;
    b = hi ? 128 - (unsigned)__builtin_clzll(hi)
           : 64 - (unsigned)__builtin_clzll((uint64_t)v);
    n = bits_digits[b - 1];
    return n + (n < 39 && v >= p10[n]);
}

/* z = the signed coefficient of a. */
static void to_z(const mfk__dec *a, mpz_t z)
{
    mp_limb_t *l;
    mp_size_t n;
    if (a->big) {
        mpz_set(z, a->c);
        return;
    }
    l = mpz_limbs_write(z, 2);
    l[0] = (mp_limb_t)a->m;
    l[1] = (mp_limb_t)(a->m >> 64);
    n = l[1] ? 2 : l[0] ? 1 : 0;
    mpz_limbs_finish(z, a->neg ? -n : n);
}

/* r = z * 10^e, exactly. */
static void store_z(mfk__dec *r, const mpz_t z, long e)
{
    if (mpz_sizeinbase(z, 2) <= 126) {
        const mp_limb_t *l = mpz_limbs_read(z);
        size_t n = mpz_size(z);
        r->m = n == 0 ? 0 : n == 1 ? (mfk__u128)l[0]
                                   : ((mfk__u128)l[1] << 64) | l[0];
        r->neg = mpz_sgn(z) < 0;
        r->big = 0;
        r->nd = digits128(r->m);
    } else {
        mpz_set(mfk__dec_z(r), z);
        r->big = 1;
    }
    r->e = (int32_t)e;
}

/* q = v / p and rem = v % p; by two word divisions where p fits in one
 * word (shift <= 19), as the rounding's divisions mostly do. */
FAST void div_small(mfk__u128 v, mfk__u128 p, mfk__u128 *q,
                      mfk__u128 *rem)
{
#if defined(__x86_64__) && defined(__GNUC__)
    if ((p >> 64) == 0) {
        uint64_t d = (uint64_t)p, hi = (uint64_t)(v >> 64), lo = (uint64_t)v;
        uint64_t qh = hi / d, r = hi % d, ql;
        __asm__("divq %4" : "=a"(ql), "=d"(r) : "a"(lo), "d"(r), "rm"(d));
        *q = ((mfk__u128)qh << 64) | ql;
        *rem = r;
        return;
    }
#endif
    *q = v / p;
    *rem = v - *q * p;
}

/* r = (neg ? -v : v) * 10^e rounded to 28 digits, v of d digits. */
FAST void round128(mfk__dec *r, mfk__u128 v, unsigned d, int neg, long e)
{
    unsigned shift;
    if (d > MFK__DEC_DIGITS) {
        mfk__u128 q, rem;
        uint64_t half;
        shift = d - MFK__DEC_DIGITS; /* at most 11: v < 2^128 < 10^39 */
        div_pow10(v, shift, &q, &rem);
        half = (uint64_t)p10[shift] / 2; /* 10^shift is even */
        if ((uint64_t)rem > half || ((uint64_t)rem == half && (q & 1)))
            q++;
        if (q == p10[MFK__DEC_DIGITS]) {
            q /= 10;
            shift++;
        }
        v = q;
        e += (long)shift;
        d = MFK__DEC_DIGITS;
    }
    r->m = v;
    r->neg = neg && v != 0;
    r->big = 0;
    r->nd = d;
    r->e = e;
}

/* r = (neg ? -v : v) * 10^e rounded to 28 digits. */
FAST void finish128(mfk__dec *r, mfk__u128 v, int neg, long e)
{
    round128(r, v, digits128(v), neg, e);
}

/* a + b (b negated when sub) in 128 bits; 0 when it does not fit. */
FAST int add128(mfk__dec *r, const mfk__dec *a, const mfk__dec *b,
                  int sub)
{
    mfk__u128 va = a->m, vb = b->m, v;
    int na = a->neg, nb = b->neg != sub, neg;
    long e;
    unsigned d, xa = a->nd, xb = b->nd;
    if (va == 0) {
        round128(r, vb, xb, nb, b->e);
        return 1;
    }
    if (vb == 0) {
        round128(r, va, xa, na, a->e);
        return 1;
    }
    if (a->e >= b->e) {
        d = (unsigned)(a->e - b->e);
        if (d > 37 || xa + d > 38)
            return 0;
        va *= p10[d];
        xa += d;
        e = b->e;
    } else {
        d = (unsigned)(b->e - a->e);
        if (d > 37 || xb + d > 38)
            return 0;
        vb *= p10[d];
        xb += d;
        e = a->e;
    }
    if (na == nb) {
        /* below 2 * 10^38 < 2^128, of as many digits as the longer
         * operand or one more */
        unsigned x = xa > xb ? xa : xb;
        v = va + vb;
        round128(r, v, x + (v >= p10[x]), na, e);
        return 1;
    } else if (va >= vb) {
        v = va - vb;
        neg = na;
    } else {
        v = vb - va;
        neg = nb;
    }
    finish128(r, v, neg, e);
    return 1;
}

/* (hi:lo) / d, hi < d: the quotient, the remainder into *rem. */
FAST uint64_t div_word(uint64_t hi, uint64_t lo, uint64_t d, uint64_t *rem)
{
#if defined(__x86_64__) && defined(__GNUC__)
    uint64_t q, r;
    __asm__("divq %4" : "=a"(q), "=d"(r) : "a"(lo), "d"(hi), "rm"(d));
    *rem = r;
    return q;
#else
    mfk__u128 n = ((mfk__u128)hi << 64) | lo;
    *rem = (uint64_t)(n % d);
    return (uint64_t)(n / d);
#endif
}

/* a * b of two numbers of at most 28 digits each (below 10^56 < 2^187):
 * the product in three words, divided by 10^19 at once (a quotient below
 * 2^125), then cut to 28 digits, the remainder kept whole for the
 * rounding. */
static void mul_wide(mfk__dec *r, const mfk__dec *a, const mfk__dec *b)
{
    mfk__u128 lo, hi = mul256(a->m, b->m, &lo);
    uint64_t w0 = (uint64_t)lo, w1 = (uint64_t)(lo >> 64), w2 = (uint64_t)hi;
    uint64_t q1, q0, r1, rr;
    mfk__u128 Q, q, R, half;
    unsigned nq, shift;

    /* w2 < 2^59 < 10^19: the quotient's top word is 0 */
    q1 = div_word(w2, w1, (uint64_t)P19, &rr);
    q0 = div_word(rr, w0, (uint64_t)P19, &r1);
    Q = ((mfk__u128)q1 << 64) | q0;
    /* the product has nq + 19 digits, at least 38 as the operands' digits
     * sum to more than 38; shift = nq + 19 - 28, from 10 to 28 */
    nq = digits128(Q);
    shift = nq - 9;
    if (shift >= 19) {
        mfk__u128 r2;
        if (shift > 19)
            div_pow10(Q, shift - 19, &q, &r2);
        else
            q = Q, r2 = 0;
        R = r2 * P19 + r1;
    } else {
        q = Q * p10[19 - shift] + r1 / (uint64_t)p10[shift];
        R = r1 % (uint64_t)p10[shift];
    }
    half = p10[shift] / 2;
    if (R > half || (R == half && (q & 1)))
        q++;
    /* q has 28 digits, or is 10^28 after the increment */
    if (q == p10[MFK__DEC_DIGITS]) {
        q = p10[MFK__DEC_DIGITS - 1];
        shift++;
    }
    r->m = q;
    r->neg = a->neg != b->neg;
    r->big = 0;
    r->nd = MFK__DEC_DIGITS;
    r->e = a->e + b->e + (long)shift;
}

FAST int mul128(mfk__dec *r, const mfk__dec *a, const mfk__dec *b)
{
    if (a->m != 0 && b->m != 0 && a->nd + b->nd > 38) {
        if (a->nd > MFK__DEC_DIGITS || b->nd > MFK__DEC_DIGITS)
            return 0;
        mul_wide(r, a, b);
        return 1;
    }
    if (a->m == 0 || b->m == 0) {
        finish128(r, 0, 0, a->e + b->e);
        return 1;
    }
    /* a product of digits da + db - 1 or da + db, at most 38 */
    {
        mfk__u128 v = a->m * b->m;
        unsigned d = a->nd + b->nd - 1;
        round128(r, v, d + (v >= p10[d]), a->neg != b->neg, a->e + b->e);
    }
    return 1;
}

/* a / b: q = floor(a * 10^shift / b), of 29 or 30 digits, by long
 * division in steps of as many digits as keep the running remainder times
 * the step's power of ten within 128 bits (10 digits a step at worst);
 * the remainder's being nonzero is one more, sticky, digit. */
FAST int div128(mfk__dec *r, const mfk__dec *a, const mfk__dec *b)
{
    mfk__u128 q, rem, n, d = b->m, qi;
    unsigned da = a->nd, db = b->nd, c;
    long shift = MFK__DEC_DIGITS + 1 + (long)db - (long)da, left;
    if (da > 38 || db > 37)
        return 0;
    /* a quotient of 28 digits at once, and its remainder, where a * 10^s
     * fits and b in a word: the model's divisors (its denominators, s c,
     * the saliences' sums) */
    if (shift >= 2 && da + (unsigned)shift <= 38 && (d >> 64) == 0) {
        unsigned s = (unsigned)shift - 1; /* 28 - da + db */
        uint64_t rm, dw = (uint64_t)d;
        /* a / b * 10^s lies in (10^27, 10^29): 29 digits when the
         * coefficients on 38 digits say a >= b */
        if (a->m * p10[38 - da] >= d * p10[38 - db])
            s--;
        div_small(a->m * p10[s], d, &q, &rem);
        rm = (uint64_t)rem;
        /* rm < b < 2^64: 2 rm compared as rm against b - rm */
        if (rm > dw - rm || (rm == dw - rm && (q & 1)))
            q++;
        shift = (long)s;
        if (q == p10[MFK__DEC_DIGITS]) {
            q = p10[MFK__DEC_DIGITS - 1];
            shift--;
        }
        r->m = q;
        r->neg = a->neg != b->neg;
        r->big = 0;
        r->nd = MFK__DEC_DIGITS;
        r->e = a->e - b->e - shift;
        return 1;
    }
    if (shift < 0)
        shift = 0;
    left = shift;
    c = 38 - da < (unsigned)left ? 38 - da : (unsigned)left;
    n = a->m * p10[c];
    div_small(n, d, &q, &rem);
    left -= (long)c;
    while (left > 0) {
        c = 38 - db < (unsigned)left ? 38 - db : (unsigned)left;
        div_small(rem * p10[c], d, &qi, &rem);
        q = q * p10[c] + qi;
        left -= (long)c;
    }
    if (digits128(q) > 37)
        return 0;
    finish128(r, q * 10 + (rem != 0), a->neg != b->neg,
              a->e - b->e - shift - 1);
    return 1;
}
#define SMALL(x) (!(x)->big)
#else
static void to_z(const mfk__dec *a, mpz_t z) { mpz_set(z, a->c); }
static void store_z(mfk__dec *r, const mpz_t z, long e)
{
    mpz_set(mfk__dec_z(r), z);
    r->big = 1;
    r->e = (int32_t)e;
}
#define SMALL(x) 0
#endif

/* ---- numbers ---------------------------------------------------------- */

mpz_ptr mfk__dec_z(mfk__dec *x)
{
    if (x->c == NULL) {
        void *(*alloc)(size_t);
        mp_get_memory_functions(&alloc, NULL, NULL);
        x->c = alloc(sizeof *x->c); /* as GMP's, aborts when it fails */
        mpz_init(x->c);
    }
    return x->c;
}

void mfk__dec_init(mfk__dec *x)
{
    x->c = NULL;
    x->m = 0;
    x->e = 0;
    x->neg = 0;
    x->nd = 1;
    x->big = !MFK__DEC_FAST;
    if (x->big)
        mpz_set_ui(mfk__dec_z(x), 0);
}

void mfk__dec_clear(mfk__dec *x)
{
    if (x->c != NULL) {
        void (*release)(void *, size_t);
        mp_get_memory_functions(NULL, NULL, &release);
        mpz_clear(x->c);
        release(x->c, sizeof *x->c);
        x->c = NULL;
    }
}

void mfk__dec_set_si(mfk__dec *r, long v)
{
    mpz_t z;
    mpz_init_set_si(z, v);
    store_z(r, z, 0);
    mpz_clear(z);
}

int mfk__dec_set_str(mfk__dec *r, const char *s)
{
    char digs[512];
    size_t nd = 0;
    long e = 0, ex;
    int neg = 0, any = 0, point = 0;
    char *end;

    if (*s == '+' || *s == '-')
        neg = *s++ == '-';
    for (; *s != '\0'; s++) {
        if (*s >= '0' && *s <= '9') {
            if (nd + 1 >= sizeof digs)
                return MFK_ELIMIT;
            digs[nd++] = *s;
            any = 1;
            if (point)
                e--;
        } else if (*s == '.' && !point) {
            point = 1;
        } else {
            break;
        }
    }
    if (!any)
        return MFK_EINVAL;
    if (*s == 'e' || *s == 'E') {
        ex = strtol(s + 1, &end, 10);
        if (end == s + 1 || *end != '\0' || ex > 100000 || ex < -100000)
            return MFK_EINVAL;
        e += ex;
    } else if (*s != '\0') {
        return MFK_EINVAL;
    }
    digs[nd] = '\0';
    {
        mpz_t z;
        mpz_init_set_str(z, digs, 10);
        if (neg)
            mpz_neg(z, z);
        store_z(r, z, e);
        mpz_clear(z);
    }
    return MFK_OK;
}

void mfk__dec_set_double_exact(mfk__dec *r, double v)
{
    int ex;
    long e = 0;
    double m = frexp(v, &ex); /* v = m * 2^ex, 0.5 <= |m| < 1 */
    mpz_t z;
    /* v = (m * 2^53) * 2^(ex - 53), the first factor an integer */
    mpz_init_set_d(z, ldexp(m, DBL_MANT_DIG));
    ex -= DBL_MANT_DIG;
    if (ex >= 0) {
        mpz_mul_2exp(z, z, (unsigned long)ex);
    } else {
        /* c / 2^k = c * 5^k / 10^k */
        mpz_t five;
        mpz_init(five);
        mpz_ui_pow_ui(five, 5, (unsigned long)-ex);
        mpz_mul(z, z, five);
        mpz_clear(five);
        e = ex;
    }
    store_z(r, z, e);
    mpz_clear(z);
}

int mfk__dec_set_double_short(mfk__dec *r, double v)
{
    char buf[40];
    int prec;
    if (!isfinite(v))
        return MFK_EINVAL;
    for (prec = 1; prec <= DBL_DECIMAL_DIG; prec++) {
        snprintf(buf, sizeof buf, "%.*e", prec - 1, v);
        if (strtod(buf, NULL) == v)
            break;
    }
    return mfk__dec_set_str(r, buf);
}

/* The signed coefficient's digits into buf (size at least 48 when the
 * number is small); 0 when they do not fit. */
static int coefficient(const mfk__dec *a, char *buf, size_t size)
{
#if MFK__DEC_FAST
    if (!a->big) {
        char t[48];
        size_t n = 0, i = 0;
        mfk__u128 v = a->m;
        do {
            t[n++] = (char)('0' + (int)(v % 10));
            v /= 10;
        } while (v != 0);
        if (size < n + 2)
            return 0;
        if (a->neg)
            buf[i++] = '-';
        while (n > 0)
            buf[i++] = t[--n];
        buf[i] = '\0';
        return 1;
    }
#endif
    if (mpz_sizeinbase(a->c, 10) + 2 > size)
        return 0;
    mpz_get_str(buf, 10, a->c);
    return 1;
}

void mfk__dec_get_str(const mfk__dec *a, char *buf, size_t size)
{
    char digs[96];
    if (!coefficient(a, digs, sizeof digs)) {
        snprintf(buf, size, "%.17g", mfk__dec_get_d(a));
        return;
    }
    snprintf(buf, size, "%sE%ld", digs, (long)a->e);
}

#if MFK__DEC_FAST
/* The bits of x, n limbs, its last not 0. */
static unsigned limb_bits(const mp_limb_t *x, mp_size_t n)
{
    return (unsigned)(n - 1) * 64 + 64 - (unsigned)__builtin_clzll(x[n - 1]);
}

/* The limbs of v into l (two), their count without the leading zeros. */
static mp_size_t limbs_of(mfk__u128 v, mp_limb_t *l)
{
    l[0] = (mp_limb_t)v;
    l[1] = (mp_limb_t)(v >> 64);
    return l[1] ? 2 : l[0] ? 1 : 0;
}

/* The double nearest x * 2^E (x of n limbs, not 0, its last limb not 0),
 * plus a little more when sticky (a remainder below x's last bit, x of 65
 * bits at least then): the 64 bits from x's leading one, those below it
 * folded into the last (sticky), rounded once to 53 by the conversion of
 * a 64-bit integer; 0 out of the normal range. */
static int limbs_to_d(const mp_limb_t *x, mp_size_t n, long E, int sticky,
                      double *out)
{
    long t = (long)(n - 1) * 64 + 63 - __builtin_clzll(x[n - 1]), low;
    uint64_t u;
    mp_size_t w, i;
    unsigned off;
    if (t >= 63) {
        low = t - 63;
        w = (mp_size_t)(low / 64);
        off = (unsigned)(low % 64);
        u = x[w] >> off;
        if (off != 0) {
            u |= x[w + 1] << (64 - off);
            sticky |= (x[w] & (((mp_limb_t)1 << off) - 1)) != 0;
        }
        for (i = 0; i < w; i++)
            sticky |= x[i] != 0;
    } else {
        low = t - 63;
        u = x[0] << (63 - t);
    }
    if (E + t > 1000 || E + t < -1000)
        return 0;
    *out = ldexp((double)(u | (uint64_t)(sticky != 0)), (int)(E + low));
    return 1;
}

/* The double nearest a small number of exponent -38 to 38, by integers:
 * m 10^e exactly, or m 2^s / 10^-e with 65 bits of quotient at least and
 * its remainder's being nonzero (limbs_to_d); 0 where it does not tell. */
static int get_d_fast(const mfk__dec *a, double *out)
{
    mp_limb_t m[2], p[2], x[6], q[6], r[2];
    mp_size_t nm, np, nx, i;
    long s;
    int sticky = 0;
    if (a->big || a->e < -38 || a->e > 38 || a->m == 0)
        return 0;
    nm = limbs_of(a->m, m);
    np = limbs_of(p10[a->e < 0 ? -a->e : a->e], p);
    if (a->e >= 0) {
        if (nm >= np)
            mpn_mul(x, m, nm, p, np);
        else
            mpn_mul(x, p, np, m, nm);
        nx = nm + np;
        s = 0;
    } else {
        /* bits of m 2^s = bits of 10^-e + 65 at least */
        long bm = (long)limb_bits(m, nm), bp = (long)limb_bits(p, np);
        s = bp + 65 - bm;
        if (s < 0)
            s = 0;
        for (i = 0; i < 6; i++)
            x[i] = 0;
        nx = (mp_size_t)(s / 64);
        if (s % 64 != 0)
            x[nx + nm] = mpn_lshift(x + nx, m, nm, (unsigned)(s % 64));
        else
            for (i = 0; i < nm; i++)
                x[nx + i] = m[i];
        nx += nm + 1;
        while (x[nx - 1] == 0)
            nx--;
        mpn_tdiv_qr(q, r, 0, x, nx, p, np);
        for (i = 0; i < np; i++)
            sticky |= r[i] != 0;
        nx = nx - np + 1;
        for (i = 0; i < nx; i++)
            x[i] = q[i];
        s = -s;
    }
    while (nx > 0 && x[nx - 1] == 0)
        nx--;
    if (nx == 0 || !limbs_to_d(x, nx, s, sticky, out))
        return 0;
    if (a->neg)
        *out = -*out;
    return 1;
}
#endif

double mfk__dec_get_d(const mfk__dec *a)
{
    char digs[96], s[128];
    if (mfk__dec_sgn(a) == 0)
        return 0;
#if MFK__DEC_FAST
    {
        double d;
        if (get_d_fast(a, &d))
            return d;
    }
#endif
    if (!coefficient(a, digs, sizeof digs))
        return mpz_get_d(a->c) * pow(10, (double)a->e);
    snprintf(s, sizeof s, "%se%ld", digs, (long)a->e);
    return strtod(s, NULL);
}

/* 10^-64 .. 10^64, the literals correctly rounded: the scale of a quick
 * value without a call of pow(). */
const double mfk__dec_p10d[129] = {
    1e-64, 1e-63, 1e-62, 1e-61, 1e-60, 1e-59,
    1e-58, 1e-57, 1e-56, 1e-55, 1e-54, 1e-53,
    1e-52, 1e-51, 1e-50, 1e-49, 1e-48, 1e-47,
    1e-46, 1e-45, 1e-44, 1e-43, 1e-42, 1e-41,
    1e-40, 1e-39, 1e-38, 1e-37, 1e-36, 1e-35,
    1e-34, 1e-33, 1e-32, 1e-31, 1e-30, 1e-29,
    1e-28, 1e-27, 1e-26, 1e-25, 1e-24, 1e-23,
    1e-22, 1e-21, 1e-20, 1e-19, 1e-18, 1e-17,
    1e-16, 1e-15, 1e-14, 1e-13, 1e-12, 1e-11,
    1e-10, 1e-9, 1e-8, 1e-7, 1e-6, 1e-5,
    1e-4, 1e-3, 1e-2, 1e-1, 1e0, 1e1,
    1e2, 1e3, 1e4, 1e5, 1e6, 1e7,
    1e8, 1e9, 1e10, 1e11, 1e12, 1e13,
    1e14, 1e15, 1e16, 1e17, 1e18, 1e19,
    1e20, 1e21, 1e22, 1e23, 1e24, 1e25,
    1e26, 1e27, 1e28, 1e29, 1e30, 1e31,
    1e32, 1e33, 1e34, 1e35, 1e36, 1e37,
    1e38, 1e39, 1e40, 1e41, 1e42, 1e43,
    1e44, 1e45, 1e46, 1e47, 1e48, 1e49,
    1e50, 1e51, 1e52, 1e53, 1e54, 1e55,
    1e56, 1e57, 1e58, 1e59, 1e60, 1e61,
    1e62, 1e63, 1e64};

double mfk__dec_approx_any(const mfk__dec *a)
{
    double m;
#if MFK__DEC_FAST
    if (!a->big) {
        m = (double)(uint64_t)(a->m >> 64) * 18446744073709551616.0 +
            (double)(uint64_t)a->m;
        if (a->neg)
            m = -m;
    } else
#endif
        m = mpz_get_d(a->c);
    if (a->e >= -64 && a->e <= 64)
        return m * mfk__dec_p10d[a->e + 64];
    return m * pow(10, (double)a->e);
}


int mfk__dec_cmp_any(mfk__decctx *ctx, const mfk__dec *a, const mfk__dec *b)
{
    int sa = mfk__dec_sgn(a), sb = mfk__dec_sgn(b);
    long da, db;
    if (sa != sb || sa == 0)
        return sa < sb ? -1 : sa > sb;
#if MFK__DEC_FAST
    if (SMALL(a) && SMALL(b)) {
        unsigned xa = a->nd, xb = b->nd;
        mfk__u128 va = a->m, vb = b->m;
        da = (long)xa + a->e;
        db = (long)xb + b->e;
        if (da != db)
            return (da < db ? -1 : 1) * sa;
        /* the same leading place: align on the smaller exponent */
        if (a->e > b->e)
            va *= p10[a->e - b->e]; /* xa + (a->e - b->e) = xb <= 38 */
        else
            vb *= p10[b->e - a->e];
        return (va > vb) - (va < vb) == 0 ? 0 : ((va > vb) ? sa : -sa);
    }
#endif
    to_z(a, ctx->a);
    to_z(b, ctx->b);
    da = (long)digits(ctx, ctx->a) + a->e;
    db = (long)digits(ctx, ctx->b) + b->e;
    if (da != db)
        return (da < db ? -1 : 1) * sa;
    if (a->e >= b->e) {
        mul_pow10(ctx, ctx->a, ctx->a, (unsigned long)(a->e - b->e));
    } else {
        mul_pow10(ctx, ctx->b, ctx->b, (unsigned long)(b->e - a->e));
    }
    return mpz_cmp(ctx->a, ctx->b);
}



SLOW void addsub_z(mfk__decctx *ctx, mfk__dec *r, const mfk__dec *a,
                   const mfk__dec *b, int sub)
{
    long e, ea = a->e, eb = b->e;
    to_z(a, ctx->a);
    to_z(b, ctx->b);
    /* at the smaller exponent */
    e = ea < eb ? ea : eb;
    if (mpz_sgn(ctx->a) == 0)
        e = eb;
    else if (mpz_sgn(ctx->b) == 0)
        e = ea;
    else {
        mul_pow10(ctx, ctx->a, ctx->a, (unsigned long)(ea - e));
        mul_pow10(ctx, ctx->b, ctx->b, (unsigned long)(eb - e));
    }
    if (sub)
        mpz_sub(ctx->r, ctx->a, ctx->b);
    else
        mpz_add(ctx->r, ctx->a, ctx->b);
    round_z(ctx, ctx->r, &e);
    store_z(r, ctx->r, e);
}

void mfk__dec_add(mfk__decctx *ctx, mfk__dec *r, const mfk__dec *a,
                  const mfk__dec *b)
{
#if MFK__DEC_FAST
    if (SMALL(a) && SMALL(b) && add128(r, a, b, 0))
        return;
#endif
    addsub_z(ctx, r, a, b, 0);
}

void mfk__dec_sub(mfk__decctx *ctx, mfk__dec *r, const mfk__dec *a,
                  const mfk__dec *b)
{
#if MFK__DEC_FAST
    if (SMALL(a) && SMALL(b) && add128(r, a, b, 1))
        return;
#endif
    addsub_z(ctx, r, a, b, 1);
}

SLOW void mul_z(mfk__decctx *ctx, mfk__dec *r, const mfk__dec *a,
                const mfk__dec *b)
{
    long e = a->e + b->e;
    to_z(a, ctx->a);
    to_z(b, ctx->b);
    mpz_mul(ctx->r, ctx->a, ctx->b);
    round_z(ctx, ctx->r, &e);
    store_z(r, ctx->r, e);
}

void mfk__dec_mul(mfk__decctx *ctx, mfk__dec *r, const mfk__dec *a,
                  const mfk__dec *b)
{
#if MFK__DEC_FAST
    if (SMALL(a) && SMALL(b) && mul128(r, a, b))
        return;
#endif
    mul_z(ctx, r, a, b);
}

SLOW void div_z(mfk__decctx *ctx, mfk__dec *r, const mfk__dec *a,
                const mfk__dec *b)
{
    long shift, e;
    int sticky, neg;

    to_z(a, ctx->a);
    to_z(b, ctx->b);
    /* a * 10^shift / b has at least 29 digits: the quotient's 28 and one
     * more; the remainder decides the rest as a sticky digit */
    shift = MFK__DEC_DIGITS + 1 + (long)digits(ctx, ctx->b) -
            (long)digits(ctx, ctx->a);
    if (shift < 0)
        shift = 0;
    e = a->e - b->e - shift;
    neg = mpz_sgn(ctx->a) != mpz_sgn(ctx->b);
    mul_pow10(ctx, ctx->a, ctx->a, (unsigned long)shift);
    mpz_tdiv_qr(ctx->r, ctx->t3, ctx->a, ctx->b);
    sticky = mpz_sgn(ctx->t3) != 0;
    mpz_mul_ui(ctx->r, ctx->r, 10);
    if (sticky) {
        if (neg)
            mpz_sub_ui(ctx->r, ctx->r, 1);
        else
            mpz_add_ui(ctx->r, ctx->r, 1);
    }
    e -= 1;
    round_z(ctx, ctx->r, &e);
    store_z(r, ctx->r, e);
}

int mfk__dec_div(mfk__decctx *ctx, mfk__dec *r, const mfk__dec *a,
                 const mfk__dec *b)
{
    if (mfk__dec_sgn(b) == 0)
        return MFK_ERANGE;
    if (mfk__dec_sgn(a) == 0) {
        mfk__dec_set_si(r, 0);
        return MFK_OK;
    }
#if MFK__DEC_FAST
    if (SMALL(a) && SMALL(b) && div128(r, a, b))
        return MFK_OK;
#endif
    div_z(ctx, r, a, b);
    return MFK_OK;
}
