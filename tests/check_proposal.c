/* Tests: proposal. Roles and consent, overrides of the body's settings,
 * text versions and amendments that keep what they replaced, reset, and
 * allocation failure. */
#include "tests.h"

#include <math.h>
#include <string.h>

START_TEST(test_defaults_and_fields)
{
    mfk_body *b = test_body(3);
    mfk_proposal *p = (mfk_proposal *)1;

    ck_assert_int_eq(mfk_proposal_new(&p, NULL, "P", "t", NULL), MFK_EINVAL);
    ck_assert_ptr_null(p);
    ck_assert_int_eq(mfk_proposal_new(&p, b, NULL, "t", NULL), MFK_EINVAL);
    ck_assert_int_eq(mfk_proposal_new(&p, b, "P", NULL, NULL), MFK_EINVAL);
    ck_assert_int_eq(mfk_proposal_new(&p, b, "P1", "A title", NULL), MFK_OK);
    ck_assert_str_eq(mfk_proposal_id(p), "P1");
    ck_assert_str_eq(mfk_proposal_title(p), "A title");
    ck_assert_ptr_eq(mfk_proposal_body(p), b);
    ck_assert_int_eq(mfk_proposal_pillar(p), MFK_PILLAR_POLITICAL_SECURITY);
    ck_assert_int_eq(mfk_proposal_component(p),
                     MFK_COMPONENT_POLITICAL_DEVELOPMENT);
    ck_assert_int_eq(mfk_proposal_has_component(p), 0);
    ck_assert_uint_eq(mfk_proposal_measures(p), 0);
    ck_assert_ptr_null(mfk_proposal_text(p));
    ck_assert_ptr_null(mfk_proposal_position(p));
    ck_assert_ptr_null(mfk_proposal_status_quo(p));
    ck_assert_uint_eq(mfk_proposal_version_count(p), 1);
    ck_assert_int_eq(mfk_proposal_set_pillar(p, MFK_PILLAR_SOCIO_CULTURAL),
                     MFK_OK);
    ck_assert_int_eq(mfk_proposal_pillar(p), MFK_PILLAR_SOCIO_CULTURAL);
    ck_assert_int_eq(mfk_proposal_set_pillar(p, (mfk_pillar)3), MFK_EINVAL);
    ck_assert_int_eq(mfk_proposal_set_component(p, (mfk_component)6),
                     MFK_EINVAL);
    ck_assert_int_eq(mfk_proposal_has_component(p), 0);
    ck_assert_int_eq(mfk_proposal_set_component(
                         p, MFK_COMPONENT_IMPLEMENTING_MECHANISMS),
                     MFK_OK);
    ck_assert_int_eq(mfk_proposal_has_component(p), 1);
    ck_assert_int_eq(mfk_proposal_component(p),
                     MFK_COMPONENT_IMPLEMENTING_MECHANISMS);
    ck_assert_int_eq(mfk_proposal_set_component(p, (mfk_component)6),
                     MFK_EINVAL);
    ck_assert_int_eq(mfk_proposal_set_measures(p, MFK_MEASURE_STATEMENT |
                                                      MFK_MEASURE_USE_OF_FORCE),
                     MFK_OK);
    ck_assert_uint_eq(mfk_proposal_measures(p),
                      MFK_MEASURE_STATEMENT | MFK_MEASURE_USE_OF_FORCE);
    ck_assert_int_eq(mfk_proposal_set_measures(p, 1u << 6), MFK_EINVAL);
    ck_assert_uint_eq(mfk_proposal_measures(p),
                      MFK_MEASURE_STATEMENT | MFK_MEASURE_USE_OF_FORCE);
    mfk_proposal_free(p);
    mfk_proposal_free(NULL);
    mfk_body_free(b);
}
END_TEST

/* Every function called without a proposal, or with an argument out of
 * its range: the documented code or value, and nothing changed. */
