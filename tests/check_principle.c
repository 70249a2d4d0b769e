/* Tests: principle. Each principle of CONTRACT.md ("Principles") in each
 * mode, its interplay with the rules, user principles, and the bare
 * rules when every principle is off. */
#include "tests.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

static const mfk_principle all_principles[MFK_PRINCIPLE_COUNT] = {
    MFK_PRINCIPLE_INTERNAL_AFFAIRS,  MFK_PRINCIPLE_NO_COERCION,
    MFK_PRINCIPLE_BILATERAL_CONSENT, MFK_PRINCIPLE_FLEXIBLE_SCOPE,
    MFK_PRINCIPLE_SOVEREIGN_PARTICIPATION, MFK_PRINCIPLE_PACE};

static void set_all(mfk_body *b, mfk_mode mode)
{
    int p;
    for (p = 0; p < MFK_PRINCIPLE_COUNT; p++)
        ck_assert_int_eq(mfk_body_set_principle(b, all_principles[p], mode),
                         MFK_OK);
}

/* The violations of c as "name:mode:members" joined by spaces, members
 * as 'x' and '.' in roster order. */
static const char *violations(const mfk_consultation *c)
{
    static char buf[512];
    size_t n = mfk_body_member_count(mfk_consultation_body(c)), v, i,
           len = 0;
    buf[0] = '\0';
    for (v = 0; v < mfk_consultation_violation_count(c); v++) {
        const char *name;
        mfk_mode mode;
        const unsigned char *m;
        ck_assert_int_eq(mfk_consultation_violation(c, v, &name, &mode, &m),
                         MFK_OK);
        len += (size_t)snprintf(buf + len, sizeof buf - len, "%s%s:%s:",
                                v ? " " : "", name,
                                mfk_name(MFK_NAMES_MODE, (int)mode));
        for (i = 0; i < n && len + 1 < sizeof buf; i++)
            buf[len++] = m[i] ? 'x' : '.';
        buf[len] = '\0';
    }
    ck_assert_int_eq(mfk_consultation_violation(c, v, NULL, NULL, NULL),
                     MFK_ENOTFOUND);
    return buf;
}

static mfk_outcome outcome(const mfk_consultation *c)
{
    mfk_outcome o;
    ck_assert_int_eq(mfk_consultation_outcome(c, &o), MFK_OK);
    return o;
}

static const char *participants(const mfk_consultation *c)
{
    static char buf[64];
    size_t n = mfk_body_member_count(mfk_consultation_body(c)), i;
    for (i = 0; i < n; i++)
        buf[i] = mfk_consultation_participant(c, i) ? 'x' : '.';
    buf[n] = '\0';
    return buf;
}

/* One round with stances from a string (S J R A N O _), then closed. */
static mfk_verdict round_of(mfk_consultation *c, const char *p)
{
    static const char letters[] = "SJRANO_";
    mfk_verdict v;
    size_t i;
    for (i = 0; p[i] != '\0'; i++)
        ck_assert_int_eq(
            mfk_consultation_set_stance(
                c, i, (mfk_stance)(strchr(letters, p[i]) - letters)),
            MFK_OK);
    ck_assert_int_eq(mfk_consultation_close_round(c, &v), MFK_OK);
    return v;
}

struct setup {
    mfk_body *b;
    mfk_proposal *p;
    mfk_consultation *c;
};

static void teardown(struct setup *s)
{
    mfk_consultation_free(s->c);
    mfk_proposal_free(s->p);
    mfk_body_free(s->b);
}

/* A body of 4, the proposal made by `prepare`, every principle in `mode`
 * but those the preparation changes, and a consultation. */
static struct setup make(mfk_mode mode,
                         void (*prepare)(mfk_body *, mfk_proposal *))
{
    struct setup s;
    s.b = test_body(4);
    set_all(s.b, mode);
    ck_assert_int_eq(mfk_proposal_new(&s.p, s.b, "P", "t", NULL), MFK_OK);
    prepare(s.b, s.p);
    ck_assert_int_eq(mfk_consultation_new(&s.c, s.b, s.p, NULL), MFK_OK);
    return s;
}

/* Checks a setup that breaks an admissibility principle, in each mode:
 * enforce makes it inadmissible with no round held; report lists the
 * violation and the consultation goes ahead; off checks nothing. */
