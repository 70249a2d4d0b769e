/* The default chair strategy: where the text moves between rounds. */
#include "engine/engine-private.h"

#include <float.h>
#include <math.h>
#include <stdint.h>
#include <string.h>

/* Whether the Chair reads the members' models under flexible: then a
 * member constrains it only where externality x L > tolerance. */
static int flexible_of(const mfk_consultation *c)
{
    return mfk_proposal_rule(mfk_consultation_proposal(c))->kind ==
           MFK_RULE_FLEXIBLE;
}

/* True when no member's model objects to x (abstention, reservation,
 * support and standing aside never move the Chair). */
static int agreeable(const mfk_body *b, int flex, const double *x,
                     const double *sq)
{
    size_t i;
    for (i = 0; i < b->n; i++)
        if (mfk__model_stance_toward(b, i, x, sq, b->tolerance[i], flex) ==
            MFK_OBJECT)
            return 0;
    return 1;
}

/* The tolerance in distance that member i's objection has, in real
 * numbers: d(x) > d(sq) + it. Under flexible, a member with externality
 * e < 1 objects only where also e L > tolerance; infinite where it never
 * does. */
static double reach_tolerance(const mfk_body *b, size_t i, int flex)
{
    double t = b->tolerance[i], e = b->externality[i];
    if (!flex || e >= 1 || t < 0)
        return t;
    return e > 0 ? t / e : INFINITY;
}

static void point_at(unsigned dims, const double *pos, const double *v,
                     double t, double *y)
{
    unsigned k;
    for (k = 0; k < dims; k++)
        y[k] = pos[k] + t * v[k];
}

static double norm(unsigned dims, const double *v)
{
    double s = 0;
    unsigned k;
    for (k = 0; k < dims; k++)
        s += v[k] * v[k];
    return sqrt(s);
}

/* Rounds y, coordinate by coordinate, towards `mid`, to the fewest
 * decimals that move it by at most `slack` and leave it acceptable and
 * not the status quo: a chair drafts 0.549, not 0.54999999999999993. y
 * is left as it was when no rounding fits. */
static void snap(const mfk_body *b, int flex, unsigned dims, double *y,
                 const double *mid, const double *sq, double slack)
{
    double cand[MFK_MAX_DIMS], scale = 1;
    unsigned k;
    int d;

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
        if (agreeable(b, flex, cand, sq) &&
            memcmp(cand, sq, dims * sizeof *cand) != 0) {
            memcpy(y, cand, dims * sizeof *cand);
            return;
        }
    }
}

/* ---- one dimension: the acceptable doubles, exactly ------------------ */

/* In one dimension each member's model accepts a run of consecutive
 * doubles (its d is monotone in |x - ideal| however it is rounded), so
 * the points no member objects to are one run too. Its ends are found
 * with the model's own comparison, walking over doubles in their order:
 * key() maps a double to an integer that sorts as the double does. */
static uint64_t key(double x)
{
    uint64_t u;
    memcpy(&u, &x, sizeof u);
    return (u >> 63) ? ~u : u | (1ull << 63);
}

static double unkey(uint64_t k)
{
    uint64_t u = (k >> 63) ? k & ~(1ull << 63) : ~k;
    double x;
    memcpy(&x, &u, sizeof x);
    return x;
}

static int agreeable_at(const mfk_body *b, int flex, uint64_t k,
                        const double *sq)
{
    double x = unkey(k);
    return agreeable(b, flex, &x, sq);
}

/* k moved by s doubles outwards (dir > 0: up), not past the finite
 * doubles. */
static uint64_t key_move(uint64_t k, uint64_t s, int dir)
{
    uint64_t top = key(DBL_MAX), bottom = key(-DBL_MAX);
    if (dir > 0)
        return top - k < s ? top : k + s;
    return k - bottom < s ? bottom : k - s;
}

/* The last acceptable key between good (acceptable) and bad (not). */
static uint64_t bisect_keys(const mfk_body *b, int flex, const double *sq,
                            uint64_t good, uint64_t bad)
{
    while (good + 1 != bad && bad + 1 != good) {
        uint64_t mid = good / 2 + bad / 2 + (good & bad & 1);
        if (agreeable_at(b, flex, mid, sq))
            good = mid;
        else
            bad = mid;
    }
    return good;
}

/* The end of the acceptable run that holds `good`, in direction dir;
 * `hint` is where the real-number arithmetic puts it. From the hint the
 * walk gallops (1, 2, 4... doubles) to bracket the end, then bisects:
 * a few steps when the hint is off by a few ulps. */
