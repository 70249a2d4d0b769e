/* The consultation engine: rounds of stances, the rule's verdict, the
 * principles that concern the outcome, and the fallback. */
#include "engine/engine-private.h"

#include <stdint.h>
#include <string.h>

/* Rounds are kept in chunks, taken as rounds are held: chunk k has room
 * for CHUNK0 << k rounds (the last only for what max_rounds leaves), and
 * a chunk never moves, so what mfk_consultation_round gives stays valid.
 * Memory follows the rounds held, not max_rounds. */
#define CHUNK0 4u
#define CHUNKS 10
_Static_assert(CHUNK0 * ((1u << CHUNKS) - 1) >= MFK_MAX_ROUNDS,
               "chunks for every round");

struct chunk {
    size_t *versions;         /* the proposal's version in each round */
    unsigned char *stances;   /* rounds * n */
    unsigned char *flags;     /* rounds * n */
    unsigned char *verdicts;  /* rounds */
};

/* One round's place: its chunk's arrays, advanced to it. */
struct slot {
    size_t *version;
    unsigned char *stances, *flags, *verdict;
};

struct mfk_consultation {
    mfk_allocator alloc;
    const mfk_body *body;
    mfk_proposal *prop;
    size_t n;
    unsigned max_rounds;
    mfk_rule rule;
    struct mfk__quorum quorum;
    mfk_fallback fallback;
    int admissible;
    int done;
    int empty; /* a reset failed: no run held until one succeeds */
    mfk_outcome outcome;
    unsigned rounds; /* rounds closed; the open one is rounds + 1 */
    struct chunk chunk[CHUNKS]; /* taken as rounds are held */
    unsigned cap;               /* rounds the chunks taken have room for */
    /* One block, taken at creation: */
    unsigned char *participants; /* n */
    size_t slots;                /* principles: built-in, then user */
    unsigned char *vmembers;     /* slots * n */
    unsigned char *vpresent;     /* slots */
    unsigned first; /* the number its first round bears (from 1) */
};

/* Round r's place (0 for round 1); r < c->cap. */
static struct slot slot(const mfk_consultation *c, unsigned r)
{
    const struct chunk *k = c->chunk;
    unsigned first = 0, size = CHUNK0;
    struct slot s;
    while (r >= first + size) {
        first += size;
        size *= 2;
        k++;
    }
    r -= first;
    s.version = k->versions + r;
    s.stances = k->stances + (size_t)r * c->n;
    s.flags = k->flags + (size_t)r * c->n;
    s.verdict = k->verdicts + r;
    return s;
}

/* Takes the next chunk; on failure nothing changes. */
static int grow(mfk_consultation *c)
{
    unsigned k = 0, first = 0, size = CHUNK0;
    size_t n = c->n;
    unsigned char *m;
    struct chunk *ch;

    while (first < c->cap) {
        first += size;
        size *= 2;
        k++;
    }
    if (size > c->max_rounds - first)
        size = c->max_rounds - first;
    if (n > (SIZE_MAX / size - sizeof(size_t) - 1) / 2)
        return MFK_ENOMEM;
    m = mfk__calloc(&c->alloc, 1, size * (sizeof(size_t) + 2 * n + 1));
    if (m == NULL)
        return MFK_ENOMEM;
    ch = &c->chunk[k];
    ch->versions = (size_t *)(void *)m;
    m += size * sizeof(size_t);
    ch->stances = m;
    m += size * n;
    ch->flags = m;
    m += size * n;
    ch->verdicts = m;
    c->cap = first + size;
    return MFK_OK;
}

/* Clears the open round's stances to silent. A consultation not over has
 * a round open: rounds < max_rounds, and rounds < cap. */
static void open_round(mfk_consultation *c)
{
    memset(slot(c, c->rounds).stances, MFK_SILENT, c->n);
}

