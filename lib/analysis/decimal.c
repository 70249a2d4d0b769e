/* Decimal arithmetic of 28 significant digits, rounding half to even after
 * every operation, on GMP integers: the arithmetic in which the exchange
 * model's reference program computes (lib/analysis/exchange.c). Each
 * result is the exact result of the operation rounded once to 28 digits,
 * so the numbers are those of any correctly rounded decimal arithmetic of
 * that precision (IEEE 754 decimal, General Decimal Arithmetic); the tests
 * hold them to Python's decimal module. Only the value of a number
 * matters here: the exponent of a result is not the "ideal" exponent of
 * those standards, and a zero has no sign. */
#include "analysis-private.h"

#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NPOW (sizeof ((mfk__decctx *)0)->pow10 / sizeof(mpz_t))

void mfk__decctx_init(mfk__decctx *ctx)
{
    size_t i;
    mpz_inits(ctx->t1, ctx->t2, ctx->t3, NULL);
    mpz_init_set_ui(ctx->pow10[0], 1);
    for (i = 1; i < NPOW; i++) {
        mpz_init(ctx->pow10[i]);
        mpz_mul_ui(ctx->pow10[i], ctx->pow10[i - 1], 10);
    }
}

void mfk__decctx_clear(mfk__decctx *ctx)
{
    size_t i;
    mpz_clears(ctx->t1, ctx->t2, ctx->t3, NULL);
    for (i = 0; i < NPOW; i++)
        mpz_clear(ctx->pow10[i]);
}

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

/* Rounds r to MFK__DEC_DIGITS digits, half to even. */
static void round28(mfk__decctx *ctx, mfk__dec *r)
{
    size_t d;
    unsigned long shift;
    int cmp;

    if (mpz_sgn(r->c) == 0)
        return;
    d = digits(ctx, r->c);
    if (d <= MFK__DEC_DIGITS)
        return;
    shift = (unsigned long)(d - MFK__DEC_DIGITS);
    if (shift < NPOW) {
        mpz_tdiv_qr(ctx->t1, ctx->t2, r->c, ctx->pow10[shift]);
        mpz_mul_2exp(ctx->t2, ctx->t2, 1);
        cmp = mpz_cmpabs(ctx->t2, ctx->pow10[shift]);
    } else {
        mpz_ui_pow_ui(ctx->t3, 10, shift);
        mpz_tdiv_qr(ctx->t1, ctx->t2, r->c, ctx->t3);
        mpz_mul_2exp(ctx->t2, ctx->t2, 1);
        cmp = mpz_cmpabs(ctx->t2, ctx->t3);
    }
    if (cmp > 0 || (cmp == 0 && mpz_odd_p(ctx->t1))) {
        if (mpz_sgn(r->c) > 0)
            mpz_add_ui(ctx->t1, ctx->t1, 1);
        else
            mpz_sub_ui(ctx->t1, ctx->t1, 1);
        if (mpz_cmpabs(ctx->t1, ctx->pow10[MFK__DEC_DIGITS]) == 0) {
            mpz_tdiv_q_ui(ctx->t1, ctx->t1, 10);
            shift++;
        }
    }
    mpz_swap(r->c, ctx->t1);
    r->e += (long)shift;
}

/* ---- a fast path in 128-bit integers --------------------------------- */

/* Where the operands and the exact result fit in 128 bits (coefficients
 * of at most 38 digits), the operations compute in native integers; the
 * results are the same, only sooner. */
#if defined(__SIZEOF_INT128__) && GMP_LIMB_BITS == 64 && !GMP_NAIL_BITS
#define FAST 1
typedef unsigned __int128 u128;

static u128 p10_128(unsigned k)
{
    static u128 t[39];
    static int ready;
    if (!ready) { /* harmless if two threads race: same values */
        unsigned i;
        t[0] = 1;
        for (i = 1; i < 39; i++)
            t[i] = t[i - 1] * 10;
        ready = 1;
    }
    return t[k];
}

