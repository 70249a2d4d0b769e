/* The equal-gain exchange model (Stokman and Van Oosten 1994; the rate of
 * Dijkstra, Van Assen and Stokman 2008) as its reference program, the
 * decide-exchange-model package, computes it in its deterministic mode:
 * the same candidates in the same order, the same arithmetic (28-digit
 * decimals, lib/analysis/decimal.c, each operation in the program's order)
 * and its departures from the published model (man/mufakat-exchange.7).
 * Positions are on a 0-100 scale inside; the results on each issue's own.
 *
 * A round: the outcome of each issue (the capability-and-salience weighted
 * mean); for each pair of issues p < q, every pair of members on opposite
 * sides of the outcomes on both (one left on both and one right on both,
 * or one left on p only and one left on q only) is a candidate exchange,
 * in which the member caring relatively more about p (side I) moves on q
 * towards the other's position, the other (J) on p, by equal gains. The
 * candidate of highest gain is made; the others that share a supplier or
 * a demander with it are computed again from where it left them; and so
 * on until none is left. Then each member's position moves part of the
 * way to where it voted, and the next round begins. */
#include "analysis-private.h"

#include <math.h>
#include <string.h>

/* A side's moves, each with the running sum of the moves up to it (as
 * the reference program sums them, from 0, in order) and how many of
 * them are positive and negative. */
struct move {
    mfk__dec v, sum;
    size_t npos, nneg;
};

typedef struct side {
    size_t actor;
    unsigned sup, dem; /* the issue it moves on, the issue it wants */
    mfk__dec X, move, y, nbs0, nbs1;
    /* the model's numbers, which do not change within a round: the
     * position on the demand issue (Dm) and at the round's start on the
     * supply issue, the saliences and the capability */
    const mfk__dec *Dm, *s_sup, *s_dem, *c_sup, *start;
    struct move *moves;
    size_t nmoves, capmoves;
} side;

typedef struct update {
    unsigned issue;
    size_t actor;
    mfk__dec pos;
} update;

typedef struct xch {
    side I, J;
    unsigned p, q;
    mfk__dec gain, dp, dq;
    /* the rates of exchange, which do not change: (J.s_sup + I.s_dem) /
     * (J.s_dem + I.s_sup) and (I.s_sup + J.s_dem) / (I.s_dem + J.s_sup),
     * the model's (rates()), NULL until the first calculate() */
    const mfk__dec *rate_j, *rate_i;
    double key; /* gain, near enough to order all but near-ties */
    int valid;
    int dirty;  /* computed again after the last exchange made */
    size_t idx; /* its place in the list when last sorted */
    update *u;
    size_t nu, capu;
} xch;

/* The rates of exchange of a pair of members on a pair of issues p < q:
 * (s_p + s_p') / (s_q + s_q') and its converse, the same whichever of the
 * two is I (a sum is correctly rounded, so its order does not matter);
 * computed the first time a candidate asks for them. */
typedef struct rate {
    mfk__dec pq, qp;
    int has;
} rate;

typedef struct model {
    const mfk_allocator *a;
    mfk__decctx ctx;
    size_t n;
    unsigned dims;
    const size_t *in, *count;
    mfk__dec *x, *s, *c, *sc, *term, *vx; /* n * dims; sc = s * c */
    mfk__dec *x0; /* n * dims: x at the round's start */
    /* prefix[k * (n + 1) + r]: the sum of issue k's first r terms, as the
     * outcome's sum has it on the way; place[a * dims + k]: a's place in
     * issue k's order, NOT_IN when a does not take part in k */
    mfk__dec *prefix;
    size_t *place;
    /* spq[(a * dims + p) * dims + q], p < q: s_p / s_q of member a, which
     * decides which side of a candidate is I; rates[pair(p, q) * npairs +
     * pair(a, b)]: the rates of exchange */
    mfk__dec *spq;
    unsigned char *spq_zero; /* s_q is 0: the division fails */
    rate *rates;
    size_t nrates;
    /* quick values of s * c and of the terms, each issue's sum of the
     * terms and of their sizes, and its denominator: the outcomes near
     * enough to tell most of check_nbs's questions without the exact
     * sums */
    double *sc_d, *term_d; /* n * dims */
    double sum_d[MFK_MAX_DIMS], abs_d[MFK_MAX_DIMS], den_d[MFK_MAX_DIMS];
    mfk__dec den[MFK_MAX_DIMS], out[MFK_MAX_DIMS];
    mfk__dec step[MFK_MAX_DIMS], lo[MFK_MAX_DIMS];
    mfk__dec zero, one, hundred, eps10, eps20, sw, fw;
    mfk__dec t[8];
    int rc;     /* the first error of the arithmetic */
    int inited; /* the arrays' numbers were initialised */
    /* exchanges no longer in use, kept for the next with their memory */
    struct xch **pool;
    size_t npool, cappool, nxch; /* nxch: the exchanges allocated */
} model;

#define NOT_IN ((size_t)-1)

#define X(m, a, k) (&(m)->x[(a) * (m)->dims + (k)])
#define X0(m, a, k) (&(m)->x0[(a) * (m)->dims + (k)])
#define S(m, a, k) (&(m)->s[(a) * (m)->dims + (k)])
#define C(m, a, k) (&(m)->c[(a) * (m)->dims + (k)])
#define SC(m, a, k) (&(m)->sc[(a) * (m)->dims + (k)])
#define SPQ(m, a, p, q) (&(m)->spq[((a) * (m)->dims + (p)) * (m)->dims + (q)])
#define TERM(m, a, k) (&(m)->term[(a) * (m)->dims + (k)])

static void add(model *m, mfk__dec *r, const mfk__dec *a, const mfk__dec *b)
{
    mfk__dec_add(&m->ctx, r, a, b);
}
static void sub(model *m, mfk__dec *r, const mfk__dec *a, const mfk__dec *b)
{
    mfk__dec_sub(&m->ctx, r, a, b);
}
static void mul(model *m, mfk__dec *r, const mfk__dec *a, const mfk__dec *b)
{
    mfk__dec_mul(&m->ctx, r, a, b);
}
static void divd(model *m, mfk__dec *r, const mfk__dec *a, const mfk__dec *b)
{
    if (mfk__dec_div(&m->ctx, r, a, b) != MFK_OK) {
        if (m->rc == MFK_OK)
            m->rc = MFK_ERANGE;
        mfk__dec_set_si(r, 0);
    }
}
static int cmp(model *m, const mfk__dec *a, const mfk__dec *b)
{
    return mfk__dec_cmp(&m->ctx, a, b);
}