int mfk_consultation_new(mfk_consultation **out, const mfk_body *b,
                         mfk_proposal *p, const mfk_allocator *alloc)
{
    mfk_consultation *c;
    mfk_allocator a;
    size_t n, R, slots, size;
    unsigned char *m;
    int rc;

    if (out == NULL)
        return MFK_EINVAL;
    *out = NULL;
    if (b == NULL || p == NULL || p->body != b || b->n == 0)
        return MFK_EINVAL;
    mfk__alloc_init(&a, alloc);
    n = b->n;
    R = mfk_proposal_max_rounds(p);
    slots = MFK_PRINCIPLE_COUNT + b->nup;
    if (n > SIZE_MAX / (slots + 1) - 1)
        return MFK_ENOMEM;
    size = n + slots * n + slots;
    c = mfk__calloc(&a, 1, sizeof *c);
    if (c == NULL)
        return MFK_ENOMEM;
    m = mfk__calloc(&a, 1, size);
    if (m == NULL) {
        mfk__free(&a, c);
        return MFK_ENOMEM;
    }
    c->alloc = a;
    c->body = b;
    c->prop = p;
    c->n = n;
    c->max_rounds = R;
    c->slots = slots;
    c->participants = m;
    m += n;
    c->vmembers = m;
    m += slots * n;
    c->vpresent = m;
    c->first = 1;

    rc = grow(c);
    if (rc == MFK_OK)
        rc = mfk_consultation_reset(c);
    if (rc != MFK_OK) {
        mfk_consultation_free(c);
        return rc;
    }
    *out = c;
    return MFK_OK;
}

/* After a reset that failed: no round held, not over, no outcome, not
 * admissible, no violation, no participant, round 1 silent; rounds are
 * refused (MFK_ESTATE) until a reset succeeds. */
static void hold_nothing(mfk_consultation *c)
{
    c->rounds = 0;
    c->done = 0;
    c->empty = 1;
    c->admissible = 0;
    c->outcome = MFK_OUTCOME_DEFERRED;
    memset(c->participants, 0, c->n);
    memset(c->vmembers, 0, c->slots * c->n);
    memset(c->vpresent, 0, c->slots);
    open_round(c);
}

int mfk_consultation_reset(mfk_consultation *c)
{
    int rc, ok;

    if (c == NULL)
        return MFK_EINVAL;
    /* The body's principles are fixed while the proposal lives; its
     * max_rounds is not. */
    if (mfk_proposal_max_rounds(c->prop) != c->max_rounds)
        rc = MFK_ESTATE;
    else
        rc = mfk__admissibility(c->body, c->prop, c->vmembers, c->vpresent,
                                &ok);
    if (rc != MFK_OK) {
        hold_nothing(c);
        return rc;
    }
    c->rule = *mfk_proposal_rule(c->prop);
    c->quorum = *mfk__proposal_quorum(c->prop);
    c->fallback = mfk_proposal_fallback(c->prop);
    c->rounds = 0;
    c->done = 0;
    c->empty = 0;
    c->outcome = MFK_OUTCOME_DEFERRED;
    memset(c->participants, 0, c->n);
    c->admissible = ok;
    if (!ok) {
        c->done = 1;
        c->outcome = MFK_OUTCOME_INADMISSIBLE;
    }
    open_round(c);
    return MFK_OK;
}

void mfk_consultation_free(mfk_consultation *c)
{
    size_t k;
    if (c == NULL)
        return;
    for (k = 0; k < CHUNKS; k++)
        mfk__free(&c->alloc, c->chunk[k].versions);
    mfk__free(&c->alloc, c->participants);
    mfk__free(&c->alloc, c);
}

int mfk_consultation_set_stance(mfk_consultation *c, size_t member,
                                mfk_stance stance)
{
    if (c == NULL || member >= c->n || (int)stance < 0 ||
        stance >= MFK_STANCE_COUNT)
        return MFK_EINVAL;
    if (c->done || c->empty)
        return MFK_ESTATE;
    slot(c, c->rounds).stances[member] = (unsigned char)stance;
    return MFK_OK;
}

