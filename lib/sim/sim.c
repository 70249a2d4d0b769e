/* The Monte Carlo of consultations: runs drawn from their own streams,
 * done in chunks on threads, merged in chunk order. */
#include "sim/sim-private.h"
#include "sim/kernel.h"

#include <math.h>
#include <pthread.h>
#include <stdint.h>
#include <string.h>

typedef unsigned long long u64;

#define MAX_BLOCS 64
#define MAX_THREADS 256
/* Chunks per step of mfk_sim_run(). */
#define STEP_CHUNKS 256

/* What the fast Chair returns when it cannot decide and the engine's own
 * Chair must (fast_chair). */
#define CHAIR_ASK_ENGINE (MFK_DONE + 1)

/* A chunk record holds, for each rule, these totals, then the rounds
 * histogram (max_rounds + 1), then one slot a member for blocking and
 * one for the distance to its ideal point. */
enum {
    OFF_RUNS = 0,
    OFF_OUT = 1, /* MFK_OUTCOME_INADMISSIBLE + 1 slots */
    OFF_ADOPTED = OFF_OUT + MFK_OUTCOME_INADMISSIBLE + 1,
    OFF_ROUNDS,
    OFF_MEMBER_ROUNDS,
    OFF_PART,
    OFF_DIST,
    OFF_HIST
};

/* What one thread needs for its runs: a body of its own, a proposal and
 * a consultation on it. A run's ideal points are drawn into the body, or
 * four runs' at once into `lanes`, where the fast path reads them (x). */
struct mfk__worker {
    mfk_sim *sim;
    mfk_body *body;
    mfk_proposal *prop;
    mfk_consultation *c;
    int c_open;          /* c is reset and not over: the Chair may amend */
    double *reach;       /* n: d_i(status quo) + tolerance_i */
    double *x0;          /* n * dims: the drawn ideal points (dynamics) */
    size_t words;        /* 64-bit words of a set of members */
    u64 *obj1;           /* words: who objects in round 1 (fast path) */
    u64 *obj;            /* words: who objects in a later round */
    u64 *blk;            /* words, for the engine's blockers */
    struct tally *tally; /* a rule's integer totals in this chunk */
    size_t tally_size;   /* u64 a rule: see struct tally */
    unsigned char *st;   /* n: stances, for mfk_rule_apply */
    unsigned char *fl;   /* n: flags */
    size_t *near;        /* n: members whose run ends near the Chair's */
    int chair_1d;        /* the fast 1-D Chair applies (see fast_chair) */
    int unit;            /* every salience is 1 */
    size_t last_objector; /* where anyone_objects() starts */
    int sq_set;          /* the proposal has this run's status quo */
    int est_ready;       /* lo_est, hi_est and scale are this run's */
    int run_ready;       /* run_lo, run_hi are this run's (fast_chair) */
    int run_ok;          /* ... and found; else the engine decides */
    double run_lo, run_hi;
    double lo_est, hi_est, scale; /* see estimates() */
    mfk_rng brng;        /* the behaviour's stream in the current run */
    const double *x;     /* this run's ideal points: the body's, or the
                          * drawn ones until sync_ideals() */
    const struct mfk__sim_kernel *k; /* the simulation's kernel */
    int lanes_ok;        /* k draws in fours and that applies (one_chunk) */
    double *lanes;       /* 4 runs' uniform values, run after run */
    size_t lane_len;     /* doubles a run in lanes */
    u64 lane_out[4];     /* each run's next output, for the proposer */
    mfk_rng lane_rng[4]; /* each run's stream after it */
    double *dsum;        /* a rule's sums of distances in this chunk:
                          * to the status quo, then to each member */
    double sq[MFK_MAX_DIMS], pos0[MFK_MAX_DIMS];
    /* Workers sit side by side and each writes its own fields run after
     * run: this keeps the next one's out of the cache lines written. */
    unsigned char pad[128];
};

/* What the engine decides of a round in which k of the n members object
 * and the others join, as the model's stances are in the fast path: the
 * rule's verdict and, on adoption, the outcome and the number of members
 * bound. Asked of the engine (mfk__rule_verdict(), mfk__adopted_outcome(),
 * mfk__bound_count()) for every k when the rules are set, so that a round
 * of the fast path looks its decision up. */
struct fast_row {
    size_t bound;
    unsigned char verdict, outcome;
};

struct fast_rule {
    struct fast_row *row; /* k = 0 .. n; NULL: each round asks the engine
                           * (the verdict reads who objects, not how many) */
    int any_blocks;       /* every k > 0 has k = 1's verdict, not adoption */
};

struct mfk_sim {
    mfk_allocator alloc;
    mfk_body *tmpl; /* the body as given */
    size_t n;
    unsigned dims;
    mfk_culture culture;
    double spread;
    unsigned blocs;
    int at_member;
    int sq_fixed;
    double sq[MFK_MAX_DIMS];
    double concession, face_saving;
    double susceptibility; /* Friedkin-Johnsen between rounds; 0: none */
    mfk_chair_strategy chair;
    unsigned max_rounds;
    mfk_rule *rules;
    size_t nrules, rulecap;
    struct fast_rule *fast; /* the engine's decisions, tabulated, */
    size_t nfast;           /* for the first nfast rules */
    mfk_outcome fallback;   /* the engine's outcome when rounds run out */
    size_t per_rule; /* doubles per rule in a record */
    double *total;   /* nrules * per_rule */
    struct mfk__worker *workers;
    size_t nworkers;
    const struct mfk__sim_kernel *kern; /* chosen in mfk_sim_new() */
};

/* What the runs of a chunk add up to for one rule, counted in integers
 * and written into the chunk's record at its end (tally_flush): the
 * outcomes, adoptions, rounds, participants, then the rounds histogram
 * (max_rounds + 1), then the blocking counts: for up to 64 members, a
 * 16-bit count a member, 4 to a word (member i in bits 16 (i % 4) of
 * word i / 4), 8 to a pair of words; for more, for each word
 * of members SLICES words, bit-sliced: bit i of slice b is bit b of the
 * count of member 64 w + i. Exact, so the record is what double sums
 * would give. */
#define SLICES 9 /* counts up to 511 >= MFK_SIM_CHUNK */
_Static_assert(MFK_SIM_CHUNK < 512, "blocking counts of a chunk fit 9 bits");
_Static_assert(MFK_SIM_CHUNK % 4 == 0, "chunks start runs drawn in fours");
struct tally {
    u64 out[MFK_OUTCOME_INADMISSIBLE + 1];
    u64 adopted, rounds, participants;
    u64 rest[]; /* the histogram, then the slices */
};

/* What one consultation of a run came to. The blockers are either a set
 * of members or, from the engine, the flags of the last round. */
struct result {
    mfk_outcome outcome;
    unsigned rounds;
    int adopted;
    size_t participants;
    const u64 *blockers;          /* a set of members; NULL: see flags */
    const unsigned char *flags;   /* n: & MFK_FLAG_BLOCKER; NULL: none */
    double pos[MFK_MAX_DIMS];     /* where the last round was held */
};

/* ---- copies of the body ---------------------------------------------- */

static int copy_body(mfk_body **out, const mfk_body *src, unsigned rounds,
                     const mfk_allocator *alloc)
{
    mfk_body *b;
    size_t i;
    int rc;

    rc = mfk_body_new(&b, src->name, src->dims, alloc);
    if (rc != MFK_OK)
        return rc;
    for (i = 0; i < src->n && rc == MFK_OK; i++) {
        rc = mfk_body_add_member(b, src->id[i], src->mname[i], NULL);
        if (rc == MFK_OK)
            rc = mfk_body_set_weight(b, i, src->weight[i]);
        if (rc == MFK_OK)
            rc = mfk_body_set_salience(b, i, src->salience + i * src->dims);
        if (rc == MFK_OK)
            rc = mfk_body_set_tolerance(b, i, src->tolerance[i]);
        if (rc == MFK_OK && src->has_ideal[i])
            rc = mfk_body_set_ideal(b, i, src->ideal + i * src->dims);
    }
    if (rc == MFK_OK)
        rc = mfk_body_set_fallback(b, src->fallback);
    if (rc == MFK_OK && rounds > 0)
        rc = mfk_body_set_max_rounds(b, rounds);
    if (rc != MFK_OK) {
        mfk_body_free(b);
        return rc;
    }
    *out = b;
    return MFK_OK;
}

/* ---- the sim object --------------------------------------------------- */

static void worker_free(mfk_sim *s, struct mfk__worker *w)
{
    mfk_consultation_free(w->c);
    mfk_proposal_free(w->prop);
    mfk_body_free(w->body);
    mfk__free(&s->alloc, w->reach);
    mfk__free(&s->alloc, w->x0);
    mfk__free(&s->alloc, w->obj1);
    mfk__free(&s->alloc, w->lanes);
    mfk__free(&s->alloc, w->dsum);
}

