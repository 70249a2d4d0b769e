/* Analysis: win-sets, cores and the Pareto set, with Euclidean
 * preferences.
 *
 * Member i strictly prefers x to the status quo q when x lies in the open
 * ball around its ideal point through q. In one dimension those balls are
 * open intervals with q at one end, and the win-set, where the members
 * preferring x weigh at least the quota, is a union of open intervals
 * found by one sweep over their ends. In two dimensions the balls are open
 * discs whose circles all pass through q; the point of the win-set's
 * closure nearest a target is the target itself, the nearest point of one
 * circle, or a point where two circles cross, and a point of the open
 * win-set lies next to it in a direction that enters the discs. */
#include "core/core-private.h"
#include "io/io-private.h"

#include <errno.h>

#include <math.h>
#include <stdlib.h>
#include <string.h>

static int check_weights(size_t n, const double *weights, double quota,
                         double *total)
{
    size_t i;
    *total = 0;
    if (!isfinite(quota) || quota <= 0)
        return MFK_ERANGE;
    for (i = 0; i < n; i++) {
        double w = weights != NULL ? weights[i] : 1.0;
        if (!isfinite(w) || w < 0)
            return MFK_ERANGE;
        *total += w;
    }
    return MFK_OK;
}

static int check_points(size_t count, const double *x)
{
    size_t i;
    for (i = 0; i < count; i++)
        if (!isfinite(x[i]))
            return MFK_ERANGE;
    return MFK_OK;
}

/* A weight sum reaches the quota, allowing for rounding in the sum. No
 * member is no weight: the quota is above 0, however little. */
static int reaches(double sum, double quota, double total)
{
    return sum > 0 && sum >= quota - 1e-12 * (total > 1 ? total : 1);
}

static double weight_of(const double *weights, size_t i)
{
    return weights != NULL ? weights[i] : 1.0;
}

static int cmp_double(const void *pa, const void *pb)
{
    double a = *(const double *)pa, b = *(const double *)pb;
    return a < b ? -1 : a > b;
}

/* ---- one dimension ----------------------------------------------------- */

/* An end of a member's interval, with the member's weight. */
struct end {
    double x;
    double w;
};

static int cmp_end(const void *pa, const void *pb)
{
    return cmp_double(&((const struct end *)pa)->x,
                      &((const struct end *)pb)->x);
}

/* Writes the interval (lo, hi) as the next of the caller's; MFK_ERANGE
 * when there is no room. */
static int emit(double *intervals, size_t cap, size_t *out, double lo,
                double hi)
{
    if (*out >= cap)
        return MFK_ERANGE;
    intervals[2 * *out] = lo;
    intervals[2 * *out + 1] = hi;
    (*out)++;
    return MFK_OK;
}