static void check_admissibility(void (*prepare)(mfk_body *, mfk_proposal *),
                                mfk_principle pr, const char *members)
{
    const char *name = mfk_name(MFK_NAMES_PRINCIPLE, (int)pr);
    char want[128];
    struct setup s;
    int ok;
    unsigned broken;

    s = make(MFK_MODE_ENFORCE, prepare);
    ck_assert_int_eq(mfk_check_admissible(s.b, s.p, &ok, &broken, NULL),
                     MFK_OK);
    ck_assert_int_eq(ok, 0);
    ck_assert_uint_eq(broken, 1u << pr);
    ck_assert(!mfk_consultation_admissible(s.c));
    ck_assert(mfk_consultation_done(s.c));
    ck_assert_uint_eq(mfk_consultation_rounds(s.c), 0);
    ck_assert_int_eq(outcome(s.c), MFK_OUTCOME_INADMISSIBLE);
    snprintf(want, sizeof want, "%s:enforce:%s", name, members);
    ck_assert_str_eq(violations(s.c), want);
    ck_assert_int_eq(mfk_consultation_set_stance(s.c, 0, MFK_JOIN),
                     MFK_ESTATE);
    ck_assert_int_eq(mfk_consultation_close_round(s.c, NULL), MFK_ESTATE);
    ck_assert_str_eq(participants(s.c), "....");
    teardown(&s);

    s = make(MFK_MODE_REPORT, prepare);
    ck_assert_int_eq(mfk_check_admissible(s.b, s.p, &ok, &broken, NULL),
                     MFK_OK);
    ck_assert_int_eq(ok, 1);
    ck_assert_uint_eq(broken, 1u << pr);
    ck_assert(mfk_consultation_admissible(s.c));
    snprintf(want, sizeof want, "%s:report:%s", name, members);
    ck_assert_str_eq(violations(s.c), want);
    ck_assert_int_eq(round_of(s.c, "SSSS"), MFK_VERDICT_ADOPTED);
    ck_assert_int_eq(outcome(s.c), MFK_OUTCOME_ADOPTED);
    ck_assert_str_eq(violations(s.c), want);
    teardown(&s);

    s = make(MFK_MODE_OFF, prepare);
    ck_assert_int_eq(mfk_check_admissible(s.b, s.p, &ok, &broken, NULL),
                     MFK_OK);
    ck_assert_int_eq(ok, 1);
    ck_assert_uint_eq(broken, 0);
    ck_assert_str_eq(violations(s.c), "");
    ck_assert_int_eq(round_of(s.c, "SSSS"), MFK_VERDICT_ADOPTED);
    teardown(&s);
}

static void concern_unconsenting(mfk_body *b, mfk_proposal *p)
{
    (void)b;
    mfk_proposal_add_role(p, 1, MFK_ROLE_CONCERN);
    mfk_proposal_add_role(p, 2, MFK_ROLE_CONCERN | MFK_ROLE_CONSENT);
    mfk_proposal_add_role(p, 3, MFK_ROLE_CONCERN | MFK_ROLE_SPONSOR);
}

static void concern_consenting(mfk_body *b, mfk_proposal *p)
{
    (void)b;
    mfk_proposal_add_role(p, 2, MFK_ROLE_CONCERN | MFK_ROLE_CONSENT);
    mfk_proposal_add_role(p, 3, MFK_ROLE_CONCERN | MFK_ROLE_SPONSOR);
}

START_TEST(test_internal_affairs)
{
    struct setup s;
    check_admissibility(concern_unconsenting, MFK_PRINCIPLE_INTERNAL_AFFAIRS,
                        ".x..");
    /* consent, or sponsoring, is consent */
    s = make(MFK_MODE_ENFORCE, concern_consenting);
    ck_assert(mfk_consultation_admissible(s.c));
    ck_assert_str_eq(violations(s.c), "");
    teardown(&s);
}
END_TEST

static void sanctions_on_2(mfk_body *b, mfk_proposal *p)
{
    (void)b;
    mfk_proposal_add_role(p, 2, MFK_ROLE_CONCERN | MFK_ROLE_CONSENT);
    mfk_proposal_set_measures(p, MFK_MEASURE_STATEMENT |
                                     MFK_MEASURE_SANCTIONS);
}

static void suspension_on_anyone(mfk_body *b, mfk_proposal *p)
{
    (void)b;
    mfk_proposal_set_measures(p, MFK_MEASURE_SUSPENSION);
}

static void force_on_1_3(mfk_body *b, mfk_proposal *p)
{
    (void)b;
    mfk_proposal_add_role(p, 1, MFK_ROLE_CONCERN | MFK_ROLE_CONSENT);
    mfk_proposal_add_role(p, 3, MFK_ROLE_CONCERN | MFK_ROLE_SPONSOR);
    mfk_proposal_set_measures(p, MFK_MEASURE_USE_OF_FORCE);
}

static void peaceful_measures(mfk_body *b, mfk_proposal *p)
{
    (void)b;
    mfk_proposal_add_role(p, 1, MFK_ROLE_CONCERN | MFK_ROLE_CONSENT);
    mfk_proposal_set_measures(p, MFK_MEASURE_STATEMENT |
                                     MFK_MEASURE_COOPERATION |
                                     MFK_MEASURE_ASSISTANCE);
}

