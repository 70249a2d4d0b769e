/* Tests: consult. The round engine, fed both ways, its endings and
 * fallbacks, the behaviour model and the default chair strategy
 * (CONTRACT.md, "Rounds and the behaviour model"). */
#include "tests.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

/* A small fixed-seed generator of the tests' own (64-bit LCG). */
typedef struct rng {
    uint64_t s;
} rng;

static uint32_t rnd(rng *r)
{
    r->s = r->s * 6364136223846793005ull + 1442695040888963407ull;
    return (uint32_t)(r->s >> 33);
}

static double rnd_unit(rng *r)
{
    return rnd(r) / 2147483648.0;
}

static mfk_proposal *new_prop(mfk_body *b)
{
    mfk_proposal *p = NULL;
    ck_assert_int_eq(mfk_proposal_new(&p, b, "P1", "title", NULL), MFK_OK);
    return p;
}

static mfk_consultation *new_consult(mfk_body *b, mfk_proposal *p)
{
    mfk_consultation *c = NULL;
    ck_assert_int_eq(mfk_consultation_new(&c, b, p, NULL), MFK_OK);
    return c;
}

static mfk_outcome outcome(const mfk_consultation *c)
{
    mfk_outcome o;
    ck_assert_int_eq(mfk_consultation_outcome(c, &o), MFK_OK);
    return o;
}

/* Holds one round fed by the host: every member's stance from st. */
static mfk_verdict host_round(mfk_consultation *c, const unsigned char *st)
{
    size_t i, n = mfk_body_member_count(mfk_consultation_body(c));
    mfk_verdict v;
    for (i = 0; i < n; i++)
        if (st[i] != MFK_SILENT)
            ck_assert_int_eq(
                mfk_consultation_set_stance(c, i, (mfk_stance)st[i]),
                MFK_OK);
    ck_assert_int_eq(mfk_consultation_close_round(c, &v), MFK_OK);
    return v;
}

/* ---- feeding both ways ------------------------------------------------ */

struct script {
    size_t n;
    unsigned rounds;
    const unsigned char *st; /* rounds * n */
};

static int script_fn(const mfk_consultation *c, unsigned round,
                     unsigned char *stances, void *ud)
{
    const struct script *s = ud;
    (void)c;
    if (round > s->rounds)
        return MFK_DONE;
    memcpy(stances, s->st + (size_t)(round - 1) * s->n, s->n);
    return MFK_OK;
}

/* Two consultations hold the same results: rounds, stances, flags,
 * verdicts, outcome, participants, violations. */
static void assert_same(const mfk_consultation *a, const mfk_consultation *b)
{
    size_t n = mfk_body_member_count(mfk_consultation_body(a)), i, v;
    unsigned r;

    ck_assert_uint_eq(mfk_consultation_rounds(a), mfk_consultation_rounds(b));
    ck_assert_int_eq(mfk_consultation_done(a), mfk_consultation_done(b));
    ck_assert_int_eq(outcome(a), outcome(b));
    for (r = 1; r <= mfk_consultation_rounds(a); r++) {
        const unsigned char *sa, *sb, *fa, *fb;
        mfk_verdict va, vb;
        size_t vera, verb;
        ck_assert_int_eq(mfk_consultation_round(a, r, &sa, &fa, &va, &vera),
                         MFK_OK);
        ck_assert_int_eq(mfk_consultation_round(b, r, &sb, &fb, &vb, &verb),
                         MFK_OK);
        ck_assert_int_eq(va, vb);
        ck_assert_uint_eq(vera, verb);
        ck_assert(memcmp(sa, sb, n) == 0);
        ck_assert(memcmp(fa, fb, n) == 0);
    }
    for (i = 0; i < n; i++)
        ck_assert_int_eq(mfk_consultation_participant(a, i),
                         mfk_consultation_participant(b, i));
    ck_assert_uint_eq(mfk_consultation_violation_count(a),
                      mfk_consultation_violation_count(b));
    for (v = 0; v < mfk_consultation_violation_count(a); v++) {
        const char *na, *nb;
        const unsigned char *ma, *mb;
        ck_assert_int_eq(mfk_consultation_violation(a, v, &na, NULL, &ma),
                         MFK_OK);
        ck_assert_int_eq(mfk_consultation_violation(b, v, &nb, NULL, &mb),
                         MFK_OK);
        ck_assert_str_eq(na, nb);
        ck_assert(memcmp(ma, mb, n) == 0);
    }
}

START_TEST(test_both_ways_identical)
{
    rng g = {42};
    int iter;

    for (iter = 0; iter < 400; iter++) {
        size_t n = 1 + rnd(&g) % 12, i;
        unsigned rounds = 1 + rnd(&g) % 4, max = 1 + rnd(&g) % 4;
        mfk_body *b = test_body(n);
        mfk_proposal *p;
        mfk_consultation *host, *fed;
        unsigned char st[4 * 12];
        struct script s;
        mfk_rule rule;
        unsigned r;

        for (i = 0; i < rounds * n; i++) {
            /* mostly in favour, so that some rounds adopt */
            unsigned x = rnd(&g) % 16;
            st[i] = (unsigned char)(x < 9 ? x % 3 : x - 9);
        }
        mfk_rule_init(&rule, (mfk_rule_kind)(rnd(&g) % 9));
        rule.quota = (double)n / 2;
        mfk_body_set_rule(b, &rule);
        mfk_body_set_max_rounds(b, max);
        mfk_body_set_principle(b, MFK_PRINCIPLE_FLEXIBLE_SCOPE,
                               MFK_MODE_REPORT);
        mfk_body_set_principle(b, MFK_PRINCIPLE_SOVEREIGN_PARTICIPATION,
                               (mfk_mode)(rnd(&g) % 3));
        p = new_prop(b);
        mfk_proposal_add_role(p, 0, MFK_ROLE_PARTY | MFK_ROLE_CONSENT);
        host = new_consult(b, p);
        fed = new_consult(b, p);
        for (r = 0; r < rounds && !mfk_consultation_done(host); r++)
            host_round(host, st + r * n);
        if (!mfk_consultation_done(host))
            mfk_consultation_end(host);
        s.n = n;
        s.rounds = rounds;
        s.st = st;
        ck_assert_int_eq(mfk_consultation_run(fed, script_fn, &s, NULL, NULL),
                         MFK_OK);
        assert_same(host, fed);
        mfk_consultation_free(host);
        mfk_consultation_free(fed);
        mfk_proposal_free(p);
        mfk_body_free(b);
    }
}
END_TEST

/* ---- outcomes, fallbacks, endings ------------------------------------ */

START_TEST(test_each_fallback)
{
    static const mfk_outcome want[] = {
        MFK_OUTCOME_DEFERRED, MFK_OUTCOME_REFERRED_TO_SUMMIT,
        MFK_OUTCOME_CHAIRS_STATEMENT, MFK_OUTCOME_WITHDRAWN,
        MFK_OUTCOME_NO_OUTCOME};
    static const unsigned char blocked[3] = {MFK_JOIN, MFK_OBJECT, MFK_JOIN};
    mfk_body *b = test_body(3);
    int f;

    for (f = MFK_FALLBACK_DEFER; f <= MFK_FALLBACK_NONE; f++) {
        mfk_proposal *p;
        mfk_consultation *c;
        mfk_outcome o;
        size_t i;

        ck_assert_int_eq(mfk_body_set_fallback(b, (mfk_fallback)f), MFK_OK);
        mfk_body_set_max_rounds(b, 2);
        p = new_prop(b);
        c = new_consult(b, p);
        ck_assert_int_eq(host_round(c, blocked), MFK_VERDICT_BLOCKED);
        ck_assert(!mfk_consultation_done(c));
        ck_assert_int_eq(mfk_consultation_outcome(c, &o), MFK_ESTATE);
        ck_assert_int_eq(host_round(c, blocked), MFK_VERDICT_BLOCKED);
        /* at max_rounds */
        ck_assert(mfk_consultation_done(c));
        ck_assert_int_eq(outcome(c), want[f]);
        ck_assert_str_eq(mfk_name(MFK_NAMES_OUTCOME, (int)want[f]),
                         mfk_name(MFK_NAMES_OUTCOME, (int)outcome(c)));
        for (i = 0; i < 3; i++)
            ck_assert(!mfk_consultation_participant(c, i));
        ck_assert_int_eq(mfk_consultation_set_stance(c, 0, MFK_JOIN),
                         MFK_ESTATE);
        ck_assert_int_eq(mfk_consultation_close_round(c, NULL), MFK_ESTATE);
        ck_assert_int_eq(mfk_consultation_amend(c, NULL, "x"), MFK_ESTATE);
        mfk_consultation_free(c);
        /* the proposal's own fallback wins over the body's */
        mfk_proposal_set_fallback(p, MFK_FALLBACK_WITHDRAW);
        mfk_proposal_set_max_rounds(p, 1);
        c = new_consult(b, p);
        host_round(c, blocked);
        ck_assert_int_eq(outcome(c), MFK_OUTCOME_WITHDRAWN);
        mfk_consultation_free(c);
        mfk_proposal_free(p);
    }
    mfk_body_free(b);
}
END_TEST

START_TEST(test_adopted_outcomes)
{
    mfk_body *b = test_body(4);
    mfk_proposal *p = new_prop(b);
    mfk_consultation *c;
    mfk_rule r;
    unsigned char st[4] = {MFK_SUPPORT, MFK_JOIN, MFK_RESERVATION,
                           MFK_ABSTAIN};
    size_t i;

    c = new_consult(b, p);
    ck_assert_int_eq(host_round(c, st), MFK_VERDICT_ADOPTED);
    ck_assert_int_eq(outcome(c), MFK_OUTCOME_ADOPTED_WITH_RESERVATIONS);
    ck_assert_uint_eq(mfk_consultation_rounds(c), 1);
    for (i = 0; i < 4; i++)
        ck_assert(mfk_consultation_participant(c, i));
    /* a reservation in an earlier round does not count */
    ck_assert_int_eq(mfk_consultation_reset(c), MFK_OK);
    st[3] = MFK_OBJECT;
    ck_assert_int_eq(host_round(c, st), MFK_VERDICT_BLOCKED);
    st[2] = st[3] = MFK_JOIN;
    ck_assert_int_eq(host_round(c, st), MFK_VERDICT_ADOPTED);
    ck_assert_int_eq(outcome(c), MFK_OUTCOME_ADOPTED);
    mfk_consultation_free(c);
    /* flexible: a member stood aside; it wins over a reservation */
    mfk_rule_init(&r, MFK_RULE_FLEXIBLE);
    mfk_proposal_set_rule(p, &r);
    mfk_proposal_set_pillar(p, MFK_PILLAR_ECONOMIC);
    c = new_consult(b, p);
    st[0] = MFK_RESERVATION;
    st[1] = MFK_NOT_READY;
    st[2] = MFK_ABSTAIN;
    st[3] = MFK_SUPPORT;
    ck_assert_int_eq(host_round(c, st), MFK_VERDICT_ADOPTED);
    ck_assert_int_eq(outcome(c), MFK_OUTCOME_ADOPTED_FLEXIBLE);
    ck_assert(mfk_consultation_participant(c, 0));
    ck_assert(!mfk_consultation_participant(c, 1));
    ck_assert(mfk_consultation_participant(c, 2));
    ck_assert(mfk_consultation_participant(c, 3));
    /* flexible with nobody standing aside is plain adoption */
    ck_assert_int_eq(mfk_consultation_reset(c), MFK_OK);
    st[1] = MFK_JOIN;
    host_round(c, st);
    ck_assert_int_eq(outcome(c), MFK_OUTCOME_ADOPTED_WITH_RESERVATIONS);
    mfk_consultation_free(c);
    mfk_proposal_free(p);
    mfk_body_free(b);
}
END_TEST

/* Unset stances are silent: a round closed with nothing said is all
 * silent. */
