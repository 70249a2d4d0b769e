/* Tests: rule. Every rule of CONTRACT.md ("Rules") at the edges of its
 * definition. Expected verdicts are derived from the contract's words,
 * not from the code. */
#include "tests.h"
#include "model/tables.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

/* A profile as a string, one letter a member: S support, J join,
 * R reservation, A abstain, N not-ready, O object, _ silent. */
static void profile(const char *p, unsigned char *st)
{
    size_t i;
    for (i = 0; p[i] != '\0'; i++) {
        static const char letters[] = "SJRANO_";
        const char *at = strchr(letters, p[i]);
        ck_assert_msg(at != NULL, "bad profile letter");
        st[i] = (unsigned char)(at - letters);
    }
}

/* The members flagged with `flag`, as a string of 'x' and '.'. */
static const char *flagged(const unsigned char *fl, size_t n,
                           unsigned char flag)
{
    static char buf[300];
    size_t i;
    for (i = 0; i < n && i < sizeof buf - 1; i++)
        buf[i] = (fl[i] & flag) ? 'x' : '.';
    buf[i] = '\0';
    return buf;
}

struct run {
    mfk_verdict v;
    unsigned char fl[300];
};

/* Applies `rule` to body b (and optional proposal) on profile p. */
static struct run apply(const mfk_rule *r, const mfk_body *b,
                        const mfk_proposal *prop, const char *p)
{
    struct run out;
    unsigned char st[300];
    ck_assert_uint_eq(strlen(p), mfk_body_member_count(b));
    profile(p, st);
    memset(out.fl, 0xee, sizeof out.fl);
    ck_assert_int_eq(mfk_rule_apply(r, b, prop, st, out.fl, &out.v),
                     MFK_OK);
    return out;
}

/* The verdict of a rule of `kind` with its defaults. */
static struct run apply_kind(mfk_rule_kind kind, const mfk_body *b,
                             const char *p)
{
    mfk_rule r;
    ck_assert_int_eq(mfk_rule_init(&r, kind), MFK_OK);
    if (kind == MFK_RULE_WEIGHTED)
        r.quota = (double)mfk_body_member_count(b);
    return apply(&r, b, NULL, p);
}

#define BLOCKERS(run, n) flagged((run).fl, (n), MFK_FLAG_BLOCKER)
#define PARTICIPANTS(run, n) flagged((run).fl, (n), MFK_FLAG_PARTICIPANT)

START_TEST(test_defaults)
{
    mfk_rule r;
    ck_assert_int_eq(mfk_rule_init(&r, MFK_RULE_MAJORITY), MFK_OK);
    ck_assert_int_eq(r.kind, MFK_RULE_MAJORITY);
    ck_assert(r.threshold == 0.5);
    ck_assert_int_eq(r.base, MFK_BASE_MEMBERS);
    ck_assert_int_eq(r.weighted, 0);
    ck_assert_int_eq(mfk_rule_init(&r, MFK_RULE_QUALIFIED_MAJORITY), MFK_OK);
    ck_assert(r.members_share == 0.55);
    ck_assert(r.weight_share == 0.65);
    ck_assert_uint_eq(r.min_blocking, 4);
    ck_assert_int_eq(mfk_rule_init(&r, MFK_RULE_CONSENSUS_MINUS_X), MFK_OK);
    ck_assert_uint_eq(r.max, 1);
    ck_assert_int_eq(mfk_rule_init(&r, MFK_RULE_FLEXIBLE), MFK_OK);
    ck_assert_uint_eq(r.min_participants, 2);
    ck_assert_int_eq(mfk_rule_init(&r, (mfk_rule_kind)99), MFK_EINVAL);
    ck_assert_int_eq(mfk_rule_init(NULL, MFK_RULE_CONSENSUS), MFK_EINVAL);
}
END_TEST

/* mfk_rule_parse: the command line's KIND[:P]. */
START_TEST(test_rule_parse)
{
    mfk_rule r;
    const char *s = "majority:0.75,unanimity";
    ck_assert_int_eq(mfk_rule_parse(&r, s, 13), MFK_OK);
    ck_assert_int_eq(r.kind, MFK_RULE_MAJORITY);
    ck_assert(r.threshold == 0.75);
    ck_assert_int_eq(r.base, MFK_BASE_MEMBERS);
    ck_assert_int_eq(mfk_rule_parse(&r, s + 14, 9), MFK_OK);
    ck_assert_int_eq(r.kind, MFK_RULE_UNANIMITY);
    ck_assert_int_eq(mfk_rule_parse(&r, "consensus-minus-x:2", 19), MFK_OK);
    ck_assert_int_eq(r.kind, MFK_RULE_CONSENSUS_MINUS_X);
    ck_assert_uint_eq(r.max, 2);
    ck_assert_int_eq(mfk_rule_parse(&r, "flexible", 8), MFK_OK);
    ck_assert_uint_eq(r.min_participants, 2);
    ck_assert_int_eq(mfk_rule_parse(&r, "weighted:7", 10), MFK_OK);
    ck_assert(r.quota == 7);
    ck_assert_int_eq(mfk_rule_parse(&r, "weighted", 8), MFK_EINVAL);
    ck_assert_int_eq(mfk_rule_parse(&r, "consensus:1", 11), MFK_EINVAL);
    ck_assert_int_eq(mfk_rule_parse(&r, "consensus-minus-x:1.5", 21),
                     MFK_EINVAL);
    ck_assert_int_eq(mfk_rule_parse(&r, "majority:x", 10), MFK_EINVAL);
    ck_assert_int_eq(mfk_rule_parse(&r, "majority:", 9), MFK_EINVAL);
    ck_assert_int_eq(mfk_rule_parse(&r, "nonsense", 8), MFK_EINVAL);
    ck_assert_int_eq(mfk_rule_parse(&r, "callback", 8), MFK_EINVAL);
    ck_assert_int_eq(mfk_rule_parse(&r, "", 0), MFK_EINVAL);
    ck_assert_int_eq(mfk_rule_parse(NULL, "consensus", 9), MFK_EINVAL);
    ck_assert_int_eq(mfk_rule_parse(&r, NULL, 9), MFK_EINVAL);
}
END_TEST

START_TEST(test_bad_arguments)
{
    mfk_body *b = test_body(3);
    mfk_rule r;
    unsigned char st[3] = {MFK_JOIN, MFK_JOIN, 7}, fl[3];
    mfk_verdict v;

    mfk_rule_init(&r, MFK_RULE_CONSENSUS);
    ck_assert_int_eq(mfk_rule_apply(&r, b, NULL, st, fl, &v), MFK_EINVAL);
    st[2] = MFK_JOIN;
    ck_assert_int_eq(mfk_rule_apply(NULL, b, NULL, st, fl, &v), MFK_EINVAL);
    ck_assert_int_eq(mfk_rule_apply(&r, NULL, NULL, st, fl, &v), MFK_EINVAL);
    ck_assert_int_eq(mfk_rule_apply(&r, b, NULL, NULL, fl, &v), MFK_EINVAL);
    ck_assert_int_eq(mfk_rule_apply(&r, b, NULL, st, NULL, &v), MFK_EINVAL);
    ck_assert_int_eq(mfk_rule_apply(&r, b, NULL, st, fl, NULL), MFK_EINVAL);
    mfk_rule_init(&r, MFK_RULE_MAJORITY);
    r.threshold = 1.5;
    ck_assert_int_eq(mfk_rule_apply(&r, b, NULL, st, fl, &v), MFK_ERANGE);
    ck_assert_int_eq(mfk_body_set_rule(b, &r), MFK_ERANGE);
    mfk_rule_init(&r, MFK_RULE_CALLBACK);
    ck_assert_int_eq(mfk_rule_apply(&r, b, NULL, st, fl, &v), MFK_EINVAL);
    mfk_body_free(b);
}
END_TEST

/* Each parameter out of its range, for each rule that reads it: refused
 * alike by mfk_rule_apply(), mfk_body_set_rule() and
 * mfk_proposal_set_rule(), which leave the rule in force as it was. */
