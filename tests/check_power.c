/* Tests: voting power of 0.2 (the indices asked for, Deegan-Packel,
 * Public Good, Johnston, the approximations, the tables' size). */
#include "tests.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

static unsigned long long rng_state;

static unsigned long rnd(unsigned long n)
{
    rng_state = rng_state * 6364136223846793005ULL + 1442695040888963407ULL;
    return (unsigned long)(rng_state >> 33) % n;
}

/* ---- brute force over the coalitions of a small game ------------------- */

struct small {
    size_t n;
    unsigned long q, w[12];
};

static unsigned long weight_of(const struct small *b, unsigned mask)
{
    unsigned long t = 0;
    size_t i;
    for (i = 0; i < b->n; i++)
        if (mask >> i & 1)
            t += b->w[i];
    return t;
}

/* Deegan-Packel, Public Good, Johnston and the absolute Banzhaf index
 * from the list of all 2^n coalitions. */
static void brute(const struct small *b, double *dp, double *pg, double *jn)
{
    unsigned mask, full = 1u << b->n;
    double mwc = 0, pgsum = 0, jsum = 0;
    size_t i;
    for (i = 0; i < b->n; i++)
        dp[i] = pg[i] = jn[i] = 0;
    for (mask = 0; mask < full; mask++) {
        unsigned long wt = weight_of(b, mask);
        size_t size = 0, critical = 0;
        int minimal = 1;
        if (wt < b->q)
            continue;
        for (i = 0; i < b->n; i++)
            if (mask >> i & 1) {
                size++;
                if (wt - b->w[i] < b->q)
                    critical++;
                else
                    minimal = 0;
            }
        if (minimal) {
            mwc++;
            for (i = 0; i < b->n; i++)
                if (mask >> i & 1) {
                    dp[i] += 1.0 / (double)size;
                    pg[i] += 1;
                    pgsum += 1;
                }
        }
        for (i = 0; i < b->n; i++)
            if ((mask >> i & 1) && wt - b->w[i] < b->q) {
                jn[i] += 1.0 / (double)critical;
                jsum += 1.0 / (double)critical;
            }
    }
    for (i = 0; i < b->n; i++) {
        dp[i] /= mwc;
        pg[i] /= pgsum;
        jn[i] /= jsum;
    }
}

static void assert_new_indices(const struct small *b)
{
    static const mfk_index which[3] = {
        MFK_INDEX_DEEGAN_PACKEL, MFK_INDEX_PUBLIC_GOOD, MFK_INDEX_JOHNSTON};
    double dp[12], pg[12], jn[12], x[12];
    mfk_game *g = NULL;
    size_t i;

    brute(b, dp, pg, jn);
    ck_assert_int_eq(mfk_game_new(&g, b->n, b->q, b->w, NULL), MFK_OK);
    ck_assert_int_eq(mfk_game_compute_indices(g, which, 3), MFK_OK);
    ck_assert_int_eq(mfk_game_index(g, MFK_INDEX_DEEGAN_PACKEL, x), MFK_OK);
    for (i = 0; i < b->n; i++)
        ck_assert_double_eq_tol(x[i], dp[i], 1e-12);
    ck_assert_int_eq(mfk_game_index(g, MFK_INDEX_PUBLIC_GOOD, x), MFK_OK);
    for (i = 0; i < b->n; i++)
        ck_assert_double_eq_tol(x[i], pg[i], 1e-12);
    ck_assert_int_eq(mfk_game_index(g, MFK_INDEX_JOHNSTON, x), MFK_OK);
    for (i = 0; i < b->n; i++)
        ck_assert_double_eq_tol(x[i], jn[i], 1e-12);
    mfk_game_free(g);
    /* each alone, as the driver asks for them */
    for (i = 0; i < 3; i++) {
        const double *want = i == 0 ? dp : i == 1 ? pg : jn;
        size_t j;
        ck_assert_int_eq(mfk_game_new(&g, b->n, b->q, b->w, NULL), MFK_OK);
        ck_assert_int_eq(mfk_game_compute_indices(g, which + i, 1), MFK_OK);
        ck_assert_int_eq(mfk_game_index(g, which[i], x), MFK_OK);
        for (j = 0; j < b->n; j++)
            ck_assert_double_eq_tol(x[j], want[j], 1e-12);
        ck_assert_int_eq(mfk_game_index(g, which[(i + 1) % 3], x), MFK_ESTATE);
        mfk_game_free(g);
    }
}