START_TEST(test_unset_is_silent)
{
    mfk_body *b = test_body(3);
    mfk_proposal *p = new_prop(b);
    mfk_consultation *c = new_consult(b, p);
    const unsigned char *st, *fl;
    mfk_verdict v;
    size_t i;

    ck_assert_int_eq(mfk_consultation_set_stance(c, 3, MFK_JOIN), MFK_EINVAL);
    ck_assert_int_eq(mfk_consultation_set_stance(c, 0, (mfk_stance)7),
                     MFK_EINVAL);
    ck_assert_int_eq(mfk_consultation_set_stance(c, 1, MFK_JOIN), MFK_OK);
    ck_assert_int_eq(mfk_consultation_close_round(c, &v), MFK_OK);
    ck_assert_int_eq(v, MFK_VERDICT_BLOCKED);
    ck_assert_int_eq(mfk_consultation_round(c, 1, &st, &fl, &v, NULL),
                     MFK_OK);
    ck_assert_int_eq(st[0], MFK_SILENT);
    ck_assert_int_eq(st[1], MFK_JOIN);
    ck_assert_int_eq(st[2], MFK_SILENT);
    ck_assert(fl[0] & MFK_FLAG_BLOCKER);
    ck_assert(!(fl[1] & MFK_FLAG_BLOCKER));
    ck_assert_int_eq(mfk_consultation_round(c, 2, &st, NULL, NULL, NULL),
                     MFK_ENOTFOUND);
    ck_assert_int_eq(mfk_consultation_round(c, 0, &st, NULL, NULL, NULL),
                     MFK_ENOTFOUND);
    /* round 2's stances start silent again */
    ck_assert_int_eq(mfk_consultation_close_round(c, &v), MFK_OK);
    mfk_consultation_round(c, 2, &st, NULL, NULL, NULL);
    for (i = 0; i < 3; i++)
        ck_assert_int_eq(st[i], MFK_SILENT);
    mfk_consultation_free(c);
    mfk_proposal_free(p);
    mfk_body_free(b);
}
END_TEST

START_TEST(test_amendments_across_rounds)
{
    mfk_body *b = test_body(2);
    mfk_proposal *p = new_prop(b);
    mfk_consultation *c;
    static const unsigned char no[2] = {MFK_JOIN, MFK_OBJECT};
    static const unsigned char yes[2] = {MFK_JOIN, MFK_JOIN};
    const double x0 = 0.9, x1 = 0.6, x2 = 0.4, *pos;
    const char *text;
    size_t ver;

    mfk_proposal_set_position(p, &x0);
    mfk_proposal_set_text(p, "first");
    c = new_consult(b, p);
    host_round(c, no);
    ck_assert_int_eq(mfk_consultation_amend(c, &x1, NULL), MFK_OK);
    host_round(c, no);
    ck_assert_int_eq(mfk_consultation_amend(c, &x2, "third"), MFK_OK);
    ck_assert_int_eq(host_round(c, yes), MFK_VERDICT_ADOPTED);
    ck_assert_int_eq(outcome(c), MFK_OUTCOME_ADOPTED);
    /* each round was held on the version then in force */
    mfk_consultation_round(c, 1, NULL, NULL, NULL, &ver);
    ck_assert_uint_eq(ver, 0);
    mfk_consultation_round(c, 2, NULL, NULL, NULL, &ver);
    ck_assert_uint_eq(ver, 1);
    mfk_consultation_round(c, 3, NULL, NULL, NULL, &ver);
    ck_assert_uint_eq(ver, 2);
    /* and the versions keep what each replaced */
    ck_assert_uint_eq(mfk_proposal_version_count(p), 3);
    mfk_proposal_version(p, 0, &text, &pos);
    ck_assert_str_eq(text, "first");
    ck_assert(pos[0] == 0.9);
    mfk_proposal_version(p, 1, &text, &pos);
    ck_assert_str_eq(text, "first");
    ck_assert(pos[0] == 0.6);
    mfk_proposal_version(p, 2, &text, &pos);
    ck_assert_str_eq(text, "third");
    ck_assert(pos[0] == 0.4);
    mfk_consultation_free(c);
    mfk_proposal_free(p);
    mfk_body_free(b);
}
END_TEST

static int done_after_two(const mfk_consultation *c, unsigned round,
                          unsigned char *st, void *ud)
{
    (void)c;
    (void)ud;
    if (round > 2)
        return MFK_DONE;
    st[0] = MFK_JOIN;
    st[1] = MFK_OBJECT;
    return MFK_OK;
}

static int chair_calls(mfk_consultation *c, unsigned round, void *ud)
{
    unsigned *calls = ud;
    (void)c;
    (void)round;
    (*calls)++;
    return *calls >= 3 ? MFK_DONE : MFK_OK;
}

static int failing_source(const mfk_consultation *c, unsigned round,
                          unsigned char *st, void *ud)
{
    (void)c;
    (void)ud;
    st[0] = MFK_OBJECT;
    return round == 2 ? MFK_ECALLBACK : MFK_OK;
}

START_TEST(test_endings)
{
    mfk_body *b = test_body(2);
    mfk_proposal *p = new_prop(b);
    mfk_consultation *c;
    unsigned calls = 0;

    mfk_body_set_fallback(b, MFK_FALLBACK_CHAIRS_STATEMENT);
    mfk_body_set_max_rounds(b, 6);
    /* the source is done after two rounds */
    c = new_consult(b, p);
    ck_assert_int_eq(
        mfk_consultation_run(c, done_after_two, NULL, NULL, NULL), MFK_OK);
    ck_assert_uint_eq(mfk_consultation_rounds(c), 2);
    ck_assert_int_eq(outcome(c), MFK_OUTCOME_CHAIRS_STATEMENT);
    /* the chair ends it after its third call: rounds 1..3 are held */
    ck_assert_int_eq(mfk_consultation_reset(c), MFK_OK);
    ck_assert_uint_eq(mfk_consultation_rounds(c), 0);
    ck_assert(!mfk_consultation_done(c));
    ck_assert_int_eq(mfk_consultation_run(c, mfk_model_stances, NULL, NULL,
                                          NULL),
                     MFK_EINVAL);
    ck_assert_int_eq(mfk_consultation_run(c, failing_source, NULL, NULL,
                                          NULL),
                     MFK_ECALLBACK);
    /* an error leaves it as it was after the last closed round */
    ck_assert_uint_eq(mfk_consultation_rounds(c), 1);
    ck_assert(!mfk_consultation_done(c));
    ck_assert_int_eq(mfk_consultation_reset(c), MFK_OK);
    {
        unsigned char st[12];
        struct script s = {2, 6, st};
        memset(st, MFK_OBJECT, sizeof st);
        ck_assert_int_eq(mfk_consultation_run(c, script_fn, &s, chair_calls,
                                              &calls),
                         MFK_OK);
    }
    ck_assert_uint_eq(mfk_consultation_rounds(c), 3);
    ck_assert_uint_eq(calls, 3);
    ck_assert_int_eq(outcome(c), MFK_OUTCOME_CHAIRS_STATEMENT);
    /* ending early by hand; ending twice does nothing */
    ck_assert_int_eq(mfk_consultation_reset(c), MFK_OK);
    ck_assert_int_eq(mfk_consultation_end(c), MFK_OK);
    ck_assert_int_eq(mfk_consultation_end(c), MFK_OK);
    ck_assert_uint_eq(mfk_consultation_rounds(c), 0);
    ck_assert_int_eq(outcome(c), MFK_OUTCOME_CHAIRS_STATEMENT);
    mfk_consultation_free(c);
    /* a changed max_rounds needs a new consultation */
    c = new_consult(b, p);
    mfk_proposal_set_max_rounds(p, 2);
    ck_assert_int_eq(mfk_consultation_reset(c), MFK_ESTATE);
    mfk_consultation_free(c);
    mfk_proposal_free(p);
    mfk_body_free(b);
}
END_TEST

/* ---- the behaviour model and the default chair ------------------------ */

START_TEST(test_model_stance)
{
    mfk_body *b;
    const double ideal[2] = {0.0, 0.0}, sal[2] = {4.0, 1.0};
    const double sq[2] = {0.0, 1.0}, near[2] = {0.5, 0.0},
                 far[2] = {0.6, 0.0};
    size_t i;

    ck_assert_int_eq(mfk_body_new(&b, "b", 2, NULL), MFK_OK);
    mfk_body_add_member(b, "A", "A", &i);
    /* no ideal point: no model stance */
    ck_assert_int_eq(mfk_model_stance(b, 0, near, sq), MFK_SILENT);
    mfk_body_set_ideal(b, 0, ideal);
    mfk_body_set_salience(b, 0, sal);
    /* d(sq) = 1; d(near) = sqrt(4 * 0.25) = 1: not more, joins */
    ck_assert_int_eq(mfk_model_stance(b, 0, near, sq), MFK_JOIN);
    ck_assert_int_eq(mfk_model_stance(b, 0, far, sq), MFK_OBJECT);
    /* d(far) = 1.2: a tolerance of 0.2 accepts it */
    mfk_body_set_tolerance(b, 0, 0.25);
    ck_assert_int_eq(mfk_model_stance(b, 0, far, sq), MFK_JOIN);
    mfk_body_set_tolerance(b, 0, 0.1);
    ck_assert_int_eq(mfk_model_stance(b, 0, far, sq), MFK_OBJECT);
    mfk_body_free(b);
}
END_TEST

/* Positions near DBL_MAX, set through the API: a distance or its square
 * that overflows is computed again at a scale, so that the stance is the
 * one of the real numbers. Both distances had been infinite and the
 * member, much nearer the status quo, had joined: the text "adopted". */
START_TEST(test_model_stance_far)
{
    mfk_body *b;
    mfk_proposal *p;
    mfk_consultation *c;
    const double zero = 0, sq = 1e200, pos = 1e300;
    const double ideal2[2] = {0, 0}, sq2[2] = {1e154, 1e154},
                 far2[2] = {1.1e154, 1e154}, near2[2] = {0.9e154, 1e154};
    double x;
    size_t i;

    ck_assert_int_eq(mfk_body_new(&b, "b", 1, NULL), MFK_OK);
    ck_assert_int_eq(mfk_body_add_member(b, "A", "A", &i), MFK_OK);
    ck_assert_int_eq(mfk_body_set_ideal(b, 0, &zero), MFK_OK);
    /* d(sq) = 1e200, d(pos) = 1e300: both squares overflow */
    ck_assert_int_eq(mfk_model_stance(b, 0, &pos, &sq), MFK_OBJECT);
    ck_assert_int_eq(mfk_model_stance(b, 0, &sq, &pos), MFK_JOIN);
    /* a tolerance beyond the difference accepts it */
    ck_assert_int_eq(mfk_body_set_tolerance(b, 0, 1.5e300), MFK_OK);
    ck_assert_int_eq(mfk_model_stance(b, 0, &pos, &sq), MFK_JOIN);
    ck_assert_int_eq(mfk_body_set_tolerance(b, 0, 0), MFK_OK);
    /* the parameters in distance are compared at the same scale */
    ck_assert_int_eq(mfk_body_set_indifference(b, 0, 1e299), MFK_OK);
    x = -pos;
    ck_assert_int_eq(mfk_model_stance(b, 0, &x, &pos), MFK_ABSTAIN);
    ck_assert_int_eq(mfk_body_set_indifference(b, 0, 0), MFK_OK);
    ck_assert_int_eq(mfk_body_set_support_gain(b, 0, 0.5e300), MFK_OK);
    ck_assert_int_eq(mfk_model_stance(b, 0, &sq, &pos), MFK_SUPPORT);
    ck_assert_int_eq(mfk_body_set_support_gain(b, 0, 0), MFK_OK);
    /* distances beyond DBL_MAX: the differences themselves overflow */
    x = -1e308;
    ck_assert_int_eq(mfk_body_set_ideal(b, 0, &x), MFK_OK);
    {
        const double big = 1e308, less = 0.9e308;
        ck_assert_int_eq(mfk_model_stance(b, 0, &big, &less), MFK_OBJECT);
        ck_assert_int_eq(mfk_model_stance(b, 0, &less, &big), MFK_JOIN);
        ck_assert_int_eq(mfk_model_stance(b, 0, &big, &big), MFK_JOIN);
    }
    /* the whole consultation: the member objects, nothing is adopted */
    ck_assert_int_eq(mfk_body_set_ideal(b, 0, &zero), MFK_OK);
    mfk_body_set_max_rounds(b, 1);
    p = new_prop(b);
    ck_assert_int_eq(mfk_proposal_set_position(p, &pos), MFK_OK);
    ck_assert_int_eq(mfk_proposal_set_status_quo(p, &sq), MFK_OK);
    c = new_consult(b, p);
    ck_assert_int_eq(mfk_consultation_run(c, mfk_model_stances, NULL, NULL,
                                          NULL),
                     MFK_OK);
    ck_assert_int_ne(outcome(c), MFK_OUTCOME_ADOPTED);
    mfk_consultation_free(c);
    mfk_proposal_free(p);
    mfk_body_free(b);

    /* two dimensions: the sum of the squares overflows */
    ck_assert_int_eq(mfk_body_new(&b, "b", 2, NULL), MFK_OK);
    ck_assert_int_eq(mfk_body_add_member(b, "A", "A", &i), MFK_OK);
    ck_assert_int_eq(mfk_body_set_ideal(b, 0, ideal2), MFK_OK);
    ck_assert_int_eq(mfk_model_stance(b, 0, far2, sq2), MFK_OBJECT);
    ck_assert_int_eq(mfk_model_stance(b, 0, near2, sq2), MFK_JOIN);
    mfk_body_free(b);
}
END_TEST

