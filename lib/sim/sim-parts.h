/* The simulator's parts and what they share: the simulation, its workers
 * (one a thread, with a body, proposal and consultation of its own),
 * the tables of the engine's decisions, the tallies of a chunk, the sets
 * of members, the runs drawn four at a time. Not part of the API.
 *
 *   threads.c     chunks of runs on threads
 *   params.c      the simulation's parameters by name, its size
 *   sim.c         the simulation, its settings and its results
 *   workers.c     the workers and their copies of the body
 *   run.c         a chunk's runs: each run drawn, consulted under every
 *                 rule (the fast path: the engine's round tabulated) and
 *                 tallied; one file, so that the compiler takes the
 *                 inner loop whole
 *   run-full.c    the fast path's consultation under the full model
 *                 (absence, standing aside, abstention, reservation,
 *                 support), for run.c's loop
 *   fast-chair.c  the default Chair's search in one dimension, fast:
 *                 its choice from the run's estimate where that decides
 *                 (pick-near.h, in each kernel), else the run's ends
 *   engine-run.c  one consultation through the engine (consult.c)
 *   draw.c        drawing a run: ideal points, status quo, proposal
 *
 * Each calls only parts below it in this list. */
#ifndef MUFAKAT_SIM_PARTS_H
#define MUFAKAT_SIM_PARTS_H

#include "sim/sim-private.h"
#include "sim/kernel.h"

#include <math.h>
#include <stdint.h>
#include <string.h>

typedef unsigned long long u64;

#define MAX_BLOCS 64
#define MAX_THREADS 256
/* Chunks per step of mfk_sim_run() at least, and the records' bytes a
 * step may take beyond that (threads.c). */
#define STEP_CHUNKS 256
#define STEP_BYTES ((size_t)4 << 20)

/* What the fast Chair returns when it cannot decide and the engine's own
 * Chair must (mfk__sim_fast_chair). */
#define CHAIR_ASK_ENGINE (MFK_DONE + 1)
/* What the fast Chair's choice from the estimates alone returns when the
 * run's exact ends must decide (mfk__sim_fast_chair_est). */
#define CHAIR_ASK_EXACT (MFK_DONE + 2)

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

/* What the fast Chair reads of the members' objections (fast-chair.c):
 * each member's reach, the real-number estimate of the run and its
 * scale, and the run once found. Under flexible a member objects where
 * also externality x L > tolerance, so the full model keeps a second
 * view for flexible rules, which run-full.c swaps in. */
struct chair_view {
    double *reach;
    double lo_est, hi_est, scale, run_lo, run_hi;
    int est_ready, run_ready, run_ok;
};

/* Rounds of a run whose stances and Chair's moves the full model's fast
 * path keeps for the rules that follow (struct full_round). */
#define FULL_ROUNDS 16

/* How many members took each stance in a round: where the rules' memo
 * is kept (fewer than 255 members), the count of stance v in bits 8v ..
 * 8v + 7 of key, as the kernel's stances_1d() gives them; else in h. */
struct full_counts {
    u64 key;
    size_t h[MFK_STANCE_COUNT];
};

/* What one round at one position came to under the full model, for
 * every rule of a run that holds that round there: the stances (and
 * their counts) at pos, and the Chair's answer after it (chair_rc, 0
 * when not asked yet, else the code + 1, and the text it moved to). One
 * set for the rules under flexible, one for the others. */
struct full_round {
    double pos[MFK_MAX_DIMS], moved[MFK_MAX_DIMS];
    struct full_counts c;
    unsigned ready;     /* the run's stamp when it is this run's */
    int chair_rc;
};

/* A rule's route under the full model: decided by the counts of each
 * stance (no member a party, no weight read); its quorum may fail. */
#define FULL_BY_COUNTS 1
#define FULL_QUORUM 2