START_TEST(test_bad_arguments)
{
    mfk_body *b = test_body(2);
    mfk_proposal *p;
    mfk_rule r;
    const char *text = "x";
    const double *pos = NULL;
    double x[1] = {0.5};

    ck_assert_int_eq(mfk_proposal_new(NULL, b, "P", "t", NULL), MFK_EINVAL);
    ck_assert_int_eq(mfk_proposal_new(&p, b, "P", "t", NULL), MFK_OK);
    mfk_rule_init(&r, MFK_RULE_SILENCE);

    /* no proposal */
    ck_assert_ptr_null(mfk_proposal_id(NULL));
    ck_assert_ptr_null(mfk_proposal_title(NULL));
    ck_assert_ptr_null(mfk_proposal_body(NULL));
    ck_assert_int_eq(mfk_proposal_set_pillar(NULL, MFK_PILLAR_ECONOMIC),
                     MFK_EINVAL);
    ck_assert_int_eq(mfk_proposal_pillar(NULL),
                     MFK_PILLAR_POLITICAL_SECURITY);
    ck_assert_int_eq(mfk_proposal_set_component(NULL, MFK_COMPONENT_NORMS),
                     MFK_EINVAL);
    ck_assert_int_eq(mfk_proposal_component(NULL),
                     MFK_COMPONENT_POLITICAL_DEVELOPMENT);
    ck_assert_int_eq(mfk_proposal_has_component(NULL), 0);
    ck_assert_int_eq(mfk_proposal_set_measures(NULL, MFK_MEASURE_STATEMENT),
                     MFK_EINVAL);
    ck_assert_uint_eq(mfk_proposal_measures(NULL), 0);
    ck_assert_int_eq(mfk_proposal_add_role(NULL, 0, MFK_ROLE_SPONSOR),
                     MFK_EINVAL);
    ck_assert_uint_eq(mfk_proposal_roles(NULL, 0), 0);
    ck_assert_int_eq(mfk_proposal_consents(NULL, 0), 0);
    ck_assert_int_eq(mfk_proposal_set_rule(NULL, &r), MFK_EINVAL);
    ck_assert_ptr_null(mfk_proposal_rule(NULL));
    ck_assert_int_eq(mfk_proposal_set_max_rounds(NULL, 3), MFK_EINVAL);
    ck_assert_uint_eq(mfk_proposal_max_rounds(NULL), 0);
    ck_assert_int_eq(mfk_proposal_set_fallback(NULL, MFK_FALLBACK_NONE),
                     MFK_EINVAL);
    ck_assert_int_eq(mfk_proposal_fallback(NULL), MFK_FALLBACK_DEFER);
    ck_assert_int_eq(mfk_proposal_set_text(NULL, "x"), MFK_EINVAL);
    ck_assert_int_eq(mfk_proposal_set_position(NULL, x), MFK_EINVAL);
    ck_assert_int_eq(mfk_proposal_set_status_quo(NULL, x), MFK_EINVAL);
    ck_assert_ptr_null(mfk_proposal_text(NULL));
    ck_assert_ptr_null(mfk_proposal_position(NULL));
    ck_assert_ptr_null(mfk_proposal_status_quo(NULL));
    ck_assert_int_eq(mfk_proposal_amend(NULL, x, "x"), MFK_EINVAL);
    ck_assert_uint_eq(mfk_proposal_version_count(NULL), 0);
    ck_assert_int_eq(mfk_proposal_reset(NULL), MFK_EINVAL);
    ck_assert_int_eq(mfk_proposal_version(NULL, 0, &text, &pos),
                     MFK_EINVAL);
    ck_assert_str_eq(text, "x");

    /* values out of range, below and above */
    ck_assert_int_eq(mfk_proposal_set_pillar(p, (mfk_pillar)-1), MFK_EINVAL);
    ck_assert_int_eq(mfk_proposal_set_component(p, (mfk_component)-1),
                     MFK_EINVAL);
    ck_assert_int_eq(mfk_proposal_set_fallback(p, (mfk_fallback)-1),
                     MFK_EINVAL);
    ck_assert_int_eq(mfk_proposal_set_fallback(p, (mfk_fallback)5),
                     MFK_EINVAL);
    ck_assert_int_eq(mfk_proposal_set_rule(p, NULL), MFK_EINVAL);
    ck_assert_int_eq(mfk_proposal_add_role(p, 2, MFK_ROLE_PARTY), MFK_EINVAL);
    ck_assert_int_eq(mfk_proposal_add_role(p, 0, 0x10), MFK_EINVAL);
    ck_assert_uint_eq(mfk_proposal_roles(p, 2), 0);
    ck_assert_int_eq(mfk_proposal_set_position(p, NULL), MFK_EINVAL);
    ck_assert_int_eq(mfk_proposal_set_status_quo(p, NULL), MFK_EINVAL);
    x[0] = NAN;
    ck_assert_int_eq(mfk_proposal_set_status_quo(p, x), MFK_ERANGE);
    ck_assert_int_eq(mfk_proposal_amend(p, x, NULL), MFK_ERANGE);
    ck_assert_int_eq(mfk_proposal_version(p, 1, &text, &pos), MFK_ENOTFOUND);

    /* nothing moved */
    ck_assert_int_eq(mfk_proposal_pillar(p), MFK_PILLAR_POLITICAL_SECURITY);
    ck_assert_int_eq(mfk_proposal_component(p),
                     MFK_COMPONENT_POLITICAL_DEVELOPMENT);
    ck_assert_int_eq(mfk_proposal_fallback(p), MFK_FALLBACK_DEFER);
    ck_assert_ptr_eq(mfk_proposal_rule(p), mfk_body_rule(b));
    ck_assert_uint_eq(mfk_proposal_roles(p, 0), 0);
    ck_assert_ptr_null(mfk_proposal_status_quo(p));
    ck_assert_uint_eq(mfk_proposal_version_count(p), 1);
    /* what may be left out is left out */
    ck_assert_int_eq(mfk_proposal_version(p, 0, NULL, NULL), MFK_OK);
    mfk_proposal_free(p);
    mfk_body_free(b);
}
END_TEST

