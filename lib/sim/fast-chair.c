/* The default Chair's search in one dimension, for the fast path: the
 * same choice as mfk_chair_default() makes, from the real-number
 * estimate of the run of doubles no member objects to where the choice
 * is the same for any ends within rounding of it (pick-near.h), else in
 * the run itself, found from the estimate. */
#include "sim/sim-parts.h"
#include "sim/pick-near.h"

/* Whether member i objects to y in one dimension, by the model's own
 * comparison; with every salience 1 the product by it, exact, is left
 * out. */
static inline int rejects(const struct mfk__worker *w, size_t i, double y)
{
    double e = y - w->x[i];
    if (w->unit)
        return sqrt(e * e) > w->reach[i];
    return sqrt(w->body->salience[i] * e * e) > w->reach[i];
}

/* Whether every member of near[0 .. k-1] accepts y. */
static int near_accept(const struct mfk__worker *w, size_t k, double y)
{
    size_t j;
    for (j = 0; j < k; j++)
        if (rejects(w, w->near[j], y))
            return 0;
    return 1;
}

/* Whether some member objects to y: member `first` is asked first, as
 * the likeliest (the member that objected last time most often objects
 * again), then every member, by the kernel, with the same IEEE
 * operations as rejects() (a salience of 1 multiplies exactly). */
static int anyone_objects(struct mfk__worker *w, double y, size_t first)
{
    size_t i, n = w->body->n;

    if (rejects(w, first, y)) {
        w->last_objector = first;
        return 1;
    }
    i = w->k->first_objector(w->x, w->body->salience, w->reach, n, y);
    if (i < n) {
        w->last_objector = i;
        return 1;
    }
    return 0;
}

/* Which of the four candidates c[0 .. 3] every member of near[0 .. k-1]
 * accepts, bit t for c[t]: where every salience is 1, every member
 * 0 .. k-1 (k is n), four candidates at a time by the kernel. */
static unsigned near_accept4(const struct mfk__worker *w, size_t k,
                             const double c[4])
{
    unsigned m = 0;
    int t;

    if (w->unit)
        return w->k->accept4(w->x, w->reach, NULL, k, c);
    for (t = 0; t < 4; t++)
        m |= (unsigned)near_accept(w, k, c[t]) << t;
    return m;
}

/* The four doubles after y on side dir, into c. */
static inline void next4(double y, int dir, double c[4])
{
    c[0] = step_double(y, dir);
    c[1] = step_double(c[0], dir);
    c[2] = step_double(c[1], dir);
    c[3] = step_double(c[2], dir);
}

/* The end (dir < 0: lower, > 0: upper) of the run of doubles that every
 * member accepts, from an estimate close to it, asking the k members of
 * near_accept4(). Returns 0 when the walk leaves the window `margin`
 * about the estimate, and the engine must decide. From the
 * estimate c_0, the doubles c_j are taken j steps on side dir of it (c_-j
 * on the other), four at a time: when c_0 is accepted, the end is c_m-1
 * for the first c_m (m <= 64) not accepted; else, the status quo being
 * on side -dir, the first c_-j (j <= 64) accepted, while c_-(j-1) is
 * within margin of the estimate. */
static int walk_end(const struct mfk__worker *w, size_t k, double est,
                    double margin, double sq, int dir, double *end)
{
    double c[4], y;
    unsigned m;
    int j, t;

    /* c_-1, c_0, c_1, c_2: most ends are there */
    c[1] = est;
    c[0] = step_double(est, -dir);
    c[2] = step_double(est, dir);
    c[3] = step_double(c[2], dir);
    m = near_accept4(w, k, c);
    if (m & 2) {
        if (!(m & 4)) {
            *end = c[1];
            return 1;
        }
        if (!(m & 8)) {
            *end = c[2];
            return 1;
        }
        /* c_1 and c_2 accepted: on from c_3 */
        for (j = 2, y = c[3]; j < 64; j += 4) {
            next4(y, dir, c);
            m = near_accept4(w, k, c);
            for (t = 0; t < 4; t++) {
                if (j + 1 + t > 64)
                    return 0;
                if (!(m >> t & 1)) {
                    *end = t == 0 ? y : c[t - 1];
                    return 1;
                }
            }
            y = c[3];
        }
        return 0;
    }
    /* Outside the run: walk back toward the status quo, which is in it. */
    if (dir < 0 ? est > sq : est < sq)
        return 0;
    if (!(fabs(est - est) <= margin))
        return 0;
    if (m & 1) {
        *end = c[0];
        return 1;
    }
    for (j = 1, y = c[0]; j < 64; j += 4) {
        double prev = y;
        next4(y, -dir, c);
        m = near_accept4(w, k, c);
        for (t = 0; t < 4; t++) {
            if (j + 1 + t > 64 || !(fabs(prev - est) <= margin))
                return 0;
            if (m >> t & 1) {
                *end = c[t];
                return 1;
            }
            prev = c[t];
        }
        y = c[3];
    }
    return 0;
}

