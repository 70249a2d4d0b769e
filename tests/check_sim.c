/* Tests: sim (random streams, Wilson intervals, the Monte Carlo). */
#include "tests.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

/* ---- the generator ---------------------------------------------------- */

START_TEST(xoshiro_reference_outputs)
{
    /* The reference implementation's first outputs from state {1, 2, 3,
     * 4}, as published with other ports of it. */
    static const unsigned long long state[4] = {1, 2, 3, 4};
    static const unsigned long long want[10] = {
        11520ULL,
        0ULL,
        1509978240ULL,
        1215971899390074240ULL,
        1216172134540287360ULL,
        607988272756665600ULL,
        16172922978634559625ULL,
        8476171486693032832ULL,
        10595114339597558777ULL,
        2904607092377533576ULL};
    mfk_rng r;
    int k;
    ck_assert_int_eq(mfk_rng_set_state(&r, state), MFK_OK);
    for (k = 0; k < 10; k++)
        ck_assert_uint_eq(mfk_rng_next(&r), want[k]);
}
END_TEST

START_TEST(splitmix_reference_outputs)
{
    static const unsigned long long want[5] = {
        6457827717110365317ULL, 3203168211198807973ULL,
        9817491932198370423ULL, 4593380528125082431ULL,
        16408922859458223821ULL};
    unsigned long long x = 1234567;
    int k;
    for (k = 0; k < 5; k++)
        ck_assert_uint_eq(mfk_splitmix64(&x), want[k]);
}
END_TEST

START_TEST(rng_state_checks)
{
    static const unsigned long long zero[4] = {0, 0, 0, 0};
    mfk_rng r;
    ck_assert_int_eq(mfk_rng_set_state(&r, zero), MFK_EINVAL);
    ck_assert_int_eq(mfk_rng_set_state(NULL, zero), MFK_EINVAL);
    ck_assert_int_eq(mfk_rng_seed(NULL, 1, 2), MFK_EINVAL);
}
END_TEST

START_TEST(streams_reproducible_and_distinct)
{
    mfk_rng a, b, c, d;
    int k, same_bc = 1, same_bd = 1;
    mfk_rng_seed(&a, 42, 7);
    mfk_rng_seed(&b, 42, 7);
    mfk_rng_seed(&c, 42, 8);
    mfk_rng_seed(&d, 43, 7);
    for (k = 0; k < 100; k++) {
        unsigned long long x = mfk_rng_next(&a), y = mfk_rng_next(&b);
        ck_assert_uint_eq(x, y);
        same_bc &= y == mfk_rng_next(&c);
        same_bd &= y == mfk_rng_next(&d);
    }
    ck_assert(!same_bc);
    ck_assert(!same_bd);
}
END_TEST

START_TEST(uniform_below_normal)
{
    mfk_rng r;
    double sum = 0, sumsq = 0, x;
    unsigned long long counts[3] = {0, 0, 0};
    int k, N = 200000;

    mfk_rng_seed(&r, 1, 0);
    for (k = 0; k < N; k++) {
        x = mfk_rng_uniform(&r);
        ck_assert(x >= 0 && x < 1);
        sum += x;
    }
    ck_assert_double_eq_tol(sum / N, 0.5, 0.005);
    for (k = 0; k < 30000; k++) {
        unsigned long long v = mfk_rng_below(&r, 3);
        ck_assert_uint_lt(v, 3);
        counts[v]++;
    }
    for (k = 0; k < 3; k++)
        ck_assert(counts[k] > 9500 && counts[k] < 10500);
    ck_assert_uint_eq(mfk_rng_below(&r, 0), 0);
    ck_assert_uint_eq(mfk_rng_below(&r, 1), 0);
    sum = 0;
    for (k = 0; k < N; k++) {
        x = mfk_rng_normal(&r);
        sum += x;
        sumsq += x * x;
    }
    ck_assert_double_eq_tol(sum / N, 0, 0.01);
    ck_assert_double_eq_tol(sumsq / N, 1, 0.02);
}
END_TEST

/* ---- Wilson ----------------------------------------------------------- */

START_TEST(wilson_known_values)
{
    double lo, hi, z = 1.959963984540054;
    /* Textbook values of the Wilson score interval at 95%. */
    ck_assert_int_eq(mfk_wilson(0, 10, z, &lo, &hi), MFK_OK);
    ck_assert_double_eq(lo, 0);
    ck_assert_double_eq_tol(hi, 0.2775, 0.00005);
    ck_assert_int_eq(mfk_wilson(5, 10, z, &lo, &hi), MFK_OK);
    ck_assert_double_eq_tol(lo, 0.2366, 0.00005);
    ck_assert_double_eq_tol(hi, 0.7634, 0.00005);
    ck_assert_int_eq(mfk_wilson(10, 10, z, &lo, &hi), MFK_OK);
    ck_assert_double_eq_tol(lo, 0.7225, 0.00005);
    ck_assert_double_eq(hi, 1);
    ck_assert_int_eq(mfk_wilson(4200, 10000, z, &lo, &hi), MFK_OK);
    ck_assert_double_eq_tol(lo, 0.41035, 0.00005);
    ck_assert_double_eq_tol(hi, 0.42972, 0.00005);
    ck_assert_int_eq(mfk_wilson(0, 0, z, &lo, &hi), MFK_OK);
    ck_assert(lo == 0 && hi == 1);
    ck_assert_int_eq(mfk_wilson(11, 10, z, &lo, &hi), MFK_EINVAL);
    ck_assert_int_eq(mfk_wilson(-1, 10, z, &lo, &hi), MFK_EINVAL);
    ck_assert_int_eq(mfk_wilson(1, 10, 0, &lo, &hi), MFK_EINVAL);
    ck_assert_int_eq(mfk_wilson(1, 10, z, NULL, &hi), MFK_EINVAL);
}
END_TEST

