/* Analysis: the indices of minimal winning coalitions (Deegan-Packel,
 * Holler's Public Good) and Johnston's, in games of weights and quota.
 *
 * Coalitions are counted, never listed, by generating functions over
 * weights held as exact integers (as in power.c). Players are taken by
 * weight, heaviest first. A coalition is minimal winning exactly when it
 * wins and loses without its lightest member (by that order), so the
 * minimal winning coalitions whose lightest member is the player at
 * position r are the coalitions T of the players before r weighing from
 * q - w_r to q - 1, with r added:
 *     F_r(s, x): coalitions of s players among the first r, weighing x;
 *     K_r(t, y): pairs (j, B), j after r and B among the players between
 *                r and j, t - 1 of them, with y + w(B) in [q - w_j, q).
 * The coalitions holding the player at r are those where it is the
 * lightest (F_{r-1} in its window) and those with a lighter j (F_{r-1}
 * and K_r joined at y = x + w_r). F_n comes from a forward pass; the
 * backward pass divides one player out of F at a time and adds it to K,
 * so that each table is held once: O(n q) cells for Public Good, O(n^2 q)
 * with the sizes Deegan-Packel needs.
 *
 * In a winning coalition of weight q + e the critical members (those
 * without whom it loses) are the members heavier than e. For the e
 * between two successive distinct weights the heavier players A are the
 * same; a coalition is H in A with its k members and any L outside A
 * with w(H) + w(L) = q + e, and each of the k members gets 1/k of it
 * (Johnston 1978). H is counted by size and weight, L by weight, and A
 * grows by one weight at a time while L's table has it divided out. */
#include "analysis/power-private.h"

#include <stdlib.h>
#include <string.h>

/* Players by weight, heaviest first, into a new *order. */
static int by_weight(const mfk_game *g, size_t **order)
{
    size_t n = g->n, i, *idx, *tmp;
    idx = mfk__calloc(&g->alloc, n, sizeof *idx);
    tmp = mfk__calloc(&g->alloc, n, sizeof *tmp);
    if (idx == NULL || tmp == NULL) {
        mfk__free(&g->alloc, idx);
        mfk__free(&g->alloc, tmp);
        return MFK_ENOMEM;
    }
    for (i = 0; i < n; i++)
        idx[i] = i;
    mfk__sort_players(idx, tmp, n, g->w, 1);
    mfk__free(&g->alloc, tmp);
    *order = idx;
    return MFK_OK;
}

static size_t sum_bytes(size_t a, size_t b)
{
    return a > SIZE_MAX - b ? SIZE_MAX : a + b;
}

/* rows x cells counts of L limbs, or SIZE_MAX past the limit */
static size_t table_bytes(size_t rows, size_t cells, size_t L)
{
    size_t x, y;
    if (mfk__over(rows, cells, &x) || mfk__over(x, L * sizeof(mp_limb_t), &y))
        return SIZE_MAX;
    return y;
}

size_t mfk__game_minimal_bytes(const mfk_game *g, int dp)
{
    size_t L = limbs_for_bits(g->n), rows = dp ? g->n + 1 : 1;
    size_t t = table_bytes(rows, g->quota, L);
    /* F and K, and the counts by size of one player */
    return sum_bytes(sum_bytes(t, t), table_bytes(g->n + 2, 1, 2 * L + 2));
}

static unsigned long heaviest(const mfk_game *g)
{
    unsigned long m = 0;
    size_t i;
    for (i = 0; i < g->n; i++)
        if (g->w[i] > m)
            m = g->w[i];
    return m;
}

/* The weights Johnston's tables span: q + e for e below the heaviest
 * weight, and no more than the total. */
static unsigned long johnston_span(const mfk_game *g)
{
    unsigned long h = heaviest(g), top = g->quota + (h ? h - 1 : 0);
    return (top < g->total ? top : g->total) + 1;
}

size_t mfk__game_johnston_bytes(const mfk_game *g)
{
    size_t L = limbs_for_bits(g->n);
    size_t span = johnston_span(g);
    size_t h = table_bytes(g->n + 1, span, L);
    size_t l = table_bytes(2, span, L + 1);
    return sum_bytes(sum_bytes(h, h), sum_bytes(l, table_bytes(g->n + 2, 1,
                                                             2 * L + 2)));
}