START_TEST(test_bad_parameters)
{
    static const struct {
        mfk_rule_kind kind;
        int field; /* 0 kind, 1 threshold, 2 base, 3 members_share,
                      4 weight_share, 5 quota */
        double value;
        int code;
    } bad[] = {
        {MFK_RULE_CONSENSUS, 0, -1, MFK_EINVAL},
        {MFK_RULE_CONSENSUS, 0, 10, MFK_EINVAL},
        {MFK_RULE_MAJORITY, 1, NAN, MFK_ERANGE},
        {MFK_RULE_MAJORITY, 1, -0.01, MFK_ERANGE},
        {MFK_RULE_MAJORITY, 1, 1.01, MFK_ERANGE},
        {MFK_RULE_MAJORITY, 1, INFINITY, MFK_ERANGE},
        {MFK_RULE_MAJORITY, 2, -1, MFK_ERANGE},
        {MFK_RULE_MAJORITY, 2, 3, MFK_ERANGE},
        {MFK_RULE_QUALIFIED_MAJORITY, 3, NAN, MFK_ERANGE},
        {MFK_RULE_QUALIFIED_MAJORITY, 3, -0.01, MFK_ERANGE},
        {MFK_RULE_QUALIFIED_MAJORITY, 3, 1.01, MFK_ERANGE},
        {MFK_RULE_QUALIFIED_MAJORITY, 4, NAN, MFK_ERANGE},
        {MFK_RULE_QUALIFIED_MAJORITY, 4, -0.01, MFK_ERANGE},
        {MFK_RULE_QUALIFIED_MAJORITY, 4, 1.01, MFK_ERANGE},
        {MFK_RULE_WEIGHTED, 5, NAN, MFK_ERANGE},
        {MFK_RULE_WEIGHTED, 5, -INFINITY, MFK_ERANGE},
    };
    mfk_body *b = test_body(3);
    mfk_proposal *p;
    unsigned char st[3] = {MFK_JOIN, MFK_JOIN, MFK_JOIN}, fl[3];
    mfk_verdict v = MFK_VERDICT_SHORT;
    mfk_rule r, edge;
    size_t k;

    ck_assert_int_eq(mfk_proposal_new(&p, b, "P", "P", NULL), MFK_OK);
    for (k = 0; k < sizeof bad / sizeof bad[0]; k++) {
        ck_assert_int_eq(mfk_rule_init(&r, bad[k].kind), MFK_OK);
        switch (bad[k].field) {
        case 0: r.kind = (mfk_rule_kind)(int)bad[k].value; break;
        case 1: r.threshold = bad[k].value; break;
        case 2: r.base = (mfk_base)(int)bad[k].value; break;
        case 3: r.members_share = bad[k].value; break;
        case 4: r.weight_share = bad[k].value; break;
        default: r.quota = bad[k].value; break;
        }
        ck_assert_msg(mfk_rule_apply(&r, b, NULL, st, fl, &v) == bad[k].code,
                      "case %zu", k);
        ck_assert_int_eq(v, MFK_VERDICT_SHORT);
        ck_assert_int_eq(mfk_body_set_rule(b, &r), bad[k].code);
        ck_assert_int_eq(mfk_proposal_set_rule(p, &r), bad[k].code);
        ck_assert_int_eq(mfk_body_rule(b)->kind, MFK_RULE_CONSENSUS);
        ck_assert_int_eq(mfk_proposal_rule(p)->kind, MFK_RULE_CONSENSUS);
    }
    /* the ends of each range are in it */
    ck_assert_int_eq(mfk_rule_init(&edge, MFK_RULE_MAJORITY), MFK_OK);
    edge.threshold = 0;
    edge.base = MFK_BASE_VOTING;
    ck_assert_int_eq(mfk_rule_apply(&edge, b, NULL, st, fl, &v), MFK_OK);
    ck_assert_int_eq(v, MFK_VERDICT_ADOPTED);
    edge.threshold = 1;
    ck_assert_int_eq(mfk_rule_apply(&edge, b, NULL, st, fl, &v), MFK_OK);
    ck_assert_int_eq(v, MFK_VERDICT_SHORT); /* more than all: never */
    ck_assert_int_eq(mfk_rule_init(&edge, MFK_RULE_QUALIFIED_MAJORITY),
                     MFK_OK);
    edge.members_share = 1;
    edge.weight_share = 0;
    ck_assert_int_eq(mfk_proposal_set_rule(p, &edge), MFK_OK);
    ck_assert_int_eq(mfk_rule_apply(&edge, b, NULL, st, fl, &v), MFK_OK);
    ck_assert_int_eq(v, MFK_VERDICT_ADOPTED);
    /* the kinds mfk_rule_init() refuses, below and above */
    ck_assert_int_eq(mfk_rule_init(&r, (mfk_rule_kind)-1), MFK_EINVAL);
    ck_assert_int_eq(mfk_rule_init(&r, (mfk_rule_kind)10), MFK_EINVAL);
    mfk_proposal_free(p);
    mfk_body_free(b);
}
END_TEST

/* Member 0 takes each stance in turn, the two others join: the verdict
 * and blockers for every rule, from CONTRACT's definitions. */
START_TEST(test_every_stance_every_rule)
{
    mfk_body *b = test_body(3);
    static const char *const prof[MFK_STANCE_COUNT] = {
        "SJJ", "JJJ", "RJJ", "AJJ", "NJJ", "OJJ", "_JJ"};
    int s;

    for (s = 0; s < MFK_STANCE_COUNT; s++) {
        int favour = s <= MFK_RESERVATION;
        int against = s == MFK_NOT_READY || s == MFK_OBJECT;
        struct run r;
        const char *blk;

        /* unanimity: everyone not in favour blocks */
        r = apply_kind(MFK_RULE_UNANIMITY, b, prof[s]);
        ck_assert_int_eq(r.v, favour ? MFK_VERDICT_ADOPTED
                                     : MFK_VERDICT_BLOCKED);
        ck_assert_str_eq(BLOCKERS(r, 3), favour ? "..." : "x..");
        ck_assert_str_eq(PARTICIPANTS(r, 3), "xxx");
        /* consensus: against or silent blocks; abstaining does not */
        blk = against || s == MFK_SILENT ? "x.." : "...";
        r = apply_kind(MFK_RULE_CONSENSUS, b, prof[s]);
        ck_assert_int_eq(r.v, blk[0] == 'x' ? MFK_VERDICT_BLOCKED
                                            : MFK_VERDICT_ADOPTED);
        ck_assert_str_eq(BLOCKERS(r, 3), blk);
        /* consensus-minus-x with no parties is consensus */
        r = apply_kind(MFK_RULE_CONSENSUS_MINUS_X, b, prof[s]);
        ck_assert_int_eq(r.v, blk[0] == 'x' ? MFK_VERDICT_BLOCKED
                                            : MFK_VERDICT_ADOPTED);
        ck_assert_str_eq(BLOCKERS(r, 3), blk);
        /* flexible: object or silent blocks; not-ready stands aside */
        blk = s == MFK_OBJECT || s == MFK_SILENT ? "x.." : "...";
        r = apply_kind(MFK_RULE_FLEXIBLE, b, prof[s]);
        ck_assert_int_eq(r.v, blk[0] == 'x' ? MFK_VERDICT_BLOCKED
                                            : MFK_VERDICT_ADOPTED);
        ck_assert_str_eq(BLOCKERS(r, 3), blk);
        ck_assert_str_eq(PARTICIPANTS(r, 3),
                         favour || s == MFK_ABSTAIN ? "xxx" : ".xx");
        /* negative consensus: two members join, so never all against */
        r = apply_kind(MFK_RULE_NEGATIVE_CONSENSUS, b, prof[s]);
        ck_assert_int_eq(r.v, MFK_VERDICT_ADOPTED);
        ck_assert_str_eq(BLOCKERS(r, 3), "...");
        /* silence: only those against block */
        r = apply_kind(MFK_RULE_SILENCE, b, prof[s]);
        ck_assert_int_eq(r.v, against ? MFK_VERDICT_BLOCKED
                                      : MFK_VERDICT_ADOPTED);
        ck_assert_str_eq(BLOCKERS(r, 3), against ? "x.." : "...");
        /* majority of members: 2 of 3 > 1.5 whatever member 0 does */
        r = apply_kind(MFK_RULE_MAJORITY, b, prof[s]);
        ck_assert_int_eq(r.v, MFK_VERDICT_ADOPTED);
        /* qualified majority in a body of 3: fewer than min_blocking (4)
         * members can ever be not in favour, so the blocking-minority
         * clause, read as CONTRACT words it, adopts every profile */
        r = apply_kind(MFK_RULE_QUALIFIED_MAJORITY, b, prof[s]);
        ck_assert_int_eq(r.v, MFK_VERDICT_ADOPTED);
        /* weighted, quota 3 of weight 3: member 0 must be in favour */
        r = apply_kind(MFK_RULE_WEIGHTED, b, prof[s]);
        ck_assert_int_eq(r.v, favour ? MFK_VERDICT_ADOPTED
                                     : MFK_VERDICT_SHORT);
        ck_assert_str_eq(BLOCKERS(r, 3), "...");
        /* the flags every rule shares */
        ck_assert_int_eq((r.fl[0] & MFK_FLAG_FAVOUR) != 0, favour);
        ck_assert_int_eq((r.fl[0] & MFK_FLAG_RESERVATION) != 0,
                         s == MFK_RESERVATION);
    }
    mfk_body_free(b);
}
END_TEST

/* Each built-in rule with its defaults on one profile, against the
 * verdicts CONTRACT gives; majority on each of its bases. */