/* Members' ordered doubles: a key that sorts as the double does. */
static uint64_t dkey(double x)
{
    uint64_t u;
    memcpy(&u, &x, sizeof u);
    return (u >> 63) ? ~u : u | (1ull << 63);
}

static double dval(uint64_t k)
{
    uint64_t u = (k >> 63) ? k & ~(1ull << 63) : ~k;
    double x;
    memcpy(&x, &u, sizeof x);
    return x;
}

/* The farthest double from sq on one side (dir +1 or -1) that member i's
 * model accepts, found by bisection over doubles: the accepted doubles on
 * each side of sq are a run that starts at sq (d is monotone in |x -
 * ideal| however it is rounded). */
static double accepted_edge(const mfk_body *b, size_t i, double sq, int dir)
{
    uint64_t good = dkey(sq), bad = dkey(sq + dir * (2 * fabs(sq) + 1e6)),
             mid;
    if (mfk_model_stance(b, i, (double[]){dval(bad)}, &sq) == MFK_JOIN)
        return dval(bad);
    while (good + 1 != bad && good - 1 != bad) {
        mid = good / 2 + bad / 2 + (good & bad & 1);
        if (mfk_model_stance(b, i, (double[]){dval(mid)}, &sq) == MFK_JOIN)
            good = mid;
        else
            bad = mid;
    }
    return dval(good);
}

/* Whether some double other than sq has no objector, by the model's own
 * comparisons, in a part of the run on one side of sq wider than
 * rounding: 2^-40 of the scale that
 * mfk_model_stances(3) gives, |q| + the largest |x_i| + the smaller end
 * (in absolute value) of the real-number estimate of the run.
 * Tolerances are not negative, so every member accepts sq and the
 * accepted set is one run of doubles around it. */
static int acceptable_exists(const mfk_body *b, double sq)
{
    double lo = -INFINITY, hi = INFINITY, elo = -INFINITY, ehi = INFINITY;
    double xmax = 0, scale;
    size_t i;
    for (i = 0; i < mfk_body_member_count(b); i++) {
        double l = accepted_edge(b, i, sq, -1),
               h = accepted_edge(b, i, sq, +1),
               x = mfk_body_member_ideal(b, i)[0],
               s = mfk_body_member_salience(b, i)[0],
               R = sqrt(s * (sq - x) * (sq - x)) +
                   mfk_body_member_tolerance(b, i);
        if (l > lo)
            lo = l;
        if (h < hi)
            hi = h;
        if (fabs(x) > xmax)
            xmax = fabs(x);
        if (s > 0 && x - R / sqrt(s) > elo)
            elo = x - R / sqrt(s);
        if (s > 0 && x + R / sqrt(s) < ehi)
            ehi = x + R / sqrt(s);
    }
    scale = fabs(sq) + xmax;
    if (isfinite(elo) && isfinite(ehi))
        scale += fmin(fabs(elo), fabs(ehi));
    /* The same arithmetic as the library's. */
    return sq - lo > scale * 0x1p-40 || hi - sq > scale * 0x1p-40;
}

/* Runs the model with the default chair under consensus, max_rounds 12,
 * and checks the contract's properties: when a position other than the
 * status quo has no objector, a round on one is held by round 10 (and
 * adopts); the chair never proposes the status quo; when nothing else
 * would be accepted, the position stays and the consultation ends after
 * round 1. */
static void assert_chair_1d(mfk_body *b, double pos, double sq,
                           const char *what)
{
    mfk_proposal *p = new_prop(b);
    mfk_consultation *c;
    int exists = acceptable_exists(b, sq);
    unsigned r, rounds;
    size_t v;

    mfk_proposal_set_position(p, &pos);
    mfk_proposal_set_status_quo(p, &sq);
    mfk_proposal_set_max_rounds(p, 12);
    c = new_consult(b, p);
    ck_assert_int_eq(mfk_consultation_run(c, mfk_model_stances, NULL,
                                          mfk_chair_default, NULL),
                     MFK_OK);
    rounds = mfk_consultation_rounds(c);
    for (v = 1; v < mfk_proposal_version_count(p); v++) {
        const double *x;
        mfk_proposal_version(p, v, NULL, &x);
        ck_assert_msg(x[0] != sq, "%s: the chair proposed the status quo %.17g",
                      what, sq);
    }
    if (pos != sq && exists) {
        ck_assert_msg(outcome(c) == MFK_OUTCOME_ADOPTED && rounds <= 10,
                      "%s: pos %.17g sq %.17g: an acceptable position "
                      "exists, but after %u rounds the outcome is %s",
                      what, pos, sq, rounds,
                      mfk_name(MFK_NAMES_OUTCOME, (int)outcome(c)));
    } else if (pos != sq) {
        ck_assert_msg(outcome(c) == MFK_OUTCOME_DEFERRED && rounds == 1,
                      "%s: nothing but the status quo is acceptable, yet %u "
                      "rounds were held",
                      what, rounds);
    }
    for (r = 2; r <= rounds; r++) {
        size_t a, bv;
        mfk_consultation_round(c, r - 1, NULL, NULL, NULL, &a);
        mfk_consultation_round(c, r, NULL, NULL, NULL, &bv);
        /* a new round is never held on the position of the last */
        {
            const double *xa, *xb;
            mfk_proposal_version(p, a, NULL, &xa);
            mfk_proposal_version(p, bv, NULL, &xb);
            ck_assert_msg(xa[0] != xb[0], "%s: round %u repeats round %u",
                          what, r, r - 1);
        }
    }
    mfk_consultation_free(c);
    mfk_proposal_free(p);
}

/* The default chair's first draft on a text at the status quo sq. */
static void assert_chair_drafts(mfk_body *b, double sq, double want,
                                const char *what)
{
    mfk_proposal *p = new_prop(b);
    mfk_consultation *c;
    mfk_proposal_set_position(p, &sq);
    mfk_proposal_set_status_quo(p, &sq);
    c = new_consult(b, p);
    ck_assert_int_eq(mfk_chair_default(c, 1, NULL), MFK_OK);
    ck_assert_msg(mfk_proposal_position(p)[0] == want, "%s: drafted %.17g",
                  what, mfk_proposal_position(p)[0]);
    mfk_consultation_free(c);
    mfk_proposal_free(p);
}

static mfk_body *body_1d(size_t n, const double *ideal, const double *tol,
                         const double *sal)
{
    mfk_body *b = test_body(n);
    size_t i;
    for (i = 0; i < n; i++) {
        ck_assert_int_eq(mfk_body_set_ideal(b, i, &ideal[i]), MFK_OK);
        ck_assert_int_eq(mfk_body_set_tolerance(b, i, tol[i]), MFK_OK);
        if (sal != NULL)
            ck_assert_int_eq(mfk_body_set_salience(b, i, &sal[i]), MFK_OK);
    }
    return b;
}

/* ---- the full behaviour model (CONTRACT.md 0.2) ------------------------ */

START_TEST(test_member_params)
{
    mfk_body *b;
    size_t i;
    mfk_member_param p;

    ck_assert_int_eq(mfk_body_new(&b, "b", 1, NULL), MFK_OK);
    mfk_body_add_member(b, "A", "A", &i);
    mfk_body_add_member(b, "B", "B", &i);
    /* the defaults */
    ck_assert(mfk_body_member_externality(b, 0) == 1);
    ck_assert(mfk_body_member_reservation(b, 0) == 0);
    ck_assert(mfk_body_member_indifference(b, 0) == 0);
    ck_assert(mfk_body_member_support_gain(b, 0) == 0);
    ck_assert(mfk_body_member_absence(b, 0) == 0);
    /* ranges */
    ck_assert_int_eq(mfk_body_set_externality(b, 0, 1.5), MFK_ERANGE);
    ck_assert_int_eq(mfk_body_set_externality(b, 0, -0.1), MFK_ERANGE);
    ck_assert_int_eq(mfk_body_set_reservation(b, 0, -1), MFK_ERANGE);
    ck_assert_int_eq(mfk_body_set_indifference(b, 0, NAN), MFK_ERANGE);
    ck_assert_int_eq(mfk_body_set_support_gain(b, 0, -1), MFK_ERANGE);
    ck_assert_int_eq(mfk_body_set_absence(b, 0, 1), MFK_ERANGE);
    ck_assert_int_eq(mfk_body_set_absence(b, 2, 0.5), MFK_EINVAL);
    ck_assert_int_eq(mfk_body_set_absence(NULL, 0, 0.5), MFK_EINVAL);
    ck_assert_int_eq(mfk_body_set_member_param(b, 0, (mfk_member_param)99, 0),
                     MFK_EINVAL);
    ck_assert(isnan(mfk_body_member_param(b, 0, (mfk_member_param)99)));
    ck_assert(isnan(mfk_body_member_param(b, 5, MFK_MEMBER_ABSENCE)));
    /* per member, then all at once; a bad value for all changes none */
    ck_assert_int_eq(mfk_body_set_externality(b, 1, 0.25), MFK_OK);
    ck_assert(mfk_body_member_externality(b, 1) == 0.25);
    ck_assert(mfk_body_member_externality(b, 0) == 1);
    ck_assert_int_eq(mfk_body_set_all(b, MFK_MEMBER_ABSENCE, 0.1), MFK_OK);
    ck_assert_int_eq(mfk_body_set_all(b, MFK_MEMBER_ABSENCE, 2), MFK_ERANGE);
    for (i = 0; i < 2; i++)
        ck_assert(mfk_body_member_absence(b, i) == 0.1);
    ck_assert_int_eq(mfk_body_set_all(b, MFK_MEMBER_TOLERANCE, 0.3), MFK_OK);
    ck_assert(mfk_body_member_tolerance(b, 1) == 0.3);
    for (p = MFK_MEMBER_TOLERANCE; p <= MFK_MEMBER_ABSENCE; p++)
        ck_assert_int_eq(mfk_body_set_all(b, p, 0.5), MFK_OK);
    ck_assert(mfk_body_member_param(b, 0, MFK_MEMBER_SUPPORT_GAIN) == 0.5);
    ck_assert(mfk_body_member_reservation(b, 1) == 0.5);
    ck_assert(mfk_body_member_indifference(b, 1) == 0.5);
    mfk_body_free(b);
}
END_TEST

/* Every stance of the full model, at L = d(position) - d(status quo) on
 * either side of each threshold. One member, ideal 0, status quo 1
 * (d = 1); a position x > 0 has L = x - 1. */
