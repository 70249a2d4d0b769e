/* The fast path under the full model: members who stand aside, abstain,
 * keep a reservation, support or go unheard. Each round's stances come
 * from the engine's own stance function (mfk__stance_of()), the rule's
 * verdict from the engine's own functions (mfk__rule_verdict() on the
 * round's counts, or mfk__rule_apply() where parties or weights count;
 * then the quorum), a round that only silence kept from adopting is
 * held again on the same text, as mfk__silence_only() holds it, and the
 * Chair is the fast one (fast-chair.c) with, under flexible, the
 * members' objections as the contract reads them there.
 * tests/check_sim.c holds it to the engine run by run. */
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
    f->st = mfk__malloc(&s->alloc, (2 * FULL_ROUNDS + 2) * n);
    f->athr = mfk__malloc(&s->alloc, n * sizeof *f->athr);
    f->away = mfk__malloc(&s->alloc, n * sizeof *f->away);
    f->tq = mfk__malloc(&s->alloc, n * sizeof *f->tq);
    if (f->dq == NULL || f->absent == NULL || f->st == NULL ||
        f->athr == NULL || f->away == NULL || f->tq == NULL)
        return MFK_ENOMEM;
    /* What the flexible estimate adds to d_i(sq), tolerance_i /
     * externality_i: the tolerance itself where the externality is 1 or
     * more (d_i(sq) + tolerance_i is the reach), no bound where it is 0 */
    for (i = 0; i < n; i++) {
        double t = w->body->tolerance[i], e = w->body->externality[i];
        f->tq[i] = e >= 1 ? t : e > 0 ? t / e : HUGE_VAL;
    }
    /* The members who draw for their absence, in order, and each one's
     * threshold: u = k 2^-53 (mfk__rng_uniform(), k the output's top 53
     * bits) is below a exactly when k < a 2^53, that is k < ceil(a
     * 2^53), both exact in doubles; a >= 1 is always met. */
    f->naway = 0;
    for (i = 0; i < n; i++) {
        double a = w->body->absence[i];
        if (!(a > 0))
            continue;
        f->away[f->naway] = i;
        f->athr[f->naway++] = a >= 1 ? 1ULL << 53 : (u64)ceil(a * 0x1p53);
    }
    f->flex.reach = f->dq + n;
    f->st2 = f->st + 2 * FULL_ROUNDS * n;
    f->no_parties = 1;
    for (i = 0; i < n; i++)
        f->no_parties &= !mfk__proposal_party(w->prop, i);
    /* Each rule's route (FULL_BY_COUNTS, FULL_QUORUM), for the
     * worker's proposal and rules, which stay while it does. */
    f->rflags = mfk__calloc(&s->alloc, s->nrules + 1, 1);
    if (f->rflags == NULL)
        return MFK_ENOMEM;
    for (i = 0; i < s->nrules; i++) {
        const mfk_rule *r = &s->rules[i];
        const struct mfk__quorum *q = mfk__proposal_quorum(w->prop);
        if (f->no_parties && !mfk__rule_reads_weights(r))
            f->rflags[i] |= FULL_BY_COUNTS;
        /* mfk__quorum_met() holds for any stances under a quorum of no
         * members and no weight */
        if (mfk__rule_takes_quorum(r->kind) &&
            !(q->members == 0 && q->weight <= 0))
            f->rflags[i] |= FULL_QUORUM;
    }
    if (n < 255 && s->nrules > 0) {
        f->memo = mfk__calloc(&s->alloc, s->nrules * FULL_MEMO,
                              sizeof *f->memo);
        if (f->memo == NULL)
            return MFK_ENOMEM;
    }
    return MFK_OK;
}