START_TEST(test_power_new_indices_brute_force)
{
    struct small b;
    int t;
    rng_state = 2026;
    for (t = 0; t < 400; t++) {
        unsigned long total = 0;
        size_t i;
        memset(&b, 0, sizeof b);
        b.n = 1 + rnd(10);
        for (i = 0; i < b.n; i++)
            total += b.w[i] = rnd(t % 3 ? 7 : 40);
        if (total == 0) {
            b.w[0] = 1;
            total = 1;
        }
        b.q = 1 + rnd(total);
        assert_new_indices(&b);
    }
}
END_TEST

START_TEST(test_power_new_indices_by_hand)
{
    /* [3; 2, 1, 1]: minimal winning {A, B} and {A, C}; winning also
     * {A, B, C}, where A alone is critical. */
    static const unsigned long w[3] = {2, 1, 1};
    static const mfk_index all[3] = {MFK_INDEX_DEEGAN_PACKEL,
                                     MFK_INDEX_PUBLIC_GOOD, MFK_INDEX_JOHNSTON};
    mfk_game *g = NULL;
    double x[3];
    ck_assert_int_eq(mfk_game_new(&g, 3, 3, w, NULL), MFK_OK);
    ck_assert_int_eq(mfk_game_compute_indices(g, all, 3), MFK_OK);
    ck_assert_int_eq(mfk_game_index(g, MFK_INDEX_DEEGAN_PACKEL, x), MFK_OK);
    ck_assert_double_eq_tol(x[0], 0.5, 1e-15);
    ck_assert_double_eq_tol(x[1], 0.25, 1e-15);
    ck_assert_int_eq(mfk_game_index(g, MFK_INDEX_PUBLIC_GOOD, x), MFK_OK);
    ck_assert_double_eq_tol(x[0], 0.5, 1e-15);
    ck_assert_double_eq_tol(x[2], 0.25, 1e-15);
    /* Johnston: A 1/2 + 1/2 + 1, B and C 1/2 each, of 3 */
    ck_assert_int_eq(mfk_game_index(g, MFK_INDEX_JOHNSTON, x), MFK_OK);
    ck_assert_double_eq_tol(x[0], 2.0 / 3, 1e-15);
    ck_assert_double_eq_tol(x[1], 1.0 / 6, 1e-15);
    mfk_game_free(g);
}
END_TEST

START_TEST(test_power_indices_asked)
{
    /* Banzhaf alone: no pivots, and the JSON holds the Banzhaf index,
     * veto and dummy only. */
    static const unsigned long w[3] = {2, 1, 1};
    static const mfk_index bz = MFK_INDEX_BANZHAF, pg = MFK_INDEX_PUBLIC_GOOD;
    mfk_game *g = NULL;
    double x[3];
    char buf[1024];
    size_t len;
    ck_assert_int_eq(mfk_game_new(&g, 3, 3, w, NULL), MFK_OK);
    ck_assert_int_eq(mfk_game_compute_indices(g, &bz, 1), MFK_OK);
    ck_assert_int_eq(mfk_game_index(g, MFK_INDEX_BANZHAF, x), MFK_OK);
    ck_assert_double_eq_tol(x[0], 0.6, 1e-15);
    ck_assert_int_eq(mfk_game_index(g, MFK_INDEX_SHAPLEY_SHUBIK, x),
                     MFK_ESTATE);
    ck_assert_int_eq(mfk_game_write_json_indices(g, NULL, NULL, &bz, 1, NULL,
                                                 buf, sizeof buf, &len),
                     MFK_OK);
    ck_assert_uint_lt(len, sizeof buf);
    buf[len] = '\0'; /* the text has no NUL of its own */
    ck_assert_ptr_nonnull(strstr(buf, "\"banzhaf\": 0.6,"));
    ck_assert_ptr_null(strstr(buf, "shapley"));
    ck_assert_ptr_null(strstr(buf, "coleman"));
    ck_assert_ptr_nonnull(strstr(buf, "\"veto\": true"));
    ck_assert_ptr_nonnull(strstr(buf, "\"dummy\": false"));
    /* an index not computed is refused */
    ck_assert_int_eq(mfk_game_write_json_indices(g, NULL, NULL, &pg, 1, NULL,
                                                 buf, sizeof buf, &len),
                     MFK_ESTATE);
    ck_assert_int_eq(mfk_game_compute_indices(g, &pg, 1), MFK_OK);
    ck_assert_int_eq(mfk_game_write_json_indices(g, NULL, NULL, &pg, 1, NULL,
                                                 buf, sizeof buf, &len),
                     MFK_OK);
    ck_assert_uint_lt(len, sizeof buf);
    buf[len] = '\0';
    ck_assert_ptr_nonnull(strstr(buf, "\"public_good\": 0.5,"));
    ck_assert_ptr_null(strstr(buf, "\"banzhaf\""));
    mfk_game_free(g);
}
END_TEST