/* ---- minimal winning coalitions ---------------------------------------- */

struct mwc {
    size_t n, L, rows, A; /* players, limbs, size rows, limbs of a sum */
    unsigned long q;
    mp_limb_t *F, *K;     /* rows x q cells */
    mp_limb_t *acc;       /* (n + 2) sums by size, A limbs each */
    mp_limb_t *prod;      /* 2 L limbs */
};

static mp_limb_t *at(const struct mwc *m, mp_limb_t *t, size_t s,
                     unsigned long x)
{
    return t + ((size_t)s * m->q + x) * m->L;
}

static void acc_add(struct mwc *m, size_t size, const mp_limb_t *v, size_t l)
{
    if (!limbs_zero(v, l))
        mpn_add(m->acc + size * m->A, m->acc + size * m->A, (mp_size_t)m->A,
                v, (mp_size_t)limbs_used(v, l));
}

static void acc_add_product(struct mwc *m, size_t size, const mp_limb_t *a,
                            const mp_limb_t *b)
{
    size_t ua, ub;
    if (limbs_zero(a, m->L) || limbs_zero(b, m->L))
        return;
    ua = limbs_used(a, m->L);
    ub = limbs_used(b, m->L);
    if (ua >= ub)
        mpn_mul(m->prod, a, (mp_size_t)ua, b, (mp_size_t)ub);
    else
        mpn_mul(m->prod, b, (mp_size_t)ub, a, (mp_size_t)ua);
    acc_add(m, size, m->prod, ua + ub);
}

/* The minimal winning coalitions holding the player at the current
 * position, of weight w, by size into acc (F without it, K after it). */
static void holding(struct mwc *m, unsigned long w)
{
    unsigned long q = m->q, lo = q > w ? q - w : 0, x;
    size_t a, t;
    memset(m->acc, 0, (m->n + 2) * m->A * sizeof *m->acc);
    for (a = 0; a < m->rows; a++)
        for (x = lo; x < q; x++)
            acc_add(m, a + 1, at(m, m->F, a, x), m->L);
    if (w == 0 || w >= q)
        return;
    for (x = 0; x + w < q; x++)
        for (a = 0; a < m->rows; a++) {
            const mp_limb_t *f = at(m, m->F, a, x);
            if (limbs_zero(f, m->L))
                continue;
            if (m->rows == 1)
                acc_add_product(m, 1, f, at(m, m->K, 0, x + w));
            else
                for (t = 1; a + t < m->rows; t++)
                    acc_add_product(m, a + 1 + t, f, at(m, m->K, t, x + w));
        }
}

/* *out (freed first, then n doubles) = v[i] / sum, or 0 when sum is. */
static int shares(const mfk_allocator *al, double **out, const long double *v,
                  long double sum, size_t n)
{
    size_t i;
    mfk__free(al, *out);
    if ((*out = mfk__calloc(al, n, sizeof **out)) == NULL)
        return MFK_ENOMEM;
    for (i = 0; i < n; i++)
        (*out)[i] = sum > 0 ? (double)(v[i] / sum) : 0;
    return MFK_OK;
}