/* What the full model's fast path keeps of a run (run-full.c). */
struct full_state {
    struct full_memo *memo; /* nrules x FULL_MEMO; NULL: n > 255 */
    unsigned stamp;       /* this run's, for round[][].ready */
    double *dq;           /* n: d_i(status quo) */
    unsigned char *st;    /* 2 x FULL_ROUNDS x n: the rounds' stances */
    unsigned char *st2;   /* 2n: stances and flags, to ask the rule */
    u64 *absent;          /* max_rounds * words: who is unheard, by round */
    unsigned drawn;       /* rounds of absence drawn in this run */
    size_t *away;         /* naway: the members whose absence is not 0 */
    u64 *athr;            /* naway: their thresholds (absent_in()) */
    size_t naway;
    double *tq;           /* n: tolerance_i / externality_i, as the
                           * flexible estimate adds it (flex_estimate()) */
    unsigned char *rflags; /* nrules: FULL_BY_COUNTS, FULL_QUORUM */
    struct full_round round[2][FULL_ROUNDS];
    int no_parties;       /* the worker's proposal has no parties */
    int flex_view;        /* 0: not made in this run; 2: its estimate
                           * made; 1: and its reaches; -1: the engine's
                           * Chair decides under flexible */
    mfk_rng arng;         /* the run's absence stream (absence_stream()) */
    struct mfk__stance_params sp; /* the stance kernel's, in this run */
    struct chair_view flex; /* the flexible view, while not swapped in */
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
    u64 *pairs;          /* each pair of rules' runs adopted by both, the
                          * first only, the second only (sim_pairs) */
    u64 *adopt;          /* nrules: whether each rule adopted in this run */
    size_t tally_size;   /* u64 a rule: see struct tally */
    unsigned char *st;   /* n: stances, for mfk_rule_apply */
    unsigned char *fl;   /* n: flags */
    size_t *near;        /* n: members whose run ends near the Chair's */
    int chair_1d;        /* the fast 1-D Chair applies (fast-chair.c) */
    int unit;            /* every salience is 1 */
    size_t last_objector; /* where anyone_objects() starts */
    int sq_set;          /* the proposal has this run's status quo */
    int est_ready;       /* lo_est, hi_est and scale are this run's */
    int run_ready;       /* run_lo, run_hi are this run's (fast-chair.c) */
    int run_ok;          /* ... and found; else the engine decides */
    double run_lo, run_hi;
    double lo_est, hi_est, scale; /* see estimates() */
    double xmax;         /* the largest |x_i|, with the estimates */
    mfk_rng brng;        /* the behaviour's stream in the current run */
    mfk_rng arng;        /* the absence stream in the current run */
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
    struct full_state full; /* the full model's fast path (run-full.c) */
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

/* The engine's decisions of rounds by the counts of each stance, for
 * each rule, as the full model's fast path has asked them (a table of
 * FULL_MEMO places a rule, by a hash of the counts). */
#define FULL_MEMO_BITS 10
#define FULL_MEMO (1 << FULL_MEMO_BITS)
struct full_memo {
    u64 key;            /* the counts, 8 bits each, plus 1; 0: empty */
    struct fast_row row;
    /* Where the round does not adopt: bit s set when the members of
     * stance s are blockers (the flags read by stance, which they are
     * where no member is a party); blocks_known: 1 known, 2 they differ
     * within a stance and the rule's flags must say. */
    unsigned char blocks, blocks_known;
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
    mfk_sim_stance_fn stance_fn; /* a researcher's own model; NULL: ours */
    void *stance_ud;
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
    int engine_only; /* no fast path (a test hook's, mufakat-test.h) */
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

/* Run l of the four the kernel's draw4() drew, as mfk__sim_draw_run()
 * gives it: the proposer by mfk__rng_below(), from the output drawn for
 * it. Returns the run's stream as it stands after the draw. */
static inline mfk_rng *take_lane(struct mfk__worker *w, int l, size_t n,
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

/* The double next to finite y, upward (dir > 0) or downward: its bits
 * step by one, as the doubles are ordered (zero has two encodings and
 * steps through both, which changes nothing below). */
static inline double step_double(double y, int dir)
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

/* Sets of members, 64 to a word. */
static inline unsigned popcount64(u64 x)
{
    x = x - ((x >> 1) & 0x5555555555555555ULL);
    x = (x & 0x3333333333333333ULL) + ((x >> 2) & 0x3333333333333333ULL);
    x = (x + (x >> 4)) & 0x0f0f0f0f0f0f0f0fULL;
    return (unsigned)((x * 0x0101010101010101ULL) >> 56);
}

static inline size_t set_count(const u64 *set, size_t words)
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
static inline size_t set_first(const u64 *set)
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

static inline struct tally *tally_of(const struct mfk__worker *w, size_t rule)
{
    return (struct tally *)(void *)((u64 *)(void *)w->tally +
                                    rule * w->tally_size);
}

/* The pairs of rules, i < j, in the order (0, 1), (0, 2) ... (1, 2) ...:
 * a chunk's record holds three counts for each after the rules' totals
 * (OFF_PAIRS). */
static inline size_t sim_pairs(const mfk_sim *s)
{
    return s->nrules * (s->nrules - (s->nrules > 0)) / 2;
}

/* Doubles in a chunk's record: each rule's totals, then the pairs'. */
static inline size_t sim_record_size(const mfk_sim *s)
{
    return s->nrules * s->per_rule + 3 * sim_pairs(s);
}

/* The default Chair in one dimension leaves the text where it is, as
 * the estimate of its run shows (w->est_ready): a run no wider than
 * MFK__RUN_MIN of the scale leaves it there (mfk__chair_pick_1d). The
 * exact run is within far less than 2^-45 of the scale of the estimate
 * at each end, so where the estimate is narrower by that much, so is
 * the run, and nothing more need be looked at: the common case, members
 * on both sides, which the fast path settles without a call. */
static inline int run_shut(double lo, double hi, double scale)
{
    return scale >= 0x1p-900 && hi - lo <= scale * (MFK__RUN_MIN - 0x1p-45);
}

static inline int chair_run_shut(const struct mfk__worker *w)
{
    return run_shut(w->lo_est, w->hi_est, w->scale);
}

/* The absence stream of a run, seeded from the run's stream as the draw
 * left it, so that the run's other draws are the same whatever the
 * members' absence, and every rule of a run hears the same: the engine's
 * route (engine-run.c) and the fast path (run-full.c) both seed it so. */
static inline void absence_stream(mfk_rng *a, const mfk_rng *run)
{
    const u64 *q = run->s;
    u64 x = q[0] ^ mfk__rotl(q[1], 16) ^ mfk__rotl(q[2], 32) ^
            mfk__rotl(q[3], 48);
    mfk__rng_seed_stream(a, mfk__rng_seed_mix(x), 1ULL << 63);
}

/* ---- what each part gives the others ------------------------------- */

/* sim.c: the totals laid out again for the rules, rounds and members in
 * force (cleared), the workers let go. */
int mfk__sim_relayout(mfk_sim *s);

/* workers.c: a copy of the body with its members and settings (max_rounds
 * when not 0); the workers let go; at least `count` workers made. */
int mfk__sim_copy_body(mfk_body **out, const mfk_body *src, unsigned rounds,
                       const mfk_allocator *alloc);
void mfk__sim_free_workers(mfk_sim *s);
int mfk__sim_ensure_workers(mfk_sim *s, size_t count);

/* run.c: the rules' tables of the engine's decisions, freed and built;
 * chunk `chunk` of `runs` runs from the seed, into its record rec (and
 * the trace, when not NULL). */
void mfk__sim_free_fast(mfk_sim *s);
int mfk__sim_build_fast(mfk_sim *s);
int mfk__sim_one_chunk(struct mfk__worker *w, u64 seed, u64 runs,
                       u64 chunk, double *rec, double *trace);

/* run-full.c: the full model's state made and let go with the worker;
 * what every rule's consultation of a run shares (after first_round(),
 * rng the run's stream after its draw); one consultation by the fast
 * path under the full model. */
int mfk__sim_full_init(struct mfk__worker *w);
void mfk__sim_full_free(mfk_sim *s, struct mfk__worker *w);
void mfk__sim_full_start(struct mfk__worker *w, const mfk_rng *rng);
int mfk__sim_full_consult(struct mfk__worker *w, size_t rule,
                          struct result *res);

/* fast-chair.c: the default Chair's next text in one dimension, into
 * pos, given the objectors obj: MFK_OK, MFK_DONE (the text stays), or
 * CHAIR_ASK_ENGINE. */
int mfk__sim_fast_chair(struct mfk__worker *w, const u64 *obj, double *pos);

/* fast-chair.c: the same choice from the estimate [lo, hi] of the run
 * alone (the worker's or the flexible view's, and its scale), in one
 * dimension with every salience 1, where the run's ends known within
 * rounding of it decide it (MFK_DONE too where it shows the run shut);
 * else CHAIR_ASK_EXACT, and mfk__sim_fast_chair() must find them. */
int mfk__sim_fast_chair_est(const struct mfk__worker *w, double lo,
                            double hi, double scale, double *pos);

/* engine-run.c: the engine's own Chair on the worker's proposal at pos,
 * which it moves; one consultation through the engine. */
int mfk__sim_engine_chair(struct mfk__worker *w, unsigned round,
                          double *pos);
int mfk__sim_engine_consult(struct mfk__worker *w, const mfk_rule *r,
                            struct result *res);

/* draw.c: run `run` drawn into ideal, sq and pos, the run's stream after
 * it in *rng. */
void mfk__sim_draw_run(const mfk_sim *s, u64 mix, u64 run, double *ideal,
                       double *sq, double *pos, mfk_rng *rng);

#endif