START_TEST(test_no_coercion)
{
    struct setup s;
    /* even with the concerned member's consent: coercion is coercion */
    check_admissibility(sanctions_on_2, MFK_PRINCIPLE_NO_COERCION, "..x.");
    check_admissibility(force_on_1_3, MFK_PRINCIPLE_NO_COERCION, ".x.x");
    /* with no member concerned, against any member: none is named (the
     * contract names no member to list; we read "any" as unspecified) */
    check_admissibility(suspension_on_anyone, MFK_PRINCIPLE_NO_COERCION,
                        "....");
    s = make(MFK_MODE_ENFORCE, peaceful_measures);
    ck_assert(mfk_consultation_admissible(s.c));
    ck_assert_str_eq(violations(s.c), "");
    teardown(&s);
}
END_TEST

static void parties_one_consents(mfk_body *b, mfk_proposal *p)
{
    (void)b;
    mfk_proposal_add_role(p, 0, MFK_ROLE_PARTY);
    mfk_proposal_add_role(p, 3, MFK_ROLE_PARTY | MFK_ROLE_CONSENT);
}

static void parties_both_consent(mfk_body *b, mfk_proposal *p)
{
    (void)b;
    mfk_proposal_add_role(p, 0, MFK_ROLE_PARTY | MFK_ROLE_SPONSOR);
    mfk_proposal_add_role(p, 3, MFK_ROLE_PARTY | MFK_ROLE_CONSENT);
}

START_TEST(test_bilateral_consent)
{
    struct setup s;
    check_admissibility(parties_one_consents,
                        MFK_PRINCIPLE_BILATERAL_CONSENT, "x...");
    s = make(MFK_MODE_ENFORCE, parties_both_consent);
    ck_assert(mfk_consultation_admissible(s.c));
    teardown(&s);
}
END_TEST

static void flexible_political(mfk_body *b, mfk_proposal *p)
{
    mfk_rule r;
    (void)b;
    mfk_rule_init(&r, MFK_RULE_FLEXIBLE);
    mfk_proposal_set_rule(p, &r);
    mfk_proposal_set_pillar(p, MFK_PILLAR_POLITICAL_SECURITY);
}

static void flexible_economic(mfk_body *b, mfk_proposal *p)
{
    mfk_rule r;
    (void)b;
    mfk_rule_init(&r, MFK_RULE_FLEXIBLE);
    mfk_proposal_set_rule(p, &r);
    mfk_proposal_set_pillar(p, MFK_PILLAR_ECONOMIC);
}

/* The body's rule, not the proposal's, is flexible. */
static void body_flexible_cultural(mfk_body *b, mfk_proposal *p)
{
    mfk_rule r;
    mfk_rule_init(&r, MFK_RULE_FLEXIBLE);
    ck_assert_int_eq(mfk_body_set_rule(b, &r), MFK_OK);
    mfk_proposal_set_pillar(p, MFK_PILLAR_SOCIO_CULTURAL);
}

START_TEST(test_flexible_scope)
{
    struct setup s;

    check_admissibility(flexible_political, MFK_PRINCIPLE_FLEXIBLE_SCOPE,
                        "....");
    check_admissibility(body_flexible_cultural,
                        MFK_PRINCIPLE_FLEXIBLE_SCOPE, "....");
    /* on the economic pillar, the default: admissible, and members may
     * stand aside */
    s = make(MFK_MODE_ENFORCE, flexible_economic);
    ck_assert(mfk_consultation_admissible(s.c));
    ck_assert_int_eq(round_of(s.c, "SNJN"), MFK_VERDICT_ADOPTED);
    ck_assert_int_eq(outcome(s.c), MFK_OUTCOME_ADOPTED_FLEXIBLE);
    ck_assert_str_eq(participants(s.c), "x.x.");
    teardown(&s);
    /* the body may allow it on the political-security pillar */
    s = make(MFK_MODE_ENFORCE, flexible_political);
    mfk_consultation_free(s.c);
    ck_assert_int_eq(mfk_body_set_flexible_pillars(
                         s.b, 1u << MFK_PILLAR_POLITICAL_SECURITY),
                     MFK_OK);
    ck_assert_uint_eq(mfk_body_flexible_pillars(s.b),
                      1u << MFK_PILLAR_POLITICAL_SECURITY);
    ck_assert_int_eq(mfk_consultation_new(&s.c, s.b, s.p, NULL), MFK_OK);
    ck_assert(mfk_consultation_admissible(s.c));
    teardown(&s);
    /* off: the rule applies anywhere */
    s = make(MFK_MODE_OFF, flexible_political);
    ck_assert_int_eq(round_of(s.c, "SNJN"), MFK_VERDICT_ADOPTED);
    ck_assert_int_eq(outcome(s.c), MFK_OUTCOME_ADOPTED_FLEXIBLE);
    teardown(&s);
    /* other rules are never out of scope */
    s = make(MFK_MODE_ENFORCE, concern_consenting);
    ck_assert(mfk_consultation_admissible(s.c));
    teardown(&s);
}
END_TEST

static void majority_rule(mfk_body *b, mfk_proposal *p)
{
    mfk_rule r;
    (void)b;
    mfk_rule_init(&r, MFK_RULE_MAJORITY);
    mfk_proposal_set_rule(p, &r);
}