int mfk__game_minimal(mfk_game *g, int want_dp, int want_pg)
{
    const mfk_allocator *al = &g->alloc;
    struct mwc m;
    size_t *order = NULL, n = g->n, r, s, i, e;
    unsigned long q = g->quota, x;
    mp_limb_t *total = NULL;
    long double *num = NULL, *cnt = NULL, sum = 0, all;
    int rc;

    if (g->members_quota > 0 || g->min_blocking > 0)
        return MFK_EINVAL;
    if (mfk__game_minimal_bytes(g, want_dp) > GAME_MAX_BYTES)
        return MFK_ELIMIT;
    memset(&m, 0, sizeof m);
    m.n = n;
    m.L = limbs_for_bits(n);
    m.A = 2 * m.L + 2;
    m.q = q;
    m.rows = want_dp ? n + 1 : 1;
    if ((rc = by_weight(g, &order)) != MFK_OK)
        return rc;
    rc = MFK_ENOMEM;
    m.F = mfk__calloc(al, m.rows * q, m.L * sizeof *m.F);
    m.K = mfk__calloc(al, m.rows * q, m.L * sizeof *m.K);
    m.acc = mfk__calloc(al, n + 2, m.A * sizeof *m.acc);
    m.prod = mfk__calloc(al, 2 * m.L, sizeof *m.prod);
    total = mfk__calloc(al, m.A, sizeof *total);
    num = mfk__calloc(al, n, sizeof *num);
    cnt = mfk__calloc(al, n, sizeof *cnt);
    if (!m.F || !m.K || !m.acc || !m.prod || !total || !num || !cnt)
        goto done;

    /* forward: F_n below the quota */
    at(&m, m.F, 0, 0)[0] = 1;
    for (r = 0; r < n; r++) {
        unsigned long w = g->w[order[r]];
        if (w >= q)
            continue; /* it lifts every coalition to the quota or more */
        for (s = m.rows == 1 ? 0 : r + 1; s < m.rows; s--) {
            size_t from = m.rows == 1 ? 0 : s - 1;
            if (m.rows > 1 && s == 0)
                break;
            for (x = q; x-- > w;)
                cell_add(at(&m, m.F, s, x), at(&m, m.F, from, x - w), m.L);
            if (s == 0)
                break;
        }
    }
    /* backward: divide each player out of F, count, add it to K */
    for (r = n; r-- > 0;) {
        unsigned long w = g->w[order[r]], lo = q > w ? q - w : 0;
        if (w < q && (w > 0 || m.rows > 1)) {
            for (s = 0; s < m.rows; s++) {
                size_t from = m.rows == 1 ? 0 : s - 1;
                if (m.rows > 1 && s == 0)
                    continue;
                for (x = w; x < q; x++)
                    mpn_sub_n(at(&m, m.F, s, x), at(&m, m.F, s, x),
                              at(&m, m.F, from, x - w), (mp_size_t)m.L);
            }
        } else if (w == 0) {
            /* a player of weight 0 doubled every count: halved again */
            for (s = 0; s < m.rows; s++)
                for (x = 0; x < q; x++)
                    mpn_rshift(at(&m, m.F, s, x), at(&m, m.F, s, x),
                               (mp_size_t)m.L, 1);
        }
        /* the coalitions whose lightest member is this one */
        for (s = 0; s < m.rows; s++)
            for (x = lo; x < q; x++)
                if (!limbs_zero(at(&m, m.F, s, x), m.L))
                    mpn_add(total, total, (mp_size_t)m.A, at(&m, m.F, s, x),
                            (mp_size_t)m.L);
        /* the holder of its weight counted last in the order: once for
         * all players of that weight */
        if (r + 1 == n || g->w[order[r + 1]] != w) {
            long double d = 0, c = 0;
            holding(&m, w);
            for (s = 1; s <= n; s++) {
                long double v = limbs_ldexpl(m.acc + s * m.A, m.A, (long)n);
                c += v;
                d += v / (long double)s;
            }
            for (e = r + 1; e-- > 0 && g->w[order[e]] == w;) {
                num[order[e]] = d;
                cnt[order[e]] = c;
            }
        }
        /* K_{r-1} = K_r with this player among the B or as j */
        if (w >= q) {
            /* no y + w below the quota: only the window [0, q) as j */
        } else if (w > 0) {
            if (m.rows == 1) {
                for (x = 0; x + w < q; x++)
                    cell_add(at(&m, m.K, 0, x), at(&m, m.K, 0, x + w), m.L);
            } else {
                for (s = m.rows - 1; s >= 2; s--)
                    for (x = 0; x + w < q; x++)
                        cell_add(at(&m, m.K, s, x), at(&m, m.K, s - 1, x + w),
                                 m.L);
            }
        } else {
            /* weight 0: in B or not, the same y */
            for (s = m.rows == 1 ? 0 : m.rows - 1; ; s--) {
                if (m.rows > 1 && s < 2)
                    break;
                for (x = 0; x < q; x++)
                    cell_add(at(&m, m.K, s, x),
                             at(&m, m.K, m.rows == 1 ? 0 : s - 1, x), m.L);
                if (s == 0)
                    break;
            }
        }
        if (w > 0) {
            size_t row = m.rows == 1 ? 0 : 1;
            mp_limb_t one = 1;
            for (x = lo; x < q; x++)
                mpn_add(at(&m, m.K, row, x), at(&m, m.K, row, x),
                        (mp_size_t)m.L, &one, 1);
        }
    }

    all = limbs_ldexpl(total, m.A, (long)n);
    for (i = 0; i < n; i++)
        sum += cnt[i];
    rc = MFK_ENOMEM;
    if (want_dp && shares(al, &g->dp, num, all, n) != MFK_OK)
        goto done;
    if (want_pg && shares(al, &g->pg, cnt, sum, n) != MFK_OK)
        goto done;
    rc = MFK_OK;
done:
    mfk__free(al, order);
    mfk__free(al, m.F);
    mfk__free(al, m.K);
    mfk__free(al, m.acc);
    mfk__free(al, m.prod);
    mfk__free(al, total);
    mfk__free(al, num);
    mfk__free(al, cnt);
    return rc;
}

