/* Decision rules: each turns one round's stances into a verdict and
 * per-member flags. Pure functions: no allocation, no I/O. */
#include "model/model-private.h"

#include <math.h>
#include <string.h>

int mfk_rule_init(mfk_rule *r, mfk_rule_kind kind)
{
    if (r == NULL || (int)kind < 0 || kind > MFK_RULE_CALLBACK)
        return MFK_EINVAL;
    memset(r, 0, sizeof *r);
    r->kind = kind;
    r->max = 1;
    r->min_participants = 2;
    r->threshold = 0.5;
    r->base = MFK_BASE_MEMBERS;
    r->weighted = 0;
    r->members_share = 0.55;
    r->weight_share = 0.65;
    r->min_blocking = 4;
    r->quota = 0.0;
    return MFK_OK;
}

int mfk__rule_check(const mfk_rule *r)
{
    if ((int)r->kind < 0 || r->kind > MFK_RULE_CALLBACK)
        return MFK_EINVAL;
    switch (r->kind) {
    case MFK_RULE_MAJORITY:
        if (!isfinite(r->threshold) || r->threshold < 0 || r->threshold > 1 ||
            (int)r->base < 0 || r->base > MFK_BASE_VOTING)
            return MFK_ERANGE;
        break;
    case MFK_RULE_QUALIFIED_MAJORITY:
        if (!isfinite(r->members_share) || r->members_share < 0 ||
            r->members_share > 1 || !isfinite(r->weight_share) ||
            r->weight_share < 0 || r->weight_share > 1)
            return MFK_ERANGE;
        break;
    case MFK_RULE_WEIGHTED:
        if (!isfinite(r->quota))
            return MFK_ERANGE;
        break;
    case MFK_RULE_CALLBACK:
        if (r->fn == NULL)
            return MFK_EINVAL;
        break;
    default:
        break;
    }
    return MFK_OK;
}

/* The contract's shares and quotas are numbers as written (0.55, 0.7),
 * and its arithmetic is that of those numbers: 55 of 100 is 55%, ten
 * weights of 0.1 make a quota of 1. In binary 0.55 * 100 is
 * 55.000000000000007 and 0.7 * 90 is 62.999999999999993, so two counts
 * that differ by less than 10^-12 of their size (far more than the
 * rounding of sums of up to MFK_MAX_MEMBERS weights) are taken as
 * equal. */
#define MFK__REL_EPS 1e-12

static int same_amount(double x, double y)
{
    double scale = fabs(x) > fabs(y) ? fabs(x) : fabs(y);
    return fabs(x - y) <= MFK__REL_EPS * (scale > 1 ? scale : 1);
}

/* x > y, and x >= y, with same_amount() for equality. */
static int more_than(double x, double y)
{
    return x > y && !same_amount(x, y);
}

static int at_least(double x, double y)
{
    return x >= y || same_amount(x, y);
}

/* Against: objects, or is not ready (under every rule but flexible). */
static int against(unsigned char s)
{
    return s == MFK_OBJECT || s == MFK_NOT_READY;
}

/* The flags every rule shares: who is in favour, against, with a
 * reservation. */
static void base_flags(size_t n, const unsigned char *st, unsigned char *fl)
{
    size_t i;
    for (i = 0; i < n; i++) {
        unsigned char f = 0;
        if (mfk__in_favour(st[i]))
            f |= MFK_FLAG_FAVOUR;
        else if (against(st[i]))
            f |= MFK_FLAG_AGAINST;
        if (st[i] == MFK_RESERVATION)
            f |= MFK_FLAG_RESERVATION;
        fl[i] = f;
    }
}

/* Marks every member a participant. */
static void all_participate(size_t n, unsigned char *fl)
{
    size_t i;
    for (i = 0; i < n; i++)
        fl[i] |= MFK_FLAG_PARTICIPANT;
}