mfk_outcome mfk__fallback_outcome(mfk_fallback fallback)
{
    static const mfk_outcome by_fallback[] = {
        MFK_OUTCOME_DEFERRED, MFK_OUTCOME_REFERRED_TO_SUMMIT,
        MFK_OUTCOME_CHAIRS_STATEMENT, MFK_OUTCOME_WITHDRAWN,
        MFK_OUTCOME_NO_OUTCOME};
    _Static_assert(sizeof by_fallback / sizeof by_fallback[0] ==
                       MFK_FALLBACK_NONE + 1,
                   "an outcome for every fallback");
    return by_fallback[fallback];
}

static void finish_fallback(mfk_consultation *c)
{
    c->done = 1;
    c->outcome = mfk__fallback_outcome(c->fallback);
    memset(c->participants, 0, c->n);
}

mfk_outcome mfk__adopted_outcome(mfk_rule_kind kind,
                                 const struct mfk__count *count)
{
    if (kind == MFK_RULE_FLEXIBLE && count->not_ready > 0)
        return MFK_OUTCOME_ADOPTED_FLEXIBLE;
    if (count->reservation > 0)
        return MFK_OUTCOME_ADOPTED_WITH_RESERVATIONS;
    return MFK_OUTCOME_ADOPTED;
}

size_t mfk__bound_count(const mfk_body *body, mfk_rule_kind kind,
                        const struct mfk__count *count)
{
    /* Under flexible those who take part; under the other rules every
     * member, and sovereign-participation enforced leaves out those
     * against (a discounted party is against). Those who take part under
     * flexible are never against. */
    if (kind == MFK_RULE_FLEXIBLE)
        return count->takes_part;
    if (body->modes[MFK_PRINCIPLE_SOVEREIGN_PARTICIPATION] ==
        MFK_MODE_ENFORCE)
        return count->n - count->against;
    return count->n;
}

/* The adopting round decides who is bound, as the rule says and
 * sovereign-participation allows, and which kind of adoption it was. */
static void finish_adopted(mfk_consultation *c, const unsigned char *st,
                           const unsigned char *fl,
                           const struct mfk__count *count)
{
    mfk_mode sov = c->body->modes[MFK_PRINCIPLE_SOVEREIGN_PARTICIPATION];
    unsigned char *viol =
        c->vmembers + MFK_PRINCIPLE_SOVEREIGN_PARTICIPATION * c->n;
    size_t i, any = 0;

    for (i = 0; i < c->n; i++) {
        c->participants[i] = (fl[i] & MFK_FLAG_PARTICIPANT) != 0;
        any += c->participants[i];
    }
    /* A user rule that names no participants binds every member. */
    if (any == 0 && c->rule.kind == MFK_RULE_CALLBACK)
        memset(c->participants, 1, c->n);
    for (i = 0; i < c->n; i++) {
        if (!c->participants[i] || sov == MFK_MODE_OFF)
            continue;
        if (mfk__against(st[i]) || (fl[i] & MFK_FLAG_DISCOUNTED)) {
            if (sov == MFK_MODE_ENFORCE) {
                c->participants[i] = 0;
            } else {
                viol[i] = 1;
                c->vpresent[MFK_PRINCIPLE_SOVEREIGN_PARTICIPATION] = 1;
            }
        }
    }
    c->done = 1;
    c->outcome = mfk__adopted_outcome(c->rule.kind, count);
}

/* pace: no rule may count an objection as consent. */
static void apply_pace(mfk_consultation *c, const unsigned char *st,
                       unsigned char *fl, mfk_verdict *v)
{
    mfk_mode mode = c->body->modes[MFK_PRINCIPLE_PACE];
    unsigned char *viol = c->vmembers + MFK_PRINCIPLE_PACE * c->n;
    size_t i;

    if (mode == MFK_MODE_OFF)
        return;
    for (i = 0; i < c->n; i++) {
        if (!mfk__against(st[i]) || !(fl[i] & MFK_FLAG_FAVOUR))
            continue;
        viol[i] = 1;
        c->vpresent[MFK_PRINCIPLE_PACE] = 1;
        if (mode == MFK_MODE_ENFORCE) {
            fl[i] = (unsigned char)((fl[i] & ~MFK_FLAG_FAVOUR) |
                                    MFK_FLAG_AGAINST | MFK_FLAG_BLOCKER);
            *v = MFK_VERDICT_BLOCKED;
        }
    }
}