void mfk__sim_full_free(mfk_sim *s, struct mfk__worker *w)
{
    mfk__free(&s->alloc, w->full.dq);
    mfk__free(&s->alloc, w->full.absent);
    mfk__free(&s->alloc, w->full.st);
    mfk__free(&s->alloc, w->full.athr);
    mfk__free(&s->alloc, w->full.rflags);
    mfk__free(&s->alloc, w->full.away);
    mfk__free(&s->alloc, w->full.tq);
    mfk__free(&s->alloc, w->full.memo);
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

    if (!(D == 1 && w->unit)) {
        /* else first_round() has put the kernel's sqrt((sq - x_i)^2),
         * which is 0 + 1 * e * e's */
        for (i = 0; i < n; i++) {
            double s = 0;
            for (d = 0; d < D; d++) {
                double e = sq[d] - x[i * D + d];
                s += sal[i * D + d] * e * e;
            }
            f->dq[i] = sqrt(s);
        }
    }
    /* the kernel's arguments, for every round of the run */
    f->sp.x = w->x;
    f->sp.dq = f->dq;
    f->sp.reach = w->reach;
    f->sp.tol = b->tolerance;
    f->sp.ext = b->externality;
    f->sp.ind = b->indifference;
    f->sp.res = b->reservation;
    f->sp.gain = b->support_gain;
    absence_stream(&f->arng, rng);
    f->drawn = 0;
    f->flex_view = 0;
    if (++f->stamp == 0) {
        /* once in 2^32 runs: no round may look like this run's */
        memset(f->round, 0, sizeof f->round);
        f->stamp = 1;
    }
}

/* Who is unheard in round `round`: each member whose absence is not 0
 * draws once a round from the run's absence stream, in order, as the
 * engine's route draws (engine-run.c); the rounds are drawn once for
 * every rule of the run. */
static const u64 *absent_in(struct mfk__worker *w, unsigned round)
{
    struct full_state *f = &w->full;
    const u64 *thr = f->athr;
    const size_t *away = f->away;
    size_t k, na = f->naway;

    while (f->drawn < round) {
        u64 *set = f->absent + f->drawn * w->words;
        mfk_rng r = f->arng; /* in registers for the loop */
        if (w->words == 1) {
            u64 a = 0;
            for (k = 0; k < na; k++)
                a |= (u64)((mfk__rng_next(&r) >> 11) < thr[k]) << away[k];
            set[0] = a;
        } else {
            memset(set, 0, w->words * sizeof *set);
            for (k = 0; k < na; k++)
                set[away[k] / 64] |=
                    (u64)((mfk__rng_next(&r) >> 11) < thr[k])
                    << (away[k] % 64);
        }
        f->arng = r;
        f->drawn++;
    }
    return f->absent + (round - 1) * w->words;
}

/* The counts kept as the memo's key (struct full_counts). */
static inline int packed(const struct mfk__worker *w)
{
    return w->full.memo != NULL;
}

static inline size_t count_of(const struct mfk__worker *w,
                              const struct full_counts *c, unsigned v)
{
    return packed(w) ? (size_t)(c->key >> (8 * v) & 255) : c->h[v];
}

/* k members of stance `from` counted as of stance `to`. */
static inline void count_move(const struct mfk__worker *w,
                              struct full_counts *c, unsigned from,
                              unsigned to, size_t k)
{
    if (packed(w)) {
        c->key += (u64)k << (8 * to);
        c->key -= (u64)k << (8 * from);
    } else {
        c->h[from] -= k;
        c->h[to] += k;
    }
}

/* The stances at pos, into st, and how many took each into c: the
 * unheard silent, the others by the engine's stance function; in one
 * dimension with every salience 1, where a member's distance is
 * sqrt((p - x_i)^2), which is mfk__distance()'s, by the kernel, which
 * counts at most 255 members in a call: 252 at a time. */
static void stances_at(const struct mfk__worker *w, const double *pos,
                       int flex, const u64 *absent, unsigned char *st,
                       struct full_counts *c)
{
    const mfk_body *b = w->body;
    const double *x = w->x, *sal = b->salience;
    size_t i, j, n = b->n;
    unsigned D = b->dims, d, v;

