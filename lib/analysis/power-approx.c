/* Analysis: Banzhaf and Shapley-Shubik indices of large weighted games by
 * the multilinear extension (Owen 1972, 1975), with Leech's treatment of
 * large shareholdings (Leech 1998, 2003).
 *
 * A player's absolute Banzhaf index is the chance that the others'
 * weight X falls in [q - w_i, q) when each of them joins with chance 1/2;
 * its Shapley-Shubik index is the integral over p from 0 to 1 of the same
 * chance when each joins with chance p. The heaviest players (the
 * "majors", at most MAJORS) are taken exactly, every coalition of them
 * with its chance; the weight of the others (the "minors") is taken as
 * normal, with the continuity correction of integer weights. Its error is
 * bounded by Berry-Esseen's inequality for independent, not identically
 * distributed terms: |P(X <= x) - Phi((x - mu) / sigma)| <= C rho /
 * sigma^3, rho the sum of the terms' third absolute central moments and
 * C = 0.5600 (Shevtsova 2010). A window of X is two such points. The
 * majors are as many as make that bound smallest, 25% smaller for each
 * more one taken. */
#include "analysis/power-private.h"

#include <limits.h>
#include <stdlib.h>

#define MAJORS 10
#define BERRY_ESSEEN 0.5600

/* P(a <= X <= b) for X of integers, normal (mu, sd); sd 0: X is mu. */
static double window(double a, double b, double mu, double sd)
{
    double za, zb;
    if (b < a)
        return 0;
    if (sd <= 0)
        return mu >= a - 0.5 && mu <= b + 0.5 ? 1 : 0;
    za = (a - 0.5 - mu) / (sd * M_SQRT2);
    zb = (b + 0.5 - mu) / (sd * M_SQRT2);
    if (za > 0)
        return 0.5 * (erfc(za) - erfc(zb));
    return 0.5 * (erfc(-zb) - erfc(-za));
}

/* Gauss-Legendre, 8 nodes on [-1, 1] (half of them: symmetric). */
static const double gl_x[4] = {0.1834346424956498, 0.5255324099163290,
                               0.7966664774136267, 0.9602898564975363};
static const double gl_w[4] = {0.3626837833783620, 0.3137066458778873,
                               0.2223810344533745, 0.1012285362903763};

struct approx {
    unsigned long q;
    size_t m;               /* majors */
    const unsigned long *mw; /* their weights */
    double tm, s2, s3;      /* the minors of the other players */
};

/* The integrand of Shapley-Shubik at p for one coalition M' of k of the
 * mo other majors, of weight wm. */
static double ss_at(const struct approx *a, double p, double lo, double hi,
                    size_t k, size_t mo)
{
    double pk = pow(p, (double)k) * pow(1 - p, (double)(mo - k));
    return pk * window(lo, hi, p * a->tm, sqrt(p * (1 - p) * a->s2));
}

/* The integral over [0, 1] for one M': where the window can be met. */
static double ss_coalition(const struct approx *a, double lo, double hi,
                           size_t k, size_t mo)
{
    double smax = sqrt(a->s2) / 2, plo, phi, mid, sd, sum = 0, width;
    size_t panels, j, t;
    if (a->tm <= 0 || a->s2 <= 0) {
        /* no minors: the window holds 0 or not, for the Beta integral
         * k! (mo - k)! / (mo + 1)! of the majors' chance */
        double beta = 1;
        if (!(lo <= 0 && 0 <= hi))
            return 0;
        for (j = 1; j <= k; j++)
            beta *= (double)j / (double)(mo - k + j);
        return beta / (double)(mo + 1);
    }
    plo = (lo - 0.5 - 12 * smax) / a->tm;
    phi = (hi + 0.5 + 12 * smax) / a->tm;
    if (plo < 0)
        plo = 0;
    if (phi > 1)
        phi = 1;
    if (phi <= plo)
        return 0;
    mid = (lo + hi) / 2 / a->tm;
    if (mid < 1e-9)
        mid = 1e-9;
    if (mid > 1 - 1e-9)
        mid = 1 - 1e-9;
    sd = sqrt(mid * (1 - mid) * a->s2) / a->tm; /* the bump's width in p */
    panels = (size_t)ceil((phi - plo) / (sd > 0 ? sd : 1e-9));
    /* at most 1,024 panels, fewer the more coalitions of majors there are
     * (2^mo integrals a player), at least 16 */
    if (panels > ((size_t)8192 >> (mo < 13 ? mo : 13)))
        panels = (size_t)8192 >> (mo < 13 ? mo : 13);
    if (panels > 1024)
        panels = 1024;
    if (panels < 16)
        panels = 16;
    width = (phi - plo) / (double)panels;
    for (j = 0; j < panels; j++) {
        double c = plo + (j + 0.5) * width, h = width / 2;
        for (t = 0; t < 4; t++)
            sum += gl_w[t] * h *
                   (ss_at(a, c - h * gl_x[t], lo, hi, k, mo) +
                    ss_at(a, c + h * gl_x[t], lo, hi, k, mo));
    }
    return sum;
}