static double run_end(const mfk_body *b, int flex, const double *sq,
                      double good,
                      double hint, int dir)
{
    uint64_t g = key(good), bad, s;

    if (isfinite(hint) && (dir > 0 ? hint > good : hint < good)) {
        uint64_t h = key(hint);
        if (agreeable_at(b, flex, h, sq)) {
            g = h;
        } else {
            /* gallop back from the hint towards good */
            bad = h;
            for (s = 1;; s *= 2) {
                uint64_t c = key_move(bad, s, -dir);
                if (dir > 0 ? c <= g : c >= g)
                    break;
                if (agreeable_at(b, flex, c, sq)) {
                    g = c;
                    break;
                }
                bad = c;
            }
            return unkey(bisect_keys(b, flex, sq, g, bad));
        }
    }
    for (s = 1;; s *= 2) {
        uint64_t c = key_move(g, s, dir);
        if (c == g)
            return unkey(g);
        if (!agreeable_at(b, flex, c, sq)) {
            bad = c;
            break;
        }
        g = c;
    }
    return unkey(bisect_keys(b, flex, sq, g, bad));
}

/* The default strategy in one dimension, on exact runs of doubles. */
static int chair_1d(mfk_consultation *c, const mfk_body *b, int flex,
                    double pos, double sq)
{
    double lo = -INFINITY, hi = INFINITY, seed, cand[4], y, xmax = 0, scale;
    size_t i;
    int k, tolerant = 1;

    /* Member i accepts |x - ideal_i| <= (d_i(sq) + tolerance_i) /
     * sqrt(salience_i) in real numbers: an estimate of the run. */
    for (i = 0; i < b->n; i++) {
        double R = mfk__distance(b, i, &sq) + reach_tolerance(b, i, flex), r;
        if (fabs(b->ideal[i]) > xmax)
            xmax = fabs(b->ideal[i]);
        if (R < 0)
            return MFK_DONE;
        if (b->tolerance[i] < 0)
            tolerant = 0;
        if (b->salience[i] == 0 || isinf(R))
            continue;
        r = R / sqrt(b->salience[i]);
        if (b->ideal[i] - r > lo)
            lo = b->ideal[i] - r;
        if (b->ideal[i] + r < hi)
            hi = b->ideal[i] + r;
    }
    /* A point of the run to start from: the status quo, which every
     * member accepts unless a negative tolerance makes it
     * objectionable (d + tolerance >= d in floating point too). Then
     * the estimate's middle and ends; one that overflowed is infinite,
     * and so is the d there of the member who objects to the status
     * quo, which rejects it. */
    scale = mfk__chair_scale_1d(sq, xmax, lo, hi);
    cand[0] = sq;
    cand[1] = lo / 2 + hi / 2;
    cand[2] = lo;
    cand[3] = hi;
    for (k = 0; k < 4; k++)
        if ((k == 0 && tolerant) || agreeable(b, flex, &cand[k], &sq))
            break;
    if (k == 4)
        return MFK_DONE;
    seed = cand[k];
    lo = run_end(b, flex, &sq, seed, lo, -1);
    hi = run_end(b, flex, &sq, seed, hi, +1);
    if (mfk__chair_pick_1d(lo, hi, pos, sq, scale, &y) != MFK_OK)
        return MFK_DONE;
    return mfk_consultation_amend(c, &y, NULL);
}

int mfk__chair_pick_1d(double lo, double hi, double pos, double sq,
                       double scale, double *out)
{
    double y, mid, slack, ten = 1;
    int d;

    if (!(hi - lo > scale * MFK__RUN_MIN))
        return MFK_DONE; /* only rounding opened the run */
    /* A part of the run beside the status quo within that much of it is
     * rounding too: the end is the status quo. */
    if (lo < sq && sq - lo <= scale * MFK__RUN_MIN)
        lo = sq;
    if (hi > sq && hi - sq <= scale * MFK__RUN_MIN)
        hi = sq;
    if (pos >= lo && pos <= hi && pos != sq)
        return MFK_DONE; /* the text stands where it should */
    y = pos < lo ? lo : pos > hi ? hi : sq;
    /* y is the status quo when the text is there, or past an end of the
     * run that is the status quo: the chair then goes into the run's
     * part on the other side, above when the text is not above the
     * status quo and the run goes on above it, else below. */
    if (y == sq) {
        if (pos <= sq && hi > sq)
            y = sq / 2 + hi / 2 > sq ? sq / 2 + hi / 2 : hi;
        else if (lo < sq)
            y = sq / 2 + lo / 2 < sq ? sq / 2 + lo / 2 : lo;
        else
            return MFK_DONE;
    }
    mid = y > sq ? (lo > sq ? lo : sq) / 2 + hi / 2
                 : lo / 2 + (hi < sq ? hi : sq) / 2;
    /* The ends of a run of doubles are finite. */
    slack = (hi - lo) / 100;
    /* A chair drafts 0.549, not 0.54999999999999993. */
    for (d = 0; d <= 15; d++, ten *= 10) {
        double r = mid < y ? floor(y * ten) / ten : ceil(y * ten) / ten;
        if (fabs(r - y) <= slack && r >= lo && r <= hi && r != sq) {
            y = r;
            break;
        }
    }
    /* y is in the run and not the status quo, so not the text either
     * (the text is out of the run, or at the status quo). */
    *out = y;
    return MFK_OK;
}