/* A decimal's value as a double, for ordering: relative error ~1e-15. */
static double approx(const mfk__dec *a)
{
    return mfk__dec_approx(a);
}

/* ((x * s) * c), the term of member a in issue k's sums, at position x. */
static void term_at(model *m, mfk__dec *r, size_t a, unsigned k,
                    const mfk__dec *x)
{
    mul(m, r, x, S(m, a, k));
    mul(m, r, r, C(m, a, k));
}

/* The outcome of issue k from the terms of `terms`: their sum in the
 * issue's order over its denominator. */
static void outcome_of(model *m, mfk__dec *r, unsigned k,
                       const mfk__dec *terms)
{
    size_t i, a;
    mfk__dec_set_si(&m->t[0], 0);
    for (i = 0; i < m->count[k]; i++) {
        a = m->in[(size_t)k * m->n + i];
        mfk__dec_set(&m->prefix[(size_t)k * (m->n + 1) + i], &m->t[0]);
        add(m, &m->t[0], &m->t[0], &terms[a * m->dims + k]);
    }
    if (mfk__dec_sgn(&m->den[k]) == 0)
        mfk__dec_set_si(r, 0);
    else
        divd(m, r, &m->t[0], &m->den[k]);
}

static const update *find_update(const xch *e, unsigned k, size_t a)
{
    size_t i;
    for (i = 0; i < e->nu; i++)
        if (e->u[i].issue == k && e->u[i].actor == a)
            return &e->u[i];
    return NULL;
}

static int has_update(const xch *e, unsigned k)
{
    size_t i;
    for (i = 0; i < e->nu; i++)
        if (e->u[i].issue == k)
            return 1;
    return 0;
}

/* The sum of issue k's terms with E's updates applied and member `who` at
 * `at`: the updates first, then `who` (updates_win: `who` at `at`, then
 * the updates, which win). The terms before the first member changed are
 * summed as the round's outcome summed them: that sum is taken as it is. */
static void adjusted_sum(model *m, mfk__dec *r, const xch *e, unsigned k,
                         size_t who, const mfk__dec *at, int updates_win)
{
    size_t i, a, from = m->place[who * m->dims + k];
    const update *u;
    for (i = 0; i < e->nu; i++)
        if (e->u[i].issue == k &&
            m->place[e->u[i].actor * m->dims + k] < from)
            from = m->place[e->u[i].actor * m->dims + k];
    mfk__dec_set(r, &m->prefix[(size_t)k * (m->n + 1) + from]);
    for (i = from; i < m->count[k]; i++) {
        a = m->in[(size_t)k * m->n + i];
        u = find_update(e, k, a);
        if (a == who && !(updates_win && u != NULL)) {
            term_at(m, &m->t[1], a, k, at);
            add(m, r, r, &m->t[1]);
        } else if (u != NULL) {
            term_at(m, &m->t[1], a, k, &u->pos);
            add(m, r, r, &m->t[1]);
        } else {
            add(m, r, r, TERM(m, a, k));
        }
    }
}

/* The outcome of issue k under E's updates with `who` at `at`. */
static void adjusted_nbs(model *m, mfk__dec *r, const xch *e, unsigned k,
                         size_t who, const mfk__dec *at)
{
    adjusted_sum(m, &m->t[2], e, k, who, at, 0);
    if (mfk__dec_sgn(&m->den[k]) == 0)
        mfk__dec_set_si(r, 0);
    else
        divd(m, r, &m->t[2], &m->den[k]);
}

/* Entry i of the moves holds v, its sum and counts from entry i - 1. */
static void set_move(model *m, side *s, size_t i, const mfk__dec *v)
{
    struct move *mv = &s->moves[i];
    int sg = mfk__dec_sgn(v);
    mfk__dec_set(&mv->v, v);
    add(m, &mv->sum, i > 0 ? &s->moves[i - 1].sum : &m->zero, v);
    mv->npos = (i > 0 ? s->moves[i - 1].npos : 0) + (sg > 0);
    mv->nneg = (i > 0 ? s->moves[i - 1].nneg : 0) + (sg < 0);
}

static int push_move(model *m, side *s, const mfk__dec *v)
{
    if (s->nmoves == s->capmoves) {
        size_t cap = s->capmoves ? 2 * s->capmoves : 4, i;
        if (mfk__grow(m->a, (void **)&s->moves, cap, sizeof *s->moves))
            return MFK_ENOMEM;
        for (i = s->capmoves; i < cap; i++) {
            mfk__dec_init(&s->moves[i].v);
            mfk__dec_init(&s->moves[i].sum);
        }
        s->capmoves = cap;
    }
    set_move(m, s, s->nmoves++, v);
    return MFK_OK;
}

static void pop_move(side *s)
{
    if (s->nmoves > 0)
        s->nmoves--;
}

/* The reference program's test of a side's move m = s->move, its moves
 * list holding m already and s->y = s->X + m. */
static int move_valid(model *m, const side *s)
{
    const struct move *last = &s->moves[s->nmoves - 1];
    mfk__dec *t = &m->t[3];

    mfk__dec_abs(t, &s->move);
    if (cmp(m, t, &m->eps10) <= 0 /* |m| <= 1e-10 */ ||
        cmp(m, t, &m->hundred) > 0)
        return 0;
    if (mfk__dec_sgn(&s->y) < 0 || cmp(m, &s->y, &m->hundred) > 0)
        return 0;
    /* the signed sum of the moves at most 100, their signs all one */
    if (cmp(m, &last->sum, &m->hundred) > 0)
        return 0;
    return last->npos == s->nmoves || last->nneg == s->nmoves;
}

/* The rate of exchange: (a + b) / (c + d). */
static void ratio(model *m, mfk__dec *r, const mfk__dec *a, const mfk__dec *b,
                  const mfk__dec *c, const mfk__dec *d)
{
    add(m, &m->t[4], a, b);
    add(m, &m->t[5], c, d);
    divd(m, r, &m->t[4], &m->t[5]);
}

