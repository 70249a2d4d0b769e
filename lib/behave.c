/* The behaviour model (members' stances from their ideal points) and the
 * default chair strategy. */
#include "mufakat-private.h"

#include <math.h>
#include <string.h>

double mfk__distance(const mfk_body *b, size_t i, const double *x)
{
    const double *ideal = b->ideal + i * b->dims;
    const double *sal = b->salience + i * b->dims;
    double s = 0;
    unsigned k;
    for (k = 0; k < b->dims; k++) {
        double d = x[k] - ideal[k];
        s += sal[k] * d * d;
    }
    return sqrt(s);
}

mfk_stance mfk_model_stance(const mfk_body *b, size_t i,
                            const double *position, const double *status_quo)
{
    if (b == NULL || i >= b->n || !b->has_ideal[i] || position == NULL ||
        status_quo == NULL)
        return MFK_SILENT;
    return mfk__distance(b, i, position) >
                   mfk__distance(b, i, status_quo) + b->tolerance[i]
               ? MFK_OBJECT
               : MFK_JOIN;
}

int mfk_model_stances(const mfk_consultation *c, unsigned round,
                      unsigned char *stances, void *ud)
{
    const mfk_body *b = mfk_consultation_body(c);
    const mfk_proposal *p = mfk_consultation_proposal(c);
    const double *pos = mfk_proposal_position(p);
    const double *sq = mfk_proposal_status_quo(p);
    size_t i;

    (void)round;
    (void)ud;
    if (b == NULL || stances == NULL)
        return MFK_EINVAL;
    if (pos == NULL || sq == NULL || !mfk_body_has_ideals(b))
        return MFK_EINVAL;
    for (i = 0; i < b->n; i++)
        stances[i] = (unsigned char)mfk_model_stance(b, i, pos, sq);
    return MFK_OK;
}

/* True when no member's model objects to x. */
static int agreeable(const mfk_body *b, const double *x, const double *sq)
{
    size_t i;
    for (i = 0; i < b->n; i++)
        if (mfk_model_stance(b, i, x, sq) == MFK_OBJECT)
            return 0;
    return 1;
}

static void point_at(unsigned dims, const double *pos, const double *v,
                     double t, double *y);

static double norm(unsigned dims, const double *v)
{
    double s = 0;
    unsigned k;
    for (k = 0; k < dims; k++)
        s += v[k] * v[k];
    return sqrt(s);
}

/* Rounds y, coordinate by coordinate, towards the middle point of the
 * acceptable segment, to the fewest decimals that move it by at most
 * `slack` and leave it acceptable: a chair drafts 0.549, not
 * 0.54999999999999993. y is left as it was when no rounding fits. */
static void snap(const mfk_body *b, unsigned dims, double *y,
                 const double *pos, const double *v, double tmid,
                 const double *sq, double slack)
{
    double mid[MFK_MAX_DIMS], cand[MFK_MAX_DIMS], scale = 1;
    unsigned k;
    int d;

    point_at(dims, pos, v, tmid, mid);
    for (d = 0; d <= 15; d++, scale *= 10) {
        double moved = 0;
        for (k = 0; k < dims; k++) {
            double r = mid[k] < y[k] ? floor(y[k] * scale) / scale
                                     : ceil(y[k] * scale) / scale;
            cand[k] = r;
            moved += (r - y[k]) * (r - y[k]);
        }
        if (sqrt(moved) > slack)
            continue;
        if (agreeable(b, cand, sq) &&
            memcmp(cand, sq, dims * sizeof *cand) != 0) {
            memcpy(y, cand, dims * sizeof *cand);
            return;
        }
    }
}

static void point_at(unsigned dims, const double *pos, const double *v,
                     double t, double *y)
{
    unsigned k;
    for (k = 0; k < dims; k++)
        y[k] = pos[k] + t * v[k];
}