int mfk_consultation_close_round(mfk_consultation *c, mfk_verdict *verdict)
{
    unsigned char *st, *fl;
    struct mfk__count count;
    struct slot at;
    mfk_verdict v;
    int rc;

    if (c == NULL)
        return MFK_EINVAL;
    if (c->done || c->empty)
        return MFK_ESTATE;
    /* Room for the round that may open next, before anything changes. */
    if (c->rounds + 1 == c->cap && c->cap < c->max_rounds &&
        (rc = grow(c)) != MFK_OK)
        return rc;
    at = slot(c, c->rounds);
    st = at.stances;
    fl = at.flags;
    rc = mfk__rule_apply(&c->rule, c->body, c->prop, st, fl, &v, &count);
    if (rc != MFK_OK)
        return rc;
    mfk__quorum_apply(c->rule.kind, &c->quorum, c->body, st, &v);
    apply_pace(c, st, fl, &v);
    *at.verdict = (unsigned char)v;
    *at.version = c->prop->nver - 1;
    c->rounds++;
    if (v == MFK_VERDICT_ADOPTED)
        finish_adopted(c, st, fl, &count);
    else if (c->rounds >= c->max_rounds)
        finish_fallback(c);
    else
        open_round(c);
    if (verdict != NULL)
        *verdict = v;
    return MFK_OK;
}

/* Holds the last round's stances with the silent joined in the open
 * round's place (the open round is silent, and is left so), and asks the
 * rule. */
int mfk__silence_only(const mfk_consultation *c)
{
    struct slot last, open;
    struct mfk__count count;
    mfk_verdict v;
    size_t i;
    int silent = 0, rc;

    if (c == NULL || c->done || c->empty || c->rounds == 0)
        return 0;
    last = slot(c, c->rounds - 1);
    if (*last.verdict == MFK_VERDICT_ADOPTED)
        return 0;
    for (i = 0; i < c->n && !silent; i++)
        silent = last.stances[i] == MFK_SILENT;
    if (!silent)
        return 0;
    open = slot(c, c->rounds);
    for (i = 0; i < c->n; i++)
        open.stances[i] = last.stances[i] == MFK_SILENT ? (unsigned char)MFK_JOIN
                                                        : last.stances[i];
    rc = mfk__rule_apply(&c->rule, c->body, c->prop, open.stances,
                         open.flags, &v, &count);
    memset(open.stances, MFK_SILENT, c->n);
    return rc == MFK_OK && v == MFK_VERDICT_ADOPTED;
}

int mfk_consultation_amend(mfk_consultation *c, const double *position,
                           const char *text)
{
    if (c == NULL)
        return MFK_EINVAL;
    if (c->done || c->empty)
        return MFK_ESTATE;
    return mfk_proposal_amend(c->prop, position, text);
}

int mfk_consultation_end(mfk_consultation *c)
{
    if (c == NULL)
        return MFK_EINVAL;
    if (c->empty)
        return MFK_ESTATE;
    if (!c->done)
        finish_fallback(c);
    return MFK_OK;
}

int mfk_consultation_run(mfk_consultation *c, mfk_stance_fn stances,
                         void *stances_ud, mfk_chair_fn chair,
                         void *chair_ud)
{
    int rc;

    if (c == NULL || stances == NULL)
        return MFK_EINVAL;
    if (c->empty)
        return MFK_ESTATE;
    while (!c->done) {
        unsigned round = c->rounds + 1;
        rc = stances(c, round, slot(c, c->rounds).stances, stances_ud);
        if (rc == MFK_DONE)
            return mfk_consultation_end(c);
        if (rc < 0) {
            open_round(c);
            return rc;
        }
        rc = mfk_consultation_close_round(c, NULL);
        if (rc != MFK_OK) {
            open_round(c);
            return rc;
        }
        if (c->done || chair == NULL)
            continue;
        rc = chair(c, round, chair_ud);
        if (rc == MFK_DONE)
            return mfk_consultation_end(c);
        if (rc < 0)
            return rc;
    }
    return MFK_OK;
}

