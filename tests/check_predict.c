/* Predictions: the models by hand-worked cases and by their properties,
 * the exchange model against the reference program's traces
 * (tests/data/exchange/, README there), the tables' reader, and the
 * issues of a scenario. */
#include "tests.h"

#include "analysis/analysis-private.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* A body of n members on d issues: positions x, saliences s, capabilities
 * c (n * d each, member-major; c NULL: weights 1). */
static mfk_body *issue_body(size_t n, unsigned d, const double *x,
                            const double *s, const double *c)
{
    mfk_body *b = NULL;
    size_t i;
    char id[24];
    ck_assert_int_eq(mfk_body_new(&b, "negotiation", d, NULL), MFK_OK);
    for (i = 0; i < n; i++) {
        snprintf(id, sizeof id, "M%zu", i);
        ck_assert_int_eq(mfk_body_add_member(b, id, id, NULL), MFK_OK);
        ck_assert_int_eq(mfk_body_set_ideal(b, i, &x[i * d]), MFK_OK);
        ck_assert_int_eq(mfk_body_set_salience(b, i, &s[i * d]), MFK_OK);
        if (c != NULL)
            ck_assert_int_eq(mfk_body_set_capability(b, i, &c[i * d]),
                             MFK_OK);
    }
    return b;
}

static double outcome1(const mfk_body *b, mfk_predict_model m,
                       const double *sq)
{
    mfk_prediction *p;
    double v;
    ck_assert_int_eq(mfk_predict(&p, b, m, sq, 10, NULL), MFK_OK);
    v = mfk_prediction_outcome(p)[0];
    mfk_prediction_free(p);
    return v;
}

START_TEST(two_members_one_issue)
{
    const double x[] = {0, 100}, s[] = {1, 1}, c[] = {1, 3};
    mfk_body *b = issue_body(2, 1, x, s, c);
    double sq = 100;
    /* compromise: (0 * 1 + 100 * 3) / 4 */
    ck_assert_double_eq_tol(outcome1(b, MFK_PREDICT_COMPROMISE, NULL), 75,
                            1e-12);
    /* median: weight 1 at 0 is short of half of 4; 100 reaches it */
    ck_assert_double_eq(outcome1(b, MFK_PREDICT_MEDIAN, NULL), 100);
    /* with the status quo at 100 only M0 gains by a move: no point both
     * prefer, so the status quo */
    ck_assert_double_eq(outcome1(b, MFK_PREDICT_NBS, &sq), 100);
    mfk_body_free(b);
}
END_TEST

START_TEST(symmetric_cases)
{
    const double x[] = {20, 80}, s[] = {1, 1};
    const double x2[] = {20, 40}, s2[] = {1, 1};
    mfk_body *b = issue_body(2, 1, x, s, NULL);
    mfk_body *b2 = issue_body(2, 1, x2, s2, NULL);
    double sq = 100;
    ck_assert_double_eq_tol(outcome1(b, MFK_PREDICT_COMPROMISE, NULL), 50,
                            1e-12);
    /* equal weights: the first member's position already holds half */
    ck_assert_double_eq(outcome1(b, MFK_PREDICT_MEDIAN, NULL), 20);
    /* both prefer everything from 40 down to 20 over 100 (less than 180
     * and 60 away): gains (100-20)^2-(x-20)^2 and (100-40)^2-(x-40)^2,
     * whose product is greatest, by its derivative, where
     * (x-20)(3600-(x-40)^2) + (x-40)(6400-(x-20)^2) = 0 */
    {
        double v = outcome1(b2, MFK_PREDICT_NBS, &sq), lo = 20, hi = 40;
        int it;
        for (it = 0; it < 200; it++) {
            double m = (lo + hi) / 2;
            double f = (m - 20) * (3600 - (m - 40) * (m - 40)) +
                       (m - 40) * (6400 - (m - 20) * (m - 20));
            if (f > 0)
                hi = m;
            else
                lo = m;
        }
        ck_assert_double_eq_tol(v, lo, 1e-7);
    }
    mfk_body_free(b);
    mfk_body_free(b2);
}
END_TEST

/* M0 cares about issue 1, M1 about issue 2; they stand apart on both:
 * M0 gives way on issue 2 and M1 on issue 1, both gaining. */
