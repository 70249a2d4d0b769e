/* The fast path under the full model: members who stand aside, abstain,
 * keep a reservation, support or go unheard. Each round's stances come
 * from the engine's own stance function (mfk__stance_of()), the rule's
 * verdict from the engine's own (mfk__rule_apply(), then the quorum), a
 * round that only silence kept from adopting is held again on the same
 * text, as mfk__silence_only() holds it, and the Chair is the fast one
 * (fast-chair.c) with, under flexible, the members' objections as the
 * contract reads them there. tests/check_sim.c holds it to the engine
 * run by run. */
#include "sim/sim-parts.h"

#include <float.h>

int mfk__sim_full_init(struct mfk__worker *w)
{
    const mfk_sim *s = w->sim;
    struct full_state *f = &w->full;
    size_t i, n = s->n;

    memset(f, 0, sizeof *f);
    f->dq = mfk__malloc(&s->alloc, 2 * n * sizeof *f->dq);
    f->absent = mfk__malloc(&s->alloc,
                            s->max_rounds * w->words * sizeof *f->absent);
    f->st1 = mfk__malloc(&s->alloc, 4 * n);
    if (f->dq == NULL || f->absent == NULL || f->st1 == NULL)
        return MFK_ENOMEM;
    f->flex.reach = f->dq + n;
    f->st2 = f->st1 + 2 * n;
    f->no_parties = 1;
    for (i = 0; i < n; i++)
        f->no_parties &= !mfk__proposal_party(w->prop, i);
    return MFK_OK;
}

void mfk__sim_full_free(mfk_sim *s, struct mfk__worker *w)
{
    mfk__free(&s->alloc, w->full.dq);
    mfk__free(&s->alloc, w->full.absent);
    mfk__free(&s->alloc, w->full.st1);
    memset(&w->full, 0, sizeof w->full);
}

/* The members' distances to the status quo, as mfk__distance() gives
 * them, and nothing drawn of the run's absence yet. first_round() has
 * made reach[i] = dq_i + tolerance_i. */
void mfk__sim_full_start(struct mfk__worker *w, const mfk_rng *rng)
{
    const mfk_body *b = w->body;
    const double *x = w->x, *sal = b->salience, *sq = w->sq;
    struct full_state *f = &w->full;
    size_t i, n = b->n;
    unsigned D = b->dims, d;

    for (i = 0; i < n; i++) {
        double s = 0;
        for (d = 0; d < D; d++) {
            double e = sq[d] - x[i * D + d];
            s += sal[i * D + d] * e * e;
        }
        f->dq[i] = sqrt(s);
    }
    absence_stream(&f->arng, rng);
    f->drawn = 0;
    f->st1_ready = 0;
    f->flex_view = 0;
}

/* Who is unheard in round `round`: each member whose absence is not 0
 * draws once a round from the run's absence stream, in order, as the
 * engine's route draws (engine-run.c); the rounds are drawn once for
 * every rule of the run. */
static const u64 *absent_in(struct mfk__worker *w, unsigned round)
{
    const mfk_body *b = w->body;
    struct full_state *f = &w->full;
    size_t i, n = b->n;

    while (f->drawn < round) {
        u64 *set = f->absent + f->drawn * w->words;
        memset(set, 0, w->words * sizeof *set);
        for (i = 0; i < n; i++)
            if (b->absence[i] > 0 &&
                mfk__rng_uniform(&f->arng) < b->absence[i])
                set[i / 64] |= 1ULL << (i % 64);
        f->drawn++;
    }
    return f->absent + (round - 1) * w->words;
}

/* The stances at pos, into st, and how many took each into h: the
 * unheard silent, the others by the engine's stance function; in one
 * dimension with every salience 1, a member's distance is sqrt((p -
 * x_i)^2), which is mfk__distance()'s. */
