/* Analysis: voting power of simple games.
 *
 * Counts come from generating functions held as tables of exact integers
 * (GMP's mpn layer on limb arrays from the game's allocator, so that no
 * memory escapes the allocator and nothing aborts): c[s][k] is the number
 * of coalitions of s players whose weight is k, the weights at or above
 * the quota folded into one cell. A player's own table, the coalitions of
 * the others, is the full one with the player divided out again, once per
 * distinct weight: O(n q) cells, each updated once per player. */
#include "analysis/power-private.h"

#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* ---- the game -------------------------------------------------------- */

static void results_free(mfk_game *g)
{
    int k;
    mfk__free(&g->alloc, g->swings);
    mfk__free(&g->alloc, g->pivots);
    mfk__free(&g->alloc, g->winning);
    mfk__free(&g->alloc, g->losing);
    mfk__free(&g->alloc, g->swing_sum);
    mfk__free(&g->alloc, g->fact_n);
    g->swings = g->pivots = g->winning = g->losing = NULL;
    g->swing_sum = g->fact_n = NULL;
    g->computed = 0;
    mfk__free(&g->alloc, g->dp);
    mfk__free(&g->alloc, g->pg);
    mfk__free(&g->alloc, g->johnston);
    g->dp = g->pg = g->johnston = NULL;
    for (k = 0; k < 2; k++) {
        mfk__free(&g->alloc, g->approx[k]);
        mfk__free(&g->alloc, g->error[k]);
        g->approx[k] = g->error[k] = NULL;
    }
    g->approximate = 0;
}

int mfk_game_new(mfk_game **out, size_t n, unsigned long quota,
                 const unsigned long *weights, const mfk_allocator *alloc)
{
    mfk_allocator a;
    mfk_game *g;
    unsigned long total = 0;
    size_t i;

    if (out == NULL)
        return MFK_EINVAL;
    *out = NULL;
    if (n == 0 || weights == NULL)
        return MFK_EINVAL;
    for (i = 0; i < n; i++) {
        if (weights[i] > ULONG_MAX / 2 - total)
            return MFK_ERANGE;
        total += weights[i];
    }
    if (quota < 1 || quota > total)
        return MFK_ERANGE;
    mfk__alloc_init(&a, alloc);
    g = mfk__calloc(&a, 1, sizeof *g);
    if (g == NULL)
        return MFK_ENOMEM;
    g->alloc = a;
    g->w = mfk__calloc(&a, n, sizeof *g->w);
    if (g->w == NULL) {
        mfk__free(&a, g);
        return MFK_ENOMEM;
    }
    memcpy(g->w, weights, n * sizeof *weights);
    g->n = n;
    g->quota = quota;
    g->total = total;
    g->scale = 1;
    *out = g;
    return MFK_OK;
}

void mfk_game_free(mfk_game *g)
{
    if (g == NULL)
        return;
    results_free(g);
    mfk__free(&g->alloc, g->w);
    mfk__free(&g->alloc, g);
}

int mfk_game_set_members_quota(mfk_game *g, size_t members)
{
    if (g == NULL)
        return MFK_EINVAL;
    if (members > g->n)
        return MFK_ERANGE;
    if (members != g->members_quota)
        results_free(g);
    g->members_quota = members;
    return MFK_OK;
}

int mfk_game_set_min_blocking(mfk_game *g, size_t blocking)
{
    if (g == NULL)
        return MFK_EINVAL;
    if (blocking > g->n)
        return MFK_ERANGE;
    if (blocking != g->min_blocking)
        results_free(g);
    g->min_blocking = blocking;
    return MFK_OK;
}

size_t mfk_game_player_count(const mfk_game *g)
{
    return g == NULL ? 0 : g->n;
}

unsigned long mfk_game_quota(const mfk_game *g)
{
    return g == NULL ? 0 : g->quota;
}

unsigned long mfk_game_total_weight(const mfk_game *g)
{
    return g == NULL ? 0 : g->total;
}

unsigned long mfk_game_weight(const mfk_game *g, size_t i)
{
    return g == NULL || i >= g->n ? 0 : g->w[i];
}

size_t mfk_game_members_quota(const mfk_game *g)
{
    return g == NULL ? 0 : g->members_quota;
}

size_t mfk_game_min_blocking(const mfk_game *g)
{
    return g == NULL ? 0 : g->min_blocking;
}

unsigned long mfk_game_scale(const mfk_game *g)
{
    return g == NULL ? 0 : g->scale;
}

/* ---- the game of a body's rule ---------------------------------------- */

/* The smallest power of ten up to 10^6 that makes every weight an
 * integer (within rounding), and the weights so scaled. */
static int scale_weights(const mfk_body *b, unsigned long *w,
                         unsigned long *scale)
{
    unsigned long f;
    size_t i;
    for (f = 1; f <= 1000000; f *= 10) {
        int ok = 1;
        for (i = 0; i < b->n && ok; i++) {
            double x = b->weight[i] * (double)f, r = floor(x + 0.5);
            if (r > 1e15 || !mfk__same_amount(x, r))
                ok = 0;
            else
                w[i] = (unsigned long)r;
        }
        if (ok) {
            *scale = f;
            return MFK_OK;
        }
    }
    return MFK_ERANGE;
}

/* The least integer k with k >= x (x a share of an integer total, so
 * that rounding noise does not move it: mfk__same_amount()). */
static unsigned long ceil_share(double x)
{
    double r = floor(x + 0.5);
    if (mfk__same_amount(x, r))
        return (unsigned long)r;
    return (unsigned long)ceil(x);
}

int mfk_game_from_rule(mfk_game **out, const mfk_body *body,
                       const mfk_rule *rule, const mfk_allocator *alloc)
{
    mfk_allocator a;
    unsigned long *w, scale = 1, total = 0, quota = 0;
    size_t n, i, members = 0, blocking = 0;
    int rc, weighted = 0;

    if (out == NULL)
        return MFK_EINVAL;
    *out = NULL;
    if (body == NULL)
        return MFK_EINVAL;
    if (rule == NULL)
        rule = mfk_body_rule(body);
    if ((rc = mfk__rule_check(rule)) != MFK_OK)
        return rc;
    n = body->n;
    if (n == 0)
        return MFK_EINVAL;
    mfk__alloc_init(&a, alloc);
    w = mfk__calloc(&a, n, sizeof *w);
    if (w == NULL)
        return MFK_ENOMEM;
    if (rule->kind == MFK_RULE_CALLBACK) {
        mfk__free(&a, w);
        return MFK_EINVAL;
    }
    /* The members' weights count where the rule's verdict reads them. */
    weighted = mfk__rule_reads_weights(rule);
    if (weighted) {
        rc = scale_weights(body, w, &scale);
        if (rc != MFK_OK) {
            mfk__free(&a, w);
            return rc;
        }
    } else {
        for (i = 0; i < n; i++)
            w[i] = 1;
    }
    for (i = 0; i < n; i++)
        total += w[i];
    /* No default: -Wswitch names a kind without its game. */
    switch (rule->kind) {
    case MFK_RULE_NEGATIVE_CONSENSUS:
        /* Blocked only when everyone is against: any one member carries
         * it (parties are a proposal's, not the body's). */
        quota = 1;
        break;
    case MFK_RULE_MAJORITY: {
        /* In favour > threshold x all members (the base a game has). */
        double x = rule->threshold * (double)total;
        quota = ceil_share(x);
        if ((double)quota <= x || mfk__same_amount((double)quota, x))
            quota++;
        break;
    }
    case MFK_RULE_QUALIFIED_MAJORITY:
        quota = ceil_share(rule->weight_share * (double)total);
        members = (size_t)ceil_share(rule->members_share * (double)n);
        blocking = rule->min_blocking;
        if (blocking > n) {
            mfk__free(&a, w);
            return MFK_ERANGE;
        }
        if (quota == 0)
            quota = 1;
        break;
    case MFK_RULE_WEIGHTED:
        quota = rule->quota <= 0 ? 0 : ceil_share(rule->quota * (double)scale);
        break;
    case MFK_RULE_UNANIMITY:
    case MFK_RULE_CONSENSUS:
    case MFK_RULE_CONSENSUS_MINUS_X: /* with no parties */
    case MFK_RULE_FLEXIBLE:
    case MFK_RULE_SILENCE:
    case MFK_RULE_CALLBACK: /* refused above */
        /* No member can be outvoted (rules.def's outvoted is 0). */
        quota = total;
        break;
    }
    rc = mfk_game_new(out, n, quota, w, &a);
    if (rc == MFK_OK) {
        if (rule->kind == MFK_RULE_QUALIFIED_MAJORITY) {
            (*out)->members_quota = members;
            (*out)->min_blocking = blocking;
        }
        (*out)->scale = scale;
    }
    mfk__free(&a, w);
    return rc;
}

