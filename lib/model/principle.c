/* Admissibility: the principles a proposal is checked against before any
 * round is held. The principles that concern the outcome
 * (sovereign-participation, pace) are applied by the engine, consult.c. */
#include "model/model-private.h"

#include <string.h>

#define COERCIVE                                                             \
    (MFK_MEASURE_SANCTIONS | MFK_MEASURE_SUSPENSION | MFK_MEASURE_USE_OF_FORCE)

/* Marks in m the members that have `role` and do not consent (or, with
 * any_consent false, all that have the role); returns how many. */
static size_t mark_role(const mfk_proposal *p, size_t n, unsigned role,
                        int unconsenting, unsigned char *m)
{
    size_t i, k = 0;
    for (i = 0; i < n; i++) {
        if ((p->roles[i] & role) &&
            (!unconsenting || !mfk_proposal_consents(p, i))) {
            m[i] = 1;
            k++;
        }
    }
    return k;
}

int mfk__admissibility(const mfk_body *b, const mfk_proposal *p,
                       unsigned char *members, unsigned char *present,
                       int *admissible)
{
    size_t n = b->n, u;
    int broken[MFK_PRINCIPLE_COUNT] = {0};
    int ok = 1, pr;

    memset(members, 0, (MFK_PRINCIPLE_COUNT + b->nup) * n);
    memset(present, 0, MFK_PRINCIPLE_COUNT + b->nup);

    if (b->modes[MFK_PRINCIPLE_INTERNAL_AFFAIRS] != MFK_MODE_OFF)
        broken[MFK_PRINCIPLE_INTERNAL_AFFAIRS] =
            mark_role(p, n, MFK_ROLE_CONCERN, 1,
                      members + MFK_PRINCIPLE_INTERNAL_AFFAIRS * n) > 0;
    if (b->modes[MFK_PRINCIPLE_NO_COERCION] != MFK_MODE_OFF &&
        (p->measures & COERCIVE)) {
        broken[MFK_PRINCIPLE_NO_COERCION] = 1;
        mark_role(p, n, MFK_ROLE_CONCERN, 0,
                  members + MFK_PRINCIPLE_NO_COERCION * n);
    }
    if (b->modes[MFK_PRINCIPLE_BILATERAL_CONSENT] != MFK_MODE_OFF)
        broken[MFK_PRINCIPLE_BILATERAL_CONSENT] =
            mark_role(p, n, MFK_ROLE_PARTY, 1,
                      members + MFK_PRINCIPLE_BILATERAL_CONSENT * n) > 0;
    if (b->modes[MFK_PRINCIPLE_FLEXIBLE_SCOPE] != MFK_MODE_OFF &&
        mfk_proposal_rule(p)->kind == MFK_RULE_FLEXIBLE &&
        !(b->flexible_pillars & (1u << p->pillar)))
        broken[MFK_PRINCIPLE_FLEXIBLE_SCOPE] = 1;

    for (pr = 0; pr <= MFK_PRINCIPLE_FLEXIBLE_SCOPE; pr++) {
        if (!broken[pr])
            continue;
        present[pr] = 1;
        if (b->modes[pr] == MFK_MODE_ENFORCE)
            ok = 0;
    }
    for (u = 0; u < b->nup; u++) {
        const struct mfk__user_principle *up = &b->up[u];
        unsigned char *m = members + (MFK_PRINCIPLE_COUNT + u) * n;
        int rc;
        if (up->mode == MFK_MODE_OFF)
            continue;
        rc = up->check(b, p, m, up->ud);
        if (rc < 0) {
            memset(m, 0, n);
            return rc;
        }
        if (rc > 0) {
            present[MFK_PRINCIPLE_COUNT + u] = 1;
            if (up->mode == MFK_MODE_ENFORCE)
                ok = 0;
        } else {
            memset(m, 0, n);
        }
    }
    *admissible = ok;
    return MFK_OK;
}

int mfk_check_admissible(const mfk_body *b, const mfk_proposal *p,
                         int *admissible, unsigned *broken,
                         unsigned char *offenders)
{
    size_t slots, i;
    unsigned char *members, *present;
    int rc, ok, pr;

    if (b == NULL || p == NULL || admissible == NULL || p->body != b)
        return MFK_EINVAL;
    slots = MFK_PRINCIPLE_COUNT + b->nup;
    members = mfk__calloc(&b->alloc, slots * (b->n + 1), 1);
    if (members == NULL)
        return MFK_ENOMEM;
    present = members + slots * b->n;
    rc = mfk__admissibility(b, p, members, present, &ok);
    if (rc == MFK_OK) {
        *admissible = ok;
        if (broken != NULL) {
            *broken = 0;
            for (pr = 0; pr < MFK_PRINCIPLE_COUNT; pr++)
                if (present[pr])
                    *broken |= 1u << pr;
        }
        if (offenders != NULL) {
            for (i = 0; i < b->n; i++) {
                offenders[i] = 0;
                for (pr = 0; pr <= MFK_PRINCIPLE_BILATERAL_CONSENT; pr++)
                    if (members[pr * b->n + i])
                        offenders[i] |= (unsigned char)(1u << pr);
            }
        }
    }
    mfk__free(&b->alloc, members);
    return rc;
}
