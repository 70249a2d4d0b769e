/* The behaviour model: a member's stance from its ideal point. */
#include "engine/engine-private.h"

#include <float.h>
#include <limits.h>
#include <math.h>
#include <stdint.h>
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

/* The full model's stance from the distances dp and dq and the
 * parameters in distance (tolerance, indifference, reservation, support
 * gain), all at one scale. The objection is 0.1's comparison, dp > dq +
 * tol, so that with the other parameters at their defaults the stances
 * are 0.1's to the bit. */
static inline mfk_stance stance_of(double dp, double dq, double tol,
                                   double e, double indiff, double res,
                                   double gain, int flexible)
{
    return mfk__stance_of(dp, dq, dq + tol, tol, e, indiff, res, gain,
                          flexible);
}

mfk_stance mfk__model_stance_at(const mfk_body *b, size_t i, double dp,
                                double dq, double tol, int flexible)
{
    return stance_of(dp, dq, tol, b->externality[i], b->indifference[i],
                     b->reservation[i], b->support_gain[i], flexible);
}

/* d(x) for member i as *f x 2^*e, for when the plain sum overflows: each
 * term sqrt(salience_k) |x_k - ideal_k| is taken apart into a fraction
 * and a power of two (frexp), and the squares are summed at the largest
 * term's power, so that nothing overflows and no term that matters
 * underflows. A distance of 0 is 0 x 2^INT_MIN. */
static void distance_scaled(const mfk_body *b, size_t i, const double *x,
                            double *f, int *e)
{
    const double *ideal = b->ideal + i * b->dims;
    const double *sal = b->salience + i * b->dims;
    double frac[MFK_MAX_DIMS], s = 0;
    int pow2[MFK_MAX_DIMS], top = INT_MIN;
    unsigned k;

    for (k = 0; k < b->dims; k++) {
        double d = x[k] - ideal[k], md, ms;
        int ed, es;
        pow2[k] = INT_MIN;
        if (d == 0 || sal[k] == 0)
            continue;
        if (isinf(d)) { /* |d| < 2 DBL_MAX: halved, it is finite */
            md = frexp(fabs(x[k] * 0.5 - ideal[k] * 0.5), &ed);
            ed++;
        } else {
            md = frexp(fabs(d), &ed);
        }
        ms = frexp(sal[k], &es);
        if (es % 2 != 0) { /* an even power, whose root is exact */
            ms *= 2;
            es--;
        }
        frac[k] = md * sqrt(ms);
        pow2[k] = ed + es / 2;
        if (pow2[k] > top)
            top = pow2[k];
    }
    for (k = 0; k < b->dims; k++)
        if (pow2[k] != INT_MIN && pow2[k] - top > -1100) {
            double t = ldexp(frac[k], pow2[k] - top);
            s += t * t;
        }
    *f = sqrt(s);
    *e = top == INT_MIN ? 0 : top;
}

mfk_stance mfk__model_stance_toward(const mfk_body *b, size_t i,
                                    const double *x, const double *sq,
                                    double tol, int flexible)
{
    double dp = mfk__distance(b, i, x), dq = mfk__distance(b, i, sq);
    double fp, fq;
    int ep, eq, top;

    if (!isinf(dp) && !isinf(dq))
        return mfk__model_stance_at(b, i, dp, dq, tol, flexible);
    /* A distance overflowed (the numbers are finite): both, and every
     * parameter in distance, at the larger one's power of two, which
     * changes no comparison of the real numbers. */
    distance_scaled(b, i, x, &fp, &ep);
    distance_scaled(b, i, sq, &fq, &eq);
    top = ep > eq ? ep : eq;
    return stance_of(ldexp(fp, ep - top), ldexp(fq, eq - top),
                     ldexp(tol, -top), b->externality[i],
                     ldexp(b->indifference[i], -top),
                     ldexp(b->reservation[i], -top),
                     ldexp(b->support_gain[i], -top), flexible);
}

mfk_stance mfk_model_stance_full(const mfk_body *b, size_t i,
                                 const double *position,
                                 const double *status_quo,
                                 mfk_rule_kind kind, mfk_rng *rng)
{
    if (b == NULL || i >= b->n || !b->has_ideal[i] || position == NULL ||
        status_quo == NULL)
        return MFK_SILENT;
    if (rng != NULL && b->absence[i] > 0 &&
        mfk__rng_uniform(rng) < b->absence[i])
        return MFK_SILENT;
    return mfk__model_stance_toward(b, i, position, status_quo,
                                    b->tolerance[i],
                                    kind == MFK_RULE_FLEXIBLE);
}

mfk_stance mfk_model_stance(const mfk_body *b, size_t i,
                            const double *position, const double *status_quo)
{
    return mfk_model_stance_full(b, i, position, status_quo,
                                 MFK_RULE_CONSENSUS, NULL);
}

int mfk_model_stances(const mfk_consultation *c, unsigned round,
                      unsigned char *stances, void *ud)
{
    const mfk_body *b = mfk_consultation_body(c);
    const mfk_proposal *p = mfk_consultation_proposal(c);
    const double *pos = mfk_proposal_position(p);
    const double *sq = mfk_proposal_status_quo(p);
    mfk_rule_kind kind;
    size_t i;

    (void)round;
    (void)ud;
    if (b == NULL || stances == NULL)
        return MFK_EINVAL;
    if (pos == NULL || sq == NULL || !mfk_body_has_ideals(b))
        return MFK_EINVAL;
    kind = mfk_proposal_rule(p)->kind;
    for (i = 0; i < b->n; i++)
        stances[i] =
            (unsigned char)mfk_model_stance_full(b, i, pos, sq, kind, NULL);
    return MFK_OK;
}
