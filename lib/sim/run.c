/* A chunk of the simulator's runs: each drawn, consulted under every
 * rule and tallied. The fast path is the engine's round with the model's
 * stances at their defaults, its decisions looked up in tables that the
 * engine's own functions fill. */
#include "sim/sim-parts.h"

void mfk__sim_free_fast(mfk_sim *s)
{
    size_t j;
    for (j = 0; j < s->nfast; j++)
        mfk__free(&s->alloc, s->fast[j].row);
    mfk__free(&s->alloc, s->fast);
    s->fast = NULL;
    s->nfast = 0;
}

/* The rules' tables of the engine's decisions (struct fast_row). A rule
 * whose verdict reads the weights, or is the program's own, has none. */
int mfk__sim_build_fast(mfk_sim *s)
{
    size_t j, k, n = s->n;

    mfk__sim_free_fast(s);
    s->fallback = mfk__fallback_outcome(s->tmpl->fallback);
    if (s->nrules == 0)
        return MFK_OK;
    s->fast = mfk__calloc(&s->alloc, s->nrules, sizeof *s->fast);
    if (s->fast == NULL)
        return MFK_ENOMEM;
    s->nfast = s->nrules;
    for (j = 0; j < s->nrules; j++) {
        const mfk_rule *r = &s->rules[j];
        struct fast_rule *fr = &s->fast[j];
        if (r->kind == MFK_RULE_CALLBACK || mfk__rule_reads_weights(r))
            continue;
        fr->row = mfk__calloc(&s->alloc, n + 1, sizeof *fr->row);
        if (fr->row == NULL) {
            mfk__sim_free_fast(s);
            return MFK_ENOMEM;
        }
        for (k = 0; k <= n; k++) {
            struct mfk__count c;
            mfk_verdict v;
            memset(&c, 0, sizeof c);
            mfk__count_add(&c, MFK_OBJECT, k);
            mfk__count_add(&c, MFK_JOIN, n - k);
            (void)mfk__rule_verdict(r, &c, &v); /* not a callback */
            fr->row[k].verdict = (unsigned char)v;
            if (v == MFK_VERDICT_ADOPTED) {
                fr->row[k].outcome =
                    (unsigned char)mfk__adopted_outcome(r->kind, &c);
                fr->row[k].bound = mfk__bound_count(s->tmpl, r->kind, &c);
            }
        }
        fr->any_blocks = fr->row[1].verdict != MFK_VERDICT_ADOPTED;
        for (k = 2; k <= n; k++)
            fr->any_blocks &= fr->row[k].verdict == fr->row[1].verdict;
    }
    return MFK_OK;
}

/* ---- one consultation: the fast path ---------------------------------- */

/* The model's stances at pos, as mfk_model_stance() decides them, with
 * the same arithmetic: member i objects when d_i(pos) > d_i(status quo)
 * + tolerance_i = reach[i]. The objectors go into the set obj. */
static void objections(const struct mfk__worker *w, const double *pos,
                       u64 *obj)
{
    const mfk_body *b = w->body;
    const double *x = w->x, *sal = b->salience, *reach = w->reach;
    size_t i, n = b->n;
    unsigned D = b->dims, d;

    if (D == 1 && w->unit) {
        w->k->objections_1d(x, reach, n, pos[0], obj);
        return;
    }
    memset(obj, 0, w->words * sizeof *obj);
    if (D == 1) {
        double p = pos[0];
        for (i = 0; i < n; i++) {
            double e = p - x[i];
            obj[i / 64] |= (u64)(sqrt(sal[i] * e * e) > reach[i]) << (i % 64);
        }
        return;
    }
    for (i = 0; i < n; i++) {
        double s = 0;
        for (d = 0; d < D; d++) {
            double e = pos[d] - x[i * D + d];
            s += sal[i * D + d] * e * e;
        }
        obj[i / 64] |= (u64)(sqrt(s) > reach[i]) << (i % 64);
    }
}

/* The engine's decision of a round of the fast path in which those in
 * obj object and the others join: a row of the rule's table or, for a
 * rule without one, the engine's verdict on those stances (into *own,
 * with the flags in w->fl). */
