/* Fuzz target: the consultation engine, driven by fuzzed bodies, rules,
 * principles and stances. The same rounds are fed both ways (by the host,
 * member by member, and by a stance callback) and must give the same
 * consultation; verdicts must keep the contract's invariants. */
#include "fuzz.h"

#include <stdio.h>
#include <string.h>

#include "mufakat.h"

typedef struct input {
    const uint8_t *p;
    size_t left;
} input;

static unsigned byte(input *in)
{
    if (in->left == 0)
        return 0;
    in->left--;
    return *in->p++;
}

struct script {
    size_t n;
    unsigned rounds;
    unsigned char st[8][32];
};

static int scripted(const mfk_consultation *c, unsigned round,
                    unsigned char *stances, void *ud)
{
    const struct script *s = ud;
    (void)c;
    if (round > s->rounds)
        return MFK_DONE;
    memcpy(stances, s->st[round - 1], s->n);
    return MFK_OK;
}

static void check_round(const mfk_consultation *c, unsigned r, size_t n)
{
    const unsigned char *st, *fl;
    mfk_verdict v;
    size_t i, blockers = 0;

    if (mfk_consultation_round(c, r, &st, &fl, &v, NULL) != MFK_OK)
        fuzz_fail("a held round cannot be read");
    for (i = 0; i < n; i++) {
        if (st[i] >= MFK_STANCE_COUNT)
            fuzz_fail("a stance out of range");
        blockers += (fl[i] & MFK_FLAG_BLOCKER) != 0;
    }
    if (v == MFK_VERDICT_BLOCKED && blockers == 0)
        fuzz_fail("blocked without blockers");
    if (v != MFK_VERDICT_BLOCKED && blockers != 0)
        fuzz_fail("blockers on a verdict that is not blocked");
}

static void same(const mfk_consultation *a, const mfk_consultation *b,
                 size_t n)
{
    mfk_outcome oa, ob;
    unsigned r;
    size_t i;

    if (mfk_consultation_rounds(a) != mfk_consultation_rounds(b))
        fuzz_fail("the two ways of feeding held different rounds");
    if (mfk_consultation_outcome(a, &oa) != MFK_OK ||
        mfk_consultation_outcome(b, &ob) != MFK_OK || oa != ob)
        fuzz_fail("the two ways of feeding differ in outcome");
    for (r = 1; r <= mfk_consultation_rounds(a); r++) {
        const unsigned char *sa, *fa, *sb, *fb;
        mfk_verdict va, vb;
        mfk_consultation_round(a, r, &sa, &fa, &va, NULL);
        mfk_consultation_round(b, r, &sb, &fb, &vb, NULL);
        if (va != vb || memcmp(sa, sb, n) != 0 || memcmp(fa, fb, n) != 0)
            fuzz_fail("the two ways of feeding differ in a round");
        check_round(a, r, n);
    }
    for (i = 0; i < n; i++)
        if (mfk_consultation_participant(a, i) !=
            mfk_consultation_participant(b, i))
            fuzz_fail("the two ways of feeding differ in participants");
    if (mfk_consultation_violation_count(a) !=
        mfk_consultation_violation_count(b))
        fuzz_fail("the two ways of feeding differ in violations");
    if (oa > MFK_OUTCOME_ADOPTED_FLEXIBLE)
        for (i = 0; i < n; i++)
            if (mfk_consultation_participant(a, i))
                fuzz_fail("participants in an outcome not adopted");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    input in = {data, size};
    mfk_body *b = NULL;
    mfk_proposal *p = NULL;
    mfk_consultation *host = NULL, *cb = NULL;
    struct script sc;
    mfk_rule rule;
    size_t n, i;
    unsigned r, k, modes;
    char id[8];

    memset(&sc, 0, sizeof sc);
    n = 1 + byte(&in) % 24;
    sc.n = n;
    if (mfk_body_new(&b, "fuzz", 1, NULL) != MFK_OK)
        fuzz_fail("body");
    for (i = 0; i < n; i++) {
        snprintf(id, sizeof id, "M%zu", i);
        mfk_body_add_member(b, id, id, NULL);
        mfk_body_set_weight(b, i, byte(&in) % 10);
    }
    mfk_rule_init(&rule, (mfk_rule_kind)(byte(&in) % 9));
    rule.max = byte(&in) % 4;
    rule.min_participants = byte(&in) % 5;
    rule.threshold = byte(&in) / 255.0;
    rule.base = (mfk_base)(byte(&in) % 3);
    rule.weighted = byte(&in) & 1;
    rule.members_share = byte(&in) / 255.0;
    rule.weight_share = byte(&in) / 255.0;
    rule.min_blocking = byte(&in) % 6;
    rule.quota = byte(&in) % 30;
    if (mfk_body_set_rule(b, &rule) != MFK_OK)
        fuzz_fail("a rule with valid parameters was refused");
    modes = byte(&in) | byte(&in) << 8;
    for (k = 0; k < MFK_PRINCIPLE_COUNT; k++)
        mfk_body_set_principle(b, (mfk_principle)k,
                               (mfk_mode)(((modes >> (2 * k)) & 3) % 3));
    mfk_body_set_flexible_pillars(b, byte(&in) % 8);
    mfk_body_set_max_rounds(b, 1 + byte(&in) % 8);
    mfk_body_set_fallback(b, (mfk_fallback)(byte(&in) % 5));
    if (mfk_proposal_new(&p, b, "P", "fuzz", NULL) != MFK_OK)
        fuzz_fail("proposal");
    for (i = 0; i < n; i++)
        mfk_proposal_add_role(p, i, byte(&in) & 0x0f);
    mfk_proposal_set_measures(p, byte(&in) & 0x3f);
    mfk_proposal_set_pillar(p, (mfk_pillar)(byte(&in) % 3));
    sc.rounds = 1 + byte(&in) % 8;
    for (r = 0; r < sc.rounds; r++)
        for (i = 0; i < n; i++)
            sc.st[r][i] = (unsigned char)(byte(&in) % MFK_STANCE_COUNT);

    if (mfk_consultation_new(&host, b, p, NULL) != MFK_OK ||
        mfk_consultation_new(&cb, b, p, NULL) != MFK_OK)
        fuzz_fail("consultation");
    for (r = 0; r < sc.rounds && !mfk_consultation_done(host); r++) {
        for (i = 0; i < n; i++)
            mfk_consultation_set_stance(host, i, (mfk_stance)sc.st[r][i]);
        if (mfk_consultation_close_round(host, NULL) != MFK_OK)
            fuzz_fail("a round could not be closed");
    }
    mfk_consultation_end(host);
    if (mfk_consultation_run(cb, scripted, &sc, NULL, NULL) != MFK_OK)
        fuzz_fail("a run with a stance source failed");
    same(host, cb, n);
    /* Reset reuses the memory and gives the same consultation again. */
    if (mfk_consultation_reset(cb) != MFK_OK ||
        mfk_consultation_run(cb, scripted, &sc, NULL, NULL) != MFK_OK)
        fuzz_fail("a reset consultation could not run again");
    same(host, cb, n);
    mfk_consultation_free(host);
    mfk_consultation_free(cb);
    mfk_proposal_free(p);
    mfk_body_free(b);
    return 0;
}