START_TEST(test_power_new_indices_refused)
{
    static const unsigned long w[3] = {2, 1, 1};
    mfk_index bad = (mfk_index)8, dp = MFK_INDEX_DEEGAN_PACKEL;
    mfk_game *g = NULL;
    size_t bytes;
    ck_assert_int_eq(mfk_game_new(&g, 3, 3, w, NULL), MFK_OK);
    ck_assert_int_eq(mfk_game_compute_indices(g, &bad, 1), MFK_EINVAL);
    ck_assert_int_eq(mfk_game_compute_indices(g, NULL, 1), MFK_EINVAL);
    ck_assert_int_eq(mfk_game_compute_indices(NULL, &dp, 1), MFK_EINVAL);
    ck_assert_int_eq(mfk_game_table_bytes(g, &dp, 1, NULL), MFK_EINVAL);
    /* a members quota: no game of weights and quota alone */
    ck_assert_int_eq(mfk_game_set_members_quota(g, 2), MFK_OK);
    ck_assert_int_eq(mfk_game_compute_indices(g, &dp, 1), MFK_EINVAL);
    ck_assert_int_eq(mfk_game_table_bytes(g, &dp, 1, &bytes), MFK_EINVAL);
    mfk_game_free(g);
}
END_TEST

START_TEST(test_power_table_bytes)
{
    /* [135000001; 135000000, 135000000, 1]: a row by size spans every
     * weight up to the quota, 135 million cells of 8 bytes, over 1 GiB:
     * refused before any table is taken, and the size asked is known. */
    static const unsigned long w[3] = {135000000UL, 135000000UL, 1},
                               issue[2] = {134000000UL, 1};
    static const mfk_index ss = MFK_INDEX_SHAPLEY_SHUBIK;
    mfk_game *g = NULL;
    size_t bytes = 0;
    test_alloc ta;
    test_alloc_init(&ta);
    ck_assert_int_eq(mfk_game_new(&g, 3, 135000001UL, w, &ta.a), MFK_OK);
    ck_assert_int_eq(mfk_game_table_bytes(g, &ss, 1, &bytes), MFK_OK);
    ck_assert_uint_gt(bytes, (size_t)135000000 * 8);
    ck_assert_uint_lt(bytes, (size_t)135000100 * 8);
    ck_assert_uint_gt(bytes, MFK_GAME_MAX_BYTES);
    ta.peak = ta.bytes;
    {
        size_t base = ta.bytes;
        ck_assert_int_eq(mfk_game_compute_indices(g, &ss, 1), MFK_ELIMIT);
        ck_assert_uint_lt(ta.peak - base, (size_t)1 << 20);
        ck_assert_uint_eq(ta.bytes, base);
    }
    mfk_game_free(g);
    /* [134000000; 134000000, 1] (issue 19: 1.05 GB) is its dual's, quota
     * 2: three cells, not 134 million */
    ck_assert_int_eq(mfk_game_new(&g, 2, 134000000UL, issue, &ta.a), MFK_OK);
    ck_assert_int_eq(mfk_game_table_bytes(g, &ss, 1, &bytes), MFK_OK);
    ck_assert_uint_lt(bytes, 1024);
    ta.peak = ta.bytes;
    {
        size_t base = ta.bytes;
        double x[2];
        char buf[8];
        ck_assert_int_eq(mfk_game_compute_indices(g, &ss, 1), MFK_OK);
        ck_assert_uint_lt(ta.peak - base, 4096);
        ck_assert_int_eq(mfk_game_index(g, MFK_INDEX_SHAPLEY_SHUBIK, x),
                         MFK_OK);
        ck_assert_double_eq(x[0], 1);
        ck_assert_double_eq(x[1], 0);
        /* winning: {1} and {1, 2}; losing: {} and {2} */
        ck_assert_int_eq(mfk_game_count(g, MFK_COUNT_WINNING, 0, buf,
                                        sizeof buf, NULL),
                         MFK_OK);
        ck_assert_str_eq(buf, "2");
        ck_assert_int_eq(mfk_game_count(g, MFK_COUNT_SWINGS, 0, buf,
                                        sizeof buf, NULL),
                         MFK_OK);
        ck_assert_str_eq(buf, "2");
    }
    mfk_game_free(g);
    /* a small game: what the tables take, within a factor of the cells */
    {
        static const unsigned long v[3] = {2, 1, 1};
        static const mfk_index bz = MFK_INDEX_BANZHAF;
        ck_assert_int_eq(mfk_game_new(&g, 3, 3, v, NULL), MFK_OK);
        ck_assert_int_eq(mfk_game_table_bytes(g, &bz, 1, &bytes), MFK_OK);
        /* 3 swing counts of 2 limbs, and the cells of its dual [2; 2, 1,
         * 1], 0 to 2, of 1 */
        ck_assert_uint_eq(bytes, 3 * 2 * 8 + 3 * 8);
        mfk_game_free(g);
    }
}
END_TEST

