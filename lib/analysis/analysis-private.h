/* The analysis layer's private parts: the 28-digit decimal arithmetic of
 * the exchange model (lib/analysis/decimal.c); not part of the API. */
#ifndef MUFAKAT_ANALYSIS_PRIVATE_H
#define MUFAKAT_ANALYSIS_PRIVATE_H

#include "model/model-private.h"

#include <gmp.h>
#include <stdint.h>

/* A decimal number c * 10^e, c a GMP integer: the numbers of the exchange
 * model's reference program, which computes in decimal arithmetic of 28
 * significant digits, rounding half to even after every operation.
 * Operands may carry more digits (exact constants); every result of an
 * operation below is rounded to MFK__DEC_DIGITS digits. */
#define MFK__DEC_DIGITS 28

/* A number is held in 128 bits, value (neg ? -m : m) * 10^e, whenever its
 * coefficient fits (every result of an operation does); only exact
 * constants of more digits use the GMP integer c (big). */
#if defined(__SIZEOF_INT128__) && GMP_LIMB_BITS == 64 && !GMP_NAIL_BITS
#define MFK__DEC_FAST 1
typedef unsigned __int128 mfk__u128;
#else
#define MFK__DEC_FAST 0
typedef unsigned long long mfk__u128;
#endif

/* 32 bytes, by value: a GMP integer only for a big coefficient, on the
 * heap (GMP's allocator), made the first time a number needs one. The
 * exponents stay within 32 bits: a result's is at most the sum or the
 * difference of its operands' and 39, and the readers' at most 100,000
 * and 512 digits, far from 2^31 for any computation of the model's. */
typedef struct mfk__dec {
    mfk__u128 m;
    int32_t e;
    unsigned char neg, big;
    unsigned char nd; /* the digits of m, when not big */
    mpz_ptr c;        /* when big; NULL before the first */
} mfk__dec;

/* Scratch space of the operations; one per thread. */
typedef struct mfk__decctx {
    mpz_t t1, t2, t3, a, b, r;
    mpz_t pow10[128]; /* 10^0 .. 10^127 */
} mfk__decctx;

/* 1e-10 as a double, 1.0000000000000000364321973154977...E-10, rounded
 * down to 28 digits (Python: Context(prec=28, rounding=ROUND_FLOOR)
 * .plus(Decimal(1e-10))): no number of 28 digits lies between the two,
 * so the exchange model compares its results with this one in 128 bits
 * where the reference program compares with the double. */
#define MFK__EPS10_BELOW "1000000000000000036432197315E-37"

void mfk__decctx_init(mfk__decctx *ctx);
/* x's GMP integer, made (initialised, 0) when x has none. */
mpz_ptr mfk__dec_z(mfk__dec *x);
void mfk__decctx_clear(mfk__decctx *ctx);

void mfk__dec_init(mfk__dec *x);
void mfk__dec_clear(mfk__dec *x);
void mfk__dec_set_si(mfk__dec *r, long v);
/* Exactly the number a decimal string gives ("-12.5", "3e-7"); MFK_EINVAL
 * when it is not one. */
int mfk__dec_set_str(mfk__dec *r, const char *s);
/* Exactly the binary value of a double (as Python's Decimal(float)). */
void mfk__dec_set_double_exact(mfk__dec *r, double v);
/* The double nearest the shortest decimal that reads back as v: the
 * number a reader of "0.95" meant, 0.95 itself. */
int mfk__dec_set_double_short(mfk__dec *r, double v);
double mfk__dec_get_d(const mfk__dec *a);
/* A quick value, relative error about 1e-15: for ordering, not output;
 * mfk__dec_approx below, inline, takes a small number of exponent -64 to
 * 64 itself. */
double mfk__dec_approx_any(const mfk__dec *a);
extern const double mfk__dec_p10d[129]; /* 10^-64 .. 10^64 */
/* The decimal string (plain digits and exponent, "-125E-1"); into buf of
 * size bytes, truncated when short. */
void mfk__dec_get_str(const mfk__dec *a, char *buf, size_t size);

/* The comparison of any two numbers; mfk__dec_cmp below, inline, takes
 * two small ones itself. */
int mfk__dec_cmp_any(mfk__decctx *ctx, const mfk__dec *a, const mfk__dec *b);

#if MFK__DEC_FAST
extern const mfk__u128 mfk__dec_p10[39]; /* 10^0 .. 10^38 */
#endif