/* ---- the Monte Carlo -------------------------------------------------- */

static mfk_body *body_dims(size_t n, unsigned dims)
{
    mfk_body *b = NULL;
    size_t i;
    char id[24];
    ck_assert_int_eq(mfk_body_new(&b, "sim body", dims, NULL), MFK_OK);
    for (i = 0; i < n; i++) {
        snprintf(id, sizeof id, "M%zu", i);
        ck_assert_int_eq(mfk_body_add_member(b, id, id, NULL), MFK_OK);
    }
    return b;
}

static void add_kind(mfk_sim *s, mfk_rule_kind kind)
{
    mfk_rule r;
    ck_assert_int_eq(mfk_rule_init(&r, kind), MFK_OK);
    ck_assert_int_eq(mfk_sim_add_rule(s, &r), MFK_OK);
}

/* Every total of every rule, in one array, to compare runs byte by
 * byte. */
static size_t totals(const mfk_sim *s, size_t n, unsigned rounds,
                     double *out)
{
    size_t j, i, k = 0;
    int kind;
    for (j = 0; j < mfk_sim_rule_count(s); j++)
        for (kind = MFK_SIM_RUNS; kind <= MFK_SIM_BLOCKING; kind++) {
            size_t count = kind == MFK_SIM_OUTCOMES ? 9
                           : kind == MFK_SIM_ROUNDS_HELD ? rounds + 1
                           : (kind == MFK_SIM_DISTANCE_IDEAL ||
                              kind == MFK_SIM_BLOCKING)
                               ? n
                               : 1;
            for (i = 0; i < count; i++)
                ck_assert_int_eq(mfk_sim_stat(s, j, (mfk_sim_stat_kind)kind,
                                              i, &out[k++]),
                                 MFK_OK);
        }
    return k;
}

START_TEST(same_seed_same_totals_any_threads)
{
    mfk_body *b = body_dims(11, 1);
    mfk_sim *s = NULL;
    static double t1[4096], t2[4096], t4[4096], other[4096];
    size_t k1, k2, k4, ko;

    ck_assert_int_eq(mfk_sim_new(&s, b, NULL), MFK_OK);
    add_kind(s, MFK_RULE_CONSENSUS);
    add_kind(s, MFK_RULE_UNANIMITY);
    add_kind(s, MFK_RULE_MAJORITY);
    ck_assert_int_eq(mfk_sim_run(s, 99, 5000, 1), MFK_OK);
    k1 = totals(s, 11, 10, t1);
    ck_assert_int_eq(mfk_sim_run(s, 99, 5000, 2), MFK_OK);
    k2 = totals(s, 11, 10, t2);
    ck_assert_int_eq(mfk_sim_run(s, 99, 5000, 4), MFK_OK);
    k4 = totals(s, 11, 10, t4);
    ck_assert_uint_eq(k1, k2);
    ck_assert_uint_eq(k1, k4);
    ck_assert(memcmp(t1, t2, k1 * sizeof *t1) == 0);
    ck_assert(memcmp(t1, t4, k1 * sizeof *t1) == 0);
    ck_assert_double_eq(t1[0], 5000);
    ck_assert_int_eq(mfk_sim_run(s, 100, 5000, 2), MFK_OK);
    ko = totals(s, 11, 10, other);
    ck_assert_uint_eq(ko, k1);
    ck_assert(memcmp(t1, other, k1 * sizeof *t1) != 0);
    mfk_sim_free(s);
    mfk_body_free(b);
}
END_TEST

/* The fast path gives, run by run, what the engine gives with the model
 * stances and the default Chair on the same drawn body and proposal, and
 * the same blocking count for each member. `varied`: saliences and
 * tolerances differ from member to member (else all 1 and 0). */
