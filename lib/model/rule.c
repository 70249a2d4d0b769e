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

int mfk__rule_reads_weights(const mfk_rule *r)
{
    switch (r->kind) {
    case MFK_RULE_MAJORITY:
        return r->weighted != 0;
    case MFK_RULE_QUALIFIED_MAJORITY:
    case MFK_RULE_WEIGHTED:
        return 1;
    case MFK_RULE_UNANIMITY:
    case MFK_RULE_CONSENSUS:
    case MFK_RULE_CONSENSUS_MINUS_X:
    case MFK_RULE_FLEXIBLE:
    case MFK_RULE_NEGATIVE_CONSENSUS:
    case MFK_RULE_SILENCE:
    case MFK_RULE_CALLBACK:
        return 0;
    }
    return 0;
}

/* ---- verdicts: from the counts alone ----------------------------------- */

/* Those against under consensus minus X, its parties' objections not
 * counted while there are at most max of them. */
static int parties_discounted(const mfk_rule *r, const struct mfk__count *c)
{
    return c->parties_against <= r->max;
}

static mfk_verdict majority(const mfk_rule *r, const struct mfk__count *c)
{
    double favour = r->weighted ? c->w_favour : (double)c->favour;
    double base = 0;

    switch (r->base) { /* mfk__rule_check() let no other through */
    case MFK_BASE_MEMBERS:
        base = r->weighted ? c->w_total : (double)c->n;
        break;
    case MFK_BASE_PRESENT:
        base = r->weighted ? c->w_present : (double)c->present;
        break;
    case MFK_BASE_VOTING:
        base = r->weighted ? c->w_voting : (double)(c->favour + c->against);
        break;
    }
    if (base <= 0)
        return MFK_VERDICT_SHORT;
    return more_than(favour, r->threshold * base) ? MFK_VERDICT_ADOPTED
                                                  : MFK_VERDICT_SHORT;
}

static mfk_verdict qualified(const mfk_rule *r, const struct mfk__count *c)
{
    if (at_least((double)c->favour, r->members_share * (double)c->n) &&
        at_least(c->w_favour, r->weight_share * c->w_total))
        return MFK_VERDICT_ADOPTED;
    if (c->n - c->favour < r->min_blocking)
        return MFK_VERDICT_ADOPTED;
    return MFK_VERDICT_SHORT;
}

static mfk_verdict blocked_if(size_t blockers)
{
    return blockers ? MFK_VERDICT_BLOCKED : MFK_VERDICT_ADOPTED;
}

int mfk__rule_verdict(const mfk_rule *r, const struct mfk__count *c,
                      mfk_verdict *v)
{
    size_t others;

    /* No default: -Wswitch names a kind without its verdict here. */
    switch (r->kind) {
    case MFK_RULE_UNANIMITY:
        *v = blocked_if(c->n - c->favour);
        return MFK_OK;
    case MFK_RULE_CONSENSUS:
        *v = blocked_if(c->against + c->silent);
        return MFK_OK;
    case MFK_RULE_CONSENSUS_MINUS_X:
        *v = blocked_if(c->against + c->silent -
                        (parties_discounted(r, c) ? c->parties_against : 0));
        return MFK_OK;
    case MFK_RULE_FLEXIBLE:
        /* Standing aside is not being against, under this rule alone. */
        if (c->object + c->silent)
            *v = MFK_VERDICT_BLOCKED;
        else
            *v = c->takes_part < r->min_participants ? MFK_VERDICT_SHORT
                                                     : MFK_VERDICT_ADOPTED;
        return MFK_OK;
    case MFK_RULE_NEGATIVE_CONSENSUS:
        others = c->n - c->parties;
        *v = others == 0 || c->against - c->parties_against < others
                 ? MFK_VERDICT_ADOPTED
                 : MFK_VERDICT_BLOCKED;
        return MFK_OK;
    case MFK_RULE_SILENCE:
        *v = blocked_if(c->against);
        return MFK_OK;
    case MFK_RULE_MAJORITY:
        *v = majority(r, c);
        return MFK_OK;
    case MFK_RULE_QUALIFIED_MAJORITY:
        *v = qualified(r, c);
        return MFK_OK;
    case MFK_RULE_WEIGHTED:
        *v = at_least(c->w_favour, r->quota) ? MFK_VERDICT_ADOPTED
                                             : MFK_VERDICT_SHORT;
        return MFK_OK;
    case MFK_RULE_CALLBACK:
        break;
    }
    return MFK_EINVAL;
}