/* ---- Johnston's index ---------------------------------------------------- */

struct jt {
    size_t n, L, A;
    unsigned long span;
    mp_limb_t *H, *Hm; /* (n + 1) x span: coalitions of A by size, weight */
    mp_limb_t *B, *P;  /* span: coalitions outside A, and running sums */
    mp_limb_t *acc;    /* n + 2 sums of A limbs */
    mp_limb_t *win;    /* L limbs */
    mp_limb_t *prod;   /* 2 L limbs */
};

static mp_limb_t *hat(const struct jt *t, mp_limb_t *tab, size_t k,
                      unsigned long h)
{
    return tab + ((size_t)k * t->span + h) * t->L;
}

/* B without a player of weight w (w below span) */
static void b_divide(struct jt *t, unsigned long w)
{
    unsigned long x;
    if (w == 0) {
        for (x = 0; x < t->span; x++)
            mpn_rshift(t->B + x * t->L, t->B + x * t->L, (mp_size_t)t->L, 1);
        return;
    }
    for (x = w; x < t->span; x++)
        mpn_sub_n(t->B + x * t->L, t->B + x * t->L, t->B + (x - w) * t->L,
                  (mp_size_t)t->L);
}

/* J[i] for one player of weight u in A, the classes of e from elo to
 * ehi: the sum over k of the coalitions where it is one of k critical
 * members, by k (a / 2^n). */
static long double j_class(struct jt *t, unsigned long q, unsigned long u,
                           unsigned long elo, unsigned long ehi, size_t na)
{
    size_t k, L = t->L;
    unsigned long h;
    long double sum = 0;
    /* Hm = H without it */
    memcpy(t->Hm, t->H, (size_t)(na + 1) * t->span * L * sizeof *t->Hm);
    for (k = 1; k <= na; k++)
        for (h = u; h < t->span; h++)
            mpn_sub_n(hat(t, t->Hm, k, h), hat(t, t->Hm, k, h),
                      hat(t, t->Hm, k - 1, h - u), (mp_size_t)L);
    memset(t->acc, 0, (t->n + 2) * t->A * sizeof *t->acc);
    for (k = 1; k <= na; k++)
        for (h = 0; h + u <= q + ehi && h + u < t->span; h++) {
            const mp_limb_t *c = hat(t, t->Hm, k - 1, h);
            unsigned long top = q + ehi - h - u, bot;
            size_t uc, uw;
            if (limbs_zero(c, L))
                continue;
            bot = q + elo > h + u ? q + elo - h - u : 0;
            if (top >= t->span)
                top = t->span - 1;
            if (bot > top)
                continue;
            /* the coalitions outside A from bot to top: P(top) - P(bot-1) */
            memcpy(t->win, t->P + top * L, L * sizeof *t->win);
            if (bot > 0)
                mpn_sub_n(t->win, t->win, t->P + (bot - 1) * L, (mp_size_t)L);
            if (limbs_zero(t->win, L))
                continue;
            uc = limbs_used(c, L);
            uw = limbs_used(t->win, L);
            if (uc >= uw)
                mpn_mul(t->prod, c, (mp_size_t)uc, t->win, (mp_size_t)uw);
            else
                mpn_mul(t->prod, t->win, (mp_size_t)uw, c, (mp_size_t)uc);
            mpn_add(t->acc + k * t->A, t->acc + k * t->A, (mp_size_t)t->A,
                    t->prod, (mp_size_t)limbs_used(t->prod, uc + uw));
        }
    for (k = 1; k <= na; k++)
        sum += limbs_ldexpl(t->acc + k * t->A, t->A, (long)t->n) /
               (long double)k;
    return sum;
}

