/* The engine layer: the stance model and the Chair; not part of the API. */
#ifndef MUFAKAT_ENGINE_PRIVATE_H
#define MUFAKAT_ENGINE_PRIVATE_H

#include "model/model-private.h"

#include <math.h>

/* ---- outcomes --------------------------------------------------------- */

/* What a consultation comes to: when its rounds run out, by the body's
 * fallback; when a round adopts, by the round's counts. With the number
 * of members bound by an adoption (not under a program's own rule, whose
 * flags name them), these are what mfk_consultation_close_round() and
 * the simulator's fast path both decide by. */
mfk_outcome mfk__fallback_outcome(mfk_fallback fallback);
mfk_outcome mfk__adopted_outcome(mfk_rule_kind kind,
                                 const struct mfk__count *count);
size_t mfk__bound_count(const mfk_body *body, mfk_rule_kind kind,
                        const struct mfk__count *count);

/* ---- hooks ------------------------------------------------------------ */

/* What a hook is told (mfk_consultation_set_hook); the accessors are in
 * lib/engine/hooks.c. */
struct mfk_event {
    mfk_event_type type;
    unsigned round;
    size_t member;  /* SIZE_MAX: none */
    int stance, verdict, outcome; /* -1: none */
    const double *position;
    const char *text, *time;
};

/* mfk_consultation_set_stance() and _close_round() past their checks of
 * arguments and state (c open; member in range), with the stance's time
 * (UTC, as records hold it; NULL: none) for its event. */
int mfk__set_stance_at(mfk_consultation *c, size_t member, mfk_stance stance,
                       const char *time);
int mfk__close_round(mfk_consultation *c, mfk_verdict *verdict);

/* Times as records hold them (mfk_time_to_utc), with their NUL: the
 * silence procedure's deadline and stances. */
#define MFK__TIME 40

/* ---- behaviour ------------------------------------------------------- */

/* d(x) for member i: sqrt(sum_k salience_ik (x_k - ideal_ik)^2). */
double mfk__distance(const mfk_body *body, size_t i, const double *x);

/* Member i's stance under the full model, absence aside, from its
 * distances dp to the position and dq to the status quo, with tolerance
 * tol (mfk_model_stance_full()); flexible: the rule is flexible. */
mfk_stance mfk__model_stance_at(const mfk_body *body, size_t i, double dp,
                                double dq, double tol, int flexible);
/* The same from the points x and sq, computed again at a scale where a
 * distance overflows (positions near DBL_MAX), so that the stance is the
 * real numbers' one. */
mfk_stance mfk__model_stance_toward(const mfk_body *body, size_t i,
                                    const double *x, const double *sq,
                                    double tol, int flexible);

/* Whether a member beyond its reach, at distance dp (dq from the status
 * quo), stands aside under flexible instead of objecting: its
 * externality e below 1 and its loss times e within its tolerance. */
static inline int mfk__stands_aside(double dp, double dq, double tol,
                                    double e)
{
    return e < 1 && e * (dp - dq) <= tol;
}

/* The same from the member's parameters: reach = dq + tol (as the
 * objection compares), e its externality, ind its indifference, res its
 * reservation, gain its support gain. mfk__model_stance_at() and the
 * simulator's fast path both decide by it. */
static inline mfk_stance mfk__stance_of(double dp, double dq, double reach,
                                        double tol, double e, double ind,
                                        double res, double gain,
                                        int flexible)
{
    double L;

    if (dp > reach) {
        if (flexible && mfk__stands_aside(dp, dq, tol, e))
            return MFK_NOT_READY;
        return MFK_OBJECT;
    }
    L = dp - dq;
    if (ind > 0 && fabs(L) <= ind)
        return MFK_ABSTAIN;
    if (res > 0 && L > tol - res)
        return MFK_RESERVATION;
    if (gain > 0 && -L >= gain)
        return MFK_SUPPORT;
    return MFK_JOIN;
}

/* The consultation's last round did not adopt, but would have with its
 * silent members joined: the Chair holds it again on the same text. */
int mfk__silence_only(const mfk_consultation *c);

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

#endif
