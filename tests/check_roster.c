/* Tests: roster. Members, observers, attributes, the chair and its
 * rotation (CONTRACT.md, "Chair rotation"; DESIGN.md's chairs). */
#include "tests.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

/* The ASEAN members, in an order that is not that of their names. */
static const char *const asean[][2] = {
    {"VNM", "Viet Nam"},    {"IDN", "Indonesia"},
    {"MMR", "Myanmar"},     {"BRN", "Brunei Darussalam"},
    {"TLS", "Timor-Leste"}, {"PHL", "Philippines"},
    {"KHM", "Cambodia"},    {"SGP", "Singapore"},
    {"THA", "Thailand"},    {"MYS", "Malaysia"},
    {"LAO", "Lao PDR"}};

/* The body of ASEAN members, without Timor-Leste before 2025. */
static mfk_body *asean_body(int with_tls)
{
    mfk_body *b;
    size_t i;
    ck_assert_int_eq(mfk_body_new(&b, "ASEAN", 1, NULL), MFK_OK);
    for (i = 0; i < 11; i++) {
        if (!with_tls && strcmp(asean[i][0], "TLS") == 0)
            continue;
        ck_assert_int_eq(mfk_body_add_member(b, asean[i][0], asean[i][1],
                                             NULL),
                         MFK_OK);
    }
    return b;
}

static size_t member(const mfk_body *b, const char *id)
{
    size_t i;
    ck_assert_int_eq(mfk_body_find_member(b, id, &i), MFK_OK);
    return i;
}

static const char *chair_of(const mfk_body *b, int year, int base_year,
                            const char *base, const char *skip_id)
{
    size_t skip, chair;
    int have_skip = skip_id != NULL;
    if (have_skip)
        skip = member(b, skip_id);
    ck_assert_int_eq(mfk_body_rotation(b, year, base_year, member(b, base),
                                       have_skip ? &skip : NULL,
                                       have_skip ? 1 : 0, &chair),
                     MFK_OK);
    return mfk_body_member_id(b, chair);
}

START_TEST(test_members_and_observers)
{
    mfk_body *b;
    size_t i;

    ck_assert_int_eq(mfk_body_new(&b, "AMM", 2, NULL), MFK_OK);
    ck_assert_str_eq(mfk_body_name(b), "AMM");
    ck_assert_uint_eq(mfk_body_dims(b), 2);
    ck_assert_uint_eq(mfk_body_member_count(b), 0);
    ck_assert_int_eq(mfk_body_add_member(b, "BRN", "Brunei", &i), MFK_OK);
    ck_assert_uint_eq(i, 0);
    ck_assert_int_eq(mfk_body_add_member(b, "KHM", "Cambodia", &i), MFK_OK);
    ck_assert_uint_eq(i, 1);
    ck_assert_int_eq(mfk_body_add_observer(b, "CHN", "China"), MFK_OK);
    ck_assert_int_eq(mfk_body_add_observer(b, "USA", "United States"),
                     MFK_OK);
    /* ids are unique among members and observers together */
    ck_assert_int_eq(mfk_body_add_member(b, "BRN", "again", NULL),
                     MFK_EEXISTS);
    ck_assert_int_eq(mfk_body_add_member(b, "CHN", "China", NULL),
                     MFK_EEXISTS);
    ck_assert_int_eq(mfk_body_add_observer(b, "KHM", "x"), MFK_EEXISTS);
    ck_assert_int_eq(mfk_body_add_observer(b, "USA", "x"), MFK_EEXISTS);
    ck_assert_int_eq(mfk_body_add_member(b, "", "empty", NULL), MFK_EINVAL);
    ck_assert_int_eq(mfk_body_add_member(b, NULL, "x", NULL), MFK_EINVAL);
    ck_assert_int_eq(mfk_body_add_member(b, "X", NULL, NULL), MFK_EINVAL);
    ck_assert_int_eq(mfk_body_add_observer(b, "", "x"), MFK_EINVAL);
    ck_assert_uint_eq(mfk_body_member_count(b), 2);
    ck_assert_uint_eq(mfk_body_observer_count(b), 2);
    ck_assert_str_eq(mfk_body_member_id(b, 1), "KHM");
    ck_assert_str_eq(mfk_body_member_name(b, 1), "Cambodia");
    ck_assert_ptr_null(mfk_body_member_id(b, 2));
    ck_assert_ptr_null(mfk_body_member_name(b, 2));
    ck_assert_str_eq(mfk_body_observer_id(b, 1), "USA");
    ck_assert_str_eq(mfk_body_observer_name(b, 0), "China");
    ck_assert_ptr_null(mfk_body_observer_id(b, 2));
    /* observers never decide: they are not members */
    ck_assert_int_eq(mfk_body_find_member(b, "CHN", &i), MFK_ENOTFOUND);
    ck_assert_int_eq(mfk_body_find_member(b, "KHM", &i), MFK_OK);
    ck_assert_uint_eq(i, 1);
    ck_assert_int_eq(mfk_body_find_member(b, "khm", &i), MFK_ENOTFOUND);
    mfk_body_free(b);
    mfk_body_free(NULL);

    ck_assert_int_eq(mfk_body_new(&b, "x", 0, NULL), MFK_EINVAL);
    ck_assert_ptr_null(b);
    ck_assert_int_eq(mfk_body_new(&b, "x", MFK_MAX_DIMS + 1, NULL),
                     MFK_EINVAL);
    ck_assert_int_eq(mfk_body_new(&b, NULL, 1, NULL), MFK_EINVAL);
    ck_assert_int_eq(mfk_body_new(&b, "x", MFK_MAX_DIMS, NULL), MFK_OK);
    mfk_body_free(b);
}
END_TEST

