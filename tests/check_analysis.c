/* Tests: analysis (voting power, win-sets, opinion dynamics). */
#include "tests.h"

#include <float.h>

#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

/* ---- helpers ------------------------------------------------------------ */

/* A small deterministic generator for random games. */
static unsigned long long rng_state;

static unsigned long rnd(unsigned long n)
{
    rng_state = rng_state * 6364136223846793005ULL + 1442695040888963407ULL;
    return (unsigned long)(rng_state >> 33) % n;
}

static double rnd_unit(void)
{
    return (double)rnd(1000000) / 1000000.0;
}

static unsigned long long count_ull(const mfk_game *g, mfk_count what, size_t i)
{
    char buf[64];
    ck_assert_int_eq(mfk_game_count(g, what, i, buf, sizeof buf, NULL), MFK_OK);
    return strtoull(buf, NULL, 10);
}

/* Decimal big numbers for exact counts beyond 64 bits: base 10^9 limbs,
 * least significant first. */
typedef struct big {
    unsigned n;
    unsigned long long d[64];
} big;

static void big_set(big *b, unsigned long long x)
{
    b->n = 0;
    do {
        b->d[b->n++] = x % 1000000000ULL;
        x /= 1000000000ULL;
    } while (x);
}

static void big_mul(big *b, unsigned long long m)
{
    unsigned long long carry = 0;
    unsigned i;
    for (i = 0; i < b->n; i++) {
        unsigned long long v = b->d[i] * m + carry;
        b->d[i] = v % 1000000000ULL;
        carry = v / 1000000000ULL;
    }
    while (carry) {
        b->d[b->n++] = carry % 1000000000ULL;
        carry /= 1000000000ULL;
    }
}

static void big_div(big *b, unsigned long long m)
{
    unsigned long long rem = 0;
    unsigned i = b->n;
    while (i-- > 0) {
        unsigned long long v = rem * 1000000000ULL + b->d[i];
        b->d[i] = v / m;
        rem = v % m;
    }
    ck_assert(rem == 0);
    while (b->n > 1 && b->d[b->n - 1] == 0)
        b->n--;
}

static void big_str(const big *b, char *out)
{
    unsigned i = b->n - 1;
    out += sprintf(out, "%llu", b->d[i]);
    while (i-- > 0)
        out += sprintf(out, "%09llu", b->d[i]);
}

/* C(n, k) in decimal. */
static void binomial(unsigned n, unsigned k, char *out)
{
    big b;
    unsigned i;
    big_set(&b, 1);
    for (i = 1; i <= k; i++) {
        big_mul(&b, n - k + i);
        big_div(&b, i);
    }
    big_str(&b, out);
}

/* ---- voting power: brute force ------------------------------------------ */

struct brute {
    size_t n, m, blocking;
    unsigned long q, w[12];
};

static int brute_wins(const struct brute *b, unsigned mask)
{
    unsigned long wt = 0;
    size_t s = 0, i;
    for (i = 0; i < b->n; i++)
        if (mask >> i & 1) {
            wt += b->w[i];
            s++;
        }
    return (wt >= b->q && s >= b->m) || (b->blocking && b->n - s < b->blocking);
}

static double factorial(size_t k)
{
    double f = 1;
    while (k > 1)
        f *= (double)k--;
    return f;
}

/* Every count and index of a small game against the listing of its
 * coalitions. */
static void assert_matches_brute_force(const struct brute *b)
{
    mfk_game *g = NULL;
    double bz[12], abz[12], ss[12], cp[12], ci[12];
    unsigned long long win = 0, swings[12] = {0}, total_swings = 0;
    double pivots[12] = {0};
    unsigned mask, all = 1u << b->n;
    size_t i;

    ck_assert_int_eq(mfk_game_new(&g, b->n, b->q, b->w, NULL), MFK_OK);
    ck_assert_int_eq(mfk_game_set_members_quota(g, b->m), MFK_OK);
    ck_assert_int_eq(mfk_game_set_min_blocking(g, b->blocking), MFK_OK);
    ck_assert_int_eq(mfk_game_compute(g, MFK_POWER_ALL), MFK_OK);
    for (mask = 0; mask < all; mask++) {
        win += (unsigned)brute_wins(b, mask);
        for (i = 0; i < b->n; i++)
            if (!(mask >> i & 1) && !brute_wins(b, mask) &&
                brute_wins(b, mask | 1u << i)) {
                size_t s = (size_t)__builtin_popcount(mask);
                swings[i]++;
                total_swings++;
                pivots[i] += factorial(s) * factorial(b->n - 1 - s);
            }
    }
    ck_assert_uint_eq(count_ull(g, MFK_COUNT_WINNING, 0), win);
    ck_assert_uint_eq(count_ull(g, MFK_COUNT_LOSING, 0), all - win);
    ck_assert_int_eq(mfk_game_index(g, MFK_INDEX_BANZHAF, bz), MFK_OK);
    ck_assert_int_eq(mfk_game_index(g, MFK_INDEX_BANZHAF_ABSOLUTE, abz),
                     MFK_OK);
    ck_assert_int_eq(mfk_game_index(g, MFK_INDEX_SHAPLEY_SHUBIK, ss), MFK_OK);
    ck_assert_int_eq(mfk_game_index(g, MFK_INDEX_COLEMAN_PREVENT, cp), MFK_OK);
    ck_assert_int_eq(mfk_game_index(g, MFK_INDEX_COLEMAN_INITIATE, ci), MFK_OK);
    for (i = 0; i < b->n; i++) {
        int dummy, veto;
        unsigned long long piv = count_ull(g, MFK_COUNT_PIVOTAL, i);
        ck_assert_uint_eq(count_ull(g, MFK_COUNT_SWINGS, i), swings[i]);
        ck_assert_msg((double)piv == pivots[i], "pivots of %zu", i);
        ck_assert_double_eq_tol(
            bz[i], total_swings ? (double)swings[i] / total_swings : 0, 1e-12);
        ck_assert_double_eq_tol(abz[i], ldexp((double)swings[i], 1 - (int)b->n),
                                1e-12);
        ck_assert_double_eq_tol(ss[i], pivots[i] / factorial(b->n), 1e-12);
        if (win)
            ck_assert_double_eq_tol(cp[i], (double)swings[i] / win, 1e-12);
        if (all - win)
            ck_assert_double_eq_tol(ci[i], (double)swings[i] / (all - win),
                                    1e-12);
        ck_assert_int_eq(mfk_game_dummy(g, i, &dummy), MFK_OK);
        ck_assert_int_eq(dummy, swings[i] == 0);
        ck_assert_int_eq(mfk_game_veto(g, i, &veto), MFK_OK);
        ck_assert_int_eq(veto, !brute_wins(b, (all - 1) & ~(1u << i)));
    }
    mfk_game_free(g);

    /* Swings alone come from a table by weight (by size only with a
     * members quota or a blocking clause): the same counts. */
    ck_assert_int_eq(mfk_game_new(&g, b->n, b->q, b->w, NULL), MFK_OK);
    ck_assert_int_eq(mfk_game_set_members_quota(g, b->m), MFK_OK);
    ck_assert_int_eq(mfk_game_set_min_blocking(g, b->blocking), MFK_OK);
    ck_assert_int_eq(mfk_game_compute(g, MFK_POWER_BANZHAF), MFK_OK);
    ck_assert_uint_eq(count_ull(g, MFK_COUNT_WINNING, 0), win);
    for (i = 0; i < b->n; i++)
        ck_assert_uint_eq(count_ull(g, MFK_COUNT_SWINGS, i), swings[i]);
    mfk_game_free(g);
}

START_TEST(test_power_brute_force)
{
    struct brute b;
    int t;
    rng_state = 12345;
    for (t = 0; t < 400; t++) {
        unsigned long total = 0;
        size_t i;
        memset(&b, 0, sizeof b);
        b.n = 1 + rnd(10);
        for (i = 0; i < b.n; i++)
            total += b.w[i] = rnd(t % 3 ? 7 : 40);
        if (total == 0)
            continue;
        b.q = 1 + rnd(total);
        if (t % 4 == 1)
            b.m = rnd(b.n + 1);
        if (t % 5 == 2)
            b.blocking = rnd(b.n + 1);
        assert_matches_brute_force(&b);
    }
}
END_TEST

START_TEST(test_power_by_hand)
{
    /* [3; 2, 1, 1]: A swings in {B}, {C}, {B,C}; B only in {A}. */
    static const unsigned long w[3] = {2, 1, 1};
    mfk_game *g = NULL;
    double x[3];
    int veto, dummy;

    ck_assert_int_eq(mfk_game_new(&g, 3, 3, w, NULL), MFK_OK);
    ck_assert_int_eq(mfk_game_index(g, MFK_INDEX_BANZHAF, x), MFK_ESTATE);
    ck_assert_int_eq(mfk_game_compute(g, MFK_POWER_BANZHAF), MFK_OK);
    ck_assert_int_eq(mfk_game_index(g, MFK_INDEX_SHAPLEY_SHUBIK, x),
                     MFK_ESTATE);
    ck_assert_int_eq(mfk_game_index(g, MFK_INDEX_BANZHAF, x), MFK_OK);
    ck_assert_double_eq_tol(x[0], 3.0 / 5, 1e-15);
    ck_assert_double_eq_tol(x[1], 1.0 / 5, 1e-15);
    ck_assert_int_eq(mfk_game_compute(g, MFK_POWER_ALL), MFK_OK);
    ck_assert_int_eq(mfk_game_index(g, MFK_INDEX_SHAPLEY_SHUBIK, x), MFK_OK);
    ck_assert_double_eq_tol(x[0], 2.0 / 3, 1e-15);
    ck_assert_double_eq_tol(x[2], 1.0 / 6, 1e-15);
    /* 3 winning coalitions, 5 losing */
    ck_assert_int_eq(mfk_game_index(g, MFK_INDEX_COLEMAN_PREVENT, x), MFK_OK);
    ck_assert_double_eq_tol(x[0], 1.0, 1e-15);
    ck_assert_double_eq_tol(x[1], 1.0 / 3, 1e-15);
    ck_assert_int_eq(mfk_game_index(g, MFK_INDEX_COLEMAN_INITIATE, x), MFK_OK);
    ck_assert_double_eq_tol(x[0], 3.0 / 5, 1e-15);
    ck_assert_int_eq(mfk_game_index(g, MFK_INDEX_BANZHAF_ABSOLUTE, x), MFK_OK);
    ck_assert_double_eq_tol(x[0], 3.0 / 4, 1e-15);
    ck_assert_double_eq_tol(x[1], 1.0 / 4, 1e-15);
    ck_assert_int_eq(mfk_game_veto(g, 0, &veto), MFK_OK);
    ck_assert_int_eq(veto, 1);
    ck_assert_int_eq(mfk_game_veto(g, 1, &veto), MFK_OK);
    ck_assert_int_eq(veto, 0);
    ck_assert_int_eq(mfk_game_dummy(g, 1, &dummy), MFK_OK);
    ck_assert_int_eq(dummy, 0);
    mfk_game_free(g);

    /* [4; 2, 2, 1]: no coalition of the others weighs 3: C is a dummy
     * and gets 0 under every index. */
    {
        static const unsigned long w2[3] = {2, 2, 1};
        ck_assert_int_eq(mfk_game_new(&g, 3, 4, w2, NULL), MFK_OK);
        ck_assert_int_eq(mfk_game_compute(g, MFK_POWER_ALL), MFK_OK);
        ck_assert_int_eq(mfk_game_dummy(g, 2, &dummy), MFK_OK);
        ck_assert_int_eq(dummy, 1);
        ck_assert_int_eq(mfk_game_index(g, MFK_INDEX_SHAPLEY_SHUBIK, x),
                         MFK_OK);
        ck_assert_double_eq(x[2], 0);
        ck_assert_double_eq_tol(x[0], 0.5, 1e-15);
        ck_assert_int_eq(mfk_game_index(g, MFK_INDEX_BANZHAF, x), MFK_OK);
        ck_assert_double_eq(x[2], 0);
        mfk_game_free(g);
    }
}
END_TEST