/* -1, 0 or 1 as a < b, a = b or a > b. */
static inline int mfk__dec_cmp(mfk__decctx *ctx, const mfk__dec *a,
                               const mfk__dec *b)
{
#if MFK__DEC_FAST
    if (!a->big && !b->big) {
        int sa = a->m == 0 ? 0 : a->neg ? -1 : 1;
        int sb = b->m == 0 ? 0 : b->neg ? -1 : 1;
        long da, db;
        mfk__u128 va = a->m, vb = b->m;
        if (sa != sb || sa == 0)
            return sa < sb ? -1 : sa > sb;
        da = (long)a->nd + a->e;
        db = (long)b->nd + b->e;
        if (da != db)
            return da < db ? -sa : sa;
        /* the same leading place: align on the smaller exponent, within
         * the digits of the longer */
        if (a->e > b->e)
            va *= mfk__dec_p10[a->e - b->e];
        else
            vb *= mfk__dec_p10[b->e - a->e];
        return va > vb ? sa : va < vb ? -sa : 0;
    }
#endif
    return mfk__dec_cmp_any(ctx, a, b);
}

static inline double mfk__dec_approx(const mfk__dec *a)
{
#if MFK__DEC_FAST
    if (!a->big && a->e >= -64 && a->e <= 64) {
        /* m < 2^127: its high word converts as a signed one */
        double m = (double)(int64_t)(a->m >> 64) * 18446744073709551616.0 +
                   (double)(uint64_t)a->m;
        return (a->neg ? -m : m) * mfk__dec_p10d[a->e + 64];
    }
#endif
    return mfk__dec_approx_any(a);
}

/* The exact ones, inline: a copy, the sign, |a|, -a. */
static inline void mfk__dec_set(mfk__dec *r, const mfk__dec *a)
{
    if (r == a)
        return;
    r->m = a->m;
    r->e = a->e;
    r->neg = a->neg;
    r->big = a->big;
    r->nd = a->nd;
    if (a->big)
        mpz_set(mfk__dec_z(r), a->c);
}

static inline int mfk__dec_sgn(const mfk__dec *a)
{
    if (!a->big)
        return a->m == 0 ? 0 : a->neg ? -1 : 1;
    return mpz_sgn(a->c);
}

static inline void mfk__dec_abs(mfk__dec *r, const mfk__dec *a)
{
    mfk__dec_set(r, a);
    r->neg = 0;
    if (r->big)
        mpz_abs(r->c, r->c);
}

static inline void mfk__dec_neg(mfk__dec *r, const mfk__dec *a)
{
    mfk__dec_set(r, a);
    if (r->big)
        mpz_neg(r->c, r->c);
    else
        r->neg = r->m != 0 && !r->neg;
}

void mfk__dec_add(mfk__decctx *ctx, mfk__dec *r, const mfk__dec *a,
                  const mfk__dec *b);
void mfk__dec_sub(mfk__decctx *ctx, mfk__dec *r, const mfk__dec *a,
                  const mfk__dec *b);
void mfk__dec_mul(mfk__decctx *ctx, mfk__dec *r, const mfk__dec *a,
                  const mfk__dec *b);
/* MFK_ERANGE when b is zero (r unchanged). */
int mfk__dec_div(mfk__decctx *ctx, mfk__dec *r, const mfk__dec *a,
                 const mfk__dec *b);


/* ---- predictions ----------------------------------------------------- */

struct mfk_prediction {
    mfk_allocator alloc;
    mfk_predict_model model;
    unsigned dims;
    double outcome[MFK_MAX_DIMS];
    /* the exchange model's rounds: start[r * dims + k], after[...], and
     * the exchanges of round r, x[first[r]] to x[first[r + 1] - 1] */
    unsigned rounds;
    double *start, *after;
    size_t *first;
    mfk_exchange *x;
    size_t nx, xcap;
};

/* The exchange model's input, one array of n * dims numbers a quantity
 * (member-major), on each issue's own scale; in[k] lists the members
 * taking part in issue k, count[k] of them, in the order in which they
 * are counted. */
struct mfk__xinput {
    size_t n;
    unsigned dims;
    const double *pos, *sal, *cap;
    const size_t *in;      /* dims * n */
    const size_t *count;   /* dims */
    const double *lo, *hi; /* dims */
};

/* Runs `rounds` rounds of the exchange model into p (its dims set). */
int mfk__exchange_run(mfk_prediction *p, const struct mfk__xinput *in,
                      unsigned rounds);

#endif
