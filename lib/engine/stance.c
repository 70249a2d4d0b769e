/* The behaviour model: a member's stance from its ideal point. */
#include "engine/engine-private.h"

#include <float.h>
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

/* The full model's stance of member i (absence aside) from its distances
 * dp to the position and dq to the status quo and its tolerance tol. The
 * objection is 0.1's comparison, dp > dq + tol, so that with the other
 * parameters at their defaults the stances are 0.1's to the bit. */
mfk_stance mfk__model_stance_at(const mfk_body *b, size_t i, double dp,
                                double dq, double tol, int flexible)
{
    return mfk__stance_of(dp, dq, dq + tol, tol, b->externality[i],
                          b->indifference[i], b->reservation[i],
                          b->support_gain[i], flexible);
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
    return mfk__model_stance_at(b, i, mfk__distance(b, i, position),
                                mfk__distance(b, i, status_quo),
                                b->tolerance[i], kind == MFK_RULE_FLEXIBLE);
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