/* ---- computing --------------------------------------------------------- */

/* What compute() shares with its helpers. */
struct work {
    const mfk_game *g;
    size_t n, L;        /* players, limbs of a cell */
    unsigned long q;    /* the quota: cell q holds weights >= q */
    size_t m, nb;       /* members quota; wins from nb members on */
    size_t *order;      /* players by weight, ascending */
    unsigned long *pre; /* pre[j]: weight of the j lightest */
    /* by size: row s spans [lo[s], hi[s]] at cell off[s] */
    unsigned long *lo, *hi;
    size_t *off;
    int sized;               /* a row per coalition size */
    mp_limb_t *c;            /* the full table */
    mp_limb_t *binom;        /* C(n-1, s), s < n, L limbs each */
    mp_limb_t *rowsum;       /* L + 1 limbs */
    mp_limb_t *plus, *minus; /* L + 1 limbs each */
    mp_limb_t *fact;         /* s!(n-1-s)!, s < n, lp limbs each */
    mp_limb_t *tmp;          /* lp + L + 1 limbs */
};

static unsigned long capped(unsigned long x, unsigned long q)
{
    return x < q ? x : q;
}

/* The exact factorials: fact[s] = s!(n-1-s)! for s < n, and n!. */
static int factorials(struct work *k, mfk_game *g)
{
    const mfk_allocator *a = &g->alloc;
    size_t n = k->n, lp = g->lp, s;
    mp_limb_t *f, *p;

    f = mfk__calloc(a, n, lp * sizeof *f); /* f[s] = s! */
    if (f == NULL)
        return MFK_ENOMEM;
    f[0] = 1;
    for (s = 1; s < n; s++) {
        mp_limb_t *prev = f + (s - 1) * lp, *cur = f + s * lp;
        size_t u = limbs_used(prev, lp);
        cur[u] = mpn_mul_1(cur, prev, (mp_size_t)u, (mp_limb_t)s);
    }
    for (s = 0; s < n; s++) {
        mp_limb_t *x = f + s * lp, *y = f + (n - 1 - s) * lp;
        size_t ux = limbs_used(x, lp), uy = limbs_used(y, lp);
        p = k->fact + s * lp;
        memset(p, 0, lp * sizeof *p);
        if (ux >= uy)
            mpn_mul(p, x, (mp_size_t)ux, y, (mp_size_t)uy);
        else
            mpn_mul(p, y, (mp_size_t)uy, x, (mp_size_t)ux);
    }
    /* n! = (n-1)! * n */
    {
        mp_limb_t *last = f + (n - 1) * lp;
        size_t u = limbs_used(last, lp);
        memset(g->fact_n, 0, lp * sizeof *g->fact_n);
        g->fact_n[u] = mpn_mul_1(g->fact_n, last, (mp_size_t)u, (mp_limb_t)n);
    }
    mfk__free(a, f);
    return MFK_OK;
}

/* Adds rowsum (L limbs) to the swing count and rowsum * fact[s] to the
 * pivot count. rowsum is at most C(n-1, s), which is at most
 * s!(n-1-s)! whenever it takes more than one limb (n > 64): the factor
 * is never the shorter one, as mpn_mul() wants. */
static void account(struct work *k, mp_limb_t *swing, mp_limb_t *pivot,
                    size_t s)
{
    const mfk_game *g = k->g;
    size_t u, uf;
    if (limbs_zero(k->rowsum, k->L + 1))
        return;
    mpn_add(swing, swing, (mp_size_t)g->lw, k->rowsum, (mp_size_t)k->L + 1);
    if (pivot == NULL)
        return;
    u = limbs_used(k->rowsum, k->L + 1);
    uf = limbs_used(k->fact + s * g->lp, g->lp);
    memset(k->tmp, 0, (g->lp + k->L + 1) * sizeof *k->tmp);
    mpn_mul(k->tmp, k->fact + s * g->lp, (mp_size_t)uf, k->rowsum,
            (mp_size_t)u);
    mpn_add(pivot, pivot, (mp_size_t)g->lp, k->tmp,
            (mp_size_t)limbs_used(k->tmp, uf + u));
}

/* ---- swings from running sums -----------------------------------------
 *
 * After the forward pass every row is turned into running sums, C[s](x)
 * = coalitions of s players weighing at most x. A player of weight w is
 * divided out of them by an alternating sum: the coalitions of the others
 * weighing at most x (x below the quota) are
 *     D[s](x) = C[s](x) - D[s-1](x - w) = sum_t (-1)^t C[s-t](x - t w),
 * so the coalitions in a window of weights cost min(s, x/w) terms, not
 * a pass over the table. Without sizes the same holds with one row. */

static mp_limb_t *cell(struct work *k, size_t s, unsigned long x)
{
    return k->c + (k->off[s] + (x - k->lo[s])) * k->L;
}

/* C[s](y) for y below the quota; NULL for zero. */
static const mp_limb_t *running(struct work *k, size_t s, unsigned long y)
{
    if (!k->sized)
        return k->c + y * k->L;
    if (y < k->lo[s])
        return NULL;
    if (y > k->hi[s])
        y = k->hi[s]; /* below y, so below the quota too */
    return cell(k, s, y);
}

/* Adds the terms of D[s](x) for a player of weight w to plus (even t)
 * and minus (odd t), or the other way round when flip is set. */
static void alternate(struct work *k, size_t s, unsigned long x,
                      unsigned long w, int flip)
{
    unsigned long t = 0;
    size_t L = k->L;
    for (;;) {
        const mp_limb_t *term = running(k, k->sized ? s - t : 0, x);
        mp_limb_t *acc = ((t & 1) != 0) != (flip != 0) ? k->minus : k->plus;
        if (term != NULL)
            mpn_add(acc, acc, (mp_size_t)L + 1, term, (mp_size_t)L);
        if (x < w || (k->sized && t == s))
            break; /* without sizes w > 0: see swing_range() */
        x -= w;
        t++;
    }
}

/* rowsum = the coalitions of s others (any s without sizes) weighing
 * from a to b, b below the quota or, in a sized table, the quota itself
 * (the cap: every coalition from a up). */
static void window(struct work *k, size_t s, unsigned long w, unsigned long a,
                   unsigned long b)
{
    size_t L = k->L;
    memset(k->plus, 0, (L + 1) * sizeof *k->plus);
    memset(k->minus, 0, (L + 1) * sizeof *k->minus);
    if (b >= k->q)
        mpn_add(k->plus, k->plus, (mp_size_t)L + 1, k->binom + s * L,
                (mp_size_t)L);
    else
        alternate(k, s, b, w, 0);
    if (a > 0)
        alternate(k, s, a - 1, w, 1);
    mpn_sub_n(k->rowsum, k->plus, k->minus, (mp_size_t)L + 1);
}

/* Turns the rows below the quota into running sums. */
static void running_sums(struct work *k)
{
    size_t s, L = k->L;
    unsigned long x;
    if (!k->sized) {
        for (x = 1; x < k->q; x++)
            cell_add(k->c + x * L, k->c + (x - 1) * L, L);
        return;
    }
    for (s = 0; s <= k->n; s++)
        for (x = k->lo[s] + 1; x <= k->hi[s] && x < k->q; x++)
            cell_add(cell(k, s, x), cell(k, s, x - 1), L);
}