/* ---- the approximations ------------------------------------------------- */

static void assert_approximation_holds(size_t n, unsigned long q,
                                       const unsigned long *w, double slack)
{
    static const mfk_index both[2] = {MFK_INDEX_BANZHAF,
                                      MFK_INDEX_SHAPLEY_SHUBIK};
    mfk_game *ex = NULL, *ap = NULL;
    double *e = calloc(n, sizeof *e), *a = calloc(n, sizeof *a),
           *err = calloc(n, sizeof *err);
    size_t k, i;
    ck_assert_ptr_nonnull(e);
    ck_assert_ptr_nonnull(a);
    ck_assert_ptr_nonnull(err);
    ck_assert_int_eq(mfk_game_new(&ex, n, q, w, NULL), MFK_OK);
    ck_assert_int_eq(mfk_game_new(&ap, n, q, w, NULL), MFK_OK);
    ck_assert_int_eq(mfk_game_compute_indices(ex, both, 2), MFK_OK);
    ck_assert_int_eq(mfk_game_approximate(ap, both, 2), MFK_OK);
    for (k = 0; k < 2; k++) {
        double worst = 0;
        ck_assert_int_eq(mfk_game_index(ex, both[k], e), MFK_OK);
        ck_assert_int_eq(mfk_game_index(ap, both[k], a), MFK_OK);
        ck_assert_int_eq(mfk_game_index_error(ap, both[k], err), MFK_OK);
        for (i = 0; i < n; i++) {
            ck_assert(err[i] >= 0 && err[i] <= 1);
            ck_assert_msg(fabs(a[i] - e[i]) <= err[i] + 1e-9,
                          "player %zu of %zu, index %zu: %.12g against "
                          "exact %.12g, bound %.3g",
                          i, n, k, a[i], e[i], err[i]);
            if (fabs(a[i] - e[i]) > worst)
                worst = fabs(a[i] - e[i]);
        }
        /* and the estimate is close, not only within a loose bound */
        ck_assert_msg(worst <= slack, "n %zu index %zu: off by %g", n, k,
                      worst);
    }
    mfk_game_free(ex);
    mfk_game_free(ap);
    free(e);
    free(a);
    free(err);
}

START_TEST(test_power_approximate_against_exact)
{
    unsigned long w[400], total;
    size_t n, i;
    int t;
    rng_state = 77;
    /* small games: the majors are every player, the estimate exact */
    for (t = 0; t < 50; t++) {
        n = 1 + rnd(10);
        total = 0;
        for (i = 0; i < n; i++)
            total += w[i] = rnd(20);
        if (total == 0)
            total = w[0] = 1;
        assert_approximation_holds(n, 1 + rnd(total), w, 1e-12);
    }
    /* larger ones: within the bound, and close */
    for (t = 0; t < 6; t++) {
        n = t < 3 ? 60 : 150;
        total = 0;
        for (i = 0; i < n; i++)
            total += w[i] = 1 + rnd(100);
        assert_approximation_holds(n, total / 2 + 1 + rnd(total / 4), w,
                                   n < 100 ? 1e-3 : 1e-4);
    }
    /* one large shareholder among many small ones (Leech's case) */
    w[0] = 3000;
    for (i = 1, total = 3000; i < 200; i++)
        total += w[i] = 1 + rnd(20);
    assert_approximation_holds(200, total / 2 + 1, w, 1e-4);
    /* ten large ones: up to ten majors, each coalition of them its own
     * integral */
    for (i = 0, total = 0; i < 110; i++)
        total += w[i] = i < 10 ? 300 + rnd(200) : 1 + rnd(10);
    assert_approximation_holds(110, total / 2 + 1, w, 1e-3);
}
END_TEST