/* (v * den) / (c * s): the move of a supplier that shifts the outcome by
 * v; k is its supply issue. */
static void reverse_move(model *m, mfk__dec *r, const mfk__dec *v,
                         unsigned k, const side *sd)
{
    mul(m, &m->t[4], v, &m->den[k]);
    divd(m, r, &m->t[4], SC(m, sd->actor, k)); /* c * s = s * c */
}

/* ((|d| * s) * c) / den: the outcome's shift when sd moves by d. */
static void shift_of(model *m, mfk__dec *r, const mfk__dec *d, unsigned k,
                     const side *sd)
{
    mfk__dec_abs(&m->t[4], d);
    mul(m, &m->t[4], &m->t[4], sd->s_sup);
    mul(m, &m->t[4], &m->t[4], sd->c_sup);
    divd(m, r, &m->t[4], &m->den[k]);
}

/* A quick value of adjusted_sum(m, e, k, who, at, 0), from the round's
 * quick sum with the terms of `who` and of E's updates replaced; *size
 * bounds the sum of the sizes of the terms. */
static double quick_sum(const model *m, const xch *e, unsigned k, size_t who,
                        const mfk__dec *at, double *size)
{
    size_t i, a, w = who * m->dims + k;
    double t = approx(at) * m->sc_d[w], s = m->sum_d[k] + (t - m->term_d[w]),
           g = m->abs_d[k] + fabs(t);
    for (i = 0; i < e->nu; i++) {
        if (e->u[i].issue != k || (a = e->u[i].actor) == who)
            continue;
        w = a * m->dims + k;
        t = approx(&e->u[i].pos) * m->sc_d[w];
        s += t - m->term_d[w];
        g += fabs(t);
    }
    *size = g;
    return s;
}

/* 1 when the outcomes of issue A->sup with A at A->X and at A->y lie
 * certainly on one side of B's position (or on it), without the exact
 * sums: their quick values (quick_sum) are within some 1e-14 of the
 * size of the terms over the denominator of the exact ones, each of
 * which is within 1e-25 of it of the true outcome; so a quick difference
 * from B's position beyond 1e-12 of these sizes has the exact one's
 * sign. 0 when that does not tell. */
static int surely_one_side(const model *m, const xch *e, const side *A,
                           const side *B)
{
    unsigned z = A->sup;
    double den = m->den_d[z], g0, g1, n0, n1, d = approx(B->Dm), tol;
    if (!(den > 0))
        return 0;
    n0 = quick_sum(m, e, z, A->actor, &A->X, &g0) / den;
    n1 = quick_sum(m, e, z, A->actor, &A->y, &g1) / den;
    tol = 1e-12 * (fabs(d) + (g0 > g1 ? g0 : g1) / den);
    n0 = d - n0;
    n1 = d - n1;
    if (fabs(n0) <= tol || fabs(n1) <= tol)
        return 0;
    return (n0 > 0) == (n1 > 0);
}

/* The index of the pair i < j of 0 .. n - 1. */
static size_t pair_index(size_t i, size_t j, size_t n)
{
    return i * n - i * (i + 1) / 2 + (j - i - 1);
}

/* E's rates of exchange, from the model's, computed once a run. J
 * supplies p and demands q: rate_j = (J.s_p + I.s_p) / (J.s_q + I.s_q). */
static void rates(model *m, xch *e)
{
    size_t a = e->I.actor, b = e->J.actor, lo = a < b ? a : b,
           hi = a < b ? b : a;
    rate *r;
    if (e->rate_j != NULL)
        return;
    r = &m->rates[pair_index(e->p, e->q, m->dims) * (m->n * (m->n - 1) / 2) +
                        pair_index(lo, hi, m->n)];
    if (!r->has) {
        mfk__dec_init(&r->pq);
        mfk__dec_init(&r->qp);
        ratio(m, &r->pq, e->J.s_sup, e->I.s_dem, e->J.s_dem,
              e->I.s_sup);
        ratio(m, &r->qp, e->I.s_sup, e->J.s_dem, e->I.s_dem,
              e->J.s_sup);
        r->has = 1;
    }
    e->rate_j = &r->pq;
    e->rate_i = &r->qp;
}

/* A's move would carry the outcome of its supply issue past B's
 * position: cut both moves back so that it lands on it; 1 when it did.
 * (A's outcomes nbs0 and nbs1 serve this test alone.) */
static int check_nbs(model *m, xch *e, side *A, side *B)
{
    unsigned z = A->sup;
    mfk__dec *t = &m->t[6], *u = &m->t[7];
    int s0, s1;

    if (surely_one_side(m, e, A, B))
        return 0;
    if (!has_update(e, z) && cmp(m, &A->X, X(m, A->actor, z)) == 0)
        mfk__dec_set(&A->nbs0, &m->out[z]); /* the same sum */
    else
        adjusted_nbs(m, &A->nbs0, e, z, A->actor, &A->X);
    adjusted_nbs(m, &A->nbs1, e, z, A->actor, &A->y);
    sub(m, t, B->Dm, &A->nbs0);
    s0 = mfk__dec_sgn(t);
    sub(m, t, B->Dm, &A->nbs1);
    s1 = mfk__dec_sgn(t);
    if ((s0 >= 0 && s1 >= 0) || (s0 <= 0 && s1 <= 0))
        return 0;
    /* delta = |((t * Den) - N) / (s * c)|, N with A at A.X, the updates
     * winning */
    adjusted_sum(m, u, e, z, A->actor, &A->X, 1);
    mul(m, t, B->Dm, &m->den[z]);
    sub(m, t, t, u);
    mul(m, u, A->s_sup, A->c_sup);
    divd(m, t, t, u);
    mfk__dec_abs(&A->move, t);
    /* dA and dB */
    mul(m, &e->dp, &A->move, A->s_sup);
    mul(m, &e->dp, &e->dp, A->c_sup);
    divd(m, &e->dp, &e->dp, &m->den[z]);
    /* (A.s_sup + B.s_dem) / (A.s_dem + B.s_sup) */
    mul(m, &e->dq, A == &e->I ? e->rate_i : e->rate_j, &e->dp);
    reverse_move(m, &B->move, &e->dq, B->sup, B);
    mfk__dec_abs(&B->move, &B->move);
    if (cmp(m, &B->X, A->Dm) > 0)
        mfk__dec_neg(&B->move, &B->move);
    if (cmp(m, &A->X, B->Dm) > 0)
        mfk__dec_neg(&A->move, &A->move);
    set_move(m, A, A->nmoves - 1, &A->move);
    set_move(m, B, B->nmoves - 1, &B->move);
    add(m, &B->y, &B->X, &B->move);
    add(m, &A->y, &A->X, &A->move);
    mul(m, t, &e->dq, B->s_sup);
    mul(m, u, &e->dp, B->s_dem);
    sub(m, t, t, u);
    mfk__dec_abs(&e->gain, t);
    e->valid = move_valid(m, B) && move_valid(m, A);
    return 1;
}