/* The end of the run of doubles every member accepts on side dir of
 * the status quo, when the double next to it there is accepted: from
 * the real-number estimate, the nearest of the members' own ends
 * x_i +- reach_i / sqrt(salience_i) (estimates()). As each member
 * accepts a run of doubles (sqrt(fl(y - x_i)^2) grows with |y - x_i|),
 * so do all of them, and it holds the status quo: a double accepted by
 * every member, next to one that is not, on the side the walk goes, is
 * its end. Where every salience is 1 the walk asks every member, four
 * candidates at a time; else only the members whose own end is near the
 * estimate (the others accept every double within a margin far wider
 * than rounding), and the end found is checked with every member.
 * Returns 0 when the engine must decide. */
static int run_end(struct mfk__worker *w, int dir, double *end)
{
    const mfk_body *b = w->body;
    const double *x = w->x, *sal = b->salience;
    double est = dir > 0 ? w->hi_est : w->lo_est, sq = w->sq[0], margin;
    size_t i, k = 0, n = b->n;

    margin = 1e-9 * (1 + fabs(est) + fabs(sq));
    if (w->unit)
        return walk_end(w, n, est, margin, sq, dir, end);
    for (i = 0; i < n; i++) {
        double r = w->reach[i] / sqrt(sal[i]);
        double e = dir > 0 ? x[i] + r : x[i] - r;
        if (fabs(e - est) <= 2 * margin)
            w->near[k++] = i;
    }
    return walk_end(w, k, est, margin, sq, dir, end) &&
           !anyone_objects(w, *end, w->last_objector);
}

/* Member at x accepting within r of it, in real numbers: the run's
 * estimate [*lo, *hi] narrows to its ends, *xmax takes |x|. */
static inline void take_ends(double x, double r, double *lo, double *hi,
                             double *xmax)
{
    if (x - r > *lo)
        *lo = x - r;
    if (x + r < *hi)
        *hi = x + r;
    if (fabs(x) > *xmax)
        *xmax = fabs(x);
}

/* The real-number estimate of the run [lo_est, hi_est] that
 * mfk_chair_default() makes, the nearest of the members' own ends x_i -+
 * reach_i / sqrt(salience_i), and the scale its width is weighed against
 * (mfk__chair_scale_1d), with the same arithmetic. first_round() makes
 * them with the stances where every salience is 1. */
static void estimates(struct mfk__worker *w)
{
    const mfk_body *b = w->body;
    const double *x = w->x, *sal = b->salience;
    double lo = -INFINITY, hi = INFINITY, xmax = 0;
    size_t i, n = b->n;

    for (i = 0; i < n; i++) {
        take_ends(x[i], w->reach[i] / sqrt(sal[i]), &lo, &hi, &xmax);
    }
    w->lo_est = lo;
    w->hi_est = hi;
    w->scale = mfk__chair_scale_1d(w->sq[0], xmax, lo, hi);
    w->xmax = xmax;
    w->est_ready = 1;
}

/*
 * mfk_chair_default() in one dimension, when every salience is positive
 * and no tolerance negative, for less work: the same run [lo, hi] of
 * doubles that no member objects to, then the same choice of a point in
 * it. The run holds the status quo; where someone objects to the double
 * next to it on one side, the run ends there, which settles most
 * consultations (members on both sides: the run is the status quo alone,
 * and the text stays). Returns MFK_OK with *pos moved, MFK_DONE, or
 * CHAIR_ASK_ENGINE when the engine must decide. tests/check_sim.c compares
 * the two run by run.
 */