static int fast_decide(struct mfk__worker *w, size_t rule, const u64 *obj,
                       struct fast_row *own, const struct fast_row **out)
{
    const mfk_sim *s = w->sim;
    const struct fast_rule *fr = &s->fast[rule];
    const mfk_rule *r = &s->rules[rule];
    struct mfk__count c;
    mfk_verdict v;
    size_t i, n = s->n;
    int rc;

    if (fr->row != NULL) {
        if (!set_any(obj, w->words))
            *out = fr->row;
        else if (fr->any_blocks)
            *out = fr->row + 1;
        else
            *out = fr->row + set_count(obj, w->words);
        return MFK_OK;
    }
    for (i = 0; i < n; i++)
        w->st[i] = (obj[i / 64] >> (i % 64) & 1) ? MFK_OBJECT : MFK_JOIN;
    rc = mfk__rule_apply(r, w->body, w->prop, w->st, w->fl, &v, &c);
    if (rc != MFK_OK)
        return rc;
    own->verdict = (unsigned char)v;
    if (v == MFK_VERDICT_ADOPTED) {
        own->outcome = (unsigned char)mfk__adopted_outcome(r->kind, &c);
        own->bound = mfk__bound_count(w->body, r->kind, &c);
    }
    *out = own;
    return MFK_OK;
}

static int fast_consult(struct mfk__worker *w, size_t rule,
                        struct result *res)
{
    const mfk_sim *s = w->sim;
    const u64 *obj = w->obj1;
    const struct fast_row *row = NULL;
    struct fast_row own;
    unsigned round, d, D = s->dims;
    int rc;

    res->pos[0] = w->pos0[0];
    for (d = 1; d < D; d++)
        res->pos[d] = w->pos0[d];
    res->adopted = 0;
    res->blockers = NULL;
    res->flags = NULL;
    /* Round 1's stances were taken once for every rule (first_round). */
    for (round = 1;; round++) {
        if (round > 1) {
            objections(w, res->pos, w->obj);
            obj = w->obj;
        }
        rc = fast_decide(w, rule, obj, &own, &row);
        if (rc != MFK_OK)
            return rc;
        if (row->verdict == MFK_VERDICT_ADOPTED || round == s->max_rounds)
            break;
        if (!w->chair_1d)
            rc = CHAIR_ASK_ENGINE;
        else if (w->est_ready && chair_run_shut(w))
            rc = MFK_DONE;
        else
            rc = mfk__sim_fast_chair(w, obj, res->pos);
        if (rc == CHAIR_ASK_ENGINE)
            rc = mfk__sim_engine_chair(w, round, res->pos);
        if (rc == MFK_DONE)
            break;
        if (rc != MFK_OK)
            return rc;
    }
    res->rounds = round;
    if (row->verdict == MFK_VERDICT_ADOPTED) {
        res->adopted = 1;
        res->outcome = (mfk_outcome)row->outcome;
        res->participants = row->bound;
        return MFK_OK;
    }
    res->outcome = s->fallback;
    /* With a table, those who block are those who object: every rule
     * with one blocks on objectors and the silent, and no one is silent
     * here. Without, the engine's flags say. */
    if (row->verdict == MFK_VERDICT_BLOCKED) {
        if (row == &own)
            res->flags = w->fl;
        else
            res->blockers = obj;
    }
    return MFK_OK;
}

static double euclid(unsigned D, const double *a, const double *b)
{
    double s = 0;
    unsigned k;
    for (k = 0; k < D; k++)
        s += (a[k] - b[k]) * (a[k] - b[k]);
    return sqrt(s);
}