/* §5 of the description: the moves, the gain and the validity. */
static int calculate(model *m, xch *e)
{
    side *I = &e->I, *J = &e->J;
    mfk__dec *t = &m->t[6], *u = &m->t[7];

    rates(m, e);
    /* J moves fully onto I's position on p */
    sub(m, t, I->Dm, &J->X);
    shift_of(m, &e->dp, t, e->p, J);
    mul(m, &e->dq, e->rate_j, &e->dp);
    reverse_move(m, &I->move, &e->dq, e->q, I);
    mfk__dec_abs(&J->move, t);
    /* or else I fully onto J's position on q */
    sub(m, t, J->Dm, &I->X);
    mfk__dec_abs(t, t);
    mfk__dec_abs(u, &I->move);
    if (cmp(m, u, t) > 0) {
        shift_of(m, &e->dq, t, e->q, I);
        mul(m, &e->dp, e->rate_i, &e->dq);
        mfk__dec_set(&I->move, t);
        reverse_move(m, &J->move, &e->dp, e->p, J);
    }
    if (cmp(m, &I->X, J->Dm) > 0)
        mfk__dec_neg(&I->move, &I->move);
    if (cmp(m, &J->X, I->Dm) > 0)
        mfk__dec_neg(&J->move, &J->move);
    if (push_move(m, I, &I->move) || push_move(m, J, &J->move))
        return MFK_ENOMEM;
    add(m, &I->y, &I->X, &I->move);
    add(m, &J->y, &J->X, &J->move);
    if (!move_valid(m, I) || !move_valid(m, J)) {
        /* an invalid candidate is dropped when made or recalculated, and
         * its gain orders nothing: 0 puts it after the valid ones */
        e->valid = 0;
        mfk__dec_set_si(&e->gain, 0);
        e->key = 0;
        return MFK_OK;
    }
    mul(m, t, &e->dq, I->s_sup);
    mul(m, u, &e->dp, I->s_dem);
    sub(m, t, t, u);
    mfk__dec_abs(&e->gain, t);
    e->valid = cmp(m, &e->gain, &m->eps10) > 0; /* gain >= 1e-10 */
    if (e->valid) {
        /* the moves are tested again only when a check changed them */
        int changed = check_nbs(m, e, I, J);
        changed |= check_nbs(m, e, J, I);
        if (changed)
            e->valid = move_valid(m, I) && move_valid(m, J);
    }
    e->key = approx(&e->gain);
    return MFK_OK;
}

#define SIDE_NUMBERS 5

/* The numbers of a side, for their initialisation and release. */
static void side_numbers(side *s, mfk__dec **f)
{
    f[0] = &s->X;
    f[1] = &s->move;
    f[2] = &s->y;
    f[3] = &s->nbs0;
    f[4] = &s->nbs1;
}

static void side_init(side *s)
{
    mfk__dec *f[SIDE_NUMBERS];
    size_t i;
    side_numbers(s, f);
    for (i = 0; i < SIDE_NUMBERS; i++)
        mfk__dec_init(f[i]);
    s->moves = NULL;
    s->nmoves = s->capmoves = 0;
}

static void side_clear(const mfk_allocator *a, side *s)
{
    mfk__dec *f[SIDE_NUMBERS];
    size_t i;
    side_numbers(s, f);
    for (i = 0; i < SIDE_NUMBERS; i++)
        mfk__dec_clear(f[i]);
    for (i = 0; i < s->capmoves; i++) {
        mfk__dec_clear(&s->moves[i].v);
        mfk__dec_clear(&s->moves[i].sum);
    }
    mfk__free(a, s->moves);
}

static void side_set(model *m, side *s, size_t actor, unsigned sup,
                     unsigned dem)
{
    s->actor = actor;
    s->sup = sup;
    s->dem = dem;
    mfk__dec_set(&s->X, X(m, actor, sup));
    s->start = X0(m, actor, sup);
    s->Dm = X0(m, actor, dem);
    s->s_sup = S(m, actor, sup);
    s->s_dem = S(m, actor, dem);
    s->c_sup = C(m, actor, sup);
}

static xch *xch_new(model *m)
{
    xch *e;
    if (m->npool > 0) {
        e = m->pool[--m->npool];
        e->I.nmoves = e->J.nmoves = 0;
        e->nu = 0;
        e->valid = 0;
        e->rate_j = e->rate_i = NULL;
        e->dirty = 1;
        return e;
    }
    /* the pool has room for every exchange there is, so that xch_free
     * cannot fail */
    if (m->nxch == m->cappool) {
        size_t cap = m->cappool ? 2 * m->cappool : 256;
        if (mfk__grow(m->a, (void **)&m->pool, cap, sizeof *m->pool))
            return NULL;
        m->cappool = cap;
    }
    if ((e = mfk__calloc(m->a, 1, sizeof *e)) == NULL)
        return NULL;
    m->nxch++;
    side_init(&e->I);
    side_init(&e->J);
    mfk__dec_init(&e->gain);
    mfk__dec_init(&e->dp);
    mfk__dec_init(&e->dq);
    e->dirty = 1;
    return e;
}

static void xch_destroy(model *m, xch *e)
{
    size_t i;
    side_clear(m->a, &e->I);
    side_clear(m->a, &e->J);
    mfk__dec_clear(&e->gain);
    mfk__dec_clear(&e->dp);
    mfk__dec_clear(&e->dq);
    for (i = 0; i < e->capu; i++)
        mfk__dec_clear(&e->u[i].pos);
    mfk__free(m->a, e->u);
    mfk__free(m->a, e);
}