/* Marks as blockers those for whom pred holds; returns how many. */
static size_t block_where(size_t n, const unsigned char *st,
                          unsigned char *fl, int (*pred)(unsigned char))
{
    size_t i, k = 0;
    for (i = 0; i < n; i++)
        if (pred(st[i])) {
            fl[i] |= MFK_FLAG_BLOCKER;
            k++;
        }
    return k;
}

static int not_in_favour(unsigned char s)
{
    return !mfk__in_favour(s);
}

static int against_or_silent(unsigned char s)
{
    return against(s) || s == MFK_SILENT;
}

static int object_or_silent(unsigned char s)
{
    return s == MFK_OBJECT || s == MFK_SILENT;
}

static int is_party(const mfk_proposal *p, size_t i)
{
    return p != NULL && (mfk_proposal_roles(p, i) & MFK_ROLE_PARTY) != 0;
}

static mfk_verdict consensus_minus_x(const mfk_rule *r, size_t n,
                                     const mfk_proposal *p,
                                     const unsigned char *st,
                                     unsigned char *fl)
{
    size_t i, parties_against = 0, blockers = 0;
    int discount;

    for (i = 0; i < n; i++)
        if (against(st[i]) && is_party(p, i))
            parties_against++;
    discount = parties_against <= r->max;
    for (i = 0; i < n; i++) {
        if (against(st[i]) && discount && is_party(p, i)) {
            fl[i] |= MFK_FLAG_DISCOUNTED;
        } else if (against_or_silent(st[i])) {
            fl[i] |= MFK_FLAG_BLOCKER;
            blockers++;
        }
    }
    all_participate(n, fl);
    return blockers ? MFK_VERDICT_BLOCKED : MFK_VERDICT_ADOPTED;
}

static mfk_verdict flexible(const mfk_rule *r, size_t n,
                            const unsigned char *st, unsigned char *fl)
{
    size_t i, participants = 0, blockers;

    /* Standing aside is not being against, under this rule alone. */
    for (i = 0; i < n; i++) {
        if (st[i] == MFK_NOT_READY)
            fl[i] &= (unsigned char)~MFK_FLAG_AGAINST;
        if (mfk__in_favour(st[i]) || st[i] == MFK_ABSTAIN) {
            fl[i] |= MFK_FLAG_PARTICIPANT;
            participants++;
        }
    }
    blockers = block_where(n, st, fl, object_or_silent);
    if (blockers)
        return MFK_VERDICT_BLOCKED;
    return participants < r->min_participants ? MFK_VERDICT_SHORT
                                              : MFK_VERDICT_ADOPTED;
}

static mfk_verdict negative_consensus(size_t n, const mfk_proposal *p,
                                      const unsigned char *st,
                                      unsigned char *fl)
{
    size_t i, others = 0, others_against = 0;

    for (i = 0; i < n; i++) {
        if (is_party(p, i))
            continue;
        others++;
        if (against(st[i]))
            others_against++;
    }
    all_participate(n, fl);
    if (others == 0 || others_against < others)
        return MFK_VERDICT_ADOPTED;
    for (i = 0; i < n; i++)
        if (!is_party(p, i))
            fl[i] |= MFK_FLAG_BLOCKER;
    return MFK_VERDICT_BLOCKED;
}

static mfk_verdict majority(const mfk_rule *r, const mfk_body *b, size_t n,
                            const unsigned char *st)
{
    double favour = 0, base = 0;
    size_t i;

    for (i = 0; i < n; i++) {
        double w = r->weighted ? b->weight[i] : 1.0;
        int in;
        if (mfk__in_favour(st[i]))
            favour += w;
        /* mfk__rule_check() let no other base through */
        if (r->base == MFK_BASE_PRESENT)
            in = st[i] != MFK_SILENT;
        else if (r->base == MFK_BASE_VOTING)
            in = mfk__in_favour(st[i]) || against(st[i]);
        else
            in = 1; /* MFK_BASE_MEMBERS */
        if (in)
            base += w;
    }
    if (base <= 0)
        return MFK_VERDICT_SHORT;
    return more_than(favour, r->threshold * base) ? MFK_VERDICT_ADOPTED
                                                  : MFK_VERDICT_SHORT;
}