static void free_workers(mfk_sim *s)
{
    size_t t;
    for (t = 0; t < s->nworkers; t++)
        worker_free(s, &s->workers[t]);
    mfk__free(&s->alloc, s->workers);
    s->workers = NULL;
    s->nworkers = 0;
}

static void free_fast(mfk_sim *s)
{
    size_t j;
    for (j = 0; j < s->nfast; j++)
        mfk__free(&s->alloc, s->fast[j].row);
    mfk__free(&s->alloc, s->fast);
    s->fast = NULL;
    s->nfast = 0;
}

/* The rules' tables of the engine's decisions (struct fast_row). A rule
 * whose verdict reads the weights, or is the program's own, has none. */
static int build_fast(mfk_sim *s)
{
    size_t j, k, n = s->n;

    free_fast(s);
    s->fallback = mfk__fallback_outcome(s->tmpl->fallback);
    if (s->nrules == 0)
        return MFK_OK;
    s->fast = mfk__calloc(&s->alloc, s->nrules, sizeof *s->fast);
    if (s->fast == NULL)
        return MFK_ENOMEM;
    s->nfast = s->nrules;
    for (j = 0; j < s->nrules; j++) {
        const mfk_rule *r = &s->rules[j];
        struct fast_rule *fr = &s->fast[j];
        if (r->kind == MFK_RULE_CALLBACK || mfk__rule_reads_weights(r))
            continue;
        fr->row = mfk__calloc(&s->alloc, n + 1, sizeof *fr->row);
        if (fr->row == NULL) {
            free_fast(s);
            return MFK_ENOMEM;
        }
        for (k = 0; k <= n; k++) {
            struct mfk__count c;
            mfk_verdict v;
            memset(&c, 0, sizeof c);
            mfk__count_add(&c, MFK_OBJECT, k);
            mfk__count_add(&c, MFK_JOIN, n - k);
            (void)mfk__rule_verdict(r, &c, &v); /* not a callback */
            fr->row[k].verdict = (unsigned char)v;
            if (v == MFK_VERDICT_ADOPTED) {
                fr->row[k].outcome =
                    (unsigned char)mfk__adopted_outcome(r->kind, &c);
                fr->row[k].bound = mfk__bound_count(s->tmpl, r->kind, &c);
            }
        }
        fr->any_blocks = fr->row[1].verdict != MFK_VERDICT_ADOPTED;
        for (k = 2; k <= n; k++)
            fr->any_blocks &= fr->row[k].verdict == fr->row[1].verdict;
    }
    return MFK_OK;
}

static size_t per_rule(const mfk_sim *s)
{
    return OFF_HIST + s->max_rounds + 1 + 2 * s->n;
}

/* The totals are laid out for the rules and rounds in force: any change
 * of them clears the totals and lets the workers go. */
static int relayout(mfk_sim *s)
{
    size_t size = per_rule(s) * (s->nrules ? s->nrules : 1);
    double *t = mfk__calloc(&s->alloc, size, sizeof *t);
    if (t == NULL || build_fast(s) != MFK_OK) {
        mfk__free(&s->alloc, t);
        return MFK_ENOMEM;
    }
    mfk__free(&s->alloc, s->total);
    s->total = t;
    s->per_rule = per_rule(s);
    free_workers(s);
    return MFK_OK;
}

int mfk_sim_new(mfk_sim **out, const mfk_body *body,
                const mfk_allocator *alloc)
{
    mfk_sim *s;
    mfk_allocator a;
    int rc;

    if (out == NULL)
        return MFK_EINVAL;
    *out = NULL;
    if (body == NULL || body->n == 0)
        return MFK_EINVAL;
    mfk__alloc_init(&a, alloc);
    s = mfk__calloc(&a, 1, sizeof *s);
    if (s == NULL)
        return MFK_ENOMEM;
    s->alloc = a;
    s->n = body->n;
    s->dims = body->dims;
    s->culture = MFK_CULTURE_UNIFORM;
    s->spread = 0.15;
    s->blocs = 3;
    s->at_member = 1;
    s->chair = MFK_CHAIR_DEFAULT;
    s->max_rounds = 10;
    s->kern = mfk__sim_kernel_best();
    rc = copy_body(&s->tmpl, body, 0, &a);
    if (rc == MFK_OK)
        rc = relayout(s);
    if (rc != MFK_OK) {
        mfk_sim_free(s);
        return rc;
    }
    *out = s;
    return MFK_OK;
}

void mfk_sim_free(mfk_sim *s)
{
    if (s == NULL)
        return;
    free_workers(s);
    free_fast(s);
    mfk__free(&s->alloc, s->total);
    mfk__free(&s->alloc, s->rules);
    mfk_body_free(s->tmpl);
    mfk__free(&s->alloc, s);
}

int mfk_sim_set_culture(mfk_sim *s, mfk_culture culture, double spread,
                        unsigned blocs)
{
    if (s == NULL || (int)culture < 0 || culture > MFK_CULTURE_FIXED)
        return MFK_EINVAL;
    if (!isfinite(spread) || spread < 0)
        return MFK_ERANGE;
    if (culture == MFK_CULTURE_BLOCS && (blocs < 1 || blocs > MAX_BLOCS))
        return MFK_ERANGE;
    if (culture == MFK_CULTURE_FIXED && !mfk_body_has_ideals(s->tmpl))
        return MFK_EINVAL;
    s->culture = culture;
    s->spread = spread;
    if (culture == MFK_CULTURE_BLOCS)
        s->blocs = blocs;
    return MFK_OK;
}

int mfk_sim_set_proposals(mfk_sim *s, int at_member, const double *sq)
{
    unsigned k;
    if (s == NULL)
        return MFK_EINVAL;
    if (sq != NULL) {
        for (k = 0; k < s->dims; k++)
            if (!isfinite(sq[k]))
                return MFK_ERANGE;
        memcpy(s->sq, sq, s->dims * sizeof *sq);
    }
    s->sq_fixed = sq != NULL;
    s->at_member = at_member != 0;
    return MFK_OK;
}

int mfk_sim_set_behaviour(mfk_sim *s, double concession, double face_saving,
                          mfk_chair_strategy chair)
{
    if (s == NULL || (int)chair < 0 || chair > MFK_CHAIR_SINGLE_ROUND)
        return MFK_EINVAL;
    if (!isfinite(concession) || concession < 0 || !(face_saving >= 0) ||
        face_saving > 1)
        return MFK_ERANGE;
    s->concession = concession;
    s->face_saving = face_saving;
    s->chair = chair;
    return MFK_OK;
}

int mfk_sim_set_dynamics(mfk_sim *s, double susceptibility)
{
    if (s == NULL)
        return MFK_EINVAL;
    if (!(susceptibility >= 0) || susceptibility > 1)
        return MFK_ERANGE;
    s->susceptibility = susceptibility;
    return MFK_OK;
}

int mfk_sim_set_max_rounds(mfk_sim *s, unsigned rounds)
{
    unsigned old;
    int rc;
    if (s == NULL)
        return MFK_EINVAL;
    if (rounds < 1 || rounds > MFK_MAX_ROUNDS)
        return MFK_ERANGE;
    old = s->max_rounds;
    s->max_rounds = rounds;
    rc = relayout(s);
    if (rc != MFK_OK)
        s->max_rounds = old;
    return rc;
}

int mfk_sim_add_rule(mfk_sim *s, const mfk_rule *rule)
{
    int rc;
    if (s == NULL || rule == NULL)
        return MFK_EINVAL;
    rc = mfk__rule_check(rule);
    if (rc != MFK_OK)
        return rc;
    if (s->nrules == s->rulecap) {
        size_t cap = s->rulecap ? 2 * s->rulecap : 4;
        if (mfk__grow(&s->alloc, (void **)&s->rules, cap, sizeof *s->rules))
            return MFK_ENOMEM;
        s->rulecap = cap;
    }
    s->rules[s->nrules++] = *rule;
    rc = relayout(s);
    if (rc != MFK_OK)
        s->nrules--;
    return rc;
}

size_t mfk_sim_rule_count(const mfk_sim *s)
{
    return s == NULL ? 0 : s->nrules;
}

size_t mfk_sim_record_size(const mfk_sim *s)
{
    return s == NULL ? 0 : s->nrules * s->per_rule;
}

#ifdef MFK_TEST_HOOKS
#include "mufakat-test.h"

int mfk__test_sim_force_kernel(mfk_sim *s, const char *name)
{
    const struct mfk__sim_kernel *k;
    if (s == NULL || name == NULL)
        return MFK_EINVAL;
    k = mfk__sim_kernel_named(name);
    if (k == NULL)
        return MFK_EUNSUPPORTED;
    s->kern = k;
    /* The workers were made for the kernel before. */
    free_workers(s);
    return MFK_OK;
}

const char *mfk__test_sim_kernel(const mfk_sim *s)
{
    return s == NULL ? NULL : s->kern->name;
}
#endif