/* Back to the pool, which has room for it (xch_new). */
static void xch_free(model *m, xch *e)
{
    if (e != NULL)
        m->pool[m->npool++] = e;
}

/* E's record of where T, a side of an exchange made, now stands on issue
 * k: T's voting position the first time, then the one nearer T's start
 * of the stored and the new, on the side T moved to. */
static int record_update(model *m, xch *e, unsigned k, const side *T)
{
    size_t i;
    update *u = NULL;
    for (i = 0; i < e->nu; i++)
        if (e->u[i].issue == k && e->u[i].actor == T->actor)
            u = &e->u[i];
    if (u == NULL) {
        if (e->nu == e->capu) {
            size_t cap = e->capu ? 2 * e->capu : 2;
            if (mfk__grow(m->a, (void **)&e->u, cap, sizeof *e->u))
                return MFK_ENOMEM;
            for (i = e->capu; i < cap; i++)
                mfk__dec_init(&e->u[i].pos);
            e->capu = cap;
        }
        u = &e->u[e->nu++];
        u->issue = k;
        u->actor = T->actor;
        mfk__dec_set(&u->pos, &T->y);
        return MFK_OK;
    }
    if (cmp(m, T->start, &u->pos) <= 0) {
        if (cmp(m, &T->y, &u->pos) < 0)
            mfk__dec_set(&u->pos, &T->y);
    } else if (cmp(m, &T->y, &u->pos) > 0) {
        mfk__dec_set(&u->pos, &T->y);
    }
    return MFK_OK;
}

static int same_demand(const side *a, const side *b)
{
    return a->actor == b->actor && a->dem == b->dem;
}

/* §6: what exchange R, just made, does to candidate E. A side of E that
 * supplies what a side of R supplied starts where that one ended; when R's
 * J (then R's I) wanted what a side of E wants, E records where R's other
 * side now stands. Whatever applied, the last entry of each of E's move
 * lists is dropped, once, and E is computed again. */
static int recalculate(model *m, xch *e, const xch *r)
{
    side *es[2] = {&e->I, &e->J};
    const side *rs[2] = {&r->I, &r->J};
    int changed = 0, i, j, rc;

    /* both rules need a member of R in E */
    if (e->I.actor != r->I.actor && e->I.actor != r->J.actor &&
        e->J.actor != r->I.actor && e->J.actor != r->J.actor)
        return MFK_OK;

    for (i = 0; i < 2; i++)
        for (j = 0; j < 2; j++)
            if (es[i]->actor == rs[j]->actor && es[i]->sup == rs[j]->sup) {
                mfk__dec_set(&es[i]->X, &rs[j]->y);
                if (push_move(m, es[i], &rs[j]->moves[rs[j]->nmoves - 1].v))
                    return MFK_ENOMEM;
                changed = 1;
                break;
            }
    /* the demander rs[j], the other side rs[1 - j], on its supply issue */
    for (j = 1; j >= 0; j--)
        if (same_demand(rs[j], &e->J) || same_demand(rs[j], &e->I)) {
            if ((rc = record_update(m, e, rs[1 - j]->sup, rs[1 - j])) !=
                MFK_OK)
                return rc;
            changed = 1;
        }
    if (!changed)
        return MFK_OK;
    pop_move(&e->I);
    pop_move(&e->J);
    e->dirty = 1;
    return calculate(m, e);
}

/* Higher gain first; the exact gains decide where the doubles cannot. */
static int before(model *m, const xch *a, const xch *b)
{
    double d = a->key - b->key, s = fabs(a->key) + fabs(b->key);
    if (fabs(d) > 1e-12 * s)
        return d > 0;
    return cmp(m, &a->gain, &b->gain) > 0;
}

/* Stable merge sort of v[0..n-1] by gain, descending. */
static void sort_gain(model *m, xch **v, xch **tmp, size_t n)
{
    size_t w, i, l, r, lend, rend, k;
    xch **src = v, **dst = tmp, **sw;
    for (w = 1; w < n; w *= 2) {
        for (i = 0; i < n; i += 2 * w) {
            l = i;
            lend = i + w < n ? i + w : n;
            r = lend;
            rend = i + 2 * w < n ? i + 2 * w : n;
            k = i;
            while (l < lend && r < rend)
                dst[k++] = before(m, src[r], src[l]) ? src[r++] : src[l++];
            while (l < lend)
                dst[k++] = src[l++];
            while (r < rend)
                dst[k++] = src[r++];
        }
        sw = src;
        src = dst;
        dst = sw;
    }
    if (src != v)
        memcpy(v, src, n * sizeof *v);
}

/* Whether y, computed again, goes before x, not: a higher gain, or an
 * equal one and an earlier place in the list. */
static int goes_before(model *m, const xch *y, const xch *x)
{
    return before(m, y, x) || (!before(m, x, y) && y->idx < x->idx);
}

/* The stable sort by gain, descending, of u[0..nu-1], in order already,
 * and d[0..nd-1], computed again, each with its place in the list before
 * (idx): d sorted (tmp has room for nd), then each of d put into u where
 * the binary search by goes_before finds its place, into out. */
static void merge_dirty(model *m, xch **u, size_t nu, xch **d, size_t nd,
                        xch **tmp, xch **out)
{
    size_t a = 0, b, k = 0, lo, hi, mid;
    sort_gain(m, d, tmp, nd);
    for (b = 0; b < nd; b++) {
        lo = a;
        hi = nu;
        while (lo < hi) {
            mid = lo + (hi - lo) / 2;
            if (goes_before(m, d[b], u[mid]))
                hi = mid;
            else
                lo = mid + 1;
        }
        memcpy(out + k, u + a, (lo - a) * sizeof *out);
        k += lo - a;
        a = lo;
        out[k++] = d[b];
    }
    memcpy(out + k, u + a, (nu - a) * sizeof *out);
}

/* The terms and outcomes of every issue at positions pos. */
static void outcomes(model *m, const mfk__dec *pos, mfk__dec *terms)
{
    unsigned k;
    size_t i, a;
    double t, sum, size;
    for (k = 0; k < m->dims; k++) {
        sum = size = 0;
        for (i = 0; i < m->count[k]; i++) {
            a = m->in[(size_t)k * m->n + i];
            term_at(m, &terms[a * m->dims + k], a, k,
                    &pos[a * m->dims + k]);
            t = approx(&terms[a * m->dims + k]);
            m->term_d[a * m->dims + k] = t;
            sum += t;
            size += fabs(t);
        }
        m->sum_d[k] = sum;
        m->abs_d[k] = size;
        outcome_of(m, &m->out[k], k, terms);
    }
}