/* binom[s] = C(n-1, s), the coalitions of s others. */
static void binomials(struct work *k)
{
    size_t s, L = k->L, n = k->n;
    mp_limb_t *b = k->binom;
    b[0] = 1;
    for (s = 1; s < n; s++) {
        memset(k->plus, 0, (L + 1) * sizeof *k->plus);
        k->plus[L] = mpn_mul_1(k->plus, b + (s - 1) * L, (mp_size_t)L,
                               (mp_limb_t)(n - s));
        mpn_divrem_1(k->plus, 0, k->plus, (mp_size_t)L + 1, (mp_limb_t)s);
        memcpy(b + s * L, k->plus, L * sizeof *b);
    }
}

/* ---- without sizes: weighted games, swings only ---------------------- */

/* Players of one weight w > 0, t of them (2 to GROUP), at once: the
 * table is multiplied by (1 + x^w)^t = sum_k C(t, k) x^(k w) in one pass
 * over it, where one pass a player streamed the whole table through
 * memory t times. Cells below the quota gain C(t, k) times the cell k w
 * lower; the cap 2^t times itself, and each cell from q - t w up times
 * the C(t, k) of the k that lift it to the quota. reach: the highest
 * cell in use before; lt: the limbs of the counts after. */
#define GROUP 62 /* C(62, k) and their sums fit a limb */
static void forward_group(struct work *k, unsigned long w, size_t t,
                          unsigned long reach, size_t lt)
{
    size_t L = k->L, i;
    unsigned long q = k->q, x, top, lo, span;
    mp_limb_t *c = k->c, *cap = c + q * L, binom[GROUP + 1], tail;

    binom[0] = 1;
    for (i = 1; i <= t; i++)
        binom[i] = binom[i - 1] * (mp_limb_t)(t - i + 1) / (mp_limb_t)i;
    mpn_lshift(cap, cap, (mp_size_t)lt, (unsigned)t);
    /* t w, or q when it is more (weights may be near ULONG_MAX / 2) */
    span = w >= q || (unsigned long)t * w >= q ? q : (unsigned long)t * w;
    lo = q - span;
    for (x = lo; x < q && x <= reach; x++) {
        /* the k from ceil((q - x) / w) to t lift x to the quota */
        size_t kmin = (size_t)((q - x + w - 1) / w);
        for (tail = 0, i = kmin; i <= t; i++)
            tail += binom[i];
        mpn_addmul_1(cap, c + x * L, (mp_size_t)lt, tail);
    }
    top = capped(reach + span, q - 1);
    for (x = top; x >= w; x--) {
        size_t kmin = x > reach ? (size_t)((x - reach + w - 1) / w) : 1;
        for (i = kmin; i <= t && (unsigned long)i * w <= x; i++)
            mpn_addmul_1(c + x * L, c + (x - i * w) * L, (mp_size_t)lt,
                         binom[i]);
    }
}

static void forward_flat(struct work *k, const mfk_game *g)
{
    size_t n = k->n, L = k->L, j, e;
    unsigned long q = k->q, x, reach;
    mp_limb_t *c = k->c;

    c[0] = 1;
    for (j = 0; j < n; j = e) {
        unsigned long w = g->w[k->order[j]];
        size_t lj = limbs_for_bits(j + 1); /* at most L */
        reach = capped(k->pre[j], q); /* highest cell in use */
        for (e = j + 1; w > 0 && e < n && e - j < GROUP &&
                        g->w[k->order[e]] == w;
             e++)
            ;
        if (e - j > 1) {
            forward_group(k, w, e - j, reach, limbs_for_bits(e));
            continue;
        }
        if (w == 0) {
            for (x = 0; x <= reach; x++)
                mpn_lshift(c + x * L, c + x * L, (mp_size_t)lj, 1);
            continue;
        }
        /* the cap: twice itself, plus what w lifts to the quota */
        cell_add(c + q * L, c + q * L, lj);
        for (x = q > w ? q - w : 0; x < q && x <= reach; x++)
            cell_add(c + q * L, c + x * L, lj);
        for (x = capped(reach + w, q - 1); x >= w; x--) /* w > 0 */
            cell_add(c + x * L, c + (x - w) * L, lj);
    }
    memcpy(g->winning, c + q * L, L * sizeof *c);
}

/* ---- without sizes, many players: a product of polynomials ------------
 *
 * The table forward_flat() fills is the polynomial prod_w (1 + x^w)^t(w)
 * (t(w) players of weight w) cut below x^q, with the cap the coalitions
 * left: 2^n minus the rest. Multiplied as a tree of products, each by
 * Kronecker substitution: a polynomial is one integer, its coefficients
 * B bits apart, so that one GMP multiplication (by FFT when large)
 * multiplies two polynomials. The coefficients of a product of m players
 * count coalitions, so they are below 2^m and B = m + 1 bits hold them
 * without carries into the next. Pass by pass the old way costs n q
 * limb sums of up to n bits; the tree about q n log(distinct weights)
 * bits through the FFT. */

#define PRODUCT_MIN_PLAYERS 512

struct poly {
    mp_limb_t *d; /* nl limbs, one spare above for field_or() */
    size_t nl, B, len, players;
};

static size_t limbs_of(size_t bits)
{
    return (bits + GMP_NUMB_BITS - 1) / GMP_NUMB_BITS;
}

/* The len bits (1 to 64) of src, nl limbs, from bit pos. */
static mp_limb_t field_get(const mp_limb_t *src, size_t nl, size_t pos,
                           unsigned len)
{
    size_t i = pos / GMP_NUMB_BITS;
    unsigned o = (unsigned)(pos % GMP_NUMB_BITS);
    mp_limb_t v;
    if (i >= nl)
        return 0;
    v = src[i] >> o;
    if (o != 0 && o + len > GMP_NUMB_BITS && i + 1 < nl)
        v |= src[i + 1] << (GMP_NUMB_BITS - o);
    if (len < GMP_NUMB_BITS)
        v &= ((mp_limb_t)1 << len) - 1;
    return v;
}

/* ORs the len bits of v into dst from bit pos. */
static void field_or(mp_limb_t *dst, size_t pos, mp_limb_t v, unsigned len)
{
    size_t i = pos / GMP_NUMB_BITS;
    unsigned o = (unsigned)(pos % GMP_NUMB_BITS);
    dst[i] |= v << o;
    if (o != 0 && o + len > GMP_NUMB_BITS)
        dst[i + 1] |= v >> (GMP_NUMB_BITS - o);
}

/* len bits of src (nl limbs) from bit spos into dst, zero there, from
 * bit dpos. */
static void bits_copy(mp_limb_t *dst, size_t dpos, const mp_limb_t *src,
                      size_t nl, size_t spos, size_t len)
{
    while (len > 0) {
        unsigned c = len > GMP_NUMB_BITS ? GMP_NUMB_BITS : (unsigned)len;
        field_or(dst, dpos, field_get(src, nl, spos, c), c);
        dpos += c;
        spos += c;
        len -= c;
    }
}

static int poly_alloc(const mfk_allocator *a, struct poly *p, size_t len,
                      size_t B)
{
    p->len = len;
    p->B = B;
    p->nl = limbs_of(len * B);
    p->d = mfk__calloc(a, p->nl + 1, sizeof *p->d);
    return p->d == NULL ? MFK_ENOMEM : MFK_OK;
}

/* p's coefficients B bits apart in r (allocated), B >= p->B. */
static int poly_spread(const mfk_allocator *a, struct poly *r,
                       const struct poly *p, size_t B)
{
    size_t i;
    if (poly_alloc(a, r, p->len, B) != MFK_OK)
        return MFK_ENOMEM;
    r->players = p->players;
    for (i = 0; i < p->len; i++)
        bits_copy(r->d, i * B, p->d, p->nl, i * p->B, p->B);
    return MFK_OK;
}