/* Adds a set of n members to their blocking counts c (struct tally). */
static void blocking_add(u64 *c, const u64 *set, size_t n)
{
    size_t j, b;

    if (n <= 64) {
        /* 16-bit counts, four members to a word: each four's bits spread
         * to their counts at once (no count carries: see SLICES). */
        static const u64 spread4[16] = {
#define S4(b) ((u64)((b) & 1) | (u64)((b) >> 1 & 1) << 16 | \
               (u64)((b) >> 2 & 1) << 32 | (u64)((b) >> 3 & 1) << 48)
            S4(0), S4(1), S4(2),  S4(3),  S4(4),  S4(5),  S4(6),  S4(7),
            S4(8), S4(9), S4(10), S4(11), S4(12), S4(13), S4(14), S4(15)
#undef S4
        };
        u64 m = set[0];
        /* each word of counts, without a loop: the last first */
        switch ((n + 3) / 4) {
        case 16:
            c[15] += spread4[m >> 60 & 15];
            /* fall through */
        case 15:
            c[14] += spread4[m >> 56 & 15];
            /* fall through */
        case 14:
            c[13] += spread4[m >> 52 & 15];
            /* fall through */
        case 13:
            c[12] += spread4[m >> 48 & 15];
            /* fall through */
        case 12:
            c[11] += spread4[m >> 44 & 15];
            /* fall through */
        case 11:
            c[10] += spread4[m >> 40 & 15];
            /* fall through */
        case 10:
            c[9] += spread4[m >> 36 & 15];
            /* fall through */
        case 9:
            c[8] += spread4[m >> 32 & 15];
            /* fall through */
        case 8:
            c[7] += spread4[m >> 28 & 15];
            /* fall through */
        case 7:
            c[6] += spread4[m >> 24 & 15];
            /* fall through */
        case 6:
            c[5] += spread4[m >> 20 & 15];
            /* fall through */
        case 5:
            c[4] += spread4[m >> 16 & 15];
            /* fall through */
        case 4:
            c[3] += spread4[m >> 12 & 15];
            /* fall through */
        case 3:
            c[2] += spread4[m >> 8 & 15];
            /* fall through */
        case 2:
            c[1] += spread4[m >> 4 & 15];
            /* fall through */
        default:
            c[0] += spread4[m & 15];
        }
        return;
    }
    /* bit-sliced: a ripple of carries, one slice a bit */
    for (j = 0; j < (n + 63) / 64; j++, c += SLICES) {
        u64 carry = set[j];
        for (b = 0; carry != 0; b++) {
            u64 t = c[b] & carry;
            c[b] ^= carry;
            carry = t;
        }
    }
}

/* Member i's blocking count in c (struct tally). */
static u64 blocking_count(const u64 *c, size_t i, size_t n)
{
    u64 k = 0;
    unsigned b;

    if (n <= 64)
        return c[i / 4] >> (16 * (i % 4)) & 0xffff;
    for (b = 0; b < SLICES; b++)
        k |= (c[i / 64 * SLICES + b] >> (i % 64) & 1) << b;
    return k;
}

/* What a consultation came to, into the rule's tally and sums of
 * distances (in run order), and the trace. */
static void account(const mfk_sim *s, struct mfk__worker *w, size_t rule,
                    const struct result *res, double *trace)
{
    struct tally *t = tally_of(w, rule);
    size_t i, n = s->n, blockers = 0;
    unsigned D = s->dims;
    double dist = NAN;

    w->adopt[rule] = (u64)res->adopted;
    t->out[res->outcome]++;
    t->rounds += res->rounds;
    t->rest[res->rounds]++;
    if (res->adopted) {
        const double *x = w->x;
        double *sum = w->dsum + rule * (n + 1) + 1;
        dist = euclid(D, res->pos, w->sq);
        t->adopted++;
        t->participants += res->participants;
        sum[-1] += dist;
        if (D == 1)
            w->k->dist_add_1d(sum, x, n, res->pos[0]);
        else
            for (i = 0; i < n; i++)
                sum[i] += euclid(D, res->pos, x + i * D);
    } else if (res->blockers != NULL || res->flags != NULL) {
        const u64 *set = res->blockers;
        if (set == NULL) {
            memset(w->blk, 0, w->words * sizeof *w->blk);
            for (i = 0; i < n; i++)
                w->blk[i / 64] |=
                    (u64)((res->flags[i] & MFK_FLAG_BLOCKER) != 0) << (i % 64);
            set = w->blk;
        }
        blocking_add(t->rest + s->max_rounds + 1, set, n);
        if (trace != NULL)
            blockers = set_count(set, w->words);
    }
    if (trace != NULL) {
        trace[0] = res->outcome;
        trace[1] = res->rounds;
        trace[2] = (double)blockers;
        trace[3] = (double)(res->adopted ? res->participants : 0);
        trace[4] = dist;
    }
}

/* The run's adoptions, rule against rule, into the pairs' counts. */
static void pair_up(const mfk_sim *s, struct mfk__worker *w)
{
    size_t i, j;
    u64 *c = w->pairs;

    for (i = 0; i < s->nrules; i++)
        for (j = i + 1; j < s->nrules; j++, c += 3) {
            u64 a = w->adopt[i], b = w->adopt[j];
            c[0] += a & b;
            c[1] += a & (b ^ 1);
            c[2] += (a ^ 1) & b;
        }
}