static void stances_at(const struct mfk__worker *w, const double *pos,
                       int flex, const u64 *absent, unsigned char *st,
                       size_t *h)
{
    const mfk_body *b = w->body;
    const double *x = w->x, *sal = b->salience, *tol = b->tolerance;
    const double *dq = w->full.dq, *reach = w->reach;
    const double *ext = b->externality, *ind = b->indifference;
    const double *res = b->reservation, *gain = b->support_gain;
    size_t i, n = b->n;
    unsigned D = b->dims, d;

    if (D == 1 && w->unit) {
        double p = pos[0];
        for (i = 0; i < n; i++) {
            double e = p - x[i];
            st[i] = (unsigned char)mfk__stance_of(sqrt(e * e), dq[i],
                                                  reach[i], tol[i], ext[i],
                                                  ind[i], res[i], gain[i],
                                                  flex);
        }
    } else {
        for (i = 0; i < n; i++) {
            double s = 0;
            for (d = 0; d < D; d++) {
                double e = pos[d] - x[i * D + d];
                s += sal[i * D + d] * e * e;
            }
            st[i] = (unsigned char)mfk__stance_of(sqrt(s), dq[i], reach[i],
                                                  tol[i], ext[i], ind[i],
                                                  res[i], gain[i], flex);
        }
    }
    for (i = 0; i < n; i++)
        if (absent[i / 64] >> (i % 64) & 1)
            st[i] = MFK_SILENT;
    memset(h, 0, MFK_STANCE_COUNT * sizeof *h);
    for (i = 0; i < n; i++)
        h[st[i]]++;
}

/* The rule's verdict on the stances st, h, as
 * mfk_consultation_close_round() decides it, the counts into *c; with
 * by_counts, from the counts of each stance, as count_round() of rule.c
 * makes them where no member is a party and no weight is read (fl is
 * not written then), else by mfk__rule_apply() (into fl). */
static int verdict_of(const struct mfk__worker *w, const mfk_rule *r,
                      int by_counts, const unsigned char *st,
                      const size_t *h, unsigned char *fl, mfk_verdict *v,
                      struct mfk__count *c)
{
    int rc, k;

    if (by_counts) {
        memset(c, 0, sizeof *c);
        for (k = 0; k < MFK_STANCE_COUNT; k++)
            if (h[k] > 0)
                mfk__count_add(c, (unsigned char)k, h[k]);
        rc = mfk__rule_verdict(r, c, v);
    } else {
        rc = mfk__rule_apply(r, w->body, w->prop, st, fl, v, c);
    }
    if (rc == MFK_OK)
        mfk__quorum_apply(r->kind, mfk__proposal_quorum(w->prop), w->body,
                          st, v);
    return rc;
}

/* Whether the round on st, h, which did not adopt, would have with its
 * silent members joined (mfk__silence_only(), which asks the rule
 * without the quorum). */
static int silence_only(struct mfk__worker *w, const mfk_rule *r,
                        int by_counts, const unsigned char *st,
                        const size_t *h)
{
    unsigned char *join = w->full.st2, *fl = join + w->sim->n;
    struct mfk__count c;
    size_t i, n = w->sim->n, hj[MFK_STANCE_COUNT];
    mfk_verdict v;
    int k;

    if (h[MFK_SILENT] == 0)
        return 0;
    if (by_counts) {
        memcpy(hj, h, sizeof hj);
        hj[MFK_JOIN] += hj[MFK_SILENT];
        hj[MFK_SILENT] = 0;
        memset(&c, 0, sizeof c);
        for (k = 0; k < MFK_STANCE_COUNT; k++)
            if (hj[k] > 0)
                mfk__count_add(&c, (unsigned char)k, hj[k]);
        return mfk__rule_verdict(r, &c, &v) == MFK_OK &&
               v == MFK_VERDICT_ADOPTED;
    }
    for (i = 0; i < n; i++)
        join[i] = st[i] == MFK_SILENT ? (unsigned char)MFK_JOIN : st[i];
    return mfk__rule_apply(r, w->body, w->prop, join, fl, &v, &c) ==
               MFK_OK &&
           v == MFK_VERDICT_ADOPTED;
}