static void assert_same_as_engine(size_t n, unsigned dims,
                                 mfk_culture culture, unsigned long long RUNS,
                                 int varied)
{
    mfk_body *eb = body_dims(n, dims);
    mfk_proposal *p = NULL;
    mfk_consultation *c = NULL;
    mfk_sim *s = NULL;
    mfk_rule rules[9];
    size_t nr = 0, j, i, chunks = RUNS / MFK_SIM_CHUNK;
    double *rec, *trace;
    unsigned long long run;
    size_t adopted = 0, multi_round = 0;
    double *blocked = calloc(9 * n, sizeof *blocked), v;

    /* Weights differ, for the rules that count them. */
    for (i = 0; i < n; i++)
        ck_assert_int_eq(mfk_body_set_weight(eb, i, 1.0 + (double)(i % 3)),
                         MFK_OK);
    for (i = 0; varied && i < n; i++) {
        double sal[3] = {0.5 + (double)(i % 4) / 2, 1.25, 0.75};
        ck_assert_int_eq(mfk_body_set_salience(eb, i, sal), MFK_OK);
        ck_assert_int_eq(
            mfk_body_set_tolerance(eb, i, 0.02 * (double)(i % 3)), MFK_OK);
    }
    mfk_rule_init(&rules[nr++], MFK_RULE_CONSENSUS);
    mfk_rule_init(&rules[nr++], MFK_RULE_UNANIMITY);
    mfk_rule_init(&rules[nr++], MFK_RULE_MAJORITY);
    mfk_rule_init(&rules[nr], MFK_RULE_MAJORITY);
    rules[nr].weighted = 1;
    rules[nr++].threshold = 0.6;
    mfk_rule_init(&rules[nr++], MFK_RULE_FLEXIBLE);
    mfk_rule_init(&rules[nr++], MFK_RULE_NEGATIVE_CONSENSUS);
    mfk_rule_init(&rules[nr++], MFK_RULE_QUALIFIED_MAJORITY);
    mfk_rule_init(&rules[nr], MFK_RULE_WEIGHTED);
    rules[nr++].quota = 7;
    /* 0.29 x 100 is 28.999999999999996: the rule's own comparison of
     * amounts decides whether 29 in favour is more. */
    mfk_rule_init(&rules[nr], MFK_RULE_MAJORITY);
    rules[nr++].threshold = 0.29;
    ck_assert_int_eq(mfk_sim_new(&s, eb, NULL), MFK_OK);
    ck_assert_int_eq(mfk_sim_set_culture(s, culture, 0.2, 3), MFK_OK);
    for (j = 0; j < nr; j++)
        ck_assert_int_eq(mfk_sim_add_rule(s, &rules[j]), MFK_OK);
    ck_assert_int_eq(mfk_body_set_max_rounds(eb, 10), MFK_OK);

    rec = malloc(chunks * mfk_sim_record_size(s) * sizeof *rec);
    trace = malloc(chunks * MFK_SIM_CHUNK * nr * MFK_SIM_TRACE_FIELDS *
                   sizeof *trace);
    ck_assert_int_eq(mfk_sim_run_chunks(s, 5, RUNS, 0, chunks, 2, rec, trace),
                     MFK_OK);
    ck_assert_int_eq(mfk_proposal_new(&p, eb, "P", "engine", NULL), MFK_OK);
    ck_assert_int_eq(mfk_proposal_set_pillar(p, MFK_PILLAR_ECONOMIC), MFK_OK);
    for (run = 0; run < RUNS; run++) {
        ck_assert_int_eq(mfk_sim_draw(s, 5, run, eb, p), MFK_OK);
        for (j = 0; j < nr; j++) {
            const double *t =
                trace + (run * nr + j) * MFK_SIM_TRACE_FIELDS;
            const unsigned char *fl;
            const double *pos, *sq = mfk_proposal_status_quo(p);
            mfk_outcome o;
            size_t version, blockers = 0, part = 0;
            unsigned rounds;
            double dist = NAN;

            ck_assert_int_eq(mfk_proposal_reset(p), MFK_OK);
            ck_assert_int_eq(mfk_proposal_set_rule(p, &rules[j]), MFK_OK);
            if (c == NULL)
                ck_assert_int_eq(mfk_consultation_new(&c, eb, p, NULL),
                                 MFK_OK);
            else
                ck_assert_int_eq(mfk_consultation_reset(c), MFK_OK);
            ck_assert_int_eq(mfk_consultation_run(c, mfk_model_stances, NULL,
                                                  mfk_chair_default, NULL),
                             MFK_OK);
            ck_assert_int_eq(mfk_consultation_outcome(c, &o), MFK_OK);
            rounds = mfk_consultation_rounds(c);
            ck_assert_int_eq(mfk_consultation_round(c, rounds, NULL, &fl,
                                                    NULL, &version),
                             MFK_OK);
            ck_assert_int_eq(
                mfk_proposal_version(p, version, NULL, &pos), MFK_OK);
            if (o <= MFK_OUTCOME_ADOPTED_FLEXIBLE) {
                double sum = 0;
                unsigned k;
                for (k = 0; k < dims; k++)
                    sum += (pos[k] - sq[k]) * (pos[k] - sq[k]);
                dist = sqrt(sum);
                for (i = 0; i < n; i++)
                    part += mfk_consultation_participant(c, i) != 0;
                adopted++;
            } else {
                for (i = 0; i < n; i++) {
                    blockers += (fl[i] & MFK_FLAG_BLOCKER) != 0;
                    blocked[j * n + i] += (fl[i] & MFK_FLAG_BLOCKER) != 0;
                }
            }
            multi_round += rounds > 1;
            ck_assert_double_eq(t[0], (double)o);
            ck_assert_double_eq(t[1], (double)rounds);
            ck_assert_double_eq(t[2], (double)blockers);
            ck_assert_double_eq(t[3], (double)part);
            if (isnan(dist))
                ck_assert(isnan(t[4]));
            else
                ck_assert_double_eq(t[4], dist);
        }
    }
    /* The comparison saw both outcomes and the Chair at work. */
    ck_assert_uint_gt(adopted, 100);
    ck_assert_uint_gt(multi_round, 100);
    ck_assert_int_eq(mfk_sim_clear(s), MFK_OK);
    ck_assert_int_eq(mfk_sim_merge(s, rec, chunks), MFK_OK);
    for (j = 0; j < nr; j++)
        for (i = 0; i < n; i++) {
            ck_assert_int_eq(mfk_sim_stat(s, j, MFK_SIM_BLOCKING, i, &v),
                             MFK_OK);
            ck_assert_double_eq(v, blocked[j * n + i]);
        }
    free(blocked);
    free(rec);
    free(trace);
    mfk_consultation_free(c);
    mfk_proposal_free(p);
    mfk_sim_free(s);
    mfk_body_free(eb);
}