    if (D == 1 && w->unit) {
        const struct mfk__stance_params *m = &w->full.sp;
        if (packed(w)) {
            c->key = w->k->stances_1d(m, n, pos[0], flex, st);
        } else {
            memset(c->h, 0, sizeof c->h);
            for (i = 0; i < n; i += 252) {
                struct mfk__stance_params q = *m;
                size_t k = n - i < 252 ? n - i : 252;
                u64 key;
                q.x += i;
                q.dq += i;
                q.reach += i;
                q.tol += i;
                q.ext += i;
                q.ind += i;
                q.res += i;
                q.gain += i;
                key = w->k->stances_1d(&q, k, pos[0], flex, st + i);
                for (v = 0; v < MFK_STANCE_COUNT; v++)
                    c->h[v] += (size_t)(key >> (8 * v) & 255);
            }
        }
    } else {
        c->key = 0;
        memset(c->h, 0, sizeof c->h);
        for (i = 0; i < n; i++) {
            double s = 0;
            mfk_stance sv;
            for (d = 0; d < D; d++) {
                double e = pos[d] - x[i * D + d];
                s += sal[i * D + d] * e * e;
            }
            sv = mfk__stance_of(sqrt(s), w->full.dq[i], w->reach[i],
                                b->tolerance[i], b->externality[i],
                                b->indifference[i], b->reservation[i],
                                b->support_gain[i], flex);
            st[i] = (unsigned char)sv;
            if (packed(w))
                c->key += 1ULL << (8 * sv);
            else
                c->h[sv]++;
        }
    }
    for (j = 0; j < w->words; j++) {
        u64 a;
        for (a = absent[j]; a != 0; a &= a - 1) {
            i = 64 * j + (size_t)__builtin_ctzll(a);
            count_move(w, c, st[i], MFK_SILENT, 1);
            st[i] = MFK_SILENT;
        }
    }
}

/* The stances at pos under flexible or not (flex), into st, c, from
 * those of the other (ost, oc) at the same position and with the same
 * members unheard: mfk__stance_of() differs only beyond the reach, where
 * an objector is not ready under flexible when its externality is below
 * 1 and its loss times it within its tolerance, with the kernel's
 * arithmetic (dp = sqrt((p - x_i)^2), L = dp - dq_i). One dimension with
 * every salience 1 only, where the distance is the kernel's. */
static void stances_from(const struct mfk__worker *w, double p, int flex,
                         const unsigned char *ost,
                         const struct full_counts *oc, unsigned char *st,
                         struct full_counts *c)
{
    const mfk_body *b = w->body;
    const double *x = w->x, *dq = w->full.dq;
    const double *ext = b->externality, *tol = b->tolerance;
    size_t i, n = b->n, moved = 0;
    unsigned char from = flex ? MFK_OBJECT : MFK_NOT_READY;

    *c = *oc;
    for (i = 0; i < n; i++) {
        unsigned char v = ost[i];
        if (v == from) {
            if (flex) {
                double e = p - x[i], dp = sqrt(e * e);
                if (mfk__stands_aside(dp, dq[i], tol[i], ext[i])) {
                    v = MFK_NOT_READY;
                    moved++;
                }
            } else {
                v = MFK_OBJECT;
                moved++;
            }
        }
        st[i] = v;
    }
    count_move(w, c, from, from == MFK_OBJECT ? MFK_NOT_READY : MFK_OBJECT,
               moved);
}

/* The engine's decision of a round from the counts c of each stance, as
 * mfk__rule_apply() counts them (count_round() of rule.c) where no
 * member is a party and no weight is read: the verdict and, on adoption,
 * the outcome and the members bound; kept in the rule's memo. */
/* The rule's place in the memo for the counts, and their key. */
_Static_assert(MFK_STANCE_COUNT <= 8, "the memo's key holds the counts");
static inline struct full_memo *memo_of(const struct mfk__worker *w,
                                        size_t rule,
                                        const struct full_counts *c, u64 *key)
{
    *key = 0;
    if (w->full.memo == NULL)
        return NULL;
    /* each count below 255, one byte each */
    *key = c->key + 1;
    return w->full.memo + rule * FULL_MEMO +
           (size_t)((*key * 0x9e3779b97f4a7c15ULL) >> (64 - FULL_MEMO_BITS));
}