static void expect_verdicts(const mfk_body *b, const char *p,
                            const mfk_verdict want[MFK_RULE_WEIGHTED + 1],
                            mfk_verdict majority_on_each_base)
{
    mfk_rule r;
    int k;
    for (k = MFK_RULE_UNANIMITY; k <= MFK_RULE_WEIGHTED; k++)
        ck_assert_msg(apply_kind((mfk_rule_kind)k, b, p).v == want[k],
                      "%s on %s", mfk_name(MFK_NAMES_RULE, k), p);
    mfk_rule_init(&r, MFK_RULE_MAJORITY);
    r.threshold = 0;
    for (r.base = MFK_BASE_MEMBERS; r.base <= MFK_BASE_VOTING; r.base++) {
        struct run x = apply(&r, b, NULL, p);
        ck_assert_int_eq(x.v, majority_on_each_base);
        ck_assert_str_eq(BLOCKERS(x, 5), ".....");
    }
}

START_TEST(test_all_silent)
{
    static const mfk_verdict want[] = {
        MFK_VERDICT_BLOCKED, MFK_VERDICT_BLOCKED, MFK_VERDICT_BLOCKED,
        MFK_VERDICT_BLOCKED,
        /* nobody is against: negative consensus and silence adopt */
        MFK_VERDICT_ADOPTED, MFK_VERDICT_ADOPTED,
        /* nobody in favour (threshold 0.5) */
        MFK_VERDICT_SHORT,
        /* five not in favour, at least min_blocking (4) */
        MFK_VERDICT_SHORT, MFK_VERDICT_SHORT};
    mfk_body *b = test_body(5);
    struct run x;

    /* threshold 0: nobody in favour is still not more than 0; the
     * present and voting bases are 0, which is short */
    expect_verdicts(b, "_____", want, MFK_VERDICT_SHORT);
    x = apply_kind(MFK_RULE_UNANIMITY, b, "_____");
    ck_assert_str_eq(BLOCKERS(x, 5), "xxxxx");
    x = apply_kind(MFK_RULE_CONSENSUS, b, "_____");
    ck_assert_str_eq(BLOCKERS(x, 5), "xxxxx");
    x = apply_kind(MFK_RULE_FLEXIBLE, b, "_____");
    ck_assert_str_eq(BLOCKERS(x, 5), "xxxxx");
    x = apply_kind(MFK_RULE_SILENCE, b, "_____");
    ck_assert_str_eq(BLOCKERS(x, 5), ".....");
    mfk_body_free(b);
}
END_TEST

START_TEST(test_all_abstaining)
{
    static const mfk_verdict want[] = {
        MFK_VERDICT_BLOCKED,
        /* abstaining is neither against nor silent */
        MFK_VERDICT_ADOPTED, MFK_VERDICT_ADOPTED,
        /* the participants are those in favour or abstaining: five */
        MFK_VERDICT_ADOPTED, MFK_VERDICT_ADOPTED, MFK_VERDICT_ADOPTED,
        MFK_VERDICT_SHORT, MFK_VERDICT_SHORT, MFK_VERDICT_SHORT};
    mfk_body *b = test_body(5);
    struct run x;

    expect_verdicts(b, "AAAAA", want, MFK_VERDICT_SHORT);
    x = apply_kind(MFK_RULE_UNANIMITY, b, "AAAAA");
    ck_assert_str_eq(BLOCKERS(x, 5), "xxxxx");
    x = apply_kind(MFK_RULE_FLEXIBLE, b, "AAAAA");
    ck_assert_str_eq(PARTICIPANTS(x, 5), "xxxxx");
    mfk_body_free(b);
}
END_TEST

START_TEST(test_unanimity_consensus_silence)
{
    mfk_body *b = test_body(4);
    struct run x;

    x = apply_kind(MFK_RULE_UNANIMITY, b, "SJRR");
    ck_assert_int_eq(x.v, MFK_VERDICT_ADOPTED);
    ck_assert_str_eq(flagged(x.fl, 4, MFK_FLAG_RESERVATION), "..xx");
    x = apply_kind(MFK_RULE_UNANIMITY, b, "SA_N");
    ck_assert_str_eq(BLOCKERS(x, 4), ".xxx");
    x = apply_kind(MFK_RULE_CONSENSUS, b, "AN_O");
    ck_assert_int_eq(x.v, MFK_VERDICT_BLOCKED);
    ck_assert_str_eq(BLOCKERS(x, 4), ".xxx");
    ck_assert_str_eq(flagged(x.fl, 4, MFK_FLAG_AGAINST), ".x.x");
    x = apply_kind(MFK_RULE_SILENCE, b, "AN_O");
    ck_assert_str_eq(BLOCKERS(x, 4), ".x.x");
    x = apply_kind(MFK_RULE_SILENCE, b, "A__J");
    ck_assert_int_eq(x.v, MFK_VERDICT_ADOPTED);
    ck_assert_str_eq(PARTICIPANTS(x, 4), "xxxx");
    mfk_body_free(b);
}
END_TEST

START_TEST(test_majority_bases)
{
    mfk_body *b = test_body(4);
    mfk_rule r;

    mfk_rule_init(&r, MFK_RULE_MAJORITY);
    /* members: 2 of 4 is exactly half, not more */
    ck_assert_int_eq(apply(&r, b, NULL, "SJOO").v, MFK_VERDICT_SHORT);
    ck_assert_int_eq(apply(&r, b, NULL, "SJRO").v, MFK_VERDICT_ADOPTED);
    ck_assert_int_eq(apply(&r, b, NULL, "SJ__").v, MFK_VERDICT_SHORT);
    /* present: the silent are out of the base */
    r.base = MFK_BASE_PRESENT;
    ck_assert_int_eq(apply(&r, b, NULL, "SJ__").v, MFK_VERDICT_ADOPTED);
    ck_assert_int_eq(apply(&r, b, NULL, "SJA_").v, MFK_VERDICT_ADOPTED);
    ck_assert_int_eq(apply(&r, b, NULL, "SJAA").v, MFK_VERDICT_SHORT);
    ck_assert_int_eq(apply(&r, b, NULL, "S___").v, MFK_VERDICT_ADOPTED);
    /* voting: in favour plus against; abstaining and silent are out;
     * not-ready is against */
    r.base = MFK_BASE_VOTING;
    ck_assert_int_eq(apply(&r, b, NULL, "SAAA").v, MFK_VERDICT_ADOPTED);
    ck_assert_int_eq(apply(&r, b, NULL, "SNA_").v, MFK_VERDICT_SHORT);
    ck_assert_int_eq(apply(&r, b, NULL, "SJNA").v, MFK_VERDICT_ADOPTED);
    ck_assert_int_eq(apply(&r, b, NULL, "SJNO").v, MFK_VERDICT_SHORT);
    /* threshold 0: any member in favour is more than 0 */
    r.threshold = 0;
    ck_assert_int_eq(apply(&r, b, NULL, "SOOO").v, MFK_VERDICT_ADOPTED);
    ck_assert_int_eq(apply(&r, b, NULL, "OOOO").v, MFK_VERDICT_SHORT);
    /* threshold 1: in favour can never be more than the whole base */
    r.threshold = 1;
    ck_assert_int_eq(apply(&r, b, NULL, "SSSS").v, MFK_VERDICT_SHORT);
    mfk_body_free(b);
}
END_TEST

START_TEST(test_majority_weighted)
{
    mfk_body *b = test_body(4);
    static const double w[4] = {0.5, 0.25, 0.25, 1.0};
    mfk_rule r;
    size_t i;

    for (i = 0; i < 4; i++)
        ck_assert_int_eq(mfk_body_set_weight(b, i, w[i]), MFK_OK);
    mfk_rule_init(&r, MFK_RULE_MAJORITY);
    r.weighted = 1;
    /* base 2: in favour must weigh more than 1 */
    ck_assert_int_eq(apply(&r, b, NULL, "SJJO").v, MFK_VERDICT_SHORT);
    ck_assert_int_eq(apply(&r, b, NULL, "OJOS").v, MFK_VERDICT_ADOPTED);
    ck_assert_int_eq(apply(&r, b, NULL, "OOOS").v, MFK_VERDICT_SHORT);
    /* unweighted, the same profile is 1 of 4 */
    r.weighted = 0;
    ck_assert_int_eq(apply(&r, b, NULL, "OJOS").v, MFK_VERDICT_SHORT);
    /* present, weighted: member 3 silent, base 1: more than 0.5 */
    r.weighted = 1;
    r.base = MFK_BASE_PRESENT;
    ck_assert_int_eq(apply(&r, b, NULL, "SOO_").v, MFK_VERDICT_SHORT);
    ck_assert_int_eq(apply(&r, b, NULL, "SJO_").v, MFK_VERDICT_ADOPTED);
    /* voting, weighted: 0.5 in favour against 0.25 */
    r.base = MFK_BASE_VOTING;
    ck_assert_int_eq(apply(&r, b, NULL, "SOA_").v, MFK_VERDICT_ADOPTED);
    ck_assert_int_eq(apply(&r, b, NULL, "SOO_").v, MFK_VERDICT_SHORT);
    /* a base of weight 0 is short */
    for (i = 0; i < 4; i++)
        mfk_body_set_weight(b, i, 0);
    r.threshold = 0;
    for (r.base = MFK_BASE_MEMBERS; r.base <= MFK_BASE_VOTING; r.base++)
        ck_assert_int_eq(apply(&r, b, NULL, "SSSS").v, MFK_VERDICT_SHORT);
    mfk_body_free(b);
}
END_TEST