START_TEST(test_power_properties)
{
    /* 90 players (counts past two limbs): indices sum to 1, equal
     * weights get equal power, and quota q and W - q + 1 agree. */
    unsigned long w[90], total = 0, q;
    double bz[90], ss[90], bz2[90], ss2[90], sb = 0, sss = 0;
    mfk_game *g = NULL, *d = NULL;
    size_t i, j;

    rng_state = 99;
    for (i = 0; i < 90; i++)
        total += w[i] = 1 + rnd(30);
    q = total * 2 / 3;
    ck_assert_int_eq(mfk_game_new(&g, 90, q, w, NULL), MFK_OK);
    ck_assert_int_eq(mfk_game_new(&d, 90, total - q + 1, w, NULL), MFK_OK);
    ck_assert_int_eq(mfk_game_compute(g, MFK_POWER_ALL), MFK_OK);
    ck_assert_int_eq(mfk_game_compute(d, MFK_POWER_ALL), MFK_OK);
    ck_assert_int_eq(mfk_game_index(g, MFK_INDEX_BANZHAF, bz), MFK_OK);
    ck_assert_int_eq(mfk_game_index(g, MFK_INDEX_SHAPLEY_SHUBIK, ss), MFK_OK);
    ck_assert_int_eq(mfk_game_index(d, MFK_INDEX_BANZHAF, bz2), MFK_OK);
    ck_assert_int_eq(mfk_game_index(d, MFK_INDEX_SHAPLEY_SHUBIK, ss2), MFK_OK);
    for (i = 0; i < 90; i++) {
        char a[64], b[64];
        sb += bz[i];
        sss += ss[i];
        ck_assert_double_eq_tol(bz[i], bz2[i], 1e-15);
        ck_assert_double_eq_tol(ss[i], ss2[i], 1e-15);
        /* the exact counts agree too */
        ck_assert_int_eq(
            mfk_game_count(g, MFK_COUNT_SWINGS, i, a, sizeof a, NULL), MFK_OK);
        ck_assert_int_eq(
            mfk_game_count(d, MFK_COUNT_SWINGS, i, b, sizeof b, NULL), MFK_OK);
        ck_assert_str_eq(a, b);
        for (j = 0; j < 90; j++)
            if (w[j] == w[i]) {
                ck_assert_double_eq(bz[i], bz[j]);
                ck_assert_double_eq(ss[i], ss[j]);
            }
        for (j = 0; j < 90; j++)
            if (w[j] < w[i])
                ck_assert(bz[j] <= bz[i] && ss[j] <= ss[i]);
    }
    ck_assert_double_eq_tol(sb, 1, 1e-12);
    ck_assert_double_eq_tol(sss, 1, 1e-12);
    mfk_game_free(g);
    mfk_game_free(d);
}
END_TEST

START_TEST(test_power_exact_wide)
{
    /* 201 equal players, simple majority (101): each is a swing in the
     * C(200, 100) coalitions of 100 others, a number of 60 digits. */
    unsigned long w[201];
    char want[128], got[128];
    size_t i, len = 0;
    mfk_game *g = NULL;
    double ss[201];

    for (i = 0; i < 201; i++)
        w[i] = 1;
    ck_assert_int_eq(mfk_game_new(&g, 201, 101, w, NULL), MFK_OK);
    ck_assert_int_eq(mfk_game_compute(g, MFK_POWER_ALL), MFK_OK);
    binomial(200, 100, want);
    ck_assert_int_eq(mfk_game_count(g, MFK_COUNT_SWINGS, 7, got, 4, &len),
                     MFK_ERANGE);
    ck_assert_uint_eq(len, strlen(want));
    ck_assert_int_eq(
        mfk_game_count(g, MFK_COUNT_SWINGS, 7, got, sizeof got, &len), MFK_OK);
    ck_assert_str_eq(got, want);
    ck_assert_int_eq(mfk_game_index(g, MFK_INDEX_SHAPLEY_SHUBIK, ss), MFK_OK);
    ck_assert_double_eq_tol(ss[200], 1.0 / 201, 1e-15);
    mfk_game_free(g);

    /* One holder of 400 votes and 600 of 1, quota 501: the big holder is
     * pivotal when 101 to 500 of the small ones come before it, in 400
     * of the 601 places it can take. */
    {
        unsigned long *v = calloc(601, sizeof *v);
        double *x = calloc(601, sizeof *x);
        ck_assert_ptr_nonnull(v);
        ck_assert_ptr_nonnull(x);
        v[0] = 400;
        for (i = 1; i < 601; i++)
            v[i] = 1;
        ck_assert_int_eq(mfk_game_new(&g, 601, 501, v, NULL), MFK_OK);
        ck_assert_int_eq(mfk_game_compute(g, MFK_POWER_ALL), MFK_OK);
        ck_assert_int_eq(mfk_game_index(g, MFK_INDEX_SHAPLEY_SHUBIK, x),
                         MFK_OK);
        ck_assert_double_eq_tol(x[0], 400.0 / 601, 1e-14);
        ck_assert_double_eq_tol(x[1], 201.0 / 601 / 600, 1e-14);
        mfk_game_free(g);
        free(v);
        free(x);
    }
}
END_TEST

START_TEST(test_power_rules)
{
    mfk_body *b = test_body(11);
    mfk_game *g = NULL;
    mfk_rule r;
    double x[11];
    int veto;
    size_t i;

    /* Under consensus every member is a veto player, with equal power. */
    ck_assert_int_eq(mfk_game_from_rule(&g, b, NULL, NULL), MFK_OK);
    ck_assert_int_eq(mfk_game_compute(g, MFK_POWER_ALL), MFK_OK);
    ck_assert_int_eq(mfk_game_index(g, MFK_INDEX_COLEMAN_PREVENT, x), MFK_OK);
    for (i = 0; i < 11; i++) {
        ck_assert_int_eq(mfk_game_veto(g, i, &veto), MFK_OK);
        ck_assert_int_eq(veto, 1);
        ck_assert_double_eq(x[i], 1.0);
    }
    ck_assert_int_eq(mfk_game_index(g, MFK_INDEX_COLEMAN_INITIATE, x), MFK_OK);
    ck_assert_double_eq_tol(x[3], 1.0 / 2047, 1e-15);
    mfk_game_free(g);

    /* Majority of 11: quota 6, nobody is a veto player. */
    mfk_rule_init(&r, MFK_RULE_MAJORITY);
    ck_assert_int_eq(mfk_game_from_rule(&g, b, &r, NULL), MFK_OK);
    ck_assert_uint_eq(mfk_game_quota(g), 6);
    ck_assert_int_eq(mfk_game_veto(g, 0, &veto), MFK_OK);
    ck_assert_int_eq(veto, 0);
    mfk_game_free(g);

    /* Weighted, with weights that need scaling by 100. */
    mfk_body_set_weight(b, 0, 2.5);
    mfk_body_set_weight(b, 1, 0.25);
    mfk_rule_init(&r, MFK_RULE_WEIGHTED);
    r.quota = 6.5;
    ck_assert_int_eq(mfk_game_from_rule(&g, b, &r, NULL), MFK_OK);
    ck_assert_uint_eq(mfk_game_scale(g), 100);
    ck_assert_uint_eq(mfk_game_weight(g, 0), 250);
    ck_assert_uint_eq(mfk_game_weight(g, 1), 25);
    ck_assert_uint_eq(mfk_game_quota(g), 650);
    mfk_game_free(g);
    mfk_body_set_weight(b, 1, 1.0 / 3);
    ck_assert_int_eq(mfk_game_from_rule(&g, b, &r, NULL), MFK_ERANGE);
    ck_assert_ptr_null(g);

    /* Qualified majority: 55% of members (7 of 11), 65% of weight, and
     * the blocking minority of four. */
    mfk_body_set_weight(b, 1, 1);
    mfk_rule_init(&r, MFK_RULE_QUALIFIED_MAJORITY);
    ck_assert_int_eq(mfk_game_from_rule(&g, b, &r, NULL), MFK_OK);
    ck_assert_uint_eq(mfk_game_members_quota(g), 7);
    ck_assert_uint_eq(mfk_game_min_blocking(g), 4);
    ck_assert_uint_eq(mfk_game_scale(g), 10);
    ck_assert_uint_eq(mfk_game_total_weight(g), 125);
    ck_assert_uint_eq(mfk_game_quota(g), 82); /* 0.65 x 125 = 81.25 */
    mfk_game_free(g);

    /* Negative consensus: any one member in favour carries it. */
    mfk_rule_init(&r, MFK_RULE_NEGATIVE_CONSENSUS);
    ck_assert_int_eq(mfk_game_from_rule(&g, b, &r, NULL), MFK_OK);
    ck_assert_uint_eq(mfk_game_quota(g), 1);
    ck_assert_int_eq(mfk_game_compute(g, MFK_POWER_BANZHAF), MFK_OK);
    ck_assert_uint_eq(count_ull(g, MFK_COUNT_LOSING, 0), 1);
    /* changing the game drops its counts */
    ck_assert_int_eq(mfk_game_set_members_quota(g, 2), MFK_OK);
    ck_assert_int_eq(mfk_game_index(g, MFK_INDEX_BANZHAF, x), MFK_ESTATE);
    ck_assert_int_eq(mfk_game_compute(g, MFK_POWER_BANZHAF), MFK_OK);
    ck_assert_uint_eq(count_ull(g, MFK_COUNT_LOSING, 0), 12);
    mfk_game_free(g);

    /* Weighted majority: weights 2.5 and ten of 1, scaled by 10 to a
     * total of 125; more than half of it is 63. */
    mfk_rule_init(&r, MFK_RULE_MAJORITY);
    r.weighted = 1;
    ck_assert_int_eq(mfk_game_from_rule(&g, b, &r, NULL), MFK_OK);
    ck_assert_uint_eq(mfk_game_scale(g), 10);
    ck_assert_uint_eq(mfk_game_quota(g), 63);
    mfk_game_free(g);

    mfk_rule_init(&r, MFK_RULE_CALLBACK);
    ck_assert_int_eq(mfk_game_from_rule(&g, b, &r, NULL), MFK_EINVAL);
    mfk_body_free(b);
}
END_TEST

START_TEST(test_power_errors)
{
    static const unsigned long w[3] = {1, 2, 3};
    mfk_game *g = (mfk_game *)&g;
    ck_assert_int_eq(mfk_game_new(&g, 3, 0, w, NULL), MFK_ERANGE);
    ck_assert_ptr_null(g);
    ck_assert_int_eq(mfk_game_new(&g, 3, 7, w, NULL), MFK_ERANGE);
    ck_assert_int_eq(mfk_game_new(&g, 0, 1, w, NULL), MFK_EINVAL);
    ck_assert_int_eq(mfk_game_new(NULL, 3, 1, w, NULL), MFK_EINVAL);
    /* Weights 1, 2, 4, ..., 2^30: every sum is a different weight, and
     * tables of more than 1 GiB are refused, leaving no counts; three
     * huge equal weights need four cells. */
    {
        unsigned long pow2[31],
            huge[3] = {1000000000UL, 1000000000UL, 1000000000UL};
        double x[31];
        size_t i;
        for (i = 0; i < 31; i++)
            pow2[i] = 1UL << i;
        ck_assert_int_eq(mfk_game_new(&g, 31, 1UL << 30, pow2, NULL), MFK_OK);
        ck_assert_int_eq(mfk_game_compute(g, MFK_POWER_BANZHAF), MFK_ELIMIT);
        ck_assert_int_eq(mfk_game_compute(g, MFK_POWER_ALL), MFK_ELIMIT);
        ck_assert_int_eq(mfk_game_index(g, MFK_INDEX_BANZHAF, x), MFK_ESTATE);
        mfk_game_free(g);
        /* Quota 2^24: the table by weight alone would do for swings (2^24
         * cells), but Shapley-Shubik, or a blocking clause, needs rows by
         * size, about 24 x 2^24 cells of 8 bytes: over 1 GiB. */
        ck_assert_int_eq(mfk_game_new(&g, 31, 1UL << 24, pow2, NULL), MFK_OK);
        ck_assert_int_eq(mfk_game_compute(g, MFK_POWER_ALL), MFK_ELIMIT);
        ck_assert_int_eq(mfk_game_index(g, MFK_INDEX_BANZHAF, x), MFK_ESTATE);
        ck_assert_int_eq(mfk_game_set_min_blocking(g, 2), MFK_OK);
        ck_assert_int_eq(mfk_game_compute(g, MFK_POWER_BANZHAF), MFK_ELIMIT);
        mfk_game_free(g);
        ck_assert_int_eq(mfk_game_new(&g, 3, 2000000000UL, huge, NULL), MFK_OK);
        ck_assert_int_eq(mfk_game_compute(g, MFK_POWER_BANZHAF), MFK_OK);
        ck_assert_int_eq(mfk_game_index(g, MFK_INDEX_BANZHAF, x), MFK_OK);
        ck_assert_double_eq_tol(x[2], 1.0 / 3, 1e-15);
        mfk_game_free(g);
    }
    ck_assert_int_eq(mfk_game_new(&g, 3, 6, w, NULL), MFK_OK);
    ck_assert_int_eq(mfk_game_compute(g, 0x10), MFK_EINVAL);
    ck_assert_int_eq(mfk_game_set_members_quota(g, 4), MFK_ERANGE);
    ck_assert_int_eq(mfk_game_set_min_blocking(g, 4), MFK_ERANGE);
    ck_assert_int_eq(mfk_game_count(g, MFK_COUNT_WINNING, 0, NULL, 0, NULL),
                     MFK_ESTATE);
    mfk_game_free(g);
    mfk_game_free(NULL);
}
END_TEST

/* What an allocation walk works on: a body it is given, and the game
 * and body it makes, freed after each run. */
struct walk {
    const mfk_body *body;
    mfk_game *g;
    mfk_body *made;
};

static void walk_cleanup(void *ud)
{
    struct walk *wk = ud;
    mfk_game_free(wk->g);
    mfk_body_free(wk->made);
    wk->g = NULL;
    wk->made = NULL;
}