int mfk__sim_fast_chair(struct mfk__worker *w, const u64 *obj, double *pos)
{
    double sq = w->sq[0], p = pos[0], lo = sq, hi = sq, y;
    int side = p > sq ? +1 : -1, shut_near, shut_far;

    if (!w->est_ready)
        estimates(w);
    if (chair_run_shut(w))
        return MFK_DONE;

    /* The run is the same in every round of the run, for every rule. */
    if (!w->run_ready) {
        /* An end whose estimate is within `tiny` of the status quo is
         * within MFK__RUN_MIN of the scale of it, and the Chair takes
         * the status quo for it: it need not be found, when the other
         * end is far enough for the run to be wide whichever it is. */
        double tiny = w->scale * (MFK__RUN_MIN - 0x1p-45);
        double wide = w->scale * (MFK__RUN_MIN + 0x1p-45);
        double dlo = sq - w->lo_est, dhi = w->hi_est - sq;
        int fine = w->scale >= 0x1p-900;
        int sq_lo = fine && fabs(dlo) <= tiny && dhi > wide;
        int sq_hi = fine && fabs(dhi) <= tiny && dlo > wide;
        /* An end estimated farther than `wide` from the status quo is
         * past it, and so is every double between: the double next to
         * the status quo on that side is in the run. */
        int open_lo = fine && dlo > wide, open_hi = fine && dhi > wide;
        /* Else ask: an objector to the text most often stands across the
         * status quo from it, and objects to the double next to it on
         * the text's side. */
        shut_near = (side > 0 ? sq_hi : sq_lo) ||
                    (!(side > 0 ? open_hi : open_lo) &&
                     anyone_objects(w, step_double(sq, side),
                                    set_any(obj, w->words)
                                        ? set_first(obj)
                                        : w->last_objector));
        shut_far = (side > 0 ? sq_lo : sq_hi) ||
                   (!(side > 0 ? open_lo : open_hi) &&
                    anyone_objects(w, step_double(sq, -side),
                                   w->last_objector));
        w->run_ready = 1;
        w->run_ok = (shut_near || run_end(w, side, side > 0 ? &hi : &lo)) &&
                    (shut_far || run_end(w, -side, side > 0 ? &lo : &hi));
        w->run_lo = lo;
        w->run_hi = hi;
    }
    if (!w->run_ok)
        return CHAIR_ASK_ENGINE;
    lo = w->run_lo;
    hi = w->run_hi;
    /* From here as in mfk_chair_default(). */
    if (mfk__chair_pick_1d(lo, hi, p, sq, w->scale, &y) != MFK_OK)
        return MFK_DONE;
    pos[0] = y;
    return MFK_OK;
}

/* ---- the choice from the estimates ------------------------------------ */

/*
 * With every salience 1, member i accepts the doubles y at which
 * sqrt(fl(fl(y - x_i)^2)) <= reach_i, a run of them about x_i whose ends
 * lie within a few units in the last place of x_i +- reach_i: each
 * operation rounds by at most half of one, and |x_i| + reach_i is at
 * most 2 xmax + |x_i +- reach_i|. Under flexible the same holds of
 * dq_i + tolerance_i / externality_i, where externality x (d - dq_i) <=
 * tolerance_i meets the tolerance. So each end of the run every member
 * accepts, the nearest of the members' own, is within
 * delta = 2^-45 (|lo| + |hi| + |sq| + 2 xmax) of its estimate: a
 * hundred times the rounding and more, far less than the run and the
 * Chair's 1% of it. Where the squares could leave the normal range
 * (ends beyond 2^500, a run narrower than 2^-400) the ends are found. An
 * estimate that shows the run shut (run_shut()) leaves the text.
 */
int mfk__sim_fast_chair_est(const struct mfk__worker *w, double lo,
                            double hi, double scale, double *pos)
{
    double sq = w->sq[0], delta, y;
    int rc;

    if (run_shut(lo, hi, scale))
        return MFK_DONE;
    if (!w->unit || !(lo > -0x1p500 && hi < 0x1p500 && hi - lo >= 0x1p-400 &&
                      w->xmax <= 0x1p500 && fabs(sq) <= 0x1p500))
        return CHAIR_ASK_EXACT;
    delta = 0x1p-45 * (fabs(lo) + fabs(hi) + fabs(sq) + 2 * w->xmax);
    rc = w->k->pick_near(lo, hi, delta, pos[0], sq, scale, &y);
    if (rc == MFK__PICK_UNDECIDED)
        return CHAIR_ASK_EXACT;
    if (rc == MFK_OK)
        pos[0] = y;
    return rc;
}