/* The bodies the fast path is held to the engine on. */
static const struct {
    size_t n;
    unsigned dims;
    mfk_culture culture;
    unsigned long long runs;
    int varied;
} same_cases[] = {
    {11, 1, MFK_CULTURE_UNIFORM, 1536, 0},
    {11, 1, MFK_CULTURE_UNIFORM, 1536, 1},
    {11, 2, MFK_CULTURE_UNIFORM, 1536, 1},
    {11, 2, MFK_CULTURE_BLOCS, 1536, 0},
    {11, 3, MFK_CULTURE_GAUSSIAN, 1536, 0},
    {100, 1, MFK_CULTURE_GAUSSIAN, 512, 0},
};

START_TEST(fast_path_equals_engine)
{
    assert_same_as_engine(same_cases[_i].n, same_cases[_i].dims,
                          same_cases[_i].culture, same_cases[_i].runs,
                          same_cases[_i].varied);
}
END_TEST

/* 29 members at 0.9 and 71 at 0.1 around a status quo of 0.5: a text at
 * 0.9 has 29 in favour, and 0.29 x 100 is 28.999999999999996, which the
 * rules count as the same amount: not more. The simulator must say what
 * mfk_rule_apply() says. */
START_TEST(fast_path_compares_amounts_as_rules_do)
{
    mfk_body *b = body_dims(100, 1);
    mfk_proposal *p = NULL;
    mfk_consultation *c = NULL;
    mfk_sim *s = NULL;
    mfk_rule r;
    double sq = 0.5, x, *rec, trace[MFK_SIM_CHUNK * MFK_SIM_TRACE_FIELDS];
    unsigned long long run;
    size_t i, at_top = 0;
    mfk_outcome o;

    for (i = 0; i < 100; i++) {
        x = i < 29 ? 0.9 : 0.1;
        ck_assert_int_eq(mfk_body_set_ideal(b, i, &x), MFK_OK);
    }
    mfk_rule_init(&r, MFK_RULE_MAJORITY);
    r.threshold = 0.29;
    ck_assert_int_eq(mfk_sim_new(&s, b, NULL), MFK_OK);
    ck_assert_int_eq(mfk_sim_set_culture(s, MFK_CULTURE_FIXED, 0, 0),
                     MFK_OK);
    ck_assert_int_eq(mfk_sim_set_proposals(s, 1, &sq), MFK_OK);
    ck_assert_int_eq(mfk_sim_add_rule(s, &r), MFK_OK);
    rec = malloc(mfk_sim_record_size(s) * sizeof *rec);
    ck_assert_int_eq(mfk_sim_run_chunks(s, 9, MFK_SIM_CHUNK, 0, 1, 1, rec,
                                        trace),
                     MFK_OK);
    ck_assert_int_eq(mfk_body_set_max_rounds(b, 10), MFK_OK);
    ck_assert_int_eq(mfk_proposal_new(&p, b, "P", "t", NULL), MFK_OK);
    ck_assert_int_eq(mfk_proposal_set_rule(p, &r), MFK_OK);
    for (run = 0; run < MFK_SIM_CHUNK; run++) {
        ck_assert_int_eq(mfk_sim_draw(s, 9, run, b, p), MFK_OK);
        at_top += mfk_proposal_position(p)[0] == 0.9;
        ck_assert_int_eq(mfk_consultation_new(&c, b, p, NULL), MFK_OK);
        ck_assert_int_eq(mfk_consultation_run(c, mfk_model_stances, NULL,
                                              mfk_chair_default, NULL),
                         MFK_OK);
        ck_assert_int_eq(mfk_consultation_outcome(c, &o), MFK_OK);
        ck_assert_double_eq(trace[run * MFK_SIM_TRACE_FIELDS], (double)o);
        ck_assert_double_eq(trace[run * MFK_SIM_TRACE_FIELDS + 1],
                            (double)mfk_consultation_rounds(c));
        mfk_consultation_free(c);
        c = NULL;
    }
    ck_assert_uint_gt(at_top, 10);
    free(rec);
    mfk_proposal_free(p);
    mfk_sim_free(s);
    mfk_body_free(b);
}
END_TEST