/* ---- drawing a run ---------------------------------------------------- */

/* The uniform values of a run come two from each output of the
 * generator, its low 32 bits first, on the grid of 2^-32 in [0, 1):
 * half the work of a 53-bit draw, and finer than any simulated
 * preference needs. A high half not used at once waits for the next
 * uniform value; any other draw drops it. */
struct halves {
    mfk_rng r;
    u64 spare;
    int has_spare;
};

/* count uniform values into a, then count2 into b (b may be NULL when
 * count2 is 0): the halves of the outputs in order, a spare high half
 * first. */
static void fill_unit2(const struct mfk__sim_kernel *k, struct halves *h,
                       double *a, size_t count, double *b, size_t count2)
{
    mfk_rng r = h->r; /* in registers for the loops */
    size_t i = 0, j = 0;

    if (count > 0 && h->has_spare) {
        a[i++] = mfk__u32_unit(h->spare);
        h->has_spare = 0;
    } else if (count2 > 0 && h->has_spare) {
        b[j++] = mfk__u32_unit(h->spare);
        h->has_spare = 0;
    }
    k->unit_pairs(&r, a + i, (count - i) / 2);
    i += (count - i) / 2 * 2;
    if (i < count) {
        u64 u = mfk__rng_next(&r);
        a[i] = mfk__u32_unit(u);
        if (count2 > 0) {
            b[j++] = mfk__u32_unit(u >> 32);
        } else {
            h->spare = u >> 32;
            h->has_spare = 1;
        }
    }
    if (j < count2) {
        k->unit_pairs(&r, b + j, (count2 - j) / 2);
        j += (count2 - j) / 2 * 2;
    }
    if (j < count2) {
        u64 u = mfk__rng_next(&r);
        b[j] = mfk__u32_unit(u);
        h->spare = u >> 32;
        h->has_spare = 1;
    }
    h->r = r;
}

static void fill_unit(const struct mfk__sim_kernel *k, struct halves *h,
                      double *out, size_t count)
{
    fill_unit2(k, h, out, count, NULL, 0);
}

/* draw() in the commonest case, a uniform culture with a random status
 * quo and proposals at a member's ideal point: one pass with the
 * generator in registers. */
static void draw_uniform(const struct mfk__sim_kernel *kern, u64 mix,
                         u64 run, size_t count, unsigned D, double *ideal,
                         double *sq, double *pos, mfk_rng *rng)
{
    mfk_rng r;
    size_t i, m;
    unsigned k = 0;

    mfk__rng_seed_stream(&r, mix, run);
    kern->unit_pairs(&r, ideal, count / 2);
    i = count / 2 * 2;
    if (i < count) {
        u64 u = mfk__rng_next(&r);
        ideal[i] = mfk__u32_unit(u);
        sq[k++] = mfk__u32_unit(u >> 32);
    }
    if (k + 2 <= D) {
        kern->unit_pairs(&r, sq + k, (D - k) / 2);
        k += (D - k) / 2 * 2;
    }
    if (k < D)
        sq[k] = mfk__u32_unit(mfk__rng_next(&r));
    m = (size_t)mfk__rng_below(&r, count / D);
    for (k = 0; k < D; k++)
        pos[k] = ideal[m * D + k];
    *rng = r;
}

/* draw() in every other case. */
static void draw_other(const mfk_sim *s, u64 mix, u64 run, double *ideal,
                       double *sq, double *pos, mfk_rng *rng)
{
    double centre[MAX_BLOCS * MFK_MAX_DIMS];
    unsigned D = s->dims, k, j;
    size_t i, n = s->n, m;
    struct halves h;

    mfk__rng_seed_stream(&h.r, mix, run);
    h.has_spare = 0;
    switch (s->culture) {
    case MFK_CULTURE_UNIFORM:
        /* The random status quo follows on, in the same pass. */
        fill_unit2(s->kern, &h, ideal, n * D, sq, s->sq_fixed ? 0 : D);
        break;
    case MFK_CULTURE_GAUSSIAN:
        for (i = 0; i < n * D; i++)
            ideal[i] = 0.5 + s->spread * mfk_rng_normal(&h.r);
        break;
    case MFK_CULTURE_BLOCS:
        fill_unit(s->kern, &h, centre, s->blocs * D);
        h.has_spare = 0;
        for (i = 0; i < n; i++) {
            j = (unsigned)mfk__rng_below(&h.r, s->blocs);
            for (k = 0; k < D; k++)
                ideal[i * D + k] =
                    centre[j * D + k] + s->spread * mfk_rng_normal(&h.r);
        }
        break;
    case MFK_CULTURE_FIXED:
        memcpy(ideal, s->tmpl->ideal, n * D * sizeof *ideal);
        break;
    }
    if (s->sq_fixed)
        memcpy(sq, s->sq, D * sizeof *sq);
    else if (s->culture != MFK_CULTURE_UNIFORM)
        fill_unit(s->kern, &h, sq, D);
    if (s->at_member) {
        m = (size_t)mfk__rng_below(&h.r, n);
        for (k = 0; k < D; k++)
            pos[k] = ideal[m * D + k];
    } else {
        fill_unit(s->kern, &h, pos, D);
    }
    *rng = h.r;
}

/*
 * The draw of run `run`, from stream (seed, run) (the seed's mix given),
 * in this order: the members' ideal points (member by member, dimension
 * by dimension; for blocs, first the bloc centres, then for each member
 * its bloc and its offset), the status quo when it is random, then the
 * proposal: a member drawn uniformly, whose ideal point it takes, or a
 * uniform point. The stream goes on to the behaviour (face-saving),
 * which starts again from the same place for each rule.
 */
static inline void draw(const mfk_sim *s, u64 mix, u64 run, double *ideal,
                        double *sq, double *pos, mfk_rng *rng)
{
    if (s->culture == MFK_CULTURE_UNIFORM && !s->sq_fixed && s->at_member)
        draw_uniform(s->kern, mix, run, s->n * s->dims, s->dims, ideal, sq,
                     pos, rng);
    else
        draw_other(s, mix, run, ideal, sq, pos, rng);
}

/* Run l of the four the kernel's draw4() drew, as draw() gives it: the proposer
 * by mfk__rng_below(), from the output drawn for it. Returns the run's
 * stream as it stands after the draw. */
static mfk_rng *take_lane(struct mfk__worker *w, int l, size_t n,
                          unsigned D, double *sq, double *pos)
{
    const double *v = w->lanes + (size_t)l * w->lane_len;
    mfk_rng *rng = &w->lane_rng[l];
    size_t count = n * D, m;
    unsigned k;

    /* The body takes them only if the engine is asked (sync_ideals). */
    w->x = v;
    sq[0] = v[count];
    for (k = 1; k < D; k++)
        sq[k] = v[count + k];
    m = (size_t)mfk__rng_below_from(rng, w->lane_out[l], n);
    pos[0] = v[m * D];
    for (k = 1; k < D; k++)
        pos[k] = v[m * D + k];
    return rng;
}

int mfk_sim_draw(const mfk_sim *s, u64 seed, u64 run, mfk_body *body,
                 mfk_proposal *prop)
{
    double sq[MFK_MAX_DIMS], pos[MFK_MAX_DIMS], *ideal;
    mfk_rng rng;
    size_t i;
    int rc = MFK_OK;

    if (s == NULL || body == NULL || prop == NULL || prop->body != body ||
        body->n != s->n || body->dims != s->dims)
        return MFK_EINVAL;
    ideal = mfk__malloc(&s->alloc, s->n * s->dims * sizeof *ideal);
    if (ideal == NULL)
        return MFK_ENOMEM;
    draw(s, mfk__rng_seed_mix(seed), run, ideal, sq, pos, &rng);
    for (i = 0; i < s->n && rc == MFK_OK; i++)
        rc = mfk_body_set_ideal(body, i, ideal + i * s->dims);
    mfk__free(&s->alloc, ideal);
    if (rc == MFK_OK)
        rc = mfk_proposal_reset(prop);
    if (rc == MFK_OK)
        rc = mfk_proposal_set_position(prop, pos);
    if (rc == MFK_OK)
        rc = mfk_proposal_set_status_quo(prop, sq);
    return rc;
}

/* ---- workers ---------------------------------------------------------- */