/* A profile of n members: the first k in favour, the rest objecting. */
static const char *k_of_n(size_t k, size_t n)
{
    static char p[300];
    size_t i;
    for (i = 0; i < n; i++)
        p[i] = i < k ? 'J' : 'O';
    p[n] = '\0';
    return p;
}

/* Thresholds whose product with the base is not exact in binary: the
 * contract's arithmetic is that of the numbers written, so 63 of 90 is
 * exactly 70% and 55 of 100 exactly 55%. */
START_TEST(test_majority_threshold_exact)
{
    mfk_body *b90 = test_body(90), *b100 = test_body(100);
    mfk_rule r;

    mfk_rule_init(&r, MFK_RULE_MAJORITY);
    r.threshold = 0.7;
    ck_assert_int_eq(apply(&r, b90, NULL, k_of_n(63, 90)).v,
                     MFK_VERDICT_SHORT);
    ck_assert_int_eq(apply(&r, b90, NULL, k_of_n(64, 90)).v,
                     MFK_VERDICT_ADOPTED);
    r.threshold = 0.55;
    ck_assert_int_eq(apply(&r, b100, NULL, k_of_n(55, 100)).v,
                     MFK_VERDICT_SHORT);
    ck_assert_int_eq(apply(&r, b100, NULL, k_of_n(56, 100)).v,
                     MFK_VERDICT_ADOPTED);
    mfk_body_free(b90);
    mfk_body_free(b100);
}
END_TEST

START_TEST(test_qualified_majority)
{
    mfk_body *b = test_body(27), *b100 = test_body(100);
    mfk_rule r;
    char p[28];
    size_t i;

    mfk_rule_init(&r, MFK_RULE_QUALIFIED_MAJORITY);
    /* 55% of 27 is 14.85: 15 members reach it, 14 do not (the weight
     * share lowered so that it is met) */
    r.weight_share = 0.5;
    ck_assert_int_eq(apply(&r, b, NULL, k_of_n(15, 27)).v,
                     MFK_VERDICT_ADOPTED);
    ck_assert_int_eq(apply(&r, b, NULL, k_of_n(14, 27)).v,
                     MFK_VERDICT_SHORT);
    ck_assert_str_eq(BLOCKERS(apply(&r, b, NULL, k_of_n(14, 27)), 27),
                     "...........................");
    /* weight: members 0..2 weigh 10 each, total 54; 65% is 35.1 */
    r.weight_share = 0.65;
    for (i = 0; i < 3; i++)
        mfk_body_set_weight(b, i, 10);
    /* 15 members without the heavy three: weight 15 < 35.1 */
    memset(p, 'J', 27);
    p[27] = '\0';
    memset(p, 'O', 3);
    memset(p + 18, 'O', 9);
    ck_assert_int_eq(apply(&r, b, NULL, p).v, MFK_VERDICT_SHORT);
    /* the blocking-minority clause: 24 in favour, 3 not, weight 24 of
     * 54 fails the weight share, yet fewer than 4 are not in favour */
    memset(p, 'J', 27);
    memset(p, 'O', 3);
    ck_assert_int_eq(apply(&r, b, NULL, p).v, MFK_VERDICT_ADOPTED);
    p[3] = 'A';
    ck_assert_int_eq(apply(&r, b, NULL, p).v, MFK_VERDICT_SHORT);
    /* exactly at the weight share: weights 3x10 + 24x1 = 54; in favour
     * the heavy three and 6 others = 36 >= 35.1; make it exact: share
     * 36/54 */
    r.weight_share = 36.0 / 54.0;
    memset(p, 'O', 27);
    memset(p, 'J', 3 + 12);
    /* 15 members (>= 14.85), weight 30 + 12 = 42 */
    ck_assert_int_eq(apply(&r, b, NULL, p).v, MFK_VERDICT_ADOPTED);
    r.weight_share = 42.0 / 54.0;
    ck_assert_int_eq(apply(&r, b, NULL, p).v, MFK_VERDICT_ADOPTED);
    p[14] = 'O';
    r.members_share = 14.0 / 27.0;
    ck_assert_int_eq(apply(&r, b, NULL, p).v, MFK_VERDICT_SHORT);
    /* 55 of 100 is exactly 55% (0.55 * 100 is 55.000000000000007 in
     * binary) */
    mfk_rule_init(&r, MFK_RULE_QUALIFIED_MAJORITY);
    r.weight_share = 0.55;
    ck_assert_int_eq(apply(&r, b100, NULL, k_of_n(55, 100)).v,
                     MFK_VERDICT_ADOPTED);
    ck_assert_int_eq(apply(&r, b100, NULL, k_of_n(54, 100)).v,
                     MFK_VERDICT_SHORT);
    /* the clause at its edge: 46 not in favour, fewer than 47 */
    r.min_blocking = 47;
    ck_assert_int_eq(apply(&r, b100, NULL, k_of_n(54, 100)).v,
                     MFK_VERDICT_ADOPTED);
    r.min_blocking = 46;
    ck_assert_int_eq(apply(&r, b100, NULL, k_of_n(54, 100)).v,
                     MFK_VERDICT_SHORT);
    mfk_body_free(b);
    mfk_body_free(b100);
}
END_TEST

START_TEST(test_weighted_quota)
{
    mfk_body *b = test_body(10);
    mfk_rule r;
    size_t i;

    mfk_rule_init(&r, MFK_RULE_WEIGHTED);
    r.quota = 3;
    ck_assert_int_eq(apply(&r, b, NULL, "JJJOOOOOOO").v, MFK_VERDICT_ADOPTED);
    ck_assert_int_eq(apply(&r, b, NULL, "JJAOOOOOOO").v, MFK_VERDICT_SHORT);
    ck_assert_int_eq(apply(&r, b, NULL, "JJ________").v, MFK_VERDICT_SHORT);
    /* weights 0.1 summed ten times are 0.9999999999999999 in binary:
     * still the quota of 1 */
    for (i = 0; i < 10; i++)
        mfk_body_set_weight(b, i, 0.1);
    r.quota = 1;
    ck_assert_int_eq(apply(&r, b, NULL, "SSSSSSSSSS").v, MFK_VERDICT_ADOPTED);
    ck_assert_int_eq(apply(&r, b, NULL, "SSSSSSSSSO").v, MFK_VERDICT_SHORT);
    r.quota = 0;
    ck_assert_int_eq(apply(&r, b, NULL, "OOOOOOOOOO").v, MFK_VERDICT_ADOPTED);
    /* weights in people: a quota missed by one person is missed */
    mfk_body_set_weight(b, 0, 283487931);
    mfk_body_set_weight(b, 1, 316512068);
    r.quota = 600000000;
    ck_assert_int_eq(apply(&r, b, NULL, "SSOOOOOOOO").v, MFK_VERDICT_SHORT);
    mfk_body_set_weight(b, 1, 316512069);
    ck_assert_int_eq(apply(&r, b, NULL, "SSOOOOOOOO").v, MFK_VERDICT_ADOPTED);
    mfk_body_free(b);
}
END_TEST

/* The largest body, every weight 0.1: the sum's rounding does not miss
 * a quota of 409.6, and one member less does. */
START_TEST(test_weighted_quota_large_body)
{
    mfk_body *b = test_body(0);
    unsigned char *st = malloc(MFK_MAX_MEMBERS), *fl = malloc(MFK_MAX_MEMBERS);
    char id[16];
    mfk_rule r;
    mfk_verdict v;
    size_t i;

    for (i = 0; i < MFK_MAX_MEMBERS; i++) {
        snprintf(id, sizeof id, "M%zu", i);
        ck_assert_int_eq(mfk_body_add_member(b, id, id, NULL), MFK_OK);
        mfk_body_set_weight(b, i, 0.1);
        st[i] = MFK_JOIN;
    }
    mfk_rule_init(&r, MFK_RULE_WEIGHTED);
    r.quota = 409.6;
    ck_assert_int_eq(mfk_rule_apply(&r, b, NULL, st, fl, &v), MFK_OK);
    ck_assert_int_eq(v, MFK_VERDICT_ADOPTED);
    st[7] = MFK_ABSTAIN;
    ck_assert_int_eq(mfk_rule_apply(&r, b, NULL, st, fl, &v), MFK_OK);
    ck_assert_int_eq(v, MFK_VERDICT_SHORT);
    /* and as a majority of more than 0.5 of the weight: 2048 of 4096
     * members is not more, 2049 is */
    mfk_rule_init(&r, MFK_RULE_MAJORITY);
    r.weighted = 1;
    for (i = 0; i < MFK_MAX_MEMBERS; i++)
        st[i] = i < 2048 ? MFK_SUPPORT : MFK_OBJECT;
    ck_assert_int_eq(mfk_rule_apply(&r, b, NULL, st, fl, &v), MFK_OK);
    ck_assert_int_eq(v, MFK_VERDICT_SHORT);
    st[2048] = MFK_SUPPORT;
    ck_assert_int_eq(mfk_rule_apply(&r, b, NULL, st, fl, &v), MFK_OK);
    ck_assert_int_eq(v, MFK_VERDICT_ADOPTED);
    free(st);
    free(fl);
    mfk_body_free(b);
}
END_TEST