START_TEST(test_model_stance_full)
{
    mfk_body *b;
    const double sq = 1;
    size_t i;
    mfk_rng stream;
    int silent = 0, k;
#define ST(x, kind) \
    mfk_model_stance_full(b, 0, (double[]){x}, &sq, kind, NULL)

    ck_assert_int_eq(mfk_body_new(&b, "b", 1, NULL), MFK_OK);
    mfk_body_add_member(b, "A", "A", &i);
    mfk_body_set_ideal(b, 0, (double[]){0});
    mfk_body_set_tolerance(b, 0, 0.25);
    /* the defaults are 0.1's: object past the tolerance, else join,
     * under any rule */
    ck_assert_int_eq(ST(1.5, MFK_RULE_FLEXIBLE), MFK_OBJECT);
    ck_assert_int_eq(ST(1.5, MFK_RULE_CONSENSUS), MFK_OBJECT);
    ck_assert_int_eq(ST(1.25, MFK_RULE_FLEXIBLE), MFK_JOIN);
    ck_assert_int_eq(ST(0.5, MFK_RULE_CONSENSUS), MFK_JOIN);
    /* externality 0.25: at L = 0.5, 0.25 L = 0.125 <= 0.25: stands aside
     * under flexible, objects under every other rule */
    mfk_body_set_externality(b, 0, 0.25);
    ck_assert_int_eq(ST(1.5, MFK_RULE_FLEXIBLE), MFK_NOT_READY);
    ck_assert_int_eq(ST(1.5, MFK_RULE_CONSENSUS), MFK_OBJECT);
    ck_assert_int_eq(mfk_model_stance(b, 0, (double[]){1.5}, &sq),
                     MFK_OBJECT);
    /* at L = 1.5, 0.375 > 0.25: objects even under flexible */
    ck_assert_int_eq(ST(2.5, MFK_RULE_FLEXIBLE), MFK_OBJECT);
    /* externality 0: never objects under flexible */
    mfk_body_set_externality(b, 0, 0);
    ck_assert_int_eq(ST(1e6, MFK_RULE_FLEXIBLE), MFK_NOT_READY);
    mfk_body_set_externality(b, 0, 1);
    /* reservation 0.5: joins with one where L > 0.25 - 0.5 = -0.25 */
    mfk_body_set_reservation(b, 0, 0.5);
    ck_assert_int_eq(ST(1.0, MFK_RULE_CONSENSUS), MFK_RESERVATION);
    ck_assert_int_eq(ST(0.875, MFK_RULE_CONSENSUS), MFK_RESERVATION);
    ck_assert_int_eq(ST(0.5, MFK_RULE_CONSENSUS), MFK_JOIN);
    ck_assert_int_eq(ST(1.5, MFK_RULE_CONSENSUS), MFK_OBJECT);
    /* indifference 0.125 comes first: |L| <= 0.125 abstains */
    mfk_body_set_indifference(b, 0, 0.125);
    ck_assert_int_eq(ST(1.0, MFK_RULE_CONSENSUS), MFK_ABSTAIN);
    ck_assert_int_eq(ST(0.875, MFK_RULE_CONSENSUS), MFK_ABSTAIN);
    ck_assert_int_eq(ST(1.125, MFK_RULE_CONSENSUS), MFK_ABSTAIN);
    ck_assert_int_eq(ST(1.25, MFK_RULE_CONSENSUS), MFK_RESERVATION);
    /* support gain 0.5: supports where -L >= 0.5 */
    mfk_body_set_support_gain(b, 0, 0.5);
    ck_assert_int_eq(ST(0.5, MFK_RULE_CONSENSUS), MFK_SUPPORT);
    ck_assert_int_eq(ST(0.25, MFK_RULE_CONSENSUS), MFK_SUPPORT);
    ck_assert_int_eq(ST(0.625, MFK_RULE_CONSENSUS), MFK_JOIN);
    /* absence: drawn from the stream only when it is given */
    mfk_body_set_absence(b, 0, 0.25);
    ck_assert_int_eq(ST(0.5, MFK_RULE_CONSENSUS), MFK_SUPPORT);
    mfk_rng_seed(&stream, 7, 0);
    for (k = 0; k < 4000; k++)
        silent += mfk_model_stance_full(b, 0, (double[]){0.5}, &sq,
                                        MFK_RULE_CONSENSUS,
                                        &stream) == MFK_SILENT;
    /* 1000 expected, sd about 27 */
    ck_assert_int_gt(silent, 880);
    ck_assert_int_lt(silent, 1120);
    ck_assert_int_eq(mfk_model_stance_full(NULL, 0, &sq, &sq,
                                           MFK_RULE_CONSENSUS, NULL),
                     MFK_SILENT);
#undef ST
    mfk_body_free(b);
}
END_TEST

/* A stance source that leaves member 0 silent in round 1 and lets the
 * model speak for everyone else. */
static int silent_first(const mfk_consultation *c, unsigned round,
                        unsigned char *st, void *ud)
{
    int rc = mfk_model_stances(c, round, st, ud);
    if (round == 1)
        st[0] = MFK_SILENT;
    return rc;
}

/* A round that only silence kept from adopting is held again on the same
 * text; under flexible the members the text costs little stand aside and
 * the rest adopt. */
START_TEST(test_model_rounds_full)
{
    mfk_body *b;
    mfk_proposal *p;
    mfk_consultation *c;
    mfk_rule r;
    const unsigned char *st;
    const double sq = 0, pos = 0.5;
    mfk_verdict v;
    size_t i, ver;

    ck_assert_int_eq(mfk_body_new(&b, "b", 1, NULL), MFK_OK);
    mfk_body_add_member(b, "A", "A", &i);
    mfk_body_add_member(b, "B", "B", &i);
    mfk_body_add_member(b, "C", "C", &i);
    mfk_body_set_ideal(b, 0, (double[]){0.5});
    mfk_body_set_ideal(b, 1, (double[]){0.6});
    mfk_body_set_ideal(b, 2, (double[]){-0.1}); /* L = 0.5 */
    mfk_body_set_tolerance(b, 2, 0.1);
    mfk_body_set_principle(b, MFK_PRINCIPLE_FLEXIBLE_SCOPE, MFK_MODE_OFF);
    p = new_prop(b);
    mfk_proposal_set_position(p, &pos);
    mfk_proposal_set_status_quo(p, &sq);
    /* consensus: C objects; round 1 would have adopted without C, so
     * silence is not what stopped it: the Chair moves the text */
    c = new_consult(b, p);
    ck_assert_int_eq(mfk_consultation_run(c, silent_first, NULL,
                                          mfk_chair_default, NULL),
                     MFK_OK);
    ck_assert_int_eq(mfk_consultation_round(c, 2, NULL, NULL, NULL, &ver),
                     MFK_OK);
    ck_assert_uint_eq(ver, 1); /* amended */
    mfk_consultation_free(c);
    /* C's tolerance now accepts the text: round 1 failed only for A's
     * silence and round 2 is held on the same text, and adopts */
    mfk_body_set_tolerance(b, 2, 1);
    mfk_proposal_reset(p);
    c = new_consult(b, p);
    ck_assert_int_eq(mfk_consultation_run(c, silent_first, NULL,
                                          mfk_chair_default, NULL),
                     MFK_OK);
    ck_assert_uint_eq(mfk_consultation_rounds(c), 2);
    ck_assert_int_eq(mfk_consultation_round(c, 2, NULL, NULL, &v, &ver),
                     MFK_OK);
    ck_assert_uint_eq(ver, 0);
    ck_assert_int_eq(v, MFK_VERDICT_ADOPTED);
    mfk_consultation_free(c);
    /* flexible, externality 0.1: 0.1 x 0.5 <= 0.1, C stands aside; A and
     * B take part */
    mfk_body_set_tolerance(b, 2, 0.1);
    mfk_body_set_externality(b, 2, 0.1);
    mfk_rule_init(&r, MFK_RULE_FLEXIBLE);
    mfk_proposal_set_rule(p, &r);
    mfk_proposal_reset(p);
    c = new_consult(b, p);
    ck_assert_int_eq(mfk_consultation_run(c, mfk_model_stances, NULL,
                                          mfk_chair_default, NULL),
                     MFK_OK);
    ck_assert_uint_eq(mfk_consultation_rounds(c), 1);
    ck_assert_int_eq(mfk_consultation_round(c, 1, &st, NULL, NULL, NULL),
                     MFK_OK);
    ck_assert_int_eq(st[2], MFK_NOT_READY);
    ck_assert_int_eq(outcome(c), MFK_OUTCOME_ADOPTED_FLEXIBLE);
    ck_assert(mfk_consultation_participant(c, 0));
    ck_assert(!mfk_consultation_participant(c, 2));
    mfk_consultation_free(c);
    /* externality 1: C objects as under consensus, and constrains the
     * Chair, who moves the text */
    mfk_body_set_externality(b, 2, 1);
    mfk_proposal_reset(p);
    c = new_consult(b, p);
    ck_assert_int_eq(mfk_consultation_run(c, mfk_model_stances, NULL,
                                          mfk_chair_default, NULL),
                     MFK_OK);
    ck_assert_int_eq(mfk_consultation_round(c, 1, &st, NULL, NULL, NULL),
                     MFK_OK);
    ck_assert_int_eq(st[2], MFK_OBJECT);
    ck_assert_uint_gt(mfk_consultation_rounds(c), 1);
    mfk_consultation_free(c);
    mfk_proposal_free(p);
    mfk_body_free(b);
}
END_TEST

START_TEST(test_chair_random_1d)
{
    rng g = {20260101};
    int iter;

    for (iter = 0; iter < 3000; iter++) {
        double ideal[15], tol[15], sal[15], sq, pos;
        size_t n = 1 + rnd(&g) % 15, i;
        int grid = iter % 2;
        mfk_body *b;
        char what[64];

        for (i = 0; i < n; i++) {
            /* on a grid of tenths and twentieths, edges meet exactly */
            ideal[i] = grid ? (double)(rnd(&g) % 11) / 10 : rnd_unit(&g);
            tol[i] = rnd(&g) % 3 == 0 ? 0
                     : grid          ? (double)(rnd(&g) % 5) / 20
                                     : rnd_unit(&g) * 0.2;
            sal[i] = grid ? 1 : 0.25 + rnd_unit(&g) * 2;
        }
        sq = grid ? (double)(rnd(&g) % 11) / 10 : rnd_unit(&g);
        pos = ideal[rnd(&g) % n];
        b = body_1d(n, ideal, tol, sal);
        snprintf(what, sizeof what, "random body %d", iter);
        assert_chair_1d(b, pos, sq, what);
        mfk_body_free(b);
    }
}
END_TEST