START_TEST(test_roles_and_consent)
{
    mfk_body *b = test_body(4);
    mfk_proposal *p;

    ck_assert_int_eq(mfk_proposal_new(&p, b, "P", "t", NULL), MFK_OK);
    ck_assert_int_eq(mfk_proposal_add_role(p, 0, MFK_ROLE_SPONSOR), MFK_OK);
    ck_assert_int_eq(mfk_proposal_add_role(p, 1, MFK_ROLE_CONCERN), MFK_OK);
    ck_assert_int_eq(mfk_proposal_add_role(p, 2, MFK_ROLE_PARTY), MFK_OK);
    ck_assert_int_eq(mfk_proposal_add_role(p, 2, MFK_ROLE_CONSENT), MFK_OK);
    ck_assert_int_eq(mfk_proposal_add_role(p, 4, MFK_ROLE_PARTY), MFK_EINVAL);
    ck_assert_int_eq(mfk_proposal_add_role(p, 3, 0x10), MFK_EINVAL);
    /* roles add up and are never removed */
    ck_assert_uint_eq(mfk_proposal_roles(p, 2),
                      MFK_ROLE_PARTY | MFK_ROLE_CONSENT);
    ck_assert_int_eq(mfk_proposal_add_role(p, 2, 0), MFK_OK);
    ck_assert_uint_eq(mfk_proposal_roles(p, 2),
                      MFK_ROLE_PARTY | MFK_ROLE_CONSENT);
    ck_assert_uint_eq(mfk_proposal_roles(p, 3), 0);
    ck_assert_uint_eq(mfk_proposal_roles(p, 4), 0);
    /* sponsors consent to what they sponsor; so do members in consent */
    ck_assert(mfk_proposal_consents(p, 0));
    ck_assert(!mfk_proposal_consents(p, 1));
    ck_assert(mfk_proposal_consents(p, 2));
    ck_assert(!mfk_proposal_consents(p, 3));
    ck_assert(!mfk_proposal_consents(p, 4));
    mfk_proposal_free(p);
    mfk_body_free(b);
}
END_TEST