START_TEST(test_consensus_minus_x)
{
    mfk_body *b = test_body(5);
    mfk_proposal *p;
    mfk_rule r;
    struct run x;

    ck_assert_int_eq(mfk_proposal_new(&p, b, "P", "t", NULL), MFK_OK);
    mfk_proposal_add_role(p, 0, MFK_ROLE_PARTY | MFK_ROLE_CONSENT);
    mfk_proposal_add_role(p, 1, MFK_ROLE_PARTY | MFK_ROLE_CONSENT);
    mfk_rule_init(&r, MFK_RULE_CONSENSUS_MINUS_X);
    /* one party against, max 1: not counted */
    x = apply(&r, b, p, "OJJJJ");
    ck_assert_int_eq(x.v, MFK_VERDICT_ADOPTED);
    ck_assert_str_eq(flagged(x.fl, 5, MFK_FLAG_DISCOUNTED), "x....");
    ck_assert_str_eq(BLOCKERS(x, 5), ".....");
    x = apply(&r, b, p, "JNJJJ");
    ck_assert_int_eq(x.v, MFK_VERDICT_ADOPTED);
    ck_assert_str_eq(flagged(x.fl, 5, MFK_FLAG_DISCOUNTED), ".x...");
    /* two parties against, more than max: both count */
    x = apply(&r, b, p, "ONJJJ");
    ck_assert_int_eq(x.v, MFK_VERDICT_BLOCKED);
    ck_assert_str_eq(BLOCKERS(x, 5), "xx...");
    ck_assert_str_eq(flagged(x.fl, 5, MFK_FLAG_DISCOUNTED), ".....");
    r.max = 2;
    x = apply(&r, b, p, "ONJJJ");
    ck_assert_int_eq(x.v, MFK_VERDICT_ADOPTED);
    ck_assert_str_eq(flagged(x.fl, 5, MFK_FLAG_DISCOUNTED), "xx...");
    /* a member that is not a party counts */
    x = apply(&r, b, p, "OJOJJ");
    ck_assert_int_eq(x.v, MFK_VERDICT_BLOCKED);
    ck_assert_str_eq(BLOCKERS(x, 5), "..x..");
    /* silence still prevents, a party's too */
    x = apply(&r, b, p, "_JJJJ");
    ck_assert_int_eq(x.v, MFK_VERDICT_BLOCKED);
    ck_assert_str_eq(BLOCKERS(x, 5), "x....");
    x = apply(&r, b, p, "OJJ_J");
    ck_assert_int_eq(x.v, MFK_VERDICT_BLOCKED);
    ck_assert_str_eq(BLOCKERS(x, 5), "...x.");
    /* max 0 is consensus */
    r.max = 0;
    x = apply(&r, b, p, "OJJJJ");
    ck_assert_int_eq(x.v, MFK_VERDICT_BLOCKED);
    ck_assert_str_eq(BLOCKERS(x, 5), "x....");
    /* every member bound, as under consensus */
    r.max = 1;
    x = apply(&r, b, p, "OJJJJ");
    ck_assert_str_eq(PARTICIPANTS(x, 5), "xxxxx");
    /* no proposal: no parties */
    x = apply(&r, b, NULL, "OJJJJ");
    ck_assert_int_eq(x.v, MFK_VERDICT_BLOCKED);
    mfk_proposal_free(p);
    mfk_body_free(b);
}
END_TEST

START_TEST(test_flexible)
{
    mfk_body *b = test_body(4);
    mfk_rule r;
    struct run x;

    mfk_rule_init(&r, MFK_RULE_FLEXIBLE);
    x = apply(&r, b, NULL, "SJNN");
    ck_assert_int_eq(x.v, MFK_VERDICT_ADOPTED);
    ck_assert_str_eq(PARTICIPANTS(x, 4), "xx..");
    ck_assert_str_eq(flagged(x.fl, 4, MFK_FLAG_AGAINST), "....");
    /* one short of min_participants */
    x = apply(&r, b, NULL, "SNNN");
    ck_assert_int_eq(x.v, MFK_VERDICT_SHORT);
    ck_assert_str_eq(BLOCKERS(x, 4), "....");
    x = apply(&r, b, NULL, "ANNN");
    ck_assert_int_eq(x.v, MFK_VERDICT_SHORT);
    x = apply(&r, b, NULL, "NNNN");
    ck_assert_int_eq(x.v, MFK_VERDICT_SHORT);
    /* abstaining takes part */
    x = apply(&r, b, NULL, "SANN");
    ck_assert_int_eq(x.v, MFK_VERDICT_ADOPTED);
    ck_assert_str_eq(PARTICIPANTS(x, 4), "xx..");
    /* an objection or silence blocks, whatever the others */
    x = apply(&r, b, NULL, "SSSO");
    ck_assert_int_eq(x.v, MFK_VERDICT_BLOCKED);
    ck_assert_str_eq(BLOCKERS(x, 4), "...x");
    x = apply(&r, b, NULL, "S_NO");
    ck_assert_str_eq(BLOCKERS(x, 4), ".x.x");
    /* exactly min_participants, and one short */
    r.min_participants = 3;
    ck_assert_int_eq(apply(&r, b, NULL, "SRAN").v, MFK_VERDICT_ADOPTED);
    ck_assert_int_eq(apply(&r, b, NULL, "SRNN").v, MFK_VERDICT_SHORT);
    r.min_participants = 0;
    ck_assert_int_eq(apply(&r, b, NULL, "NNNN").v, MFK_VERDICT_ADOPTED);
    mfk_body_free(b);
}
END_TEST

START_TEST(test_negative_consensus)
{
    mfk_body *b = test_body(4);
    mfk_proposal *p;
    struct run x;
    mfk_rule r;

    mfk_rule_init(&r, MFK_RULE_NEGATIVE_CONSENSUS);
    /* no parties: blocked only when every member is against */
    x = apply(&r, b, NULL, "OONO");
    ck_assert_int_eq(x.v, MFK_VERDICT_BLOCKED);
    ck_assert_str_eq(BLOCKERS(x, 4), "xxxx");
    ck_assert_int_eq(apply(&r, b, NULL, "OOO_").v, MFK_VERDICT_ADOPTED);
    ck_assert_int_eq(apply(&r, b, NULL, "OOOA").v, MFK_VERDICT_ADOPTED);
    ck_assert_int_eq(mfk_proposal_new(&p, b, "P", "t", NULL), MFK_OK);
    mfk_proposal_add_role(p, 0, MFK_ROLE_PARTY);
    /* the party's stance does not matter; the others' do */
    x = apply(&r, b, p, "JOOO");
    ck_assert_int_eq(x.v, MFK_VERDICT_BLOCKED);
    ck_assert_str_eq(BLOCKERS(x, 4), ".xxx");
    ck_assert_int_eq(apply(&r, b, p, "OOOJ").v, MFK_VERDICT_ADOPTED);
    ck_assert_int_eq(apply(&r, b, p, "OOO_").v, MFK_VERDICT_ADOPTED);
    /* every member a party: nobody to block */
    mfk_proposal_add_role(p, 1, MFK_ROLE_PARTY);
    mfk_proposal_add_role(p, 2, MFK_ROLE_PARTY);
    mfk_proposal_add_role(p, 3, MFK_ROLE_PARTY);
    x = apply(&r, b, p, "OOOO");
    ck_assert_int_eq(x.v, MFK_VERDICT_ADOPTED);
    ck_assert_str_eq(BLOCKERS(x, 4), "....");
    mfk_proposal_free(p);
    mfk_body_free(b);
}
END_TEST

struct cb_seen {
    int calls;
    const mfk_proposal *prop;
    int zeroed;
};

/* Adopts when member 0 is in favour, marks member 1 a participant. */
static int cb_rule(const mfk_body *b, const mfk_proposal *p,
                   const unsigned char *st, unsigned char *fl, void *ud)
{
    struct cb_seen *seen = ud;
    size_t i;
    seen->calls++;
    seen->prop = p;
    seen->zeroed = 1;
    for (i = 0; i < mfk_body_member_count(b); i++)
        if (fl[i] != 0)
            seen->zeroed = 0;
    fl[1] = MFK_FLAG_PARTICIPANT;
    if (st[0] == MFK_ABSTAIN)
        return MFK_ERANGE;
    if (st[0] == MFK_SILENT)
        return 7;
    return st[0] <= MFK_RESERVATION ? MFK_VERDICT_ADOPTED
                                    : MFK_VERDICT_BLOCKED;
}