START_TEST(test_attributes)
{
    mfk_body *b;
    const double ideal[3] = {0.1, -2, 3e8}, sal[3] = {0, 1.5, 2};
    const double nan3[3] = {0, NAN, 0}, neg3[3] = {1, -0.5, 1};
    const double *v;
    size_t i, k;

    ck_assert_int_eq(mfk_body_new(&b, "b", 3, NULL), MFK_OK);
    mfk_body_add_member(b, "A", "A", NULL);
    mfk_body_add_member(b, "B", "B", NULL);
    /* defaults */
    for (i = 0; i < 2; i++) {
        ck_assert(mfk_body_member_weight(b, i) == 1.0);
        ck_assert(mfk_body_member_tolerance(b, i) == 0.0);
        ck_assert_ptr_null(mfk_body_member_ideal(b, i));
        v = mfk_body_member_salience(b, i);
        for (k = 0; k < 3; k++)
            ck_assert(v[k] == 1.0);
    }
    ck_assert(!mfk_body_has_ideals(b));
    ck_assert_int_eq(mfk_body_set_ideal(b, 0, ideal), MFK_OK);
    ck_assert(!mfk_body_has_ideals(b));
    ck_assert_int_eq(mfk_body_set_ideal(b, 1, ideal), MFK_OK);
    ck_assert_int_eq(mfk_body_set_ideal(b, 1, ideal), MFK_OK);
    ck_assert(mfk_body_has_ideals(b));
    v = mfk_body_member_ideal(b, 0);
    ck_assert(v != ideal && memcmp(v, ideal, sizeof ideal) == 0);
    ck_assert_int_eq(mfk_body_set_salience(b, 1, sal), MFK_OK);
    ck_assert(memcmp(mfk_body_member_salience(b, 1), sal, sizeof sal) == 0);
    ck_assert_int_eq(mfk_body_set_weight(b, 1, 283.5), MFK_OK);
    ck_assert(mfk_body_member_weight(b, 1) == 283.5);
    ck_assert_int_eq(mfk_body_set_weight(b, 1, 0), MFK_OK);
    ck_assert_int_eq(mfk_body_set_tolerance(b, 0, 0.05), MFK_OK);
    ck_assert(mfk_body_member_tolerance(b, 0) == 0.05);
    /* finite; weight and salience not negative */
    ck_assert_int_eq(mfk_body_set_weight(b, 0, -1), MFK_ERANGE);
    ck_assert_int_eq(mfk_body_set_weight(b, 0, NAN), MFK_ERANGE);
    ck_assert_int_eq(mfk_body_set_weight(b, 0, INFINITY), MFK_ERANGE);
    ck_assert_int_eq(mfk_body_set_tolerance(b, 0, INFINITY), MFK_ERANGE);
    ck_assert_int_eq(mfk_body_set_ideal(b, 0, nan3), MFK_ERANGE);
    ck_assert_int_eq(mfk_body_set_salience(b, 0, neg3), MFK_ERANGE);
    ck_assert_int_eq(mfk_body_set_salience(b, 0, nan3), MFK_ERANGE);
    ck_assert(mfk_body_member_weight(b, 0) == 1.0);
    ck_assert(mfk_body_member_tolerance(b, 0) == 0.05);
    /* out of range */
    ck_assert_int_eq(mfk_body_set_weight(b, 2, 1), MFK_EINVAL);
    ck_assert_int_eq(mfk_body_set_ideal(b, 2, ideal), MFK_EINVAL);
    ck_assert_int_eq(mfk_body_set_ideal(b, 0, NULL), MFK_EINVAL);
    ck_assert_int_eq(mfk_body_set_tolerance(b, 2, 0), MFK_EINVAL);
    ck_assert_int_eq(mfk_body_set_salience(b, 2, sal), MFK_EINVAL);
    ck_assert_ptr_null(mfk_body_member_ideal(b, 2));
    ck_assert_ptr_null(mfk_body_member_salience(b, 2));
    mfk_body_free(b);
}
END_TEST