START_TEST(test_chair_edges_1d)
{
    mfk_body *b;

    /* Both members accept only the status quo in real numbers, but in
     * binary 1 + x rounds to 1 for x up to 2^-53: positions near 0 have
     * no objector. That run is rounding, not room to move: the chair
     * leaves the text, and nothing is adopted. */
    {
        const double ideal[2] = {1, -1}, tol[2] = {0, 0};
        b = body_1d(2, ideal, tol, NULL);
        ck_assert(!acceptable_exists(b, 0));
        assert_chair_1d(b, 1, 0, "two sides, touching at the status quo");
        assert_chair_1d(b, -1, 0, "the same, from the other side");
        mfk_body_free(b);
    }
    /* The same a long way from the members, where rounding opens a run
     * of hundreds of doubles around a status quo of 10^-3. */
    {
        const double ideal[3] = {0.9, -0.9, 0.5}, tol[3] = {0, 0, 0};
        b = body_1d(3, ideal, tol, NULL);
        ck_assert(mfk_model_stance(b, 0, (double[]){0.001 - 0x1p-60},
                                   (double[]){0.001}) == MFK_JOIN);
        ck_assert(mfk_model_stance(b, 1, (double[]){0.001 + 0x1p-60},
                                   (double[]){0.001}) == MFK_JOIN);
        assert_chair_1d(b, 0.5, 0.001, "rounding far from the members");
        mfk_body_free(b);
    }
    /* The same away from 0: no double but the status quo is acceptable
     * to both (1.5 - 1 and 1.5 - 2 are exact, ulps near 1.5 are 2^-52) */
    {
        const double ideal[2] = {2, 1}, tol[2] = {0, 0};
        b = body_1d(2, ideal, tol, NULL);
        assert_chair_1d(b, 2, 1.5, "touching at 1.5");
        assert_chair_1d(b, 1, 1.5, "touching at 1.5, other side");
        mfk_body_free(b);
    }
    /* ideal + tolerance on a float edge: 0.1 + 0.2 */
    {
        const double ideal[2] = {0.1, 0.5}, tol[2] = {0.2, 0};
        b = body_1d(2, ideal, tol, NULL);
        assert_chair_1d(b, 0.5, 0.1, "0.1 + 0.2");
        mfk_body_free(b);
    }
    /* a tiny tolerance opens a window a few ulps wide */
    {
        const double ideal[2] = {1, -1}, tol[2] = {1e-15, 1e-15};
        b = body_1d(2, ideal, tol, NULL);
        assert_chair_1d(b, 1, 0, "window of 1e-15");
        mfk_body_free(b);
    }
    {
        const double ideal[3] = {0.3, 0.7, 0.2},
                     tol[3] = {0.05, 0.05, 0.15};
        b = body_1d(3, ideal, tol, NULL);
        assert_chair_1d(b, 0.7, 0.1, "three, edges on twentieths");
        assert_chair_1d(b, 0.7, 0.45, "three, status quo inside");
        mfk_body_free(b);
    }
    /* One member below a text at the status quo: the Chair goes to the
     * middle of the run's part below, rounded. A tolerance of 2^-53 opens
     * one double above the status quo: rounding, which the Chair passes
     * over for the part below. */
    {
        const double ideal[1] = {0.2}, tol[1] = {0};
        b = body_1d(1, ideal, tol, NULL);
        assert_chair_drafts(b, 0.5, 0.2, "one member below");
        mfk_body_free(b);
    }
    {
        const double ideal[1] = {0.25}, tol[1] = {0x1p-53};
        b = body_1d(1, ideal, tol, NULL);
        assert_chair_drafts(b, 0.5, 0.25, "one double above, by tolerance");
        mfk_body_free(b);
    }
    /* a member indifferent to the scale (salience 0) accepts anything */
    {
        const double ideal[2] = {0.9, 0.2}, tol[2] = {0, 0.05},
                     sal[2] = {0, 1};
        b = body_1d(2, ideal, tol, sal);
        assert_chair_1d(b, 0.9, 0, "one member indifferent");
        assert_chair_1d(b, 0.9, 1e300, "far status quo");
        mfk_body_free(b);
    }
    /* members on both sides of the status quo, which is the proposal */
    {
        const double ideal[2] = {0.2, 0.8}, tol[2] = {0.1, 0.1};
        b = body_1d(2, ideal, tol, NULL);
        assert_chair_1d(b, 0.5, 0.5, "position at the status quo");
        mfk_body_free(b);
    }
}
END_TEST

/* In more dimensions the contract asks only that the chair never propose
 * the status quo and that a new round never repeat the last; the header
 * adds that each draft is one no member's model objects to. */
START_TEST(test_chair_random_2d)
{
    rng g = {2};
    int iter;

    for (iter = 0; iter < 1500; iter++) {
        size_t n = 1 + rnd(&g) % 9, i, v;
        unsigned dims = 2 + (unsigned)(iter % 2);
        mfk_body *b;
        mfk_proposal *p;
        mfk_consultation *c;
        double x[3], sq[3], pos[3];
        unsigned k;

        ck_assert_int_eq(mfk_body_new(&b, "b", dims, NULL), MFK_OK);
        for (i = 0; i < n; i++) {
            char id[24];
            snprintf(id, sizeof id, "M%zu", i);
            mfk_body_add_member(b, id, id, NULL);
            for (k = 0; k < dims; k++)
                x[k] = (double)(rnd(&g) % 11) / 10;
            mfk_body_set_ideal(b, i, x);
            mfk_body_set_tolerance(b, i, (double)(rnd(&g) % 3) / 20);
            if (i == 0)
                memcpy(pos, x, sizeof x);
        }
        for (k = 0; k < dims; k++)
            sq[k] = (double)(rnd(&g) % 11) / 10;
        ck_assert_int_eq(mfk_proposal_new(&p, b, "P", "t", NULL), MFK_OK);
        mfk_proposal_set_position(p, pos);
        mfk_proposal_set_status_quo(p, sq);
        mfk_proposal_set_max_rounds(p, 10);
        c = new_consult(b, p);
        ck_assert_int_eq(mfk_consultation_run(c, mfk_model_stances, NULL,
                                              mfk_chair_default, NULL),
                         MFK_OK);
        for (v = 1; v < mfk_proposal_version_count(p); v++) {
            const double *now, *before;
            mfk_proposal_version(p, v, NULL, &now);
            mfk_proposal_version(p, v - 1, NULL, &before);
            ck_assert(memcmp(now, sq, dims * sizeof *now) != 0);
            ck_assert(memcmp(now, before, dims * sizeof *now) != 0);
            for (i = 0; i < n; i++)
                ck_assert_int_eq(mfk_model_stance(b, i, now, sq), MFK_JOIN);
        }
        mfk_consultation_free(c);
        mfk_proposal_free(p);
        mfk_body_free(b);
    }
}
END_TEST

/* Under a rule that never adopts when all join (a majority of more than
 * the whole body), the chair has nothing to move towards: the position
 * stays, which ends the consultation after round 1. */
START_TEST(test_chair_leaves_position)
{
    const double ideal[3] = {0.5, 0.6, 0.55}, tol[3] = {0, 0, 0};
    mfk_body *b = body_1d(3, ideal, tol, NULL);
    mfk_proposal *p = new_prop(b);
    mfk_consultation *c;
    const double pos = 0.5, sq = 0.45;
    mfk_rule r;

    mfk_rule_init(&r, MFK_RULE_MAJORITY);
    r.threshold = 1;
    mfk_body_set_rule(b, &r);
    mfk_proposal_set_position(p, &pos);
    mfk_proposal_set_status_quo(p, &sq);
    c = new_consult(b, p);
    ck_assert_int_eq(mfk_consultation_run(c, mfk_model_stances, NULL,
                                          mfk_chair_default, NULL),
                     MFK_OK);
    ck_assert_uint_eq(mfk_consultation_rounds(c), 1);
    ck_assert_int_eq(outcome(c), MFK_OUTCOME_DEFERRED);
    ck_assert_uint_eq(mfk_proposal_version_count(p), 1);
    mfk_consultation_free(c);
    mfk_proposal_free(p);
    mfk_body_free(b);
}
END_TEST

/* One call of the default chair on a new consultation of b on a text at
 * pos against sq (either NULL: not set): its code and, when it drafted,
 * the draft in y. A draft is one no member's model objects to, neither
 * the status quo nor the text; otherwise the text stays. */
static int chair_once(mfk_body *b, const double *pos, const double *sq,
                      double *y)
{
    mfk_proposal *p = new_prop(b);
    mfk_consultation *c;
    unsigned dims = mfk_body_dims(b);
    size_t i;
    int rc;

    if (pos != NULL)
        ck_assert_int_eq(mfk_proposal_set_position(p, pos), MFK_OK);
    if (sq != NULL)
        ck_assert_int_eq(mfk_proposal_set_status_quo(p, sq), MFK_OK);
    c = new_consult(b, p);
    rc = mfk_chair_default(c, 1, NULL);
    if (rc == MFK_OK) {
        ck_assert_uint_eq(mfk_proposal_version_count(p), 2);
        memcpy(y, mfk_proposal_position(p), dims * sizeof *y);
        ck_assert(memcmp(y, sq, dims * sizeof *y) != 0);
        ck_assert(memcmp(y, pos, dims * sizeof *y) != 0);
        for (i = 0; i < mfk_body_member_count(b); i++)
            ck_assert_int_eq(mfk_model_stance(b, i, y, sq), MFK_JOIN);
    } else {
        ck_assert_uint_eq(mfk_proposal_version_count(p), 1);
    }
    mfk_consultation_free(c);
    mfk_proposal_free(p);
    return rc;
}

/* What the chair and the model need, and what they do without it. */
START_TEST(test_model_without_points)
{
    mfk_body *b = test_body(2);
    mfk_proposal *p = new_prop(b);
    mfk_consultation *c;
    unsigned char st[2] = {MFK_SUPPORT, MFK_SUPPORT};
    const double one = 1, half = 0.5;
    double y;

    /* no ideal points */
    ck_assert_int_eq(chair_once(b, &one, &half, &y), MFK_DONE);
    ck_assert_int_eq(mfk_model_stance(b, 0, &one, &half), MFK_SILENT);
    mfk_body_set_ideal(b, 0, &one);
    mfk_body_set_ideal(b, 1, &half);
    /* no text, no status quo */
    ck_assert_int_eq(chair_once(b, NULL, &half, &y), MFK_DONE);
    ck_assert_int_eq(chair_once(b, &one, NULL, &y), MFK_DONE);
    ck_assert_int_eq(mfk_model_stance(NULL, 0, &one, &half), MFK_SILENT);
    ck_assert_int_eq(mfk_model_stance(b, 2, &one, &half), MFK_SILENT);
    ck_assert_int_eq(mfk_model_stance(b, 0, NULL, &half), MFK_SILENT);
    ck_assert_int_eq(mfk_model_stance(b, 0, &one, NULL), MFK_SILENT);
    ck_assert_int_eq(mfk_model_stance(b, 0, &half, &one), MFK_OBJECT);
    /* the model as a stance source */
    c = new_consult(b, p);
    ck_assert_int_eq(mfk_model_stances(NULL, 1, st, NULL), MFK_EINVAL);
    ck_assert_int_eq(mfk_model_stances(c, 1, NULL, NULL), MFK_EINVAL);
    ck_assert_int_eq(mfk_model_stances(c, 1, st, NULL), MFK_EINVAL);
    mfk_proposal_set_position(p, &one);
    ck_assert_int_eq(mfk_model_stances(c, 1, st, NULL), MFK_EINVAL);
    ck_assert(st[0] == MFK_SUPPORT && st[1] == MFK_SUPPORT);
    mfk_proposal_set_status_quo(p, &half);
    ck_assert_int_eq(mfk_model_stances(c, 1, st, NULL), MFK_OK);
    ck_assert(st[0] == MFK_JOIN && st[1] == MFK_OBJECT);
    ck_assert_int_eq(mfk_chair_default(NULL, 1, NULL), MFK_EINVAL);
    mfk_consultation_free(c);
    mfk_proposal_free(p);
    mfk_body_free(b);
    /* a text and a status quo, but members without ideal points */
    b = test_body(1);
    p = new_prop(b);
    mfk_proposal_set_position(p, &one);
    mfk_proposal_set_status_quo(p, &half);
    c = new_consult(b, p);
    ck_assert_int_eq(mfk_model_stances(c, 1, st, NULL), MFK_EINVAL);
    ck_assert_int_eq(mfk_chair_default(c, 1, NULL), MFK_DONE);
    mfk_consultation_free(c);
    mfk_proposal_free(p);
    mfk_body_free(b);
}
END_TEST

/* Negative tolerances: a member may object to the status quo itself.
 * The acceptable run then need not hold the status quo, or may be
 * empty; a member whose objection no point can lift ends it. */