/* (1 + x^w)^t cut below x^q: C(t, i) at x^(i w). */
static int poly_leaf(const mfk_allocator *a, struct poly *p, unsigned long w,
                     size_t t, unsigned long q)
{
    mpz_t c;
    size_t i, len = 1;
    if (w != 0) /* the degree t w, cut below q */
        len = t > (q - 1) / w ? q : (size_t)((unsigned long)t * w) + 1;
    if (poly_alloc(a, p, len, t + 1) != MFK_OK)
        return MFK_ENOMEM;
    p->players = t;
    mpz_init_set_ui(c, 1);
    if (w == 0) { /* every coalition of them weighs 0 */
        mpz_mul_2exp(c, c, (mp_bitcnt_t)t);
        bits_copy(p->d, 0, mpz_limbs_read(c), mpz_size(c), 0, t + 1);
    } else {
        /* i w < q, asked without the product (weights may be near
         * ULONG_MAX / 2) */
        for (i = 0; i <= t && (i == 0 || w <= (q - 1) / i); i++) {
            bits_copy(p->d, i * w * p->B, mpz_limbs_read(c), mpz_size(c), 0,
                      p->B);
            mpz_mul_ui(c, c, (unsigned long)(t - i));
            mpz_divexact_ui(c, c, (unsigned long)(i + 1));
        }
    }
    mpz_clear(c);
    return MFK_OK;
}

/* r = x y cut below x^q; x and y freed. */
static int poly_mul(const mfk_allocator *a, struct poly *r, struct poly *x,
                    struct poly *y, unsigned long q)
{
    struct poly u = {0}, v = {0}, *s, *t;
    size_t B = x->B + y->B - 1, len = x->len + y->len - 1, un, vn, bits;
    int rc = MFK_ENOMEM;
    if (len > q)
        len = q;
    if (poly_spread(a, &u, x, B) || poly_spread(a, &v, y, B))
        goto done;
    mfk__free(a, x->d);
    mfk__free(a, y->d);
    x->d = y->d = NULL;
    un = limbs_used(u.d, u.nl);
    vn = limbs_used(v.d, v.nl);
    s = un >= vn ? &u : &v;
    t = un >= vn ? &v : &u;
    if (un < vn) {
        size_t sw = un;
        un = vn;
        vn = sw;
    }
    r->players = x->players + y->players;
    r->B = B;
    r->len = len;
    r->nl = un + vn;
    if ((r->d = mfk__calloc(a, r->nl + 1, sizeof *r->d)) == NULL)
        goto done;
    mpn_mul(r->d, s->d, (mp_size_t)un, t->d, (mp_size_t)vn);
    /* cut below x^len: the bits from len B up */
    bits = len * B;
    if (limbs_of(bits) < r->nl) {
        memset(r->d + limbs_of(bits), 0,
               (r->nl - limbs_of(bits)) * sizeof *r->d);
        r->nl = limbs_of(bits);
    }
    if (bits % GMP_NUMB_BITS != 0 && bits / GMP_NUMB_BITS < r->nl)
        r->d[bits / GMP_NUMB_BITS] &=
            ((mp_limb_t)1 << (bits % GMP_NUMB_BITS)) - 1;
    rc = MFK_OK;
done:
    mfk__free(a, u.d);
    mfk__free(a, v.d);
    return rc;
}

/* The product of the weights from group lo to hi - 1 (start[i] the first
 * player of group i in k->order) into r. */
static int poly_tree(struct work *k, const mfk_game *g, struct poly *r,
                     const size_t *start, size_t lo, size_t hi)
{
    const mfk_allocator *a = &g->alloc;
    struct poly x = {0}, y = {0};
    size_t mid;
    int rc;
    if (hi - lo == 1)
        return poly_leaf(a, r, g->w[k->order[start[lo]]],
                         start[lo + 1] - start[lo], k->q);
    mid = lo + (hi - lo) / 2;
    if ((rc = poly_tree(k, g, &x, start, lo, mid)) == MFK_OK &&
        (rc = poly_tree(k, g, &y, start, mid, hi)) == MFK_OK)
        rc = poly_mul(a, r, &x, &y, k->q);
    mfk__free(a, x.d);
    mfk__free(a, y.d);
    return rc;
}

/* The groups of equal weight in k->order: start[i] the first player of
 * group i, start[groups] = n (start: n + 1 places). */
static size_t weight_groups(const struct work *k, const mfk_game *g,
                            size_t *start)
{
    size_t j, groups = 0;
    for (j = 0; j < k->n; j++)
        if (j == 0 || g->w[k->order[j]] != g->w[k->order[j - 1]])
            start[groups++] = j;
    start[groups] = k->n;
    return groups;
}

/* forward_flat()'s table by the product: the cells below the quota from
 * the polynomial, the cap 2^n minus their sum. */
static int forward_product(struct work *k, const mfk_game *g,
                           const size_t *start, size_t groups)
{
    const mfk_allocator *a = &g->alloc;
    size_t n = k->n, L = k->L, x;
    struct poly p = {0};
    mp_limb_t *c = k->c, *cap = c + k->q * L;
    int rc;

    rc = poly_tree(k, g, &p, start, 0, groups);
    if (rc != MFK_OK) {
        mfk__free(a, p.d);
        return rc;
    }
    /* the coefficients are below 2^n: n bits of each, B = n + 1 */
    for (x = 0; x < p.len && x < k->q; x++)
        bits_copy(c + x * L, 0, p.d, p.nl, x * p.B, n);
    mfk__free(a, p.d);
    cap[n / GMP_NUMB_BITS] = (mp_limb_t)1 << (n % GMP_NUMB_BITS);
    for (x = 0; x < k->q; x++)
        mpn_sub_n(cap, cap, c + x * L, (mp_size_t)L);
    memcpy(g->winning, cap, L * sizeof *c);
    return MFK_OK;
}

/* ---- without sizes, many players of few weights: two halves -----------
 *
 * The top product of the tree above multiplies two polynomials into one
 * whose coefficients are n bits, and half of what it computes (the cells
 * of q and more) is thrown away. Swings need less: split the players
 * into two halves A and B (groups of equal weight, the lighter ones in A,
 * about half the players in each) with polynomials A and B, each by its
 * own tree. A player of weight w in A has the others' polynomial A_w B,
 * A_w = A / (1 + x^w), exact and cheap (A_w[j] = A[j] - A_w[j - w]), and
 * its swings are the coalitions of the others weighing from q - w to
 * q - 1:
 *     sum_j A_w[j] (SB[q-1-j] - SB[q-1-w-j]),
 * SB the running sums of B: a sum of products of an n/2-bit number by
 * another a distinct weight, where the product A B is never formed. The
 * losing coalitions are sum_j A[j] SB[q-1-j]. Players of B the same way
 * round. The sums cost the distinct weights times q products, the tree's
 * top product about q n log(q n) bits: the halves pay up to about 150
 * distinct weights for 1,000 to 6,000 players (bench_power's game of
 * 3,000 players, weights 1 to 100: three quarters of the product's time
 * and three fifths of its memory; with 200 weights both take the same
 * time). */

#define HALVES_MAX_GROUPS 128

struct half {
    mp_limb_t *c;        /* len coefficients, l limbs each */
    mp_limb_t *run;      /* running sums, q of them, l limbs each */
    size_t len, l;
    unsigned long total; /* the degree: the half's weight */
};

static void half_free(const mfk_allocator *a, struct half *h)
{
    mfk__free(a, h->c);
    mfk__free(a, h->run);
    h->c = h->run = NULL;
}