START_TEST(test_sovereign_participation)
{
    struct setup s;

    /* enforce: the outvoted are left out, and it is no violation */
    s = make(MFK_MODE_ENFORCE, majority_rule);
    ck_assert_int_eq(round_of(s.c, "SJON"), MFK_VERDICT_SHORT);
    ck_assert_int_eq(round_of(s.c, "SJOS"), MFK_VERDICT_ADOPTED);
    ck_assert_int_eq(outcome(s.c), MFK_OUTCOME_ADOPTED);
    ck_assert_str_eq(participants(s.c), "xx.x");
    ck_assert_str_eq(violations(s.c), "");
    teardown(&s);
    /* report: they stay bound, each a violation */
    s = make(MFK_MODE_REPORT, majority_rule);
    ck_assert_int_eq(round_of(s.c, "SONJ"), MFK_VERDICT_SHORT);
    ck_assert_int_eq(round_of(s.c, "SJNJ"), MFK_VERDICT_ADOPTED);
    ck_assert_str_eq(participants(s.c), "xxxx");
    ck_assert_str_eq(violations(s.c), "sovereign-participation:report:..x.");
    teardown(&s);
    /* off: bound, nothing recorded */
    s = make(MFK_MODE_OFF, majority_rule);
    round_of(s.c, "SJOJ");
    ck_assert_str_eq(participants(s.c), "xxxx");
    ck_assert_str_eq(violations(s.c), "");
    teardown(&s);
    /* not adopted: nobody takes part, nothing to violate */
    s = make(MFK_MODE_REPORT, majority_rule);
    mfk_consultation_end(s.c);
    ck_assert_str_eq(participants(s.c), "....");
    ck_assert_str_eq(violations(s.c), "");
    teardown(&s);
}
END_TEST

static void cmx_consenting_parties(mfk_body *b, mfk_proposal *p)
{
    mfk_rule r;
    (void)b;
    mfk_rule_init(&r, MFK_RULE_CONSENSUS_MINUS_X);
    mfk_proposal_set_rule(p, &r);
    parties_both_consent(b, p);
}

static void cmx_unconsenting_party(mfk_body *b, mfk_proposal *p)
{
    mfk_rule r;
    mfk_rule_init(&r, MFK_RULE_CONSENSUS_MINUS_X);
    mfk_proposal_set_rule(p, &r);
    parties_one_consents(b, p);
}

START_TEST(test_consensus_minus_x_and_consent)
{
    struct setup s;

    /* without a party's consent: not put at all */
    check_admissibility(cmx_unconsenting_party,
                        MFK_PRINCIPLE_BILATERAL_CONSENT, "x...");
    /* with it: the party's objection is discounted, and it is not bound */
    s = make(MFK_MODE_ENFORCE, cmx_consenting_parties);
    ck_assert(mfk_consultation_admissible(s.c));
    ck_assert_int_eq(round_of(s.c, "OJJJ"), MFK_VERDICT_ADOPTED);
    ck_assert_str_eq(participants(s.c), ".xxx");
    ck_assert_str_eq(violations(s.c), "");
    teardown(&s);
    /* report: the discounted party stays bound, a violation */
    s = make(MFK_MODE_REPORT, cmx_consenting_parties);
    ck_assert_int_eq(round_of(s.c, "JJJO"), MFK_VERDICT_ADOPTED);
    ck_assert_str_eq(participants(s.c), "xxxx");
    ck_assert_str_eq(violations(s.c), "sovereign-participation:report:...x");
    teardown(&s);
    /* both parties against, more than max: blocked by both */
    s = make(MFK_MODE_ENFORCE, cmx_consenting_parties);
    ck_assert_int_eq(round_of(s.c, "OJJO"), MFK_VERDICT_BLOCKED);
    teardown(&s);
}
END_TEST

static void sanctions_unconsenting(mfk_body *b, mfk_proposal *p)
{
    (void)b;
    mfk_proposal_add_role(p, 1, MFK_ROLE_CONCERN);
    mfk_proposal_set_measures(p, MFK_MEASURE_SANCTIONS);
}

START_TEST(test_sanctions_reported)
{
    struct setup s = make(MFK_MODE_REPORT, sanctions_unconsenting);
    ck_assert(mfk_consultation_admissible(s.c));
    ck_assert_str_eq(violations(s.c), "internal-affairs:report:.x.. "
                                      "no-coercion:report:.x..");
    /* the consultation goes ahead as if nothing were broken */
    ck_assert_int_eq(round_of(s.c, "JOJJ"), MFK_VERDICT_BLOCKED);
    ck_assert_int_eq(round_of(s.c, "JJJJ"), MFK_VERDICT_ADOPTED);
    ck_assert_int_eq(outcome(s.c), MFK_OUTCOME_ADOPTED);
    ck_assert_str_eq(participants(s.c), "xxxx");
    teardown(&s);
    /* the same enforced: inadmissible, both named */
    s = make(MFK_MODE_ENFORCE, sanctions_unconsenting);
    ck_assert_int_eq(outcome(s.c), MFK_OUTCOME_INADMISSIBLE);
    ck_assert_str_eq(violations(s.c), "internal-affairs:enforce:.x.. "
                                      "no-coercion:enforce:.x..");
    teardown(&s);
}
END_TEST