/* One player of weight w: its absolute Banzhaf index and Shapley-Shubik
 * index over the coalitions of the other majors (skip: its own place
 * among the majors, or m for a minor). */
static void player(const struct approx *a, unsigned long w, size_t skip,
                   double *bz, double *ss, int want_ss)
{
    size_t mo = a->m - (skip < a->m), sub, t, k;
    double b = 0, s = 0, half = ldexp(1, -(int)mo);
    for (sub = 0; sub < ((size_t)1 << a->m); sub++) {
        double wm = 0, lo, hi;
        if (skip < a->m && (sub >> skip & 1))
            continue;
        for (t = 0, k = 0; t < a->m; t++)
            if (sub >> t & 1) {
                wm += (double)a->mw[t];
                k++;
            }
        lo = (double)a->q - (double)w - wm;
        hi = (double)a->q - 1 - wm;
        b += half * window(lo, hi, a->tm / 2, sqrt(a->s2) / 2);
        if (want_ss)
            s += ss_coalition(a, lo, hi, k, mo);
    }
    *bz = b;
    *ss = s;
}

/* The minors' distinct weights by open addressing: slot of weight w in
 * a table of cap (a power of two) slots, ULONG_MAX marking a free one
 * (weights are at most ULONG_MAX / 2). */
static size_t slot(const unsigned long *keys, size_t cap, unsigned long w)
{
    size_t h = (size_t)((w * 0x9e3779b97f4a7c15ULL) >> 17) & (cap - 1);
    while (keys[h] != ULONG_MAX && keys[h] != w)
        h = (h + 1) & (cap - 1);
    return h;
}

/* The estimates and bounds of one player (or a weight of minors) into
 * the game's arrays at p, from its absolute Banzhaf estimate bz, its
 * Shapley-Shubik estimate ss and k = rho / sigma^3 of the others'
 * minors. */
static void put(mfk_game *g, double *abs_bz, double *eps, size_t p, double bz,
                double ss, double k)
{
    abs_bz[p] = bz;
    eps[p] = fmin(1, 2 * BERRY_ESSEEN * k);
    g->approx[1][p] = ss;
    /* the integral over p of C rho(p) / sigma(p)^3, at two points */
    g->error[1][p] = fmin(1, 2 * BERRY_ESSEEN * k * 0.75 * M_PI);
}

static int is_major(const size_t *major, size_t best, size_t i)
{
    size_t j;
    for (j = 0; j < best; j++)
        if (major[j] == i)
            return 1;
    return 0;
}