/* Adoption of each run under unanimity, consensus and majority, in
 * adopted[run * 3 + rule]; returns the shares in a. */
static void paired(double face_saving, int *adopted, double *a)
{
    enum { RUNS = 4096 };
    mfk_body *b = body_dims(9, 2);
    mfk_sim *s = NULL;
    size_t chunks = RUNS / MFK_SIM_CHUNK, F = MFK_SIM_TRACE_FIELDS, k;
    double *rec, *trace;
    int j;

    ck_assert_int_eq(mfk_sim_new(&s, b, NULL), MFK_OK);
    add_kind(s, MFK_RULE_UNANIMITY);
    add_kind(s, MFK_RULE_CONSENSUS);
    add_kind(s, MFK_RULE_MAJORITY);
    ck_assert_int_eq(
        mfk_sim_set_behaviour(s, 0, face_saving, MFK_CHAIR_DEFAULT), MFK_OK);
    rec = malloc(chunks * mfk_sim_record_size(s) * sizeof *rec);
    trace = malloc(chunks * MFK_SIM_CHUNK * 3 * F * sizeof *trace);
    ck_assert_int_eq(
        mfk_sim_run_chunks(s, 11, RUNS, 0, chunks, 2, rec, trace), MFK_OK);
    for (k = 0; k < RUNS * 3; k++)
        adopted[k] = trace[k * F] <= MFK_OUTCOME_ADOPTED_FLEXIBLE;
    ck_assert_int_eq(mfk_sim_clear(s), MFK_OK);
    ck_assert_int_eq(mfk_sim_merge(s, rec, chunks), MFK_OK);
    for (j = 0; j < 3; j++)
        ck_assert_int_eq(mfk_sim_adoption(s, (size_t)j, &a[j], NULL, NULL),
                         MFK_OK);
    free(rec);
    free(trace);
    mfk_sim_free(s);
    mfk_body_free(b);
}

/* On paired proposals unanimity never adopts where consensus does not,
 * nor consensus where majority does not. */
START_TEST(rules_ordered_as_theory_says)
{
    static int adopted[4096 * 3];
    double a[3];
    size_t run;

    paired(0, adopted, a);
    for (run = 0; run < 4096; run++) {
        ck_assert(!adopted[run * 3] || adopted[run * 3 + 1]);
        ck_assert(!adopted[run * 3 + 1] || adopted[run * 3 + 2]);
    }
    ck_assert(a[0] > 0 && a[0] <= a[1] && a[1] < a[2]);
    /* Face-saving abstentions let consensus through, not unanimity. */
    paired(0.3, adopted, a);
    for (run = 0; run < 4096; run++)
        ck_assert(!adopted[run * 3] || adopted[run * 3 + 1]);
    ck_assert(a[0] > 0 && a[0] < a[1]);
}
END_TEST

/* Members on both sides of a fixed status quo in one dimension: no other
 * point is preferred by all of them, so unanimity and consensus never
 * adopt a change, whatever is proposed, and the Chair never proposes the
 * status quo itself. */
START_TEST(empty_winset_never_adopts_a_change)
{
    static const double ideals[5] = {0.1, 0.3, 0.45, 0.7, 0.9};
    mfk_body *b = body_dims(5, 1);
    mfk_sim *s = NULL;
    double sq = 0.5, v;
    size_t i;

    for (i = 0; i < 5; i++)
        ck_assert_int_eq(mfk_body_set_ideal(b, i, &ideals[i]), MFK_OK);
    ck_assert_int_eq(mfk_sim_new(&s, b, NULL), MFK_OK);
    ck_assert_int_eq(mfk_sim_set_culture(s, MFK_CULTURE_FIXED, 0, 0),
                     MFK_OK);
    ck_assert_int_eq(mfk_sim_set_proposals(s, 0, &sq), MFK_OK);
    add_kind(s, MFK_RULE_UNANIMITY);
    add_kind(s, MFK_RULE_CONSENSUS);
    add_kind(s, MFK_RULE_MAJORITY);
    ck_assert_int_eq(mfk_sim_run(s, 3, 3000, 2), MFK_OK);
    for (i = 0; i < 2; i++) {
        ck_assert_int_eq(mfk_sim_stat(s, i, MFK_SIM_ADOPTED, 0, &v), MFK_OK);
        ck_assert_double_eq(v, 0);
        ck_assert_int_eq(mfk_sim_stat(s, i, MFK_SIM_DISTANCE, 0, &v), MFK_OK);
        ck_assert_double_eq(v, 0);
    }
    /* Majority, on the same proposals, does adopt changes. */
    ck_assert_int_eq(mfk_sim_stat(s, 2, MFK_SIM_DISTANCE, 0, &v), MFK_OK);
    ck_assert(v > 0);
    mfk_sim_free(s);
    mfk_body_free(b);
}
END_TEST

/* CONTRACT: the Chair never proposes the status quo, even when the
 * acceptable segment shrinks to it and rounding leaves the line's
 * parameter just off the status quo's (a case the simulator found). */