/* decide() where the memo does not hold the counts: the engine asked,
 * its answer kept in m (where not NULL) under key. */
#if defined(__GNUC__)
__attribute__((noinline))
#endif
static int decide_anew(const struct mfk__worker *w, size_t rule,
                       const struct full_counts *h, struct full_memo *m,
                       u64 key, struct fast_row *out)
{
    const mfk_rule *r = &w->sim->rules[rule];
    struct mfk__count c;
    mfk_verdict v;
    int rc;
    unsigned k;

    memset(&c, 0, sizeof c);
    for (k = 0; k < MFK_STANCE_COUNT; k++) {
        size_t nk = count_of(w, h, k);
        if (nk > 0)
            mfk__count_add(&c, (unsigned char)k, nk);
    }
    rc = mfk__rule_verdict(r, &c, &v);
    if (rc != MFK_OK)
        return rc;
    memset(out, 0, sizeof *out);
    out->verdict = (unsigned char)v;
    if (v == MFK_VERDICT_ADOPTED) {
        out->outcome = (unsigned char)mfk__adopted_outcome(r->kind, &c);
        out->bound = mfk__bound_count(w->body, r->kind, &c);
    }
    if (m != NULL) {
        m->key = key;
        m->row = *out;
        m->blocks_known = 0;
    }
    return MFK_OK;
}

static inline int decide(const struct mfk__worker *w, size_t rule,
                         const struct full_counts *h, struct fast_row *out)
{
    u64 key;
    struct full_memo *m = memo_of(w, rule, h, &key);

    if (m != NULL && m->key == key) {
        *out = m->row;
        return MFK_OK;
    }
    return decide_anew(w, rule, h, m, key, out);
}

/* Who blocked in the last round, on the stances st, h, of a run not
 * adopted, into res: by the rule's flags (mfk__rule_apply()), which
 * read each member's stance; where no member is a party, members of the
 * same stance have the same flags, which the memo keeps by stance. */
static int blockers_of(struct mfk__worker *w, size_t rule,
                       const unsigned char *st, const struct full_counts *h,
                       struct result *res)
{
    const mfk_rule *r = &w->sim->rules[rule];
    size_t i, n = w->sim->n;
    struct mfk__count c;
    struct full_memo *m;
    mfk_verdict v;
    u64 key;
    int rc;

    m = memo_of(w, rule, h, &key);
    if (m != NULL && m->key == key && m->blocks_known == 1) {
        memset(w->blk, 0, w->words * sizeof *w->blk);
        for (i = 0; i < n; i++)
            w->blk[i / 64] |= (u64)(m->blocks >> st[i] & 1) << (i % 64);
        res->blockers = w->blk;
        return MFK_OK;
    }
    rc = mfk__rule_apply(r, w->body, w->prop, st, w->fl, &v, &c);
    if (rc != MFK_OK)
        return rc;
    res->flags = w->fl;
    if (m != NULL && m->key == key && m->blocks_known == 0) {
        unsigned char seen = 0, blocks = 0;
        m->blocks_known = 1;
        for (i = 0; i < n; i++) {
            unsigned char bit = (unsigned char)(1u << st[i]);
            int blocker = (w->fl[i] & MFK_FLAG_BLOCKER) != 0;
            if ((seen & bit) && ((blocks & bit) != 0) != blocker)
                m->blocks_known = 2;
            seen |= bit;
            blocks |= (unsigned char)(blocker ? bit : 0);
        }
        m->blocks = blocks;
    }
    return MFK_OK;
}

/* The decision of a round on the stances st, h, as
 * mfk_consultation_close_round() makes it, the quorum included: from the
 * counts (by_counts), else by mfk__rule_apply(), the flags into fl. */
static int verdict_of(const struct mfk__worker *w, size_t rule,
                      int by_counts, const unsigned char *st,
                      const struct full_counts *h, unsigned char *fl,
                      struct fast_row *out)
{
    const mfk_rule *r = &w->sim->rules[rule];
    struct mfk__count c;
    mfk_verdict v;
    int rc;