static int worker_init(mfk_sim *s, struct mfk__worker *w)
{
    unsigned r;
    size_t i, n = s->n;
    int rc;

    memset(w, 0, sizeof *w);
    w->sim = s;
    rc = copy_body(&w->body, s->tmpl, s->max_rounds, &s->alloc);
    if (rc != MFK_OK)
        return rc;
    /* Every member gets an ideal point; each run overwrites them. */
    for (i = 0; i < n && rc == MFK_OK; i++)
        if (!w->body->has_ideal[i])
            rc = mfk_body_set_ideal(w->body, i, w->sq);
    if (rc == MFK_OK)
        rc = mfk_proposal_new(&w->prop, w->body, "sim", "simulated",
                              &s->alloc);
    /* Flexible participation is allowed on the economic pillar. */
    if (rc == MFK_OK)
        rc = mfk_proposal_set_pillar(w->prop, MFK_PILLAR_ECONOMIC);
    /* Room for every version a consultation can make, taken now. */
    for (r = 0; r < s->max_rounds && rc == MFK_OK; r++)
        rc = mfk_proposal_amend(w->prop, NULL, NULL);
    if (rc == MFK_OK)
        rc = mfk_proposal_reset(w->prop);
    if (rc == MFK_OK)
        rc = mfk_consultation_new(&w->c, w->body, w->prop, &s->alloc);
    if (rc == MFK_OK) {
        w->reach = mfk__malloc(&s->alloc, n * (sizeof *w->reach +
                                               sizeof *w->near + 2));
        if (w->reach == NULL)
            rc = MFK_ENOMEM;
    }
    if (rc != MFK_OK)
        return rc;
    w->x0 = mfk__malloc(&s->alloc, n * s->dims * sizeof *w->x0);
    if (w->x0 == NULL)
        return MFK_ENOMEM;
    w->words = (n + 63) / 64;
    w->tally_size = sizeof(struct tally) / sizeof(u64) + s->max_rounds + 1 +
                    (n <= 64 ? (n + 7) / 8 * 2 : w->words * SLICES);
    w->obj1 = mfk__calloc(&s->alloc, 3 * w->words + s->nrules * w->tally_size,
                          sizeof *w->obj1);
    if (w->obj1 == NULL)
        return MFK_ENOMEM;
    w->k = s->kern;
    if (w->k->draw4 != NULL) {
        /* The values of a run, rounded up to a multiple of 4. */
        w->lane_len = ((n + 1) * s->dims + 3) / 4 * 4;
        w->lanes = mfk__malloc(&s->alloc, 4 * w->lane_len * sizeof *w->lanes);
        if (w->lanes == NULL)
            return MFK_ENOMEM;
    }
    w->dsum = mfk__calloc(&s->alloc, s->nrules * (n + 1), sizeof *w->dsum);
    if (w->dsum == NULL)
        return MFK_ENOMEM;
    w->obj = w->obj1 + w->words;
    w->blk = w->obj + w->words;
    w->tally = (struct tally *)(void *)(w->blk + w->words);
    w->near = (size_t *)(void *)(w->reach + n);
    w->x = w->body->ideal;
    w->chair_1d = s->dims == 1;
    w->unit = 1;
    for (i = 0; i < n * s->dims; i++)
        w->unit &= w->body->salience[i] == 1;
    for (i = 0; i < n; i++)
        if (!(w->body->salience[i] > 0) || w->body->tolerance[i] < 0)
            w->chair_1d = 0;
    w->st = (unsigned char *)(w->near + n);
    w->fl = w->st + n;
    w->c_open = 1;
    return MFK_OK;
}

static int ensure_workers(mfk_sim *s, size_t count)
{
    struct mfk__worker *ws;
    size_t t;
    int rc;

    if (count <= s->nworkers)
        return MFK_OK;
    ws = mfk__calloc(&s->alloc, count, sizeof *ws);
    if (ws == NULL)
        return MFK_ENOMEM;
    if (s->nworkers > 0)
        memcpy(ws, s->workers, s->nworkers * sizeof *ws);
    for (t = s->nworkers; t < count; t++) {
        rc = worker_init(s, &ws[t]);
        if (rc != MFK_OK) {
            /* Keep what was made whole; let the rest go. */
            worker_free(s, &ws[t]);
            mfk__free(&s->alloc, s->workers);
            s->workers = ws;
            s->nworkers = t;
            return rc;
        }
    }
    mfk__free(&s->alloc, s->workers);
    s->workers = ws;
    s->nworkers = count;
    return MFK_OK;
}

/* ---- one consultation: the fast path ---------------------------------- */

/* Sets of members, 64 to a word. */
static inline unsigned popcount64(u64 x)
{
    x = x - ((x >> 1) & 0x5555555555555555ULL);
    x = (x & 0x3333333333333333ULL) + ((x >> 2) & 0x3333333333333333ULL);
    x = (x + (x >> 4)) & 0x0f0f0f0f0f0f0f0fULL;
    return (unsigned)((x * 0x0101010101010101ULL) >> 56);
}

static size_t set_count(const u64 *set, size_t words)
{
    size_t k = 0, j;
    for (j = 0; j < words; j++)
        k += popcount64(set[j]);
    return k;
}

static inline int set_any(const u64 *set, size_t words)
{
    u64 any = set[0];
    size_t j;
    for (j = 1; j < words; j++)
        any |= set[j];
    return any != 0;
}

/* The first member of a set that is not empty. */
static size_t set_first(const u64 *set)
{
    size_t j;
    for (j = 0; set[j] == 0; j++)
        ;
#if defined(__GNUC__)
    return 64 * j + (size_t)__builtin_ctzll(set[j]);
#else
    {
        size_t i = 0;
        while (!(set[j] >> i & 1))
            i++;
        return 64 * j + i;
    }
#endif
}

static struct tally *tally_of(const struct mfk__worker *w, size_t rule)
{
    return (struct tally *)(void *)((u64 *)(void *)w->tally +
                                    rule * w->tally_size);
}

/* The model's stances at pos, as mfk_model_stance() decides them, with
 * the same arithmetic: member i objects when d_i(pos) > d_i(status quo)
 * + tolerance_i = reach[i]. The objectors go into the set obj. */
static void objections(const struct mfk__worker *w, const double *pos,
                       u64 *obj)
{
    const mfk_body *b = w->body;
    const double *x = w->x, *sal = b->salience, *reach = w->reach;
    size_t i, n = b->n;
    unsigned D = b->dims, d;

    if (D == 1 && w->unit) {
        w->k->objections_1d(x, reach, n, pos[0], obj);
        return;
    }
    memset(obj, 0, w->words * sizeof *obj);
    if (D == 1) {
        double p = pos[0];
        for (i = 0; i < n; i++) {
            double e = p - x[i];
            obj[i / 64] |= (u64)(sqrt(sal[i] * e * e) > reach[i]) << (i % 64);
        }
        return;
    }
    for (i = 0; i < n; i++) {
        double s = 0;
        for (d = 0; d < D; d++) {
            double e = pos[d] - x[i * D + d];
            s += sal[i * D + d] * e * e;
        }
        obj[i / 64] |= (u64)(sqrt(s) > reach[i]) << (i % 64);
    }
}

/* The engine's decision of a round of the fast path in which those in
 * obj object and the others join: a row of the rule's table or, for a
 * rule without one, the engine's verdict on those stances (into *own,
 * with the flags in w->fl). */
static int fast_decide(struct mfk__worker *w, size_t rule, const u64 *obj,
                       struct fast_row *own, const struct fast_row **out)
{
    const mfk_sim *s = w->sim;
    const struct fast_rule *fr = &s->fast[rule];
    const mfk_rule *r = &s->rules[rule];
    struct mfk__count c;
    mfk_verdict v;
    size_t i, n = s->n;
    int rc;

    if (fr->row != NULL) {
        if (!set_any(obj, w->words))
            *out = fr->row;
        else if (fr->any_blocks)
            *out = fr->row + 1;
        else
            *out = fr->row + set_count(obj, w->words);
        return MFK_OK;
    }
    for (i = 0; i < n; i++)
        w->st[i] = (obj[i / 64] >> (i % 64) & 1) ? MFK_OBJECT : MFK_JOIN;
    rc = mfk__rule_apply(r, w->body, w->prop, w->st, w->fl, &v, &c);
    if (rc != MFK_OK)
        return rc;
    own->verdict = (unsigned char)v;
    if (v == MFK_VERDICT_ADOPTED) {
        own->outcome = (unsigned char)mfk__adopted_outcome(r->kind, &c);
        own->bound = mfk__bound_count(w->body, r->kind, &c);
    }
    *out = own;
    return MFK_OK;
}

/* The body takes the run's ideal points, for the engine. */
static void sync_ideals(struct mfk__worker *w)
{
    if (w->x != w->body->ideal) {
        memcpy(w->body->ideal, w->x,
               w->body->n * w->body->dims * sizeof *w->body->ideal);
        w->x = w->body->ideal;
    }
}

/* The engine's own Chair, on the worker's proposal at pos, which it
 * moves. */
static int engine_chair(struct mfk__worker *w, unsigned round, double *pos)
{
    int rc;

    sync_ideals(w);
    if (!w->c_open) {
        rc = mfk_consultation_reset(w->c);
        if (rc != MFK_OK)
            return rc;
        w->c_open = 1;
    }
    if (!w->sq_set) {
        rc = mfk_proposal_set_status_quo(w->prop, w->sq);
        if (rc != MFK_OK)
            return rc;
        w->sq_set = 1;
    }
    mfk_proposal_reset(w->prop);
    rc = mfk_proposal_set_position(w->prop, pos);
    if (rc == MFK_OK)
        rc = mfk_chair_default(w->c, round, NULL);
    if (rc == MFK_OK)
        memcpy(pos, mfk_proposal_position(w->prop),
               w->sim->dims * sizeof *pos);
    return rc;
}

