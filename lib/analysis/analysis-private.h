/* The analysis layer's private parts: the 28-digit decimal arithmetic of
 * the exchange model (lib/analysis/decimal.c); not part of the API. */
#ifndef MUFAKAT_ANALYSIS_PRIVATE_H
#define MUFAKAT_ANALYSIS_PRIVATE_H

#include "model/model-private.h"

#include <gmp.h>

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

typedef struct mfk__dec {
    mfk__u128 m;
    long e;
    int neg, big;
    unsigned nd; /* the digits of m, when not big */
    mpz_t c;
} mfk__dec;

/* Scratch space of the operations; one per thread. */
typedef struct mfk__decctx {
    mpz_t t1, t2, t3, a, b, r;
    mpz_t pow10[128]; /* 10^0 .. 10^127 */
} mfk__decctx;

void mfk__decctx_init(mfk__decctx *ctx);
void mfk__decctx_clear(mfk__decctx *ctx);

void mfk__dec_init(mfk__dec *x);
void mfk__dec_clear(mfk__dec *x);
void mfk__dec_set(mfk__dec *r, const mfk__dec *a);
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
/* A quick value, relative error about 1e-15: for ordering, not output. */
double mfk__dec_approx(const mfk__dec *a);
/* The decimal string (plain digits and exponent, "-125E-1"); into buf of
 * size bytes, truncated when short. */
void mfk__dec_get_str(const mfk__dec *a, char *buf, size_t size);

int mfk__dec_sgn(const mfk__dec *a);
int mfk__dec_cmp(mfk__decctx *ctx, const mfk__dec *a, const mfk__dec *b);
void mfk__dec_abs(mfk__dec *r, const mfk__dec *a);
void mfk__dec_neg(mfk__dec *r, const mfk__dec *a);
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