/* The verdict of one round of a body of n members, each of weight w,
 * under spec, the first `favour` supporting and the others objecting. */
static mfk_verdict weighted_round(const char *spec, int weighted, size_t n,
                                  double w, size_t favour)
{
    mfk_body *b = test_body(n);
    mfk_proposal *p;
    mfk_consultation *c;
    mfk_rule r;
    mfk_verdict v;
    size_t i;
    ck_assert_int_eq(mfk_rule_parse(&r, spec, strlen(spec)), MFK_OK);
    r.weighted = weighted;
    ck_assert_int_eq(mfk_body_set_rule(b, &r), MFK_OK);
    for (i = 0; i < n; i++)
        ck_assert_int_eq(mfk_body_set_weight(b, i, w), MFK_OK);
    ck_assert_int_eq(mfk_proposal_new(&p, b, "P", "T", NULL), MFK_OK);
    ck_assert_int_eq(mfk_consultation_new(&c, b, p, NULL), MFK_OK);
    for (i = 0; i < n; i++)
        mfk_consultation_set_stance(c, i, i < favour ? MFK_SUPPORT : MFK_OBJECT);
    ck_assert_int_eq(mfk_consultation_close_round(c, &v), MFK_OK);
    mfk_consultation_free(c);
    mfk_proposal_free(p);
    mfk_body_free(b);
    return v;
}

/* Weights set through the API are bounded (2^1011) so that no sum of
 * them is infinite: weights of 1e308 made a unanimous weighted majority
 * "short", silently (the sums were infinite). At the bound, with the most members, the sums
 * are finite and the verdicts right. */
START_TEST(test_weights_bounded)
{
    const double top = 0x1p1011;
    mfk_body *b = test_body(2);
    ck_assert_int_eq(mfk_body_set_weight(b, 0, 1e308), MFK_ERANGE);
    ck_assert_int_eq(mfk_body_set_weight(b, 0, nextafter(top, INFINITY)),
                     MFK_ERANGE);
    ck_assert(mfk_body_member_weight(b, 0) == 1.0);
    ck_assert_int_eq(mfk_body_set_weight(b, 0, top), MFK_OK);
    ck_assert(mfk_body_member_weight(b, 0) == top);
    mfk_body_free(b);
    ck_assert_int_eq(weighted_round("majority:0.5", 1, 2, top, 2),
                     MFK_VERDICT_ADOPTED);
    ck_assert_int_eq(weighted_round("majority:0.5", 1, MFK_MAX_MEMBERS, top,
                                    MFK_MAX_MEMBERS),
                     MFK_VERDICT_ADOPTED);
    ck_assert_int_eq(weighted_round("majority:0.5", 1, MFK_MAX_MEMBERS, top,
                                    MFK_MAX_MEMBERS / 2 - 1),
                     MFK_VERDICT_SHORT);
    ck_assert_int_eq(weighted_round("qualified-majority", 0, 8, top, 1),
                     MFK_VERDICT_SHORT);
    ck_assert_int_eq(weighted_round("qualified-majority", 0, 8, top, 8),
                     MFK_VERDICT_ADOPTED);
}
END_TEST

START_TEST(test_chair_and_settings)
{
    mfk_body *b = test_body(3);
    mfk_proposal *p;
    size_t i = 99;

    ck_assert_int_eq(mfk_body_chair(b, &i), MFK_ENOTFOUND);
    ck_assert_int_eq(mfk_body_set_chair(b, 3), MFK_EINVAL);
    ck_assert_int_eq(mfk_body_set_chair(b, 2), MFK_OK);
    ck_assert_int_eq(mfk_body_chair(b, &i), MFK_OK);
    ck_assert_uint_eq(i, 2);
    /* defaults of CONTRACT */
    ck_assert_int_eq(mfk_body_rule(b)->kind, MFK_RULE_CONSENSUS);
    ck_assert_int_eq(mfk_body_principle(b, MFK_PRINCIPLE_INTERNAL_AFFAIRS),
                     MFK_MODE_ENFORCE);
    ck_assert_int_eq(mfk_body_principle(b, MFK_PRINCIPLE_PACE),
                     MFK_MODE_ENFORCE);
    ck_assert_uint_eq(mfk_body_flexible_pillars(b), 1u << MFK_PILLAR_ECONOMIC);
    ck_assert_uint_eq(mfk_body_max_rounds(b), 5);
    ck_assert_int_eq(mfk_body_fallback(b), MFK_FALLBACK_DEFER);
    ck_assert_int_eq(mfk_body_set_max_rounds(b, 0), MFK_ERANGE);
    ck_assert_int_eq(mfk_body_set_max_rounds(b, MFK_MAX_ROUNDS + 1),
                     MFK_ERANGE);
    ck_assert_int_eq(mfk_body_set_max_rounds(b, MFK_MAX_ROUNDS), MFK_OK);
    ck_assert_int_eq(mfk_body_set_fallback(b, (mfk_fallback)5), MFK_EINVAL);
    ck_assert_int_eq(mfk_body_set_flexible_pillars(b, 8), MFK_EINVAL);
    ck_assert_int_eq(mfk_body_set_flexible_pillars(b, 7), MFK_OK);
    /* the roster is fixed while a proposal lives */
    ck_assert_int_eq(mfk_proposal_new(&p, b, "P", "t", NULL), MFK_OK);
    ck_assert_int_eq(mfk_body_add_member(b, "NEW", "new", NULL), MFK_ESTATE);
    mfk_proposal_free(p);
    ck_assert_int_eq(mfk_body_add_member(b, "NEW", "new", NULL), MFK_OK);
    mfk_body_free(b);
}
END_TEST