START_TEST(exchange_clearly_gains)
{
    const double x[] = {0, 0, 100, 100}, s[] = {0.9, 0.1, 0.1, 0.9};
    mfk_body *b = issue_body(2, 2, x, s, NULL);
    mfk_prediction *p;
    const mfk_exchange *e;
    ck_assert_int_eq(mfk_predict(&p, b, MFK_PREDICT_EXCHANGE, NULL, 1, NULL),
                     MFK_OK);
    ck_assert_uint_eq(mfk_prediction_rounds(p), 1);
    ck_assert_uint_eq(mfk_prediction_exchange_count(p, 0), 1);
    e = mfk_prediction_exchange(p, 0, 0);
    /* I, who supplies issue 2 and demands issue 1, cares relatively more
     * about issue 1: M0 */
    ck_assert_uint_eq(e->i, 0);
    ck_assert_uint_eq(e->j, 1);
    ck_assert_uint_eq(e->p, 0);
    ck_assert_uint_eq(e->q, 1);
    ck_assert(e->gain > 0);
    ck_assert(e->i_move > 0); /* M0 moves up on issue 2 */
    ck_assert(e->j_move < 0); /* M1 down on issue 1 */
    /* the outcomes start at (0 * 0.9 + 100 * 0.1) / 1 = 10 and
     * (0 * 0.1 + 100 * 0.9) / 1 = 90. M1 moving fully onto M0's 0 on
     * issue 1 shifts its outcome by 100 * 0.1 / 1 = 10; by equal gain,
     * 10 * (0.1 + 0.9) = dq * (0.9 + 0.1), issue 2's shifts by 10 too,
     * which M0 makes by moving 10 / 0.1 = 100, fully onto M1's 100. Each
     * gains 10 * 0.9 - 10 * 0.1 = 8. */
    ck_assert_double_eq_tol(mfk_prediction_round_start(p, 0)[0], 10, 1e-12);
    ck_assert_double_eq_tol(mfk_prediction_round_start(p, 0)[1], 90, 1e-12);
    ck_assert_double_eq_tol(e->j_move, -100, 1e-12);
    ck_assert_double_eq_tol(e->i_move, 100, 1e-12);
    ck_assert_double_eq_tol(e->gain, 8, 1e-12);
    ck_assert_double_eq_tol(mfk_prediction_round_outcome(p, 0)[0], 0, 1e-12);
    ck_assert_double_eq_tol(mfk_prediction_round_outcome(p, 0)[1], 100,
                            1e-12);
    mfk_prediction_free(p);
    mfk_body_free(b);
}
END_TEST

static unsigned long long rng_state = 88172645463325252ULL;
static double uniform(void)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return (double)(rng_state >> 11) / 9007199254740992.0;
}

/* Random bodies: compromise and median within the positions' range; the
 * Nash solution preferred by every member to the status quo and
 * Pareto-optimal (no small step makes every member better off); every
 * exchange gains. */
START_TEST(properties)
{
    int trial;
    for (trial = 0; trial < 60; trial++) {
        size_t n = 2 + (size_t)(uniform() * 7), i;
        unsigned d = 1 + (unsigned)(uniform() * 3), k, r;
        double x[9 * 3], s[9 * 3], c[9 * 3], sq[3], lo[3], hi[3];
        mfk_body *b;
        mfk_prediction *p;
        for (i = 0; i < n * d; i++) {
            x[i] = floor(uniform() * 101);
            s[i] = 0.05 + floor(uniform() * 20) / 20;
            c[i] = 0.1 + floor(uniform() * 10) / 10;
        }
        for (k = 0; k < d; k++) {
            lo[k] = 100;
            hi[k] = 0;
            for (i = 0; i < n; i++) {
                lo[k] = fmin(lo[k], x[i * d + k]);
                hi[k] = fmax(hi[k], x[i * d + k]);
            }
            sq[k] = floor(uniform() * 101);
        }
        b = issue_body(n, d, x, s, c);
        ck_assert_int_eq(
            mfk_predict(&p, b, MFK_PREDICT_COMPROMISE, NULL, 1, NULL), MFK_OK);
        for (k = 0; k < d; k++) {
            ck_assert(mfk_prediction_outcome(p)[k] >= lo[k] - 1e-9);
            ck_assert(mfk_prediction_outcome(p)[k] <= hi[k] + 1e-9);
        }
        mfk_prediction_free(p);
        ck_assert_int_eq(mfk_predict(&p, b, MFK_PREDICT_MEDIAN, NULL, 1, NULL),
                         MFK_OK);
        for (k = 0; k < d; k++) {
            double m = mfk_prediction_outcome(p)[k];
            int found = 0;
            for (i = 0; i < n; i++)
                found |= m == x[i * d + k];
            ck_assert(found && m >= lo[k] && m <= hi[k]);
        }
        mfk_prediction_free(p);
        ck_assert_int_eq(mfk_predict(&p, b, MFK_PREDICT_NBS, sq, 1, NULL),
                         MFK_OK);
        {
            const double *o = mfk_prediction_outcome(p);
            double u0[9], u1[9];
            int same = 1, dir;
            for (k = 0; k < d; k++)
                same &= o[k] == sq[k];
            for (i = 0; i < n; i++) {
                u0[i] = u1[i] = 0;
                for (k = 0; k < d; k++) {
                    u0[i] -= s[i * d + k] * pow(sq[k] - x[i * d + k], 2);
                    u1[i] -= s[i * d + k] * pow(o[k] - x[i * d + k], 2);
                }
                if (!same)
                    ck_assert(u1[i] > u0[i]);
            }
            /* Pareto: no step of 1e-3 along a random direction helps all */
            for (dir = 0; !same && dir < 200; dir++) {
                double y[3], all = 1;
                for (k = 0; k < d; k++)
                    y[k] = o[k] + 1e-3 * (2 * uniform() - 1);
                for (i = 0; i < n && all; i++) {
                    double u = 0;
                    for (k = 0; k < d; k++)
                        u -= s[i * d + k] * pow(y[k] - x[i * d + k], 2);
                    all = u > u1[i] + 1e-12;
                }
                ck_assert(!all);
            }
        }
        mfk_prediction_free(p);
        ck_assert_int_eq(
            mfk_predict(&p, b, MFK_PREDICT_EXCHANGE, NULL, 3, NULL), MFK_OK);
        for (r = 0; r < 3; r++)
            for (i = 0; i < mfk_prediction_exchange_count(p, r); i++) {
                const mfk_exchange *e = mfk_prediction_exchange(p, r, i);
                ck_assert(e->gain > 0);
                ck_assert(e->i != e->j && e->p < e->q);
            }
        mfk_prediction_free(p);
        mfk_body_free(b);
    }
}
END_TEST