/* A chunk's tallies into its record, rule by rule, then the pairs'. */
static void tally_flush(const mfk_sim *s, struct mfk__worker *w, double *rec)
{
    size_t j, i, k, n = s->n;

    for (j = 0; j < s->nrules; j++) {
        struct tally *t = tally_of(w, j);
        double *r = rec + j * s->per_rule, *blk = r + OFF_HIST +
                                                  s->max_rounds + 1;
        const u64 *sl = t->rest + s->max_rounds + 1;
        u64 runs = 0;
        for (k = 0; k <= MFK_OUTCOME_INADMISSIBLE; k++) {
            r[OFF_OUT + k] += (double)t->out[k];
            runs += t->out[k];
        }
        r[OFF_RUNS] += (double)runs;
        r[OFF_ADOPTED] += (double)t->adopted;
        r[OFF_ROUNDS] += (double)t->rounds;
        r[OFF_MEMBER_ROUNDS] += (double)t->rounds * (double)n;
        r[OFF_PART] += (double)t->participants;
        for (k = 0; k <= s->max_rounds; k++)
            r[OFF_HIST + k] += (double)t->rest[k];
        for (i = 0; i < n; i++)
            blk[i] += (double)blocking_count(sl, i, n);
        /* the record is 0 here: it takes the sums as they are */
        r[OFF_DIST] += w->dsum[j * (n + 1)];
        for (i = 0; i < n; i++)
            blk[n + i] += w->dsum[j * (n + 1) + 1 + i];
    }
    for (k = 0; k < 3 * sim_pairs(s); k++)
        rec[s->nrules * s->per_rule + k] += (double)w->pairs[k];
}

/* The fast path takes the built-in model without concession or
 * face-saving, the default Chair, and every rule but a user's; it gives
 * what the engine gives (tests/check_sim.c holds it to that). Under the
 * full model it is run-full.c's (2). */
static int fast(const mfk_sim *s, const mfk_rule *r)
{
    if (r->kind == MFK_RULE_CALLBACK || s->engine_only ||
        s->concession != 0 || s->face_saving != 0 ||
        s->susceptibility != 0 || s->chair != MFK_CHAIR_DEFAULT ||
        s->stance_fn != NULL)
        return 0;
    return MFK__BODY_FULL_MODEL(s->tmpl) ? 2 : 1;
}

/* What every rule's fast path shares in a run: reach[i] = d_i(status
 * quo) + tolerance_i, as mfk_model_stance() computes its right-hand side
 * (the arithmetic of mfk__distance()), and the objectors to the drawn
 * proposal, the set obj1, as objections() makes it. In one
 * dimension both come from one pass over the members, and with every
 * salience 1 the distances to the status quo into dq, where not NULL. */
static void first_round(struct mfk__worker *w, double *dq)
{
    const mfk_body *b = w->body;
    const double *x = w->x, *sal = b->salience, *sq = w->sq;
    const double *tol = b->tolerance;
    double *reach = w->reach;
    size_t i, n = b->n;
    u64 *obj = w->obj1;
    unsigned D = b->dims, d;

    w->est_ready = 0;
    w->run_ready = 0;
    if (D == 1 && w->unit) {
        /* The estimates of the Chair's run come with the stances. */
        double est[3];
        if (dq != NULL)
            w->k->round1_dq_1d(x, tol, n, sq[0], w->pos0[0], reach, dq, obj,
                               est);
        else
            w->k->round1_1d(x, tol, n, sq[0], w->pos0[0], reach, obj, est);
        w->lo_est = est[0];
        w->hi_est = est[1];
        w->scale = mfk__chair_scale_1d(sq[0], est[2], est[0], est[1]);
        w->xmax = est[2];
        w->est_ready = 1;
        return;
    }
    memset(obj, 0, w->words * sizeof *obj);
    if (D == 1) {
        double q = sq[0], p = w->pos0[0];
        for (i = 0; i < n; i++) {
            double eq = q - x[i], ep = p - x[i], r;
            r = sqrt(sal[i] * eq * eq) + tol[i];
            reach[i] = r;
            obj[i / 64] |= (u64)(sqrt(sal[i] * ep * ep) > r) << (i % 64);
        }
        return;
    }
    for (i = 0; i < n; i++) {
        double s = 0;
        for (d = 0; d < D; d++) {
            double e = sq[d] - x[i * D + d];
            s += sal[i * D + d] * e * e;
        }
        reach[i] = sqrt(s) + tol[i];
    }
    objections(w, w->pos0, obj);
}

