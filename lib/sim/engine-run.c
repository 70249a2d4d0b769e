/* One consultation of a run through the engine (mfk_consultation_run()),
 * for what the fast path does not take: other behaviours, Chairs and a
 * program's own rule. */
#include "sim/sim-parts.h"

/* The body takes the run's ideal points, for the engine. */
static void sync_ideals(struct mfk__worker *w)
{
    if (w->x != w->body->ideal) {
        memcpy(w->body->ideal, w->x,
               w->body->n * w->body->dims * sizeof *w->body->ideal);
        w->x = w->body->ideal;
    }
}

/* The engine's own Chair, on the worker's proposal at pos, which it
 * moves. */
int mfk__sim_engine_chair(struct mfk__worker *w, unsigned round, double *pos)
{
    int rc;

    sync_ideals(w);
    if (!w->c_open) {
        rc = mfk_consultation_reset(w->c);
        if (rc != MFK_OK)
            return rc;
        w->c_open = 1;
    }
    if (!w->sq_set) {
        rc = mfk_proposal_set_status_quo(w->prop, w->sq);
        if (rc != MFK_OK)
            return rc;
        w->sq_set = 1;
    }
    mfk_proposal_reset(w->prop);
    rc = mfk_proposal_set_position(w->prop, pos);
    if (rc == MFK_OK)
        rc = mfk_chair_default(w->c, round, NULL);
    if (rc == MFK_OK)
        memcpy(pos, mfk_proposal_position(w->prop),
               w->sim->dims * sizeof *pos);
    return rc;
}

/* ---- one consultation: through the engine ---------------------------- */

/* The behaviour model's stances with the simulation's behaviour: the
 * tolerance grows by the concession each round after the first; a member
 * is unheard with its absence, drawn from the run's absence stream
 * (w->arng); an objector abstains with the face-saving probability,
 * drawn from the run's behaviour stream (w->brng), as in 0.1. */
static int behaviour_stances(const mfk_consultation *c, unsigned round,
                             unsigned char *st, void *ud)
{
    struct mfk__worker *w = ud;
    const mfk_sim *s = w->sim;
    const mfk_body *b = w->body;
    const double *pos = mfk_proposal_position(w->prop);
    int flex = mfk_proposal_rule(w->prop)->kind == MFK_RULE_FLEXIBLE;
    mfk_stance v;
    size_t i;

    (void)c;
    for (i = 0; i < b->n; i++) {
        double tol = b->tolerance[i] + s->concession * (double)(round - 1);
        if (b->absence[i] > 0 && mfk__rng_uniform(&w->arng) < b->absence[i]) {
            st[i] = MFK_SILENT;
            continue;
        }
        v = mfk__model_stance_at(b, i, mfk__distance(b, i, pos),
                                 mfk__distance(b, i, w->sq), tol, flex);
        if (v == MFK_OBJECT && s->face_saving > 0 &&
            mfk__rng_uniform(&w->brng) < s->face_saving)
            v = MFK_ABSTAIN;
        st[i] = (unsigned char)v;
    }
    return MFK_OK;
}

/* A researcher's own model (mfk_sim_set_stance_model), drawing from the
 * run's behaviour stream. */
static int user_stances(const mfk_consultation *c, unsigned round,
                        unsigned char *st, void *ud)
{
    struct mfk__worker *w = ud;
    const mfk_sim *s = w->sim;
    const mfk_body *b = w->body;
    const double *pos = mfk_proposal_position(w->prop);
    mfk_rule_kind kind = mfk_proposal_rule(w->prop)->kind;
    size_t i;

    (void)c;
    for (i = 0; i < b->n; i++) {
        int v = s->stance_fn(b, i, pos, w->sq, kind, round, &w->brng,
                             s->stance_ud);
        if (v < 0)
            return v; /* the model's own error stops the run */
        if (v >= MFK_STANCE_COUNT)
            return MFK_ERANGE;
        st[i] = (unsigned char)v;
    }
    return MFK_OK;
}

/* A round that only silence kept from adopting is held again on the same
 * text, whatever the Chair. */
#define HOLD_SILENCE(c)                                                    \
    do {                                                                   \
        if (mfk__silence_only(c))                                          \
            return MFK_OK;                                                 \
    } while (0)

static int chair_toward(mfk_consultation *c, unsigned round, void *ud)
{
    const mfk_proposal *p = mfk_consultation_proposal(c);
    const double *pos = mfk_proposal_position(p);
    const double *sq = mfk_proposal_status_quo(p);
    double y[MFK_MAX_DIMS];
    unsigned k, D = mfk_body_dims(mfk_consultation_body(c));
    int moved = 0, at_sq = 1;

    (void)round;
    (void)ud;
    HOLD_SILENCE(c);
    for (k = 0; k < D; k++) {
        y[k] = pos[k] + (sq[k] - pos[k]) / 2;
        moved |= y[k] != pos[k];
        at_sq &= y[k] == sq[k];
    }
    if (!moved || at_sq)
        return MFK_DONE;
    return mfk_consultation_amend(c, y, NULL);
}

