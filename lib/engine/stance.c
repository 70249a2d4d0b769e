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