/* A user rule that counts objections as consent: in favour unless
 * silent, adopted when nobody is silent. */
static int lax_rule(const mfk_body *b, const mfk_proposal *p,
                    const unsigned char *st, unsigned char *fl, void *ud)
{
    size_t i;
    int silent = 0;
    (void)p;
    (void)ud;
    for (i = 0; i < mfk_body_member_count(b); i++) {
        if (st[i] == MFK_SILENT)
            silent = 1;
        else
            fl[i] = MFK_FLAG_FAVOUR | MFK_FLAG_PARTICIPANT;
    }
    return silent ? MFK_VERDICT_SHORT : MFK_VERDICT_ADOPTED;
}

static void lax(mfk_body *b, mfk_proposal *p)
{
    mfk_rule r;
    (void)b;
    mfk_rule_init(&r, MFK_RULE_CALLBACK);
    r.fn = lax_rule;
    mfk_proposal_set_rule(p, &r);
}

START_TEST(test_pace)
{
    struct setup s;
    const unsigned char *fl;
    mfk_verdict v;

    /* enforce: the verdict becomes blocked, the objector a blocker */
    s = make(MFK_MODE_ENFORCE, lax);
    ck_assert_int_eq(round_of(s.c, "JOJJ"), MFK_VERDICT_BLOCKED);
    mfk_consultation_round(s.c, 1, NULL, &fl, &v, NULL);
    ck_assert_int_eq(v, MFK_VERDICT_BLOCKED);
    ck_assert(fl[1] & MFK_FLAG_BLOCKER);
    ck_assert(!(fl[1] & MFK_FLAG_FAVOUR));
    ck_assert(!(fl[0] & MFK_FLAG_BLOCKER));
    ck_assert_str_eq(violations(s.c), "pace:enforce:.x..");
    /* a rule that counts no objection as consent is left alone */
    ck_assert_int_eq(round_of(s.c, "JJAJ"), MFK_VERDICT_ADOPTED);
    ck_assert_int_eq(outcome(s.c), MFK_OUTCOME_ADOPTED);
    teardown(&s);
    /* not-ready counts as against under a user rule too */
    s = make(MFK_MODE_ENFORCE, lax);
    ck_assert_int_eq(round_of(s.c, "JJJN"), MFK_VERDICT_BLOCKED);
    teardown(&s);
    /* report: the verdict stands, the violation is recorded */
    s = make(MFK_MODE_REPORT, lax);
    ck_assert_int_eq(round_of(s.c, "JOJJ"), MFK_VERDICT_ADOPTED);
    ck_assert_int_eq(outcome(s.c), MFK_OUTCOME_ADOPTED);
    ck_assert_str_eq(violations(s.c),
                     "sovereign-participation:report:.x.. "
                     "pace:report:.x..");
    teardown(&s);
    /* off */
    s = make(MFK_MODE_OFF, lax);
    ck_assert_int_eq(round_of(s.c, "JOJJ"), MFK_VERDICT_ADOPTED);
    ck_assert_str_eq(violations(s.c), "");
    teardown(&s);
    /* built-in rules never trip it */
    s = make(MFK_MODE_ENFORCE, majority_rule);
    ck_assert_int_eq(round_of(s.c, "JOJJ"), MFK_VERDICT_ADOPTED);
    ck_assert_str_eq(violations(s.c), "");
    teardown(&s);
}
END_TEST

/* A user principle: broken when member 0 is a party; names member 0. */
static int no_party_zero(const mfk_body *b, const mfk_proposal *p,
                         unsigned char *offenders, void *ud)
{
    int *calls = ud;
    (void)b;
    (*calls)++;
    if (mfk_proposal_roles(p, 0) & MFK_ROLE_PARTY) {
        offenders[0] = 1;
        return 1;
    }
    return 0;
}

static int failing_principle(const mfk_body *b, const mfk_proposal *p,
                             unsigned char *offenders, void *ud)
{
    (void)b;
    (void)p;
    (void)offenders;
    (void)ud;
    return MFK_ECALLBACK;
}