static int chair_single(mfk_consultation *c, unsigned round, void *ud)
{
    (void)round;
    (void)ud;
    HOLD_SILENCE(c);
    return MFK_DONE;
}

/* Friedkin-Johnsen with equal weights between rounds: every member
 * moves to susceptibility x the body's mean ideal point plus (1 -
 * susceptibility) x its own drawn one; then the Chair's turn. */
static int chair_after_dynamics(mfk_consultation *c, unsigned round,
                                void *ud)
{
    struct mfk__worker *w = ud;
    const mfk_sim *s = w->sim;
    double *x = w->body->ideal, mean[MFK_MAX_DIMS], lam = s->susceptibility;
    size_t i, n = s->n;
    unsigned k, D = s->dims;

    for (k = 0; k < D; k++) {
        double sum = 0;
        for (i = 0; i < n; i++)
            sum += x[i * D + k];
        mean[k] = sum / (double)n;
    }
    for (i = 0; i < n; i++)
        for (k = 0; k < D; k++)
            x[i * D + k] = lam * mean[k] + (1 - lam) * w->x0[i * D + k];
    if (s->chair == MFK_CHAIR_TOWARD_STATUS_QUO)
        return chair_toward(c, round, NULL);
    if (s->chair == MFK_CHAIR_SINGLE_ROUND)
        return chair_single(c, round, NULL);
    return mfk_chair_default(c, round, NULL);
}

int mfk__sim_engine_consult(struct mfk__worker *w, const mfk_rule *r,
                            struct result *res)
{
    const mfk_sim *s = w->sim;
    const unsigned char *st, *fl;
    const double *pos;
    mfk_verdict v;
    mfk_stance_fn stances = mfk_model_stances;
    mfk_chair_fn chair = mfk_chair_default;
    size_t i, version;
    int rc;

    sync_ideals(w);
    /* Absence draws from a stream of its own (absence_stream(); w->brng
     * is the run's stream, set for each rule). */
    if (MFK__BODY_FULL_MODEL(w->body))
        absence_stream(&w->arng, &w->brng);
    if (s->concession > 0 || s->face_saving > 0 ||
        MFK__BODY_FULL_MODEL(w->body))
        stances = behaviour_stances;
    if (s->stance_fn != NULL)
        stances = user_stances;
    if (s->chair == MFK_CHAIR_TOWARD_STATUS_QUO)
        chair = chair_toward;
    else if (s->chair == MFK_CHAIR_SINGLE_ROUND)
        chair = chair_single;
    mfk_proposal_reset(w->prop);
    rc = mfk_proposal_set_position(w->prop, w->pos0);
    if (rc == MFK_OK && !w->sq_set) {
        rc = mfk_proposal_set_status_quo(w->prop, w->sq);
        w->sq_set = rc == MFK_OK;
    }
    if (rc == MFK_OK)
        rc = mfk_proposal_set_rule(w->prop, r);
    if (rc == MFK_OK)
        rc = mfk_consultation_reset(w->c);
    if (rc != MFK_OK)
        return rc;
    w->c_open = 0;
    if (s->susceptibility > 0) {
        memcpy(w->x0, w->body->ideal, s->n * s->dims * sizeof *w->x0);
        rc = mfk_consultation_run(w->c, stances, w, chair_after_dynamics, w);
        /* The run's statistics speak of the ideal points drawn. */
        memcpy(w->body->ideal, w->x0, s->n * s->dims * sizeof *w->x0);
    } else {
        rc = mfk_consultation_run(w->c, stances, w, chair, NULL);
    }
    if (rc != MFK_OK)
        return rc;
    rc = mfk_consultation_outcome(w->c, &res->outcome);
    if (rc != MFK_OK)
        return rc;
    res->rounds = mfk_consultation_rounds(w->c);
    res->adopted = res->outcome <= MFK_OUTCOME_ADOPTED_FLEXIBLE;
    res->participants = 0;
    res->blockers = NULL;
    res->flags = NULL;
    if (res->rounds == 0)
        return MFK_OK;
    rc = mfk_consultation_round(w->c, res->rounds, &st, &fl, &v, &version);
    if (rc == MFK_OK)
        rc = mfk_proposal_version(w->prop, version, NULL, &pos);
    if (rc != MFK_OK)
        return rc;
    memcpy(res->pos, pos, s->dims * sizeof *pos);
    if (res->adopted) {
        for (i = 0; i < s->n; i++)
            res->participants += mfk_consultation_participant(w->c, i) != 0;
    } else {
        res->flags = fl;
    }
    return MFK_OK;
}