/* ---- the reference program's traces ------------------------------------ */

/* Splits a CSV line (no quotes in these files) into at most max fields. */
static size_t fields(char *line, char **f, size_t max)
{
    size_t n = 0;
    char *p = line;
    line[strcspn(line, "\r\n")] = '\0';
    while (n < max) {
        f[n++] = p;
        p = strchr(p, ',');
        if (p == NULL)
            break;
        *p++ = '\0';
    }
    return n;
}

static size_t against_traces(const char *input, const char *stem)
{
    char path[512], line[4096], *f[40];
    mfk_scenario *sc;
    mfk_prediction *p;
    mfk_error err;
    mfk_body *b;
    FILE *fp;
    unsigned r, k;
    size_t seq, total = 0;

    snprintf(path, sizeof path, "%s/exchange/%s", MFK_TEST_DATA, input);
    ck_assert_int_eq(mfk_scenario_read_file(&sc, path, NULL, &err), MFK_OK);
    b = mfk_scenario_body(sc);
    /* 11 rounds: the traces end with the outcome at the start of an 11th,
     * the preferences after the 10th */
    ck_assert_int_eq(mfk_predict(&p, b, MFK_PREDICT_EXCHANGE, NULL, 11, NULL),
                     MFK_OK);
    /* round,seq,p,q,groups,gain,i_actor,...,j_actor at 18 */
    snprintf(path, sizeof path, "%s/exchange/%s.exchanges.csv", MFK_TEST_DATA,
             stem);
    ck_assert_ptr_nonnull(fp = fopen(path, "r"));
    ck_assert_ptr_nonnull(fgets(line, sizeof line, fp));
    while (fgets(line, sizeof line, fp) != NULL) {
        const mfk_exchange *e;
        ck_assert_uint_ge(fields(line, f, 40), 19);
        r = (unsigned)atoi(f[0]) - 1;
        seq = (size_t)atoi(f[1]) - 1;
        ck_assert_ptr_nonnull(e = mfk_prediction_exchange(p, r, seq));
        ck_assert_str_eq(mfk_body_dimension_name(b, e->p), f[2]);
        ck_assert_str_eq(mfk_body_dimension_name(b, e->q), f[3]);
        ck_assert_str_eq(mfk_body_member_id(b, e->i), f[6]);
        ck_assert_str_eq(mfk_body_member_id(b, e->j), f[18]);
        ck_assert_double_eq_tol(e->gain, strtod(f[5], NULL), 1e-9);
        total++;
    }
    fclose(fp);
    for (r = 0, seq = 0; r < 10; r++)
        seq += mfk_prediction_exchange_count(p, r);
    ck_assert_uint_eq(seq, total);
    /* round,issue,start,end,... */
    snprintf(path, sizeof path, "%s/exchange/%s.outcomes.csv", MFK_TEST_DATA,
             stem);
    ck_assert_ptr_nonnull(fp = fopen(path, "r"));
    ck_assert_ptr_nonnull(fgets(line, sizeof line, fp));
    seq = 0;
    while (fgets(line, sizeof line, fp) != NULL) {
        ck_assert_uint_ge(fields(line, f, 40), 4);
        r = (unsigned)atoi(f[0]) - 1;
        for (k = 0; k < mfk_body_dims(b); k++)
            if (strcmp(mfk_body_dimension_name(b, k), f[1]) == 0)
                break;
        ck_assert_uint_lt(k, mfk_body_dims(b));
        ck_assert_double_eq_tol(mfk_prediction_round_start(p, r)[k],
                                strtod(f[2], NULL), 1e-9);
        if (r < 10)
            ck_assert_double_eq_tol(mfk_prediction_round_outcome(p, r)[k],
                                    strtod(f[3], NULL), 1e-9);
        else
            ck_assert_str_eq(f[3], "");
        seq++;
    }
    fclose(fp);
    ck_assert_uint_eq(seq, 11 * mfk_body_dims(b));
    mfk_prediction_free(p);
    mfk_scenario_free(sc);
    return total;
}

/* Each holds every exchange of the reference's trace (their number, the
 * lines of *.exchanges.csv) and every outcome. */
START_TEST(trace_cop21)
{
    ck_assert_uint_eq(against_traces("cop21.csv", "cop21"), 1309);
}
END_TEST
START_TEST(trace_copenhagen)
{
    ck_assert_uint_eq(against_traces("copenhagen.csv", "copenhagen"), 450);
}
END_TEST
START_TEST(trace_sample)
{
    ck_assert_uint_eq(against_traces("sample_data.txt", "sample_data"), 366);
}
END_TEST

/* The exchange model out of memory at each of its allocations in turn
 * (the candidates, their moves and updates, the list and its merges):
 * MFK_ENOMEM and nothing left live, every time. Three rounds on the
 * municipal example. */
static mfk_prediction *walk_prediction;

static int exchange_walk_fn(void *ud, const mfk_allocator *alloc)
{
    return mfk_predict(&walk_prediction, ud, MFK_PREDICT_EXCHANGE, NULL, 3,
                       alloc);
}

