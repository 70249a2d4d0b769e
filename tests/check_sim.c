/* Tests: sim (random streams, Wilson intervals, the Monte Carlo). */
#include "tests.h"
#include "mufakat-test.h"
#include "sim/kernel.h"
#include "sim/pick-near.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
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
    ck_assert_int_eq(mfk_rng_set_state(&r, NULL), MFK_EINVAL);
}
END_TEST

/* The inverse of odd a modulo 2^64, by Newton's iteration. */
static unsigned long long inverse(unsigned long long a)
{
    unsigned long long x = a;
    int k;
    for (k = 0; k < 6; k++)
        x *= 2 - a * x;
    return x;
}

/* A generator whose next two outputs are o1 and o2: xoshiro256**'s
 * output rotl(s1 * 5, 7) * 9 is undone for s1, and with s0 = 0 the next
 * s1 is s1 ^ s2. */
static void state_for(mfk_rng *r, unsigned long long o1,
                      unsigned long long o2)
{
    unsigned long long s[4], a, b;
    a = o1 * inverse(9);
    a = ((a >> 7) | (a << 57)) * inverse(5);
    b = o2 * inverse(9);
    b = ((b >> 7) | (b << 57)) * inverse(5);
    s[0] = 0;
    s[1] = a;
    s[2] = a ^ b;
    s[3] = 1;
    ck_assert_int_eq(mfk_rng_set_state(r, s), MFK_OK);
}

/* The draws that are rejected and drawn again: the polar method's pair
 * at the origin, and Lemire's low product below 2^64 mod n. */