START_TEST(test_overrides)
{
    mfk_body *b = test_body(2);
    mfk_proposal *p;
    mfk_rule r;

    ck_assert_int_eq(mfk_proposal_new(&p, b, "P", "t", NULL), MFK_OK);
    /* the body's, while the proposal sets none, even when they change */
    ck_assert_int_eq(mfk_proposal_rule(p)->kind, MFK_RULE_CONSENSUS);
    ck_assert_uint_eq(mfk_proposal_max_rounds(p), 5);
    ck_assert_int_eq(mfk_proposal_fallback(p), MFK_FALLBACK_DEFER);
    mfk_rule_init(&r, MFK_RULE_SILENCE);
    mfk_body_set_rule(b, &r);
    mfk_body_set_max_rounds(b, 7);
    mfk_body_set_fallback(b, MFK_FALLBACK_NONE);
    ck_assert_int_eq(mfk_proposal_rule(p)->kind, MFK_RULE_SILENCE);
    ck_assert_uint_eq(mfk_proposal_max_rounds(p), 7);
    ck_assert_int_eq(mfk_proposal_fallback(p), MFK_FALLBACK_NONE);
    /* its own win */
    mfk_rule_init(&r, MFK_RULE_WEIGHTED);
    r.quota = 1.5;
    ck_assert_int_eq(mfk_proposal_set_rule(p, &r), MFK_OK);
    r.quota = 99; /* copied where it is set */
    ck_assert_int_eq(mfk_proposal_rule(p)->kind, MFK_RULE_WEIGHTED);
    ck_assert(mfk_proposal_rule(p)->quota == 1.5);
    ck_assert_int_eq(mfk_proposal_set_max_rounds(p, 3), MFK_OK);
    ck_assert_uint_eq(mfk_proposal_max_rounds(p), 3);
    ck_assert_int_eq(mfk_proposal_set_fallback(p, MFK_FALLBACK_WITHDRAW),
                     MFK_OK);
    ck_assert_int_eq(mfk_proposal_fallback(p), MFK_FALLBACK_WITHDRAW);
    mfk_body_set_fallback(b, MFK_FALLBACK_DEFER);
    ck_assert_int_eq(mfk_proposal_fallback(p), MFK_FALLBACK_WITHDRAW);
    /* bad values change nothing */
    ck_assert_int_eq(mfk_proposal_set_max_rounds(p, 0), MFK_ERANGE);
    ck_assert_int_eq(mfk_proposal_set_max_rounds(p, MFK_MAX_ROUNDS + 1),
                     MFK_ERANGE);
    ck_assert_uint_eq(mfk_proposal_max_rounds(p), 3);
    ck_assert_int_eq(mfk_proposal_set_fallback(p, (mfk_fallback)5),
                     MFK_EINVAL);
    r.quota = NAN;
    ck_assert_int_eq(mfk_proposal_set_rule(p, &r), MFK_ERANGE);
    ck_assert(mfk_proposal_rule(p)->quota == 1.5);
    mfk_proposal_free(p);
    mfk_body_free(b);
}
END_TEST