static void exchange_walk_cleanup(void *ud)
{
    (void)ud;
    mfk_prediction_free(walk_prediction);
    walk_prediction = NULL;
}

START_TEST(exchange_out_of_memory)
{
    char path[512];
    mfk_scenario *sc;
    mfk_error err;
    snprintf(path, sizeof path, "%s/exchange/sample_data.txt", MFK_TEST_DATA);
    ck_assert_int_eq(mfk_scenario_read_file(&sc, path, NULL, &err), MFK_OK);
    ck_assert_uint_gt(test_alloc_walk(exchange_walk_fn, exchange_walk_cleanup,
                                      mfk_scenario_body(sc)),
                      20);
    mfk_scenario_free(sc);
}
END_TEST

/* ---- the decimal arithmetic ---------------------------------------- */

/* Values whose digits Python's decimal module gives (python3 -c "from
 * decimal import Decimal as D; print(D(2) / D(3))" and so on): rounding
 * half to even at the 28th digit, exact constants, carries. */
START_TEST(decimal_cases)
{
    static const struct {
        char op;
        const char *a, *b, *want;
    } cases[] = {
        {'/', "2", "3", "6666666666666666666666666667E-28"},
        {'/', "1", "7", "1428571428571428571428571429E-28"},
        {'/', "-1", "7", "-1428571428571428571428571429E-28"},
        {'/', "100", "6.5", "1538461538461538461538461538E-26"},
        {'+', "9999999999999999999999999999", "0.5", "1000000000000000000000000000E1"},
        {'+', "9999999999999999999999999998", "0.5", "9999999999999999999999999998E0"},
        {'+', "9999999999999999999999999999", "-0.5", "9999999999999999999999999998E0"},
        {'*', "1.234567890123456789012345678", "9.876543210987654321098765432", "1219326311370217952261850326E-26"},
        {'-', "0.1", "0.1000000000000000055511151231257827021181583404541015625", "-5551115123125782702118158340E-45"},
        {'*', "0.40000000000000002220446049250313080847263336181640625", "0.95", "3800000000000000210942374679E-28"},
        {'+', "1E-30", "1", "1000000000000000000000000000E-27"},
        {'+', "5E-28", "1", "1000000000000000000000000000E-27"},
        {'+', "15E-28", "1", "1000000000000000000000000002E-27"},
        {'/', "1", "3E+50", "3333333333333333333333333333E-78"},
    };
    mfk__decctx ctx;
    mfk__dec a, b, r, w;
    size_t i;
    mfk__decctx_init(&ctx);
    mfk__dec_init(&a);
    mfk__dec_init(&b);
    mfk__dec_init(&r);
    mfk__dec_init(&w);
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        ck_assert_int_eq(mfk__dec_set_str(&a, cases[i].a), MFK_OK);
        ck_assert_int_eq(mfk__dec_set_str(&b, cases[i].b), MFK_OK);
        ck_assert_int_eq(mfk__dec_set_str(&w, cases[i].want), MFK_OK);
        switch (cases[i].op) {
        case '+':
            mfk__dec_add(&ctx, &r, &a, &b);
            break;
        case '-':
            mfk__dec_sub(&ctx, &r, &a, &b);
            break;
        case '*':
            mfk__dec_mul(&ctx, &r, &a, &b);
            break;
        default:
            ck_assert_int_eq(mfk__dec_div(&ctx, &r, &a, &b), MFK_OK);
        }
        ck_assert_msg(mfk__dec_cmp(&ctx, &r, &w) == 0, "case %zu", i);
    }
    /* the exchange model's threshold: below the double 1e-10, its next
     * 28-digit number above it */
    ck_assert_int_eq(mfk__dec_set_str(&a, MFK__EPS10_BELOW), MFK_OK);
    mfk__dec_set_double_exact(&w, 1e-10);
    ck_assert_int_lt(mfk__dec_cmp(&ctx, &a, &w), 0);
    ck_assert_int_eq(mfk__dec_set_str(&b, "1E-37"), MFK_OK);
    mfk__dec_add(&ctx, &r, &a, &b);
    ck_assert_int_gt(mfk__dec_cmp(&ctx, &r, &w), 0);
    mfk__dec_set_si(&b, 0);
    ck_assert_int_eq(mfk__dec_div(&ctx, &r, &a, &b), MFK_ERANGE);
    mfk__dec_clear(&a);
    mfk__dec_clear(&b);
    mfk__dec_clear(&r);
    mfk__dec_clear(&w);
    mfk__decctx_clear(&ctx);
}
END_TEST

/* The quick value of a number (mfk__dec_approx: a coefficient of up to
 * 128 bits times a table of powers of ten, pow() beyond it, GMP for
 * exact constants) within 1e-15 of the exact one, at the table's ends
 * and past them, for both signs and both kinds of number. */