/* DESIGN.md: PHL 2017, SGP 2018, THA 2019, VNM 2020, BRN 2021, KHM 2022,
 * IDN 2023, LAO 2024, MYS 2025, PHL 2026 (Myanmar passed over). */
START_TEST(test_rotation_2017_2026)
{
    static const char *const chairs[] = {"PHL", "SGP", "THA", "VNM", "BRN",
                                         "KHM", "IDN", "LAO", "MYS", "PHL"};
    mfk_body *b = asean_body(0);
    int y;

    ck_assert_uint_eq(mfk_body_member_count(b), 10);
    for (y = 2017; y <= 2026; y++)
        ck_assert_str_eq(chair_of(b, y, 2017, "PHL", "MMR"),
                         chairs[y - 2017]);
    /* without the skip, 2026 would have been Myanmar's */
    ck_assert_str_eq(chair_of(b, 2026, 2017, "PHL", NULL), "MMR");
    ck_assert_str_eq(chair_of(b, 2027, 2017, "PHL", NULL), "PHL");
    mfk_body_free(b);
}
END_TEST

/* The contract's case with Timor-Leste, over whole cycles: ten eligible
 * members, so the chair of year y is that of y - 10. */
START_TEST(test_rotation_asean_cycles)
{
    static const char *const from_2025[] = {"MYS", "PHL", "SGP", "THA", "TLS",
                                            "VNM", "BRN", "KHM", "IDN", "LAO"};
    mfk_body *b = asean_body(1);
    size_t chair, base = member(b, "MYS");
    int y;

    for (y = 2025; y < 2025 + 35; y++)
        ck_assert_str_eq(chair_of(b, y, 2025, "MYS", "MMR"),
                         from_2025[(y - 2025) % 10]);
    ck_assert_str_eq(chair_of(b, 2025 + 1000003, 2025, "MYS", "MMR"),
                     from_2025[3]);
    ck_assert_int_eq(mfk_body_rotation(b, 2024, 2025, base, NULL, 0, &chair),
                     MFK_EINVAL);
    /* a base chair that is itself passed over: the walk starts there */
    ck_assert_str_eq(chair_of(b, 2026, 2025, "MMR", "MMR"), "PHL");
    ck_assert_str_eq(chair_of(b, 2035, 2025, "MMR", "MMR"), "MYS");
    ck_assert_str_eq(chair_of(b, 2036, 2025, "MMR", "MMR"), "PHL");
    mfk_body_free(b);
}
END_TEST

START_TEST(test_rotation_skips)
{
    mfk_body *b = asean_body(1);
    size_t skip[11], chair, n = 0, i;
    const char *skipped[] = {"MMR", "PHL", "THA"};

    for (i = 0; i < 3; i++)
        skip[n++] = member(b, skipped[i]);
    /* from MYS: (MMR) (PHL) SGP (THA) TLS VNM BRN KHM IDN LAO MYS SGP */
    {
        static const char *const want[] = {"MYS", "SGP", "TLS", "VNM",
                                           "BRN", "KHM", "IDN", "LAO",
                                           "MYS", "SGP"};
        int y;
        for (y = 0; y < 10; y++) {
            ck_assert_int_eq(mfk_body_rotation(b, 2025 + y, 2025,
                                               member(b, "MYS"), skip, n,
                                               &chair),
                             MFK_OK);
            ck_assert_str_eq(mfk_body_member_id(b, chair), want[y]);
        }
    }
    /* every member passed over: no chair after the base year */
    for (i = 0, n = 0; i < 11; i++)
        skip[n++] = i;
    ck_assert_int_eq(mfk_body_rotation(b, 2026, 2025, 0, skip, n, &chair),
                     MFK_EINVAL);
    ck_assert_int_eq(mfk_body_rotation(b, 2026, 2025, 0, NULL, 1, &chair),
                     MFK_EINVAL);
    ck_assert_int_eq(mfk_body_rotation(b, 2026, 2025, 11, NULL, 0, &chair),
                     MFK_EINVAL);
    ck_assert_int_eq(mfk_body_rotation(b, 2026, 2025, 0, NULL, 0, NULL),
                     MFK_EINVAL);
    mfk_body_free(b);
}
END_TEST