/* The double next to finite y, upward (dir > 0) or downward: its bits
 * step by one, as the doubles are ordered (zero has two encodings and
 * steps through both, which changes nothing below). */
static double step_double(double y, int dir)
{
    uint64_t u;
    if (y == 0)
        return dir > 0 ? 0x1p-1074 : -0x1p-1074;
    memcpy(&u, &y, sizeof u);
    if ((y > 0) == (dir > 0))
        u++;
    else
        u--;
    memcpy(&y, &u, sizeof y);
    return y;
}

/* Whether member i objects to y in one dimension, by the model's own
 * comparison; with every salience 1 the product by it, exact, is left
 * out. */
static inline int rejects(const struct mfk__worker *w, size_t i, double y)
{
    double e = y - w->x[i];
    if (w->unit)
        return sqrt(e * e) > w->reach[i];
    return sqrt(w->body->salience[i] * e * e) > w->reach[i];
}

/* Whether every member of near[0 .. k-1] accepts y. */
static int near_accept(const struct mfk__worker *w, size_t k, double y)
{
    size_t j;
    for (j = 0; j < k; j++)
        if (rejects(w, w->near[j], y))
            return 0;
    return 1;
}

/* Whether some member objects to y: member `first` is asked first, as
 * the likeliest (the member that objected last time most often objects
 * again), then every member, by the kernel, with the same IEEE
 * operations as rejects() (a salience of 1 multiplies exactly). */
static int anyone_objects(struct mfk__worker *w, double y, size_t first)
{
    size_t i, n = w->body->n;

    if (rejects(w, first, y)) {
        w->last_objector = first;
        return 1;
    }
    i = w->k->first_objector(w->x, w->body->salience, w->reach, n, y);
    if (i < n) {
        w->last_objector = i;
        return 1;
    }
    return 0;
}

/* The end (dir < 0: lower, > 0: upper) of the run of doubles that every
 * member accepts, from an estimate close to it; only the members in
 * near[] can object within `margin` of the estimate. Returns 0 when the
 * walk leaves that window, and the engine must decide. */
static int walk_end(const struct mfk__worker *w, size_t k, double est,
                    double margin, double sq, int dir, double *end)
{
    double y = est;
    int step;

    if (near_accept(w, k, y)) {
        for (step = 0; step < 64; step++) {
            double next = step_double(y, dir);
            if (!near_accept(w, k, next)) {
                *end = y;
                return 1;
            }
            y = next;
        }
        return 0;
    }
    /* Outside the run: walk back toward the status quo, which is in it. */
    if (dir < 0 ? y > sq : y < sq)
        return 0;
    for (step = 0; step < 64 && fabs(y - est) <= margin; step++) {
        y = step_double(y, -dir);
        if (near_accept(w, k, y)) {
            *end = y;
            return 1;
        }
    }
    return 0;
}

/* The end of the run of doubles every member accepts on side dir of
 * the status quo, when the double next to it there is accepted: from
 * the real-number estimate, the nearest of the members' own ends
 * x_i +- reach_i / sqrt(salience_i) (estimates()), walking only with the
 * members whose own end is near it (the others accept every double
 * within a margin far wider than rounding); then checked with every
 * member: as the run holds the status quo and every member accepts
 * *end, it holds all between. Returns 0 when the engine must decide. */
static int run_end(struct mfk__worker *w, int dir, double *end)
{
    const mfk_body *b = w->body;
    const double *x = w->x, *sal = b->salience;
    double est = dir > 0 ? w->hi_est : w->lo_est, sq = w->sq[0], margin;
    size_t i, k = 0, n = b->n;

    margin = 1e-9 * (1 + fabs(est) + fabs(sq));
    if (w->unit) {
        k = w->k->near_ends(x, w->reach, n, est, 2 * margin, dir, w->near);
    } else {
        for (i = 0; i < n; i++) {
            double r = w->reach[i] / sqrt(sal[i]);
            double e = dir > 0 ? x[i] + r : x[i] - r;
            if (fabs(e - est) <= 2 * margin)
                w->near[k++] = i;
        }
    }
    return walk_end(w, k, est, margin, sq, dir, end) &&
           !anyone_objects(w, *end, w->last_objector);
}

/* Member at x accepting within r of it, in real numbers: the run's
 * estimate [*lo, *hi] narrows to its ends, *xmax takes |x|. */
static inline void take_ends(double x, double r, double *lo, double *hi,
                             double *xmax)
{
    if (x - r > *lo)
        *lo = x - r;
    if (x + r < *hi)
        *hi = x + r;
    if (fabs(x) > *xmax)
        *xmax = fabs(x);
}

/* The real-number estimate of the run [lo_est, hi_est] that
 * mfk_chair_default() makes, the nearest of the members' own ends x_i -+
 * reach_i / sqrt(salience_i), and the scale its width is weighed against
 * (mfk__chair_scale_1d), with the same arithmetic. first_round() makes
 * them with the stances where every salience is 1. */
static void estimates(struct mfk__worker *w)
{
    const mfk_body *b = w->body;
    const double *x = w->x, *sal = b->salience;
    double lo = -INFINITY, hi = INFINITY, xmax = 0;
    size_t i, n = b->n;

    for (i = 0; i < n; i++) {
        take_ends(x[i], w->reach[i] / sqrt(sal[i]), &lo, &hi, &xmax);
    }
    w->lo_est = lo;
    w->hi_est = hi;
    w->scale = mfk__chair_scale_1d(w->sq[0], xmax, lo, hi);
    w->est_ready = 1;
}

/*
 * mfk_chair_default() in one dimension, when every salience is positive
 * and no tolerance negative, for less work: the same run [lo, hi] of
 * doubles that no member objects to, then the same choice of a point in
 * it. The run holds the status quo; where someone objects to the double
 * next to it on one side, the run ends there, which settles most
 * consultations (members on both sides: the run is the status quo alone,
 * and the text stays). Returns MFK_OK with *pos moved, MFK_DONE, or
 * CHAIR_ASK_ENGINE when the engine must decide. tests/check_sim.c compares
 * the two run by run.
 */
static int fast_chair(struct mfk__worker *w, const u64 *obj, double *pos)
{
    double sq = w->sq[0], p = pos[0], lo = sq, hi = sq, y;
    int side = p > sq ? +1 : -1, shut_near, shut_far;

    /* A run no wider than MFK__RUN_MIN of the scale leaves the text
     * where it is (mfk__chair_pick_1d). The exact run is within far less
     * than 2^-45 of the scale of the estimate at each end, so where the
     * estimate is narrower by that much, so is the run, and nothing
     * more need be looked at: the common case, members on both sides. */
    if (!w->est_ready)
        estimates(w);
    if (w->scale >= 0x1p-900 &&
        w->hi_est - w->lo_est <= w->scale * (MFK__RUN_MIN - 0x1p-45))
        return MFK_DONE;

    /* The run is the same in every round of the run, for every rule. */
    if (!w->run_ready) {
        /* An end whose estimate is within `tiny` of the status quo is
         * within MFK__RUN_MIN of the scale of it, and the Chair takes
         * the status quo for it: it need not be found, when the other
         * end is far enough for the run to be wide whichever it is. */
        double tiny = w->scale * (MFK__RUN_MIN - 0x1p-45);
        double wide = w->scale * (MFK__RUN_MIN + 0x1p-45);
        double dlo = sq - w->lo_est, dhi = w->hi_est - sq;
        int fine = w->scale >= 0x1p-900;
        int sq_lo = fine && fabs(dlo) <= tiny && dhi > wide;
        int sq_hi = fine && fabs(dhi) <= tiny && dlo > wide;
        /* An end estimated farther than `wide` from the status quo is
         * past it, and so is every double between: the double next to
         * the status quo on that side is in the run. */
        int open_lo = fine && dlo > wide, open_hi = fine && dhi > wide;
        /* Else ask: an objector to the text most often stands across the
         * status quo from it, and objects to the double next to it on
         * the text's side. */
        shut_near = (side > 0 ? sq_hi : sq_lo) ||
                    (!(side > 0 ? open_hi : open_lo) &&
                     anyone_objects(w, step_double(sq, side),
                                    set_any(obj, w->words)
                                        ? set_first(obj)
                                        : w->last_objector));
        shut_far = (side > 0 ? sq_lo : sq_hi) ||
                   (!(side > 0 ? open_lo : open_hi) &&
                    anyone_objects(w, step_double(sq, -side),
                                   w->last_objector));
        w->run_ready = 1;
        w->run_ok = (shut_near || run_end(w, side, side > 0 ? &hi : &lo)) &&
                    (shut_far || run_end(w, -side, side > 0 ? &lo : &hi));
        w->run_lo = lo;
        w->run_hi = hi;
    }
    if (!w->run_ok)
        return CHAIR_ASK_ENGINE;
    lo = w->run_lo;
    hi = w->run_hi;
    /* From here as in mfk_chair_default(). */
    if (mfk__chair_pick_1d(lo, hi, p, sq, w->scale, &y) != MFK_OK)
        return MFK_DONE;
    pos[0] = y;
    return MFK_OK;
}

