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
    size_t chair;   /* the body's chair when it was made; SIZE_MAX: none */
    unsigned char *undo;         /* 2n: rows a close may change */
    mfk_hook_fn hook;            /* mfk_consultation_set_hook */
    unsigned hook_mask;
    void *hook_ud;
    unsigned circ;               /* the round circulated; 0: none */
    char deadline[MFK__TIME];    /* its deadline, UTC */
    char *at;                    /* n * MFK__TIME: its stances' times */
};

/* Tells the hook of an event of a type it asked for; non-zero: abort. */
static int fire(const mfk_consultation *c, struct mfk_event *e)
{
    if (c->hook == NULL || !(c->hook_mask & (unsigned)e->type))
        return 0;
    return c->hook(c, e, c->hook_ud);
}

static struct mfk_event event(mfk_event_type type, unsigned round)
{
    struct mfk_event e = {0};
    e.type = type;
    e.round = round;
    e.member = SIZE_MAX;
    e.stance = e.verdict = e.outcome = -1;
    return e;
}

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
    if (n > SIZE_MAX / (slots + 3) - 1)
        return MFK_ENOMEM;
    size = n + slots * n + slots + 2 * n;
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
    if (mfk_body_chair(b, &c->chair) != MFK_OK)
        c->chair = SIZE_MAX;
    m += slots;
    c->undo = m;

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
    c->circ = 0;
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
    c->circ = 0;
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
    mfk__free(&c->alloc, c->at);
    mfk__free(&c->alloc, c->participants);
    mfk__free(&c->alloc, c);
}

int mfk_consultation_set_stance(mfk_consultation *c, size_t member,
                                mfk_stance stance)
{
    if (c == NULL || member >= c->n || (int)stance < 0 ||
        stance >= MFK_STANCE_COUNT)
        return MFK_EINVAL;
    if (c->done || c->empty || c->circ == c->rounds + 1)
        return MFK_ESTATE;
    return mfk__set_stance_at(c, member, stance, NULL);
}

/* The stance, then its event; an abort puts the one before back. */
int mfk__set_stance_at(mfk_consultation *c, size_t member, mfk_stance stance,
                       const char *time)
{
    unsigned char *st = &slot(c, c->rounds).stances[member], was = *st;
    struct mfk_event e = event(MFK_EVENT_STANCE, c->rounds + 1);
    char *at = time != NULL ? c->at + member * MFK__TIME : NULL, before[MFK__TIME];
    e.member = member;
    e.stance = (int)stance;
    e.time = time;
    *st = (unsigned char)stance;
    if (at != NULL) {
        memcpy(before, at, MFK__TIME);
        memcpy(at, time, strlen(time) + 1);
    }
    if (fire(c, &e)) {
        *st = was;
        if (at != NULL)
            memcpy(at, before, MFK__TIME);
        return MFK_ECALLBACK;
    }
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
    if (c == NULL)
        return MFK_EINVAL;
    if (c->done || c->empty || c->circ == c->rounds + 1)
        return MFK_ESTATE;
    return mfk__close_round(c, verdict);
}

/* What a close may change besides its own round: the rows of pace and
 * sovereign-participation, kept so that a hook's abort undoes it. */
static void keep(mfk_consultation *c, int back)
{
    size_t n = c->n;
    unsigned char *pace = c->vmembers + MFK_PRINCIPLE_PACE * n;
    unsigned char *sov = c->vmembers + MFK_PRINCIPLE_SOVEREIGN_PARTICIPATION * n;
    if (back) {
        memcpy(pace, c->undo, n);
        memcpy(sov, c->undo + n, n);
    } else {
        memcpy(c->undo, pace, n);
        memcpy(c->undo + n, sov, n);
    }
}

/* Fires a round's event and, when it ended the consultation, the
 * outcome's; on an abort puts everything back as it was. */
static int fire_close(mfk_consultation *c, mfk_verdict v, unsigned char vp,
                      unsigned char vs)
{
    struct mfk_event e = event(MFK_EVENT_ROUND, c->rounds);
    e.verdict = (int)v;
    if (!fire(c, &e)) {
        if (!c->done)
            return MFK_OK;
        e = event(MFK_EVENT_OUTCOME, c->rounds);
        e.outcome = (int)c->outcome;
        if (!fire(c, &e))
            return MFK_OK;
    }
    keep(c, 1);
    c->vpresent[MFK_PRINCIPLE_PACE] = vp;
    c->vpresent[MFK_PRINCIPLE_SOVEREIGN_PARTICIPATION] = vs;
    memset(c->participants, 0, c->n);
    c->done = 0;
    c->outcome = MFK_OUTCOME_DEFERRED;
    c->rounds--;
    return MFK_ECALLBACK;
}

int mfk__close_round(mfk_consultation *c, mfk_verdict *verdict)
{
    unsigned char *st, *fl, vp, vs;
    struct mfk__count count;
    struct slot at;
    mfk_verdict v;
    int rc;

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
    keep(c, 0);
    vp = c->vpresent[MFK_PRINCIPLE_PACE];
    vs = c->vpresent[MFK_PRINCIPLE_SOVEREIGN_PARTICIPATION];
    apply_pace(c, st, fl, &v);
    *at.verdict = (unsigned char)v;
    *at.version = c->prop->nver - 1;
    c->rounds++;
    if (v == MFK_VERDICT_ADOPTED)
        finish_adopted(c, st, fl, &count);
    else if (c->rounds >= c->max_rounds)
        finish_fallback(c);
    if (!c->done)
        open_round(c);
    if ((rc = fire_close(c, v, vp, vs)) != MFK_OK)
        return rc;
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
    struct mfk_event e;
    int rc;

    if (c == NULL)
        return MFK_EINVAL;
    e = event(MFK_EVENT_AMEND, c->rounds + 1);
    if (c->done || c->empty)
        return MFK_ESTATE;
    rc = mfk_proposal_amend(c->prop, position, text);
    if (rc != MFK_OK)
        return rc;
    e.position = position;
    e.text = text;
    if (fire(c, &e)) {
        mfk__proposal_truncate(c->prop, c->prop->nver - 1);
        return MFK_ECALLBACK;
    }
    return MFK_OK;
}