/* Names in byte order: capitals before small letters; equal names in
 * roster order. */
START_TEST(test_rotation_byte_order)
{
    mfk_body *b;
    ck_assert_int_eq(mfk_body_new(&b, "b", 1, NULL), MFK_OK);
    mfk_body_add_member(b, "a", "alpha", NULL);
    mfk_body_add_member(b, "B", "Beta", NULL);
    mfk_body_add_member(b, "g", "Gamma", NULL);
    mfk_body_add_member(b, "g2", "Gamma", NULL);
    mfk_body_add_member(b, "z", "Zeta", NULL);
    /* Beta < Gamma = Gamma < Zeta < alpha */
    ck_assert_str_eq(chair_of(b, 2001, 2000, "B", NULL), "g");
    ck_assert_str_eq(chair_of(b, 2002, 2000, "B", NULL), "g2");
    ck_assert_str_eq(chair_of(b, 2003, 2000, "B", NULL), "z");
    ck_assert_str_eq(chair_of(b, 2004, 2000, "B", NULL), "a");
    ck_assert_str_eq(chair_of(b, 2005, 2000, "B", NULL), "B");
    mfk_body_free(b);
}
END_TEST

START_TEST(test_body_of_one)
{
    mfk_body *b = test_body(1);
    size_t chair = 9;
    /* the only member chairs every year (CONTRACT's walk comes back to
     * it); read so, although the header's wording for a body whose
     * other members are all skipped says MFK_EINVAL */
    ck_assert_int_eq(mfk_body_rotation(b, 2030, 2025, 0, NULL, 0, &chair),
                     MFK_OK);
    ck_assert_uint_eq(chair, 0);
    ck_assert_int_eq(mfk_body_rotation(b, 2025, 2025, 0, NULL, 0, &chair),
                     MFK_OK);
    ck_assert_uint_eq(chair, 0);
    ck_assert_uint_eq(mfk_body_member_count(b), 1);
    mfk_body_free(b);
}
END_TEST

/* 255 members added in reverse name order: the rotation walks the names
 * up, so from the base it visits the roster downwards. */
START_TEST(test_body_of_255)
{
    mfk_body *b;
    size_t i, chair, skip[2];
    char id[16], name[32];
    int y;

    ck_assert_int_eq(mfk_body_new(&b, "UN-like", 1, NULL), MFK_OK);
    for (i = 0; i < 255; i++) {
        snprintf(id, sizeof id, "S%03zu", i);
        snprintf(name, sizeof name, "State %03zu", 254 - i);
        ck_assert_int_eq(mfk_body_add_member(b, id, name, &chair), MFK_OK);
        ck_assert_uint_eq(chair, i);
    }
    ck_assert_uint_eq(mfk_body_member_count(b), 255);
    for (i = 0; i < 255; i++) {
        size_t at;
        snprintf(id, sizeof id, "S%03zu", i);
        ck_assert_int_eq(mfk_body_find_member(b, id, &at), MFK_OK);
        ck_assert_uint_eq(at, i);
    }
    /* base: roster 254 ("State 000"); year k: roster 254 - k mod 255 */
    for (y = 0; y < 600; y += 7) {
        ck_assert_int_eq(mfk_body_rotation(b, 2000 + y, 2000, 254, NULL, 0,
                                           &chair),
                         MFK_OK);
        ck_assert_uint_eq(chair, 254 - (size_t)y % 255);
    }
    /* skipping "State 001" and "State 002" (roster 253, 252) */
    skip[0] = 253;
    skip[1] = 252;
    ck_assert_int_eq(mfk_body_rotation(b, 2001, 2000, 254, skip, 2, &chair),
                     MFK_OK);
    ck_assert_uint_eq(chair, 251);
    /* 253 eligible: a whole cycle back to the base */
    ck_assert_int_eq(mfk_body_rotation(b, 2253, 2000, 254, skip, 2, &chair),
                     MFK_OK);
    ck_assert_uint_eq(chair, 254);
    mfk_body_free(b);
}
END_TEST

START_TEST(test_member_limit)
{
    mfk_body *b = test_body(0);
    char id[16];
    size_t i;
    for (i = 0; i < MFK_MAX_MEMBERS; i++) {
        snprintf(id, sizeof id, "%zu", i);
        ck_assert_int_eq(mfk_body_add_member(b, id, id, NULL), MFK_OK);
    }
    ck_assert_int_eq(mfk_body_add_member(b, "one more", "x", NULL),
                     MFK_ELIMIT);
    mfk_body_free(b);
}
END_TEST