static int game_walk_fn(void *ud, const mfk_allocator *alloc)
{
    static const unsigned long w[6] = {5, 4, 3, 3, 1, 1};
    struct walk *gw = ud;
    char buf[32];
    int rc = mfk_game_new(&gw->g, 6, 9, w, alloc);
    if (rc == MFK_OK)
        rc = mfk_game_set_min_blocking(gw->g, 3);
    if (rc == MFK_OK)
        rc = mfk_game_compute(gw->g, MFK_POWER_ALL);
    if (rc == MFK_OK)
        rc = mfk_game_count(gw->g, MFK_COUNT_PIVOTAL, 0, buf, sizeof buf, NULL);
    return rc;
}

START_TEST(test_power_alloc)
{
    struct walk gw = {NULL, NULL, NULL};
    ck_assert_uint_gt(test_alloc_walk(game_walk_fn, walk_cleanup, &gw), 5);
}
END_TEST

/* A user rule, which no game can stand for. */
static int reject_all(const mfk_body *body, const mfk_proposal *prop,
                      const unsigned char *stances, unsigned char *flags,
                      void *ud)
{
    (void)body;
    (void)prop;
    (void)stances;
    (void)flags;
    (void)ud;
    return MFK_VERDICT_SHORT;
}
/* Every public function of the games with each argument it refuses, and
 * the getters' answers for no game. */
START_TEST(test_power_arguments)
{
    static const unsigned long w[3] = {1, 2, 3};
    unsigned long over[2] = {ULONG_MAX / 2 + 1, 1}, halves[2];
    mfk_game *g = (mfk_game *)&g;
    char buf[8];
    double x[3];
    size_t len;
    int flag;

    /* mfk_game_new */
    ck_assert_int_eq(mfk_game_new(NULL, 3, 1, w, NULL), MFK_EINVAL);
    ck_assert_int_eq(mfk_game_new(&g, 0, 1, w, NULL), MFK_EINVAL);
    ck_assert_ptr_null(g);
    g = (mfk_game *)&g;
    ck_assert_int_eq(mfk_game_new(&g, 3, 1, NULL, NULL), MFK_EINVAL);
    ck_assert_ptr_null(g);
    ck_assert_int_eq(mfk_game_new(&g, 2, 1, over, NULL), MFK_ERANGE);
    ck_assert_ptr_null(g);
    /* a total of ULONG_MAX / 2 is the most a game takes */
    halves[0] = ULONG_MAX / 4;
    halves[1] = ULONG_MAX / 2 - ULONG_MAX / 4;
    ck_assert_int_eq(mfk_game_new(&g, 2, ULONG_MAX / 2, halves, NULL), MFK_OK);
    ck_assert_uint_eq(mfk_game_total_weight(g), ULONG_MAX / 2);
    mfk_game_free(g);
    halves[1]++;
    ck_assert_int_eq(mfk_game_new(&g, 2, 1, halves, NULL), MFK_ERANGE);

    /* the getters and setters without a game */
    ck_assert_uint_eq(mfk_game_player_count(NULL), 0);
    ck_assert_uint_eq(mfk_game_quota(NULL), 0);
    ck_assert_uint_eq(mfk_game_total_weight(NULL), 0);
    ck_assert_uint_eq(mfk_game_weight(NULL, 0), 0);
    ck_assert_uint_eq(mfk_game_members_quota(NULL), 0);
    ck_assert_uint_eq(mfk_game_min_blocking(NULL), 0);
    ck_assert_uint_eq(mfk_game_scale(NULL), 0);
    ck_assert_int_eq(mfk_game_set_members_quota(NULL, 1), MFK_EINVAL);
    ck_assert_int_eq(mfk_game_set_min_blocking(NULL, 1), MFK_EINVAL);
    ck_assert_int_eq(mfk_game_compute(NULL, MFK_POWER_ALL), MFK_EINVAL);
    ck_assert_int_eq(mfk_game_index(NULL, MFK_INDEX_BANZHAF, x), MFK_EINVAL);
    ck_assert_int_eq(mfk_game_veto(NULL, 0, &flag), MFK_EINVAL);
    ck_assert_int_eq(mfk_game_dummy(NULL, 0, &flag), MFK_EINVAL);
    ck_assert_int_eq(
        mfk_game_count(NULL, MFK_COUNT_WINNING, 0, buf, sizeof buf, NULL),
        MFK_EINVAL);

    ck_assert_int_eq(mfk_game_new(&g, 3, 4, w, NULL), MFK_OK);
    ck_assert_uint_eq(mfk_game_player_count(g), 3);
    ck_assert_uint_eq(mfk_game_weight(g, 2), 3);
    ck_assert_uint_eq(mfk_game_weight(g, 3), 0);
    ck_assert_uint_eq(mfk_game_scale(g), 1);
    /* nothing computed yet, and nothing asked */
    ck_assert_int_eq(mfk_game_dummy(g, 0, &flag), MFK_ESTATE);
    ck_assert_int_eq(mfk_game_compute(g, 0), MFK_OK);
    ck_assert_int_eq(mfk_game_index(g, MFK_INDEX_BANZHAF, x), MFK_ESTATE);
    ck_assert_int_eq(mfk_game_compute(g, MFK_POWER_BANZHAF), MFK_OK);
    ck_assert_int_eq(
        mfk_game_count(g, MFK_COUNT_PIVOTAL, 0, buf, sizeof buf, NULL),
        MFK_ESTATE);
    ck_assert_int_eq(mfk_game_compute(g, MFK_POWER_ALL), MFK_OK);
    /* asked again, or for less: the counts are kept */
    ck_assert_int_eq(mfk_game_compute(g, MFK_POWER_BANZHAF), MFK_OK);
    ck_assert_int_eq(mfk_game_set_members_quota(g, 0), MFK_OK);
    ck_assert_int_eq(mfk_game_set_min_blocking(g, 0), MFK_OK);
    ck_assert_int_eq(mfk_game_index(g, MFK_INDEX_SHAPLEY_SHUBIK, x), MFK_OK);
    /* [4; 1, 2, 3]: 3 is pivotal in 4 of the 6 orderings, 1 and 2 in one */
    ck_assert_double_eq_tol(x[2], 4.0 / 6, 1e-15);
    ck_assert_double_eq_tol(x[0], 1.0 / 6, 1e-15);

    /* mfk_game_index */
    ck_assert_int_eq(mfk_game_index(g, MFK_INDEX_BANZHAF, NULL), MFK_EINVAL);
    ck_assert_int_eq(mfk_game_index(g, (mfk_index)-1, x), MFK_EINVAL);
    ck_assert_int_eq(mfk_game_index(g, (mfk_index)8, x), MFK_EINVAL);
    /* 0.2's indices exist, not computed here */
    ck_assert_int_eq(mfk_game_index(g, MFK_INDEX_JOHNSTON, x), MFK_ESTATE);
    /* mfk_game_veto and mfk_game_dummy */
    ck_assert_int_eq(mfk_game_veto(g, 0, NULL), MFK_EINVAL);
    ck_assert_int_eq(mfk_game_veto(g, 3, &flag), MFK_EINVAL);
    ck_assert_int_eq(mfk_game_dummy(g, 0, NULL), MFK_EINVAL);
    ck_assert_int_eq(mfk_game_dummy(g, 3, &flag), MFK_EINVAL);
    /* mfk_game_count */
    ck_assert_int_eq(mfk_game_count(g, MFK_COUNT_WINNING, 0, NULL, 4, NULL),
                     MFK_EINVAL);
    ck_assert_int_eq(
        mfk_game_count(g, (mfk_count)-1, 0, buf, sizeof buf, NULL),
        MFK_EINVAL);
    ck_assert_int_eq(mfk_game_count(g, (mfk_count)4, 0, buf, sizeof buf, NULL),
                     MFK_EINVAL);
    ck_assert_int_eq(
        mfk_game_count(g, MFK_COUNT_SWINGS, 3, buf, sizeof buf, NULL),
        MFK_EINVAL);
    ck_assert_int_eq(
        mfk_game_count(g, MFK_COUNT_PIVOTAL, 3, buf, sizeof buf, NULL),
        MFK_EINVAL);
    /* the player is ignored for the coalitions: {1,3}, {2,3}, {1,2,3} */
    ck_assert_int_eq(
        mfk_game_count(g, MFK_COUNT_WINNING, 3, buf, sizeof buf, &len),
        MFK_OK);
    ck_assert_str_eq(buf, "3");
    ck_assert_uint_eq(len, 1);
    /* the length alone, and a buffer one byte short */
    len = 0;
    ck_assert_int_eq(mfk_game_count(g, MFK_COUNT_LOSING, 0, NULL, 0, &len),
                     MFK_ERANGE);
    ck_assert_uint_eq(len, 1);
    ck_assert_int_eq(mfk_game_count(g, MFK_COUNT_LOSING, 0, buf, 1, NULL),
                     MFK_ERANGE);
    ck_assert_int_eq(
        mfk_game_count(g, MFK_COUNT_LOSING, 0, buf, sizeof buf, NULL), MFK_OK);
    ck_assert_str_eq(buf, "5");
    mfk_game_free(g);
}
END_TEST

START_TEST(test_power_zero_counts)
{
    /* [4; 2, 2, 1]: C is never a swing nor pivotal, and its counts are
     * written as "0", in two bytes. */
    static const unsigned long w[3] = {2, 2, 1};
    mfk_game *g = NULL;
    char buf[4] = "xyz";
    size_t len = 0;

    ck_assert_int_eq(mfk_game_new(&g, 3, 4, w, NULL), MFK_OK);
    ck_assert_int_eq(mfk_game_compute(g, MFK_POWER_ALL), MFK_OK);
    ck_assert_int_eq(mfk_game_count(g, MFK_COUNT_SWINGS, 2, buf, 1, &len),
                     MFK_ERANGE);
    ck_assert_uint_eq(len, 1);
    ck_assert_str_eq(buf, "xyz");
    len = 0;
    ck_assert_int_eq(mfk_game_count(g, MFK_COUNT_SWINGS, 2, buf, 2, &len),
                     MFK_OK);
    ck_assert_str_eq(buf, "0");
    ck_assert_uint_eq(len, 1);
    ck_assert_int_eq(mfk_game_count(g, MFK_COUNT_PIVOTAL, 2, buf, 2, NULL),
                     MFK_OK);
    ck_assert_str_eq(buf, "0");
    /* A is pivotal when it comes second, or last after C: in 3 of the 6
     * orderings */
    ck_assert_int_eq(
        mfk_game_count(g, MFK_COUNT_PIVOTAL, 0, buf, sizeof buf, NULL), MFK_OK);
    ck_assert_str_eq(buf, "3");
    mfk_game_free(g);
}
END_TEST

START_TEST(test_power_all_veto_large)
{
    /* Unanimity of 2100 players: each is a swing once, in the coalition
     * of all the others, out of 2^2100 - 1 losing ones. The Coleman
     * power to initiate, 1 / (2^2100 - 1), and the absolute Banzhaf
     * index, 2^-2099, are below the smallest double: 0. */
    enum { N = 2100 };
    unsigned long *w = calloc(N, sizeof *w);
    double *x = calloc(N, sizeof *x);
    mfk_game *g = NULL;
    char buf[8];
    size_t i, len;
    int veto;

    ck_assert_ptr_nonnull(w);
    ck_assert_ptr_nonnull(x);
    for (i = 0; i < N; i++)
        w[i] = 1;
    ck_assert_int_eq(mfk_game_new(&g, N, N, w, NULL), MFK_OK);
    ck_assert_int_eq(mfk_game_compute(g, MFK_POWER_BANZHAF), MFK_OK);
    ck_assert_int_eq(mfk_game_count(g, MFK_COUNT_SWINGS, N - 1, buf,
                                    sizeof buf, NULL),
                     MFK_OK);
    ck_assert_str_eq(buf, "1");
    ck_assert_int_eq(mfk_game_count(g, MFK_COUNT_LOSING, 0, NULL, 0, &len),
                     MFK_ERANGE);
    ck_assert_uint_eq(len, 633); /* 2^2100 has 633 digits */
    ck_assert_int_eq(mfk_game_index(g, MFK_INDEX_COLEMAN_INITIATE, x), MFK_OK);
    ck_assert_double_eq(x[0], 0);
    ck_assert_int_eq(mfk_game_index(g, MFK_INDEX_BANZHAF_ABSOLUTE, x), MFK_OK);
    ck_assert_double_eq(x[N - 1], 0);
    ck_assert_int_eq(mfk_game_index(g, MFK_INDEX_COLEMAN_PREVENT, x), MFK_OK);
    ck_assert_double_eq(x[17], 1);
    ck_assert_int_eq(mfk_game_index(g, MFK_INDEX_BANZHAF, x), MFK_OK);
    ck_assert_double_eq_tol(x[17], 1.0 / N, 1e-18);
    ck_assert_int_eq(mfk_game_veto(g, 17, &veto), MFK_OK);
    ck_assert_int_eq(veto, 1);
    mfk_game_free(g);
    free(w);
    free(x);
}
END_TEST