/* The polynomial of groups g0 to g1 - 1 and its running sums. */
static int half_build(struct work *k, const mfk_game *g, struct half *h,
                      const size_t *start, size_t g0, size_t g1)
{
    const mfk_allocator *a = &g->alloc;
    struct poly p = {0};
    size_t x, l, q = k->q;
    int rc = poly_tree(k, g, &p, start, g0, g1);
    if (rc != MFK_OK) {
        mfk__free(a, p.d);
        return rc;
    }
    h->total = 0;
    for (x = g0; x < g1; x++)
        h->total += g->w[k->order[start[x]]] * (start[x + 1] - start[x]);
    /* coefficients and their sums at most 2^players: B = players + 1
     * bits, which limbs_for_bits(players) limbs hold */
    h->l = l = limbs_for_bits(start[g1] - start[g0]);
    h->len = p.len;
    h->c = mfk__calloc(a, p.len, l * sizeof *h->c);
    h->run = mfk__calloc(a, q, l * sizeof *h->run);
    if (h->c == NULL || h->run == NULL) {
        mfk__free(a, p.d);
        half_free(a, h);
        return MFK_ENOMEM;
    }
    for (x = 0; x < p.len; x++)
        bits_copy(h->c + x * l, 0, p.d, p.nl, x * p.B, p.B);
    mfk__free(a, p.d);
    memcpy(h->run, h->c, l * sizeof *h->run);
    for (x = 1; x < q; x++) {
        mp_limb_t *r = h->run + x * l;
        memcpy(r, r - l, l * sizeof *r);
        if (x < h->len)
            mpn_add_n(r, r, h->c + x * l, (mp_size_t)l);
    }
    return MFK_OK;
}

/* d (o->l + 1 limbs) += the coalitions of o weighing from q - w - j to
 * q - 1 - j (up to q - 1 - j when w is 0); nothing when q - 1 - j < 0. */
static void half_window(const struct work *k, const struct half *o,
                        unsigned long w, unsigned long j, mp_limb_t *d)
{
    size_t ol = o->l;
    unsigned long hi;
    if (j >= k->q)
        return;
    hi = k->q - 1 - j;
    mpn_add(d, d, (mp_size_t)ol + 1, o->run + hi * ol, (mp_size_t)ol);
    if (w > 0 && hi >= w)
        mpn_sub(d, d, (mp_size_t)ol + 1, o->run + (hi - w) * ol,
                (mp_size_t)ol);
}

/* acc (la limbs) = sum_j u[j] window(j), u (ul limbs a cell) a half's
 * polynomial without one player of weight w (w = 0: without none), of
 * degree deg, the windows those of o. u is a palindrome, u[j] =
 * u[deg - j] (complements within the half), so that the pairs j and
 * deg - j take one product: half the products. d and prod: scratch of
 * o->l + 1 and ul + o->l + 1 limbs. */
static void half_products(const struct work *k, const mp_limb_t *u,
                          size_t ul, unsigned long deg, const struct half *o,
                          unsigned long w, mp_limb_t *acc, size_t la,
                          mp_limb_t *d, mp_limb_t *prod)
{
    unsigned long j, last = deg / 2, first = 0, second, top = o->len - 1;
    size_t dl = o->l + 1;
    memset(acc, 0, la * sizeof *acc);
    if (last >= k->q)
        last = k->q - 1; /* both windows of every later pair are empty */
    /* the window of j is empty below first (it lies above o's top), that
     * of deg - j below second (deg - j past q - 1) and above deg - first:
     * the pairs before the smaller start are empty */
    if (w > 0 && k->q > w + top)
        first = k->q - w - top;
    second = deg >= k->q ? deg - k->q + 1 : 0;
    if (second < first && deg >= first && second <= deg - first)
        first = second;
    for (j = first; j <= last; j++) {
        const mp_limb_t *x = u + j * ul;
        size_t ux, ud, up;
        memset(d, 0, dl * sizeof *d);
        half_window(k, o, w, j, d);
        if (deg - j != j)
            half_window(k, o, w, deg - j, d);
        ux = limbs_used(x, ul);
        ud = limbs_used(d, dl);
        if ((ux == 1 && x[0] == 0) || (ud == 1 && d[0] == 0))
            continue;
        if (ux >= ud)
            mpn_mul(prod, x, (mp_size_t)ux, d, (mp_size_t)ud);
        else
            mpn_mul(prod, d, (mp_size_t)ud, x, (mp_size_t)ux);
        /* the sum is at most 2^n: its limbs fit la */
        up = limbs_used(prod, ux + ud);
        mpn_add(acc, acc, (mp_size_t)la, prod, (mp_size_t)up);
    }
}

/* The swings of the groups g0 to g1 - 1, whose half is h, o the other;
 * u: scratch of a half's cells. */
static void half_swings(struct work *k, mfk_game *g, const size_t *start,
                        size_t g0, size_t g1, const struct half *h,
                        const struct half *o, mp_limb_t *u, mp_limb_t *d,
                        mp_limb_t *prod)
{
    size_t gi, j, l = h->l, cells;
    for (gi = g0; gi < g1; gi++) {
        unsigned long w = g->w[k->order[start[gi]]];
        mp_limb_t *swing = g->swings + k->order[start[gi]] * g->lw;
        if (w == 0)
            continue; /* never a swing */
        /* u = h / (1 + x^w), exact, as far as half_products() reads */
        cells = (h->total - w) / 2 + 1;
        if (cells > h->len)
            cells = h->len;
        memcpy(u, h->c, (w < cells ? w : cells) * l * sizeof *u);
        for (j = w; j < cells; j++)
            mpn_sub_n(u + j * l, h->c + j * l, u + (j - w) * l,
                      (mp_size_t)l);
        half_products(k, u, l, h->total - w, o, w, swing, g->lw, d, prod);
        for (j = start[gi] + 1; j < start[gi + 1]; j++)
            memcpy(g->swings + k->order[j] * g->lw, swing,
                   g->lw * sizeof *swing);
    }
}

/* The swings of every player and the winning coalitions by two halves;
 * start[i] the first player of group i, groups >= 2 of them. */
static int swings_by_halves(struct work *k, mfk_game *g, const size_t *start,
                            size_t groups)
{
    const mfk_allocator *a = &g->alloc;
    struct half h[2] = {{0}, {0}};
    size_t mid, n = k->n, cells;
    mp_limb_t *u = NULL, *d = NULL, *prod = NULL;
    int rc;

    /* about half the players in each (the products of a weight cost the
     * limbs of the one half times the other's) */
    for (mid = 1; mid < groups - 1 && start[mid] < n / 2; mid++)
        ;
    if ((rc = half_build(k, g, &h[0], start, 0, mid)) != MFK_OK ||
        (rc = half_build(k, g, &h[1], start, mid, groups)) != MFK_OK)
        goto done;
    rc = MFK_ENOMEM;
    cells = h[0].len * h[0].l > h[1].len * h[1].l ? h[0].len * h[0].l
                                                  : h[1].len * h[1].l;
    u = mfk__calloc(a, cells, sizeof *u);
    d = mfk__calloc(a, h[0].l + h[1].l + 1, sizeof *d);
    prod = mfk__calloc(a, h[0].l + h[1].l + 1, sizeof *prod);
    if (u == NULL || d == NULL || prod == NULL)
        goto done;
    /* losing: the coalitions below q; winning the rest of 2^n */
    half_products(k, h[0].c, h[0].l, h[0].total, &h[1], 0, g->losing, g->lw,
                  d, prod);
    g->winning[n / GMP_NUMB_BITS] = (mp_limb_t)1 << (n % GMP_NUMB_BITS);
    mpn_sub_n(g->winning, g->winning, g->losing, (mp_size_t)g->lw);
    memset(g->losing, 0, g->lw * sizeof *g->losing);
    half_swings(k, g, start, 0, mid, &h[0], &h[1], u, d, prod);
    half_swings(k, g, start, mid, groups, &h[1], &h[0], u, d, prod);
    rc = MFK_OK;
done:
    half_free(a, &h[0]);
    half_free(a, &h[1]);
    mfk__free(a, u);
    mfk__free(a, d);
    mfk__free(a, prod);
    return rc;
}

/* ---- by size: members quota, blocking clause, Shapley-Shubik --------- */

/* The t players of weight w after the first j at once, as
 * forward_group() does without sizes: row s gains C(t, i) times row s - i
 * lifted by i w, the cells lifted to the quota into its cap. */