START_TEST(decimal_approx)
{
    static const char *const cases[] = {
        "1", "-1", "0", "9999999999999999999999999999",
        "-9999999999999999999999999999E-64", "1234567890123456789E-65",
        "3E64", "-7E65", "340282366920938463463374607431768211455",
        "18446744073709551616E-30", "18446744073709551615E-30",
        "1000000000000000036432197315E-37", "5E-300", "-2.5E300",
        "123456789012345678901234567890123456789012345678901234567E-80"};
    mfk__dec a;
    size_t i;
    mfk__dec_init(&a);
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        double want = strtod(cases[i], NULL), got;
        ck_assert_int_eq(mfk__dec_set_str(&a, cases[i]), MFK_OK);
        got = mfk__dec_approx(&a);
        ck_assert_msg(fabs(got - want) <= 1e-15 * fabs(want), "%s: %.17g",
                      cases[i], got);
    }
    mfk__dec_set_double_exact(&a, 0.4);
    ck_assert(a.big);
    ck_assert_msg(fabs(mfk__dec_approx(&a) - 0.4) <= 1e-16, "0.4");
    mfk__dec_clear(&a);
}
END_TEST

/* Comparisons, the inline one of two small numbers and the general one
 * of a big (an exact constant of 53 digits) and a small: the same value
 * at other exponents, the same leading place, signs, zeros and the
 * widest coefficients. */
START_TEST(decimal_compare)
{
    static const struct { const char *a, *b; int want; } cases[] = {
        {"0", "0", 0}, {"0", "-0", 0}, {"0", "1E-300", -1},
        {"-1E-300", "0", -1}, {"1", "10E-1", 0}, {"-1", "-10E-1", 0},
        {"5", "-5", 1}, {"-5", "5", -1}, {"12", "13", -1},
        {"-12", "-13", 1}, {"99", "1E2", -1}, {"-99", "-1E2", 1},
        {"123E-2", "1231E-3", -1}, {"1231E-3", "123E-2", 1},
        {"9999999999999999999999999999", "1E28", -1},
        {"1000000000000000000000000000E-27", "1", 0},
        {"99999999999999999999999999999999999999E-37", "10", -1},
        {"10000000000000000000000000000000000000E-37", "1", 0},
        {"1E-10", "1000000000000000036432197315E-37", -1},
        {"40000000000000002220446049250313080847263336181640625E-53",
         "4E-1", 1},
        {"-4E-1",
         "-40000000000000002220446049250313080847263336181640625E-53", 1},
        {"40000000000000002220446049250313080847263336181640625E-53",
         "40000000000000002220446049250313080847263336181640625E-53", 0}};
    mfk__decctx ctx;
    mfk__dec a, b;
    size_t i;
    mfk__decctx_init(&ctx);
    mfk__dec_init(&a);
    mfk__dec_init(&b);
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        ck_assert_int_eq(mfk__dec_set_str(&a, cases[i].a), MFK_OK);
        ck_assert_int_eq(mfk__dec_set_str(&b, cases[i].b), MFK_OK);
        ck_assert_msg(mfk__dec_cmp(&ctx, &a, &b) == cases[i].want &&
                          mfk__dec_cmp(&ctx, &b, &a) == -cases[i].want,
                      "%s <=> %s", cases[i].a, cases[i].b);
    }
    mfk__dec_clear(&a);
    mfk__dec_clear(&b);
    mfk__decctx_clear(&ctx);
}
END_TEST

/* Random digits into digs: nd of them, the first not 0. */
static void random_digits(char *digs, int nd)
{
    int j;
    for (j = 0; j < nd; j++)
        digs[j] = (char)('0' + (int)(uniform() * 10));
    digs[0] = (char)('1' + (int)(uniform() * 9));
    digs[nd] = '\0';
}

/* A number's double (mfk__dec_get_d: extended precision where it tells,
 * a string and strtod where it does not) against strtod of its digits:
 * numbers of 1 to 38 digits at exponents from -30 to 30 (the fast way's
 * limits, 27, and beyond), exactly half way between two doubles, and a
 * last digit off half way. */
START_TEST(decimal_get_d)
{
    static const char *const cases[] = {
        "9007199254740993", "-9007199254740993", "9007199254740995",
        "900719925474099300000000000001E-14",
        "900719925474099299999999999999E-14", "9007199254740993E-27",
        "9007199254740993E27", "9007199254740993E28", "9007199254740993E-28",
        "18014398509481985", "1E23", "8E-300", "17976931348623157E292",
        "4503599627370497E-52", "1000000000000000036432197315E-37"};
    mfk__dec a;
    char s[96], digs[48];
    size_t i;
    mfk__dec_init(&a);
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        ck_assert_int_eq(mfk__dec_set_str(&a, cases[i]), MFK_OK);
        ck_assert_msg(mfk__dec_get_d(&a) == strtod(cases[i], NULL), "%s",
                      cases[i]);
    }
    for (i = 0; i < 20000; i++) {
        int nd = 1 + (int)(uniform() * 38), e = (int)(uniform() * 61) - 30;
        random_digits(digs, nd);
        snprintf(s, sizeof s, "%s%sE%d", uniform() < 0.3 ? "-" : "", digs, e);
        ck_assert_int_eq(mfk__dec_set_str(&a, s), MFK_OK);
        ck_assert_msg(mfk__dec_get_d(&a) == strtod(s, NULL), "%s", s);
    }
    mfk__dec_clear(&a);
}
END_TEST

/* Operands for the test below, into as and bs (80 bytes each), for
 * operation op: mostly random, of 1 to 40 digits (a third exactly 28, as
 * the model's results are) and exponents from -40 to 10 (one in eight from
 * -400 to 400: exponents far apart), with runs of 9s and 0s (carries),
 * zeros and signs; quotients of 28 to 31 digits over a divisor of one
 * word (the quick division); and operands built so that the exact result
 * lies exactly half way between two 28-digit numbers (ties). */