int mfk_winset_1d(size_t n, const double *ideals, const double *weights,
                  double quota, double status_quo, double *intervals,
                  size_t cap, size_t *count, const mfk_allocator *alloc)
{
    mfk_allocator a;
    struct end *lo, *hi;
    double *pts, total, prev_start = 0;
    size_t i, m = 0, k, npts = 0, il = 0, ih = 0, out = 0;
    double open_w = 0; /* weight of intervals with lo <= current point */
    int rc, have = 0; /* an interval is open, from prev_start */

    if (count != NULL)
        *count = 0;
    if (n == 0 || ideals == NULL || count == NULL ||
        (intervals == NULL && cap > 0))
        return MFK_EINVAL;
    if ((rc = check_weights(n, weights, quota, &total)) != MFK_OK ||
        (rc = check_points(n, ideals)) != MFK_OK ||
        (rc = check_points(1, &status_quo)) != MFK_OK)
        return rc;
    mfk__alloc_init(&a, alloc);
    lo = mfk__calloc(&a, n, sizeof *lo);
    hi = mfk__calloc(&a, n, sizeof *hi);
    pts = mfk__calloc(&a, 2 * n + 1, sizeof *pts);
    if (lo == NULL || hi == NULL || pts == NULL) {
        rc = MFK_ENOMEM;
        goto done;
    }
    for (i = 0; i < n; i++) {
        double r = 2 * ideals[i] - status_quo, w = weight_of(weights, i);
        /* 2 x ideal may overflow where the reflection does not (an ideal
         * point at a status quo near DBL_MAX): then it is taken as ideal
         * + (ideal - q), infinite only where the real one is beyond
         * DBL_MAX, and every double on that side is preferred. */
        if (isinf(r))
            r = ideals[i] + (ideals[i] - status_quo);
        if (r == status_quo || w == 0)
            continue; /* prefers nothing to the status quo */
        lo[m].x = r < status_quo ? r : status_quo;
        hi[m].x = r < status_quo ? status_quo : r;
        lo[m].w = hi[m].w = w;
        pts[npts++] = lo[m].x;
        pts[npts++] = hi[m].x;
        m++;
    }
    qsort(lo, m, sizeof *lo, cmp_end);
    qsort(hi, m, sizeof *hi, cmp_end);
    qsort(pts, npts, sizeof *pts, cmp_double);
    /* distinct points */
    for (i = 0, k = 0; i < npts; i++)
        if (k == 0 || pts[i] != pts[k - 1])
            pts[k++] = pts[i];
    npts = k;
    rc = MFK_OK;
    for (k = 0; k + 1 < npts; k++) {
        double p = pts[k], at, seg;
        int point_ok, seg_ok;
        /* at the point: intervals with lo < p < hi (the last end is
         * above p, so ih stays below m) */
        while (hi[ih].x <= p)
            open_w -= hi[ih++].w;
        at = open_w;
        while (il < m && lo[il].x <= p)
            open_w += lo[il++].w;
        /* on (p, next): lo <= p and hi > p */
        seg = open_w;
        point_ok = reaches(at, quota, total); /* none at the first */
        seg_ok = reaches(seg, quota, total);
        if (seg_ok && !(have && point_ok)) {
            /* a new interval starts at p; the open one ends there */
            if (have && (rc = emit(intervals, cap, &out, prev_start, p)))
                break;
            have = 1;
            prev_start = p;
        } else if (!seg_ok && have) {
            if ((rc = emit(intervals, cap, &out, prev_start, p)) != MFK_OK)
                break;
            have = 0;
        }
    }
    if (rc == MFK_OK && have)
        rc = emit(intervals, cap, &out, prev_start, pts[npts - 1]);
    *count = out;
done:
    mfk__free(&a, lo);
    mfk__free(&a, hi);
    mfk__free(&a, pts);
    return rc;
}

int mfk_winset_core_1d(size_t n, const double *ideals, const double *weights,
                       double quota, int *empty, double *lo, double *hi,
                       const mfk_allocator *alloc)
{
    mfk_allocator a;
    struct end *e;
    double total, sum, a_x = 0, b_x = 0;
    size_t i;
    int rc;

    if (n == 0 || ideals == NULL || empty == NULL || lo == NULL || hi == NULL)
        return MFK_EINVAL;
    if ((rc = check_weights(n, weights, quota, &total)) != MFK_OK ||
        (rc = check_points(n, ideals)) != MFK_OK)
        return rc;
    if (!reaches(total, quota, total))
        return MFK_ERANGE; /* nothing ever wins: every point is core */
    mfk__alloc_init(&a, alloc);
    e = mfk__calloc(&a, n, sizeof *e);
    if (e == NULL)
        return MFK_ENOMEM;
    for (i = 0; i < n; i++) {
        e[i].x = ideals[i];
        e[i].w = weight_of(weights, i);
    }
    qsort(e, n, sizeof *e, cmp_end);
    /* x is in the core when the members on either side of it weigh less
     * than the quota: from a, the lowest ideal point with less than the
     * quota above it, to b, the highest with less than the quota below.
     * Nothing is above the highest point, nor below the lowest: a and b
     * are found. */
    for (i = n, sum = 0; i > 0 && !reaches(sum, quota, total);) {
        double v = e[i - 1].x;
        a_x = v;
        while (i > 0 && e[i - 1].x == v)
            sum += e[--i].w;
    }
    for (i = 0, sum = 0; i < n && !reaches(sum, quota, total);) {
        double v = e[i].x;
        b_x = v;
        while (i < n && e[i].x == v)
            sum += e[i++].w;
    }
    mfk__free(&a, e);
    *empty = a_x > b_x;
    *lo = a_x;
    *hi = b_x;
    return MFK_OK;
}