static int fast_consult(struct mfk__worker *w, size_t rule,
                        struct result *res)
{
    const mfk_sim *s = w->sim;
    const u64 *obj = w->obj1;
    const struct fast_row *row = NULL;
    struct fast_row own;
    unsigned round, d, D = s->dims;
    int rc;

    res->pos[0] = w->pos0[0];
    for (d = 1; d < D; d++)
        res->pos[d] = w->pos0[d];
    res->adopted = 0;
    res->blockers = NULL;
    res->flags = NULL;
    /* Round 1's stances were taken once for every rule (first_round). */
    for (round = 1;; round++) {
        if (round > 1) {
            objections(w, res->pos, w->obj);
            obj = w->obj;
        }
        rc = fast_decide(w, rule, obj, &own, &row);
        if (rc != MFK_OK)
            return rc;
        if (row->verdict == MFK_VERDICT_ADOPTED || round == s->max_rounds)
            break;
        rc = w->chair_1d ? fast_chair(w, obj, res->pos) : CHAIR_ASK_ENGINE;
        if (rc == CHAIR_ASK_ENGINE)
            rc = engine_chair(w, round, res->pos);
        if (rc == MFK_DONE)
            break;
        if (rc != MFK_OK)
            return rc;
    }
    res->rounds = round;
    if (row->verdict == MFK_VERDICT_ADOPTED) {
        res->adopted = 1;
        res->outcome = (mfk_outcome)row->outcome;
        res->participants = row->bound;
        return MFK_OK;
    }
    res->outcome = s->fallback;
    /* With a table, those who block are those who object: every rule
     * with one blocks on objectors and the silent, and no one is silent
     * here. Without, the engine's flags say. */
    if (row->verdict == MFK_VERDICT_BLOCKED) {
        if (row == &own)
            res->flags = w->fl;
        else
            res->blockers = obj;
    }
    return MFK_OK;
}

/* ---- one consultation: through the engine ---------------------------- */

static int behaviour_stances(const mfk_consultation *c, unsigned round,
                             unsigned char *st, void *ud)
{
    struct mfk__worker *w = ud;
    const mfk_sim *s = w->sim;
    const mfk_body *b = w->body;
    const double *pos = mfk_proposal_position(w->prop);
    size_t i;

    (void)c;
    for (i = 0; i < b->n; i++) {
        double tol = b->tolerance[i] + s->concession * (double)(round - 1);
        int obj = mfk__distance(b, i, pos) > mfk__distance(b, i, w->sq) + tol;
        if (obj && s->face_saving > 0 &&
            mfk__rng_uniform(&w->brng) < s->face_saving)
            st[i] = MFK_ABSTAIN;
        else
            st[i] = obj ? MFK_OBJECT : MFK_JOIN;
    }
    return MFK_OK;
}

static int chair_toward(mfk_consultation *c, unsigned round, void *ud)
{
    const mfk_proposal *p = mfk_consultation_proposal(c);
    const double *pos = mfk_proposal_position(p);
    const double *sq = mfk_proposal_status_quo(p);
    double y[MFK_MAX_DIMS];
    unsigned k, D = mfk_body_dims(mfk_consultation_body(c));
    int moved = 0, at_sq = 1;

    (void)round;
    (void)ud;
    for (k = 0; k < D; k++) {
        y[k] = pos[k] + (sq[k] - pos[k]) / 2;
        moved |= y[k] != pos[k];
        at_sq &= y[k] == sq[k];
    }
    if (!moved || at_sq)
        return MFK_DONE;
    return mfk_consultation_amend(c, y, NULL);
}

static int chair_single(mfk_consultation *c, unsigned round, void *ud)
{
    (void)c;
    (void)round;
    (void)ud;
    return MFK_DONE;
}

/* Friedkin-Johnsen with equal weights between rounds: every member
 * moves to susceptibility x the body's mean ideal point plus (1 -
 * susceptibility) x its own drawn one; then the Chair's turn. */
static int chair_after_dynamics(mfk_consultation *c, unsigned round,
                                void *ud)
{
    struct mfk__worker *w = ud;
    const mfk_sim *s = w->sim;
    double *x = w->body->ideal, mean[MFK_MAX_DIMS], lam = s->susceptibility;
    size_t i, n = s->n;
    unsigned k, D = s->dims;

    for (k = 0; k < D; k++) {
        double sum = 0;
        for (i = 0; i < n; i++)
            sum += x[i * D + k];
        mean[k] = sum / (double)n;
    }
    for (i = 0; i < n; i++)
        for (k = 0; k < D; k++)
            x[i * D + k] = lam * mean[k] + (1 - lam) * w->x0[i * D + k];
    if (s->chair == MFK_CHAIR_TOWARD_STATUS_QUO)
        return chair_toward(c, round, NULL);
    if (s->chair == MFK_CHAIR_SINGLE_ROUND)
        return chair_single(c, round, NULL);
    return mfk_chair_default(c, round, NULL);
}

static int engine_consult(struct mfk__worker *w, const mfk_rule *r,
                          struct result *res)
{
    const mfk_sim *s = w->sim;
    const unsigned char *st, *fl;
    const double *pos;
    mfk_verdict v;
    mfk_stance_fn stances = mfk_model_stances;
    mfk_chair_fn chair = mfk_chair_default;
    size_t i, version;
    int rc;

    sync_ideals(w);
    if (s->concession > 0 || s->face_saving > 0)
        stances = behaviour_stances;
    if (s->chair == MFK_CHAIR_TOWARD_STATUS_QUO)
        chair = chair_toward;
    else if (s->chair == MFK_CHAIR_SINGLE_ROUND)
        chair = chair_single;
    mfk_proposal_reset(w->prop);
    rc = mfk_proposal_set_position(w->prop, w->pos0);
    if (rc == MFK_OK && !w->sq_set) {
        rc = mfk_proposal_set_status_quo(w->prop, w->sq);
        w->sq_set = rc == MFK_OK;
    }
    if (rc == MFK_OK)
        rc = mfk_proposal_set_rule(w->prop, r);
    if (rc == MFK_OK)
        rc = mfk_consultation_reset(w->c);
    if (rc != MFK_OK)
        return rc;
    w->c_open = 0;
    if (s->susceptibility > 0) {
        memcpy(w->x0, w->body->ideal, s->n * s->dims * sizeof *w->x0);
        rc = mfk_consultation_run(w->c, stances, w, chair_after_dynamics, w);
        /* The run's statistics speak of the ideal points drawn. */
        memcpy(w->body->ideal, w->x0, s->n * s->dims * sizeof *w->x0);
    } else {
        rc = mfk_consultation_run(w->c, stances, w, chair, NULL);
    }
    if (rc != MFK_OK)
        return rc;
    rc = mfk_consultation_outcome(w->c, &res->outcome);
    if (rc != MFK_OK)
        return rc;
    res->rounds = mfk_consultation_rounds(w->c);
    res->adopted = res->outcome <= MFK_OUTCOME_ADOPTED_FLEXIBLE;
    res->participants = 0;
    res->blockers = NULL;
    res->flags = NULL;
    if (res->rounds == 0)
        return MFK_OK;
    rc = mfk_consultation_round(w->c, res->rounds, &st, &fl, &v, &version);
    if (rc == MFK_OK)
        rc = mfk_proposal_version(w->prop, version, NULL, &pos);
    if (rc != MFK_OK)
        return rc;
    memcpy(res->pos, pos, s->dims * sizeof *pos);
    if (res->adopted) {
        for (i = 0; i < s->n; i++)
            res->participants += mfk_consultation_participant(w->c, i) != 0;
    } else {
        res->flags = fl;
    }
    return MFK_OK;
}

/* ---- runs and chunks -------------------------------------------------- */

static double euclid(unsigned D, const double *a, const double *b)
{
    double s = 0;
    unsigned k;
    for (k = 0; k < D; k++)
        s += (a[k] - b[k]) * (a[k] - b[k]);
    return sqrt(s);
}