START_TEST(test_callback)
{
    mfk_body *b = test_body(3);
    mfk_proposal *p;
    struct cb_seen seen = {0, NULL, 0};
    mfk_rule r;
    struct run x;
    unsigned char st[3], fl[3];
    mfk_verdict v;

    ck_assert_int_eq(mfk_proposal_new(&p, b, "P", "t", NULL), MFK_OK);
    mfk_rule_init(&r, MFK_RULE_CALLBACK);
    r.fn = cb_rule;
    r.ud = &seen;
    x = apply(&r, b, p, "SOO");
    ck_assert_int_eq(x.v, MFK_VERDICT_ADOPTED);
    ck_assert_int_eq(seen.calls, 1);
    ck_assert_ptr_eq(seen.prop, p);
    ck_assert_int_eq(seen.zeroed, 1);
    ck_assert_uint_eq(x.fl[0], 0);
    ck_assert_uint_eq(x.fl[1], MFK_FLAG_PARTICIPANT);
    ck_assert_int_eq(apply(&r, b, p, "OSS").v, MFK_VERDICT_BLOCKED);
    /* an error is returned as it is; a verdict out of range is the
     * callback's failure */
    profile("ASS", st);
    ck_assert_int_eq(mfk_rule_apply(&r, b, p, st, fl, &v), MFK_ERANGE);
    profile("_SS", st);
    ck_assert_int_eq(mfk_rule_apply(&r, b, p, st, fl, &v), MFK_ECALLBACK);
    ck_assert_int_eq(mfk_proposal_set_rule(p, &r), MFK_OK);
    ck_assert_int_eq(mfk_proposal_rule(p)->kind, MFK_RULE_CALLBACK);
    mfk_proposal_free(p);
    mfk_body_free(b);
}
END_TEST

/* Invariants of every built-in rule on random profiles: `blocked` has
 * blockers, `short` and `adopted` have none; blockers are never in
 * favour; and applying a rule allocates nothing. */
START_TEST(test_invariants_random)
{
    test_alloc ta;
    mfk_body *b = NULL;
    mfk_proposal *p = NULL;
    unsigned long long seed = 0x9e3779b97f4a7c15ull;
    unsigned char st[9], fl[9];
    size_t i, calls;
    int k, iter;

    test_alloc_init(&ta);
    ck_assert_int_eq(mfk_body_new(&b, "b", 1, &ta.a), MFK_OK);
    for (i = 0; i < 9; i++) {
        char id[4] = {'A', (char)('0' + i), 0, 0};
        ck_assert_int_eq(mfk_body_add_member(b, id, id, NULL), MFK_OK);
        mfk_body_set_weight(b, i, (double)(i + 1));
    }
    ck_assert_int_eq(mfk_proposal_new(&p, b, "P", "t", &ta.a), MFK_OK);
    mfk_proposal_add_role(p, 2, MFK_ROLE_PARTY);
    mfk_proposal_add_role(p, 5, MFK_ROLE_PARTY);
    calls = ta.calls;
    for (iter = 0; iter < 3000; iter++) {
        for (i = 0; i < 9; i++) {
            seed = seed * 6364136223846793005ull + 1442695040888963407ull;
            st[i] = (unsigned char)((seed >> 33) % MFK_STANCE_COUNT);
        }
        for (k = MFK_RULE_UNANIMITY; k <= MFK_RULE_WEIGHTED; k++) {
            mfk_rule r;
            mfk_verdict v;
            size_t nb = 0;
            mfk_rule_init(&r, (mfk_rule_kind)k);
            r.quota = 20;
            r.base = (mfk_base)(iter % 3);
            ck_assert_int_eq(mfk_rule_apply(&r, b, p, st, fl, &v), MFK_OK);
            for (i = 0; i < 9; i++) {
                if (fl[i] & MFK_FLAG_BLOCKER) {
                    nb++;
                    ck_assert(!(fl[i] & MFK_FLAG_FAVOUR));
                }
                ck_assert_int_eq((fl[i] & MFK_FLAG_FAVOUR) != 0,
                                 st[i] <= MFK_RESERVATION);
            }
            if (v == MFK_VERDICT_BLOCKED)
                ck_assert_uint_gt(nb, 0);
            else
                ck_assert_uint_eq(nb, 0);
        }
    }
    ck_assert_uint_eq(ta.calls, calls);
    mfk_proposal_free(p);
    mfk_body_free(b);
    ck_assert_uint_eq(ta.live, 0);
}
END_TEST

/* ---- the tables ------------------------------------------------------- */

/* Value k of `kind` has the name of its row and is found by it. */
static void name_round_trips(mfk_names kind, int k, const char *row)
{
    const char *name = mfk_name(kind, k);
    int v = -1;
    ck_assert_ptr_nonnull(name);
    ck_assert_str_eq(name, row);
    ck_assert_int_eq(mfk_lookup(kind, name, &v), MFK_OK);
    ck_assert_int_eq(v, k);
}

/* Every rule kind and stance has its row, its name, and goes to and from
 * its name. */
START_TEST(test_tables_names)
{
    int k, t;
    for (k = 0; k < MFK__RULE_COUNT; k++) {
        name_round_trips(MFK_NAMES_RULE, k, mfk__rules[k].name);
        /* a kind requires, and gives on a command line, only its own */
        ck_assert_uint_eq(mfk__rules[k].required & ~mfk__rules[k].params, 0);
        ck_assert_uint_eq(mfk__rules[k].option & ~mfk__rules[k].params, 0);
    }
    ck_assert_ptr_null(mfk_name(MFK_NAMES_RULE, MFK__RULE_COUNT));
    for (k = 0; k < MFK_STANCE_COUNT; k++) {
        const char *name = mfk__stances[k].name;
        name_round_trips(MFK_NAMES_STANCE, k, name);
        ck_assert(!(mfk__in_favour((unsigned char)k) &&
                    mfk__against((unsigned char)k)));
        /* a letter, where there is one, is its name's first and no
         * other stance's */
        if (mfk__stances[k].letter != 0) {
            ck_assert_int_eq(mfk__stances[k].letter, name[0]);
            for (t = 0; t < k; t++)
                ck_assert_int_ne(mfk__stances[t].letter,
                                 mfk__stances[k].letter);
        }
    }
    ck_assert_ptr_null(mfk_name(MFK_NAMES_STANCE, MFK_STANCE_COUNT));
    ck_assert(!mfk__in_favour(MFK_STANCE_COUNT));
    ck_assert(!mfk__against(MFK_STANCE_COUNT));
}
END_TEST

/* A value of parameter k other than its default, within its range. */
static double other_value(int k)
{
    const struct mfk__param_row *p = &mfk__params[k];
    switch (p->type) {
    case MFK__UINT:
        return p->def + 3;
    case MFK__SHARE:
        return (p->def + p->hi) / 2;
    case MFK__NUMBER:
        return p->def + 2.5;
    case MFK__BASE:
        return p->def == p->hi ? p->lo : p->hi;
    case MFK__FLAG:
        return !p->def;
    }
    return 0;
}

/* Every built-in rule, its parameters set away from their defaults, is
 * written with each of them and read back the same. */
START_TEST(test_tables_scenario_round_trip)
{
    static const char doc[] =
        "{\"mufakat\": 1, \"body\": {\"name\": \"b\", \"members\": ["
        "{\"id\": \"A\"}, {\"id\": \"B\"}, {\"id\": \"C\"}]},"
        "\"proposals\": []}";
    int k, p;
    for (k = 0; k < MFK__RULE_COUNT; k++) {
        mfk_scenario *a = NULL, *b = NULL;
        const mfk_rule *got;
        mfk_rule r;
        mfk_error err;
        char *text;
        size_t len;
        if (k == MFK_RULE_CALLBACK)
            continue; /* given by a program, never in a file */
        ck_assert_int_eq(mfk_scenario_read_json(&a, doc, sizeof doc - 1,
                                                NULL, &err),
                         MFK_OK);
        ck_assert_int_eq(mfk_rule_init(&r, (mfk_rule_kind)k), MFK_OK);
        for (p = 0; p < MFK__PARAM_COUNT; p++) {
            ck_assert(mfk__param_get(&r, (enum mfk__param)p) ==
                      mfk__params[p].def);
            if (mfk__rules[k].params & (1u << p))
                mfk__param_set(&r, (enum mfk__param)p, other_value(p));
        }
        ck_assert_int_eq(mfk_body_set_rule(mfk_scenario_body(a), &r),
                         MFK_OK);
        ck_assert_int_eq(mfk_scenario_write_json(a, NULL, 0, &len),
                         MFK_ERANGE);
        text = malloc(len + 1);
        ck_assert_ptr_nonnull(text);
        ck_assert_int_eq(mfk_scenario_write_json(a, text, len + 1, &len),
                         MFK_OK);
        text[len] = '\0'; /* the writer ends the text with no NUL */
        for (p = 0; p < MFK__PARAM_COUNT; p++) {
            char key[64];
            snprintf(key, sizeof key, "\"%s\":", mfk__params[p].key);
            ck_assert_msg((strstr(text, key) != NULL) ==
                              ((mfk__rules[k].params & (1u << p)) != 0),
                          "%s: %s", mfk__rules[k].name, key);
        }
        ck_assert_msg(mfk_scenario_read_json(&b, text, len, NULL, &err) ==
                          MFK_OK,
                      "%s: %s %s", mfk__rules[k].name, err.pointer,
                      err.message);
        got = mfk_body_rule(mfk_scenario_body(b));
        ck_assert_int_eq(got->kind, k);
        for (p = 0; p < MFK__PARAM_COUNT; p++)
            ck_assert_msg(mfk__param_get(got, (enum mfk__param)p) ==
                              mfk__param_get(&r, (enum mfk__param)p),
                          "%s: %s", mfk__rules[k].name, mfk__params[p].key);
        free(text);
        mfk_scenario_free(b);
        mfk_scenario_free(a);
    }
}
END_TEST