/* ---- two dimensions ---------------------------------------------------- */

struct disc {
    double cx, cy, r2, r, w;
};

struct cand {
    double x, y, d2;
};

static int cmp_cand(const void *pa, const void *pb)
{
    return cmp_double(&((const struct cand *)pa)->d2,
                      &((const struct cand *)pb)->d2);
}

/* The weight of the discs that hold (x, y) strictly inside. */
static double inside_weight(const struct disc *d, size_t m, double x, double y)
{
    double w = 0;
    size_t i;
    for (i = 0; i < m; i++) {
        double dx = x - d[i].cx, dy = y - d[i].cy;
        if (dx * dx + dy * dy < d[i].r2)
            w += d[i].w;
    }
    return w;
}

/* Looks for a point of the win-set within eps of p: p itself, or p moved
 * by eps in a direction that enters the discs whose circles pass by p.
 * The directions tried lie between the angles at which one of them stops
 * entering a disc, so every arrangement is tried once. */
static int near_point(const struct disc *d, size_t m, double quota,
                      double total, double px, double py, double eps,
                      double *angles, double *out)
{
    double strict = 0, bind = 0;
    size_t i, nb = 0, k;
    for (i = 0; i < m; i++) {
        double dx = px - d[i].cx, dy = py - d[i].cy;
        double delta = sqrt(dx * dx + dy * dy) - d[i].r;
        if (delta < -2 * eps) {
            strict += d[i].w;
        } else if (delta <= 2 * eps) {
            double th = atan2(d[i].cy - py, d[i].cx - px);
            bind += d[i].w;
            angles[nb++] = th - M_PI / 2;
            angles[nb++] = th + M_PI / 2;
        }
    }
    if (reaches(inside_weight(d, m, px, py), quota, total)) {
        out[0] = px;
        out[1] = py;
        return 1;
    }
    /* the discs that hold p strictly are among those inside: with no
     * circle by p (nb == 0), p itself would have done */
    if (!reaches(strict + bind, quota, total))
        return 0;
    for (k = 0; k < nb; k++) {
        /* into [-pi, pi) */
        angles[k] = fmod(angles[k] + 3 * M_PI, 2 * M_PI) - M_PI;
    }
    qsort(angles, nb, sizeof *angles, cmp_double);
    for (k = 0; k < nb; k++) {
        double a0 = angles[k],
               a1 = k + 1 < nb ? angles[k + 1] : angles[0] + 2 * M_PI;
        double u = (a0 + a1) / 2, x, y;
        if (a1 - a0 < 1e-12)
            continue;
        x = px + eps * cos(u);
        y = py + eps * sin(u);
        if (reaches(inside_weight(d, m, x, y), quota, total)) {
            out[0] = x;
            out[1] = y;
            return 1;
        }
    }
    return 0;
}

static void add_cand(struct cand *c, size_t *nc, double x, double y,
                     const double *t)
{
    c[*nc].x = x;
    c[*nc].y = y;
    c[*nc].d2 = (x - t[0]) * (x - t[0]) + (y - t[1]) * (y - t[1]);
    (*nc)++;
}