START_TEST(test_power_approximate_refused)
{
    static const unsigned long w[3] = {2, 1, 1};
    static const mfk_index cp = MFK_INDEX_COLEMAN_PREVENT,
                           bz = MFK_INDEX_BANZHAF;
    mfk_game *g = NULL;
    double x[3];
    int d;
    ck_assert_int_eq(mfk_game_new(&g, 3, 3, w, NULL), MFK_OK);
    ck_assert_int_eq(mfk_game_approximate(g, &cp, 1), MFK_EINVAL);
    ck_assert_int_eq(mfk_game_index_error(g, MFK_INDEX_BANZHAF, x),
                     MFK_ESTATE);
    ck_assert_int_eq(mfk_game_approximate(g, &bz, 1), MFK_OK);
    ck_assert_int_eq(mfk_game_index_error(g, MFK_INDEX_BANZHAF, x), MFK_OK);
    ck_assert_int_eq(mfk_game_index_error(g, MFK_INDEX_SHAPLEY_SHUBIK, x),
                     MFK_ESTATE);
    ck_assert_int_eq(mfk_game_index(g, MFK_INDEX_COLEMAN_PREVENT, x),
                     MFK_ESTATE);
    /* dummies are not known from an estimate */
    ck_assert_int_eq(mfk_game_dummy(g, 0, &d), MFK_ESTATE);
    /* exact counts again replace the estimates */
    ck_assert_int_eq(mfk_game_compute(g, MFK_POWER_BANZHAF), MFK_OK);
    ck_assert_int_eq(mfk_game_index_error(g, MFK_INDEX_BANZHAF, x),
                     MFK_ESTATE);
    ck_assert_int_eq(mfk_game_index(g, MFK_INDEX_BANZHAF, x), MFK_OK);
    ck_assert_double_eq_tol(x[0], 0.6, 1e-15);
    ck_assert_int_eq(mfk_game_set_min_blocking(g, 1), MFK_OK);
    ck_assert_int_eq(mfk_game_approximate(g, &bz, 1), MFK_EINVAL);
    mfk_game_free(g);
}
END_TEST

/* Banzhaf alone (the table without sizes) and every index (Shapley-
 * Shubik takes the table by size) give the same swings and winning
 * coalitions in the game [quota; w]: the counts compared, n + 1. */
static size_t same_as_sized(size_t n, unsigned long quota,
                            const unsigned long *w)
{
    mfk_game *flat = NULL, *sized = NULL;
    char a[256], b[256];
    size_t i;
    ck_assert_int_eq(mfk_game_new(&flat, n, quota, w, NULL), MFK_OK);
    ck_assert_int_eq(mfk_game_new(&sized, n, quota, w, NULL), MFK_OK);
    ck_assert_int_eq(mfk_game_compute(flat, MFK_POWER_BANZHAF), MFK_OK);
    ck_assert_int_eq(mfk_game_compute(sized, MFK_POWER_ALL), MFK_OK);
    for (i = 0; i <= n; i++) {
        mfk_count what = i < n ? MFK_COUNT_SWINGS : MFK_COUNT_WINNING;
        ck_assert_int_eq(mfk_game_count(flat, what, i, a, sizeof a, NULL),
                         MFK_OK);
        ck_assert_int_eq(mfk_game_count(sized, what, i, b, sizeof b, NULL),
                         MFK_OK);
        ck_assert_str_eq(a, b);
    }
    mfk_game_free(flat);
    mfk_game_free(sized);
    return i;
}

/* Players of one weight are added to the table by weight together; the
 * swings so counted are those of the table by size, which takes them one
 * at a time: many equal weights (more than 62, the largest group), weights
 * past the quota, zeros. */
START_TEST(test_power_equal_weights_grouped)
{
    unsigned long w[200], total;
    size_t n, i;
    int t;
    size_t compared = 0, want = 0;
    rng_state = 4242;
    for (t = 0; t < 24; t++) {
        n = 20 + rnd(180);
        total = 0;
        for (i = 0; i < n; i++)
            total += w[i] = t % 4 == 0   ? 1 + rnd(2)
                            : t % 4 == 1 ? rnd(4) * 50
                            : t % 4 == 2 ? (i < 3 ? 5000 : 1 + rnd(3))
                                         : 1 + rnd(9);
        if (total == 0)
            total = w[0] = 1;
        compared += same_as_sized(n, 1 + rnd(total), w);
        want += n + 1;
    }
    ck_assert_uint_eq(compared, want);
}
END_TEST