START_TEST(test_power_factorials_limit)
{
    unsigned long *ones;
    mfk_game *g = NULL;
    char buf[16];
    size_t i;

    /* 20,000 players of one vote, any one of whom carries it: a table
     * per size is small, but the factorials for Shapley-Shubik (20,000!
     * has some 77,000 digits, one per player and size) pass 1 GiB; swings
     * alone are counted, each player's one (the empty coalition). */
    ones = calloc(20000, sizeof *ones);
    ck_assert_ptr_nonnull(ones);
    for (i = 0; i < 20000; i++)
        ones[i] = 1;
    ck_assert_int_eq(mfk_game_new(&g, 20000, 1, ones, NULL), MFK_OK);
    ck_assert_int_eq(mfk_game_compute(g, MFK_POWER_SHAPLEY), MFK_ELIMIT);
    ck_assert_int_eq(
        mfk_game_count(g, MFK_COUNT_SWINGS, 0, buf, sizeof buf, NULL),
        MFK_ESTATE);
    ck_assert_int_eq(mfk_game_compute(g, MFK_POWER_BANZHAF), MFK_OK);
    ck_assert_int_eq(
        mfk_game_count(g, MFK_COUNT_SWINGS, 19999, buf, sizeof buf, NULL),
        MFK_OK);
    ck_assert_str_eq(buf, "1");
    mfk_game_free(g);
    free(ones);
}
END_TEST

/* A request over the limit is refused before any table is taken. With
 * 20,000 players the swing table alone would be some 50 MB; refused, the
 * request takes less than 1 MiB (the players' order at most) and leaves
 * nothing behind. Refused are the Shapley-Shubik factorials of 20,000
 * players of one vote, and the rows by size for weights 1 to 20,000 and
 * a quota of half the total (a table by weight alone is over the limit
 * too): some 10^12 cells. */
/* A game of n players with these weights and quota, on the counting
 * allocator: computing `indices` is refused with MFK_ELIMIT having taken
 * less than 1 MiB at its peak, and leaving nothing behind. */
static void assert_refused_cheaply(test_alloc *ta, size_t n,
                                   unsigned long quota,
                                   const unsigned long *w, unsigned indices)
{
    mfk_game *g = NULL;
    size_t base;

    ck_assert_int_eq(mfk_game_new(&g, n, quota, w, &ta->a), MFK_OK);
    base = ta->bytes;
    ta->peak = base;
    ck_assert_int_eq(mfk_game_compute(g, indices), MFK_ELIMIT);
    ck_assert_uint_lt(ta->peak - base, (size_t)1 << 20);
    ck_assert_uint_eq(ta->bytes, base);
    mfk_game_free(g);
}

START_TEST(test_power_limit_before_tables)
{
    enum { N = 20000 };
    test_alloc ta;
    unsigned long *w, total = 0;
    size_t i;

    w = calloc(N, sizeof *w);
    ck_assert_ptr_nonnull(w);
    test_alloc_init(&ta);
    for (i = 0; i < N; i++)
        w[i] = 1;
    assert_refused_cheaply(&ta, N, 1, w, MFK_POWER_SHAPLEY);
    for (i = 0; i < N; i++) {
        w[i] = i + 1;
        total += w[i];
    }
    assert_refused_cheaply(&ta, N, total / 2 + 1, w, MFK_POWER_BANZHAF);
    free(w);
    /* 100,000 players of one vote: the swing counts alone (n counts of n
     * bits) would take 1.25 GB. */
    w = calloc(100000, sizeof *w);
    ck_assert_ptr_nonnull(w);
    for (i = 0; i < 100000; i++)
        w[i] = 1;
    assert_refused_cheaply(&ta, 100000, 50001, w, MFK_POWER_BANZHAF);
    ck_assert_uint_eq(ta.live, 0);
    free(w);
}
END_TEST

START_TEST(test_power_rules_edges)
{
    mfk_body *b = test_body(10), *none = NULL;
    mfk_game *g = (mfk_game *)&g;
    mfk_rule r;
    size_t i;

    /* arguments */
    ck_assert_int_eq(mfk_game_from_rule(NULL, b, NULL, NULL), MFK_EINVAL);
    ck_assert_int_eq(mfk_game_from_rule(&g, NULL, NULL, NULL), MFK_EINVAL);
    ck_assert_ptr_null(g);
    ck_assert_int_eq(mfk_body_new(&none, "empty", 1, NULL), MFK_OK);
    ck_assert_int_eq(mfk_game_from_rule(&g, none, NULL, NULL), MFK_EINVAL);
    mfk_body_free(none);
    /* a callback rule, even a complete one, has no game */
    mfk_rule_init(&r, MFK_RULE_CALLBACK);
    r.fn = reject_all;
    ck_assert_int_eq(mfk_game_from_rule(&g, b, &r, NULL), MFK_EINVAL);
    ck_assert_ptr_null(g);

    /* More than half of 10 is 6; more than none of them is 1. */
    mfk_rule_init(&r, MFK_RULE_MAJORITY);
    r.threshold = 0.5;
    ck_assert_int_eq(mfk_game_from_rule(&g, b, &r, NULL), MFK_OK);
    ck_assert_uint_eq(mfk_game_quota(g), 6);
    mfk_game_free(g);
    r.threshold = 0;
    ck_assert_int_eq(mfk_game_from_rule(&g, b, &r, NULL), MFK_OK);
    ck_assert_uint_eq(mfk_game_quota(g), 1);
    mfk_game_free(g);
    r.threshold = 1;
    ck_assert_int_eq(mfk_game_from_rule(&g, b, &r, NULL), MFK_ERANGE);
    ck_assert_ptr_null(g);

    /* Qualified majority: a blocking minority larger than the body, and
     * a share of weight of nothing (one member's weight suffices). */
    mfk_rule_init(&r, MFK_RULE_QUALIFIED_MAJORITY);
    r.min_blocking = 11;
    ck_assert_int_eq(mfk_game_from_rule(&g, b, &r, NULL), MFK_ERANGE);
    ck_assert_ptr_null(g);
    r.min_blocking = 10;
    r.weight_share = 0;
    r.members_share = 0;
    ck_assert_int_eq(mfk_game_from_rule(&g, b, &r, NULL), MFK_OK);
    ck_assert_uint_eq(mfk_game_quota(g), 1);
    ck_assert_uint_eq(mfk_game_members_quota(g), 0);
    ck_assert_uint_eq(mfk_game_min_blocking(g), 10);
    mfk_game_free(g);

    /* Weighted: a quota of nothing or beyond the total no coalition can
     * meet; a quota of half a vote is one vote. */
    mfk_rule_init(&r, MFK_RULE_WEIGHTED);
    r.quota = 0;
    ck_assert_int_eq(mfk_game_from_rule(&g, b, &r, NULL), MFK_ERANGE);
    r.quota = -3;
    ck_assert_int_eq(mfk_game_from_rule(&g, b, &r, NULL), MFK_ERANGE);
    r.quota = 10.5;
    ck_assert_int_eq(mfk_game_from_rule(&g, b, &r, NULL), MFK_ERANGE);
    ck_assert_ptr_null(g);
    r.quota = 0.5;
    ck_assert_int_eq(mfk_game_from_rule(&g, b, &r, NULL), MFK_OK);
    ck_assert_uint_eq(mfk_game_quota(g), 1);
    mfk_game_free(g);
    /* weights that no power of ten up to 10^6 makes integers: too fine,
     * or too large to count exactly */
    ck_assert_int_eq(mfk_body_set_weight(b, 3, 1e-7), MFK_OK);
    ck_assert_int_eq(mfk_game_from_rule(&g, b, &r, NULL), MFK_ERANGE);
    ck_assert_int_eq(mfk_body_set_weight(b, 3, 2e15), MFK_OK);
    ck_assert_int_eq(mfk_game_from_rule(&g, b, &r, NULL), MFK_ERANGE);
    ck_assert_ptr_null(g);
    /* a weight of a millionth: scaled by 10^6 */
    ck_assert_int_eq(mfk_body_set_weight(b, 3, 1e-6), MFK_OK);
    r.quota = 9;
    ck_assert_int_eq(mfk_game_from_rule(&g, b, &r, NULL), MFK_OK);
    ck_assert_uint_eq(mfk_game_scale(g), 1000000);
    ck_assert_uint_eq(mfk_game_weight(g, 3), 1);
    ck_assert_uint_eq(mfk_game_quota(g), 9000000);
    for (i = 0; i < 10; i++)
        if (i != 3)
            ck_assert_uint_eq(mfk_game_weight(g, i), 1000000);
    mfk_game_free(g);
    mfk_body_free(b);
}
END_TEST

static int rule_walk_fn(void *ud, const mfk_allocator *alloc)
{
    struct walk *rw = ud;
    mfk_rule r;
    char buf[32];
    int rc;
    mfk_rule_init(&r, MFK_RULE_WEIGHTED);
    r.quota = 6;
    rc = mfk_game_from_rule(&rw->g, rw->body, &r, alloc);
    /* swings alone: the table by weight */
    if (rc == MFK_OK)
        rc = mfk_game_compute(rw->g, MFK_POWER_BANZHAF);
    if (rc == MFK_OK)
        rc = mfk_game_count(rw->g, MFK_COUNT_SWINGS, 0, buf, sizeof buf, NULL);
    if (rc == MFK_OK && strcmp(buf, "252") != 0)
        rc = MFK_ERANGE; /* C(10, 5) coalitions of 5 of the other 10 */
    return rc;
}

START_TEST(test_power_rules_alloc)
{
    mfk_body *b = test_body(11);
    struct walk rw = {b, NULL, NULL};
    ck_assert_uint_gt(test_alloc_walk(rule_walk_fn, walk_cleanup, &rw), 3);
    mfk_body_free(b);
}
END_TEST

/* ---- win-sets ------------------------------------------------------------ */

/* The 1-D win-set is the one interval (lo, hi). */
static void expect_interval(size_t n, const double *ideals,
                            const double *weights, double quota, double sq,
                            double lo, double hi)
{
    double iv[16];
    size_t count;
    ck_assert_int_eq(
        mfk_winset_1d(n, ideals, weights, quota, sq, iv, 8, &count, NULL),
        MFK_OK);
    ck_assert_uint_eq(count, 1);
    ck_assert_double_eq(iv[0], lo);
    ck_assert_double_eq(iv[1], hi);
}

START_TEST(test_winset_1d_by_hand)
{
    static const double ideals[3] = {0, 1, 2};
    static const double apart[2] = {0, 10};
    static const double w[3] = {1, 5, 1};
    double iv[8];
    size_t count;

    /* status quo 3: member 2 prefers (1, 3), member 1 (-1, 3), member 0
     * (-3, 3) */
    expect_interval(3, ideals, NULL, 2, 3, -1, 3);
    expect_interval(3, ideals, NULL, 3, 3, 1, 3);
    /* weights: member 1 alone carries it */
    expect_interval(3, ideals, w, 5, 3, -1, 3);
    /* the status quo between them: nothing under unanimity */
    ck_assert_int_eq(
        mfk_winset_1d(3, ideals, NULL, 3, 1.5, iv, 4, &count, NULL), MFK_OK);
    ck_assert_uint_eq(count, 0);
    /* two members either side of the status quo, one enough: two open
     * intervals that do not meet at the status quo itself */
    ck_assert_int_eq(mfk_winset_1d(2, apart, NULL, 1, 5, iv, 4, &count, NULL),
                     MFK_OK);
    ck_assert_uint_eq(count, 2);
    ck_assert_double_eq(iv[0], -5);
    ck_assert_double_eq(iv[1], 5);
    ck_assert_double_eq(iv[2], 5);
    ck_assert_double_eq(iv[3], 15);
    ck_assert_int_eq(mfk_winset_1d(2, apart, NULL, 1, 5, iv, 1, &count, NULL),
                     MFK_ERANGE);
    ck_assert_int_eq(mfk_winset_1d(3, ideals, NULL, 0, 3, iv, 4, &count, NULL),
                     MFK_ERANGE);
}
END_TEST

/* Ideal points near DBL_MAX: a member at the status quo prefers nothing
 * to it, though 2 x 1e308 overflows (the reflection was infinite, and
 * every number above the status quo was said to win); one far from it
 * prefers every double on its side, up to DBL_MAX. */
START_TEST(test_winset_1d_near_dbl_max)
{
    const double at[1] = {1e308}, far[1] = {-1e308};
    double iv[4];
    size_t count;

    ck_assert_int_eq(mfk_winset_1d(1, at, NULL, 1, 1e308, iv, 2, &count, NULL),
                     MFK_OK);
    ck_assert_uint_eq(count, 0);
    ck_assert_int_eq(mfk_winset_1d(1, far, NULL, 1, 0.9e308, iv, 2, &count,
                                   NULL),
                     MFK_OK);
    ck_assert_uint_eq(count, 1);
    ck_assert(iv[0] < -DBL_MAX / 2 && iv[1] == 0.9e308);
}
END_TEST