/* ---- the Chair under flexible ----------------------------------------- */

/* Member i objects, under flexible, at distance dp. */
static int flex_objects(const struct mfk__worker *w, size_t i, double dp)
{
    const mfk_body *b = w->body;
    return mfk__stance_of(dp, w->full.dq[i], w->reach[i], b->tolerance[i],
                          b->externality[i], 0, 0, 0, 1) == MFK_OBJECT;
}

/* The flexible view of the Chair (struct chair_view): the estimate of
 * the run as mfk_chair_default() makes it under flexible, each member
 * accepting within d_i(sq) + tolerance_i / externality_i in real numbers
 * (no bound where externality is 0); and, as each member's reach, the
 * largest distance at which it does not object under flexible, found
 * with the model's own comparison (which is monotone in the distance), so
 * that the fast Chair's `distance > reach` is that comparison. Returns 0
 * when a reach is not found within a few doubles of its estimate, and
 * the engine's Chair must decide. */
static int make_flex_view(struct mfk__worker *w)
{
    const mfk_body *b = w->body;
    const double *x = w->x, *sal = b->salience;
    struct chair_view *v = &w->full.flex;
    double lo = -INFINITY, hi = INFINITY, xmax = 0;
    size_t i, n = b->n;

    for (i = 0; i < n; i++) {
        double t = b->tolerance[i], e = b->externality[i];
        double dq = w->full.dq[i], R, r, d;
        int step;

        if (fabs(x[i]) > xmax)
            xmax = fabs(x[i]);
        if (e >= 1) {
            v->reach[i] = R = w->reach[i];
        } else if (e > 0) {
            /* the chair_1d() estimate, then the exact reach near it */
            R = dq + t / e;
            d = R > w->reach[i] ? R : w->reach[i];
            if (!(d < HUGE_VAL)) {
                d = HUGE_VAL;
            } else if (flex_objects(w, i, d)) {
                for (step = 0; flex_objects(w, i, d); step++) {
                    if (step == 64)
                        return 0;
                    d = nextafter(d, -HUGE_VAL);
                }
            } else {
                for (step = 0;; step++) {
                    double up = nextafter(d, HUGE_VAL);
                    if (up == HUGE_VAL || flex_objects(w, i, up))
                        break;
                    if (step == 64)
                        return 0;
                    d = up;
                }
            }
            v->reach[i] = d;
        } else {
            /* 0 x L <= tolerance: it never objects */
            v->reach[i] = R = HUGE_VAL;
        }
        if (isinf(R))
            continue;
        r = w->unit ? R : R / sqrt(sal[i]);
        if (x[i] - r > lo)
            lo = x[i] - r;
        if (x[i] + r < hi)
            hi = x[i] + r;
    }
    v->lo_est = lo;
    v->hi_est = hi;
    v->scale = mfk__chair_scale_1d(w->sq[0], xmax, lo, hi);
    v->est_ready = 1;
    v->run_ready = 0;
    return 1;
}

/* The worker's view of the Chair and v exchanged. */
static void swap_view(struct mfk__worker *w, struct chair_view *v)
{
    struct chair_view t = *v;
    v->reach = w->reach;
    v->lo_est = w->lo_est;
    v->hi_est = w->hi_est;
    v->scale = w->scale;
    v->run_lo = w->run_lo;
    v->run_hi = w->run_hi;
    v->est_ready = w->est_ready;
    v->run_ready = w->run_ready;
    v->run_ok = w->run_ok;
    w->reach = t.reach;
    w->lo_est = t.lo_est;
    w->hi_est = t.hi_est;
    w->scale = t.scale;
    w->run_lo = t.run_lo;
    w->run_hi = t.run_hi;
    w->est_ready = t.est_ready;
    w->run_ready = t.run_ready;
    w->run_ok = t.run_ok;
}