/* From 512 players on, the table without sizes is a product of
 * polynomials (forward_product in lib/analysis/power.c); its swings and
 * winning coalitions are those of the table by size: runs of equal
 * weights, zeros, weights past the quota, a quota of 1 and of all. */
START_TEST(test_power_product_against_sized)
{
    static unsigned long w[640];
    unsigned long total, quota;
    size_t n, i;
    int t;
    size_t compared = 0, want = 0;
    rng_state = 1919;
    for (t = 0; t < 6; t++) {
        n = 512 + rnd(128);
        total = 0;
        for (i = 0; i < n; i++)
            total += w[i] = t == 0   ? 1
                            : t == 1 ? rnd(3)
                            : t == 2 ? (i < 2 ? 900 : 1 + rnd(2))
                                     : 1 + rnd(4);
        quota = t == 3 ? 1 : t == 4 ? total : total / 2 + 1;
        compared += same_as_sized(n, quota, w);
        want += n + 1;
    }
    ck_assert_uint_eq(compared, want);
}
END_TEST

/* From 512 players of 2 to 128 distinct weights on, swings and winning
 * coalitions come from two halves of the players (swings_by_halves in
 * lib/analysis/power.c), never from the whole product: held to the table
 * by size on games of different sizes, of two weights and of many, equal
 * and unequal, with zeros, weights past the quota and halves the quota
 * cuts, at the quota's edges (1, 2, just below and at the total, about
 * half of it, where the game's dual is the smaller one, and near a
 * weight). */
START_TEST(test_power_halves_against_sized)
{
    static unsigned long w[600];
    unsigned long total, quota, top;
    size_t n, i;
    int t;
    size_t compared = 0, want = 0;
    rng_state = 2026;
    for (t = 0; t < 20; t++) {
        n = 512 + rnd(t < 10 ? 16 : 80);
        top = t % 5 == 0 ? 2 : t % 5 == 1 ? 3 : t % 5 == 2 ? 5 : 8;
        total = 0;
        for (i = 0; i < n; i++)
            total += w[i] = t % 5 == 4 ? (i < 3 ? 2000 + i : rnd(3))
                            : t % 5 == 3 && i % 3 == 0 ? 5
                                                       : 1 + rnd(top);
        switch (t / 5) {
        case 0:
            quota = t % 2 ? 1 : 2;
            break;
        case 1:
            quota = t % 2 ? total : total - 1;
            break;
        case 2:
            quota = total / 2 + (t % 2);
            break;
        default:
            quota = t % 5 == 4 ? 2001 + rnd(3) : 1 + rnd(total);
            break;
        }
        compared += same_as_sized(n, quota, w);
        want += n + 1;
    }
    ck_assert_uint_eq(compared, want);
}
END_TEST

/* The most distinct weights the halves take (128), and one more (the
 * product of the whole tree again): both held to the table by size, on
 * quotas that keep that table small. */
START_TEST(test_power_halves_weights_limit)
{
    static unsigned long w[600];
    unsigned long total;
    size_t n = 600, i;
    int t;
    size_t compared = 0, want = 0;
    for (t = 0; t < 4; t++) {
        size_t distinct = t < 2 ? 128 : 129;
        total = 0;
        for (i = 0; i < n; i++)
            total += w[i] = i < distinct ? i + 1 : 1;
        compared += same_as_sized(n, t % 2 ? 150 : total - 150, w);
        want += n + 1;
    }
    ck_assert_uint_eq(compared, want);
}
END_TEST

Suite *power_suite(void)
{
    Suite *s = suite_create("power");
    TCase *tc = test_case("power");
    tcase_add_test(tc, test_power_new_indices_brute_force);
    tcase_add_test(tc, test_power_new_indices_by_hand);
    tcase_add_test(tc, test_power_indices_asked);
    tcase_add_test(tc, test_power_new_indices_refused);
    tcase_add_test(tc, test_power_table_bytes);
    tcase_add_test(tc, test_power_approximate_against_exact);
    tcase_add_test(tc, test_power_approximate_refused);
    tcase_add_test(tc, test_power_equal_weights_grouped);
    tcase_add_test(tc, test_power_product_against_sized);
    tcase_add_test(tc, test_power_halves_against_sized);
    tcase_add_test(tc, test_power_halves_weights_limit);
    suite_add_tcase(s, tc);
    return s;
}