static void body_cleanup(void *ud)
{
    mfk_body **b = ud;
    mfk_body_free(*b);
    *b = NULL;
}

static int never(const mfk_body *b, const mfk_proposal *p,
                 unsigned char *offenders, void *ud)
{
    (void)b;
    (void)p;
    (void)offenders;
    (void)ud;
    return 0;
}

/* Every function called without a body, with an index past the roster,
 * or with a value out of its range: the documented code or value, and
 * nothing changed. */
START_TEST(test_bad_arguments)
{
    mfk_body *b = test_body(2);
    mfk_rule r;
    const double x[1] = {0.5};
    size_t i = 7;

    ck_assert_int_eq(mfk_body_new(NULL, "b", 1, NULL), MFK_EINVAL);
    mfk_rule_init(&r, MFK_RULE_SILENCE);

    /* no body */
    ck_assert_ptr_null(mfk_body_name(NULL));
    ck_assert_uint_eq(mfk_body_dims(NULL), 0);
    ck_assert_int_eq(mfk_body_add_member(NULL, "X", "X", NULL), MFK_EINVAL);
    ck_assert_int_eq(mfk_body_add_observer(NULL, "X", "X"), MFK_EINVAL);
    ck_assert_uint_eq(mfk_body_member_count(NULL), 0);
    ck_assert_uint_eq(mfk_body_observer_count(NULL), 0);
    ck_assert_int_eq(mfk_body_find_member(NULL, "M0", &i), MFK_EINVAL);
    ck_assert_ptr_null(mfk_body_member_id(NULL, 0));
    ck_assert_ptr_null(mfk_body_member_name(NULL, 0));
    ck_assert_ptr_null(mfk_body_observer_id(NULL, 0));
    ck_assert_ptr_null(mfk_body_observer_name(NULL, 0));
    ck_assert_int_eq(mfk_body_set_weight(NULL, 0, 1), MFK_EINVAL);
    ck_assert_int_eq(mfk_body_set_ideal(NULL, 0, x), MFK_EINVAL);
    ck_assert_int_eq(mfk_body_set_salience(NULL, 0, x), MFK_EINVAL);
    ck_assert_int_eq(mfk_body_set_tolerance(NULL, 0, 0), MFK_EINVAL);
    ck_assert(mfk_body_member_weight(NULL, 0) == 0.0);
    ck_assert_ptr_null(mfk_body_member_ideal(NULL, 0));
    ck_assert_ptr_null(mfk_body_member_salience(NULL, 0));
    ck_assert(mfk_body_member_tolerance(NULL, 0) == 0.0);
    ck_assert_int_eq(mfk_body_has_ideals(NULL), 0);
    ck_assert_int_eq(mfk_body_set_chair(NULL, 0), MFK_EINVAL);
    ck_assert_int_eq(mfk_body_chair(NULL, &i), MFK_EINVAL);
    ck_assert_int_eq(mfk_body_rotation(NULL, 2025, 2025, 0, NULL, 0, &i),
                     MFK_EINVAL);
    ck_assert_int_eq(mfk_body_set_rule(NULL, &r), MFK_EINVAL);
    ck_assert_ptr_null(mfk_body_rule(NULL));
    ck_assert_int_eq(mfk_body_set_principle(NULL, MFK_PRINCIPLE_PACE,
                                            MFK_MODE_OFF),
                     MFK_EINVAL);
    ck_assert_int_eq(mfk_body_principle(NULL, MFK_PRINCIPLE_PACE),
                     MFK_MODE_OFF);
    ck_assert_int_eq(mfk_body_set_flexible_pillars(NULL, 1), MFK_EINVAL);
    ck_assert_uint_eq(mfk_body_flexible_pillars(NULL), 0);
    ck_assert_int_eq(mfk_body_set_max_rounds(NULL, 3), MFK_EINVAL);
    ck_assert_uint_eq(mfk_body_max_rounds(NULL), 0);
    ck_assert_int_eq(mfk_body_set_fallback(NULL, MFK_FALLBACK_NONE),
                     MFK_EINVAL);
    ck_assert_int_eq(mfk_body_fallback(NULL), MFK_FALLBACK_DEFER);
    ck_assert_int_eq(mfk_body_add_principle(NULL, "p", MFK_MODE_REPORT,
                                            never, NULL),
                     MFK_EINVAL);

    /* missing strings and vectors */
    ck_assert_int_eq(mfk_body_add_observer(b, NULL, "X"), MFK_EINVAL);
    ck_assert_int_eq(mfk_body_add_observer(b, "X", NULL), MFK_EINVAL);
    ck_assert_int_eq(mfk_body_add_observer(b, "", "X"), MFK_EINVAL);
    ck_assert_int_eq(mfk_body_find_member(b, NULL, &i), MFK_EINVAL);
    ck_assert_int_eq(mfk_body_set_salience(b, 0, NULL), MFK_EINVAL);
    ck_assert_int_eq(mfk_body_set_rule(b, NULL), MFK_EINVAL);
    ck_assert_int_eq(mfk_body_add_principle(b, NULL, MFK_MODE_REPORT, never,
                                            NULL),
                     MFK_EINVAL);
    ck_assert_int_eq(mfk_body_add_principle(b, "", MFK_MODE_REPORT, never,
                                            NULL),
                     MFK_EINVAL);
    ck_assert_int_eq(mfk_body_add_principle(b, "p", MFK_MODE_REPORT, NULL,
                                            NULL),
                     MFK_EINVAL);

    /* indices past the roster */
    ck_assert_ptr_null(mfk_body_member_id(b, 2));
    ck_assert_ptr_null(mfk_body_member_name(b, 2));
    ck_assert_ptr_null(mfk_body_observer_id(b, 0));
    ck_assert_ptr_null(mfk_body_observer_name(b, 0));
    ck_assert(mfk_body_member_weight(b, 2) == 0.0);
    ck_assert(mfk_body_member_tolerance(b, 2) == 0.0);

    /* enum values below and above their range */
    ck_assert_int_eq(mfk_body_set_principle(b, (mfk_principle)-1,
                                            MFK_MODE_OFF),
                     MFK_EINVAL);
    ck_assert_int_eq(mfk_body_set_principle(b, (mfk_principle)6,
                                            MFK_MODE_OFF),
                     MFK_EINVAL);
    ck_assert_int_eq(mfk_body_set_principle(b, MFK_PRINCIPLE_PACE,
                                            (mfk_mode)-1),
                     MFK_EINVAL);
    ck_assert_int_eq(mfk_body_set_principle(b, MFK_PRINCIPLE_PACE,
                                            (mfk_mode)3),
                     MFK_EINVAL);
    ck_assert_int_eq(mfk_body_principle(b, (mfk_principle)-1), MFK_MODE_OFF);
    ck_assert_int_eq(mfk_body_principle(b, (mfk_principle)6), MFK_MODE_OFF);
    ck_assert_int_eq(mfk_body_set_fallback(b, (mfk_fallback)-1), MFK_EINVAL);
    ck_assert_int_eq(mfk_body_add_principle(b, "p", (mfk_mode)-1, never,
                                            NULL),
                     MFK_EINVAL);
    ck_assert_int_eq(mfk_body_add_principle(b, "p", (mfk_mode)3, never,
                                            NULL),
                     MFK_EINVAL);

    /* nothing moved */
    ck_assert_uint_eq(mfk_body_member_count(b), 2);
    ck_assert_uint_eq(mfk_body_observer_count(b), 0);
    ck_assert_ptr_null(mfk_body_member_salience(b, 2));
    ck_assert(mfk_body_member_salience(b, 0)[0] == 1.0);
    ck_assert_int_eq(mfk_body_principle(b, MFK_PRINCIPLE_PACE),
                     MFK_MODE_ENFORCE);
    ck_assert_int_eq(mfk_body_fallback(b), MFK_FALLBACK_DEFER);
    ck_assert_int_eq(mfk_body_rule(b)->kind, MFK_RULE_CONSENSUS);
    ck_assert_uint_eq(i, 7);
    /* what may be left out is left out */
    ck_assert_int_eq(mfk_body_find_member(b, "M1", NULL), MFK_OK);
    ck_assert_int_eq(mfk_body_set_chair(b, 1), MFK_OK);
    ck_assert_int_eq(mfk_body_chair(b, NULL), MFK_OK);
    /* a body without members has no ideal points to speak of */
    mfk_body_free(b);
    ck_assert_int_eq(mfk_body_new(&b, "empty", 1, NULL), MFK_OK);
    ck_assert_int_eq(mfk_body_has_ideals(b), 0);
    mfk_body_free(b);
}
END_TEST