/* A rule whose members cannot be outvoted makes each one a veto player
 * in its game, and only such a rule does. */
START_TEST(test_tables_outvoted)
{
    mfk_body *b = test_body(5);
    int k;
    for (k = 0; k < MFK__RULE_COUNT; k++) {
        mfk_game *g = NULL;
        mfk_rule r;
        size_t i, vetoes = 0;
        int veto;
        mfk_rule_init(&r, (mfk_rule_kind)k);
        if (k == MFK_RULE_CALLBACK) {
            ck_assert_int_eq(mfk_game_from_rule(&g, b, &r, NULL),
                             MFK_EINVAL);
            continue;
        }
        if (k == MFK_RULE_WEIGHTED)
            r.quota = 3;
        ck_assert_int_eq(mfk_game_from_rule(&g, b, &r, NULL), MFK_OK);
        for (i = 0; i < 5; i++) {
            ck_assert_int_eq(mfk_game_veto(g, i, &veto), MFK_OK);
            vetoes += veto != 0;
        }
        ck_assert_msg(vetoes == (mfk__rules[k].outvoted ? 0 : 5), "%s: %zu",
                      mfk__rules[k].name, vetoes);
        mfk_game_free(g);
    }
    mfk_body_free(b);
}
END_TEST

/* ---- quorum (0.2) ------------------------------------------------------ */

/* mfk_rule_apply_quorum() on profile p. */
static mfk_verdict apply_quorum(const mfk_rule *r, unsigned members,
                                double weight, const mfk_body *b,
                                const char *p)
{
    unsigned char st[300], fl[300], fl0[300];
    mfk_verdict v, v0;
    profile(p, st);
    ck_assert_int_eq(mfk_rule_apply_quorum(r, members, weight, b, NULL, st,
                                           fl, &v),
                     MFK_OK);
    /* The flags are the rule's own, quorum or not. */
    ck_assert_int_eq(mfk_rule_apply(r, b, NULL, st, fl0, &v0), MFK_OK);
    ck_assert_int_eq(memcmp(fl, fl0, mfk_body_member_count(b)), 0);
    ck_assert(v == v0 || (v0 == MFK_VERDICT_ADOPTED && v == MFK_VERDICT_SHORT));
    return v;
}

START_TEST(test_quorum_members)
{
    mfk_body *b = test_body(5);
    mfk_rule r;

    mfk_rule_init(&r, MFK_RULE_MAJORITY);
    r.base = MFK_BASE_PRESENT;
    /* 2 of 3 present in favour: adopted with 3 present, the quorum. */
    ck_assert_int_eq(apply_quorum(&r, 3, 0, b, "JJO__"), MFK_VERDICT_ADOPTED);
    ck_assert_int_eq(apply_quorum(&r, 4, 0, b, "JJO__"), MFK_VERDICT_SHORT);
    /* Abstaining and standing aside are being present; silence is not. */
    ck_assert_int_eq(apply_quorum(&r, 5, 0, b, "JJSAN"), MFK_VERDICT_ADOPTED);
    ck_assert_int_eq(apply_quorum(&r, 5, 0, b, "JJSA_"), MFK_VERDICT_SHORT);
    /* No quorum, or one of 0: as mfk_rule_apply(). */
    ck_assert_int_eq(apply_quorum(&r, 0, 0, b, "J____"), MFK_VERDICT_ADOPTED);
    /* A quorum never turns a short or blocked verdict into another. */
    ck_assert_int_eq(apply_quorum(&r, 1, 0, b, "JOO__"), MFK_VERDICT_SHORT);
    mfk_rule_init(&r, MFK_RULE_QUALIFIED_MAJORITY);
    ck_assert_int_eq(apply_quorum(&r, 4, 0, b, "JJJJ_"), MFK_VERDICT_ADOPTED);
    ck_assert_int_eq(apply_quorum(&r, 5, 0, b, "JJJJ_"), MFK_VERDICT_SHORT);
    mfk_body_free(b);
}
END_TEST

START_TEST(test_quorum_weight)
{
    mfk_body *b = test_body(4);
    mfk_rule r;

    mfk_body_set_weight(b, 0, 4);
    mfk_body_set_weight(b, 1, 3);
    mfk_body_set_weight(b, 2, 2);
    mfk_body_set_weight(b, 3, 0.5);
    mfk_rule_init(&r, MFK_RULE_WEIGHTED);
    r.quota = 7;
    /* Present: 4 + 3 + 0.5 = 7.5. */
    ck_assert_int_eq(apply_quorum(&r, 0, 7.5, b, "SJ_O"), MFK_VERDICT_ADOPTED);
    ck_assert_int_eq(apply_quorum(&r, 0, 7.6, b, "SJ_O"), MFK_VERDICT_SHORT);
    /* Both needs at once: 3 members and 7.5 of weight. */
    ck_assert_int_eq(apply_quorum(&r, 3, 7.5, b, "SJ_O"), MFK_VERDICT_ADOPTED);
    ck_assert_int_eq(apply_quorum(&r, 4, 7.5, b, "SJ_O"), MFK_VERDICT_SHORT);
    /* Weights of 0.1 ten times are 0.9999999999999999 in binary: still
     * the quorum of 1, as for the weighted rule's quota. */
    mfk_body_free(b);
    b = test_body(10);
    {
        size_t i;
        for (i = 0; i < 10; i++)
            mfk_body_set_weight(b, i, 0.1);
    }
    r.quota = 0.5;
    ck_assert_int_eq(apply_quorum(&r, 0, 1, b, "JJJJJOOOOO"),
                     MFK_VERDICT_ADOPTED);
    ck_assert_int_eq(apply_quorum(&r, 0, 1, b, "JJJJJOOOO_"),
                     MFK_VERDICT_SHORT);
    mfk_rule_init(&r, MFK_RULE_MAJORITY);
    r.weighted = 1;
    ck_assert_int_eq(apply_quorum(&r, 0, 0.5, b, "JJJJJJ____"),
                     MFK_VERDICT_ADOPTED);
    ck_assert_int_eq(apply_quorum(&r, 0, 0.7, b, "JJJJJJ____"),
                     MFK_VERDICT_SHORT);
    mfk_body_free(b);
}
END_TEST