/* Adds a set of n members to their blocking counts c (struct tally). */
static void blocking_add(u64 *c, const u64 *set, size_t n)
{
    size_t j, b;

    if (n <= 64) {
        /* 16-bit counts, four members to a word: each four's bits spread
         * to their counts at once (no count carries: see SLICES). */
        static const u64 spread4[16] = {
#define S4(b) ((u64)((b) & 1) | (u64)((b) >> 1 & 1) << 16 | \
               (u64)((b) >> 2 & 1) << 32 | (u64)((b) >> 3 & 1) << 48)
            S4(0), S4(1), S4(2),  S4(3),  S4(4),  S4(5),  S4(6),  S4(7),
            S4(8), S4(9), S4(10), S4(11), S4(12), S4(13), S4(14), S4(15)
#undef S4
        };
        u64 m = set[0];
        for (j = 0; j < n; j += 4)
            c[j / 4] += spread4[m >> j & 15];
        return;
    }
    /* bit-sliced: a ripple of carries, one slice a bit */
    for (j = 0; j < (n + 63) / 64; j++, c += SLICES) {
        u64 carry = set[j];
        for (b = 0; carry != 0; b++) {
            u64 t = c[b] & carry;
            c[b] ^= carry;
            carry = t;
        }
    }
}

/* Member i's blocking count in c (struct tally). */
static u64 blocking_count(const u64 *c, size_t i, size_t n)
{
    u64 k = 0;
    unsigned b;

    if (n <= 64)
        return c[i / 4] >> (16 * (i % 4)) & 0xffff;
    for (b = 0; b < SLICES; b++)
        k |= (c[i / 64 * SLICES + b] >> (i % 64) & 1) << b;
    return k;
}

/* What a consultation came to, into the rule's tally and sums of
 * distances (in run order), and the trace. */
static void account(const mfk_sim *s, struct mfk__worker *w, size_t rule,
                    const struct result *res, double *trace)
{
    struct tally *t = tally_of(w, rule);
    size_t i, n = s->n, blockers = 0;
    unsigned D = s->dims;
    double dist = NAN;

    t->out[res->outcome]++;
    t->rounds += res->rounds;
    t->rest[res->rounds]++;
    if (res->adopted) {
        const double *x = w->x;
        double *sum = w->dsum + rule * (n + 1) + 1;
        dist = euclid(D, res->pos, w->sq);
        t->adopted++;
        t->participants += res->participants;
        sum[-1] += dist;
        if (D == 1)
            w->k->dist_add_1d(sum, x, n, res->pos[0]);
        else
            for (i = 0; i < n; i++)
                sum[i] += euclid(D, res->pos, x + i * D);
    } else if (res->blockers != NULL || res->flags != NULL) {
        const u64 *set = res->blockers;
        if (set == NULL) {
            memset(w->blk, 0, w->words * sizeof *w->blk);
            for (i = 0; i < n; i++)
                w->blk[i / 64] |=
                    (u64)((res->flags[i] & MFK_FLAG_BLOCKER) != 0) << (i % 64);
            set = w->blk;
        }
        blocking_add(t->rest + s->max_rounds + 1, set, n);
        if (trace != NULL)
            blockers = set_count(set, w->words);
    }
    if (trace != NULL) {
        trace[0] = res->outcome;
        trace[1] = res->rounds;
        trace[2] = (double)blockers;
        trace[3] = (double)(res->adopted ? res->participants : 0);
        trace[4] = dist;
    }
}

/* A chunk's tallies into its record, rule by rule. */
static void tally_flush(const mfk_sim *s, struct mfk__worker *w, double *rec)
{
    size_t j, i, k, n = s->n;

    for (j = 0; j < s->nrules; j++) {
        struct tally *t = tally_of(w, j);
        double *r = rec + j * s->per_rule, *blk = r + OFF_HIST +
                                                  s->max_rounds + 1;
        const u64 *sl = t->rest + s->max_rounds + 1;
        u64 runs = 0;
        for (k = 0; k <= MFK_OUTCOME_INADMISSIBLE; k++) {
            r[OFF_OUT + k] += (double)t->out[k];
            runs += t->out[k];
        }
        r[OFF_RUNS] += (double)runs;
        r[OFF_ADOPTED] += (double)t->adopted;
        r[OFF_ROUNDS] += (double)t->rounds;
        r[OFF_MEMBER_ROUNDS] += (double)t->rounds * (double)n;
        r[OFF_PART] += (double)t->participants;
        for (k = 0; k <= s->max_rounds; k++)
            r[OFF_HIST + k] += (double)t->rest[k];
        for (i = 0; i < n; i++)
            blk[i] += (double)blocking_count(sl, i, n);
        /* the record is 0 here: it takes the sums as they are */
        r[OFF_DIST] += w->dsum[j * (n + 1)];
        for (i = 0; i < n; i++)
            blk[n + i] += w->dsum[j * (n + 1) + 1 + i];
    }
}

/* The fast path takes the default model and Chair, and every rule but a
 * user's; it gives what the engine gives (tests/check_sim.c holds it to
 * that). */
static int fast(const mfk_sim *s, const mfk_rule *r)
{
    return r->kind != MFK_RULE_CALLBACK && s->concession == 0 &&
           s->face_saving == 0 && s->susceptibility == 0 &&
           s->chair == MFK_CHAIR_DEFAULT;
}

/* What every rule's fast path shares in a run: reach[i] = d_i(status
 * quo) + tolerance_i, as mfk_model_stance() computes its right-hand side
 * (the arithmetic of mfk__distance()), and the objectors to the drawn
 * proposal, the set obj1, as objections() makes it. In one
 * dimension both come from one pass over the members. */
static void first_round(struct mfk__worker *w)
{
    const mfk_body *b = w->body;
    const double *x = w->x, *sal = b->salience, *sq = w->sq;
    const double *tol = b->tolerance;
    double *reach = w->reach;
    size_t i, n = b->n;
    u64 *obj = w->obj1;
    unsigned D = b->dims, d;

    w->est_ready = 0;
    w->run_ready = 0;
    if (D == 1 && w->unit) {
        /* The estimates of the Chair's run come with the stances. */
        double est[3];
        w->k->round1_1d(x, tol, n, sq[0], w->pos0[0], reach, obj, est);
        w->lo_est = est[0];
        w->hi_est = est[1];
        w->scale = mfk__chair_scale_1d(sq[0], est[2], est[0], est[1]);
        w->est_ready = 1;
        return;
    }
    memset(obj, 0, w->words * sizeof *obj);
    if (D == 1) {
        double q = sq[0], p = w->pos0[0];
        for (i = 0; i < n; i++) {
            double eq = q - x[i], ep = p - x[i], r;
            r = sqrt(sal[i] * eq * eq) + tol[i];
            reach[i] = r;
            obj[i / 64] |= (u64)(sqrt(sal[i] * ep * ep) > r) << (i % 64);
        }
        return;
    }
    for (i = 0; i < n; i++) {
        double s = 0;
        for (d = 0; d < D; d++) {
            double e = sq[d] - x[i * D + d];
            s += sal[i * D + d] * e * e;
        }
        reach[i] = sqrt(s) + tol[i];
    }
    objections(w, w->pos0, obj);
}

/* Run `run` of the stream whose seed is mixed into `mix`; any_fast: some
 * rule takes the fast path. */
static int one_run(struct mfk__worker *w, u64 mix, u64 run, int any_fast,
                   double *trace)
{
    const mfk_sim *s = w->sim;
    mfk_rng rng;
    const mfk_rng *rp; /* the run's stream after the draw */
    struct result res;
    size_t j;
    int rc;

    if (w->lanes_ok) {
        /* Runs in fours from the chunk's first; lanes past its end are
         * drawn and not used. */
        if (run % 4 == 0)
            w->k->draw4(mix, run, (s->n + 1) * s->dims, w->lane_len,
                        w->lanes, w->lane_out, w->lane_rng);
        rp = take_lane(w, (int)(run % 4), s->n, s->dims, w->sq, w->pos0);
    } else {
        draw(s, mix, run, w->body->ideal, w->sq, w->pos0, &rng);
        w->x = w->body->ideal;
        rp = &rng;
    }
    w->sq_set = 0;
    if (any_fast)
        first_round(w);
    for (j = 0; j < s->nrules; j++) {
        const mfk_rule *r = &s->rules[j];
        /* any_fast: the settings allow the fast path, so each rule but a
         * user's takes it. */
        if (any_fast && r->kind != MFK_RULE_CALLBACK) {
            rc = fast_consult(w, j, &res);
        } else {
            w->brng = *rp;
            rc = engine_consult(w, r, &res);
        }
        if (rc != MFK_OK)
            return rc;
        account(s, w, j, &res,
                trace ? trace + j * MFK_SIM_TRACE_FIELDS : NULL);
    }
    return MFK_OK;
}