START_TEST(test_versions)
{
    mfk_body *b;
    mfk_proposal *p;
    const double x0[2] = {0.9, 0.1}, x1[2] = {0.5, 0.2}, sq[2] = {0, 0};
    const double bad[2] = {INFINITY, 0};
    const double *pos;
    const char *text;
    size_t v;

    ck_assert_int_eq(mfk_body_new(&b, "b", 2, NULL), MFK_OK);
    mfk_body_add_member(b, "A", "A", NULL);
    ck_assert_int_eq(mfk_proposal_new(&p, b, "P", "t", NULL), MFK_OK);
    ck_assert_int_eq(mfk_proposal_set_text(p, "original"), MFK_OK);
    ck_assert_int_eq(mfk_proposal_set_position(p, x0), MFK_OK);
    ck_assert_int_eq(mfk_proposal_set_status_quo(p, sq), MFK_OK);
    ck_assert_int_eq(mfk_proposal_set_position(p, bad), MFK_ERANGE);
    ck_assert_int_eq(mfk_proposal_set_status_quo(p, bad), MFK_ERANGE);
    ck_assert_int_eq(mfk_proposal_set_position(p, NULL), MFK_EINVAL);
    ck_assert(memcmp(mfk_proposal_position(p), x0, sizeof x0) == 0);
    ck_assert(memcmp(mfk_proposal_status_quo(p), sq, sizeof sq) == 0);
    /* amendments: text only, position only, both */
    ck_assert_int_eq(mfk_proposal_amend(p, NULL, "second"), MFK_OK);
    ck_assert_int_eq(mfk_proposal_amend(p, x1, NULL), MFK_OK);
    ck_assert_int_eq(mfk_proposal_amend(p, x0, "fourth"), MFK_OK);
    ck_assert_int_eq(mfk_proposal_amend(p, bad, "no"), MFK_ERANGE);
    ck_assert_int_eq(mfk_proposal_amend(p, NULL, NULL), MFK_OK);
    ck_assert_uint_eq(mfk_proposal_version_count(p), 5);
    ck_assert_str_eq(mfk_proposal_text(p), "fourth");
    ck_assert(memcmp(mfk_proposal_position(p), x0, sizeof x0) == 0);
    {
        static const char *const texts[] = {"original", "second", "second",
                                            "fourth", "fourth"};
        const double *const poss[] = {x0, x0, x1, x0, x0};
        for (v = 0; v < 5; v++) {
            ck_assert_int_eq(mfk_proposal_version(p, v, &text, &pos),
                             MFK_OK);
            ck_assert_str_eq(text, texts[v]);
            ck_assert(memcmp(pos, poss[v], sizeof x0) == 0);
        }
    }
    ck_assert_int_eq(mfk_proposal_version(p, 5, &text, &pos), MFK_ENOTFOUND);
    /* the status quo is not a version: it stays */
    ck_assert(memcmp(mfk_proposal_status_quo(p), sq, sizeof sq) == 0);
    /* setting the text replaces the first version only */
    ck_assert_int_eq(mfk_proposal_set_text(p, "first, redrafted"), MFK_OK);
    mfk_proposal_version(p, 0, &text, NULL);
    ck_assert_str_eq(text, "first, redrafted");
    ck_assert_str_eq(mfk_proposal_text(p), "fourth");
    /* reset: back at version 0 */
    ck_assert_int_eq(mfk_proposal_reset(p), MFK_OK);
    ck_assert_uint_eq(mfk_proposal_version_count(p), 1);
    ck_assert_str_eq(mfk_proposal_text(p), "first, redrafted");
    ck_assert(memcmp(mfk_proposal_position(p), x0, sizeof x0) == 0);
    ck_assert_int_eq(mfk_proposal_reset(p), MFK_OK);
    ck_assert_int_eq(mfk_proposal_reset(NULL), MFK_EINVAL);
    /* many amendments, past the first growth, after a reset */
    for (v = 0; v < 50; v++) {
        double x[2] = {(double)v, 0};
        ck_assert_int_eq(mfk_proposal_amend(p, x, NULL), MFK_OK);
    }
    mfk_proposal_version(p, 50, &text, &pos);
    ck_assert(pos[0] == 49);
    ck_assert_str_eq(text, "first, redrafted");
    /* no text at all */
    ck_assert_int_eq(mfk_proposal_set_text(p, NULL), MFK_OK);
    mfk_proposal_version(p, 0, &text, NULL);
    ck_assert_ptr_null(text);
    mfk_proposal_free(p);
    mfk_body_free(b);
}
END_TEST

