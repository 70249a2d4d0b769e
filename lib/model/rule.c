/* Decision rules: each turns one round's stances into a verdict and
 * per-member flags. Pure functions: no allocation, no I/O. */
#include "model/model-private.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

int mfk_rule_init(mfk_rule *r, mfk_rule_kind kind)
{
    int k;
    if (r == NULL || (unsigned)kind >= MFK__RULE_COUNT)
        return MFK_EINVAL;
    memset(r, 0, sizeof *r);
    r->kind = kind;
    for (k = 0; k < MFK__PARAM_COUNT; k++)
        mfk__param_set(r, (enum mfk__param)k, mfk__params[k].def);
    return MFK_OK;
}

/* A value of parameter k is in its range; a count or a flag set by a
 * program may be any value of its type. */
static int param_ok(const mfk_rule *r, enum mfk__param k)
{
    const struct mfk__param_row *p = &mfk__params[k];
    double x = mfk__param_get(r, k);

    switch (p->type) {
    case MFK__UINT:
    case MFK__FLAG:
        return 1;
    case MFK__SHARE:
    case MFK__NUMBER:
        if (!isfinite(x))
            return 0;
        break;
    case MFK__BASE:
        break;
    }
    return x >= p->lo && x <= p->hi;
}

int mfk__rule_check(const mfk_rule *r)
{
    int k;
    if ((unsigned)r->kind >= MFK__RULE_COUNT)
        return MFK_EINVAL;
    for (k = 0; k < MFK__PARAM_COUNT; k++)
        if ((mfk__rules[r->kind].params & (1u << k)) &&
            !param_ok(r, (enum mfk__param)k))
            return MFK_ERANGE;
    if (r->kind == MFK_RULE_CALLBACK && r->fn == NULL)
        return MFK_EINVAL;
    return MFK_OK;
}

/* x > y, and x >= y, with mfk__same_amount() for equality. */
static int more_than(double x, double y)
{
    return x > y && !mfk__same_amount(x, y);
}

static int at_least(double x, double y)
{
    return x >= y || mfk__same_amount(x, y);
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
        else if (mfk__against(st[i]))
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
    return mfk__against(s) || s == MFK_SILENT;
}

static int object_or_silent(unsigned char s)
{
    return s == MFK_OBJECT || s == MFK_SILENT;
}

static mfk_verdict consensus_minus_x(const mfk_rule *r, size_t n,
                                     const mfk_proposal *p,
                                     const unsigned char *st,
                                     unsigned char *fl)
{
    size_t i, parties_against = 0, blockers = 0;
    int discount;

    for (i = 0; i < n; i++)
        if (mfk__against(st[i]) && mfk__proposal_party(p, i))
            parties_against++;
    discount = parties_against <= r->max;
    for (i = 0; i < n; i++) {
        if (mfk__against(st[i]) && discount && mfk__proposal_party(p, i)) {
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
        if (mfk__takes_part(st[i])) {
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
        if (mfk__proposal_party(p, i))
            continue;
        others++;
        if (mfk__against(st[i]))
            others_against++;
    }
    all_participate(n, fl);
    if (others == 0 || others_against < others)
        return MFK_VERDICT_ADOPTED;
    for (i = 0; i < n; i++)
        if (!mfk__proposal_party(p, i))
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
        int in = 0;
        if (mfk__in_favour(st[i]))
            favour += w;
        switch (r->base) { /* mfk__rule_check() let no other through */
        case MFK_BASE_MEMBERS:
            in = 1;
            break;
        case MFK_BASE_PRESENT:
            in = mfk__present(st[i]);
            break;
        case MFK_BASE_VOTING:
            in = mfk__in_favour(st[i]) || mfk__against(st[i]);
            break;
        }
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
    int v = MFK_EINVAL, rc;

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
    if (r->kind == MFK_RULE_CALLBACK)
        memset(fl, 0, n);
    else
        base_flags(n, st, fl);
    /* No default: -Wswitch names a kind without its verdict here. */
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
        v = block_where(n, st, fl, mfk__against) ? MFK_VERDICT_BLOCKED
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
    case MFK_RULE_WEIGHTED:
        all_participate(n, fl);
        v = weighted(r, b, n, st);
        break;
    case MFK_RULE_CALLBACK:
        v = r->fn(b, p, st, fl, r->ud);
        if (v > MFK_VERDICT_SHORT)
            return MFK_ECALLBACK;
        break;
    }
    if (v < 0)
        return v;
    *verdict = (mfk_verdict)v;
    return MFK_OK;
}

/* A whole text that is a finite number. */
static int parse_number(const char *s, double *v)
{
    char *end;
    errno = 0;
    *v = strtod(s, &end);
    return errno == 0 && *end == '\0' && end != s && isfinite(*v) ? 0 : -1;
}

/* "KIND[:P]" into a rule, as `mufakat simulate --rule` takes it: P is the
 * parameter rules.def names as the kind's option, within its range. */
int mfk_rule_parse(mfk_rule *rule, const char *spec, size_t len)
{
    char name[64];
    const char *colon;
    size_t nlen;
    unsigned option;
    int kind, k;
    double p = 0;

    if (rule == NULL || spec == NULL)
        return MFK_EINVAL;
    colon = memchr(spec, ':', len);
    nlen = colon ? (size_t)(colon - spec) : len;
    if (nlen == 0 || nlen >= sizeof name)
        return MFK_EINVAL;
    memcpy(name, spec, nlen);
    name[nlen] = '\0';
    if (mfk_lookup(MFK_NAMES_RULE, name, &kind) != MFK_OK ||
        kind == MFK_RULE_CALLBACK)
        return MFK_EINVAL;
    mfk_rule_init(rule, (mfk_rule_kind)kind);
    option = mfk__rules[kind].option;
    for (k = 0; k < MFK__PARAM_COUNT && !(option & (1u << k)); k++)
        ;
    if (colon != NULL) {
        char num[64];
        size_t plen = len - nlen - 1;
        if (plen == 0 || plen >= sizeof num)
            return MFK_EINVAL;
        memcpy(num, colon + 1, plen);
        num[plen] = '\0';
        if (parse_number(num, &p) != 0 || p < 0 || k == MFK__PARAM_COUNT)
            return MFK_EINVAL;
        switch (mfk__params[k].type) {
        case MFK__UINT:
            if (p != floor(p) || p > mfk__params[k].hi)
                return MFK_EINVAL;
            break;
        case MFK__SHARE:
            if (p > mfk__params[k].hi)
                return MFK_EINVAL;
            break;
        case MFK__NUMBER:
            break;
        case MFK__BASE:
        case MFK__FLAG:
            return MFK_EINVAL; /* no kind's option */
        }
        mfk__param_set(rule, (enum mfk__param)k, p);
    } else if (mfk__rules[kind].required & option) {
        return MFK_EINVAL; /* e.g. weighted's quota */
    }
    return MFK_OK;
}