START_TEST(test_chair_negative_tolerance_1d)
{
    mfk_body *b;
    double y;

    /* d(sq) + tolerance < 0: nothing is acceptable to member 0 */
    {
        const double ideal[2] = {0, 0.3}, tol[2] = {-1, 0};
        const double pos = 0.2, sq = 0.5;
        b = body_1d(2, ideal, tol, NULL);
        ck_assert_int_eq(chair_once(b, &pos, &sq, &y), MFK_DONE);
        mfk_body_free(b);
    }
    /* each accepts a window the other does not: [-0.4, 0.4], [0.6, 1.4] */
    {
        const double ideal[2] = {0, 1}, tol[2] = {-0.1, -0.1};
        const double pos = 0, sq = 0.5;
        b = body_1d(2, ideal, tol, NULL);
        ck_assert_int_eq(chair_once(b, &pos, &sq, &y), MFK_DONE);
        mfk_body_free(b);
    }
    /* the run [-0.4, 0.4] lies below the status quo, the text above:
     * the chair drafts its end nearest the text */
    {
        const double ideal[1] = {0}, tol[1] = {-0.1};
        const double pos = 1, sq = 0.5;
        b = body_1d(1, ideal, tol, NULL);
        ck_assert_int_eq(chair_once(b, &pos, &sq, &y), MFK_OK);
        ck_assert(y == 0.4);
        mfk_body_free(b);
    }
    /* the run [0.6, 1.4] lies above it, the text below */
    {
        const double ideal[1] = {1}, tol[1] = {-0.1};
        const double pos = 0, sq = 0.5;
        b = body_1d(1, ideal, tol, NULL);
        ck_assert_int_eq(chair_once(b, &pos, &sq, &y), MFK_OK);
        ck_assert_msg(y == 0.6, "%.17g", y);
        mfk_body_free(b);
    }
    /* a salience of 2^-1074 keeps d finite at a distance near DBL_MAX,
     * and the estimate of the run's lower end overflows to -inf: the
     * chair starts from its upper end, and drafts below the status quo */
    {
        const double ideal[1] = {-1e308}, tol[1] = {-1e140},
                     sal[1] = {0x1p-1074};
        const double pos = 1.5e308, sq = 0.7e308;
        b = body_1d(1, ideal, tol, sal);
        ck_assert_int_eq(chair_once(b, &pos, &sq, &y), MFK_OK);
        ck_assert(y < sq && y > 0.6e308);
        mfk_body_free(b);
    }
}
END_TEST

/* A member indifferent to the scale accepts every double: the run is all
 * the finite doubles, and the chair moves a text at the status quo. */
START_TEST(test_chair_whole_line_1d)
{
    const double ideal[1] = {0.5}, tol[1] = {0}, sal[1] = {0};
    const double sq = 0.3, inside = 0.9;
    mfk_body *b = body_1d(1, ideal, tol, sal);
    double y;

    ck_assert_int_eq(chair_once(b, &inside, &sq, &y), MFK_DONE);
    ck_assert_int_eq(chair_once(b, &sq, &sq, &y), MFK_OK);
    ck_assert(y > sq);
    mfk_body_free(b);
}
END_TEST

/* A body in two dimensions: ideal points, saliences (NULL: 1) and
 * tolerances, member by member. */
static mfk_body *body_2d(size_t n, const double (*ideal)[2],
                         const double (*sal)[2], const double *tol)
{
    mfk_body *b;
    size_t i;
    ck_assert_int_eq(mfk_body_new(&b, "b", 2, NULL), MFK_OK);
    for (i = 0; i < n; i++) {
        char id[24];
        snprintf(id, sizeof id, "M%zu", i);
        ck_assert_int_eq(mfk_body_add_member(b, id, id, NULL), MFK_OK);
        ck_assert_int_eq(mfk_body_set_ideal(b, i, ideal[i]), MFK_OK);
        if (sal != NULL)
            ck_assert_int_eq(mfk_body_set_salience(b, i, sal[i]), MFK_OK);
        ck_assert_int_eq(mfk_body_set_tolerance(b, i, tol[i]), MFK_OK);
    }
    return b;
}

/* The chair in two dimensions, on the line from the text to the status
 * quo, at each of its ends. */
START_TEST(test_chair_line_2d)
{
    const double pos[2] = {0, 0}, sq[2] = {1, 0};
    mfk_body *b;
    double y[2];

    /* the text at the status quo: no line to follow */
    {
        const double ideal[1][2] = {{2, 0}}, tol[1] = {0};
        b = body_2d(1, ideal, NULL, tol);
        ck_assert_int_eq(chair_once(b, sq, sq, y), MFK_DONE);
        mfk_body_free(b);
    }
    /* d(sq) + tolerance < 0 for member 1 */
    {
        const double ideal[2][2] = {{2, 0}, {0, 1}}, tol[2] = {0, -2};
        b = body_2d(2, ideal, NULL, tol);
        ck_assert_int_eq(chair_once(b, pos, sq, y), MFK_DONE);
        mfk_body_free(b);
    }
    /* member 1 cares only across the line (salience 0 along it): its
     * distance is the same all along; it accepts the line when that is
     * not more than d(sq) + tolerance, and none of it when more */
    {
        const double ideal[2][2] = {{2, 0}, {5, 1}};
        const double sal[2][2] = {{1, 1}, {0, 1}};
        double tol[2] = {0, 0};
        b = body_2d(2, ideal, sal, tol);
        ck_assert_int_eq(chair_once(b, pos, sq, y), MFK_OK);
        ck_assert(y[0] == 2 && y[1] == 0);
        mfk_body_free(b);
        tol[1] = -0.5;
        b = body_2d(2, ideal, sal, tol);
        ck_assert_int_eq(chair_once(b, pos, sq, y), MFK_DONE);
        mfk_body_free(b);
    }
    /* the text is acceptable already: it stays */
    {
        const double ideal[2][2] = {{0, 0}, {0.2, 0.1}}, tol[2] = {0, 0.5};
        b = body_2d(2, ideal, NULL, tol);
        ck_assert_int_eq(chair_once(b, pos, sq, y), MFK_DONE);
        mfk_body_free(b);
    }
    /* every member accepts every point of the line: it stays */
    {
        const double ideal[2][2] = {{3, 0}, {0, 4}};
        const double sal[2][2] = {{1, 1}, {0, 1}};
        const double tol[2] = {1e200, 0};
        b = body_2d(2, ideal, sal, tol);
        ck_assert_int_eq(chair_once(b, pos, sq, y), MFK_DONE);
        mfk_body_free(b);
    }
    /* a salience of 2^-1074 along the line: member 0 accepts t in
     * [2^1022, 5 * 2^1022], whose upper end overflows; the chair drafts
     * the lower end (d there is d(sq) + tolerance = 2^486 exactly) */
    {
        const double ideal[1][2] = {{0x3p1022, 0}};
        const double sal[1][2] = {{0x1p-1074, 1}}, tol[1] = {-0x1p485};
        b = body_2d(1, ideal, sal, tol);
        ck_assert_int_eq(chair_once(b, pos, sq, y), MFK_OK);
        ck_assert(y[0] == 0x1p1022 && y[1] == 0);
        mfk_body_free(b);
    }
    /* what member 0 accepts lies beyond the text, away from the status
     * quo: t in [-1.5, -0.5] */
    {
        const double ideal[1][2] = {{-1, 0}}, tol[1] = {-1.5};
        b = body_2d(1, ideal, NULL, tol);
        ck_assert_int_eq(chair_once(b, pos, sq, y), MFK_OK);
        ck_assert(y[0] >= -1.5 && y[0] <= -0.5 && y[1] == 0);
        mfk_body_free(b);
    }
}
END_TEST

/* ---- memory ----------------------------------------------------------- */

START_TEST(test_reset_reuses_memory)
{
    test_alloc ta;
    mfk_body *b = NULL;
    mfk_proposal *p = NULL;
    mfk_consultation *c = NULL;
    const double ideal[5] = {0.1, 0.3, 0.5, 0.7, 0.9};
    const double pos = 0.9, sq = 0.0;
    size_t i, calls, rounds;
    mfk_outcome o;

    test_alloc_init(&ta);
    ck_assert_int_eq(mfk_body_new(&b, "b", 1, &ta.a), MFK_OK);
    for (i = 0; i < 5; i++) {
        char id[3] = {'M', (char)('0' + i), 0};
        mfk_body_add_member(b, id, id, NULL);
        mfk_body_set_ideal(b, i, &ideal[i]);
    }
    ck_assert_int_eq(mfk_proposal_new(&p, b, "P", "t", &ta.a), MFK_OK);
    mfk_proposal_set_position(p, &pos);
    mfk_proposal_set_status_quo(p, &sq);
    ck_assert_int_eq(mfk_consultation_new(&c, b, p, &ta.a), MFK_OK);
    ck_assert_int_eq(mfk_consultation_run(c, mfk_model_stances, NULL, NULL,
                                          NULL),
                     MFK_OK);
    /* The first run may take room for its rounds; runs after a reset
     * allocate nothing. */
    calls = ta.calls;
    rounds = mfk_consultation_rounds(c);
    mfk_consultation_outcome(c, &o);
    for (i = 0; i < 100; i++) {
        ck_assert_int_eq(mfk_consultation_reset(c), MFK_OK);
        ck_assert_int_eq(mfk_consultation_run(c, mfk_model_stances, NULL,
                                              NULL, NULL),
                         MFK_OK);
        ck_assert_uint_eq(mfk_consultation_rounds(c), rounds);
        ck_assert_int_eq(outcome(c), o);
    }
    ck_assert_uint_eq(ta.calls, calls);
    mfk_consultation_free(c);
    mfk_proposal_free(p);
    mfk_body_free(b);
    ck_assert_uint_eq(ta.live, 0);
}
END_TEST

/* Memory follows the rounds held, not max_rounds (issue 16): 2,000
 * members and max_rounds 1000 once took 4 MB at creation. Closing a round
 * may then allocate; when it cannot, the round stays open as it was, and
 * what mfk_consultation_round gave stays where it was. */
START_TEST(test_memory_follows_rounds)
{
    test_alloc ta;
    mfk_body *b = NULL;
    mfk_proposal *p = NULL;
    mfk_consultation *c = NULL;
    const unsigned char *first = NULL, *again = NULL;
    const size_t n = 2000;
    size_t i, after_new;
    unsigned r;
    mfk_verdict v;

    test_alloc_init(&ta);
    ck_assert_int_eq(mfk_body_new(&b, "b", 1, &ta.a), MFK_OK);
    for (i = 0; i < n; i++) {
        char id[16];
        snprintf(id, sizeof id, "M%zu", i);
        ck_assert_int_eq(mfk_body_add_member(b, id, id, NULL), MFK_OK);
    }
    ck_assert_int_eq(mfk_proposal_new(&p, b, "P", "t", &ta.a), MFK_OK);
    ck_assert_int_eq(mfk_proposal_set_max_rounds(p, MFK_MAX_ROUNDS), MFK_OK);
    after_new = ta.bytes;
    ck_assert_int_eq(mfk_consultation_new(&c, b, p, &ta.a), MFK_OK);
    /* A few rounds' room, a few times n bytes; not max_rounds' worth. */
    ck_assert_uint_lt(ta.bytes - after_new, 64 * n);
    ck_assert_int_eq(mfk_consultation_set_stance(c, 0, MFK_OBJECT), MFK_OK);
    ck_assert_int_eq(mfk_consultation_close_round(c, &v), MFK_OK);
    ck_assert_int_eq(mfk_consultation_round(c, 1, &first, NULL, NULL, NULL),
                     MFK_OK);
    for (r = 2; r <= 40; r++) {
        size_t before = ta.calls;
        ck_assert_int_eq(mfk_consultation_set_stance(c, 1, MFK_OBJECT),
                         MFK_OK);
        /* The one allocation a round may take fails: nothing changes. */
        ta.fail_at = ta.calls + 1;
        if (mfk_consultation_close_round(c, &v) == MFK_ENOMEM) {
            ck_assert_uint_eq(mfk_consultation_rounds(c), r - 1);
            ck_assert_uint_eq(ta.calls, before + 1);
        }
        ta.fail_at = 0;
        if (mfk_consultation_rounds(c) < r)
            ck_assert_int_eq(mfk_consultation_close_round(c, &v), MFK_OK);
        ck_assert_int_eq(v, MFK_VERDICT_BLOCKED);
        ck_assert_uint_eq(mfk_consultation_rounds(c), r);
        ck_assert_int_eq(mfk_consultation_round(c, r, &again, NULL, NULL,
                                                NULL),
                         MFK_OK);
        ck_assert_int_eq(again[1], MFK_OBJECT);
    }
    /* Round 1 where it was, as it was. */
    ck_assert_int_eq(mfk_consultation_round(c, 1, &again, NULL, NULL, NULL),
                     MFK_OK);
    ck_assert_ptr_eq(again, first);
    ck_assert_int_eq(first[0], MFK_OBJECT);
    ck_assert_int_eq(first[1], MFK_SILENT);
    /* 40 rounds held: about 40 rounds' worth, far from 1000. */
    ck_assert_uint_lt(ta.bytes - after_new, 4 * 64 * n + 64 * n);
    mfk_consultation_free(c);
    mfk_proposal_free(p);
    mfk_body_free(b);
    ck_assert_uint_eq(ta.live, 0);
}
END_TEST