/* Members that all bear one name rotate in roster order, wrapping round
 * to the first; with every member skipped, the base year still has its
 * chair. */
START_TEST(test_rotation_one_name)
{
    mfk_body *b;
    size_t chair = 9, skip[3] = {0, 1, 2};
    ck_assert_int_eq(mfk_body_new(&b, "b", 1, NULL), MFK_OK);
    mfk_body_add_member(b, "A", "Same", NULL);
    mfk_body_add_member(b, "B", "Same", NULL);
    mfk_body_add_member(b, "C", "Same", NULL);
    ck_assert_str_eq(chair_of(b, 2001, 2000, "A", NULL), "B");
    ck_assert_str_eq(chair_of(b, 2002, 2000, "A", NULL), "C");
    ck_assert_str_eq(chair_of(b, 2003, 2000, "A", NULL), "A");
    ck_assert_str_eq(chair_of(b, 2001, 2000, "C", NULL), "A");
    ck_assert_str_eq(chair_of(b, 2001, 2000, "A", "B"), "C");
    ck_assert_int_eq(mfk_body_rotation(b, 2000, 2000, 1, skip, 3, &chair),
                     MFK_OK);
    ck_assert_uint_eq(chair, 1);
    ck_assert_int_eq(mfk_body_rotation(b, 2001, 2000, 1, skip, 3, &chair),
                     MFK_EINVAL);
    mfk_body_free(b);
}
END_TEST