static int get128(const mpz_t c, u128 *v)
{
    size_t n = mpz_size(c);
    const mp_limb_t *l;
    if (n > 2)
        return 0;
    l = mpz_limbs_read(c);
    *v = n == 0 ? 0 : n == 1 ? (u128)l[0] : ((u128)l[1] << 64) | l[0];
    return 1;
}

static void set128(mpz_t c, u128 v, int neg)
{
    mp_limb_t *l = mpz_limbs_write(c, 2);
    mp_size_t n;
    l[0] = (mp_limb_t)v;
    l[1] = (mp_limb_t)(v >> 64);
    n = l[1] ? 2 : l[0] ? 1 : 0;
    mpz_limbs_finish(c, neg ? -n : n);
}

static unsigned digits128(u128 v)
{
    unsigned b, n;
    uint64_t hi = (uint64_t)(v >> 64);
    if (v == 0)
        return 1;
    b = hi ? 128 - (unsigned)__builtin_clzll(hi)
           : 64 - (unsigned)__builtin_clzll((uint64_t)v);
    n = (((b - 1) * 1233u) >> 12) + 1; /* 1233 / 4096 < log10 2 */
    while (n < 39 && v >= p10_128(n))
        n++;
    return n;
}

/* r = (neg ? -v : v) * 10^e rounded to 28 digits. */
static void finish128(mfk__dec *r, u128 v, int neg, long e)
{
    unsigned d = digits128(v), shift;
    if (d > MFK__DEC_DIGITS) {
        u128 p, q, rem, half;
        shift = d - MFK__DEC_DIGITS;
        p = p10_128(shift);
        q = v / p;
        rem = v - q * p;
        half = p / 2; /* p is even */
        if (rem > half || (rem == half && (q & 1)))
            q++;
        if (q == p10_128(MFK__DEC_DIGITS)) {
            q /= 10;
            shift++;
        }
        v = q;
        e += (long)shift;
    }
    set128(r->c, v, neg && v != 0);
    r->e = e;
}