int mfk_winset_2d(size_t n, const double *ideals, const double *weights,
                  double quota, const double *status_quo, const double *target,
                  int *empty, double *point, const mfk_allocator *alloc)
{
    mfk_allocator a;
    struct disc *d = NULL;
    struct cand *c = NULL;
    double *angles = NULL, total, scale = 1, unit, eps, sq[2], tg[2];
    size_t i, j, m = 0, nc = 0, ncap;
    int rc, e;

    if (n == 0 || ideals == NULL || status_quo == NULL || target == NULL ||
        empty == NULL || point == NULL)
        return MFK_EINVAL;
    if (n > MFK_MAX_MEMBERS)
        return MFK_ELIMIT;
    if ((rc = check_weights(n, weights, quota, &total)) != MFK_OK ||
        (rc = check_points(2 * n, ideals)) != MFK_OK ||
        (rc = check_points(2, status_quo)) != MFK_OK ||
        (rc = check_points(2, target)) != MFK_OK)
        return rc;
    *empty = 1;
    mfk__alloc_init(&a, alloc);
    ncap = n * (n - 1) / 2 + n + 2;
    d = mfk__calloc(&a, n, sizeof *d);
    c = mfk__calloc(&a, ncap, sizeof *c);
    angles = mfk__calloc(&a, 2 * n, sizeof *angles);
    if (d == NULL || c == NULL || angles == NULL) {
        rc = MFK_ENOMEM;
        goto done;
    }
    for (i = 0; i < 2; i++) {
        if (fabs(status_quo[i]) > scale)
            scale = fabs(status_quo[i]);
        if (fabs(target[i]) > scale)
            scale = fabs(target[i]);
    }
    for (i = 0; i < 2 * n; i++)
        if (fabs(ideals[i]) > scale)
            scale = fabs(ideals[i]);
    /* The figures in units of the least power of two not below any of
     * them: the same arithmetic, exactly, but no square overflows and
     * every candidate below is finite. */
    frexp(scale, &e);
    unit = ldexp(0.5, e) == scale ? scale : ldexp(1, e);
    for (i = 0; i < 2; i++) {
        sq[i] = status_quo[i] / unit;
        tg[i] = target[i] / unit;
    }
    for (i = 0; i < n; i++) {
        double cx = ideals[2 * i] / unit, cy = ideals[2 * i + 1] / unit;
        double dx = sq[0] - cx, dy = sq[1] - cy;
        double w = weight_of(weights, i);
        if (w == 0 || (dx == 0 && dy == 0))
            continue;
        d[m].cx = cx;
        d[m].cy = cy;
        d[m].r2 = dx * dx + dy * dy;
        d[m].r = sqrt(d[m].r2);
        d[m].w = w;
        m++;
    }
    eps = 1e-10 * scale / unit;
    rc = MFK_OK;
    if (m == 0 || !reaches(total, quota, total))
        goto done;
    /* the target, the status quo, the nearest point of each circle, and
     * the second crossing of each two circles (the first is the status
     * quo): the reflection of the status quo in the line of centres */
    add_cand(c, &nc, tg[0], tg[1], tg);
    add_cand(c, &nc, sq[0], sq[1], tg);
    for (i = 0; i < m; i++) {
        double dx = tg[0] - d[i].cx, dy = tg[1] - d[i].cy;
        double len = sqrt(dx * dx + dy * dy);
        if (len == 0) {
            dx = 1;
            dy = 0;
            len = 1;
        }
        add_cand(c, &nc, d[i].cx + d[i].r * dx / len,
                 d[i].cy + d[i].r * dy / len, tg);
        for (j = i + 1; j < m; j++) {
            double ux = d[j].cx - d[i].cx, uy = d[j].cy - d[i].cy;
            double l2 = ux * ux + uy * uy, s, fx, fy;
            if (l2 == 0)
                continue; /* the same circle */
            s = ((sq[0] - d[i].cx) * ux + (sq[1] - d[i].cy) * uy) / l2;
            fx = d[i].cx + s * ux;
            fy = d[i].cy + s * uy;
            add_cand(c, &nc, 2 * fx - sq[0], 2 * fy - sq[1], tg);
        }
    }
    qsort(c, nc, sizeof *c, cmp_cand);
    for (i = 0; i < nc; i++)
        if (near_point(d, m, quota, total, c[i].x, c[i].y, eps, angles,
                       point)) {
            point[0] *= unit;
            point[1] *= unit;
            *empty = 0;
            break;
        }
done:
    mfk__free(&a, d);
    mfk__free(&a, c);
    mfk__free(&a, angles);
    return rc;
}