START_TEST(rejected_draws)
{
    mfk_rng a, b;
    unsigned long long third = inverse(3);

    state_for(&a, 1ULL << 63, 1ULL << 63); /* two uniforms of 0.5 */
    ck_assert_double_eq(mfk_rng_uniform(&a), 0.5);
    ck_assert_double_eq(mfk_rng_uniform(&a), 0.5);
    state_for(&a, 1ULL << 63, 1ULL << 63);
    b = a;
    mfk_rng_next(&b);
    mfk_rng_next(&b);
    ck_assert_double_eq(mfk_rng_normal(&a), mfk_rng_normal(&b));
    /* n = 3: 2^64 mod 3 is 1; an output of 0 has a low product 0, and is
     * drawn again; 3^-1 has a low product of 1, which is kept. */
    state_for(&a, 0, 12345);
    b = a;
    mfk_rng_next(&b);
    ck_assert_uint_eq(mfk_rng_below(&a, 3), mfk_rng_below(&b, 3));
    ck_assert(memcmp(&a, &b, sizeof a) == 0);
    /* 3 x 0xaaaaaaaaaaaaaaab = 2 x 2^64 + 1: kept, and 2 is drawn. */
    ck_assert_uint_eq(third, 0xaaaaaaaaaaaaaaabULL);
    state_for(&a, third, 0);
    ck_assert_uint_eq(mfk_rng_below(&a, 3), 2);
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
    ck_assert_int_eq(mfk_wilson(1, 10, z, &lo, NULL), MFK_EINVAL);
    ck_assert_int_eq(mfk_wilson(1, 10, INFINITY, &lo, &hi), MFK_EINVAL);
    ck_assert_int_eq(mfk_wilson(1, INFINITY, z, &lo, &hi), MFK_EINVAL);
    ck_assert_int_eq(mfk_wilson(NAN, 10, z, &lo, &hi), MFK_EINVAL);
    /* Inside [0, 1] and around the share, for every count up to 1000
     * runs and a few large ones, at 90%, 95% and 99.9%. */
    {
        static const double zs[3] = {1.6448536269514722, 1.959963984540054,
                                     3.2905267314919255};
        double n, x;
        int k;
        for (k = 0; k < 3; k++)
            for (n = 1; n <= 1e12; n = n < 1000 ? n + 1 : n * 7.3)
                for (x = 0; x <= n; x = n < 1000 ? x + 1 : x + n / 97 + 1) {
                    ck_assert_int_eq(mfk_wilson(x, n, zs[k], &lo, &hi),
                                     MFK_OK);
                    ck_assert(lo >= 0 && lo <= x / n);
                    ck_assert(hi <= 1 && hi >= x / n);
                }
    }
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


/* The halves of a stream's outputs as mfk_sim_new(3) gives them, low
 * half first; a half left over waits for the next uniform value. */
struct halves_ref {
    mfk_rng r;
    unsigned long long spare;
    int has_spare;
};

static double next_half(struct halves_ref *h)
{
    unsigned long long u;
    if (h->has_spare) {
        h->has_spare = 0;
        return (double)(h->spare & 0xffffffffULL) * 0x1p-32;
    }
    u = mfk_rng_next(&h->r);
    h->spare = u >> 32;
    h->has_spare = 1;
    return (double)(u & 0xffffffffULL) * 0x1p-32;
}

/* A uniform culture draws, in this order, the members' ideal points,
 * the status quo when it is random, then the proposer (from a fresh
 * output) or a uniform position, each from the halves of stream (seed,
 * run): checked against mfk_rng itself for odd and even counts, one to
 * three dimensions, a fixed and a random status quo. */
START_TEST(uniform_draws_follow_the_stream)
{
    static const struct {
        size_t n;
        unsigned dims;
        int sq_fixed, at_member;
    } cases[] = {
        {11, 1, 0, 1}, {10, 1, 0, 1}, {11, 3, 0, 1}, {10, 3, 0, 1},
        {4, 2, 0, 1},  {11, 1, 1, 1}, {11, 1, 0, 0}, {10, 1, 0, 0},
        {11, 3, 0, 0}, {11, 3, 1, 0}, {7, 2, 1, 1},
    };
    double fixed[3] = {0.25, -1, 2};
    size_t c, i;

    for (c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        size_t n = cases[c].n;
        unsigned D = cases[c].dims, k;
        mfk_body *b = body_dims(n, D);
        mfk_proposal *p = NULL;
        mfk_sim *s = NULL;
        unsigned long long run;

        ck_assert_int_eq(mfk_sim_new(&s, b, NULL), MFK_OK);
        ck_assert_int_eq(mfk_sim_set_proposals(s, cases[c].at_member,
                                               cases[c].sq_fixed ? fixed
                                                                 : NULL),
                         MFK_OK);
        ck_assert_int_eq(mfk_proposal_new(&p, b, "P", "draw", NULL), MFK_OK);
        for (run = 0; run < 40; run++) {
            struct halves_ref h;
            double x[11 * 3], q[3], pos[3];
            ck_assert_int_eq(mfk_sim_draw(s, 77, run, b, p), MFK_OK);
            ck_assert_int_eq(mfk_rng_seed(&h.r, 77, run), MFK_OK);
            h.has_spare = 0;
            for (i = 0; i < n * D; i++)
                x[i] = next_half(&h);
            for (k = 0; k < D; k++)
                q[k] = cases[c].sq_fixed ? fixed[k] : next_half(&h);
            if (cases[c].at_member) {
                size_t m = (size_t)mfk_rng_below(&h.r, n);
                for (k = 0; k < D; k++)
                    pos[k] = x[m * D + k];
            } else {
                for (k = 0; k < D; k++)
                    pos[k] = next_half(&h);
            }
            for (i = 0; i < n; i++)
                for (k = 0; k < D; k++)
                    ck_assert_double_eq(mfk_body_member_ideal(b, i)[k],
                                        x[i * D + k]);
            for (k = 0; k < D; k++) {
                ck_assert_double_eq(mfk_proposal_status_quo(p)[k], q[k]);
                ck_assert_double_eq(mfk_proposal_position(p)[k], pos[k]);
            }
        }
        mfk_proposal_free(p);
        mfk_sim_free(s);
        mfk_body_free(b);
    }
}
END_TEST


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

/* A simulation made once and run again after its culture or proposals
 * change gives what a new one with those settings gives, on one thread
 * and on two (the threads' bodies are kept from run to run). */
START_TEST(settings_changed_between_runs)
{
    enum { N = 11, RUNS = 3000 };
    static double fixed_sq[1] = {0.25};
    static const struct {
        mfk_culture culture;
        int at_member;
        const double *sq;
    } steps[] = {
        {MFK_CULTURE_GAUSSIAN, 1, NULL},
        {MFK_CULTURE_UNIFORM, 1, fixed_sq},
        {MFK_CULTURE_UNIFORM, 0, NULL},
        {MFK_CULTURE_BLOCS, 1, NULL},
        {MFK_CULTURE_UNIFORM, 1, NULL},
    };
    mfk_body *b = body_dims(N, 1);
    mfk_sim *kept = NULL;
    double *a = malloc(4096 * sizeof *a), *f = malloc(4096 * sizeof *f);
    size_t k, ka, kf;
    unsigned threads;

    ck_assert_ptr_nonnull(a);
    ck_assert_ptr_nonnull(f);
    ck_assert_int_eq(mfk_sim_new(&kept, b, NULL), MFK_OK);
    add_kind(kept, MFK_RULE_CONSENSUS);
    add_kind(kept, MFK_RULE_MAJORITY);
    for (threads = 1; threads <= 2; threads++) {
        ck_assert_int_eq(mfk_sim_run(kept, 3, RUNS, threads), MFK_OK);
        for (k = 0; k < sizeof steps / sizeof steps[0]; k++) {
            mfk_sim *fresh = NULL;
            ck_assert_int_eq(
                mfk_sim_set_culture(kept, steps[k].culture, 0.2, 3), MFK_OK);
            ck_assert_int_eq(mfk_sim_set_proposals(kept, steps[k].at_member,
                                                   steps[k].sq),
                             MFK_OK);
            ck_assert_int_eq(mfk_sim_run(kept, 3, RUNS, threads), MFK_OK);
            ck_assert_int_eq(mfk_sim_new(&fresh, b, NULL), MFK_OK);
            ck_assert_int_eq(
                mfk_sim_set_culture(fresh, steps[k].culture, 0.2, 3), MFK_OK);
            ck_assert_int_eq(mfk_sim_set_proposals(fresh, steps[k].at_member,
                                                   steps[k].sq),
                             MFK_OK);
            add_kind(fresh, MFK_RULE_CONSENSUS);
            add_kind(fresh, MFK_RULE_MAJORITY);
            ck_assert_int_eq(mfk_sim_run(fresh, 3, RUNS, threads), MFK_OK);
            ka = totals(kept, N, 10, a);
            kf = totals(fresh, N, 10, f);
            ck_assert_uint_eq(ka, kf);
            ck_assert_mem_eq(a, f, ka * sizeof *a);
            mfk_sim_free(fresh);
        }
    }
    mfk_sim_free(kept);
    mfk_body_free(b);
    free(a);
    free(f);
}
END_TEST

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

/* A rule of the user's: consensus, as a callback. */
static int user_consensus(const mfk_body *b, const mfk_proposal *p,
                          const unsigned char *st, unsigned char *fl,
                          void *ud)
{
    size_t i, objectors = 0;
    (void)p;
    (void)ud;
    for (i = 0; i < mfk_body_member_count(b); i++)
        if (st[i] == MFK_OBJECT) {
            fl[i] |= MFK_FLAG_BLOCKER;
            objectors++;
        }
    return objectors ? MFK_VERDICT_BLOCKED : MFK_VERDICT_ADOPTED;
}

/* What assert_same_as_engine() varies. */
enum {
    VARY_SALIENCE = 1, /* saliences and tolerances differ by member */
    VARY_SQ_ZERO = 2,  /* the status quo is fixed at 0 */
    VARY_NEGATIVE = 4, /* one member's tolerance is negative */
    VARY_USER = 8,     /* a user's rule comes first */
    VARY_TOLERANCE = 16, /* tolerances differ by member, saliences 1 */
    VARY_ABOVE = 32,     /* fixed ideal points, all above a status quo
                          * at 0 (for the fixed culture) */
    VARY_EXTERNALITY = 64, /* the full model, each parameter in turn: */
    VARY_RESERVATION = 128, /* the members' externality, reservation, */
    VARY_INDIFFERENCE = 256, /* indifference or support gain differ */
    VARY_SUPPORT = 512,
    VARY_FAR = 1024 /* fixed ideal points and the status quo near 10^6 */
};

/* The simulator's kernels, by the names mfk__test_sim_force_kernel()
 * takes; those this machine cannot run are left out. */
static const char *const kernel_names[] = {"reference", "sse2", "avx2"};
#define KERNELS (sizeof kernel_names / sizeof kernel_names[0])

/* Every rule kind, from 0 to the user's, each with its defaults and
 * again with its parameters varied; the user's rule is consensus as a
 * callback. Returns how many rules went into r. */
static size_t every_kind(mfk_rule *r)
{
    size_t nr = 0;
    int kind;

    for (kind = 0; kind <= MFK_RULE_CALLBACK; kind++) {
        mfk_rule_init(&r[nr], (mfk_rule_kind)kind);
        if (kind == MFK_RULE_CALLBACK)
            r[nr].fn = user_consensus;
        nr++;
        r[nr] = r[nr - 1];
        if (kind == MFK_RULE_CONSENSUS_MINUS_X)
            r[nr].max = 2;
        else if (kind == MFK_RULE_FLEXIBLE)
            r[nr].min_participants = 8;
        else if (kind == MFK_RULE_MAJORITY) {
            r[nr].weighted = 1;
            r[nr].threshold = 0.6;
            r[nr + 1] = r[nr];
            r[nr + 1].weighted = 0;
            r[nr + 1].base = MFK_BASE_VOTING;
            /* 0.29 x 100 is 28.999999999999996: the rule's own
             * comparison of amounts decides whether 29 in favour is
             * more. */
            r[nr + 1].threshold = 0.29;
            nr++;
        } else if (kind == MFK_RULE_QUALIFIED_MAJORITY) {
            r[nr].members_share = 0.7;
            r[nr].weight_share = 0.5;
            r[nr].min_blocking = 2;
        } else if (kind == MFK_RULE_WEIGHTED)
            r[nr].quota = 7;
        else
            continue; /* no parameters: once is enough */
        nr++;
    }
    return nr;
}

/* Rules compared on the same runs: the counts add up to each rule's
 * adoptions, either order gives the same comparison turned round, and a
 * rule compared with itself or out of range is refused. */
START_TEST(paired_comparisons_on_the_same_runs)
{
    mfk_body *b = body_dims(11, 1);
    mfk_sim *s = NULL;
    mfk_rule r;
    double n[4], m[4], d, e, ci[2], cj[2], adopted0, adopted1, runs;

    ck_assert_int_eq(mfk_sim_new(&s, b, NULL), MFK_OK);
    mfk_rule_init(&r, MFK_RULE_CONSENSUS);
    ck_assert_int_eq(mfk_sim_add_rule(s, &r), MFK_OK);
    mfk_rule_init(&r, MFK_RULE_MAJORITY);
    ck_assert_int_eq(mfk_sim_add_rule(s, &r), MFK_OK);
    ck_assert_int_eq(mfk_sim_run(s, 9, 3000, 2), MFK_OK);
    ck_assert_int_eq(mfk_sim_paired(s, 0, 1, n, &d, ci), MFK_OK);
    ck_assert_int_eq(mfk_sim_paired(s, 1, 0, m, &e, cj), MFK_OK);
    mfk_sim_stat(s, 0, MFK_SIM_ADOPTED, 0, &adopted0);
    mfk_sim_stat(s, 1, MFK_SIM_ADOPTED, 0, &adopted1);
    mfk_sim_stat(s, 0, MFK_SIM_RUNS, 0, &runs);
    ck_assert_double_eq(n[0] + n[1] + n[2] + n[3], runs);
    ck_assert_double_eq(n[0] + n[1], adopted0);
    ck_assert_double_eq(n[0] + n[2], adopted1);
    /* what consensus adopts, a majority adopts too */
    ck_assert_double_eq(n[1], 0);
    ck_assert(n[2] > 0);
    ck_assert_double_eq(m[0], n[0]);
    ck_assert_double_eq(m[1], n[2]);
    ck_assert_double_eq(m[2], n[1]);
    ck_assert_double_eq(m[3], n[3]);
    ck_assert_double_eq(e, -d);
    ck_assert(ci[0] <= d && d <= ci[1] && ci[0] > 0);
    ck_assert(cj[0] <= e && e <= cj[1] && cj[1] < 0);
    ck_assert_int_eq(mfk_sim_paired(s, 0, 1, NULL, NULL, NULL), MFK_OK);
    ck_assert_int_eq(mfk_sim_paired(s, 1, 1, n, &d, ci), MFK_EINVAL);
    ck_assert_int_eq(mfk_sim_paired(s, 0, 2, n, &d, ci), MFK_EINVAL);
    ck_assert_int_eq(mfk_sim_paired(NULL, 0, 1, n, &d, ci), MFK_EINVAL);
    mfk_sim_free(s);
    mfk_body_free(b);
}
END_TEST

/* Each kernel's functions of one dimension give the reference's bits on
 * random members, for every count of members from 1 to 70 (the edges of
 * two and four at a time, and of 64 to a word), with saliences other
 * than 1 and members whose own end is exactly at the estimate. */
START_TEST(kernels_equal_reference_function_by_function)
{
    const struct mfk__sim_kernel *ref = mfk__sim_kernel_named("reference");
    double x[70], sal[70], tol[70], reach[70], reach2[70], sum[70], sum2[70];
    size_t near[70], near2[70], n, i, kk, trials = 0;
    unsigned long long obj[2], obj2[2];
    double est[3], est2[3];
    mfk_rng rng;

    ck_assert_ptr_nonnull(ref);
    mfk_rng_seed(&rng, 41, 0);
    for (kk = 1; kk < KERNELS; kk++) {
        const struct mfk__sim_kernel *k = mfk__sim_kernel_named(kernel_names[kk]);
        if (k == NULL)
            continue;
        for (n = 1; n <= 70; n++) {
            int t;
            for (t = 0; t < 20; t++) {
                double y = mfk_rng_uniform(&rng), q = mfk_rng_uniform(&rng);
                double width = 0.05 * mfk_rng_uniform(&rng);
                int dir = t % 2 ? 1 : -1;
                for (i = 0; i < n; i++) {
                    x[i] = mfk_rng_uniform(&rng);
                    sal[i] = t % 3 ? 0.25 + 2 * mfk_rng_uniform(&rng) : 1;
                    tol[i] = t % 4 ? 0.1 * mfk_rng_uniform(&rng) : 0;
                    sum[i] = sum2[i] = mfk_rng_uniform(&rng);
                }
                ref->round1_1d(x, tol, n, q, y, reach, obj, est);
                k->round1_dq_1d(x, tol, n, q, y, reach2, sum2, obj2, est2);
                ck_assert_int_eq(memcmp(reach, reach2, n * sizeof *reach), 0);
                /* the distances to the status quo, as dist_add_1d()
                 * adds them to 0 */
                memset(sum, 0, n * sizeof *sum);
                ref->dist_add_1d(sum, x, n, q);
                ck_assert_int_eq(memcmp(sum, sum2, n * sizeof *sum), 0);
                ref->round1_dq_1d(x, tol, n, q, y, reach, sum, obj, est);
                ck_assert_int_eq(memcmp(sum, sum2, n * sizeof *sum), 0);
                k->round1_1d(x, tol, n, q, y, reach2, obj2, est2);
                ck_assert_int_eq(memcmp(reach, reach2, n * sizeof *reach), 0);
                ck_assert_int_eq(memcmp(obj, obj2, (n + 63) / 64 * 8), 0);
                ck_assert_int_eq(memcmp(est, est2, sizeof est), 0);
                for (i = 0; i < n; i++)
                    sum[i] = sum2[i] = mfk_rng_uniform(&rng);
                ck_assert_int_eq(memcmp(obj, obj2, (n + 63) / 64 * 8), 0);
                ck_assert_int_eq(memcmp(est, est2, sizeof est), 0);
                ref->objections_1d(x, reach, n, y, obj);
                k->objections_1d(x, reach, n, y, obj2);
                ck_assert_int_eq(memcmp(obj, obj2, (n + 63) / 64 * 8), 0);
                ck_assert_uint_eq(ref->first_objector(x, sal, reach, n, y),
                                  k->first_objector(x, sal, reach, n, y));
                /* an estimate at one member's own end exactly */
                {
                    double e = dir > 0 ? x[n / 2] + reach[n / 2]
                                       : x[n / 2] - reach[n / 2];
                    size_t m = ref->near_ends(x, reach, n, e, width, dir, near);
                    ck_assert_uint_ge(m, 1);
                    ck_assert_uint_eq(
                        k->near_ends(x, reach, n, e, width, dir, near2), m);
                    ck_assert_int_eq(memcmp(near, near2, m * sizeof *near), 0);
                }
                /* four candidates about a member's own end, and about
                 * y, for every member and for the first few */
                {
                    size_t c = n / 2, kn;
                    double e = x[c] + reach[c], cand[4];
                    for (i = 0; i < n; i++)
                        near[i] = i;
                    cand[0] = nextafter(e, -INFINITY);
                    cand[1] = e;
                    cand[2] = nextafter(e, INFINITY);
                    cand[3] = t % 5 ? y : nextafter(cand[2], INFINITY);
                    for (kn = 0; kn <= n; kn += kn < 4 ? 1 : 5)
                        ck_assert_uint_eq(
                            ref->accept4(x, reach, near, kn, cand),
                            k->accept4(x, reach, near, kn, cand));
                    ck_assert_uint_eq(ref->accept4(x, reach, near, 0, cand),
                                      15);
                }
                /* the stances, from every branch of the model: the
                 * parameters drawn in turn zero or not, the distances
                 * to the status quo those of round 1 */
                {
                    double dq[70], ext[70], ind[70], res[70], gain[70];
                    unsigned char st[70], st2[70];
                    struct mfk__stance_params m;
                    int flex;
                    for (i = 0; i < n; i++) {
                        dq[i] = fabs(q - x[i]);
                        ext[i] = (t + i) % 3 ? mfk_rng_uniform(&rng)
                                             : (double)((t + i) % 2);
                        ind[i] = (t + i) % 4 ? 0.1 * mfk_rng_uniform(&rng) : 0;
                        res[i] = (t + i) % 5 ? 0.1 * mfk_rng_uniform(&rng) : 0;
                        gain[i] = (t + i) % 2 ? 0.1 * mfk_rng_uniform(&rng) : 0;
                    }
                    m.x = x;
                    m.dq = dq;
                    m.reach = reach;
                    m.tol = tol;
                    m.ext = ext;
                    m.ind = ind;
                    m.res = res;
                    m.gain = gain;
                    for (flex = 0; flex < 2; flex++) {
                        unsigned long long h = ref->stances_1d(&m, n, y,
                                                               flex, st);
                        unsigned long long h2 = k->stances_1d(&m, n, y,
                                                              flex, st2);
                        unsigned long long hc = 0;
                        ck_assert_int_eq(memcmp(st, st2, n), 0);
                        ck_assert_uint_eq(h, h2);
                        for (i = 0; i < n; i++)
                            hc += 1ULL << (8 * st[i]);
                        ck_assert_uint_eq(h, hc);
                        for (i = 0; i < n; i++) {
                            double e = y - x[i];
                            ck_assert_int_eq(
                                st[i],
                                mfk__stance_of(sqrt(e * e), dq[i], reach[i],
                                               tol[i], ext[i], ind[i],
                                               res[i], gain[i], flex));
                        }
                    }
                }
                ref->dist_add_1d(sum, x, n, y);
                k->dist_add_1d(sum2, x, n, y);
                ck_assert_int_eq(memcmp(sum, sum2, n * sizeof *sum), 0);
                trials++;
            }
        }
    }
#if defined(__x86_64__)
    ck_assert_uint_ge(trials, 70 * 20); /* SSE2 at least */
#endif
}
END_TEST

/* The members' parameters that the VARY_* flags vary, by member:
 * salience and tolerance (VARY_SALIENCE), fixed ideal points above 0
 * (VARY_ABOVE), tolerance (VARY_TOLERANCE), and the full model's each in
 * turn. */
static void vary_members(mfk_body *b, size_t n, int varied)
{
    static const struct {
        int flag;
        mfk_member_param param;
        double step;
        unsigned mod;
    } by[] = {
        {VARY_TOLERANCE, MFK_MEMBER_TOLERANCE, 0.01, 4},
        {VARY_EXTERNALITY, MFK_MEMBER_EXTERNALITY, 0.25, 5},
        {VARY_RESERVATION, MFK_MEMBER_RESERVATION, 0.02, 3},
        {VARY_INDIFFERENCE, MFK_MEMBER_INDIFFERENCE, 0.03, 3},
        {VARY_SUPPORT, MFK_MEMBER_SUPPORT_GAIN, 0.05, 3},
    };
    size_t i, k;

    for (i = 0; i < n; i++) {
        double sal[3] = {0.5 + (double)(i % 4) / 2, 1.25, 0.75};
        double at[3] = {0.3 + 0.05 * (double)i, 0.5, 0.5};
        if (varied & VARY_SALIENCE) {
            ck_assert_int_eq(mfk_body_set_salience(b, i, sal), MFK_OK);
            ck_assert_int_eq(
                mfk_body_set_tolerance(b, i, 0.02 * (double)(i % 3)), MFK_OK);
        }
        if (varied & VARY_ABOVE)
            ck_assert_int_eq(mfk_body_set_ideal(b, i, at), MFK_OK);
        if (varied & VARY_FAR) {
            double far[3] = {1e6 + 0.3 + 0.05 * (double)i, 1e6, 1e6};
            ck_assert_int_eq(mfk_body_set_ideal(b, i, far), MFK_OK);
        }
        for (k = 0; k < sizeof by / sizeof by[0]; k++)
            if (varied & by[k].flag)
                ck_assert_int_eq(
                    mfk_body_set_member_param(
                        b, i, by[k].param,
                        by[k].step * (double)(i % by[k].mod)),
                    MFK_OK);
    }
}

/* Every kernel the machine runs gives, run by run, what the engine gives
 * with the model stances and the default Chair on the same drawn body
 * and proposal, and the same blocking count for each member, under every
 * rule kind; and each kernel's records and traces are the reference's,
 * byte for byte. `varied`: VARY_* flags (else saliences 1, tolerances 0,
 * a random status quo). */
static void assert_same_as_engine(size_t n, unsigned dims,
                                 mfk_culture culture, unsigned long long RUNS,
                                 int varied)
{
    mfk_body *eb = body_dims(n, dims);
    mfk_proposal *p = NULL;
    mfk_consultation *c = NULL;
    mfk_sim *s = NULL;
    mfk_rule rules[40];
    size_t nr = 0, j, i, kk, chunks = RUNS / MFK_SIM_CHUNK, rsize, tsize;
    double *recs[KERNELS] = {NULL}, *traces[KERNELS] = {NULL}, *rec;
    size_t kernels_run = 0;
    unsigned long long run;
    size_t adopted = 0, multi_round = 0;
    double *blocked = calloc(40 * n, sizeof *blocked), v, zero[3] = {0};

    /* Weights differ, for the rules that count them. */
    for (i = 0; i < n; i++)
        ck_assert_int_eq(mfk_body_set_weight(eb, i, 1.0 + (double)(i % 3)),
                         MFK_OK);
    vary_members(eb, n, varied);
    if (varied & VARY_NEGATIVE)
        ck_assert_int_eq(mfk_body_set_tolerance(eb, 0, -0.01), MFK_OK);
    if (varied & VARY_USER) {
        mfk_rule_init(&rules[nr], MFK_RULE_CALLBACK);
        rules[nr++].fn = user_consensus;
    }
    nr += every_kind(rules + nr);
    ck_assert_int_eq(mfk_sim_new(&s, eb, NULL), MFK_OK);
    ck_assert_int_eq(mfk_sim_set_culture(s, culture, 0.2, 3), MFK_OK);
    if (varied & VARY_SQ_ZERO)
        ck_assert_int_eq(mfk_sim_set_proposals(s, 1, zero), MFK_OK);
    for (j = 0; j < nr; j++)
        ck_assert_int_eq(mfk_sim_add_rule(s, &rules[j]), MFK_OK);
    ck_assert_int_eq(mfk_body_set_max_rounds(eb, 10), MFK_OK);

    rsize = chunks * mfk_sim_record_size(s) * sizeof *rec;
    tsize = chunks * MFK_SIM_CHUNK * nr * MFK_SIM_TRACE_FIELDS *
            sizeof(double);
    for (kk = 0; kk < KERNELS; kk++) {
        int rc = mfk__test_sim_force_kernel(s, kernel_names[kk]);
        if (rc == MFK_EUNSUPPORTED && kk > 0)
            continue;
        ck_assert_int_eq(rc, MFK_OK);
        ck_assert_str_eq(mfk__test_sim_kernel(s), kernel_names[kk]);
        recs[kk] = malloc(rsize);
        traces[kk] = malloc(tsize);
        ck_assert_int_eq(mfk_sim_run_chunks(s, 5, RUNS, 0, chunks, 2,
                                            recs[kk], traces[kk]),
                         MFK_OK);
        /* The statistics do not depend on the kernel. */
        ck_assert_int_eq(memcmp(recs[kk], recs[0], rsize), 0);
        ck_assert_int_eq(memcmp(traces[kk], traces[0], tsize), 0);
        kernels_run++;
    }
#if defined(__x86_64__)
    ck_assert_uint_ge(kernels_run, 2); /* SSE2 is the baseline there */
#endif
    rec = recs[0];
    ck_assert_int_eq(mfk_proposal_new(&p, eb, "P", "engine", NULL), MFK_OK);
    ck_assert_int_eq(mfk_proposal_set_pillar(p, MFK_PILLAR_ECONOMIC), MFK_OK);
    for (run = 0; run < RUNS; run++) {
        ck_assert_int_eq(mfk_sim_draw(s, 5, run, eb, p), MFK_OK);
        for (j = 0; j < nr; j++) {
            const double *t =
                traces[0] + (run * nr + j) * MFK_SIM_TRACE_FIELDS;
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
            for (kk = 0; kk < KERNELS; kk++) {
                if (traces[kk] == NULL)
                    continue;
                t = traces[kk] + (run * nr + j) * MFK_SIM_TRACE_FIELDS;
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
    for (kk = 0; kk < KERNELS; kk++) {
        free(recs[kk]);
        free(traces[kk]);
    }
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
    /* The Chair's run in one dimension, at length. */
    {11, 1, MFK_CULTURE_UNIFORM, 6144, 0},
    {11, 1, MFK_CULTURE_UNIFORM, 4096, VARY_TOLERANCE},
    {10, 1, MFK_CULTURE_UNIFORM, 2048, VARY_TOLERANCE | VARY_SQ_ZERO},
    {11, 1, MFK_CULTURE_UNIFORM, 1536, VARY_SALIENCE},
    {11, 2, MFK_CULTURE_UNIFORM, 1536, VARY_SALIENCE},
    {12, 1, MFK_CULTURE_GAUSSIAN, 1024, VARY_SQ_ZERO},
    {11, 1, MFK_CULTURE_UNIFORM, 1024, VARY_NEGATIVE | VARY_USER},
    {11, 2, MFK_CULTURE_BLOCS, 1024, VARY_USER},
    {11, 2, MFK_CULTURE_BLOCS, 1536, 0},
    {11, 3, MFK_CULTURE_GAUSSIAN, 1536, 0},
    {100, 1, MFK_CULTURE_GAUSSIAN, 512, 0},
    /* the edges of four members at a time and of 64 to a word */
    {4, 1, MFK_CULTURE_UNIFORM, 512, 0},
    {5, 1, MFK_CULTURE_UNIFORM, 512, 0},
    {64, 1, MFK_CULTURE_UNIFORM, 1536, 0},
    {65, 1, MFK_CULTURE_UNIFORM, 1536, 0},
    {128, 1, MFK_CULTURE_UNIFORM, 2048, 0},
    /* four runs drawn at once in three dimensions, (n + 1) D odd */
    {9, 3, MFK_CULTURE_UNIFORM, 1024, 0},
    /* every member on one side of the status quo: the Chair's shortcuts */
    {11, 1, MFK_CULTURE_FIXED, 512, VARY_ABOVE | VARY_SQ_ZERO},
    /* more than 64 members: a short last 64, and a last four in it */
    {66, 1, MFK_CULTURE_UNIFORM, 2048, 0},
    {70, 1, MFK_CULTURE_GAUSSIAN, 512, VARY_TOLERANCE},
    /* the full model, each parameter varied, every rule kind */
    {11, 1, MFK_CULTURE_UNIFORM, 1024, VARY_TOLERANCE | VARY_EXTERNALITY},
    {11, 2, MFK_CULTURE_UNIFORM, 512, VARY_TOLERANCE | VARY_EXTERNALITY},
    {11, 1, MFK_CULTURE_UNIFORM, 1024, VARY_TOLERANCE | VARY_RESERVATION},
    {11, 1, MFK_CULTURE_GAUSSIAN, 1024, VARY_INDIFFERENCE},
    {11, 1, MFK_CULTURE_UNIFORM, 1024, VARY_SUPPORT | VARY_USER},
    {11, 1, MFK_CULTURE_UNIFORM, 1024,
     VARY_TOLERANCE | VARY_EXTERNALITY | VARY_RESERVATION |
         VARY_INDIFFERENCE | VARY_SUPPORT},
};

START_TEST(fast_path_equals_engine)
{
    assert_same_as_engine(same_cases[_i].n, same_cases[_i].dims,
                          same_cases[_i].culture, same_cases[_i].runs,
                          same_cases[_i].varied);
}
END_TEST

/* Sets the simulation's parameters NAME=VALUE,... as the driver's
 * flags do. */
static void set_params(mfk_sim *s, const char *spec)
{
    char params[256], *name;

    ck_assert_uint_lt(strlen(spec), sizeof params);
    snprintf(params, sizeof params, "%s", spec);
    for (name = strtok(params, ","); name != NULL; name = strtok(NULL, ",")) {
        char *eq = strchr(name, '=');
        ck_assert_ptr_nonnull(eq);
        *eq = '\0';
        ck_assert_int_eq(mfk_sim_set_param(s, name, eq + 1, NULL), MFK_OK);
    }
}

/* Two runs' records and traces let go. */
static void free_runs(double *rec[2], double *trace[2])
{
    unsigned t;
    for (t = 0; t < 2; t++) {
        free(rec[t]);
        free(trace[t]);
    }
}

/* The full model, absence included, that the fast path is held to the
 * engine's route on: the members' parameters (NAME=VALUE,... for the
 * whole body) and, by member, externality, reservation, indifference
 * and support gain varied (VARY_* flags). */
static const struct {
    size_t n;
    unsigned dims;
    mfk_culture culture;
    const char *params;
    int varied;
    unsigned long long runs;
} route_cases[] = {
    {11, 1, MFK_CULTURE_UNIFORM, "absence=0.05", 0, 1024},
    {11, 1, MFK_CULTURE_UNIFORM, "absence=0.1,tolerance=0.03",
     VARY_EXTERNALITY, 1024},
    {11, 1, MFK_CULTURE_UNIFORM, "absence=0.02", VARY_TOLERANCE |
     VARY_EXTERNALITY | VARY_RESERVATION | VARY_INDIFFERENCE |
     VARY_SUPPORT, 1024},
    {11, 1, MFK_CULTURE_GAUSSIAN, "absence=0.2,max-rounds=3",
     VARY_RESERVATION | VARY_USER, 768},
    {11, 1, MFK_CULTURE_UNIFORM, "absence=0.05", VARY_SALIENCE |
     VARY_EXTERNALITY, 768},
    {11, 2, MFK_CULTURE_BLOCS, "absence=0.05", VARY_EXTERNALITY |
     VARY_INDIFFERENCE, 512},
    {27, 1, MFK_CULTURE_UNIFORM, "absence=0.03,tolerance=0.02",
     VARY_EXTERNALITY | VARY_SUPPORT, 512},
    {70, 1, MFK_CULTURE_UNIFORM, "absence=0.01,externality=0.4", 0, 512},
    /* no memo (255 members and more): the counts by the kernel in parts */
    {300, 1, MFK_CULTURE_UNIFORM, "absence=0.02,tolerance=0.01",
     VARY_EXTERNALITY | VARY_RESERVATION | VARY_INDIFFERENCE, 256},
    {11, 1, MFK_CULTURE_FIXED, "absence=0.1",
     VARY_ABOVE | VARY_SQ_ZERO | VARY_EXTERNALITY, 512},
    {11, 1, MFK_CULTURE_UNIFORM, "externality=0,tolerance=0.05", 0, 1024},
    {11, 1, MFK_CULTURE_UNIFORM, "indifference=0.05,support-gain=0.1",
     VARY_TOLERANCE, 1024},
    /* the Chair's choice from the estimate far from 0, and where the run
     * is within rounding of the status quo */
    {11, 1, MFK_CULTURE_FIXED, "tolerance=0.05,externality=0.5,absence=0.05",
     VARY_FAR | VARY_RESERVATION, 512},
    {11, 1, MFK_CULTURE_UNIFORM, "tolerance=1e-12,externality=0.5,absence=0.05",
     0, 1024},
};

/* The fast path gives, run by run, what the simulator's route through
 * the engine gives (engine-run.c: its absence stream, and rounds held
 * again when only silence stood in the way), on one thread and on two
 * and with every kernel the machine runs, under every rule kind. */
START_TEST(full_model_fast_path_equals_engine_route)
{
    size_t n = route_cases[_i].n, i, j, kk, nr = 0, chunks;
    int varied = route_cases[_i].varied;
    unsigned long long runs = route_cases[_i].runs;
    mfk_body *b = body_dims(n, route_cases[_i].dims);
    mfk_sim *s = NULL;
    mfk_rule rules[40];
    double *rec[2], *trace[2], zero[3] = {0}, held = 0, adopted = 0, v;
    size_t rsize, tsize;
    unsigned t;

    for (i = 0; i < n; i++)
        ck_assert_int_eq(mfk_body_set_weight(b, i, 1.0 + (double)(i % 3)),
                         MFK_OK);
    vary_members(b, n, varied);
    if (varied & VARY_USER) {
        mfk_rule_init(&rules[nr], MFK_RULE_CALLBACK);
        rules[nr++].fn = user_consensus;
    }
    nr += every_kind(rules + nr);
    ck_assert_int_eq(mfk_sim_new(&s, b, NULL), MFK_OK);
    ck_assert_int_eq(mfk_sim_set_culture(s, route_cases[_i].culture, 0.2, 3),
                     MFK_OK);
    if (varied & VARY_SQ_ZERO)
        ck_assert_int_eq(mfk_sim_set_proposals(s, 1, zero), MFK_OK);
    if (varied & VARY_FAR) {
        double far[3] = {1e6 + 0.5237, 1e6, 1e6};
        ck_assert_int_eq(mfk_sim_set_proposals(s, 1, far), MFK_OK);
    }
    set_params(s, route_cases[_i].params);
    for (j = 0; j < nr; j++)
        ck_assert_int_eq(mfk_sim_add_rule(s, &rules[j]), MFK_OK);
    chunks = (size_t)(runs / MFK_SIM_CHUNK);
    rsize = chunks * mfk_sim_record_size(s) * sizeof(double);
    tsize = chunks * MFK_SIM_CHUNK * nr * MFK_SIM_TRACE_FIELDS *
            sizeof(double);
    for (t = 0; t < 2; t++) {
        rec[t] = malloc(rsize);
        trace[t] = malloc(tsize);
    }
    /* The engine's route, on one thread. */
    ck_assert_int_eq(mfk__test_sim_engine_only(s, 1), MFK_OK);
    ck_assert_int_eq(mfk_sim_run_chunks(s, 5, runs, 0, chunks, 1, rec[0],
                                        trace[0]),
                     MFK_OK);
    ck_assert_int_eq(mfk__test_sim_engine_only(s, 0), MFK_OK);
    for (kk = 0; kk < KERNELS; kk++) {
        int rc = mfk__test_sim_force_kernel(s, kernel_names[kk]);
        if (rc == MFK_EUNSUPPORTED && kk > 0)
            continue;
        ck_assert_int_eq(rc, MFK_OK);
        for (t = 1; t <= 2; t++) {
            ck_assert_int_eq(mfk_sim_run_chunks(s, 5, runs, 0, chunks, t,
                                                rec[1], trace[1]),
                             MFK_OK);
            /* run by run first, for a failure that names the run */
            for (j = 0; j < runs * nr * MFK_SIM_TRACE_FIELDS; j++)
                if (!(isnan(trace[0][j]) && isnan(trace[1][j])))
                    ck_assert_msg(trace[0][j] == trace[1][j],
                                  "run %zu, rule %zu, field %zu: %g, not %g",
                                  j / (nr * MFK_SIM_TRACE_FIELDS),
                                  j / MFK_SIM_TRACE_FIELDS % nr,
                                  j % MFK_SIM_TRACE_FIELDS, trace[1][j],
                                  trace[0][j]);
            ck_assert_int_eq(memcmp(rec[0], rec[1], rsize), 0);
        }
    }
    /* The comparison saw adoptions and rounds after the first. */
    ck_assert_int_eq(mfk_sim_merge(s, rec[0], chunks), MFK_OK);
    for (j = 0; j < nr; j++) {
        ck_assert_int_eq(mfk_sim_stat(s, j, MFK_SIM_ADOPTED, 0, &v), MFK_OK);
        adopted += v;
        ck_assert_int_eq(mfk_sim_stat(s, j, MFK_SIM_ROUNDS, 0, &v), MFK_OK);
        held += v;
    }
    ck_assert(adopted > 100);
    ck_assert(held > (double)(runs * nr) + 100);
    free_runs(rec, trace);
    mfk_sim_free(s);
    mfk_body_free(b);
}
END_TEST

/* ---- the Chair's choice from the estimates ---------------------------- */

/* A number in [0, 1) from a test's own stream. */
static double test_uniform(unsigned long long *z)
{
    *z = *z * 6364136223846793005ULL + 1442695040888963407ULL;
    return (double)(*z >> 11) * 0x1p-53;
}

/* Where the fast Chair chooses from the estimates of the run's ends, by
 * every kernel that runs here, the engine's choice from any exact ends within delta of them is the same:
 * runs about status quos near 0, 1 and 10^6, from 10^-12 to 10^6 wide,
 * ends at round decimals (where the Chair's tests tie), texts beyond
 * each end, in the run and at the status quo; with delta 2^20 times the
 * fast path's, some of them undecided. */
START_TEST(chair_choice_from_estimates)
{
    static const double centres[] = {0, 0.37, -1, 1e6 + 0.125, 3e-7};
    static const double widths[] = {1, 1e-3, 1e-8, 1e-12, 1e6, 0.05};
    unsigned long long z = 11;
    const struct mfk__sim_kernel *kern;
    size_t decided = 0, undecided = 0, k, j, kk = 0;

    for (k = 0; k < 40000 * KERNELS; k++) {
        double sq, w;
        double xmax, scale, delta, pos, y, ye, lo, hi;
        int rc, rce, t, shape;

        /* the same cases for each kernel */
        j = k % 40000;
        if (j == 0) {
            z = 11;
            kk = k / 40000;
        }
        sq = centres[j % 5];
        w = widths[j / 5 % 6];
        lo = sq - w * (0.01 + test_uniform(&z));
        hi = sq + w * (0.01 + test_uniform(&z));
        shape = (int)(j / 30 % 6);

        if (shape == 1) {
            /* ends at round decimals */
            lo = floor(lo * 1000) / 1000;
            hi = ceil(hi * 1000) / 1000;
        } else if (shape >= 3 && shape <= 4) {
            /* a decimal r of 1 to 4 places exactly 1% of the run from
             * the end the text is beyond: the Chair's test of it ties */
            double ten = pow(10, 1 + (double)(j % 4));
            double r = sq + floor(test_uniform(&z) * 100) / ten;
            double m = w * (0.001 + 0.01 * test_uniform(&z));
            if (shape == 3) {
                hi = r + m;
                lo = hi - 100 * m;
            } else {
                lo = r - m;
                hi = lo + 100 * m;
            }
            sq = lo + (hi - lo) * (0.2 + 0.6 * test_uniform(&z));
        }
        xmax = fabs(sq) + w;
        scale = fabs(sq) + xmax + (fabs(lo) < fabs(hi) ? fabs(lo) : fabs(hi));
        delta = 0x1p-45 * (fabs(lo) + fabs(hi) + fabs(sq) + 2 * xmax);
        if (j % 7 == 0)
            delta *= 0x1p20;
        switch (shape == 3 ? 0 : shape == 4 ? 1 : j % 4) {
        case 0:
            pos = hi + w * test_uniform(&z);
            break;
        case 1:
            pos = lo - w * test_uniform(&z);
            break;
        case 2:
            pos = lo + (hi - lo) * test_uniform(&z);
            break;
        default:
            pos = shape == 2 ? sq : hi + 0.5 * delta * test_uniform(&z);
        }
        kern = mfk__sim_kernel_named(kernel_names[kk]);
        if (kern == NULL && kk > 0)
            continue;
        ck_assert_ptr_nonnull(kern);
        rc = kern->pick_near(lo, hi, delta, pos, sq, scale, &y);
        ck_assert(rc == MFK_OK || rc == MFK_DONE || rc == MFK__PICK_UNDECIDED);
        if (rc == MFK__PICK_UNDECIDED) {
            undecided++;
            continue;
        }
        decided++;
        for (t = 0; t < 9; t++) {
            double loa = lo - delta, lob = lo + delta;
            double hia = hi - delta, hib = hi + delta;
            double le = t % 3 == 0   ? loa
                        : t % 3 == 1 ? lob
                                     : loa + (lob - loa) * test_uniform(&z);
            double he = t / 3 == 0   ? hia
                        : t / 3 == 1 ? hib
                                     : hia + (hib - hia) * test_uniform(&z);
            le = le < loa ? loa : le > lob ? lob : le;
            he = he < hia ? hia : he > hib ? hib : he;
            rce = mfk__chair_pick_1d(le, he, pos, sq, scale, &ye);
            ck_assert_msg(rce == rc && (rc != MFK_OK || ye == y),
                          "%s, case %zu: ends %.17g %.17g, text %.17g, "
                          "status quo %.17g: %d %.17g, not %d %.17g",
                          kernel_names[kk], j, le, he, pos, sq, rce,
                          ye, rc, y);
        }
    }
    ck_assert(decided > 15000);
    ck_assert(undecided > 100);
}
END_TEST

/* ---- the full model's results, as the engine's route gave them ------- */

/* A digest of a run of chunks: FNV-1a over the bits of the records and
 * the trace (every NaN taken as one). */
static unsigned long long digest_of(const double *v, size_t count,
                                    unsigned long long h)
{
    size_t i;
    for (i = 0; i < count; i++) {
        unsigned long long u;
        int b;
        double d = isnan(v[i]) ? NAN : v[i];
        memcpy(&u, &d, sizeof u);
        for (b = 0; b < 64; b += 8) {
            h ^= (u >> b) & 0xff;
            h *= 0x100000001b3ULL;
        }
    }
    return h;
}

/* Simulations of the full model, with each parameter away from its
 * default, whose records and traces were recorded before the fast path
 * took the full model, when the engine decided every run: they must stay
 * what they were, on one thread and on two. */
static const struct {
    size_t n;
    unsigned dims;
    mfk_culture culture;
    const char *params; /* NAME=VALUE,... */
    int kinds[5];       /* -1 ends */
    unsigned long long seed, runs;
    double adopted0;                /* rule 0's adoptions */
    unsigned long long digest;
} recorded[] = {
    {11, 1, MFK_CULTURE_UNIFORM,
     "tolerance=0.1,externality=0.3,absence=0.05,max-rounds=1",
     {MFK_RULE_CONSENSUS, MFK_RULE_FLEXIBLE, MFK_RULE_SILENCE, -1, -1}, 3,
     2000, 237,
     0x2e6d22f7f925ef37ULL},
    {11, 1, MFK_CULTURE_UNIFORM,
     "tolerance=0.05,externality=0.5,reservation=0.02,indifference=0.01,"
     "absence=0.02,max-rounds=3",
     {MFK_RULE_CONSENSUS, MFK_RULE_FLEXIBLE, MFK_RULE_SILENCE,
      MFK_RULE_UNANIMITY, -1},
     7, 2000, 1947,
     0xa0165764f68569f5ULL},
    {27, 1, MFK_CULTURE_GAUSSIAN,
     "support-gain=0.1,absence=0.1,indifference=0.02",
     {MFK_RULE_CONSENSUS_MINUS_X, MFK_RULE_NEGATIVE_CONSENSUS,
      MFK_RULE_MAJORITY, MFK_RULE_QUALIFIED_MAJORITY, MFK_RULE_WEIGHTED},
     11, 1500, 129,
     0xd2fed6d3845c0e34ULL},
    {11, 2, MFK_CULTURE_UNIFORM, "tolerance=0.02,externality=0.2,absence=0.05",
     {MFK_RULE_CONSENSUS, MFK_RULE_FLEXIBLE, MFK_RULE_SILENCE, -1, -1}, 5,
     1000, 999,
     0xeb636cab1fa7a036ULL},
    {70, 1, MFK_CULTURE_UNIFORM, "tolerance=0.02,externality=0,absence=0.01",
     {MFK_RULE_FLEXIBLE, MFK_RULE_CONSENSUS, -1, -1, -1}, 13, 1000, 998,
     0x68bfc6dd3aca1236ULL},
    {11, 1, MFK_CULTURE_BLOCS,
     "externality=0.6,reservation=0.05,absence=0.2",
     {MFK_RULE_FLEXIBLE, MFK_RULE_UNANIMITY, MFK_RULE_SILENCE, -1, -1}, 17,
     1500, 182,
     0xef8552c8ddee2afdULL},
};

START_TEST(full_model_results_as_recorded)
{
    mfk_body *b = body_dims(recorded[_i].n, recorded[_i].dims);
    mfk_sim *s = NULL;
    size_t j, chunks, rsize, tsize, nr = 0;
    double *rec[2], *trace[2], adopted;
    unsigned long long runs = recorded[_i].runs, h[2];
    unsigned t;

    ck_assert_int_eq(mfk_sim_new(&s, b, NULL), MFK_OK);
    ck_assert_int_eq(mfk_sim_set_culture(s, recorded[_i].culture, 0.2, 3),
                     MFK_OK);
    set_params(s, recorded[_i].params);
    for (j = 0; j < 5 && recorded[_i].kinds[j] >= 0; j++, nr++)
        add_kind(s, (mfk_rule_kind)recorded[_i].kinds[j]);
    chunks = (size_t)((runs + MFK_SIM_CHUNK - 1) / MFK_SIM_CHUNK);
    rsize = chunks * mfk_sim_record_size(s);
    tsize = chunks * MFK_SIM_CHUNK * nr * MFK_SIM_TRACE_FIELDS;
    for (t = 0; t < 2; t++) {
        rec[t] = malloc(rsize * sizeof(double));
        trace[t] = malloc(tsize * sizeof(double));
        ck_assert_int_eq(mfk_sim_run_chunks(s, recorded[_i].seed, runs, 0,
                                            chunks, t + 1, rec[t], trace[t]),
                         MFK_OK);
        h[t] = digest_of(trace[t], tsize,
                         digest_of(rec[t], rsize, 0xcbf29ce484222325ULL));
    }
    ck_assert_int_eq(mfk_sim_merge(s, rec[0], chunks), MFK_OK);
    ck_assert_int_eq(mfk_sim_stat(s, 0, MFK_SIM_ADOPTED, 0, &adopted), MFK_OK);
    ck_assert_uint_eq(h[1], h[0]);
    ck_assert_double_eq(adopted, recorded[_i].adopted0);
    ck_assert_uint_eq(h[0], recorded[_i].digest);
    free_runs(rec, trace);
    mfk_sim_free(s);
    mfk_body_free(b);
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

/* ---- the full behaviour model (CONTRACT.md 0.2, issue 15's "Done
 * when") ----------------------------------------------------------------- */

/* Runs `runs` runs of n members in one dimension, at most `rounds`
 * rounds, under the kinds given, with every member's parameter p at v
 * (and absence at `absence`); the shares into share, the runs in which
 * some member blocked under each rule into blocked. */
static void model_run(size_t n, unsigned rounds, mfk_member_param p, double v,
                      double absence, const mfk_rule_kind *kinds, size_t nk,
                      unsigned long long runs, double *share,
                      double *blocked)
{
    mfk_body *b = body_dims(n, 1);
    mfk_sim *s = NULL;
    size_t j, i;

    ck_assert_int_eq(mfk_body_set_all(b, MFK_MEMBER_TOLERANCE, 0.02), MFK_OK);
    ck_assert_int_eq(mfk_body_set_all(b, p, v), MFK_OK);
    ck_assert_int_eq(mfk_body_set_all(b, MFK_MEMBER_ABSENCE, absence),
                     MFK_OK);
    ck_assert_int_eq(mfk_body_set_principle(b, MFK_PRINCIPLE_FLEXIBLE_SCOPE,
                                            MFK_MODE_OFF),
                     MFK_OK);
    ck_assert_int_eq(mfk_sim_new(&s, b, NULL), MFK_OK);
    ck_assert_int_eq(mfk_sim_set_max_rounds(s, rounds), MFK_OK);
    for (j = 0; j < nk; j++)
        add_kind(s, kinds[j]);
    ck_assert_int_eq(mfk_sim_run(s, 15, runs, 1), MFK_OK);
    for (j = 0; j < nk; j++) {
        ck_assert_int_eq(mfk_sim_adoption(s, j, &share[j], NULL, NULL),
                         MFK_OK);
        blocked[j] = 0;
        for (i = 0; i < n; i++) {
            double k;
            ck_assert_int_eq(mfk_sim_stat(s, j, MFK_SIM_BLOCKING, i, &k),
                             MFK_OK);
            blocked[j] += k;
        }
    }
    mfk_sim_free(s);
    mfk_body_free(b);
}

static const mfk_rule_kind four_kinds[] = {
    MFK_RULE_CONSENSUS, MFK_RULE_FLEXIBLE, MFK_RULE_SILENCE,
    MFK_RULE_UNANIMITY};

/* Externality 1: a member never stands aside, and flexible adopts in
 * exactly the runs consensus does; 0: nobody ever blocks under flexible,
 * and it adopts more often. */
START_TEST(externality_bounds_flexible)
{
    double a[4], blk[4], d[4];

    model_run(11, 10, MFK_MEMBER_EXTERNALITY, 1, 0.01, four_kinds, 4, 4000,
              a, blk);
    ck_assert(a[0] > 0);
    ck_assert(a[1] == a[0]);
    ck_assert(blk[1] == blk[0]);
    /* in one round, where the Chair cannot meet the objections */
    model_run(11, 1, MFK_MEMBER_EXTERNALITY, 0, 0, four_kinds, 4, 4000, d,
              blk);
    ck_assert(blk[1] == 0);
    ck_assert(blk[0] > 0);
    ck_assert(d[1] > d[0]);
}
END_TEST

/* Absence a in one round: consensus adopts only when every member is
 * heard, about (1 - a)^n as often as without absence; under the silence
 * procedure an unheard objector consents, so it adopts more often than
 * without absence, and than consensus. */
START_TEST(absence_in_one_round)
{
    const double a = 0.05;
    double without[4], with[4], blk[4], ratio, expect = pow(1 - a, 11);

    model_run(11, 1, MFK_MEMBER_ABSENCE, 0, 0, four_kinds, 4, 40000, without,
              blk);
    model_run(11, 1, MFK_MEMBER_ABSENCE, 0, a, four_kinds, 4, 40000, with,
              blk);
    ratio = with[0] / without[0];
    /* about 6000 runs adopt without absence: the ratio's sd is near 0.01 */
    ck_assert_msg(fabs(ratio - expect) < 0.05, "ratio %g, (1 - a)^n %g",
                  ratio, expect);
    ck_assert(with[2] > without[2]);
    ck_assert(with[2] > with[0]);
}
END_TEST

/* Indifference: an abstention stops neither consensus nor the Chair, so
 * consensus adopts exactly as often as without; unanimity, which wants
 * everyone in favour, less often. */
START_TEST(indifference_leaves_consensus)
{
    double without[4], with[4], blk[4];

    /* a reservation of 0 with the full model's path: the same parameter
     * set to its default changes nothing either */
    model_run(11, 10, MFK_MEMBER_INDIFFERENCE, 0, 0, four_kinds, 4, 6000,
              without, blk);
    model_run(11, 10, MFK_MEMBER_INDIFFERENCE, 0.05, 0, four_kinds, 4, 6000,
              with, blk);
    ck_assert(with[0] == without[0]);
    ck_assert(with[3] < without[3]);
    ck_assert(without[3] == without[0]);
}
END_TEST

/* ---- a researcher's own stance model ---------------------------------- */

/* The built-in model at its defaults, as a user would write it. */
static int own_builtin(const mfk_body *b, size_t i, const double *pos,
                       const double *sq, mfk_rule_kind kind, unsigned round,
                       mfk_rng *rng, void *ud)
{
    (void)round;
    (void)rng;
    (*(int *)ud)++; /* only in the one-thread runs below */
    return mfk_model_stance_full(b, i, pos, sq, kind, NULL);
}

/* Another: a member that the built-in model has object consents half
 * the time, drawn from the run's stream. */
static int own_lenient(const mfk_body *b, size_t i, const double *pos,
                       const double *sq, mfk_rule_kind kind, unsigned round,
                       mfk_rng *rng, void *ud)
{
    mfk_stance v = mfk_model_stance_full(b, i, pos, sq, kind, NULL);
    (void)round;
    (void)ud;
    if (v == MFK_OBJECT && mfk_rng_uniform(rng) < 0.5)
        return MFK_JOIN;
    return (int)v;
}

static int own_broken(const mfk_body *b, size_t i, const double *pos,
                      const double *sq, mfk_rule_kind kind, unsigned round,
                      mfk_rng *rng, void *ud)
{
    (void)b, (void)i, (void)pos, (void)sq, (void)kind, (void)round,
        (void)rng, (void)ud;
    return MFK_STANCE_COUNT;
}

/* Every total of every rule of two simulations is the same. */
static void assert_same_totals(const mfk_sim *a, const mfk_sim *b, size_t n)
{
    size_t j, i;
    mfk_sim_stat_kind k;
    for (j = 0; j < mfk_sim_rule_count(a); j++)
        for (k = MFK_SIM_RUNS; k <= MFK_SIM_BLOCKING; k++)
            for (i = 0; i < (k == MFK_SIM_OUTCOMES ? MFK_OUTCOME_INADMISSIBLE + 1
                             : k == MFK_SIM_ROUNDS_HELD ? 11
                             : k >= MFK_SIM_DISTANCE_IDEAL ? n : 1);
                 i++) {
                double x, y;
                ck_assert_int_eq(mfk_sim_stat(a, j, k, i, &x), MFK_OK);
                ck_assert_int_eq(mfk_sim_stat(b, j, k, i, &y), MFK_OK);
                ck_assert_msg(x == y || (isnan(x) && isnan(y)),
                              "rule %zu stat %d [%zu]: %g, %g", j, (int)k, i,
                              x, y);
            }
}

START_TEST(user_stance_model)
{
    mfk_body *b = body_dims(11, 1);
    mfk_sim *ours = NULL, *own = NULL, *own2 = NULL;
    double x, y;
    int calls = 0;
    size_t j;

    ck_assert_int_eq(mfk_sim_new(&ours, b, NULL), MFK_OK);
    ck_assert_int_eq(mfk_sim_new(&own, b, NULL), MFK_OK);
    ck_assert_int_eq(mfk_sim_new(&own2, b, NULL), MFK_OK);
    for (j = 0; j < 4; j++) {
        add_kind(ours, four_kinds[j]);
        add_kind(own, four_kinds[j]);
        add_kind(own2, four_kinds[j]);
    }
    ck_assert_int_eq(mfk_sim_set_stance_model(NULL, own_builtin, NULL),
                     MFK_EINVAL);
    /* the built-in model written as a user's: the same results as the
     * fast path */
    ck_assert_int_eq(mfk_sim_set_stance_model(own, own_builtin, &calls),
                     MFK_OK);
    ck_assert_int_eq(mfk_sim_run(ours, 21, 3000, 1), MFK_OK);
    ck_assert_int_eq(mfk_sim_run(own, 21, 3000, 1), MFK_OK);
    ck_assert_int_gt(calls, 3000 * 4 * 11 - 1);
    assert_same_totals(ours, own, 11);
    /* one that differs draws from the run's stream: the same results on
     * 1 and 3 threads, and more adoptions than the built-in model */
    ck_assert_int_eq(mfk_sim_set_stance_model(own, own_lenient, NULL),
                     MFK_OK);
    ck_assert_int_eq(mfk_sim_set_stance_model(own2, own_lenient, NULL),
                     MFK_OK);
    ck_assert_int_eq(mfk_sim_run(own, 21, 3000, 1), MFK_OK);
    ck_assert_int_eq(mfk_sim_run(own2, 21, 3000, 3), MFK_OK);
    assert_same_totals(own, own2, 11);
    ck_assert_int_eq(mfk_sim_adoption(ours, 0, &x, NULL, NULL), MFK_OK);
    ck_assert_int_eq(mfk_sim_adoption(own, 0, &y, NULL, NULL), MFK_OK);
    ck_assert(y > x);
    /* NULL: the built-in model again */
    ck_assert_int_eq(mfk_sim_set_stance_model(own, NULL, NULL), MFK_OK);
    ck_assert_int_eq(mfk_sim_run(own, 21, 3000, 2), MFK_OK);
    assert_same_totals(ours, own, 11);
    /* a stance out of range stops the run */
    ck_assert_int_eq(mfk_sim_set_stance_model(own, own_broken, NULL),
                     MFK_OK);
    ck_assert_int_eq(mfk_sim_run(own, 21, 300, 2), MFK_ERANGE);
    mfk_sim_free(ours);
    mfk_sim_free(own);
    mfk_sim_free(own2);
    mfk_body_free(b);
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

/* Every function refuses what it cannot use, and leaves the simulator
 * as it was. */
START_TEST(every_argument_checked)
{
    mfk_body *b = body_dims(3, 1), *other = body_dims(4, 1);
    mfk_proposal *p = NULL, *q = NULL;
    mfk_sim *s = NULL;
    mfk_rule r;
    double v, sq[1] = {NAN}, rec[64];

    ck_assert_int_eq(mfk_sim_new(&s, NULL, NULL), MFK_EINVAL);
    ck_assert_int_eq(mfk_sim_new(&s, b, NULL), MFK_OK);
    ck_assert_int_eq(mfk_sim_set_culture(NULL, MFK_CULTURE_UNIFORM, 0, 0),
                     MFK_EINVAL);
    ck_assert_int_eq(mfk_sim_set_culture(s, (mfk_culture)-1, 0, 0),
                     MFK_EINVAL);
    ck_assert_int_eq(
        mfk_sim_set_culture(s, (mfk_culture)(MFK_CULTURE_FIXED + 1), 0, 0),
        MFK_EINVAL);
    ck_assert_int_eq(mfk_sim_set_culture(s, MFK_CULTURE_GAUSSIAN, NAN, 0),
                     MFK_ERANGE);
    ck_assert_int_eq(mfk_sim_set_culture(s, MFK_CULTURE_BLOCS, 0.1, 65),
                     MFK_ERANGE);
    ck_assert_int_eq(mfk_sim_set_proposals(NULL, 1, NULL), MFK_EINVAL);
    ck_assert_int_eq(mfk_sim_set_proposals(s, 1, sq), MFK_ERANGE);
    ck_assert_int_eq(mfk_sim_set_behaviour(NULL, 0, 0, MFK_CHAIR_DEFAULT),
                     MFK_EINVAL);
    ck_assert_int_eq(mfk_sim_set_behaviour(s, 0, 0, (mfk_chair_strategy)-1),
                     MFK_EINVAL);
    ck_assert_int_eq(
        mfk_sim_set_behaviour(
            s, 0, 0, (mfk_chair_strategy)(MFK_CHAIR_SINGLE_ROUND + 1)),
        MFK_EINVAL);
    ck_assert_int_eq(mfk_sim_set_behaviour(s, INFINITY, 0, MFK_CHAIR_DEFAULT),
                     MFK_ERANGE);
    ck_assert_int_eq(mfk_sim_set_behaviour(s, 0, NAN, MFK_CHAIR_DEFAULT),
                     MFK_ERANGE);
    ck_assert_int_eq(mfk_sim_set_dynamics(NULL, 0.5), MFK_EINVAL);
    ck_assert_int_eq(mfk_sim_set_dynamics(s, NAN), MFK_ERANGE);
    ck_assert_int_eq(mfk_sim_set_dynamics(s, 1.5), MFK_ERANGE);
    ck_assert_int_eq(mfk_sim_set_max_rounds(NULL, 3), MFK_EINVAL);
    ck_assert_int_eq(mfk_sim_set_max_rounds(s, MFK_MAX_ROUNDS + 1),
                     MFK_ERANGE);
    ck_assert_int_eq(mfk_sim_add_rule(NULL, &r), MFK_EINVAL);
    ck_assert_int_eq(mfk_sim_add_rule(s, NULL), MFK_EINVAL);
    ck_assert_uint_eq(mfk_sim_rule_count(NULL), 0);
    ck_assert_uint_eq(mfk_sim_record_size(NULL), 0);
    /* Nothing to run without a rule, whichever way it is asked. */
    ck_assert_int_eq(mfk_sim_run_chunks(s, 1, 10, 0, 1, 1, rec, NULL),
                     MFK_ESTATE);
    ck_assert_int_eq(mfk_sim_run_chunks(NULL, 1, 10, 0, 1, 1, rec, NULL),
                     MFK_EINVAL);
    ck_assert_int_eq(mfk_sim_run(NULL, 1, 10, 1), MFK_EINVAL);
    ck_assert_int_eq(mfk_sim_merge(NULL, rec, 1), MFK_EINVAL);
    ck_assert_int_eq(mfk_sim_merge(s, NULL, 1), MFK_EINVAL);
    ck_assert_int_eq(mfk_sim_clear(NULL), MFK_EINVAL);
    add_kind(s, MFK_RULE_CONSENSUS);
    ck_assert_int_eq(mfk_sim_run(s, 1, 300, 2), MFK_OK);
    /* The statistics: indices past their ends, rules past the last,
     * kinds that are none. */
    ck_assert_int_eq(mfk_sim_stat(NULL, 0, MFK_SIM_RUNS, 0, &v), MFK_EINVAL);
    ck_assert_int_eq(mfk_sim_stat(s, 0, MFK_SIM_RUNS, 0, NULL), MFK_EINVAL);
    ck_assert_int_eq(mfk_sim_stat(s, 1, MFK_SIM_RUNS, 0, &v), MFK_EINVAL);
    ck_assert_int_eq(mfk_sim_stat(s, 0, (mfk_sim_stat_kind)99, 0, &v),
                     MFK_EINVAL);
    ck_assert_int_eq(mfk_sim_stat(s, 0, MFK_SIM_OUTCOMES,
                                  MFK_OUTCOME_INADMISSIBLE + 1, &v),
                     MFK_ERANGE);
    ck_assert_int_eq(mfk_sim_stat(s, 0, MFK_SIM_ROUNDS_HELD, 11, &v),
                     MFK_ERANGE);
    ck_assert_int_eq(mfk_sim_stat(s, 0, MFK_SIM_DISTANCE_IDEAL, 3, &v),
                     MFK_ERANGE);
    ck_assert_int_eq(mfk_sim_stat(s, 0, MFK_SIM_BLOCKING, 3, &v),
                     MFK_ERANGE);
    ck_assert_int_eq(mfk_sim_stat(s, 0, MFK_SIM_RUNS, 0, &v), MFK_OK);
    ck_assert_double_eq(v, 300);
    ck_assert_int_eq(mfk_sim_adoption(NULL, 0, &v, NULL, NULL), MFK_EINVAL);
    ck_assert_int_eq(mfk_sim_adoption(s, 1, &v, NULL, NULL), MFK_EINVAL);
    ck_assert_int_eq(mfk_sim_adoption(s, 0, NULL, NULL, NULL), MFK_OK);
    /* A draw needs a proposal on a body of the simulator's shape. */
    ck_assert_int_eq(mfk_proposal_new(&p, b, "P", "t", NULL), MFK_OK);
    ck_assert_int_eq(mfk_proposal_new(&q, other, "Q", "t", NULL), MFK_OK);
    ck_assert_int_eq(mfk_sim_draw(NULL, 1, 0, b, p), MFK_EINVAL);
    ck_assert_int_eq(mfk_sim_draw(s, 1, 0, NULL, p), MFK_EINVAL);
    ck_assert_int_eq(mfk_sim_draw(s, 1, 0, b, NULL), MFK_EINVAL);
    ck_assert_int_eq(mfk_sim_draw(s, 1, 0, b, q), MFK_EINVAL);
    ck_assert_int_eq(mfk_sim_draw(s, 1, 0, other, q), MFK_EINVAL);
    ck_assert_int_eq(mfk_sim_draw(s, 1, 0, b, p), MFK_OK);
    /* Nothing of that changed the totals. */
    ck_assert_int_eq(mfk_sim_stat(s, 0, MFK_SIM_RUNS, 0, &v), MFK_OK);
    ck_assert_double_eq(v, 300);
    mfk_proposal_free(p);
    mfk_proposal_free(q);
    mfk_sim_free(s);
    mfk_body_free(b);
    mfk_body_free(other);
}
END_TEST

/* Threads: none asked is one, more than the machine's limit or than
 * the chunks are fewer; the totals are the same bytes every way. */
START_TEST(thread_counts_clamped)
{
    mfk_body *b = body_dims(7, 1);
    mfk_sim *s = NULL;
    double t1[64], t2[64];
    unsigned threads[3] = {0, 3, 100000};
    size_t k, nt = 0;

    ck_assert_int_eq(mfk_sim_new(&s, b, NULL), MFK_OK);
    add_kind(s, MFK_RULE_CONSENSUS);
    ck_assert_uint_le(mfk_sim_record_size(s), 64);
    ck_assert_int_eq(mfk_sim_run(s, 4, 2 * MFK_SIM_CHUNK, 1), MFK_OK);
    nt = totals(s, 7, 10, t1);
    for (k = 0; k < 3; k++) {
        ck_assert_int_eq(mfk_sim_run(s, 4, 2 * MFK_SIM_CHUNK, threads[k]),
                         MFK_OK);
        ck_assert_uint_eq(totals(s, 7, 10, t2), nt);
        ck_assert(memcmp(t1, t2, nt * sizeof *t1) == 0);
    }
    mfk_sim_free(s);
    mfk_body_free(b);
}
END_TEST

/* With opinions moving between rounds, each Chair: a text drawn at the
 * status quo, which a member with a negative tolerance refuses, has
 * nowhere to go toward it, and no Chair but the default one holds a
 * second round on it; the single-round Chair never does. */
START_TEST(chairs_after_dynamics)
{
    static const double x[5] = {0.1, 0.3, 0.5, 0.7, 0.9};
    static const mfk_chair_strategy chairs[3] = {
        MFK_CHAIR_TOWARD_STATUS_QUO, MFK_CHAIR_SINGLE_ROUND,
        MFK_CHAIR_DEFAULT};
    mfk_body *b = body_dims(5, 1);
    mfk_proposal *p = NULL;
    mfk_sim *s = NULL;
    double sq = 0.5, rec[64], trace[MFK_SIM_CHUNK * MFK_SIM_TRACE_FIELDS];
    size_t i, at_sq = 0, multi = 0;
    int k;

    for (i = 0; i < 5; i++)
        ck_assert_int_eq(mfk_body_set_ideal(b, i, &x[i]), MFK_OK);
    ck_assert_int_eq(mfk_body_set_tolerance(b, 0, -0.05), MFK_OK);
    ck_assert_int_eq(mfk_proposal_new(&p, b, "P", "t", NULL), MFK_OK);
    for (k = 0; k < 3; k++) {
        ck_assert_int_eq(mfk_sim_new(&s, b, NULL), MFK_OK);
        ck_assert_int_eq(mfk_sim_set_culture(s, MFK_CULTURE_FIXED, 0, 0),
                         MFK_OK);
        ck_assert_int_eq(mfk_sim_set_proposals(s, 1, &sq), MFK_OK);
        ck_assert_int_eq(mfk_sim_set_dynamics(s, 0.5), MFK_OK);
        ck_assert_int_eq(mfk_sim_set_behaviour(s, 0, 0, chairs[k]), MFK_OK);
        add_kind(s, MFK_RULE_CONSENSUS);
        ck_assert_uint_le(mfk_sim_record_size(s), 64);
        ck_assert_int_eq(
            mfk_sim_run_chunks(s, 8, MFK_SIM_CHUNK, 0, 1, 1, rec, trace),
            MFK_OK);
        for (i = 0; i < MFK_SIM_CHUNK; i++) {
            const double *t = trace + i * MFK_SIM_TRACE_FIELDS;
            ck_assert_int_eq(mfk_sim_draw(s, 8, i, b, p), MFK_OK);
            multi += t[1] > 1;
            if (chairs[k] == MFK_CHAIR_SINGLE_ROUND)
                ck_assert_double_eq(t[1], 1);
            if (mfk_proposal_position(p)[0] != sq ||
                chairs[k] == MFK_CHAIR_DEFAULT)
                continue;
            at_sq++;
            ck_assert_double_eq(t[0], MFK_OUTCOME_DEFERRED);
            ck_assert_double_eq(t[1], 1);
        }
        mfk_sim_free(s);
    }
    /* Both kinds of run were seen. */
    ck_assert_uint_gt(at_sq, 40);
    ck_assert_uint_gt(multi, 40);
    mfk_proposal_free(p);
    mfk_body_free(b);
}
END_TEST

/* A user's rule that fails on the runs whose first member's ideal point
 * is below 0.01: about one run in a hundred. */
static int failing_rule(const mfk_body *b, const mfk_proposal *p,
                        const unsigned char *st, unsigned char *fl, void *ud)
{
    (void)p;
    (void)st;
    (void)fl;
    (void)ud;
    return mfk_body_member_ideal(b, 0)[0] < 0.01 ? MFK_ECALLBACK
                                                 : MFK_VERDICT_ADOPTED;
}

/* A rule's error stops the simulation on any thread, is returned as it
 * is, and leaves no totals behind. */
START_TEST(rule_errors_stop_the_run)
{
    mfk_body *b = body_dims(5, 1);
    mfk_sim *s = NULL;
    mfk_rule r;
    double v;
    unsigned threads;

    ck_assert_int_eq(mfk_sim_new(&s, b, NULL), MFK_OK);
    add_kind(s, MFK_RULE_CONSENSUS);
    mfk_rule_init(&r, MFK_RULE_CALLBACK);
    r.fn = failing_rule;
    ck_assert_int_eq(mfk_sim_add_rule(s, &r), MFK_OK);
    for (threads = 1; threads <= 2; threads++) {
        ck_assert_int_eq(mfk_sim_run(s, 6, 20 * MFK_SIM_CHUNK, threads),
                         MFK_ECALLBACK);
        ck_assert_int_eq(mfk_sim_stat(s, 0, MFK_SIM_RUNS, 0, &v), MFK_OK);
        ck_assert_double_eq(v, 0);
    }
    /* Behaviour that takes every rule through the engine, and opinions
     * that move. */
    ck_assert_int_eq(mfk_sim_set_behaviour(s, 0, 0.5, MFK_CHAIR_DEFAULT),
                     MFK_OK);
    ck_assert_int_eq(mfk_sim_run(s, 6, 20 * MFK_SIM_CHUNK, 2), MFK_ECALLBACK);
    ck_assert_int_eq(mfk_sim_set_dynamics(s, 0.5), MFK_OK);
    ck_assert_int_eq(mfk_sim_run(s, 6, 20 * MFK_SIM_CHUNK, 1), MFK_ECALLBACK);
    mfk_sim_free(s);
    mfk_body_free(b);
}
END_TEST

/* ---- memory ----------------------------------------------------------- */

struct walk {
    mfk_body *b;
    mfk_proposal *p; /* for sim_and_draw() */
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

/* mfk_sim_draw() with each allocation failing. */
static int sim_and_draw(void *ud, const mfk_allocator *alloc)
{
    struct walk *w = ud;
    int rc = mfk_sim_new(&w->s, w->b, alloc);
    if (rc == MFK_OK)
        rc = mfk_sim_draw(w->s, 3, 7, w->b, w->p);
    return rc;
}

START_TEST(draw_allocation_failures)
{
    struct walk w;
    w.b = body_dims(5, 2);
    w.s = NULL;
    ck_assert_int_eq(mfk_proposal_new(&w.p, w.b, "P", "t", NULL), MFK_OK);
    ck_assert_uint_gt(test_alloc_walk(sim_and_draw, walk_cleanup, &w), 2);
    mfk_proposal_free(w.p);
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

/* ---- parameters by name, sweeps --------------------------------------- */

/* A body of n members M1 .. Mn, as the driver makes it. */
static mfk_body *numbered_body(size_t n, unsigned dims)
{
    mfk_body *b = NULL;
    size_t i;
    char id[24];
    ck_assert_int_eq(mfk_body_new(&b, "simulated body", dims, NULL), MFK_OK);
    for (i = 0; i < n; i++) {
        snprintf(id, sizeof id, "M%zu", i + 1);
        ck_assert_int_eq(mfk_body_add_member(b, id, id, NULL), MFK_OK);
    }
    return b;
}

/* What `simulate --format json` would print for s, made by the writer
 * (caller frees). */
static char *sim_json(const mfk_sim *s, const char *const *names,
                      unsigned long long seed, unsigned long long runs)
{
    size_t len = 0;
    char *buf;
    ck_assert_int_eq(mfk_sim_write_json(s, mfk_sim_body(s), names, seed,
                                        runs, NULL, NULL, 0, &len),
                     MFK_ERANGE);
    buf = malloc(len + 1);
    ck_assert_ptr_nonnull(buf);
    ck_assert_int_eq(mfk_sim_write_json(s, mfk_sim_body(s), names, seed,
                                        runs, NULL, buf, len, &len),
                     MFK_OK);
    buf[len] = '\0';
    return buf;
}

static const char *const two_rules[] = {"consensus", "majority"};

static mfk_sim *two_rule_sim(const mfk_body *b)
{
    mfk_sim *s = NULL;
    ck_assert_int_eq(mfk_sim_new(&s, b, NULL), MFK_OK);
    add_kind(s, MFK_RULE_CONSENSUS);
    add_kind(s, MFK_RULE_MAJORITY);
    return s;
}

START_TEST(parameters_by_name_equal_the_setters)
{
    static const double sq[1] = {0.3};
    mfk_body *b = numbered_body(7, 1);
    mfk_sim *a = two_rule_sim(b), *n = two_rule_sim(b);
    mfk_error err;
    const char *name, *expected;
    char *ja, *jn;
    double lo, hi;
    int numeric;
    size_t i;

    /* The tolerance is the body's: set on it before a is made. */
    mfk_sim_free(a);
    for (i = 0; i < 7; i++)
        ck_assert_int_eq(mfk_body_set_tolerance(b, i, 0.02), MFK_OK);
    a = two_rule_sim(b);
    ck_assert_int_eq(mfk_sim_set_culture(a, MFK_CULTURE_BLOCS, 0.2, 4),
                     MFK_OK);
    ck_assert_int_eq(mfk_sim_set_proposals(a, 0, sq), MFK_OK);
    ck_assert_int_eq(
        mfk_sim_set_behaviour(a, 0.05, 0.3, MFK_CHAIR_TOWARD_STATUS_QUO),
        MFK_OK);
    ck_assert_int_eq(mfk_sim_set_dynamics(a, 0.25), MFK_OK);
    ck_assert_int_eq(mfk_sim_set_max_rounds(a, 6), MFK_OK);
    /* The same by name, in an order the setters above do not follow. */
    ck_assert_int_eq(mfk_sim_set_param(n, "spread", "0.2", &err), MFK_OK);
    ck_assert_int_eq(mfk_sim_set_param(n, "culture", "blocs:4", &err),
                     MFK_OK);
    ck_assert_int_eq(mfk_sim_set_param(n, "status-quo", "0.3", &err),
                     MFK_OK);
    ck_assert_int_eq(mfk_sim_set_param(n, "proposal", "random", &err),
                     MFK_OK);
    ck_assert_int_eq(mfk_sim_set_param(n, "chair", "toward-status-quo", &err),
                     MFK_OK);
    ck_assert_int_eq(mfk_sim_set_param(n, "face-saving", "0.3", &err),
                     MFK_OK);
    ck_assert_int_eq(mfk_sim_set_number(n, "concession", 0.05, &err), MFK_OK);
    ck_assert_int_eq(mfk_sim_set_param(n, "dynamics", "0.25", &err), MFK_OK);
    ck_assert_int_eq(mfk_sim_set_param(n, "max-rounds", "6", &err), MFK_OK);
    ck_assert_int_eq(mfk_sim_set_param(n, "tolerance", "0.02", &err),
                     MFK_OK);
    ck_assert_int_eq(mfk_sim_run(a, 9, 3000, 2), MFK_OK);
    ck_assert_int_eq(mfk_sim_run(n, 9, 3000, 1), MFK_OK);
    ja = sim_json(a, two_rules, 9, 3000);
    jn = sim_json(n, two_rules, 9, 3000);
    ck_assert_str_eq(ja, jn);
    free(ja);
    free(jn);

    /* Refusals, with what was wrong. */
    ck_assert_int_eq(mfk_sim_set_param(n, "quorum", "1", &err), MFK_EINVAL);
    ck_assert(strstr(err.message, "quorum") != NULL);
    ck_assert_int_eq(mfk_sim_set_param(n, "face-saving", "1.5", &err),
                     MFK_ERANGE);
    ck_assert_str_eq(err.message,
                     "expected a number from 0 to 1, not \"1.5\"");
    ck_assert_int_eq(mfk_sim_set_param(n, "members", "2.5", &err),
                     MFK_ERANGE);
    ck_assert_int_eq(mfk_sim_set_param(n, "members", "0", &err), MFK_ERANGE);
    ck_assert_int_eq(mfk_sim_set_param(n, "spread", "x", &err), MFK_ERANGE);
    ck_assert_int_eq(mfk_sim_set_param(n, "culture", "blocs:65", &err),
                     MFK_ERANGE);
    ck_assert(strstr(err.message, "\"blocs:65\": expected uniform") !=
              NULL);
    ck_assert_int_eq(mfk_sim_set_param(n, "culture", "fixed", &err),
                     MFK_EINVAL);
    ck_assert_int_eq(mfk_sim_set_param(n, "status-quo", "0.1,0.2", &err),
                     MFK_ERANGE);
    ck_assert_int_eq(mfk_sim_set_number(n, "chair", 1, &err), MFK_EINVAL);
    ck_assert_int_eq(mfk_sim_set_param(NULL, "spread", "1", NULL),
                     MFK_EINVAL);

    /* The list: every name once, numeric ones with their range. */
    for (i = 0; (name = mfk_sim_param(i, &numeric, &lo, &hi, &expected)) !=
                NULL;
         i++) {
        ck_assert(numeric ? lo <= hi : expected != NULL);
        ck_assert_ptr_eq(mfk_sim_param(i, NULL, NULL, NULL, NULL), name);
    }
    ck_assert_uint_ge(i, 12);
    ck_assert_ptr_null(mfk_sim_param(i + 1, NULL, NULL, NULL, NULL));
    mfk_sim_free(a);
    mfk_sim_free(n);
    mfk_body_free(b);
}
END_TEST

START_TEST(members_and_dims_without_a_new_simulation)
{
    mfk_body *b5 = numbered_body(5, 1), *b9 = numbered_body(9, 1);
    mfk_body *b9d2 = numbered_body(9, 2);
    mfk_sim *s = two_rule_sim(b5), *p9 = two_rule_sim(b9);
    mfk_sim *p9d2 = two_rule_sim(b9d2);
    char *js, *jp;

    ck_assert_int_eq(mfk_sim_set_members(s, 9), MFK_OK);
    ck_assert_uint_eq(mfk_body_member_count(mfk_sim_body(s)), 9);
    ck_assert_int_eq(mfk_sim_run(s, 4, 2000, 1), MFK_OK);
    ck_assert_int_eq(mfk_sim_run(p9, 4, 2000, 1), MFK_OK);
    js = sim_json(s, two_rules, 4, 2000);
    jp = sim_json(p9, two_rules, 4, 2000);
    ck_assert_str_eq(js, jp);
    free(js);
    free(jp);
    ck_assert_int_eq(mfk_sim_set_dims(s, 2), MFK_OK);
    ck_assert_uint_eq(mfk_body_dims(mfk_sim_body(s)), 2);
    ck_assert_int_eq(mfk_sim_run(s, 4, 2000, 2), MFK_OK);
    ck_assert_int_eq(mfk_sim_run(p9d2, 4, 2000, 1), MFK_OK);
    js = sim_json(s, two_rules, 4, 2000);
    jp = sim_json(p9d2, two_rules, 4, 2000);
    ck_assert_str_eq(js, jp);
    free(js);
    free(jp);
    /* Down again: the first members as they were. */
    ck_assert_int_eq(mfk_sim_set_members(s, 3), MFK_OK);
    ck_assert_str_eq(mfk_body_member_id(mfk_sim_body(s), 2), "M3");
    ck_assert_int_eq(mfk_sim_set_members(s, 0), MFK_ERANGE);
    ck_assert_int_eq(mfk_sim_set_dims(s, MFK_MAX_DIMS + 1), MFK_ERANGE);
    ck_assert_int_eq(mfk_sim_set_members(NULL, 3), MFK_EINVAL);
    ck_assert_ptr_null(mfk_sim_body(NULL));
    mfk_sim_free(s);
    mfk_sim_free(p9);
    mfk_sim_free(p9d2);
    mfk_body_free(b5);
    mfk_body_free(b9);
    mfk_body_free(b9d2);
}
END_TEST

START_TEST(sweep_values_and_errors)
{
    static const char *const bad[] = {
        "concession=0:1",     "concession", "concession=0:1:1",
        "concession=0:1:2.5", "quorum=0:1:3", "culture=0:1:3",
        "face-saving=0:2:3",  "members=3:4:3", "members=0:4:5",
        "dims=1:2.5:2",       "max-rounds=1:3:3", "spread=a:1:3",
        "spread=0:1:3:4",     "concession=0:1:1e2"};
    mfk_sim_sweep *sw = NULL;
    mfk_error err;
    size_t k, i;

    ck_assert_int_eq(mfk_sim_sweep_new(&sw, "spread=0.2:0.9:8", NULL, &err),
                     MFK_OK);
    ck_assert_str_eq(mfk_sim_sweep_name(sw), "spread");
    ck_assert_uint_eq(mfk_sim_sweep_count(sw), 8);
    for (k = 0; k < 7; k++)
        ck_assert(mfk_sim_sweep_value(sw, k) ==
                  0.2 + (double)k * (0.9 - 0.2) / 7);
    /* Exactly TO, where FROM + 7 (TO - FROM)/7 is 0.8999999999999999. */
    ck_assert(mfk_sim_sweep_value(sw, 7) == 0.9);
    ck_assert(isnan(mfk_sim_sweep_value(sw, 8)));
    mfk_sim_sweep_free(sw);
    /* Downward, and whole values for members. */
    ck_assert_int_eq(mfk_sim_sweep_new(&sw, "members=30:3:10", NULL, &err),
                     MFK_OK);
    for (k = 0; k < 10; k++)
        ck_assert(mfk_sim_sweep_value(sw, k) == 30.0 - 3.0 * (double)k);
    mfk_sim_sweep_free(sw);
    for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        int rc = mfk_sim_sweep_new(&sw, bad[i], NULL, &err);
        ck_assert_msg(rc == MFK_ESYNTAX || rc == MFK_ERANGE, "%s: %d",
                      bad[i], rc);
        ck_assert_int_eq(err.code, rc);
        ck_assert(err.message[0] != '\0');
        ck_assert_ptr_null(sw);
    }
    ck_assert_int_eq(mfk_sim_sweep_new(NULL, "spread=0:1:2", NULL, NULL),
                     MFK_EINVAL);
}
END_TEST

/* The sweep's JSON holds each point's rules exactly as a simulation made
 * at that value prints them (the same seed at every point). */
static void assert_points_plain(const char *spec, const char *name,
                                int whole)
{
    mfk_body *b = numbered_body(5, 1);
    mfk_sim *s = two_rule_sim(b);
    mfk_sim_sweep *sw = NULL;
    mfk_error err;
    size_t k, len = 0;
    char *text;

    ck_assert_int_eq(mfk_sim_sweep_new(&sw, spec, NULL, &err), MFK_OK);
    for (k = 0; k < mfk_sim_sweep_count(sw); k++) {
        ck_assert_int_eq(mfk_sim_sweep_apply(sw, k, s, &err), MFK_OK);
        ck_assert_int_eq(mfk_sim_run(s, 11, 1500, 2), MFK_OK);
        ck_assert_int_eq(mfk_sim_sweep_write_json(sw, NULL, NULL, 0, &len),
                         MFK_ESTATE);
        ck_assert_int_eq(mfk_sim_sweep_keep(sw, k, s, two_rules, 11, 1500),
                         MFK_OK);
    }
    ck_assert_int_eq(mfk_sim_sweep_keep(sw, k, s, two_rules, 11, 1500),
                     MFK_ESTATE);
    ck_assert_int_eq(mfk_sim_sweep_write_json(sw, NULL, NULL, 0, &len),
                     MFK_ERANGE);
    text = malloc(len + 1);
    ck_assert_int_eq(mfk_sim_sweep_write_json(sw, NULL, text, len, &len),
                     MFK_OK);
    text[len] = '\0';
    ck_assert(strncmp(text, "{\"runs\": 1500, \"seed\": 11, \"sweep\": ",
                      36) == 0);
    for (k = 0; k < mfk_sim_sweep_count(sw); k++) {
        mfk_body *pb;
        mfk_sim *p;
        char *plain, *rules, *end, want[64], *needle;
        double v = mfk_sim_sweep_value(sw, k), share, lo, hi, runs;
        pb = numbered_body(whole ? (size_t)v : 5, 1);
        p = two_rule_sim(pb);
        if (!whole)
            ck_assert_int_eq(mfk_sim_set_number(p, name, v, &err), MFK_OK);
        ck_assert_int_eq(mfk_sim_run(p, 11, 1500, 1), MFK_OK);
        plain = sim_json(p, two_rules, 11, 1500);
        rules = strstr(plain, "\"rules\": ");
        end = strstr(plain, ", \"paired\"");
        ck_assert(rules != NULL && end != NULL);
        *end = '\0';
        snprintf(want, sizeof want, "{\"value\": %.17g, ", v);
        needle = malloc(strlen(want) + strlen(rules) + 2);
        strcpy(needle, want);
        strcat(needle, rules);
        strcat(needle, "}");
        ck_assert_msg(strstr(text, needle) != NULL, "point %zu of %s", k,
                      spec);
        ck_assert_int_eq(mfk_sim_sweep_result(sw, k, 1, &runs, &share, &lo,
                                              &hi, NULL),
                         MFK_OK);
        {
            double ps, pl, ph;
            mfk_sim_adoption(p, 1, &ps, &pl, &ph);
            ck_assert(share == ps && lo == pl && hi == ph && runs == 1500);
        }
        free(needle);
        free(plain);
        mfk_sim_free(p);
        mfk_body_free(pb);
    }
    free(text);
    mfk_sim_sweep_free(sw);
    mfk_sim_free(s);
    mfk_body_free(b);
}

START_TEST(sweep_points_equal_plain_simulations)
{
    /* Values that %.17g prints as the JSON writer does. */
    assert_points_plain("dynamics=0:0.5:3", "dynamics", 0);
    assert_points_plain("members=3:9:3", "members", 1);
    assert_points_plain("face-saving=0.5:0:2", "face-saving", 0);
}
END_TEST

START_TEST(sweep_csv_rows)
{
    mfk_body *b = numbered_body(4, 1);
    mfk_sim *s = two_rule_sim(b);
    mfk_sim_sweep *sw = NULL;
    size_t k, len = 0, lines = 0;
    char *text, *line, want[256];
    double share, lo, hi, mr, runs;

    ck_assert_int_eq(mfk_sim_sweep_new(&sw, "spread=0:1:3", NULL, NULL),
                     MFK_OK);
    ck_assert_int_eq(mfk_sim_set_culture(s, MFK_CULTURE_GAUSSIAN, 0.1, 3),
                     MFK_OK);
    for (k = 0; k < 3; k++) {
        ck_assert_int_eq(mfk_sim_sweep_apply(sw, k, s, NULL), MFK_OK);
        ck_assert_int_eq(mfk_sim_run(s, 2, 500, 1), MFK_OK);
        ck_assert_int_eq(mfk_sim_sweep_keep(sw, k, s, two_rules, 2, 500),
                         MFK_OK);
    }
    ck_assert_int_eq(mfk_sim_sweep_write_csv(sw, NULL, NULL, 0, &len),
                     MFK_ERANGE);
    text = malloc(len + 1);
    ck_assert_int_eq(mfk_sim_sweep_write_csv(sw, NULL, text, len, &len),
                     MFK_OK);
    text[len] = '\0';
    ck_assert(strncmp(text,
                      "name,value,rule,runs,adopted,share,ci_lo,ci_hi,"
                      "mean_rounds\n",
                      59) == 0);
    for (line = text; *line; line = strchr(line, '\n') + 1)
        lines++;
    ck_assert_uint_eq(lines, 1 + 3 * 2);
    /* The last row, from the numbers the sweep kept. */
    mfk_sim_sweep_result(sw, 2, 1, &runs, &share, &lo, &hi, &mr);
    {
        char a[32], l[32], h[32], m[32], adopted[32];
        snprintf(adopted, sizeof adopted, "%.0f", share * runs);
        snprintf(want, sizeof want, "spread,1,majority,500,%s,%s,%s,%s,%s\n",
                 adopted, mfk_number_json(share, a), mfk_number_json(lo, l),
                 mfk_number_json(hi, h), mfk_number_json(mr, m));
    }
    ck_assert_str_eq(text + len - strlen(want), want);
    free(text);
    /* The chart: a whole document, a line and a band a rule. */
    ck_assert_int_eq(mfk_sim_sweep_write_svg(sw, NULL, NULL, 0, &len),
                     MFK_ERANGE);
    text = malloc(len + 1);
    ck_assert_int_eq(mfk_sim_sweep_write_svg(sw, NULL, text, len - 1, &len),
                     MFK_ERANGE);
    ck_assert_int_eq(mfk_sim_sweep_write_svg(sw, NULL, text, len, &len),
                     MFK_OK);
    text[len] = '\0';
    ck_assert(strncmp(text, "<?xml", 5) == 0);
    ck_assert(strcmp(text + len - 7, "</svg>\n") == 0);
    {
        size_t lines_n = 0, bands = 0;
        const char *q;
        for (q = text; (q = strstr(q, "<polyline")) != NULL; q++)
            lines_n++;
        for (q = text; (q = strstr(q, "<polygon")) != NULL; q++)
            bands++;
        ck_assert_uint_eq(lines_n, 2);
        ck_assert_uint_eq(bands, 2);
    }
    ck_assert(strstr(text, ">majority</text>") != NULL);
    free(text);
    /* The bars of the last point's simulation. */
    ck_assert_int_eq(mfk_sim_write_svg(s, two_rules, NULL, NULL, 0, &len),
                     MFK_ERANGE);
    ck_assert_int_eq(mfk_sim_write_svg(s, NULL, NULL, NULL, 0, &len),
                     MFK_EINVAL);
    ck_assert_int_eq(mfk_sim_sweep_write_svg(NULL, NULL, NULL, 0, &len),
                     MFK_EINVAL);
    mfk_sim_sweep_free(sw);
    mfk_sim_free(s);
    mfk_body_free(b);
}
END_TEST

START_TEST(trace_csv_rows_from_the_trace)
{
    mfk_body *b = numbered_body(4, 1);
    mfk_sim *s = two_rule_sim(b);
    size_t rs = mfk_sim_record_size(s), len = 0;
    double *rec = malloc(rs * sizeof *rec);
    double *trace = malloc(MFK_SIM_CHUNK * 2 * MFK_SIM_TRACE_FIELDS *
                           sizeof *trace);
    char *text, want[256], d[32];
    const char *row;
    const double *t;

    ck_assert_int_eq(mfk_sim_run_chunks(s, 5, 100, 0, 1, 1, rec, trace),
                     MFK_OK);
    ck_assert_int_eq(mfk_sim_write_trace_csv(s, two_rules, trace, 0, 100, 1,
                                             NULL, NULL, 0, &len),
                     MFK_ERANGE);
    text = malloc(len + 1);
    ck_assert_int_eq(mfk_sim_write_trace_csv(s, two_rules, trace, 0, 100, 1,
                                             NULL, text, len, &len),
                     MFK_OK);
    text[len] = '\0';
    {
        static const char head[] =
            "run,consensus.outcome,consensus.rounds,consensus.blockers,"
            "consensus.participants,consensus.distance,majority.outcome,"
            "majority.rounds,majority.blockers,majority.participants,"
            "majority.distance\n";
        ck_assert(strncmp(text, head, sizeof head - 1) == 0);
    }
    /* Run 7's row, from its trace. */
    t = trace + 7 * 2 * MFK_SIM_TRACE_FIELDS;
    snprintf(want, sizeof want, "\n7,%s,%.0f,%.0f,%.0f,",
             mfk_name(MFK_NAMES_OUTCOME, (int)t[0]), t[1], t[2], t[3]);
    row = strstr(text, want);
    ck_assert_ptr_nonnull(row);
    row += strlen(want);
    if (isnan(t[4]))
        ck_assert_int_eq(row[0], ',');
    else
        ck_assert(strncmp(row, mfk_number_json(t[4], d), strlen(d)) == 0);
    free(text);
    /* Without the header, numbered from first. */
    ck_assert_int_eq(mfk_sim_write_trace_csv(s, two_rules, trace, 500, 2, 0,
                                             NULL, NULL, 0, &len),
                     MFK_ERANGE);
    text = malloc(len + 1);
    ck_assert_int_eq(mfk_sim_write_trace_csv(s, two_rules, trace, 500, 2, 0,
                                             NULL, text, len, &len),
                     MFK_OK);
    text[len] = '\0';
    ck_assert(strncmp(text, "500,", 4) == 0);
    ck_assert(strstr(text, "\n501,") != NULL);
    free(text);
    ck_assert_int_eq(mfk_sim_write_trace_csv(s, two_rules, NULL, 0, 1, 1,
                                             NULL, NULL, 0, &len),
                     MFK_EINVAL);
    free(rec);
    free(trace);
    mfk_sim_free(s);
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
    tcase_add_test(tc, rejected_draws);
    tcase_add_test(tc, streams_reproducible_and_distinct);
    tcase_add_test(tc, uniform_below_normal);
    tcase_add_test(tc, wilson_known_values);
    suite_add_tcase(s, tc);
    tc = test_case("montecarlo");
    tcase_add_test(tc, same_seed_same_totals_any_threads);
    tcase_add_test(tc, uniform_draws_follow_the_stream);
    tcase_add_test(tc, settings_changed_between_runs);
    tcase_add_test(tc, kernels_equal_reference_function_by_function);
    tcase_add_test(tc, paired_comparisons_on_the_same_runs);
    tcase_add_loop_test(tc, fast_path_equals_engine, 0,
                        (int)(sizeof same_cases / sizeof same_cases[0]));
    tcase_add_test(tc, fast_path_compares_amounts_as_rules_do);
    tcase_add_test(tc, chair_choice_from_estimates);
    tcase_add_loop_test(tc, full_model_results_as_recorded, 0,
                        (int)(sizeof recorded / sizeof recorded[0]));
    tcase_add_loop_test(tc, full_model_fast_path_equals_engine_route, 0,
                        (int)(sizeof route_cases / sizeof route_cases[0]));
    tcase_add_test(tc, rules_ordered_as_theory_says);
    tcase_add_test(tc, empty_winset_never_adopts_a_change);
    tcase_add_test(tc, chair_never_proposes_status_quo);
    tcase_add_test(tc, statistics_add_up);
    tcase_add_test(tc, behaviours_change_outcomes);
    tcase_add_test(tc, dynamics_move_members_together);
    tcase_add_test(tc, argument_checks);
    tcase_add_test(tc, every_argument_checked);
    tcase_add_test(tc, thread_counts_clamped);
    tcase_add_test(tc, chairs_after_dynamics);
    tcase_add_test(tc, rule_errors_stop_the_run);
    tcase_add_test(tc, draw_allocation_failures);
    suite_add_tcase(s, tc);
    tc = test_case("sweeps");
    tcase_add_test(tc, parameters_by_name_equal_the_setters);
    tcase_add_test(tc, members_and_dims_without_a_new_simulation);
    tcase_add_test(tc, sweep_values_and_errors);
    tcase_add_test(tc, sweep_points_equal_plain_simulations);
    tcase_add_test(tc, sweep_csv_rows);
    tcase_add_test(tc, trace_csv_rows_from_the_trace);
    suite_add_tcase(s, tc);
    tc = test_case("memory");
    tcase_add_test(tc, allocation_failures);
    tcase_add_test(tc, memory_does_not_grow_with_runs);
    tcase_add_test(tc, externality_bounds_flexible);
    tcase_add_test(tc, absence_in_one_round);
    tcase_add_test(tc, indifference_leaves_consensus);
    tcase_add_test(tc, user_stance_model);
    suite_add_tcase(s, tc);
    return s;
}