static int add128(mfk__dec *r, const mfk__dec *a, const mfk__dec *b,
                  int sub)
{
    u128 va, vb, v;
    int na, nb, neg;
    long e;
    unsigned d;
    if (!get128(a->c, &va) || !get128(b->c, &vb))
        return 0;
    na = mpz_sgn(a->c) < 0;
    nb = (mpz_sgn(b->c) < 0) != sub;
    if (a->e >= b->e) {
        d = (unsigned)(a->e - b->e);
        if (va != 0 && (d > 38 || digits128(va) + d > 38))
            return 0;
        va *= p10_128(d > 38 ? 0 : d);
        e = b->e;
    } else {
        d = (unsigned)(b->e - a->e);
        if (vb != 0 && (d > 38 || digits128(vb) + d > 38))
            return 0;
        vb *= p10_128(d > 38 ? 0 : d);
        e = a->e;
    }
    if (na == nb) {
        v = va + vb;
        neg = na;
        if (v < va)
            return 0; /* cannot happen below 10^38 each; be safe */
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

static int mul128(mfk__dec *r, const mfk__dec *a, const mfk__dec *b)
{
    u128 va, vb;
    int neg;
    if (!get128(a->c, &va) || !get128(b->c, &vb))
        return 0;
    if (va != 0 && vb != 0 && digits128(va) + digits128(vb) > 38)
        return 0;
    neg = (mpz_sgn(a->c) < 0) != (mpz_sgn(b->c) < 0);
    finish128(r, va * vb, neg, a->e + b->e);
    return 1;
}

static int div128(mfk__dec *r, const mfk__dec *a, const mfk__dec *b)
{
    u128 va, vb, n, q, rem;
    unsigned da, db;
    long shift;
    int neg;
    if (!get128(a->c, &va) || !get128(b->c, &vb) || va == 0 || vb == 0)
        return 0;
    da = digits128(va);
    db = digits128(vb);
    shift = MFK__DEC_DIGITS + 1 + (long)db - (long)da;
    if (shift < 0)
        shift = 0;
    if (da + (unsigned)shift > 37)
        return 0;
    n = va * p10_128((unsigned)shift);
    q = n / vb;
    rem = n - q * vb;
    neg = (mpz_sgn(a->c) < 0) != (mpz_sgn(b->c) < 0);
    if (digits128(q) > 37)
        return 0;
    finish128(r, q * 10 + (rem != 0), neg, a->e - b->e - shift - 1);
    return 1;
}
#else
#define FAST 0
#endif

void mfk__dec_init(mfk__dec *x)
{
    mpz_init(x->c);
    x->e = 0;
}

void mfk__dec_clear(mfk__dec *x) { mpz_clear(x->c); }

void mfk__dec_set(mfk__dec *r, const mfk__dec *a)
{
    if (r != a) {
        mpz_set(r->c, a->c);
        r->e = a->e;
    }
}

void mfk__dec_set_si(mfk__dec *r, long v)
{
    mpz_set_si(r->c, v);
    r->e = 0;
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
    mpz_set_str(r->c, digs, 10);
    if (neg)
        mpz_neg(r->c, r->c);
    r->e = e;
    return MFK_OK;
}

void mfk__dec_set_double_exact(mfk__dec *r, double v)
{
    int ex;
    double m = frexp(v, &ex); /* v = m * 2^ex, 0.5 <= |m| < 1 */
    /* v = (m * 2^53) * 2^(ex - 53), the first factor an integer */
    mpz_set_d(r->c, ldexp(m, DBL_MANT_DIG));
    ex -= DBL_MANT_DIG;
    r->e = 0;
    if (ex >= 0) {
        mpz_mul_2exp(r->c, r->c, (unsigned long)ex);
    } else {
        /* c / 2^k = c * 5^k / 10^k */
        mpz_t five;
        mpz_init(five);
        mpz_ui_pow_ui(five, 5, (unsigned long)-ex);
        mpz_mul(r->c, r->c, five);
        mpz_clear(five);
        r->e = ex;
    }
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

void mfk__dec_get_str(const mfk__dec *a, char *buf, size_t size)
{
    char digs[96];
    if (mpz_sizeinbase(a->c, 10) + 2 > sizeof digs) {
        snprintf(buf, size, "%.17g", mfk__dec_get_d(a));
        return;
    }
    mpz_get_str(digs, 10, a->c);
    snprintf(buf, size, "%sE%ld", digs, a->e);
}

double mfk__dec_get_d(const mfk__dec *a)
{
    char digs[96], s[128];
    if (mpz_sgn(a->c) == 0)
        return 0;
    if (mpz_sizeinbase(a->c, 10) + 2 > sizeof digs)
        return mpz_get_d(a->c) * pow(10, (double)a->e);
    mpz_get_str(digs, 10, a->c);
    snprintf(s, sizeof s, "%se%ld", digs, a->e);
    return strtod(s, NULL);
}

int mfk__dec_sgn(const mfk__dec *a) { return mpz_sgn(a->c); }

int mfk__dec_cmp(mfk__decctx *ctx, const mfk__dec *a, const mfk__dec *b)
{
    int sa = mpz_sgn(a->c), sb = mpz_sgn(b->c);
    long da, db;
    if (sa != sb || sa == 0)
        return sa < sb ? -1 : sa > sb;
    /* same sign: compare the magnitudes by their leading digit's place */
    da = (long)digits(ctx, a->c) + a->e;
    db = (long)digits(ctx, b->c) + b->e;
    if (da != db)
        return (da < db ? -1 : 1) * sa;
    if (a->e == b->e)
        return mpz_cmp(a->c, b->c);
    if (a->e > b->e) {
        mul_pow10(ctx, ctx->t3, a->c, (unsigned long)(a->e - b->e));
        return mpz_cmp(ctx->t3, b->c);
    }
    mul_pow10(ctx, ctx->t3, b->c, (unsigned long)(b->e - a->e));
    return mpz_cmp(a->c, ctx->t3);
}

void mfk__dec_abs(mfk__dec *r, const mfk__dec *a)
{
    mfk__dec_set(r, a);
    mpz_abs(r->c, r->c);
}

void mfk__dec_neg(mfk__dec *r, const mfk__dec *a)
{
    mfk__dec_set(r, a);
    mpz_neg(r->c, r->c);
}

static void addsub(mfk__decctx *ctx, mfk__dec *r, const mfk__dec *a,
                   const mfk__dec *b, int sub)
{
    long e;
#if FAST
    if (add128(r, a, b, sub))
        return;
#endif
    if (mpz_sgn(b->c) == 0) {
        mfk__dec_set(r, a);
    } else if (mpz_sgn(a->c) == 0) {
        mfk__dec_set(r, b);
        if (sub)
            mpz_neg(r->c, r->c);
    } else {
        /* t1 = a and t2 = b at the smaller exponent */
        e = a->e < b->e ? a->e : b->e;
        mul_pow10(ctx, ctx->t1, a->c, (unsigned long)(a->e - e));
        mul_pow10(ctx, ctx->t2, b->c, (unsigned long)(b->e - e));
        if (sub)
            mpz_sub(r->c, ctx->t1, ctx->t2);
        else
            mpz_add(r->c, ctx->t1, ctx->t2);
        r->e = e;
    }
    round28(ctx, r);
}

void mfk__dec_add(mfk__decctx *ctx, mfk__dec *r, const mfk__dec *a,
                  const mfk__dec *b)
{
    addsub(ctx, r, a, b, 0);
}

void mfk__dec_sub(mfk__decctx *ctx, mfk__dec *r, const mfk__dec *a,
                  const mfk__dec *b)
{
    addsub(ctx, r, a, b, 1);
}

void mfk__dec_mul(mfk__decctx *ctx, mfk__dec *r, const mfk__dec *a,
                  const mfk__dec *b)
{
#if FAST
    if (mul128(r, a, b))
        return;
#endif
    mpz_mul(r->c, a->c, b->c);
    r->e = a->e + b->e;
    round28(ctx, r);
}

int mfk__dec_div(mfk__decctx *ctx, mfk__dec *r, const mfk__dec *a,
                 const mfk__dec *b)
{
    long shift, e;
    int sticky, neg;

    if (mpz_sgn(b->c) == 0)
        return MFK_ERANGE;
    if (mpz_sgn(a->c) == 0) {
        mpz_set_ui(r->c, 0);
        r->e = 0;
        return MFK_OK;
    }
#if FAST
    if (div128(r, a, b))
        return MFK_OK;
#endif
    /* a * 10^shift / b has at least 29 digits: the quotient's 28 and one
     * more; the remainder decides the rest as a sticky digit */
    shift = MFK__DEC_DIGITS + 1 + (long)digits(ctx, b->c) -
            (long)digits(ctx, a->c);
    if (shift < 0)
        shift = 0;
    e = a->e - b->e - shift;
    neg = mpz_sgn(a->c) != mpz_sgn(b->c);
    mul_pow10(ctx, ctx->t1, a->c, (unsigned long)shift);
    mpz_tdiv_qr(ctx->t2, ctx->t3, ctx->t1, b->c);
    sticky = mpz_sgn(ctx->t3) != 0;
    mpz_mul_ui(r->c, ctx->t2, 10);
    if (sticky) {
        if (neg)
            mpz_sub_ui(r->c, r->c, 1);
        else
            mpz_add_ui(r->c, r->c, 1);
    }
    r->e = e - 1;
    round28(ctx, r);
    return MFK_OK;
}