/*
 * The default strategy. In one dimension, the points no member objects
 * to are a run of doubles [lo, hi], found exactly with the model's own
 * comparison (chair_1d). The chair proposes the point of it nearest the
 * current position; where that is the status quo, the middle of the
 * run's part on the far side of it; and it rounds the point to the
 * fewest decimals that move it by at most 1% of the run's length and
 * still pass. When the position is already in the run, or the run is
 * the status quo alone, the position stays: MFK_DONE.
 *
 * In more dimensions, on the line y(t) = pos + t v through the current
 * position (t = 0) and the status quo (t = tq), member i accepts the
 * points where d_i(y(t)) <= d_i(sq) + tolerance_i, an interval of t since
 * d_i^2 is a quadratic in t. The chair takes the intersection [lo, hi] of
 * all of them, and proposes its point nearest t = 0; where that point is
 * the status quo itself, the middle of the part of [lo, hi] on its far
 * side. The candidate is checked with the model's own comparison; where
 * rounding at an edge makes a member object, it is moved by bisection
 * towards the middle of its part of [lo, hi] until it passes. Last, it is
 * rounded as in one dimension. A point that is the status quo or the
 * current position is never proposed.
 */
int mfk_chair_default(mfk_consultation *c, unsigned round, void *ud)
{
    const mfk_body *b = mfk_consultation_body(c);
    const mfk_proposal *p = mfk_consultation_proposal(c);
    const double *pos, *sq;
    double v[MFK_MAX_DIMS], y[MFK_MAX_DIMS], mp[MFK_MAX_DIMS];
    double lo = -INFINITY, hi = INFINITY, tq = 1, t, mid, width;
    unsigned k, dims;
    size_t i;
    int moved = 0, step, flex;

    (void)round;
    (void)ud;
    if (b == NULL)
        return MFK_EINVAL;
    /* A round that only silence kept from adopting is held again. */
    if (mfk__silence_only(c))
        return MFK_OK;
    flex = flexible_of(c);
    pos = mfk_proposal_position(p);
    sq = mfk_proposal_status_quo(p);
    if (pos == NULL || sq == NULL || !mfk_body_has_ideals(b))
        return MFK_DONE;
    dims = b->dims;
    if (dims == 1)
        return chair_1d(c, b, flex, pos[0], sq[0]);
    for (k = 0; k < dims; k++) {
        v[k] = sq[k] - pos[k];
        if (v[k] != 0)
            moved = 1;
    }
    if (!moved)
        return MFK_DONE; /* at the status quo: no line to follow */
    for (i = 0; i < b->n; i++) {
        const double *x = b->ideal + i * dims, *s = b->salience + i * dims;
        double A = 0, B = 0, C = 0, R, disc, root;
        R = mfk__distance(b, i, sq) + reach_tolerance(b, i, flex);
        if (R < 0)
            return MFK_DONE;
        if (isinf(R))
            continue; /* it never objects */
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
    /* t is the status quo only as the lower end of [lo, hi] (t = lo > 0,
     * as t = hi < 0 is not tq): the far side is above. hi is infinite
     * there only when a member's roots overflow (a salience below
     * 10^-308), and so when t is above the status quo. */
    if (t == tq) {
        if (hi > tq)
            t = isinf(hi) ? tq + 1 : tq + (hi - tq) / 2;
        else
            return MFK_DONE;
    }
    /* The middle of the part of [lo, hi] on t's side of the status quo. */
    if (t < tq)
        mid = isinf(lo) ? t - 1 : (lo + (hi < tq ? hi : tq)) / 2;
    else
        mid = isinf(hi) ? t + 1 : ((lo > tq ? lo : tq) + hi) / 2;
    point_at(dims, pos, v, t, y);
    if (!agreeable(b, flex, y, sq)) {
        /* Rounding at an edge: bisect between the failing edge point
         * and the middle, which must pass. */
        double bad = t, good = mid;
        point_at(dims, pos, v, mid, y);
        if (!agreeable(b, flex, y, sq))
            return MFK_DONE;
        for (step = 0; step < 64; step++) {
            double m = bad + (good - bad) / 2;
            if (m == bad || m == good)
                break;
            point_at(dims, pos, v, m, y);
            if (agreeable(b, flex, y, sq))
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
    point_at(dims, pos, v, mid, mp);
    /* y passed agreeable(), and snap() keeps it so */
    snap(b, flex, dims, y, mp, sq, width / 100);
    if (memcmp(y, sq, dims * sizeof *y) == 0 ||
        memcmp(y, pos, dims * sizeof *y) == 0)
        return MFK_DONE;
    return mfk_consultation_amend(c, y, NULL);
}
