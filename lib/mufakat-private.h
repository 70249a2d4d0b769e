/* Internal declarations shared by the files of lib/; not part of the API. */
#ifndef MUFAKAT_PRIVATE_H
#define MUFAKAT_PRIVATE_H

#include "mufakat.h"

#include <math.h>
#include <stddef.h>

/* ---- memory ---------------------------------------------------------- */

/* Copies *src into *dst, or the C library's functions when src is NULL. */
void mfk__alloc_init(mfk_allocator *dst, const mfk_allocator *src);
void *mfk__malloc(const mfk_allocator *a, size_t size);
/* n * size bytes, zeroed; NULL on overflow. */
void *mfk__calloc(const mfk_allocator *a, size_t n, size_t size);
/* Grows *p to n * size bytes; *p is unchanged on failure. */
int mfk__grow(const mfk_allocator *a, void **p, size_t n, size_t size);
void mfk__free(const mfk_allocator *a, void *p);
char *mfk__strdup(const mfk_allocator *a, const char *s);

/* ---- body ------------------------------------------------------------ */

struct mfk__user_principle {
    char *name;
    mfk_mode mode;
    mfk_principle_fn check;
    void *ud;
};

struct mfk_body {
    mfk_allocator alloc;
    char *name;
    unsigned dims;
    /* members, struct of arrays, roster order */
    size_t n, cap;
    char **id;
    char **mname;
    double *weight;
    double *tolerance;
    double *ideal;    /* cap * dims */
    double *salience; /* cap * dims */
    unsigned char *has_ideal;
    size_t n_ideal;
    /* observers */
    size_t nobs, obscap;
    char **obs_id;
    char **obs_name;
    int has_chair;
    size_t chair;
    /* settings */
    mfk_rule rule;
    mfk_mode modes[MFK_PRINCIPLE_COUNT];
    unsigned flexible_pillars;
    unsigned max_rounds;
    mfk_fallback fallback;
    struct mfk__user_principle *up;
    size_t nup, upcap;
    /* proposals made on this body; while any live the roster is fixed */
    size_t users;
};

/* ---- proposal -------------------------------------------------------- */

struct mfk__version {
    char *text;
    int has_position;
    double position[MFK_MAX_DIMS];
};

struct mfk_proposal {
    mfk_allocator alloc;
    mfk_body *body;
    char *id;
    char *title;
    mfk_pillar pillar;
    mfk_component component;
    unsigned measures;
    unsigned char *roles; /* body->n at creation */
    int has_rule;
    mfk_rule rule;
    unsigned max_rounds; /* 0: the body's */
    int fallback;        /* -1: the body's */
    int has_status_quo;
    double status_quo[MFK_MAX_DIMS];
    size_t nver, vercap;
    struct mfk__version *ver; /* ver[nver - 1] is the current text */
};

/* Drops every version after the first `keep` (at least 1). */
void mfk__proposal_truncate(mfk_proposal *prop, size_t keep);

/* ---- rules ----------------------------------------------------------- */

static inline int mfk__in_favour(unsigned char s)
{
    return s <= MFK_RESERVATION;
}

/* Rule parameters are valid for a body of n members. */
int mfk__rule_check(const mfk_rule *rule);

/* ---- behaviour ------------------------------------------------------- */

/* d(x) for member i: sqrt(sum_k salience_ik (x_k - ideal_ik)^2). */
double mfk__distance(const mfk_body *body, size_t i, const double *x);

/* The default chair's choice in one dimension, given [lo, hi], the exact
 * run of doubles that no member objects to: the point of it nearest pos;
 * where that is the status quo, the middle of the run's part on its far
 * side; rounded to the fewest decimals that move it by at most 1% of the
 * run and keep it in the run. MFK_OK and *y, or MFK_DONE when the text
 * should stay where it is, which it does when the run is no wider than
 * MFK__RUN_MIN times `scale` (see mfk__chair_scale_1d): so narrow that
 * only rounding opened it. mfk_chair_default() and the simulator's fast
 * path share it. */
int mfk__chair_pick_1d(double lo, double hi, double pos, double sq,
                       double scale, double *y);

/* A run of the default chair no wider than this share of the scale of
 * the positions is the status quo alone: rounding, not room to move. */
#define MFK__RUN_MIN 0x1p-40

/* The scale of the positions of a one-dimensional consultation, as the
 * chair weighs its run: |sq| + the largest |x_i| + the smaller of |lo|
 * and |hi| of the run's real-number estimate when both are finite; every
 * rounding error of the run is within 2^-48 of it. */
static inline double mfk__chair_scale_1d(double sq, double xmax, double lo,
                                         double hi)
{
    double s = fabs(sq) + xmax;
    if (lo > -HUGE_VAL && hi < HUGE_VAL)
        s += fabs(lo) < fabs(hi) ? fabs(lo) : fabs(hi);
    return s;
}

/* ---- principles ------------------------------------------------------ */

/* The admissibility checks; violation slots get members marked (one byte
 * per member, slot-major: (MFK_PRINCIPLE_COUNT + nup) * n) and present[]
 * set for every principle broken in enforce or report. */