START_TEST(chair_never_proposes_status_quo)
{
    static const double ideals[5] = {0.1, 0.3, 0.45, 0.7, 0.9};
    mfk_body *b = body_dims(5, 1);
    mfk_proposal *p = NULL;
    mfk_consultation *c = NULL;
    double sq = 0.5, pos = 0.47371767237807949;
    const double *now;
    size_t i;
    int rc;

    for (i = 0; i < 5; i++)
        ck_assert_int_eq(mfk_body_set_ideal(b, i, &ideals[i]), MFK_OK);
    ck_assert_int_eq(mfk_proposal_new(&p, b, "P", "t", NULL), MFK_OK);
    ck_assert_int_eq(mfk_proposal_set_position(p, &pos), MFK_OK);
    ck_assert_int_eq(mfk_proposal_set_status_quo(p, &sq), MFK_OK);
    ck_assert_int_eq(mfk_consultation_new(&c, b, p, NULL), MFK_OK);
    rc = mfk_chair_default(c, 1, NULL);
    now = mfk_proposal_position(p);
    ck_assert(rc == MFK_DONE || now[0] != sq);
    mfk_consultation_free(c);
    mfk_proposal_free(p);
    mfk_body_free(b);
}
END_TEST

START_TEST(statistics_add_up)
{
    mfk_body *b = body_dims(11, 1);
    mfk_sim *s = NULL;
    double runs, sum = 0, v, rounds = 0, mr, held = 0;
    size_t k;

    ck_assert_int_eq(mfk_sim_new(&s, b, NULL), MFK_OK);
    add_kind(s, MFK_RULE_CONSENSUS);
    ck_assert_int_eq(mfk_sim_run(s, 1, 3000, 2), MFK_OK);
    ck_assert_int_eq(mfk_sim_stat(s, 0, MFK_SIM_RUNS, 0, &runs), MFK_OK);
    ck_assert_double_eq(runs, 3000);
    for (k = 0; k <= MFK_OUTCOME_INADMISSIBLE; k++) {
        ck_assert_int_eq(mfk_sim_stat(s, 0, MFK_SIM_OUTCOMES, k, &v), MFK_OK);
        sum += v;
    }
    ck_assert_double_eq(sum, runs);
    for (k = 0; k <= 10; k++) {
        ck_assert_int_eq(mfk_sim_stat(s, 0, MFK_SIM_ROUNDS_HELD, k, &v),
                         MFK_OK);
        held += v;
        rounds += v * (double)k;
    }
    ck_assert_double_eq(held, runs);
    ck_assert_int_eq(mfk_sim_stat(s, 0, MFK_SIM_ROUNDS, 0, &v), MFK_OK);
    ck_assert_double_eq(v, rounds);
    ck_assert_int_eq(mfk_sim_stat(s, 0, MFK_SIM_MEMBER_ROUNDS, 0, &mr),
                     MFK_OK);
    ck_assert_double_eq(mr, rounds * 11);
    ck_assert_int_eq(mfk_sim_stat(s, 0, MFK_SIM_ROUNDS_HELD, 11, &v),
                     MFK_ERANGE);
    ck_assert_int_eq(mfk_sim_stat(s, 1, MFK_SIM_RUNS, 0, &v), MFK_EINVAL);
    ck_assert_int_eq(mfk_sim_stat(s, 0, MFK_SIM_BLOCKING, 11, &v),
                     MFK_ERANGE);
    mfk_sim_free(s);
    mfk_body_free(b);
}
END_TEST

START_TEST(behaviours_change_outcomes)
{
    mfk_body *b = body_dims(11, 1);
    mfk_sim *s = NULL;
    double v, runs;

    ck_assert_int_eq(mfk_sim_new(&s, b, NULL), MFK_OK);
    add_kind(s, MFK_RULE_CONSENSUS);
    add_kind(s, MFK_RULE_UNANIMITY);
    /* Every would-be objector abstains: consensus adopts at once,
     * unanimity only when nobody minded. */
    ck_assert_int_eq(mfk_sim_set_behaviour(s, 0, 1, MFK_CHAIR_DEFAULT),
                     MFK_OK);
    ck_assert_int_eq(mfk_sim_run(s, 2, 2000, 1), MFK_OK);
    ck_assert_int_eq(mfk_sim_stat(s, 0, MFK_SIM_RUNS, 0, &runs), MFK_OK);
    ck_assert_int_eq(mfk_sim_stat(s, 0, MFK_SIM_ROUNDS_HELD, 1, &v), MFK_OK);
    ck_assert_double_eq(v, runs);
    ck_assert_int_eq(mfk_sim_stat(s, 0, MFK_SIM_ADOPTED, 0, &v), MFK_OK);
    ck_assert_double_eq(v, runs);
    ck_assert_int_eq(mfk_sim_stat(s, 1, MFK_SIM_ADOPTED, 0, &v), MFK_OK);
    ck_assert(v < runs / 2);
    /* One round only. */
    ck_assert_int_eq(mfk_sim_set_behaviour(s, 0, 0, MFK_CHAIR_SINGLE_ROUND),
                     MFK_OK);
    ck_assert_int_eq(mfk_sim_run(s, 2, 2000, 1), MFK_OK);
    ck_assert_int_eq(mfk_sim_stat(s, 1, MFK_SIM_ROUNDS_HELD, 1, &v), MFK_OK);
    ck_assert_double_eq(v, runs);
    /* Concession: tolerance grows until the Chair's text passes. */
    ck_assert_int_eq(
        mfk_sim_set_behaviour(s, 0.2, 0, MFK_CHAIR_TOWARD_STATUS_QUO),
        MFK_OK);
    ck_assert_int_eq(mfk_sim_run(s, 2, 2000, 1), MFK_OK);
    ck_assert_int_eq(mfk_sim_stat(s, 0, MFK_SIM_ADOPTED, 0, &v), MFK_OK);
    ck_assert(v > runs * 0.9);
    ck_assert_int_eq(mfk_sim_set_behaviour(s, -1, 0, MFK_CHAIR_DEFAULT),
                     MFK_ERANGE);
    ck_assert_int_eq(mfk_sim_set_behaviour(s, 0, 1.5, MFK_CHAIR_DEFAULT),
                     MFK_ERANGE);
    mfk_sim_free(s);
    mfk_body_free(b);
}
END_TEST