const mfk_body *mfk_consultation_body(const mfk_consultation *c)
{
    return c == NULL ? NULL : c->body;
}

const mfk_proposal *mfk_consultation_proposal(const mfk_consultation *c)
{
    return c == NULL ? NULL : c->prop;
}

int mfk_consultation_admissible(const mfk_consultation *c)
{
    return c != NULL && c->admissible;
}

int mfk_consultation_done(const mfk_consultation *c)
{
    return c != NULL && c->done;
}

unsigned mfk_consultation_rounds(const mfk_consultation *c)
{
    return c == NULL ? 0 : c->rounds;
}

int mfk_consultation_outcome(const mfk_consultation *c, mfk_outcome *outcome)
{
    if (c == NULL || outcome == NULL)
        return MFK_EINVAL;
    if (!c->done)
        return MFK_ESTATE;
    *outcome = c->outcome;
    return MFK_OK;
}

int mfk_consultation_round(const mfk_consultation *c, unsigned r,
                           const unsigned char **stances,
                           const unsigned char **flags, mfk_verdict *verdict,
                           size_t *version)
{
    struct slot at;
    if (c == NULL)
        return MFK_EINVAL;
    if (r < 1 || r > c->rounds)
        return MFK_ENOTFOUND;
    at = slot(c, r - 1);
    if (stances != NULL)
        *stances = at.stances;
    if (flags != NULL)
        *flags = at.flags;
    if (verdict != NULL)
        *verdict = (mfk_verdict)*at.verdict;
    if (version != NULL)
        *version = *at.version;
    return MFK_OK;
}

int mfk_consultation_participant(const mfk_consultation *c, size_t i)
{
    return c != NULL && c->done && i < c->n && c->participants[i];
}

size_t mfk_consultation_violation_count(const mfk_consultation *c)
{
    size_t s, k = 0;
    if (c == NULL)
        return 0;
    for (s = 0; s < c->slots; s++)
        k += c->vpresent[s];
    return k;
}

int mfk_consultation_violation(const mfk_consultation *c, size_t v,
                               const char **name, mfk_mode *mode,
                               const unsigned char **members)
{
    size_t s;
    if (c == NULL)
        return MFK_EINVAL;
    for (s = 0; s < c->slots; s++) {
        if (!c->vpresent[s])
            continue;
        if (v-- > 0)
            continue;
        if (s < MFK_PRINCIPLE_COUNT) {
            if (name != NULL)
                *name = mfk_name(MFK_NAMES_PRINCIPLE, (int)s);
            if (mode != NULL)
                *mode = c->body->modes[s];
        } else {
            const struct mfk__user_principle *up =
                &c->body->up[s - MFK_PRINCIPLE_COUNT];
            if (name != NULL)
                *name = up->name;
            if (mode != NULL)
                *mode = up->mode;
        }
        if (members != NULL)
            *members = c->vmembers + s * c->n;
        return MFK_OK;
    }
    return MFK_ENOTFOUND;
}

/* ---- rounds numbered on (a proposal taken up again) ------------------ */

int mfk_consultation_set_first_round(mfk_consultation *c, unsigned first)
{
    if (c == NULL || first < 1 || first > MFK_MAX_FIRST_ROUND)
        return MFK_EINVAL;
    if (c->rounds > 0)
        return MFK_ESTATE;
    c->first = first;
    return MFK_OK;
}

unsigned mfk_consultation_first_round(const mfk_consultation *c)
{
    return c == NULL ? 0 : c->first;
}