START_TEST(test_user_principles)
{
    mfk_body *b = test_body(4);
    mfk_proposal *p;
    mfk_consultation *c;
    int calls = 0, ok;
    unsigned broken;

    ck_assert_int_eq(mfk_body_add_principle(b, "pace", MFK_MODE_ENFORCE,
                                            no_party_zero, &calls),
                     MFK_EEXISTS);
    ck_assert_int_eq(mfk_body_add_principle(b, "", MFK_MODE_ENFORCE,
                                            no_party_zero, &calls),
                     MFK_EINVAL);
    ck_assert_int_eq(mfk_body_add_principle(b, "x", MFK_MODE_ENFORCE, NULL,
                                            &calls),
                     MFK_EINVAL);
    ck_assert_int_eq(mfk_body_add_principle(b, "party-zero", MFK_MODE_REPORT,
                                            no_party_zero, &calls),
                     MFK_OK);
    ck_assert_int_eq(mfk_body_add_principle(b, "party-zero", MFK_MODE_REPORT,
                                            no_party_zero, &calls),
                     MFK_EEXISTS);
    ck_assert_int_eq(mfk_body_add_principle(b, "never", MFK_MODE_OFF,
                                            failing_principle, NULL),
                     MFK_OK);
    mfk_body_set_principle(b, MFK_PRINCIPLE_BILATERAL_CONSENT,
                           MFK_MODE_REPORT);
    ck_assert_int_eq(mfk_proposal_new(&p, b, "P", "t", NULL), MFK_OK);
    /* the roster and the principles are fixed while proposals live */
    ck_assert_int_eq(mfk_body_add_principle(b, "late", MFK_MODE_REPORT,
                                            no_party_zero, &calls),
                     MFK_ESTATE);
    mfk_proposal_add_role(p, 0, MFK_ROLE_PARTY);
    ck_assert_int_eq(mfk_consultation_new(&c, b, p, NULL), MFK_OK);
    ck_assert_int_eq(calls, 1);
    /* after the built-in ones; the one off is never called */
    ck_assert_str_eq(violations(c), "bilateral-consent:report:x... "
                                    "party-zero:report:x...");
    ck_assert(mfk_consultation_admissible(c));
    ck_assert_int_eq(mfk_check_admissible(b, p, &ok, &broken, NULL), MFK_OK);
    ck_assert_int_eq(ok, 1);
    /* only built-in principles have bits */
    ck_assert_uint_eq(broken, 1u << MFK_PRINCIPLE_BILATERAL_CONSENT);
    mfk_consultation_free(c);
    mfk_proposal_free(p);
    mfk_body_free(b);

    /* enforced, it makes the proposal inadmissible; an error comes back
     * as it is */
    b = test_body(2);
    mfk_body_add_principle(b, "party-zero", MFK_MODE_ENFORCE, no_party_zero,
                           &calls);
    mfk_body_add_principle(b, "fails", MFK_MODE_REPORT, failing_principle,
                           NULL);
    mfk_body_set_principle(b, MFK_PRINCIPLE_BILATERAL_CONSENT, MFK_MODE_OFF);
    ck_assert_int_eq(mfk_proposal_new(&p, b, "P", "t", NULL), MFK_OK);
    mfk_proposal_add_role(p, 0, MFK_ROLE_PARTY);
    ck_assert_int_eq(mfk_consultation_new(&c, b, p, NULL), MFK_ECALLBACK);
    ck_assert_ptr_null(c);
    ck_assert_int_eq(mfk_check_admissible(b, p, &ok, NULL, NULL),
                     MFK_ECALLBACK);
    mfk_proposal_free(p);
    mfk_body_free(b);

    b = test_body(2);
    mfk_body_add_principle(b, "party-zero", MFK_MODE_ENFORCE, no_party_zero,
                           &calls);
    ck_assert_int_eq(mfk_proposal_new(&p, b, "P", "t", NULL), MFK_OK);
    mfk_proposal_add_role(p, 0, MFK_ROLE_PARTY | MFK_ROLE_CONSENT);
    ck_assert_int_eq(mfk_consultation_new(&c, b, p, NULL), MFK_OK);
    ck_assert_int_eq(outcome(c), MFK_OUTCOME_INADMISSIBLE);
    ck_assert_str_eq(violations(c), "party-zero:enforce:x.");
    mfk_consultation_free(c);
    mfk_proposal_free(p);
    mfk_body_free(b);
}
END_TEST

/* A user principle that names members yet finds nothing broken. */
static int marks_but_holds(const mfk_body *b, const mfk_proposal *p,
                           unsigned char *offenders, void *ud)
{
    (void)b;
    (void)p;
    (void)ud;
    offenders[0] = 1;
    return 0;
}

/* mfk_check_admissible() refuses what it cannot check, gives back
 * MFK_ENOMEM with nothing leaked when its scratch memory is refused, and
 * fills only what it is given room for; a principle that holds is not
 * listed whatever members it named. */