/* With full susceptibility every member holds the mean ideal point after
 * the first round, so from the second round on they all take the same
 * stance: a later round is blocked by everyone or by no one. */
START_TEST(dynamics_move_members_together)
{
    enum { RUNS = 2048 };
    mfk_body *b = body_dims(7, 1);
    mfk_sim *s = NULL;
    size_t chunks = RUNS / MFK_SIM_CHUNK, F = MFK_SIM_TRACE_FIELDS, later = 0;
    double *rec, *trace, with, without;
    unsigned long long run;

    ck_assert_int_eq(mfk_sim_new(&s, b, NULL), MFK_OK);
    add_kind(s, MFK_RULE_CONSENSUS);
    ck_assert_int_eq(mfk_sim_set_dynamics(s, 1.5), MFK_ERANGE);
    ck_assert_int_eq(mfk_sim_set_dynamics(s, -0.1), MFK_ERANGE);
    ck_assert_int_eq(mfk_sim_run(s, 4, RUNS, 2), MFK_OK);
    ck_assert_int_eq(mfk_sim_stat(s, 0, MFK_SIM_ROUNDS, 0, &without), MFK_OK);
    ck_assert_int_eq(mfk_sim_set_dynamics(s, 1), MFK_OK);
    ck_assert_int_eq(
        mfk_sim_set_behaviour(s, 0, 0, MFK_CHAIR_TOWARD_STATUS_QUO), MFK_OK);
    rec = malloc(chunks * mfk_sim_record_size(s) * sizeof *rec);
    trace = malloc(chunks * MFK_SIM_CHUNK * F * sizeof *trace);
    ck_assert_int_eq(
        mfk_sim_run_chunks(s, 4, RUNS, 0, chunks, 2, rec, trace), MFK_OK);
    for (run = 0; run < RUNS; run++) {
        const double *t = trace + run * F;
        if (t[1] >= 2 && t[0] > MFK_OUTCOME_ADOPTED_FLEXIBLE) {
            ck_assert(t[2] == 0 || t[2] == 7);
            later++;
        }
    }
    ck_assert_uint_gt(later, 10);
    ck_assert_int_eq(mfk_sim_clear(s), MFK_OK);
    ck_assert_int_eq(mfk_sim_merge(s, rec, chunks), MFK_OK);
    ck_assert_int_eq(mfk_sim_stat(s, 0, MFK_SIM_ROUNDS, 0, &with), MFK_OK);
    ck_assert(with != without);
    free(rec);
    free(trace);
    mfk_sim_free(s);
    mfk_body_free(b);
}
END_TEST

START_TEST(argument_checks)
{
    mfk_body *b = body_dims(3, 1), *empty = NULL;
    mfk_sim *s = (mfk_sim *)1;
    mfk_rule r;
    double rec[1];

    ck_assert_int_eq(mfk_body_new(&empty, "empty", 1, NULL), MFK_OK);
    ck_assert_int_eq(mfk_sim_new(&s, empty, NULL), MFK_EINVAL);
    ck_assert_ptr_null(s);
    ck_assert_int_eq(mfk_sim_new(NULL, b, NULL), MFK_EINVAL);
    ck_assert_int_eq(mfk_sim_new(&s, b, NULL), MFK_OK);
    ck_assert_int_eq(mfk_sim_run(s, 1, 10, 1), MFK_ESTATE);
    ck_assert_int_eq(mfk_sim_set_culture(s, MFK_CULTURE_FIXED, 0, 0),
                     MFK_EINVAL);
    ck_assert_int_eq(mfk_sim_set_culture(s, MFK_CULTURE_BLOCS, 0.1, 0),
                     MFK_ERANGE);
    ck_assert_int_eq(mfk_sim_set_culture(s, MFK_CULTURE_GAUSSIAN, -1, 0),
                     MFK_ERANGE);
    ck_assert_int_eq(mfk_sim_set_max_rounds(s, 0), MFK_ERANGE);
    mfk_rule_init(&r, MFK_RULE_CALLBACK);
    ck_assert_int_eq(mfk_sim_add_rule(s, &r), MFK_EINVAL);
    ck_assert_uint_eq(mfk_sim_rule_count(s), 0);
    add_kind(s, MFK_RULE_CONSENSUS);
    ck_assert_uint_eq(mfk_sim_rule_count(s), 1);
    ck_assert_int_eq(mfk_sim_run_chunks(s, 1, 10, 0, 1, 1, NULL, NULL),
                     MFK_EINVAL);
    /* A chunk past the end is an empty record. */
    ck_assert_uint_le(mfk_sim_record_size(s), 64);
    {
        double big[64];
        ck_assert_int_eq(mfk_sim_run_chunks(s, 1, 10, 5, 1, 1, big, NULL),
                         MFK_OK);
        ck_assert_double_eq(big[0], 0);
    }
    (void)rec;
    mfk_sim_free(s);
    mfk_sim_free(NULL);
    mfk_body_free(b);
    mfk_body_free(empty);
}
END_TEST