static void decimal_operands(char op, char *as, char *bs)
{
    char digs[2][48];
    const char *sign[2];
    int ex[2], k, nd, j;
    double u = uniform();

    for (k = 0; k < 2; k++) {
        nd = uniform() < 0.35 ? 28 : 1 + (int)(uniform() * 40);
        random_digits(digs[k], nd);
        if (uniform() < 0.3) /* runs of 9s and 0s: carries, ties */
            for (j = nd / 2 > 0 ? nd / 2 : 1; j < nd; j++)
                digs[k][j] = uniform() < 0.5 ? '9' : '0';
        sign[k] = uniform() < 0.3 ? "-" : "";
        ex[k] = uniform() < 0.125 ? -400 + (int)(uniform() * 801)
                                  : -40 + (int)(uniform() * 51);
    }
    if (u < 0.04 && op != '/') {
        strcpy(digs[0], "0");
    } else if (u < 0.08) {
        strcpy(digs[1], "0");
        if (op == '/')
            strcpy(digs[1], "1");
    } else if (u < 0.2 && (op == '+' || op == '-')) {
        /* a of 28 digits and b half its last place */
        random_digits(digs[0], 28);
        strcpy(digs[1], "5");
        ex[1] = ex[0] - 1;
    } else if (u < 0.2 && op == '*') {
        /* a = c 5^28, b = o 2^27, c and o odd: the product c o 5 10^27,
         * c o 5 of 29 digits, cut at 28 digits exactly half way */
        unsigned __int128 v[2], c, o;
        char t[48];
        c = 100000001 + 2 * (unsigned __int128)(uniform() * 8e7);
        o = (unsigned __int128)2000000000000000000ULL * 10 + 1 + 2 * (unsigned __int128)(uniform() * 2.5e19);
        v[0] = c * ((unsigned __int128)3725290298461914062ULL * 10 + 5);
        v[1] = o << 27;
        for (k = 0; k < 2; k++) {
            int n = 0;
            do {
                t[n++] = (char)('0' + (int)(v[k] % 10));
                v[k] /= 10;
            } while (v[k] != 0);
            for (j = 0; j < n; j++)
                digs[k][j] = t[n - 1 - j];
            digs[k][n] = '\0';
        }
    } else if (u < 0.14 && op == '/') {
        /* a of 28 to 31 digits over b of one word (1 to 19 digits): the
         * quotient of 28 digits at once, at every shift */
        random_digits(digs[0], 28 + (int)(uniform() * 4));
        random_digits(digs[1], 1 + (int)(uniform() * 19));
    } else if (u < 0.2 && op == '/') {
        /* an odd a of 28 digits, led by 1, over 2: 29 digits, the last 5 */
        random_digits(digs[0], 28);
        digs[0][0] = '1';
        digs[0][27] = (char)('1' + 2 * (int)(uniform() * 5));
        strcpy(digs[1], "2");
    }
    snprintf(as, 80, "%s%sE%d", sign[0], digs[0], ex[0]);
    snprintf(bs, 80, "%s%sE%d", sign[1], digs[1], ex[1]);
}

/* Random operations, held to /usr/bin/python3's decimal module (default
 * context: 28 digits, half to even; its exponents reach -999999, so none
 * here is subnormal): the operands of decimal_operands; skipped without
 * that Python. */
START_TEST(decimal_python)
{
    static const char *const script =
        "import sys\n"
        "from decimal import Decimal as D, getcontext\n"
        "c = getcontext()\n"
        "bad = 0\n"
        "for line in open(sys.argv[1]):\n"
        "    op, a, b, r = line.split()\n"
        "    a, b = D(a), D(b)\n"
        "    w = {'+': c.add, '-': c.subtract, '*': c.multiply,\n"
        "         '/': c.divide}[op](a, b)\n"
        "    if w != D(r):\n"
        "        bad += 1\n"
        "        print(op, a, b, r, w)\n"
        "sys.exit(1 if bad else 0)\n";
    char path[] = "/tmp/mufakat-decimal-XXXXXX", spath[64], cmd[256];
    char as[80], bs[80], rs[96];
    mfk__decctx ctx;
    mfk__dec a, b, r;
    FILE *f;
    int fd, i, k;

    if (access("/usr/bin/python3", X_OK) != 0)
        return;
    ck_assert_int_ge(fd = mkstemp(path), 0);
    ck_assert_ptr_nonnull(f = fdopen(fd, "w"));
    mfk__decctx_init(&ctx);
    mfk__dec_init(&a);
    mfk__dec_init(&b);
    mfk__dec_init(&r);
    for (i = 0; i < 60000; i++) {
        char op = "+-*/"[i % 4];
        decimal_operands(op, as, bs);
        ck_assert_int_eq(mfk__dec_set_str(&a, as), MFK_OK);
        ck_assert_int_eq(mfk__dec_set_str(&b, bs), MFK_OK);
        switch (op) {
        case '+':
            mfk__dec_add(&ctx, &r, &a, &b);
            break;
        case '-':
            mfk__dec_sub(&ctx, &r, &a, &b);
            break;
        case '*':
            mfk__dec_mul(&ctx, &r, &a, &b);
            break;
        default:
            ck_assert_int_eq(mfk__dec_div(&ctx, &r, &a, &b), MFK_OK);
        }
        mfk__dec_get_str(&r, rs, sizeof rs);
        fprintf(f, "%c %s %s %s\n", op, as, bs, rs);
    }
    ck_assert_int_eq(fclose(f), 0);
    snprintf(spath, sizeof spath, "%s.py", path);
    ck_assert_ptr_nonnull(f = fopen(spath, "w"));
    fputs(script, f);
    ck_assert_int_eq(fclose(f), 0);
    snprintf(cmd, sizeof cmd, "/usr/bin/python3 %s %s", spath, path);
    k = system(cmd);
    unlink(path);
    unlink(spath);
    mfk__dec_clear(&a);
    mfk__dec_clear(&b);
    mfk__dec_clear(&r);
    mfk__decctx_clear(&ctx);
    ck_assert_int_eq(k, 0);
}
END_TEST