    if (by_counts) {
        rc = decide(w, rule, h, out);
    } else {
        rc = mfk__rule_apply(r, w->body, w->prop, st, fl, &v, &c);
        if (rc != MFK_OK)
            return rc;
        out->verdict = (unsigned char)v;
        if (v == MFK_VERDICT_ADOPTED) {
            out->outcome = (unsigned char)mfk__adopted_outcome(r->kind, &c);
            out->bound = mfk__bound_count(w->body, r->kind, &c);
        }
    }
    if (rc == MFK_OK && out->verdict == MFK_VERDICT_ADOPTED &&
        (w->full.rflags[rule] & FULL_QUORUM)) {
        v = MFK_VERDICT_ADOPTED;
        mfk__quorum_apply(r->kind, mfk__proposal_quorum(w->prop), w->body,
                          st, &v);
        out->verdict = (unsigned char)v;
    }
    return rc;
}

/* Whether the round on st, h, which did not adopt, would have with its
 * silent members joined (mfk__silence_only(), which asks the rule
 * without the quorum). */
static int silence_only(struct mfk__worker *w, size_t rule,
                        int by_counts, const unsigned char *st,
                        const struct full_counts *h)
{
    const mfk_rule *r = &w->sim->rules[rule];
    unsigned char *join = w->full.st2, *fl = join + w->sim->n;
    struct mfk__count c;
    struct fast_row row;
    size_t i, n = w->sim->n, silent = count_of(w, h, MFK_SILENT);
    mfk_verdict v;

    if (silent == 0)
        return 0;
    if (by_counts) {
        struct full_counts hj = *h;
        count_move(w, &hj, MFK_SILENT, MFK_JOIN, silent);
        return decide(w, rule, &hj, &row) == MFK_OK &&
               row.verdict == MFK_VERDICT_ADOPTED;
    }
    for (i = 0; i < n; i++)
        join[i] = st[i] == MFK_SILENT ? (unsigned char)MFK_JOIN : st[i];
    return mfk__rule_apply(r, w->body, w->prop, join, fl, &v, &c) ==
               MFK_OK &&
           v == MFK_VERDICT_ADOPTED;
}

/* ---- the Chair under flexible ----------------------------------------- */

/* Member i objects, under flexible, at distance dp: mfk__stance_of()'s
 * MFK_OBJECT, which it gives only beyond the reach (the indifference,
 * reservation and support gain are read only within it). */
static inline int flex_objects(const struct mfk__worker *w, size_t i,
                               double dp)
{
    const mfk_body *b = w->body;
    double e = b->externality[i];
    return dp > w->reach[i] &&
           !mfk__stands_aside(dp, w->full.dq[i], b->tolerance[i], e);
}

/* The flexible view of the Chair (struct chair_view), its estimate: the
 * run as mfk_chair_default() estimates it under flexible, each member
 * accepting within d_i(sq) + tolerance_i / externality_i in real numbers
 * (no bound where externality is 0), and its scale. */
static void flex_estimate(struct mfk__worker *w)
{
    const mfk_body *b = w->body;
    const double *x = w->x, *sal = b->salience, *dq = w->full.dq;
    const double *tq = w->full.tq;
    struct chair_view *v = &w->full.flex;
    double lo = -INFINITY, hi = INFINITY, xmax = 0;
    size_t i, n = b->n;

    /* R infinite (externality 0, or an overflow) moves neither end */
    if (w->unit) {
        for (i = 0; i < n; i++) {
            double R = dq[i] + tq[i];
            lo = x[i] - R > lo ? x[i] - R : lo;
            hi = x[i] + R < hi ? x[i] + R : hi;
        }
        xmax = w->xmax; /* first_round()'s */
    } else {
        for (i = 0; i < n; i++) {
            double r = (dq[i] + tq[i]) / sqrt(sal[i]);
            lo = x[i] - r > lo ? x[i] - r : lo;
            hi = x[i] + r < hi ? x[i] + r : hi;
            xmax = fabs(x[i]) > xmax ? fabs(x[i]) : xmax;
        }
    }
    v->lo_est = lo;
    v->hi_est = hi;
    v->scale = mfk__chair_scale_1d(w->sq[0], xmax, lo, hi);
    v->est_ready = 1;
    v->run_ready = 0;
}