/* ---- the Pareto set ------------------------------------------------------ */

static double cross(const double *o, const double *p, const double *q)
{
    return (p[0] - o[0]) * (q[1] - o[1]) - (p[1] - o[1]) * (q[0] - o[0]);
}

static int cmp_point(const void *pa, const void *pb)
{
    const double *p = pa, *q = pb;
    if (p[0] != q[0])
        return p[0] < q[0] ? -1 : 1;
    return cmp_double(&p[1], &q[1]);
}

/* The hull of the sorted points pts[0..n-1] (pairs), corners
 * counter-clockwise from the lowest-leftmost, into hull; returns their
 * number (one for a single point, two for points on a line). */
static size_t monotone_chain(const double *pts, size_t n, double *hull)
{
    size_t k = 0, i, lower;
    if (n == 1) {
        hull[0] = pts[0];
        hull[1] = pts[1];
        return 1;
    }
    for (i = 0; i < n; i++) {
        while (k >= 2 &&
               cross(hull + 2 * (k - 2), hull + 2 * (k - 1), pts + 2 * i) <= 0)
            k--;
        hull[2 * k] = pts[2 * i];
        hull[2 * k + 1] = pts[2 * i + 1];
        k++;
    }
    lower = k + 1;
    for (i = n - 1; i-- > 0;) {
        while (k >= lower &&
               cross(hull + 2 * (k - 2), hull + 2 * (k - 1), pts + 2 * i) <= 0)
            k--;
        hull[2 * k] = pts[2 * i];
        hull[2 * k + 1] = pts[2 * i + 1];
        k++;
    }
    return k - 1; /* the first point again; two points make two corners */
}

/* Sorted, distinct copies of the points; returns how many. */
static size_t sorted_points(const double *ideals, size_t n, double *pts)
{
    size_t i, k = 0;
    memcpy(pts, ideals, 2 * n * sizeof *pts);
    qsort(pts, n, 2 * sizeof *pts, cmp_point);
    for (i = 0; i < n; i++)
        if (k == 0 || cmp_point(pts + 2 * i, pts + 2 * (k - 1)) != 0) {
            pts[2 * k] = pts[2 * i];
            pts[2 * k + 1] = pts[2 * i + 1];
            k++;
        }
    return k;
}

int mfk_pareto_hull(size_t n, const double *ideals, double *hull, size_t *count,
                    const mfk_allocator *alloc)
{
    mfk_allocator a;
    double *pts, *tmp;
    size_t k;
    int rc;

    if (n == 0 || ideals == NULL || hull == NULL || count == NULL)
        return MFK_EINVAL;
    if ((rc = check_points(2 * n, ideals)) != MFK_OK)
        return rc;
    mfk__alloc_init(&a, alloc);
    pts = mfk__calloc(&a, 2 * n, sizeof *pts);
    tmp = mfk__calloc(&a, 2 * (n + 1), sizeof *tmp);
    if (pts == NULL || tmp == NULL) {
        mfk__free(&a, pts);
        mfk__free(&a, tmp);
        return MFK_ENOMEM;
    }
    k = monotone_chain(pts, sorted_points(ideals, n, pts), tmp);
    memcpy(hull, tmp, 2 * k * sizeof *hull);
    *count = k;
    mfk__free(&a, pts);
    mfk__free(&a, tmp);
    return MFK_OK;
}