/* ---- tables and scenarios ------------------------------------------ */

static void table_error(const char *text, const char *want)
{
    mfk_scenario *s;
    mfk_error err;
    ck_assert_int_eq(
        mfk_scenario_read_table(&s, text, strlen(text), NULL, &err),
        MFK_EFORMAT);
    ck_assert_ptr_null(s);
    ck_assert_msg(strstr(err.message, want) != NULL, "%s", err.message);
}

START_TEST(table_reader)
{
    const char *ok = "'#A'\t'a'\t'Alpha'\n'#A'\t'b'\t'Beta'\n"
                     "'#P'\t'x'\t'X'\n'#M'\t'x'\t1\n'#M'\t'x'\t5\n"
                     "'#P'\t'y'\t'Y'\n"
                     "'#D'\t'b'\t'x'\t5\t0.5\t1\n'#D'\t'a'\t'x'\t1\t0.9\t2\n"
                     "'#D'\t'a'\t'y'\t70\t0.4\t1\n";
    mfk_scenario *s;
    mfk_body *b;
    mfk_error err;
    double lo, hi;
    ck_assert_int_eq(mfk_scenario_read_table(&s, ok, strlen(ok), NULL, &err),
                     MFK_OK);
    b = mfk_scenario_body(s);
    ck_assert_uint_eq(mfk_body_member_count(b), 2);
    ck_assert_uint_eq(mfk_body_dims(b), 2);
    ck_assert_str_eq(mfk_body_member_name(b, 0), "Alpha");
    ck_assert_str_eq(mfk_body_dimension_name(b, 1), "y");
    mfk_body_scale(b, 0, &lo, &hi);
    ck_assert(lo == 1 && hi == 5);
    mfk_body_scale(b, 1, &lo, &hi);
    ck_assert(lo == 0 && hi == 100);
    ck_assert(mfk_body_member_capability(b, 0)[0] == 2);
    ck_assert(mfk_body_member_salience(b, 1)[1] == 0); /* no row: no part */
    /* x counts b first, as its rows do */
    ck_assert_uint_eq(b->dim_order[0], 1);
    mfk_scenario_free(s);
    table_error("'#A'\t'a'\n'#P'\t'x'\n'#D'\t'a'\t'x'\tfive\t1\t1\n",
                "line 3, field 4 (position): expected a number");
    table_error("'#A'\t'a'\n'#P'\t'x'\n'#D'\t'z'\t'x'\t5\t1\t1\n",
                "line 3, field 2 (actor): unknown actor \"z\"");
    table_error("'#A'\t'a'\n'#P'\t'x'\n'#D'\t'a'\t'w'\t5\t1\t1\n",
                "line 3, field 3 (issue): unknown issue \"w\"");
    table_error("'#A'\t'a'\n'#P'\t'x'\n'#D'\t'a'\t'x'\t5\t101\t1\n",
                "line 3, field 5 (salience): expected 0 to 100");
    table_error("'#A'\t'a'\n'#P'\t'x'\n'#M'\t'x'\t0\n'#M'\t'x'\t10\n"
                "'#D'\t'a'\t'x'\t50\t1\t1\n",
                "line 5, field 4 (position): 50 is outside");
    table_error("'#A'\t'a'\n'#Q'\t'x'\n", "line 2, field 1 (kind)");
}
END_TEST

START_TEST(scenario_issues)
{
    const char *text =
        "{\"mufakat\": 1, \"body\": {\"name\": \"B\","
        " \"dimensions\": [\"trade\", \"sea\"],"
        " \"scales\": [[0, 10], [0, 100]],"
        " \"members\": [{\"id\": \"A\", \"ideal\": [2, 30],"
        " \"capability\": [3, 1]}, {\"id\": \"B\", \"ideal\": [8, 90]}]},"
        " \"proposals\": []}";
    mfk_scenario *s, *s2;
    mfk_error err;
    char buf[8192];
    size_t len;
    double lo, hi;
    ck_assert_msg(mfk_scenario_read_json(&s, text, strlen(text), NULL,
                                         &err) == MFK_OK,
                  "%s: %s", err.pointer, err.message);
    ck_assert_str_eq(mfk_body_dimension_name(mfk_scenario_body(s), 0),
                     "trade");
    mfk_body_scale(mfk_scenario_body(s), 0, &lo, &hi);
    ck_assert(lo == 0 && hi == 10);
    ck_assert(mfk_body_member_capability(mfk_scenario_body(s), 0)[0] == 3);
    ck_assert_ptr_null(mfk_body_member_capability(mfk_scenario_body(s), 1));
    /* what is written reads back */
    ck_assert_int_eq(mfk_scenario_write_json(s, buf, sizeof buf, &len),
                     MFK_OK);
    ck_assert_ptr_nonnull(strstr(buf, "\"dimensions\""));
    ck_assert_int_eq(mfk_scenario_read_json(&s2, buf, len, NULL, &err),
                     MFK_OK);
    ck_assert_str_eq(mfk_body_dimension_name(mfk_scenario_body(s2), 1),
                     "sea");
    mfk_scenario_free(s2);
    mfk_scenario_free(s);
    text = "{\"mufakat\": 1, \"body\": {\"name\": \"B\","
           " \"dimensions\": [\"a\", \"a\"],"
           " \"members\": [{\"id\": \"A\"}]}, \"proposals\": []}";
    ck_assert_int_eq(mfk_scenario_read_json(&s, text, strlen(text), NULL,
                                            &err), MFK_EFORMAT);
    ck_assert_str_eq(err.pointer, "/body/dimensions/1");
}
END_TEST