/* v on issue k's own scale: its lower end for 0, else v / step + lower */
static double own_scale(model *m, const mfk__dec *v, unsigned k)
{
    if (mfk__dec_sgn(v) == 0)
        return mfk__dec_get_d(&m->lo[k]);
    divd(m, &m->t[0], v, &m->step[k]);
    add(m, &m->t[0], &m->t[0], &m->lo[k]);
    return mfk__dec_get_d(&m->t[0]);
}

static double own_move(model *m, const mfk__dec *v, unsigned k)
{
    divd(m, &m->t[0], v, &m->step[k]);
    return mfk__dec_get_d(&m->t[0]);
}

static int taking_part(const model *m, size_t a, unsigned k)
{
    return m->place[a * m->dims + k] != NOT_IN;
}

static int push_result(model *m, mfk_prediction *p, const xch *r)
{
    mfk_exchange *x;
    if (p->nx == p->xcap) {
        size_t cap = p->xcap ? 2 * p->xcap : 64;
        if (mfk__grow(m->a, (void **)&p->x, cap, sizeof *p->x))
            return MFK_ENOMEM;
        p->xcap = cap;
    }
    x = &p->x[p->nx++];
    x->i = r->I.actor;
    x->j = r->J.actor;
    x->p = r->p;
    x->q = r->q;
    x->gain = mfk__dec_get_d(&r->gain);
    x->i_move = own_move(m, &r->I.move, r->q);
    x->j_move = own_move(m, &r->J.move, r->p);
    return MFK_OK;
}

/* The new preference of side S: x0 + w (y - x0), w = 0.1 + 0.4 (1 - s), in
 * the reference program's order of operations. */
static void new_start(model *m, mfk__dec *r, const side *sd)
{
    mfk__dec *a = &m->t[4], *b = &m->t[5], *c = &m->t[6], *d = &m->t[7];
    sub(m, a, &m->one, sd->s_sup);
    mul(m, a, a, &m->sw);     /* (1 - s) * sw */
    mul(m, b, a, &sd->y);     /* ((1 - s) * sw) * y */
    mul(m, c, &m->fw, &sd->y);
    add(m, b, b, c);          /* + fw * y */
    sub(m, c, &m->one, a);
    sub(m, c, c, &m->fw);     /* (1 - ((1 - s) * sw)) - fw */
    mul(m, d, c, sd->start);
    add(m, r, b, d);
}

/* One round: candidates, exchanges, new positions. */
static int round_run(model *m, mfk_prediction *p, unsigned round)
{
    xch **list = NULL, **tmp = NULL, **tmp2 = NULL, **made = NULL;
    size_t nl = 0, cap = 0, nmade = 0, ndirty = 0, i, j, w, ia, ib, head;
    unsigned pi, qi, k;
    unsigned char left[MFK_MAX_MEMBERS][MFK_MAX_DIMS];
    int rc = MFK_OK;
    static const int pairs[2][2] = {{0, 3}, {1, 2}};

    outcomes(m, m->x, m->term);
    for (i = 0; i < m->n * m->dims; i++)
        mfk__dec_set(&m->x0[i], &m->x[i]);
    for (k = 0; k < m->dims; k++) {
        p->start[(size_t)round * m->dims + k] = own_scale(m, &m->out[k], k);
        for (i = 0; i < m->n; i++)
            left[i][k] = cmp(m, X(m, i, k), &m->out[k]) <= 0;
    }
    for (pi = 0; pi < m->dims; pi++)
        for (qi = pi + 1; qi < m->dims; qi++) {
            int g;
            for (g = 0; g < 2; g++)
                for (ia = 0; ia < m->n; ia++) {
                    if (!taking_part(m, ia, pi) || !taking_part(m, ia, qi) ||
                        left[ia][pi] + 2 * left[ia][qi] != pairs[g][0])
                        continue;
                    for (ib = 0; ib < m->n; ib++) {
                        xch *e;
                        size_t u, v;
                        if (!taking_part(m, ib, pi) ||
                            !taking_part(m, ib, qi) ||
                            left[ib][pi] + 2 * left[ib][qi] != pairs[g][1])
                            continue;
                        if (nl == cap) {
                            cap = cap ? 2 * cap : 256;
                            if (mfk__grow(m->a, (void **)&list, cap,
                                          sizeof *list)) {
                                rc = MFK_ENOMEM;
                                goto done;
                            }
                        }
                        if ((e = xch_new(m)) == NULL) {
                            rc = MFK_ENOMEM;
                            goto done;
                        }
                        list[nl++] = e;
                        e->p = pi;
                        e->q = qi;
                        /* I: the larger s_p / s_q; the first on a tie */
                        if ((m->spq_zero[(ia * m->dims + pi) * m->dims + qi] ||
                             m->spq_zero[(ib * m->dims + pi) * m->dims + qi]) &&
                            m->rc == MFK_OK)
                            m->rc = MFK_ERANGE;
                        if (cmp(m, SPQ(m, ia, pi, qi), SPQ(m, ib, pi, qi)) <
                            0) {
                            u = ib;
                            v = ia;
                        } else {
                            u = ia;
                            v = ib;
                        }
                        side_set(m, &e->I, u, qi, pi);
                        side_set(m, &e->J, v, pi, qi);
                        if ((rc = calculate(m, e)) != MFK_OK)
                            goto done;
                    }
                }
        }
    if (nl > 0 && ((tmp = mfk__calloc(m->a, 2 * nl, sizeof *tmp)) == NULL ||
                   (tmp2 = mfk__calloc(m->a, nl, sizeof *tmp2)) == NULL ||
                   (made = mfk__calloc(m->a, nl, sizeof *made)) == NULL)) {
        rc = MFK_ENOMEM;
        goto done;
    }
    /* the list in order of gain (stable); after each exchange made, the
     * candidates it changed are put back in their places */
    if (nl > 0)
        sort_gain(m, list, tmp, nl);
    head = 0;
    while (head < nl) {
        xch *r = list[head];
        size_t nu = 0;
        list[head++] = NULL;
        if (!r->valid) {
            xch_free(m, r);
            continue;
        }
        made[nmade++] = r;
        for (i = head, w = head; i < nl; i++) {
            xch *e = list[i];
            list[i] = NULL;
            e->idx = i;
            e->dirty = 0;
            if (e->valid && (rc = recalculate(m, e, r)) != MFK_OK) {
                xch_free(m, e);
                goto done;
            }
            if (!e->valid)
                xch_free(m, e);
            else if (e->dirty)
                tmp2[ndirty++] = e;
            else
                list[w + nu++] = e;
        }
        nl = w + nu + ndirty;
        merge_dirty(m, list + head, nu, tmp2, ndirty, tmp, tmp + ndirty);
        memcpy(list + head, tmp + ndirty, (nl - head) * sizeof *list);
        ndirty = 0;
        if (m->rc != MFK_OK) {
            rc = m->rc;
            goto done;
        }
    }
    /* the votes: where each mover ended */
    for (i = 0; i < m->n * m->dims; i++)
        mfk__dec_set(&m->vx[i], &m->x[i]);
    for (i = 0; i < nmade; i++) {
        mfk__dec_set(&m->vx[made[i]->I.actor * m->dims + made[i]->I.sup],
                     &made[i]->I.y);
        mfk__dec_set(&m->vx[made[i]->J.actor * m->dims + made[i]->J.sup],
                     &made[i]->J.y);
    }
    outcomes(m, m->vx, m->term);
    for (k = 0; k < m->dims; k++)
        p->after[(size_t)round * m->dims + k] = own_scale(m, &m->out[k], k);
    for (i = 0; i < nmade; i++) {
        if ((rc = push_result(m, p, made[i])) != MFK_OK)
            goto done;
        new_start(m, X(m, made[i]->I.actor, made[i]->I.sup), &made[i]->I);
        new_start(m, X(m, made[i]->J.actor, made[i]->J.sup), &made[i]->J);
    }
    p->first[round + 1] = p->nx;
    if (m->rc != MFK_OK)
        rc = m->rc;
done:
    for (j = 0; j < nl; j++)
        xch_free(m, list[j]);
    for (j = 0; j < ndirty; j++)
        xch_free(m, tmp2[j]);
    for (j = 0; j < nmade; j++)
        xch_free(m, made[j]);
    mfk__free(m->a, list);
    mfk__free(m->a, tmp);
    mfk__free(m->a, tmp2);
    mfk__free(m->a, made);
    return rc;
}