static void forward_sized_group(struct work *k, size_t j, unsigned long w,
                                size_t t)
{
    size_t n = k->n, lt = limbs_for_bits(j + t), s, i, r;
    unsigned long q = k->q, x;
    mp_limb_t binom[GROUP + 1];

    binom[0] = 1;
    for (i = 1; i <= t; i++)
        binom[i] = binom[i - 1] * (mp_limb_t)(t - i + 1) / (mp_limb_t)i;
    for (s = j + t < n ? j + t : n; s >= 1; s--)
        for (i = 1; i <= t && i <= s; i++) {
            unsigned long a, b, lift, shift;
            r = s - i; /* the source row, among the first j */
            if (r > j)
                continue;
            a = capped(k->pre[r], q);
            b = capped(k->pre[j] - k->pre[j - r], q);
            shift = w >= q || (unsigned long)i * w >= q ? q
                                                        : (unsigned long)i * w;
            lift = q - shift; /* the first cell lifted to the cap */
            for (x = lift > a ? lift : a; x <= b; x++)
                mpn_addmul_1(cell(k, s, q), cell(k, r, x), (mp_size_t)lt,
                             binom[i]);
            for (x = a; x < lift && x <= b; x++)
                mpn_addmul_1(cell(k, s, x + shift), cell(k, r, x),
                             (mp_size_t)lt, binom[i]);
        }
}

static void forward_sized(struct work *k, mfk_game *g)
{
    size_t n = k->n, L = k->L, j, s, e;
    unsigned long q = k->q, x;

    cell(k, 0, 0)[0] = 1;
    for (j = 0; j < n; j = e) {
        unsigned long w = g->w[k->order[j]];
        size_t lj = limbs_for_bits(j + 1); /* at most L */
        for (e = j + 1;
             e < n && e - j < GROUP && g->w[k->order[e]] == w; e++)
            ;
        if (e - j > 1) {
            forward_sized_group(k, j, w, e - j);
            continue;
        }
        for (s = j + 1; s >= 1; s--) {
            /* the source row s-1, among the j players already in: cells
             * that w lifts to the quota go to the cap, the others to
             * the same place w higher in row s */
            unsigned long a = capped(k->pre[s - 1], q);
            unsigned long b = capped(k->pre[j] - k->pre[j - (s - 1)], q);
            unsigned long lift = q > w ? q - w : 0; /* first to the cap */
            for (x = lift > a ? lift : a; x <= b; x++)
                cell_add(cell(k, s, q), cell(k, s - 1, x), lj);
            if (lift > a) {
                unsigned long last = b < lift - 1 ? b : lift - 1;
                mp_limb_t *dst = cell(k, s, a + w);
                const mp_limb_t *src = cell(k, s - 1, a);
                size_t t, m = (size_t)(last - a) + 1;
                for (t = 0; t < m; t++)
                    cell_add(dst + t * L, src + t * L, lj);
            }
        }
    }
    for (s = 0; s <= n; s++) {
        if (s >= k->nb) {
            for (x = k->lo[s]; x <= k->hi[s]; x++)
                mpn_add(g->winning, g->winning, (mp_size_t)g->lw, cell(k, s, x),
                        (mp_size_t)L);
        } else if (s >= k->m && k->hi[s] == q) {
            mpn_add(g->winning, g->winning, (mp_size_t)g->lw, cell(k, s, q),
                    (mp_size_t)L);
        }
    }
}

/* The weights of row s (coalitions without the player, of s members)
 * in which adding a player of weight w turns losing into winning; b may
 * be the quota (the cap cell). */
static int swing_range(const struct work *k, size_t s, unsigned long w,
                       unsigned long *a, unsigned long *b)
{
    unsigned long q = k->q;
    if (!k->sized) {
        *a = q > w ? q - w : 0;
        *b = q - 1;
        return w > 0;
    }
    if (s >= k->nb)
        return 0;
    if (s + 1 >= k->nb) {
        *a = 0;
        *b = s >= k->m ? q - 1 : q;
        return 1;
    }
    if (s + 1 < k->m)
        return 0;
    *a = q > w ? q - w : 0;
    *b = s >= k->m ? q - 1 : q;
    return 1;
}

static void count_swings(struct work *k, mfk_game *g, int pivots)
{
    size_t n = k->n, j, i, s, rows = k->sized ? n : 1;
    unsigned long a, b;

    for (j = 0; j < n;) {
        unsigned long w = g->w[k->order[j]];
        size_t e = j, p0 = k->order[j];
        mp_limb_t *swing = g->swings + p0 * g->lw;
        mp_limb_t *pivot = pivots ? g->pivots + p0 * g->lp : NULL;
        while (e < n && g->w[k->order[e]] == w)
            e++;
        for (s = 0; s < rows; s++)
            if (swing_range(k, s, w, &a, &b)) {
                window(k, s, w, a, b);
                account(k, swing, pivot, s);
            }
        for (i = j + 1; i < e; i++) {
            memcpy(g->swings + k->order[i] * g->lw, swing,
                   g->lw * sizeof *swing);
            if (pivots)
                memcpy(g->pivots + k->order[i] * g->lp, pivot,
                       g->lp * sizeof *pivot);
        }
        j = e;
    }
}

static size_t mul_sat(size_t a, size_t b)
{
    return b != 0 && a > SIZE_MAX / b ? SIZE_MAX : a * b;
}

static size_t add_sat(size_t a, size_t b)
{
    return a > SIZE_MAX - b ? SIZE_MAX : a + b;
}

/* Computes the counts `what` asks for; with `need`, only the bytes its
 * tables would take, into *need (SIZE_MAX past a size_t). */