START_TEST(test_quorum_errors)
{
    mfk_body *b = test_body(3);
    mfk_proposal *p;
    unsigned char st[3], fl[3];
    mfk_verdict v;
    mfk_rule r;
    unsigned members = 7;
    double weight = 7;
    int k;

    profile("JJJ", st);
    mfk_rule_init(&r, MFK_RULE_MAJORITY);
    ck_assert_int_eq(mfk_rule_apply_quorum(&r, 0, -1, b, NULL, st, fl, &v),
                     MFK_EINVAL);
    ck_assert_int_eq(mfk_rule_apply_quorum(&r, 0, NAN, b, NULL, st, fl, &v),
                     MFK_EINVAL);
    ck_assert_int_eq(mfk_rule_apply_quorum(&r, 0, INFINITY, b, NULL, st, fl,
                                           &v),
                     MFK_EINVAL);
    ck_assert_int_eq(mfk_rule_apply_quorum(NULL, 0, 0, b, NULL, st, fl, &v),
                     MFK_EINVAL);
    ck_assert_int_eq(mfk_rule_apply_quorum(&r, 0, 0, NULL, NULL, st, fl, &v),
                     MFK_EINVAL);
    /* The rules that count no votes take no quorum. */
    for (k = 0; k < MFK__RULE_COUNT; k++) {
        int takes = k == MFK_RULE_MAJORITY ||
                    k == MFK_RULE_QUALIFIED_MAJORITY ||
                    k == MFK_RULE_WEIGHTED;
        if (k == MFK_RULE_CALLBACK)
            continue;
        mfk_rule_init(&r, (mfk_rule_kind)k);
        if (k == MFK_RULE_WEIGHTED)
            r.quota = 1;
        ck_assert_int_eq(mfk_rule_apply_quorum(&r, 1, 0, b, NULL, st, fl, &v),
                         takes ? MFK_OK : MFK_EINVAL);
        ck_assert_int_eq(mfk_rule_apply_quorum(&r, 0, 1, b, NULL, st, fl, &v),
                         takes ? MFK_OK : MFK_EINVAL);
        ck_assert_int_eq(mfk_rule_apply_quorum(&r, 0, 0, b, NULL, st, fl, &v),
                         MFK_OK);
    }
    /* The setters and what is in force. */
    ck_assert_int_eq(mfk_body_quorum(b, &members, &weight), MFK_OK);
    ck_assert_uint_eq(members, 0);
    ck_assert(weight == 0);
    ck_assert_int_eq(mfk_body_set_quorum(b, 2, 1.5), MFK_OK);
    ck_assert_int_eq(mfk_body_set_quorum(b, 2, -0.5), MFK_EINVAL);
    ck_assert_int_eq(mfk_body_set_quorum(NULL, 2, 1), MFK_EINVAL);
    ck_assert_int_eq(mfk_body_quorum(NULL, &members, &weight), MFK_EINVAL);
    ck_assert_int_eq(mfk_proposal_new(&p, b, "P", "t", NULL), MFK_OK);
    ck_assert_int_eq(mfk_proposal_quorum(p, &members, &weight), MFK_OK);
    ck_assert_uint_eq(members, 2);
    ck_assert(weight == 1.5);
    ck_assert_int_eq(mfk_proposal_set_quorum(p, 0, 0), MFK_OK);
    ck_assert_int_eq(mfk_proposal_quorum(p, &members, &weight), MFK_OK);
    ck_assert_uint_eq(members, 0);
    ck_assert(weight == 0);
    ck_assert_int_eq(mfk_proposal_set_quorum(p, 1, NAN), MFK_EINVAL);
    ck_assert_int_eq(mfk_proposal_set_quorum(NULL, 1, 0), MFK_EINVAL);
    ck_assert_int_eq(mfk_proposal_quorum(NULL, &members, NULL), MFK_EINVAL);
    mfk_proposal_free(p);
    mfk_body_free(b);
}
END_TEST

/* The engine takes the quorum in force when the consultation is made,
 * and tells why a round was short of it. */
START_TEST(test_quorum_in_a_consultation)
{
    mfk_body *b = test_body(3);
    mfk_proposal *p;
    mfk_consultation *c;
    mfk_verdict v;
    mfk_rule r;
    char text[300];
    size_t len;

    mfk_rule_init(&r, MFK_RULE_MAJORITY);
    ck_assert_int_eq(mfk_body_set_rule(b, &r), MFK_OK);
    ck_assert_int_eq(mfk_body_set_quorum(b, 3, 0), MFK_OK);
    ck_assert_int_eq(mfk_proposal_new(&p, b, "P", "t", NULL), MFK_OK);
    ck_assert_int_eq(mfk_consultation_new(&c, b, p, NULL), MFK_OK);
    /* Set after: the consultation keeps the quorum it took. */
    ck_assert_int_eq(mfk_body_set_quorum(b, 0, 0), MFK_OK);
    ck_assert_int_eq(mfk_consultation_set_stance(c, 0, MFK_JOIN), MFK_OK);
    ck_assert_int_eq(mfk_consultation_set_stance(c, 1, MFK_JOIN), MFK_OK);
    ck_assert_int_eq(mfk_consultation_close_round(c, &v), MFK_OK);
    ck_assert_int_eq(v, MFK_VERDICT_SHORT);
    ck_assert_int_eq(mfk_consultation_set_stance(c, 0, MFK_JOIN), MFK_OK);
    ck_assert_int_eq(mfk_consultation_set_stance(c, 1, MFK_JOIN), MFK_OK);
    ck_assert_int_eq(mfk_consultation_set_stance(c, 2, MFK_OBJECT), MFK_OK);
    ck_assert_int_eq(mfk_consultation_close_round(c, &v), MFK_OK);
    ck_assert_int_eq(v, MFK_VERDICT_ADOPTED);
    ck_assert_int_eq(mfk_body_set_quorum(b, 3, 0), MFK_OK);
    ck_assert_int_eq(mfk_consultation_account(c, MFK_ACCOUNT_ROUND, 1, 0,
                                              NULL, text, sizeof text, &len),
                     MFK_OK);
    ck_assert_str_eq(text, "Round 1: short. Only 2 of 3 members are present, "
                           "fewer than the quorum of 3: the round cannot "
                           "decide.");
    mfk_consultation_free(c);
    /* Reset takes the quorum anew: none now. */
    ck_assert_int_eq(mfk_body_set_quorum(b, 0, 0), MFK_OK);
    ck_assert_int_eq(mfk_consultation_new(&c, b, p, NULL), MFK_OK);
    ck_assert_int_eq(mfk_consultation_set_stance(c, 0, MFK_JOIN), MFK_OK);
    ck_assert_int_eq(mfk_consultation_set_stance(c, 1, MFK_JOIN), MFK_OK);
    ck_assert_int_eq(mfk_consultation_close_round(c, &v), MFK_OK);
    ck_assert_int_eq(v, MFK_VERDICT_ADOPTED);
    mfk_consultation_free(c);
    mfk_proposal_free(p);
    mfk_body_free(b);
}
END_TEST

/* A scenario's quorum keys read back from what the writer wrote. */
START_TEST(test_quorum_scenario_round_trip)
{
    mfk_scenario *a, *b2;
    mfk_error err;
    char *text;
    size_t len, i;
    ck_assert_int_eq(mfk_scenario_read_file(&a, MFK_TEST_DATA
                                            "/run/quorum.json", NULL, &err),
                     MFK_OK);
    ck_assert_int_eq(mfk_scenario_write_json(a, NULL, 0, &len), MFK_ERANGE);
    text = malloc(len);
    ck_assert_ptr_nonnull(text);
    ck_assert_int_eq(mfk_scenario_write_json(a, text, len, &len), MFK_OK);
    ck_assert_int_eq(mfk_scenario_read_json(&b2, text, len, NULL, &err),
                     MFK_OK);
    for (i = 0; i < mfk_scenario_proposal_count(a); i++) {
        unsigned ma, mb;
        double wa, wb;
        mfk_proposal_quorum(mfk_scenario_proposal(a, i), &ma, &wa);
        mfk_proposal_quorum(mfk_scenario_proposal(b2, i), &mb, &wb);
        ck_assert_uint_eq(ma, mb);
        ck_assert(wa == wb);
    }
    /* As the file says: the body's 3 for N1, N3's 9.5 of weight, N5's
     * 4 and 2, none for N6 (its own rule without one). */
    {
        static const struct {
            size_t i;
            unsigned members;
            double weight;
        } want[] = {{0, 3, 0}, {2, 0, 9.5}, {4, 4, 2}, {5, 0, 0}};
        for (i = 0; i < sizeof want / sizeof want[0]; i++) {
            unsigned m;
            double w;
            mfk_proposal_quorum(mfk_scenario_proposal(b2, want[i].i), &m, &w);
            ck_assert_uint_eq(m, want[i].members);
            ck_assert(w == want[i].weight);
        }
    }
    free(text);
    mfk_scenario_free(a);
    mfk_scenario_free(b2);
}
END_TEST

Suite *rule_suite(void)
{
    Suite *s = suite_create("rule");
    TCase *tc = test_case("rule");
    tcase_add_test(tc, test_defaults);
    tcase_add_test(tc, test_bad_arguments);
    tcase_add_test(tc, test_rule_parse);
    tcase_add_test(tc, test_bad_parameters);
    tcase_add_test(tc, test_every_stance_every_rule);
    tcase_add_test(tc, test_all_silent);
    tcase_add_test(tc, test_all_abstaining);
    tcase_add_test(tc, test_unanimity_consensus_silence);
    tcase_add_test(tc, test_majority_bases);
    tcase_add_test(tc, test_majority_weighted);
    tcase_add_test(tc, test_majority_threshold_exact);
    tcase_add_test(tc, test_qualified_majority);
    tcase_add_test(tc, test_weighted_quota);
    tcase_add_test(tc, test_weighted_quota_large_body);
    tcase_add_test(tc, test_consensus_minus_x);
    tcase_add_test(tc, test_flexible);
    tcase_add_test(tc, test_negative_consensus);
    tcase_add_test(tc, test_callback);
    tcase_add_test(tc, test_invariants_random);
    tcase_add_test(tc, test_tables_names);
    tcase_add_test(tc, test_tables_scenario_round_trip);
    tcase_add_test(tc, test_tables_outvoted);
    tcase_add_test(tc, test_quorum_members);
    tcase_add_test(tc, test_quorum_weight);
    tcase_add_test(tc, test_quorum_errors);
    tcase_add_test(tc, test_quorum_in_a_consultation);
    tcase_add_test(tc, test_quorum_scenario_round_trip);
    suite_add_tcase(s, tc);
    return s;
}