/* The default Chair's next text after round `round` under rule r, into
 * pos: the fast Chair where it applies, else the engine's, which reads
 * the rule from the proposal. */
static int chair(struct mfk__worker *w, const mfk_rule *r, unsigned round,
                 double *pos)
{
    struct full_state *f = &w->full;
    int flex = r->kind == MFK_RULE_FLEXIBLE, rc = CHAIR_ASK_ENGINE;

    if (w->chair_1d && flex) {
        if (f->flex_view == 0)
            f->flex_view = make_flex_view(w) ? 1 : -1;
        if (f->flex_view > 0) {
            swap_view(w, &f->flex);
            if (w->est_ready && chair_run_shut(w))
                rc = MFK_DONE;
            else
                rc = mfk__sim_fast_chair(w, w->obj1, pos);
            swap_view(w, &f->flex);
        }
    } else if (w->chair_1d) {
        if (w->est_ready && chair_run_shut(w))
            rc = MFK_DONE;
        else
            rc = mfk__sim_fast_chair(w, w->obj1, pos);
    }
    if (rc != CHAIR_ASK_ENGINE)
        return rc;
    rc = mfk_proposal_set_rule(w->prop, r);
    return rc == MFK_OK ? mfk__sim_engine_chair(w, round, pos) : rc;
}

/* ---- one consultation ------------------------------------------------- */

int mfk__sim_full_consult(struct mfk__worker *w, size_t rule,
                          struct result *res)
{
    const mfk_sim *s = w->sim;
    const mfk_rule *r = &s->rules[rule];
    struct full_state *f = &w->full;
    int flex = r->kind == MFK_RULE_FLEXIBLE, rc;
    int by_counts = f->no_parties && !mfk__rule_reads_weights(r);
    const unsigned char *st;
    const size_t *h;
    size_t hr[MFK_STANCE_COUNT];
    struct mfk__count c;
    unsigned round, d, D = s->dims;
    mfk_verdict v;

    for (d = 0; d < D; d++)
        res->pos[d] = w->pos0[d];
    res->adopted = 0;
    res->blockers = NULL;
    res->flags = NULL;
    for (round = 1;; round++) {
        const u64 *absent = absent_in(w, round);
        if (round == 1) {
            /* Round 1's stances are those of every rule of its kind. */
            unsigned char *st1 = f->st1 + (flex ? s->n : 0);
            if (!(f->st1_ready >> flex & 1)) {
                stances_at(w, w->pos0, flex, absent, st1, f->h1[flex]);
                f->st1_ready |= 1 << flex;
            }
            st = st1;
            h = f->h1[flex];
        } else {
            stances_at(w, res->pos, flex, absent, w->st, hr);
            st = w->st;
            h = hr;
        }
        rc = verdict_of(w, r, by_counts, st, h, w->fl, &v, &c);
        if (rc != MFK_OK)
            return rc;
        if (v == MFK_VERDICT_ADOPTED || round == s->max_rounds)
            break;
        /* Held again on the same text. */
        if (silence_only(w, r, by_counts, st, h))
            continue;
        rc = chair(w, r, round, res->pos);
        if (rc == MFK_DONE)
            break;
        if (rc != MFK_OK)
            return rc;
    }
    res->rounds = round;
    if (v == MFK_VERDICT_ADOPTED) {
        res->adopted = 1;
        res->outcome = mfk__adopted_outcome(r->kind, &c);
        res->participants = mfk__bound_count(w->body, r->kind, &c);
        return MFK_OK;
    }
    res->outcome = s->fallback;
    /* The last round's flags say who blocked. */
    if (by_counts) {
        rc = mfk__rule_apply(r, w->body, w->prop, st, w->fl, &v, &c);
        if (rc != MFK_OK)
            return rc;
    }
    res->flags = w->fl;
    return MFK_OK;
}