int mfk__admissibility(const mfk_body *body, const mfk_proposal *prop,
                       unsigned char *members, unsigned char *present,
                       int *admissible);

/* ---- readers --------------------------------------------------------- */

/* A reader's place in the document, as a JSON Pointer being built. */
typedef struct mfk__path {
    char buf[256];
    size_t len;
} mfk__path;

void mfk__path_push_key(mfk__path *p, const char *key, size_t *saved);
void mfk__path_push_index(mfk__path *p, size_t i, size_t *saved);
void mfk__path_pop(mfk__path *p, size_t saved);

/* Fills err (which may be NULL) and returns code. */
int mfk__error_set(mfk_error *err, int code, const mfk__path *path,
                   const char *fmt, ...)
#ifdef __GNUC__
    __attribute__((format(printf, 4, 5)))
#endif
    ;
void mfk__error_clear(mfk_error *err);

/* The scenario builder over the data model (jansson's values), shared by
 * the JSON and CBOR readers. root is borrowed. */
struct json_t;
int mfk__scenario_from_value(mfk_scenario **out, struct json_t *root,
                             const mfk_allocator *alloc, mfk_error *err);

/* BEGIN sim */
/* ---- sim ------------------------------------------------------------- */

/* xoshiro256**, inline for the simulator's inner loops. */
static inline unsigned long long mfk__rotl(unsigned long long x, int k)
{
    return (x << k) | (x >> (64 - k));
}

static inline unsigned long long mfk__rng_next(mfk_rng *r)
{
    unsigned long long *s = r->s;
    unsigned long long out = mfk__rotl(s[1] * 5, 7) * 9;
    unsigned long long t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = mfk__rotl(s[3], 45);
    return out;
}

/* Uniform in [0, 1): the top 53 bits times 2^-53. */
static inline double mfk__rng_uniform(mfk_rng *r)
{
    return (double)(mfk__rng_next(r) >> 11) * 0x1.0p-53;
}

/* The high 64 bits of x * n, and the low ones in *low. */
static inline unsigned long long mfk__mul_hi(unsigned long long x,
                                             unsigned long long n,
                                             unsigned long long *low)
{
#ifdef __SIZEOF_INT128__
    unsigned __int128 m = (unsigned __int128)x * n;
    *low = (unsigned long long)m;
    return (unsigned long long)(m >> 64);
#else
    unsigned long long xl = x & 0xffffffffULL, xh = x >> 32;
    unsigned long long nl = n & 0xffffffffULL, nh = n >> 32;
    unsigned long long ll = xl * nl, lh = xl * nh, hl = xh * nl;
    unsigned long long mid = (ll >> 32) + (lh & 0xffffffffULL) +
                             (hl & 0xffffffffULL);
    *low = (mid << 32) | (ll & 0xffffffffULL);
    return xh * nh + (lh >> 32) + (hl >> 32) + (mid >> 32);
#endif
}

/* An integer uniform in [0, n), n > 0: the high half of an output u
 * (drawn from r) times n, rejecting the few outputs whose low half shows
 * they would favour some values, and drawing again from r (Lemire's
 * method: one multiplication, and a division only in the rare case that
 * needs it). */
static inline unsigned long long mfk__rng_below_from(mfk_rng *r,
                                                     unsigned long long u,
                                                     unsigned long long n)
{
    unsigned long long low, hi = mfk__mul_hi(u, n, &low);
    if (low < n) {
        unsigned long long t = (0 - n) % n;
        while (low < t)
            hi = mfk__mul_hi(mfk__rng_next(r), n, &low);
    }
    return hi;
}

/* The same from the stream's next output. */
static inline unsigned long long mfk__rng_below(mfk_rng *r,
                                                unsigned long long n)
{
    return mfk__rng_below_from(r, mfk__rng_next(r), n);
}

/* Uniform on the grid of 2^-32 in [0, 1) from 32 bits of an output. */
static inline double mfk__u32_unit(unsigned long long bits)
{
    return (double)(bits & 0xffffffffULL) * 0x1.0p-32;
}

/* SplitMix64, which seeds the streams. */
static inline unsigned long long mfk__splitmix(unsigned long long *state)
{
    unsigned long long z = (*state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

/* mfk_rng_seed() in two steps, so that the simulator mixes a seed once
 * for all its runs: the seed's mix, then stream `stream` from it. */
static inline unsigned long long mfk__rng_seed_mix(unsigned long long seed)
{
    return mfk__splitmix(&seed);
}

static inline void mfk__rng_seed_stream(mfk_rng *rng, unsigned long long mix,
                                        unsigned long long stream)
{
    unsigned long long x = mix ^ stream;
    x = mfk__splitmix(&x);
    rng->s[0] = mfk__splitmix(&x);
    rng->s[1] = mfk__splitmix(&x);
    rng->s[2] = mfk__splitmix(&x);
    rng->s[3] = mfk__splitmix(&x);
}
/* END sim */

#endif