static int dec_from(model *m, mfk__dec *r, double v)
{
    (void)m;
    return mfk__dec_set_double_short(r, v);
}

int mfk__exchange_run(mfk_prediction *p, const struct mfk__xinput *in,
                      unsigned rounds)
{
    model m;
    size_t nk = in->n * in->dims, i, a;
    unsigned k, r;
    int rc = MFK_OK;
    mfk__dec hi, lo, *all[] = {&m.zero, &m.one,  &m.hundred, &m.eps10,
                               &m.eps20, &m.sw, &m.fw};

    memset(&m, 0, sizeof m);
    m.a = &p->alloc;
    m.n = in->n;
    m.dims = in->dims;
    m.in = in->in;
    m.count = in->count;
    if (in->n > MFK_MAX_MEMBERS || in->dims > MFK_MAX_DIMS)
        return MFK_ELIMIT;
    mfk__decctx_init(&m.ctx);
    mfk__dec_init(&hi);
    mfk__dec_init(&lo);
    for (i = 0; i < sizeof all / sizeof all[0]; i++)
        mfk__dec_init(all[i]);
    for (i = 0; i < 8; i++)
        mfk__dec_init(&m.t[i]);
    for (k = 0; k < MFK_MAX_DIMS; k++) {
        mfk__dec_init(&m.den[k]);
        mfk__dec_init(&m.out[k]);
        mfk__dec_init(&m.step[k]);
        mfk__dec_init(&m.lo[k]);
    }
    mfk__dec_set_si(&m.one, 1);
    mfk__dec_set_si(&m.hundred, 100);
    /* the program compares with the doubles 1e-10 and 1e-20 exactly, and
     * weighs by Decimal(0.4) and Decimal(0.1), the doubles' exact values */
    /* ... through eps10, the largest 28-digit number below 1e-10 as a
     * double: no number of 28 digits lies between them, so a result is
     * at most the double when it is at most eps10, and at least the
     * double when above it (a comparison in 128 bits, not GMP) */
    if ((rc = mfk__dec_set_str(&m.eps10, MFK__EPS10_BELOW)) != MFK_OK)
        goto done;
    mfk__dec_set_double_exact(&m.eps20, 1e-20);
    mfk__dec_set_double_exact(&m.sw, 0.4);
    mfk__dec_set_double_exact(&m.fw, 0.1);
    m.x = mfk__calloc(m.a, nk, sizeof *m.x);
    m.s = mfk__calloc(m.a, nk, sizeof *m.s);
    m.c = mfk__calloc(m.a, nk, sizeof *m.c);
    m.sc = mfk__calloc(m.a, nk, sizeof *m.sc);
    m.term = mfk__calloc(m.a, nk, sizeof *m.term);
    m.vx = mfk__calloc(m.a, nk, sizeof *m.vx);
    m.x0 = mfk__calloc(m.a, nk, sizeof *m.x0);
    m.prefix = mfk__calloc(m.a, (in->n + 1) * in->dims, sizeof *m.prefix);
    m.place = mfk__calloc(m.a, nk, sizeof *m.place);
    m.sc_d = mfk__calloc(m.a, nk, sizeof *m.sc_d);
    m.term_d = mfk__calloc(m.a, nk, sizeof *m.term_d);
    m.spq = mfk__calloc(m.a, nk * in->dims, sizeof *m.spq);
    m.spq_zero = mfk__calloc(m.a, nk * in->dims, sizeof *m.spq_zero);
    m.nrates = (in->dims * (in->dims - 1) / 2) * (in->n * (in->n - 1) / 2);
    if (m.nrates == 0)
        m.nrates = 1;
    m.rates = mfk__calloc(m.a, m.nrates, sizeof *m.rates);
    if (!m.x || !m.s || !m.c || !m.sc || !m.term || !m.vx || !m.x0 || !m.prefix || !m.place ||
        !m.sc_d || !m.term_d || !m.spq || !m.spq_zero || !m.rates) {
        rc = MFK_ENOMEM;
        goto done;
    }
    m.inited = 1;
    for (i = 0; i < (in->n + 1) * in->dims; i++)
        mfk__dec_init(&m.prefix[i]);
    for (i = 0; i < nk; i++)
        m.place[i] = NOT_IN;
    for (k = 0; k < in->dims; k++)
        for (i = 0; i < in->count[k]; i++)
            m.place[in->in[(size_t)k * in->n + i] * in->dims + k] = i;
    for (i = 0; i < nk; i++) {
        mfk__dec_init(&m.x[i]);
        mfk__dec_init(&m.s[i]);
        mfk__dec_init(&m.c[i]);
        mfk__dec_init(&m.sc[i]);
        mfk__dec_init(&m.term[i]);
        mfk__dec_init(&m.vx[i]);
        mfk__dec_init(&m.x0[i]);
    }
    for (i = 0; i < nk * in->dims; i++)
        mfk__dec_init(&m.spq[i]);
    for (k = 0; k < in->dims; k++) {
        /* step = 100 / (upper - lower) */
        if ((rc = dec_from(&m, &lo, in->lo[k])) ||
            (rc = dec_from(&m, &hi, in->hi[k])))
            goto done;
        mfk__dec_set(&m.lo[k], &lo);
        sub(&m, &hi, &hi, &lo);
        divd(&m, &m.step[k], &m.hundred, &hi);
        mfk__dec_set_si(&m.den[k], 0);
        for (i = 0; i < in->count[k]; i++) {
            a = in->in[(size_t)k * in->n + i];
            if ((rc = dec_from(&m, X(&m, a, k), in->pos[a * in->dims + k])) ||
                (rc = dec_from(&m, S(&m, a, k), in->sal[a * in->dims + k])) ||
                (rc = dec_from(&m, C(&m, a, k), in->cap[a * in->dims + k])))
                goto done;
            sub(&m, X(&m, a, k), X(&m, a, k), &lo);
            mul(&m, X(&m, a, k), X(&m, a, k), &m.step[k]);
            mul(&m, SC(&m, a, k), S(&m, a, k), C(&m, a, k));
            add(&m, &m.den[k], &m.den[k], SC(&m, a, k));
            m.sc_d[a * in->dims + k] = approx(S(&m, a, k)) *
                                       approx(C(&m, a, k));
        }
        m.den_d[k] = approx(&m.den[k]);
    }
    /* s_p / s_q of each member on each pair of its issues, for the
     * candidates of every round */
    for (a = 0; a < in->n; a++)
        for (k = 0; k < in->dims; k++)
            for (r = k + 1; r < in->dims; r++) {
                size_t w = (a * in->dims + k) * in->dims + r;
                if (!taking_part(&m, a, k) || !taking_part(&m, a, r))
                    continue;
                if (mfk__dec_div(&m.ctx, &m.spq[w], S(&m, a, k),
                                 S(&m, a, r)) != MFK_OK)
                    m.spq_zero[w] = 1;
            }
    if (m.rc != MFK_OK) {
        rc = m.rc;
        goto done;
    }
    p->rounds = rounds;
    p->start = mfk__calloc(m.a, (size_t)rounds * in->dims, sizeof *p->start);
    p->after = mfk__calloc(m.a, (size_t)rounds * in->dims, sizeof *p->after);
    p->first = mfk__calloc(m.a, (size_t)rounds + 1, sizeof *p->first);
    if (!p->start || !p->after || !p->first) {
        rc = MFK_ENOMEM;
        goto done;
    }
    for (r = 0; r < rounds && rc == MFK_OK; r++)
        rc = round_run(&m, p, r);
    if (rc == MFK_OK && rounds > 0)
        memcpy(p->outcome, &p->after[(size_t)(rounds - 1) * in->dims],
               in->dims * sizeof *p->outcome);
done:
    if (m.inited)
        for (i = 0; i < (in->n + 1) * in->dims; i++)
            mfk__dec_clear(&m.prefix[i]);
    if (m.inited)
        for (i = 0; i < nk; i++) {
            mfk__dec_clear(&m.x[i]);
            mfk__dec_clear(&m.s[i]);
            mfk__dec_clear(&m.c[i]);
            mfk__dec_clear(&m.sc[i]);
            mfk__dec_clear(&m.term[i]);
            mfk__dec_clear(&m.vx[i]);
            mfk__dec_clear(&m.x0[i]);
        }
    mfk__free(m.a, m.x);
    mfk__free(m.a, m.s);
    mfk__free(m.a, m.c);
    mfk__free(m.a, m.sc);
    mfk__free(m.a, m.term);
    mfk__free(m.a, m.vx);
    mfk__free(m.a, m.x0);
    mfk__free(m.a, m.prefix);
    for (i = 0; i < m.npool; i++)
        xch_destroy(&m, m.pool[i]);
    mfk__free(m.a, m.pool);
    mfk__free(m.a, m.place);
    if (m.inited)
        for (i = 0; i < nk * in->dims; i++)
            mfk__dec_clear(&m.spq[i]);
    mfk__free(m.a, m.spq);
    mfk__free(m.a, m.spq_zero);
    if (m.rates != NULL)
        for (i = 0; i < m.nrates; i++)
            if (m.rates[i].has) {
                mfk__dec_clear(&m.rates[i].pq);
                mfk__dec_clear(&m.rates[i].qp);
            }
    mfk__free(m.a, m.rates);
    mfk__free(m.a, m.sc_d);
    mfk__free(m.a, m.term_d);
    for (k = 0; k < MFK_MAX_DIMS; k++) {
        mfk__dec_clear(&m.den[k]);
        mfk__dec_clear(&m.out[k]);
        mfk__dec_clear(&m.step[k]);
        mfk__dec_clear(&m.lo[k]);
    }
    for (i = 0; i < 8; i++)
        mfk__dec_clear(&m.t[i]);
    for (i = 0; i < sizeof all / sizeof all[0]; i++)
        mfk__dec_clear(all[i]);
    mfk__dec_clear(&hi);
    mfk__dec_clear(&lo);
    mfk__decctx_clear(&m.ctx);
    return rc;
}