static int compute(mfk_game *g, unsigned what, size_t *need)
{
    const mfk_allocator *a;
    struct work k;
    size_t n, s, j, cells = 0, lp_bits, lw, lp, fixed, table;
    int rc = MFK_ENOMEM, dual, halves = 0;
    size_t *tmp = NULL, *start = NULL, groups = 0;
    double lg;

    what |= MFK_POWER_BANZHAF;
    a = &g->alloc;
    n = g->n;
    if (need == NULL)
        results_free(g);
    memset(&k, 0, sizeof k);
    k.g = g;
    k.n = n;
    k.L = limbs_for_bits(n);
    k.q = g->quota;
    /* A game of weights and quota alone and its dual, quota w(N) - q + 1,
     * have the same swings and pivots, and the one's winning coalitions
     * are the complements of the other's losing ones: the smaller quota
     * makes the smaller tables ([134000000; 134000000, 1] takes three
     * cells, not 134 million). */
    dual = g->members_quota == 0 && g->min_blocking == 0 &&
           g->total - g->quota + 1 < g->quota;
    if (dual)
        k.q = g->total - g->quota + 1;
    k.m = g->members_quota;
    k.nb = g->min_blocking ? n - g->min_blocking + 1 : n + 1;
    k.sized = (what & MFK_POWER_SHAPLEY) || k.m > 1 || k.nb <= n;
    lw = k.L + 1;
    /* log2(n!) bounds the pivot counts */
    lg = 0;
    for (s = 2; s <= n; s++)
        lg += log2((double)s);
    lp_bits = (size_t)lg + 2;
    lp = (what & MFK_POWER_SHAPLEY) ? limbs_for_bits(lp_bits) + 2 : 0;

    /* Every limit is checked before a table is taken, so that a request
     * refused costs at most the players' order: the tables together, not
     * each one, stay within the limit. The swing counts are n counts of
     * lw limbs; the pivots, the factorials and their scratch n counts of
     * lp limbs each: */
    fixed = add_sat(mul_sat(n, lw * sizeof(mp_limb_t)),
                    mul_sat(n, 3 * lp * sizeof(mp_limb_t)));
    if (need == NULL && fixed > GAME_MAX_BYTES)
        return MFK_ELIMIT;
    /* A table by weight alone has q + 1 cells; with sizes, only the
     * weights that s players can have. Few players of large weights need
     * the second even for swings alone. */
    table = mul_sat(k.q + 1, k.L * sizeof(mp_limb_t));
    if (!k.sized && table > GAME_MAX_BYTES)
        k.sized = 1;

    k.order = mfk__calloc(a, n, sizeof *k.order);
    tmp = mfk__calloc(a, n, sizeof *tmp);
    k.pre = mfk__calloc(a, n + 1, sizeof *k.pre);
    if (!k.order || !tmp || !k.pre)
        goto done;
    for (j = 0; j < n; j++)
        k.order[j] = j;
    mfk__sort_players(k.order, tmp, n, g->w, 0);
    for (j = 0; j < n; j++)
        k.pre[j + 1] = k.pre[j] + g->w[k.order[j]];
    if (k.sized) {
        for (s = 0; s <= n; s++)
            cells = add_sat(cells, capped(k.pre[n] - k.pre[n - s], k.q) -
                                       capped(k.pre[s], k.q) + 1);
        /* the rows, and the binomials */
        table = add_sat(mul_sat(cells, k.L * sizeof(mp_limb_t)),
                        mul_sat(n, k.L * sizeof(mp_limb_t)));
    }
    if (need != NULL) {
        *need = add_sat(fixed, table);
        rc = MFK_OK;
        goto done;
    }
    rc = MFK_ELIMIT;
    if (add_sat(fixed, table) > GAME_MAX_BYTES)
        goto done;
    g->lw = lw;
    g->lp = lp;

    rc = MFK_ENOMEM;
    g->swings = mfk__calloc(a, n * g->lw, sizeof *g->swings);
    g->winning = mfk__calloc(a, g->lw, sizeof *g->winning);
    g->losing = mfk__calloc(a, g->lw, sizeof *g->losing);
    g->swing_sum = mfk__calloc(a, g->lw + 1, sizeof *g->swing_sum);
    k.rowsum = mfk__calloc(a, k.L + 1, sizeof *k.rowsum);
    k.plus = mfk__calloc(a, k.L + 1, sizeof *k.plus);
    k.minus = mfk__calloc(a, k.L + 1, sizeof *k.minus);
    if (!g->swings || !g->winning || !g->losing || !g->swing_sum ||
        !k.rowsum || !k.plus || !k.minus)
        goto done;

    if (!k.sized) {
        /* the product's operands and result take about five tables */
        if (n >= PRODUCT_MIN_PLAYERS && k.q >= 1 &&
            add_sat(fixed, mul_sat(table, 6)) <= GAME_MAX_BYTES) {
            if ((start = mfk__calloc(a, n + 1, sizeof *start)) == NULL)
                goto done;
            groups = weight_groups(&k, g, start);
        }
        if (groups >= 2 && groups <= HALVES_MAX_GROUPS) {
            if ((rc = swings_by_halves(&k, g, start, groups)) != MFK_OK)
                goto done;
            halves = 1;
        } else if ((k.c = mfk__calloc(a, k.q + 1, k.L * sizeof *k.c)) ==
                   NULL) {
            goto done;
        } else if (groups > 0) {
            if ((rc = forward_product(&k, g, start, groups)) != MFK_OK)
                goto done;
        } else {
            forward_flat(&k, g);
        }
    } else {
        k.lo = mfk__calloc(a, n + 1, sizeof *k.lo);
        k.hi = mfk__calloc(a, n + 1, sizeof *k.hi);
        k.off = mfk__calloc(a, n + 1, sizeof *k.off);
        k.binom = mfk__calloc(a, n, k.L * sizeof *k.binom);
        if (!k.lo || !k.hi || !k.off || !k.binom)
            goto done;
        cells = 0;
        for (s = 0; s <= n; s++) {
            k.lo[s] = capped(k.pre[s], k.q);
            k.hi[s] = capped(k.pre[n] - k.pre[n - s], k.q);
            k.off[s] = cells;
            cells += k.hi[s] - k.lo[s] + 1;
        }
        k.c = mfk__calloc(a, cells, k.L * sizeof *k.c);
        if (!k.c)
            goto done;
        if (what & MFK_POWER_SHAPLEY) {
            g->pivots = mfk__calloc(a, n * g->lp, sizeof *g->pivots);
            g->fact_n = mfk__calloc(a, g->lp, sizeof *g->fact_n);
            k.fact = mfk__calloc(a, n * g->lp, sizeof *k.fact);
            k.tmp = mfk__calloc(a, g->lp + k.L + 1, sizeof *k.tmp);
            if (!g->pivots || !g->fact_n || !k.fact || !k.tmp)
                goto done;
            if ((rc = factorials(&k, g)) != MFK_OK)
                goto done;
        }
        forward_sized(&k, g);
        binomials(&k);
    }
    rc = MFK_ENOMEM;
    if (!halves) {
        running_sums(&k);
        count_swings(&k, g, (what & MFK_POWER_SHAPLEY) != 0);
    }
    /* losing = 2^n - winning; the sum of all swings */
    g->losing[n / GMP_NUMB_BITS] = (mp_limb_t)1 << (n % GMP_NUMB_BITS);
    mpn_sub_n(g->losing, g->losing, g->winning, (mp_size_t)g->lw);
    if (dual) {
        mp_limb_t *t = g->winning;
        g->winning = g->losing;
        g->losing = t;
    }
    for (j = 0; j < n; j++)
        mpn_add(g->swing_sum, g->swing_sum, (mp_size_t)g->lw + 1,
                g->swings + j * g->lw, (mp_size_t)g->lw);
    g->computed = what;
    rc = MFK_OK;

done:
    if (rc != MFK_OK && need == NULL)
        results_free(g);
    mfk__free(a, k.order);
    mfk__free(a, tmp);
    mfk__free(a, start);
    mfk__free(a, k.pre);
    mfk__free(a, k.rowsum);
    mfk__free(a, k.plus);
    mfk__free(a, k.minus);
    mfk__free(a, k.lo);
    mfk__free(a, k.hi);
    mfk__free(a, k.off);
    mfk__free(a, k.binom);
    mfk__free(a, k.c);
    mfk__free(a, k.fact);
    mfk__free(a, k.tmp);
    return rc;
}

int mfk_game_compute(mfk_game *g, unsigned what)
{
    if (g == NULL || (what & ~(unsigned)MFK_POWER_ALL) != 0)
        return MFK_EINVAL;
    if (what == 0 || (!g->approximate && (g->computed & what) == what))
        return MFK_OK;
    return compute(g, what, NULL);
}

/* ---- the indices asked for (0.2) --------------------------------------- */

/* What the indices need: MFK_POWER_* bits (the swings always), and
 * whether Deegan-Packel, Public Good, Johnston are among them. */
static int needs(const mfk_index *indices, size_t count, unsigned *what,
                 int extra[3])
{
    size_t k;
    if (indices == NULL && count > 0)
        return MFK_EINVAL;
    *what = MFK_POWER_BANZHAF;
    extra[0] = extra[1] = extra[2] = 0;
    for (k = 0; k < count; k++) {
        if ((int)indices[k] < 0 || indices[k] > MFK_INDEX_JOHNSTON)
            return MFK_EINVAL;
        if (indices[k] == MFK_INDEX_SHAPLEY_SHUBIK)
            *what |= MFK_POWER_SHAPLEY;
        if (indices[k] >= MFK_INDEX_DEEGAN_PACKEL)
            extra[indices[k] - MFK_INDEX_DEEGAN_PACKEL] = 1;
    }
    return MFK_OK;
}

int mfk_game_table_bytes(const mfk_game *g, const mfk_index *indices,
                         size_t count, size_t *bytes)
{
    unsigned what;
    int extra[3], rc;
    size_t b, more = 0;
    if (g == NULL || bytes == NULL)
        return MFK_EINVAL;
    if ((rc = needs(indices, count, &what, extra)) != MFK_OK)
        return rc;
    if ((extra[0] || extra[1] || extra[2]) &&
        (g->members_quota > 0 || g->min_blocking > 0))
        return MFK_EINVAL;
    if ((rc = compute((mfk_game *)g, what, &b)) != MFK_OK)
        return rc;
    /* the tables are taken one after another: the largest counts */
    if (extra[0] || extra[1])
        more = mfk__game_minimal_bytes(g, extra[0]);
    if (extra[2] && mfk__game_johnston_bytes(g) > more)
        more = mfk__game_johnston_bytes(g);
    *bytes = add_sat(b, more);
    return MFK_OK;
}