/* Run `run` of the stream whose seed is mixed into `mix`; any_fast: some
 * rule takes the fast path (2: under the full model). */
static int one_run(struct mfk__worker *w, u64 mix, u64 run, int any_fast,
                   double *trace)
{
    const mfk_sim *s = w->sim;
    mfk_rng rng;
    const mfk_rng *rp; /* the run's stream after the draw */
    struct result res;
    size_t j;
    int rc;

    if (w->lanes_ok) {
        /* Runs in fours from the chunk's first; lanes past its end are
         * drawn and not used. */
        if (run % 4 == 0)
            w->k->draw4(mix, run, (s->n + 1) * s->dims, w->lane_len,
                        w->lanes, w->lane_out, w->lane_rng);
        rp = take_lane(w, (int)(run % 4), s->n, s->dims, w->sq, w->pos0);
    } else {
        mfk__sim_draw_run(s, mix, run, w->body->ideal, w->sq, w->pos0, &rng);
        w->x = w->body->ideal;
        rp = &rng;
    }
    w->sq_set = 0;
    if (any_fast)
        first_round(w, any_fast == 2 ? w->full.dq : NULL);
    if (any_fast == 2)
        mfk__sim_full_start(w, rp);
    for (j = 0; j < s->nrules; j++) {
        const mfk_rule *r = &s->rules[j];
        /* any_fast: the settings allow the fast path, so each rule but a
         * user's takes it. */
        if (any_fast && r->kind != MFK_RULE_CALLBACK) {
            rc = any_fast == 2 ? mfk__sim_full_consult(w, j, &res)
                               : fast_consult(w, j, &res);
        } else {
            w->brng = *rp;
            rc = mfk__sim_engine_consult(w, r, &res);
        }
        if (rc != MFK_OK)
            return rc;
        account(s, w, j, &res,
                trace ? trace + j * MFK_SIM_TRACE_FIELDS : NULL);
    }
    if (s->nrules > 1)
        pair_up(s, w);
    return MFK_OK;
}

int mfk__sim_one_chunk(struct mfk__worker *w, u64 seed, u64 runs, u64 chunk,
                       double *rec, double *trace)
{
    const mfk_sim *s = w->sim;
    size_t stride = s->nrules * MFK_SIM_TRACE_FIELDS;
    u64 lo, hi, run, mix;
    size_t j;
    int rc, any_fast = 0;

    memset(rec, 0, sim_record_size(s) * sizeof *rec);
    if (trace != NULL) {
        size_t k;
        for (k = 0; k < MFK_SIM_CHUNK * stride; k++)
            trace[k] = NAN;
    }
    if (chunk >= (runs + MFK_SIM_CHUNK - 1) / MFK_SIM_CHUNK)
        return MFK_OK;
    memset(w->tally, 0, s->nrules * w->tally_size * sizeof(u64));
    memset(w->pairs, 0, 3 * sim_pairs(s) * sizeof *w->pairs);
    memset(w->dsum, 0, s->nrules * (s->n + 1) * sizeof *w->dsum);
    /* The settings may have changed since the worker was made. */
    w->lanes_ok = w->lanes != NULL && s->culture == MFK_CULTURE_UNIFORM &&
                  !s->sq_fixed && s->at_member;
    lo = chunk * MFK_SIM_CHUNK;
    hi = runs - lo < MFK_SIM_CHUNK ? runs : lo + MFK_SIM_CHUNK;
    for (j = 0; j < s->nrules; j++)
        any_fast |= fast(s, &s->rules[j]);
    mix = mfk__rng_seed_mix(seed);
    for (run = lo; run < hi; run++) {
        rc = one_run(w, mix, run, any_fast,
                     trace ? trace + (run - lo) * stride : NULL);
        if (rc != MFK_OK)
            return rc;
    }
    tally_flush(s, w, rec);
    return MFK_OK;
}