START_TEST(test_check_admissible_arguments)
{
    test_alloc t;
    mfk_body *b, *other = test_body(2);
    mfk_proposal *p, *q;
    mfk_consultation *c;
    unsigned char off[2] = {9, 9};
    unsigned broken = 99;
    int ok = -1;
    size_t live;

    test_alloc_init(&t);
    ck_assert_int_eq(mfk_body_new(&b, "b", 1, &t.a), MFK_OK);
    mfk_body_add_member(b, "A", "A", NULL);
    mfk_body_add_member(b, "B", "B", NULL);
    ck_assert_int_eq(mfk_body_add_principle(b, "holds", MFK_MODE_ENFORCE,
                                            marks_but_holds, NULL),
                     MFK_OK);
    ck_assert_int_eq(mfk_proposal_new(&p, b, "P", "t", NULL), MFK_OK);
    ck_assert_int_eq(mfk_proposal_new(&q, other, "Q", "t", NULL), MFK_OK);
    mfk_proposal_add_role(p, 1, MFK_ROLE_CONCERN);

    ck_assert_int_eq(mfk_check_admissible(NULL, p, &ok, NULL, NULL),
                     MFK_EINVAL);
    ck_assert_int_eq(mfk_check_admissible(b, p, NULL, NULL, NULL),
                     MFK_EINVAL);
    ck_assert_int_eq(mfk_check_admissible(b, q, &ok, NULL, NULL),
                     MFK_EINVAL);
    ck_assert_int_eq(ok, -1);

    live = t.live;
    t.fail_at = t.calls + 1;
    ck_assert_int_eq(mfk_check_admissible(b, p, &ok, &broken, off),
                     MFK_ENOMEM);
    ck_assert_uint_eq(t.live, live);
    ck_assert_int_eq(ok, -1);
    ck_assert_uint_eq(broken, 99);
    t.fail_at = 0;

    /* offenders without the mask of broken principles */
    ck_assert_int_eq(mfk_check_admissible(b, p, &ok, NULL, off), MFK_OK);
    ck_assert_int_eq(ok, 0);
    ck_assert_uint_eq(off[0], 0);
    ck_assert_uint_eq(off[1], 1u << MFK_PRINCIPLE_INTERNAL_AFFAIRS);
    ck_assert_uint_eq(t.live, live);
    /* the concerned member consents: admissible, "holds" not listed */
    mfk_proposal_add_role(p, 1, MFK_ROLE_CONSENT);
    ck_assert_int_eq(mfk_check_admissible(b, p, &ok, &broken, NULL), MFK_OK);
    ck_assert_int_eq(ok, 1);
    ck_assert_uint_eq(broken, 0);
    ck_assert_int_eq(mfk_consultation_new(&c, b, p, NULL), MFK_OK);
    ck_assert(mfk_consultation_admissible(c));
    ck_assert_str_eq(violations(c), "");
    mfk_consultation_free(c);
    mfk_proposal_free(q);
    mfk_proposal_free(p);
    mfk_body_free(other);
    mfk_body_free(b);
    ck_assert_uint_eq(t.live, 0);
}
END_TEST

START_TEST(test_order_and_offenders)
{
    mfk_body *b = test_body(4);
    mfk_proposal *p;
    mfk_consultation *c;
    unsigned char off[4];
    unsigned broken;
    mfk_rule r;
    int ok;

    set_all(b, MFK_MODE_REPORT);
    ck_assert_int_eq(mfk_body_principle(b, MFK_PRINCIPLE_PACE),
                     MFK_MODE_REPORT);
    ck_assert_int_eq(mfk_body_set_principle(b, (mfk_principle)6,
                                            MFK_MODE_OFF),
                     MFK_EINVAL);
    ck_assert_int_eq(mfk_body_set_principle(b, MFK_PRINCIPLE_PACE,
                                            (mfk_mode)3),
                     MFK_EINVAL);
    ck_assert_int_eq(mfk_proposal_new(&p, b, "P", "t", NULL), MFK_OK);
    mfk_proposal_add_role(p, 0, MFK_ROLE_PARTY);
    mfk_proposal_add_role(p, 1, MFK_ROLE_CONCERN | MFK_ROLE_PARTY);
    mfk_proposal_set_measures(p, MFK_MEASURE_USE_OF_FORCE);
    mfk_rule_init(&r, MFK_RULE_FLEXIBLE);
    mfk_proposal_set_rule(p, &r);
    ck_assert_int_eq(mfk_check_admissible(b, p, &ok, &broken, off), MFK_OK);
    ck_assert_int_eq(ok, 1);
    ck_assert_uint_eq(broken, 0x0f);
    ck_assert_uint_eq(off[0], 1u << MFK_PRINCIPLE_BILATERAL_CONSENT);
    ck_assert_uint_eq(off[1], (1u << MFK_PRINCIPLE_INTERNAL_AFFAIRS) |
                                  (1u << MFK_PRINCIPLE_NO_COERCION) |
                                  (1u << MFK_PRINCIPLE_BILATERAL_CONSENT));
    ck_assert_uint_eq(off[2], 0);
    ck_assert_int_eq(mfk_consultation_new(&c, b, p, NULL), MFK_OK);
    ck_assert_str_eq(violations(c), "internal-affairs:report:.x.. "
                                    "no-coercion:report:.x.. "
                                    "bilateral-consent:report:xx.. "
                                    "flexible-scope:report:....");
    mfk_consultation_free(c);
    ck_assert_int_eq(mfk_check_admissible(b, NULL, &ok, NULL, NULL),
                     MFK_EINVAL);
    mfk_proposal_free(p);
    mfk_body_free(b);
}
END_TEST