/* A reset takes the rule and fallback in force anew, and the
 * admissibility too. */
START_TEST(test_reset_takes_settings_anew)
{
    mfk_body *b = test_body(3);
    mfk_proposal *p = new_prop(b);
    mfk_consultation *c = new_consult(b, p);
    static const unsigned char st[3] = {MFK_JOIN, MFK_SILENT, MFK_JOIN};
    mfk_rule r;

    ck_assert_int_eq(host_round(c, st), MFK_VERDICT_BLOCKED);
    mfk_rule_init(&r, MFK_RULE_SILENCE);
    mfk_proposal_set_rule(p, &r);
    mfk_proposal_set_fallback(p, MFK_FALLBACK_NONE);
    ck_assert_int_eq(mfk_consultation_reset(c), MFK_OK);
    ck_assert_int_eq(host_round(c, st), MFK_VERDICT_ADOPTED);
    ck_assert_uint_eq(mfk_consultation_rounds(c), 1);
    mfk_rule_init(&r, MFK_RULE_CONSENSUS);
    mfk_proposal_set_rule(p, &r);
    ck_assert_int_eq(mfk_consultation_reset(c), MFK_OK);
    mfk_consultation_end(c);
    ck_assert_int_eq(outcome(c), MFK_OUTCOME_NO_OUTCOME);
    /* a concern added since: inadmissible on reset */
    mfk_proposal_add_role(p, 1, MFK_ROLE_CONCERN);
    ck_assert_int_eq(mfk_consultation_reset(c), MFK_OK);
    ck_assert(!mfk_consultation_admissible(c));
    ck_assert_int_eq(outcome(c), MFK_OUTCOME_INADMISSIBLE);
    mfk_proposal_add_role(p, 1, MFK_ROLE_CONSENT);
    ck_assert_int_eq(mfk_consultation_reset(c), MFK_OK);
    ck_assert(mfk_consultation_admissible(c));
    ck_assert_uint_eq(mfk_consultation_violation_count(c), 0);
    mfk_consultation_free(c);
    mfk_proposal_free(p);
    mfk_body_free(b);
}
END_TEST

/* A user principle in report mode that names member 0, and fails with
 * MFK_ECALLBACK on its second call. */
static int fails_second(const mfk_body *b, const mfk_proposal *p,
                        unsigned char *offenders, void *ud)
{
    unsigned *calls = ud;
    (void)b;
    (void)p;
    if (++*calls == 2)
        return MFK_ECALLBACK;
    offenders[0] = 1;
    return 1;
}

/* A consultation whose reset failed holds no run: nothing of the run
 * before can be read, and no round can be held on the stances left from
 * it. */
static void assert_holds_nothing(mfk_consultation *c, size_t n)
{
    mfk_outcome o;
    const unsigned char *st = NULL;
    size_t i;

    ck_assert_uint_eq(mfk_consultation_rounds(c), 0);
    ck_assert(!mfk_consultation_done(c));
    ck_assert(!mfk_consultation_admissible(c));
    ck_assert_int_eq(mfk_consultation_outcome(c, &o), MFK_ESTATE);
    ck_assert_int_eq(mfk_consultation_round(c, 1, &st, NULL, NULL, NULL),
                     MFK_ENOTFOUND);
    ck_assert_uint_eq(mfk_consultation_violation_count(c), 0);
    for (i = 0; i < n; i++)
        ck_assert(!mfk_consultation_participant(c, i));
    ck_assert_int_eq(mfk_consultation_close_round(c, NULL), MFK_ESTATE);
    ck_assert_int_eq(mfk_consultation_set_stance(c, 0, MFK_JOIN),
                     MFK_ESTATE);
    ck_assert_int_eq(mfk_consultation_amend(c, NULL, "t2"), MFK_ESTATE);
    ck_assert_int_eq(mfk_consultation_end(c), MFK_ESTATE);
    ck_assert_int_eq(
        mfk_consultation_run(c, failing_source, NULL, NULL, NULL),
        MFK_ESTATE);
    ck_assert_int_eq(mfk_consultation_outcome(c, &o), MFK_ESTATE);
    ck_assert_uint_eq(mfk_consultation_rounds(c), 0);
}

START_TEST(test_reset_failure_holds_nothing)
{
    mfk_body *b = test_body(3);
    mfk_proposal *p;
    mfk_consultation *c;
    static const unsigned char joins[3] = {MFK_JOIN, MFK_JOIN, MFK_JOIN};
    const unsigned char *st = NULL;
    unsigned calls = 0, R;
    mfk_verdict v;
    size_t i;

    ck_assert_int_eq(mfk_body_add_principle(b, "flaky", MFK_MODE_REPORT,
                                            fails_second, &calls),
                     MFK_OK);
    p = new_prop(b);
    c = new_consult(b, p);
    ck_assert(mfk_consultation_admissible(c));
    ck_assert_uint_eq(mfk_consultation_violation_count(c), 1);
    ck_assert_int_eq(host_round(c, joins), MFK_VERDICT_ADOPTED);
    ck_assert_int_eq(outcome(c), MFK_OUTCOME_ADOPTED);
    /* the principle's own code comes back as it is */
    ck_assert_int_eq(mfk_consultation_reset(c), MFK_ECALLBACK);
    assert_holds_nothing(c, 3);
    /* the next reset that succeeds opens round 1 afresh, every member
     * silent: the joins of the run before are gone */
    ck_assert_int_eq(mfk_consultation_reset(c), MFK_OK);
    ck_assert(mfk_consultation_admissible(c));
    ck_assert_uint_eq(mfk_consultation_violation_count(c), 1);
    ck_assert_int_eq(mfk_consultation_close_round(c, &v), MFK_OK);
    ck_assert_int_eq(v, MFK_VERDICT_BLOCKED);
    ck_assert_int_eq(mfk_consultation_round(c, 1, &st, NULL, NULL, NULL),
                     MFK_OK);
    for (i = 0; i < 3; i++)
        ck_assert_uint_eq(st[i], MFK_SILENT);
    /* a changed number of rounds leaves it holding nothing as well, until
     * the number is put back */
    R = mfk_proposal_max_rounds(p);
    ck_assert_int_eq(mfk_proposal_set_max_rounds(p, R + 1), MFK_OK);
    ck_assert_int_eq(mfk_consultation_reset(c), MFK_ESTATE);
    assert_holds_nothing(c, 3);
    ck_assert_int_eq(mfk_proposal_set_max_rounds(p, R), MFK_OK);
    ck_assert_int_eq(mfk_consultation_reset(c), MFK_OK);
    ck_assert_int_eq(host_round(c, joins), MFK_VERDICT_ADOPTED);
    ck_assert_int_eq(outcome(c), MFK_OUTCOME_ADOPTED);
    mfk_consultation_free(c);
    mfk_proposal_free(p);
    mfk_body_free(b);
}
END_TEST

struct made {
    mfk_body *b;
    mfk_proposal *p;
    mfk_consultation *c;
};

static void made_cleanup(void *ud)
{
    struct made *m = ud;
    mfk_consultation_free(m->c);
    mfk_proposal_free(m->p);
    mfk_body_free(m->b);
    memset(m, 0, sizeof *m);
}

/* Every step of making a body of 20 members with an observer, a
 * proposal with an amendment and a consultation, with one allocator. */
static int make_all(void *ud, const mfk_allocator *a)
{
    struct made *m = ud;
    const double x = 0.5;
    size_t i;
    int rc;

    if ((rc = mfk_body_new(&m->b, "body", 1, a)) != MFK_OK)
        return rc;
    for (i = 0; i < 20; i++) {
        char id[24];
        snprintf(id, sizeof id, "M%zu", i);
        if ((rc = mfk_body_add_member(m->b, id, id, NULL)) != MFK_OK)
            return rc;
    }
    if ((rc = mfk_body_add_observer(m->b, "OBS", "observer")) != MFK_OK)
        return rc;
    if ((rc = mfk_proposal_new(&m->p, m->b, "P", "title", a)) != MFK_OK)
        return rc;
    if ((rc = mfk_proposal_set_text(m->p, "text")) != MFK_OK)
        return rc;
    if ((rc = mfk_consultation_new(&m->c, m->b, m->p, a)) != MFK_OK)
        return rc;
    if ((rc = mfk_consultation_close_round(m->c, NULL)) != MFK_OK)
        return rc;
    return mfk_consultation_amend(m->c, &x, "amended");
}

START_TEST(test_alloc_failures)
{
    struct made m;
    memset(&m, 0, sizeof m);
    ck_assert_uint_gt(test_alloc_walk(make_all, made_cleanup, &m), 10);
}
END_TEST

START_TEST(test_new_arguments)
{
    mfk_body *b = test_body(2), *other = test_body(2), *empty = test_body(0);
    mfk_proposal *p = new_prop(b), *pe = new_prop(empty);
    mfk_consultation *c = (mfk_consultation *)1;

    ck_assert_int_eq(mfk_consultation_new(&c, other, p, NULL), MFK_EINVAL);
    ck_assert_ptr_null(c);
    ck_assert_int_eq(mfk_consultation_new(&c, empty, pe, NULL), MFK_EINVAL);
    ck_assert_int_eq(mfk_consultation_new(NULL, b, p, NULL), MFK_EINVAL);
    ck_assert_int_eq(mfk_consultation_new(&c, NULL, p, NULL), MFK_EINVAL);
    ck_assert_int_eq(mfk_consultation_new(&c, b, NULL, NULL), MFK_EINVAL);
    ck_assert_ptr_null(c);
    mfk_consultation_free(NULL);
    ck_assert_int_eq(mfk_consultation_run(NULL, script_fn, NULL, NULL, NULL),
                     MFK_EINVAL);
    mfk_proposal_free(pe);
    mfk_proposal_free(p);
    mfk_body_free(empty);
    mfk_body_free(other);
    mfk_body_free(b);
}
END_TEST

/* Every other function without a consultation, or with an argument out
 * of range: the documented code or value, and the consultation as it
 * was. */