/* Every step of building a body: members past several growths,
 * observers, attributes, user principles. */
static int build_body(void *ud, const mfk_allocator *a)
{
    mfk_body **b = ud;
    const double x[2] = {0.5, 0.25};
    char id[16];
    size_t i;
    int rc;

    if ((rc = mfk_body_new(b, "body", 2, a)) != MFK_OK)
        return rc;
    for (i = 0; i < 40; i++) {
        snprintf(id, sizeof id, "M%zu", i);
        if ((rc = mfk_body_add_member(*b, id, "member", NULL)) != MFK_OK)
            return rc;
        if ((rc = mfk_body_set_ideal(*b, i, x)) != MFK_OK)
            return rc;
    }
    for (i = 0; i < 9; i++) {
        snprintf(id, sizeof id, "O%zu", i);
        if ((rc = mfk_body_add_observer(*b, id, "observer")) != MFK_OK)
            return rc;
    }
    for (i = 0; i < 6; i++) {
        snprintf(id, sizeof id, "user-%zu", i);
        if ((rc = mfk_body_add_principle(*b, id, MFK_MODE_REPORT, never,
                                         NULL)) != MFK_OK)
            return rc;
    }
    return mfk_body_member_count(*b) == 40 ? MFK_OK : MFK_EINVAL;
}

START_TEST(test_alloc_failures)
{
    mfk_body *b = NULL;
    ck_assert_uint_gt(test_alloc_walk(build_body, body_cleanup, &b), 40);
}
END_TEST

/* After a failed addition the body is as it was and can grow on. */
START_TEST(test_alloc_failure_recovers)
{
    test_alloc ta;
    mfk_body *b;
    char id[16];
    size_t i, k;

    test_alloc_init(&ta);
    ck_assert_int_eq(mfk_body_new(&b, "b", 1, &ta.a), MFK_OK);
    for (i = 0, k = 0; i < 30; i++) {
        snprintf(id, sizeof id, "M%zu", i);
        ta.fail_at = ta.calls + 1 + (k++ % 8);
        if (mfk_body_add_member(b, id, id, NULL) != MFK_OK) {
            ck_assert_uint_eq(mfk_body_member_count(b), i);
            ck_assert_int_eq(mfk_body_find_member(b, id, NULL),
                             MFK_ENOTFOUND);
            ta.fail_at = 0;
            ck_assert_int_eq(mfk_body_add_member(b, id, id, NULL), MFK_OK);
        }
    }
    ta.fail_at = 0;
    ck_assert_uint_eq(mfk_body_member_count(b), 30);
    for (i = 0; i < 30; i++) {
        snprintf(id, sizeof id, "M%zu", i);
        ck_assert_str_eq(mfk_body_member_id(b, i), id);
        ck_assert(mfk_body_member_weight(b, i) == 1.0);
    }
    mfk_body_free(b);
    ck_assert_uint_eq(ta.live, 0);
}
END_TEST

Suite *roster_suite(void)
{
    Suite *s = suite_create("roster");
    TCase *tc = test_case("roster");
    tcase_add_test(tc, test_members_and_observers);
    tcase_add_test(tc, test_attributes);
    tcase_add_test(tc, test_weights_bounded);
    tcase_add_test(tc, test_chair_and_settings);
    tcase_add_test(tc, test_rotation_2017_2026);
    tcase_add_test(tc, test_rotation_asean_cycles);
    tcase_add_test(tc, test_rotation_skips);
    tcase_add_test(tc, test_rotation_byte_order);
    tcase_add_test(tc, test_rotation_one_name);
    tcase_add_test(tc, test_bad_arguments);
    tcase_add_test(tc, test_body_of_one);
    tcase_add_test(tc, test_body_of_255);
    tcase_add_test(tc, test_member_limit);
    tcase_add_test(tc, test_alloc_failures);
    tcase_add_test(tc, test_alloc_failure_recovers);
    suite_add_tcase(s, tc);
    return s;
}