int mfk_pareto_contains(size_t n, unsigned dims, const double *ideals,
                        const double *point, int *inside,
                        const mfk_allocator *alloc)
{
    mfk_allocator a;
    double *pts, *hull, scale = 1, tol;
    size_t i, k;
    int rc;

    if (n == 0 || ideals == NULL || point == NULL || inside == NULL ||
        dims < 1 || dims > 2)
        return MFK_EINVAL;
    if ((rc = check_points(dims * n, ideals)) != MFK_OK ||
        (rc = check_points(dims, point)) != MFK_OK)
        return rc;
    if (dims == 1) {
        double lo = ideals[0], hi = ideals[0];
        for (i = 1; i < n; i++) {
            if (ideals[i] < lo)
                lo = ideals[i];
            if (ideals[i] > hi)
                hi = ideals[i];
        }
        *inside = point[0] >= lo && point[0] <= hi;
        return MFK_OK;
    }
    mfk__alloc_init(&a, alloc);
    pts = mfk__calloc(&a, 2 * n, sizeof *pts);
    hull = mfk__calloc(&a, 2 * (n + 1), sizeof *hull);
    if (pts == NULL || hull == NULL) {
        mfk__free(&a, pts);
        mfk__free(&a, hull);
        return MFK_ENOMEM;
    }
    for (i = 0; i < 2 * n; i++)
        if (fabs(ideals[i]) > scale)
            scale = fabs(ideals[i]);
    tol = 1e-12 * scale * scale;
    k = monotone_chain(pts, sorted_points(ideals, n, pts), hull);
    if (k == 1) {
        *inside = point[0] == hull[0] && point[1] == hull[1];
    } else if (k == 2) {
        /* a segment: on its line, between its ends */
        double t = (point[0] - hull[0]) * (hull[2] - hull[0]) +
                   (point[1] - hull[1]) * (hull[3] - hull[1]);
        double l2 = (hull[2] - hull[0]) * (hull[2] - hull[0]) +
                    (hull[3] - hull[1]) * (hull[3] - hull[1]);
        *inside = fabs(cross(hull, hull + 2, point)) <= tol && t >= -tol &&
                  t <= l2 + tol;
    } else {
        *inside = 1;
        for (i = 0; i < k && *inside; i++)
            if (cross(hull + 2 * i, hull + 2 * ((i + 1) % k), point) < -tol)
                *inside = 0;
    }
    mfk__free(&a, pts);
    mfk__free(&a, hull);
    return MFK_OK;
}

int mfk_winset_quota(const char *rule, size_t n, size_t *quota,
                     mfk_error *err)
{
    char *end;
    unsigned long k;

    if (rule == NULL || quota == NULL)
        return mfk__error_set(err, MFK_EINVAL, NULL, "no rule");
    mfk__error_clear(err);
    if (strcmp(rule, "unanimity") == 0) {
        *quota = n;
        return MFK_OK;
    }
    if (strcmp(rule, "majority") == 0) {
        *quota = n / 2 + 1;
        return MFK_OK;
    }
    if (strncmp(rule, "quota:", 6) == 0 && rule[6] != '-') {
        errno = 0;
        k = strtoul(rule + 6, &end, 10);
        if (end != rule + 6 && *end == '\0' && errno == 0 && k >= 1 &&
            k <= n) {
            *quota = (size_t)k;
            return MFK_OK;
        }
    }
    /* A range of one value reads as that value. */
    if (n == 1)
        return mfk__error_set(err, MFK_EINVAL, NULL,
                              "\"%s\" is not unanimity, majority or quota:1",
                              rule);
    return mfk__error_set(err, MFK_EINVAL, NULL,
                          "\"%s\" is not unanimity, majority or quota:K "
                          "with K from 1 to %zu",
                          rule, n);
}