/* The flexible view's reaches: each member's largest distance at which
 * it does not object under flexible, found with the model's own
 * comparison (which is monotone in the distance) near the estimate's,
 * so that the fast Chair's `distance > reach` is that comparison.
 * Returns 0 when a reach is not found within a few doubles of it, and
 * the engine's Chair must decide. */
static int flex_reaches(struct mfk__worker *w)
{
    const mfk_body *b = w->body;
    struct chair_view *v = &w->full.flex;
    size_t i, n = b->n;

    for (i = 0; i < n; i++) {
        double e = b->externality[i], d;
        int step;

        if (e >= 1) {
            v->reach[i] = w->reach[i];
            continue;
        }
        if (!(e > 0)) {
            v->reach[i] = HUGE_VAL;
            continue;
        }
        d = w->full.dq[i] + w->full.tq[i];
        d = d > w->reach[i] ? d : w->reach[i];
        if (!(d < HUGE_VAL)) {
            d = HUGE_VAL;
        } else if (flex_objects(w, i, d)) {
            for (step = 0; flex_objects(w, i, d); step++) {
                if (step == 64 || !(d > 0))
                    return 0;
                d = step_double(d, -1);
            }
        } else {
            for (step = 0;; step++) {
                double up = d < DBL_MAX ? step_double(d, +1) : HUGE_VAL;
                if (up == HUGE_VAL || flex_objects(w, i, up))
                    break;
                if (step == 64)
                    return 0;
                d = up;
            }
        }
        v->reach[i] = d;
    }
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
static int chair_of(struct mfk__worker *w, const mfk_rule *r,
                    unsigned round, double *pos)
{
    struct full_state *f = &w->full;
    int flex = r->kind == MFK_RULE_FLEXIBLE, rc = CHAIR_ASK_ENGINE;

    if (w->chair_1d && flex) {
        /* the estimate first, the reaches only where it cannot decide */
        if (f->flex_view == 0) {
            flex_estimate(w);
            f->flex_view = 2;
        }
        if (f->flex_view > 0)
            rc = mfk__sim_fast_chair_est(w, f->flex.lo_est, f->flex.hi_est,
                                         f->flex.scale, pos);
        if (rc == CHAIR_ASK_EXACT) {
            if (f->flex_view == 2)
                f->flex_view = flex_reaches(w) ? 1 : -1;
            rc = CHAIR_ASK_ENGINE;
            if (f->flex_view > 0) {
                swap_view(w, &f->flex);
                rc = mfk__sim_fast_chair(w, w->obj1, pos);
                swap_view(w, &f->flex);
            }
        }
    } else if (w->chair_1d) {
        rc = w->est_ready ? mfk__sim_fast_chair_est(w, w->lo_est, w->hi_est,
                                                    w->scale, pos)
                          : CHAIR_ASK_EXACT;
        if (rc == CHAIR_ASK_EXACT)
            rc = mfk__sim_fast_chair(w, w->obj1, pos);
    }
    if (rc != CHAIR_ASK_ENGINE)
        return rc;
    rc = mfk_proposal_set_rule(w->prop, r);
    return rc == MFK_OK ? mfk__sim_engine_chair(w, round, pos) : rc;
}

/* The same, kept for the round's other rules of the same kind at the
 * same position (fr, where kept): the Chair reads only the position and
 * the members' objections, under flexible or not. */
static int chair(struct mfk__worker *w, const mfk_rule *r, unsigned round,
                 struct full_round *fr, double *pos)
{
    unsigned D = w->sim->dims, d;
    int rc;

    if (fr != NULL && fr->chair_rc != 0) {
        for (d = 0; d < D; d++)
            pos[d] = fr->moved[d];
        return fr->chair_rc - 1;
    }
    rc = chair_of(w, r, round, pos);
    if (fr != NULL && (rc == MFK_OK || rc == MFK_DONE)) {
        for (d = 0; d < D; d++)
            fr->moved[d] = pos[d];
        fr->chair_rc = rc + 1;
    }
    return rc;
}

/* ---- one consultation ------------------------------------------------- */

/* The positions a and b are the same doubles, bit for bit (as memcmp()
 * compares them: 0 and -0 differ). */
static inline int same_pos(const double *a, const double *b, unsigned D)
{
    unsigned d;
    for (d = 0; d < D; d++) {
        uint64_t u, v;
        memcpy(&u, &a[d], sizeof u);
        memcpy(&v, &b[d], sizeof v);
        if (u != v)
            return 0;
    }
    return 1;
}

int mfk__sim_full_consult(struct mfk__worker *w, size_t rule,
                          struct result *res)
{
    const mfk_sim *s = w->sim;
    const mfk_rule *r = &s->rules[rule];
    struct full_state *f = &w->full;
    int flex = r->kind == MFK_RULE_FLEXIBLE, rc;
    int by_counts = (f->rflags[rule] & FULL_BY_COUNTS) != 0;
    const unsigned char *st;
    const struct full_counts *h;
    struct full_counts hr;
    struct fast_row row;
    unsigned round, d, D = s->dims;

    for (d = 0; d < D; d++)
        res->pos[d] = w->pos0[d];
    res->adopted = 0;
    res->blockers = NULL;
    res->flags = NULL;
    for (round = 1;; round++) {
        const u64 *absent = absent_in(w, round);
        /* A round at the same position as another rule's of the same
         * kind in this run has its stances, and its Chair's move. */
        struct full_round *fr = NULL;
        if (round <= FULL_ROUNDS) {
            unsigned char *kept =
                f->st + ((size_t)flex * FULL_ROUNDS + round - 1) * s->n;
            fr = &f->round[flex][round - 1];
            if (fr->ready != f->stamp || !same_pos(fr->pos, res->pos, D)) {
                /* the other kind's round here, where it has been held */
                const struct full_round *of = &f->round[!flex][round - 1];
                if (D == 1 && w->unit && of->ready == f->stamp &&
                    same_pos(of->pos, res->pos, 1))
                    stances_from(w, res->pos[0], flex,
                                 f->st + ((size_t)!flex * FULL_ROUNDS +
                                          round - 1) * s->n,
                                 &of->c, kept, &fr->c);
                else
                    stances_at(w, res->pos, flex, absent, kept, &fr->c);
                for (d = 0; d < D; d++)
                    fr->pos[d] = res->pos[d];
                fr->ready = f->stamp;
                fr->chair_rc = 0;
            }
            st = kept;
            h = &fr->c;
        } else {
            stances_at(w, res->pos, flex, absent, w->st, &hr);
            st = w->st;
            h = &hr;
        }
        rc = verdict_of(w, rule, by_counts, st, h, w->fl, &row);
        if (rc != MFK_OK)
            return rc;
        if (row.verdict == MFK_VERDICT_ADOPTED || round == s->max_rounds)
            break;
        /* Held again on the same text. */
        if (silence_only(w, rule, by_counts, st, h))
            continue;
        rc = chair(w, r, round, fr, res->pos);
        if (rc == MFK_DONE)
            break;
        if (rc != MFK_OK)
            return rc;
    }
    res->rounds = round;
    if (row.verdict == MFK_VERDICT_ADOPTED) {
        res->adopted = 1;
        res->outcome = (mfk_outcome)row.outcome;
        res->participants = row.bound;
        return MFK_OK;
    }
    res->outcome = s->fallback;
    /* The last round's flags say who blocked. */
    if (by_counts)
        return blockers_of(w, rule, st, h, res);
    res->flags = w->fl;
    return MFK_OK;
}