int mfk_consultation_end(mfk_consultation *c)
{
    if (c == NULL)
        return MFK_EINVAL;
    if (c->empty)
        return MFK_ESTATE;
    if (!c->done) {
        struct mfk_event e = event(MFK_EVENT_OUTCOME, c->rounds);
        finish_fallback(c);
        e.outcome = (int)c->outcome;
        if (fire(c, &e)) {
            c->done = 0;
            c->outcome = MFK_OUTCOME_DEFERRED;
            return MFK_ECALLBACK;
        }
    }
    return MFK_OK;
}

/* A stance source gave the open round whole: an event for each member
 * it did not leave silent, in roster order. */
static int fire_stances(mfk_consultation *c)
{
    const unsigned char *st = slot(c, c->rounds).stances;
    struct mfk_event e = event(MFK_EVENT_STANCE, c->rounds + 1);
    size_t i;

    for (i = 0; i < c->n; i++) {
        if (st[i] == MFK_SILENT)
            continue;
        e.member = i;
        e.stance = st[i];
        if (fire(c, &e))
            return MFK_ECALLBACK;
    }
    return MFK_OK;
}

int mfk_consultation_run(mfk_consultation *c, mfk_stance_fn stances,
                         void *stances_ud, mfk_chair_fn chair,
                         void *chair_ud)
{
    int rc;

    if (c == NULL || stances == NULL)
        return MFK_EINVAL;
    if (c->empty || (!c->done && c->circ == c->rounds + 1))
        return MFK_ESTATE; /* a circulated round takes stances at times */
    while (!c->done) {
        unsigned round = c->rounds + 1;
        rc = stances(c, round, slot(c, c->rounds).stances, stances_ud);
        if (rc == MFK_DONE)
            return mfk_consultation_end(c);
        if (rc < 0 || (rc = fire_stances(c)) != MFK_OK) {
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

int mfk_consultation_chair(const mfk_consultation *c, size_t *chair)
{
    if (c == NULL || chair == NULL)
        return MFK_EINVAL;
    if (c->chair == SIZE_MAX)
        return MFK_ENOTFOUND;
    *chair = c->chair;
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

int mfk_consultation_set_hook(mfk_consultation *c, unsigned mask,
                              mfk_hook_fn fn, void *ud)
{
    if (c == NULL || (mask & ~(unsigned)MFK_EVENT_ALL))
        return MFK_EINVAL;
    c->hook = mask == 0 ? NULL : fn;
    c->hook_mask = mask;
    c->hook_ud = ud;
    return MFK_OK;
}

/* ---- the silence procedure by its deadline ---------------------------- */

/* An RFC 3339 time as records hold it into utc; MFK_EINVAL when it is
 * none. */
static int utc_of(const char *time, char *utc)
{
    return mfk_time_to_utc(time, utc, MFK__TIME) == MFK_OK ? MFK_OK
                                                           : MFK_EINVAL;
}

int mfk_consultation_circulate(mfk_consultation *c, const char *deadline)
{
    char utc[MFK__TIME];
    if (c == NULL || utc_of(deadline, utc) != MFK_OK)
        return MFK_EINVAL;
    if (c->done || c->empty || c->circ != 0 ||
        c->rule.kind != MFK_RULE_SILENCE)
        return MFK_ESTATE;
    if (c->at == NULL &&
        (c->at = mfk__calloc(&c->alloc, c->n, MFK__TIME)) == NULL)
        return MFK_ENOMEM;
    memset(c->at, 0, c->n * MFK__TIME);
    memcpy(c->deadline, utc, sizeof utc);
    c->circ = c->rounds + 1;
    return MFK_OK;
}

int mfk_consultation_set_stance_at(mfk_consultation *c, size_t member,
                                   mfk_stance stance, const char *time)
{
    char utc[MFK__TIME];
    if (c == NULL || utc_of(time, utc) != MFK_OK || member >= c->n ||
        (int)stance < 0 || stance >= MFK_STANCE_COUNT)
        return MFK_EINVAL;
    if (c->done || c->empty || c->circ != c->rounds + 1 ||
        mfk__time_cmp(utc, c->deadline) > 0)
        return MFK_ESTATE;
    return mfk__set_stance_at(c, member, stance, utc);
}

int mfk_consultation_close_at(mfk_consultation *c, const char *now,
                              mfk_verdict *verdict)
{
    char utc[MFK__TIME];
    if (c == NULL || utc_of(now, utc) != MFK_OK)
        return MFK_EINVAL;
    if (c->done || c->empty || c->circ != c->rounds + 1 ||
        mfk__time_cmp(utc, c->deadline) < 0)
        return MFK_ESTATE;
    return mfk__close_round(c, verdict);
}

const char *mfk_consultation_deadline(const mfk_consultation *c,
                                      unsigned *round)
{
    if (c == NULL || c->circ == 0)
        return NULL;
    if (round != NULL)
        *round = c->circ;
    return c->deadline;
}

const char *mfk_consultation_stance_time(const mfk_consultation *c,
                                         unsigned round, size_t member)
{
    if (c == NULL || c->circ == 0 || round != c->circ || member >= c->n ||
        c->at[member * MFK__TIME] == '\0')
        return NULL;
    return c->at + member * MFK__TIME;
}
