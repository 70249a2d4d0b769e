/* The model layer: bodies, proposals, rules and principles; not part of the API. */
#ifndef MUFAKAT_MODEL_PRIVATE_H
#define MUFAKAT_MODEL_PRIVATE_H

#include "core/core-private.h"

/* ---- body ------------------------------------------------------------ */

struct mfk__user_principle {
    char *name;
    mfk_mode mode;
    mfk_principle_fn check;
    void *ud;
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
    mfk_mode modes[MFK_PRINCIPLE_COUNT];
    unsigned flexible_pillars;
    unsigned max_rounds;
    mfk_fallback fallback;
    struct mfk__user_principle *up;
    size_t nup, upcap;
    /* proposals made on this body; while any live the roster is fixed */
    size_t users;
};

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
    unsigned measures;
    unsigned char *roles; /* body->n at creation */
    int has_rule;
    mfk_rule rule;
    unsigned max_rounds; /* 0: the body's */
    int fallback;        /* -1: the body's */
    int has_status_quo;
    double status_quo[MFK_MAX_DIMS];
    size_t nver, vercap;
    struct mfk__version *ver; /* ver[nver - 1] is the current text */
};

/* Drops every version after the first `keep` (at least 1). */
void mfk__proposal_truncate(mfk_proposal *prop, size_t keep);

/* ---- rules ----------------------------------------------------------- */

static inline int mfk__in_favour(unsigned char s)
{
    return s <= MFK_RESERVATION;
}

/* Rule parameters are valid for a body of n members. */
int mfk__rule_check(const mfk_rule *rule);

/* ---- principles ------------------------------------------------------ */

/* The admissibility checks; violation slots get members marked (one byte
 * per member, slot-major: (MFK_PRINCIPLE_COUNT + nup) * n) and present[]
 * set for every principle broken in enforce or report. */
int mfk__admissibility(const mfk_body *body, const mfk_proposal *prop,
                       unsigned char *members, unsigned char *present,
                       int *admissible);

#endif