/* ---- memory ----------------------------------------------------------- */

struct walk {
    mfk_body *b;
    mfk_sim *s;
};

static int make_and_run(void *ud, const mfk_allocator *alloc)
{
    struct walk *w = ud;
    mfk_rule r;
    int rc;
    rc = mfk_sim_new(&w->s, w->b, alloc);
    if (rc != MFK_OK)
        return rc;
    mfk_rule_init(&r, MFK_RULE_CONSENSUS);
    rc = mfk_sim_add_rule(w->s, &r);
    if (rc == MFK_OK)
        rc = mfk_sim_set_max_rounds(w->s, 4);
    if (rc == MFK_OK)
        rc = mfk_sim_run(w->s, 1, 600, 2);
    return rc;
}

static void walk_cleanup(void *ud)
{
    struct walk *w = ud;
    mfk_sim_free(w->s);
    w->s = NULL;
}

START_TEST(allocation_failures)
{
    struct walk w;
    w.b = body_dims(5, 2);
    w.s = NULL;
    ck_assert_uint_gt(test_alloc_walk(make_and_run, walk_cleanup, &w), 5);
    mfk_body_free(w.b);
}
END_TEST

/* No allocation per run: a hundred times the runs takes the same number
 * of allocations and the same peak. */
START_TEST(memory_does_not_grow_with_runs)
{
    mfk_body *b = body_dims(11, 1);
    mfk_sim *s = NULL;
    test_alloc t;
    size_t calls_small, peak_small;

    test_alloc_init(&t);
    ck_assert_int_eq(mfk_sim_new(&s, b, &t.a), MFK_OK);
    add_kind(s, MFK_RULE_CONSENSUS);
    add_kind(s, MFK_RULE_MAJORITY);
    ck_assert_int_eq(mfk_sim_run(s, 1, 1000, 2), MFK_OK);
    calls_small = t.calls;
    peak_small = t.peak;
    ck_assert_int_eq(mfk_sim_run(s, 1, 1000, 2), MFK_OK);
    ck_assert_int_eq(mfk_sim_run(s, 1, 100000, 2), MFK_OK);
    /* The second and third runs took one buffer each, nothing more. */
    ck_assert_uint_eq(t.calls, calls_small + 2);
    ck_assert_uint_eq(t.peak, peak_small);
    mfk_sim_free(s);
    ck_assert_uint_eq(t.live, 0);
    mfk_body_free(b);
}
END_TEST

Suite *sim_suite(void)
{
    Suite *s = suite_create("sim");
    TCase *tc = test_case("rng");
    tcase_add_test(tc, xoshiro_reference_outputs);
    tcase_add_test(tc, splitmix_reference_outputs);
    tcase_add_test(tc, rng_state_checks);
    tcase_add_test(tc, streams_reproducible_and_distinct);
    tcase_add_test(tc, uniform_below_normal);
    tcase_add_test(tc, wilson_known_values);
    suite_add_tcase(s, tc);
    tc = test_case("montecarlo");
    tcase_add_test(tc, same_seed_same_totals_any_threads);
    tcase_add_loop_test(tc, fast_path_equals_engine, 0,
                        (int)(sizeof same_cases / sizeof same_cases[0]));
    tcase_add_test(tc, fast_path_compares_amounts_as_rules_do);
    tcase_add_test(tc, rules_ordered_as_theory_says);
    tcase_add_test(tc, empty_winset_never_adopts_a_change);
    tcase_add_test(tc, chair_never_proposes_status_quo);
    tcase_add_test(tc, statistics_add_up);
    tcase_add_test(tc, behaviours_change_outcomes);
    tcase_add_test(tc, dynamics_move_members_together);
    tcase_add_test(tc, argument_checks);
    suite_add_tcase(s, tc);
    tc = test_case("memory");
    tcase_add_test(tc, allocation_failures);
    tcase_add_test(tc, memory_does_not_grow_with_runs);
    suite_add_tcase(s, tc);
    return s;
}