static int one_chunk(struct mfk__worker *w, u64 seed, u64 runs, u64 chunk,
                     double *rec, double *trace)
{
    const mfk_sim *s = w->sim;
    size_t stride = s->nrules * MFK_SIM_TRACE_FIELDS;
    u64 lo, hi, run, mix;
    size_t j;
    int rc, any_fast = 0;

    memset(rec, 0, s->nrules * s->per_rule * sizeof *rec);
    if (trace != NULL) {
        size_t k;
        for (k = 0; k < MFK_SIM_CHUNK * stride; k++)
            trace[k] = NAN;
    }
    if (chunk >= (runs + MFK_SIM_CHUNK - 1) / MFK_SIM_CHUNK)
        return MFK_OK;
    memset(w->tally, 0, s->nrules * w->tally_size * sizeof(u64));
    memset(w->dsum, 0, s->nrules * (s->n + 1) * sizeof *w->dsum);
    /* The settings may have changed since the worker was made. */
    w->lanes_ok = w->lanes != NULL && s->culture == MFK_CULTURE_UNIFORM &&
                  !s->sq_fixed && s->at_member;
    lo = chunk * MFK_SIM_CHUNK;
    hi = runs - lo < MFK_SIM_CHUNK ? runs : lo + MFK_SIM_CHUNK;
    for (j = 0; j < s->nrules; j++)
        any_fast |= fast(s, &s->rules[j]);
    mix = mfk__rng_seed_mix(seed);
    for (run = lo; run < hi; run++) {
        rc = one_run(w, mix, run, any_fast,
                     trace ? trace + (run - lo) * stride : NULL);
        if (rc != MFK_OK)
            return rc;
    }
    tally_flush(s, w, rec);
    return MFK_OK;
}

struct job {
    mfk_sim *sim;
    u64 seed, runs, first;
    size_t count, next;
    double *records, *trace;
    pthread_mutex_t mu;
    int rc;
};

struct thread_arg {
    struct job *job;
    struct mfk__worker *w;
};

static void *thread_main(void *arg)
{
    struct thread_arg *ta = arg;
    struct job *j = ta->job;
    size_t rs = mfk_sim_record_size(j->sim);
    size_t ts = MFK_SIM_CHUNK * j->sim->nrules * MFK_SIM_TRACE_FIELDS;

    for (;;) {
        size_t c;
        int rc;
        pthread_mutex_lock(&j->mu);
        c = j->next++;
        if (j->rc != MFK_OK)
            c = j->count;
        pthread_mutex_unlock(&j->mu);
        if (c >= j->count)
            break;
        rc = one_chunk(ta->w, j->seed, j->runs, j->first + c,
                       j->records + c * rs,
                       j->trace ? j->trace + c * ts : NULL);
        if (rc != MFK_OK) {
            pthread_mutex_lock(&j->mu);
            if (j->rc == MFK_OK)
                j->rc = rc;
            pthread_mutex_unlock(&j->mu);
        }
    }
    return NULL;
}

int mfk_sim_run_chunks(mfk_sim *s, u64 seed, u64 runs, u64 first,
                       size_t count, unsigned threads, double *records,
                       double *trace)
{
    pthread_t tid[MAX_THREADS];
    struct thread_arg ta[MAX_THREADS];
    struct job j;
    unsigned t, started = 0;
    int rc;

    if (s == NULL || (records == NULL && count > 0))
        return MFK_EINVAL;
    if (s->nrules == 0)
        return MFK_ESTATE;
    if (threads == 0)
        threads = 1;
    if (threads > MAX_THREADS)
        threads = MAX_THREADS;
    if (threads > count)
        threads = count ? (unsigned)count : 1;
    rc = ensure_workers(s, threads);
    if (rc != MFK_OK)
        return rc;
    memset(&j, 0, sizeof j);
    j.sim = s;
    j.seed = seed;
    j.runs = runs;
    j.first = first;
    j.count = count;
    j.records = records;
    j.trace = trace;
    j.rc = MFK_OK;
    for (t = 0; t < threads; t++) {
        ta[t].job = &j;
        ta[t].w = &s->workers[t];
    }
    if (threads == 1) {
        thread_main(&ta[0]);
        return j.rc;
    }
    if (pthread_mutex_init(&j.mu, NULL) != 0)
        return MFK_ENOMEM;
    /* The calling thread works too; a thread that cannot be started only
     * leaves more chunks to the others. */
    for (t = 1; t < threads; t++) {
        if (pthread_create(&tid[t], NULL, thread_main, &ta[t]) != 0)
            break;
        started++;
    }
    thread_main(&ta[0]);
    for (t = 1; t <= started; t++)
        pthread_join(tid[t], NULL);
    pthread_mutex_destroy(&j.mu);
    return j.rc;
}

int mfk_sim_merge(mfk_sim *s, const double *records, size_t count)
{
    size_t c, i, rs;
    if (s == NULL || (records == NULL && count > 0))
        return MFK_EINVAL;
    rs = mfk_sim_record_size(s);
    for (c = 0; c < count; c++)
        for (i = 0; i < rs; i++)
            s->total[i] += records[c * rs + i];
    return MFK_OK;
}

int mfk_sim_clear(mfk_sim *s)
{
    if (s == NULL)
        return MFK_EINVAL;
    memset(s->total, 0, mfk_sim_record_size(s) * sizeof *s->total);
    return MFK_OK;
}

int mfk_sim_run(mfk_sim *s, u64 seed, u64 runs, unsigned threads)
{
    u64 chunks, c;
    double *rec;
    int rc = MFK_OK;

    if (s == NULL)
        return MFK_EINVAL;
    if (s->nrules == 0)
        return MFK_ESTATE;
    rec = mfk__malloc(&s->alloc,
                      STEP_CHUNKS * mfk_sim_record_size(s) * sizeof *rec);
    if (rec == NULL)
        return MFK_ENOMEM;
    mfk_sim_clear(s);
    chunks = (runs + MFK_SIM_CHUNK - 1) / MFK_SIM_CHUNK;
    for (c = 0; c < chunks && rc == MFK_OK; c += STEP_CHUNKS) {
        size_t count = chunks - c < STEP_CHUNKS ? (size_t)(chunks - c)
                                                : STEP_CHUNKS;
        rc = mfk_sim_run_chunks(s, seed, runs, c, count, threads, rec, NULL);
        if (rc == MFK_OK)
            rc = mfk_sim_merge(s, rec, count);
    }
    mfk__free(&s->alloc, rec);
    if (rc != MFK_OK)
        mfk_sim_clear(s);
    return rc;
}

/* ---- results ---------------------------------------------------------- */

int mfk_sim_stat(const mfk_sim *s, size_t rule, mfk_sim_stat_kind kind,
                 size_t index, double *value)
{
    const double *r;
    if (s == NULL || value == NULL || rule >= s->nrules)
        return MFK_EINVAL;
    r = s->total + rule * s->per_rule;
    switch (kind) {
    case MFK_SIM_RUNS:
        *value = r[OFF_RUNS];
        return MFK_OK;
    case MFK_SIM_OUTCOMES:
        if (index > MFK_OUTCOME_INADMISSIBLE)
            return MFK_ERANGE;
        *value = r[OFF_OUT + index];
        return MFK_OK;
    case MFK_SIM_ADOPTED:
        *value = r[OFF_ADOPTED];
        return MFK_OK;
    case MFK_SIM_ROUNDS:
        *value = r[OFF_ROUNDS];
        return MFK_OK;
    case MFK_SIM_ROUNDS_HELD:
        if (index > s->max_rounds)
            return MFK_ERANGE;
        *value = r[OFF_HIST + index];
        return MFK_OK;
    case MFK_SIM_MEMBER_ROUNDS:
        *value = r[OFF_MEMBER_ROUNDS];
        return MFK_OK;
    case MFK_SIM_PARTICIPANTS:
        *value = r[OFF_PART];
        return MFK_OK;
    case MFK_SIM_DISTANCE:
        *value = r[OFF_DIST];
        return MFK_OK;
    case MFK_SIM_DISTANCE_IDEAL:
        if (index >= s->n)
            return MFK_ERANGE;
        *value = r[OFF_HIST + s->max_rounds + 1 + s->n + index];
        return MFK_OK;
    case MFK_SIM_BLOCKING:
        if (index >= s->n)
            return MFK_ERANGE;
        *value = r[OFF_HIST + s->max_rounds + 1 + index];
        return MFK_OK;
    }
    return MFK_EINVAL;
}

int mfk_sim_adoption(const mfk_sim *s, size_t rule, double *share,
                     double *lo, double *hi)
{
    double runs, adopted, l, h;
    int rc;

    if (s == NULL || rule >= s->nrules)
        return MFK_EINVAL;
    mfk_sim_stat(s, rule, MFK_SIM_RUNS, 0, &runs);
    mfk_sim_stat(s, rule, MFK_SIM_ADOPTED, 0, &adopted);
    rc = mfk_wilson(adopted, runs, 1.959963984540054, &l, &h);
    if (rc != MFK_OK)
        return rc;
    if (share != NULL)
        *share = runs > 0 ? adopted / runs : 0;
    if (lo != NULL)
        *lo = l;
    if (hi != NULL)
        *hi = h;
    return MFK_OK;
}