/* With every principle off, a body decides exactly as the bare rules do:
 * on random stance profiles, random rules and random roles (concerns
 * without consent, coercive measures, flexible on any pillar), one round
 * of a consultation gives the rule's verdict and flags, and its outcome
 * and participants follow from them alone. */
START_TEST(test_off_is_bare_rules)
{
    uint64_t seed = 7;
    int iter;

#define NEXT() (seed = seed * 6364136223846793005ull + 1442695040888963407ull, \
                (unsigned)(seed >> 33))
    for (iter = 0; iter < 4000; iter++) {
        size_t n = 1 + NEXT() % 9, i;
        mfk_body *b = test_body(n);
        mfk_proposal *p;
        mfk_consultation *c;
        mfk_rule r;
        unsigned char st[9], fl[9];
        const unsigned char *cfl;
        mfk_verdict v, cv;
        mfk_outcome o;
        int stood_aside = 0, reserved = 0;

        set_all(b, MFK_MODE_OFF);
        mfk_body_set_max_rounds(b, 1);
        for (i = 0; i < n; i++)
            mfk_body_set_weight(b, i, (double)(NEXT() % 4));
        mfk_rule_init(&r, (mfk_rule_kind)(NEXT() % 9));
        r.base = (mfk_base)(NEXT() % 3);
        r.weighted = (int)(NEXT() % 2);
        r.threshold = (NEXT() % 5) / 4.0;
        r.quota = NEXT() % 8;
        r.max = NEXT() % 3;
        r.min_participants = NEXT() % 4;
        r.min_blocking = NEXT() % 5;
        ck_assert_int_eq(mfk_proposal_new(&p, b, "P", "t", NULL), MFK_OK);
        ck_assert_int_eq(mfk_proposal_set_rule(p, &r), MFK_OK);
        mfk_proposal_set_pillar(p, (mfk_pillar)(NEXT() % 3));
        mfk_proposal_set_measures(p, NEXT() % 64);
        for (i = 0; i < n; i++) {
            mfk_proposal_add_role(p, i, NEXT() % 16);
            st[i] = (unsigned char)(NEXT() % MFK_STANCE_COUNT);
            stood_aside |= st[i] == MFK_NOT_READY;
            reserved |= st[i] == MFK_RESERVATION;
        }
        ck_assert_int_eq(mfk_rule_apply(&r, b, p, st, fl, &v), MFK_OK);
        ck_assert_int_eq(mfk_consultation_new(&c, b, p, NULL), MFK_OK);
        ck_assert(mfk_consultation_admissible(c));
        for (i = 0; i < n; i++)
            mfk_consultation_set_stance(c, i, (mfk_stance)st[i]);
        ck_assert_int_eq(mfk_consultation_close_round(c, &cv), MFK_OK);
        ck_assert_int_eq(cv, v);
        mfk_consultation_round(c, 1, NULL, &cfl, NULL, NULL);
        ck_assert(memcmp(cfl, fl, n) == 0);
        ck_assert_uint_eq(mfk_consultation_violation_count(c), 0);
        ck_assert_int_eq(mfk_consultation_outcome(c, &o), MFK_OK);
        if (v == MFK_VERDICT_ADOPTED) {
            mfk_outcome want =
                r.kind == MFK_RULE_FLEXIBLE && stood_aside
                    ? MFK_OUTCOME_ADOPTED_FLEXIBLE
                : reserved ? MFK_OUTCOME_ADOPTED_WITH_RESERVATIONS
                           : MFK_OUTCOME_ADOPTED;
            ck_assert_int_eq(o, want);
            for (i = 0; i < n; i++)
                ck_assert_int_eq(mfk_consultation_participant(c, i),
                                 (fl[i] & MFK_FLAG_PARTICIPANT) != 0);
        } else {
            ck_assert_int_eq(o, MFK_OUTCOME_DEFERRED);
            for (i = 0; i < n; i++)
                ck_assert(!mfk_consultation_participant(c, i));
        }
        mfk_consultation_free(c);
        mfk_proposal_free(p);
        mfk_body_free(b);
    }
#undef NEXT
}
END_TEST

Suite *principle_suite(void)
{
    Suite *s = suite_create("principle");
    TCase *tc = test_case("principle");
    tcase_add_test(tc, test_internal_affairs);
    tcase_add_test(tc, test_no_coercion);
    tcase_add_test(tc, test_bilateral_consent);
    tcase_add_test(tc, test_flexible_scope);
    tcase_add_test(tc, test_sovereign_participation);
    tcase_add_test(tc, test_consensus_minus_x_and_consent);
    tcase_add_test(tc, test_sanctions_reported);
    tcase_add_test(tc, test_pace);
    tcase_add_test(tc, test_user_principles);
    tcase_add_test(tc, test_order_and_offenders);
    tcase_add_test(tc, test_check_admissible_arguments);
    tcase_add_test(tc, test_off_is_bare_rules);
    suite_add_tcase(s, tc);
    return s;
}