/* A version without a position keeps having none until one is given. */
START_TEST(test_versions_without_position)
{
    mfk_body *b = test_body(1);
    mfk_proposal *p;
    const double x = 0.25, *pos;
    const char *text;

    ck_assert_int_eq(mfk_proposal_new(&p, b, "P", "t", NULL), MFK_OK);
    mfk_proposal_amend(p, NULL, "v1");
    ck_assert_ptr_null(mfk_proposal_position(p));
    mfk_proposal_amend(p, &x, NULL);
    ck_assert(mfk_proposal_position(p)[0] == 0.25);
    mfk_proposal_version(p, 1, &text, &pos);
    ck_assert_ptr_null(pos);
    ck_assert_str_eq(text, "v1");
    mfk_proposal_version(p, 0, &text, &pos);
    ck_assert_ptr_null(pos);
    ck_assert_ptr_null(text);
    mfk_proposal_free(p);
    mfk_body_free(b);
}
END_TEST

struct made {
    mfk_body *b;
    mfk_proposal *p;
};

static void made_cleanup(void *ud)
{
    struct made *m = ud;
    mfk_proposal_free(m->p);
    mfk_body_free(m->b);
    m->p = NULL;
    m->b = NULL;
}

/* Every step of making a proposal with text and amendments past the
 * first growth of its versions. */
static int make_proposal(void *ud, const mfk_allocator *a)
{
    struct made *m = ud;
    double x = 0;
    int rc, v;

    if ((rc = mfk_body_new(&m->b, "b", 1, a)) != MFK_OK)
        return rc;
    if ((rc = mfk_body_add_member(m->b, "A", "A", NULL)) != MFK_OK)
        return rc;
    if ((rc = mfk_proposal_new(&m->p, m->b, "P", "title", a)) != MFK_OK)
        return rc;
    if ((rc = mfk_proposal_set_text(m->p, "text")) != MFK_OK)
        return rc;
    for (v = 0; v < 9; v++) {
        x += 0.1;
        if ((rc = mfk_proposal_amend(m->p, &x, v % 2 ? "odd" : NULL)) !=
            MFK_OK)
            return rc;
    }
    return mfk_proposal_version_count(m->p) == 10 ? MFK_OK : MFK_EINVAL;
}

START_TEST(test_alloc_failures)
{
    struct made m = {NULL, NULL};
    ck_assert_uint_gt(test_alloc_walk(make_proposal, made_cleanup, &m), 10);
}
END_TEST

/* A failed amendment leaves the versions as they were. */
START_TEST(test_failed_amend_changes_nothing)
{
    test_alloc ta;
    mfk_body *b;
    mfk_proposal *p;
    const double x = 0.5;
    size_t k;

    test_alloc_init(&ta);
    ck_assert_int_eq(mfk_body_new(&b, "b", 1, &ta.a), MFK_OK);
    mfk_body_add_member(b, "A", "A", NULL);
    ck_assert_int_eq(mfk_proposal_new(&p, b, "P", "t", &ta.a), MFK_OK);
    mfk_proposal_set_text(p, "v0");
    for (k = 0; k < 12; k++) {
        size_t before = mfk_proposal_version_count(p);
        ta.fail_at = ta.calls + 1;
        if (mfk_proposal_amend(p, &x, "new") == MFK_ENOMEM) {
            ck_assert_uint_eq(mfk_proposal_version_count(p), before);
        } else {
            ck_assert_uint_eq(mfk_proposal_version_count(p), before + 1);
        }
        ta.fail_at = 0;
        ck_assert_int_eq(mfk_proposal_amend(p, NULL, "ok"), MFK_OK);
        ck_assert_str_eq(mfk_proposal_text(p), "ok");
    }
    mfk_proposal_free(p);
    mfk_body_free(b);
    ck_assert_uint_eq(ta.live, 0);
}
END_TEST

Suite *proposal_suite(void)
{
    Suite *s = suite_create("proposal");
    TCase *tc = test_case("proposal");
    tcase_add_test(tc, test_defaults_and_fields);
    tcase_add_test(tc, test_bad_arguments);
    tcase_add_test(tc, test_roles_and_consent);
    tcase_add_test(tc, test_overrides);
    tcase_add_test(tc, test_versions);
    tcase_add_test(tc, test_versions_without_position);
    tcase_add_test(tc, test_alloc_failures);
    tcase_add_test(tc, test_failed_amend_changes_nothing);
    suite_add_tcase(s, tc);
    return s;
}