static int cmp_d(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

START_TEST(test_winset_median_voter)
{
    /* With an odd number of members and simple majority, the win-set is
     * the open interval between the status quo and its reflection in the
     * median ideal point; the core is the median alone. */
    double ideals[15], sorted[15], iv[30], lo, hi;
    size_t count, n, t;
    int empty;
    rng_state = 7;
    for (t = 0; t < 200; t++) {
        double sq = rnd_unit() * 2 - 0.5, med;
        n = 1 + 2 * rnd(7);
        for (size_t i = 0; i < n; i++)
            sorted[i] = ideals[i] = rnd_unit();
        qsort(sorted, n, sizeof *sorted, cmp_d);
        med = sorted[n / 2];
        ck_assert_int_eq(mfk_winset_1d(n, ideals, NULL, (double)(n / 2 + 1), sq,
                                       iv, 15, &count, NULL),
                         MFK_OK);
        if (sq == med) {
            ck_assert_uint_eq(count, 0);
            continue;
        }
        ck_assert_uint_eq(count, 1);
        ck_assert_double_eq_tol(iv[0], sq < med ? sq : 2 * med - sq, 1e-15);
        ck_assert_double_eq_tol(iv[1], sq < med ? 2 * med - sq : sq, 1e-15);
        ck_assert_int_eq(mfk_winset_core_1d(n, ideals, NULL,
                                            (double)(n / 2 + 1), &empty, &lo,
                                            &hi, NULL),
                         MFK_OK);
        ck_assert_int_eq(empty, 0);
        ck_assert_double_eq(lo, med);
        ck_assert_double_eq(hi, med);
    }
}
END_TEST

START_TEST(test_winset_core_k_of_n)
{
    /* Under k of n (k > n/2) the core is [x(n-k+1), x(k)]; points in it
     * have an empty win-set, points out of it do not. */
    double ideals[9], sorted[9], iv[18], lo, hi;
    size_t n = 9, k, count, t;
    int empty;
    rng_state = 3;
    for (t = 0; t < 50; t++) {
        for (size_t i = 0; i < n; i++)
            sorted[i] = ideals[i] = rnd_unit();
        qsort(sorted, n, sizeof *sorted, cmp_d);
        for (k = 5; k <= 9; k++) {
            double probe;
            ck_assert_int_eq(mfk_winset_core_1d(n, ideals, NULL, (double)k,
                                                &empty, &lo, &hi, NULL),
                             MFK_OK);
            ck_assert_int_eq(empty, 0);
            ck_assert_double_eq(lo, sorted[n - k]);
            ck_assert_double_eq(hi, sorted[k - 1]);
            probe = (lo + hi) / 2;
            ck_assert_int_eq(mfk_winset_1d(n, ideals, NULL, (double)k, probe,
                                           iv, 9, &count, NULL),
                             MFK_OK);
            ck_assert_uint_eq(count, 0);
            probe = lo - 0.01;
            ck_assert_int_eq(mfk_winset_1d(n, ideals, NULL, (double)k, probe,
                                           iv, 9, &count, NULL),
                             MFK_OK);
            ck_assert_uint_gt(count, 0);
        }
        /* unanimity: the core is the Pareto set, [min, max] */
        ck_assert_int_eq(
            mfk_winset_core_1d(n, ideals, NULL, 9, &empty, &lo, &hi, NULL),
            MFK_OK);
        ck_assert_double_eq(lo, sorted[0]);
        ck_assert_double_eq(hi, sorted[8]);
    }
    /* k <= n/2 in one dimension: no core */
    ck_assert_int_eq(
        mfk_winset_core_1d(n, ideals, NULL, 3, &empty, &lo, &hi, NULL), MFK_OK);
    ck_assert_int_eq(empty, 1);
}
END_TEST

/* Strictly preferred by members weighing at least the quota. */
static int in_winset(size_t n, const double *ideals, double quota,
                     const double *sq, double x, double y)
{
    double support = 0;
    size_t i;
    for (i = 0; i < n; i++) {
        double ax = x - ideals[2 * i], ay = y - ideals[2 * i + 1];
        double bx = sq[0] - ideals[2 * i], by = sq[1] - ideals[2 * i + 1];
        if (ax * ax + ay * ay < bx * bx + by * by)
            support += 1;
    }
    return support >= quota;
}

/* winset's --rule, as the driver and Python read it. */
START_TEST(test_winset_quota)
{
    mfk_error err;
    size_t q = 0;
    ck_assert_int_eq(mfk_winset_quota("unanimity", 5, &q, NULL), MFK_OK);
    ck_assert_uint_eq(q, 5);
    ck_assert_int_eq(mfk_winset_quota("majority", 5, &q, &err), MFK_OK);
    ck_assert_uint_eq(q, 3);
    ck_assert_int_eq(err.code, MFK_OK);
    ck_assert_int_eq(mfk_winset_quota("majority", 4, &q, NULL), MFK_OK);
    ck_assert_uint_eq(q, 3);
    ck_assert_int_eq(mfk_winset_quota("quota:2", 5, &q, NULL), MFK_OK);
    ck_assert_uint_eq(q, 2);
    ck_assert_int_eq(mfk_winset_quota("quota:5", 5, &q, NULL), MFK_OK);
    ck_assert_uint_eq(q, 5);
    ck_assert_int_eq(mfk_winset_quota("quota:6", 5, &q, &err), MFK_EINVAL);
    ck_assert_str_eq(err.message, "\"quota:6\" is not unanimity, majority "
                                  "or quota:K with K from 1 to 5");
    ck_assert_int_eq(mfk_winset_quota("quota:0", 1, &q, &err), MFK_EINVAL);
    ck_assert_str_eq(err.message,
                     "\"quota:0\" is not unanimity, majority or quota:1");
    ck_assert_int_eq(mfk_winset_quota("quota:-1", 5, &q, NULL), MFK_EINVAL);
    ck_assert_int_eq(mfk_winset_quota("quota:2x", 5, &q, NULL), MFK_EINVAL);
    ck_assert_int_eq(mfk_winset_quota("quota:", 5, &q, NULL), MFK_EINVAL);
    ck_assert_int_eq(mfk_winset_quota("Majority", 5, &q, NULL), MFK_EINVAL);
    ck_assert_int_eq(mfk_winset_quota(NULL, 5, &q, &err), MFK_EINVAL);
    ck_assert_int_eq(mfk_winset_quota("majority", 5, NULL, NULL),
                     MFK_EINVAL);
}
END_TEST

START_TEST(test_winset_2d_nearest)
{
    /* Against a fine grid: the point found is in the win-set, and no
     * grid point of the win-set is nearer the target than it. */
    double ideals[14], sq[2], pt[2];
    size_t t, n;
    int empty;
    rng_state = 11;
    for (t = 0; t < 60; t++) {
        double best = INFINITY, got, quota;
        int gx, gy;
        n = 3 + rnd(5);
        for (size_t i = 0; i < 2 * n; i++)
            ideals[i] = rnd_unit();
        sq[0] = rnd_unit();
        sq[1] = rnd_unit();
        quota = (double)(t % 2 ? n / 2 + 1 : n);
        ck_assert_int_eq(
            mfk_winset_2d(n, ideals, NULL, quota, sq, ideals, &empty, pt, NULL),
            MFK_OK);
        for (gx = -100; gx <= 300; gx++)
            for (gy = -100; gy <= 300; gy++) {
                double x = gx / 200.0, y = gy / 200.0;
                if (in_winset(n, ideals, quota, sq, x, y)) {
                    double dd = hypot(x - ideals[0], y - ideals[1]);
                    if (dd < best)
                        best = dd;
                }
            }
        if (empty) {
            ck_assert_msg(best == INFINITY, "grid found a point in an empty "
                                            "win-set");
            continue;
        }
        ck_assert(in_winset(n, ideals, quota, sq, pt[0], pt[1]));
        got = hypot(pt[0] - ideals[0], pt[1] - ideals[1]);
        ck_assert_msg(got <= best + 1e-9, "%g farther than grid's %g", got,
                      best);
        /* unanimity: empty exactly when the status quo is Pareto-optimal */
        if (quota == (double)n) {
            int inside;
            ck_assert_int_eq(
                mfk_pareto_contains(n, 2, ideals, sq, &inside, NULL), MFK_OK);
            ck_assert_int_eq(inside, 0);
        }
    }
}
END_TEST

START_TEST(test_winset_unanimity_core)
{
    /* The unanimity win-set is empty exactly on the Pareto set, the
     * convex hull of the ideal points. */
    static const double tri[6] = {0, 0, 4, 0, 0, 4};
    double hull[8], sq[2], pt[2], ideals[12];
    size_t count, t;
    int empty, inside;

    ck_assert_int_eq(mfk_pareto_hull(3, tri, hull, &count, NULL), MFK_OK);
    ck_assert_uint_eq(count, 3);
    sq[0] = 1;
    sq[1] = 1;
    ck_assert_int_eq(mfk_winset_2d(3, tri, NULL, 3, sq, tri, &empty, pt, NULL),
                     MFK_OK);
    ck_assert_int_eq(empty, 1);
    sq[0] = 3;
    sq[1] = 3;
    ck_assert_int_eq(mfk_winset_2d(3, tri, NULL, 3, sq, tri, &empty, pt, NULL),
                     MFK_OK);
    ck_assert_int_eq(empty, 0);
    /* majority, nearest the first ideal point (0, 0): member 0 prefers
     * anything near it, member 1 only its disc of radius sqrt(10) around
     * (4, 0) (member 2 likewise around (0, 4)) */
    ck_assert_int_eq(mfk_winset_2d(3, tri, NULL, 2, sq, tri, &empty, pt, NULL),
                     MFK_OK);
    ck_assert_int_eq(empty, 0);
    ck_assert_double_eq_tol(hypot(pt[0], pt[1]), 4 - sqrt(10), 1e-9);
    ck_assert_double_eq_tol(pt[0] * pt[1], 0, 1e-9);

    rng_state = 5;
    for (t = 0; t < 300; t++) {
        size_t n = 1 + rnd(6);
        for (size_t i = 0; i < 2 * n; i++)
            ideals[i] = rnd_unit();
        sq[0] = rnd_unit() * 1.2 - 0.1;
        sq[1] = rnd_unit() * 1.2 - 0.1;
        ck_assert_int_eq(mfk_pareto_contains(n, 2, ideals, sq, &inside, NULL),
                         MFK_OK);
        ck_assert_int_eq(mfk_winset_2d(n, ideals, NULL, (double)n, sq, ideals,
                                       &empty, pt, NULL),
                         MFK_OK);
        ck_assert_int_eq(empty, inside);
        if (!empty)
            ck_assert(in_winset(n, ideals, (double)n, sq, pt[0], pt[1]));
    }
}
END_TEST

static int winset_walk_fn(void *ud, const mfk_allocator *alloc)
{
    static const double ideals[8] = {0, 0, 4, 0, 0, 4, 3, 3};
    static const double sq[2] = {2, 2};
    double iv[8], pt[2], lo, hi, hull[8];
    size_t count;
    int empty, rc, inside;
    (void)ud;
    rc = mfk_winset_1d(4, ideals, NULL, 3, 2.5, iv, 4, &count, alloc);
    if (rc == MFK_OK)
        rc = mfk_winset_core_1d(4, ideals, NULL, 3, &empty, &lo, &hi, alloc);
    if (rc == MFK_OK)
        rc = mfk_winset_2d(4, ideals, NULL, 3, sq, ideals, &empty, pt, alloc);
    if (rc == MFK_OK)
        rc = mfk_pareto_hull(4, ideals, hull, &count, alloc);
    if (rc == MFK_OK)
        rc = mfk_pareto_contains(4, 2, ideals, sq, &inside, alloc);
    return rc;
}

START_TEST(test_winset_alloc)
{
    ck_assert_uint_gt(test_alloc_walk(winset_walk_fn, NULL, NULL), 4);
}
END_TEST

/* Each function of the win-sets with each argument it refuses: one row
 * per call, the other arguments good. */
START_TEST(test_winset_arguments)
{
    static const double ideals[6] = {0, 0, 4, 0, 0, 4};
    static const double w[3] = {1, 1, 1}, bad_w[3] = {1, -1, 1};
    static const double nan_w[3] = {1, NAN, 1};
    static const double bad_pt[6] = {0, 0, 4, NAN, 0, 4};
    static const double inf_pt[2] = {INFINITY, 0}, sq[2] = {1, 1};
    static const double target[2] = {0, 0};
    static double many[2 * (MFK_MAX_MEMBERS + 1)];
    double iv[8], lo, hi, pt[2], hull[8];
    size_t count, k;
    int empty, inside;
    const struct {
        size_t n;
        const double *ideals, *weights;
        double quota, sq;
        double *iv;
        size_t *count;
        int rc;
    } d1[] = {
        {0, ideals, NULL, 1, 3, iv, &count, MFK_EINVAL},
        {3, NULL, NULL, 1, 3, iv, &count, MFK_EINVAL},
        {3, ideals, NULL, 1, 3, iv, NULL, MFK_EINVAL},
        {3, ideals, NULL, 1, 3, NULL, &count, MFK_EINVAL}, /* cap 4 */
        {3, ideals, NULL, NAN, 3, iv, &count, MFK_ERANGE},
        {3, ideals, NULL, INFINITY, 3, iv, &count, MFK_ERANGE},
        {3, ideals, NULL, -1, 3, iv, &count, MFK_ERANGE},
        {3, ideals, bad_w, 1, 3, iv, &count, MFK_ERANGE},
        {3, ideals, nan_w, 1, 3, iv, &count, MFK_ERANGE},
        {6, bad_pt, NULL, 1, 3, iv, &count, MFK_ERANGE},
        {3, ideals, w, 1, NAN, iv, &count, MFK_ERANGE},
        {3, ideals, w, 1, -INFINITY, iv, &count, MFK_ERANGE},
    };
    const struct {
        size_t n;
        const double *ideals, *weights;
        double quota;
        int *empty;
        double *lo, *hi;
        int rc;
    } core[] = {
        {0, ideals, NULL, 1, &empty, &lo, &hi, MFK_EINVAL},
        {3, NULL, NULL, 1, &empty, &lo, &hi, MFK_EINVAL},
        {3, ideals, NULL, 1, NULL, &lo, &hi, MFK_EINVAL},
        {3, ideals, NULL, 1, &empty, NULL, &hi, MFK_EINVAL},
        {3, ideals, NULL, 1, &empty, &lo, NULL, MFK_EINVAL},
        {3, ideals, NULL, 0, &empty, &lo, &hi, MFK_ERANGE},
        {3, ideals, bad_w, 1, &empty, &lo, &hi, MFK_ERANGE},
        {6, bad_pt, NULL, 1, &empty, &lo, &hi, MFK_ERANGE},
        /* a quota beyond the total: nothing ever wins */
        {3, ideals, w, 3.5, &empty, &lo, &hi, MFK_ERANGE},
    };
    const struct {
        size_t n;
        const double *ideals, *weights;
        double quota;
        const double *sq, *target;
        int *empty;
        double *pt;
        int rc;
    } d2[] = {
        {0, ideals, NULL, 1, sq, target, &empty, pt, MFK_EINVAL},
        {3, NULL, NULL, 1, sq, target, &empty, pt, MFK_EINVAL},
        {3, ideals, NULL, 1, NULL, target, &empty, pt, MFK_EINVAL},
        {3, ideals, NULL, 1, sq, NULL, &empty, pt, MFK_EINVAL},
        {3, ideals, NULL, 1, sq, target, NULL, pt, MFK_EINVAL},
        {3, ideals, NULL, 1, sq, target, &empty, NULL, MFK_EINVAL},
        {MFK_MAX_MEMBERS + 1, many, NULL, 1, sq, target, &empty, pt,
         MFK_ELIMIT},
        {3, ideals, NULL, NAN, sq, target, &empty, pt, MFK_ERANGE},
        {3, ideals, nan_w, 1, sq, target, &empty, pt, MFK_ERANGE},
        {3, bad_pt, NULL, 1, sq, target, &empty, pt, MFK_ERANGE},
        {3, ideals, NULL, 1, inf_pt, target, &empty, pt, MFK_ERANGE},
        {3, ideals, NULL, 1, sq, inf_pt, &empty, pt, MFK_ERANGE},
    };
    const struct {
        size_t n;
        const double *ideals;
        double *hull;
        size_t *count;
        int rc;
    } hulls[] = {
        {0, ideals, hull, &count, MFK_EINVAL},
        {3, NULL, hull, &count, MFK_EINVAL},
        {3, ideals, NULL, &count, MFK_EINVAL},
        {3, ideals, hull, NULL, MFK_EINVAL},
        {3, bad_pt, hull, &count, MFK_ERANGE},
    };
    const struct {
        size_t n;
        unsigned dims;
        const double *ideals, *point;
        int *inside;
        int rc;
    } contains[] = {
        {0, 2, ideals, sq, &inside, MFK_EINVAL},
        {3, 2, NULL, sq, &inside, MFK_EINVAL},
        {3, 2, ideals, NULL, &inside, MFK_EINVAL},
        {3, 2, ideals, sq, NULL, MFK_EINVAL},
        {3, 0, ideals, sq, &inside, MFK_EINVAL},
        {3, 3, ideals, sq, &inside, MFK_EINVAL},
        {3, 2, bad_pt, sq, &inside, MFK_ERANGE},
        {3, 2, ideals, inf_pt, &inside, MFK_ERANGE},
    };

    for (k = 0; k < sizeof d1 / sizeof *d1; k++) {
        count = 99;
        ck_assert_msg(mfk_winset_1d(d1[k].n, d1[k].ideals, d1[k].weights,
                                    d1[k].quota, d1[k].sq, d1[k].iv, 4,
                                    d1[k].count, NULL) == d1[k].rc,
                      "mfk_winset_1d, row %zu", k);
        if (d1[k].count != NULL)
            ck_assert_uint_eq(count, 0);
    }
    for (k = 0; k < sizeof core / sizeof *core; k++)
        ck_assert_msg(mfk_winset_core_1d(core[k].n, core[k].ideals,
                                         core[k].weights, core[k].quota,
                                         core[k].empty, core[k].lo, core[k].hi,
                                         NULL) == core[k].rc,
                      "mfk_winset_core_1d, row %zu", k);
    for (k = 0; k < sizeof d2 / sizeof *d2; k++)
        ck_assert_msg(mfk_winset_2d(d2[k].n, d2[k].ideals, d2[k].weights,
                                    d2[k].quota, d2[k].sq, d2[k].target,
                                    d2[k].empty, d2[k].pt, NULL) == d2[k].rc,
                      "mfk_winset_2d, row %zu", k);
    for (k = 0; k < sizeof hulls / sizeof *hulls; k++)
        ck_assert_msg(mfk_pareto_hull(hulls[k].n, hulls[k].ideals,
                                      hulls[k].hull, hulls[k].count,
                                      NULL) == hulls[k].rc,
                      "mfk_pareto_hull, row %zu", k);
    for (k = 0; k < sizeof contains / sizeof *contains; k++)
        ck_assert_msg(mfk_pareto_contains(contains[k].n, contains[k].dims,
                                          contains[k].ideals, contains[k].point,
                                          contains[k].inside,
                                          NULL) == contains[k].rc,
                      "mfk_pareto_contains, row %zu", k);
}
END_TEST

START_TEST(test_winset_1d_degenerate)
{
    static const double ideals[3] = {0, 1, 2};
    static const double w[3] = {1, 0, 1};
    static const double at_sq[2] = {3, 3};
    static const double one_side[2] = {1, 3};
    static const double apart[2] = {0, 10};
    double iv[8];
    size_t count = 99;

    /* a member of no weight takes no part: members 0 and 2 prefer
     * (-3, 3) and (1, 3) to 3 */
    expect_interval(3, ideals, w, 2, 3, 1, 3);
    expect_interval(3, ideals, w, 1, 3, -3, 3);
    /* a member whose ideal point is the status quo prefers nothing */
    ck_assert_int_eq(
        mfk_winset_1d(2, at_sq, NULL, 1, 3, iv, 4, &count, NULL), MFK_OK);
    ck_assert_uint_eq(count, 0);
    expect_interval(2, (const double[]){3, 0}, NULL, 1, 3, -3, 3);
    /* no room asked for: the size of the answer is an error */
    ck_assert_int_eq(
        mfk_winset_1d(2, apart, NULL, 1, 5, NULL, 0, &count, NULL), MFK_ERANGE);
    ck_assert_uint_eq(count, 0);
    /* members at 1 and 3, status quo 0: (0, 2) and (0, 6) overlap in
     * (0, 2), which ends inside (0, 6) */
    expect_interval(2, one_side, NULL, 2, 0, 0, 2);
    ck_assert_int_eq(
        mfk_winset_1d(2, one_side, NULL, 2, 0, NULL, 0, &count, NULL),
        MFK_ERANGE);
    ck_assert_int_eq(
        mfk_winset_1d(2, one_side, NULL, 2, 0, iv, 0, &count, NULL),
        MFK_ERANGE);
}
END_TEST

START_TEST(test_winset_tiny_quota)
{
    /* A quota far below the weights is still a quota of some weight: a
     * point that no member prefers is not in the win-set. Members at 0
     * and 10, status quo 5: (-5, 5) and (5, 15), not the status quo. */
    static const double apart[2] = {0, 10};
    static const double same[2] = {0, 0};
    static const double one[2] = {0, 0};
    const double sq[2] = {1, 0}, target[2] = {5, 5};
    double iv[8], lo = 1, hi = 1, pt[2];
    size_t count;
    int empty = 1;

    ck_assert_int_eq(
        mfk_winset_1d(2, apart, NULL, 1e-13, 5, iv, 4, &count, NULL), MFK_OK);
    ck_assert_uint_eq(count, 2);
    ck_assert_double_eq(iv[1], 5);
    ck_assert_double_eq(iv[2], 5);
    /* both members at 0: 0 is the core */
    ck_assert_int_eq(
        mfk_winset_core_1d(2, same, NULL, 1e-13, &empty, &lo, &hi, NULL),
        MFK_OK);
    ck_assert_int_eq(empty, 0);
    ck_assert_double_eq(lo, 0);
    ck_assert_double_eq(hi, 0);
    /* one member at the origin, status quo (1, 0): the target (5, 5) is
     * not in the disc; its nearest point is at 45 degrees */
    ck_assert_int_eq(
        mfk_winset_2d(1, one, NULL, 1e-13, sq, target, &empty, pt, NULL),
        MFK_OK);
    ck_assert_int_eq(empty, 0);
    ck_assert(hypot(pt[0], pt[1]) < 1);
    ck_assert_double_eq_tol(pt[0], sqrt(0.5), 1e-8);
    ck_assert_double_eq_tol(pt[1], sqrt(0.5), 1e-8);
}
END_TEST

START_TEST(test_winset_2d_degenerate)
{
    /* member 1 weighs nothing, member 2 stands at the status quo: the
     * win-set is member 0's disc of radius 2 around the origin */
    static const double three[6] = {0, 0, 5, 5, 2, 0};
    static const double w[3] = {1, 0, 1};
    static const double twice[6] = {0, 0, 0, 0, 4, 0};
    static const double ray[4] = {1, 0, 2, 0};
    static const double at_sq[4] = {1, 1, 1, 1};
    const double sq[2] = {2, 0}, far[2] = {-10, 0}, origin[2] = {0, 0};
    const double right[2] = {3, 0};
    double pt[2];
    int empty;

    ck_assert_int_eq(
        mfk_winset_2d(3, three, w, 1, sq, far, &empty, pt, NULL), MFK_OK);
    ck_assert_int_eq(empty, 0);
    ck_assert(hypot(pt[0], pt[1]) < 2);
    ck_assert_double_eq_tol(pt[0], -2, 1e-8);
    ck_assert_double_eq_tol(pt[1], 0, 1e-8);
    /* both members with weight must agree: member 2 never does */
    ck_assert_int_eq(
        mfk_winset_2d(3, three, w, 2, sq, far, &empty, pt, NULL), MFK_OK);
    ck_assert_int_eq(empty, 1);
    /* a quota beyond the total, or everyone at the status quo */
    ck_assert_int_eq(
        mfk_winset_2d(3, three, NULL, 4, sq, far, &empty, pt, NULL), MFK_OK);
    ck_assert_int_eq(empty, 1);
    ck_assert_int_eq(
        mfk_winset_2d(2, at_sq, NULL, 1, at_sq, far, &empty, pt, NULL),
        MFK_OK);
    ck_assert_int_eq(empty, 1);
    /* two members share an ideal point: their disc (radius 2 around the
     * origin) is the win-set of two, touching the third's at the status
     * quo (2, 0); nearest (3, 0) is next to the status quo */
    ck_assert_int_eq(
        mfk_winset_2d(3, twice, NULL, 2, sq, right, &empty, pt, NULL), MFK_OK);
    ck_assert_int_eq(empty, 0);
    ck_assert(in_winset(3, twice, 2, sq, pt[0], pt[1]));
    ck_assert_double_eq_tol(pt[0], 2, 1e-8);
    ck_assert_double_eq_tol(pt[1], 0, 1e-8);
    /* ideal points (1, 0) and (2, 0) on a ray from the status quo: their
     * circles touch there, and the smaller disc is the win-set */
    ck_assert_int_eq(mfk_winset_2d(2, ray, NULL, 2, origin, origin, &empty, pt,
                                   NULL),
                     MFK_OK);
    ck_assert_int_eq(empty, 0);
    ck_assert(in_winset(2, ray, 2, origin, pt[0], pt[1]));
    ck_assert(hypot(pt[0], pt[1]) < 1e-8);
    /* one member right above the status quo (2, 0), at (2, 3): nearest
     * (2, 10) is the top of its disc */
    ck_assert_int_eq(mfk_winset_2d(1, (const double[]){2, 3}, NULL, 1, sq,
                                   (const double[]){2, 10}, &empty, pt, NULL),
                     MFK_OK);
    ck_assert_int_eq(empty, 0);
    ck_assert(hypot(pt[0] - 2, pt[1] - 3) < 3);
    ck_assert_double_eq_tol(pt[0], 2, 1e-8);
    ck_assert_double_eq_tol(pt[1], 6, 1e-8);
}
END_TEST

START_TEST(test_winset_2d_large_figures)
{
    /* Figures whose squares are beyond a double: one member at the
     * origin, the status quo 2e160 away. Its disc is the win-set, and
     * the point of it nearest (0, 1e161) is next to (0, 2e160). */
    static const double one[2] = {0, 0}, sq[2] = {2e160, 0};
    static const double target[2] = {0, 1e161};
    /* and figures of a few units times 2^400 give the same point as
     * those figures, times 2^400 */
    static const double ideals[6] = {0, 0, 3, 1, -1, 2};
    const double sq2[2] = {2, 0}, target2[2] = {0, 10};
    double big_ideals[6], big_sq[2], big_target[2], pt[2], big_pt[2];
    size_t i;
    int empty = 1;

    ck_assert_int_eq(
        mfk_winset_2d(1, one, NULL, 1, sq, target, &empty, pt, NULL), MFK_OK);
    ck_assert_int_eq(empty, 0);
    ck_assert(pt[1] < 2e160 && pt[1] > 2e160 * (1 - 1e-9));
    ck_assert(fabs(pt[0]) <= 2e160 * 1e-9);

    for (i = 0; i < 6; i++)
        big_ideals[i] = ldexp(ideals[i], 400);
    for (i = 0; i < 2; i++) {
        big_sq[i] = ldexp(sq2[i], 400);
        big_target[i] = ldexp(target2[i], 400);
    }
    ck_assert_int_eq(
        mfk_winset_2d(3, ideals, NULL, 2, sq2, target2, &empty, pt, NULL),
        MFK_OK);
    ck_assert_int_eq(empty, 0);
    ck_assert(in_winset(3, ideals, 2, sq2, pt[0], pt[1]));
    ck_assert_int_eq(mfk_winset_2d(3, big_ideals, NULL, 2, big_sq, big_target,
                                   &empty, big_pt, NULL),
                     MFK_OK);
    ck_assert_int_eq(empty, 0);
    ck_assert_double_eq(big_pt[0], ldexp(pt[0], 400));
    ck_assert_double_eq(big_pt[1], ldexp(pt[1], 400));
}
END_TEST

START_TEST(test_pareto_degenerate)
{
    static const double dup[10] = {0, 0, 1, 0, 0, 0, 0, 1, 1, 0};
    static const double same[4] = {2, 3, 2, 3};
    static const double line[6] = {0, 0, 2, 2, 1, 1};
    static const double one_d[3] = {2, -1, 3};
    double hull[12];
    size_t count;
    int inside;

    /* repeated ideal points are one corner */
    ck_assert_int_eq(mfk_pareto_hull(5, dup, hull, &count, NULL), MFK_OK);
    ck_assert_uint_eq(count, 3);
    ck_assert_double_eq(hull[0], 0);
    ck_assert_double_eq(hull[1], 0);
    ck_assert_double_eq(hull[2], 1);
    ck_assert_double_eq(hull[3], 0);
    ck_assert_double_eq(hull[4], 0);
    ck_assert_double_eq(hull[5], 1);
    /* one point: the Pareto set is that point */
    ck_assert_int_eq(mfk_pareto_hull(2, same, hull, &count, NULL), MFK_OK);
    ck_assert_uint_eq(count, 1);
    ck_assert_double_eq(hull[0], 2);
    ck_assert_double_eq(hull[1], 3);
    ck_assert_int_eq(
        mfk_pareto_contains(2, 2, same, (const double[]){2, 3}, &inside, NULL),
        MFK_OK);
    ck_assert_int_eq(inside, 1);
    ck_assert_int_eq(mfk_pareto_contains(2, 2, same, (const double[]){2, 3.1},
                                         &inside, NULL),
                     MFK_OK);
    ck_assert_int_eq(inside, 0);
    ck_assert_int_eq(mfk_pareto_contains(2, 2, same, (const double[]){2.1, 3},
                                         &inside, NULL),
                     MFK_OK);
    ck_assert_int_eq(inside, 0);
    /* points on a line: a segment, its ends included */
    ck_assert_int_eq(mfk_pareto_hull(3, line, hull, &count, NULL), MFK_OK);
    ck_assert_uint_eq(count, 2);
    ck_assert_double_eq(hull[2], 2);
    ck_assert_int_eq(
        mfk_pareto_contains(3, 2, line, (const double[]){1, 1}, &inside, NULL),
        MFK_OK);
    ck_assert_int_eq(inside, 1);
    ck_assert_int_eq(
        mfk_pareto_contains(3, 2, line, (const double[]){2, 2}, &inside, NULL),
        MFK_OK);
    ck_assert_int_eq(inside, 1);
    ck_assert_int_eq(
        mfk_pareto_contains(3, 2, line, (const double[]){3, 3}, &inside, NULL),
        MFK_OK);
    ck_assert_int_eq(inside, 0);
    ck_assert_int_eq(mfk_pareto_contains(3, 2, line, (const double[]){-1, -1},
                                         &inside, NULL),
                     MFK_OK);
    ck_assert_int_eq(inside, 0);
    ck_assert_int_eq(mfk_pareto_contains(3, 2, line, (const double[]){1, 1.5},
                                         &inside, NULL),
                     MFK_OK);
    ck_assert_int_eq(inside, 0);
    /* one dimension: from the lowest ideal point to the highest */
    ck_assert_int_eq(
        mfk_pareto_contains(3, 1, one_d, (const double[]){0}, &inside, NULL),
        MFK_OK);
    ck_assert_int_eq(inside, 1);
    ck_assert_int_eq(
        mfk_pareto_contains(3, 1, one_d, (const double[]){3}, &inside, NULL),
        MFK_OK);
    ck_assert_int_eq(inside, 1);
    ck_assert_int_eq(
        mfk_pareto_contains(3, 1, one_d, (const double[]){3.5}, &inside, NULL),
        MFK_OK);
    ck_assert_int_eq(inside, 0);
    ck_assert_int_eq(
        mfk_pareto_contains(3, 1, one_d, (const double[]){-1.5}, &inside, NULL),
        MFK_OK);
    ck_assert_int_eq(inside, 0);
    ck_assert_int_eq(mfk_pareto_contains(3, 1, (const double[]){1, NAN, 2},
                                         (const double[]){0}, &inside, NULL),
                     MFK_ERANGE);
}
END_TEST

/* ---- opinion dynamics ------------------------------------------------------
 */

START_TEST(test_degroot_stationary)
{
    /* W = [[1-a, a], [b, 1-b]] has stationary distribution (b, a)/(a+b);
     * DeGroot's consensus is that mean of the first opinions. */
    double a = 0.3, b = 0.1;
    double w[4] = {1 - a, a, b, 1 - b}, x0[2] = {0.2, 0.9}, x[2];
    /* and a 3x3 one: stationary (1/4, 1/2, 1/4) */
    double w3[9] = {0.5, 0.5, 0, 0.25, 0.5, 0.25, 0, 0.5, 0.5};
    double y0[3] = {1, 5, -3}, y[3];
    unsigned rounds;
    int conv;

    ck_assert_int_eq(
        mfk_dynamics_run(2, w, NULL, x0, 1e-12, 1000, x, &rounds, &conv, NULL),
        MFK_OK);
    ck_assert_int_eq(conv, 1);
    ck_assert_uint_gt(rounds, 10);
    ck_assert_uint_lt(rounds, 1000);
    ck_assert_double_eq_tol(x[0], (b * x0[0] + a * x0[1]) / (a + b), 1e-10);
    ck_assert_double_eq_tol(x[1], (b * x0[0] + a * x0[1]) / (a + b), 1e-10);

    ck_assert_int_eq(
        mfk_dynamics_run(3, w3, NULL, y0, 1e-13, 1000, y, &rounds, &conv, NULL),
        MFK_OK);
    ck_assert_int_eq(conv, 1);
    for (int i = 0; i < 3; i++)
        ck_assert_double_eq_tol(y[i], 0.25 * 1 + 0.5 * 5 + 0.25 * -3, 1e-10);

    /* a cycle never settles */
    {
        double c[4] = {0, 1, 1, 0};
        ck_assert_int_eq(
            mfk_dynamics_run(2, c, NULL, x0, 1e-12, 7, x, &rounds, &conv, NULL),
            MFK_OK);
        ck_assert_int_eq(conv, 0);
        ck_assert_uint_eq(rounds, 7);
        ck_assert_double_eq(x[0], 0.9);
    }
}
END_TEST

START_TEST(test_friedkin_johnsen)
{
    double w[4] = {0.5, 0.5, 0.5, 0.5}, x0[2] = {0, 1}, x[2], next[2];
    double lam[2] = {0.5, 0.5}, zero[2] = {0, 0};
    unsigned rounds;
    int conv;

    /* The limit solves x = L W x + (I - L) x0. With m = (x1 + x2) / 2:
     * x1 = m/2, x2 = m/2 + 1/2, so m = m/2 + 1/4, m = 1/2, and the
     * opinions settle at 1/4 and 3/4 instead of meeting. */
    ck_assert_int_eq(
        mfk_dynamics_run(2, w, lam, x0, 1e-14, 10000, x, &rounds, &conv, NULL),
        MFK_OK);
    ck_assert_int_eq(conv, 1);
    ck_assert_double_eq_tol(x[0], 0.25, 1e-12);
    ck_assert_double_eq_tol(x[1], 0.75, 1e-12);
    ck_assert_int_eq(mfk_dynamics_step(2, w, lam, x0, x, next), MFK_OK);
    ck_assert_double_eq_tol(next[0], x[0], 1e-13);
    ck_assert_double_eq_tol(next[1], x[1], 1e-13);
    /* susceptibility 0: nobody moves */
    ck_assert_int_eq(
        mfk_dynamics_run(2, w, zero, x0, 0, 100, x, &rounds, &conv, NULL),
        MFK_OK);
    ck_assert_uint_eq(rounds, 1);
    ck_assert_double_eq(x[0], 0);
    ck_assert_double_eq(x[1], 1);
    /* not row-stochastic, or a susceptibility above 1 */
    w[0] = 0.6;
    ck_assert_int_eq(
        mfk_dynamics_run(2, w, NULL, x0, 0, 100, x, &rounds, &conv, NULL),
        MFK_ERANGE);
    w[0] = 0.5;
    lam[0] = 1.5;
    ck_assert_int_eq(mfk_dynamics_step(2, w, lam, x0, x0, next), MFK_ERANGE);
}
END_TEST

static int dynamics_walk_fn(void *ud, const mfk_allocator *alloc)
{
    double w[4] = {0.7, 0.3, 0.1, 0.9}, x0[2] = {0.2, 0.9}, x[2];
    unsigned rounds;
    int conv;
    (void)ud;
    return mfk_dynamics_run(2, w, NULL, x0, 1e-12, 100, x, &rounds, &conv,
                            alloc);
}

START_TEST(test_dynamics_alloc)
{
    ck_assert_uint_eq(test_alloc_walk(dynamics_walk_fn, NULL, NULL), 2);
}
END_TEST

START_TEST(test_body_move_ideals)
{
    mfk_body *b = test_body(3);
    double w[9] = {1, 0, 0, 0.5, 0.5, 0, 0, 0, 1};
    double p0 = 0, p1 = 1, p2 = 4, anchors[3] = {0, 1, 4};
    double lam[3] = {1, 0.5, 1};

    ck_assert_int_eq(mfk_body_move_ideals(b, w, NULL, NULL), MFK_EINVAL);
    mfk_body_set_ideal(b, 0, &p0);
    mfk_body_set_ideal(b, 1, &p1);
    mfk_body_set_ideal(b, 2, &p2);
    ck_assert_int_eq(mfk_body_move_ideals(b, w, NULL, NULL), MFK_OK);
    ck_assert_double_eq(mfk_body_member_ideal(b, 1)[0], 0.5);
    ck_assert_double_eq(mfk_body_member_ideal(b, 0)[0], 0);
    ck_assert_double_eq(mfk_body_member_ideal(b, 2)[0], 4);
    /* anchored: member 1 keeps half of its first opinion, 1 */
    ck_assert_int_eq(mfk_body_move_ideals(b, w, lam, anchors), MFK_OK);
    ck_assert_double_eq(mfk_body_member_ideal(b, 1)[0],
                        0.5 * (0.5 * 0 + 0.5 * 0.5) + 0.5 * 1);
    ck_assert_int_eq(mfk_body_move_ideals(b, w, lam, NULL), MFK_EINVAL);
    mfk_body_free(b);
}
END_TEST

/* The dynamics functions with each argument they refuse: one row per
 * call, the other arguments good. */
START_TEST(test_dynamics_arguments)
{
    static const double w[4] = {0.5, 0.5, 0.25, 0.75}, lam[2] = {0.5, 1};
    static const double x0[2] = {0, 1}, x[2] = {0.5, 0.5};
    static const double nan_w[4] = {0.5, NAN, 0.25, 0.75};
    static const double neg_w[4] = {1.5, -0.5, 0, 1};
    static const double bad_lam[2] = {0.5, -0.1}, nan_lam[2] = {NAN, 1};
    static const double nan_x[2] = {0, NAN};
    double next[2], fin[2] = {7, 7};
    unsigned rounds = 99;
    int conv = 99;
    size_t k;
    const struct {
        size_t n;
        const double *w, *lam, *x0, *x;
        double *next;
        int rc;
    } steps[] = {
        {0, w, NULL, NULL, x, next, MFK_EINVAL},
        {2, NULL, NULL, NULL, x, next, MFK_EINVAL},
        {2, w, NULL, NULL, NULL, next, MFK_EINVAL},
        {2, w, NULL, NULL, x, NULL, MFK_EINVAL},
        {2, w, lam, NULL, x, next, MFK_EINVAL},
        {2, nan_w, NULL, NULL, x, next, MFK_ERANGE},
        {2, neg_w, NULL, NULL, x, next, MFK_ERANGE},
        {2, w, bad_lam, x0, x, next, MFK_ERANGE},
        {2, w, nan_lam, x0, x, next, MFK_ERANGE},
        {2, w, NULL, NULL, nan_x, next, MFK_ERANGE},
        {2, w, lam, nan_x, x, next, MFK_ERANGE},
    };
    const struct {
        size_t n;
        const double *w, *lam, *x0;
        double tol;
        double *fin;
        int rc;
    } runs[] = {
        {0, w, NULL, x0, 0, fin, MFK_EINVAL},
        {2, NULL, NULL, x0, 0, fin, MFK_EINVAL},
        {2, w, NULL, NULL, 0, fin, MFK_EINVAL},
        {2, w, NULL, x0, 0, NULL, MFK_EINVAL},
        {2, w, NULL, x0, -1, fin, MFK_ERANGE},
        {2, w, NULL, x0, NAN, fin, MFK_ERANGE},
        {2, w, NULL, x0, INFINITY, fin, MFK_ERANGE},
        {2, w, bad_lam, x0, 0, fin, MFK_ERANGE},
        {2, w, NULL, nan_x, 0, fin, MFK_ERANGE},
    };

    for (k = 0; k < sizeof steps / sizeof *steps; k++)
        ck_assert_msg(mfk_dynamics_step(steps[k].n, steps[k].w, steps[k].lam,
                                        steps[k].x0, steps[k].x,
                                        steps[k].next) == steps[k].rc,
                      "mfk_dynamics_step, row %zu", k);
    for (k = 0; k < sizeof runs / sizeof *runs; k++)
        ck_assert_msg(mfk_dynamics_run(runs[k].n, runs[k].w, runs[k].lam,
                                       runs[k].x0, runs[k].tol, 10,
                                       runs[k].fin, &rounds, &conv,
                                       NULL) == runs[k].rc,
                      "mfk_dynamics_run, row %zu", k);
    /* nothing written on failure */
    ck_assert_uint_eq(rounds, 99);
    ck_assert_int_eq(conv, 99);
    ck_assert_double_eq(fin[0], 7);

    /* DeGroot: the first opinions are not needed */
    ck_assert_int_eq(mfk_dynamics_step(2, w, NULL, NULL, x0, next), MFK_OK);
    ck_assert_double_eq(next[0], 0.5);
    ck_assert_double_eq(next[1], 0.75);
    /* no rounds at all: the first opinions, not converged */
    ck_assert_int_eq(
        mfk_dynamics_run(2, w, NULL, x0, 1, 0, fin, &rounds, &conv, NULL),
        MFK_OK);
    ck_assert_uint_eq(rounds, 0);
    ck_assert_int_eq(conv, 0);
    ck_assert_double_eq(fin[0], 0);
    ck_assert_double_eq(fin[1], 1);
    /* rounds and converged are optional: two rounds of W */
    ck_assert_int_eq(
        mfk_dynamics_run(2, w, NULL, x0, 0, 2, fin, NULL, NULL, NULL), MFK_OK);
    ck_assert_double_eq(fin[0], 0.625);
    ck_assert_double_eq(fin[1], 0.6875);
}
END_TEST

START_TEST(test_body_move_ideals_arguments)
{
    mfk_body *b = NULL, *empty = NULL;
    double w[4] = {0.5, 0.5, 0, 1}, bad[4] = {0.5, 0.6, 0, 1};
    double lam[2] = {1, 0.5}, anchors[4] = {0, 0, 10, 20};
    double nan_anchors[4] = {0, 0, NAN, 20};
    const double p0[2] = {0, 2}, p1[2] = {4, 6};

    ck_assert_int_eq(mfk_body_new(&b, "two", 2, NULL), MFK_OK);
    ck_assert_int_eq(mfk_body_add_member(b, "A", "A", NULL), MFK_OK);
    ck_assert_int_eq(mfk_body_add_member(b, "B", "B", NULL), MFK_OK);
    ck_assert_int_eq(mfk_body_set_ideal(b, 0, p0), MFK_OK);
    ck_assert_int_eq(mfk_body_set_ideal(b, 1, p1), MFK_OK);
    ck_assert_int_eq(mfk_body_move_ideals(NULL, w, NULL, NULL), MFK_EINVAL);
    ck_assert_int_eq(mfk_body_move_ideals(b, NULL, NULL, NULL), MFK_EINVAL);
    ck_assert_int_eq(mfk_body_move_ideals(b, w, lam, NULL), MFK_EINVAL);
    ck_assert_int_eq(mfk_body_move_ideals(b, bad, NULL, NULL), MFK_ERANGE);
    ck_assert_int_eq(mfk_body_move_ideals(b, w, lam, nan_anchors), MFK_ERANGE);
    ck_assert_int_eq(mfk_body_new(&empty, "none", 1, NULL), MFK_OK);
    ck_assert_int_eq(mfk_body_move_ideals(empty, w, NULL, NULL), MFK_EINVAL);
    mfk_body_free(empty);
    /* nothing moved by the failures */
    ck_assert_double_eq(mfk_body_member_ideal(b, 1)[1], 6);
    /* two dimensions, each on its own: A hears both, B only itself; A is
     * fully susceptible, B half and anchored at (10, 20) */
    ck_assert_int_eq(mfk_body_move_ideals(b, w, NULL, NULL), MFK_OK);
    ck_assert_double_eq(mfk_body_member_ideal(b, 0)[0], 2);
    ck_assert_double_eq(mfk_body_member_ideal(b, 0)[1], 4);
    ck_assert_double_eq(mfk_body_member_ideal(b, 1)[0], 4);
    ck_assert_int_eq(mfk_body_move_ideals(b, w, lam, anchors), MFK_OK);
    ck_assert_double_eq(mfk_body_member_ideal(b, 0)[0], 3);
    ck_assert_double_eq(mfk_body_member_ideal(b, 0)[1], 5);
    ck_assert_double_eq(mfk_body_member_ideal(b, 1)[0], 7);
    ck_assert_double_eq(mfk_body_member_ideal(b, 1)[1], 13);
    mfk_body_free(b);
}
END_TEST

static int move_walk_fn(void *ud, const mfk_allocator *alloc)
{
    static const double w[4] = {0.5, 0.5, 0.5, 0.5};
    struct walk *mw = ud;
    double x;
    size_t i;
    int rc = mfk_body_new(&mw->made, "walk", 1, alloc);
    for (i = 0; i < 2 && rc == MFK_OK; i++)
        rc = mfk_body_add_member(mw->made, i ? "B" : "A", i ? "B" : "A", NULL);
    for (i = 0; i < 2 && rc == MFK_OK; i++) {
        x = (double)i;
        rc = mfk_body_set_ideal(mw->made, i, &x);
    }
    if (rc == MFK_OK)
        rc = mfk_body_move_ideals(mw->made, w, NULL, NULL);
    if (rc == MFK_OK && mfk_body_member_ideal(mw->made, 1)[0] != 0.5)
        rc = MFK_ERANGE;
    return rc;
}

START_TEST(test_body_move_ideals_alloc)
{
    struct walk mw = {NULL, NULL, NULL};
    ck_assert_uint_gt(test_alloc_walk(move_walk_fn, walk_cleanup, &mw), 2);
}
END_TEST

/* Between rounds the members hear each other (DeGroot, everyone heeding
 * everyone equally), then the behaviour model takes their stances. */
struct heard {
    mfk_body *body;
    const double *w;
};

static int stances_after_hearing(const mfk_consultation *c, unsigned round,
                                 unsigned char *stances, void *ud)
{
    struct heard *h = ud;
    if (round > 1) {
        int rc = mfk_body_move_ideals(h->body, h->w, NULL, NULL);
        if (rc != MFK_OK)
            return rc;
    }
    return mfk_model_stances(c, round, stances, NULL);
}

START_TEST(test_dynamics_in_consultation)
{
    /* Ideal points 0, 0.5 and 1; the text at 0.8 against a status quo at
     * 0: the member at 0 objects in round 1. After one round of hearing,
     * all stand at 0.5 and nobody objects. */
    static const double w[9] = {1.0 / 3, 1.0 / 3, 1.0 / 3, 1.0 / 3, 1.0 / 3,
                                1.0 / 3, 1.0 / 3, 1.0 / 3, 1.0 / 3};
    mfk_body *b = test_body(3);
    mfk_proposal *p = NULL;
    mfk_consultation *c = NULL;
    struct heard h;
    double x, pos = 0.8, sq = 0;
    mfk_outcome out;
    mfk_verdict v;
    size_t i;

    for (i = 0; i < 3; i++) {
        x = 0.5 * (double)i;
        ck_assert_int_eq(mfk_body_set_ideal(b, i, &x), MFK_OK);
    }
    ck_assert_int_eq(mfk_proposal_new(&p, b, "P1", "text", NULL), MFK_OK);
    ck_assert_int_eq(mfk_proposal_set_position(p, &pos), MFK_OK);
    ck_assert_int_eq(mfk_proposal_set_status_quo(p, &sq), MFK_OK);
    ck_assert_int_eq(mfk_consultation_new(&c, b, p, NULL), MFK_OK);
    h.body = b;
    h.w = w;
    ck_assert_int_eq(
        mfk_consultation_run(c, stances_after_hearing, &h, NULL, NULL), MFK_OK);
    ck_assert_uint_eq(mfk_consultation_rounds(c), 2);
    ck_assert_int_eq(mfk_consultation_round(c, 1, NULL, NULL, &v, NULL),
                     MFK_OK);
    ck_assert_int_eq(v, MFK_VERDICT_BLOCKED);
    ck_assert_int_eq(mfk_consultation_outcome(c, &out), MFK_OK);
    ck_assert_int_eq(out, MFK_OUTCOME_ADOPTED);
    ck_assert_double_eq_tol(mfk_body_member_ideal(b, 0)[0], 0.5, 1e-15);
    mfk_consultation_free(c);
    mfk_proposal_free(p);
    mfk_body_free(b);
}
END_TEST

Suite *analysis_suite(void)
{
    Suite *s = suite_create("analysis");
    TCase *tc = test_case("power");
    tcase_add_test(tc, test_power_brute_force);
    tcase_add_test(tc, test_power_by_hand);
    tcase_add_test(tc, test_power_properties);
    tcase_add_test(tc, test_power_exact_wide);
    tcase_add_test(tc, test_power_rules);
    tcase_add_test(tc, test_power_errors);
    tcase_add_test(tc, test_power_alloc);
    tcase_add_test(tc, test_power_arguments);
    tcase_add_test(tc, test_power_zero_counts);
    tcase_add_test(tc, test_power_all_veto_large);
    tcase_add_test(tc, test_power_factorials_limit);
    tcase_add_test(tc, test_power_limit_before_tables);
    tcase_add_test(tc, test_power_rules_edges);
    tcase_add_test(tc, test_power_rules_alloc);
    suite_add_tcase(s, tc);
    tc = test_case("winset");
    tcase_add_test(tc, test_winset_1d_by_hand);
    tcase_add_test(tc, test_winset_1d_near_dbl_max);
    tcase_add_test(tc, test_winset_median_voter);
    tcase_add_test(tc, test_winset_core_k_of_n);
    tcase_add_test(tc, test_winset_quota);
    tcase_add_test(tc, test_winset_2d_nearest);
    tcase_add_test(tc, test_winset_unanimity_core);
    tcase_add_test(tc, test_winset_alloc);
    tcase_add_test(tc, test_winset_arguments);
    tcase_add_test(tc, test_winset_1d_degenerate);
    tcase_add_test(tc, test_winset_tiny_quota);
    tcase_add_test(tc, test_winset_2d_degenerate);
    tcase_add_test(tc, test_winset_2d_large_figures);
    tcase_add_test(tc, test_pareto_degenerate);
    suite_add_tcase(s, tc);
    tc = test_case("dynamics");
    tcase_add_test(tc, test_degroot_stationary);
    tcase_add_test(tc, test_friedkin_johnsen);
    tcase_add_test(tc, test_dynamics_alloc);
    tcase_add_test(tc, test_dynamics_in_consultation);
    tcase_add_test(tc, test_body_move_ideals);
    tcase_add_test(tc, test_dynamics_arguments);
    tcase_add_test(tc, test_body_move_ideals_arguments);
    tcase_add_test(tc, test_body_move_ideals_alloc);
    suite_add_tcase(s, tc);
    return s;
}