int mfk__game_approximate(mfk_game *g, int want_bz, int want_ss)
{
    const mfk_allocator *al = &g->alloc;
    size_t n = g->n, i, j, m, best, nd = 0, major[MAJORS], cap = 16, *di = NULL;
    size_t top = n < MAJORS ? n : MAJORS;
    double t2 = 0, t3 = 0, tm = 0, pre2 = 0, pre3 = 0, kbest = 0;
    double *abs_bz = NULL, *eps = NULL, sum = 0, esum = 0;
    double *dbz = NULL, *dss = NULL, *dk = NULL;
    unsigned long mw[MAJORS], *dw = NULL, *keys = NULL;
    struct approx a;
    int rc = MFK_ENOMEM;

    abs_bz = mfk__calloc(al, n, sizeof *abs_bz);
    eps = mfk__calloc(al, n, sizeof *eps);
    while (cap < 2 * n)
        cap *= 2;
    dw = mfk__calloc(al, n, sizeof *dw);
    keys = mfk__calloc(al, cap, sizeof *keys);
    di = mfk__calloc(al, cap, sizeof *di);
    g->approx[0] = mfk__calloc(al, n, sizeof *g->approx[0]);
    g->approx[1] = mfk__calloc(al, n, sizeof *g->approx[1]);
    g->error[0] = mfk__calloc(al, n, sizeof *g->error[0]);
    g->error[1] = mfk__calloc(al, n, sizeof *g->error[1]);
    if (!abs_bz || !eps || !dw || !keys || !di || !g->approx[0] || !g->approx[1] ||
        !g->error[0] || !g->error[1])
        goto done;
    /* the heaviest players, heaviest first (of equal weights the lower
     * index), by one pass with a short list */
    for (i = 0, m = 0; i < n; i++) {
        unsigned long w = g->w[i];
        double x = (double)w;
        t2 += x * x;
        t3 += x * x * x;
        if (m == top && g->w[major[m - 1]] >= w)
            continue;
        j = m < top ? m++ : m - 1;
        for (; j > 0 && g->w[major[j - 1]] < w; j--)
            major[j] = major[j - 1];
        major[j] = i;
    }
    /* the majors: the fewest that make C rho / sigma^3 smallest */
    best = 0;
    kbest = t2 > 0 ? t3 / pow(t2, 1.5) : 0;
    for (m = 1; m <= top; m++) {
        double w = (double)g->w[major[m - 1]], k2, k3, kk;
        pre2 += w * w;
        pre3 += w * w * w;
        k2 = t2 - pre2;
        k3 = t3 - pre3;
        kk = k2 > 0 ? k3 / pow(k2, 1.5) : 0;
        if (kk < 0.75 * kbest || (kk == 0 && kbest > 0)) {
            best = m;
            kbest = kk;
        }
    }
    a.q = g->quota;
    a.m = best;
    pre2 = pre3 = 0;
    for (j = 0; j < best; j++) {
        double w = (double)(mw[j] = g->w[major[j]]);
        pre2 += w * w;
        pre3 += w * w * w;
        tm -= w;
    }
    a.mw = mw;
    /* the minors' distinct weights, dw[0..nd-1] */
    for (i = 0; i < cap; i++)
        keys[i] = ULONG_MAX;
    for (i = 0; i < n; i++)
        tm += (double)g->w[i];
    for (i = 0; i < n; i++) {
        size_t h;
        if (is_major(major, best, i))
            continue;
        h = slot(keys, cap, g->w[i]);
        if (keys[h] == ULONG_MAX) {
            keys[h] = g->w[i];
            di[h] = nd;
            dw[nd++] = g->w[i];
        }
    }
    dbz = mfk__calloc(al, nd ? nd : 1, sizeof *dbz);
    dss = mfk__calloc(al, nd ? nd : 1, sizeof *dss);
    dk = mfk__calloc(al, nd ? nd : 1, sizeof *dk);
    if (!dbz || !dss || !dk)
        goto done;
    /* each major, then each distinct weight of the minors */
    for (i = 0; i < best + nd; i++) {
        int minor = i >= best;
        unsigned long wi = minor ? dw[i - best] : mw[i];
        double w = (double)wi, bz, ss, k;
        a.tm = tm - (minor ? w : 0);
        a.s2 = t2 - pre2 - (minor ? w * w : 0);
        a.s3 = t3 - pre3 - (minor ? w * w * w : 0);
        if (a.s2 < 0.5) /* rounding: no minor of weight left */
            a.s2 = a.tm = a.s3 = 0;
        player(&a, wi, minor ? best : i, &bz, &ss, want_ss);
        k = a.s2 > 0 ? a.s3 / pow(a.s2, 1.5) : 0;
        if (!minor) {
            put(g, abs_bz, eps, major[i], bz, ss, k);
        } else {
            dbz[i - best] = bz;
            dss[i - best] = ss;
            dk[i - best] = k;
        }
    }
    for (i = 0; i < n; i++) {
        size_t d;
        if (is_major(major, best, i))
            continue;
        d = di[slot(keys, cap, g->w[i])];
        put(g, abs_bz, eps, i, dbz[d], dss[d], dk[d]);
    }
    for (i = 0; i < n; i++) {
        sum += abs_bz[i];
        esum += eps[i];
    }
    for (i = 0; i < n; i++) {
        double est = sum > 0 ? abs_bz[i] / sum : 0, lo, hi;
        lo = fmax(0, abs_bz[i] - eps[i]) / (sum + esum);
        hi = sum > esum ? (abs_bz[i] + eps[i]) / (sum - esum) : 1;
        g->approx[0][i] = est;
        g->error[0][i] = fmin(1, fmax(hi - est, est - lo));
    }
    if (!want_bz) {
        mfk__free(al, g->approx[0]);
        mfk__free(al, g->error[0]);
        g->approx[0] = g->error[0] = NULL;
    }
    if (!want_ss) {
        mfk__free(al, g->approx[1]);
        mfk__free(al, g->error[1]);
        g->approx[1] = g->error[1] = NULL;
    }
    rc = MFK_OK;
done:
    mfk__free(al, abs_bz);
    mfk__free(al, eps);
    mfk__free(al, dw);
    mfk__free(al, keys);
    mfk__free(al, di);
    mfk__free(al, dbz);
    mfk__free(al, dss);
    mfk__free(al, dk);
    return rc;
}