int mfk_game_compute_indices(mfk_game *g, const mfk_index *indices,
                             size_t count)
{
    unsigned what;
    int extra[3], rc;
    size_t bytes;
    if (g == NULL)
        return MFK_EINVAL;
    if ((rc = needs(indices, count, &what, extra)) != MFK_OK)
        return rc;
    if ((rc = mfk_game_table_bytes(g, indices, count, &bytes)) != MFK_OK)
        return rc;
    if (bytes > GAME_MAX_BYTES)
        return MFK_ELIMIT;
    if (g->approximate || (g->computed & what) != what)
        if ((rc = compute(g, what, NULL)) != MFK_OK)
            return rc;
    if ((extra[0] && g->dp == NULL) || (extra[1] && g->pg == NULL))
        rc = mfk__game_minimal(g, extra[0], extra[1]);
    if (rc == MFK_OK && extra[2] && g->johnston == NULL)
        rc = mfk__game_johnston(g);
    if (rc != MFK_OK)
        results_free(g);
    return rc;
}

int mfk_game_approximate(mfk_game *g, const mfk_index *indices, size_t count)
{
    int banzhaf = 0, shapley = 0, rc;
    size_t k;
    if (g == NULL || (indices == NULL && count > 0))
        return MFK_EINVAL;
    for (k = 0; k < count; k++) {
        if (indices[k] == MFK_INDEX_BANZHAF)
            banzhaf = 1;
        else if (indices[k] == MFK_INDEX_SHAPLEY_SHUBIK)
            shapley = 1;
        else
            return MFK_EINVAL;
    }
    if (g->members_quota > 0 || g->min_blocking > 0)
        return MFK_EINVAL;
    results_free(g);
    rc = mfk__game_approximate(g, banzhaf, shapley);
    if (rc == MFK_OK)
        g->approximate = 1;
    else
        results_free(g);
    return rc;
}

int mfk_game_index_error(const mfk_game *g, mfk_index index, double *out)
{
    int k;
    if (g == NULL || out == NULL)
        return MFK_EINVAL;
    k = index == MFK_INDEX_BANZHAF ? 0 : index == MFK_INDEX_SHAPLEY_SHUBIK ? 1 : -1;
    if ((int)index < 0 || index > MFK_INDEX_JOHNSTON)
        return MFK_EINVAL;
    if (!g->approximate || k < 0 || g->error[k] == NULL)
        return MFK_ESTATE;
    memcpy(out, g->error[k], g->n * sizeof *out);
    return MFK_OK;
}

/* ---- results ----------------------------------------------------------- */

int mfk_game_index(const mfk_game *g, mfk_index index, double *out)
{
    size_t i, n;
    const mp_limb_t *sw;
    if (g == NULL || out == NULL || (int)index < 0 ||
        index > MFK_INDEX_JOHNSTON)
        return MFK_EINVAL;
    n = g->n;
    if (index >= MFK_INDEX_DEEGAN_PACKEL) {
        const double *v = index == MFK_INDEX_DEEGAN_PACKEL ? g->dp
                          : index == MFK_INDEX_PUBLIC_GOOD ? g->pg
                                                           : g->johnston;
        if (v == NULL)
            return MFK_ESTATE;
        memcpy(out, v, n * sizeof *out);
        return MFK_OK;
    }
    if (g->approximate) {
        int k = index == MFK_INDEX_BANZHAF          ? 0
                : index == MFK_INDEX_SHAPLEY_SHUBIK ? 1
                                                    : -1;
        if (k < 0 || g->approx[k] == NULL)
            return MFK_ESTATE;
        memcpy(out, g->approx[k], n * sizeof *out);
        return MFK_OK;
    }
    if (index == MFK_INDEX_SHAPLEY_SHUBIK) {
        if (!(g->computed & MFK_POWER_SHAPLEY))
            return MFK_ESTATE;
        for (i = 0; i < n; i++)
            out[i] =
                limbs_ratio(g->pivots + i * g->lp, g->lp, g->fact_n, g->lp);
        return MFK_OK;
    }
    if (!(g->computed & MFK_POWER_BANZHAF))
        return MFK_ESTATE;
    for (i = 0; i < n; i++) {
        sw = g->swings + i * g->lw;
        switch (index) {
        case MFK_INDEX_BANZHAF:
            /* the empty coalition loses (quota >= 1, blocking <= n) and
             * all players win: someone swings, the sum is not zero */
            out[i] = limbs_ratio(sw, g->lw, g->swing_sum, g->lw + 1);
            break;
        case MFK_INDEX_BANZHAF_ABSOLUTE:
            out[i] = limbs_ldexp(sw, g->lw, (long)n - 1);
            break;
        case MFK_INDEX_COLEMAN_PREVENT:
            out[i] = limbs_ratio(sw, g->lw, g->winning, g->lw);
            break;
        default:
            out[i] = limbs_ratio(sw, g->lw, g->losing, g->lw);
            break;
        }
    }
    return MFK_OK;
}

int mfk_game_veto(const mfk_game *g, size_t i, int *veto)
{
    size_t s;
    unsigned long rest;
    if (g == NULL || veto == NULL || i >= g->n)
        return MFK_EINVAL;
    /* In every winning coalition: the others together lose. */
    s = g->n - 1;
    rest = g->total - g->w[i];
    *veto = !((rest >= g->quota && s >= g->members_quota) ||
              (g->min_blocking && s >= g->n - g->min_blocking + 1));
    return MFK_OK;
}

int mfk_game_dummy(const mfk_game *g, size_t i, int *dummy)
{
    if (g == NULL || dummy == NULL || i >= g->n)
        return MFK_EINVAL;
    if (g->approximate || !(g->computed & MFK_POWER_BANZHAF))
        return MFK_ESTATE;
    *dummy = limbs_zero(g->swings + i * g->lw, g->lw);
    return MFK_OK;
}

int mfk_game_count(const mfk_game *g, mfk_count what, size_t i, char *buf,
                   size_t size, size_t *len)
{
    const mp_limb_t *src;
    size_t l, u, digits, k;
    mp_limb_t *copy;
    unsigned char *str;

    if (g == NULL || (buf == NULL && size > 0) || (int)what < 0 ||
        what > MFK_COUNT_LOSING)
        return MFK_EINVAL;
    if ((what == MFK_COUNT_SWINGS || what == MFK_COUNT_PIVOTAL) && i >= g->n)
        return MFK_EINVAL;
    switch (what) {
    case MFK_COUNT_PIVOTAL:
        if (!(g->computed & MFK_POWER_SHAPLEY))
            return MFK_ESTATE;
        src = g->pivots + i * g->lp;
        l = g->lp;
        break;
    default:
        if (!(g->computed & MFK_POWER_BANZHAF))
            return MFK_ESTATE;
        src = what == MFK_COUNT_SWINGS    ? g->swings + i * g->lw
              : what == MFK_COUNT_WINNING ? g->winning
                                          : g->losing;
        l = g->lw;
        break;
    }
    u = limbs_used(src, l);
    if (u == 1 && src[0] == 0) {
        if (len != NULL)
            *len = 1;
        if (size < 2)
            return MFK_ERANGE;
        strcpy(buf, "0");
        return MFK_OK;
    }
    /* mpn_get_str destroys its input and wants room for one more digit
     * than the count has. */
    copy = mfk__malloc(&g->alloc, (u + 1) * sizeof *copy);
    str = mfk__malloc(&g->alloc, u * 20 + 3);
    if (copy == NULL || str == NULL) {
        mfk__free(&g->alloc, copy);
        mfk__free(&g->alloc, str);
        return MFK_ENOMEM;
    }
    memcpy(copy, src, u * sizeof *copy);
    digits = mpn_get_str(str, 10, copy, (mp_size_t)u);
    if (len != NULL)
        *len = digits;
    if (digits + 1 > size) {
        mfk__free(&g->alloc, copy);
        mfk__free(&g->alloc, str);
        return MFK_ERANGE;
    }
    for (k = 0; k < digits; k++)
        buf[k] = (char)('0' + str[k]);
    buf[digits] = '\0';
    mfk__free(&g->alloc, copy);
    mfk__free(&g->alloc, str);
    return MFK_OK;
}