START_TEST(test_bad_arguments)
{
    mfk_body *b = test_body(2);
    mfk_proposal *p = new_prop(b);
    mfk_consultation *c = new_consult(b, p);
    const unsigned char *st = NULL, *fl = NULL, *m = NULL;
    const char *name = NULL;
    mfk_mode mode = MFK_MODE_OFF;
    mfk_outcome o = MFK_OUTCOME_WITHDRAWN;
    mfk_verdict v = MFK_VERDICT_SHORT;
    double x = 0.5;

    ck_assert_int_eq(mfk_consultation_reset(NULL), MFK_EINVAL);
    ck_assert_int_eq(mfk_consultation_set_stance(NULL, 0, MFK_JOIN),
                     MFK_EINVAL);
    ck_assert_int_eq(mfk_consultation_close_round(NULL, &v), MFK_EINVAL);
    ck_assert_int_eq(mfk_consultation_amend(NULL, &x, "x"), MFK_EINVAL);
    ck_assert_int_eq(mfk_consultation_end(NULL), MFK_EINVAL);
    ck_assert_ptr_null(mfk_consultation_body(NULL));
    ck_assert_ptr_null(mfk_consultation_proposal(NULL));
    ck_assert_int_eq(mfk_consultation_admissible(NULL), 0);
    ck_assert_int_eq(mfk_consultation_done(NULL), 0);
    ck_assert_uint_eq(mfk_consultation_rounds(NULL), 0);
    ck_assert_int_eq(mfk_consultation_outcome(NULL, &o), MFK_EINVAL);
    ck_assert_int_eq(mfk_consultation_round(NULL, 1, &st, &fl, &v, NULL),
                     MFK_EINVAL);
    ck_assert_int_eq(mfk_consultation_participant(NULL, 0), 0);
    ck_assert_uint_eq(mfk_consultation_violation_count(NULL), 0);
    ck_assert_int_eq(mfk_consultation_violation(NULL, 0, &name, &mode, &m),
                     MFK_EINVAL);

    ck_assert_int_eq(mfk_consultation_set_stance(c, 2, MFK_JOIN),
                     MFK_EINVAL);
    ck_assert_int_eq(mfk_consultation_set_stance(c, 0, (mfk_stance)-1),
                     MFK_EINVAL);
    ck_assert_int_eq(mfk_consultation_set_stance(c, 0, (mfk_stance)7),
                     MFK_EINVAL);
    ck_assert_int_eq(mfk_consultation_run(c, NULL, NULL, NULL, NULL),
                     MFK_EINVAL);
    ck_assert_int_eq(mfk_consultation_outcome(c, NULL), MFK_EINVAL);
    ck_assert_int_eq(mfk_consultation_outcome(c, &o), MFK_ESTATE);
    ck_assert_int_eq(mfk_consultation_round(c, 1, &st, &fl, &v, NULL),
                     MFK_ENOTFOUND);
    ck_assert_int_eq(mfk_consultation_violation(c, 0, &name, &mode, &m),
                     MFK_ENOTFOUND);
    /* nobody is bound before the end */
    ck_assert_int_eq(mfk_consultation_participant(c, 0), 0);

    /* nothing moved: the open round is still round 1, all silent */
    ck_assert_int_eq(o, MFK_OUTCOME_WITHDRAWN);
    ck_assert_int_eq(v, MFK_VERDICT_SHORT);
    ck_assert_ptr_null(st);
    ck_assert_ptr_null(name);
    ck_assert_uint_eq(mfk_consultation_rounds(c), 0);
    ck_assert_int_eq(mfk_consultation_set_stance(c, 0, MFK_JOIN), MFK_OK);
    ck_assert_int_eq(mfk_consultation_set_stance(c, 1, MFK_SUPPORT), MFK_OK);
    ck_assert_int_eq(mfk_consultation_close_round(c, NULL), MFK_OK);
    ck_assert_int_eq(outcome(c), MFK_OUTCOME_ADOPTED);
    ck_assert_int_eq(mfk_consultation_participant(c, 1), 1);
    ck_assert_int_eq(mfk_consultation_participant(c, 2), 0);
    /* what may be left out is left out */
    ck_assert_int_eq(mfk_consultation_round(c, 1, NULL, NULL, NULL, NULL),
                     MFK_OK);
    mfk_consultation_free(c);
    mfk_proposal_free(p);
    mfk_body_free(b);
}
END_TEST

/* A user rule that adopts: with no participant flagged it binds every
 * member; a member it marks discounted is not bound under
 * sovereign-participation enforced, and is reported under report. */
static int adopt_flagging(const mfk_body *b, const mfk_proposal *p,
                          const unsigned char *st, unsigned char *fl,
                          void *ud)
{
    const unsigned char *want = ud;
    (void)b;
    (void)p;
    (void)st;
    if (want != NULL)
        memcpy(fl, want, 3);
    return MFK_VERDICT_ADOPTED;
}

START_TEST(test_callback_participants)
{
    static const unsigned char joins[3] = {MFK_JOIN, MFK_JOIN, MFK_JOIN};
    static const unsigned char flags[3] = {
        MFK_FLAG_PARTICIPANT, MFK_FLAG_PARTICIPANT | MFK_FLAG_DISCOUNTED, 0};
    mfk_body *b = test_body(3);
    mfk_proposal *p = new_prop(b);
    mfk_consultation *c;
    const unsigned char *m;
    const char *name;
    mfk_mode mode;
    mfk_rule r;

    mfk_rule_init(&r, MFK_RULE_CALLBACK);
    r.fn = adopt_flagging;
    r.ud = NULL;
    ck_assert_int_eq(mfk_proposal_set_rule(p, &r), MFK_OK);
    c = new_consult(b, p);
    ck_assert_int_eq(host_round(c, joins), MFK_VERDICT_ADOPTED);
    ck_assert_int_eq(mfk_consultation_participant(c, 0), 1);
    ck_assert_int_eq(mfk_consultation_participant(c, 1), 1);
    ck_assert_int_eq(mfk_consultation_participant(c, 2), 1);
    mfk_consultation_free(c);

    r.ud = (void *)flags;
    ck_assert_int_eq(mfk_proposal_set_rule(p, &r), MFK_OK);
    c = new_consult(b, p);
    ck_assert_int_eq(host_round(c, joins), MFK_VERDICT_ADOPTED);
    ck_assert_int_eq(mfk_consultation_participant(c, 0), 1);
    ck_assert_int_eq(mfk_consultation_participant(c, 1), 0);
    ck_assert_int_eq(mfk_consultation_participant(c, 2), 0);
    ck_assert_uint_eq(mfk_consultation_violation_count(c), 0);
    mfk_consultation_free(c);

    mfk_body_set_principle(b, MFK_PRINCIPLE_SOVEREIGN_PARTICIPATION,
                           MFK_MODE_REPORT);
    c = new_consult(b, p);
    ck_assert_int_eq(host_round(c, joins), MFK_VERDICT_ADOPTED);
    ck_assert_int_eq(mfk_consultation_participant(c, 1), 1);
    ck_assert_uint_eq(mfk_consultation_violation_count(c), 1);
    ck_assert_int_eq(mfk_consultation_violation(c, 0, &name, &mode, &m),
                     MFK_OK);
    ck_assert_str_eq(name, "sovereign-participation");
    ck_assert_int_eq(mode, MFK_MODE_REPORT);
    ck_assert(m[0] == 0 && m[1] == 1 && m[2] == 0);
    /* each out-parameter may be left out */
    m = NULL;
    ck_assert_int_eq(mfk_consultation_violation(c, 0, NULL, NULL, &m),
                     MFK_OK);
    ck_assert_ptr_nonnull(m);
    ck_assert_int_eq(mfk_consultation_violation(c, 0, NULL, NULL, NULL),
                     MFK_OK);
    mfk_consultation_free(c);
    mfk_proposal_free(p);
    mfk_body_free(b);
}
END_TEST

/* A user principle's violation read with each out-parameter left out. */
static int party_one(const mfk_body *b, const mfk_proposal *p,
                     unsigned char *offenders, void *ud)
{
    (void)b;
    (void)ud;
    offenders[1] = 1;
    return (mfk_proposal_roles(p, 1) & MFK_ROLE_PARTY) != 0;
}

START_TEST(test_user_violation_fields)
{
    mfk_body *b = test_body(2);
    mfk_proposal *p;
    mfk_consultation *c;
    const unsigned char *m = NULL;
    const char *name = NULL;
    mfk_mode mode = MFK_MODE_OFF;

    ck_assert_int_eq(mfk_body_add_principle(b, "party-one", MFK_MODE_REPORT,
                                            party_one, NULL),
                     MFK_OK);
    p = new_prop(b);
    mfk_proposal_add_role(p, 1, MFK_ROLE_PARTY | MFK_ROLE_CONSENT);
    c = new_consult(b, p);
    ck_assert_uint_eq(mfk_consultation_violation_count(c), 1);
    ck_assert_int_eq(mfk_consultation_violation(c, 0, NULL, NULL, NULL),
                     MFK_OK);
    ck_assert_int_eq(mfk_consultation_violation(c, 0, &name, NULL, NULL),
                     MFK_OK);
    ck_assert_str_eq(name, "party-one");
    ck_assert_int_eq(mfk_consultation_violation(c, 0, NULL, &mode, &m),
                     MFK_OK);
    ck_assert_int_eq(mode, MFK_MODE_REPORT);
    ck_assert(m[0] == 0 && m[1] == 1);
    ck_assert_int_eq(mfk_consultation_violation(c, 1, &name, &mode, &m),
                     MFK_ENOTFOUND);
    mfk_consultation_free(c);
    mfk_proposal_free(p);
    mfk_body_free(b);
}
END_TEST

/* A stance source that writes a value that is no stance, and a chair
 * that fails: the error comes back as it is and the consultation stands
 * as after its last closed round, ready to go on. */
static int bad_stance_in_2(const mfk_consultation *c, unsigned round,
                           unsigned char *st, void *ud)
{
    (void)c;
    (void)ud;
    st[0] = round == 2 ? 9 : MFK_OBJECT;
    st[1] = MFK_JOIN;
    return MFK_OK;
}

static int failing_chair(mfk_consultation *c, unsigned round, void *ud)
{
    (void)c;
    (void)round;
    (void)ud;
    return MFK_ECALLBACK;
}

START_TEST(test_run_errors)
{
    mfk_body *b = test_body(2);
    mfk_proposal *p = new_prop(b);
    mfk_consultation *c = new_consult(b, p);
    const unsigned char *st;
    static const unsigned char joins[2] = {MFK_JOIN, MFK_JOIN};

    ck_assert_int_eq(mfk_consultation_run(c, bad_stance_in_2, NULL, NULL,
                                          NULL),
                     MFK_EINVAL);
    ck_assert_uint_eq(mfk_consultation_rounds(c), 1);
    ck_assert(!mfk_consultation_done(c));
    /* round 2 is open again, every member silent */
    ck_assert_int_eq(mfk_consultation_set_stance(c, 0, MFK_JOIN), MFK_OK);
    ck_assert_int_eq(mfk_consultation_close_round(c, NULL), MFK_OK);
    ck_assert_int_eq(mfk_consultation_round(c, 2, &st, NULL, NULL, NULL),
                     MFK_OK);
    ck_assert_uint_eq(st[1], MFK_SILENT);
    ck_assert_uint_eq(mfk_consultation_rounds(c), 2);

    ck_assert_int_eq(mfk_consultation_reset(c), MFK_OK);
    ck_assert_int_eq(mfk_consultation_run(c, bad_stance_in_2, NULL,
                                          failing_chair, NULL),
                     MFK_ECALLBACK);
    ck_assert_uint_eq(mfk_consultation_rounds(c), 1);
    ck_assert(!mfk_consultation_done(c));
    ck_assert_int_eq(host_round(c, joins), MFK_VERDICT_ADOPTED);
    ck_assert_int_eq(outcome(c), MFK_OUTCOME_ADOPTED);
    mfk_consultation_free(c);
    mfk_proposal_free(p);
    mfk_body_free(b);
}
END_TEST

Suite *consult_suite(void)
{
    Suite *s = suite_create("consult");
    TCase *tc = test_case("consult");
    TCase *chair = test_case("chair");
    tcase_add_test(tc, test_both_ways_identical);
    tcase_add_test(tc, test_each_fallback);
    tcase_add_test(tc, test_adopted_outcomes);
    tcase_add_test(tc, test_unset_is_silent);
    tcase_add_test(tc, test_amendments_across_rounds);
    tcase_add_test(tc, test_endings);
    tcase_add_test(tc, test_model_stance);
    tcase_add_test(tc, test_model_stance_far);
    tcase_add_test(tc, test_reset_reuses_memory);
    tcase_add_test(tc, test_memory_follows_rounds);
    tcase_add_test(tc, test_reset_takes_settings_anew);
    tcase_add_test(tc, test_reset_failure_holds_nothing);
    tcase_add_test(tc, test_alloc_failures);
    tcase_add_test(tc, test_new_arguments);
    tcase_add_test(tc, test_bad_arguments);
    tcase_add_test(tc, test_callback_participants);
    tcase_add_test(tc, test_user_violation_fields);
    tcase_add_test(tc, test_run_errors);
    tcase_add_test(chair, test_chair_random_1d);
    tcase_add_test(chair, test_chair_edges_1d);
    tcase_add_test(chair, test_chair_random_2d);
    tcase_add_test(chair, test_chair_leaves_position);
    tcase_add_test(chair, test_model_without_points);
    tcase_add_test(chair, test_chair_negative_tolerance_1d);
    tcase_add_test(chair, test_chair_whole_line_1d);
    tcase_add_test(chair, test_chair_line_2d);
    tcase_add_test(chair, test_member_params);
    tcase_add_test(chair, test_model_stance_full);
    tcase_add_test(chair, test_model_rounds_full);
    suite_add_tcase(s, tc);
    suite_add_tcase(s, chair);
    return s;
}
