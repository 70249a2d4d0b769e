/* The model layer: bodies, proposals, rules and principles; not part of the API. */
#ifndef MUFAKAT_MODEL_PRIVATE_H
#define MUFAKAT_MODEL_PRIVATE_H

#include "core/core-private.h"

/* True when some member's externality, reservation, indifference,
 * support gain or absence is not its default. */
#define MFK__BODY_FULL_MODEL(b) ((b)->n_model > 0)

/* ---- body ------------------------------------------------------------ */

struct mfk__user_principle {
    char *name;
    mfk_mode mode;
    mfk_principle_fn check;
    void *ud;
};

/* A quorum: the members present (not silent) and the weight present that
 * a round needs before a rule that counts votes may adopt (0: none). */
struct mfk__quorum {
    unsigned members;
    double weight;
};

struct mfk_body {
    mfk_allocator alloc;
    char *name;
    unsigned dims;
    /* members, struct of arrays, roster order */
    size_t n, cap;
    char **id;
    char **mname;
    double *weight;
    double *tolerance;
    /* the behaviour model's other parameters (mufakat(3)): a member's
     * share of the text's effect felt when standing aside, its margin of
     * reservation and of indifference, its gain for support (0: none)
     * and its probability of going unheard in a simulation */
    double *externality, *reservation, *indifference, *support_gain;
    double *absence;
    /* how many members have one of those away from its default */
    size_t n_model;
    double *ideal;    /* cap * dims */
    double *salience; /* cap * dims */
    unsigned char *has_ideal;
    size_t n_ideal;
    /* observers */
    size_t nobs, obscap;
    char **obs_id;
    char **obs_name;
    int has_chair;
    size_t chair;
    /* settings */
    mfk_rule rule;
    struct mfk__quorum quorum;
    mfk_mode modes[MFK_PRINCIPLE_COUNT];
    unsigned flexible_pillars;
    unsigned max_rounds;
    mfk_fallback fallback;
    struct mfk__user_principle *up;
    size_t nup, upcap;
    /* proposals made on this body; while any live the roster is fixed */
    size_t users;
    /* every id, members' (2i) and observers' (2j + 1), for finding them */
    mfk__index ids;
    /* issues: the dimensions' names and scales, capability per member and
     * dimension (has_cap: its own, else its weight), and the order in
     * which each dimension's members are counted (NULL: the roster's) */
    char *dim_name[MFK_MAX_DIMS];
    double scale_lo[MFK_MAX_DIMS], scale_hi[MFK_MAX_DIMS];
    double *capability; /* cap * dims */
    unsigned char *has_cap;
    size_t *dim_order; /* dims * n, set by mfk__body_set_order */
};

/* Bounds on the numbers of a scenario, which its reader refuses beyond,
 * so that no distance or sum of weights overflows into a wrong verdict:
 * coordinates, saliences and tolerances of magnitude at most
 * MFK__MAX_COORD keep a salience-weighted squared distance in MFK_MAX_DIMS
 * dimensions finite (16 x 1e100 x (2e100)^2 < 1e303); weights of at most
 * MFK__MAX_WEIGHT keep the sum of MFK_MAX_MEMBERS of them below 2^53,
 * exact for integer weights. The setters take any finite number. */
#define MFK__MAX_COORD 1e100
#define MFK__MAX_WEIGHT 1e12
/* What mfk_body_set_weight() takes: weights of at most this keep the sum
 * of MFK_MAX_MEMBERS of them, and every share of it, finite, so that no
 * rule's verdict comes from an infinite sum (weights of 1e308 made a
 * unanimous weighted majority "short"). 2^1011 is about 2.19e304: 4096 of them are 2^1023. */
#define MFK__MAX_API_WEIGHT 0x1p1011

/* The order (n member indices) in which the members of dimension k are
 * counted by the predictions' sums: the rows of an exchange-model table. */
int mfk__body_set_order(mfk_body *body, unsigned k, const size_t *order);

/* ---- proposal -------------------------------------------------------- */

struct mfk__version {
    char *text;
    int has_position;
    double position[MFK_MAX_DIMS];
};

struct mfk_proposal {
    mfk_allocator alloc;
    mfk_body *body;
    char *id;
    char *title;
    mfk_pillar pillar;
    mfk_component component;
    int has_component; /* 0: none given, component the default */
    unsigned measures;
    unsigned char *roles; /* body->n at creation */
    int has_rule;
    mfk_rule rule;
    int has_quorum;
    struct mfk__quorum quorum;
    unsigned max_rounds; /* 0: the body's */
    int fallback;        /* MFK__FALLBACK_BODY: the body's */
    int has_status_quo;
    double status_quo[MFK_MAX_DIMS];
    size_t nver, vercap;
    struct mfk__version *ver; /* ver[nver - 1] is the current text */
};

/* A proposal's fallback when it has none of its own: the body's. */
#define MFK__FALLBACK_BODY (-1)