/* ---- the round: counts and flags --------------------------------------- */

void mfk__count_add(struct mfk__count *c, unsigned char stance, size_t k)
{
    c->n += k;
    if (mfk__in_favour(stance))
        c->favour += k;
    if (mfk__against(stance))
        c->against += k;
    if (mfk__present(stance))
        c->present += k;
    if (mfk__takes_part(stance))
        c->takes_part += k;
    if (stance == MFK_OBJECT)
        c->object += k;
    else if (stance == MFK_NOT_READY)
        c->not_ready += k;
    else if (stance == MFK_RESERVATION)
        c->reservation += k;
    else if (stance == MFK_SILENT)
        c->silent += k;
}

/* Counts the round into *c, and sets the flags every rule shares: who is
 * in favour, against, with a reservation. */
static void count_round(const mfk_body *b, const mfk_proposal *p,
                        const unsigned char *st, int weights,
                        unsigned char *fl, struct mfk__count *c)
{
    size_t i, n = b->n;

    memset(c, 0, sizeof *c);
    for (i = 0; i < n; i++) {
        unsigned char s = st[i], f = 0;
        int favour = mfk__in_favour(s), against = mfk__against(s);
        int party = mfk__proposal_party(p, i);
        if (favour)
            f |= MFK_FLAG_FAVOUR;
        else if (against)
            f |= MFK_FLAG_AGAINST;
        if (s == MFK_RESERVATION)
            f |= MFK_FLAG_RESERVATION;
        fl[i] = f;
        mfk__count_add(c, s, 1);
        c->parties += (size_t)party;
        c->parties_against += (size_t)(party && against);
        if (weights) {
            double w = b->weight[i];
            if (favour)
                c->w_favour += w;
            if (mfk__present(s))
                c->w_present += w;
            if (favour || against)
                c->w_voting += w;
            c->w_total += w;
        }
    }
}

/* Marks every member a participant. */
static void all_participate(size_t n, unsigned char *fl)
{
    size_t i;
    for (i = 0; i < n; i++)
        fl[i] |= MFK_FLAG_PARTICIPANT;
}