/*
 * The default strategy. On the line y(t) = pos + t v through the current
 * position (t = 0) and the status quo (t = tq), member i accepts the
 * points where d_i(y(t)) <= d_i(sq) + tolerance_i, an interval of t since
 * d_i^2 is a quadratic in t. The chair takes the intersection [lo, hi] of
 * all of them, and proposes its point nearest t = 0; where that point is
 * the status quo itself, the middle of the part of [lo, hi] on its far
 * side. The candidate is checked with the model's own comparison; where
 * rounding at an edge makes a member object, it is moved by bisection
 * towards the middle of its part of [lo, hi] until it passes. Last, it is
 * rounded to the fewest decimals that move it by at most 1% of the
 * acceptable segment's length and still pass.
 */
int mfk_chair_default(mfk_consultation *c, unsigned round, void *ud)
{
    const mfk_body *b = mfk_consultation_body(c);
    const mfk_proposal *p = mfk_consultation_proposal(c);
    const double *pos, *sq;
    double v[MFK_MAX_DIMS], y[MFK_MAX_DIMS];
    double lo = -INFINITY, hi = INFINITY, tq = 1, t, mid, width;
    unsigned k, dims;
    size_t i;
    int moved = 0, step;

    (void)round;
    (void)ud;
    if (b == NULL)
        return MFK_EINVAL;
    pos = mfk_proposal_position(p);
    sq = mfk_proposal_status_quo(p);
    if (pos == NULL || sq == NULL || !mfk_body_has_ideals(b))
        return MFK_DONE;
    dims = b->dims;
    for (k = 0; k < dims; k++) {
        v[k] = sq[k] - pos[k];
        if (v[k] != 0)
            moved = 1;
    }
    if (!moved) {
        /* The text stands at the status quo: in one dimension look either
         * way along the line; in more there is no line to follow. */
        if (dims != 1)
            return MFK_DONE;
        v[0] = 1;
        tq = 0;
    }
    for (i = 0; i < b->n; i++) {
        const double *x = b->ideal + i * dims, *s = b->salience + i * dims;
        double A = 0, B = 0, C = 0, R, disc, root;
        R = mfk__distance(b, i, sq) + b->tolerance[i];
        if (R < 0)
            return MFK_DONE;
        for (k = 0; k < dims; k++) {
            double e = pos[k] - x[k];
            A += s[k] * v[k] * v[k];
            B += s[k] * v[k] * e;
            C += s[k] * e * e;
        }
        if (A == 0) {
            if (C > R * R)
                return MFK_DONE;
            continue;
        }
        disc = B * B - A * (C - R * R);
        if (disc < 0)
            return MFK_DONE;
        root = sqrt(disc);
        if ((-B - root) / A > lo)
            lo = (-B - root) / A;
        if ((-B + root) / A < hi)
            hi = (-B + root) / A;
    }
    if (lo > hi)
        return MFK_DONE;
    t = 0 < lo ? lo : (0 > hi ? hi : 0);
    if (t == tq) {
        if (hi > tq)
            t = isinf(hi) ? tq + 1 : tq + (hi - tq) / 2;
        else if (lo < tq)
            t = isinf(lo) ? tq - 1 : tq - (tq - lo) / 2;
        else
            return MFK_DONE;
    }
    /* The middle of the part of [lo, hi] on t's side of the status quo. */
    if (t < tq)
        mid = isinf(lo) ? t - 1 : (lo + (hi < tq ? hi : tq)) / 2;
    else
        mid = isinf(hi) ? t + 1 : ((lo > tq ? lo : tq) + hi) / 2;
    point_at(dims, pos, v, t, y);
    if (!agreeable(b, y, sq)) {
        /* Rounding at an edge: bisect between the failing edge point
         * and the middle, which must pass. */
        double bad = t, good = mid;
        point_at(dims, pos, v, mid, y);
        if (!agreeable(b, y, sq))
            return MFK_DONE;
        for (step = 0; step < 64 && bad != good; step++) {
            double m = bad + (good - bad) / 2;
            if (m == bad || m == good)
                break;
            point_at(dims, pos, v, m, y);
            if (agreeable(b, y, sq))
                good = m;
            else
                bad = m;
        }
        t = good;
        point_at(dims, pos, v, t, y);
    }
    if (t == tq)
        return MFK_DONE;
    width = (isinf(lo) || isinf(hi) ? 1 : hi - lo) * norm(dims, v);
    snap(b, dims, y, pos, v, mid, sq, width / 100);
    return mfk_consultation_amend(c, y, NULL);
}