/* Drops every version after the first `keep` (at least 1). */
void mfk__proposal_truncate(mfk_proposal *prop, size_t keep);

/* Member i is a party to the proposal (NULL: none is). Inline, so that
 * rule.c, which proposal.c calls to check a rule, calls nothing back in
 * proposal.c. */
static inline int mfk__proposal_party(const mfk_proposal *p, size_t i)
{
    return p != NULL && i < p->body->n &&
           (p->roles[i] & MFK_ROLE_PARTY) != 0;
}

/* ---- rules ----------------------------------------------------------- */

/* The rules' table and the stances' (in favour, against ...). */
#include "model/tables.h"

/* Rule parameters are valid for a body of n members. */
int mfk__rule_check(const mfk_rule *rule);

/* The rule kinds a quorum applies to: those that count votes (majority,
 * qualified-majority, weighted). */
int mfk__rule_takes_quorum(mfk_rule_kind kind);
/* A quorum's weight is valid (finite, not negative): MFK_OK or
 * MFK_EINVAL. */
int mfk__quorum_check(double weight);
/* The proposal's quorum in force: its own, else its body's. */
const struct mfk__quorum *mfk__proposal_quorum(const mfk_proposal *p);
/* Round st meets quorum q; *present and *weight (each may be NULL) get
 * the members present and their weight. */
int mfk__quorum_met(const mfk_body *b, const unsigned char *st,
                    const struct mfk__quorum *q, size_t *present,
                    double *weight);
/* Turns *verdict to short when rule kind takes a quorum and round st does
 * not meet q: fewer members present, or less weight present, than it
 * needs. */
void mfk__quorum_apply(mfk_rule_kind kind, const struct mfk__quorum *q,
                       const mfk_body *b, const unsigned char *st,
                       mfk_verdict *verdict);

/* One round's stances, counted as the verdicts read them: members of each
 * class, and the weights of the classes that weighted rules read, each
 * summed in roster order as the stances stand (so every total is the one
 * a loop over the members would make). mfk__rule_apply() counts a round;
 * the simulator counts its members' stances itself and asks the same
 * verdict, outcome and participants of the same counts. */
struct mfk__count {
    size_t n;           /* members */
    size_t favour;      /* in favour */
    size_t against;     /* against (standing aside too) */
    size_t object;      /* objecting */
    size_t not_ready;   /* standing aside */
    size_t reservation; /* in favour with a reservation */
    size_t silent;      /* not heard */
    size_t present;     /* heard */
    size_t takes_part;  /* would take part under flexible */
    size_t parties;     /* parties to the proposal */
    size_t parties_against;
    /* with weights only (mfk__rule_reads_weights()), else 0 */
    double w_favour, w_present, w_voting, w_total;
};

/* Adds k members of the stance to *c (not to the parties or weights). */
void mfk__count_add(struct mfk__count *c, unsigned char stance, size_t k);

/* The rule's verdict reads the members' weights. */
int mfk__rule_reads_weights(const mfk_rule *rule);

/* The verdict of a checked rule on a round counted in *count: MFK_OK and
 * *verdict, or MFK_EINVAL for a program's own rule, whose verdict only
 * the program gives (mfk_rule_apply() asks it). The one verdict of every
 * rule: mfk_rule_apply() and the simulator both take it. */
int mfk__rule_verdict(const mfk_rule *rule, const struct mfk__count *count,
                      mfk_verdict *verdict);

/* mfk_rule_apply() that also counts the round into *count. */
int mfk__rule_apply(const mfk_rule *rule, const mfk_body *body,
                    const mfk_proposal *proposal, const unsigned char *st,
                    unsigned char *flags, mfk_verdict *verdict,
                    struct mfk__count *count);

/* The contract's shares and quotas are numbers as written (0.55, 0.7),
 * and its arithmetic is that of those numbers: 55 of 100 is 55%, ten
 * weights of 0.1 make a quota of 1. In binary 0.55 * 100 is
 * 55.000000000000007 and 0.7 * 90 is 62.999999999999993, so two amounts
 * that differ by less than 10^-12 of their size (far more than the
 * rounding of sums of up to MFK_MAX_MEMBERS weights) are taken as
 * equal: by the rules' verdicts and by the games of power.c alike. */
#define MFK__REL_EPS 1e-12

static inline int mfk__same_amount(double x, double y)
{
    double scale = fabs(x) > fabs(y) ? fabs(x) : fabs(y);
    return fabs(x - y) <= MFK__REL_EPS * (scale > 1 ? scale : 1);
}

/* ---- principles ------------------------------------------------------ */

/* The admissibility checks; violation slots get members marked (one byte
 * per member, slot-major: (MFK_PRINCIPLE_COUNT + nup) * n) and present[]
 * set for every principle broken in enforce or report. */
int mfk__admissibility(const mfk_body *body, const mfk_proposal *prop,
                       unsigned char *members, unsigned char *present,
                       int *admissible);

#endif