int mfk__game_johnston(mfk_game *g)
{
    const mfk_allocator *al = &g->alloc;
    struct jt t;
    size_t *order = NULL, n = g->n, r, k, na = 0, c0, c1, e, i;
    unsigned long q = g->quota, x;
    long double *J = NULL, sum = 0;
    int rc;

    if (g->members_quota > 0 || g->min_blocking > 0)
        return MFK_EINVAL;
    if (mfk__game_johnston_bytes(g) > GAME_MAX_BYTES)
        return MFK_ELIMIT;
    memset(&t, 0, sizeof t);
    t.n = n;
    t.L = limbs_for_bits(n);
    t.A = 2 * t.L + 2;
    t.span = johnston_span(g);
    if ((rc = by_weight(g, &order)) != MFK_OK)
        return rc;
    rc = MFK_ENOMEM;
    t.H = mfk__calloc(al, (n + 1) * t.span, t.L * sizeof *t.H);
    t.Hm = mfk__calloc(al, (n + 1) * t.span, t.L * sizeof *t.Hm);
    t.B = mfk__calloc(al, t.span, t.L * sizeof *t.B);
    t.P = mfk__calloc(al, t.span, t.L * sizeof *t.P);
    t.acc = mfk__calloc(al, n + 2, t.A * sizeof *t.acc);
    t.win = mfk__calloc(al, t.L, sizeof *t.win);
    t.prod = mfk__calloc(al, 2 * t.L, sizeof *t.prod);
    J = mfk__calloc(al, n, sizeof *J);
    if (!t.H || !t.Hm || !t.B || !t.P || !t.acc || !t.win || !t.prod || !J)
        goto done;
    /* B: every player, by weight up to the span */
    t.B[0] = 1;
    for (r = 0; r < n; r++) {
        unsigned long w = g->w[order[r]];
        if (w >= t.span)
            continue;
        for (x = t.span; x-- > w;)
            cell_add(t.B + x * t.L, t.B + (x - w) * t.L, t.L);
    }
    hat(&t, t.H, 0, 0)[0] = 1;
    for (c0 = 0; c0 < n; c0 = c1) {
        unsigned long v = g->w[order[c0]], elo;
        for (c1 = c0; c1 < n && g->w[order[c1]] == v; c1++) {
            /* into A: H gains it, B loses it */
            if (v < t.span) {
                for (k = na + 1; k >= 1; k--)
                    for (x = t.span; x-- > v;)
                        cell_add(hat(&t, t.H, k, x), hat(&t, t.H, k - 1, x - v),
                                 t.L);
                b_divide(&t, v);
            }
            na++;
        }
        if (v == 0)
            break; /* no member is heavier than e >= 0 */
        elo = c1 < n ? g->w[order[c1]] : 0;
        memcpy(t.P, t.B, t.L * sizeof *t.P);
        for (x = 1; x < t.span; x++)
            mpn_add_n(t.P + x * t.L, t.P + (x - 1) * t.L, t.B + x * t.L,
                      (mp_size_t)t.L);
        /* each weight in A, for one of its players */
        for (e = 0; e < c1;) {
            unsigned long u = g->w[order[e]];
            long double s = j_class(&t, q, u, elo, v - 1, na);
            for (; e < c1 && g->w[order[e]] == u; e++)
                J[order[e]] += s;
        }
    }
    for (i = 0; i < n; i++)
        sum += J[i];
    if (shares(al, &g->johnston, J, sum, n) != MFK_OK)
        goto done;
    rc = MFK_OK;
done:
    mfk__free(al, order);
    mfk__free(al, t.H);
    mfk__free(al, t.Hm);
    mfk__free(al, t.B);
    mfk__free(al, t.P);
    mfk__free(al, t.acc);
    mfk__free(al, t.win);
    mfk__free(al, t.prod);
    mfk__free(al, J);
    return rc;
}