/* The chart of `predict --svg`: a whole document, an issue a row, a
 * mark a model, the legend; refused for predictions of another body. */
START_TEST(chart_as_svg)
{
    const double x[] = {0, 10, 100, 40}, sal[] = {1, 0.5, 1, 1};
    mfk_body *b = issue_body(2, 2, x, sal, NULL), *other;
    mfk_prediction *ps[2];
    const mfk_prediction *const *cps = (const mfk_prediction *const *)ps;
    size_t len, len2;
    char *text;

    ck_assert_int_eq(mfk_body_set_dimension_name(b, 0, "tariffs <&>"),
                     MFK_OK);
    ck_assert_int_eq(mfk_predict(&ps[0], b, MFK_PREDICT_COMPROMISE, NULL, 1,
                                 NULL),
                     MFK_OK);
    ck_assert_int_eq(mfk_predict(&ps[1], b, MFK_PREDICT_EXCHANGE, NULL, 2,
                                 NULL),
                     MFK_OK);
    ck_assert_int_eq(mfk_prediction_write_svg(cps, 2, b, NULL, NULL, 0, &len),
                     MFK_ERANGE);
    text = malloc(len + 1);
    ck_assert_ptr_nonnull(text);
    ck_assert_int_eq(mfk_prediction_write_svg(cps, 2, b, NULL, text, len - 1,
                                              &len2),
                     MFK_ERANGE);
    ck_assert_int_eq(mfk_prediction_write_svg(cps, 2, b, NULL, text, len,
                                              &len2),
                     MFK_OK);
    ck_assert_uint_eq(len2, len);
    text[len] = '\0';
    ck_assert(strncmp(text, "<?xml", 5) == 0);
    ck_assert(strcmp(text + len - 7, "</svg>\n") == 0);
    ck_assert_ptr_nonnull(strstr(text, "<title>Predicted outcomes</title>"));
    ck_assert_ptr_nonnull(strstr(text, ">tariffs &lt;&amp;&gt;</text>"));
    ck_assert_ptr_nonnull(strstr(text, ">2</text>")); /* unnamed issue 2 */
    ck_assert_ptr_nonnull(strstr(text, ">compromise</text>"));
    ck_assert_ptr_nonnull(strstr(text, ">exchange</text>"));
    ck_assert_ptr_nonnull(strstr(text, "fill=\"#d62728\"")); /* exchange */
    free(text);
    other = issue_body(2, 1, x, sal, NULL);
    ck_assert_int_eq(mfk_prediction_write_svg(cps, 2, other, NULL, NULL, 0,
                                              &len),
                     MFK_EINVAL);
    ck_assert_int_eq(mfk_prediction_write_svg(NULL, 2, b, NULL, NULL, 0,
                                              &len),
                     MFK_EINVAL);
    ck_assert_int_eq(mfk_prediction_write_svg(cps, 2, b, NULL, NULL, 0,
                                              NULL),
                     MFK_EINVAL);
    mfk_body_free(other);
    mfk_prediction_free(ps[0]);
    mfk_prediction_free(ps[1]);
    mfk_body_free(b);
}
END_TEST

Suite *predict_suite(void)
{
    Suite *s = suite_create("predict");
    TCase *tc = test_case("models");
    tcase_add_test(tc, two_members_one_issue);
    tcase_add_test(tc, symmetric_cases);
    tcase_add_test(tc, exchange_clearly_gains);
    tcase_add_test(tc, properties);
    suite_add_tcase(s, tc);
    tc = test_case("traces");
    tcase_add_test(tc, trace_cop21);
    tcase_add_test(tc, trace_copenhagen);
    tcase_add_test(tc, trace_sample);
    tcase_add_test(tc, exchange_out_of_memory);
    tcase_add_test(tc, decimal_cases);
    tcase_add_test(tc, decimal_approx);
    tcase_add_test(tc, decimal_compare);
    tcase_add_test(tc, decimal_get_d);
    tcase_add_test(tc, decimal_python);
    suite_add_tcase(s, tc);
    tc = test_case("input");
    tcase_add_test(tc, table_reader);
    tcase_add_test(tc, scenario_issues);
    suite_add_tcase(s, tc);
    tc = test_case("output");
    tcase_add_test(tc, chart_as_svg);
    suite_add_tcase(s, tc);
    return s;
}