static mfk_verdict qualified(const mfk_rule *r, const mfk_body *b, size_t n,
                             const unsigned char *st)
{
    double favour_w = 0, total_w = 0;
    size_t i, favour = 0;

    for (i = 0; i < n; i++) {
        total_w += b->weight[i];
        if (mfk__in_favour(st[i])) {
            favour++;
            favour_w += b->weight[i];
        }
    }
    if (at_least((double)favour, r->members_share * (double)n) &&
        at_least(favour_w, r->weight_share * total_w))
        return MFK_VERDICT_ADOPTED;
    if (n - favour < r->min_blocking)
        return MFK_VERDICT_ADOPTED;
    return MFK_VERDICT_SHORT;
}

static mfk_verdict weighted(const mfk_rule *r, const mfk_body *b, size_t n,
                            const unsigned char *st)
{
    double favour_w = 0;
    size_t i;
    for (i = 0; i < n; i++)
        if (mfk__in_favour(st[i]))
            favour_w += b->weight[i];
    return at_least(favour_w, r->quota) ? MFK_VERDICT_ADOPTED
                                        : MFK_VERDICT_SHORT;
}

int mfk_rule_apply(const mfk_rule *r, const mfk_body *b,
                   const mfk_proposal *p, const unsigned char *st,
                   unsigned char *fl, mfk_verdict *verdict)
{
    size_t i, n;
    int v, rc;

    if (r == NULL || b == NULL || st == NULL || fl == NULL ||
        verdict == NULL)
        return MFK_EINVAL;
    rc = mfk__rule_check(r);
    if (rc != MFK_OK)
        return rc;
    n = b->n;
    for (i = 0; i < n; i++)
        if (st[i] >= MFK_STANCE_COUNT)
            return MFK_EINVAL;
    if (r->kind == MFK_RULE_CALLBACK) {
        memset(fl, 0, n);
        v = r->fn(b, p, st, fl, r->ud);
        if (v < 0)
            return v;
        if (v > MFK_VERDICT_SHORT)
            return MFK_ECALLBACK;
        *verdict = (mfk_verdict)v;
        return MFK_OK;
    }
    base_flags(n, st, fl);
    switch (r->kind) {
    case MFK_RULE_UNANIMITY:
        all_participate(n, fl);
        v = block_where(n, st, fl, not_in_favour) ? MFK_VERDICT_BLOCKED
                                                  : MFK_VERDICT_ADOPTED;
        break;
    case MFK_RULE_CONSENSUS:
        all_participate(n, fl);
        v = block_where(n, st, fl, against_or_silent) ? MFK_VERDICT_BLOCKED
                                                      : MFK_VERDICT_ADOPTED;
        break;
    case MFK_RULE_CONSENSUS_MINUS_X:
        v = consensus_minus_x(r, n, p, st, fl);
        break;
    case MFK_RULE_FLEXIBLE:
        v = flexible(r, n, st, fl);
        break;
    case MFK_RULE_NEGATIVE_CONSENSUS:
        v = negative_consensus(n, p, st, fl);
        break;
    case MFK_RULE_SILENCE:
        all_participate(n, fl);
        v = block_where(n, st, fl, against) ? MFK_VERDICT_BLOCKED
                                            : MFK_VERDICT_ADOPTED;
        break;
    case MFK_RULE_MAJORITY:
        all_participate(n, fl);
        v = majority(r, b, n, st);
        break;
    case MFK_RULE_QUALIFIED_MAJORITY:
        all_participate(n, fl);
        v = qualified(r, b, n, st);
        break;
    default: /* MFK_RULE_WEIGHTED: mfk__rule_check() let no other through */
        all_participate(n, fl);
        v = weighted(r, b, n, st);
        break;
    }
    *verdict = (mfk_verdict)v;
    return MFK_OK;
}