/* Marks as blockers those for whom pred holds. */
static void block_where(size_t n, const unsigned char *st, unsigned char *fl,
                        int (*pred)(unsigned char))
{
    size_t i;
    for (i = 0; i < n; i++)
        if (pred(st[i]))
            fl[i] |= MFK_FLAG_BLOCKER;
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

static void consensus_minus_x_flags(size_t n, const mfk_proposal *p,
                                    const unsigned char *st, int discount,
                                    unsigned char *fl)
{
    size_t i;
    for (i = 0; i < n; i++) {
        if (mfk__against(st[i]) && discount && mfk__proposal_party(p, i))
            fl[i] |= MFK_FLAG_DISCOUNTED;
        else if (against_or_silent(st[i]))
            fl[i] |= MFK_FLAG_BLOCKER;
    }
    all_participate(n, fl);
}

static void flexible_flags(size_t n, const unsigned char *st,
                           unsigned char *fl)
{
    size_t i;
    for (i = 0; i < n; i++) {
        if (st[i] == MFK_NOT_READY)
            fl[i] &= (unsigned char)~MFK_FLAG_AGAINST;
        if (mfk__takes_part(st[i]))
            fl[i] |= MFK_FLAG_PARTICIPANT;
    }
    block_where(n, st, fl, object_or_silent);
}

static void negative_consensus_flags(size_t n, const mfk_proposal *p,
                                     mfk_verdict v, unsigned char *fl)
{
    size_t i;
    all_participate(n, fl);
    if (v == MFK_VERDICT_BLOCKED)
        for (i = 0; i < n; i++)
            if (!mfk__proposal_party(p, i))
                fl[i] |= MFK_FLAG_BLOCKER;
}

/* The flags of the rule's kind, beyond those count_round() sets. */
static void rule_flags(const mfk_rule *r, const struct mfk__count *c,
                       const mfk_proposal *p, const unsigned char *st,
                       mfk_verdict v, unsigned char *fl)
{
    size_t n = c->n;

    switch (r->kind) {
    case MFK_RULE_UNANIMITY:
        all_participate(n, fl);
        block_where(n, st, fl, not_in_favour);
        break;
    case MFK_RULE_CONSENSUS:
        all_participate(n, fl);
        block_where(n, st, fl, against_or_silent);
        break;
    case MFK_RULE_CONSENSUS_MINUS_X:
        consensus_minus_x_flags(n, p, st, parties_discounted(r, c), fl);
        break;
    case MFK_RULE_FLEXIBLE:
        flexible_flags(n, st, fl);
        break;
    case MFK_RULE_NEGATIVE_CONSENSUS:
        negative_consensus_flags(n, p, v, fl);
        break;
    case MFK_RULE_SILENCE:
        all_participate(n, fl);
        block_where(n, st, fl, mfk__against);
        break;
    case MFK_RULE_MAJORITY:
    case MFK_RULE_QUALIFIED_MAJORITY:
    case MFK_RULE_WEIGHTED:
        all_participate(n, fl);
        break;
    case MFK_RULE_CALLBACK: /* the program's own flags */
        break;
    }
}

int mfk__rule_apply(const mfk_rule *r, const mfk_body *b,
                    const mfk_proposal *p, const unsigned char *st,
                    unsigned char *fl, mfk_verdict *verdict,
                    struct mfk__count *c)
{
    size_t i, n;
    mfk_verdict v = MFK_VERDICT_SHORT;
    int rc;

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
    count_round(b, p, st, mfk__rule_reads_weights(r), fl, c);
    if (r->kind == MFK_RULE_CALLBACK) {
        int u;
        memset(fl, 0, n);
        u = r->fn(b, p, st, fl, r->ud);
        if (u < 0)
            return u;
        if (u > MFK_VERDICT_SHORT)
            return MFK_ECALLBACK;
        v = (mfk_verdict)u;
    } else {
        rc = mfk__rule_verdict(r, c, &v);
        if (rc != MFK_OK)
            return rc;
        rule_flags(r, c, p, st, v, fl);
    }
    *verdict = v;
    return MFK_OK;
}

/* ---- quorum ------------------------------------------------------------ */

int mfk__rule_takes_quorum(mfk_rule_kind kind)
{
    return kind == MFK_RULE_MAJORITY || kind == MFK_RULE_QUALIFIED_MAJORITY ||
           kind == MFK_RULE_WEIGHTED;
}

int mfk__quorum_check(double weight)
{
    return isfinite(weight) && weight >= 0 ? MFK_OK : MFK_EINVAL;
}

int mfk__quorum_met(const mfk_body *b, const unsigned char *st,
                    const struct mfk__quorum *q, size_t *present,
                    double *weight)
{
    size_t i, k = 0;
    double w = 0;

    for (i = 0; i < b->n; i++)
        if (mfk__present(st[i])) {
            k++;
            w += b->weight[i];
        }
    if (present != NULL)
        *present = k;
    if (weight != NULL)
        *weight = w;
    /* The weight present is compared as the weighted rule's quota is. */
    return k >= q->members && (q->weight <= 0 || at_least(w, q->weight));
}

void mfk__quorum_apply(mfk_rule_kind kind, const struct mfk__quorum *q,
                       const mfk_body *b, const unsigned char *st,
                       mfk_verdict *verdict)
{
    if (mfk__rule_takes_quorum(kind) && *verdict == MFK_VERDICT_ADOPTED &&
        !mfk__quorum_met(b, st, q, NULL, NULL))
        *verdict = MFK_VERDICT_SHORT;
}

int mfk_rule_apply_quorum(const mfk_rule *r, unsigned members, double weight,
                          const mfk_body *b, const mfk_proposal *p,
                          const unsigned char *st, unsigned char *fl,
                          mfk_verdict *verdict)
{
    struct mfk__quorum q;
    struct mfk__count c;
    mfk_verdict v;
    int rc;

    if (r == NULL || mfk__quorum_check(weight) != MFK_OK ||
        ((members > 0 || weight > 0) && !mfk__rule_takes_quorum(r->kind)))
        return MFK_EINVAL;
    rc = mfk__rule_apply(r, b, p, st, fl, &v, &c);
    if (rc != MFK_OK)
        return rc;
    q.members = members;
    q.weight = weight;
    mfk__quorum_apply(r->kind, &q, b, st, &v);
    *verdict = v;
    return MFK_OK;
}

int mfk_rule_apply(const mfk_rule *r, const mfk_body *b,
                   const mfk_proposal *p, const unsigned char *st,
                   unsigned char *fl, mfk_verdict *verdict)
{
    struct mfk__count c;
    return mfk__rule_apply(r, b, p, st, fl, verdict, &c);
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
